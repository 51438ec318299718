//! Streaming XML encoding of request bodies.
//!
//! [`XmlWriter`] appends to one `String`. It declares a namespace prefix on
//! the first element that needs it and never declares a default namespace,
//! so an unqualified element is always unqualified on the wire, whatever its
//! ancestors are. Encoding cannot fail part-way: the only invalid input (a
//! character XML 1.0 cannot carry, an `xsd:list` item that is empty or
//! holds whitespace) is recorded and reported by [`XmlWriter::finish`].

use std::borrow::Cow;
use std::fmt;

use super::Name;
use super::any::{AnyAttribute, AnyElement};
use super::chars::forbidden_char;
use super::children::Group;
use super::ns;
use super::simple::{SimpleValue, list_to_text};

/// A value that can be written as one XML element.
pub trait ToXml {
    /// The schema type sent as `xsi:type` in SOAP-encoded (rpc/encoded)
    /// bodies; `None` for types that never carry one.
    const XSI_TYPE: Option<Name> = None;

    /// Writes `self` as the element `name`, start tag through end tag.
    fn to_xml(&self, w: &mut XmlWriter, name: Name);
}

/// The body of a message without parts: writes nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoBody;

impl ToXml for NoBody {
    fn to_xml(&self, _: &mut XmlWriter, _: Name) {}
}

impl<T: ToXml + ?Sized> ToXml for &T {
    const XSI_TYPE: Option<Name> = T::XSI_TYPE;
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        (**self).to_xml(w, name)
    }
}

impl<T: ToXml + ?Sized> ToXml for Box<T> {
    const XSI_TYPE: Option<Name> = T::XSI_TYPE;
    fn to_xml(&self, w: &mut XmlWriter, name: Name) {
        (**self).to_xml(w, name)
    }
}

/// Prefixes the writer uses for well-known namespaces; others get `nsN`.
const WELL_KNOWN: [(&str, &str); 7] = [
    (ns::SOAP_ENV, "soapenv"),
    (ns::XSI, "xsi"),
    (ns::XSD, "xsd"),
    (ns::SOAP_ENC, "soapenc"),
    (ns::SOAP12_ENV, "env"),
    (ns::WSSE, "wsse"),
    (ns::WSU, "wsu"),
];

/// A prefix: borrowed for the well-known and the first numbered ones, so
/// the prefix of every element and `xsi:type` costs no allocation.
type Prefix = Cow<'static, str>;

/// What a request document starts with.
const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

/// `nsN` prefixes that need no allocation.
const NUMBERED: [&str; 16] = [
    "ns1", "ns2", "ns3", "ns4", "ns5", "ns6", "ns7", "ns8", "ns9", "ns10", "ns11", "ns12", "ns13", "ns14",
    "ns15", "ns16",
];

/// How many answers of [`XmlWriter::prefix_for_at`] are kept.
const FOUND: usize = 4;

/// How many ` xsi:type="..."` texts are kept (a power of two).
const TYPES: usize = 32;

/// A ` xsi:type="p:local"` text as written in some generation of the
/// bindings, for the type whose `'static` names have these addresses.
#[derive(Debug, Default, Clone)]
struct TypeAttr {
    key: TypeKey,
    generation: u64,
    text: String,
}

/// The cache key of a type name: the address and length of its local
/// name and of its namespace (all `'static`).
type TypeKey = (usize, usize, usize, usize);

fn type_key(ty: Name) -> TypeKey {
    let (ns, ns_len) = ty.ns.map_or((0, 0), |ns| (ns.as_ptr() as usize, ns.len()));
    (ty.local.as_ptr() as usize, ty.local.len(), ns, ns_len)
}

/// A cached answer of [`XmlWriter::prefix_for_at`], good in the
/// generation of the bindings it was found in.
#[derive(Debug, Clone)]
struct Found {
    generation: u64,
    ns: (usize, usize),
    prefix: Prefix,
}

#[derive(Debug, Clone)]
struct Binding {
    ns: Cow<'static, str>,
    prefix: Prefix,
    /// Depth of the element that declared it; popped when that element ends.
    depth: usize,
}

