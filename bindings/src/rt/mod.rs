//! The SOAP runtime (1.1 and 1.2) that generated clients call.
//!
//! Generated code uses only items re-exported here, by absolute path.

mod any;
mod attrs;
mod builtin;
mod call;
mod chars;
mod children;
mod client;
#[cfg(feature = "compact-str")]
mod compact;
mod envelope;
mod error;
mod fault;
mod fields;
mod headers;
mod history;
mod lexer;
mod lexical;
mod multiref;
mod name;
mod operation;
mod read;
mod redact;
#[cfg(feature = "sample")]
mod sample;
mod scopes;
#[cfg(feature = "serde")]
mod serde_support;
mod simple;
mod slots;
mod tag_attrs;
mod text;
mod write;
mod wssec;

pub mod auth;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "jiff")]
pub mod xsd;

pub use any::{
    AnyAttribute, AnyElement, AnyNode, AnyType, XmlName, other_attributes, read_mixed, write_nodes,
};
pub use attrs::{Attr, Attributes, push_other};
pub use call::{Answer, Call};
pub use children::{Children, Group, ReadGroup, xml};
pub use client::{SoapClient, SoapClientBuilder};
/// The string type of modules generated with `Strings::Compact` (feature
/// `compact-str`): up to 24 bytes inline, longer texts on the heap.
#[cfg(feature = "compact-str")]
pub use compact_str::{self, CompactString};
pub use envelope::{read_response, read_response_each, read_response_with, write_request};
pub use error::{Error, TransportKind};
pub use fault::{Fault, FromFault};
pub use fields::{FieldTable, Fields, check_at_least};
pub use headers::{FromHeaders, Header, HeaderWriter, WithHeaders};
pub use history::{DEFAULT_REDACTED, ExchangeHistory, RecordedExchange, SECRET_WORDS};
/// jiff itself (feature `jiff`), whose types [`xsd`]'s values hold.
#[cfg(feature = "jiff")]
pub use jiff;
pub use lexical::{HexBinary, Integer, OutOfRange};
/// The multi-reference resolver `read_response` runs on SOAP-encoded
/// responses, for tools and fuzzing that want it on its own.
pub use multiref::{expansion_budget, inline as inline_multirefs};
pub use name::Name;
pub use operation::{Operation, SoapVersion};
pub use read::{
    Content, DecodeError, DecodeErrorKind, DecodeFailure, DecodeOptions, FromXml, NilItems, NilValues,
    StartTag, UnknownElements, XmlReader, at_least, required,
};
#[cfg(feature = "sample")]
pub use redact::with_secrets_in_clear;
pub use redact::{REDACTED, Redact, Redacted};
#[cfg(feature = "sample")]
pub use sample::{SAMPLE_NS, Sample, Sampler, TypeVisitor};
/// serde itself (feature `serde`): generated derives name it through this
/// path (`#[serde(crate = "::pbx_soap::rt::serde")]`), so a crate using
/// them needs no serde dependency of its own.
#[cfg(feature = "serde")]
pub use serde;
#[cfg(feature = "serde")]
pub use serde_support::{deserialize_text, serialize_text};
pub use simple::{
    SimpleValue, check_fixed, list_from_text, list_or_default, list_to_text, or_default, read_simple,
    read_xs_list, required_attr, write_simple, write_xs_list,
};
pub use slots::missing;
pub use write::{NoBody, Problem, ToXml, Unsendable, XmlWriter};
pub use wssec::WsSecurity;

/// Namespace URIs the runtime and generated code refer to.
pub mod ns {
    pub const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
    pub const SOAP12_ENV: &str = "http://www.w3.org/2003/05/soap-envelope";
    pub const WSSE: &str =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    pub const WSU: &str =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    pub const SOAP_ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";
    pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
    pub const XSD: &str = "http://www.w3.org/2001/XMLSchema";
    /// Bound to the prefix `xml` in every document (`xml:lang`).
    pub const XML: &str = "http://www.w3.org/XML/1998/namespace";
}
