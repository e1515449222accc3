//! handout: a YAML prescription in, a branded, illustrated, printable PDF exercise sheet out.
//!
//! The way through the program: `yaml` + `raw` (load) → `resolve` (a checked `Handout`) →
//! `layout` (pages of positioned items, pure) → `render` (PDF bytes, the only printpdf user)
//! → `write` (atomic file output).

pub mod assets;
pub mod batch;
pub mod cli;
pub mod commands;
pub mod error;
pub mod fonts;
pub mod handout;
pub mod i18n;
pub mod layout;
pub mod library;
pub mod picture;
pub mod qr;
pub mod raw;
pub mod render;
pub mod resolve;
pub mod text;
pub mod write;
pub mod yaml;

pub use error::{Error, ErrorKind, Result, Warning};

/// A finished PDF in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Lays out and renders a resolved handout to PDF bytes.
pub fn pdf(handout: &handout::Handout, meta: &render::Meta) -> Result<Rendered> {
    let pages = layout::layout(handout);
    let bytes = render::render(handout, &pages, meta)?;
    Ok(Rendered { bytes, pages: pages.len() })
}
