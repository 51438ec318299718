//! Test support for the workspace-level tests under `tests/`: XML
//! normalisation for envelope comparisons, a recording HTTP server on
//! 127.0.0.1, the external peers (PHP's ext/soap and Apache Axis 1.4, kept
//! from outliving the tests by `process_guard`), every WSDL file's generated
//! module compiled on its own with warnings denied (`single`), and the XML
//! Schema test modules (`xsd`) with what their tests share (`schema`), and
//! JSON round trips of generated values (`json`).

pub mod axis_peer;
pub mod compact;
pub mod digest;
pub mod features;
pub mod fixtures;
pub mod http_stub;
pub mod interop;
pub mod json;
pub mod peer_front;
pub mod php_peer;
pub mod process_guard;
pub mod scenarios;
pub mod schema;
pub mod xml_norm;

pub mod single;
pub mod xsd;
