//! `handout batch`: a roster in, one handout per row out.
//!
//! The way through: `roster` (CSV or YAML, each row read on its own) → `plan` (each
//! prescription read once per batch, file names made and compared) → `make` (per row, in
//! parallel: `Loader::resolve` with the row's cells as overrides, layout, render, write) → a
//! `Summary` with one `RowReport` per row, which `report` turns into bytes.
//!
//! Before anything is written, `prepare` finds every file the run reads, so no handout (and no
//! report) replaces one. Once `Options::stop` is set (Ctrl-C, SIGTERM) no new row starts; the
//! rows in progress finish and the others are reported as not started.
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
use crate::error::{warnings_denied, Error, Result, Warning, NO_SPACE_HINT};
use crate::model::{Input, Role};
use crate::resolve::Loader;
use crate::stop::Stop;
use crate::write::{Existing, Protected, Target, Temps, WriteOptions};
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
    /// Asked before each row: once it is set, no new row is started.
    pub stop: Stop,
    /// Named temporary files, listed while they exist.
    pub temps: Temps,
    /// Files the run reads besides the roster and what its prescriptions name (mail
    /// settings, the ledger), which no handout may replace.
    pub also_read: Vec<Input>,
}

/// What became of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Written,
    Skipped,
    Failed,
    /// The run was stopped (Ctrl-C, SIGTERM) before this row was started.
    NotStarted,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Written => "written",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
            Status::NotStarted => "not started",
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
    /// The run was asked to stop before it finished.
    pub stopped: bool,
}

impl Summary {
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    /// The failed rows' errors, in roster order.
    pub fn errors(&self) -> impl Iterator<Item = &Error> {
        self.rows.iter().filter_map(|r| r.error.as_ref())
    }

    /// The failed rows' errors, in roster order, taken out of the rows.
    pub fn take_errors(&mut self) -> Vec<Error> {
        self.rows.iter_mut().filter_map(|r| r.error.take()).collect()
    }

    /// "12 written, 0 failed" (and the skipped ones, if any); for a run that was stopped,
    /// "stopped: 231 written, 0 failed, 169 not started".
    pub fn line(&self) -> String {
        let skipped = self.count(Status::Skipped);
        let skipped = if skipped > 0 { format!(", {skipped} skipped (already there)") } else { String::new() };
        let line = format!("{} written{skipped}, {} failed", self.count(Status::Written), self.count(Status::Failed));
        if self.stopped {
            format!("stopped: {line}, {} not started", self.count(Status::NotStarted))
        } else {
            line
        }
    }
}

/// Told about each row as it finishes (from several threads at once).
pub trait Progress: Sync {
    fn start(&self, _rows: usize) {}
    fn row_done(&self, _row: &RowReport) {}
}

/// A batch planned and checked, nothing written yet: every row's file name, and every file the
/// run reads (which no output may replace).
pub struct Prepared<'a> {
    roster: &'a Roster,
    options: &'a Options,
    plans: Vec<Plan>,
    protected: Protected,
}

impl Prepared<'_> {
    /// The files the run reads: the roster, each prescription and what it names, and
    /// `Options::also_read`.
    pub fn protected(&self) -> &Protected {
        &self.protected
    }

    /// Makes the planned handouts, in parallel; once `Options::stop` is set no new row starts,
    /// and the rows not started are reported as such.
    pub fn run(self, loader: &Loader, caches: &Caches, progress: &dyn Progress) -> Result<Summary> {
        let Prepared { roster, options, plans, protected } = self;
        create_out_dir(&options.out_dir)?;
        crate::write::remove_stale(&options.out_dir);
        let summary = make_all(loader, caches, roster, options, plans, &protected, progress)?;
        crate::write::sync_folder(&options.out_dir);
        Ok(summary)
    }
}

/// Plans a batch: checks the output folder (without making it), reads each prescription once,
/// names each handout, and finds every file the run reads.
pub fn prepare<'a>(loader: &Loader, caches: &Caches, roster: &'a Roster, options: &'a Options) -> Result<Prepared<'a>> {
    check_out_dir(&options.out_dir)?;
    let (plans, prescriptions) = plan::plan(roster, options);
    let mut protected = Protected::new([Input::new(Role::Roster, &roster.path)]);
    protected.add(options.also_read.iter().cloned());
    protected.add(loader.library_files().iter().map(|p| Input::new(Role::Library, p)));
    for p in &prescriptions {
        protected.add(loader.inputs(&caches.resolve, &p.source, &p.raw));
    }
    Ok(Prepared { roster, options, plans, protected })
}

