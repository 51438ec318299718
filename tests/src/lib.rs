//! Test support for the workspace-level tests under `tests/`: XML
//! normalisation for envelope comparisons, a recording HTTP server on
//! 127.0.0.1, every WSDL file's generated module compiled on its own with
//! warnings denied (`single`), and the XML Schema test modules (`xsd`).

pub mod digest;
pub mod fixtures;
pub mod http_stub;
pub mod interop;
pub mod php_peer;
pub mod schema;
pub mod xml_norm;

pub mod single;
pub mod xsd;
