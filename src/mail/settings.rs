//! `mail.yaml`: the clinic's mail server, the sender, the templates, the pace. Read like every
//! other input: unknown fields are errors with a suggestion, and every problem names its line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::Address;
use serde::Deserialize;

use crate::error::{did_you_mean, Error, Location, Problems, Result};
use crate::i18n::MailText;
use crate::load::raw::Scalar;
use crate::load::{Seg, Source};
use crate::resolve::checks;

use super::template::Template;

/// The commented `mail.yaml` that `handout init --mail` writes.
pub const STARTER: &str = r##"# How handout emails handouts (`handout batch ... --email --mail mail.yaml`).
# Paths are relative to this file. Check it with: handout check mail.yaml

# The clinic's mail server. Microsoft 365 (Outlook): smtp.office365.com, port 587, starttls.
# Google Workspace: smtp.gmail.com, port 587, starttls, with an app password.
host: smtp.office365.com
port: 587
security: starttls               # starttls (port 587) | tls (port 465)
username: frontdesk@example.com  # usually the mailbox's own address

# The password is never written here. handout reads it from this environment variable...
password_env: HANDOUT_SMTP_PASSWORD
# ...or from a command that prints it (a password manager), instead of password_env:
# password_command: secret-tool lookup service handout-mail

from:
  name: Your Clinic Name
  address: frontdesk@example.com # an address the account may send from
# reply_to: hello@example.com    # where patients' replies go, if not to `from`
# bcc: records@example.com       # the clinic's own copy of every email

# At most this many emails a minute (most providers allow 30); `unlimited` for your own server.
rate: 20
timeout: 30s

# An on-premise server whose certificate comes from your organisation's own authority:
# ca_file: internal-ca.pem

# Encrypt each emailed PDF (AES-256). The password comes from the roster's `pdf_password`
# column, or a code is made and written to pdf-passwords.csv for the front desk to give by phone.
protect: false

# Your own wording, per language (en, es). Fields: {patient}, {clinician}, {clinic}, {date}.
# Without it, a short, friendly built-in text is used; the clinic's signature from the brand
# is added below the body. Keep clinical details out of emails.
# templates:
#   en:
#     subject: "Your exercises from {clinic}"
#     body: |
#       Hello {patient},
#
#       Here is the handout from your visit on {date}.
#
#       {clinician}
"##;

/// The environment variable that holds the password unless `password_env:` names another.
pub const DEFAULT_PASSWORD_ENV: &str = "HANDOUT_SMTP_PASSWORD";
/// Messages a minute unless `rate:` says otherwise: well under what ordinary providers allow
/// (Microsoft 365 allows 30 a minute, Google Workspace about as many).
pub const DEFAULT_RATE: u32 = 20;
/// How long to wait for the server to answer, unless `timeout:` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How the connection to the server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a server on this computer (testing).
    None,
}

impl Security {
    pub fn name(self) -> &'static str {
        match self {
            Security::StartTls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

/// Where the password comes from. It is never in the file or on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// An environment variable, read by the binary.
    Env(String),
    /// A command run with `sh -c`; its standard output (trimmed) is the password, as msmtp's
    /// `passwordeval`.
    Command(String),
}

/// How fast messages go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rate {
    PerMinute(u32),
    Unlimited,
}

impl Rate {
    /// The shortest time between two messages.
    pub fn interval(self) -> Option<Duration> {
        match self {
            Rate::PerMinute(n) => Some(Duration::from_secs(60) / n.max(1)),
            Rate::Unlimited => None,
        }
    }
}

/// A clinic's own subject or body for one language; what is not given comes from the language.
#[derive(Debug, Clone, Default)]
pub struct CustomText {
    pub subject: Option<Template>,
    pub body: Option<Template>,
}

/// A certificate authority the clinic trusts besides the system's (an on-premise server with
/// an internal CA).
#[derive(Debug, Clone)]
pub struct CaBundle {
    pub path: PathBuf,
    pub pem: Vec<u8>,
}

/// The checked mail settings.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub path: PathBuf,
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// No username: the server takes mail without a login (a relay on this computer).
    pub username: Option<String>,
    pub password: Option<PasswordSource>,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    pub bcc: Option<Mailbox>,
    /// By language code.
    pub templates: BTreeMap<&'static str, CustomText>,
    pub rate: Rate,
    pub timeout: Duration,
    pub ca_file: Option<CaBundle>,
    /// Encrypt each attached PDF with a per-patient password.
    pub protect: bool,
}

