//! Items of one type handed over while a response is decoded instead of
//! kept in its lists: `Call::each` and `Answer::body_each` over HTTP (the
//! sipXconfig mock's document/literal list wrapper and repeated elements;
//! innovaphone's SOAP-encoded arrays, with and without multi-references,
//! from a stub serving the fixtures), and `rt::read_response_each` on the
//! bytes. What is handed over must be what a plain decode keeps, in the
//! same order; lists of other types are kept.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::mpsc;

use pbx_soap::innovaphone::{AnyInfo, Group, Info, PbxPort, UserInfo};
use pbx_soap::mock::sipxconfig::{MockPbx, SUPERADMIN, SUPERADMIN_PIN};
use pbx_soap::rt::{DecodeErrorKind, DecodeOptions, Error, Name, Operation, SoapClient, SoapVersion};
use pbx_soap::sipxconfig::{AddUser, FindUserResponse, User, UserSearch, UserService};
use pbx_soap_tests::http_stub::{Reply, StubServer};

fn inno(name: &str) -> String {
    pbx_soap_tests::fixtures::read("innovaphone", "responses", name)
}

async fn poll_port(body: String) -> (StubServer, PbxPort) {
    let server = StubServer::start(move |_| Reply::xml(200, body.clone())).await.unwrap();
    let port = PbxPort::new(SoapClient::new(server.url("/PBX0/user.soap")).unwrap());
    (server, port)
}

/// Runs `call` with a sender for the items and returns the output and the
/// items in the order they came.
async fn collected<T, Item>(
    call: impl FnOnce(mpsc::Sender<Item>) -> pbx_soap::rt::Call<T>,
) -> (Result<T, Error>, Vec<Item>) {
    let (tx, rx) = mpsc::channel();
    let out = call(tx).await;
    (out, rx.try_iter().collect())
}

#[tokio::test]
async fn poll_hands_over_each_user_and_keeps_the_other_lists() {
    for fixture in ["poll_users", "poll_multiref"] {
        let (_server, port) = poll_port(inno(fixture)).await;
        let whole: AnyInfo = port.poll(17).await.unwrap();
        assert!(!whole.user.is_empty(), "{fixture}");
        let (rest, users) = collected(|tx| port.poll(17).each(move |u: UserInfo| tx.send(u).unwrap())).await;
        let rest = rest.unwrap();
        assert_eq!(users, whole.user, "{fixture}");
        assert_eq!(rest, AnyInfo { user: vec![], ..whole.clone() }, "{fixture}");

        // A list type nested in each user: every user's groups (or infos)
        // in document order, the users kept without them.
        let (rest, groups) = collected(|tx| port.poll(17).each(move |g: Group| tx.send(g).unwrap())).await;
        let rest = rest.unwrap();
        let all_groups: Vec<Group> = whole.user.iter().flat_map(|u| u.groups.clone()).collect();
        assert_eq!(groups, all_groups, "{fixture}");
        let bare: Vec<UserInfo> =
            whole.user.iter().map(|u| UserInfo { groups: vec![], ..u.clone() }).collect();
        assert_eq!(rest.user, bare, "{fixture}");
        // Users' and calls' infos (`poll_multiref` references one array
        // from both: it is handed over twice, as it is kept twice).
        let (rest, infos) = collected(|tx| port.poll(17).each(move |i: Info| tx.send(i).unwrap())).await;
        let users_infos = whole.user.iter().flat_map(|u| u.info.clone());
        let all_infos: Vec<Info> =
            users_infos.chain(whole.call.iter().flat_map(|c| c.info.clone())).collect();
        assert_eq!(infos, all_infos, "{fixture}");
        let rest = rest.unwrap();
        assert!(rest.user.iter().all(|u| u.info.is_empty()), "{fixture}");
        assert!(rest.call.iter().all(|c| c.info.is_empty()), "{fixture}");
    }
}

