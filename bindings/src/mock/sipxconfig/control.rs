//! The test's view of the simulated sipXconfig: what the services hold.

use std::sync::{Arc, Mutex, MutexGuard};

use super::model::Sipx;
use crate::sipxconfig::{CallGroup, ParkOrbit, Permission, Phone, User};

/// The test's handle on a running sipXconfig mock (cheap to clone).
#[derive(Debug, Clone)]
pub struct Control {
    pub(super) state: Arc<Mutex<Sipx>>,
}

impl Control {
    pub(super) fn lock(&self) -> MutexGuard<'_, Sipx> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every user, by user name (PINs only as `pintoken`).
    pub fn users(&self) -> Vec<User> {
        self.lock().users.values().map(|u| u.user.clone()).collect()
    }

    /// A user's PIN (its HTTP password when it is an administrator).
    pub fn pin(&self, user_name: &str) -> Option<String> {
        self.lock().users.get(user_name).map(|u| u.pin.clone())
    }

    pub fn permissions(&self) -> Vec<Permission> {
        self.lock().permissions.values().cloned().collect()
    }

    /// Every phone, by serial number.
    pub fn phones(&self) -> Vec<Phone> {
        self.lock().phones.values().cloned().collect()
    }

    pub fn call_groups(&self) -> Vec<CallGroup> {
        self.lock().call_groups.values().cloned().collect()
    }

    pub fn park_orbits(&self) -> Vec<ParkOrbit> {
        self.lock().park_orbits.values().cloned().collect()
    }

    /// Serial numbers of the phones whose profiles `managePhone` generated,
    /// in order.
    pub fn profiles_generated(&self) -> Vec<String> {
        self.lock().profiles_generated.clone()
    }

    /// Serial numbers of the phones `managePhone` restarted, in order.
    pub fn restarted(&self) -> Vec<String> {
        self.lock().restarted.clone()
    }
}
