//! Every Brekeke UserImpl operation (rpc/encoded, as Axis serves it)
//! against PHP's SoapServer loaded with `wsdl/brekeke/userimpl.wsdl`: the
//! server checks the arguments against `tests/php/cases/brekeke.json` and
//! answers its results, checked by `pbx_soap_tests::scenarios::brekeke`; every request equals PHP SoapClient's
//! for the same call, except the second createUser overload, which PHP's
//! SoapClient cannot build (the reason is in the cases file).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::brekeke::UserImpl;
use pbx_soap::rt::SoapClient;
use pbx_soap_tests::interop::{assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file, wsdl};
use pbx_soap_tests::scenarios::brekeke::{a_null_property, every_operation};

#[tokio::test]
async fn every_brekeke_operation_against_php() {
    let wsdl = wsdl("brekeke", "userimpl.wsdl");
    let cases = php_file("cases/brekeke.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let pbx = UserImpl::new(SoapClient::new(peer.url("/pbx/services/UserImpl")).unwrap());

    let fault = every_operation(&pbx).await;
    a_null_property(&pbx).await;
    // PHP prefixes only the four SOAP 1.1 codes; Axis writes
    // `soapenv:Server.userException` (see tests/axis_brekeke.rs).
    assert_eq!((fault.code.as_str(), fault.code_ns.as_deref()), ("Server.userException", None));
    assert_eq!(fault.detail.as_deref(), Some("pbx01"));

    let requests = peer.requests();
    assert_every_operation_called(&wsdl, &requests);
    assert_requests_equal_php(&wsdl, &cases, &requests);
}
