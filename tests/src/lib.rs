//! Test support for the workspace-level tests under `tests/`: XML
//! normalisation for envelope comparisons, a recording HTTP server on
//! 127.0.0.1, and every WSDL file's generated module compiled on its own
//! with warnings denied (`single`).

pub mod digest;
pub mod features;
pub mod fixtures;
pub mod http_stub;
pub mod interop;
pub mod php_peer;
pub mod xml_norm;

pub mod single;
