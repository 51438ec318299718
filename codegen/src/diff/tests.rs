//! One small WSDL pair per kind of change, each with its exact report.
//! The pairs are one base document and a textual edit of it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::{Compat, diff};
use crate::ir::Ir;

/// A directory service: FindUser (request `name`, optional `group`;
/// response: repeated `User`), SetState (request `user`, `state`; empty
/// response). `State` travels both ways (in SetState and in User).
const BASE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="urn:example:directory" targetNamespace="urn:example:directory">
  <wsdl:types>
    <xsd:schema targetNamespace="urn:example:directory" elementFormDefault="qualified">
      <xsd:simpleType name="State">
        <xsd:restriction base="xsd:string">
          <xsd:enumeration value="idle"/>
          <xsd:enumeration value="busy"/>
        </xsd:restriction>
      </xsd:simpleType>
      <xsd:complexType name="User">
        <xsd:sequence>
          <xsd:element name="name" type="xsd:string"/>
          <xsd:element name="extension" type="xsd:string"/>
          <xsd:element name="state" type="tns:State" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="FindUser">
        <xsd:complexType><xsd:sequence>
          <xsd:element name="name" type="xsd:string"/>
          <xsd:element name="group" type="xsd:string" minOccurs="0"/>
        </xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="FindUserResponse">
        <xsd:complexType><xsd:sequence>
          <xsd:element name="user" type="tns:User" minOccurs="0" maxOccurs="unbounded"/>
        </xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="SetState">
        <xsd:complexType><xsd:sequence>
          <xsd:element name="user" type="xsd:string"/>
          <xsd:element name="state" type="tns:State"/>
        </xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="SetStateResponse">
        <xsd:complexType><xsd:sequence/></xsd:complexType>
      </xsd:element>
    </xsd:schema>
  </wsdl:types>
  <wsdl:message name="FindUserIn"><wsdl:part name="parameters" element="tns:FindUser"/></wsdl:message>
  <wsdl:message name="FindUserOut"><wsdl:part name="parameters" element="tns:FindUserResponse"/></wsdl:message>
  <wsdl:message name="SetStateIn"><wsdl:part name="parameters" element="tns:SetState"/></wsdl:message>
  <wsdl:message name="SetStateOut"><wsdl:part name="parameters" element="tns:SetStateResponse"/></wsdl:message>
  <wsdl:portType name="Directory">
    <wsdl:operation name="FindUser">
      <wsdl:input message="tns:FindUserIn"/><wsdl:output message="tns:FindUserOut"/>
    </wsdl:operation>
    <wsdl:operation name="SetState">
      <wsdl:input message="tns:SetStateIn"/><wsdl:output message="tns:SetStateOut"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="DirectoryBinding" type="tns:Directory">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="FindUser">
      <soap:operation soapAction="urn:example:directory/FindUser"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
    <wsdl:operation name="SetState">
      <soap:operation soapAction="urn:example:directory/SetState"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="DirectoryService">
    <wsdl:port name="DirectoryPort" binding="tns:DirectoryBinding">
      <soap:address location="http://pbx.example.com/directory"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"#;

fn ir(xml: &str, file: &str) -> Ir {
    let doc = crate::parse::parse_str(xml, file).unwrap();
    let mut ir = crate::lower::lower(&[doc]).unwrap();
    crate::naming::assign(&mut ir).unwrap();
    ir
}

/// Applies each `(from, to)` edit to the base document (each must apply).
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "edit does not apply: {from}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The report lines between the header and the summary.
fn report(edits: &[(&str, &str)]) -> (String, bool) {
    let d = diff(&ir(BASE, "old.wsdl"), &ir(&edited(edits), "new.wsdl"));
    let text = d.render();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[..2], ["--- old.wsdl", "+++ new.wsdl"], "{text}");
    (lines[2..].join("\n"), d.is_breaking())
}

