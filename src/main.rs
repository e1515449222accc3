use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use handout::batch::{Progress, RowReport, Status};
use handout::cli::{run_with_progress, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let progress = Shown::new(cli.quiet);
    let mut stdout = std::io::stdout().lock();
    match run_with_progress(&cli, epoch, &mut stdout, &progress) {
        Ok(outcome) => {
            progress.finish();
            for w in &outcome.warnings {
                eprintln!("warning: {w}");
            }
            for e in &outcome.errors {
                eprintln!("error: {e}");
            }
            if let (Some(m), false) = (&outcome.message, cli.quiet && outcome.errors.is_empty()) {
                eprintln!("{m}");
            }
            ExitCode::from(outcome.exit_code() as u8)
        }
        Err(e) => {
            progress.finish();
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
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
                (Status::Written, Some(path)) => {
                    let pages = row.pages.unwrap_or(0);
                    let noun = if pages == 1 { "page" } else { "pages" };
                    eprintln!("wrote {} ({pages} {noun}, {} KB)", path.display(), row.bytes.unwrap_or(0).div_ceil(1024))
                }
                (Status::Skipped, Some(path)) => eprintln!("kept {} (already there)", path.display()),
                _ => {}
            },
        }
    }
}
