//! The mock PBX's state: directory, sessions, user handles and call legs,
//! and how a change becomes events in the sessions that see it. The call
//! flows are in `flows.rs`, the SOAP operations in `ops.rs`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::calls::{Leg, no};
use super::control::{MessageSent, Signal};
use super::directory::{Directory, end_of_list, gone};
use super::sessions::{Handle, Queued, Session};
use crate::innovaphone::{InitializeRequest, InitializeResponse, No, UserInfo, UserInitializeRequest};
use crate::mock::{MockResult, refuse};

/// Settings of the simulated PBX (see `MockPbxBuilder`).
#[derive(Debug, Clone)]
pub(super) struct Config {
    /// Events per Poll answer at most (the initial user list comes in
    /// parts of this size).
    pub poll_batch: usize,
    /// How long a Poll waits for an event before answering empty.
    pub poll_hold: Duration,
    /// A session without requests for this long ends (a pending Poll
    /// counts as a request).
    pub session_idle: Duration,
    /// A session ends this long after the last HTTP connection that
    /// carried its requests closed.
    pub session_linger: Duration,
    /// FindUser's largest `count`; more is refused.
    pub find_user_max: i32,
    /// Numbers starting with it leave the PBX (a trunk): they ring an
    /// external party.
    pub trunk_prefix: String,
    /// The administrator's HTTP login name.
    pub admin_user: String,
    pub gatekeeper_id: String,
    pub location: String,
    pub firmware: String,
    pub serial: String,
    /// Other PBX nodes' SOAP URLs by location name, for LocationUrl.
    pub locations: BTreeMap<String, String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            poll_batch: 20,
            poll_hold: Duration::from_secs(2),
            session_idle: Duration::from_secs(30),
            session_linger: Duration::from_secs(1),
            find_user_max: 100,
            trunk_prefix: "0".to_owned(),
            admin_user: "admin".to_owned(),
            gatekeeper_id: "mock.pbx".to_owned(),
            location: "mock".to_owned(),
            firmware: "pbx-soap mock (pbx10_00)".to_owned(),
            serial: "00-00-00-00-00-00".to_owned(),
            locations: BTreeMap::new(),
        }
    }
}

#[derive(Debug)]
pub(super) struct Pbx {
    pub cfg: Config,
    pub dir: Directory,
    pub legs: BTreeMap<i32, Leg>,
    pub sessions: BTreeMap<i32, Session>,
    pub handles: BTreeMap<i32, Handle>,
    /// The mock's own SOAP URL, once it listens.
    pub url: String,
    pub signals: Vec<Signal>,
    pub messages: Vec<MessageSent>,
    pub admin_commands: Vec<String>,
    /// The test's answers to Admin commands.
    pub admin_reply: Option<AdminReply>,
    /// Sessions ended by End, by idling out, or by their user's removal.
    pub ended_sessions: Vec<i32>,
    next_session: i32,
    next_handle: i32,
    next_leg: i32,
    next_conf: u64,
}

/// Handle numbers live in ranges of their own, so that a session handle
/// passed where a user or call handle belongs is refused, not mistaken.
const FIRST_SESSION: i32 = 1;
const FIRST_HANDLE: i32 = 10_001;
const FIRST_LEG: i32 = 50_001;

impl Pbx {
    pub fn new(cfg: Config) -> Pbx {
        Pbx {
            cfg,
            dir: Directory::default(),
            legs: BTreeMap::new(),
            sessions: BTreeMap::new(),
            handles: BTreeMap::new(),
            url: String::new(),
            signals: Vec::new(),
            messages: Vec::new(),
            admin_commands: Vec::new(),
            admin_reply: None,
            ended_sessions: Vec::new(),
            next_session: FIRST_SESSION,
            next_handle: FIRST_HANDLE,
            next_leg: FIRST_LEG,
            next_conf: 0,
        }
    }

    pub fn next_leg_id(&mut self) -> i32 {
        let id = self.next_leg;
        self.next_leg += 1;
        id
    }

    pub fn next_conf(&mut self) -> String {
        self.next_conf += 1;
        format!("{:032x}", 0xc0f0_0000_0000_u64 + self.next_conf)
    }

    // ---- events ---------------------------------------------------------

    /// (channel, alert) of `cn`: its active calls and those ringing at its
    /// devices.
    pub fn counts(&self, cn: &str) -> (i32, i32) {
        let mine = self.legs.values().filter(|l| l.owner == cn && l.active);
        let (mut channel, mut alert) = (0, 0);
        for leg in mine {
            channel += 1;
            alert += i32::from(leg.ringing());
        }
        (channel, alert)
    }

    pub fn user_info(&self, cn: &str) -> Option<UserInfo> {
        let (channel, alert) = self.counts(cn);
        self.dir.get(cn).map(|e| e.info(channel, alert))
    }