impl MailSettings {
    /// The subject and body templates for a language: the clinic's, else the language's own.
    pub fn templates_for(&self, code: &str, language: &MailText) -> Result<(Template, Template)> {
        let custom = self.templates.get(code);
        let subject = match custom.and_then(|c| c.subject.clone()) {
            Some(t) => t,
            None => Template::parse(&language.subject, &format!("the built-in subject ({code})"))?,
        };
        let body = match custom.and_then(|c| c.body.clone()) {
            Some(t) => t,
            None => Template::parse(&language.body, &format!("the built-in body ({code})"))?,
        };
        Ok((subject, body))
    }

    /// "smtp.example.com:587"
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMail {
    host: Option<String>,
    port: Option<Scalar>,
    security: Option<String>,
    username: Option<String>,
    password_env: Option<String>,
    password_command: Option<String>,
    from: Option<RawFrom>,
    reply_to: Option<String>,
    bcc: Option<String>,
    templates: Option<BTreeMap<String, RawText>>,
    rate: Option<Scalar>,
    timeout: Option<Scalar>,
    ca_file: Option<String>,
    protect: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrom {
    name: Option<String>,
    address: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    subject: Option<String>,
    body: Option<String>,
}

/// The text that goes into a message, in NFC like every other input.
impl crate::load::raw::Nfc for RawMail {
    fn nfc(&mut self) {
        use crate::load::raw::some;
        if let Some(from) = &mut self.from {
            some(&mut from.name);
        }
        for t in self.templates.iter_mut().flat_map(|t| t.values_mut()) {
            some(&mut t.subject);
            some(&mut t.body);
        }
    }
}

/// Whether `host` is this computer, where an unencrypted connection never leaves the machine.
pub fn is_local(host: &str) -> bool {
    matches!(host.trim().to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "::1" | "[::1]")
}

/// Checks an email address's syntax (`name@example.com`); `None` if it is not one.
pub fn parse_address(text: &str) -> Option<Address> {
    let text = text.trim();
    if text.contains(char::is_whitespace) || text.contains(['<', '>', ',', ';']) {
        return None;
    }
    let address: Address = text.parse().ok()?;
    // A domain without a dot (`jane@clinic`) is a typo in a patient's address.
    (address.domain().contains('.') || is_local(address.domain())).then_some(address)
}

/// Reads and checks `mail.yaml`: every problem at its line.
pub fn read(path: &Path) -> std::result::Result<MailSettings, Problems> {
    let source = Source::read(path)?;
    from_source(&source)
}

/// Checks mail settings already read.
pub fn from_source(source: &Source) -> std::result::Result<MailSettings, Problems> {
    let raw: RawMail = crate::load::yaml::parse(source)?;
    let mut problems: Vec<Error> = Vec::new();
    let at = |key: &'static str| checks::locate(source, &[Seg::Key(key)]);
    let file = || Location::file(&source.path);
    let base = source.path.parent().unwrap_or(Path::new(""));

    let host = match raw.host.as_deref().map(str::trim) {
        Some(h) if !h.is_empty() && !h.contains(char::is_whitespace) && !h.contains("://") => h.to_string(),
        Some(h) if h.contains("://") => {
            problems.push(
                Error::input(format!("`{h}` is a web address, not a mail server's name"))
                    .at(at("host"))
                    .hint("write only the server's name, for example smtp.office365.com"),
            );
            String::new()
        }
        Some(h) if !h.is_empty() => {
            problems.push(Error::input(format!("`{h}` is not a server name")).at(at("host")).hint("write it like smtp.office365.com"));
            String::new()
        }
        _ => {
            problems.push(
                Error::input("`host:` is missing: the name of the clinic's mail server")
                    .at(file())
                    .hint("add it, for example `host: smtp.office365.com` (your mail provider lists it as the SMTP or outgoing server)"),
            );
            String::new()
        }
    };

    let security = match raw.security.as_deref().map(|s| s.trim().to_ascii_lowercase()) {
        None => Security::StartTls,
        Some(s) => match s.as_str() {
            "starttls" => Security::StartTls,
            "tls" | "ssl" | "smtps" => Security::Tls,
            "none" => Security::None,
            other => {
                let names = ["starttls", "tls", "none"];
                let accepted = "accepted: starttls (port 587), tls (port 465); none only for a server on this computer";
                let hint = match did_you_mean(other, names) {
                    Some(close) => format!("did you mean `{close}`? {accepted}"),
                    None => accepted.to_string(),
                };
                problems.push(Error::input(format!("unknown security `{other}`")).at(at("security")).hint(hint));
                Security::StartTls
            }
        },
    };
    if security == Security::None && !host.is_empty() && !is_local(&host) {
        problems.push(
            Error::input(format!("`security: none` would send the password and the patients' handouts to {host} unencrypted"))
                .at(at("security"))
                .hint("use `security: starttls` (port 587) or `security: tls` (port 465); `none` is accepted only for a server on this computer (localhost, 127.0.0.1)"),
        );
    }

    let port = match &raw.port {
        None => security.default_port(),
        Some(Scalar(p)) => match p.trim().parse::<u16>() {
            Ok(p) if p > 0 => p,
            _ => {
                problems.push(
                    Error::input(format!("`{p}` is not a port number"))
                        .at(at("port"))
                        .hint("write a number from 1 to 65535: usually 587 for starttls, 465 for tls"),
                );
                security.default_port()
            }
        },
    };

    let username = raw.username.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_string);
    let password = match (&raw.password_env, &raw.password_command) {
        (Some(_), Some(_)) => {
            problems.push(
                Error::input("both `password_env:` and `password_command:` are given")
                    .at(at("password_command"))
                    .hint("keep one: the environment variable that holds the password, or the command that prints it"),
            );
            None
        }
        (Some(name), None) => {
            let name = name.trim();
            if name.is_empty()
                || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                || name.starts_with(|c: char| c.is_ascii_digit())
            {
                problems.push(
                    Error::input(format!("`{name}` is not the name of an environment variable"))
                        .at(at("password_env"))
                        .hint(format!("write a name of letters, digits and _, for example {DEFAULT_PASSWORD_ENV}; the password itself never goes in this file")),
                );
            }
            Some(PasswordSource::Env(name.to_string()))
        }
        (None, Some(command)) if command.trim().is_empty() => {
            problems.push(
                Error::input("`password_command:` is empty")
                    .at(at("password_command"))
                    .hint("write the command that prints the password, for example `secret-tool lookup service handout-mail`"),
            );
            None
        }
        (None, Some(command)) => Some(PasswordSource::Command(command.trim().to_string())),
        (None, None) => username.as_ref().map(|_| PasswordSource::Env(DEFAULT_PASSWORD_ENV.to_string())),
    };
    if username.is_none() && password.is_some() {
        let key = if raw.password_env.is_some() { "password_env" } else { "password_command" };
        problems.push(
            Error::input("a password is set up but `username:` is missing")
                .at(at(key))
                .hint("add `username:` (usually the mailbox's own address), or remove the password setting for a server without login"),
        );
    }

    let address_field = |problems: &mut Vec<Error>, text: &str, location: Location, what: &str| -> Option<Address> {
        let parsed = parse_address(text);
        if parsed.is_none() {
            problems.push(
                Error::input(format!("`{}` is not an email address", text.trim()))
                    .at(location)
                    .hint(format!("write {what} like frontdesk@example.com")),
            );
        }
        parsed
    };

    let from = match &raw.from {
        None => {
            problems.push(
                Error::input("`from:` is missing: who the emails come from")
                    .at(file())
                    .hint("add `from:` with `name:` (the clinic) and `address:` (an address your mail account may send from)"),
            );
            None
        }
        Some(f) => {
            let name = f.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
            if let Some(n) = &name {
                if n.contains(['\n', '\r']) {
                    problems.push(
                        Error::input("the sender's name is on more than one line")
                            .at(checks::locate(source, &[Seg::Key("from"), Seg::Key("name")]))
                            .hint("write it on one line"),
                    );
                }
            }
            match f.address.as_deref() {
                None => {
                    problems.push(
                        Error::input("`from:` has no `address:`")
                            .at(at("from"))
                            .hint("add `address:`, for example frontdesk@example.com (an address your mail account may send from)"),
                    );
                    None
                }
                Some(a) => address_field(
                    &mut problems,
                    a,
                    checks::locate(source, &[Seg::Key("from"), Seg::Key("address")]),
                    "the sender's address",
                )
                .map(|address| Mailbox::new(name, address)),
            }
        }
    };
    let reply_to = raw
        .reply_to
        .as_deref()
        .and_then(|a| address_field(&mut problems, a, at("reply_to"), "the reply address"))
        .map(|a| Mailbox::new(None, a));
    let bcc = raw
        .bcc
        .as_deref()
        .and_then(|a| address_field(&mut problems, a, at("bcc"), "the clinic's copy address"))
        .map(|a| Mailbox::new(None, a));

    let mut templates = BTreeMap::new();
    for (code, text) in raw.templates.iter().flatten() {
        let Some(known) = crate::i18n::codes().into_iter().find(|c| c.eq_ignore_ascii_case(code.trim())) else {
            let codes = crate::i18n::codes();
            let hint = match did_you_mean(code, codes.iter().copied()) {
                Some(close) => format!("did you mean `{close}`? the languages are {}", codes.join(", ")),
                None => format!("write the templates under a language code: {}", codes.join(", ")),
            };
            problems.push(
                Error::input(format!("unknown language `{code}` in `templates:`"))
                    .at(checks::key_location(source, at("templates"), code))
                    .hint(hint),
            );
            continue;
        };
        let mut custom = CustomText::default();
        for (value, key, slot) in [(&text.subject, "subject", &mut custom.subject), (&text.body, "body", &mut custom.body)] {
            let Some(value) = value else { continue };
            let location = checks::locate(source, &[Seg::Key("templates"), Seg::Key(known), Seg::Key(key)]);
            let what = format!("the {key} ({known})");
            if key == "subject" && value.trim().contains('\n') {
                problems.push(Error::input(format!("{what} is on more than one line")).at(location).hint("a subject is one line"));
                continue;
            }
            if value.trim().is_empty() {
                problems.push(
                    Error::input(format!("{what} is empty"))
                        .at(location)
                        .hint("write the text, or remove the line to use the built-in one"),
                );
                continue;
            }
            match Template::parse(value.trim_end(), &what) {
                Ok(t) => *slot = Some(t),
                Err(e) => problems.push(e.at(location)),
            }
        }
        templates.insert(known, custom);
    }

    let rate = match &raw.rate {
        None => Rate::PerMinute(DEFAULT_RATE),
        Some(Scalar(r)) if r.trim().eq_ignore_ascii_case("unlimited") => Rate::Unlimited,
        Some(Scalar(r)) => match r.trim().parse::<u32>() {
            Ok(n) if (1..=10_000).contains(&n) => Rate::PerMinute(n),
            _ => {
                problems.push(Error::input(format!("`{r}` is not a number of messages a minute")).at(at("rate")).hint(format!(
                    "write a whole number from 1 to 10000 (default {DEFAULT_RATE}), or `unlimited` for a server of your own"
                )));
                Rate::PerMinute(DEFAULT_RATE)
            }
        },
    };
    let timeout = match &raw.timeout {
        None => DEFAULT_TIMEOUT,
        Some(Scalar(t)) => match crate::model::dosage::seconds(t, 1, 600) {
            Ok(amount) if amount.min == amount.max => Duration::from_secs(u64::from(amount.min)),
            Ok(_) => {
                problems.push(
                    Error::input(format!("`{t}` is a range; the timeout is one length of time"))
                        .at(at("timeout"))
                        .hint("write it like 30s"),
                );
                DEFAULT_TIMEOUT
            }
            Err(why) => {
                problems.push(
                    Error::input(format!("`{t}` is not a valid timeout: {why}"))
                        .at(at("timeout"))
                        .hint("write it like 30s or 1 min (at most 10 min)"),
                );
                DEFAULT_TIMEOUT
            }
        },
    };

    let ca_file = raw.ca_file.as_deref().and_then(|p| {
        let path = base.join(p.trim());
        let location = at("ca_file");
        match checks::read_file(&path, "certificate file", &location) {
            Err(e) => {
                problems.push(e);
                None
            }
            Ok(pem) if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") => {
                problems.push(Error::input(format!("{} holds no certificate in PEM form", path.display())).at(location).hint(
                    "give the certificate authority's certificate as a .pem or .crt file that starts with -----BEGIN CERTIFICATE-----",
                ));
                None
            }
            Ok(pem) => Some(CaBundle { path, pem }),
        }
    });

