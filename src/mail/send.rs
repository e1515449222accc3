//! Sending a day's handouts: one message per patient, in roster order, at the settings' pace,
//! through the transport the caller passes in. Temporary refusals are retried with backoff;
//! a permanent refusal fails that patient only; a fatal one (cannot connect, TLS, login) stops
//! the run at once. Every accepted message is in the ledger before the next one goes.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use lettre::message::Mailbox;

use crate::error::Error;

use super::ledger::{self, Entry, Ledger, Previous};
use super::message::{self, Letter};
use super::settings::MailSettings;
use super::transport::{Accepted, Clock, Outgoing, Refusal, Transport};

/// How often a temporary refusal (4xx) is tried again, and the first wait (doubled each time).
pub const RETRIES: u32 = 3;
pub const FIRST_BACKOFF: Duration = Duration::from_secs(2);

/// What became of one patient's email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailStatus {
    /// The server accepted it.
    Emailed,
    /// Written to an `.eml` file (`--dry-run`).
    Saved,
    /// Not sent, on purpose (no address, opted out, already sent); the reason says why.
    Skipped,
    Failed,
}

impl MailStatus {
    pub fn name(self) -> &'static str {
        match self {
            MailStatus::Emailed => "emailed",
            MailStatus::Saved => "saved",
            MailStatus::Skipped => "skipped",
            MailStatus::Failed => "failed",
        }
    }
}

/// One row's email, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub row: usize,
    pub address: String,
    pub status: MailStatus,
    /// The reason it was skipped, the server's reply, or the `.eml` file written.
    pub detail: String,
    pub message_id: Option<String>,
    /// UTC, RFC 3339.
    pub sent_at: Option<String>,
    /// The error printed for this row (failed rows, except those never tried because the run
    /// stopped).
    pub error: Option<Error>,
}

impl Delivery {
    pub fn skipped(row: usize, address: &str, reason: impl Into<String>) -> Delivery {
        Delivery {
            row,
            address: address.to_string(),
            status: MailStatus::Skipped,
            detail: reason.into(),
            message_id: None,
            sent_at: None,
            error: None,
        }
    }

    pub fn failed(row: usize, address: &str, error: Error) -> Delivery {
        Delivery {
            row,
            address: address.to_string(),
            status: MailStatus::Failed,
            detail: error.message.clone(),
            message_id: None,
            sent_at: None,
            error: Some(error),
        }
    }
}

/// Every row's email, and the error that stopped the run, if one did.
#[derive(Debug, Clone, Default)]
pub struct Deliveries {
    pub rows: Vec<Delivery>,
    pub stopped: Option<Error>,
    /// `--dry-run`: nothing was sent.
    pub dry_run: bool,
}

impl Deliveries {
    pub fn count(&self, status: MailStatus) -> usize {
        self.rows.iter().filter(|d| d.status == status).count()
    }

    pub fn get(&self, row: usize) -> Option<&Delivery> {
        self.rows.iter().find(|d| d.row == row)
    }

    /// "email: 11 emailed, 1 skipped, 0 failed"
    pub fn line(&self) -> String {
        let (skipped, failed) = (self.count(MailStatus::Skipped), self.count(MailStatus::Failed));
        if self.dry_run {
            let n = self.count(MailStatus::Saved);
            let files = if n == 1 { "file" } else { "files" };
            format!("email (dry run, nothing sent): {n} .eml {files} written, {skipped} skipped, {failed} failed")
        } else {
            format!("email: {} emailed, {skipped} skipped, {failed} failed", self.count(MailStatus::Emailed))
        }
    }
}

/// Told about each row's email as it is settled.
pub trait Watch {
    fn delivered(&self, _delivery: &Delivery) {}
}

/// Nothing to tell.
impl Watch for () {}

/// One patient's email, ready to go.
#[derive(Debug, Clone)]
pub struct Parcel {
    pub row: usize,
    pub patient: String,
    pub to: Mailbox,
    pub subject: String,
    pub body: String,
    /// The handout on disk: it is attached as it is there (or encrypted from it).
    pub handout: PathBuf,
    /// Encrypt the attachment with this password (`protect: true`).
    pub password: Option<String>,
}

/// Sends the parcels. `ledger` is consulted and updated; `resend` sends even what it lists.
pub fn send_all(
    settings: &MailSettings,
    parcels: Vec<Parcel>,
    ledger: &mut Ledger,
    transport: &mut dyn Transport,
    clock: &dyn Clock,
    resend: bool,
    watch: &dyn Watch,
) -> Deliveries {
    let mut out = Deliveries { dry_run: transport.dry_run(), ..Deliveries::default() };
    let mut last_sent: Option<SystemTime> = None;
    let mut parcels = parcels.into_iter();
    while let Some(parcel) = parcels.next() {
        let address = parcel.to.email.to_string();
        let delivery = match send_one(settings, &parcel, ledger, transport, clock, resend, &mut last_sent) {
            Ok(d) => d,
            Err(Stop(error)) => {
                let d = Delivery::failed(parcel.row, &address, error.clone());
                watch.delivered(&d);
                out.rows.push(d);
                let why = format!("not sent: the run stopped at row {} ({})", parcel.row, first_clause(&error.message));
                for rest in parcels.by_ref() {
                    let mut d = Delivery::failed(rest.row, rest.to.email.as_ref(), Error::failure(why.clone()));
                    d.error = None;
                    out.rows.push(d);
                }
                out.stopped = Some(error);
                break;
            }
        };
        watch.delivered(&delivery);
        out.rows.push(delivery);
    }
    transport.close();
    out
}

