//! The HTTP side of a SOAP call: one POST per operation over a pooled
//! reqwest client, and the mapping of what comes back onto [`Error`].

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, LOCATION, USER_AGENT, WWW_AUTHENTICATE};

use tracing::Instrument;

use super::auth::{Auth, Authenticator, RequestParts};
use super::call::{Answer, Call, InFlight};
use super::envelope::{Request, read_response_handing, write_envelope};
use super::headers::{FromHeaders, HeaderWriter, WithHeaders};
use super::history::{ExchangeHistory, RecordedExchange};
use super::read::Handing;
use super::wssec::WsSecurity;
use super::{DecodeOptions, Error, FromXml, Operation, SoapVersion, ToXml};

/// Default limit on a response body: large enough for a PBX's full user
/// list, small enough that a runaway server cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;
/// Default limit on a whole call, connect through last body byte.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// TCP keep-alive probes on pooled connections, so a peer that vanished is
/// noticed while a connection sits idle.
const TCP_KEEPALIVE: Duration = Duration::from_secs(60);
/// How much of an unexpected body an error quotes.
const SNIPPET_CHARS: usize = 200;

/// A SOAP endpoint with its credentials and connection pool.
///
/// Cheap to clone: clones share the pool. Generated service clients wrap
/// one; [`SoapClient::with_endpoint`] makes a client for another path on the
/// same server that shares pool and credentials.
#[derive(Debug, Clone)]
pub struct SoapClient {
    /// Shared too: every call's future holds a clone of the client.
    endpoint: Arc<reqwest::Url>,
    shared: Arc<Shared>,
}

/// What clones and `with_endpoint` siblings share.
#[derive(Debug)]
struct Shared {
    http: reqwest::Client,
    auth: Option<Authenticator>,
    decode: DecodeOptions,
    max_response_bytes: usize,
    timeout: Duration,
    /// Overrides the operations' SOAP version.
    soap_version: Option<SoapVersion>,
    security: Option<WsSecurity>,
    /// Sent with every request.
    extra_headers: reqwest::header::HeaderMap,
    cookies: Option<Arc<reqwest::cookie::Jar>>,
    history: Option<ExchangeHistory>,
}

impl SoapClient {
    /// Starts configuring a client for `endpoint` (the `soap:address` of the
    /// port, e.g. `https://pbx/sipxconfig/services/UserService`).
    pub fn builder(endpoint: impl Into<String>) -> SoapClientBuilder {
        SoapClientBuilder {
            endpoint: endpoint.into(),
            auth: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            accept_invalid_certs: false,
            decode: DecodeOptions::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: concat!("pbx-soap/", env!("CARGO_PKG_VERSION")).to_owned(),
            pool_idle_timeout: None,
            soap_version: None,
            security: None,
            extra_headers: Vec::new(),
            cookies: Vec::new(),
            cookie_store: false,
            history: None,
        }
    }

    /// A client for `endpoint` with the defaults: no credentials, verified
    /// TLS, 30 s timeout.
    pub fn new(endpoint: impl Into<String>) -> Result<Self, Error> {
        Self::builder(endpoint).build()
    }

    /// A client for another endpoint that shares this one's connection
    /// pool, credentials and limits.
    pub fn with_endpoint(&self, endpoint: &str) -> Result<Self, Error> {
        match parse_endpoint(endpoint)? {
            (endpoint, None) => {
                Ok(SoapClient { endpoint: Arc::new(endpoint), shared: Arc::clone(&self.shared) })
            }
            // The sibling shares this client's credentials; others in the
            // URL would be silently ignored.
            (_, Some(_)) => Err(Error::Config(format!(
                "endpoint {:?}: a with_endpoint URL cannot carry credentials (the client's are shared)",
                redact_userinfo(endpoint)
            ))),
        }
    }

    /// The URL requests are sent to.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    /// Sends `request` as operation `op` and decodes the answer as `R`.
    ///
    /// Generated clients call [`SoapClient::start`]; this is public so
    /// hand-written operations (or a server's extensions the WSDL lacks)
    /// can use the same path. The request is encoded now; the returned
    /// [`Call`] sends it when awaited.
    pub fn call<Q, R>(&self, op: &Operation, request: &Q) -> Call<R>
    where
        Q: ToXml + ?Sized,
        R: FromXml,
    {
        self.start(op, request, Answer::body::<R>)
    }

