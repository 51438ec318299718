//! Wildcards (`tests/xsd/wildcards.wsdl`): `xsd:any` keeps the elements it
//! admits (name, namespace, attributes, content) and sends them back
//! equivalent; so do `xsd:anyType` and untyped elements and
//! `anyAttribute`. Nothing the server sends is dropped: a declared element
//! out of place is an error, not swallowed by the wildcard. PHP's
//! SoapServer answers decode, and PHP's SoapClient builds the same
//! envelopes (it takes and gives wildcard content as XML text; the
//! arguments in the cases file are the text PHP makes of ours).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{AnyAttribute, AnyElement, AnyNode, AnyType, DecodeErrorKind, Name, SoapClient, XmlName};
use pbx_soap_tests::interop::{TRICKY as T, assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file};
use pbx_soap_tests::schema::{answering, assert_same_xml, decode, failure, round_trip};
use pbx_soap_tests::xsd::wildcards::*;

const NS: &str = "urn:pbx-soap:test:wildcards";
const SF: &str = "urn:sobject.partner.soap.sforce.com";
const XSD: &str = "http://www.w3.org/2001/XMLSchema";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn s(v: &str) -> String {
    v.to_owned()
}

fn text(ns: Option<&str>, local: &str, value: &str) -> AnyElement {
    let name = match ns {
        Some(ns) => XmlName::qualified(ns, local),
        None => XmlName::local(local),
    };
    AnyElement::with_text(name, value)
}

fn record() -> Record {
    let typed = AnyElement {
        name: XmlName::qualified(SF, "AnnualRevenue"),
        value: AnyType {
            attributes: vec![AnyAttribute { name: XmlName::qualified(XSI, "type"), value: s("q:double") }],
            children: vec![AnyNode::Text(s("1.5E7"))],
            namespaces: vec![(s("q"), s(XSD))],
        },
    };
    let nested = AnyElement {
        name: XmlName::qualified(SF, "Owner"),
        value: AnyType {
            attributes: vec![AnyAttribute { name: XmlName::local("kind"), value: s("user") }],
            children: vec![
                AnyNode::Element(text(Some(SF), "Name", T)),
                AnyNode::Element(text(None, "Alias", "ann")),
            ],
            namespaces: vec![],
        },
    };
    Record {
        other_attributes: vec![AnyAttribute { name: XmlName::qualified("urn:x", "source"), value: s("crm") }],
        r#type: s("Account"),
        id: Some(s("001")),
        any: vec![text(Some(SF), "Name", T), typed, nested],
    }
}

#[test]
fn wildcard_elements_round_trip_equivalent() {
    let query = Query {
        sql: s("SELECT Name FROM Account"),
        records: vec![record()],
        extension: Some(Extension { code_or_any: CodeOrAny::Any(text(Some("urn:ext"), "flag", "on")) }),
    };
    let (envelope, back) = round_trip(Name::qualified(NS, "Query"), &query, false);
    assert_eq!(back, query, "{envelope}");
    assert_same_xml(
        &envelope,
        &format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>
              <w:Query xmlns:w="{NS}" xmlns:sf="{SF}" xmlns:x="urn:x" xmlns:i="{XSI}">
                <w:sql>SELECT Name FROM Account</w:sql>
                <w:records x:source="crm"><w:type>Account</w:type><w:id>001</w:id>
                  <sf:Name>a&amp;b&lt;c&gt;"d'e — Müller ✓ 漢字</sf:Name>
                  <sf:AnnualRevenue xmlns:q="{XSD}" i:type="q:double">1.5E7</sf:AnnualRevenue>
                  <sf:Owner kind="user"><sf:Name>a&amp;b&lt;c&gt;"d'e — Müller ✓ 漢字</sf:Name><Alias>ann</Alias></sf:Owner>
                </w:records>
                <w:extension><f:flag xmlns:f="urn:ext">on</f:flag></w:extension>
              </w:Query></e:Body></e:Envelope>"#
        ),
    );
}

