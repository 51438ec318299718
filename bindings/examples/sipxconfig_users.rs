//! sipXconfig: the users of group "Managers", every user handed over one
//! at a time (`Call::each`), and the phones, through two of the six
//! services on one host.
//!
//! ```sh
//! # against the mock, started in this process with a few users and phones:
//! cargo run -p pbx-soap --features mock --example sipxconfig_users
//! # against a sipXcom server (read-only):
//! cargo run -p pbx-soap --features mock --example sipxconfig_users -- \
//!     --url https://sipx.example.com/sipxconfig/services/ --user superadmin --password 1234
//! ```

#[path = "common/args.rs"]
mod args;

use std::error::Error;

use pbx_soap::mock::sipxconfig::{MockPbx, SUPERADMIN, SUPERADMIN_PIN};
use pbx_soap::rt::SoapClient;
use pbx_soap::sipxconfig::{AddUser, Line, Phone, PhoneSearch, PhoneService, User, UserSearch, UserService};

const USAGE: &str = "usage: sipxconfig_users [--url BASE-URL --user USER --password PASSWORD] [--group GROUP] \
                     [--insecure true]";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args = args::Args::parse(USAGE, &["url", "user", "password", "group", "insecure"])?;
    let mock = if args.remote() { None } else { Some(MockPbx::start().await?) };
    let base = match &mock {
        Some(m) => m.url(""),
        None => args.or("url", "").trim_end_matches('/').to_owned() + "/",
    };
    let soap = SoapClient::builder(format!("{base}UserService"))
        .basic_auth(args.or("user", SUPERADMIN), args.or("password", SUPERADMIN_PIN))
        .accept_invalid_certs(args.get("insecure") == Some("true"))
        .build()?;
    let users = UserService::new(soap.clone());
    let phones = PhoneService::new(soap.with_endpoint(&format!("{base}PhoneService"))?);
    if mock.is_some() {
        // The mock starts empty: fill it over SOAP, as an administrator would.
        for (name, last, group) in
            [("201", "Curie", "Managers"), ("202", "Bohr", "Managers"), ("203", "Dirac", "Staff")]
        {
            let user = User {
                user_name: name.into(),
                last_name: Some(last.into()),
                groups: vec![group.into()],
                permissions: vec!["Voicemail".into()],
                ..User::default()
            };
            users.add_user(AddUser { user, pin: "4321".into() }).await?;
        }
        let phone = Phone {
            serial_number: "0004f2a1b2c3".into(),
            model_id: "polycom650".into(),
            description: Some("reception".into()),
            groups: vec!["Lobby".into()],
            lines: vec![Line { user_id: "201".into(), uri: "201@sipx.example.com".into() }],
            device_version: None,
        };
        phones.add_phone(phone).await?;
    }

    let group = args.or("group", "Managers");
    let managers = users.find_user(UserSearch { by_group: Some(group.into()), ..Default::default() }).await?;
    println!("{} users in group {group}:", managers.len());
    for user in &managers {
        println!("  {} {}", user.user_name, user.last_name.as_deref().unwrap_or(""));
    }
    // Every user, each handed over as soon as it is decoded instead of
    // collected into the answer: how to walk a large directory without
    // holding all of it at once.
    let (names, streamed) = std::sync::mpsc::channel();
    let rest = users
        .find_user(UserSearch::default())
        .each(move |user: User| {
            let _ = names.send(user.user_name);
        })
        .await?;
    let streamed: Vec<String> = streamed.try_iter().collect();
    println!("{} users, one at a time: {}", streamed.len(), streamed.join(", "));
    let all = phones.find_phone(PhoneSearch::default()).await?;
    println!("{} phones:", all.len());
    for phone in &all {
        let lines: Vec<&str> = phone.lines.iter().map(|l| l.uri.as_str()).collect();
        println!("  {} {} {}", phone.serial_number, phone.model_id, lines.join(", "));
    }
    if let Some(m) = mock {
        if managers.len() != 2 || all.len() != 1 || streamed.len() != 4 || !rest.is_empty() {
            return Err("the mock answered other data than it was given".into());
        }
        m.shutdown().await;
    }
    Ok(())
}
