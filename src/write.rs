//! Writing files so that nobody ever sees half of one, and nothing but a finished file ever has
//! a name.
//!
//! On Linux the bytes go into an unnamed file in the target's folder (`O_TMPFILE`), which is
//! written, synced and only then linked into place; killed at any moment before that, the
//! process leaves nothing behind. Replacing a file (`--force`) links the finished file under a
//! temporary name and renames it over the old one. Where unnamed files are not supported (some
//! network shares) a named temporary file (`.handout-HOST-PID-RANDOM.tmp`) is written instead;
//! while it exists it is listed in `Temps`, so whoever stops the process can remove it, and
//! one left by a killed run is removed by the next run into the same folder (`remove_stale`).
//!
//! New files get the usual permissions (0666 less the process's umask, applied by the kernel);
//! a replaced file keeps its mode and, where allowed, its owner. Only regular files are written
//! or replaced: a folder, a named pipe, a device or a link to nowhere at the target is refused.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::cache::lock;
use crate::error::{Error, Result};
use crate::model::Input;

/// What to do when the target already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Keep it and fail, with this hint (how to replace it or write elsewhere).
    Keep(&'static str),
    /// Replace it.
    Replace,
}

/// How to write one file.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions<'a> {
    pub existing: Existing,
    /// Where named temporary files are listed while they exist.
    pub temps: &'a Temps,
    /// Readable by its owner only (0600), whatever the umask (a file of passwords).
    pub private: bool,
}

impl<'a> WriteOptions<'a> {
    pub fn new(existing: Existing, temps: &'a Temps) -> Self {
        WriteOptions { existing, temps, private: false }
    }
}

/// The temporary files of this process that have a name, while they have one. A process that
/// must stop at once (a second Ctrl-C) calls `remove_all`, and no new one is made after that.
/// Unnamed temporary files are not listed: they vanish with the process.
#[derive(Debug, Clone, Default)]
pub struct Temps(Arc<Mutex<Listed>>);

#[derive(Debug, Default)]
struct Listed {
    paths: Vec<PathBuf>,
    closed: bool,
}

impl Temps {
    /// Removes every listed temporary file; from now on none can be made. Returns how many
    /// were removed.
    pub fn remove_all(&self) -> usize {
        let mut listed = lock(&self.0);
        listed.closed = true;
        // Under the lock: a file being made now is listed before this runs, and none is made
        // after it (`make` sees `closed`).
        let paths = std::mem::take(&mut listed.paths);
        paths.iter().filter(|p| std::fs::remove_file(p).is_ok()).count()
    }

    /// The listed paths (for tests).
    pub fn listed(&self) -> Vec<PathBuf> {
        lock(&self.0).paths.clone()
    }

    /// Makes the named file `path` with `make` and lists it, both under the lock, so that
    /// `remove_all` either sees it or runs before it is made.
    fn make<T>(&self, path: &Path, make: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
        let mut listed = lock(&self.0);
        if listed.closed {
            return Err(std::io::Error::new(std::io::ErrorKind::Interrupted, "the program is stopping"));
        }
        let made = make()?;
        listed.paths.push(path.to_path_buf());
        Ok(made)
    }

    fn forget(&self, path: &Path) {
        lock(&self.0).paths.retain(|p| p != path);
    }
}

/// The files a run reads, which none of its outputs may replace. Files are compared by what
/// they are (device and inode), so a second name for one (a link, `./x`, an absolute path)
/// is caught too.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    files: Vec<(FileId, Input)>,
}

/// What a file is, whatever it is called.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        path.canonicalize().ok()
    }
}

impl Protected {
    pub fn new(inputs: impl IntoIterator<Item = Input>) -> Self {
        let mut p = Protected::default();
        p.add(inputs);
        p
    }

    /// Adds files; one that does not exist cannot be replaced, and is left out.
    pub fn add(&mut self, inputs: impl IntoIterator<Item = Input>) {
        for input in inputs {
            if let Some(id) = file_id(&input.path) {
                if !self.files.iter().any(|(known, _)| *known == id) {
                    self.files.push((id, input));
                }
            }
        }
    }