    /// [`SoapClient::call`] with header blocks: `headers` writes the
    /// request's (the client's WS-Security block, if set, comes first), and
    /// the response's are read into `H` (see [`FromHeaders`]).
    pub fn call_with<Q, R, H>(
        &self,
        op: &Operation,
        request: &Q,
        headers: impl FnOnce(&mut HeaderWriter<'_>),
    ) -> Call<WithHeaders<R, H>>
    where
        Q: ToXml + ?Sized,
        R: FromXml,
        H: FromHeaders,
    {
        self.start_with(op, request, headers, Answer::with_headers::<R, H>)
    }

    /// Encodes `request` as operation `op` and returns the call that sends
    /// it; `finish` turns the [`Answer`] into the call's output (generated
    /// clients pass [`Answer::body`], or a function that also unwraps the
    /// response).
    pub fn start<Q, T>(&self, op: &Operation, request: &Q, finish: fn(Answer) -> Result<T, Error>) -> Call<T>
    where
        Q: ToXml + ?Sized,
    {
        self.start_with(op, request, |_| {}, finish)
    }

    /// [`SoapClient::start`] with header blocks, which `headers` writes
    /// (after the client's WS-Security block, if set).
    pub fn start_with<Q, T>(
        &self,
        op: &Operation,
        request: &Q,
        headers: impl FnOnce(&mut HeaderWriter<'_>),
        finish: fn(Answer) -> Result<T, Error>,
    ) -> Call<T>
    where
        Q: ToXml + ?Sized,
    {
        let shared = &self.shared;
        let version = shared.soap_version.unwrap_or(op.version);
        let envelope = Request { version, security: shared.security.as_ref() };
        match write_envelope(op, &envelope, request, headers) {
            Ok(body) => {
                let (exchange, span) = self.exchange_soap(*op, version, body);
                Call::sending(exchange, span, finish)
            }
            Err(e) => Call::failed(e, finish),
        }
    }

    /// The HTTP side of a SOAP call, the same for every operation: the
    /// future owns a clone of the client, so the [`Call`] is `'static`.
    fn exchange_soap(&self, op: Operation, version: SoapVersion, body: Vec<u8>) -> (InFlight, tracing::Span) {
        let span = tracing::debug_span!("soap_call", operation = op.name, endpoint = %self.endpoint);
        let client = self.clone();
        // `instrument`, not `span.enter()`: a guard held across `.await`
        // would make the future `!Send` (and attribute other tasks' events).
        let exchange = async move {
            tracing::debug!(request_bytes = body.len(), "sending");
            let (status, content_type, bytes) = client.post(&op, version, body).await?;
            tracing::debug!(status, response_bytes = bytes.len(), "answered");
            let shared = &client.shared;
            Ok(Answer {
                op,
                status,
                content_type,
                bytes,
                decode: shared.decode.clone(),
                security: shared.security.is_some(),
                handing: None,
            })
        }
        .instrument(span.clone());
        (Box::pin(exchange), span)
    }

    /// The SOAP version requests are sent in, if this client overrides the
    /// operations' own.
    pub fn soap_version(&self) -> Option<SoapVersion> {
        self.shared.soap_version
    }

    async fn post(
        &self,
        op: &Operation,
        version: SoapVersion,
        body: Vec<u8>,
    ) -> Result<(u16, Option<String>, Vec<u8>), Error> {
        let request = Exchange { label: op.name, url: &self.endpoint, soap: Some((version, op.soap_action)) };
        self.exchange(request, Some(bytes::Bytes::from(body))).await
    }

    /// A plain HTTP GET of `url` (on this client's server or another) with
    /// this client's credentials, pool, timeouts and size limit: for the
    /// non-SOAP URLs some PBXs offer beside their SOAP API (Brekeke's
    /// `/pbx/3pcc` click-to-call). Returns the body as text.
    ///
    /// # Errors
    ///
    /// Transport failures and timeouts, 401, a redirect
    /// ([`Error::Redirect`] with its `Location`), any other non-2xx status
    /// ([`Error::Http`] with a snippet), a body over the limit, a body that
    /// is not UTF-8 ([`Error::NotUtf8`] naming its content type). `label`
    /// names the request in errors and traces.
    pub async fn get_text(&self, label: &'static str, url: &str) -> Result<String, Error> {
        let (url, credentials) = parse_endpoint(url)?;
        if credentials.is_some() {
            return Err(Error::Config(format!(
                "{label}: a get_text URL cannot carry credentials (the client's are used)"
            )));
        }
        let span = tracing::debug_span!("http_get", operation = label, url = %url);
        let (status, content_type, bytes) =
            self.exchange(Exchange { label, url: &url, soap: None }, None).instrument(span).await?;
        if !(200..300).contains(&status) {
            return Err(Error::Http { operation: label, status, snippet: snippet(&bytes) });
        }
        String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
            operation: label,
            content_type,
            valid_up_to: e.utf8_error().valid_up_to(),
            snippet: snippet(e.as_bytes()),
        })
    }

