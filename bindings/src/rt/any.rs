//! Content the schema leaves open, kept whole: elements an `xsd:any`
//! wildcard admits ([`AnyElement`]), values of `xsd:anyType` and mixed
//! content ([`AnyType`], [`AnyNode`]), attributes an `xsd:anyAttribute`
//! admits ([`AnyAttribute`]).
//!
//! Everything is kept as a small tree of resolved names, attributes and
//! text, so it is sent back equivalent to what arrived: the writer chooses
//! the prefixes again. Text and attribute values that name something by
//! prefix (`xsi:type="xsd:int"`) keep their prefix; the bindings such
//! values use are recorded in [`AnyType::namespaces`] and declared again
//! when the value is written.

use super::Name;
use super::attrs::push_other;
use super::read::{Content, DecodeError, FromXml, StartTag, XmlReader};
use super::write::{ToXml, XmlWriter};

/// A namespace-qualified name read from a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct XmlName {
    /// The namespace URI; `None` for an unqualified name.
    pub ns: Option<String>,
    pub local: String,
}

impl XmlName {
    /// A name in namespace `ns`.
    pub fn qualified(ns: &str, local: &str) -> Self {
        XmlName { ns: Some(ns.to_owned()), local: local.to_owned() }
    }

    /// An unqualified name.
    pub fn local(local: &str) -> Self {
        XmlName { ns: None, local: local.to_owned() }
    }
}

impl std::fmt::Display for XmlName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.ns {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => f.write_str(&self.local),
        }
    }
}

/// An attribute kept as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AnyAttribute {
    pub name: XmlName,
    pub value: String,
}

/// One piece of open content: an element or a run of text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AnyNode {
    Element(AnyElement),
    Text(String),
}

/// The attributes and content of an element of type `xsd:anyType` (and of
/// every element inside open content).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AnyType {
    pub attributes: Vec<AnyAttribute>,
    /// Child elements and text in document order. Whitespace between
    /// child elements is layout and is not kept.
    pub children: Vec<AnyNode>,
    /// Namespace bindings `(prefix, uri)` that prefixed text or attribute
    /// values in this value use (`xsd` for `xsi:type="xsd:int"`).
    pub namespaces: Vec<(String, String)>,
}

/// An element an `xsd:any` wildcard admitted: its name and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AnyElement {
    pub name: XmlName,
    pub value: AnyType,
}

impl AnyType {
    /// A value holding only `text`.
    pub fn text(text: impl Into<String>) -> Self {
        AnyType { children: vec![AnyNode::Text(text.into())], ..AnyType::default() }
    }

    /// The text directly inside (child elements left out), joined.
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            if let AnyNode::Text(t) = node {
                out.push_str(t);
            }
        }
        out
    }

    /// The child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &AnyElement> {
        self.children.iter().filter_map(|n| match n {
            AnyNode::Element(e) => Some(e),
            AnyNode::Text(_) => None,
        })
    }

    /// The first child element with local name `local`.
    pub fn child(&self, local: &str) -> Option<&AnyElement> {
        self.elements().find(|e| e.name.local == local)
    }

    /// The attribute with local name `local`, if any.
    pub fn attribute(&self, local: &str) -> Option<&str> {
        self.attributes.iter().find(|a| a.name.local == local).map(|a| a.value.as_str())
    }
}

impl AnyElement {
    /// An element holding only `text`.
    pub fn with_text(name: XmlName, text: impl Into<String>) -> Self {
        AnyElement { name, value: AnyType::text(text) }
    }

    /// Writes the element with its own name.
    pub fn write(&self, w: &mut XmlWriter) {
        w.start_dynamic(self.name.ns.as_deref(), &self.name.local, &self.value.namespaces);
        self.value.write_inner(w);
        w.end();
    }
}

impl FromXml for AnyElement {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        let name = XmlName { ns: r.namespace_of(el), local: el.local_name().to_owned() };
        Ok(AnyElement { name, value: AnyType::from_xml(r, el)? })
    }
}

impl FromXml for AnyType {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        let mut value = AnyType::default();
        for attr in r.attributes(el) {
            let attr = attr?;
            record_prefixes(r, attr.value(), &mut value.namespaces);
            value.attributes.push(attr.to_any());
        }
        value.children = read_nodes(r, el, &mut value.namespaces)?;
        Ok(value)
    }
}

impl ToXml for AnyType {
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        w.start_dynamic(name.ns, name.local, &self.namespaces);
        self.write_inner(w);
        w.end();
    }
}

impl AnyType {
    /// Attributes and content, into the element just opened.
    fn write_inner(&self, w: &mut XmlWriter) {
        for a in &self.attributes {
            w.attr_dynamic(a.name.ns.as_deref(), &a.name.local, &a.value);
        }
        write_nodes(w, &self.children);
    }
}

/// Reads mixed content: text and child elements of `el`, in order.
pub fn read_mixed<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Vec<AnyNode>, DecodeError> {
    let mut namespaces = Vec::new();
    read_nodes(r, el, &mut namespaces)
}

/// Reads the attributes of `el` other than those the type declares
/// (`declared` lists their local names) and instance attributes.
pub fn other_attributes<'a>(
    r: &XmlReader<'a>,
    el: &StartTag<'a>,
    declared: &[&str],
) -> Result<Vec<AnyAttribute>, DecodeError> {
    let mut out = Vec::new();
    for attr in r.attributes(el) {
        let attr = attr?;
        if !declared.contains(&attr.local()) {
            push_other(&mut out, &attr);
        }
    }
    Ok(out)
}

