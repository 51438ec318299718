//! The 34 pbx10_00 operations on the mock's state, in the generated request
//! and response types. `service.rs` puts them behind the generated server
//! trait.

use std::time::Instant;

use super::control::{MessageSent, Signal};
use super::directory::ListBy;
use super::pbx::Pbx;
use super::shared::Shared;
use crate::innovaphone::*;
use crate::mock::{MockResult, refuse};

/// What the server knows of the request beyond its body.
#[derive(Debug, Clone, Default)]
pub(super) struct Caller {
    /// The HTTP login (Basic or Digest user name), if authenticated.
    pub login: Option<String>,
}

/// The pbx10_00 WSDL version number Version reports.
const WSDL_VERSION: i32 = 1000;

fn flags_set(flags: [&str; 4]) -> MockResult<()> {
    if flags.iter().any(|f| f.is_empty()) {
        refuse!("v501, v700, v800 and vx1000 must be set to a non-empty value")
    }
    Ok(())
}

impl Shared {
    pub fn version(&self) -> VersionResponse {
        let pbx = self.lock();
        VersionResponse {
            wsdl_version: WSDL_VERSION,
            gatekeeper_id: pbx.cfg.gatekeeper_id.clone(),
            location: pbx.cfg.location.clone(),
            firmware_version: pbx.cfg.firmware.clone(),
            serial_number: pbx.cfg.serial.clone(),
        }
    }

