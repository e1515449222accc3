//! Every message a user can see for a bad prescription, pinned whole: text, location, hint
//! and exit code. Inputs are written to the sandbox and named relatively, so the messages are
//! the same on every machine.

use crate::common::*;

/// Renders `yaml` saved as `p.yaml` and returns (exit code, stderr). No PDF may be written
/// when the run fails.
fn render(yaml: &str) -> (i32, String) {
    let s = Sandbox::with_examples();
    s.write("p.yaml", yaml);
    let run = s.run(&["render", "p.yaml", "-o", "out.pdf"]);
    assert!(run.stdout.is_empty());
    assert_eq!(run.code == 0, s.join("out.pdf").exists(), "a PDF must exist exactly when the run succeeds:\n{}", run.stderr);
    (run.code, run.stderr)
}

#[track_caller]
fn fails(yaml: &str, stderr: &str) {
    assert_eq!(render(yaml), (2, stderr.to_string()), "for input:\n{yaml}");
}

#[test]
fn unknown_exercise_suggests_the_closest_id() {
    fails(
        "exercises:\n  - bridge\n  - brige\n",
        "error: p.yaml:3:5: unknown exercise `brige`\n  hint: did you mean `bridge`? (`handout list` shows every exercise)\n",
    );
    fails(
        "exercises:\n  - id: wal-sit\n    reps: 3\n",
        "error: p.yaml:2:9: unknown exercise `wal-sit`\n  hint: did you mean `wall-sit`? (`handout list` shows every exercise)\n",
    );
}

#[test]
fn unknown_field_suggests_the_closest_field() {
    let (code, stderr) = render("exercises:\n  - id: bridge\n    hodl: 30s\n");
    assert_eq!(code, 2);
    let (first, hint) = stderr.split_once('\n').expect("two lines");
    assert!(first.starts_with("error: p.yaml:3:5: exercises[0]: unknown field `hodl`, expected one of `id`, `name`, "), "{stderr}");
    assert!(first.contains("`hold`, `reps`, `sets`, `sides`, `frequency`, `rest`"), "{stderr}");
    assert_eq!(hint, "  hint: did you mean `hold`?\n");

    let (code, stderr) = render("exercise:\n  - bridge\n");
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: p.yaml:1:1: unknown field `exercise`, expected one of `title`, "), "{stderr}");
    assert!(stderr.ends_with("\n  hint: did you mean `exercises`?\n"), "{stderr}");

    let (code, stderr) = render("brand:\n  name: X\n  colour: {primary: \"#123456\"}\nexercises: [bridge]\n");
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: p.yaml:3:3: brand: unknown field `colour`, expected one of `name`, "), "{stderr}");
    assert!(stderr.ends_with("\n  hint: did you mean `colors`?\n"), "{stderr}");
}

#[test]
fn dosage_values_are_checked() {
    fails(
        "exercises:\n  - id: bridge\n    reps: three\n",
        "error: p.yaml:3:11: `three` is not a valid value for reps: `three` is not a whole number\n  hint: write it as a number, for example `10` or `8-12`\n",
    );
    fails(
        "exercises:\n  - id: bridge\n    reps: 0\n",
        "error: p.yaml:3:11: `0` is not a valid value for reps: it must be at least 1\n  hint: write it as a number, for example `10` or `8-12`\n",
    );
    fails(
        "exercises:\n  - id: bridge\n    reps: 12-8\n",
        "error: p.yaml:3:11: `12-8` is not a valid value for reps: the range 12-8 runs backwards\n  hint: write it as a number, for example `10` or `8-12`\n",
    );
    fails(
        "exercises:\n  - id: bridge\n    hold: 90000s\n",
        "error: p.yaml:3:11: `90000s` is not a valid value for hold: 90000 seconds is longer than the 10 minutes allowed\n  hint: write it as a number, for example `30s`, `1 min` or `8-10s`\n",
    );
    fails(
        "exercises:\n  - id: bridge\n    hold: 30 hours\n",
        "error: p.yaml:3:11: `30 hours` is not a valid value for hold: unknown unit `hours`; use s or min\n  hint: write it as a number, for example `30s`, `1 min` or `8-10s`\n",
    );
    fails(
        "exercises:\n  - id: bridge\n    sides: eech\n",
        "error: p.yaml:3:12: `eech` is not a value for sides\n  hint: did you mean `each`? accepted: each, both, none\n",
    );
    fails(
        "exercises:\n  - id: bridge\n    reps: [3]\n",
        "error: p.yaml:3:11: exercises[0].reps: expected a number or a short text such as `30s` or `8-12`, found a list\n",
    );
}

