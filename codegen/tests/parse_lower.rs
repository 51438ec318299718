//! Parse + lower behaviour on real vendor WSDLs (the project's sipXconfig files
//! under `wsdl/`, transcribed from the vendor documentation, innovaphone files from ../shared) and on
//! small inline documents for the edge cases.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use pbx_soap_codegen::Error;
use pbx_soap_codegen::ir::{
    Builtin, Client, Dispatch, Field, FieldKind, Ir, ListEncoding, Occurs, Operation, QName, SoapVersion,
    Style, TypeDef, TypeId, TypeKind, TypeRef, Unwrap,
};
use pbx_soap_codegen::{lower, parse};

const SIPX_NS: &str = "http://www.sipfoundry.org/2007/08/21/ConfigService";
const INNO_NS: &str = "http://innovaphone.com/pbx";
const VENDOR_DIR: &str = "../../shared/vendor-wsdl";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The project's own sipXconfig WSDL files (`wsdl/sipxconfig/`).
fn sipx_file(name: &str) -> PathBuf {
    workspace().join("wsdl/sipxconfig").join(format!("{name}.wsdl"))
}

fn workspace() -> &'static Path {
    root().parent().unwrap()
}

fn vendor(name: &str) -> PathBuf {
    root().join(VENDOR_DIR).join(name)
}

fn load(files: &[PathBuf]) -> Result<Ir, Error> {
    let docs: Result<Vec<_>, _> = files.iter().map(|f| parse::parse_file(f, workspace())).collect();
    lower::lower(&docs?)
}

/// Lowers inline WSDL documents, named `mem/0.wsdl`, `mem/1.wsdl`...
fn lower_str(xmls: &[&str]) -> Result<Ir, Error> {
    let docs: Result<Vec<_>, _> =
        xmls.iter().enumerate().map(|(i, xml)| parse::parse_str(xml, &format!("mem/{i}.wsdl"))).collect();
    lower::lower(&docs?)
}

fn sipx(name: &str) -> Ir {
    load(&[sipx_file(name)]).unwrap()
}

fn q(ns: Option<&str>, local: &str) -> QName {
    QName::new(ns, local)
}

/// All types with this wire name.
fn types_named<'a>(ir: &'a Ir, ns: Option<&str>, local: &str) -> Vec<(TypeId, &'a TypeDef)> {
    let wire = q(ns, local);
    ir.types.iter().filter(|(_, t)| t.wire == wire).map(|(id, t)| (*id, t)).collect()
}

fn the_type<'a>(ir: &'a Ir, ns: Option<&str>, local: &str) -> (TypeId, &'a TypeDef) {
    let found = types_named(ir, ns, local);
    assert_eq!(found.len(), 1, "expected one type {local}, found {found:#?}");
    found[0]
}

fn fields(def: &TypeDef) -> &[Field] {
    match &def.kind {
        TypeKind::Struct(s) => &s.fields,
        other => panic!("{} is not a struct: {other:?}", def.wire),
    }
}

fn field<'a>(def: &'a TypeDef, local: &str) -> &'a Field {
    fields(def)
        .iter()
        .find(|f| f.wire.local == local)
        .unwrap_or_else(|| panic!("{} has no field {local}", def.wire))
}

fn op<'a>(client: &'a Client, name: &str) -> &'a Operation {
    client.operations.iter().find(|o| o.wire == name).unwrap_or_else(|| panic!("no operation {name}"))
}

fn list(item: TypeRef, item_name: QName, encoding: ListEncoding) -> TypeRef {
    TypeRef::List { item: Box::new(item), item_name, encoding, array_type: None }
}

/// A SOAP-ENC array given by the named type `array_type`.
fn enc_list(item: TypeRef, item_name: QName, array_type: QName) -> TypeRef {
    TypeRef::List {
        item: Box::new(item),
        item_name,
        encoding: ListEncoding::SoapEnc,
        array_type: Some(array_type),
    }
}

