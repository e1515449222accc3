//! Library files: the built-in `exercises.yaml` and a clinic's own. Every entry is checked,
//! and every problem reported.

use std::path::Path;

use crate::error::{did_you_mean, Error, Problems};
use crate::load::raw;
use crate::load::{Seg, Source};
use crate::model::library::{EQUIPMENT, KINDS};
use crate::model::{Dosage, Library, LibraryExercise, Limbs, PictureRef, SeekHelp};

use super::checks::Findings;
use super::exercise::dosage;
use super::MAX_STEPS;

/// The built-in library.
pub fn builtin() -> Result<Library, Problems> {
    let source = Source::new(crate::assets::LIBRARY_NAME, crate::assets::LIBRARY);
    from_source(&source, true)
}

/// Reads a library file; its pictures resolve against the file's folder.
pub fn read(path: &Path) -> Result<Library, Problems> {
    from_source(&Source::read(path)?, false)
}

/// Parses and checks a library. `builtin` pictures are looked up in the binary.
pub fn from_source(source: &Source, builtin: bool) -> Result<Library, Problems> {
    let raw: raw::Library = crate::load::yaml::parse(source)?;
    let base = source.path.parent().unwrap_or(Path::new(""));
    let mut f = Findings::default();
    let mut exercises: Vec<LibraryExercise> = Vec::new();
    for (i, e) in raw.exercises.into_iter().enumerate() {
        let before = f.problems.len();
        let at = |field: &'static str| source.locate(&[Seg::Key("exercises"), Seg::Index(i), Seg::Key(field)]);
        if !is_kebab(&e.id) {
            f.problem(
                Error::input(format!("exercise id `{}` must be lowercase words joined by hyphens", e.id))
                    .at(at("id"))
                    .hint("for example `hip-flexor-stretch`"),
            );
        }
        if exercises.iter().any(|x| x.id == e.id) {
            f.problem(Error::input(format!("exercise id `{}` appears twice in the library", e.id)).at(at("id")));
        }
        if !KINDS.contains(&e.kind.as_str()) {
            f.problem(
                Error::input(format!("unknown kind `{}` for exercise `{}`", e.kind, e.id))
                    .at(at("kind"))
                    .hint(format!("accepted: {}", KINDS.join(", "))),
            );
        }
        for item in &e.equipment {
            if !EQUIPMENT.contains(&item.as_str()) {
                let err = Error::input(format!("unknown equipment `{item}` for exercise `{}`", e.id)).at(at("equipment"));
                f.problem(match did_you_mean(item, EQUIPMENT) {
                    Some(close) => err.hint(format!("did you mean `{close}`? accepted: {}", EQUIPMENT.join(", "))),
                    None => err.hint(format!("accepted: {}", EQUIPMENT.join(", "))),
                });
            }
        }
        if e.steps.is_empty() || e.steps.len() > MAX_STEPS {
            let what = if e.steps.is_empty() { "no steps".to_string() } else { format!("{} steps", e.steps.len()) };
            f.problem(
                Error::input(format!("exercise `{}` has {what}", e.id))
                    .at(at(if e.steps.is_empty() { "id" } else { "steps" }))
                    .hint(format!("give 1 to {MAX_STEPS} numbered steps under `steps:`")),
            );
        }
        let limbs = e.limbs.as_deref().and_then(|l| f.keep(limbs(l).map_err(|err| err.at(at("limbs")))));
        let dosage = dosage(
            &e.dosage,
            Dosage::default(),
            &|field| source.locate(&[Seg::Key("exercises"), Seg::Index(i), Seg::Key("dosage"), Seg::Key(field)]),
            &mut f,
        );
        if f.problems.len() > before {
            continue;
        }
        let image = e.image.map(|p| if builtin { PictureRef::Builtin(p) } else { PictureRef::File(base.join(p)) });
        exercises.push(LibraryExercise {
            id: e.id,
            name: e.name,
            kind: e.kind,
            limbs,
            areas: e.areas,
            equipment: e.equipment,
            position: e.position,
            steps: e.steps,
            dosage,
            cautions: e.cautions,
            image,
            alt: e.alt,
        });
    }
    if let Some(problems) = Problems::new(f.problems) {
        return Err(problems);
    }
    Ok(Library { safety: raw.safety, seek_help: raw.seek_help.map(|s| SeekHelp { intro: s.intro, signs: s.signs }), exercises })
}

