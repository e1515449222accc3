//! Output safety with the real binary and real signals: Ctrl-C and SIGTERM stop a batch cleanly
//! and `--skip-existing` resumes exactly where it stopped, a second Ctrl-C stops at once, `kill
//! -9` never leaves a named partial PDF, stale temporary files of a killed run are removed by
//! the next, and the CSV report cannot run as a spreadsheet formula. (The messages themselves
//! are pinned in the bad-input catalogue.)

#![cfg(unix)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::Sandbox;

/// A one-page program, quick to make.
const PROGRAM: &str = "title: Hip program\ndate: 2026-11-21\nclinician: Alex Rivera, PT\nexercises: [bridge, pelvic-tilt]\n";

/// A sandbox with `program.yaml` and a roster of `rows` patients.
fn roster(rows: usize) -> Sandbox {
    let s = Sandbox::new();
    s.write("program.yaml", PROGRAM);
    let mut csv = String::from("patient,date,clinician,prescription\n");
    for i in 0..rows {
        csv.push_str(&format!("Patient {i:04},2026-11-21,Alex Rivera,program.yaml\n"));
    }
    s.write("roster.csv", csv);
    s
}

/// Starts `handout args...` in the sandbox, standard error into `stderr.txt`.
fn spawn(s: &Sandbox, args: &[&str]) -> Child {
    spawn_ignoring(s, args, false)
}

/// As `spawn`, with SIGINT ignored from the start if `ignore_int` (as `cmd &` in a script).
fn spawn_ignoring(s: &Sandbox, args: &[&str], ignore_int: bool) -> Child {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(env!("CARGO_BIN_EXE_handout"));
    // handout keeps ignoring a signal that was ignored when it started (a background job of a
    // script); these tests must not depend on how they themselves were started.
    // SAFETY: `signal` is async-signal-safe, as `pre_exec` requires.
    unsafe {
        command.pre_exec(move || {
            libc::signal(libc::SIGINT, if ignore_int { libc::SIG_IGN } else { libc::SIG_DFL });
            libc::signal(libc::SIGTERM, libc::SIG_DFL);
            libc::signal(libc::SIGHUP, libc::SIG_DFL);
            Ok(())
        });
    }
    command
        .args(args)
        .current_dir(s.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(s.join("stderr.txt")).expect("stderr file"))
        .spawn()
        .expect("start the handout binary")
}

