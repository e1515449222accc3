//! All YAML reading lives here, so the YAML crates can be swapped in one place.
//!
//! `parse` turns a source text into the raw serde types; errors carry file, line and column.
//! `Source::locate` finds where a value sits in the file, for errors found after parsing
//! (an unknown exercise id, a bad colour); it re-reads the text only when an error needs it.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::error::{did_you_mean, Error, Location, Result};

/// Larger YAML files than this are refused: a prescription is a page of text.
pub const MAX_YAML_BYTES: usize = 2 * 1024 * 1024;

/// Flow collections (`[...]`, `{...}`) nested deeper than this are refused before parsing: no
/// handout needs more than a few levels, and the YAML parser slows down with the square of the
/// depth (100,000 `[` would take minutes).
pub const MAX_FLOW_DEPTH: usize = 64;

/// A YAML text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

/// One step in the path to a value: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

impl Source {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Source { path: path.into(), text: text.into() }
    }

    /// Reads a YAML file, refusing what cannot be YAML text (too big, not UTF-8).
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = super::read_limited(path, MAX_YAML_BYTES as u64).map_err(|e| match e {
            super::ReadError::Io(e) => {
                let error = Error::io("read", path, &e);
                match similar_file(path) {
                    Some(close) if e.kind() == std::io::ErrorKind::NotFound => error.hint(format!("did you mean `{close}`?")),
                    _ => error,
                }
            }
            super::ReadError::Directory => Error::input(format!("cannot read {}: it is a directory, not a file", path.display()))
                .hint("give the path of a YAML file, for example prescription.yaml"),
            super::ReadError::NotAFile(kind) => Error::input(super::not_a_file_message(path, kind)).hint(super::NOT_A_FILE_HINT),
            super::ReadError::TooLarge(bytes) => Error::input(format!(
                "the file is too large ({bytes} bytes); a YAML file here may be at most {MAX_YAML_BYTES} bytes (2 MB)"
            ))
            .at(Location::file(path))
            .hint("a prescription is a page or two of text; check that this is the right file"),
        })?;
        Self::from_bytes(path, bytes)
    }

    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Self> {
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.remove(0);
                }
                Ok(Source::new(path, text))
            }
            Err(e) if e.as_bytes().starts_with(&[0xFF, 0xFE]) || e.as_bytes().starts_with(&[0xFE, 0xFF]) => {
                Err(Error::input("the file is UTF-16 text; only UTF-8 is accepted")
                    .at(Location::file(path))
                    .hint("save the file as UTF-8 (most editors offer this under \"Save as\" or \"Encoding\")"))
            }
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let text = String::from_utf8_lossy(valid);
                let line = text.matches('\n').count() + 1;
                let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                Err(Error::input("the file is not UTF-8 text")
                    .at(Location::at(path, line, column))
                    .hint("save the file as UTF-8 (most editors offer this under \"Save as\" or \"Encoding\")"))
            }
        }
    }

    pub fn location(&self, line: usize, column: usize) -> Location {
        Location::at(&self.path, line, column)
    }

    /// The file, line and column of the value at `path`, or just the file when it cannot be found.
    pub fn locate(&self, path: &[Seg]) -> Location {
        match super::locate::find_mark(&self.text, path) {
            Some((line, column)) => self.location(line, column),
            None => Location::file(&self.path),
        }
    }
}

/// A file next to `path` with the same extension and a name close to its name (a typo).
fn similar_file(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = path.file_stem()?.to_str()?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let siblings: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n != name && Path::new(n).extension().and_then(|e| e.to_str()).unwrap_or("") == ext)
        .collect();
    // Compared without the extension, so a short name is not "close" to every other short name.
    let stems: Vec<&str> = siblings.iter().map(|n| Path::new(n).file_stem().and_then(|s| s.to_str()).unwrap_or(n)).collect();
    let close = did_you_mean(stem, stems.iter().copied())?;
    let file = siblings.iter().find(|n| Path::new(n.as_str()).file_stem().and_then(|s| s.to_str()) == Some(close))?;
    Some(path.with_file_name(file).display().to_string())
}

