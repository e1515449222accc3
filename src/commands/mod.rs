//! The commands, each in its own file: `render`, `batch`, `check`, `list`, `show`, `init`,
//! `extract`, and `email` (the sending part of `render --email` and `batch --email`). Each
//! returns an `Outcome` (what to print and the exit code); the binary does the printing.

pub mod batch;
pub mod check;
pub mod email;
pub mod extract;
pub mod init;
pub mod list;
pub mod render;
pub mod show;

use crate::error::{Error, Warning};

/// What a command produced, for the binary to print.
#[derive(Debug, Default)]
pub struct Outcome {
    pub warnings: Vec<Warning>,
    /// Failures that did not stop the command (rows of a batch, files of a check), printed
    /// before `message`.
    pub errors: Vec<Error>,
    /// The closing line on standard error ("wrote ...", "12 written, 0 failed").
    pub message: Option<String>,
    /// Bytes for standard output (a PDF with `-o -`, a list).
    pub stdout: Vec<u8>,
}

impl Outcome {
    /// Text for standard output and nothing else.
    pub fn printing(text: String) -> Outcome {
        Outcome { stdout: text.into_bytes(), ..Outcome::default() }
    }

    /// 0 if nothing failed; else 2 if any failure was bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        self.errors.iter().map(Error::exit_code).max_by_key(|c| if *c == 2 { 2 } else { 1 }).unwrap_or(0)
    }
}
