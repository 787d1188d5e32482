//! Cron schedules as CronJobs use them (robfig/cron's standard parser): five fields — minute,
//! hour, day of month, month, day of week — with `*`, `?`, lists, ranges, steps and month and
//! weekday names, plus `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`,
//! `@hourly`. When both day fields are restricted a day matching either is due (cron's rule).
//! Times are UTC.

use std::str::FromStr;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// Why a schedule does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unparseable schedule {schedule:?}: {reason}")]
pub struct ParseError {
    pub schedule: String,
    pub reason: String,
}

/// A parsed schedule: one bit per allowed value of each field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    minutes: u64,
    hours: u64,
    days: u64,
    months: u64,
    weekdays: u64,
    /// Either day field was `*` (then only the other one restricts).
    any_day: bool,
    any_weekday: bool,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

fn value(s: &str, names: &[&str], offset: u32) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let lower = s.to_ascii_lowercase();
    names
        .iter()
        .position(|n| *n == lower)
        .map(|i| i as u32 + offset)
}

/// Parses one field into a bit set; returns (bits, was a bare `*` or `?`).
fn field(
    spec: &str,
    min: u32,
    max: u32,
    names: &[&str],
    offset: u32,
) -> Result<(u64, bool), String> {
    let mut bits = 0u64;
    let star = spec == "*" || spec == "?";
    for part in spec.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (
                r,
                s.parse::<u32>()
                    .map_err(|_| format!("invalid step {s:?}"))?,
            ),
            None => (part, 1),
        };
        if step == 0 {
            return Err("step of zero".into());
        }
        let (lo, hi) = if range == "*" || range == "?" {
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            let a = value(a, names, offset).ok_or_else(|| format!("invalid value {a:?}"))?;
            let b = value(b, names, offset).ok_or_else(|| format!("invalid value {b:?}"))?;
            (a, b)
        } else {
            let a =
                value(range, names, offset).ok_or_else(|| format!("invalid value {range:?}"))?;
            // `N/step` runs from N to the end of the range.
            (a, if part.contains('/') { max } else { a })
        };
        if lo < min || hi > max || lo > hi {
            return Err(format!("{part:?} is outside {min}-{max}"));
        }
        let mut v = lo;
        while v <= hi {
            bits |= 1 << v;
            v += step;
        }
    }
    Ok((bits, star))
}

impl FromStr for Schedule {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason: String| ParseError {
            schedule: s.to_string(),
            reason,
        };
        let spec = match s.trim() {
            "@yearly" | "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" | "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            other if other.starts_with('@') => {
                return Err(err(format!("unknown descriptor {other}")));
            }
            other => other,
        };
        let fields: Vec<&str> = spec.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(err(format!(
                "expected exactly 5 fields, found {}",
                fields.len()
            )));
        }
        let (minutes, _) = field(fields[0], 0, 59, &[], 0).map_err(err)?;
        let (hours, _) = field(fields[1], 0, 23, &[], 0).map_err(err)?;
        let (days, any_day) = field(fields[2], 1, 31, &[], 0).map_err(err)?;
        let (months, _) = field(fields[3], 1, 12, &MONTHS, 1).map_err(err)?;
        let (mut weekdays, any_weekday) = field(fields[4], 0, 7, &WEEKDAYS, 0).map_err(err)?;
        if weekdays & (1 << 7) != 0 {
            weekdays |= 1; // 7 is Sunday too
        }
        Ok(Schedule {
            minutes,
            hours,
            days,
            months,
            weekdays,
            any_day,
            any_weekday,
        })
    }
}

impl Schedule {
    fn day_matches(&self, d: Date) -> bool {
        let dom = self.days & (1 << d.day()) != 0;
        let dow = self.weekdays & (1 << d.weekday().to_sunday_zero_offset()) != 0;
        if self.any_day || self.any_weekday {
            dom && dow
        } else {
            dom || dow
        }
    }

    /// The first scheduled time strictly after `t` (within five years).
    pub fn next_after(&self, t: Timestamp) -> Option<Timestamp> {
        let tz = TimeZone::UTC;
        let start = tz.to_datetime(t);
        // Start at the next whole minute.
        let mut dt: DateTime = start
            .with()
            .second(0)
            .subsec_nanosecond(0)
            .build()
            .ok()?
            .checked_add(1.minute())
            .ok()?;
        let limit = start.checked_add(5.years()).ok()?;
        while dt < limit {
            if self.months & (1 << dt.month()) == 0 {
                let first = Date::new(dt.year(), dt.month(), 1)
                    .ok()?
                    .checked_add(1.month())
                    .ok()?;
                dt = first.to_datetime(jiff::civil::Time::midnight());
                continue;
            }
            if !self.day_matches(dt.date()) {
                dt = dt
                    .date()
                    .checked_add(1.day())
                    .ok()?
                    .to_datetime(jiff::civil::Time::midnight());
                continue;
            }
            if self.hours & (1 << dt.hour()) == 0 {
                dt = dt
                    .with()
                    .minute(0)
                    .build()
                    .ok()?
                    .checked_add(1.hour())
                    .ok()?;
                continue;
            }
            if self.minutes & (1 << dt.minute()) == 0 {
                dt = dt.checked_add(1.minute()).ok()?;
                continue;
            }
            return tz.to_timestamp(dt).ok();
        }
        None
    }

