//! SOAP envelopes, 1.1 and 1.2: writing a request (header blocks, the
//! WS-Security header, the body), reading a response (its header blocks,
//! its body or its fault).

use std::borrow::Cow;
use std::sync::OnceLock;

use super::headers::{self, FromHeaders, HeaderWriter, WithHeaders};
use super::read::{DecodeError, DecodeErrorKind, DecodeOptions, FromXml, Handing, StartTag, XmlReader};
use super::write::{ToXml, XmlWriter};
use super::wssec::WsSecurity;
use super::{Error, Name, Operation, SoapVersion, fault, ns};

/// Builds the complete request envelope for `op` (in its binding's SOAP
/// version) with `body` as the body element (`op.input`); an operation
/// without input parts gets an empty `Body`.
///
/// Fails only if a string holds a character XML 1.0 cannot carry (such as
/// U+0001): sending it would produce a document no server can parse; or
/// if an `xsd:list` item is empty or holds whitespace, which would arrive
/// as other items.
pub fn write_request<B: ToXml + ?Sized>(op: &Operation, body: &B) -> Result<Vec<u8>, Error> {
    write_envelope(op, &Request { version: op.version, security: None }, body, |_| {})
}

/// How one request is written beyond its operation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request<'a> {
    pub version: SoapVersion,
    pub security: Option<&'a WsSecurity>,
}

/// The envelope with the WS-Security block (if any) and the blocks
/// `headers` writes, then the body.
pub(crate) fn write_envelope<B, F>(
    op: &Operation,
    req: &Request<'_>,
    body: &B,
    headers: F,
) -> Result<Vec<u8>, Error>
where
    B: ToXml + ?Sized,
    F: FnOnce(&mut HeaderWriter<'_>),
{
    let env_ns = req.version.envelope_ns();
    if op.encoded && req.version == SoapVersion::Soap12 {
        return Err(Error::Encode {
            operation: op.name,
            message: "rpc/encoded (SOAP 1.1 section 5 encoding) cannot be sent over SOAP 1.2".to_owned(),
        });
    }
    let mut w = envelope_start(req.version, op.encoded).resume();
    let mut h = HeaderWriter::new(&mut w, req.version);
    if let Some(security) = req.security {
        security.write(&mut h).map_err(|message| Error::Encode { operation: op.name, message })?;
    }
    headers(&mut h);
    h.finish();
    w.start(Name::qualified(env_ns, "Body"));
    if let Some(input) = op.input {
        body.to_xml(&mut w, input);
    }
    w.end();
    w.end();
    let xml = w.finish().map_err(|bad| Error::Encode { operation: op.name, message: bad.to_string() })?;
    Ok(xml.into_bytes())
}

/// The open `Envelope` start tag every request of one SOAP version and
/// style begins with, written once: writing it (three namespace
/// declarations and `encodingStyle`) was two thirds of the encoding of a
/// small request.
fn envelope_start(version: SoapVersion, encoded: bool) -> &'static XmlWriter {
    static STARTS: [OnceLock<XmlWriter>; 4] = [const { OnceLock::new() }; 4];
    let slot = usize::from(version == SoapVersion::Soap12) * 2 + usize::from(encoded);
    STARTS[slot].get_or_init(|| {
        let env_ns = version.envelope_ns();
        let mut w = XmlWriter::document(encoded);
        w.start(Name::qualified(env_ns, "Envelope"));
        // Declared once here, so values below never redeclare them.
        w.declare(ns::XSD);
        w.declare(ns::XSI);
        if encoded {
            w.declare(ns::SOAP_ENC);
            w.attr(Some(env_ns), "encodingStyle", ns::SOAP_ENC);
        }
        // Bound already, so this writes nothing: it puts the envelope
        // prefix in the writer's cache of the current bindings, where
        // `Body` finds it without searching them.
        w.declare(env_ns);
        w
    })
}

