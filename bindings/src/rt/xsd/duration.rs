//! `xsd:duration` as a `jiff::Span`: years and months stay calendar units
//! (XML Schema durations are not a fixed number of seconds).

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use jiff::Span;

use super::scan::{self, Scan};
use crate::rt::read::DecodeError;
use crate::rt::simple::SimpleValue;
use crate::rt::{Name, ns};

/// An `xsd:duration` (`P1Y2M3DT4H5M6.5S`, `-PT30M`).
///
/// Each component is kept as written: `PT90M` stays 90 minutes, `P1M` one
/// month. Equality compares the components (`PT60M` differs from `PT1H`).
/// Weeks of a span built in Rust are written as days (XML Schema has no
/// weeks); milliseconds, microseconds and nanoseconds as the seconds'
/// fraction. Components beyond jiff's limits (19,998 years, ...) are a
/// decode error.
///
/// ```
/// use pbx_soap::rt::xsd::Duration;
/// let d: Duration = "-P1Y2M3DT4H5M6.5S".parse().unwrap();
/// assert_eq!(d.span().get_months(), -2);
/// assert_eq!(d.to_string(), "-P1Y2M3DT4H5M6.5S");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Duration(Span);

impl Duration {
    /// The span.
    pub fn span(&self) -> Span {
        self.0
    }
}

impl From<Span> for Duration {
    fn from(span: Span) -> Self {
        Duration(span)
    }
}

impl PartialEq for Duration {
    fn eq(&self, other: &Self) -> bool {
        self.0.fieldwise() == other.0.fieldwise()
    }
}

impl Eq for Duration {}

impl Hash for Duration {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.fieldwise().hash(state);
    }
}

fn parse(text: &str) -> Option<Span> {
    let mut s = Scan::new(text);
    let negative = s.eat(b'-');
    s.expect(b'P')?;
    let mut span = Span::new();
    let mut any = false;
    let mut in_time = false;
    // Designators in the order XML Schema requires them.
    let date_units: &[u8] = b"YMD";
    let time_units: &[u8] = b"HMS";
    let mut next = 0usize;
    while !s.done() {
        if s.eat(b'T') {
            if in_time {
                return None;
            }
            in_time = true;
            next = 0;
            // `T` needs a component after it.
            s.peek().filter(u8::is_ascii_digit)?;
            continue;
        }
        let number: i64 = s.digits()?.parse().ok()?;
        let units = if in_time { time_units } else { date_units };
        let fraction = if in_time && s.eat(b'.') { Some(scan::fraction(s.digits()?)?) } else { None };
        let unit = s.peek()?;
        let at = units.iter().skip(next).position(|u| *u == unit)? + next;
        if fraction.is_some() && unit != b'S' {
            return None;
        }
        s.expect(unit)?;
        next = at + 1;
        any = true;
        span = match (in_time, unit) {
            (false, b'Y') => span.try_years(number),
            (false, b'M') => span.try_months(number),
            (false, _) => span.try_days(number),
            (true, b'H') => span.try_hours(number),
            (true, b'M') => span.try_minutes(number),
            (true, _) => {
                let nanos = i64::from(fraction.unwrap_or(0));
                span.try_seconds(number)
                    .and_then(|sp| sp.try_milliseconds(nanos / 1_000_000))
                    .and_then(|sp| sp.try_microseconds(nanos / 1_000 % 1_000))
                    .and_then(|sp| sp.try_nanoseconds(nanos % 1_000))
            }
        }
        .ok()?;
    }
    any.then(|| if negative { span.negate() } else { span })
}

impl SimpleValue for Duration {
    const XSD_TYPE: Option<Name> = Some(Name::qualified(ns::XSD, "duration"));
    fn from_text(text: &str) -> Result<Self, DecodeError> {
        let t = text.trim();
        parse(t).map(Duration).ok_or_else(|| DecodeError::invalid("duration", t))
    }
    fn to_text(&self) -> Cow<'_, str> {
        let sp = self.0.abs();
        let mut out = String::with_capacity(24);
        if self.0.signum() < 0 {
            out.push('-');
        }
        out.push('P');
        let days = i64::from(sp.get_weeks()) * 7 + i64::from(sp.get_days());
        for (n, unit) in [(i64::from(sp.get_years()), 'Y'), (i64::from(sp.get_months()), 'M'), (days, 'D')] {
            if n != 0 {
                out.push_str(&format!("{n}{unit}"));
            }
        }
        let nanos = i128::from(sp.get_seconds()) * 1_000_000_000
            + i128::from(sp.get_milliseconds()) * 1_000_000
            + i128::from(sp.get_microseconds()) * 1_000
            + i128::from(sp.get_nanoseconds());
        let (hours, minutes) = (sp.get_hours(), sp.get_minutes());
        if hours != 0 || minutes != 0 || nanos != 0 {
            out.push('T');
            if hours != 0 {
                out.push_str(&format!("{hours}H"));
            }
            if minutes != 0 {
                out.push_str(&format!("{minutes}M"));
            }
            if nanos != 0 {
                let (whole, frac) = (nanos / 1_000_000_000, nanos % 1_000_000_000);
                out.push_str(&whole.to_string());
                if frac != 0 {
                    out.push('.');
                    out.push_str(format!("{frac:09}").trim_end_matches('0'));
                }
                out.push('S');
            }
        }
        if out.ends_with('P') {
            out.push_str("T0S");
        }
        Cow::Owned(out)
    }
}
