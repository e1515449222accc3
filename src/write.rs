//! Writing files so that a reader never sees half of one: the bytes go to a temporary file in
//! the same folder, which is renamed over the target only when complete.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// What to do when the target already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Keep it and fail, with this hint (how to replace it or write elsewhere).
    Keep(&'static str),
    /// Replace it.
    Replace,
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

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8], existing: Existing) -> Result<()> {
    if path.is_dir() {
        return Err(Error::input(format!("cannot write {}: it is a directory", path.display()))
            .hint(format!("give a file name ending in .pdf, for example {}", path.join("handout.pdf").display())));
    }
    if let (Existing::Keep(hint), true) = (existing, path.exists()) {
        return Err(already_exists(path).hint(hint));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::input(format!("cannot write {}: the folder {} does not exist", path.display(), dir.display()))
            .hint("create the folder first, or choose another output path"));
    }
    let mut tmp =
        tempfile::Builder::new().prefix(".handout-").suffix(".tmp").tempfile_in(dir).map_err(|e| Error::io("create a file in", dir, &e))?;
    tmp.write_all(bytes).and_then(|_| tmp.as_file().sync_all()).map_err(|e| Error::io("write", path, &e))?;
    // Temporary files are created private (0600); a handout is an ordinary document that the
    // front desk and the email script must be able to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    let result = match existing {
        Existing::Replace => tmp.persist(path).map(|_| ()),
        Existing::Keep(_) => tmp.persist_noclobber(path).map(|_| ()),
    };
    result.map_err(|e| match (e.error.kind(), existing) {
        (std::io::ErrorKind::AlreadyExists, Existing::Keep(hint)) => already_exists(path).hint(hint),
        _ => Error::io("write", path, &e.error),
    })
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
}
