//! `handout init`: a starter brand and prescription to copy from.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::write::{Existing, Target};

pub const STARTER_BRAND: &str = r##"# Your clinic's brand. Paths are relative to this file.
name: Your Clinic Name
# logo: logo.png                 # PNG, JPEG or SVG
colors:
  primary: "#1F5F8B"             # headings, rules, card accents (dark enough to read on white)
  accent: "#E07A2E"
phone: (555) 010-0000
email: frontdesk@example.com
website: https://www.example.com
address: 1 Example Street, Example Town
# booking_url: https://www.example.com/book   # prints a "Book your next visit" QR code
footer: Questions about your exercises? Call us.
"##;

pub const STARTER_PRESCRIPTION: &str = r##"# A home exercise program for one patient. `handout list` shows every exercise id.
title: Hip and lower back program
patient: Jane Doe
date: 2026-11-21
clinician: Alex Rivera, PT
brand: brand.yaml
paper: a4                        # a4 | letter
notes: Do these once a day. Stop and call us if anything hurts more than a mild stretch.
exercises:
  - bridge                       # a bare id takes the library's dosage
  - id: hip-flexor-stretch       # or override hold, reps, sets, sides, frequency, rest
    hold: 30s
    reps: 3
    sides: each
    notes: Keep your back straight.
  - pelvic-tilt
"##;

const HINT: &str = "run `handout init` in an empty folder, or rename the existing file";

/// `handout init`: writes a starter brand and prescription into `dir`, refusing to overwrite.
/// Everything is checked before anything is written, and if the second file cannot be
/// written the first is removed again: both or neither.
pub fn init(dir: &Path) -> Result<String> {
    let files = [("brand.yaml", STARTER_BRAND), ("prescription.yaml", STARTER_PRESCRIPTION)];
    for (name, _) in files {
        refuse_existing(&here(dir, name), HINT)?;
    }
    let mut written: Vec<PathBuf> = Vec::new();
    for (name, text) in files {
        let path = here(dir, name);
        if let Err(e) = crate::write::write_atomic(&path, text.as_bytes(), Existing::Keep(HINT)) {
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            return Err(e);
        }
        written.push(path);
    }
    Ok("wrote brand.yaml and prescription.yaml; edit them, then run: handout render prescription.yaml".to_string())
}

/// `dir/name`, shown as `name` in the current folder.
fn here(dir: &Path, name: &str) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(name)
    } else {
        dir.join(name)
    }
}

/// Anything at `path`, even a link to nowhere, is kept.
fn refuse_existing(path: &Path, hint: &str) -> Result<()> {
    match Target::of(path) {
        Target::Missing => Ok(()),
        Target::Dangling(to) => Err(Error::input(format!(
            "{} already exists (a link to {}, which does not exist); nothing was written",
            path.display(),
            to.display()
        ))
        .hint(hint.to_string())),
        _ => Err(Error::input(format!("{} already exists; nothing was written", path.display())).hint(hint.to_string())),
    }
}

/// `handout init --mail`: writes a commented starter `mail.yaml` into `dir`, refusing to overwrite.
pub fn init_mail(dir: &Path) -> Result<String> {
    let path = here(dir, "mail.yaml");
    let hint = "rename the existing mail.yaml, or edit it";
    refuse_existing(&path, hint)?;
    crate::write::write_atomic(&path, crate::mail::settings::STARTER.as_bytes(), Existing::Keep(hint))?;
    Ok("wrote mail.yaml; fill in your mail server, then run: handout check mail.yaml".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path()).unwrap();
        assert!(dir.path().join("brand.yaml").is_file() && dir.path().join("prescription.yaml").is_file());
        let e = init(dir.path()).unwrap_err();
        assert!(e.message.ends_with("brand.yaml already exists; nothing was written"), "{}", e.message);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_nowhere_counts_as_there_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("nowhere.yaml", dir.path().join("prescription.yaml")).unwrap();
        let e = init(dir.path()).unwrap_err();
        assert!(
            e.message.ends_with("prescription.yaml already exists (a link to nowhere.yaml, which does not exist); nothing was written"),
            "{}",
            e.message
        );
        assert!(!dir.path().join("brand.yaml").exists());
    }
}
