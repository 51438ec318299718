//! Sessions (Initialize .. End) with their event queue, and user handles
//! (UserInitialize .. UserEnd).

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::Notify;

use crate::innovaphone::{AnyInfo, CallInfo, UserInfo};

/// An event waiting for the session's next Poll.
#[derive(Debug, Clone)]
pub(super) enum Queued {
    /// Boxed: a UserInfo is four times a CallInfo.
    User(Box<UserInfo>),
    Call(CallInfo),
}

#[derive(Debug)]
pub(super) struct Session {
    pub id: i32,
    pub key: i32,
    /// The cn whose scope the session sees.
    pub user: String,
    pub appl: String,
    /// The HTTP identity that opened the session, when the server tells.
    pub login: Option<String>,
    pub last_seen: Instant,
    /// Polls waiting for events right now; the session does not idle out
    /// while one is pending.
    pub polling: u32,
    pub queue: VecDeque<Queued>,
    /// The cns in scope the session has been told about.
    pub visible: BTreeSet<String>,
    /// Wakes the session's pending Polls.
    pub notify: Arc<Notify>,
    /// The HTTP connections that have carried the session's requests and
    /// are still open.
    pub connections: BTreeSet<u64>,
    /// When the last of them closed.
    pub orphaned: Option<Instant>,
}

impl Session {
    pub fn push(&mut self, event: Queued) {
        self.queue.push_back(event);
        self.notify.notify_waiters();
    }

    /// The next Poll answer: at most `max` events, in queue order. The
    /// client reads an answer's users before its calls, so an answer ends
    /// before a UserInfo that follows a CallInfo: that UserInfo comes with
    /// the next Poll and the client sees every event in the order it
    /// happened.
    pub fn take(&mut self, max: usize) -> AnyInfo {
        let mut answer = AnyInfo::default();
        while answer.user.len() + answer.call.len() < max {
            match self.queue.front() {
                Some(Queued::User(_)) if !answer.call.is_empty() => break,
                None => break,
                Some(_) => {}
            }
            match self.queue.pop_front() {
                Some(Queued::User(u)) => answer.user.push(*u),
                Some(Queued::Call(c)) => answer.call.push(c),
                None => break,
            }
        }
        answer
    }
}

/// A user handle from UserInitialize.
#[derive(Debug, Clone)]
pub(super) struct Handle {
    pub id: i32,
    pub session: i32,
    pub cn: String,
    /// Also report calls transferred away from the user.
    pub xfer: bool,
    /// Keep cleared calls until the phone goes on hook.
    pub disc: bool,
    /// Only this device's calls (empty: all of the user's devices).
    pub hw: String,
}

impl Handle {
    pub fn watches(&self, owner: &str, hw: &str) -> bool {
        self.cn == owner && (self.hw.is_empty() || self.hw == hw)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn user(cn: &str) -> Queued {
        Queued::User(Box::new(UserInfo { cn: cn.into(), ..UserInfo::default() }))
    }

    fn call(id: i32) -> Queued {
        Queued::Call(CallInfo { call: id, ..CallInfo::default() })
    }

    #[test]
    fn an_answer_never_puts_a_later_user_before_an_earlier_call() {
        let mut s = Session {
            id: 1,
            key: 2,
            user: "API".into(),
            appl: "t".into(),
            login: None,
            last_seen: Instant::now(),
            polling: 0,
            queue: VecDeque::new(),
            visible: BTreeSet::new(),
            notify: Arc::new(Notify::new()),
            connections: BTreeSet::new(),
            orphaned: None,
        };
        for e in [user("a"), user("b"), call(1), call(2), user("c"), call(3), user("d"), user("e"), user("f")]
        {
            s.push(e);
        }
        let a = s.take(20);
        assert_eq!((a.user.len(), a.call.len()), (2, 2));
        let a = s.take(20);
        assert_eq!((a.user[0].cn.as_str(), a.call[0].call), ("c", 3));
        let a = s.take(2);
        assert_eq!(a.user.iter().map(|u| u.cn.as_str()).collect::<Vec<_>>(), ["d", "e"]);
        assert_eq!(s.take(20).user.len(), 1);
        assert_eq!(s.take(20), AnyInfo::default());
    }
}
