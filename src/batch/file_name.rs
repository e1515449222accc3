//! File names for a batch: the `--name` template (`{date}-{patient}.pdf`) and names made safe
//! on every system.

use crate::error::{did_you_mean, Error, Result};

/// The default file name template.
pub const DEFAULT_NAME: &str = "{date}-{patient}.pdf";
/// Longest file name written, in bytes, extension included (well under every file system's 255).
pub const MAX_NAME_BYTES: usize = 120;

/// The parsed `--name` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(Field),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Patient,
    Date,
    Clinician,
    Prescription,
    Row,
}

const FIELDS: [(&str, Field); 5] = [
    ("patient", Field::Patient),
    ("date", Field::Date),
    ("clinician", Field::Clinician),
    ("prescription", Field::Prescription),
    ("row", Field::Row),
];

impl Template {
    /// Parses a template such as `{date}-{patient}.pdf`.
    pub fn parse(text: &str) -> Result<Template> {
        let accepted = || format!("accepted: {}", FIELDS.iter().map(|(n, _)| format!("{{{n}}}")).collect::<Vec<_>>().join(", "));
        if text.contains(['/', '\\']) {
            return Err(Error::input(format!("the file name template `{text}` contains a folder separator"))
                .hint("give the folder with --out-dir and only the file name with --name"));
        }
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(Error::input(format!("the file name template `{text}` has a `}}` without a `{{`")).hint(accepted()));
            }
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                return Err(Error::input(format!("the file name template `{text}` has a `{{` without a `}}`")).hint(accepted()));
            };
            let name = rest[open + 1..open + close].trim();
            let Some((_, field)) = FIELDS.iter().find(|(n, _)| *n == name) else {
                let error = Error::input(format!("unknown field `{{{name}}}` in the file name template `{text}`"));
                return Err(match did_you_mean(name, FIELDS.iter().map(|(n, _)| *n)) {
                    Some(close) => error.hint(format!("did you mean `{{{close}}}`? {}", accepted())),
                    None => error.hint(accepted()),
                });
            };
            parts.push(Part::Field(*field));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        if !parts.iter().any(|p| matches!(p, Part::Field(_))) {
            return Err(Error::input(format!("the file name template `{text}` names no field, so every handout would get the same name"))
                .hint(format!("include at least {{patient}}; {}", accepted())));
        }
        Ok(Template { parts })
    }

    /// The safe file name for one row, or `None` if nothing printable is left.
    pub(crate) fn file_name(&self, values: &NameValues<'_>) -> Option<String> {
        let mut name = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => name.push_str(t),
                Part::Field(f) => {
                    let value = match f {
                        Field::Patient => values.patient.to_string(),
                        Field::Date => values.date.to_string(),
                        Field::Clinician => values.clinician.to_string(),
                        Field::Prescription => values.prescription.to_string(),
                        Field::Row => values.row.to_string(),
                    };
                    name.push_str(&field_value(&value));
                }
            }
        }
        safe_file_name(&name)
    }
}

impl Default for Template {
    fn default() -> Self {
        Template::parse(DEFAULT_NAME).expect("the default template parses")
    }
}

pub(crate) struct NameValues<'a> {
    pub patient: &'a str,
    pub date: &'a str,
    pub clinician: &'a str,
    pub prescription: &'a str,
    pub row: usize,
}

/// A roster value as it goes into a file name: no folder separators, one line.
fn field_value(value: &str) -> String {
    let mapped: String = value
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' {
                '-'
            } else if c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Makes `name` safe as a file name on Linux, macOS and Windows: no path separators or
