//! The decoder's XML tokeniser: markup and character data of one complete
//! message, borrowed from it.
//!
//! The message is checked to be UTF-8 once, up front (a word-at-a-time
//! pass over mostly ASCII bytes), so every token is a `&str` slice of it
//! with no check of its own. quick-xml's reader, which this replaces in
//! the decoder, checked the bytes of every event again and copied every
//! start tag's name onto a stack of its own to match end tags against:
//! together 45% of the instructions of a large document/literal decode.
//! Here an end tag is matched against the open element's name, a slice of
//! the input, byte for byte.
//!
//! It checks what XML 1.0 requires of markup: start and end tags must
//! match, element names and processing-instruction targets must be XML
//! names, comments and processing instructions must hold only characters
//! XML allows, a tag, comment, CDATA section or processing instruction
//! must end, and a `DOCTYPE` is reported as such (the decoder refuses it;
//! its internal subset is never read).
//! Taken on purpose although XML 1.0 forbids them, as none changes what a
//! message says: `--` inside a comment, `]]>` in text, an XML declaration
//! after whitespace or a comment before the root (a PHP script with a
//! stray line before `<?php` sends one; after the root the decoder refuses
//! it), and PI targets such as `XML`. libxml2, and so zeep, refuse the
//! declaration; refusing it here would fail calls to such servers for no
//! gain.
//! Attributes are found, not parsed: the region between a tag's name and
//! its `>` is checked by `tag_attrs` when the decoder reads it, or when
//! `skip_open` skips the tag. Text comes
//! as written, references unresolved (`text` resolves them).

use super::chars::{forbidden_char, is_name, is_name_byte, is_space, shown};
use super::read::{DecodeError, DecodeErrorKind, not_qualified, qualified};
use super::tag_attrs::TagAttrs;
use super::text;

/// One piece of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// A start tag: the qualified name, the raw attributes (everything
    /// between the name and `>` or `/>`, whitespace included; empty
    /// without attributes), and whether it was written `<x/>`.
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    /// The end tag of the element opened last (checked to name it).
    End,
    /// Character data up to the next markup, as written.
    Text(&'a str),
    /// The content of a CDATA section.
    CData(&'a str),
    Comment,
    /// A processing instruction other than the XML declaration.
    Pi,
    /// The XML declaration, `<?xml ...?>`.
    Decl,
    /// `<!DOCTYPE`: the rest is not read.
    DocType,
    /// The end of the input.
    Eof,
}

/// A pull tokeniser over one message; see the module docs.
#[derive(Debug)]
pub(crate) struct Lexer<'a> {
    /// The input up to its first byte that is not UTF-8 (all of it,
    /// normally), without a byte order mark.
    input: &'a str,
    /// The length of the byte order mark skipped before `input`.
    base: usize,
    pos: usize,
    /// Where the input stops being UTF-8: reported instead of whatever
    /// reaching that point would have said.
    invalid_at: Option<usize>,
    /// The names of the open elements, innermost last.
    open: Vec<&'a str>,
}

/// Byte classes of names in tags: whitespace, `/` and `>` end a name;
/// ASCII bytes other than letters, digits, `.`, `-`, `_` and `:` cannot be
/// part of one (other characters are checked by `is_name`).
const NAME_END: u8 = 1;
/// A byte a name cannot hold.
const NOT_NAME: u8 = 2;

const NAME_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b: u8 = 0;
    while b < 0x80 {
        if !is_name_byte(b) {
            t[b as usize] = NOT_NAME;
        }
        b += 1;
    }
    t[b' ' as usize] = NAME_END;
    t[b'\t' as usize] = NAME_END;
    t[b'\r' as usize] = NAME_END;
    t[b'\n' as usize] = NAME_END;
    t[b'/' as usize] = NAME_END;
    t[b'>' as usize] = NAME_END;
    t
};

