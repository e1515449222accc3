//! Protected attachments (`protect: true`): the emailed PDF is encrypted with AES-256 (PDF 2.0
//! security handler, revision 6) under a per-patient password; the handout on disk stays as it
//! is. Passwords come from the roster's `pdf_password` column or are generated and written to
//! `pdf-passwords.csv` for the front desk to tell patients by phone. No password is ever in an
//! email.
//!
//! lopdf writes the AES-256 encryption dictionary without its key length, and poppler-based
//! readers (Evince, Okular, pdftotext) then decrypt garbage even with the right password; the
//! dictionary is completed here as qpdf and Acrobat write it (`/Length 256`, and `/Length 32`
//! with `/AuthEvent /DocOpen` in the crypt filter), which poppler, pdf.js, MuPDF and qpdf open.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lopdf::encryption::crypt_filters::{Aes256CryptFilter, CryptFilter};
use lopdf::{Document, EncryptionState, EncryptionVersion, Object, Permissions};

use crate::error::{Error, Result};

/// The codes file's name, in the folder of the handouts.
pub const CODES_NAME: &str = "pdf-passwords.csv";

/// What a patient may do with the opened PDF: print it (at full quality) and have it read
/// aloud or reflowed by assistive technology. No owner password is given to anyone.
pub fn permissions() -> Permissions {
    Permissions::PRINTABLE | Permissions::PRINTABLE_IN_HIGH_QUALITY | Permissions::COPYABLE_FOR_ACCESSIBILITY
}

/// Encrypts a finished (tagged, checked) PDF with AES-256 under `password`.
pub fn encrypt(pdf: &[u8], password: &str) -> Result<Vec<u8>> {
    let fail = |what: &str, e: &dyn std::fmt::Display| Error::failure(format!("cannot protect the handout: {what}: {e}"));
    let mut doc = Document::load_mem(pdf).map_err(|e| fail("cannot read it", &e))?;
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| fail("no random numbers", &e))?;
    // An owner password no one knows: the permissions cannot be lifted with it.
    let mut owner = [0u8; 24];
    getrandom::fill(&mut owner).map_err(|e| fail("no random numbers", &e))?;
    let owner: String = owner.iter().map(|b| format!("{b:02x}")).collect();
    let filter: Arc<dyn CryptFilter> = Arc::new(Aes256CryptFilter);
    let version = EncryptionVersion::V5 {
        encrypt_metadata: true,
        crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), filter)]),
        file_encryption_key: &key,
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: &owner,
        user_password: password,
        permissions: permissions(),
    };
    let state = EncryptionState::try_from(version).map_err(|e| fail("the password cannot be used", &e))?;
    doc.encrypt(&state).map_err(|e| fail("encryption failed", &e))?;
    complete_encryption_dictionary(&mut doc).map_err(|e| fail("encryption failed", &e))?;
    let mut out = Vec::with_capacity(pdf.len() + 1024);
    doc.save_to(&mut out).map_err(|e| fail("cannot write it", &e))?;
    Ok(out)
}

/// Adds what lopdf leaves out of an AES-256 encryption dictionary.
fn complete_encryption_dictionary(doc: &mut Document) -> lopdf::Result<()> {
    let id = doc.trailer.get(b"Encrypt")?.as_reference()?;
    let dict = doc.get_object_mut(id)?.as_dict_mut()?;
    dict.set("Length", Object::Integer(256));
    if let Ok(Object::Dictionary(filters)) = dict.get_mut(b"CF") {
        for (_, filter) in filters.iter_mut() {
            if let Object::Dictionary(f) = filter {
                f.set("Length", Object::Integer(32));
                f.set("AuthEvent", Object::Name(b"DocOpen".to_vec()));
            }
        }
    }
    Ok(())
}

/// Letters and digits that cannot be mistaken for one another on the phone or on paper (no
/// 0/O, 1/I/L, 5/S, 8/B).
const CODE_ALPHABET: &[u8] = b"2345679ACDEFGHJKMNPQRTUVWXYZ";

/// A new code such as `7KQ4-M2XP-9RTW`: 12 characters from 28, about 58 bits, which takes
/// centuries to guess against AES-256's slow password check.
pub fn generate_code() -> Result<String> {
    let mut code = String::with_capacity(14);
    let mut picked = 0;
    while picked < 12 {
        let mut byte = [0u8; 1];
        getrandom::fill(&mut byte).map_err(|e| Error::failure(format!("cannot make a password: no random numbers: {e}")))?;
        // Reject the top of the range so every character is equally likely.
        let limit = 256 - 256 % CODE_ALPHABET.len();
        if usize::from(byte[0]) >= limit {
            continue;
        }
        if picked > 0 && picked % 4 == 0 {
            code.push('-');
        }
        code.push(char::from(CODE_ALPHABET[usize::from(byte[0]) % CODE_ALPHABET.len()]));
        picked += 1;
    }
    Ok(code)
}

