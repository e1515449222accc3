//! The ledger: `emailed.csv` beside the handouts, one line per message the server accepted
//! (when, row, patient, address, handout file, its SHA-256, Message-ID). It is what makes a
//! re-run safe: a handout that is in it is not sent again.
//!
//! The ledger is rewritten whole after each accepted message (temporary file, fsync, rename,
//! fsync of the folder), so a crash leaves either the old ledger or the new one, never half a
//! line; and a message is recorded only after the server said it took it.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Location, Result};
use crate::model::Date;

/// The ledger's file name, in the folder of the handouts.
pub const LEDGER_NAME: &str = "emailed.csv";

const COLUMNS: [&str; 7] = ["sent_at", "row", "patient", "address", "handout", "sha256", "message_id"];

/// One accepted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// UTC, RFC 3339: `2026-11-21T14:03:09Z`.
    pub sent_at: String,
    pub row: usize,
    pub patient: String,
    pub address: String,
    /// The handout's file name (not its folder: the folder can move).
    pub handout: String,
    pub sha256: String,
    pub message_id: String,
}

impl Entry {
    /// When it was sent, on this computer's clock, for the front desk: "2026-11-21 09:03
    /// (UTC-05:00)", or "2026-11-21 14:03 UTC" where the clock is on UTC. The ledger itself
    /// keeps UTC.
    pub fn when(&self) -> String {
        let Some(utc) = parse_rfc3339(&self.sent_at) else { return self.sent_at.clone() };
        local_time(utc, local_offset(utc))
    }
}

/// `secs` (since 1970, UTC) shown at `offset` seconds from UTC, to the minute.
fn local_time(secs: i64, offset: i64) -> String {
    let local = secs + offset;
    let date = Date::from_days_since_epoch(local.div_euclid(86_400));
    let s = local.rem_euclid(86_400);
    let time = format!("{:04}-{:02}-{:02} {:02}:{:02}", date.year, date.month, date.day, s / 3600, s % 3600 / 60);
    if offset == 0 {
        return format!("{time} UTC");
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.abs() / 60;
    format!("{time} (UTC{sign}{:02}:{:02})", minutes / 60, minutes % 60)
}

/// Seconds since 1970 of a `2026-11-21T14:03:09Z` stamp (as `rfc3339` writes them).
fn parse_rfc3339(s: &str) -> Option<i64> {
    let (date, time) = s.strip_suffix('Z')?.split_once('T')?;
    let date = Date::parse(date).ok()?;
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    ((0..24).contains(&h) && (0..60).contains(&m) && (0..61).contains(&sec))
        .then(|| date.days_since_epoch() * 86_400 + h * 3600 + m * 60 + sec)
}

/// This computer's offset from UTC at `secs`, in seconds (its `TZ` or /etc/localtime); 0 when
/// it cannot be told.
fn local_offset(secs: i64) -> i64 {
    #[cfg(unix)]
    {
        let t = secs as libc::time_t;
        // SAFETY: localtime_r writes only into `tm`; handout never changes its environment, so
        // the TZ it reads does not change under it.
        unsafe {
            let mut tm: libc::tm = std::mem::zeroed();
            if !libc::localtime_r(&t, &mut tm).is_null() {
                return tm.tm_gmtoff as i64;
            }
        }
    }
    let _ = secs;
    0
}

/// What the ledger knows about a handout about to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Previous<'a> {
    /// This very handout (same bytes) went to this address.
    Same(&'a Entry),
    /// A handout of the same name went to this address, and it has changed since.
    Changed(&'a Entry),
}

/// The messages already sent from one folder.
#[derive(Debug, Clone)]
pub struct Ledger {
    path: PathBuf,
    entries: Vec<Entry>,
}

impl Ledger {
    /// Reads the ledger in `dir`; none yet is an empty ledger. A ledger that cannot be read
    /// stops everything: without it, handout cannot tell who was already emailed.
    pub fn open(dir: &Path) -> Result<Ledger> {
        let path = dir.join(LEDGER_NAME);
        let hint = "handout cannot tell who was already emailed without it, so nothing was sent; restore it, or move it away if you are sure no one from this folder was emailed";
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger { path, entries: Vec::new() }),
            Err(e) => return Err(Error::io("read the ledger", &path, &e).hint(hint)),
        };
        let bad = |line: u64, why: &str| {
            Error::failure(format!("the ledger of sent emails is damaged: {why}"))
                .at(Location { file: path.clone(), line: Some(line as usize), column: None })
                .hint(hint)
        };
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes.as_slice());
        let header = reader.headers().map_err(|e| bad(1, &e.to_string()))?.clone();
        if header.iter().collect::<Vec<_>>() != COLUMNS {
            return Err(bad(1, &format!("the header is not `{}`", COLUMNS.join(","))));
        }
        let mut entries = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| bad(e.position().map_or(0, |p| p.line()), &e.to_string()))?;
            let line = record.position().map_or(0, |p| p.line());
            let field = |i: usize| restored(record.get(i).unwrap_or(""));
            let row = field(1).parse().map_err(|_| bad(line, &format!("`{}` is not a row number", field(1))))?;
            entries.push(Entry {
                sent_at: field(0),
                row,
                patient: field(2),
                address: field(3),
                handout: field(4),
                sha256: field(5),
                message_id: field(6),
            });
        }
        Ok(Ledger { path, entries })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Whether this handout, or one of the same name, already went to `address`.
    pub fn previous(&self, address: &str, handout: &str, sha256: &str) -> Option<Previous<'_>> {
        let to = |e: &&Entry| e.address.eq_ignore_ascii_case(address.trim());
        if let Some(e) = self.entries.iter().rev().filter(to).find(|e| e.sha256 == sha256) {
            return Some(Previous::Same(e));
        }
        self.entries.iter().rev().filter(to).find(|e| e.handout == handout).map(Previous::Changed)
    }

    /// Adds an accepted message and writes the ledger to disk before returning. If the write
    /// fails, the entry is still kept in memory, so this run does not send it twice.
    pub fn record(&mut self, entry: Entry) -> Result<()> {
        self.entries.push(entry);
        self.write()
    }

    fn write(&self) -> Result<()> {
        let fail = |e: &dyn std::fmt::Display| {
            Error::failure(format!("cannot write the ledger {}: {e}", self.path.display()))
                .hint("the message was sent but is not recorded; free some space or fix the folder's permissions before running again, or that patient gets it twice")
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(COLUMNS).map_err(|e| fail(&e))?;
        for e in &self.entries {
            // Cells a spreadsheet could run as formulas are made inert (`inert_kept`).
            w.write_record(
                [&e.sent_at, &e.row.to_string(), &e.patient, &e.address, &e.handout, &e.sha256, &e.message_id].map(|c| inert_kept(c)),
            )
            .map_err(|e| fail(&e))?;
        }
        let bytes = w.into_inner().map_err(|e| fail(&e))?;
        crate::write::write_atomic(&self.path, &bytes, crate::write::Existing::Replace).map_err(|e| fail(&e.message))?;
        // The rename itself is durable only once the folder is synced.
        crate::write::sync_folder(crate::write::folder_of(&self.path));
        Ok(())
    }
}

