//! What every value must pass, in one place: text (length, printable characters, the font
//! has every letter), web addresses, file references. And where a failure points: `Place`
//! is a path in a YAML file or a flag or roster cell; `Findings` collects every problem.

use std::path::Path;

use crate::error::{Error, Location, Result, Warning};
use crate::fonts::FontSet;
use crate::load::{Origin, ReadError, Seg, Source};

use super::MAX_TEXT_CHARS;

/// Where a value is written.
#[derive(Debug, Clone)]
pub(crate) enum Place<'a> {
    /// A value in a YAML file, by its path from the top.
    Yaml(&'a Source, Vec<Seg>),
    /// A command-line option or a roster cell.
    Given(&'a Origin),
}

impl Place<'_> {
    /// `error`, pointing here.
    pub fn blame(&self, error: Error) -> Error {
        match self {
            Place::Yaml(source, path) => error.at(locate(source, path)),
            Place::Given(origin) => origin.blame(error),
        }
    }

    /// How a message names the value: `the text of `patient:`` or, for a roster cell or a
    /// flag, `the value`.
    pub fn describe(&self, in_file: impl FnOnce() -> String) -> String {
        match self {
            Place::Yaml(..) => in_file(),
            Place::Given(_) => "the value".to_string(),
        }
    }
}

/// The value at `path`, or the nearest enclosing one that is written in the file (a library
/// exercise's step is located at its entry in the prescription), or the file.
pub(crate) fn locate(source: &Source, path: &[Seg]) -> Location {
    for len in (1..=path.len()).rev() {
        let l = source.locate(&path[..len]);
        if l.line.is_some() {
            return l;
        }
    }
    Location::file(&source.path)
}

/// Problems and warnings found while resolving, in the order found.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub problems: Vec<Error>,
    pub warnings: Vec<Warning>,
    /// The files read (or named to be read), found or not.
    pub inputs: Vec<crate::model::Input>,
}

impl Findings {
    pub fn problem(&mut self, e: Error) {
        self.problems.push(e);
    }

    /// The value, or `None` with the error kept.
    pub fn keep<T>(&mut self, r: Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.problems.push(e);
                None
            }
        }
    }

    pub fn warn(&mut self, w: Warning) {
        self.warnings.push(w);
    }

    pub fn read(&mut self, role: crate::model::Role, path: &Path) {
        self.inputs.push(crate::model::Input::new(role, path));
    }
}

/// Checks one piece of text that will be printed: `what` names it in messages ("the text of
/// `patient:`"). `one_line` for values printed on one line (names).
pub(crate) fn text(fonts: &FontSet, what: &str, text: &str, one_line: bool) -> Result<()> {
    let length = text.chars().count();
    if length > MAX_TEXT_CHARS {
        return Err(Error::input(format!("{what} is {length} characters long; at most {MAX_TEXT_CHARS} fit on a handout"))
            .hint("shorten it; a handout is read at a glance, so keep each text to a few sentences"));
    }
    if one_line && text.contains(['\n', '\r']) {
        return Err(Error::input(format!("{what} runs over more than one line")).hint("put it on one line"));
    }
    if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
        return Err(Error::input(format!("{what} contains a control character (U+{:04X}), which cannot be printed", c as u32))
            .hint("remove it; invisible characters like this often come with text copied from another program"));
    }
    if let Some(c) = text.chars().find(|c| right_to_left(*c)) {
        return Err(Error::input(format!(
            "{what} contains `{c}` (U+{:04X}), a right-to-left {} character; handout cannot lay out right-to-left text yet, and would print it reversed",
            c as u32,
            script(c)
        ))
        .hint("write it in Latin letters (for example the name as it is spelled in a passport), or make this handout another way"));
    }
    if let Some(c) = fonts.missing(text) {
        return Err(Error::input(format!(
            "{what} contains `{c}` (U+{:04X}), which the font {} cannot print",
            c as u32, fonts.regular.name
        ))
        .hint("remove the character, or give the brand a font that has it (`fonts: {regular: ..., bold: ...}`)"));
    }
    Ok(())
}

/// A character written right to left (Hebrew, Arabic, Syriac, Thaana, NKo ...), or one that
/// starts right-to-left text (RLE, RLO, RLI): text with one would need bidirectional reordering
/// and shaping, which layout does not do.
pub(crate) fn right_to_left(c: char) -> bool {
    use unicode_bidi::BidiClass::{AL, R, RLE, RLI, RLO};
    (c as u32) >= 0x590 && matches!(unicode_bidi::bidi_class(c), R | AL | RLE | RLO | RLI)
}

/// The script of a right-to-left character, for messages.
fn script(c: char) -> &'static str {
    match c as u32 {
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => "Hebrew",
        0x0600..=0x06FF | 0x0750..=0x077F | 0x0870..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => "Arabic",
        0x0700..=0x074F | 0x0860..=0x086F => "Syriac",
        0x0780..=0x07BF => "Thaana",
        0x07C0..=0x07FF => "NKo",
        _ => "script",
    }
}