/// A document/literal WSDL around `schema_body`, with one port whose
/// operation `Op` takes element `tns:Op` and returns `tns:OpResponse`.
fn doc_wsdl(schema_attrs: &str, schema_body: &str) -> String {
    format!(
        r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
            xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
            xmlns:tns="urn:t" targetNamespace="urn:t">
          <wsdl:types><xsd:schema targetNamespace="urn:t" {schema_attrs}>{schema_body}</xsd:schema></wsdl:types>
          <wsdl:message name="In"><wsdl:part name="p" element="tns:Op"/></wsdl:message>
          <wsdl:message name="Out"><wsdl:part name="p" element="tns:OpResponse"/></wsdl:message>
          <wsdl:portType name="PT"><wsdl:operation name="Op">
            <wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation></wsdl:portType>
          <wsdl:binding name="B" type="tns:PT"><soap:binding style="document"/>
            <wsdl:operation name="Op"><soap:operation soapAction="urn:t#Op"/>
              <wsdl:input><soap:body use="literal"/></wsdl:input>
              <wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
          <wsdl:service name="S"><wsdl:port name="P" binding="tns:B">
            <soap:address location="http://h/s"/></wsdl:port></wsdl:service>
        </wsdl:definitions>"#
    )
}

/// `doc_wsdl` where `Op` and `OpResponse` are elements of types `T`/`R`
/// declared in `types`.
fn doc_wsdl_types(types: &str) -> String {
    let body = format!(
        r#"{types}<xsd:element name="Op" type="tns:T"/><xsd:element name="OpResponse" type="tns:R"/>"#
    );
    doc_wsdl("", &body)
}

#[test]
fn sipx_permission_types_fields_and_lists() {
    let ir = sipx("permission");
    assert_eq!(ir.sources, ["wsdl/sipxconfig/permission.wsdl"]);
    let (permission_id, permission) = the_type(&ir, Some(SIPX_NS), "Permission");
    let name = field(permission, "name");
    assert_eq!((name.wire.clone(), name.occurs), (q(None, "name"), Occurs::Required));
    assert_eq!(name.ty, TypeRef::Builtin(Builtin::String));
    // minOccurs=0 + nillable is Optional, not Nillable.
    assert_eq!(field(permission, "label").occurs, Occurs::Optional);
    assert_eq!(field(permission, "builtIn").ty, TypeRef::Builtin(Builtin::Boolean));

    // ArrayOfPermission has no type of its own: the field is a literal list.
    assert!(types_named(&ir, Some(SIPX_NS), "ArrayOfPermission").is_empty());
    let (_, find_response) = the_type(&ir, Some(SIPX_NS), "FindPermissionResponse");
    let permissions = field(find_response, "permissions");
    let expected = list(TypeRef::Named(permission_id), q(None, "item"), ListEncoding::Literal);
    assert_eq!((&permissions.ty, permissions.occurs), (&expected, Occurs::Required));

    let (_, manage) = the_type(&ir, Some(SIPX_NS), "ManagePermission");
    let names: Vec<&str> = fields(manage).iter().map(|f| f.wire.local.as_str()).collect();
    assert_eq!(names, ["search", "edit", "deletePermission"]);
    assert_eq!(field(manage, "edit").occurs, Occurs::Repeated { min: 1 });
    let (_, property) = the_type(&ir, Some(SIPX_NS), "Property");
    assert_eq!(field(property, "value").occurs, Occurs::Nillable);
}

#[test]
fn sipx_permission_client_and_operations() {
    let ir = sipx("permission");
    let [client] = ir.clients.as_slice() else { panic!("{:#?}", ir.clients) };
    assert_eq!((client.service.as_str(), client.port.as_str()), ("ConfigImplService", "PermissionService"));
    assert_eq!(
        client.endpoint.as_deref(),
        Some("https://47.134.206.174:8443/sipxconfig/services/PermissionService")
    );
    let names: Vec<&str> = client.operations.iter().map(|o| o.wire.as_str()).collect();
    assert_eq!(names, ["addPermission", "findPermission", "managePermission"]);

    let find = op(client, "findPermission");
    assert_eq!((find.style, find.soap_action.as_str()), (Style::DocumentLiteral, ""));
    let input = find.input.body.as_ref().unwrap();
    assert_eq!(input.name, q(Some(SIPX_NS), "FindPermission"));
    // Element FindPermission of type FindPermission: one type, the body's.
    assert_eq!(input.ty, the_type(&ir, Some(SIPX_NS), "FindPermission").0);
    assert_eq!(input.unwrap, Unwrap::SingleField);
    let output = find.output.as_ref().unwrap().body.as_ref().unwrap();
    assert_eq!(
        (output.name.clone(), output.unwrap),
        (q(Some(SIPX_NS), "FindPermissionResponse"), Unwrap::SingleField)
    );

    let manage = op(client, "managePermission");
    assert_eq!(manage.input.body.as_ref().unwrap().unwrap, Unwrap::Whole);
    // An output message without parts: an empty body.
    assert_eq!(manage.output.as_ref().unwrap().body, None);
    assert!(ir.warnings.is_empty(), "{:?}", ir.warnings);
}

