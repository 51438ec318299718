//! What the server side does beyond the vendors' operations, on the
//! project's test WSDL `tests/php/features/calls.wsdl` (document/literal,
//! bound to SOAP 1.1 and 1.2, a client-level `Session` header block in, a
//! `Usage` block out, a declared `DialError` fault): both SOAP versions,
//! header blocks both ways with their `mustUnderstand` flag, typed faults,
//! the request context, credentials, the WSDL at `?wsdl`, mounting, and
//! stopping gracefully or at once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use pbx_soap::rt::server::{RequestContext, RunningServer, Server, ServerAuth, SoapFault, context};
use pbx_soap::rt::{Error, Header, SoapClient, SoapVersion, WithHeaders};
use pbx_soap_tests::features::calls::*;

/// The calls service: a session token is required, Dial to 486 is busy,
/// Dial to "slow" takes 300 ms; every call's context is kept.
#[derive(Clone, Default)]
struct Service {
    seen: Arc<Mutex<Vec<(RequestContext, bool)>>>,
}

impl Service {
    fn check(&self, headers: &CallsHeaders) -> Result<(), SoapFault> {
        let session = headers.session.as_ref();
        let flagged = session.is_some_and(|h| h.must_understand);
        self.seen.lock().unwrap().push((context().expect("inside a call"), flagged));
        match session {
            Some(h) if h.value.token == "tok-201" => Ok(()),
            _ => Err(SoapFault::client("bad session")),
        }
    }
}

impl CallsServer for Service {
    async fn dial(
        &self,
        request: Dial,
        client_headers: CallsHeaders,
    ) -> Result<WithHeaders<String, DialOutputHeaders>, SoapFault> {
        self.check(&client_headers)?;
        match request.to.as_str() {
            "486" => {
                let busy = CallsFault::DialError(DialError { code: 486, reason: "Busy Here".into() });
                Err(SoapFault::from(busy).with_reason("busy here"))
            }
            "slow" => {
                tokio::time::sleep(Duration::from_millis(300)).await;
                Ok(WithHeaders { body: "call-slow".into(), headers: DialOutputHeaders::default() })
            }
            to => {
                let usage = Some(Usage { calls: 3, limit: 10 });
                Ok(WithHeaders {
                    body: format!("call-{}-{to}", request.from),
                    headers: DialOutputHeaders { usage },
                })
            }
        }
    }

    async fn hangup(&self, call_id: String, client_headers: CallsHeaders) -> Result<bool, SoapFault> {
        self.check(&client_headers)?;
        Ok(call_id.starts_with("call-"))
    }
}

async fn serve(service: &Service) -> RunningServer {
    Server::builder().service(service.clone().into_service()).bind("127.0.0.1:0").await.unwrap()
}

fn client(server: &RunningServer, version: SoapVersion) -> Calls {
    let soap = SoapClient::builder(server.endpoint("Calls").unwrap()).soap_version(version).build().unwrap();
    let mut calls = Calls::new(soap);
    calls.headers_mut().session = Some(Session { token: "tok-201".into() }.into());
    calls
}

fn dial(to: &str) -> Dial {
    Dial { from: "201".into(), to: to.into() }
}

#[tokio::test]
async fn both_soap_versions_with_header_blocks_and_typed_faults() {
    let service = Service::default();
    let server = serve(&service).await;
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let calls = client(&server, version);
        let answer = calls.dial_with_headers(dial("202")).await.unwrap();
        assert_eq!(answer.body, "call-201-202");
        assert_eq!(answer.headers.usage, Some(Usage { calls: 3, limit: 10 }));
        assert!(calls.hangup("call-201-202".into()).await.unwrap());

        // The declared fault, typed on both sides, in the request's version.
        let err = calls.dial(dial("486")).await.unwrap_err();
        let Error::Fault(fault) = err else { panic!("expected a fault, got {err:?}") };
        let code = if version == SoapVersion::Soap12 { "Receiver" } else { "Server" };
        assert_eq!((fault.code_local(), fault.string.as_str(), fault.version), (code, "busy here", version));
        let CallsFault::DialError(detail) = fault.typed::<CallsFault>().unwrap().unwrap();
        assert_eq!(detail, DialError { code: 486, reason: "Busy Here".into() });

        // Without the session block: a Client (1.2: Sender) fault.
        let mut bare = client(&server, version);
        bare.headers_mut().session = None;
        let err = bare.hangup("call-1".into()).await.unwrap_err();
        let fault = err.fault().unwrap();
        let code = if version == SoapVersion::Soap12 { "Sender" } else { "Client" };
        assert_eq!((fault.code_local(), fault.string.as_str()), (code, "bad session"));

        // A block sent with mustUnderstand arrives flagged.
        let mut strict = client(&server, version);
        strict.headers_mut().session = Some(Header::must_understand(Session { token: "tok-201".into() }));
        assert!(strict.hangup("call-2".into()).await.unwrap());
        assert!(service.seen.lock().unwrap().last().unwrap().1, "mustUnderstand not seen");
    }
    // What each call saw of itself.
    let seen = service.seen.lock().unwrap().clone();
    let versions: Vec<SoapVersion> = seen.iter().map(|(c, _)| c.soap_version()).collect();
    assert!(versions.contains(&SoapVersion::Soap11) && versions.contains(&SoapVersion::Soap12));
    let (first, _) = &seen[0];
    assert_eq!(
        (first.operation(), first.soap_action(), first.path()),
        ("Dial", Some("urn:pbx-soap:calls#Dial"), "/calls")
    );
    assert!(first.remote().ip().is_loopback());
    // One client's calls ride one keep-alive connection.
    assert_eq!(seen[0].0.connection(), seen[1].0.connection());
    server.shutdown().await;
}

