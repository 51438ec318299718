//! Building, binding, running and stopping a server: the accept loop on a
//! tokio listener, one hyper HTTP/1.1 connection task per client (with
//! keep-alive), graceful shutdown, and nothing left running once the
//! [`RunningServer`] is gone.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::Instrument as _;

use super::super::auth::Secret;
use super::super::{DecodeOptions, Error};
use super::route::{TextHandler, TextRoute};
use super::{ServerAuth, Service};

/// Default limit on a request body. Requests are small (a fax chunk of a
/// few hundred KiB is among the largest); larger ones are refused while
/// they are read, so a hostile client cannot fill the server's memory.
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;
/// Default limit on receiving a request's headers and body.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time [`RunningServer::shutdown`] lets calls in progress finish.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);

/// Entry point: `Server::builder()`.
#[derive(Debug)]
pub struct Server;

impl Server {
    /// A server without services yet, no authentication, default limits.
    pub fn builder() -> ServerBuilder {
        ServerBuilder {
            services: Vec::new(),
            text_routes: HashMap::new(),
            auth: None,
            limits: Limits {
                max_request_bytes: DEFAULT_MAX_REQUEST_BYTES,
                decode: DecodeOptions::default(),
                request_timeout: DEFAULT_REQUEST_TIMEOUT,
                shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
            },
        }
    }
}

/// The limits every request is held to.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub max_request_bytes: usize,
    pub decode: DecodeOptions,
    pub request_timeout: Duration,
    pub shutdown_timeout: Duration,
}

/// Configures a server: its services (one per port, any number, each at
/// its own path), authentication and limits; see [`Server::builder`].
#[derive(Debug)]
#[must_use]
pub struct ServerBuilder {
    services: Vec<Service>,
    text_routes: HashMap<String, TextRoute>,
    auth: Option<ServerAuth>,
    limits: Limits,
}

impl ServerBuilder {
    /// Mounts `service` at its path ([`Service::path`]: its
    /// `soap:address` path unless moved with [`Service::at`]).
    pub fn service(mut self, service: Service) -> Self {
        self.services.push(service);
        self
    }

    /// Answers `GET <path>?<query>` with the text `handler` returns for the
    /// query (see `route.rs`): a plain-HTTP URL an API has beside its SOAP
    /// service. A later route at the same path replaces an earlier one.
    pub fn text_route(mut self, path: impl Into<String>, handler: TextHandler) -> Self {
        self.text_routes.insert(path.into(), TextRoute(handler));
        self
    }

    /// Requires credentials for every SOAP request (the WSDL at `?wsdl`
    /// stays public: it describes the API and holds no data).
    pub fn auth(mut self, auth: ServerAuth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// HTTP Basic with one user.
    pub fn basic_auth(self, user: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.auth(ServerAuth::basic("pbx-soap", [(user.into(), password.into())]))
    }

    /// HTTP Digest (SHA-256 and MD5) with one user in realm `realm`.
    pub fn digest_auth(
        self,
        realm: impl Into<String>,
        user: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        self.auth(ServerAuth::digest(realm, [(user.into(), password.into())]))
    }

    /// Largest request body accepted (default 16 MiB); a larger one is
    /// answered with HTTP 413 and a `Client` fault without being read.
    pub fn max_request_bytes(mut self, limit: usize) -> Self {
        self.limits.max_request_bytes = limit;
        self
    }

    /// Decoding limits and policies of requests (nesting depth, unknown
    /// elements, nil list items); strict by default, as the client's.
    pub fn decode_options(mut self, options: DecodeOptions) -> Self {
        self.limits.decode = options;
        self
    }

    /// Limit on receiving one request, headers and body (default 30 s): a
    /// client that sends slower is cut off.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.limits.request_timeout = timeout;
        self
    }

