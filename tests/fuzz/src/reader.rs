//! Fuzz target `reader`: the decoder's own tokeniser, walked through the
//! public `XmlReader` API, against quick-xml's `Reader` with XML's rules
//! and the decoder's on top (quick-xml is a tokeniser, not a
//! well-formedness checker: it ends quietly with elements open, reads text
//! beside the root, takes any name and references it does not know). Both
//! must read a document as the same events, or both refuse it.
//!
//! Where quick-xml takes what XML and the decoder refuse, the model
//! refuses it: names outside XML's `Name` production, `<` in an attribute
//! value, attributes without whitespace between them (the rules marked
//! "intended"), and the decoder's limits (64 levels, 128 namespace
//! bindings in scope). Any other disagreement, either way, is a finding
//! and panics.
//!
//! Checked by neither and so not compared (none of them is XML 1.0): `--`
//! in comments, `]]>` in text, where the XML declaration is before the
//! root and what it holds, PI targets such as `XML` or with a colon.

use std::borrow::Cow;

use pbx_soap::rt::{Content, DecodeOptions, StartTag, XmlReader};
use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// The decoder's bound on the namespace bindings in scope at once.
const MAX_BINDINGS: usize = 128;

#[derive(Debug, PartialEq, Eq)]
enum Ev {
    /// Qualified name, namespace, attributes other than declarations as
    /// (namespace, local name, normalised value) in document order.
    Start(String, Option<String>, Vec<(Option<String>, String, String)>),
    /// Adjacent pieces joined, empty ones dropped: where one reader splits
    /// text (at a reference, a comment, a CDATA section) is no difference.
    Text(String),
    End,
}

pub fn reader(data: &[u8]) {
    match (ours(data), theirs(data)) {
        (Ok(ours), Ok(theirs)) => assert_eq!(
            ours,
            theirs,
            "the reader and quick-xml read different events from\n{:?}",
            String::from_utf8_lossy(data)
        ),
        (Err(_), Err(_)) => {}
        (Ok(events), Err(why)) => panic!(
            "the reader accepts what XML refuses ({why}):\n{:?}\nevents: {events:?}",
            String::from_utf8_lossy(data)
        ),
        (Err(e), Ok(events)) => panic!(
            "the reader refuses ({e}) what quick-xml reads:\n{:?}\nevents: {events:?}",
            String::from_utf8_lossy(data)
        ),
    }
}

fn push_text(events: &mut Vec<Ev>, text: &str) {
    if text.is_empty() {
        return;
    }
    match events.last_mut() {
        Some(Ev::Text(t)) => t.push_str(text),
        _ => events.push(Ev::Text(text.to_owned())),
    }
}

// ---- the decoder ------------------------------------------------------------

fn ours(data: &[u8]) -> Result<Vec<Ev>, String> {
    let mut r = XmlReader::new(data, DecodeOptions::default());
    let root = r.root().map_err(|e| e.to_string())?;
    let mut events = vec![ours_start(&r, &root)?];
    // Iterative: the depth limit is the decoder's to enforce, not the stack's.
    let mut open = vec![root];
    while let Some(parent) = open.last().cloned() {
        match r.next_content(&parent).map_err(|e| e.to_string())? {
            Some(Content::Element(el)) => {
                events.push(ours_start(&r, &el)?);
                open.push(el);
            }
            Some(Content::Text(t)) => push_text(&mut events, &t),
            None => {
                events.push(Ev::End);
                open.pop();
            }
        }
    }
    r.finish().map_err(|e| e.to_string())?;
    Ok(events)
}

fn ours_start(r: &XmlReader<'_>, el: &StartTag<'_>) -> Result<Ev, String> {
    let mut attrs = Vec::new();
    for attr in r.attributes(el) {
        let attr = attr.map_err(|e| e.to_string())?;
        attrs.push((attr.ns().map(str::to_owned), attr.local().to_owned(), attr.value().to_owned()));
    }
    Ok(Ev::Start(el.qualified_name().to_owned(), r.namespace_of(el), attrs))
}

// ---- quick-xml and the rules --------------------------------------------------

