//! Raw input → `Handout`: look up exercises, apply defaults and overrides, check every value,
//! decode pictures and fonts. Work that does not depend on the patient (the library, brands,
//! pictures, fonts) is cached in the `Loader`, so a batch does it once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::{did_you_mean, Error, Location, Result, Warning};
use crate::fonts::{Face, FontSet};
use crate::handout::{Amount, Brand, Date, Dosage, Exercise, Frequency, Handout, LayoutMode, Paper, Rgb, SeekHelp, Sides, Style};
use crate::i18n::Language;
use crate::library::{Library, PictureRef};
use crate::picture::{self, Picture, PrintBox};
use crate::raw;
use crate::yaml::{self, Seg, Source};

/// The largest box an exercise picture prints in (large print included).
pub const EXERCISE_PICTURE_BOX: PrintBox = PrintBox { width_mm: 80.0, height_mm: 55.0 };
/// The largest box a logo prints in.
pub const LOGO_BOX: PrintBox = PrintBox { width_mm: 45.0, height_mm: 22.0 };

pub const MAX_LOG_DAYS: u32 = 42;
pub const MAX_HOLD_SECONDS: u32 = 600;
pub const MAX_REPS: u32 = 100;
pub const MAX_SETS: u32 = 20;
pub const MAX_EXERCISES: usize = 200;
pub const MAX_STEPS: usize = 12;
pub const MAX_TEXT_CHARS: usize = 2_000;

/// A decoded picture and the warnings decoding it gave (repeated for every handout using it).
type CachedPicture = (Arc<Picture>, Vec<Warning>);
type Cached<T> = Mutex<HashMap<PathBuf, Arc<(T, Vec<Warning>)>>>;

/// Everything a handout is made from that is shared between handouts. Cheap to share across
/// threads; caches are filled on first use.
pub struct Loader {
    fonts: Arc<FontSet>,
    library: Arc<Library>,
    pictures: Mutex<HashMap<PictureRef, CachedPicture>>,
    brands: Cached<Brand>,
    libraries: Cached<Arc<Library>>,
}

impl Loader {
    /// A loader with the built-in library and fonts.
    pub fn new() -> Result<Self> {
        Ok(Loader {
            fonts: FontSet::builtin(),
            library: Arc::new(Library::builtin()?),
            pictures: Mutex::default(),
            brands: Mutex::default(),
            libraries: Mutex::default(),
        })
    }

