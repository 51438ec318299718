//! Polymorphism (`tests/xsd/polymorphism.wsdl`). One design: where the
//! schema lets a value be of a derived type (`xsi:type`), or an element be
//! replaced by a member of its substitution group, the field holds an enum
//! `Any<Name>` with one variant per type or element that may stand there.
//! Decoding picks the variant by `xsi:type` or element name; encoding
//! writes `xsi:type` for a derived type. An abstract type without
//! `xsi:type`, an `xsi:type` that names no allowed type (a type whose
//! derivation the base blocks among them), and an element outside the
//! group are errors with the element path.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{DecodeErrorKind, Name};
use pbx_soap_tests::schema::{assert_same_xml, decode, failure, round_trip};
use pbx_soap_tests::xsd::polymorphism::*;

const NS: &str = "urn:pbx-soap:test:polymorphism";

fn s(v: &str) -> String {
    v.to_owned()
}

fn compare(field: &str, value: &str) -> Box<Comparison> {
    Box::new(Comparison { field: s(field), value: s(value) })
}

fn inventory() -> Inventory {
    Inventory {
        device: vec![
            AnyDevice::Phone(Box::new(Phone { name: s("desk"), lines: 2 })),
            AnyDevice::VideoPhone(Box::new(VideoPhone { name: s("lobby"), lines: 1, resolution: s("720p") })),
            AnyDevice::Gateway(Box::new(Gateway { name: s("gw"), ports: 30 })),
        ],
        owner: Some(AnyContact::Employee(Box::new(Employee { name: s("ann"), note: None, badge: 7 }))),
        condition: Some(AnyCondition::And(Box::new(Group {
            condition: vec![
                AnyCondition::IsEqual(compare("model", "7960")),
                AnyCondition::Or(Box::new(Group {
                    condition: vec![
                        AnyCondition::Contains(compare("name", "a")),
                        AnyCondition::Contains(compare("name", "b")),
                    ],
                })),
            ],
        }))),
    }
}

#[test]
fn derived_types_and_substitutes_round_trip_with_their_names() {
    let (envelope, back) = round_trip(Name::qualified(NS, "Inventory"), &inventory(), false);
    assert_eq!(back, inventory());
    assert_same_xml(
        &envelope,
        &format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
              <e:Body><p:Inventory xmlns:p="{NS}">
                <p:device i:type="p:Phone"><p:name>desk</p:name><p:lines>2</p:lines></p:device>
                <p:device i:type="p:VideoPhone"><p:name>lobby</p:name><p:lines>1</p:lines><p:resolution>720p</p:resolution></p:device>
                <p:device i:type="p:Gateway"><p:name>gw</p:name><p:ports>30</p:ports></p:device>
                <p:owner i:type="p:Employee"><p:name>ann</p:name><p:badge>7</p:badge></p:owner>
                <p:and><p:isEqual><p:field>model</p:field><p:value>7960</p:value></p:isEqual>
                  <p:or><p:contains><p:field>name</p:field><p:value>a</p:value></p:contains>
                    <p:contains><p:field>name</p:field><p:value>b</p:value></p:contains></p:or></p:and>
              </p:Inventory></e:Body></e:Envelope>"#
        ),
    );
    // The declared type itself needs no xsi:type.
    let plain = Inventory {
        owner: Some(AnyContact::Contact(Box::new(Contact { name: s("x"), note: None }))),
        ..inventory()
    };
    let (envelope, back) = round_trip(Name::qualified(NS, "Inventory"), &plain, false);
    assert_eq!(back, plain);
    assert!(envelope.contains("<ns1:owner><ns1:name>x</ns1:name></ns1:owner>"), "{envelope}");
}

