//! The innovaphone mock PBX through the generated client and the session
//! helpers, over HTTP with Digest: the event stream of a call through its
//! states, sessions ending with their connection or when idle, FindUser
//! paging, every other operation, and nothing left running after drop.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use futures_util::StreamExt as _;
use pbx_soap::innovaphone::*;
use pbx_soap::mock::innovaphone::{self as mock, MockPbx, MockPbxBuilder, Scenario, UserSpec};
use pbx_soap::rt::{Error, SoapClient};

/// Long enough for any single step on a loaded machine.
const STEP: Duration = Duration::from_secs(10);

fn office() -> MockPbxBuilder {
    MockPbx::builder()
        .poll_hold(Duration::from_millis(300))
        .user(UserSpec::new("Alice", "201").password("alice-pw").group(mock::API_GROUP, false))
        .user(UserSpec::new("Bob", "202").group(mock::API_GROUP, false))
        .user(UserSpec::new("Carol", "203").group(mock::API_GROUP, false))
}

fn client(pbx: &MockPbx, user: &str, password: &str) -> PbxPort {
    PbxPort::new(SoapClient::builder(pbx.url()).digest_auth(user, password).build().unwrap())
}

fn api(pbx: &MockPbx) -> PbxPort {
    client(pbx, mock::API_USER, mock::API_PASSWORD)
}

/// An event as a line, to compare sequences.
fn line(event: &Event) -> String {
    match event {
        Event::User(u) => format!("user {} reg={} ch={} al={}", u.cn, u.state, u.channel, u.alert),
        Event::InitialUsersComplete => "end of list".to_owned(),
        Event::Call(c) => format!("call {}/{} {:#x} {} active={}", c.user, c.call, c.state, c.msg, c.active),
    }
}

/// The next `n` events as lines.
async fn next(events: &mut Events<'_>, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    while out.len() < n {
        let event = tokio::time::timeout(STEP, events.next()).await.expect("no event in time");
        out.push(line(&event.expect("the stream ended").unwrap()));
    }
    out
}

#[tokio::test]
async fn the_session_sees_a_call_ring_answer_hold_retrieve_and_clear_in_order() {
    let pbx = office().start().await.unwrap();
    let control = pbx.control();
    let session = Session::open(api(&pbx), mock::API_USER, "test").await.unwrap();
    let mut events = session.events_with(EventOptions::default().idle_pause(Duration::ZERO));
    let initial = next(&mut events, 5).await;
    assert_eq!(
        initial,
        [
            "user API reg=0 ch=0 al=0",
            "user Alice reg=0 ch=0 al=0",
            "user Bob reg=0 ch=0 al=0",
            "user Carol reg=0 ch=0 al=0",
            "end of list"
        ]
    );
    let (alice, bob) = (session.user("Alice").await.unwrap(), session.user("Bob").await.unwrap());

    // A device registers; then the PBX reports Alice's and Bob's.
    control.register("Alice").unwrap();
    control.register("Bob").unwrap();
    assert_eq!(next(&mut events, 2).await, ["user Alice reg=1 ch=0 al=0", "user Bob reg=1 ch=0 al=0"]);

    // A call is placed and rings.
    let port = session.port();
    let a = port
        .user_call(UserCallRequest { user: alice, e164: "202".into(), ..Default::default() })
        .await
        .unwrap();
    let b = control.calls().iter().find(|c| c.owner == "Bob").unwrap().info.call;
    let call = |h: i32, c: i32, state: &str, msg: &str| format!("call {h}/{c} {state} {msg} active=true");
    assert_eq!(
        next(&mut events, 8).await,
        [
            call(alice, a, "0x1", "r-setup"),
            "user Alice reg=1 ch=1 al=0".to_owned(),
            call(alice, a, "0x3", "x-call-proc"),
            call(bob, b, "0x81", "x-setup"),
            "user Bob reg=1 ch=1 al=0".to_owned(),
            call(bob, b, "0x84", "r-alert"),
            "user Bob reg=1 ch=1 al=1".to_owned(),
            call(alice, a, "0x4", "x-alert"),
        ]
    );

    // Bob answers.
    assert_eq!(control.answer_at("Bob").unwrap(), b);
    assert_eq!(
        next(&mut events, 3).await,
        [
            call(bob, b, "0x85", "r-conn"),
            "user Bob reg=1 ch=1 al=0".to_owned(),
            call(alice, a, "0x5", "x-conn")
        ]
    );

    // Held and retrieved: Alice's leg on hold, Bob's held by its peer.
    port.user_hold(a, false).await.unwrap();
    assert_eq!(
        next(&mut events, 2).await,
        [call(alice, a, "0x105", "r-hold"), call(bob, b, "0x285", "x-hold")]
    );
    port.user_retrieve(a).await.unwrap();
    assert_eq!(
        next(&mut events, 2).await,
        [call(alice, a, "0x5", "r-retrieve"), call(bob, b, "0x85", "x-retrieve")]
    );

    // Cleared: both legs disconnect, then go inactive.
    port.user_clear(a, 16, Vec::new()).await.unwrap();
    assert_eq!(
        next(&mut events, 6).await,
        [
            call(alice, a, "0x6", "x-disc"),
            format!("call {alice}/{a} 0x6 r-rel active=false"),
            "user Alice reg=1 ch=0 al=0".to_owned(),
            call(bob, b, "0x86", "x-disc"),
            format!("call {bob}/{b} 0x86 r-rel active=false"),
            "user Bob reg=1 ch=0 al=0".to_owned(),
        ]
    );
    assert!(control.calls().is_empty());
    // The CallInfo records carry the parties and the call's cause.
    let calls = port.calls(session.id(), "Alice".into()).await.unwrap();
    assert!(calls.is_empty());
    drop(events);
    session.end().await.unwrap();
    assert!(control.sessions().is_empty());
    pbx.shutdown().await;
}

