//! Simple values: what an attribute, a simpleContent text, an `xsd:list`
//! item or a simple-typed element holds.
//!
//! [`SimpleValue`] parses a value from its text and writes it back; the
//! built-in types implement it (in `builtin`), generated enumerations do
//! too. `xsd:list` values are `Vec<T>` of simple values, sent as
//! whitespace-separated text ([`read_xs_list`], [`write_xs_list`]).

use std::borrow::Cow;

use super::read::{DecodeError, DecodeErrorKind, StartTag, XmlReader};
use super::write::XmlWriter;
use super::{Name, ns};

/// A value that is written as text: in an attribute, as an element's
/// whole content, or as one item of an `xsd:list`.
pub trait SimpleValue: Sized {
    /// The schema type, sent as `xsi:type` in SOAP-encoded bodies.
    const XSD_TYPE: Option<Name>;

    /// Parses the value from its text as received (attribute values are
    /// already normalised by the XML parser). Errors carry no path; the
    /// caller adds it.
    fn from_text(text: &str) -> Result<Self, DecodeError>;

    /// The value as text.
    fn to_text(&self) -> Cow<'_, str>;

    /// Writes the value as the text content of the element `w` just
    /// opened; nothing for an empty text (so the element closes as
    /// `<x/>`). Numbers override it to format straight into the output,
    /// without a `String` of their own per value.
    fn write_text(&self, w: &mut XmlWriter) {
        let text = self.to_text();
        if !text.is_empty() {
            w.text(&text);
        }
    }
}

/// Reads an element whose content is one simple value.
pub fn read_simple<'a, T: SimpleValue>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<T, DecodeError> {
    let text = r.read_text(el)?;
    T::from_text(&text)
}

/// Writes `value` as the element `name` (with `xsi:type` when encoded).
pub fn write_simple<T: SimpleValue>(w: &mut XmlWriter, name: Name, value: &T) {
    if w.leaf_start(name, T::XSD_TYPE) {
        value.write_text(w);
        return w.leaf_end();
    }
    w.start_typed(name, T::XSD_TYPE);
    value.write_text(w);
    w.end();
}

/// Splits an `xsd:list` text at whitespace and parses each item.
pub fn list_from_text<T: SimpleValue>(text: &str) -> Result<Vec<T>, DecodeError> {
    text.split_ascii_whitespace().map(T::from_text).collect()
}

/// Joins list items with single spaces.
pub fn list_to_text<T: SimpleValue>(items: &[T]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&item.to_text());
    }
    out
}

/// Reads an element whose content is an `xsd:list`.
pub fn read_xs_list<'a, T: SimpleValue>(
    r: &mut XmlReader<'a>,
    el: &StartTag<'a>,
) -> Result<Vec<T>, DecodeError> {
    let text = r.read_text(el)?;
    list_from_text(&text)
}

/// Writes an element whose content is an `xsd:list` (typed
/// `xsd:string` when encoded: a list type has no built-in name).
// The generated code passes `&self.field` of type `Vec<T>` through the
// writer's `*_with` helpers, which hand over `&V` for the field's `V`.
#[allow(clippy::ptr_arg)]
pub fn write_xs_list<T: SimpleValue>(w: &mut XmlWriter, name: Name, items: &Vec<T>) {
    w.start_typed(name, Some(Name::qualified(ns::XSD, "string")));
    let text = w.list_text(items);
    if !text.is_empty() {
        w.text(&text);
    }
    w.end();
}

/// The value of an attribute the schema gives a default: the received
/// value, else the default (parsed, so a bad default in the WSDL is a
/// decode error naming the attribute, not a panic).
pub fn or_default<T: SimpleValue>(
    slot: Option<T>,
    default: &str,
    name: &'static str,
) -> Result<Option<T>, DecodeError> {
    match slot {
        Some(v) => Ok(Some(v)),
        None => T::from_text(default).map(Some).map_err(|e| e.within(format!("@{name}"))),
    }
}

/// As [`or_default`], for an `xsd:list` attribute.
pub fn list_or_default<T: SimpleValue>(
    slot: Option<Vec<T>>,
    default: &str,
    name: &'static str,
) -> Result<Option<Vec<T>>, DecodeError> {
    match slot {
        Some(v) => Ok(Some(v)),
        None => list_from_text(default).map(Some).map_err(|e| e.within(format!("@{name}"))),
    }
}

/// A required attribute once all attributes are read.
pub fn required_attr<T>(slot: Option<T>, name: &'static str) -> Result<T, DecodeError> {
    slot.ok_or(DecodeError::new(DecodeErrorKind::MissingAttribute(name)))
}

/// Checks an attribute the schema fixes to one value (compared with
/// whitespace collapsed, as schema validation compares most types).
pub fn check_fixed(value: &str, fixed: &'static str, name: &str) -> Result<(), DecodeError> {
    let collapse = |s: &str| s.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    if collapse(value) == collapse(fixed) {
        Ok(())
    } else {
        Err(DecodeError::new(DecodeErrorKind::InvalidValue {
            expected: fixed,
            found: value.chars().take(64).collect(),
        })
        .within(format!("@{name}")))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rt::{DecodeOptions, Integer};

    #[test]
    fn lists_split_on_any_whitespace_and_join_with_spaces() {
        let items: Vec<i32> = list_from_text(" 1\t2\n 3 ").unwrap();
        assert_eq!(items, [1, 2, 3]);
        assert_eq!(list_to_text(&items), "1 2 3");
        assert!(list_from_text::<i32>("").unwrap().is_empty());
        let err = list_from_text::<i32>("1 x 3").unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::InvalidValue { expected: "int", found: "x".into() });
    }

    #[test]
    fn xs_list_elements_round_trip() {
        let mut w = XmlWriter::new(false);
        write_xs_list(&mut w, Name::local("v"), &vec!["a".to_owned(), "b".to_owned()]);
        let xml = w.finish().unwrap();
        assert_eq!(xml, "<v>a b</v>");
        let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
        let root = r.root().unwrap();
        assert_eq!(read_xs_list::<String>(&mut r, &root).unwrap(), ["a", "b"]);
    }

    #[test]
    fn defaults_and_fixed_values() {
        assert_eq!(or_default::<i32>(None, "10", "n").unwrap(), Some(10));
        assert_eq!(or_default(Some(3), "10", "n").unwrap(), Some(3));
        let err = or_default::<Integer>(None, "ten", "n").unwrap_err();
        assert_eq!(err.path, ["@n"]);
        assert!(check_fixed(" 1.0 ", "1.0", "version").is_ok());
        let err = check_fixed("2.0", "1.0", "version").unwrap_err();
        assert_eq!(err.to_string(), "invalid 1.0 value \"2.0\" at /@version");
        let err = required_attr::<i32>(None, "uuid").unwrap_err();
        assert_eq!(err.to_string(), "missing required attribute `uuid` at /");
    }
}
