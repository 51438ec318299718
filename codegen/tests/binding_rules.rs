//! The WSDL 1.1 binding rules and the binding side of the generator:
//! default input/output names, overloads, the lenient setting, clients
//! without a service, SOAP header blocks, declared faults, and imports
//! (`xsd:import` in `wsdl:types`, built-in well-known schemas, local
//! copies of remote documents).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use pbx_soap_codegen::ir::{Client, Ir, Operation, QName, SoapVersion, TypeRef};
use pbx_soap_codegen::lower::LowerOptions;
use pbx_soap_codegen::{Error, Settings, lower, parse};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn lower_with(xml: &str, lenient: bool) -> Result<Ir, Error> {
    let doc = parse::parse_str(xml, "mem/0.wsdl")?;
    lower::lower_with(&[doc], LowerOptions { lenient, ..LowerOptions::default() })
}

fn op<'a>(client: &'a Client, name: &str) -> &'a Operation {
    client.operations.iter().find(|o| o.wire == name).unwrap_or_else(|| panic!("no operation {name}"))
}

fn body_local(op: &Operation) -> Option<&str> {
    op.input.body.as_ref().map(|b| b.name.local.as_str())
}

/// A WSDL with `types` (schema body), `messages`, `port_types`,
/// `bindings` and `services` spliced in; prefixes `tns` = `urn:t`.
fn wsdl(types: &str, messages: &str, port_types: &str, bindings: &str, services: &str) -> String {
    format!(
        r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
            xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
            xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t">
          <wsdl:types><xsd:schema targetNamespace="urn:t" elementFormDefault="qualified">{types}</xsd:schema></wsdl:types>
          {messages}{port_types}{bindings}{services}
        </wsdl:definitions>"#
    )
}

const ELEMENTS: &str = r#"
    <xsd:element name="A"><xsd:complexType><xsd:sequence><xsd:element name="a" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
    <xsd:element name="B"><xsd:complexType><xsd:sequence><xsd:element name="b" type="xsd:int"/></xsd:sequence></xsd:complexType></xsd:element>
    <xsd:element name="R"><xsd:complexType><xsd:sequence><xsd:element name="r" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
    <xsd:element name="Auth"><xsd:complexType><xsd:sequence><xsd:element name="user" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
    <xsd:element name="Trace"><xsd:complexType><xsd:sequence><xsd:element name="id" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
    <xsd:element name="Version"><xsd:complexType><xsd:sequence><xsd:element name="v" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
    <xsd:element name="Oops"><xsd:complexType><xsd:sequence><xsd:element name="reason" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>"#;

const MESSAGES: &str = r#"
    <wsdl:message name="InA"><wsdl:part name="p" element="tns:A"/></wsdl:message>
    <wsdl:message name="InB"><wsdl:part name="p" element="tns:B"/></wsdl:message>
    <wsdl:message name="Out"><wsdl:part name="p" element="tns:R"/></wsdl:message>
    <wsdl:message name="OopsFault"><wsdl:part name="f" element="tns:Oops"/></wsdl:message>"#;

fn binding_op(name: &str, input: &str, output: &str) -> String {
    format!(
        r#"<wsdl:operation name="{name}"><soap:operation soapAction="urn:t#{name}"/>
             <wsdl:input {input}><soap:body use="literal"/></wsdl:input>
             <wsdl:output {output}><soap:body use="literal"/></wsdl:output></wsdl:operation>"#
    )
}

