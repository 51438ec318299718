//! SOAP 1.1 section 5 multi-reference values: an accessor written as
//! `<return href="#id1"/>` whose value is the element carrying `id="id1"`,
//! usually a `Body` child after the response wrapper.
//!
//! Axis, .NET and other rpc/encoded stacks serialise structs and arrays this
//! way. The typed decoder reads forward only, so a response that contains
//! `href` is first rewritten: every reference becomes a copy of the element
//! it points at (its attributes except `id` and `root` merged into the
//! accessor, its content inlined, references in it resolved in turn), and
//! the independent elements at `Body` level are dropped. A response without
//! `href` costs one `memchr` scan and is decoded as it came.
//!
//! Hostile input: a reference cycle is an error, and so is a document that
//! would expand beyond [`expansion_budget`] (shared references can make the
//! output grow exponentially, like entity expansion).

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::read::{DecodeError, DecodeErrorKind};

/// The most bytes a rewritten document may have: eight times its input,
/// and at least 1 MiB. Servers serialise each value once, so real responses
/// stay close to their own size.
pub fn expansion_budget(input_len: usize) -> usize {
    input_len.saturating_mul(8).max(1 << 20)
}

/// `input` with every `href` reference replaced by the value it points at;
/// borrowed unchanged when there is none.
///
/// A document that is not well-formed is returned unchanged, so that the
/// decoder reports the malformation with its element path.
pub fn inline(input: &[u8]) -> Result<Cow<'_, [u8]>, DecodeError> {
    if memchr::memmem::find(input, b"href").is_none() {
        return Ok(Cow::Borrowed(input));
    }
    let Some(targets) = index(input) else {
        return Ok(Cow::Borrowed(input));
    };
    if !targets.has_refs {
        return Ok(Cow::Borrowed(input));
    }
    let mut out = Inliner {
        input,
        targets: &targets.by_id,
        out: Vec::with_capacity(input.len()),
        budget: expansion_budget(input.len()),
        open: Vec::new(),
    };
    out.copy(0..input.len(), true)?;
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
    has_refs: bool,
}

/// Every element with an `id`, by id; `None` if the document is not
/// well-formed (or an id repeats, which leaves references ambiguous).
fn index(input: &[u8]) -> Option<Index> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().check_end_names = true;
    let mut by_id = HashMap::new();
    let mut has_refs = false;
    // Open elements: (id, start of the start tag, start of the content).
    let mut stack: Vec<(Option<String>, usize, usize)> = Vec::new();
    loop {
        let before = pos(&reader);
        match reader.read_event().ok()? {
            Event::Start(e) => {
                let (id, href) = id_and_href(&e)?;
                has_refs |= href.is_some();
                stack.push((id, before, pos(&reader)));
            }
            Event::Empty(e) => {
                let (id, href) = id_and_href(&e)?;
                has_refs |= href.is_some();
                if let Some(id) = id {
                    let target = Target { tag: before..pos(&reader), content: None };
                    if by_id.insert(id, target).is_some() {
                        return None;
                    }
                }
            }
            Event::End(_) => {
                let (id, tag_start, content_start) = stack.pop()?;
                if let Some(id) = id {
                    let target =
                        Target { tag: tag_start..content_start, content: Some(content_start..before) };
                    if by_id.insert(id, target).is_some() {
                        return None;
                    }
                }
            }
            Event::Eof => return stack.is_empty().then_some(Index { by_id, has_refs }),
            _ => {}
        }
    }
}

fn pos(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

/// The element's `id` and `href` (fragment part, without `#`); `None` if
/// its attributes are malformed. Both are unqualified in SOAP 1.1.
fn id_and_href(e: &BytesStart<'_>) -> Option<(Option<String>, Option<String>)> {
    if e.attributes_raw().trim_ascii().is_empty() {
        return Some((None, None));
    }
    let mut id = None;
    let mut href = None;
    for attr in e.attributes() {
        let attr = attr.ok()?;
        match attr.key.0 {
            "id" => id = Some(attr.value.trim().to_owned()),
            "href" => href = attr.value.trim().strip_prefix('#').map(str::to_owned),
            _ => {}
        }
    }
    Some((id, href))
}

struct Inliner<'a> {
    input: &'a [u8],
    targets: &'a HashMap<String, Target>,
    out: Vec<u8>,
    budget: usize,
    /// Ids being inlined, outermost first: a repeat is a cycle.
    open: Vec<&'a str>,
}