    /// The input that writing `output` would replace, if any.
    pub fn replaced_by(&self, output: &Path) -> Option<&Input> {
        let id = file_id(output)?;
        self.files.iter().find(|(known, _)| *known == id).map(|(_, input)| input)
    }

    /// The error when it would: "-o brand.yaml would replace the brand file brand.yaml".
    /// `output` names the output as the user gave it; `hint` says how to name another.
    pub fn check(&self, output: &Path, named: &str, hint: &str) -> Result<()> {
        match self.replaced_by(output) {
            None => Ok(()),
            Some(input) => Err(Error::input(format!("{named} would replace {} {}", input.role.name(), input.path.display()))
                .hint(format!("handout never writes over a file it reads; {hint}"))),
        }
    }
}

/// The error for an output that is already there; the caller adds the hint that fits.
pub fn already_exists(path: &Path) -> Error {
    Error::input(format!("{} already exists", path.display()))
}

/// "wrote out.pdf (3 pages, 57 KB)"
pub fn wrote(path: &Path, pages: usize, bytes: usize) -> String {
    let noun = if pages == 1 { "page" } else { "pages" };
    format!("wrote {} ({pages} {noun}, {} KB)", path.display(), bytes.div_ceil(1024))
}

/// Writes `bytes` to `path` atomically, with no list of temporary files (nothing else stops
/// this process while it writes).
pub fn write_atomic(path: &Path, bytes: &[u8], existing: Existing) -> Result<()> {
    write(path, bytes, WriteOptions::new(existing, &Temps::default()))
}

/// What is at an output path before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Nothing: the file will be new.
    Missing,
    /// A regular file (or a link to one).
    File,
    /// A folder.
    Folder,
    /// A named pipe, a device or a socket, in words.
    Special(&'static str),
    /// A symbolic link whose target does not exist.
    Dangling(PathBuf),
}

impl Target {
    pub fn of(path: &Path) -> Target {
        match std::fs::symlink_metadata(path) {
            Err(_) => Target::Missing,
            Ok(link) => match std::fs::metadata(path) {
                Err(_) if link.file_type().is_symlink() => Target::Dangling(std::fs::read_link(path).unwrap_or_default()),
                Err(_) => Target::Missing,
                Ok(m) if m.is_dir() => Target::Folder,
                Ok(m) => match crate::load::special_kind(&m.file_type()) {
                    Some(kind) => Target::Special(kind),
                    None => Target::File,
                },
            },
        }
    }

    /// Whether something is there, whatever it is.
    pub fn exists(&self) -> bool {
        *self != Target::Missing
    }
}

/// The error for an output path that names something that is not a regular file. `None` for a
/// missing or regular file.
pub fn not_writable(path: &Path, target: &Target) -> Option<Error> {
    let shown = path.display();
    match target {
        Target::Missing | Target::File => None,
        Target::Folder => Some(
            Error::input(format!("cannot write {shown}: it is a directory"))
                .hint(format!("give a file name ending in .pdf, for example {}", path.join("handout.pdf").display())),
        ),
        Target::Special(kind) => Some(
            Error::input(format!("cannot write {shown}: it is {kind}, not a regular file"))
                .hint("handout writes only ordinary files, never onto a pipe or a device; choose another name"),
        ),
        Target::Dangling(to) => Some(
            Error::input(format!("cannot write {shown}: it is a link to {}, which does not exist", to.display()))
                .hint("remove the link, or choose another name"),
        ),
    }
}

/// The folder a file is written in.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `path` atomically: a reader sees the old file or the new one, never a
/// part, and an interrupted write leaves no named partial file (see the module's notes).
pub fn write(path: &Path, bytes: &[u8], options: WriteOptions<'_>) -> Result<()> {
    if ends_with_separator(path) {
        return Err(if path.is_dir() {
            not_writable(path, &Target::Folder).expect("a folder is not writable")
        } else {
            let folder = path.display().to_string();
            let folder = folder.trim_end_matches(std::path::is_separator);
            Error::input(format!(
                "cannot write {}: a name ending in `/` is a folder, and the folder {folder} does not exist",
                path.display()
            ))
            .hint(format!("give a file name, for example {}, in a folder that exists", Path::new(folder).join("handout.pdf").display()))
        });
    }
    let target = Target::of(path);
    if let Some(e) = not_writable(path, &target) {
        return Err(e);
    }
    if let (Existing::Keep(hint), Target::File) = (options.existing, &target) {
        return Err(already_exists(path).hint(hint));
    }
    let dir = folder_of(path);
    if !dir.is_dir() {
        return Err(Error::input(format!("cannot write {}: the folder {} does not exist", path.display(), dir.display()))
            .hint("create the folder first, or choose another output path"));
    }
    imp::write(path, dir, bytes, options, target == Target::File)
}