#[test]
fn paper_and_date_are_checked() {
    fails("paper: a5\nexercises: [bridge]\n", "error: p.yaml:1:8: unknown paper size `a5`\n  hint: accepted: a4, letter\n");
    fails(
        "date: 2026-02-30\nexercises: [bridge]\n",
        "error: p.yaml:1:7: `2026-02-30` is not a valid date\n  hint: write the date as YYYY-MM-DD, for example 2026-11-21, and check that the day exists\n",
    );
    fails(
        "date: 21/11/2026\nexercises: [bridge]\n",
        "error: p.yaml:1:7: `21/11/2026` is not a valid date\n  hint: write the date as YYYY-MM-DD, for example 2026-11-21, and check that the day exists\n",
    );
}

#[test]
fn brand_errors() {
    fails(
        "brand:\n  name: Clinic\n  colors:\n    primary: \"#12345\"\nexercises: [bridge]\n",
        "error: p.yaml:4:14: `#12345` is not a colour\n  hint: write a colour as #RRGGBB, for example \"#1F5F8B\" (quote it: # starts a comment in YAML)\n",
    );
    // Unquoted, `#` starts a comment and the colour would silently vanish.
    fails(
        "brand:\n  name: Clinic\n  colors:\n    primary: #1F5F8B\nexercises: [bridge]\n",
        "error: p.yaml:4:5: `primary:` has no colour\n  hint: quote the colour, for example \"#1F5F8B\": without quotes, # starts a comment in YAML\n",
    );
    fails(
        "brand: clinic.yaml\nexercises: [bridge]\n",
        "error: p.yaml:1:8: the brand file clinic.yaml does not exist\n  hint: paths are relative to the YAML file that names them\n",
    );
    fails(
        "brand:\n  name: X\n  website: riverside.example\nexercises: [bridge]\n",
        "error: p.yaml:3:12: `riverside.example` is not a web address: it must start with https:// or http://\n  hint: write it like https://www.example.com\n",
    );
}

