//! [`CompactString`] as a string value (feature `compact-str`), for modules
//! generated with `Strings::Compact` (`pbx-soap gen --strings compact`,
//! `Builder::strings`).
//!
//! Why: PBX answers are mostly short strings (user names, extensions,
//! numbers, flags). As `String` each is a heap block of its own, allocated
//! while decoding and freed with the value; a `CompactString` keeps up to
//! 24 bytes inside its own 24 bytes (the size of a `String`), so such a
//! field costs no allocation and no memory beyond the struct. Longer texts
//! go to the heap as before; a text the decoder already had to copy (one
//! with entity references) is taken over without a second copy.
//!
//! It reads as a string (`Deref<Target = str>`, `as_str`, `==` with `&str`
//! and `String`) and converts with `into()` both ways.

use std::borrow::Cow;

use compact_str::CompactString;

use super::read::{DecodeError, FromXml, StartTag, XmlReader};
use super::redact::Redact;
use super::simple::SimpleValue;
use super::write::{ToXml, XmlWriter};
use super::{Name, ns};

impl SimpleValue for CompactString {
    const XSD_TYPE: Option<Name> = Some(Name::qualified(ns::XSD, "string"));
    fn from_text(text: &str) -> Result<Self, DecodeError> {
        Ok(CompactString::new(text))
    }
    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

impl ToXml for CompactString {
    const XSI_TYPE: Option<Name> = Some(Name::qualified(ns::XSD, "string"));
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.simple(name, "string", self);
    }
}

impl FromXml for CompactString {
    // Not through `read_simple`: compact_str's `From<Cow<str>>` copies a
    // borrowed text once (inline when short) and takes an owned one over.
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        r.read_text(el).map(CompactString::from)
    }
}

impl Redact for CompactString {
    fn fmt_redacted(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt_redacted(f)
    }
}

#[cfg(feature = "sample")]
impl super::sample::Sample for CompactString {
    fn sample(s: &mut super::sample::Sampler) -> Option<Self> {
        Some(CompactString::from(s.string()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rt::{DecodeErrorKind, DecodeOptions};

    fn decode(xml: &str) -> Result<CompactString, DecodeError> {
        let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
        let root = r.root()?;
        CompactString::from_xml(&mut r, &root)
    }

    #[test]
    fn short_texts_are_inline_and_long_ones_on_the_heap() {
        let short = decode("<v>10042</v>").unwrap();
        assert_eq!(short, "10042");
        assert!(!short.is_heap_allocated());
        let long = "x".repeat(25);
        let value = decode(&format!("<v>{long}</v>")).unwrap();
        assert_eq!(value, long.as_str());
        assert!(value.is_heap_allocated());
    }

    #[test]
    fn entities_cdata_and_empty_elements_decode_as_for_string() {
        assert_eq!(decode("<v>M&#252;ller &amp; Co</v>").unwrap(), "Müller & Co");
        assert_eq!(decode("<v><![CDATA[<a>]]>b</v>").unwrap(), "<a>b");
        assert_eq!(decode("<v/>").unwrap(), "");
        let err = decode("<v><x/></v>").unwrap_err();
        assert!(matches!(err.kind, DecodeErrorKind::UnexpectedElement(_)), "{err:?}");
    }

    #[test]
    fn encodes_escaped_with_its_schema_type() {
        let mut w = XmlWriter::new(true);
        CompactString::new("a<b & \"c\"").to_xml(&mut w, Name::local("v"));
        let xml = w.finish().unwrap();
        assert!(xml.contains(r#"xsi:type="xsd:string""#), "{xml}");
        assert!(xml.contains("a&lt;b &amp; \"c\"</v>"), "{xml}");
        assert_eq!(CompactString::from_text(" a ").unwrap(), " a ");
    }

    #[test]
    fn a_secret_is_redacted_in_debug_output() {
        struct Shown(CompactString);
        impl std::fmt::Debug for Shown {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt_redacted(f)
            }
        }
        let text = format!("{:?}", Shown(CompactString::new("hunter2")));
        assert!(!text.contains("hunter2"), "{text}");
    }
}
