//! The events of a session as an async stream of repeated `Poll` calls.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;

use super::{AnyInfo, CallInfo, PbxPort, UserInfo};
use crate::rt::Error;

/// One event of a session.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Event {
    /// A registration's state (sent once per user in scope after
    /// `Initialize`, then on every change; `active == false` when a user
    /// leaves the scope). Boxed: a UserInfo is four times a CallInfo.
    User(Box<UserInfo>),
    /// The initial list of users is complete. The PBX marks its end with a
    /// UserInfo whose `cn` is empty; that record is turned into this event
    /// instead of being passed on as a user.
    InitialUsersComplete,
    /// A call's state, for users initialised with `UserInitialize` (use
    /// [`CallInfo::call_state`] to read `state`).
    Call(CallInfo),
}

/// How [`Events`] polls.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EventOptions {
    /// Pause after a `Poll` that returned nothing, before the next one. The
    /// PBX holds a `Poll` open while nothing happens, so this matters only
    /// for servers that answer at once; events that arrive meanwhile are
    /// queued in the session and come with the next `Poll`.
    pub idle_pause: Duration,
}

impl Default for EventOptions {
    fn default() -> Self {
        EventOptions { idle_pause: Duration::from_millis(500) }
    }
}

impl EventOptions {
    /// The options with `idle_pause` set.
    pub fn idle_pause(mut self, pause: Duration) -> Self {
        self.idle_pause = pause;
        self
    }
}

type Pending<'a> = Pin<Box<dyn Future<Output = Result<AnyInfo, Error>> + Send + 'a>>;

/// The stream [`super::Session::events`] returns: users first, then calls,
/// of each `Poll` answer in the order the PBX sent them.
///
/// The stream never ends on its own; it yields an error once (a failed
/// `Poll`) and ends after it, since the session is then most likely gone.
/// Drop it to stop polling; no `Poll` is sent while nobody asks for the
/// next event.
pub struct Events<'a> {
    port: &'a PbxPort,
    session: i32,
    options: EventOptions,
    queue: VecDeque<Event>,
    pending: Option<Pending<'a>>,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
    failed: bool,
}

impl std::fmt::Debug for Events<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Events")
            .field("session", &self.session)
            .field("queued", &self.queue.len())
            .field("polling", &self.pending.is_some())
            .field("failed", &self.failed)
            .finish()
    }
}

impl<'a> Events<'a> {
    pub(crate) fn new(port: &'a PbxPort, session: i32, options: EventOptions) -> Self {
        Events { port, session, options, queue: VecDeque::new(), pending: None, pause: None, failed: false }
    }

    fn enqueue(&mut self, info: AnyInfo) {
        for user in info.user {
            if user.cn.is_empty() {
                self.queue.push_back(Event::InitialUsersComplete);
            } else {
                self.queue.push_back(Event::User(Box::new(user)));
            }
        }
        self.queue.extend(info.call.into_iter().map(Event::Call));
    }
}

impl Stream for Events<'_> {
    type Item = Result<Event, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(event) = this.queue.pop_front() {
                return Poll::Ready(Some(Ok(event)));
            }
            if this.failed {
                return Poll::Ready(None);
            }
            if let Some(pause) = &mut this.pause {
                if pause.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                this.pause = None;
            }
            let port = this.port;
            let session = this.session;
            let pending = this.pending.get_or_insert_with(|| Box::pin(port.poll(session)));
            let answer = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(answer) => answer,
            };
            this.pending = None;
            match answer {
                Ok(info) => {
                    this.enqueue(info);
                    if this.queue.is_empty() && !this.options.idle_pause.is_zero() {
                        this.pause = Some(Box::pin(tokio::time::sleep(this.options.idle_pause)));
                    }
                }
                Err(e) => {
                    this.failed = true;
                    return Poll::Ready(Some(Err(e)));
                }
            }
        }
    }
}
