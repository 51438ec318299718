//! Attributes (`tests/xsd/attributes.wsdl`): every kind of declaration
//! becomes a field and goes both ways; defaults fill absent attributes,
//! fixed values are sent and checked, prohibited ones are gone, an
//! attribute named like an element gets its own field, `anyAttribute`
//! keeps what it admits. Bad attributes are errors naming the attribute.
//! PHP's SoapServer answers decode, and PHP's SoapClient builds the same
//! envelopes where it handles the construct (see the cases file). PHP's
//! server keeps `&`, `<` and `>` escaped in the attribute values it
//! decodes, so attribute values sent to it avoid them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{AnyAttribute, DecodeErrorKind, Integer, Name, XmlName};
use pbx_soap_tests::interop::{TRICKY as T, assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file};
use pbx_soap_tests::schema::{answering, assert_same_xml, decode, path, round_trip};
use pbx_soap_tests::xsd::attributes::*;

const NS: &str = "urn:pbx-soap:test:attributes";

/// Non-ASCII text without the characters PHP's server mangles in
/// attribute values (see the module docs).
const PLAIN: &str = "d'e — Müller ✓ 漢字";

fn wsdl() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("xsd/attributes.wsdl")
}

fn s(v: &str) -> String {
    v.to_owned()
}

fn phone() -> Phone {
    Phone {
        uuid: Some(s("{6F9C1B2E-7A0D-4B0B-9E3A-111111111111}")),
        id_attr: Some(s("P-1")),
        ctiid: Some("123456789012345678901234567890".parse().unwrap()),
        version: 2,
        mode: Some(Mode::Manual),
        source: Some(s(T)),
        created_by: Some(s("admin")),
        revision: Some(7),
        line: 1,
        name: s("Desk 1"),
        id: Some(42),
        model: s("7960"),
    }
}

#[test]
fn every_attribute_round_trips_beside_the_elements() {
    let value = PutPhone { sequence: Some(u64::MAX), phone: phone() };
    let (envelope, back) = round_trip(Name::qualified(NS, "PutPhone"), &value, false);
    assert_eq!(back, value);
    // The integer is sent whole, the fixed attributes are sent, the
    // referenced global attribute is qualified, and the attribute `id` and
    // the element `id` are both there.
    assert_same_xml(
        &envelope,
        &format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>
              <t:PutPhone xmlns:t="{NS}" sequence="18446744073709551615">
                <t:phone kind="device" schema="2" uuid="{{6F9C1B2E-7A0D-4B0B-9E3A-111111111111}}" id="P-1"
                    ctiid="123456789012345678901234567890" version="2" mode="manual" t:source="a&amp;b&lt;c&gt;&quot;d&apos;e — Müller ✓ 漢字"
                    createdBy="admin" revision="7" line="1">
                  <t:name>Desk 1</t:name><t:id>42</t:id><t:model>7960</t:model>
                </t:phone>
              </t:PutPhone></e:Body></e:Envelope>"#
        ),
    );
}

#[test]
fn a_response_with_attributes_in_any_order_decodes() {
    let body = format!(
        r#"<PutPhoneResponse xmlns="{NS}" xmlns:t="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <phone line="3" xsi:type="t:Phone" revision="1" version="5" t:source="cucm" unknown="kept out" kind="device">
            <name>Lobby</name><model>8841</model>
          </phone></PutPhoneResponse>"#
    );
    let got: PutPhoneResponse = decode(Name::qualified(NS, "PutPhoneResponse"), &body).unwrap();
    let want = Phone {
        uuid: None,
        id_attr: None,
        ctiid: None,
        version: 5,
        // Absent, so the schema's default.
        mode: Some(Mode::Auto),
        source: Some(s("cucm")),
        created_by: None,
        revision: Some(1),
        line: 3,
        name: s("Lobby"),
        id: None,
        model: s("8841"),
    };
    assert_eq!(got.phone, want);
}

