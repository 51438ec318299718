//! The PBX state shared by the SOAP service and the control handle.

use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::watch;

use super::pbx::{Config, Pbx};

#[derive(Debug)]
pub(super) struct Shared {
    pbx: Mutex<Pbx>,
    /// Set when the mock shuts down: waiting Polls answer at once.
    closed: watch::Sender<bool>,
}

impl Shared {
    pub fn new(cfg: Config) -> Shared {
        Shared { pbx: Mutex::new(Pbx::new(cfg)), closed: watch::Sender::new(false) }
    }

    /// The state, with idle sessions ended first. A panic while the lock
    /// was held (a bug) does not make every later request fail.
    pub fn lock(&self) -> MutexGuard<'_, Pbx> {
        let mut pbx = self.pbx.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        pbx.expire(Instant::now());
        pbx
    }

    pub fn close(&self) {
        self.closed.send_replace(true);
    }

    pub fn closed(&self) -> watch::Receiver<bool> {
        self.closed.subscribe()
    }
}