    /// One HTTP exchange (see [`SoapClient::exchange_once`]), recorded in
    /// the client's history if it keeps one.
    async fn exchange(
        &self,
        request: Exchange<'_>,
        body: Option<bytes::Bytes>,
    ) -> Result<(u16, Option<String>, Vec<u8>), Error> {
        let Some(history) = &self.shared.history else {
            return self.exchange_once(&request, body, &mut None).await;
        };
        let started = std::time::SystemTime::now();
        let clock = std::time::Instant::now();
        let request_body = body.as_ref().map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        let mut seen = Some(Seen::default());
        let result = self.exchange_once(&request, body, &mut seen).await;
        let seen = seen.unwrap_or_default();
        let (status, response_body, error) = match &result {
            Ok((status, _, bytes)) => (Some(*status), String::from_utf8_lossy(bytes).into_owned(), None),
            Err(e) => (seen.status, String::new(), Some(e.to_string())),
        };
        history.record(RecordedExchange {
            operation: request.label,
            method: if request.soap.is_some() { "POST" } else { "GET" },
            url: request.url.to_string(),
            request_headers: seen.request_headers,
            request_body,
            status,
            response_headers: seen.response_headers,
            response_body,
            error,
            started,
            elapsed: clock.elapsed(),
        });
        result
    }

