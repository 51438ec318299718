//! The exchange history: the last N raw HTTP exchanges of a client, for
//! troubleshooting, with secrets redacted before anything is stored.
//!
//! Redacted: the values of `Authorization`, `Proxy-Authorization`,
//! `WWW-Authenticate` and `Proxy-Authenticate` (passwords and digest state:
//! nonce, opaque; the scheme is kept), cookie values (`Cookie`,
//! `Set-Cookie`: session tokens; names kept), and the text of every XML
//! element and the value of every attribute whose local name is a
//! secret's: a name of [`DEFAULT_REDACTED`] (`Nonce`,
//! `BinarySecurityToken`, `sessionId`...), case ignored, or more with
//! [`ExchangeHistory::redact_element`]; or a name holding one of
//! [`SECRET_WORDS`] as a word (`sipPassword`, `client_password`, `newPin`,
//! `PINs`), the words that make a field of a generated type a secret, so
//! what generated `Debug` hides the history hides too.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, BytesText, Event};

/// Element and attribute local names redacted by default (compared
/// case-insensitively), beside every name holding one of [`SECRET_WORDS`]
/// (which covers `password`, `secret` and their kin).
pub const DEFAULT_REDACTED: &[&str] =
    &["nonce", "binarysecuritytoken", "securitytoken", "sessionid", "token"];

/// Words that make an element or attribute a secret wherever they stand
/// in its local name, singular or plural (`sipPassword`, `client_password`,
/// `newPin`, `PINs`; not `shipping` or `spin`): the generator's built-in
/// secret words (`pbx_soap_codegen::SECRET_WORDS`; a test holds the two
/// equal).
pub const SECRET_WORDS: &[&str] =
    &["password", "passwd", "pwd", "passcode", "passphrase", "secret", "pin", "pintoken"];

const MASK: &str = "***";

/// Whether an element or attribute named `local` holds a secret: its whole
/// name is one of `names`, or one of its words is a secret word, singular
/// or plural (case ignored throughout).
fn secret_name(local: &str, names: &[String]) -> bool {
    let listed = |word: &str| SECRET_WORDS.iter().any(|s| s.eq_ignore_ascii_case(word));
    names.iter().any(|n| n.eq_ignore_ascii_case(local))
        || words(local).any(|w| listed(w) || w.strip_suffix(['s', 'S']).is_some_and(listed))
}

/// The words of a name, as written: split at `_`, `-`, `.`, before an
/// upper-case letter that follows a lower-case one or a digit
/// (`sipPassword`), and before the last of a run of capitals that a
/// lower-case letter follows (`SIPPassword`: `sip`, `password`), unless
/// that is a plural's lone `s` (`PINs`).
fn words(name: &str) -> impl Iterator<Item = &str> {
    let b = name.as_bytes();
    let mut start = 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let at = i;
            i += 1;
            if matches!(b[at], b'_' | b'-' | b'.') {
                let word = &name[start..at];
                start = i;
                if !word.is_empty() {
                    return Some(word);
                }
                continue;
            }
            let upper = b[at].is_ascii_uppercase();
            let after_lower = at > start && (b[at - 1].is_ascii_lowercase() || b[at - 1].is_ascii_digit());
            // `PINs` is one word: a lone `s` after capitals is a plural.
            let plural = b.get(at + 1) == Some(&b's') && !b.get(at + 2).is_some_and(u8::is_ascii_lowercase);
            let ends_capitals = at > start
                && b[at - 1].is_ascii_uppercase()
                && b.get(at + 1).is_some_and(u8::is_ascii_lowercase)
                && !plural;
            if upper && (after_lower || ends_capitals) {
                let word = &name[start..at];
                start = at;
                return Some(word);
            }
        }
        (start < b.len()).then(|| {
            let word = &name[start..];
            start = b.len();
            word
        })
    })
}

