//! Planning a batch, before any handout is made: read each prescription once, name each
//! handout, find rows that would share a file, and settle the rows that need no work (kept
//! handouts, rows that cannot be read). Cheap and sequential; the expensive part is `make`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::error::{Error, Location};
use crate::load::raw;
use crate::load::yaml::{self, Source};
use crate::write::Target;

use super::file_name::NameValues;
use super::roster::{Cells, Column, Roster};
use super::{Options, RowReport, Status};

/// A prescription file read and parsed once per batch, however many rows name it.
pub(crate) struct Parsed {
    pub source: Source,
    pub raw: raw::Prescription,
}

/// A row ready to be made: which row, and its prescription. Its cells and file name are read
/// again when it is made, so planning keeps a few bytes a row.
pub(crate) struct Job {
    /// The row's index in the roster.
    pub index: usize,
    /// The row's number in messages.
    pub row: usize,
    pub parsed: Arc<Parsed>,
    /// With `--skip-existing`, a file of the handout's name that is not a complete PDF (why
    /// not): it is made again, in its place.
    pub remake: Option<&'static str>,
}

/// A row's cells and where its handout goes, as made ready.
pub(crate) struct Ready {
    pub cells: Cells,
    pub output: PathBuf,
}

impl Ready {
    /// The report of this row before it is made: failed, with no error yet.
    pub fn report(&self, row: usize) -> RowReport {
        RowReport {
            row,
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

pub(crate) enum Plan {
    Make(Job),
    Done(Box<RowReport>),
}

/// Rows sharing a file name, as many as are named in a message; the others are counted.
const NAMED_ROWS: usize = 3;

/// One plan per roster row, in roster order, and every prescription that was read.
pub(crate) fn plan(roster: &Roster, options: &Options) -> (Vec<Plan>, Vec<Arc<Parsed>>) {
    let mut prescriptions: HashMap<PathBuf, Result<Arc<Parsed>, Error>> = HashMap::new();
    let mut plans: Vec<Plan> = Vec::with_capacity(roster.len());
    // A digest of each lower-cased file name (case-insensitive file systems count too) and the
    // plan it is for, 20 bytes a row; only rows whose digest is shared are compared by name.
    let mut names: Vec<([u8; 16], u32)> = Vec::with_capacity(roster.len());
    for index in 0..roster.len() {
        let row = roster.row(index);
        let here = |column: Option<Column>, e: Error| at_row(&roster.path, row.number, column, e);
        let failed = |cells: Option<&Cells>, error: Error| {
            Plan::Done(Box::new(RowReport {
                row: row.number,
                patient: cells.map(|v| v.patient.clone()).unwrap_or_default(),
                email: cells.map(|v| v.email.clone()).unwrap_or_default(),
                status: Status::Failed,
                output: None,
                pages: None,
                bytes: None,
                error: Some(error),
            }))
        };
        let cells = match &row.cells {
            Ok(v) => v,
            Err(e) => {
                plans.push(failed(None, here(None, e.clone())));
                continue;
            }
        };
        let parsed = match prescription(roster, cells, &mut prescriptions) {
            Ok(p) => p,
            Err((column, e)) => {
                plans.push(failed(Some(cells), here(Some(column), e)));
                continue;
            }
        };
        let output = match output(cells, &parsed.raw, row.number, options) {
            Ok(o) => o,
            Err((column, e)) => {
                plans.push(failed(Some(cells), here(Some(column), e)));
                continue;
            }
        };
        names.push((digest(&output), plans.len() as u32));
        let report = RowReport {
            row: row.number,
            patient: cells.patient.clone(),
            email: cells.email.clone(),
            status: Status::Failed,
            output: Some(output.clone()),
            pages: None,
            bytes: None,
            error: None,
        };
        let fail = |e: Error| Plan::Done(Box::new(RowReport { error: Some(here(None, e)), ..report.clone() }));
        let target = Target::of(&output);
        let mut remake = None;
        match (&target, options.force, options.skip_existing) {
            (Target::Missing, ..) | (Target::File, true, _) => {}
            (Target::File, false, true) => match crate::write::complete_pdf(&output) {
                Ok(()) => {
                    plans.push(Plan::Done(Box::new(RowReport { status: Status::Skipped, ..report })));
                    continue;
                }
                // Not one of ours: somebody's file with the handout's name is kept.
                Err("it is not a PDF") => {
                    let e = Error::input(format!("{} is there but is not a PDF, so it was kept and no handout was made", output.display()))
                        .hint("move or rename that file, or use --force to replace it");
                    plans.push(fail(e));
                    continue;
                }
                Err(why) => remake = Some(why),
            },
            (Target::File, false, false) => {
                plans.push(fail(crate::write::already_exists(&output).hint(super::EXISTS_HINT)));
                continue;
            }
            (Target::Folder, ..) => {
                let e = Error::input(format!("{} is a folder, so no handout was made for this row", output.display()))
                    .hint("move or rename that folder, or choose other names with --name");
                plans.push(fail(e));
                continue;
            }
            (other, ..) => {
                let e = crate::write::not_writable(&output, other).expect("only a regular file or nothing is writable");
                plans.push(fail(e));
                continue;
            }
        }
        plans.push(Plan::Make(Job { index, row: row.number, parsed, remake }));
    }
    names.sort_unstable();
    for run in names.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        let indexes: Vec<u32> = run.iter().map(|(_, i)| *i).collect();
        fail_shared_names(roster, options, &mut plans, &indexes);
    }
    let read = prescriptions.into_values().filter_map(Result::ok).collect();
    (plans, read)
}

/// The parsed prescription a row names, read once per batch.
fn prescription(
    roster: &Roster,
    cells: &Cells,
    prescriptions: &mut HashMap<PathBuf, Result<Arc<Parsed>, Error>>,
) -> Result<Arc<Parsed>, (Column, Error)> {
    if cells.prescription.is_empty() {
        let e = Error::input("no prescription given").hint("give the path of a prescription YAML file, relative to the roster's folder");
        return Err((Column::Prescription, e));
    }
    let base = roster.path.parent().unwrap_or(Path::new(""));
    let path = base.join(&cells.prescription);
    prescriptions
        .entry(path.clone())
        .or_insert_with(|| {
            let source = Source::read(&path)?;
            let raw = yaml::parse(&source)?;
            Ok(Arc::new(Parsed { source, raw }))
        })
        .clone()
        .map_err(|e| (Column::Prescription, e))
}

/// Where a row's handout goes: the `--name` template filled in with the row's values (or the
/// prescription's, for empty cells).
fn output(cells: &Cells, raw: &raw::Prescription, row: usize, options: &Options) -> Result<PathBuf, (Column, Error)> {
    let or_written = |cell: &str, written: &Option<String>| {
        if cell.is_empty() {
            written.as_deref().map(crate::load::nfc).unwrap_or_default()
        } else {
            cell.to_string()
        }
    };
    let patient = or_written(&cells.patient, &raw.patient);
    if patient.trim().is_empty() {
        let e = Error::input("the patient's name is empty, here and in the prescription")
            .hint("every row needs the patient's name: it goes on the handout and into the file name");
        return Err((Column::Patient, e));
    }
    let date = or_written(&cells.date, &raw.date);
    let clinician = or_written(&cells.clinician, &raw.clinician);
    let stem = Path::new(&cells.prescription).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name =
        options.name.file_name(&NameValues { patient: &patient, date: date.trim(), clinician: &clinician, prescription: &stem, row });
    let Some(name) = name else {
        let e = Error::input("the file name template gives an empty name for this row")
            .hint("use a --name template with {patient}, and check that the row has a patient's name");
        return Err((Column::Patient, e));
    };
    Ok(options.out_dir.join(name))
}

/// The cells and output of a planned row, read again when it is made.
pub(crate) fn ready(roster: &Roster, job: &Job, options: &Options) -> Result<Ready, Error> {
    let row = roster.row(job.index);
    let cells = row.cells?;
    let output = output(&cells, &job.parsed.raw, job.row, options).map_err(|(column, e)| at_row(&roster.path, job.row, Some(column), e))?;
    Ok(Ready { cells, output })
}

fn digest(output: &Path) -> [u8; 16] {
    let name = output.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let hash = Sha256::digest(name.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&hash[..16]);
    out
}

/// Rows whose file names share a digest: those with the same name (ignoring case) are not
/// written, and each says so. A group is described once, at its first row, naming a few rows
/// and counting the rest; its other rows point there.
fn fail_shared_names(roster: &Roster, options: &Options, plans: &mut [Plan], indexes: &[u32]) {
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in indexes {
        let Some(report) = report_of(roster, options, &plans[i as usize]) else { continue };
        let name = report.output.as_deref().map(|o| o.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default());
        groups.entry(name.unwrap_or_default()).or_default().push(i as usize);
    }
    for indexes in groups.into_values().filter(|i| i.len() > 1) {
        let rows: Vec<usize> = indexes.iter().filter_map(|&i| report_of(roster, options, &plans[i]).map(|r| r.row)).collect();
        let (first_row, count) = (rows[0], rows.len());
        for (k, &i) in indexes.iter().enumerate() {
            let Some(report) = report_of(roster, options, &plans[i]) else { continue };
            let output = report.output.clone().unwrap_or_default();
            let e = if count <= NAMED_ROWS {
                let both = if count == 2 { "both" } else { "all" };
                Error::input(format!("rows {} would {both} be written to {}", listed(&rows), output.display()))
                    .hint("make the names differ, for example with --name \"{date}-{patient}-{row}.pdf\"")
            } else if k == 0 {
                let named = format!(
                    "{} and {} more",
                    rows[..NAMED_ROWS].iter().map(usize::to_string).collect::<Vec<_>>().join(", "),
                    count - NAMED_ROWS
                );
                Error::input(format!("rows {named} would all be written to {}", output.display()))
                    .hint("make the names differ, for example with --name \"{date}-{patient}-{row}.pdf\"")
            } else {
                Error::input(format!("would be written to {}, as would row {first_row} and {} other rows", output.display(), count - 2))
            };
            let error = at_row(&roster.path, report.row, None, e);
            plans[i] = Plan::Done(Box::new(RowReport { status: Status::Failed, error: Some(error), ..report }));
        }
    }
}

/// "2, 3 and 4"
fn listed(rows: &[usize]) -> String {
    match rows {
        [init @ .., last] => format!("{} and {last}", init.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")),
        [] => String::new(),
    }
}

/// The report a plan gives before it is made, with its output.
fn report_of(roster: &Roster, options: &Options, plan: &Plan) -> Option<RowReport> {
    match plan {
        Plan::Make(job) => ready(roster, job, options).ok().map(|r| r.report(job.row)),
        Plan::Done(r) => Some(RowReport { status: Status::Failed, ..(**r).clone() }),
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