    /// The scheduled times in `(after, until]`, at most `cap` of them (the latest ones are
    /// what matters; the count tells how many were missed).
    pub fn times_between(
        &self,
        after: Timestamp,
        until: Timestamp,
        cap: usize,
    ) -> (Option<Timestamp>, usize) {
        let mut last = None;
        let mut count = 0;
        let mut t = after;
        while let Some(next) = self.next_after(t) {
            if next > until {
                break;
            }
            last = Some(next);
            count += 1;
            if count >= cap {
                break;
            }
            t = next;
        }
        (last, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn next(schedule: &str, after: &str) -> String {
        schedule
            .parse::<Schedule>()
            .unwrap()
            .next_after(ts(after))
            .unwrap()
            .to_string()
    }

    #[test]
    fn steps_ranges_lists_and_names_parse() {
        assert_eq!(
            next("*/15 * * * *", "2026-01-01T00:07:30Z"),
            "2026-01-01T00:15:00Z"
        );
        assert_eq!(
            next("0 9-17/4 * * mon-fri", "2026-01-02T14:00:00Z"),
            "2026-01-02T17:00:00Z",
            "9, 13, 17 on weekdays"
        );
        assert_eq!(
            next("0 9-17/4 * * mon-fri", "2026-01-02T17:00:00Z"),
            "2026-01-05T09:00:00Z",
            "Friday 17:00 → Monday 09:00"
        );
        assert_eq!(
            next("30 2 1,15 * *", "2026-01-01T03:00:00Z"),
            "2026-01-15T02:30:00Z"
        );
        assert_eq!(
            next("0 0 1 feb *", "2026-03-01T00:00:00Z"),
            "2027-02-01T00:00:00Z"
        );
        assert_eq!(
            next("0 0 * * 7", "2026-01-01T00:00:00Z"),
            "2026-01-04T00:00:00Z",
            "7 is Sunday"
        );
    }

    #[test]
    fn descriptors_expand_to_their_schedules() {
        assert_eq!(
            next("@hourly", "2026-01-01T10:59:59Z"),
            "2026-01-01T11:00:00Z"
        );
        assert_eq!(
            next("@daily", "2026-01-01T10:00:00Z"),
            "2026-01-02T00:00:00Z"
        );
        assert_eq!(
            next("@weekly", "2026-01-01T00:00:00Z"),
            "2026-01-04T00:00:00Z"
        );
        assert_eq!(
            next("@monthly", "2026-01-31T00:00:00Z"),
            "2026-02-01T00:00:00Z"
        );
        assert_eq!(
            next("@yearly", "2026-06-01T00:00:00Z"),
            "2027-01-01T00:00:00Z"
        );
    }

    #[test]
    fn restricted_day_of_month_and_weekday_match_either() {
        // The 13th or any Friday: 2026-02-06 is a Friday before the 13th.
        assert_eq!(
            next("0 0 13 * 5", "2026-02-01T00:00:00Z"),
            "2026-02-06T00:00:00Z"
        );
    }

    #[test]
    fn the_next_time_is_strictly_later() {
        assert_eq!(
            next("* * * * *", "2026-01-01T00:00:00Z"),
            "2026-01-01T00:01:00Z"
        );
    }

    #[test]
    fn bad_schedules_are_rejected() {
        for bad in [
            "* * * *",
            "60 * * * *",
            "* 24 * * *",
            "*/0 * * * *",
            "@reboot",
            "a b c d e",
            "5-1 * * * *",
        ] {
            assert!(bad.parse::<Schedule>().is_err(), "{bad}");
        }
    }

    #[test]
    fn missed_times_are_counted_and_the_latest_kept() {
        let s: Schedule = "*/10 * * * *".parse().unwrap();
        let (last, n) =
            s.times_between(ts("2026-01-01T00:00:00Z"), ts("2026-01-01T01:05:00Z"), 100);
        assert_eq!(
            (last.unwrap().to_string().as_str(), n),
            ("2026-01-01T01:00:00Z", 6)
        );
    }
}
