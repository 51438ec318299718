//! Typed XML Schema dates, times and durations on the jiff crate (feature
//! `jiff`), for modules generated with `Dates::Jiff` (`pbx-soap gen
//! --dates jiff`, `Builder::dates`), and as conversions from the strings
//! of modules that keep the lexical form (the vendor modules of this
//! crate: `user.created.parse::<rt::xsd::DateTime>()`).
//!
//! | XML Schema | Rust |
//! |---|---|
//! | dateTime | [`DateTime`]: a `jiff::civil::DateTime` and an optional offset |
//! | date | [`Date`]: a `jiff::civil::Date` and an optional offset |
//! | time | [`Time`]: a `jiff::civil::Time` and an optional offset |
//! | duration | [`Duration`]: a `jiff::Span` (years and months stay calendar units) |
//!
//! jiff because it models what XML Schema does: civil (zone-less) values
//! apart from instants, and spans that keep years, months and days rather
//! than a fixed number of seconds (`P1M` is not 30 days); it is maintained
//! actively and needs no time zone database for this (the feature builds
//! it without one).
//!
//! Reading is strict and never changes a value:
//! - no timezone stays no timezone (`offset()` is `None`, "local or
//!   unspecified"): nothing is invented; [`DateTime::to_timestamp`] is the
//!   instant only when there is an offset;
//! - fractions of any length are read, as long as no non-zero digit lies
//!   past the ninth (jiff holds nanoseconds): a finer value is an error,
//!   never rounded;
//! - years run from -9999 to 9999 (jiff's range); year 0000 is 1 BCE and
//!   -0001 2 BCE, as in XML Schema 1.1 and ISO 8601;
//! - `24:00:00` is midnight at the end of the day: the next day's
//!   `00:00:00` (as XML Schema defines it).
//!
//! Writing uses the canonical form: `Z` for a zero offset, no trailing
//! zeros in fractions, `24:00:00` as the next day's `00:00:00`; the value
//! is the same one that was read. Equality compares the fields (a civil
//! value and an offset), so `12:00:00Z` and `13:00:00+01:00` differ; compare
//! [`DateTime::to_timestamp`] for the instant. With feature `serde` too,
//! every type serializes as its lexical form.

mod duration;
mod scan;

use std::borrow::Cow;
use std::fmt;

use jiff::civil;
use jiff::tz::Offset;

pub use duration::Duration;

use super::read::{DecodeError, FromXml, StartTag, XmlReader};
use super::simple::{SimpleValue, read_simple, write_simple};
use super::write::{ToXml, XmlWriter};
use super::{Name, ns};
use scan::Scan;

/// An offset that XML Schema cannot write: it has seconds, or lies beyond
/// ±14:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("offset {0} is not whole minutes within -14:00..=+14:00, as XML Schema requires")]
pub struct InvalidOffset(pub Offset);

fn checked(offset: Option<Offset>) -> Result<Option<Offset>, InvalidOffset> {
    match offset {
        Some(o) if !scan::offset_fits(o) => Err(InvalidOffset(o)),
        other => Ok(other),
    }
}

/// An `xsd:dateTime`: a civil date and time and, when the text had one, its
/// offset from UTC.
///
/// ```
/// use pbx_soap::rt::xsd::DateTime;
/// let t: DateTime = "2026-03-01T09:30:00.25+05:30".parse().unwrap();
/// assert_eq!(t.offset().map(|o| o.seconds()), Some(5 * 3600 + 1800));
/// assert_eq!(t.to_string(), "2026-03-01T09:30:00.25+05:30");
/// let local: DateTime = "2026-03-01T09:30:00".parse().unwrap();
/// assert!(local.offset().is_none() && local.to_timestamp().is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateTime {
    value: civil::DateTime,
    offset: Option<Offset>,
}

impl DateTime {
    /// A value with an offset (`Some`) or without (`None`).
    pub fn new(value: civil::DateTime, offset: Option<Offset>) -> Result<Self, InvalidOffset> {
        Ok(DateTime { value, offset: checked(offset)? })
    }

    /// The civil date and time, as written.
    pub fn value(&self) -> civil::DateTime {
        self.value
    }

    /// The offset from UTC; `None` when the text had no timezone.
    pub fn offset(&self) -> Option<Offset> {
        self.offset
    }

    /// The instant, if the value has an offset.
    pub fn to_timestamp(&self) -> Option<jiff::Timestamp> {
        self.offset?.to_timestamp(self.value).ok()
    }
}

/// A zone-less value (written without a timezone).
impl From<civil::DateTime> for DateTime {
    fn from(value: civil::DateTime) -> Self {
        DateTime { value, offset: None }
    }
}

/// An instant, written in UTC (`Z`).
impl From<jiff::Timestamp> for DateTime {
    fn from(ts: jiff::Timestamp) -> Self {
        DateTime { value: Offset::UTC.to_datetime(ts), offset: Some(Offset::UTC) }
    }
}

