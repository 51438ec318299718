//! Every sipXconfig operation against Apache Axis 1.4 itself
//! (`tests/axis/`): Axis's WSDL2Java turns each `wsdl/sipxconfig/*.wsdl`
//! into server-side Java, implemented to answer from
//! `tests/php/cases/sipxconfig/<service>.json` (arguments checked on the
//! Java side), all six services deployed on one SimpleAxisServer. The calls
//! and expected answers are the PHP tests' (`scenarios::sipxconfig`); the
//! answers are what Axis serialises, which the hand-written fixtures of
//! `sipx_axis_responses.rs` imitate: the last test holds those fixtures'
//! conventions against Axis's real output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::SoapClient;
use pbx_soap::sipxconfig::*;
use pbx_soap_tests::axis_peer::{AxisServer, refused_arguments as arguments};
use pbx_soap_tests::interop::assert_every_operation_called;
use pbx_soap_tests::peer_front::Front;
use pbx_soap_tests::php_peer::wsdl;
use pbx_soap_tests::scenarios::sipxconfig as calls;

/// A recording front for the shared Axis server and a client for
/// `service` through it.
async fn service(service: &str) -> (Front, SoapClient) {
    let front = AxisServer::shared().front().await;
    let client = SoapClient::new(front.url(&format!("/axis/services/{service}"))).unwrap();
    (front, client)
}

fn check(front: &Front, stem: &str) {
    assert_every_operation_called(&wsdl("sipxconfig", &format!("{stem}.wsdl")), &front.requests());
}

#[tokio::test]
async fn user_service_against_axis() {
    let (front, client) = service("UserService").await;
    calls::user_service(&UserService::new(client)).await;
    check(&front, "user");
}

#[tokio::test]
async fn call_group_service_against_axis() {
    let (front, client) = service("CallGroupService").await;
    calls::call_group_service(&CallGroupService::new(client)).await;
    check(&front, "call_group");
}

#[tokio::test]
async fn park_orbit_service_against_axis() {
    let (front, client) = service("ParkOrbitService").await;
    calls::park_orbit_service(&ParkOrbitService::new(client)).await;
    check(&front, "park_orbit");
}

#[tokio::test]
async fn permission_service_against_axis() {
    let (front, client) = service("PermissionService").await;
    calls::permission_service(&PermissionService::new(client)).await;
    check(&front, "permission");
}

#[tokio::test]
async fn phone_service_against_axis() {
    let (front, client) = service("PhoneService").await;
    calls::phone_service(&PhoneService::new(client)).await;
    check(&front, "phone");
}

#[tokio::test]
async fn test_service_against_axis() {
    let (front, client) = service("TestService").await;
    calls::test_service(&TestService::new(client)).await;
    check(&front, "test");
}

#[tokio::test]
async fn axis_writes_what_the_hand_written_fixtures_say_it_writes() {
    let (front, client) = service("UserService").await;
    calls::user_service(&UserService::new(client)).await;
    let exchanges = front.exchanges();
    let find = exchanges
        .iter()
        .find(|e| String::from_utf8_lossy(&e.request).contains("FindUser"))
        .expect("a findUser exchange");
    assert_eq!(find.status, 200);
    let xml = String::from_utf8(find.response.clone()).unwrap();
    // One line, the XML declaration first.
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><soapenv:Envelope"), "{xml}");
    assert!(!xml.contains('\n'), "{xml}");
    // A default-namespaced wrapper, `xmlns=""` on its unqualified child,
    // the wrapped array's items as `item`.
    let wrapper = "<FindUserResponse xmlns=\"http://www.sipfoundry.org/2007/08/21/ConfigService\"><users xmlns=\"\"><item>";
    assert!(xml.contains(wrapper), "{xml}");
    // A null nillable minOccurs=1 field as xsi:nil; a null (or empty)
    // minOccurs=0 array left out; an inline array as repeated elements.
    assert!(xml.contains("<userName>223</userName><pintoken xsi:nil=\"true\"/>"), "{xml}");
    assert!(xml.contains("<aliases>a</aliases><aliases>b</aliases>"), "{xml}");
    assert!(!xml.contains("<permissions"), "{xml}");
    // Markup escaped, the apostrophe not; non-ASCII as character references.
    let tricky = "a&amp;b&lt;c&gt;&quot;d'e &#x2014; M&#xFC;ller &#x2713; &#x6F22;&#x5B57;";
    assert!(xml.contains(&format!("<lastName>{tricky}</lastName>")), "{xml}");
    // An operation whose output message has no parts still gets an empty
    // wrapper named after the operation (which the WSDL does not declare:
    // the client reads it as the nothing it stands for).
    let add = exchanges
        .iter()
        .find(|e| String::from_utf8_lossy(&e.request).contains("AddUser"))
        .expect("an addUser exchange");
    let add = String::from_utf8_lossy(&add.response);
    let empty = "<soapenv:Body><AddUserResponse xmlns=\"http://www.sipfoundry.org/2007/08/21/ConfigService\"/></soapenv:Body>";
    assert!(add.contains(empty), "{add}");
}

#[tokio::test]
async fn axis_own_http_without_the_front() {
    // SimpleAxisServer speaks HTTP/1.0 and closes every connection.
    let client = SoapClient::new(AxisServer::shared().url("ParkOrbitService")).unwrap();
    let orbits = ParkOrbitService::new(client);
    for _ in 0..3 {
        assert_eq!(orbits.get_park_orbits().await.unwrap(), vec![]);
    }
}

#[tokio::test]
async fn the_java_side_refuses_arguments_no_case_has() {
    let client = SoapClient::new(AxisServer::shared().url("UserService")).unwrap();
    let search = UserSearch { by_group: Some("Managers".into()), ..Default::default() };
    let err = UserService::new(client).find_user(search).await.unwrap_err();
    let fault = err.fault().expect("a fault");
    assert_eq!((fault.code_local(), fault.string.as_str()), ("Client", "unexpected arguments for findUser"));
    let arguments = arguments(fault.detail.as_deref());
    assert!(arguments.contains(r#""byGroup":"Managers""#), "{arguments}");
}