    /// Adds (or replaces by id) exercises from a library file given on the command line.
    pub fn with_library(mut self, path: &Path) -> Result<Self> {
        self.library = Arc::new(self.library.extended_by(Library::read(path)?));
        Ok(self)
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Reads and resolves a prescription file.
    pub fn load(&self, path: &Path) -> Result<(Handout, Vec<Warning>)> {
        self.load_with(path, &|_| {})
    }

    /// Reads a prescription file, lets `adjust` change it (command-line overrides), resolves it.
    pub fn load_with(&self, path: &Path, adjust: &dyn Fn(&mut raw::Prescription)) -> Result<(Handout, Vec<Warning>)> {
        let source = Source::read(path)?;
        let mut raw: raw::Prescription = yaml::parse(&source)?;
        adjust(&mut raw);
        self.resolve(&source, raw)
    }

    /// Resolves an already-parsed prescription; `source` is used for error locations and to
    /// resolve relative paths.
    pub fn resolve(&self, source: &Source, raw: raw::Prescription) -> Result<(Handout, Vec<Warning>)> {
        self.resolve_at(source, raw, 0)
    }

    /// `resolve` for a prescription whose exercise list is a slice of the file's, starting at
    /// entry `first` (so `check` can test entries one by one and still point at the right line).
    pub fn resolve_at(&self, source: &Source, raw: raw::Prescription, first: usize) -> Result<(Handout, Vec<Warning>)> {
        let mut warnings = Vec::new();
        let base = source.path.parent().unwrap_or(Path::new("")).to_path_buf();
        let at = |path: &[Seg]| source.locate(path);

        let library = match &raw.library {
            Some(p) => {
                let path = base.join(p);
                if !path.is_file() {
                    return Err(missing_file("library file", &path, at(&[Seg::Key("library")])));
                }
                self.cached(&self.libraries, &path, |path| Ok((Arc::new(self.library.extended_by(Library::read(path)?)), Vec::new())))
                    .map_err(|e| e.in_file(&source.path))?
                    .0
                    .clone()
            }
            None => self.library.clone(),
        };

        let brand = match &raw.brand {
            None => Brand::neutral(self.fonts.clone()),
            Some(raw::BrandRef::File(p)) => {
                let path = base.join(p);
                if !path.is_file() {
                    return Err(missing_file("brand file", &path, at(&[Seg::Key("brand")])));
                }
                let cached = self.cached(&self.brands, &path, |path| {
                    let brand_source = Source::read(path)?;
                    let raw_brand: raw::Brand = yaml::parse(&brand_source)?;
                    let mut w = Vec::new();
                    let b = self.brand(&brand_source, &raw_brand, &[], &mut w)?;
                    Ok((b, w))
                })?;
                warnings.extend(cached.1.iter().cloned());
                cached.0.clone()
            }
            Some(raw::BrandRef::Inline(b)) => self.brand(source, b, &[Seg::Key("brand")], &mut warnings)?,
        };

        let language = match &raw.language {
            None => Language::english(),
            Some(code) => Language::get(code).map_err(|e| e.at(at(&[Seg::Key("language")])))?,
        };
        let layout_mode = match raw.layout.as_deref().map(|l| l.trim().to_lowercase()) {
            None => LayoutMode::List,
            Some(l) if l == "list" => LayoutMode::List,
            Some(l) if l == "compact" => LayoutMode::Compact,
            Some(other) => {
                return Err(Error::input(format!("unknown layout `{other}`"))
                    .at(at(&[Seg::Key("layout")]))
                    .hint("accepted: list (one exercise per row), compact (two per row)"))
            }
        };
        let log_days = match &raw.log {
            None => None,
            Some(v) => Some(count(&v.0, MAX_LOG_DAYS).map(|a| a.max).map_err(|why| {
                Error::input(format!("`{}` is not a valid value for log: {why}", v.0))
                    .at(at(&[Seg::Key("log")]))
                    .hint(format!("give the number of days to tick off, from 1 to {MAX_LOG_DAYS}, for example `log: 14`"))
            })?),
        };
        let style = Style { large_print: raw.large_print.unwrap_or(false), layout: layout_mode, log_days };
        let library_text = language.file.library.as_ref();

        let paper = match raw.paper.as_deref() {
            None => Paper::A4,
            Some(p) => match p.trim().to_lowercase().as_str() {
                "a4" => Paper::A4,
                "letter" | "us-letter" | "us letter" => Paper::Letter,
                other => {
                    return Err(Error::input(format!("unknown paper size `{other}`"))
                        .at(at(&[Seg::Key("paper")]))
                        .hint("accepted: a4, letter"))
                }
            },
        };

        let date = match raw.date.as_deref() {
            None => None,
            Some(d) => Some(Date::parse(d).ok_or_else(|| {
                Error::input(format!("`{d}` is not a valid date"))
                    .at(at(&[Seg::Key("date")]))
                    .hint("write the date as YYYY-MM-DD, for example 2026-11-21, and check that the day exists")
            })?),
        };

        if raw.exercises.is_empty() {
            return Err(Error::input("the prescription has no exercises")
                .at(Location::file(&source.path))
                .hint("list at least one exercise under `exercises:`, for example `- bridge` (`handout list` shows them all)"));
        }
        if raw.exercises.len() > MAX_EXERCISES {
            return Err(Error::input(format!(
                "the prescription has {} exercises; at most {MAX_EXERCISES} are allowed",
                raw.exercises.len()
            ))
            .at(at(&[Seg::Key("exercises")])));
        }
        let mut exercises = Vec::with_capacity(raw.exercises.len());
        let mut seen_ids: Vec<(String, usize)> = Vec::new();
        for (i, entry) in raw.exercises.iter().enumerate() {
            let here = |field: Option<&'static str>| match field {
                Some(f) => at(&[Seg::Key("exercises"), Seg::Index(first + i), Seg::Key(f)]),
                None => at(&[Seg::Key("exercises"), Seg::Index(first + i)]),
            };
            let exercise = self.exercise(&library, &language, &base, entry, &here, &mut warnings)?;
            if let Some(id) = &exercise.id {
                if let Some((_, first)) = seen_ids.iter().find(|(s, _)| s == id) {
                    return Err(Error::input(format!("exercise `{id}` is listed twice (entries {} and {})", first + 1, i + 1))
                        .at(here(None))
                        .hint("list each exercise once; change its dosage with `reps:`, `sets:` or `hold:` instead"));
                }
                seen_ids.push((id.clone(), i));
            }
            exercises.push(exercise);
        }

        let default_safety = library_text.and_then(|t| t.safety.clone()).or_else(|| library.safety.clone());
        let default_seek_help = library_text
            .and_then(|t| t.seek_help.as_ref())
            .map(|s| SeekHelp { intro: s.intro.clone(), signs: s.signs.clone() })
            .or_else(|| library.seek_help.clone());
        let safety = match &raw.safety {
            None => default_safety.clone(),
            Some(o) if o.omit => {
                warnings.push(
                    Warning::new("the safety note is left out because the prescription says `safety: {omit: true}`")
                        .at(Some(at(&[Seg::Key("safety")]))),
                );
                None
            }
            Some(o) => {
                let base_text = o.replace.clone().or_else(|| default_safety.clone());
                match (&base_text, &o.add) {
                    (Some(b), Some(a)) => Some(format!("{} {}", b.trim(), a.trim())),
                    (Some(b), None) => Some(b.clone()),
                    (None, a) => a.clone(),
                }
            }
        };

        let seek_help = match &raw.seek_help {
            None => default_seek_help.clone(),
            Some(o) if o.omit => {
                warnings.push(
                    Warning::new("the \"When to seek help\" box is left out because the prescription says `seek_help: {omit: true}`; patients will not see the warning signs")
                        .at(Some(at(&[Seg::Key("seek_help")]))),
                );
                None
            }
            Some(o) => {
                if o.replace.as_ref().is_some_and(|r| r.is_empty()) {
                    return Err(Error::input("`seek_help: replace:` is empty, which would leave the \"When to seek help\" box empty")
                        .at(at(&[Seg::Key("seek_help"), Seg::Key("replace")]))
                        .hint("list the warning signs, or write `seek_help: {omit: true}` to leave the box out on purpose"));
                }
                let mut signs =
                    o.replace.clone().unwrap_or_else(|| default_seek_help.as_ref().map(|s| s.signs.clone()).unwrap_or_default());
                signs.extend(o.add.iter().flatten().cloned());
                let intro = o.intro.clone().or_else(|| default_seek_help.as_ref().and_then(|s| s.intro.clone()));
                Some(SeekHelp { intro, signs })
            }
        };
        if seek_help.as_ref().is_none_or(|s| s.signs.is_empty()) && raw.seek_help.as_ref().is_none_or(|o| !o.omit) {
            return Err(Error::input("the handout has no \"When to seek help\" warning signs")
                .at(Location::file(&source.path))
                .hint("add them under `seek_help: {replace: [...]}` or use a library that has them"));
        }

        let handout = Handout {
            title: raw.title.clone().unwrap_or_else(|| language.labels().default_title.clone()),
            patient: raw.patient.clone(),
            date,
            clinician: raw.clinician.clone(),
            brand,
            paper,
            notes: raw.notes.clone(),
            exercises,
            safety,
            seek_help,
            language,
            style,
        };
        check_text(&handout, source)?;
        Ok((handout, warnings))
    }

