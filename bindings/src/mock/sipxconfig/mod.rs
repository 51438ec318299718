//! A simulated sipXcom / sipXconfig configuration server for tests
//! without one.
//!
//! [`MockPbx::start`] serves the six services on `127.0.0.1` under
//! `/sipxconfig/services/<Service>` (`UserService`, `PhoneService`,
//! `PermissionService`, `CallGroupService`, `ParkOrbitService`,
//! `TestService`), with HTTP Basic authentication as an administrator:
//! `superadmin` and its PIN (`1234` unless [`MockPbxBuilder::superadmin_pin`]
//! says otherwise; a PIN changed with ManageUser changes the login).
//!
//! What each service keeps, in memory:
//!
//! - **UserService**: users with PIN (shown only as `pintoken`), aliases,
//!   groups, permissions (each must exist), branch. `findUser` searches by
//!   user name, else by a part of the name or an alias (case-insensitive),
//!   else by group, else lists all. `manageUser` edits `userName`,
//!   `firstName`, `lastName`, `sipPassword`, `emailAddress`, `pin`,
//!   `branchName` (a nil value clears a field), adds and removes a group,
//!   sets the branch (`updateGroup`, which the document calls
//!   `updateBranch`), or deletes; all or nothing.
//! - **PermissionService**: the built-in permissions (neither editable nor
//!   deletable) and custom ones, whose name the server makes up
//!   (`perm_8`, `perm_9`, ...) as the document says; unique labels.
//! - **PhoneService**: phones by MAC address (12 hex digits) of a model the
//!   document lists, with groups and lines; `managePhone` edits, moves
//!   between groups, adds and removes lines, deletes, and records profile
//!   generation and restarts ([`Control::restarted`]).
//! - **CallGroupService**, **ParkOrbitService**: hunt groups (ring types
//!   `delayed`/`immediate`, unique positions) and park orbits with unique
//!   names and extensions.
//! - **TestService**: `resetServices` deletes what its flags name, keeping
//!   `superadmin` and the built-in permissions.
//!
//! A request the data does not allow (a taken name, an unknown permission,
//! an unsupported phone model) is answered with a SOAP `Client` fault
//! naming the reason.

mod control;
mod model;
mod phones;
mod service;
mod users;

#[cfg(test)]
mod tests;

use std::sync::{Arc, Mutex};

pub use control::Control;
pub use phones::PHONE_MODELS;
pub use users::SUPERADMIN;

use crate::mock::HttpAuth;
use crate::rt::Error;
use crate::rt::server::{RunningServer, Server, ServerAuth, Service};
use crate::sipxconfig::{
    AddUser, CallGroupServiceServer, ParkOrbitServiceServer, PermissionServiceServer, PhoneServiceServer,
    TestServiceServer, User, UserServiceServer,
};
use model::Sipx;

/// superadmin's PIN (its HTTP password) in a mock built with the defaults.
pub const SUPERADMIN_PIN: &str = "1234";
/// The path the services live under: `<BASE><Service>`.
pub const BASE: &str = "/sipxconfig/services/";
/// The six services, by the name of their path.
pub const SERVICES: [&str; 6] = [
    "UserService",
    "PhoneService",
    "PermissionService",
    "CallGroupService",
    "ParkOrbitService",
    "TestService",
];

/// A running sipXconfig mock. Dropping it stops the server at once;
/// [`MockPbx::shutdown`] lets calls in progress finish first.
#[derive(Debug)]
pub struct MockPbx {
    server: Option<RunningServer>,
    control: Control,
    base: String,
}

impl MockPbx {
    /// A mock with superadmin (PIN `1234`), HTTP Basic, on `127.0.0.1`
    /// and a free port.
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

    /// The URL of service `service` (e.g. `"UserService"`).
    pub fn url(&self, service: &str) -> String {
        format!("{}{service}", self.base)
    }

    /// The handle a test inspects the data with.
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

/// How a sipXconfig [`MockPbx`] is set up.
#[derive(Debug)]
pub struct MockPbxBuilder {
    pin: String,
    users: Vec<(User, String)>,
    auth: HttpAuth,
}

impl Default for MockPbxBuilder {
    fn default() -> Self {
        MockPbxBuilder { pin: SUPERADMIN_PIN.to_owned(), users: Vec::new(), auth: HttpAuth::Basic }
    }
}

impl MockPbxBuilder {
    /// superadmin's PIN, which is also its HTTP password.
    pub fn superadmin_pin(mut self, pin: impl Into<String>) -> Self {
        self.pin = pin.into();
        self
    }

    /// A user to start with (as AddUser would add it).
    pub fn user(mut self, user: User, pin: impl Into<String>) -> Self {
        self.users.push((user, pin.into()));
        self
    }

    /// How requests authenticate: HTTP Basic by default, as sipXconfig's
    /// services do; the login is superadmin and the PIN given to the
    /// builder (a PIN changed later over SOAP does not change it).
    pub fn http_auth(mut self, auth: HttpAuth) -> Self {
        self.auth = auth;
        self
    }

    /// Starts serving the six services on `127.0.0.1` and a free port.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a start user the mock refuses; the port
    /// cannot be bound.
    pub async fn start(self) -> Result<MockPbx, Error> {
        let mut sipx = Sipx::new(&self.pin);
        for (user, pin) in self.users {
            sipx.add_user(AddUser { user, pin })
                .map_err(|e| Error::Config(format!("sipXconfig mock: {e}")))?;
        }
        let control = Control { state: Arc::new(Mutex::new(sipx)) };
        let s = service::Services(control.clone());
        // In the order of SERVICES.
        let services: [Service; 6] = [
            UserServiceServer::into_service(s.clone()),
            PhoneServiceServer::into_service(s.clone()),
            PermissionServiceServer::into_service(s.clone()),
            CallGroupServiceServer::into_service(s.clone()),
            ParkOrbitServiceServer::into_service(s.clone()),
            TestServiceServer::into_service(s),
        ];
        let mut server = Server::builder();
        for (service, name) in services.into_iter().zip(SERVICES) {
            server = server.service(service.at(format!("{BASE}{name}")));
        }
        let logins = [(SUPERADMIN.to_owned(), self.pin.clone())];
        server = match self.auth {
            HttpAuth::Basic => server.auth(ServerAuth::basic("sipXconfig", logins)),
            HttpAuth::Digest => server.auth(ServerAuth::digest("sipXconfig", logins)),
            HttpAuth::None => server,
        };
        let server = server.bind("127.0.0.1:0").await?;
        let base = format!("{}{BASE}", server.url());
        Ok(MockPbx { server: Some(server), control, base })
    }
}
