//! Responses that are broken, irregular or hostile, decoded by the
//! generated vendor types with `read_response`: each is either decoded
//! faithfully or refused with a clear error, never accepted with data lost
//! (issue 14). The lenient behaviours are each behind a `DecodeOptions`
//! field and tested here too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::brekeke::GetUserPropertiesResponse;
use pbx_soap::rt::{
    DecodeError, DecodeErrorKind, DecodeOptions, Error, Name, NilItems, Operation, UnknownElements,
    read_response,
};
use pbx_soap::sipxconfig::FindUserResponse;

const SIPX: &str = "http://www.sipfoundry.org/2007/08/21/ConfigService";
const BREKEKE: &str = "http://localhost/pbx/services/UserImpl";

/// sipXconfig `FindUser`: document/literal.
const FIND_USER: Operation = Operation {
    name: "FindUser",
    soap_action: "",
    input: Some(Name::qualified(SIPX, "FindUser")),
    output: Some(Name::qualified(SIPX, "FindUserResponse")),
    encoded: false,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

/// Brekeke `getUserProperties`: rpc/encoded, a `String[]` answer.
const GET_PROPS: Operation = Operation {
    name: "getUserProperties",
    soap_action: "",
    input: Some(Name::qualified(BREKEKE, "getUserProperties")),
    output: Some(Name::qualified(BREKEKE, "getUserPropertiesResponse")),
    encoded: true,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

const ENV_OPEN: &str = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">"#;

fn envelope(body: &str) -> String {
    format!("{ENV_OPEN}<soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>")
}

fn users(items: &str) -> String {
    format!(r#"<FindUserResponse xmlns="{SIPX}"><users xmlns="">{items}</users></FindUserResponse>"#)
}

const ONE_USER: &str = r#"<item><userName>200</userName><pintoken xsi:nil="true"/><lastName xsi:nil="true"/><firstName xsi:nil="true"/><sipPassword xsi:nil="true"/><emailAddress xsi:nil="true"/><branchName xsi:nil="true"/></item>"#;

/// A user item with `user_name` and `first_name` written as given.
fn item(user_name: &str, first_name: &str) -> String {
    ONE_USER
        .replace("<userName>200</userName>", &format!("<userName>{user_name}</userName>"))
        .replace(r#"<firstName xsi:nil="true"/>"#, first_name)
}

/// A `getUserPropertiesResponse` whose array declares `declared` and holds
/// `items`.
fn props(declared: &str, items: &str) -> String {
    envelope(&format!(
        r#"<ns1:getUserPropertiesResponse xmlns:ns1="{BREKEKE}"><getUserPropertiesReturn soapenc:arrayType="xsd:string[{declared}]" xsi:type="soapenc:Array">{items}</getUserPropertiesReturn></ns1:getUserPropertiesResponse>"#
    ))
}

fn find_user(xml: &str) -> Result<FindUserResponse, Error> {
    read_response(xml.as_bytes(), &FIND_USER, &DecodeOptions::default())
}

fn get_props(xml: &str) -> Result<GetUserPropertiesResponse, Error> {
    get_props_with(xml, &DecodeOptions::default())
}

fn get_props_with(xml: &str, opts: &DecodeOptions) -> Result<GetUserPropertiesResponse, Error> {
    read_response(xml.as_bytes(), &GET_PROPS, opts)
}

fn decode_error<T: std::fmt::Debug>(r: Result<T, Error>) -> DecodeError {
    match r {
        Err(Error::Decode { source, .. }) => source,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn the_regular_shapes_still_decode() {
    assert_eq!(find_user(&envelope(&users(ONE_USER))).unwrap().users[0].user_name, "200");
    let got = get_props(&props("2", "<item>a</item><item>b</item>")).unwrap();
    assert_eq!(got.get_user_properties_return, ["a", "b"]);
}

#[test]
fn content_after_the_envelope_is_an_error() {
    let ok = envelope(&users(ONE_USER));
    assert!(find_user(&format!("{ok}\n<!-- trailing comment -->\n")).is_ok());
    for trailing in ["<x/>", "<unclosed>", "text", "</soapenv:Envelope>"] {
        let e = decode_error(find_user(&format!("{ok}{trailing}")));
        assert!(matches!(e.kind, DecodeErrorKind::Malformed(_)), "{trailing}: {e}");
    }
    // Encoded responses go through the multi-reference index first.
    let ok = props("1", "<item>a</item>");
    let e = decode_error(get_props(&format!("{ok}<unclosed>")));
    assert!(matches!(e.kind, DecodeErrorKind::UnexpectedEof | DecodeErrorKind::Malformed(_)), "{e}");
}

#[test]
fn two_bodies_or_a_header_after_the_body_are_errors() {
    let body = format!("<soapenv:Body>{}</soapenv:Body>", users(ONE_USER));
    for xml in [
        format!("{ENV_OPEN}{body}{body}</soapenv:Envelope>"),
        format!("{ENV_OPEN}{body}<soapenv:Header/></soapenv:Envelope>"),
        format!("{ENV_OPEN}<soapenv:Header/><soapenv:Header/>{body}</soapenv:Envelope>"),
    ] {
        let e = decode_error(find_user(&xml));
        assert_eq!(e.path, ["Envelope"], "{e}");
    }
    // Other envelope children after the Body are undeclared elements.
    let xml = format!(r#"{ENV_OPEN}{body}<x:trailer xmlns:x="urn:x"/></soapenv:Envelope>"#);
    let e = decode_error(find_user(&xml));
    assert_eq!(e.kind, DecodeErrorKind::UnknownElement("trailer".into()));
    let skip = DecodeOptions { unknown: UnknownElements::Skip, ..DecodeOptions::default() };
    assert!(read_response::<FindUserResponse>(xml.as_bytes(), &FIND_USER, &skip).is_ok());
}

#[test]
fn a_body_or_header_in_another_namespace_is_not_the_soap_one() {
    let xml = format!(
        r#"{ENV_OPEN}<x:Body xmlns:x="urn:x">{}</x:Body><soapenv:Body/></soapenv:Envelope>"#,
        users(ONE_USER)
    );
    let e = decode_error(find_user(&xml));
    assert_eq!(e.kind, DecodeErrorKind::UnknownElement("Body".into()));
}

#[test]
fn a_response_wrapper_in_another_namespace_is_the_wrong_element() {
    let xml = envelope(&users(ONE_USER).replace(SIPX, "urn:someone-else"));
    let e = decode_error(find_user(&xml));
    let DecodeErrorKind::WrongElement { expected, found } = &e.kind else { panic!("{e}") };
    assert_eq!(expected, &format!("{{{SIPX}}}FindUserResponse"));
    assert_eq!(found, "{urn:someone-else}FindUserResponse");
}

#[test]
fn an_undeclared_prefix_is_an_error() {
    for items in [item("200", "<p:extra/>"), item("200", r#"<firstName q:nil="true"/>"#)] {
        let e = decode_error(find_user(&envelope(&users(&items))));
        assert!(e.to_string().contains("undeclared namespace prefix"), "{items}: {e}");
    }
}

#[test]
fn a_child_in_a_foreign_namespace_is_an_unknown_element() {
    let foreign = item("200", r#"<x:firstName xmlns:x="urn:evil">Ann</x:firstName>"#);
    let e = decode_error(find_user(&envelope(&users(&foreign))));
    assert_eq!(e.kind, DecodeErrorKind::UnknownElement("firstName".into()));
    assert_eq!(e.path, ["Body", "FindUserResponse", "users", "item[0]"]);
    // Unqualified, or in the type's own namespace (a default namespace on
    // the wrapper qualifies its children), as servers send them.
    for first in ["<firstName>Ann</firstName>", &format!(r#"<firstName xmlns="{SIPX}">Ann</firstName>"#)] {
        let user = &find_user(&envelope(&users(&item("200", first)))).unwrap().users[0];
        assert_eq!(user.first_name.as_deref(), Some("Ann"), "{first}");
    }
}

#[test]
fn a_header_the_client_must_understand_is_an_error() {
    let body = format!("<soapenv:Body>{}</soapenv:Body>", users(ONE_USER));
    let with_header = |entry: &str| {
        format!(
            r#"{ENV_OPEN}<soapenv:Header xmlns:h="urn:h">{entry}</soapenv:Header>{body}</soapenv:Envelope>"#
        )
    };
    for entry in [
        r#"<h:Session soapenv:mustUnderstand="1">x</h:Session>"#,
        r#"<h:Session soapenv:mustUnderstand="1" soapenv:actor="http://schemas.xmlsoap.org/soap/actor/next"/>"#,
    ] {
        let e = decode_error(find_user(&with_header(entry)));
        assert_eq!(e.kind, DecodeErrorKind::NotUnderstood("{urn:h}Session".into()), "{entry}");
        assert_eq!(e.path, ["Envelope", "Header"]);
    }
    // Not marked, marked 0, or addressed to another actor: skipped.
    for entry in [
        "<h:Session>x</h:Session>",
        r#"<h:Session soapenv:mustUnderstand="0"/>"#,
        r#"<h:Session soapenv:mustUnderstand="1" soapenv:actor="urn:some-proxy"/>"#,
        r#"<h:Session mustUnderstand="1"/>"#,
    ] {
        assert!(find_user(&with_header(entry)).is_ok(), "{entry}");
    }
}

#[test]
fn an_array_whose_declared_length_disagrees_is_an_error() {
    for (declared, items, found) in [
        ("3", "<item>a</item><item>b</item>", 2),
        ("1", "<item>a</item><item>b</item>", 2),
        ("0", "<item>a</item>", 1),
    ] {
        let e = decode_error(get_props(&props(declared, items)));
        let n: u64 = declared.parse().unwrap();
        assert_eq!(e.kind, DecodeErrorKind::ArrayLength { declared: n, found }, "{declared}");
        assert_eq!(e.path, ["Body", "getUserPropertiesResponse", "getUserPropertiesReturn"]);
    }
    // No count, or more than one dimension: nothing to check.
    assert!(get_props(&props("", "<item>a</item>")).is_ok());
    assert!(get_props(&props("1,2", "<item>a</item>")).is_ok());
    let e = decode_error(get_props(&props("2147483647", "<item>a</item>")));
    assert!(matches!(e.kind, DecodeErrorKind::ArrayLength { declared: 2_147_483_647, found: 1 }), "{e}");
}

#[test]
fn nil_array_items_are_errors_or_skipped_on_request() {
    let xml = props("3", r#"<item>a</item><item xsi:nil="true"/><item>c</item>"#);
    let e = decode_error(get_props(&xml));
    assert_eq!(e.kind, DecodeErrorKind::NilItem);
    assert_eq!(e.path, ["Body", "getUserPropertiesResponse", "getUserPropertiesReturn", "item[1]"]);
    let skip = DecodeOptions { nil_items: NilItems::Skip, ..DecodeOptions::default() };
    // The skipped item still counts toward the declared length.
    assert_eq!(get_props_with(&xml, &skip).unwrap().get_user_properties_return, ["a", "c"]);
}

#[test]
fn nil_with_content_is_an_error() {
    let xml = envelope(&users(&item("200", r#"<firstName xsi:nil="true">Ann</firstName>"#)));
    let e = decode_error(find_user(&xml));
    assert_eq!(e.kind, DecodeErrorKind::NilWithContent);
}

#[test]
fn characters_xml_forbids_are_errors() {
    for (text, code) in
        [("&#x1;", 1), ("&#1;", 1), ("a\u{1}b", 1), ("\u{0}", 0), ("&#xFFFE;", 0xFFFE), ("\u{FFFF}", 0xFFFF)]
    {
        let xml = envelope(&users(&item(text, r#"<firstName xsi:nil="true"/>"#)));
        let e = decode_error(find_user(&xml));
        assert_eq!(e.kind, DecodeErrorKind::InvalidChar(code), "{text:?}");
    }
    // Tab, line ends and everything else XML allows still decode.
    let xml = envelope(&users(&item("a&#9;b&#xA;c&#xD;\u{FFFD}\u{10000}é", "<firstName/>")));
    assert_eq!(find_user(&xml).unwrap().users[0].user_name, "a\tb\nc\r\u{FFFD}\u{10000}é");
}

#[test]
fn a_repeated_fault_child_is_an_error() {
    let xml = envelope(
        "<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>first</faultstring><faultstring>second</faultstring></soapenv:Fault>",
    );
    let e = decode_error(find_user(&xml));
    assert_eq!(e.kind, DecodeErrorKind::Duplicate("faultstring".into()));
    assert_eq!(e.path, ["Body", "Fault"]);
}

#[test]
fn a_long_href_chain_is_a_reference_error_not_a_stack_overflow() {
    // 2,500 links used to recurse once each and abort the process.
    let mut refs = String::new();
    for i in 0..2500 {
        refs.push_str(&format!(r##"<multiRef id="l{i}"><item href="#l{}"/></multiRef>"##, i + 1));
    }
    let xml = envelope(&format!(
        r##"<ns1:getUserPropertiesResponse xmlns:ns1="{BREKEKE}"><getUserPropertiesReturn href="#l0"/></ns1:getUserPropertiesResponse>{refs}<multiRef id="l2500">end</multiRef>"##
    ));
    let e = decode_error(get_props(&xml));
    assert!(matches!(e.kind, DecodeErrorKind::Reference(ref m) if m.contains("deeper than 64")), "{e}");
}

#[test]
fn a_repeated_id_is_an_error_not_empty_values() {
    // The resolver used to give up and hand back the input, whose `href`
    // accessors then decoded as empty arrays.
    let xml = envelope(&format!(
        r##"<ns1:getUserPropertiesResponse xmlns:ns1="{BREKEKE}"><getUserPropertiesReturn href="#a"/></ns1:getUserPropertiesResponse><multiRef id="a" soapenc:arrayType="xsd:string[1]"><item>x</item></multiRef><multiRef id="b"/><multiRef id="b"/>"##
    ));
    let e = decode_error(get_props(&xml));
    assert!(matches!(e.kind, DecodeErrorKind::Reference(ref m) if m.contains("twice")), "{e}");
}
