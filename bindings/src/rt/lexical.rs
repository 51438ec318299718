//! Built-in XML Schema types that need a Rust type of their own:
//! [`Integer`] (unbounded integers, never truncated) and [`HexBinary`].

use std::borrow::Cow;
use std::fmt;

use super::read::DecodeError;
use super::simple::SimpleValue;
use super::{Name, ns};

/// An `xsd:integer` (or `nonNegativeInteger`, `positiveInteger`...):
/// unbounded, so it is kept as its canonical decimal text and converted to
/// a machine integer only on request, with a range check.
///
/// ```
/// use pbx_soap::rt::Integer;
/// let n: Integer = "+00042".parse().unwrap();
/// assert_eq!(n.as_str(), "42");
/// assert_eq!(i64::try_from(&n), Ok(42));
/// let huge: Integer = "123456789012345678901234567890".parse().unwrap();
/// assert!(i64::try_from(&huge).is_err());
/// assert_eq!(Integer::from(-7i32).to_string(), "-7");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Integer(String);

impl Integer {
    /// The canonical decimal form: no `+`, no leading zeros, `0` unsigned.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.0.starts_with('-')
    }
}

impl Default for Integer {
    fn default() -> Self {
        Integer("0".to_owned())
    }
}

impl fmt::Display for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Integer {
    type Err = DecodeError;

    /// Accepts the XML Schema lexical form (optional sign, decimal digits)
    /// with surrounding whitespace.
    fn from_str(text: &str) -> Result<Self, DecodeError> {
        let t = text.trim();
        let (negative, digits) = match t.as_bytes().first() {
            Some(b'-') => (true, t.get(1..).unwrap_or_default()),
            Some(b'+') => (false, t.get(1..).unwrap_or_default()),
            _ => (false, t),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DecodeError::invalid("integer", t));
        }
        let significant = digits.trim_start_matches('0');
        Ok(Integer(match (significant.is_empty(), negative) {
            (true, _) => "0".to_owned(),
            (false, true) => format!("-{significant}"),
            (false, false) => significant.to_owned(),
        }))
    }
}

macro_rules! integer_conversions {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Integer {
            fn from(v: $ty) -> Self {
                Integer(v.to_string())
            }
        }

        impl TryFrom<&Integer> for $ty {
            type Error = OutOfRange;
            /// Fails when the value does not fit.
            fn try_from(v: &Integer) -> Result<Self, OutOfRange> {
                // The canonical form parses as i128 or u128 unless it is
                // beyond both, and then it fits no machine integer.
                let fits = match v.0.parse::<i128>() {
                    Ok(n) => <$ty>::try_from(n).ok(),
                    Err(_) => v.0.parse::<u128>().ok().and_then(|n| <$ty>::try_from(n).ok()),
                };
                fits.ok_or(OutOfRange)
            }
        }

        impl TryFrom<Integer> for $ty {
            type Error = OutOfRange;
            fn try_from(v: Integer) -> Result<Self, OutOfRange> {
                <$ty>::try_from(&v)
            }
        }
    )*};
}

integer_conversions!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128, isize, usize);

/// An [`Integer`] that does not fit the machine integer asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the integer does not fit the requested type")]
pub struct OutOfRange;

impl SimpleValue for Integer {
    const XSD_TYPE: Option<Name> = Some(Name::qualified(ns::XSD, "integer"));
    fn from_text(text: &str) -> Result<Self, DecodeError> {
        text.parse()
    }
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.0)
    }
}

/// An `xsd:hexBinary` value: bytes, sent as (upper-case) hexadecimal text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct HexBinary(pub Vec<u8>);

impl std::ops::Deref for HexBinary {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl From<Vec<u8>> for HexBinary {
    fn from(bytes: Vec<u8>) -> Self {
        HexBinary(bytes)
    }
}

impl SimpleValue for HexBinary {
    const XSD_TYPE: Option<Name> = Some(Name::qualified(ns::XSD, "hexBinary"));
    fn from_text(text: &str) -> Result<Self, DecodeError> {
        let t = text.trim().as_bytes();
        let bad = || DecodeError::invalid("hexBinary", text.trim());
        if t.len() % 2 != 0 {
            return Err(bad());
        }
        let digit = |b: u8| (b as char).to_digit(16).ok_or_else(bad);
        let mut out = Vec::with_capacity(t.len() / 2);
        for pair in t.chunks_exact(2) {
            let (hi, lo) = match pair {
                [hi, lo] => (digit(*hi)?, digit(*lo)?),
                _ => return Err(bad()),
            };
            // Both digits are below 16, so the byte cannot overflow.
            out.push(u8::try_from(hi * 16 + lo).map_err(|_| bad())?);
        }
        Ok(HexBinary(out))
    }
    fn to_text(&self) -> Cow<'_, str> {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut s = String::with_capacity(self.0.len() * 2);
        for b in &self.0 {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 15)]));
        }
        Cow::Owned(s)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_canonical_and_never_truncated() {
        for (text, canonical) in [("0", "0"), ("-0", "0"), ("+007", "7"), (" -12 ", "-12"), ("000", "0")] {
            assert_eq!(text.parse::<Integer>().unwrap().as_str(), canonical, "{text}");
        }
        for bad in ["", "+", "-", "1.0", "1e3", "12a", "--1", " "] {
            assert!(bad.parse::<Integer>().is_err(), "{bad:?}");
        }
        let big: Integer = "18446744073709551616".parse().unwrap(); // u64::MAX + 1
        assert!(u64::try_from(&big).is_err());
        assert_eq!(u128::try_from(&big).unwrap(), 18_446_744_073_709_551_616);
        let huge: Integer = "-1000000000000000000000000000000000000000000".parse().unwrap();
        assert!(i128::try_from(&huge).is_err());
        assert!(u8::try_from(&huge).is_err());
        assert_eq!(i8::try_from(&Integer::from(-128i64)).unwrap(), -128);
        assert!(u32::try_from(&Integer::from(-1i32)).is_err());
        assert!(Integer::from(-1i32).is_negative());
        assert_eq!(Integer::default().as_str(), "0");
    }

    #[test]
    fn hex_binary_round_trips_either_case() {
        let v = HexBinary::from_text(" 0fA0ff ").unwrap();
        assert_eq!(*v, [0x0f, 0xa0, 0xff]);
        assert_eq!(v.to_text(), "0FA0FF");
        assert!(HexBinary::from_text("abc").is_err());
        assert!(HexBinary::from_text("zz").is_err());
        assert!(HexBinary::from_text("").unwrap().is_empty());
    }
}
