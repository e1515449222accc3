//! What rendering keeps between handouts: font subsets, compressed font programs, compressed
//! form drawings, and zlib compressors. Bounded in bytes.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use printpdf::ParsedFont;

use crate::cache::{lock, Shared};
use crate::model::{Picture, Qr};

/// A picture or QR code drawn as a form. The cache entry holds the `Arc`, so while the entry
/// lives no other picture can take its address, which is the key.
#[derive(Debug, Clone)]
pub(crate) enum Drawn {
    Picture(Arc<Picture>),
    Qr(Arc<Qr>),
}

impl Drawn {
    pub fn key(&self) -> (u8, usize) {
        match self {
            Drawn::Picture(p) => (0, Arc::as_ptr(p) as usize),
            Drawn::Qr(q) => (1, Arc::as_ptr(q) as usize),
        }
    }
}

/// A face by the address of its bytes (held alive by the entry), and a set of characters.
pub(crate) type SubsetKey = (usize, BTreeSet<char>);
/// A drawn form by `Drawn::key`, with what it draws and its compressed content.
type FormCache = Shared<(u8, usize), (Drawn, Arc<Vec<u8>>)>;

/// How hard render compresses what it makes (page contents, font subsets, QR codes and
/// pictures that are not built in). One level, so one pooled compressor serves them all;
/// zlib level 2 makes the 9-exercise handout 0.7% larger than level 6, and is faster.
const LEVEL: u32 = 2;

#[derive(Debug)]
pub struct Cache {
    pub(crate) subsets: Shared<SubsetKey, (crate::fonts::FontBytes, ParsedFont)>,
    /// Compressed font programs by the SHA-256 of the program.
    pub(crate) font_streams: Shared<[u8; 32], Arc<Vec<u8>>>,
    pub(crate) forms: FormCache,
    /// zlib compressors at `LEVEL`, reused (setting one up costs more than compressing a
    /// small stream).
    compressors: Mutex<Vec<flate2::Compress>>,
}

impl Cache {
    /// A cache holding at most about `budget` bytes in all.
    pub fn with_budget(budget: usize) -> Cache {
        Cache {
            subsets: Shared::new(budget / 2),
            font_streams: Shared::new(budget / 4),
            forms: Shared::new(budget / 4),
            compressors: Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` with a zlib compressor at `LEVEL`, taken from the pool and put back after.
    pub(crate) fn with_compressor<T>(&self, f: impl FnOnce(&mut flate2::Compress) -> T) -> T {
        let taken = lock(&self.compressors).pop();
        let mut z = taken.unwrap_or_else(|| flate2::Compress::new(flate2::Compression::new(LEVEL), true));
        z.reset();
        let out = f(&mut z);
        let mut pool = lock(&self.compressors);
        // A few are enough for any number of worker threads to share.
        if pool.len() < 16 {
            pool.push(z);
        }
        out
    }
}

impl Default for Cache {
    /// 32 MB: font subsets for many character sets, every library picture's drawing.
    fn default() -> Self {
        Cache::with_budget(32 << 20)
    }
}
