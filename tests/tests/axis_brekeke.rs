//! Brekeke UserImpl against Apache Axis 1.4 itself (`tests/axis/`): a Java
//! `UserImpl` compiled without debug information, deployed on
//! SimpleAxisServer as Brekeke deploys its web service, answering from
//! `tests/php/cases/brekeke.json` (arguments checked on the Java side).
//! Every operation of the generated client against it; the WSDL Axis
//! generates for the class against `wsdl/brekeke/userimpl.wsdl`, through
//! the generator's IR.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pbx_soap::brekeke::{CallType, UserImpl};
use pbx_soap::rt::SoapClient;
use pbx_soap_codegen::ir::{Ir, Message, TypeKind, TypeRef};
use pbx_soap_tests::axis_peer::{AxisServer, refused_arguments as arguments};
use pbx_soap_tests::interop::assert_every_operation_called;
use pbx_soap_tests::php_peer::wsdl;
use pbx_soap_tests::scenarios::brekeke::{a_null_property, every_operation};

const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";

#[tokio::test]
async fn every_brekeke_operation_against_axis() {
    let axis = AxisServer::shared();
    let front = axis.front().await;
    let pbx = UserImpl::new(SoapClient::new(front.url("/axis/services/UserImpl")).unwrap());

    let fault = every_operation(&pbx).await;
    a_null_property(&pbx).await;
    // As Axis reports any Java exception: the code in the envelope's
    // namespace, the host name in the detail, and (SimpleAxisServer keeps
    // it; Axis's servlet drops it outside development mode, hence the
    // fixture of tests/brekeke.rs without it) the stack trace.
    assert_eq!(
        (fault.code.as_str(), fault.code_ns.as_deref()),
        ("soapenv:Server.userException", Some(SOAP_ENV))
    );
    let detail = fault.detail.as_deref().unwrap_or_default();
    assert!(detail.contains("stackTrace") && detail.contains("no such user: 4099"), "{detail}");
    assert!(detail.contains("hostname"), "{detail}");

    assert_every_operation_called(&wsdl("brekeke", "userimpl.wsdl"), &front.requests());
}

#[tokio::test]
async fn axis_own_http_without_the_front() {
    // SimpleAxisServer speaks HTTP/1.0 and closes every connection.
    let axis = AxisServer::shared();
    let pbx = UserImpl::new(SoapClient::new(axis.url("UserImpl")).unwrap());
    for _ in 0..3 {
        let answer = pbx
            .call_control(
                "4005".into(),
                "4005".into(),
                vec!["4007".into()],
                CallType::CallerFirst.as_str().into(),
            )
            .await
            .unwrap();
        assert_eq!(answer, "succeeded: 1234");
    }
}

#[tokio::test]
async fn the_wsdl_axis_generates_has_the_checked_in_operations_parts_and_types() {
    let axis = AxisServer::shared();
    let served = reqwest::get(format!("{}?wsdl", axis.url("UserImpl"))).await.unwrap();
    assert_eq!(served.status(), 200);
    let text = served.text().await.unwrap();
    let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("axis-userimpl.wsdl");
    std::fs::write(&file, &text).unwrap();

    let from_axis = ir_of(&file);
    let checked_in = ir_of(&wsdl("brekeke", "userimpl.wsdl"));
    assert_eq!(from_axis.warnings, Vec::<String>::new(), "the generator dropped part of Axis's WSDL");
    let ports = |ir: &Ir| ir.clients.iter().map(|c| (c.service.clone(), c.port.clone())).collect::<Vec<_>>();
    assert_eq!(ports(&from_axis), ports(&checked_in));

    let axis_ops = signatures(&from_axis);
    assert_eq!(axis_ops, signatures(&checked_in));
    assert_eq!(axis_ops.len(), 9, "{axis_ops:#?}");

    // What differs, as the checked-in file's header explains: Axis puts the
    // Java package's namespace (pbxsoap.brekeke here) on the request
    // wrapper and the service URL's on the response; the file has one
    // placeholder for both, and Axis dispatches by the local name.
    let url_ns = text.split("targetNamespace=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
    assert!(url_ns.ends_with("/axis/services/UserImpl"), "{url_ns}");
    for op in from_axis.clients.iter().flat_map(|c| &c.operations) {
        let ns = |m: Option<&Message>| m.and_then(|m| m.body.as_ref()).and_then(|b| b.name.ns.clone());
        assert_eq!(ns(Some(&op.input)).as_deref(), Some("http://brekeke.pbxsoap"), "{}", op.wire);
        assert_eq!(ns(op.output.as_ref()).as_deref(), Some(url_ns), "{}", op.wire);
    }
}

fn ir_of(wsdl: &Path) -> Ir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    pbx_soap_codegen::generate(&[wsdl.to_path_buf()], &root, &Default::default())
        .unwrap_or_else(|e| panic!("{}: {e}", wsdl.display()))
        .ir
}

/// Every operation as `name(part: type, ...) -> (part: type)`, style
/// included.
fn signatures(ir: &Ir) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for client in &ir.clients {
        for op in &client.operations {
            let input = parts(ir, Some(&op.input));
            let output = parts(ir, op.output.as_ref());
            out.insert(format!("{} {:?}({input}) -> ({output})", op.wire, op.style));
        }
    }
    out
}

fn parts(ir: &Ir, message: Option<&Message>) -> String {
    let Some(body) = message.and_then(|m| m.body.as_ref()) else { return String::new() };
    let Some(TypeKind::Struct(s)) = ir.types.get(&body.ty).map(|t| &t.kind) else {
        return format!("{body:?}");
    };
    s.fields
        .iter()
        .map(|f| format!("{}: {} {:?}", f.wire.local, type_name(ir, &f.ty), f.occurs))
        .collect::<Vec<_>>()
        .join(", ")
}

fn type_name(ir: &Ir, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Builtin(b) => b.xsd_name().to_owned(),
        TypeRef::Named(id) => ir.types.get(id).map_or_else(|| format!("{id:?}"), |t| t.wire.local.clone()),
        TypeRef::List { item, array_type, encoding, .. } => {
            let name = array_type.as_ref().map_or("-", |q| q.local.as_str());
            format!("[{}] {encoding:?} {name}", type_name(ir, item))
        }
        TypeRef::Boxed(inner) => type_name(ir, inner),
    }
}

#[tokio::test]
async fn the_java_side_refuses_arguments_no_case_has() {
    // The same call as a case but one callee more: a Client fault from the
    // Java side, naming what arrived.
    let pbx = UserImpl::new(SoapClient::new(AxisServer::shared().url("UserImpl")).unwrap());
    let err = pbx
        .call_control("4005".into(), "4005".into(), vec!["4007".into(), "Müller".into()], "2".into())
        .await
        .unwrap_err();
    let fault = err.fault().expect("a fault");
    assert_eq!(fault.code_local(), "Client");
    assert_eq!(fault.string, "unexpected arguments for callControl");
    assert_eq!(arguments(fault.detail.as_deref()), r#"["4005","4005",["4007","Müller"],"2"]"#);
}
