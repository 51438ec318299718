//! Monema pb_tamtam (PHP SoapServer, rpc/encoded) through the generated
//! client and the `Monema` helper on 127.0.0.1: requests equal what PHP's
//! SoapClient sends for the same calls (the vendor's C_getCredit sample
//! among them), answers captured from PHP's SoapServer on the same WSDL
//! decode to whole values, a SoapFault is typed, and send_fax uploads in
//! 256 KiB chunks.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use pbx_soap::monema::*;
use pbx_soap::rt::{Error, SoapClient};
use pbx_soap_tests::fixtures::{assert_request, read};
use pbx_soap_tests::http_stub::{Recorded, Reply, StubServer};

const LOGIN: &str = "acme";
const PASSWORD: &str = "s3cr3t";

/// A server answering every request with response fixture `name`.
async fn serve(name: &str) -> (StubServer, Monema) {
    let body = read("monema", "responses", name);
    let status = if body.contains("Fault>") { 500 } else { 200 };
    let server = StubServer::start(move |_| Reply::xml(status, body.clone())).await.unwrap();
    let client = SoapClient::new(server.url("/public_api/pb_tamtam_wsdl.php")).unwrap();
    (server, Monema::new(client, LOGIN, PASSWORD))
}

fn last(server: &StubServer) -> Recorded {
    server.requests().pop().expect("no request")
}

#[tokio::test]
async fn get_credit_is_the_vendor_sample() {
    let (server, monema) = serve("c_get_credit").await;
    assert_eq!(monema.credit().await.unwrap(), 12.5);
    let req = last(&server);
    assert_request(&req, "monema", "c_get_credit");
    assert_eq!(req.header("SOAPAction"), Some("\"urn:pb_tamtam#C_getCredit\""));
}

#[tokio::test]
async fn get_calls_sends_client_password_capitalised_and_decodes_every_field() {
    let (server, monema) = serve("c_get_calls").await;
    let calls = monema.calls("2026-11-01", "2026-11-30", "", CallFilter::Incoming).await.unwrap();
    assert_request(&last(&server), "monema", "c_get_calls");
    let expected = vec![
        Calls {
            id: 4_294_967_301,
            clients_id: 7,
            src: "+34 600 <000> & \"1\"".into(),
            dst: "201".into(),
            duration: 65,
            disposition: "ANSWERED".into(),
            uniqueid: "1700000000.42".into(),
            recorded: true,
            calldate: 1_763_900_000,
            accountcode: 0,
            cost: -0.0125,
            ext_src_recorded: false,
            ext_dst_recorded: true,
        },
        Calls {
            id: 2,
            clients_id: 7,
            src: "201".into(),
            dst: "Müller".into(),
            duration: 0,
            disposition: "NO ANSWER".into(),
            uniqueid: String::new(),
            recorded: false,
            calldate: 0,
            accountcode: 3,
            cost: 0.0,
            ext_src_recorded: false,
            ext_dst_recorded: false,
        },
    ];
    assert_eq!(calls, expected);
}

#[tokio::test]
async fn an_empty_array_decodes_empty() {
    let (_server, monema) = serve("c_get_call_tags_empty").await;
    assert_eq!(monema.call_tags("9").await.unwrap(), Vec::<CallsTags>::new());
}

