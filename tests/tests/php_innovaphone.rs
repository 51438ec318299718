//! Every innovaphone pbx10_00 operation (rpc/encoded) against PHP's
//! SoapServer loaded with `wsdl/innovaphone/pbx10_00.wsdl`: the server
//! checks the arguments against `tests/php/cases/innovaphone.json` and
//! answers its results, checked by `pbx_soap_tests::scenarios::innovaphone`;
//! every request equals PHP SoapClient's for the same call.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::innovaphone::*;
use pbx_soap::rt::SoapClient;
use pbx_soap_tests::interop::{assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file, wsdl};
use pbx_soap_tests::scenarios::innovaphone::every_operation;

fn s(v: &str) -> String {
    v.to_owned()
}

#[tokio::test]
async fn every_innovaphone_operation_against_php() {
    let wsdl = wsdl("innovaphone", "pbx10_00.wsdl");
    let cases = php_file("cases/innovaphone.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let pbx = PbxPort::new(SoapClient::new(peer.url("/PBX0/user.soap")).unwrap());
    every_operation(&pbx).await;
    let requests = peer.requests();
    assert_every_operation_called(&wsdl, &requests);
    assert_requests_equal_php(&wsdl, &cases, &requests);
}

/// The session helper end to end against a small PBX on PHP's SoapServer
/// (`tests/php/innovaphone_pbx.php`): Initialize, events until the end of
/// the initial user list, a call placed and its CallInfo, End, all over one
/// TCP connection.
#[tokio::test]
async fn a_session_against_php() {
    use futures_util::StreamExt as _;
    let state = std::env::temp_dir().join(format!("pbx-soap-session-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&state);
    let peer = PhpPeer::start(&php_file("innovaphone_pbx.php"), &[("PEER_STATE", state.as_path())], 2).await;
    let pbx = PbxPort::new(SoapClient::new(peer.url("/PBX0/user.soap")).unwrap());
    let session = Session::open(pbx, "API", "pbx-soap").await.unwrap();
    assert_eq!((session.id(), session.key()), (17, 99));

    let mut events =
        session.events_with(EventOptions::default().idle_pause(std::time::Duration::from_millis(20)));
    let mut initial = Vec::new();
    loop {
        match events.next().await.unwrap().unwrap() {
            Event::User(u) => initial.push(u.cn.clone()),
            Event::InitialUsersComplete => break,
            Event::Call(c) => panic!("a call before the user list ended: {c:?}"),
        }
    }
    assert_eq!(initial, ["Alice", "Bob", "Carol"]);
    drop(events);

    let alice = session.user("Alice").await.unwrap();
    let request = UserCallRequest { user: alice, e164: s("202"), ..Default::default() };
    let call = session.port().user_call(request).await.unwrap();
    assert_eq!(call, 7003);
    let mut events =
        session.events_with(EventOptions::default().idle_pause(std::time::Duration::from_millis(20)));
    let info = loop {
        if let Event::Call(info) = events.next().await.unwrap().unwrap() {
            break info;
        }
    };
    drop(events);
    assert_eq!((info.call, info.call_state().phase()), (7003, CallPhase::Alert));
    assert_eq!(info.call_state().direction(), CallDirection::Outbound);
    session.end().await.unwrap();

    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(saved["ended"], serde_json::Value::Bool(true), "End did not reach the PBX: {saved}");
    let requests = peer.requests();
    let connections: std::collections::BTreeSet<usize> = requests.iter().map(|r| r.connection).collect();
    assert_eq!(connections.len(), 1, "{} requests over connections {connections:?}", requests.len());
    let _ = std::fs::remove_file(&state);
}