/// Appends XML to a buffer; see the module docs.
#[derive(Debug, Default)]
pub struct XmlWriter {
    buf: String,
    /// A start tag is open (`<a x="1"`): `>` or `/>` is still to come.
    open: bool,
    /// Open elements, innermost last: (prefix, local name).
    stack: Vec<(Option<Prefix>, Cow<'static, str>)>,
    bindings: Vec<Binding>,
    /// The prefixes last found for `'static` namespace URIs, by the URI's
    /// address and length, most recent first; those of an earlier
    /// generation no longer count. An encoded body asks for the `soapenc`
    /// and target namespace prefixes at every array, and for the `xsi` and
    /// `xsd` ones wherever `types` has no text yet. Four entries: eight
    /// saved 0.7% of a large encoded body and cost a small request 0.7%.
    /// Never cleared: a change of the bindings bumps the generation instead
    /// (clearing the array at every binding, and `types` being an array
    /// made and dropped with every writer, cost a small request 1.8%).
    found: [Option<Found>; FOUND],
    /// Counts the changes of `bindings`: what was resolved in one
    /// generation holds as long as it lasts.
    generation: u64,
    /// ` xsi:type="..."` texts by [`type_key`]: an encoded body types every
    /// value, from a handful of types, and resolving two prefixes and
    /// writing the attribute piece by piece each time was the encoder's
    /// largest cost. Allocated at the first typed value.
    types: Vec<TypeAttr>,
    encoded: bool,
    /// The next `start_typed` writes its `xsi:type` even in a literal
    /// body: the value is of a type derived from the declared one.
    force_type: bool,
    unsendable: Option<Unsendable>,
    /// Attributes for the next start tag only (a header block's
    /// `mustUnderstand`, set before the block's own `to_xml` runs).
    next_attrs: Vec<(&'static str, &'static str, &'static str)>,
    /// The element [`XmlWriter::leaf_start`] opened, not on `stack` unless
    /// something other than its text is written in it (see
    /// [`XmlWriter::promote_leaf`]).
    leaf: Option<Leaf>,
}

/// An element opened for one simple value by [`XmlWriter::leaf_start`].
#[derive(Debug, Clone)]
struct Leaf {
    prefix: Option<Prefix>,
    local: &'static str,
}

impl XmlWriter {
    /// A writer for literal (`encoded == false`) or SOAP-encoded bodies.
    pub fn new(encoded: bool) -> Self {
        // An envelope binds five or more namespaces; an empty `Vec` of
        // bindings would grow twice to hold them.
        XmlWriter {
            encoded,
            buf: String::with_capacity(1024),
            bindings: Vec::with_capacity(8),
            ..XmlWriter::default()
        }
    }

    /// [`XmlWriter::new`] whose output starts with the XML declaration: a
    /// whole document, returned by `finish` without a second buffer.
    pub fn document(encoded: bool) -> Self {
        let mut w = XmlWriter::new(encoded);
        w.buf.push_str(XML_DECLARATION);
        w
    }

    /// A writer in the state this one is in, with the output buffer of a
    /// new one: a prepared document start is written once and copied for
    /// every document that begins with it.
    pub(crate) fn resume(&self) -> Self {
        let mut buf = String::with_capacity(self.buf.len().max(1024));
        buf.push_str(&self.buf);
        // Room for a request's usual depth and bindings: a clone's
        // exact-size vectors would grow at the first push.
        let mut stack = Vec::with_capacity(self.stack.len().max(8));
        stack.extend(self.stack.iter().cloned());
        let mut bindings = Vec::with_capacity(self.bindings.len().max(8));
        bindings.extend(self.bindings.iter().cloned());
        XmlWriter {
            buf,
            open: self.open,
            stack,
            bindings,
            found: self.found.clone(),
            generation: self.generation,
            types: self.types.clone(),
            encoded: self.encoded,
            force_type: self.force_type,
            unsendable: self.unsendable.clone(),
            next_attrs: self.next_attrs.clone(),
            leaf: self.leaf.clone(),
        }
    }

    /// Whether values carry `xsi:type` (rpc/encoded).
    pub fn encoded(&self) -> bool {
        self.encoded
    }

    /// The XML written so far, or the first value that cannot be sent.
    pub fn finish(self) -> Result<String, Unsendable> {
        match self.unsendable {
            Some(bad) => Err(bad),
            None => Ok(self.buf),
        }
    }

    /// Opens element `name`, declaring its namespace if it is not in scope.
    pub fn start(&mut self, name: Name) {
        self.open_element(name.ns.map(Cow::Borrowed), Cow::Borrowed(name.local));
    }

    /// Opens an element whose name is only known at run time (open
    /// content), first binding `bindings` (`(prefix, uri)`, prefixes its
    /// text or attribute values use) on it.
    pub fn start_dynamic(&mut self, ns: Option<&str>, local: &str, bindings: &[(String, String)]) {
        self.promote_leaf();
        self.close_start_tag();
        let depth = self.stack.len() + 1;
        for (prefix, uri) in bindings {
            let in_scope = self.bindings.iter().rev().find(|b| b.prefix == *prefix);
            if prefix.is_empty() || in_scope.is_some_and(|b| b.ns == *uri) {
                continue;
            }
            self.bind(Binding { ns: Cow::Owned(uri.clone()), prefix: Cow::Owned(prefix.clone()), depth });
        }
        self.open_element(ns.map(|n| Cow::Owned(n.to_owned())), Cow::Owned(local.to_owned()));
    }

    fn open_element(&mut self, ns: Option<Cow<'static, str>>, local: Cow<'static, str>) {
        self.promote_leaf();
        self.close_start_tag();
        let depth = self.stack.len() + 1;
        let prefix = ns.map(|ns| self.prefix_for_at(ns, depth));
        self.buf.push('<');
        push_qualified(&mut self.buf, prefix.as_deref(), &local);
        // Declarations made for this element belong on it: the last ones,
        // as bindings are pushed and popped with their elements.
        let own = self.bindings.iter().rev().take_while(|b| b.depth == depth).count();
        for b in &self.bindings[self.bindings.len() - own..] {
            self.buf.push_str(" xmlns:");
            self.buf.push_str(&b.prefix);
            self.buf.push_str("=\"");
            escape_into(&mut self.buf, &b.ns, true);
            self.buf.push('"');
        }
        self.stack.push((prefix, local));
        self.open = true;
        // Checked first: taking the empty list and dropping it again, for
        // every element, showed in profiles.
        if !self.next_attrs.is_empty() {
            for (ns, local, value) in std::mem::take(&mut self.next_attrs) {
                self.attr(Some(ns), local, value);
            }
        }
    }

    /// Adds attribute `{ns}local="value"` to the next element opened.
    pub fn attr_on_next_start(&mut self, ns: &'static str, local: &'static str, value: &'static str) {
        self.next_attrs.push((ns, local, value));
    }

    /// Opens element `name` and, in encoded mode (or after
    /// [`XmlWriter::force_xsi_type`]), adds `xsi:type="ty"`.
    pub fn start_typed(&mut self, name: Name, ty: Option<Name>) {
        let forced = std::mem::take(&mut self.force_type);
        match ty {
            Some(ty) if self.encoded || forced => {
                self.start_xsi_typed(name, ty);
            }
            _ => self.start(name),
        }
    }

    /// Makes the next value written carry its `xsi:type` even in a literal
    /// body: it is of a type derived from the one the schema declares there.
    pub fn force_xsi_type(&mut self) {
        self.force_type = true;
    }

    /// Opens `name` with `xsi:type="ty"`; declares the type's namespace on
    /// this element when it is not in scope.
    fn start_xsi_typed(&mut self, name: Name, ty: Name) {
        if self.types.is_empty() {
            self.types.resize_with(TYPES, TypeAttr::default);
        }
        let key = type_key(ty);
        if let Ok(slot) = self.type_slot(key) {
            // Both prefixes were in scope when the text was made, and the
            // bindings have not changed since: nothing to declare.
            self.start(name);
            self.buf.push_str(&self.types[slot].text);
            return;
        }
        // Resolve the type's prefix first so its declaration (if any) is
        // attached to the element being opened.
        let depth = self.stack.len() + 1;
        let type_prefix = ty.ns.map(|ns| self.prefix_for_at(Cow::Borrowed(ns), depth));
        let xsi = self.prefix_for_at(Cow::Borrowed(ns::XSI), depth);
        self.start(name);
        // Found again: a declaration just made began a new generation.
        let slot = self.type_slot(key).unwrap_or_else(|free| free);
        let entry = &mut self.types[slot];
        entry.text.clear();
        entry.text.push(' ');
        push_qualified(&mut entry.text, Some(&xsi), "type");
        entry.text.push_str("=\"");
        push_qualified(&mut entry.text, type_prefix.as_deref(), ty.local);
        entry.text.push('"');
        entry.key = key;
        entry.generation = self.generation;
        self.buf.push_str(&entry.text);
    }

    /// Where `key`'s text is in `types` (`Ok`), or where it goes (`Err`):
    /// open addressing, probing on from the key's hash, an entry of an
    /// earlier generation counting as free. (Direct mapping let two of a
    /// body's dozen types share a slot, depending on where the linker put
    /// their names, and evict each other at every value.) With every
    /// entry taken, the home slot gives way.
    fn type_slot(&self, key: TypeKey) -> Result<usize, usize> {
        // Fibonacci hashing: the addresses are of nearby string constants,
        // whose low bits alone say little.
        let mixed = (key.0 ^ key.1 ^ key.2.rotate_left(29)) as u64;
        let home = (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TYPES.trailing_zeros())) as usize;
        for probe in 0..TYPES {
            let slot = (home + probe) % TYPES;
            let entry = &self.types[slot];
            if entry.generation != self.generation || entry.text.is_empty() {
                return Err(slot);
            }
            if entry.key == key {
                return Ok(slot);
            }
        }
        Err(home)
    }

    /// Binds `ns` on the element just opened (so descendants share one
    /// declaration) unless it is already in scope.
    pub fn declare(&mut self, ns: &'static str) {
        if self.open {
            self.prefix_in_open_tag(Cow::Borrowed(ns));
        }
    }

    /// Adds an attribute to the element just opened.
    pub fn attr(&mut self, attr_ns: Option<&'static str>, local: &str, value: &str) {
        self.attr_cow(attr_ns.map(Cow::Borrowed), local, value);
    }

    /// Adds an attribute whose name is only known at run time.
    pub fn attr_dynamic(&mut self, attr_ns: Option<&str>, local: &str, value: &str) {
        self.attr_cow(attr_ns.map(|n| Cow::Owned(n.to_owned())), local, value);
    }

    /// Adds an attribute holding a simple value.
    pub fn attr_value<T: SimpleValue>(&mut self, attr_ns: Option<&'static str>, local: &str, value: &T) {
        self.attr(attr_ns, local, &value.to_text());
    }

    /// Adds an optional attribute: `None` is left out.
    pub fn opt_attr<T: SimpleValue>(
        &mut self,
        attr_ns: Option<&'static str>,
        local: &str,
        value: &Option<T>,
    ) {
        if let Some(v) = value {
            self.attr(attr_ns, local, &v.to_text());
        }
    }

    /// Adds an attribute holding an `xsd:list`.
    pub fn attr_list<T: SimpleValue>(&mut self, attr_ns: Option<&'static str>, local: &str, items: &[T]) {
        let text = self.list_text(items);
        self.attr(attr_ns, local, &text);
    }

    /// The text of an `xsd:list` in the element just opened (the content of
    /// a simpleContent type).
    pub fn text_list<T: SimpleValue>(&mut self, items: &[T]) {
        let text = self.list_text(items);
        self.text(&text);
    }

    /// The items of an `xsd:list` joined by spaces. Items are told apart by
    /// whitespace, so an item that is empty or holds whitespace would read
    /// back as other items (or none): it cannot be sent.
    pub fn list_text<T: SimpleValue>(&mut self, items: &[T]) -> String {
        if self.unsendable.is_none() {
            let bad = items
                .iter()
                .map(SimpleValue::to_text)
                .find(|t| t.is_empty() || t.contains(['\u{20}', '\t', '\n', '\r', '\u{C}']));
            if let Some(item) = bad {
                let problem = Problem::ListItem(item.into_owned());
                self.unsendable = Some(Unsendable { problem, element: self.current_local() });
            }
        }
        list_to_text(items)
    }

    /// Adds the attributes an `anyAttribute` kept.
    pub fn any_attributes(&mut self, attrs: &[AnyAttribute]) {
        for a in attrs {
            self.attr_dynamic(a.name.ns.as_deref(), &a.name.local, &a.value);
        }
    }

    fn attr_cow(&mut self, attr_ns: Option<Cow<'static, str>>, local: &str, value: &str) {
        if !self.open {
            return; // only reachable through a generator bug; ignored rather than corrupt XML
        }
        let prefix = attr_ns.map(|ns| self.prefix_in_open_tag(ns));
        self.buf.push(' ');
        push_qualified(&mut self.buf, prefix.as_deref(), local);
        self.buf.push_str("=\"");
        self.checked_escaped(value, true, None);
        self.buf.push('"');
    }

    /// Writes escaped character data into the open element.
    pub fn text(&mut self, text: &str) {
        self.close_start_tag();
        self.checked_escaped(text, false, None);
    }

    /// `s` escaped into the output, a character XML forbids recorded
    /// against `element` (`None`: the element being written). Always
    /// inlined: every value goes through it, and as a call (which plain
    /// `#[inline]` left it) it cost a literal body's encode 16% more
    /// instructions.
    #[inline(always)]
    fn checked_escaped(&mut self, s: &str, attr: bool, element: Option<&str>) {
        if plain(s.as_bytes(), attr) {
            self.buf.push_str(s);
        } else {
            self.check_chars(s, element);
            escape_into(&mut self.buf, s, attr);
        }
    }

    /// An integer as text content, formatted straight into the output
    /// (digits have nothing to escape); `itoa` rather than `Display`, whose
    /// formatter machinery cost more than the rest of writing the value.
    pub(crate) fn text_integer(&mut self, value: impl itoa::Integer) {
        self.close_start_tag();
        self.buf.push_str(itoa::Buffer::new().format(value));
    }

    /// Closes the innermost open element.
    pub fn end(&mut self) {
        let Some((prefix, local)) = self.stack.pop() else { return };
        self.close_tag(prefix.as_deref(), &local);
        let depth = self.stack.len() + 1;
        while self.bindings.last().is_some_and(|b| b.depth >= depth) {
            self.bindings.pop();
            self.generation += 1;
        }
    }

    /// Writes `<name xsi:type="xsd:ty">text</name>` (the type only when
    /// encoded): the shape of every simple value.
    pub fn simple(&mut self, name: Name, xsd_type: &'static str, text: &str) {
        let ty = Some(Name::qualified(ns::XSD, xsd_type));
        // The text is at hand, so nothing can be written between the tags:
        // the leaf is written whole, never on the stack.
        if let Some(prefix) = self.leaf_open(name, ty) {
            if text.is_empty() {
                // The start tag is still open: `/>` ends it.
                self.open = true;
            } else {
                self.buf.push('>');
                self.checked_escaped(text, false, Some(name.local));
            }
            return self.close_tag(prefix.as_deref(), name.local);
        }
        self.start_typed(name, ty);
        if !text.is_empty() {
            self.text(text);
        }
        self.end();
    }

    /// Writes the start tag of `name`, left open, for one simple value
    /// (with `xsi:type="ty"` when encoded or forced) without the general
    /// path's bookkeeping, when there is none to do: the element's
    /// namespace is in scope, it needs no declaration, and when typed the
    /// type's text is cached for the bindings in force. The general path
    /// pushes the element on the stack of open ones and pops it again, and
    /// looks for bindings to declare and to end, which such a leaf has none
    /// of. Returns the element's prefix, or `None` (nothing written but a
    /// pending `>`: take the general path).
    #[inline]
    fn leaf_open(&mut self, name: Name, ty: Option<Name>) -> Option<Option<Prefix>> {
        self.promote_leaf();
        if !self.next_attrs.is_empty() {
            return None;
        }
        self.close_start_tag();
        let generation = self.generation;
        let prefix = name.ns.map(|ns| self.prefix_for_at(Cow::Borrowed(ns), self.stack.len() + 1));
        if self.generation != generation {
            // The namespace needs a declaration on this element: the
            // general path makes it, after the type's (its bindings in its
            // own order, so the output is the same). The one binding just
            // made is undone, as a binding ended: a new generation.
            self.bindings.pop();
            self.generation += 1;
            return None;
        }
        let typed = match ty {
            Some(ty) if self.encoded || self.force_type => {
                if self.types.is_empty() {
                    // The first typed value makes the table.
                    return None;
                }
                Some(self.type_slot(type_key(ty)).ok()?)
            }
            _ => None,
        };
        self.force_type = false;
        self.buf.push('<');
        push_qualified(&mut self.buf, prefix.as_deref(), name.local);
        if let Some(slot) = typed {
            self.buf.push_str(&self.types[slot].text);
        }
        Some(prefix)
    }

    /// [`XmlWriter::leaf_open`] for a value that writes itself
    /// ([`SimpleValue::write_text`](crate::rt::SimpleValue::write_text)):
    /// `false` for the general path; closed by [`XmlWriter::leaf_end`].
    #[inline]
    pub(crate) fn leaf_start(&mut self, name: Name, ty: Option<Name>) -> bool {
        let Some(prefix) = self.leaf_open(name, ty) else { return false };
        self.open = true;
        self.leaf = Some(Leaf { prefix, local: name.local });
        true
    }

    /// Closes the element [`XmlWriter::leaf_start`] opened.
    #[inline]
    pub(crate) fn leaf_end(&mut self) {
        let Some(leaf) = self.leaf.take() else {
            // Promoted: on the stack like any other.
            return self.end();
        };
        self.close_tag(leaf.prefix.as_deref(), leaf.local);
    }

    /// Ends the element `prefix:local`: `/>` while its start tag is open,
    /// an end tag otherwise. Always inlined, as `checked_escaped`.
    #[inline(always)]
    fn close_tag(&mut self, prefix: Option<&str>, local: &str) {
        if self.open {
            self.buf.push_str("/>");
            self.open = false;
        } else {
            self.buf.push_str("</");
            push_qualified(&mut self.buf, prefix, local);
            self.buf.push('>');
        }
    }

    /// Puts the element [`XmlWriter::leaf_start`] opened on the stack, as
    /// `start` would have: its value writes more than text (an element,
    /// a namespaced attribute), which needs its depth.
    #[inline]
    fn promote_leaf(&mut self) {
        if self.leaf.is_some() {
            self.push_leaf();
        }
    }

    #[cold]
    fn push_leaf(&mut self) {
        if let Some(leaf) = self.leaf.take() {
            self.stack.push((leaf.prefix, Cow::Borrowed(leaf.local)));
        }
    }

    /// Writes `<name xsi:nil="true"/>`.
    pub fn nil(&mut self, name: Name) {
        self.start(name);
        self.attr(Some(ns::XSI), "nil", "true");
        self.end();
    }

    // ---- helpers the generated code calls, one per `Occurs` -------------

    /// A required element.
    pub fn required<T: ToXml + ?Sized>(&mut self, name: Name, value: &T) {
        value.to_xml(self, name);
    }

    /// An optional element: `None` is left out.
    pub fn optional<T: ToXml>(&mut self, name: Name, value: &Option<T>) {
        if let Some(v) = value {
            v.to_xml(self, name);
        }
    }

    /// A required nillable element: `None` is sent as `xsi:nil="true"`.
    pub fn nillable<T: ToXml>(&mut self, name: Name, value: &Option<T>) {
        match value {
            Some(v) => v.to_xml(self, name),
            None => self.nil(name),
        }
    }

    /// A repeated element: one element per item.
    pub fn repeated<T: ToXml>(&mut self, name: Name, items: &[T]) {
        for item in items {
            item.to_xml(self, name);
        }
    }

    // ---- the same with a writer of their own, for values that are not
    // `ToXml` by their Rust type (an `xsd:list` is a `Vec`) -----------------

    /// A required element written by `write`.
    pub fn required_with<V: ?Sized>(&mut self, name: Name, value: &V, write: impl Fn(&mut Self, Name, &V)) {
        write(self, name, value);
    }

    /// An optional element written by `write`: `None` is left out.
    pub fn optional_with<V>(&mut self, name: Name, value: &Option<V>, write: impl Fn(&mut Self, Name, &V)) {
        if let Some(v) = value {
            write(self, name, v);
        }
    }

    /// A required nillable element written by `write`.
    pub fn nillable_with<V>(&mut self, name: Name, value: &Option<V>, write: impl Fn(&mut Self, Name, &V)) {
        match value {
            Some(v) => write(self, name, v),
            None => self.nil(name),
        }
    }

    /// A repeated element written by `write`.
    pub fn repeated_with<V>(&mut self, name: Name, items: &[V], write: impl Fn(&mut Self, Name, &V)) {
        for item in items {
            write(self, name, item);
        }
    }

    // ---- open content, model groups --------------------------------------

    /// The text content of a simpleContent type or a simple body element.
    pub fn text_value<T: SimpleValue>(&mut self, value: &T) {
        value.write_text(self);
    }

    /// Elements an `xsd:any` wildcard holds.
    pub fn any_elements(&mut self, items: &[AnyElement]) {
        for item in items {
            item.write(self);
        }
    }

    /// A model group (choice or nested sequence) written inline.
    pub fn group<G: Group>(&mut self, group: &G) {
        group.write_group(self);
    }

    /// An optional model group.
    pub fn opt_group<G: Group>(&mut self, group: &Option<G>) {
        if let Some(g) = group {
            g.write_group(self);
        }
    }

    /// A repeated model group, in order.
    pub fn groups<G: Group>(&mut self, groups: &[G]) {
        for g in groups {
            g.write_group(self);
        }
    }

    /// A value of a type derived from the declared one: written with its
    /// `xsi:type`.
    pub fn derived<T: ToXml + ?Sized>(&mut self, name: Name, value: &T) {
        self.force_xsi_type();
        value.to_xml(self, name);
    }

    /// A list in a wrapper element (`ArrayOfX` or a SOAP-ENC array).
    ///
    /// In encoded mode the wrapper carries `xsi:type="soapenc:Array"` and
    /// `soapenc:arrayType="T[n]"`, with `T` the items' schema type.
    pub fn list<T: ToXml>(&mut self, name: Name, item: Name, items: &[T]) {
        let array = Name::qualified(ns::SOAP_ENC, "Array");
        self.list_as(name, item, array, T::XSI_TYPE.map(|t| (t, "")), items, |w, n, v| v.to_xml(w, n));
    }

    /// A SOAP-ENC array of the named schema type `array_type` (such as
    /// `InfoArray`): as [`XmlWriter::list`], with that type as `xsi:type`
    /// (what Axis and PHP send; the type derives from `soapenc:Array`).
    pub fn typed_list<T: ToXml>(&mut self, name: Name, item: Name, array_type: Name, items: &[T]) {
        let item_type = T::XSI_TYPE.map(|t| (t, ""));
        self.list_as(name, item, array_type, item_type, items, |w, n, v| v.to_xml(w, n));
    }

    /// A list whose items are themselves written by `write` (an array of
    /// arrays), sent as `xsi:type` `array_type` when encoded: `item_type`
    /// and its dimensions make the `soapenc:arrayType` (items of type
    /// `xsd:string[]` give `xsd:string[][n]`, items of a named array type
    /// `ns:ArrayOfInt[n]`).
    pub fn list_with<V>(
        &mut self,
        name: Name,
        item: Name,
        array_type: Option<Name>,
        item_type: Option<(Name, &'static str)>,
        items: &[V],
        write: impl Fn(&mut Self, Name, &V),
    ) {
        let array_type = array_type.unwrap_or(Name::qualified(ns::SOAP_ENC, "Array"));
        self.list_as(name, item, array_type, item_type, items, write);
    }

    fn list_as<V>(
        &mut self,
        name: Name,
        item: Name,
        array_type: Name,
        item_type: Option<(Name, &'static str)>,
        items: &[V],
        write: impl Fn(&mut Self, Name, &V),
    ) {
        match item_type {
            Some((ty, dims)) if self.encoded => {
                self.start_xsi_typed(name, array_type);
                let prefix = ty.ns.map(|ns| self.prefix_in_open_tag(Cow::Borrowed(ns)));
                let enc = self.prefix_in_open_tag(Cow::Borrowed(ns::SOAP_ENC));
                // ` soapenc:arrayType="p:T[n]"` written in place: a value
                // built apart and then escaped cost two allocations per array.
                self.buf.push(' ');
                push_qualified(&mut self.buf, Some(&enc), "arrayType");
                self.buf.push_str("=\"");
                if let Some(p) = &prefix {
                    self.buf.push_str(p);
                    self.buf.push(':');
                }
                escape_into(&mut self.buf, ty.local, true);
                escape_into(&mut self.buf, dims, true);
                self.buf.push('[');
                self.buf.push_str(itoa::Buffer::new().format(items.len()));
                self.buf.push_str("]\"");
            }
            _ => self.start(name),
        }
        for it in items {
            write(self, item, it);
        }
        self.end();
    }

    // ---- namespace bookkeeping ------------------------------------------

    /// The prefix bound to `ns`, binding a new one at `depth` if needed.
    /// Inlined: an encoded body asks this two or three times per value, and
    /// the answer is nearly always in the cache.
    #[inline]
    fn prefix_for_at(&mut self, ns: Cow<'static, str>, depth: usize) -> Prefix {
        if let Cow::Borrowed(uri) = &ns {
            let key = (uri.as_ptr() as usize, uri.len());
            let generation = self.generation;
            if let Some(found) =
                self.found.iter().flatten().find(|f| f.ns == key && f.generation == generation)
            {
                return found.prefix.clone();
            }
        }
        self.prefix_not_cached(ns, depth)
    }

    /// [`XmlWriter::prefix_for_at`] past the cache: searches the bindings
    /// and caches the answer for a `'static` URI.
    fn prefix_not_cached(&mut self, ns: Cow<'static, str>, depth: usize) -> Prefix {
        let key = match &ns {
            Cow::Borrowed(uri) => Some((uri.as_ptr() as usize, uri.len())),
            Cow::Owned(_) => None,
        };
        let prefix = self.search_prefix(ns, depth);
        if let Some(key) = key {
            // The oldest entry gives way.
            self.found.rotate_right(1);
            self.found[0] = Some(Found { generation: self.generation, ns: key, prefix: prefix.clone() });
        }
        prefix
    }

    /// [`XmlWriter::prefix_for_at`] without the cache.
    fn search_prefix(&mut self, ns: Cow<'static, str>, depth: usize) -> Prefix {
        if let Some(b) = self.bindings.iter().rev().find(|b| same(&b.ns, &ns)) {
            // A prefix rebound further in (by open content) no longer means `ns`.
            if self
                .bindings
                .iter()
                .rev()
                .find(|o| same(&o.prefix, &b.prefix))
                .is_some_and(|o| same(&o.ns, &ns))
            {
                return b.prefix.clone();
            }
        }
        let prefix = match WELL_KNOWN.iter().find(|(uri, _)| *uri == ns) {
            Some((_, p)) if !self.bindings.iter().any(|b| b.prefix == *p) => Cow::Borrowed(*p),
            _ => self.free_numbered_prefix(),
        };
        self.bind(Binding { ns, prefix: prefix.clone(), depth });
        prefix
    }

    fn bind(&mut self, binding: Binding) {
        self.bindings.push(binding);
        self.generation += 1;
    }

    /// `nsN` for the smallest N no binding in scope uses.
    fn free_numbered_prefix(&self) -> Prefix {
        (1usize..)
            .map(|n| NUMBERED.get(n - 1).map_or_else(|| Cow::Owned(format!("ns{n}")), |p| Cow::Borrowed(*p)))
            .find(|p| !self.bindings.iter().any(|b| b.prefix == *p))
            .unwrap_or_default()
    }

    /// The prefix bound to `ns`; if none is, binds one on the element whose
    /// start tag is still open and declares it there.
    fn prefix_in_open_tag(&mut self, ns: Cow<'static, str>) -> Prefix {
        self.promote_leaf();
        let depth = self.stack.len();
        let before = self.bindings.len();
        let prefix = self.prefix_for_at(ns, depth);
        if self.bindings.len() > before {
            let uri = self.bindings.last().map(|b| b.ns.clone()).unwrap_or_default();
            self.write_decl(&uri, &prefix);
        }
        prefix
    }

    fn write_decl(&mut self, ns: &str, prefix: &str) {
        self.buf.push_str(" xmlns:");
        self.buf.push_str(prefix);
        self.buf.push_str("=\"");
        escape_into(&mut self.buf, ns, true);
        self.buf.push('"');
    }

    fn close_start_tag(&mut self) {
        if self.open {
            self.buf.push('>');
            self.open = false;
        }
    }

    /// Records the first character of `s` XML forbids, against `element`
    /// (`None`: the element being written; a leaf `simple` writes whole is
    /// on neither the stack nor `leaf`, so it names itself).
    fn check_chars(&mut self, s: &str, element: Option<&str>) {
        if self.unsendable.is_none()
            && let Some(c) = forbidden_char(s)
        {
            let element = element.map_or_else(|| self.current_local(), str::to_owned);
            self.unsendable = Some(Unsendable { problem: Problem::Char(c), element });
        }
    }

    fn current_local(&self) -> String {
        match &self.leaf {
            Some(leaf) => leaf.local.to_owned(),
            None => self.stack.last().map_or("", |(_, l)| l).to_owned(),
        }
    }
}

/// A value [`XmlWriter::finish`] refuses to send, and the element (local
/// name) it was meant for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsendable {
    pub problem: Problem,
    pub element: String,
}

/// Why a value cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A character XML 1.0 cannot carry (U+0001, U+FFFE...).
    Char(char),
    /// An `xsd:list` item that is empty or holds whitespace.
    ListItem(String),
}

impl fmt::Display for Unsendable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let element = &self.element;
        match &self.problem {
            Problem::Char(c) => {
                write!(f, "character U+{:04X} in <{element}> cannot be sent in XML 1.0", *c as u32)
            }
            Problem::ListItem(item) => write!(
                f,
                "list item {item:?} in <{element}> cannot be sent: list items are separated by whitespace, \
                 so an item can be neither empty nor hold any"
            ),
        }
    }
}

