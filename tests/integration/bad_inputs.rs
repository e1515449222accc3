//! The bad-input catalogue: every folder in `tests/bad_inputs/` is one wrong (or odd) input and
//! the exact answer a user gets for it.
//!
//! A case folder holds the input files, a `cmd` file (the arguments, split on whitespace) and an
//! `expected` file: `exit: N` on the first line, then the exact standard error. Optional:
//!
//! - `setup`: one step per line, done in the copy before the run:
//!   `mkdir DIR`, `chmod MODE PATH` (the case is skipped when the change has no effect, as for
//!   root), `huge FILE BYTES` (a valid YAML file of exactly that size, too big to commit),
//!   `ulimit-f BLOCKS` (run under a file size limit, as on a full disk), and `env NAME VALUE`
//!   (an environment variable; every case runs with `SOURCE_DATE_EPOCH=1795219200` unless a
//!   case sets it), `mkfifo PATH` (a named pipe), `symlink TARGET PATH` (such as a link to
//!   /dev/zero), `deep-svg FILE LEVELS` (an SVG of that many nested groups), `font-without-glyf
//!   FILE` (the built-in Lato without its glyph outlines), `stdin FILE` (the file as standard
//!   input; otherwise it is empty), `stderr-closed` (standard error is a pipe nobody reads,
//!   as after `2>&1 | head -3`; the expected text is then empty), `stdout-closed` (standard
//!   output is closed, as after `>&-`), `copy FROM TO` (a copy of a case file) and `umask MODE` (the run's umask, such as 077).
//! - `replaced`: files of the case that the run may replace (with `--force`, or an
//!   incomplete handout made again), one path per line; every other input must be unchanged.
//! - `modes`: the permissions of files after the run, one `PATH MODE` per line (octal), looked
//!   at before any `chmod` of the setup is undone.
//! - `files`: every file the run must create, one path per line, relative to the case folder.
//! - `pdf-text`: text that `out.pdf` must show, one piece per line (whitespace collapsed), for
//!   inputs such as PDF syntax characters that must print literally.
//!
//! Each case runs in a copy of its folder, nested a few levels deep in a temporary folder, with
//! that copy as the current directory, so paths in messages are short and the same everywhere,
//! and a file written outside the copy is caught. After every run: no `*.tmp` file is left, the
//! input files are unchanged, every new PDF parses and has pages, its text starts on the page and
//! no line is too long to fit on it, and a failed run made no PDF.
//! A run longer than 5 s fails (a hang guard, not a benchmark).
//!
//! `UPDATE_EXPECTED=1 cargo test --test integration bad_inputs` rewrites the `expected` (and existing `files`)
//! files from what the binary does now; review the diff before committing it.
//!
//! Messages that print a size in KB ("wrote out.pdf (1 page, 24 KB)") are compared with the number
//! replaced by `N`, so work on the renderer does not churn the catalogue.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;

const MIN_CASES: usize = 100;
const TIME_LIMIT: Duration = Duration::from_secs(5);
/// Files in a case folder that describe the case rather than being its input.
const CASE_FILES: [&str; 7] = ["cmd", "expected", "setup", "files", "pdf-text", "modes", "replaced"];

