//! The test's view of the simulated Brekeke PBX.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::model::{Brekeke, PlacedCall};
use crate::mock::MockResult;

/// The test's handle on a running Brekeke mock (cheap to clone).
#[derive(Debug, Clone)]
pub struct Control {
    pub(super) state: Arc<Mutex<Brekeke>>,
}

impl Control {
    pub(super) fn lock(&self) -> MutexGuard<'_, Brekeke> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds a user (as createUser does) with `properties`.
    ///
    /// # Errors
    ///
    /// An empty id, an existing user, or an unknown property name.
    pub fn add_user(&self, user: &str, properties: &[(&str, &str)]) -> MockResult<()> {
        let mut b = self.lock();
        if !b.create_user(user, None)? {
            return Err(crate::mock::MockError::new(format!("user {user} exists")));
        }
        let (names, values): (Vec<String>, Vec<String>) =
            properties.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).unzip();
        b.set_properties(user, &names, &values)
    }

    /// Every user with its properties.
    pub fn users(&self) -> BTreeMap<String, BTreeMap<String, String>> {
        self.lock().users.clone()
    }

    /// The click-to-calls placed (SOAP and 3PCC), oldest first.
    pub fn calls(&self) -> Vec<PlacedCall> {
        self.lock().calls.clone()
    }
}
