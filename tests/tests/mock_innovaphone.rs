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
