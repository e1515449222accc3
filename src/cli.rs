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
    },
    /// List the exercises in the library.
    List,
}

/// What a command produced, for `main` to print.
pub struct Outcome {
    pub warnings: Vec<Warning>,
    pub message: Option<String>,
}

/// Runs a parsed command. `source_date_epoch` comes from the environment, read by `main`.
pub fn run(cli: &Cli, source_date_epoch: Option<i64>, stdout: &mut dyn Write) -> Result<Outcome> {
    let mut loader = Loader::new()?;
    if let Some(lib) = &cli.library {
        loader = loader.with_library(lib)?;
    }
    match &cli.command {
        Command::List => {
            let table = crate::library::table(loader.library());
            write_stdout(stdout, table.as_bytes())?;
            Ok(Outcome { warnings: Vec::new(), message: None })
        }
        Command::Render { prescription, output, force } => {
            let (handout, warnings) = loader.load(prescription)?;
            if cli.deny_warnings && !warnings.is_empty() {
                return Err(Error::input(format!("{} warning(s) and --deny-warnings was given; no PDF was written", warnings.len())));
            }
            let meta = Meta { fallback_epoch: source_date_epoch, producer: format!("handout {}", env!("CARGO_PKG_VERSION")) };
            let rendered = crate::pdf(&handout, &meta)?;
            let bytes = rendered.bytes;
            let target = match output {
                Some(o) if o.as_os_str() == "-" => {
                    write_stdout(stdout, &bytes)?;
                    return Ok(Outcome { warnings, message: None });
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
                message: Some(format!("wrote {} ({} pages, {} KB)", target.display(), rendered.pages, bytes.len().div_ceil(1024))),
            })
        }
    }
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
