//! The request side of a SOAP envelope, mirror of `rt::envelope`: a quick
//! look at a request (its SOAP version and its body element, for routing),
//! reading it whole for one operation (header blocks, body, nothing left
//! over), and writing the reply.

use super::super::envelope::{Request, write_envelope};
use super::super::headers::{self, FromHeaders, HeaderWriter};
use super::super::read::{
    Content, DecodeError, DecodeErrorKind, DecodeOptions, FromXml, StartTag, XmlReader,
};
use super::super::write::ToXml;
use super::super::{Error, Operation, SoapVersion};
use super::SoapFault;

/// What routing needs of a request: its version and its body's first
/// element (`None` for an empty `Body`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Peek {
    pub version: SoapVersion,
    pub body: Option<(Option<String>, String)>,
    /// Whether the body's first element has no child elements.
    pub first_is_empty: bool,
}

/// Reads a request up to its body's first element. Errors are faults for
/// the client: not XML, not an envelope (a wrong envelope namespace is a
/// `VersionMismatch`), no `Body`.
pub(crate) fn peek(bytes: &[u8], opts: &DecodeOptions) -> Result<Peek, SoapFault> {
    let bad = |e: DecodeError| SoapFault::client(format!("the request is not a readable SOAP envelope: {e}"));
    let mut r = XmlReader::new(bytes, opts.clone());
    let env = r.root().map_err(bad)?;
    let env_ns = r.namespace_ref(&env);
    let version = match env_ns.and_then(SoapVersion::of_namespace) {
        Some(v) if env.local_name() == "Envelope" => v,
        _ if env.local_name() == "Envelope" => {
            return Err(SoapFault::version_mismatch(format!(
                "the Envelope's namespace {:?} is neither SOAP 1.1's nor SOAP 1.2's",
                env_ns.unwrap_or_default()
            )));
        }
        _ => {
            return Err(SoapFault::client(format!(
                "the request's root element is <{}>, not a SOAP Envelope",
                env.qualified_name()
            )));
        }
    };
    loop {
        let Some(child) = r.next_child(&env).map_err(bad)? else {
            return Err(SoapFault::client("the request's Envelope has no Body"));
        };
        let soap = r.namespace_ref(&child) == Some(version.envelope_ns());
        match child.local_name() {
            "Header" if soap => r.skip(&child).map_err(bad)?,
            "Body" if soap => {
                let Some(first) = r.next_child(&child).map_err(bad)? else {
                    return Ok(Peek { version, body: None, first_is_empty: true });
                };
                let body = Some((r.namespace_of(&first), first.local_name().to_owned()));
                // Text content is no element either; anything malformed
                // is found when the request is decoded.
                let first_is_empty = matches!(r.next_child(&first), Ok(None) | Err(_));
                return Ok(Peek { version, body, first_is_empty });
            }
            other => {
                return Err(SoapFault::client(format!(
                    "unexpected <{other}> in the Envelope before its Body"
                )));
            }
        }
    }
}

/// Reads the whole request for `op`: the body element decoded as `T`, the
/// header blocks `H` takes (an undeclared block marked `mustUnderstand`
/// for this node is a `MustUnderstand` fault), nothing undeclared left.
pub(crate) fn read_request<T: FromXml, H: FromHeaders>(
    bytes: &[u8],
    op: &Operation,
    opts: &DecodeOptions,
) -> Result<(T, H), SoapFault> {
    let decode = |e: DecodeError| SoapFault::client(format!("cannot decode the {} request: {e}", op.name));
    let mut r = XmlReader::new(bytes, opts.clone());
    let env = r.root().map_err(decode)?;
    let version = r
        .namespace_ref(&env)
        .and_then(SoapVersion::of_namespace)
        .ok_or_else(|| SoapFault::version_mismatch("not a SOAP 1.1 or 1.2 envelope"))?;
    let mut headers = H::default();
    let mut seen_header = false;
    let body = loop {
        let Some(child) = r.next_child(&env).map_err(|e| decode(e.within("Envelope")))? else {
            return Err(decode(DecodeError::new(DecodeErrorKind::Missing("Body")).within("Envelope")));
        };
        let soap = r.namespace_ref(&child) == Some(version.envelope_ns());
        match child.local_name() {
            "Header" if soap && !seen_header => {
                seen_header = true;
                read_headers(&mut r, &child, version, &mut headers)?;
            }
            "Body" if soap => break child,
            other => {
                let e = DecodeError::new(DecodeErrorKind::UnknownElement(other.to_owned()));
                return Err(decode(e.within("Envelope")));
            }
        }
    };
    let value = match r.next_child(&body).map_err(|e| decode(e.within("Body")))? {
        None => T::from_absent().ok_or_else(|| {
            let expected = op.input.map_or("", |n| n.local);
            decode(DecodeError::new(DecodeErrorKind::Missing(expected)).within("Body"))
        })?,
        Some(first) => {
            let local = first.local_name().to_owned();
            T::from_xml(&mut r, &first).map_err(|e| decode(e.within(local).within("Body")))?
        }
    };
    // Body children after the request: a SOAP-encoded request's
    // independent elements (multi-reference targets) are skipped, anything
    // else is an element the WSDL does not declare.
    while let Some(child) = r.next_child(&body).map_err(|e| decode(e.within("Body")))? {
        let independent = op.encoded && child.has_attribute("id");
        if independent {
            r.skip(&child).map_err(|e| decode(e.within("Body")))?;
        } else {
            r.unknown(&child).map_err(|e| decode(e.within("Body")))?;
        }
    }
    while let Some(child) = r.next_child(&env).map_err(|e| decode(e.within("Envelope")))? {
        let soap = r.namespace_ref(&child) == Some(version.envelope_ns());
        if soap && matches!(child.local_name(), "Body" | "Header") {
            let what = format!("a second <{}> or one after the Body", child.local_name());
            return Err(decode(DecodeError::new(DecodeErrorKind::Malformed(what)).within("Envelope")));
        }
        r.unknown(&child).map_err(|e| decode(e.within("Envelope")))?;
    }
    r.finish().map_err(decode)?;
    Ok((value, headers))
}

