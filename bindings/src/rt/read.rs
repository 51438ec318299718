//! Streaming XML decoding of response bodies on the runtime's own
//! tokeniser (`lexer`), with the namespaces in scope kept by [`Scopes`].
//!
//! Generated `FromXml` impls pull child elements with
//! [`XmlReader::next_child`] and hand each to a field helper (`set`,
//! `set_opt`, `push`, `set_list`). Nothing is allocated per element on the
//! success path: tags borrow from the input, and element paths for error
//! messages are built only while an error propagates.
//!
//! Hostile input is refused rather than survived: a `DOCTYPE` (the vehicle
//! of entity-expansion attacks) is an error, entity references other than
//! the five predefined ones and character references are errors, and element
//! nesting deeper than [`DecodeOptions::max_depth`] is an error before any
//! recursion happens.

use std::borrow::Cow;

use super::chars::{is_blank, shown};
use super::lexer::{Lexer, Token};
use super::ns;
use super::scopes::{Resolved, Scopes};
use super::tag_attrs::TagAttrs;
use super::text;

mod items;
mod lists;

pub(crate) use items::{Handing, SendHanding};

/// A value that can be read from one XML element.
pub trait FromXml: Sized {
    /// Reads `Self` from element `el`, whose start tag was just read;
    /// consumes everything through its end tag.
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError>;

    /// The value of a response whose body is empty, if that is a valid
    /// value of this type (only `()`, for operations without output).
    fn from_absent() -> Option<Self> {
        None
    }
}

impl FromXml for () {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        r.skip(el)
    }

    fn from_absent() -> Option<Self> {
        Some(())
    }
}

impl<T: FromXml> FromXml for Box<T> {
    fn from_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Self, DecodeError> {
        T::from_xml(r, el).map(Box::new)
    }
}

/// What to do with an element the schema does not declare at that place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UnknownElements {
    /// Fail with [`DecodeErrorKind::UnknownElement`]: nothing the server
    /// sent is dropped silently. The default.
    #[default]
    Error,
    /// Skip it and log a `tracing` warning: for servers newer than their
    /// WSDL that add fields.
    Skip,
}

/// What to do with an `xsi:nil` item of a list (a SOAP-ENC array item, or
/// one occurrence among several of a repeated element): a `Vec<T>` has no
/// place for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NilItems {
    /// Fail with [`DecodeErrorKind::NilItem`]: dropping the item would
    /// shift every later one (an array of values in the order of requested
    /// names would pair them wrongly). The default.
    #[default]
    Error,
    /// Leave the item out and log a `tracing` warning.
    Skip,
}

/// What to do with an `xsi:nil` element the schema does not declare
/// nillable (a `String` or `i32` field has no value for it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NilValues {
    /// Fail with [`DecodeErrorKind::Nil`]. The default.
    #[default]
    Error,
    /// Read it as the same element without content, and log a `tracing`
    /// warning: an empty string for a string, an error still for a number
    /// (empty is no number), a structure only if none of its fields is
    /// required. For rpc/encoded servers that send a null for any value
    /// (Apache Axis answers a Java `null` String with `xsi:nil`, which SOAP
    /// encoding allows for every accessor) where the WSDL's types cannot
    /// say so. A nil and an empty string then read the same.
    AsEmpty,
}

/// Limits and policies of decoding. The defaults are strict: whatever a
/// response holds either decodes faithfully or is an error; each lenient
/// behaviour is a field to switch on.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    pub unknown: UnknownElements,
    /// Deepest element nesting accepted (the `Envelope` is depth 1); also
    /// bounds how deeply SOAP-encoding references may nest.
    pub max_depth: usize,
    pub nil_items: NilItems,
    pub nil_values: NilValues,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            unknown: UnknownElements::Error,
            max_depth: 64,
            nil_items: NilItems::Error,
            nil_values: NilValues::Error,
        }
    }
}

/// Why a response did not decode, and where: `err.kind` and `err.path`
/// (see [`DecodeFailure`], which it dereferences to).
///
/// One pointer: every decoding function returns a `Result` with it, per
/// element and per value, and a small error keeps those results small
/// (in registers) on the path that succeeds.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} at /{}", self.0.kind, self.0.path.join("/"))]
pub struct DecodeError(Box<DecodeFailure>);

/// What a [`DecodeError`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeFailure {
    /// Element path from the outermost element read, e.g.
    /// `["FindUserResponse", "users", "item[2]", "userName"]`.
    pub path: Vec<String>,
    pub kind: DecodeErrorKind,
}

impl DecodeError {
    /// The path and kind, to move out.
    pub fn into_inner(self) -> DecodeFailure {
        *self.0
    }
}

impl std::ops::Deref for DecodeError {
    type Target = DecodeFailure;

    fn deref(&self) -> &DecodeFailure {
        &self.0
    }
}

impl std::ops::DerefMut for DecodeError {
    fn deref_mut(&mut self) -> &mut DecodeFailure {
        &mut self.0
    }
}