#[tokio::test]
async fn make_call_response_is_an_operation_of_its_own_with_three_parts() {
    let (server, monema) = serve("c_make_call_response").await;
    let result = monema.make_call_and_wait("201", "0034600000000", r#"{CALLERID}="Sales""#).await.unwrap();
    assert_request(&last(&server), "monema", "c_make_call_response");
    let expected =
        MakeCallResult { ok: true, status: MakeCallStatus::Answered, uniqueid: "1700000000.42".into() };
    assert_eq!(result, expected);
    // The generated types keep its request wrapper apart from C_makeCall's
    // response wrapper, although both are named C_makeCallResponse.
    let _request = CMakeCallResponseRequest::default();
    let _c_make_call_answer = CMakeCallResponse { ok: true };
}

#[tokio::test]
async fn transfer_status_extensions_and_modems() {
    let (_server, monema) = serve("c_get_extension_transfer_status").await;
    let status = monema.transfer_status(12).await.unwrap();
    assert_eq!(status, TransferStatus { enabled: true, number: "0034600000000".into(), is_external: true });
    let (_server, monema) = serve("c_get_extensions").await;
    let expected = Extensions { id: 31, users_id: 5, clients_id: 7, extnumber: 201 };
    assert_eq!(monema.extensions().await.unwrap(), [expected]);
    let (_server, monema) = serve("c_get_fax_modems").await;
    assert_eq!(monema.fax_modems().await.unwrap(), ["modem-1", "modem-2"]);
}

#[tokio::test]
async fn a_soap_fault_is_typed() {
    let (_server, monema) = serve("fault").await;
    let err = monema.credit().await.unwrap_err();
    let fault = err.fault().expect("a fault");
    assert_eq!(
        (fault.code.as_str(), fault.string.as_str(), fault.detail.as_deref()),
        ("SOAP-ENV:Server", "Invalid login or password", Some("detail text"))
    );
}

#[tokio::test]
async fn a_chunk_is_sent_as_base64() {
    let (server, monema) = serve("c_get_credit").await;
    let chunk = b"%PDF-1.4 \xc3\xa4\x00\xc3\xbf".to_vec();
    // The canned answer is C_getCredit's: only the request matters here.
    let _ = monema.port().c_upload_fax_chunk(LOGIN.into(), PASSWORD.into(), "fx-1".into(), chunk).await;
    assert_request(&last(&server), "monema", "c_upload_fax_chunk");
}

/// A PHP-like fax server: keeps the uploaded bytes per session and answers
/// each operation as PHP's SoapServer does.
fn fax_server(
    store: Arc<Mutex<Vec<u8>>>,
    sends: Arc<Mutex<Vec<String>>>,
) -> impl Fn(&Recorded) -> Reply + Send + Sync {
    move |req| {
        let body = req.body_text();
        let answer = |op: &str, content: &str| {
            Reply::xml(
                200,
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:pb_tamtam" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body><ns1:{op}Response>{content}</ns1:{op}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
                ),
            )
        };
        if body.contains(":C_startFaxUpload") {
            answer("C_startFaxUpload", r#"<sessionId xsi:type="xsd:string">fx-77</sessionId>"#)
        } else if body.contains(":C_uploadFaxChunk") {
            assert!(body.contains(">fx-77<"), "{body}");
            let start = body.find("<chunk").unwrap();
            let text_start = start + body[start..].find('>').unwrap() + 1;
            let text_end = text_start + body[text_start..].find("</chunk>").unwrap();
            let chunk =
                base64::engine::general_purpose::STANDARD.decode(&body[text_start..text_end]).unwrap();
            assert!(chunk.len() <= FAX_CHUNK_BYTES);
            let mut stored = store.lock().unwrap();
            stored.extend_from_slice(&chunk);
            answer(
                "C_uploadFaxChunk",
                &format!(r#"<file_size xsi:type="xsd:long">{}</file_size>"#, stored.len()),
            )
        } else if body.contains(":C_sendFax") {
            sends.lock().unwrap().push(body);
            answer("C_sendFax", r#"<ok xsi:type="xsd:boolean">true</ok>"#)
        } else {
            Reply::new(500, "text/plain", "unexpected")
        }
    }
}

#[tokio::test]
async fn send_fax_uploads_in_256_kib_chunks_then_sends() {
    let store = Arc::new(Mutex::new(Vec::new()));
    let sends = Arc::new(Mutex::new(Vec::new()));
    let server = StubServer::start(fax_server(Arc::clone(&store), Arc::clone(&sends))).await.unwrap();
    let monema =
        Monema::new(SoapClient::new(server.url("/public_api/pb_tamtam_wsdl.php")).unwrap(), LOGIN, PASSWORD);
    // 600 KiB of every byte value: three chunks (256 + 256 + 88 KiB).
    let document: Vec<u8> = (0..600 * 1024).map(|i| (i % 251) as u8).collect();
    let fax = Fax {
        modem: "modem-1".into(),
        to: vec!["1555000000".into(), "1555000001".into()],
        cover: Some(FaxCover { name: "Dest & Co".into(), subject: "Invoice".into(), ..FaxCover::default() }),
    };
    assert!(monema.send_fax(&document, &fax).await.unwrap());
    assert_eq!(*store.lock().unwrap(), document);
    let ops: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            let b = r.body_text();
            ["C_startFaxUpload", "C_uploadFaxChunk", "C_sendFax"]
                .into_iter()
                .find(|op| b.contains(op))
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        ops,
        ["C_startFaxUpload", "C_uploadFaxChunk", "C_uploadFaxChunk", "C_uploadFaxChunk", "C_sendFax"]
    );
    let send = sends.lock().unwrap().pop().unwrap();
    for part in [
        ">fx-77<",
        ">modem-1<",
        ">1555000000,1555000001<",
        ">true</useCover>",
        ">Dest &amp; Co<",
        ">Invoice<",
    ] {
        assert!(send.contains(part), "{part} missing in {send}");
    }

    // Nothing to send is refused before any request.
    let before = server.requests().len();
    assert!(matches!(monema.send_fax(&[], &fax).await, Err(Error::Config(_))));
    assert!(matches!(monema.send_fax(b"x", &Fax::default()).await, Err(Error::Config(_))));
    assert_eq!(server.requests().len(), before);
}

#[tokio::test]
async fn send_fax_stops_when_the_server_lost_bytes() {
    let server = StubServer::start(|req: &Recorded| {
        let body = req.body_text();
        let (op, content) = if body.contains(":C_startFaxUpload") {
            ("C_startFaxUpload", "<sessionId>s</sessionId>")
        } else if body.contains(":C_uploadFaxChunk") {
            ("C_uploadFaxChunk", "<file_size>3</file_size>")
        } else {
            ("C_sendFax", "<ok>true</ok>")
        };
        Reply::xml(200, format!(r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><m:{op}Response xmlns:m="urn:pb_tamtam">{content}</m:{op}Response></e:Body></e:Envelope>"#))
    })
    .await
    .unwrap();
    let monema = Monema::new(SoapClient::new(server.url("/x")).unwrap(), LOGIN, PASSWORD);
    let fax = Fax { modem: "m".into(), to: vec!["1".into()], cover: None };
    let err = monema.send_fax(b"12345", &fax).await.unwrap_err();
    assert!(matches!(&err, Error::Refused { operation: "C_uploadFaxChunk", .. }), "{err:?}");
    assert!(!server.requests().iter().any(|r| r.body_text().contains(":C_sendFax")));
}
