//! innovaphone pbx10_00 (rpc/encoded): every operation with the values of
//! `tests/php/cases/innovaphone.json`, answers checked against the same
//! file. PHP's SoapServer (`tests/php_innovaphone.rs`) and [`Peer`], the
//! generated server trait answering from the same values
//! (`tests/server_innovaphone.rs`), answer from it.

// Test assertions: failing loudly is what these functions are for.
#![allow(clippy::unwrap_used, clippy::panic)]

use pbx_soap::innovaphone::*;
use pbx_soap::rt::server::{Server, SoapFault};

use super::Served;
use crate::interop::TRICKY as T;

fn s(v: &str) -> String {
    v.to_owned()
}

fn info(t: &str, vali: i32, vals: &str) -> Info {
    Info { r#type: s(t), vali, vals: s(vals) }
}

fn no(t: &str, cn: &str) -> No {
    No { r#type: s(t), cn: s(cn), dn: s(cn), e164: s("202"), h323: s("") }
}

/// A UserInfo with the required fields only (as in the cases file).
fn user(cn: &str) -> UserInfo {
    UserInfo {
        active: true,
        cn: s(cn),
        dn: s(cn),
        r#type: s("ep"),
        e164: s("201"),
        h323: s(""),
        state: 1,
        channel: 0,
        alert: 0,
        guid: format!("g-{cn}"),
        ..Default::default()
    }
}

// ---- the values of the cases file -------------------------------------

fn version() -> VersionResponse {
    VersionResponse {
        wsdl_version: 1000,
        gatekeeper_id: s(T),
        location: s(""),
        firmware_version: s("13r3"),
        serial_number: s("00-90-33"),
    }
}

fn init() -> InitializeRequest {
    InitializeRequest {
        user: s("API"),
        appl: s(T),
        v: true,
        v501: true,
        v700: true,
        v800: true,
        vx1000: true,
    }
}

fn events() -> AnyInfo {
    let full = UserInfo {
        groups: vec![Group { group: s("all users"), active: true }, Group { group: s(T), active: false }],
        loc: Some(s("master")),
        node: Some(s("root")),
        object: Some(s("user")),
        nodenum: Some(s("")),
        cfg: Some(false),
        presence: Some(Presence {
            status: Some(PresenceStatus::Open),
            activity: Some(PresenceActivity::OnThePhone),
            note: Some(s(T)),
        }),
        domain: Some(s("example.com")),
        h323email: Some(true),
        email: vec![s("a@example.com"), s(T)],
        info: vec![info("fake", i32::MIN, T)],
        ..user(T)
    };
    let queue = UserInfo { r#type: s("waiting"), channel: 2, alert: 1, ..user("Queue") };
    let end = UserInfo { active: false, r#type: s(""), e164: s(""), guid: s(""), ..user("") };
    let call = CallInfo {
        user: 42,
        call: 7001,
        reg: 0,
        active: true,
        state: 0x385,
        no: vec![no("peer", T), no("leg2", "")],
        msg: s("x-conn"),
        info: vec![info("conf", 0, "c0nf"), info("cause", 16, "")],
    };
    AnyInfo { user: vec![full, queue, end], call: vec![call], ..Default::default() }
}

fn devices() -> Vec<Device> {
    vec![Device { hw: s("0090333e0f21"), text: s(T) }, Device { hw: s(""), text: s("") }]
}

fn user_init() -> UserInitializeRequest {
    UserInitializeRequest { session: 17, user: s(T), xfer: true, disc: false, hw: s("") }
}

fn user_call() -> UserCallRequest {
    UserCallRequest {
        user: 42,
        cn: s(""),
        e164: s("201"),
        h323: s(T),
        reg: 0,
        info: vec![info("conf", i32::MAX, T), info("", 0, "")],
        rc: 0,
        srce164: s("r100"),
    }
}

fn user_info() -> UserInfoRequest {
    UserInfoRequest { call: 7003, recv: true, cdpn: s("201"), key: s("*"), dsp: s(T) }
}

fn pickup() -> UserPickupRequest {
    UserPickupRequest { user: 42, cn: s(""), call: 7003, group: s("sales"), reg: 0, info: vec![] }
}

fn redirect() -> UserRedirectRequest {
    UserRedirectRequest {
        call: 7003,
        cn: s(T),
        e164: s(""),
        h323: s(""),
        info: vec![info("x", 1, "")],
        rc: 999,
    }
}

fn reroute() -> UserRerouteRequest {
    UserRerouteRequest { call: 7003, cn: s(""), e164: s("203"), h323: s(""), info: vec![] }
}

fn message() -> UserMessageRequest {
    UserMessageRequest { user: 42, e164: s("202"), h323: s(""), msg: s(T), src_e164: s(""), src_h323: s("") }
}

fn found_jane() -> UserFindDestinationResponse {
    UserFindDestinationResponse { r#return: false, user: Some(UserInfo { e164: s("202"), ..user("Jane") }) }
}

fn find_first_page() -> FindUserRequest {
    FindUserRequest {
        v501: s("true"),
        v700: s("true"),
        v800: s("true"),
        vx1000: s("true"),
        cn: s(""),
        h323: s(""),
        e164: s(""),
        count: 20,
        next: 0,
        nohide: true,
    }
}

fn first_page() -> Vec<UserInfo> {
    (0..20).map(|i| user(&format!("u{i:02}"))).collect()
}

fn presence() -> SetPresenceRequest {
    SetPresenceRequest {
        presence: Presence {
            status: Some(PresenceStatus::Closed),
            activity: Some(PresenceActivity::Away),
            note: None,
        },
        im: false,
        contact: s("tel:"),
        guid: s("*"),
        h323: s(T),
    }
}

fn location() -> LocationUrlRequest {
    LocationUrlRequest {
        v501: s("true"),
        v700: s("true"),
        v800: s("true"),
        vx1000: s("true"),
        loc: s("branch"),
        tls: true,
    }
}

// ---- the calls --------------------------------------------------------

/// Calls every operation and checks each answer.
pub async fn every_operation(pbx: &PbxPort) {
    assert_eq!(pbx.version().await.unwrap(), version());
    assert_eq!(pbx.echo(17, -559_038_737).await.unwrap(), 1);
    let admin = pbx.admin(format!("<show><user cn=\"{T}\"/></show>")).await.unwrap();
    assert_eq!(admin, format!("<user cn=\"{T}\"/>"));
    assert_eq!(pbx.initialize(init()).await.unwrap(), InitializeResponse { r#return: 17, key: -559_038_737 });
    pbx.end(17).await.unwrap();
    assert_eq!(pbx.poll(17).await.unwrap(), events());
    assert_eq!(pbx.license(17, s("Video")).await.unwrap(), "");
    assert_eq!(pbx.devices(17, s(T)).await.unwrap(), devices());
    assert_eq!(pbx.calls(17, s("John")).await.unwrap(), vec![]);
    assert_eq!(pbx.user_initialize(user_init()).await.unwrap(), 42);
    pbx.user_end(42).await.unwrap();
    assert_eq!(pbx.user_call(user_call()).await.unwrap(), 7003);
    pbx.user_clear(7003, 26, vec![]).await.unwrap();
    pbx.user_connect(7003).await.unwrap();
    pbx.user_rc(7003, 4).await.unwrap();
    pbx.user_info(user_info()).await.unwrap();
    pbx.user_dtmf(7003, false, s("0123456789*#")).await.unwrap();
    pbx.user_uui(7003, true, s(T)).await.unwrap();
    assert_eq!(pbx.user_pickup(pickup()).await.unwrap(), 7004);
    assert!(pbx.user_redirect(redirect()).await.unwrap());
    assert!(!pbx.user_reroute(reroute()).await.unwrap());
    pbx.user_transfer(7003, 7004).await.unwrap();
    pbx.user_media_transfer(7003, 7004, true, false).await.unwrap();
    pbx.user_ct_complete(7003, s("+49 7031 73009-0"), s(T)).await.unwrap();
    pbx.user_hold(7003, true).await.unwrap();
    pbx.user_retrieve(7003).await.unwrap();
    assert_eq!(pbx.user_park(7003, s(""), -1).await.unwrap(), 7005);
    assert_eq!(pbx.user_message(message()).await.unwrap(), 7006);
    assert_eq!(pbx.user_local_num(42, s("00497031730090")).await.unwrap(), "0730090");
    assert_eq!(pbx.user_find_destination(42, s("202"), s("")).await.unwrap(), found_jane());
    let incomplete = pbx.user_find_destination(42, s("2"), s("")).await.unwrap();
    assert_eq!(incomplete, UserFindDestinationResponse { r#return: true, user: None });
    assert_eq!(pbx.find_user(find_first_page()).await.unwrap(), first_page());
    assert!(pbx.user_license(s("*"), s("Video")).await.unwrap());
    assert_eq!(pbx.set_presence(presence()).await.unwrap(), 1);
    assert_eq!(pbx.location_url(location()).await.unwrap(), "https://branch.example.com/PBX0/user.soap");
}

// ---- the service ------------------------------------------------------

/// The PBX port answering from the cases' values.
#[derive(Debug, Clone, Default)]
pub struct Peer {
    pub served: Served,
}

impl Peer {
    /// A server on 127.0.0.1 with the port at `/PBX0/user.soap`.
    pub async fn serve(&self) -> pbx_soap::rt::server::RunningServer {
        Server::builder().service(self.clone().into_service()).bind("127.0.0.1:0").await.unwrap()
    }
}

impl PbxPortServer for Peer {
    async fn version(&self) -> Result<VersionResponse, SoapFault> {
        self.served.reply((), [((), Ok(version()))])
    }

    async fn echo(&self, session: i32, key: i32) -> Result<i32, SoapFault> {
        self.served.reply((session, key), [((17, -559_038_737), Ok(1))])
    }

    async fn admin(&self, xml: String) -> Result<String, SoapFault> {
        self.served
            .reply(xml, [(format!("<show><user cn=\"{T}\"/></show>"), Ok(format!("<user cn=\"{T}\"/>")))])
    }

    async fn initialize(&self, request: InitializeRequest) -> Result<InitializeResponse, SoapFault> {
        self.served.reply(request, [(init(), Ok(InitializeResponse { r#return: 17, key: -559_038_737 }))])
    }

    async fn end(&self, session: i32) -> Result<(), SoapFault> {
        self.served.reply(session, [(17, Ok(()))])
    }

    async fn poll(&self, session: i32) -> Result<AnyInfo, SoapFault> {
        self.served.reply(session, [(17, Ok(events()))])
    }

    async fn license(&self, session: i32, name: String) -> Result<String, SoapFault> {
        self.served.reply((session, name), [((17, s("Video")), Ok(s("")))])
    }

    async fn devices(&self, session: i32, user: String) -> Result<Vec<Device>, SoapFault> {
        self.served.reply((session, user), [((17, s(T)), Ok(devices()))])
    }

    async fn calls(&self, session: i32, user: String) -> Result<Vec<CallInfo>, SoapFault> {
        self.served.reply((session, user), [((17, s("John")), Ok(vec![]))])
    }

    async fn user_initialize(&self, request: UserInitializeRequest) -> Result<i32, SoapFault> {
        self.served.reply(request, [(user_init(), Ok(42))])
    }

    async fn user_end(&self, user: i32) -> Result<(), SoapFault> {
        self.served.reply(user, [(42, Ok(()))])
    }

    async fn user_call(&self, request: UserCallRequest) -> Result<i32, SoapFault> {
        self.served.reply(request, [(user_call(), Ok(7003))])
    }

    async fn user_clear(&self, call: i32, cause: i32, info: Vec<Info>) -> Result<(), SoapFault> {
        self.served.reply((call, cause, info), [((7003, 26, vec![]), Ok(()))])
    }

    async fn user_connect(&self, call: i32) -> Result<(), SoapFault> {
        self.served.reply(call, [(7003, Ok(()))])
    }

    async fn user_rc(&self, call: i32, rc: i32) -> Result<(), SoapFault> {
        self.served.reply((call, rc), [((7003, 4), Ok(()))])
    }

    async fn user_info(&self, request: UserInfoRequest) -> Result<(), SoapFault> {
        self.served.reply(request, [(user_info(), Ok(()))])
    }

    async fn user_dtmf(&self, call: i32, recv: bool, dtmf: String) -> Result<(), SoapFault> {
        self.served.reply((call, recv, dtmf), [((7003, false, s("0123456789*#")), Ok(()))])
    }

    async fn user_uui(&self, call: i32, recv: bool, uui: String) -> Result<(), SoapFault> {
        self.served.reply((call, recv, uui), [((7003, true, s(T)), Ok(()))])
    }

    async fn user_pickup(&self, request: UserPickupRequest) -> Result<i32, SoapFault> {
        self.served.reply(request, [(pickup(), Ok(7004))])
    }

    async fn user_redirect(&self, request: UserRedirectRequest) -> Result<bool, SoapFault> {
        self.served.reply(request, [(redirect(), Ok(true))])
    }

    async fn user_reroute(&self, request: UserRerouteRequest) -> Result<bool, SoapFault> {
        self.served.reply(request, [(reroute(), Ok(false))])
    }

    async fn user_transfer(&self, a: i32, b: i32) -> Result<(), SoapFault> {
        self.served.reply((a, b), [((7003, 7004), Ok(()))])
    }

    async fn user_media_transfer(&self, a: i32, b: i32, user: bool, peer: bool) -> Result<(), SoapFault> {
        self.served.reply((a, b, user, peer), [((7003, 7004, true, false), Ok(()))])
    }

    async fn user_ct_complete(&self, call: i32, e164: String, h323: String) -> Result<(), SoapFault> {
        self.served.reply((call, e164, h323), [((7003, s("+49 7031 73009-0"), s(T)), Ok(()))])
    }

    async fn user_hold(&self, call: i32, remote: bool) -> Result<(), SoapFault> {
        self.served.reply((call, remote), [((7003, true), Ok(()))])
    }

    async fn user_retrieve(&self, call: i32) -> Result<(), SoapFault> {
        self.served.reply(call, [(7003, Ok(()))])
    }

    async fn user_park(&self, call: i32, cn: String, position: i32) -> Result<i32, SoapFault> {
        self.served.reply((call, cn, position), [((7003, s(""), -1), Ok(7005))])
    }

    async fn user_message(&self, request: UserMessageRequest) -> Result<i32, SoapFault> {
        self.served.reply(request, [(message(), Ok(7006))])
    }

    async fn user_local_num(&self, user: i32, num: String) -> Result<String, SoapFault> {
        self.served.reply((user, num), [((42, s("00497031730090")), Ok(s("0730090")))])
    }

    async fn user_find_destination(
        &self,
        user: i32,
        e164: String,
        h323: String,
    ) -> Result<UserFindDestinationResponse, SoapFault> {
        let incomplete = UserFindDestinationResponse { r#return: true, user: None };
        self.served.reply(
            (user, e164, h323),
            [((42, s("202"), s("")), Ok(found_jane())), ((42, s("2"), s("")), Ok(incomplete))],
        )
    }

    async fn find_user(&self, request: FindUserRequest) -> Result<Vec<UserInfo>, SoapFault> {
        self.served.reply(request, [(find_first_page(), Ok(first_page()))])
    }

    async fn user_license(&self, guid: String, r#type: String) -> Result<bool, SoapFault> {
        self.served.reply((guid, r#type), [((s("*"), s("Video")), Ok(true))])
    }

    async fn set_presence(&self, request: SetPresenceRequest) -> Result<i32, SoapFault> {
        self.served.reply(request, [(presence(), Ok(1))])
    }

    async fn location_url(&self, request: LocationUrlRequest) -> Result<String, SoapFault> {
        self.served.reply(request, [(location(), Ok(s("https://branch.example.com/PBX0/user.soap")))])
    }
}
