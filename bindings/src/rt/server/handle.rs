//! One HTTP request, start to end: the service its path names, `?wsdl`,
//! the method, credentials, content type, body size and time limits, the
//! envelope, the operation (body element, then SOAPAction), decoding, the
//! implementation's method (in a task of its own, so a panic becomes a
//! `Server` fault and the server keeps serving) and the encoded answer.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{
    ALLOW, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderValue, WWW_AUTHENTICATE,
};
use hyper::{Method, Request, Response, StatusCode};
use tracing::Instrument as _;

use super::super::SoapVersion;
use super::SoapFault;
use super::context::{CONTEXT, RequestContext};
use super::envelope::{peek, write_reply};
use super::route::TextRoute;
use super::serve::{Connection, State};
use super::service::{Call, Service};

type Answer = Response<Full<Bytes>>;

pub(crate) async fn handle(
    state: Arc<State>,
    conn: Arc<Connection>,
    req: Request<Incoming>,
) -> Result<Answer, Infallible> {
    let span = tracing::debug_span!(
        "soap_request",
        method = %req.method(),
        path = %req.uri().path(),
        operation = tracing::field::Empty,
        status = tracing::field::Empty,
    );
    let answer = process(&state, &conn, req).instrument(span.clone()).await;
    span.record("status", answer.status().as_u16());
    tracing::debug!(parent: &span, status = answer.status().as_u16(), "answered");
    Ok(answer)
}

async fn process(state: &State, conn: &Connection, req: Request<Incoming>) -> Answer {
    let path = req.uri().path().to_owned();
    if let Some(route) = state.text_routes.get(&path) {
        return text_route(state, route, &req);
    }
    let Some(service) = state.services.get(&path) else {
        let mut paths: Vec<&String> = state.services.keys().collect();
        paths.sort();
        return text(StatusCode::NOT_FOUND, format!("no SOAP service at {path}; services: {paths:?}\n"));
    };
    let method = req.method().clone();
    if method == Method::GET || method == Method::HEAD {
        if req.uri().query().is_some_and(|q| q.eq_ignore_ascii_case("wsdl")) {
            return wsdl(state, service, &req);
        }
        let message = format!("{path} takes SOAP requests by POST; its WSDL is at {path}?wsdl\n");
        return with_allow(text(StatusCode::METHOD_NOT_ALLOWED, message));
    }
    if method != Method::POST {
        return with_allow(text(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{path} takes SOAP requests by POST\n"),
        ));
    }
    let user = match &state.auth {
        None => None,
        Some(auth) => {
            let uri = req.uri().path_and_query().map_or(path.as_str(), |p| p.as_str());
            let given = req.headers().get(AUTHORIZATION).and_then(|v| v.to_str().ok());
            match auth.check(method.as_str(), uri, given) {
                Ok(user) => Some(user),
                Err(challenges) => return unauthorized(&challenges),
            }
        }
    };
    let (declared, action) = match soap_of(&req) {
        Ok(found) => found,
        Err(fault) => return fault_answer(&fault, SoapVersion::Soap11, StatusCode::UNSUPPORTED_MEDIA_TYPE),
    };
    let bytes = match read_body(state, req).await {
        Ok(bytes) => bytes,
        Err(answer) => return answer,
    };
    let call = Request_ { service, declared, action, user, conn };
    call.run(state, &bytes).await
}

/// The parts of a SOAP request that outlive its HTTP head.
struct Request_<'a> {
    service: &'a Service,
    /// The SOAP version the content type says, if it says one.
    declared: Option<SoapVersion>,
    action: Option<String>,
    user: Option<String>,
    conn: &'a Connection,
}

