//! The model on its own, without HTTP: sessions, events, call flows.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use super::ops::Caller;
use super::*;
use crate::innovaphone::*;

struct Pbx {
    shared: Arc<Shared>,
    control: Control,
}

fn pbx(builder: MockPbxBuilder) -> Pbx {
    let (shared, _) = builder.poll_hold(Duration::from_millis(20)).shared().unwrap();
    let shared = Arc::new(shared);
    Pbx { control: Control { shared: shared.clone() }, shared }
}

fn office() -> Pbx {
    pbx(MockPbxBuilder::default()
        .user(UserSpec::new("Alice", "201").password("a").group(API_GROUP, false))
        .user(UserSpec::new("Bob", "202").group(API_GROUP, false))
        .user(UserSpec::new("Carol", "203").group(API_GROUP, false))
        .user(UserSpec::new("Outsider", "300")))
}

fn api() -> Caller {
    Caller { login: Some(API_USER.to_owned()) }
}

fn init(shared: &Shared) -> i32 {
    let req = InitializeRequest {
        user: API_USER.into(),
        appl: "test".into(),
        v: true,
        v501: true,
        v700: true,
        v800: true,
        vx1000: true,
    };
    let r = shared.initialize(req, &api());
    assert!(r.r#return > 0);
    r.r#return
}

/// Polls until the queue is empty, returning (kind, cn or state) per event.
async fn drain(shared: &Shared, session: i32) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        let a = shared.poll(PollRequest { session }).await.unwrap().r#return;
        if a.user.is_empty() && a.call.is_empty() {
            return out;
        }
        for u in a.user {
            out.push(format!(
                "user {} active={} state={} ch={} al={}",
                u.cn, u.active, u.state, u.channel, u.alert
            ));
        }
        for c in a.call {
            out.push(format!("call {} {:#x} {} active={}", c.call, c.state, c.msg, c.active));
        }
    }
}

fn user_init(shared: &Shared, session: i32, cn: &str) -> i32 {
    let r = shared.user_initialize(UserInitializeRequest {
        session,
        user: cn.into(),
        xfer: false,
        disc: false,
        hw: String::new(),
    });
    r.r#return
}

