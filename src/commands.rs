//! The helper commands: `init`, `check`, `show`, and `list` with filters. Each returns the text
//! to print; `cli.rs` does the printing.

use std::path::Path;

use crate::error::{Error, Result, Warning};
use crate::handout::Sides;
use crate::layout::dosage_line;
use crate::library::{Library, LibraryExercise};
use crate::raw;
use crate::resolve::Loader;
use crate::yaml::{self, Source};

pub const STARTER_BRAND: &str = r##"# Your clinic's brand. Paths are relative to this file.
name: Your Clinic Name
# logo: logo.png                 # PNG, JPEG or SVG
colors:
  primary: "#1F5F8B"             # headings, rules, card accents (dark enough to read on white)
  accent: "#E07A2E"
phone: (555) 010-0000
email: frontdesk@example.com
website: https://www.example.com
address: 1 Example Street, Example Town
# booking_url: https://www.example.com/book   # prints a "Book your next visit" QR code
footer: Questions about your exercises? Call us.
"##;

pub const STARTER_PRESCRIPTION: &str = r##"# A home exercise program for one patient. `handout list` shows every exercise id.
title: Hip and lower back program
patient: Jane Doe
date: 2026-11-21
clinician: Alex Rivera, PT
brand: brand.yaml
paper: a4                        # a4 | letter
notes: Do these once a day. Stop and call us if anything hurts more than a mild stretch.
exercises:
  - bridge                       # a bare id takes the library's dosage
  - id: hip-flexor-stretch       # or override hold, reps, sets, sides, frequency, rest
    hold: 30s
    reps: 3
    sides: each
    notes: Keep your back straight.
  - pelvic-tilt
"##;

/// `handout init`: writes a starter brand and prescription into `dir`, refusing to overwrite.
pub fn init(dir: &Path) -> Result<String> {
    let files = [("brand.yaml", STARTER_BRAND), ("prescription.yaml", STARTER_PRESCRIPTION)];
    for (name, _) in files {
        let path = dir.join(name);
        if path.exists() {
            return Err(Error::input(format!("{} already exists; nothing was written", path.display()))
                .hint("run `handout init` in an empty folder, or rename the existing file"));
        }
    }
    for (name, text) in files {
        crate::write::write_atomic(&dir.join(name), text.as_bytes(), false)?;
    }
    Ok("wrote brand.yaml and prescription.yaml; edit them, then run: handout render prescription.yaml".to_string())
}

/// What kind of file `check` was given, judged by its top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Prescription,
    Brand,
    Library,
}

fn kind_of(source: &Source) -> FileKind {
    let top: Vec<&str> = source
        .text
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']) && l.contains(':'))
        .filter_map(|l| l.split(':').next())
        .collect();
    if top.contains(&"exercises")
        && !top.iter().any(|k| ["patient", "title", "brand", "date", "clinician", "paper"].contains(k))
        && source.text.contains("\n  - id:")
        && source.text.contains("kind:")
    {
        return FileKind::Library;
    }
    if top.contains(&"colors") || top.contains(&"logo") || (top.contains(&"name") && !top.contains(&"exercises")) {
        return FileKind::Brand;
    }
    FileKind::Prescription
}