/// The declared header blocks into `out`; an undeclared one marked
/// `mustUnderstand` for this node is a fault, others are ignored.
fn read_headers<'a, H: FromHeaders>(
    r: &mut XmlReader<'a>,
    header: &StartTag<'a>,
    version: SoapVersion,
    out: &mut H,
) -> Result<(), SoapFault> {
    let bad = |e: DecodeError| SoapFault::client(format!("cannot decode the request's header blocks: {e}"));
    while let Some(block) = r.next_child(header).map_err(|e| bad(e.within("Header")))? {
        let local = block.local_name().to_owned();
        if out.read_header(r, &block).map_err(|e| bad(e.within(local.clone()).within("Header")))? {
            continue;
        }
        if headers::must_understand(r, &block, version) {
            let name = match r.namespace_of(&block) {
                Some(ns) => format!("{{{ns}}}{local}"),
                None => local,
            };
            return Err(SoapFault::must_understand(format!(
                "header block {name} is marked mustUnderstand but the operation does not process it"
            )));
        }
        r.skip(&block).map_err(|e| bad(e.within("Header")))?;
    }
    Ok(())
}

/// The reply envelope for `op` in `version`: `body` as the output element
/// (an operation without output parts gets an empty `Body`), the header
/// blocks `headers` writes.
pub(crate) fn write_reply(
    op: &Operation,
    version: SoapVersion,
    body: &dyn ErasedBody,
    headers: &dyn super::ToHeaders,
) -> Result<Vec<u8>, Error> {
    // The request writer, with the output element where it writes the input.
    let reply = Operation { input: op.output, ..*op };
    write_envelope(&reply, &Request { version, security: None }, &Erased(body), |h: &mut HeaderWriter<'_>| {
        headers.write_headers(h)
    })
}

/// A response body of any type, behind a pointer (`ToXml` has an
/// associated constant, so it cannot be a trait object itself).
pub trait ErasedBody: Send {
    fn write(&self, w: &mut super::super::XmlWriter, name: super::super::Name);
}

impl<T: ToXml + Send> ErasedBody for T {
    fn write(&self, w: &mut super::super::XmlWriter, name: super::super::Name) {
        self.to_xml(w, name)
    }
}

struct Erased<'a>(&'a dyn ErasedBody);

impl ToXml for Erased<'_> {
    fn to_xml(&self, w: &mut super::super::XmlWriter, name: super::super::Name) {
        self.0.write(w, name)
    }
}

/// Whether `xml` is well-formed element content when the declarations in
/// `namespaces` are in scope (a fault detail before it is sent as is), by
/// the rules the runtime's own decoder reads it with: a client of this
/// runtime must be able to read every fault this server sends.
pub(crate) fn is_xml_content(xml: &str, namespaces: &[(String, String)]) -> bool {
    let mut doc = String::from("<d");
    for (prefix, uri) in namespaces {
        let uri = uri.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
        if prefix.is_empty() {
            doc.push_str(&format!(" xmlns=\"{uri}\""));
        } else {
            doc.push_str(&format!(" xmlns:{prefix}=\"{uri}\""));
        }
    }
    doc.push('>');
    doc.push_str(xml);
    doc.push_str("</d>");
    // Any depth: the walk below keeps its own stack, and the detail is the
    // application's, not a peer's.
    let opts = DecodeOptions { max_depth: usize::MAX, ..DecodeOptions::default() };
    let mut r = XmlReader::new(doc.as_bytes(), opts);
    let mut walk = || -> Result<(), DecodeError> {
        let root = r.root()?;
        let mut open = vec![root];
        while let Some(el) = open.last() {
            match r.next_content(el)? {
                Some(Content::Element(child)) => {
                    for attr in r.attributes(&child) {
                        attr?;
                    }
                    open.push(child);
                }
                Some(Content::Text(_)) => {}
                None => {
                    open.pop();
                }
            }
        }
        r.finish()
    };
    walk().is_ok()
}
