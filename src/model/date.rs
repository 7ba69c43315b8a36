//! A calendar date without time zone, as written in the input files
//! (`YYYY-MM-DD`), counted in days since 1970-01-01.

use serde::{Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// Parse a strict `YYYY-MM-DD` date with a real day of month.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i32> {
            let part = s.get(r)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::from_ymd(y, m, d)
    }

    /// A date from its parts, if it exists in the calendar.
    pub fn from_ymd(y: i32, m: i32, d: i32) -> Option<Date> {
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date(days_from_civil(y, m, d)))
    }

    /// The date of a Unix timestamp (UTC).
    pub fn from_unix_seconds(secs: i64) -> Date {
        Date(i32::try_from(secs.div_euclid(86_400)).unwrap_or(i32::MAX))
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// The first date compgap reads and writes: 0001-01-01.
    pub const MIN: Date = Date(-719_162);
    /// The last date compgap reads and writes: 9999-12-31.
    pub const MAX: Date = Date(2_932_896);

    /// This date plus `n` days, kept within [`Date::MIN`]..=[`Date::MAX`]:
    /// a target date past 9999-12-31 is written as 9999-12-31, a date
    /// compgap can read back.
    pub fn add_days(self, n: i32) -> Date {
        Date(self.0.saturating_add(n).clamp(Self::MIN.0, Self::MAX.0))
    }

    /// The date of a Unix timestamp (UTC), if it falls in years 1 to 9999.
    pub fn from_unix_seconds_checked(secs: i64) -> Option<Date> {
        let days = secs.div_euclid(86_400);
        (i64::from(Self::MIN.0)..=i64::from(Self::MAX.0))
            .contains(&days)
            .then(|| Date(i32::try_from(days).unwrap_or(i32::MAX)))
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, i32, i32) {
        civil_from_days(self.0)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: i32) -> i32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil-date algorithms.
fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, i32, i32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_is_years_1_to_9999() {
        assert_eq!(Date::MIN, Date::parse("0001-01-01").expect("date"));
        assert_eq!(Date::MAX, Date::parse("9999-12-31").expect("date"));
        assert_eq!(Date::MAX.add_days(365), Date::MAX);
        assert_eq!(Date::MIN.add_days(-1), Date::MIN);
        assert_eq!(
            Date::from_unix_seconds_checked(0),
            Date::parse("1970-01-01")
        );
        assert_eq!(
            Date::from_unix_seconds_checked(253_402_300_799),
            Some(Date::MAX)
        );
        assert_eq!(Date::from_unix_seconds_checked(253_402_300_800), None);
        assert_eq!(
            Date::from_unix_seconds_checked(-62_135_596_800),
            Some(Date::MIN)
        );
        assert_eq!(Date::from_unix_seconds_checked(-62_135_596_801), None);
        assert_eq!(Date::from_unix_seconds_checked(i64::MAX), None);
    }

    #[test]
    fn round_trips() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2026-11-23",
            "1999-12-31",
            "2400-02-29",
        ] {
            assert_eq!(Date::parse(s).map(|d| d.to_string()).as_deref(), Some(s));
        }
        assert_eq!(Date::parse("1970-01-02").map(Date::days), Some(1));
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "26-01-01",
            "2026-1-01",
            "2026-01-01T00:00",
            "+026-01-01",
        ] {
            assert_eq!(Date::parse(s), None, "{s}");
        }
    }
}