#[tokio::test]
async fn a_type_the_answer_does_not_hold_changes_nothing() {
    let (_server, port) = poll_port(inno("poll_users")).await;
    let whole = port.poll(17).await.unwrap();
    let (rest, none) = collected(|tx| port.poll(17).each(move |u: User| tx.send(u).unwrap())).await;
    assert_eq!(rest.unwrap(), whole);
    assert!(none.is_empty());
}

#[tokio::test]
async fn an_item_that_does_not_decode_fails_the_call_after_those_before() {
    let body = inno("poll_users").replacen(
        r#"<channel xsi:type="xsd:int">2</channel>"#,
        r#"<channel xsi:type="xsd:int">two</channel>"#,
        1,
    );
    let (_server, port) = poll_port(body).await;
    let (rest, users) = collected(|tx| port.poll(17).each(move |u: UserInfo| tx.send(u).unwrap())).await;
    let Err(Error::Decode { source, .. }) = rest else { panic!("{rest:?}") };
    assert!(matches!(source.kind, DecodeErrorKind::InvalidValue { expected: "int", .. }), "{source}");
    // The path names the item by its place in the list, counted as kept.
    assert_eq!(source.path.last().map(String::as_str), Some("channel"));
    assert!(source.path.iter().any(|p| p == "item[1]"), "{:?}", source.path);
    assert_eq!(users.len(), 1);
}

async fn sipxconfig_with_users() -> (MockPbx, UserService) {
    let pbx = MockPbx::start().await.unwrap();
    let soap =
        SoapClient::builder(pbx.url("UserService")).basic_auth(SUPERADMIN, SUPERADMIN_PIN).build().unwrap();
    let users = UserService::new(soap);
    for (name, aliases, groups) in [
        ("301", vec!["a301"], vec!["Night"]),
        ("302", vec![], vec!["Day", "Sales"]),
        ("303", vec!["x", "y"], vec![]),
    ] {
        let user = User {
            user_name: name.into(),
            aliases: aliases.into_iter().map(str::to_owned).collect(),
            groups: groups.into_iter().map(str::to_owned).collect(),
            permissions: vec!["Voicemail".into()],
            ..Default::default()
        };
        users.add_user(AddUser { user, pin: "1234".into() }).await.unwrap();
    }
    (pbx, users)
}

#[tokio::test]
async fn find_user_hands_over_users_and_strings_borrowing_from_the_caller() {
    let (_pbx, users) = sipxconfig_with_users().await;
    let whole = users.find_user(UserSearch::default()).await.unwrap();
    assert!(whole.len() >= 3);

    // A list wrapper's items, through `Call::each` (spawned: the call is
    // `Send + 'static` with its closure).
    let (tx, rx) = mpsc::channel();
    let call = users.find_user(UserSearch::default()).each(move |u: User| tx.send(u).unwrap());
    let rest = tokio::spawn(call).await.unwrap().unwrap();
    assert!(rest.is_empty());
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), whole);

    // Repeated elements' items, to a closure that borrows: every string of
    // every user's aliases, groups and permissions, in document order.
    let mut texts: Vec<String> = Vec::new();
    let answer = users.find_user(UserSearch::default()).answer().await.unwrap();
    assert_eq!(answer.status(), 200);
    let rest = answer.body_each::<FindUserResponse, String>(|t| texts.push(t)).unwrap();
    let expected: Vec<String> =
        whole.iter().flat_map(|u| [&u.aliases, &u.groups, &u.permissions]).flatten().cloned().collect();
    assert_eq!(texts, expected);
    let bare: Vec<User> = whole
        .iter()
        .map(|u| User { aliases: vec![], groups: vec![], permissions: vec![], ..u.clone() })
        .collect();
    assert_eq!(rest.users, bare);
}

const FIND_USER: Operation = Operation {
    name: "findUser",
    soap_action: "",
    input: None,
    output: Some(Name::qualified("http://www.sipfoundry.org/2007/08/21/ConfigService", "FindUserResponse")),
    encoded: false,
    version: SoapVersion::Soap11,
};

