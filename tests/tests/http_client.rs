//! The runtime over real HTTP on 127.0.0.1: what the client sends (method,
//! path, headers, credentials), connection reuse, and how every way a
//! server can answer badly maps onto `pbx_soap::rt::Error`.
//!
//! The server is `pbx_soap_tests::http_stub` (shared with the sipXconfig
//! envelope and decode tests); answers it cannot script (a head without a
//! body, a connection closed mid-answer) come from `raw_server` below.
//! Every call runs under `bounded`, so a hang fails the test instead of
//! stalling the run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::time::Duration;

use base64::Engine as _;

use pbx_soap::rt::{DecodeErrorKind, Error, SoapClient};
use pbx_soap::sipxconfig::{AddUser, ManageUser, User, UserSearch, UserService};
use pbx_soap_tests::digest;
use pbx_soap_tests::http_stub::{Recorded, Reply, StubServer};
use pbx_soap_tests::xml_norm::normalize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const NS: &str = "http://www.sipfoundry.org/2007/08/21/ConfigService";
/// base64("superadmin:p@ss:wörd"), UTF-8.
const BASIC: &str = "Basic c3VwZXJhZG1pbjpwQHNzOnfDtnJk";

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

/// Fails the test instead of hanging it: every HTTP call here is expected
/// to finish well within this.
async fn bounded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), call).await.expect("the call did not finish within 10 s")
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

async fn find_user(client: &SoapClient) -> Result<Vec<User>, Error> {
    bounded(
        UserService::new(client.clone())
            .find_user(UserSearch { by_group: Some("Managers".into()), ..Default::default() }),
    )
    .await
}

/// A bare TCP server for answers the stub cannot script: it reads one
/// request head, writes `answer` as it is, then closes the connection
/// (`close`) or holds it open without a further byte.
async fn raw_server(answer: &'static [u8], close: bool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let Ok((mut stream, _)) = listener.accept().await else { return };
        let (mut seen, mut buf) = (Vec::new(), [0u8; 4096]);
        // At most 1,000 reads or 1 MiB until the blank line ending the head.
        for _ in 0..1000 {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
            if seen.windows(4).any(|w| w == b"\r\n\r\n") || seen.len() > 1 << 20 {
                break;
            }
        }
        if stream.write_all(answer).await.is_err() {
            return;
        }
        if !close {
            // Silence until the test's runtime shuts down.
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
    });
    format!("http://{addr}/sipxconfig/services/UserService")
}

/// Two users as Axis 1.4 sends them (document/literal, unqualified
/// children, `xsi:nil` for the required-but-nillable fields, repeated
/// elements for the arrays).
fn two_users() -> String {
    envelope(&format!(
        r#"<FindUserResponse xmlns="{NS}"><users xmlns=""><item><userName>223</userName><pintoken>8e0f9b2a1c7d</pintoken><lastName>M&#xFC;ller &amp; S&#xF6;hne</lastName><firstName>Zoë</firstName><sipPassword>4567</sipPassword><aliases>albert</aliases><aliases>1223</aliases><emailAddress>albertE@example.com</emailAddress><groups>Managers</groups><groups>Berlin-Staff</groups><permissions>Voicemail</permissions><branchName>Berlin</branchName></item><item><userName>superadmin</userName><pintoken xsi:nil="true"/><lastName xsi:nil="true"/><firstName xsi:nil="true"/><sipPassword xsi:nil="true"/><emailAddress xsi:nil="true"/><groups>administrators</groups><branchName xsi:nil="true"/></item></users></FindUserResponse>"#
    ))
}

