//! Rosters: a CSV file with a header row (as spreadsheets and practice-management systems
//! export them) or a YAML list of mappings. Each row is read on its own: a bad row is kept with
//! its error, and the others are made.
//!
//! A CSV roster is kept as its text and where each record starts and ends; a row's cells are
//! read when they are needed, so a roster of hundreds of thousands of rows costs a few bytes a
//! row beyond its text. CSV as clinics export it: UTF-8 with or without a byte order mark, or
//! UTF-16 with one (Excel's "Unicode Text"); commas, semicolons or tabs between values (found
//! from the header); quoted values with separators, quotes (`""`) and line breaks (LF or CRLF);
//! blank lines and rows of only separators skipped. A row's number is the line its record
//! starts on, counting every line of the file.

use std::path::{Path, PathBuf};

use crate::error::{did_you_mean, Error, Location, Result};
use crate::load::yaml::{self, Source};
use crate::load::{Given, Origin, Overrides, ReadError};

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
            embed_prescription: None,
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

/// Largest roster file read: about two million rows.
pub const MAX_ROSTER_BYTES: u64 = 256 * 1024 * 1024;

/// A roster file, read.
#[derive(Debug, Clone)]
pub struct Roster {
    pub path: PathBuf,
    rows: Rows,
}

#[derive(Debug, Clone)]
enum Rows {
    Csv(Csv),
    /// A YAML roster is at most 2 MB, so its rows are kept read.
    Yaml(Vec<Row>),
}

/// A CSV roster: its text (UTF-8), its separator, its columns and where each record is.
#[derive(Debug, Clone)]
struct Csv {
    text: Vec<u8>,
    separator: u8,
    columns: Vec<Option<Column>>,
    records: Vec<Span>,
}

/// Where one record stands: its bytes (without the line break that ends it) and the line it
/// starts on.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    line: usize,
}

impl Roster {
    /// Reads a CSV (`.csv`) or YAML (`.yaml`, `.yml`) roster. Errors here concern the whole file
    /// (cannot be read, no header, unknown columns); problems with one row stay in its `Row`.
    pub fn read(path: &Path) -> Result<Roster> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let roster = match ext.as_deref() {
            Some("csv") => {
                let bytes = crate::load::read_limited(path, MAX_ROSTER_BYTES).map_err(|e| match e {
                    ReadError::Io(e) => Error::io("read the roster", path, &e),
                    ReadError::Directory => Error::input(format!("cannot read {}: it is a directory, not a file", path.display()))
                        .hint("give the path of the roster file, for example roster.csv"),
                    ReadError::NotAFile(kind) => {
                        Error::input(crate::load::not_a_file_message(path, kind)).hint(crate::load::NOT_A_FILE_HINT)
                    }
                    ReadError::TooLarge(bytes) => {
                        Error::input(format!("the roster is too large ({bytes} bytes); at most {} MB is read", MAX_ROSTER_BYTES >> 20))
                            .at(Location::file(path))
                            .hint("split it into several rosters")
                    }
                })?;
                Roster::from_csv(path, &bytes)?
            }
            Some("yaml" | "yml") => Roster::from_yaml(&Source::read(path)?)?,
            _ => {
                return Err(Error::input(format!("cannot tell the format of the roster {}", path.display()))
                    .hint("name the roster .csv (a spreadsheet export with a header row) or .yaml"))
            }
        };
        if roster.is_empty() {
            return Err(Error::input("the roster has no rows")
                .at(Location::file(path))
                .hint(format!("add one row per patient under the header; columns: {}", Column::accepted())));
        }
        Ok(roster)
    }

    /// How many rows (records after the header, without blank ones).
    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::Csv(csv) => csv.records.len(),
            Rows::Yaml(rows) => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `index` (0-based, in roster order), read now.
    pub fn row(&self, index: usize) -> Row {
        match &self.rows {
            Rows::Csv(csv) => csv.row(&self.path, index),
            Rows::Yaml(rows) => rows[index].clone(),
        }
    }

    /// Every row, in roster order, each read as it is reached.
    pub fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        (0..self.len()).map(|i| self.row(i))
    }

    /// Parses CSV bytes: a header row, then one record per patient.
    pub fn from_csv(path: &Path, bytes: &[u8]) -> Result<Roster> {
        let at_line = |line: usize| Location { file: path.to_path_buf(), line: Some(line), column: None };
        let text = decode(path, bytes)?;
        let Some(header_line) = first_line(&text) else {
            return Err(Error::input("the roster is empty")
                .at(Location::file(path))
                .hint(format!("the first row names the columns: {}", Column::accepted())));
        };
        let separator = separator(header_line);
        let records = scan(&text, separator).map_err(|(line, column)| {
            Error::input("a quoted value starts here and is never closed")
                .at(Location::at(path, line, column))
                .hint("nothing was made: add the closing \" (a quote inside a quoted value is written twice, \"\"), then run it again")
        })?;
        let mut records = records.into_iter();
        let Some(header) = records.next() else {
            return Err(Error::input("the roster is empty").at(Location::file(path)));
        };
        let header_cells = fields(&text[header.start..header.end], separator);
        if header_cells.iter().any(|c| c.contains(&0)) {
            return Err(Error::input("the roster looks like UTF-16 text without a byte order mark")
                .at(Location::file(path))
                .hint("save the roster as \"CSV UTF-8\" (most spreadsheets offer this under \"Save as\")"));
        }
        let mut columns: Vec<Option<Column>> = Vec::with_capacity(header_cells.len());
        for cell in &header_cells {
            let name = String::from_utf8_lossy(cell).trim().to_lowercase();
            if name.is_empty() {
                // A trailing comma in an export makes a nameless column; its cells are ignored.
                columns.push(None);
                continue;
            }
            let Some(column) = Column::named(&name) else {
                let error = Column::unknown("column", &name).at(at_line(header.line));
                return Err(match other_separator(&name) {
                    Some(sep) => Error::input(format!("unknown column `{name}`: the values seem to be separated by {sep}")).at(at_line(header.line)).hint(
                        "separate the values with commas, semicolons or tabs, the same in every row, and name the columns in the first row",
                    ),
                    None => error,
                });
            };
            if columns.contains(&Some(column)) {
                return Err(Error::input(format!("the column `{name}` appears twice")).at(at_line(header.line)).hint("keep one of them"));
            }
            columns.push(Some(column));
        }
        if let Some(missing) = Column::REQUIRED.iter().find(|c| !columns.contains(&Some(**c))) {
            return Err(Error::input(format!("the roster has no `{}` column", missing.name())).at(at_line(header.line)).hint(
                "the header row must name patient, date, clinician and prescription; language, paper, notes, email, send and pdf_password are optional",
            ));
        }
        let records: Vec<Span> = records.collect();
        Ok(Roster { path: path.to_path_buf(), rows: Rows::Csv(Csv { text, separator, columns, records }) })
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
                        *cells.cell_mut(column) = cell_text(column, &value);
                    }
                    Ok(cells)
                });
                Row { number, cells }
            })
            .collect();
        Ok(Roster { path: source.path.clone(), rows: Rows::Yaml(rows) })
    }
}

