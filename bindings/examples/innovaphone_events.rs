//! An innovaphone session watching registrations and a call it places:
//! the caller's phone calls the callee, the call is held, retrieved and
//! cleared once the callee answers.
//!
//! ```sh
//! # against the mock PBX, started in this process (it plays the phones):
//! cargo run -p pbx-soap --features mock --example innovaphone_events
//! # against a PBX (its phones ring!):
//! cargo run -p pbx-soap --features mock --example innovaphone_events -- \
//!     --url https://pbx.example.com/PBX0/user.soap --user admin --password ip800 \
//!     --session-user API --caller "John Doe" --callee 201
//! ```

#[path = "common/args.rs"]
mod args;

use std::error::Error;
use std::time::Duration;

use futures_util::StreamExt as _;
use pbx_soap::innovaphone::{CallPhase, Event, PbxPort, Session, UserCallRequest};
use pbx_soap::mock::innovaphone::{self as mock, MockPbx, Scenario, UserSpec};
use pbx_soap::rt::SoapClient;

const USAGE: &str = "usage: innovaphone_events [--url URL --user USER --password PASSWORD \
                     --session-user CN --caller CN --callee NUMBER] [--insecure true]";

/// The whole run may take this long at most.
const DEADLINE: Duration = Duration::from_secs(60);

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args = args::Args::parse(
        USAGE,
        &["url", "user", "password", "session-user", "caller", "callee", "insecure"],
    )?;
    // Without --url: a mock PBX with Alice (201) and Bob (202) in API's
    // scope; Alice's phone is registered, Bob's registers once the session
    // watches Alice, and Bob answers when his phone rings.
    let mock = if args.remote() {
        None
    } else {
        let pbx = MockPbx::builder()
            .user(UserSpec::new("Alice", "201").group(mock::API_GROUP, false))
            .user(UserSpec::new("Bob", "202").group(mock::API_GROUP, false))
            .start()
            .await?;
        pbx.control().register("Alice")?;
        let scenario = Scenario::new()
            .until_watched("Alice")
            .wait(Duration::from_millis(100))
            .register("Bob")
            .answer_at("Bob");
        pbx.control().play(scenario);
        Some(pbx)
    };
    let url = mock.as_ref().map_or_else(|| args.or("url", "").to_owned(), |m| m.url().to_owned());
    let soap = SoapClient::builder(&url)
        .digest_auth(args.or("user", mock::ADMIN_USER), args.or("password", mock::ADMIN_PASSWORD))
        .accept_invalid_certs(args.get("insecure") == Some("true"))
        .build()?;
    let (caller, callee) = (args.or("caller", "Alice"), args.or("callee", "202"));
    let session =
        Session::open(PbxPort::new(soap), args.or("session-user", mock::API_USER), "pbx-soap example")
            .await?;
    let watched = tokio::time::timeout(DEADLINE, watch(&session, caller, callee)).await;
    session.end().await?;
    if let Some(pbx) = mock {
        pbx.shutdown().await;
    }
    watched.map_err(|_| format!("no end of the call within {DEADLINE:?}"))?
}

/// Prints the events; places the call once the callee is registered, holds
/// it when connected, retrieves it, clears it, and returns when it is gone.
async fn watch(session: &Session, caller: &str, callee: &str) -> Result<(), Box<dyn Error>> {
    let port = session.port();
    let me = session.user(caller).await?;
    let mut call = None;
    let mut held = false;
    let mut events = session.events();
    while let Some(event) = events.next().await {
        match event? {
            Event::User(user) => {
                println!("user {:<12} registered: {:<5} calls: {}", user.cn, user.state == 1, user.channel);
                let is_callee = user.e164 == callee || user.cn == callee;
                if call.is_none() && is_callee && user.state == 1 {
                    let request = UserCallRequest { user: me, e164: callee.into(), ..Default::default() };
                    call = Some(port.user_call(request).await?);
                    println!("calling {callee} from {caller}: call {}", call.unwrap_or_default());
                }
            }
            Event::InitialUsersComplete => println!("initial user list complete"),
            Event::Call(info) if Some(info.call) == call => {
                let state = info.call_state();
                println!(
                    "call {}: {:?} {:?} on hold: {} ({})",
                    info.call,
                    state.phase(),
                    state.direction(),
                    state.on_hold(),
                    info.msg
                );
                if !info.active {
                    return Ok(());
                }
                match (state.phase(), state.on_hold(), held) {
                    (CallPhase::Connect, false, false) => {
                        port.user_hold(info.call, false).await?;
                        held = true;
                    }
                    (CallPhase::Connect, true, _) => port.user_retrieve(info.call).await?,
                    (CallPhase::Connect, false, true) => port.user_clear(info.call, 16, Vec::new()).await?,
                    _ => {}
                }
            }
            Event::Call(_) => {}
        }
    }
    Err("the event stream ended".into())
}
