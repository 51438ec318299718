//! innovaphone pbx10_00 responses decoded by the generated client, through
//! a server on 127.0.0.1: the fixtures under
//! `fixtures/innovaphone/responses/` (PBX form, items named after their
//! type, Axis/.NET multi-references) decode to whole expected values, and
//! broken variants are errors naming what is wrong.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::innovaphone::*;
use pbx_soap::rt::{DecodeErrorKind, Error, SoapClient};
use pbx_soap_tests::http_stub::{Reply, StubServer};

fn fixture(name: &str) -> String {
    pbx_soap_tests::fixtures::read("innovaphone", "responses", name)
}

/// A server answering every request with `body`, and a client for it.
async fn serve(body: String) -> (StubServer, PbxPort) {
    let status = if body.contains("Fault>") { 500 } else { 200 };
    let server = StubServer::start(move |_| Reply::xml(status, body.clone())).await.unwrap();
    let port = PbxPort::new(SoapClient::new(server.url("/PBX0/user.soap")).unwrap());
    (server, port)
}

async fn poll(body: String) -> Result<AnyInfo, Error> {
    let (_server, port) = serve(body).await;
    port.poll(17).await
}

fn s(v: &str) -> String {
    v.to_owned()
}

fn some(v: &str) -> Option<String> {
    Some(v.to_owned())
}

