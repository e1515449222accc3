//! One exercise entry: a library id (with overrides) or a custom exercise, its dosage, its
//! picture and its video link.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{did_you_mean, Error, Location, Warning};
use crate::fonts::FontSet;
use crate::i18n::Language;
use crate::load::raw;
use crate::load::{Seg, Source};
use crate::model::dosage::{count, seconds, MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS};
use crate::model::picture::{VectorArt, EXERCISE_PICTURE_BOX};
use crate::model::{Dosage, Exercise, Frequency, Library, Link, Picture, PictureRef, Qr, Sides};

use super::checks::{self, Findings, Place};
use super::{picture, Cache, MAX_STEPS};

/// What every entry of one prescription is resolved against.
pub(crate) struct Wanted<'a> {
    pub library: &'a Library,
    pub language: &'a Language,
    pub fonts: &'a FontSet,
    /// The prescription's folder, where relative paths start.
    pub base: &'a Path,
    pub source: &'a Source,
}

/// Entry `index` of the prescription's `exercises:`; `None` when it has problems (kept in `f`).
pub(crate) fn resolve(cache: &Cache, w: &Wanted, index: usize, entry: &raw::ExerciseEntry, f: &mut Findings) -> Option<Exercise> {
    let before = f.problems.len();
    let path = |field: Option<&'static str>| {
        let mut p = vec![Seg::Key("exercises"), Seg::Index(index)];
        p.extend(field.map(Seg::Key));
        p
    };
    // Locations are found only when an error needs one (finding one re-reads the YAML).
    let here = |field: Option<&'static str>| checks::locate(w.source, &path(field));
    let bare;
    let (spec, id_field) = match entry {
        raw::ExerciseEntry::Id(id) => {
            bare = raw::ExerciseSpec { id: Some(id.clone()), ..raw::ExerciseSpec::default() };
            (&bare, None)
        }
        raw::ExerciseEntry::Spec(spec) => (spec.as_ref(), Some("id")),
    };
    let from = match &spec.id {
        Some(id) => match w.library.get(id.trim()) {
            Some(e) => Some(e),
            None => {
                f.problem(w.library.unknown(id).at(here(id_field)));
                return None;
            }
        },
        None => None,
    };
    // The library's text in the handout's language, where it has one.
    let translated = from.and_then(|e| w.language.file.library.as_ref().and_then(|l| l.exercises.get(&e.id)));
    if let (Some(e), None, false) = (from, translated, w.language.code == "en") {
        f.warn(
            Warning::new(format!("exercise `{}` has no {} text; it is printed as written in the library", e.id, w.language.file.language))
                .at(Some(here(None))),
        );
    }
    let name = match (&spec.name, from) {
        (Some(n), _) => n.clone(),
        (None, Some(e)) => translated.map_or_else(|| e.name.clone(), |t| t.name.clone()),
        (None, None) => {
            f.problem(
                Error::input("this exercise has neither `id:` nor `name:`")
                    .at(here(None))
                    .hint("give `id:` for a library exercise, or `name:` and `steps:` for your own"),
            );
            return None;
        }
    };
    if name.trim().is_empty() {
        f.problem(Error::input("the exercise name is empty").at(here(Some("name"))));
        return None;
    }
    let steps = match (&spec.steps, from) {
        (Some(s), _) => s.clone(),
        (None, Some(e)) => translated.map_or_else(|| e.steps.clone(), |t| t.steps.clone()),
        (None, None) => {
            f.problem(
                Error::input(format!("exercise `{name}` has no steps"))
                    .at(here(None))
                    .hint("a custom exercise needs `steps:`, a list of short instructions"),
            );
            Vec::new()
        }
    };
    if spec.steps.is_some() && (steps.is_empty() || steps.iter().all(|s| s.trim().is_empty())) {
        f.problem(
            Error::input(format!("exercise `{name}` has an empty list of steps"))
                .at(here(Some("steps")))
                .hint("give at least one step, for example `steps: [Lie on your back.]`"),
        );
    }
    if steps.len() > MAX_STEPS {
        f.problem(
            Error::input(format!("exercise `{name}` has {} steps; at most {MAX_STEPS} fit on a card", steps.len()))
                .at(here(Some("steps")))
                .hint("join short steps together, or split the exercise into two"),
        );
    }
    let base_dosage = from.map(|e| e.dosage.clone()).unwrap_or_default();
    let dosage = dosage(&spec.dosage(), base_dosage, &|field| here(Some(field)), f);
    let picture = match &spec.image {
        Some(p) => picture_for(cache, Some(&PictureRef::File(w.base.join(p))), &|| here(Some("image")), f),
        None => picture_for(cache, from.and_then(|e| e.image.as_ref()), &|| here(None), f),
    };
    if picture.is_none() && f.problems.len() == before {
        f.warn(Warning::new(format!("exercise `{name}` has no illustration; its text will use the full card width")).at(Some(here(None))));
    }
    let video = spec
        .video
        .as_ref()
        .and_then(|url| link(cache, url, "video link", "write the video link like https://www.example.com/video", here(Some("video")), f));
    let position =
        spec.position.clone().or_else(|| from.and_then(|e| translated.map_or_else(|| e.position.clone(), |t| t.position.clone())));
    let library_cautions = from.map(|e| translated.map_or_else(|| e.cautions.clone(), |t| t.cautions.clone()));
    let cautions = spec.cautions.clone().or(library_cautions).unwrap_or_default();
    // What the picture shows, for screen readers: the prescription's words; for a library
    // picture the library's (in the handout's language); else, for a picture of the clinic's
    // own, the exercise's name and start position, with a warning.
    let library_alt = match &spec.image {
        Some(_) => None,
        None => from.and_then(|e| translated.and_then(|t| t.alt.clone()).or_else(|| e.alt.clone())),
    };
    let alt = match spec.alt.clone().or(library_alt) {
        Some(alt) => alt,
        None => {
            if picture.is_some() {
                f.warn(
                    Warning::new(format!(
                        "the picture of exercise `{name}` has no description for screen readers; its name and start position are used (add `alt:` with one sentence saying what it shows)"
                    ))
                    .at(Some(here(Some("image")))),
                );
            }
            match &position {
                Some(p) => format!("{name}: {p}"),
                None => name.clone(),
            }
        }
    };
    let limbs = match &spec.limbs {
        Some(l) => f.keep(super::library::limbs(l).map_err(|e| e.at(here(Some("limbs"))))),
        None => from.and_then(|e| e.limbs),
    };

    // Every piece of text on the card, each at its own place and with its own number.
    let n = index + 1;
    let text = |f: &mut Findings, what: String, value: &str, at: Vec<Seg>| {
        let place = Place::Yaml(w.source, at);
        if let Err(e) = checks::text(w.fonts, &what, value, false) {
            f.problem(place.blame(e));
        }
    };
    let item = |field: &'static str, j: usize| {
        let mut p = path(Some(field));
        p.push(Seg::Index(j));
        p
    };
    text(f, format!("the name of exercise {n}"), &name, path(Some("name")));
    for (j, s) in steps.iter().enumerate() {
        text(f, format!("step {} of exercise {n}", j + 1), s, item("steps", j));
    }
    if let Some(notes) = &spec.notes {
        text(f, format!("the `notes:` of exercise {n}"), notes, path(Some("notes")));
    }
    for (j, c) in cautions.iter().enumerate() {
        text(f, format!("caution {} of exercise {n}", j + 1), c, item("cautions", j));
    }
    if let Some(p) = &position {
        text(f, format!("the `position:` of exercise {n}"), p, path(Some("position")));
    }
    text(f, format!("the `alt:` of exercise {n}"), &alt, path(Some("alt")));
    if f.problems.len() > before {
        return None;
    }
    Some(Exercise {
        id: from.map(|e| e.id.clone()),
        name,
        position,
        steps,
        dosage,
        notes: spec.notes.clone(),
        cautions,
        picture,
        video,
        limbs,
        alt,
    })
}

