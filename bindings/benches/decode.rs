//! Decoding a large sipXconfig FindUser response (10,000 users, as Apache
//! Axis 1.4 sends it) into the generated types, against the floor: quick-xml's
//! `NsReader` tokenising the same bytes (every event read, every start tag's
//! namespace resolved, every text and character reference decoded) and
//! building nothing. Also encoding the same value with `ToXml`.
//!
//! `cargo bench -p pbx-soap --bench decode -- --quick` runs criterion on all
//! three and then prints the ratio typed/floor measured in the same run,
//! interleaved so machine noise hits both alike. Under `cargo test --benches`
//! (criterion's test mode) each benchmark runs once and the ratio is skipped.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use pbx_soap::rt::{DecodeOptions, Name, Operation, ToXml, XmlWriter, read_response, write_request};
use pbx_soap::sipxconfig::FindUserResponse;

mod common;
use common::{ROUNDS, floor, interleaved, measuring};

const NS: &str = "http://www.sipfoundry.org/2007/08/21/ConfigService";
const USERS: usize = 10_000;

/// The generated `find_user` method's operation description.
const FIND_USER: Operation = Operation {
    name: "findUser",
    soap_action: "",
    input: Some(Name::qualified(NS, "FindUser")),
    output: Some(Name::qualified(NS, "FindUserResponse")),
    encoded: false,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

/// An operation that sends a `FindUserResponse`, so an encoded value can be
/// wrapped in an envelope and decoded again (round-trip check only).
const ECHO: Operation = Operation {
    name: "findUser",
    soap_action: "",
    input: Some(Name::qualified(NS, "FindUserResponse")),
    output: Some(Name::qualified(NS, "FindUserResponse")),
    encoded: false,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

/// A FindUser response with `users` users, byte for byte in Axis 1.4's
/// document/literal shape: default namespace on the body element, children
/// unqualified via `xmlns=""`, nil values as `xsi:nil="true"`.
fn response(users: usize) -> Vec<u8> {
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

fn typed(bytes: &[u8]) -> FindUserResponse {
    read_response::<FindUserResponse>(bytes, &FIND_USER, &DecodeOptions::default()).unwrap()
}

/// The body element alone, as the client encodes request values.
fn encode(value: &FindUserResponse) -> String {
    let mut w = XmlWriter::new(false);
    value.to_xml(&mut w, Name::qualified(NS, "FindUserResponse"));
    w.finish().unwrap()
}

fn main() {
    let bytes = response(USERS);
    let decoded = typed(&bytes);
    assert_eq!(decoded.users.len(), USERS);
    assert_eq!(decoded.users[0].user_name, "10000");
    assert_eq!(decoded.users[USERS - 1].user_name, (10_000 + USERS - 1).to_string());
    assert_eq!(decoded.users[0].pintoken, None);
    assert_eq!(decoded.users[1].last_name.as_deref(), Some("Müller-10001"));
    assert_eq!(decoded.users[1].first_name.as_deref(), Some("Anna & Co"));
    assert_eq!(decoded.users[1].aliases, ["a10001", "10002"]);
    assert_eq!(decoded.users[1].permissions.len(), 3);
    assert_eq!(decoded.users[1].branch_name.as_deref(), Some("Berlin"));
    // The encoder's output decodes back to the same value.
    let echoed = write_request(&ECHO, &decoded).unwrap();
    assert_eq!(
        read_response::<FindUserResponse>(&echoed, &ECHO, &DecodeOptions::default()).unwrap(),
        decoded
    );
    let encoded_len = encode(&decoded).len();

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("find_user_10k");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(10);
    group.bench_function("typed_decode", |b| b.iter(|| typed(black_box(&bytes))));
    group.bench_function("nsreader_floor", |b| b.iter(|| floor(black_box(&bytes))));
    group.finish();
    let mut group = c.benchmark_group("find_user_10k_encode");
    group.throughput(Throughput::Bytes(encoded_len as u64));
    group.sample_size(10);
    group.bench_function("encode", |b| b.iter(|| encode(black_box(&decoded))));
    group.finish();
    c.final_summary();

    if !measuring() {
        return;
    }
    // The ratio, from interleaved rounds of one run.
    let (t, f) = interleaved(&bytes, typed);
    let mbps = |d: Duration| bytes.len() as f64 / d.as_secs_f64() / 1e6;
    println!(
        "FindUser, {USERS} users, {:.2} MB, median of {ROUNDS} interleaved rounds: \
         typed decode: {:.0} MB/s, NsReader floor: {:.0} MB/s, ratio: {:.2}",
        bytes.len() as f64 / 1e6,
        mbps(t),
        mbps(f),
        t.as_secs_f64() / f.as_secs_f64()
    );
}
