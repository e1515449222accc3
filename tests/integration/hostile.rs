//! Hostile and messy input that the bad-input catalogue cannot judge by its messages alone:
//! what a PDF shows (phone photos upright), how much a batch prints and uses for thousands of
//! rows that share a file name, what a report quotes, and standard input in and out.

use crate::common::{repo, Pdf, Sandbox};

/// Width and height of every image XObject in the PDF.
fn image_sizes(pdf: &Pdf) -> Vec<(i64, i64)> {
    let mut sizes = Vec::new();
    for object in pdf.doc.objects.values() {
        let Ok(stream) = object.as_stream() else { continue };
        let d = &stream.dict;
        let is_image = d.get(b"Subtype").and_then(|s| s.as_name()).is_ok_and(|n| n == b"Image");
        if is_image {
            let get = |k: &[u8]| d.get(k).and_then(|v| v.as_i64()).unwrap_or(0);
            sizes.push((get(b"Width"), get(b"Height")));
        }
    }
    sizes.sort();
    sizes
}

#[test]
fn phone_photos_print_upright_as_logo_and_as_picture() {
    let s = Sandbox::new();
    // Stored 400 x 200 (as the sensor saw it), EXIF orientation 6: shown 200 wide, 400 high.
    let photo = std::fs::read(repo().join("tests/bad_inputs/image-jpeg-exif-rotated/photo.jpg")).expect("the fixture");
    s.write("photo.jpg", &photo);
    s.write("brand.yaml", "name: Riverside Physio\nlogo: photo.jpg\n");
    s.write(
        "p.yaml",
        "patient: Jane Doe\nbrand: brand.yaml\nexercises:\n  - name: Band pull-apart\n    image: photo.jpg\n    steps: [Pull it apart.]\n",
    );
    let pdf = s.render("p.yaml", "out.pdf");
    let sizes = image_sizes(&pdf);
    assert!(!sizes.is_empty() && sizes.iter().all(|&(w, h)| h > w), "every photo stands upright (taller than wide): {sizes:?}");
}

#[test]
fn decomposed_text_prints_composed() {
    let s = Sandbox::new();
    s.write("p.yaml", "patient: Nguye\u{302}\u{303}n\nexercises: [bridge]\n");
    let pdf = s.render("p.yaml", "out.pdf");
    assert!(pdf.flat_text().contains("Nguy\u{1ec5}n"), "{}", pdf.flat_text());
}

#[test]
fn ten_thousand_rows_with_one_file_name_are_reported_in_a_few_bytes_each() {
    let s = Sandbox::new();
    s.write("p.yaml", "exercises: [bridge]\n");
    let mut roster = String::from("patient,date,clinician,prescription\n");
    for i in 0..10_000 {
        roster.push_str(&format!("Patient {i},2026-11-21,A,p.yaml\n"));
    }
    s.write("roster.csv", roster);
    let run = s.run(&["batch", "roster.csv", "--out-dir", "out", "--name", "{date}.pdf", "--report", "out/report.csv"]);
    assert_eq!(run.code, 2, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    // One line for each failed row (plus the first row's hint and the summary), each short: it
    // used to list every row on every row, 590 MB for 10,000.
    assert!(run.stderr.len() < 1_500_000, "{} bytes of errors", run.stderr.len());
    assert!(run.stderr.lines().all(|l| l.len() < 200), "a long line");
    assert!(
        run.stderr.starts_with("error: roster.csv:2: rows 2, 3, 4 and 9997 more would all be written to out/2026-11-21.pdf\n"),
        "{}",
        &run.stderr[..300]
    );
    assert!(run.stderr.ends_with("0 written, 10000 failed\n"));
    let report = String::from_utf8(s.read("out/report.csv")).expect("UTF-8");
    assert_eq!(report.lines().count(), 10_001);
    assert!(report.len() < 2_000_000, "{} bytes of report", report.len());
}

#[test]
fn a_report_quotes_at_most_one_short_line_of_an_input_file() {
    let s = Sandbox::new();
    let note: String = (1..200).map(|i| format!("Line {i} of the appointment note pasted here with every detail of the visit\n")).collect();
    s.write("note.txt", note);
    s.write("roster.csv", "patient,date,clinician,prescription\nJane Doe,2026-11-21,A,note.txt\n");
    for report in ["out/r.csv", "out/r.json"] {
        let run = s.run(&["batch", "roster.csv", "--out-dir", "out", "--report", report]);
        assert_eq!(run.code, 2);
        // YAML folds the lines of plain text into one; the message quotes 80 characters of it.
        assert!(!run.stderr.contains("Line 3") && run.stderr.contains("Line 1 of the"), "{}", run.stderr);
        assert!(run.stderr.lines().all(|l| l.len() < 200), "{}", run.stderr);
        let text = String::from_utf8(s.read(report)).expect("UTF-8");
        assert!(!text.contains("Line 3") && text.contains("Line 1 of the"), "{text}");
        assert!(text.len() < 1000, "{text}");
    }
}

#[test]
fn render_reads_standard_input_and_writes_standard_output() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let s = Sandbox::new();
    s.write(
        "pictures/band.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect width="30" height="20" fill="#123456"/></svg>"##,
    );
    let yaml = "patient: Jane Doe\nexercises:\n  - name: Band pull-apart\n    image: pictures/band.svg\n    steps: [Pull it apart.]\n";
    let mut child = Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(["render", "-", "-o", "-"])
        .current_dir(s.path())
        .env("SOURCE_DATE_EPOCH", "1795219200")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the binary");
    child.stdin.take().expect("stdin").write_all(yaml.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = Pdf::parse(&out.stdout);
    assert!(pdf.flat_text().contains("Jane Doe"));
    // The same prescription from a file gives the same bytes.
    s.write("p.yaml", yaml);
    let from_file = s.run_env(&["render", "p.yaml", "-o", "-"], &[("SOURCE_DATE_EPOCH", "1795219200")]);
    assert_eq!(from_file.stdout, out.stdout);
}
