//! Static description of one SOAP operation, emitted as a `const` per
//! operation by the generator.

use super::{Name, ns};

/// What the runtime needs to know to send one operation and read its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The operation name (for errors and tracing).
    pub name: &'static str,
    /// Value of the `SOAPAction` HTTP header (sent quoted; `""` is valid);
    /// in SOAP 1.2 the `action` parameter of the content type.
    pub soap_action: &'static str,
    /// The request body element; `None` sends an empty `Body`.
    pub input: Option<Name>,
    /// The response body element; `None` for an operation whose output
    /// message has no parts (any body content is then ignored, a fault is
    /// still an error).
    pub output: Option<Name>,
    /// rpc/encoded (SOAP section 5): values carry `xsi:type`, arrays carry
    /// `SOAP-ENC:arrayType`.
    pub encoded: bool,
    /// The SOAP version of the binding the operation comes from. A client's
    /// [`soap_version`](super::SoapClientBuilder::soap_version) setting
    /// overrides it (for a service bound to both versions).
    pub version: SoapVersion,
}

/// SOAP 1.1 or SOAP 1.2: the envelope namespace, the HTTP content type and
/// where the action goes, and the shape of a fault.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1: `text/xml` with a `SOAPAction` header.
    #[default]
    Soap11,
    /// SOAP 1.2: `application/soap+xml` with the action as a content-type
    /// parameter.
    Soap12,
}

impl SoapVersion {
    /// The envelope namespace.
    pub const fn envelope_ns(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => ns::SOAP_ENV,
            SoapVersion::Soap12 => ns::SOAP12_ENV,
        }
    }

    /// The version an envelope namespace belongs to.
    pub fn of_namespace(namespace: &str) -> Option<SoapVersion> {
        match namespace {
            ns::SOAP_ENV => Some(SoapVersion::Soap11),
            ns::SOAP12_ENV => Some(SoapVersion::Soap12),
            _ => None,
        }
    }

    /// The `Content-Type` of a request with `action`.
    pub fn content_type(self, action: &str) -> String {
        match self {
            SoapVersion::Soap11 => "text/xml; charset=utf-8".to_owned(),
            SoapVersion::Soap12 if action.is_empty() => "application/soap+xml; charset=utf-8".to_owned(),
            // RFC 3902: the action parameter is a quoted string.
            SoapVersion::Soap12 => {
                let quoted = action.replace('\\', "\\\\").replace('"', "\\\"");
                format!("application/soap+xml; charset=utf-8; action=\"{quoted}\"")
            }
        }
    }
}
