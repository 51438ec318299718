//! Checking HTTP credentials on the server side: Basic (RFC 7617) and
//! Digest (RFC 7616, SHA-256 and MD5, qop `auth`) with nonces the server
//! issues, expires and counts, so a captured `Authorization` header cannot
//! be replayed.
//!
//! Passwords are [`Secret`]s: `Debug` never shows them, nor the nonces.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;

use super::super::auth::Secret;

/// How long a nonce is good for; an older one gets a `stale=true`
/// challenge, which clients answer without asking the user again.
const NONCE_LIFETIME: Duration = Duration::from_secs(300);
/// Nonces kept at most; beyond, the oldest are forgotten (their clients get
/// a stale challenge and continue with a fresh one).
const MAX_NONCES: usize = 10_000;

/// A Digest hash algorithm (RFC 7616 section 3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlgorithm {
    Sha256,
    /// RFC 2617's MD5, which most deployed clients (PBX phones, PHP's
    /// SoapClient) still use.
    Md5,
}

impl DigestAlgorithm {
    fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha256 => "SHA-256",
            DigestAlgorithm::Md5 => "MD5",
        }
    }

    fn hash(self, data: &str) -> String {
        use sha2::Digest as _;
        match self {
            DigestAlgorithm::Sha256 => hex(&sha2::Sha256::digest(data.as_bytes())),
            DigestAlgorithm::Md5 => hex(&md5::Md5::digest(data.as_bytes())),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Who may call a server's services: HTTP Basic or HTTP Digest with a
/// fixed set of users. Cheap to clone; clones share the nonces.
#[derive(Clone)]
pub struct ServerAuth {
    inner: Arc<Inner>,
}

struct Inner {
    realm: String,
    users: HashMap<String, Secret>,
    /// Empty for Basic.
    digest: Vec<DigestAlgorithm>,
    nonces: Mutex<Nonces>,
}

impl std::fmt::Debug for ServerAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut users: Vec<&String> = self.inner.users.keys().collect();
        users.sort();
        f.debug_struct("ServerAuth")
            .field("scheme", &if self.inner.digest.is_empty() { "Basic" } else { "Digest" })
            .field("realm", &self.inner.realm)
            .field("users", &users)
            .field("digest", &self.inner.digest)
            .finish()
    }
}

impl ServerAuth {
    fn with(realm: impl Into<String>, users: Vec<(String, Secret)>, digest: Vec<DigestAlgorithm>) -> Self {
        ServerAuth {
            inner: Arc::new(Inner {
                realm: realm.into(),
                users: users.into_iter().collect(),
                digest,
                nonces: Mutex::new(Nonces::default()),
            }),
        }
    }

    /// HTTP Basic: every request carries a user and password of `users`.
    pub fn basic<U, P>(realm: impl Into<String>, users: impl IntoIterator<Item = (U, P)>) -> Self
    where
        U: Into<String>,
        P: Into<Secret>,
    {
        Self::with(realm, users.into_iter().map(|(u, p)| (u.into(), p.into())).collect(), Vec::new())
    }

    /// HTTP Digest offering SHA-256 and MD5 (in that order of preference).
    pub fn digest<U, P>(realm: impl Into<String>, users: impl IntoIterator<Item = (U, P)>) -> Self
    where
        U: Into<String>,
        P: Into<Secret>,
    {
        Self::digest_with(realm, users, &[DigestAlgorithm::Sha256, DigestAlgorithm::Md5])
    }

    /// HTTP Digest offering `algorithms` (in order of preference).
    pub fn digest_with<U, P>(
        realm: impl Into<String>,
        users: impl IntoIterator<Item = (U, P)>,
        algorithms: &[DigestAlgorithm],
    ) -> Self
    where
        U: Into<String>,
        P: Into<Secret>,
    {
        let mut algorithms = algorithms.to_vec();
        if algorithms.is_empty() {
            algorithms.push(DigestAlgorithm::Md5);
        }
        Self::with(realm, users.into_iter().map(|(u, p)| (u.into(), p.into())).collect(), algorithms)
    }

    /// The user the request authenticates as, or the `WWW-Authenticate`
    /// values of the 401 to answer.
    pub(crate) fn check(
        &self,
        method: &str,
        uri: &str,
        authorization: Option<&str>,
    ) -> Result<String, Vec<String>> {
        let inner = &self.inner;
        let Some(value) = authorization else { return Err(self.challenges(false)) };
        let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
        if inner.digest.is_empty() {
            return match scheme.eq_ignore_ascii_case("Basic").then(|| self.basic_user(rest)).flatten() {
                Some(user) => Ok(user),
                None => Err(self.challenges(false)),
            };
        }
        if !scheme.eq_ignore_ascii_case("Digest") {
            return Err(self.challenges(false));
        }
        match self.digest_user(method, uri, rest) {
            Ok(user) => Ok(user),
            Err(stale) => Err(self.challenges(stale)),
        }
    }