/// `handout check`: validates each file without rendering and returns every problem found (one
/// per exercise entry, not only the first), with the warnings.
pub fn check(loader: &Loader, files: &[&Path]) -> (Vec<Error>, Vec<Warning>, Vec<String>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut ok = Vec::new();
    for path in files {
        let before = errors.len();
        match Source::read(path) {
            Err(e) => errors.push(e.in_file(path)),
            Ok(source) => match kind_of(&source) {
                FileKind::Library => {
                    if let Err(e) = Library::from_source(&source, false) {
                        errors.push(e);
                    }
                }
                FileKind::Brand => {
                    // A brand is checked as part of a one-exercise prescription that names it.
                    let raw = raw::Prescription {
                        brand: Some(raw::BrandRef::File(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())),
                        exercises: vec![raw::ExerciseEntry::Id("bridge".into())],
                        ..raw::Prescription::default()
                    };
                    let probe = Source::new(path.with_file_name(".check.yaml"), "exercises: [bridge]\n");
                    match yaml::parse::<raw::Brand>(&source) {
                        Err(e) => errors.push(e),
                        Ok(_) => match loader.resolve(&probe, raw) {
                            Ok((_, w)) => warnings.extend(w),
                            Err(e) => errors.push(e),
                        },
                    }
                }
                FileKind::Prescription => check_prescription(loader, &source, &mut errors, &mut warnings),
            },
        }
        if errors.len() == before {
            ok.push(format!("{}: ok", path.display()));
        }
    }
    (errors, warnings, ok)
}

fn check_prescription(loader: &Loader, source: &Source, errors: &mut Vec<Error>, warnings: &mut Vec<Warning>) {
    let raw: raw::Prescription = match yaml::parse(source) {
        Ok(r) => r,
        Err(e) => return errors.push(e),
    };
    // Each exercise entry on its own, so one bad entry does not hide the next.
    let mut entry_errors = Vec::new();
    for (i, entry) in raw.exercises.iter().enumerate() {
        let mut one = raw.clone();
        one.exercises = vec![entry.clone()];
        if let Err(e) = loader.resolve_at(source, one, i) {
            entry_errors.push(e);
        }
    }
    match loader.resolve(source, raw.clone()) {
        Ok((_, w)) => warnings.extend(w),
        Err(e) => {
            if !entry_errors.iter().any(|x| x.message == e.message) {
                errors.push(e);
            }
        }
    }
    for e in entry_errors {
        if !errors.iter().any(|x| x.message == e.message && x.location == e.location) {
            errors.push(e);
        }
    }
    errors.sort_by_key(|e| e.location.as_ref().and_then(|l| l.line).unwrap_or(0));
}

/// Filters for `handout list`.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub kind: Option<String>,
    pub area: Option<String>,
    pub equipment: Option<String>,
}

impl ListFilter {
    fn keep(&self, e: &LibraryExercise) -> bool {
        self.kind.as_ref().is_none_or(|k| e.kind.eq_ignore_ascii_case(k))
            && self.area.as_ref().is_none_or(|a| e.areas.iter().any(|x| x.eq_ignore_ascii_case(a)))
            && self.equipment.as_ref().is_none_or(|q| e.equipment.iter().any(|x| x.eq_ignore_ascii_case(q)))
    }
}

