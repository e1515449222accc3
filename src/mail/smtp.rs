//! The clinic's mail server, through lettre's blocking SMTP client over rustls. One connection
//! for the whole run (opened at the first message, opened again if the server drops it), with
//! each step told apart so that a failure says what failed: connecting, TLS, the login, the
//! sender, a recipient, or the message.

use std::fmt;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailParameter};

use crate::error::{Error, Result};

use super::settings::{MailSettings, Security};
use super::transport::{Accepted, Outgoing, Refusal, Transport};

/// A password, never shown.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn new(secret: impl Into<String>) -> Password {
        Password(secret.into())
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(hidden)")
    }
}

/// The SMTP transport.
pub struct Smtp {
    settings: MailSettings,
    credentials: Option<Credentials>,
    tls: Option<TlsParameters>,
    hello: ClientId,
    connection: Option<SmtpConnection>,
}

impl fmt::Debug for Smtp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Smtp").field("server", &self.settings.server()).finish_non_exhaustive()
    }
}

impl Smtp {
    /// A transport for `settings`; `password` is needed when the settings have a username.
    /// Nothing is connected until the first message.
    pub fn new(settings: &MailSettings, password: Option<Password>) -> Result<Smtp> {
        let credentials = match (&settings.username, password) {
            (Some(user), Some(p)) => Some(Credentials::new(user.clone(), p.0)),
            (Some(_), None) => return Err(Error::failure("a username is set but no password was given")),
            (None, _) => None,
        };
        let tls = match settings.security {
            Security::None => None,
            Security::StartTls | Security::Tls => {
                let mut builder = TlsParameters::builder(settings.host.clone());
                if let Some(ca) = &settings.ca_file {
                    let cert = Certificate::from_pem(&ca.pem).map_err(|e| {
                        Error::input(format!("cannot read the certificate in {}: {e}", ca.path.display()))
                            .hint("give the certificate authority's certificate in PEM form (it starts with -----BEGIN CERTIFICATE-----)")
                    })?;
                    builder = builder.add_root_certificate(cert);
                }
                Some(builder.build_rustls().map_err(|e| Error::failure(format!("cannot set up TLS: {e}")))?)
            }
        };
        Ok(Smtp {
            settings: settings.clone(),
            credentials,
            tls,
            hello: ClientId::Domain(settings.from.email.domain().to_string()),
            connection: None,
        })
    }

    fn fatal(&self, what: String, hint: String) -> Refusal {
        Refusal::Fatal(Error::failure(what).hint(hint))
    }

    /// Connects, secures and logs in.
    fn open(&self) -> std::result::Result<SmtpConnection, Refusal> {
        let s = &self.settings;
        let server = s.server();
        let implicit = match s.security {
            Security::Tls => self.tls.as_ref(),
            _ => None,
        };
        let mut conn = SmtpConnection::connect((s.host.as_str(), s.port), Some(s.timeout), &self.hello, implicit, None).map_err(|e| {
            if e.is_tls() {
                self.tls_failure(&e)
            } else if e.is_timeout() {
                self.fatal(
                    format!("cannot connect to the mail server {server}: no answer within {} s", s.timeout.as_secs()),
                    "check `host:` and `port:` in the mail settings, and that this computer can reach the server (a firewall may block the port)".into(),
                )
            } else if let Some(code) = e.status() {
                self.fatal(
                    format!("the mail server {server} refused the connection: {}", reply_of(&e, code)),
                    "try again later; if it keeps happening, ask your mail provider".into(),
                )
            } else {
                let plain_on_tls = s.security == Security::Tls && cause(&e).contains("response");
                let hint = if plain_on_tls {
                    "the server did not answer with TLS; if its port expects STARTTLS (usually 587), write `security: starttls`".to_string()
                } else {
                    "check `host:` and `port:` in the mail settings, and that the server is running and reachable from this computer".to_string()
                };
                self.fatal(format!("cannot connect to the mail server {server}: {}", cause(&e)), hint)
            }
        })?;
        if s.security == Security::StartTls {
            let Some(tls) = &self.tls else { unreachable!("STARTTLS always has TLS parameters") };
            if !conn.can_starttls() {
                conn.abort();
                return Err(self.fatal(
                    format!("the mail server {server} does not offer STARTTLS, and handout never sends a password or a handout unencrypted"),
                    "if the server expects TLS from the first byte (usually port 465), write `security: tls`; otherwise ask your mail provider for its secure settings".into(),
                ));
            }
            conn.starttls(tls, &self.hello).map_err(|e| self.tls_failure(&e))?;
        }
        if let Some(credentials) = &self.credentials {
            let user = s.username.clone().unwrap_or_default();
            match conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials) {
                Ok(_) => {}
                Err(e) if e.is_transient() => {
                    conn.abort();
                    return Err(Refusal::Temporary { reply: reply_or_cause(&e) });
                }
                Err(e) if !e.is_permanent() && !e.is_client() => {
                    conn.abort();
                    return Err(self.fatal(
                        format!("the connection to the mail server {server} broke during the login: {}", cause(&e)),
                        "try again later; if it keeps happening, check `timeout:` and ask whoever runs the server".into(),
                    ));
                }
                Err(e) => {
                    conn.abort();
                    let why = if e.is_client() && cause(&e).contains("No compatible authentication mechanism") {
                        "the server offers no login by password (AUTH PLAIN or LOGIN)".to_string()
                    } else {
                        reply_or_cause(&e)
                    };
                    return Err(self.fatal(
                        format!("the mail server {server} refused the login for {user}: {why}"),
                        format!("check `username:` and the password ({}); nothing more was tried, so the account is not locked by repeated attempts", self.password_place()),
                    ));
                }
            }
        }
        Ok(conn)
    }

    fn password_place(&self) -> String {
        match &self.settings.password {
            Some(super::settings::PasswordSource::Env(name)) => format!("in the environment variable {name}"),
            Some(super::settings::PasswordSource::Command(_)) => "printed by `password_command:`".to_string(),
            None => "none is set up".to_string(),
        }
    }

    fn tls_failure(&self, e: &lettre::transport::smtp::Error) -> Refusal {
        let server = self.settings.server();
        let why = cause(e);
        let hint = if why.contains("UnknownIssuer") || why.contains("invalid peer certificate") {
            "the server's certificate is not signed by an authority this computer trusts; if your organisation uses its own certificate authority, give its certificate with `ca_file:` in the mail settings"
        } else if why.contains("NotValidForName") || why.contains("name") {
            "the server's certificate is for another name; write `host:` exactly as the certificate names the server (your provider's documented SMTP host)"
        } else if why.contains("Expired") {
            "the server's certificate has expired; tell whoever runs the mail server"
        } else {
            "check `security:` and `port:` (starttls is usually port 587, tls port 465)"
        };
        self.fatal(format!("cannot make a secure (TLS) connection to the mail server {server}: {why}"), hint.to_string())
    }

    fn connection(&mut self) -> std::result::Result<&mut SmtpConnection, Refusal> {
        let usable = self.connection.as_mut().is_some_and(|c| !c.has_broken());
        if !usable {
            self.connection = None;
            self.connection = Some(self.open()?);
        }
        Ok(self.connection.as_mut().expect("just connected"))
    }
}

