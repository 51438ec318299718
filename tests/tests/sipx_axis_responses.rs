//! sipXconfig responses exactly as Apache Axis 1.4 writes them for
//! document/literal (one line, a default-namespaced wrapper, `xmlns=""` on
//! its first unqualified child, `xsi:nil` for null minOccurs=1 fields, null
//! minOccurs=0 fields left out, wrapped arrays as `item`, inline arrays as
//! repeated elements, non-ASCII as `&#x..;`, beyond U+FFFF as two
//! surrogate references), decoded with
//! `pbx_soap::rt::read_response` straight from the bytes and compared to
//! the whole expected value. A Java exception decodes to the typed fault;
//! broken variants of the same fixtures are errors with the exact path.
//!
//! Fixtures: `fixtures/sipxconfig/responses/axis_*.xml`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{
    DecodeError, DecodeErrorKind, DecodeOptions, Error, Fault, FromXml, Name, Operation, SoapVersion,
    UnknownElements, read_response,
};
use pbx_soap::sipxconfig::*;

const CONFIG_NS: &str = "http://www.sipfoundry.org/2007/08/21/ConfigService";

// The operation descriptions, as the generated methods' `const __OP`.
const FIND_USER: Operation = Operation {
    name: "findUser",
    soap_action: "",
    input: Some(Name::qualified(CONFIG_NS, "FindUser")),
    output: Some(Name::qualified(CONFIG_NS, "FindUserResponse")),
    encoded: false,
    version: SoapVersion::Soap11,
};
const FIND_PHONE: Operation = Operation {
    name: "findPhone",
    soap_action: "",
    input: Some(Name::qualified(CONFIG_NS, "FindPhone")),
    output: Some(Name::qualified(CONFIG_NS, "FindPhoneResponse")),
    encoded: false,
    version: SoapVersion::Soap11,
};
const FIND_PERMISSION: Operation = Operation {
    name: "findPermission",
    soap_action: "",
    input: Some(Name::qualified(CONFIG_NS, "FindPermission")),
    output: Some(Name::qualified(CONFIG_NS, "FindPermissionResponse")),
    encoded: false,
    version: SoapVersion::Soap11,
};
const GET_CALL_GROUPS: Operation = Operation {
    name: "getCallGroups",
    soap_action: "",
    input: None,
    output: Some(Name::qualified(CONFIG_NS, "GetCallGroupsResponse")),
    encoded: false,
    version: SoapVersion::Soap11,
};
const GET_PARK_ORBITS: Operation = Operation {
    name: "getParkOrbits",
    soap_action: "",
    input: None,
    output: Some(Name::qualified(CONFIG_NS, "GetParkOrbitsResponse")),
    encoded: false,
    version: SoapVersion::Soap11,
};

fn fixture(name: &str) -> String {
    pbx_soap_tests::fixtures::read("sipxconfig", "responses", name)
}

fn decode<T: FromXml>(xml: &str, op: &Operation) -> Result<T, Error> {
    read_response::<T>(xml.as_bytes(), op, &DecodeOptions::default())
}

fn decode_skipping<T: FromXml>(xml: &str, op: &Operation) -> Result<T, Error> {
    let opts = DecodeOptions { unknown: UnknownElements::Skip, ..DecodeOptions::default() };
    read_response::<T>(xml.as_bytes(), op, &opts)
}

/// `xml` with `from` replaced by `to`, which must occur exactly once.
fn edit(xml: &str, from: &str, to: &str) -> String {
    assert_eq!(xml.matches(from).count(), 1, "{from:?} must occur once in the fixture");
    xml.replacen(from, to, 1)
}

