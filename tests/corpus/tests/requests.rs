//! One operation of each corpus case that exercises the binding side,
//! called with its generated client against a recording server: the
//! request must equal the case's hand-written fixture
//! (`fixtures/requests/`) after XML normalisation, and the answer must
//! decode (output header blocks, SOAP 1.2, typed fault details included).
//!
//! - zeep `soap_header.wsdl`: client-level header blocks taken out of the
//!   body message, an output header block;
//! - zeep `soap_import_main.wsdl`: `wsdl:import` of a WSDL that imports
//!   the SOAP-ENC schema by http URL;
//! - lnp `NumberManagement.wsdl`: `xsd:import` directly in `wsdl:types`,
//!   rpc/literal, a declared fault decoded into its type;
//! - Salesforce partner 6.0: client-level (`SessionHeader`, `CallOptions`)
//!   and per-call (`QueryOptions`) header blocks;
//! - Exchange EWS (no `wsdl:service`): a client per binding, a client-level
//!   header block, the `ServerVersionInfo` output header block;
//! - ONVIF device management (SOAP 1.2 only, no `wsdl:service`): a SOAP 1.2
//!   envelope and content type with a WS-Security UsernameToken digest.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use pbx_soap::rt::{Error, Header, SoapClient, WsSecurity};
use pbx_soap_corpus::generated::*;
use pbx_soap_tests::http_stub::{Recorded, Reply, StubServer};
use pbx_soap_tests::xml_norm::normalize;

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/requests/{name}.xml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_request(body: &str, name: &str) {
    let got = normalize(body).unwrap_or_else(|e| panic!("{name}: the request is not XML: {e}\n{body}"));
    let want = normalize(&fixture(name)).unwrap_or_else(|e| panic!("{name}: the fixture is not XML: {e}"));
    assert!(
        got == want,
        "{name}: the envelope differs\n--- sent:\n{got}\n--- expected:\n{want}\n--- raw:\n{body}"
    );
}

/// A server answering every request with `reply`, and a SOAP client for it.
async fn server(reply: Reply) -> (StubServer, SoapClient) {
    let stub = StubServer::start(move |_: &Recorded| reply.clone()).await.unwrap();
    let soap = SoapClient::new(stub.url("/soap")).unwrap();
    (stub, soap)
}

fn only_request(stub: &StubServer) -> Recorded {
    let requests = stub.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    requests.into_iter().next().unwrap()
}

const SOAP11: &str = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">"#;

#[tokio::test]
async fn zeep_soap_header() {
    use c_zeep_soap_header::*;
    let answer = format!(
        r#"{SOAP11}<soapenv:Header><body>quote delayed</body></soapenv:Header><soapenv:Body>
           <q:TradePrice xmlns:q="http://example.com/stockquote.xsd"><price>12.5</price></q:TradePrice>
           </soapenv:Body></soapenv:Envelope>"#
    );
    let (stub, soap) = server(Reply::xml(200, answer)).await;
    let mut port = StockQuotePort::new(soap);
    port.headers_mut().authentication =
        Some(Header::new(Authentication { username: "alice".into(), password: "s3cret".into() }));
    port.headers_mut().token = Some(Token { value: "token-1".into() }.into());
    let answer = port.get_last_trade_price_with_headers("ACME".into()).await.unwrap();
    assert_eq!(answer.body, 12.5);
    assert_eq!(answer.headers.body.as_deref(), Some("quote delayed"));
    let request = only_request(&stub);
    assert_eq!(request.header("SOAPAction"), Some("\"http://example.com/GetLastTradePrice\""));
    assert_request(&request.body_text(), "zeep_soap_header");
    // The client's Debug output does not show header values (a password).
    assert!(!format!("{port:?}").contains("s3cret"));
}

#[tokio::test]
async fn zeep_soap_import() {
    use c_zeep_soap_import::*;
    let answer = format!(
        r#"{SOAP11}<soapenv:Body><q:TradePrice xmlns:q="http://example.com/stockquote.xsd"><price>3</price>
           </q:TradePrice></soapenv:Body></soapenv:Envelope>"#
    );
    let (stub, soap) = server(Reply::xml(200, answer)).await;
    let request = TradePriceRequest {
        ticker_symbol: "ACME".into(),
        account: Some(Account { id: 7, user: "bob".into() }),
        country: Country { name: "Netherlands".into(), code: "NL".into() },
    };
    assert_eq!(StockQuotePort::new(soap).get_last_trade_price(request).await.unwrap(), 3.0);
    assert_request(&only_request(&stub).body_text(), "zeep_soap_import");
}

#[tokio::test]
async fn lnp_number_management_and_its_declared_fault() {
    use c_lnp_numbermanagement::*;
    let fault = format!(
        r#"{SOAP11}<soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode>
           <faultstring>no such number</faultstring><detail>
           <m:NumberManagementError xmlns:m="http://localhost/model/version_1/number">
             <errorCode>404</errorCode><errorMessage>+441632960000 is unknown</errorMessage>
           </m:NumberManagementError></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#
    );
    let (stub, soap) = server(Reply::xml(500, fault)).await;
    let err =
        NumberManagement::new(soap).porting_qualification("+441632960000".into(), 10).await.unwrap_err();
    assert_request(&only_request(&stub).body_text(), "lnp_porting_qualification");
    let Error::Fault(fault) = err else { panic!("expected a fault, got {err:?}") };
    let typed = fault.typed::<NumberManagementFault>().unwrap().unwrap();
    let NumberManagementFault::NumberManagementError(detail) = typed;
    assert_eq!(detail.error_code, 404);
    assert_eq!(detail.error_message, "+441632960000 is unknown");
}