#[test]
fn each_derived_type_decodes_from_its_xsi_type() {
    let body = format!(
        r#"<InventoryResponse xmlns="{NS}" xmlns:a="{NS}" xmlns:xs="http://www.w3.org/2001/XMLSchema-instance">
             <device xs:type="a:VideoPhone"><name>v</name><lines>3</lines><resolution>4k</resolution></device>
             <device xmlns:b="{NS}" xs:type="b:Gateway"><name>g</name><ports>8</ports></device>
             <device xs:type="a:Phone"><name>p</name><lines>1</lines></device>
             <owner><name>plain</name><note>n</note></owner>
           </InventoryResponse>"#
    );
    let got: InventoryResponse = decode(Name::qualified(NS, "InventoryResponse"), &body).unwrap();
    let want = InventoryResponse {
        device: vec![
            AnyDevice::VideoPhone(Box::new(VideoPhone { name: s("v"), lines: 3, resolution: s("4k") })),
            AnyDevice::Gateway(Box::new(Gateway { name: s("g"), ports: 8 })),
            AnyDevice::Phone(Box::new(Phone { name: s("p"), lines: 1 })),
        ],
        owner: Some(AnyContact::Contact(Box::new(Contact { name: s("plain"), note: Some(s("n")) }))),
    };
    assert_eq!(got, want);
}

#[test]
fn wrong_types_and_members_are_errors_with_the_element_path() {
    let response = Name::qualified(NS, "InventoryResponse");
    let wrap = |content: &str| {
        format!(
            r#"<r:InventoryResponse xmlns:r="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{content}</r:InventoryResponse>"#
        )
    };
    let err =
        decode::<InventoryResponse>(response, &wrap("<r:device><r:name>x</r:name></r:device>")).unwrap_err();
    assert_eq!(
        failure(&err),
        (DecodeErrorKind::AbstractType("Device"), s("/Body/InventoryResponse/device[0]"))
    );
    let err = decode::<InventoryResponse>(
        response,
        &wrap(r#"<r:device xsi:type="r:Fax"><r:name>x</r:name></r:device>"#),
    )
    .unwrap_err();
    assert_eq!(
        failure(&err),
        (
            DecodeErrorKind::UnknownType { expected: "Device", found: s("Fax") },
            s("/Body/InventoryResponse/device[0]")
        )
    );
    // `Contact` blocks derivation by restriction: `Initials` may not stand in.
    let err = decode::<InventoryResponse>(
        response,
        &wrap(r#"<r:owner xsi:type="r:Initials"><r:name>x</r:name></r:owner>"#),
    )
    .unwrap_err();
    assert_eq!(
        failure(&err),
        (
            DecodeErrorKind::UnknownType { expected: "Contact", found: s("Initials") },
            s("/Body/InventoryResponse/owner")
        )
    );
    // The derived type's content is checked as that type.
    let err = decode::<InventoryResponse>(
        response,
        &wrap(r#"<r:device xsi:type="r:Gateway"><r:name>x</r:name><r:lines>1</r:lines></r:device>"#),
    )
    .unwrap_err();
    assert_eq!(
        failure(&err),
        (DecodeErrorKind::UnknownElement(s("lines")), s("/Body/InventoryResponse/device[0]"))
    );
    let inventory = Name::qualified(NS, "Inventory");
    let body = format!(
        r#"<Inventory xmlns="{NS}"><device xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Phone"><name>a</name><lines>1</lines></device><and><xor/></and></Inventory>"#
    );
    let err = decode::<Inventory>(inventory, &body).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::UnknownElement(s("xor")), s("/Body/Inventory/and")));
    // `logical` is abstract: only `and` and `or` stand for it.
    let body = format!(
        r#"<Inventory xmlns="{NS}"><device xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Phone"><name>a</name><lines>1</lines></device><logical/></Inventory>"#
    );
    let err = decode::<Inventory>(inventory, &body).unwrap_err();
    assert_eq!(failure(&err), (DecodeErrorKind::UnknownElement(s("logical")), s("/Body/Inventory")));
}

#[test]
fn derived_types_go_through_json() {
    pbx_soap_tests::json::round_trip(&inventory());
}
