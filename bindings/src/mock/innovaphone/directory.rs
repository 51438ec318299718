//! The mock PBX's user directory: the configured objects, their devices and
//! registrations, group scopes, and the lookups FindUser and
//! UserFindDestination make.

use std::collections::{BTreeMap, BTreeSet};

use crate::innovaphone::{Device, Group, Presence, UserInfo};
use crate::mock::{MockResult, refuse};

/// A PBX object to add to the mock's directory (a user, or a gateway,
/// waiting queue or broadcast group with [`UserSpec::kind`]).
#[derive(Debug, Clone, PartialEq)]
pub struct UserSpec {
    /// Long Name: the key of the object, unique, not empty.
    pub cn: String,
    /// Display name; the cn when empty.
    pub dn: String,
    /// Extension number (may be empty).
    pub e164: String,
    /// h323 name (may be empty).
    pub h323: String,
    /// The object's GUID; one is made up from a counter when empty.
    pub guid: String,
    /// Device type in UserInfo: `ep` (the default), `gw`, `waiting`, `broadcast`.
    pub kind: String,
    /// The PBX password: the HTTP credentials (cn, password) of a session
    /// for this user. `None`: the user cannot log in over HTTP.
    pub password: Option<String>,
    /// Group memberships (name, active).
    pub groups: Vec<(String, bool)>,
    /// Configured devices (hardware id, text); none means one implicit
    /// device whose hardware id is the cn.
    pub devices: Vec<(String, String)>,
    pub email: Vec<String>,
    /// "Hide from LDAP": FindUser lists it only with `nohide`.
    pub hidden: bool,
}

impl UserSpec {
    /// An endpoint user with Long Name `cn` and extension `e164`; its h323
    /// name is the cn.
    pub fn new(cn: impl Into<String>, e164: impl Into<String>) -> Self {
        let cn = cn.into();
        UserSpec {
            dn: cn.clone(),
            h323: cn.clone(),
            cn,
            e164: e164.into(),
            guid: String::new(),
            kind: "ep".to_owned(),
            password: None,
            groups: Vec::new(),
            devices: Vec::new(),
            email: Vec::new(),
            hidden: false,
        }
    }

    pub fn dn(mut self, dn: impl Into<String>) -> Self {
        self.dn = dn.into();
        self
    }

    pub fn h323(mut self, h323: impl Into<String>) -> Self {
        self.h323 = h323.into();
        self
    }

    pub fn guid(mut self, guid: impl Into<String>) -> Self {
        self.guid = guid.into();
        self
    }

    pub fn kind(mut self, kind: impl Into<String>) -> Self {
        self.kind = kind.into();
        self
    }

    /// The user's PBX password, which lets HTTP requests authenticate as it.
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// A group membership; `active` members see every member of the group
    /// in their sessions' scope.
    pub fn group(mut self, name: impl Into<String>, active: bool) -> Self {
        self.groups.push((name.into(), active));
        self
    }

    /// A configured device (its hardware id and description).
    pub fn device(mut self, hw: impl Into<String>, text: impl Into<String>) -> Self {
        self.devices.push((hw.into(), text.into()));
        self
    }

    pub fn email(mut self, address: impl Into<String>) -> Self {
        self.email.push(address.into());
        self
    }

    pub fn hidden(mut self) -> Self {
        self.hidden = true;
        self
    }
}

/// A directory entry: the spec and what changes at run time.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub spec: UserSpec,
    /// Hardware ids of the registered devices.
    pub registrations: BTreeSet<String>,
    pub presence: Option<Presence>,
}

impl Entry {
    pub fn registered(&self) -> bool {
        !self.registrations.is_empty()
    }

    /// The device hardware ids the PBX knows for this object.
    pub fn device_ids(&self) -> Vec<String> {
        if self.spec.devices.is_empty() {
            vec![self.spec.cn.clone()]
        } else {
            self.spec.devices.iter().map(|(hw, _)| hw.clone()).collect()
        }
    }

    pub fn devices(&self) -> Vec<Device> {
        if self.spec.devices.is_empty() {
            return vec![Device { hw: self.spec.cn.clone(), text: self.spec.dn.clone() }];
        }
        self.spec.devices.iter().map(|(hw, text)| Device { hw: hw.clone(), text: text.clone() }).collect()
    }

