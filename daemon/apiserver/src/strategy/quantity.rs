//! Kubernetes resource quantities (`100m`, `1Gi`, `1e3`, `0.5`): parsing with apimachinery's
//! grammar and errors, comparison, and the canonical form the API server writes back
//! (`1000m` → `1`, `0.5` → `500m`, `1024Mi` → `1Gi`).
//!
//! A quantity is `mantissa × 10^exponent` (exact for every binary suffix too, since
//! `2^k` times a decimal fraction is a decimal fraction), plus the format its suffix chose,
//! which decides how it is printed.

use std::cmp::Ordering;
use std::fmt;

/// How a quantity prints: its suffix family, as in the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `1e3`, `5E-3`
    DecimalExponent,
    /// `1Ki`, `5Gi`
    BinarySI,
    /// `100m`, `1k`, `5G`, or no suffix
    DecimalSI,
}

/// Why a string is not a quantity, in apimachinery's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error(
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    )]
    FormatWrong,
    #[error("unable to parse numeric part of quantity")]
    Numeric,
    #[error("unable to parse quantity's suffix")]
    Suffix,
}

/// A parsed quantity: `mantissa × 10^exponent`.
#[derive(Clone, Copy, Debug)]
pub struct Quantity {
    mantissa: i128,
    exponent: i32,
    pub format: Format,
}

/// The most decimal digits a mantissa may carry before arithmetic could overflow `i128`.
const MAX_DIGITS: usize = 36;
/// Kubernetes keeps nothing finer than nano units; smaller fractions round up.
const NANO: i32 = -9;

impl Quantity {
    /// Parses a quantity as `resource.ParseQuantity` does.
    pub fn parse(s: &str) -> Result<Quantity, Error> {
        if s.is_empty() {
            return Err(Error::FormatWrong);
        }
        let parts = split(s)?;
        let (base, exp, format) = suffix(parts.suffix).ok_or(Error::Suffix)?;
        let digits = format!("{}{}", parts.whole, parts.fraction);
        let digits = digits.trim_start_matches('0');
        if digits.len() > MAX_DIGITS {
            return Err(Error::Numeric);
        }
        let mut mantissa: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().map_err(|_| Error::Numeric)?
        };
        let mut exponent = -(parts.fraction.len() as i32);
        if base == 10 {
            exponent = exponent.checked_add(exp).ok_or(Error::Numeric)?;
        } else {
            let factor = 1i128.checked_shl(exp as u32).ok_or(Error::Numeric)?;
            mantissa = mantissa.checked_mul(factor).ok_or(Error::Numeric)?;
        }
        if !parts.positive {
            mantissa = -mantissa;
        }
        let q = Quantity {
            mantissa,
            exponent,
            format,
        }
        .normalized();
        Ok(q.round_up(NANO))
    }

    /// Parses a JSON value holding a quantity: a string, or a bare number (which Kubernetes
    /// also accepts and prints back as a string).
    pub fn from_json(v: &serde_json::Value) -> Option<Result<Quantity, Error>> {
        match v {
            serde_json::Value::String(s) => Some(Quantity::parse(s)),
            serde_json::Value::Number(n) => Some(Quantity::parse(&n.to_string())),
            _ => None,
        }
    }

    pub fn zero() -> Quantity {
        Quantity {
            mantissa: 0,
            exponent: 0,
            format: Format::DecimalSI,
        }
    }

    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// Whether the value is a whole number (what integer resources such as `pods` need).
    pub fn is_integer(&self) -> bool {
        self.exponent >= 0 || self.mantissa % pow10(-self.exponent).unwrap_or(i128::MAX) == 0
    }

    /// Rounds away from zero to a multiple of `10^scale`, as `Quantity.RoundUp` (the API server
    /// keeps at most milli precision in resource lists).
    pub fn round_up(self, scale: i32) -> Quantity {
        if self.exponent >= scale {
            return self;
        }
        let Some(divisor) = pow10(scale - self.exponent) else {
            // Far below the scale: the smallest unit, with the sign kept.
            let unit = if self.mantissa == 0 {
                0
            } else {
                self.mantissa.signum()
            };
            return Quantity {
                mantissa: unit,
                exponent: scale,
                format: self.format,
            };
        };
        let mut m = self.mantissa / divisor;
        if self.mantissa % divisor != 0 {
            m += self.mantissa.signum();
        }
        Quantity {
            mantissa: m,
            exponent: scale,
            format: self.format,
        }
        .normalized()
    }

    /// Strips trailing decimal zeros from the mantissa (the value is unchanged).
    fn normalized(mut self) -> Quantity {
        if self.mantissa == 0 {
            self.exponent = 0;
            return self;
        }
        while self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.exponent += 1;
        }
        self
    }

    /// The value as `mantissa × 10^exponent` with the given exponent, if it fits.
    fn at_exponent(&self, exponent: i32) -> Option<i128> {
        if exponent > self.exponent {
            return None;
        }
        self.mantissa.checked_mul(pow10(self.exponent - exponent)?)
    }

    /// The value as an integer, when it is a whole number that fits.
    fn as_integer(&self) -> Option<i128> {
        if self.exponent >= 0 {
            self.at_exponent(0)
        } else {
            self.is_integer()
                .then(|| self.mantissa / pow10(-self.exponent).unwrap_or(1))
        }
    }

    /// Kubernetes' canonical string: the form the API server stores and prints.
    pub fn canonical(&self) -> String {
        if self.mantissa == 0 {
            return "0".to_string();
        }
        let mut format = self.format;
        if format == Format::BinarySI {
            // Binary units only for whole numbers of at least 1Ki; anything else would round.
            match self.as_integer() {
                Some(v) if v.abs() >= 1024 => return binary_string(v),
                _ => format = Format::DecimalSI,
            }
        }
        // Decimal: an exponent that is a multiple of three, with the mantissa scaled to match.
        let (mut m, mut e) = (self.mantissa, self.exponent);
        let adjust = e.rem_euclid(3);
        if adjust != 0 {
            match m.checked_mul(pow10(adjust).unwrap_or(1)) {
                Some(scaled) => {
                    m = scaled;
                    e -= adjust;
                }
                None => return format!("{}e{}", self.mantissa, self.exponent),
            }
        }
        let suffix = match (format, e) {
            (Format::DecimalExponent, 0) => String::new(),
            (Format::DecimalExponent, e) => format!("e{e}"),
            (_, e) => match decimal_suffix(e) {
                Some(s) => s.to_string(),
                None => format!("e{e}"),
            },
        };
        format!("{m}{suffix}")
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.cmp_value(other) == Ordering::Equal
    }
}

