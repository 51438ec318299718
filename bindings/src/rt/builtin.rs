//! [`SimpleValue`], `ToXml` and `FromXml` for the Rust types that XML
//! Schema built-ins map to.
//!
//! | XML Schema | Rust |
//! |---|---|
//! | string, anyURI, QName, normalizedString, token, Name, NCName, ID, language, ... | `String` |
//! | NMTOKENS, IDREFS, ENTITIES | `Vec<String>` (an `xsd:list`) |
//! | boolean | `bool` (`true`/`false`/`1`/`0`) |
//! | byte, short, int, long | `i8`, `i16`, `i32`, `i64` |
//! | integer, nonNegativeInteger, positiveInteger, nonPositiveInteger, negativeInteger | [`Integer`](super::Integer) (never truncated) |
//! | unsignedByte/Short/Int/Long | `u8`, `u16`, `u32`, `u64` |
//! | float, double | `f32`, `f64` (`INF`, `-INF`, `NaN`) |
//! | decimal, dateTime, date, time, duration, gYear, gYearMonth, gMonth, gMonthDay, gDay | `String`, kept in its lexical form so nothing is rounded or reinterpreted |
//! | base64Binary | `Vec<u8>` |
//! | hexBinary | [`HexBinary`](super::HexBinary) |
//! | anySimpleType | `String` |
//! | anyType | [`AnyType`](super::AnyType) (attributes and content as sent) |

use std::borrow::Cow;

use base64::Engine as _;

use super::lexical::{HexBinary, Integer};
use super::read::{DecodeError, FromXml, StartTag, XmlReader};
use super::simple::{SimpleValue, read_simple, write_simple};
use super::write::{ToXml, XmlWriter};
use super::{Name, ns};

const fn xsd(local: &'static str) -> Option<Name> {
    Some(Name::qualified(ns::XSD, local))
}

impl SimpleValue for String {
    const XSD_TYPE: Option<Name> = xsd("string");
    fn from_text(text: &str) -> Result<Self, DecodeError> {
        Ok(text.to_owned())
    }
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ToXml for str {
    const XSI_TYPE: Option<Name> = xsd("string");
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.simple(name, "string", self);
    }
}

impl SimpleValue for bool {
    const XSD_TYPE: Option<Name> = xsd("boolean");
    fn from_text(text: &str) -> Result<Self, DecodeError> {
        match text.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            other => Err(DecodeError::invalid("boolean", other)),
        }
    }
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! numeric {
    ($($ty:ty => $xsd:literal),* $(,)?) => {$(
        impl SimpleValue for $ty {
            const XSD_TYPE: Option<Name> = xsd($xsd);
            fn from_text(text: &str) -> Result<Self, DecodeError> {
                let t = text.trim();
                // XML Schema allows a leading '+'; Rust's parser does too.
                t.parse::<$ty>().map_err(|_| DecodeError::invalid($xsd, t))
            }
            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
            fn write_text(&self, w: &mut XmlWriter) {
                w.text_integer(*self);
            }
        }
    )*};
}

numeric! {
    i8 => "byte",
    i16 => "short",
    i32 => "int",
    i64 => "long",
    u8 => "unsignedByte",
    u16 => "unsignedShort",
    u32 => "unsignedInt",
    u64 => "unsignedLong",
}

macro_rules! float {
    ($($ty:ty => $xsd:literal),* $(,)?) => {$(
        impl SimpleValue for $ty {
            const XSD_TYPE: Option<Name> = xsd($xsd);
            fn from_text(text: &str) -> Result<Self, DecodeError> {
                match text.trim() {
                    "INF" | "+INF" => Ok(<$ty>::INFINITY),
                    "-INF" => Ok(<$ty>::NEG_INFINITY),
                    "NaN" => Ok(<$ty>::NAN),
                    // Rust accepts "inf"/"nan" spellings XML Schema does not.
                    t if t.bytes().any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') => {
                        Err(DecodeError::invalid($xsd, t))
                    }
                    // A finite literal beyond the type's range (`1e400`) would
                    // parse as infinity: a silent change, so an error.
                    t => t.parse::<$ty>().ok().filter(|v| v.is_finite()).ok_or_else(|| DecodeError::invalid($xsd, t)),
                }
            }
            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(if self.is_nan() {
                    "NaN".to_owned()
                } else if self.is_infinite() {
                    if *self > 0.0 { "INF".to_owned() } else { "-INF".to_owned() }
                } else {
                    self.to_string()
                })
            }
        }
    )*};
}

float! { f32 => "float", f64 => "double" }

impl SimpleValue for Vec<u8> {
    const XSD_TYPE: Option<Name> = xsd("base64Binary");
    fn from_text(text: &str) -> Result<Self, DecodeError> {
        // Line breaks inside base64 content are common (MIME style).
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map_err(|_| DecodeError::invalid("base64Binary", &compact))
    }
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(base64::engine::general_purpose::STANDARD.encode(self))
    }
}

