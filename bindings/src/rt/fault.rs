//! The typed SOAP 1.1 fault.

/// A SOAP 1.1 `Fault` returned by the server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fault {
    /// `faultcode` as sent, e.g. `soapenv:Server.userException`.
    pub code: String,
    /// The namespace the `faultcode` prefix resolved to, if it had one.
    pub code_ns: Option<String>,
    /// `faultstring`.
    pub string: String,
    /// `faultactor`, if present.
    pub actor: Option<String>,
    /// The `detail` element's content as XML text, if present.
    pub detail: Option<String>,
}

impl Fault {
    /// The local part of `faultcode` (`Server.userException` for
    /// `soapenv:Server.userException`).
    pub fn code_local(&self) -> &str {
        self.code.rsplit_once(':').map_or(self.code.as_str(), |(_, local)| local)
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SOAP fault {}: {}", self.code, self.string)?;
        if let Some(actor) = &self.actor {
            write!(f, " (actor {actor})")?;
        }
        Ok(())
    }
}
