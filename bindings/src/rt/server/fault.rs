//! The fault a service method returns ([`SoapFault`]) and how it is
//! written in either SOAP version.
//!
//! A `SoapFault` wraps the same [`Fault`] a client receives, so a fault
//! built here arrives at a `pbx-soap` client with the same code, reason,
//! actor and detail, and a fault a client received can be passed on as it
//! came (`SoapFault::from(fault)`).

use super::super::chars::is_xml_char;
use super::super::fault::Fault;
use super::super::write::{ToXml, XmlWriter};
use super::super::{Name, SoapVersion, ns};

/// A SOAP fault a service method answers with (HTTP 500).
///
/// Build one with [`SoapFault::client`] (the request was wrong: SOAP 1.2's
/// `Sender`) or [`SoapFault::server`] (the service failed: `Receiver`),
/// then add a subcode, an actor or a detail. A generated `<Port>Fault` enum
/// of the details the WSDL declares converts with `into()`.
///
/// Boxed, so `Result<T, SoapFault>` stays small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoapFault(Box<Fault>);

/// The two SOAP 1.1 codes a service sends, with their SOAP 1.2 names.
const CLIENT: &str = "Client";
const SERVER: &str = "Server";

impl SoapFault {
    fn with_base(code: &str, reason: impl Into<String>) -> Self {
        SoapFault(Box::new(Fault {
            code: code.to_owned(),
            code_ns: Some(ns::SOAP_ENV.to_owned()),
            string: reason.into(),
            ..Fault::default()
        }))
    }

    /// A fault caused by the request: SOAP 1.1 `Client`, SOAP 1.2 `Sender`.
    pub fn client(reason: impl Into<String>) -> Self {
        Self::with_base(CLIENT, reason)
    }

    /// A fault of the service: SOAP 1.1 `Server`, SOAP 1.2 `Receiver`.
    pub fn server(reason: impl Into<String>) -> Self {
        Self::with_base(SERVER, reason)
    }

    /// The `Server` fault of an operation the service does not implement
    /// (what a generated trait's methods answer by default).
    pub fn not_implemented(operation: &str) -> Self {
        Self::server(format!("operation {operation} is not implemented by this service"))
            .with_subcode("notImplemented")
    }

    /// The request's SOAP version does not match the service's
    /// (`VersionMismatch`).
    pub fn version_mismatch(reason: impl Into<String>) -> Self {
        Self::with_base("VersionMismatch", reason)
    }

    /// A header block marked `mustUnderstand` that the operation does not
    /// process (`MustUnderstand`).
    pub fn must_understand(reason: impl Into<String>) -> Self {
        Self::with_base("MustUnderstand", reason)
    }

    /// Adds a subcode: SOAP 1.1 appends it to the code with a dot
    /// (`Server.userException`, as Apache Axis writes a Java exception),
    /// SOAP 1.2 nests it as a `Subcode`.
    pub fn with_subcode(mut self, subcode: impl Into<String>) -> Self {
        self.0.subcodes.push(subcode.into());
        self
    }

