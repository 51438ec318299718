//! SOAP 1.1 section 5 multi-reference values: an accessor written as
//! `<return href="#id1"/>` whose value is the element carrying `id="id1"`,
//! usually a `Body` child after the response wrapper.
//!
//! Axis, .NET and other rpc/encoded stacks serialise structs and arrays this
//! way. The typed decoder reads forward only, so a response that contains
//! `href` is first rewritten: every reference becomes a copy of the element
//! it points at (its attributes except `id` and `root` merged into the
//! accessor, its content inlined, references in it resolved in turn), and
//! the independent elements at `Body` level that were referenced are
//! dropped. A response without `href` costs one `memchr` scan and is decoded
//! as it came.
//!
//! Hostile input: resolution is iterative (an explicit stack of open
//! references, never recursion), so a long `href` chain cannot overflow the
//! stack; references nested deeper than the decoder's depth limit, a
//! reference cycle, a repeated `id`, and a document that is not well-formed
//! are errors (never a silent fall-back to the unresolved input, whose
//! accessors would decode as empty); and so is a document that would expand
//! beyond [`expansion_budget`] (shared references can make the output grow
//! exponentially, like entity expansion). Work is linear in the output.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::chars::is_blank;
use super::lexer::{Lexer, Token};
use super::read::{DecodeError, DecodeErrorKind};
use super::tag_attrs::TagAttrs;

/// The most bytes a rewritten document may have: eight times its input,
/// and at least 1 MiB. Servers serialise each value once, so real responses
/// stay close to their own size.
pub fn expansion_budget(input_len: usize) -> usize {
    input_len.saturating_mul(8).max(1 << 20)
}

/// `input` with every `href` reference replaced by the value it points at;
/// borrowed unchanged when there is none.
///
/// `max_depth` bounds how deeply references may nest inside one another
/// (the decoder's element depth limit: a deeper chain could not be decoded
/// anyway). Anything that prevents a faithful rewrite is an error: a
/// document that is not well-formed, a repeated `id`, a reference to no
/// element, a cycle, or an output beyond [`expansion_budget`].
pub fn inline(input: &[u8], max_depth: usize) -> Result<Cow<'_, [u8]>, DecodeError> {
    if memchr::memmem::find(input, b"href").is_none() {
        return Ok(Cow::Borrowed(input));
    }
    let targets = index(input)?;
    if targets.referenced.is_empty() {
        return Ok(Cow::Borrowed(input));
    }
    let mut out = Inliner {
        input,
        targets: &targets.by_id,
        referenced: &targets.referenced,
        out: Vec::with_capacity(input.len()),
        budget: expansion_budget(input.len()),
        max_depth,
    };
    out.run()?;
    Ok(Cow::Owned(out.out))
}

/// An element carrying an `id`.
#[derive(Debug)]
struct Target {
    /// The start tag, `<` through `>` (or `/>`).
    tag: Range<usize>,
    /// The content between start and end tag; `None` for `<x id="a"/>`.
    content: Option<Range<usize>>,
}

struct Index {
    by_id: HashMap<String, Target>,
    /// Every id some `href` names.
    referenced: HashSet<String>,
}

/// Every element with an `id`, by id. The whole document is read, so a
/// malformation anywhere (after `</Envelope>` too) is an error here.
fn index(input: &[u8]) -> Result<Index, DecodeError> {
    let mut lexer = Lexer::new(input);
    let base = lexer.base();
    let mut by_id = HashMap::new();
    let mut referenced = HashSet::new();
    // Open elements: (id, start of the start tag, start of the content).
    let mut stack: Vec<(Option<String>, usize, usize)> = Vec::new();
    let mut add = |id: String, target: Target| {
        if by_id.contains_key(&id) {
            let shown: String = id.chars().take(64).collect();
            return Err(reference(format!("id=\"{shown}\" occurs twice, so references to it are ambiguous")));
        }
        by_id.insert(id, target);
        Ok(())
    };
    loop {
        let before = base + lexer.position();
        match lexer.next()? {
            Token::Start { attrs, empty, .. } => {
                let (id, href) = id_and_href(attrs)?;
                referenced.extend(href);
                let after = base + lexer.position();
                match (empty, id) {
                    (false, id) => stack.push((id, before, after)),
                    (true, Some(id)) => add(id, Target { tag: before..after, content: None })?,
                    (true, None) => {}
                }
            }
            Token::End => {
                let (id, tag_start, content_start) =
                    stack.pop().ok_or_else(|| malformed("end tag without a start tag"))?;
                if let Some(id) = id {
                    add(id, Target { tag: tag_start..content_start, content: Some(content_start..before) })?;
                }
            }
            // Never read: the decoder refuses it.
            Token::DocType => return Err(DecodeError::new(DecodeErrorKind::DocType)),
            // Text is copied as it is, but must be XML: an unclosed
            // reference or a character XML forbids is an error here, as
            // everywhere else in the document.
            Token::Text(text) => drop(super::text::content(text)?),
            Token::CData(text) => drop(super::text::cdata(text)?),
            Token::Eof if stack.is_empty() => break,
            Token::Eof => return Err(DecodeError::new(DecodeErrorKind::UnexpectedEof)),
            _ => {}
        }
    }
    Ok(Index { by_id, referenced })
}