/// A zoned value, written with its offset at that instant; fails for
/// offsets with seconds (historic local mean times).
impl TryFrom<&jiff::ZonedDateTime> for DateTime {
    type Error = InvalidOffset;
    fn try_from(z: &jiff::ZonedDateTime) -> Result<Self, InvalidOffset> {
        DateTime::new(z.datetime(), Some(z.offset()))
    }
}

impl SimpleValue for DateTime {
    const XSD_TYPE: Option<Name> = Some(Name::qualified(ns::XSD, "dateTime"));
    fn from_text(text: &str) -> Result<Self, DecodeError> {
        let t = text.trim();
        let parse = || {
            let mut s = Scan::new(t);
            let date = scan::date(&mut s)?;
            s.expect(b'T')?;
            let (time, end_of_day) = scan::time(&mut s)?;
            let offset = scan::offset(&mut s)?;
            let date = if end_of_day { date.tomorrow().ok()? } else { date };
            s.done().then(|| DateTime { value: date.to_datetime(time), offset })
        };
        parse().ok_or_else(|| DecodeError::invalid("dateTime", t))
    }
    fn to_text(&self) -> Cow<'_, str> {
        let mut out = String::with_capacity(32);
        scan::write_date(&mut out, self.value.date());
        out.push('T');
        scan::write_time(&mut out, self.value.time());
        scan::write_offset(&mut out, self.offset);
        Cow::Owned(out)
    }
}

/// An `xsd:date`: a civil date and, when the text had one, an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Date {
    value: civil::Date,
    offset: Option<Offset>,
}

impl Date {
    pub fn new(value: civil::Date, offset: Option<Offset>) -> Result<Self, InvalidOffset> {
        Ok(Date { value, offset: checked(offset)? })
    }

    pub fn value(&self) -> civil::Date {
        self.value
    }

    /// The offset from UTC; `None` when the text had no timezone.
    pub fn offset(&self) -> Option<Offset> {
        self.offset
    }
}

impl From<civil::Date> for Date {
    fn from(value: civil::Date) -> Self {
        Date { value, offset: None }
    }
}

impl SimpleValue for Date {
    const XSD_TYPE: Option<Name> = Some(Name::qualified(ns::XSD, "date"));
    fn from_text(text: &str) -> Result<Self, DecodeError> {
        let t = text.trim();
        let parse = || {
            let mut s = Scan::new(t);
            let value = scan::date(&mut s)?;
            let offset = scan::offset(&mut s)?;
            s.done().then_some(Date { value, offset })
        };
        parse().ok_or_else(|| DecodeError::invalid("date", t))
    }
    fn to_text(&self) -> Cow<'_, str> {
        let mut out = String::with_capacity(16);
        scan::write_date(&mut out, self.value);
        scan::write_offset(&mut out, self.offset);
        Cow::Owned(out)
    }
}

/// An `xsd:time`: a civil time of day and, when the text had one, an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Time {
    value: civil::Time,
    offset: Option<Offset>,
}

impl Time {
    pub fn new(value: civil::Time, offset: Option<Offset>) -> Result<Self, InvalidOffset> {
        Ok(Time { value, offset: checked(offset)? })
    }

    pub fn value(&self) -> civil::Time {
        self.value
    }

    /// The offset from UTC; `None` when the text had no timezone.
    pub fn offset(&self) -> Option<Offset> {
        self.offset
    }
}

impl From<civil::Time> for Time {
    fn from(value: civil::Time) -> Self {
        Time { value, offset: None }
    }
}

impl SimpleValue for Time {
    const XSD_TYPE: Option<Name> = Some(Name::qualified(ns::XSD, "time"));
    fn from_text(text: &str) -> Result<Self, DecodeError> {
        let t = text.trim();
        let parse = || {
            let mut s = Scan::new(t);
            // `24:00:00` is the same time of day as `00:00:00`.
            let (value, _) = scan::time(&mut s)?;
            let offset = scan::offset(&mut s)?;
            s.done().then_some(Time { value, offset })
        };
        parse().ok_or_else(|| DecodeError::invalid("time", t))
    }
    fn to_text(&self) -> Cow<'_, str> {
        let mut out = String::with_capacity(24);
        scan::write_time(&mut out, self.value);
        scan::write_offset(&mut out, self.offset);
        Cow::Owned(out)
    }
}

/// `FromStr`, `Display`, `ToXml`, `FromXml` (and with feature `serde`,
/// `Serialize`/`Deserialize`) through the lexical form.
macro_rules! lexical_value {
    ($($ty:ty),*) => {$(
        impl std::str::FromStr for $ty {
            type Err = DecodeError;
            fn from_str(text: &str) -> Result<Self, DecodeError> {
                <$ty as SimpleValue>::from_text(text)
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_text())
            }
        }

        impl ToXml for $ty {
            const XSI_TYPE: Option<Name> = <$ty as SimpleValue>::XSD_TYPE;
            fn to_xml(&self, w: &mut XmlWriter, name: Name) {
                write_simple(w, name, self);
            }
        }

        impl FromXml for $ty {
            fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
                read_simple(r, el)
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                super::serialize_text(self, s)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                super::deserialize_text(d)
            }
        }
    )*};
}

lexical_value!(DateTime, Date, Time, Duration);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