fn soap_binding(ops: &str) -> String {
    format!(r#"<wsdl:binding name="B" type="tns:PT"><soap:binding style="document"/>{ops}</wsdl:binding>"#)
}

const SERVICE: &str = r#"<wsdl:service name="S"><wsdl:port name="P" binding="tns:B">
    <soap:address location="http://h/s"/></wsdl:port></wsdl:service>"#;

#[test]
fn default_names_match_a_binding_that_names_its_input_and_output() {
    // The shape of older sipXconfig servers' combined sipxconfig.wsdl.
    let file = fixture("binding/combined-default-names.wsdl");
    let doc = parse::parse_file(&file, Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let ir = lower::lower(&[doc]).unwrap();
    assert!(ir.warnings.is_empty(), "{:?}", ir.warnings);
    let ports: Vec<&str> = ir.clients.iter().map(|c| c.port.as_str()).collect();
    assert_eq!(ports, ["PermissionService", "UserService"]);
    assert_eq!(body_local(op(&ir.clients[0], "addPermission")), Some("AddPermission"));
    let users = &ir.clients[1];
    assert_eq!(body_local(op(users, "findUser")), Some("FindUser"));
    // One-way: the input's default name is the operation's.
    let restart = op(users, "restart");
    assert_eq!((body_local(restart), restart.output.is_none()), (Some("Restart"), true));
    // And the whole pipeline renders it.
    let out = pbx_soap_codegen::generate(&[file], Path::new("/"), &Settings::default()).unwrap();
    assert!(out.code.contains("pub fn find_user("), "{}", out.code);
}

#[test]
fn overloads_are_told_apart_by_input_and_output_names() {
    let port_type = r#"<wsdl:portType name="PT">
        <wsdl:operation name="create"><wsdl:input name="createA" message="tns:InA"/><wsdl:output name="createAResponse" message="tns:Out"/></wsdl:operation>
        <wsdl:operation name="create"><wsdl:input name="createB" message="tns:InB"/><wsdl:output name="createBResponse" message="tns:Out"/></wsdl:operation>
      </wsdl:portType>"#;
    // The binding lists them the other way round: names decide, not order.
    let ops = binding_op("create", r#"name="createB""#, r#"name="createBResponse""#)
        + &binding_op("create", r#"name="createA""#, r#"name="createAResponse""#);
    let ir = lower_with(&wsdl(ELEMENTS, MESSAGES, port_type, &soap_binding(&ops), SERVICE), false).unwrap();
    let bodies: Vec<Option<&str>> = ir.clients[0].operations.iter().map(body_local).collect();
    assert_eq!(bodies, [Some("B"), Some("A")]);
    // Without the names the overloads cannot be told apart: an error, or
    // (lenient) matched by position.
    let unnamed = binding_op("create", "", "") + &binding_op("create", "", "");
    let xml = wsdl(ELEMENTS, MESSAGES, port_type, &soap_binding(&unnamed), SERVICE);
    assert!(matches!(lower_with(&xml, false), Err(Error::Lenient { .. })));
    let ir = lower_with(&xml, true).unwrap();
    let bodies: Vec<Option<&str>> = ir.clients[0].operations.iter().map(body_local).collect();
    assert_eq!(bodies, [Some("A"), Some("B")]);
}

#[test]
fn mismatched_names_are_an_error_naming_the_lenient_setting_which_matches_by_position() {
    let port_type = r#"<wsdl:portType name="PT">
        <wsdl:operation name="get"><wsdl:input message="tns:InA"/><wsdl:output message="tns:Out"/></wsdl:operation>
      </wsdl:portType>"#;
    let ops = binding_op("get", r#"name="getIn""#, r#"name="getOut""#);
    let xml = wsdl(ELEMENTS, MESSAGES, port_type, &soap_binding(&ops), SERVICE);
    let err = lower_with(&xml, false).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Lenient { .. }), "{text}");
    assert!(text.contains("`getIn`") && text.contains("`getRequest`") && text.contains("lenient"), "{text}");
    let ir = lower_with(&xml, true).unwrap();
    assert_eq!(body_local(op(&ir.clients[0], "get")), Some("A"));
    assert!(ir.warnings.iter().any(|w| w.contains("matched by position")), "{:?}", ir.warnings);
}

#[test]
fn an_unprefixed_qname_resolves_in_the_target_namespace_only_when_lenient() {
    let port_type = r#"<wsdl:portType name="PT">
        <wsdl:operation name="get"><wsdl:input message="tns:InA"/><wsdl:output message="tns:Out"/></wsdl:operation>
      </wsdl:portType>"#;
    // `type="PT"` with the WSDL namespace as the default one: {wsdl}PT.
    let binding = soap_binding(&binding_op("get", "", "")).replace(r#"type="tns:PT""#, r#"type="PT""#);
    let xml = wsdl(ELEMENTS, MESSAGES, port_type, &binding, SERVICE)
        .replace("<wsdl:definitions ", r#"<wsdl:definitions xmlns="http://schemas.xmlsoap.org/wsdl/" "#);
    let err = lower_with(&xml, false).unwrap_err();
    assert!(matches!(err, Error::Lenient { .. }) && err.to_string().contains("lenient"), "{err}");
    let ir = lower_with(&xml, true).unwrap();
    assert_eq!(ir.clients[0].operations.len(), 1);
    assert!(ir.warnings.iter().any(|w| w.contains("{urn:t}PT")), "{:?}", ir.warnings);
}

#[test]
fn without_a_service_every_binding_gets_a_client_and_without_bindings_the_types_remain() {
    let port_type = r#"<wsdl:portType name="PT">
        <wsdl:operation name="get"><wsdl:input message="tns:InA"/><wsdl:output message="tns:Out"/></wsdl:operation>
      </wsdl:portType>"#;
    let soap12 = r#"<wsdl:binding name="B12" type="tns:PT"><soap12:binding style="document"/>
        <wsdl:operation name="get"><soap12:operation soapAction="urn:t#get"/>
        <wsdl:input><soap12:body use="literal"/></wsdl:input><wsdl:output><soap12:body use="literal"/></wsdl:output>
        </wsdl:operation></wsdl:binding>"#;
    let both = soap_binding(&binding_op("get", "", "")) + soap12;
    let ir = lower_with(&wsdl(ELEMENTS, MESSAGES, port_type, &both, ""), false).unwrap();
    let [client] = ir.clients.as_slice() else { panic!("{:#?}", ir.clients) };
    assert_eq!((client.port.as_str(), client.service.as_str(), client.endpoint.as_deref()), ("B", "", None));
    assert_eq!(client.binding.soap12_sibling.as_deref(), Some("B12"));

    // SOAP 1.2 only (ONVIF): a SOAP 1.2 client.
    let ir = lower_with(&wsdl(ELEMENTS, MESSAGES, port_type, soap12, ""), false).unwrap();
    assert_eq!(ir.clients[0].binding.version, SoapVersion::Soap12);
    assert!(ir.warnings.is_empty(), "{:?}", ir.warnings);

    // No binding at all: the types, and a warning instead of an empty module.
    let ir = lower_with(&wsdl(ELEMENTS, MESSAGES, port_type, "", ""), false).unwrap();
    assert!(ir.clients.is_empty());
    assert_eq!(ir.types.len(), 7, "{:#?}", ir.types);
    assert!(ir.warnings.iter().any(|w| w.contains("no wsdl:binding")), "{:?}", ir.warnings);
    let code = pbx_soap_codegen::emit::render(&named(ir), &Settings::default()).unwrap();
    assert!(code.contains("pub struct Oops"), "{code}");
}

/// Three operations: `a` and `b` carry `Auth` (client-level: 2 of 3),
/// `a` also `Trace` (per call); `a` returns a `Version` header block and
/// declares the `Oops` fault; `c` sends a `wsse:Security` header.
fn header_wsdl() -> String {
    let messages = format!(
        r#"{MESSAGES}
        <wsdl:message name="InAWithHeaders"><wsdl:part name="body" element="tns:A"/>
          <wsdl:part name="auth" element="tns:Auth"/><wsdl:part name="trace" element="tns:Trace"/></wsdl:message>
        <wsdl:message name="Headers"><wsdl:part name="auth" element="tns:Auth"/>
          <wsdl:part name="version" element="tns:Version"/><wsdl:part name="oops" element="tns:Oops"/>
          <wsdl:part name="security" element="wsse:Security"/></wsdl:message>"#
    );
    let port_type = r#"<wsdl:portType name="PT">
        <wsdl:operation name="a"><wsdl:input message="tns:InAWithHeaders"/><wsdl:output message="tns:Out"/>
          <wsdl:fault name="oops" message="tns:OopsFault"/></wsdl:operation>
        <wsdl:operation name="b"><wsdl:input message="tns:InB"/><wsdl:output message="tns:Out"/></wsdl:operation>
        <wsdl:operation name="c"><wsdl:input message="tns:InB"/><wsdl:output message="tns:Out"/></wsdl:operation>
      </wsdl:portType>"#;
    let bindings = r#"<wsdl:binding name="B" type="tns:PT"><soap:binding style="document"/>
        <wsdl:operation name="a"><soap:operation soapAction="urn:t#a"/>
          <wsdl:input><soap:body use="literal"/>
            <soap:header message="tns:InAWithHeaders" part="auth" use="literal">
              <soap:headerfault message="tns:Headers" part="oops" use="literal"/></soap:header>
            <soap:header message="tns:InAWithHeaders" part="trace" use="literal"/></wsdl:input>
          <wsdl:output><soap:body use="literal"/><soap:header message="tns:Headers" part="version" use="literal"/></wsdl:output>
          <wsdl:fault name="oops"><soap:fault name="oops" use="literal"/></wsdl:fault></wsdl:operation>
        <wsdl:operation name="b"><soap:operation soapAction="urn:t#b"/>
          <wsdl:input><soap:body use="literal"/><soap:header message="tns:Headers" part="auth" use="literal"/></wsdl:input>
          <wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
        <wsdl:operation name="c"><soap:operation soapAction="urn:t#c"/>
          <wsdl:input><soap:body use="literal"/><soap:header message="tns:Headers" part="security" use="literal"/></wsdl:input>
          <wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
      </wsdl:binding>"#;
    wsdl(ELEMENTS, &messages, port_type, bindings, SERVICE).replace(
        "xmlns:tns=",
        r#"xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:tns="#,
    )
}

#[test]
fn header_blocks_leave_the_body_and_split_into_client_level_and_per_call() {
    let ir = lower_with(&header_wsdl(), false).unwrap();
    assert!(ir.warnings.is_empty(), "{:?}", ir.warnings);
    let client = &ir.clients[0];
    let names = |blocks: &[pbx_soap_codegen::ir::HeaderBlock]| -> Vec<String> {
        blocks.iter().map(|b| b.name.local.clone()).collect()
    };
    assert_eq!(names(&client.binding.headers), ["Auth"]);
    let a = op(client, "a");
    // The header parts are not body parts: one body part, element A.
    assert_eq!(body_local(a), Some("A"));
    assert_eq!(a.binding.client_headers, [0]);
    assert_eq!(names(&a.binding.input_headers), ["Trace"]);
    assert_eq!(names(&a.binding.output_headers), ["Version"]);
    assert_eq!(names(&a.binding.header_faults), ["Oops"]);
    assert_eq!(a.binding.faults, [0]);
    assert_eq!(client.binding.faults[0].name, QName::new(Some("urn:t"), "Oops"));
    assert!(matches!(client.binding.faults[0].ty, TypeRef::Named(_)));
    let b = op(client, "b");
    assert_eq!((b.binding.client_headers.as_slice(), b.binding.input_headers.len()), (&[0][..], 0));
    let c = op(client, "c");
    assert!(c.binding.ws_security && c.binding.client_headers.is_empty());

    let code = pbx_soap_codegen::emit::render(&named(ir), &Settings::default()).unwrap();
    for expected in [
        "pub struct PHeaders",
        "pub struct AHeaders",
        "pub struct AOutputHeaders",
        "pub enum PFault",
        "pub fn a_with_headers(",
        "&self.headers.auth,",
        "&__headers.trace,",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in\n{code}");
    }
}

fn named(mut ir: Ir) -> Ir {
    pbx_soap_codegen::naming::assign(&mut ir).unwrap();
    ir
}

#[test]
fn xsd_import_in_wsdl_types_and_well_known_schemas_load_without_network() {
    let dir = std::env::temp_dir().join(format!("binding-rules-imports-{}", std::process::id()));
    let copies = dir.join("copies/example.com/schemas");
    std::fs::create_dir_all(&copies).unwrap();
    std::fs::write(
        dir.join("model.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m" xmlns:m="urn:m">
             <xs:import namespace="http://schemas.xmlsoap.org/soap/encoding/" schemaLocation="http://schemas.xmlsoap.org/soap/encoding/"/>
             <xs:import namespace="http://www.w3.org/2005/08/addressing" schemaLocation="http://www.w3.org/2006/03/addressing/ws-addr.xsd"/>
             <xs:import namespace="urn:remote" schemaLocation="http://example.com/schemas/remote.xsd"/>
             <xs:complexType name="T"><xs:sequence><xs:element name="to" type="wsa:EndpointReferenceType"
               xmlns:wsa="http://www.w3.org/2005/08/addressing"/><xs:element name="r" type="r:R" xmlns:r="urn:remote"/>
             </xs:sequence></xs:complexType></xs:schema>"#,
    )
    .unwrap();
    std::fs::write(
        copies.join("remote.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:remote">
             <xs:complexType name="R"><xs:sequence><xs:element name="x" type="xs:string"/></xs:sequence></xs:complexType></xs:schema>"#,
    )
    .unwrap();
    let main = dir.join("main.wsdl");
    std::fs::write(
        &main,
        r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
             xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:m="urn:m" xmlns:tns="urn:t" targetNamespace="urn:t">
           <wsdl:types><xsd:import namespace="urn:m" schemaLocation="model.xsd"/></wsdl:types>
           <wsdl:message name="In"><wsdl:part name="t" type="m:T"/></wsdl:message>
           <wsdl:portType name="PT"><wsdl:operation name="op"><wsdl:input message="tns:In"/></wsdl:operation></wsdl:portType>
           <wsdl:binding name="B" type="tns:PT"><soap:binding style="rpc"/><wsdl:operation name="op">
             <wsdl:input><soap:body use="literal" namespace="urn:t"/></wsdl:input></wsdl:operation></wsdl:binding>
         </wsdl:definitions>"#,
    )
    .unwrap();
    // Without the folder of local copies: a clear error naming the remedy.
    let err =
        pbx_soap_codegen::load_with(std::slice::from_ref(&main), &dir, &Settings::default()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("http://example.com/schemas/remote.xsd") && text.contains("--schemas"), "{text}");
    let settings = Settings {
        sources: pbx_soap_codegen::parse::Sources {
            schema_dirs: vec![dir.join("copies")],
            ..Default::default()
        },
        ..Settings::default()
    };
    let ir = pbx_soap_codegen::load_with(&[main], &dir, &settings).unwrap();
    let wires: Vec<String> = ir.types.values().map(|t| t.wire.local.clone()).collect();
    for expected in ["T", "EndpointReferenceType", "R"] {
        assert!(wires.iter().any(|w| w == expected), "{expected} missing from {wires:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