impl<'a> Lexer<'a> {
    /// A tokeniser over `bytes`, a whole message. A byte order mark is
    /// skipped; bytes that are not UTF-8 are an error once reached.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => Lexer { base: 3, ..Lexer::fragment(rest) },
            None => Lexer::fragment(bytes),
        }
    }

    /// A tokeniser over `bytes` as they are: a whole message without a
    /// byte order mark, or a piece of one (an element's content, where a
    /// U+FEFF at the start is a character of the text).
    pub(crate) fn fragment(bytes: &'a [u8]) -> Self {
        let (input, invalid_at) = match std::str::from_utf8(bytes) {
            Ok(input) => (input, None),
            Err(e) => {
                let valid = e.valid_up_to();
                (std::str::from_utf8(bytes.get(..valid).unwrap_or_default()).unwrap_or_default(), Some(valid))
            }
        };
        Lexer { input, base: 0, pos: 0, invalid_at, open: Vec::with_capacity(16) }
    }

    /// Where the input starts in the bytes given to [`Lexer::new`] (after
    /// a byte order mark): positions are counted from there.
    pub(crate) fn base(&self) -> usize {
        self.base
    }

    /// The input, as far as it is UTF-8.
    pub(crate) fn input(&self) -> &'a str {
        self.input
    }

    /// The byte offset of the next token in the input.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// The number of open elements.
    #[cfg(test)]
    fn depth(&self) -> usize {
        self.open.len()
    }

    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.input.get(from..to).unwrap_or_default()
    }

    /// A malformation found at byte `at`; the input's first byte that is
    /// not UTF-8 instead, if the input stops being UTF-8 (a tag or text cut
    /// short there is that, not what it looks like).
    #[cold]
    fn malformed(&mut self, what: impl std::fmt::Display, at: usize) -> DecodeError {
        self.pos = self.input.len();
        self.open.clear();
        match self.invalid_at {
            Some(invalid) => DecodeError::new(DecodeErrorKind::Malformed(format!(
                "invalid UTF-8 at byte {invalid} (only UTF-8 is read)"
            ))),
            None => DecodeError::new(DecodeErrorKind::Malformed(format!("{what} at byte {at}"))),
        }
    }

    /// The next token.
    #[inline]
    pub(crate) fn next(&mut self) -> Result<Token<'a>, DecodeError> {
        let bytes = self.input.as_bytes();
        let pos = self.pos;
        match bytes.get(pos) {
            Some(b'<') => self.markup(pos),
            Some(_) => {
                let end = memchr::memchr(b'<', bytes.get(pos..).unwrap_or_default())
                    .map_or(bytes.len(), |i| pos + i);
                if end == bytes.len() && self.invalid_at.is_some() {
                    return Err(self.malformed("", end));
                }
                self.pos = end;
                Ok(Token::Text(self.slice(pos, end)))
            }
            None if self.invalid_at.is_some() => Err(self.malformed("", pos)),
            None => Ok(Token::Eof),
        }
    }

    fn markup(&mut self, pos: usize) -> Result<Token<'a>, DecodeError> {
        match self.input.as_bytes().get(pos + 1) {
            Some(b'/') => self.end_tag(pos),
            Some(b'!') => self.bang(pos),
            Some(b'?') => self.instruction(pos),
            Some(_) => self.start_tag(pos),
            None => Err(self.malformed("`<` at the end of the input", pos)),
        }
    }

    #[inline]
    fn start_tag(&mut self, pos: usize) -> Result<Token<'a>, DecodeError> {
        let bytes = self.input.as_bytes();
        let start = pos + 1;
        let mut i = start;
        let mut high = 0;
        while let Some(&b) = bytes.get(i) {
            if NAME_CLASS[usize::from(b)] != 0 {
                break;
            }
            high |= b;
            i += 1;
        }
        let name = self.slice(start, i);
        if !is_name(name, high) || bytes.get(i).is_some_and(|&b| NAME_CLASS[usize::from(b)] & NOT_NAME != 0) {
            return Err(self.bad_name("start tag", start));
        }
        let (attrs_end, end, empty) = match bytes.get(i) {
            Some(b'>') => (i, i + 1, false),
            Some(b'/') if bytes.get(i + 1) == Some(&b'>') => (i, i + 2, true),
            Some(&b) if is_space(b) => match self.tag_end(i) {
                Some(gt) if gt > i && bytes.get(gt - 1) == Some(&b'/') => (gt - 1, gt + 1, true),
                Some(gt) => (gt, gt + 1, false),
                None => return Err(self.malformed(format_args!("unclosed start tag <{name}"), pos)),
            },
            Some(_) => return Err(self.bad_name("start tag", start)),
            None => return Err(self.malformed(format_args!("unclosed start tag <{name}"), pos)),
        };
        self.pos = end;
        if !empty {
            self.open.push(name);
        }
        Ok(Token::Start { name, attrs: self.slice(i, attrs_end), empty })
    }

    /// The `>` that ends the start tag whose attributes begin at `from`:
    /// the first one outside quotes. (A scan of eight bytes at a time
    /// instead of `memchr3` executed 3% more instructions decoding Poll.)
    fn tag_end(&self, from: usize) -> Option<usize> {
        let bytes = self.input.as_bytes();
        let mut i = from;
        loop {
            let at = i + memchr::memchr3(b'>', b'"', b'\'', bytes.get(i..)?)?;
            match bytes.get(at)? {
                b'>' => return Some(at),
                &quote => i = at + 1 + memchr::memchr(quote, bytes.get(at + 1..)?)? + 1,
            }
        }
    }

    #[cold]
    fn bad_name(&mut self, what: &str, start: usize) -> DecodeError {
        let rest = self.input.get(start..).unwrap_or_default();
        let shown: String = rest.chars().take_while(|&c| c != '>').take(40).collect();
        self.malformed(format_args!("malformed {what} <{shown}"), start.saturating_sub(1))
    }

    #[inline]
    fn end_tag(&mut self, pos: usize) -> Result<Token<'a>, DecodeError> {
        let bytes = self.input.as_bytes();
        let start = pos + 2;
        let Some(&open) = self.open.last() else {
            return Err(self.malformed("an end tag without a start tag", pos));
        };
        // The open element's name, then optional whitespace and `>`; a
        // longer or other name fails at one of the two.
        let mut i = start + open.len();
        if bytes.get(start..i) == Some(open.as_bytes()) {
            while bytes.get(i).is_some_and(|&b| is_space(b)) {
                i += 1;
            }
            if bytes.get(i) == Some(&b'>') {
                self.pos = i + 1;
                self.open.pop();
                return Ok(Token::End);
            }
        }
        let rest = self.input.get(start..).unwrap_or_default();
        let found: String = rest.chars().take_while(|&c| c != '>').take(40).collect();
        Err(self.malformed(format_args!("expected </{open}>, found </{found}>"), pos))
    }

    fn bang(&mut self, pos: usize) -> Result<Token<'a>, DecodeError> {
        let rest = self.input.as_bytes().get(pos..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            let Some(end) = memchr::memmem::find(rest.get(4..).unwrap_or_default(), b"-->") else {
                return Err(self.malformed("unclosed comment", pos));
            };
            let comment = self.slice(pos + 4, pos + 4 + end);
            if let Some(c) = forbidden_char(comment) {
                return Err(self.malformed(format_args!("character U+{:04X} in a comment", c as u32), pos));
            }
            self.pos = pos + 4 + end + 3;
            Ok(Token::Comment)
        } else if rest.starts_with(b"<![CDATA[") {
            let Some(end) = memchr::memmem::find(rest.get(9..).unwrap_or_default(), b"]]>") else {
                return Err(self.malformed("unclosed CDATA section", pos));
            };
            self.pos = pos + 9 + end + 3;
            Ok(Token::CData(self.slice(pos + 9, pos + 9 + end)))
        } else if rest.starts_with(b"<!DOCTYPE") {
            // Never read further: the decoder refuses it.
            self.pos = self.input.len();
            Ok(Token::DocType)
        } else {
            Err(self.malformed("markup `<!` that is no comment, CDATA section or DOCTYPE", pos))
        }
    }

    fn instruction(&mut self, pos: usize) -> Result<Token<'a>, DecodeError> {
        let rest = self.input.as_bytes().get(pos + 2..).unwrap_or_default();
        let Some(end) = memchr::memmem::find(rest, b"?>") else {
            return Err(self.malformed("unclosed processing instruction", pos));
        };
        let body = rest.get(..end).unwrap_or_default();
        let target_len = body.iter().position(|&b| is_space(b)).unwrap_or(body.len());
        let target = body.get(..target_len).unwrap_or_default();
        let high = target.iter().fold(0, |high, &b| high | b);
        let named = !target.iter().any(|&b| NAME_CLASS[usize::from(b)] != 0)
            && is_name(self.slice(pos + 2, pos + 2 + target_len), high);
        if !named {
            return Err(self.malformed("processing instruction without a target name", pos));
        }
        if let Some(c) = forbidden_char(self.slice(pos + 2, pos + 2 + end)) {
            return Err(
                self.malformed(format_args!("character U+{:04X} in a processing instruction", c as u32), pos)
            );
        }
        self.pos = pos + 2 + end + 2;
        Ok(if target == b"xml" { Token::Decl } else { Token::Pi })
    }

    /// Consumes everything up to and including the end tag of the element
    /// opened last (whose start tag was the last token); returns where its
    /// content starts and ends in the input. Iterative, so deep nesting
    /// cannot exhaust the stack. What it skips must still be XML: tags'
    /// attributes and text are checked as the decoder checks what it
    /// reads, and names must be qualified names whose prefixes the skipped
    /// content declares or `outer` binds (the scopes around the element;
    /// `None` where they are not known, and prefixes are not checked).
    pub(crate) fn skip_open(
        &mut self,
        outer: Option<&dyn Fn(&str) -> bool>,
    ) -> Result<(usize, usize), DecodeError> {
        let mut prefixes = outer.map(|outer| SkippedPrefixes { outer, declared: Vec::new() });
        self.skip_to_end(true, prefixes.as_mut())
    }

    /// [`Lexer::skip_open`] for content that is read again elsewhere (the
    /// multi-reference resolver moves a target's content to where it is
    /// referenced, and the decoder reads it there): its attributes are not
    /// checked here, which cost the resolver 7% more instructions on a
    /// document of 1,000 targets.
    pub(crate) fn skip_moved(&mut self) -> Result<(usize, usize), DecodeError> {
        self.skip_to_end(false, None)
    }

    fn skip_to_end(
        &mut self,
        check: bool,
        mut prefixes: Option<&mut SkippedPrefixes<'_, 'a>>,
    ) -> Result<(usize, usize), DecodeError> {
        let depth = self.open.len();
        let start = self.pos;
        loop {
            let before = self.pos;
            match self.next()? {
                Token::End if self.open.len() < depth => return Ok((start, before)),
                Token::End => {
                    if let Some(p) = prefixes.as_deref_mut() {
                        p.left(self.open.len());
                    }
                }
                Token::Eof => return Err(DecodeError::new(DecodeErrorKind::UnexpectedEof)),
                Token::DocType => return Err(DecodeError::new(DecodeErrorKind::DocType)),
                // Skipped text still has to be XML: a character XML
                // forbids, or a reference to an entity XML does not
                // define, is an error wherever it is.
                Token::Text(raw) if check => {
                    text::content(raw)?;
                }
                Token::Text(raw) | Token::CData(raw) => {
                    if let Some(c) = forbidden_char(raw) {
                        return Err(DecodeError::new(DecodeErrorKind::InvalidChar(c as u32)));
                    }
                }
                // So do skipped tags' attributes, checked as the decoder
                // checks those it reads, and their names' prefixes.
                Token::Start { name, attrs, empty } if check => {
                    // The element's level: a non-empty one is open now.
                    let level = self.open.len() + usize::from(empty);
                    self.check_start(name, attrs, before, level, prefixes.as_deref_mut())?;
                    if let (true, Some(p)) = (empty, prefixes.as_deref_mut()) {
                        p.left(self.open.len());
                    }
                }
                _ => {}
            }
        }
    }

    /// Checks a skipped start tag at `at`, of the element at `level`: its
    /// attributes as the decoder checks those it reads (XML's syntax,
    /// names, no name twice, and values whose references resolve to
    /// characters XML allows), and with `prefixes`, the namespaces it
    /// declares and the prefixes its names use (once all its declarations
    /// are known: one may follow the attribute that uses it).
    fn check_start(
        &mut self,
        name: &'a str,
        attrs: &'a str,
        at: usize,
        level: usize,
        mut prefixes: Option<&mut SkippedPrefixes<'_, 'a>>,
    ) -> Result<(), DecodeError> {
        let mut used = Vec::new();
        for attr in TagAttrs::new(attrs) {
            let attr = attr.map_err(|what| self.malformed(what, at))?;
            let value = if attr.suspect { text::attribute_value(attr.value)? } else { attr.value.into() };
            let Some(prefixes) = prefixes.as_deref_mut() else { continue };
            match prefix_of(attr.key)? {
                Some("xmlns") => {
                    let declared = attr.key.get(6..).unwrap_or_default();
                    prefixes.declared.push((level, declared, !value.is_empty()));
                }
                Some(prefix) => used.push(prefix),
                None => {}
            }
        }
        let Some(prefixes) = prefixes else { return Ok(()) };
        for prefix in prefix_of(name)?.into_iter().chain(used) {
            if !prefixes.binds(prefix) {
                return Err(DecodeError::new(DecodeErrorKind::Malformed(format!(
                    "undeclared namespace prefix `{}` in skipped content",
                    shown(prefix)
                ))));
            }
        }
        Ok(())
    }
}