    /// One HTTP exchange with authentication (a Digest challenge answered
    /// once) and the size limit: a SOAP POST when `body` is given, else a
    /// GET. `seen` collects the headers of the last request and response
    /// for the history.
    async fn exchange_once(
        &self,
        request: &Exchange<'_>,
        body: Option<bytes::Bytes>,
        seen: &mut Option<Seen>,
    ) -> Result<(u16, Option<String>, Vec<u8>), Error> {
        let request = *request;
        let shared = &self.shared;
        let label = request.label;
        // Digest signs the request-URI as sent on the request line.
        let uri = &request.url[url::Position::BeforePath..url::Position::AfterQuery];
        let method = if body.is_some() { "POST" } else { "GET" };
        let empty = bytes::Bytes::new();
        let parts = RequestParts { method, uri, body: body.as_ref().unwrap_or(&empty) };
        let auth_error = |e: String| Error::Config(format!("cannot authorise the request: {e}"));
        let first = match &shared.auth {
            Some(a) => a.preemptive(parts).map_err(auth_error)?,
            None => None,
        };
        // Shared, not copied: a Digest challenge sends the same body again.
        let mut resp = self.send(&request, body.clone(), first.as_deref(), seen).await?;
        if resp.status() == reqwest::StatusCode::UNAUTHORIZED
            && let Some(auth) = &shared.auth
        {
            let challenges = resp.headers().get_all(WWW_AUTHENTICATE).iter().filter_map(|v| v.to_str().ok());
            // One retry: a second 401 means the credentials are wrong.
            if let Some(answer) = auth.answer(challenges, parts).map_err(auth_error)? {
                resp = self.send(&request, body, Some(&answer), seen).await?;
            }
        }
        let status = resp.status().as_u16();
        if let Some(seen) = seen {
            seen.status = Some(status);
            seen.response_headers = header_list(resp.headers());
        }
        if status == 401 {
            let challenge =
                resp.headers().get(WWW_AUTHENTICATE).and_then(|v| v.to_str().ok()).map(str::to_owned);
            return Err(Error::Unauthorized { operation: label, challenge });
        }
        // Not followed (see the builder's redirect policy); where it points
        // is what the user needs to fix the endpoint.
        if resp.status().is_redirection() {
            let location = resp.headers().get(LOCATION).and_then(|v| v.to_str().ok()).map(redact_userinfo);
            return Err(Error::Redirect { operation: label, status, location });
        }
        let content_type = resp.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let limit = shared.max_response_bytes;
        if resp.content_length().is_some_and(|n| n > limit as u64) {
            return Err(Error::TooLarge { operation: label, limit });
        }
        // Read chunk by chunk so a body without Content-Length (chunked) is
        // cut off at the limit instead of filling memory first.
        let mut body = BodyBuffer::new(limit, resp.content_length());
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.transport(&request, e))? {
            body.push(&chunk).map_err(|()| Error::TooLarge { operation: label, limit })?;
        }
        Ok((status, content_type, body.bytes))
    }

    /// One request, with `authorization` if there is one.
    async fn send(
        &self,
        request: &Exchange<'_>,
        body: Option<bytes::Bytes>,
        authorization: Option<&str>,
        seen: &mut Option<Seen>,
    ) -> Result<reqwest::Response, Error> {
        let http = &self.shared.http;
        let mut req = match (body, request.soap) {
            (Some(body), Some((SoapVersion::Soap11, action))) => http
                .post(request.url.clone())
                .header(CONTENT_TYPE, HeaderValue::from_static("text/xml; charset=utf-8"))
                // SOAP 1.1 section 6.1.1: the value is a quoted URI, `""` when empty.
                .header("SOAPAction", format!("\"{action}\""))
                .body(body),
            // SOAP 1.2 (RFC 3902): the action is a content-type parameter.
            (Some(body), Some((version, action))) => {
                http.post(request.url.clone()).header(CONTENT_TYPE, version.content_type(action)).body(body)
            }
            (Some(body), None) => http.post(request.url.clone()).body(body),
            (None, _) => http.get(request.url.clone()),
        };
        req = req.headers(self.shared.extra_headers.clone());
        if let Some(value) = authorization {
            let mut value = HeaderValue::try_from(value).map_err(|_| {
                Error::Config("the credentials contain a character HTTP headers cannot carry".into())
            })?;
            value.set_sensitive(true);
            req = req.header(AUTHORIZATION, value);
        }
        if let Some(seen) = seen {
            let built = req.try_clone().and_then(|r| r.build().ok());
            seen.request_headers = built.map(|r| header_list(r.headers())).unwrap_or_default();
            if let Some(jar) = &self.shared.cookies {
                use reqwest::cookie::CookieStore as _;
                if let Some(cookies) =
                    jar.cookies(request.url).and_then(|v| v.to_str().ok().map(str::to_owned))
                {
                    seen.request_headers.push(("Cookie".to_owned(), cookies));
                }
            }
        }
        req.send().await.map_err(|e| self.transport(request, e))
    }

    fn transport(&self, request: &Exchange<'_>, e: reqwest::Error) -> Error {
        let endpoint = request.url.to_string();
        if e.is_timeout() {
            Error::Timeout { operation: request.label, endpoint, after: self.shared.timeout }
        } else {
            Error::Transport { operation: request.label, endpoint, source: e }
        }
    }
}

/// A response body read up to a limit. Its capacity never exceeds the
/// limit: it grows by doubling (large blocks are moved by the allocator,
/// not copied) but the last step stops at the limit, so an endless body
/// costs at most the limit plus one chunk before it is refused.
#[derive(Debug)]
struct BodyBuffer {
    bytes: Vec<u8>,
    limit: usize,
}

impl BodyBuffer {
    const INITIAL: usize = 8192;