#[test]
fn a_salesforce_style_response_keeps_every_field() {
    // As the partner API sends records: fields in the sObject namespace,
    // typed with xsi:type whose prefix is declared on the envelope.
    let body = format!(
        r#"<QueryResponse xmlns="{NS}" xmlns:sf="{SF}" xmlns:xsd="{XSD}" xmlns:xsi="{XSI}">
             <row><name>SEP001122334455</name><pkid>6c8a</pkid></row>
             <row/>
             <raw>plain text</raw>
             <records><type>Contact</type><sf:Id>003</sf:Id><sf:Age xsi:type="xsd:int">42</sf:Age><sf:Email xsi:nil="true"/></records>
           </QueryResponse>"#
    );
    let got: QueryResponse = decode(Name::qualified(NS, "QueryResponse"), &body).unwrap();
    assert_eq!(got.row.len(), 2);
    assert_eq!(got.row[0].child("name").unwrap().value.text_content(), "SEP001122334455");
    assert_eq!(got.row[0].child("pkid").unwrap().name, XmlName::qualified(NS, "pkid"));
    assert_eq!(got.row[1], AnyType::default());
    assert_eq!(got.raw.unwrap().text_content(), "plain text");
    let record = &got.records[0];
    assert_eq!((record.r#type.as_str(), record.id.as_deref()), ("Contact", None));
    let names: Vec<&str> = record.any.iter().map(|e| e.name.local.as_str()).collect();
    assert_eq!(names, ["Id", "Age", "Email"]);
    let age = &record.any[1].value;
    assert_eq!(age.attribute("type"), Some("xsd:int"));
    assert_eq!(age.namespaces, [(s("xsd"), s(XSD))], "the prefix the value uses is kept");
    assert_eq!(record.any[2].value.attribute("nil"), Some("true"));
}

#[test]
fn declared_elements_out_of_place_are_not_swallowed() {
    let element = Name::qualified(NS, "QueryResponse");
    let body = format!(
        r#"<QueryResponse xmlns="{NS}"><records><type>a</type><x>1</x><id>2</id></records></QueryResponse>"#
    );
    let err = decode::<QueryResponse>(element, &body).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::Misplaced(s("id")), s("/Body/QueryResponse/records[0]")));
    let body = format!(r#"<QueryResponse xmlns="{NS}"><records><x>1</x></records></QueryResponse>"#);
    let err = decode::<QueryResponse>(element, &body).unwrap_err();
    assert_eq!(
        failure(&err),
        (
            DecodeErrorKind::WrongElement { expected: s("type"), found: s("x") },
            s("/Body/QueryResponse/records[0]")
        )
    );
    // Hostile depth inside open content is refused like anywhere else.
    let deep = format!("{}{}", "<d>".repeat(80), "</d>".repeat(80));
    let body = format!(r#"<QueryResponse xmlns="{NS}"><row>{deep}</row></QueryResponse>"#);
    let err = decode::<QueryResponse>(element, &body).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::TooDeep(64));
}

#[test]
fn wildcards_go_through_json() {
    // Elements and attributes the schema leaves open keep names and values.
    let json = pbx_soap_tests::json::round_trip(&record());
    assert!(pbx_soap_tests::json::strings(&json).len() > 3, "{json}");
}

#[tokio::test]
async fn a_wildcard_choice_through_the_generated_client() {
    let (server, client) = answering(&format!(
        r#"<QueryResponse xmlns="{NS}"><records><type>t</type><o:x xmlns:o="urn:o" a="1">y</o:x></records></QueryResponse>"#
    ))
    .await;
    let port = WildcardsPort::new(client);
    let query = Query {
        sql: s("q"),
        records: vec![],
        extension: Some(Extension { code_or_any: CodeOrAny::Code(7) }),
    };
    let got = port.query(query).await.unwrap();
    let any = &got.records[0].any[0];
    assert_eq!((any.name.clone(), any.value.attribute("a")), (XmlName::qualified("urn:o", "x"), Some("1")));
    assert!(server.requests()[0].body_text().contains("<ns1:code>7</ns1:code>"));
}

#[tokio::test]
async fn wildcards_against_php() {
    let wsdl = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("xsd/wildcards.wsdl");
    let cases = php_file("cases/xsd/wildcards.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let port = WildcardsPort::new(SoapClient::new(peer.url("/wildcards")).unwrap());
    let record = Record {
        other_attributes: vec![],
        r#type: s("Account"),
        id: Some(s("001")),
        any: vec![text(None, "Name", T), text(Some("urn:x"), "Phone", "1")],
    };
    let query = Query { sql: s("select"), records: vec![record], extension: None };
    let got = port.query(query).await.unwrap();
    // PHP sends an array as anyType in its own map encoding; it is kept as
    // sent.
    let item = &got.row[0].child("item").unwrap().value;
    let pair =
        (item.child("key").unwrap().value.text_content(), item.child("value").unwrap().value.text_content());
    assert_eq!(pair, (s("pkid"), s("6c8a")));
    let record = &got.records[0];
    assert_eq!(record.any, [text(Some(SF), "Name", T), text(Some(SF), "Phone", "030")]);
    let requests = peer.requests();
    assert_every_operation_called(&wsdl, &requests);
    assert_requests_equal_php(&wsdl, &cases, &requests);
}