#[tokio::test]
async fn an_outside_call_is_answered_with_user_connect_and_the_caller_hangs_up() {
    let pbx = office().start().await.unwrap();
    let control = pbx.control();
    control.register("Carol").unwrap();
    let session = Session::open(api(&pbx), mock::API_USER, "test").await.unwrap();
    let mut events = session.events_with(EventOptions::default().idle_pause(Duration::ZERO));
    next(&mut events, 5).await;
    let carol = session.user("Carol").await.unwrap();
    let call = control.offer_call("07031730090", "Customer", "Carol").unwrap();
    let ringing = next(&mut events, 4).await;
    assert_eq!(ringing[2], format!("call {carol}/{call} 0x84 r-alert active=true"));
    // The peer is the outside caller.
    let info = &session.port().calls(session.id(), "Carol".into()).await.unwrap()[0];
    let peer = info.no.iter().find(|n| n.r#type == "peer").unwrap();
    assert_eq!((peer.e164.as_str(), peer.dn.as_str()), ("07031730090", "Customer"));
    assert!(info.info.iter().any(|i| i.r#type == "conf" && i.vals.len() == 32));
    session.port().user_connect(call).await.unwrap();
    assert_eq!(next(&mut events, 2).await[0], format!("call {carol}/{call} 0x85 r-conn active=true"));
    control.remote_hang_up(call).unwrap();
    let end = next(&mut events, 3).await;
    assert_eq!(
        end[..2],
        [
            format!("call {carol}/{call} 0x86 x-disc active=true"),
            format!("call {carol}/{call} 0x86 r-rel active=false")
        ]
    );
    drop(events);
    session.end().await.unwrap();
}

#[tokio::test]
async fn a_session_ends_shortly_after_its_last_connection_closes() {
    let pbx = office().session_linger(Duration::from_millis(100)).start().await.unwrap();
    let control = pbx.control();
    let port = api(&pbx);
    let request = InitializeRequest {
        user: mock::API_USER.into(),
        appl: "test".into(),
        v: true,
        v501: true,
        v700: true,
        v800: true,
        vx1000: true,
    };
    let opened = port.initialize(request).await.unwrap();
    assert!(opened.r#return > 0);
    assert_eq!(port.echo(opened.r#return, opened.key).await.unwrap(), 1);
    // The client goes away with its connection, without End.
    drop(port);
    let other = api(&pbx);
    let deadline = tokio::time::Instant::now() + STEP;
    while !control.sessions().is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "the session outlived its connection");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(other.echo(opened.r#return, opened.key).await.unwrap(), 0);
    assert_eq!(control.ended_sessions(), [opened.r#return]);
}

#[tokio::test]
async fn an_idle_session_ends_and_its_poll_says_so() {
    let pbx = office().session_idle(Duration::from_millis(150)).start().await.unwrap();
    let session = Session::open(api(&pbx), mock::API_USER, "test").await.unwrap();
    assert!(session.echo().await.unwrap());
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(!session.echo().await.unwrap());
    let mut events = session.events();
    let err = tokio::time::timeout(STEP, events.next()).await.unwrap().unwrap().unwrap_err();
    assert!(matches!(&err, Error::Fault(f) if f.string.contains("no session")), "{err}");
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn find_users_lists_everyone_twenty_at_a_time() {
    let mut builder = office().find_user_max(20);
    for i in 0..57 {
        builder = builder.user(UserSpec::new(format!("user {i:02}"), format!("{}", 3000 + i)));
    }
    builder = builder.user(UserSpec::new("Hidden", "299").hidden());
    let pbx = builder.start().await.unwrap();
    let port = api(&pbx);
    let users: Vec<UserInfo> = find_users(&port, UserQuery::all()).map(Result::unwrap).collect().await;
    let names: Vec<&str> = users.iter().map(|u| u.cn.as_str()).collect();
    assert_eq!(names.len(), 61, "{names:?}");
    assert_eq!(names[..5], ["Alice", "API", "Bob", "Carol", "user 00"]);
    assert!(!names.contains(&"Hidden"));
    let from_u: Vec<UserInfo> =
        find_users(&port, UserQuery::from_cn("user 5")).map(Result::unwrap).collect().await;
    assert_eq!(from_u.len(), 7);
    let by_number = UserQuery { e164: "3050".into(), ..UserQuery::default() };
    let numbers: Vec<UserInfo> = find_users(&port, by_number).map(Result::unwrap).collect().await;
    assert_eq!(
        numbers.iter().map(|u| u.e164.as_str()).collect::<Vec<_>>(),
        ["3050", "3051", "3052", "3053", "3054", "3055", "3056"]
    );
    // More than the limit at once is refused, as large counts may crash a PBX.
    let request = FindUserRequest {
        v501: "1".into(),
        v700: "1".into(),
        v800: "1".into(),
        vx1000: "1".into(),
        count: 100,
        ..FindUserRequest::default()
    };
    let err = port.find_user(request).await.unwrap_err();
    assert!(
        matches!(&err, Error::Fault(f) if f.code.ends_with("Client") && f.string.contains("count 100")),
        "{err}"
    );
}

#[tokio::test]
async fn http_digest_and_the_session_user_are_checked() {
    let pbx = office().start().await.unwrap();
    let anonymous = PbxPort::new(SoapClient::new(pbx.url()).unwrap());
    assert!(matches!(anonymous.version().await, Err(Error::Unauthorized { .. })));
    let wrong = client(&pbx, mock::API_USER, "nope");
    assert!(matches!(wrong.version().await, Err(Error::Unauthorized { .. })));
    // Alice may open sessions for herself, not for API; the administrator for anyone.
    let alice = client(&pbx, "Alice", "alice-pw");
    let err = Session::open(alice.clone(), mock::API_USER, "test").await.unwrap_err();
    assert!(matches!(err, Error::Refused { operation: "Initialize", .. }), "{err}");
    Session::open(alice, "Alice", "test").await.unwrap().end().await.unwrap();
    let admin = client(&pbx, mock::ADMIN_USER, mock::ADMIN_PASSWORD);
    Session::open(admin, mock::API_USER, "test").await.unwrap().end().await.unwrap();
}

#[tokio::test]
async fn nothing_keeps_running_after_the_mock_is_dropped() {
    let pbx = office().start().await.unwrap();
    let url = pbx.url().to_owned();
    let scenario = pbx.control().play(Scenario::new().until_watched("Nobody"));
    let session = Session::open(api(&pbx), mock::API_USER, "test").await.unwrap();
    let mut events = session.events();
    next(&mut events, 5).await;
    drop(events);
    // A Poll is waiting in the mock when it goes.
    let (port, id) = (session.port().clone(), session.id());
    let waiting = tokio::spawn(async move { port.poll(id).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    drop(pbx);
    let played = tokio::time::timeout(STEP, scenario).await.unwrap();
    assert!(played.unwrap_err().is_cancelled());
    // The waiting Poll is answered or cut off at once, not left hanging.
    let after = tokio::time::timeout(Duration::from_secs(1), waiting).await.unwrap().unwrap();
    assert!(after.as_ref().is_err() || after.as_ref().is_ok_and(|a| *a == AnyInfo::default()), "{after:?}");
    let gone = PbxPort::new(SoapClient::new(&url).unwrap()).version().await.unwrap_err();
    assert!(gone.transport_kind().is_some(), "{gone}");
    drop(session);
}

/// A session on `pbx` as API with handles for Alice, Bob and Carol (all
/// registered), and the initial events read.
async fn watched(pbx: &MockPbx) -> (Session, [i32; 3]) {
    for cn in ["Alice", "Bob", "Carol"] {
        pbx.control().register(cn).unwrap();
    }
    let session = Session::open(api(pbx), mock::API_USER, "test").await.unwrap();
    let mut handles = [0; 3];
    for (h, cn) in handles.iter_mut().zip(["Alice", "Bob", "Carol"]) {
        *h = session.user(cn).await.unwrap();
    }
    (session, handles)
}

#[tokio::test]
async fn every_other_operation_does_what_the_article_says() {
    let pbx = office()
        .location("branch", "http://10.0.0.2/PBX0/user.soap")
        .admin_reply(|xml| format!("<ok for='{}'/>", xml.len()))
        .start()
        .await
        .unwrap();
    let control = pbx.control();
    let (session, [alice, bob, carol]) = watched(&pbx).await;
    let port = session.port();

    let version = port.version().await.unwrap();
    assert_eq!((version.wsdl_version, version.location.as_str()), (1000, "mock"));
    assert!(session.echo().await.unwrap());
    assert_eq!(port.license(session.id(), "Video".into()).await.unwrap(), "");
    assert!(!port.user_license("*".into(), "Video".into()).await.unwrap());
    let devices = port.devices(session.id(), "Alice".into()).await.unwrap();
    assert_eq!(devices.iter().map(|d| d.hw.as_str()).collect::<Vec<_>>(), ["Alice"]);

    // Admin: only for the administrator; the command is recorded and the
    // test's answer returned.
    assert!(matches!(port.admin("<show/>".into()).await, Err(Error::Fault(_))));
    let admin = client(&pbx, mock::ADMIN_USER, mock::ADMIN_PASSWORD);
    assert_eq!(admin.admin("<show/>".into()).await.unwrap(), "<ok for='7'/>");
    assert_eq!(control.admin_commands(), ["<show/>"], "the refused one is not recorded");

    // LocationUrl: this node, a configured one, an unknown one.
    let flags = || LocationUrlRequest {
        v501: "1".into(),
        v700: "1".into(),
        v800: "1".into(),
        vx1000: "1".into(),
        ..Default::default()
    };
    assert_eq!(
        port.location_url(LocationUrlRequest { loc: "mock".into(), ..flags() }).await.unwrap(),
        pbx.url()
    );
    let tls =
        port.location_url(LocationUrlRequest { loc: "branch".into(), tls: true, ..flags() }).await.unwrap();
    assert_eq!(tls, "https://10.0.0.2/PBX0/user.soap");
    assert_eq!(port.location_url(LocationUrlRequest { loc: "nowhere".into(), ..flags() }).await.unwrap(), "");

    // UserFindDestination and UserLocalNum.
    let found = port.user_find_destination(alice, "202".into(), String::new()).await.unwrap();
    assert_eq!((found.r#return, found.user.map(|u| u.cn)), (false, Some("Bob".to_owned())));
    assert!(port.user_find_destination(0, "20".into(), String::new()).await.unwrap().r#return);
    assert_eq!(port.user_local_num(alice, " 202 ".into()).await.unwrap(), "202");

    // SetPresence by h323 name; sessions see it.
    let presence = Presence {
        status: Some(PresenceStatus::Closed),
        activity: Some(PresenceActivity::Busy),
        note: Some("in a meeting".into()),
    };
    let request = SetPresenceRequest {
        presence: presence.clone(),
        im: false,
        contact: "tel:".into(),
        guid: "*".into(),
        h323: "Carol".into(),
    };
    assert_eq!(port.set_presence(request).await.unwrap(), 1);
    assert_eq!(control.user("Carol").unwrap().presence, Some(presence));
    assert_eq!(
        port.set_presence(SetPresenceRequest { h323: "nobody".into(), ..Default::default() }).await.unwrap(),
        0
    );

    // UserMessage reaches the recipient; unknown recipients get 0.
    let message =
        UserMessageRequest { user: alice, e164: "203".into(), msg: "lunch?".into(), ..Default::default() };
    let id = port.user_message(message).await.unwrap();
    assert!(id > 0);
    assert_eq!(control.messages()[0].to, "Carol");
    assert_eq!(
        port.user_message(UserMessageRequest { user: alice, e164: "999".into(), ..Default::default() })
            .await
            .unwrap(),
        0
    );

    // Signals on a connected call are recorded; UUI reaches the other leg.
    let a = port
        .user_call(UserCallRequest { user: alice, cn: "Bob".into(), ..Default::default() })
        .await
        .unwrap();
    let b = control.answer_at("Bob").unwrap();
    port.user_dtmf(a, false, "12#".into()).await.unwrap();
    port.user_uui(a, false, "order 7".into()).await.unwrap();
    port.user_info(UserInfoRequest {
        call: a,
        recv: true,
        cdpn: "1".into(),
        key: "k".into(),
        dsp: "hi".into(),
    })
    .await
    .unwrap();
    port.user_rc(a, 4).await.unwrap();
    port.user_ct_complete(b, "555".into(), "shop".into()).await.unwrap();
    let bob_leg = control.calls().into_iter().find(|c| c.info.call == b).unwrap().info;
    assert!(bob_leg.info.iter().any(|i| i.r#type == "uui" && i.vals == "order%207"));
    assert_eq!(bob_leg.no[0].e164, "555");
    let signals = control.signals();
    assert_eq!(signals.len(), 4, "{signals:?}");
    assert!(matches!(&signals[0], mock::Signal::Dtmf { call, digits, .. } if *call == a && digits == "12#"));

    // A consultation call to Carol, media-transferred, then transferred:
    // Bob and Carol talk, Alice is out.
    port.user_hold(a, false).await.unwrap();
    let c = port
        .user_call(UserCallRequest { user: alice, e164: "203".into(), ..Default::default() })
        .await
        .unwrap();
    let carol_leg = control.answer_at("Carol").unwrap();
    port.user_media_transfer(a, c, true, false).await.unwrap();
    assert!(matches!(
        control.signals().last(),
        Some(mock::Signal::MediaTransfer { user: true, peer: false, .. })
    ));
    port.user_transfer(a, c).await.unwrap();
    let left: Vec<(String, i32)> = control.calls().into_iter().map(|v| (v.owner, v.info.call)).collect();
    assert_eq!(left, [("Bob".to_owned(), b), ("Carol".to_owned(), carol_leg)]);
    let calls = port.calls(session.id(), "Bob".into()).await.unwrap();
    assert_eq!(calls[0].no.iter().find(|n| n.r#type == "peer").map(|n| n.cn.as_str()), Some("Carol"));

    // Redirect and reroute: Bob sends Carol on to Alice, Alice to nobody.
    assert!(
        port.user_redirect(UserRedirectRequest { call: b, cn: "Alice".into(), ..Default::default() })
            .await
            .unwrap()
    );
    let at_alice = control.answer_at("Alice").unwrap();
    assert!(
        !port
            .user_reroute(UserRerouteRequest { call: at_alice, e164: "999".into(), ..Default::default() })
            .await
            .unwrap()
    );

    // Park at Alice, pick up at Bob.
    let parked = port.user_park(at_alice, String::new(), -1).await.unwrap();
    assert!(parked > 0);
    let picked =
        port.user_pickup(UserPickupRequest { user: bob, call: parked, ..Default::default() }).await.unwrap();
    port.user_connect(picked).await.unwrap();
    assert_eq!(control.calls().iter().filter(|v| v.info.active).count(), 2);
    port.user_clear(picked, 0, Vec::new()).await.unwrap();
    assert!(control.calls().is_empty());

    // UserEnd frees the handle.
    port.user_end(carol).await.unwrap();
    assert!(matches!(port.user_end(carol).await, Err(Error::Fault(_))));
    session.end().await.unwrap();
}