/// `legs` or `arms`: what an exercise moves.
pub(crate) fn limbs(text: &str) -> Result<Limbs, Error> {
    Limbs::parse(text).ok_or_else(|| {
        let err = Error::input(format!("`{text}` is not a value for limbs"));
        match did_you_mean(text, Limbs::NAMES) {
            Some(c) => err.hint(format!("did you mean `{c}`? accepted: legs, arms (leave it out for an exercise of the trunk)")),
            None => err.hint("accepted: legs, arms (leave it out for an exercise of the trunk)"),
        }
    })
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_library_has_all_seventeen() {
        let lib = builtin().unwrap();
        let ids: Vec<&str> = lib.exercises.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "hip-flexor-stretch",
                "double-hip-rotation",
                "butterfly-stretch",
                "pigeon-pose",
                "figure-four-stretch",
                "lateral-squat",
                "side-lying-leg-raise",
                "fire-hydrant",
                "banded-walk",
                "knee-to-chest",
                "double-knee-to-chest",
                "knee-rotations",
                "bridge",
                "hamstring-stretch",
                "wall-sit",
                "press-up-extension",
                "pelvic-tilt"
            ]
        );
        for e in &lib.exercises {
            assert!((3..=6).contains(&e.steps.len()), "{} has {} steps", e.id, e.steps.len());
            assert!(e.image.is_some(), "{} has no image", e.id);
        }
        assert!(lib.seek_help.as_ref().is_some_and(|s| s.signs.len() >= 6));
        assert!(lib.safety.is_some());
    }

    #[test]
    fn unknown_id_suggests() {
        let lib = builtin().unwrap();
        let e = lib.unknown("brige");
        assert_eq!(e.message, "unknown exercise `brige`");
        assert_eq!(e.hint.as_deref(), Some("did you mean `bridge`? (`handout list` shows every exercise)"));
    }

    #[test]
    fn every_problem_of_a_library_is_reported() {
        let text = "exercises:\n  - id: Bad_Id\n    name: A\n    kind: yoga\n    steps: [x]\n  - id: ok\n    name: B\n    kind: stretch\n    steps: []\n";
        let problems = from_source(&Source::new("lib.yaml", text), false).unwrap_err().into_vec();
        let lines: Vec<String> = problems.iter().map(|e| e.to_string().lines().next().unwrap_or_default().to_string()).collect();
        assert_eq!(
            lines,
            [
                "lib.yaml:2:9: exercise id `Bad_Id` must be lowercase words joined by hyphens",
                "lib.yaml:4:11: unknown kind `yoga` for exercise `Bad_Id`",
                "lib.yaml:6:9: exercise `ok` has no steps"
            ]
        );
        let many = format!("exercises:\n  - id: a\n    name: A\n    kind: stretch\n    steps: [{}]\n", vec!["s"; MAX_STEPS + 1].join(", "));
        let e = from_source(&Source::new("lib.yaml", many), false).unwrap_err().into_first();
        assert_eq!(e.to_string(), "lib.yaml:5:12: exercise `a` has 13 steps\n  hint: give 1 to 12 numbered steps under `steps:`");
    }

    #[test]
    fn translations_cover_the_whole_library() {
        let lib = builtin().unwrap();
        for code in crate::i18n::codes().into_iter().filter(|c| *c != "en") {
            let l = crate::i18n::Language::parse(code).unwrap();
            let text = l.file.library.as_ref().unwrap_or_else(|| panic!("{code} has no library text"));
            for e in &lib.exercises {
                let t = text.exercises.get(&e.id).unwrap_or_else(|| panic!("{code} lacks {}", e.id));
                assert_eq!(t.steps.len(), e.steps.len(), "{code} {}: steps", e.id);
                assert_eq!(t.cautions.len(), e.cautions.len(), "{code} {}: cautions", e.id);
            }
            let signs = text.seek_help.as_ref().map(|s| s.signs.len());
            assert_eq!(signs, lib.seek_help.as_ref().map(|s| s.signs.len()), "{code}: seek-help signs");
            assert!(text.safety.is_some(), "{code}: safety");
        }
    }
}