/// The operation name and the decode error of a failed decode.
fn decode_error<T: std::fmt::Debug>(result: Result<T, Error>) -> (&'static str, DecodeError) {
    match result {
        Err(Error::Decode { operation, source }) => (operation, source),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn path(segments: &[&str]) -> Vec<String> {
    segments.iter().map(|s| (*s).to_owned()).collect()
}

fn s(v: &str) -> String {
    v.to_owned()
}

fn some(v: &str) -> Option<String> {
    Some(v.to_owned())
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

// ---- expected values ----------------------------------------------------

fn expected_users() -> FindUserResponse {
    FindUserResponse {
        users: vec![
            User {
                user_name: s("223"),
                pintoken: some("8e0f9b2a1c7d4e5f60718293a4b5c6d7"),
                last_name: some("Einstein"),
                first_name: some("Albert"),
                sip_password: some("4567"),
                aliases: strings(&["albert", "1223"]),
                email_address: some("albertE@yahoo.com"),
                groups: strings(&["Managers", "Berlin-Staff"]),
                permissions: strings(&["FreeswitchVoicemailServer", "LocalDialing", "Voicemail", "perm_8"]),
                branch_name: some("Berlin"),
            },
            User {
                user_name: s("224"),
                pintoken: some("0c1d2e3f405162738495a6b7c8d9eafb"),
                last_name: some("Müller & Söhne <Sales>"),
                first_name: None,
                sip_password: some("p\"w'd"),
                aliases: vec![],
                email_address: None,
                groups: vec![],
                permissions: strings(&["Voicemail"]),
                branch_name: None,
            },
            User {
                user_name: s("superadmin"),
                pintoken: None,
                last_name: None,
                first_name: None,
                sip_password: None,
                aliases: strings(&["200"]),
                email_address: None,
                groups: strings(&["administrators"]),
                permissions: vec![],
                branch_name: None,
            },
        ],
    }
}

fn expected_call_groups() -> GetCallGroupsResponse {
    let ring = |expiration: i32, kind: &str, position: i32, user: &str| UserRing {
        expiration,
        r#type: s(kind),
        position,
        user_name: s(user),
    };
    GetCallGroupsResponse {
        call_groups: vec![
            CallGroup {
                name: s("TestGroup2"),
                extension: some("556"),
                description: some("Sample SOAP created Hunt Group"),
                enabled: Some(true),
                rings: vec![
                    ring(10, "delayed", 0, "212"),
                    ring(10, "delayed", 1, "215"),
                    ring(20, "immediate", 2, "211"),
                    ring(30, "delayed", 3, "221"),
                ],
            },
            CallGroup {
                name: s("Support"),
                extension: None,
                description: None,
                enabled: Some(false),
                rings: vec![],
            },
            CallGroup {
                name: s("Night"),
                extension: some("557"),
                description: None,
                enabled: None,
                rings: vec![ring(-1, "immediate", 0, "223")],
            },
        ],
    }
}

// ---- whole responses ----------------------------------------------------

#[test]
fn find_user_decodes_every_user_and_field() {
    let got: FindUserResponse = decode(&fixture("axis_find_user"), &FIND_USER).unwrap();
    assert_eq!(got, expected_users());
}

#[test]
fn find_user_with_no_match_is_an_empty_list() {
    let got: FindUserResponse = decode(&fixture("axis_find_user_empty"), &FIND_USER).unwrap();
    assert_eq!(got, FindUserResponse { users: vec![] });
}

#[test]
fn find_phone_decodes_lines_groups_and_left_out_optionals() {
    let got: FindPhoneResponse = decode(&fixture("axis_find_phone"), &FIND_PHONE).unwrap();
    let line = |id: &str| Line { user_id: s(id), uri: format!("sip:{id}@Uniteme.ezuce.com") };
    let expected = FindPhoneResponse {
        phones: vec![
            Phone {
                serial_number: s("0004f2a1b2c3"),
                model_id: s("polycom321"),
                description: some("SOAP added phone"),
                groups: strings(&["FirstPhoneGroup"]),
                lines: vec![Line { user_id: s("221"), uri: s("\"Ada\" <sip:221@Uniteme.ezuce.com>") }],
                device_version: some("polycom3.2.X"),
            },
            Phone {
                serial_number: s("0004f2d4e5f6"),
                model_id: s("polycomVVX500"),
                description: None,
                groups: strings(&["FirstPhoneGroup", "Lobby"]),
                lines: vec![line("222"), line("223")],
                device_version: None,
            },
            Phone {
                serial_number: s("000000000001"),
                model_id: s("acmePhoneStandard"),
                description: None,
                groups: vec![],
                lines: vec![],
                device_version: None,
            },
        ],
    };
    assert_eq!(got, expected);
}

#[test]
fn find_permission_decodes_booleans_and_left_out_optionals() {
    let got: FindPermissionResponse = decode(&fixture("axis_find_permission"), &FIND_PERMISSION).unwrap();
    let expected = FindPermissionResponse {
        permissions: vec![
            Permission {
                name: s("perm_8"),
                label: some("Test three"),
                description: some("Third test permission"),
                default_value: Some(false),
                r#type: some("CALL"),
                built_in: Some(false),
            },
            Permission {
                name: s("LocalDialing"),
                label: None,
                description: some("Local dialing"),
                default_value: Some(true),
                r#type: some("CALL"),
                built_in: Some(true),
            },
            Permission {
                name: s("Voicemail"),
                label: some("Voicemail"),
                description: None,
                default_value: Some(true),
                r#type: some("APPLICATION"),
                built_in: Some(true),
            },
            Permission {
                name: s("perm_9"),
                label: None,
                description: None,
                default_value: None,
                r#type: None,
                built_in: None,
            },
        ],
    };
    assert_eq!(got, expected);
}

#[test]
fn get_call_groups_decodes_rings() {
    let got: GetCallGroupsResponse = decode(&fixture("axis_get_call_groups"), &GET_CALL_GROUPS).unwrap();
    assert_eq!(got, expected_call_groups());
}

#[test]
fn get_park_orbits_decodes() {
    let got: GetParkOrbitsResponse = decode(&fixture("axis_get_park_orbits"), &GET_PARK_ORBITS).unwrap();
    let expected = GetParkOrbitsResponse {
        park_orbits: vec![
            ParkOrbit {
                name: s("ParkSales"),
                extension: some("46"),
                // Axis escapes U+1F4DE as two UTF-16 halves.
                description: some("Sales calls park orbit \u{1F4DE}"),
                enabled: Some(true),
                music: some("/var/sipxdata/parkserver/music/default.wav"),
            },
            ParkOrbit {
                name: s("ParkSupport"),
                extension: some("47"),
                description: None,
                enabled: Some(false),
                music: None,
            },
        ],
    };
    assert_eq!(got, expected);
}

#[test]
fn an_axis_java_exception_is_the_typed_fault() {
    let err = decode::<FindUserResponse>(&fixture("axis_fault"), &FIND_USER).unwrap_err();
    let Error::Fault(fault) = err else { panic!("expected a fault, got {err:?}") };
    let expected = Fault {
        code: s("soapenv:Server.userException"),
        code_ns: some("http://schemas.xmlsoap.org/soap/envelope/"),
        string: s(
            "org.sipfoundry.sipxconfig.common.UserException: Extension or alias \"223\" is already in use.",
        ),
        actor: None,
        detail: some(
            r#"<ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">sipx.example.com</ns1:hostname>"#,
        ),
        // The envelope's declarations, kept so the detail decodes alone.
        namespaces: fault.namespaces.clone(),
        ..Fault::default()
    };
    assert_eq!(fault.code, expected.code);
    assert_eq!(fault.code_ns, expected.code_ns);
    assert_eq!(fault.string, expected.string);
    assert_eq!(fault.actor, expected.actor);
    assert_eq!(fault.detail, expected.detail);
    assert_eq!(*fault, expected);
    assert_eq!(fault.code_local(), "Server.userException");
    assert!(fault.namespaces.contains(&(s("soapenv"), s("http://schemas.xmlsoap.org/soap/envelope/"))));
    // The raw detail also decodes on its own into a typed value.
    assert_eq!(fault.detail::<String>().unwrap().unwrap(), "sipx.example.com");
    assert_eq!(fault.detail_name(), Some((some("http://xml.apache.org/axis/"), s("hostname"))));
}

#[test]
fn the_fault_is_returned_whatever_operation_was_called() {
    let err = decode::<GetParkOrbitsResponse>(&fixture("axis_fault"), &GET_PARK_ORBITS).unwrap_err();
    let Error::Fault(fault) = err else { panic!("expected a fault, got {err:?}") };
    assert_eq!(fault.code, "soapenv:Server.userException");
}

// ---- broken variants ----------------------------------------------------

#[test]
fn a_missing_required_element_names_its_parent_path() {
    let xml = edit(&fixture("axis_find_user"), "<userName>224</userName>", "");
    let (operation, err) = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(operation, "findUser");
    // Items are numbered from 0; the path ends at the element that lacks
    // the child, the missing name is in the kind.
    assert_eq!(err.path, path(&["Body", "FindUserResponse", "users", "item[1]"]));
    assert_eq!(err.kind, DecodeErrorKind::Missing("userName"));
}

#[test]
fn a_missing_nillable_but_required_element_is_missing_too() {
    // `pintoken` is nillable with minOccurs=1: Axis always writes it
    // (`xsi:nil` when null), so leaving it out is an error, not a None.
    let xml = edit(&fixture("axis_find_user"), r#"<pintoken xsi:nil="true"/>"#, "");
    let (operation, err) = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(operation, "findUser");
    assert_eq!(err.path, path(&["Body", "FindUserResponse", "users", "item[2]"]));
    assert_eq!(err.kind, DecodeErrorKind::Missing("pintoken"));
}

#[test]
fn a_missing_element_in_a_nested_repeated_type_names_both_indexes() {
    let xml = edit(&fixture("axis_get_call_groups"), "<expiration>20</expiration>", "");
    let (operation, err) = decode_error(decode::<GetCallGroupsResponse>(&xml, &GET_CALL_GROUPS));
    assert_eq!(operation, "getCallGroups");
    assert_eq!(err.path, path(&["Body", "GetCallGroupsResponse", "callGroups", "item[0]", "rings[2]"]));
    assert_eq!(err.kind, DecodeErrorKind::Missing("expiration"));
}

#[test]
fn a_renamed_list_wrapper_is_unknown_or_else_missing() {
    let xml = edit(&fixture("axis_get_park_orbits"), "<parkOrbits xmlns=\"\">", "<x>");
    let xml = edit(&xml, "</parkOrbits>", "</x>");
    let (_, err) = decode_error(decode::<GetParkOrbitsResponse>(&xml, &GET_PARK_ORBITS));
    assert_eq!(err.path, path(&["Body", "GetParkOrbitsResponse"]));
    assert_eq!(err.kind, DecodeErrorKind::UnknownElement(s("x")));

    let xml = edit(&fixture("axis_get_park_orbits"), "<parkOrbits xmlns=\"\">", "<x>");
    let xml = edit(&xml, "</parkOrbits>", "</x>");
    let (_, err) = decode_error(decode_skipping::<GetParkOrbitsResponse>(&xml, &GET_PARK_ORBITS));
    assert_eq!(err.path, path(&["Body", "GetParkOrbitsResponse"]));
    assert_eq!(err.kind, DecodeErrorKind::Missing("parkOrbits"));
}

#[test]
fn an_unknown_element_is_an_error_by_default_and_skipped_on_request() {
    // A newer server adding a field to the first user, after `userName`.
    let xml = edit(
        &fixture("axis_find_user"),
        "<userName>223</userName>",
        "<userName>223</userName><locale><language>de</language></locale>",
    );
    let (operation, err) = decode_error(decode::<FindUserResponse>(&xml, &FIND_USER));
    assert_eq!(operation, "findUser");
    assert_eq!(err.path, path(&["Body", "FindUserResponse", "users", "item[0]"]));
    assert_eq!(err.kind, DecodeErrorKind::UnknownElement(s("locale")));

    let got: FindUserResponse = decode_skipping(&xml, &FIND_USER).unwrap();
    assert_eq!(got, expected_users());
}

#[test]
fn an_unknown_element_in_a_nested_item_is_skipped_on_request() {
    let xml = edit(
        &fixture("axis_get_call_groups"),
        "<userName>215</userName>",
        "<userName>215</userName><ringMode xsi:nil=\"true\"/>",
    );
    let (_, err) = decode_error(decode::<GetCallGroupsResponse>(&xml, &GET_CALL_GROUPS));
    assert_eq!(err.path, path(&["Body", "GetCallGroupsResponse", "callGroups", "item[0]", "rings[1]"]));
    assert_eq!(err.kind, DecodeErrorKind::UnknownElement(s("ringMode")));

    let got: GetCallGroupsResponse = decode_skipping(&xml, &GET_CALL_GROUPS).unwrap();
    assert_eq!(got, expected_call_groups());
}

#[test]
fn a_non_integer_in_an_int_field_is_an_invalid_value() {
    let xml = edit(&fixture("axis_get_call_groups"), "<position>3</position>", "<position>abc</position>");
    let (operation, err) = decode_error(decode::<GetCallGroupsResponse>(&xml, &GET_CALL_GROUPS));
    assert_eq!(operation, "getCallGroups");
    assert_eq!(
        err.path,
        path(&["Body", "GetCallGroupsResponse", "callGroups", "item[0]", "rings[3]", "position"])
    );
    assert_eq!(err.kind, DecodeErrorKind::InvalidValue { expected: "int", found: s("abc") });
}

#[test]
fn a_non_boolean_in_a_boolean_field_is_an_invalid_value() {
    let xml = edit(&fixture("axis_find_permission"), "<builtIn>false</builtIn>", "<builtIn>no</builtIn>");
    let (operation, err) = decode_error(decode::<FindPermissionResponse>(&xml, &FIND_PERMISSION));
    assert_eq!(operation, "findPermission");
    assert_eq!(err.path, path(&["Body", "FindPermissionResponse", "permissions", "item[0]", "builtIn"]));
    assert_eq!(err.kind, DecodeErrorKind::InvalidValue { expected: "boolean", found: s("no") });
}

#[test]
fn nil_on_a_required_non_nillable_element_is_an_error() {
    let xml =
        edit(&fixture("axis_find_phone"), "<modelId>polycomVVX500</modelId>", r#"<modelId xsi:nil="true"/>"#);
    let (_, err) = decode_error(decode::<FindPhoneResponse>(&xml, &FIND_PHONE));
    assert_eq!(err.path, path(&["Body", "FindPhoneResponse", "phones", "item[1]", "modelId"]));
    assert_eq!(err.kind, DecodeErrorKind::Nil);
}

#[test]
fn a_different_body_element_is_the_wrong_element() {
    let (operation, err) = decode_error(decode::<FindUserResponse>(&fixture("axis_find_phone"), &FIND_USER));
    assert_eq!(operation, "findUser");
    assert_eq!(err.path, path(&["Body"]));
    assert_eq!(
        err.kind,
        DecodeErrorKind::WrongElement { expected: s("FindUserResponse"), found: s("FindPhoneResponse") }
    );
}
