//! `handout batch`: a roster in, one handout per row out.
//!
//! The way through: `Roster::read` (CSV or YAML, one `Entry` per row, each row checked on its
//! own) → `plan` (the prescription each row names is read once per batch, roster values are
//! checked, file names are made and compared) → `make` (per row, in parallel: override the
//! parsed prescription, `Loader::resolve`, layout, render, `write::write_atomic`) → a `Summary`
//! with one `RowReport` per row, which `report_csv` / `report_json` turn into bytes.
//!
//! A bad row never stops the others. Every row error names the roster file and row (the line
//! of the record in a CSV file, the 1-based entry number in a YAML file) and the column.
//! Nothing here prints: progress goes to a `Progress` the caller supplies.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Deserialize;

use crate::error::{did_you_mean, Error, ErrorKind, Location, Result, Warning};
use crate::handout::Date;
use crate::raw;
use crate::render::Meta;
use crate::resolve::{Loader, MAX_TEXT_CHARS};
use crate::yaml::{self, Source};

/// The default file name template.
pub const DEFAULT_NAME: &str = "{date}-{patient}.pdf";
/// Longest file name written, in bytes, extension included (well under every file system's 255).
pub const MAX_NAME_BYTES: usize = 120;

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
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Patient,
        Column::Date,
        Column::Clinician,
        Column::Prescription,
        Column::Language,
        Column::Paper,
        Column::Notes,
        Column::Email,
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
        }
    }

    fn accepted() -> String {
        Column::ALL.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ")
    }
}

/// One roster row as written; an empty string is a cell left empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RosterRow {
    pub patient: String,
    pub date: String,
    pub clinician: String,
    pub prescription: String,
    pub language: String,
    pub paper: String,
    pub notes: String,
    pub email: String,
}

impl RosterRow {
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
        }
    }
}

/// A row of the roster: its number, and its values or why they cannot be read.
#[derive(Debug, Clone)]
pub struct Entry {
    pub row: usize,
    pub values: Result<RosterRow>,
}

/// A roster file, read.
#[derive(Debug, Clone)]
pub struct Roster {
    pub path: PathBuf,
    pub entries: Vec<Entry>,
}

impl Roster {
    /// Reads a CSV (`.csv`) or YAML (`.yaml`, `.yml`) roster. Errors here concern the whole file
    /// (cannot be read, no header, unknown columns); problems with one row stay in its `Entry`.
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
        if roster.entries.is_empty() {
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
            let Some(column) = Column::ALL.iter().copied().find(|c| c.name() == name) else {
                let error = Error::input(format!("unknown column `{name}`")).at(at_line(1));
                return Err(match did_you_mean(&name, Column::ALL.iter().map(|c| c.name())) {
                    Some(close) => error.hint(format!("did you mean `{close}`? accepted: {}", Column::accepted())),
                    None => error.hint(format!("accepted: {}", Column::accepted())),
                });
            };
            if columns.contains(&Some(column)) {
                return Err(Error::input(format!("the column `{name}` appears twice")).at(at_line(1)).hint("keep one of them"));
            }
            columns.push(Some(column));
        }
        if let Some(missing) = Column::REQUIRED.iter().find(|c| !columns.contains(&Some(**c))) {
            return Err(Error::input(format!("the roster has no `{}` column", missing.name())).at(at_line(1)).hint(
                "the header row must name patient, date, clinician and prescription; language, paper, notes and email are optional",
            ));
        }
        let mut entries = Vec::new();
        for record in reader.byte_records() {
            let record = record.map_err(|e| Error::input(format!("cannot read the roster: {e}")).at(Location::file(path)))?;
            let row = record.position().map_or(0, |p| p.line() as usize);
            let values = csv_row(&record, &columns, header.len()).map_err(|e| e.at(at_line(row as u64)));
            entries.push(Entry { row, values });
        }
        Ok(Roster { path: path.to_path_buf(), entries })
    }

    /// Parses a YAML roster: a list of mappings with the same fields as the CSV columns.
    pub fn from_yaml(source: &Source) -> Result<Roster> {
        let rows: Vec<RosterRow> = yaml::parse(source)?;
        let entries = rows.into_iter().enumerate().map(|(i, values)| Entry { row: i + 1, values: Ok(values) }).collect();
        Ok(Roster { path: source.path.clone(), entries })
    }
}

