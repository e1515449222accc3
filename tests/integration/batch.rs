//! `handout batch`: the real binary run in a temp dir on rosters, good and bad.

use crate::common::{Pdf, Sandbox};

const HEADER: &str = "patient,date,clinician,prescription,language,paper,notes,email\n";

fn files_in(s: &Sandbox, dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(s.join(dir))
        .expect("out dir exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn example_roster_makes_one_named_handout_per_patient() {
    let s = Sandbox::with_examples();
    let run = s.run(&["batch", "roster.csv", "--out-dir", "handouts"]);
    run.ok();
    assert!(run.stderr.ends_with("13 written, 0 failed\n"), "{}", run.stderr);
    assert!(run.stderr.contains("wrote handouts/2026-11-24-Zoë Łukasiewicz.pdf ("), "{}", run.stderr);
    let files = files_in(&s, "handouts");
    assert_eq!(files.len(), 13, "{files:?}");
    for name in
        ["2026-11-21-José Núñez.pdf", "2026-11-24-Łukasz Wiśniewski.pdf", "2026-11-24-Siobhán O'Connell.pdf", "2026-11-28-Ngozi Okafor.pdf"]
    {
        assert!(files.contains(&name.to_string()), "{name} missing from {files:?}");
    }
    let pdf = Pdf::parse(&s.read("handouts/2026-11-24-Łukasz Wiśniewski.pdf"));
    let text = pdf.flat_text();
    assert!(text.contains("Łukasz Wiśniewski"), "{text}");
    assert!(text.contains("Priya Shah, DC"), "{text}");
    assert!(text.contains("Start with half the reps, then build up over the first week."), "{text}");
    assert!(text.contains("Back care program"), "{text}");
    // The roster's paper overrides the prescription's (back-care.yaml says letter).
    let (w, _) = pdf.page_sizes()[0];
    assert!((w - 595.3).abs() < 1.0, "A4 width expected, got {w}");
}

#[test]
fn bad_rows_fail_alone_with_row_and_column() {
    let s = Sandbox::with_examples();
    s.write("typo.yaml", "title: T\nexercises:\n  - brige\n");
    s.write(
        "roster.csv",
        format!(
            "{HEADER}\
             Zoë Adams,2026-11-21,Alex Rivera,hip-and-lower-back.yaml,en,,,\n\
             Bad Date,2026-13-01,Alex Rivera,hip-and-lower-back.yaml,,,,\n\
             No File,2026-11-21,Alex Rivera,missing.yaml,,,,\n\
             Typo,2026-11-21,Alex Rivera,typo.yaml,,,,\n\
             French,2026-11-21,Alex Rivera,back-care.yaml,fr,,,\n\
             A5,2026-11-21,Alex Rivera,back-care.yaml,,a5,,\n\
             \"Okafor, Ngozi\",2026-11-22,Priya Shah,back-care.yaml,,,,\n"
        ),
    );
    let run = s.run(&["batch", "roster.csv", "--out-dir", "out", "--quiet"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Each bad row once, at its own line and column (the messages are pinned in
    // tests/bad_inputs/batch-row-errors-every-column).
    let located: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("error: ")).map(|l| l.split(": ").nth(1).unwrap_or("")).collect();
    assert_eq!(located, ["roster.csv:3", "roster.csv:4", "roster.csv:5", "roster.csv:6", "roster.csv:7"], "{}", run.stderr);
    let columns: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("error: ")).map(|l| l.split(": ").nth(2).unwrap_or("")).collect();
    assert_eq!(columns, ["date", "prescription", "prescription", "language", "paper"], "{}", run.stderr);
    assert!(run.stderr.ends_with("2 written, 5 failed\n"), "{}", run.stderr);
    assert_eq!(files_in(&s, "out"), ["2026-11-21-Zoë Adams.pdf", "2026-11-22-Okafor, Ngozi.pdf"]);
}

#[test]
fn csv_with_bom_quoted_commas_and_line_breaks() {
    let s = Sandbox::with_examples();
    s.write(
        "roster.csv",
        format!(
            "\u{feff}{HEADER}\"Núñez, José\",2026-11-21,\"Alex Rivera, PT\",hip-and-lower-back.yaml,en,a4,\"Walk first.\nThen stretch.\",jose@example.com\n"
        ),
    );
    let run = s.run(&["batch", "roster.csv", "--out-dir", "out", "--quiet"]);
    run.ok();
    assert_eq!(run.stderr, "");
    assert_eq!(files_in(&s, "out"), ["2026-11-21-Núñez, José.pdf"]);
    let text = Pdf::parse(&s.read("out/2026-11-21-Núñez, José.pdf")).flat_text();
    assert!(text.contains("Walk first.") && text.contains("Then stretch."), "{text}");
    assert!(text.contains("Alex Rivera, PT"), "{text}");
}

#[test]
fn two_rows_with_one_file_name_both_fail() {
    let s = Sandbox::with_examples();
    s.write(
        "roster.csv",
        format!(
            "{HEADER}Zoë Adams,2026-11-21,A,back-care.yaml,,,,\nJosé Núñez,2026-11-21,A,back-care.yaml,,,,\nzoë adams,2026-11-21,B,hip-and-lower-back.yaml,,,,\n"
        ),
    );
    // (The message is pinned in tests/bad_inputs/batch-two-rows-one-file.)
    let run = s.run(&["batch", "roster.csv", "--out-dir", "out", "-q"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.ends_with("1 written, 2 failed\n"), "{}", run.stderr);
    assert_eq!(files_in(&s, "out"), ["2026-11-21-José Núñez.pdf"]);
    // With the row in the name, all three are written.
    s.run(&["batch", "roster.csv", "--out-dir", "out2", "--name", "{date}-{patient}-{row}.pdf", "-q"]).ok();
    assert_eq!(files_in(&s, "out2").len(), 3);
}

#[test]
fn hostile_patient_names_stay_inside_the_out_dir() {
    let s = Sandbox::with_examples();
    let long = "x".repeat(300);
    s.write(
        "roster.csv",
        format!(
            "{HEADER}../../etc/passwd,,A,back-care.yaml,,,,\nCON,,A,back-care.yaml,,,,\n\"a/b\\\\c:d\",,A,back-care.yaml,,,,\n{long},,A,back-care.yaml,,,,\n.hidden,,A,back-care.yaml,,,,\n"
        ),
    );
    s.run(&["batch", "roster.csv", "--out-dir", "out", "--name", "{patient}.pdf", "-q"]).ok();
    let files = files_in(&s, "out");
    let long_name = format!("{}.pdf", "x".repeat(116));
    let mut expected =
        vec!["_CON.pdf".to_string(), "a-b--c-d.pdf".to_string(), "etc-passwd.pdf".to_string(), "hidden.pdf".to_string(), long_name];
    expected.sort();
    assert_eq!(files, expected);
    assert!(files.iter().all(|f| f.len() <= 120));
    // Nothing was written next to the sandbox's files or above it.
    assert!(!s.join("etc").exists() && !s.path().parent().unwrap().join("etc/passwd.pdf").exists());
}

#[test]
fn reports_in_csv_and_json() {
    let s = Sandbox::with_examples();
    s.write(
        "roster.csv",
        format!("{HEADER}Zoë Adams,2026-11-21,A,back-care.yaml,,,,zoe@example.com\nBad,2026-02-30,A,back-care.yaml,,,,bad@example.com\n"),
    );
    let run = s.run(&["batch", "roster.csv", "--out-dir", "out", "--report", "report.csv", "-q"]);
    assert_eq!(run.code, 2);
    let csv = String::from_utf8(s.read("report.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "row,patient,email,status,output,pages,bytes,error,hint");
    let bytes = std::fs::metadata(s.join("out/2026-11-21-Zoë Adams.pdf")).unwrap().len();
    let pages = Pdf::parse(&s.read("out/2026-11-21-Zoë Adams.pdf")).page_count();
    assert_eq!(lines[1], format!("2,Zoë Adams,zoe@example.com,written,out/2026-11-21-Zoë Adams.pdf,{pages},{bytes},,"));
    // A failed row names where its handout would have gone, and why it failed.
    assert!(lines[2].starts_with("3,Bad,bad@example.com,failed,out/2026-02-30-Bad.pdf,,,date: "), "{}", lines[2]);

    let run = s.run(&["batch", "roster.csv", "--out-dir", "out2", "--report", "report.json", "-q"]);
    assert_eq!(run.code, 2);
    let json: serde_json::Value = serde_json::from_slice(&s.read("report.json")).unwrap();
    assert_eq!(json["written"], 1);
    assert_eq!(json["failed"], 1);
    assert_eq!(json["rows"][0]["status"], "written");
    assert_eq!(json["rows"][0]["output"], "out2/2026-11-21-Zoë Adams.pdf");
    assert_eq!(json["rows"][0]["pages"], pages);
    assert_eq!(json["rows"][0]["email"], "zoe@example.com");
    assert_eq!(json["rows"][1]["row"], 3);
    assert!(json["rows"][1]["error"].as_str().is_some_and(|e| e.starts_with("date: ")), "{json}");
}

#[test]
fn existing_handouts_are_kept_unless_forced() {
    let s = Sandbox::with_examples();
    s.run(&["batch", "roster.csv", "--out-dir", "out", "-q"]).ok();
    let first = "out/2026-11-21-José Núñez.pdf";
    // An older handout: a complete PDF (another patient's will do).
    let older = s.read("out/2026-11-24-Zoë Łukasiewicz.pdf");
    s.write(first, &older);

    let run = s.run(&["batch", "roster.csv", "--out-dir", "out", "-q"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error: roster.csv:2: out/2026-11-21-José Núñez.pdf already exists\n"), "{}", run.stderr);
    assert!(run.stderr.ends_with("0 written, 13 failed\n"), "{}", run.stderr);
    assert_eq!(s.read(first), older);

    // Resume: delete two, keep the rest.
    std::fs::remove_file(s.join("out/2026-11-28-Ngozi Okafor.pdf")).unwrap();
    std::fs::remove_file(s.join("out/2026-11-25-Amélie Durand.pdf")).unwrap();
    let run = s.run(&["batch", "roster.csv", "--out-dir", "out", "--skip-existing"]);
    run.ok();
    assert!(run.stderr.ends_with("2 written, 11 skipped (already there), 0 failed\n"), "{}", run.stderr);
    assert_eq!(s.read(first), older);
    assert_eq!(files_in(&s, "out").len(), 13);

    s.run(&["batch", "roster.csv", "--out-dir", "out", "--force", "-q"]).ok();
    assert!(s.read(first).starts_with(b"%PDF-"));

    let run = s.run(&["batch", "roster.csv", "--out-dir", "out", "--force", "--skip-existing"]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_batch_handout_is_byte_identical_to_render() {
    let s = Sandbox::with_examples();
    s.write(
        "roster.csv",
        format!("{HEADER}José Núñez,2026-11-21,\"Alex Rivera, PT\",hip-and-lower-back.yaml,,,,\nZoë Adams,,,back-care.yaml,,,,\n"),
    );
    let epoch = [("SOURCE_DATE_EPOCH", "1700000000")];
    s.run_env(&["batch", "roster.csv", "--out-dir", "out", "-q", "--jobs", "2"], &epoch).ok();
    s.run_env(&["render", "hip-and-lower-back.yaml", "-o", "alone.pdf"], &epoch).ok();
    assert!(s.read("out/2026-11-21-José Núñez.pdf") == s.read("alone.pdf"), "batch and render differ for the same prescription");

    // A row that overrides the patient matches the prescription edited by hand.
    let edited = String::from_utf8(s.read("back-care.yaml")).unwrap().replace("patient: Zoë Łukasiewicz", "patient: Zoë Adams");
    s.write("edited.yaml", edited);
    s.run_env(&["render", "edited.yaml", "-o", "edited.pdf"], &epoch).ok();
    assert!(s.read("out/2026-11-24-Zoë Adams.pdf") == s.read("edited.pdf"), "an overridden row differs from the edited prescription");
}

#[test]
fn yaml_rosters_number_rows_by_entry() {
    let s = Sandbox::with_examples();
    s.write(
        "roster.yaml",
        "- patient: Zoë Adams\n  date: 2026-11-21\n  clinician: Alex Rivera, PT\n  prescription: back-care.yaml\n\
         - patient: Bad Date\n  date: 21/11/2026\n  clinician: Alex Rivera, PT\n  prescription: back-care.yaml\n",
    );
    let run = s.run(&["batch", "roster.yaml", "--out-dir", "out", "-q"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error: roster.yaml:2: date: "), "{}", run.stderr);
    assert_eq!(files_in(&s, "out"), ["2026-11-21-Zoë Adams.pdf"]);
}

#[test]
fn the_language_column_overrides_the_prescription() {
    let s = Sandbox::with_examples();
    let spanish = String::from_utf8(s.read("back-care.yaml")).unwrap().replace("paper: letter", "paper: letter\nlanguage: es");
    s.write("es.yaml", spanish);
    s.write("roster.csv", format!("{HEADER}Zoë Adams,2026-11-21,A,es.yaml,en,,,\nJosé Núñez,2026-11-21,A,es.yaml,,,,\n"));
    s.run(&["batch", "roster.csv", "--out-dir", "out", "-q"]).ok();
    let english = Pdf::parse(&s.read("out/2026-11-21-Zoë Adams.pdf")).flat_text();
    assert!(english.contains("When to seek help") && !english.contains("Cuándo pedir ayuda"), "{english}");
    let spanish = Pdf::parse(&s.read("out/2026-11-21-José Núñez.pdf")).flat_text();
    assert!(spanish.contains("Cuándo pedir ayuda"), "{spanish}");
}