    /// How long [`RunningServer::shutdown`] waits for calls in progress
    /// (default 10 s) before it ends them.
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.limits.shutdown_timeout = timeout;
        self
    }

    /// Binds `addr` (`"127.0.0.1:0"` picks a free port) and starts
    /// serving on the current tokio runtime.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the address cannot be bound or two services
    /// share a path.
    pub async fn bind(self, addr: impl tokio::net::ToSocketAddrs) -> Result<RunningServer, Error> {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| Error::Config(format!("cannot bind the server: {e}")))?;
        self.serve(listener)
    }

    /// Starts serving on `listener`.
    pub fn serve(self, listener: TcpListener) -> Result<RunningServer, Error> {
        let local_addr =
            listener.local_addr().map_err(|e| Error::Config(format!("the listener has no address: {e}")))?;
        let mut services = HashMap::new();
        for service in self.services {
            let path = service.path.clone();
            if let Some(other) = services.insert(path.clone(), service) {
                return Err(Error::Config(format!(
                    "two services at {path}: port {} and another; mount one elsewhere with Service::at",
                    other.port.name
                )));
            }
        }
        if let Some(path) = self.text_routes.keys().find(|p| services.contains_key(*p)) {
            return Err(Error::Config(format!("a SOAP service and a text route at {path}")));
        }
        let text_routes = self.text_routes;
        let state =
            Arc::new(State { services, text_routes, auth: self.auth, limits: self.limits, local_addr });
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&state), stopped));
        tracing::debug!(%local_addr, services = state.services.len(), "SOAP server listening");
        Ok(RunningServer { state, stop, task: Some(task) })
    }
}

/// What every request handler shares.
#[derive(Debug)]
pub(crate) struct State {
    pub services: HashMap<String, Service>,
    pub text_routes: HashMap<String, TextRoute>,
    pub auth: Option<ServerAuth>,
    pub limits: Limits,
    pub local_addr: SocketAddr,
}

/// One client connection, as request handlers see it.
#[derive(Debug)]
pub(crate) struct Connection {
    pub id: u64,
    pub remote: SocketAddr,
    /// Changes (its sender drops) when the connection ends.
    pub closed: watch::Receiver<()>,
}

/// A server that is running. Dropping it stops it at once (listener
/// closed, connections and calls in progress ended);
/// [`RunningServer::shutdown`] stops it gracefully.
#[derive(Debug)]
pub struct RunningServer {
    state: Arc<State>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningServer {
    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.state.local_addr
    }

    /// `http://<address>`, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.state.local_addr)
    }

    /// The URL of the service of port `port` (its wire name, e.g.
    /// `UserService`), if one is mounted.
    pub fn endpoint(&self, port: &str) -> Option<String> {
        let mut paths: Vec<&String> =
            self.state.services.iter().filter(|(_, s)| s.port.name == port).map(|(p, _)| p).collect();
        paths.sort();
        paths.first().map(|path| format!("{}{path}", self.url()))
    }

    /// The mounted services: (path, port), by path.
    pub fn services(&self) -> Vec<(String, &'static super::Port)> {
        let mut out: Vec<(String, &'static super::Port)> =
            self.state.services.iter().map(|(path, s)| (path.clone(), s.port)).collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// The URLs of all services, by path.
    pub fn endpoints(&self) -> Vec<String> {
        let mut urls: Vec<String> =
            self.state.services.keys().map(|p| format!("{}{p}", self.url())).collect();
        urls.sort();
        urls
    }

    /// Stops accepting connections, lets calls in progress finish (up to
    /// the shutdown timeout), closes idle connections and returns when
    /// everything has ended.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        // Aborting the accept loop drops its listener and its set of
        // connection tasks, which aborts them; each call's task is aborted
        // with its connection.
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

static CONNECTIONS: AtomicU64 = AtomicU64::new(1);

async fn accept_loop(listener: TcpListener, state: Arc<State>, mut stop: watch::Receiver<bool>) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, remote)) => {
                    let id = CONNECTIONS.fetch_add(1, Ordering::Relaxed);
                    let (closed_tx, closed) = watch::channel(());
                    let conn = Arc::new(Connection { id, remote, closed });
                    let header_timeout = state.limits.request_timeout;
                    let state = Arc::clone(&state);
                    let service = hyper::service::service_fn(move |req| {
                        super::handle::handle(Arc::clone(&state), Arc::clone(&conn), req)
                    });
                    let http = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(Some(header_timeout))
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service);
                    let watched = graceful.watch(http);
                    let span = tracing::debug_span!("soap_connection", id, %remote);
                    connections.spawn(
                        async move {
                            if let Err(e) = watched.await {
                                tracing::debug!(error = %e, "connection ended with an error");
                            }
                            drop(closed_tx);
                        }
                        .instrument(span),
                    );
                }
                // Out of file descriptors and the like: the listener is
                // fine, so wait a moment and go on.
                Err(e) => {
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    break;
                }
            }
        }
    }
    drop(listener);
    let timeout = state.limits.shutdown_timeout;
    if tokio::time::timeout(timeout, graceful.shutdown()).await.is_err() {
        tracing::debug!("calls still running after the shutdown timeout: ended");
    }
    connections.shutdown().await;
}