fn csv_row(record: &csv::ByteRecord, columns: &[Option<Column>], width: usize) -> Result<RosterRow> {
    if record.len() > width {
        return Err(Error::input(format!("the row has {} fields but the header has {width}", record.len()))
            .hint("a value that contains a comma must be in double quotes, like \"Shah, Priya\""));
    }
    let mut values = RosterRow::default();
    for (cell, column) in record.iter().zip(columns) {
        let Some(column) = column else { continue };
        let text = std::str::from_utf8(cell).map_err(|_| {
            Error::input(format!("{}: the value is not UTF-8 text", column.name()))
                .hint("save the roster as \"CSV UTF-8\" (most spreadsheets offer this under \"Save as\")")
        })?;
        *values.cell_mut(*column) = text.trim().to_string();
    }
    Ok(values)
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub out_dir: PathBuf,
    pub name: Template,
    /// Replace handouts that already exist.
    pub force: bool,
    /// Leave handouts that already exist as they are, and count them as skipped.
    pub skip_existing: bool,
    /// A row whose handout has warnings fails.
    pub deny_warnings: bool,
    pub jobs: usize,
    pub meta: Meta,
}

/// What became of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Written,
    Skipped,
    Failed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Written => "written",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
        }
    }
}

/// The outcome of one roster row, for the progress display and the report.
#[derive(Debug, Clone)]
pub struct RowReport {
    pub row: usize,
    pub patient: String,
    pub email: String,
    pub status: Status,
    /// Where the handout was (or would have been) written.
    pub output: Option<PathBuf>,
    pub pages: Option<usize>,
    pub bytes: Option<usize>,
    /// Why the row failed, located at the roster row.
    pub error: Option<Error>,
}

/// Everything a batch did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// One report per roster row, in roster order.
    pub rows: Vec<RowReport>,
    /// Warnings, each once however many rows it concerned.
    pub warnings: Vec<Warning>,
}

impl Summary {
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    /// The failed rows' errors, in roster order.
    pub fn errors(&self) -> impl Iterator<Item = &Error> {
        self.rows.iter().filter_map(|r| r.error.as_ref())
    }

    /// "12 written, 0 failed" (and the skipped ones, if any).
    pub fn line(&self) -> String {
        let skipped = self.count(Status::Skipped);
        let skipped = if skipped > 0 { format!(", {skipped} skipped (already there)") } else { String::new() };
        format!("{} written{skipped}, {} failed", self.count(Status::Written), self.count(Status::Failed))
    }

    /// `None` if every row worked; otherwise `Input` if any row had bad input, else `Failure`.
    pub fn failure(&self) -> Option<ErrorKind> {
        let mut kinds = self.errors().map(|e| e.kind).peekable();
        kinds.peek()?;
        Some(if kinds.any(|k| k == ErrorKind::Input) { ErrorKind::Input } else { ErrorKind::Failure })
    }
}

/// Told about each row as it finishes (from several threads at once).
pub trait Progress: Sync {
    fn start(&self, _rows: usize) {}
    fn row_done(&self, _row: &RowReport) {}
}

/// A `Progress` that shows nothing.
pub struct Silent;
impl Progress for Silent {}

