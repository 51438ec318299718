//! Built-in types (`tests/xsd/builtins.wsdl`): every XML Schema 1.0
//! built-in round trips at its limits; `integer` and its unbounded kinds
//! never truncate (PHP's ext/soap clamps them to 64 bits); `xsd:list` is a
//! `Vec` sent as space-separated text, as an element and as an attribute;
//! `xsd:union` of enumerations is an enum, of builtins its lexical form.
//! Bad values are errors naming the element or attribute. PHP's SoapServer
//! answers decode and PHP's SoapClient builds the same envelope for values
//! it represents.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{DecodeErrorKind, HexBinary, Integer, Name, SoapClient};
use pbx_soap_tests::interop::{TRICKY as T, assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file};
use pbx_soap_tests::schema::{decode, failure, round_trip};
use pbx_soap_tests::xsd::builtins::*;

const NS: &str = "urn:pbx-soap:test:builtins";

fn s(v: &str) -> String {
    v.to_owned()
}

fn int(v: &str) -> Integer {
    v.parse().unwrap()
}

fn all() -> All {
    All {
        string: s(T),
        normalized_string: s("n s"),
        token: s("tok en"),
        language: s("de-CH"),
        name: s("N:ame"),
        nc_name: s("nc"),
        nmtoken: s("1tok"),
        nmtokens: vec![s("a"), s("b.c")],
        id: s("i1"),
        idref: s("i1"),
        idrefs: vec![s("i1"), s("i2")],
        entity: s("e"),
        entities: vec![s("e1")],
        q_name: s("xsd:int"),
        notation: s("n"),
        any_uri: s("http://example.com/a?b=c&d"),
        boolean: true,
        decimal: s("-0012345678901234567890.1234567890"),
        integer: int("-123456789012345678901234567890"),
        non_positive_integer: int("0"),
        negative_integer: int("-1"),
        non_negative_integer: int("18446744073709551616"),
        positive_integer: int("340282366920938463463374607431768211456"),
        long: i64::MIN,
        int: i32::MAX,
        short: i16::MIN,
        byte: i8::MIN,
        unsigned_long: u64::MAX,
        unsigned_int: u32::MAX,
        unsigned_short: u16::MAX,
        unsigned_byte: u8::MAX,
        float: f32::INFINITY,
        double: -1.5e-300,
        duration: s("-P1Y2M3DT10H30M0.5S"),
        date_time: s("2024-02-29T23:59:60.123+14:00"),
        time: s("24:00:00"),
        date: s("-0044-03-15"),
        g_year_month: s("2024-05Z"),
        g_year: s("-2024"),
        g_month_day: s("--02-29"),
        g_day: s("---31"),
        g_month: s("--12"),
        hex_binary: HexBinary(vec![0, 0x7f, 0x80, 0xff]),
        base64_binary: (0..=255).collect(),
        any_simple_type: s(" kept as is "),
    }
}

fn lists() -> Lists {
    Lists {
        allowed: Some(vec![Codec::G711, Codec::Other(s("OPUS"))]),
        refs: Some(vec![s("i1")]),
        max: Some(Limit::Unbounded),
        size: Some(int("3")),
        ports: vec![5060, 5061],
        codecs: Some(vec![]),
        scores: vec![1.5, -2.0, 1e300],
        limit: vec![Limit::Unbounded, Limit::Other(s("5"))],
        when: s("P1D"),
    }
}

