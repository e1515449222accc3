//! Where the PDF goes, reproducibility, and `handout list`.

use crate::common::*;

const NO_DATE: &str = "title: Knee program\nexercises:\n  - bridge\n  - wall-sit\n";

#[test]
fn same_input_gives_the_same_bytes() {
    let s = Sandbox::with_examples();
    s.run(&["render", "hip-and-lower-back.yaml", "-o", "a.pdf"]).ok();
    s.run(&["render", "hip-and-lower-back.yaml", "-o", "b.pdf"]).ok();
    assert!(s.read("a.pdf") == s.read("b.pdf"), "two renders of the same input differ");
}

#[test]
fn creation_date_comes_from_source_date_epoch_when_there_is_no_date() {
    let s = Sandbox::new();
    s.write("p.yaml", NO_DATE);
    s.run_env(&["render", "p.yaml", "-o", "epoch.pdf"], &[("SOURCE_DATE_EPOCH", "1700000000")]).ok();
    let pdf = Pdf::parse(&s.read("epoch.pdf"));
    assert_eq!(pdf.info("CreationDate").as_deref(), Some("D:20231114221320+00'00'"));
    assert_eq!(pdf.info("ModDate").as_deref(), Some("D:20231114221320+00'00'"));

    // The prescription's own date wins over SOURCE_DATE_EPOCH.
    s.write("dated.yaml", format!("date: 2026-03-01\n{NO_DATE}"));
    s.run_env(&["render", "dated.yaml", "-o", "dated.pdf"], &[("SOURCE_DATE_EPOCH", "1700000000")]).ok();
    assert_eq!(Pdf::parse(&s.read("dated.pdf")).info("CreationDate").as_deref(), Some("D:20260301120000+00'00'"));
}

#[test]
fn the_clock_is_never_read() {
    let s = Sandbox::new();
    s.write("p.yaml", NO_DATE);
    s.run(&["render", "p.yaml", "-o", "one.pdf"]).ok();
    // Long enough for a clock-based date (one-second resolution) to change.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    s.run(&["render", "p.yaml", "-o", "two.pdf"]).ok();
    let (one, two) = (s.read("one.pdf"), s.read("two.pdf"));
    assert!(one == two, "renders a second apart differ");
    let pdf = Pdf::parse(&one);
    assert_eq!(pdf.info("CreationDate"), None);
    assert_eq!(pdf.info("ModDate"), None);
    // No date of the current year sneaks in anywhere.
    assert!(!pdf.contains_bytes(b"D:20"), "a date is written somewhere");
}

#[test]
fn dash_writes_the_pdf_to_stdout() {
    let s = Sandbox::with_examples();
    let run = s.run(&["render", "back-care.yaml", "-o", "-"]);
    run.ok();
    assert_eq!(run.stderr, "");
    let pdf = Pdf::parse(&run.stdout);
    assert_eq!(pdf.page_count(), 4);
    assert!(!s.join("back-care.pdf").exists() && !s.join("-").exists(), "a file was written");
    // The same bytes as a file render.
    s.run(&["render", "back-care.yaml", "-o", "file.pdf"]).ok();
    assert!(run.stdout == s.read("file.pdf"));
}

#[test]
fn without_output_the_pdf_goes_next_to_the_input() {
    let s = Sandbox::with_examples();
    let run = s.run(&["render", "hip-and-lower-back.yaml"]);
    run.ok();
    let size = std::fs::metadata(s.join("hip-and-lower-back.pdf")).expect("the PDF is written next to the input").len();
    assert_eq!(run.stderr, format!("wrote hip-and-lower-back.pdf (4 pages, {} KB)\n", size.div_ceil(1024)));
    assert!(run.stdout.is_empty());

    // In a subfolder, next to the input there too; relative paths resolve against the input.
    s.write("clinic/p.yaml", "brand: ../brand.yaml\nexercises: [bridge]\n");
    let run = s.run(&["render", "clinic/p.yaml"]);
    run.ok();
    let pdf = Pdf::parse(&s.read("clinic/p.pdf"));
    assert_eq!(pdf.info("Author").as_deref(), Some("Riverside Physiotherapy & Sports Clinic"));
    assert!(run.stderr.starts_with("wrote clinic/p.pdf ("), "{}", run.stderr);

    // --quiet prints nothing.
    let run = s.run(&["render", "clinic/p.yaml", "-o", "q.pdf", "--quiet"]);
    run.ok();
    assert_eq!(run.stderr, "");
}

#[test]
fn existing_output_is_kept_without_force() {
    let s = Sandbox::with_examples();
    s.write("out.pdf", "keep me");
    // (The message is pinned in tests/bad_inputs/output-exists-without-force.)
    let run = s.run(&["render", "back-care.yaml", "-o", "out.pdf"]);
    assert_eq!(run.code, 2);
    assert_eq!(s.read("out.pdf"), b"keep me");

    let run = s.run(&["render", "back-care.yaml", "-o", "out.pdf", "--force"]);
    run.ok();
    assert_eq!(Pdf::parse(&s.read("out.pdf")).page_count(), 4);
    // No temporary files are left behind.
    let leftovers: Vec<String> = std::fs::read_dir(s.path())
        .expect("read sandbox")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn output_onto_the_prescription_is_refused() {
    let s = Sandbox::with_examples();
    let before = s.read("back-care.yaml");
    // (The message is pinned in tests/bad_inputs/output-equals-input.)
    let run = s.run(&["render", "back-care.yaml", "-o", "back-care.yaml", "--force"]);
    assert_eq!(run.code, 2);
    assert_eq!(s.read("back-care.yaml"), before);
}

#[test]
fn list_shows_every_library_exercise() {
    let s = Sandbox::new();
    let run = s.run(&["list"]);
    run.ok();
    let out = run.stdout_text();
    let lib: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(repo().join("exercises.yaml")).expect("read library")).expect("library parses");
    let ids: Vec<&str> = lib["exercises"].as_sequence().expect("exercises").iter().map(|e| e["id"].as_str().expect("id")).collect();
    assert_eq!(ids.len(), 17);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("ID") && lines[0].contains("NAME"), "no header: {out}");
    assert_eq!(lines.len(), 1 + ids.len(), "{out}");
    for (line, id) in lines[1..].iter().zip(&ids) {
        assert_eq!(line.split_whitespace().next(), Some(*id), "{out}");
    }
    assert!(out.contains("Hamstring stretch with towel"));
    assert_eq!(run.stderr, "");
}
