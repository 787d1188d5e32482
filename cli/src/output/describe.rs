//! The building blocks of kubectl's `describe` layout: lines of `Key:\tvalue` at indentation
//! levels, aligned by Go's tabwriter as `describe` configures it (min width 0, padding 2), label
//! and annotation blocks, RFC 1123 timestamps and `HumanDuration` ages.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// Collects `describe` lines; [`Writer::finish`] aligns them.
#[derive(Default)]
pub struct Writer {
    lines: Vec<String>,
}

impl Writer {
    /// One line at `level` (2 spaces per level), cells separated by tabs.
    pub fn line(&mut self, level: usize, text: impl AsRef<str>) {
        let text = text.as_ref();
        let indent = "  ".repeat(level);
        for (i, part) in text.split('\n').enumerate() {
            if i == 0 {
                self.lines.push(format!("{indent}{part}"));
            } else {
                self.lines.push(part.to_string());
            }
        }
    }

    /// A blank line.
    pub fn blank(&mut self) {
        self.lines.push(String::new());
    }

    /// `Labels:\tk=v` with further labels on their own lines, or `<none>`.
    pub fn labels(&mut self, level: usize, title: &str, labels: &Value) {
        let pairs = sorted_pairs(labels, "=");
        self.multiline(level, title, &pairs);
    }

    /// `Annotations:\tk: v` with further ones on their own lines, or `<none>`.
    pub fn annotations(&mut self, level: usize, title: &str, annotations: &Value) {
        let mut pairs = Vec::new();
        if let Some(map) = annotations.as_object() {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for k in keys {
                // kubectl hides the last-applied configuration.
                if k == "kubectl.kubernetes.io/last-applied-configuration" {
                    continue;
                }
                let v = map[k.as_str()].as_str().unwrap_or_default();
                if v.len() > 140 || v.contains('\n') {
                    pairs.push(format!("{k}:"));
                    for l in v.trim_end_matches('\n').split('\n') {
                        pairs.push(format!("  {l}"));
                    }
                } else {
                    pairs.push(format!("{k}: {v}"));
                }
            }
        }
        self.multiline(level, title, &pairs);
    }

    /// `Title:\tfirst` and `\trest` lines, or `Title:\t<none>`.
    pub fn multiline(&mut self, level: usize, title: &str, values: &[String]) {
        if values.is_empty() {
            self.line(level, format!("{title}:\t<none>"));
            return;
        }
        let indent = "  ".repeat(level);
        for (i, v) in values.iter().enumerate() {
            if i == 0 {
                self.line(level, format!("{title}:\t{v}"));
            } else {
                self.lines.push(format!("{indent}\t{v}"));
            }
        }
    }

    /// The aligned text.
    pub fn finish(self) -> String {
        align(&self.lines)
    }
}

/// Go's tabwriter with `describe`'s settings (min width 0, padding 2).
fn align(lines: &[String]) -> String {
    let rows: Vec<Vec<&str>> = lines.iter().map(|l| l.split('\t').collect()).collect();
    let mut widths: Vec<Vec<usize>> = rows.iter().map(|r| vec![0; r.len()]).collect();
    let max_cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    for c in 0..max_cols {
        let mut i = 0;
        while i < rows.len() {
            if rows[i].len() <= c + 1 {
                i += 1;
                continue;
            }
            let start = i;
            let mut width = 0;
            while i < rows.len() && rows[i].len() > c + 1 {
                width = width.max(rows[i][c].chars().count() + 2);
                i += 1;
            }
            for w in widths.iter_mut().take(i).skip(start) {
                w[c] = width;
            }
        }
    }
    let mut out = String::new();
    for (row, w) in rows.iter().zip(&widths) {
        for (c, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if c + 1 < row.len() {
                for _ in cell.chars().count()..w[c] {
                    out.push(' ');
                }
            }
        }
        out.push('\n');
    }
    out
}

/// `k=v` (or `k: v`) pairs sorted by key.
pub fn sorted_pairs(map: &Value, sep: &str) -> Vec<String> {
    let Some(map) = map.as_object() else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    keys.into_iter()
        .map(|k| format!("{k}{sep}{}", map[k.as_str()].as_str().unwrap_or_default()))
        .collect()
}

/// A selector map as `k=v,k2=v2`, or `<none>`.
pub fn selector(map: &Value) -> String {
    let pairs = sorted_pairs(map, "=");
    if pairs.is_empty() {
        "<none>".into()
    } else {
        pairs.join(",")
    }
}

/// Seconds since the epoch of an RFC 3339 time (`2026-01-02T03:04:05Z`, fractions and offsets allowed).
pub fn parse_time(s: &str) -> Option<i64> {
    let (date, time) = s.split_once(['T', 't'])?;
    let mut d = date.split('-');
    let (y, m, day): (i64, i64, i64) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => (&time[..i], &time[i..]),
        None => (time, "Z"),
    };
    let mut c = clock.split(':');
    let h: i64 = c.next()?.parse().ok()?;
    let min: i64 = c.next()?.parse().ok()?;
    let sec: f64 = c.next()?.parse().ok()?;
    let offset_secs = match offset {
        "Z" | "z" => 0,
        o => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let (oh, om) = o[1..].split_once(':')?;
            sign * (oh.parse::<i64>().ok()? * 3600 + om.parse::<i64>().ok()? * 60)
        }
    };
    Some(days_from_civil(y, m, day) * 86400 + h * 3600 + min * 60 + sec as i64 - offset_secs)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Go's `time.RFC1123Z` in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`.
pub fn rfc1123z(s: &str) -> String {
    let Some(t) = parse_time(s) else {
        return s.to_string();
    };
    let days = t.div_euclid(86400);
    let secs = t.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} +0000",
        WEEKDAYS[days.rem_euclid(7) as usize],
        d,
        MONTHS[(m - 1) as usize],
        y,
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// RFC 3339 in UTC with seconds (`2006-01-02T15:04:05Z`) of seconds since the epoch.
pub fn rfc3339(t: i64) -> String {
    let (y, m, d) = civil_from_days(t.div_euclid(86400));
    let secs = t.rem_euclid(86400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Now, in [`rfc3339`] form.
pub fn now_rfc3339() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    rfc3339(now)
}

/// Seconds since an RFC 3339 time, by the local clock.
pub fn seconds_since(s: &str) -> Option<i64> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(now - parse_time(s)?)
}

/// apimachinery's `duration.HumanDuration`.
pub use rk_api::duration::human_duration;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_as_rfc1123z() {
        assert_eq!(
            rfc1123z("2026-11-28T10:04:05Z"),
            "Sat, 28 Nov 2026 10:04:05 +0000"
        );
        assert_eq!(
            rfc1123z("2024-02-29T23:59:59Z"),
            "Thu, 29 Feb 2024 23:59:59 +0000"
        );
    }

    #[test]
    fn ages_read_like_kubectls() {
        assert_eq!(human_duration(5), "5s");
        assert_eq!(human_duration(125), "2m5s");
        assert_eq!(human_duration(3600 * 5 + 60), "5h1m");
        assert_eq!(human_duration(86400 * 3), "3d");
        assert_eq!(human_duration(86400 * 400), "400d");
    }

    #[test]
    fn describe_lines_align_per_block_with_two_spaces() {
        let mut w = Writer::default();
        w.line(0, "Name:\talpha");
        w.line(0, "Service Account:\tdefault");
        w.line(0, "Containers:");
        w.line(2, "Image:\tbusybox");
        assert_eq!(
            w.finish(),
            "Name:             alpha\nService Account:  default\nContainers:\n    Image:  busybox\n"
        );
    }
}
