//! The server side of HTTP Digest (RFC 7616, MD5, qop=auth) for test
//! servers: a fixed challenge, and a check that recomputes the client's
//! response hash independently of the runtime's digest crate.

use crate::http_stub::{Recorded, Reply};

pub const REALM: &str = "PBX";
const NONCE: &str = "4f2a9c0d1e";

/// The `WWW-Authenticate` value the server challenges with.
pub fn challenge() -> String {
    format!(r#"Digest realm="{REALM}", qop="auth", nonce="{NONCE}", opaque="a1b2""#)
}

/// `Ok` if `req` carries a valid Digest answer for `user`/`password`;
/// otherwise the reply to send: 401 with the challenge, or 400 for an
/// `Authorization` header that lacks Digest fields.
pub fn check(req: &Recorded, user: &str, password: &str) -> Result<(), Reply> {
    let unauthorized =
        |body: &str| Reply::new(401, "text/plain", body).header("WWW-Authenticate", &challenge());
    let Some(auth) = req.header("Authorization") else {
        return Err(unauthorized("auth"));
    };
    let field = |name: &str| {
        let start = auth.find(&format!("{name}="))? + name.len() + 1;
        let rest = auth[start..].trim_start_matches('"');
        rest.find(['"', ',']).map(|end| rest[..end].to_owned()).or(Some(rest.to_owned()))
    };
    let (Some(nc), Some(cnonce), Some(response), Some(uri)) =
        (field("nc"), field("cnonce"), field("response"), field("uri"))
    else {
        return Err(Reply::new(400, "text/plain", "bad digest"));
    };
    let ha1 = md5(&format!("{user}:{REALM}:{password}"));
    let ha2 = md5(&format!("{}:{uri}", req.method));
    let expected = md5(&format!("{ha1}:{NONCE}:{nc}:{cnonce}:auth:{ha2}"));
    if auth.starts_with("Digest ") && response == expected && uri == req.path {
        Ok(())
    } else {
        Err(unauthorized("wrong"))
    }
}

fn md5(s: &str) -> String {
    use md5::Digest as _;
    md5::Md5::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}
