//! `handout batch`: checks the options, reads the roster, runs the batch, writes the report.

use std::path::PathBuf;

use crate::batch::{self, Progress, Roster, Template};
use crate::error::{Error, Result, Warning};
use crate::load::Origin;
use crate::resolve::Loader;
use crate::write::Existing;
use crate::Caches;

use super::email::Mailing;
use super::render::same_file;
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
            if same_file(r, &options.roster) {
                return Err(Origin::Flag("--report")
                    .blame(Error::input(format!("{} is the roster itself", r.display())).hint("choose another name for the report")));
            }
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
    let run = batch::Options {
        out_dir: options.out_dir.clone(),
        name,
        force: options.force,
        skip_existing: options.skip_existing,
        deny_warnings: options.deny_warnings,
        jobs,
        source_date_epoch: options.source_date_epoch,
        no_embed_prescription: options.no_embed_prescription,
    };
    let summary = batch::run(loader, caches, &roster, &run, progress)?;
    let mut errors: Vec<Error> = summary.errors().cloned().collect();
    warnings.extend(summary.warnings.iter().cloned());
    let mut message = summary.line();
    let emailed = match mailing {
        None => None,
        Some(m) => Some(super::email::email_batch(loader, caches, &roster, &summary, &options.out_dir, m)?),
    };
    if let Some(e) = &emailed {
        errors.extend(e.errors());
        warnings.extend(e.warnings.iter().cloned());
        message = format!("{message}\n{}", e.lines());
    }
    let deliveries = emailed.as_ref().map(|e| &e.deliveries);
    if let Some((path, format)) = report {
        let bytes = match format {
            ReportFormat::Json => batch::report_json(&summary, deliveries)?,
            ReportFormat::Csv => batch::report_csv(&summary, deliveries)?,
        };
        // The report describes this run, so it replaces the one from an earlier run.
        if let Err(e) = crate::write::write_atomic(path, &bytes, Existing::Replace) {
            errors.push(e);
        }
    }
    Ok(Outcome { warnings, errors, message: Some(message), stdout: Vec::new() })
}
