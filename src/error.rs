//! One error type for the whole program. It knows its exit code, where in which file the
//! problem is, and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// Whether the user can fix the problem by changing their input (exit code 2) or something
/// else went wrong while making the handout (exit code 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input or usage: a file that cannot be read as what it should be, a wrong value.
    Input,
    /// The handout could not be made or written for another reason (disk full, I/O).
    Failure,
}

/// A place in a source file. Line and column are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location { file: file.into(), line: None, column: None }
    }

    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location { file: file.into(), line: Some(line), column: Some(column) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Bad input. Quoted input in `message` is cut to one short line (`shorten_quotes`).
    pub fn input(message: impl Into<String>) -> Self {
        Error { kind: ErrorKind::Input, location: None, message: shorten_quotes(&message.into()), hint: None }
    }

    /// Any other failure. Quoted input in `message` is cut to one short line.
    pub fn failure(message: impl Into<String>) -> Self {
        Error { kind: ErrorKind::Failure, location: None, message: shorten_quotes(&message.into()), hint: None }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the location to `file` unless a more precise one is already known.
    pub fn in_file(mut self, file: &Path) -> Self {
        if self.location.is_none() {
            self.location = Some(Location::file(file));
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(shorten_quotes(&hint.into()));
        self
    }

    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::Input => 2,
            ErrorKind::Failure => 1,
        }
    }

    /// An error reading `path` from disk, worded for a person.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        use std::io::ErrorKind as Io;
        let why = match err.kind() {
            Io::NotFound => "no such file".to_string(),
            Io::PermissionDenied => "permission denied".to_string(),
            Io::IsADirectory => "it is a directory, not a file".to_string(),
            Io::StorageFull => "the disk is full".to_string(),
            Io::QuotaExceeded => "the disk quota is used up".to_string(),
            Io::FileTooLarge => "the file would be larger than this system allows (a file size limit or quota)".to_string(),
            _ => describe_io(err),
        };
        let kind = match err.kind() {
            Io::StorageFull | Io::QuotaExceeded | Io::FileTooLarge | Io::Interrupted | Io::OutOfMemory => ErrorKind::Failure,
            _ if action.starts_with("write") || action.starts_with("create") => ErrorKind::Failure,
            _ => ErrorKind::Input,
        };
        let hint = match err.kind() {
            Io::StorageFull | Io::QuotaExceeded | Io::FileTooLarge => Some(NO_SPACE_HINT.to_string()),
            Io::PermissionDenied if kind == ErrorKind::Failure => {
                Some("this folder cannot be written to; choose another folder, or ask whoever manages the computer".to_string())
            }
            Io::PermissionDenied => Some(
                "the file's permissions do not let you read it; ask whoever manages the computer, or copy it somewhere you can read"
                    .to_string(),
            ),
            _ => None,
        };
        Error { kind, location: None, message: format!("cannot {action} {}: {why}", path.display()), hint }
    }
}

/// The hint for a write that failed for lack of space (a full disk, a quota, a size limit).
pub const NO_SPACE_HINT: &str = "nothing was written; free some space, or write to another disk or folder, then run it again";