/// Why a password is weak, if it is: one that looks like a birth date is among the first
/// anyone tries (a century has only about 36,500 of them).
pub fn weakness(password: &str) -> Option<String> {
    if looks_like_a_date(password) {
        return Some("looks like a date (of birth?), which can be guessed in minutes: a century has only about 36,500 dates".into());
    }
    if password.chars().count() < 8 {
        return Some(format!("is only {} characters long, which can be guessed in minutes", password.chars().count()));
    }
    None
}

/// 21/11/1980, 1980-11-21, 21.11.80, 21111980, 19801121, 112180 ...
fn looks_like_a_date(password: &str) -> bool {
    let digits: String = password.chars().filter(char::is_ascii_digit).collect();
    let others = password.chars().filter(|c| !c.is_ascii_digit()).all(|c| matches!(c, '/' | '-' | '.' | ' '));
    if !others || !(6..=8).contains(&digits.len()) {
        return false;
    }
    let n = |s: &str| s.parse::<u32>().unwrap_or(0);
    let day_month = |a: u32, b: u32| (1..=31).contains(&a) && (1..=12).contains(&b);
    let d = digits.as_str();
    match d.len() {
        8 => {
            let (y1, rest1) = (n(&d[..4]), &d[4..]);
            let (rest2, y2) = (&d[..4], n(&d[4..]));
            let year = |y: u32| (1900..=2100).contains(&y);
            (year(y1) && (day_month(n(&rest1[2..]), n(&rest1[..2])) || day_month(n(&rest1[..2]), n(&rest1[2..]))))
                || (year(y2) && (day_month(n(&rest2[..2]), n(&rest2[2..])) || day_month(n(&rest2[2..]), n(&rest2[..2]))))
        }
        6 => day_month(n(&d[..2]), n(&d[2..4])) || day_month(n(&d[2..4]), n(&d[..2])) || day_month(n(&d[4..]), n(&d[2..4])),
        _ => false,
    }
}

/// One generated code, for the front desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub row: usize,
    pub patient: String,
    pub address: String,
    pub handout: String,
    pub password: String,
}

/// The generated codes of one folder (`pdf-passwords.csv`), kept across runs so a patient's
/// code does not change when a batch is run again.
#[derive(Debug, Clone)]
pub struct Codes {
    path: PathBuf,
    codes: Vec<Code>,
}

const CODE_COLUMNS: [&str; 5] = ["row", "patient", "address", "handout", "password"];