/// Sends a real signal (`INT`, `TERM`, `KILL`).
fn signal(child: &Child, name: &str) {
    let status = Command::new("kill").arg(format!("-{name}")).arg(child.id().to_string()).status().expect("run kill");
    assert!(status.success(), "kill -{name}");
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

fn pdfs(dir: &Path) -> Vec<String> {
    names(dir).into_iter().filter(|n| n.ends_with(".pdf")).collect()
}

/// Temporary files, named or left over.
fn temporaries(dir: &Path) -> Vec<String> {
    names(dir).into_iter().filter(|n| n.starts_with(".handout-") || n.ends_with(".tmp")).collect()
}

/// Waits until `dir` holds at least `n` PDFs (or the child has exited).
fn wait_for_pdfs(dir: &Path, n: usize, child: &mut Child) {
    let start = Instant::now();
    while pdfs(dir).len() < n {
        assert!(child.try_wait().expect("poll").is_none(), "the batch ended before {n} handouts existed");
        assert!(start.elapsed() < Duration::from_secs(120), "no {n} handouts after 2 minutes");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Every PDF in `dir` is complete: lopdf reads it and it has pages.
fn all_complete(dir: &Path) {
    for name in pdfs(dir) {
        let bytes = std::fs::read(dir.join(&name)).expect("read a handout");
        let doc = lopdf::Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{name} is not a complete PDF: {e}"));
        assert!(!doc.get_pages().is_empty(), "{name} has no pages");
    }
}

/// The report's rows: (status, output).
fn report_rows(path: &Path) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_path(path).expect("read the report");
    r.records().map(|rec| rec.expect("a report row")).map(|rec| (rec[3].to_string(), rec[4].to_string())).collect()
}

/// "stopped: 8 written, 0 failed, 112 not started" → (8, 0, 112).
fn stopped_line(stderr: &str) -> (usize, usize, usize) {
    let line = stderr.lines().rev().find(|l| l.starts_with("stopped: ")).unwrap_or_else(|| panic!("no `stopped:` line in:\n{stderr}"));
    let numbers: Vec<usize> = line.split(|c: char| !c.is_ascii_digit()).filter(|w| !w.is_empty()).map(|w| w.parse().unwrap()).collect();
    assert!(line.ends_with(" not started") && numbers.len() == 3, "{line}");
    (numbers[0], numbers[1], numbers[2])
}

#[test]
fn sigint_sigterm_and_sighup_stop_a_batch_cleanly_and_skip_existing_resumes_exactly() {
    const ROWS: usize = 120;
    for (name, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let s = roster(ROWS);
        let out = s.join("handouts");
        let mut child = spawn(&s, &["batch", "roster.csv", "--out-dir", "handouts", "-j", "2", "--report", "handouts/report.csv"]);
        wait_for_pdfs(&out, 3, &mut child);
        signal(&child, name);
        let status = child.wait().expect("wait");
        let stderr = std::fs::read_to_string(s.join("stderr.txt")).unwrap();
        assert_eq!(status.code(), Some(code), "SIG{name}: exit code; stderr:\n{stderr}");
        assert!(stderr.contains("stopping: the handouts being made are finished and no new one is started"), "{stderr}");
        let (written, failed, not_started) = stopped_line(&stderr);
        assert_eq!((written + not_started, failed), (ROWS, 0), "{stderr}");
        assert!(not_started > 0, "the signal came too late to test anything: {stderr}");
        assert_eq!(temporaries(&out), Vec::<String>::new(), "SIG{name} left temporary files");
        assert_eq!(pdfs(&out).len(), written);
        all_complete(&out);
        let rows = report_rows(&out.join("report.csv"));
        assert_eq!(rows.len(), ROWS);
        assert_eq!(rows.iter().filter(|(status, _)| status == "not started").count(), not_started);
        for (status, output) in &rows {
            let exists = s.join(output).is_file();
            assert_eq!(exists, status == "written", "{output} is {status}");
        }

        // Resume: exactly the rows not started are made.
        let run = s.run(&["batch", "roster.csv", "--out-dir", "handouts", "-j", "2", "--skip-existing"]);
        run.ok();
        let made = run.stderr.lines().filter(|l| l.starts_with("wrote ")).count();
        assert_eq!(made, not_started, "{}", run.stderr);
        assert!(run.stderr.ends_with(&format!("{not_started} written, {written} skipped (already there), 0 failed\n")), "{}", run.stderr);
        assert_eq!(pdfs(&out).len(), ROWS);
        all_complete(&out);
    }
}

#[test]
fn a_ctrl_c_ignored_from_the_start_stays_ignored() {
    let s = roster(120);
    let out = s.join("handouts");
    let mut child = spawn_ignoring(&s, &["batch", "roster.csv", "--out-dir", "handouts", "-j", "2"], true);
    wait_for_pdfs(&out, 3, &mut child);
    signal(&child, "INT");
    std::thread::sleep(Duration::from_millis(300));
    let after_int = pdfs(&out).len();
    signal(&child, "TERM");
    let status = child.wait().expect("wait");
    let stderr = std::fs::read_to_string(s.join("stderr.txt")).unwrap();
    assert_eq!(status.code(), Some(143), "{stderr}");
    assert_eq!(stderr.matches("stopping:").count(), 1, "only SIGTERM stops it: {stderr}");
    assert!(after_int > 3 || stopped_line(&stderr).0 > 3, "it went on after SIGINT: {stderr}");
}

#[test]
fn a_second_ctrl_c_stops_at_once_and_leaves_no_temporary_file() {
    // A large photo takes seconds to decode in a debug build, so both signals come while the
    // batch is busy with it.
    let s = roster(20);
    let photo = image::RgbImage::from_fn(4000, 3000, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8]));
    photo.save(s.join("photo.png")).expect("write a photo");
    s.write("program.yaml", format!("{PROGRAM}brand: {{name: Riverside, logo: photo.png}}\n"));
    let out = s.join("handouts");
    let mut child = spawn(&s, &["batch", "roster.csv", "--out-dir", "handouts", "--report", "handouts/report.csv"]);
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "INT");
    std::thread::sleep(Duration::from_millis(200));
    signal(&child, "INT");
    let status = child.wait().expect("wait");
    let stderr = std::fs::read_to_string(s.join("stderr.txt")).unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("stopped at once: the handouts being made were dropped, and no report was written"), "{stderr}");
    assert_eq!(temporaries(&out), Vec::<String>::new());
    assert!(!out.join("report.csv").exists());
    all_complete(&out);
}