#[test]
fn brand_file_errors_name_the_brand_file() {
    let s = Sandbox::new();
    s.write("clinic.yaml", "name: Clinic\ncolors:\n  accent: \"#12345\"\n");
    s.write("p.yaml", "brand: clinic.yaml\nexercises: [bridge]\n");
    let run = s.run(&["render", "p.yaml", "-o", "out.pdf"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: clinic.yaml:3:11: `#12345` is not a colour\n  hint: write a colour as #RRGGBB, for example \"#1F5F8B\" (quote it: # starts a comment in YAML)\n"
    );
}

#[test]
fn missing_picture() {
    fails(
        "exercises:\n  - name: Band pull\n    image: pics/band.png\n    steps: [Pull the band apart.]\n",
        "error: p.yaml:3:12: the picture pics/band.png does not exist\n  hint: paths are relative to the YAML file that names them\n",
    );
}

#[test]
fn empty_and_malformed_files() {
    let empty = "error: p.yaml: the file is empty\n  hint: `handout init` writes a starter prescription and brand to copy from\n";
    fails("", empty);
    fails("# just a comment\n\n", empty);
    fails(
        "title: \"Hip\nexercises: [bridge]\n",
        "error: p.yaml:1:8: this quoted text is never closed\n  hint: add the closing \" at the end of the text\n",
    );
    fails(
        "exercises:\n  - bridge\n - wall-sit\n",
        "error: p.yaml:3:2: did not find expected key\n  hint: check the indentation: entries of one list or mapping must start in the same column\n",
    );
    fails(
        "notes: Tip: keep breathing\nexercises: [bridge]\n",
        "error: p.yaml:1:11: mapping values are not allowed in this context\n  hint: a text that contains `: ` must be quoted, for example `notes: \"Tip: breathe out\"`; otherwise check the indentation\n",
    );
    fails(
        "exercises:\n\t- bridge\n",
        "error: p.yaml:2:1: this line is indented with a tab\n  hint: YAML does not allow tabs for indentation; indent with spaces\n",
    );
    fails(
        "title: A\nexercises: [bridge]\ntitle: B\n",
        "error: p.yaml:3:1: duplicate field `title`\n  hint: each key may appear only once in a mapping; remove or merge the repeated one\n",
    );
    fails(
        "exercises:\n  - id: bridge\n    reps: 3\n    reps: 4\n",
        "error: p.yaml:4:5: exercises[0]: duplicate field `reps`\n  hint: each key may appear only once in a mapping; remove or merge the repeated one\n",
    );
    fails(
        "exercises: bridge\n",
        "error: p.yaml:1:12: exercises: expected a list, found text \"bridge\"\n  hint: write a list: one `- item` per line, or `[a, b]` on one line\n",
    );
    fails(
        "patient: [Ana, Bo]\nexercises: [bridge]\n",
        "error: p.yaml:1:10: patient: expected text, found a list\n  hint: write the text after the colon; put it in quotes if it starts with `[` or `{` or contains `: `\n",
    );
    let s = Sandbox::new();
    s.write("p.yaml", b"title: caf\xe9\nexercises: [bridge]\n");
    let run = s.run(&["render", "p.yaml"]);
    assert_eq!((run.code, run.stderr.as_str()), (2, "error: p.yaml:1:11: the file is not UTF-8 text\n  hint: save the file as UTF-8 (most editors offer this under \"Save as\" or \"Encoding\")\n"));
    let run = s.run(&["render", "nope.yaml"]);
    assert_eq!((run.code, run.stderr.as_str()), (2, "error: cannot read nope.yaml: no such file\n"));
}

#[test]
fn exercise_entries_are_checked() {
    fails(
        "exercises: []\n",
        "error: p.yaml: the prescription has no exercises\n  hint: list at least one exercise under `exercises:`, for example `- bridge` (`handout list` shows them all)\n",
    );
    fails(
        "exercises:\n  - name: Band pull\n    steps: []\n",
        "error: p.yaml:3:12: exercise `Band pull` has an empty list of steps\n  hint: give at least one step, for example `steps: [Lie on your back.]`\n",
    );
    fails(
        "exercises:\n  - name: Band pull\n",
        "error: p.yaml:2:5: exercise `Band pull` has no steps\n  hint: a custom exercise needs `steps:`, a list of short instructions\n",
    );
    fails(
        "exercises:\n  - reps: 3\n",
        "error: p.yaml:2:5: this exercise has neither `id:` nor `name:`\n  hint: give `id:` for a library exercise, or `name:` and `steps:` for your own\n",
    );
    fails(
        "exercises:\n  - bridge\n  - wall-sit\n  - id: bridge\n    reps: 5\n",
        "error: p.yaml:4:5: exercise `bridge` is listed twice (entries 1 and 3)\n  hint: list each exercise once; change its dosage with `reps:`, `sets:` or `hold:` instead\n",
    );
}

#[test]
fn text_the_font_cannot_print() {
    fails(
        "patient: Ana 😀\nexercises: [bridge]\n",
        "error: p.yaml:1:10: the text of `patient:` contains `😀` (U+1F600), which the font Lato-Regular cannot print\n  hint: remove the character, or give the brand a font that has it (`fonts: {regular: ..., bold: ...}`)\n",
    );
}

#[test]
fn seek_help_cannot_be_emptied_by_accident() {
    fails(
        "exercises: [bridge]\nseek_help:\n  replace: []\n",
        "error: p.yaml:3:12: `seek_help: replace:` is empty, which would leave the \"When to seek help\" box empty\n  hint: list the warning signs, or write `seek_help: {omit: true}` to leave the box out on purpose\n",
    );
    fails(
        "exercises: [bridge]\nseek_help:\n  add: chest pain\n",
        "error: p.yaml:3:8: seek_help.add: expected a list, found text \"chest pain\"\n  hint: write a list: one `- item` per line, or `[a, b]` on one line\n",
    );
}

#[test]
fn omitting_seek_help_is_a_warning() {
    let s = Sandbox::new();
    s.write("p.yaml", "exercises: [bridge]\nseek_help: {omit: true}\n");
    let run = s.run(&["render", "p.yaml", "-o", "out.pdf"]);
    run.ok();
    assert_eq!(
        run.stderr,
        "warning: p.yaml:2:12: the \"When to seek help\" box is left out because the prescription says `seek_help: {omit: true}`; patients will not see the warning signs\nwrote out.pdf (1 page, 24 KB)\n"
            .replace("24 KB", &format!("{} KB", std::fs::metadata(s.join("out.pdf")).expect("written").len().div_ceil(1024)))
    );
    let pdf = Pdf::parse(&s.read("out.pdf"));
    assert!(!pdf.text().contains("When to seek help"));
    assert!(pdf.flat_text().contains("Bridge"));

    // Extra warning signs are added after the library's.
    s.write("add.yaml", "exercises: [bridge]\nseek_help:\n  add: [chest pain when you exercise]\n");
    let pdf = s.render("add.yaml", "add.pdf");
    let text = pdf.text();
    assert!(
        text.contains("• Pain that is no better after several weeks of doing these exercises\n• Chest pain when you exercise"),
        "{text}"
    );
}

#[test]
fn a_custom_exercise_without_picture_warns() {
    let s = Sandbox::new();
    s.write("p.yaml", "exercises:\n  - name: Band pull\n    steps: [Pull the band apart.]\n");
    let run = s.run(&["render", "p.yaml", "-o", "out.pdf", "--quiet"]);
    run.ok();
    assert_eq!(run.stderr, "warning: p.yaml:2:5: exercise `Band pull` has no illustration; its text will use the full card width\n");
}
