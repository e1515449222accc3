//! The mail password: from an environment variable (which the binary reads and hands over) or
//! from a command, as msmtp's `passwordeval` does. It is never in `mail.yaml`, never on the
//! command line, and never printed.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

use super::settings::{MailSettings, PasswordSource};
use super::smtp::Password;

/// The password the settings call for, or `None` when the server takes no login. `env` looks
/// up an environment variable (the library does not read the environment itself).
pub fn obtain(settings: &MailSettings, env: &dyn Fn(&str) -> Option<String>) -> Result<Option<Password>> {
    let Some(source) = &settings.password else { return Ok(None) };
    let file = settings.path.display();
    match source {
        PasswordSource::Env(name) => match env(name) {
            Some(p) if !p.is_empty() => Ok(Some(Password::new(p))),
            _ => Err(Error::input(format!("the mail password is not set: the environment variable {name} is empty or missing")).hint(format!(
                "set it before running handout (for example `read -s {name} && export {name}`), or name a command that prints it with `password_command:` in {file}"
            ))),
        },
        PasswordSource::Command(command) => run(command, &file.to_string()),
    }
}

/// How long the password command may take: long enough to type a passphrase into a prompt
/// (pinentry, a password manager), short enough that a command that hangs does not hold the
/// run forever.
pub const COMMAND_LIMIT: Duration = Duration::from_secs(120);

/// Runs `sh -c command`; its standard output, without the line break at the end, is the password.
fn run(command: &str, file: &str) -> Result<Option<Password>> {
    run_within(command, file, COMMAND_LIMIT)
}

fn run_within(command: &str, file: &str, limit: Duration) -> Result<Option<Password>> {
    let hint = format!("run the command yourself to see what it prints; it is `password_command:` in {file}");
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(command).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // Its own process group, so a command that hangs is stopped with everything it started.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut shell, 0);
    let mut child = shell.spawn().map_err(|e| Error::failure(format!("cannot run the password command: {e}")).hint(hint.clone()))?;
    let stdout = child.stdout.take().map(read_all);
    let stderr = child.stderr.take().map(read_all);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                stop_group(&mut child);
                return Err(Error::input(format!(
                    "the password command did not finish within {} seconds, so it was stopped",
                    limit.as_secs()
                ))
                .hint(hint));
            }
            Err(e) => return Err(Error::failure(format!("cannot run the password command: {e}")).hint(hint)),
        }
    };
    let joined = |reader: Option<std::thread::JoinHandle<Vec<u8>>>| reader.and_then(|r| r.join().ok()).unwrap_or_default();
    let output = std::process::Output { status, stdout: joined(stdout), stderr: joined(stderr) };
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| format!(": {}", l.chars().take(200).collect::<String>()))
            .unwrap_or_default();
        let code = output.status.code().map_or_else(|| "it was stopped by a signal".to_string(), |c| format!("exit status {c}"));
        return Err(Error::input(format!("the password command failed ({code}){said}")).hint(hint));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| Error::input("the password command printed something that is not text").hint(hint.clone()))?;
    let password = text.trim_end_matches(['\n', '\r']);
    if password.is_empty() {
        return Err(Error::input("the password command printed nothing").hint(hint));
    }
    Ok(Some(Password::new(password)))
}

/// Reads at most 1 MB of a pipe, in a thread of its own (a command that fills one pipe while
/// the other is read would otherwise wait forever).
fn read_all(pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.take(1 << 20).read_to_end(&mut bytes);
        bytes
    })
}

/// Stops a command that took too long, and what it started.
fn stop_group(child: &mut Child) {
    #[cfg(unix)]
    if let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Source;

    fn settings(extra: &str) -> MailSettings {
        let text = format!("host: smtp.example.com\nusername: desk@example.com\nfrom: {{address: desk@example.com}}\n{extra}");
        super::super::settings::from_source(&Source::new("mail.yaml", text)).unwrap()
    }

    #[test]
    fn from_the_environment_given() {
        let s = settings("");
        let got = obtain(&s, &|name| (name == "HANDOUT_SMTP_PASSWORD").then(|| "s3cret".to_string())).unwrap();
        assert_eq!(got, Some(Password::new("s3cret")));
        let e = obtain(&s, &|_| None).unwrap_err();
        assert_eq!(e.message, "the mail password is not set: the environment variable HANDOUT_SMTP_PASSWORD is empty or missing");
        assert!(!format!("{got:?}").contains("s3cret"));
    }

    #[test]
    fn from_a_command() {
        let got = obtain(&settings("password_command: printf 'pa ss\\n'\n"), &|_| None).unwrap();
        assert_eq!(got, Some(Password::new("pa ss")));
        let e = obtain(&settings("password_command: echo locked >&2; exit 3\n"), &|_| None).unwrap_err();
        assert_eq!(e.message, "the password command failed (exit status 3): locked");
        let e = obtain(&settings("password_command: \"true\"\n"), &|_| None).unwrap_err();
        assert_eq!(e.message, "the password command printed nothing");
    }

    #[test]
    fn a_command_that_hangs_is_stopped_with_what_it_started() {
        let started = Instant::now();
        // The shell waits for a child that keeps the output pipe open.
        let e = run_within("sleep 30 & wait", "mail.yaml", Duration::from_millis(300)).unwrap_err();
        assert_eq!(e.message, "the password command did not finish within 0 seconds, so it was stopped");
        assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
        assert_eq!(COMMAND_LIMIT, Duration::from_secs(120));
    }
}
