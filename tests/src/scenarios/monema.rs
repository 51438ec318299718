//! Monema (rpc/encoded, served by PHP's SoapServer at the vendor): every
//! operation with the values of `tests/php/cases/monema.json`, answers
//! checked against the same file. PHP's SoapServer (`tests/php_monema.rs`)
//! and [`Peer`], the generated server trait answering from the same values
//! (`tests/server_monema.rs`), answer from it.

// Test assertions: failing loudly is what these functions are for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::monema::*;
use pbx_soap::rt::server::{Server, SoapFault};
use pbx_soap::rt::{Error, Fault};

use super::Served;
use crate::interop::TRICKY as T;

const L: &str = "acme";
const BIG_ID: i64 = 9_007_199_254_740_993;

fn s(v: &str) -> String {
    v.to_owned()
}

fn login() -> (String, String) {
    (s(L), s(T))
}

// ---- the values of the cases file -------------------------------------

fn calls_query() -> CGetCallsRequest {
    CGetCallsRequest {
        client_login: s(L),
        client_password: s(T),
        date_start: s("2026-11-01 00:00:00"),
        date_end: s(""),
        from_id: s(""),
        r#type: s(CallFilter::Incoming.as_str()),
    }
}

fn calls() -> Vec<Calls> {
    vec![
        Calls {
            id: BIG_ID,
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
    ]
}

fn make_call() -> CMakeCallRequest {
    CMakeCallRequest {
        client_login: s(L),
        client_password: s(T),
        source_ext: s("201"),
        dest_ext: s("0034600000000"),
        variables: format!("{{CALLERID}}=\"{T}\""),
    }
}

fn make_call_waiting() -> CMakeCallResponseRequest {
    CMakeCallResponseRequest {
        client_login: s(L),
        client_password: s(T),
        source_ext: s("201"),
        dest_ext: s("202"),
        variables: s(""),
    }
}

fn no_answer() -> CMakeCallResponseResponse {
    CMakeCallResponseResponse { ok: false, status: s("NO_ANSWER"), uniqueid: s("") }
}

fn download_link() -> String {
    format!("https://srv/rec?id={BIG_ID}&t={}", "x".repeat(300))
}

fn extensions() -> Vec<Extensions> {
    (1..=50).map(|i| Extensions { id: i, users_id: -i, clients_id: 7, extnumber: 200 + i as i32 }).collect()
}

fn transfer_on() -> CEnableExtensionTransferRequest {
    CEnableExtensionTransferRequest {
        client_login: s(L),
        client_password: s(T),
        extension_id: -7,
        dst_number: s(T),
        is_external: true,
    }
}

fn transfer_status() -> CGetExtensionTransferStatusResponse {
    CGetExtensionTransferStatusResponse { enabled: true, number: s(T), is_external: false }
}

fn sms(message: String) -> CSendSmsRequest {
    CSendSmsRequest {
        client_login: s(L),
        client_password: s(T),
        caller_id: s("Sales"),
        dst_number: s("0034600000000"),
        message,
    }
}

fn gateway_down() -> SoapFault {
    SoapFault::server("SMS gateway down").with_detail_text(T)
}

fn modems() -> Vec<String> {
    (0..100).map(|i| format!("modem-{i:03}")).collect()
}

fn chunk() -> Vec<u8> {
    vec![0, 1, 2, 0xfd, 0xfe, 0xff, b'%', b'P', b'D', b'F', b'-', b'1', b'.', b'4', b'\n', 0xc3, 0xa4]
}

fn fax() -> CSendFaxRequest {
    CSendFaxRequest {
        client_login: s(L),
        client_password: s(T),
        session_id: s("fx-77"),
        fax_modem: s("modem-000"),
        dest_numbers: s("1555000000,1555000001"),
        use_cover: true,
        cover_dest_name: s(T),
        cover_dest_subject: s("Invoice"),
        ..Default::default()
    }
}

// ---- the calls --------------------------------------------------------

/// What a peer answers with faults: the SMS that fails, and arguments no
/// case has (each peer writes them its own way).
#[derive(Debug)]
pub struct Faults {
    pub sms: Fault,
    pub unexpected: Fault,
}

/// Calls every operation and checks each answer.
pub async fn every_operation(port: &PbTamtamPort) -> Faults {
    assert_eq!(port.c_get_credit(s(L), s(T)).await.unwrap(), 1_234_567.125);
    assert_eq!(port.c_get_calls(calls_query()).await.unwrap(), calls());
    assert_eq!(port.c_get_call_tags(s(L), s(T), s("9")).await.unwrap(), vec![]);
    assert!(port.c_make_call(make_call()).await.unwrap());
    let answer = MakeCallResult::from(port.c_make_call_response(make_call_waiting()).await.unwrap());
    assert_eq!(answer, MakeCallResult { ok: false, status: MakeCallStatus::NoAnswer, uniqueid: s("") });
    assert_eq!(port.c_get_call_download_link(s(L), s(T), BIG_ID).await.unwrap(), download_link());
    assert_eq!(port.c_get_extensions(s(L), s(T)).await.unwrap(), extensions());
    assert!(port.c_enable_extension_transfer(transfer_on()).await.unwrap());
    assert!(!port.c_disable_extension_transfer(s(L), s(T), 0).await.unwrap());
    assert_eq!(port.c_get_extension_transfer_status(s(L), s(T), 31).await.unwrap(), transfer_status());
    assert!(port.c_send_sms(sms(format!("{T}\nline 2"))).await.unwrap());
    // A SoapFault thrown by the service arrives typed.
    let err = port.c_send_sms(sms(s("fail"))).await.unwrap_err();
    let sms = err.fault().expect("a fault").clone();
    assert_eq!((sms.code_local(), sms.string.as_str()), ("Server", "SMS gateway down"));
    assert_eq!(port.c_get_fax_modems(s(L), s(T)).await.unwrap(), modems());
    assert_eq!(port.c_start_fax_upload(s(L), s(T)).await.unwrap(), "fx-77");
    assert_eq!(port.c_upload_fax_chunk(s(L), s(T), s("fx-77"), chunk()).await.unwrap(), 4_294_967_296);
    assert!(port.c_send_fax(fax()).await.unwrap());

    // Arguments the service does not expect: a Client fault whose detail
    // shows what arrived.
    let err = port.c_get_credit(s(L), s("wrong")).await.unwrap_err();
    assert!(matches!(err, Error::Fault(_)));
    let unexpected = err.fault().expect("a fault").clone();
    assert_eq!(
        (unexpected.code_local(), unexpected.string.as_str()),
        ("Client", "unexpected arguments for C_getCredit")
    );
    assert!(unexpected.detail.as_deref().unwrap().contains("wrong"), "{:?}", unexpected.detail);
    Faults { sms, unexpected }
}

// ---- the service ------------------------------------------------------

/// The Monema port answering from the cases' values.
#[derive(Debug, Clone, Default)]
pub struct Peer {
    pub served: Served,
}

impl Peer {
    /// A server on 127.0.0.1 with the port at its `soap:address` path.
    pub async fn serve(&self) -> pbx_soap::rt::server::RunningServer {
        Server::builder().service(self.clone().into_service()).bind("127.0.0.1:0").await.unwrap()
    }
}

impl PbTamtamPortServer for Peer {
    async fn c_get_credit(&self, client_login: String, client_password: String) -> Result<f64, SoapFault> {
        self.served.reply((client_login, client_password), [(login(), Ok(1_234_567.125))])
    }

    async fn c_get_calls(&self, request: CGetCallsRequest) -> Result<Vec<Calls>, SoapFault> {
        self.served.reply(request, [(calls_query(), Ok(calls()))])
    }

    async fn c_get_call_tags(
        &self,
        client_login: String,
        client_password: String,
        call_id: String,
    ) -> Result<Vec<CallsTags>, SoapFault> {
        self.served.reply((client_login, client_password, call_id), [((s(L), s(T), s("9")), Ok(vec![]))])
    }

    async fn c_make_call(&self, request: CMakeCallRequest) -> Result<bool, SoapFault> {
        self.served.reply(request, [(make_call(), Ok(true))])
    }

    async fn c_make_call_response(
        &self,
        request: CMakeCallResponseRequest,
    ) -> Result<CMakeCallResponseResponse, SoapFault> {
        self.served.reply(request, [(make_call_waiting(), Ok(no_answer()))])
    }

    async fn c_get_call_download_link(
        &self,
        client_login: String,
        client_password: String,
        call_id: i64,
    ) -> Result<String, SoapFault> {
        self.served
            .reply((client_login, client_password, call_id), [((s(L), s(T), BIG_ID), Ok(download_link()))])
    }

    async fn c_get_extensions(
        &self,
        client_login: String,
        client_password: String,
    ) -> Result<Vec<Extensions>, SoapFault> {
        self.served.reply((client_login, client_password), [(login(), Ok(extensions()))])
    }

    async fn c_enable_extension_transfer(
        &self,
        request: CEnableExtensionTransferRequest,
    ) -> Result<bool, SoapFault> {
        self.served.reply(request, [(transfer_on(), Ok(true))])
    }

    async fn c_disable_extension_transfer(
        &self,
        client_login: String,
        client_password: String,
        extension_id: i64,
    ) -> Result<bool, SoapFault> {
        self.served.reply((client_login, client_password, extension_id), [((s(L), s(T), 0), Ok(false))])
    }

    async fn c_get_extension_transfer_status(
        &self,
        client_login: String,
        client_password: String,
        extension_id: i64,
    ) -> Result<CGetExtensionTransferStatusResponse, SoapFault> {
        self.served
            .reply((client_login, client_password, extension_id), [((s(L), s(T), 31), Ok(transfer_status()))])
    }

    async fn c_send_sms(&self, request: CSendSmsRequest) -> Result<bool, SoapFault> {
        self.served
            .reply(request, [(sms(format!("{T}\nline 2")), Ok(true)), (sms(s("fail")), Err(gateway_down()))])
    }

    async fn c_get_fax_modems(
        &self,
        client_login: String,
        client_password: String,
    ) -> Result<Vec<String>, SoapFault> {
        self.served.reply((client_login, client_password), [(login(), Ok(modems()))])
    }

    async fn c_start_fax_upload(
        &self,
        client_login: String,
        client_password: String,
    ) -> Result<String, SoapFault> {
        self.served.reply((client_login, client_password), [(login(), Ok(s("fx-77")))])
    }

    async fn c_upload_fax_chunk(
        &self,
        client_login: String,
        client_password: String,
        session_id: String,
        chunk_data: Vec<u8>,
    ) -> Result<i64, SoapFault> {
        let args = (client_login, client_password, session_id, chunk_data);
        self.served.reply(args, [((s(L), s(T), s("fx-77"), chunk()), Ok(4_294_967_296))])
    }

    async fn c_send_fax(&self, request: CSendFaxRequest) -> Result<bool, SoapFault> {
        self.served.reply(request, [(fax(), Ok(true))])
    }
}
