//! The files a run reads, each with what it is to the run, so that no output of the same run
//! can replace one of them.

use std::path::PathBuf;

/// What a file is to the handout (or the run) that reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Prescription,
    Roster,
    Brand,
    Library,
    Logo,
    Picture,
    Font,
    MailSettings,
    Certificate,
    Ledger,
    Passwords,
    Handout,
}

impl Role {
    /// How a message names a file in this role: "the brand file".
    pub fn name(self) -> &'static str {
        match self {
            Role::Prescription => "the prescription",
            Role::Roster => "the roster",
            Role::Brand => "the brand file",
            Role::Library => "the library file",
            Role::Logo => "the logo",
            Role::Picture => "the picture",
            Role::Font => "the font file",
            Role::MailSettings => "the mail settings",
            Role::Certificate => "the certificate file",
            Role::Ledger => "the email ledger",
            Role::Passwords => "the PDF passwords file",
            Role::Handout => "the handout",
        }
    }
}

/// A file read, as its reference names it (relative paths already joined to their folder).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Input {
    pub role: Role,
    pub path: PathBuf,
}

impl Input {
    pub fn new(role: Role, path: impl Into<PathBuf>) -> Self {
        Input { role, path: path.into() }
    }
}