    pub fn echo(&self, req: EchoRequest) -> EchoResponse {
        let mut pbx = self.lock();
        let ok = pbx.session(req.session, Instant::now()).is_ok_and(|s| s.key == req.key);
        EchoResponse { r#return: i32::from(ok) }
    }

    /// Admin: only for the administrator's HTTP login; answered by the
    /// test's handler (the command language is not simulated).
    pub fn admin(&self, req: AdminRequest, caller: &Caller) -> MockResult<AdminResponse> {
        let mut pbx = self.lock();
        if let Some(login) = &caller.login
            && *login != pbx.cfg.admin_user
        {
            refuse!("Admin needs the administrator's HTTP login, not {login:?}")
        }
        pbx.admin_commands.push(req.xml.clone());
        match pbx.admin_reply.clone() {
            Some(reply) => Ok(AdminResponse { r#return: (reply.0)(&req.xml) }),
            None => refuse!(
                "the mock does not interpret Admin commands; give it answers with MockPbxBuilder::admin_reply"
            ),
        }
    }

    pub fn initialize(&self, req: InitializeRequest, caller: &Caller) -> InitializeResponse {
        self.lock().initialize(&req, caller.login.as_deref(), Instant::now())
    }

    pub fn end(&self, req: EndRequest) -> MockResult<EndResponse> {
        let mut pbx = self.lock();
        pbx.session(req.session, Instant::now())?;
        pbx.end_session(req.session);
        Ok(EndResponse {})
    }

    /// Poll: the queued events at once, or the first ones to arrive within
    /// the configured hold time, or nothing.
    pub async fn poll(&self, req: PollRequest) -> MockResult<PollResponse> {
        let mut closed = self.closed();
        let deadline = tokio::time::Instant::now() + self.lock().cfg.poll_hold;
        loop {
            let notify = {
                let mut pbx = self.lock();
                let batch = pbx.cfg.poll_batch;
                let session = pbx.session(req.session, Instant::now())?;
                if !session.queue.is_empty() || *closed.borrow() || tokio::time::Instant::now() >= deadline {
                    return Ok(PollResponse { r#return: session.take(batch) });
                }
                session.notify.clone()
            };
            let wake = notify.notified();
            tokio::pin!(wake);
            // Registered before the queue is looked at again, so an event
            // queued from here on wakes this Poll.
            wake.as_mut().enable();
            let _pending = Pending::new(self, req.session);
            if _pending.queue_empty() {
                tokio::select! {
                    () = &mut wake => {}
                    () = tokio::time::sleep_until(deadline) => {}
                    _ = closed.changed() => {}
                }
            }
        }
    }

    /// License is for the vendor's internal use; the mock has no licenses.
    pub fn license(&self, req: LicenseRequest) -> MockResult<LicenseResponse> {
        self.lock().session(req.session, Instant::now())?;
        Ok(LicenseResponse { r#return: String::new() })
    }

    pub fn devices(&self, req: DevicesRequest) -> MockResult<DevicesResponse> {
        let mut pbx = self.lock();
        pbx.session(req.session, Instant::now())?;
        Ok(DevicesResponse { r#return: pbx.dir.entry(&req.user)?.devices() })
    }

    /// Calls: the user's calls now; the handles in them are the legs'.
    pub fn calls(&self, req: CallsRequest) -> MockResult<CallsResponse> {
        let mut pbx = self.lock();
        pbx.session(req.session, Instant::now())?;
        pbx.dir.entry(&req.user)?;
        let calls =
            pbx.legs.values().filter(|l| l.owner == req.user && l.active).map(|l| l.call_info(0)).collect();
        Ok(CallsResponse { r#return: calls })
    }

    pub fn user_initialize(&self, req: UserInitializeRequest) -> UserInitializeResponse {
        UserInitializeResponse { r#return: self.lock().user_initialize(&req, Instant::now()) }
    }

    pub fn user_end(&self, req: UserEndRequest) -> MockResult<UserEndResponse> {
        let mut pbx = self.lock();
        pbx.handle(req.user, Instant::now())?;
        pbx.handles.remove(&req.user);
        Ok(UserEndResponse {})
    }

    /// UserCall: 0 when the user has no registered device; an unreachable
    /// destination gives a call that is cleared at once (cause 1 or 20).
    pub fn user_call(&self, req: UserCallRequest) -> MockResult<UserCallResponse> {
        let mut pbx = self.lock();
        let h = pbx.handle(req.user, Instant::now())?;
        let call = pbx.originate(&h.cn, &h.hw, (&req.cn, &req.e164, &req.h323), &req.srce164).unwrap_or(0);
        Ok(UserCallResponse { r#return: call })
    }

    pub fn user_clear(&self, req: UserClearRequest) -> MockResult<UserClearResponse> {
        call_op(self, req.call, |pbx| pbx.clear(req.call, false, req.cause))?;
        Ok(UserClearResponse {})
    }

    pub fn user_connect(&self, req: UserConnectRequest) -> MockResult<UserConnectResponse> {
        call_op(self, req.call, |pbx| pbx.answer(req.call))?;
        Ok(UserConnectResponse {})
    }

    pub fn user_rc(&self, req: UserRcRequest) -> MockResult<UserRcResponse> {
        record(self, req.call, Signal::Rc { call: req.call, rc: req.rc })?;
        Ok(UserRcResponse {})
    }

    pub fn user_info(&self, req: UserInfoRequest) -> MockResult<UserInfoResponse> {
        let signal =
            Signal::Info { call: req.call, recv: req.recv, cdpn: req.cdpn, key: req.key, dsp: req.dsp };
        record(self, req.call, signal)?;
        Ok(UserInfoResponse {})
    }

    pub fn user_dtmf(&self, req: UserDtmfRequest) -> MockResult<UserDtmfResponse> {
        record(self, req.call, Signal::Dtmf { call: req.call, recv: req.recv, digits: req.dtmf })?;
        Ok(UserDtmfResponse {})
    }

    pub fn user_uui(&self, req: UserUuiRequest) -> MockResult<UserUuiResponse> {
        record(self, req.call, Signal::Uui { call: req.call, recv: req.recv, uui: req.uui.clone() })?;
        if !req.recv {
            call_op(self, req.call, |pbx| pbx.send_uui(req.call, &req.uui))?;
        }
        Ok(UserUuiResponse {})
    }

    pub fn user_pickup(&self, req: UserPickupRequest) -> MockResult<UserPickupResponse> {
        let mut pbx = self.lock();
        let h = pbx.handle(req.user, Instant::now())?;
        Ok(UserPickupResponse { r#return: pbx.pickup(&h.cn, &req.cn, req.call, &req.group)? })
    }

    pub fn user_redirect(&self, req: UserRedirectRequest) -> MockResult<UserRedirectResponse> {
        let ok = call_op(self, req.call, |pbx| pbx.redirect(req.call, (&req.cn, &req.e164, &req.h323)))?;
        Ok(UserRedirectResponse { r#return: ok })
    }

    /// UserReroute: as UserRedirect (the mock has no call forwarding that
    /// the two would treat differently).
    pub fn user_reroute(&self, req: UserRerouteRequest) -> MockResult<UserRerouteResponse> {
        let ok = call_op(self, req.call, |pbx| pbx.redirect(req.call, (&req.cn, &req.e164, &req.h323)))?;
        Ok(UserRerouteResponse { r#return: ok })
    }

    pub fn user_transfer(&self, req: UserTransferRequest) -> MockResult<UserTransferResponse> {
        call_op(self, req.a, |pbx| pbx.transfer(req.a, req.b))?;
        Ok(UserTransferResponse {})
    }

    pub fn user_media_transfer(
        &self,
        req: UserMediaTransferRequest,
    ) -> MockResult<UserMediaTransferResponse> {
        {
            let pbx = self.lock();
            for id in [req.a, req.b] {
                if !pbx.live_leg(id)?.connected() {
                    refuse!("UserMediaTransfer: call {id} is not connected")
                }
            }
        }
        record(self, req.a, Signal::MediaTransfer { a: req.a, b: req.b, user: req.user, peer: req.peer })?;
        Ok(UserMediaTransferResponse {})
    }

    pub fn user_ct_complete(&self, req: UserCtCompleteRequest) -> MockResult<UserCtCompleteResponse> {
        call_op(self, req.call, |pbx| pbx.ct_complete(req.call, &req.e164, &req.h323))?;
        Ok(UserCtCompleteResponse {})
    }

    pub fn user_hold(&self, req: UserHoldRequest) -> MockResult<UserHoldResponse> {
        call_op(self, req.call, |pbx| pbx.hold(req.call))?;
        Ok(UserHoldResponse {})
    }

    pub fn user_retrieve(&self, req: UserRetrieveRequest) -> MockResult<UserRetrieveResponse> {
        call_op(self, req.call, |pbx| pbx.retrieve(req.call))?;
        Ok(UserRetrieveResponse {})
    }

    pub fn user_park(&self, req: UserParkRequest) -> MockResult<UserParkResponse> {
        let parked = call_op(self, req.call, |pbx| pbx.park(req.call, &req.cn, req.position))?;
        Ok(UserParkResponse { r#return: parked })
    }

    /// UserMessage: delivered to the destination user (see
    /// `Control::messages`); the sender's handle gets a `msg-sent` event.
    /// 0 for an unknown destination.
    pub fn user_message(&self, req: UserMessageRequest) -> MockResult<UserMessageResponse> {
        let mut pbx = self.lock();
        let h = pbx.handle(req.user, Instant::now())?;
        let Some(to) = pbx.dir.destination("", &req.e164, &req.h323).map(|e| e.spec.cn.clone()) else {
            return Ok(UserMessageResponse { r#return: 0 });
        };
        let id = pbx.next_leg_id();
        pbx.messages.push(MessageSent {
            id,
            from: h.cn.clone(),
            to: to.clone(),
            text: req.msg,
            src_e164: req.src_e164,
            src_h323: req.src_h323,
        });
        let event = CallInfo {
            user: h.id,
            call: id,
            active: false,
            msg: "msg-sent".to_owned(),
            no: vec![pbx.no_of("peer", &to)],
            ..CallInfo::default()
        };
        if let Some(s) = pbx.sessions.get_mut(&h.session) {
            s.push(super::sessions::Queued::Call(event));
        }
        Ok(UserMessageResponse { r#return: id })
    }

    /// UserLocalNum: the mock is a single node, where every number is
    /// local already.
    pub fn user_local_num(&self, req: UserLocalNumRequest) -> MockResult<UserLocalNumResponse> {
        self.lock().handle(req.user, Instant::now())?;
        Ok(UserLocalNumResponse { r#return: req.num.trim().to_owned() })
    }

    /// UserFindDestination: needs no session; handle 0 searches from the
    /// PBX's root.
    pub fn user_find_destination(
        &self,
        req: UserFindDestinationRequest,
    ) -> MockResult<UserFindDestinationResponse> {
        let mut pbx = self.lock();
        if req.user != 0 {
            pbx.handle(req.user, Instant::now())?;
        }
        let (incomplete, found) = pbx.dir.find_destination(&req.e164, &req.h323);
        let found = found.map(|e| e.spec.cn.clone());
        Ok(UserFindDestinationResponse {
            r#return: incomplete,
            user: found.and_then(|cn| pbx.user_info(&cn)),
        })
    }

    /// FindUser as the article describes it: a start point in the sorted
    /// object list, `next` for the entries after it, at most `count`.
    pub fn find_user(&self, req: FindUserRequest) -> MockResult<FindUserResponse> {
        flags_set([&req.v501, &req.v700, &req.v800, &req.vx1000])?;
        let pbx = self.lock();
        if req.count > pbx.cfg.find_user_max {
            refuse!(
                "FindUser count {} is above the mock's limit of {} (large counts may crash the real PBX; the article advises 20)",
                req.count,
                pbx.cfg.find_user_max
            )
        }
        let (by, start) = match (req.cn.is_empty(), req.h323.is_empty(), req.e164.is_empty()) {
            (_, true, false) => (ListBy::E164, &req.e164),
            (true, false, true) => (ListBy::H323, &req.h323),
            (_, true, true) => (ListBy::Cn, &req.cn),
            _ => refuse!("FindUser takes one of cn, h323 and e164 (or cn with e164)"),
        };
        let count = usize::try_from(req.count.max(0)).unwrap_or(0);
        let users = pbx
            .dir
            .list(by, start, req.next != 0, req.nohide, count)
            .into_iter()
            .filter_map(|e| pbx.user_info(&e.spec.cn))
            .collect();
        Ok(FindUserResponse { r#return: users })
    }

    /// UserLicense is for the vendor's internal use: no licenses here.
    pub fn user_license(&self, _req: UserLicenseRequest) -> UserLicenseResponse {
        UserLicenseResponse { r#return: false }
    }

    /// SetPresence: the user by GUID (`*` for none) or h323 name; 1 when
    /// set, 0 for an unknown user. Sessions that see the user get its
    /// UserInfo.
    pub fn set_presence(&self, req: SetPresenceRequest) -> SetPresenceResponse {
        let mut pbx = self.lock();
        let by_guid = (!req.guid.is_empty() && req.guid != "*").then(|| pbx.dir.by_guid(&req.guid)).flatten();
        let found = by_guid.or_else(|| pbx.dir.by_h323(&req.h323)).map(|e| e.spec.cn.clone());
        let Some(cn) = found else { return SetPresenceResponse { r#return: 0 } };
        if let Ok(entry) = pbx.dir.entry_mut(&cn) {
            entry.presence = Some(req.presence);
        }
        pbx.post_user(&cn);
        SetPresenceResponse { r#return: 1 }
    }

    /// LocationUrl: this mock's URL for its own location, the URLs given
    /// for others, empty for unknown ones. The mock serves plain HTTP, so
    /// `tls` only changes the scheme of the answer.
    pub fn location_url(&self, req: LocationUrlRequest) -> MockResult<LocationUrlResponse> {
        flags_set([&req.v501, &req.v700, &req.v800, &req.vx1000])?;
        let pbx = self.lock();
        let url = if req.loc == pbx.cfg.location {
            pbx.url.clone()
        } else {
            pbx.cfg.locations.get(&req.loc).cloned().unwrap_or_default()
        };
        let url = match url.strip_prefix("http://") {
            Some(rest) if req.tls => format!("https://{rest}"),
            _ => url,
        };
        Ok(LocationUrlResponse { r#return: url })
    }
}

/// Runs `f` on the state after checking that call `id` exists (its
/// session is marked as used when it has one).
fn call_op<T>(shared: &Shared, id: i32, f: impl FnOnce(&mut Pbx) -> MockResult<T>) -> MockResult<T> {
    let mut pbx = shared.lock();
    let Some(owner) = pbx.legs.get(&id).map(|l| l.owner.clone()) else {
        refuse!("no call {id} (never placed, or cleared)")
    };
    touch_watchers(&mut pbx, &owner);
    f(&mut pbx)
}

/// Marks the sessions watching `owner` as used.
fn touch_watchers(pbx: &mut Pbx, owner: &str) {
    let now = Instant::now();
    let sessions: Vec<i32> = pbx.handles.values().filter(|h| h.cn == owner).map(|h| h.session).collect();
    for s in sessions {
        if let Some(s) = pbx.sessions.get_mut(&s) {
            s.last_seen = now;
        }
    }
}

/// Records `signal` for live call `id`.
fn record(shared: &Shared, id: i32, signal: Signal) -> MockResult<()> {
    let mut pbx = shared.lock();
    pbx.live_leg(id)?;
    pbx.signals.push(signal);
    Ok(())
}

/// A Poll waiting for events: its session does not idle out meanwhile,
/// also when the Poll is dropped half-way.
struct Pending<'a> {
    shared: &'a Shared,
    session: i32,
}

impl<'a> Pending<'a> {
    fn new(shared: &'a Shared, session: i32) -> Self {
        if let Some(s) = shared.lock().sessions.get_mut(&session) {
            s.polling += 1;
        }
        Pending { shared, session }
    }

    fn queue_empty(&self) -> bool {
        self.shared.lock().sessions.get(&self.session).is_none_or(|s| s.queue.is_empty())
    }
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        if let Some(s) = self.shared.lock().sessions.get_mut(&self.session) {
            s.polling = s.polling.saturating_sub(1);
            s.last_seen = Instant::now();
        }
    }
}
