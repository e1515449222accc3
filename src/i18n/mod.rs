//! Languages: every fixed label on a handout comes from a table in `lang/<code>.yaml`, and a
//! language other than English also carries the built-in library's text. Adding a language is
//! adding one file.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::load::yaml::{self, Source};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageFile {
    pub language: String,
    pub labels: Labels,
    /// The email that carries a handout (`handout batch --email`).
    pub mail: MailText,
    #[serde(default)]
    pub library: Option<LibraryText>,
}

/// The built-in languages are written in NFC (a unit test checks it), so nothing is changed.
impl crate::load::raw::Nfc for LanguageFile {
    fn nfc(&mut self) {}
}

/// The default email in this language: short, friendly, and nothing clinical. `{patient}`,
/// `{clinician}`, `{clinic}` and `{date}` are filled in; a line whose fields are all empty
/// (no clinician) is left out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailText {
    pub subject: String,
    pub body: String,
    /// Added to the body when the attachment is protected with a password (never the password).
    pub protected: String,
}

/// Every fixed piece of text on a handout. `{n}`, `{total}`, `{rest}`, `{patient}`, `{day}`,
/// `{month}`, `{year}` are filled in.
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
    pub dose_hold: String,
    pub dose_repeat: String,
    pub dose_sets: String,
    pub dose_sides: String,
    pub dose_how_often: String,
    pub dose_rest: String,
    pub second: String,
    pub seconds: String,
    pub minute: String,
    pub minutes: String,
    pub once: String,
    pub times: String,
    pub each_side: String,
    pub both_legs: String,
    pub both_arms: String,
    pub both_together: String,
    pub between_sets: String,
    pub between_repeats: String,
    pub daily: String,
    pub twice_daily: String,
    pub three_times_daily: String,
    pub every_other_day: String,
    pub twice_a_week: String,
    pub three_times_a_week: String,
    pub weekly: String,
    pub call_clinic: String,
    pub emergency_call: String,
    pub emergency_default: String,
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

/// The built-in library's text in another language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryText {
    pub safety: Option<String>,
    pub seek_help: Option<crate::load::raw::SeekHelp>,
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

    /// Parses the built-in language `code` (one of `codes()`); `resolve::Loader` parses each
    /// language once, when a handout first asks for it.
    pub fn parse(code: &str) -> Result<Language> {
        let code = check_code(code)?;
        let (_, text) = crate::assets::LANGUAGES.iter().find(|(c, _)| *c == code).expect("check_code found it");
        let source = Source::new(format!("<built-in>/lang/{code}.yaml"), *text);
        let file: LanguageFile = yaml::parse(&source)?;
        Ok(Language { code: code.to_string(), file: Arc::new(file) })
    }
}

/// The codes of all built-in languages.
pub fn codes() -> Vec<&'static str> {
    crate::assets::LANGUAGES.iter().map(|(c, _)| *c).collect()
}

/// The built-in language code `code` names (any case, spaces around), or why there is none.
pub fn check_code(code: &str) -> Result<&'static str> {
    let wanted = code.trim().to_lowercase();
    crate::assets::LANGUAGES
        .iter()
        .map(|(c, _)| *c)
        .find(|c| *c == wanted)
        .ok_or_else(|| Error::input(format!("unknown language `{wanted}`")).hint(format!("accepted: {}", codes().join(", "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_text_is_nfc() {
        for (code, text) in crate::assets::LANGUAGES {
            assert_eq!(crate::load::nfc(text), *text, "lang/{code}.yaml is not NFC");
        }
        assert_eq!(crate::load::nfc(crate::assets::LIBRARY), crate::assets::LIBRARY, "exercises.yaml is not NFC");
    }

    #[test]
    fn every_language_parses() {
        assert!(codes().contains(&"en"));
        for code in codes() {
            let l = Language::parse(code).unwrap();
            assert_eq!(l.labels().months.len(), 12, "{code}");
            assert!(l.file.mail.body.contains("{patient}") && !l.file.mail.subject.contains('\n'), "{code}");
        }
        assert_eq!(check_code(" ES ").unwrap(), "es");
    }

    #[test]
    fn unknown_language_lists_codes() {
        let e = Language::parse("xx").unwrap_err();
        assert_eq!(e.message, "unknown language `xx`");
        assert!(e.hint.unwrap().starts_with("accepted: "));
    }
}
