//! Nested SOAP-ENC arrays (`tests/xsd/nested_arrays.wsdl`, rpc/encoded):
//! `xsd:string[][]` and an array whose item type is an array type are
//! `Vec<Vec<T>>` both ways, with the `soapenc:arrayType` each level
//! declares; `xsd:byte[][]` is a list of byte arrays sent as base64Binary
//! (as Axis and .NET send them; PHP's SoapClient sends them as strings,
//! which the cases file records). PHP's SoapServer answers decode, and
//! PHP's SoapClient builds the same envelope for the arrays of arrays.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::SoapClient;
use pbx_soap_tests::interop::{TRICKY as T, assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file};
use pbx_soap_tests::schema::{answering, assert_same_xml};
use pbx_soap_tests::xsd::nested_arrays::*;

fn s(v: &str) -> String {
    v.to_owned()
}

#[tokio::test]
async fn arrays_of_arrays_are_sent_level_by_level() {
    let (server, client) = answering(
        r#"<ns1:reshapeResponse xmlns:ns1="urn:pbx-soap:test:nested-arrays" xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/"
             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
           <grid xsi:type="enc:Array" enc:arrayType="ns1:ArrayOfInt[3]">
             <item enc:arrayType="xsd:int[2]"><item>1</item><item>2</item></item>
             <row enc:arrayType="xsd:int[0]"/>
             <item><v>3</v></item>
           </grid></ns1:reshapeResponse>"#,
    )
    .await;
    let port = NestedArraysPort::new(client);
    let table = vec![vec![s("a"), s(T)], vec![], vec![s("c")]];
    let got = port.reshape(table, vec![vec![1], vec![2, 3]]).await.unwrap();
    // Items are read whatever their name.
    assert_eq!(got, [vec![1, 2], vec![], vec![3]]);
    assert_same_xml(
        &server.requests()[0].body_text(),
        r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/"
              xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
              xmlns:t="urn:pbx-soap:test:nested-arrays" e:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
            <e:Body><t:reshape>
              <table xsi:type="t:StringMatrix" enc:arrayType="xsd:string[][3]">
                <item xsi:type="enc:Array" enc:arrayType="xsd:string[2]"><item xsi:type="xsd:string">a</item><item xsi:type="xsd:string">a&amp;b&lt;c&gt;"d'e — Müller ✓ 漢字</item></item>
                <item xsi:type="enc:Array" enc:arrayType="xsd:string[0]"/>
                <item xsi:type="enc:Array" enc:arrayType="xsd:string[1]"><item xsi:type="xsd:string">c</item></item>
              </table>
              <grid xsi:type="t:ArrayOfArrayOfInt" enc:arrayType="t:ArrayOfInt[2]">
                <item xsi:type="t:ArrayOfInt" enc:arrayType="xsd:int[1]"><item xsi:type="xsd:int">1</item></item>
                <item xsi:type="t:ArrayOfInt" enc:arrayType="xsd:int[2]"><item xsi:type="xsd:int">2</item><item xsi:type="xsd:int">3</item></item>
              </grid>
            </t:reshape></e:Body></e:Envelope>"#,
    );
}

#[tokio::test]
async fn byte_arrays_are_base64_items() {
    let (server, client) = answering(
        r#"<r:storeFilesResponse xmlns:r="urn:pbx-soap:test:nested-arrays"><stored>2</stored></r:storeFilesResponse>"#,
    )
    .await;
    let port = NestedArraysPort::new(client);
    assert_eq!(port.store_files(vec![b"%PDF".to_vec(), vec![0, 255]]).await.unwrap(), 2);
    let sent = server.requests()[0].body_text();
    assert!(sent.contains(r#"soapenc:arrayType="xsd:base64Binary[2]""#), "{sent}");
    assert!(sent.contains(r#"<item xsi:type="xsd:base64Binary">JVBERg==</item><item xsi:type="xsd:base64Binary">AP8=</item>"#), "{sent}");
}

#[tokio::test]
async fn nested_arrays_against_php() {
    let wsdl = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("xsd/nested_arrays.wsdl");
    let cases = php_file("cases/xsd/nested_arrays.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let port = NestedArraysPort::new(SoapClient::new(peer.url("/nested-arrays")).unwrap());
    let got = port.reshape(vec![vec![s("a"), s(T)], vec![s("c")]], vec![vec![1, 2], vec![3]]).await.unwrap();
    assert_eq!(got, [vec![3], vec![2, 1], vec![]]);
    assert_eq!(port.store_files(vec![b"ab".to_vec()]).await.unwrap(), 1);
    let requests = peer.requests();
    assert_every_operation_called(&wsdl, &requests);
    assert_requests_equal_php(&wsdl, &cases, &requests);
}