const FIND_USER_OUT: (&str, &str) = (
    r#"<wsdl:message name="FindUserOut">"#,
    r#"<wsdl:message name="PingIn"/><wsdl:message name="PingOut"/><wsdl:message name="FindUserOut">"#,
);

#[test]
fn the_same_document_has_no_changes() {
    assert_eq!(report(&[]), ("no API changes".to_owned(), false));
}

#[test]
fn operations_added_and_removed() {
    let ping_port = (
        r#"<wsdl:operation name="SetState">
      <wsdl:input message="tns:SetStateIn"/>"#,
        r#"<wsdl:operation name="Ping"><wsdl:input message="tns:PingIn"/><wsdl:output message="tns:PingOut"/></wsdl:operation>
    <wsdl:operation name="SetState">
      <wsdl:input message="tns:SetStateIn"/>"#,
    );
    let ping_binding = (
        r#"<wsdl:operation name="SetState">
      <soap:operation"#,
        r#"<wsdl:operation name="Ping"><soap:operation soapAction=""/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
    <wsdl:operation name="SetState">
      <soap:operation"#,
    );
    let added = report(&[FIND_USER_OUT, ping_port, ping_binding]);
    assert_eq!(
        added,
        ("compatible  operation Ping: added (Ping() -> ())\n0 breaking, 1 compatible".to_owned(), false)
    );

    let new = ir(&edited(&[FIND_USER_OUT, ping_port, ping_binding]), "new.wsdl");
    let removed = diff(&new, &ir(BASE, "old.wsdl"));
    assert_eq!(removed.changes.len(), 1);
    assert_eq!(removed.changes[0].compat, Compat::Breaking);
    assert_eq!(removed.changes[0].detail, "removed (was Ping() -> ())");
    assert!(removed.is_breaking());
}

#[test]
fn parameters_added_removed_and_retyped() {
    let (text, breaking) = report(&[(
        r#"<xsd:element name="name" type="xsd:string"/>
          <xsd:element name="group" type="xsd:string" minOccurs="0"/>"#,
        r#"<xsd:element name="name" type="xsd:int"/>
          <xsd:element name="site" type="xsd:string" minOccurs="0"/>
          <xsd:element name="limit" type="xsd:int"/>"#,
    )]);
    assert_eq!(
        text,
        "breaking    operation FindUser: parameter `name`: xsd:string -> xsd:int
breaking    operation FindUser: parameter `group` removed (was xsd:string?)
compatible  operation FindUser: parameter `site` added: xsd:string?
breaking    operation FindUser: parameter `limit` added: xsd:int
3 breaking, 1 compatible"
    );
    assert!(breaking);
}

#[test]
fn optional_and_required_depend_on_the_direction() {
    // A parameter that becomes optional and a result list that must now
    // hold one item are fine; the reverse breaks old clients.
    let relaxed = [
        (
            r#"<xsd:element name="user" type="xsd:string"/>"#,
            r#"<xsd:element name="user" type="xsd:string" minOccurs="0"/>"#,
        ),
        (
            r#"<xsd:element name="user" type="tns:User" minOccurs="0" maxOccurs="unbounded"/>"#,
            r#"<xsd:element name="user" type="tns:User" minOccurs="1" maxOccurs="unbounded"/>"#,
        ),
    ];
    assert_eq!(
        report(&relaxed),
        (
            "compatible  operation FindUser: result `user`: User[] -> User[1..]
compatible  operation SetState: parameter `user`: xsd:string -> xsd:string?
0 breaking, 2 compatible"
                .to_owned(),
            false
        )
    );
    let tightened = diff(&ir(&edited(&relaxed), "new.wsdl"), &ir(BASE, "old.wsdl")).render();
    assert!(tightened.ends_with("2 breaking, 0 compatible\n"), "{tightened}");
}

