//! The terminal: parse the command line, read `SOURCE_DATE_EPOCH`, handle Ctrl-C, SIGTERM and SIGHUP,
//! run the command, show progress, print what it says, exit with its code (0 success, 1 a
//! handout could not be made, 2 bad input or usage, 130, 143 or 129 stopped by SIGINT,
//! SIGTERM or SIGHUP).

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use handout::batch::{Progress, RowReport, Status};
use handout::mail::{Delivery, MailStatus, Watch};
use handout::stop::Stop;
use handout::write::Temps;
use handout::Error;

use cli::{Cli, Command};

fn main() -> ExitCode {
    memory::keep_freed();
    let cli = Cli::parse();
    let stop = Stop::default();
    let temps = Temps::default();
    // A batch stops between handouts on the first signal; anything else stops at once (it
    // takes milliseconds, and has no named temporary file to leave on Linux).
    let batch = matches!(cli.command, Command::Batch { .. });
    signals::handle(&stop, &temps, batch);
    let epoch = match source_date_epoch() {
        Ok(epoch) => epoch,
        Err(e) => {
            say(&format!("error: {e}"));
            return ExitCode::from(2);
        }
    };
    let progress = Shown::new(cli.quiet);
    let outcome = cli::run(&cli, epoch, &progress, &progress, &stop, &temps);
    progress.finish();
    // Stopped by a signal: the shell's convention, 128 + the signal's number.
    let stopped = stop.why().filter(|_| batch).map(|signal| 128 + signal);
    match outcome {
        Ok(outcome) => {
            let mut code = outcome.exit_code();
            if !outcome.stdout.is_empty() {
                let written = if stdout::was_closed() { Err(closed_stdout(&cli.command)) } else { write_stdout(&outcome.stdout) };
                if let Err(e) = written {
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
            if let (Some(m), false) = (&outcome.message, cli.quiet && outcome.errors.is_empty() && stopped.is_none()) {
                say(m);
            }
            ExitCode::from(stopped.unwrap_or(code) as u8)
        }
        Err(errors) => {
            for e in &errors {
                say(&format!("error: {e}"));
            }
            let code = errors.iter().map(Error::exit_code).max_by_key(|c| if *c == 2 { 2 } else { 1 }).unwrap_or(1);
            ExitCode::from(stopped.unwrap_or(code) as u8)
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

/// The error for output to a standard output that was closed when the program started
/// (`handout render x.yaml -o - >&-`): the system gives such a program /dev/null in its place,
/// so the bytes would vanish without a word.
fn closed_stdout(command: &Command) -> Error {
    match command {
        Command::Render { .. } => Error::failure("standard output is closed, so the PDF would go nowhere; nothing was written")
            .hint("give -o FILE.pdf, or send standard output to a file: -o - > handout.pdf"),
        _ => Error::failure("standard output is closed, so nothing could be shown").hint("send standard output to a file or a pipe"),
    }
}

/// Whether standard output was open when the program started. The Rust runtime opens
/// /dev/null in place of a closed one before `main`, so this is looked at earlier, as the
/// program is loaded.
mod stdout {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    mod at_start {
        use std::sync::atomic::{AtomicBool, Ordering};

        pub static CLOSED: AtomicBool = AtomicBool::new(false);

        extern "C" fn look() {
            // SAFETY: F_GETFD only reads the flags of descriptor 1, if there is one.
            let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
            CLOSED.store(closed, Ordering::Relaxed);
        }

        /// Run by the loader before the Rust runtime starts.
        #[used]
        #[link_section = ".init_array"]
        static LOOK: extern "C" fn() = look;
    }

    pub fn was_closed() -> bool {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        return at_start::CLOSED.load(std::sync::atomic::Ordering::Relaxed);
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        false
    }
}

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal or SSH session closed). A thread waits for them (nothing runs inside the signal handler
/// itself): in a batch the first one asks the batch to stop, which finishes the handouts in
/// progress, starts no new one, and writes the report; a second one, or the first in any other
/// command, removes the named temporary files and exits at once. A signal that was ignored
/// when the program started (`nohup`, a background job of a script) stays ignored.
mod signals {
    use handout::stop::Stop;
    use handout::write::Temps;

    #[cfg(unix)]
    pub fn handle(stop: &Stop, temps: &Temps, batch: bool) {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP].into_iter().filter(|&s| !ignored(s)).collect();
        let Ok(mut signals) = signal_hook::iterator::Signals::new(&wanted) else { return };
        let (stop, temps) = (stop.clone(), temps.clone());
        std::thread::spawn(move || {
            for signal in signals.forever() {
                if batch && !stop.requested() {
                    stop.request(signal);
                    super::say(
                        "stopping: the handouts being made are finished and no new one is started (press Ctrl-C again to stop at once)",
                    );
                    continue;
                }
                temps.remove_all();
                if batch {
                    super::say("stopped at once: the handouts being made were dropped, and no report was written; run the same command with --skip-existing to make the rest");
                }
                std::process::exit(128 + signal);
            }
        });
    }

    #[cfg(not(unix))]
    pub fn handle(_: &Stop, _: &Temps, _: bool) {}

    /// Whether `signal` was set to be ignored when the program started.
    #[cfg(unix)]
    fn ignored(signal: i32) -> bool {
        // SAFETY: sigaction with no new action only reads the current one into `old`.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(signal, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
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

/// Memory the allocator keeps. A handout is made of many short-lived buffers of a few hundred
/// KB (compressors, PDF objects, font subsets); by default glibc maps each from the system and
/// unmaps it when freed, so the next one starts on fresh zeroed pages. Buffers under 1 MB now
/// come from the heap, which keeps up to 8 MB free for reuse: 1,134 page faults per render
/// instead of 1,294. (At 64 MB, a two-thread batch fragmented its heaps: 123 MB for 10,000
/// rows.)
mod memory {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    pub fn keep_freed() {
        // SAFETY: mallopt only sets two of the allocator's thresholds; it is called before any
        // other thread exists.
        unsafe {
            libc::mallopt(libc::M_TRIM_THRESHOLD, 8 << 20);
            libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        }
    }

    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    pub fn keep_freed() {}
}
