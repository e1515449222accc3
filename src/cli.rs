//! Command-line arguments (clap), and running a command. `main.rs` only prints and exits.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::error::{Error, Result, Warning};
use crate::render::Meta;
use crate::resolve::Loader;

#[derive(Debug, Parser)]
#[command(name = "handout", version, about = "Turns a YAML prescription into a branded, illustrated, printable PDF exercise handout")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Treat warnings as errors (for scripts).
    #[arg(long, global = true)]
    pub deny_warnings: bool,
    /// An exercise library YAML file whose exercises are added to the built-in ones.
    #[arg(long, global = true, value_name = "FILE")]
    pub library: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a PDF handout from a prescription YAML file.
    Render {
        /// The prescription (YAML).
        prescription: PathBuf,
        /// Output PDF; `-` writes to standard output. Default: next to the input, with .pdf.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        style: StyleArgs,
    },
    /// Make one PDF handout per row of a roster (CSV or YAML).
    Batch {
        /// The roster: a CSV file with a header row, or a YAML list. Columns: patient, date,
        /// clinician, prescription (a path relative to the roster), and optionally language,
        /// paper, notes, email.
        roster: PathBuf,
        /// The folder for the handouts; created if missing (its parent must exist).
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
        /// File name template; fields: {patient}, {date}, {clinician}, {prescription}, {row}.
        #[arg(long, value_name = "TEMPLATE", default_value = crate::batch::DEFAULT_NAME)]
        name: String,
        /// Also write a report of every row (status, output, pages, bytes, error) as .csv or .json.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Handouts made at once. Default: one per CPU core.
        #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Replace handouts that already exist.
        #[arg(long, conflicts_with = "skip_existing")]
        force: bool,
        /// Keep handouts that already exist and make only the missing ones (to resume a batch).
        #[arg(long)]
        skip_existing: bool,
    },
    /// List the exercises in the library.
    List {
        /// Only this kind: stretch, strength or mobility.
        #[arg(long)]
        kind: Option<String>,
        /// Only exercises for this body area (e.g. hip, lower-back).
        #[arg(long)]
        area: Option<String>,
        /// Only exercises that use this equipment (none, mat, towel, resistance-band, wall).
        #[arg(long)]
        equipment: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show one library exercise in full.
    Show {
        /// The exercise id (see `handout list`).
        id: String,
    },
    /// Check prescriptions, brand files and libraries without rendering; reports every problem.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write a starter brand.yaml and prescription.yaml in the current folder.
    Init,
    /// Print shell completions (bash, zsh, fish, ...) to standard output.
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff) to standard output.
    Man,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// Options that override the prescription's own.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StyleArgs {
    /// Language of labels and built-in text (en, es); overrides `language:`.
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
    /// Large print: body text 14 pt or more, one exercise per row, bigger pictures.
    #[arg(long)]
    pub large_print: bool,
    /// Layout: list (one exercise per row) or compact (two per row); overrides `layout:`.
    #[arg(long, value_name = "LAYOUT")]
    pub layout: Option<String>,
    /// Paper size: a4 or letter; overrides `paper:`.
    #[arg(long, value_name = "SIZE")]
    pub paper: Option<String>,
}

impl StyleArgs {
    /// Applies the options to a parsed prescription.
    pub fn apply(&self, raw: &mut crate::raw::Prescription) {
        if let Some(l) = &self.language {
            raw.language = Some(l.clone());
        }
        if self.large_print {
            raw.large_print = Some(true);
        }
        if let Some(l) = &self.layout {
            raw.layout = Some(l.clone());
        }
        if let Some(p) = &self.paper {
            raw.paper = Some(p.clone());
        }
    }
}

/// What a command produced, for `main` to print.
pub struct Outcome {
    pub warnings: Vec<Warning>,
    /// Failures that did not stop the command (rows of a batch), printed before `message`.
    pub errors: Vec<Error>,
    pub message: Option<String>,
}

impl Outcome {
    /// 0 if nothing failed; else 2 if any failure was bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        self.errors.iter().map(Error::exit_code).max_by_key(|c| if *c == 2 { 2 } else { 1 }).unwrap_or(0)
    }
}

/// Runs a parsed command. `source_date_epoch` comes from the environment, read by `main`.
pub fn run(cli: &Cli, source_date_epoch: Option<i64>, stdout: &mut dyn Write) -> Result<Outcome> {
    run_with_progress(cli, source_date_epoch, stdout, &crate::batch::Silent)
}

