//! `handout batch`: checks the options, reads the roster, runs the batch, writes the report.

use std::path::{Path, PathBuf};

use crate::batch::{self, Progress, Roster, Status, Template};
use crate::error::{Error, Result, Warning, NO_SPACE_HINT};
use crate::load::Origin;
use crate::model::{Input, Role};
use crate::resolve::Loader;
use crate::stop::Stop;
use crate::write::{Existing, Protected, Target, Temps, WriteOptions};
use crate::Caches;

use super::email::Mailing;
use super::Outcome;

#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub roster: PathBuf,
    pub out_dir: PathBuf,
    /// The `--name` template as written.
    pub name: String,
    pub report: Option<PathBuf>,
    /// Handouts made at once (default: one per core).
    pub jobs: Option<usize>,
    pub force: bool,
    pub skip_existing: bool,
    pub deny_warnings: bool,
    pub source_date_epoch: Option<i64>,
    /// Leave each row's prescription out of its PDF.
    pub no_embed_prescription: bool,
    /// Set when the run is asked to stop (the binary's Ctrl-C and SIGTERM handler).
    pub stop: Stop,
    /// Named temporary files, listed while they exist.
    pub temps: Temps,
}

/// `--jobs` beyond this many per core is lowered to it, with a warning.
pub const MAX_JOBS_PER_CORE: usize = 4;

/// The report's format, from its extension.
enum ReportFormat {
    Csv,
    Json,
}

pub fn batch(loader: &Loader, caches: &Caches, options: &BatchOptions, progress: &dyn Progress) -> Result<Outcome> {
    batch_and_email(loader, caches, options, progress, None)
}

/// `batch`, then with `mailing` one email per patient (`--email`).
pub fn batch_and_email(
    loader: &Loader,
    caches: &Caches,
    options: &BatchOptions,
    progress: &dyn Progress,
    mailing: Option<&mut Mailing<'_>>,
) -> Result<Outcome> {
    let name = Template::parse(&options.name).map_err(|e| Origin::Flag("--name").blame(e))?;
    let report = match &options.report {
        None => None,
        Some(r) => {
            let format = match r.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
                Some("csv") => ReportFormat::Csv,
                Some("json") => ReportFormat::Json,
                _ => {
                    return Err(Origin::Flag("--report")
                        .blame(Error::input(format!("cannot tell the format of {}", r.display())).hint("name the report .csv or .json")))
                }
            };
            Some((r, format))
        }
    };
    let roster = Roster::read(&options.roster)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut jobs = options.jobs.unwrap_or(cores);
    // More threads than this only wait for each other (4,000 took minutes to start).
    let mut warnings = Vec::new();
    if jobs > MAX_JOBS_PER_CORE * cores {
        warnings.push(Warning::new(format!(
            "--jobs: {jobs} is more than this computer can use; making at most {MAX_JOBS_PER_CORE} handouts per CPU core at once"
        )));
        jobs = MAX_JOBS_PER_CORE * cores;
    }
    // What emailing reads (and rewrites), which no handout may replace.
    let mut also_read = Vec::new();
    if let Some(m) = &mailing {
        also_read.push(Input::new(Role::MailSettings, &m.settings.path));
        also_read.extend(m.settings.ca_file.as_ref().map(|ca| Input::new(Role::Certificate, &ca.path)));
        also_read.push(Input::new(Role::Ledger, options.out_dir.join(crate::mail::ledger::LEDGER_NAME)));
        also_read.push(Input::new(Role::Passwords, options.out_dir.join(crate::mail::protect::CODES_NAME)));
    }
    let run = batch::Options {
        out_dir: options.out_dir.clone(),
        name,
        force: options.force,
        skip_existing: options.skip_existing,
        deny_warnings: options.deny_warnings,
        jobs,
        source_date_epoch: options.source_date_epoch,
        no_embed_prescription: options.no_embed_prescription,
        stop: options.stop.clone(),
        temps: options.temps.clone(),
        also_read,
    };
    let prepared = batch::prepare(loader, caches, &roster, &run)?;
    // The report is checked before any handout is made, so a refused one costs nothing.
    if let Some((path, _)) = &report {
        check_report(path, prepared.protected(), options.force, &options.out_dir)?;
    }
    let mut summary = prepared.run(loader, caches, progress)?;
    warnings.extend(summary.warnings.iter().cloned());
    let mut message = summary.line();
    let emailed = match mailing {
        None => None,
        Some(m) => Some(super::email::email_batch(loader, caches, &roster, &summary, &options.out_dir, m)?),
    };
    let mut report_error = None;
    if let Some((path, format)) = report {
        let deliveries = emailed.as_ref().map(|e| &e.deliveries);
        let bytes = match format {
            ReportFormat::Json => batch::report_json(&summary, deliveries)?,
            ReportFormat::Csv => batch::report_csv(&summary, deliveries)?,
        };
        // The report describes this run, so it replaces the one from an earlier run.
        crate::write::remove_stale(crate::write::folder_of(path));
        if let Err(e) = crate::write::write(path, &bytes, WriteOptions::new(Existing::Replace, &options.temps)) {
            report_error = Some(report_not_written(e, path, summary.count(Status::Written), &options.out_dir));
        }
    }
    // The rows' errors move out of the summary once the report has them, so a roster of
    // hundreds of thousands of failed rows holds each error once.
    let mut errors = summary.take_errors();
    if let Some(e) = &emailed {
        errors.extend(e.errors());
        warnings.extend(e.warnings.iter().cloned());
        message = format!("{message}\n{}", e.lines());
    }
    errors.extend(report_error);
    Ok(Outcome { warnings, errors, message: Some(message), stdout: Vec::new() })
}

