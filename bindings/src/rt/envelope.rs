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
/// content is skipped. The envelope must be complete and regular: one
/// optional `Header` (whose entries marked `mustUnderstand="1"` for this
/// client are an error, as it processes none), then one `Body`, and nothing
/// but whitespace and comments after `</Envelope>`. Further `Body` children
/// and (namespace-qualified) envelope children after the `Body` are
/// elements the WSDL does not declare: [`DecodeOptions::unknown`] decides.
pub fn read_response<T: FromXml>(bytes: &[u8], op: &Operation, opts: &DecodeOptions) -> Result<T, Error> {
    let decode = |source: DecodeError| Error::Decode { operation: op.name, source };
    // Only SOAP encoding has multi-references; literal bodies are read as sent.
    let bytes = if op.encoded {
        super::multiref::inline(bytes, opts.max_depth).map_err(decode)?
    } else {
        Cow::Borrowed(bytes)
    };
    let mut r = XmlReader::new(&bytes, opts.clone());
    let (env, body) = open_body(&mut r).map_err(decode)?;
    let Some(first) = r.next_child(&body).map_err(|e| decode(e.within("Body")))? else {
        let value = T::from_absent().ok_or_else(|| {
            decode(DecodeError::new(DecodeErrorKind::Missing(expected_local(op))).within("Body"))
        })?;
        close_envelope(&mut r, &env).map_err(decode)?;
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
        check_wrapper(&r, &first, op).map_err(|e| decode(e.within("Body")))?;
        T::from_xml(&mut r, &first)
            .map_err(|e| decode(e.within(first.local_name().to_owned()).within("Body")))?
    };
    drain_body(&mut r, &body, op.encoded).map_err(decode)?;
    close_envelope(&mut r, &env).map_err(decode)?;
    Ok(value)
}

/// The response wrapper must be the element the WSDL names, namespace
/// included: an element of the same local name in another namespace is
/// another element.
fn check_wrapper(r: &XmlReader<'_>, first: &StartTag<'_>, op: &Operation) -> Result<(), DecodeError> {
    let Some(expected) = op.output else { return Ok(()) };
    let found_ns = r.namespace_of(first);
    if first.local_name() == expected.local && found_ns.as_deref() == expected.ns {
        return Ok(());
    }
    if first.local_name() != expected.local {
        let (expected, found) = (expected.local.to_owned(), first.local_name().to_owned());
        return Err(DecodeError::new(DecodeErrorKind::WrongElement { expected, found }));
    }
    // Same local name, other namespace: both spelled out.
    let found = match &found_ns {
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
        let independent = encoded && child.raw().try_get_attribute("id").ok().flatten().is_some();
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
fn close_envelope<'a>(r: &mut XmlReader<'a>, env: &StartTag<'a>) -> Result<(), DecodeError> {
    while let Some(child) = r.next_child(env).map_err(|e| e.within("Envelope"))? {
        let soap = r.namespace_of(&child).as_deref() == Some(ns::SOAP_ENV);
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

/// Reads through `<Envelope>` (checking any `<Header>`) to `<Body>`;
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
    let mut header_seen = false;
    while let Some(child) = r.next_child(&env).map_err(|e| e.within("Envelope"))? {
        let soap = r.namespace_of(&child).as_deref() == Some(ns::SOAP_ENV);
        match child.local_name() {
            "Header" if soap && !header_seen => {
                header_seen = true;
                check_header(r, &child).map_err(|e| e.within("Header").within("Envelope"))?;
            }
            "Body" if soap => return Ok((env, child)),
            _ => {
                return Err(DecodeError::new(DecodeErrorKind::UnknownElement(child.local_name().to_owned()))
                    .within("Envelope"));
            }
        }
    }
    Err(DecodeError::new(DecodeErrorKind::Missing("Body")).within("Envelope"))
}

/// Skips the header entries, refusing one that this client must
/// understand (SOAP 1.1 section 4.2.3): `mustUnderstand="1"` with no
/// `actor`, or the actor `.../soap/actor/next`. Entries for other actors
/// are not addressed to this client.
fn check_header<'a>(r: &mut XmlReader<'a>, header: &StartTag<'a>) -> Result<(), DecodeError> {
    while let Some(entry) = r.next_child(header)? {
        let mut must = false;
        let mut for_us = true;
        for attr in entry.raw().attributes() {
            let attr = attr.map_err(|e| DecodeError::new(DecodeErrorKind::Malformed(e.to_string())))?;
            let key = attr.key.0;
            let local = key.rsplit_once(':').map_or(key, |(_, l)| l);
            if !matches!(local, "mustUnderstand" | "actor")
                || r.resolve_prefix_of(key).as_deref() != Some(ns::SOAP_ENV)
            {
                continue;
            }
            let value = attr.value.trim();
            match local {
                "mustUnderstand" => must = value == "1" || value == "true",
                _ => for_us = value == "http://schemas.xmlsoap.org/soap/actor/next",
            }
        }
        if must && for_us {
            let name = match r.namespace_of(&entry) {
                Some(ns) => format!("{{{ns}}}{}", entry.local_name()),
                None => entry.local_name().to_owned(),
            };
            return Err(DecodeError::new(DecodeErrorKind::MustUnderstand(name)));
        }
        r.skip(&entry)?;
    }
    Ok(())
}

/// Reads a SOAP 1.1 `Fault`. Its children are unqualified by the spec, but
/// some servers qualify them, so only local names are compared. Each may
/// occur once.
fn read_fault<'a>(r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<Fault, DecodeError> {
    let mut fault = Fault::default();
    let mut seen = [false; 4];
    while let Some(child) = r.next_child(el).map_err(|e| e.within("Fault"))? {
        let at = |e: DecodeError| e.within(child.local_name().to_owned()).within("Fault");
        let slot = match child.local_name() {
            "faultcode" => 0,
            "faultstring" => 1,
            "faultactor" => 2,
            "detail" => 3,
            // Unknown fault children carry nothing the typed fault can hold.
            _ => {
                r.skip(&child)?;
                continue;
            }
        };
        if std::mem::replace(&mut seen[slot], true) {
            let dup = DecodeErrorKind::Duplicate(child.local_name().to_owned());
            return Err(DecodeError::new(dup).within("Fault"));
        }
        match slot {
            0 => {
                let code = r.read_text(&child).map_err(at)?.trim().to_owned();
                fault.code_ns = r.resolve_prefix_of(&code);
                fault.code = code;
            }
            1 => fault.string = r.read_text(&child).map_err(at)?.into_owned(),
            2 => fault.actor = Some(r.read_text(&child).map_err(at)?.into_owned()),
            _ => fault.detail = Some(r.raw_inner(&child).map_err(at)?.trim().to_owned()),
        }
    }
    Ok(fault)
}