/// characters Windows forbids, no control or bidirectional-override characters, no leading dots
/// (hidden files, `..`), no trailing dots or spaces, no reserved device names (`CON`, `NUL`,
/// `COM1`...), at most `MAX_NAME_BYTES` bytes, and ending in `.pdf`.
pub fn safe_file_name(name: &str) -> Option<String> {
    let cleaned: String = name
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .map(|c| if matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*') { '-' } else { c })
        .collect();
    let stem = match cleaned.len().checked_sub(4) {
        Some(i) if cleaned.is_char_boundary(i) && cleaned[i..].eq_ignore_ascii_case(".pdf") => &cleaned[..i],
        _ => cleaned.as_str(),
    };
    let trim = |s: &str| s.trim_start_matches([' ', '.', '-']).trim_end_matches([' ', '.']).to_string();
    let mut stem = trim(stem);
    if stem.len() > MAX_NAME_BYTES - 4 {
        let mut end = MAX_NAME_BYTES - 4;
        while !stem.is_char_boundary(end) {
            end -= 1;
        }
        stem = trim(&stem[..end]);
    }
    if stem.is_empty() {
        return None;
    }
    // Windows reserves these device names whatever the extension: `CON.pdf`, `nul.txt.pdf`.
    let device = stem.split('.').next().unwrap_or("").trim_end().to_ascii_uppercase();
    let reserved = matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$")
        || ((device.starts_with("COM") || device.starts_with("LPT"))
            && device.len() > 3
            && device[3..].chars().count() == 1
            && device[3..].chars().all(|c| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³')));
    if reserved {
        stem.insert(0, '_');
    }
    Some(format!("{stem}.pdf"))
}

/// Zero-width and bidirectional-control characters, which make a name look like another.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(template: &str, patient: &str) -> Option<String> {
        Template::parse(template).unwrap().file_name(&NameValues {
            patient,
            date: "2026-11-21",
            clinician: "Alex Rivera, PT",
            prescription: "hip",
            row: 7,
        })
    }

    #[test]
    fn names_follow_the_template() {
        assert_eq!(name(DEFAULT_NAME, "José Núñez").as_deref(), Some("2026-11-21-José Núñez.pdf"));
        assert_eq!(name("{patient}-{row}", "Zoë").as_deref(), Some("Zoë-7.pdf"));
        assert_eq!(name("{clinician} {patient}.PDF", "Zoë").as_deref(), Some("Alex Rivera, PT Zoë.pdf"));
    }

    #[test]
    fn hostile_names_stay_plain_file_names() {
        assert_eq!(name("{patient}.pdf", "../../etc/passwd").as_deref(), Some("etc-passwd.pdf"));
        assert_eq!(name(DEFAULT_NAME, "../../etc/passwd").as_deref(), Some("2026-11-21-..-..-etc-passwd.pdf"));
        assert_eq!(name("{patient}.pdf", "CON").as_deref(), Some("_CON.pdf"));
        assert_eq!(name("{patient}.pdf", "nul.txt").as_deref(), Some("_nul.txt.pdf"));
        assert_eq!(name("{patient}.pdf", "com1").as_deref(), Some("_com1.pdf"));
        assert_eq!(name("{patient}.pdf", "COM10").as_deref(), Some("COM10.pdf"));
        assert_eq!(name("{patient}.pdf", "a\\b:c*d?e\"f<g>h|i").as_deref(), Some("a-b-c-d-e-f-g-h-i.pdf"));
        assert_eq!(name("{patient}.pdf", "tab\tand\nnewline\u{7}").as_deref(), Some("tab and newline.pdf"));
        assert_eq!(name("{patient}.pdf", "evil\u{202E}fdp.exe").as_deref(), Some("evilfdp.exe.pdf"));
        assert_eq!(name("{patient}.pdf", "trailing dots... ").as_deref(), Some("trailing dots.pdf"));
        assert_eq!(name("{patient}.pdf", "..."), None);
        let long = name(DEFAULT_NAME, &"Ł".repeat(300)).unwrap();
        assert!(long.len() <= MAX_NAME_BYTES && long.ends_with("Ł.pdf"), "{long}");
    }

    #[test]
    fn templates_are_checked() {
        assert_eq!(Template::parse("{birthday}.pdf").unwrap_err().to_string(), "unknown field `{birthday}` in the file name template `{birthday}.pdf`\n  hint: accepted: {patient}, {date}, {clinician}, {prescription}, {row}");
        assert_eq!(
            Template::parse("{pateint}.pdf").unwrap_err().hint.unwrap(),
            "did you mean `{patient}`? accepted: {patient}, {date}, {clinician}, {prescription}, {row}"
        );
        // Too far from every field to be a typo of one: no suggestion (it used to say `{row}`).
        assert_eq!(
            Template::parse("{dob}.pdf").unwrap_err().hint.unwrap(),
            "accepted: {patient}, {date}, {clinician}, {prescription}, {row}"
        );
        assert!(Template::parse("a/{patient}").unwrap_err().message.contains("folder separator"));
        assert!(Template::parse("{patient").unwrap_err().message.contains("without a `}`"));
        assert!(Template::parse("same.pdf").unwrap_err().message.contains("names no field"));
    }
}
