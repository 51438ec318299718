//! The characters XML 1.0 allows, checked where text is read and written.

/// At most the first forty characters of a name or text, as error
/// messages show what they refuse.
pub(crate) fn shown(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether `s` is empty or XML whitespace only (space, tab, line feed,
/// carriage return: not the form feed and vertical tab `trim_ascii` also
/// takes, which XML does not allow at all).
pub(crate) fn is_blank(s: &str) -> bool {
    s.bytes().all(is_space)
}

/// Whether `b` is XML whitespace (space, tab, line feed, carriage return).
pub(crate) const fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Whether the ASCII byte `b` may be part of an XML name: a letter, a
/// digit, `.`, `-`, `_` or `:` (where in the name is `is_name`'s to say).
/// For the byte-class tables of the tokeniser and the attribute pass.
pub(crate) const fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':')
}

/// Whether `name`, whose ASCII bytes are known to be name characters
/// (letters, digits, `.`, `-`, `_`, `:`), is an XML 1.0 `Name`: it must
/// not start with a digit, `.` or `-`, and its other characters must be
/// name characters too. `high` is the bitwise or of its bytes, which the
/// caller's scan gathers: only a name with a byte from 0x80 up is checked
/// character by character.
#[inline]
pub(crate) fn is_name(name: &str, high: u8) -> bool {
    match name.as_bytes().first() {
        None | Some(b'0'..=b'9' | b'.' | b'-') => false,
        Some(_) => high < 0x80 || is_wide_name(name),
    }
}

/// [`is_name`] for a name with characters beyond ASCII.
#[cold]
fn is_wide_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start) && chars.all(|c| is_name_start(c) || is_name_char(c))
}

/// XML 1.0 (fifth edition) `NameStartChar`.
fn is_name_start(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// The characters XML 1.0's `NameChar` adds to `NameStartChar`.
fn is_name_char(c: char) -> bool {
    matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// The first character of `s` XML 1.0 does not allow. A pass over the
/// bytes first, eight at a time (values are mostly short, where a
/// vectorised search costs more to set up than it saves; measured): only a
/// control byte or 0xEF (the lead byte of U+FFFE and U+FFFF, the only other
/// characters UTF-8 text can hold that XML refuses) sends the text to the
/// exact check, which also lets tab, line feed and carriage return pass.
pub(crate) fn forbidden_char(s: &str) -> Option<char> {
    // 0 adds nothing: it is below 0x20 already.
    if suspect_bytes(s.as_bytes(), 0) { s.chars().find(|&c| !is_xml_char(c)) } else { None }
}

/// Whether `bytes` hold a byte below 0x20, 0xEF or `also`, a word at a
/// time (`text` adds `&`, to find references in the same pass).
pub(crate) fn suspect_bytes(bytes: &[u8], also: u8) -> bool {
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let w = word::of(chunk);
        if (word::below(w, 0x20) | word::equal(w, 0xEF) | word::equal(w, also)) != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|&b| b < 0x20 || b == 0xEF || b == also)
}

/// Eight bytes tested at once in a `u64` (the classic zero-byte test),
/// for byte scans over short values where a vectorised search costs more
/// to set up than it saves. Each test is exact as to whether some byte
/// matches (a borrow only reaches past a byte that matched), not as to
/// which.
pub(crate) mod word {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;

    /// The first eight bytes of `chunk` (zeros where it is shorter).
    pub(crate) fn of(chunk: &[u8]) -> u64 {
        let mut word = [0u8; 8];
        let n = chunk.len().min(8);
        word[..n].copy_from_slice(&chunk[..n]);
        u64::from_le_bytes(word)
    }

    /// Non-zero if a byte of `w` equals `b`.
    pub(crate) fn equal(w: u64, b: u8) -> u64 {
        let x = w ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGHS
    }

    /// Non-zero if a byte of `w` is below `n` (`n` at most 0x80) or 0x80
    /// and above (not ASCII): `below` without its mask, which the bytes
    /// at or above 0x80 now pass.
    pub(crate) fn below_or_high(w: u64, n: u8) -> u64 {
        (w.wrapping_sub(ONES * u64::from(n)) | w) & HIGHS
    }

    /// Non-zero if a byte of `w` is below `n` (`n` at most 0x80): the
    /// subtraction borrows into such a byte's high bit, and `!w` masks off
    /// the bytes at or above 0x80.
    pub(crate) fn below(w: u64, n: u8) -> u64 {
        w.wrapping_sub(ONES * u64::from(n)) & !w & HIGHS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_forbidden_character_is_found_wherever_it_is() {
        let plain = "Müller, Anna &amp; Co ＡＢＣ \u{FFFD}\u{F000}\u{10000}";
        assert_eq!(forbidden_char(plain), None);
        assert_eq!(forbidden_char("line one\r\n\tline two"), None);
        for bad in ['\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{1F}', '\u{FFFE}', '\u{FFFF}'] {
            for at in 0..=plain.chars().count() {
                let with: String =
                    plain.chars().take(at).chain([bad]).chain(plain.chars().skip(at)).collect();
                assert_eq!(forbidden_char(&with), Some(bad), "{bad:?} at {at}");
            }
        }
    }
}