impl Transport for Smtp {
    fn send(&mut self, message: &Outgoing<'_>) -> std::result::Result<Accepted, Refusal> {
        let server = self.settings.server();
        let conn = self.connection()?;
        let envelope = message.envelope;
        let mut params = Vec::new();
        if envelope.to().iter().chain(envelope.from()).any(|a| !a.to_string().is_ascii()) {
            if !conn.server_info().supports_feature(Extension::SmtpUtfEight) {
                return Err(Refusal::Permanent {
                    reply: "the address has letters outside ASCII, which this server does not accept (no SMTPUTF8)".into(),
                });
            }
            params.push(MailParameter::SmtpUtfEight);
        }
        if let Err(e) = conn.command(Mail::new(envelope.from().cloned(), params)) {
            return Err(if e.is_transient() {
                reset(conn);
                Refusal::Temporary { reply: reply_or_cause(&e) }
            } else if e.is_permanent() {
                conn.abort();
                Refusal::Fatal(
                    Error::failure(format!(
                        "the mail server {server} refused the sender {}: {}",
                        self.settings.from.email,
                        reply_or_cause(&e)
                    ))
                    .hint("most servers send only from the account's own address or its aliases; check `from: address:`"),
                )
            } else {
                conn.abort();
                Refusal::Temporary { reply: cause(&e) }
            });
        }
        for to in envelope.to() {
            if let Err(e) = conn.command(Rcpt::new(to.clone(), Vec::new())) {
                let reply = format!("{to}: {}", reply_or_cause(&e));
                return Err(if e.is_permanent() {
                    reset(conn);
                    Refusal::Permanent { reply }
                } else if e.is_transient() {
                    reset(conn);
                    Refusal::Temporary { reply }
                } else {
                    conn.abort();
                    Refusal::Temporary { reply }
                });
            }
        }
        if let Err(e) = conn.command(Data) {
            let reply = reply_or_cause(&e);
            return Err(if e.is_permanent() {
                reset(conn);
                Refusal::Permanent { reply }
            } else {
                conn.abort();
                Refusal::Temporary { reply }
            });
        }
        match conn.message(message.bytes) {
            Ok(response) => {
                Ok(Accepted::Sent { reply: format!("{} {}", response.code(), response.message().collect::<Vec<_>>().join(" ")) })
            }
            Err(e) if e.is_permanent() => Err(Refusal::Permanent { reply: reply_or_cause(&e) }),
            Err(e) if e.is_transient() => Err(Refusal::Temporary { reply: reply_or_cause(&e) }),
            Err(e) => {
                conn.abort();
                Err(Refusal::Uncertain { reply: cause(&e) })
            }
        }
    }

    fn close(&mut self) {
        if let Some(mut c) = self.connection.take() {
            if !c.has_broken() {
                let _ = c.quit();
            }
        }
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        self.close();
    }
}

/// Starts the next message afresh after a refusal; a connection that cannot is dropped.
fn reset(conn: &mut SmtpConnection) {
    if conn.command(Rset).is_err() {
        conn.abort();
    }
}

/// The server's reply in an error: "550 5.1.1 No such user".
fn reply_of(e: &lettre::transport::smtp::Error, code: lettre::transport::smtp::response::Code) -> String {
    match std::error::Error::source(e) {
        Some(text) => format!("{code} {text}"),
        None => code.to_string(),
    }
}

fn reply_or_cause(e: &lettre::transport::smtp::Error) -> String {
    match e.status() {
        Some(code) => reply_of(e, code),
        None => cause(e),
    }
}

/// The innermost reason, in words: "Connection refused", "invalid peer certificate: UnknownIssuer".
fn cause(e: &lettre::transport::smtp::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = s.to_string();
        source = s.source();
    }
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