    /// A buffer sized for `content_length` when the server sent one (the
    /// caller has refused one over the limit).
    fn new(limit: usize, content_length: Option<u64>) -> Self {
        let first = content_length.map_or(Self::INITIAL, |n| usize::try_from(n).unwrap_or(usize::MAX));
        BodyBuffer { bytes: Vec::with_capacity(first.min(limit)), limit }
    }

    /// Appends `chunk`; `Err` once the body would exceed the limit.
    fn push(&mut self, chunk: &[u8]) -> Result<(), ()> {
        let needed = self.bytes.len().checked_add(chunk.len()).filter(|n| *n <= self.limit).ok_or(())?;
        if needed > self.bytes.capacity() {
            let grown = self.bytes.capacity().saturating_mul(2).max(needed).min(self.limit);
            self.bytes.reserve_exact(grown - self.bytes.len());
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }
}

/// What one HTTP exchange is for.
#[derive(Clone, Copy)]
struct Exchange<'a> {
    /// The operation name (or a helper's label) for errors and traces.
    label: &'static str,
    url: &'a reqwest::Url,
    /// `Some` for a SOAP POST: its version and action.
    soap: Option<(SoapVersion, &'static str)>,
}

/// What the history records of an exchange's last request and response.
#[derive(Default)]
struct Seen {
    request_headers: Vec<(String, String)>,
    status: Option<u16>,
    response_headers: Vec<(String, String)>,
}

fn header_list(headers: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect()
}

/// Maps an HTTP answer onto the result: a SOAP fault wins whatever the
/// status (SOAP 1.1 sends faults with 500), then HTTP errors, then bodies
/// that are not XML, then decoding.
pub(super) fn interpret<R: FromXml, H: FromHeaders>(
    op: &Operation,
    status: u16,
    content_type: Option<String>,
    bytes: &[u8],
    decode: &DecodeOptions,
    security: bool,
    handing: Option<Handing<'_>>,
) -> Result<WithHeaders<R, H>, Error> {
    let success = (200..300).contains(&status);
    if looks_like_xml(bytes) {
        match read_response_handing::<R, H>(bytes, op, decode, security, handing) {
            Ok(value) if success => return Ok(value),
            Err(e @ Error::Fault(_)) => return Err(e),
            Err(e) if success => return Err(e),
            // An XML body with an error status that is no SOAP fault.
            _ => {}
        }
    }
    if !success {
        return Err(Error::Http { operation: op.name, status, snippet: snippet(bytes) });
    }
    Err(Error::NotXml { operation: op.name, content_type, snippet: snippet(bytes) })
}

/// Whether a body is worth handing to the XML reader: it starts with `<`
/// (after a BOM and whitespace) and is not an HTML page.
fn looks_like_xml(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes).trim_ascii_start();
    if !b.starts_with(b"<") {
        return false;
    }
    let head: Vec<u8> = b.iter().take(14).map(u8::to_ascii_lowercase).collect();
    !(head.starts_with(b"<html") || head.starts_with(b"<!doctype html"))
}

/// The start of a body, as text, for error messages.
fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    let mut s: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().nth(SNIPPET_CHARS).is_some() {
        s.push('…');
    }
    s
}

/// Parses an endpoint URL; credentials written into it (`https://user:pw@pbx/`)
/// are taken out, so the stored URL (shown by `Debug` and in errors) never
/// holds a password, and returned as Basic auth.
fn parse_endpoint(endpoint: &str) -> Result<(reqwest::Url, Option<Auth>), Error> {
    let shown = redact_userinfo(endpoint);
    let mut url =
        reqwest::Url::parse(endpoint).map_err(|e| Error::Config(format!("endpoint {shown:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!("endpoint {shown:?}: only http and https are supported")));
    }
    if url.username().is_empty() && url.password().is_none() {
        return Ok((url, None));
    }
    let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    let auth = Auth::basic(decode(url.username()), decode(url.password().unwrap_or("")));
    // Cannot fail for http(s) URLs, which always have a host.
    let stripped = url.set_username("").is_ok() && url.set_password(None).is_ok();
    if !stripped {
        return Err(Error::Config(format!("endpoint {shown:?}: cannot remove the credentials from it")));
    }
    Ok((url, Some(auth)))
}

/// `scheme://***@host/...` for an endpoint that carries credentials, for
/// error messages about a URL that may not even parse.
fn redact_userinfo(endpoint: &str) -> String {
    let Some((scheme, rest)) = endpoint.split_once("://") else { return endpoint.to_owned() };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]),
        None => endpoint.to_owned(),
    }
}

