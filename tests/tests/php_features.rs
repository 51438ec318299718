//! SOAP 1.2, header blocks and typed fault details against PHP's ext/soap,
//! on the project's test WSDL `tests/php/features/calls.wsdl` (a service
//! bound to SOAP 1.1 and 1.2): a `SoapServer` reads the `Session` input
//! header block, answers with a `Usage` output header block, and throws a
//! `SoapFault` whose detail is the declared `DialError`
//! (`tests/php/features_server.php`); the requests equal the ones PHP's
//! `SoapClient` builds for the same calls (`tests/php/features_oracle.php`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

use pbx_soap::rt::{Error, Fault, SoapClient, SoapVersion};
use pbx_soap_tests::features::calls::*;
use pbx_soap_tests::php_peer::{PhpPeer, php_file, require_php};
use pbx_soap_tests::xml_norm::normalize;

/// A SoapServer speaking `version` ("11" or "12") and the generated client
/// for it, with the session header block set once on the client.
async fn peer_and_client(version: &str) -> (PhpPeer, Calls) {
    let peer =
        PhpPeer::start(&php_file("features_server.php"), &[("FEATURES_SOAP", Path::new(version))], 2).await;
    let mut soap = SoapClient::builder(peer.url("/calls"));
    if version == "12" {
        soap = soap.soap_version(SoapVersion::Soap12);
    }
    let mut calls = Calls::new(soap.build().unwrap());
    calls.headers_mut().session = Some(Session { token: "tok-201".into() }.into());
    (peer, calls)
}

fn dial(to: &str) -> Dial {
    Dial { from: "201".into(), to: to.into() }
}

/// Dial and Hangup with header blocks in and out, then a typed fault.
async fn session_calls_and_fault(version: &str) -> PhpPeer {
    let (peer, calls) = peer_and_client(version).await;
    let answer = calls.dial_with_headers(dial("202")).await.unwrap();
    assert_eq!(answer.body, "call-201-202");
    assert_eq!(answer.headers.usage, Some(Usage { calls: 3, limit: 10 }));
    assert!(calls.hangup("call-201-202".into()).await.unwrap());

    let err = calls.dial(dial("486")).await.unwrap_err();
    let Error::Fault(fault) = err else { panic!("expected a fault, got {err:?}") };
    let code = if version == "12" { "Receiver" } else { "Server" };
    assert_eq!((fault.code_local(), fault.string.as_str()), (code, "busy here"));
    let CallsFault::DialError(detail) = fault.typed::<CallsFault>().unwrap().unwrap();
    assert_eq!(detail, DialError { code: 486, reason: "Busy Here".into() });
    // The raw detail stays available.
    assert!(fault.detail.as_deref().is_some_and(|d| d.contains("Busy Here")), "{fault:?}");
    assert_eq!(fault.version, if version == "12" { SoapVersion::Soap12 } else { SoapVersion::Soap11 });

    // Without the session header block the server refuses the call.
    let (_other, mut bare) = peer_and_client(version).await;
    bare.headers_mut().session = None;
    let err = bare.hangup("x".into()).await.map(|_| ()).and(bare.dial(dial("202")).await.map(|_| ()));
    assert!(matches!(&err, Err(Error::Fault(f)) if f.string.contains("bad session")), "{err:?}");
    peer
}

#[tokio::test]
async fn soap11_server_reads_the_input_header_and_sets_the_output_header() {
    let peer = session_calls_and_fault("11").await;
    let requests = peer.requests();
    assert_eq!(requests[0].header("SOAPAction"), Some("\"urn:pbx-soap:calls#Dial\""));
    assert_eq!(requests[0].header("Content-Type"), Some("text/xml; charset=utf-8"));
}

#[tokio::test]
async fn soap12_server_with_the_same_client_one_setting_away() {
    let peer = session_calls_and_fault("12").await;
    let requests = peer.requests();
    assert_eq!(
        requests[0].header("Content-Type"),
        Some(r#"application/soap+xml; charset=utf-8; action="urn:pbx-soap:calls#Dial""#)
    );
    assert_eq!(requests[0].header("SOAPAction"), None);
}

/// PHP SoapClient's request for each call, in both versions.
fn oracle() -> Vec<serde_json::Value> {
    require_php();
    let out = Command::new("php").arg(php_file("features_oracle.php")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array().unwrap().clone()
}

#[tokio::test]
async fn requests_equal_php_soapclients_in_both_versions() {
    let cases = oracle();
    assert_eq!(cases.len(), 4);
    for version in ["11", "12"] {
        let (peer, calls) = peer_and_client(version).await;
        calls.dial(dial("202")).await.unwrap();
        calls.hangup("call-201-202".into()).await.unwrap();
        let sent: Vec<String> = peer.requests().iter().map(|r| normalize(&r.body_text()).unwrap()).collect();
        for case in
            cases.iter().filter(|c| c["version"].as_i64().map(|v| v.to_string()).as_deref() == Some(version))
        {
            let want = normalize(case["envelope"].as_str().unwrap()).unwrap();
            assert!(
                sent.contains(&want),
                "SOAP {version} {}: no request equals PHP's\n--- PHP:\n{want}\n--- ours:\n{}",
                case["operation"],
                sent.join("\n---\n")
            );
        }
    }
}

#[test]
fn the_fault_detail_decodes_from_the_raw_text_alone() {
    // What a server's fault leaves in `Fault` is enough to decode later.
    let fault = Fault {
        detail: Some(r#"<c:DialError><c:code>503</c:code><c:reason>later</c:reason></c:DialError>"#.into()),
        namespaces: vec![("c".into(), "urn:pbx-soap:calls".into())],
        ..Fault::default()
    };
    let CallsFault::DialError(detail) = fault.typed::<CallsFault>().unwrap().unwrap();
    assert_eq!(detail, DialError { code: 503, reason: "later".into() });
    let other = Fault { detail: Some("<x:Other xmlns:x=\"urn:x\"/>".into()), ..Fault::default() };
    assert!(other.typed::<CallsFault>().is_none());
}
