//! Languages: every fixed label on a handout comes from a table in `lang/<code>.yaml`, and a
//! language other than English also carries the built-in library's text. Adding a language is
//! adding one file.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::handout::Date;
use crate::yaml::{self, Source};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageFile {
    pub language: String,
    pub labels: Labels,
    #[serde(default)]
    pub library: Option<LibraryText>,
}

/// Every fixed piece of text on a handout. `{n}`, `{total}`, `{patient}`, `{day}`, `{month}`,
/// `{year}` are filled in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub patient: String,
    pub date: String,
    pub clinician: String,
    pub notes_heading: String,
    pub start: String,
    pub your_clinician: String,
    pub take_care: String,
    pub safety_heading: String,
    pub seek_help_heading: String,
    pub page: String,
    pub hold_seconds: String,
    pub hold_minutes: String,
    pub rep: String,
    pub reps: String,
    pub set: String,
    pub sets: String,
    pub each_side: String,
    pub both_sides: String,
    pub rest: String,
    /// Rest when there is only one set.
    pub rest_reps: String,
    pub daily: String,
    pub twice_daily: String,
    pub three_times_daily: String,
    pub every_other_day: String,
    pub twice_a_week: String,
    pub three_times_a_week: String,
    pub weekly: String,
    pub months: Vec<String>,
    pub date_format: String,
    pub video: String,
    pub book_next_visit: String,
    pub log_heading: String,
    pub log_hint: String,
    pub log_exercise: String,
    pub default_title: String,
    pub subject: String,
    pub subject_no_patient: String,
}

impl Labels {
    pub fn date(&self, d: Date) -> String {
        let month = self.months.get(usize::from(d.month) - 1).map_or("", String::as_str);
        self.date_format.replace("{day}", &d.day.to_string()).replace("{month}", month).replace("{year}", &d.year.to_string())
    }

    pub fn page(&self, n: usize, total: usize) -> String {
        self.page.replace("{n}", &n.to_string()).replace("{total}", &total.to_string())
    }
}

/// Fill `{n}` in a label.
pub fn with_n(label: &str, n: impl std::fmt::Display) -> String {
    label.replace("{n}", &n.to_string())
}

/// The built-in library's text in another language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryText {
    pub safety: Option<String>,
    pub seek_help: Option<crate::raw::SeekHelp>,
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseText {
    pub name: String,
    pub position: Option<String>,
    pub steps: Vec<String>,
    #[serde(default)]
    pub cautions: Vec<String>,
    /// The picture's one-sentence description for screen readers, in this language.
    pub alt: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Language {
    /// ISO 639-1 code, also written to the PDF's /Lang.
    pub code: String,
    pub file: Arc<LanguageFile>,
}

impl Language {
    pub fn labels(&self) -> &Labels {
        &self.file.labels
    }

    /// A built-in language by code (`en`, `es`). Each language file is parsed once, when first
    /// asked for.
    pub fn get(code: &str) -> Result<Language> {
        let code = code.trim().to_lowercase();
        let Some(index) = crate::assets::LANGUAGES.iter().position(|(c, _)| *c == code) else {
            return Err(Error::input(format!("unknown language `{code}`")).hint(format!("accepted: {}", codes().join(", "))));
        };
        static PARSED: OnceLock<Vec<OnceLock<std::result::Result<Language, Error>>>> = OnceLock::new();
        let slots = PARSED.get_or_init(|| crate::assets::LANGUAGES.iter().map(|_| OnceLock::new()).collect());
        slots[index]
            .get_or_init(|| {
                let (code, text) = crate::assets::LANGUAGES[index];
                let source = Source::new(format!("<built-in>/lang/{code}.yaml"), text);
                let file: LanguageFile = yaml::parse(&source)?;
                Ok(Language { code: code.to_string(), file: Arc::new(file) })
            })
            .clone()
    }

    pub fn english() -> Language {
        // English ships with the binary; its file is checked by a unit test.
        Language::get("en").expect("built-in English labels")
    }
}

/// The codes of all built-in languages.
pub fn codes() -> Vec<&'static str> {
    crate::assets::LANGUAGES.iter().map(|(c, _)| *c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_parses_and_fills_dates() {
        assert!(codes().contains(&"en"));
        for code in codes() {
            let l = Language::get(code).unwrap();
            assert_eq!(l.labels().months.len(), 12, "{code}");
            let d = l.labels().date(Date { year: 2026, month: 11, day: 21 });
            assert!(d.contains("2026") && d.contains("21"), "{code}: {d}");
        }
        assert_eq!(Language::english().labels().date(Date { year: 2026, month: 11, day: 21 }), "21 November 2026");
    }

    #[test]
    fn unknown_language_lists_codes() {
        let e = Language::get("xx").unwrap_err();
        assert_eq!(e.message, "unknown language `xx`");
        assert!(e.hint.unwrap().starts_with("accepted: "));
    }

    #[test]
    fn translations_cover_the_whole_library() {
        let lib = crate::library::Library::builtin().unwrap();
        for code in codes().into_iter().filter(|c| *c != "en") {
            let l = Language::get(code).unwrap();
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
