//! Character data as the decoder reads it: references resolved (the five
//! predefined entities and character references; there is no DTD to
//! define others), line ends normalised, characters XML 1.0 forbids
//! refused; attribute values also have their whitespace normalised.
//!
//! One pass over the bytes decides first: text with no `&`, no control
//! byte (a carriage return is one) and no 0xEF (the lead byte of U+FFFE
//! and U+FFFF) is taken as written, which is most values.

use std::borrow::Cow;

use super::chars::{forbidden_char, is_xml_char, suspect_bytes};
use super::read::{DecodeError, DecodeErrorKind};

/// Whether `bytes` hold `&`, a byte below 0x20 or 0xEF.
fn needs_work(bytes: &[u8]) -> bool {
    suspect_bytes(bytes, b'&')
}

/// The text `raw` (character data as written) stands for.
#[inline]
pub(crate) fn content(raw: &str) -> Result<Cow<'_, str>, DecodeError> {
    if !needs_work(raw.as_bytes()) {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    resolve(raw, &mut out, false)?;
    Ok(Cow::Owned(out))
}

/// Appends the text `raw` stands for to `out`.
pub(crate) fn push_content(out: &mut String, raw: &str) -> Result<(), DecodeError> {
    if needs_work(raw.as_bytes()) {
        return resolve(raw, out, false);
    }
    out.push_str(raw);
    Ok(())
}

/// The text of a CDATA section: line ends normalised, no references.
pub(crate) fn cdata(raw: &str) -> Result<Cow<'_, str>, DecodeError> {
    if !raw.contains('\r') {
        return checked(raw).map(|()| Cow::Borrowed(raw));
    }
    checked(raw)?;
    Ok(Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n")))
}

/// The value of an attribute written as `raw` (between its quotes):
/// references resolved, and each literal tab, line end or carriage return
/// a space, as XML 1.0 normalises attributes of undeclared type.
pub(crate) fn attribute_value(raw: &str) -> Result<Cow<'_, str>, DecodeError> {
    if !needs_work(raw.as_bytes()) {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    resolve(raw, &mut out, true)?;
    Ok(Cow::Owned(out))
}

fn checked(text: &str) -> Result<(), DecodeError> {
    match forbidden_char(text) {
        Some(c) => Err(DecodeError::new(DecodeErrorKind::InvalidChar(c as u32))),
        None => Ok(()),
    }
}

/// Appends what `raw` stands for to `out`; `attribute`: literal
/// whitespace becomes spaces.
fn resolve(raw: &str, out: &mut String, attribute: bool) -> Result<(), DecodeError> {
    // Apache Axis escapes a character beyond U+FFFF as its two UTF-16
    // halves (`&#xD83D;&#xDCDE;` for U+1F4DE). Not XML 1.0, but what real
    // servers send: a high surrogate directly followed by a low one is
    // decoded as the one character; a lone half stays an error.
    let mut high: Option<u32> = None;
    let mut rest = raw;
    loop {
        let special = rest.bytes().position(|b| b == b'&' || (b < 0x20 && (attribute || b == b'\r')));
        let Some(at) = special else {
            break;
        };
        let (plain, tail) = rest.split_at(at);
        if !plain.is_empty() {
            lone(high.take())?;
            checked(plain)?;
            out.push_str(plain);
        }
        let Some(first) = tail.bytes().next() else {
            break;
        };
        if first != b'&' {
            lone(high.take())?;
            // A line end (`\r\n`, `\r` or `\n`) is one `\n`, in an attribute
            // one space; a tab there is a space too.
            let skip = if first == b'\r' && tail.as_bytes().get(1) == Some(&b'\n') { 2 } else { 1 };
            match first {
                b'\r' | b'\n' => out.push(if attribute { ' ' } else { '\n' }),
                b'\t' => out.push(' '),
                other => return Err(DecodeError::new(DecodeErrorKind::InvalidChar(u32::from(other)))),
            }
            rest = tail.get(skip..).unwrap_or_default();
            continue;
        }
        let Some(semi) = tail.get(1..).and_then(|t| memchr::memchr(b';', t.as_bytes())).map(|i| i + 1) else {
            return Err(unclosed(tail));
        };
        let name = tail.get(1..semi).unwrap_or_default();
        if name.bytes().any(|b| matches!(b, b'&' | b' ' | b'\t' | b'\r' | b'\n')) {
            return Err(unclosed(tail));
        }
        rest = tail.get(semi + 1..).unwrap_or_default();
        match char_ref_code(name) {
            Some(code @ 0xD800..=0xDBFF) => {
                lone(high.take())?;
                high = Some(code);
            }
            Some(code @ 0xDC00..=0xDFFF) => match high.take() {
                Some(h) => out.push(from_surrogates(h, code)?),
                None => return Err(entity(name)),
            },
            Some(code) => {
                lone(high.take())?;
                let c = char::from_u32(code).ok_or_else(|| entity(name))?;
                if !is_xml_char(c) {
                    return Err(DecodeError::new(DecodeErrorKind::InvalidChar(code)));
                }
                out.push(c);
            }
            None => {
                lone(high.take())?;
                out.push(predefined(name)?);
            }
        }
    }
    lone(high)?;
    checked(rest)?;
    out.push_str(rest);
    Ok(())
}

