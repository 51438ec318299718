//! The one error of the mocks' models: a request or a control call the
//! simulated PBX refuses, with the reason in words.

/// A refusal by a mock PBX: an unknown handle or name, an operation the
/// state does not allow (holding a call that is not connected), a missing
/// argument. Over SOAP it becomes a fault whose string is the message, with
/// code `Client` unless the vendor's server reports such errors with
/// another code (Axis: `Server.userException`; PHP: `Server`); from the
/// control API it is returned as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct MockError {
    message: String,
    code: Option<&'static str>,
}

impl MockError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        MockError { message: message.into(), code: None }
    }

    /// The same refusal reported with fault code `code` (local part, in the
    /// SOAP envelope namespace).
    pub(crate) fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// The reason, as the fault string says it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The fault code's local part: `Client` unless the vendor's server
    /// says otherwise.
    pub fn code(&self) -> &'static str {
        self.code.unwrap_or("Client")
    }
}

/// Shorthand for the models' results.
pub type MockResult<T> = Result<T, MockError>;

/// Returns a [`MockError`] built with `format!` from the enclosing function.
macro_rules! refuse {
    ($($arg:tt)*) => {
        return Err($crate::mock::MockError::new(format!($($arg)*)))
    };
}
pub(crate) use refuse;

/// The SOAP fault a refusal is answered with.
pub(crate) fn soap_fault(e: &MockError) -> crate::rt::server::SoapFault {
    use crate::rt::server::SoapFault;
    let mut parts = e.code().split('.');
    let mut fault = match parts.next() {
        Some("Server") => SoapFault::server(e.message()),
        _ => SoapFault::client(e.message()),
    };
    for sub in parts {
        fault = fault.with_subcode(sub);
    }
    fault
}
