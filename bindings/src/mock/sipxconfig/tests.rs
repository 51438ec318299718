//! The model on its own, following the vendor document's examples.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::model::Sipx;
use super::*;
use crate::sipxconfig::*;

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

fn edit(property: &str, value: &str) -> Property {
    Property { property: property.into(), value: s(value) }
}

/// The document's AddPermission and AddUser examples, in order.
fn documented() -> Sipx {
    let mut m = Sipx::new(SUPERADMIN_PIN);
    m.add_permission(Permission {
        name: "Test3".into(),
        label: s("Test Three"),
        description: s("Third test permission"),
        default_value: Some(false),
        ..Permission::default()
    })
    .unwrap();
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
    let user = User {
        user_name: "223".into(),
        last_name: s("Einstein"),
        first_name: s("Albert"),
        sip_password: s("4567"),
        email_address: s("albertE@yahoo.com"),
        branch_name: s("Berlin"),
        groups: vec!["Managers".into()],
        permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
        ..User::default()
    };
    m.add_user(AddUser { user, pin: "1234".into() }).unwrap();
    m.add_user(AddUser { user: User { user_name: "211".into(), ..User::default() }, pin: "1".into() })
        .unwrap();
    m
}

fn names(users: Vec<User>) -> Vec<String> {
    users.into_iter().map(|u| u.user_name).collect()
}

#[test]
fn custom_permissions_get_made_up_names_and_built_in_ones_stay() {
    let mut m = documented();
    let found = m.find_permission(&PermissionSearch { by_label: s("Test Three"), by_name: None });
    assert_eq!((found.len(), found[0].name.as_str(), found[0].built_in), (1, "perm_8", Some(false)));
    let err = m
        .manage_permission(ManagePermission {
            search: PermissionSearch { by_name: s("Mobile"), by_label: None },
            edit: vec![edit("label", "x")],
            delete_permission: None,
        })
        .unwrap_err();
    assert!(err.message().contains("built in"), "{err}");
    m.manage_permission(ManagePermission {
        search: PermissionSearch { by_name: s("perm_8"), by_label: None },
        edit: vec![],
        delete_permission: Some(true),
    })
    .unwrap();
    let user = &m.find_user(&UserSearch { by_user_name: s("223"), ..UserSearch::default() })[0];
    assert!(!user.permissions.contains(&"perm_8".to_owned()));
    let err = m.add_user(AddUser {
        user: User { user_name: "9".into(), permissions: vec!["perm_8".into()], ..User::default() },
        pin: "1".into(),
    });
    assert!(err.unwrap_err().message().contains("no permission"));
}

#[test]
fn users_are_found_and_managed_as_the_document_shows() {
    let mut m = documented();
    let all = UserSearch::default();
    assert_eq!(names(m.find_user(&all)), ["211", "223", "superadmin"]);
    let fuzzy = UserSearch { by_fuzzy_user_name_or_alias: s("22"), ..UserSearch::default() };
    assert_eq!(names(m.find_user(&fuzzy)), ["223"]);
    let managers = UserSearch { by_group: s("Managers"), ..UserSearch::default() };
    let found = m.find_user(&managers);
    assert_eq!(found[0].pintoken.as_ref().map(String::len), Some(40));
    // "Remove all users beginning with 22 from group Managers".
    m.manage_user(ManageUser { search: fuzzy, remove_group: s("Managers"), ..ManageUser::default() })
        .unwrap();
    assert!(m.find_user(&managers).is_empty());
    let by_211 = UserSearch { by_user_name: s("211"), ..UserSearch::default() };
    m.manage_user(ManageUser { search: by_211.clone(), add_group: s("Managers"), ..ManageUser::default() })
        .unwrap();
    m.manage_user(ManageUser {
        search: managers.clone(),
        edit: vec![edit("lastName", "SuperDog"), edit("firstName", "I am")],
        ..ManageUser::default()
    })
    .unwrap();
    m.manage_user(ManageUser { search: by_211.clone(), update_group: s("Berlin"), ..ManageUser::default() })
        .unwrap();
    let u = &m.find_user(&by_211)[0];
    assert_eq!(
        (u.last_name.as_deref(), u.first_name.as_deref(), u.branch_name.as_deref()),
        (Some("SuperDog"), Some("I am"), Some("Berlin"))
    );
    // All or nothing: a bad field leaves every user as it was.
    let err = m.manage_user(ManageUser {
        search: UserSearch::default(),
        edit: vec![edit("shoeSize", "9")],
        ..ManageUser::default()
    });
    assert!(err.unwrap_err().message().contains("shoeSize"));
    let err = m.manage_user(ManageUser {
        search: by_211,
        edit: vec![edit("userName", "223")],
        ..ManageUser::default()
    });
    assert!(err.unwrap_err().message().contains("in use"));
    assert!(
        m.add_user(AddUser { user: User { user_name: "223".into(), ..User::default() }, pin: "1".into() })
            .is_err()
    );
}

