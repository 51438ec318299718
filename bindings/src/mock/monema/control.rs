//! The test's view of the simulated Monema server.

use std::sync::{Arc, Mutex, MutexGuard};

use super::model::{Account, FaxSent, Monema, SmsSent, Transfer};
use crate::mock::{MockError, MockResult};
use crate::monema::{Calls, CallsTags, MakeCallStatus, TransferStatus};

/// The test's handle on a running Monema mock (cheap to clone).
#[derive(Debug, Clone)]
pub struct Control {
    pub(super) state: Arc<Mutex<Monema>>,
}

impl Control {
    pub(super) fn lock(&self) -> MutexGuard<'_, Monema> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn account<T>(&self, login: &str, f: impl FnOnce(&mut Account) -> T) -> MockResult<T> {
        let mut m = self.lock();
        let account =
            m.accounts.get_mut(login).ok_or_else(|| MockError::new(format!("no account {login:?}")))?;
        Ok(f(account))
    }

    /// Sets an account's credit.
    ///
    /// # Errors
    ///
    /// No such account.
    pub fn set_credit(&self, login: &str, credit: f64) -> MockResult<()> {
        self.account(login, |a| a.credit = credit)
    }

    /// What ringing `extension` leads to from now on (C_makeCall's
    /// outcome): `Answered` (the default), `NoAnswer`, `Busy`,
    /// `NotAvailable`.
    ///
    /// # Errors
    ///
    /// No such account.
    pub fn set_answer(&self, login: &str, extension: &str, status: MakeCallStatus) -> MockResult<()> {
        self.account(login, |a| {
            a.answers.insert(extension.to_owned(), status);
        })
    }

    /// Adds a call to the account's call list (as if the PBX had carried
    /// it), with tags; its `clients_id` is set to the account's and its
    /// `id` is returned.
    ///
    /// # Errors
    ///
    /// No such account.
    pub fn add_call(&self, login: &str, mut call: Calls, tags: &[&str]) -> MockResult<i64> {
        let mut m = self.lock();
        let client = m
            .accounts
            .get(login)
            .map(|a| a.client_id)
            .ok_or_else(|| MockError::new(format!("no account {login:?}")))?;
        let id = m.calls.iter().map(|c| c.id).max().unwrap_or(0).max(call.id) + 1;
        call.id = id;
        call.clients_id = client;
        for tag in tags {
            let tag_id = i64::try_from(m.tags.len()).unwrap_or(0) + 1;
            let uniqueid = call.uniqueid.clone();
            m.tags.push(CallsTags {
                id: tag_id,
                calls_id: id,
                clients_id: client,
                tag: (*tag).to_owned(),
                uniqueid,
            });
        }
        m.calls.push(call);
        Ok(id)
    }

    /// The calls of every account, oldest first.
    pub fn calls(&self) -> Vec<Calls> {
        self.lock().calls.clone()
    }

    /// An extension's transfer, as C_getExtensionTransferStatus reports it.
    pub fn transfer(&self, login: &str, extension_id: i64) -> Option<TransferStatus> {
        let m = self.lock();
        let t: Option<&Transfer> = m.transfers.get(&(login.to_owned(), extension_id));
        t.map(|t| TransferStatus { enabled: true, number: t.number.clone(), is_external: t.external })
    }

    /// The SMS sent, oldest first.
    pub fn sms(&self) -> Vec<SmsSent> {
        self.lock().sms.clone()
    }

    /// The faxes sent, oldest first, each with its reassembled document.
    pub fn faxes(&self) -> Vec<FaxSent> {
        self.lock().faxes.clone()
    }
}