impl Codes {
    pub fn open(dir: &Path) -> Result<Codes> {
        let path = dir.join(CODES_NAME);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Codes { path, codes: Vec::new() }),
            Err(e) => return Err(Error::io("read the PDF passwords", &path, &e)),
        };
        let bad = || {
            Error::failure(format!("{} is not a file of PDF passwords that handout wrote", path.display()))
                .hint("it holds the codes patients were told; restore it, or move it away to make new codes")
        };
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        if reader.headers().map_err(|_| bad())?.iter().collect::<Vec<_>>() != CODE_COLUMNS {
            return Err(bad());
        }
        let mut codes = Vec::new();
        for record in reader.records() {
            let r = record.map_err(|_| bad())?;
            let f = |i: usize| super::ledger::restored(r.get(i).unwrap_or(""));
            codes.push(Code { row: f(0).parse().map_err(|_| bad())?, patient: f(1), address: f(2), handout: f(3), password: f(4) });
        }
        Ok(Codes { path, codes })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The code for this handout and address: the one made before, or a new one.
    pub fn code_for(&mut self, row: usize, patient: &str, address: &str, handout: &str) -> Result<String> {
        if let Some(c) = self.codes.iter().find(|c| c.handout == handout && c.address.eq_ignore_ascii_case(address)) {
            return Ok(c.password.clone());
        }
        let password = generate_code()?;
        self.codes.push(Code {
            row,
            patient: patient.into(),
            address: address.into(),
            handout: handout.into(),
            password: password.clone(),
        });
        Ok(password)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Writes the file atomically, readable by its owner only.
    pub fn save(&self) -> Result<()> {
        let fail = |e: &dyn std::fmt::Display| Error::failure(format!("cannot write the PDF passwords {}: {e}", self.path.display()));
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(CODE_COLUMNS).map_err(|e| fail(&e))?;
        for c in &self.codes {
            // Cells a spreadsheet could run as formulas are made inert.
            let cells = [&c.row.to_string(), &c.patient, &c.address, &c.handout, &c.password].map(|c| super::ledger::inert_kept(c));
            w.write_record(cells).map_err(|e| fail(&e))?;
        }
        let bytes = w.into_inner().map_err(|e| fail(&e))?;
        // Readable by its owner only (0600), whatever the umask.
        let temps = crate::write::Temps::default();
        let options =
            crate::write::WriteOptions { private: true, ..crate::write::WriteOptions::new(crate::write::Existing::Replace, &temps) };
        crate::write::write(&self.path, &bytes, options).map_err(|e| fail(&e.message))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encryption_dictionary_is_complete_and_only_the_password_opens_it() {
        let mut doc = Document::with_version("1.4");
        let pages = doc.new_object_id();
        let content = doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), b"BT /F1 12 Tf (Hello) Tj ET".to_vec()));
        let page = doc.add_object(lopdf::dictionary! { "Type" => "Page", "Parent" => pages, "Contents" => content, "MediaBox" => vec![0.into(), 0.into(), 200.into(), 200.into()] });
        doc.objects.insert(pages, Object::Dictionary(lopdf::dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
        let catalog = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let mut plain = Vec::new();
        doc.save_to(&mut plain).unwrap();

        let encrypted = encrypt(&plain, "7KQ4-M2XP-9RTW").unwrap();
        let opened = Document::load_mem(&encrypted).unwrap();
        let id = opened.trailer.get(b"Encrypt").unwrap().as_reference().unwrap();
        let dict = opened.get_dictionary(id).unwrap().clone();
        assert_eq!((dict.get(b"V").unwrap().as_i64().unwrap(), dict.get(b"R").unwrap().as_i64().unwrap()), (5, 6));
        assert_eq!(dict.get(b"Length").unwrap().as_i64().unwrap(), 256);
        let filter = dict.get(b"CF").unwrap().as_dict().unwrap().get(b"StdCF").unwrap().as_dict().unwrap();
        assert_eq!(filter.get(b"CFM").unwrap().as_name().unwrap(), b"AESV3");
        assert_eq!(filter.get(b"Length").unwrap().as_i64().unwrap(), 32);
        assert_eq!(filter.get(b"AuthEvent").unwrap().as_name().unwrap(), b"DocOpen");
        let p = dict.get(b"P").unwrap().as_i64().unwrap();
        assert!(p & (1 << 2) != 0 && p & (1 << 11) != 0 && p & (1 << 9) != 0, "print and accessibility: {p:b}");
        assert!(p & (1 << 4) == 0 && p & (1 << 3) == 0, "no copying or changing: {p:b}");
        assert!(!encrypted.windows(5).any(|w| w == b"Hello"), "the text is not readable without the password");
        // lopdf 0.44 cannot read the pages of an encrypted file back (even its own), so the
        // readers people use check the decryption: tests/integration/mail.rs.
        assert!(opened.authenticate_password("7KQ4-M2XP-9RTW").is_ok());
        assert!(opened.authenticate_password("21/11/1980").is_err());
    }

    #[test]
    fn birth_dates_and_short_passwords_are_weak() {
        for weak in ["21/11/1980", "1980-11-21", "21.11.80", "21111980", "19801121", "11211980", "211180", "abc"] {
            assert!(weakness(weak).is_some(), "{weak}");
        }
        for strong in ["7KQ4-M2XP-9RTW", "correct horse battery", "99999999", "31313131x"] {
            assert_eq!(weakness(strong), None, "{strong}");
        }
    }

    #[test]
    fn codes_are_readable_and_differ() {
        let a = generate_code().unwrap();
        assert_eq!(a.len(), 14);
        assert!(a.chars().all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8))), "{a}");
        assert_eq!(a.matches('-').count(), 2);
        assert_ne!(a, generate_code().unwrap());
    }

    #[test]
    fn codes_are_kept_across_runs() {
        let dir = tempfile::tempdir().unwrap();
        let mut codes = Codes::open(dir.path()).unwrap();
        let first = codes.code_for(2, "Jane", "jane@example.com", "a.pdf").unwrap();
        codes.save().unwrap();
        let mut again = Codes::open(dir.path()).unwrap();
        assert_eq!(again.code_for(2, "Jane", "JANE@example.com", "a.pdf").unwrap(), first);
        assert_ne!(again.code_for(3, "Bo", "bo@example.com", "b.pdf").unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(codes.path()).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn a_name_that_is_a_formula_is_inert_in_the_file_and_exact_when_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut codes = Codes::open(dir.path()).unwrap();
        let first = codes.code_for(2, "=HYPERLINK(\"http://x\")", "jane@example.com", "-a.pdf").unwrap();
        codes.code_for(3, "'Quoted", "bo@example.com", "b.pdf").unwrap();
        codes.save().unwrap();
        let text = std::fs::read_to_string(codes.path()).unwrap();
        assert!(text.contains("'=HYPERLINK") && text.contains(",'-a.pdf,") && text.contains(",''Quoted,"), "{text}");
        let mut again = Codes::open(dir.path()).unwrap();
        assert_eq!(again.codes[0].patient, "=HYPERLINK(\"http://x\")");
        assert_eq!(again.codes[1].patient, "'Quoted");
        assert_eq!(again.code_for(2, "x", "jane@example.com", "-a.pdf").unwrap(), first, "found by its exact handout name");
    }
}
