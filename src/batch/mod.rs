//! `handout batch`: a roster in, one handout per row out.
//!
//! The way through: `roster` (CSV or YAML, each row read on its own) → `plan` (each
//! prescription read once per batch, file names made and compared) → `make` (per row, in
//! parallel: `Loader::resolve` with the row's cells as overrides, layout, render, write) → a
//! `Summary` with one `RowReport` per row, which `report` turns into bytes.
//!
//! A bad row never stops the others. Every row error names the roster file and row (the line
//! of the record in a CSV file, the 1-based entry number in a YAML file) and the column.
//! Nothing here prints: progress goes to a `Progress` the caller supplies.

pub mod file_name;
pub mod plan;
pub mod report;
pub mod roster;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

pub use file_name::{safe_file_name, Template, DEFAULT_NAME, MAX_NAME_BYTES};
pub use report::{report_csv, report_json};
pub use roster::{Cells, Column, Roster, Row};

use crate::cache::lock;
use crate::error::{warnings_denied, Error, Result, Warning};
use crate::resolve::Loader;
use crate::write::Existing;
use crate::Caches;

use plan::{at_row, Job, Plan};

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
    /// The creation date of handouts without a date of their own (`SOURCE_DATE_EPOCH`).
    pub source_date_epoch: Option<i64>,
    /// Leave every row's prescription out of its PDF (`--no-embed-prescription`).
    pub no_embed_prescription: bool,
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
}

/// Told about each row as it finishes (from several threads at once).
pub trait Progress: Sync {
    fn start(&self, _rows: usize) {}
    fn row_done(&self, _row: &RowReport) {}
}

/// Makes one handout per roster row. Fails as a whole only when nothing can be made (the output
/// folder cannot be created); each row's failure is in its `RowReport`.
pub fn run(loader: &Loader, caches: &Caches, roster: &Roster, options: &Options, progress: &dyn Progress) -> Result<Summary> {
    create_out_dir(&options.out_dir)?;
    let plans = plan::plan(roster, options);
    let warnings: Mutex<Vec<Warning>> = Mutex::default();
    progress.start(plans.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.max(1))
        // The main thread's stack size, so a row is made with the room `handout render` has.
        .stack_size(8 << 20)
        .build()
        .map_err(|e| Error::failure(format!("cannot start {} worker threads: {e}", options.jobs)))?;
    let rows: Vec<RowReport> = pool.install(|| {
        plans
            .into_par_iter()
            .map(|p| {
                let report = match p {
                    Plan::Done(report) => *report,
                    Plan::Make(job) => make(loader, caches, roster, &job, options, &warnings),
                };
                progress.row_done(&report);
                report
            })
            .collect()
    });
    let mut warnings = std::mem::take(&mut *lock(&warnings));
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

/// Makes and writes one handout.
fn make(loader: &Loader, caches: &Caches, roster: &Roster, job: &Job, options: &Options, warnings: &Mutex<Vec<Warning>>) -> RowReport {
    let path = &roster.path;
    let ready = match plan::ready(roster, job, options) {
        Ok(ready) => ready,
        Err(e) => {
            return RowReport {
                row: job.row,
                patient: String::new(),
                email: String::new(),
                status: Status::Failed,
                output: None,
                pages: None,
                bytes: None,
                error: Some(at_row(path, job.row, None, e)),
            }
        }
    };
    let mut report = ready.report(job.row);
    let mut overrides = ready.cells.overrides(path, job.row);
    if options.no_embed_prescription {
        overrides.embed_prescription = Some(false);
    }
    let resolved = loader.resolve(&caches.resolve, &job.parsed.source, &job.parsed.raw, &overrides);
    let made = match resolved {
        // An error in the prescription (not in one of the row's cells) is the prescription
        // column's.
        Err(problems) => Err(at_row(path, job.row, Some(Column::Prescription), problems.into_first())),
        Ok((handout, w)) => {
            let denied = options.deny_warnings && !w.is_empty();
            let error = denied.then(|| warnings_denied(&w, false));
            lock(warnings).extend(w);
            match error {
                Some(e) => Err(at_row(path, job.row, None, e)),
                None => crate::pdf(&handout, &caches.render, options.source_date_epoch).map_err(|e| at_row(path, job.row, None, e)),
            }
        }
    };
    match made {
        Ok(rendered) => {
            report.pages = Some(rendered.pages);
            report.bytes = Some(rendered.bytes.len());
            let existing = if options.force { Existing::Replace } else { Existing::Keep(EXISTS_HINT) };
            match crate::write::write_atomic(&ready.output, &rendered.bytes, existing) {
                Ok(()) => report.status = Status::Written,
                Err(e) => report.error = Some(at_row(path, job.row, None, e)),
            }
        }
        Err(e) => report.error = Some(e),
    }
    report
}

/// The hint for a handout that is already there.
pub(crate) const EXISTS_HINT: &str = "use --force to replace it, or --skip-existing to keep it and make only the missing handouts";
