//! Values that replace a prescription's own: from command-line options (`--paper letter`) and
//! from roster cells (a row's `date`). Each value remembers where it came from, so a check in
//! `resolve` can blame the flag or the cell rather than the prescription.

use std::path::PathBuf;

use crate::error::{Error, Location};

/// Where a value given from outside the prescription came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line option, such as `--paper`.
    Flag(&'static str),
    /// A roster cell: the roster, the row (the line of the record in a CSV file, the entry
    /// number in a YAML file) and the column.
    Cell { roster: PathBuf, row: usize, column: &'static str },
}

impl Origin {
    /// Puts `error` at this place: `--paper: ...` or `roster.csv:7: date: ...`.
    pub fn blame(&self, error: Error) -> Error {
        match self {
            Origin::Flag(flag) => Error { message: format!("{flag}: {}", error.message), location: None, ..error },
            Origin::Cell { roster, row, column } => Error {
                message: format!("{column}: {}", error.message),
                location: Some(Location { file: roster.clone(), line: Some(*row), column: None }),
                ..error
            },
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Given<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Given { value, origin }
    }
}

/// Values that replace the prescription's. Unset fields keep the prescription's value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub patient: Option<Given<String>>,
    pub date: Option<Given<String>>,
    pub clinician: Option<Given<String>>,
    pub notes: Option<Given<String>>,
    pub language: Option<Given<String>>,
    pub paper: Option<Given<String>>,
    pub layout: Option<Given<String>>,
    pub large_print: Option<Given<bool>>,
    /// `Some(false)`: leave the prescription out of the PDF (`--no-embed-prescription`).
    pub embed_prescription: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blame_names_the_flag_or_the_cell() {
        let e = Error::input("unknown paper size `a5`").hint("accepted: a4, letter");
        assert_eq!(Origin::Flag("--paper").blame(e.clone()).to_string(), "--paper: unknown paper size `a5`\n  hint: accepted: a4, letter");
        let cell = Origin::Cell { roster: "r.csv".into(), row: 7, column: "paper" };
        assert_eq!(cell.blame(e).to_string(), "r.csv:7: paper: unknown paper size `a5`\n  hint: accepted: a4, letter");
    }
}
