//! Every sipXconfig operation (document/literal, as Axis 1.4 serves it)
//! against PHP's SoapServer, one per service WSDL under `wsdl/sipxconfig/`:
//! the server checks the arguments against
//! `tests/php/cases/sipxconfig/<service>.json` and answers its results,
//! checked by the calls of `pbx_soap_tests::scenarios::sipxconfig`; every
//! request equals PHP SoapClient's for the same call.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use pbx_soap::rt::SoapClient;
use pbx_soap::sipxconfig::*;
use pbx_soap_tests::interop::{assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file, wsdl};
use pbx_soap_tests::scenarios::sipxconfig as calls;

/// A PHP SoapServer for `wsdl/sipxconfig/<stem>.wsdl`, and a client for it
/// at the service's usual path.
async fn service(stem: &str, path: &str) -> (PhpPeer, SoapClient, PathBuf, PathBuf) {
    let wsdl = wsdl("sipxconfig", &format!("{stem}.wsdl"));
    let cases = php_file(&format!("cases/sipxconfig/{stem}.json"));
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let client = SoapClient::new(peer.url(&format!("/sipxconfig/services/{path}"))).unwrap();
    (peer, client, wsdl, cases)
}

fn check(peer: &PhpPeer, wsdl: &Path, cases: &Path) {
    let requests = peer.requests();
    assert_every_operation_called(wsdl, &requests);
    assert_requests_equal_php(wsdl, cases, &requests);
}

#[tokio::test]
async fn user_service_against_php() {
    let (peer, client, wsdl, cases) = service("user", "UserService").await;
    calls::user_service(&UserService::new(client)).await;
    check(&peer, &wsdl, &cases);
}

#[tokio::test]
async fn call_group_service_against_php() {
    let (peer, client, wsdl, cases) = service("call_group", "CallGroupService").await;
    calls::call_group_service(&CallGroupService::new(client)).await;
    check(&peer, &wsdl, &cases);
}

#[tokio::test]
async fn park_orbit_service_against_php() {
    let (peer, client, wsdl, cases) = service("park_orbit", "ParkOrbitService").await;
    calls::park_orbit_service(&ParkOrbitService::new(client)).await;
    check(&peer, &wsdl, &cases);
}

#[tokio::test]
async fn permission_service_against_php() {
    let (peer, client, wsdl, cases) = service("permission", "PermissionService").await;
    calls::permission_service(&PermissionService::new(client)).await;
    check(&peer, &wsdl, &cases);
}

#[tokio::test]
async fn phone_service_against_php() {
    let (peer, client, wsdl, cases) = service("phone", "PhoneService").await;
    calls::phone_service(&PhoneService::new(client)).await;
    check(&peer, &wsdl, &cases);
}

#[tokio::test]
async fn test_service_against_php() {
    let (peer, client, wsdl, cases) = service("test", "TestService").await;
    calls::test_service(&TestService::new(client)).await;
    check(&peer, &wsdl, &cases);
}
