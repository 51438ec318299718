//! sipXconfig responses, written as Apache Axis 1.4 sends them (unqualified
//! children under a default-namespaced wrapper, `xmlns=""` resets,
//! `xsi:nil`, arrays as `item` elements), decoded by the generated types to
//! the full expected values; a fault decodes to the typed fault; broken
//! variants of the same responses are errors naming the element path.
//!
//! The fixtures are under `fixtures/sipxconfig/responses/`. Decoding goes
//! through the generated client and a server on 127.0.0.1, so the operation
//! descriptions the generated methods carry are exercised too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{DecodeErrorKind, Error, SoapClient, UnknownElements};
use pbx_soap::sipxconfig::*;
use pbx_soap_tests::http_stub::{Reply, StubServer};

fn fixture(name: &str) -> String {
    pbx_soap_tests::fixtures::read("sipxconfig", "responses", name)
}

/// A server that answers every request with `body` (status 200, or 500 for
/// a fault, as Axis does), and a client for it.
async fn serve(body: String, unknown: UnknownElements) -> (StubServer, SoapClient) {
    let status = if body.contains("Fault>") { 500 } else { 200 };
    let server = StubServer::start(move |_| Reply::xml(status, body.clone())).await.unwrap();
    let client = SoapClient::builder(server.url("/sipxconfig/services/Service"))
        .unknown_elements(unknown)
        .build()
        .unwrap();
    (server, client)
}

async fn users(body: String) -> Result<Vec<User>, Error> {
    let (_server, client) = serve(body, UnknownElements::Error).await;
    UserService::new(client).find_user(UserSearch::default()).await
}

fn s(v: &str) -> String {
    v.to_owned()
}

fn some(v: &str) -> Option<String> {
    Some(v.to_owned())
}

#[tokio::test]
async fn find_user_decodes_every_field() {
    let got = users(fixture("find_user")).await.unwrap();
    let expected = vec![
        User {
            user_name: s("223"),
            pintoken: some("8e0f9b2a1c7d4e5f"),
            last_name: some("Einstein"),
            first_name: some("Albert"),
            sip_password: some("4567"),
            aliases: vec![s("albert"), s("1223")],
            email_address: some("albertE@yahoo.com"),
            groups: vec![s("Managers")],
            permissions: vec![s("LocalDialing"), s("Voicemail")],
            branch_name: some("Berlin"),
        },
        User {
            user_name: s("224"),
            pintoken: None,
            last_name: some("Müller & Söhne"),
            first_name: None,
            sip_password: None,
            aliases: vec![],
            email_address: None,
            groups: vec![],
            permissions: vec![],
            branch_name: None,
        },
    ];
    assert_eq!(got, expected);
}

#[tokio::test]
async fn find_phone_decodes_lines_and_groups() {
    let (_server, client) = serve(fixture("find_phone"), UnknownElements::Error).await;
    let got = PhoneService::new(client).find_phone(PhoneSearch::default()).await.unwrap();
    let line = |id: &str| Line { user_id: s(id), uri: format!("{id}@Uniteme.ezuce.com") };
    let expected = vec![
        Phone {
            serial_number: s("000000000002"),
            model_id: s("polycom321"),
            description: some("SOAP added phone"),
            groups: vec![s("FirstPhoneGroup")],
            lines: vec![line("221"), line("222")],
            device_version: some("polycom3.2.X"),
        },
        Phone {
            serial_number: s("000000000001"),
            model_id: s("polycom601"),
            description: None,
            groups: vec![],
            lines: vec![],
            device_version: None,
        },
    ];
    assert_eq!(got, expected);
}

#[tokio::test]
async fn find_permission_decodes_booleans_and_nils() {
    let (_server, client) = serve(fixture("find_permission"), UnknownElements::Error).await;
    let got = PermissionService::new(client).find_permission(PermissionSearch::default()).await.unwrap();
    let expected = vec![
        Permission {
            name: s("perm_8"),
            label: some("Test Three"),
            description: some("Third test permission"),
            default_value: Some(false),
            r#type: some("CALL"),
            built_in: Some(false),
        },
        Permission {
            name: s("LocalDialing"),
            label: None,
            description: None,
            default_value: Some(true),
            r#type: some("CALL"),
            built_in: Some(true),
        },
    ];
    assert_eq!(got, expected);
}

