//! A simulated innovaphone PBX (pbx10_00) for tests without a PBX.
//!
//! [`MockPbx::start`] serves the SOAP API on `127.0.0.1` at
//! `/PBX0/user.soap`, with HTTP Digest as the PBX asks for by default, and
//! keeps the state of a small PBX in memory:
//!
//! - **Directory**: PBX objects ([`UserSpec`]) with extension, h323 name,
//!   groups, devices and password. The default directory has the account
//!   the Reference10 article sets up for API tests: user `API` (password
//!   `api`), active member of group `all users`; add the users a test
//!   needs with [`MockPbxBuilder::user`] or [`Control::add_user`] (give
//!   them `.group("all users", false)` to be in `API`'s scope).
//! - **Sessions**: `Initialize` (every version flag true, a known user, and
//!   an HTTP login that is that user or the administrator, else handle 0),
//!   `Echo`, `End`. A session's scope is the members of the groups its user
//!   is an active member of, or the user alone. As on the PBX, a session
//!   ends shortly (1 s, [`MockPbxBuilder::session_linger`]) after the last
//!   HTTP connection that carried its requests closed; it also ends when
//!   idle, after 30 seconds without a request naming it
//!   ([`MockPbxBuilder::session_idle`]; a pending `Poll` keeps it alive).
//! - **Poll**: one queue per session. After `Initialize` it holds one
//!   UserInfo per object in scope (sorted by cn) and the UserInfo with an
//!   empty cn that ends the list, then every change: registrations, call
//!   counts (`channel`, `alert`), presence, objects entering and leaving
//!   the scope (`active` false), and the CallInfo events of users a
//!   `UserInitialize` watches. A Poll answers at once when events are
//!   queued (at most 20 per answer, [`MockPbxBuilder::poll_batch`]),
//!   otherwise it waits up to 2 seconds for one ([`MockPbxBuilder::poll_hold`]).
//!   An answer never carries a UserInfo that happened after one of its
//!   CallInfos, so a client reading users before calls still sees every
//!   event in order.
//! - **Calls**: `UserCall` rings the destination's registered device
//!   (found by cn, h323 name or extension; numbers starting with `0` leave
//!   through a trunk to an outside party), `UserConnect`, `UserClear`,
//!   `UserHold`/`UserRetrieve`, `UserTransfer`, `UserRedirect`/`UserReroute`,
//!   `UserPickup`, `UserPark`, `UserCtComplete`, each step a CallInfo with
//!   the article's state bits; the phones are played by the test through
//!   [`Control`]. How the steps look is described in the `flows` module
//!   source and in [`Control`]'s methods.
//! - **Lookups**: `FindUser` pages as the real PBX does (sorted start
//!   point, `next` for the entries after it, hidden objects only with
//!   `nohide`; a `count` above 100 is refused, as large counts may crash a
//!   real PBX), `UserFindDestination` (incomplete numbers), `Devices`,
//!   `Calls`, `SetPresence`, `LocationUrl`, `Version`, `UserLocalNum`.
//! - **Recorded only**: `UserDTMF`, `UserUUI` (also delivered to the other
//!   party's CallInfo), `UserInfo`, `UserRc`, `UserMediaTransfer`
//!   ([`Control::signals`]), `UserMessage` ([`Control::messages`]), `Admin`
//!   ([`Control::admin_commands`]; answered by
//!   [`MockPbxBuilder::admin_reply`], a `Client` fault without one).
//!   `License` and `UserLicense` (internal to the vendor) answer empty and
//!   false.
//!
//! Where the real PBX ignores a call-control request it cannot carry out
//! (an unknown call handle, holding a call that is not connected), the mock
//! answers with a SOAP `Client` fault naming the reason, so a test finds
//! the mistake at once.

mod calls;
mod control;
mod directory;
mod flows;
mod ops;
mod pbx;
mod scenario;
mod service;
mod sessions;
mod shared;

#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::time::Duration;

pub use control::{CallView, Control, MessageSent, SessionView, Signal};
pub use directory::UserSpec;
pub use scenario::{Scenario, Step};

use crate::innovaphone::PbxPortServer as _;
use crate::mock::HttpAuth;
use crate::rt::Error;
use crate::rt::server::{DigestAlgorithm, RunningServer, Server, ServerAuth};
use pbx::{AdminReply, Config};
use shared::Shared;

/// The path the PBX serves SOAP at.
pub const PATH: &str = "/PBX0/user.soap";
/// The HTTP authentication realm.
pub const REALM: &str = "PBX";

/// A running innovaphone mock: its URL, and the [`Control`] a test drives
/// it with. Dropping it stops the server, waiting Polls and scenarios at
/// once; [`MockPbx::shutdown`] lets calls in progress finish first.
#[derive(Debug)]
pub struct MockPbx {
    server: Option<RunningServer>,
    control: Control,
    url: String,
}

impl MockPbx {
    /// A mock with the default directory (user `API`), Digest
    /// authentication, on `127.0.0.1` and a free port.
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

    /// The SOAP URL (`http://127.0.0.1:<port>/PBX0/user.soap`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The handle a test drives the PBX's surroundings with.
    pub fn control(&self) -> Control {
        self.control.clone()
    }

    /// Stops serving: waiting Polls answer at once, calls in progress
    /// finish, scenarios end.
    pub async fn shutdown(mut self) {
        self.control.shared.close();
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }
}

impl Drop for MockPbx {
    fn drop(&mut self) {
        self.control.shared.close();
    }
}

