//! A prescription as a whole: its library and brand, language, paper, date, the people, the
//! exercise list, the safety note and the "When to seek help" box.

use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Location, Problems, Warning};
use crate::load::raw;
use crate::load::{Given, Overrides, Seg, Source};
use crate::model::date::DateError;
use crate::model::dosage::count;
use crate::model::{Brand, Date, Handout, Input, LayoutMode, Paper, Role, SeekHelp, Style};

use super::checks::{self, missing_file, Findings, Place};
use super::{brand, exercise, library, Cache, Loader, MAX_EXERCISES, MAX_LOG_DAYS};

/// A value from an override if there is one, else from the prescription, with its place.
fn choose<'a>(
    given: &'a Option<Given<String>>,
    written: &'a Option<String>,
    source: &'a Source,
    key: &'static str,
) -> Option<(&'a str, Place<'a>)> {
    match (given, written) {
        (Some(g), _) => Some((g.value.as_str(), Place::Given(&g.origin))),
        (None, Some(w)) => Some((w.as_str(), Place::Yaml(source, vec![Seg::Key(key)]))),
        (None, None) => None,
    }
}

/// Resolves a prescription; `inputs` gets every file it names, whether it resolves or not.
pub(crate) fn resolve(
    loader: &Loader,
    cache: &Cache,
    source: &Source,
    raw: &raw::Prescription,
    overrides: &Overrides,
    inputs: &mut Vec<Input>,
) -> Result<(Handout, Vec<Warning>), Problems> {
    let mut f = Findings::default();
    let base = source.path.parent().unwrap_or(Path::new("")).to_path_buf();
    let at = |path: &[Seg]| checks::locate(source, path);
    f.read(Role::Prescription, &source.path);
    for p in &loader.library_files {
        f.read(Role::Library, p);
    }

    let library = match &raw.library {
        None => loader.library.clone(),
        Some(p) => {
            let path = base.join(p);
            f.read(Role::Library, &path);
            if !path.is_file() {
                f.problem(missing_file("library file", &path, at(&[Seg::Key("library")])));
                loader.library.clone()
            } else {
                let made = cache.libraries.get_or_make(
                    &path,
                    || library::read(&path).map(|l| Arc::new(loader.library.extended_by(l))),
                    |l| l.bytes(),
                );
                match made {
                    Ok(l) => l,
                    Err(problems) => {
                        f.problems.extend(problems.into_vec().into_iter().map(|e| e.in_file(&source.path)));
                        loader.library.clone()
                    }
                }
            }
        }
    };

    let neutral = || Brand::neutral(loader.fonts.clone());
    let brand = match &raw.brand {
        None => neutral(),
        Some(raw::BrandRef::File(p)) => {
            let path = base.join(p);
            f.read(Role::Brand, &path);
            if !path.is_file() {
                f.problem(missing_file("brand file", &path, at(&[Seg::Key("brand")])));
                neutral()
            } else {
                match brand::from_file(loader, cache, &path) {
                    Ok(entry) => {
                        f.warnings.extend(entry.1.iter().cloned());
                        entry.0.clone()
                    }
                    Err(problems) => {
                        f.problems.extend(problems.into_vec());
                        neutral()
                    }
                }
            }
        }
        Some(raw::BrandRef::Inline(b)) => brand::inline(loader, cache, source, b, &mut f).unwrap_or_else(neutral),
    };
    f.inputs.extend(brand.inputs.iter().cloned());
    let fonts = brand.fonts.clone();

    let language = match choose(&overrides.language, &raw.language, source, "language") {
        None => loader.english(),
        Some((code, place)) => f.keep(loader.language(code).map_err(|e| place.blame(e))).unwrap_or_else(|| loader.english()),
    };
    let layout = match choose(&overrides.layout, &raw.layout, source, "layout") {
        None => LayoutMode::List,
        Some((name, place)) => LayoutMode::parse(name).unwrap_or_else(|| {
            let name = name.trim().to_lowercase();
            f.problem(place.blame(Error::input(format!("unknown layout `{name}`")).hint(LayoutMode::accepted())));
            LayoutMode::List
        }),
    };
    let log_days = raw.log.as_ref().and_then(|v| {
        f.keep(count(&v.0, MAX_LOG_DAYS).map(|a| a.max).map_err(|why| {
            Error::input(format!("`{}` is not a valid value for log: {why}", v.0))
                .at(at(&[Seg::Key("log")]))
                .hint(format!("give the number of days to tick off, from 1 to {MAX_LOG_DAYS}, for example `log: 14`"))
        }))
    });
    let large_print = overrides.large_print.as_ref().map(|g| g.value).or(raw.large_print).unwrap_or(false);
    let style = Style { large_print, layout, log_days };

    let paper = match choose(&overrides.paper, &raw.paper, source, "paper") {
        None => Paper::A4,
        Some((name, place)) => Paper::parse(name).unwrap_or_else(|| {
            let name = name.trim().to_lowercase();
            f.problem(place.blame(Error::input(format!("unknown paper size `{name}`")).hint(Paper::accepted())));
            Paper::A4
        }),
    };

    let date = choose(&overrides.date, &raw.date, source, "date").and_then(|(d, place)| match Date::parse(d) {
        Ok(date) => Some(date),
        Err(why) => {
            f.problem(place.blame(date_error(d, why)));
            None
        }
    });

    let title = raw.title.clone().unwrap_or_else(|| language.labels().default_title.clone());
    let check_text = |f: &mut Findings, place: &Place, what: &dyn Fn() -> String, text: &str, one_line: bool| {
        if let Err(e) = checks::text(&fonts, &place.describe(what), text, one_line) {
            f.problem(place.blame(e));
        }
    };
    check_text(&mut f, &Place::Yaml(source, vec![Seg::Key("title")]), &|| "the text of `title:`".into(), &title, false);
    let person = |f: &mut Findings, given: &Option<Given<String>>, written: &Option<String>, key: &'static str, one_line: bool| {
        choose(given, written, source, key).map(|(value, place)| {
            check_text(f, &place, &|| format!("the text of `{key}:`"), value, one_line);
            value.to_string()
        })
    };
    let patient = person(&mut f, &overrides.patient, &raw.patient, "patient", true);
    let clinician = person(&mut f, &overrides.clinician, &raw.clinician, "clinician", true);
    let notes = person(&mut f, &overrides.notes, &raw.notes, "notes", false);

    let mut exercises = Vec::with_capacity(raw.exercises.len());
    if raw.exercises.is_empty() {
        f.problem(
            Error::input("the prescription has no exercises")
                .at(Location::file(&source.path))
                .hint("list at least one exercise under `exercises:`, for example `- bridge` (`handout list` shows them all)"),
        );
    } else if raw.exercises.len() > MAX_EXERCISES {
        f.problem(
            Error::input(format!("the prescription has {} exercises; at most {MAX_EXERCISES} are allowed", raw.exercises.len()))
                .at(at(&[Seg::Key("exercises")])),
        );
    } else {
        let mut seen_ids: Vec<(String, usize)> = Vec::new();
        let wanted = exercise::Wanted { library: &library, language: &language, fonts: &fonts, base: &base, source };
        for (i, entry) in raw.exercises.iter().enumerate() {
            let Some(e) = exercise::resolve(cache, &wanted, i, entry, &mut f) else { continue };
            if let Some(id) = &e.id {
                if let Some((_, first)) = seen_ids.iter().find(|(s, _)| s == id) {
                    f.problem(
                        Error::input(format!("exercise `{id}` is listed twice (entries {} and {})", first + 1, i + 1))
                            .at(at(&[Seg::Key("exercises"), Seg::Index(i)]))
                            .hint("list each exercise once; change its dosage with `reps:`, `sets:` or `hold:` instead"),
                    );
                    continue;
                }
                seen_ids.push((id.clone(), i));
            }
            exercises.push(e);
        }
    }

    let library_text = language.file.library.as_ref();
    let default_safety = library_text.and_then(|t| t.safety.clone()).or_else(|| library.safety.clone());
    let default_seek_help = library_text
        .and_then(|t| t.seek_help.as_ref())
        .map(|s| SeekHelp { intro: s.intro.clone(), signs: s.signs.clone() })
        .or_else(|| library.seek_help.clone());
    let safety = match &raw.safety {
        None => default_safety.clone(),
        Some(o) if o.omit => {
            f.warn(
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
            f.warn(
                Warning::new("the \"When to seek help\" box is left out because the prescription says `seek_help: {omit: true}`; patients will not see the warning signs")
                    .at(Some(at(&[Seg::Key("seek_help")]))),
            );
            None
        }
        Some(o) => {
            if o.replace.as_ref().is_some_and(|r| r.is_empty()) {
                f.problem(
                    Error::input("`seek_help: replace:` is empty, which would leave the \"When to seek help\" box empty")
                        .at(at(&[Seg::Key("seek_help"), Seg::Key("replace")]))
                        .hint("list the warning signs, or write `seek_help: {omit: true}` to leave the box out on purpose"),
                );
            }
            let mut signs = o.replace.clone().unwrap_or_else(|| default_seek_help.as_ref().map(|s| s.signs.clone()).unwrap_or_default());
            signs.extend(o.add.iter().flatten().cloned());
            let intro = o.intro.clone().or_else(|| default_seek_help.as_ref().and_then(|s| s.intro.clone()));
            Some(SeekHelp { intro, signs })
        }
    };
    let omitted = raw.seek_help.as_ref().is_some_and(|o| o.omit);
    if seek_help.as_ref().is_none_or(|s| s.signs.is_empty())
        && !omitted
        && !raw.seek_help.as_ref().is_some_and(|o| o.replace.as_ref().is_some_and(|r| r.is_empty()))
    {
        f.problem(
            Error::input("the handout has no \"When to seek help\" warning signs")
                .at(Location::file(&source.path))
                .hint("add them under `seek_help: {replace: [...]}` or use a library that has them"),
        );
    }
    if let Some(s) = &seek_help {
        for sign in &s.signs {
            check_text(&mut f, &Place::Yaml(source, vec![Seg::Key("seek_help")]), &|| "a \"When to seek help\" sign".into(), sign, false);
        }
        if let Some(intro) = &s.intro {
            let place = Place::Yaml(source, vec![Seg::Key("seek_help"), Seg::Key("intro")]);
            check_text(&mut f, &place, &|| "the \"When to seek help\" introduction".into(), intro, false);
        }
    }
    if let Some(s) = &safety {
        check_text(&mut f, &Place::Yaml(source, vec![Seg::Key("safety")]), &|| "the safety note".into(), s, false);
    }

    inputs.extend(f.inputs.iter().cloned());
    if let Some(problems) = Problems::new(in_file_order(f.problems)) {
        return Err(problems);
    }
    let embed = overrides.embed_prescription.or(raw.embed_prescription).unwrap_or(true);
    let prescription = embed.then(|| super::embedded::text(&source.text, overrides));
    let inputs = f.inputs.clone();
    let handout = Handout {
        title,
        patient,
        date,
        clinician,
        brand,
        paper,
        notes,
        exercises,
        safety,
        seek_help,
        language,
        style,
        prescription,
        inputs,
    };
    Ok((handout, f.warnings))
}