/// String equality that first compares addresses: namespaces and prefixes
/// are mostly the same `'static` literals, and comparing long namespace
/// URIs byte by byte for every element showed in profiles.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && (std::ptr::eq(a.as_ptr(), b.as_ptr()) || a == b)
}

fn push_qualified(buf: &mut String, prefix: Option<&str>, local: &str) {
    if let Some(p) = prefix {
        buf.push_str(p);
        buf.push(':');
    }
    buf.push_str(local);
}

/// Escapes markup characters; in attributes also quotes and the whitespace
/// characters that attribute normalisation would otherwise turn into spaces.
fn escape_into(buf: &mut String, s: &str, attr: bool) {
    let mut rest = s;
    // A byte search (all eight are ASCII, so a match is a character
    // boundary): `str::find` with a set of chars decodes every character.
    // Whole words without any of them are skipped first, eight bytes at a
    // time: most values and every namespace URI have nothing to escape.
    while let Some(pos) = to_escape(rest.as_bytes()) {
        buf.push_str(&rest[..pos]);
        let c = rest.as_bytes()[pos];
        let rep = match (c, attr) {
            (b'&', _) => "&amp;",
            (b'<', _) => "&lt;",
            (b'>', _) => "&gt;",
            // A literal CR would be normalised away by the receiver's parser.
            (b'\r', _) => "&#13;",
            (b'"', true) => "&quot;",
            (b'\'', true) => "&apos;",
            (b'\t', true) => "&#9;",
            (b'\n', true) => "&#10;",
            (b'"', false) => "\"",
            (b'\'', false) => "'",
            (b'\t', false) => "\t",
            _ => "\n",
        };
        buf.push_str(rep);
        rest = &rest[pos + 1..];
    }
    buf.push_str(rest);
}

