//! Rosters: a CSV file with a header row (as spreadsheets and practice-management systems
//! export them) or a YAML list of mappings. Each row is read on its own: a bad row is kept with
//! its error, and the others are made.

use std::path::{Path, PathBuf};

use crate::error::{did_you_mean, Error, Location, Result};
use crate::load::yaml::{self, Source};
use crate::load::{Given, Origin, Overrides};

/// A column of a roster, in the clinic's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Patient,
    Date,
    Clinician,
    Prescription,
    Language,
    Paper,
    Notes,
    Email,
    /// `no` opts a patient out of `--email`.
    Send,
    /// The password of a protected attachment (`protect: true`).
    PdfPassword,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Patient,
        Column::Date,
        Column::Clinician,
        Column::Prescription,
        Column::Language,
        Column::Paper,
        Column::Notes,
        Column::Email,
        Column::Send,
        Column::PdfPassword,
    ];
    /// Columns every roster must have (a cell may still be empty where the prescription has the value).
    pub const REQUIRED: [Column; 4] = [Column::Patient, Column::Date, Column::Clinician, Column::Prescription];

    pub fn name(self) -> &'static str {
        match self {
            Column::Patient => "patient",
            Column::Date => "date",
            Column::Clinician => "clinician",
            Column::Prescription => "prescription",
            Column::Language => "language",
            Column::Paper => "paper",
            Column::Notes => "notes",
            Column::Email => "email",
            Column::Send => "send",
            Column::PdfPassword => "pdf_password",
        }
    }

    pub fn named(name: &str) -> Option<Column> {
        Column::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// "patient, date, clinician, ..."
    pub fn accepted() -> String {
        Column::ALL.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ")
    }

    /// The error for a column or field name that is not one of ours.
    fn unknown(what: &str, name: &str) -> Error {
        let error = Error::input(format!("unknown {what} `{name}`"));
        match did_you_mean(name, Column::ALL.iter().map(|c| c.name())) {
            Some(close) => error.hint(format!("did you mean `{close}`? accepted: {}", Column::accepted())),
            None => error.hint(format!("accepted: {}", Column::accepted())),
        }
    }
}

/// One row's cells as written; an empty string is a cell left empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells {
    pub patient: String,
    pub date: String,
    pub clinician: String,
    pub prescription: String,
    pub language: String,
    pub paper: String,
    pub notes: String,
    pub email: String,
    pub send: String,
    pub pdf_password: String,
}

impl Cells {
    fn cell_mut(&mut self, column: Column) -> &mut String {
        match column {
            Column::Patient => &mut self.patient,
            Column::Date => &mut self.date,
            Column::Clinician => &mut self.clinician,
            Column::Prescription => &mut self.prescription,
            Column::Language => &mut self.language,
            Column::Paper => &mut self.paper,
            Column::Notes => &mut self.notes,
            Column::Email => &mut self.email,
            Column::Send => &mut self.send,
            Column::PdfPassword => &mut self.pdf_password,
        }
    }

    /// The values this row puts in place of its prescription's (every cell that is not
    /// empty), each remembering its roster, row and column.
    pub fn overrides(&self, roster: &Path, row: usize) -> Overrides {
        let given = |column: Column, value: &str| {
            (!value.is_empty())
                .then(|| Given::new(value.to_string(), Origin::Cell { roster: roster.to_path_buf(), row, column: column.name() }))
        };
        Overrides {
            patient: given(Column::Patient, &self.patient),
            date: given(Column::Date, &self.date),
            clinician: given(Column::Clinician, &self.clinician),
            notes: given(Column::Notes, &self.notes),
            language: given(Column::Language, &self.language),
            paper: given(Column::Paper, &self.paper),
            layout: None,
            large_print: None,
        }
    }
}

/// A row of the roster: its number (the line where the record starts in a CSV file, the
/// 1-based entry number in a YAML file) and its cells, or why they cannot be read.
#[derive(Debug, Clone)]
pub struct Row {
    pub number: usize,
    pub cells: Result<Cells>,
}