/// `handout list`, as a table or as JSON.
pub fn list(library: &Library, filter: &ListFilter, json: bool) -> Result<String> {
    let kept = Library { exercises: library.exercises.iter().filter(|e| filter.keep(e)).cloned().collect(), ..library.clone() };
    if kept.exercises.is_empty() {
        return Err(Error::input("no exercise matches these filters").hint(format!(
            "kinds: {}; areas: {}; equipment: {}",
            crate::library::KINDS.join(", "),
            all(library, |e| &e.areas).join(", "),
            all(library, |e| &e.equipment).join(", ")
        )));
    }
    if !json {
        return Ok(crate::library::table(&kept));
    }
    let items: Vec<serde_json::Value> = kept
        .exercises
        .iter()
        .map(|e| {
            serde_json::json!({
                "id": e.id, "name": e.name, "kind": e.kind, "areas": e.areas, "equipment": e.equipment,
                "position": e.position, "steps": e.steps, "cautions": e.cautions,
                "dosage": dosage_line(&e.dosage, crate::i18n::Language::english().labels()),
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).map(|s| s + "\n").map_err(|e| Error::failure(format!("cannot write JSON: {e}")))
}

fn all(library: &Library, field: impl Fn(&LibraryExercise) -> &Vec<String>) -> Vec<String> {
    let mut v: Vec<String> = library.exercises.iter().flat_map(|e| field(e).iter().cloned()).collect();
    v.sort();
    v.dedup();
    v
}

/// `handout show ID`: one library exercise in full.
pub fn show(library: &Library, id: &str) -> Result<String> {
    let e = library.get(id).ok_or_else(|| library.unknown(id))?;
    let labels = crate::i18n::Language::english();
    let mut out = format!("{} ({})\n", e.name, e.id);
    out.push_str(&format!("kind: {}   areas: {}   equipment: {}\n", e.kind, e.areas.join(", "), e.equipment.join(", ")));
    if let Some(p) = &e.position {
        out.push_str(&format!("start: {p}\n"));
    }
    out.push('\n');
    for (i, s) in e.steps.iter().enumerate() {
        out.push_str(&format!("  {}. {s}\n", i + 1));
    }
    let dose = dosage_line(&e.dosage, labels.labels());
    if !dose.is_empty() {
        out.push_str(&format!("\ndosage: {dose}\n"));
    }
    if e.dosage.sides == Sides::None && dose.is_empty() {
        out.push_str("\ndosage: (none set)\n");
    }
    for c in &e.cautions {
        out.push_str(&format!("take care: {c}\n"));
    }
    if let Some(img) = &e.image {
        out.push_str(&format!(
            "picture: {}\n",
            match img {
                crate::library::PictureRef::Builtin(p) => format!("{p} (built in)"),
                crate::library::PictureRef::File(p) => p.display().to_string(),
            }
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_filters_and_json() {
        let lib = Library::builtin().unwrap();
        let strength = list(&lib, &ListFilter { kind: Some("strength".into()), ..ListFilter::default() }, false).unwrap();
        assert!(strength.contains("bridge") && !strength.contains("hamstring-stretch"), "{strength}");
        let towel = list(&lib, &ListFilter { equipment: Some("towel".into()), ..ListFilter::default() }, true).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&towel).unwrap();
        assert!(parsed.as_array().unwrap().iter().any(|e| e["id"] == "hamstring-stretch"));
        let none = list(&lib, &ListFilter { kind: Some("yoga".into()), ..ListFilter::default() }, false).unwrap_err();
        assert_eq!(none.message, "no exercise matches these filters");
    }

    #[test]
    fn show_prints_steps_and_dosage() {
        let lib = Library::builtin().unwrap();
        let text = show(&lib, "bridge").unwrap();
        assert!(text.starts_with("Bridge (bridge)\n"), "{text}");
        assert!(text.contains("  1. ") && text.contains("dosage: "), "{text}");
        assert_eq!(show(&lib, "brige").unwrap_err().message, "unknown exercise `brige`");
    }

    #[test]
    fn init_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path()).unwrap();
        assert!(dir.path().join("brand.yaml").is_file() && dir.path().join("prescription.yaml").is_file());
        let e = init(dir.path()).unwrap_err();
        assert!(e.message.ends_with("brand.yaml already exists; nothing was written"), "{}", e.message);
    }

    #[test]
    fn starter_files_are_valid() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path()).unwrap();
        let loader = Loader::new().unwrap();
        let p = dir.path().join("prescription.yaml");
        let b = dir.path().join("brand.yaml");
        let (errors, _, ok) = check(&loader, &[p.as_path(), b.as_path()]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(ok.len(), 2);
    }

    #[test]
    fn check_reports_every_bad_entry() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.yaml");
        std::fs::write(&p, "title: T\nexercises:\n  - brige\n  - bridge\n  - id: wall-sit\n    reps: 0\n").unwrap();
        let loader = Loader::new().unwrap();
        let (errors, _, _) = check(&loader, &[p.as_path()]);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].message, "unknown exercise `brige`");
        assert_eq!(errors[0].location.as_ref().and_then(|l| l.line), Some(3));
        assert!(errors[1].message.contains("reps"), "{}", errors[1].message);
        assert_eq!(errors[1].location.as_ref().and_then(|l| l.line), Some(6));
    }
}