/// The code point a character reference's name (`#1234`, `#x4D2`) names,
/// surrogates included; `None` for other references.
fn char_ref_code(name: &str) -> Option<u32> {
    let digits = name.strip_prefix('#')?;
    let (digits, radix) = match digits.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (digits, 10),
    };
    // Digits only: `from_str_radix` would take a sign.
    if digits.is_empty() || !digits.bytes().all(|b| (b as char).is_digit(radix)) {
        return Some(u32::MAX);
    }
    Some(u32::from_str_radix(digits, radix).unwrap_or(u32::MAX))
}

/// The five predefined entities; anything else is refused (no DTD can have
/// defined it, since DOCTYPEs are refused).
fn predefined(name: &str) -> Result<char, DecodeError> {
    match name {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        other => Err(entity(other)),
    }
}

/// The character a UTF-16 surrogate pair encodes.
fn from_surrogates(high: u32, low: u32) -> Result<char, DecodeError> {
    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).ok_or_else(|| lone_surrogate(high))
}

/// An error for a high surrogate not followed by its low half.
fn lone(high: Option<u32>) -> Result<(), DecodeError> {
    match high {
        Some(high) => Err(lone_surrogate(high)),
        None => Ok(()),
    }
}

#[cold]
fn lone_surrogate(high: u32) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Entity(format!("#x{high:X}")))
}

#[cold]
fn entity(name: &str) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Entity(super::chars::shown(name)))
}

#[cold]
fn unclosed(tail: &str) -> DecodeError {
    let shown: String = tail.chars().take(12).collect();
    DecodeError::new(DecodeErrorKind::Malformed(format!("reference `{shown}` without its `;`")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn resolves_references_and_normalises_line_ends() {
        for (raw, text) in [
            ("plain", "plain"),
            ("M&#252;ller &amp; Co", "Müller & Co"),
            ("&lt;&gt;&amp;&apos;&quot;", "<>&'\""),
            ("&#x41;&#66;", "AB"),
            ("&#xD83D;&#xDCDE; call", "\u{1F4DE} call"),
            ("a\r\nb\rc\nd\te", "a\nb\nc\nd\te"),
            ("&#13;&#10;", "\r\n"),
        ] {
            assert_eq!(content(raw).unwrap(), text, "{raw}");
            let mut out = String::from(">");
            push_content(&mut out, raw).unwrap();
            assert_eq!(out, format!(">{text}"));
        }
        assert!(matches!(content("plain"), Ok(Cow::Borrowed(_))));
    }

    #[test]
    fn normalises_attribute_whitespace_but_not_referenced_whitespace() {
        assert_eq!(attribute_value("a\tb\r\nc\nd&#10;e&#9;").unwrap(), "a b c d\ne\t");
        assert_eq!(attribute_value("x &amp; y").unwrap(), "x & y");
    }

    #[test]
    fn refuses_references_and_characters_xml_does_not_allow() {
        for (raw, kind) in [
            ("&nbsp;", DecodeErrorKind::Entity("nbsp".into())),
            ("&;", DecodeErrorKind::Entity("".into())),
            ("&#xD83D;", DecodeErrorKind::Entity("#xD83D".into())),
            ("&#xD83D;x", DecodeErrorKind::Entity("#xD83D".into())),
            ("&#xDCDE;", DecodeErrorKind::Entity("#xDCDE".into())),
            ("&#x110000;", DecodeErrorKind::Entity("#x110000".into())),
            ("&#x-1;", DecodeErrorKind::Entity("#x-1".into())),
            ("&#+65;", DecodeErrorKind::Entity("#+65".into())),
            ("&#1;", DecodeErrorKind::InvalidChar(1)),
            ("&#xFFFE;", DecodeErrorKind::InvalidChar(0xFFFE)),
            ("a\u{1}", DecodeErrorKind::InvalidChar(1)),
            ("&amp;\u{FFFF}", DecodeErrorKind::InvalidChar(0xFFFF)),
        ] {
            assert_eq!(content(raw).unwrap_err().kind, kind, "{raw}");
        }
        for raw in ["a & b", "&amp", "&a b;"] {
            assert!(
                matches!(&content(raw).unwrap_err().kind, DecodeErrorKind::Malformed(m) if m.contains("without its `;`")),
                "{raw}"
            );
        }
        assert_eq!(cdata("a\u{1}").unwrap_err().kind, DecodeErrorKind::InvalidChar(1));
        assert_eq!(cdata("a\r\nb&amp;").unwrap(), "a\nb&amp;");
    }
}
