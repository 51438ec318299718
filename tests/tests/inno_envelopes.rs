//! innovaphone pbx10_00 requests as the generated client sends them
//! (rpc/encoded): each test calls a generated method against a recording
//! server on 127.0.0.1 and compares the envelope it received with the
//! fixture under `fixtures/innovaphone/requests/` after XML normalisation
//! (prefixes free; names, namespaces, `xsi:type`s, array types, order and
//! values exact).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::innovaphone::*;
use pbx_soap::rt::SoapClient;
use pbx_soap_tests::fixtures::assert_request;
use pbx_soap_tests::http_stub::{Recorded, Reply, StubServer};

/// Answers every operation with its response wrapper holding a `return` of
/// 0 where the operation has one (enough for the client to finish).
fn reply(req: &Recorded) -> Reply {
    let body = req.body_text();
    let op = ["Initialize", "Poll", "UserCall", "FindUser", "UserEnd", "Echo", "SetPresence", "Version"]
        .into_iter()
        .chain(["UserFindDestination"])
        .into_iter()
        .find(|op| body.contains(&format!(":{op}>")) || body.contains(&format!(":{op} ")))
        .unwrap_or("Unknown");
    let content = match op {
        "Initialize" => "<return>1</return><key>2</key>",
        "Poll" => "<return/>",
        "FindUser" => "<return/>",
        "UserEnd" => "",
        "Version" => {
            "<WSDLVersion>1000</WSDLVersion><GatekeeperID/><Location/><FirmwareVersion/><SerialNumber/>"
        }
        "UserFindDestination" => "<return>true</return>",
        _ => "<return>0</return>",
    };
    // The wrapper is in the binding's `soap:body namespace`, as for the
    // request: `http://innovaphone/binding` for UserEnd and Echo.
    let ns = if matches!(op, "UserEnd" | "Echo") {
        "http://innovaphone/binding"
    } else {
        "http://innovaphone.com/pbx"
    };
    Reply::xml(
        200,
        format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><t:{op}Response xmlns:t="{ns}">{content}</t:{op}Response></s:Body></s:Envelope>"#
        ),
    )
}

async fn peer() -> (StubServer, PbxPort) {
    let server = StubServer::start(reply).await.unwrap();
    let port = PbxPort::new(SoapClient::new(server.url("/PBX0/user.soap")).unwrap());
    (server, port)
}

fn assert_sent(server: &StubServer, name: &str) {
    let requests = server.requests();
    let req = requests.last().expect("no request reached the server");
    assert_request(req, "innovaphone", name);
    // The binding's soapAction, quoted (SOAP 1.1 section 6.1.1): for most
    // operations `http://innovaphone.com/pbx#<Op>`, for UserEnd and Echo
    // `capeconnect:pbx:pbxPortType#<Op>`, as the WSDL says.
    let action = req.header("SOAPAction").unwrap();
    let fragment = action.strip_prefix('"').and_then(|a| a.strip_suffix('"')).unwrap();
    let (base, op) = fragment.split_once('#').unwrap();
    assert!(["http://innovaphone.com/pbx", "capeconnect:pbx:pbxPortType"].contains(&base), "{action}");
    assert!(req.body_text().contains(&format!(":{op}")), "{action}");
}

#[tokio::test]
async fn initialize_sets_every_version_flag() {
    let (server, port) = peer().await;
    let answer = port
        .initialize(InitializeRequest {
            user: "API".into(),
            appl: "pbx-soap test".into(),
            v: true,
            v501: true,
            v700: true,
            v800: true,
            vx1000: true,
        })
        .await
        .unwrap();
    assert_eq!((answer.r#return, answer.key), (1, 2));
    assert_sent(&server, "initialize");
}

#[tokio::test]
async fn poll_sends_the_session() {
    let (server, port) = peer().await;
    port.poll(17).await.unwrap();
    assert_sent(&server, "poll");
}

#[tokio::test]
async fn user_call_sends_an_encoded_info_array() {
    let (server, port) = peer().await;
    let request = UserCallRequest {
        user: 42,
        e164: "201".into(),
        info: vec![Info { r#type: "conf".into(), vali: 0, vals: "x".into() }],
        srce164: "r100".into(),
        ..Default::default()
    };
    assert_eq!(port.user_call(request).await.unwrap(), 0);
    assert_sent(&server, "user_call");
}

#[tokio::test]
async fn find_user_sends_the_string_version_flags() {
    let (server, port) = peer().await;
    let request = FindUserRequest {
        v501: "true".into(),
        v700: "true".into(),
        v800: "true".into(),
        vx1000: "true".into(),
        cn: "Doe".into(),
        count: 20,
        next: 1,
        ..Default::default()
    };
    assert!(port.find_user(request).await.unwrap().is_empty());
    assert_sent(&server, "find_user");
}

#[tokio::test]
async fn user_end_and_echo_use_the_binding_namespace() {
    let (server, port) = peer().await;
    port.user_end(42).await.unwrap();
    assert_sent(&server, "user_end");
    port.echo(17, -559038737).await.unwrap();
    assert_sent(&server, "echo");
}

#[tokio::test]
async fn set_presence_sends_enum_values_with_their_types() {
    let (server, port) = peer().await;
    let request = SetPresenceRequest {
        presence: Presence {
            status: Some(PresenceStatus::Open),
            activity: Some(PresenceActivity::OnThePhone),
            note: None,
        },
        im: false,
        contact: "tel:".into(),
        guid: "*".into(),
        h323: "jdoe".into(),
    };
    assert_eq!(port.set_presence(request).await.unwrap(), 0);
    assert_sent(&server, "set_presence");
}

#[tokio::test]
async fn version_sends_an_empty_wrapper() {
    let (server, port) = peer().await;
    assert_eq!(port.version().await.unwrap().wsdl_version, 1000);
    assert_sent(&server, "version");
}

#[tokio::test]
async fn user_find_destination_sends_three_positional_parts() {
    let (server, port) = peer().await;
    let answer = port.user_find_destination(42, "0049 7031 73009-0".into(), String::new()).await.unwrap();
    assert_eq!(answer, UserFindDestinationResponse { r#return: true, user: None });
    assert_sent(&server, "user_find_destination");
}

/// The futures of generated methods can be spawned on a multi-threaded
/// runtime.
#[test]
fn generated_futures_are_send() {
    fn send<T: Send>(_: &T) {}
    let port = PbxPort::new(SoapClient::new("http://127.0.0.1:9/PBX0/user.soap").unwrap());
    send(&port.poll(1));
    send(&port.user_call(UserCallRequest::default()));
}
