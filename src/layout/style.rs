//! Type sizes, colours and the few dimensions that scale with them, defined once.

use crate::model::Rgb;

/// Page margin on every side. Print-safe on any office printer.
pub const MARGIN: f32 = 15.0;

/// Type sizes in points, and the few dimensions that scale with them.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub body: f32,
    pub small: f32,
    pub title: f32,
    pub heading: f32,
    pub card_name: f32,
    pub dosage: f32,
    pub line: f32,
    pub picture_width: f32,
    pub qr: f32,
}

pub const STANDARD: Sizes =
    Sizes { body: 11.5, small: 9.0, title: 22.0, heading: 14.5, card_name: 15.0, dosage: 12.0, line: 1.32, picture_width: 58.0, qr: 19.0 };

/// Compact: two cards per row, at the smallest body size we allow.
pub const COMPACT: Sizes =
    Sizes { body: 10.5, small: 9.0, title: 20.0, heading: 13.5, card_name: 13.0, dosage: 11.0, line: 1.25, picture_width: 36.0, qr: 18.0 };

/// Large print: body text 14 pt or more, bigger pictures.
pub const LARGE: Sizes =
    Sizes { body: 14.5, small: 11.0, title: 27.0, heading: 18.0, card_name: 19.0, dosage: 15.0, line: 1.32, picture_width: 78.0, qr: 22.0 };

/// Colours that are not the brand's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Theme {
    pub muted: Rgb,
    pub rule: Rgb,
}

pub(crate) const STANDARD_THEME: Theme = Theme { muted: Rgb(0x4A, 0x52, 0x5C), rule: Rgb(0xC9, 0xCE, 0xD6) };
/// Higher contrast for large print: secondary text as dark as body text, stronger rules.
pub(crate) const LARGE_THEME: Theme = Theme { muted: Rgb::TEXT, rule: Rgb(0x7A, 0x83, 0x8E) };
pub(crate) const ALERT: Rgb = Rgb(0xA4, 0x26, 0x2C);