    #[allow(clippy::too_many_arguments)]
    fn exercise(
        &self,
        library: &Library,
        language: &Language,
        base: &Path,
        entry: &raw::ExerciseEntry,
        here: &dyn Fn(Option<&'static str>) -> Location,
        warnings: &mut Vec<Warning>,
    ) -> Result<Exercise> {
        let bare;
        // Locations are found only when an error needs one (finding one re-reads the YAML).
        let (spec, id_field) = match entry {
            raw::ExerciseEntry::Id(id) => {
                bare = raw::ExerciseSpec { id: Some(id.clone()), ..raw::ExerciseSpec::default() };
                (&bare, None)
            }
            raw::ExerciseEntry::Spec(spec) => (spec.as_ref(), Some("id")),
        };
        let from = match &spec.id {
            Some(id) => Some(library.get(id.trim()).ok_or_else(|| library.unknown(id).at(here(id_field)))?),
            None => None,
        };
        // The library's text in the handout's language, where it has one.
        let translated = from.and_then(|f| language.file.library.as_ref().and_then(|l| l.exercises.get(&f.id)));
        if let (Some(f), None, false) = (from, translated, language.code == "en") {
            warnings.push(
                Warning::new(format!(
                    "exercise `{}` has no {} text; it is printed as written in the library",
                    f.id, language.file.language
                ))
                .at(Some(here(None))),
            );
        }
        let name = match (&spec.name, from) {
            (Some(n), _) => n.clone(),
            (None, Some(f)) => translated.map_or_else(|| f.name.clone(), |t| t.name.clone()),
            (None, None) => {
                return Err(Error::input("this exercise has neither `id:` nor `name:`")
                    .at(here(None))
                    .hint("give `id:` for a library exercise, or `name:` and `steps:` for your own"))
            }
        };
        if name.trim().is_empty() {
            return Err(Error::input("the exercise name is empty").at(here(Some("name"))));
        }
        let steps = match (&spec.steps, from) {
            (Some(s), _) => s.clone(),
            (None, Some(f)) => translated.map_or_else(|| f.steps.clone(), |t| t.steps.clone()),
            (None, None) => {
                return Err(Error::input(format!("exercise `{name}` has no steps"))
                    .at(here(None))
                    .hint("a custom exercise needs `steps:`, a list of short instructions"))
            }
        };
        if steps.is_empty() || steps.iter().all(|s| s.trim().is_empty()) {
            return Err(Error::input(format!("exercise `{name}` has an empty list of steps"))
                .at(here(Some("steps")))
                .hint("give at least one step, for example `steps: [Lie on your back.]`"));
        }
        if steps.len() > MAX_STEPS {
            return Err(Error::input(format!("exercise `{name}` has {} steps; at most {MAX_STEPS} fit on a card", steps.len()))
                .at(here(Some("steps")))
                .hint("join short steps together, or split the exercise into two"));
        }
        let base_dosage = from.map(|f| f.dosage.clone()).unwrap_or_default();
        let dosage = dosage(&spec.dosage(), base_dosage, &|field| here(Some(field)))?;
        let picture = match &spec.image {
            Some(p) => {
                let path = base.join(p);
                if !path.is_file() {
                    return Err(missing_file("picture", &path, here(Some("image"))));
                }
                self.picture_for(Some(&PictureRef::File(path)), &|| here(Some("image")), warnings)?
            }
            None => self.picture_for(from.and_then(|f| f.image.as_ref()), &|| here(None), warnings)?,
        };
        if picture.is_none() {
            warnings.push(
                Warning::new(format!("exercise `{name}` has no illustration; its text will use the full card width")).at(Some(here(None))),
            );
        }
        if let Some(url) = &spec.video {
            check_url(url).map_err(|why| {
                Error::input(format!("`{url}` is not a web address: {why}"))
                    .at(here(Some("video")))
                    .hint("write the video link like https://www.example.com/video")
            })?;
        }
        let library_position = from.and_then(|f| translated.map_or_else(|| f.position.clone(), |t| t.position.clone()));
        let library_cautions = from.map(|f| translated.map_or_else(|| f.cautions.clone(), |t| t.cautions.clone()));
        Ok(Exercise {
            id: from.map(|f| f.id.clone()),
            name,
            position: spec.position.clone().or(library_position),
            steps,
            dosage,
            notes: spec.notes.clone(),
            cautions: spec.cautions.clone().or(library_cautions).unwrap_or_default(),
            picture,
            video: spec.video.clone(),
        })
    }

    fn picture_for(
        &self,
        r: Option<&PictureRef>,
        location: &dyn Fn() -> Location,
        warnings: &mut Vec<Warning>,
    ) -> Result<Option<Arc<Picture>>> {
        let Some(r) = r else { return Ok(None) };
        if let Some(hit) = lock(&self.pictures).get(r).cloned() {
            warnings.extend(hit.1.iter().cloned());
            return Ok(Some(hit.0));
        }
        let location = location();
        let (path, bytes) = match r {
            PictureRef::Builtin(p) => {
                let bytes = crate::assets::image(p)
                    .ok_or_else(|| Error::input(format!("the built-in picture `{p}` does not exist")).at(location.clone()))?;
                (PathBuf::from(p), bytes.to_vec())
            }
            PictureRef::File(p) => (p.clone(), read_file(p, "picture", &location)?),
        };
        let mut w = Vec::new();
        let pic = picture::decode(&path, &bytes, EXERCISE_PICTURE_BOX, &mut w).map_err(|e| e.at(location))?;
        warnings.extend(w.iter().cloned());
        let pic = Arc::new(pic);
        lock(&self.pictures).insert(r.clone(), (pic.clone(), w));
        Ok(Some(pic))
    }

    fn brand(&self, source: &Source, b: &raw::Brand, prefix: &[Seg], warnings: &mut Vec<Warning>) -> Result<Brand> {
        let at = |segs: &[Seg]| {
            let mut path = prefix.to_vec();
            path.extend_from_slice(segs);
            source.locate(&path)
        };
        let base = source.path.parent().unwrap_or(Path::new(""));
        let colour = |value: Option<&String>, field: &'static str, default: Rgb| -> Result<Rgb> {
            match value {
                // `primary: #1F5F8B` without quotes reads as an empty value and a comment.
                None if at(&[Seg::Key("colors"), Seg::Key(field)]).line.is_some() => Err(Error::input(format!("`{field}:` has no colour"))
                    .at(key_location(source, at(&[Seg::Key("colors")]), field))
                    .hint("quote the colour, for example \"#1F5F8B\": without quotes, # starts a comment in YAML")),
                None => Ok(default),
                Some(v) => Rgb::parse(v).ok_or_else(|| {
                    Error::input(format!("`{v}` is not a colour"))
                        .at(at(&[Seg::Key("colors"), Seg::Key(field)]))
                        .hint("write a colour as #RRGGBB, for example \"#1F5F8B\" (quote it: # starts a comment in YAML)")
                }),
            }
        };
        let neutral = Brand::neutral(self.fonts.clone());
        let primary = colour(b.colors.as_ref().and_then(|c| c.primary.as_ref()), "primary", neutral.primary)?;
        let accent = colour(b.colors.as_ref().and_then(|c| c.accent.as_ref()), "accent", neutral.accent)?;
        if primary.contrast_with_white() < 3.0 {
            warnings.push(
                Warning::new(format!(
                    "the primary colour is light (contrast {:.1}:1 with white); headings in it will be hard to read, especially in grayscale. A darker colour is recommended",
                    primary.contrast_with_white()
                ))
                .at(Some(at(&[Seg::Key("colors"), Seg::Key("primary")]))),
            );
        }
        let logo = match &b.logo {
            None => None,
            Some(p) => {
                let path = base.join(p);
                let loc = at(&[Seg::Key("logo")]);
                if !path.is_file() {
                    return Err(missing_file("logo", &path, loc));
                }
                let bytes = read_file(&path, "logo", &loc)?;
                let mut w = Vec::new();
                let logo = picture::decode(&path, &bytes, LOGO_BOX, &mut w).map_err(|e| e.at(loc.clone()))?;
                warnings.extend(w.into_iter().map(|w| w.at(Some(loc.clone()))));
                Some(Arc::new(logo))
            }
        };
        for (value, field) in [(&b.website, "website"), (&b.booking_url, "booking_url")] {
            if let Some(url) = value {
                check_url(url).map_err(|why| {
                    Error::input(format!("`{url}` is not a web address: {why}"))
                        .at(at(&[Seg::Key(field)]))
                        .hint("write it like https://www.example.com")
                })?;
            }
        }
        if let Some(email) = &b.email {
            let ok = email.split_once('@').is_some_and(|(u, d)| !u.is_empty() && d.contains('.') && !email.contains(' '));
            if !ok {
                return Err(Error::input(format!("`{email}` is not an email address"))
                    .at(at(&[Seg::Key("email")]))
                    .hint("write it like frontdesk@example.com"));
            }
        }
        let fonts = match &b.fonts {
            None => self.fonts.clone(),
            Some(f) => {
                let load = |p: &str, field: &'static str| -> Result<Face> {
                    let path = base.join(p);
                    let loc = at(&[Seg::Key("fonts"), Seg::Key(field)]);
                    if !path.is_file() {
                        return Err(missing_file("font file", &path, loc));
                    }
                    let bytes = read_file(&path, "font file", &loc)?;
                    Face::parse(&path, Arc::from(bytes)).map_err(|e| e.at(loc))
                };
                Arc::new(FontSet { regular: load(&f.regular, "regular")?, bold: load(&f.bold, "bold")? })
            }
        };
        Ok(Brand {
            name: b.name.clone(),
            logo,
            primary,
            accent,
            phone: b.phone.clone(),
            email: b.email.clone(),
            website: b.website.clone(),
            address: b.address.clone(),
            booking_url: b.booking_url.clone(),
            footer: b.footer.clone(),
            fonts,
        })
    }

    fn cached<T>(
        &self,
        cache: &Cached<T>,
        path: &Path,
        make: impl FnOnce(&Path) -> Result<(T, Vec<Warning>)>,
    ) -> Result<Arc<(T, Vec<Warning>)>> {
        if let Some(hit) = lock(cache).get(path) {
            return Ok(hit.clone());
        }
        let made = Arc::new(make(path)?);
        lock(cache).insert(path.to_path_buf(), made.clone());
        Ok(made)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere cannot leave a cache half-written (inserts are single calls), so a
    // poisoned lock is still safe to use.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Where `key:` is written in the mapping that starts at `mapping` (the value's own mark is
/// useless when the value is empty: it points at whatever follows).
fn key_location(source: &Source, mapping: Location, key: &str) -> Location {
    let from = mapping.line.unwrap_or(1);
    let found = source.text.lines().enumerate().skip(from - 1).find_map(|(i, line)| {
        let body = line.trim_start_matches([' ', '{']);
        body.strip_prefix(key).filter(|r| r.trim_start().starts_with(':')).map(|_| source.location(i + 1, line.len() - body.len() + 1))
    });
    found.unwrap_or(mapping)
}

fn missing_file(what: &str, path: &Path, location: Location) -> Error {
    if path.is_dir() {
        return Error::input(format!("the {what} {} is a directory, not a file", path.display()))
            .at(location)
            .hint(format!("give the path of the {what} itself, not of the folder it is in"));
    }
    Error::input(format!("the {what} {} does not exist", path.display()))
        .at(location)
        .hint("paths are relative to the YAML file that names them")
}

fn read_file(path: &Path, what: &str, location: &Location) -> Result<Vec<u8>> {
    const MAX: u64 = 50 * 1024 * 1024;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(&format!("read the {what}"), path, &e).at(location.clone()))?;
    if meta.len() > MAX {
        return Err(Error::input(format!(
            "the {what} {} is too large ({} MB); at most 50 MB is accepted",
            path.display(),
            meta.len() / 1_048_576
        ))
        .at(location.clone()));
    }
    std::fs::read(path).map_err(|e| Error::io(&format!("read the {what}"), path, &e).at(location.clone()))
}

