//! The batch report (`--report r.csv` or `r.json`): one line or object per roster row. With
//! `--email`, each row also says what became of its email.

use crate::error::{Error, Result};
use crate::mail::Deliveries;

use super::{Status, Summary};

/// The email columns of the report.
const EMAIL_COLUMNS: [&str; 4] = ["email_status", "email_detail", "message_id", "sent_at"];

/// The report as CSV: one line per roster row.
pub fn report_csv(summary: &Summary, emails: Option<&Deliveries>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::failure(format!("cannot write the report: {e}"));
    let mut header = vec!["row", "patient", "email", "status", "output", "pages", "bytes", "error", "hint"];
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
        w.write_record(&record).map_err(fail)?;
    }
    w.into_inner().map_err(|e| Error::failure(format!("cannot write the report: {e}")))
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
        }
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
