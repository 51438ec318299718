//! Users and permissions of the simulated sipXconfig, as UserService and
//! PermissionService see them.

use std::collections::BTreeMap;

use sha1::{Digest as _, Sha1};

use super::model::{Sipx, edit_bool, edit_text};
use crate::mock::{MockResult, refuse};
use crate::sipxconfig::{
    AddUser, ManagePermission, ManageUser, Permission, PermissionSearch, User, UserSearch,
};

/// The user the system always has, which ResetServices keeps.
pub const SUPERADMIN: &str = "superadmin";

/// The permissions sipXconfig ships with (built in: neither editable nor
/// deletable), with their type.
const BUILT_IN: &[(&str, &str, bool)] = &[
    ("900Dialing", "call", false),
    ("AutoAttendantDialing", "call", true),
    ("InternationalDialing", "call", false),
    ("LocalDialing", "call", true),
    ("LongDistanceDialing", "call", false),
    ("Mobile", "call", true),
    ("TollFree", "call", true),
    ("Voicemail", "call", true),
    ("FreeswitchVoicemailServer", "application", true),
    ("music-on-hold", "application", true),
    ("personal-auto-attendant", "application", true),
    ("tui-change-pin", "application", true),
];

pub(super) fn built_in_permissions() -> BTreeMap<String, Permission> {
    BUILT_IN
        .iter()
        .map(|(name, kind, default)| {
            let p = Permission {
                name: (*name).to_owned(),
                label: Some((*name).to_owned()),
                description: Some(String::new()),
                default_value: Some(*default),
                r#type: Some((*kind).to_owned()),
                built_in: Some(true),
            };
            ((*name).to_owned(), p)
        })
        .collect()
}

/// A stored user: the SOAP view and its PIN (which the SOAP view only
/// shows as a token).
#[derive(Debug, Clone)]
pub(super) struct StoredUser {
    pub user: User,
    pub pin: String,
}

