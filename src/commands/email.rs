//! `--email`: after `batch` or `render` has written the handouts, one email per patient through
//! the transport the binary passes in. Works out for each row whether it is sent (an address,
//! not opted out, not already in the ledger), what it says (the language's or the clinic's
//! templates, the clinic's signature), and with which password it is protected.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use lettre::message::Mailbox;

use crate::batch::{Column, Roster, Status, Summary};
use crate::error::{Error, Location, Result, Warning};
use crate::load::{Origin, Overrides};
use crate::mail::protect::{self, Codes};
use crate::mail::send::Skip;
use crate::mail::settings::parse_address;
use crate::mail::template::Fields;
use crate::mail::{send_all, Clock, Deliveries, Delivery, Ledger, MailSettings, MailStatus, Parcel, Transport, Watch};
use crate::model::{Date, Handout};
use crate::resolve::Loader;
use crate::stop::Stop;
use crate::Caches;

/// How to email, and through what. The binary makes it: the settings it read, the transport
/// (SMTP, or `DryRun`), its clock, and where progress goes.
pub struct Mailing<'a> {
    pub settings: &'a MailSettings,
    pub transport: &'a mut dyn Transport,
    pub clock: &'a dyn Clock,
    pub watch: &'a dyn Watch,
    /// Send even what the ledger says was sent.
    pub resend: bool,
    /// Encrypt the attachments (`protect: true` or `--protect`).
    pub protect: bool,
    /// Once set (Ctrl-C, SIGTERM), no new message is sent.
    pub stop: &'a Stop,
}

/// What emailing did, beside the deliveries: warnings (weak passwords) and where the generated
/// passwords were written.
#[derive(Debug, Default)]
pub struct Emailed {
    pub deliveries: Deliveries,
    pub warnings: Vec<Warning>,
    pub codes_file: Option<PathBuf>,
    /// One handout (`render --email`): the closing line names it.
    single: bool,
}

impl Emailed {
    /// Errors to print: the failed rows' (the row that stopped the run holds why it stopped;
    /// the rows never tried after it are in the report only).
    pub fn errors(&self) -> Vec<Error> {
        self.deliveries.rows.iter().filter_map(|d| d.error.clone()).collect()
    }

    /// The closing lines: the count, and the passwords file if one was written.
    pub fn lines(&self) -> String {
        let mut line = match (self.single, self.deliveries.rows.as_slice()) {
            (true, [d]) => match d.status {
                MailStatus::Emailed => format!("emailed it to {}", d.address),
                MailStatus::Saved => format!("wrote {} (dry run: nothing was sent)", d.detail),
                MailStatus::Skipped => format!("not emailed to {}: {}", d.address, d.detail),
                MailStatus::Failed => format!("not emailed to {}", d.address),
            },
            _ => self.deliveries.line(),
        };
        if let Some(path) = &self.codes_file {
            line.push_str(&format!("\nPDF passwords for the front desk to give by phone: {} (keep it private)", path.display()));
        }
        line
    }
}

