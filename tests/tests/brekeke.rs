//! Brekeke UserImpl (Axis 1.x, rpc/encoded) through the generated client
//! on 127.0.0.1: the vendor sample's envelope and others equal what PHP's
//! SoapClient sends for the same calls; Axis-shaped answers decode, a Java
//! exception is a typed `Server.userException` fault; the plain-HTTP
//! click-to-call.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::brekeke::*;
use pbx_soap::rt::{Error, SoapClient};
use pbx_soap_tests::fixtures::{assert_request, read};
use pbx_soap_tests::http_stub::{Recorded, Reply, StubServer};

/// A server answering every request with `body`, and a client for it.
async fn serve(body: String) -> (StubServer, UserImpl) {
    let status = if body.contains("Fault>") { 500 } else { 200 };
    let server = StubServer::start(move |_| Reply::xml(status, body.clone())).await.unwrap();
    let client = SoapClient::new(server.url("/pbx/services/UserImpl")).unwrap();
    (server, UserImpl::new(client))
}

fn last(server: &StubServer) -> Recorded {
    server.requests().pop().expect("no request")
}

#[tokio::test]
async fn call_control_sends_the_vendor_sample_and_returns_the_answer() {
    let (server, pbx) = serve(read("brekeke", "responses", "call_control")).await;
    let answer = pbx
        .call_control(
            "4005".into(),
            "4005".into(),
            vec!["4007".into()],
            CallType::CallerFirst.as_str().into(),
        )
        .await
        .unwrap();
    assert_eq!(answer, "succeeded: 1234");
    let req = last(&server);
    assert_request(&req, "brekeke", "call_control");
    // Axis binds soapAction="" and SOAP 1.1 wants it quoted.
    assert_eq!(req.header("SOAPAction"), Some("\"\""));
}

#[tokio::test]
async fn string_arrays_go_out_typed_and_come_back_whatever_the_items_are_called() {
    let (server, pbx) = serve(read("brekeke", "responses", "get_user_properties")).await;
    let names = vec!["name".to_owned(), "email".to_owned()];
    pbx.set_user_properties(
        "4005".into(),
        names.clone(),
        vec!["Ann & Bo <x>".into(), "ann@example.com".into()],
    )
    .await
    .unwrap_err(); // the canned answer is getUserProperties'; only the request matters here
    assert_request(&last(&server), "brekeke", "set_user_properties");

    let got = pbx.get_user_properties("4005".into(), names).await.unwrap();
    assert_eq!(got, ["Ann & Bo <Müller>", "", "ann@example.com"]);
}

#[tokio::test]
async fn a_multi_referenced_array_and_an_empty_request() {
    let (server, pbx) = serve(read("brekeke", "responses", "get_user_property_names_multiref")).await;
    assert_eq!(pbx.get_user_property_names().await.unwrap(), ["name", "email"]);
    assert_request(&last(&server), "brekeke", "get_user_property_names");
}

#[tokio::test]
async fn a_java_exception_is_a_server_user_exception_fault() {
    let (_server, pbx) = serve(read("brekeke", "responses", "user_exception")).await;
    let err = pbx.delete_user("4099".into()).await.unwrap_err();
    let fault = err.fault().expect("a fault");
    assert_eq!(fault.code, "soapenv:Server.userException");
    assert_eq!(fault.code_ns.as_deref(), Some("http://schemas.xmlsoap.org/soap/envelope/"));
    assert_eq!(fault.string, "java.lang.IllegalArgumentException: no such user: 4099");
    assert!(fault.detail.as_deref().unwrap().contains("pbx01"), "{:?}", fault.detail);
}

#[tokio::test]
async fn the_overloads_are_two_methods() {
    let body = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns1:createUserResponse xmlns:ns1="http://localhost/pbx/services/UserImpl"><createUserReturn>true</createUserReturn></ns1:createUserResponse></soapenv:Body></soapenv:Envelope>"#;
    let (server, pbx) = serve(body.to_owned()).await;
    assert!(pbx.create_user("4010".into(), "pw".into()).await.unwrap());
    assert!(pbx.create_user2("4011".into()).await.unwrap());
    let bodies: Vec<String> = server.requests().iter().map(Recorded::body_text).collect();
    assert!(bodies[0].contains("<in1 ") && bodies[0].contains(">4010<"), "{}", bodies[0]);
    assert!(!bodies[1].contains("<in1") && bodies[1].contains(">4011<"), "{}", bodies[1]);
}

#[tokio::test]
async fn click_to_call_over_http() {
    let server = StubServer::start(|req: &Recorded| {
        if req.path.starts_with("/pbx/3pcc?") && req.method == "GET" {
            Reply::new(200, "text/plain", "succeeded: 5521\r\n")
        } else {
            Reply::new(404, "text/html", "<html>not found</html>")
        }
    })
    .await
    .unwrap();
    let pbx = UserImpl::new(SoapClient::new(server.url("/pbx/services/UserImpl")).unwrap());
    let call = ClickToCall {
        to: vec!["4007".into(), "4008".into()],
        from: "4005".into(),
        user: Some("4005".into()),
        call_type: CallType::Simultaneous,
        tenant: None,
    };
    assert_eq!(pbx.click_to_call(&call).await.unwrap(), "5521");
    let req = last(&server);
    assert_eq!(req.path, "/pbx/3pcc?to=4007%2C4008&from=4005&user=4005&type=1");

    // Anything but "succeeded: <id>" is refused with the PBX's words.
    let failing =
        StubServer::start(|_| Reply::new(200, "text/plain", "failed: user not found")).await.unwrap();
    let pbx = UserImpl::new(SoapClient::new(failing.url("/pbx/services/UserImpl")).unwrap());
    let err = pbx.click_to_call(&ClickToCall::new("4005", "4007")).await.unwrap_err();
    assert!(matches!(&err, Error::Refused { reason, .. } if reason.contains("user not found")), "{err:?}");
    // An HTTP error status is an HTTP error, and a call without callee is
    // refused before anything is sent.
    let err = UserImpl::new(SoapClient::new(server.url("/other/services/UserImpl")).unwrap())
        .click_to_call(&ClickToCall::new("4005", "4007"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 404, .. }), "{err:?}");
    let before = server.requests().len();
    let err =
        pbx.click_to_call(&ClickToCall { to: vec![], ..ClickToCall::new("4005", "") }).await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_eq!(server.requests().len(), before);
}