    /// Replaces the reason (`faultstring`, SOAP 1.2 `Reason/Text`).
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.0.string = reason.into();
        self
    }

    /// The URI of the node that failed (`faultactor`, SOAP 1.2 `Role`).
    pub fn with_actor(mut self, actor: impl Into<String>) -> Self {
        self.0.actor = Some(actor.into());
        self
    }

    /// The detail: `value` written as element `name`, as a client decodes it
    /// with `fault.detail::<T>()`. Replaces an earlier detail.
    pub fn with_detail<T: ToXml + ?Sized>(mut self, name: Name, value: &T) -> Self {
        let mut w = XmlWriter::new(false);
        value.to_xml(&mut w, name);
        match w.finish() {
            Ok(xml) => self.0.detail = Some(xml),
            // A value XML cannot carry: the detail would not parse (or read
            // back as another), so the fault says so instead of carrying it.
            Err(bad) => {
                let note = format!("(detail left out: {bad})");
                self.0.string = format!("{} {note}", self.0.string);
                self.0.detail = None;
            }
        }
        self.0.namespaces.clear();
        self
    }

    /// A detail of plain text (escaped), as PHP's `SoapFault` sends a string
    /// detail.
    pub fn with_detail_text(mut self, text: impl AsRef<str>) -> Self {
        let mut w = XmlWriter::new(false);
        w.text(text.as_ref());
        match w.finish() {
            Ok(xml) => self.0.detail = Some(xml),
            Err(bad) => {
                self.0.string = format!("{} (detail left out: {bad})", self.0.string);
                self.0.detail = None;
            }
        }
        self.0.namespaces.clear();
        self
    }

    /// The fault as a client would receive it.
    pub fn fault(&self) -> &Fault {
        &self.0
    }

    /// The reason (`faultstring`).
    pub fn reason(&self) -> &str {
        &self.0.string
    }

    /// The whole fault envelope in `version`.
    pub(crate) fn envelope(&self, version: SoapVersion) -> Vec<u8> {
        let (base, subcodes) = self.code_parts();
        let env = version.envelope_ns();
        let mut out = String::with_capacity(512);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        let prefix = match version {
            SoapVersion::Soap11 => "soapenv",
            SoapVersion::Soap12 => "env",
        };
        out.push_str(&format!("<{prefix}:Envelope xmlns:{prefix}=\"{env}\"><{prefix}:Body>"));
        match version {
            SoapVersion::Soap11 => self.write_11(&mut out, &base, &subcodes),
            SoapVersion::Soap12 => self.write_12(&mut out, &base, &subcodes),
        }
        out.push_str(&format!("</{prefix}:Body></{prefix}:Envelope>"));
        out.into_bytes()
    }

    /// The code as a SOAP envelope code (`Client`, `Server`, ... or another
    /// code in the envelope namespace) and its subcodes: a code written
    /// `prefix:Server.userException` (a fault passed on as a client
    /// received it) is split at its dots.
    fn code_parts(&self) -> (String, Vec<String>) {
        let f = &self.0;
        let local = f.code.rsplit_once(':').map_or(f.code.as_str(), |(_, l)| l);
        let envelope = f.code_ns.as_deref().is_none_or(|n| SoapVersion::of_namespace(n).is_some());
        let mut parts = local.split('.').filter(|p| !p.is_empty()).map(str::to_owned);
        let base = match parts.next() {
            Some(base) if envelope => base,
            // A code in another namespace, or none at all: the service failed.
            _ => SERVER.to_owned(),
        };
        let mut subcodes: Vec<String> = if envelope { parts.collect() } else { vec![local.to_owned()] };
        let local_of = |s: &String| s.rsplit_once(':').map_or(s.as_str(), |(_, l)| l).to_owned();
        subcodes.extend(f.subcodes.iter().map(local_of));
        subcodes.retain(|s| !s.is_empty());
        (base, subcodes)
    }

    fn write_11(&self, out: &mut String, base: &str, subcodes: &[String]) {
        let f = &self.0;
        let mut code = format!("soapenv:{base}");
        for sub in subcodes {
            code.push('.');
            code.push_str(sub);
        }
        out.push_str("<soapenv:Fault><faultcode>");
        text(out, &code);
        out.push_str("</faultcode><faultstring>");
        text(out, &f.string);
        out.push_str("</faultstring>");
        if let Some(actor) = &f.actor {
            out.push_str("<faultactor>");
            text(out, actor);
            out.push_str("</faultactor>");
        }
        if let Some(detail) = &f.detail {
            self.write_detail(out, "detail", detail);
        }
        out.push_str("</soapenv:Fault>");
    }

    fn write_12(&self, out: &mut String, base: &str, subcodes: &[String]) {
        let f = &self.0;
        let value = match base {
            CLIENT => "Sender",
            SERVER => "Receiver",
            "VersionMismatch" | "MustUnderstand" | "DataEncodingUnknown" | "Sender" | "Receiver" => base,
            _ => "Receiver",
        };
        out.push_str("<env:Fault><env:Code><env:Value>env:");
        out.push_str(value);
        out.push_str("</env:Value>");
        for sub in subcodes {
            // A QName without a prefix: in no namespace.
            out.push_str("<env:Subcode><env:Value>");
            text(out, sub);
            out.push_str("</env:Value>");
        }
        for _ in subcodes {
            out.push_str("</env:Subcode>");
        }
        out.push_str("</env:Code><env:Reason><env:Text xml:lang=\"en\">");
        text(out, &f.string);
        out.push_str("</env:Text></env:Reason>");
        if let Some(actor) = &f.actor {
            out.push_str("<env:Role>");
            text(out, actor);
            out.push_str("</env:Role>");
        }
        if let Some(detail) = &f.detail {
            self.write_detail(out, "env:Detail", detail);
        }
        out.push_str("</env:Fault>");
    }

    /// The detail element with the namespace declarations the detail was
    /// received with; a detail that is not well-formed XML content is sent
    /// as text, so the envelope always parses.
    fn write_detail(&self, out: &mut String, element: &str, detail: &str) {
        let f = &self.0;
        out.push('<');
        out.push_str(element);
        let xml = super::envelope::is_xml_content(detail, &f.namespaces);
        if xml {
            for (prefix, uri) in &f.namespaces {
                if prefix.is_empty() {
                    out.push_str(" xmlns=\"");
                } else {
                    out.push_str(&format!(" xmlns:{prefix}=\""));
                }
                attr(out, uri);
                out.push('"');
            }
        }
        out.push('>');
        if xml {
            out.push_str(detail);
        } else {
            text(out, detail);
        }
        out.push_str("</");
        out.push_str(element);
        out.push('>');
    }
}

