//! Load: input files as written. `yaml` reads YAML text (the only module that knows the YAML
//! crates) and finds where a value stands in a file; `raw` holds the serde types, nothing
//! checked beyond shape; `overrides` holds the values a command line or a roster row puts in
//! place of a prescription's, each remembering where it came from.

mod locate;
pub mod overrides;
pub mod raw;
pub mod yaml;

use std::io::Read;
use std::path::Path;

pub use overrides::{Given, Origin, Overrides};
pub use yaml::{Seg, Source};

/// Why a file could not be read whole.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// The file is a directory.
    Directory,
    /// The path names something that is not a regular file (a named pipe, a device, a socket):
    /// reading one could wait forever or never end. The text says what it is.
    NotAFile(&'static str),
    /// The file holds more than the limit (the bytes counted before reading stopped).
    TooLarge(u64),
}

/// What a path names when it is not a regular file or a folder, in plain words; `None` for a
/// regular file or a folder.
pub fn special_kind(file_type: &std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() || file_type.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("something else")
}

/// "cannot read x: it is a named pipe (FIFO), not a regular file"
pub fn not_a_file_message(path: &Path, kind: &str) -> String {
    format!("cannot read {}: it is {kind}, not a regular file", path.display())
}

/// The hint for a path that is not a regular file.
pub const NOT_A_FILE_HINT: &str =
    "give the path of an ordinary file; pipes and devices are not read (`handout render -` reads a prescription from standard input)";

/// Reads at most `limit` bytes of `path`. Only a regular file is read: a named pipe would wait
/// forever and a device such as /dev/zero never ends, and their size on disk says 0. The limit
/// is enforced on the bytes actually read, not only on the size the file system reports.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(ReadError::NotAFile(kind));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    // Opened without waiting (a path swapped for a named pipe after the check above would
    // otherwise block in `open`), then checked again on the open file.
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(ReadError::NotAFile(kind));
    }
    read_at_most(file, limit, meta.len())
}

/// Reads at most `limit` bytes from `reader` (`expected` is a capacity hint).
pub fn read_at_most(reader: impl Read, limit: u64, expected: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(expected.min(limit) as usize);
    reader.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// `text` in Unicode's composed form (NFC): "Nguyễn" typed as base letters and combining marks
/// (as macOS writes it) becomes the same letters as typed on a Windows keyboard, so the fonts'
/// composed glyphs are used and measured.
pub fn nfc(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}