impl std::fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DecodeError").field("path", &self.0.path).field("kind", &self.0.kind).finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    #[error("malformed XML: {0}")]
    Malformed(String),
    #[error("a DOCTYPE is not allowed in a SOAP message")]
    DocType,
    #[error("unsupported entity or invalid character reference `&{0};`")]
    Entity(String),
    #[error("nesting deeper than {0} elements")]
    TooDeep(usize),
    #[error("unexpected end of document")]
    UnexpectedEof,
    #[error("unexpected text {0:?} where elements were expected")]
    UnexpectedText(String),
    #[error("unexpected element <{0}> where text was expected")]
    UnexpectedElement(String),
    #[error("unknown element <{0}>")]
    UnknownElement(String),
    #[error("missing required element <{0}>")]
    Missing(&'static str),
    #[error("missing required attribute `{0}`")]
    MissingAttribute(&'static str),
    /// An element the type declares, but not at this place of its content
    /// model (out of order, or more often than allowed).
    #[error("element <{0}> is not allowed here by the content model")]
    Misplaced(String),
    /// An `xsi:type` that names neither the declared type nor a type
    /// derived from it.
    #[error("xsi:type {found:?} is not {expected} or a type derived from it")]
    UnknownType { expected: &'static str, found: String },
    /// A value of an abstract type without an `xsi:type` naming which
    /// derived type it is.
    #[error("the value of abstract type {0} needs an xsi:type naming a derived type")]
    AbstractType(&'static str),
    #[error("element <{0}> occurs more than once")]
    Duplicate(String),
    #[error("<{name}> occurs {found} times, at least {min} required")]
    TooFew { name: &'static str, min: u32, found: usize },
    #[error("element is xsi:nil but not nillable")]
    Nil,
    /// An `xsi:nil` item in a list; see [`NilItems`].
    #[error("xsi:nil item in a list (a list has no place for it; see DecodeOptions::nil_items)")]
    NilItem,
    #[error("element is xsi:nil but has content")]
    NilWithContent,
    /// A SOAP-ENC `arrayType="T[n]"` whose `n` is not the number of items.
    #[error("arrayType declares {declared} items, the array has {found}")]
    ArrayLength { declared: u64, found: usize },
    /// A character XML 1.0 does not allow (such as U+0001, NUL or U+FFFE),
    /// written or referenced in text.
    #[error("character U+{0:04X} is not allowed in XML 1.0")]
    InvalidChar(u32),
    #[error("invalid {expected} value {found:?}")]
    InvalidValue { expected: &'static str, found: String },
    #[error("expected <{expected}>, found <{found}>")]
    WrongElement { expected: String, found: String },
    #[error("not a SOAP envelope: {0}")]
    NotEnvelope(String),
    /// A response header block marked `mustUnderstand` for this client
    /// (SOAP 1.1 section 4.2.3, 1.2 part 1 section 5.2.3) that the operation
    /// does not declare, so the client cannot process it.
    #[error("header block <{0}> must be understood but the operation does not declare it")]
    NotUnderstood(String),
    /// A SOAP-encoding `href` that names no element, is part of a cycle, or
    /// expands beyond the limit (see `rt::multiref`).
    #[error("multi-reference: {0}")]
    Reference(String),
}

impl DecodeError {
    pub fn new(kind: DecodeErrorKind) -> Self {
        DecodeError(Box::new(DecodeFailure { path: Vec::new(), kind }))
    }

    /// Prefixes the path with `segment` (called as the error propagates out
    /// of an element).
    pub fn within(mut self, segment: impl Into<String>) -> Self {
        self.path.insert(0, segment.into());
        self
    }

    pub fn invalid(expected: &'static str, found: &str) -> Self {
        let mut found: String = found.chars().take(64).collect();
        if found.len() < 64 {
            found.shrink_to_fit();
        }
        DecodeError::new(DecodeErrorKind::InvalidValue { expected, found })
    }
}

impl From<quick_xml::Error> for DecodeError {
    fn from(e: quick_xml::Error) -> Self {
        DecodeError::new(DecodeErrorKind::Malformed(e.to_string()))
    }
}

/// A start tag just read: the element to decode. Borrows from the input.
#[derive(Debug, Clone)]
pub struct StartTag<'a> {
    /// The qualified name.
    name: &'a str,
    /// The attributes as written: everything between the name and `>` or
    /// `/>` (empty without attributes).
    attrs: &'a str,
    /// `<x/>`: there is no content and no end tag to read.
    empty: bool,
    nil: bool,
    /// The item count a SOAP-encoding `arrayType="T[n]"` declares, plus
    /// one (0 when none is; a count beyond `u32::MAX - 2` saturates, which
    /// no input under the size limit can match). A `u32`, so the tag stays
    /// as small as without it: it is returned by value for every element.
    declared_len: u32,
    /// Where the local name starts in the qualified name (after the
    /// prefix's colon, 0 without a prefix); `u16::MAX` for a prefix too
    /// long to say, where `local_name` searches again. Found once by
    /// `open`, where the prefix is checked, instead of at every name match.
    local_start: u16,
}

impl<'a> StartTag<'a> {
    /// The element's local name.
    #[inline]
    pub fn local_name(&self) -> &'a str {
        let name = self.name;
        match self.local_start {
            u16::MAX => local_of(name),
            start => name.get(usize::from(start)..).unwrap_or(name),
        }
    }

    /// The prefix of the element's name, `""` for none.
    fn prefix(&self) -> &'a str {
        match self.local_start {
            0 => "",
            _ => self.name.split_once(':').map_or("", |(prefix, _)| prefix),
        }
    }

    /// The element's name as written (with its prefix).
    pub fn qualified_name(&self) -> &'a str {
        self.name
    }

    /// Whether the element carries `xsi:nil="true"`.
    pub fn is_nil(&self) -> bool {
        self.nil
    }

    /// Whether the element was written as `<x/>`.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// The same tag as if written `<x/>`: nothing to read inside.
    pub(super) fn emptied(&self) -> StartTag<'a> {
        StartTag { empty: true, ..self.clone() }
    }

    /// The attributes as written in the start tag (names and raw values,
    /// whitespace included; empty without any). Read them resolved with
    /// [`XmlReader::attributes`].
    pub fn attributes_raw(&self) -> &'a str {
        self.attrs
    }

    /// Whether the start tag has attributes.
    pub(super) fn has_attributes(&self) -> bool {
        !is_blank(self.attrs)
    }

    /// Whether the start tag has an attribute written `key` (a qualified
    /// name, as written), well-formed or not.
    pub(super) fn has_attribute(&self, key: &str) -> bool {
        self.has_attributes() && TagAttrs::new(self.attrs).flatten().any(|a| a.key == key)
    }

    /// The attributes as written, checked as XML requires.
    pub(super) fn raw_attributes(&self) -> TagAttrs<'a> {
        TagAttrs::new(self.attrs)
    }
}

/// A piece of an element's content (see [`XmlReader::next_content`]).
#[derive(Debug)]
pub enum Content<'a> {
    Element(StartTag<'a>),
    Text(Cow<'a, str>),
}

fn local_of(qname: &str) -> &str {
    // A plain backwards loop: names are short, and memrchr's set-up costs
    // more than it saves on every element of a large response.
    match qname.bytes().rposition(|b| b == b':') {
        Some(i) => qname.get(i + 1..).unwrap_or(qname),
        None => qname,
    }
}

/// A pull decoder over one complete message; see the module docs.
#[derive(Debug)]
pub struct XmlReader<'a> {
    lexer: Lexer<'a>,
    /// The namespace bindings of the open elements (and of the element
    /// last returned, until the next event is read).
    scopes: Scopes<'a>,
    opts: DecodeOptions,
    depth: usize,
    /// Bytes that declared array lengths may still reserve up front: the
    /// input's size across all arrays of the message, so many arrays each
    /// declaring a huge length cannot add up to more than the input holds.
    reserve_left: usize,
    /// A repeated element read as a null list (its only occurrence was
    /// `xsi:nil`, Axis's way of sending a null array): (the parent's depth,
    /// its qualified name). A further occurrence makes that nil an item.
    null_list: Option<(usize, String)>,
    /// Where the items of one type go instead of into their lists (see
    /// `items`); `None` for a plain decode.
    handing: Option<Handing<'a>>,
}

impl<'a> XmlReader<'a> {
    pub fn new(input: &'a [u8], opts: DecodeOptions) -> Self {
        XmlReader {
            lexer: Lexer::new(input),
            scopes: Scopes::with_capacity(8),
            opts,
            depth: 0,
            reserve_left: input.len(),
            null_list: None,
            handing: None,
        }
    }

    pub fn options(&self) -> &DecodeOptions {
        &self.opts
    }

