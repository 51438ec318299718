//! Credentials a [`SoapClient`](super::SoapClient) sends with its requests:
//! HTTP Basic, sent with every request, or HTTP Digest (RFC 7616, via the
//! `http-auth` crate), answered on the server's challenge and then reused
//! with an incrementing nonce count until the server asks again.
//!
//! Secrets never reach `Debug` output or logs: [`Secret`] prints as
//! `Secret(***)`, the digest state (nonce, opaque) is not shown, and the
//! client logs neither headers nor bodies.

use std::sync::Mutex;

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
    /// HTTP Digest (RFC 7616; MD5 and SHA-256, qop `auth`, RFC 2069
    /// servers too). The first request of a client goes out without
    /// credentials; the server's `401` challenge is answered and the
    /// request repeated, and later requests reuse the challenge. This is
    /// what an innovaphone PBX accepts by default.
    Digest { user: String, password: Secret },
}

impl Auth {
    /// Basic authentication with `user` and `password`.
    pub fn basic(user: impl Into<String>, password: impl Into<Secret>) -> Self {
        Auth::Basic { user: user.into(), password: password.into() }
    }

    /// Digest authentication with `user` and `password`.
    pub fn digest(user: impl Into<String>, password: impl Into<Secret>) -> Self {
        Auth::Digest { user: user.into(), password: password.into() }
    }
}

/// RFC 7617: user-id ":" password, UTF-8, base64.
fn basic_header(user: &str, password: &Secret) -> String {
    let token = format!("{user}:{}", password.expose());
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(token))
}

/// What a request needs to be authorised: its method and request-URI
/// (Digest signs both) and its body (for `qop=auth-int`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequestParts<'a> {
    pub method: &'a str,
    pub uri: &'a str,
    pub body: &'a [u8],
}

/// The credentials plus the state of a Digest exchange, shared by the
/// clones of one `SoapClient`.
pub(crate) struct Authenticator {
    auth: Auth,
    /// The last Digest challenge, answered again (nonce count + 1) for every
    /// request until the server sends a new one.
    digest: Mutex<Option<http_auth::DigestClient>>,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let challenged = self.digest.lock().map(|d| d.is_some()).unwrap_or(false);
        f.debug_struct("Authenticator")
            .field("auth", &self.auth)
            .field("digest_challenged", &challenged)
            .finish()
    }
}

impl Authenticator {
    pub(crate) fn new(auth: Auth) -> Self {
        Authenticator { auth, digest: Mutex::new(None) }
    }

    /// The `Authorization` value to send up front, if there is one yet.
    pub(crate) fn preemptive(&self, req: RequestParts<'_>) -> Result<Option<String>, String> {
        match &self.auth {
            Auth::Basic { user, password } => Ok(Some(basic_header(user, password))),
            Auth::Digest { user, password } => {
                // A poisoned lock only means another call panicked while
                // holding it; the state itself is still a valid challenge.
                let mut state = self.digest.lock().unwrap_or_else(|e| e.into_inner());
                match state.as_mut() {
                    Some(client) => respond(client, user, password, req).map(Some),
                    None => Ok(None),
                }
            }
        }
    }

    /// Answers a `401`'s challenges (`WWW-Authenticate` values). `None`
    /// when retrying cannot help: Basic credentials were already sent, or
    /// the server offers no Digest challenge.
    pub(crate) fn answer<'h>(
        &self,
        challenges: impl Iterator<Item = &'h str>,
        req: RequestParts<'_>,
    ) -> Result<Option<String>, String> {
        let Auth::Digest { user, password } = &self.auth else { return Ok(None) };
        let mut builder = http_auth::PasswordClient::builder();
        for value in challenges {
            builder = builder.challenges(value);
        }
        let client = match builder.build() {
            Ok(http_auth::PasswordClient::Digest(client)) => client,
            // No Digest challenge (or only unsupported ones): the 401 stands.
            _ => return Ok(None),
        };
        let mut state = self.digest.lock().unwrap_or_else(|e| e.into_inner());
        let client = state.insert(client);
        respond(client, user, password, req).map(Some)
    }
}

