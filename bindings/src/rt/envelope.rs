//! SOAP 1.1 envelopes: writing a request, reading a response or a fault.

use std::borrow::Cow;

use super::read::{DecodeError, DecodeErrorKind, DecodeOptions, FromXml, StartTag, XmlReader};
use super::write::{ToXml, XmlWriter};
use super::{Error, Fault, Name, Operation, ns};

const ENVELOPE: Name = Name::qualified(ns::SOAP_ENV, "Envelope");
const BODY: Name = Name::qualified(ns::SOAP_ENV, "Body");
const SOAP12_ENV: &str = "http://www.w3.org/2003/05/soap-envelope";

/// Builds the complete request envelope for `op` with `body` as the body
/// element (`op.input`); an operation without input parts gets an empty
/// `Body`.
///
/// Fails only if a string holds a character XML 1.0 cannot carry (such as
/// U+0001): sending it would produce a document no server can parse.
pub fn write_request<B: ToXml + ?Sized>(op: &Operation, body: &B) -> Result<Vec<u8>, Error> {
    let mut w = XmlWriter::new(op.encoded);
    w.start(ENVELOPE);
    // Declared once here, so values below never redeclare them.
    w.declare(ns::XSD);
    w.declare(ns::XSI);
    if op.encoded {
        w.declare(ns::SOAP_ENC);
        w.attr(Some(ns::SOAP_ENV), "encodingStyle", ns::SOAP_ENC);
    }
    w.start(BODY);
    if let Some(input) = op.input {
        body.to_xml(&mut w, input);
    }
    w.end();
    w.end();
    let xml = w.finish().map_err(|(c, element)| Error::Encode {
        operation: op.name,
        message: format!("character U+{:04X} in <{element}> cannot be sent in XML 1.0", c as u32),
    })?;
    let mut out = Vec::with_capacity(xml.len() + 40);
    out.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    out.extend_from_slice(xml.as_bytes());
    Ok(out)
}

/// Reads the response to `op`: the body element decoded as `T`, or the
/// server's fault as [`Error::Fault`].
///
/// For an operation without output parts (`op.output == None`) any body
/// content is skipped. Body elements after the first are ignored (they are
/// SOAP-encoding multi-reference targets or nothing), as are envelope
/// children after the `Body`, but the envelope must be complete: a message
/// cut off anywhere before `</Envelope>` is an error.
pub fn read_response<T: FromXml>(bytes: &[u8], op: &Operation, opts: &DecodeOptions) -> Result<T, Error> {
    let decode = |source: DecodeError| Error::Decode { operation: op.name, source };
    // Only SOAP encoding has multi-references; literal bodies are read as sent.
    let bytes =
        if op.encoded { super::multiref::inline(bytes, opts.max_depth).map_err(decode)? } else { Cow::Borrowed(bytes) };
    let mut r = XmlReader::new(&bytes, opts.clone());
    let (env, body) = open_body(&mut r).map_err(decode)?;
    let Some(first) = r.next_child(&body).map_err(|e| decode(e.within("Body")))? else {
        let value = T::from_absent().ok_or_else(|| {
            decode(DecodeError::new(DecodeErrorKind::Missing(expected_local(op))).within("Body"))
        })?;
        drain(&mut r, &env, "Envelope").map_err(decode)?;
        return Ok(value);
    };
    if first.local_name() == "Fault" && r.namespace_of(&first).as_deref() == Some(ns::SOAP_ENV) {
        let fault = read_fault(&mut r, &first).map_err(|e| decode(e.within("Body")))?;
        return Err(Error::Fault(Box::new(fault)));
    }
    let value = if op.output.is_none() {
        r.skip(&first).map_err(|e| decode(e.within("Body")))?;
        T::from_absent().ok_or_else(|| decode(DecodeError::new(DecodeErrorKind::Missing("output"))))?
    } else {
        let expected = expected_local(op);
        if first.local_name() != expected {
            return Err(decode(
                DecodeError::new(DecodeErrorKind::WrongElement {
                    expected: expected.to_owned(),
                    found: first.local_name().to_owned(),
                })
                .within("Body"),
            ));
        }
        T::from_xml(&mut r, &first)
            .map_err(|e| decode(e.within(first.local_name().to_owned()).within("Body")))?
    };
    drain(&mut r, &body, "Body").map_err(decode)?;
    drain(&mut r, &env, "Envelope").map_err(decode)?;
    Ok(value)
}

/// Skips the remaining children of `parent` through its end tag.
fn drain<'a>(r: &mut XmlReader<'a>, parent: &StartTag<'a>, segment: &'static str) -> Result<(), DecodeError> {
    while let Some(child) = r.next_child(parent).map_err(|e| e.within(segment))? {
        r.skip(&child).map_err(|e| e.within(segment))?;
    }
    Ok(())
}

fn expected_local(op: &Operation) -> &'static str {
    op.output.map_or("", |n| n.local)
}

/// Reads through `<Envelope>` (skipping any `<Header>`) to `<Body>`;
/// returns both start tags.
fn open_body<'a>(r: &mut XmlReader<'a>) -> Result<(StartTag<'a>, StartTag<'a>), DecodeError> {
    let env = r.root()?;
    let env_ns = r.namespace_of(&env);
    if env.local_name() != "Envelope" || env_ns.as_deref() != Some(ns::SOAP_ENV) {
        let what = if env_ns.as_deref() == Some(SOAP12_ENV) {
            "a SOAP 1.2 envelope (this client speaks SOAP 1.1)".to_owned()
        } else {
            format!("the root element is <{}>", env.qualified_name())
        };
        return Err(DecodeError::new(DecodeErrorKind::NotEnvelope(what)));
    }
    while let Some(child) = r.next_child(&env).map_err(|e| e.within("Envelope"))? {
        match child.local_name() {
            "Header" => r.skip(&child).map_err(|e| e.within("Envelope"))?,
            "Body" => return Ok((env, child)),
            _ => {
                return Err(DecodeError::new(DecodeErrorKind::UnknownElement(child.local_name().to_owned()))
                    .within("Envelope"));
            }
        }
    }
    Err(DecodeError::new(DecodeErrorKind::Missing("Body")).within("Envelope"))
}

/// Reads a SOAP 1.1 `Fault`. Its children are unqualified by the spec, but
/// some servers qualify them, so only local names are compared.
fn read_fault<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Fault, DecodeError> {
    let mut fault = Fault::default();
    while let Some(child) = r.next_child(el).map_err(|e| e.within("Fault"))? {
        let at = |e: DecodeError| e.within(child.local_name().to_owned()).within("Fault");
        match child.local_name() {
            "faultcode" => {
                let code = r.read_text(&child).map_err(at)?.trim().to_owned();
                fault.code_ns = r.resolve_prefix_of(&code);
                fault.code = code;
            }
            "faultstring" => fault.string = r.read_text(&child).map_err(at)?.into_owned(),
            "faultactor" => fault.actor = Some(r.read_text(&child).map_err(at)?.into_owned()),
            "detail" => fault.detail = Some(r.raw_inner(&child).map_err(at)?.trim().to_owned()),
            // Unknown fault children carry nothing the typed fault can hold.
            _ => r.skip(&child)?,
        }
    }
    Ok(fault)
}