/// `Char` of XML 1.0: everywhere in a document, written or referenced.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn no_forbidden_char(text: &str) -> Result<(), String> {
    match text.chars().find(|&c| !is_xml_char(c)) {
        Some(c) => Err(format!("U+{:04X} is not an XML 1.0 character", c as u32)),
        None => Ok(()),
    }
}

/// One `xmlns` declaration: (level of its element, prefix, URI; `""`
/// undeclares).
type Binding = (usize, String, String);

fn theirs(data: &[u8]) -> Result<Vec<Ev>, String> {
    // The decoder reads UTF-8 only. `Char` holds in names, comments and
    // PIs too, which quick-xml does not check.
    let text =
        std::str::from_utf8(data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data)).map_err(|e| e.to_string())?;
    no_forbidden_char(text)?;
    let mut reader = quick_xml::Reader::from_reader(data);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    let max_depth = DecodeOptions::default().max_depth;
    let mut events = Vec::new();
    let mut scopes: Vec<Binding> = Vec::new();
    let mut depth = 0;
    let mut seen_root = false;
    // Axis writes a character beyond U+FFFF as two character references to
    // its UTF-16 halves; the decoder takes a high half directly followed by
    // a low one as the character, quick-xml refuses each half.
    let mut high: Option<u32> = None;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let adjacent =
            matches!(&event, Event::GeneralRef(_)) || matches!(&event, Event::Text(t) if t.is_empty());
        if high.is_some() && !adjacent {
            return Err("a lone surrogate half".into());
        }
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if seen_root && depth == 0 {
                    return Err("a second root element".into());
                }
                seen_root = true;
                let level = depth + 1;
                if level > max_depth {
                    return Err(format!("nesting deeper than {max_depth}"));
                }
                events.push(theirs_start(e, level, &mut scopes)?);
                if matches!(event, Event::Empty(_)) {
                    events.push(Ev::End);
                    scopes.retain(|b| b.0 < level);
                } else {
                    depth = level;
                }
            }
            Event::End(_) => {
                scopes.retain(|b| b.0 < depth);
                depth -= 1;
                events.push(Ev::End);
            }
            // Before and after the root: whitespace, comments and PIs only.
            Event::Text(t) if depth == 0 => {
                if !t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
                    return Err("text outside the root element".into());
                }
            }
            Event::Text(t) => push_text(&mut events, &t.xml10_content()),
            Event::CData(_) if depth == 0 => return Err("CDATA outside the root element".into()),
            Event::CData(c) => push_text(&mut events, &c.xml10_content()),
            Event::GeneralRef(_) if depth == 0 => return Err("a reference outside the root element".into()),
            Event::GeneralRef(r) => {
                match (high.take(), surrogate(&r)) {
                    (None, Some(h @ 0xD800..=0xDBFF)) => {
                        high = Some(h);
                        continue;
                    }
                    (Some(h), Some(l @ 0xDC00..=0xDFFF)) => {
                        push_text(&mut events, pair(h, l).encode_utf8(&mut [0; 4]));
                        continue;
                    }
                    (None, None) => {}
                    _ => return Err("a lone surrogate half".into()),
                }
                let text = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => match quick_xml::escape::resolve_xml_entity(&r) {
                        Some(s) => s.to_owned(),
                        None => return Err(format!("entity `&{};` (no DTD defines one)", &*r)),
                    },
                };
                no_forbidden_char(&text)?;
                push_text(&mut events, &text);
            }
            Event::Comment(_) => {}
            Event::PI(pi) => xml_name(pi.target())?,
            Event::Decl(_) if seen_root => return Err("an XML declaration after the root".into()),
            Event::Decl(_) => {}
            Event::DocType(_) => return Err("a DOCTYPE".into()),
            Event::Eof if depth > 0 || !seen_root => {
                return Err("the end before the root element ends".into());
            }
            Event::Eof => return Ok(events),
        }
    }
}

