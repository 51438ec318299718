//! A simulated Monema account server (`pb_tamtam`) for tests without one.
//!
//! [`MockPbx::start`] serves the API on `127.0.0.1` at
//! `/public_api/pb_tamtam_wsdl.php`. Every operation checks the account's
//! login and password (a `Server` fault `Invalid login or password`, as
//! the vendor's PHP server answers). Per account ([`Account`]) it keeps:
//!
//! - the **credit** (C_getCredit), set by the test;
//! - **extensions** and their **transfers** (enable, disable, status);
//! - **calls**: C_makeCall and C_makeCallResponse ring one of the account's
//!   extensions (`NO_SUCH_EXTENSION` otherwise) with the outcome the test
//!   chose ([`Control::set_answer`], answered by default) and record the
//!   call; C_getCalls filters them by date (`YYYY-MM-DD[ HH:MM:SS]` UTC or
//!   a UNIX timestamp), id and direction (an extension is internal,
//!   anything else external); C_getCallTags and C_getCallDownloadLink for a
//!   recorded call;
//! - **SMS** sent ([`Control::sms`]);
//! - **faxes**: C_startFaxUpload opens an upload, C_uploadFaxChunk appends
//!   a chunk and answers the total size, C_sendFax checks that the
//!   reassembled document is a PDF or TIFF file (at most 20 MiB), that the
//!   modem is the account's and that there is a destination, and records
//!   the fax with its bytes ([`Control::faxes`]).

mod control;
mod model;
mod service;

use std::sync::{Arc, Mutex};

pub use control::Control;
pub use model::{Account, FaxSent, SmsSent};

use crate::monema::PbTamtamPortServer as _;
use crate::rt::Error;
use crate::rt::server::{RunningServer, Server};
use model::Monema;

/// The path the API is served at.
pub const PATH: &str = "/public_api/pb_tamtam_wsdl.php";
/// The account of a mock built with the defaults.
pub const LOGIN: &str = "demo";
/// Its password.
pub const PASSWORD: &str = "demo-password";
/// The largest fax document accepted by default.
pub const MAX_FAX_BYTES: usize = 20 * 1024 * 1024;

/// A running Monema mock. Dropping it stops the server at once;
/// [`MockPbx::shutdown`] lets calls in progress finish first.
#[derive(Debug)]
pub struct MockPbx {
    server: Option<RunningServer>,
    control: Control,
    url: String,
}

impl MockPbx {
    /// A mock with one account ([`LOGIN`], [`PASSWORD`]; see
    /// [`Account::new`]) on `127.0.0.1` and a free port.
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

    /// The SOAP URL (`http://127.0.0.1:<port>/public_api/pb_tamtam_wsdl.php`).
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

/// How a Monema [`MockPbx`] is set up.
#[derive(Debug)]
pub struct MockPbxBuilder {
    accounts: Vec<Account>,
    max_fax_bytes: usize,
}

impl Default for MockPbxBuilder {
    fn default() -> Self {
        MockPbxBuilder { accounts: vec![Account::new(LOGIN, PASSWORD)], max_fax_bytes: MAX_FAX_BYTES }
    }
}

impl MockPbxBuilder {
    /// Another account (the default one stays).
    pub fn account(mut self, account: Account) -> Self {
        self.accounts.retain(|a| a.login != account.login);
        self.accounts.push(account);
        self
    }

    /// The largest fax document C_uploadFaxChunk accepts.
    pub fn max_fax_bytes(mut self, limit: usize) -> Self {
        self.max_fax_bytes = limit;
        self
    }

    /// Starts serving on `127.0.0.1` and a free port. The API has no HTTP
    /// authentication: every operation carries the account's login.
    ///
    /// # Errors
    ///
    /// The port cannot be bound.
    pub async fn start(self) -> Result<MockPbx, Error> {
        let mut monema = Monema::new(self.max_fax_bytes);
        for account in self.accounts {
            monema.accounts.insert(account.login.clone(), account);
        }
        let control = Control { state: Arc::new(Mutex::new(monema)) };
        let server = Server::builder()
            .service(service::Service(control.clone()).into_service().at(PATH))
            .bind("127.0.0.1:0")
            .await?;
        let url = format!("{}{PATH}", server.url());
        control.lock().url = server.url();
        Ok(MockPbx { server: Some(server), control, url })
    }
}
