//! WS-Security UsernameToken (OASIS Web Services Security UsernameToken
//! Profile 1.0), as a client setting: every request carries a
//! `wsse:Security` header block with the user name and the password as text
//! or as a digest, optionally after a `wsu:Timestamp`. ONVIF devices ask
//! for the digest form.
//!
//! PasswordDigest = Base64(SHA-1(nonce + created + password)), with a fresh
//! random 16-byte nonce and the current UTC time for every request. The
//! password never appears in `Debug` output or logs; the exchange history
//! redacts the `Password` and `Nonce` texts.

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use sha1::Digest as _;

use super::auth::Secret;
use super::headers::HeaderWriter;
use super::{Name, ns};

const PASSWORD_TEXT: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
const PASSWORD_DIGEST: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
const BASE64_BINARY: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

/// The WS-Security header a client sends with every request; see the
/// module docs.
#[derive(Clone, PartialEq, Eq)]
pub struct WsSecurity {
    user: String,
    password: Secret,
    digest: bool,
    timestamp: Option<Duration>,
}

impl std::fmt::Debug for WsSecurity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WsSecurity")
            .field("user", &self.user)
            .field("password", &self.password)
            .field("digest", &self.digest)
            .field("timestamp", &self.timestamp)
            .finish()
    }
}

impl WsSecurity {
    /// A UsernameToken with the password as text (`#PasswordText`): only
    /// over TLS.
    pub fn username_token(user: impl Into<String>, password: impl Into<Secret>) -> Self {
        WsSecurity { user: user.into(), password: password.into(), digest: false, timestamp: None }
    }

    /// A UsernameToken with the password digest (`#PasswordDigest`, with a
    /// nonce and a creation time).
    pub fn username_token_digest(user: impl Into<String>, password: impl Into<Secret>) -> Self {
        WsSecurity { digest: true, ..Self::username_token(user, password) }
    }

    /// Adds a `wsu:Timestamp` that expires `ttl` after the request is
    /// written.
    pub fn with_timestamp(mut self, ttl: Duration) -> Self {
        self.timestamp = Some(ttl);
        self
    }

    /// The PasswordDigest of `password` for `nonce` (raw bytes) and
    /// `created` (as sent): Base64(SHA-1(nonce + created + password)).
    pub fn password_digest(nonce: &[u8], created: &str, password: &str) -> String {
        let mut sha = sha1::Sha1::new();
        sha.update(nonce);
        sha.update(created.as_bytes());
        sha.update(password.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(sha.finalize())
    }

    /// Writes the `wsse:Security` block for a request made now.
    pub(crate) fn write(&self, h: &mut HeaderWriter<'_>) -> Result<(), String> {
        let mut nonce = [0u8; 16];
        if self.digest {
            getrandom::getrandom(&mut nonce).map_err(|e| format!("no random nonce for WS-Security: {e}"))?;
        }
        self.write_at(h, SystemTime::now(), &nonce);
        Ok(())
    }

    /// Writes the block as made at `now` with `nonce` (tests fix both).
    pub(crate) fn write_at(&self, h: &mut HeaderWriter<'_>, now: SystemTime, nonce: &[u8]) {
        let version = h.version();
        let w = h.raw();
        let wsse = |local| Name::qualified(ns::WSSE, local);
        let wsu = |local| Name::qualified(ns::WSU, local);
        let created = utc(now);
        w.start(wsse("Security"));
        w.declare(ns::WSU);
        w.attr(Some(version.envelope_ns()), "mustUnderstand", "1");
        if let Some(ttl) = self.timestamp {
            w.start(wsu("Timestamp"));
            text(w, wsu("Created"), &created);
            text(w, wsu("Expires"), &utc(now + ttl));
            w.end();
        }
        w.start(wsse("UsernameToken"));
        text(w, wsse("Username"), &self.user);
        w.start(wsse("Password"));
        if self.digest {
            w.attr(None, "Type", PASSWORD_DIGEST);
            w.text(&Self::password_digest(nonce, &created, self.password.expose()));
            w.end();
            w.start(wsse("Nonce"));
            w.attr(None, "EncodingType", BASE64_BINARY);
            w.text(&base64::engine::general_purpose::STANDARD.encode(nonce));
            w.end();
            text(w, wsu("Created"), &created);
        } else {
            w.attr(None, "Type", PASSWORD_TEXT);
            w.text(self.password.expose());
            w.end();
        }
        w.end();
        w.end();
    }
}

fn text(w: &mut super::XmlWriter, name: Name, value: &str) {
    w.start(name);
    w.text(value);
    w.end();
}

/// `2010-09-16T07:50:45Z`: UTC, whole seconds, as the profile's examples.
fn utc(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::rt::{SoapVersion, XmlWriter};

    #[test]
    fn digest_matches_the_onvif_programmers_guide_vector() {
        // ONVIF Application Programmer's Guide, section 6.1.1.3: user
        // "admin", password "userpassword".
        let nonce = base64::engine::general_purpose::STANDARD.decode("LKqI6G/AikKCQrN0zqZFlg==").unwrap();
        assert_eq!(
            WsSecurity::password_digest(&nonce, "2010-09-16T07:50:45Z", "userpassword"),
            "tuOSpGlFlIXsozq4HFNeeGeFLEI="
        );
    }

    fn written(security: &WsSecurity, now: SystemTime, nonce: &[u8]) -> String {
        let mut w = XmlWriter::new(false);
        w.start(Name::qualified(ns::SOAP12_ENV, "Envelope"));
        let mut h = HeaderWriter::new(&mut w, SoapVersion::Soap12);
        security.write_at(&mut h, now, nonce);
        h.finish();
        w.end();
        w.finish().unwrap()
    }

    #[test]
    fn digest_token_with_timestamp() {
        let nonce = base64::engine::general_purpose::STANDARD.decode("LKqI6G/AikKCQrN0zqZFlg==").unwrap();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_284_623_445); // 2010-09-16T07:50:45Z
        let security = WsSecurity::username_token_digest("admin", "userpassword")
            .with_timestamp(Duration::from_secs(300));
        let xml = written(&security, now, &nonce);
        for part in [
            "mustUnderstand=\"1\"",
            "<wsu:Created>2010-09-16T07:50:45Z</wsu:Created><wsu:Expires>2010-09-16T07:55:45Z</wsu:Expires>",
            "<wsse:Username>admin</wsse:Username>",
            "#PasswordDigest\">tuOSpGlFlIXsozq4HFNeeGeFLEI=</wsse:Password>",
            "#Base64Binary\">LKqI6G/AikKCQrN0zqZFlg==</wsse:Nonce><wsu:Created>2010-09-16T07:50:45Z</wsu:Created>",
        ] {
            assert!(xml.contains(part), "missing {part} in {xml}");
        }
        assert!(!xml.contains("userpassword"), "{xml}");
    }

    #[test]
    fn text_token_and_debug() {
        let security = WsSecurity::username_token("u", "pw-secret");
        let xml = written(&security, SystemTime::UNIX_EPOCH, &[]);
        assert!(xml.contains("#PasswordText\">pw-secret</wsse:Password>"), "{xml}");
        assert!(
            xml.contains("<wsse:Security xmlns:wsse=") && xml.contains("env:mustUnderstand=\"1\""),
            "{xml}"
        );
        assert!(!xml.contains("Nonce") && !xml.contains("Timestamp"), "{xml}");
        assert!(!format!("{security:?}").contains("pw-secret"));
    }
}