/// Configures a [`SoapClient`]; see [`SoapClient::builder`].
pub struct SoapClientBuilder {
    endpoint: String,
    auth: Option<Auth>,
    timeout: Duration,
    connect_timeout: Duration,
    accept_invalid_certs: bool,
    decode: DecodeOptions,
    max_response_bytes: usize,
    user_agent: String,
    pool_idle_timeout: Option<Duration>,
    soap_version: Option<SoapVersion>,
    security: Option<WsSecurity>,
    extra_headers: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    cookie_store: bool,
    history: Option<ExchangeHistory>,
}

impl std::fmt::Debug for SoapClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoapClientBuilder")
            .field("endpoint", &redact_userinfo(&self.endpoint))
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .field("decode", &self.decode)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent", &self.user_agent)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("soap_version", &self.soap_version)
            .field("security", &self.security)
            // Extra headers and cookies may carry tokens: names only.
            .field("extra_headers", &self.extra_headers.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .field("cookies", &self.cookies.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .field("cookie_store", &self.cookie_store)
            .field("history", &self.history.is_some())
            .finish()
    }
}

impl SoapClientBuilder {
    /// HTTP Basic authentication on every request.
    pub fn basic_auth(self, user: impl Into<String>, password: impl Into<super::auth::Secret>) -> Self {
        self.auth(Auth::basic(user, password))
    }

    /// HTTP Digest authentication: the server's challenge is answered and
    /// reused for later requests (see [`Auth::Digest`]).
    pub fn digest_auth(self, user: impl Into<String>, password: impl Into<super::auth::Secret>) -> Self {
        self.auth(Auth::digest(user, password))
    }

    /// Any supported authentication.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Limit on a whole call, from connecting to the last byte of the
    /// answer (default 30 s). A call that takes longer fails with
    /// [`Error::Timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Limit on establishing the connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Accepts any server certificate: self-signed, expired, for another
    /// host. PBXs usually ship a self-signed certificate; prefer adding it
    /// as a trusted root where you can. Off by default.
    pub fn accept_invalid_certs(mut self, accept: bool) -> Self {
        self.accept_invalid_certs = accept;
        self
    }

    /// What to do with response elements the WSDL does not declare
    /// (default: an error).
    pub fn unknown_elements(mut self, policy: super::UnknownElements) -> Self {
        self.decode.unknown = policy;
        self
    }

    /// Whether an `xsi:nil` value the WSDL does not declare nillable is an
    /// error (the default) or read as empty (see [`super::NilValues`]).
    pub fn nil_values(mut self, policy: super::NilValues) -> Self {
        self.decode.nil_values = policy;
        self
    }

    /// Decoding limits and policies at once.
    pub fn decode_options(mut self, options: DecodeOptions) -> Self {
        self.decode = options;
        self
    }

    /// Largest response body accepted (default 64 MiB); larger ones fail
    /// with [`Error::TooLarge`] without being read to the end.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The `User-Agent` header (default `pbx-soap/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// How long an idle pooled connection is kept open; `None` (the
    /// default) keeps it until the server closes it.
    ///
    /// The default matters for innovaphone PBXs, which end a SOAP session
    /// shortly after its last HTTP connection closes: a pool that dropped
    /// idle connections (reqwest's own default is 90 s) would end sessions
    /// of applications that are quiet for a while.
    pub fn pool_idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// Sends every request in SOAP `version`, whatever the operations'
    /// binding says: for a service bound to both SOAP 1.1 and 1.2 (the
    /// generated client uses the 1.1 binding and says when a 1.2 one exists),
    /// or to talk 1.1 to a server whose WSDL claims 1.2 only.
    pub fn soap_version(mut self, version: SoapVersion) -> Self {
        self.soap_version = Some(version);
        self
    }