impl Csv {
    fn row(&self, path: &Path, index: usize) -> Row {
        let span = self.records[index];
        let at = Location { file: path.to_path_buf(), line: Some(span.line), column: None };
        let record = fields(&self.text[span.start..span.end], self.separator);
        Row { number: span.line, cells: csv_row(&record, &self.columns).map_err(|e| e.at(at)) }
    }
}

/// A cell's text as the roster means it: trimmed, and in one Unicode form (NFC), except the
/// prescription's path, which must name the file as the file system spells it.
fn cell_text(column: Column, value: &str) -> String {
    let value = value.trim();
    if column == Column::Prescription {
        value.to_string()
    } else {
        crate::load::nfc(value)
    }
}

fn csv_row(record: &[Vec<u8>], columns: &[Option<Column>]) -> Result<Cells> {
    let width = columns.len();
    // Empty values after the last column (a trailing separator) are harmless.
    let used = record.iter().rposition(|c| !c.iter().all(u8::is_ascii_whitespace)).map_or(0, |i| i + 1);
    if used > width {
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
        *cells.cell_mut(*column) = cell_text(*column, text);
    }
    Ok(cells)
}

/// The roster's bytes as UTF-8: a UTF-8 byte order mark is dropped, UTF-16 with a byte order
/// mark is decoded. Cells that are not UTF-8 are reported at their row.
fn decode(path: &Path, bytes: &[u8]) -> Result<Vec<u8>> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok(rest.to_vec());
    }
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    let Some((rest, unit)) = utf16 else { return Ok(bytes.to_vec()) };
    let damaged = || {
        Error::input("the roster is UTF-16 text, but some of it is damaged")
            .at(Location::file(path))
            .hint("save the roster as \"CSV UTF-8\" (most spreadsheets offer this under \"Save as\")")
    };
    if rest.len() % 2 != 0 {
        return Err(damaged());
    }
    let units: Vec<u16> = rest.chunks_exact(2).map(|p| unit([p[0], p[1]])).collect();
    String::from_utf16(&units).map(String::into_bytes).map_err(|_| damaged())
}

/// The first line that is not blank: where the header is.
fn first_line(text: &[u8]) -> Option<&[u8]> {
    text.split(|b| *b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l)).find(|l| !l.iter().all(u8::is_ascii_whitespace))
}

