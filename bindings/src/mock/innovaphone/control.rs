//! What a test does to the mock PBX from outside SOAP: change the
//! directory, register and unregister devices, make phones ring, answer and
//! hang up, and look at what the clients did.

use std::sync::Arc;

use super::calls::CAUSE_NORMAL;
use super::directory::UserSpec;
use super::shared::Shared;
use crate::innovaphone::{CallInfo, UserInfo};
use crate::mock::{MockResult, refuse};

/// The test's handle on a running innovaphone mock (cheap to clone). Every
/// change is reported to the sessions that see it, as the PBX would: a
/// UserInfo for a registration or a call count, a CallInfo for each step
/// of a call of a user someone called UserInitialize for.
#[derive(Debug, Clone)]
pub struct Control {
    pub(super) shared: Arc<Shared>,
}

/// A call leg as the PBX holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallView {
    /// The PBX object the leg belongs to.
    pub owner: String,
    /// The device (hardware id) it is on; `park-<n>` for a parked call.
    pub hw: String,
    /// The leg as a CallInfo (`user` is 0; `call` is the leg's handle).
    pub info: CallInfo,
}

/// A session as the PBX holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionView {
    pub id: i32,
    /// The user whose scope the session sees.
    pub user: String,
    pub appl: String,
    /// The HTTP login that opened it, when the server passed it on.
    pub login: Option<String>,
    /// Events waiting for the next Poll.
    pub queued: usize,
    /// Its user handles (UserInitialize), with the user each watches.
    pub handles: Vec<(i32, String)>,
}

/// Something a client sent on a call that has no effect the mock can show
/// in a CallInfo: recorded in order for the test to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// UserDTMF.
    Dtmf { call: i32, recv: bool, digits: String },
    /// UserUUI (with `recv` false it also reaches the other party's leg).
    Uui { call: i32, recv: bool, uui: String },
    /// UserInfo (the operation): an INFO message.
    Info { call: i32, recv: bool, cdpn: String, key: String, dsp: String },
    /// UserRc: a remote control facility code.
    Rc { call: i32, rc: i32 },
    /// UserMediaTransfer.
    MediaTransfer { a: i32, b: i32, user: bool, peer: bool },
}

/// A message sent with UserMessage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSent {
    /// The handle UserMessage returned.
    pub id: i32,
    /// The sending user (cn) and the recipient (cn).
    pub from: String,
    pub to: String,
    pub text: String,
    pub src_e164: String,
    pub src_h323: String,
}

impl Control {
    /// Adds a PBX object; sessions whose scope it joins get its UserInfo.
    ///
    /// # Errors
    ///
    /// An empty or taken cn, a taken extension or h323 name.
    pub fn add_user(&self, spec: UserSpec) -> MockResult<()> {
        let mut pbx = self.shared.lock();
        pbx.dir.add(spec)?;
        pbx.refresh_scopes();
        Ok(())
    }

    /// Deletes a PBX object: its calls are cleared and sessions that saw it
    /// get a UserInfo with `active` false. Its sessions stay, with an empty
    /// scope.
    ///
    /// # Errors
    ///
    /// No such object.
    pub fn remove_user(&self, cn: &str) -> MockResult<()> {
        let mut pbx = self.shared.lock();
        pbx.dir.entry(cn)?;
        let calls: Vec<i32> = pbx.legs.values().filter(|l| l.owner == cn).map(|l| l.id).collect();
        for id in calls {
            // Already gone when it was the other end of an earlier one.
            let _ = pbx.clear(id, true, CAUSE_NORMAL);
            pbx.legs.remove(&id);
        }
        pbx.handles.retain(|_, h| h.cn != cn);
        pbx.dir.remove(cn)?;
        pbx.refresh_scopes();
        Ok(())
    }

    /// Makes `cn` a member of `group` (`Some(active)`) or takes it out
    /// (`None`); scopes follow.
    ///
    /// # Errors
    ///
    /// No such object.
    pub fn set_group(&self, cn: &str, group: &str, membership: Option<bool>) -> MockResult<()> {
        let mut pbx = self.shared.lock();
        let entry = pbx.dir.entry_mut(cn)?;
        entry.spec.groups.retain(|(g, _)| g != group);
        if let Some(active) = membership {
            entry.spec.groups.push((group.to_owned(), active));
        }
        pbx.refresh_scopes();
        pbx.post_user(cn);
        Ok(())
    }

    /// `cn`'s first device registers (see [`Control::register_device`]).
    ///
    /// # Errors
    ///
    /// No such object.
    pub fn register(&self, cn: &str) -> MockResult<()> {
        let hw = self.shared.lock().dir.entry(cn)?.device_ids().into_iter().next().unwrap_or_default();
        self.register_device(cn, &hw)
    }

    /// Device `hw` of `cn` registers: `cn`'s UserInfo shows `state` 1.
    ///
    /// # Errors
    ///
    /// No such object, or `hw` is not one of its devices.
    pub fn register_device(&self, cn: &str, hw: &str) -> MockResult<()> {
        let mut pbx = self.shared.lock();
        let entry = pbx.dir.entry_mut(cn)?;
        if !entry.device_ids().iter().any(|d| d == hw) {
            refuse!("{cn:?} has no device {hw:?}")
        }
        if entry.registrations.insert(hw.to_owned()) {
            pbx.post_user(cn);
        }
        Ok(())
    }

