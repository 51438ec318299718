//! Every vendor's generated types through JSON (the bindings crate's
//! `serde` feature): real response fixtures (`fixtures/<vendor>/responses/`)
//! decode into typed values, and each value goes to JSON and back equal.
//! Enumerations show their XML lexical form (an unlisted value too), and
//! password fields are not written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{DecodeOptions, FromXml, Name, Operation, SoapClient, SoapVersion, read_response};
use pbx_soap_tests::fixtures::read;
use pbx_soap_tests::http_stub::{Reply, StubServer};
use pbx_soap_tests::json::{round_trip, strings};

/// A server answering every request with response fixture `name` of
/// `vendor`, and a client for it.
async fn serve(vendor: &str, name: &str) -> (StubServer, SoapClient) {
    let body = read(vendor, "responses", name);
    let server = StubServer::start(move |_| Reply::xml(200, body.clone())).await.unwrap();
    let client = SoapClient::new(server.url("/soap")).unwrap();
    (server, client)
}

#[tokio::test]
async fn sipxconfig_responses_round_trip() {
    use pbx_soap::sipxconfig::*;
    for fixture in ["find_user", "axis_find_user"] {
        let (_server, client) = serve("sipxconfig", fixture).await;
        let users = UserService::new(client).find_user(UserSearch::default()).await.unwrap();
        assert!(!users.is_empty());
        // Secrets are not serialized (see the next test): compared without.
        let users: Vec<User> =
            users.into_iter().map(|u| User { sip_password: None, pintoken: None, ..u }).collect();
        let json = round_trip(&users);
        assert_eq!(json[0]["user_name"], "223", "{json}");
    }
    let (_server, client) = serve("sipxconfig", "find_phone").await;
    round_trip(&PhoneService::new(client).find_phone(PhoneSearch::default()).await.unwrap());
    let (_server, client) = serve("sipxconfig", "find_permission").await;
    round_trip(&PermissionService::new(client).find_permission(PermissionSearch::default()).await.unwrap());
    let (_server, client) = serve("sipxconfig", "get_call_groups").await;
    round_trip(&CallGroupService::new(client).get_call_groups().await.unwrap());
    let (_server, client) = serve("sipxconfig", "get_park_orbits").await;
    round_trip(&ParkOrbitService::new(client).get_park_orbits().await.unwrap());
}

#[tokio::test]
async fn sipxconfig_secrets_are_not_written() {
    use pbx_soap::sipxconfig::*;
    let (_server, client) = serve("sipxconfig", "find_user").await;
    let users = UserService::new(client).find_user(UserSearch::default()).await.unwrap();
    let user = users.into_iter().next().unwrap();
    assert_eq!(
        (user.sip_password.as_deref(), user.pintoken.as_deref()),
        (Some("4567"), Some("8e0f9b2a1c7d4e5f"))
    );
    let json = serde_json::to_value(&user).unwrap();
    let object = json.as_object().unwrap();
    assert!(!object.contains_key("sip_password") && !object.contains_key("pintoken"), "{json}");
    assert!(!strings(&json).contains(&"4567"), "{json}");
    // Everything else comes back; the secrets read as absent.
    let back: User = serde_json::from_value(json).unwrap();
    assert_eq!(back, User { sip_password: None, pintoken: None, ..user.clone() });
    // Deserializing still reads a password given (from a configuration file).
    let mut given = serde_json::to_value(&user).unwrap();
    given["sip_password"] = "4567".into();
    assert_eq!(serde_json::from_value::<User>(given).unwrap().sip_password.as_deref(), Some("4567"));
}