/// A web address that prints as a QR code: checked, then encoded (once per cache).
/// `what` names the link in messages ("video link"); `hint` says how to write one.
pub(crate) fn link(cache: &Cache, url: &str, what: &str, hint: &str, at: Location, f: &mut Findings) -> Option<Link> {
    if let Err(why) = checks::url(url) {
        f.problem(Error::input(format!("`{url}` is not a web address: {why}")).at(at).hint(hint));
        return None;
    }
    let qr = cache.qr_codes.get_or_make(&url.to_string(), || Qr::encode(url).map(Arc::new).ok_or(()), |q| 64 + q.dark.len());
    match qr {
        Ok(qr) => Some(Link { url: url.to_string(), qr }),
        Err(()) => {
            f.problem(
                Error::input(format!(
                    "the {what} is {} characters long; a QR code can hold at most {}",
                    url.len(),
                    crate::model::qr::MAX_QR_BYTES
                ))
                .at(at)
                .hint("use a shorter link to the same page (most video sites offer a short share link)"),
            );
            None
        }
    }
}

/// The picture `r` refers to, decoded once per cache; warnings are repeated for every handout.
pub(crate) fn picture_for(
    cache: &Cache,
    r: Option<&PictureRef>,
    location: &dyn Fn() -> Location,
    f: &mut Findings,
) -> Option<Arc<Picture>> {
    let r = r?;
    if let PictureRef::File(p) = r {
        f.read(crate::model::Role::Picture, p);
    }
    let made = cache.pictures.get_or_make(
        r,
        || {
            let location = location();
            // A built-in SVG was converted to shapes when the binary was built.
            if let PictureRef::Builtin(p) = r {
                if let Some((shapes, form)) = crate::assets::vector(p) {
                    if let Some(art) = super::svg::decode(shapes) {
                        let art = VectorArt { form: Some(form), ..art };
                        return Ok(Arc::new((Arc::new(Picture::Vector(art)), Vec::new())));
                    }
                }
            }
            let (path, bytes): (PathBuf, Vec<u8>) = match r {
                PictureRef::Builtin(p) => {
                    let bytes = crate::assets::image(p)
                        .ok_or_else(|| Error::input(format!("the built-in picture `{p}` does not exist")).at(location.clone()))?;
                    (PathBuf::from(p), bytes.to_vec())
                }
                PictureRef::File(p) => (p.clone(), checks::read_file(p, "picture", &location)?),
            };
            let mut w = Vec::new();
            let pic = picture::decode(&path, &bytes, EXERCISE_PICTURE_BOX, &mut w).map_err(|e| e.at(location))?;
            Ok(Arc::new((Arc::new(pic), w)))
        },
        |entry| entry.0.bytes(),
    );
    let entry = f.keep(made)?;
    f.warnings.extend(entry.1.iter().cloned());
    Some(entry.0.clone())
}

