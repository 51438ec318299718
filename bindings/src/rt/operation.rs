//! Static description of one SOAP operation, emitted as a `const` per
//! operation by the generator.

use super::Name;

/// What the runtime needs to know to send one operation and read its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The operation name (for errors and tracing).
    pub name: &'static str,
    /// Value of the `SOAPAction` HTTP header (sent quoted; `""` is valid).
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
}
