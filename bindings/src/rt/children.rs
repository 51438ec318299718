//! Decoding by position: a cursor over an element's children with one
//! child of lookahead, for content models that need document order (a
//! choice whose alternatives are sequences, repeated sequences, the same
//! name twice, wildcards).
//!
//! Generated `FromXml` impls of such types open the cursor with
//! [`XmlReader::children`] and take each particle in schema order
//! ([`Children::one`], [`Children::opt`], [`Children::many`],
//! [`Children::group`]...); [`Children::end`] checks nothing is left.
//! Model groups ([`ReadGroup`]: choices and nested sequences) read from the
//! same cursor. Content models of distinct names decode by name instead
//! (see `read`), which is faster and also accepts any order.

use super::any::AnyElement;
use super::read::{DecodeError, DecodeErrorKind, FromXml, StartTag, UnknownElements, XmlReader};
use super::write::XmlWriter;

/// A choice or a nested sequence: written inline in the enclosing
/// element.
pub trait Group {
    /// Writes the group's elements.
    fn write_group(&self, w: &mut XmlWriter);
}

/// A group read by position from the enclosing element's cursor (a choice
/// whose enclosing type decodes by name needs no such impl).
pub trait ReadGroup: Sized {
    /// The element names it can start with, for messages (`"a|b"`).
    const EXPECTED: &'static str;

    /// Reads the group at the cursor; `None` if the current child cannot
    /// start it (nothing is consumed then).
    fn read_group<'a>(r: &mut XmlReader<'a>, c: &mut Children<'a>) -> Result<Option<Self>, DecodeError>;
}

impl<G: Group + ?Sized> Group for Box<G> {
    fn write_group(&self, w: &mut XmlWriter) {
        (**self).write_group(w);
    }
}

impl<G: ReadGroup> ReadGroup for Box<G> {
    const EXPECTED: &'static str = G::EXPECTED;
    fn read_group<'a>(r: &mut XmlReader<'a>, c: &mut Children<'a>) -> Result<Option<Self>, DecodeError> {
        G::read_group(r, c).map(|g| g.map(Box::new))
    }
}

/// The children of one element, read in order; see the module docs.
#[derive(Debug)]
pub struct Children<'a> {
    parent: StartTag<'a>,
    current: Option<StartTag<'a>>,
    /// The current child is in a namespace no element of the content model
    /// is declared in: whatever its name, it is not one of them.
    foreign: bool,
    /// The parent's end tag was consumed: there is nothing more to read.
    finished: bool,
    /// Every element name the content model declares.
    names: &'static [&'static str],
    /// The namespaces a declared child may be in (besides none): the
    /// type's and its elements'.
    namespaces: &'static [&'static str],
    /// The content model has a wildcard: undeclared names are its.
    wildcard: bool,
    /// Children taken so far (a repeated group that takes none must stop).
    taken: usize,
}

impl<'a> XmlReader<'a> {
    /// A cursor over `parent`'s children, at the first one. `names` are
    /// the element names the content model declares, `namespaces` those a
    /// declared child may be in besides none (as for decoding by name, a
    /// child in another namespace is another element); `wildcard` says
    /// whether the model also admits others (`xsd:any`).
    pub fn children(
        &mut self,
        parent: &StartTag<'a>,
        names: &'static [&'static str],
        namespaces: &'static [&'static str],
        wildcard: bool,
    ) -> Result<Children<'a>, DecodeError> {
        let mut c = Children {
            parent: parent.clone(),
            current: None,
            foreign: false,
            finished: false,
            names,
            namespaces,
            wildcard,
            taken: 0,
        };
        c.advance(self)?;
        Ok(c)
    }
}

/// How a value is read from its element: `rt::xml` for `FromXml` types,
/// `rt::read_xs_list` for lists, a closure for arrays of arrays.
pub fn xml<'a, T: FromXml>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<T, DecodeError> {
    T::from_xml(r, el)
}

impl<'a> Children<'a> {
    /// The local name of the current child, if any and if it may be one
    /// of the declared elements (not in a foreign namespace).
    pub fn peek(&self) -> Option<&str> {
        self.current.as_ref().filter(|_| !self.foreign).map(StartTag::local_name)
    }

    /// Whether the current child's name is one of `names`.
    pub fn at(&self, names: &[&str]) -> bool {
        self.peek().is_some_and(|n| names.contains(&n))
    }

    /// Whether there is a current child a wildcard would take.
    pub fn at_other(&self) -> bool {
        self.current.as_ref().is_some_and(|c| !self.declared(c))
    }

    /// Whether `child` is one of the declared elements by name and
    /// namespace.
    fn declared(&self, child: &StartTag<'a>) -> bool {
        !self.foreign && self.names.contains(&child.local_name())
    }