/// Reads the response to `op`: the body element decoded as `T`, or the
/// server's fault as [`Error::Fault`].
///
/// For an operation without output parts (`op.output == None`) any body
/// content is skipped. The envelope must be complete and regular: one
/// optional `Header` (whose blocks marked `mustUnderstand` for this client
/// are an error, as it declares no output header), then one `Body`, and
/// nothing but whitespace and comments after `</Envelope>`. Further `Body`
/// children and envelope children after the `Body` are elements the WSDL
/// does not declare: [`DecodeOptions::unknown`] decides (a SOAP-encoded
/// body's independent elements, multi-reference targets, are skipped).
pub fn read_response<T: FromXml>(bytes: &[u8], op: &Operation, opts: &DecodeOptions) -> Result<T, Error> {
    read_response_with::<T, ()>(bytes, op, opts, false).map(|r| r.body)
}

/// [`read_response`] with the operation's output header blocks read into
/// `H`. Blocks `H` does not take are skipped unless marked
/// `mustUnderstand` (an error); `wsse:Security` is understood when
/// `security` is (the client sends WS-Security).
pub fn read_response_with<T: FromXml, H: FromHeaders>(
    bytes: &[u8],
    op: &Operation,
    opts: &DecodeOptions,
    security: bool,
) -> Result<WithHeaders<T, H>, Error> {
    read_response_handing(bytes, op, opts, security, None)
}

/// [`read_response`], every item of a list of `Item` in the body handed to
/// `each` as soon as it is decoded instead of kept: a large answer, which
/// is mostly one list, is then read one item at a time. Such lists are
/// empty in the value returned; lists of other types are kept as usual.
/// Items go to `each` in document order, wherever their lists are in the
/// body (repeated elements, list wrappers, SOAP-encoded arrays, repeated
/// choices). A list's `minOccurs` counts the items handed over from the
/// element that holds it. If the response turns out
/// to be a fault or does not decode, items handed over before that stand:
/// the error says the answer as a whole is not valid.
///
/// # Errors
///
/// As [`read_response`].
pub fn read_response_each<T: FromXml, Item: 'static>(
    bytes: &[u8],
    op: &Operation,
    opts: &DecodeOptions,
    each: impl FnMut(Item),
) -> Result<T, Error> {
    read_response_handing::<T, ()>(bytes, op, opts, false, Some(Handing::new(each))).map(|r| r.body)
}

