//! `handout check FILE...`: prescriptions, brands and libraries checked without making a PDF;
//! every problem of every file, in one pass each.

use std::path::Path;

use crate::load::{Overrides, Source};
use crate::resolve::Loader;
use crate::Caches;

use super::Outcome;

/// What kind of file `check` was given, judged by its top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Mail,
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
    let mail_keys = ["host", "security", "username", "password_env", "password_command", "reply_to", "bcc", "ca_file", "rate"];
    if !top.contains(&"exercises") && top.iter().any(|k| mail_keys.contains(k)) {
        return FileKind::Mail;
    }
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

/// What `check` found in `files`: every error, every warning, and an "ok" line per good file.
pub fn check(loader: &Loader, caches: &Caches, files: &[&Path]) -> Outcome {
    let mut out = Outcome::default();
    let mut ok = Vec::new();
    for path in files {
        let found = Source::read(path).map_err(|e| vec![e.in_file(path)]).and_then(|source| {
            let problems = match kind_of(&source) {
                FileKind::Library => loader.check_library(&caches.resolve, &source),
                FileKind::Mail => crate::mail::settings::from_source(&source).map(|_| Vec::new()),
                FileKind::Brand => loader.check_brand(&caches.resolve, path),
                FileKind::Prescription => crate::load::yaml::parse(&source)
                    .map_err(crate::error::Problems::from)
                    .and_then(|raw| loader.resolve(&caches.resolve, &source, &raw, &Overrides::default()).map(|(_, w)| w)),
            };
            problems.map_err(|p| p.into_vec())
        });
        match found {
            Ok(warnings) => {
                out.warnings.extend(warnings);
                ok.push(format!("{}: ok", path.display()));
            }
            Err(errors) => out.errors.extend(errors),
        }
    }
    out.message =
        Some(if out.errors.is_empty() { ok.join("\n") } else { format!("{} problem(s) found; no PDF was made", out.errors.len()) });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_files_are_valid() {
        let dir = tempfile::tempdir().unwrap();
        crate::commands::init::init(dir.path()).unwrap();
        let loader = Loader::new().unwrap();
        let p = dir.path().join("prescription.yaml");
        let b = dir.path().join("brand.yaml");
        let checked = check(&loader, &Caches::default(), &[p.as_path(), b.as_path()]);
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        assert_eq!(checked.message.as_deref().map(|m| m.lines().count()), Some(2));
    }

    #[test]
    fn every_problem_once_at_its_own_line_with_its_own_number() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.yaml");
        std::fs::write(
            &p,
            "title: T\nexercises:\n  - brige\n  - bridge\n  - id: wall-sit\n    reps: 0\n  - name: Band pull\n    steps: [Pull 😀 apart]\n",
        )
        .unwrap();
        let loader = Loader::new().unwrap();
        let checked = check(&loader, &Caches::default(), &[p.as_path()]);
        let lines: Vec<String> =
            checked.errors.iter().map(|e| format!("{}: {}", e.location.as_ref().and_then(|l| l.line).unwrap_or(0), e.message)).collect();
        assert_eq!(
            lines,
            [
                "3: unknown exercise `brige`",
                "6: `0` is not a valid value for reps: it must be at least 1",
                "8: step 1 of exercise 4 contains `😀` (U+1F600), which the font Lato-Regular cannot print"
            ]
        );
    }
}
