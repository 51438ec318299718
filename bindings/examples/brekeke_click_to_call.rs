//! Brekeke click-to-call, over SOAP (callControl) and over the plain-HTTP
//! 3PCC URL, which answers the call's id.
//!
//! ```sh
//! # against the mock, started in this process:
//! cargo run -p pbx-soap --features mock --example brekeke_click_to_call
//! # against a Brekeke PBX (its phones ring!):
//! cargo run -p pbx-soap --features mock --example brekeke_click_to_call -- \
//!     --url http://pbx.example.com:8080/pbx/services/UserImpl --from 4005 --to 4007
//! ```

#[path = "common/args.rs"]
mod args;

use std::error::Error;

use pbx_soap::brekeke::{CallType, ClickToCall, UserImpl};
use pbx_soap::mock::brekeke::MockPbx;
use pbx_soap::rt::SoapClient;

const USAGE: &str =
    "usage: brekeke_click_to_call [--url URL [--user USER --password PASSWORD]] [--from NUMBER --to NUMBER]";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args = args::Args::parse(USAGE, &["url", "user", "password", "from", "to"])?;
    let mock = if args.remote() { None } else { Some(MockPbx::start().await?) };
    let url = mock.as_ref().map_or_else(|| args.or("url", "").to_owned(), |m| m.url().to_owned());
    let mut soap = SoapClient::builder(url);
    if let (Some(user), Some(password)) = (args.get("user"), args.get("password")) {
        soap = soap.basic_auth(user, password);
    }
    let pbx = UserImpl::new(soap.build()?);
    let (from, to) = (args.or("from", "4005"), args.or("to", "4007"));

    // The vendor's sample over SOAP: a call from `from` to `to`, caller first.
    let answer = pbx
        .call_control(from.into(), from.into(), vec![to.into()], CallType::CallerFirst.as_str().into())
        .await?;
    println!("callControl: {answer}");

    // The same over the plain-HTTP 3PCC URL, which returns the call's id.
    let id = pbx.click_to_call(&ClickToCall::new(from, to)).await?;
    println!("3pcc: call {id}");

    if let Some(m) = mock {
        let placed = m.control().calls();
        println!("the mock placed {} calls", placed.len());
        if placed.len() != 2 || placed[1].id != id {
            return Err("the mock recorded other calls than were placed".into());
        }
        m.shutdown().await;
    }
    Ok(())
}
