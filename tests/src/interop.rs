//! What the interoperability tests check across a whole vendor: that every
//! operation of the vendor's WSDL was called, and that every request equals
//! PHP SoapClient's for the same call (the oracle) after normalisation.

// Test assertions: failing loudly is what these helpers are for.
#![allow(clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

use pbx_soap_codegen::ir::{Ir, Style};
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::http_stub::Recorded;
use crate::php_peer::oracle;
use crate::xml_norm::normalize;

/// Markup, both quotes, a dash, an umlaut, a check mark and CJK: the string
/// the interoperability tests send and expect wherever text goes. The cases
/// files under `tests/php/cases/` hold the same text.
pub const TRICKY: &str = "a&b<c>\"d'e — Müller ✓ 漢字";

/// The generated IR of `wsdl` alone.
fn ir_of(wsdl: &Path) -> Ir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    pbx_soap_codegen::generate(&[wsdl.to_path_buf()], &root, &Default::default())
        .unwrap_or_else(|e| panic!("{}: {e}", wsdl.display()))
        .ir
}

/// How a request names its operation: `Op(n)` for rpc (the wrapper and its
/// number of parts, which tells overloads apart), the body element's local
/// name for document style, `<port>/` for a document operation without
/// input (an empty Body, told apart by the endpoint path).
fn keys_of(ir: &Ir) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for client in &ir.clients {
        for op in &client.operations {
            let key = match (&op.input.body, op.style) {
                (Some(body), Style::DocumentLiteral) => body.name.local.clone(),
                (Some(body), _) => {
                    let parts = match ir.types.get(&body.ty).map(|t| &t.kind) {
                        Some(pbx_soap_codegen::ir::TypeKind::Struct(s)) => s.fields.len(),
                        _ => 0,
                    };
                    format!("{}({parts})", body.name.local)
                }
                (None, Style::DocumentLiteral) => format!("{}/", client.port),
                (None, _) => format!("{}(0)", op.wire),
            };
            keys.insert(key);
        }
    }
    keys
}

/// The key of one request (see [`keys_of`]).
fn key_of(req: &Recorded, rpc: bool) -> Option<String> {
    let body = req.body_text();
    let mut reader = Reader::from_str(&body);
    let mut depth = 0usize;
    let mut in_body = false;
    let mut wrapper: Option<String> = None;
    let mut parts = 0usize;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                depth += 1;
                let local = e.local_name().as_ref().to_owned();
                if depth == 2 && local == "Body" {
                    in_body = true;
                } else if in_body && depth == 3 {
                    wrapper = Some(local);
                } else if in_body && depth == 4 {
                    parts += 1;
                }
            }
            Event::Empty(e) => {
                let local = e.local_name().as_ref().to_owned();
                if in_body && depth == 2 {
                    wrapper = Some(local);
                } else if in_body && depth == 3 {
                    parts += 1;
                } else if depth == 1 && local == "Body" {
                    break; // an empty Body: no wrapper
                }
            }
            Event::End(_) => {
                if in_body && depth == 2 {
                    break;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match wrapper {
        Some(w) if rpc => Some(format!("{w}({parts})")),
        Some(w) => Some(w),
        None => {
            let port = req.path.split('?').next()?.rsplit('/').next()?.to_owned();
            Some(if rpc { format!("{port}(0)") } else { format!("{port}/") })
        }
    }
}

/// Panics listing every operation of `wsdl` that no request in `requests`
/// called.
pub fn assert_every_operation_called(wsdl: &Path, requests: &[Recorded]) {
    let ir = ir_of(wsdl);
    let rpc = ir.clients.iter().flat_map(|c| &c.operations).any(|o| o.style != Style::DocumentLiteral);
    let expected = keys_of(&ir);
    let seen: BTreeSet<String> = requests.iter().filter_map(|r| key_of(r, rpc)).collect();
    let missing: Vec<&String> = expected.difference(&seen).collect();
    assert!(missing.is_empty(), "{}: operations never called: {missing:?}", wsdl.display());
}

/// Panics unless every envelope PHP's SoapClient builds for the cases in
/// `cases` equals, after normalisation, a request the client sent, listing
/// those that do not (with the client's requests for the same operation).
/// A case with `oracle_differs` is left out: its reason documents why.
pub fn assert_requests_equal_php(wsdl: &Path, cases: &Path, requests: &[Recorded]) {
    let sent: Vec<(String, String)> =
        requests.iter().filter_map(|r| normalize(&r.body_text()).ok().map(|n| (n, r.body_text()))).collect();
    let mut failures = Vec::new();
    for case in oracle(wsdl, cases) {
        if let Some(reason) = &case.differs {
            // Documented in the cases file; the reason is printed with the
            // test's output.
            println!("{} {}: not compared with PHP: {reason}", case.operation, case.args);
            continue;
        }
        let Some(envelope) = &case.envelope else {
            failures.push(format!("{}: PHP built no request for {}", case.operation, case.args));
            continue;
        };
        let want = normalize(envelope).unwrap_or_else(|e| panic!("PHP's envelope is not XML: {e}"));
        if !sent.iter().any(|(n, _)| *n == want) {
            let op = &case.operation;
            let same_op: Vec<&String> = sent
                .iter()
                .filter(|(n, _)| n.contains(&format!("}}{op}\n")) || n.contains(&format!("}}{op} ")))
                .map(|(n, _)| n)
                .collect();
            failures.push(format!(
                "{} {}: no request equals PHP's\n--- PHP:\n{want}\n--- ours for that operation:\n{}",
                case.operation,
                case.args,
                same_op.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n---\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} request(s) differ from PHP's:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
