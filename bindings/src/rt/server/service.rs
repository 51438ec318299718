//! One served port: the static description the generator emits
//! ([`Port`]), the user's implementation behind the generated dispatch
//! function ([`Service`]), routing a request to its operation, and the
//! small generic pieces the generated dispatch calls ([`Call`],
//! [`respond`], [`ToHeaders`], [`read_header`], [`write_header`]).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::super::headers::{FromHeaders, Header, HeaderWriter, WithHeaders};
use super::super::read::{DecodeError, DecodeOptions, FromXml, StartTag, XmlReader};
use super::super::slots::duplicate;
use super::super::write::ToXml;
use super::super::{Name, Operation, SoapVersion};
use super::SoapFault;
use super::envelope::{ErasedBody, Peek, read_request};

/// What the generator knows of one `wsdl:port`, emitted as a `static`.
#[derive(Debug)]
pub struct Port {
    /// The port's name (for a WSDL without services, the binding's).
    pub name: &'static str,
    /// The `wsdl:service` holding the port (empty without one).
    pub service: &'static str,
    /// The `soap:address` the WSDL gives, if any: its path is where the
    /// service is mounted by default.
    pub address: Option<&'static str>,
    /// The WSDL document the port comes from, served at `?wsdl` with its
    /// `soap:address` pointing at the server.
    pub wsdl: Option<&'static str>,
    /// The operations; a request is dispatched by its index here.
    pub operations: &'static [Operation],
}

impl Port {
    /// The path a service of this port is mounted at by default: the path
    /// of its `soap:address`, else `/<port name>`.
    pub fn default_path(&self) -> String {
        let from_address = self.address.and_then(|a| url::Url::parse(a).ok()).map(|u| u.path().to_owned());
        match from_address {
            Some(path) if !path.is_empty() => path,
            _ => format!("/{}", self.name),
        }
    }
}

/// A running operation: the boxed future of one service method call,
/// ending in the reply to encode.
pub type Handler = Pin<Box<dyn Future<Output = Result<Reply, SoapFault>> + Send + 'static>>;

/// The typed answer of an operation, encoded by the runtime in the
/// request's SOAP version.
pub struct Reply {
    pub(crate) body: Box<dyn ErasedBody>,
    pub(crate) headers: Box<dyn ToHeaders + Send>,
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reply(..)")
    }
}

/// Boxes a service method's future into a [`Handler`]. Called by
/// generated dispatch code.
pub fn respond<R, H, F>(future: F) -> Handler
where
    R: ToXml + Send + 'static,
    H: ToHeaders + Send + 'static,
    F: Future<Output = Result<WithHeaders<R, H>, SoapFault>> + Send + 'static,
{
    Box::pin(async move {
        let out = future.await?;
        Ok(Reply { body: Box::new(out.body), headers: Box::new(out.headers) })
    })
}

/// The header blocks of a reply: generated `<Op>OutputHeaders` structs
/// implement it; `()` writes none.
pub trait ToHeaders {
    fn write_headers(&self, h: &mut HeaderWriter<'_>);
}

impl ToHeaders for () {
    fn write_headers(&self, _: &mut HeaderWriter<'_>) {}
}

/// Writes a reply header block, if it is set. Called by generated code.
pub fn write_header<T: ToXml>(h: &mut HeaderWriter<'_>, name: Name, value: &Option<T>) {
    if let Some(v) = value {
        v.to_xml(h.raw(), name);
    }
}

/// Reads a request header block into its slot, with its `mustUnderstand`
/// flag. Called by generated `FromHeaders` impls of the header structs.
pub fn read_header<'a, T: FromXml>(
    r: &mut XmlReader<'a>,
    slot: &mut Option<Header<T>>,
    el: &StartTag<'a>,
) -> Result<(), DecodeError> {
    if slot.is_some() {
        return Err(duplicate(el));
    }
    let must_understand = flagged(r, el);
    let mut value = None;
    r.set(&mut value, el)?;
    if let Some(value) = value {
        *slot = Some(Header { value, must_understand });
    }
    Ok(())
}

/// Whether `el` carries `mustUnderstand="1"`/`"true"` in either envelope
/// namespace.
fn flagged(r: &XmlReader<'_>, el: &StartTag<'_>) -> bool {
    el.raw_attributes().flatten().any(|a| {
        let key = a.key;
        key.rsplit_once(':').is_some_and(|(_, l)| l == "mustUnderstand")
            && r.resolve_prefix_of(key).as_deref().and_then(SoapVersion::of_namespace).is_some()
            && matches!(a.value.trim(), "1" | "true")
    })
}

/// Both header structs of an operation that has client-level and per-call
/// blocks.
impl<A: FromHeaders, B: FromHeaders> FromHeaders for (A, B) {
    fn read_header<'a>(&mut self, r: &mut XmlReader<'a>, el: &StartTag<'a>) -> Result<bool, DecodeError> {
        Ok(self.0.read_header(r, el)? || self.1.read_header(r, el)?)
    }
}

/// A request on its way to an operation: the generated dispatch decodes
/// its body and header blocks with [`Call::decode`].
#[derive(Debug)]
pub struct Call<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) op: &'static Operation,
    pub(crate) opts: &'a DecodeOptions,
}

impl Call<'_> {
    /// The request's body element as `T` and its header blocks as `H`; an
    /// error is the `Client` fault to answer.
    pub fn decode<T: FromXml, H: FromHeaders>(&self) -> Result<(T, H), SoapFault> {
        read_request(self.bytes, self.op, self.opts)
    }

    /// The operation being called.
    pub fn operation(&self) -> &'static Operation {
        self.op
    }
}

