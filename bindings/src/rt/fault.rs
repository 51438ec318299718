//! The typed SOAP fault, for SOAP 1.1 and SOAP 1.2 alike, and the decoding
//! of its detail into the types the WSDL declares.
//!
//! The detail is kept as the XML text it was sent as, together with the
//! namespace declarations in scope where it was, so it decodes on its own
//! later: [`Fault::detail`] into any [`FromXml`] type, or
//! [`Fault::typed`] into the generated enum of a client's declared faults
//! (`<Client>Fault`, one variant per `wsdl:fault` detail element).

use super::read::{DecodeError, DecodeErrorKind, DecodeOptions, FromXml, StartTag, XmlReader};
use super::{Name, SoapVersion};

/// A SOAP fault returned by the server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fault {
    /// `faultcode` (1.1) or `Code/Value` (1.2) as sent, e.g.
    /// `soapenv:Server.userException`, `env:Sender`.
    pub code: String,
    /// The namespace the code's prefix resolved to, if it had one.
    pub code_ns: Option<String>,
    /// SOAP 1.2 `Subcode/Value`s, outermost first, as sent (empty in 1.1).
    pub subcodes: Vec<String>,
    /// `faultstring` (1.1) or the first `Reason/Text` (1.2).
    pub string: String,
    /// `faultactor` (1.1) or `Role` (1.2), if present.
    pub actor: Option<String>,
    /// SOAP 1.2 `Node`, if present.
    pub node: Option<String>,
    /// The content of `detail` (1.1) or `Detail` (1.2) as XML text, if
    /// present.
    pub detail: Option<String>,
    /// Namespace declarations (prefix, URI; `""` for the default namespace)
    /// in scope at the detail and at the header blocks, so both decode on
    /// their own.
    pub namespaces: Vec<(String, String)>,
    /// Header blocks of the fault message that no declared output header
    /// took (`soap:headerfault` blocks among them), each as XML text.
    pub headers: Vec<String>,
    /// The SOAP version of the fault message.
    pub version: SoapVersion,
}

/// A type made from a fault's detail: the generated `<Client>Fault` enums.
pub trait FromFault: Sized {
    /// `None` if the detail is none of this type's elements; an error if
    /// it is one but does not decode.
    fn from_fault(fault: &Fault) -> Option<Result<Self, DecodeError>>;
}

impl Fault {
    /// The local part of the code (`Server.userException` for
    /// `soapenv:Server.userException`).
    pub fn code_local(&self) -> &str {
        self.code.rsplit_once(':').map_or(self.code.as_str(), |(_, local)| local)
    }

    /// SOAP 1.2's `Role` (the 1.1 `faultactor`).
    pub fn role(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    /// The namespace URI and local name of the detail's first element.
    pub fn detail_name(&self) -> Option<(Option<String>, String)> {
        let detail = self.detail.as_deref()?;
        let doc = self.wrap(detail);
        let mut r = XmlReader::new(doc.as_bytes(), DecodeOptions::default());
        let root = r.root().ok()?;
        let first = r.next_child(&root).ok()??;
        Some((r.namespace_of(&first), first.local_name().to_owned()))
    }

    /// Decodes the detail's first element as `T`: `None` without a detail
    /// element.
    pub fn detail<T: FromXml>(&self) -> Option<Result<T, DecodeError>> {
        decode_first(&self.wrap(self.detail.as_deref()?), None)
    }

    /// Decodes the detail into a generated fault enum (see [`FromFault`]).
    pub fn typed<T: FromFault>(&self) -> Option<Result<T, DecodeError>> {
        T::from_fault(self)
    }

    /// Decodes the header block `name` of the fault message (a
    /// `soap:headerfault`) as `T`; `None` if the fault carried none.
    pub fn header<T: FromXml>(&self, name: Name) -> Option<Result<T, DecodeError>> {
        self.headers.iter().find_map(|block| decode_first(&self.wrap(block), Some(name)))
    }

    /// `xml` inside an element that declares the saved namespaces.
    fn wrap(&self, xml: &str) -> String {
        let mut doc = String::with_capacity(xml.len() + 64);
        doc.push_str("<fault-context");
        for (prefix, uri) in &self.namespaces {
            let uri = uri.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
            if prefix.is_empty() {
                doc.push_str(&format!(" xmlns=\"{uri}\""));
            } else {
                doc.push_str(&format!(" xmlns:{prefix}=\"{uri}\""));
            }
        }
        doc.push('>');
        doc.push_str(xml);
        doc.push_str("</fault-context>");
        doc
    }
}

/// The first element of `doc`'s root (if `name` is given: only if it has
/// that local name) decoded as `T`.
fn decode_first<T: FromXml>(doc: &str, name: Option<Name>) -> Option<Result<T, DecodeError>> {
    let mut r = XmlReader::new(doc.as_bytes(), DecodeOptions::default());
    let root = match r.root() {
        Ok(root) => root,
        Err(e) => return Some(Err(e)),
    };
    let first = match r.next_child(&root) {
        Ok(first) => first?,
        Err(e) => return Some(Err(e)),
    };
    if name.is_some_and(|n| n.local != first.local_name()) {
        return None;
    }
    let local = first.local_name().to_owned();
    Some(T::from_xml(&mut r, &first).map_err(|e| e.within(local)))
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SOAP fault {}", self.code)?;
        for sub in &self.subcodes {
            write!(f, "/{sub}")?;
        }
        write!(f, ": {}", self.string)?;
        if let Some(actor) = &self.actor {
            write!(f, " (actor {actor})")?;
        }
        Ok(())
    }
}

