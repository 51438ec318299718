//! simpleContent and mixed content (`tests/xsd/simple_content.wsdl`): a
//! text value with attributes is a struct with a `value` field beside the
//! attribute fields, by extension of a builtin or a named simple type, by
//! restriction (enumerations become an enum, a prohibited attribute goes),
//! and through a complexContent extension that adds attributes. Mixed
//! content keeps text and elements in order. PHP's SoapServer answers
//! decode and PHP's SoapClient builds the same envelopes where it handles
//! the construct (not restrictions, whose attributes it drops, nor mixed
//! content).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{AnyElement, AnyNode, AnyType, DecodeErrorKind, Name, SoapClient, XmlName};
use pbx_soap_tests::interop::{TRICKY as T, assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file};
use pbx_soap_tests::schema::{assert_same_xml, decode, failure, round_trip};
use pbx_soap_tests::xsd::simple_content::*;

const NS: &str = "urn:pbx-soap:test:simple-content";

fn s(v: &str) -> String {
    v.to_owned()
}

fn bill() -> Bill {
    Bill {
        total: AnyAmount::Price(Box::new(Price {
            currency: s("EUR"),
            rounded: Some(true),
            net: Some(false),
            value: s("12.50"),
        })),
        price: None,
        number: vec![
            Number { plan: Some(s(T)), value: s("0049301234") },
            Number { plan: None, value: s("") },
        ],
        status: Status { tag: Some(s("t")), value: StatusValue::Online },
        note: Some(Note {
            lang: Some(s("de")),
            content: vec![
                AnyNode::Text(s("Call ")),
                AnyNode::Element(AnyElement::with_text(XmlName::qualified(NS, "b"), "now")),
                AnyNode::Text(s(" & mind <this>")),
            ],
        }),
    }
}

#[test]
fn text_values_with_attributes_round_trip() {
    let (envelope, back) = round_trip(Name::qualified(NS, "Bill"), &bill(), false);
    assert_eq!(back, bill());
    // A value of the derived type is sent with its xsi:type.
    assert_same_xml(
        &envelope,
        &format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <e:Body><b:Bill xmlns:b="{NS}">
                <b:total xsi:type="b:Price" currency="EUR" rounded="true" net="false">12.50</b:total>
                <b:number plan="a&amp;b&lt;c&gt;&quot;d'e — Müller ✓ 漢字">0049301234</b:number><b:number/>
                <b:status tag="t">online</b:status>
                <b:note lang="de">Call <b:b>now</b:b> &amp; mind &lt;this&gt;</b:note>
              </b:Bill></e:Body></e:Envelope>"#
        ),
    );
}

#[test]
fn a_response_decodes_each_text_value_by_its_type() {
    let body = format!(
        r#"<r:BillResponse xmlns:r="{NS}"><r:total rounded="1" currency="USD"> 7 </r:total></r:BillResponse>"#
    );
    let got: BillResponse = decode(Name::qualified(NS, "BillResponse"), &body).unwrap();
    let want = Amount { currency: s("USD"), rounded: Some(true), value: s(" 7 ") };
    assert_eq!(got.total, AnyAmount::Amount(Box::new(want)));
    let body = format!(
        r#"<r:BillResponse xmlns:r="{NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><r:total i:type="r:Price" currency="USD" net="true">9</r:total></r:BillResponse>"#
    );
    let got: BillResponse = decode(Name::qualified(NS, "BillResponse"), &body).unwrap();
    let want = Price { currency: s("USD"), rounded: None, net: Some(true), value: s("9") };
    assert_eq!(got.total, AnyAmount::Price(Box::new(want)));
}

#[test]
fn bad_text_values_are_errors_with_the_element_path() {
    let element = Name::qualified(NS, "BillResponse");
    let wrap = |total: &str| format!(r#"<r:BillResponse xmlns:r="{NS}">{total}</r:BillResponse>"#);
    let err = decode::<BillResponse>(element, &wrap("<r:total>1</r:total>")).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::MissingAttribute("currency"), s("/Body/BillResponse/total")));
    let err =
        decode::<BillResponse>(element, &wrap(r#"<r:total currency="X"><r:x/></r:total>"#)).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::UnexpectedElement(s("x")), s("/Body/BillResponse/total")));
    let err = decode::<BillResponse>(element, &wrap(r#"<r:total currency="X" rounded="maybe">1</r:total>"#))
        .unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::InvalidValue { expected: "boolean", found: s("maybe") });
    assert_eq!(pbx_soap_tests::schema::path(&err), "/Body/BillResponse/total/@rounded");
}

#[test]
fn mixed_content_keeps_text_and_elements_in_order() {
    let body = format!(
        r#"<Bill xmlns="{NS}"><total currency="EUR">1</total><number>1</number><status>offline</status>
           <note>one <b>two</b><!-- a comment --> three<b/></note></Bill>"#
    );
    let got: Bill = decode(Name::qualified(NS, "Bill"), &body).unwrap();
    let note = got.note.unwrap();
    assert_eq!(
        note.content,
        [
            AnyNode::Text(s("one ")),
            AnyNode::Element(AnyElement::with_text(XmlName::qualified(NS, "b"), "two")),
            AnyNode::Text(s(" three")),
            AnyNode::Element(AnyElement { name: XmlName::qualified(NS, "b"), value: AnyType::default() }),
        ]
    );
    assert_eq!(got.status.value, StatusValue::Offline);
}

#[test]
fn text_values_with_attributes_go_through_json() {
    pbx_soap_tests::json::round_trip(&bill());
}

#[tokio::test]
async fn simple_content_against_php() {
    let wsdl = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("xsd/simple_content.wsdl");
    let cases = php_file("cases/xsd/simple_content.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let port = SimpleContentPort::new(SoapClient::new(peer.url("/simple-content")).unwrap());
    let request = Bill {
        total: AnyAmount::Amount(Box::new(Amount { currency: s("EUR"), rounded: None, value: s("12.50") })),
        price: Some(Price { currency: s("CHF"), rounded: Some(false), net: Some(true), value: s("3") }),
        number: vec![Number { plan: Some(s("d'e — Müller ✓ 漢字")), value: s("100") }],
        status: Status { tag: None, value: StatusValue::Online },
        note: None,
    };
    let got = port.bill(request).await.unwrap();
    let want = Amount { currency: s("EUR"), rounded: Some(true), value: s(T) };
    assert_eq!(got, AnyAmount::Amount(Box::new(want)));
    let requests = peer.requests();
    assert_every_operation_called(&wsdl, &requests);
    assert_requests_equal_php(&wsdl, &cases, &requests);
}