/// [`read_response_with`], with the body's items of one type handed over
/// if `handing` says so.
pub(crate) fn read_response_handing<T: FromXml, H: FromHeaders>(
    bytes: &[u8],
    op: &Operation,
    opts: &DecodeOptions,
    security: bool,
    handing: Option<Handing<'_>>,
) -> Result<WithHeaders<T, H>, Error> {
    let decode = |source: DecodeError| Error::Decode { operation: op.name, source };
    // Only SOAP encoding has multi-references; literal bodies are read as sent.
    let bytes = if op.encoded {
        super::multiref::inline(bytes, opts.max_depth).map_err(decode)?
    } else {
        Cow::Borrowed(bytes)
    };
    let mut r = XmlReader::new(&bytes, opts.clone());
    let (env, version) = open_envelope(&mut r).map_err(decode)?;
    let mut out_headers = H::default();
    let mut other_headers = Vec::new();
    // Start tags borrow the input, so they stay available for the
    // namespace scope a fault needs; nothing is collected otherwise.
    let mut header_tag = None;
    let body = loop {
        let Some(child) = r.next_child(&env).map_err(|e| decode(e.within("Envelope")))? else {
            return Err(decode(DecodeError::new(DecodeErrorKind::Missing("Body")).within("Envelope")));
        };
        let soap = r.namespace_ref(&child) == Some(version.envelope_ns());
        match child.local_name() {
            "Header" if soap && header_tag.is_none() => {
                read_headers(&mut r, &child, version, security, &mut out_headers, &mut other_headers)
                    .map_err(|e| decode(e.within("Header").within("Envelope")))?;
                header_tag = Some(child);
            }
            "Body" if soap => break child,
            _ => {
                return Err(decode(
                    DecodeError::new(DecodeErrorKind::UnknownElement(child.local_name().to_owned()))
                        .within("Envelope"),
                ));
            }
        }
    };
    let Some(first) = r.next_child(&body).map_err(|e| decode(e.within("Body")))? else {
        let value = T::from_absent().ok_or_else(|| {
            decode(DecodeError::new(DecodeErrorKind::Missing(expected_local(op))).within("Body"))
        })?;
        close_envelope(&mut r, &env, version).map_err(decode)?;
        return Ok(WithHeaders { body: value, headers: out_headers });
    };
    if first.local_name() == "Fault" && r.namespace_ref(&first) == Some(version.envelope_ns()) {
        // One scope for the detail and the kept header blocks: the
        // envelope's declarations, the prefixes only the Header declares
        // (re-applying the envelope's undoes the Header's redefinitions),
        // then the Body's, which win.
        let mut scope = fault::declarations(&env);
        if let Some(header) = &header_tag {
            fault::extend_scope(&mut scope, fault::declarations(header));
        }
        fault::extend_scope(&mut scope, fault::declarations(&env));
        fault::extend_scope(&mut scope, fault::declarations(&body));
        let mut fault = fault::read(&mut r, &first, version, scope).map_err(|e| decode(e.within("Body")))?;
        fault.headers = other_headers;
        return Err(Error::Fault(Box::new(fault)));
    }
    let value = if op.output.is_none() {
        r.skip(&first).map_err(|e| decode(e.within("Body")))?;
        T::from_absent().ok_or_else(|| decode(DecodeError::new(DecodeErrorKind::Missing("output"))))?
    } else {
        check_wrapper(&r, &first, op).map_err(|e| decode(e.within("Body")))?;
        if let Some(handing) = handing {
            r.hand_items(handing);
        }
        T::from_xml(&mut r, &first)
            .map_err(|e| decode(e.within(first.local_name().to_owned()).within("Body")))?
    };
    drain_body(&mut r, &body, op.encoded).map_err(decode)?;
    close_envelope(&mut r, &env, version).map_err(decode)?;
    Ok(WithHeaders { body: value, headers: out_headers })
}

/// Reads the header blocks: the declared ones into `out`, the others kept
/// as XML text (for a fault's `soap:headerfault` blocks) unless they must
/// be understood.
fn read_headers<'a, H: FromHeaders>(
    r: &mut XmlReader<'a>,
    header: &StartTag<'a>,
    version: SoapVersion,
    security: bool,
    out: &mut H,
    others: &mut Vec<String>,
) -> Result<(), DecodeError> {
    while let Some(block) = r.next_child(header)? {
        if out.read_header(r, &block).map_err(|e| e.within(block.local_name().to_owned()))? {
            continue;
        }
        if security && headers::is_security(r, &block) {
            r.skip(&block)?;
            continue;
        }
        if headers::must_understand(r, &block, version) {
            return Err(headers::not_understood(r, &block));
        }
        others.push(outer_xml(r, &block)?);
    }
    Ok(())
}

/// `el` and its content as XML text (consumes it).
fn outer_xml<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<String, DecodeError> {
    let (name, attrs) = (el.qualified_name(), el.attributes_raw());
    if el.is_empty() {
        return Ok(format!("<{name}{attrs}/>"));
    }
    let inner = r.raw_inner(el)?;
    Ok(format!("<{name}{attrs}>{inner}</{name}>"))
}

/// The response wrapper must be the element the WSDL names, namespace
/// included: an element of the same local name in another namespace is
/// another element.
fn check_wrapper(r: &XmlReader<'_>, first: &StartTag<'_>, op: &Operation) -> Result<(), DecodeError> {
    let Some(expected) = op.output else { return Ok(()) };
    let found_ns = r.namespace_ref(first);
    if first.local_name() == expected.local && found_ns == expected.ns {
        return Ok(());
    }
    if first.local_name() != expected.local {
        let (expected, found) = (expected.local.to_owned(), first.local_name().to_owned());
        return Err(DecodeError::new(DecodeErrorKind::WrongElement { expected, found }));
    }
    // Same local name, other namespace: both spelled out.
    let found = match found_ns {
        Some(ns) => format!("{{{ns}}}{}", first.local_name()),
        None => format!("{} (no namespace)", first.local_name()),
    };
    Err(DecodeError::new(DecodeErrorKind::WrongElement { expected: expected.to_string(), found }))
}