fn catalogue() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("bad_inputs")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(catalogue())
        .expect("tests/bad_inputs exists")
        .map(|e| e.expect("read tests/bad_inputs").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn the_catalogue_is_big_enough_and_every_case_is_complete() {
    let cases = cases();
    assert!(cases.len() >= MIN_CASES, "the catalogue has {} cases; it must have at least {MIN_CASES}", cases.len());
    for case in &cases {
        assert!(case.join("cmd").is_file(), "{} has no cmd file", case.display());
        if std::env::var_os("UPDATE_EXPECTED").is_none() {
            assert!(case.join("expected").is_file(), "{} has no expected file (run with UPDATE_EXPECTED=1)", case.display());
        }
    }
}

#[test]
fn every_bad_input_gets_its_exact_answer() {
    let cases = cases();
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: std::sync::Mutex<BTreeMap<String, Outcome>> = std::sync::Mutex::default();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(case) = cases.get(i) else { break };
                let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let outcome = std::panic::catch_unwind(|| run_case(case, update))
                    .unwrap_or_else(|p| Outcome::Failed(format!("the harness panicked: {}", panic_text(&p))));
                results.lock().unwrap_or_else(|p| p.into_inner()).insert(name, outcome);
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut failures = Vec::new();
    for (name, outcome) in &results {
        match outcome {
            Outcome::Passed => {}
            Outcome::Skipped(why) => eprintln!("skipped {name}: {why}"),
            Outcome::Failed(why) => failures.push(format!("=== {name}\n{why}")),
        }
    }
    assert!(results.len() >= MIN_CASES, "only {} cases ran", results.len());
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), results.len(), failures.join("\n\n"));
}

enum Outcome {
    Passed,
    Skipped(String),
    Failed(String),
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
}

