//! The sipXconfig calls of the interoperability tests, one function per
//! service: each calls every operation with the values of
//! `tests/php/cases/sipxconfig/<service>.json` and checks the answers
//! against the same file. Any peer answering from those files passes: PHP's
//! SoapServer (`tests/php_sipxconfig.rs`) and Axis
//! (`tests/axis_sipxconfig.rs`).

// Test assertions: failing loudly is what these functions are for.
#![allow(clippy::unwrap_used, clippy::panic)]

use pbx_soap::sipxconfig::*;

use crate::interop::TRICKY as T;

fn s(v: &str) -> String {
    v.to_owned()
}

fn some(v: &str) -> Option<String> {
    Some(v.to_owned())
}

/// Every operation of `wsdl/sipxconfig/user.wsdl`.
pub async fn user_service(users: &UserService) {
    let user = User {
        user_name: s("223"),
        pintoken: None,
        last_name: some(T),
        first_name: some(""),
        sip_password: some("4567"),
        aliases: vec![s("albert"), s("1223")],
        email_address: None,
        groups: vec![],
        permissions: vec![s("LocalDialing")],
        branch_name: None,
    };
    users.add_user(AddUser { user, pin: s("1234") }).await.unwrap();
    let found = users.find_user(UserSearch { by_group: some(T), ..Default::default() }).await.unwrap();
    let expected = vec![
        User {
            user_name: s("223"),
            last_name: some(T),
            aliases: vec![s("a"), s("b")],
            groups: vec![s("Managers")],
            ..Default::default()
        },
        User { user_name: s("224"), branch_name: some("Berlin"), ..Default::default() },
    ];
    assert_eq!(found, expected);
    let manage = ManageUser {
        search: UserSearch { by_user_name: some("223"), ..Default::default() },
        edit: vec![
            Property { property: s("firstName"), value: some(T) },
            Property { property: s("lastName"), value: None },
        ],
        delete_user: Some(false),
        add_group: some("sales"),
        ..Default::default()
    };
    users.manage_user(manage).await.unwrap();
}

/// Every operation of `wsdl/sipxconfig/call_group.wsdl`.
pub async fn call_group_service(groups: &CallGroupService) {
    let group = CallGroup {
        name: s("sales"),
        extension: some("400"),
        description: some(T),
        enabled: Some(true),
        rings: vec![
            UserRing { expiration: 30, r#type: s("delayed"), position: -1, user_name: s("201") },
            UserRing { expiration: i32::MAX, r#type: s("immediate"), position: 0, user_name: s(T) },
        ],
    };
    groups.add_call_group(group).await.unwrap();
    let got = groups.get_call_groups().await.unwrap();
    let expected = vec![
        CallGroup { name: s("sales"), enabled: Some(false), ..Default::default() },
        CallGroup {
            name: s(T),
            extension: some("401"),
            description: some(""),
            enabled: None,
            rings: vec![UserRing { expiration: 0, r#type: s("delayed"), position: 1, user_name: s("202") }],
        },
    ];
    assert_eq!(got, expected);
}

/// Every operation of `wsdl/sipxconfig/park_orbit.wsdl`.
pub async fn park_orbit_service(orbits: &ParkOrbitService) {
    let orbit = ParkOrbit {
        name: s("orbit"),
        extension: some("500"),
        description: None,
        enabled: Some(true),
        music: some(T),
    };
    orbits.add_park_orbit(orbit).await.unwrap();
    assert_eq!(orbits.get_park_orbits().await.unwrap(), vec![]);
}

/// Every operation of `wsdl/sipxconfig/permission.wsdl`.
pub async fn permission_service(permissions: &PermissionService) {
    let permission = Permission {
        name: s("Mobile"),
        label: some(T),
        description: None,
        default_value: Some(false),
        r#type: some("call"),
        built_in: None,
    };
    permissions.add_permission(permission).await.unwrap();
    let found =
        permissions.find_permission(PermissionSearch { by_label: some(T), ..Default::default() }).await;
    let expected = Permission {
        name: s("Mobile"),
        label: some(T),
        description: some(""),
        default_value: Some(true),
        r#type: some("call"),
        built_in: Some(false),
    };
    assert_eq!(found.unwrap(), vec![expected]);
    let manage = ManagePermission {
        search: PermissionSearch { by_name: some("Mobile"), ..Default::default() },
        edit: vec![Property { property: s("label"), value: some(T) }],
        delete_permission: Some(true),
    };
    permissions.manage_permission(manage).await.unwrap();
}

/// Every operation of `wsdl/sipxconfig/phone.wsdl`.
pub async fn phone_service(phones: &PhoneService) {
    let phone = Phone {
        serial_number: s("000000000001"),
        model_id: s("polycom500"),
        description: some(T),
        groups: vec![s("a"), s("b")],
        lines: vec![Line { user_id: s("201"), uri: s("sip:201@pbx") }],
        device_version: None,
    };
    phones.add_phone(phone).await.unwrap();
    let found = phones.find_phone(PhoneSearch { by_group: some("a"), ..Default::default() }).await.unwrap();
    let expected = Phone {
        serial_number: s("000000000001"),
        model_id: s("polycom500"),
        groups: vec![s(T)],
        device_version: some("3.1"),
        ..Default::default()
    };
    assert_eq!(found, vec![expected]);
    let manage = ManagePhone {
        search: PhoneSearch { by_serial_number: some("000000000001"), ..Default::default() },
        edit: vec![Property { property: s("description"), value: None }],
        add_line: Some(Line { user_id: s("202"), uri: s("sip:202@pbx") }),
        add_external_line: Some(AddExternalLine {
            user_id: s("ext"),
            display_name: some(T),
            password: None,
            registration_server: s("sip.example.com"),
            voice_mail: some("*97"),
        }),
        generate_profiles: Some(true),
        restart: Some(false),
        ..Default::default()
    };
    phones.manage_phone(manage).await.unwrap();
}

/// Every operation of `wsdl/sipxconfig/test.wsdl`.
pub async fn test_service(test: &TestService) {
    let reset = ResetServices {
        call_group: Some(true),
        park_orbit: Some(false),
        super_admin: Some(true),
        ..Default::default()
    };
    test.reset_services(reset).await.unwrap();
}