    // In the order they stand in the file; what is missing from the whole file first.
    problems.sort_by_key(|e| e.location.as_ref().map(|l| (l.line.unwrap_or(0), l.column.unwrap_or(0))));
    if let Some(p) = Problems::new(problems) {
        return Err(p);
    }
    let from = from.expect("a missing or bad sender is a problem");
    Ok(MailSettings {
        path: source.path.clone(),
        host,
        port,
        security,
        username,
        password,
        from,
        reply_to,
        bcc,
        templates,
        rate,
        timeout,
        ca_file,
        protect: raw.protect.unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> std::result::Result<MailSettings, Vec<String>> {
        from_source(&Source::new("mail.yaml", text)).map_err(|p| p.iter().map(|e| e.to_string()).collect())
    }

    const GOOD: &str = "host: smtp.example.com\nusername: desk@example.com\nfrom:\n  name: Riverside Physio\n  address: desk@example.com\n";

    #[test]
    fn the_starter_is_valid() {
        let s = parse(STARTER).unwrap();
        assert_eq!((s.host.as_str(), s.port, s.security), ("smtp.office365.com", 587, Security::StartTls));
    }

    #[test]
    fn defaults() {
        let s = parse(GOOD).unwrap();
        assert_eq!((s.port, s.security, s.rate, s.timeout), (587, Security::StartTls, Rate::PerMinute(20), DEFAULT_TIMEOUT));
        assert_eq!(s.password, Some(PasswordSource::Env(DEFAULT_PASSWORD_ENV.into())));
        assert_eq!(s.from.to_string(), "Riverside Physio <desk@example.com>");
        assert_eq!(Rate::PerMinute(20).interval(), Some(Duration::from_secs(3)));
        assert!(!s.protect);
    }

    #[test]
    fn security_none_only_here() {
        let e = parse("host: smtp.example.com\nsecurity: none\nfrom: {address: a@example.com}\n").unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("mail.yaml:2:11: `security: none` would send"), "{e:?}");
        let s = parse("host: 127.0.0.1\nport: 2525\nsecurity: none\nfrom: {address: a@example.com}\n").unwrap();
        assert_eq!((s.port, s.security, s.username, s.password), (2525, Security::None, None, None));
    }

    #[test]
    fn every_problem_at_its_line() {
        let e = parse("host: smtp.example.com\nport: 99999\nsecurity: startls\nfrom:\n  address: desk@\nrate: fast\ntimeout: 1h\n")
            .unwrap_err();
        let firsts: Vec<&str> = e.iter().map(|l| l.lines().next().unwrap()).collect();
        assert_eq!(
            firsts,
            [
                "mail.yaml:2:7: `99999` is not a port number",
                "mail.yaml:3:11: unknown security `startls`",
                "mail.yaml:5:12: `desk@` is not an email address",
                "mail.yaml:6:7: `fast` is not a number of messages a minute",
                "mail.yaml:7:10: `1h` is not a valid timeout: unknown unit `h`; use s or min",
            ]
        );
        assert!(e[1].contains("did you mean `starttls`?"));
    }

    #[test]
    fn unknown_fields_suggest() {
        let e = parse("host: smtp.example.com\npasword_env: X\n").unwrap_err();
        assert!(e[0].contains("unknown field `pasword_env`") && e[0].contains("did you mean `password_env`?"), "{e:?}");
    }

    #[test]
    fn templates_per_language() {
        let s = parse(&format!("{GOOD}templates:\n  es:\n    subject: \"Hola {{patient}}\"\n")).unwrap();
        assert!(s.templates["es"].subject.is_some() && s.templates["es"].body.is_none());
        let e = parse(&format!("{GOOD}templates:\n  fr:\n    subject: Bonjour\n  en:\n    body: \"Hi {{dob}}\"\n")).unwrap_err();
        assert!(e.iter().any(|e| e.starts_with("mail.yaml:7:3: unknown language `fr` in `templates:`")), "{e:?}");
        assert!(e.iter().any(|e| e.starts_with("mail.yaml:10:11: unknown field `{dob}` in the body (en)")), "{e:?}");
    }

    #[test]
    fn addresses() {
        assert!(parse_address("jane@example.com").is_some());
        assert!(parse_address(" jane.doe+rx@mail.example.co.uk ").is_some());
        for bad in ["jane", "jane@", "@example.com", "jane@example", "jane doe@example.com", "Jane <jane@example.com>", "a@b.com,c@d.com"] {
            assert!(parse_address(bad).is_none(), "{bad}");
        }
    }
}
