//! Credentials a [`SoapClient`](super::SoapClient) sends with every request.
//!
//! Secrets never reach `Debug` output or logs: [`Secret`] prints as
//! `Secret(***)`, and the client logs neither headers nor bodies.

use base64::Engine as _;

/// A string that must not be shown: its `Debug` output is redacted, and it
/// has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the code that has to send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

/// How the client authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// HTTP Basic (RFC 7617), sent preemptively on every request, as Axis
    /// and most PBX web servers expect. Use it only over HTTPS or on a
    /// trusted network: the password travels base64-encoded, not encrypted.
    Basic { user: String, password: Secret },
}

impl Auth {
    /// Basic authentication with `user` and `password`.
    pub fn basic(user: impl Into<String>, password: impl Into<Secret>) -> Self {
        Auth::Basic { user: user.into(), password: password.into() }
    }

    /// The `Authorization` header value for a request.
    pub(crate) fn header(&self) -> String {
        match self {
            Auth::Basic { user, password } => {
                // RFC 7617: user-id ":" password, UTF-8, base64.
                let token = format!("{user}:{}", password.expose());
                format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(token))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_is_rfc7617() {
        // The RFC's own example.
        assert_eq!(Auth::basic("Aladdin", "open sesame").header(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        // UTF-8 user and password (RFC 7617 section 2.1, charset UTF-8).
        assert_eq!(Auth::basic("test", "123\u{a3}").header(), "Basic dGVzdDoxMjPCow==");
    }

    #[test]
    fn debug_never_shows_the_password() {
        let auth = Auth::basic("superadmin", "hunter2-secret");
        let shown = format!("{auth:?} {auth:#?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("superadmin"), "{shown}");
        assert!(shown.contains("Secret(***)"), "{shown}");
    }
}