/// The code a character reference names if it is a UTF-16 surrogate.
fn surrogate(name: &str) -> Option<u32> {
    let digits = name.strip_prefix('#')?;
    let (digits, radix) = digits.strip_prefix('x').map_or((digits, 10), |hex| (hex, 16));
    // Digits only: `from_str_radix` would take a sign.
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u32::from_str_radix(digits, radix).ok().filter(|c| (0xD800..=0xDFFF).contains(c))
}

fn pair(high: u32, low: u32) -> char {
    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// XML 1.0's `Name` production (fifth edition), which quick-xml does not
/// check: it takes anything up to whitespace as a name.
fn xml_name(name: &str) -> Result<(), String> {
    let start = |c: char| {
        matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
            | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
            | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
            | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
    };
    let more = |c: char| {
        start(c)
            || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
    };
    let mut chars = name.chars();
    if chars.next().is_some_and(start) && chars.all(more) {
        Ok(())
    } else {
        Err(format!("malformed name `{name}`"))
    }
}

/// Namespaces in XML: a name is `local` or `prefix:local`; the prefix as
/// written (`None` without one) and the local name.
fn qname(name: &str) -> Result<(Option<&str>, &str), String> {
    match name.split_once(':') {
        None => Ok((None, name)),
        Some((p, l)) if !p.is_empty() && !l.is_empty() && !l.contains(':') => Ok((Some(p), l)),
        Some(_) => Err(format!("`{name}` is no QName")),
    }
}

fn theirs_start(e: &BytesStart<'_>, level: usize, scopes: &mut Vec<Binding>) -> Result<Ev, String> {
    let name = e.name().into_inner();
    xml_name(name)?;
    let (prefix, _) = qname(name)?;
    spaced(e.attributes_raw())?;
    let mut plain = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = attr.key.into_inner();
        xml_name(key)?;
        let (attr_prefix, local) = qname(key)?;
        // Intended: XML forbids `<` in a value; quick-xml takes it.
        if attr.value.contains('<') {
            return Err(format!("`<` in the value of `{key}`"));
        }
        let value = join_surrogates(&attr.value)?;
        let value = Attribute { key: attr.key, value }
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .into_owned();
        no_forbidden_char(&value)?;
        match (attr_prefix, local) {
            (None, "xmlns") => declare(scopes, level, "", value)?,
            (Some("xmlns"), p) => declare(scopes, level, p, value)?,
            _ => plain.push((attr_prefix, local, value)),
        }
    }
    // The tag's own declarations apply to its name and every attribute,
    // wherever in the tag they are.
    let ns = resolve(scopes, prefix.unwrap_or(""))?;
    let mut attrs: Vec<(Option<String>, String, String)> = Vec::new();
    for (p, local, value) in plain {
        // A default namespace does not apply to attributes.
        let ns = match p {
            Some(p) => resolve(scopes, p)?,
            None => None,
        };
        if attrs.iter().any(|a| a.0 == ns && a.1 == local) {
            return Err(format!("two attributes named {{{ns:?}}}{local}"));
        }
        attrs.push((ns, local.to_owned(), value));
    }
    Ok(Ev::Start(name.to_owned(), ns, attrs))
}

/// Intended: XML requires whitespace between attributes; quick-xml reads
/// `a="1"b="2"`. A closing quote must be followed by whitespace or the end.
fn spaced(raw: &str) -> Result<(), String> {
    let mut quote = None;
    let mut closed = false;
    for b in raw.bytes() {
        if closed && !matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            return Err("no whitespace between attributes".into());
        }
        closed = false;
        match quote {
            Some(q) if q == b => {
                quote = None;
                closed = true;
            }
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None => {}
        }
    }
    Ok(())
}