    /// The next token, once the bindings of elements no longer open are
    /// out of scope (an empty element's stay until here, so the caller
    /// can resolve its names).
    #[inline]
    fn event(&mut self) -> Result<Token<'a>, DecodeError> {
        self.scopes.leave(self.depth);
        self.lexer.next()
    }

    /// Reads up to the document's root element, refusing a DOCTYPE.
    pub fn root(&mut self) -> Result<StartTag<'a>, DecodeError> {
        loop {
            match self.event()? {
                Token::Start { name, attrs, empty } => return self.open(name, attrs, empty),
                Token::Text(t) if is_blank(t) => {}
                Token::Decl | Token::Comment | Token::Pi => {}
                Token::DocType => return Err(DecodeError::new(DecodeErrorKind::DocType)),
                Token::Eof | Token::End => return Err(DecodeError::new(DecodeErrorKind::UnexpectedEof)),
                Token::Text(t) => return Err(unexpected_text(t)),
                Token::CData(_) => {
                    return Err(DecodeError::new(DecodeErrorKind::UnexpectedText("&...".into())));
                }
            }
        }
    }

    /// The element just ended: one level up.
    #[inline]
    fn close(&mut self) {
        self.depth -= 1;
    }

    /// The next child element of `parent`, or `None` once `parent`'s end tag
    /// has been consumed. Comments and whitespace between children are
    /// skipped; other text is an error.
    pub fn next_child(&mut self, parent: &StartTag<'a>) -> Result<Option<StartTag<'a>>, DecodeError> {
        if parent.empty {
            if let Some(handing) = &mut self.handing {
                handing.left_empty();
            }
            return Ok(None);
        }
        loop {
            match self.event()? {
                Token::Start { name, attrs, empty } => return self.open(name, attrs, empty).map(Some),
                Token::End => {
                    self.close();
                    if self.null_list.as_ref().is_some_and(|(depth, _)| *depth > self.depth) {
                        self.null_list = None;
                    }
                    if let Some(handing) = &mut self.handing {
                        handing.left(self.depth);
                    }
                    return Ok(None);
                }
                Token::Text(t) if is_blank(t) => {}
                Token::Comment | Token::Pi => {}
                Token::Text(t) => return Err(unexpected_text(t)),
                Token::CData(c) if is_blank(c) => {}
                Token::CData(_) => {
                    return Err(DecodeError::new(DecodeErrorKind::UnexpectedText("<![CDATA[...".into())));
                }
                Token::DocType => return Err(DecodeError::new(DecodeErrorKind::DocType)),
                Token::Decl => return Err(misplaced_declaration()),
                Token::Eof => return Err(DecodeError::new(DecodeErrorKind::UnexpectedEof)),
            }
        }
    }

    /// The text content of `el` (entities resolved, CDATA included); an
    /// element child is an error.
    pub fn read_text(&mut self, el: &StartTag<'a>) -> Result<Cow<'a, str>, DecodeError> {
        if el.empty {
            return Ok(Cow::Borrowed(""));
        }
        // The common case first: one piece of text, then the end tag.
        let (raw_first, mut pending) = match self.event()? {
            Token::Text(t) => match self.event()? {
                Token::End => {
                    self.close();
                    return text::content(t);
                }
                next => (t, Some(next)),
            },
            Token::End => {
                self.close();
                return Ok(Cow::Borrowed(""));
            }
            other => ("", Some(other)),
        };
        // Several pieces (text split by CDATA sections or comments): one
        // buffer for all of them, as large as the raw text up to the next
        // markup after the second piece (never less than the decoded text,
        // references being longer than what they stand for), instead of
        // growing it piece by piece.
        let mut text = String::with_capacity(raw_first.len() + self.rest_of_text(pending.as_ref()));
        text::push_content(&mut text, raw_first)?;
        loop {
            let event = match pending.take() {
                Some(event) => event,
                None => self.event()?,
            };
            match event {
                Token::Text(t) => text::push_content(&mut text, t)?,
                Token::CData(c) => text.push_str(&text::cdata(c)?),
                Token::End => {
                    self.close();
                    return Ok(Cow::Owned(text));
                }
                Token::Comment | Token::Pi => {}
                Token::Start { name, .. } => {
                    return Err(DecodeError::new(DecodeErrorKind::UnexpectedElement(
                        local_of(name).to_owned(),
                    )));
                }
                Token::DocType => return Err(DecodeError::new(DecodeErrorKind::DocType)),
                Token::Decl => return Err(misplaced_declaration()),
                Token::Eof => return Err(DecodeError::new(DecodeErrorKind::UnexpectedEof)),
            }
        }
    }

    /// The room a text whose next piece, `pending`, was read already still
    /// needs: the pending piece and the raw bytes from the tokeniser's
    /// position up to the next `<` (where the text ends, or a comment or
    /// CDATA section begins; the buffer grows past that if it must).
    fn rest_of_text(&self, pending: Option<&Token<'a>>) -> usize {
        let pending = match pending {
            Some(Token::Text(t)) => t.len(),
            Some(Token::CData(c)) => c.len(),
            _ => 0,
        };
        let rest = self.lexer.input().as_bytes().get(self.lexer.position()..).unwrap_or_default();
        pending + memchr::memchr(b'<', rest).unwrap_or(rest.len())
    }

    /// Reads past the root element's end: only whitespace, comments and
    /// processing instructions may follow it.
    pub fn finish(&mut self) -> Result<(), DecodeError> {
        loop {
            match self.event()? {
                Token::Eof => return Ok(()),
                Token::Text(t) if is_blank(t) => {}
                Token::Comment | Token::Pi => {}
                _ => {
                    return Err(DecodeError::new(DecodeErrorKind::Malformed(
                        "content after the end of the root element".into(),
                    )));
                }
            }
        }
    }

    /// Consumes `el` and everything in it.
    pub fn skip(&mut self, el: &StartTag<'a>) -> Result<(), DecodeError> {
        self.raw_inner(el).map(|_| ())
    }

    /// Consumes `el` and returns its content as the XML text it was sent as.
    pub fn raw_inner(&mut self, el: &StartTag<'a>) -> Result<&'a str, DecodeError> {
        if el.empty {
            return Ok("");
        }
        // Iterative, so deep nesting inside skipped content cannot exhaust
        // the stack.
        let scopes = &self.scopes;
        let outer = |prefix: &str| scopes.resolve(prefix) != Resolved::Unknown;
        let (start, end) = self.lexer.skip_open(Some(&outer))?;
        self.close();
        Ok(self.lexer.input().get(start..end).unwrap_or_default())
    }

    /// An element the type does not declare: an error, or skipped with a
    /// warning, as [`DecodeOptions::unknown`] says.
    pub fn unknown(&mut self, el: &StartTag<'a>) -> Result<(), DecodeError> {
        match self.opts.unknown {
            UnknownElements::Error => {
                Err(DecodeError::new(DecodeErrorKind::UnknownElement(el.local_name().to_owned())))
            }
            UnknownElements::Skip => {
                tracing::warn!(element = el.local_name(), "skipping an element the WSDL does not declare");
                self.skip(el)
            }
        }
    }

    /// The namespace URI of `el`'s name. Valid only right after `el` was
    /// returned (before reading further), while its scope is current.
    pub fn namespace_of(&self, el: &StartTag<'a>) -> Option<String> {
        self.namespace_ref(el).map(str::to_owned)
    }

    /// [`namespace_of`](Self::namespace_of), borrowed from the reader's
    /// scopes: for comparing, where an owned copy would be an allocation
    /// per element (the envelope's elements, at every call).
    pub fn namespace_ref(&self, el: &StartTag<'a>) -> Option<&str> {
        match self.scopes.resolve(el.prefix()) {
            Resolved::Bound(ns) => Some(ns),
            _ => None,
        }
    }

    /// Whether `el` (just returned) is unqualified or in one of `allowed`:
    /// the namespaces of a type and of its declared fields. Servers disagree
    /// on qualifying local elements, and a default namespace on a wrapper
    /// qualifies its unprefixed children, so any of these is taken; a child
    /// in another namespace is another element.
    pub fn in_namespaces(&self, el: &StartTag<'a>, allowed: &[&str]) -> bool {
        match self.scopes.resolve(el.prefix()) {
            Resolved::Bound(ns) => allowed.contains(&ns),
            _ => true,
        }
    }

    /// Resolves a QName-valued text (like a `faultcode`) against the
    /// namespaces in scope at the current position.
    pub fn resolve_prefix_of(&self, qname: &str) -> Option<String> {
        let prefix = qname.split_once(':')?.0;
        match self.scopes.resolve(prefix) {
            Resolved::Bound(ns) => Some(ns.to_owned()),
            _ => None,
        }
    }

    /// The namespace of an attribute named `key` on the element last
    /// returned: none without a prefix (a default namespace does not apply
    /// to attributes), `Unknown` for an undeclared prefix.
    pub(super) fn attribute_namespace(&self, key: &str) -> Resolved<'_> {
        match key.split_once(':') {
            Some((prefix, _)) => self.scopes.resolve(prefix),
            None => Resolved::Unbound,
        }
    }

    // ---- field helpers (the generated code calls their `rt::slots`
    // forms, which compile smaller; these stay for hand-written decoders
    // and delegate, so there is one implementation) --------------------

    /// A single-occurrence element (`T` or `Option<T>` field, not nillable).
    pub fn set<T: FromXml>(&mut self, slot: &mut Option<T>, el: &StartTag<'a>) -> Result<(), DecodeError> {
        self.slot(slot, el)
    }

    /// A single-occurrence element that may be nil: `Some(None)` records a
    /// nil so a second occurrence is still caught.
    pub fn set_opt<T: FromXml>(
        &mut self,
        slot: &mut Option<Option<T>>,
        el: &StartTag<'a>,
    ) -> Result<(), DecodeError> {
        self.slot_nillable(slot, el)
    }

    /// One occurrence of a repeated element. A nil occurrence that is the
    /// only one is a null list and adds no item (Axis sends a null array as
    /// one nil element); a nil among other occurrences is a nil item, which
    /// [`DecodeOptions::nil_items`] decides about.
    pub fn push<T: FromXml + 'static>(
        &mut self,
        items: &mut Vec<T>,
        el: &StartTag<'a>,
    ) -> Result<(), DecodeError> {
        let at = |e: DecodeError, n: usize| super::slots::within_item(e, el, n);
        let parent = self.parent_depth(el);
        // Items handed over (see `items`) count as the list's length would.
        let kept = items.len();
        let len = if self.hands_over::<T>() { kept + self.handed(parent, el.qualified_name()) } else { kept };
        let after_null = self
            .null_list
            .as_ref()
            .is_some_and(|(depth, name)| *depth == parent && name == el.qualified_name());
        if after_null {
            // The earlier nil was an item after all.
            self.null_list = None;
            self.nil_item(el).map_err(|e| at(e, 0))?;
            if el.nil {
                return self.nil_content(el);
            }
        } else if el.nil {
            self.nil_content(el)?;
            if len == 0 {
                self.null_list = Some((parent, el.qualified_name().to_owned()));
                return Ok(());
            }
            return self.nil_item(el).map_err(|e| at(e, len));
        }
        let item = T::from_xml(self, el).map_err(|e| at(e, len))?;
        self.keep_or_hand(items, item, parent, el);
        Ok(())
    }

    /// One alternative of a choice whose alternatives are single elements
    /// of distinct names: `make` is the enum variant (`Choice::A`). A plain
    /// `fn`, so one copy of this serves every variant of a value type.
    pub fn set_variant<T: FromXml, C>(
        &mut self,
        slot: &mut Option<C>,
        el: &StartTag<'a>,
        make: fn(T) -> C,
    ) -> Result<(), DecodeError> {
        self.slot_variant(slot, el, make)
    }

    /// As [`XmlReader::set_variant`], for an alternative that may be nil.
    pub fn set_variant_nillable<T: FromXml, C>(
        &mut self,
        slot: &mut Option<C>,
        el: &StartTag<'a>,
        make: fn(Option<T>) -> C,
    ) -> Result<(), DecodeError> {
        self.slot_variant_nillable(slot, el, make)
    }

    /// One occurrence of a repeated choice of single elements; kept in
    /// document order.
    pub fn push_variant<T: FromXml, C: 'static>(
        &mut self,
        items: &mut Vec<C>,
        el: &StartTag<'a>,
        make: fn(T) -> C,
    ) -> Result<(), DecodeError> {
        self.slot_item_variant(items, el, make)
    }

    /// The next piece of `parent`'s content: a child element or a piece of
    /// text (an entity or character reference resolved, CDATA as text), or
    /// `None` once `parent`'s end tag has been consumed. Adjacent pieces of
    /// text are the caller's to join. For content kept whole (mixed
    /// content, `xsd:anyType`).
    pub fn next_content(&mut self, parent: &StartTag<'a>) -> Result<Option<Content<'a>>, DecodeError> {
        if parent.empty {
            return Ok(None);
        }
        loop {
            match self.event()? {
                Token::Text(t) => return text::content(t).map(|t| Some(Content::Text(t))),
                Token::CData(c) => return text::cdata(c).map(|t| Some(Content::Text(t))),
                Token::Start { name, attrs, empty } => {
                    return self.open(name, attrs, empty).map(|t| Some(Content::Element(t)));
                }
                Token::End => {
                    self.close();
                    return Ok(None);
                }
                Token::Comment | Token::Pi => {}
                Token::DocType => return Err(DecodeError::new(DecodeErrorKind::DocType)),
                Token::Decl => return Err(misplaced_declaration()),
                Token::Eof => return Err(DecodeError::new(DecodeErrorKind::UnexpectedEof)),
            }
        }
    }

    /// A nil item of a list: an error, or skipped with a warning, as
    /// [`DecodeOptions::nil_items`] says.
    pub(super) fn nil_item(&mut self, el: &StartTag<'a>) -> Result<(), DecodeError> {
        match self.opts.nil_items {
            NilItems::Error => Err(DecodeError::new(DecodeErrorKind::NilItem)),
            NilItems::Skip => {
                tracing::warn!(element = el.local_name(), "skipping an xsi:nil list item");
                Ok(())
            }
        }
    }

    /// An `xsi:nil` element the schema does not declare nillable: an error
    /// ([`DecodeErrorKind::Nil`]), or under [`NilValues::AsEmpty`] its
    /// content consumed and the same tag as if empty, to read the value
    /// from. Errors name the element. One rule for the by-name slots and
    /// the order-preserving `Children::one`.
    #[cold]
    pub(super) fn non_nillable_nil(&mut self, el: &StartTag<'a>) -> Result<StartTag<'a>, DecodeError> {
        match self.opts.nil_values {
            NilValues::Error => Err(DecodeError::new(DecodeErrorKind::Nil).within(el.local_name())),
            NilValues::AsEmpty => {
                tracing::warn!(
                    element = el.local_name(),
                    "reading an xsi:nil element that is not nillable as empty"
                );
                self.nil_content(el)?;
                Ok(el.emptied())
            }
        }
    }

    /// Consumes a nil element, which may hold nothing but whitespace and
    /// comments: content would be lost.
    pub(super) fn nil_content(&mut self, el: &StartTag<'a>) -> Result<(), DecodeError> {
        let nil_with_content = || DecodeError::new(DecodeErrorKind::NilWithContent).within(el.local_name());
        match self.read_text(el) {
            Ok(text) if text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n')).is_empty() => Ok(()),
            Ok(_) => Err(nil_with_content()),
            Err(e) if matches!(e.kind, DecodeErrorKind::UnexpectedElement(_)) => Err(nil_with_content()),
            Err(e) => Err(e.within(el.local_name())),
        }
    }

    fn open(&mut self, name: &'a str, attrs: &'a str, empty: bool) -> Result<StartTag<'a>, DecodeError> {
        // The nesting level of this element (the root is 1), the same
        // whether it is written `<x/>` or `<x></x>`.
        let level = self.depth + 1;
        if level > self.opts.max_depth {
            return Err(DecodeError::new(DecodeErrorKind::TooDeep(self.opts.max_depth)));
        }
        if !empty {
            self.depth = level;
        }
        // Attributes first: they may declare the element's own prefix.
        let (nil, declared_len) =
            if is_blank(attrs) { (false, 0) } else { self.read_attributes(attrs, level)? };
        // Plain loops for the colon, as in `local_of`.
        let last_colon = name.bytes().rposition(|b| b == b':');
        if let Some(last) = last_colon {
            if !qualified(name, name.bytes().position(|b| b == b':').unwrap_or(last), last) {
                return Err(not_qualified(name));
            }
            let prefix = name.split(':').next().unwrap_or(name);
            if self.scopes.resolve(prefix) == Resolved::Unknown {
                return Err(undeclared_prefix(prefix));
            }
        }
        let local_start = last_colon.map_or(Some(0), |c| u16::try_from(c + 1).ok()).unwrap_or(u16::MAX);
        Ok(StartTag { name, attrs, empty, nil, declared_len, local_start })
    }

    /// Declares the namespaces of the element at `level` and reads its
    /// `xsi:nil` and the length a SOAP-ENC `arrayType` declares.
    fn read_attributes(&mut self, attrs: &'a str, level: usize) -> Result<(bool, u32), DecodeError> {
        let mut pass = self.attribute_pass(attrs, level, true)?;
        if pass.unresolved {
            // A prefix used before the attribute declaring it
            // (`<a p:x="1" xmlns:p="urn:p">`, legal if rare): once more,
            // with every declaration of the tag in scope.
            pass = self.attribute_pass(attrs, level, false)?;
        }
        if pass.may_repeat_a_name() {
            self.unique_expanded_names(attrs)?;
        }
        Ok((pass.nil, pass.declared_len))
    }

    /// Namespaces in XML's "Attributes Unique": no two attributes of a tag
    /// (whose names differ as written, which `TagAttrs` checks) may name the
    /// same namespace and local name, as `a:x` and `b:x` do with `a` and `b`
    /// bound alike. Only prefixed attributes of the same local name can, so
    /// other tags (all but a few) are not read again.
    fn unique_expanded_names(&self, attrs: &'a str) -> Result<(), DecodeError> {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for attr in TagAttrs::new(attrs).flatten() {
            let Some((prefix, local)) = attr.key.split_once(':') else { continue };
            if prefix == "xmlns" {
                continue;
            }
            let Resolved::Bound(ns) = self.scopes.resolve(prefix) else { continue };
            if seen.contains(&(ns, local)) {
                let message = format!("attribute {{{}}}{} appears twice", shown(ns), shown(local));
                return Err(DecodeError::new(DecodeErrorKind::Malformed(message)));
            }
            // A hostile tag with thousands of prefixed attributes stays
            // bounded by the input: each is a few bytes of it, and the
            // check is quadratic only in what one tag holds.
            seen.push((ns, local));
        }
        Ok(())
    }

    /// One pass over the tag's attributes. The first (`declare`) declares
    /// the namespaces and notes a prefix not (yet) declared; the second
    /// takes one for an error.
    fn attribute_pass(
        &mut self,
        attrs: &'a str,
        level: usize,
        declare: bool,
    ) -> Result<AttributePass<'a>, DecodeError> {
        // Every attribute is parsed (not only up to `xsi:nil`), so that a
        // malformed or duplicate attribute is an error wherever it is.
        let mut pass =
            AttributePass { nil: false, declared_len: 0, unresolved: false, prefixed: 0, locals: [""; 4] };
        for attr in TagAttrs::new(attrs) {
            let attr = attr.map_err(|e| DecodeError::new(DecodeErrorKind::Malformed(e)))?;
            if declare && attr.suspect {
                // Checked whether or not it is read (see `RawAttr::suspect`).
                text::attribute_value(attr.value)?;
            }
            let key = attr.key;
            let colon = key.bytes().position(|b| b == b':');
            let prefix = colon.and_then(|colon| key.get(..colon));
            if let Some(colon) = colon {
                // The last colon, looked for after the first only.
                let local = key.get(colon + 1..).unwrap_or_default();
                let last = local.bytes().rposition(|b| b == b':').map_or(colon, |i| colon + 1 + i);
                if !qualified(key, colon, last) {
                    return Err(not_qualified(key));
                }
                if prefix != Some("xmlns") {
                    if let Some(slot) = pass.locals.get_mut(pass.prefixed) {
                        *slot = local;
                    }
                    pass.prefixed += 1;
                }
            }
            // Each prefix resolved once: for the undeclared check and for
            // what the attribute is.
            let resolved = match prefix {
                Some("xmlns") => {
                    if declare {
                        self.declare(key.get(6..).unwrap_or_default(), attr.value, level)?;
                    }
                    continue;
                }
                None if key == "xmlns" => {
                    if declare {
                        self.declare("", attr.value, level)?;
                    }
                    continue;
                }
                None => Resolved::Unbound,
                Some(prefix) => match self.scopes.resolve(prefix) {
                    Resolved::Unknown if declare => {
                        pass.unresolved = true;
                        continue;
                    }
                    Resolved::Unknown => return Err(undeclared_prefix(prefix)),
                    resolved => resolved,
                },
            };
            if key == "nil" || key.ends_with(":nil") {
                if resolved == Resolved::Bound(ns::XSI) {
                    let v = text::attribute_value(attr.value)?;
                    pass.nil = matches!(v.trim(), "true" | "1");
                }
            } else if key.ends_with(":arrayType") && resolved == Resolved::Bound(ns::SOAP_ENC) {
                // `ns:T[n]`, stored as n + 1. A multi-dimensional `[n,m]`
                // or a missing count declares nothing checkable.
                pass.declared_len = attr
                    .value
                    .rsplit_once('[')
                    .and_then(|(_, n)| n.strip_suffix(']'))
                    .and_then(|n| n.trim().parse::<u64>().ok())
                    .map_or(0, |n| u32::try_from(n.saturating_add(1)).unwrap_or(u32::MAX));
            }
        }
        Ok(pass)
    }

    /// Declares `prefix` (`""`: the default namespace) as `value`, an
    /// attribute value as written, for the element at `level`. Both are
    /// borrowed from the input unless the value holds references or
    /// whitespace to normalise.
    fn declare(&mut self, prefix: &'a str, value: &'a str, level: usize) -> Result<(), DecodeError> {
        self.scopes.declare(level, prefix, text::attribute_value(value)?)
    }
}

