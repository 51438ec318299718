//! The simulated Brekeke PBX's data: users with properties, and the
//! click-to-call sessions placed through callControl or the 3PCC URL.

use std::collections::BTreeMap;

use crate::mock::{MockError, MockResult};

/// The user properties the mock knows (getUserPropertyNames).
pub const PROPERTY_NAMES: &[&str] = &["name", "password", "email", "language", "description", "pin"];

/// How a click-to-call came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// The SOAP operation callControl.
    Soap,
    /// The plain-HTTP URL `/pbx/3pcc`.
    ThreePcc,
}

/// A click-to-call the PBX accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedCall {
    /// The id of the answer `succeeded: <id>`.
    pub id: String,
    /// The PBX user calling out.
    pub user: String,
    pub from: String,
    pub to: Vec<String>,
    /// `1` (simultaneous) or `2` (caller first).
    pub call_type: String,
    pub tenant: Option<String>,
    pub channel: Channel,
}

/// Axis reports the service's Java exceptions with this fault code.
const USER_EXCEPTION: &str = "Server.userException";

fn refuse(message: String) -> MockError {
    MockError::new(message).with_code(USER_EXCEPTION)
}

#[derive(Debug)]
pub(super) struct Brekeke {
    pub users: BTreeMap<String, BTreeMap<String, String>>,
    pub calls: Vec<PlacedCall>,
    next_call: u64,
}

impl Brekeke {
    pub fn new() -> Brekeke {
        Brekeke { users: BTreeMap::new(), calls: Vec::new(), next_call: 1000 }
    }

    fn user(&self, user: &str) -> MockResult<&BTreeMap<String, String>> {
        self.users.get(user).ok_or_else(|| refuse(format!("no such user: {user}")))
    }

    fn check_property(name: &str) -> MockResult<()> {
        if PROPERTY_NAMES.contains(&name) {
            Ok(())
        } else {
            Err(refuse(format!("no user property {name:?} (known: {})", PROPERTY_NAMES.join(", "))))
        }
    }

    /// createUser: `false` when the user exists.
    pub fn create_user(&mut self, user: &str, password: Option<&str>) -> MockResult<bool> {
        if user.trim().is_empty() {
            return Err(refuse("a user needs a non-empty id".to_owned()));
        }
        if self.users.contains_key(user) {
            return Ok(false);
        }
        let mut props = BTreeMap::new();
        if let Some(password) = password {
            props.insert("password".to_owned(), password.to_owned());
        }
        self.users.insert(user.to_owned(), props);
        Ok(true)
    }

    /// deleteUser: `false` when there is no such user.
    pub fn delete_user(&mut self, user: &str) -> bool {
        self.users.remove(user).is_some()
    }

    /// A property's value ("" when never set).
    pub fn property(&self, user: &str, name: &str) -> MockResult<String> {
        Self::check_property(name)?;
        Ok(self.user(user)?.get(name).cloned().unwrap_or_default())
    }

    pub fn properties(&self, user: &str, names: &[String]) -> MockResult<Vec<String>> {
        names.iter().map(|n| self.property(user, n)).collect()
    }

    pub fn set_property(&mut self, user: &str, name: &str, value: &str) -> MockResult<()> {
        self.set_properties(user, &[name.to_owned()], &[value.to_owned()])
    }

    /// setUserProperties: names and values pair up; all or nothing.
    pub fn set_properties(&mut self, user: &str, names: &[String], values: &[String]) -> MockResult<()> {
        if names.len() != values.len() {
            return Err(refuse(format!("{} property names but {} values", names.len(), values.len())));
        }
        for n in names {
            Self::check_property(n)?;
        }
        self.user(user)?;
        let props = self.users.entry(user.to_owned()).or_default();
        for (n, v) in names.iter().zip(values) {
            props.insert(n.clone(), v.clone());
        }
        Ok(())
    }

    /// A click-to-call from `user`'s `from` to `to`: the caller user must
    /// exist, there must be a callee, and the type must be `1` or `2`.
    pub fn place(&mut self, mut call: PlacedCall) -> MockResult<String> {
        call.to.retain(|t| !t.trim().is_empty());
        if call.user.is_empty() {
            call.user = call.from.clone();
        }
        if call.from.trim().is_empty() || call.to.is_empty() {
            return Err(refuse("a call needs a caller and at least one callee".to_owned()));
        }
        self.user(&call.user)?;
        if !matches!(call.call_type.as_str(), "1" | "2") {
            return Err(refuse(format!(
                "type {:?} is neither 1 (simultaneous) nor 2 (caller first)",
                call.call_type
            )));
        }
        self.next_call += 1;
        call.id = self.next_call.to_string();
        let id = call.id.clone();
        self.calls.push(call);
        Ok(id)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn call(user: &str, to: &[&str], kind: &str) -> PlacedCall {
        PlacedCall {
            id: String::new(),
            user: user.into(),
            from: "4005".into(),
            to: to.iter().map(|t| (*t).to_owned()).collect(),
            call_type: kind.into(),
            tenant: None,
            channel: Channel::Soap,
        }
    }

    #[test]
    fn click_to_call_needs_a_user_a_callee_and_a_known_type() {
        let mut b = Brekeke::new();
        assert!(b.create_user("4005", Some("pw")).unwrap());
        assert!(!b.create_user("4005", None).unwrap());
        assert_eq!(b.place(call("4005", &["4007"], "2")).unwrap(), "1001");
        assert_eq!(b.place(call("", &["4007", ""], "1")).unwrap(), "1002");
        assert_eq!(b.calls[1].to, ["4007"]);
        let err = b.place(call("9999", &["4007"], "2")).unwrap_err();
        assert_eq!((err.code(), err.message()), ("Server.userException", "no such user: 9999"));
        assert!(b.place(call("4005", &[""], "2")).is_err());
        assert!(b.place(call("4005", &["4007"], "3")).is_err());
    }

    #[test]
    fn properties_pair_up_and_must_be_known() {
        let mut b = Brekeke::new();
        b.create_user("4005", Some("pw")).unwrap();
        b.set_properties("4005", &["name".into(), "email".into()], &["Ann".into(), "ann@x".into()]).unwrap();
        let names = ["email".to_owned(), "name".to_owned(), "language".to_owned()];
        assert_eq!(b.properties("4005", &names).unwrap(), ["ann@x", "Ann", ""]);
        assert_eq!(b.property("4005", "password").unwrap(), "pw");
        assert!(b.set_properties("4005", &["name".into()], &[]).is_err());
        assert!(b.set_property("4005", "shoe", "9").unwrap_err().message().contains("shoe"));
        assert!(b.property("4006", "name").is_err());
        assert!(b.delete_user("4005") && !b.delete_user("4005"));
    }
}