/// The HTTP login of the PBX's administrator in a mock built with the
/// defaults (the innovaphone factory default).
pub const ADMIN_USER: &str = "admin";
/// The administrator's password in a mock built with the defaults.
pub const ADMIN_PASSWORD: &str = "ip800";
/// The user of the default directory that sessions open for.
pub const API_USER: &str = "API";
/// `API`'s PBX password.
pub const API_PASSWORD: &str = "api";
/// The group `API` is an active member of.
pub const API_GROUP: &str = "all users";

/// How a [`MockPbx`] is set up.
#[derive(Debug)]
pub struct MockPbxBuilder {
    cfg: Config,
    admin_password: String,
    users: Vec<UserSpec>,
    admin_reply: Option<AdminReply>,
    auth: HttpAuth,
}

impl Default for MockPbxBuilder {
    fn default() -> Self {
        MockPbxBuilder {
            cfg: Config::default(),
            admin_password: ADMIN_PASSWORD.to_owned(),
            users: vec![UserSpec::new(API_USER, "").password(API_PASSWORD).group(API_GROUP, true)],
            admin_reply: None,
            auth: HttpAuth::Digest,
        }
    }
}

impl MockPbxBuilder {
    /// Adds a PBX object to the directory.
    pub fn user(mut self, spec: UserSpec) -> Self {
        self.users.push(spec);
        self
    }

    /// Starts with an empty directory (no `API` user).
    pub fn without_default_users(mut self) -> Self {
        self.users.clear();
        self
    }

    /// The administrator's HTTP login.
    pub fn admin(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.cfg.admin_user = user.into();
        self.admin_password = password.into();
        self
    }

    /// How long a session may go without a request (30 s by default).
    pub fn session_idle(mut self, idle: Duration) -> Self {
        self.cfg.session_idle = idle;
        self
    }

    /// How long a Poll waits for an event before it answers empty (2 s by
    /// default).
    pub fn poll_hold(mut self, hold: Duration) -> Self {
        self.cfg.poll_hold = hold;
        self
    }

    /// Events per Poll answer at most (20 by default).
    pub fn poll_batch(mut self, batch: usize) -> Self {
        self.cfg.poll_batch = batch.max(1);
        self
    }

    /// FindUser's largest `count` (100 by default); more is refused.
    pub fn find_user_max(mut self, max: i32) -> Self {
        self.cfg.find_user_max = max;
        self
    }

    /// The prefix of numbers that leave the PBX (`0` by default).
    pub fn trunk_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.cfg.trunk_prefix = prefix.into();
        self
    }

    /// This PBX's location name (Version, LocationUrl; `mock` by default).
    pub fn location_name(mut self, name: impl Into<String>) -> Self {
        self.cfg.location = name.into();
        self
    }

    /// Another node's SOAP URL, which LocationUrl returns for `name`.
    pub fn location(mut self, name: impl Into<String>, url: impl Into<String>) -> Self {
        self.cfg.locations.insert(name.into(), url.into());
        self
    }

    /// The answer to every Admin command (the mock records the commands
    /// but does not interpret them).
    pub fn admin_reply(mut self, reply: impl Fn(&str) -> String + Send + Sync + 'static) -> Self {
        self.admin_reply = Some(AdminReply(Arc::new(reply)));
        self
    }

    /// How HTTP requests authenticate (Digest by default, as the PBX; Basic
    /// is what "allow HTTP basic authentication" permits). The logins are
    /// the administrator's and those of the users given to the builder
    /// with a password.
    pub fn http_auth(mut self, auth: HttpAuth) -> Self {
        self.auth = auth;
        self
    }

    /// How long after the last HTTP connection of a session closed the
    /// session ends (1 s by default).
    pub fn session_linger(mut self, linger: Duration) -> Self {
        self.cfg.session_linger = linger;
        self
    }

    /// Starts serving on `127.0.0.1` and a free port.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a directory the mock refuses (a duplicate
    /// name or number), or the port cannot be bound.
    pub async fn start(self) -> Result<MockPbx, Error> {
        let mut logins: Vec<(String, String)> =
            self.users.iter().filter_map(|u| u.password.clone().map(|p| (u.cn.clone(), p))).collect();
        logins.push((self.cfg.admin_user.clone(), self.admin_password.clone()));
        let auth = self.auth;
        let (shared, _) = self.shared().map_err(|e| Error::Config(format!("innovaphone mock: {e}")))?;
        let shared = Arc::new(shared);
        let mut server = Server::builder().service(service::Service(shared.clone()).into_service().at(PATH));
        server = match auth {
            // MD5, as the PBX (and PHP's SoapClient) speak it.
            HttpAuth::Digest => server.auth(ServerAuth::digest_with(REALM, logins, &[DigestAlgorithm::Md5])),
            HttpAuth::Basic => server.auth(ServerAuth::basic(REALM, logins)),
            HttpAuth::None => server,
        };
        let server = server.bind("127.0.0.1:0").await?;
        let url = format!("{}{PATH}", server.url());
        shared.lock().url = url.clone();
        Ok(MockPbx { server: Some(server), control: Control { shared }, url })
    }

    /// The state with the directory filled in.
    fn shared(self) -> Result<(Shared, String), crate::mock::MockError> {
        let shared = Shared::new(self.cfg);
        {
            let mut pbx = shared.lock();
            for user in self.users {
                pbx.dir.add(user)?;
            }
            pbx.admin_reply = self.admin_reply;
        }
        Ok((shared, self.admin_password))
    }
}
