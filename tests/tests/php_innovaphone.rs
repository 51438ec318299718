//! Every innovaphone pbx10_00 operation (rpc/encoded) against PHP's
//! SoapServer loaded with `wsdl/innovaphone/pbx10_00.wsdl`: the server
//! checks the arguments against `tests/php/cases/innovaphone.json` and
//! answers its results, checked here; every request equals PHP
//! SoapClient's for the same call.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::innovaphone::*;
use pbx_soap::rt::SoapClient;
use pbx_soap_tests::interop::{TRICKY as T, assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file, wsdl};

fn s(v: &str) -> String {
    v.to_owned()
}

fn info(t: &str, vali: i32, vals: &str) -> Info {
    Info { r#type: s(t), vali, vals: s(vals) }
}

fn no(t: &str, cn: &str) -> No {
    No { r#type: s(t), cn: s(cn), dn: s(cn), e164: s("202"), h323: s("") }
}

/// A UserInfo with the required fields only (as in the cases file).
fn user(cn: &str) -> UserInfo {
    UserInfo {
        active: true,
        cn: s(cn),
        dn: s(cn),
        r#type: s("ep"),
        e164: s("201"),
        h323: s(""),
        state: 1,
        channel: 0,
        alert: 0,
        guid: format!("g-{cn}"),
        ..Default::default()
    }
}

#[tokio::test]
async fn every_innovaphone_operation_against_php() {
    let wsdl = wsdl("innovaphone", "pbx10_00.wsdl");
    let cases = php_file("cases/innovaphone.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let pbx = PbxPort::new(SoapClient::new(peer.url("/PBX0/user.soap")).unwrap());

    let version = pbx.version().await.unwrap();
    let expected = VersionResponse {
        wsdl_version: 1000,
        gatekeeper_id: s(T),
        location: s(""),
        firmware_version: s("13r3"),
        serial_number: s("00-90-33"),
    };
    assert_eq!(version, expected);
    assert_eq!(pbx.echo(17, -559_038_737).await.unwrap(), 1);
    let admin = pbx.admin(format!("<show><user cn=\"{T}\"/></show>")).await.unwrap();
    assert_eq!(admin, format!("<user cn=\"{T}\"/>"));
    let init = InitializeRequest {
        user: s("API"),
        appl: s(T),
        v: true,
        v501: true,
        v700: true,
        v800: true,
        vx1000: true,
    };
    assert_eq!(pbx.initialize(init).await.unwrap(), InitializeResponse { r#return: 17, key: -559_038_737 });
    pbx.end(17).await.unwrap();

    let got = pbx.poll(17).await.unwrap();
    let full = UserInfo {
        groups: vec![Group { group: s("all users"), active: true }, Group { group: s(T), active: false }],
        loc: Some(s("master")),
        node: Some(s("root")),
        object: Some(s("user")),
        nodenum: Some(s("")),
        cfg: Some(false),
        presence: Some(Presence {
            status: Some(PresenceStatus::Open),
            activity: Some(PresenceActivity::OnThePhone),
            note: Some(s(T)),
        }),
        domain: Some(s("example.com")),
        h323email: Some(true),
        email: vec![s("a@example.com"), s(T)],
        info: vec![info("fake", i32::MIN, T)],
        ..user(T)
    };
    let queue = UserInfo { r#type: s("waiting"), channel: 2, alert: 1, ..user("Queue") };
    let end = UserInfo { active: false, r#type: s(""), e164: s(""), guid: s(""), ..user("") };
    let call = CallInfo {
        user: 42,
        call: 7001,
        reg: 0,
        active: true,
        state: 0x385,
        no: vec![no("peer", T), no("leg2", "")],
        msg: s("x-conn"),
        info: vec![info("conf", 0, "c0nf"), info("cause", 16, "")],
    };
    assert_eq!(got, AnyInfo { user: vec![full, queue, end], call: vec![call], ..Default::default() });

    assert_eq!(pbx.license(17, s("Video")).await.unwrap(), "");
    let devices = pbx.devices(17, s(T)).await.unwrap();
    assert_eq!(devices, [Device { hw: s("0090333e0f21"), text: s(T) }, Device { hw: s(""), text: s("") }]);
    assert_eq!(pbx.calls(17, s("John")).await.unwrap(), vec![]);
    let init = UserInitializeRequest { session: 17, user: s(T), xfer: true, disc: false, hw: s("") };
    assert_eq!(pbx.user_initialize(init).await.unwrap(), 42);
    pbx.user_end(42).await.unwrap();
    let request = UserCallRequest {
        user: 42,
        cn: s(""),
        e164: s("201"),
        h323: s(T),
        reg: 0,
        info: vec![info("conf", i32::MAX, T), info("", 0, "")],
        rc: 0,
        srce164: s("r100"),
    };
    assert_eq!(pbx.user_call(request).await.unwrap(), 7003);
    pbx.user_clear(7003, 26, vec![]).await.unwrap();
    pbx.user_connect(7003).await.unwrap();
    pbx.user_rc(7003, 4).await.unwrap();
    let request = UserInfoRequest { call: 7003, recv: true, cdpn: s("201"), key: s("*"), dsp: s(T) };
    pbx.user_info(request).await.unwrap();
    pbx.user_dtmf(7003, false, s("0123456789*#")).await.unwrap();
    pbx.user_uui(7003, true, s(T)).await.unwrap();
    let request =
        UserPickupRequest { user: 42, cn: s(""), call: 7003, group: s("sales"), reg: 0, info: vec![] };
    assert_eq!(pbx.user_pickup(request).await.unwrap(), 7004);
    let request = UserRedirectRequest {
        call: 7003,
        cn: s(T),
        e164: s(""),
        h323: s(""),
        info: vec![info("x", 1, "")],
        rc: 999,
    };
    assert!(pbx.user_redirect(request).await.unwrap());
    let request = UserRerouteRequest { call: 7003, cn: s(""), e164: s("203"), h323: s(""), info: vec![] };
    assert!(!pbx.user_reroute(request).await.unwrap());
    pbx.user_transfer(7003, 7004).await.unwrap();
    pbx.user_media_transfer(7003, 7004, true, false).await.unwrap();
    pbx.user_ct_complete(7003, s("+49 7031 73009-0"), s(T)).await.unwrap();
    pbx.user_hold(7003, true).await.unwrap();
    pbx.user_retrieve(7003).await.unwrap();
    assert_eq!(pbx.user_park(7003, s(""), -1).await.unwrap(), 7005);
    let request = UserMessageRequest {
        user: 42,
        e164: s("202"),
        h323: s(""),
        msg: s(T),
        src_e164: s(""),
        src_h323: s(""),
    };
    assert_eq!(pbx.user_message(request).await.unwrap(), 7006);
    assert_eq!(pbx.user_local_num(42, s("00497031730090")).await.unwrap(), "0730090");

    let found = pbx.user_find_destination(42, s("202"), s("")).await.unwrap();
    let jane = UserInfo { e164: s("202"), ..user("Jane") };
    assert_eq!(found, UserFindDestinationResponse { r#return: false, user: Some(jane) });
    let incomplete = pbx.user_find_destination(42, s("2"), s("")).await.unwrap();
    assert_eq!(incomplete, UserFindDestinationResponse { r#return: true, user: None });

    let request = FindUserRequest {
        v501: s("true"),
        v700: s("true"),
        v800: s("true"),
        vx1000: s("true"),
        cn: s(""),
        h323: s(""),
        e164: s(""),
        count: 20,
        next: 0,
        nohide: true,
    };
    let page = pbx.find_user(request).await.unwrap();
    assert_eq!(page, (0..20).map(|i| user(&format!("u{i:02}"))).collect::<Vec<_>>());
    assert!(pbx.user_license(s("*"), s("Video")).await.unwrap());
    let request = SetPresenceRequest {
        presence: Presence {
            status: Some(PresenceStatus::Closed),
            activity: Some(PresenceActivity::Away),
            note: None,
        },
        im: false,
        contact: s("tel:"),
        guid: s("*"),
        h323: s(T),
    };
    assert_eq!(pbx.set_presence(request).await.unwrap(), 1);
    let request = LocationUrlRequest {
        v501: s("true"),
        v700: s("true"),
        v800: s("true"),
        vx1000: s("true"),
        loc: s("branch"),
        tls: true,
    };
    assert_eq!(pbx.location_url(request).await.unwrap(), "https://branch.example.com/PBX0/user.soap");

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
