//! SOAP header blocks: typed values sent in the request's `Header`, typed
//! values read from the response's, and the `mustUnderstand` rule.
//!
//! Generated clients keep client-level header blocks (those most of a
//! service's operations carry: a session, version or credentials header)
//! in a `<Client>Headers` struct and per-call ones in an `<Op>Headers`
//! struct, each field an `Option<Header<T>>`; output headers come back in
//! an `<Op>OutputHeaders` struct (see [`FromHeaders`]) inside
//! [`WithHeaders`].

use super::read::{DecodeError, DecodeErrorKind, StartTag, XmlReader};
use super::write::{ToXml, XmlWriter};
use super::{Name, SoapVersion, ns};

/// A header block value and its SOAP attributes.
///
/// `Debug` does not show the value: header blocks often carry credentials
/// or session tokens.
#[derive(Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Header<T> {
    pub value: T,
    /// Sent as `mustUnderstand="1"`: the server must fault rather than
    /// ignore the block.
    pub must_understand: bool,
}

impl<T> Header<T> {
    /// A block sent without `mustUnderstand`.
    pub fn new(value: T) -> Self {
        Header { value, must_understand: false }
    }

    /// A block the server must understand (`mustUnderstand="1"`).
    pub fn must_understand(value: T) -> Self {
        Header { value, must_understand: true }
    }
}

impl<T> From<T> for Header<T> {
    fn from(value: T) -> Self {
        Header::new(value)
    }
}

impl<T> std::fmt::Debug for Header<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Header")
            .field("value", &format_args!("(not shown)"))
            .field("must_understand", &self.must_understand)
            .finish()
    }
}

/// Writes the header blocks of one request; the `Header` element is
/// written only if a block is.
#[derive(Debug)]
pub struct HeaderWriter<'w> {
    w: &'w mut XmlWriter,
    version: SoapVersion,
    opened: bool,
}

impl<'w> HeaderWriter<'w> {
    pub(crate) fn new(w: &'w mut XmlWriter, version: SoapVersion) -> Self {
        HeaderWriter { w, version, opened: false }
    }

    /// Writes `header` as block `name`, if it is set.
    pub fn block<T: ToXml>(&mut self, name: Name, header: &Option<Header<T>>) {
        if let Some(h) = header {
            self.open();
            if h.must_understand {
                self.w.attr_on_next_start(self.version.envelope_ns(), "mustUnderstand", "1");
            }
            h.value.to_xml(self.w, name);
        }
    }

    /// The writer positioned inside `Header` (opened if needed), for
    /// blocks the runtime writes itself (WS-Security).
    pub(crate) fn raw(&mut self) -> &mut XmlWriter {
        self.open();
        self.w
    }

    pub(crate) fn version(&self) -> SoapVersion {
        self.version
    }

    fn open(&mut self) {
        if !self.opened {
            self.w.start(Name::qualified(self.version.envelope_ns(), "Header"));
            self.opened = true;
        }
    }

    pub(crate) fn finish(self) {
        if self.opened {
            self.w.end();
        }
    }
}

/// The output header blocks of an operation, read one block at a time.
/// Generated `<Op>OutputHeaders` structs implement it; `()` reads none.
pub trait FromHeaders: Default {
    /// Reads block `el` if it is one of this type's, returning `true`;
    /// returns `false` without consuming it otherwise.
    fn read_header<'a>(&mut self, r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<bool, DecodeError>;
}

impl FromHeaders for () {
    fn read_header<'a>(&mut self, _: &mut XmlReader<'a>, _: &StartTag<'a>) -> Result<bool, DecodeError> {
        Ok(false)
    }
}

/// A response body with the header blocks that came with it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WithHeaders<B, H> {
    pub body: B,
    pub headers: H,
}

/// Whether a header block the client does not understand must make the
/// call fail: it carries `mustUnderstand="1"`/`"true"` and is meant for
/// this receiver (no actor/role, or the "next" / "ultimate receiver" one).
pub(crate) fn must_understand(r: &XmlReader<'_>, el: &StartTag<'_>, version: SoapVersion) -> bool {
    let env = version.envelope_ns();
    let mut must = false;
    let mut for_us = true;
    for attr in el.raw_attributes().flatten() {
        let key = attr.key;
        let local = key.rsplit_once(':').map_or(key, |(_, l)| l);
        if !matches!(local, "mustUnderstand" | "actor" | "role") || !key.contains(':') {
            continue;
        }
        if r.resolve_prefix_of(key).as_deref() != Some(env) {
            continue;
        }
        let Ok(value) = super::text::attribute_value(attr.value) else { continue };
        let value = value.trim();
        match local {
            "mustUnderstand" => must = matches!(value, "1" | "true"),
            _ => {
                for_us = matches!(
                    value,
                    "http://schemas.xmlsoap.org/soap/actor/next"
                        | "http://www.w3.org/2003/05/soap-envelope/role/next"
                        | "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver"
                )
            }
        }
    }
    must && for_us
}

/// The error for a `mustUnderstand` block the client does not know.
pub(crate) fn not_understood(r: &XmlReader<'_>, el: &StartTag<'_>) -> DecodeError {
    let ns = r.namespace_of(el).map(|n| format!("{{{n}}}")).unwrap_or_default();
    DecodeError::new(DecodeErrorKind::NotUnderstood(format!("{ns}{}", el.local_name())))
}

/// WS-Security's `Security` block, understood when the client sends
/// WS-Security itself.
pub(crate) fn is_security(r: &XmlReader<'_>, el: &StartTag<'_>) -> bool {
    el.local_name() == "Security" && r.namespace_ref(el) == Some(ns::WSSE)
}
