//! The terminal: parse the command line, read `SOURCE_DATE_EPOCH`, run the command, show
//! progress, print what it says, exit with its code (0 success, 1 a handout could not be made,
//! 2 bad input or usage).

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use handout::batch::{Progress, RowReport, Status};
use handout::mail::{Delivery, MailStatus, Watch};
use handout::Error;

use cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let epoch = match source_date_epoch() {
        Ok(epoch) => epoch,
        Err(e) => {
            say(&format!("error: {e}"));
            return ExitCode::from(2);
        }
    };
    let progress = Shown::new(cli.quiet);
    let outcome = cli::run(&cli, epoch, &progress, &progress);
    progress.finish();
    match outcome {
        Ok(outcome) => {
            let mut code = outcome.exit_code();
            if !outcome.stdout.is_empty() {
                if let Err(e) = write_stdout(&outcome.stdout) {
                    say(&format!("error: {e}"));
                    code = code.max(e.exit_code());
                }
            }
            for w in &outcome.warnings {
                say(&format!("warning: {w}"));
            }
            for e in &outcome.errors {
                say(&format!("error: {e}"));
            }
            if let (Some(m), false) = (&outcome.message, cli.quiet && outcome.errors.is_empty()) {
                say(m);
            }
            ExitCode::from(code as u8)
        }
        Err(errors) => {
            for e in &errors {
                say(&format!("error: {e}"));
            }
            let code = errors.iter().map(Error::exit_code).max_by_key(|c| if *c == 2 { 2 } else { 1 }).unwrap_or(1);
            ExitCode::from(code as u8)
        }
    }
}

/// `SOURCE_DATE_EPOCH`, if set: the creation date of handouts without a date of their own.
fn source_date_epoch() -> Result<Option<i64>, Error> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else { return Ok(None) };
    let hint = "set it to whole seconds since 1970-01-01 (for example 1700000000), or unset it";
    let text = value.to_str().ok_or_else(|| Error::input("SOURCE_DATE_EPOCH: the value is not text").hint(hint))?;
    handout::model::date::parse_epoch_seconds(text).map(Some).map_err(|why| Error::input(format!("SOURCE_DATE_EPOCH: {why}")).hint(hint))
}

/// One line on standard error. A closed or full standard error never changes what is written or
/// the exit code, so failures to say something are ignored.
fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`handout list | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::failure(format!("cannot write to standard output: {e}"))),
    }
}

/// Batch progress on standard error: a bar on a terminal, one line per handout otherwise,
/// nothing with `--quiet`. Failures are printed at the end, in roster order.
enum Shown {
    Nothing,
    Lines,
    Bar(indicatif::ProgressBar),
}

impl Shown {
    fn new(quiet: bool) -> Self {
        if quiet {
            Shown::Nothing
        } else if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::hidden();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} handouts, {eta} left")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            Shown::Bar(bar)
        } else {
            Shown::Lines
        }
    }

    fn finish(&self) {
        if let Shown::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

impl Watch for Shown {
    fn delivered(&self, d: &Delivery) {
        let line = match d.status {
            MailStatus::Emailed => format!("emailed row {} to {}", d.row, d.address),
            MailStatus::Saved => format!("wrote {} (not sent)", d.detail),
            MailStatus::Skipped | MailStatus::Failed => return,
        };
        match self {
            Shown::Nothing => {}
            Shown::Bar(bar) => bar.println(line),
            Shown::Lines => say(&line),
        }
    }
}

impl Progress for Shown {
    fn start(&self, rows: usize) {
        if let Shown::Bar(bar) = self {
            bar.set_length(rows as u64);
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn row_done(&self, row: &RowReport) {
        match self {
            Shown::Nothing => {}
            Shown::Bar(bar) => bar.inc(1),
            Shown::Lines => match (row.status, &row.output) {
                (Status::Written, Some(path)) => say(&handout::write::wrote(path, row.pages.unwrap_or(0), row.bytes.unwrap_or(0))),
                (Status::Skipped, Some(path)) => say(&format!("kept {} (already there)", path.display())),
                _ => {}
            },
        }
    }
}
