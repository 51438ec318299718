//! Every Monema operation against PHP's SoapServer loaded with
//! `wsdl/monema/pb_tamtam.wsdl` (the vendor runs a PHP SoapServer): the
//! server checks the arguments against `tests/php/cases/monema.json` and
//! answers that file's results, which are checked here; every request equals
//! the envelope PHP's SoapClient builds for the same call. The calls are
//! `pbx_soap_tests::scenarios::monema`'s.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::monema::PbTamtamPort;
use pbx_soap::rt::SoapClient;
use pbx_soap_tests::interop::{TRICKY as T, assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file, wsdl};
use pbx_soap_tests::scenarios::monema::every_operation;

#[tokio::test]
async fn every_monema_operation_against_php() {
    let wsdl = wsdl("monema", "pb_tamtam.wsdl");
    let cases = php_file("cases/monema.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let port = PbTamtamPort::new(SoapClient::new(peer.url("/pb_tamtam_wsdl.php")).unwrap());
    let faults = every_operation(&port).await;
    // PHP prefixes the four SOAP 1.1 codes with SOAP-ENV; a string detail
    // is its text.
    assert_eq!(faults.sms.code, "SOAP-ENV:Server");
    assert_eq!(
        faults.sms.detail.as_deref(),
        Some(T.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").as_str())
    );
    assert_eq!(faults.unexpected.code, "SOAP-ENV:Client");

    let requests = peer.requests();
    assert_every_operation_called(&wsdl, &requests);
    assert_requests_equal_php(&wsdl, &cases, &requests);
}