/// The generated dispatch function of a port: decodes the request of the
/// operation at an index and starts the implementation's method.
pub type Dispatch<S> = fn(&Arc<S>, usize, &Call<'_>) -> Result<Handler, SoapFault>;

type ErasedDispatch = dyn Fn(usize, &Call<'_>) -> Result<Handler, SoapFault> + Send + Sync;

/// An implementation of a port's trait, ready to be mounted on a
/// [`Server`](super::Server). Made by the generated trait's
/// `into_service`.
#[derive(Clone)]
pub struct Service {
    pub(crate) port: &'static Port,
    pub(crate) path: String,
    pub(crate) dispatch: Arc<ErasedDispatch>,
    pub(crate) routes: Arc<Routes>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service").field("port", &self.port.name).field("path", &self.path).finish()
    }
}

impl Service {
    /// `implementation` served as `port` through the generated `dispatch`.
    pub fn new<S: Send + Sync + 'static>(
        implementation: S,
        port: &'static Port,
        dispatch: Dispatch<S>,
    ) -> Self {
        let imp = Arc::new(implementation);
        Service {
            port,
            path: port.default_path(),
            dispatch: Arc::new(move |index, call| dispatch(&imp, index, call)),
            routes: Arc::new(Routes::of(port)),
        }
    }

    /// Mounts the service at `path` instead of its `soap:address` path.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        self.path = if path.starts_with('/') { path } else { format!("/{path}") };
        self
    }

    /// The path the service is mounted at.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The port it serves.
    pub fn port(&self) -> &'static Port {
        self.port
    }
}

/// Which operations a body element (or an empty body) may be.
#[derive(Debug, Default)]
pub(crate) struct Routes {
    by_body: HashMap<(Option<&'static str>, &'static str), Vec<usize>>,
    by_local: HashMap<&'static str, Vec<usize>>,
    empty: Vec<usize>,
    /// Whether any operation is SOAP-encoded (its requests may carry
    /// `href` multi-references).
    pub encoded: bool,
}

impl Routes {
    fn of(port: &Port) -> Self {
        let mut routes = Routes::default();
        for (i, op) in port.operations.iter().enumerate() {
            routes.encoded |= op.encoded;
            match op.input {
                Some(name) => {
                    routes.by_body.entry((name.ns, name.local)).or_default().push(i);
                    routes.by_local.entry(name.local).or_default().push(i);
                }
                None => routes.empty.push(i),
            }
        }
        routes
    }

    /// The operations a request may be, in WSDL order: those taking its
    /// body element (or an empty body), narrowed by its SOAPAction when that
    /// names one of them. Several may remain (overloads told apart by their
    /// parts only); the caller tries each.
    pub(crate) fn candidates(
        &self,
        port: &Port,
        peek: &Peek,
        action: Option<&str>,
    ) -> Result<Vec<usize>, SoapFault> {
        let found: &[usize] = match &peek.body {
            None => &self.empty,
            Some((ns, local)) => {
                // The map's `'static` keys, read as shorter-lived ones.
                let by_body: &HashMap<(Option<&str>, &str), Vec<usize>> = &self.by_body;
                match by_body.get(&(ns.as_deref(), local.as_str())) {
                    Some(ops) => ops,
                    None => match self.named_empty(port, local, peek.first_is_empty) {
                        Some(i) => return Ok(vec![i]),
                        None => return Err(self.unknown(port, ns.as_deref(), local)),
                    },
                }
            }
        };
        if found.is_empty() {
            return Err(SoapFault::client(format!(
                "port {} has no operation that takes an empty Body",
                port.name
            )));
        }
        let action = action.map(|a| a.trim_matches('"')).filter(|a| !a.is_empty());
        let Some(action) = action else { return Ok(found.to_vec()) };
        let ops = port.operations;
        let matching: Vec<usize> = found.iter().copied().filter(|&i| ops[i].soap_action == action).collect();
        if !matching.is_empty() {
            return Ok(matching);
        }
        // An action the operations do not declare: accepted where they
        // declare none (any value then names the endpoint), refused where
        // they do, since it asks for another operation.
        let declared: Vec<&str> =
            found.iter().map(|&i| ops[i].soap_action).filter(|a| !a.is_empty()).collect();
        if declared.is_empty() {
            return Ok(found.to_vec());
        }
        Err(SoapFault::client(format!(
            "SOAPAction {action:?} does not match operation {} (its SOAPAction is {:?})",
            ops[found[0]].name, declared[0]
        )))
    }

    /// An operation without input parts called with an empty element named
    /// after it, as Apache Axis's document/literal clients send one.
    fn named_empty(&self, port: &Port, local: &str, empty: bool) -> Option<usize> {
        let mut named = self.empty.iter().copied().filter(|&i| port.operations[i].name == local);
        match (empty, named.next(), named.next()) {
            (true, Some(i), None) => Some(i),
            _ => None,
        }
    }

    fn unknown(&self, port: &Port, ns: Option<&str>, local: &str) -> SoapFault {
        let shown = match ns {
            Some(ns) => format!("{{{ns}}}{local}"),
            None => format!("{local} (no namespace)"),
        };
        let hint = match self.by_local.get(local).and_then(|ops| ops.first()) {
            Some(&i) => match port.operations[i].input {
                Some(expected) => format!("; operation {} takes {expected}", port.operations[i].name),
                None => String::new(),
            },
            None => String::new(),
        };
        SoapFault::client(format!("port {} has no operation for body element {shown}{hint}", port.name))
    }
}
