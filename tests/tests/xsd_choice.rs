//! Choices and model groups (`tests/xsd/choice.wsdl`): a choice is an enum
//! (`Option` when optional, `Vec` when repeated, in document order), a
//! sequence inside a choice a variant holding its fields, a repeated
//! sequence a `Vec` of them, `xsd:group` references expand with their own
//! bounds, `xsd:all` accepts any order. Wrong content is an error with the
//! element path. PHP's SoapServer answers decode, and PHP's SoapClient
//! builds the same envelopes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{DecodeErrorKind, Name, SoapClient};
use pbx_soap_tests::interop::{TRICKY as T, assert_every_operation_called, assert_requests_equal_php};
use pbx_soap_tests::php_peer::{PhpPeer, php_file};
use pbx_soap_tests::schema::{answering, assert_same_xml, decode, failure, path, round_trip};
use pbx_soap_tests::xsd::choice::*;

const NS: &str = "urn:pbx-soap:test:choice";

fn s(v: &str) -> String {
    v.to_owned()
}

fn find() -> Find {
    Find {
        selector: Selector {
            uuid_or_name: UuidOrName::Name(s(T)),
            location: Some(LocationChoice::LocationName(None)),
            limit: Some(5),
        },
        line: vec![
            Line { uuid_or_pattern: UuidOrPattern::Uuid(s("u-1")) },
            Line {
                uuid_or_pattern: UuidOrPattern::Pattern(Box::new(PatternGroup {
                    pattern: s("1000"),
                    partition: PartitionChoice::PartitionName(s("Internal")),
                })),
            },
        ],
        flags: Some(Flags { a: None, b: true }),
    }
}

fn response() -> FindResponse {
    FindResponse {
        event: vec![Event {
            at: s("2024-05-01T10:00:00Z"),
            call_or_hangup_or_tones: vec![
                CallOrHangupOrTones::Call(s("c1")),
                CallOrHangupOrTones::Tones(vec![s("1"), s("2"), s("3")]),
                CallOrHangupOrTones::Hangup(16),
                CallOrHangupOrTones::Call(s("c2")),
            ],
        }],
        card: vec![
            Card {
                owner: s(T),
                phone: vec![
                    PhoneGroup { phone: s("100"), email: None },
                    PhoneGroup { phone: s("200"), email: Some(s("b@example.com")) },
                    PhoneGroup { phone: s("300"), email: None },
                ],
                room_or_site: Some(RoomOrSite::Site(s("Berlin"))),
            },
            Card { owner: s("nobody"), phone: vec![], room_or_site: None },
        ],
    }
}

#[test]
fn choices_round_trip_with_the_chosen_element_only() {
    let (envelope, back) = round_trip(Name::qualified(NS, "Find"), &find(), false);
    assert_eq!(back, find());
    assert_same_xml(
        &envelope,
        &format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <e:Body><c:Find xmlns:c="{NS}">
                <c:selector><c:name>a&amp;b&lt;c&gt;"d'e — Müller ✓ 漢字</c:name><c:locationName xsi:nil="true"/><c:limit>5</c:limit></c:selector>
                <c:line><c:uuid>u-1</c:uuid></c:line>
                <c:line><c:pattern>1000</c:pattern><c:partitionName>Internal</c:partitionName></c:line>
                <c:flags><c:b>true</c:b></c:flags>
              </c:Find></e:Body></e:Envelope>"#
        ),
    );
}

#[test]
fn repeated_choices_and_sequences_keep_document_order() {
    let (envelope, back) = round_trip(Name::qualified(NS, "FindResponse"), &response(), false);
    assert_eq!(back, response());
    let order: Vec<&str> = envelope.match_indices("<ns1:").map(|(i, _)| &envelope[i + 5..]).collect();
    let names: Vec<&str> = order.iter().map(|rest| rest.split(['>', ' ', '/']).next().unwrap()).collect();
    assert_eq!(
        names,
        [
            "FindResponse",
            "event",
            "at",
            "call",
            "tones",
            "tones",
            "tones",
            "hangup",
            "call",
            "card",
            "owner",
            "phone",
            "phone",
            "email",
            "phone",
            "site",
            "card",
            "owner"
        ]
    );
}

#[test]
fn xsd_all_reads_in_any_order() {
    let body = format!(
        r#"<Find xmlns="{NS}"><selector><uuid>x</uuid></selector><flags><b>false</b><a>true</a></flags></Find>"#
    );
    let got: Find = decode(Name::qualified(NS, "Find"), &body).unwrap();
    assert_eq!(got.flags, Some(Flags { a: Some(true), b: false }));
    assert_eq!(got.selector.uuid_or_name, UuidOrName::Uuid(s("x")));
    assert_eq!(got.selector.location, None);
}