/// The element's `id` and `href` (fragment part, without `#`), from its
/// attributes as written. Both are unqualified in SOAP 1.1. A malformed or
/// repeated attribute is an error.
fn id_and_href(attrs: &str) -> Result<(Option<String>, Option<String>), DecodeError> {
    if is_blank(attrs) {
        return Ok((None, None));
    }
    let mut id = None;
    let mut href = None;
    for attr in TagAttrs::new(attrs) {
        let attr = attr.map_err(|err| malformed(&err))?;
        match attr.key {
            "id" => id = Some(attr.value.trim().to_owned()),
            "href" => href = attr.value.trim().strip_prefix('#').map(str::to_owned),
            _ => {}
        }
    }
    Ok((id, href))
}

/// One slice of the input being copied: the whole document, or the
/// content of a target being inlined into an accessor.
struct Frame<'a> {
    lexer: Lexer<'a>,
    /// Where the tokeniser's positions start in `slice` (after a byte order
    /// mark starting the document).
    base: usize,
    slice: &'a [u8],
    /// Bytes of `slice` already written (or deliberately left out).
    copied: usize,
    /// Element nesting inside `slice`.
    depth: usize,
    /// The whole document: referenced elements at `Body` level are left
    /// out here.
    top: bool,
    /// For an inlined target: the id (open while its content is copied) and
    /// the accessor's end tag to write after it.
    close: Option<(&'a str, Vec<u8>)>,
}

impl<'a> Frame<'a> {
    fn new(slice: &'a [u8], top: bool, close: Option<(&'a str, Vec<u8>)>) -> Self {
        let lexer = if top { Lexer::new(slice) } else { Lexer::fragment(slice) };
        Frame { base: lexer.base(), lexer, slice, copied: 0, depth: 0, top, close }
    }
}

struct Inliner<'a> {
    input: &'a [u8],
    targets: &'a HashMap<String, Target>,
    referenced: &'a HashSet<String>,
    out: Vec<u8>,
    budget: usize,
    max_depth: usize,
}

impl<'a> Inliner<'a> {
    /// Copies the document, resolving references with an explicit stack of
    /// frames: entering a reference pushes the target's content, its end
    /// pops it. The ids of open frames are a set, so a cycle is found in
    /// constant time per reference.
    fn run(&mut self) -> Result<(), DecodeError> {
        let mut frames = vec![Frame::new(self.input, true, None)];
        let mut open: HashSet<&'a str> = HashSet::new();
        while let Some(frame) = frames.last_mut() {
            let before = frame.base + frame.lexer.position();
            let (name, attrs, empty) = match frame.lexer.next()? {
                Token::Start { name, attrs, empty } => (name, attrs, empty),
                Token::End => {
                    frame.depth = frame.depth.saturating_sub(1);
                    continue;
                }
                Token::DocType => return Err(DecodeError::new(DecodeErrorKind::DocType)),
                Token::Eof => {
                    let rest = frame.slice.get(frame.copied..).unwrap_or_default();
                    let close = frame.close.take();
                    frames.pop();
                    self.push(rest)?;
                    if let Some((id, end)) = close {
                        open.remove(id);
                        self.push(&end)?;
                    }
                    continue;
                }
                _ => continue,
            };
            let (id, href) = id_and_href(attrs)?;
            // A referenced element at `Body` level has been inlined where
            // it is used; an unreferenced one stays for the decoder to judge.
            let independent =
                frame.top && frame.depth == 2 && id.is_some_and(|id| self.referenced.contains(&id));
            if href.is_none() && !independent {
                if !empty {
                    frame.depth += 1;
                }
                continue;
            }
            let done = frame.slice.get(frame.copied..before).unwrap_or_default();
            if !empty {
                // An independent target's content is copied where it is
                // referenced and read there; an accessor's own content is
                // dropped (the target replaces it), so it is checked here.
                if independent {
                    frame.lexer.skip_moved()?;
                } else {
                    // No namespace scopes here: its prefixes go unchecked.
                    frame.lexer.skip_open(None)?;
                }
            }
            frame.copied = frame.base + frame.lexer.position();
            self.push(done)?;
            let Some(href) = href.filter(|_| !independent) else { continue };
            if let Some(next) = self.reference(name, attrs, &href, &open)? {
                if frames.len() > self.max_depth {
                    return Err(reference(format!("references nest deeper than {} levels", self.max_depth)));
                }
                if let Some((id, _)) = &next.close {
                    open.insert(id);
                }
                frames.push(next);
            }
        }
        Ok(())
    }

