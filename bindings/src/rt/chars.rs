//! The characters XML 1.0 allows, checked where text is read and written.

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `s` XML 1.0 does not allow. A pass over the
/// bytes first, eight at a time (values are mostly short, where a
/// vectorised search costs more to set up than it saves; measured): only a
/// control byte or 0xEF (the lead byte of U+FFFE and U+FFFF, the only other
/// characters UTF-8 text can hold that XML refuses) sends the text to the
/// exact check, which also lets tab, line feed and carriage return pass.
pub(crate) fn forbidden_char(s: &str) -> Option<char> {
    if suspect_bytes(s.as_bytes()) { s.chars().find(|&c| !is_xml_char(c)) } else { None }
}

/// Whether `bytes` hold a byte below 0x20 or 0xEF. Whole words with the
/// classic zero-byte test: `w - 0x20 * ONES` borrows into a byte's high
/// bit only for bytes below 0x20 (those at or above 0x80 are masked off by
/// `!w`), and a byte equal to 0xEF is a zero byte of `w ^ 0xEF * ONES`.
fn suspect_bytes(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let control = w.wrapping_sub(ONES * 0x20) & !w;
        let ef = w ^ (ONES * 0xEF);
        let ef = ef.wrapping_sub(ONES) & !ef;
        if (control | ef) & HIGHS != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|&b| b < 0x20 || b == 0xEF)
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
