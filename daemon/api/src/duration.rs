//! apimachinery's `duration.HumanDuration`: the age format kubectl and the API server's tables
//! print. Shared by the API server's printers and rkctl.

const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// kubectl's age format (apimachinery `duration.HumanDuration`): about two or three significant
/// figures — `5s`, `119s`, `3m20s`, `10m`, `3h5m`, `20h`, `2d3h`, `45d`, `3y12d`, `9y`.
pub fn human_duration(secs: i64) -> String {
    human_duration_nanos(i128::from(secs) * i128::from(NANOS_PER_SECOND))
}

/// [`human_duration`] of a duration in nanoseconds, truncating toward zero as Go's
/// `int(d.Seconds())` does.
pub fn human_duration_nanos(d: i128) -> String {
    const SECOND: i128 = NANOS_PER_SECOND as i128;
    const MINUTE: i128 = 60 * SECOND;
    const HOUR: i128 = 60 * MINUTE;
    let seconds = d / SECOND;
    // Up to a second of clock skew between the writer and us still reads as "now".
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    if seconds < 0 {
        return "0s".to_string();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = d / MINUTE;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = d / HOUR;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        let days = hours / 24;
        return if h == 0 {
            format!("{days}d")
        } else {
            format!("{days}d{h}h")
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let years = hours / 24 / 365;
        let days = (hours / 24) % 365;
        return if days == 0 {
            format!("{years}y")
        } else {
            format!("{years}y{days}d")
        };
    }
    format!("{}y", hours / 24 / 365)
}
