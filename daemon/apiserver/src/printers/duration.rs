//! Ages and timestamps: apimachinery's `duration.HumanDuration` and RFC 3339 parsing.
//!
//! Ages are computed in nanoseconds because upstream subtracts `time.Time`s with sub-second
//! precision (`eventTime` and `series.lastObservedTime` are MicroTimes) before truncating to whole
//! seconds; doing the same keeps `-1s` of clock skew printing as `0s`, not `<invalid>`.

const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// A point in time: seconds since the Unix epoch and the nanoseconds past that second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Timestamp {
    pub secs: i64,
    pub nanos: u32,
}

impl Timestamp {
    fn as_nanos(self) -> i128 {
        i128::from(self.secs) * i128::from(NANOS_PER_SECOND) + i128::from(self.nanos)
    }
}

pub use rk_api::duration::{human_duration, human_duration_nanos};

/// Upstream's `translateTimestampSince`: the age of `timestamp` at `now` (unix seconds), or
/// `<unknown>` when the timestamp is absent (Go's zero time) or unreadable.
pub(super) fn since(timestamp: Option<&str>, now: i64) -> String {
    match timestamp.and_then(parse_time) {
        Some(t) => between(
            t,
            Timestamp {
                secs: now,
                nanos: 0,
            },
        ),
        None => "<unknown>".to_string(),
    }
}

/// The human duration from `start` to `end` (negative when `end` is earlier).
pub(super) fn between(start: Timestamp, end: Timestamp) -> String {
    human_duration_nanos(end.as_nanos() - start.as_nanos())
}

/// Go's zero `time.Time`, 0001-01-01T00:00:00Z: what an unset `metav1.Time` is.
const GO_ZERO_SECS: i64 = -62_135_596_800;

/// A set timestamp: parsed, and not Go's zero time (which `metav1.Time.IsZero` treats as unset).
pub(super) fn parse_time(s: &str) -> Option<Timestamp> {
    parse_rfc3339(s).filter(|t| {
        *t != Timestamp {
            secs: GO_ZERO_SECS,
            nanos: 0,
        }
    })
}

/// Parses an RFC 3339 timestamp as Kubernetes writes them (`2024-05-01T12:00:00Z`, optionally
/// with a fraction of a second — MicroTime has six digits — or a `+hh:mm` offset).
pub(super) fn parse_rfc3339(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    let second = digits(&b[17..19])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos: u32 = 0;
    if let Some((b'.', fraction)) = rest.split_first() {
        let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 || len > 9 {
            return None;
        }
        let value = u32::try_from(digits(&fraction[..len])?).ok()?;
        nanos = value * 10u32.pow(9 - len as u32);
        rest = &fraction[len..];
    }
    let offset_secs = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = digits(&[*h1, *h2])?;
            let minutes = digits(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            if *sign == b'+' { offset } else { -offset }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
    Some(Timestamp { secs, nanos })
}

/// Formats unix seconds as RFC 3339 in UTC, as Go's `t.UTC().Format(time.RFC3339)`.
pub(crate) fn format_rfc3339_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let in_day = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        (in_day / 60) % 60,
        in_day % 60
    )
}

fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;
    const YEAR: i64 = 365 * DAY;

    #[test]
    fn seconds_are_printed_up_to_two_minutes() {
        assert_eq!(human_duration(0), "0s");
        assert_eq!(human_duration(59), "59s");
        assert_eq!(human_duration(119), "119s");
        assert_eq!(human_duration(2 * MINUTE), "2m");
    }

    #[test]
    fn minutes_keep_their_seconds_below_ten_minutes() {
        assert_eq!(human_duration(3 * MINUTE + 20), "3m20s");
        assert_eq!(human_duration(9 * MINUTE + 59), "9m59s");
        assert_eq!(human_duration(10 * MINUTE + 30), "10m");
        assert_eq!(human_duration(179 * MINUTE), "179m");
    }

    #[test]
    fn hours_keep_their_minutes_below_eight_hours() {
        assert_eq!(human_duration(3 * HOUR), "3h");
        assert_eq!(human_duration(3 * HOUR + 5 * MINUTE), "3h5m");
        assert_eq!(human_duration(8 * HOUR + 5 * MINUTE), "8h");
        assert_eq!(human_duration(47 * HOUR), "47h");
    }

    #[test]
    fn days_keep_their_hours_below_eight_days() {
        assert_eq!(human_duration(2 * DAY), "2d");
        assert_eq!(human_duration(2 * DAY + 3 * HOUR), "2d3h");
        assert_eq!(human_duration(8 * DAY + 3 * HOUR), "8d");
        assert_eq!(human_duration(45 * DAY), "45d");
        assert_eq!(human_duration(729 * DAY), "729d");
    }

    #[test]
    fn years_keep_their_days_below_eight_years() {
        assert_eq!(human_duration(2 * YEAR), "2y");
        assert_eq!(human_duration(3 * YEAR + 12 * DAY), "3y12d");
        assert_eq!(human_duration(8 * YEAR + 12 * DAY), "8y");
    }

    #[test]
    fn a_second_of_clock_skew_is_now_but_more_is_invalid() {
        assert_eq!(human_duration(-1), "0s");
        assert_eq!(human_duration(-2), "<invalid>");
        assert_eq!(human_duration_nanos(-1_500_000_000), "0s");
    }

    #[test]
    fn rfc3339_timestamps_parse_with_fractions_and_offsets() {
        let t = parse_rfc3339("2024-05-01T12:00:00Z").unwrap();
        assert_eq!(
            t,
            Timestamp {
                secs: 1_714_564_800,
                nanos: 0
            }
        );
        let micro = parse_rfc3339("2024-05-01T12:00:00.250000Z").unwrap();
        assert_eq!(
            micro,
            Timestamp {
                secs: 1_714_564_800,
                nanos: 250_000_000
            }
        );
        let offset = parse_rfc3339("2024-05-01T14:30:00+02:30").unwrap();
        assert_eq!(offset.secs, 1_714_564_800);
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z").unwrap().secs, 0);
        assert_eq!(
            parse_rfc3339("2000-02-29T00:00:00Z").unwrap().secs,
            951_782_400
        );
    }

    #[test]
    fn malformed_timestamps_are_rejected() {
        for bad in [
            "",
            "2024-05-01",
            "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-05-01T12:00:00",
            "2024-05-01T12:00:00.Z",
            "yesterday",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn age_since_a_timestamp_or_unknown() {
        let now = parse_rfc3339("2024-05-01T12:00:00Z").unwrap().secs;
        assert_eq!(since(Some("2024-05-01T11:56:40Z"), now), "3m20s");
        assert_eq!(since(Some("2024-05-01T12:00:00.500000Z"), now), "0s");
        assert_eq!(since(None, now), "<unknown>");
        assert_eq!(since(Some("garbage"), now), "<unknown>");
        assert_eq!(since(Some("0001-01-01T00:00:00Z"), now), "<unknown>");
    }

    #[test]
    fn utc_formatting_round_trips() {
        for s in [
            "1970-01-01T00:00:00Z",
            "2000-02-29T23:59:59Z",
            "2024-05-01T12:00:00Z",
            "0001-01-01T00:00:00Z",
        ] {
            assert_eq!(format_rfc3339_utc(parse_rfc3339(s).unwrap().secs), s);
        }
        let shifted = parse_rfc3339("2024-05-01T01:00:00+02:00").unwrap();
        assert_eq!(format_rfc3339_utc(shifted.secs), "2024-04-30T23:00:00Z");
    }
}
