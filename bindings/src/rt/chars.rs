//! The characters XML 1.0 allows, checked where text is read and written.

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `s` XML 1.0 does not allow. One plain pass over
/// the bytes first (values are mostly short, where a vectorised search
/// costs more to set up than it saves; measured): only control bytes and
/// 0xEF (the lead byte of U+FFFE and U+FFFF, the only other characters
/// UTF-8 text can hold that XML refuses) send the text to the exact check.
pub(crate) fn forbidden_char(s: &str) -> Option<char> {
    let suspect = s.bytes().any(|b| (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0xEF);
    if suspect { s.chars().find(|&c| !is_xml_char(c)) } else { None }
}