    /// A WS-Security header on every request (UsernameToken, optionally
    /// with a Timestamp), written before any other header block. Its
    /// password never appears in `Debug` output or logs.
    pub fn ws_security(mut self, security: WsSecurity) -> Self {
        self.security = Some(security);
        self
    }

    /// An extra HTTP header on every request (an API key, a tenant or
    /// routing header). Values are not shown by `Debug`.
    pub fn http_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_headers.push((name.into(), value.into()));
        self
    }

    /// A cookie sent with every request to the endpoint's host (all
    /// paths); turns the cookie store on (see [`Self::cookie_store`]).
    pub fn cookie(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.cookies.push((name.into(), value.into()));
        self.cookie_store = true;
        self
    }

    /// Keeps the cookies servers set and sends them back (off by default).
    /// Cisco AXL answers the first authenticated call with a session
    /// cookie (`JSESSIONIDSSO`) that spares later calls the
    /// re-authentication. Shared by clones and `with_endpoint` siblings.
    pub fn cookie_store(mut self, on: bool) -> Self {
        self.cookie_store = on;
        self
    }

    /// Records every exchange of this client (and its clones) in
    /// `history`, secrets redacted (see [`ExchangeHistory`]).
    pub fn history(mut self, history: ExchangeHistory) -> Self {
        self.history = Some(history);
        self
    }

    /// Builds the client and its connection pool.
    pub fn build(self) -> Result<SoapClient, Error> {
        let (endpoint, url_auth) = parse_endpoint(&self.endpoint)?;
        let auth = match (self.auth, url_auth) {
            (Some(_), Some(_)) => {
                return Err(Error::Config(format!(
                    "endpoint {:?}: credentials both in the URL and set on the builder",
                    redact_userinfo(&self.endpoint)
                )));
            }
            (auth, url_auth) => auth.or(url_auth),
        };
        let user_agent = HeaderValue::try_from(self.user_agent)
            .map_err(|_| Error::Config("the user agent is not a valid header value".into()))?;
        let mut extra_headers = reqwest::header::HeaderMap::new();
        for (name, value) in &self.extra_headers {
            let bad =
                || Error::Config(format!("extra HTTP header {name:?}: not a valid header name and value"));
            let name = reqwest::header::HeaderName::try_from(name.as_str()).map_err(|_| bad())?;
            let mut value = HeaderValue::try_from(value.as_str()).map_err(|_| bad())?;
            value.set_sensitive(true);
            extra_headers.append(name, value);
        }
        let cookies = self.cookie_store.then(|| Arc::new(reqwest::cookie::Jar::default()));
        if let Some(jar) = &cookies {
            for (name, value) in &self.cookies {
                if name.is_empty() || name.contains(['=', ';', ' ']) || value.contains([';', '\r', '\n']) {
                    return Err(Error::Config(format!("cookie {name:?}: not a valid cookie name and value")));
                }
                jar.add_cookie_str(&format!("{name}={value}; Path=/"), &endpoint);
            }
        }
        let mut http = reqwest::Client::builder();
        if let Some(jar) = &cookies {
            http = http.cookie_provider(Arc::clone(jar));
        }
        let http = http
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .tls_danger_accept_invalid_certs(self.accept_invalid_certs)
            // A redirected POST turns into a GET; a SOAP endpoint that
            // redirects is misconfigured, so the 3xx is reported instead.
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(self.pool_idle_timeout)
            .tcp_keepalive(TCP_KEEPALIVE)
            .default_headers([(USER_AGENT, user_agent)].into_iter().collect())
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        let shared = Shared {
            http,
            auth: auth.map(Authenticator::new),
            decode: self.decode,
            max_response_bytes: self.max_response_bytes,
            timeout: self.timeout,
            soap_version: self.soap_version,
            security: self.security,
            extra_headers,
            cookies,
            history: self.history,
        };
        Ok(SoapClient { endpoint: Arc::new(endpoint), shared: Arc::new(shared) })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn html_and_text_are_not_xml() {
        assert!(looks_like_xml(b"  <?xml version=\"1.0\"?><a/>"));
        assert!(looks_like_xml(b"\xEF\xBB\xBF<soapenv:Envelope/>"));
        assert!(!looks_like_xml(b"<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\"><html>"));
        assert!(!looks_like_xml(b"<HTML><body>502 Bad Gateway</body></HTML>"));
        assert!(!looks_like_xml(b"Service Unavailable"));
        assert!(!looks_like_xml(b""));
    }

    #[test]
    fn snippets_are_short_and_marked_when_cut() {
        assert_eq!(snippet(b"  short  "), "short");
        let long = "x".repeat(1000);
        let s = snippet(long.as_bytes());
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 1);
        assert!(s.ends_with('…'));
    }

    #[test]
    fn the_body_buffer_never_grows_beyond_its_limit() {
        // An endless body of 16 KiB chunks against a limit that is no power
        // of two: the capacity follows the data, stops at the limit, and
        // the chunk that would pass it is refused.
        let limit = 3 * 1024 * 1024 + 5;
        let mut body = BodyBuffer::new(limit, None);
        let chunk = vec![b'x'; 16 * 1024];
        let mut pushed = 0;
        while body.push(&chunk).is_ok() {
            pushed += chunk.len();
            assert!(body.bytes.capacity() <= limit, "capacity {} at {pushed}", body.bytes.capacity());
            assert!(body.bytes.capacity() < 2 * pushed.max(BodyBuffer::INITIAL));
        }
        assert_eq!(body.bytes.len(), pushed);
        assert!(limit - pushed < chunk.len());
        // The last bytes up to the limit itself are accepted.
        assert!(body.push(&chunk[..limit - pushed]).is_ok());
        assert_eq!(body.bytes.capacity(), limit);
        assert!(body.push(b"y").is_err());
        // A declared length sizes the buffer once, within the limit.
        assert_eq!(BodyBuffer::new(limit, Some(100)).bytes.capacity(), 100);
        assert_eq!(BodyBuffer::new(limit, Some(u64::MAX)).bytes.capacity(), limit);
    }

    #[test]
    fn endpoints_must_be_http_urls() {
        assert!(matches!(parse_endpoint("not a url"), Err(Error::Config(_))));
        assert!(matches!(parse_endpoint("ftp://pbx/x"), Err(Error::Config(_))));
        assert!(parse_endpoint("https://pbx.example.com:8443/sipxconfig/services/UserService").is_ok());
    }

    #[test]
    fn credentials_in_the_endpoint_become_basic_auth_and_leave_the_url() {
        let (url, auth) = parse_endpoint("https://ad%40min:p%C3%A4ss%3Aw@pbx:8443/PBX0/user.soap").unwrap();
        assert_eq!(url.as_str(), "https://pbx:8443/PBX0/user.soap");
        assert_eq!(auth, Some(Auth::basic("ad@min", "päss:w")));
        assert_eq!(redact_userinfo("http://u:secret@host/a@b"), "http://***@host/a@b");
        assert_eq!(redact_userinfo("no url at all"), "no url at all");
        let err = SoapClient::builder("http://u:secret@host/x").basic_auth("v", "w").build().unwrap_err();
        assert!(matches!(&err, Error::Config(m) if !m.contains("secret")), "{err:?}");
        let bad = SoapClient::builder("http://u:secret@[::1/x").build().unwrap_err();
        assert!(!format!("{bad:?} {bad}").contains("secret"), "{bad:?}");
        let client = SoapClient::builder("http://u:secret@host/x").build().unwrap();
        assert!(!format!("{client:?}").contains("secret"));
        let err = client.with_endpoint("http://u:secret@host/y").unwrap_err();
        assert!(!format!("{err:?}").contains("secret"), "{err:?}");
        let builder = SoapClient::builder("http://u:secret@host/x");
        assert!(!format!("{builder:?}").contains("secret"));
    }

    #[test]
    fn debug_output_hides_the_password() {
        let client = SoapClient::builder("https://pbx/x").basic_auth("admin", "s3cr3t-pw").build();
        let shown = format!("{client:?}");
        assert!(!shown.contains("s3cr3t-pw"), "{shown}");
        let builder = SoapClient::builder("https://pbx/x").basic_auth("admin", "s3cr3t-pw");
        let shown = format!("{builder:?}");
        assert!(!shown.contains("s3cr3t-pw"), "{shown}");
    }
}