/// `2026-11-21T14:03:09Z`
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or(Duration::ZERO).as_secs() as i64;
    let date = Date::from_days_since_epoch(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", date.year, date.month, date.day, s / 3600, s % 3600 / 60, s % 60)
}

/// A CSV cell that a spreadsheet shows as text, for the files handout also reads back (this
/// ledger, the PDF passwords): a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return would run as a formula when the file is opened (a patient "named"
/// `=HYPERLINK(...)`), so it gets a leading `'`, as in the batch report; so does a cell that
/// starts with `'`, so that `restored` gives the exact text back.
pub fn inert_kept(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A cell written by `inert_kept`, as it was.
pub fn restored(cell: &str) -> String {
    cell.strip_prefix('\'').unwrap_or(cell).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(address: &str, handout: &str, sha: &str) -> Entry {
        Entry {
            sent_at: rfc3339(SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_262_400)),
            row: 2,
            patient: "Núñez, José".into(),
            address: address.into(),
            handout: handout.into(),
            sha256: sha.into(),
            message_id: "<x@y>".into(),
        }
    }

    #[test]
    fn times_are_shown_at_the_local_offset() {
        let t = 1_795_262_400 + 3 * 60; // 2026-11-21 12:03 UTC
        assert_eq!(local_time(t, 0), "2026-11-21 12:03 UTC");
        assert_eq!(local_time(t, -5 * 3600), "2026-11-21 07:03 (UTC-05:00)");
        assert_eq!(local_time(t, 13 * 3600), "2026-11-22 01:03 (UTC+13:00)");
        assert_eq!(local_time(t, 5 * 3600 + 1800), "2026-11-21 17:33 (UTC+05:30)");
        assert_eq!(parse_rfc3339("2026-11-21T12:03:00Z"), Some(t));
        assert_eq!(parse_rfc3339("2026-11-21 12:03"), None);
        assert_eq!(parse_rfc3339("2026-11-21T25:03:00Z"), None);
    }

    #[test]
    fn formula_cells_are_inert_in_the_file_and_exact_when_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(dir.path()).unwrap();
        let mut e = entry("jose@example.com", "=cmd.pdf", "h1");
        e.patient = "@SUM(1+1)".into();
        l.record(e.clone()).unwrap();
        let text = std::fs::read_to_string(l.path()).unwrap();
        assert!(text.contains(",'@SUM(1+1),") && text.contains(",'=cmd.pdf,"), "{text}");
        assert_eq!(Ledger::open(dir.path()).unwrap().entries(), [e]);
    }

    #[test]
    fn records_survive_a_reopen_and_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(dir.path()).unwrap();
        assert!(l.entries().is_empty());
        l.record(entry("jose@example.com", "a.pdf", "h1")).unwrap();
        let l = Ledger::open(dir.path()).unwrap();
        assert_eq!(l.entries(), [entry("jose@example.com", "a.pdf", "h1")]);
        assert!(matches!(l.previous("JOSE@example.com", "b.pdf", "h1"), Some(Previous::Same(_))));
        assert!(matches!(l.previous("jose@example.com", "a.pdf", "h2"), Some(Previous::Changed(_))));
        assert_eq!(l.previous("other@example.com", "a.pdf", "h1"), None);
        assert_eq!(parse_rfc3339(&l.entries()[0].sent_at), Some(1_795_262_400));
        // Only the ledger is left: no temporary files.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_damaged_ledger_stops_everything() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LEDGER_NAME), "when,who\n").unwrap();
        let e = Ledger::open(dir.path()).unwrap_err();
        assert!(e.to_string().contains("emailed.csv:1: the ledger of sent emails is damaged"), "{e}");
    }

    #[test]
    fn times() {
        assert_eq!(rfc3339(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_262_400 + 3_723)), "2026-11-21T13:02:03Z");
    }
}
