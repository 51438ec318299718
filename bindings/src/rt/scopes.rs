//! The namespace bindings in scope while [`XmlReader`](super::XmlReader)
//! reads: declared from the `xmlns` attributes its own attribute pass
//! already walks, resolved by a backwards scan.
//!
//! Why not quick-xml's `NsReader`: it iterates every start tag's attributes
//! a second time to find declarations, keeps its own nesting level per
//! event and copies each URI into a buffer, about a tenth of a typed
//! decode's instructions, though a SOAP message declares its namespaces on
//! a handful of elements. Here a tag without `xmlns` attributes costs
//! nothing, URIs are borrowed from the input, and an element's bindings are
//! dropped before the next event is read once the reader's depth is above
//! them (an end tag, or an empty element once the caller has looked at it).

use std::borrow::Cow;

use super::chars::shown;
use super::ns;
use super::read::{DecodeError, DecodeErrorKind};

/// Bindings in scope at once, as quick-xml allows: bounds the memory and
/// the lookup cost a hostile message can cause.
pub(super) const MAX_BINDINGS: usize = 128;

const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// One `xmlns` or `xmlns:p` attribute.
#[derive(Debug)]
struct Binding<'a> {
    /// The nesting level of the element declaring it (the root is 1).
    level: usize,
    /// `""` for the default namespace.
    prefix: &'a str,
    /// `""` undeclares (the default namespace, or, as XML 1.1 allows, a
    /// prefix).
    uri: Cow<'a, str>,
}

/// What a prefix resolves to.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Resolved<'s> {
    Bound(&'s str),
    /// No prefix and no default namespace: the name has no namespace.
    Unbound,
    /// A prefix no declaration in scope binds.
    Unknown,
}

#[derive(Debug, Default)]
pub(super) struct Scopes<'a> {
    bindings: Vec<Binding<'a>>,
}

impl<'a> Scopes<'a> {
    /// Room for `n` bindings: a SOAP envelope declares five or more, which
    /// an empty `Vec` reaches by growing twice.
    pub(super) fn with_capacity(n: usize) -> Self {
        Scopes { bindings: Vec::with_capacity(n) }
    }

    /// Drops the bindings of elements deeper than `depth`, the reader's
    /// depth before it reads the next event.
    #[inline]
    pub(super) fn leave(&mut self, depth: usize) {
        while self.bindings.last().is_some_and(|b| b.level > depth) {
            self.bindings.pop();
        }
    }

    /// Declares `prefix` (`""`: the default namespace) for the element at
    /// `level`, with the rules of Namespaces in XML for the reserved
    /// prefixes and names.
    pub(super) fn declare(
        &mut self,
        level: usize,
        prefix: &'a str,
        uri: Cow<'a, str>,
    ) -> Result<(), DecodeError> {
        let malformed = |m: String| Err(DecodeError::new(DecodeErrorKind::Malformed(m)));
        match prefix {
            "xml" if uri == ns::XML => return Ok(()),
            "xml" => return malformed(format!("the prefix `xml` bound to `{}`", shown(&uri))),
            "xmlns" => return malformed("the prefix `xmlns` declared".to_owned()),
            _ if uri == ns::XML || uri == XMLNS_NS => {
                return malformed(format!("`{}` bound to a reserved namespace", shown(prefix)));
            }
            _ => {}
        }
        if self.bindings.len() >= MAX_BINDINGS {
            return malformed(format!("more than {MAX_BINDINGS} namespace declarations in scope"));
        }
        self.bindings.push(Binding { level, prefix, uri });
        Ok(())
    }

    /// What `prefix` (`""`: the default namespace) is bound to.
    #[inline]
    pub(super) fn resolve(&self, prefix: &str) -> Resolved<'_> {
        match self.bindings.iter().rev().find(|b| same(b.prefix, prefix)) {
            Some(b) if b.uri.is_empty() => match prefix {
                "" => Resolved::Unbound,
                _ => Resolved::Unknown,
            },
            Some(b) => Resolved::Bound(&b.uri),
            None => match prefix {
                "" => Resolved::Unbound,
                "xml" => Resolved::Bound(ns::XML),
                _ => Resolved::Unknown,
            },
        }
    }
}

