//! The sipXconfig FindUser response the benches decode: 10,000 users as
//! Apache Axis 1.4 sends them (document/literal), and its typed decode.
//! Shared by `decode.rs` and `peers.rs`, with the decode into the module
//! generated with compact strings.

use pbx_soap::rt::{DecodeOptions, Name, Operation, read_response};
use pbx_soap::sipxconfig::FindUserResponse;

pub const NS: &str = "http://www.sipfoundry.org/2007/08/21/ConfigService";

/// The generated `find_user` method's operation description.
pub const FIND_USER: Operation = Operation {
    name: "findUser",
    soap_action: "",
    input: Some(Name::qualified(NS, "FindUser")),
    output: Some(Name::qualified(NS, "FindUserResponse")),
    encoded: false,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

/// A FindUser response with `users` users, byte for byte in Axis 1.4's
/// document/literal shape: default namespace on the body element, children
/// unqualified via `xmlns=""`, nil values as `xsi:nil="true"`.
pub fn response(users: usize) -> Vec<u8> {
    let mut s = String::with_capacity(users * 520);
    s.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>"#);
    s.push_str(&format!(r#"<FindUserResponse xmlns="{NS}"><users xmlns="">"#));
    for i in 0..users {
        let n = 10_000 + i;
        s.push_str(&format!("<item><userName>{n}</userName>"));
        if i % 3 == 0 {
            s.push_str(r#"<pintoken xsi:nil="true"/>"#);
        } else {
            s.push_str(&format!("<pintoken>{:032x}</pintoken>", n as u128 * 0x9e37_79b9_7f4a_7c15));
        }
        s.push_str(&format!("<lastName>M&#252;ller-{n}</lastName><firstName>Anna &amp; Co</firstName>"));
        s.push_str(&format!(
            "<sipPassword>pw{n}</sipPassword><aliases>a{n}</aliases><aliases>{}</aliases>",
            n + 1
        ));
        if i % 5 == 0 {
            s.push_str(r#"<emailAddress xsi:nil="true"/>"#);
        } else {
            s.push_str(&format!("<emailAddress>user{n}@example.com</emailAddress>"));
        }
        s.push_str("<groups>Managers</groups><groups>Sales</groups>");
        s.push_str("<permissions>LocalDialing</permissions><permissions>Voicemail</permissions><permissions>Mobile</permissions>");
        if i % 7 == 0 {
            s.push_str(r#"<branchName xsi:nil="true"/></item>"#);
        } else {
            s.push_str("<branchName>Berlin</branchName></item>");
        }
    }
    s.push_str("</users></FindUserResponse></soapenv:Body></soapenv:Envelope>");
    s.into_bytes()
}

pub fn typed(bytes: &[u8]) -> FindUserResponse {
    read_response::<FindUserResponse>(bytes, &FIND_USER, &DecodeOptions::default()).unwrap()
}

/// The sipXconfig module generated with `Strings::Compact`
/// (`project::bench_modules`; feature `compact-str`); the benches use its FindUser response only.
// Laid out by prettyplease: rustfmt would make `regen --check` see it stale.
#[cfg(feature = "compact-str")]
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../generated/sipxconfig_compact.rs"]
pub mod compact;

/// The same decode into the compact-strings module's types.
#[cfg(feature = "compact-str")]
#[allow(dead_code)] // the decode benches' (`encode` and `calls` include this file too)
pub fn typed_compact(bytes: &[u8]) -> compact::FindUserResponse {
    read_response::<compact::FindUserResponse>(bytes, &FIND_USER, &DecodeOptions::default()).unwrap()
}