fn ends_with_separator(path: &Path) -> bool {
    path.as_os_str().to_string_lossy().ends_with(std::path::is_separator)
}

/// The prefix and suffix of named temporary files.
const PREFIX: &str = ".handout-";
const SUFFIX: &str = ".tmp";

/// Removes the named temporary files in `dir` that a run of handout on this computer left when
/// it was killed: files named `.handout-HOST-PID-RANDOM.tmp` with this computer's name, owned
/// by this user, whose process is no longer running. Returns how many were removed. Files of
/// a run still going, of another computer (a shared folder) or of another user are left alone.
pub fn remove_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if imp::stale(name, &entry.path()) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// A named temporary file's name: `.handout-HOST-PID-RANDOM.tmp`.
fn temp_name(host: &str, pid: u32) -> String {
    let mut random = [0u8; 6];
    // Without randomness the name is still unique enough with the pid: a clash only makes
    // `create_new` fail and the write be tried under another name.
    let _ = getrandom::fill(&mut random);
    let random: String = random.iter().map(|b| format!("{b:02x}")).collect();
    format!("{PREFIX}{}-{pid}-{random}{SUFFIX}", name_safe(host))
}

/// A computer's name as it goes into a file name: letters, digits, `.` and `-`.
fn name_safe(host: &str) -> String {
    host.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).take(64).collect()
}

/// The host and pid in a temporary file's name.
fn parse_temp_name(name: &str) -> Option<(&str, u32)> {
    let inner = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let mut parts = inner.rsplitn(3, '-');
    let random = parts.next()?;
    let pid = parts.next()?.parse().ok()?;
    let host = parts.next()?;
    (random.len() == 12 && random.bytes().all(|b| b.is_ascii_hexdigit())).then_some((host, pid))
}

/// Whether a file at `path` is a complete PDF, as far as its ends show: it starts with the PDF
/// header, ends with `%%EOF` after a `startxref` whose offset points at a cross-reference
/// table or stream inside the file. A file cut short (a copy or a write that was interrupted)
/// fails. The reason is given in words.
pub fn complete_pdf(path: &Path) -> std::result::Result<(), &'static str> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).map_err(|_| "it cannot be read")?;
    let len = file.metadata().map_err(|_| "it cannot be read")?.len();
    if len == 0 {
        return Err("it is empty");
    }
    let mut head = [0u8; 5];
    if len < 64 || file.read_exact(&mut head).is_err() || &head != b"%PDF-" {
        return Err("it is not a PDF");
    }
    let tail_len = len.min(1024);
    let mut tail = vec![0u8; tail_len as usize];
    file.seek(SeekFrom::Start(len - tail_len)).and_then(|_| file.read_exact(&mut tail)).map_err(|_| "it cannot be read")?;
    let end = tail.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    if !tail[..end].ends_with(b"%%EOF") {
        return Err("it is cut short (it does not end with %%EOF)");
    }
    let Some(at) = tail.windows(9).rposition(|w| w == b"startxref") else { return Err("it is cut short (no startxref)") };
    let digits: String =
        tail[at + 9..].iter().map(|&b| b as char).skip_while(|c| c.is_ascii_whitespace()).take_while(char::is_ascii_digit).collect();
    let offset: u64 = digits.parse().map_err(|_| "it is damaged (startxref has no offset)")?;
    if offset >= len {
        return Err("it is cut short (its cross-reference table is missing)");
    }
    let mut xref = [0u8; 32];
    let n = file.seek(SeekFrom::Start(offset)).and_then(|_| file.read(&mut xref)).map_err(|_| "it cannot be read")?;
    let xref = &xref[..n];
    let is_table = xref.starts_with(b"xref");
    let is_stream = {
        let text = String::from_utf8_lossy(xref);
        let mut words = text.split_ascii_whitespace();
        matches!((words.next(), words.next(), words.next()), (Some(a), Some(b), Some(c)) if a.bytes().all(|b| b.is_ascii_digit()) && b.bytes().all(|b| b.is_ascii_digit()) && c.starts_with("obj"))
    };
    if !is_table && !is_stream {
        return Err("it is damaged (startxref points at nothing)");
    }
    Ok(())
}