    /// Every device of `cn` unregisters; calls on them are cleared.
    ///
    /// # Errors
    ///
    /// No such object.
    pub fn unregister(&self, cn: &str) -> MockResult<()> {
        let mut pbx = self.shared.lock();
        pbx.dir.entry(cn)?;
        let calls: Vec<i32> = pbx.legs.values().filter(|l| l.owner == cn && l.live()).map(|l| l.id).collect();
        for id in calls {
            let _ = pbx.clear(id, true, CAUSE_NORMAL);
        }
        let entry = pbx.dir.entry_mut(cn)?;
        if !entry.registrations.is_empty() {
            entry.registrations.clear();
            pbx.post_user(cn);
        }
        Ok(())
    }

    /// A call from outside the PBX (`from`, with display name `name`) rings
    /// at `to`'s registered device. Returns the call's handle.
    ///
    /// # Errors
    ///
    /// No such object, or it has no registered device.
    pub fn offer_call(&self, from: &str, name: &str, to: &str) -> MockResult<i32> {
        self.shared.lock().offer(from, name, to)
    }

    /// `from`'s phone dials `number` (an extension, an h323 name, or a
    /// number with the trunk prefix, `0` by default, for outside). Returns
    /// the caller's leg.
    ///
    /// # Errors
    ///
    /// No such object, or it has no registered device.
    pub fn dial(&self, from: &str, number: &str) -> MockResult<i32> {
        let mut pbx = self.shared.lock();
        let by_name = pbx.dir.by_h323(number).map(|e| e.spec.cn.clone());
        match by_name {
            Some(cn) => pbx.originate(from, "", (&cn, "", ""), ""),
            None => pbx.originate(from, "", ("", number, ""), ""),
        }
    }

    /// The device of call `call` (ringing there) answers.
    ///
    /// # Errors
    ///
    /// No such call, or it is not ringing at its device.
    pub fn answer(&self, call: i32) -> MockResult<()> {
        self.shared.lock().answer(call)
    }

    /// `cn`'s device answers its (first) ringing call; returns that call.
    ///
    /// # Errors
    ///
    /// Nothing rings at `cn`.
    pub fn answer_at(&self, cn: &str) -> MockResult<i32> {
        let mut pbx = self.shared.lock();
        let Some(id) = pbx.legs.values().find(|l| l.owner == cn && l.ringing()).map(|l| l.id) else {
            refuse!("nothing rings at {cn:?}")
        };
        pbx.answer(id)?;
        Ok(id)
    }

    /// The device of call `call` hangs up (rejects it if ringing; ends a
    /// call kept for UserInitialize's `disc`).
    ///
    /// # Errors
    ///
    /// No such call.
    pub fn hang_up(&self, call: i32) -> MockResult<()> {
        self.shared.lock().on_hook(call)
    }

    /// The outside party call `call` rings answers.
    ///
    /// # Errors
    ///
    /// The call does not ring outside.
    pub fn remote_answer(&self, call: i32) -> MockResult<()> {
        self.shared.lock().remote_answer(call)
    }

    /// The party at the other end of call `call` hangs up.
    ///
    /// # Errors
    ///
    /// No such call, or nobody at its other end.
    pub fn remote_hang_up(&self, call: i32) -> MockResult<()> {
        self.shared.lock().remote_hang_up(call)
    }

    /// `cn`'s UserInfo as a session would get it now.
    pub fn user(&self, cn: &str) -> Option<UserInfo> {
        self.shared.lock().user_info(cn)
    }

    /// Every call leg, in handle order.
    pub fn calls(&self) -> Vec<CallView> {
        let pbx = self.shared.lock();
        pbx.legs
            .values()
            .map(|l| CallView { owner: l.owner.clone(), hw: l.hw.clone(), info: l.call_info(0) })
            .collect()
    }

    /// The open sessions.
    pub fn sessions(&self) -> Vec<SessionView> {
        let pbx = self.shared.lock();
        pbx.sessions
            .values()
            .map(|s| SessionView {
                id: s.id,
                user: s.user.clone(),
                appl: s.appl.clone(),
                login: s.login.clone(),
                queued: s.queue.len(),
                handles: pbx
                    .handles
                    .values()
                    .filter(|h| h.session == s.id)
                    .map(|h| (h.id, h.cn.clone()))
                    .collect(),
            })
            .collect()
    }

    /// Sessions that have ended (End, idle, ...), oldest first.
    pub fn ended_sessions(&self) -> Vec<i32> {
        self.shared.lock().ended_sessions.clone()
    }

    /// The signals clients sent on calls, oldest first.
    pub fn signals(&self) -> Vec<Signal> {
        self.shared.lock().signals.clone()
    }

    /// The messages clients sent, oldest first.
    pub fn messages(&self) -> Vec<MessageSent> {
        self.shared.lock().messages.clone()
    }

    /// The Admin commands clients sent, oldest first.
    pub fn admin_commands(&self) -> Vec<String> {
        self.shared.lock().admin_commands.clone()
    }

    /// The SOAP URL other nodes' LocationUrl names for location `name`
    /// (see `MockPbxBuilder::location`).
    pub fn set_location(&self, name: &str, url: &str) {
        self.shared.lock().cfg.locations.insert(name.to_owned(), url.to_owned());
    }
}