#[test]
fn type_fields_in_responses() {
    let (text, breaking) = report(&[(
        r#"<xsd:element name="extension" type="xsd:string"/>
          <xsd:element name="state" type="tns:State" minOccurs="0"/>"#,
        r#"<xsd:element name="state" type="tns:State" minOccurs="0"/>
          <xsd:element name="email" type="xsd:string" minOccurs="0" maxOccurs="unbounded"/>
          <xsd:element name="site" type="xsd:string" nillable="true"/>"#,
    )]);
    assert_eq!(
        text,
        "breaking    type User (response): field `extension` removed (was xsd:string)
compatible  type User (response): field `email` added: xsd:string[]
compatible  type User (response): field `site` added: xsd:string (nillable)
1 breaking, 2 compatible"
    );
    assert!(breaking);
}

#[test]
fn enumeration_values_added_and_removed() {
    // `State` is sent (SetState) and received (User.state): a removed value
    // breaks clients that send it.
    let (text, breaking) = report(&[(
        r#"<xsd:enumeration value="busy"/>"#,
        r#"<xsd:enumeration value="ringing"/><xsd:enumeration value="dnd"/>"#,
    )]);
    assert_eq!(
        text,
        "breaking    type State (request, response): values removed: `busy`
compatible  type State (request, response): values added: `ringing`, `dnd`
1 breaking, 1 compatible"
    );
    assert!(breaking);
}

#[test]
fn soap_actions_and_binding_styles() {
    let (text, _) = report(&[
        (r#"soapAction="urn:example:directory/FindUser""#, r#"soapAction="urn:example:directory#FindUser""#),
        (r#"<soap:binding style="document""#, r#"<soap:binding style="rpc""#),
    ]);
    assert!(text.starts_with(
        "breaking    port DirectoryPort: binding style document/literal -> rpc/literal (all 2 operations in both)
breaking    operation FindUser: SOAPAction \"urn:example:directory/FindUser\" -> \"urn:example:directory#FindUser\"
"
    ), "{text}");
}

#[test]
fn a_new_namespace_moves_every_element_and_type_at_once() {
    let moved = BASE.replace("urn:example:directory", "urn:example:directory:v2");
    let d = diff(&ir(BASE, "old.wsdl"), &ir(&moved, "new.wsdl"));
    let text = d.render();
    let lines: Vec<&str> = text.lines().skip(2).collect();
    assert_eq!(
        lines,
        [
            "breaking    operation FindUser: SOAPAction \"urn:example:directory/FindUser\" -> \"urn:example:directory:v2/FindUser\"",
            "breaking    operation FindUser: input element {urn:example:directory}FindUser -> {urn:example:directory:v2}FindUser",
            "breaking    operation FindUser: output element {urn:example:directory}FindUserResponse -> {urn:example:directory:v2}FindUserResponse",
            "breaking    operation SetState: SOAPAction \"urn:example:directory/SetState\" -> \"urn:example:directory:v2/SetState\"",
            "breaking    operation SetState: input element {urn:example:directory}SetState -> {urn:example:directory:v2}SetState",
            "breaking    operation SetState: output element {urn:example:directory}SetStateResponse -> {urn:example:directory:v2}SetStateResponse",
            "breaking    namespace: urn:example:directory -> urn:example:directory:v2 for 10 elements and types (operation FindUser parameter `name`, operation FindUser parameter `group`, operation FindUser result `user`, ...)",
            "7 breaking, 0 compatible",
        ]
    );
}

#[test]
fn reordered_parameters_break_strict_servers() {
    let (text, breaking) = report(&[(
        r#"<xsd:element name="user" type="xsd:string"/>
          <xsd:element name="state" type="tns:State"/>"#,
        r#"<xsd:element name="state" type="tns:State"/>
          <xsd:element name="user" type="xsd:string"/>"#,
    )]);
    assert_eq!(
        text,
        "breaking    operation SetState: parameters reordered: user, state -> state, user\n1 breaking, 0 compatible"
    );
    assert!(breaking);
}
