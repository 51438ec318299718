//! The server side (cargo feature `server`): serve implementations of the
//! generated per-port traits over HTTP.
//!
//! # The generated trait
//!
//! Beside the client struct of each port (`UserService`, `PbxPort`,
//! `UserImpl`...) the generator emits a trait named after it with a
//! `Server` suffix (`UserServiceServer`, `PbxPortServer`,
//! `UserImplServer`), with one method per operation that mirrors the
//! client's method of the same name:
//!
//! - it takes what the client method takes (the parts of an rpc
//!   operation, the wrapper's one field or the wrapper struct of a
//!   document one) and returns `impl Future<Output = Result<R,
//!   SoapFault>> + Send`, `R` being what the client method returns; write it
//!   as an `async fn`;
//! - header blocks: an operation that declares client-level blocks gets a
//!   further parameter `client_headers: <Port>Headers`, one with per-call
//!   blocks `headers: <Op>Headers` (the structs a client sets; each block an
//!   `Option<Header<T>>` that says whether it came with `mustUnderstand`);
//!   one with output blocks returns `WithHeaders<R, <Op>OutputHeaders>`;
//! - faults: `Err(SoapFault::client(..))` (the request was wrong; SOAP 1.2
//!   `Sender`), `Err(SoapFault::server(..))` (`Receiver`), with a subcode,
//!   actor or detail added by its `with_*` methods; a declared fault detail
//!   as `Err(<Port>Fault::Variant(detail).into())`. Sent with HTTP 500
//!   (SOAP 1.2: 400 for `Sender`).
//!
//! Its provided method `into_service(self)` makes a [`Service`] of an
//! implementation (kept in an `Arc`, shared by all calls: use interior
//! mutability for state). The trait needs `Send + Sync + 'static`.
//!
//! # A server
//!
//! [`Server::builder`] takes any number of services (each mounted at the
//! path of its port's `soap:address`, or where [`Service::at`] says:
//! sipXconfig's six services on one host), optional credentials
//! ([`ServerAuth`]: Basic, or Digest with SHA-256 and MD5 and server
//! nonces) and limits; [`ServerBuilder::bind`] listens
//! (`"127.0.0.1:0"` picks a free port) and returns a [`RunningServer`],
//! whose [`RunningServer::endpoint`] gives a service's URL.
//! [`RunningServer::shutdown`] stops gracefully (calls in progress finish);
//! dropping it stops at once. Nothing keeps running after either.
//!
//! ```no_run
//! # #[cfg(all(feature = "sipxconfig", feature = "server"))]
//! # mod demo {
//! use pbx_soap::rt::server::{Server, SoapFault};
//! use pbx_soap::rt::SoapClient;
//! use pbx_soap::sipxconfig::{User, UserSearch, UserService, UserServiceServer, AddUser, ManageUser};
//!
//! struct Users;
//!
//! impl UserServiceServer for Users {
//!     async fn add_user(&self, request: AddUser) -> Result<(), SoapFault> {
//!         Err(SoapFault::client(format!("user {} exists", request.user.user_name)))
//!     }
//!     async fn find_user(&self, search: UserSearch) -> Result<Vec<User>, SoapFault> {
//!         Ok(vec![User { user_name: "200".into(), ..Default::default() }])
//!     }
//!     async fn manage_user(&self, request: ManageUser) -> Result<(), SoapFault> {
//!         Ok(())
//!     }
//! }
//!
//! # async fn demo() -> Result<(), pbx_soap::rt::Error> {
//! let server = Server::builder()
//!     .service(Users.into_service()) // at /sipxconfig/services/UserService
//!     .basic_auth("superadmin", "1234")
//!     .bind("127.0.0.1:0")
//!     .await?;
//! let url = server.endpoint("UserService").unwrap_or_default();
//! let client = UserService::new(SoapClient::builder(url).basic_auth("superadmin", "1234").build()?);
//! assert_eq!(client.find_user(UserSearch::default()).await?.len(), 1);
//! server.shutdown().await;
//! # Ok(())
//! # }
//! # }
//! ```
//!
//! # What a request goes through
//!
//! The path picks the service (404 otherwise); `GET ?wsdl` returns the
//! port's WSDL with its `soap:address` pointing at the server (public:
//! credentials are checked for SOAP requests only); other methods than
//! POST get 405. Then: credentials (401 with the challenges), the content
//! type (`text/xml` is SOAP 1.1 with the `SOAPAction` header,
//! `application/soap+xml` SOAP 1.2 with its `action` parameter; another
//! is 415), the body within [`ServerBuilder::max_request_bytes`] (413) and
//! [`ServerBuilder::request_timeout`] (408), the envelope (its namespace
//! must agree with the content type: `VersionMismatch`), the operation by
//! the body's first element, then by SOAPAction where several share it or
//! the body is empty (an action naming another operation is a `Client`
//! fault; overloads are told apart by which one's parts the body holds),
//! SOAP-encoding `href`/`id` references resolved, the request decoded as
//! strictly as the client decodes answers (same [`DecodeOptions`]: depth
//! limit, no DOCTYPE, unknown elements refused; a header block marked
//! `mustUnderstand` that the operation does not declare is a
//! `MustUnderstand` fault). Every refusal is a `Client` fault naming what
//! was wrong. The method runs in a task of its own: a panic becomes a
//! `Server` fault and the server keeps serving. The answer goes out in the
//! request's SOAP version.
//!
//! Each request runs in a `tracing` span `soap_request` (method, path,
//! operation, status), inside one per connection (`soap_connection`).
//!
//! # Why hyper
//!
//! hyper 1 (with hyper-util's graceful shutdown) is already compiled for
//! the client through reqwest, so the server adds little; a router
//! framework would bring routing by path and extractors that SOAP does not
//! use (operations are chosen by body element and SOAPAction).
//!
//! [`DecodeOptions`]: super::DecodeOptions

mod auth;
mod context;
mod envelope;
mod fault;
mod handle;
mod route;
mod serve;
mod service;
mod wsdl;

pub use auth::{DigestAlgorithm, ServerAuth};
pub use context::{RequestContext, context};
pub use envelope::ErasedBody;
pub use fault::SoapFault;
pub use route::TextHandler;
pub use serve::{
    DEFAULT_MAX_REQUEST_BYTES, DEFAULT_REQUEST_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT, RunningServer, Server,
    ServerBuilder,
};
pub use service::{
    Call, Dispatch, Handler, Port, Reply, Service, ToHeaders, read_header, respond, write_header,
};