/// `run`, telling `progress` about each handout of a batch as it is made.
pub fn run_with_progress(
    cli: &Cli,
    source_date_epoch: Option<i64>,
    stdout: &mut dyn Write,
    progress: &dyn crate::batch::Progress,
) -> Result<Outcome> {
    let mut loader = Loader::new()?;
    if let Some(lib) = &cli.library {
        loader = loader.with_library(lib)?;
    }
    match &cli.command {
        Command::Batch { roster, out_dir, name, report, jobs, force, skip_existing } => {
            batch(cli, &loader, source_date_epoch, progress, roster, out_dir, name, report.as_deref(), *jobs, *force, *skip_existing)
        }
        Command::List { kind, area, equipment, format } => {
            let filter = crate::commands::ListFilter { kind: kind.clone(), area: area.clone(), equipment: equipment.clone() };
            let text = crate::commands::list(loader.library(), &filter, matches!(format, ListFormat::Json))?;
            write_stdout(stdout, text.as_bytes())?;
            Ok(Outcome { warnings: Vec::new(), errors: Vec::new(), message: None })
        }
        Command::Show { id } => {
            write_stdout(stdout, crate::commands::show(loader.library(), id)?.as_bytes())?;
            Ok(Outcome { warnings: Vec::new(), errors: Vec::new(), message: None })
        }
        Command::Check { files } => {
            let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            let (errors, warnings, ok) = crate::commands::check(&loader, &paths);
            let message =
                if errors.is_empty() { Some(ok.join("\n")) } else { Some(format!("{} problem(s) found; no PDF was made", errors.len())) };
            Ok(Outcome { warnings, errors, message })
        }
        Command::Init => {
            let message = crate::commands::init(Path::new("."))?;
            Ok(Outcome { warnings: Vec::new(), errors: Vec::new(), message: Some(message) })
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut <Cli as clap::CommandFactory>::command(), "handout", &mut out);
            write_stdout(stdout, &out)?;
            Ok(Outcome { warnings: Vec::new(), errors: Vec::new(), message: None })
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
                .render(&mut out)
                .map_err(|e| Error::failure(format!("cannot write the man page: {e}")))?;
            write_stdout(stdout, &out)?;
            Ok(Outcome { warnings: Vec::new(), errors: Vec::new(), message: None })
        }
        Command::Render { prescription, output, force, style } => {
            let (handout, warnings) = loader.load_with(prescription, &|raw| style.apply(raw))?;
            if cli.deny_warnings && !warnings.is_empty() {
                let list: String = warnings.iter().map(|w| format!("\n  warning: {w}")).collect();
                return Err(Error::input(format!(
                    "{} warning(s) and --deny-warnings was given; no PDF was written:{list}",
                    warnings.len()
                )));
            }
            let rendered = crate::pdf(&handout, &meta(source_date_epoch))?;
            let bytes = rendered.bytes;
            let target = match output {
                Some(o) if o.as_os_str() == "-" => {
                    write_stdout(stdout, &bytes)?;
                    return Ok(Outcome { warnings, errors: Vec::new(), message: None });
                }
                Some(o) => o.clone(),
                None => prescription.with_extension("pdf"),
            };
            if same_file(&target, prescription) {
                return Err(Error::input(format!("the output {} is the prescription itself", target.display()))
                    .hint("choose an output name ending in .pdf"));
            }
            crate::write::write_atomic(&target, &bytes, *force)?;
            Ok(Outcome {
                warnings,
                errors: Vec::new(),
                message: Some(format!(
                    "wrote {} ({} {}, {} KB)",
                    target.display(),
                    rendered.pages,
                    if rendered.pages == 1 { "page" } else { "pages" },
                    bytes.len().div_ceil(1024)
                )),
            })
        }
    }
}

/// The metadata every handout gets, alone or in a batch (so both give the same bytes).
fn meta(source_date_epoch: Option<i64>) -> Meta {
    Meta { fallback_epoch: source_date_epoch, producer: format!("handout {}", env!("CARGO_PKG_VERSION")) }
}

#[allow(clippy::too_many_arguments)]
fn batch(
    cli: &Cli,
    loader: &Loader,
    source_date_epoch: Option<i64>,
    progress: &dyn crate::batch::Progress,
    roster: &Path,
    out_dir: &Path,
    name: &str,
    report: Option<&Path>,
    jobs: Option<u16>,
    force: bool,
    skip_existing: bool,
) -> Result<Outcome> {
    use crate::batch::{self, Roster, Template};
    let name = Template::parse(name).map_err(|e| Error { message: format!("--name: {}", e.message), ..e })?;
    let report_format = match report {
        None => None,
        Some(r) => match r.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => Some((r, false)),
            Some("json") => Some((r, true)),
            _ => {
                return Err(
                    Error::input(format!("--report: cannot tell the format of {}", r.display())).hint("name the report .csv or .json")
                )
            }
        },
    };
    if let Some((r, _)) = report_format {
        if same_file(r, roster) {
            return Err(Error::input(format!("--report: {} is the roster itself", r.display())).hint("choose another name for the report"));
        }
    }
    let roster = Roster::read(roster)?;
    let jobs = jobs.map_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()), usize::from);
    let options = batch::Options {
        out_dir: out_dir.to_path_buf(),
        name,
        force,
        skip_existing,
        deny_warnings: cli.deny_warnings,
        jobs,
        meta: meta(source_date_epoch),
    };
    let summary = batch::run(loader, &roster, &options, progress)?;
    let mut errors: Vec<Error> = summary.errors().cloned().collect();
    if let Some((path, json)) = report_format {
        let bytes = if json { batch::report_json(&summary)? } else { batch::report_csv(&summary)? };
        // The report describes this run, so it replaces the one from an earlier run.
        if let Err(e) = crate::write::write_atomic(path, &bytes, true) {
            errors.push(e);
        }
    }
    Ok(Outcome { warnings: summary.warnings.clone(), errors, message: Some(summary.line()) })
}

fn write_stdout(stdout: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`handout list | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::failure(format!("cannot write to standard output: {e}"))),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
