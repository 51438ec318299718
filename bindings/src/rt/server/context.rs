//! What a service method may want to know about the request it answers:
//! who sent it, over which connection, in which SOAP version, as which
//! authenticated user. Set for the duration of each call (a tokio
//! task-local), read with [`context`].

use std::future::Future;
use std::net::SocketAddr;

use tokio::sync::watch;

use super::super::SoapVersion;

tokio::task_local! {
    pub(crate) static CONTEXT: RequestContext;
}

/// The request a service method is answering; see [`context`].
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub(crate) remote: SocketAddr,
    pub(crate) connection: u64,
    pub(crate) user: Option<String>,
    pub(crate) version: SoapVersion,
    pub(crate) action: Option<String>,
    pub(crate) path: String,
    pub(crate) operation: &'static str,
    pub(crate) index: usize,
    pub(crate) closed: watch::Receiver<()>,
}

impl RequestContext {
    /// The client's address.
    pub fn remote(&self) -> SocketAddr {
        self.remote
    }

    /// The HTTP connection the request came over: unique in the process,
    /// the same for every request of a keep-alive connection (an innovaphone
    /// PBX ties a session to its connection).
    pub fn connection(&self) -> u64 {
        self.connection
    }

    /// A future that completes when that connection has closed.
    pub fn connection_closed(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut closed = self.closed.clone();
        async move { while closed.changed().await.is_ok() {} }
    }

    /// The user the request authenticated as, when the server checks
    /// credentials.
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// The request's SOAP version (the answer is sent in it).
    pub fn soap_version(&self) -> SoapVersion {
        self.version
    }

    /// The SOAPAction (SOAP 1.2: the `action` parameter), if one was sent.
    pub fn soap_action(&self) -> Option<&str> {
        self.action.as_deref()
    }

    /// The path of the service called.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The operation called (its WSDL name).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The operation's index among its port's operations (which tells
    /// overloads of one name apart).
    pub fn operation_index(&self) -> usize {
        self.index
    }
}

/// The request being answered, inside a service method (and the tasks it
/// awaits directly); `None` elsewhere.
pub fn context() -> Option<RequestContext> {
    CONTEXT.try_with(Clone::clone).ok()
}