/// Axis's surrogate pairs in an attribute value (see `theirs`) replaced by
/// the character they encode, for quick-xml to normalise the rest.
fn join_surrogates(raw: &str) -> Result<Cow<'_, str>, String> {
    if !raw.contains("&#") {
        return Ok(Cow::Borrowed(raw));
    }
    let mut parts = raw.split('&');
    let mut out = parts.next().unwrap_or_default().to_owned();
    let mut high = None;
    for part in parts {
        let (code, rest) = match part.split_once(';') {
            Some((name, rest)) => (surrogate(name), rest),
            None => (None, part),
        };
        match (high.take(), code) {
            (None, Some(h @ 0xD800..=0xDBFF)) if rest.is_empty() => high = Some(h),
            (Some(h), Some(l @ 0xDC00..=0xDFFF)) => {
                out.push(pair(h, l));
                out.push_str(rest);
            }
            (Some(_), _) | (None, Some(_)) => return Err("a lone surrogate half".into()),
            (None, None) => {
                out.push('&');
                out.push_str(part);
            }
        }
    }
    match high {
        Some(_) => Err("a lone surrogate half".into()),
        None => Ok(Cow::Owned(out)),
    }
}

/// Namespaces in XML on reserved prefixes and names; `xmlns:p=""`
/// undeclares `p` (XML 1.1's rule, which the decoder follows).
fn declare(scopes: &mut Vec<Binding>, level: usize, prefix: &str, uri: String) -> Result<(), String> {
    match prefix {
        "xml" if uri == XML_NS => return Ok(()),
        "xml" | "xmlns" => return Err(format!("`{prefix}` declared")),
        _ if uri == XML_NS || uri == XMLNS_NS => return Err(format!("`{uri}` bound")),
        _ => {}
    }
    // The decoder's limit, like its depth limit.
    if scopes.len() >= MAX_BINDINGS {
        return Err("too many namespace bindings".into());
    }
    scopes.push((level, prefix.to_owned(), uri));
    Ok(())
}

/// The namespace `prefix` (`""`: the default) is bound to; an error if
/// it is undeclared.
fn resolve(scopes: &[Binding], prefix: &str) -> Result<Option<String>, String> {
    match scopes.iter().rev().find(|b| b.1 == prefix) {
        Some((_, _, uri)) if !uri.is_empty() => Ok(Some(uri.clone())),
        _ if prefix.is_empty() => Ok(None),
        None if prefix == "xml" => Ok(Some(XML_NS.to_owned())),
        _ => Err(format!("undeclared prefix `{prefix}`")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn both_read_a_document_with_every_kind_of_content_alike() {
        let doc = "\u{FEFF}<?xml version=\"1.0\"?>\r\n<!-- c --><s:E xmlns:s=\"urn:s\" a='x&#9;y\r\nz'>\
                   t&amp;&#xD83D;&#xDCDE;<![CDATA[<c>\r]]>\r\n<b xmlns=\"urn:d\" s:k=\"&lt;\"/><?pi x?></s:E>\n";
        let ours = ours(doc.as_bytes()).unwrap();
        assert_eq!(ours, theirs(doc.as_bytes()).unwrap());
        assert_eq!(ours.len(), 5, "{ours:?}");
        assert_eq!(ours[1], Ev::Text("t&\u{1F4DE}<c>\n\n".into()));
        reader(doc.as_bytes());
    }

    #[test]
    fn both_refuse_what_xml_or_the_decoder_refuses() {
        for doc in [
            "<!DOCTYPE r><r/>",
            "<r>&nbsp;</r>",
            "<r>&#xD83D;x</r>",
            "<r a=\"&#1;\"/>",
            "<r/><r/>",
            "<r/>t",
            "<p:r/>",
            "<r xmlns:p=\"urn:p\"><a xmlns:p=\"\"><p:b/></a></r>",
            "<r a='1' a='2'/>",
            // Intended: quick-xml reads these.
            "<r a=\"<\"/>",
            "<r a=\"1\"b=\"2\"/>",
            "<r&/>",
            "<a/b></a/b>",
            "<r><??></r>",
            "<-/>",
            "<r 1a=\"1\"/>",
            "\u{C}<r/>",
            "<r\u{1}/>",
            "<r><!--\u{1}--></r>",
            "<:r/>",
            "<r xmlns:a=\"u\" xmlns:b=\"u\" a:x=\"1\" b:x=\"2\"/>",
        ] {
            assert!(ours(doc.as_bytes()).is_err(), "{doc}");
            assert!(theirs(doc.as_bytes()).is_err(), "{doc}");
        }
    }
}