/// `a == b` without a call to libc's `bcmp`: most lookups are of the
/// empty prefix, an empty `&str` whose pointer is dangling, and glibc's
/// AVX-512 `memcmp` reads it with a masked load whose fault suppression
/// costs a microcode assist (measured here: a FindUser decode 1.45x slower
/// with `==` than with this loop, the same with AVX-512 turned off).
/// Prefixes are a few bytes.
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn declared<'a>(scopes: &mut Scopes<'a>, level: usize, prefix: &'a str, uri: &'a str) {
        scopes.declare(level, prefix, Cow::Borrowed(uri)).unwrap();
    }

    #[test]
    fn inner_declarations_shadow_outer_ones_until_their_element_ends() {
        let mut s = Scopes::default();
        declared(&mut s, 1, "p", "urn:outer");
        declared(&mut s, 1, "", "urn:default");
        declared(&mut s, 3, "p", "urn:inner");
        assert_eq!(s.resolve("p"), Resolved::Bound("urn:inner"));
        assert_eq!(s.resolve(""), Resolved::Bound("urn:default"));
        s.leave(3);
        assert_eq!(s.resolve("p"), Resolved::Bound("urn:inner"), "level 3 is still open");
        s.leave(2);
        assert_eq!(s.resolve("p"), Resolved::Bound("urn:outer"));
        s.leave(0);
        assert_eq!(s.resolve("p"), Resolved::Unknown);
        assert_eq!(s.resolve(""), Resolved::Unbound);
    }

    #[test]
    fn empty_uris_undeclare() {
        let mut s = Scopes::default();
        declared(&mut s, 1, "", "urn:default");
        declared(&mut s, 1, "p", "urn:p");
        declared(&mut s, 2, "", "");
        declared(&mut s, 2, "p", "");
        assert_eq!(s.resolve(""), Resolved::Unbound);
        assert_eq!(s.resolve("p"), Resolved::Unknown);
        s.leave(1);
        assert_eq!(s.resolve(""), Resolved::Bound("urn:default"));
    }

    #[test]
    fn reserved_prefixes_and_namespaces_follow_the_rules() {
        let mut s = Scopes::default();
        assert_eq!(s.resolve("xml"), Resolved::Bound(ns::XML));
        declared(&mut s, 1, "xml", ns::XML);
        for (prefix, uri) in [("xml", "urn:other"), ("xmlns", "urn:x"), ("p", ns::XML), ("p", XMLNS_NS)] {
            let err = s.declare(1, prefix, Cow::Borrowed(uri)).unwrap_err();
            assert!(matches!(err.kind, DecodeErrorKind::Malformed(_)), "{prefix}={uri}: {err:?}");
        }
    }

    #[test]
    fn the_number_of_bindings_in_scope_is_bounded() {
        let mut s = Scopes::default();
        let prefixes: Vec<String> = (0..=MAX_BINDINGS).map(|i| format!("p{i}")).collect();
        for p in &prefixes[..MAX_BINDINGS] {
            declared(&mut s, 1, p, "urn:x");
        }
        let err = s.declare(1, &prefixes[MAX_BINDINGS], Cow::Borrowed("urn:x")).unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Malformed(m) if m.contains("128")));
        s.leave(0);
        declared(&mut s, 1, "q", "urn:x");
    }

    // ---- through the reader ------------------------------------------

    use crate::rt::{DecodeOptions, XmlReader};

    fn reader(xml: &str) -> XmlReader<'_> {
        XmlReader::new(xml.as_bytes(), DecodeOptions::default())
    }

    fn undeclared(err: DecodeError, prefix: &str) -> bool {
        err.to_string().contains(&format!("undeclared namespace prefix `{prefix}`"))
    }

    #[test]
    fn a_declaration_after_its_use_in_the_same_tag_counts() {
        let xml = r#"<r><a p:x="1" xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:p="urn:p"/></r>"#;
        let mut r = reader(xml);
        let root = r.root().unwrap();
        let a = r.next_child(&root).unwrap().unwrap();
        assert!(a.is_nil());
        let attrs: Vec<_> = r.attributes(&a).map(Result::unwrap).collect();
        let x = attrs.iter().find(|at| at.local() == "x").unwrap();
        assert_eq!(x.ns(), Some("urn:p"));
        // Still an error when nothing in the tag declares it.
        let mut r = reader(r#"<r><a p:x="1" xmlns:q="urn:q"/></r>"#);
        let root = r.root().unwrap();
        assert!(undeclared(r.next_child(&root).unwrap_err(), "p"));
    }

    #[test]
    fn declarations_hold_for_their_element_and_its_content_only() {
        // On a start tag: for its children, not after its end.
        let mut r = reader(r#"<r><a xmlns:p="urn:p"><p:b/></a><p:c/></r>"#);
        let root = r.root().unwrap();
        let a = r.next_child(&root).unwrap().unwrap();
        let b = r.next_child(&a).unwrap().unwrap();
        assert_eq!(r.namespace_of(&b).as_deref(), Some("urn:p"));
        assert!(r.next_child(&a).unwrap().is_none());
        assert!(undeclared(r.next_child(&root).unwrap_err(), "p"));
        // On an empty element: for itself, not for its next sibling.
        let mut r = reader(r#"<r><p:a xmlns:p="urn:p"/><p:b/></r>"#);
        let root = r.root().unwrap();
        let a = r.next_child(&root).unwrap().unwrap();
        assert_eq!(r.namespace_of(&a).as_deref(), Some("urn:p"));
        assert!(undeclared(r.next_child(&root).unwrap_err(), "p"));
        // A skipped element's declarations go with it.
        let mut r = reader(r#"<r><a xmlns:p="urn:p"><p:b/></a><p:c/></r>"#);
        let root = r.root().unwrap();
        let a = r.next_child(&root).unwrap().unwrap();
        r.skip(&a).unwrap();
        assert!(undeclared(r.next_child(&root).unwrap_err(), "p"));
    }

    #[test]
    fn default_namespaces_apply_to_elements_and_can_be_undeclared() {
        // Axis 1.4's document/literal shape: a default namespace on the
        // body element, undeclared for the children.
        let mut r = reader(r#"<r xmlns="urn:d"><a xmlns=""><b x="1"/></a><c/></r>"#);
        let root = r.root().unwrap();
        assert_eq!(r.namespace_of(&root).as_deref(), Some("urn:d"));
        assert_eq!(r.namespace_ref(&root), Some("urn:d"));
        let a = r.next_child(&root).unwrap().unwrap();
        let b = r.next_child(&a).unwrap().unwrap();
        assert_eq!(r.namespace_of(&b), None);
        assert_eq!(r.namespace_ref(&b), None);
        assert!(r.in_namespaces(&b, &["urn:other"]), "unqualified");
        let x = r.attributes(&b).next().unwrap().unwrap();
        assert_eq!(x.ns(), None, "a default namespace does not apply to attributes");
        assert!(r.next_child(&b).unwrap().is_none());
        assert!(r.next_child(&a).unwrap().is_none());
        let c = r.next_child(&root).unwrap().unwrap();
        assert_eq!(r.namespace_of(&c).as_deref(), Some("urn:d"));
        assert!(!r.in_namespaces(&c, &["urn:other"]));
    }

    #[test]
    fn a_qname_in_text_resolves_with_its_element_s_declarations() {
        let mut r = reader(r#"<r xmlns:x="urn:outer"><code xmlns:x="urn:inner">x:Client</code></r>"#);
        let root = r.root().unwrap();
        let code = r.next_child(&root).unwrap().unwrap();
        assert_eq!(r.read_text(&code).unwrap(), "x:Client");
        assert_eq!(r.resolve_prefix_of("x:Client").as_deref(), Some("urn:inner"));
        assert_eq!(r.resolve_prefix_of("y:Client"), None);
        assert_eq!(r.resolve_prefix_of("xml:lang").as_deref(), Some(ns::XML));
    }

    #[test]
    fn namespace_values_are_normalised_and_reserved_names_refused() {
        let mut r = reader(r#"<p:r xmlns:p="urn:a&amp;b"/>"#);
        let root = r.root().unwrap();
        assert_eq!(r.namespace_of(&root).as_deref(), Some("urn:a&b"));
        for bad in [
            r#"<r xmlns:xmlns="urn:x"/>"#,
            r#"<r xmlns:xml="urn:x"/>"#,
            r#"<r xmlns:p="http://www.w3.org/2000/xmlns/"/>"#,
        ] {
            let err = reader(bad).root().unwrap_err();
            assert!(matches!(err.kind, DecodeErrorKind::Malformed(_)), "{bad}: {err}");
        }
    }

    #[test]
    fn a_tag_declaring_too_many_namespaces_is_refused() {
        let decls: String = (0..=MAX_BINDINGS).map(|i| format!(r#" xmlns:p{i}="urn:{i}""#)).collect();
        let xml = format!("<r{decls}/>");
        let err = reader(&xml).root().unwrap_err();
        assert!(err.to_string().contains("namespace declarations"), "{err}");
    }
}
