//! Writing files so that a reader never sees half of one: the bytes go to a temporary file in
//! the same folder, which is renamed over the target only when complete.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically. Refuses to replace an existing file unless `force`.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if path.is_dir() {
        return Err(Error::input(format!("cannot write {}: it is a directory", path.display()))
            .hint(format!("give a file name ending in .pdf, for example {}", path.join("handout.pdf").display())));
    }
    if !force && path.exists() {
        return Err(
            Error::input(format!("{} already exists", path.display())).hint("use --force to replace it, or choose another name with -o")
        );
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
    let result = if force { tmp.persist(path).map(|_| ()) } else { tmp.persist_noclobber(path).map(|_| ()) };
    result.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::input(format!("{} already exists", path.display())).hint("use --force to replace it, or choose another name with -o")
        } else {
            Error::io("write", path, &e.error)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        write_atomic(&p, b"one", false).unwrap();
        let e = write_atomic(&p, b"two", false).unwrap_err();
        assert!(e.message.ends_with("a.pdf already exists"), "{}", e.message);
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // No temporary files left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_folder_is_named() {
        let e = write_atomic(Path::new("/nonexistent-dir-xyz/a.pdf"), b"x", false).unwrap_err();
        assert_eq!(e.message, "cannot write /nonexistent-dir-xyz/a.pdf: the folder /nonexistent-dir-xyz does not exist");
    }
}