#[test]
fn wrong_choices_are_errors_with_the_element_path() {
    let find = Name::qualified(NS, "Find");
    let wrap = |selector: &str| format!(r#"<Find xmlns="{NS}"><selector>{selector}</selector></Find>"#);
    let err = decode::<Find>(find, &wrap("<bogus>1</bogus>")).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::UnknownElement(s("bogus")), s("/Body/Find/selector")));
    let err = decode::<Find>(find, &wrap("<uuid>1</uuid><name>2</name>")).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::Duplicate(s("name")), s("/Body/Find/selector")));
    let err = decode::<Find>(find, &wrap("<limit>1</limit>")).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::Missing("uuid|name"), s("/Body/Find/selector")));
    let err = decode::<Find>(find, &wrap("<uuid>1</uuid><locationId xsi:nil='true' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'/>")).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::Nil, s("/Body/Find/selector/locationId")));
    // A sequence inside a choice is read in order.
    let line = |content: &str| {
        format!(r#"<Find xmlns="{NS}"><selector><uuid>u</uuid></selector><line>{content}</line></Find>"#)
    };
    let err = decode::<Find>(find, &line("<partition>p</partition><pattern>1</pattern>")).unwrap_err();
    assert_eq!(
        err.kind,
        DecodeErrorKind::WrongElement { expected: s("uuid|pattern"), found: s("partition") }
    );
    assert_eq!(path(&err), "/Body/Find/line[0]");
    let err = decode::<Find>(find, &line("<pattern>1</pattern>")).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::Missing("partition|partitionName"), s("/Body/Find/line[0]")));
    let err = decode::<Find>(find, &line("<pattern>1</pattern><partition>p</partition><uuid>u</uuid>"))
        .unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::Misplaced(s("uuid")), s("/Body/Find/line[0]")));
    let response = Name::qualified(NS, "FindResponse");
    let err = decode::<FindResponse>(
        response,
        &format!(r#"<FindResponse xmlns="{NS}"><event><at>t</at></event></FindResponse>"#),
    )
    .unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::TooFew { name: "call|hangup|tones", min: 1, found: 0 });
    assert_eq!(path(&err), "/Body/FindResponse/event[0]");
    let err = decode::<FindResponse>(
        response,
        &format!(r#"<FindResponse xmlns="{NS}"><event><at>t</at><hangup>x</hangup></event></FindResponse>"#),
    )
    .unwrap_err();
    assert_eq!(path(&err), "/Body/FindResponse/event[0]/hangup");
}

#[test]
fn choices_go_through_json() {
    // Each alternative is tagged by its variant name; document order kept.
    pbx_soap_tests::json::round_trip(&find());
    pbx_soap_tests::json::round_trip(&response());
}

#[tokio::test]
async fn the_generated_client_reads_choices() {
    let (_server, client) = answering(&format!(
        r#"<r:FindResponse xmlns:r="{NS}"><r:event><r:at>t</r:at><r:hangup>3</r:hangup><r:call>c</r:call></r:event></r:FindResponse>"#
    ))
    .await;
    let got = ChoicePort::new(client).find(find()).await.unwrap();
    let kinds = &got.event[0].call_or_hangup_or_tones;
    assert_eq!(kinds, &[CallOrHangupOrTones::Hangup(3), CallOrHangupOrTones::Call(s("c"))]);
}

#[tokio::test]
async fn choices_against_php() {
    let wsdl = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("xsd/choice.wsdl");
    let cases = php_file("cases/xsd/choice.json");
    let peer = PhpPeer::soap_server(&wsdl, &cases).await;
    let port = ChoicePort::new(SoapClient::new(peer.url("/choice")).unwrap());
    let got = port.find(find()).await.unwrap();
    let want = FindResponse {
        event: vec![Event {
            at: s("2024-05-01T10:00:00Z"),
            call_or_hangup_or_tones: vec![
                CallOrHangupOrTones::Call(s("c1")),
                CallOrHangupOrTones::Call(s(T)),
                CallOrHangupOrTones::Hangup(16),
            ],
        }],
        card: vec![Card {
            owner: s(T),
            phone: vec![PhoneGroup { phone: s("100"), email: Some(s("a@example.com")) }],
            room_or_site: Some(RoomOrSite::Room(s("4.01"))),
        }],
    };
    assert_eq!(got, want);
    let requests = peer.requests();
    assert_every_operation_called(&wsdl, &requests);
    assert_requests_equal_php(&wsdl, &cases, &requests);
}