/// The separator the header uses: the one of comma, semicolon and tab that splits it into the
/// most column names this tool knows (a comma when none does).
fn separator(header: &[u8]) -> u8 {
    let known = |sep: u8| {
        fields(header, sep).iter().filter(|cell| Column::named(&String::from_utf8_lossy(cell).trim().to_lowercase()).is_some()).count()
    };
    let mut best = (known(b','), b',');
    for sep in [b';', b'\t'] {
        let n = known(sep);
        if n > best.0 {
            best = (n, sep);
        }
    }
    best.1
}

/// "a semicolon" when an unknown column name holds another separator.
fn other_separator(name: &str) -> Option<&'static str> {
    if name.contains(';') {
        Some("semicolons")
    } else if name.contains('\t') {
        Some("tabs")
    } else if name.contains('|') {
        Some("vertical bars")
    } else {
        None
    }
}

/// Where every record of `text` is, blank ones left out. A record ends at a line break (LF, CRLF
/// or CR) outside quotes. Fails with the line and column of a quote that is never closed.
fn scan(text: &[u8], separator: u8) -> std::result::Result<Vec<Span>, (usize, usize)> {
    let mut spans = Vec::new();
    let (mut i, mut line, mut line_start) = (0usize, 1usize, 0usize);
    while i < text.len() {
        let (start, start_line) = (i, line);
        let mut field_start = true;
        let mut quoted = false;
        let end = loop {
            let Some(&b) = text.get(i) else { break i };
            if field_start && b == b'"' {
                quoted = true;
                let (quote_line, quote_column) = (line, String::from_utf8_lossy(&text[line_start..i]).chars().count() + 1);
                i += 1;
                loop {
                    match text.get(i) {
                        None => return Err((quote_line, quote_column)),
                        Some(b'"') if text.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(b'\n') => {
                            i += 1;
                            (line, line_start) = (line + 1, i);
                        }
                        Some(b'\r') => {
                            i += if text.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                            (line, line_start) = (line + 1, i);
                        }
                        Some(_) => i += 1,
                    }
                }
                field_start = false;
                continue;
            }
            match b {
                b'\n' | b'\r' => {
                    let end = i;
                    i += if b == b'\r' && text.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                    (line, line_start) = (line + 1, i);
                    break end;
                }
                _ if b == separator => field_start = true,
                _ => field_start = false,
            }
            i += 1;
        };
        let bytes = &text[start..end];
        let blank = bytes.iter().all(|b| *b == separator || b.is_ascii_whitespace())
            || (quoted && fields(bytes, separator).iter().all(|f| f.iter().all(u8::is_ascii_whitespace)));
        if !blank {
            spans.push(Span { start, end, line: start_line });
        }
    }
    Ok(spans)
}