/// The namespace declarations an element's start tag makes.
pub(crate) fn declarations(tag: &StartTag<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for attr in tag.raw_attributes().flatten() {
        let key = attr.key;
        let prefix = if key == "xmlns" {
            ""
        } else if let Some(p) = key.strip_prefix("xmlns:") {
            p
        } else {
            continue;
        };
        if let Ok(value) = super::text::attribute_value(attr.value) {
            out.push((prefix.to_owned(), value.into_owned()));
        }
    }
    out
}

/// Adds `more` to `scope`, an inner declaration replacing an outer one.
pub(crate) fn extend_scope(scope: &mut Vec<(String, String)>, more: Vec<(String, String)>) {
    for (prefix, uri) in more {
        scope.retain(|(p, _)| *p != prefix);
        scope.push((prefix, uri));
    }
}

/// Reads a `Fault` element of either version; `scope` holds the
/// declarations in scope at it.
pub(crate) fn read<'a>(
    r: &mut XmlReader<'a>,
    el: &StartTag<'a>,
    version: SoapVersion,
    mut scope: Vec<(String, String)>,
) -> Result<Fault, DecodeError> {
    extend_scope(&mut scope, declarations(el));
    let mut fault = Fault { version, namespaces: scope, ..Fault::default() };
    match version {
        SoapVersion::Soap11 => read_11(r, el, &mut fault)?,
        SoapVersion::Soap12 => read_12(r, el, &mut fault)?,
    }
    Ok(fault)
}

/// The fault children seen so far: each known one may occur once (a
/// repeated `faultstring` would otherwise silently replace the first).
#[derive(Default)]
struct Seen(Vec<&'static str>);

impl Seen {
    fn once(&mut self, child: &StartTag<'_>, known: &[&'static str]) -> Result<(), DecodeError> {
        let Some(name) = known.iter().find(|k| **k == child.local_name()) else { return Ok(()) };
        if self.0.contains(name) {
            let dup = DecodeErrorKind::Duplicate(child.local_name().to_owned());
            return Err(DecodeError::new(dup).within("Fault"));
        }
        self.0.push(name);
        Ok(())
    }
}

/// SOAP 1.1: `faultcode`, `faultstring`, `faultactor`, `detail`. The
/// children are unqualified by the spec, but some servers qualify them, so
/// only local names are compared.
fn read_11<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>, fault: &mut Fault) -> Result<(), DecodeError> {
    let mut seen = Seen::default();
    while let Some(child) = r.next_child(el).map_err(|e| e.within("Fault"))? {
        let at = |e: DecodeError| e.within(child.local_name().to_owned()).within("Fault");
        seen.once(&child, &["faultcode", "faultstring", "faultactor", "detail"])?;
        match child.local_name() {
            "faultcode" => {
                let code = r.read_text(&child).map_err(at)?.trim().to_owned();
                fault.code_ns = r.resolve_prefix_of(&code);
                fault.code = code;
            }
            "faultstring" => fault.string = r.read_text(&child).map_err(at)?.into_owned(),
            "faultactor" => fault.actor = Some(r.read_text(&child).map_err(at)?.into_owned()),
            "detail" => read_detail(r, &child, fault).map_err(at)?,
            // Unknown fault children carry nothing the typed fault can hold.
            _ => r.skip(&child)?,
        }
    }
    Ok(())
}

/// SOAP 1.2: `Code` (`Value`, nested `Subcode`s), `Reason` (`Text`s),
/// `Node`, `Role`, `Detail`.
fn read_12<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>, fault: &mut Fault) -> Result<(), DecodeError> {
    let mut seen = Seen::default();
    while let Some(child) = r.next_child(el).map_err(|e| e.within("Fault"))? {
        let at = |e: DecodeError| e.within(child.local_name().to_owned()).within("Fault");
        seen.once(&child, &["Code", "Reason", "Node", "Role", "Detail"])?;
        match child.local_name() {
            "Code" => read_code(r, &child, fault, true).map_err(at)?,
            "Reason" => {
                while let Some(text) = r.next_child(&child).map_err(at)? {
                    let value = r.read_text(&text).map_err(at)?;
                    if text.local_name() == "Text" && fault.string.is_empty() {
                        fault.string = value.into_owned();
                    }
                }
            }
            "Node" => fault.node = Some(r.read_text(&child).map_err(at)?.trim().to_owned()),
            "Role" => fault.actor = Some(r.read_text(&child).map_err(at)?.trim().to_owned()),
            "Detail" => read_detail(r, &child, fault).map_err(at)?,
            _ => r.skip(&child)?,
        }
    }
    if fault.code.is_empty() {
        return Err(DecodeError::new(DecodeErrorKind::Missing("Code")).within("Fault"));
    }
    Ok(())
}

/// `Code` or `Subcode`: its `Value` and the `Subcode` inside.
fn read_code<'a>(
    r: &mut XmlReader<'a>,
    el: &StartTag<'a>,
    fault: &mut Fault,
    outermost: bool,
) -> Result<(), DecodeError> {
    while let Some(child) = r.next_child(el)? {
        match child.local_name() {
            "Value" => {
                let value = r.read_text(&child)?.trim().to_owned();
                if outermost {
                    fault.code_ns = r.resolve_prefix_of(&value);
                    fault.code = value;
                } else {
                    fault.subcodes.push(value);
                }
            }
            "Subcode" => read_code(r, &child, fault, false)?,
            _ => r.skip(&child)?,
        }
    }
    Ok(())
}

fn read_detail<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>, fault: &mut Fault) -> Result<(), DecodeError> {
    let own = declarations(el);
    extend_scope(&mut fault.namespaces, own);
    fault.detail = Some(r.raw_inner(el)?.trim().to_owned());
    Ok(())
}
