//! `--email` against a real SMTP server on 127.0.0.1 (aiosmtpd, `tests/mail_server.py`), not a
//! mock: STARTTLS with a certificate authority made at test time, AUTH LOGIN/PLAIN, and
//! refusals on purpose. What the server received is read back with Python's `email` package
//! (`tests/parse_eml.py`).
//!
//! The server needs Python with aiosmtpd (`HANDOUT_TEST_PYTHON`, default `python3`) and
//! openssl. Without them these tests say they are skipped and pass, so `cargo test` works on a
//! machine with only Rust; with `HANDOUT_REQUIRE_MAIL_TESTS=1` (set by `.ci/run`) a skip is a
//! failure. `HANDOUT_REQUIRE_PDF_READERS=1` makes the protected-attachment test require
//! poppler, MuPDF, qpdf and pdf.js (`HANDOUT_TEST_PDFJS`), which `.ci/run` installs.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::{repo, Sandbox};

const PASSWORD: &str = "correct horse";

fn python() -> String {
    std::env::var("HANDOUT_TEST_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Skips the calling test (or fails it, under `HANDOUT_REQUIRE_MAIL_TESTS=1`).
fn skip(why: &str) {
    if std::env::var_os("HANDOUT_REQUIRE_MAIL_TESTS").is_some_and(|v| v != "0") {
        panic!("a mail test cannot run, and HANDOUT_REQUIRE_MAIL_TESTS is set: {why}");
    }
    // Straight to standard error, past the test harness's capture, so a skip is seen.
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("skipped: {why}\n").as_bytes());
}

/// A running test server; stopped when dropped (its standard input closes).
struct MailServer {
    child: Child,
    port: u16,
    ca: PathBuf,
    dir: tempfile::TempDir,
}

impl MailServer {
    /// Starts `tests/mail_server.py` with `args`, or says why it cannot (and the test skips).
    fn start(args: &[&str]) -> Option<MailServer> {
        let dir = tempfile::tempdir().expect("temp dir");
        let child = Command::new(python())
            .arg(repo().join("tests/mail_server.py"))
            .arg("--dir")
            .arg(dir.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(c) => c,
            Err(e) => {
                skip(&format!("cannot run {}: {e}", python()));
                return None;
            }
        };
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(20)).unwrap_or_default();
        let mut words = line.split_whitespace();
        if words.next() != Some("READY") {
            let _ = child.kill();
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            let _ = child.wait();
            let why = err.trim().lines().last().unwrap_or("no message").to_string();
            skip(&format!("the test mail server did not start (is aiosmtpd installed for {}?): {why}", python()));
            return None;
        }
        let port = words.next().and_then(|p| p.parse().ok()).expect("a port");
        let ca = PathBuf::from(words.next().expect("the CA file"));
        Some(MailServer { child, port, ca, dir })
    }

    /// The messages received so far, in order.
    fn messages(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("server dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|eml| {
                let envelope: Value = serde_json::from_slice(&std::fs::read(eml.with_extension("json")).expect("envelope")).expect("json");
                let rcpt =
                    envelope["rcpt_tos"].as_array().expect("rcpt_tos").iter().map(|v| v.as_str().unwrap_or("").to_string()).collect();
                Received { parsed: parse_eml(&eml), rcpt, raw: std::fs::read(&eml).expect("eml") }
            })
            .collect()
    }

    fn auth_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("auth.log")).unwrap_or_default()
    }

    /// A mail.yaml for this server, with `extra` lines.
    fn settings(&self, extra: &str) -> String {
        format!(
            "host: localhost\nport: {}\nsecurity: starttls\nusername: desk@clinic.example\nfrom:\n  name: Riverside Physiotherapy\n  address: desk@clinic.example\nbcc: records@clinic.example\nca_file: {}\nrate: unlimited\ntimeout: 10s\n{extra}",
            self.port,
            self.ca.display()
        )
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Received {
    parsed: Value,
    rcpt: Vec<String>,
    raw: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> String {
        self.parsed["headers"][name].as_str().unwrap_or_default().to_string()
    }

    fn attachment(&self) -> (String, String, Vec<u8>) {
        let a = &self.parsed["attachments"][0];
        let bytes = unhex(a["hex"].as_str().expect("attachment bytes"));
        (a["filename"].as_str().unwrap_or_default().into(), a["content_type"].as_str().unwrap_or_default().into(), bytes)
    }

    /// The text, with line breaks as `\n` (text in base64 carries CRLF, its canonical form).
    fn body(&self) -> String {
        self.parsed["body"].as_str().unwrap_or_default().replace("\r\n", "\n")
    }
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex")).collect()
}

fn parse_eml(path: &Path) -> Value {
    let out = Command::new(python()).arg(repo().join("tests/parse_eml.py")).arg(path).output().expect("run parse_eml.py");
    assert!(out.status.success(), "Python's email parser failed on {}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("parse_eml prints JSON");
    assert_eq!(v["defects"], serde_json::json!([]), "{} has MIME defects", path.display());
    assert_eq!(v["crlf_only"], true, "{} has bare line feeds", path.display());
    v
}

/// A sandbox with the examples and a roster: José (English), Lucía (Spanish), Amélie (no
/// address), Bo (opted out).
fn clinic(settings: &str) -> Sandbox {
    let s = Sandbox::with_examples();
    s.write("mail.yaml", settings);
    s.write(
        "today.csv",
        "patient,date,clinician,prescription,language,email,send\n\
         José Núñez,2026-11-21,\"Alex Rivera, PT\",hip-and-lower-back.yaml,en,jose.nunez@example.com,\n\
         Lucía Pérez,2026-11-21,\"Alex Rivera, PT\",hip-and-lower-back.yaml,es,lucia@example.com,yes\n\
         Amélie Durand,2026-11-21,\"Alex Rivera, PT\",back-care.yaml,,,\n\
         Bo Lindqvist,2026-11-21,\"Priya Shah, DC\",back-care.yaml,,bo@example.com,no\n",
    );
    s
}

const BATCH: [&str; 7] = ["batch", "today.csv", "--out-dir", "handouts", "--email", "--mail", "mail.yaml"];

fn batch(s: &Sandbox, extra: &[&str]) -> crate::common::Run {
    let args: Vec<&str> = BATCH.iter().copied().chain(extra.iter().copied()).collect();
    s.run_env(&args, &[("HANDOUT_SMTP_PASSWORD", PASSWORD)])
}

fn report(s: &Sandbox) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&s.read("handouts/report.json")).expect("report json");
    v["rows"].as_array().expect("rows").clone()
}

