//! The exercise library: the built-in one, optionally extended by a clinic's own file.
//! `resolve::library` reads and checks library files into these types.

use std::path::PathBuf;

use crate::error::{did_you_mean, Error};
use crate::model::{Dosage, SeekHelp};

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
    pub limbs: Option<crate::model::Limbs>,
    pub areas: Vec<String>,
    pub equipment: Vec<String>,
    pub position: Option<String>,
    pub steps: Vec<String>,
    pub dosage: Dosage,
    pub cautions: Vec<String>,
    pub image: Option<PictureRef>,
    /// What the picture shows, in one sentence, for screen readers.
    pub alt: Option<String>,
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

    /// About how many bytes the library holds, for bounding caches.
    pub fn bytes(&self) -> usize {
        let text = |v: &[String]| v.iter().map(|s| s.len() + 24).sum::<usize>();
        self.exercises
            .iter()
            .map(|e| 256 + e.name.len() + e.position.as_ref().map_or(0, String::len) + text(&e.steps) + text(&e.cautions))
            .sum()
    }
}