/// Syncs a folder, so the names just made in it survive a power loss. Best effort.
pub fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(unix)]
mod imp {
    use std::fs::File;
    use std::io::ErrorKind;
    use std::os::fd::AsFd;
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    use std::path::Path;

    use rustix::fs::{AtFlags, Mode, OFlags, CWD};

    use super::{already_exists, temp_name, Existing, WriteOptions};
    use crate::error::{Error, Result};

    /// The old file's permissions and owner, kept when it is replaced.
    pub(super) struct Kept {
        pub mode: u32,
        pub uid: u32,
        pub gid: u32,
    }

    pub(super) fn write(path: &Path, dir: &Path, bytes: &[u8], options: WriteOptions<'_>, replacing: bool) -> Result<()> {
        let kept = if replacing {
            std::fs::metadata(path).ok().map(|m| Kept { mode: m.mode() & 0o777, uid: m.uid(), gid: m.gid() })
        } else {
            None
        };
        let mode = if options.private { 0o600 } else { 0o666 };
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(done) = unnamed(path, dir, bytes, &options, kept.as_ref(), mode) {
            return done;
        }
        named(path, dir, bytes, &options, kept.as_ref(), mode)
    }

    /// Permissions and owner of the file being written: the old file's, or the private mode.
    fn finish(file: &File, kept: Option<&Kept>, private: bool) {
        if private {
            let _ = rustix::fs::fchmod(file.as_fd(), Mode::from_raw_mode(0o600));
        } else if let Some(k) = kept {
            let _ = rustix::fs::fchmod(file.as_fd(), Mode::from_raw_mode(k.mode));
        }
        if let Some(k) = kept {
            // Allowed for root, and for a group the user is in; otherwise the file is the
            // user's own, as any file they write.
            let _ = rustix::fs::fchown(file.as_fd(), Some(rustix::fs::Uid::from_raw(k.uid)), Some(rustix::fs::Gid::from_raw(k.gid)));
        }
    }

    fn write_all(file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        file.write_all(bytes)?;
        file.sync_all()
    }