fn info(t: &str, vali: i32, vals: &str) -> Info {
    Info { r#type: s(t), vali, vals: s(vals) }
}

fn no(t: &str, cn: &str, dn: &str, e164: &str, h323: &str) -> No {
    No { r#type: s(t), cn: s(cn), dn: s(dn), e164: s(e164), h323: s(h323) }
}

/// A UserInfo with the required fields and nothing optional.
fn user(cn: &str, dn: &str, e164: &str, h323: &str, state: i32, guid: &str) -> UserInfo {
    UserInfo {
        active: true,
        cn: s(cn),
        dn: s(dn),
        r#type: s("ep"),
        e164: s(e164),
        h323: s(h323),
        state,
        guid: s(guid),
        ..Default::default()
    }
}

#[tokio::test]
async fn initialize_returns_session_and_key() {
    let (_server, port) = serve(fixture("initialize")).await;
    let answer = port.initialize(InitializeRequest::default()).await.unwrap();
    assert_eq!(answer, InitializeResponse { r#return: 17, key: -559038737 });
}

#[tokio::test]
async fn version_returns_its_five_parts() {
    let (_server, port) = serve(fixture("version")).await;
    let expected = VersionResponse {
        wsdl_version: 1000,
        gatekeeper_id: s("pbx.example.com"),
        location: s("master"),
        firmware_version: s("IP811 13r3 sr10 [133910]"),
        serial_number: s("00-90-33-3e-0f-21"),
    };
    assert_eq!(port.version().await.unwrap(), expected);
}

#[tokio::test]
async fn poll_decodes_users_with_nested_arrays_and_presence() {
    let got = poll(fixture("poll_users")).await.unwrap();
    let john = UserInfo {
        dn: s("John Doe & Söhne"),
        groups: vec![
            Group { group: s("all users"), active: true },
            Group { group: s("sales"), active: false },
        ],
        loc: some("master"),
        node: some("root"),
        object: some("user"),
        nodenum: some(""),
        cfg: Some(false),
        presence: Some(Presence {
            status: Some(PresenceStatus::Open),
            activity: Some(PresenceActivity::OnThePhone),
            note: some("back at 3"),
        }),
        domain: some("example.com"),
        h323email: Some(false),
        email: vec![s("john.doe@example.com"), s("jd@example.com")],
        info: vec![info("fake", 0, "200")],
        ..user("John Doe", "", "201", "jdoe", 1, "3c2d4b0e9f1a4e7c8b6d5a4f3e2d1c0b")
    };
    let queue = UserInfo {
        r#type: s("waiting"),
        channel: 2,
        alert: 1,
        presence: Some(Presence {
            status: Some(PresenceStatus::Closed),
            // A value the WSDL does not list is kept, not an error.
            activity: Some(PresenceActivity::Other(s("out-of-office"))),
            note: None,
        }),
        ..user("Queue", "Queue", "100", "queue", 0, "77aa")
    };
    let end = UserInfo { active: false, r#type: s(""), ..user("", "", "", "", 0, "") };
    assert_eq!(got, AnyInfo { user: vec![john, queue, end], ..Default::default() });
}

#[tokio::test]
async fn poll_decodes_calls_whatever_the_items_are_called() {
    let got = poll(fixture("poll_calls")).await.unwrap();
    let first = CallInfo {
        user: 42,
        call: 7001,
        reg: 0,
        active: true,
        state: 901,
        no: vec![no("peer", "Jane Roe", "Jane", "202", "jroe"), no("leg2", "", "", "0301234567", "")],
        msg: s("r-conn"),
        info: vec![info("conf", 0, "a1b2c3d4e5f60718293a4b5c6d7e8f90"), info("cause", 16, "")],
    };
    let second = CallInfo {
        user: 42,
        call: 7002,
        reg: 0,
        active: false,
        state: 7,
        no: vec![],
        msg: s("r-rel"),
        // `xsi:nil` for the list: empty.
        info: vec![],
    };
    assert_eq!(got, AnyInfo { call: vec![first.clone(), second.clone()], ..Default::default() });
    // 901 = 0x385: connected, outbound, on hold and held by the peer.
    let state = first.call_state();
    assert_eq!(state.phase(), CallPhase::Connect);
    assert_eq!(state.direction(), CallDirection::Outbound);
    assert!(state.on_hold() && state.held_by_peer());
    assert_eq!(second.call_state().phase(), CallPhase::DisconnectReceived);
    assert_eq!(second.call_state().direction(), CallDirection::Inbound);
}

#[tokio::test]
async fn poll_resolves_multi_references() {
    let got = poll(fixture("poll_multiref")).await.unwrap();
    let conf = vec![info("conf", 0, "c0nf")];
    let expected = AnyInfo {
        user: vec![UserInfo {
            channel: 1,
            info: conf.clone(),
            ..user("John Doe", "John Doe", "201", "jdoe", 1, "3c2d")
        }],
        call: vec![CallInfo {
            user: 42,
            call: 7001,
            reg: 0,
            active: true,
            state: 133,
            no: vec![],
            msg: s("x-conn"),
            // The same Info array, referenced from the user and the call.
            info: conf,
        }],
        ..Default::default()
    };
    assert_eq!(got, expected);
}

#[tokio::test]
async fn find_user_returns_the_page() {
    let (_server, port) = serve(fixture("find_user")).await;
    let got = port.find_user(FindUserRequest::default()).await.unwrap();
    let jane = UserInfo { node: some("root"), ..user("Doe, Jane", "Jane Doe", "203", "jane", 0, "g1") };
    assert_eq!(got, vec![jane, user("Doe, John", "John Doe", "201", "jdoe", 1, "g2")]);
}

#[tokio::test]
async fn user_call_returns_the_call_handle() {
    let (_server, port) = serve(fixture("user_call")).await;
    assert_eq!(port.user_call(UserCallRequest::default()).await.unwrap(), 7003);
}

#[tokio::test]
async fn user_find_destination_with_and_without_a_user() {
    let (_server, port) = serve(fixture("user_find_destination")).await;
    let got = port.user_find_destination(42, s("202"), s("")).await.unwrap();
    let expected = UserFindDestinationResponse {
        r#return: false,
        user: Some(user("Jane Roe", "Jane", "202", "jroe", 1, "g3")),
    };
    assert_eq!(got, expected);
    let (_server, port) = serve(fixture("user_find_destination_incomplete")).await;
    let got = port.user_find_destination(42, s("2"), s("")).await.unwrap();
    assert_eq!(got, UserFindDestinationResponse { r#return: true, user: None });
}

fn decode_error(result: Result<impl std::fmt::Debug, Error>) -> (DecodeErrorKind, Vec<String>) {
    match result {
        Err(Error::Decode { source, .. }) => {
            let failure = source.into_inner();
            (failure.kind, failure.path)
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn broken_responses_are_errors_with_their_place() {
    // A required element missing inside an array item.
    let body = fixture("poll_calls").replacen(r#"<msg xsi:type="xsd:string">r-conn</msg>"#, "", 1);
    let (kind, path) = decode_error(poll(body).await);
    assert_eq!(kind, DecodeErrorKind::Missing("msg"));
    assert_eq!(path, ["Body", "PollResponse", "return", "call", "CallInfo[0]"]);

    // A value of the wrong type.
    let body = fixture("poll_users").replacen(
        r#"<channel xsi:type="xsd:int">2</channel>"#,
        r#"<channel xsi:type="xsd:int">two</channel>"#,
        1,
    );
    let (kind, path) = decode_error(poll(body).await);
    assert!(matches!(kind, DecodeErrorKind::InvalidValue { expected: "int", ref found } if found == "two"));
    assert_eq!(path, ["Body", "PollResponse", "return", "user", "item[1]", "channel"]);

    // An element the WSDL does not declare.
    let body = fixture("user_call").replace("</return>", "</return><extra>1</extra>");
    let (_server, port) = serve(body).await;
    let (kind, _) = decode_error(port.user_call(UserCallRequest::default()).await);
    assert_eq!(kind, DecodeErrorKind::UnknownElement(s("extra")));

    // A reference to nothing, and a reference cycle.
    let body = fixture("poll_multiref").replace(r##"<call href="#id2"/>"##, r##"<call href="#gone"/>"##);
    let (kind, _) = decode_error(poll(body).await);
    assert!(matches!(kind, DecodeErrorKind::Reference(ref m) if m.contains("#gone")), "{kind:?}");
    let body = fixture("poll_multiref").replace(r##"<Item href="#id4"/>"##, r##"<Item href="#id0"/>"##);
    let (kind, _) = decode_error(poll(body).await);
    assert!(matches!(kind, DecodeErrorKind::Reference(ref m) if m.contains("cycle")), "{kind:?}");

    // The wrong response wrapper.
    let body = fixture("user_call").replace("UserCallResponse", "UserClearResponse");
    let (_server, port) = serve(body).await;
    let (kind, _) = decode_error(port.user_call(UserCallRequest::default()).await);
    assert!(matches!(kind, DecodeErrorKind::WrongElement { .. }), "{kind:?}");
}

#[tokio::test]
async fn a_pbx_fault_is_a_typed_fault() {
    let body = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
<faultcode>soap:Client</faultcode><faultstring>invalid session</faultstring></soap:Fault></soap:Body></soap:Envelope>"#;
    let err = poll(body.to_owned()).await.unwrap_err();
    let fault = err.fault().expect("a fault");
    assert_eq!((fault.code.as_str(), fault.string.as_str()), ("soap:Client", "invalid session"));
    assert_eq!(fault.code_ns.as_deref(), Some("http://schemas.xmlsoap.org/soap/envelope/"));
}
