//! Fuzz target `namespaces`: the decoder's own namespace scopes
//! (`rt::scopes`, on quick-xml's plain `Reader`) against quick-xml's
//! `NsReader` on the same input. Where both read the whole document, every
//! element must have the same name, namespace and attributes (namespace and
//! local name) in both. Our reader refusing what `NsReader` accepts is
//! allowed (it is stricter about attributes and prefixes); an `xmlns` value
//! with a reference, a tab or a line break is not compared (ours normalises
//! it as XML says of every attribute value; `NsReader` keeps it as
//! written).

use pbx_soap::rt::{Content, DecodeOptions, StartTag, XmlReader};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

/// One element: depth (the root is 1), name as written, namespace, and
/// its attributes other than declarations as (namespace, local name).
type Seen = (usize, String, Option<String>, Vec<(Option<String>, String)>);

pub fn namespaces(data: &[u8]) {
    let (Some(ours), Some(theirs)) = (ours(data), theirs(data)) else { return };
    assert_eq!(ours, theirs, "our scopes and NsReader disagree on\n{}", String::from_utf8_lossy(data));
}

fn ours(data: &[u8]) -> Option<Vec<Seen>> {
    let mut r = XmlReader::new(data, DecodeOptions::default());
    let root = r.root().ok()?;
    let mut seen = vec![ours_element(&r, &root, 1)?];
    let mut open = vec![root];
    while let Some(parent) = open.last().cloned() {
        match r.next_content(&parent).ok()? {
            Some(Content::Element(el)) => {
                seen.push(ours_element(&r, &el, open.len() + 1)?);
                open.push(el);
            }
            Some(Content::Text(_)) => {}
            None => {
                open.pop();
            }
        }
    }
    r.finish().ok()?;
    Some(seen)
}

fn ours_element(r: &XmlReader<'_>, el: &StartTag<'_>, depth: usize) -> Option<Seen> {
    let mut attrs = Vec::new();
    for attr in r.attributes(el) {
        let attr = attr.ok()?;
        attrs.push((attr.ns().map(str::to_owned), attr.local().to_owned()));
    }
    Some((depth, el.qualified_name().to_owned(), r.namespace_of(el), attrs))
}

fn theirs(data: &[u8]) -> Option<Vec<Seen>> {
    let mut reader = quick_xml::NsReader::from_reader(data);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    let mut seen = Vec::new();
    let mut depth = 0;
    loop {
        let (ns, event) = reader.read_resolved_event().ok()?;
        let ns = namespace(ns)?;
        match event {
            Event::Start(e) => {
                depth += 1;
                seen.push((depth, name(&e), ns, theirs_attributes(&reader, &e)?));
            }
            Event::Empty(e) => seen.push((depth + 1, name(&e), ns, theirs_attributes(&reader, &e)?)),
            Event::End(_) => depth -= 1,
            Event::DocType(_) => return None,
            Event::Eof => return Some(seen),
            _ => {}
        }
    }
}

/// A name's namespace as `NsReader` resolved it; `None` for an undeclared
/// prefix (the document is not compared).
fn namespace(resolved: ResolveResult<'_>) -> Option<Option<String>> {
    match resolved {
        ResolveResult::Bound(n) => Some(Some(n.into_inner().to_owned())),
        ResolveResult::Unbound => Some(None),
        ResolveResult::Unknown(_) => None,
    }
}

fn name(e: &BytesStart<'_>) -> String {
    e.name().into_inner().to_owned()
}

fn theirs_attributes(
    reader: &quick_xml::NsReader<&[u8]>,
    e: &BytesStart<'_>,
) -> Option<Vec<(Option<String>, String)>> {
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.ok()?;
        if attr.key.as_namespace_binding().is_some() {
            if attr.value.contains(['&', '\t', '\n', '\r']) {
                return None;
            }
            continue;
        }
        let ns = namespace(reader.resolver().resolve_attribute(attr.key).0)?;
        attrs.push((ns, attr.key.local_name().into_inner().to_owned()));
    }
    Some(attrs)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn both_readers_see_scoped_declarations_alike() {
        let doc = br#"<?xml version="1.0"?>
            <s:E xmlns:s="urn:s" xmlns:x="urn:x">
              <s:B xmlns="urn:d"><a x:k="1" k="2"><b xmlns=""><c/></b><x:d xmlns:x="urn:y" x:k="3"/><x:e/></a></s:B>
              <f xml:lang="de"/>
            </s:E>"#;
        let ours = ours(doc).unwrap();
        assert_eq!(ours, theirs(doc).unwrap());
        let named = |n: &str| ours.iter().find(|s| s.1 == n).unwrap().clone();
        assert_eq!(named("c").2, None);
        assert_eq!(named("x:d").2.as_deref(), Some("urn:y"));
        assert_eq!(named("x:d").3, [(Some("urn:y".to_owned()), "k".to_owned())]);
        assert_eq!(named("x:e").2.as_deref(), Some("urn:x"));
        assert_eq!(
            named("f").3,
            [(Some("http://www.w3.org/XML/1998/namespace".to_owned()), "lang".to_owned())]
        );
        namespaces(doc);
    }
}