impl Request_<'_> {
    async fn run(self, state: &State, bytes: &[u8]) -> Answer {
        let opts = &state.limits.decode;
        let fallback = self.declared.unwrap_or_default();
        let peeked = match peek(bytes, opts) {
            Ok(p) => p,
            Err(fault) => return fault_answer(&fault, fallback, StatusCode::INTERNAL_SERVER_ERROR),
        };
        let version = peeked.version;
        if let Some(declared) = self.declared.filter(|d| *d != version) {
            let fault = SoapFault::version_mismatch(format!(
                "the content type says SOAP {} but the envelope is SOAP {}",
                label(declared),
                label(version)
            ));
            return fault_answer(&fault, declared, StatusCode::INTERNAL_SERVER_ERROR);
        }
        let service = self.service;
        let port = service.port;
        let candidates = match service.routes.candidates(port, &peeked, self.action.as_deref()) {
            Ok(c) => c,
            Err(fault) => return fault_answer(&fault, version, StatusCode::INTERNAL_SERVER_ERROR),
        };
        let encoded = candidates.iter().any(|&i| port.operations[i].encoded);
        if encoded && version == SoapVersion::Soap12 {
            let fault = SoapFault::client("rpc/encoded operations cannot be called over SOAP 1.2");
            return fault_answer(&fault, version, StatusCode::INTERNAL_SERVER_ERROR);
        }
        // Only SOAP encoding has multi-references (`href`/`id`).
        let inlined = if encoded {
            match super::super::multiref::inline(bytes, opts.max_depth) {
                Ok(b) => b,
                Err(e) => {
                    let fault = SoapFault::client(format!("the request's multi-references: {e}"));
                    return fault_answer(&fault, version, StatusCode::INTERNAL_SERVER_ERROR);
                }
            }
        } else {
            std::borrow::Cow::Borrowed(bytes)
        };
        // Overloads that share a body element are told apart by decoding:
        // the first whose parts the request holds is called.
        let mut first_error = None;
        let mut chosen = None;
        for &i in &candidates {
            let op = &port.operations[i];
            let call = Call { bytes: &inlined, op, opts };
            match (service.dispatch)(i, &call) {
                Ok(handler) => {
                    chosen = Some((i, op, handler));
                    break;
                }
                Err(fault) => {
                    first_error.get_or_insert(fault);
                }
            }
        }
        let Some((index, op, handler)) = chosen else {
            let fault = first_error.unwrap_or_else(|| SoapFault::client("no operation matches the request"));
            return fault_answer(&fault, version, StatusCode::INTERNAL_SERVER_ERROR);
        };
        tracing::Span::current().record("operation", op.name);
        let context = RequestContext {
            remote: self.conn.remote,
            connection: self.conn.id,
            user: self.user,
            version,
            action: self.action,
            path: service.path.clone(),
            operation: op.name,
            index,
            closed: self.conn.closed.clone(),
        };
        // A task of its own: a panic in the implementation ends that task
        // only. Aborted if the connection goes (the guard drops).
        let mut task = AbortOnDrop(tokio::spawn(CONTEXT.scope(context, handler).in_current_span()));
        let result = match (&mut task.0).await {
            Ok(result) => result,
            Err(e) if e.is_panic() => {
                tracing::error!(operation = op.name, "the service's method panicked");
                Err(SoapFault::server(format!("operation {} failed: the service panicked", op.name)))
            }
            Err(_) => Err(SoapFault::server(format!("operation {} was cancelled", op.name))),
        };
        match result {
            Ok(reply) => match write_reply(op, version, &*reply.body, &*reply.headers) {
                Ok(xml) => soap(StatusCode::OK, version, xml),
                Err(e) => {
                    let fault = SoapFault::server(format!("cannot encode the answer: {e}"));
                    fault_answer(&fault, version, StatusCode::INTERNAL_SERVER_ERROR)
                }
            },
            Err(fault) => {
                let status = status_of(&fault, version);
                fault_answer(&fault, version, status)
            }
        }
    }
}

/// Aborts a spawned task when dropped.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn label(v: SoapVersion) -> &'static str {
    match v {
        SoapVersion::Soap11 => "1.1",
        SoapVersion::Soap12 => "1.2",
    }
}

/// The SOAP version the content type names and the action: SOAP 1.1's
/// `SOAPAction` header or SOAP 1.2's `action` parameter. A content type
/// that is neither SOAP's is refused; none at all is taken as either.
fn soap_of(req: &Request<Incoming>) -> Result<(Option<SoapVersion>, Option<String>), SoapFault> {
    let header_action = req.headers().get("SOAPAction").and_then(|v| v.to_str().ok()).map(unquote);
    let Some(ct) = req.headers().get(CONTENT_TYPE) else { return Ok((None, header_action)) };
    let ct = ct.to_str().unwrap_or("");
    let mut params = ct.split(';');
    let media = params.next().unwrap_or("").trim().to_ascii_lowercase();
    match media.as_str() {
        "text/xml" => Ok((Some(SoapVersion::Soap11), header_action)),
        "application/soap+xml" => {
            let action = params
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("action"))
                .map(|(_, v)| unquote(v));
            Ok((Some(SoapVersion::Soap12), action.or(header_action)))
        }
        _ => Err(SoapFault::client(format!(
            "content type {ct:?} is not SOAP's (text/xml for SOAP 1.1, application/soap+xml for SOAP 1.2)"
        ))),
    }
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v);
    v.replace("\\\"", "\"").replace("\\\\", "\\")
}

/// The body, within the size and time limits.
async fn read_body(state: &State, req: Request<Incoming>) -> Result<Bytes, Answer> {
    let limit = state.limits.max_request_bytes;
    let too_large = || {
        let fault = SoapFault::client(format!("the request exceeds the {limit}-byte limit"));
        fault_answer(&fault, SoapVersion::Soap11, StatusCode::PAYLOAD_TOO_LARGE)
    };
    let declared = req.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let body = Limited::new(req.into_body(), limit);
    match tokio::time::timeout(state.limits.request_timeout, body.collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(e)) => Err(text(StatusCode::BAD_REQUEST, format!("the request body broke off: {e}\n"))),
        Err(_) => Err(text(
            StatusCode::REQUEST_TIMEOUT,
            format!("the request body did not arrive within {:?}\n", state.limits.request_timeout),
        )),
    }
}

