//! `diff` on a real firmware step: innovaphone's WSDL version 10
//! (rpc/encoded, SOAP-ENC arrays) against version 11 (document/literal,
//! qualified elements), both as the vendor publishes them
//! (`../shared/vendor-wsdl/innovaphone/`). The whole report is the
//! snapshot; its shape is checked here too, so a snapshot accepted blindly
//! cannot hide a wrong classification.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use pbx_soap_codegen::diff::{Compat, diff};

fn vendor(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/vendor-wsdl/innovaphone").join(file)
}

#[test]
fn innovaphone_pbx10_to_pbx11() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let old = pbx_soap_codegen::load(&[vendor("pbx10_00.wsdl")], &root).unwrap();
    let new = pbx_soap_codegen::load(&[vendor("pbx11_00.wsdl")], &root).unwrap();
    let d = diff(&old, &new);
    let report = d.render();
    assert!(report.starts_with(
        "--- shared/vendor-wsdl/innovaphone/pbx10_00.wsdl\n+++ shared/vendor-wsdl/innovaphone/pbx11_00.wsdl\n"
    ));
    assert!(d.is_breaking());
    let has = |compat: Compat, subject: &str, detail: &str| {
        d.changes.iter().any(|c| c.compat == compat && c.subject == subject && c.detail == detail)
    };
    // The firmware step itself, once for the port.
    assert!(
        has(
            Compat::Breaking,
            "port pbxPort",
            "binding style rpc/encoded -> document/literal (all 34 operations in both)"
        ),
        "{report}"
    );
    // Initialize's last version flag was renamed.
    assert!(
        has(Compat::Breaking, "operation Initialize", "parameter `vx1000` removed (was xsd:boolean)"),
        "{report}"
    );
    assert!(
        has(Compat::Breaking, "operation Initialize", "parameter `vx1100` added: xsd:boolean"),
        "{report}"
    );
    // A parameter that may now be left out is no problem for old clients.
    assert!(
        has(Compat::Compatible, "operation Initialize", "parameter `user`: xsd:string -> xsd:string?"),
        "{report}"
    );
    insta::assert_snapshot!(report);
}
