//! The batch report (`--report r.csv` or `r.json`): one line or object per roster row. With
//! `--email`, each row also says what became of its email.

use std::path::Path;

use crate::error::{Error, Result};
use crate::mail::Deliveries;

use super::{Status, Summary};

/// The email columns of the report.
const EMAIL_COLUMNS: [&str; 4] = ["email_status", "email_detail", "message_id", "sent_at"];

/// Whether the file at `path` is a report handout wrote (CSV: its header line; JSON: its
/// top-level keys), which a new report may replace.
pub fn is_report(path: &Path) -> bool {
    let Ok(bytes) = crate::load::read_limited(path, 256 << 20) else { return false };
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    if let Ok(serde_json::Value::Object(doc)) = serde_json::from_slice::<serde_json::Value>(text) {
        let known = ["written", "skipped", "failed", "not_started", "stopped", "rows", "email"];
        return ["written", "failed", "rows"].iter().all(|k| doc.contains_key(*k)) && doc.keys().all(|k| known.contains(&k.as_str()));
    }
    let first = text.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    let plain = HEADER.join(",");
    let with_email = format!("{plain},{}", EMAIL_COLUMNS.join(","));
    first == plain.as_bytes() || first == with_email.as_bytes()
}

/// The report's columns.
const HEADER: [&str; 9] = ["row", "patient", "email", "status", "output", "pages", "bytes", "error", "hint"];

/// The report as CSV: one line per roster row.
pub fn report_csv(summary: &Summary, emails: Option<&Deliveries>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::failure(format!("cannot write the report: {e}"));
    let mut header = HEADER.to_vec();
    if emails.is_some() {
        header.extend(EMAIL_COLUMNS);
    }
    w.write_record(&header).map_err(fail)?;
    for r in &summary.rows {
        let opt = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        let mut record = vec![
            r.row.to_string(),
            r.patient.clone(),
            r.email.clone(),
            r.status.name().to_string(),
            r.output.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
            opt(r.pages),
            opt(r.bytes),
            r.error.as_ref().map(|e| e.message.clone()).unwrap_or_default(),
            r.error.as_ref().and_then(|e| e.hint.clone()).unwrap_or_default(),
        ];
        if let Some(emails) = emails {
            let d = emails.get(r.row);
            record.extend([
                d.map(|d| d.status.name().to_string()).unwrap_or_default(),
                d.map(|d| d.detail.clone()).unwrap_or_default(),
                d.and_then(|d| d.message_id.clone()).unwrap_or_default(),
                d.and_then(|d| d.sent_at.clone()).unwrap_or_default(),
            ]);
        }
        let record: Vec<String> = record.into_iter().map(inert).collect();
        w.write_record(&record).map_err(fail)?;
    }
    w.into_inner().map_err(|e| Error::failure(format!("cannot write the report: {e}")))
}