/// Escaped character data; characters XML 1.0 cannot carry become U+FFFD
/// (a fault's reason may quote what a broken request held).
fn text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

fn attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            c => text(out, c.encode_utf8(&mut [0; 4])),
        }
    }
}

impl From<Fault> for SoapFault {
    fn from(fault: Fault) -> Self {
        SoapFault(Box::new(fault))
    }
}

impl std::fmt::Display for SoapFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SoapFault {}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::rt::{DecodeOptions, Error, Operation, read_response};

    const OP: Operation = Operation {
        name: "op",
        soap_action: "",
        input: Some(Name::qualified("urn:t", "op")),
        output: Some(Name::qualified("urn:t", "opResponse")),
        encoded: false,
        version: SoapVersion::Soap11,
    };

    /// The fault `detail` makes, as this runtime's client reads it back.
    fn sent(detail: &str) -> Fault {
        let fault = Fault {
            code: "Server".into(),
            string: "failed".into(),
            detail: Some(detail.into()),
            namespaces: vec![("p".into(), "urn:p".into())],
            ..Fault::default()
        };
        let bytes = SoapFault::from(fault).envelope(SoapVersion::Soap11);
        match read_response::<()>(&bytes, &OP, &DecodeOptions::default()) {
            Err(Error::Fault(f)) => *f,
            other => panic!("{detail}: {other:?} from {}", String::from_utf8_lossy(&bytes)),
        }
    }

    #[test]
    fn a_detail_the_client_cannot_read_as_xml_is_sent_as_text() {
        // Well-formed content goes as it is, its prefix declared.
        assert_eq!(sent("<p:e a=\"1\">x</p:e>").detail.as_deref(), Some("<p:e a=\"1\">x</p:e>"));
        // What XML or its namespaces refuse, quick-xml's reader let
        // through: sent as XML, the whole fault was unreadable. Now it
        // arrives as the text it was.
        for bad in
            ["<1a/>", "<p:e p:x=\"1\" q:x=\"2\" xmlns:q=\"urn:p\"/>", "<:e/>", "<e>\u{C}</e>", "<q:e/>"]
        {
            // The detail's raw content: the text, escaped as written, a
            // character XML forbids replaced.
            let escaped = bad.replace('<', "&lt;").replace('>', "&gt;").replace('\u{C}', "\u{FFFD}");
            assert_eq!(sent(bad).detail.as_deref(), Some(escaped.as_str()), "{bad}");
        }
    }
}
