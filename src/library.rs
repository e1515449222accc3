//! The exercise library: the built-in one, optionally extended by a clinic's own file.

use std::path::{Path, PathBuf};

use crate::error::{did_you_mean, Error, Result};
use crate::handout::{Dosage, SeekHelp};
use crate::raw;
use crate::resolve::dosage;
use crate::yaml::{self, Seg, Source};

pub const KINDS: [&str; 3] = ["stretch", "strength", "mobility"];
pub const EQUIPMENT: [&str; 5] = ["none", "mat", "towel", "resistance-band", "wall"];

#[derive(Debug, Clone)]
pub struct Library {
    pub safety: Option<String>,
    pub seek_help: Option<SeekHelp>,
    pub exercises: Vec<LibraryExercise>,
}

#[derive(Debug, Clone)]
pub struct LibraryExercise {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub areas: Vec<String>,
    pub equipment: Vec<String>,
    pub position: Option<String>,
    pub steps: Vec<String>,
    pub dosage: Dosage,
    pub cautions: Vec<String>,
    pub image: Option<PictureRef>,
}

/// Where an exercise's picture comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PictureRef {
    /// Built into the binary, by its library path (`images/bridge.svg`).
    Builtin(String),
    /// A file on disk.
    File(PathBuf),
}

impl Library {
    /// The built-in library.
    pub fn builtin() -> Result<Library> {
        let source = Source::new(crate::assets::LIBRARY_NAME, crate::assets::LIBRARY);
        Library::from_source(&source, true)
    }

    /// Reads a library file; its pictures resolve against the file's folder.
    pub fn read(path: &Path) -> Result<Library> {
        Library::from_source(&Source::read(path)?, false)
    }

    pub fn from_source(source: &Source, builtin: bool) -> Result<Library> {
        let raw: raw::Library = yaml::parse(source)?;
        let base = source.path.parent().unwrap_or(Path::new(""));
        let mut exercises: Vec<LibraryExercise> = Vec::new();
        for (i, e) in raw.exercises.into_iter().enumerate() {
            let at = |field: &'static str| source.locate(&[Seg::Key("exercises"), Seg::Index(i), Seg::Key(field)]);
            if !is_kebab(&e.id) {
                return Err(Error::input(format!("exercise id `{}` must be lowercase words joined by hyphens", e.id))
                    .at(at("id"))
                    .hint("for example `hip-flexor-stretch`"));
            }
            if exercises.iter().any(|x| x.id == e.id) {
                return Err(Error::input(format!("exercise id `{}` appears twice in the library", e.id)).at(at("id")));
            }
            if !KINDS.contains(&e.kind.as_str()) {
                return Err(Error::input(format!("unknown kind `{}` for exercise `{}`", e.kind, e.id))
                    .at(at("kind"))
                    .hint(format!("accepted: {}", KINDS.join(", "))));
            }
            for item in &e.equipment {
                if !EQUIPMENT.contains(&item.as_str()) {
                    let mut err = Error::input(format!("unknown equipment `{item}` for exercise `{}`", e.id)).at(at("equipment"));
                    err = match did_you_mean(item, EQUIPMENT) {
                        Some(close) => err.hint(format!("did you mean `{close}`? accepted: {}", EQUIPMENT.join(", "))),
                        None => err.hint(format!("accepted: {}", EQUIPMENT.join(", "))),
                    };
                    return Err(err);
                }
            }
            if e.steps.is_empty() {
                return Err(Error::input(format!("exercise `{}` has no steps", e.id))
                    .at(at("id"))
                    .hint("give 1 to 8 numbered steps under `steps:`"));
            }
            let dosage = dosage(&e.dosage, Dosage::default(), &|field| {
                source.locate(&[Seg::Key("exercises"), Seg::Index(i), Seg::Key("dosage"), Seg::Key(field)])
            })?;
            let image = e.image.map(|p| if builtin { PictureRef::Builtin(p) } else { PictureRef::File(base.join(p)) });
            exercises.push(LibraryExercise {
                id: e.id,
                name: e.name,
                kind: e.kind,
                areas: e.areas,
                equipment: e.equipment,
                position: e.position,
                steps: e.steps,
                dosage,
                cautions: e.cautions,
                image,
            });
        }
        Ok(Library { safety: raw.safety, seek_help: raw.seek_help.map(|s| SeekHelp { intro: s.intro, signs: s.signs }), exercises })
    }

    /// This library with `other`'s exercises added; an exercise with the same id replaces ours.
    pub fn extended_by(&self, other: Library) -> Library {
        let mut merged = self.clone();
        for e in other.exercises {
            match merged.exercises.iter_mut().find(|x| x.id == e.id) {
                Some(slot) => *slot = e,
                None => merged.exercises.push(e),
            }
        }
        if other.safety.is_some() {
            merged.safety = other.safety;
        }
        if other.seek_help.is_some() {
            merged.seek_help = other.seek_help;
        }
        merged
    }

    pub fn get(&self, id: &str) -> Option<&LibraryExercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    /// The error for an id that is not in the library, with a suggestion when one is close.
    pub fn unknown(&self, id: &str) -> Error {
        let err = Error::input(format!("unknown exercise `{id}`"));
        match did_you_mean(id, self.exercises.iter().map(|e| e.id.as_str())) {
            Some(close) => err.hint(format!("did you mean `{close}`? (`handout list` shows every exercise)")),
            None => err.hint("`handout list` shows every exercise id; to write your own, give `name:` and `steps:` instead of `id:`"),
        }
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `handout list`: one line per exercise, as an aligned table.
pub fn table(library: &Library) -> String {
    let rows: Vec<[String; 4]> =
        library.exercises.iter().map(|e| [e.id.clone(), e.name.clone(), e.kind.clone(), e.areas.join(", ")]).collect();
    let header = ["ID", "NAME", "KIND", "AREAS"].map(String::from);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row.iter().zip(widths).map(|(c, w)| format!("{c:<w$}")).collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_library_has_all_seventeen() {
        let lib = Library::builtin().unwrap();
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
        let lib = Library::builtin().unwrap();
        let e = lib.unknown("brige");
        assert_eq!(e.message, "unknown exercise `brige`");
        assert_eq!(e.hint.as_deref(), Some("did you mean `bridge`? (`handout list` shows every exercise)"));
    }

    #[test]
    fn table_lists_every_exercise() {
        let lib = Library::builtin().unwrap();
        let t = table(&lib);
        assert_eq!(t.lines().count(), 18);
        assert!(t.lines().next().unwrap().starts_with("ID"));
        assert!(t.contains("wall-sit"));
    }
}
