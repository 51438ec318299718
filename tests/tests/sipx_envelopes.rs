//! Every example request envelope of the sipXconfig vendor document,
//! reproduced by the generated client: each test calls the generated method
//! with the example's values against a recording server on 127.0.0.1 and
//! compares the envelope the server received with the fixture after XML
//! normalisation (prefixes and whitespace free; names, namespaces, order
//! and values exact). The fixtures under `fixtures/sipxconfig/requests/`
//! say in a header comment what was fixed in the document's example.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::SoapClient;
use pbx_soap::sipxconfig::*;
use pbx_soap_tests::fixtures::assert_request;
use pbx_soap_tests::http_stub::{Recorded, Reply, StubServer};

const NS: &str = "http://www.sipfoundry.org/2007/08/21/ConfigService";

/// Answers each operation as Axis would with nothing found: an empty list
/// for the find/get operations, an empty body for the others.
fn axis_reply(req: &Recorded) -> Reply {
    let body = req.body_text();
    let list = [
        ("FindUser>", "FindUserResponse", "users"),
        ("FindPhone>", "FindPhoneResponse", "phones"),
        ("FindPermission>", "FindPermissionResponse", "permissions"),
        // getCallGroups and getParkOrbits have no input: an empty Body.
        ("/CallGroupService", "GetCallGroupsResponse", "callGroups"),
        ("/ParkOrbitService", "GetParkOrbitsResponse", "parkOrbits"),
    ]
    .into_iter()
    .find(|(key, ..)| body.contains(key) || (req.path.ends_with(key) && !body.contains(":Add")));
    let content = match list {
        Some((_, wrapper, field)) => format!(r#"<{wrapper} xmlns="{NS}"><{field} xmlns=""/></{wrapper}>"#),
        None => String::new(),
    };
    Reply::xml(
        200,
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>{content}</soapenv:Body></soapenv:Envelope>"#
        ),
    )
}

struct Peer {
    server: StubServer,
    soap: SoapClient,
}

impl Peer {
    async fn start() -> Peer {
        let server = StubServer::start(axis_reply).await.unwrap();
        let soap = SoapClient::builder(server.url("/sipxconfig/services/UserService"))
            .basic_auth("superadmin", "1234")
            .build()
            .unwrap();
        Peer { server, soap }
    }

    fn service(&self, name: &str) -> SoapClient {
        self.soap.with_endpoint(&self.server.url(&format!("/sipxconfig/services/{name}"))).unwrap()
    }

    /// Asserts the last request equals the fixture `name` after normalisation.
    fn assert_sent(&self, name: &str) {
        let requests = self.server.requests();
        assert_request(requests.last().expect("no request reached the server"), "sipxconfig", name);
    }
}

fn s(v: &str) -> String {
    v.to_owned()
}

fn some(v: &str) -> Option<String> {
    Some(v.to_owned())
}

#[tokio::test]
async fn permission_service_examples() {
    let peer = Peer::start().await;
    let svc = PermissionService::new(peer.service("PermissionService"));
    svc.add_permission(Permission {
        name: s("Test3"),
        label: some("Test Three"),
        description: some("Third test permission"),
        default_value: Some(false),
        ..Default::default()
    })
    .await
    .unwrap();
    peer.assert_sent("add_permission");

    assert!(svc.find_permission(PermissionSearch::default()).await.unwrap().is_empty());
    peer.assert_sent("find_permission_all");

    svc.find_permission(PermissionSearch { by_label: some("Test Three"), ..Default::default() })
        .await
        .unwrap();
    peer.assert_sent("find_permission_by_label");
}

#[tokio::test]
async fn call_group_service_examples() {
    let peer = Peer::start().await;
    let svc = CallGroupService::new(peer.service("CallGroupService"));
    let ring = |expiration, kind: &str, position, user: &str| UserRing {
        expiration,
        r#type: s(kind),
        position,
        user_name: s(user),
    };
    svc.add_call_group(CallGroup {
        name: s("TestGroup2"),
        extension: some("556"),
        description: some("Sample SOAP created Hunt Group"),
        enabled: Some(true),
        rings: vec![
            ring(10, "delayed", 0, "212"),
            ring(10, "immediate", 1, "215"),
            ring(15, "immediate", 2, "211"),
            ring(15, "delayed", 3, "221"),
        ],
    })
    .await
    .unwrap();
    peer.assert_sent("add_call_group");

    assert!(svc.get_call_groups().await.unwrap().is_empty());
    peer.assert_sent("get_call_groups");
}

