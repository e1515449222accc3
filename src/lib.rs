//! handout: a YAML prescription in, a branded, illustrated, printable PDF exercise sheet out.
//!
//! The way through the program, one module per stage:
//!
//! ```text
//! load (YAML and the raw serde types, overrides with their origin)
//!   → resolve (a checked `model::Handout`: defaults, pictures, fonts, QR codes)
//!   → layout (a `layout::Document`: pages of positioned marks, pure)
//!   → render (PDF bytes, the only printpdf user)
//!   → write (atomic file output)
//! ```
//!
//! `batch` runs the pipeline once per roster row; `commands` are the subcommands. Work shared
//! between handouts is kept in `Caches`, which the caller passes in.

pub mod assets;
pub mod batch;
pub mod cache;
pub mod commands;
pub mod error;
pub mod fonts;
pub mod i18n;
pub mod layout;
pub mod load;
pub mod mail;
pub mod model;
pub mod render;
pub mod resolve;
pub mod stop;
pub mod write;

pub use error::{Error, ErrorKind, Problems, Result, Warning};

/// Everything kept between the handouts of one process, bounded in bytes.
#[derive(Debug, Default)]
pub struct Caches {
    pub resolve: resolve::Cache,
    pub render: render::Cache,
}

/// A finished PDF in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// What the layout could not do as asked (a clinic footer too long for its two lines) or
    /// would tell the clinic (a compact handout longer than the list layout's).
    pub warnings: Vec<error::Warning>,
}

/// Lays out and renders a resolved handout. A handout without a date of its own is dated
/// `source_date_epoch` (seconds since 1970), if given; the clock is never read.
pub fn pdf(handout: &model::Handout, cache: &render::Cache, source_date_epoch: Option<i64>) -> Result<Rendered> {
    let mut document = layout::layout(handout);
    if document.created.is_none() {
        document.created = source_date_epoch;
    }
    let bytes = render::render(&document, cache)?;
    Ok(Rendered { bytes, pages: document.pages.len(), warnings: std::mem::take(&mut document.warnings) })
}
