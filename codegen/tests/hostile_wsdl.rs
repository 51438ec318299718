//! WSDLs that are hostile or broken (issue 14): deep nesting, imports that
//! point anywhere, text that would break or inject into the generated
//! code, and schema mistakes. Each is a clear error or generates code that
//! parses; none overflows the stack, hangs or reads outside the WSDL's
//! folder.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use pbx_soap_codegen::parse::Sources;
use pbx_soap_codegen::{Error, Settings, generate};

/// A fresh folder under the system temp dir for one test, removed when
/// dropped.
fn scratch(name: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("pbx-soap-hostile-{name}-")).tempdir().unwrap()
}

/// Generates `wsdl` written to `<dir>/main.wsdl`.
fn gen_in(dir: &Path, wsdl: &str, settings: &Settings) -> Result<String, Error> {
    let file = dir.join("main.wsdl");
    std::fs::write(&file, wsdl).unwrap();
    generate(&[file], dir, settings).map(|o| o.code)
}

fn gen_text(name: &str, wsdl: &str) -> Result<String, Error> {
    gen_in(scratch(name).path(), wsdl, &Settings::default())
}

/// A document/literal WSDL (namespace `tns`) around `schema_body`, whose
/// operation `Op` takes `tns:Op` and returns `tns:OpResponse`; `doc` is
/// the operation's documentation.
fn wsdl_with(tns: &str, schema_body: &str, doc: &str) -> String {
    format!(
        r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
            xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
            xmlns:tns="{tns}" targetNamespace="{tns}">
          <wsdl:types><xsd:schema targetNamespace="{tns}">{schema_body}</xsd:schema></wsdl:types>
          <wsdl:message name="In"><wsdl:part name="p" element="tns:Op"/></wsdl:message>
          <wsdl:message name="Out"><wsdl:part name="p" element="tns:OpResponse"/></wsdl:message>
          <wsdl:portType name="PT"><wsdl:operation name="Op"><wsdl:documentation>{doc}</wsdl:documentation>
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

/// `wsdl_with` where `Op` and `OpResponse` are of types `tns:T`/`tns:R`.
fn wsdl_types(types: &str) -> String {
    let body = format!(
        r#"{types}<xsd:element name="Op" type="tns:T"/><xsd:element name="OpResponse" type="tns:R"/>"#
    );
    wsdl_with("urn:t", &body, "op")
}

const R_AND_T: &str = r#"<xsd:complexType name="R"><xsd:sequence><xsd:element name="x" type="xsd:int"/></xsd:sequence></xsd:complexType>"#;

#[test]
fn ten_thousand_levels_of_nesting_are_refused_before_any_tree_is_built() {
    let deep = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
    let wsdl = wsdl_with(
        "urn:t",
        &format!("<xsd:annotation><xsd:appinfo>{deep}</xsd:appinfo></xsd:annotation>"),
        "op",
    );
    let err = gen_text("deep-xml", &wsdl).unwrap_err();
    assert!(matches!(err, Error::Xml { .. }) && err.to_string().contains("deeper than 256"), "{err}");
}

/// `n` anonymous complex types, each inside an element of the last.
fn nested_anonymous(n: usize) -> String {
    let open = r#"<xsd:element name="e"><xsd:complexType><xsd:sequence>"#.repeat(n);
    let close = "</xsd:sequence></xsd:complexType></xsd:element>".repeat(n);
    wsdl_types(&format!(
        r#"<xsd:complexType name="T"><xsd:sequence>{open}{close}</xsd:sequence></xsd:complexType>{R_AND_T}"#
    ))
}

#[test]
fn nested_anonymous_types_are_bounded_by_the_depth_limit() {
    // 1,500 used to overflow the parser's stack.
    let err = gen_text("anon-1500", &nested_anonymous(1500)).unwrap_err();
    assert!(err.to_string().contains("deeper than 256"), "{err}");
    // Just within the limit (five levels around them, three each: 254),
    // every stage copes, whatever the calling thread's stack (a test
    // thread has 2 MiB; the pipeline runs on a thread of its own).
    let code = gen_text("anon-83", &nested_anonymous(83)).unwrap();
    assert!(code.contains("pub struct"));
}

/// A WSDL in `dir` importing a schema from `location`.
fn importing(location: &str) -> String {
    wsdl_with(
        "urn:t",
        &format!(
            r#"<xsd:import namespace="urn:other" schemaLocation="{location}"/>{R_AND_T}<xsd:element name="Op" type="tns:R"/><xsd:element name="OpResponse" type="tns:R"/>"#
        ),
        "op",
    )
}

fn import_error(dir: &Path, location: &str, settings: &Settings) -> String {
    let err = gen_in(dir, &importing(location), settings).unwrap_err();
    assert!(matches!(err, Error::Import { .. }), "{location}: {err}");
    err.to_string()
}

#[test]
fn imports_outside_the_wsdls_folder_are_refused_without_reading_them() {
    let (dir, outside) = (scratch("outside"), scratch("outside-target"));
    let (dir, outside) = (dir.path(), outside.path());
    std::fs::write(outside.join("secret.xsd"), "<xsd:schema xmlns:xsd='http://www.w3.org/2001/XMLSchema'/>")
        .unwrap();
    let settings = Settings::default();
    for location in ["/etc/passwd", "/dev/zero", "../pbx-soap-hostile-x/none.xsd", "/proc/self/environ"] {
        let msg = import_error(dir, location, &settings);
        assert!(msg.contains(location), "{msg}");
        assert!(!msg.contains("root:"), "the error echoes file content: {msg}");
    }
    let secret = outside.join("secret.xsd");
    let msg = import_error(dir, secret.to_str().unwrap(), &settings);
    assert!(msg.contains("outside the WSDL's folder"), "{msg}");
    // A symbolic link inside the folder that leads out of it.
    std::os::unix::fs::symlink(&secret, dir.join("link.xsd")).unwrap();
    let msg = import_error(dir, "link.xsd", &settings);
    assert!(msg.contains("outside the WSDL's folder"), "{msg}");
    // A schema folder the user names is allowed.
    let settings = Settings {
        sources: Sources { schema_dirs: vec![outside.to_path_buf()], ..Sources::default() },
        ..Settings::default()
    };
    assert!(gen_in(dir, &importing(secret.to_str().unwrap()), &settings).is_ok());
}

#[test]
fn only_regular_files_of_bounded_size_are_read() {
    let dir = scratch("special");
    let dir = dir.path();
    std::fs::create_dir(dir.join("a-folder.xsd")).unwrap();
    let msg = import_error(dir, "a-folder.xsd", &Settings::default());
    assert!(msg.contains("not a regular file"), "{msg}");
    // A FIFO would block the reader forever.
    let status = std::process::Command::new("mkfifo").arg(dir.join("fifo.xsd")).status().unwrap();
    assert!(status.success());
    let msg = import_error(dir, "fifo.xsd", &Settings::default());
    assert!(msg.contains("not a regular file"), "{msg}");
    let msg = import_error(dir, "missing.xsd", &Settings::default());
    assert!(msg.contains("no such file"), "{msg}");
    // Over the size limit: refused after reading at most limit + 1 bytes.
    let schema =
        format!("<xsd:schema xmlns:xsd='http://www.w3.org/2001/XMLSchema'>{}</xsd:schema>", " ".repeat(5000));
    std::fs::write(dir.join("big.xsd"), schema).unwrap();
    let small =
        Settings { sources: Sources { max_file_bytes: 1000, ..Sources::default() }, ..Settings::default() };
    let err = gen_in(dir, &importing("big.xsd"), &Settings::default());
    assert!(err.is_ok(), "{err:?}");
    std::fs::write(dir.join("main.wsdl"), importing("big.xsd")).unwrap();
    let err = generate(&[dir.join("main.wsdl")], dir, &small).unwrap_err();
    assert!(err.to_string().contains("limit"), "{err}");
}

#[test]
fn the_wsdl_given_must_be_a_regular_file_too() {
    let err = generate(&[PathBuf::from("/dev/zero")], Path::new("/"), &Settings::default()).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
}

#[test]
fn carriage_returns_from_the_wsdl_never_reach_the_output() {
    // `&#13;` survives XML line-end normalisation: a bare CR in a doc
    // comment is a compile error.
    let body = format!(
        r#"<xsd:complexType name="T"><xsd:annotation><xsd:documentation>line&#13;next&#13;</xsd:documentation></xsd:annotation><xsd:sequence/></xsd:complexType>{R_AND_T}<xsd:element name="Op" type="tns:T"/><xsd:element name="OpResponse" type="tns:R"/>"#
    );
    let code = gen_text("cr", &wsdl_with("urn:a&#13;b", &body, "one&#13;two")).unwrap();
    assert!(!code.contains('\r'));
    syn::parse_file(&code).unwrap();
    assert!(code.contains(r"urn:a\u{d}b"), "the namespace is shown escaped in docs");
}

#[test]
fn documentation_never_becomes_a_doctest() {
    let doc =
        "Run this:\n~~~\nstd::process::exit(1);\n~~~\n```rust\nstd::process::exit(2);\n```\n    indented();";
    let code = gen_text(
        "doctest",
        &wsdl_types(&format!("<xsd:complexType name=\"T\"/>{R_AND_T}")).replace(">op<", &format!(">{doc}<")),
    )
    .unwrap();
    for line in code.lines() {
        let text = line.trim_start().strip_prefix("///").or_else(|| line.trim_start().strip_prefix("//!"));
        if let Some(text) = text {
            let text = text.trim_start();
            assert!(!text.starts_with("~~~") && !text.starts_with("```"), "a fence in: {line}");
        }
    }
    assert!(code.contains(r"\~\~\~"), "the documentation is still there, escaped");
}

/// `n` complex types, each extending the previous one.
fn chain(n: usize) -> String {
    let mut types = String::from(
        r#"<xsd:complexType name="T0"><xsd:sequence><xsd:element name="f0" type="xsd:int"/></xsd:sequence></xsd:complexType>"#,
    );
    for i in 1..=n {
        types.push_str(&format!(
            r#"<xsd:complexType name="T{i}"><xsd:complexContent><xsd:extension base="tns:T{p}"><xsd:sequence><xsd:element name="f{i}" type="xsd:int"/></xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>"#,
            p = i - 1
        ));
    }
    types.push_str(&format!(r#"<xsd:complexType name="T"><xsd:sequence><xsd:element name="t" type="tns:T{n}"/></xsd:sequence></xsd:complexType>{R_AND_T}"#));
    wsdl_types(&types)
}

#[test]
fn a_long_extension_chain_generates_and_a_cycle_is_named_as_one() {
    // 100 used to be refused as a chain "that does not end".
    let code = gen_text("chain-100", &chain(100)).unwrap();
    assert!(code.contains("pub f100: i32"), "the last extension's field");
    let err = gen_text("chain-300", &chain(300)).unwrap_err();
    assert!(err.to_string().contains("longer than 200"), "{err}");
    let cycle = wsdl_types(&format!(
        r#"<xsd:complexType name="A"><xsd:complexContent><xsd:extension base="tns:B"/></xsd:complexContent></xsd:complexType>
           <xsd:complexType name="B"><xsd:complexContent><xsd:extension base="tns:A"/></xsd:complexContent></xsd:complexType>
           <xsd:complexType name="T"><xsd:sequence><xsd:element name="a" type="tns:A"/></xsd:sequence></xsd:complexType>{R_AND_T}"#
    ));
    let err = gen_text("cycle", &cycle).unwrap_err();
    assert!(err.to_string().contains("cycle"), "{err}");
}

#[test]
fn min_occurs_above_max_occurs_is_invalid() {
    let types = format!(
        r#"<xsd:complexType name="T"><xsd:sequence><xsd:element name="a" type="xsd:int" minOccurs="5" maxOccurs="2"/></xsd:sequence></xsd:complexType>{R_AND_T}"#
    );
    let err = gen_text("occurs", &wsdl_types(&types)).unwrap_err();
    assert!(
        matches!(err, Error::Invalid { .. })
            && err.to_string().contains("minOccurs 5 is greater than maxOccurs 2"),
        "{err}"
    );
}