#[test]
fn sipx_user_occurs_and_lists() {
    let ir = sipx("user");
    let (user_id, user) = the_type(&ir, Some(SIPX_NS), "User");
    assert_eq!(field(user, "aliases").occurs, Occurs::Repeated { min: 0 });
    assert_eq!(field(user, "pintoken").occurs, Occurs::Nillable);
    assert_eq!(field(user, "branchName").occurs, Occurs::Nillable);
    assert_eq!(field(user, "userName").occurs, Occurs::Required);
    assert!(types_named(&ir, Some(SIPX_NS), "ArrayOfUser").is_empty());
    let (_, response) = the_type(&ir, Some(SIPX_NS), "FindUserResponse");
    assert_eq!(
        field(response, "users").ty,
        list(TypeRef::Named(user_id), q(None, "item"), ListEncoding::Literal)
    );
    let add = op(&ir.clients[0], "addUser");
    assert_eq!(add.input.body.as_ref().unwrap().unwrap, Unwrap::Whole, "AddUser has user and pin");
}

#[test]
fn sipx_six_services_share_one_property() {
    let names = ["call_group", "park_orbit", "permission", "phone", "test", "user"];
    let files: Vec<PathBuf> = names.iter().map(|n| sipx_file(n)).collect();
    let ir = load(&files).unwrap();
    assert_eq!(ir.sources.len(), 6);
    assert!(ir.sources[5].ends_with("sipxconfig/user.wsdl"), "{:?}", ir.sources);
    let ports: Vec<&str> = ir.clients.iter().map(|c| c.port.as_str()).collect();
    assert_eq!(
        ports,
        [
            "CallGroupService",
            "ParkOrbitService",
            "PermissionService",
            "PhoneService",
            "TestService",
            "UserService"
        ]
    );
    assert!(ir.clients.iter().all(|c| c.service == "ConfigImplService"));
    let (property_id, _) = the_type(&ir, Some(SIPX_NS), "Property");
    for manage in ["ManagePermission", "ManagePhone", "ManageUser"] {
        let (_, def) = the_type(&ir, Some(SIPX_NS), manage);
        assert_eq!(field(def, "edit").ty, TypeRef::Named(property_id), "{manage}");
    }
    assert!(ir.warnings.is_empty(), "{:?}", ir.warnings);
    // Ids are dense after merging.
    let ids: Vec<u32> = ir.types.keys().map(|id| id.0).collect();
    assert_eq!(ids, (0..u32::try_from(ir.types.len()).unwrap()).collect::<Vec<_>>());
}

