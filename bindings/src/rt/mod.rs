//! The SOAP 1.1 runtime that generated clients call.
//!
//! Generated code uses only items re-exported here, by absolute path.

mod any;
mod attrs;
mod builtin;
mod children;
mod client;
mod envelope;
mod error;
mod fault;
mod lexical;
mod multiref;
mod name;
mod operation;
mod read;
mod simple;
mod write;

pub mod auth;

pub use any::{
    AnyAttribute, AnyElement, AnyNode, AnyType, XmlName, other_attributes, read_mixed, write_nodes,
};
pub use attrs::{Attr, Attributes, push_other};
pub use children::{Children, Group, ReadGroup, xml};
pub use client::{SoapClient, SoapClientBuilder};
pub use envelope::{read_response, write_request};
pub use error::Error;
pub use fault::Fault;
pub use lexical::{HexBinary, Integer, OutOfRange};
pub use name::Name;
pub use operation::Operation;
pub use read::{
    Content, DecodeError, DecodeErrorKind, DecodeOptions, FromXml, StartTag, UnknownElements, XmlReader,
    at_least, required,
};
pub use simple::{
    SimpleValue, check_fixed, list_from_text, list_or_default, list_to_text, or_default, read_simple,
    read_xs_list, required_attr, write_simple, write_xs_list,
};
pub use write::{NoBody, ToXml, XmlWriter};

/// Namespace URIs the runtime and generated code refer to.
pub mod ns {
    pub const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
    pub const SOAP_ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";
    pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
    pub const XSD: &str = "http://www.w3.org/2001/XMLSchema";
}
