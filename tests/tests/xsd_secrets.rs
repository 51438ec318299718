//! Secret fields of generated types (`tests/xsd/secrets.wsdl`): whatever
//! the schema types them as (`xsd:string`, a derived built-in, a named
//! restriction of one, a restriction of that, a list of PINs), as an
//! element, an attribute or a choice alternative, `Debug` shows
//! `"<redacted>"` in their place and JSON leaves them out, while the wire
//! carries them as they are. Fields whose names hold no secret, and a
//! number whose name does, show as usual; an access key is a secret only
//! in the module generated with the secret word `key` added
//! (`Settings::secret_words`). A secret typed as a struct with simple
//! content (a password with a `Type` attribute, as WS-Security's) shows
//! its attributes and hides its text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pbx_soap::rt::{Name, REDACTED};
use pbx_soap_tests::schema::round_trip;
use pbx_soap_tests::xsd::{secrets, secrets_compact, secrets_key};

const NS: &str = "urn:pbx-soap:test:secrets";
const PASSWORD: &str = "pw-restricted-128";
const PIN: &str = "90210";
const OLD_PINS: [&str; 2] = ["11111", "22222"];
const ADMIN_PASSWORD: &str = "admin-normalized";
const API_SECRET: &str = "attr-secret-xyz";
const CHOICE_SECRET: &str = "choice-secret-abc";
const SECRETS: [&str; 7] =
    [PASSWORD, PIN, OLD_PINS[0], OLD_PINS[1], ADMIN_PASSWORD, API_SECRET, CHOICE_SECRET];
const ACCESS_KEY: &str = "ak-0123456789";

fn login() -> secrets::Login {
    secrets::Login {
        api_secret: Some(API_SECRET.into()),
        realm: Some("pbx.example.com".into()),
        user: "alice".into(),
        password: PASSWORD.into(),
        pin: Some(PIN.into()),
        old_pins: Some(OLD_PINS.iter().map(|p| (*p).to_owned()).collect()),
        admin_password: Some(ADMIN_PASSWORD.into()),
        pin_attempts: 424_242,
        access_key: Some(ACCESS_KEY.into()),
        secret_or_extension: secrets::SecretOrExtension::Secret(CHOICE_SECRET.into()),
    }
}

fn assert_hidden(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "`{secret}` shown in {text}");
    }
}

#[test]
fn debug_hides_secrets_of_every_type_and_shows_the_rest() {
    let value = login();
    for text in [format!("{value:?}"), format!("{value:#?}")] {
        assert_hidden(&text);
        // `key` is no built-in secret word.
        for shown in ["alice", "pbx.example.com", "424242", ACCESS_KEY] {
            assert!(text.contains(shown), "`{shown}` missing in {text}");
        }
    }
    let text = format!("{value:?}");
    for field in ["api_secret", "pin", "admin_password"] {
        assert!(text.contains(&format!("{field}: Some(\"{REDACTED}\")")), "{field}: {text}");
    }
    assert!(text.contains(&format!("password: \"{REDACTED}\"")), "{text}");
    assert!(text.contains(&format!("old_pins: Some([\"{REDACTED}\", \"{REDACTED}\"])")), "{text}");
    assert!(text.contains(&format!("Secret(\"{REDACTED}\")")), "{text}");
    // The other alternative has no secret in its name.
    let other = secrets::Login {
        secret_or_extension: secrets::SecretOrExtension::Extension("2001".into()),
        ..login()
    };
    assert!(format!("{other:?}").contains("Extension(\"2001\")"), "{other:?}");
}

#[test]
fn the_compact_strings_module_hides_them_too() {
    let value = secrets_compact::Login {
        api_secret: Some(API_SECRET.into()),
        realm: None,
        user: "alice".into(),
        password: PASSWORD.into(),
        pin: Some(PIN.into()),
        old_pins: Some(OLD_PINS.iter().map(|p| (*p).into()).collect()),
        admin_password: Some(ADMIN_PASSWORD.into()),
        pin_attempts: 3,
        access_key: None,
        secret_or_extension: secrets_compact::SecretOrExtension::Secret(CHOICE_SECRET.into()),
    };
    let text = format!("{value:?}");
    assert_hidden(&text);
    assert!(text.contains("alice") && text.contains(REDACTED), "{text}");
}

#[test]
fn the_wire_carries_the_secrets_as_they_are() {
    let value = login();
    let (xml, back) = round_trip(Name::qualified(NS, "Login"), &value, false);
    for secret in SECRETS {
        assert!(xml.contains(secret), "`{secret}` not sent: {xml}");
    }
    assert!(back == value, "read back differently:\n{xml}");
}

#[test]
fn json_leaves_the_secrets_out_and_reads_without_them() {
    let value = secrets::Login {
        secret_or_extension: secrets::SecretOrExtension::Extension("2001".into()),
        ..login()
    };
    let json = serde_json::to_string(&value).unwrap();
    assert_hidden(&json);
    for shown in ["alice", "pbx.example.com", "424242", "2001"] {
        assert!(json.contains(shown), "`{shown}` missing in {json}");
    }
    let back: secrets::Login = serde_json::from_str(&json).unwrap();
    assert_eq!((back.user.as_str(), back.pin_attempts), ("alice", 424_242));
    assert_eq!((back.password.as_str(), back.pin, back.old_pins, back.api_secret), ("", None, None, None));
}