/// `e` with the values of its secret attributes masked, or `None` when it
/// has none (namespace declarations are never secrets). `Err` for an
/// attribute quick-xml cannot read: the body is then not shown.
fn masked_attributes(e: &BytesStart<'_>, names: &[String]) -> Result<Option<BytesStart<'static>>, ()> {
    let secret = |a: &Attribute<'_>| {
        a.key.as_namespace_binding().is_none() && secret_name(a.key.local_name().as_ref(), names)
    };
    let mut any = false;
    for a in e.attributes() {
        any |= secret(&a.map_err(|_| ())?);
    }
    if !any {
        return Ok(None);
    }
    let mut out = BytesStart::new(e.name().as_ref().to_owned());
    for a in e.attributes() {
        let a = a.map_err(|_| ())?;
        if secret(&a) {
            // The mask needs no escaping; the other values stay as written.
            out.push_attribute(Attribute { key: a.key, value: MASK.into() });
        } else {
            out.push_attribute(a);
        }
    }
    Ok(Some(out.into_owned()))
}

/// One HTTP exchange as recorded (already redacted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedExchange {
    /// The operation (or helper label) that made it.
    pub operation: &'static str,
    pub method: &'static str,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    pub request_body: String,
    /// `None` when no answer came (connection failure, timeout).
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: String,
    /// Why the exchange failed below HTTP, if it did.
    pub error: Option<String>,
    pub started: SystemTime,
    pub elapsed: Duration,
}

/// The last exchanges of one or more clients (clones share the record).
/// Give it to [`SoapClientBuilder::history`](super::SoapClientBuilder::history).
#[derive(Debug, Clone)]
pub struct ExchangeHistory {
    inner: Arc<Mutex<State>>,
}

#[derive(Debug)]
struct State {
    capacity: usize,
    redacted: Vec<String>,
    exchanges: VecDeque<RecordedExchange>,
}

impl ExchangeHistory {
    /// Keeps the last `capacity` exchanges.
    pub fn new(capacity: usize) -> Self {
        let redacted = DEFAULT_REDACTED.iter().map(|s| (*s).to_owned()).collect();
        ExchangeHistory {
            inner: Arc::new(Mutex::new(State { capacity, redacted, exchanges: VecDeque::new() })),
        }
    }

    /// Also redacts the text of elements with local name `name` (a
    /// service's own token element, say).
    pub fn redact_element(self, name: &str) -> Self {
        self.lock().redacted.push(name.to_ascii_lowercase());
        self
    }

    /// The recorded exchanges, oldest first.
    pub fn exchanges(&self) -> Vec<RecordedExchange> {
        self.lock().exchanges.iter().cloned().collect()
    }

    /// The most recent exchange.
    pub fn last(&self) -> Option<RecordedExchange> {
        self.lock().exchanges.back().cloned()
    }

    pub fn clear(&self) {
        self.lock().exchanges.clear();
    }