/// A web address that will be printed and linked: `https://` or `http://` and a host name.
pub(crate) fn url(url: &str) -> std::result::Result<(), &'static str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).ok_or("it must start with https:// or http://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || !host.contains('.') || host.contains(char::is_whitespace) || url.contains(' ') {
        return Err("the site name after https:// is missing or has spaces");
    }
    Ok(())
}

/// An email address that will be printed: something@somewhere.tld, no spaces.
pub(crate) fn email(email: &str) -> bool {
    email.split_once('@').is_some_and(|(u, d)| !u.is_empty() && d.contains('.') && !email.contains(' '))
}

/// The error for a referenced file that is not there (or is a folder).
pub(crate) fn missing_file(what: &str, path: &Path, location: Location) -> Error {
    if let Some(kind) = std::fs::metadata(path).ok().and_then(|m| crate::load::special_kind(&m.file_type())) {
        return not_a_file(what, path, kind).at(location);
    }
    if path.is_dir() {
        return Error::input(format!("the {what} {} is a directory, not a file", path.display()))
            .at(location)
            .hint(format!("give the path of the {what} itself, not of the folder it is in"));
    }
    Error::input(format!("the {what} {} does not exist", path.display()))
        .at(location)
        .hint("paths are relative to the YAML file that names them")
}

/// The error for a referenced path that is a named pipe, a device or a socket.
fn not_a_file(what: &str, path: &Path, kind: &str) -> Error {
    Error::input(format!("the {what} {} is {kind}, not a regular file", path.display())).hint(crate::load::NOT_A_FILE_HINT)
}

/// Largest picture or font file read.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Reads a file that a YAML file refers to (a picture, a logo, a font); errors point at the
/// reference.
pub(crate) fn read_file(path: &Path, what: &str, location: &Location) -> Result<Vec<u8>> {
    if !path.is_file() {
        return Err(missing_file(what, path, location.clone()));
    }
    crate::load::read_limited(path, MAX_FILE_BYTES).map_err(|e| {
        match e {
            ReadError::Io(e) => Error::io(&format!("read the {what}"), path, &e),
            ReadError::Directory => missing_file(what, path, location.clone()),
            ReadError::NotAFile(kind) => not_a_file(what, path, kind),
            ReadError::TooLarge(bytes) => {
                Error::input(format!("the {what} {} is too large ({} MB); at most 50 MB is accepted", path.display(), bytes / 1_048_576))
            }
        }
        .at(location.clone())
    })
}

/// Where `key:` is written in the mapping that starts at `mapping` (the value's own mark is
/// useless when the value is empty: it points at whatever follows).
pub(crate) fn key_location(source: &Source, mapping: Location, key: &str) -> Location {
    let from = mapping.line.unwrap_or(1);
    let found = source.text.lines().enumerate().skip(from - 1).find_map(|(i, line)| {
        let body = line.trim_start_matches([' ', '{']);
        body.strip_prefix(key).filter(|r| r.trim_start().starts_with(':')).map(|_| source.location(i + 1, line.len() - body.len() + 1))
    });
    found.unwrap_or(mapping)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked() {
        assert!(url("https://example.com/book").is_ok());
        assert!(url("example.com").is_err());
        assert!(url("https://").is_err());
    }

    #[test]
    fn text_checks_say_what_is_wrong() {
        let fonts = FontSet::builtin();
        assert!(text(&fonts, "the name", "Zoë Łukasiewicz", true).is_ok());
        assert_eq!(
            text(&fonts, "the name", "Ana 😀", false).unwrap_err().message,
            "the name contains `😀` (U+1F600), which the font Lato-Regular cannot print"
        );
        assert_eq!(text(&fonts, "the name", "a\nb", true).unwrap_err().message, "the name runs over more than one line");
        assert!(text(&fonts, "the notes", "a\nb", false).is_ok());
        assert!(text(&fonts, "x", "bell\u{7}", false).unwrap_err().message.contains("U+0007"));
        assert!(text(&fonts, "x", &"a".repeat(MAX_TEXT_CHARS + 1), false).unwrap_err().message.contains("2001 characters"));
    }

    #[test]
    fn right_to_left_text_is_refused_naming_its_script() {
        let fonts = FontSet::builtin();
        let e = text(&fonts, "the text of `patient:`", "דוד כהן", true).unwrap_err();
        assert!(e.message.starts_with("the text of `patient:` contains `ד` (U+05D3), a right-to-left Hebrew character"), "{}", e.message);
        let e = text(&fonts, "x", "Dr. محمد", false).unwrap_err();
        assert!(e.message.contains("U+0645), a right-to-left Arabic character"), "{}", e.message);
        assert!(text(&fonts, "x", "ab\u{202E}cd", false).unwrap_err().message.contains("right-to-left"));
        for ok in ["Zoë Łukasiewicz", "José Núñez", "Nguyễn", "12:30 (ok)"] {
            assert!(!ok.chars().any(right_to_left), "{ok}");
        }
    }

    #[test]
    fn emails_are_checked() {
        assert!(email("front@clinic.example"));
        assert!(!email("front desk@clinic.example") && !email("clinic.example") && !email("@x.y"));
    }
}