/// The prefixes skipped content may use: what the scopes around it bind
/// (`outer`), and what its own tags declare, each with the level of the
/// element declaring it and whether it binds (`xmlns:p=""` does not).
pub(crate) struct SkippedPrefixes<'o, 'a> {
    outer: &'o dyn Fn(&str) -> bool,
    declared: Vec<(usize, &'a str, bool)>,
}

impl SkippedPrefixes<'_, '_> {
    /// The elements deeper than `level` are closed: their declarations
    /// are out of scope.
    fn left(&mut self, level: usize) {
        while self.declared.last().is_some_and(|&(at, _, _)| at > level) {
            self.declared.pop();
        }
    }

    fn binds(&self, prefix: &str) -> bool {
        match self.declared.iter().rev().find(|(_, p, _)| *p == prefix) {
            Some(&(_, _, binds)) => binds,
            None => prefix == "xml" || (self.outer)(prefix),
        }
    }
}

/// The prefix of a name that must be a qualified name (`None`: none).
fn prefix_of(name: &str) -> Result<Option<&str>, DecodeError> {
    let Some(first) = name.find(':') else { return Ok(None) };
    let last = name.rfind(':').unwrap_or(first);
    if !qualified(name, first, last) {
        return Err(not_qualified(name));
    }
    Ok(name.get(..first))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn tokens(xml: &str) -> Result<Vec<Token<'_>>, String> {
        let mut lexer = Lexer::new(xml.as_bytes());
        let mut out = Vec::new();
        loop {
            match lexer.next() {
                Ok(Token::Eof) => return Ok(out),
                Ok(t) => out.push(t),
                Err(e) => return Err(e.to_string()),
            }
        }
    }