fn run_case(case: &Path, update: bool) -> Outcome {
    let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let cmd = fs::read_to_string(case.join("cmd")).expect("read cmd");
    let args: Vec<&str> = cmd.split_whitespace().collect();

    // tmp/sandbox/a/b/<case>: a path that escapes the case folder by `../..` still lands in the
    // temporary folder, where it is found.
    let tmp = tempfile::tempdir().expect("create a temp dir");
    let root = tmp.path().join("sandbox");
    let work = root.join("a").join("b").join(&name);
    copy_dir(case, &work);

    let mut file_limit = None;
    let mut stdin_file: Option<PathBuf> = None;
    let mut stderr_closed = false;
    let mut stdout_closed = false;
    let mut umask: Option<String> = None;
    let mut restore = Vec::new();
    let mut envs: Vec<(String, String)> = vec![("SOURCE_DATE_EPOCH".into(), "1795219200".into())];
    let setup = fs::read_to_string(case.join("setup")).unwrap_or_default();
    for line in setup.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["mkdir", dir] => fs::create_dir_all(work.join(dir)).expect("mkdir"),
            ["huge", file, bytes] => fs::write(work.join(file), huge_yaml(bytes.parse().expect("huge: a byte count"))).expect("huge"),
            ["ulimit-f", blocks] => file_limit = Some(blocks.to_string()),
            ["mkfifo", path] => make_fifo(&work.join(path)),
            ["symlink", target, path] => symlink(target, &work.join(path)),
            ["deep-svg", file, levels] => {
                fs::write(work.join(file), deep_svg(levels.parse().expect("deep-svg: a number"))).expect("deep-svg")
            }
            ["font-without-glyf", file] => {
                let path = work.join(file);
                fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
                fs::write(path, font_without_glyf()).expect("font-without-glyf")
            }
            ["stdin", file] => stdin_file = Some(work.join(file)),
            ["stderr-closed"] => stderr_closed = true,
            ["stdout-closed"] => stdout_closed = true,
            ["copy", from, to] => {
                fs::copy(work.join(from), work.join(to)).expect("copy");
            }
            ["umask", mode] => umask = Some(mode.to_string()),
            ["env", key, value @ ..] => {
                envs.retain(|(k, _)| k != key);
                envs.push((key.to_string(), value.join(" ")));
            }
            ["chmod", mode, path] => {
                let path = work.join(path);
                let mode = u32::from_str_radix(mode, 8).expect("chmod: an octal mode");
                set_mode(&path, mode);
                restore.push(path.clone());
                if still_allowed(&path, mode) {
                    restore_modes(&restore);
                    return Outcome::Skipped(format!("`chmod {mode:o}` has no effect here (running as root?)"));
                }
            }
            _ => panic!("{name}: unknown setup line `{line}`"),
        }
    }

    let before = snapshot(&root);
    let stdout_path = tmp.path().join("stdout");
    let stderr_path = tmp.path().join("stderr");
    let bin = env!("CARGO_BIN_EXE_handout");
    // A file size limit makes writes fail as on a full disk; SIGXFSZ is ignored so the write
    // returns an error instead of killing the process. A umask and a closed standard output
    // are set by the shell too.
    let mut shell = Vec::new();
    if let Some(blocks) = &file_limit {
        shell.push(format!("trap '' XFSZ; ulimit -f {blocks}"));
    }
    if let Some(mode) = &umask {
        shell.push(format!("umask {mode}"));
    }
    let mut command = if shell.is_empty() && !stdout_closed {
        let mut c = Command::new(bin);
        c.args(&args);
        c
    } else {
        let close = if stdout_closed { " >&-" } else { "" };
        shell.push(format!("exec \"$0\" \"$@\"{close}"));
        let mut c = Command::new("sh");
        c.arg("-c").arg(shell.join("; ")).arg(bin).args(&args);
        c
    };
    command
        .current_dir(&work)
        .envs(envs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env_remove("RUST_BACKTRACE")
        .stdin(match &stdin_file {
            Some(file) => Stdio::from(fs::File::open(file).expect("open the stdin file")),
            None => Stdio::null(),
        })
        .stdout(fs::File::create(&stdout_path).expect("stdout file"));
    // A closed standard error: a pipe whose reading end is gone, as after `2>&1 | head -3`.
    if stderr_closed {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        command.stderr(writer);
    } else {
        command.stderr(fs::File::create(&stderr_path).expect("stderr file"));
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("run the handout binary");
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the binary") {
            break Some(status);
        }
        if started.elapsed() > TIME_LIMIT * 2 {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    let modes_path = case.join("modes");
    let modes_found = fs::read_to_string(&modes_path).ok().map(|want| {
        let got: String =
            want.lines().filter_map(|l| l.split_whitespace().next()).map(|p| format!("{p} {}\n", mode_of(&work.join(p)))).collect();
        (want, got)
    });
    restore_modes(&restore);

    let stderr = String::from_utf8_lossy(&fs::read(&stderr_path).unwrap_or_default()).into_owned();
    let exit = match status {
        None => "killed after a hang".to_string(),
        Some(s) => match s.code() {
            Some(code) => code.to_string(),
            None => format!("signal {}", signal_of(&s)),
        },
    };
    let actual = format!("exit: {exit}\n{}", normalise(&stderr));
    let command_line = format!("(in {}) handout {}", work.display(), args.join(" "));

    let mut problems = Vec::new();
    if elapsed > TIME_LIMIT {
        problems.push(format!("took {:.1} s; the limit is {} s", elapsed.as_secs_f32(), TIME_LIMIT.as_secs()));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        problems.push("the binary panicked".to_string());
    }

    // What the run left behind.
    let after = snapshot(&root);
    let replaced: Vec<String> =
        fs::read_to_string(case.join("replaced")).unwrap_or_default().lines().map(|l| format!("a/b/{name}/{}", l.trim())).collect();
    for (path, bytes) in &before {
        match after.get(path) {
            Some(now) if now == bytes => {}
            Some(now) if replaced.contains(path) => {
                if path.to_ascii_lowercase().ends_with(".pdf") {
                    if let Err(why) = check_pdf(now) {
                        problems.push(format!("{path} was replaced by an incomplete PDF: {why}"));
                    }
                }
            }
            Some(_) => problems.push(format!("the input {path} was changed")),
            None => problems.push(format!("the input {path} was removed")),
        }
    }
    let created: Vec<&String> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    let prefix = format!("a/b/{name}/");
    for path in &created {
        if path.ends_with(".tmp") || path.contains("/.handout-") {
            problems.push(format!("a temporary file was left behind: {path}"));
        }
        if !path.starts_with(&prefix) {
            problems.push(format!("a file was written outside the case folder: {path}"));
        }
        if path.to_ascii_lowercase().ends_with(".pdf") {
            if let Err(why) = check_pdf(&after[*path]) {
                problems.push(format!("{path} is not a complete PDF: {why}"));
            }
        }
    }
    if let Ok(want) = fs::read_to_string(case.join("pdf-text")) {
        match after.get(&format!("{prefix}out.pdf")) {
            None => problems.push("`pdf-text` is given but no out.pdf was made".to_string()),
            Some(bytes) => {
                let text = common::Pdf::parse(bytes).flat_text();
                for piece in want.lines().map(common::normalise).filter(|l| !l.is_empty()) {
                    if !text.contains(&piece) {
                        problems.push(format!("out.pdf does not show `{piece}`; its text is:\n{text}"));
                    }
                }
            }
        }
    }
    if exit != "0" && created.iter().any(|p| p.ends_with("/out.pdf")) {
        problems.push("the run failed but out.pdf was written".to_string());
    }
    let created_here: Vec<String> = created.iter().filter_map(|p| p.strip_prefix(&prefix)).map(str::to_string).collect();
    let files_path = case.join("files");
    if files_path.is_file() {
        let want = fs::read_to_string(&files_path).expect("read files");
        let got = created_here.iter().map(|p| format!("{p}\n")).collect::<String>();
        if update {
            fs::write(&files_path, &got).expect("write files");
        } else if want != got {
            problems.push(format!("the files made differ from `files`:\n{}", diff(&want, &got)));
        }
    }

    if let Some((want, got)) = modes_found {
        if update {
            fs::write(&modes_path, &got).expect("write modes");
        } else if want != got {
            problems.push(format!("the permissions differ from `modes`:\n{}", diff(&want, &got)));
        }
    }

    let expected_path = case.join("expected");
    let expected = fs::read_to_string(&expected_path).unwrap_or_default();
    if update {
        if expected != actual {
            fs::write(&expected_path, &actual).expect("write expected");
        }
    } else if expected != actual {
        problems.push(format!("standard error or exit code differs (- expected, + actual):\n{}", diff(&expected, &actual)));
    }

    if problems.is_empty() {
        Outcome::Passed
    } else {
        Outcome::Failed(format!("{command_line}\n{}", problems.join("\n")))
    }
}

#[cfg(unix)]
fn signal_of(status: &std::process::ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    status.signal().unwrap_or(0)
}

#[cfg(not(unix))]
fn signal_of(_: &std::process::ExitStatus) -> i32 {
    0
}

/// "wrote out.pdf (1 page, 24 KB)" → "wrote out.pdf (1 page, N KB)".
fn normalise(stderr: &str) -> String {
    let mut out = String::with_capacity(stderr.len());
    let mut rest = stderr;
    while let Some(i) = rest.find(" KB)") {
        let head = &rest[..i];
        let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push_str(&head[..head.len() - digits]);
            out.push('N');
        } else {
            out.push_str(head);
        }
        out.push_str(" KB)");
        rest = &rest[i + 4..];
    }
    out.push_str(rest);
    out
}