/// A roster file, read.
#[derive(Debug, Clone)]
pub struct Roster {
    pub path: PathBuf,
    pub rows: Vec<Row>,
}

impl Roster {
    /// Reads a CSV (`.csv`) or YAML (`.yaml`, `.yml`) roster. Errors here concern the whole file
    /// (cannot be read, no header, unknown columns); problems with one row stay in its `Row`.
    pub fn read(path: &Path) -> Result<Roster> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let roster = match ext.as_deref() {
            Some("csv") => {
                let bytes = std::fs::read(path).map_err(|e| Error::io("read the roster", path, &e))?;
                Roster::from_csv(path, &bytes)?
            }
            Some("yaml" | "yml") => Roster::from_yaml(&Source::read(path)?)?,
            _ => {
                return Err(Error::input(format!("cannot tell the format of the roster {}", path.display()))
                    .hint("name the roster .csv (a spreadsheet export with a header row) or .yaml"))
            }
        };
        if roster.rows.is_empty() {
            return Err(Error::input("the roster has no rows")
                .at(Location::file(path))
                .hint(format!("add one row per patient under the header; columns: {}", Column::accepted())));
        }
        Ok(roster)
    }

    /// Parses CSV text: a header row, UTF-8 with or without a byte order mark, quoted fields
    /// with commas and line breaks.
    pub fn from_csv(path: &Path, bytes: &[u8]) -> Result<Roster> {
        let at_line = |line: u64| Location { file: path.to_path_buf(), line: Some(line as usize), column: None };
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(bytes);
        let header = reader
            .byte_headers()
            .map_err(|e| Error::input(format!("cannot read the roster's header row: {e}")).at(Location::file(path)))?
            .clone();
        if header.is_empty() {
            return Err(Error::input("the roster is empty")
                .at(Location::file(path))
                .hint(format!("the first row names the columns: {}", Column::accepted())));
        }
        let mut columns: Vec<Option<Column>> = Vec::with_capacity(header.len());
        for cell in &header {
            let name = String::from_utf8_lossy(cell).trim().to_lowercase();
            if name.is_empty() {
                // A trailing comma in an export makes a nameless column; its cells are ignored.
                columns.push(None);
                continue;
            }
            let Some(column) = Column::named(&name) else { return Err(Column::unknown("column", &name).at(at_line(1))) };
            if columns.contains(&Some(column)) {
                return Err(Error::input(format!("the column `{name}` appears twice")).at(at_line(1)).hint("keep one of them"));
            }
            columns.push(Some(column));
        }
        if let Some(missing) = Column::REQUIRED.iter().find(|c| !columns.contains(&Some(**c))) {
            return Err(Error::input(format!("the roster has no `{}` column", missing.name())).at(at_line(1)).hint(
                "the header row must name patient, date, clinician and prescription; language, paper, notes, email, send and pdf_password are optional",
            ));
        }
        let mut rows = Vec::new();
        for record in reader.byte_records() {
            let record = record.map_err(|e| Error::input(format!("cannot read the roster: {e}")).at(Location::file(path)))?;
            let number = record.position().map_or(0, |p| p.line() as usize);
            let cells = csv_row(&record, &columns, header.len()).map_err(|e| e.at(at_line(number as u64)));
            rows.push(Row { number, cells });
        }
        Ok(Roster { path: path.to_path_buf(), rows })
    }

    /// Parses a YAML roster: a list of mappings with the same fields as the CSV columns. Each
    /// entry is read on its own, so one bad entry fails alone.
    pub fn from_yaml(source: &Source) -> Result<Roster> {
        let entries = yaml::parse_flat_list(source)?;
        let rows = entries
            .into_iter()
            .enumerate()
            .map(|(i, entry)| {
                let number = i + 1;
                let at = Location { file: source.path.clone(), line: Some(number), column: None };
                let cells = entry.map_err(|e| e.at(at.clone())).and_then(|fields| {
                    let mut cells = Cells::default();
                    for (key, value) in fields {
                        let column = Column::named(&key).ok_or_else(|| Column::unknown("field", &key).at(at.clone()))?;
                        *cells.cell_mut(column) = value.trim().to_string();
                    }
                    Ok(cells)
                });
                Row { number, cells }
            })
            .collect();
        Ok(Roster { path: source.path.clone(), rows })
    }
}