    /// Through an unnamed file. `None` when the file system has no unnamed files (or they
    /// cannot be linked): then the caller writes a named one.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn unnamed(path: &Path, dir: &Path, bytes: &[u8], options: &WriteOptions<'_>, kept: Option<&Kept>, mode: u32) -> Option<Result<()>> {
        use rustix::io::Errno;
        let fd = match rustix::fs::openat(CWD, dir, OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC, Mode::from_raw_mode(mode)) {
            Ok(fd) => fd,
            // No unnamed files here (an old kernel says EISDIR, some file systems
            // EOPNOTSUPP).
            Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL | Errno::NOSYS) => return None,
            Err(e) => return Some(Err(Error::io("create a file in", dir, &e.into()))),
        };
        let mut file = File::from(fd);
        finish(&file, kept, options.private);
        if let Err(e) = write_all(&mut file, bytes) {
            return Some(Err(Error::io("write", path, &e)));
        }
        let link = |to: &Path| -> std::io::Result<()> {
            let proc_path = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(&file));
            match rustix::fs::linkat(CWD, proc_path.as_str(), CWD, to, AtFlags::SYMLINK_FOLLOW) {
                // No /proc: linking the descriptor itself needs a privilege root has.
                Err(Errno::NOENT) if !Path::new("/proc/self/fd").is_dir() => {
                    rustix::fs::linkat(file.as_fd(), "", CWD, to, AtFlags::EMPTY_PATH).map_err(Into::into)
                }
                other => other.map_err(Into::into),
            }
        };
        let linked = match options.existing {
            Existing::Keep(hint) => match link(path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(already_exists(path).hint(hint)),
                Err(e) if unlinkable(&e) => return None,
                Err(e) => Err(Error::io("write", path, &e)),
            },
            Existing::Replace => {
                let host = host();
                let temp = dir.join(temp_name(&host, std::process::id()));
                match options.temps.make(&temp, || link(&temp)) {
                    Ok(()) => {
                        let renamed = std::fs::rename(&temp, path);
                        if renamed.is_err() {
                            let _ = std::fs::remove_file(&temp);
                        }
                        options.temps.forget(&temp);
                        renamed.map_err(|e| Error::io("write", path, &e))
                    }
                    Err(e) if unlinkable(&e) => return None,
                    Err(e) => Err(Error::io("write", path, &e)),
                }
            }
        };
        Some(linked)
    }

    /// An error from linking an unnamed file that means "not here", not "cannot write".
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn unlinkable(e: &std::io::Error) -> bool {
        matches!(e.raw_os_error(), Some(code) if code == rustix::io::Errno::NOENT.raw_os_error() || code == rustix::io::Errno::PERM.raw_os_error() || code == rustix::io::Errno::OPNOTSUPP.raw_os_error() || code == rustix::io::Errno::XDEV.raw_os_error())
    }

    /// Through a named temporary file, listed in `options.temps` while it exists.
    pub(super) fn named(path: &Path, dir: &Path, bytes: &[u8], options: &WriteOptions<'_>, kept: Option<&Kept>, mode: u32) -> Result<()> {
        let host = host();
        let (temp, mut file) = loop {
            let temp = dir.join(temp_name(&host, std::process::id()));
            let open = || {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(mode)
                    .custom_flags(rustix::fs::OFlags::CLOEXEC.bits() as i32)
                    .open(&temp)
            };
            match options.temps.make(&temp, open) {
                Ok(file) => break (temp, file),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io("create a file in", dir, &e)),
            }
        };
        let cleanup = |temp: &Path| {
            let _ = std::fs::remove_file(temp);
            options.temps.forget(temp);
        };
        finish(&file, kept, options.private);
        if let Err(e) = write_all(&mut file, bytes) {
            cleanup(&temp);
            return Err(Error::io("write", path, &e));
        }
        drop(file);
        let placed = match options.existing {
            Existing::Replace => std::fs::rename(&temp, path).map_err(|e| Error::io("write", path, &e)),
            Existing::Keep(hint) => match std::fs::hard_link(&temp, path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(already_exists(path).hint(hint)),
                // A file system without hard links: the check and the rename are two steps.
                Err(_) if !path.exists() => std::fs::rename(&temp, path).map_err(|e| Error::io("write", path, &e)),
                Err(_) => Err(already_exists(path).hint(hint)),
            },
        };
        cleanup(&temp);
        placed
    }

    /// This computer's name, as it goes into temporary file names.
    pub(super) fn host() -> String {
        rustix::system::uname().nodename().to_string_lossy().into_owned()
    }

    /// Whether `name` (at `path`) is a temporary file of a run of handout on this computer, by
    /// this user, that is no longer running.
    pub(super) fn stale(name: &str, path: &Path) -> bool {
        let Some((host_in_name, pid)) = super::parse_temp_name(name) else { return false };
        if host_in_name != super::name_safe(&host()) || pid == std::process::id() {
            return false;
        }
        let Ok(meta) = std::fs::symlink_metadata(path) else { return false };
        if !meta.is_file() || meta.uid() != rustix::process::geteuid().as_raw() {
            return false;
        }
        let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else { return false };
        // ESRCH: no such process. EPERM means it runs (as someone else).
        matches!(rustix::process::test_kill_process(pid), Err(rustix::io::Errno::SRCH))
    }
}

#[cfg(not(unix))]
mod imp {
    use std::io::Write;
    use std::path::Path;

    use super::{already_exists, Existing, WriteOptions};
    use crate::error::{Error, Result};