#[test]
fn kill_9_never_leaves_a_named_partial_pdf() {
    let s = roster(60);
    let out = s.join("handouts");
    // Killed while making new handouts, then while replacing them (--force), at a few moments.
    for (round, args) in [(0, &[][..]), (1, &["--force"][..]), (2, &["--force"][..])] {
        let mut all = vec!["batch", "roster.csv", "--out-dir", "handouts", "-j", "2"];
        all.extend_from_slice(args);
        if round == 0 {
            all.push("--skip-existing");
        }
        let mut child = spawn(&s, &all);
        wait_for_pdfs(&out, 2 + round * 5, &mut child);
        std::thread::sleep(Duration::from_millis(37 * round as u64));
        signal(&child, "KILL");
        let status = child.wait().expect("wait");
        assert_eq!(std::os::unix::process::ExitStatusExt::signal(&status), Some(9));
        // Unnamed temporary files have no name to leave; a named one (only while a replaced
        // handout is renamed into place) holds a finished PDF and goes with the next run.
        all_complete(&out);
        for t in temporaries(&out) {
            let bytes = std::fs::read(out.join(&t)).unwrap();
            lopdf::Document::load_mem(&bytes).unwrap_or_else(|e| panic!("the temporary file {t} is a partial PDF: {e}"));
        }
    }
    let run = s.run(&["batch", "roster.csv", "--out-dir", "handouts", "-j", "2", "--skip-existing"]);
    run.ok();
    assert_eq!(temporaries(&out), Vec::<String>::new(), "the next run removes what a killed one left");
    assert_eq!(pdfs(&out).len(), 60);
    all_complete(&out);
}

#[test]
fn temporary_files_of_a_killed_run_are_removed_by_the_next_run_and_others_kept() {
    let s = roster(2);
    std::fs::create_dir(s.join("handouts")).unwrap();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let host: String = host.trim().chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    let mut ended = Command::new("true").spawn().unwrap();
    let dead = ended.id();
    ended.wait().unwrap();
    let stale = format!(".handout-{host}-{dead}-0123456789ab.tmp");
    let live = format!(".handout-{host}-{}-0123456789ab.tmp", std::process::id());
    let elsewhere = format!(".handout-another-computer-{dead}-0123456789ab.tmp");
    for name in [&stale, &live, &elsewhere] {
        s.write(&format!("handouts/{name}"), b"%PDF-1.7 half a handout");
    }
    s.run(&["batch", "roster.csv", "--out-dir", "handouts"]).ok();
    let left = temporaries(&s.join("handouts"));
    assert_eq!(left, {
        let mut v = vec![elsewhere.clone(), live.clone()];
        v.sort();
        v
    });
}

#[test]
fn csv_report_cells_cannot_run_as_formulas_and_json_keeps_the_text() {
    let s = Sandbox::new();
    s.write("program.yaml", PROGRAM);
    let names = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1-2", "-3+4", "@SUM(A1)", "Zoë O'Brien"];
    let mut csv = String::from("patient,date,clinician,prescription,email\n");
    for n in names {
        csv.push_str(&format!("\"{}\",2026-11-21,Alex Rivera,program.yaml,{}\n", n.replace('"', "\"\""), "=1+1@example.com"));
    }
    s.write("roster.csv", csv);
    s.run(&["batch", "roster.csv", "--out-dir", "handouts", "--report", "report.csv"]).ok();
    s.run(&["batch", "roster.csv", "--out-dir", "handouts", "--skip-existing", "--report", "report.json"]).ok();
    let mut r = csv::Reader::from_path(s.join("report.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    for (row, name) in rows.iter().zip(names) {
        let want = if name.starts_with(['=', '+', '-', '@']) { format!("'{name}") } else { name.to_string() };
        assert_eq!(&row[1], want);
        assert_eq!(&row[2], "'=1+1@example.com");
        assert!(!row.iter().any(|cell| cell.starts_with(['=', '+', '-', '@', '\t', '\r'])), "{row:?}");
    }
    let json: serde_json::Value = serde_json::from_slice(&s.read("report.json")).unwrap();
    for (i, name) in names.iter().enumerate() {
        assert_eq!(json["rows"][i]["patient"], *name);
    }
    // The report of a batch is still a report: running again replaces it without --force.
    s.run(&["batch", "roster.csv", "--out-dir", "handouts", "--skip-existing", "--report", "report.csv"]).ok();
}
