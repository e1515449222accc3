//! Calendar dates: a handout is dated by the day. One home for the date check, for a
//! prescription's `date:`, a roster cell and `SOURCE_DATE_EPOCH`.

use std::fmt;

/// The years a handout may be dated in: PDF dates before 1980 are not portable (ZIP, PDF/A
/// tools and some readers reject them), and PDF dates have four-digit years.
pub const FIRST_YEAR: i32 = 1980;
pub const LAST_YEAR: i32 = 9999;

/// A calendar date (no time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Why a text is not a date a handout can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not `YYYY-MM-DD`, or a day that does not exist.
    Malformed,
    /// A real date outside `FIRST_YEAR..=LAST_YEAR`.
    OutOfRange,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists and lies between 1980 and 9999.
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let mut parts = s.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else { return Err(DateError::Malformed) };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 || !(y.bytes().chain(m.bytes()).chain(d.bytes())).all(|b| b.is_ascii_digit()) {
            return Err(DateError::Malformed);
        }
        let year: i32 = y.parse().map_err(|_| DateError::Malformed)?;
        let month: u8 = m.parse().map_err(|_| DateError::Malformed)?;
        let day: u8 = d.parse().map_err(|_| DateError::Malformed)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Malformed);
        }
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(DateError::OutOfRange);
        }
        Ok(Date { year, month, day })
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

    /// The date `days` later (or earlier, if negative).
    pub fn plus_days(self, days: i64) -> Self {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// Noon UTC on this day, in seconds since 1970: the creation time of a dated handout.
    pub fn noon_epoch_seconds(self) -> i64 {
        self.days_since_epoch() * 86_400 + 12 * 3600
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

/// Parses a `SOURCE_DATE_EPOCH` value: whole seconds since 1970 for a moment between
/// 1980-01-01 and 9999-12-31. The error says what is wrong, for a message that names the
/// variable.
pub fn parse_epoch_seconds(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let seconds: i64 = t.parse().map_err(|_| format!("`{text}` is not a whole number of seconds since 1970-01-01"))?;
    let first = Date { year: FIRST_YEAR, month: 1, day: 1 }.days_since_epoch() * 86_400;
    let last = (Date { year: LAST_YEAR, month: 12, day: 31 }.days_since_epoch() + 1) * 86_400 - 1;
    if !(first..=last).contains(&seconds) {
        return Err(format!("`{t}` is outside the dates a PDF can carry ({FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31)"));
    }
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert_eq!(Date::parse("2026-11-21"), Ok(Date { year: 2026, month: 11, day: 21 }));
        assert_eq!(Date::parse("2026-02-30"), Err(DateError::Malformed));
        assert_eq!(Date::parse("2024-02-29").map(|d| d.to_string()), Ok("2024-02-29".into()));
        assert_eq!(Date::parse("21/11/2026"), Err(DateError::Malformed));
        assert_eq!(Date::parse("+202-11-21"), Err(DateError::Malformed));
        assert_eq!(Date::parse("0001-01-01"), Err(DateError::OutOfRange));
        assert_eq!(Date::parse("1979-12-31"), Err(DateError::OutOfRange));
        assert!(Date::parse("1980-01-01").is_ok() && Date::parse("9999-12-31").is_ok());
        let d = Date::parse("2026-11-21").unwrap();
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!(Date { year: 1970, month: 1, day: 1 }.days_since_epoch(), 0);
        assert_eq!(d.plus_days(13).to_string(), "2026-12-04");
    }

    #[test]
    fn source_date_epoch_is_checked() {
        assert_eq!(parse_epoch_seconds("1700000000"), Ok(1_700_000_000));
        assert_eq!(parse_epoch_seconds(" 315532800\n"), Ok(315_532_800));
        assert_eq!(parse_epoch_seconds("abc"), Err("`abc` is not a whole number of seconds since 1970-01-01".into()));
        assert_eq!(parse_epoch_seconds("-5"), Err("`-5` is outside the dates a PDF can carry (1980-01-01 to 9999-12-31)".into()));
        assert!(parse_epoch_seconds("253402300799").is_ok());
        assert!(parse_epoch_seconds("253402300800").is_err());
        assert!(parse_epoch_seconds("99999999999999999999").is_err());
    }
}
