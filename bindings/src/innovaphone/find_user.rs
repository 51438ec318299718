//! The whole user list (or the part after a start name) through FindUser,
//! one page at a time, as the Reference10 article prescribes.

use std::collections::VecDeque;

use futures_core::Stream;

use super::session::VERSION_FLAG;
use super::{FindUserRequest, PbxPort, UserInfo};
use crate::rt::Error;

/// Users per `FindUser` call. The article warns that large counts "may
/// fail and even crash the PBX" and names 20 for listing all users.
pub const PAGE_SIZE: i32 = 20;

/// What [`find_users`] searches for. `cn`, `h323` and `e164` are starting
/// points in the PBX's alphabetically sorted object list; with all empty the
/// listing starts at the first object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UserQuery {
    pub cn: String,
    pub h323: String,
    pub e164: String,
    /// Also list objects marked "Hide from LDAP".
    pub nohide: bool,
}

impl UserQuery {
    /// Every user, from the first object on.
    pub fn all() -> Self {
        UserQuery::default()
    }

    /// Users from Long Name `cn` on.
    pub fn from_cn(cn: impl Into<String>) -> Self {
        UserQuery { cn: cn.into(), ..UserQuery::default() }
    }
}

/// Every user `query` reaches, fetched [`PAGE_SIZE`] at a time: the first
/// call with `next = 0`, each later one with `next = 1` starting at the
/// last record received, until a page comes back empty. The start point
/// that moves is the one the query lists by: `h323` or `e164` when only
/// that one is given, `cn` otherwise. No session is needed, only HTTP
/// authentication.
///
/// The stream ends after the first error. A page that does not move past
/// the previous one (a server that ignores `next`) ends it with an
/// [`Error::Refused`] rather than looping.
pub fn find_users(port: &PbxPort, query: UserQuery) -> impl Stream<Item = Result<UserInfo, Error>> + '_ {
    let state = Paging { port, query, last_key: None, buffer: VecDeque::new(), done: false };
    futures_util::stream::unfold(state, |mut s| async move {
        let item = s.next().await?;
        Some((item, s))
    })
}

struct Paging<'a> {
    port: &'a PbxPort,
    query: UserQuery,
    /// The paging key of the previous page's last record; `None` before
    /// the first call.
    last_key: Option<String>,
    buffer: VecDeque<UserInfo>,
    done: bool,
}

impl Paging<'_> {
    async fn next(&mut self) -> Option<Result<UserInfo, Error>> {
        if let Some(user) = self.buffer.pop_front() {
            return Some(Ok(user));
        }
        if self.done {
            return None;
        }
        match self.fetch().await {
            Ok(()) => self.buffer.pop_front().map(Ok),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }

    async fn fetch(&mut self) -> Result<(), Error> {
        let key = Key::of(&self.query);
        let mut request = FindUserRequest {
            v501: VERSION_FLAG.to_owned(),
            v700: VERSION_FLAG.to_owned(),
            v800: VERSION_FLAG.to_owned(),
            vx1000: VERSION_FLAG.to_owned(),
            cn: self.query.cn.clone(),
            h323: self.query.h323.clone(),
            e164: self.query.e164.clone(),
            count: PAGE_SIZE,
            next: 0,
            nohide: self.query.nohide,
        };
        if let Some(last) = &self.last_key {
            *key.field(&mut request) = last.clone();
            request.next = 1;
        }
        let mut page = self.port.find_user(request).await?;
        // Some servers start a `next` page with the record it continues
        // from; it was already delivered.
        if let Some(previous) = &self.last_key {
            let repeated = page.iter().take_while(|u| key.value(u) == previous).count();
            page.drain(..repeated);
        }
        let Some(last) = page.last().map(|u| key.value(u).to_owned()) else {
            self.done = true;
            return Ok(());
        };
        if self.last_key.as_ref() == Some(&last) {
            self.done = true;
            return Err(Error::Refused {
                operation: "FindUser",
                reason: format!("paging does not advance past {last:?}"),
            });
        }
        self.last_key = Some(last);
        self.buffer.extend(page);
        Ok(())
    }
}

/// The start point a listing moves along.
#[derive(Debug, Clone, Copy)]
enum Key {
    Cn,
    H323,
    E164,
}

impl Key {
    fn of(q: &UserQuery) -> Key {
        match (q.cn.is_empty(), q.h323.is_empty(), q.e164.is_empty()) {
            (true, false, _) => Key::H323,
            (true, true, false) => Key::E164,
            _ => Key::Cn,
        }
    }

    fn field(self, r: &mut FindUserRequest) -> &mut String {
        match self {
            Key::Cn => &mut r.cn,
            Key::H323 => &mut r.h323,
            Key::E164 => &mut r.e164,
        }
    }

    fn value(self, u: &UserInfo) -> &str {
        match self {
            Key::Cn => &u.cn,
            Key::H323 => &u.h323,
            Key::E164 => &u.e164,
        }
    }
}
