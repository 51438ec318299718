//! The decoder's one checking pass over a start tag's attributes.
//!
//! Every element of a response goes through it (`XmlReader::open`), so it
//! is a byte loop (a class table per byte for names, eight bytes at a time
//! for values) rather than quick-xml's attribute iterator, whose general
//! state machine cost more: on the Poll response, where every element
//! carries `xsi:type`, the whole decode executes 7% fewer instructions
//! with this pass (callgrind).
//! It is at least as strict: XML 1.0's `S Name Eq AttValue` with whitespace
//! required between attributes, quoted values without `<`, names without
//! quotes or markup, no name twice. Values come back raw (references not
//! resolved); the few the decoder reads are resolved where they are read.
//! A value holding `&` or a byte 0xEF comes back marked `suspect`, so that
//! its references and characters are checked even where nobody reads it
//! (`x="&bogus;"` is malformed wherever it is), while the plain values
//! nearly all tags hold cost no second look.

use std::collections::HashSet;

use super::chars::{is_name, is_name_byte, is_space, shown, word};

/// An attribute as written: qualified name and raw value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RawAttr<'a> {
    pub key: &'a str,
    pub value: &'a str,
    /// The value holds a reference or a byte 0xEF (the lead byte of
    /// U+FFFE and U+FFFF, which XML refuses): only such a value can be
    /// malformed in a way this pass does not see.
    pub suspect: bool,
}

/// Tags with more attributes than this check duplicates through a hash set
/// (a pairwise check would make one hostile tag quadratic).
const LINEAR_KEYS: usize = 8;

/// Iterates the attributes of `raw` (what follows the element name in its
/// start tag), checking them; the first malformation ends the iteration
/// with an error naming it.
#[derive(Debug)]
pub(super) struct TagAttrs<'a> {
    raw: &'a str,
    pos: usize,
    keys: [&'a str; LINEAR_KEYS],
    count: usize,
    many: Option<HashSet<&'a str>>,
}

impl<'a> TagAttrs<'a> {
    pub(super) fn new(raw: &'a str) -> Self {
        TagAttrs { raw, pos: 0, keys: [""; LINEAR_KEYS], count: 0, many: None }
    }

    fn error(&mut self, what: String) -> Option<Result<RawAttr<'a>, String>> {
        // Nothing after an error.
        self.pos = self.raw.len();
        Some(Err(what))
    }

    /// Records `key`; false if the tag already had it. Inlined for a
    /// tag's first attribute (most tags have one), which no other can
    /// repeat.
    #[inline]
    fn first_time(&mut self, key: &'a str) -> bool {
        if self.count == 0 {
            self.keys[0] = key;
            self.count = 1;
            return true;
        }
        self.not_seen(key)
    }

    fn not_seen(&mut self, key: &'a str) -> bool {
        if let Some(set) = &mut self.many {
            return set.insert(key);
        }
        let seen = &self.keys[..self.count];
        if seen.contains(&key) {
            return false;
        }
        if self.count < LINEAR_KEYS {
            self.keys[self.count] = key;
            self.count += 1;
        } else {
            let mut set: HashSet<&'a str> = seen.iter().copied().collect();
            set.insert(key);
            self.many = Some(set);
        }
        true
    }
}

/// Byte classes for the name and value loops: one table load per byte
/// instead of a chain of comparisons.
const SPACE: u8 = 1;
/// Ends a name: `=` (or whitespace, which is `SPACE`).
const EQ: u8 = 2;
/// Cannot be part of a name: an ASCII byte other than a letter, a digit,
/// `.`, `-`, `_` or `:` (other characters are checked by `is_name`).
const NOT_NAME: u8 = 4;
/// Ends, breaks or marks a value: a quote of either kind, `<`, a control
/// character XML does not allow, `&` or 0xEF (see `RawAttr::suspect`).
const VALUE: u8 = 8;

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b: u8 = 0;
    while b < 0x80 {
        if !is_name_byte(b) {
            t[b as usize] = NOT_NAME;
        }
        if b < 0x20 {
            t[b as usize] |= VALUE;
        }
        b += 1;
    }
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[b'=' as usize] = EQ;
    t[b'"' as usize] = NOT_NAME | VALUE;
    t[b'\'' as usize] = NOT_NAME | VALUE;
    t[b'<' as usize] = NOT_NAME | VALUE;
    t[b'>' as usize] = NOT_NAME;
    t[b'&' as usize] = NOT_NAME | VALUE;
    t[0xEF] = VALUE;
    t
};

fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

/// Skips whole 8-byte words of `bytes` from `i` that hold no `quote`, no
/// `<`, no control byte, no `&` and no byte above 0x7F (a word at a time
/// instead of a table load per byte); the byte loop finishes the rest.
/// Any non-ASCII byte, not only 0xEF, ends a word here: one mask instead
/// of a comparison, and attribute values are mostly ASCII. The other
/// quote, which a value may hold, is left to the byte loop too. Always
/// inlined into `next`: left to the compiler, it stayed a call per value,
/// and checking values for references cost the Poll decode 1.6% more
/// instructions instead of 0.8% (callgrind, measured both ways).
#[inline(always)]
fn skip_plain_value(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = word::of(chunk);
        let markup = word::equal(w, quote) | word::equal(w, b'<') | word::equal(w, b'&');
        if markup | word::below_or_high(w, 0x20) != 0 {
            break;
        }
        i += 8;
    }
    i
}

impl<'a> Iterator for TagAttrs<'a> {
    type Item = Result<RawAttr<'a>, String>;