/// The parsed `--name` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
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
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(Error::input(format!("the file name template `{text}` has a `}}` without a `{{`")).hint(accepted()));
            }
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_string()));
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
            pieces.push(Piece::Field(*field));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        if !pieces.iter().any(|p| matches!(p, Piece::Field(_))) {
            return Err(Error::input(format!("the file name template `{text}` names no field, so every handout would get the same name"))
                .hint(format!("include at least {{patient}}; {}", accepted())));
        }
        Ok(Template { pieces })
    }

    /// The safe file name for one row, or `None` if nothing printable is left.
    fn file_name(&self, values: &NameValues<'_>) -> Option<String> {
        let mut name = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => name.push_str(t),
                Piece::Field(f) => {
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

struct NameValues<'a> {
    patient: &'a str,
    date: &'a str,
    clinician: &'a str,
    prescription: &'a str,
    row: usize,
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

/// A prescription file read and parsed once per batch, however many rows name it.
struct Parsed {
    source: Source,
    raw: raw::Prescription,
}

/// A row ready to be made.
struct Job<'r> {
    row: usize,
    values: &'r RosterRow,
    parsed: Arc<Parsed>,
    output: PathBuf,
}

enum Plan<'r> {
    Make(Job<'r>),
    Done(RowReport),
}

/// Makes one handout per roster row. Fails as a whole only when nothing can be made (the output
/// folder cannot be created); each row's failure is in its `RowReport`.
pub fn run(loader: &Loader, roster: &Roster, options: &Options, progress: &dyn Progress) -> Result<Summary> {
    create_out_dir(&options.out_dir)?;
    let plans = plan(roster, options);
    let warnings: Mutex<Vec<Warning>> = Mutex::default();
    progress.start(plans.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.max(1))
        .build()
        .map_err(|e| Error::failure(format!("cannot start {} worker threads: {e}", options.jobs)))?;
    let rows: Vec<RowReport> = pool.install(|| {
        plans
            .into_par_iter()
            .map(|p| {
                let report = match p {
                    Plan::Done(report) => report,
                    Plan::Make(job) => make(loader, &roster.path, job, options, &warnings),
                };
                progress.row_done(&report);
                report
            })
            .collect()
    });
    let mut warnings = warnings.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| seen.insert(w.to_string()));
    Ok(Summary { rows, warnings })
}

fn create_out_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if dir.exists() {
        return Err(Error::input(format!("the output folder {} is a file", dir.display())).hint("choose another --out-dir"));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(Error::input(format!(
            "cannot create the output folder {}: the folder {} does not exist",
            dir.display(),
            parent.display()
        ))
        .hint("create it first; only the last folder of --out-dir is created for you"));
    }
    std::fs::create_dir(dir)
        .or_else(|e| if dir.is_dir() { Ok(()) } else { Err(e) })
        .map_err(|e| Error::io("create the output folder", dir, &e))
}