/// The WSDL of `service`'s port, its addresses pointing at this server.
fn wsdl(state: &State, service: &Service, req: &Request<Incoming>) -> Answer {
    let Some(document) = service.port.wsdl else {
        return text(
            StatusCode::NOT_FOUND,
            format!("the WSDL of port {} is not built in\n", service.port.name),
        );
    };
    let base = base_url(state, req);
    let mut urls = super::wsdl::Urls::default();
    let mut paths: Vec<(&String, &Service)> = state.services.iter().collect();
    paths.sort_by_key(|(path, _)| *path);
    for (path, other) in paths {
        urls.ports.entry(other.port.name).or_insert_with(|| format!("{base}{path}"));
        urls.services.entry(other.port.service).or_insert_with(|| format!("{base}{path}"));
    }
    let own = format!("{base}{}", service.path);
    urls.ports.insert(service.port.name, own.clone());
    urls.services.insert(service.port.service, own);
    match super::wsdl::rewrite(document, &urls) {
        Ok(text) => {
            let mut answer = Response::new(Full::new(Bytes::from(text)));
            answer.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/xml; charset=utf-8"));
            answer
        }
        Err(e) => text(StatusCode::INTERNAL_SERVER_ERROR, format!("the built-in WSDL does not parse: {e}\n")),
    }
}

/// `http://host:port` as the client reached the server (its `Host`
/// header, when it is a plain host name or address), else the bound
/// address.
fn base_url(state: &State, req: &Request<Incoming>) -> String {
    let host = req.headers().get(HOST).and_then(|v| v.to_str().ok()).filter(|h| {
        !h.is_empty()
            && h.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    });
    match host {
        Some(host) => format!("http://{host}"),
        None => format!("http://{}", state.local_addr),
    }
}

/// A fault's HTTP status: SOAP 1.1 sends every fault with 500; SOAP 1.2
/// sends `Sender` faults with 400.
fn status_of(fault: &SoapFault, version: SoapVersion) -> StatusCode {
    let code = fault.fault().code.rsplit_once(':').map_or(fault.fault().code.as_str(), |(_, l)| l);
    if version == SoapVersion::Soap12 && (code.starts_with("Client") || code.starts_with("Sender")) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    }
}

fn fault_answer(fault: &SoapFault, version: SoapVersion, status: StatusCode) -> Answer {
    tracing::debug!(fault = %fault, "answering with a fault");
    let status = if status == StatusCode::INTERNAL_SERVER_ERROR { status_of(fault, version) } else { status };
    soap(status, version, fault.envelope(version))
}

fn soap(status: StatusCode, version: SoapVersion, body: Vec<u8>) -> Answer {
    let mut answer = Response::new(Full::new(Bytes::from(body)));
    *answer.status_mut() = status;
    let ct = match version {
        SoapVersion::Soap11 => "text/xml; charset=utf-8",
        SoapVersion::Soap12 => "application/soap+xml; charset=utf-8",
    };
    answer.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    answer
}

fn text(status: StatusCode, message: String) -> Answer {
    let mut answer = Response::new(Full::new(Bytes::from(message)));
    *answer.status_mut() = status;
    answer.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    answer
}

/// A plain-HTTP GET route (`route.rs`): credentials as for SOAP, then the
/// handler's text.
fn text_route(state: &State, route: &TextRoute, req: &Request<Incoming>) -> Answer {
    if req.method() != Method::GET {
        let mut answer = text(StatusCode::METHOD_NOT_ALLOWED, format!("{} takes GET\n", req.uri().path()));
        answer.headers_mut().insert(ALLOW, HeaderValue::from_static("GET"));
        return answer;
    }
    if let Some(auth) = &state.auth {
        let uri = req.uri().path_and_query().map_or(req.uri().path(), |p| p.as_str());
        let given = req.headers().get(AUTHORIZATION).and_then(|v| v.to_str().ok());
        if let Err(challenges) = auth.check(req.method().as_str(), uri, given) {
            return unauthorized(&challenges);
        }
    }
    text(StatusCode::OK, (route.0)(req.uri().query().unwrap_or("")))
}

fn with_allow(mut answer: Answer) -> Answer {
    answer.headers_mut().insert(ALLOW, HeaderValue::from_static("POST"));
    answer
}

fn unauthorized(challenges: &[String]) -> Answer {
    let mut answer = text(StatusCode::UNAUTHORIZED, "authentication required\n".to_owned());
    for c in challenges {
        if let Ok(value) = HeaderValue::try_from(c.as_str()) {
            answer.headers_mut().append(WWW_AUTHENTICATE, value);
        }
    }
    answer
}
