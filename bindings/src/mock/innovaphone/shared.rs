//! The PBX state shared by the SOAP service and the control handle.

use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::watch;
use tokio::task::{AbortHandle, JoinHandle};

use super::pbx::{Config, Pbx};

#[derive(Debug)]
pub(super) struct Shared {
    pbx: Mutex<Pbx>,
    /// Set when the mock shuts down: waiting Polls answer at once.
    closed: watch::Sender<bool>,
    /// Tasks the mock started (connection watchers, scenarios), ended with
    /// it.
    tasks: Mutex<Vec<AbortHandle>>,
}

impl Shared {
    pub fn new(cfg: Config) -> Shared {
        Shared {
            pbx: Mutex::new(Pbx::new(cfg)),
            closed: watch::Sender::new(false),
            tasks: Mutex::new(Vec::new()),
        }
    }

    /// Runs `task` until it ends or the mock closes.
    pub fn spawn<T: Send + 'static>(&self, task: impl Future<Output = T> + Send + 'static) -> JoinHandle<T> {
        let handle = tokio::spawn(task);
        let mut tasks = self.tasks.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        tasks.retain(|t| !t.is_finished());
        tasks.push(handle.abort_handle());
        handle
    }

    /// The state, with idle sessions ended first. A panic while the lock
    /// was held (a bug) does not make every later request fail.
    pub fn lock(&self) -> MutexGuard<'_, Pbx> {
        let mut pbx = self.pbx.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        pbx.expire(Instant::now());
        pbx
    }

    /// Wakes waiting Polls and ends the mock's tasks.
    pub fn close(&self) {
        self.closed.send_replace(true);
        let tasks = std::mem::take(&mut *self.tasks.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        for task in tasks {
            task.abort();
        }
    }

    pub fn closed(&self) -> watch::Receiver<bool> {
        self.closed.subscribe()
    }
}