#[test]
fn a_secret_alternative_is_an_error_in_json_not_its_text() {
    // A variant cannot be left out of its enum; serializing it fails, and
    // reading one still works (a configuration file).
    let err = serde_json::to_string(&login()).unwrap_err().to_string();
    assert!(err.contains("Secret"), "{err}");
    assert_hidden(&err);
    let read: secrets::SecretOrExtension = serde_json::from_str(r#"{"Secret":"from-config"}"#).unwrap();
    assert_eq!(read, secrets::SecretOrExtension::Secret("from-config".into()));
}

#[test]
fn a_secret_word_of_the_user_s_hides_its_fields_too() {
    let value = secrets_key::Login {
        api_secret: None,
        realm: None,
        user: "alice".into(),
        password: PASSWORD.into(),
        pin: None,
        old_pins: None,
        admin_password: None,
        pin_attempts: 1,
        access_key: Some(ACCESS_KEY.into()),
        secret_or_extension: secrets_key::SecretOrExtension::Extension("2001".into()),
    };
    let text = format!("{value:?}");
    assert!(text.contains(&format!("access_key: Some(\"{REDACTED}\")")), "{text}");
    assert!(!text.contains(ACCESS_KEY) && !text.contains(PASSWORD), "{text}");
    let json = serde_json::to_string(&value).unwrap();
    assert!(!json.contains(ACCESS_KEY) && json.contains("alice"), "{json}");
    let (xml, back) = round_trip(Name::qualified(NS, "Login"), &value, false);
    assert!(xml.contains(ACCESS_KEY) && back == value, "{xml}");
}

const STRUCT_PASSWORD: &str = "pw-in-simple-content";
const OLD_PASSWORDS: [&str; 2] = ["pw-old-one", "pw-old-two"];
const NEW_PIN: &str = "4711";
const PASSWORD_TEXT: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";

/// Secrets typed as structs with simple content: the text and attributes.
fn set_password() -> secrets::SetPassword {
    let password =
        |value: &str| secrets::PasswordString { r#type: Some(PASSWORD_TEXT.into()), value: value.into() };
    secrets::SetPassword {
        user: "alice".into(),
        password: password(STRUCT_PASSWORD),
        old_passwords: OLD_PASSWORDS.iter().map(|p| password(p)).collect(),
        new_pin: secrets::PinCode { format: secrets::PinFormat::Digits, value: NEW_PIN.into() },
    }
}

#[test]
fn debug_hides_the_text_of_a_secret_struct_and_shows_its_attributes() {
    let value = set_password();
    for text in [format!("{value:?}"), format!("{value:#?}")] {
        for secret in [STRUCT_PASSWORD, OLD_PASSWORDS[0], OLD_PASSWORDS[1], NEW_PIN] {
            assert!(!text.contains(secret), "`{secret}` shown in {text}");
        }
        for shown in ["alice", PASSWORD_TEXT, "Digits"] {
            assert!(text.contains(shown), "`{shown}` missing in {text}");
        }
    }
    let text = format!("{value:?}");
    assert!(text.contains(&format!("value: \"{REDACTED}\"")), "{text}");
    // A struct that is no secret field's type shows its text.
    let alone = format!("{:?}", value.password);
    assert!(alone.contains(STRUCT_PASSWORD), "{alone}");
}

#[test]
fn secret_structs_go_on_the_wire_and_stay_out_of_json() {
    let value = set_password();
    let (xml, back) = round_trip(Name::qualified(NS, "SetPassword"), &value, false);
    for secret in [STRUCT_PASSWORD, OLD_PASSWORDS[0], OLD_PASSWORDS[1], NEW_PIN] {
        assert!(xml.contains(secret), "`{secret}` not sent: {xml}");
    }
    assert!(back == value, "read back differently:\n{xml}");
    let json = serde_json::to_string(&value).unwrap();
    for secret in [STRUCT_PASSWORD, OLD_PASSWORDS[0], NEW_PIN, PASSWORD_TEXT] {
        assert!(!json.contains(secret), "`{secret}` in {json}");
    }
    assert!(json.contains("alice"), "{json}");
    // The PIN's type has no default (its format is a required
    // enumeration): JSON without it is refused, naming it.
    let err = serde_json::from_str::<secrets::SetPassword>(&json).unwrap_err().to_string();
    assert!(err.contains("new_pin"), "{err}");
    let with_pin = r#"{"user":"bob","new_pin":{"format":"digits","value":"1234"}}"#;
    let read: secrets::SetPassword = serde_json::from_str(with_pin).unwrap();
    assert_eq!(
        (read.user.as_str(), read.password.value.as_str(), read.new_pin.value.as_str()),
        ("bob", "", "1234")
    );
}

#[test]
fn the_generator_and_the_exchange_history_know_the_same_secret_words() {
    // What generated `Debug` hides by these words, the history masks by
    // them too (`rt::history`).
    assert_eq!(pbx_soap_codegen::SECRET_WORDS, pbx_soap::rt::SECRET_WORDS);
}