fn find_user_each(body: &str) -> (Result<FindUserResponse, Error>, Vec<String>) {
    let mut texts = Vec::new();
    let out = pbx_soap::rt::read_response_each::<FindUserResponse, String>(
        body.as_bytes(),
        &FIND_USER,
        &DecodeOptions::default(),
        |t| texts.push(t),
    );
    (out, texts)
}

#[test]
fn nil_items_among_handed_ones_are_judged_as_in_a_kept_list() {
    let axis = pbx_soap_tests::fixtures::read("sipxconfig", "responses", "axis_find_user");
    let (out, texts) = find_user_each(&axis);
    let whole: FindUserResponse =
        pbx_soap::rt::read_response(axis.as_bytes(), &FIND_USER, &DecodeOptions::default()).unwrap();
    let expected: Vec<String> =
        whole.users.iter().flat_map(|u| [&u.aliases, &u.groups, &u.permissions]).flatten().cloned().collect();
    assert_eq!(texts, expected);
    assert_eq!(out.unwrap().users.len(), whole.users.len());

    // A nil after an item is a nil item (refused by default), named by its
    // place in the list; a nil alone is a null list, as when kept.
    let after = axis.replacen("<aliases>1223</aliases>", "<aliases xsi:nil=\"true\"/>", 1);
    let (out, _) = find_user_each(&after);
    let Err(Error::Decode { source, .. }) = out else { panic!("{out:?}") };
    assert_eq!(source.kind, DecodeErrorKind::NilItem);
    assert!(source.path.iter().any(|p| p == "aliases[1]"), "{:?}", source.path);
    let alone = axis.replacen("<aliases>200</aliases>", "<aliases xsi:nil=\"true\"/>", 1);
    let (out, texts) = find_user_each(&alone);
    assert!(out.is_ok(), "{out:?}");
    assert!(!texts.contains(&"200".to_owned()));
    // Each user's aliases counted on their own: a lone nil in the next
    // user's is a null list again, whatever the user before held.
    let item = |aliases: &str| {
        format!(
            "<item><userName>u</userName><pintoken xsi:nil=\"true\"/><lastName xsi:nil=\"true\"/><firstName xsi:nil=\"true\"/><sipPassword xsi:nil=\"true\"/>{aliases}<emailAddress xsi:nil=\"true\"/><branchName xsi:nil=\"true\"/></item>"
        )
    };
    let start = axis.find("<item>").unwrap();
    let end = axis.rfind("</item>").unwrap() + "</item>".len();
    let two = format!(
        "{}{}{}{}",
        &axis[..start],
        item("<aliases>a</aliases><aliases>b</aliases>"),
        item("<aliases xsi:nil=\"true\"/>"),
        &axis[end..]
    );
    let (out, texts) = find_user_each(&two);
    assert_eq!(out.map(|r| r.users.len()).map_err(|e| e.to_string()), Ok(2));
    assert_eq!(texts, ["a", "b"]);
}

#[test]
fn a_repeated_element_read_by_position_counts_its_handed_items() {
    use pbx_soap_tests::xsd::repeated_names::{Route, StoreResponse};
    const NS: &str = "urn:pbx-soap:test:repeated-names";
    let each = |route: &str| {
        let body = format!(r#"<StoreResponse xmlns="{NS}"><route>{route}</route></StoreResponse>"#);
        decode_each::<StoreResponse, String>(Name::qualified(NS, "StoreResponse"), &body)
    };
    // `a, b, a+`: the second `a`s are the list; the first is a field.
    let (out, texts) = each("<a>first</a><b>2</b><a>second</a><a>third</a>");
    assert_eq!(out.unwrap().route, Route { a: "first".into(), b: 2, a2: vec![] });
    assert_eq!(texts, ["second", "third"]);
    // Its minimum (one) counts what was handed over: none is still too few.
    let (out, _) = each("<a>first</a><b>2</b>");
    assert_eq!(too_few(out), DecodeErrorKind::TooFew { name: "a", min: 1, found: 0 });
}

/// `body` in an envelope, decoded as `T` (the body element `element`) with
/// the items of type `Item` handed over.
fn decode_each<T: pbx_soap::rt::FromXml, Item: 'static>(
    element: Name,
    body: &str,
) -> (Result<T, Error>, Vec<Item>) {
    let envelope = format!(
        r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><e:Body>{body}</e:Body></e:Envelope>"#
    );
    let op = Operation { name: "Any", output: Some(element), ..FIND_USER };
    let mut items = Vec::new();
    let out = pbx_soap::rt::read_response_each(envelope.as_bytes(), &op, &DecodeOptions::default(), |item| {
        items.push(item);
    });
    (out, items)
}