/// Emails the handouts of a batch, in roster order.
pub fn email_batch(
    loader: &Loader,
    caches: &Caches,
    roster: &Roster,
    summary: &Summary,
    out_dir: &Path,
    mailing: &mut Mailing<'_>,
) -> Result<Emailed> {
    let mut ledger = Ledger::open(out_dir)?;
    let mut codes = if mailing.protect { Some(Codes::open(out_dir)?) } else { None };
    let codes_before = codes.as_ref().map(Codes::len);
    let mut emailed = Emailed::default();
    let mut settled: Vec<Delivery> = Vec::new();
    let mut parcels = Vec::new();
    let base = roster.path.parent().unwrap_or(Path::new("")).to_path_buf();
    for (index, report) in summary.rows.iter().enumerate() {
        let row = report.row;
        let address_text = report.email.trim().to_string();
        let cell = |column: Column, e: Error| Origin::Cell { roster: roster.path.clone(), row, column: column.name() }.blame(e);
        // The summary has one report per roster row, in roster order.
        let found = (index < roster.len()).then(|| roster.row(index)).filter(|r| r.number == row);
        let cells = match found.as_ref().map(|r| r.cells.as_ref()) {
            Some(Ok(cells)) => cells,
            _ => {
                settled.push(Delivery::skipped(row, &address_text, Skip::NoHandout, "the row could not be read"));
                continue;
            }
        };
        let output = match (&report.status, &report.output) {
            (Status::NotStarted, _) => {
                settled.push(Delivery::skipped(row, &address_text, Skip::Stopped, crate::mail::send::STOPPED));
                continue;
            }
            (Status::Written | Status::Skipped, Some(path)) if path.is_file() => path.clone(),
            _ => {
                settled.push(Delivery::skipped(row, &address_text, Skip::NoHandout, "no handout was made for this row"));
                continue;
            }
        };
        match send_cell(&cells.send) {
            Ok(true) => {}
            Ok(false) => {
                settled.push(Delivery::skipped(row, &address_text, Skip::OptedOut, "opted out: `send` is `no` in the roster"));
                continue;
            }
            Err(e) => {
                settled.push(Delivery::failed(row, &address_text, cell(Column::Send, e)));
                continue;
            }
        }
        if address_text.is_empty() {
            settled.push(Delivery::skipped(row, "", Skip::NoAddress, "no email address in the roster"));
            continue;
        }
        let Some(address) = parse_address(&address_text) else {
            let e = Error::input(format!("`{address_text}` is not an email address"))
                .hint("write it like jane.doe@example.com; this patient was not emailed, the others were");
            settled.push(Delivery::failed(row, &address_text, cell(Column::Email, e)));
            continue;
        };
        let prescription = base.join(&cells.prescription);
        let handout = match loader.load(&caches.resolve, &prescription, &cells.overrides(&roster.path, row)) {
            Ok((h, _)) => h,
            Err(p) => {
                settled.push(Delivery::failed(
                    row,
                    &address_text,
                    crate::batch::plan::at_row(&roster.path, row, Some(Column::Prescription), p.into_first()),
                ));
                continue;
            }
        };
        let password = match codes.as_mut() {
            None => None,
            Some(_) if !cells.pdf_password.is_empty() => {
                if let Some(why) = protect::weakness(&cells.pdf_password) {
                    emailed.warnings.push(
                        Warning::new(format!("pdf_password: the password {why}; leave the cell empty to have a strong one made"))
                            .at(Some(Location { file: roster.path.clone(), line: Some(row), column: None })),
                    );
                }
                Some(cells.pdf_password.clone())
            }
            Some(codes) => {
                let file = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                Some(codes.code_for(row, handout.patient.as_deref().unwrap_or(""), address.as_ref(), &file)?)
            }
        };
        match parcel(mailing, &handout, row, address, output, password) {
            Ok(p) => parcels.push(p),
            Err(e) => settled.push(Delivery::failed(row, &address_text, e)),
        }
    }
    if let (Some(codes), Some(before)) = (&codes, codes_before) {
        if codes.len() != before {
            codes.save()?;
        }
        if !codes.is_empty() {
            emailed.codes_file = Some(codes.path().to_path_buf());
        }
    }
    let mut sent =
        send_all(mailing.settings, parcels, &mut ledger, mailing.transport, mailing.clock, mailing.resend, mailing.watch, mailing.stop);
    for d in &settled {
        mailing.watch.delivered(d);
    }
    sent.rows.extend(settled);
    sent.rows.sort_by_key(|d| d.row);
    for d in sent.rows.iter().filter(|d| d.skip == Some(Skip::ChangedSince)) {
        emailed.warnings.push(
            Warning::new(format!("the handout for {} was not emailed again: {}", d.address, d.detail)).at(Some(Location {
                file: roster.path.clone(),
                line: Some(d.row),
                column: None,
            })),
        );
    }
    emailed.deliveries = sent;
    Ok(emailed)
}

