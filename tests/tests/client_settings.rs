//! The client settings services behind real WSDLs need, end to end over
//! HTTP on 127.0.0.1: extra HTTP headers, cookies (preset, and kept from
//! the server like Cisco AXL's session cookie), the exchange history with
//! its redaction, WS-Security, and the SOAP version setting.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{ExchangeHistory, Name, NoBody, Operation, SoapClient, SoapVersion, WsSecurity};
use pbx_soap_tests::http_stub::{Recorded, Reply, StubServer};

const PING: Operation = Operation {
    name: "ping",
    soap_action: "urn:t#ping",
    input: Some(Name::qualified("urn:t", "Ping")),
    output: None,
    encoded: false,
    version: SoapVersion::Soap11,
};

/// Answers every request with an empty SOAP 1.1 body; the first answer
/// sets a session cookie.
async fn server() -> StubServer {
    let empty = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>"#;
    StubServer::start(move |req: &Recorded| {
        let reply = Reply::xml(200, empty);
        if req.header("Cookie").is_some_and(|c| c.contains("JSESSIONIDSSO")) {
            reply
        } else {
            reply.header("Set-Cookie", "JSESSIONIDSSO=sso-secret-1; Path=/; HttpOnly")
        }
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn extra_headers_cookies_and_the_kept_session_cookie() {
    let stub = server().await;
    let soap = SoapClient::builder(stub.url("/axl/"))
        .http_header("X-Tenant", "tenant-secret-7")
        .cookie("locale", "en")
        .basic_auth("admin", "pw-secret")
        .build()
        .unwrap();
    soap.call::<_, ()>(&PING, &NoBody).await.unwrap();
    soap.with_endpoint(&stub.url("/axl/other")).unwrap().call::<_, ()>(&PING, &NoBody).await.unwrap();
    let requests = stub.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("X-Tenant"), Some("tenant-secret-7"));
    assert_eq!(requests[0].header("Cookie"), Some("locale=en"));
    // The session cookie of the first answer goes back, to a sibling too.
    let second = requests[1].header("Cookie").unwrap();
    assert!(second.contains("locale=en") && second.contains("JSESSIONIDSSO=sso-secret-1"), "{second}");
    let shown = format!("{soap:?}");
    for secret in ["tenant-secret-7", "pw-secret"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    let builder =
        SoapClient::builder("http://h/").http_header("X-Key", "key-secret").cookie("c", "cookie-secret");
    let shown = format!("{builder:?}");
    assert!(!shown.contains("key-secret") && !shown.contains("cookie-secret"), "{shown}");
    // Without the cookie store, Set-Cookie is not kept.
    let plain = SoapClient::new(stub.url("/plain")).unwrap();
    plain.call::<_, ()>(&PING, &NoBody).await.unwrap();
    plain.call::<_, ()>(&PING, &NoBody).await.unwrap();
    assert_eq!(stub.requests()[3].header("Cookie"), None);
    assert!(SoapClient::builder("http://h/").cookie("a;b", "x").build().is_err());
    assert!(SoapClient::builder("http://h/").http_header("bad header", "x").build().is_err());
}

#[tokio::test]
async fn the_history_keeps_the_last_exchanges_with_secrets_redacted() {
    let stub = server().await;
    let history = ExchangeHistory::new(2);
    let soap = SoapClient::builder(stub.url("/svc"))
        .basic_auth("admin", "pw-secret")
        .ws_security(WsSecurity::username_token("wsuser", "ws-pw-secret"))
        .cookie_store(true)
        .history(history.clone())
        .build()
        .unwrap();
    for _ in 0..3 {
        soap.call::<_, ()>(&PING, &NoBody).await.unwrap();
    }
    let kept = history.exchanges();
    assert_eq!(kept.len(), 2);
    let last = history.last().unwrap();
    assert_eq!((last.operation, last.method, last.status), ("ping", "POST", Some(200)));
    assert!(last.request_body.contains("<wsse:Username>wsuser</wsse:Username>"), "{}", last.request_body);
    assert!(last.request_body.contains(">***</wsse:Password>"), "{}", last.request_body);
    let everything = format!("{kept:?}");
    for secret in ["pw-secret", "ws-pw-secret", "sso-secret-1", "YWRtaW46cHctc2VjcmV0"] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
    assert!(everything.contains("JSESSIONIDSSO=***"), "{everything}");
    // What went out did carry the secrets.
    assert!(stub.requests()[2].body_text().contains("ws-pw-secret"));

    // A failed exchange is recorded with its error.
    let gone = SoapClient::builder("http://127.0.0.1:9/x").history(history.clone()).build().unwrap();
    assert!(gone.call::<_, ()>(&PING, &NoBody).await.is_err());
    let failed = history.last().unwrap();
    assert_eq!(failed.status, None);
    assert!(failed.error.is_some());
}

#[tokio::test]
async fn the_soap_version_setting_overrides_the_binding() {
    let stub = StubServer::start(|_: &Recorded| {
        Reply::new(
            200,
            "application/soap+xml",
            r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body/></env:Envelope>"#,
        )
    })
    .await
    .unwrap();
    let soap = SoapClient::builder(stub.url("/svc")).soap_version(SoapVersion::Soap12).build().unwrap();
    assert_eq!(soap.soap_version(), Some(SoapVersion::Soap12));
    soap.call::<_, ()>(&PING, &NoBody).await.unwrap();
    let request = &stub.requests()[0];
    assert_eq!(
        request.header("Content-Type"),
        Some(r#"application/soap+xml; charset=utf-8; action="urn:t#ping""#)
    );
    assert!(
        request.body_text().contains(r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope""#)
    );
}