/// `Body` children after the response: in a SOAP-encoded message an
/// independent element (one with an `id`, a multi-reference target no
/// `href` named) is no part of the answer and is skipped; anything else is
/// an element the WSDL does not declare, which the unknown-elements policy
/// decides about.
fn drain_body<'a>(r: &mut XmlReader<'a>, body: &StartTag<'a>, encoded: bool) -> Result<(), DecodeError> {
    while let Some(child) = r.next_child(body).map_err(|e| e.within("Body"))? {
        let independent = encoded && child.has_attribute("id");
        if independent {
            r.skip(&child).map_err(|e| e.within("Body"))?;
        } else {
            r.unknown(&child).map_err(|e| e.within("Body"))?;
        }
    }
    Ok(())
}

/// Reads the envelope's children after the `Body` (a second `Body` or a
/// `Header` there is an error; others go through the unknown-elements
/// policy), its end tag, and what follows it (nothing but whitespace and
/// comments).
fn close_envelope<'a>(
    r: &mut XmlReader<'a>,
    env: &StartTag<'a>,
    version: SoapVersion,
) -> Result<(), DecodeError> {
    while let Some(child) = r.next_child(env).map_err(|e| e.within("Envelope"))? {
        let soap = r.namespace_ref(&child) == Some(version.envelope_ns());
        match child.local_name() {
            "Body" | "Header" if soap => {
                let what = format!("a second <{}> or one after the Body", child.local_name());
                return Err(DecodeError::new(DecodeErrorKind::Malformed(what)).within("Envelope"));
            }
            _ => r.unknown(&child).map_err(|e| e.within("Envelope"))?,
        }
    }
    r.finish()
}

fn expected_local(op: &Operation) -> &'static str {
    op.output.map_or("", |n| n.local)
}