/// What one pass over a start tag's attributes found.
struct AttributePass<'a> {
    nil: bool,
    /// The declared array length + 1 (0: none).
    declared_len: u32,
    /// A prefix no declaration in scope binds (yet).
    unresolved: bool,
    /// Attributes with a prefix other than `xmlns`.
    prefixed: usize,
    /// The local names of the first four of them.
    locals: [&'a str; 4],
}

impl AttributePass<'_> {
    /// Whether two prefixed attributes may name the same namespace and
    /// local name: they have the same local name, or there are too many
    /// to say.
    fn may_repeat_a_name(&self) -> bool {
        let Some(locals) = self.locals.get(..self.prefixed) else { return true };
        locals
            .iter()
            .enumerate()
            .any(|(i, local)| locals.get(i + 1..).is_some_and(|rest| rest.contains(local)))
    }
}

/// The value of a required field once all children are read.
pub fn required<T>(slot: Option<T>, name: &'static str) -> Result<T, DecodeError> {
    slot.ok_or_else(|| super::slots::missing(name))
}

/// Checks a repeated field's minOccurs (see also
/// [`XmlReader::at_least`], which generated decoders use).
pub fn at_least<T>(items: Vec<T>, min: u32, name: &'static str) -> Result<Vec<T>, DecodeError> {
    super::fields::check_at_least(items.len(), min, name)?;
    Ok(items)
}

