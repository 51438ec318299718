//! Hostile and broken requests to our server: each gets a clear `Client`
//! fault (or an HTTP error where no SOAP exchange is possible) naming what
//! was wrong, and the server keeps serving: after every one, a valid call
//! on the same server succeeds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use pbx_soap::brekeke::{UserImpl, UserImplServer};
use pbx_soap::rt::server::{RunningServer, Server, SoapFault};
use pbx_soap::rt::{DecodeOptions, Error, Fault, Name, Operation, SoapClient, SoapVersion, read_response};
use pbx_soap_tests::scenarios::brekeke::Peer;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const NS: &str = "http://localhost/pbx/services/UserImpl";
const ENV: &str = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">"#;

/// A body around `content` (the Body's children).
fn envelope(content: &str) -> String {
    format!("{ENV}<soapenv:Body>{content}</soapenv:Body></soapenv:Envelope>")
}

/// A valid deleteUser request for user `user`.
fn delete_user(user: &str) -> String {
    envelope(&format!(
        r#"<ns1:deleteUser xmlns:ns1="{NS}"><in0 xsi:type="xsd:string">{user}</in0></ns1:deleteUser>"#
    ))
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

async fn post(
    url: &str,
    content_type: Option<&str>,
    action: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> Answer {
    let mut req = reqwest::Client::new().post(url).body(body);
    if let Some(ct) = content_type {
        req = req.header("Content-Type", ct);
    }
    if let Some(action) = action {
        req = req.header("SOAPAction", action);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    Answer { status, headers, body: resp.text().await.unwrap() }
}

async fn soap11(url: &str, body: impl Into<reqwest::Body>) -> Answer {
    post(url, Some("text/xml; charset=utf-8"), Some("\"\""), body).await
}

/// The fault an answer carries, read as the client reads one.
fn fault_of(answer: &Answer) -> Fault {
    let op = Operation {
        name: "any",
        soap_action: "",
        input: None,
        output: None,
        encoded: false,
        version: SoapVersion::Soap11,
    };
    match read_response::<()>(answer.body.as_bytes(), &op, &DecodeOptions::default()) {
        Err(Error::Fault(f)) => *f,
        other => panic!("no fault in HTTP {}: {other:?}\n{}", answer.status, answer.body),
    }
}

/// A `Client` fault with HTTP `status` whose reason contains `what`.
fn assert_client_fault(answer: &Answer, status: u16, what: &str) {
    assert_eq!(answer.status, status, "{}", answer.body);
    let fault = fault_of(answer);
    assert_eq!(fault.code_local(), "Client", "{fault:?}");
    assert!(fault.string.contains(what), "{:?} lacks {what:?}", fault.string);
}

/// The server still answers a valid call.
async fn still_serving(server: &RunningServer) {
    let pbx = UserImpl::new(SoapClient::new(server.endpoint("UserImpl").unwrap()).unwrap());
    assert!(pbx.delete_user("4010".into()).await.unwrap());
}

async fn brekeke(
    configure: impl FnOnce(pbx_soap::rt::server::ServerBuilder) -> pbx_soap::rt::server::ServerBuilder,
) -> RunningServer {
    let builder = Server::builder().service(Peer::default().into_service());
    configure(builder).bind("127.0.0.1:0").await.unwrap()
}

#[tokio::test]
async fn oversized_requests_are_refused_while_read() {
    let server = brekeke(|b| b.max_request_bytes(64 * 1024)).await;
    let url = server.endpoint("UserImpl").unwrap();
    // Declared too large: refused before the body is read.
    let big = delete_user(&"x".repeat(100 * 1024));
    assert_client_fault(&soap11(&url, big).await, 413, "exceeds the 65536-byte limit");
    // Chunked, no length: cut off at the limit, whatever the client goes
    // on sending.
    let mut stream = tokio::net::TcpStream::connect(server.local_addr()).await.unwrap();
    let head = "POST /pbx/services/UserImpl HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("1000\r\n{}\r\n", " ".repeat(4096));
    for _ in 0..100 {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break; // the server stopped reading
        }
    }
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("exceeds the 65536-byte limit"), "{answer}");
    still_serving(&server).await;
}

#[tokio::test]
async fn malformed_and_hostile_xml_is_a_client_fault() {
    let server = brekeke(|b| b).await;
    let url = server.endpoint("UserImpl").unwrap();
    // Deep nesting: 100,000 levels inside a value (the decoder never
    // descends further than the schema goes), inside a header block
    // (skipped without recursion: the call goes through), and references
    // nested beyond the depth limit (64).
    let deep = format!("{}4010{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    let answer = soap11(&url, delete_user(&deep)).await;
    assert_client_fault(
        &answer,
        500,
        "unexpected element <a> where text was expected at /Body/deleteUser/in0",
    );
    let header =
        format!("<soapenv:Header><h:x xmlns:h=\"urn:h\">{deep}</h:x></soapenv:Header><soapenv:Body>");
    let answer = soap11(&url, delete_user("4010").replace("<soapenv:Body>", &header)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let chain: String = (1..100)
        .map(|i| format!(r##"<r{i} id="r{i}"><v href="#r{}"/></r{i}>"##, i + 1))
        .chain(std::iter::once(r#"<r100 id="r100">4010</r100>"#.to_owned()))
        .collect();
    let refs =
        envelope(&format!(r##"<ns1:deleteUser xmlns:ns1="{NS}"><in0 href="#r1"/></ns1:deleteUser>{chain}"##));
    assert_client_fault(&soap11(&url, refs).await, 500, "references nest deeper than 64 levels");
    // Entity expansion: a DOCTYPE is refused before anything is expanded.
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>{}"#,
        delete_user("&lol2;")
    );
    assert_client_fault(&soap11(&url, laughs).await, 500, "DOCTYPE is not allowed");
    // An entity no DTD defines, in a value and in an attribute nobody
    // reads.
    assert_client_fault(&soap11(&url, delete_user("&nbsp;")).await, 500, "entity");
    let unread = delete_user("4010").replace("<in0", "<in0 note=\"&nbsp;\"");
    assert_client_fault(&soap11(&url, unread).await, 500, "entity or invalid character reference `&nbsp;`");
    // Not well-formed, not XML, an HTML page, no Envelope.
    assert_client_fault(&soap11(&url, delete_user("4010").replace("</in0>", "")).await, 500, "malformed");
    assert_client_fault(&soap11(&url, "hello").await, 500, "not a readable SOAP envelope");
    assert_client_fault(&soap11(&url, "<html><body>hi</body></html>").await, 500, "not a SOAP Envelope");
    assert_client_fault(&soap11(&url, format!("{ENV}</soapenv:Envelope>")).await, 500, "has no Body");
    // Content after the envelope.
    let trailing = format!("{}<more/>", delete_user("4010"));
    assert_client_fault(&soap11(&url, trailing).await, 500, "after the end of the root element");
    // A character XML 1.0 forbids.
    assert_client_fault(&soap11(&url, delete_user("&#1;")).await, 500, "not allowed in XML 1.0");
    still_serving(&server).await;
}

#[tokio::test]
async fn wrong_operation_action_and_values_are_named() {
    let server = brekeke(|b| b).await;
    let url = server.endpoint("UserImpl").unwrap();
    // A body element no operation takes.
    let unknown = envelope(&format!(r#"<ns1:dropUser xmlns:ns1="{NS}"/>"#));
    assert_client_fault(
        &soap11(&url, unknown).await,
        500,
        "no operation for body element {http://localhost/pbx/services/UserImpl}dropUser",
    );
    // The right local name in another namespace.
    let other_ns = delete_user("4010").replace(NS, "urn:other");
    assert_client_fault(
        &soap11(&url, other_ns).await,
        500,
        "operation deleteUser takes {http://localhost/pbx/services/UserImpl}deleteUser",
    );
    // A SOAPAction naming another operation than the body's (the
    // WSDL declares none for Brekeke, so any passes there): sipXconfig-
    // style declared actions are checked on innovaphone below.
    let answer = post(&url, Some("text/xml"), Some("\"urn:whatever\""), delete_user("4010")).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    // Wrong values: a missing part, an unknown part, a number that is not one.
    let missing = envelope(&format!(r#"<ns1:deleteUser xmlns:ns1="{NS}"/>"#));
    assert_client_fault(&soap11(&url, missing).await, 500, "missing required element <in0>");
    let extra = delete_user("4010").replace("</ns1:deleteUser>", "<in9>x</in9></ns1:deleteUser>");
    assert_client_fault(&soap11(&url, extra).await, 500, "unknown element <in9>");
    // A dangling multi-reference.
    let dangling =
        envelope(&format!(r##"<ns1:deleteUser xmlns:ns1="{NS}"><in0 href="#id9"/></ns1:deleteUser>"##));
    assert_client_fault(&soap11(&url, dangling).await, 500, "multi-reference");
    // An undeclared header block the client insists on.
    let header = delete_user("4010").replace(
        "<soapenv:Body>",
        r#"<soapenv:Header><t:Trace xmlns:t="urn:t" soapenv:mustUnderstand="1">1</t:Trace></soapenv:Header><soapenv:Body>"#,
    );
    let answer = soap11(&url, header).await;
    assert_eq!(answer.status, 500);
    let fault = fault_of(&answer);
    assert_eq!(fault.code_local(), "MustUnderstand", "{fault:?}");
    assert!(fault.string.contains("{urn:t}Trace"), "{fault:?}");
    still_serving(&server).await;
}

#[tokio::test]
async fn a_soapaction_naming_another_operation_is_refused() {
    let server = pbx_soap_tests::scenarios::innovaphone::Peer::default().serve().await;
    let url = server.endpoint("pbxPort").unwrap();
    let poll = envelope(
        r#"<ns1:Poll xmlns:ns1="http://innovaphone.com/pbx"><session xsi:type="xsd:int">17</session></ns1:Poll>"#,
    );
    let answer = post(&url, Some("text/xml"), Some("\"http://innovaphone.com/pbx#End\""), poll.clone()).await;
    assert_client_fault(
        &answer,
        500,
        "SOAPAction \"http://innovaphone.com/pbx#End\" does not match operation Poll",
    );
    let answer = post(&url, Some("text/xml"), Some("\"http://innovaphone.com/pbx#Poll\""), poll).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test]
async fn http_level_mistakes_get_http_errors() {
    let server = brekeke(|b| b).await;
    let url = server.endpoint("UserImpl").unwrap();
    // Unknown path, GET without ?wsdl, PUT.
    let client = reqwest::Client::new();
    let answer = client.post(format!("{}/nowhere", server.url())).body("x").send().await.unwrap();
    assert_eq!(answer.status(), 404);
    assert!(answer.text().await.unwrap().contains("/pbx/services/UserImpl"));
    let answer = client.get(&url).send().await.unwrap();
    assert_eq!((answer.status().as_u16(), answer.headers()["allow"].to_str().unwrap()), (405, "POST"));
    assert_eq!(client.put(&url).body("x").send().await.unwrap().status(), 405);
    // A content type that is not SOAP's.
    let answer = post(&url, Some("application/json"), None, "{}").await;
    assert_client_fault(&answer, 415, "is not SOAP's");
    // A SOAP 1.2 envelope sent as SOAP 1.1, an unknown envelope namespace.
    let soap12 = delete_user("4010")
        .replace("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope");
    let answer = soap11(&url, soap12).await;
    assert_eq!(answer.status, 500);
    assert_eq!(fault_of(&answer).code_local(), "VersionMismatch");
    let unknown = delete_user("4010").replace("http://schemas.xmlsoap.org/soap/envelope/", "urn:not-soap");
    let answer = soap11(&url, unknown).await;
    assert!(
        answer.body.contains("VersionMismatch") && answer.body.contains("urn:not-soap"),
        "{}",
        answer.body
    );
    still_serving(&server).await;
}

#[tokio::test]
async fn missing_or_wrong_credentials_get_401_with_a_challenge() {
    for digest in [false, true] {
        let server = brekeke(|b| {
            if digest { b.digest_auth("PBX", "admin", "s3cret") } else { b.basic_auth("admin", "s3cret") }
        })
        .await;
        let url = server.endpoint("UserImpl").unwrap();
        let answer = soap11(&url, delete_user("4010")).await;
        assert_eq!(answer.status, 401);
        let challenge = answer.headers["www-authenticate"].to_str().unwrap();
        assert!(challenge.starts_with(if digest { "Digest realm=\"PBX\"" } else { "Basic" }), "{challenge}");
        for password in ["wrong", "s3cret"] {
            let soap = SoapClient::builder(&url);
            let soap =
                if digest { soap.digest_auth("admin", password) } else { soap.basic_auth("admin", password) };
            let pbx = UserImpl::new(soap.build().unwrap());
            let result = pbx.delete_user("4010".into()).await;
            match password {
                "wrong" => assert!(matches!(result, Err(Error::Unauthorized { .. })), "{result:?}"),
                _ => assert!(result.unwrap()),
            }
        }
        // The WSDL stays public.
        let wsdl = reqwest::get(format!("{url}?wsdl")).await.unwrap();
        assert_eq!(wsdl.status(), 200);
    }
}

#[tokio::test]
async fn a_client_that_sends_too_slowly_is_cut_off() {
    let server = brekeke(|b| b.request_timeout(Duration::from_millis(300))).await;
    let mut stream = tokio::net::TcpStream::connect(server.local_addr()).await.unwrap();
    let head = "POST /pbx/services/UserImpl HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<soapenv";
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = String::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_string(&mut answer)).await;
    assert!(read.is_ok(), "the connection stayed open");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // Headers that never end: the connection is closed.
    let mut stream = tokio::net::TcpStream::connect(server.local_addr()).await.unwrap();
    stream.write_all(b"POST /pbx/services/UserImpl HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut rest)).await;
    assert!(read.is_ok(), "the connection stayed open");
    still_serving(&server).await;
}

/// A service whose method panics.
struct Panicking;

impl UserImplServer for Panicking {
    async fn delete_user(&self, in0: String) -> Result<bool, SoapFault> {
        if in0 == "boom" {
            panic!("the implementation failed");
        }
        Ok(true)
    }
}

#[tokio::test]
async fn a_panicking_method_is_a_server_fault_and_the_server_goes_on() {
    let server = Server::builder().service(Panicking.into_service()).bind("127.0.0.1:0").await.unwrap();
    let pbx = UserImpl::new(SoapClient::new(server.endpoint("UserImpl").unwrap()).unwrap());
    let err = pbx.delete_user("boom".into()).await.unwrap_err();
    let fault = err.fault().expect("a fault");
    assert_eq!(
        (fault.code_local(), fault.string.as_str()),
        ("Server", "operation deleteUser failed: the service panicked")
    );
    assert!(pbx.delete_user("4010".into()).await.unwrap());
    // An operation it does not implement.
    let err = pbx.get_user_property_names().await.unwrap_err();
    assert_eq!(err.fault().unwrap().code_local(), "Server.notImplemented");
    let _ = Name::local("unused");
}
