//! Subject and body templates: text with `{patient}`, `{clinician}`, `{clinic}` and `{date}`.

use crate::error::{did_you_mean, Error, Result};

/// The values a template can use, for one patient.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub patient: String,
    /// Empty when the handout names no clinician: a body line of nothing but empty fields is
    /// then left out (no lone "Best wishes," followed by a blank name).
    pub clinician: String,
    pub clinic: String,
    /// In the handout's language: "21 November 2026".
    pub date: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Patient,
    Clinician,
    Clinic,
    Date,
}

const FIELDS: [(&str, Field); 4] =
    [("patient", Field::Patient), ("clinician", Field::Clinician), ("clinic", Field::Clinic), ("date", Field::Date)];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(Field),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// "{patient}, {clinician}, {clinic}, {date}"
pub fn accepted() -> String {
    FIELDS.iter().map(|(n, _)| format!("{{{n}}}")).collect::<Vec<_>>().join(", ")
}

impl Template {
    /// Parses `text`; `what` names it in errors ("the subject").
    pub fn parse(text: &str, what: &str) -> Result<Template> {
        let hint = || format!("the fields are {}", accepted());
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(Error::input(format!("{what} has a `}}` without a `{{`")).hint(hint()));
            }
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                return Err(Error::input(format!("{what} has a `{{` without a `}}`")).hint(hint()));
            };
            let name = rest[open + 1..open + close].trim();
            let Some((_, field)) = FIELDS.iter().find(|(n, _)| *n == name) else {
                let error = Error::input(format!("unknown field `{{{name}}}` in {what}"));
                return Err(match did_you_mean(name, FIELDS.iter().map(|(n, _)| *n)) {
                    Some(close) => error.hint(format!("did you mean `{{{close}}}`? {}", hint())),
                    None => error.hint(hint()),
                });
            };
            parts.push(Part::Field(*field));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Ok(Template { parts })
    }

    /// The text with the fields filled in. A line made only of fields (and spaces) that are
    /// all empty is left out.
    pub fn fill(&self, fields: &Fields) -> String {
        let value = |f: Field| match f {
            Field::Patient => fields.patient.as_str(),
            Field::Clinician => fields.clinician.as_str(),
            Field::Clinic => fields.clinic.as_str(),
            Field::Date => fields.date.as_str(),
        };
        // Lines of (text, whether the line has a field, whether any field on it had a value).
        let mut lines: Vec<(String, bool, bool)> = vec![(String::new(), false, false)];
        for part in &self.parts {
            match part {
                Part::Text(text) => {
                    let mut pieces = text.split('\n');
                    if let (Some(first), Some(last)) = (pieces.next(), lines.last_mut()) {
                        last.0.push_str(first);
                    }
                    for piece in pieces {
                        lines.push((piece.to_string(), false, false));
                    }
                }
                Part::Field(f) => {
                    if let Some(last) = lines.last_mut() {
                        let v = value(*f).trim();
                        last.0.push_str(v);
                        last.1 = true;
                        last.2 |= !v.is_empty();
                    }
                }
            }
        }
        lines
            .into_iter()
            .filter(|(text, has_field, filled)| !(*has_field && !*filled && text.trim().chars().all(|c| c.is_ascii_punctuation())))
            .map(|(text, ..)| text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields {
        Fields {
            patient: "José Núñez".into(),
            clinician: "Alex Rivera, PT".into(),
            clinic: "Riverside".into(),
            date: "21 November 2026".into(),
        }
    }

    #[test]
    fn fills_every_field() {
        let t = Template::parse("Hello {patient}, from {clinic} on {date}.\n{clinician}", "the body").unwrap();
        assert_eq!(t.fill(&fields()), "Hello José Núñez, from Riverside on 21 November 2026.\nAlex Rivera, PT");
    }

    #[test]
    fn a_line_of_empty_fields_goes() {
        let t = Template::parse("Best wishes,\n{clinician}\n\nBye", "the body").unwrap();
        let f = Fields { clinician: String::new(), ..fields() };
        assert_eq!(t.fill(&f), "Best wishes,\n\nBye");
    }

    #[test]
    fn unknown_fields_are_named_with_a_suggestion() {
        let e = Template::parse("Hi {pateint}", "the subject").unwrap_err();
        assert_eq!(e.message, "unknown field `{pateint}` in the subject");
        assert_eq!(e.hint.as_deref(), Some("did you mean `{patient}`? the fields are {patient}, {clinician}, {clinic}, {date}"));
        assert_eq!(Template::parse("Hi {patient", "the subject").unwrap_err().message, "the subject has a `{` without a `}`");
        assert_eq!(Template::parse("Hi }", "the subject").unwrap_err().message, "the subject has a `}` without a `{`");
    }
}
