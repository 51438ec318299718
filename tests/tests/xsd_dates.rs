//! Typed dates and times (`Dates::Jiff`, `tests/xsd/builtins.wsdl`
//! generated again as `xsd::builtins_typed`): `xsd:dateTime`, `date`,
//! `time` and `duration` fields are `rt::xsd` values that go through a
//! request envelope and back, decode with or without a timezone as sent,
//! fail with the element path when malformed, and serialize to JSON as
//! their lexical form.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::jiff::civil;
use pbx_soap::rt::xsd::{Date, DateTime, Duration, Time};
use pbx_soap::rt::{
    DecodeErrorKind, DecodeOptions, Error, HexBinary, Name, Operation, SoapVersion, read_response,
};
use pbx_soap_tests::schema::round_trip;
use pbx_soap_tests::xsd::builtins_typed::*;

const NS: &str = "urn:pbx-soap:test:builtins";

fn s(v: &str) -> String {
    v.to_owned()
}

fn all() -> All {
    All {
        string: s("x"),
        normalized_string: s("n s"),
        token: s("tok"),
        language: s("de-CH"),
        name: s("n"),
        nc_name: s("nc"),
        nmtoken: s("t"),
        nmtokens: vec![s("a")],
        id: s("i1"),
        idref: s("i1"),
        idrefs: vec![s("i1")],
        entity: s("e"),
        entities: vec![s("e1")],
        q_name: s("xsd:int"),
        notation: s("n"),
        any_uri: s("http://example.com/"),
        boolean: true,
        decimal: s("1.5"),
        integer: "1".parse().unwrap(),
        non_positive_integer: "0".parse().unwrap(),
        negative_integer: "-1".parse().unwrap(),
        non_negative_integer: "1".parse().unwrap(),
        positive_integer: "1".parse().unwrap(),
        long: 1,
        int: 1,
        short: 1,
        byte: 1,
        unsigned_long: 1,
        unsigned_int: 1,
        unsigned_short: 1,
        unsigned_byte: 1,
        float: 1.5,
        double: 2.5,
        duration: "-P1Y2M3DT10H30M0.5S".parse().unwrap(),
        date_time: "2024-02-29T23:59:59.123456789+05:30".parse().unwrap(),
        time: "08:15:00Z".parse().unwrap(),
        date: "-0044-03-15".parse().unwrap(),
        g_year_month: s("2024-05Z"),
        g_year: s("2024"),
        g_month_day: s("--02-29"),
        g_day: s("---31"),
        g_month: s("--12"),
        hex_binary: HexBinary(vec![1]),
        base64_binary: vec![2],
        any_simple_type: s("a"),
    }
}

fn lists() -> Lists {
    Lists {
        allowed: None,
        refs: None,
        max: None,
        // The schema default, which an absent attribute reads as.
        size: Some("10".parse().unwrap()),
        ports: vec![5060],
        codecs: None,
        scores: vec![1.5],
        limit: vec![Limit::Unbounded],
        // A union of dateTime and duration stays its lexical form.
        when: s("P1D"),
    }
}

/// Decodes `envelope` as an `EchoResponse`... an `Echo` read back the way
/// a client reads a response.
fn decode_echo(envelope: &str) -> Result<Echo, Error> {
    let op = Operation {
        name: "echo",
        soap_action: "",
        input: None,
        output: Some(Name::qualified(NS, "Echo")),
        encoded: false,
        version: SoapVersion::Soap11,
    };
    read_response(envelope.as_bytes(), &op, &DecodeOptions::default())
}

