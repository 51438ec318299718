//! Generated vendor types never show secrets in `Debug`: sipXconfig's
//! `User` (`sip_password`, `pintoken`) and `AddUser` (`pin`), Monema's
//! request structs (`client_password`) print `"<redacted>"` in their place
//! and every other field as usual.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

const SIP_PASSWORD: &str = "s3cr3t-sip-pw";
const PINTOKEN: &str = "9f8e7d6c5b4a";
const PIN: &str = "424242";
const CLIENT_PASSWORD: &str = "monema-pw-77";

fn sipx_user() -> pbx_soap::sipxconfig::User {
    pbx_soap::sipxconfig::User {
        user_name: "alice".into(),
        pintoken: Some(PINTOKEN.into()),
        first_name: Some("Alice".into()),
        sip_password: Some(SIP_PASSWORD.into()),
        aliases: vec!["201".into()],
        ..Default::default()
    }
}

fn assert_hidden(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "`{secret}` shown in {text}");
    }
    assert!(text.contains(pbx_soap::rt::REDACTED), "{text}");
}

#[test]
fn a_sipxconfig_user_hides_its_passwords_and_shows_the_rest() {
    let user = sipx_user();
    for text in [format!("{user:?}"), format!("{user:#?}")] {
        assert_hidden(&text, &[SIP_PASSWORD, PINTOKEN]);
        for shown in ["alice", "Alice", "201", "last_name: None"] {
            assert!(text.contains(shown), "`{shown}` missing in {text}");
        }
    }
    let text = format!("{user:?}");
    assert!(text.contains("sip_password: Some(\"<redacted>\")"), "{text}");
    assert!(text.contains("pintoken: Some(\"<redacted>\")"), "{text}");
}

#[test]
fn an_absent_secret_stays_none() {
    let user = pbx_soap::sipxconfig::User { user_name: "bob".into(), ..Default::default() };
    let text = format!("{user:?}");
    assert!(text.contains("sip_password: None") && text.contains("pintoken: None"), "{text}");
}

#[test]
fn a_nested_user_and_the_request_pin_are_hidden_too() {
    let request = pbx_soap::sipxconfig::AddUser { user: sipx_user(), pin: PIN.into() };
    let text = format!("{request:?}");
    assert_hidden(&text, &[SIP_PASSWORD, PINTOKEN, PIN]);
    assert!(text.contains("alice"), "{text}");
}

#[test]
fn a_monema_request_hides_the_client_password() {
    let request = pbx_soap::monema::CMakeCallRequest {
        client_login: "acme-login".into(),
        client_password: CLIENT_PASSWORD.into(),
        source_ext: "100".into(),
        dest_ext: "0049301234".into(),
        variables: String::new(),
    };
    let text = format!("{request:?}");
    assert_hidden(&text, &[CLIENT_PASSWORD]);
    for shown in ["acme-login", "source_ext: \"100\"", "0049301234"] {
        assert!(text.contains(shown), "`{shown}` missing in {text}");
    }
}
