//! Type sizes, colours and the few dimensions that scale with them, defined once.

use crate::model::Rgb;

/// Page margin on every side in the standard and large-print layouts. Print-safe on any office
/// printer.
pub const MARGIN: f32 = 15.0;

/// Type sizes in points, and the dimensions that scale with them (mm).
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Page margin on every side, mm.
    pub margin: f32,
    /// Steps, notes, cautions, the safety note.
    pub body: f32,
    /// The smallest text on the page: footer, the dose cells' labels, link captions.
    pub small: f32,
    pub title: f32,
    /// Headings of the boxes ("When to seek help").
    pub heading: f32,
    pub card_name: f32,
    pub dose_value: f32,
    pub clinic_name: f32,
    /// Line height as a multiple of the type size.
    pub line: f32,
    /// Width of the picture column of a card.
    pub picture_width: f32,
    /// Side of a QR code, quiet zone included.
    pub qr: f32,
    pub logo_height: f32,
    /// Padding inside a card.
    pub card_pad: f32,
    /// Space between blocks of the flow, and the least it may shrink to on a full page.
    pub gap: f32,
    pub min_gap: f32,
}

/// One card per row, the picture beside the steps.
pub const STANDARD: Sizes = Sizes {
    margin: MARGIN,
    body: 11.0,
    small: 10.0,
    title: 20.0,
    heading: 14.0,
    card_name: 14.0,
    dose_value: 11.0,
    clinic_name: 14.0,
    line: 1.22,
    picture_width: 56.0,
    qr: 18.0,
    logo_height: 15.0,
    card_pad: 3.5,
    gap: 5.0,
    min_gap: 3.0,
};

/// The standard layout a little tighter, for a handout it saves a page: the smallest body
/// size allowed, slightly closer lines.
pub const TIGHT: Sizes = Sizes { body: 10.5, card_name: 13.5, dose_value: 10.5, line: 1.2, gap: 4.0, min_gap: 2.5, ..STANDARD };

/// Compact: two cards per row, pictures on top, at the smallest body size we allow.
pub const COMPACT: Sizes = Sizes {
    // Narrower margins for the denser layout: still far inside what any office printer can reach.
    margin: 12.0,
    body: 10.5,
    small: 10.0,
    title: 18.0,
    heading: 12.5,
    card_name: 12.5,
    dose_value: 10.5,
    clinic_name: 13.0,
    line: 1.2,
    picture_width: 46.0,
    qr: 16.0,
    logo_height: 13.0,
    card_pad: 2.5,
    gap: 4.0,
    min_gap: 2.5,
};

/// Large print: body text 14 pt or more, bigger pictures, higher contrast.
pub const LARGE: Sizes = Sizes {
    margin: MARGIN,
    body: 14.0,
    small: 12.0,
    title: 24.0,
    heading: 17.0,
    card_name: 18.0,
    dose_value: 14.0,
    clinic_name: 15.0,
    line: 1.2,
    picture_width: 60.0,
    qr: 20.0,
    logo_height: 16.0,
    card_pad: 3.5,
    gap: 5.0,
    min_gap: 3.0,
};

/// Colours that are not the brand's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Theme {
    /// Secondary text (link captions, the log's hint): dark enough to read in grayscale.
    pub muted: Rgb,
    /// Rules and frames.
    pub rule: Rgb,
}

pub(crate) const STANDARD_THEME: Theme = Theme { muted: Rgb(0x3A, 0x42, 0x4C), rule: Rgb(0xB9, 0xC0, 0xC9) };
/// Higher contrast for large print: secondary text as dark as body text, stronger rules.
pub(crate) const LARGE_THEME: Theme = Theme { muted: Rgb::TEXT, rule: Rgb(0x7A, 0x83, 0x8E) };
/// "When to seek help": a dark red that stays dark in grayscale.
pub(crate) const ALERT: Rgb = Rgb(0xA4, 0x26, 0x2C);
