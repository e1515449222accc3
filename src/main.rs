use std::process::ExitCode;

use clap::Parser;
use handout::cli::{run, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let mut stdout = std::io::stdout().lock();
    match run(&cli, epoch, &mut stdout) {
        Ok(outcome) => {
            for w in &outcome.warnings {
                eprintln!("warning: {w}");
            }
            if let (Some(m), false) = (&outcome.message, cli.quiet) {
                eprintln!("{m}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