#[tokio::test]
async fn salesforce_client_level_and_per_call_headers() {
    use c_salesforce_partner_v6::*;
    let answer = format!(
        r#"{SOAP11}<soapenv:Body><queryResponse xmlns="urn:partner.soap.sforce.com"><result>
           <done>true</done><queryLocator xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>
           <size>0</size></result></queryResponse></soapenv:Body></soapenv:Envelope>"#
    );
    let (stub, soap) = server(Reply::xml(200, answer)).await;
    let mut sf = Soap::new(soap);
    sf.headers_mut().session_header = Some(SessionHeader { session_id: "00Dx0000000session".into() }.into());
    sf.headers_mut().call_options = Some(CallOptions { client: "pbx-soap-tests".into() }.into());
    let per_call = QueryHeaders { query_options: Some(QueryOptions { batch_size: Some(200) }.into()) };
    let result = sf.query_with_headers("SELECT Id FROM Contact".into(), per_call).await.unwrap();
    assert!(result.body.done && result.body.records.is_empty());
    assert_request(&only_request(&stub).body_text(), "salesforce_query");
}

#[tokio::test]
async fn ews_without_a_service_with_headers_in_and_out() {
    use c_ms_ews::*;
    let answer = format!(
        r#"{SOAP11}<soapenv:Header><t:ServerVersionInfo MajorVersion="15" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"/>
           </soapenv:Header><soapenv:Body>
           <m:GetUserOofSettingsResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
           <m:ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:ResponseMessage>
           </m:GetUserOofSettingsResponse></soapenv:Body></soapenv:Envelope>"#
    );
    let (stub, soap) = server(Reply::xml(200, answer)).await;
    let mut ews = ExchangeServiceBinding::new(soap);
    let smtp = PrimarySmtpAddressType { value: "boss@example.com".into() };
    let sid = ConnectingSidType { choice: ConnectingSidTypeChoice::PrimarySmtpAddress(Box::new(smtp)) };
    let impersonation = ExchangeImpersonationType { other_attributes: vec![], connecting_sid: sid };
    ews.headers_mut().exchange_impersonation = Some(impersonation.into());
    let mailbox = EmailAddress { address: "alice@example.com".into(), ..Default::default() };
    let answer = ews.get_user_oof_settings_with_headers(mailbox).await.unwrap();
    // Without `xsi:type`, the response message is of its declared type.
    let AnyResponseMessageType::ResponseMessageType(message) = &answer.body.response_message else {
        panic!("{:?}", answer.body.response_message)
    };
    assert_eq!(message.response_code, Some(ResponseCodeType::NoError));
    assert!(answer.headers.server_version_info.is_some());
    let request = only_request(&stub);
    assert_eq!(
        request.header("SOAPAction"),
        Some("\"http://schemas.microsoft.com/exchange/services/2006/messages/GetUserOofSettings\"")
    );
    assert_request(&request.body_text(), "ews_get_user_oof_settings");
}

#[tokio::test]
async fn onvif_soap12_with_a_ws_security_digest() {
    use c_onvif_devicemgmt::*;
    let answer = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>
        <tds:GetDeviceInformationResponse xmlns:tds="http://www.onvif.org/ver10/device/wsdl">
        <tds:Manufacturer>Acme</tds:Manufacturer><tds:Model>Cam 1</tds:Model><tds:FirmwareVersion>2.0</tds:FirmwareVersion>
        <tds:SerialNumber>42</tds:SerialNumber><tds:HardwareId>7</tds:HardwareId>
        </tds:GetDeviceInformationResponse></env:Body></env:Envelope>"#;
    let stub =
        StubServer::start(move |_: &Recorded| Reply::new(200, "application/soap+xml; charset=utf-8", answer))
            .await
            .unwrap();
    let soap = SoapClient::builder(stub.url("/onvif/device_service"))
        .ws_security(WsSecurity::username_token_digest("admin", "cam-password"))
        .build()
        .unwrap();
    let info = DeviceBinding::new(soap).get_device_information().await.unwrap();
    assert_eq!((info.manufacturer.as_str(), info.serial_number.as_str()), ("Acme", "42"));

    let request = only_request(&stub);
    assert_eq!(
        request.header("Content-Type"),
        Some(
            r#"application/soap+xml; charset=utf-8; action="http://www.onvif.org/ver10/device/wsdl/GetDeviceInformation""#
        )
    );
    assert_eq!(request.header("SOAPAction"), None);
    let body = request.body_text();
    assert!(!body.contains("cam-password"), "{body}");
    let nonce = text_of(&body, "Nonce");
    let created = text_of(&body, "Created");
    let digest = text_of(&body, "Password");
    let raw_nonce = base64::engine::general_purpose::STANDARD.decode(&nonce).unwrap();
    assert_eq!(raw_nonce.len(), 16);
    assert_eq!(digest, WsSecurity::password_digest(&raw_nonce, &created, "cam-password"));
    assert!(created.ends_with('Z') && created.len() == 20, "{created}");
    let placeholders = body.replace(&nonce, "NONCE").replace(&created, "CREATED").replace(&digest, "DIGEST");
    assert_request(&placeholders, "onvif_get_device_information");
}

/// The text of the first element whose local name is `local`.
fn text_of(xml: &str, local: &str) -> String {
    let open = xml.find(&format!(":{local}")).unwrap_or_else(|| panic!("no {local} in {xml}"));
    let start = open + xml[open..].find('>').unwrap() + 1;
    let end = start + xml[start..].find('<').unwrap();
    xml[start..end].to_owned()
}
