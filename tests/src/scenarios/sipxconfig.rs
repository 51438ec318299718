//! sipXconfig, one function per service: each calls every operation with
//! the values of `tests/php/cases/sipxconfig/<service>.json` and checks
//! the answers against the same file. Any peer answering from those files
//! passes: PHP's SoapServer (`tests/php_sipxconfig.rs`), Axis
//! (`tests/axis_sipxconfig.rs`) and [`Peer`], the six generated server
//! traits answering from the same values (`tests/server_sipxconfig.rs`).

// Test assertions: failing loudly is what these functions are for.
#![allow(clippy::unwrap_used, clippy::panic)]

use pbx_soap::rt::server::{Server, Service, SoapFault};
use pbx_soap::sipxconfig::*;

use super::Served;
use crate::interop::TRICKY as T;

fn s(v: &str) -> String {
    v.to_owned()
}

fn some(v: &str) -> Option<String> {
    Some(v.to_owned())
}

// ---- the values of the cases files -----------------------------------

fn new_user() -> AddUser {
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
    AddUser { user, pin: s("1234") }
}

fn user_search() -> UserSearch {
    UserSearch { by_group: some(T), ..Default::default() }
}

pub fn users_found() -> Vec<User> {
    vec![
        User {
            user_name: s("223"),
            last_name: some(T),
            aliases: vec![s("a"), s("b")],
            groups: vec![s("Managers")],
            ..Default::default()
        },
        User { user_name: s("224"), branch_name: some("Berlin"), ..Default::default() },
    ]
}

fn user_edit() -> ManageUser {
    ManageUser {
        search: UserSearch { by_user_name: some("223"), ..Default::default() },
        edit: vec![
            Property { property: s("firstName"), value: some(T) },
            Property { property: s("lastName"), value: None },
        ],
        delete_user: Some(false),
        add_group: some("sales"),
        ..Default::default()
    }
}