#[tokio::test]
async fn find_user_end_to_end_decodes_every_field_and_sends_the_exact_request() {
    let server = server(Reply::xml(200, two_users())).await;
    let users = find_user(&client(&server)).await.unwrap();
    let s = |v: &str| v.to_owned();
    assert_eq!(
        users,
        vec![
            User {
                user_name: s("223"),
                pintoken: Some(s("8e0f9b2a1c7d")),
                last_name: Some(s("Müller & Söhne")),
                first_name: Some(s("Zoë")),
                sip_password: Some(s("4567")),
                aliases: vec![s("albert"), s("1223")],
                email_address: Some(s("albertE@example.com")),
                groups: vec![s("Managers"), s("Berlin-Staff")],
                permissions: vec![s("Voicemail")],
                branch_name: Some(s("Berlin")),
            },
            User { user_name: s("superadmin"), groups: vec![s("administrators")], ..User::default() },
        ]
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/sipxconfig/services/UserService"));
    assert_eq!(r.header("Content-Type"), Some("text/xml; charset=utf-8"));
    // The WSDL's soapAction is "", sent quoted (SOAP 1.1 section 6.1.1).
    assert_eq!(r.header("SOAPAction"), Some("\"\""));
    assert_eq!(r.header("Authorization"), Some(BASIC));
    assert_eq!(r.header("Content-Length"), Some(r.body.len().to_string().as_str()));
    // The whole envelope, compared as XML (prefixes and declarations free):
    // SOAP 1.1 Envelope/Body, qualified FindUser, unqualified children, and
    // only the search field that was set.
    let expected = format!(
        r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><FindUser xmlns="{NS}"><search xmlns=""><byGroup>Managers</byGroup></search></FindUser></e:Body></e:Envelope>"#
    );
    assert_eq!(normalize(&r.body_text()).unwrap(), normalize(&expected).unwrap(), "{}", r.body_text());
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
    assert_eq!(r.header("Authorization"), Some(BASIC));
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
async fn a_call_owns_what_it_needs_and_sends_nothing_until_awaited() {
    let server = server(Reply::xml(200, two_users())).await;
    // The service and its client are gone before the call runs: the call
    // holds its own handle on the pool, so it can be spawned as it is.
    let call = {
        let users = UserService::new(client(&server));
        users.find_user(UserSearch { by_group: Some("Managers".into()), ..Default::default() })
    };
    assert!(server.requests().is_empty(), "the request went out before the call was awaited");
    let found = bounded(tokio::spawn(call)).await.unwrap().unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(server.requests().len(), 1);
    // Dropped unawaited, a call sends nothing at all.
    drop(UserService::new(client(&server)).find_user(UserSearch::default()));
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_request_that_cannot_be_encoded_fails_the_call_without_sending() {
    let server = server(Reply::xml(200, one_user())).await;
    // U+0001 has no representation in XML 1.0, escaped or not.
    let call = UserService::new(client(&server))
        .find_user(UserSearch { by_group: Some("Man\u{1}agers".into()), ..Default::default() });
    let err = bounded(call).await.unwrap_err();
    assert!(matches!(err, Error::Encode { operation: "findUser", .. }), "{err:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_mapped_call_passes_its_output_through_the_function() {
    let up = server(Reply::xml(200, two_users())).await;
    let call = UserService::new(client(&up)).find_user(UserSearch::default()).map(|users| users.len());
    assert_eq!(bounded(call).await.unwrap(), 2);
    // An error stays the error.
    let down = server(Reply::new(500, "text/html", "<html>down</html>")).await;
    let call = UserService::new(client(&down)).find_user(UserSearch::default()).map(|users| users.len());
    assert!(matches!(bounded(call).await, Err(Error::Http { status: 500, .. })));
}

#[tokio::test]
async fn an_operation_without_output_accepts_an_empty_body() {
    // Axis answers an output-less document/literal operation with an empty
    // Body; some servers send an empty response element instead.
    for answer in [envelope(""), envelope(&format!(r#"<ManageUserResponse xmlns="{NS}"/>"#))] {
        let server = server(Reply::xml(200, answer)).await;
        let result: () = bounded(UserService::new(client(&server)).manage_user(ManageUser {
            search: UserSearch { by_user_name: Some("200".into()), ..Default::default() },
            delete_user: Some(true),
            ..Default::default()
        }))
        .await
        .unwrap();
        assert_eq!(result, ());
        let body = server.requests()[0].body_text();
        assert!(body.contains("ManageUser") && body.contains("<deleteUser>true</deleteUser>"), "{body}");
        assert!(body.contains("<byUserName>200</byUserName>"), "{body}");
    }
}

#[tokio::test]
async fn add_user_sends_the_user_and_returns_unit() {
    let server = server(Reply::xml(200, envelope(""))).await;
    let user = User { user_name: "300".into(), first_name: Some("Ann".into()), ..Default::default() };
    let () = bounded(UserService::new(client(&server)).add_user(AddUser { user, pin: "1234".into() }))
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.header("Authorization"), Some(BASIC));
    let body = r.body_text();
    for part in ["AddUser", "<userName>300</userName>", "<firstName>Ann</firstName>", "<pin>1234</pin>"] {
        assert!(body.contains(part), "{part} missing: {body}");
    }
    // A fault on an output-less operation is still an error.
    let fault = r#"<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>user 300 exists</faultstring></soapenv:Fault>"#;
    let server = self::server(Reply::xml(500, envelope(fault))).await;
    let user = User { user_name: "300".into(), ..Default::default() };
    let err = bounded(UserService::new(client(&server)).add_user(AddUser { user, pin: "1".into() }))
        .await
        .unwrap_err();
    assert_eq!(err.fault().map(|f| f.string.as_str()), Some("user 300 exists"), "{err:?}");
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
    assert_eq!(f.code_ns.as_deref(), Some("http://schemas.xmlsoap.org/soap/envelope/"));
    assert_eq!(f.code_local(), "Server.userException");
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn xml_that_is_no_fault_with_an_error_status_is_an_http_error() {
    // A servlet container's own XML error document, not a SOAP envelope.
    let server = server(Reply::xml(503, "<error><message>AxisServlet unavailable</message></error>")).await;
    let err = find_user(&client(&server)).await.unwrap_err();
    assert!(
        matches!(&err, Error::Http { status: 503, snippet, .. } if snippet.contains("AxisServlet unavailable")),
        "{err:?}"
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
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("Authorization"), Some(BASIC));
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
async fn a_redirect_is_not_followed_and_keeps_its_location() {
    for status in [301, 302, 307, 308] {
        let reply = Reply::new(status, "text/html", "<html>moved</html>")
            .header("Location", "https://admin:hunter2@pbx.example.com/sipxconfig/services/UserService");
        let moved = server(reply).await;
        let err = find_user(&client(&moved)).await.unwrap_err();
        match &err {
            Error::Redirect { status: s, location: Some(location), .. } => {
                assert_eq!(*s, status);
                assert_eq!(location, "https://***@pbx.example.com/sipxconfig/services/UserService");
            }
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(err.status(), Some(status));
        assert!(err.to_string().contains("redirect to https://***@pbx.example.com/"), "{err}");
        assert!(!format!("{err} {err:?}").contains("hunter2"), "{err:?}");
        assert_eq!(moved.requests().len(), 1, "the redirect was followed");
    }
    let bare = server(Reply::new(302, "text/plain", "")).await;
    let err = find_user(&client(&bare)).await.unwrap_err();
    assert!(matches!(err, Error::Redirect { status: 302, location: None, .. }), "{err:?}");
    assert!(err.to_string().contains("(no Location header)"), "{err}");
}

#[tokio::test]
async fn get_text_tells_a_non_utf8_body_from_a_body_that_is_not_xml() {
    let latin1 =
        server(Reply::new(200, "text/plain; charset=iso-8859-1", &b"call 4005 -> caf\xe9"[..])).await;
    let err = bounded(client(&latin1).get_text("3pcc", &latin1.url("/pbx/3pcc"))).await.unwrap_err();
    match &err {
        Error::NotUtf8 { operation, content_type, valid_up_to, snippet } => {
            assert_eq!(*operation, "3pcc");
            assert_eq!(content_type.as_deref(), Some("text/plain; charset=iso-8859-1"));
            assert_eq!(*valid_up_to, 16);
            assert_eq!(snippet, "call 4005 -> caf\u{fffd}");
        }
        other => panic!("{other:?}"),
    }
    let moved = server(Reply::new(302, "text/plain", "").header("Location", "/pbx/3pcc2")).await;
    let err = bounded(client(&moved).get_text("3pcc", &moved.url("/pbx/3pcc"))).await.unwrap_err();
    assert!(matches!(&err, Error::Redirect { location: Some(l), .. } if l == "/pbx/3pcc2"), "{err:?}");
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
async fn the_limit_is_inclusive() {
    let body = one_user();
    for reply in [Reply::xml(200, body.clone()), Reply::xml(200, body.clone()).chunked()] {
        let server = server(reply).await;
        let at = |limit| SoapClient::builder(server.url("/x")).max_response_bytes(limit).build().unwrap();
        assert_eq!(find_user(&at(body.len())).await.unwrap().len(), 1);
        let err = find_user(&at(body.len() - 1)).await.unwrap_err();
        assert!(matches!(err, Error::TooLarge { limit, .. } if limit == body.len() - 1), "{err:?}");
    }
}

#[tokio::test]
async fn a_body_that_stalls_after_the_head_times_out() {
    let url = raw_server(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n<?xml version=\"1.0\"?><soapenv:Envelope",
        false,
    )
    .await;
    let client = SoapClient::builder(url).timeout(Duration::from_millis(300)).build().unwrap();
    let started = std::time::Instant::now();
    let err = find_user(&client).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_connection_closed_mid_answer_is_a_transport_error() {
    // Closed before any answer, and closed 20 bytes into a 5,000-byte body.
    for answer in [
        &b""[..],
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n<?xml version=\"1.0\"?>",
    ] {
        let client = SoapClient::new(raw_server(answer, true).await).unwrap();
        let err = find_user(&client).await.unwrap_err();
        assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    }
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
    assert_eq!(other.endpoint(), server.url("/sipxconfig/services/Other"));
    find_user(&other).await.unwrap();
    find_user(&users).await.unwrap();
    let requests = server.requests();
    let seen: Vec<_> = requests.iter().map(|r| (r.path.as_str(), r.header("Authorization"))).collect();
    assert_eq!(
        seen,
        [("/sipxconfig/services/Other", Some(BASIC)), ("/sipxconfig/services/UserService", Some(BASIC))]
    );
    // Siblings share the pool too: both calls went over one connection.
    assert_eq!(requests[1].connection, requests[0].connection);
    // Limits are shared as well: a sibling of a client with a 300 ms
    // timeout times out.
    let slow = self::server(Reply::xml(200, one_user()).delay(Duration::from_secs(3))).await;
    let base = SoapClient::builder(slow.url("/a")).timeout(Duration::from_millis(300)).build().unwrap();
    let err = find_user(&base.with_endpoint(&slow.url("/b")).unwrap()).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

/// A Digest server (RFC 7616, MD5, qop=auth) that checks the response hash.
fn digest_server(req: &Recorded) -> Reply {
    match digest::check(req, "admin", "ip800") {
        Ok(()) => Reply::xml(200, one_user()),
        Err(reply) => reply,
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
    let mut shown =
        vec![format!("{client:?}"), format!("{client:#?}"), format!("{err:?} {err}"), format!("{digest:?}")];
    // Errors that carry the endpoint and reqwest's error: refused, timeout.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let refused = SoapClient::builder(format!("http://127.0.0.1:{port}/x"))
        .basic_auth("superadmin", "p@ss:wörd")
        .build()
        .unwrap();
    let slow = self::server(Reply::xml(200, one_user()).delay(Duration::from_secs(3))).await;
    let timing_out = SoapClient::builder(slow.url("/x"))
        .basic_auth("superadmin", "p@ss:wörd")
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    for c in [&refused, &timing_out] {
        let err = find_user(c).await.unwrap_err();
        shown.push(format!("{err:?} {err:#?} {err}"));
    }
    for shown in shown {
        assert!(!shown.contains("wörd") && !shown.contains(&BASIC[6..]), "{shown}");
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
    assert_eq!(err.transport_kind(), Some(pbx_soap::rt::TransportKind::Tls), "{err:?}");
    assert!(server.requests().is_empty());

    let lenient = SoapClient::builder(url).accept_invalid_certs(true).build().unwrap();
    assert_eq!(find_user(&lenient).await.unwrap().len(), 1);
    assert_eq!(server.requests().len(), 1);
}

// A password written into the endpoint URL (`http://user:pw@host/...`) is
// taken out of the URL and sent as Basic auth, so neither the client's
// Debug nor the endpoint named by Transport/Timeout errors shows it.
#[tokio::test]
async fn a_password_in_the_endpoint_url_is_not_shown_either() {
    const PW: &str = "hunter2-in-url";
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let slow = server(Reply::xml(200, one_user()).delay(Duration::from_secs(3))).await;
    let slow_url = slow.url("/x").replace("http://", &format!("http://admin:{PW}@"));
    for (url, timeout) in [
        (format!("http://admin:{PW}@127.0.0.1:{port}/x"), Duration::from_secs(5)),
        (slow_url, Duration::from_millis(300)),
    ] {
        let client = match SoapClient::builder(url).timeout(timeout).build() {
            Ok(client) => client,
            Err(err) => {
                assert!(matches!(err, Error::Config(_)), "{err:?}");
                assert!(!format!("{err:?} {err}").contains(PW), "{err:?}");
                continue;
            }
        };
        let err = find_user(&client).await.unwrap_err();
        for shown in [format!("{client:?}"), format!("{err:?}"), format!("{err}")] {
            assert!(!shown.contains(PW), "{shown}");
        }
    }
    let sent = slow.requests();
    assert_eq!(sent.len(), 1);
    let token = base64::engine::general_purpose::STANDARD.encode(format!("admin:{PW}"));
    assert_eq!(sent[0].header("Authorization"), Some(format!("Basic {token}").as_str()));
}