#[cfg(unix)]
fn make_fifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(not(unix))]
fn make_fifo(_: &Path) {}

#[cfg(unix)]
fn symlink(target: &str, path: &Path) {
    std::os::unix::fs::symlink(target, path).expect("symlink");
}

#[cfg(not(unix))]
fn symlink(_: &str, _: &Path) {}

/// An SVG with `levels` nested groups around one square (350 KB for 50,000).
fn deep_svg(levels: usize) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200">{}<rect width="100" height="100" fill="#1F5F8B"/>{}</svg>"##,
        "<g>".repeat(levels),
        "</g>".repeat(levels)
    )
}

/// The built-in Lato with its `glyf` table (the glyph outlines) renamed away: a damaged font.
fn font_without_glyf() -> Vec<u8> {
    let mut font = fs::read(common::repo().join("fonts/Lato-Regular.ttf")).expect("read Lato");
    let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
    for i in 0..tables {
        let at = 12 + 16 * i;
        if &font[at..at + 4] == b"glyf" {
            font[at + 3] = b'x';
        }
    }
    font
}

/// A prescription of exactly `bytes` bytes: valid YAML, padded with comment lines.
fn huge_yaml(bytes: usize) -> Vec<u8> {
    let mut text = String::from("title: Hip program\nexercises: [bridge]\n");
    let line = "# Padding: a long exported note that a practice system appended to the file.\n";
    while text.len() + line.len() <= bytes {
        text.push_str(line);
    }
    while text.len() < bytes {
        text.push('#');
    }
    text.into_bytes()
}

