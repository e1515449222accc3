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
    /// The file holds more than the limit (the bytes counted before reading stopped).
    TooLarge(u64),
}

/// Reads at most `limit` bytes of `path`. The limit is enforced on the bytes actually read,
/// not only on the size the file system reports.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}
