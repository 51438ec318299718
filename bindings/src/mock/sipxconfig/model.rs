//! The simulated sipXconfig's data: users, permissions, phones, call
//! groups and park orbits, in memory.

use std::collections::BTreeMap;

use super::users::{SUPERADMIN, StoredUser, built_in_permissions};
use crate::mock::{MockResult, refuse};
use crate::sipxconfig::{CallGroup, ParkOrbit, Permission, Phone, Property, ResetServices, User};

#[derive(Debug)]
pub(super) struct Sipx {
    pub users: BTreeMap<String, StoredUser>,
    pub permissions: BTreeMap<String, Permission>,
    pub phones: BTreeMap<String, Phone>,
    pub call_groups: BTreeMap<String, CallGroup>,
    pub park_orbits: BTreeMap<String, ParkOrbit>,
    /// Phones whose profiles were generated, and restarted, in order.
    pub profiles_generated: Vec<String>,
    pub restarted: Vec<String>,
    pub next_permission: u32,
}

impl Sipx {
    /// A fresh system: the built-in permissions and `superadmin` with PIN
    /// `superadmin_pin`.
    pub fn new(superadmin_pin: &str) -> Sipx {
        let mut users = BTreeMap::new();
        let admin = User { user_name: SUPERADMIN.to_owned(), ..User::default() };
        users.insert(SUPERADMIN.to_owned(), StoredUser::new(admin, superadmin_pin));
        Sipx {
            users,
            permissions: built_in_permissions(),
            phones: BTreeMap::new(),
            call_groups: BTreeMap::new(),
            park_orbits: BTreeMap::new(),
            profiles_generated: Vec::new(),
            restarted: Vec::new(),
            // Custom permissions are numbered after the built-in ones.
            next_permission: 7,
        }
    }

    /// Whether `extension` is free for a new call group or park orbit.
    fn extension_free(&self, extension: Option<&str>) -> MockResult<()> {
        let Some(ext) = extension.filter(|e| !e.is_empty()) else { return Ok(()) };
        let groups = self.call_groups.values().map(|g| g.extension.as_deref());
        let orbits = self.park_orbits.values().map(|o| o.extension.as_deref());
        if groups.chain(orbits).any(|e| e == Some(ext)) || self.user_named(ext).is_some() {
            refuse!("extension {ext:?} is already in use")
        }
        Ok(())
    }

    /// AddCallGroup: a unique name and extension; ring types `delayed` or
    /// `immediate`, positions unique.
    pub fn add_call_group(&mut self, group: CallGroup) -> MockResult<()> {
        if group.name.trim().is_empty() {
            refuse!("AddCallGroup: the name must not be empty")
        }
        if self.call_groups.contains_key(&group.name) {
            refuse!("AddCallGroup: a hunt group named {:?} exists", group.name)
        }
        self.extension_free(group.extension.as_deref())?;
        let mut positions = std::collections::BTreeSet::new();
        for ring in &group.rings {
            if !matches!(ring.r#type.as_str(), "delayed" | "immediate") {
                refuse!("AddCallGroup: ring type {:?} is neither \"delayed\" nor \"immediate\"", ring.r#type)
            }
            if !positions.insert(ring.position) {
                refuse!("AddCallGroup: position {} is given twice", ring.position)
            }
            if ring.expiration < 0 {
                refuse!("AddCallGroup: expiration {} is negative", ring.expiration)
            }
        }
        let mut group = group;
        group.rings.sort_by_key(|r| r.position);
        self.call_groups.insert(group.name.clone(), group);
        Ok(())
    }

    pub fn add_park_orbit(&mut self, orbit: ParkOrbit) -> MockResult<()> {
        if orbit.name.trim().is_empty() {
            refuse!("AddParkOrbit: the name must not be empty")
        }
        if self.park_orbits.contains_key(&orbit.name) {
            refuse!("AddParkOrbit: a park orbit named {:?} exists", orbit.name)
        }
        self.extension_free(orbit.extension.as_deref())?;
        self.park_orbits.insert(orbit.name.clone(), orbit);
        Ok(())
    }

    /// ResetServices: deletes what each flag names; `user` keeps
    /// `superadmin`, `permission` keeps the built-in permissions,
    /// `superAdmin` clears superadmin's data except its PIN.
    pub fn reset(&mut self, req: &ResetServices) {
        if req.call_group == Some(true) {
            self.call_groups.clear();
        }
        if req.park_orbit == Some(true) {
            self.park_orbits.clear();
        }
        if req.permission == Some(true) {
            self.permissions.retain(|_, p| p.built_in == Some(true));
            let left: Vec<String> = self.permissions.keys().cloned().collect();
            for u in self.users.values_mut() {
                u.user.permissions.retain(|p| left.contains(p));
            }
        }
        if req.phone == Some(true) {
            self.phones.clear();
        }
        if req.user == Some(true) {
            self.users.retain(|name, _| name == SUPERADMIN);
        }
        if req.super_admin == Some(true)
            && let Some(admin) = self.users.get_mut(SUPERADMIN)
        {
            let pin = admin.pin.clone();
            let blank = User { user_name: SUPERADMIN.to_owned(), ..User::default() };
            *admin = StoredUser::new(blank, &pin);
        }
    }
}

/// Applies a text edit (`value` nil clears the field).
pub(super) fn edit_text(field: &mut Option<String>, edit: &Property) {
    *field = edit.value.clone();
}

/// The boolean of an edit.
pub(super) fn edit_bool(edit: &Property) -> MockResult<bool> {
    match edit.value.as_deref().map(str::trim) {
        Some("true" | "1") => Ok(true),
        Some("false" | "0") => Ok(false),
        other => refuse!("{}: {other:?} is not a boolean", edit.property),
    }
}