fn check_url(url: &str) -> std::result::Result<(), &'static str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).ok_or("it must start with https:// or http://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || !host.contains('.') || host.contains(char::is_whitespace) || url.contains(' ') {
        return Err("the site name after https:// is missing or has spaces");
    }
    Ok(())
}

/// Applies dosage overrides in `raw` on top of `base`, checking every value.
pub(crate) fn dosage(raw: &raw::Dosage, base: Dosage, at: &dyn Fn(&'static str) -> Location) -> Result<Dosage> {
    let mut d = base;
    if let Some(v) = &raw.hold {
        d.hold = Some(seconds(&v.0, 1, MAX_HOLD_SECONDS).map_err(|why| bad_value("hold", &v.0, why, at("hold")))?);
    }
    if let Some(v) = &raw.rest {
        d.rest = Some(seconds(&v.0, 1, MAX_HOLD_SECONDS).map_err(|why| bad_value("rest", &v.0, why, at("rest")))?);
    }
    if let Some(v) = &raw.reps {
        d.reps = Some(count(&v.0, MAX_REPS).map_err(|why| bad_value("reps", &v.0, why, at("reps")))?);
    }
    if let Some(v) = &raw.sets {
        d.sets = Some(count(&v.0, MAX_SETS).map_err(|why| bad_value("sets", &v.0, why, at("sets")))?);
    }
    if let Some(v) = &raw.sides {
        d.sides = Sides::parse(v).ok_or_else(|| {
            let err = Error::input(format!("`{v}` is not a value for sides")).at(at("sides"));
            match did_you_mean(v, Sides::NAMES) {
                Some(c) => err.hint(format!("did you mean `{c}`? accepted: each, both, none")),
                None => err.hint("accepted: each (one side then the other), both (both together), none"),
            }
        })?;
    }
    if let Some(v) = &raw.frequency {
        d.frequency = Some(Frequency::parse(v).ok_or_else(|| {
            let err = Error::input(format!("`{v}` is not a value for frequency")).at(at("frequency"));
            match did_you_mean(v, Frequency::NAMES) {
                Some(c) => err.hint(format!("did you mean `{c}`? accepted: {}", Frequency::NAMES.join(", "))),
                None => err.hint(format!("accepted: {}", Frequency::NAMES.join(", "))),
            }
        })?);
    }
    Ok(d)
}

fn bad_value(field: &str, value: &str, why: String, location: Location) -> Error {
    let example = match field {
        "hold" | "rest" => "for example `30s`, `1 min` or `8-10s`",
        "reps" => "for example `10` or `8-12`",
        _ => "for example `3`",
    };
    Error::input(format!("`{value}` is not a valid value for {field}: {why}")).at(location).hint(format!("write it as a number, {example}"))
}

/// "30s", "30 s", "30 seconds", "1 min", "8-10s", "30" (seconds).
fn seconds(text: &str, min: u32, max: u32) -> std::result::Result<Amount, String> {
    let t = text.trim().to_lowercase();
    let (number, unit) = match t.find(|c: char| c.is_alphabetic()) {
        Some(i) => (t[..i].trim(), t[i..].trim()),
        None => (t.as_str(), ""),
    };
    let factor = match unit {
        "" | "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        other => return Err(format!("unknown unit `{other}`; use s or min")),
    };
    let amount = range(number)?;
    let amount = Amount { min: amount.min.saturating_mul(factor), max: amount.max.saturating_mul(factor) };
    if amount.min < min {
        return Err(format!("it must be at least {min} second"));
    }
    if amount.max > max {
        return Err(format!("{} seconds is longer than the {} minutes allowed", amount.max, max / 60));
    }
    Ok(amount)
}

fn count(text: &str, max: u32) -> std::result::Result<Amount, String> {
    let amount = range(text.trim())?;
    if amount.min == 0 {
        return Err("it must be at least 1".into());
    }
    if amount.max > max {
        return Err(format!("at most {max} is allowed"));
    }
    Ok(amount)
}

fn range(text: &str) -> std::result::Result<Amount, String> {
    let parse = |s: &str| -> std::result::Result<u32, String> {
        let s = s.trim();
        if s.starts_with('-') {
            return Err("it cannot be negative".into());
        }
        s.parse::<u32>().map_err(|_| format!("`{s}` is not a whole number"))
    };
    let parts: Vec<&str> =
        if text.trim_start().starts_with('-') { vec![text] } else { text.split(['-', '\u{2013}']).flat_map(|p| p.split(" to ")).collect() };
    match parts.as_slice() {
        [one] => parse(one).map(Amount::exactly),
        [a, b] => {
            let (min, max) = (parse(a)?, parse(b)?);
            if min > max {
                return Err(format!("the range {min}-{max} runs backwards"));
            }
            Ok(Amount { min, max })
        }
        _ => Err("write one number or a range such as 8-12".into()),
    }
}

/// Every piece of text must be printable with the brand's fonts, and of a sane length.
fn check_text(h: &Handout, source: &Source) -> Result<()> {
    let fonts = &h.brand.fonts;
    // (what the text is, in words; the text; where it is written)
    let mut fields: Vec<(String, &str, Vec<Seg>)> = vec![("the text of `title:`".into(), &h.title, vec![Seg::Key("title")])];
    for (value, key) in [(&h.patient, "patient"), (&h.clinician, "clinician"), (&h.notes, "notes")] {
        if let Some(v) = value {
            fields.push((format!("the text of `{key}:`"), v, vec![Seg::Key(key)]));
        }
    }
    for (i, e) in h.exercises.iter().enumerate() {
        let seg = |k: &'static str| vec![Seg::Key("exercises"), Seg::Index(i), Seg::Key(k)];
        let item = |k: &'static str, j: usize| vec![Seg::Key("exercises"), Seg::Index(i), Seg::Key(k), Seg::Index(j)];
        let n = i + 1;
        fields.push((format!("the name of exercise {n}"), &e.name, seg("name")));
        for (j, s) in e.steps.iter().enumerate() {
            fields.push((format!("step {} of exercise {n}", j + 1), s, item("steps", j)));
        }
        if let Some(notes) = &e.notes {
            fields.push((format!("the `notes:` of exercise {n}"), notes, seg("notes")));
        }
        for (j, c) in e.cautions.iter().enumerate() {
            fields.push((format!("caution {} of exercise {n}", j + 1), c, item("cautions", j)));
        }
        if let Some(p) = &e.position {
            fields.push((format!("the `position:` of exercise {n}"), p, seg("position")));
        }
    }
    if let Some(s) = &h.seek_help {
        for sign in &s.signs {
            fields.push(("a \"When to seek help\" sign".into(), sign, vec![Seg::Key("seek_help")]));
        }
        if let Some(i) = &s.intro {
            fields.push(("the \"When to seek help\" introduction".into(), i, vec![Seg::Key("seek_help"), Seg::Key("intro")]));
        }
    }
    if let Some(s) = &h.safety {
        fields.push(("the safety note".into(), s, vec![Seg::Key("safety")]));
    }
    let b = &h.brand;
    for (v, key) in [
        (&b.name, "name"),
        (&b.phone, "phone"),
        (&b.email, "email"),
        (&b.website, "website"),
        (&b.address, "address"),
        (&b.footer, "footer"),
        (&b.booking_url, "booking_url"),
    ] {
        if let Some(v) = v {
            fields.push((format!("the brand's `{key}:`"), v, vec![Seg::Key("brand"), Seg::Key(key)]));
        }
    }
    for (field, text, path) in fields {
        // A brand read from its own file has no place in this one: point at `brand:`.
        let at = || match source.locate(&path) {
            l if l.line.is_none() && path.len() > 1 => source.locate(&path[..1]),
            l => l,
        };
        let length = text.chars().count();
        if length > MAX_TEXT_CHARS {
            return Err(Error::input(format!("{field} is {length} characters long; at most {MAX_TEXT_CHARS} fit on a handout"))
                .at(at())
                .hint("shorten it; a handout is read at a glance, so keep each text to a few sentences"));
        }
        if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
            return Err(Error::input(format!("{field} contains a control character (U+{:04X}), which cannot be printed", c as u32))
                .at(at())
                .hint("remove it; invisible characters like this often come with text copied from another program"));
        }
        if let Some(c) = text.chars().find(|c| !c.is_whitespace() && (!fonts.regular.has(*c) || !fonts.bold.has(*c))) {
            return Err(Error::input(format!(
                "{field} contains `{c}` (U+{:04X}), which the font {} cannot print",
                c as u32, fonts.regular.name
            ))
            .at(at())
            .hint("remove the character, or give the brand a font that has it (`fonts: {regular: ..., bold: ...}`)"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_accepts_common_forms() {
        assert_eq!(seconds("30s", 1, 600), Ok(Amount::exactly(30)));
        assert_eq!(seconds("30 seconds", 1, 600), Ok(Amount::exactly(30)));
        assert_eq!(seconds("1 min", 1, 600), Ok(Amount::exactly(60)));
        assert_eq!(seconds("8-10s", 1, 600), Ok(Amount { min: 8, max: 10 }));
        assert_eq!(seconds("45", 1, 600), Ok(Amount::exactly(45)));
        assert_eq!(seconds("90000s", 1, 600), Err("90000 seconds is longer than the 10 minutes allowed".into()));
        assert_eq!(seconds("30 hours", 1, 600), Err("unknown unit `hours`; use s or min".into()));
    }

    #[test]
    fn counts_reject_zero_negative_and_words() {
        assert_eq!(count("8-12", 100), Ok(Amount { min: 8, max: 12 }));
        assert_eq!(count("0", 100), Err("it must be at least 1".into()));
        assert_eq!(count("-3", 100), Err("it cannot be negative".into()));
        assert_eq!(count("three", 100), Err("`three` is not a whole number".into()));
        assert_eq!(count("12-8", 100), Err("the range 12-8 runs backwards".into()));
    }

    #[test]
    fn urls_are_checked() {
        assert!(check_url("https://example.com/book").is_ok());
        assert!(check_url("example.com").is_err());
        assert!(check_url("https://").is_err());
    }
}