    /// The UserInfo of this entry; `channel` and `alert` come from the call
    /// table.
    pub fn info(&self, channel: i32, alert: i32) -> UserInfo {
        let s = &self.spec;
        UserInfo {
            active: true,
            cn: s.cn.clone(),
            dn: s.dn.clone(),
            r#type: s.kind.clone(),
            e164: s.e164.clone(),
            h323: s.h323.clone(),
            state: i32::from(self.registered()),
            channel,
            alert,
            guid: s.guid.clone(),
            groups: s
                .groups
                .iter()
                .map(|(group, active)| Group { group: group.clone(), active: *active })
                .collect(),
            presence: self.presence.clone(),
            email: s.email.clone(),
            object: Some(if s.kind == "ep" { "user".to_owned() } else { s.kind.clone() }),
            h323email: Some(false),
            ..UserInfo::default()
        }
    }
}

/// The record that ends the initial user list of a session: a UserInfo
/// with an empty cn.
pub(super) fn end_of_list() -> UserInfo {
    UserInfo::default()
}

/// The UserInfo posted when an object leaves a session's scope.
pub(super) fn gone(cn: &str, guid: &str) -> UserInfo {
    UserInfo { active: false, cn: cn.to_owned(), guid: guid.to_owned(), ..UserInfo::default() }
}

#[derive(Debug, Default)]
pub(super) struct Directory {
    entries: BTreeMap<String, Entry>,
    next_guid: u64,
}

/// Which field a FindUser listing runs along.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListBy {
    Cn,
    H323,
    E164,
}

impl Directory {
    pub fn add(&mut self, mut spec: UserSpec) -> MockResult<()> {
        if spec.cn.trim().is_empty() {
            refuse!("a PBX object needs a non-empty cn");
        }
        if self.entries.contains_key(&spec.cn) {
            refuse!("there is already an object with cn {:?}", spec.cn);
        }
        if !spec.e164.is_empty() && self.entries.values().any(|e| e.spec.e164 == spec.e164) {
            refuse!("extension {:?} is taken", spec.e164);
        }
        if !spec.h323.is_empty() && self.by_h323(&spec.h323).is_some() {
            refuse!("h323 name {:?} is taken", spec.h323);
        }
        if spec.dn.is_empty() {
            spec.dn = spec.cn.clone();
        }
        if spec.guid.is_empty() {
            self.next_guid += 1;
            spec.guid = format!("{:032x}", 0x1a2b_0000_0000_u64 + self.next_guid);
        }
        let entry = Entry { spec, registrations: BTreeSet::new(), presence: None };
        self.entries.insert(entry.spec.cn.clone(), entry);
        Ok(())
    }

    pub fn remove(&mut self, cn: &str) -> MockResult<Entry> {
        match self.entries.remove(cn) {
            Some(entry) => Ok(entry),
            None => refuse!("no PBX object with cn {cn:?}"),
        }
    }

    pub fn get(&self, cn: &str) -> Option<&Entry> {
        self.entries.get(cn)
    }

    pub fn entry(&self, cn: &str) -> MockResult<&Entry> {
        match self.entries.get(cn) {
            Some(e) => Ok(e),
            None => refuse!("no PBX object with cn {cn:?}"),
        }
    }