#[test]
fn batch_emails_each_patient_once_in_their_language() {
    let Some(server) = MailServer::start(&[]) else { return };
    let s = clinic(&server.settings(""));
    let run = batch(&s, &["--report", "handouts/report.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("email: 2 emailed, 2 skipped (1 without an address, 1 opted out), 0 failed"), "{}", run.stderr);

    let got = server.messages();
    assert_eq!(got.len(), 2, "one message per patient with an address who did not opt out");
    let (jose, lucia) = (&got[0], &got[1]);
    assert_eq!(jose.rcpt, ["jose.nunez@example.com", "records@clinic.example"]);
    assert_eq!(jose.header("To"), "José Núñez <jose.nunez@example.com>");
    assert_eq!(jose.header("From"), "Riverside Physiotherapy <desk@clinic.example>");
    assert_eq!(jose.header("Subject"), "Your home exercises from Riverside Physiotherapy & Sports Clinic");
    assert_eq!(lucia.header("Subject"), "Sus ejercicios para casa de Riverside Physiotherapy & Sports Clinic");
    assert!(lucia.body().starts_with("Hola, Lucía Pérez:\n\nGracias por su visita"), "{:?}", lucia.body());
    assert!(lucia.body().contains("el 21 de noviembre de 2026"), "{}", lucia.body());
    assert!(!jose.header("Bcc").contains("records"), "the clinic's copy is not shown to the patient");
    assert!(jose.raw.starts_with(b"From: "));
    assert!(!String::from_utf8_lossy(&jose.raw).contains(PASSWORD));

    // Nothing clinical in the body: no exercise, no note, no dosage; the clinic's signature.
    let body = jose.body();
    for clinical in ["Bridge", "Hold", "reps", "stretch", "When to seek help"] {
        assert!(!body.contains(clinical), "the body mentions `{clinical}`:\n{body}");
    }
    assert!(body.contains("\n-- \nRiverside Physiotherapy & Sports Clinic\n42 Mill Race Lane"), "{body}");
    assert!(body.contains("Best wishes,\nAlex Rivera, PT\n"), "{body}");

    // The attachment is the PDF on disk, byte for byte, named as on disk.
    let (name, kind, bytes) = jose.attachment();
    assert_eq!((name.as_str(), kind.as_str()), ("2026-11-21-José Núñez.pdf", "application/pdf"));
    assert_eq!(bytes, s.read("handouts/2026-11-21-José Núñez.pdf"));
    assert_eq!(lucia.attachment().2, s.read("handouts/2026-11-21-Lucía Pérez.pdf"));

    let rows = report(&s);
    let statuses: Vec<&str> = rows.iter().map(|r| r["email_status"].as_str().unwrap_or("")).collect();
    assert_eq!(statuses, ["emailed", "emailed", "skipped", "skipped"]);
    assert_eq!(rows[2]["email_detail"], "no email address in the roster");
    assert_eq!(rows[3]["email_detail"], "opted out: `send` is `no` in the roster");
    assert!(rows[0]["email_detail"].as_str().unwrap_or("").starts_with("250 "), "the server's reply: {}", rows[0]["email_detail"]);
    assert_eq!(rows[0]["message_id"], jose.header("Message-ID"));

    // The ledger has each accepted message.
    let ledger = String::from_utf8(s.read("handouts/emailed.csv")).unwrap();
    assert_eq!(ledger.lines().count(), 3, "{ledger}");
    assert!(ledger.starts_with("sent_at,row,patient,address,handout,sha256,message_id\n"));
    assert!(ledger.contains(&jose.header("Message-ID")));

    // Run again: nothing is sent twice, and the handouts already made are kept.
    let again = batch(&s, &["--report", "handouts/report.json"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("0 written, 4 skipped (already there), 0 failed"), "{}", again.stderr);
    assert!(
        again.stderr.contains("email: 0 emailed, 4 skipped (2 already emailed, 1 without an address, 1 opted out), 0 failed"),
        "{}",
        again.stderr
    );
    assert_eq!(server.messages().len(), 2);
    assert!(report(&s)[0]["email_detail"].as_str().unwrap_or("").starts_with("already emailed on "), "{:?}", report(&s)[0]);

    // --resend sends them again, on purpose.
    let resent = batch(&s, &["--resend"]);
    assert_eq!(resent.code, 0, "{}", resent.stderr);
    assert_eq!(server.messages().len(), 4);
}

#[test]
fn a_changed_handout_is_not_resent_silently() {
    let Some(server) = MailServer::start(&[]) else { return };
    let s = clinic(&server.settings(""));
    batch(&s, &[]).ok();
    assert_eq!(server.messages().len(), 2);
    // The clinician changes José's and Lucía's prescription and makes the handouts again.
    let p = String::from_utf8(s.read("hip-and-lower-back.yaml")).unwrap();
    s.write("hip-and-lower-back.yaml", p.replacen("title: Hip and lower back program", "title: Hip and lower back program, week 2", 1));
    let run = batch(&s, &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(server.messages().len(), 2, "a changed handout is not sent again without --resend");
    assert!(
        run.stderr.contains("warning: today.csv:2: the handout for jose.nunez@example.com was not emailed again: already emailed on "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("; the handout changed since; use --resend to send the new one"), "{}", run.stderr);
    assert!(run.stderr.contains("2 changed since they were emailed (use --resend)"), "{}", run.stderr);
}

#[test]
fn a_rejected_login_stops_the_run_at_once() {
    let Some(server) = MailServer::start(&[]) else { return };
    let s = clinic(&server.settings(""));
    let run = s.run_env(&BATCH, &[("HANDOUT_SMTP_PASSWORD", "wrong")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let port = server.port;
    assert!(
        run.stderr.contains(&format!(
            "error: the mail server localhost:{port} refused the login for desk@clinic.example: 535 5.7.8 Authentication credentials invalid\n  hint: check `username:` and the password (in the environment variable HANDOUT_SMTP_PASSWORD); nothing more was tried, so the account is not locked by repeated attempts\n"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("error:").count(), 1, "one error, not one per patient:\n{}", run.stderr);
    assert!(run.stderr.contains("email: 0 emailed, 2 skipped (1 without an address, 1 opted out), 2 failed"), "{}", run.stderr);
    assert_eq!(server.auth_log().lines().count(), 1, "one login attempt, not one per patient: {}", server.auth_log());
    assert!(server.messages().is_empty());
    assert!(!s.join("handouts/emailed.csv").exists() || String::from_utf8(s.read("handouts/emailed.csv")).unwrap().lines().count() == 1);
}

#[test]
fn a_refused_recipient_fails_that_row_and_the_others_go_on() {
    let Some(server) = MailServer::start(&["--refuse", "jose.nunez@example.com"]) else { return };
    let s = clinic(&server.settings(""));
    let run = batch(&s, &["--report", "handouts/report.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: the mail server refused the email to jose.nunez@example.com: jose.nunez@example.com: 550 5.1.1 <jose.nunez@example.com>: Recipient address rejected: User unknown in local recipient table\n  hint: check the patient's address in the roster; the other patients were emailed as usual"),
        "{}",
        run.stderr
    );
    let got = server.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt[0], "lucia@example.com");
    let report = String::from_utf8(s.read("handouts/report.csv")).unwrap();
    assert!(report.lines().next().unwrap().ends_with(",email_status,email_detail,message_id,sent_at"), "{report}");
    assert!(report.lines().nth(1).unwrap().contains(",failed,the mail server refused the email to jose.nunez@example.com: "), "{report}");
    // The refused one is not in the ledger: a re-run tries it again.
    assert!(!String::from_utf8(s.read("handouts/emailed.csv")).unwrap().contains("jose.nunez"));
}

#[test]
fn a_temporary_refusal_is_retried() {
    let Some(server) = MailServer::start(&["--tempfail-once", "lucia@example.com"]) else { return };
    let s = clinic(&server.settings(""));
    let run = batch(&s, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("email: 2 emailed"), "{}", run.stderr);
    assert_eq!(server.messages().len(), 2);
}

#[test]
fn a_server_whose_certificate_is_not_trusted_is_refused() {
    let Some(server) = MailServer::start(&[]) else { return };
    let settings = server.settings("").lines().filter(|l| !l.starts_with("ca_file:")).collect::<Vec<_>>().join("\n");
    let s = clinic(&settings);
    let run = batch(&s, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("error: cannot make a secure (TLS) connection to the mail server localhost:{}: invalid peer certificate: UnknownIssuer\n  hint: the server's certificate is not signed by an authority this computer trusts; if your organisation uses its own certificate authority, give its certificate with `ca_file:` in the mail settings", server.port)),
        "{}",
        run.stderr
    );
    assert!(server.messages().is_empty() && server.auth_log().is_empty(), "no password was sent");
}

#[test]
fn starttls_must_succeed() {
    let Some(server) = MailServer::start(&["--plain"]) else { return };
    let s = clinic(&server.settings(""));
    let run = batch(&s, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: the mail server localhost:{} does not offer STARTTLS, and handout never sends a password or a handout unencrypted",
            server.port
        )),
        "{}",
        run.stderr
    );
    assert!(server.messages().is_empty());
}

#[test]
fn tls_from_the_first_byte() {
    let Some(server) = MailServer::start(&["--implicit-tls"]) else { return };
    let s = clinic(&server.settings("").replace("security: starttls", "security: tls"));
    let run = batch(&s, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(server.messages().len(), 2);
}

#[test]
fn a_server_on_this_computer_without_tls_or_login() {
    let Some(server) = MailServer::start(&["--plain"]) else { return };
    let settings = format!(
        "host: 127.0.0.1\nport: {}\nsecurity: none\nfrom: {{name: Riverside, address: desk@clinic.example}}\nrate: unlimited\n",
        server.port
    );
    let s = clinic(&settings);
    let run = s.run(&BATCH);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(server.messages().len(), 2);
}

#[test]
fn render_emails_one_patient() {
    let Some(server) = MailServer::start(&[]) else { return };
    let s = clinic(&server.settings(""));
    let args = ["render", "hip-and-lower-back.yaml", "-o", "jane.pdf", "--email", "jane@example.com", "--mail", "mail.yaml"];
    let run = s.run_env(&args, &[("HANDOUT_SMTP_PASSWORD", PASSWORD)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.ends_with("emailed it to jane@example.com\n"), "{}", run.stderr);
    let got = server.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].attachment().2, s.read("jane.pdf"));
    // Again (the PDF is the same bytes): not sent twice.
    let forced: Vec<&str> = args.iter().copied().chain(["--force"]).collect();
    // On a computer five hours behind UTC (a POSIX TZ, so no time zone files are needed) the
    // time is told on its clock; the ledger keeps UTC.
    let again = s.run_env(&forced, &[("HANDOUT_SMTP_PASSWORD", PASSWORD), ("TZ", "EST+5")]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("not emailed to jane@example.com: already emailed on "), "{}", again.stderr);
    assert!(again.stderr.contains(" (UTC-05:00) ("), "the time is local: {}", again.stderr);
    assert_eq!(server.messages().len(), 1);
}

#[test]
fn dry_run_writes_standard_eml_files_and_sends_nothing() {
    if Command::new(python()).arg("-c").arg("import email").output().map(|o| !o.status.success()).unwrap_or(true) {
        return skip("no Python to read the .eml files back");
    }
    // A server that does not exist: a dry run never connects, and needs no password.
    let s = clinic("host: smtp.clinic.example\nusername: desk@clinic.example\nfrom: {name: Riverside, address: desk@clinic.example}\n");
    let run = s.run(&["batch", "today.csv", "--out-dir", "handouts", "--email", "--mail", "mail.yaml", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("wrote handouts/2026-11-21-José Núñez.eml (not sent)\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains("email (dry run, nothing sent): 2 .eml files written, 2 skipped (1 without an address, 1 opted out), 0 failed"),
        "{}",
        run.stderr
    );
    assert!(!s.join("handouts/emailed.csv").exists(), "a dry run records nothing");
    let eml = s.join("handouts/2026-11-21-José Núñez.eml");
    let parsed = parse_eml(&eml);
    assert_eq!(parsed["content_type"], "multipart/mixed");
    assert_eq!(parsed["body_type"], "text/plain; charset=\"utf-8\"");
    for header in ["Date", "Message-ID", "From", "To", "Subject", "MIME-Version"] {
        assert!(parsed["headers"][header].is_string(), "no {header}: {parsed}");
    }
    assert_eq!(parsed["headers"]["To"], "José Núñez <jose.nunez@example.com>");
    let a = &parsed["attachments"][0];
    assert_eq!(a["filename"], "2026-11-21-José Núñez.pdf");
    let bytes = unhex(a["hex"].as_str().unwrap());
    assert_eq!(bytes, s.read("handouts/2026-11-21-José Núñez.pdf"));
    let raw = String::from_utf8(s.read("handouts/2026-11-21-José Núñez.eml")).unwrap();
    assert!(raw.is_ascii() && raw.contains("\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"));
    assert!(
        raw.contains("filename*0*=utf-8''2026-11-21-Jos%C3%A9%20N%C3%BA%C3%B1ez"),
        "RFC 2231 file name:\n{}",
        &raw[..2000.min(raw.len())]
    );
}

/// Decrypts `pdf` with each reader that is installed and returns the readers that ran.
fn readers_open(pdf: &Path, password: &str, expect: &str) -> Vec<&'static str> {
    let mut ran = Vec::new();
    let text = |out: std::process::Output| String::from_utf8_lossy(&out.stdout).into_owned();
    if let Ok(out) = Command::new("pdftotext").args(["-upw", password]).arg(pdf).arg("-").output() {
        assert!(out.status.success() && crate::common::normalise(&text(out)).contains(expect), "poppler (pdftotext) cannot read it");
        ran.push("poppler");
    }
    if let Ok(out) = Command::new("mutool").args(["draw", "-p", password, "-F", "txt", "-o", "-"]).arg(pdf).output() {
        assert!(out.status.success() && crate::common::normalise(&text(out)).contains(expect), "MuPDF (mutool) cannot read it");
        ran.push("mupdf");
    }
    let decrypted = pdf.with_extension("decrypted.pdf");
    if let Ok(out) = Command::new("qpdf").arg(format!("--password={password}")).arg("--decrypt").arg(pdf).arg(&decrypted).output() {
        assert!(out.status.success(), "qpdf cannot decrypt it: {}", String::from_utf8_lossy(&out.stderr));
        let plain = crate::common::Pdf::parse(&std::fs::read(&decrypted).unwrap());
        assert!(plain.flat_text().contains(expect));
        ran.push("qpdf");
    }
    // pdf.js: `HANDOUT_TEST_PDFJS` names its `pdf.mjs` (.ci/run points it at the PDF oracle's).
    let pdfjs = std::env::var_os("HANDOUT_TEST_PDFJS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/pdf-oracle/js/node_modules/pdfjs-dist/legacy/build/pdf.mjs"));
    if pdfjs.is_file() {
        let script = format!(
            "import {{ getDocument }} from {:?}; import {{ readFileSync }} from 'fs';\
             const doc = await getDocument({{ data: new Uint8Array(readFileSync({:?})), password: {:?}, verbosity: 0 }}).promise;\
             let t = ''; for (let i = 1; i <= doc.numPages; i++) {{ const c = await (await doc.getPage(i)).getTextContent(); t += c.items.map(x => x.str).join(' ') + ' '; }}\
             console.log(t);",
            pdfjs.display().to_string(),
            pdf.display().to_string(),
            password
        );
        if let Ok(out) = Command::new("node").args(["--input-type=module", "-e", &script]).output() {
            assert!(
                out.status.success() && crate::common::normalise(&text(out.clone())).contains(expect),
                "pdf.js cannot read it: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            ran.push("pdf.js");
        }
    }
    ran
}

#[test]
fn protected_attachments_open_with_their_password_in_every_reader() {
    let Some(server) = MailServer::start(&[]) else { return };
    let s = clinic(&server.settings("protect: true\n"));
    // Lucía's password comes from the roster, and looks like a birth date; José gets a code.
    let roster = String::from_utf8(s.read("today.csv")).unwrap();
    let roster = roster.replace("language,email,send\n", "language,email,send,pdf_password\n");
    let roster = roster
        .replace("jose.nunez@example.com,\n", "jose.nunez@example.com,,\n")
        .replace("lucia@example.com,yes\n", "lucia@example.com,yes,21/11/1980\n");
    s.write("today.csv", roster);
    let run = batch(&s, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: today.csv:3: pdf_password: the password looks like a date (of birth?), which can be guessed in minutes"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("PDF passwords for the front desk to give by phone: handouts/pdf-passwords.csv (keep it private)"),
        "{}",
        run.stderr
    );
    let codes = String::from_utf8(s.read("handouts/pdf-passwords.csv")).unwrap();
    let jose_code = codes.lines().nth(1).and_then(|l| l.rsplit(',').next()).unwrap().to_string();
    assert_eq!(jose_code.len(), 14, "{codes}");
    assert!(!codes.contains("lucia"), "a password from the roster is not copied: {codes}");

    let got = server.messages();
    assert_eq!(got.len(), 2);
    for (m, password) in [(&got[0], jose_code.as_str()), (&got[1], "21/11/1980")] {
        let raw = String::from_utf8_lossy(&m.raw);
        assert!(!raw.contains(password), "the password is not in the email");
        assert!(m.body().contains("protected with a password") || m.body().contains("protegido con una contraseña"), "{}", m.body());
        let (_, _, attached) = m.attachment();
        assert_ne!(attached, s.read("handouts/2026-11-21-José Núñez.pdf"));
        let file = s.write("attached.pdf", &attached);
        assert!(Command::new("pdftotext")
            .args(["-upw", "wrong"])
            .arg(&file)
            .arg("-")
            .output()
            .map(|o| !o.status.success())
            .unwrap_or(true));
        let ran = readers_open(&file, password, "Hip and lower back program");
        // .ci/run sets this once the readers are installed.
        if std::env::var_os("HANDOUT_REQUIRE_PDF_READERS").is_some() {
            assert_eq!(ran, ["poppler", "mupdf", "qpdf", "pdf.js"], "every reader must open it");
        }
        eprintln!("protected attachment opened by {ran:?}");
    }
    // The report and the ledger never hold a password.
    assert!(!String::from_utf8(s.read("handouts/emailed.csv")).unwrap().contains(&jose_code));
}