    fn basic_user(&self, token: &str) -> Option<String> {
        let decoded = base64::engine::general_purpose::STANDARD.decode(token.trim()).ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (user, password) = text.split_once(':')?;
        let known = self.inner.users.get(user)?;
        same(known.expose().as_bytes(), password.as_bytes()).then(|| user.to_owned())
    }

    /// The user a Digest answer proves; `Err(true)` for a nonce that is
    /// unknown or expired (a stale challenge lets the client retry).
    fn digest_user(&self, method: &str, uri: &str, params: &str) -> Result<String, bool> {
        let inner = &self.inner;
        let p = parse_params(params);
        let get = |k: &str| p.iter().find(|(n, _)| n.eq_ignore_ascii_case(k)).map(|(_, v)| v.as_str());
        let (Some(user), Some(nonce), Some(response)) = (get("username"), get("nonce"), get("response"))
        else {
            return Err(false);
        };
        let algorithm = match get("algorithm").unwrap_or("MD5") {
            a if a.eq_ignore_ascii_case("MD5") => DigestAlgorithm::Md5,
            a if a.eq_ignore_ascii_case("SHA-256") => DigestAlgorithm::Sha256,
            _ => return Err(false),
        };
        if !inner.digest.contains(&algorithm)
            || get("realm") != Some(inner.realm.as_str())
            || get("uri") != Some(uri)
            || get("qop") != Some("auth")
        {
            return Err(false);
        }
        let (Some(nc), Some(cnonce)) = (get("nc"), get("cnonce")) else { return Err(false) };
        let Ok(count) = u32::from_str_radix(nc, 16) else { return Err(false) };
        let Some(password) = inner.users.get(user) else { return Err(false) };
        let ha1 = algorithm.hash(&format!("{user}:{}:{}", inner.realm, password.expose()));
        let ha2 = algorithm.hash(&format!("{method}:{uri}"));
        let expected = algorithm.hash(&format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"));
        if !same(expected.as_bytes(), response.to_ascii_lowercase().as_bytes()) {
            return Err(false);
        }
        // Counted only once the answer is proven, so guessing cannot use
        // up a client's nonce.
        let mut nonces = inner.nonces.lock().unwrap_or_else(|e| e.into_inner());
        match nonces.count(nonce, count) {
            NonceUse::Fresh => Ok(user.to_owned()),
            NonceUse::Stale => Err(true),
            NonceUse::Replayed => Err(false),
        }
    }

    /// The `WWW-Authenticate` values: one per offered algorithm for Digest.
    fn challenges(&self, stale: bool) -> Vec<String> {
        let inner = &self.inner;
        let realm = quote(&inner.realm);
        if inner.digest.is_empty() {
            return vec![format!("Basic realm={realm}, charset=\"UTF-8\"")];
        }
        let nonce = inner.nonces.lock().unwrap_or_else(|e| e.into_inner()).issue();
        let stale = if stale { ", stale=true" } else { "" };
        inner
            .digest
            .iter()
            .map(|a| {
                format!(
                    "Digest realm={realm}, qop=\"auth\", algorithm={}, nonce=\"{nonce}\"{stale}",
                    a.name()
                )
            })
            .collect()
    }
}

/// `"value"` with quotes and backslashes escaped.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Equality that takes the same time wherever the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `name=value, name="quoted \" value"` pairs of an `Authorization` header.
fn parse_params(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let name: String = std::iter::from_fn(|| chars.next_if(|c| *c != '=' && *c != ',')).collect();
        if name.trim().is_empty() {
            return out;
        }
        if chars.next() != Some('=') {
            return out;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            value = std::iter::from_fn(|| chars.next_if(|c| *c != ',')).collect::<String>().trim().to_owned();
        }
        out.push((name.trim().to_owned(), value));
    }
}

/// The nonces issued, with when and the highest count used.
#[derive(Default)]
struct Nonces {
    issued: HashMap<String, (Instant, u32)>,
}

enum NonceUse {
    Fresh,
    /// Unknown (forgotten, or from before a restart) or expired.
    Stale,
    /// A count not above the last one: a replayed header.
    Replayed,
}

