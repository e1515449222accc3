//! A handout after `resolve`: every value checked, defaults applied, pictures decoded.
//! Layout and render work only from these types.

use std::fmt;
use std::sync::Arc;

use crate::fonts::FontSet;
use crate::i18n::Language;
use crate::picture::Picture;

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
    pub const NAMES: [&'static str; 2] = ["list", "compact"];
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
    pub video: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dosage {
    /// Seconds.
    pub hold: Option<Amount>,
    pub reps: Option<Amount>,
    pub sets: Option<Amount>,
    pub sides: Sides,
    pub frequency: Option<Frequency>,
    /// Seconds of rest between sets.
    pub rest: Option<Amount>,
}

/// A number or a range such as 8-12.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub min: u32,
    pub max: u32,
}

impl Amount {
    pub fn exactly(n: u32) -> Self {
        Amount { min: n, max: n }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.min == self.max {
            write!(f, "{}", self.min)
        } else {
            write!(f, "{}\u{2013}{}", self.min, self.max)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sides {
    /// One side, then the other.
    Each,
    /// Both sides together.
    Both,
    /// Not a one-sided exercise.
    #[default]
    None,
}

impl Sides {
    pub const NAMES: [&'static str; 3] = ["each", "both", "none"];

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "each" | "each-side" | "each side" => Some(Sides::Each),
            "both" | "both-sides" | "both sides" => Some(Sides::Both),
            "none" => Some(Sides::None),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Daily,
    TwiceDaily,
    ThreeTimesDaily,
    EveryOtherDay,
    TwiceAWeek,
    ThreeTimesAWeek,
    Weekly,
}

impl Frequency {
    pub const NAMES: [&'static str; 7] =
        ["daily", "twice-daily", "three-times-daily", "every-other-day", "twice-a-week", "three-times-a-week", "weekly"];
    const ALL: [Frequency; 7] = [
        Frequency::Daily,
        Frequency::TwiceDaily,
        Frequency::ThreeTimesDaily,
        Frequency::EveryOtherDay,
        Frequency::TwiceAWeek,
        Frequency::ThreeTimesAWeek,
        Frequency::Weekly,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        let key = s.trim().to_lowercase().replace([' ', '_'], "-");
        let key = match key.as_str() {
            "every-day" | "once-a-day" | "once-daily" => "daily",
            "twice-a-day" | "2-times-a-day" | "two-times-a-day" => "twice-daily",
            "3-times-a-day" | "three-times-a-day" => "three-times-daily",
            "3-times-a-week" | "three-times-weekly" => "three-times-a-week",
            "2-times-a-week" | "twice-weekly" => "twice-a-week",
            "once-a-week" | "once-weekly" => "weekly",
            other => other,
        };
        Self::NAMES.iter().position(|n| *n == key).map(|i| Self::ALL[i])
    }
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
    pub booking_url: Option<String>,
    pub footer: Option<String>,
    pub fonts: Arc<FontSet>,
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
            booking_url: None,
            footer: None,
            fonts,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    pub const WHITE: Rgb = Rgb(255, 255, 255);
    pub const TEXT: Rgb = Rgb(0x1A, 0x1A, 0x1A);

    /// Parses `#RRGGBB`, `#RGB` or a handful of colour names.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Some(hex) = s.strip_prefix('#') {
            let digits: Vec<u8> = hex.chars().map(|c| c.to_digit(16).map(|d| d as u8)).collect::<Option<_>>()?;
            return match digits.as_slice() {
                [r, g, b] => Some(Rgb(r * 17, g * 17, b * 17)),
                [r1, r2, g1, g2, b1, b2] => Some(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
                _ => None,
            };
        }
        match s.to_lowercase().as_str() {
            "black" => Some(Rgb(0, 0, 0)),
            "navy" => Some(Rgb(0, 0, 128)),
            "blue" => Some(Rgb(0, 0, 255)),
            "teal" => Some(Rgb(0, 128, 128)),
            "green" => Some(Rgb(0, 128, 0)),
            "maroon" => Some(Rgb(128, 0, 0)),
            "purple" => Some(Rgb(128, 0, 128)),
            "gray" | "grey" => Some(Rgb(128, 128, 128)),
            _ => None,
        }
    }

    /// Mixes this colour with white; `amount` 0 is this colour, 1 is white.
    pub fn tint(self, amount: f32) -> Rgb {
        let mix = |c: u8| (f32::from(c) + (255.0 - f32::from(c)) * amount).round() as u8;
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }

    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f32 {
        let lin = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// WCAG contrast ratio against white.
    pub fn contrast_with_white(self) -> f32 {
        1.05 / (self.luminance() + 0.05)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    /// Width and height in millimetres.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        }
    }
}

/// A calendar date (no time zone: a handout is dated by the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

pub const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        let day: u8 = d.parse().ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(z: i64) -> Self {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// "21 November 2026": unambiguous on both sides of the Atlantic.
    pub fn long(self) -> String {
        format!("{} {} {}", self.day, MONTHS[usize::from(self.month - 1)], self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert_eq!(Date::parse("2026-11-21"), Some(Date { year: 2026, month: 11, day: 21 }));
        assert_eq!(Date::parse("2026-02-30"), None);
        assert_eq!(Date::parse("2024-02-29").map(|d| d.long()), Some("29 February 2024".into()));
        assert_eq!(Date::parse("21/11/2026"), None);
        let d = Date::parse("2026-11-21").unwrap();
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
    }

    #[test]
    fn colours_parse() {
        assert_eq!(Rgb::parse("#1F5F8B"), Some(Rgb(0x1F, 0x5F, 0x8B)));
        assert_eq!(Rgb::parse("#abc"), Some(Rgb(0xAA, 0xBB, 0xCC)));
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb::parse("blurple"), None);
    }

    #[test]
    fn amounts_display_as_ranges() {
        assert_eq!(Amount { min: 8, max: 12 }.to_string(), "8\u{2013}12");
        assert_eq!(Amount::exactly(3).to_string(), "3");
    }
}
