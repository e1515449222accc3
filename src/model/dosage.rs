//! How much of an exercise to do: the types, and the parsers for what a clinician writes
//! (`30s`, `1 min`, `8-12`, `each`, `twice-daily`). The parsers say what is wrong in words;
//! `resolve` adds where.

use std::fmt;

pub const MAX_HOLD_SECONDS: u32 = 600;
pub const MAX_REPS: u32 = 100;
pub const MAX_SETS: u32 = 20;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dosage {
    /// Seconds.
    pub hold: Option<Amount>,
    pub reps: Option<Amount>,
    pub sets: Option<Amount>,
    pub sides: Sides,
    pub frequency: Option<Frequency>,
    /// Seconds of rest between sets (or between repeats, with one set).
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

/// "30s", "30 s", "30 seconds", "1 min", "8-10s", "30" (seconds), between `min` and `max`.
pub fn seconds(text: &str, min: u32, max: u32) -> Result<Amount, String> {
    let t = text.trim().to_lowercase();
    let (number, unit) = match t.find(|c: char| c.is_alphabetic()) {
        Some(i) => (t[..i].trim(), t[i..].trim()),
        None => (t.as_str(), ""),
    };
    let factor = match unit {
        "" | "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        other => return Err(format!("unknown unit `{other}`; use s or min")),
    };
    let amount = range(number)?;
    let amount = Amount { min: amount.min.saturating_mul(factor), max: amount.max.saturating_mul(factor) };
    if amount.min < min {
        return Err(format!("it must be at least {min} second"));
    }
    if amount.max > max {
        return Err(format!("{} seconds is longer than the {} minutes allowed", amount.max, max / 60));
    }
    Ok(amount)
}

/// A count from 1 to `max`, or a range such as 8-12.
pub fn count(text: &str, max: u32) -> Result<Amount, String> {
    let amount = range(text.trim())?;
    if amount.min == 0 {
        return Err("it must be at least 1".into());
    }
    if amount.max > max {
        return Err(format!("at most {max} is allowed"));
    }
    Ok(amount)
}

fn range(text: &str) -> Result<Amount, String> {
    let parse = |s: &str| -> Result<u32, String> {
        let s = s.trim();
        if s.starts_with('-') {
            return Err("it cannot be negative".into());
        }
        s.parse::<u32>().map_err(|_| format!("`{s}` is not a whole number"))
    };
    let parts: Vec<&str> =
        if text.trim_start().starts_with('-') { vec![text] } else { text.split(['-', '\u{2013}']).flat_map(|p| p.split(" to ")).collect() };
    match parts.as_slice() {
        [one] => parse(one).map(Amount::exactly),
        [a, b] => {
            let (min, max) = (parse(a)?, parse(b)?);
            if min > max {
                return Err(format!("the range {min}-{max} runs backwards"));
            }
            Ok(Amount { min, max })
        }
        _ => Err("write one number or a range such as 8-12".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_accepts_common_forms() {
        assert_eq!(seconds("30s", 1, 600), Ok(Amount::exactly(30)));
        assert_eq!(seconds("30 seconds", 1, 600), Ok(Amount::exactly(30)));
        assert_eq!(seconds("1 min", 1, 600), Ok(Amount::exactly(60)));
        assert_eq!(seconds("8-10s", 1, 600), Ok(Amount { min: 8, max: 10 }));
        assert_eq!(seconds("45", 1, 600), Ok(Amount::exactly(45)));
        assert_eq!(seconds("90000s", 1, 600), Err("90000 seconds is longer than the 10 minutes allowed".into()));
        assert_eq!(seconds("30 hours", 1, 600), Err("unknown unit `hours`; use s or min".into()));
    }

    #[test]
    fn counts_reject_zero_negative_and_words() {
        assert_eq!(count("8-12", 100), Ok(Amount { min: 8, max: 12 }));
        assert_eq!(count("0", 100), Err("it must be at least 1".into()));
        assert_eq!(count("-3", 100), Err("it cannot be negative".into()));
        assert_eq!(count("three", 100), Err("`three` is not a whole number".into()));
        assert_eq!(count("12-8", 100), Err("the range 12-8 runs backwards".into()));
    }

    #[test]
    fn amounts_display_as_ranges() {
        assert_eq!(Amount { min: 8, max: 12 }.to_string(), "8\u{2013}12");
        assert_eq!(Amount::exactly(3).to_string(), "3");
    }

    #[test]
    fn names_parse() {
        assert_eq!(Sides::parse("Each side"), Some(Sides::Each));
        assert_eq!(Frequency::parse("twice a day"), Some(Frequency::TwiceDaily));
        assert_eq!(Frequency::parse("hourly"), None);
    }
}