    // Inlined into `XmlReader::open`: left out of line, the Poll decode
    // took 3.6% more instructions (callgrind, measured both ways).
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let raw = self.raw;
        let bytes = raw.as_bytes();
        let mut i = self.pos;
        let spaced = i < bytes.len() && is_space(bytes[i]);
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if i == bytes.len() {
            self.pos = i;
            return None;
        }
        if !spaced {
            let rest = raw.get(i..).unwrap_or_default();
            return self.error(format!("no whitespace before attribute `{}`", shown(rest)));
        }
        // The name: up to `=` or whitespace.
        let start = i;
        let mut high = 0;
        while i < bytes.len() && class(bytes[i]) & (SPACE | EQ | NOT_NAME) == 0 {
            high |= bytes[i];
            i += 1;
        }
        if i < bytes.len() && class(bytes[i]) & NOT_NAME != 0 {
            let rest = raw.get(start..).unwrap_or_default();
            return self.error(format!("malformed attribute name in `{}`", shown(rest)));
        }
        let key = raw.get(start..i).unwrap_or_default();
        if !key.is_empty() && !is_name(key, high) {
            return self.error(format!("malformed attribute name `{}`", shown(key)));
        }
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if key.is_empty() || bytes.get(i) != Some(&b'=') {
            return self.error(format!("attribute `{}` without `=` and a value", shown(key)));
        }
        i += 1;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let quote = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return self.error(format!("the value of attribute `{}` is not quoted", shown(key))),
        };
        i += 1;
        let value_start = i;
        let mut suspect = false;
        loop {
            i = skip_plain_value(bytes, i, quote);
            while i < bytes.len() && class(bytes[i]) & VALUE == 0 {
                i += 1;
            }
            match bytes.get(i) {
                Some(&b'<') => return self.error(format!("`<` in the value of attribute `{}`", shown(key))),
                Some(&b) if b < 0x20 && !is_space(b) => {
                    return self
                        .error(format!("character U+{b:04X} in the value of attribute `{}`", shown(key)));
                }
                Some(&(b'&' | 0xEF)) => {
                    suspect = true;
                    i += 1;
                }
                Some(&b) if b != quote => i += 1,
                _ => break,
            }
        }
        if i == bytes.len() {
            return self.error(format!("the value of attribute `{}` has no closing quote", shown(key)));
        }
        let value = raw.get(value_start..i).unwrap_or_default();
        self.pos = i + 1;
        if !self.first_time(key) {
            return self.error(format!("attribute `{}` appears twice", shown(key)));
        }
        Some(Ok(RawAttr { key, value, suspect }))
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    fn all(raw: &str) -> Result<Vec<(&str, &str)>, String> {
        TagAttrs::new(raw).map(|a| a.map(|a| (a.key, a.value))).collect()
    }

    #[test]
    fn reads_names_and_raw_values_in_both_quotes() {
        assert_eq!(all(""), Ok(vec![]));
        assert_eq!(all("  "), Ok(vec![]));
        assert_eq!(
            all(" xsi:type=\"xsd:int\"\n\ta = 'x &amp; \"y\"' b\t=\r\n\"\" "),
            Ok(vec![("xsi:type", "xsd:int"), ("a", "x &amp; \"y\""), ("b", "")])
        );
    }

    #[test]
    fn values_with_references_or_byte_0xef_are_marked() {
        let marks = |raw: &str| -> Vec<bool> { TagAttrs::new(raw).flatten().map(|a| a.suspect).collect() };
        assert_eq!(
            marks(" a=\"plain\" b='a longer plain value' c=\"\u{E9}\u{20AC}\""),
            [false, false, false]
        );
        assert_eq!(marks(" a=\"&amp;\" b='12345678 &x;' c=\"1\""), [true, true, false]);
        assert_eq!(marks(" a=\"\u{FFFE}\" b='12345678\u{F000}' c=\"\u{EE00}\""), [true, true, false]);
    }

    #[test]
    fn refuses_what_xml_does_not_allow() {
        for (raw, says) in [
            (" a", "without `=`"),
            (" a b=\"1\"", "without `=`"),
            (" =\"1\"", "without `=`"),
            (" a=1", "not quoted"),
            (" a=", "not quoted"),
            (" a=\"1", "no closing quote"),
            (" a='1\"", "no closing quote"),
            (" a=\"1\"b=\"2\"", "no whitespace"),
            (" a=\"<\"", "`<`"),
            (" a\"b=\"1\"", "malformed attribute name"),
            (" a=\"1\" a='2'", "appears twice"),
        ] {
            let error = all(raw).expect_err(raw);
            assert!(error.contains(says), "{raw:?}: {error}");
        }
    }

    #[test]
    fn duplicates_are_found_beyond_the_linear_range() {
        let many: String = (0..40).map(|i| format!(" a{i}=\"{i}\"")).collect();
        assert_eq!(all(&many).map(|v| v.len()), Ok(40));
        let twice = format!("{many} a3=\"again\"");
        assert!(all(&twice).expect_err("duplicate").contains("`a3` appears twice"));
        let early = " a=\"1\" b=\"2\" a=\"3\"";
        assert!(all(early).expect_err("duplicate").contains("`a` appears twice"));
    }

    #[test]
    fn nothing_follows_an_error() {
        let mut attrs = TagAttrs::new(" a=1 b=\"2\"");
        assert!(matches!(attrs.next(), Some(Err(_))));
        assert_eq!(attrs.next(), None);
    }
}