    /// Writes accessor `e`'s start tag with the attributes of the element
    /// `#href` names; returns the frame that copies its content, if it has
    /// any (an empty target is written as `<accessor .../>` at once).
    fn reference(
        &mut self,
        name: &str,
        attrs: &str,
        href: &str,
        open: &HashSet<&'a str>,
    ) -> Result<Option<Frame<'a>>, DecodeError> {
        let targets = self.targets;
        let Some((id, target)) = targets.get_key_value(href) else {
            let shown: String = href.chars().take(64).collect();
            return Err(reference(format!("href=\"#{shown}\" names no element")));
        };
        if open.contains(id.as_str()) {
            let shown: String = href.chars().take(64).collect();
            return Err(reference(format!("href=\"#{shown}\" is part of a reference cycle")));
        }
        let target_tag = self.input.get(target.tag.clone()).unwrap_or_default();
        let target_attrs = attributes_of(target_tag)?;
        let mut tag = Vec::with_capacity(name.len() + attrs.len() + target_tag.len() + 3);
        tag.push(b'<');
        tag.extend_from_slice(name.as_bytes());
        let mut own = Vec::new();
        for attr in TagAttrs::new(attrs) {
            let attr = attr.map_err(|err| malformed(&err))?;
            if attr.key != "href" {
                own.push(attr.key);
                write_attr(&mut tag, attr.key, attr.value);
            }
        }
        for attr in TagAttrs::new(target_attrs) {
            let attr = attr.map_err(|err| malformed(&err))?;
            let key = attr.key;
            let soap_root = key == "root" || key.ends_with(":root");
            if key != "id" && !soap_root && !own.contains(&key) {
                write_attr(&mut tag, key, attr.value);
            }
        }
        let Some(content) = &target.content else {
            tag.extend_from_slice(b"/>");
            self.push(&tag)?;
            return Ok(None);
        };
        tag.push(b'>');
        self.push(&tag)?;
        let mut end = Vec::with_capacity(name.len() + 3);
        end.extend_from_slice(b"</");
        end.extend_from_slice(name.as_bytes());
        end.push(b'>');
        let slice = self.input.get(content.clone()).unwrap_or_default();
        Ok(Some(Frame::new(slice, false, Some((id.as_str(), end)))))
    }

    fn push(&mut self, bytes: &[u8]) -> Result<(), DecodeError> {
        if self.out.len() + bytes.len() > self.budget {
            return Err(reference(format!("resolving references would exceed {} bytes", self.budget)));
        }
        self.out.extend_from_slice(bytes);
        Ok(())
    }
}

/// The attributes as written of a start tag's bytes (as indexed).
fn attributes_of(tag: &[u8]) -> Result<&str, DecodeError> {
    match Lexer::fragment(tag).next()? {
        Token::Start { attrs, .. } => Ok(attrs),
        _ => Err(malformed("indexed element is not a start tag")),
    }
}

/// Writes ` key="value"` with the value as it was escaped in the input; a
/// value that holds `"` came single-quoted and is written so again.
fn write_attr(out: &mut Vec<u8>, key: &str, raw_value: &str) {
    let quote = if raw_value.contains('"') { b'\'' } else { b'"' };
    out.push(b' ');
    out.extend_from_slice(key.as_bytes());
    out.push(b'=');
    out.push(quote);
    out.extend_from_slice(raw_value.as_bytes());
    out.push(quote);
}

fn malformed(what: &str) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Malformed(what.to_owned()))
}