#[test]
fn typed_dates_round_trip_through_an_envelope() {
    let echo = Echo { all: all(), lists: lists() };
    for encoded in [false, true] {
        let (envelope, back) = round_trip(Name::qualified(NS, "Echo"), &echo, encoded);
        assert_eq!(back, echo, "{envelope}");
        for text in [
            ">-P1Y2M3DT10H30M0.5S</ns1:duration>",
            ">2024-02-29T23:59:59.123456789+05:30</ns1:dateTime>",
            ">08:15:00Z</ns1:time>",
            ">-0044-03-15</ns1:date>",
        ] {
            assert!(envelope.contains(text), "{text} missing in {envelope}");
        }
    }
    let (envelope, _) = round_trip(Name::qualified(NS, "Echo"), &echo, true);
    assert!(envelope.contains(r#"xsi:type="xsd:dateTime">2024"#), "{envelope}");
}

#[test]
fn a_response_keeps_each_timezone_as_sent() {
    let echo = Echo { all: all(), lists: lists() };
    let (envelope, _) = round_trip(Name::qualified(NS, "Echo"), &echo, false);
    let sent = ">2024-02-29T23:59:59.123456789+05:30<";
    let wall = civil::date(2024, 2, 29).at(23, 59, 59, 0);
    for (text, offset_seconds) in [
        ("2024-02-29T23:59:59Z", Some(0)),
        ("2024-02-29T23:59:59+05:30", Some(5 * 3600 + 1800)),
        ("2024-02-29T23:59:59-03:00", Some(-3 * 3600)),
        ("2024-02-29T23:59:59", None),
    ] {
        let got = decode_echo(&envelope.replace(sent, &format!(">{text}<"))).unwrap();
        let dt = got.all.date_time;
        assert_eq!(dt.value(), wall, "{text}");
        assert_eq!(dt.offset().map(|o| o.seconds()), offset_seconds, "{text}: no zone is invented");
        assert_eq!(dt.to_string(), text);
    }
    // Fractions of any length, canonical when written again.
    let got = decode_echo(&envelope.replace(sent, ">2024-02-29T23:59:59.5000000000Z<")).unwrap();
    assert_eq!(got.all.date_time.value().subsec_nanosecond(), 500_000_000);
    assert_eq!(got.all.date_time.to_string(), "2024-02-29T23:59:59.5Z");
}

#[test]
fn malformed_dates_are_decode_errors_with_the_element_path() {
    let echo = Echo { all: all(), lists: lists() };
    let (envelope, _) = round_trip(Name::qualified(NS, "Echo"), &echo, false);
    for (from, to, expected, element) in [
        (">2024-02-29T23:59:59.123456789+05:30<", ">2023-02-29T00:00:00<", "dateTime", "dateTime"),
        // A leap second, which jiff (like XML Schema 1.1) does not represent.
        (">2024-02-29T23:59:59.123456789+05:30<", ">2024-02-29T23:59:60Z<", "dateTime", "dateTime"),
        (">08:15:00Z<", ">8:15<", "time", "time"),
        (">-0044-03-15<", ">2024-03-15T00:00:00<", "date", "date"),
        (">-P1Y2M3DT10H30M0.5S<", ">P1.5Y<", "duration", "duration"),
    ] {
        let err = decode_echo(&envelope.replace(from, to)).unwrap_err();
        let Error::Decode { source, .. } = err else { panic!("not a decode error: {err:?}") };
        let found = to.trim_matches(['>', '<']).to_owned();
        assert_eq!(source.kind, DecodeErrorKind::InvalidValue { expected, found }, "{to}");
        assert_eq!(source.path.last().map(String::as_str), Some(element), "{:?}", source.path);
        assert!(source.path.contains(&s("all")), "{:?}", source.path);
    }
}

#[test]
fn typed_dates_go_through_json_as_their_lexical_form() {
    let echo = Echo { all: all(), lists: lists() };
    let json = pbx_soap_tests::json::round_trip(&echo);
    assert_eq!(json["all"]["date_time"], "2024-02-29T23:59:59.123456789+05:30");
    assert_eq!(json["all"]["duration"], "-P1Y2M3DT10H30M0.5S");
    assert_eq!(json["all"]["date"], "-0044-03-15");
    assert_eq!(json["all"]["time"], "08:15:00Z");
    let bad = serde_json::json!("2024-13-01T00:00:00");
    assert!(serde_json::from_value::<DateTime>(bad).is_err());
    assert_eq!(serde_json::from_value::<Date>("2024-01-01".into()).unwrap().to_string(), "2024-01-01");
    assert_eq!(serde_json::from_value::<Time>("24:00:00".into()).unwrap().to_string(), "00:00:00");
    assert_eq!(serde_json::from_value::<Duration>("PT0S".into()).unwrap(), Duration::default());
}