#[test]
fn a_pin_can_be_changed_and_stays_hidden() {
    let mut m = documented();
    let token = m.users[SUPERADMIN].user.pintoken.clone();
    let admin = UserSearch { by_user_name: s(SUPERADMIN), ..UserSearch::default() };
    m.manage_user(ManageUser { search: admin, edit: vec![edit("pin", "9876")], ..ManageUser::default() })
        .unwrap();
    assert_eq!(m.users[SUPERADMIN].pin, "9876");
    assert_ne!(m.users[SUPERADMIN].user.pintoken, token);
    assert!(!m.users[SUPERADMIN].user.pintoken.as_deref().unwrap_or("").contains("9876"));
}

#[test]
fn phones_groups_and_lines() {
    let mut m = Sipx::new(SUPERADMIN_PIN);
    let phone = Phone {
        serial_number: "000000000002".into(),
        model_id: "polycom321".into(),
        description: s("SOAP added phone"),
        groups: vec!["FirstPhoneGroup".into()],
        lines: vec![Line { user_id: "221".into(), uri: "221@Uniteme.ezuce.com".into() }],
        device_version: None,
    };
    m.add_phone(phone.clone()).unwrap();
    assert!(m.add_phone(phone.clone()).unwrap_err().message().contains("exists"));
    assert!(m.add_phone(Phone { serial_number: "12".into(), ..phone.clone() }).is_err());
    assert!(
        m.add_phone(Phone { serial_number: "00000000000a".into(), model_id: "rotary".into(), ..phone })
            .is_err()
    );
    let group = PhoneSearch { by_group: s("FirstPhoneGroup"), by_serial_number: None };
    m.manage_phone(ManagePhone {
        search: group.clone(),
        add_line: Some(Line { user_id: "222".into(), uri: "222@Uniteme.ezuce.com".into() }),
        generate_profiles: Some(true),
        restart: Some(true),
        ..ManagePhone::default()
    })
    .unwrap();
    let found = m.find_phone(&PhoneSearch { by_serial_number: s("000000000002"), by_group: None });
    assert_eq!(found[0].lines.len(), 2);
    assert_eq!((m.profiles_generated.len(), m.restarted.len()), (1, 1));
    m.manage_phone(ManagePhone {
        search: group.clone(),
        remove_group: s("FirstPhoneGroup"),
        ..ManagePhone::default()
    })
    .unwrap();
    assert!(m.find_phone(&group).is_empty());
    m.manage_phone(ManagePhone {
        search: PhoneSearch::default(),
        delete_phone: Some(true),
        ..ManagePhone::default()
    })
    .unwrap();
    assert!(m.phones.is_empty());
}

#[test]
fn call_groups_park_orbits_and_reset() {
    let mut m = documented();
    let ring = |pos, kind: &str| UserRing {
        expiration: 10,
        r#type: kind.into(),
        position: pos,
        user_name: "212".into(),
    };
    let group = CallGroup {
        name: "TestGroup2".into(),
        extension: s("556"),
        description: None,
        enabled: Some(true),
        rings: vec![ring(1, "immediate"), ring(0, "delayed")],
    };
    m.add_call_group(group.clone()).unwrap();
    assert_eq!(m.call_groups["TestGroup2"].rings[0].position, 0);
    assert!(
        m.add_call_group(CallGroup { name: "Other".into(), ..group.clone() })
            .unwrap_err()
            .message()
            .contains("556")
    );
    let bad = CallGroup { name: "Bad".into(), extension: None, rings: vec![ring(0, "random")], ..group };
    assert!(m.add_call_group(bad).is_err());
    let orbit = ParkOrbit {
        name: "ParkSales".into(),
        extension: s("46"),
        enabled: Some(true),
        ..ParkOrbit::default()
    };
    m.add_park_orbit(orbit.clone()).unwrap();
    assert!(m.add_park_orbit(orbit).is_err());
    m.reset(&ResetServices {
        call_group: Some(true),
        park_orbit: Some(true),
        permission: Some(true),
        ..ResetServices::default()
    });
    assert!(m.call_groups.is_empty() && m.park_orbits.is_empty());
    assert!(m.permissions.values().all(|p| p.built_in == Some(true)));
    assert_eq!(m.users.len(), 3);
    m.reset(&ResetServices { user: Some(true), super_admin: Some(true), ..ResetServices::default() });
    assert_eq!(m.users.keys().collect::<Vec<_>>(), [SUPERADMIN]);
    assert_eq!(m.users[SUPERADMIN].pin, SUPERADMIN_PIN);
}
