//! Secret fields (passwords, PINs) never reach `Debug`: a struct or choice
//! with one gets a hand `Debug` impl printing it through `rt::Redacted`;
//! types without one keep the derive.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap_codegen::{Settings, lower, naming, parse};

const WSDL: &str = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t">
  <wsdl:types><xsd:schema targetNamespace="urn:t" elementFormDefault="qualified">
    <xsd:complexType name="Login"><xsd:sequence>
      <xsd:element name="user" type="xsd:string"/>
      <xsd:element name="sipPassword" type="xsd:string" minOccurs="0"/>
      <xsd:element name="pin" type="xsd:int"/>
    </xsd:sequence></xsd:complexType>
    <xsd:complexType name="Plain"><xsd:sequence>
      <xsd:element name="user" type="xsd:string"/>
      <xsd:element name="mapping" type="xsd:string"/>
    </xsd:sequence></xsd:complexType>
    <!-- A choice as the whole content: the enum `PasswordOrToken`, held by `Credential`. -->
    <xsd:complexType name="Credential"><xsd:choice>
      <xsd:element name="password" type="xsd:string"/>
      <xsd:element name="token" type="xsd:int"/>
    </xsd:choice></xsd:complexType>
  </xsd:schema></wsdl:types>
</wsdl:definitions>"#;

fn code() -> String {
    let doc = parse::parse_str(WSDL, "mem/0.wsdl").unwrap();
    let mut ir = lower::lower_with(&[doc], lower::LowerOptions::default()).unwrap();
    naming::assign(&mut ir).unwrap();
    pbx_soap_codegen::emit::render(&ir, &Settings::default()).unwrap()
}

/// The `#[derive(...)]` line just before `decl` (e.g. `pub struct Login {`).
fn derive_of<'a>(code: &'a str, decl: &str) -> &'a str {
    let at = code.find(decl).unwrap_or_else(|| panic!("no `{decl}` in\n{code}"));
    let start = code[..at].rfind("#[derive(").unwrap();
    let end = start + code[start..].find(')').unwrap();
    &code[start..=end]
}

#[test]
fn a_struct_with_a_secret_field_redacts_it_in_a_hand_debug_impl() {
    let code = code();
    assert!(!derive_of(&code, "pub struct Login {").contains("Debug"), "{code}");
    let compact: String = code.split_whitespace().collect();
    for expected in [
        "impl::core::fmt::DebugforLogin{",
        "f.debug_struct(\"Login\").field(\"user\",&self.user)",
        ".field(\"sip_password\",&::pbx_soap::rt::Redacted(&self.sip_password))",
        // An integer `pin` is not a string secret: shown as it is.
        ".field(\"pin\",&self.pin).finish()",
    ] {
        assert!(compact.contains(expected), "missing `{expected}` in\n{code}");
    }
}

#[test]
fn a_struct_without_secrets_keeps_the_derive() {
    let code = code();
    assert!(derive_of(&code, "pub struct Plain {").contains("Debug"), "{code}");
    assert!(!code.contains("impl ::core::fmt::Debug for Plain"), "{code}");
}

#[test]
fn a_choice_with_a_secret_alternative_redacts_it() {
    let code = code();
    assert!(!derive_of(&code, "pub enum PasswordOrToken {").contains("Debug"), "{code}");
    let compact: String = code.split_whitespace().collect();
    for expected in [
        "impl::core::fmt::DebugforPasswordOrToken{",
        "f.debug_tuple(\"Password\").field(&::pbx_soap::rt::Redacted(__v)).finish()",
        "Self::Token(__v)=>f.debug_tuple(\"Token\").field(__v).finish()",
    ] {
        assert!(compact.contains(expected), "missing `{expected}` in\n{code}");
    }
}
