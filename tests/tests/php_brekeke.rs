//! Every Brekeke UserImpl operation (rpc/encoded, as Axis serves it)
//! against PHP's SoapServer loaded with `wsdl/brekeke/userimpl.wsdl`: the
//! server checks the arguments against `tests/php/cases/brekeke.json` and
//! answers its results, checked here; every request equals PHP SoapClient's
//! for the same call, except the second createUser overload, which PHP's
//! SoapClient cannot build (the reason is in the cases file).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::brekeke::*;
use pbx_soap::rt::SoapClient;
use pbx_soap_tests::interop::{TRICKY as T, assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file, wsdl};

fn s(v: &str) -> String {
    v.to_owned()
}

#[tokio::test]
async fn every_brekeke_operation_against_php() {
    let wsdl = wsdl("brekeke", "userimpl.wsdl");
    let cases = php_file("cases/brekeke.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let pbx = UserImpl::new(SoapClient::new(peer.url("/pbx/services/UserImpl")).unwrap());

    // The vendor's sample.
    let answer =
        pbx.call_control(s("4005"), s("4005"), vec![s("4007")], s(CallType::CallerFirst.as_str())).await;
    assert_eq!(answer.unwrap(), "succeeded: 1234");
    assert_eq!(pbx.get_user_property_names().await.unwrap(), [s("name"), s("email"), s("pin"), s(T)]);
    let values = pbx.get_user_properties(s("4005"), vec![s("name"), s("email"), s("")]).await.unwrap();
    assert_eq!(values, [s(T), s(""), s("ann@example.com")]);
    let names: Vec<String> = (0..200).map(|i| format!("p{i:03}")).collect();
    let values: Vec<String> = (0..200).map(|i| format!("v{i:03}")).collect();
    pbx.set_user_properties(s("4005"), names, values).await.unwrap();
    assert_eq!(pbx.get_user_property(s(T), s("")).await.unwrap(), "");
    pbx.set_user_property(s("4005"), s("name"), s(T)).await.unwrap();
    assert!(pbx.create_user(s("4010"), s(T)).await.unwrap());
    assert!(!pbx.create_user2(s("4011")).await.unwrap());
    assert!(pbx.delete_user(s("4010")).await.unwrap());

    // A Java exception as Axis reports it, thrown by the PHP service.
    let err = pbx.delete_user(s("4099")).await.unwrap_err();
    let fault = err.fault().expect("a fault");
    // PHP prefixes only the four SOAP 1.1 codes; Axis writes
    // `soapenv:Server.userException` (see tests/brekeke.rs).
    assert_eq!((fault.code.as_str(), fault.code_ns.as_deref()), ("Server.userException", None));
    assert_eq!(fault.string, "java.lang.IllegalArgumentException: no such user: 4099");
    assert_eq!(fault.detail.as_deref(), Some("pbx01"));

    let requests = peer.requests();
    assert_every_operation_called(&wsdl, &requests);
    assert_requests_equal_php(&wsdl, &cases, &requests);
}