    pub(super) fn write(path: &Path, dir: &Path, bytes: &[u8], options: WriteOptions<'_>, _replacing: bool) -> Result<()> {
        let mut tmp = tempfile::Builder::new()
            .prefix(super::PREFIX)
            .suffix(super::SUFFIX)
            .tempfile_in(dir)
            .map_err(|e| Error::io("create a file in", dir, &e))?;
        tmp.write_all(bytes).and_then(|_| tmp.as_file().sync_all()).map_err(|e| Error::io("write", path, &e))?;
        let result = match options.existing {
            Existing::Replace => tmp.persist(path).map(|_| ()),
            Existing::Keep(_) => tmp.persist_noclobber(path).map(|_| ()),
        };
        result.map_err(|e| match (e.error.kind(), options.existing) {
            (std::io::ErrorKind::AlreadyExists, Existing::Keep(hint)) => already_exists(path).hint(hint),
            _ => Error::io("write", path, &e.error),
        })
    }

    pub(super) fn stale(_name: &str, _path: &Path) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HINT: &str = "use --force";

    #[test]
    fn refuses_to_overwrite_unless_told() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        write_atomic(&p, b"one", Existing::Keep(HINT)).unwrap();
        let e = write_atomic(&p, b"two", Existing::Keep(HINT)).unwrap_err();
        assert!(e.message.ends_with("a.pdf already exists"), "{}", e.message);
        assert_eq!(e.hint.as_deref(), Some(HINT));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two", Existing::Replace).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // No temporary files left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_folder_is_named() {
        let e = write_atomic(Path::new("/nonexistent-dir-xyz/a.pdf"), b"x", Existing::Keep(HINT)).unwrap_err();
        assert_eq!(e.message, "cannot write /nonexistent-dir-xyz/a.pdf: the folder /nonexistent-dir-xyz does not exist");
    }

    #[test]
    fn the_wrote_line() {
        assert_eq!(wrote(Path::new("a.pdf"), 1, 1), "wrote a.pdf (1 page, 1 KB)");
        assert_eq!(wrote(Path::new("a.pdf"), 3, 57 * 1024 + 1), "wrote a.pdf (3 pages, 58 KB)");
    }

    #[test]
    fn temp_names_carry_host_and_pid() {
        let name = temp_name("clinic-pc 2", 4242);
        assert!(name.starts_with(".handout-clinic-pc_2-4242-") && name.ends_with(".tmp"), "{name}");
        assert_eq!(parse_temp_name(&name), Some(("clinic-pc_2", 4242)));
        assert_eq!(parse_temp_name(".handout-RE5N7H.tmp"), None);
        assert_eq!(parse_temp_name(".handout-x-12-zz.tmp"), None);
    }

    #[cfg(unix)]
    #[test]
    fn stale_temporary_files_of_ended_runs_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let host = imp::host();
        // A process that has ended: its pid is free (until the system reuses it).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = dir.path().join(temp_name(&host, dead));
        let mine = dir.path().join(temp_name(&host, std::process::id()));
        let other_host = dir.path().join(temp_name("another-computer", dead));
        let not_ours = dir.path().join(".handout-notes.tmp");
        for p in [&stale, &mine, &other_host, &not_ours] {
            std::fs::write(p, b"%PDF-1.7 half").unwrap();
        }
        assert_eq!(remove_stale(dir.path()), 1);
        assert!(!stale.exists() && mine.exists() && other_host.exists() && not_ours.exists());
    }

    #[cfg(unix)]
    #[test]
    fn named_temporary_files_are_listed_while_they_exist_and_none_is_made_after_remove_all() {
        let dir = tempfile::tempdir().unwrap();
        let temps = Temps::default();
        let p = dir.path().join("a.pdf");
        let options = WriteOptions::new(Existing::Keep(HINT), &temps);
        imp::write(&p, dir.path(), b"one", options, false).unwrap();
        assert!(temps.listed().is_empty());
        let listed = dir.path().join(temp_name("h", 1));
        temps.make(&listed, || std::fs::write(&listed, b"x")).unwrap();
        assert_eq!(temps.listed(), vec![listed.clone()]);
        let other = Temps::default();
        let planted = dir.path().join(temp_name("h", 2));
        other.make(&planted, || std::fs::write(&planted, b"x")).unwrap();
        assert_eq!(other.remove_all(), 1);
        assert!(!planted.exists());
        let e = write(&dir.path().join("b.pdf"), b"two", WriteOptions::new(Existing::Replace, &other));
        // An unnamed file still works on Linux; a named one is refused.
        if e.is_err() {
            assert!(!dir.path().join("b.pdf").exists());
        }
    }

    #[cfg(unix)]
    #[test]
    fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // The test process's umask is whatever it is: the new file is 0666 less it.
        let umask = {
            let probe = dir.path().join("probe");
            std::fs::OpenOptions::new().write(true).create_new(true).mode(0o666).open(&probe).unwrap();
            0o666 & !mode(&probe)
        };
        let p = dir.path().join("a.pdf");
        write_atomic(&p, b"one", Existing::Keep(HINT)).unwrap();
        assert_eq!(mode(&p), 0o666 & !umask);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&p, b"two", Existing::Replace).unwrap();
        assert_eq!((mode(&p), std::fs::read(&p).unwrap()), (0o600, b"two".to_vec()));
        let private = dir.path().join("codes.csv");
        write(&private, b"x", WriteOptions { private: true, ..WriteOptions::new(Existing::Replace, &Temps::default()) }).unwrap();
        assert_eq!(mode(&private), 0o600);
        // The named route does the same.
        let q = dir.path().join("b.pdf");
        std::fs::write(&q, b"old").unwrap();
        std::fs::set_permissions(&q, std::fs::Permissions::from_mode(0o640)).unwrap();
        let temps = Temps::default();
        imp_named(&q, dir.path(), b"new", &temps);
        assert_eq!((mode(&q), std::fs::read(&q).unwrap()), (0o640, b"new".to_vec()));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 4);
    }

    /// Replaces `path` through the named route (taken where unnamed files are not supported).
    #[cfg(unix)]
    fn imp_named(path: &Path, dir: &Path, bytes: &[u8], temps: &Temps) {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).unwrap();
        let kept = imp::Kept { mode: m.mode() & 0o777, uid: m.uid(), gid: m.gid() };
        imp::named(path, dir, bytes, &WriteOptions::new(Existing::Replace, temps), Some(&kept), 0o666).unwrap();
        assert!(temps.listed().is_empty());
    }

    #[test]
    fn only_regular_files_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(dir.path(), b"x", Existing::Replace).unwrap_err();
        assert!(e.message.ends_with("it is a directory"), "{}", e.message);
        #[cfg(unix)]
        {
            let link = dir.path().join("gone.pdf");
            std::os::unix::fs::symlink("nowhere.pdf", &link).unwrap();
            let e = write_atomic(&link, b"x", Existing::Replace).unwrap_err();
            assert!(e.message.ends_with("gone.pdf: it is a link to nowhere.pdf, which does not exist"), "{}", e.message);
            let e = write_atomic(Path::new("/dev/null"), b"x", Existing::Replace).unwrap_err();
            assert_eq!(e.message, "cannot write /dev/null: it is a device, not a regular file");
        }
        let e = write_atomic(&dir.path().join("missing/"), b"x", Existing::Replace).unwrap_err();
        assert!(e.message.contains("a name ending in `/` is a folder"), "{}", e.message);
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn complete_and_incomplete_pdfs() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        let body = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";
        let mut pdf = body.to_vec();
        let xref = pdf.len();
        pdf.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \ntrailer\n<<>>\nstartxref\n");
        pdf.extend_from_slice(format!("{xref}\n%%EOF\n").as_bytes());
        std::fs::write(&p, &pdf).unwrap();
        assert_eq!(complete_pdf(&p), Ok(()));
        std::fs::write(&p, &pdf[..pdf.len() - 8]).unwrap();
        assert_eq!(complete_pdf(&p), Err("it is cut short (it does not end with %%EOF)"));
        std::fs::write(&p, b"").unwrap();
        assert_eq!(complete_pdf(&p), Err("it is empty"));
        std::fs::write(&p, [b'x'; 100]).unwrap();
        assert_eq!(complete_pdf(&p), Err("it is not a PDF"));
    }
}