/// The error for a date that cannot be used, wherever it was written.
pub(crate) fn date_error(text: &str, why: DateError) -> Error {
    match why {
        DateError::Malformed => Error::input(format!("`{text}` is not a valid date"))
            .hint("write the date as YYYY-MM-DD, for example 2026-11-21, and check that the day exists"),
        DateError::OutOfRange => Error::input(format!("`{text}` is outside the dates a handout can carry")).hint(format!(
            "use a date from {}-01-01 to {}-12-31",
            crate::model::date::FIRST_YEAR,
            crate::model::date::LAST_YEAR
        )),
    }
}

/// Problems grouped by file (in the order each file was first met: a flag, then a brand or
/// library file, or the prescription), each file's problems by line.
fn in_file_order(mut problems: Vec<Error>) -> Vec<Error> {
    let mut files: Vec<Option<std::path::PathBuf>> = Vec::new();
    for p in &problems {
        let file = p.location.as_ref().map(|l| l.file.clone());
        if !files.contains(&file) {
            files.push(file);
        }
    }
    problems.sort_by_key(|p| {
        let file = p.location.as_ref().map(|l| l.file.clone());
        let group = files.iter().position(|f| *f == file).unwrap_or(0);
        let (line, column) = p.location.as_ref().map_or((0, 0), |l| (l.line.unwrap_or(0), l.column.unwrap_or(0)));
        (group, line, column)
    });
    problems
}