/// Whether `bytes` go out as they are: nothing `escape_into` would
/// replace and no byte that may start a character XML forbids (a control
/// byte, or 0xEF: see `chars::forbidden_char`). One pass over a value
/// where the check and the escaping took one each; most values pass.
fn plain(bytes: &[u8], attr: bool) -> bool {
    use super::chars::word;
    let special =
        |b: u8| b < 0x20 || matches!(b, b'&' | b'<' | b'>' | 0xEF) || attr && matches!(b, b'"' | b'\'');
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let w = word::of(chunk);
        let mut suspect = word::below(w, 0x20)
            | word::equal(w, b'&')
            | word::equal(w, b'<')
            | word::equal(w, b'>')
            | word::equal(w, 0xEF);
        if attr {
            suspect |= word::equal(w, b'"') | word::equal(w, b'\'');
        }
        if suspect != 0 {
            return false;
        }
    }
    !words.remainder().iter().any(|&b| special(b))
}

/// Where the first byte `escape_into` replaces is in `bytes`: words of
/// eight bytes holding none of them (nor any other control byte, which
/// would only be a false alarm) are skipped, the rest searched byte by
/// byte.
fn to_escape(bytes: &[u8]) -> Option<usize> {
    use super::chars::word;
    let mut skipped = 0;
    for chunk in bytes.chunks_exact(8) {
        let w = word::of(chunk);
        let suspect = word::below(w, 0x20)
            | word::equal(w, b'&')
            | word::equal(w, b'<')
            | word::equal(w, b'>')
            | word::equal(w, b'"')
            | word::equal(w, b'\'');
        if suspect != 0 {
            break;
        }
        skipped += 8;
    }
    let rest = bytes.get(skipped..)?;
    let at =
        rest.iter().position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | b'\r' | b'\t' | b'\n'))?;
    Some(skipped + at)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_are_exactly_those_with_nothing_to_escape_or_refuse() {
        // Every character to escape, refuse, or let through, at every
        // offset of a 20-byte value (word and remainder both): a value is
        // plain exactly when escaping leaves it as it is and no character
        // is forbidden, save the control characters XML allows (tab, line
        // feed), which are sent the slow way.
        let chars = [
            '&',
            '<',
            '>',
            '"',
            '\'',
            '\r',
            '\t',
            '\n',
            '\u{0}',
            '\u{1F}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{FFFD}',
            '\u{F000}',
            'ü',
            '漢',
            '\u{10000}',
            'z',
        ];
        for c in chars {
            for at in 0..20 {
                let mut s: String = "abcdefghijklmnopqrst".into();
                s.replace_range(at..=at, &c.to_string());
                for attr in [false, true] {
                    let mut escaped = String::new();
                    escape_into(&mut escaped, &s, attr);
                    let untouched = escaped == s && forbidden_char(&s).is_none();
                    let allowed_control = matches!(c, '\t' | '\n') && !attr;
                    let slow = matches!(c, '\u{F000}' | '\u{FFFD}');
                    assert_eq!(
                        plain(s.as_bytes(), attr),
                        untouched && !allowed_control && !slow,
                        "{c:?} at {at}, attr {attr}"
                    );
                }
            }
        }
    }

    #[test]
    fn escaping_finds_every_character_to_replace_wherever_it_is() {
        // Each character at every offset of a 20-byte value, so the word
        // skip and the byte search both meet it.
        for c in ['&', '<', '>', '"', '\'', '\r', '\t', '\n'] {
            for at in 0..20 {
                let mut s: String = "abcdefghijklmnopqrst".into();
                s.replace_range(at..=at, &c.to_string());
                for attr in [false, true] {
                    let mut out = String::new();
                    escape_into(&mut out, &s, attr);
                    let expected = s
                        .replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                        .replace('\r', "&#13;");
                    let expected = if attr {
                        expected
                            .replace('"', "&quot;")
                            .replace('\'', "&apos;")
                            .replace('\t', "&#9;")
                            .replace('\n', "&#10;")
                    } else {
                        expected
                    };
                    assert_eq!(out, expected, "{c:?} at {at}, attr {attr}");
                }
            }
        }
        // Multi-byte characters and a control byte that needs no escape
        // (a false alarm of the word test) pass through.
        let mut out = String::new();
        escape_into(&mut out, "Müller\u{1}straße & Söhne <x>", false);
        assert_eq!(out, "Müller\u{1}straße &amp; Söhne &lt;x&gt;");
    }

    const TNS: &str = "urn:t";

    #[test]
    fn unqualified_children_of_a_qualified_element_get_no_prefix() {
        let mut w = XmlWriter::new(false);
        w.start(Name::qualified(TNS, "Find"));
        w.simple(Name::local("name"), "string", "a&b<c>");
        w.end();
        assert_eq!(
            w.finish().unwrap(),
            r#"<ns1:Find xmlns:ns1="urn:t"><name>a&amp;b&lt;c&gt;</name></ns1:Find>"#
        );
    }

    #[test]
    fn numbers_are_formatted_into_the_output_as_their_text() {
        for encoded in [false, true] {
            let mut w = XmlWriter::new(encoded);
            w.start(Name::local("r"));
            w.declare(ns::XSI);
            w.declare(ns::XSD);
            crate::rt::write_simple(&mut w, Name::local("a"), &-5i32);
            crate::rt::write_simple(&mut w, Name::local("b"), &u64::MAX);
            crate::rt::write_simple(&mut w, Name::local("c"), &0u8);
            w.start(Name::local("d"));
            w.text_value(&i64::MIN);
            w.end();
            w.end();
            let xml = w.finish().unwrap();
            let ty = |t: &str| if encoded { format!(r#" xsi:type="xsd:{t}""#) } else { String::new() };
            let body = format!(
                "<a{}>-5</a><b{}>18446744073709551615</b><c{}>0</c><d>-9223372036854775808</d>",
                ty("int"),
                ty("unsignedLong"),
                ty("unsignedByte")
            );
            assert!(xml.ends_with(&format!("{body}</r>")), "{xml}");
            assert_eq!((-5i32).to_text(), "-5");
        }
    }

    #[test]
    fn a_cached_prefix_follows_every_change_of_the_bindings() {
        // Encoded values ask for the `xsi` and `xsd` prefixes each time;
        // the answers are cached, and must follow a rebinding of `xsd` by
        // open content, its end, and a declaration on a sibling.
        let mut w = XmlWriter::new(true);
        w.start(Name::local("r"));
        w.declare(ns::XSI);
        w.declare(ns::XSD);
        w.simple(Name::local("a"), "string", "1");
        w.start_dynamic(None, "open", &[("xsd".to_owned(), "urn:other".to_owned())]);
        w.simple(Name::local("b"), "string", "2");
        w.end();
        w.simple(Name::local("c"), "string", "3");
        w.start(Name::qualified(TNS, "d"));
        w.simple(Name::local("e"), "string", "4");
        w.end();
        w.start(Name::qualified("urn:u", "f"));
        w.end();
        w.end();
        let xml = w.finish().unwrap();
        let expected = concat!(
            r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">"#,
            r#"<a xsi:type="xsd:string">1</a>"#,
            r#"<open xmlns:xsd="urn:other"><b xmlns:ns1="http://www.w3.org/2001/XMLSchema" xsi:type="ns1:string">2</b></open>"#,
            r#"<c xsi:type="xsd:string">3</c>"#,
            r#"<ns1:d xmlns:ns1="urn:t"><e xsi:type="xsd:string">4</e></ns1:d>"#,
            r#"<ns1:f xmlns:ns1="urn:u"/></r>"#,
        );
        assert_eq!(xml, expected);
    }

    #[test]
    fn a_cached_type_attribute_is_declared_again_once_its_binding_ended() {
        // The type's namespace is not in scope: each typed element declares
        // it, and the cached ` xsi:type` text must not outlive that
        // declaration (a stale one would leave the prefix unbound).
        let mut w = XmlWriter::new(true);
        w.start(Name::local("r"));
        w.declare(ns::XSI);
        for _ in 0..2 {
            w.start_typed(Name::local("v"), Some(Name::qualified("urn:types", "T")));
            w.end();
        }
        w.end();
        let typed = r#"<v xmlns:ns1="urn:types" xsi:type="ns1:T"/>"#;
        let expected =
            format!(r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{typed}{typed}</r>"#);
        assert_eq!(w.finish().unwrap(), expected);
    }

    #[test]
    fn more_types_than_cached_texts_are_each_written_right() {
        // Forty types, more than the cache holds, twice over: every
        // element gets its own type, whichever entries collide.
        let names: Vec<&'static str> =
            (0..40).map(|i| &*Box::leak(format!("T{i}").into_boxed_str())).collect();
        let mut w = XmlWriter::new(true);
        w.start(Name::local("r"));
        w.declare(ns::XSI);
        w.declare(TNS);
        let mut expected = format!(r#"<r xmlns:xsi="{}" xmlns:ns1="{TNS}">"#, ns::XSI);
        for round in 0..2 {
            for (i, local) in names.iter().enumerate() {
                let local = if round == 1 && i % 2 == 1 { names[39 - i] } else { local };
                w.start_typed(Name::local("v"), Some(Name::qualified(TNS, local)));
                w.end();
                expected.push_str(&format!(r#"<v xsi:type="ns1:{local}"/>"#));
            }
        }
        w.end();
        expected.push_str("</r>");
        assert_eq!(w.finish().unwrap(), expected);
    }

    #[test]
    fn an_encoded_array_declares_what_its_type_and_item_type_need() {
        // Nothing declared beforehand: the wrapper declares `soapenc`, `xsi`
        // and the item type's namespace, and says the item count.
        let mut w = XmlWriter::new(true);
        let item = Some((Name::qualified(TNS, "Row"), "[]"));
        w.list_with(Name::local("grid"), Name::local("item"), None, item, &[1, 2], |w, n, v: &i32| {
            w.simple(n, "int", &v.to_string())
        });
        let xml = w.finish().unwrap();
        let expected = concat!(
            r#"<grid xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#,
            r#" xsi:type="soapenc:Array" xmlns:ns1="urn:t" soapenc:arrayType="ns1:Row[][2]">"#,
            r#"<item xmlns:xsd="http://www.w3.org/2001/XMLSchema" xsi:type="xsd:int">1</item>"#,
            r#"<item xmlns:xsd="http://www.w3.org/2001/XMLSchema" xsi:type="xsd:int">2</item></grid>"#,
        );
        assert_eq!(xml, expected);
    }

    #[test]
    fn a_binding_ends_with_its_element() {
        let mut w = XmlWriter::new(false);
        w.start(Name::local("root"));
        w.simple(Name::qualified(TNS, "a"), "string", "");
        w.simple(Name::qualified(TNS, "b"), "string", "x");
        w.end();
        assert_eq!(
            w.finish().unwrap(),
            r#"<root><ns1:a xmlns:ns1="urn:t"/><ns1:b xmlns:ns1="urn:t">x</ns1:b></root>"#
        );
    }

    #[test]
    fn nil_and_optional() {
        let mut w = XmlWriter::new(false);
        w.start(Name::local("r"));
        w.nillable::<String>(Name::local("v"), &None);
        w.optional::<String>(Name::local("o"), &None);
        w.end();
        assert_eq!(
            w.finish().unwrap(),
            r#"<r><v xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/></r>"#
        );
    }

    #[test]
    fn encoded_values_carry_xsi_type() {
        let mut w = XmlWriter::new(true);
        w.start(Name::local("r"));
        w.simple(Name::local("n"), "int", "5");
        w.end();
        let out = w.finish().unwrap();
        assert!(out.contains(r#"xsi:type="xsd:int""#), "{out}");
        assert!(out.contains(r#"xmlns:xsd="http://www.w3.org/2001/XMLSchema""#), "{out}");
    }

    #[test]
    fn attribute_values_escape_quotes_and_whitespace() {
        let mut w = XmlWriter::new(false);
        w.start(Name::local("r"));
        w.attr(None, "a", "\"'\t\n");
        w.end();
        assert_eq!(w.finish().unwrap(), r#"<r a="&quot;&apos;&#9;&#10;"/>"#);
    }

    #[test]
    fn a_simple_value_is_written_as_start_text_and_end_write_it() {
        // `simple` writes its element whole when it can (`leaf_open`); the
        // general path's output is the reference, literal and encoded, for
        // a namespace in scope, one declared by the element itself (twice
        // in a row: each declares it again), no namespace, empty text,
        // text to escape, and types first seen, cached, and seen again
        // after a binding ended.
        const A: &str = "urn:a";
        const B: &str = "urn:b";
        let values = [
            (Name::qualified(A, "x"), "string", "1"),
            (Name::qualified(B, "y"), "int", "a<b & \"c\""),
            (Name::qualified(B, "y"), "string", ""),
            (Name::local("z"), "int", "]]>"),
            (Name::qualified(A, "x"), "string", ""),
            (Name::local("z"), "boolean", "true"),
        ];
        for encoded in [false, true] {
            let write = |whole: bool| {
                let mut w = XmlWriter::new(encoded);
                w.start(Name::qualified(A, "r"));
                for (name, ty, text) in values {
                    if whole {
                        w.simple(name, ty, text);
                    } else {
                        w.start_typed(name, Some(Name::qualified(ns::XSD, ty)));
                        if !text.is_empty() {
                            w.text(text);
                        }
                        w.end();
                    }
                }
                w.end();
                w.finish().unwrap()
            };
            let reference = write(false);
            assert_eq!(write(true), reference);
            assert_eq!(reference.matches("xmlns:ns2=\"urn:b\"").count(), 2, "{reference}");
            assert_eq!(reference.contains("xsi:type"), encoded, "{reference}");
        }
    }

    /// A simple value whose text comes with a namespaced attribute and a
    /// child element: none does, but the trait allows it.
    struct Unusual;

    impl crate::rt::SimpleValue for Unusual {
        const XSD_TYPE: Option<Name> = Some(Name::qualified(ns::XSD, "string"));
        fn from_text(_: &str) -> Result<Self, crate::rt::DecodeError> {
            Ok(Unusual)
        }
        fn to_text(&self) -> Cow<'_, str> {
            Cow::Borrowed("t")
        }
        fn write_text(&self, w: &mut XmlWriter) {
            w.attr(Some("urn:q"), "a", "1");
            w.simple(Name::qualified("urn:q", "c"), "string", "\u{1}");
            w.text("t");
        }
    }

    #[test]
    fn a_leaf_whose_value_writes_more_than_text_is_an_element_like_any() {
        // Its attribute's namespace is declared on it and ends with it (the
        // second value declares it again), the child nests inside it, and
        // the character that cannot be sent names the child.
        for encoded in [false, true] {
            let write = |whole: bool| {
                let mut w = XmlWriter::new(encoded);
                w.start(Name::local("r"));
                for _ in 0..2 {
                    let name = Name::local("v");
                    if whole {
                        crate::rt::write_simple(&mut w, name, &Unusual);
                    } else {
                        w.start_typed(name, Unusual::XSD_TYPE);
                        Unusual.write_text(&mut w);
                        w.end();
                    }
                }
                w.end();
                (w.buf.clone(), w.finish().unwrap_err())
            };
            let (reference, bad) = write(false);
            assert_eq!(write(true), (reference.clone(), bad.clone()));
            assert_eq!(reference.matches("xmlns:ns1=\"urn:q\"").count(), 2, "{reference}");
            assert_eq!(bad.element, "c");
        }
    }

    #[test]
    fn characters_xml_cannot_carry_are_reported() {
        let mut w = XmlWriter::new(false);
        w.simple(Name::local("bad"), "string", "a\u{1}b");
        let bad = w.finish().unwrap_err();
        assert_eq!(bad, Unsendable { problem: Problem::Char('\u{1}'), element: "bad".to_owned() });
        assert_eq!(bad.to_string(), "character U+0001 in <bad> cannot be sent in XML 1.0");
    }

    #[test]
    fn list_items_that_would_split_or_vanish_are_reported() {
        // Found by the property test: `["a b"]` read back as `["a", "b"]`,
        // `["", "x"]` as `["x"]`.
        for items in [vec!["a b"], vec!["", "x"], vec!["x\r\n"], vec!["\t"]] {
            let items: Vec<String> = items.into_iter().map(str::to_owned).collect();
            let mut w = XmlWriter::new(false);
            w.start(Name::local("r"));
            w.attr_list(None, "a", &items);
            w.end();
            let bad = w.finish().unwrap_err();
            assert!(matches!(bad.problem, Problem::ListItem(_)), "{items:?}: {bad:?}");
            let mut w = XmlWriter::new(false);
            crate::rt::write_xs_list(&mut w, Name::local("l"), &items);
            assert_eq!(w.finish().unwrap_err().element, "l", "{items:?}");
            let mut w = XmlWriter::new(false);
            w.start(Name::local("t"));
            w.text_list(&items);
            w.end();
            assert!(w.finish().is_err(), "{items:?}");
        }
        let mut w = XmlWriter::new(false);
        crate::rt::write_xs_list(&mut w, Name::local("l"), &vec!["a".to_owned(), "\u{e9}".to_owned()]);
        assert_eq!(w.finish().unwrap(), "<l>a \u{e9}</l>");
    }
}