    #[test]
    fn reads_every_kind_of_markup() {
        let xml = "\u{FEFF}<?xml version=\"1.0\"?><!-- c --><a x='>' y=\"/>\">t&amp;<b/><c\n/><![CDATA[<d>]]><?pi x?></a >";
        assert_eq!(
            tokens(xml).unwrap(),
            [
                Token::Decl,
                Token::Comment,
                Token::Start { name: "a", attrs: " x='>' y=\"/>\"", empty: false },
                Token::Text("t&amp;"),
                Token::Start { name: "b", attrs: "", empty: true },
                Token::Start { name: "c", attrs: "\n", empty: true },
                Token::CData("<d>"),
                Token::Pi,
                Token::End,
            ]
        );
        assert_eq!(tokens("<!DOCTYPE r [<!ENTITY x 'y'>]><r/>").unwrap(), [Token::DocType]);
    }

    #[test]
    fn refuses_what_is_not_well_formed() {
        for (xml, says) in [
            ("<a></b>", "expected </a>, found </b>"),
            ("<a></ab>", "expected </a>, found </ab>"),
            ("<ab></a>", "expected </ab>, found </a>"),
            ("<a></a x>", "expected </a>"),
            ("</a>", "without a start tag"),
            ("<a", "unclosed start tag"),
            ("<a x='1", "unclosed start tag"),
            ("<>", "malformed start tag"),
            ("< a/>", "malformed start tag"),
            ("<a\"b/>", "malformed start tag"),
            ("<a<b/>", "malformed start tag"),
            ("<a><!-- x", "unclosed comment"),
            ("<a><![CDATA[x", "unclosed CDATA"),
            ("<a><!ENTITY x>", "markup `<!`"),
            ("<?xml", "unclosed processing instruction"),
            ("<? x?>", "without a target"),
            ("<", "at the end of the input"),
        ] {
            let err = tokens(xml).expect_err(xml);
            assert!(err.contains(says), "{xml}: {err}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_an_error_where_they_are() {
        let mut xml = b"<a>M\xC3\xBCller</a><b>x".to_vec();
        xml.extend_from_slice(b"\xFF</b>");
        let mut lexer = Lexer::new(&xml);
        assert!(matches!(lexer.next(), Ok(Token::Start { name: "a", .. })));
        assert_eq!(lexer.next().unwrap(), Token::Text("Müller"));
        assert_eq!(lexer.next().unwrap(), Token::End);
        assert!(matches!(lexer.next(), Ok(Token::Start { name: "b", .. })));
        let err = lexer.next().unwrap_err().to_string();
        assert!(err.contains("invalid UTF-8 at byte 18"), "{err}");
        // A tag cut short by the bad byte is reported as the bad byte.
        let err = tokens_bytes(b"<a><b\xFF/></a>");
        assert!(err.contains("invalid UTF-8 at byte 5"), "{err}");
    }

    fn tokens_bytes(xml: &[u8]) -> String {
        let mut lexer = Lexer::new(xml);
        loop {
            match lexer.next() {
                Ok(Token::Eof) => return "no error".into(),
                Ok(_) => {}
                Err(e) => return e.to_string(),
            }
        }
    }

    #[test]
    fn skips_an_element_with_everything_in_it() {
        let xml = "<r><a><b><a/></b><!-- </a> --><![CDATA[</a>]]>t</a><z/></r>";
        let mut lexer = Lexer::new(xml.as_bytes());
        lexer.next().unwrap();
        assert!(matches!(lexer.next(), Ok(Token::Start { name: "a", .. })));
        let (from, to) = lexer.skip_open(None).unwrap();
        assert_eq!(&xml[from..to], "<b><a/></b><!-- </a> --><![CDATA[</a>]]>t");
        assert!(matches!(lexer.next(), Ok(Token::Start { name: "z", .. })));
        assert_eq!(lexer.depth(), 1);
    }

    #[test]
    fn skipped_tags_must_have_well_formed_attributes() {
        let skip = |inner: &str| {
            let xml = format!("<r><a>{inner}</a></r>");
            let mut lexer = Lexer::new(xml.as_bytes());
            lexer.next().unwrap();
            lexer.next().unwrap();
            lexer.skip_open(None).map(drop).map_err(|e| e.to_string())
        };
        assert_eq!(skip("<b x=\"1\" y='&amp;'><c\n z=\"2\"/></b>"), Ok(()));
        for (inner, says) in [
            ("<b x=1/>", "not quoted"),
            ("<b x=\"1\" x=\"2\"></b>", "appears twice"),
            ("<b><c x=\"<\"/></b>", "`<` in the value"),
            ("<b x=\"1\"y=\"2\"/>", "no whitespace"),
            ("<b x=\"&bogus;\"/>", "bogus"),
            ("<b x=\"&#0;\"/>", "U+0000"),
        ] {
            let error = skip(inner).expect_err(inner);
            assert!(error.contains(says), "{inner}: {error}");
        }
    }
}