    pub fn entry_mut(&mut self, cn: &str) -> MockResult<&mut Entry> {
        match self.entries.get_mut(cn) {
            Some(e) => Ok(e),
            None => refuse!("no PBX object with cn {cn:?}"),
        }
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    pub fn by_h323(&self, h323: &str) -> Option<&Entry> {
        self.entries.values().find(|e| !e.spec.h323.is_empty() && e.spec.h323.eq_ignore_ascii_case(h323))
    }

    pub fn by_e164(&self, e164: &str) -> Option<&Entry> {
        self.entries.values().find(|e| !e.spec.e164.is_empty() && e.spec.e164 == e164)
    }

    pub fn by_guid(&self, guid: &str) -> Option<&Entry> {
        self.entries.values().find(|e| e.spec.guid.eq_ignore_ascii_case(guid))
    }

    /// A destination as UserCall and UserRedirect name it: by cn first,
    /// then h323 name, then extension.
    pub fn destination(&self, cn: &str, e164: &str, h323: &str) -> Option<&Entry> {
        if !cn.is_empty() {
            return self.entries.get(cn);
        }
        if !h323.is_empty() {
            return self.by_h323(h323);
        }
        if !e164.is_empty() {
            return self.by_e164(e164);
        }
        None
    }

    /// The cns a session of `user` sees: every member of the groups `user`
    /// is an active member of, or only `user` when it is active in none.
    pub fn scope(&self, user: &str) -> BTreeSet<String> {
        let Some(me) = self.entries.get(user) else {
            return BTreeSet::new();
        };
        let active: BTreeSet<&str> =
            me.spec.groups.iter().filter(|(_, active)| *active).map(|(g, _)| g.as_str()).collect();
        if active.is_empty() {
            return BTreeSet::from([user.to_owned()]);
        }
        self.entries
            .values()
            .filter(|e| e.spec.groups.iter().any(|(g, _)| active.contains(g.as_str())))
            .map(|e| e.spec.cn.clone())
            .collect()
    }

    /// The entries FindUser lists: sorted along `by` (case-insensitively),
    /// from `start` on (after it with `after`), hidden ones only with
    /// `nohide`, at most `count`.
    pub fn list(&self, by: ListBy, start: &str, after: bool, nohide: bool, count: usize) -> Vec<&Entry> {
        let key = |e: &Entry| -> String {
            match by {
                ListBy::Cn => e.spec.cn.to_lowercase(),
                ListBy::H323 => e.spec.h323.to_lowercase(),
                ListBy::E164 => e.spec.e164.clone(),
            }
        };
        let start = if by == ListBy::E164 { start.to_owned() } else { start.to_lowercase() };
        let mut found: Vec<(String, &Entry)> = self
            .entries
            .values()
            .filter(|e| nohide || !e.spec.hidden)
            .map(|e| (key(e), e))
            .filter(|(k, _)| !k.is_empty())
            .filter(|(k, _)| if after { k.as_str() > start.as_str() } else { k.as_str() >= start.as_str() })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.spec.cn.cmp(&b.1.spec.cn)));
        found.into_iter().take(count).map(|(_, e)| e).collect()
    }

    /// UserFindDestination: `(incomplete, found)`. A number is incomplete
    /// when it is a proper prefix of some extension and no extension
    /// equals it.
    pub fn find_destination(&self, e164: &str, h323: &str) -> (bool, Option<&Entry>) {
        if !e164.is_empty() {
            if let Some(e) = self.by_e164(e164) {
                return (false, Some(e));
            }
            let longer = self
                .entries
                .values()
                .any(|e| e.spec.e164.len() > e164.len() && e.spec.e164.starts_with(e164));
            return (longer, None);
        }
        if !h323.is_empty() {
            return (false, self.by_h323(h323));
        }
        (false, None)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn directory() -> Directory {
        let mut d = Directory::default();
        d.add(UserSpec::new("API", "").group("all", true)).unwrap();
        d.add(UserSpec::new("alice", "201").group("all", false)).unwrap();
        d.add(UserSpec::new("Bob", "202").group("all", false)).unwrap();
        d.add(UserSpec::new("Carol", "2031").hidden()).unwrap();
        d
    }

    #[test]
    fn scope_is_the_active_groups_or_the_user_alone() {
        let d = directory();
        let all: Vec<_> = d.scope("API").into_iter().collect();
        assert_eq!(all, ["API", "Bob", "alice"]);
        assert_eq!(d.scope("Carol").into_iter().collect::<Vec<_>>(), ["Carol"]);
        assert!(d.scope("nobody").is_empty());
    }

    #[test]
    fn listing_is_alphabetical_case_insensitive_and_pages() {
        let d = directory();
        let cns = |v: Vec<&Entry>| v.into_iter().map(|e| e.spec.cn.clone()).collect::<Vec<_>>();
        assert_eq!(cns(d.list(ListBy::Cn, "", false, false, 20)), ["alice", "API", "Bob"]);
        assert_eq!(cns(d.list(ListBy::Cn, "", false, true, 2)), ["alice", "API"]);
        assert_eq!(cns(d.list(ListBy::Cn, "API", true, true, 20)), ["Bob", "Carol"]);
        assert_eq!(cns(d.list(ListBy::Cn, "b", false, false, 20)), ["Bob"]);
        assert_eq!(cns(d.list(ListBy::E164, "202", false, true, 20)), ["Bob", "Carol"]);
    }

    #[test]
    fn destinations_and_incomplete_numbers() {
        let d = directory();
        assert_eq!(d.find_destination("202", "").1.map(|e| e.spec.cn.as_str()), Some("Bob"));
        assert!(d.find_destination("203", "").0);
        assert!(!d.find_destination("9", "").0);
        assert_eq!(d.find_destination("", "BOB").1.map(|e| e.spec.cn.as_str()), Some("Bob"));
    }

    #[test]
    fn names_numbers_and_h323_names_are_unique() {
        let mut d = directory();
        assert!(d.add(UserSpec::new("Dan", "202")).is_err());
        assert!(d.add(UserSpec::new("Dan", "204").h323("bob")).is_err());
        assert!(d.add(UserSpec::new("Bob", "205")).is_err());
        assert!(d.add(UserSpec::new(" ", "206")).is_err());
        d.add(UserSpec::new("Dan", "204")).unwrap();
        assert_eq!(d.entry("Dan").unwrap().spec.guid.len(), 32);
    }
}
