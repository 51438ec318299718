//! A simulated Brekeke PBX web service for tests without a PBX.
//!
//! [`MockPbx::start`] serves `UserImpl` on `127.0.0.1` at
//! `/pbx/services/UserImpl` and the plain-HTTP third-party call control
//! URL `/pbx/3pcc` beside it. It keeps:
//!
//! - **users** with properties ([`PROPERTY_NAMES`]): `createUser` (both
//!   overloads; `false` for an existing user), `deleteUser` (`false` for
//!   an unknown one), `getUserProperty(ies)`, `setUserProperty(ies)`
//!   (names and values must pair up; all or nothing);
//! - **click-to-call**: `callControl(user, from, to[], type)` and
//!   `GET /pbx/3pcc?to=..&from=..&user=..&type=..` both need a known
//!   caller user (`user`, or `from` when `user` is absent), a callee and
//!   type `1` or `2`, answer `succeeded: <id>` and record the call
//!   ([`Control::calls`]). A refused 3PCC request is answered
//!   `failed: <reason>` (HTTP 200, text/plain).
//!
//! Errors come as Axis reports a service's Java exceptions: SOAP faults
//! with code `Server.userException` and the reason as the fault string.

mod control;
mod model;
mod service;

use std::sync::{Arc, Mutex};

pub use control::Control;
pub use model::{Channel, PROPERTY_NAMES, PlacedCall};

use crate::brekeke::UserImplServer as _;
use crate::rt::Error;
use crate::rt::server::{RunningServer, Server};
use model::Brekeke;

/// The path of the SOAP service.
pub const PATH: &str = "/pbx/services/UserImpl";
/// The path of the plain-HTTP third-party call control.
pub const THREE_PCC_PATH: &str = "/pbx/3pcc";

/// A running Brekeke mock. Dropping it stops the server at once;
/// [`MockPbx::shutdown`] lets calls in progress finish first.
#[derive(Debug)]
pub struct MockPbx {
    server: Option<RunningServer>,
    control: Control,
    url: String,
}

impl MockPbx {
    /// A mock with users `4005`, `4006` and `4007` (no HTTP authentication,
    /// as the PBX's web service) on `127.0.0.1` and a free port.
    ///
    /// # Errors
    ///
    /// The port cannot be bound.
    pub async fn start() -> Result<MockPbx, Error> {
        MockPbx::builder().start().await
    }

    pub fn builder() -> MockPbxBuilder {
        MockPbxBuilder::default()
    }

    /// The SOAP URL (`http://127.0.0.1:<port>/pbx/services/UserImpl`).
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn control(&self) -> Control {
        self.control.clone()
    }

    /// Stops serving after the calls in progress.
    pub async fn shutdown(mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }
}

/// How a Brekeke [`MockPbx`] is set up.
#[derive(Debug)]
pub struct MockPbxBuilder {
    users: Vec<(String, Vec<(String, String)>)>,
}

impl Default for MockPbxBuilder {
    fn default() -> Self {
        let user = |id: &str, name: &str| (id.to_owned(), vec![("name".to_owned(), name.to_owned())]);
        MockPbxBuilder { users: vec![user("4005", "Ann"), user("4006", "Ben"), user("4007", "Cleo")] }
    }
}

impl MockPbxBuilder {
    /// Starts without users.
    pub fn without_default_users(mut self) -> Self {
        self.users.clear();
        self
    }

    /// A user with properties.
    pub fn user(mut self, id: &str, properties: &[(&str, &str)]) -> Self {
        let props = properties.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
        self.users.push((id.to_owned(), props));
        self
    }

    /// Starts serving on `127.0.0.1` and a free port.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for users the mock refuses; the port cannot be
    /// bound.
    pub async fn start(self) -> Result<MockPbx, Error> {
        let control = Control { state: Arc::new(Mutex::new(Brekeke::new())) };
        for (id, props) in &self.users {
            let props: Vec<(&str, &str)> = props.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            control.add_user(id, &props).map_err(|e| Error::Config(format!("Brekeke mock: {e}")))?;
        }
        let three_pcc = control.clone();
        let server = Server::builder()
            .service(service::Service(control.clone()).into_service().at(PATH))
            .text_route(THREE_PCC_PATH, Arc::new(move |query: &str| service::three_pcc(&three_pcc, query)))
            .bind("127.0.0.1:0")
            .await?;
        let url = format!("{}{PATH}", server.url());
        Ok(MockPbx { server: Some(server), control, url })
    }
}