fn csv_row(record: &csv::ByteRecord, columns: &[Option<Column>], width: usize) -> Result<Cells> {
    if record.len() > width {
        return Err(Error::input(format!("the row has {} fields but the header has {width}", record.len()))
            .hint("a value that contains a comma must be in double quotes, like \"Shah, Priya\""));
    }
    let mut cells = Cells::default();
    for (cell, column) in record.iter().zip(columns) {
        let Some(column) = column else { continue };
        let text = std::str::from_utf8(cell).map_err(|_| {
            Error::input(format!("{}: the value is not UTF-8 text", column.name()))
                .hint("save the roster as \"CSV UTF-8\" (most spreadsheets offer this under \"Save as\")")
        })?;
        *cells.cell_mut(*column) = text.trim().to_string();
    }
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_numbered_by_line_and_keep_quoted_commas() {
        let text = "\u{feff}patient,date,clinician,prescription,notes\n\"Shah, Priya\",2026-11-21,A,p.yaml,\"two\nlines\"\nZoë,2026-11-22,B,p.yaml,\n";
        let roster = Roster::from_csv(Path::new("r.csv"), text.as_bytes()).unwrap();
        assert_eq!(roster.rows.len(), 2);
        let first = roster.rows[0].cells.as_ref().unwrap();
        assert_eq!((roster.rows[0].number, first.patient.as_str(), first.notes.as_str()), (2, "Shah, Priya", "two\nlines"));
        assert_eq!(roster.rows[1].number, 4);
        assert_eq!(roster.rows[1].cells.as_ref().unwrap().patient, "Zoë");
    }

    #[test]
    fn csv_header_is_checked() {
        let e = Roster::from_csv(Path::new("r.csv"), b"patient,dat,clinician,prescription\n").unwrap_err();
        assert_eq!(e.to_string(), "r.csv:1: unknown column `dat`\n  hint: did you mean `date`? accepted: patient, date, clinician, prescription, language, paper, notes, email, send, pdf_password");
        let e = Roster::from_csv(Path::new("r.csv"), b"patient,date,prescription\n").unwrap_err();
        assert_eq!(e.message, "the roster has no `clinician` column");
    }

    #[test]
    fn yaml_entries_fail_alone() {
        let text = "- patient: Zoë\n  prescription: p.yaml\n- patient: Bo\n  emial: bo@example.com\n- patient: [Ana, Bo]\n- patient: Cy\n  date: 2026-11-21\n";
        let roster = Roster::from_yaml(&Source::new("r.yaml", text)).unwrap();
        assert_eq!(roster.rows.len(), 4);
        assert_eq!(roster.rows[0].cells.as_ref().unwrap().prescription, "p.yaml");
        let e = roster.rows[1].cells.as_ref().unwrap_err();
        assert_eq!(e.to_string(), "r.yaml:2: unknown field `emial`\n  hint: did you mean `email`? accepted: patient, date, clinician, prescription, language, paper, notes, email, send, pdf_password");
        let e = roster.rows[2].cells.as_ref().unwrap_err();
        assert_eq!(e.to_string(), "r.yaml:3: patient: expected text, found a list");
        assert_eq!(roster.rows[3].cells.as_ref().unwrap().date, "2026-11-21");
    }

    #[test]
    fn overrides_remember_their_cells() {
        let cells = Cells { patient: "Zoë".into(), paper: "a5".into(), ..Cells::default() };
        let o = cells.overrides(Path::new("r.csv"), 7);
        assert_eq!(o.patient.as_ref().map(|g| g.value.as_str()), Some("Zoë"));
        assert_eq!(o.paper.unwrap().origin, Origin::Cell { roster: "r.csv".into(), row: 7, column: "paper" });
        assert!(o.date.is_none() && o.clinician.is_none());
    }
}