/// Whether `--report` may be written: onto nothing, or onto a previous handout report (any
/// file with `--force`), and never onto a file the run reads or anything but a regular file.
fn check_report(path: &Path, protected: &Protected, force: bool, out_dir: &Path) -> Result<()> {
    let flag = Origin::Flag("--report");
    let target = Target::of(path);
    if target == Target::Folder {
        return Err(flag.blame(
            Error::input(format!("{} is a folder", path.display()))
                .hint(format!("give the report a file name, for example {}", path.join("report.csv").display())),
        ));
    }
    if let Some(e) = crate::write::not_writable(path, &target) {
        return Err(flag.blame(e));
    }
    let folder = crate::write::folder_of(path);
    if !folder.is_dir() && folder != out_dir {
        return Err(flag.blame(
            Error::input(format!("cannot write {}: the folder {} does not exist", path.display(), folder.display()))
                .hint("create the folder first, or put the report in --out-dir"),
        ));
    }
    protected.check(path, &format!("--report {}", path.display()), "choose another name for --report")?;
    if target == Target::File && !force && !batch::report::is_report(path) {
        return Err(flag.blame(
            Error::input(format!("{} already exists and is not a handout report, so it is not replaced", path.display()))
                .hint("choose another name for --report, or add --force to replace it"),
        ));
    }
    Ok(())
}

/// The error for a report that could not be written, saying what was written.
fn report_not_written(e: Error, report: &Path, written: usize, out_dir: &Path) -> Error {
    let handouts = match written {
        0 => "no handout was written".to_string(),
        1 => format!("1 handout was written to {}", out_dir.display()),
        n => format!("{n} handouts were written to {}", out_dir.display()),
    };
    let advice = match e.hint.as_deref() {
        Some(NO_SPACE_HINT) => {
            "free some space, then run the same command with --skip-existing: it keeps the handouts and writes the report".to_string()
        }
        Some(other) => other.to_string(),
        None => "run the same command with --skip-existing to write the report".to_string(),
    };
    let hint = format!("{handouts}; the report {} was not; {advice}", report.display());
    Error { hint: Some(hint), ..e }
}