    /// Queues `cn`'s UserInfo in every session that sees it.
    pub fn post_user(&mut self, cn: &str) {
        let Some(info) = self.user_info(cn) else { return };
        for s in self.sessions.values_mut().filter(|s| s.visible.contains(cn)) {
            s.push(Queued::User(Box::new(info.clone())));
        }
    }

    /// Queues leg `id`'s CallInfo for every user handle watching its owner.
    pub fn post_leg(&mut self, id: i32) {
        let Some(leg) = self.legs.get(&id) else { return };
        let events: Vec<(i32, _)> = self
            .handles
            .values()
            .filter(|h| h.watches(&leg.owner, &leg.hw))
            .map(|h| (h.session, leg.call_info(h.id)))
            .collect();
        for (session, info) in events {
            if let Some(s) = self.sessions.get_mut(&session) {
                s.push(Queued::Call(info));
            }
        }
    }

    /// Changes leg `id` with `f`, sets its message and posts the result,
    /// and the owner's UserInfo when its call counts changed.
    pub fn change(&mut self, id: i32, msg: &str, f: impl FnOnce(&mut Leg)) {
        let Some(owner) = self.legs.get(&id).map(|l| l.owner.clone()) else { return };
        let before = self.counts(&owner);
        if let Some(leg) = self.legs.get_mut(&id) {
            f(leg);
            leg.msg = msg.to_owned();
        }
        self.post_leg(id);
        if self.counts(&owner) != before {
            self.post_user(&owner);
        }
    }

    /// Adds `leg` and posts its first event (message `msg`), and its
    /// owner's UserInfo with the new call count.
    pub fn open_leg(&mut self, leg: Leg, msg: &str) {
        let (id, owner) = (leg.id, leg.owner.clone());
        let before = self.counts(&owner);
        self.legs.insert(id, leg);
        self.change(id, msg, |_| {});
        if self.counts(&owner) == before {
            return;
        }
        // `change` saw the count with the leg already in.
        self.post_user(&owner);
    }

    /// The final event of leg `id` (`active` false), then the leg is gone.
    pub fn release(&mut self, id: i32, msg: &str) {
        self.change(id, msg, |l| l.active = false);
        self.legs.remove(&id);
    }

    /// After a directory change: tells each session about objects that
    /// entered its scope (their UserInfo) and left it (`active` false).
    pub fn refresh_scopes(&mut self) {
        let ids: Vec<i32> = self.sessions.keys().copied().collect();
        for id in ids {
            let Some(s) = self.sessions.get(&id) else { continue };
            let now = self.dir.scope(&s.user);
            let entered: Vec<String> = now.difference(&s.visible).cloned().collect();
            let left: Vec<String> = s.visible.difference(&now).cloned().collect();
            let infos: Vec<UserInfo> = entered.iter().filter_map(|cn| self.user_info(cn)).collect();
            let Some(s) = self.sessions.get_mut(&id) else { continue };
            for info in infos {
                s.push(Queued::User(Box::new(info)));
            }
            for cn in left {
                s.push(Queued::User(Box::new(gone(&cn, ""))));
            }
            s.visible = now;
        }
    }

    /// The `peer` No record for the PBX object `cn`.
    pub fn no_of(&self, kind: &str, cn: &str) -> No {
        match self.dir.get(cn) {
            Some(e) => no(kind, &e.spec.cn, &e.spec.dn, &e.spec.e164, &e.spec.h323),
            None => no(kind, cn, cn, "", ""),
        }
    }

    // ---- sessions and handles ---------------------------------------------

    /// Ends sessions idle for longer than the configured time, and those
    /// whose last connection closed longer than the linger time ago.
    pub fn expire(&mut self, now: Instant) {
        let (idle, linger) = (self.cfg.session_idle, self.cfg.session_linger);
        let idled = |s: &Session| s.polling == 0 && now.saturating_duration_since(s.last_seen) > idle;
        let orphaned = |s: &Session| {
            s.connections.is_empty() && s.orphaned.is_some_and(|t| now.saturating_duration_since(t) > linger)
        };
        let stale: Vec<i32> =
            self.sessions.values().filter(|s| idled(s) || orphaned(s)).map(|s| s.id).collect();
        for id in stale {
            tracing::debug!(session = id, "mock innovaphone session idled out");
            self.end_session(id);
        }
    }

    pub fn end_session(&mut self, id: i32) {
        if let Some(s) = self.sessions.remove(&id) {
            // A Poll still waiting learns that its session is gone.
            s.notify.notify_waiters();
            self.handles.retain(|_, h| h.session != id);
            self.ended_sessions.push(id);
        }
    }