#[test]
fn bad_attributes_are_errors_naming_them() {
    let element = Name::qualified(NS, "PutPhoneResponse");
    let wrap = |attrs: &str| {
        format!(
            r#"<r:PutPhoneResponse xmlns:r="{NS}"><r:phone {attrs}><r:name>n</r:name><r:model>m</r:model></r:phone></r:PutPhoneResponse>"#
        )
    };
    let err = decode::<PutPhoneResponse>(element, &wrap(r#"line="1""#)).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::MissingAttribute("version"));
    assert_eq!(path(&err), "/Body/PutPhoneResponse/phone");
    let err = decode::<PutPhoneResponse>(element, &wrap(r#"line="1" version="70000""#)).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::InvalidValue { expected: "unsignedShort", found: s("70000") });
    assert_eq!(path(&err), "/Body/PutPhoneResponse/phone/@version");
    let err = decode::<PutPhoneResponse>(element, &wrap(r#"line="1" version="1" ctiid="12x""#)).unwrap_err();
    assert_eq!(path(&err), "/Body/PutPhoneResponse/phone/@ctiid");
    let err = decode::<PutPhoneResponse>(element, &wrap(r#"line="1" version="1" kind="port""#)).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::InvalidValue { expected: "device", found: s("port") });
    assert_eq!(path(&err), "/Body/PutPhoneResponse/phone/@kind");
    // A value the enumeration does not list is kept, not refused.
    let got: PutPhoneResponse = decode(element, &wrap(r#"line="1" version="1" mode="remote""#)).unwrap();
    assert_eq!(got.phone.mode, Some(Mode::Other(s("remote"))));
}

#[test]
fn a_restriction_drops_the_prohibited_attribute_and_keeps_the_others() {
    // `Port` restricts `Device`: no `ctiid` field (this would not compile
    // with one), the inherited attributes are still there.
    let port = Port {
        uuid: None,
        id: Some(s("7")),
        version: 1,
        mode: Some(Mode::Auto),
        source: None,
        created_by: Some(s(T)),
        revision: None,
        name: s("P1"),
    };
    let value = PutPort { port };
    let (envelope, back) = round_trip(Name::qualified(NS, "PutPort"), &value, false);
    assert_eq!(back, value);
    assert!(envelope.contains(r#"version="1""#), "{envelope}");
}

#[test]
fn any_attribute_keeps_what_it_admits() {
    let open = Open {
        known: Some(true),
        other_attributes: vec![
            AnyAttribute { name: XmlName::qualified("urn:x", "color"), value: s("red") },
            AnyAttribute { name: XmlName::qualified("urn:y", "size"), value: s(T) },
        ],
        note: s("n"),
    };
    let value = Annotate { open };
    let (envelope, back) = round_trip(Name::qualified(NS, "Annotate"), &value, false);
    assert_eq!(back, value, "{envelope}");
    // Instance attributes are the runtime's, not the type's.
    let body = format!(
        r#"<a:AnnotateResponse xmlns:a="{NS}" xmlns:x="urn:x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
           <a:open x:color="blue" xsi:type="a:Open" known="0"><a:note>hi</a:note></a:open></a:AnnotateResponse>"#
    );
    let got: AnnotateResponse = decode(Name::qualified(NS, "AnnotateResponse"), &body).unwrap();
    let want = Open {
        known: Some(false),
        other_attributes: vec![AnyAttribute { name: XmlName::qualified("urn:x", "color"), value: s("blue") }],
        note: s("hi"),
    };
    assert_eq!(got.open, want);
}

#[test]
fn attributes_go_through_json() {
    pbx_soap_tests::json::round_trip(&phone());
}

#[tokio::test]
async fn the_generated_client_sends_and_reads_attributes() {
    let (server, client) = answering(&format!(
        r#"<PutPhoneResponse xmlns="{NS}"><phone version="9" line="2" mode="manual"><name>x</name><model>y</model></phone></PutPhoneResponse>"#
    ))
    .await;
    let port = AttributesPort::new(client);
    let got = port.put_phone(PutPhone { sequence: None, phone: phone() }).await.unwrap();
    assert_eq!((got.version, got.line, got.mode), (9, 2, Some(Mode::Manual)));
    let sent = server.requests()[0].body_text();
    assert!(sent.contains(r#"ctiid="123456789012345678901234567890""#), "{sent}");
    assert_eq!(server.requests()[0].header("soapaction"), Some("\"urn:PutPhone\""));
}

#[tokio::test]
async fn attributes_against_php() {
    let wsdl = wsdl();
    let cases = php_file("cases/xsd/attributes.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let port = AttributesPort::new(pbx_soap::rt::SoapClient::new(peer.url("/attributes")).unwrap());
    let phone = Phone {
        uuid: Some(s("u-1")),
        id_attr: None,
        ctiid: Some(Integer::from(42u8)),
        version: 2,
        mode: Some(Mode::Manual),
        source: None,
        created_by: Some(s(PLAIN)),
        revision: Some(3),
        line: 1,
        name: s("Desk"),
        id: None,
        model: s("7960"),
    };
    let got = port.put_phone(PutPhone { sequence: Some(7), phone }).await.unwrap();
    let want = Phone {
        uuid: Some(s("u-2")),
        id_attr: None,
        ctiid: Some("9007199254740993".parse().unwrap()),
        version: 3,
        mode: Some(Mode::Auto),
        source: None,
        created_by: None,
        revision: None,
        line: 2,
        name: s(T),
        id: None,
        model: s("8841"),
    };
    assert_eq!(got, want);
    let port_value = Port {
        uuid: None,
        id: None,
        version: 1,
        mode: None,
        source: None,
        created_by: None,
        revision: None,
        name: s("P1"),
    };
    // PHP's SoapServer, like its client, drops the attributes of a type
    // derived by restriction: its answer lacks the required `version`, and
    // decoding says so instead of making one up.
    let err = port.put_port(port_value).await.unwrap_err();
    let pbx_soap::rt::Error::Decode { source, .. } = &err else { panic!("{err}") };
    assert_eq!(source.kind, DecodeErrorKind::MissingAttribute("version"));
    assert_eq!(path(source), "/Body/PutPort/port");
    let open = Open { known: Some(true), other_attributes: vec![], note: s(T) };
    let got = port.annotate(open.clone()).await.unwrap();
    assert_eq!(got, Open { known: Some(false), ..open });
    let requests = peer.requests();
    assert_every_operation_called(&wsdl, &requests);
    assert_requests_equal_php(&wsdl, &cases, &requests);
}