impl<'a> Inliner<'a> {
    /// Copies `range` of the input, resolving references. At the top level
    /// (`top`), independent elements (those with an `id` directly in the
    /// `Body`, depth 3) are left out: they have been inlined where used.
    fn copy(&mut self, range: Range<usize>, top: bool) -> Result<(), DecodeError> {
        let slice = self.input.get(range).unwrap_or_default();
        let mut reader = Reader::from_reader(slice);
        reader.config_mut().check_end_names = true;
        let mut copied = 0;
        let mut depth = 0usize;
        loop {
            let before = pos(&reader);
            let event = reader.read_event().map_err(DecodeError::from)?;
            let (e, empty) = match event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let (id, href) = id_and_href(&e).ok_or_else(|| malformed("bad attributes"))?;
            let independent = top && depth == 2 && id.is_some();
            if href.is_none() && !independent {
                if !empty {
                    depth += 1;
                }
                continue;
            }
            self.push(slice.get(copied..before).unwrap_or_default())?;
            if !empty {
                reader.read_to_end(e.name()).map_err(DecodeError::from)?;
            }
            copied = pos(&reader);
            if let (Some(href), false) = (href, independent) {
                self.reference(&e, &href)?;
            }
        }
        self.push(slice.get(copied..).unwrap_or_default())
    }

    /// Writes accessor `e` with the value of the element `#href` names.
    fn reference(&mut self, e: &BytesStart<'_>, href: &str) -> Result<(), DecodeError> {
        let targets = self.targets;
        let Some((id, target)) = targets.get_key_value(href) else {
            return Err(DecodeError::new(DecodeErrorKind::Reference(format!(
                "href=\"#{href}\" names no element"
            ))));
        };
        if self.open.contains(&id.as_str()) {
            return Err(DecodeError::new(DecodeErrorKind::Reference(format!(
                "href=\"#{href}\" is part of a reference cycle"
            ))));
        }
        let target_tag = self.input.get(target.tag.clone()).unwrap_or_default();
        let target_start = start_tag_of(target_tag)?;
        let mut tag = Vec::with_capacity(e.len() + target_tag.len() + 3);
        tag.push(b'<');
        tag.extend_from_slice(e.name().0.as_bytes());
        let mut own = Vec::new();
        for attr in e.attributes() {
            let attr = attr.map_err(|err| malformed(&err.to_string()))?;
            if attr.key.0 != "href" {
                own.push(attr.key.0.to_owned());
                write_attr(&mut tag, attr.key.0, &attr.value);
            }
        }
        for attr in target_start.attributes() {
            let attr = attr.map_err(|err| malformed(&err.to_string()))?;
            let key = attr.key.0;
            let soap_root = key == "root" || key.ends_with(":root");
            if key != "id" && !soap_root && !own.iter().any(|k| k == key) {
                write_attr(&mut tag, key, &attr.value);
            }
        }
        match &target.content {
            None => {
                tag.extend_from_slice(b"/>");
                self.push(&tag)?;
            }
            Some(content) => {
                tag.push(b'>');
                self.push(&tag)?;
                self.open.push(id);
                self.copy(content.clone(), false)?;
                self.open.pop();
                let mut end = Vec::with_capacity(e.name().0.len() + 3);
                end.extend_from_slice(b"</");
                end.extend_from_slice(e.name().0.as_bytes());
                end.push(b'>');
                self.push(&end)?;
            }
        }
        Ok(())
    }

    fn push(&mut self, bytes: &[u8]) -> Result<(), DecodeError> {
        if self.out.len() + bytes.len() > self.budget {
            return Err(DecodeError::new(DecodeErrorKind::Reference(format!(
                "resolving references would exceed {} bytes",
                self.budget
            ))));
        }
        self.out.extend_from_slice(bytes);
        Ok(())
    }
}

/// Parses a start tag's bytes (as indexed) back into a `BytesStart`.
fn start_tag_of(tag: &[u8]) -> Result<BytesStart<'_>, DecodeError> {
    let mut reader = Reader::from_reader(tag);
    match reader.read_event().map_err(DecodeError::from)? {
        Event::Start(e) | Event::Empty(e) => Ok(e),
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn inlined(xml: &str) -> String {
        String::from_utf8(inline(xml.as_bytes()).unwrap().into_owned()).unwrap()
    }

    const ENV: &str = r#"<E:Envelope xmlns:E="http://schemas.xmlsoap.org/soap/envelope/"><E:Body>"#;
    const END: &str = "</E:Body></E:Envelope>";

    #[test]
    fn without_href_the_input_is_borrowed() {
        let xml = format!("{ENV}<r><a>1</a></r>{END}");
        assert!(matches!(inline(xml.as_bytes()).unwrap(), Cow::Borrowed(_)));
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
        let err = inline(dangling.as_bytes()).unwrap_err();
        assert!(matches!(err.kind, DecodeErrorKind::Reference(ref m) if m.contains("#nope")), "{err}");
        let cycle = format!(
            r##"{ENV}<r><a href="#x"/></r><v id="x"><w href="#y"/></v><v id="y"><w href="#x"/></v>{END}"##
        );
        let err = inline(cycle.as_bytes()).unwrap_err();
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
        let err = inline(xml.as_bytes()).unwrap_err();
        assert!(matches!(err.kind, DecodeErrorKind::Reference(ref m) if m.contains("exceed")), "{err}");
    }

    #[test]
    fn malformed_documents_are_left_to_the_decoder() {
        let xml = format!(r##"{ENV}<r><a href="#x"/></r><v id="x">{END}"##);
        assert!(matches!(inline(xml.as_bytes()).unwrap(), Cow::Borrowed(_)));
    }
}
