//! The SOAP 1.1 runtime that generated clients call.
//!
//! Generated code uses only items re-exported here, by absolute path.

mod builtin;
mod client;
mod envelope;
mod error;
mod fault;
mod multiref;
mod name;
mod operation;
mod read;
mod write;

pub mod auth;

pub use client::{SoapClient, SoapClientBuilder};
pub use envelope::{read_response, write_request};
pub use error::{Error, TransportKind};
pub use fault::Fault;
/// The multi-reference resolver `read_response` runs on SOAP-encoded
/// responses, for tools and fuzzing that want it on its own.
pub use multiref::{expansion_budget, inline as inline_multirefs};
pub use name::Name;
pub use operation::Operation;
pub use read::{
    DecodeError, DecodeErrorKind, DecodeOptions, FromXml, NilItems, StartTag, UnknownElements, XmlReader,
    at_least, required,
};
pub use write::{NoBody, ToXml, XmlWriter};

/// Namespace URIs the runtime and generated code refer to.
pub mod ns {
    pub const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
    pub const SOAP_ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";
    pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
    pub const XSD: &str = "http://www.w3.org/2001/XMLSchema";
}
