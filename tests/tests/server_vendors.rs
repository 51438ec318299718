//! Every operation of every vendor, the generated client against the
//! generated server: the scenarios' `Peer`s (the server traits implemented
//! from the values of `tests/php/cases/`) check the arguments they receive
//! and answer the cases' results, which the scenarios' calls check. Values
//! are equal both ways, and every operation of every port is served.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::brekeke::UserImpl;
use pbx_soap::innovaphone::PbxPort;
use pbx_soap::monema::PbTamtamPort;
use pbx_soap::rt::SoapClient;
use pbx_soap::sipxconfig::*;
use pbx_soap_tests::interop::TRICKY as T;
use pbx_soap_tests::scenarios::{brekeke, innovaphone, monema, sipxconfig};

fn client(url: Option<String>) -> SoapClient {
    SoapClient::new(url.expect("the service is mounted")).unwrap()
}

#[tokio::test]
async fn every_sipxconfig_operation_against_our_server() {
    let peer = sipxconfig::Peer::default();
    let server = peer.serve().await;
    // The six services on one host, each at its soap:address path.
    let soap = client(server.endpoint("UserService"));
    assert!(soap.endpoint().ends_with("/sipxconfig/services/UserService"), "{}", soap.endpoint());
    let at = |service: &str| soap.with_endpoint(&server.endpoint(service).unwrap()).unwrap();
    sipxconfig::user_service(&UserService::new(at("UserService"))).await;
    sipxconfig::call_group_service(&CallGroupService::new(at("CallGroupService"))).await;
    sipxconfig::park_orbit_service(&ParkOrbitService::new(at("ParkOrbitService"))).await;
    sipxconfig::permission_service(&PermissionService::new(at("PermissionService"))).await;
    sipxconfig::phone_service(&PhoneService::new(at("PhoneService"))).await;
    sipxconfig::test_service(&TestService::new(at("TestService"))).await;
    peer.served.assert_every_operation(&server);
    server.shutdown().await;
}

#[tokio::test]
async fn every_innovaphone_operation_against_our_server() {
    let peer = innovaphone::Peer::default();
    let server = peer.serve().await;
    let url = server.endpoint("pbxPort");
    assert!(url.as_deref().is_some_and(|u| u.ends_with("/PBX0/user.soap")), "{url:?}");
    innovaphone::every_operation(&PbxPort::new(client(url))).await;
    peer.served.assert_every_operation(&server);
    server.shutdown().await;
}

#[tokio::test]
async fn every_brekeke_operation_against_our_server() {
    let peer = brekeke::Peer::default();
    let server = peer.serve().await;
    let pbx = UserImpl::new(client(server.endpoint("UserImpl")));
    let fault = brekeke::every_operation(&pbx).await;
    // Written as Axis writes a Java exception: the envelope's prefix.
    assert_eq!(fault.code, "soapenv:Server.userException");
    let host = fault.detail::<String>().expect("a detail element").unwrap();
    assert_eq!(fault.detail_name(), Some((Some(brekeke::AXIS_NS.to_owned()), "hostname".to_owned())));
    assert_eq!(host, "pbx01");
    // The null Axis sends for a property without a value has no place in
    // the typed answer: the service says so with a fault.
    let err = pbx.get_user_property("4005".into(), "pin".into()).await.unwrap_err();
    assert!(err.fault().unwrap().string.contains("cannot carry"), "{err}");
    peer.served.assert_every_operation(&server);
    server.shutdown().await;
}

#[tokio::test]
async fn every_monema_operation_against_our_server() {
    let peer = monema::Peer::default();
    let server = peer.serve().await;
    let port = PbTamtamPort::new(client(server.endpoint("pb_tamtamPort")));
    let faults = monema::every_operation(&port).await;
    assert_eq!(faults.sms.code, "soapenv:Server");
    let escaped = T.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    assert_eq!(faults.sms.detail.as_deref(), Some(escaped.as_str()));
    assert_eq!(faults.unexpected.code, "soapenv:Client");
    peer.served.assert_every_operation(&server);
    server.shutdown().await;
}
