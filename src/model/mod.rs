//! A handout after `resolve`: every value checked, defaults applied, pictures decoded, QR
//! codes encoded. Layout works only from these types.

pub mod colour;
pub mod date;
pub mod dosage;
pub mod input;
pub mod library;
pub mod paper;
pub mod picture;
pub mod qr;

use std::sync::Arc;

pub use colour::Rgb;
pub use date::Date;
pub use dosage::{Amount, Dosage, Frequency, Sides};
pub use input::{Input, Role};
pub use library::{Library, LibraryExercise, PictureRef};
pub use paper::Paper;
pub use picture::Picture;
pub use qr::Qr;

use crate::fonts::FontSet;
use crate::i18n::Language;

#[derive(Debug, Clone)]
pub struct Handout {
    pub title: String,
    pub patient: Option<String>,
    pub date: Option<Date>,
    pub clinician: Option<String>,
    pub brand: Brand,
    pub paper: Paper,
    pub notes: Option<String>,
    pub exercises: Vec<Exercise>,
    pub safety: Option<String>,
    pub seek_help: Option<SeekHelp>,
    pub language: Language,
    pub style: Style,
    /// The prescription as written, with the values a roster row or the command line set, to
    /// embed in the PDF; `None` when the prescription opts out.
    pub prescription: Option<String>,
    /// Every file the handout was made from (prescription, library, brand, logo, fonts,
    /// pictures), so that no output replaces one of them.
    pub inputs: Vec<Input>,
}

/// How the handout is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Body text at least 14 pt, one exercise per row, bigger pictures, higher contrast.
    pub large_print: bool,
    pub layout: LayoutMode,
    /// Days in the exercise log, if one is wanted.
    pub log_days: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LayoutMode {
    /// One card per row, illustration beside the text.
    #[default]
    List,
    /// Two cards per row.
    Compact,
}

impl LayoutMode {
    pub const ALL: [LayoutMode; 2] = [LayoutMode::List, LayoutMode::Compact];

    pub fn name(self) -> &'static str {
        match self {
            LayoutMode::List => "list",
            LayoutMode::Compact => "compact",
        }
    }

    pub fn parse(s: &str) -> Option<LayoutMode> {
        let s = s.trim().to_lowercase();
        LayoutMode::ALL.into_iter().find(|l| l.name() == s)
    }

    /// "accepted: list (...), compact (...)"
    pub fn accepted() -> &'static str {
        "accepted: list (one exercise per row), compact (two per row)"
    }
}

#[derive(Debug, Clone)]
pub struct Exercise {
    pub id: Option<String>,
    pub name: String,
    pub position: Option<String>,
    pub steps: Vec<String>,
    pub dosage: Dosage,
    pub notes: Option<String>,
    pub cautions: Vec<String>,
    pub picture: Option<Arc<Picture>>,
    /// A video link, printed as a QR code.
    pub video: Option<Link>,
    /// What the exercise moves, if known (for "both legs together").
    pub limbs: Option<Limbs>,
    /// What the picture shows, in words, for screen readers.
    pub alt: String,
}

/// What an exercise moves: the wording of "both sides together" follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limbs {
    Legs,
    Arms,
}

impl Limbs {
    pub const NAMES: [&'static str; 2] = ["legs", "arms"];

    pub fn parse(s: &str) -> Option<Limbs> {
        match s.trim().to_lowercase().as_str() {
            "legs" | "leg" => Some(Limbs::Legs),
            "arms" | "arm" => Some(Limbs::Arms),
            _ => None,
        }
    }
}

/// A web address with its QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    pub qr: Arc<Qr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeekHelp {
    pub intro: Option<String>,
    pub signs: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Brand {
    pub name: Option<String>,
    pub logo: Option<Arc<Picture>>,
    pub primary: Rgb,
    pub accent: Rgb,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    pub booking: Option<Link>,
    pub footer: Option<String>,
    /// Where `footer:` is written, for a warning when it cannot fit the page.
    pub footer_at: Option<crate::error::Location>,
    /// The emergency number, if the brand gives one.
    pub emergency: Option<String>,
    pub fonts: Arc<FontSet>,
    /// The brand's own files: its logo and fonts (not the brand file itself).
    pub inputs: Vec<Input>,
}

impl Brand {
    /// The neutral brand used when a prescription names none: no clinic block at all.
    pub fn neutral(fonts: Arc<FontSet>) -> Self {
        Brand {
            name: None,
            logo: None,
            primary: Rgb(0x2F, 0x4A, 0x68),
            accent: Rgb(0x5B, 0x6B, 0x7D),
            phone: None,
            email: None,
            website: None,
            address: None,
            booking: None,
            footer: None,
            footer_at: None,
            emergency: None,
            fonts,
            inputs: Vec::new(),
        }
    }

    /// About how many bytes the brand holds (its logo and its own fonts), for bounding caches.
    pub fn bytes(&self) -> usize {
        1024 + self.logo.as_ref().map_or(0, |l| l.bytes()) + self.fonts.bytes()
    }
}