fn describe_io(err: &std::io::Error) -> String {
    // "Is a directory (os error 21)" -> "is a directory"
    let text = err.to_string();
    let text = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text.to_string(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Every problem found in one input, in the order they stand in the file. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(Vec<Error>);

impl Problems {
    /// `None` when there are no problems.
    pub fn new(mut errors: Vec<Error>) -> Option<Problems> {
        if errors.is_empty() {
            return None;
        }
        errors.dedup();
        Some(Problems(errors))
    }

    /// The first problem, for commands that report one (render, a batch row).
    pub fn first(&self) -> &Error {
        &self.0[0]
    }

    pub fn into_first(self) -> Error {
        self.0.into_iter().next().expect("problems are never empty")
    }

    pub fn iter(&self) -> impl Iterator<Item = &Error> {
        self.0.iter()
    }

    pub fn into_vec(self) -> Vec<Error> {
        self.0
    }
}

impl From<Error> for Problems {
    fn from(e: Error) -> Self {
        Problems(vec![e])
    }
}

/// The error for `--deny-warnings`: `listed` repeats the warnings in the message (a single
/// handout); a batch prints its warnings once, on their own.
pub fn warnings_denied(warnings: &[Warning], listed: bool) -> Error {
    let list: String = if listed { warnings.iter().map(|w| format!("\n  warning: {w}")).collect() } else { String::new() };
    let colon = if listed { ":" } else { "" };
    Error::input(format!("{} warning(s) and --deny-warnings was given; no PDF was written{colon}{list}", warnings.len()))
}

/// Something that works but is probably not what the user wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub location: Option<Location>,
    pub message: String,
}

impl Warning {
    pub fn new(message: impl Into<String>) -> Self {
        Warning { location: None, message: shorten_quotes(&message.into()) }
    }

    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// The most of any input that a message quotes: one line of at most this many characters.
pub const MAX_QUOTED_CHARS: usize = 80;

/// Input as a message quotes it: its first line, at most `MAX_QUOTED_CHARS` characters, with
/// control characters shown as `�`. A cut is marked with `…`.
pub fn quote(text: &str) -> String {
    let line = text.split(['\n', '\r']).next().unwrap_or("");
    let mut out: String = line.chars().take(MAX_QUOTED_CHARS).map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect();
    if line.chars().count() > MAX_QUOTED_CHARS || line.len() < text.len() {
        out.push('…');
    }
    out
}

/// `message` with every quoted piece (between backticks, or between double quotes as serde
/// writes a value) cut by `quote`, so a message never repeats more than a short line of a file
/// whatever text reaches it. Control characters outside quotes, other than line breaks, are
/// shown as `�`.
pub fn shorten_quotes(message: &str) -> String {
    let needs_work = message.chars().any(|c| c == '`' || c == '"' || (c.is_control() && c != '\n'));
    if !needs_work {
        return message.to_string();
    }
    let chars: Vec<char> = message.chars().collect();
    let mut out = String::with_capacity(message.len().min(4096));
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' || c == '"' {
            // The closing delimiter; inside double quotes a backslash escapes the next character.
            let mut j = i + 1;
            while j < chars.len() && chars[j] != c {
                j += if c == '"' && chars[j] == '\\' { 2 } else { 1 };
            }
            if j < chars.len() {
                let inner: String = chars[i + 1..j].iter().collect();
                out.push(c);
                out.push_str(&quote(&inner));
                out.push(c);
                i = j + 1;
                continue;
            }
        }
        out.push(if c.is_control() && c != '\n' { '\u{FFFD}' } else { c });
        i += 1;
    }
    out
}

/// The closest candidate to `word`, if it is close enough to be a likely typo: at most one
/// edit (a swapped pair counts as one) for short words, two from six letters, three from ten
/// (Damerau-Levenshtein, from `strsim`). `{dob}` suggests nothing rather than `{row}`.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= typo_distance(c.chars().count()) && *d < word.chars().count().max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// How many edits a typo of a word this long may have.
fn typo_distance(len: usize) -> usize {
    match len {
        0..=5 => 1,
        6..=9 => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids() {
        let ids = ["bridge", "wall-sit", "pelvic-tilt"];
        assert_eq!(did_you_mean("brige", ids), Some("bridge"));
        assert_eq!(did_you_mean("hodl", ["hold", "reps"]), Some("hold"));
        assert_eq!(did_you_mean("xyzzy", ids), None);
        assert_eq!(did_you_mean("dob", ["patient", "date", "clinician", "prescription", "row"]), None);
        assert_eq!(did_you_mean("pateint", ["patient", "date"]), Some("patient"));
        assert_eq!(did_you_mean("dat", ["patient", "date"]), Some("date"));
        assert_eq!(did_you_mean("emial", ["email", "notes"]), Some("email"));
        assert_eq!(did_you_mean("wal-sit", ids), Some("wall-sit"));
        assert_eq!(did_you_mean("x", ["y", "row"]), None);
    }

    #[test]
    fn quoted_input_is_one_short_line() {
        assert_eq!(quote("short"), "short");
        assert_eq!(quote("two\nlines"), "two…");
        assert_eq!(quote(&"x".repeat(200)).chars().count(), MAX_QUOTED_CHARS + 1);
        assert_eq!(quote("a\u{0}b"), "a\u{FFFD}b");
        let long = format!("expected a mapping, found text \"{}\"", "word ".repeat(100));
        let short = shorten_quotes(&long);
        assert!(short.len() < 120 && short.ends_with("…\""), "{short}");
        assert_eq!(shorten_quotes("unknown column `a\nb`"), "unknown column `a…`");
        assert_eq!(shorten_quotes("text \"a \\\" b\" and `c`"), "text \"a \\\" b\" and `c`");
        assert_eq!(shorten_quotes("an odd ` stays"), "an odd ` stays");
        assert_eq!(shorten_quotes("two\nlines stay"), "two\nlines stay");
        assert!(Error::input(format!("`{}`", "y".repeat(500))).message.len() < 90 * 3);
    }

    #[test]
    fn displays_location_and_hint() {
        let e = Error::input("unknown paper size `a5`").at(Location::at("p.yaml", 3, 8)).hint("use a4 or letter");
        assert_eq!(e.to_string(), "p.yaml:3:8: unknown paper size `a5`\n  hint: use a4 or letter");
        assert_eq!(e.exit_code(), 2);
    }
}
