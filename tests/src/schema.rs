//! What the XML Schema tests (`tests/xsd_*.rs`) share: a value sent as a
//! request envelope and read back as a response (the round trip), a
//! response body decoded as the client decodes it, and a client of a
//! generated port talking to a server that answers one fixed envelope.

// Test support: failing loudly is what these helpers are for.
#![allow(clippy::panic)]

use pbx_soap::rt::{
    DecodeError, DecodeErrorKind, DecodeOptions, Error, FromXml, Name, Operation, SoapClient, SoapVersion,
    ToXml, read_response, write_request,
};

use crate::http_stub::{Reply, StubServer};
use crate::xml_norm::normalize;

fn operation(element: Name, encoded: bool) -> Operation {
    Operation {
        name: "round trip",
        soap_action: "",
        input: Some(element),
        output: Some(element),
        encoded,
        version: SoapVersion::Soap11,
    }
}

/// Sends `value` as the body element `element` of a request envelope and
/// reads that envelope back as a response: the envelope and the value read.
pub fn round_trip<T: ToXml + FromXml>(element: Name, value: &T, encoded: bool) -> (String, T) {
    let op = operation(element, encoded);
    let bytes = write_request(&op, value).unwrap_or_else(|e| panic!("encoding failed: {e}"));
    let text = String::from_utf8(bytes.clone()).unwrap_or_else(|e| panic!("not UTF-8: {e}"));
    match read_response::<T>(&bytes, &op, &DecodeOptions::default()) {
        Ok(back) => (text, back),
        Err(e) => panic!("the envelope does not read back: {e}\n{text}"),
    }
}

/// Decodes `body` (the Body's child, as a server would send it) as `T`.
pub fn decode<T: FromXml>(element: Name, body: &str) -> Result<T, DecodeError> {
    let envelope = format!(
        r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"#
    );
    match read_response::<T>(envelope.as_bytes(), &operation(element, false), &DecodeOptions::default()) {
        Ok(v) => Ok(v),
        Err(Error::Decode { source, .. }) => Err(source),
        Err(other) => panic!("not a decode error: {other}"),
    }
}

/// The error's path joined as the runtime prints it (`/Body/a/b`).
pub fn path(e: &DecodeError) -> String {
    format!("/{}", e.path.join("/"))
}

/// What went wrong and where, for comparing in one assertion.
pub fn failure(e: &DecodeError) -> (DecodeErrorKind, String) {
    (e.kind.clone(), path(e))
}

/// Panics unless the XML texts are equal after normalisation.
pub fn assert_same_xml(got: &str, want: &str) {
    let g = normalize(got).unwrap_or_else(|e| panic!("not XML ({e}): {got}"));
    let w = normalize(want).unwrap_or_else(|e| panic!("not XML ({e}): {want}"));
    assert!(g == w, "XML differs\n--- got:\n{g}\n--- want:\n{w}\n--- raw:\n{got}");
}

/// A server answering every request with the envelope around `body`
/// (status 200), and a client for it.
pub async fn answering(body: &str) -> (StubServer, SoapClient) {
    let envelope = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"#
    );
    let server = StubServer::start(move |_| Reply::xml(200, envelope.clone()))
        .await
        .unwrap_or_else(|e| panic!("cannot start the stub server: {e}"));
    let client = SoapClient::new(server.url("/service")).unwrap_or_else(|e| panic!("{e}"));
    (server, client)
}
