//! A module generated with compact strings (`Strings::Compact`:
//! `pbx_soap_tests::compact::sipxconfig`) speaks the wire format of the
//! `String` module: its client against Apache Axis 1.4 (the stack
//! sipXconfig runs), which checks every argument against
//! `tests/php/cases/sipxconfig/user.json`, and its server side answering
//! the bindings' `String` client running the user service's scenario. The
//! values hold texts kept inline (up to 24 bytes) and on the heap
//! (`TRICKY`: 36 bytes of markup and non-ASCII).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::server::{Server, SoapFault};
use pbx_soap::rt::{CompactString, SoapClient};
use pbx_soap::sipxconfig as strings;
use pbx_soap_tests::axis_peer::AxisServer;
use pbx_soap_tests::compact::sipxconfig::*;
use pbx_soap_tests::interop::TRICKY as T;
use pbx_soap_tests::scenarios::sipxconfig as scenario;

fn c(v: &str) -> CompactString {
    v.into()
}

fn some(v: &str) -> Option<CompactString> {
    Some(v.into())
}

// The user service's values of `tests/php/cases/sipxconfig/user.json`, as
// `scenarios::sipxconfig` writes them with `String`s.

fn new_user() -> AddUser {
    let user = User {
        user_name: c("223"),
        pintoken: None,
        last_name: some(T),
        first_name: some(""),
        sip_password: some("4567"),
        aliases: vec![c("albert"), c("1223")],
        email_address: None,
        groups: vec![],
        permissions: vec![c("LocalDialing")],
        branch_name: None,
    };
    AddUser { user, pin: c("1234") }
}

fn user_search() -> UserSearch {
    UserSearch { by_group: some(T), ..Default::default() }
}

fn users_found() -> Vec<User> {
    vec![
        User {
            user_name: c("223"),
            last_name: some(T),
            aliases: vec![c("a"), c("b")],
            groups: vec![c("Managers")],
            ..Default::default()
        },
        User { user_name: c("224"), branch_name: some("Berlin"), ..Default::default() },
    ]
}

fn user_edit() -> ManageUser {
    ManageUser {
        search: UserSearch { by_user_name: some("223"), ..Default::default() },
        edit: vec![
            Property { property: c("firstName"), value: some(T) },
            Property { property: c("lastName"), value: None },
        ],
        delete_user: Some(false),
        add_group: some("sales"),
        ..Default::default()
    }
}

/// A decoded user as the `String` module's type, field by field, so the
/// answer is compared with the scenario's own values (secrets included,
/// which serde and `Debug` would hide).
fn as_strings(u: User) -> strings::User {
    let all = |v: Vec<CompactString>| v.into_iter().map(String::from).collect();
    strings::User {
        user_name: u.user_name.into(),
        pintoken: u.pintoken.map(String::from),
        last_name: u.last_name.map(String::from),
        first_name: u.first_name.map(String::from),
        sip_password: u.sip_password.map(String::from),
        aliases: all(u.aliases),
        email_address: u.email_address.map(String::from),
        groups: all(u.groups),
        permissions: all(u.permissions),
        branch_name: u.branch_name.map(String::from),
    }
}

#[tokio::test]
async fn compact_client_against_axis() {
    let front = AxisServer::shared().front().await;
    let users = UserService::new(SoapClient::new(front.url("/axis/services/UserService")).unwrap());
    users.add_user(new_user()).await.unwrap();
    let found = users.find_user(user_search()).await.unwrap();
    // Short texts decode inline, a long one onto the heap.
    assert!(!found[0].user_name.is_heap_allocated());
    assert!(found[0].last_name.as_ref().unwrap().is_heap_allocated());
    assert_eq!(found.into_iter().map(as_strings).collect::<Vec<_>>(), scenario::users_found());
    users.manage_user(user_edit()).await.unwrap();
    // Axis saw the three calls and answered each (a wrong argument is a
    // fault on its side, which `unwrap` above would have shown).
    assert_eq!(front.requests().len(), 3);
}

/// The compact module's server side, answering the scenario's arguments.
struct Users;

fn expect<A: PartialEq + std::fmt::Debug, R>(got: A, want: A, answer: R) -> Result<R, SoapFault> {
    if got == want { Ok(answer) } else { Err(SoapFault::client(format!("unexpected arguments {got:?}"))) }
}

impl UserServiceServer for Users {
    async fn add_user(&self, request: AddUser) -> Result<(), SoapFault> {
        expect(request, new_user(), ())
    }

    async fn find_user(&self, search: UserSearch) -> Result<Vec<User>, SoapFault> {
        expect(search, user_search(), users_found())
    }

    async fn manage_user(&self, request: ManageUser) -> Result<(), SoapFault> {
        expect(request, user_edit(), ())
    }
}

#[tokio::test]
async fn compact_server_answers_the_string_client() {
    let server =
        Server::builder().service(UserServiceServer::into_service(Users)).bind("127.0.0.1:0").await.unwrap();
    let url = server.endpoint("UserService").expect("the service is mounted");
    scenario::user_service(&strings::UserService::new(SoapClient::new(url).unwrap())).await;
    server.shutdown().await;
}