/// Emails one handout (`handout render ... --email ADDRESS`). The ledger and any generated
/// password go beside the PDF.
pub fn email_one(
    loader: &Loader,
    caches: &Caches,
    prescription: &Path,
    overrides: &Overrides,
    pdf: &Path,
    address: &str,
    mailing: &mut Mailing<'_>,
) -> Result<Emailed> {
    let flag = Origin::Flag("--email");
    let Some(parsed) = parse_address(address) else {
        return Err(
            flag.blame(Error::input(format!("`{}` is not an email address", address.trim())).hint("write it like jane.doe@example.com"))
        );
    };
    let dir = match pdf.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut ledger = Ledger::open(&dir)?;
    let (handout, _) = loader.load(&caches.resolve, prescription, overrides).map_err(|p| p.into_first())?;
    let mut emailed = Emailed::default();
    let password = if mailing.protect {
        let mut codes = Codes::open(&dir)?;
        let file = pdf.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let code = codes.code_for(1, handout.patient.as_deref().unwrap_or(""), parsed.as_ref(), &file)?;
        codes.save()?;
        emailed.codes_file = Some(codes.path().to_path_buf());
        Some(code)
    } else {
        None
    };
    let parcel = parcel(mailing, &handout, 1, parsed, pdf.to_path_buf(), password)?;
    let sent = send_all(mailing.settings, vec![parcel], &mut ledger, mailing.transport, mailing.clock, mailing.resend, &(), mailing.stop);
    emailed.single = true;
    emailed.deliveries = sent;
    Ok(emailed)
}

/// `send`: empty or yes sends, no opts out.
fn send_cell(text: &str) -> Result<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        other => Err(Error::input(format!("`{other}` is not yes or no"))
            .hint("write `no` to leave this patient out of the emails, or leave the cell empty")),
    }
}

/// One patient's message: who, what it says, what it carries.
fn parcel(
    mailing: &Mailing<'_>,
    handout: &Handout,
    row: usize,
    address: lettre::Address,
    output: PathBuf,
    password: Option<String>,
) -> Result<Parcel> {
    let settings = mailing.settings;
    let patient = handout.patient.clone().unwrap_or_default();
    if patient.trim().is_empty() {
        return Err(Error::input("the handout has no patient's name, which the email greets")
            .hint("give the patient's name in the prescription (`patient:`) or the roster"));
    }
    let language = &handout.language;
    let labels = language.labels();
    let today = || {
        let secs = mailing.clock.now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or(Duration::ZERO).as_secs() as i64;
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    };
    let date = crate::layout::wording::date(labels, handout.date.unwrap_or_else(today));
    let clinic =
        handout.brand.name.clone().or_else(|| settings.from.name.clone()).unwrap_or_else(|| settings.from.email.domain().to_string());
    let fields = Fields { patient: patient.clone(), clinician: handout.clinician.clone().unwrap_or_default(), clinic, date };
    let (subject, body) = settings.templates_for(&language.code, &language.file.mail)?;
    let mut text = body.fill(&fields).trim_end().to_string();
    if password.is_some() {
        text.push_str("\n\n");
        text.push_str(language.file.mail.protected.trim());
    }
    if let Some(signature) = signature(handout) {
        text.push_str("\n\n-- \n");
        text.push_str(&signature);
    }
    Ok(Parcel {
        row,
        patient: patient.clone(),
        to: Mailbox::new(Some(patient), address),
        subject: subject.fill(&fields).trim().to_string(),
        body: text,
        handout: output,
        password,
    })
}

/// The clinic's signature from the brand: name, address, phone and email, website.
fn signature(handout: &Handout) -> Option<String> {
    let b = &handout.brand;
    let contact: Vec<&str> = [b.phone.as_deref(), b.email.as_deref()].into_iter().flatten().collect();
    let lines: Vec<String> = [b.name.clone(), b.address.clone(), (!contact.is_empty()).then(|| contact.join(" · ")), b.website.clone()]
        .into_iter()
        .flatten()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}