/// Parses `source` into `T`, mapping serde errors to a location and a hint.
/// Text in the result is in Unicode's composed form (`raw::Nfc`).
pub fn parse<T: DeserializeOwned + super::raw::Nfc>(source: &Source) -> Result<T> {
    if source.text.trim().is_empty() || source.text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Err(Error::input("the file is empty")
            .at(Location::file(&source.path))
            .hint("`handout init` writes a starter prescription and brand to copy from"));
    }
    if let Some((line, column)) = too_deep(&source.text) {
        return Err(Error::input(format!("lists or mappings are nested more than {MAX_FLOW_DEPTH} levels deep here"))
            .at(source.location(line, column))
            .hint("a prescription needs only a few levels; look for stray `[` or `{`"));
    }
    let mut value: T = serde_yaml::from_str(&source.text).map_err(|e| yaml_error(source, &e))?;
    value.nfc();
    Ok(value)
}

/// A roster's entries: their cells are made NFC where they are read (`batch::roster`), except
/// the prescription's path.
impl super::raw::Nfc for Vec<serde_yaml::Value> {
    fn nfc(&mut self) {}
}

/// One entry of a list of flat mappings: its `key: text` pairs, or why it cannot be read.
pub type FlatEntry = std::result::Result<Vec<(String, String)>, Error>;

