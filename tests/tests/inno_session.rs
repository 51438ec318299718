//! The innovaphone session helpers against a local PBX stand-in on
//! 127.0.0.1 that speaks the pbx10_00 envelopes, insists on HTTP Digest,
//! and records which TCP connection carried each request: Initialize,
//! Poll events, UserInitialize, UserCall and End over one connection;
//! End sent for a dropped session; FindUser paging; LocationUrl.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::StreamExt as _;
use pbx_soap::innovaphone::*;
use pbx_soap::rt::{Error, SoapClient};
use pbx_soap_tests::digest;
use pbx_soap_tests::http_stub::{Recorded, Reply, StubServer};

const SESSION: i32 = 17;

fn envelope(op: &str, content: &str) -> Reply {
    // The wrapper is in the binding's `soap:body namespace`:
    // `http://innovaphone/binding` for UserEnd and Echo.
    let ns = if matches!(op, "UserEnd" | "Echo") {
        "http://innovaphone/binding"
    } else {
        "http://innovaphone.com/pbx"
    };
    Reply::xml(
        200,
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="{ns}"><soap:Body soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><tns:{op}Response>{content}</tns:{op}Response></soap:Body></soap:Envelope>"#
        ),
    )
}

/// The operation a request calls (the wrapper's local name).
fn operation(req: &Recorded) -> String {
    let body = req.body_text();
    let start = body.find("Body>").map(|i| i + 5).unwrap_or(0);
    let rest = &body[start..];
    let tag = rest.trim_start().trim_start_matches('<');
    let name: String = tag.chars().take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/').collect();
    name.rsplit(':').next().unwrap_or_default().to_owned()
}

/// The text of parameter `name` in a request.
fn param(req: &Recorded, name: &str) -> String {
    let body = req.body_text();
    let Some(start) = body.find(&format!("<{name} ")).or_else(|| body.find(&format!("<{name}>"))) else {
        return String::new();
    };
    let rest = &body[start..];
    if rest[..rest.find('>').unwrap()].ends_with('/') {
        return String::new();
    }
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find(&format!("</{name}>")).unwrap();
    rest[open..close].to_owned()
}

fn user_xml(cn: &str, e164: &str) -> String {
    format!(
        r#"<item xsi:type="tns:UserInfo"><active xsi:type="xsd:boolean">true</active><cn xsi:type="xsd:string">{cn}</cn><dn xsi:type="xsd:string">{cn}</dn><type xsi:type="xsd:string">ep</type><e164 xsi:type="xsd:string">{e164}</e164><h323 xsi:type="xsd:string"></h323><state xsi:type="xsd:int">1</state><channel xsi:type="xsd:int">0</channel><alert xsi:type="xsd:int">0</alert><guid xsi:type="xsd:string">g-{cn}</guid></item>"#
    )
}

fn users_array(users: &[String]) -> String {
    format!(
        r#"<user xsi:type="soapenc:Array" soapenc:arrayType="tns:UserInfo[{}]">{}</user>"#,
        users.len(),
        users.concat()
    )
}

const CALL: &str = r#"<call xsi:type="soapenc:Array" soapenc:arrayType="tns:CallInfo[1]"><item xsi:type="tns:CallInfo"><user xsi:type="xsd:int">42</user><call xsi:type="xsd:int">7003</call><reg xsi:type="xsd:int">0</reg><active xsi:type="xsd:boolean">true</active><state xsi:type="xsd:int">132</state><No xsi:type="soapenc:Array" soapenc:arrayType="tns:No[0]"/><msg xsi:type="xsd:string">x-alert</msg><info xsi:type="soapenc:Array" soapenc:arrayType="tns:Info[0]"/></item></call>"#;