impl Quantity {
    /// Compares values, whatever their formats.
    pub fn cmp_value(&self, other: &Quantity) -> Ordering {
        let (a, b) = (self.normalized(), other.normalized());
        if a.mantissa.signum() != b.mantissa.signum() {
            return a.mantissa.signum().cmp(&b.mantissa.signum());
        }
        let e = a.exponent.min(b.exponent);
        match (a.at_exponent(e), b.at_exponent(e)) {
            (Some(x), Some(y)) => x.cmp(&y),
            // One side overflowed when scaled down: it has the larger magnitude.
            (None, _) => {
                if a.mantissa > 0 {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (_, None) => {
                if b.mantissa > 0 {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

fn pow10(n: i32) -> Option<i128> {
    if n < 0 {
        return None;
    }
    10i128.checked_pow(n as u32)
}

fn decimal_suffix(exponent: i32) -> Option<&'static str> {
    Some(match exponent {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => return None,
    })
}

/// An integer in the largest binary unit that divides it (`1536Mi`, `1Gi`).
fn binary_string(v: i128) -> String {
    const UNITS: [&str; 7] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    let (mut m, mut unit) = (v, 0);
    while unit + 1 < UNITS.len() && m % 1024 == 0 {
        m /= 1024;
        unit += 1;
    }
    format!("{m}{}", UNITS[unit])
}

struct Parts<'a> {
    positive: bool,
    whole: &'a str,
    fraction: &'a str,
    suffix: &'a str,
}

/// Splits `[+-]digits[.digits]suffix` as apimachinery's `parseQuantityString` does.
fn split(s: &str) -> Result<Parts<'_>, Error> {
    let b = s.as_bytes();
    let mut pos = 0;
    let mut positive = true;
    if let Some(sign) = b.first() {
        match sign {
            b'-' => {
                positive = false;
                pos = 1;
            }
            b'+' => pos = 1,
            _ => {}
        }
    }
    let digits_from =
        |start: usize| b[start..].iter().take_while(|c| c.is_ascii_digit()).count() + start;
    let whole_end = digits_from(pos);
    let whole = &s[pos..whole_end];
    pos = whole_end;
    let mut fraction = "";
    if b.get(pos) == Some(&b'.') {
        let end = digits_from(pos + 1);
        fraction = &s[pos + 1..end];
        pos = end;
    }
    let suffix_start = pos;
    while pos < b.len() && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < b.len() && (b[pos] == b'-' || b[pos] == b'+') {
        pos += 1;
    }
    pos = digits_from(pos);
    if pos != b.len() {
        return Err(Error::FormatWrong);
    }
    Ok(Parts {
        positive,
        whole,
        fraction,
        suffix: &s[suffix_start..],
    })
}

/// The base, exponent and format a suffix stands for (`Ki` → 2^10, `m` → 10^-3, `e6` → 10^6).
fn suffix(s: &str) -> Option<(u32, i32, Format)> {
    let decimal = |e| Some((10, e, Format::DecimalSI));
    let binary = |e| Some((2, e, Format::BinarySI));
    match s {
        "" => decimal(0),
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => binary(10),
        "Mi" => binary(20),
        "Gi" => binary(30),
        "Ti" => binary(40),
        "Pi" => binary(50),
        "Ei" => binary(60),
        _ => {
            let rest = s.strip_prefix('e').or_else(|| s.strip_prefix('E'))?;
            let e: i32 = rest.parse().ok()?;
            Some((10, e, Format::DecimalExponent))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        Quantity::parse(s).unwrap().canonical()
    }

    #[test]
    fn canonical_forms_match_kubernetes() {
        for (given, want) in [
            ("100m", "100m"),
            ("1000m", "1"),
            ("0.5", "500m"),
            ("1", "1"),
            ("1000", "1k"),
            ("1e3", "1e3"),
            ("1E3", "1e3"),
            ("1.5", "1500m"),
            ("1Gi", "1Gi"),
            ("1024Mi", "1Gi"),
            ("1536Mi", "1536Mi"),
            ("512Ki", "512Ki"),
            ("100Ki", "100Ki"),
            ("0.5Gi", "512Mi"),
            ("0.1Gi", "107374182400m"),
            ("1000Ki", "1000Ki"),
            ("100", "100"),
            ("128974848", "128974848"),
            ("129e6", "129e6"),
            ("123M", "123M"),
            ("0", "0"),
            ("0m", "0"),
            ("-1", "-1"),
            ("+2", "2"),
            ("10n", "10n"),
            ("1.", "1"),
            (".5", "500m"),
            ("1.0001", "1000100u"),
            ("0.0000000001", "1n"),
            ("1000000000000000000000", "1e21"),
        ] {
            assert_eq!(canon(given), want, "{given}");
        }
    }

    #[test]
    fn bad_strings_get_apimachinery_errors() {
        let format = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
        for bad in ["", "1.5.5", "abc", "1x", "1Gx", " 1", "1 ", "Gi1x"] {
            assert_eq!(
                Quantity::parse(bad).unwrap_err().to_string(),
                format,
                "{bad:?}"
            );
        }
        for bad in ["1KK", "1iM", "1e", "1Mii"] {
            assert_eq!(Quantity::parse(bad).unwrap_err(), Error::Suffix, "{bad:?}");
        }
        assert_eq!(
            Quantity::parse("1KK").unwrap_err().to_string(),
            "unable to parse quantity's suffix"
        );
        assert_eq!(
            Quantity::parse("99999999999999999999999999999999999999999").unwrap_err(),
            Error::Numeric
        );
    }

    #[test]
    fn comparison_ignores_formats() {
        let q = |s| Quantity::parse(s).unwrap();
        assert_eq!(q("1").cmp_value(&q("1000m")), Ordering::Equal);
        assert_eq!(q("2").cmp_value(&q("1")), Ordering::Greater);
        assert_eq!(q("1Gi").cmp_value(&q("1G")), Ordering::Greater);
        assert_eq!(q("500m").cmp_value(&q("0.5")), Ordering::Equal);
        assert_eq!(q("-1").cmp_value(&q("0")), Ordering::Less);
        assert_eq!(q("1e30").cmp_value(&q("1n")), Ordering::Greater);
        assert!(q("-1").is_negative());
        assert!(q("2k").is_integer() && !q("1.5").is_integer());
    }

    #[test]
    fn resource_lists_round_up_to_milli() {
        let q = |s| Quantity::parse(s).unwrap();
        assert_eq!(q("100n").round_up(-3).canonical(), "1m");
        assert_eq!(q("1.0005").round_up(-3).canonical(), "1001m");
        assert_eq!(q("-1.0005").round_up(-3).canonical(), "-1001m");
        assert_eq!(q("250m").round_up(-3).canonical(), "250m");
    }

    #[test]
    fn json_numbers_are_quantities_too() {
        let v = serde_json::json!(0.5);
        assert_eq!(
            Quantity::from_json(&v).unwrap().unwrap().canonical(),
            "500m"
        );
        assert!(Quantity::from_json(&serde_json::json!(true)).is_none());
    }
}