/// The token sipXconfig derives from a PIN (a one-way hash of user name and
/// PIN; the mock's own choice of hash).
fn pin_token(user: &str, pin: &str) -> String {
    Sha1::digest(format!("{user}:{pin}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

impl StoredUser {
    pub fn new(mut user: User, pin: &str) -> StoredUser {
        user.pintoken = Some(pin_token(&user.user_name, pin));
        StoredUser { user, pin: pin.to_owned() }
    }

    fn set_pin(&mut self, pin: &str) {
        self.pin = pin.to_owned();
        self.user.pintoken = Some(pin_token(&self.user.user_name, pin));
    }
}

impl Sipx {
    pub fn add_user(&mut self, req: AddUser) -> MockResult<()> {
        let name = req.user.user_name.trim().to_owned();
        if name.is_empty() {
            refuse!("AddUser: userName must not be empty")
        }
        if req.pin.is_empty() {
            refuse!("AddUser: pin must not be empty")
        }
        if self.user_named(&name).is_some() {
            refuse!("AddUser: user name or alias {name:?} is already in use")
        }
        for alias in &req.user.aliases {
            if self.user_named(alias).is_some() {
                refuse!("AddUser: alias {alias:?} is already in use")
            }
        }
        for permission in &req.user.permissions {
            if !self.permissions.contains_key(permission) {
                refuse!("AddUser: no permission {permission:?} (see findPermission)")
            }
        }
        let mut user = req.user;
        user.user_name = name.clone();
        self.users.insert(name, StoredUser::new(user, &req.pin));
        Ok(())
    }

    /// The user with this user name or alias.
    pub fn user_named(&self, name: &str) -> Option<&StoredUser> {
        self.users
            .get(name)
            .or_else(|| self.users.values().find(|u| u.user.aliases.iter().any(|a| a == name)))
    }

    /// The user names a search selects: by user name, else by a part of
    /// the name or an alias (case-insensitive), else by group, else all.
    pub fn search_users(&self, search: &UserSearch) -> Vec<String> {
        let all = self.users.values();
        let picked: Vec<&StoredUser> = if let Some(name) = &search.by_user_name {
            self.users.get(name).into_iter().collect()
        } else if let Some(part) = &search.by_fuzzy_user_name_or_alias {
            let part = part.to_lowercase();
            all.filter(|u| {
                u.user.user_name.to_lowercase().contains(&part)
                    || u.user.aliases.iter().any(|a| a.to_lowercase().contains(&part))
            })
            .collect()
        } else if let Some(group) = &search.by_group {
            all.filter(|u| u.user.groups.iter().any(|g| g == group)).collect()
        } else {
            all.collect()
        };
        picked.into_iter().map(|u| u.user.user_name.clone()).collect()
    }

    pub fn find_user(&self, search: &UserSearch) -> Vec<User> {
        self.search_users(search).iter().filter_map(|n| self.users.get(n)).map(|u| u.user.clone()).collect()
    }

    /// ManageUser: edits (`userName`, `firstName`, `lastName`,
    /// `sipPassword`, `emailAddress`, `pin`, `branchName`), then group and
    /// branch changes (the WSDL's `updateGroup` is the document's
    /// `updateBranch`), or deletion, on every user the search selects.
    pub fn manage_user(&mut self, req: ManageUser) -> MockResult<()> {
        let names = self.search_users(&req.search);
        for edit in &req.edit {
            if !USER_FIELDS.contains(&edit.property.as_str()) {
                refuse!(
                    "ManageUser: no user field {:?} (editable: {})",
                    edit.property,
                    USER_FIELDS.join(", ")
                )
            }
        }
        if req.delete_user == Some(true) {
            if names.iter().any(|n| n == SUPERADMIN) {
                refuse!("ManageUser: {SUPERADMIN} cannot be deleted")
            }
            for n in &names {
                self.users.remove(n);
            }
            return Ok(());
        }
        // All or nothing, as sipXconfig's transaction: every user is edited
        // first, then the edits are stored.
        let mut edited = Vec::new();
        for name in names {
            let Some(original) = self.users.get(&name) else { continue };
            let mut user = original.clone();
            apply_user_edits(&mut user, &req)?;
            let new_name = &user.user.user_name;
            if *new_name != name && self.user_named(new_name).is_some() {
                refuse!("ManageUser: user name {new_name:?} is already in use")
            }
            edited.push((name, user));
        }
        for (name, _) in &edited {
            self.users.remove(name);
        }
        for (_, user) in edited {
            self.users.insert(user.user.user_name.clone(), user);
        }
        Ok(())
    }

    pub fn add_permission(&mut self, req: Permission) -> MockResult<()> {
        let Some(label) = req.label.clone().filter(|l| !l.trim().is_empty()) else {
            refuse!("AddPermission: a custom permission needs a label")
        };
        if self.permissions.values().any(|p| p.label.as_deref() == Some(label.as_str())) {
            refuse!("AddPermission: a permission labelled {label:?} exists")
        }
        // The name sent is ignored; sipXconfig makes one up.
        self.next_permission += 1;
        let name = format!("perm_{}", self.next_permission);
        let permission = Permission {
            name: name.clone(),
            label: Some(label),
            description: Some(req.description.unwrap_or_default()),
            default_value: Some(req.default_value.unwrap_or(false)),
            r#type: Some("call".to_owned()),
            built_in: Some(false),
        };
        self.permissions.insert(name, permission);
        Ok(())
    }

    /// By name, else by label, else all.
    pub fn find_permission(&self, search: &PermissionSearch) -> Vec<Permission> {
        let all = self.permissions.values();
        let found: Vec<&Permission> = if let Some(name) = &search.by_name {
            self.permissions.get(name).into_iter().collect()
        } else if let Some(label) = &search.by_label {
            all.filter(|p| p.label.as_deref() == Some(label.as_str())).collect()
        } else {
            all.collect()
        };
        found.into_iter().cloned().collect()
    }

    /// ManagePermission: edits (`label`, `description`, `defaultValue`) or
    /// deletes the custom permissions the search selects; built-in ones
    /// are refused. Deleting takes the permission from every user.
    pub fn manage_permission(&mut self, req: ManagePermission) -> MockResult<()> {
        let names: Vec<String> = self.find_permission(&req.search).into_iter().map(|p| p.name).collect();
        if let Some(p) =
            names.iter().find(|n| self.permissions.get(*n).and_then(|p| p.built_in) == Some(true))
        {
            refuse!("ManagePermission: {p:?} is built in and cannot be changed")
        }
        if req.delete_permission == Some(true) {
            for n in &names {
                self.permissions.remove(n);
                for u in self.users.values_mut() {
                    u.user.permissions.retain(|p| p != n);
                }
            }
            return Ok(());
        }
        for n in &names {
            let Some(p) = self.permissions.get_mut(n) else { continue };
            for edit in &req.edit {
                match edit.property.as_str() {
                    "label" => edit_text(&mut p.label, edit),
                    "description" => edit_text(&mut p.description, edit),
                    "defaultValue" => p.default_value = Some(edit_bool(edit)?),
                    other => refuse!(
                        "ManagePermission: no editable field {other:?} (label, description, defaultValue)"
                    ),
                }
            }
        }
        Ok(())
    }
}

const USER_FIELDS: &[&str] =
    &["userName", "firstName", "lastName", "sipPassword", "emailAddress", "pin", "branchName"];

fn apply_user_edits(stored: &mut StoredUser, req: &ManageUser) -> MockResult<()> {
    for edit in &req.edit {
        let u = &mut stored.user;
        match edit.property.as_str() {
            "userName" => match edit.value.as_deref().map(str::trim) {
                Some(v) if !v.is_empty() => u.user_name = v.to_owned(),
                _ => refuse!("ManageUser: userName cannot be empty"),
            },
            "firstName" => edit_text(&mut u.first_name, edit),
            "lastName" => edit_text(&mut u.last_name, edit),
            "sipPassword" => edit_text(&mut u.sip_password, edit),
            "emailAddress" => edit_text(&mut u.email_address, edit),
            "branchName" => edit_text(&mut u.branch_name, edit),
            "pin" => match edit.value.as_deref() {
                Some(pin) if !pin.is_empty() => stored.set_pin(pin),
                _ => refuse!("ManageUser: the pin cannot be empty"),
            },
            _ => {}
        }
    }
    let u = &mut stored.user;
    if let Some(group) = &req.add_group
        && !u.groups.contains(group)
    {
        u.groups.push(group.clone());
    }
    if let Some(group) = &req.remove_group {
        u.groups.retain(|g| g != group);
    }
    if let Some(branch) = &req.update_group {
        u.branch_name = Some(branch.clone());
    }
    Ok(())
}