impl Nonces {
    fn issue(&mut self) -> String {
        let now = Instant::now();
        if self.issued.len() >= MAX_NONCES {
            self.issued.retain(|_, (at, _)| now.duration_since(*at) < NONCE_LIFETIME);
            while self.issued.len() >= MAX_NONCES {
                let Some(oldest) = self.issued.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| k.clone())
                else {
                    break;
                };
                self.issued.remove(&oldest);
            }
        }
        let mut random = [0u8; 16];
        // Without an OS random source, the clock makes nonces unique still.
        if getrandom::getrandom(&mut random).is_err() {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            random = nanos.to_le_bytes();
        }
        let nonce = hex(&random);
        self.issued.insert(nonce.clone(), (now, 0));
        nonce
    }

    fn count(&mut self, nonce: &str, count: u32) -> NonceUse {
        let Some((at, last)) = self.issued.get_mut(nonce) else { return NonceUse::Stale };
        if at.elapsed() >= NONCE_LIFETIME {
            self.issued.remove(nonce);
            return NonceUse::Stale;
        }
        if count <= *last {
            return NonceUse::Replayed;
        }
        *last = count;
        NonceUse::Fresh
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn answer(auth: &ServerAuth, challenge: &str, alg: DigestAlgorithm, nc: &str, password: &str) -> String {
        let p = parse_params(challenge.trim_start_matches("Digest "));
        let nonce = &p.iter().find(|(k, _)| k == "nonce").unwrap().1;
        let realm = &auth.inner.realm;
        let ha1 = alg.hash(&format!("Mufasa:{realm}:{password}"));
        let ha2 = alg.hash("POST:/PBX0/user.soap");
        let response = alg.hash(&format!("{ha1}:{nonce}:{nc}:0a4f113b:auth:{ha2}"));
        format!(
            "Digest username=\"Mufasa\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"/PBX0/user.soap\", \
             algorithm={}, qop=auth, nc={nc}, cnonce=\"0a4f113b\", response=\"{response}\"",
            alg.name()
        )
    }

    #[test]
    fn digest_accepts_both_algorithms_counts_nonces_and_refuses_replays() {
        let auth = ServerAuth::digest("PBX", [("Mufasa", "Circle of Life")]);
        let challenges = auth.check("POST", "/PBX0/user.soap", None).unwrap_err();
        assert_eq!(challenges.len(), 2);
        assert!(challenges[0].contains("algorithm=SHA-256") && challenges[1].contains("algorithm=MD5"));
        for (k, alg) in [DigestAlgorithm::Sha256, DigestAlgorithm::Md5].into_iter().enumerate() {
            // Each challenge set shares one nonce: a fresh set per algorithm.
            let fresh = auth.check("POST", "/PBX0/user.soap", None).unwrap_err();
            let challenge = &fresh[k];
            let first = answer(&auth, challenge, alg, "00000001", "Circle of Life");
            assert_eq!(auth.check("POST", "/PBX0/user.soap", Some(&first)).unwrap(), "Mufasa");
            // The same header again: a replay.
            let again = auth.check("POST", "/PBX0/user.soap", Some(&first)).unwrap_err();
            assert!(!again[0].contains("stale"), "{again:?}");
            let second = answer(&auth, challenge, alg, "00000002", "Circle of Life");
            assert!(auth.check("POST", "/PBX0/user.soap", Some(&second)).is_ok());
            // Another URI than the one signed, a wrong password.
            assert!(auth.check("POST", "/other", Some(&second)).is_err());
            let wrong = answer(&auth, challenge, alg, "00000003", "wrong");
            assert!(auth.check("POST", "/PBX0/user.soap", Some(&wrong)).is_err());
        }
        // A nonce the server never issued: stale, so the client retries.
        let forged =
            answer(&auth, "Digest nonce=\"feed\"", DigestAlgorithm::Md5, "00000001", "Circle of Life");
        let err = auth.check("POST", "/PBX0/user.soap", Some(&forged)).unwrap_err();
        assert!(err[0].contains("stale=true"), "{err:?}");
    }

    #[test]
    fn basic_checks_user_and_password() {
        let auth = ServerAuth::basic("sipXconfig", [("superadmin", "1234")]);
        let header = |s: &str| format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(s));
        assert_eq!(auth.check("POST", "/", Some(&header("superadmin:1234"))).unwrap(), "superadmin");
        assert!(auth.check("POST", "/", Some(&header("superadmin:123"))).is_err());
        assert!(auth.check("POST", "/", Some(&header("nobody:1234"))).is_err());
        let err = auth.check("POST", "/", None).unwrap_err();
        assert_eq!(err, ["Basic realm=\"sipXconfig\", charset=\"UTF-8\""]);
        assert!(!format!("{auth:?}").contains("1234"));
    }

    #[test]
    fn parameters_parse_with_quotes_and_escapes() {
        let p = parse_params(r#"username="a\"b", nc=00000001 , qop=auth,realm="x, y""#);
        let got: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, [("username", "a\"b"), ("nc", "00000001"), ("qop", "auth"), ("realm", "x, y")]);
    }
}
