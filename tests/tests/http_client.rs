//! The runtime over real HTTP on 127.0.0.1: what the client sends (method,
//! path, headers, credentials), connection reuse, and how every way a
//! server can answer badly maps onto `pbx_soap::rt::Error`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use pbx_soap::rt::{DecodeErrorKind, Error, SoapClient};
use pbx_soap::sipxconfig::{ManageUser, UserSearch, UserService};
use pbx_soap_tests::http_stub::{Recorded, Reply, StubServer};

const NS: &str = "http://www.sipfoundry.org/2007/08/21/ConfigService";

fn envelope(content: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>{content}</soapenv:Body></soapenv:Envelope>"#
    )
}

fn one_user() -> String {
    envelope(&format!(
        r#"<FindUserResponse xmlns="{NS}"><users xmlns=""><item><userName>200</userName><pintoken xsi:nil="true"/><lastName>Doe</lastName><firstName xsi:nil="true"/><sipPassword xsi:nil="true"/><emailAddress xsi:nil="true"/><branchName xsi:nil="true"/></item></users></FindUserResponse>"#
    ))
}

async fn server(reply: Reply) -> StubServer {
    StubServer::start(move |_| reply.clone()).await.unwrap()
}

fn client(server: &StubServer) -> SoapClient {
    SoapClient::builder(server.url("/sipxconfig/services/UserService"))
        .basic_auth("superadmin", "p@ss:wörd")
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

async fn find_user(client: &SoapClient) -> Result<Vec<pbx_soap::sipxconfig::User>, Error> {
    UserService::new(client.clone())
        .find_user(UserSearch { by_group: Some("Managers".into()), ..Default::default() })
        .await
}

#[tokio::test]
async fn a_call_sends_a_soap_1_1_post_with_basic_auth_and_reuses_the_connection() {
    let server = server(Reply::xml(200, one_user())).await;
    let client = client(&server);
    for _ in 0..3 {
        let users = find_user(&client).await.unwrap();
        assert_eq!(users.len(), 1);
        assert_eq!(users[0].user_name, "200");
        assert_eq!(users[0].last_name.as_deref(), Some("Doe"));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/sipxconfig/services/UserService");
    assert_eq!(r.header("Content-Type"), Some("text/xml; charset=utf-8"));
    assert_eq!(r.header("SOAPAction"), Some("\"\""));
    // base64("superadmin:p@ss:wörd"), UTF-8.
    assert_eq!(r.header("Authorization"), Some("Basic c3VwZXJhZG1pbjpwQHNzOnfDtnJk"));
    let body = r.body_text();
    assert!(body.contains("FindUser") && body.contains("<byGroup>Managers</byGroup>"), "{body}");
    // Keep-alive: the pool sends all three calls over one TCP connection.
    assert!(
        requests.iter().all(|r| r.connection == 0),
        "{:?}",
        requests.iter().map(|r| r.connection).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn an_operation_without_output_accepts_an_empty_body() {
    let server = server(Reply::xml(200, envelope(""))).await;
    let result = UserService::new(client(&server))
        .manage_user(ManageUser {
            search: UserSearch::default(),
            delete_user: Some(true),
            ..Default::default()
        })
        .await;
    result.unwrap();
    assert!(server.requests()[0].body_text().contains("<deleteUser>true</deleteUser>"));
}

#[tokio::test]
async fn a_fault_with_status_500_is_the_typed_fault() {
    let fault = r#"<soapenv:Fault><faultcode>soapenv:Server.userException</faultcode><faultstring>no such group</faultstring><detail><x>1</x></detail></soapenv:Fault>"#;
    let server = server(Reply::xml(500, envelope(fault))).await;
    let err = find_user(&client(&server)).await.unwrap_err();
    let f = err.fault().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(
        (f.code.as_str(), f.string.as_str(), f.detail.as_deref()),
        ("soapenv:Server.userException", "no such group", Some("<x>1</x>"))
    );
}

#[tokio::test]
async fn http_401_is_unauthorized_with_the_challenge() {
    let reply = Reply::new(401, "text/html", "<html>denied</html>")
        .header("WWW-Authenticate", r#"Basic realm="sipXconfig""#);
    let server = server(reply).await;
    let err = find_user(&client(&server)).await.unwrap_err();
    assert!(
        matches!(&err, Error::Unauthorized { challenge: Some(c), .. } if c == r#"Basic realm="sipXconfig""#),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(401));
    // Basic credentials were sent; a 401 is final, not retried.
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_html_error_page_is_an_http_error_with_a_snippet() {
    for status in [500, 502, 503] {
        let page = format!(
            "<!DOCTYPE html><html><head><title>{status} Proxy Error</title></head><body>upstream down</body></html>"
        );
        let server = server(Reply::new(status, "text/html", page)).await;
        let err = find_user(&client(&server)).await.unwrap_err();
        match &err {
            Error::Http { status: s, snippet, .. } => {
                assert_eq!(*s, status);
                assert!(snippet.contains("Proxy Error"), "{snippet}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn a_200_html_login_page_is_not_xml() {
    let server = server(Reply::new(200, "text/html", "<html><body><form>Login</form></body></html>")).await;
    let err = find_user(&client(&server)).await.unwrap_err();
    assert!(
        matches!(&err, Error::NotXml { content_type: Some(ct), snippet, .. } if ct == "text/html" && snippet.contains("Login")),
        "{err:?}"
    );
}

#[tokio::test]
async fn truncated_and_malformed_envelopes_are_decode_errors() {
    let full = one_user();
    for body in [full[..full.len() - 30].to_owned(), full.replace("</lastName>", "</lastname>")] {
        let server = server(Reply::xml(200, body)).await;
        let err = find_user(&client(&server)).await.unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    }
}

#[tokio::test]
async fn hostile_xml_is_refused() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><FindUserResponse><users>&lol2;</users></FindUserResponse></soapenv:Body></soapenv:Envelope>"#;
    let peer = server(Reply::xml(200, laughs)).await;
    let err = find_user(&client(&peer)).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { source, .. } if source.kind == DecodeErrorKind::DocType),
        "{err:?}"
    );

    // 10,000 nested elements where the schema expects the response wrapper:
    // an error, not a stack overflow. (The depth limit itself, for content
    // the decoder descends into, is tested in the runtime's own tests.)
    let deep = envelope(&format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000)));
    let peer = server(Reply::xml(200, deep)).await;
    let err = find_user(&client(&peer)).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = server(Reply::xml(200, one_user()).delay(Duration::from_secs(3))).await;
    let client = SoapClient::builder(server.url("/x")).timeout(Duration::from_millis(300)).build().unwrap();
    let started = std::time::Instant::now();
    let err = find_user(&client).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { after, .. } if after == Duration::from_millis(300)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_body_over_the_limit_is_too_large_with_or_without_content_length() {
    let big = envelope(&format!(
        r#"<FindUserResponse xmlns="{NS}"><users xmlns="">{}</users></FindUserResponse>"#,
        "<item><userName>1</userName></item>".repeat(10_000)
    ));
    for reply in [Reply::xml(200, big.clone()), Reply::xml(200, big.clone()).chunked()] {
        let server = server(reply).await;
        let client = SoapClient::builder(server.url("/x")).max_response_bytes(64 * 1024).build().unwrap();
        let err = find_user(&client).await.unwrap_err();
        assert!(matches!(err, Error::TooLarge { limit: 65536, .. }), "{err:?}");
    }
    // Under the limit the same chunked body decodes.
    let server = server(Reply::xml(200, one_user()).chunked()).await;
    assert_eq!(find_user(&client(&server)).await.unwrap().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = SoapClient::new(format!("http://127.0.0.1:{port}/x")).unwrap();
    let err = find_user(&client).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[tokio::test]
async fn with_endpoint_shares_the_credentials() {
    let server = server(Reply::xml(200, one_user())).await;
    let users = client(&server);
    let other = users.with_endpoint(&server.url("/sipxconfig/services/Other")).unwrap();
    find_user(&other).await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.path, "/sipxconfig/services/Other");
    assert_eq!(r.header("Authorization"), Some("Basic c3VwZXJhZG1pbjpwQHNzOnfDtnJk"));
}

/// A Digest server (RFC 7616, MD5, qop=auth) that checks the response hash.
fn digest_server(req: &Recorded) -> Reply {
    let challenge = r#"Digest realm="PBX", qop="auth", nonce="4f2a9c0d1e", opaque="a1b2""#;
    let Some(auth) = req.header("Authorization") else {
        return Reply::new(401, "text/plain", "auth").header("WWW-Authenticate", challenge);
    };
    let field = |name: &str| {
        let start = auth.find(&format!("{name}="))? + name.len() + 1;
        let rest = auth[start..].trim_start_matches('"');
        rest.find(['"', ',']).map(|end| rest[..end].to_owned()).or(Some(rest.to_owned()))
    };
    let md5 = |s: String| {
        use md5::Digest as _;
        md5::Md5::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let (Some(nc), Some(cnonce), Some(response), Some(uri)) =
        (field("nc"), field("cnonce"), field("response"), field("uri"))
    else {
        return Reply::new(400, "text/plain", "bad digest");
    };
    let ha1 = md5("admin:PBX:ip800".to_owned());
    let ha2 = md5(format!("{}:{uri}", req.method));
    let expected = md5(format!("{ha1}:4f2a9c0d1e:{nc}:{cnonce}:auth:{ha2}"));
    if response == expected && uri == req.path {
        Reply::xml(200, one_user())
    } else {
        Reply::new(401, "text/plain", "wrong").header("WWW-Authenticate", challenge)
    }
}

#[tokio::test]
async fn digest_auth_answers_the_challenge_then_reuses_it() {
    let server = StubServer::start(digest_server).await.unwrap();
    let client =
        SoapClient::builder(server.url("/PBX0/user.soap")).digest_auth("admin", "ip800").build().unwrap();
    assert_eq!(find_user(&client).await.unwrap().len(), 1);
    assert_eq!(find_user(&client).await.unwrap().len(), 1);
    let requests = server.requests();
    // challenge, answer, then the second call authorised up front
    assert_eq!(requests.len(), 3);
    assert!(requests[0].header("Authorization").is_none());
    assert!(requests[1].header("Authorization").unwrap().contains("nc=00000001"));
    assert!(requests[2].header("Authorization").unwrap().contains("nc=00000002"));

    let wrong =
        SoapClient::builder(server.url("/PBX0/user.soap")).digest_auth("admin", "nope").build().unwrap();
    let err = find_user(&wrong).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
}

#[tokio::test]
async fn debug_output_never_shows_the_password() {
    let server = server(Reply::new(401, "text/plain", "no")).await;
    let client = client(&server);
    let err = find_user(&client).await.unwrap_err();
    let digest = SoapClient::builder(server.url("/x")).digest_auth("admin", "p@ss:wörd").build().unwrap();
    for shown in [format!("{client:?}"), format!("{err:?} {err}"), format!("{digest:?}")] {
        assert!(!shown.contains("wörd") && !shown.contains("c3VwZXJhZG1pbjpwQHNzOnfDtnJk"), "{shown}");
    }
}

/// An HTTPS server with a fresh self-signed certificate, as PBXs ship.
async fn self_signed_server() -> StubServer {
    use tokio_rustls::rustls;
    let cert =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.signing_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert.cert.der().clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config));
    StubServer::start_tls(acceptor, |_| Reply::xml(200, one_user())).await.unwrap()
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused_unless_accepted_explicitly() {
    let server = self_signed_server().await;
    let url = server.url("/sipxconfig/services/UserService").replace("http://", "https://");

    let strict = SoapClient::new(url.clone()).unwrap();
    let err = find_user(&strict).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(server.requests().is_empty());

    let lenient = SoapClient::builder(url).accept_invalid_certs(true).build().unwrap();
    assert_eq!(find_user(&lenient).await.unwrap().len(), 1);
    assert_eq!(server.requests().len(), 1);
}