#[tokio::test]
async fn innovaphone_responses_round_trip() {
    use pbx_soap::innovaphone::*;
    let port = |client| PbxPort::new(client);
    let (_server, client) = serve("innovaphone", "poll_users").await;
    let users = port(client).poll(17).await.unwrap();
    let json = round_trip(&users);
    // Enumerations as sent: a listed value and one the WSDL does not list.
    let texts = strings(&json);
    assert!(texts.contains(&"open") && texts.contains(&"on-the-phone"), "{json}");
    for fixture in ["poll_calls", "poll_multiref"] {
        let (_server, client) = serve("innovaphone", fixture).await;
        round_trip(&port(client).poll(17).await.unwrap());
    }
    // The session's events and decoded call states (the raw number).
    let user = users.user.first().cloned().map(|u| Event::User(Box::new(u)));
    round_trip(&[user.unwrap(), Event::InitialUsersComplete]);
    assert_eq!(round_trip(&CallState::new(0x181)), 0x181);
    let (_server, client) = serve("innovaphone", "find_user").await;
    round_trip(&port(client).find_user(FindUserRequest::default()).await.unwrap());
    let (_server, client) = serve("innovaphone", "version").await;
    round_trip(&port(client).version().await.unwrap());
    let (_server, client) = serve("innovaphone", "initialize").await;
    round_trip(&port(client).initialize(InitializeRequest::default()).await.unwrap());
    let (_server, client) = serve("innovaphone", "user_find_destination").await;
    round_trip(&port(client).user_find_destination(42, "202".into(), String::new()).await.unwrap());
}

#[test]
fn innovaphone_enumerations_are_their_lexical_form() {
    use pbx_soap::innovaphone::PresenceStatus;
    assert_eq!(serde_json::to_string(&PresenceStatus::Open).unwrap(), r#""open""#);
    let unlisted = PresenceStatus::Other("away-ish".into());
    assert_eq!(round_trip(&unlisted), "away-ish");
    assert_eq!(serde_json::from_str::<PresenceStatus>(r#""closed""#).unwrap(), PresenceStatus::Closed);
    assert!(serde_json::from_str::<PresenceStatus>("7").is_err(), "not a string");
}

/// Decodes response fixture `name` of Brekeke (rpc/encoded, multi-refs
/// resolved) into `T`, as the generated client does.
fn brekeke<T: FromXml>(name: &str, response: &'static str) -> T {
    let op = Operation {
        name: "fixture",
        soap_action: "",
        input: None,
        output: Some(Name::qualified("http://localhost/pbx/services/UserImpl", response)),
        encoded: true,
        version: SoapVersion::Soap11,
    };
    let body = read("brekeke", "responses", name);
    read_response(body.as_bytes(), &op, &DecodeOptions::default()).unwrap()
}

#[test]
fn brekeke_responses_round_trip() {
    use pbx_soap::brekeke::*;
    let control: CallControlResponse = brekeke("call_control", "callControlResponse");
    round_trip(&control);
    let props: GetUserPropertiesResponse = brekeke("get_user_properties", "getUserPropertiesResponse");
    let json = round_trip(&props);
    assert!(strings(&json).contains(&"Ann & Bo <Müller>"), "{json}");
    let names: GetUserPropertyNamesResponse =
        brekeke("get_user_property_names_multiref", "getUserPropertyNamesResponse");
    round_trip(&names);
    round_trip(&SetUserPropertiesRequest {
        in0: "4005".into(),
        in1: vec!["name".into()],
        in2: vec!["Ann".into()],
    });
}

#[tokio::test]
async fn monema_responses_round_trip_and_passwords_stay_out() {
    use pbx_soap::monema::*;
    let monema = |client| Monema::new(client, "acme", "s3cr3t");
    let (_server, client) = serve("monema", "c_get_calls").await;
    let calls = monema(client).calls("2026-11-01", "2026-11-30", "", CallFilter::Incoming).await.unwrap();
    assert!(!calls.is_empty());
    round_trip(&calls);
    let (_server, client) = serve("monema", "c_get_extensions").await;
    round_trip(&monema(client).extensions().await.unwrap());
    let (_server, client) = serve("monema", "c_get_call_tags_empty").await;
    round_trip(&monema(client).call_tags("9").await.unwrap());

    // The typed helpers' values too: the status as its lexical form.
    let (_server, client) = serve("monema", "c_make_call_response").await;
    let made = monema(client).make_call_and_wait("201", "0034600000000", "").await.unwrap();
    assert_eq!(round_trip(&made)["status"], "ANSWERED");
    assert_eq!(round_trip(&MakeCallStatus::Unknown("RINGING".into())), "RINGING");
    round_trip(&Fax { modem: "modem-1".into(), to: vec!["0034600000000".into()], cover: None });

    let request = CGetCreditRequest { client_login: "acme".into(), client_password: "s3cr3t".into() };
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(json, serde_json::json!({ "client_login": "acme" }));
    let back: CGetCreditRequest = serde_json::from_value(json).unwrap();
    assert_eq!(back, CGetCreditRequest { client_password: String::new(), ..request });
}