#[test]
fn conflicting_definitions_are_both_kept_with_a_warning() {
    let property = |extra: &str| {
        format!(
            r#"<xsd:complexType name="Property"><xsd:sequence>
                 <xsd:element name="property" type="xsd:string"/>{extra}</xsd:sequence></xsd:complexType>
               <xsd:complexType name="T"><xsd:sequence>
                 <xsd:element name="edit" type="tns:Property" maxOccurs="unbounded"/></xsd:sequence></xsd:complexType>
               <xsd:complexType name="R"><xsd:sequence/></xsd:complexType>"#
        )
    };
    let a = doc_wsdl_types(&property(""));
    let b = doc_wsdl_types(&property(r#"<xsd:element name="value" type="xsd:string"/>"#))
        .replace("\"P\"", "\"P2\"");
    let ir = lower_str(&[&a, &b]).unwrap();
    let properties = types_named(&ir, Some("urn:t"), "Property");
    assert_eq!(properties.len(), 2, "{properties:#?}");
    assert_eq!(fields(properties[0].1).len(), 1);
    assert_eq!(fields(properties[1].1).len(), 2);
    // Each document's T uses its own Property.
    let ts = types_named(&ir, Some("urn:t"), "T");
    assert_eq!(field(ts[0].1, "edit").ty, TypeRef::Named(properties[0].0));
    assert_eq!(field(ts[1].1, "edit").ty, TypeRef::Named(properties[1].0));
    let warning = ir.warnings.iter().find(|w| w.contains("{urn:t}Property")).expect("conflict warning");
    assert!(warning.contains("mem/0.wsdl") && warning.contains("mem/1.wsdl"), "{warning}");
    // R and the ports' other types are identical in both and merge.
    assert_eq!(types_named(&ir, Some("urn:t"), "R").len(), 1);
}

#[test]
fn namespaces_resolve_through_ancestors_and_default_namespace() {
    // `tns2` is declared on wsdl:types only. The first schema's default
    // namespace is its own target namespace, so `type="T"` means {urn:t}T;
    // the second's is XML Schema, so `base="string"` is the builtin.
    let xml = r#"<d:definitions xmlns:d="http://schemas.xmlsoap.org/wsdl/"
          xmlns:s="http://schemas.xmlsoap.org/wsdl/soap/" targetNamespace="urn:t" xmlns:x="urn:t">
      <d:types xmlns:tns2="urn:other">
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:t" targetNamespace="urn:t"
            elementFormDefault="qualified">
          <xs:complexType name="T"><xs:sequence>
            <xs:element name="a" type="xs:int"/>
            <xs:element name="o" type="tns2:O" form="unqualified"/>
          </xs:sequence></xs:complexType>
          <xs:element name="Op" type="T"/>
          <xs:element name="OpResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
        </xs:schema>
        <schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:other">
          <simpleType name="O"><restriction base="string"/></simpleType>
        </schema>
      </d:types>
      <d:message name="In"><d:part name="p" element="x:Op"/></d:message>
      <d:message name="Out"><d:part name="p" element="x:OpResponse"/></d:message>
      <d:portType name="PT"><d:operation name="Op"><d:input message="x:In"/><d:output message="x:Out"/></d:operation></d:portType>
      <d:binding name="B" type="x:PT"><s:binding/><d:operation name="Op">
        <d:input><s:body use="literal"/></d:input><d:output><s:body use="literal"/></d:output></d:operation></d:binding>
      <d:service name="S"><d:port name="P" binding="x:B"/></d:service>
    </d:definitions>"#;
    let ir = lower_str(&[xml]).unwrap();
    let (_, t) = the_type(&ir, Some("urn:t"), "T");
    let a = field(t, "a");
    assert_eq!((a.wire.clone(), a.ty.clone()), (q(Some("urn:t"), "a"), TypeRef::Builtin(Builtin::Int)));
    let o = field(t, "o");
    assert_eq!(o.wire, q(None, "o"));
    let (o_id, o_def) = the_type(&ir, Some("urn:other"), "O");
    assert_eq!(
        (o.ty.clone(), &o_def.kind),
        (TypeRef::Named(o_id), &TypeKind::Alias(TypeRef::Builtin(Builtin::String)))
    );
    // Anonymous type: named after its element; no soap:binding style and no
    // soapAction: document and "".
    let operation = &ir.clients[0].operations[0];
    assert_eq!((operation.style, operation.soap_action.as_str()), (Style::DocumentLiteral, ""));
    let out = operation.output.as_ref().unwrap().body.as_ref().unwrap();
    assert_eq!(ir.types[&out.ty].wire, q(Some("urn:t"), "OpResponse"));
    assert_eq!(out.unwrap, Unwrap::Fields);
    assert_eq!(ir.clients[0].endpoint, None);
}

#[test]
fn unknown_prefix_is_a_clear_error() {
    let xml = doc_wsdl_types(
        r#"<xsd:complexType name="T"><xsd:sequence><xsd:element name="a" type="nope:X"/></xsd:sequence></xsd:complexType>
           <xsd:complexType name="R"/>"#,
    );
    let err = lower_str(&[&xml]).unwrap_err();
    assert!(matches!(&err, Error::UnknownPrefix { prefix, .. } if prefix == "nope"), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("mem/0.wsdl") && text.contains("nope:X"), "{text}");
}

#[test]
fn malformed_xml_and_wrong_roots_are_errors() {
    let err =
        parse::parse_str("<wsdl:definitions xmlns:wsdl='http://schemas.xmlsoap.org/wsdl/'><oops>", "m.wsdl");
    assert!(matches!(err, Err(Error::Xml { ref file, .. }) if file == "m.wsdl"), "{err:?}");
    let err = parse::parse_str("<definitions/>", "m.wsdl").unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    let err = parse::parse_file(&fixture("does-not-exist.wsdl"), root()).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
}

#[test]
fn unresolved_and_unsupported_references_are_errors() {
    let unknown_type = doc_wsdl_types(
        r#"<xsd:complexType name="T"><xsd:sequence><xsd:element name="a" type="tns:Missing"/></xsd:sequence></xsd:complexType>
           <xsd:complexType name="R"/>"#,
    );
    let err = lower_str(&[&unknown_type]).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::UnresolvedRef { kind: "type", .. }), "{text}");
    assert!(text.contains("{urn:t}Missing") && text.contains("complexType {urn:t}T / element a"), "{text}");

    let type_part = doc_wsdl_types(r#"<xsd:complexType name="T"/><xsd:complexType name="R"/>"#)
        .replace(r#"element="tns:Op""#, r#"type="tns:T""#);
    let err = lower_str(&[&type_part]).unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err}");
}

#[test]
fn imports_and_includes_resolve_relative_to_the_importing_file() {
    let ir = load(&[fixture("imports/main.wsdl")]).unwrap();
    assert_eq!(ir.sources, ["codegen/tests/fixtures/imports/main.wsdl"]);
    assert_eq!(ir.doc.as_deref(), Some("Import fixture."));
    let [client] = ir.clients.as_slice() else { panic!("{:#?}", ir.clients) };
    assert_eq!(client.endpoint.as_deref(), Some("http://localhost/example"));
    let get = op(client, "GetThing");
    assert_eq!(get.soap_action, "urn:example:main#GetThing");
    let types_ns = Some("urn:example:types");
    // From the chameleon include: takes the includer's namespace.
    let (thing_id, thing) = the_type(&ir, types_ns, "Thing");
    assert_eq!(field(thing, "tags").occurs, Occurs::Repeated { min: 0 });
    let (_, response) = the_type(&ir, types_ns, "GetThingResponse");
    let thing_field = field(response, "thing");
    assert_eq!(
        (thing_field.wire.clone(), thing_field.ty.clone()),
        (q(types_ns, "thing"), TypeRef::Named(thing_id))
    );
}

#[test]
fn by_value_cycles_are_boxed_lists_are_not() {
    let xml = doc_wsdl_types(
        r#"<xsd:complexType name="T"><xsd:sequence>
             <xsd:element name="value" type="xsd:int"/>
             <xsd:element name="next" type="tns:T" minOccurs="0"/>
             <xsd:element name="children" type="tns:T" minOccurs="0" maxOccurs="unbounded"/>
             <xsd:element name="other" type="tns:R" nillable="true"/>
           </xsd:sequence></xsd:complexType>
           <xsd:complexType name="R"><xsd:sequence>
             <xsd:element name="back" type="tns:T" minOccurs="0"/>
           </xsd:sequence></xsd:complexType>"#,
    );
    let ir = lower_str(&[&xml]).unwrap();
    let (t_id, t) = the_type(&ir, Some("urn:t"), "T");
    let (r_id, r) = the_type(&ir, Some("urn:t"), "R");
    let boxed = |id| TypeRef::Boxed(Box::new(TypeRef::Named(id)));
    assert_eq!(field(t, "next").ty, boxed(t_id));
    assert_eq!(field(t, "children").ty, TypeRef::Named(t_id));
    assert_eq!(field(t, "other").ty, TypeRef::Named(r_id));
    assert_eq!(field(t, "other").occurs, Occurs::Nillable);
    assert_eq!(field(r, "back").ty, boxed(t_id), "T -> R -> T is closed at R");
}

#[test]
fn extension_choice_any_and_attributes() {
    let xml = doc_wsdl_types(
        r#"<xsd:complexType name="Base"><xsd:sequence><xsd:element name="id" type="xsd:long"/></xsd:sequence>
             <xsd:attribute name="lang" type="xsd:string"/></xsd:complexType>
           <xsd:complexType name="T"><xsd:complexContent><xsd:extension base="tns:Base"><xsd:sequence>
             <xsd:choice><xsd:element name="a" type="xsd:string"/><xsd:element name="b" type="xsd:int"/></xsd:choice>
             <xsd:any minOccurs="0"/>
             <xsd:element name="kind"><xsd:simpleType><xsd:restriction base="xsd:string">
               <xsd:enumeration value="x"/></xsd:restriction></xsd:simpleType></xsd:element>
             <xsd:element name="inner"><xsd:complexType><xsd:sequence>
               <xsd:element name="z" type="xsd:date"/></xsd:sequence></xsd:complexType></xsd:element>
           </xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>
           <xsd:complexType name="R"><xsd:sequence><xsd:element name="r" type="tns:Base"/></xsd:sequence></xsd:complexType>"#,
    );
    let ir = lower_str(&[&xml]).unwrap();
    let (_, t) = the_type(&ir, Some("urn:t"), "T");
    let names: Vec<&str> = fields(t).iter().map(|f| f.wire.local.as_str()).collect();
    assert_eq!(
        names,
        ["lang", "id", "a_or_b", "any", "kind", "inner"],
        "attributes, base fields, own fields"
    );
    assert!(matches!(field(t, "lang").kind, FieldKind::Attribute { default: None }));
    assert_eq!(field(t, "lang").occurs, Occurs::Optional);
    let choice = field(t, "a_or_b");
    assert_eq!((&choice.kind, choice.occurs), (&FieldKind::Group, Occurs::Required));
    let TypeRef::Named(choice_id) = choice.ty else { panic!("{choice:?}") };
    let TypeKind::Choice(c) = &ir.types[&choice_id].kind else { panic!() };
    let alternatives: Vec<&str> = c.variants.iter().map(|v| v.wire.local.as_str()).collect();
    assert_eq!(alternatives, ["a", "b"]);
    assert_eq!((&field(t, "any").kind, field(t, "any").occurs), (&FieldKind::Any, Occurs::Optional));
    let TypeRef::Named(kind) = field(t, "kind").ty else { panic!() };
    assert_eq!(ir.types[&kind].wire, q(None, "kind"));
    assert!(matches!(&ir.types[&kind].kind, TypeKind::Enum(e) if e.variants[0].wire == "x"));
    let TypeRef::Named(inner) = field(t, "inner").ty else { panic!() };
    assert_eq!(field(&ir.types[&inner], "z").ty, TypeRef::Builtin(Builtin::Date));
    // `R` refers to `Base`, which `T` extends: a value may name either type.
    let (_, r) = the_type(&ir, Some("urn:t"), "R");
    let TypeRef::Named(any_base) = field(r, "r").ty else { panic!() };
    let TypeKind::Choice(poly) = &ir.types[&any_base].kind else { panic!() };
    assert_eq!(poly.dispatch, Dispatch::XsiType { base: Some(0) });
    assert_eq!(poly.variants.iter().map(|v| v.wire.local.as_str()).collect::<Vec<_>>(), ["Base", "T"]);
    assert!(ir.warnings.is_empty(), "{:?}", ir.warnings);
}

#[test]
fn recursive_groups_and_bad_attribute_references_are_errors() {
    let cases = [
        (
            r#"<xsd:group name="G"><xsd:sequence><xsd:element name="a"/><xsd:group ref="tns:G"/></xsd:sequence></xsd:group>
               <xsd:complexType name="T"><xsd:group ref="tns:G"/></xsd:complexType><xsd:complexType name="R"/>"#,
            "xsd:group {urn:t}G that contains itself",
        ),
        (
            r#"<xsd:attributeGroup name="A"><xsd:attributeGroup ref="tns:B"/></xsd:attributeGroup>
               <xsd:attributeGroup name="B"><xsd:attributeGroup ref="tns:A"/></xsd:attributeGroup>
               <xsd:complexType name="T"><xsd:attributeGroup ref="tns:A"/></xsd:complexType><xsd:complexType name="R"/>"#,
            "attributeGroup {urn:t}A that contains itself",
        ),
        (
            r#"<xsd:complexType name="T"><xsd:attribute ref="tns:nope"/></xsd:complexType><xsd:complexType name="R"/>"#,
            "unresolved reference to attribute {urn:t}nope",
        ),
        (
            r#"<xsd:complexType name="T"><xsd:attribute name="a" type="tns:R"/></xsd:complexType><xsd:complexType name="R"/>"#,
            "attribute of complex type {urn:t}R",
        ),
        (
            r#"<xsd:complexType name="T"><xsd:sequence><xsd:group ref="tns:Missing"/></xsd:sequence></xsd:complexType><xsd:complexType name="R"/>"#,
            "unresolved reference to group {urn:t}Missing",
        ),
    ];
    for (types, expected) in cases {
        let err = lower_str(&[&doc_wsdl_types(types)]).unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
    }
    // A group reached twice, not through itself, is fine.
    let twice = doc_wsdl_types(
        r#"<xsd:group name="G"><xsd:sequence><xsd:element name="a" type="xsd:int"/></xsd:sequence></xsd:group>
           <xsd:complexType name="T"><xsd:sequence><xsd:group ref="tns:G"/><xsd:element name="b" type="xsd:int"/>
             <xsd:group ref="tns:G" minOccurs="0"/></xsd:sequence></xsd:complexType><xsd:complexType name="R"/>"#,
    );
    let ir = lower_str(&[&twice]).unwrap();
    let (_, t) = the_type(&ir, Some("urn:t"), "T");
    let occurs: Vec<Occurs> = fields(t).iter().map(|f| f.occurs).collect();
    assert_eq!(occurs, [Occurs::Required, Occurs::Required, Occurs::Optional]);
}

#[test]
fn soap12_binding_next_to_soap11_is_a_setting_and_alone_a_soap12_client() {
    let soap12 = r#"<wsdl:binding name="B12" type="tns:PT"><soap12:binding style="document"/>
          <wsdl:operation name="Op"><soap12:operation soapAction=""/>
            <wsdl:input><soap12:body use="literal"/></wsdl:input>
            <wsdl:output><soap12:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
        <wsdl:service name="S">"#;
    let port12 = r#"<wsdl:port name="P12" binding="tns:B12"/></wsdl:service>"#;
    let base = doc_wsdl_types(r#"<xsd:complexType name="T"/><xsd:complexType name="R"/>"#)
        .replace("xmlns:tns=", "xmlns:soap12=\"http://schemas.xmlsoap.org/wsdl/soap12/\" xmlns:tns=");
    let both = base.replace(r#"<wsdl:service name="S">"#, soap12).replace("</wsdl:service>", port12);
    let ir = lower_str(&[&both]).unwrap();
    let [client] = ir.clients.as_slice() else { panic!("{:#?}", ir.clients) };
    assert_eq!(client.binding.version, SoapVersion::Soap11);
    assert_eq!(client.binding.soap12_sibling.as_deref(), Some("B12"));
    assert!(ir.warnings.is_empty(), "{:?}", ir.warnings);

    // A SOAP 1.2 binding alone: a SOAP 1.2 client.
    let only12 =
        both.replace(r#"<wsdl:port name="P" binding="tns:B">"#, r#"<wsdl:port name="P" binding="tns:B12">"#);
    let only12 = only12.replace(r#"<soap:binding style="document"/>"#, "");
    let ir = lower_str(&[&only12]).unwrap();
    let versions: Vec<SoapVersion> = ir.clients.iter().map(|c| c.binding.version).collect();
    assert_eq!(versions, [SoapVersion::Soap12, SoapVersion::Soap12], "both ports use B12");
}

#[test]
fn lowering_is_deterministic() {
    let files = [vendor("innovaphone/pbx10_00.wsdl"), sipx_file("phone")];
    assert_eq!(load(&files).unwrap(), load(&files).unwrap());
}

fn pbx10() -> Ir {
    load(&[vendor("innovaphone/pbx10_00.wsdl")]).unwrap()
}

fn body_type<'a>(ir: &'a Ir, operation: &Operation, output: bool) -> &'a TypeDef {
    let message = if output { operation.output.as_ref().unwrap() } else { &operation.input };
    &ir.types[&message.body.as_ref().unwrap().ty]
}

#[test]
fn innovaphone_pbx10_rpc_encoded() {
    let ir = pbx10();
    let [client] = ir.clients.as_slice() else { panic!("{:#?}", ir.clients) };
    assert_eq!((client.service.as_str(), client.port.as_str()), ("pbx", "pbxPort"));
    assert_eq!(client.endpoint.as_deref(), Some("http://192.168.0.1/PBX0/user.soap"));
    assert_eq!(client.operations.len(), 34);
    assert!(client.operations.iter().all(|o| o.style == Style::RpcEncoded));
    assert!(ir.doc.as_deref().unwrap().starts_with("This is the innovaphone PBX WSDL"));

    for name in ["Echo", "UserEnd"] {
        let operation = op(client, name);
        let input = operation.input.body.as_ref().unwrap();
        assert_eq!(input.name, q(Some("http://innovaphone/binding"), name));
        assert_eq!(input.unwrap, Unwrap::Fields);
        let output = operation.output.as_ref().unwrap().body.as_ref().unwrap();
        assert_eq!(output.name, q(Some("http://innovaphone/binding"), &format!("{name}Response")));
    }
    assert_eq!(op(client, "UserEnd").soap_action, "capeconnect:pbx:pbxPortType#UserEnd");

    let initialize = op(client, "Initialize");
    assert_eq!(initialize.input.body.as_ref().unwrap().name, q(Some(INNO_NS), "Initialize"));
    let input_names: Vec<&str> =
        fields(body_type(&ir, initialize, false)).iter().map(|f| f.wire.local.as_str()).collect();
    assert_eq!(input_names, ["user", "appl", "v", "v501", "v700", "v800", "vx1000"]);
    let out = body_type(&ir, initialize, true);
    assert_eq!(out.wire, q(Some(INNO_NS), "InitializeResponse"));
    let out_fields: Vec<(QName, Occurs)> = fields(out).iter().map(|f| (f.wire.clone(), f.occurs)).collect();
    assert_eq!(out_fields, [(q(None, "return"), Occurs::Required), (q(None, "key"), Occurs::Required)]);
    assert_eq!(initialize.output.as_ref().unwrap().body.as_ref().unwrap().unwrap, Unwrap::Whole);

    let echo = op(client, "Echo").output.as_ref().unwrap().body.as_ref().unwrap();
    assert_eq!(echo.unwrap, Unwrap::SingleField);
    let end = op(client, "End").output.as_ref().unwrap().body.as_ref().unwrap();
    assert_eq!((end.name.clone(), end.unwrap), (q(Some(INNO_NS), "EndResponse"), Unwrap::Fields));
}

#[test]
fn innovaphone_pbx10_soap_enc_arrays_and_docs() {
    let ir = pbx10();
    let client = &ir.clients[0];
    for array in ["InfoArray", "NoArray", "CallInfoArray", "UserInfoArray", "EmailArray"] {
        assert!(types_named(&ir, Some(INNO_NS), array).is_empty(), "{array} should be a List, not a type");
    }
    let (call_info, _) = the_type(&ir, Some(INNO_NS), "CallInfo");
    let calls = body_type(&ir, op(client, "Calls"), true);
    let item = q(None, "item");
    assert_eq!(
        field(calls, "return").ty,
        enc_list(TypeRef::Named(call_info), item.clone(), q(Some(INNO_NS), "CallInfoArray"))
    );
    // The UserInfo operation's wrapper shares the type's wire name.
    let user_infos = types_named(&ir, Some(INNO_NS), "UserInfo");
    assert_eq!(user_infos.len(), 2);
    let (_, user_info) = *user_infos.iter().find(|(_, t)| fields(t).len() > 5).unwrap();
    let email = field(user_info, "email");
    let strings = enc_list(TypeRef::Builtin(Builtin::String), item.clone(), q(Some(INNO_NS), "EmailArray"));
    assert_eq!((email.ty.clone(), email.occurs), (strings, Occurs::Optional));
    // A part whose type is a SOAP-ENC array is a list too.
    let user_call = body_type(&ir, op(client, "UserCall"), false);
    assert!(matches!(field(user_call, "info").ty, TypeRef::List { encoding: ListEncoding::SoapEnc, .. }));

    let (_, activity) = the_type(&ir, Some(INNO_NS), "PresenceActivity");
    let TypeKind::Enum(e) = &activity.kind else { panic!("{activity:?}") };
    assert_eq!((e.base, e.variants.len(), e.variants[6].wire.as_str()), (Builtin::String, 28, "in-transit"));

    let version = op(client, "Version");
    assert_eq!(version.doc.as_deref(), Some("Queries various version information from the PBX"));
    let response = body_type(&ir, version, true);
    assert_eq!(field(response, "GatekeeperID").doc.as_deref(), Some("the PBX's gatekeeper ID"));
    assert!(ir.warnings.is_empty(), "{:?}", ir.warnings);
}

#[test]
fn innovaphone_pbx11_document_literal_lowers() {
    let ir = load(&[vendor("innovaphone/pbx11_00.wsdl")]).unwrap();
    let client = &ir.clients[0];
    assert_eq!(client.operations.len(), 34);
    assert!(client.operations.iter().all(|o| o.style == Style::DocumentLiteral));
    let calls = op(client, "Calls");
    let out = calls.output.as_ref().unwrap().body.as_ref().unwrap();
    // An anonymous body type named after its element, qualified fields.
    let def = &ir.types[&out.ty];
    assert_eq!(def.wire, q(Some(INNO_NS), "CallsResponse"));
    let call_info = field(def, "CallInfo");
    assert_eq!(
        (call_info.wire.clone(), call_info.occurs),
        (q(Some(INNO_NS), "CallInfo"), Occurs::Repeated { min: 0 })
    );
    assert_eq!(out.unwrap, Unwrap::SingleField);
}

/// Every published vendor WSDL either lowers or fails with an error; none
/// may panic.
#[test]
fn every_vendor_wsdl_parses_without_panicking() {
    let mut files = Vec::new();
    let mut dirs = vec![root().join(VENDOR_DIR)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "wsdl") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 2, "{files:?}");
    for file in files {
        let outcome = std::panic::catch_unwind(|| load(std::slice::from_ref(&file)));
        match outcome {
            Ok(Ok(ir)) => assert!(!ir.clients.is_empty(), "{}", file.display()),
            Ok(Err(err)) => eprintln!("{}: {err}", file.display()),
            Err(_) => panic!("{} panicked", file.display()),
        }
    }
}