/// A CSV cell that a spreadsheet shows as text: a cell that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return would be read as a formula (a patient named
/// `=HYPERLINK("http://...")` runs when the report is opened), so it gets a leading `'`, as
/// OWASP recommends. The JSON report keeps the exact text.
pub fn inert(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The report as JSON: counts, then one object per roster row.
pub fn report_json(summary: &Summary, emails: Option<&Deliveries>) -> Result<Vec<u8>> {
    use serde_json::{json, Value};
    let rows: Vec<Value> = summary
        .rows
        .iter()
        .map(|r| {
            let mut row = json!({
                "row": r.row,
                "patient": r.patient,
                "email": r.email,
                "status": r.status.name(),
                "output": r.output.as_ref().map(|p| p.display().to_string()),
                "pages": r.pages,
                "bytes": r.bytes,
                "error": r.error.as_ref().map(|e| e.message.clone()),
                "hint": r.error.as_ref().and_then(|e| e.hint.clone()),
            });
            if let Some(d) = emails.and_then(|e| e.get(r.row)) {
                row["email_status"] = json!(d.status.name());
                row["email_detail"] = json!(d.detail);
                row["message_id"] = json!(d.message_id);
                row["sent_at"] = json!(d.sent_at);
            }
            row
        })
        .collect();
    let mut doc = json!({
        "written": summary.count(Status::Written),
        "skipped": summary.count(Status::Skipped),
        "failed": summary.count(Status::Failed),
        "not_started": summary.count(Status::NotStarted),
        "stopped": summary.stopped,
        "rows": rows,
    });
    if let Some(e) = emails {
        use crate::mail::MailStatus;
        doc["email"] = json!({
            "dry_run": e.dry_run,
            "emailed": e.count(MailStatus::Emailed),
            "saved": e.count(MailStatus::Saved),
            "skipped": e.count(MailStatus::Skipped),
            "failed": e.count(MailStatus::Failed),
        });
    }
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::failure(format!("cannot write the report: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::RowReport;

    fn summary() -> Summary {
        Summary {
            rows: vec![
                RowReport {
                    row: 2,
                    patient: "Shah, Priya".into(),
                    email: "p@example.com".into(),
                    status: Status::Written,
                    output: Some("out/a.pdf".into()),
                    pages: Some(3),
                    bytes: Some(51_234),
                    error: None,
                },
                RowReport {
                    row: 3,
                    patient: "Bo".into(),
                    email: String::new(),
                    status: Status::Failed,
                    output: None,
                    pages: None,
                    bytes: None,
                    error: Some(Error::input("date: `x` is not a valid date").hint("write it, as YYYY-MM-DD")),
                },
            ],
            warnings: Vec::new(),
            stopped: false,
        }
    }

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_neutralised_in_csv_only() {
        let mut s = summary();
        s.rows[0].patient = "=HYPERLINK(\"http://x.example\",\"x\")".into();
        s.rows[1].patient = "-2+3".into();
        s.rows[1].email = "@SUM(A1)".into();
        let csv = String::from_utf8(report_csv(&s, None).unwrap()).unwrap();
        assert!(csv.contains("\n2,\"'=HYPERLINK(\"\"http://x.example\"\",\"\"x\"\")\",p@example.com,"), "{csv}");
        assert!(csv.contains("\n3,'-2+3,'@SUM(A1),failed,"), "{csv}");
        for plain in ["Zoë", "O'Brien", "", "12", " =x"] {
            assert_eq!(inert(plain.to_string()), plain);
        }
        for risky in ["+1", "\tx", "\rx", "=1", "-", "@"] {
            assert_eq!(inert(risky.to_string()), format!("'{risky}"));
        }
        let json = String::from_utf8(report_json(&s, None).unwrap()).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["rows"][0]["patient"], "=HYPERLINK(\"http://x.example\",\"x\")");
        assert_eq!(parsed["rows"][1]["email"], "@SUM(A1)");
    }

    #[test]
    fn previous_reports_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("r.csv");
        std::fs::write(&csv, report_csv(&summary(), None).unwrap()).unwrap();
        let json = dir.path().join("r.json");
        std::fs::write(&json, report_json(&summary(), None).unwrap()).unwrap();
        assert!(is_report(&csv) && is_report(&json));
        let other = dir.path().join("program.json");
        std::fs::write(&other, "{\"title\": \"Hip\", \"exercises\": [\"bridge\"]}").unwrap();
        let notes = dir.path().join("notes.csv");
        std::fs::write(&notes, "row,patient\n1,Jane\n").unwrap();
        assert!(!is_report(&other) && !is_report(&notes) && !is_report(&dir.path().join("missing.csv")));
    }

    #[test]
    fn csv_report_bytes() {
        let csv = String::from_utf8(report_csv(&summary(), None).unwrap()).unwrap();
        assert_eq!(
            csv,
            "row,patient,email,status,output,pages,bytes,error,hint\n\
             2,\"Shah, Priya\",p@example.com,written,out/a.pdf,3,51234,,\n\
             3,Bo,,failed,,,,date: `x` is not a valid date,\"write it, as YYYY-MM-DD\"\n"
        );
    }

    #[test]
    fn json_report_bytes() {
        let json = String::from_utf8(report_json(&summary(), None).unwrap()).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!((parsed["written"].as_u64(), parsed["skipped"].as_u64(), parsed["failed"].as_u64()), (Some(1), Some(0), Some(1)));
        assert_eq!(parsed["rows"][0]["output"], "out/a.pdf");
        assert_eq!(parsed["rows"][1]["output"], serde_json::Value::Null);
        assert_eq!(parsed["rows"][1]["hint"], "write it, as YYYY-MM-DD");
        assert!(json.ends_with("}\n") && json.contains("\n  \"rows\": ["), "{json}");
    }
}
