//! Every Monema operation against PHP's SoapServer loaded with
//! `wsdl/monema/pb_tamtam.wsdl` (the vendor runs a PHP SoapServer): the
//! server checks the arguments against `tests/php/cases/monema.json` and
//! answers that file's results, which are checked here; every request equals
//! the envelope PHP's SoapClient builds for the same call.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::monema::*;
use pbx_soap::rt::{Error, SoapClient};
use pbx_soap_tests::interop::{TRICKY as T, assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file, wsdl};

const L: &str = "acme";

fn s(v: &str) -> String {
    v.to_owned()
}

#[tokio::test]
async fn every_monema_operation_against_php() {
    let wsdl = wsdl("monema", "pb_tamtam.wsdl");
    let cases = php_file("cases/monema.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let port = PbTamtamPort::new(SoapClient::new(peer.url("/pb_tamtam_wsdl.php")).unwrap());
    let big_id = 9_007_199_254_740_993_i64;

    assert_eq!(port.c_get_credit(s(L), s(T)).await.unwrap(), 1_234_567.125);

    let request = CGetCallsRequest {
        client_login: s(L),
        client_password: s(T),
        date_start: s("2026-11-01 00:00:00"),
        date_end: s(""),
        from_id: s(""),
        r#type: s(CallFilter::Incoming.as_str()),
    };
    let calls = port.c_get_calls(request).await.unwrap();
    let expected = vec![
        Calls {
            id: big_id,
            clients_id: 7,
            src: s(T),
            dst: s(""),
            duration: i32::MAX,
            disposition: s("ANSWERED"),
            uniqueid: s("1700000000.42"),
            recorded: true,
            calldate: 1_763_900_000,
            accountcode: -1,
            cost: -0.5,
            ext_src_recorded: false,
            ext_dst_recorded: true,
        },
        Calls {
            id: 2,
            clients_id: 7,
            src: s("201"),
            dst: s("202"),
            duration: 0,
            disposition: s("NO ANSWER"),
            uniqueid: s(""),
            recorded: false,
            calldate: 0,
            accountcode: 0,
            cost: 1_234_567.125,
            ext_src_recorded: false,
            ext_dst_recorded: false,
        },
    ];
    assert_eq!(calls, expected);

    assert_eq!(port.c_get_call_tags(s(L), s(T), s("9")).await.unwrap(), vec![]);

    let variables = format!("{{CALLERID}}=\"{T}\"");
    let request = CMakeCallRequest {
        client_login: s(L),
        client_password: s(T),
        source_ext: s("201"),
        dest_ext: s("0034600000000"),
        variables,
    };
    assert!(port.c_make_call(request).await.unwrap());

    let request = CMakeCallResponseRequest {
        client_login: s(L),
        client_password: s(T),
        source_ext: s("201"),
        dest_ext: s("202"),
        variables: s(""),
    };
    let answer = MakeCallResult::from(port.c_make_call_response(request).await.unwrap());
    assert_eq!(answer, MakeCallResult { ok: false, status: MakeCallStatus::NoAnswer, uniqueid: s("") });

    let link = port.c_get_call_download_link(s(L), s(T), big_id).await.unwrap();
    assert_eq!(link, format!("https://srv/rec?id={big_id}&t={}", "x".repeat(300)));

    let extensions = port.c_get_extensions(s(L), s(T)).await.unwrap();
    let expected: Vec<Extensions> = (1..=50)
        .map(|i| Extensions { id: i, users_id: -i, clients_id: 7, extnumber: 200 + i as i32 })
        .collect();
    assert_eq!(extensions, expected);

    let request = CEnableExtensionTransferRequest {
        client_login: s(L),
        client_password: s(T),
        extension_id: -7,
        dst_number: s(T),
        is_external: true,
    };
    assert!(port.c_enable_extension_transfer(request).await.unwrap());
    assert!(!port.c_disable_extension_transfer(s(L), s(T), 0).await.unwrap());

    let status = port.c_get_extension_transfer_status(s(L), s(T), 31).await.unwrap();
    assert_eq!(
        status,
        CGetExtensionTransferStatusResponse { enabled: true, number: s(T), is_external: false }
    );

    let sms = |message: String| CSendSmsRequest {
        client_login: s(L),
        client_password: s(T),
        caller_id: s("Sales"),
        dst_number: s("0034600000000"),
        message,
    };
    assert!(port.c_send_sms(sms(format!("{T}\nline 2"))).await.unwrap());
    // A SoapFault thrown by the PHP service arrives typed.
    let err = port.c_send_sms(sms(s("fail"))).await.unwrap_err();
    let fault = err.fault().expect("a fault");
    assert_eq!(fault.code, "SOAP-ENV:Server");
    assert_eq!(fault.string, "SMS gateway down");
    assert_eq!(
        fault.detail.as_deref(),
        Some(T.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").as_str())
    );

    let modems = port.c_get_fax_modems(s(L), s(T)).await.unwrap();
    assert_eq!(modems, (0..100).map(|i| format!("modem-{i:03}")).collect::<Vec<_>>());
    assert_eq!(port.c_start_fax_upload(s(L), s(T)).await.unwrap(), "fx-77");
    let chunk =
        vec![0, 1, 2, 0xfd, 0xfe, 0xff, b'%', b'P', b'D', b'F', b'-', b'1', b'.', b'4', b'\n', 0xc3, 0xa4];
    assert_eq!(port.c_upload_fax_chunk(s(L), s(T), s("fx-77"), chunk).await.unwrap(), 4_294_967_296);
    let request = CSendFaxRequest {
        client_login: s(L),
        client_password: s(T),
        session_id: s("fx-77"),
        fax_modem: s("modem-000"),
        dest_numbers: s("1555000000,1555000001"),
        use_cover: true,
        cover_dest_name: s(T),
        cover_dest_subject: s("Invoice"),
        ..Default::default()
    };
    assert!(port.c_send_fax(request).await.unwrap());

    // Arguments the service does not expect: PHP's Client fault, whose
    // detail is what PHP decoded.
    let err = port.c_get_credit(s(L), s("wrong")).await.unwrap_err();
    let fault = err.fault().expect("a fault");
    assert_eq!(
        (fault.code.as_str(), fault.string.as_str()),
        ("SOAP-ENV:Client", "unexpected arguments for C_getCredit")
    );
    assert!(fault.detail.as_deref().unwrap().contains("wrong"), "{:?}", fault.detail);
    assert!(matches!(err, Error::Fault(_)));

    let requests = peer.requests();
    assert_every_operation_called(&wsdl, &requests);
    assert_requests_equal_php(&wsdl, &cases, &requests);
}