/// The values of one record (as `scan` found it). In quoted values `""` is a quote and a CRLF or
/// CR line break is a line break (LF). A quote that is never closed takes the rest.
fn fields(record: &[u8], separator: u8) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut field = Vec::new();
    let mut i = 0;
    let mut field_start = true;
    while i < record.len() {
        let b = record[i];
        if field_start && b == b'"' {
            i += 1;
            while i < record.len() {
                match record[i] {
                    b'"' if record.get(i + 1) == Some(&b'"') => {
                        field.push(b'"');
                        i += 2;
                    }
                    b'"' => {
                        i += 1;
                        break;
                    }
                    b'\r' => {
                        field.push(b'\n');
                        i += if record.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                    }
                    other => {
                        field.push(other);
                        i += 1;
                    }
                }
            }
            field_start = false;
            continue;
        }
        if b == separator {
            out.push(std::mem::take(&mut field));
            field_start = true;
        } else {
            field.push(b);
            field_start = false;
        }
        i += 1;
    }
    out.push(field);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Roster {
        Roster::from_csv(Path::new("r.csv"), text.as_bytes()).unwrap()
    }

    fn numbers(roster: &Roster) -> Vec<usize> {
        roster.rows().map(|r| r.number).collect()
    }

    #[test]
    fn csv_rows_are_numbered_by_line_and_keep_quoted_commas() {
        let text = "\u{feff}patient,date,clinician,prescription,notes\n\"Shah, Priya\",2026-11-21,A,p.yaml,\"two\nlines\"\nZoë,2026-11-22,B,p.yaml,\n";
        let roster = csv(text);
        assert_eq!(roster.len(), 2);
        let first = roster.row(0).cells.unwrap();
        assert_eq!((roster.row(0).number, first.patient.as_str(), first.notes.as_str()), (2, "Shah, Priya", "two\nlines"));
        assert_eq!(roster.row(1).number, 4);
        assert_eq!(roster.row(1).cells.unwrap().patient, "Zoë");
    }

    #[test]
    fn row_numbers_count_blank_lines_and_crlf() {
        let blank = csv("patient,date,clinician,prescription\n\n\nAna,,,p.yaml\n\nBo,,,p.yaml\n");
        assert_eq!(numbers(&blank), [4, 6]);
        let crlf = csv("patient,date,clinician,prescription\r\nAna,,,p.yaml\r\nBo,,,\"p\r\n.yaml\"\r\nCy,,,p.yaml\r\n");
        assert_eq!(numbers(&crlf), [2, 3, 5]);
        assert_eq!(crlf.row(1).cells.unwrap().prescription, "p\n.yaml", "a CRLF inside quotes is a line break");
        let cr = csv("patient,date,clinician,prescription\rAna,,,p.yaml\rBo,,,p.yaml");
        assert_eq!(numbers(&cr), [2, 3]);
        let leading = csv("\n\npatient,date,clinician,prescription\nAna,,,p.yaml\n");
        assert_eq!(numbers(&leading), [4]);
    }

    #[test]
    fn rows_of_only_separators_are_skipped() {
        let roster = csv("patient,date,clinician,prescription\n,,,\nAna,,,p.yaml\n , ,\t,\n\"\",\"\",,\n");
        assert_eq!(numbers(&roster), [3]);
    }

    #[test]
    fn semicolons_and_tabs_are_found_from_the_header() {
        let semi = csv("patient;date;clinician;prescription\n\"Shah; Priya\";2026-11-21;A, PT;p.yaml\n");
        let cells = semi.row(0).cells.unwrap();
        assert_eq!((cells.patient.as_str(), cells.clinician.as_str()), ("Shah; Priya", "A, PT"));
        let tab = csv("patient\tdate\tclinician\tprescription\nAna\t2026-11-21\tA, PT\tp.yaml\n");
        assert_eq!(tab.row(0).cells.unwrap().clinician, "A, PT");
        let e = Roster::from_csv(Path::new("r.csv"), b"patient|date|clinician|prescription\n").unwrap_err();
        assert_eq!(
            e.to_string().lines().next(),
            Some("r.csv:1: unknown column `patient|date|clinician|prescription`: the values seem to be separated by vertical bars")
        );
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_read() {
        let text = "patient\tdate\tclinician\tprescription\r\nNguyễn\t2026-11-21\tA\tp.yaml\r\n";
        for (bom, unit) in [([0xFF, 0xFE], u16::to_le_bytes as fn(u16) -> [u8; 2]), ([0xFE, 0xFF], u16::to_be_bytes)] {
            let mut bytes = bom.to_vec();
            bytes.extend(text.encode_utf16().flat_map(unit));
            let roster = Roster::from_csv(Path::new("r.csv"), &bytes).unwrap();
            assert_eq!(roster.row(0).cells.unwrap().patient, "Nguyễn");
            assert_eq!(roster.row(0).number, 2);
        }
        let no_bom: Vec<u8> = "patient,date".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let e = Roster::from_csv(Path::new("r.csv"), &no_bom).unwrap_err();
        assert_eq!(e.message, "the roster looks like UTF-16 text without a byte order mark");
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let e =
            Roster::from_csv(Path::new("r.csv"), b"patient,date,clinician,prescription\nAna,,,p.yaml\nBo,,\"Dr. Lee,p.yaml\nCy,,,p.yaml\n")
                .unwrap_err();
        assert_eq!(e.location, Some(Location::at("r.csv", 3, 5)));
        assert_eq!(e.message, "a quoted value starts here and is never closed");
    }

    #[test]
    fn cells_are_nfc_but_paths_are_not() {
        let roster = csv("patient,date,clinician,prescription\nNguye\u{302}\u{303}n,,,Cafe\u{301}.yaml\n");
        let cells = roster.row(0).cells.unwrap();
        assert_eq!(cells.patient, "Nguy\u{1ec5}n");
        assert_eq!(cells.prescription, "Cafe\u{301}.yaml");
    }

    #[test]
    fn trailing_empty_values_are_harmless_but_extra_values_are_not() {
        let roster = csv("patient,date,clinician,prescription\nAna,,,p.yaml,,\nBo,,,p.yaml,x\n");
        assert!(roster.row(0).cells.is_ok());
        assert_eq!(roster.row(1).cells.unwrap_err().message, "the row has 5 fields but the header has 4");
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
        assert_eq!(roster.len(), 4);
        assert_eq!(roster.row(0).cells.unwrap().prescription, "p.yaml");
        let e = roster.row(1).cells.unwrap_err();
        assert_eq!(e.to_string(), "r.yaml:2: unknown field `emial`\n  hint: did you mean `email`? accepted: patient, date, clinician, prescription, language, paper, notes, email, send, pdf_password");
        let e = roster.row(2).cells.unwrap_err();
        assert_eq!(e.to_string(), "r.yaml:3: patient: expected text, found a list");
        assert_eq!(roster.row(3).cells.unwrap().date, "2026-11-21");
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
