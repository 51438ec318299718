//! The mock behind the generated `PbxPortServer` trait: each method builds
//! the operation's request, runs it on the state (`ops.rs`), and notes the
//! HTTP connection it came over, since the PBX ends a session shortly after
//! the last connection that used it closes.

use std::sync::Arc;
use std::time::Instant;

use super::ops::Caller;
use super::shared::Shared;
use crate::innovaphone::*;
use crate::mock::MockResult;
use crate::rt::server::{SoapFault, context};

/// The SOAP face of the mock PBX.
#[derive(Debug, Clone)]
pub(super) struct Service(pub Arc<Shared>);

impl Service {
    fn caller() -> Caller {
        Caller { login: context().and_then(|c| c.user().map(str::to_owned)) }
    }

    /// Notes that `session` is used over the current request's connection,
    /// and watches that connection until it closes.
    fn note_connection(&self, session: i32) {
        let Some(ctx) = context() else { return };
        let connection = ctx.connection();
        let fresh =
            self.0.lock().sessions.get_mut(&session).is_some_and(|s| s.connections.insert(connection));
        if !fresh {
            return;
        }
        let shared = self.0.clone();
        let closed = ctx.connection_closed();
        self.0.spawn(async move {
            closed.await;
            let mut pbx = shared.lock();
            if let Some(s) = pbx.sessions.get_mut(&session) {
                s.connections.remove(&connection);
                if s.connections.is_empty() {
                    s.orphaned = Some(Instant::now());
                }
            }
        });
    }

    /// Notes the connection for the session a user handle belongs to.
    fn note_handle(&self, handle: i32) {
        let session = self.0.lock().handles.get(&handle).map(|h| h.session);
        if let Some(s) = session {
            self.note_connection(s);
        }
    }

    /// Notes the connection for the sessions watching call `call`'s owner.
    fn note_call(&self, call: i32) {
        let sessions: Vec<i32> = {
            let pbx = self.0.lock();
            let Some(owner) = pbx.legs.get(&call).map(|l| l.owner.clone()) else { return };
            pbx.handles.values().filter(|h| h.cn == owner).map(|h| h.session).collect()
        };
        for s in sessions {
            self.note_connection(s);
        }
    }
}

fn fault<T>(result: MockResult<T>) -> Result<T, SoapFault> {
    result.map_err(|e| crate::mock::soap_fault(&e))
}

impl PbxPortServer for Service {
    async fn version(&self) -> Result<VersionResponse, SoapFault> {
        Ok(self.0.version())
    }

