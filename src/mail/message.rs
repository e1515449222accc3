//! One email as bytes: RFC 5322 headers (names and subjects with accents encoded as RFC 2047),
//! a `multipart/mixed` body with the text as `text/plain; charset=utf-8` and the handout as
//! `application/pdf` (its file name encoded as RFC 2231), CRLF line ends. The same bytes go to
//! the server or, with `--dry-run`, into an `.eml` file.

use std::time::{Duration, SystemTime};

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

use super::settings::MailSettings;

/// What one message says and carries.
#[derive(Debug, Clone)]
pub struct Letter<'a> {
    pub to: Mailbox,
    pub subject: String,
    pub body: String,
    /// The attachment's file name, as the patient sees it.
    pub file_name: String,
    pub pdf: &'a [u8],
    pub message_id: String,
}

/// A composed message and who it goes to.
#[derive(Debug, Clone)]
pub struct Composed {
    pub bytes: Vec<u8>,
    pub envelope: lettre::address::Envelope,
}

/// A Message-ID (`<hex@domain>`) unique to this message: from the time of sending, the row,
/// the address and the handout's hash, at the sender's domain.
pub fn message_id(settings: &MailSettings, sent_at: SystemTime, row: usize, to: &Address, pdf_sha256: &str) -> String {
    let since = sent_at.duration_since(SystemTime::UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let mut h = Sha256::new();
    h.update(since.as_nanos().to_be_bytes());
    h.update(row.to_be_bytes());
    h.update(to.to_string().as_bytes());
    h.update(pdf_sha256.as_bytes());
    let digest = h.finalize();
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("<{hex}.handout@{}>", settings.from.email.domain())
}

/// The SHA-256 of some bytes, in hex: how the ledger knows a handout.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds the message. `sent_at` is its `Date:`, the real time of sending, which the caller
/// reads from its clock.
pub fn compose(settings: &MailSettings, letter: &Letter<'_>, sent_at: SystemTime) -> Result<Composed> {
    let fail = |e: &dyn std::fmt::Display| Error::failure(format!("cannot build the email to {}: {e}", letter.to.email));
    let mut builder = Message::builder()
        .from(settings.from.clone())
        .to(letter.to.clone())
        .subject(letter.subject.clone())
        .date(sent_at)
        .message_id(Some(letter.message_id.clone()))
        .user_agent(format!("handout {}", env!("CARGO_PKG_VERSION")));
    if let Some(r) = &settings.reply_to {
        builder = builder.reply_to(r.clone());
    }
    if let Some(b) = &settings.bcc {
        builder = builder.bcc(b.clone());
    }
    let pdf_type = ContentType::parse("application/pdf").map_err(|e| fail(&e))?;
    // A boundary from the Message-ID, so the same message is the same bytes. `=_` can never
    // occur in base64 or quoted-printable text, so the boundary cannot occur in the parts.
    let boundary = format!("=_handout_{}", letter.message_id.trim_matches(['<', '>']).split('.').next().unwrap_or("part"));
    let body = if letter.body.ends_with('\n') { letter.body.clone() } else { format!("{}\n", letter.body) };
    // A PDF is binary: base64 always, whatever its first bytes look like.
    let pdf =
        Body::new_with_encoding(letter.pdf.to_vec(), ContentTransferEncoding::Base64).map_err(|_| fail(&"the PDF cannot be encoded"))?;
    let parts = MultiPart::mixed()
        .boundary(boundary)
        .singlepart(SinglePart::plain(body))
        .singlepart(Attachment::new(letter.file_name.clone()).body(pdf, pdf_type));
    let message = builder.multipart(parts).map_err(|e| fail(&e))?;
    Ok(Composed { envelope: message.envelope().clone(), bytes: message.formatted() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Source;

    fn settings() -> MailSettings {
        let text = "host: 127.0.0.1\nsecurity: none\nfrom:\n  name: Clínica Río\n  address: desk@clinic.example\nbcc: copy@clinic.example\nreply_to: hello@clinic.example\n";
        super::super::settings::from_source(&Source::new("mail.yaml", text)).unwrap()
    }

    #[test]
    fn headers_are_encoded_and_lines_end_in_crlf() {
        let s = settings();
        let to = Mailbox::new(Some("José Núñez".into()), "jose@example.com".parse().unwrap());
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_262_400);
        let id = message_id(&s, at, 2, &to.email, "abc");
        let letter = Letter {
            to,
            subject: "Sus ejercicios de Clínica Río".into(),
            body: "Hola, José:\n\nAdjunto.".into(),
            file_name: "2026-11-21-José Núñez.pdf".into(),
            pdf: b"%PDF-1.7 fake",
            message_id: id.clone(),
        };
        let c = compose(&s, &letter, at).unwrap();
        let text = String::from_utf8(c.bytes.clone()).unwrap();
        assert!(text.is_ascii(), "{text}");
        assert!(!text.replace("\r\n", "").contains('\n'), "bare LF in {text}");
        assert!(text.contains("Date: Sat, 21 Nov 2026 12:00:00 +0000\r\n"), "{text}");
        assert!(text.contains(&format!("Message-ID: {id}\r\n")));
        assert!(text.contains("Subject: Sus ejercicios de =?utf-8?b?"), "{text}");
        assert!(text.contains("To: =?utf-8?"), "{text}");
        assert!(text.contains("filename*0*=utf-8''2026-11-21-Jos%C3%A9") || text.contains("filename*=utf-8''"), "{text}");
        assert!(text.contains("Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"), "{text}");
        assert!(text.contains("Content-Type: text/plain; charset=utf-8\r\n"));
        assert!(!text.contains("Bcc:") && !text.contains("copy@clinic.example"), "the clinic's copy is in the envelope only");
        let to: Vec<String> = c.envelope.to().iter().map(|a| a.to_string()).collect();
        assert_eq!(to, ["jose@example.com", "copy@clinic.example"]);
        assert_eq!(c.envelope.from().map(|a| a.to_string()).as_deref(), Some("desk@clinic.example"));
        // The same message is the same bytes.
        assert_eq!(compose(&s, &letter, at).unwrap().bytes, c.bytes);
    }

    #[test]
    fn message_ids_differ_by_time_and_row() {
        let s = settings();
        let a: Address = "a@example.com".parse().unwrap();
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1);
        assert_ne!(message_id(&s, t, 2, &a, "h"), message_id(&s, t, 3, &a, "h"));
        assert_ne!(message_id(&s, t, 2, &a, "h"), message_id(&s, t + Duration::from_millis(1), 2, &a, "h"));
        assert!(message_id(&s, t, 2, &a, "h").ends_with(".handout@clinic.example>"));
    }
}
