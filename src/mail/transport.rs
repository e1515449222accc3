//! How a message leaves: the `Transport` the caller passes in (the SMTP client, `--dry-run`'s
//! `.eml` writer, or a test's), and the `Clock` that gives the time of sending and waits
//! between messages. The library never reads the clock itself.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::Error;
use crate::write::Existing;

/// One message on its way out.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    pub envelope: &'a lettre::address::Envelope,
    /// The whole message, CRLF line ends.
    pub bytes: &'a [u8],
    /// The handout it carries, on disk (a dry run writes the `.eml` beside it).
    pub handout: &'a Path,
}

/// The message went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// The server took it; its reply (`250 2.0.0 Ok: queued as ...`).
    Sent { reply: String },
    /// Written to a file instead (a dry run); nothing was sent, nothing is recorded.
    Saved { path: PathBuf },
}

/// Why a message did not go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing can be sent (cannot connect, TLS failed, the login was refused, the sender is
    /// not allowed): the run stops at once, without trying the other patients.
    Fatal(Error),
    /// The server said "not now" (4xx); worth trying again shortly.
    Temporary { reply: String },
    /// The server refused this message for good (5xx: an unknown recipient, a message too
    /// large); the other patients go on.
    Permanent { reply: String },
    /// The connection broke after the whole message was handed over, before the server said
    /// whether it took it. It is not sent again automatically: that could send it twice.
    Uncertain { reply: String },
}

/// Sends messages. The library does not send on its own: the binary passes one in.
pub trait Transport {
    fn send(&mut self, message: &Outgoing<'_>) -> Result<Accepted, Refusal>;
    /// Whether this transport only writes the messages somewhere (`--dry-run`): it need not
    /// keep to `rate:`, and nothing it "sends" goes into the ledger.
    fn dry_run(&self) -> bool {
        false
    }
    /// Says goodbye to the server, if connected.
    fn close(&mut self) {}
}

/// The time of sending, and waiting (between messages, before a retry).
pub trait Clock {
    fn now(&self) -> SystemTime;
    fn sleep(&self, duration: Duration);
}

/// `--dry-run`: each message is written atomically as an `.eml` file beside its handout, which
/// a mail client opens; nothing is sent.
#[derive(Debug, Default)]
pub struct DryRun;

impl Transport for DryRun {
    fn send(&mut self, message: &Outgoing<'_>) -> Result<Accepted, Refusal> {
        let path = message.handout.with_extension("eml");
        crate::write::write_atomic(&path, message.bytes, Existing::Replace).map_err(Refusal::Fatal)?;
        Ok(Accepted::Saved { path })
    }

    fn dry_run(&self) -> bool {
        true
    }
}