/// Applies the dosage written in `raw` on top of `base`, checking every value; bad values are
/// kept in `f` and leave `base`'s value.
pub(crate) fn dosage(raw: &raw::Dosage, base: Dosage, at: &dyn Fn(&'static str) -> Location, f: &mut Findings) -> Dosage {
    let mut d = base;
    if let Some(v) = &raw.hold {
        d.hold = f.keep(seconds(&v.0, 1, MAX_HOLD_SECONDS).map_err(|why| bad_value("hold", &v.0, why, at("hold")))).or(d.hold);
    }
    if let Some(v) = &raw.rest {
        d.rest = f.keep(seconds(&v.0, 1, MAX_HOLD_SECONDS).map_err(|why| bad_value("rest", &v.0, why, at("rest")))).or(d.rest);
    }
    if let Some(v) = &raw.reps {
        d.reps = f.keep(count(&v.0, MAX_REPS).map_err(|why| bad_value("reps", &v.0, why, at("reps")))).or(d.reps);
    }
    if let Some(v) = &raw.sets {
        d.sets = f.keep(count(&v.0, MAX_SETS).map_err(|why| bad_value("sets", &v.0, why, at("sets")))).or(d.sets);
    }
    if let Some(v) = &raw.sides {
        match Sides::parse(v) {
            Some(s) => d.sides = s,
            None => {
                let err = Error::input(format!("`{v}` is not a value for sides")).at(at("sides"));
                f.problem(match did_you_mean(v, Sides::NAMES) {
                    Some(c) => err.hint(format!("did you mean `{c}`? accepted: each, both, none")),
                    None => err.hint("accepted: each (one side then the other), both (both together), none"),
                });
            }
        }
    }
    if let Some(v) = &raw.frequency {
        match Frequency::parse(v) {
            Some(q) => d.frequency = Some(q),
            None => {
                let err = Error::input(format!("`{v}` is not a value for frequency")).at(at("frequency"));
                f.problem(match did_you_mean(v, Frequency::NAMES) {
                    Some(c) => err.hint(format!("did you mean `{c}`? accepted: {}", Frequency::NAMES.join(", "))),
                    None => err.hint(format!("accepted: {}", Frequency::NAMES.join(", "))),
                });
            }
        }
    }
    d
}

fn bad_value(field: &str, value: &str, why: String, location: Location) -> Error {
    let example = match field {
        "hold" | "rest" => "for example `30s`, `1 min` or `8-10s`",
        "reps" => "for example `10` or `8-12`",
        _ => "for example `3`",
    };
    Error::input(format!("`{value}` is not a valid value for {field}: {why}")).at(location).hint(format!("write it as a number, {example}"))
}