/// Reads the `Envelope` start tag; its namespace gives the SOAP version
/// (whichever the request used: a server may answer a 1.2 request with a
/// 1.1 fault about the version).
fn open_envelope<'a>(r: &mut XmlReader<'a>) -> Result<(StartTag<'a>, SoapVersion), DecodeError> {
    let env = r.root()?;
    let env_ns = r.namespace_ref(&env);
    match env_ns.and_then(SoapVersion::of_namespace) {
        Some(version) if env.local_name() == "Envelope" => Ok((env, version)),
        _ => {
            let what = format!("the root element is <{}> in namespace {:?}", env.qualified_name(), env_ns);
            Err(DecodeError::new(DecodeErrorKind::NotEnvelope(what)))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::rt::{DecodeErrorKind, FromHeaders, Header};

    const OP: Operation = Operation {
        name: "op",
        soap_action: "urn:op",
        input: Some(Name::qualified("urn:t", "In")),
        output: Some(Name::qualified("urn:t", "Out")),
        encoded: false,
        version: SoapVersion::Soap11,
    };

    /// The `Usage` output header block of a test operation.
    #[derive(Debug, Default, PartialEq)]
    struct Usage {
        calls: Option<String>,
    }

    impl FromHeaders for Usage {
        fn read_header<'a>(&mut self, r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<bool, DecodeError> {
            if el.local_name() != "Usage" {
                return Ok(false);
            }
            r.set(&mut self.calls, el)?;
            Ok(true)
        }
    }

    fn read<H: FromHeaders>(xml: &str, security: bool) -> Result<WithHeaders<(), H>, Error> {
        let op = Operation { output: None, ..OP };
        read_response_with::<(), H>(xml.as_bytes(), &op, &DecodeOptions::default(), security)
    }

    const ENV11: &str = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/">"#;

    #[test]
    fn must_understand_blocks_fail_unless_declared_or_meant_for_another_actor() {
        let block = |attrs: &str| {
            format!(
                r#"{ENV11}<e:Header><u:Usage xmlns:u="urn:t" {attrs}>3</u:Usage></e:Header><e:Body/></e:Envelope>"#
            )
        };
        // Declared: read, whatever mustUnderstand says.
        let got = read::<Usage>(&block(r#"e:mustUnderstand="1""#), false).unwrap();
        assert_eq!(got.headers.calls.as_deref(), Some("3"));
        // Undeclared and optional: skipped.
        assert!(read::<()>(&block(""), false).is_ok());
        assert!(read::<()>(&block(r#"e:mustUnderstand="0""#), false).is_ok());
        // Undeclared, mandatory, for us: an error naming the block.
        let err = read::<()>(&block(r#"e:mustUnderstand="1""#), false).unwrap_err();
        let Error::Decode { source, .. } = err else { panic!("{err:?}") };
        assert_eq!(source.kind, DecodeErrorKind::NotUnderstood("{urn:t}Usage".into()));
        // Mandatory for another actor: not ours to understand.
        assert!(read::<()>(&block(r#"e:mustUnderstand="1" e:actor="urn:other""#), false).is_ok());
        // A mustUnderstand attribute in another namespace does not count.
        assert!(read::<()>(&block(r#"x:mustUnderstand="1" xmlns:x="urn:x""#), false).is_ok());
        // WS-Security's block is understood when the client sends WS-Security.
        let security = format!(
            r#"{ENV11}<e:Header><s:Security xmlns:s="{}" e:mustUnderstand="1"/></e:Header><e:Body/></e:Envelope>"#,
            ns::WSSE
        );
        assert!(read::<()>(&security, false).is_err());
        assert!(read::<()>(&security, true).is_ok());
    }

    #[test]
    fn a_soap12_fault_keeps_code_subcodes_reason_node_role_detail_and_header_blocks() {
        let xml = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:m="urn:m">
          <env:Header><m:Trace env:mustUnderstand="false">t-1</m:Trace></env:Header>
          <env:Body><env:Fault>
            <env:Code><env:Value>env:Sender</env:Value>
              <env:Subcode><env:Value>m:MessageTimeout</env:Value>
                <env:Subcode><env:Value>m:Late</env:Value></env:Subcode></env:Subcode></env:Code>
            <env:Reason><env:Text xml:lang="en">Sender Timeout</env:Text><env:Text xml:lang="de">Zeit</env:Text></env:Reason>
            <env:Node>http://node.example</env:Node><env:Role>http://role.example</env:Role>
            <env:Detail><m:MaxTime>P5M</m:MaxTime></env:Detail>
          </env:Fault></env:Body></env:Envelope>"#;
        let err = read::<()>(xml, false).unwrap_err();
        let Error::Fault(fault) = err else { panic!("{err:?}") };
        assert_eq!(fault.version, SoapVersion::Soap12);
        assert_eq!((fault.code.as_str(), fault.code_ns.as_deref()), ("env:Sender", Some(ns::SOAP12_ENV)));
        assert_eq!(fault.subcodes, ["m:MessageTimeout", "m:Late"]);
        assert_eq!(fault.string, "Sender Timeout");
        assert_eq!(
            (fault.node.as_deref(), fault.role()),
            (Some("http://node.example"), Some("http://role.example"))
        );
        assert_eq!(fault.detail::<String>().unwrap().unwrap(), "P5M");
        assert_eq!(fault.detail_name(), Some((Some("urn:m".to_owned()), "MaxTime".to_owned())));
        assert_eq!(fault.header::<String>(Name::qualified("urn:m", "Trace")).unwrap().unwrap(), "t-1");
        assert!(fault.header::<String>(Name::qualified("urn:m", "Other")).is_none());
        assert_eq!(
            fault.to_string(),
            "SOAP fault env:Sender/m:MessageTimeout/m:Late: Sender Timeout (actor http://role.example)"
        );
    }

    #[test]
    fn requests_in_both_versions_with_header_blocks() {
        #[derive(Debug)]
        struct In;
        impl ToXml for In {
            fn to_xml(&self, w: &mut XmlWriter, name: Name) {
                w.start(name);
                w.end();
            }
        }
        let trace: Option<Header<String>> = Some(Header::must_understand("t-1".into()));
        let none: Option<Header<String>> = None;
        for (version, env) in [(SoapVersion::Soap11, ns::SOAP_ENV), (SoapVersion::Soap12, ns::SOAP12_ENV)] {
            let req = Request { version, security: None };
            let xml = write_envelope(&OP, &req, &In, |h| {
                h.block(Name::qualified("urn:t", "Trace"), &trace);
                h.block(Name::qualified("urn:t", "Unset"), &none);
            })
            .unwrap();
            let xml = String::from_utf8(xml).unwrap();
            assert!(xml.contains(&format!("=\"{env}\"")), "{xml}");
            assert!(xml.contains(":mustUnderstand=\"1\">t-1</ns1:Trace>"), "{xml}");
            assert!(!xml.contains("Unset"), "{xml}");
            // No header block set: no Header element.
            let bare = String::from_utf8(write_envelope(&OP, &req, &In, |_| {}).unwrap()).unwrap();
            assert!(!bare.contains("Header"), "{bare}");
        }
        let encoded = Operation { encoded: true, version: SoapVersion::Soap12, ..OP };
        assert!(matches!(write_request(&encoded, &In), Err(Error::Encode { .. })));
    }

    /// A request begun from the prepared `Envelope` start is the request
    /// written from an empty writer, byte for byte, whatever the body and
    /// the header blocks bind (the copied prefix cache must not answer
    /// for a binding it did not see).
    #[test]
    fn the_prepared_envelope_start_writes_what_a_new_writer_writes() {
        #[derive(Debug)]
        struct In;
        impl ToXml for In {
            fn to_xml(&self, w: &mut XmlWriter, name: Name) {
                w.start(name);
                w.attr(Some(ns::XSI), "type", "t:In");
                w.start(Name::qualified("urn:other", "a"));
                w.simple(Name::qualified(ns::SOAP_ENC, "b"), "int", "1");
                w.end();
                w.simple(Name::local("c"), "string", "x");
                w.end();
            }
        }
        let trace: Option<Header<String>> = Some(Header::must_understand("t-1".into()));
        for (version, encoded) in
            [(SoapVersion::Soap11, false), (SoapVersion::Soap11, true), (SoapVersion::Soap12, false)]
        {
            let op = Operation { version, encoded, ..OP };
            let req = Request { version, security: None };
            let headers = |h: &mut HeaderWriter<'_>| h.block(Name::qualified("urn:t", "Trace"), &trace);
            for with_headers in [false, true] {
                let written = if with_headers {
                    write_envelope(&op, &req, &In, headers).unwrap()
                } else {
                    write_envelope(&op, &req, &In, |_| {}).unwrap()
                };
                let env_ns = version.envelope_ns();
                let mut w = XmlWriter::document(encoded);
                w.start(Name::qualified(env_ns, "Envelope"));
                w.declare(ns::XSD);
                w.declare(ns::XSI);
                if encoded {
                    w.declare(ns::SOAP_ENC);
                    w.attr(Some(env_ns), "encodingStyle", ns::SOAP_ENC);
                }
                let mut h = HeaderWriter::new(&mut w, version);
                if with_headers {
                    headers(&mut h);
                }
                h.finish();
                w.start(Name::qualified(env_ns, "Body"));
                In.to_xml(&mut w, OP.input.unwrap());
                w.end();
                w.end();
                let fresh = w.finish().unwrap();
                assert_eq!(String::from_utf8(written).unwrap(), fresh, "{version:?}, encoded: {encoded}");
            }
        }
    }
}