fn undeclared_prefix(prefix: &str) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Malformed(format!("undeclared namespace prefix `{}`", shown(prefix))))
}

/// Whether `name`, whose first colon is at `first` and last at `last`, is
/// a qualified name as Namespaces in XML define it: one colon, neither
/// first nor last (a prefix and a local name). For element and attribute
/// names alike.
pub(super) fn qualified(name: &str, first: usize, last: usize) -> bool {
    first == last && first > 0 && last + 1 < name.len()
}

#[cold]
pub(super) fn not_qualified(name: &str) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Malformed(format!(
        "`{}` is not a qualified name (a prefix, one colon, a local name)",
        shown(name)
    )))
}

fn misplaced_declaration() -> DecodeError {
    DecodeError::new(DecodeErrorKind::Malformed("misplaced XML declaration".into()))
}

fn unexpected_text(t: &str) -> DecodeError {
    DecodeError::new(DecodeErrorKind::UnexpectedText(shown(t.trim())))
}

/// Appends an item of a repeated element: the first item makes room for
/// two, the third and fourth for exactly one more each, then the usual
/// doubling. `Vec`'s own first growth makes room for four, which for the
/// one to three short items most repeated elements hold is most of the
/// list's memory (a sipXconfig user's aliases, groups and permissions held
/// 336 bytes of buffers for 168 used). Starting from room for one instead
/// costs a reallocation at the second item, which measured slower; from two,
/// a FindUser decode took 0.95x the time (the smaller heap) for 0.9% more
/// instructions (2.4% with compact strings) and 0.88x the memory (0.77x).
/// Wrapped lists are sized from their declared length or an estimate
/// instead (`lists`).
#[inline]
pub(crate) fn push_sized<T>(items: &mut Vec<T>, item: T) {
    if items.len() == items.capacity() && items.len() < 4 {
        items.reserve_exact(if items.is_empty() { 2 } else { 1 });
    }
    items.push(item);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_after_a_stray_line_is_taken_and_after_the_root_refused() {
        let stray = "\n<?xml version=\"1.0\"?><!-- c --><a/>";
        let mut r = XmlReader::new(stray.as_bytes(), DecodeOptions::default());
        assert_eq!(r.root().unwrap().local_name(), "a");
        r.finish().unwrap();
        let after = "<a/><?xml version=\"1.0\"?>";
        let mut r = XmlReader::new(after.as_bytes(), DecodeOptions::default());
        r.root().unwrap();
        assert!(r.finish().unwrap_err().to_string().contains("after the end of the root"));
    }

    #[test]
    fn a_root_prefix_a_descendant_undeclares_is_undeclared_below_it() {
        // `xmlns:p=""` (XML 1.1 style, which the tokeniser accepts) makes
        // a prefix the root declares unknown below it.
        for inner in [r#"<p:b/>"#, r#"<b p:x="1"/>"#] {
            let xml = format!(r#"<r xmlns:p="urn:p"><p:ok p:x="1"/><a xmlns:p="">{inner}</a></r>"#);
            let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
            let root = r.root().unwrap();
            let ok = r.next_child(&root).unwrap().unwrap();
            assert_eq!(ok.local_name(), "ok");
            let a = r.next_child(&root).unwrap().unwrap();
            let err = r.next_child(&a).unwrap_err();
            assert!(err.to_string().contains("undeclared namespace prefix `p`"), "{inner}: {err}");
        }
    }

    #[test]
    fn one_piece_of_text_has_its_line_ends_normalised_and_forbidden_characters_refused() {
        // Each character at every offset of a 20-byte text, so the word
        // scan and its remainder both meet it: carriage returns become line
        // feeds, characters XML forbids fail, the rest (other 0xEF-led ones
        // included) come through as sent.
        let read = |text: &str| {
            let xml = format!("<r><a>{text}</a></r>");
            let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
            let root = r.root().unwrap();
            let a = r.next_child(&root).unwrap().unwrap();
            r.read_text(&a).map(Cow::into_owned)
        };
        for c in
            ['\r', '\n', '\t', '\u{1}', '\u{1F}', '\u{FFFE}', '\u{FFFF}', '\u{FFFD}', '\u{F000}', 'ü', 'z']
        {
            for at in 0..20 {
                let mut text: String = "abcdefghijklmnopqrst".into();
                text.replace_range(at..=at, &c.to_string());
                let got = read(&text);
                match c {
                    '\r' => assert_eq!(got.unwrap(), text.replace('\r', "\n"), "at {at}"),
                    '\u{1}' | '\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {
                        assert_eq!(
                            got.unwrap_err().kind,
                            DecodeErrorKind::InvalidChar(c as u32),
                            "{c:?} at {at}"
                        )
                    }
                    _ => assert_eq!(got.unwrap(), text, "{c:?} at {at}"),
                }
            }
        }
        assert_eq!(read("a\r\nb\r\n").unwrap(), "a\nb\n");
    }

    #[test]
    fn a_decode_error_is_one_pointer_and_reads_as_its_parts() {
        // Every decoding function returns a Result with it: kept small.
        assert_eq!(std::mem::size_of::<DecodeError>(), std::mem::size_of::<usize>());
        assert_eq!(std::mem::size_of::<Result<(), DecodeError>>(), std::mem::size_of::<usize>());
        let err = DecodeError::new(DecodeErrorKind::Missing("a")).within("b");
        assert_eq!((&err.kind, &err.path[..]), (&DecodeErrorKind::Missing("a"), &["b".to_owned()][..]));
        assert_eq!(err.to_string(), "missing required element <a> at /b");
        assert_eq!(format!("{err:?}"), r#"DecodeError { path: ["b"], kind: Missing("a") }"#);
        let DecodeFailure { path, kind } = err.into_inner();
        assert_eq!((kind, path), (DecodeErrorKind::Missing("a"), vec!["b".to_owned()]));
    }

    #[test]
    fn a_text_in_pieces_is_joined_whatever_the_pieces() {
        // The buffer is sized up to the next `<`; a comment or CDATA
        // section there makes the text longer than that, and the buffer
        // grows. Each case also checks the reader is past the element.
        for (inner, text) in [
            ("M&#252;ller-1", "Müller-1"),
            ("&amp;", "&"),
            ("&#xD83D;&#xDCDE; call", "\u{1F4DE} call"),
            ("a&lt;<![CDATA[<b>&amp;</b>]]>c&gt;", "a<<b>&amp;</b>c>"),
            ("<!-- c -->tail", "tail"),
            ("x<!-- c -->y&amp;<!-- d --><![CDATA[]]>z", "xy&z"),
            ("<![CDATA[only]]>", "only"),
        ] {
            let xml = format!("<r><a>{inner}</a><b/></r>");
            let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
            let root = r.root().unwrap();
            let a = r.next_child(&root).unwrap().unwrap();
            assert_eq!(r.read_text(&a).unwrap(), text, "{inner}");
            assert_eq!(r.next_child(&root).unwrap().unwrap().local_name(), "b", "{inner}");
        }
    }

    #[test]
    fn every_start_tag_s_attributes_are_checked_as_xml_requires() {
        let ok =
            r#"<r><a x="1" y='2' xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></r>"#;
        let mut r = XmlReader::new(ok.as_bytes(), DecodeOptions::default());
        let root = r.root().unwrap();
        assert!(r.next_child(&root).unwrap().unwrap().is_nil());
        for (attrs, says) in [
            (r#"x="1" x="2""#, "appears twice"),
            (r#"x="1"y="2""#, "no whitespace"),
            (r#"x="a<b""#, "`<`"),
            (r#"x=1"#, "not quoted"),
            (r#"x"#, "without `=`"),
        ] {
            let xml = format!("<r><ok/><a {attrs}/></r>");
            let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
            let root = r.root().unwrap();
            let first = r.next_child(&root).unwrap().unwrap();
            assert_eq!(first.local_name(), "ok");
            let err = r.next_child(&root).unwrap_err();
            assert!(matches!(&err.kind, DecodeErrorKind::Malformed(m) if m.contains(says)), "{attrs}: {err}");
        }
        // References and characters in values nobody reads: checked all
        // the same, in the first word of the value or past it; the
        // references XML defines still read.
        let unread = |attrs: &str| {
            let xml = format!("<r><a {attrs}>t</a></r>");
            let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
            let root = r.root()?;
            let a = r.next_child(&root)?.ok_or_else(|| DecodeError::new(DecodeErrorKind::Missing("a")))?;
            r.read_text(&a).map(|t| t.into_owned())
        };
        for (attrs, kind) in [
            (r#"x="&bogus;""#, DecodeErrorKind::Entity("bogus".to_owned())),
            (r#"x="12345678 &bogus;""#, DecodeErrorKind::Entity("bogus".to_owned())),
            (r#"y="1" x='&#0;'"#, DecodeErrorKind::InvalidChar(0)),
            ("x=\"123456789\u{FFFE}\"", DecodeErrorKind::InvalidChar(0xFFFE)),
            (r#"x="&#xD800;""#, DecodeErrorKind::Entity("#xD800".to_owned())),
        ] {
            assert_eq!(unread(attrs).map_err(|e| e.kind.clone()), Err(kind), "{attrs}");
        }
        assert!(unread(r#"x="&amp b;""#).unwrap_err().to_string().contains("without its `;`"));
        let fine = "x=\"&amp;&lt;&#233;&#x1F4DE;\u{E9}\u{EF0F}\" y='&quot;'";
        assert_eq!(unread(fine).unwrap(), "t");
    }

    #[test]
    fn what_xml_and_its_namespaces_refuse_is_refused_wherever_it_is() {
        let ns = r#"xmlns:a="urn:a" xmlns:b="urn:a""#;
        for (xml, says) in [
            // Form feed is no XML whitespace, nor any XML character.
            ("\u{C}<r/>", "unexpected text"),
            ("<r/>\u{C}", "content after the end"),
            ("<r>\u{C}<x/></r>", "unexpected text"),
            ("<r \u{C}/>", "malformed"),
            // Characters XML forbids, outside text too.
            ("<r\u{1}/>", "malformed start tag"),
            ("<r a\u{1}=\"1\"/>", "malformed attribute name"),
            ("<r a=\"\u{1}\"/>", "U+0001 in the value"),
            ("<r><!--\u{1}--></r>", "U+0001 in a comment"),
            ("<r/><!--\u{FFFF}-->", "U+FFFF in a comment"),
            ("<r><?p \u{1}?></r>", "U+0001 in a processing instruction"),
            // Names: XML Names, and qualified names for namespaces.
            ("<1r/>", "malformed start tag"),
            ("<r 1a=\"1\"/>", "malformed attribute name `1a`"),
            ("<r\u{D7}/>", "malformed start tag"),
            ("<:r/>", "not a qualified name"),
            ("<a:b:c xmlns:a=\"urn:a\"/>", "not a qualified name"),
            ("<r xmlns=\"urn:d\" :a=\"1\"/>", "`:a` is not a qualified name"),
            ("<r xmlns:=\"urn:x\"/>", "`xmlns:` is not a qualified name"),
            ("<r a:=\"1\" xmlns:a=\"urn:a\"/>", "`a:` is not a qualified name"),
        ] {
            let err = read_all(xml).expect_err(xml);
            assert!(err.to_string().contains(says), "{xml:?}: {err}");
        }
        // Two prefixes bound alike make one attribute name twice, in
        // whichever order the declarations come.
        for tag in [format!("<r {ns} a:x=\"1\" b:x=\"2\"/>"), format!("<r a:x=\"1\" b:x=\"2\" {ns}/>")] {
            let err = read_all(&tag).expect_err(&tag);
            assert!(err.to_string().contains("attribute {urn:a}x appears twice"), "{tag}: {err}");
        }
        // What is allowed still reads: other local names, unprefixed
        // attributes beside prefixed ones, names with dots, dashes and
        // letters beyond ASCII, whitespace other than the form feed.
        for xml in [
            format!("<r {ns} a:x=\"1\" b:y=\"2\" x=\"3\"/>"),
            "\t<r-1.x \u{E9}t\u{E9}=\"\tv\"><\u{C9}l\u{E9}ment/>\r\n</r-1.x>\n".to_owned(),
        ] {
            read_all(&xml).unwrap_or_else(|e| panic!("{xml:?}: {e}"));
        }
    }

    #[test]
    fn skipped_content_must_be_namespace_well_formed_and_its_references_defined() {
        // The root's second child is skipped; the first declares `q` for
        // itself only.
        let skip = |inner: &str| {
            let xml = format!(r#"<r xmlns:p="urn:p"><a xmlns:q="urn:q"/><s>{inner}</s></r>"#);
            let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
            let root = r.root()?;
            let a = r.next_child(&root)?.ok_or_else(|| DecodeError::new(DecodeErrorKind::Missing("a")))?;
            r.skip(&a)?;
            let s = r.next_child(&root)?.ok_or_else(|| DecodeError::new(DecodeErrorKind::Missing("s")))?;
            r.skip(&s)?;
            r.next_child(&root)?;
            r.finish()
        };
        for fine in [
            "<p:x p:y='1'>t &amp; &#233;</p:x>",
            "<b xmlns:q='urn:q'><q:c q:d='1'/><q:e>t</q:e></b>",
            "<q:b xmlns:q='urn:q'/><p:c xml:lang='en'/>",
            "<b xmlns='urn:d'><c/></b><![CDATA[&bogus;]]>",
        ] {
            skip(fine).unwrap_or_else(|e| panic!("{fine}: {e}"));
        }
        for (bad, says) in [
            ("<q:b/>", "undeclared namespace prefix `q` in skipped content"),
            ("<b q:x='1'/>", "undeclared namespace prefix `q`"),
            ("<b xmlns:q='urn:q'/><q:c/>", "undeclared namespace prefix `q`"),
            ("<b><c xmlns:q='urn:q'></c><q:d/></b>", "undeclared namespace prefix `q`"),
            ("<b xmlns:p=''><p:c/></b>", "undeclared namespace prefix `p`"),
            ("<b a='1' b='2' c='3' d='4' e='5' q:f='6'/>", "undeclared namespace prefix `q`"),
            ("<p:b:c/>", "not a qualified name"),
            ("<b :c='1'/>", "not a qualified name"),
            ("<b>&bogus;</b>", "bogus"),
            ("<b>&#1;</b>", "U+0001"),
        ] {
            let err = skip(bad).expect_err(bad);
            assert!(err.to_string().contains(says), "{bad}: {err}");
        }
    }

    /// Reads a document through, every element's attributes resolved.
    fn read_all(xml: &str) -> Result<(), DecodeError> {
        let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
        let root = r.root()?;
        let mut open = vec![root];
        while let Some(el) = open.last() {
            for attr in r.attributes(el) {
                attr?;
            }
            match r.next_child(el)? {
                Some(child) => open.push(child),
                None => {
                    open.pop();
                }
            }
        }
        r.finish()
    }

    #[test]
    fn a_prefix_declared_below_the_root_is_looked_up() {
        let xml = r#"<r><a xmlns:q="urn:q"><q:b q:x="1"/></a><q:c/></r>"#;
        let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
        let root = r.root().unwrap();
        let a = r.next_child(&root).unwrap().unwrap();
        let b = r.next_child(&a).unwrap().unwrap();
        assert_eq!((b.local_name(), b.qualified_name()), ("b", "q:b"));
        assert!(r.in_namespaces(&b, &["urn:q"]));
        r.skip(&b).unwrap();
        assert!(r.next_child(&a).unwrap().is_none());
        let err = r.next_child(&root).unwrap_err();
        assert!(err.to_string().contains("undeclared namespace prefix `q`"), "{err}");
    }

    #[test]
    fn estimated_list_lengths_share_the_same_budget() {
        // Lists without a declared length reserve from their first item's
        // size; 1,000 one-item lists at the front of a long input each
        // estimate far more than they hold, and together still reserve no
        // more bytes than the input has (beyond the room pushed items take).
        let xml = format!("<r>{}{}</r>", "<a><i>x</i></a>".repeat(1000), "<b/>".repeat(20_000));
        let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
        let root = r.root().unwrap();
        let mut reserved_bytes = 0;
        while let Some(child) = r.next_child(&root).unwrap() {
            if child.local_name() == "b" {
                continue;
            }
            let mut slot: Option<Vec<String>> = None;
            let before = r.reserve_left;
            r.set_list(&mut slot, &child).unwrap();
            let items = slot.unwrap();
            assert_eq!(items, ["x"]);
            assert!(items.capacity() <= 17, "an estimate stayed in the value: {}", items.capacity());
            reserved_bytes += before - r.reserve_left;
        }
        assert!(reserved_bytes <= xml.len(), "{reserved_bytes} bytes reserved for {} of input", xml.len());
        // The first list's estimate took most of the budget.
        assert!(reserved_bytes > xml.len() / 2, "only {reserved_bytes} bytes estimated");
    }

    #[test]
    fn declared_array_lengths_share_one_budget_of_the_input_size() {
        // 1,000 arrays each declaring 2^31 - 1 items: before, each could
        // reserve up to the input's size; now all of them together can.
        let array = r#"<a xmlns:e="http://schemas.xmlsoap.org/soap/encoding/" e:arrayType="x[2147483647]"/>"#;
        let xml = format!("<r>{}</r>", array.repeat(1000));
        let mut r = XmlReader::new(xml.as_bytes(), DecodeOptions::default());
        let root = r.root().unwrap();
        let mut reserved = 0;
        while let Some(child) = r.next_child(&root).unwrap() {
            let mut slot: Option<Vec<String>> = None;
            let before = r.reserve_left;
            // Each fails its count check, after reserving.
            assert!(r.set_list(&mut slot, &child).is_err());
            reserved += (before - r.reserve_left) / std::mem::size_of::<String>();
        }
        assert!(reserved * std::mem::size_of::<String>() <= xml.len(), "{reserved} items reserved");
        assert!(reserved > 0);
    }
}