fn respond(
    client: &mut http_auth::DigestClient,
    user: &str,
    password: &Secret,
    req: RequestParts<'_>,
) -> Result<String, String> {
    client.respond(&http_auth::PasswordParams {
        username: user,
        password: password.expose(),
        uri: req.uri,
        method: req.method,
        body: Some(req.body),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_is_rfc7617() {
        // The RFC's own example.
        assert_eq!(basic_header("Aladdin", &"open sesame".into()), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        // UTF-8 user and password (RFC 7617 section 2.1, charset UTF-8).
        assert_eq!(basic_header("test", &"123\u{a3}".into()), "Basic dGVzdDoxMjPCow==");
    }

    #[test]
    fn debug_never_shows_the_password() {
        let auth = Auth::basic("superadmin", "hunter2-secret");
        let shown = format!("{auth:?} {auth:#?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("superadmin"), "{shown}");
        assert!(shown.contains("Secret(***)"), "{shown}");
    }

    const REQ: RequestParts<'static> = RequestParts { method: "POST", uri: "/PBX0/user.soap", body: b"<x/>" };

    fn field<'a>(header: &'a str, name: &str) -> Option<&'a str> {
        let start = header.find(&format!("{name}="))? + name.len() + 1;
        let rest = &header[start..];
        let rest = rest.strip_prefix('"').unwrap_or(rest);
        rest.find(['"', ',']).map(|end| &rest[..end])
    }

    #[test]
    fn digest_answers_the_challenge_and_counts_nonces() {
        let auth = Authenticator::new(Auth::digest("Mufasa", "Circle of Life"));
        // Nothing to send before the server has challenged.
        assert_eq!(auth.preemptive(REQ).unwrap(), None);
        let challenge = r#"Digest realm="PBX", qop="auth", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#;
        let first = auth.answer(["Basic realm=\"PBX\"", challenge].into_iter(), REQ).unwrap().unwrap();
        assert!(first.starts_with("Digest "), "{first}");
        assert_eq!(field(&first, "username"), Some("Mufasa"));
        assert_eq!(field(&first, "uri"), Some("/PBX0/user.soap"));
        assert_eq!(field(&first, "nc"), Some("00000001"));
        let second = auth.preemptive(REQ).unwrap().unwrap();
        assert_eq!(field(&second, "nc"), Some("00000002"));
        // The response hash is RFC 7616's: MD5(HA1:nonce:nc:cnonce:qop:HA2).
        let cnonce = field(&second, "cnonce").unwrap();
        let ha1 = md5_hex("Mufasa:PBX:Circle of Life");
        let ha2 = md5_hex("POST:/PBX0/user.soap");
        let expected =
            md5_hex(&format!("{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000002:{cnonce}:auth:{ha2}"));
        assert_eq!(field(&second, "response"), Some(expected.as_str()));
    }

    #[test]
    fn basic_never_retries_and_digest_ignores_basic_only_servers() {
        let basic = Authenticator::new(Auth::basic("u", "p"));
        assert!(basic.preemptive(REQ).unwrap().is_some());
        assert_eq!(basic.answer(["Digest realm=\"x\", nonce=\"n\""].into_iter(), REQ).unwrap(), None);
        let digest = Authenticator::new(Auth::digest("u", "p"));
        assert_eq!(digest.answer(["Basic realm=\"x\""].into_iter(), REQ).unwrap(), None);
    }

    #[test]
    fn digest_state_is_not_in_debug_output() {
        let auth = Authenticator::new(Auth::digest("u", "pw-secret"));
        auth.answer(
            [r#"Digest realm="r", nonce="nonce-secret-123", opaque="opaque-secret""#].into_iter(),
            REQ,
        )
        .unwrap();
        let shown = format!("{auth:?}");
        for secret in ["pw-secret", "nonce-secret", "opaque-secret"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    fn md5_hex(s: &str) -> String {
        use md5::Digest as _;
        md5::Md5::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }
}