/// Writes open content (mixed content, or the children of an `anyType`).
pub fn write_nodes(w: &mut XmlWriter, nodes: &[AnyNode]) {
    for node in nodes {
        match node {
            AnyNode::Element(e) => e.write(w),
            AnyNode::Text(t) => w.text(t),
        }
    }
}

fn read_nodes<'a>(
    r: &mut XmlReader<'a>,
    el: &StartTag<'a>,
    namespaces: &mut Vec<(String, String)>,
) -> Result<Vec<AnyNode>, DecodeError> {
    let mut nodes: Vec<AnyNode> = Vec::new();
    let mut elements = 0usize;
    while let Some(piece) = r.next_content(el)? {
        match piece {
            Content::Text(t) => {
                record_prefixes(r, &t, namespaces);
                match nodes.last_mut() {
                    Some(AnyNode::Text(prev)) => prev.push_str(&t),
                    _ => nodes.push(AnyNode::Text(t.into_owned())),
                }
            }
            Content::Element(child) => {
                let name = XmlName { ns: r.namespace_of(&child), local: child.local_name().to_owned() };
                let mut value = AnyType::default();
                for attr in r.attributes(&child) {
                    let attr = attr.map_err(|e| e.within(child.local_name().to_owned()))?;
                    record_prefixes(r, attr.value(), namespaces);
                    value.attributes.push(attr.to_any());
                }
                value.children = read_nodes(r, &child, namespaces)
                    .map_err(|e| e.within(format!("{}[{elements}]", child.local_name())))?;
                elements += 1;
                nodes.push(AnyNode::Element(AnyElement { name, value }));
            }
        }
    }
    // Whitespace between elements is layout; text alone is content.
    if elements > 0 {
        nodes.retain(|n| !matches!(n, AnyNode::Text(t) if t.trim().is_empty()));
    }
    Ok(nodes)
}

/// Records the binding of every `prefix:` in `text` that is a namespace
/// prefix in scope, so a value like `xsd:int` can be written back.
fn record_prefixes(r: &XmlReader<'_>, text: &str, out: &mut Vec<(String, String)>) {
    if !text.contains(':') {
        return;
    }
    for word in text.split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '(' || c == ',') {
        let Some((prefix, _)) = word.split_once(':') else { continue };
        let ncname = prefix.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && prefix.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !ncname || out.iter().any(|(p, _)| p == prefix) {
            continue;
        }
        if let Some(uri) = r.resolve_prefix_of(word) {
            out.push((prefix.to_owned(), uri));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rt::DecodeOptions;

    fn decode(xml: &str) -> AnyElement {
        let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
        let root = r.root().unwrap();
        AnyElement::from_xml(&mut r, &root).unwrap()
    }

    fn encode(e: &AnyElement) -> String {
        let mut w = XmlWriter::new(false);
        e.write(&mut w);
        w.finish().unwrap()
    }

    #[test]
    fn elements_attributes_and_text_are_kept_in_order() {
        let xml = r#"<p:Acct xmlns:p="urn:sf" xmlns:x="urn:x" id="7" x:flag="1">
              <p:Name>A &amp; B</p:Name> <Note>one<b>two</b>three</Note><Empty/></p:Acct>"#;
        let e = decode(xml);
        assert_eq!(e.name, XmlName::qualified("urn:sf", "Acct"));
        assert_eq!(e.value.attribute("id"), Some("7"));
        assert_eq!(e.value.attributes[1].name, XmlName::qualified("urn:x", "flag"));
        let names: Vec<&str> = e.value.elements().map(|c| c.name.local.as_str()).collect();
        assert_eq!(names, ["Name", "Note", "Empty"]);
        assert_eq!(e.value.child("Name").unwrap().value.text_content(), "A & B");
        let note = &e.value.child("Note").unwrap().value;
        assert_eq!(note.children.len(), 3, "{note:?}");
        assert_eq!(note.text_content(), "onethree");
        // Written back, it reads as the same value.
        assert_eq!(decode(&encode(&e)), e);
    }

    #[test]
    fn prefixes_used_in_values_are_recorded_and_declared_again() {
        let xml = r#"<v xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
              xmlns:q="http://www.w3.org/2001/XMLSchema" xsi:type="q:int">5</v>"#;
        let e = decode(xml);
        assert_eq!(e.value.namespaces, [("q".to_owned(), "http://www.w3.org/2001/XMLSchema".to_owned())]);
        let out = encode(&e);
        assert!(out.contains(r#"xmlns:q="http://www.w3.org/2001/XMLSchema""#), "{out}");
        assert!(out.contains(r#"xsi:type="q:int""#), "{out}");
        assert_eq!(decode(&out), e);
    }

    #[test]
    fn recorded_prefixes_do_not_clash_with_the_writers() {
        // `ns1` is the value's own prefix for another namespace than the
        // element's: the writer must pick another prefix for the element.
        let e = AnyElement {
            name: XmlName::qualified("urn:a", "E"),
            value: AnyType {
                attributes: vec![AnyAttribute { name: XmlName::local("ref"), value: "ns1:x".into() }],
                namespaces: vec![("ns1".into(), "urn:b".into())],
                ..AnyType::default()
            },
        };
        let out = encode(&e);
        assert_eq!(decode(&out), e, "{out}");
    }
}