    /// The session `id`, marked as used now.
    pub fn session(&mut self, id: i32, now: Instant) -> MockResult<&mut Session> {
        match self.sessions.get_mut(&id) {
            Some(s) => {
                s.last_seen = now;
                Ok(s)
            }
            None => refuse!("no session {id} (never opened, ended, or idled out)"),
        }
    }

    /// The user handle `id`, its session marked as used now.
    pub fn handle(&mut self, id: i32, now: Instant) -> MockResult<Handle> {
        let Some(h) = self.handles.get(&id).cloned() else {
            refuse!("no user handle {id} (UserInitialize gives one; UserEnd or the session's end frees it)")
        };
        self.session(h.session, now)?;
        Ok(h)
    }

    /// Initialize: handle 0 for an unknown user, a request without every
    /// version flag, or an HTTP login that is neither the user nor the
    /// administrator.
    pub fn initialize(
        &mut self,
        req: &InitializeRequest,
        login: Option<&str>,
        now: Instant,
    ) -> InitializeResponse {
        let refused = InitializeResponse { r#return: 0, key: 0 };
        if !(req.v && req.v501 && req.v700 && req.v800 && req.vx1000) {
            tracing::debug!("mock innovaphone: Initialize without every version flag");
            return refused;
        }
        if self.dir.get(&req.user).is_none() {
            return refused;
        }
        if let Some(login) = login
            && login != self.cfg.admin_user
            && login != req.user
        {
            tracing::debug!(login, user = %req.user, "mock innovaphone: Initialize for another user");
            return refused;
        }
        let id = self.next_session;
        self.next_session += 1;
        let key = random_key();
        let visible = self.dir.scope(&req.user);
        let mut queue: VecDeque<Queued> =
            visible.iter().filter_map(|cn| self.user_info(cn)).map(|u| Queued::User(Box::new(u))).collect();
        queue.push_back(Queued::User(Box::new(end_of_list())));
        let session = Session {
            id,
            key,
            user: req.user.clone(),
            appl: req.appl.clone(),
            login: login.map(str::to_owned),
            last_seen: now,
            polling: 0,
            queue,
            visible,
            notify: Arc::new(Notify::new()),
            connections: BTreeSet::new(),
            orphaned: None,
        };
        self.sessions.insert(id, session);
        InitializeResponse { r#return: id, key }
    }

    /// UserInitialize: 0 for an unknown session or a user outside its
    /// scope. Calls the user has already are reported at once.
    pub fn user_initialize(&mut self, req: &UserInitializeRequest, now: Instant) -> i32 {
        let Ok(session) = self.session(req.session, now) else { return 0 };
        if !session.visible.contains(&req.user) {
            return 0;
        }
        let id = self.next_handle;
        self.next_handle += 1;
        let handle = Handle {
            id,
            session: req.session,
            cn: req.user.clone(),
            xfer: req.xfer,
            disc: req.disc,
            hw: req.hw.clone(),
        };
        let existing: Vec<_> =
            self.legs.values().filter(|l| handle.watches(&l.owner, &l.hw)).map(|l| l.call_info(id)).collect();
        self.handles.insert(id, handle);
        if let Some(s) = self.sessions.get_mut(&req.session) {
            for info in existing {
                s.push(Queued::Call(info));
            }
        }
        id
    }

    /// Whether a handle with `disc` watches `owner`'s device `hw`.
    pub fn disc_watched(&self, owner: &str, hw: &str) -> bool {
        self.handles.values().any(|h| h.disc && h.watches(owner, hw))
    }

    /// Whether a handle with `xfer` watches `owner`'s device `hw`.
    pub fn xfer_watched(&self, owner: &str, hw: &str) -> bool {
        self.handles.values().any(|h| h.xfer && h.watches(owner, hw))
    }

    /// The cns of the users in groups `cn` belongs to, `cn` excluded.
    pub fn group_mates(&self, cn: &str) -> BTreeSet<String> {
        let Some(me) = self.dir.get(cn) else { return BTreeSet::new() };
        let groups: BTreeSet<&str> = me.spec.groups.iter().map(|(g, _)| g.as_str()).collect();
        self.dir
            .entries()
            .filter(|e| e.spec.cn != cn && e.spec.groups.iter().any(|(g, _)| groups.contains(g.as_str())))
            .map(|e| e.spec.cn.clone())
            .collect()
    }
}

/// The answer to an Admin command, given by the test.
#[derive(Clone)]
pub(super) struct AdminReply(pub Arc<dyn Fn(&str) -> String + Send + Sync>);

impl std::fmt::Debug for AdminReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdminReply(..)")
    }
}

/// A positive random number for Initialize's `key`.
fn random_key() -> i32 {
    let mut bytes = [0u8; 4];
    if getrandom::getrandom(&mut bytes).is_err() {
        // Echo only compares it; a fixed key still works.
        return 0x5eed;
    }
    (i32::from_le_bytes(bytes) & 0x7fff_ffff).max(1)
}