fn new_call_group() -> CallGroup {
    CallGroup {
        name: s("sales"),
        extension: some("400"),
        description: some(T),
        enabled: Some(true),
        rings: vec![
            UserRing { expiration: 30, r#type: s("delayed"), position: -1, user_name: s("201") },
            UserRing { expiration: i32::MAX, r#type: s("immediate"), position: 0, user_name: s(T) },
        ],
    }
}

fn call_groups() -> Vec<CallGroup> {
    vec![
        CallGroup { name: s("sales"), enabled: Some(false), ..Default::default() },
        CallGroup {
            name: s(T),
            extension: some("401"),
            description: some(""),
            enabled: None,
            rings: vec![UserRing { expiration: 0, r#type: s("delayed"), position: 1, user_name: s("202") }],
        },
    ]
}

fn new_park_orbit() -> ParkOrbit {
    ParkOrbit {
        name: s("orbit"),
        extension: some("500"),
        description: None,
        enabled: Some(true),
        music: some(T),
    }
}

fn new_permission() -> Permission {
    Permission {
        name: s("Mobile"),
        label: some(T),
        description: None,
        default_value: Some(false),
        r#type: some("call"),
        built_in: None,
    }
}

fn permission_search() -> PermissionSearch {
    PermissionSearch { by_label: some(T), ..Default::default() }
}

fn permissions_found() -> Vec<Permission> {
    vec![Permission {
        name: s("Mobile"),
        label: some(T),
        description: some(""),
        default_value: Some(true),
        r#type: some("call"),
        built_in: Some(false),
    }]
}

fn permission_edit() -> ManagePermission {
    ManagePermission {
        search: PermissionSearch { by_name: some("Mobile"), ..Default::default() },
        edit: vec![Property { property: s("label"), value: some(T) }],
        delete_permission: Some(true),
    }
}

fn new_phone() -> Phone {
    Phone {
        serial_number: s("000000000001"),
        model_id: s("polycom500"),
        description: some(T),
        groups: vec![s("a"), s("b")],
        lines: vec![Line { user_id: s("201"), uri: s("sip:201@pbx") }],
        device_version: None,
    }
}

fn phone_search() -> PhoneSearch {
    PhoneSearch { by_group: some("a"), ..Default::default() }
}

fn phones_found() -> Vec<Phone> {
    vec![Phone {
        serial_number: s("000000000001"),
        model_id: s("polycom500"),
        groups: vec![s(T)],
        device_version: some("3.1"),
        ..Default::default()
    }]
}

fn phone_edit() -> ManagePhone {
    ManagePhone {
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
    }
}

fn reset() -> ResetServices {
    ResetServices {
        call_group: Some(true),
        park_orbit: Some(false),
        super_admin: Some(true),
        ..Default::default()
    }
}

// ---- the calls --------------------------------------------------------

/// Every operation of `wsdl/sipxconfig/user.wsdl`.
pub async fn user_service(users: &UserService) {
    users.add_user(new_user()).await.unwrap();
    assert_eq!(users.find_user(user_search()).await.unwrap(), users_found());
    users.manage_user(user_edit()).await.unwrap();
}

/// Every operation of `wsdl/sipxconfig/call_group.wsdl`.
pub async fn call_group_service(groups: &CallGroupService) {
    groups.add_call_group(new_call_group()).await.unwrap();
    assert_eq!(groups.get_call_groups().await.unwrap(), call_groups());
}

/// Every operation of `wsdl/sipxconfig/park_orbit.wsdl`.
pub async fn park_orbit_service(orbits: &ParkOrbitService) {
    orbits.add_park_orbit(new_park_orbit()).await.unwrap();
    assert_eq!(orbits.get_park_orbits().await.unwrap(), vec![]);
}

/// Every operation of `wsdl/sipxconfig/permission.wsdl`.
pub async fn permission_service(permissions: &PermissionService) {
    permissions.add_permission(new_permission()).await.unwrap();
    assert_eq!(permissions.find_permission(permission_search()).await.unwrap(), permissions_found());
    permissions.manage_permission(permission_edit()).await.unwrap();
}

/// Every operation of `wsdl/sipxconfig/phone.wsdl`.
pub async fn phone_service(phones: &PhoneService) {
    phones.add_phone(new_phone()).await.unwrap();
    assert_eq!(phones.find_phone(phone_search()).await.unwrap(), phones_found());
    phones.manage_phone(phone_edit()).await.unwrap();
}

/// Every operation of `wsdl/sipxconfig/test.wsdl`.
pub async fn test_service(test: &TestService) {
    test.reset_services(reset()).await.unwrap();
}

// ---- the services -----------------------------------------------------

/// The six services answering from the cases' values.
#[derive(Debug, Clone, Default)]
pub struct Peer {
    pub served: Served,
}

impl Peer {
    /// One service per port, each at its `soap:address` path.
    pub fn services(&self) -> Vec<Service> {
        vec![
            UserServiceServer::into_service(self.clone()),
            CallGroupServiceServer::into_service(self.clone()),
            ParkOrbitServiceServer::into_service(self.clone()),
            PermissionServiceServer::into_service(self.clone()),
            PhoneServiceServer::into_service(self.clone()),
            TestServiceServer::into_service(self.clone()),
        ]
    }

    /// A server on 127.0.0.1 with the six services.
    pub async fn serve(&self) -> pbx_soap::rt::server::RunningServer {
        let builder = self.services().into_iter().fold(Server::builder(), |b, s| b.service(s));
        builder.bind("127.0.0.1:0").await.unwrap()
    }
}

impl UserServiceServer for Peer {
    async fn add_user(&self, request: AddUser) -> Result<(), SoapFault> {
        self.served.reply(request, [(new_user(), Ok(()))])
    }

    async fn find_user(&self, search: UserSearch) -> Result<Vec<User>, SoapFault> {
        self.served.reply(search, [(user_search(), Ok(users_found()))])
    }

    async fn manage_user(&self, request: ManageUser) -> Result<(), SoapFault> {
        self.served.reply(request, [(user_edit(), Ok(()))])
    }
}

impl CallGroupServiceServer for Peer {
    async fn add_call_group(&self, group: CallGroup) -> Result<(), SoapFault> {
        self.served.reply(group, [(new_call_group(), Ok(()))])
    }

    async fn get_call_groups(&self) -> Result<Vec<CallGroup>, SoapFault> {
        self.served.reply((), [((), Ok(call_groups()))])
    }
}

impl ParkOrbitServiceServer for Peer {
    async fn add_park_orbit(&self, orbit: ParkOrbit) -> Result<(), SoapFault> {
        self.served.reply(orbit, [(new_park_orbit(), Ok(()))])
    }

    async fn get_park_orbits(&self) -> Result<Vec<ParkOrbit>, SoapFault> {
        self.served.reply((), [((), Ok(vec![]))])
    }
}

impl PermissionServiceServer for Peer {
    async fn add_permission(&self, permission: Permission) -> Result<(), SoapFault> {
        self.served.reply(permission, [(new_permission(), Ok(()))])
    }

    async fn find_permission(&self, search: PermissionSearch) -> Result<Vec<Permission>, SoapFault> {
        self.served.reply(search, [(permission_search(), Ok(permissions_found()))])
    }

    async fn manage_permission(&self, request: ManagePermission) -> Result<(), SoapFault> {
        self.served.reply(request, [(permission_edit(), Ok(()))])
    }
}

impl PhoneServiceServer for Peer {
    async fn add_phone(&self, phone: Phone) -> Result<(), SoapFault> {
        self.served.reply(phone, [(new_phone(), Ok(()))])
    }

    async fn find_phone(&self, search: PhoneSearch) -> Result<Vec<Phone>, SoapFault> {
        self.served.reply(search, [(phone_search(), Ok(phones_found()))])
    }

    async fn manage_phone(&self, request: ManagePhone) -> Result<(), SoapFault> {
        self.served.reply(request, [(phone_edit(), Ok(()))])
    }
}

impl TestServiceServer for Peer {
    async fn reset_services(&self, request: ResetServices) -> Result<(), SoapFault> {
        self.served.reply(request, [(reset(), Ok(()))])
    }
}