fn reference(what: String) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Reference(what))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn inlined(xml: &str) -> String {
        String::from_utf8(inline(xml.as_bytes(), 64).unwrap().into_owned()).unwrap()
    }

    const ENV: &str = r#"<E:Envelope xmlns:E="http://schemas.xmlsoap.org/soap/envelope/"><E:Body>"#;
    const END: &str = "</E:Body></E:Envelope>";

    #[test]
    fn text_that_is_not_xml_is_an_error_wherever_it_is() {
        for (text, kind) in [
            ("a & b", "reference"),
            ("&nope;", "entity"),
            ("\u{1}", "character U+0001"),
            ("<![CDATA[\u{FFFF}]]>", "character U+FFFF"),
        ] {
            for xml in [
                format!(r##"{text}{ENV}<r><a href="#x"/></r><v id="x">1</v>{END}"##),
                format!(r##"{ENV}<r><a href="#x"/></r><v id="x">{text}</v>{END}"##),
            ] {
                let err = inline(xml.as_bytes(), 64).expect_err(&xml);
                assert!(err.to_string().contains(kind), "{xml}: {err}");
            }
        }
    }

    #[test]
    fn malformed_attributes_in_skipped_content_are_an_error() {
        for xml in [
            // An accessor's own content, dropped for the target's.
            format!(r##"{ENV}<r><a href="#x"><b y=1/></a></r><v id="x">1</v>{END}"##),
            format!(r##"{ENV}<r><a href="#x"><b y="&bogus;"/></a></r><v id="x">1</v>{END}"##),
            // A target's content, moved to where it is referenced.
            format!(r##"{ENV}<r><a href="#x"/></r><v id="x"><b y=1/></v>{END}"##),
        ] {
            assert!(inline(xml.as_bytes(), 64).is_err(), "{xml}");
        }
    }

    #[test]
    fn without_href_the_input_is_borrowed() {
        let xml = format!("{ENV}<r><a>1</a></r>{END}");
        assert!(matches!(inline(xml.as_bytes(), 64).unwrap(), Cow::Borrowed(_)));
    }

    #[test]
    fn references_are_inlined_and_independent_elements_dropped() {
        let xml = format!(
            r##"{ENV}<r><return href="#id0"/></r><multiRef id="id0" soapenc:root="0" xsi:type="ns1:T" xmlns:ns1="urn:t"><a href="#id1"/><b>2</b></multiRef><multiRef id="id1" xsi:type="xsd:int">1</multiRef>{END}"##
        );
        assert_eq!(
            inlined(&xml),
            format!(
                r#"{ENV}<r><return xsi:type="ns1:T" xmlns:ns1="urn:t"><a xsi:type="xsd:int">1</a><b>2</b></return></r>{END}"#
            )
        );
    }

    #[test]
    fn a_shared_value_is_copied_to_each_reference() {
        let xml = format!(r##"{ENV}<r><a href="#x"/><b href="#x"></b></r><v id="x">7</v>{END}"##);
        assert_eq!(inlined(&xml), format!("{ENV}<r><a>7</a><b>7</b></r>{END}"));
    }

    #[test]
    fn the_accessors_own_attributes_win() {
        let xml = format!(
            r##"{ENV}<r><a xsi:type="xsd:string" href="#x"/></r><v id="x" xsi:type="xsd:int" q='say "hi"'/>{END}"##
        );
        assert_eq!(inlined(&xml), format!(r#"{ENV}<r><a xsi:type="xsd:string" q='say "hi"'/></r>{END}"#));
    }

    #[test]
    fn dangling_references_and_cycles_are_errors() {
        let dangling = format!(r##"{ENV}<r><a href="#nope"/></r>{END}"##);
        let err = inline(dangling.as_bytes(), 64).unwrap_err();
        assert!(matches!(err.kind, DecodeErrorKind::Reference(ref m) if m.contains("#nope")), "{err}");
        let cycle = format!(
            r##"{ENV}<r><a href="#x"/></r><v id="x"><w href="#y"/></v><v id="y"><w href="#x"/></v>{END}"##
        );
        let err = inline(cycle.as_bytes(), 64).unwrap_err();
        assert!(matches!(err.kind, DecodeErrorKind::Reference(ref m) if m.contains("cycle")), "{err}");
    }

    #[test]
    fn exponential_sharing_hits_the_budget() {
        // Each level references the next twice: 2^40 copies if unchecked.
        let mut xml = format!(r##"{ENV}<r><a href="#l0"/></r>"##);
        for i in 0..40 {
            xml.push_str(&format!(r##"<v id="l{i}"><a href="#l{n}"/><b href="#l{n}"/></v>"##, n = i + 1));
        }
        xml.push_str(&format!(r#"<v id="l40">{}</v>{END}"#, "x".repeat(100)));
        let err = inline(xml.as_bytes(), 64).unwrap_err();
        assert!(matches!(err.kind, DecodeErrorKind::Reference(ref m) if m.contains("exceed")), "{err}");
    }

    /// A chain `#l0 -> #l1 -> ...` of `links` references.
    fn chain(links: usize) -> String {
        let mut xml = format!(r##"{ENV}<r><a href="#l0"/></r>"##);
        for i in 0..links {
            xml.push_str(&format!(r##"<v id="l{i}"><a href="#l{n}"/></v>"##, n = i + 1));
        }
        xml.push_str(&format!(r#"<v id="l{links}">end</v>{END}"#));
        xml
    }

    #[test]
    fn a_long_chain_is_resolved_without_recursion() {
        // 20,000 links on a thread with a 256 KiB stack: one stack frame per
        // link would overflow it; the explicit stack does not.
        let out = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| inline(chain(20_000).as_bytes(), usize::MAX).map(|o| o.len()))
            .unwrap()
            .join()
            .unwrap();
        assert!(out.unwrap() > 20_000 * "<a></a>".len());
    }

    #[test]
    fn references_nested_deeper_than_the_limit_are_an_error() {
        let err = inline(chain(2_500).as_bytes(), 64).unwrap_err();
        assert!(
            matches!(err.kind, DecodeErrorKind::Reference(ref m) if m.contains("deeper than 64")),
            "{err}"
        );
        let ok = inlined_with(&chain(10), 64);
        assert!(ok.contains("<a><a><a><a><a><a><a><a><a><a><a>end</a>"), "{ok}");
    }

    fn inlined_with(xml: &str, depth: usize) -> String {
        String::from_utf8(inline(xml.as_bytes(), depth).unwrap().into_owned()).unwrap()
    }

    #[test]
    fn a_failing_index_is_an_error_never_the_unresolved_input() {
        // Each of these used to hand back the input, whose accessors then
        // decoded as empty elements.
        let cases = [
            // a repeated id, even one nothing references
            (format!(r##"{ENV}<r><a href="#x"/></r><v id="x">1</v><w id="y"/><w id="y"/>{END}"##), "twice"),
            // an unclosed element after the envelope
            (format!(r##"{ENV}<r><a href="#x"/></r><v id="x">1</v>{END}<extra>"##), ""),
            // a duplicated attribute in the Header
            (
                format!(
                    r##"<E:Envelope xmlns:E="http://schemas.xmlsoap.org/soap/envelope/"><E:Header><h a="1" a="2"/></E:Header><E:Body><r><a href="#x"/></r><v id="x">1</v>{END}"##
                ),
                "",
            ),
            // not well-formed inside the body
            (format!(r##"{ENV}<r><a href="#x"/></r><v id="x">{END}"##), ""),
        ];
        for (xml, says) in cases {
            let err = inline(xml.as_bytes(), 64).unwrap_err();
            assert!(err.to_string().contains(says), "{err} for {xml}");
        }
    }

    #[test]
    fn byte_order_marks_do_not_shift_positions() {
        // Found by the `multiref` fuzz target: a target whose content
        // starts with the bytes of a BOM was copied three bytes off.
        let bom = '\u{FEFF}';
        let xml = format!(r##"{ENV}<r><a href="#x"/></r><v id="x">{bom}<b>1</b></v>{END}"##);
        assert_eq!(inlined(&xml), format!("{ENV}<r><a>{bom}<b>1</b></a></r>{END}"));
        // A response that starts with one.
        let with_bom = format!("{bom}{xml}");
        assert_eq!(inlined(&with_bom), format!("{bom}{ENV}<r><a>{bom}<b>1</b></a></r>{END}"));
        // Two in a row (found next): each is skipped, none shifts.
        let two = format!("{bom}{bom}{xml}").replace("\"x\">", &format!("\"x\">{bom}"));
        assert_eq!(inlined(&two), format!("{bom}{bom}{ENV}<r><a>{bom}{bom}<b>1</b></a></r>{END}"));
    }

    #[test]
    fn unreferenced_independent_elements_are_left_for_the_decoder() {
        let xml = format!(r##"{ENV}<r><a href="#x"/></r><v id="x">1</v><w id="lonely">2</w>{END}"##);
        assert_eq!(inlined(&xml), format!(r#"{ENV}<r><a>1</a></r><w id="lonely">2</w>{END}"#));
    }
}
