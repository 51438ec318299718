//! Repeated names and simple body elements (`tests/xsd/repeated_names.wsdl`).
//! The same element name twice in one content model (an extension that
//! repeats its base's element, or `a, b, a`) gives distinct fields and is
//! decoded by position. A document/literal body element of a simple type
//! is the operation's argument or result itself; one of `anyType` keeps
//! what it holds. PHP's ext/soap cannot represent repeated names (it
//! writes every same-named value under each occurrence), so only the
//! simple body operation is compared with it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{AnyAttribute, AnyElement, AnyNode, DecodeErrorKind, Name, SoapClient, XmlName};
use pbx_soap_tests::interop::{TRICKY as T, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file};
use pbx_soap_tests::schema::{answering, assert_same_xml, decode, failure, round_trip};
use pbx_soap_tests::xsd::repeated_names::*;

const NS: &str = "urn:pbx-soap:test:repeated-names";

fn s(v: &str) -> String {
    v.to_owned()
}

#[test]
fn repeated_names_are_distinct_fields_in_order() {
    let store = Store {
        item: vec![
            CodedItem { id: Some(s("base")), code: s("c1"), id2: Some(s("derived")) },
            CodedItem { id: None, code: s("c2"), id2: Some(s("only the second")) },
            CodedItem { id: Some(s("only the first")), code: s("c3"), id2: None },
        ],
        route: Route { a: s("first"), b: 2, a2: vec![s("second"), s("third")] },
    };
    let (envelope, back) = round_trip(Name::qualified(NS, "Store"), &store, false);
    assert_eq!(back, store);
    assert_same_xml(
        &envelope,
        &format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><r:Store xmlns:r="{NS}">
              <r:item><r:Id>base</r:Id><r:Code>c1</r:Code><r:Id>derived</r:Id></r:item>
              <r:item><r:Code>c2</r:Code><r:Id>only the second</r:Id></r:item>
              <r:item><r:Id>only the first</r:Id><r:Code>c3</r:Code></r:item>
              <r:route><r:a>first</r:a><r:b>2</r:b><r:a>second</r:a><r:a>third</r:a></r:route>
            </r:Store></e:Body></e:Envelope>"#
        ),
    );
}

#[test]
fn repeated_names_out_of_place_are_errors() {
    let element = Name::qualified(NS, "StoreResponse");
    let wrap = |route: &str| format!(r#"<StoreResponse xmlns="{NS}"><route>{route}</route></StoreResponse>"#);
    let err = decode::<StoreResponse>(element, &wrap("<a>1</a><a>2</a><b>3</b>")).unwrap_err();
    assert_eq!(
        failure(&err),
        (DecodeErrorKind::WrongElement { expected: s("b"), found: s("a") }, s("/Body/StoreResponse/route"))
    );
    let err = decode::<StoreResponse>(element, &wrap("<a>1</a><b>3</b>")).unwrap_err();
    assert_eq!(
        failure(&err),
        (DecodeErrorKind::TooFew { name: "a", min: 1, found: 0 }, s("/Body/StoreResponse/route"))
    );
    let err = decode::<StoreResponse>(element, &wrap("<a>1</a><b>3</b><a>2</a><b>4</b>")).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::Misplaced(s("b")), s("/Body/StoreResponse/route")));
    let got: StoreResponse = decode(element, &wrap("<a>1</a><b>3</b><a>2</a>")).unwrap();
    assert_eq!(got.route, Route { a: s("1"), b: 3, a2: vec![s("2")] });
    // Decoding by position compares namespaces as decoding by name does:
    // unqualified or the type's namespace is taken, another one is another
    // element.
    let got: StoreResponse = decode(element, &wrap("<a xmlns=''>1</a><b>3</b><a>2</a>")).unwrap();
    assert_eq!(got.route.a, "1");
    let err =
        decode::<StoreResponse>(element, &wrap("<a>1</a><b xmlns='urn:other'>3</b><a>2</a>")).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::UnknownElement(s("b")), s("/Body/StoreResponse/route")));
}

#[tokio::test]
async fn a_simple_body_element_is_the_value_itself() {
    let (server, client) = answering(&format!(r#"<FileSize xmlns="{NS}"> 1048576 </FileSize>"#)).await;
    let port = RepeatedNamesPort::new(client);
    assert_eq!(port.size(s(T)).await.unwrap(), 1_048_576);
    let sent = server.requests()[0].body_text();
    assert!(
        sent.contains(r#"<ns1:FileName xmlns:ns1="urn:pbx-soap:test:repeated-names">a&amp;b&lt;c&gt;"d'e"#),
        "{sent}"
    );
    let (_server, client) = answering(&format!(r#"<FileSize xmlns="{NS}">-1</FileSize>"#)).await;
    let err = RepeatedNamesPort::new(client).size(s("x")).await.unwrap_err();
    let pbx_soap::rt::Error::Decode { source, .. } = err else { panic!("{err}") };
    assert_eq!(
        failure(&source),
        (DecodeErrorKind::InvalidValue { expected: "unsignedLong", found: s("-1") }, s("/Body/FileSize"))
    );
}

#[tokio::test]
async fn an_any_type_body_element_keeps_what_it_holds() {
    let blob = Blob {
        other_attributes: vec![AnyAttribute { name: XmlName::local("v"), value: s("1") }],
        content: vec![
            AnyNode::Text(s("a ")),
            AnyNode::Element(AnyElement::with_text(XmlName::local("b"), T)),
        ],
    };
    let (_envelope, back) = round_trip(Name::qualified(NS, "Blob"), &blob, false);
    assert_eq!(back, blob);
    let (server, client) = answering(&format!(r#"<Blob xmlns="{NS}" v="2">x<y/></Blob>"#)).await;
    let got = RepeatedNamesPort::new(client).echo(blob).await.unwrap();
    assert_eq!(got.other_attributes, [AnyAttribute { name: XmlName::local("v"), value: s("2") }]);
    assert_eq!(got.content.len(), 2);
    assert!(
        server.requests()[0]
            .body_text()
            .contains(r#"<ns1:Blob xmlns:ns1="urn:pbx-soap:test:repeated-names" v="1">a <b>"#)
    );
}

#[tokio::test]
async fn simple_body_against_php() {
    let wsdl = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("xsd/repeated_names.wsdl");
    let cases = php_file("cases/xsd/repeated_names.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let port = RepeatedNamesPort::new(SoapClient::new(peer.url("/repeated-names")).unwrap());
    // PHP clamps unsignedLong to 63 bits; this one fits.
    assert_eq!(port.size(s(T)).await.unwrap(), 4_294_967_296);
    assert_requests_equal_php(&wsdl, &cases, &peer.requests());
}
