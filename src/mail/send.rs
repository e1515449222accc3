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

/// Why an email was not sent on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    NoAddress,
    OptedOut,
    /// The row's handout was not made.
    NoHandout,
    /// The ledger lists this very handout for this address.
    AlreadyEmailed,
    /// The ledger lists an earlier version of this handout for this address.
    ChangedSince,
    /// The run was asked to stop (Ctrl-C, SIGTERM) before this message.
    Stopped,
}

impl Skip {
    /// "already emailed", for the summary's count.
    pub fn summary(self) -> &'static str {
        match self {
            Skip::NoAddress => "without an address",
            Skip::OptedOut => "opted out",
            Skip::NoHandout => "without a handout",
            Skip::AlreadyEmailed => "already emailed",
            Skip::ChangedSince => "changed since they were emailed (use --resend)",
            Skip::Stopped => "not sent because the run was stopped",
        }
    }
}

/// One row's email, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub row: usize,
    pub address: String,
    pub status: MailStatus,
    /// Why it was skipped.
    pub skip: Option<Skip>,
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
    pub fn skipped(row: usize, address: &str, skip: Skip, reason: impl Into<String>) -> Delivery {
        Delivery {
            row,
            address: address.to_string(),
            status: MailStatus::Skipped,
            skip: Some(skip),
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
            skip: None,
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

    /// "email: 11 emailed, 3 skipped (2 already emailed, 1 without an address), 0 failed"
    pub fn line(&self) -> String {
        let failed = self.count(MailStatus::Failed);
        let mut kinds: Vec<(Skip, usize)> = Vec::new();
        for skip in self.rows.iter().filter_map(|d| d.skip) {
            match kinds.iter_mut().find(|(k, _)| *k == skip) {
                Some((_, n)) => *n += 1,
                None => kinds.push((skip, 1)),
            }
        }
        let skipped = match kinds.as_slice() {
            [] => "0 skipped".to_string(),
            kinds => {
                let n: usize = kinds.iter().map(|(_, n)| n).sum();
                format!("{n} skipped ({})", kinds.iter().map(|(k, n)| format!("{n} {}", k.summary())).collect::<Vec<_>>().join(", "))
            }
        };
        if self.dry_run {
            let n = self.count(MailStatus::Saved);
            let files = if n == 1 { "file" } else { "files" };
            format!("email (dry run, nothing sent): {n} .eml {files} written, {skipped}, {failed} failed")
        } else {
            format!("email: {} emailed, {skipped}, {failed} failed", self.count(MailStatus::Emailed))
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
/// Once `stop` is set no new message goes: the rest are skipped as stopped.
#[allow(clippy::too_many_arguments)]
pub fn send_all(
    settings: &MailSettings,
    parcels: Vec<Parcel>,
    ledger: &mut Ledger,
    transport: &mut dyn Transport,
    clock: &dyn Clock,
    resend: bool,
    watch: &dyn Watch,
    stop: &crate::stop::Stop,
) -> Deliveries {
    let mut out = Deliveries { dry_run: transport.dry_run(), ..Deliveries::default() };
    let mut last_sent: Option<SystemTime> = None;
    let mut parcels = parcels.into_iter();
    while let Some(parcel) = parcels.next() {
        let address = parcel.to.email.to_string();
        if stop.requested() {
            for p in std::iter::once(parcel).chain(parcels.by_ref()) {
                out.rows.push(Delivery::skipped(p.row, p.to.email.as_ref(), Skip::Stopped, STOPPED));
            }
            break;
        }
        let delivery = match send_one(settings, &parcel, ledger, transport, clock, resend, &mut last_sent, stop) {
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

/// Why a message was not sent after Ctrl-C or SIGTERM.
pub const STOPPED: &str = "not sent: the run was stopped; run the same command again to send the rest";

/// The run must stop: nothing more can be sent.
struct Stop(Error);

#[allow(clippy::too_many_arguments)]
fn send_one(
    settings: &MailSettings,
    parcel: &Parcel,
    ledger: &mut Ledger,
    transport: &mut dyn Transport,
    clock: &dyn Clock,
    resend: bool,
    last_sent: &mut Option<SystemTime>,
    stop: &crate::stop::Stop,
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
                    Skip::AlreadyEmailed,
                    format!("already emailed on {} ({}); use --resend to send it again", e.when(), e.message_id),
                ));
            }
            Some(Previous::Changed(e)) => {
                return Ok(Delivery::skipped(
                    row,
                    &address,
                    Skip::ChangedSince,
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
        // Asked to stop while waiting (for the pace, or before a retry): this one stays unsent.
        if stop.requested() {
            return Ok(Delivery::skipped(row, &address, Skip::Stopped, STOPPED));
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
                    skip: None,
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
                skip: None,
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

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use super::*;
    use crate::load::Source;

    /// A clock that moves only when slept on.
    struct FakeClock {
        now: Cell<SystemTime>,
        slept: RefCell<Vec<Duration>>,
    }

    impl FakeClock {
        fn new() -> Self {
            FakeClock { now: Cell::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_262_400)), slept: RefCell::default() }
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> SystemTime {
            self.now.get()
        }
        fn sleep(&self, d: Duration) {
            self.slept.borrow_mut().push(d);
            self.now.set(self.now.get() + d);
        }
    }

    /// Answers from a script, one per attempt; records what it was given.
    struct Scripted {
        answers: Vec<std::result::Result<Accepted, Refusal>>,
        sent: Vec<String>,
    }

    impl Transport for Scripted {
        fn send(&mut self, m: &Outgoing<'_>) -> std::result::Result<Accepted, Refusal> {
            self.sent.push(m.envelope.to()[0].to_string());
            if self.answers.is_empty() {
                Ok(Accepted::Sent { reply: "250 ok".into() })
            } else {
                self.answers.remove(0)
            }
        }
    }

    fn settings(rate: &str) -> MailSettings {
        let text = format!("host: 127.0.0.1\nsecurity: none\nfrom: {{address: desk@clinic.example}}\nrate: {rate}\n");
        super::super::settings::from_source(&Source::new("mail.yaml", text)).unwrap()
    }

    /// `send_all` as most tests call it: not resending, nothing watching, never stopped.
    fn send(rate: &str, parcels: Vec<Parcel>, ledger: &mut Ledger, t: &mut Scripted, clock: &FakeClock) -> Deliveries {
        send_all(&settings(rate), parcels, ledger, t, clock, false, &(), &crate::stop::Stop::default())
    }

    fn parcels(dir: &std::path::Path, n: usize) -> Vec<Parcel> {
        (0..n)
            .map(|i| {
                let handout = dir.join(format!("p{i}.pdf"));
                std::fs::write(&handout, format!("%PDF-1.7 patient {i}")).unwrap();
                Parcel {
                    row: i + 2,
                    patient: format!("Patient {i}"),
                    to: Mailbox::new(None, format!("p{i}@example.com").parse().unwrap()),
                    subject: "Your exercises".into(),
                    body: "Hello".into(),
                    handout,
                    password: None,
                }
            })
            .collect()
    }

    /// A transport that asks the run to stop after its first message, as Ctrl-C would.
    struct StopsAfterOne(crate::stop::Stop, usize);

    impl Transport for StopsAfterOne {
        fn send(&mut self, _: &Outgoing<'_>) -> std::result::Result<Accepted, Refusal> {
            self.1 += 1;
            self.0.request(2);
            Ok(Accepted::Sent { reply: "250 ok".into() })
        }
    }

    #[test]
    fn once_stopped_nothing_more_is_sent_and_what_was_sent_is_in_the_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(dir.path()).unwrap();
        let stop = crate::stop::Stop::default();
        let mut t = StopsAfterOne(stop.clone(), 0);
        let out = send_all(&settings("unlimited"), parcels(dir.path(), 4), &mut ledger, &mut t, &FakeClock::new(), false, &(), &stop);
        assert_eq!((t.1, out.count(MailStatus::Emailed), out.count(MailStatus::Skipped)), (1, 1, 3));
        assert!(out.rows[1..].iter().all(|d| d.skip == Some(Skip::Stopped) && d.detail == STOPPED));
        assert_eq!(Ledger::open(dir.path()).unwrap().entries().len(), 1);
    }

    /// A clock that is interrupted (Ctrl-C) while it waits.
    struct InterruptedClock(FakeClock, crate::stop::Stop);

    impl Clock for InterruptedClock {
        fn now(&self) -> SystemTime {
            self.0.now()
        }
        fn sleep(&self, d: Duration) {
            self.0.sleep(d);
            self.1.request(15);
        }
    }

    #[test]
    fn a_stop_while_waiting_for_the_pace_sends_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(dir.path()).unwrap();
        let stop = crate::stop::Stop::default();
        let clock = InterruptedClock(FakeClock::new(), stop.clone());
        let mut t = Scripted { answers: Vec::new(), sent: Vec::new() };
        let out = send_all(&settings("30"), parcels(dir.path(), 3), &mut ledger, &mut t, &clock, false, &(), &stop);
        assert_eq!((t.sent.len(), out.count(MailStatus::Emailed), out.count(MailStatus::Skipped)), (1, 1, 2));
        assert_eq!(ledger.entries().len(), 1);
    }

    #[test]
    fn keeps_to_the_rate_without_waiting_for_real() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(dir.path()).unwrap();
        let clock = FakeClock::new();
        let mut t = Scripted { answers: Vec::new(), sent: Vec::new() };
        let out = send("30", parcels(dir.path(), 4), &mut ledger, &mut t, &clock);
        assert_eq!(out.count(MailStatus::Emailed), 4);
        assert_eq!(*clock.slept.borrow(), vec![Duration::from_secs(2); 3], "30 a minute: 2 s apart, none before the first");
        assert_eq!(ledger.entries().len(), 4);
        // The Date of each message is its own time of sending.
        let times: Vec<&str> = out.rows.iter().filter_map(|d| d.sent_at.as_deref()).collect();
        assert_eq!(times, ["2026-11-21T12:00:00Z", "2026-11-21T12:00:02Z", "2026-11-21T12:00:04Z", "2026-11-21T12:00:06Z"]);

        // Unlimited: no waiting at all.
        let clock = FakeClock::new();
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(dir.path()).unwrap();
        send("unlimited", parcels(dir.path(), 3), &mut ledger, &mut t, &clock);
        assert!(clock.slept.borrow().is_empty());
    }

    #[test]
    fn temporary_refusals_are_retried_with_backoff_then_given_up() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(dir.path()).unwrap();
        let clock = FakeClock::new();
        let temp = || Err(Refusal::Temporary { reply: "451 4.3.0 try later".into() });
        let mut t = Scripted {
            answers: vec![temp(), temp(), Ok(Accepted::Sent { reply: "250 ok".into() }), temp(), temp(), temp(), temp()],
            sent: Vec::new(),
        };
        let out = send("unlimited", parcels(dir.path(), 2), &mut ledger, &mut t, &clock);
        assert_eq!(out.rows[0].status, MailStatus::Emailed);
        assert_eq!(out.rows[1].status, MailStatus::Failed);
        assert_eq!(out.rows[1].detail, "the mail server refused the email to p1@example.com for now, 4 times: 451 4.3.0 try later");
        let s = |n| Duration::from_secs(n);
        assert_eq!(*clock.slept.borrow(), [s(2), s(4), s(2), s(4), s(8)]);
        assert_eq!(ledger.entries().len(), 1, "only the accepted message is recorded");
    }

    #[test]
    fn a_permanent_refusal_fails_one_row_and_a_fatal_one_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(dir.path()).unwrap();
        let clock = FakeClock::new();
        let fatal = Error::failure("the mail server x:587 refused the login for desk@clinic.example: 535 nope");
        let mut t = Scripted {
            answers: vec![
                Err(Refusal::Permanent { reply: "550 5.1.1 unknown".into() }),
                Ok(Accepted::Sent { reply: "250 ok".into() }),
                Err(Refusal::Fatal(fatal.clone())),
            ],
            sent: Vec::new(),
        };
        let out = send("unlimited", parcels(dir.path(), 5), &mut ledger, &mut t, &clock);
        let statuses: Vec<MailStatus> = out.rows.iter().map(|d| d.status).collect();
        use MailStatus::*;
        assert_eq!(statuses, [Failed, Emailed, Failed, Failed, Failed]);
        assert_eq!(t.sent.len(), 3, "nothing is tried after a fatal refusal");
        assert_eq!(out.stopped, Some(fatal.clone()));
        assert_eq!(out.rows[2].error, Some(fatal));
        assert_eq!(out.rows[3].error, None, "rows never tried are reported, not printed");
        assert_eq!(
            out.rows[3].detail,
            "not sent: the run stopped at row 4 (the mail server x:587 refused the login for desk@clinic.example)"
        );
        assert_eq!(out.line(), "email: 1 emailed, 0 skipped, 4 failed");
    }

    #[test]
    fn never_twice_unless_told() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(dir.path()).unwrap();
        let clock = FakeClock::new();
        let mut t = Scripted { answers: Vec::new(), sent: Vec::new() };
        send("unlimited", parcels(dir.path(), 2), &mut ledger, &mut t, &clock);
        let mut ledger = Ledger::open(dir.path()).unwrap();
        let again = send("unlimited", parcels(dir.path(), 2), &mut ledger, &mut t, &clock);
        assert_eq!(t.sent.len(), 2);
        assert_eq!(again.line(), "email: 0 emailed, 2 skipped (2 already emailed), 0 failed");
        // A changed handout is not sent silently.
        std::fs::write(dir.path().join("p0.pdf"), "%PDF-1.7 changed").unwrap();
        let mut changed = parcels(dir.path(), 1);
        std::fs::write(&changed[0].handout, "%PDF-1.7 changed").unwrap();
        let out = send("unlimited", changed.clone(), &mut ledger, &mut t, &clock);
        assert_eq!(out.rows[0].skip, Some(Skip::ChangedSince));
        assert!(out.rows[0].detail.ends_with("; the handout changed since; use --resend to send the new one"), "{}", out.rows[0].detail);
        let out = send_all(
            &settings("unlimited"),
            std::mem::take(&mut changed),
            &mut ledger,
            &mut t,
            &clock,
            true,
            &(),
            &crate::stop::Stop::default(),
        );
        assert_eq!(out.rows[0].status, MailStatus::Emailed);
        assert_eq!(t.sent.len(), 3);
    }
}
