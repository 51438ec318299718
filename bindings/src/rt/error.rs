//! The one error type of every client call.

use std::time::Duration;

use super::{DecodeError, Fault};

/// Why a SOAP call failed. Variants tell apart where it failed: the
/// connection, the HTTP exchange, the body's format, the server's SOAP
/// fault, or the content of the answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a SOAP fault (HTTP 500 per SOAP 1.1, or any
    /// status).
    #[error("{0}")]
    Fault(Box<Fault>),

    /// The request could not be encoded (a string holds a character XML 1.0
    /// cannot carry).
    #[error("cannot encode the {operation} request: {message}")]
    Encode { operation: &'static str, message: String },

    /// The response was XML but did not decode into the expected type; the
    /// error names the element path.
    #[error("cannot decode the {operation} response: {source}")]
    Decode { operation: &'static str, source: DecodeError },

    /// The client could not be built: an endpoint that is not an http(s)
    /// URL, or a TLS set-up failure.
    #[error("invalid client configuration: {0}")]
    Config(String),

    /// No HTTP exchange happened or it broke off: DNS, connection refused,
    /// TLS handshake (an untrusted certificate among them), a connection
    /// closed or reset before or during the answer.
    /// [`Error::transport_kind`] tells which.
    #[error("{operation}: {} {endpoint}: {}", TransportKind::of(.source).describe(), innermost(.source))]
    Transport {
        operation: &'static str,
        endpoint: String,
        #[source]
        source: reqwest::Error,
    },

    /// The call took longer than the client's timeout.
    #[error("{operation}: no complete answer from {endpoint} within {after:?}")]
    Timeout { operation: &'static str, endpoint: String, after: Duration },

    /// HTTP 401: the credentials are missing or wrong. `challenge` is the
    /// server's `WWW-Authenticate` header.
    #[error("{operation}: HTTP 401 Unauthorized (check the credentials){}", challenge_text(.challenge))]
    Unauthorized { operation: &'static str, challenge: Option<String> },

    /// Any other HTTP status that did not carry a SOAP fault; `snippet` is
    /// the start of the body.
    #[error("{operation}: HTTP {status}: {snippet:?}")]
    Http { operation: &'static str, status: u16, snippet: String },

    /// An HTTP redirect (3xx). Redirects are not followed: a redirected
    /// POST turns into a GET, so a SOAP endpoint that redirects is
    /// misconfigured. `location` is where the server points (credentials in
    /// it removed); use it as the endpoint.
    #[error("{operation}: HTTP {status} redirect to {}; use that URL as the endpoint", location.as_deref().unwrap_or("(no Location header)"))]
    Redirect { operation: &'static str, status: u16, location: Option<String> },

    /// A successful HTTP status whose body is not XML (an HTML page from a
    /// proxy or a login portal, plain text...).
    #[error("{operation}: the response is not XML (content type {content_type:?}): {snippet:?}")]
    NotXml { operation: &'static str, content_type: Option<String>, snippet: String },

    /// A plain-text answer (see [`super::SoapClient::get_text`]) whose body
    /// is not UTF-8; `valid_up_to` is the offset of the first invalid byte.
    #[error(
        "{operation}: the response is not UTF-8 text (content type {content_type:?}, invalid byte at offset {valid_up_to}): {snippet:?}"
    )]
    NotUtf8 { operation: &'static str, content_type: Option<String>, valid_up_to: usize, snippet: String },

    /// The response body is larger than the client's limit.
    #[error("{operation}: the response exceeds the {limit}-byte limit")]
    TooLarge { operation: &'static str, limit: usize },

    /// The call succeeded but its result says the server refused (an API
    /// that reports failure in a value, such as a 0 session handle).
    #[error("{operation}: refused by the server: {reason}")]
    Refused { operation: &'static str, reason: String },
}

/// Where a transport failure happened, as far as the HTTP stack tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The host name did not resolve.
    Dns,
    /// Nothing listens at the address.
    Refused,
    /// The TLS handshake failed: an untrusted or invalid certificate, or a
    /// peer that does not speak TLS.
    Tls,
    /// Connecting failed otherwise.
    Connect,
    /// The connection closed after the request was sent and before an
    /// answer began: the server may have acted on the request, so it is
    /// not sent again.
    ClosedBeforeAnswer,
    /// The connection was reset or closed while the answer was read.
    BrokenAnswer,
    /// Anything else.
    Other,
}

impl TransportKind {
    /// Classifies a reqwest error by its phase and the I/O error under it.
    pub fn of(e: &reqwest::Error) -> Self {
        let chain = || std::iter::successors(Some(e as &dyn std::error::Error), |c| c.source());
        // The I/O error kinds in the chain, with those of I/O errors wrapped
        // inside I/O errors (which `source()` skips).
        let mut io_kinds = Vec::new();
        for c in chain() {
            let mut io = c.downcast_ref::<std::io::Error>();
            while let Some(e) = io {
                io_kinds.push(e.kind());
                io = e.get_ref().and_then(|inner| inner.downcast_ref::<std::io::Error>());
            }
        }
        let has = |k| io_kinds.contains(&k);
        use std::io::ErrorKind as K;
        if e.is_connect() {
            // hyper-util names its resolver failures "dns error".
            if chain().any(|c| c.to_string() == "dns error") {
                TransportKind::Dns
            } else if has(K::ConnectionRefused) {
                TransportKind::Refused
            } else if e.url().is_some_and(|u| u.scheme() == "https") && has(K::InvalidData)
                || chain().any(|c| c.to_string().contains("certificate"))
            {
                // rustls errors reach here wrapped as InvalidData.
                TransportKind::Tls
            } else {
                TransportKind::Connect
            }
        } else if e.is_body() || e.is_decode() {
            TransportKind::BrokenAnswer
        } else if e.is_request()
            && chain().any(|c| c.to_string() == "connection closed before message completed")
        {
            TransportKind::ClosedBeforeAnswer
        } else if [K::ConnectionReset, K::ConnectionAborted, K::BrokenPipe, K::UnexpectedEof]
            .into_iter()
            .any(has)
        {
            TransportKind::BrokenAnswer
        } else {
            TransportKind::Other
        }
    }

    fn describe(self) -> &'static str {
        match self {
            TransportKind::Dns => "cannot resolve the host of",
            TransportKind::Refused => "connection refused by",
            TransportKind::Tls => "TLS handshake failed with",
            TransportKind::Connect => "cannot connect to",
            TransportKind::ClosedBeforeAnswer => "connection closed without an answer (not sent again) by",
            TransportKind::BrokenAnswer => "the answer broke off (connection reset or closed) from",
            TransportKind::Other => "cannot reach",
        }
    }
}

/// The innermost cause: reqwest's own message ("error sending request")
/// says less than the I/O error under it.
fn innermost(e: &reqwest::Error) -> String {
    let mut cur: &dyn std::error::Error = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

fn challenge_text(challenge: &Option<String>) -> String {
    challenge.as_ref().map(|c| format!("; server asks for {c}")).unwrap_or_default()
}

impl Error {
    /// The SOAP fault, if the server sent one.
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            Error::Fault(f) => Some(f),
            _ => None,
        }
    }

    /// Where a [`Error::Transport`] failure happened.
    pub fn transport_kind(&self) -> Option<TransportKind> {
        match self {
            Error::Transport { source, .. } => Some(TransportKind::of(source)),
            _ => None,
        }
    }

    /// The HTTP status the server answered with, where one is known.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized { .. } => Some(401),
            Error::Http { status, .. } | Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }
}