/// The run must stop: nothing more can be sent.
struct Stop(Error);

fn send_one(
    settings: &MailSettings,
    parcel: &Parcel,
    ledger: &mut Ledger,
    transport: &mut dyn Transport,
    clock: &dyn Clock,
    resend: bool,
    last_sent: &mut Option<SystemTime>,
) -> std::result::Result<Delivery, Stop> {
    let address = parcel.to.email.to_string();
    let row = parcel.row;
    let pdf = match std::fs::read(&parcel.handout) {
        Ok(b) => b,
        Err(e) => return Ok(Delivery::failed(row, &address, Error::io("read the handout", &parcel.handout, &e))),
    };
    let sha256 = message::sha256_hex(&pdf);
    let file_name = parcel.handout.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "handout.pdf".into());
    if !resend {
        match ledger.previous(&address, &file_name, &sha256) {
            Some(Previous::Same(e)) => {
                return Ok(Delivery::skipped(
                    row,
                    &address,
                    format!("already emailed on {} ({}); use --resend to send it again", e.when(), e.message_id),
                ));
            }
            Some(Previous::Changed(e)) => {
                return Ok(Delivery::skipped(
                    row,
                    &address,
                    format!("already emailed on {}; the handout changed since; use --resend to send the new one", e.when()),
                ));
            }
            None => {}
        }
    }
    let attachment = match &parcel.password {
        None => pdf,
        Some(password) => match super::protect::encrypt(&pdf, password) {
            Ok(bytes) => bytes,
            Err(e) => return Ok(Delivery::failed(row, &address, e)),
        },
    };
    let interval = settings.rate.interval().filter(|_| !transport.dry_run());
    let mut tries = 0;
    loop {
        if let (Some(interval), Some(last)) = (interval, *last_sent) {
            let next = last + interval;
            if let Ok(wait) = next.duration_since(clock.now()) {
                clock.sleep(wait);
            }
        }
        let sent_at = clock.now();
        let message_id = message::message_id(settings, sent_at, row, &parcel.to.email, &sha256);
        let letter = Letter {
            to: parcel.to.clone(),
            subject: parcel.subject.clone(),
            body: parcel.body.clone(),
            file_name: file_name.clone(),
            pdf: &attachment,
            message_id: message_id.clone(),
        };
        let composed = match message::compose(settings, &letter, sent_at) {
            Ok(c) => c,
            Err(e) => return Ok(Delivery::failed(row, &address, e)),
        };
        let outgoing = Outgoing { envelope: &composed.envelope, bytes: &composed.bytes, handout: &parcel.handout };
        let result = transport.send(&outgoing);
        if matches!(
            result,
            Ok(Accepted::Sent { .. }) | Err(Refusal::Temporary { .. } | Refusal::Permanent { .. } | Refusal::Uncertain { .. })
        ) {
            *last_sent = Some(sent_at);
        }
        let sent_at_text = ledger::rfc3339(sent_at);
        return match result {
            Ok(Accepted::Sent { reply }) => {
                let entry = Entry {
                    sent_at: sent_at_text.clone(),
                    row,
                    patient: parcel.patient.clone(),
                    address: address.clone(),
                    handout: file_name,
                    sha256,
                    message_id: message_id.clone(),
                };
                ledger.record(entry).map_err(Stop)?;
                Ok(Delivery {
                    row,
                    address,
                    status: MailStatus::Emailed,
                    detail: reply,
                    message_id: Some(message_id),
                    sent_at: Some(sent_at_text),
                    error: None,
                })
            }
            Ok(Accepted::Saved { path }) => Ok(Delivery {
                row,
                address,
                status: MailStatus::Saved,
                detail: path.display().to_string(),
                message_id: Some(message_id),
                sent_at: None,
                error: None,
            }),
            Err(Refusal::Temporary { .. }) if tries < RETRIES => {
                clock.sleep(FIRST_BACKOFF * 2u32.pow(tries));
                tries += 1;
                continue;
            }
            Err(Refusal::Temporary { reply }) => Ok(Delivery::failed(
                row,
                &address,
                Error::failure(format!("the mail server refused the email to {address} for now, {} times: {reply}", tries + 1))
                    .hint("nothing was sent to this patient; run the same command again later, and only the emails not yet sent go out"),
            )),
            Err(Refusal::Permanent { reply }) => Ok(Delivery::failed(
                row,
                &address,
                Error::failure(format!("the mail server refused the email to {address}: {reply}"))
                    .hint("check the patient's address in the roster; the other patients were emailed as usual"),
            )),
            Err(Refusal::Uncertain { reply }) => Ok(Delivery::failed(
                row,
                &address,
                Error::failure(format!(
                    "the connection broke after the email to {address} was handed over, before the server confirmed it ({reply})"
                ))
                .hint("it may have arrived; check the clinic's copy (bcc) or ask the patient before sending it again with --resend"),
            )),
            Err(Refusal::Fatal(e)) => Err(Stop(e)),
        };
    }
}

/// "cannot connect to the mail server x:587: Connection refused" → up to the first ": " after
/// the server, for the rows that were never tried.
fn first_clause(message: &str) -> &str {
    message.split(": ").next().unwrap_or(message)
}