#[tokio::test]
async fn user_service_examples() {
    let peer = Peer::start().await;
    let svc = UserService::new(peer.service("UserService"));
    let permissions = [
        "FreeswitchVoicemailServer",
        "InternationalDialing",
        "LocalDialing",
        "LongDistanceDialing",
        "Mobile",
        "TollFree",
        "Voicemail",
        "music-on-hold",
        "perm_8",
        "personal-auto-attendant",
        "tui-change-pin",
    ];
    svc.add_user(AddUser {
        user: User {
            user_name: s("223"),
            last_name: some("Einstein"),
            first_name: some("Albert"),
            sip_password: some("4567"),
            email_address: some("albertE@yahoo.com"),
            groups: vec![s("Managers")],
            permissions: permissions.iter().map(|p| s(p)).collect(),
            branch_name: some("Berlin"),
            ..Default::default()
        },
        pin: s("1234"),
    })
    .await
    .unwrap();
    peer.assert_sent("add_user");

    let searches = [
        ("find_user_all", UserSearch::default()),
        ("find_user_by_group", UserSearch { by_group: some("Managers"), ..Default::default() }),
        ("find_user_by_name", UserSearch { by_user_name: some("223"), ..Default::default() }),
        ("find_user_fuzzy", UserSearch { by_fuzzy_user_name_or_alias: some("22"), ..Default::default() }),
    ];
    for (fixture, search) in searches {
        assert!(svc.find_user(search).await.unwrap().is_empty());
        peer.assert_sent(fixture);
    }

    let fuzzy = UserSearch { by_fuzzy_user_name_or_alias: some("22"), ..Default::default() };
    let by_name = UserSearch { by_user_name: some("211"), ..Default::default() };
    let managers = UserSearch { by_group: some("Managers"), ..Default::default() };
    let edit = |p: &str, v: &str| Property { property: s(p), value: some(v) };
    let manages = [
        (
            "manage_user_remove_group",
            ManageUser { search: fuzzy, remove_group: some("Managers"), ..Default::default() },
        ),
        (
            "manage_user_add_group",
            ManageUser { search: by_name.clone(), add_group: some("Managers"), ..Default::default() },
        ),
        (
            "manage_user_edit",
            ManageUser {
                search: managers,
                edit: vec![edit("lastName", "SuperDog"), edit("firstName", "I am")],
                ..Default::default()
            },
        ),
        (
            "manage_user_update_group",
            ManageUser { search: by_name, update_group: some("Berlin"), ..Default::default() },
        ),
    ];
    for (fixture, request) in manages {
        svc.manage_user(request).await.unwrap();
        peer.assert_sent(fixture);
    }
}

#[tokio::test]
async fn park_orbit_service_examples() {
    let peer = Peer::start().await;
    let svc = ParkOrbitService::new(peer.service("ParkOrbitService"));
    svc.add_park_orbit(ParkOrbit {
        name: s("ParkSales"),
        extension: some("46"),
        description: some("Sales calls park orbit"),
        enabled: Some(true),
        music: None,
    })
    .await
    .unwrap();
    peer.assert_sent("add_park_orbit");

    assert!(svc.get_park_orbits().await.unwrap().is_empty());
    peer.assert_sent("get_park_orbits");
}

#[tokio::test]
async fn phone_service_examples() {
    let peer = Peer::start().await;
    let svc = PhoneService::new(peer.service("PhoneService"));
    let line = Line { user_id: s("221"), uri: s("221@Uniteme.ezuce.com") };
    svc.add_phone(Phone {
        serial_number: s("000000000002"),
        model_id: s("polycom321"),
        description: some("SOAP added phone"),
        groups: vec![s("FirstPhoneGroup")],
        lines: vec![line.clone()],
        device_version: None,
    })
    .await
    .unwrap();
    peer.assert_sent("add_phone");

    let group = PhoneSearch { by_group: some("FirstPhoneGroup"), ..Default::default() };
    let searches = [
        ("find_phone_all", PhoneSearch::default()),
        ("find_phone_by_group", group.clone()),
        (
            "find_phone_by_serial",
            PhoneSearch { by_serial_number: some("000000000001"), ..Default::default() },
        ),
    ];
    for (fixture, search) in searches {
        assert!(svc.find_phone(search).await.unwrap().is_empty());
        peer.assert_sent(fixture);
    }

    let manages = [
        (
            "manage_phone_delete",
            ManagePhone { search: group.clone(), delete_phone: Some(true), ..Default::default() },
        ),
        (
            "manage_phone_add_line",
            ManagePhone {
                search: group.clone(),
                add_line: Some(line),
                generate_profiles: Some(true),
                restart: Some(true),
                ..Default::default()
            },
        ),
        (
            "manage_phone_remove_group",
            ManagePhone { search: group, remove_group: some("FirstPhoneGroup"), ..Default::default() },
        ),
    ];
    for (fixture, request) in manages {
        svc.manage_phone(request).await.unwrap();
        peer.assert_sent(fixture);
    }
}

#[tokio::test]
async fn test_service_example() {
    let peer = Peer::start().await;
    let svc = TestService::new(peer.service("TestService"));
    svc.reset_services(ResetServices {
        call_group: Some(true),
        park_orbit: Some(true),
        permission: Some(true),
        ..Default::default()
    })
    .await
    .unwrap();
    peer.assert_sent("reset_services");
}