#[tokio::test]
async fn soap12_sender_faults_come_with_http_400() {
    let server = serve(&Service::default()).await;
    let envelope = r#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><c:Hangup xmlns:c="urn:pbx-soap:calls"><c:callId>x</c:callId></c:Hangup></e:Body></e:Envelope>"#;
    let answer = reqwest::Client::new()
        .post(server.endpoint("Calls").unwrap())
        .header("Content-Type", "application/soap+xml; charset=utf-8; action=\"urn:pbx-soap:calls#Hangup\"")
        .body(envelope)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    assert_eq!(answer.headers()["content-type"], "application/soap+xml; charset=utf-8");
    let body = answer.text().await.unwrap();
    assert!(body.contains("<env:Value>env:Sender</env:Value>") && body.contains("bad session"), "{body}");
}

#[tokio::test]
async fn credentials_reach_the_method_as_the_user() {
    let service = Service::default();
    let auth = ServerAuth::digest("calls", [("alice", "pw-a"), ("bob", "pw-b")]);
    let server =
        Server::builder().service(service.clone().into_service()).auth(auth).bind("127.0.0.1:0").await;
    let server = server.unwrap();
    for (user, password) in [("alice", "pw-a"), ("bob", "pw-b")] {
        let soap = SoapClient::builder(server.endpoint("Calls").unwrap()).digest_auth(user, password).build();
        let mut calls = Calls::new(soap.unwrap());
        calls.headers_mut().session = Some(Session { token: "tok-201".into() }.into());
        // Two calls: the second reuses the challenge (nonce count 2).
        assert!(calls.hangup("call-1".into()).await.unwrap());
        assert!(calls.hangup("call-2".into()).await.unwrap());
        assert_eq!(service.seen.lock().unwrap().last().unwrap().0.user(), Some(user));
    }
    let auth = ServerAuth::basic("calls", [("carol", "pw-c")]);
    let server =
        Server::builder().service(service.clone().into_service()).auth(auth).bind("127.0.0.1:0").await;
    let server = server.unwrap();
    let soap = SoapClient::builder(server.endpoint("Calls").unwrap()).basic_auth("carol", "pw-c").build();
    let mut calls = Calls::new(soap.unwrap());
    calls.headers_mut().session = Some(Session { token: "tok-201".into() }.into());
    assert!(calls.hangup("call-3".into()).await.unwrap());
    assert_eq!(service.seen.lock().unwrap().last().unwrap().0.user(), Some("carol"));
}

#[tokio::test]
async fn the_wsdl_points_at_the_server_and_generates_the_same_api() {
    let server = serve(&Service::default()).await;
    let url = server.endpoint("Calls").unwrap();
    let wsdl = reqwest::get(format!("{url}?wsdl")).await.unwrap().text().await.unwrap();
    // Both ports of the service (the SOAP 1.2 one is answered at the same path).
    assert_eq!(wsdl.matches(&format!("location=\"{url}\"")).count(), 2, "{wsdl}");
    assert!(!wsdl.contains("pbx.example.com"), "{wsdl}");
    // What a client generates from it is what the file gives.
    let served = std::env::temp_dir().join(format!("pbx-soap-served-{}.wsdl", std::process::id()));
    std::fs::write(&served, &wsdl).unwrap();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("php/features/calls.wsdl");
    let load = |p: &std::path::Path| {
        let mut ir = pbx_soap_codegen::load(&[p.to_path_buf()], std::path::Path::new("")).unwrap();
        ir.sources.clear();
        for c in &mut ir.clients {
            c.endpoint = None;
            c.server.source.clear();
        }
        ir
    };
    assert_eq!(load(&served), load(&file));
    let _ = std::fs::remove_file(&served);
}

#[tokio::test]
async fn services_mount_where_told_and_two_at_one_path_are_refused() {
    let service = Service::default();
    let server = Server::builder()
        .service(service.clone().into_service().at("/v2/calls"))
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    assert_eq!(server.endpoints(), [format!("{}/v2/calls", server.url())]);
    assert!(client(&server, SoapVersion::Soap11).hangup("call-1".into()).await.unwrap());
    let twice = Server::builder()
        .service(service.clone().into_service())
        .service(service.into_service())
        .bind("127.0.0.1:0")
        .await;
    let err = twice.expect_err("refused").to_string();
    assert!(err.contains("two services at /calls"), "{err}");
}

#[tokio::test]
async fn shutdown_lets_calls_finish_and_drop_stops_at_once() {
    let server = serve(&Service::default()).await;
    let addr = server.local_addr();
    let calls = client(&server, SoapVersion::Soap11);
    let slow = tokio::spawn(async move { calls.dial(dial("slow")).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.shutdown().await;
    // The call in progress finished; nothing listens any more.
    assert_eq!(slow.await.unwrap().unwrap(), "call-slow");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "still listening after shutdown");

    let server = serve(&Service::default()).await;
    let addr = server.local_addr();
    let calls = client(&server, SoapVersion::Soap11);
    let slow = tokio::spawn(async move { calls.dial(dial("slow")).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(server);
    // The call in progress is cut off; the port is closed.
    let err = slow.await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let mut closed = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(closed, "still listening after drop");
}