    /// Redacts and stores one exchange, dropping the oldest beyond the
    /// capacity.
    pub(crate) fn record(&self, mut exchange: RecordedExchange) {
        let mut state = self.lock();
        if state.capacity == 0 {
            return;
        }
        exchange.request_headers = redact_headers(exchange.request_headers);
        exchange.response_headers = redact_headers(exchange.response_headers);
        exchange.request_body = redact_body(&exchange.request_body, &state.redacted);
        exchange.response_body = redact_body(&exchange.response_body, &state.redacted);
        while state.exchanges.len() >= state.capacity {
            state.exchanges.pop_front();
        }
        state.exchanges.push_back(exchange);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means another thread panicked while holding
        // it; the record itself is still consistent.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn redact_headers(headers: Vec<(String, String)>) -> Vec<(String, String)> {
    headers
        .into_iter()
        .map(|(name, value)| {
            let lower = name.to_ascii_lowercase();
            let value = match lower.as_str() {
                "authorization" | "proxy-authorization" | "www-authenticate" | "proxy-authenticate" => {
                    let scheme = value.split_whitespace().next().unwrap_or("");
                    format!("{scheme} {MASK}")
                }
                "cookie" => value
                    .split(';')
                    .map(|c| {
                        c.trim()
                            .split_once('=')
                            .map_or_else(|| MASK.to_owned(), |(n, _)| format!("{n}={MASK}"))
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                "set-cookie" => {
                    let (first, attributes) = value.split_once(';').unwrap_or((&value, ""));
                    let name = first.split_once('=').map_or("", |(n, _)| n.trim());
                    if attributes.is_empty() {
                        format!("{name}={MASK}")
                    } else {
                        format!("{name}={MASK};{attributes}")
                    }
                }
                _ => value,
            };
            (name, value)
        })
        .collect()
}

/// `body` with the text of secret elements masked. A body that is not
/// well-formed XML is not shown (it could hold anything); an empty one
/// stays empty.
fn redact_body(body: &str, secrets: &[String]) -> String {
    if body.trim().is_empty() {
        return body.to_owned();
    }
    redact_xml(body, secrets)
        .unwrap_or_else(|| format!("({} bytes not shown: not well-formed XML)", body.len()))
}

fn redact_xml(xml: &str, secrets: &[String]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len()));
    let mut depth = 0usize;
    // The depth of the secret element being masked, and whether its mask
    // was written.
    let mut secret: Option<(usize, bool)> = None;
    loop {
        let event = reader.read_event().ok()?;
        match event {
            Event::Eof => break,
            Event::Start(ref e) => {
                depth += 1;
                if secret.is_none() && secret_name(e.local_name().as_ref(), secrets) {
                    secret = Some((depth, false));
                }
                match masked_attributes(e, secrets).ok()? {
                    Some(masked) => writer.write_event(Event::Start(masked)).ok()?,
                    None => writer.write_event(event).ok()?,
                }
            }
            Event::Empty(ref e) => match masked_attributes(e, secrets).ok()? {
                Some(masked) => writer.write_event(Event::Empty(masked)).ok()?,
                None => writer.write_event(event).ok()?,
            },
            Event::End(_) => {
                if let Some((at, written)) = secret
                    && at == depth
                {
                    if !written {
                        writer.write_event(Event::Text(BytesText::new(MASK))).ok()?;
                    }
                    secret = None;
                }
                depth = depth.saturating_sub(1);
                writer.write_event(event).ok()?;
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if secret.is_some() => {
                if let Some((_, written)) = &mut secret
                    && !*written
                {
                    writer.write_event(Event::Text(BytesText::new(MASK))).ok()?;
                    *written = true;
                }
            }
            other => writer.write_event(other).ok()?,
        }
    }
    String::from_utf8(writer.into_inner()).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn exchange(request_body: &str, response_body: &str) -> RecordedExchange {
        RecordedExchange {
            operation: "op",
            method: "POST",
            url: "http://pbx/x".into(),
            request_headers: vec![
                ("Authorization".into(), "Digest username=\"u\", nonce=\"n-secret\", response=\"r\"".into()),
                ("Cookie".into(), "JSESSIONIDSSO=sso-secret; other=v-secret".into()),
                ("Content-Type".into(), "text/xml".into()),
            ],
            request_body: request_body.into(),
            status: Some(200),
            response_headers: vec![
                ("Set-Cookie".into(), "JSESSIONID=cookie-secret; Path=/; HttpOnly".into()),
                ("WWW-Authenticate".into(), "Digest realm=\"r\", nonce=\"challenge-secret\"".into()),
            ],
            response_body: response_body.into(),
            error: None,
            started: SystemTime::UNIX_EPOCH,
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn secrets_are_redacted_before_they_are_stored() {
        let history = ExchangeHistory::new(2).redact_element("ApiKey");
        let request = r#"<e:Envelope xmlns:e="urn:e"><e:Header><w:Security xmlns:w="urn:w"><w:UsernameToken>
            <w:Username>admin</w:Username><w:Password Type="x">pw-secret</w:Password>
            <w:Nonce>nonce-secret</w:Nonce></w:UsernameToken></w:Security>
            <s:SessionHeader xmlns:s="urn:s"><s:sessionId>session-secret</s:sessionId></s:SessionHeader>
            </e:Header><e:Body><m:Login xmlns:m="urn:m"><m:password>a&amp;b-secret</m:password>
            <m:apikey><![CDATA[key-secret]]></m:apikey><m:user>visible-user</m:user></m:Login></e:Body></e:Envelope>"#;
        history.record(exchange(request, "<r><token>t-secret</token><ok>visible</ok></r>"));
        let got = history.last().unwrap();
        let everything = format!("{got:?}");
        for secret in [
            "pw-secret",
            "nonce-secret",
            "session-secret",
            "a&amp;b-secret",
            "key-secret",
            "t-secret",
            "n-secret",
            "sso-secret",
            "v-secret",
            "cookie-secret",
            "challenge-secret",
        ] {
            assert!(!everything.contains(secret), "{secret} in {everything}");
        }
        for kept in [
            "admin",
            "visible-user",
            "visible",
            "JSESSIONIDSSO=***",
            "JSESSIONID=***; Path=/; HttpOnly",
            "Digest ***",
        ] {
            assert!(everything.contains(kept), "{kept} missing from {everything}");
        }
        assert!(
            got.request_body.contains(r#"<w:Password Type="x">***</w:Password>"#),
            "{}",
            got.request_body
        );
    }

    #[test]
    fn names_holding_a_secret_word_are_redacted_elements_and_attributes() {
        // sipXconfig's AddUser and Monema's client password: named with
        // the word, not as it; an attribute secret too.
        let history = ExchangeHistory::new(1);
        let request = r#"<e:Envelope xmlns:e="urn:e"><e:Body><m:addUser xmlns:m="urn:m">
            <user><userName>visible-user</userName><sipPassword>sip-secret</sipPassword>
            <pintoken>pintoken-secret</pintoken><aliases>visible-alias</aliases></user>
            <pin>4711-secret</pin><NEW_PIN>new-pin-secret</NEW_PIN><SIPPassword>caps-secret</SIPPassword>
            <m:login m:apiSecret="attr-secret" realm="visible-realm" client_password='quoted-secret'/>
            <oldPins>pins-secret</oldPins><shipping>visible-shipping</shipping><spin>visible-spin</spin>
            </m:addUser></e:Body></e:Envelope>"#;
        history.record(exchange(request, ""));
        let body = history.last().unwrap().request_body;
        for secret in [
            "sip-secret",
            "pintoken-secret",
            "4711-secret",
            "new-pin-secret",
            "caps-secret",
            "attr-secret",
            "quoted-secret",
            "pins-secret",
        ] {
            assert!(!body.contains(secret), "{secret} in {body}");
        }
        for kept in [
            "visible-user",
            "visible-alias",
            "visible-realm",
            "visible-shipping",
            "visible-spin",
            "<sipPassword>***</sipPassword>",
            r#"m:apiSecret="***""#,
            r#"xmlns:m="urn:m""#,
        ] {
            assert!(body.contains(kept), "{kept} missing from {body}");
        }
    }

    #[test]
    fn words_split_at_case_separators_and_acronyms() {
        let split = |name: &str| words(name).map(str::to_ascii_lowercase).collect::<Vec<_>>();
        assert_eq!(split("sipPassword"), ["sip", "password"]);
        assert_eq!(split("SIPPassword"), ["sip", "password"]);
        assert_eq!(split("client_password"), ["client", "password"]);
        assert_eq!(split("new-PIN.code"), ["new", "pin", "code"]);
        assert_eq!(split("PINs"), ["pins"]);
        assert_eq!(split("oldPINsList"), ["old", "pins", "list"]);
        assert_eq!(split("SIPServer"), ["sip", "server"]);
        assert_eq!(split("pin2Code"), ["pin2", "code"]);
        assert_eq!(split("__a__"), ["a"]);
        assert!(split("").is_empty());
    }

    #[test]
    fn only_the_last_n_are_kept_and_bad_xml_is_not_shown() {
        let history = ExchangeHistory::new(2);
        for body in ["<a>1</a>", "<a>2</a>", "<a>3</a>"] {
            history.record(exchange(body, ""));
        }
        let bodies: Vec<String> = history.exchanges().into_iter().map(|e| e.request_body).collect();
        assert_eq!(bodies, ["<a>2</a>", "<a>3</a>"]);
        history.record(exchange("<a><password>cut-off-secret</b>", ""));
        let last = history.last().unwrap();
        assert!(last.request_body.contains("not shown"), "{}", last.request_body);
        history.clear();
        assert!(history.exchanges().is_empty());
    }
}