/// A list of flat mappings (a YAML roster), each entry read on its own so that one bad entry
/// does not hide the others. The file itself must be a list. Errors of an entry carry no
/// location; the caller knows which entry it is.
pub fn parse_flat_list(source: &Source) -> Result<Vec<FlatEntry>> {
    use serde_yaml::Value;
    fn kind(v: &Value) -> String {
        match v {
            Value::Sequence(_) => "a list".into(),
            Value::Mapping(_) => "a mapping".into(),
            Value::String(s) => format!("text {s:?}"),
            _ => "a single value".into(),
        }
    }
    fn text(v: &Value) -> Option<String> {
        match v {
            Value::Null => Some(String::new()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(s.clone()),
            Value::Tagged(t) => text(&t.value),
            Value::Sequence(_) | Value::Mapping(_) => None,
        }
    }
    let entries: Vec<Value> = parse(source)?;
    Ok(entries
        .into_iter()
        .map(|entry| match entry {
            Value::Null => Ok(Vec::new()),
            Value::Mapping(m) => m
                .into_iter()
                .map(|(k, v)| {
                    let key = text(&k).ok_or_else(|| Error::input(format!("a key is {}, not a name", kind(&k))))?;
                    let value = text(&v).ok_or_else(|| Error::input(format!("{key}: expected text, found {}", kind(&v))))?;
                    Ok((key, value))
                })
                .collect(),
            other => Err(Error::input(format!("expected a mapping (`key: value` lines), found {}", kind(&other)))
                .hint("write each entry as `- patient: ...` with its fields indented below it")),
        })
        .collect())
}

/// Where flow collections first nest deeper than `MAX_FLOW_DEPTH`, by a quick scan that skips
/// quoted text and comments. It may miss some nesting (a stray quote), never invents any.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '\n';
    for c in text.chars() {
        column += 1;
        if c == '\n' {
            (line, column, comment) = (line + 1, 0, false);
        } else if comment {
            // The rest of the line is a comment.
        } else if let Some(q) = quote {
            if c == q && !(q == '"' && prev == '\\') {
                quote = None;
            }
        } else {
            match c {
                '#' if prev.is_whitespace() => comment = true,
                '"' | '\'' => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((line, column));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        prev = c;
    }
    None
}

fn yaml_error(source: &Source, err: &serde_yaml::Error) -> Error {
    let raw = err.to_string();
    // serde_yaml writes positions into the text (" at line L column C"); the location says it.
    let message = strip_positions(&raw);
    let mut location = match err.location() {
        Some(loc) => source.location(loc.line(), loc.column()),
        None => Location::file(&source.path),
    };
    // An unclosed quote is found only at the end of the file; point at where it opens.
    if message.contains("while scanning a quoted scalar") {
        if let Some((line, column)) = raw.rsplit_once("while scanning a quoted scalar at line ").and_then(|(_, at)| parse_position(at)) {
            let quote =
                source.text.lines().nth(line.saturating_sub(1)).and_then(|l| l.chars().nth(column.saturating_sub(1))).unwrap_or('"');
            return Error::input("this quoted text is never closed")
                .at(source.location(line, column))
                .hint(format!("add the closing {quote} at the end of the text"));
        }
    }
    // serde reports a repeated key at the start of its mapping; point at the repeat.
    if let Some(key) = message.split_once("duplicate field `").and_then(|(_, rest)| rest.split_once('`')).map(|(k, _)| k) {
        if let Some((line, column)) = location.line.and_then(|from| repeated_key(&source.text, from, key)) {
            location = source.location(line, column);
        }
    }
    // A tab where indentation is expected is the parser's "character that cannot start any token".
    let tab_here = location.line.and_then(|l| source.text.lines().nth(l - 1)).zip(location.column).is_some_and(|(line, column)| {
        message.contains("cannot start any token") && line.chars().nth(column.saturating_sub(1)) == Some('\t')
    });
    if tab_here {
        return Error::input("this line is indented with a tab")
            .at(location)
            .hint("YAML does not allow tabs for indentation; indent with spaces");
    }
    let mut error = Error::input(tidy(&message)).at(location.clone());
    if let Some(hint) = hint_for(&message, source, &location) {
        error = error.hint(hint);
    }
    error
}

/// Removes every " at line L column C" from a serde_yaml message.
fn strip_positions(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let skip = after.find(|c: char| !(c.is_ascii_digit() || c == ' ' || "column".contains(c))).unwrap_or(after.len());
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

/// "3 column 8, while ..." → (3, 8).
fn parse_position(text: &str) -> Option<(usize, usize)> {
    let (line, rest) = text.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// The line and column of the second `key:` at the same indentation as the first one, at or
/// after line `from`.
fn repeated_key(text: &str, from: usize, key: &str) -> Option<(usize, usize)> {
    let mut first_column = None;
    for (i, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let body = line.trim_start_matches([' ', '-']);
        let column = line.len() - body.len() + 1;
        let is_key = body.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':'));
        if !is_key {
            continue;
        }
        match first_column {
            None => first_column = Some(column),
            Some(c) if c == column => return Some((i + 1, column)),
            Some(_) => {}
        }
    }
    None
}

/// Rewrites serde's wording into something a clinic's office manager can act on.
fn tidy(message: &str) -> String {
    // "invalid type: string \"bridge\", expected a sequence" → "expected a list, found text \"bridge\""
    if let Some(i) = message.find("invalid type: ") {
        let (path, rest) = message.split_at(i);
        let rest = &rest["invalid type: ".len()..];
        if let Some((found, expected)) = rest.rsplit_once(", expected ") {
            return format!("{path}expected {}, found {}", kind_name(expected), kind_name(found));
        }
    }
    // ", while parsing a block mapping" names the parser's state, which helps no one.
    let message = message.split(", while ").next().unwrap_or(message);
    message.replace("data did not match any variant of untagged enum", "value is not in a form that is accepted for")
}

/// serde's names for kinds of value, in plain words.
fn kind_name(kind: &str) -> String {
    if let Some(text) = kind.strip_prefix("string ") {
        return format!("text {text}");
    }
    for (prefix, plain) in [("integer ", "the number "), ("floating point ", "the number "), ("boolean ", "yes/no value ")] {
        if let Some(value) = kind.strip_prefix(prefix) {
            return format!("{plain}{value}");
        }
    }
    if kind.starts_with("struct ") {
        return "a mapping (`key: value` lines)".to_string();
    }
    match kind {
        "a string" => "text",
        "a boolean" => "`true` or `false`",
        "sequence" | "a sequence" => "a list",
        "map" | "a map" => "a mapping (`key: value` lines)",
        "unit value" => "nothing",
        other => other,
    }
    .to_string()
}

fn hint_for(message: &str, source: &Source, location: &Location) -> Option<String> {
    if let Some((word, expected)) = unknown_and_expected(message) {
        if let Some(close) = did_you_mean(&word, expected.iter().map(String::as_str)) {
            return Some(format!("did you mean `{close}`?"));
        }
        return Some(format!("accepted here: {}", expected.join(", ")));
    }
    if let Some(line) = location.line.and_then(|l| source.text.lines().nth(l.saturating_sub(1))) {
        if line.contains('\t') {
            return Some("YAML does not allow tabs for indentation; indent with spaces".into());
        }
    }
    if message.starts_with("invalid type: sequence, expected struct") {
        return Some(
            "a prescription is `key: value` lines (`title:`, `patient:`, `exercises:` ...); the list of exercises goes under `exercises:`"
                .into(),
        );
    }
    if message.contains("expected a string") && (message.contains("invalid type: sequence") || message.contains("invalid type: map")) {
        return Some("write the text after the colon; put it in quotes if it starts with `[` or `{` or contains `: `".into());
    }
    if message.contains("expected a boolean") {
        return Some("write `true` or `false`".into());
    }
    if message.contains("control characters are not allowed") {
        return Some(
            "the file holds something that is not text (a word-processor document or a damaged file?); save it as plain UTF-8 text".into(),
        );
    }
    if message.contains("expected a sequence") {
        return Some("write a list: one `- item` per line, or `[a, b]` on one line".into());
    }
    if message.contains("mapping values are not allowed") {
        return Some(
            "a text that contains `: ` must be quoted, for example `notes: \"Tip: breathe out\"`; otherwise check the indentation".into(),
        );
    }
    if message.contains("did not find expected key") || message.contains("did not find expected '-' indicator") {
        return Some("check the indentation: entries of one list or mapping must start in the same column".into());
    }
    if message.contains("duplicate") {
        return Some("each key may appear only once in a mapping; remove or merge the repeated one".into());
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return Some("the file nests or repeats too deeply to be a handout; simplify it".into());
    }
    None
}

/// From "unknown field `hodl`, expected one of `hold`, `reps`" get ("hodl", ["hold", "reps"]).
fn unknown_and_expected(message: &str) -> Option<(String, Vec<String>)> {
    let start = message.find("unknown field `").map(|i| i + 15).or_else(|| message.find("unknown variant `").map(|i| i + 17))?;
    let rest = &message[start..];
    let end = rest.find('`')?;
    let word = rest[..end].to_string();
    let expected_part = rest.split_once("expected ")?.1;
    let expected = expected_part.split('`').skip(1).step_by(2).map(str::to_string).collect::<Vec<_>>();
    if expected.is_empty() {
        return None;
    }
    Some((word, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_found_outside_quotes_and_comments() {
        let deep = format!("title: {}{}\n", "[".repeat(MAX_FLOW_DEPTH + 1), "]".repeat(MAX_FLOW_DEPTH + 1));
        assert_eq!(too_deep(&deep), Some((1, 8 + MAX_FLOW_DEPTH)));
        let quoted = format!("title: \"{}\"\nnotes: '{}'\n# {}\n", "[".repeat(200), "{".repeat(200), "[".repeat(200));
        assert_eq!(too_deep(&quoted), None);
        assert_eq!(too_deep("exercises: [bridge, {id: wall-sit, steps: [a, b]}]\n"), None);
    }

    #[test]
    fn reports_non_utf8_position() {
        let err = Source::from_bytes(Path::new("x.yaml"), b"title: a\npatient: \xff\n".to_vec()).unwrap_err();
        assert_eq!(err.location, Some(Location::at("x.yaml", 2, 10)));
    }
}
