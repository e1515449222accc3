//! Planning a batch, before any handout is made: read each prescription once, name each
//! handout, find rows that would share a file, and settle the rows that need no work (kept
//! handouts, rows that cannot be read). Cheap and sequential; the expensive part is `make`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Location};
use crate::load::raw;
use crate::load::yaml::{self, Source};

use super::file_name::NameValues;
use super::roster::{Cells, Column, Roster};
use super::{Options, RowReport, Status};

/// A prescription file read and parsed once per batch, however many rows name it.
pub(crate) struct Parsed {
    pub source: Source,
    pub raw: raw::Prescription,
}

/// A row ready to be made.
pub(crate) struct Job<'r> {
    pub row: usize,
    pub cells: &'r Cells,
    pub parsed: Arc<Parsed>,
    pub output: PathBuf,
}

impl Job<'_> {
    /// The report of this row before it is made: failed, with no error yet.
    pub fn report(&self) -> RowReport {
        RowReport {
            row: self.row,
            patient: self.cells.patient.clone(),
            email: self.cells.email.clone(),
            status: Status::Failed,
            output: Some(self.output.clone()),
            pages: None,
            bytes: None,
            error: None,
        }
    }
}

pub(crate) enum Plan<'r> {
    Make(Job<'r>),
    Done(RowReport),
}

impl Plan<'_> {
    fn row(&self) -> usize {
        match self {
            Plan::Make(job) => job.row,
            Plan::Done(r) => r.row,
        }
    }
}

/// One plan per roster row, in roster order.
pub(crate) fn plan<'r>(roster: &'r Roster, options: &Options) -> Vec<Plan<'r>> {
    let base = roster.path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut prescriptions: HashMap<PathBuf, Result<Arc<Parsed>, Error>> = HashMap::new();
    let mut plans: Vec<Plan<'r>> = Vec::with_capacity(roster.rows.len());
    // Lower-cased file name → indexes into `plans` (case-insensitive file systems count too).
    let mut names: HashMap<String, Vec<usize>> = HashMap::new();
    for row in &roster.rows {
        let here = |column: Option<Column>, e: Error| at_row(&roster.path, row.number, column, e);
        let failed = |cells: Option<&Cells>, error: Error| {
            Plan::Done(RowReport {
                row: row.number,
                patient: cells.map(|v| v.patient.clone()).unwrap_or_default(),
                email: cells.map(|v| v.email.clone()).unwrap_or_default(),
                status: Status::Failed,
                output: None,
                pages: None,
                bytes: None,
                error: Some(error),
            })
        };
        let cells = match &row.cells {
            Ok(v) => v,
            Err(e) => {
                plans.push(failed(None, here(None, e.clone())));
                continue;
            }
        };
        if cells.prescription.is_empty() {
            let e =
                Error::input("no prescription given").hint("give the path of a prescription YAML file, relative to the roster's folder");
            plans.push(failed(Some(cells), here(Some(Column::Prescription), e)));
            continue;
        }
        let path = base.join(&cells.prescription);
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
                plans.push(failed(Some(cells), here(Some(Column::Prescription), e)));
                continue;
            }
        };
        let raw = &parsed.raw;
        let or_written = |cell: &str, written: &Option<String>| {
            if cell.is_empty() {
                written.clone().unwrap_or_default()
            } else {
                cell.to_string()
            }
        };
        let patient = or_written(&cells.patient, &raw.patient);
        if patient.trim().is_empty() {
            let e = Error::input("the patient's name is empty, here and in the prescription")
                .hint("every row needs the patient's name: it goes on the handout and into the file name");
            plans.push(failed(Some(cells), here(Some(Column::Patient), e)));
            continue;
        }
        let date = or_written(&cells.date, &raw.date);
        let clinician = or_written(&cells.clinician, &raw.clinician);
        let stem = Path::new(&cells.prescription).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let name = options.name.file_name(&NameValues {
            patient: &patient,
            date: date.trim(),
            clinician: &clinician,
            prescription: &stem,
            row: row.number,
        });
        let Some(name) = name else {
            let e = Error::input("the file name template gives an empty name for this row")
                .hint("use a --name template with {patient}, and check that the row has a patient's name");
            plans.push(failed(Some(cells), here(Some(Column::Patient), e)));
            continue;
        };
        let output = options.out_dir.join(&name);
        names.entry(name.to_lowercase()).or_default().push(plans.len());
        if output.exists() && !options.force {
            let report = RowReport {
                row: row.number,
                patient: cells.patient.clone(),
                email: cells.email.clone(),
                status: Status::Skipped,
                output: Some(output.clone()),
                pages: None,
                bytes: None,
                error: None,
            };
            if options.skip_existing {
                plans.push(Plan::Done(report));
            } else {
                let e = crate::write::already_exists(&output).hint(super::EXISTS_HINT);
                plans.push(Plan::Done(RowReport { status: Status::Failed, error: Some(here(None, e)), ..report }));
            }
            continue;
        }
        plans.push(Plan::Make(Job { row: row.number, cells, parsed, output }));
    }
    fail_shared_names(roster, &mut plans, &names);
    plans
}

/// Two rows, one file: neither is written, and each error names all the rows.
fn fail_shared_names(roster: &Roster, plans: &mut [Plan<'_>], names: &HashMap<String, Vec<usize>>) {
    for indexes in names.values().filter(|i| i.len() > 1) {
        let rows: Vec<usize> = indexes.iter().map(|&i| plans[i].row()).collect();
        let listed = match rows.as_slice() {
            [init @ .., last] => format!("{} and {last}", init.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")),
            [] => String::new(),
        };
        let both = if rows.len() == 2 { "both" } else { "all" };
        for &i in indexes {
            let report = match &plans[i] {
                Plan::Make(job) => job.report(),
                Plan::Done(r) => RowReport { status: Status::Failed, ..r.clone() },
            };
            let output = report.output.clone().unwrap_or_default();
            let e = Error::input(format!("rows {listed} would {both} be written to {}", output.display()))
                .hint("make the names differ, for example with --name \"{date}-{patient}-{row}.pdf\"");
            let error = at_row(&roster.path, report.row, None, e);
            plans[i] = Plan::Done(RowReport { error: Some(error), ..report });
        }
    }
}

/// Puts an error at a roster row: `roster.csv:7: column: ...`. An error already at the row
/// (from reading the roster, or blamed on one of its cells) is kept as it is; one that has its
/// own place (a line in the prescription) keeps that place in the message.
pub(crate) fn at_row(roster: &Path, row: usize, column: Option<Column>, error: Error) -> Error {
    let inner = match &error.location {
        Some(l) if l.file == roster && l.line == Some(row) => return error,
        Some(l) if l.file == roster => error.message.clone(),
        Some(l) => format!("{l}: {}", error.message),
        None => error.message.clone(),
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
