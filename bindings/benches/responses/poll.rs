//! The innovaphone Poll response the benches decode: 10,000 UserInfo
//! records in the PBX's rpc/encoded form (`xsi:type` on every value,
//! SOAP-ENC arrays of groups, e-mail addresses and Info records, a Presence
//! struct), and its typed decode (also into the module generated with
//! compact strings). Shared by `poll.rs` and `peers.rs`.

use pbx_soap::innovaphone::PollResponse;
use pbx_soap::rt::{DecodeOptions, Name, Operation, read_response};

pub const NS: &str = "http://innovaphone.com/pbx";

/// The generated `poll` method's operation description.
pub const POLL: Operation = Operation {
    name: "Poll",
    soap_action: "http://innovaphone.com/pbx#Poll",
    input: Some(Name::qualified(NS, "Poll")),
    output: Some(Name::qualified(NS, "PollResponse")),
    encoded: true,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

/// A Poll response with `users` UserInfo records, in the PBX's form.
pub fn response(users: usize) -> Vec<u8> {
    let mut s = String::with_capacity(users * 1400);
    s.push_str(r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="http://innovaphone.com/pbx"><soap:Body soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><tns:PollResponse><return xsi:type="tns:AnyInfo">"#);
    s.push_str(&format!(r#"<user xsi:type="soapenc:Array" soapenc:arrayType="tns:UserInfo[{users}]">"#));
    for i in 0..users {
        let n = 1000 + i;
        s.push_str(r#"<item xsi:type="tns:UserInfo"><active xsi:type="xsd:boolean">true</active>"#);
        s.push_str(&format!(r#"<cn xsi:type="xsd:string">M&#252;ller, Anna {n}</cn><dn xsi:type="xsd:string">Anna M&#252;ller &amp; Co {n}</dn>"#));
        s.push_str(&format!(r#"<type xsi:type="xsd:string">ep</type><e164 xsi:type="xsd:string">{n}</e164><h323 xsi:type="xsd:string">amueller{n}</h323>"#));
        s.push_str(&format!(r#"<state xsi:type="xsd:int">{}</state><channel xsi:type="xsd:int">{}</channel><alert xsi:type="xsd:int">0</alert>"#, i % 2, i % 3));
        s.push_str(&format!(
            r#"<guid xsi:type="xsd:string">{:032x}</guid>"#,
            n as u128 * 0x9e37_79b9_7f4a_7c15
        ));
        s.push_str(r#"<groups xsi:type="soapenc:Array" soapenc:arrayType="tns:Group[2]"><item xsi:type="tns:Group"><group xsi:type="xsd:string">all users</group><active xsi:type="xsd:boolean">true</active></item><item xsi:type="tns:Group"><group xsi:type="xsd:string">sales</group><active xsi:type="xsd:boolean">false</active></item></groups>"#);
        s.push_str(r#"<node xsi:type="xsd:string">root</node>"#);
        s.push_str(r#"<presence xsi:type="tns:Presence"><status xsi:type="tns:PresenceStatus">open</status><activity xsi:type="tns:PresenceActivity">busy</activity></presence>"#);
        s.push_str(&format!(r#"<h323email xsi:type="xsd:boolean">false</h323email><email xsi:type="soapenc:Array" soapenc:arrayType="xsd:string[1]"><item xsi:type="xsd:string">anna.mueller{n}@example.com</item></email>"#));
        s.push_str(r#"<info xsi:type="soapenc:Array" soapenc:arrayType="tns:Info[1]"><item xsi:type="tns:Info"><type xsi:type="xsd:string">fake</type><vali xsi:type="xsd:int">0</vali><vals xsi:type="xsd:string">200</vals></item></info></item>"#);
    }
    s.push_str(r#"</user><call xsi:type="soapenc:Array" soapenc:arrayType="tns:CallInfo[0]"/></return></tns:PollResponse></soap:Body></soap:Envelope>"#);
    s.into_bytes()
}

pub fn typed(bytes: &[u8]) -> PollResponse {
    read_response::<PollResponse>(bytes, &POLL, &DecodeOptions::default()).unwrap()
}

/// The innovaphone module generated with `Strings::Compact`
/// (`project::bench_modules`; feature `compact-str`); the benches use its Poll response only.
// Laid out by prettyplease: rustfmt would make `regen --check` see it stale.
#[cfg(feature = "compact-str")]
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../generated/innovaphone_compact.rs"]
pub mod compact;

/// The same decode into the compact-strings module's types.
#[cfg(feature = "compact-str")]
#[allow(dead_code)] // the decode benches' (`encode` and `calls` include this file too)
pub fn typed_compact(bytes: &[u8]) -> compact::PollResponse {
    read_response::<compact::PollResponse>(bytes, &POLL, &DecodeOptions::default()).unwrap()
}
