//! Envelope fixtures under `tests/fixtures/<vendor>/`, and the comparison
//! of a request a server received with one.

// Test assertions: failing loudly is what these helpers are for.
#![allow(clippy::panic)]

use crate::http_stub::Recorded;
use crate::xml_norm::normalize;

/// The text of `fixtures/<vendor>/<kind>/<name>.xml`.
pub fn read(vendor: &str, kind: &str, name: &str) -> String {
    let path = format!("{}/fixtures/{vendor}/{kind}/{name}.xml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Panics unless `req`'s body equals request fixture `name` of `vendor`
/// after XML normalisation.
pub fn assert_request(req: &Recorded, vendor: &str, name: &str) {
    let expected = read(vendor, "requests", name);
    let got = normalize(&req.body_text()).unwrap_or_else(|e| panic!("{name}: the request is not XML: {e}"));
    let want = normalize(&expected).unwrap_or_else(|e| panic!("{name}: the fixture is not XML: {e}"));
    assert!(
        got == want,
        "{name}: the envelope differs\n--- sent:\n{got}\n--- expected:\n{want}\n--- raw:\n{}",
        req.body_text()
    );
}