fn too_few<T: std::fmt::Debug>(out: Result<T, Error>) -> DecodeErrorKind {
    match out {
        Err(Error::Decode { source, .. }) => source.kind.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn minimum_counts_of_lists_read_by_name_count_the_items_handed_over() {
    use pbx_soap_tests::xsd::polymorphism::*;
    const NS: &str = "urn:pbx-soap:test:polymorphism";
    let inventory = Name::qualified(NS, "Inventory");
    let devices = r#"<p:device i:type="p:Phone"><p:name>desk</p:name><p:lines>2</p:lines></p:device>
        <p:device i:type="p:Gateway"><p:name>gw</p:name><p:ports>30</p:ports></p:device>"#;
    let conditions = r#"<p:and><p:isEqual><p:field>model</p:field><p:value>7960</p:value></p:isEqual>
        <p:or><p:contains><p:field>name</p:field><p:value>a</p:value></p:contains>
        <p:contains><p:field>name</p:field><p:value>b</p:value></p:contains></p:or></p:and>"#;
    let body = |devices: &str, conditions: &str| {
        format!(r#"<p:Inventory xmlns:p="{NS}">{devices}{conditions}</p:Inventory>"#)
    };

    // Repeated elements (`device`, at least one).
    let (out, handed) = decode_each::<Inventory, AnyDevice>(inventory, &body(devices, conditions));
    let whole: Inventory = decode_each::<Inventory, ()>(inventory, &body(devices, conditions)).0.unwrap();
    assert_eq!(handed, whole.device);
    assert_eq!(out.unwrap(), Inventory { device: vec![], ..whole.clone() });
    let none = body("", conditions);
    let expected = DecodeErrorKind::TooFew { name: "device", min: 1, found: 0 };
    assert_eq!(too_few(decode_each::<Inventory, AnyDevice>(inventory, &none).0), expected);
    assert_eq!(too_few(decode_each::<Inventory, ()>(inventory, &none).0), expected);

    // A repeated choice (a group's conditions, at least one), nested: each
    // condition is handed over once decoded, inner ones first, and every
    // group is counted on its own.
    let (out, handed) = decode_each::<Inventory, AnyCondition>(inventory, &body(devices, conditions));
    let compare =
        |field: &str, value: &str| Box::new(Comparison { field: field.into(), value: value.into() });
    assert_eq!(
        handed,
        [
            AnyCondition::IsEqual(compare("model", "7960")),
            AnyCondition::Contains(compare("name", "a")),
            AnyCondition::Contains(compare("name", "b")),
            AnyCondition::Or(Box::new(Group { condition: vec![] })),
        ]
    );
    assert_eq!(out.unwrap().condition, Some(AnyCondition::And(Box::new(Group { condition: vec![] }))));
    let empty_or = body(
        devices,
        r#"<p:and><p:isEqual><p:field>f</p:field><p:value>v</p:value></p:isEqual><p:or></p:or></p:and>"#,
    );
    let expected = DecodeErrorKind::TooFew { name: "isEqual|contains|and|or", min: 1, found: 0 };
    assert_eq!(too_few(decode_each::<Inventory, AnyCondition>(inventory, &empty_or).0), expected);
    assert_eq!(too_few(decode_each::<Inventory, ()>(inventory, &empty_or).0), expected);
    let empty_and = body(devices, "<p:and/>");
    assert_eq!(too_few(decode_each::<Inventory, AnyCondition>(inventory, &empty_and).0), expected);
}