/// Checks every row, reads each prescription once, names each handout and finds names that
/// two rows share. Cheap and sequential; the expensive part is `make`.
fn plan<'r>(roster: &'r Roster, options: &Options) -> Vec<Plan<'r>> {
    let base = roster.path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut prescriptions: HashMap<PathBuf, std::result::Result<Arc<Parsed>, Error>> = HashMap::new();
    let mut plans: Vec<Plan<'r>> = Vec::with_capacity(roster.entries.len());
    // Lower-cased file name → indexes into `plans` (case-insensitive file systems count too).
    let mut names: HashMap<String, Vec<usize>> = HashMap::new();
    for entry in &roster.entries {
        let here = |column: Option<Column>, e: Error| at_row(&roster.path, entry.row, column, e);
        let failed = |values: Option<&RosterRow>, error: Error| {
            Plan::Done(RowReport {
                row: entry.row,
                patient: values.map(|v| v.patient.clone()).unwrap_or_default(),
                email: values.map(|v| v.email.clone()).unwrap_or_default(),
                status: Status::Failed,
                output: None,
                pages: None,
                bytes: None,
                error: Some(error),
            })
        };
        let values = match &entry.values {
            Ok(v) => v,
            Err(e) => {
                plans.push(failed(None, at_row(&roster.path, entry.row, None, e.clone())));
                continue;
            }
        };
        if let Err((column, e)) = check_row(values) {
            plans.push(failed(Some(values), here(Some(column), e)));
            continue;
        }
        let path = base.join(&values.prescription);
        let parsed = prescriptions
            .entry(path.clone())
            .or_insert_with(|| {
                let source = Source::read(&path)?;
                let raw = yaml::parse(&source)?;
                Ok(Arc::new(Parsed { source, raw }))
            })
            .clone();
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                plans.push(failed(Some(values), here(Some(Column::Prescription), e)));
                continue;
            }
        };
        let raw = &parsed.raw;
        let patient = if values.patient.is_empty() { raw.patient.clone().unwrap_or_default() } else { values.patient.clone() };
        if patient.trim().is_empty() {
            let e = Error::input("the patient's name is empty, here and in the prescription")
                .hint("every row needs the patient's name: it goes on the handout and into the file name");
            plans.push(failed(Some(values), here(Some(Column::Patient), e)));
            continue;
        }
        let date = if values.date.is_empty() { raw.date.clone().unwrap_or_default() } else { values.date.clone() };
        let clinician = if values.clinician.is_empty() { raw.clinician.clone().unwrap_or_default() } else { values.clinician.clone() };
        let stem = Path::new(&values.prescription).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let name = options.name.file_name(&NameValues {
            patient: &patient,
            date: date.trim(),
            clinician: &clinician,
            prescription: &stem,
            row: entry.row,
        });
        let Some(name) = name else {
            let e = Error::input("the file name template gives an empty name for this row")
                .hint("use a --name template with {patient}, and check that the row has a patient's name");
            plans.push(failed(Some(values), here(Some(Column::Patient), e)));
            continue;
        };
        let output = options.out_dir.join(&name);
        names.entry(name.to_lowercase()).or_default().push(plans.len());
        if output.exists() && !options.force {
            let report = RowReport {
                row: entry.row,
                patient: values.patient.clone(),
                email: values.email.clone(),
                status: Status::Skipped,
                output: Some(output.clone()),
                pages: None,
                bytes: None,
                error: None,
            };
            if options.skip_existing {
                plans.push(Plan::Done(report));
            } else {
                let e = Error::input(format!("{} already exists", output.display()))
                    .hint("use --force to replace it, or --skip-existing to keep it and make only the missing handouts");
                plans.push(Plan::Done(RowReport { status: Status::Failed, error: Some(here(None, e)), ..report }));
            }
            continue;
        }
        plans.push(Plan::Make(Job { row: entry.row, values, parsed, output }));
    }
    // Two rows, one file: neither is written, and each error names all the rows.
    for indexes in names.values().filter(|i| i.len() > 1) {
        let rows: Vec<usize> = indexes.iter().map(|&i| row_of(&plans[i])).collect();
        let listed = match rows.as_slice() {
            [init @ .., last] => format!("{} and {last}", init.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")),
            [] => String::new(),
        };
        let both = if rows.len() == 2 { "both" } else { "all" };
        for &i in indexes {
            let (row, output) = match &plans[i] {
                Plan::Make(job) => (job.row, job.output.clone()),
                Plan::Done(r) => (r.row, r.output.clone().unwrap_or_default()),
            };
            let e = Error::input(format!("rows {listed} would {both} be written to {}", output.display()))
                .hint("make the names differ, for example with --name \"{date}-{patient}-{row}.pdf\"");
            let error = at_row(&roster.path, row, None, e);
            let report = match &plans[i] {
                Plan::Make(job) => RowReport {
                    row,
                    patient: job.values.patient.clone(),
                    email: job.values.email.clone(),
                    status: Status::Failed,
                    output: Some(output),
                    pages: None,
                    bytes: None,
                    error: Some(error),
                },
                Plan::Done(r) => RowReport { status: Status::Failed, error: Some(error), ..r.clone() },
            };
            plans[i] = Plan::Done(report);
        }
    }
    plans
}

fn row_of(plan: &Plan<'_>) -> usize {
    match plan {
        Plan::Make(job) => job.row,
        Plan::Done(r) => r.row,
    }
}

/// Checks the values a row gives that the prescription would otherwise give, so that a bad
/// value is reported at the roster cell rather than in the prescription.
fn check_row(values: &RosterRow) -> std::result::Result<(), (Column, Error)> {
    if values.prescription.is_empty() {
        return Err((
            Column::Prescription,
            Error::input("no prescription given").hint("give the path of a prescription YAML file, relative to the roster's folder"),
        ));
    }
    if !values.date.is_empty() && Date::parse(&values.date).is_none() {
        return Err((
            Column::Date,
            Error::input(format!("`{}` is not a valid date", values.date))
                .hint("write the date as YYYY-MM-DD, for example 2026-11-21, and check that the day exists"),
        ));
    }
    if !values.paper.is_empty() && !matches!(values.paper.to_lowercase().as_str(), "a4" | "letter" | "us-letter" | "us letter") {
        return Err((Column::Paper, Error::input(format!("unknown paper size `{}`", values.paper)).hint("accepted: a4, letter")));
    }
    if !values.language.is_empty() && !crate::i18n::codes().contains(&values.language.trim().to_lowercase().as_str()) {
        return Err((
            Column::Language,
            Error::input(format!("the language `{}` is not available", values.language))
                .hint(format!("accepted: {} (or leave the cell empty)", crate::i18n::codes().join(", "))),
        ));
    }
    for (column, text) in [(Column::Patient, &values.patient), (Column::Clinician, &values.clinician)] {
        if text.contains(['\n', '\r']) {
            return Err((column, Error::input("the value runs over more than one line").hint("put the name on one line")));
        }
    }
    for (column, text) in [(Column::Patient, &values.patient), (Column::Clinician, &values.clinician), (Column::Notes, &values.notes)] {
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err((
                column,
                Error::input(format!("the value is {} characters long; at most {MAX_TEXT_CHARS} fit on a handout", text.chars().count())),
            ));
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err((column, Error::input("the value contains a control character, which cannot be printed")));
        }
    }
    Ok(())
}