    async fn echo(&self, session: i32, key: i32) -> Result<i32, SoapFault> {
        self.note_connection(session);
        Ok(self.0.echo(EchoRequest { session, key }).r#return)
    }

    async fn admin(&self, xml: String) -> Result<String, SoapFault> {
        fault(self.0.admin(AdminRequest { xml }, &Self::caller())).map(|r| r.r#return)
    }

    async fn initialize(&self, request: InitializeRequest) -> Result<InitializeResponse, SoapFault> {
        let answer = self.0.initialize(request, &Self::caller());
        if answer.r#return > 0 {
            self.note_connection(answer.r#return);
        }
        Ok(answer)
    }

    async fn end(&self, session: i32) -> Result<(), SoapFault> {
        fault(self.0.end(EndRequest { session })).map(|_| ())
    }

    async fn poll(&self, session: i32) -> Result<AnyInfo, SoapFault> {
        self.note_connection(session);
        fault(self.0.poll(PollRequest { session }).await).map(|r| r.r#return)
    }

    async fn license(&self, session: i32, name: String) -> Result<String, SoapFault> {
        self.note_connection(session);
        fault(self.0.license(LicenseRequest { session, name })).map(|r| r.r#return)
    }

    async fn devices(&self, session: i32, user: String) -> Result<Vec<Device>, SoapFault> {
        self.note_connection(session);
        fault(self.0.devices(DevicesRequest { session, user })).map(|r| r.r#return)
    }

    async fn calls(&self, session: i32, user: String) -> Result<Vec<CallInfo>, SoapFault> {
        self.note_connection(session);
        fault(self.0.calls(CallsRequest { session, user })).map(|r| r.r#return)
    }

    async fn user_initialize(&self, request: UserInitializeRequest) -> Result<i32, SoapFault> {
        self.note_connection(request.session);
        Ok(self.0.user_initialize(request).r#return)
    }

    async fn user_end(&self, user: i32) -> Result<(), SoapFault> {
        self.note_handle(user);
        fault(self.0.user_end(UserEndRequest { user })).map(|_| ())
    }

    async fn user_call(&self, request: UserCallRequest) -> Result<i32, SoapFault> {
        self.note_handle(request.user);
        fault(self.0.user_call(request)).map(|r| r.r#return)
    }

    async fn user_clear(&self, call: i32, cause: i32, info: Vec<Info>) -> Result<(), SoapFault> {
        self.note_call(call);
        fault(self.0.user_clear(UserClearRequest { call, cause, info })).map(|_| ())
    }

    async fn user_connect(&self, call: i32) -> Result<(), SoapFault> {
        self.note_call(call);
        fault(self.0.user_connect(UserConnectRequest { call })).map(|_| ())
    }

    async fn user_rc(&self, call: i32, rc: i32) -> Result<(), SoapFault> {
        self.note_call(call);
        fault(self.0.user_rc(UserRcRequest { call, rc })).map(|_| ())
    }

    async fn user_info(&self, request: UserInfoRequest) -> Result<(), SoapFault> {
        self.note_call(request.call);
        fault(self.0.user_info(request)).map(|_| ())
    }

    async fn user_dtmf(&self, call: i32, recv: bool, dtmf: String) -> Result<(), SoapFault> {
        self.note_call(call);
        fault(self.0.user_dtmf(UserDtmfRequest { call, recv, dtmf })).map(|_| ())
    }

    async fn user_uui(&self, call: i32, recv: bool, uui: String) -> Result<(), SoapFault> {
        self.note_call(call);
        fault(self.0.user_uui(UserUuiRequest { call, recv, uui })).map(|_| ())
    }

    async fn user_pickup(&self, request: UserPickupRequest) -> Result<i32, SoapFault> {
        self.note_handle(request.user);
        fault(self.0.user_pickup(request)).map(|r| r.r#return)
    }

    async fn user_redirect(&self, request: UserRedirectRequest) -> Result<bool, SoapFault> {
        self.note_call(request.call);
        fault(self.0.user_redirect(request)).map(|r| r.r#return)
    }

    async fn user_reroute(&self, request: UserRerouteRequest) -> Result<bool, SoapFault> {
        self.note_call(request.call);
        fault(self.0.user_reroute(request)).map(|r| r.r#return)
    }

    async fn user_transfer(&self, a: i32, b: i32) -> Result<(), SoapFault> {
        self.note_call(a);
        fault(self.0.user_transfer(UserTransferRequest { a, b })).map(|_| ())
    }

    async fn user_media_transfer(&self, a: i32, b: i32, user: bool, peer: bool) -> Result<(), SoapFault> {
        self.note_call(a);
        fault(self.0.user_media_transfer(UserMediaTransferRequest { a, b, user, peer })).map(|_| ())
    }

    async fn user_ct_complete(&self, call: i32, e164: String, h323: String) -> Result<(), SoapFault> {
        self.note_call(call);
        fault(self.0.user_ct_complete(UserCtCompleteRequest { call, e164, h323 })).map(|_| ())
    }

    async fn user_hold(&self, call: i32, remote: bool) -> Result<(), SoapFault> {
        self.note_call(call);
        fault(self.0.user_hold(UserHoldRequest { call, remote })).map(|_| ())
    }

    async fn user_retrieve(&self, call: i32) -> Result<(), SoapFault> {
        self.note_call(call);
        fault(self.0.user_retrieve(UserRetrieveRequest { call })).map(|_| ())
    }

    async fn user_park(&self, call: i32, cn: String, position: i32) -> Result<i32, SoapFault> {
        self.note_call(call);
        fault(self.0.user_park(UserParkRequest { call, cn, position })).map(|r| r.r#return)
    }

    async fn user_message(&self, request: UserMessageRequest) -> Result<i32, SoapFault> {
        self.note_handle(request.user);
        fault(self.0.user_message(request)).map(|r| r.r#return)
    }

    async fn user_local_num(&self, user: i32, num: String) -> Result<String, SoapFault> {
        self.note_handle(user);
        fault(self.0.user_local_num(UserLocalNumRequest { user, num })).map(|r| r.r#return)
    }

    async fn user_find_destination(
        &self,
        user: i32,
        e164: String,
        h323: String,
    ) -> Result<UserFindDestinationResponse, SoapFault> {
        self.note_handle(user);
        fault(self.0.user_find_destination(UserFindDestinationRequest { user, e164, h323 }))
    }

    async fn find_user(&self, request: FindUserRequest) -> Result<Vec<UserInfo>, SoapFault> {
        fault(self.0.find_user(request)).map(|r| r.r#return)
    }

    async fn user_license(&self, guid: String, r#type: String) -> Result<bool, SoapFault> {
        Ok(self.0.user_license(UserLicenseRequest { guid, r#type }).r#return)
    }

    async fn set_presence(&self, request: SetPresenceRequest) -> Result<i32, SoapFault> {
        Ok(self.0.set_presence(request).r#return)
    }

    async fn location_url(&self, request: LocationUrlRequest) -> Result<String, SoapFault> {
        fault(self.0.location_url(request)).map(|r| r.r#return)
    }
}