/// A PBX stand-in: Digest for admin/ip800, one session, Poll answering
/// the initial user list (in two parts), then a call, then nothing.
fn pbx(polls: Arc<AtomicUsize>) -> impl Fn(&Recorded) -> Reply + Send + Sync + 'static {
    move |req| {
        if let Err(challenge) = digest::check(req, "admin", "ip800") {
            return challenge;
        }
        let session_ok = param(req, "session") == SESSION.to_string();
        match operation(req).as_str() {
            "Initialize" if param(req, "vx1000") == "true" && param(req, "v") == "true" => envelope(
                "Initialize",
                &format!(r#"<return xsi:type="xsd:int">{SESSION}</return><key xsi:type="xsd:int">99</key>"#),
            ),
            "Initialize" => envelope("Initialize", r#"<return xsi:type="xsd:int">0</return><key>0</key>"#),
            "Poll" if session_ok => {
                let content = match polls.fetch_add(1, Ordering::SeqCst) {
                    0 => users_array(&[user_xml("Alice", "201"), user_xml("Bob", "202")]),
                    1 => users_array(&[user_xml("Carol", "203"), user_xml("", "")]),
                    2 => CALL.to_owned(),
                    _ => String::new(),
                };
                envelope("Poll", &format!(r#"<return xsi:type="tns:AnyInfo">{content}</return>"#))
            }
            "UserInitialize" if session_ok && param(req, "user") == "Alice" => {
                envelope("UserInitialize", r#"<return xsi:type="xsd:int">42</return>"#)
            }
            "UserInitialize" => envelope("UserInitialize", r#"<return xsi:type="xsd:int">0</return>"#),
            "UserCall" if param(req, "user") == "42" => {
                envelope("UserCall", r#"<return xsi:type="xsd:int">7003</return>"#)
            }
            "End" if session_ok => envelope("End", ""),
            "Echo" => {
                let ok = session_ok && param(req, "key") == "99";
                envelope("Echo", &format!(r#"<return xsi:type="xsd:int">{}</return>"#, i32::from(ok)))
            }
            other => Reply::new(
                500,
                "text/plain",
                format!("unexpected {other} with session {}", param(req, "session")),
            ),
        }
    }
}

async fn start() -> (StubServer, PbxPort, Arc<AtomicUsize>) {
    let polls = Arc::new(AtomicUsize::new(0));
    let server = StubServer::start(pbx(Arc::clone(&polls))).await.unwrap();
    let client =
        SoapClient::builder(server.url("/PBX0/user.soap")).digest_auth("admin", "ip800").build().unwrap();
    (server, PbxPort::new(client), polls)
}

#[tokio::test]
async fn a_session_runs_on_one_connection_from_initialize_to_end() {
    let (server, port, _) = start().await;
    let session = Session::open(port, "API", "pbx-soap test").await.unwrap();
    assert_eq!((session.id(), session.key()), (SESSION, 99));
    assert!(session.echo().await.unwrap());

    let mut events = session.events_with(EventOptions::default().idle_pause(Duration::ZERO));
    let mut seen = Vec::new();
    while seen.len() < 5 {
        seen.push(events.next().await.unwrap().unwrap());
    }
    drop(events);
    let names: Vec<String> = seen
        .iter()
        .map(|e| match e {
            Event::User(u) => u.cn.clone(),
            Event::InitialUsersComplete => "<end of initial list>".to_owned(),
            Event::Call(c) => format!("call {} {:?}", c.call, c.call_state().phase()),
        })
        .collect();
    assert_eq!(names, ["Alice", "Bob", "Carol", "<end of initial list>", "call 7003 Alert"]);

    let alice = session.user("Alice").await.unwrap();
    let call = session
        .port()
        .user_call(UserCallRequest { user: alice, e164: "202".into(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(call, 7003);
    session.end().await.unwrap();

    let requests = server.requests();
    let ops: Vec<String> = requests.iter().map(operation).collect();
    assert_eq!(
        ops,
        ["Initialize", "Initialize", "Echo", "Poll", "Poll", "Poll", "UserInitialize", "UserCall", "End"],
        "the first Initialize is the Digest challenge round"
    );
    // One TCP connection carried the whole session (the PBX ends a session
    // when its last connection closes).
    let connections: Vec<usize> = requests.iter().map(|r| r.connection).collect();
    assert!(connections.iter().all(|&c| c == 0), "connections used: {connections:?}");
    // Digest on every request after the challenge, Basic never.
    for r in &requests[1..] {
        assert!(r.header("Authorization").unwrap().starts_with("Digest "), "{:?}", r.header("Authorization"));
    }
}

#[tokio::test]
async fn refusals_and_failures_are_errors() {
    let (_server, port, _) = start().await;
    let session = Session::open(port.clone(), "API", "test").await.unwrap();
    let err = session.user("Nobody").await.unwrap_err();
    assert!(matches!(err, Error::Refused { operation: "UserInitialize", .. }), "{err:?}");
    session.end().await.unwrap();

    // Wrong credentials: a 401 with the server's challenge.
    let (server, _, _) = start().await;
    let wrong =
        SoapClient::builder(server.url("/PBX0/user.soap")).digest_auth("admin", "nope").build().unwrap();
    let err = Session::open(PbxPort::new(wrong), "API", "test").await.unwrap_err();
    assert!(
        matches!(err, Error::Unauthorized { challenge: Some(ref c), .. } if c.starts_with("Digest")),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_event_stream_ends_after_a_failed_poll() {
    let fault = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>no session</faultstring></soap:Fault></soap:Body></soap:Envelope>"#;
    let server = StubServer::start(move |req| match operation(req).as_str() {
        "Initialize" => envelope("Initialize", "<return>5</return><key>1</key>"),
        "End" => envelope("End", ""),
        _ => Reply::xml(500, fault),
    })
    .await
    .unwrap();
    let port = PbxPort::new(SoapClient::new(server.url("/PBX0/user.soap")).unwrap());
    let session = Session::open(port, "API", "test").await.unwrap();
    let mut events = session.events();
    let err = events.next().await.unwrap().unwrap_err();
    assert_eq!(err.fault().map(|f| f.string.as_str()), Some("no session"));
    assert!(events.next().await.is_none());
    drop(events);
    session.end().await.unwrap();
    let ops: Vec<String> = server.requests().iter().map(operation).collect();
    assert_eq!(ops, ["Initialize", "Poll", "End"]);
}

#[tokio::test]
async fn a_dropped_session_is_ended_in_the_background() {
    let (server, port, _) = start().await;
    let session = Session::open(port, "API", "test").await.unwrap();
    drop(session);
    for _ in 0..100 {
        if server.requests().iter().any(|r| operation(r) == "End") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "no End after dropping the session: {:?}",
        server.requests().iter().map(operation).collect::<Vec<_>>()
    );
}

#[derive(Clone, Copy, PartialEq)]
enum Paging {
    /// As the article describes: `count` users from `cn` on, or after `cn`
    /// when `next` is 1.
    AsDocumented,
    /// Ignores `next`: every page repeats the start record.
    Inclusive,
    /// Always answers the first page.
    Stuck,
}

/// A directory of 45 users answering FindUser.
fn directory(paging: Paging) -> impl Fn(&Recorded) -> Reply + Send + Sync + 'static {
    let names: Vec<String> = (0..45).map(|i| format!("user{i:02}")).collect();
    move |req| {
        let start = if paging == Paging::Stuck { String::new() } else { param(req, "cn") };
        let next = param(req, "next") == "1" && paging == Paging::AsDocumented;
        let count: usize = param(req, "count").parse().unwrap();
        let page: Vec<String> = names
            .iter()
            .filter(|n| if next { **n > start } else { **n >= start })
            .take(count)
            .map(|n| user_xml(n, ""))
            .collect();
        let content = format!(
            r#"<return xsi:type="soapenc:Array" soapenc:arrayType="tns:UserInfo[{}]">{}</return>"#,
            page.len(),
            page.concat()
        );
        envelope("FindUser", &content)
    }
}

#[tokio::test]
async fn find_users_pages_through_the_whole_list_twenty_at_a_time() {
    let server = StubServer::start(directory(Paging::AsDocumented)).await.unwrap();
    let port = PbxPort::new(SoapClient::new(server.url("/PBX0/user.soap")).unwrap());
    let users: Vec<UserInfo> = find_users(&port, UserQuery::all()).map(Result::unwrap).collect().await;
    let names: Vec<String> = users.into_iter().map(|u| u.cn).collect();
    let expected: Vec<String> = (0..45).map(|i| format!("user{i:02}")).collect();
    assert_eq!(names, expected);
    let calls: Vec<(String, String, String)> =
        server.requests().iter().map(|r| (param(r, "cn"), param(r, "next"), param(r, "count"))).collect();
    let call = |cn: &str, next: &str| (cn.to_owned(), next.to_owned(), "20".to_owned());
    assert_eq!(calls, [call("", "0"), call("user19", "1"), call("user39", "1"), call("user44", "1")]);

    // From a start name on.
    let from: Vec<String> =
        find_users(&port, UserQuery::from_cn("user40")).map(|u| u.unwrap().cn).collect().await;
    assert_eq!(from, ["user40", "user41", "user42", "user43", "user44"]);

    // A server that repeats the start record on each page: no duplicates.
    let server = StubServer::start(directory(Paging::Inclusive)).await.unwrap();
    let port = PbxPort::new(SoapClient::new(server.url("/PBX0/user.soap")).unwrap());
    let names: Vec<String> = find_users(&port, UserQuery::all()).map(|u| u.unwrap().cn).collect().await;
    assert_eq!(names, expected);
}

#[tokio::test]
async fn find_users_stops_on_a_server_that_does_not_advance() {
    let server = StubServer::start(directory(Paging::Stuck)).await.unwrap();
    let port = PbxPort::new(SoapClient::new(server.url("/PBX0/user.soap")).unwrap());
    let results: Vec<Result<UserInfo, Error>> = find_users(&port, UserQuery::all()).collect().await;
    // The twenty users of the first page, the repeat refused, then the end.
    assert_eq!(results.len(), 21);
    assert!(results[..20].iter().all(Result::is_ok));
    assert!(matches!(results[20], Err(Error::Refused { operation: "FindUser", .. })), "{:?}", results[20]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn location_url_opens_a_session_on_another_node() {
    let node = StubServer::start(pbx(Arc::new(AtomicUsize::new(0)))).await.unwrap();
    let node_url = node.url("/PBX0/user.soap");
    let master = StubServer::start(move |req| {
        if let Err(challenge) = digest::check(req, "admin", "ip800") {
            return challenge;
        }
        match operation(req).as_str() {
            "Initialize" => envelope("Initialize", "<return>3</return><key>4</key>"),
            "LocationUrl" if param(req, "loc") == "branch" && param(req, "tls") == "false" => {
                envelope("LocationUrl", &format!(r#"<return xsi:type="xsd:string">{node_url}</return>"#))
            }
            "LocationUrl" => envelope("LocationUrl", r#"<return xsi:type="xsd:string"></return>"#),
            _ => envelope("End", ""),
        }
    })
    .await
    .unwrap();
    let client =
        SoapClient::builder(master.url("/PBX0/user.soap")).digest_auth("admin", "ip800").build().unwrap();
    let session = Session::open(PbxPort::new(client), "API", "test").await.unwrap();
    let remote = session.open_at_location("branch", false).await.unwrap();
    assert_eq!(remote.id(), SESSION);
    assert!(remote.port().client().endpoint().starts_with(&node.url("/")));
    let err = session.location("nowhere", false).await.unwrap_err();
    assert!(matches!(err, Error::Refused { operation: "LocationUrl", .. }), "{err:?}");
    remote.end().await.unwrap();
    session.end().await.unwrap();
    // The node saw the same credentials (Digest) and the same user/appl.
    let init = node
        .requests()
        .into_iter()
        .find(|r| operation(r) == "Initialize" && r.header("Authorization").is_some());
    assert_eq!(param(&init.unwrap(), "user"), "API");
}