#[tokio::test]
async fn get_call_groups_decodes_rings() {
    let (_server, client) = serve(fixture("get_call_groups"), UnknownElements::Error).await;
    let got = CallGroupService::new(client).get_call_groups().await.unwrap();
    let ring = |expiration, kind: &str, position, user: &str| UserRing {
        expiration,
        r#type: s(kind),
        position,
        user_name: s(user),
    };
    let expected = vec![
        CallGroup {
            name: s("TestGroup2"),
            extension: some("556"),
            description: some("Sample SOAP created Hunt Group"),
            enabled: Some(true),
            rings: vec![ring(10, "delayed", 0, "212"), ring(15, "immediate", 1, "215")],
        },
        CallGroup {
            name: s("Empty"),
            extension: None,
            description: None,
            enabled: Some(false),
            rings: vec![],
        },
    ];
    assert_eq!(got, expected);
}

#[tokio::test]
async fn get_park_orbits_decodes() {
    let (_server, client) = serve(fixture("get_park_orbits"), UnknownElements::Error).await;
    let got = ParkOrbitService::new(client).get_park_orbits().await.unwrap();
    let expected = vec![ParkOrbit {
        name: s("ParkSales"),
        extension: some("46"),
        description: some("Sales calls park orbit"),
        enabled: Some(true),
        music: some("default.wav"),
    }];
    assert_eq!(got, expected);
}

#[tokio::test]
async fn an_axis_fault_is_the_typed_fault() {
    let err = users(fixture("fault")).await.unwrap_err();
    let fault = err.fault().unwrap_or_else(|| panic!("not a fault: {err:?}"));
    assert_eq!(fault.code, "soapenv:Server.userException");
    assert_eq!(fault.code_ns.as_deref(), Some("http://schemas.xmlsoap.org/soap/envelope/"));
    assert_eq!(fault.code_local(), "Server.userException");
    assert_eq!(fault.string, "java.lang.IllegalArgumentException: user 223 already exists");
    assert_eq!(fault.actor, None);
    assert_eq!(
        fault.detail.as_deref(),
        Some(r#"<ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">sipx.example.com</ns1:hostname>"#)
    );
}

fn decode_error(err: Error) -> (Vec<String>, DecodeErrorKind) {
    match err {
        Error::Decode { source, .. } => {
            let failure = source.into_inner();
            (failure.path, failure.kind)
        }
        other => panic!("not a decode error: {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_required_element_names_its_path() {
    let body = fixture("find_user").replace("<userName>224</userName>", "");
    let (path, kind) = decode_error(users(body).await.unwrap_err());
    assert_eq!(path, ["Body", "FindUserResponse", "users", "item[1]"]);
    assert_eq!(kind, DecodeErrorKind::Missing("userName"));
}

#[tokio::test]
async fn an_unknown_element_is_an_error_unless_skipped() {
    let body = fixture("find_user")
        .replace("<userName>223</userName>", "<userName>223</userName><nickname>Al</nickname>");
    let (path, kind) = decode_error(users(body.clone()).await.unwrap_err());
    assert_eq!(path, ["Body", "FindUserResponse", "users", "item[0]"]);
    assert_eq!(kind, DecodeErrorKind::UnknownElement(s("nickname")));

    let (_server, client) = serve(body, UnknownElements::Skip).await;
    let got = UserService::new(client).find_user(UserSearch::default()).await.unwrap();
    assert_eq!(got, users(fixture("find_user")).await.unwrap());
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_an_error() {
    let body =
        fixture("get_call_groups").replace("<expiration>15</expiration>", "<expiration>abc</expiration>");
    let (_server, client) = serve(body, UnknownElements::Error).await;
    let (path, kind) = decode_error(CallGroupService::new(client).get_call_groups().await.unwrap_err());
    assert_eq!(path, ["Body", "GetCallGroupsResponse", "callGroups", "item[0]", "rings[1]", "expiration"]);
    assert!(matches!(kind, DecodeErrorKind::InvalidValue { found, .. } if found == "abc"));
}