/// Makes one handout per roster row. Fails as a whole only when nothing can be made (the output
/// folder cannot be created); each row's failure is in its `RowReport`.
pub fn run(loader: &Loader, caches: &Caches, roster: &Roster, options: &Options, progress: &dyn Progress) -> Result<Summary> {
    prepare(loader, caches, roster, options)?.run(loader, caches, progress)
}

fn make_all(
    loader: &Loader,
    caches: &Caches,
    roster: &Roster,
    options: &Options,
    plans: Vec<Plan>,
    protected: &Protected,
    progress: &dyn Progress,
) -> Result<Summary> {
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
                    Plan::Make(job) if options.stop.requested() => not_started(roster, &job, options),
                    Plan::Make(job) => make(loader, caches, roster, &job, options, protected, &warnings),
                };
                progress.row_done(&report);
                report
            })
            .collect()
    });
    let mut warnings = std::mem::take(&mut *lock(&warnings));
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| seen.insert(w.to_string()));
    let stopped = options.stop.requested();
    Ok(Summary { rows, warnings, stopped })
}

/// A row the run was stopped before.
fn not_started(roster: &Roster, job: &Job, options: &Options) -> RowReport {
    match plan::ready(roster, job, options) {
        Ok(ready) => RowReport { status: Status::NotStarted, ..ready.report(job.row) },
        Err(e) => RowReport {
            row: job.row,
            patient: String::new(),
            email: String::new(),
            status: Status::NotStarted,
            output: None,
            pages: None,
            bytes: None,
            error: Some(at_row(&roster.path, job.row, None, e)),
        },
    }
}

/// Whether the output folder is there or can be made (only its last folder is made).
fn check_out_dir(dir: &Path) -> Result<()> {
    match Target::of(dir) {
        Target::Folder => return Ok(()),
        Target::Missing => {}
        Target::Dangling(to) => {
            return Err(Error::input(format!("the output folder {} is a link to {}, which does not exist", dir.display(), to.display()))
                .hint("create the folder it points to, or choose another --out-dir"))
        }
        _ => return Err(Error::input(format!("the output folder {} is a file", dir.display())).hint("choose another --out-dir")),
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
    Ok(())
}

fn create_out_dir(dir: &Path) -> Result<()> {
    check_out_dir(dir)?;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir(dir)
        .or_else(|e| if dir.is_dir() { Ok(()) } else { Err(e) })
        .map_err(|e| Error::io("create the output folder", dir, &e))
}

/// Makes and writes one handout.
fn make(
    loader: &Loader,
    caches: &Caches,
    roster: &Roster,
    job: &Job,
    options: &Options,
    protected: &Protected,
    warnings: &Mutex<Vec<Warning>>,
) -> RowReport {
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
                None => crate::pdf(&handout, &caches.render, options.source_date_epoch)
                    .and_then(|rendered| {
                        if options.deny_warnings && !rendered.warnings.is_empty() {
                            return Err(warnings_denied(&rendered.warnings, false));
                        }
                        lock(warnings).extend(rendered.warnings.iter().cloned());
                        Ok(rendered)
                    })
                    .map_err(|e| at_row(path, job.row, None, e)),
            }
        }
    };
    match made {
        Ok(rendered) => {
            report.pages = Some(rendered.pages);
            report.bytes = Some(rendered.bytes.len());
            let existing = if options.force || job.remake.is_some() { Existing::Replace } else { Existing::Keep(EXISTS_HINT) };
            let shown = ready.output.display().to_string();
            let written = protected
                .check(&ready.output, &shown, "change --name or --out-dir")
                .and_then(|()| crate::write::write(&ready.output, &rendered.bytes, WriteOptions::new(existing, &options.temps)));
            match written {
                Ok(()) => {
                    report.status = Status::Written;
                    if let Some(why) = job.remake {
                        let w = Warning::new(format!("{shown} was there but {why}; it was made again")).at(Some(crate::error::Location {
                            file: path.clone(),
                            line: Some(job.row),
                            column: None,
                        }));
                        lock(warnings).push(w);
                    }
                }
                Err(e) if e.hint.as_deref() == Some(NO_SPACE_HINT) => {
                    let e = Error { hint: Some(ROW_NO_SPACE_HINT.to_string()), ..e };
                    report.error = Some(at_row(path, job.row, None, e));
                }
                Err(e) => report.error = Some(at_row(path, job.row, None, e)),
            }
        }
        Err(e) => report.error = Some(e),
    }
    report
}

/// The hint for a handout that did not fit on the disk: the others may have.
const ROW_NO_SPACE_HINT: &str =
    "this handout was not written; free some space, then run the same command with --skip-existing to make the rest";

/// The hint for a handout that is already there.
pub(crate) const EXISTS_HINT: &str = "use --force to replace it, or --skip-existing to keep it and make only the missing handouts";
