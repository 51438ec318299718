//! The generated server side end to end, one document/literal and one
//! rpc/encoded vendor: implementations of the generated traits served by
//! `rt::server`, called by the generated clients over HTTP on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::innovaphone::{AnyInfo, CallInfo, Info, No, PbxPort, PbxPortServer, UserCallRequest, UserInfo};
use pbx_soap::rt::SoapClient;
use pbx_soap::rt::server::{Server, SoapFault};
use pbx_soap::sipxconfig::{AddUser, User, UserSearch, UserService, UserServiceServer};
use pbx_soap_tests::interop::TRICKY as T;

fn s(v: &str) -> String {
    v.to_owned()
}

struct Users;

impl UserServiceServer for Users {
    async fn add_user(&self, request: AddUser) -> Result<(), SoapFault> {
        Err(SoapFault::client(format!("user {} exists", request.user.user_name)))
    }

    async fn find_user(&self, search: UserSearch) -> Result<Vec<User>, SoapFault> {
        let group = search.by_group.unwrap_or_default();
        Ok(vec![
            User {
                user_name: s("200"),
                last_name: Some(group),
                aliases: vec![s("a"), s(T)],
                ..Default::default()
            },
            User { user_name: s("201"), ..Default::default() },
        ])
    }
}

struct Pbx;

impl PbxPortServer for Pbx {
    async fn echo(&self, session: i32, key: i32) -> Result<i32, SoapFault> {
        Ok(session.wrapping_add(key))
    }

    async fn poll(&self, session: i32) -> Result<AnyInfo, SoapFault> {
        let user = UserInfo { cn: format!("{T} {session}"), e164: s("201"), state: 1, ..Default::default() };
        let no = No { r#type: s("peer"), cn: s(T), ..Default::default() };
        let call = CallInfo { user: 42, call: 7003, state: 0x85, no: vec![no], ..Default::default() };
        Ok(AnyInfo { user: vec![user, UserInfo::default()], call: vec![call], ..Default::default() })
    }

    async fn user_call(&self, request: UserCallRequest) -> Result<i32, SoapFault> {
        if request.info.len() != 2 || request.info[1].vals != T {
            return Err(SoapFault::client(format!("unexpected info {:?}", request.info)));
        }
        Ok(7000 + request.user)
    }
}

#[tokio::test]
async fn generated_clients_against_generated_services() {
    let server = Server::builder()
        .service(Users.into_service())
        .service(Pbx.into_service())
        .bind("127.0.0.1:0")
        .await
        .unwrap();

    let users_url = server.endpoint("UserService").unwrap();
    assert!(users_url.ends_with("/sipxconfig/services/UserService"), "{users_url}");
    let users = UserService::new(SoapClient::new(users_url).unwrap());
    let found = users.find_user(UserSearch { by_group: Some(s(T)), ..Default::default() }).await.unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!((found[0].last_name.as_deref(), found[0].aliases[1].as_str()), (Some(T), T));
    let user = User { user_name: s("200"), ..Default::default() };
    let err = users.add_user(AddUser { user, pin: s("1") }).await.unwrap_err();
    let fault = err.fault().expect("a fault");
    assert_eq!((fault.code_local(), fault.string.as_str()), ("Client", "user 200 exists"));

    let pbx = PbxPort::new(SoapClient::new(server.endpoint("pbxPort").unwrap()).unwrap());
    assert_eq!(pbx.echo(17, 25).await.unwrap(), 42);
    let events = pbx.poll(3).await.unwrap();
    assert_eq!(events.user[0].cn, format!("{T} 3"));
    assert_eq!(events.call[0].no[0].cn, T);
    let info =
        vec![Info { r#type: s("a"), vali: 1, vals: s("") }, Info { r#type: s("b"), vali: -1, vals: s(T) }];
    let request = UserCallRequest { user: 3, e164: s("201"), info, ..Default::default() };
    assert_eq!(pbx.user_call(request).await.unwrap(), 7003);
    // An operation the implementation leaves out.
    let err = pbx.version().await.unwrap_err();
    assert_eq!(err.fault().unwrap().code_local(), "Server.notImplemented", "{err}");

    // The WSDL, pointing at the server.
    let wsdl = reqwest::get(format!("{}?wsdl", server.endpoint("pbxPort").unwrap()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(wsdl.contains(&format!("location=\"{}\"", server.endpoint("pbxPort").unwrap())), "{wsdl}");
    server.shutdown().await;
}