#[tokio::test]
async fn initialize_refuses_unknown_users_missing_flags_and_foreign_logins() {
    let p = office();
    let mut req = InitializeRequest {
        user: "Nobody".into(),
        appl: "t".into(),
        v: true,
        v501: true,
        v700: true,
        v800: true,
        vx1000: true,
    };
    assert_eq!(p.shared.initialize(req.clone(), &api()).r#return, 0);
    req.user = API_USER.into();
    req.v800 = false;
    assert_eq!(p.shared.initialize(req.clone(), &api()).r#return, 0);
    req.v800 = true;
    let alice = Caller { login: Some("Alice".into()) };
    assert_eq!(p.shared.initialize(req.clone(), &alice).r#return, 0);
    let admin = Caller { login: Some(ADMIN_USER.into()) };
    let r = p.shared.initialize(req, &admin);
    assert!(r.r#return > 0);
    assert_eq!(p.shared.echo(EchoRequest { session: r.r#return, key: r.key }).r#return, 1);
    assert_eq!(p.shared.echo(EchoRequest { session: r.r#return, key: r.key ^ 1 }).r#return, 0);
}

#[tokio::test]
async fn the_initial_list_comes_in_parts_and_ends_with_an_empty_cn() {
    let p = pbx(MockPbxBuilder::default()
        .poll_batch(2)
        .user(UserSpec::new("Bob", "202").group(API_GROUP, false)));
    p.control.add_user(UserSpec::new("Alice", "201").group(API_GROUP, false)).unwrap();
    let s = init(&p.shared);
    let first = p.shared.poll(PollRequest { session: s }).await.unwrap().r#return;
    assert_eq!(first.user.iter().map(|u| u.cn.as_str()).collect::<Vec<_>>(), ["API", "Alice"]);
    let second = p.shared.poll(PollRequest { session: s }).await.unwrap().r#return;
    assert_eq!(second.user.iter().map(|u| u.cn.as_str()).collect::<Vec<_>>(), ["Bob", ""]);
    assert!(!second.user[1].active);
    assert_eq!(drain(&p.shared, s).await, Vec::<String>::new());
    // Later changes: a registration, a new member, one leaving the scope.
    p.control.register("Bob").unwrap();
    p.control.add_user(UserSpec::new("Dan", "204").group(API_GROUP, false)).unwrap();
    p.control.set_group("Alice", API_GROUP, None).unwrap();
    assert_eq!(
        drain(&p.shared, s).await,
        [
            "user Bob active=true state=1 ch=0 al=0",
            "user Dan active=true state=0 ch=0 al=0",
            "user Alice active=false state=0 ch=0 al=0",
        ]
    );
}

#[tokio::test]
async fn a_call_rings_is_answered_held_retrieved_and_cleared() {
    let p = office();
    let s = init(&p.shared);
    let alice = user_init(&p.shared, s, "Alice");
    let bob = user_init(&p.shared, s, "Bob");
    assert!(alice > 0 && bob > 0);
    assert_eq!(user_init(&p.shared, s, "Outsider"), 0, "not in API's scope");
    drain(&p.shared, s).await;
    p.control.register("Alice").unwrap();
    p.control.register("Bob").unwrap();
    let call = p
        .shared
        .user_call(UserCallRequest { user: alice, e164: "202".into(), ..Default::default() })
        .unwrap()
        .r#return;
    assert!(call > 0);
    let bob_leg = p.control.answer_at("Bob").unwrap();
    p.shared.user_hold(UserHoldRequest { call, remote: false }).unwrap();
    p.shared.user_retrieve(UserRetrieveRequest { call }).unwrap();
    p.shared.user_clear(UserClearRequest { call, cause: 0, info: vec![] }).unwrap();
    let events = drain(&p.shared, s).await;
    let (a, b) = (call, bob_leg);
    let expected = [
        "user Alice active=true state=1 ch=0 al=0".to_owned(),
        "user Bob active=true state=1 ch=0 al=0".to_owned(),
        format!("call {a} 0x1 r-setup active=true"),
        "user Alice active=true state=1 ch=1 al=0".to_owned(),
        format!("call {a} 0x3 x-call-proc active=true"),
        format!("call {b} 0x81 x-setup active=true"),
        "user Bob active=true state=1 ch=1 al=0".to_owned(),
        format!("call {b} 0x84 r-alert active=true"),
        "user Bob active=true state=1 ch=1 al=1".to_owned(),
        format!("call {a} 0x4 x-alert active=true"),
        format!("call {b} 0x85 r-conn active=true"),
        "user Bob active=true state=1 ch=1 al=0".to_owned(),
        format!("call {a} 0x5 x-conn active=true"),
        format!("call {a} 0x105 r-hold active=true"),
        format!("call {b} 0x285 x-hold active=true"),
        format!("call {a} 0x5 r-retrieve active=true"),
        format!("call {b} 0x85 x-retrieve active=true"),
        format!("call {a} 0x6 x-disc active=true"),
        format!("call {a} 0x6 r-rel active=false"),
        "user Alice active=true state=1 ch=0 al=0".to_owned(),
        format!("call {b} 0x86 x-disc active=true"),
        format!("call {b} 0x86 r-rel active=false"),
        "user Bob active=true state=1 ch=0 al=0".to_owned(),
    ];
    assert_eq!(events, expected);
    assert!(p.control.calls().is_empty());
}

#[tokio::test]
async fn call_control_on_unknown_or_unfit_calls_is_a_clear_refusal() {
    let p = office();
    let s = init(&p.shared);
    let alice = user_init(&p.shared, s, "Alice");
    let err = p.shared.user_hold(UserHoldRequest { call: 4711, remote: false }).unwrap_err();
    assert!(err.message().contains("no call 4711"), "{err}");
    // Alice has no registered device: UserCall answers 0, as the PBX does.
    let r = p
        .shared
        .user_call(UserCallRequest { user: alice, e164: "202".into(), ..Default::default() })
        .unwrap();
    assert_eq!(r.r#return, 0);
    p.control.register("Alice").unwrap();
    let call = p.shared.user_call(UserCallRequest { user: alice, e164: "202".into(), ..Default::default() });
    // Bob is not registered: the call is cleared with cause 20.
    let call = call.unwrap().r#return;
    assert!(p.control.calls().is_empty());
    let err = p.shared.user_hold(UserHoldRequest { call, remote: false }).unwrap_err();
    assert!(err.message().contains("no call"), "{err}");
    assert!(p.shared.user_call(UserCallRequest { user: 99, ..Default::default() }).is_err());
    assert!(p.control.answer_at("Bob").is_err());
}

#[tokio::test]
async fn transfer_connects_the_two_other_parties() {
    let p = office();
    let s = init(&p.shared);
    let alice = user_init(&p.shared, s, "Alice");
    for cn in ["Alice", "Bob", "Carol"] {
        p.control.register(cn).unwrap();
    }
    let incoming = p.control.offer_call("07031555", "Customer", "Alice").unwrap();
    p.shared.user_connect(UserConnectRequest { call: incoming }).unwrap();
    p.shared.user_hold(UserHoldRequest { call: incoming, remote: false }).unwrap();
    let consult = p
        .shared
        .user_call(UserCallRequest { user: alice, cn: "Carol".into(), ..Default::default() })
        .unwrap()
        .r#return;
    let carol = p.control.answer_at("Carol").unwrap();
    p.shared.user_transfer(UserTransferRequest { a: incoming, b: consult }).unwrap();
    let calls = p.control.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let leg = &calls[0];
    assert_eq!((leg.owner.as_str(), leg.info.call), ("Carol", carol));
    let peer = leg.info.no.iter().find(|n| n.r#type == "peer").unwrap();
    assert_eq!(peer.e164, "07031555");
    assert!(leg.info.no.iter().any(|n| n.r#type == "ct" && n.cn == "Alice"));
    // The customer hangs up: Carol's phone is told.
    p.control.remote_hang_up(carol).unwrap();
    assert!(p.control.calls().is_empty());
    assert!(p.shared.user_transfer(UserTransferRequest { a: incoming, b: consult }).is_err());
}

#[tokio::test]
async fn park_and_pickup_move_the_caller() {
    let p = office();
    let s = init(&p.shared);
    let bob = user_init(&p.shared, s, "Bob");
    for cn in ["Alice", "Bob"] {
        p.control.register(cn).unwrap();
    }
    let call = p.control.offer_call("0711", "", "Alice").unwrap();
    p.control.answer(call).unwrap();
    // Alice is not watched: any leg works through its handle.
    let parked =
        p.shared.user_park(UserParkRequest { call, cn: String::new(), position: -1 }).unwrap().r#return;
    let views = p.control.calls();
    assert_eq!(views.len(), 1);
    assert_eq!((views[0].info.state & 0xF, views[0].hw.as_str()), (8, "park-0"));
    let picked = p
        .shared
        .user_pickup(UserPickupRequest { user: bob, call: parked, ..Default::default() })
        .unwrap()
        .r#return;
    p.control.answer(picked).unwrap();
    let views = p.control.calls();
    assert_eq!((views.len(), views[0].owner.as_str(), views[0].info.state), (1, "Bob", 0x85));
    assert!(views[0].info.no.iter().any(|n| n.r#type == "ct" && n.cn == "Alice"));
}

#[tokio::test]
async fn find_user_pages_twenty_at_a_time_and_refuses_huge_counts() {
    let mut b = MockPbxBuilder::default();
    for i in 0..45 {
        b = b.user(UserSpec::new(format!("user{i:02}"), format!("{}", 1000 + i)));
    }
    let p = pbx(b);
    let page = |cn: &str, next: i32, count: i32| {
        p.shared.find_user(FindUserRequest {
            v501: "1".into(),
            v700: "1".into(),
            v800: "1".into(),
            vx1000: "1".into(),
            cn: cn.into(),
            count,
            next,
            ..Default::default()
        })
    };
    let first = page("", 0, 20).unwrap().r#return;
    assert_eq!((first.len(), first[0].cn.as_str()), (20, "API"));
    let second = page(&first[19].cn, 1, 20).unwrap().r#return;
    assert_eq!(second[0].cn, "user19");
    let err = page("", 0, 500).unwrap_err();
    assert!(err.message().contains("count 500"), "{err}");
    let err = p.shared.find_user(FindUserRequest { count: 1, ..Default::default() }).unwrap_err();
    assert!(err.message().contains("v501"), "{err}");
}

#[tokio::test]
async fn idle_sessions_end_but_a_pending_poll_keeps_one_alive() {
    let builder = MockPbxBuilder::default()
        .session_idle(Duration::from_millis(50))
        .poll_hold(Duration::from_millis(300));
    let shared = Arc::new(builder.shared().unwrap().0);
    let control = Control { shared: shared.clone() };
    let idle = init(&shared);
    let kept = init(&shared);
    drain_initial(&shared, kept);
    let poller = tokio::spawn({
        let shared = shared.clone();
        async move { shared.poll(PollRequest { session: kept }).await }
    });
    tokio::time::sleep(Duration::from_millis(120)).await;
    let open: Vec<i32> = control.sessions().into_iter().map(|v| v.id).collect();
    assert_eq!(open, [kept]);
    assert_eq!(control.ended_sessions(), [idle]);
    let answer = poller.await.unwrap().unwrap();
    assert_eq!(answer.r#return, AnyInfo::default());
    let err = shared.poll(PollRequest { session: idle }).await.unwrap_err();
    assert!(err.message().contains("no session"), "{err}");
}

/// Takes the initial user list off the queue without waiting.
fn drain_initial(shared: &Shared, session: i32) {
    shared.lock().sessions.get_mut(&session).unwrap().queue.clear();
}

#[tokio::test]
async fn phones_dial_inside_and_out_and_wrong_numbers_are_cleared() {
    let p = office();
    for cn in ["Alice", "Bob"] {
        p.control.register(cn).unwrap();
    }
    let out = p.control.dial("Bob", "0711555").unwrap();
    p.control.remote_answer(out).unwrap();
    let view = p.control.calls().into_iter().find(|c| c.info.call == out).unwrap();
    assert_eq!((view.info.state, view.info.no[0].e164.as_str()), (0x5, "0711555"));
    p.control.hang_up(out).unwrap();
    let inside = p.control.dial("Alice", "Bob").unwrap();
    assert_eq!(p.control.calls().len(), 2, "both legs ring");
    p.control.hang_up(inside).unwrap();
    assert!(p.control.calls().is_empty());
    let wrong = p.control.dial("Alice", "999").unwrap();
    assert!(p.control.calls().iter().all(|c| c.info.call != wrong), "cleared at once (cause 1)");
    assert!(p.control.dial("Carol", "201").is_err(), "Carol's phone is not registered");
}

#[tokio::test]
async fn disc_keeps_a_cleared_call_until_the_phone_goes_on_hook_and_xfer_reports_transfers() {
    let p = office();
    let s = init(&p.shared);
    for cn in ["Alice", "Bob", "Carol"] {
        p.control.register(cn).unwrap();
    }
    let bob = p
        .shared
        .user_initialize(UserInitializeRequest {
            session: s,
            user: "Bob".into(),
            xfer: false,
            disc: true,
            hw: String::new(),
        })
        .r#return;
    let alice = p
        .shared
        .user_initialize(UserInitializeRequest {
            session: s,
            user: "Alice".into(),
            xfer: true,
            disc: false,
            hw: String::new(),
        })
        .r#return;
    assert!(bob > 0 && alice > 0);
    let a = p
        .shared
        .user_call(UserCallRequest { user: alice, cn: "Bob".into(), ..Default::default() })
        .unwrap()
        .r#return;
    let b = p.control.answer_at("Bob").unwrap();
    p.shared.user_clear(UserClearRequest { call: a, cause: 0, info: vec![] }).unwrap();
    let left = p.control.calls();
    assert_eq!((left.len(), left[0].info.call, left[0].info.state, left[0].info.active), (1, b, 0x86, true));
    p.control.hang_up(b).unwrap();
    assert!(p.control.calls().is_empty());
    drain(&p.shared, s).await;

    // Alice transfers Carol to Bob; with xfer her legs say where they went.
    let c = p
        .shared
        .user_call(UserCallRequest { user: alice, cn: "Carol".into(), ..Default::default() })
        .unwrap()
        .r#return;
    p.control.answer_at("Carol").unwrap();
    let d = p
        .shared
        .user_call(UserCallRequest { user: alice, cn: "Bob".into(), ..Default::default() })
        .unwrap()
        .r#return;
    p.control.answer_at("Bob").unwrap();
    p.shared.user_transfer(UserTransferRequest { a: c, b: d }).unwrap();
    let mut calls = Vec::new();
    loop {
        let answer = p.shared.poll(PollRequest { session: s }).await.unwrap().r#return;
        if answer == AnyInfo::default() {
            break;
        }
        calls.extend(answer.call);
    }
    let xfer: Vec<(i32, String)> = calls
        .iter()
        .filter_map(|i| i.no.iter().find(|n| n.r#type == "xfer").map(|n| (i.call, n.cn.clone())))
        .collect();
    assert!(xfer.contains(&(c, "Bob".to_owned())) && xfer.contains(&(d, "Carol".to_owned())), "{xfer:?}");
}

#[tokio::test]
async fn a_scenario_that_waits_in_vain_gives_up_with_the_reason() {
    let p = office();
    let scenario =
        Scenario { patience: Duration::from_millis(50), ..Scenario::new() }.register("Bob").answer_at("Bob");
    let err = p.control.play(scenario).await.unwrap().unwrap_err();
    assert!(err.message().contains("nothing rang at \"Bob\""), "{err}");
    assert_eq!(p.control.user("Bob").unwrap().state, 1, "the steps before ran");
}