/// `ToXml`/`FromXml` of a simple value: the element's content is its text.
macro_rules! element_of_simple {
    ($($ty:ty),* $(,)?) => {$(
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
    )*};
}

element_of_simple!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, Vec<u8>, Integer, HexBinary);

impl ToXml for String {
    const XSI_TYPE: Option<Name> = xsd("string");
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.simple(name, "string", self);
    }
}

impl FromXml for String {
    // Not through `read_simple`: the text is taken over without a copy.
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        r.read_text(el).map(Cow::into_owned)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rt::{DecodeErrorKind, DecodeOptions};

    fn decode<T: FromXml>(xml: &str) -> Result<T, DecodeError> {
        let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
        let root = r.root()?;
        T::from_xml(&mut r, &root)
    }

    fn encode<T: ToXml + ?Sized>(v: &T) -> String {
        let mut w = XmlWriter::new(false);
        v.to_xml(&mut w, Name::local("v"));
        w.finish().unwrap()
    }

    #[test]
    fn numbers_round_trip_at_their_limits() {
        for v in [i64::MIN, -1, 0, i64::MAX] {
            assert_eq!(decode::<i64>(&encode(&v)).unwrap(), v);
        }
        assert_eq!(decode::<u64>(&encode(&u64::MAX)).unwrap(), u64::MAX);
        assert_eq!(decode::<i32>("<v> +42 </v>").unwrap(), 42);
    }

    #[test]
    fn out_of_range_and_garbage_are_errors() {
        let e = decode::<i8>("<v>128</v>").unwrap_err();
        assert_eq!(e.kind, DecodeErrorKind::InvalidValue { expected: "byte", found: "128".into() });
        assert!(decode::<i32>("<v>12abc</v>").is_err());
        assert!(decode::<u32>("<v>-1</v>").is_err());
        assert!(decode::<f64>("<v>inf</v>").is_err());
        assert!(decode::<bool>("<v>yes</v>").is_err());
        // Finite literals beyond the range would parse as infinity.
        let e = decode::<f64>("<v>1e400</v>").unwrap_err();
        assert_eq!(e.kind, DecodeErrorKind::InvalidValue { expected: "double", found: "1e400".into() });
        assert!(decode::<f64>("<v>-1e400</v>").is_err());
        assert!(decode::<f32>("<v>1e39</v>").is_err());
        assert_eq!(decode::<f64>("<v>1e-400</v>").unwrap(), 0.0);
    }

    #[test]
    fn booleans_and_floats_use_schema_spellings() {
        assert!(decode::<bool>("<v>1</v>").unwrap());
        assert!(!decode::<bool>("<v>false</v>").unwrap());
        assert_eq!(decode::<f64>("<v>-INF</v>").unwrap(), f64::NEG_INFINITY);
        assert!(decode::<f64>("<v>NaN</v>").unwrap().is_nan());
        assert_eq!(decode::<f64>("<v>1.5e3</v>").unwrap(), 1500.0);
        assert_eq!(encode(&f64::INFINITY), "<v>INF</v>");
        assert_eq!(encode(&0.1f64), "<v>0.1</v>");
    }

    #[test]
    fn strings_resolve_entities_and_cdata() {
        let s: String = decode("<v>a &amp; b &#x263A; <![CDATA[<raw>]]></v>").unwrap();
        assert_eq!(s, "a & b \u{263A} <raw>");
        assert_eq!(decode::<String>("<v/>").unwrap(), "");
        let round = "J\u{fc}rgen <&> \"'";
        assert_eq!(decode::<String>(&encode(round)).unwrap(), round);
    }

    #[test]
    fn axis_surrogate_pair_references_decode_to_one_character() {
        // Axis 1.4 escapes U+1F4DE as its UTF-16 halves.
        let s: String = decode("<v>Sales &#xD83D;&#xDCDE; orbit &#55357;&#56846;</v>").unwrap();
        assert_eq!(s, "Sales \u{1F4DE} orbit \u{1F60E}");
        for lone in [
            "<v>&#xD83D;</v>",
            "<v>&#xD83D;x&#xDCDE;</v>",
            "<v>&#xDCDE;</v>",
            "<v>&#xD83D;&#xD83D;</v>",
            "<v>&#xD83D;&amp;</v>",
        ] {
            let err = decode::<String>(lone).unwrap_err();
            assert!(matches!(err.kind, DecodeErrorKind::Entity(_)), "{lone}: {err:?}");
        }
    }

    #[test]
    fn base64_tolerates_line_breaks() {
        let bytes: Vec<u8> = (0..=255).collect();
        let xml = encode(&bytes);
        assert_eq!(decode::<Vec<u8>>(&xml).unwrap(), bytes);
        assert_eq!(decode::<Vec<u8>>("<v>aGVs\nbG8=</v>").unwrap(), b"hello");
        assert!(decode::<Vec<u8>>("<v>@@@</v>").is_err());
    }
}