/// Makes and writes one handout.
fn make(loader: &Loader, roster: &Path, job: Job<'_>, options: &Options, warnings: &Mutex<Vec<Warning>>) -> RowReport {
    let mut report = RowReport {
        row: job.row,
        patient: job.values.patient.clone(),
        email: job.values.email.clone(),
        status: Status::Failed,
        output: Some(job.output.clone()),
        pages: None,
        bytes: None,
        error: None,
    };
    match make_pdf(loader, &job, options, warnings) {
        Ok(rendered) => {
            report.pages = Some(rendered.pages);
            report.bytes = Some(rendered.bytes.len());
            match crate::write::write_atomic(&job.output, &rendered.bytes, options.force) {
                Ok(()) => report.status = Status::Written,
                Err(e) => report.error = Some(at_row(roster, job.row, None, e)),
            }
        }
        Err((column, e)) => report.error = Some(at_row(roster, job.row, column, e)),
    }
    report
}

fn make_pdf(
    loader: &Loader,
    job: &Job<'_>,
    options: &Options,
    warnings: &Mutex<Vec<Warning>>,
) -> std::result::Result<crate::Rendered, (Option<Column>, Error)> {
    let raw = overridden(&job.parsed.raw, job.values);
    let (handout, w) = match loader.resolve(&job.parsed.source, raw) {
        Ok(done) => done,
        Err(e) => return Err(blame(loader, job, e)),
    };
    if options.deny_warnings && !w.is_empty() {
        let e = Error::input(format!("{} warning(s) and --deny-warnings was given; no PDF was written", w.len()));
        warnings.lock().unwrap_or_else(|p| p.into_inner()).extend(w);
        return Err((None, e));
    }
    if !w.is_empty() {
        warnings.lock().unwrap_or_else(|p| p.into_inner()).extend(w);
    }
    crate::pdf(&handout, &options.meta).map_err(|e| (None, e))
}

/// The prescription with the row's values in place of its own.
fn overridden(raw: &raw::Prescription, values: &RosterRow) -> raw::Prescription {
    let mut raw = raw.clone();
    let set = |field: &mut Option<String>, value: &str| {
        if !value.is_empty() {
            *field = Some(value.to_string());
        }
    };
    set(&mut raw.patient, &values.patient);
    set(&mut raw.date, &values.date);
    set(&mut raw.clinician, &values.clinician);
    set(&mut raw.paper, &values.paper);
    set(&mut raw.notes, &values.notes);
    set(&mut raw.language, &values.language.to_lowercase());
    raw
}

/// Works out whether a failed row is the roster's fault (a name the font cannot print) or the
/// prescription's, by resolving the prescription without the row's text.
fn blame(loader: &Loader, job: &Job<'_>, error: Error) -> (Option<Column>, Error) {
    let texts = [(Column::Patient, &job.values.patient), (Column::Clinician, &job.values.clinician), (Column::Notes, &job.values.notes)];
    if texts.iter().any(|(_, t)| !t.is_empty()) {
        let mut raw = overridden(&job.parsed.raw, job.values);
        for (column, text) in texts {
            if !text.is_empty() {
                match column {
                    Column::Patient => raw.patient = None,
                    Column::Clinician => raw.clinician = None,
                    _ => raw.notes = None,
                }
            }
        }
        if let Ok((handout, _)) = loader.resolve(&job.parsed.source, raw) {
            let fonts = &handout.brand.fonts;
            for (column, text) in texts {
                if let Some(c) = text.chars().find(|c| !c.is_whitespace() && (!fonts.regular.has(*c) || !fonts.bold.has(*c))) {
                    let e = Error::input(format!("`{c}` (U+{:04X}) cannot be printed with the font {}", c as u32, fonts.regular.name))
                        .hint("remove the character, or give the brand a font that has it (`fonts: {regular: ..., bold: ...}`)");
                    return (Some(column), e);
                }
            }
        }
    }
    (Some(Column::Prescription), error)
}