    /// Moves to the next child, skipping undeclared ones when the policy
    /// says so.
    fn advance(&mut self, r: &mut XmlReader<'a>) -> Result<(), DecodeError> {
        loop {
            if self.finished {
                self.current = None;
                return Ok(());
            }
            let next = r.next_child(&self.parent)?;
            self.finished = next.is_none();
            self.foreign = next.as_ref().is_some_and(|tag| !r.in_namespaces(tag, self.namespaces));
            match next {
                Some(tag)
                    if !self.wildcard
                        && r.options().unknown == UnknownElements::Skip
                        && !self.declared(&tag) =>
                {
                    r.unknown(&tag)?;
                }
                other => {
                    self.current = other;
                    return Ok(());
                }
            }
        }
    }

    /// Takes the current child if it is named `name`.
    fn take(&mut self, name: &str) -> Option<StartTag<'a>> {
        if self.peek() == Some(name) {
            self.taken += 1;
            self.current.take()
        } else {
            None
        }
    }

    /// The error for a required `expected` that is not at the cursor.
    fn missing(&self, expected: &'static str) -> DecodeError {
        match &self.current {
            None => DecodeError::new(DecodeErrorKind::Missing(expected)),
            Some(found) if !self.wildcard && !self.declared(found) => {
                DecodeError::new(DecodeErrorKind::UnknownElement(found.local_name().to_owned()))
            }
            Some(found) => DecodeError::new(DecodeErrorKind::WrongElement {
                expected: expected.to_owned(),
                found: found.local_name().to_owned(),
            }),
        }
    }

    /// A required element, read by `read`.
    pub fn one<T>(
        &mut self,
        r: &mut XmlReader<'a>,
        name: &'static str,
        read: impl FnOnce(&mut XmlReader<'a>, &StartTag<'a>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let Some(mut tag) = self.take(name) else { return Err(self.missing(name)) };
        if tag.is_nil() {
            tag = r.non_nillable_nil(&tag)?;
        }
        let value = read(r, &tag).map_err(|e| e.within(name))?;
        self.advance(r)?;
        Ok(value)
    }

    /// An optional element (absent or nil: `None`).
    pub fn opt<T>(
        &mut self,
        r: &mut XmlReader<'a>,
        name: &'static str,
        read: impl FnOnce(&mut XmlReader<'a>, &StartTag<'a>) -> Result<T, DecodeError>,
    ) -> Result<Option<T>, DecodeError> {
        let Some(tag) = self.take(name) else { return Ok(None) };
        let value = if tag.is_nil() {
            r.nil_content(&tag)?;
            None
        } else {
            Some(read(r, &tag).map_err(|e| e.within(name))?)
        };
        self.advance(r)?;
        Ok(value)
    }

    /// A required element that may be nil (`None`).
    pub fn nillable<T>(
        &mut self,
        r: &mut XmlReader<'a>,
        name: &'static str,
        read: impl FnOnce(&mut XmlReader<'a>, &StartTag<'a>) -> Result<T, DecodeError>,
    ) -> Result<Option<T>, DecodeError> {
        if self.peek() != Some(name) {
            return Err(self.missing(name));
        }
        self.opt(r, name, read)
    }

    /// A repeated element, at least `min` times. A nil occurrence that is
    /// the only one is a null list (as Axis sends one); a nil among others
    /// is a nil item, which `DecodeOptions::nil_items` decides about.
    /// Items handed over (see `XmlReader::hand_items`) count as occurrences.
    pub fn many<T: 'static>(
        &mut self,
        r: &mut XmlReader<'a>,
        name: &'static str,
        min: u32,
        mut read: impl FnMut(&mut XmlReader<'a>, &StartTag<'a>) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError> {
        let mut items = Vec::new();
        let mut seen = 0usize;
        while let Some(tag) = self.take(name) {
            let at = |e: DecodeError| e.within(format!("{name}[{seen}]"));
            if tag.is_nil() {
                r.nil_content(&tag)?;
                self.advance(r)?;
                let alone = seen == 0 && self.peek() != Some(name);
                if !alone {
                    r.nil_item(&tag).map_err(at)?;
                }
            } else {
                let item = read(r, &tag).map_err(at)?;
                if let Some(item) = r.hand_over(item) {
                    items.push(item);
                }
                self.advance(r)?;
            }
            seen += 1;
        }
        if seen < min as usize {
            return Err(DecodeError::new(DecodeErrorKind::TooFew { name, min, found: seen }));
        }
        Ok(items)
    }

    /// A list wrapper (`ArrayOfX`, SOAP-ENC array) whose items `item`
    /// reads; absent reads as empty unless `required`.
    pub fn list<T: 'static>(
        &mut self,
        r: &mut XmlReader<'a>,
        name: &'static str,
        required: bool,
        item: impl FnMut(&mut XmlReader<'a>, &StartTag<'a>) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError> {
        let Some(tag) = self.take(name) else {
            return if required { Err(self.missing(name)) } else { Ok(Vec::new()) };
        };
        let items = r.list_items(&tag, item)?;
        self.advance(r)?;
        Ok(items)
    }

    /// A required model group.
    pub fn group<G: ReadGroup>(&mut self, r: &mut XmlReader<'a>) -> Result<G, DecodeError> {
        match G::read_group(r, self)? {
            Some(g) => Ok(g),
            None => Err(self.missing(G::EXPECTED)),
        }
    }

    /// An optional model group.
    pub fn opt_group<G: ReadGroup>(&mut self, r: &mut XmlReader<'a>) -> Result<Option<G>, DecodeError> {
        G::read_group(r, self)
    }

    /// A repeated model group, at least `min` times.
    pub fn groups<G: ReadGroup>(&mut self, r: &mut XmlReader<'a>, min: u32) -> Result<Vec<G>, DecodeError> {
        let mut items = Vec::new();
        loop {
            let before = self.taken;
            match G::read_group(r, self)? {
                Some(g) => items.push(g),
                None => break,
            }
            // A group that matched without taking an element would match
            // forever.
            if self.taken == before {
                break;
            }
        }
        if items.len() < min as usize {
            let kind = DecodeErrorKind::TooFew { name: G::EXPECTED, min, found: items.len() };
            return Err(DecodeError::new(kind));
        }
        Ok(items)
    }

    /// One element for a wildcard (`xsd:any`): the current child, whatever
    /// its name, unless the content model declares that name.
    pub fn any_one(&mut self, r: &mut XmlReader<'a>) -> Result<AnyElement, DecodeError> {
        match self.any_opt(r)? {
            Some(e) => Ok(e),
            None => Err(self.missing("(any element)")),
        }
    }

    /// An optional wildcard element.
    pub fn any_opt(&mut self, r: &mut XmlReader<'a>) -> Result<Option<AnyElement>, DecodeError> {
        if !self.at_other() {
            return Ok(None);
        }
        let Some(tag) = self.current.take() else { return Ok(None) };
        self.taken += 1;
        let value = AnyElement::from_xml(r, &tag).map_err(|e| e.within(tag.local_name().to_owned()))?;
        self.advance(r)?;
        Ok(Some(value))
    }

    /// The elements of a repeated wildcard, at least `min`.
    pub fn any_many(&mut self, r: &mut XmlReader<'a>, min: u32) -> Result<Vec<AnyElement>, DecodeError> {
        let mut items = Vec::new();
        while let Some(e) = self.any_opt(r)? {
            items.push(e);
        }
        if items.len() < min as usize {
            let kind = DecodeErrorKind::TooFew { name: "(any element)", min, found: items.len() };
            return Err(DecodeError::new(kind));
        }
        Ok(items)
    }

    /// Ends the element: a child left over is out of place (or unknown).
    pub fn end(self) -> Result<(), DecodeError> {
        let Some(found) = &self.current else { return Ok(()) };
        let local = found.local_name();
        // Undeclared names were skipped already where the policy allows it.
        if !self.wildcard && !self.declared(found) {
            return Err(DecodeError::new(DecodeErrorKind::UnknownElement(local.to_owned())));
        }
        Err(DecodeError::new(DecodeErrorKind::Misplaced(local.to_owned())))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rt::DecodeOptions;

    const NAMES: &[&str] = &["a", "b"];

    fn with<T>(
        xml: &str,
        f: impl for<'a> FnOnce(&mut XmlReader<'a>, &mut Children<'a>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
        let root = r.root()?;
        let mut c = r.children(&root, NAMES, &["urn:t"], false)?;
        let v = f(&mut r, &mut c)?;
        c.end()?;
        Ok(v)
    }

    #[test]
    fn particles_are_taken_in_order() {
        let got = with("<r><a>1</a><b>2</b><a>3</a></r>", |r, c| {
            Ok((c.one::<i32>(r, "a", xml)?, c.opt::<i32>(r, "b", xml)?, c.many::<i32>(r, "a", 1, xml)?))
        })
        .unwrap();
        assert_eq!(got, (1, Some(2), vec![3]));
    }

    #[test]
    fn order_violations_are_errors_with_names() {
        let err = with("<r><b>2</b></r>", |r, c| c.one::<i32>(r, "a", xml)).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::WrongElement { expected: "a".into(), found: "b".into() });
        let err = with("<r><a>1</a><a>2</a></r>", |r, c| c.one::<i32>(r, "a", xml)).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::Misplaced("a".into()));
        let err = with("<r><x/></r>", |r, c| c.opt::<i32>(r, "a", xml)).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::UnknownElement("x".into()));
        let err = with("<r></r>", |r, c| c.many::<i32>(r, "a", 2, xml)).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::TooFew { name: "a", min: 2, found: 0 });
        let err = with("<r><a>x</a></r>", |r, c| c.one::<i32>(r, "a", xml)).unwrap_err();
        assert_eq!(err.path, ["a"]);
    }

    #[test]
    fn a_nil_that_is_not_nillable_is_an_error_unless_read_as_empty() {
        let doc = r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><a xsi:nil="true"/><b xsi:nil="true"></b></r>"#;
        let err = with(doc, |r, c| c.one::<String>(r, "a", xml)).unwrap_err();
        assert_eq!((&err.kind, &err.path[..]), (&DecodeErrorKind::Nil, &["a".to_owned()][..]));
        let as_empty =
            DecodeOptions { nil_values: crate::rt::NilValues::AsEmpty, ..DecodeOptions::default() };
        let mut r = XmlReader::new(doc.as_bytes(), as_empty.clone());
        let root = r.root().unwrap();
        let mut c = r.children(&root, NAMES, &["urn:t"], false).unwrap();
        assert_eq!(c.one::<String>(&mut r, "a", xml).unwrap(), "");
        // Empty is no number: still an error, naming the element.
        let err = c.one::<i32>(&mut r, "b", xml).unwrap_err();
        assert!(matches!(err.kind, DecodeErrorKind::InvalidValue { .. }) && err.path == ["b"], "{err}");
        // Content under a nil is not dropped silently.
        let lost = r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><a xsi:nil="true">x</a></r>"#;
        let mut r = XmlReader::new(lost.as_bytes(), as_empty);
        let root = r.root().unwrap();
        let mut c = r.children(&root, NAMES, &["urn:t"], false).unwrap();
        let err = c.one::<String>(&mut r, "a", xml).unwrap_err();
        assert_eq!((&err.kind, &err.path[..]), (&DecodeErrorKind::NilWithContent, &["a".to_owned()][..]));
    }

    #[test]
    fn unknown_children_are_skipped_when_allowed() {
        let mut r = XmlReader::new(
            b"<r><x/><a>1</a><y><z/></y><b>2</b></r>",
            DecodeOptions { unknown: UnknownElements::Skip, ..DecodeOptions::default() },
        );
        let root = r.root().unwrap();
        let mut c = r.children(&root, NAMES, &["urn:t"], false).unwrap();
        assert_eq!(c.one::<i32>(&mut r, "a", xml).unwrap(), 1);
        assert_eq!(c.one::<i32>(&mut r, "b", xml).unwrap(), 2);
        c.end().unwrap();
    }

    #[test]
    fn wildcards_take_undeclared_names_only() {
        let mut r = XmlReader::new(
            b"<r><a>1</a><x>y</x><q:z xmlns:q='urn:q'/><b>2</b></r>",
            DecodeOptions::default(),
        );
        let root = r.root().unwrap();
        let mut c = r.children(&root, NAMES, &["urn:t"], true).unwrap();
        assert_eq!(c.one::<i32>(&mut r, "a", xml).unwrap(), 1);
        let any = c.any_many(&mut r, 0).unwrap();
        assert_eq!(any.len(), 2);
        assert_eq!(any[1].name.ns.as_deref(), Some("urn:q"));
        assert_eq!(c.one::<i32>(&mut r, "b", xml).unwrap(), 2);
        c.end().unwrap();
    }

    #[test]
    fn a_declared_name_in_a_foreign_namespace_is_another_element() {
        let doc = "<r xmlns:t='urn:t' xmlns:q='urn:q'><t:a>1</t:a><q:b>2</q:b></r>";
        let err = with(doc, |r, c| Ok((c.one::<i32>(r, "a", xml)?, c.opt::<i32>(r, "b", xml)?))).unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::UnknownElement("b".into()));
        let mut r = XmlReader::new(doc.as_bytes(), DecodeOptions::default());
        let root = r.root().unwrap();
        let mut c = r.children(&root, NAMES, &["urn:t"], true).unwrap();
        assert_eq!(c.one::<i32>(&mut r, "a", xml).unwrap(), 1);
        assert_eq!(c.opt::<i32>(&mut r, "b", xml).unwrap(), None, "not the declared b");
        let any = c.any_one(&mut r).unwrap();
        assert_eq!((any.name.ns.as_deref(), any.name.local.as_str()), (Some("urn:q"), "b"));
        c.end().unwrap();
    }
}