/// The PDF parses, has pages, and its text is on them: every line starts inside the page, and no
/// line has more characters than fit across it even at 4 pt type (about 2 pt a character), which
/// catches a long word that was not broken.
fn check_pdf(bytes: &[u8]) -> Result<(), String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| e.to_string())?;
    if doc.get_pages().is_empty() {
        return Err("it has no pages".into());
    }
    let pdf = common::Pdf::parse(bytes);
    for (page, ((width, height), lines)) in pdf.page_sizes().into_iter().zip(pdf.page_lines()).enumerate() {
        for line in lines {
            let chars = line.text.chars().count() as f32;
            if line.x < 0.0 || line.x >= width || line.y < 0.0 || line.y > height || line.x + chars * 2.0 > width {
                return Err(format!("on page {} the line at x {:.0}, y {:.0} leaves the page: {}", page + 1, line.x, line.y, line.text));
            }
        }
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create the case copy");
    for entry in fs::read_dir(from).expect("read a case") {
        let entry = entry.expect("read a case entry");
        let name = entry.file_name();
        let target = to.join(&name);
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else if !CASE_FILES.iter().any(|c| name == *c) {
            fs::copy(entry.path(), &target).expect("copy a case file");
        }
    }
}

/// Every file under `root` (relative path → contents); unreadable files count as empty.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => walk(&path, root, out),
                Ok(t) if t.is_symlink() => {
                    let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                    out.insert(rel, fs::read_link(&path).map(|t| t.to_string_lossy().into_owned().into_bytes()).unwrap_or_default());
                }
                Ok(t) if !t.is_file() => {
                    // A named pipe: listed, never read (reading one waits for a writer).
                    let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                    out.insert(rel, b"(not a regular file)".to_vec());
                }
                Ok(_) => {
                    let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                    out.insert(rel, fs::read(&path).unwrap_or_default());
                }
                Err(_) => {}
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// A file's permissions in octal, or `missing`.
fn mode_of(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).map(|m| format!("{:o}", m.permissions().mode() & 0o777)).unwrap_or_else(|_| "missing".into())
    }
    #[cfg(not(unix))]
    {
        if path.exists() {
            "-".into()
        } else {
            "missing".into()
        }
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

/// Whether a permission change did not take (root, or a system without Unix permissions).
fn still_allowed(path: &Path, mode: u32) -> bool {
    if !cfg!(unix) {
        return true;
    }
    if path.is_dir() {
        if mode & 0o222 != 0 {
            return false;
        }
        let probe = path.join(".probe");
        let allowed = fs::write(&probe, b"x").is_ok();
        let _ = fs::remove_file(&probe);
        allowed
    } else {
        mode & 0o444 == 0 && fs::read(path).is_ok()
    }
}

fn restore_modes(paths: &[PathBuf]) {
    for p in paths {
        set_mode(p, if p.is_dir() { 0o755 } else { 0o644 });
    }
}

/// A line diff good enough for short messages: the common head and tail, then what differs.
fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let head = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let tail = e[head..].iter().rev().zip(a[head..].iter().rev()).take_while(|(x, y)| x == y).count();
    let mut out = String::new();
    for l in &e[..head] {
        out.push_str(&format!("  {l}\n"));
    }
    for l in &e[head..e.len() - tail] {
        out.push_str(&format!("- {l}\n"));
    }
    for l in &a[head..a.len() - tail] {
        out.push_str(&format!("+ {l}\n"));
    }
    for l in &e[e.len() - tail..] {
        out.push_str(&format!("  {l}\n"));
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("(the final line break differs)\n");
    }
    out
}