/// Puts an error at a roster row: `roster.csv:7: date: ...`. An error that has its own place
/// (a line in the prescription) keeps it in the message.
fn at_row(roster: &Path, row: usize, column: Option<Column>, error: Error) -> Error {
    let inner = match (&error.location, column) {
        // Already at this row (from reading the roster).
        (Some(l), _) if l.file == roster => error.message.clone(),
        (Some(l), _) => format!("{l}: {}", error.message),
        (None, _) => error.message.clone(),
    };
    let message = match column {
        Some(c) => format!("{}: {inner}", c.name()),
        None => inner,
    };
    Error {
        kind: error.kind,
        location: Some(Location { file: roster.to_path_buf(), line: Some(row), column: None }),
        message,
        hint: error.hint,
    }
}

/// The report as CSV: one line per roster row.
pub fn report_csv(summary: &Summary) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::failure(format!("cannot write the report: {e}"));
    w.write_record(["row", "patient", "email", "status", "output", "pages", "bytes", "error", "hint"]).map_err(fail)?;
    for r in &summary.rows {
        let opt = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        w.write_record([
            r.row.to_string(),
            r.patient.clone(),
            r.email.clone(),
            r.status.name().to_string(),
            r.output.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
            opt(r.pages),
            opt(r.bytes),
            r.error.as_ref().map(|e| e.message.clone()).unwrap_or_default(),
            r.error.as_ref().and_then(|e| e.hint.clone()).unwrap_or_default(),
        ])
        .map_err(fail)?;
    }
    w.into_inner().map_err(|e| Error::failure(format!("cannot write the report: {e}")))
}

/// The report as JSON: counts, then one object per roster row.
pub fn report_json(summary: &Summary) -> Result<Vec<u8>> {
    use serde_json::{json, Value};
    let rows: Vec<Value> = summary
        .rows
        .iter()
        .map(|r| {
            json!({
                "row": r.row,
                "patient": r.patient,
                "email": r.email,
                "status": r.status.name(),
                "output": r.output.as_ref().map(|p| p.display().to_string()),
                "pages": r.pages,
                "bytes": r.bytes,
                "error": r.error.as_ref().map(|e| e.message.clone()),
                "hint": r.error.as_ref().and_then(|e| e.hint.clone()),
            })
        })
        .collect();
    let doc = json!({
        "written": summary.count(Status::Written),
        "skipped": summary.count(Status::Skipped),
        "failed": summary.count(Status::Failed),
        "rows": rows,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::failure(format!("cannot write the report: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
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
        assert!(Template::parse("a/{patient}").unwrap_err().message.contains("folder separator"));
        assert!(Template::parse("{patient").unwrap_err().message.contains("without a `}`"));
        assert!(Template::parse("same.pdf").unwrap_err().message.contains("names no field"));
    }

    #[test]
    fn csv_rows_are_numbered_by_line_and_keep_quoted_commas() {
        let text = "\u{feff}patient,date,clinician,prescription,notes\n\"Shah, Priya\",2026-11-21,A,p.yaml,\"two\nlines\"\nZoë,2026-11-22,B,p.yaml,\n";
        let roster = Roster::from_csv(Path::new("r.csv"), text.as_bytes()).unwrap();
        assert_eq!(roster.entries.len(), 2);
        let first = roster.entries[0].values.as_ref().unwrap();
        assert_eq!((roster.entries[0].row, first.patient.as_str(), first.notes.as_str()), (2, "Shah, Priya", "two\nlines"));
        assert_eq!(roster.entries[1].row, 4);
        assert_eq!(roster.entries[1].values.as_ref().unwrap().patient, "Zoë");
    }

    #[test]
    fn csv_header_is_checked() {
        let e = Roster::from_csv(Path::new("r.csv"), b"patient,dat,clinician,prescription\n").unwrap_err();
        assert_eq!(e.to_string(), "r.csv:1: unknown column `dat`\n  hint: did you mean `date`? accepted: patient, date, clinician, prescription, language, paper, notes, email");
        let e = Roster::from_csv(Path::new("r.csv"), b"patient,date,prescription\n").unwrap_err();
        assert_eq!(e.message, "the roster has no `clinician` column");
    }
}
