//! A pbx10_00 session: Initialize on open, End on close, and what lives in
//! its context (user handles, the event stream, other nodes' URLs).

use std::time::Duration;

use super::events::{EventOptions, Events};
use super::{InitializeRequest, LocationUrlRequest, PbxPort, UserInitializeRequest};
use crate::rt::Error;

/// The value the article asks for in FindUser's and LocationUrl's `v501`,
/// `v700`, `v800` and `vx1000` string parameters: any non-empty value.
pub(crate) const VERSION_FLAG: &str = "true";

/// An open session on one PBX (one `Initialize`).
///
/// The PBX ends a session shortly after the last HTTP connection of it
/// closes. The session's requests go through the [`crate::rt::SoapClient`]
/// of its [`PbxPort`], whose pool keeps idle connections open until the
/// server closes them (see `SoapClientBuilder::pool_idle_timeout`), so one
/// connection outlives the gaps between calls; [`Session::events`] keeps a
/// `Poll` pending most of the time as well.
///
/// Call [`Session::end`] when done. A session dropped without it sends
/// `End` from a background task if a Tokio runtime is running, so the PBX
/// can free it before its own timeout.
#[derive(Debug)]
pub struct Session {
    port: PbxPort,
    id: i32,
    key: i32,
    user: String,
    appl: String,
    ended: bool,
}

impl Session {
    /// Runs `Initialize(user, appl, v, v501, v700, v800, vx1000)` with every
    /// version flag set, which selects the pbx10_00 interface.
    ///
    /// `user` is the Long Name (cn) of the PBX user whose scope the session
    /// sees; `appl` names the application for the PBX's administrators.
    /// The HTTP credentials are the client's (user or admin account).
    ///
    /// # Errors
    ///
    /// Any call error; [`Error::Refused`] if the PBX answers with session
    /// handle 0 (unknown user, no rights).
    pub async fn open(port: PbxPort, user: &str, appl: &str) -> Result<Session, Error> {
        let request = InitializeRequest {
            user: user.to_owned(),
            appl: appl.to_owned(),
            v: true,
            v501: true,
            v700: true,
            v800: true,
            vx1000: true,
        };
        let answer = port.initialize(request).await?;
        if answer.r#return <= 0 {
            return Err(Error::Refused {
                operation: "Initialize",
                reason: format!("session handle {} for user {user:?}", answer.r#return),
            });
        }
        tracing::debug!(session = answer.r#return, "innovaphone session opened");
        Ok(Session {
            port,
            id: answer.r#return,
            key: answer.key,
            user: user.to_owned(),
            appl: appl.to_owned(),
            ended: false,
        })
    }

    /// The session handle every session operation takes.
    pub fn id(&self) -> i32 {
        self.id
    }

    /// The random key Initialize returned, for [`Session::echo`].
    pub fn key(&self) -> i32 {
        self.key
    }

    /// The client, for operations this type has no helper for.
    pub fn port(&self) -> &PbxPort {
        &self.port
    }

    /// `Echo(session, key)`: whether the PBX still knows this session.
    ///
    /// # Errors
    ///
    /// Any call error.
    pub async fn echo(&self) -> Result<bool, Error> {
        Ok(self.port.echo(self.id, self.key).await? != 0)
    }

    /// `UserInitialize`: a handle to the PBX user `cn` (Long Name); after
    /// it, CallInfo events for that user's calls arrive from
    /// [`Session::events`], and the handle places calls for the user.
    ///
    /// # Errors
    ///
    /// Any call error; [`Error::Refused`] if the PBX answers with handle 0.
    pub async fn user(&self, cn: &str) -> Result<i32, Error> {
        let request = UserInitializeRequest {
            session: self.id,
            user: cn.to_owned(),
            xfer: true,
            disc: false,
            hw: String::new(),
        };
        self.user_with(request).await
    }

    /// `UserInitialize` with every parameter given (`session` is set to this
    /// session's handle).
    ///
    /// # Errors
    ///
    /// As [`Session::user`].
    pub async fn user_with(&self, mut request: UserInitializeRequest) -> Result<i32, Error> {
        request.session = self.id;
        let cn = request.user.clone();
        let handle = self.port.user_initialize(request).await?;
        if handle <= 0 {
            return Err(Error::Refused {
                operation: "UserInitialize",
                reason: format!("no handle for {cn:?}"),
            });
        }
        Ok(handle)
    }

    /// The events of this session (UserInfo and CallInfo from repeated
    /// `Poll`), as an async stream; see [`Events`].
    pub fn events(&self) -> Events<'_> {
        self.events_with(EventOptions::default())
    }

    /// [`Session::events`] with explicit options.
    pub fn events_with(&self, options: EventOptions) -> Events<'_> {
        Events::new(&self.port, self.id, options)
    }

    /// `LocationUrl`: the SOAP URL of the PBX node `location` (the `loc` of
    /// a UserInfo homed elsewhere, or a node's h323 name), as a client that
    /// shares this one's credentials and pool. Open a [`Session`] on it to
    /// see that node's objects.
    ///
    /// # Errors
    ///
    /// Any call error; [`Error::Refused`] if the PBX knows no URL for it.
    pub async fn location(&self, location: &str, tls: bool) -> Result<PbxPort, Error> {
        location_port(&self.port, location, tls).await
    }

    /// A session on node `location` for the same user and application.
    ///
    /// # Errors
    ///
    /// As [`Session::location`] and [`Session::open`].
    pub async fn open_at_location(&self, location: &str, tls: bool) -> Result<Session, Error> {
        let port = self.location(location, tls).await?;
        Session::open(port, &self.user, &self.appl).await
    }

    /// `End(session)`: the PBX frees the session; no more events arrive.
    ///
    /// # Errors
    ///
    /// Any call error (the session is considered ended either way).
    pub async fn end(mut self) -> Result<(), Error> {
        self.ended = true;
        self.port.end(self.id).await
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.ended {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!(session = self.id, "innovaphone session dropped outside a runtime; not ended");
            return;
        };
        let port = self.port.clone();
        let id = self.id;
        runtime.spawn(async move {
            match tokio::time::timeout(END_ON_DROP_TIMEOUT, port.end(id)).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    tracing::warn!(session = id, error = %e, "ending a dropped innovaphone session failed")
                }
                Err(_) => {
                    tracing::warn!(session = id, "no answer to End for a dropped innovaphone session in time")
                }
            }
        });
    }
}

/// How long a dropped session's background `End` may take.
const END_ON_DROP_TIMEOUT: Duration = Duration::from_secs(10);

/// `LocationUrl` as a client for the URL it returns.
pub async fn location_port(port: &PbxPort, location: &str, tls: bool) -> Result<PbxPort, Error> {
    let request = LocationUrlRequest {
        v501: VERSION_FLAG.to_owned(),
        v700: VERSION_FLAG.to_owned(),
        v800: VERSION_FLAG.to_owned(),
        vx1000: VERSION_FLAG.to_owned(),
        loc: location.to_owned(),
        tls,
    };
    let url = port.location_url(request).await?;
    let url = url.trim();
    if url.is_empty() {
        return Err(Error::Refused { operation: "LocationUrl", reason: format!("no URL for {location:?}") });
    }
    Ok(PbxPort::new(port.client().with_endpoint(url)?))
}