#[test]
fn every_builtin_round_trips_at_its_limits() {
    let echo = Echo { all: all(), lists: lists() };
    let (envelope, back) = round_trip(Name::qualified(NS, "Echo"), &echo, false);
    assert_eq!(back, echo, "{envelope}");
    for expected in [
        "<ns1:integer>-123456789012345678901234567890</ns1:integer>",
        "<ns1:positiveInteger>340282366920938463463374607431768211456</ns1:positiveInteger>",
        "<ns1:hexBinary>007F80FF</ns1:hexBinary>",
        "<ns1:float>INF</ns1:float>",
        "<ns1:NMTOKENS>a b.c</ns1:NMTOKENS>",
        "<ns1:ports>5060 5061</ns1:ports>",
        r#"allowed="G711 OPUS""#,
        r#"size="3""#,
        "<ns1:codecs/>",
    ] {
        assert!(envelope.contains(expected), "{expected} missing in {envelope}");
    }
    // Encoded: each value names its type, integers and lists included.
    let (envelope, back) = round_trip(Name::qualified(NS, "Echo"), &echo, true);
    assert_eq!(back, echo);
    assert!(envelope.contains(r#"xsi:type="xsd:integer">-1234"#), "{envelope}");
    assert!(envelope.contains(r#"xsi:type="xsd:hexBinary">007F80FF"#), "{envelope}");
}

#[test]
fn every_builtin_goes_through_json() {
    // JSON has no infinity (serde_json writes null): finite floats here.
    let all = All { float: 1.5, ..all() };
    let json = pbx_soap_tests::json::round_trip(&Echo { all, lists: lists() });
    // Lexical forms where a JSON number could lose digits or bytes.
    assert_eq!(json["all"]["integer"], "-123456789012345678901234567890");
    assert_eq!(json["all"]["hex_binary"], "007F80FF");
    assert_eq!(json["lists"]["allowed"], serde_json::json!(["G711", "OPUS"]));
}

#[test]
fn lists_unions_and_defaults_decode() {
    let body = format!(
        r#"<EchoResponse xmlns="{NS}"><all>{}</all>
           <lists refs="  x	y
 z " max="7"><ports>
             80	443
           </ports><scores>INF -0 1E2</scores><limit>9</limit><limit>unbounded</limit><when>2024-05-01T00:00:00Z</when></lists></EchoResponse>"#,
        all_elements()
    );
    let got: EchoResponse = decode(Name::qualified(NS, "EchoResponse"), &body).unwrap();
    let want = Lists {
        allowed: None,
        refs: Some(vec![s("x"), s("y"), s("z")]),
        max: Some(Limit::Other(s("7"))),
        // Absent: the schema's default.
        size: Some(int("10")),
        ports: vec![80, 443],
        codecs: None,
        scores: vec![f64::INFINITY, -0.0, 100.0],
        limit: vec![Limit::Other(s("9")), Limit::Unbounded],
        when: s("2024-05-01T00:00:00Z"),
    };
    assert_eq!(got.lists, want);
    assert_eq!(got.all.hex_binary, HexBinary(vec![0xab, 0xcd]));
}

/// The `All` elements with small valid values, in schema order.
fn all_elements() -> String {
    let values = [
        ("string", ""),
        ("normalizedString", ""),
        ("token", ""),
        ("language", "en"),
        ("Name", "n"),
        ("NCName", "n"),
        ("NMTOKEN", "n"),
        ("NMTOKENS", "n"),
        ("ID", "i"),
        ("IDREF", "i"),
        ("IDREFS", "i"),
        ("ENTITY", "e"),
        ("ENTITIES", "e"),
        ("QName", "q"),
        ("NOTATION", "n"),
        ("anyURI", "u"),
        ("boolean", "0"),
        ("decimal", "1"),
        ("integer", "+001"),
        ("nonPositiveInteger", "0"),
        ("negativeInteger", "-1"),
        ("nonNegativeInteger", "0"),
        ("positiveInteger", "1"),
        ("long", "1"),
        ("int", "1"),
        ("short", "1"),
        ("byte", "1"),
        ("unsignedLong", "1"),
        ("unsignedInt", "1"),
        ("unsignedShort", "1"),
        ("unsignedByte", "1"),
        ("float", "NaN"),
        ("double", "-INF"),
        ("duration", "P1D"),
        ("dateTime", "2024-01-01T00:00:00"),
        ("time", "00:00:00"),
        ("date", "2024-01-01"),
        ("gYearMonth", "2024-01"),
        ("gYear", "2024"),
        ("gMonthDay", "--01-01"),
        ("gDay", "---01"),
        ("gMonth", "--01"),
        ("hexBinary", "abCD"),
        ("base64Binary", "AAE="),
        ("anySimpleType", "x"),
    ];
    values.iter().map(|(name, value)| format!("<{name}>{value}</{name}>")).collect()
}

#[test]
fn bad_builtin_values_are_errors_naming_the_element_or_attribute() {
    let element = Name::qualified(NS, "EchoResponse");
    let with_all = |replace: (&str, &str)| {
        let all = all_elements().replace(replace.0, replace.1);
        format!(
            r#"<EchoResponse xmlns="{NS}"><all>{all}</all><lists><ports/><scores/><limit>1</limit><when/></lists></EchoResponse>"#
        )
    };
    assert!(decode::<EchoResponse>(element, &with_all(("", ""))).is_ok());
    let cases = [
        (
            ("<integer>+001</integer>", "<integer>12.5</integer>"),
            "integer",
            "12.5",
            "/Body/EchoResponse/all/integer",
        ),
        (
            ("<hexBinary>abCD</hexBinary>", "<hexBinary>abC</hexBinary>"),
            "hexBinary",
            "abC",
            "/Body/EchoResponse/all/hexBinary",
        ),
        (
            ("<unsignedByte>1</unsignedByte>", "<unsignedByte>256</unsignedByte>"),
            "unsignedByte",
            "256",
            "/Body/EchoResponse/all/unsignedByte",
        ),
        (("<NMTOKENS>n</NMTOKENS>", "<NMTOKENS><x/></NMTOKENS>"), "", "", "/Body/EchoResponse/all/NMTOKENS"),
    ];
    for (replace, expected, found, at) in cases {
        let err = decode::<EchoResponse>(element, &with_all(replace)).unwrap_err();
        if !expected.is_empty() {
            assert_eq!(err.kind, DecodeErrorKind::InvalidValue { expected, found: s(found) }, "{replace:?}");
        }
        assert_eq!(pbx_soap_tests::schema::path(&err), at, "{replace:?}");
    }
    let lists = |attrs: &str, ports: &str| {
        format!(
            r#"<EchoResponse xmlns="{NS}"><all>{}</all><lists {attrs}><ports>{ports}</ports><scores/><limit>1</limit><when/></lists></EchoResponse>"#,
            all_elements()
        )
    };
    let err = decode::<EchoResponse>(element, &lists("", "5060 x")).unwrap_err();
    assert_eq!(
        failure(&err),
        (
            DecodeErrorKind::InvalidValue { expected: "unsignedShort", found: s("x") },
            s("/Body/EchoResponse/lists/ports")
        )
    );
    let err = decode::<EchoResponse>(element, &lists(r#"size="-1x""#, "")).unwrap_err();
    assert_eq!(
        failure(&err),
        (
            DecodeErrorKind::InvalidValue { expected: "integer", found: s("-1x") },
            s("/Body/EchoResponse/lists/@size")
        )
    );
}

#[tokio::test]
async fn builtins_against_php() {
    let wsdl = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("xsd/builtins.wsdl");
    let cases = php_file("cases/xsd/builtins.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let port = BuiltinsPort::new(SoapClient::new(peer.url("/builtins")).unwrap());
    // Values PHP represents: integers within 64 bits, finite floats.
    let all = All {
        integer: int("-12345"),
        non_negative_integer: int("0"),
        positive_integer: int("9223372036854775807"),
        unsigned_long: 9_223_372_036_854_775_807,
        float: 1.5,
        double: -0.25,
        base64_binary: b"hi".to_vec(),
        hex_binary: HexBinary(vec![1, 0xab]),
        ..all()
    };
    let lists = Lists {
        allowed: Some(vec![Codec::G711, Codec::G722]),
        codecs: Some(vec![Codec::G722]),
        scores: vec![1.5, 2.0],
        ..lists()
    };
    let got = port.echo(Echo { all: all.clone(), lists: lists.clone() }).await.unwrap();
    assert_eq!(got.all, All { string: s("answered"), ..all });
    assert_eq!(got.lists, lists);
    let requests = peer.requests();
    assert_every_operation_called(&wsdl, &requests);
    assert_requests_equal_php(&wsdl, &cases, &requests);
}
