//! Decoding a large sipXconfig FindUser response (10,000 users, as Apache
//! Axis 1.4 sends it) into the generated types, against the floor: quick-xml's
//! `NsReader` tokenising the same bytes (every event read, every start tag's
//! namespace resolved, every text unescaped) and building nothing.
//!
//! `cargo bench -p pbx-soap --bench decode` runs criterion on both and then
//! prints the ratio typed/floor measured in the same run, interleaved so
//! machine noise hits both alike.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use pbx_soap::rt::{DecodeOptions, Name, Operation, read_response};
use pbx_soap::sipxconfig::FindUserResponse;
use quick_xml::NsReader;
use quick_xml::events::Event;

const NS: &str = "http://www.sipfoundry.org/2007/08/21/ConfigService";
const USERS: usize = 10_000;

/// The generated `find_user` method's operation description.
const FIND_USER: Operation = Operation {
    name: "findUser",
    soap_action: "",
    input: Some(Name::qualified(NS, "FindUser")),
    output: Some(Name::qualified(NS, "FindUserResponse")),
    encoded: false,
};

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
        s.push_str("<branchName>Berlin</branchName></item>");
    }
    s.push_str("</users></FindUserResponse></soapenv:Body></soapenv:Envelope>");
    s.into_bytes()
}

fn typed(bytes: &[u8]) -> FindUserResponse {
    read_response::<FindUserResponse>(bytes, &FIND_USER, &DecodeOptions::default()).unwrap()
}

/// The floor: tokenising with namespace resolution and text unescaping,
/// no values built. Returns a count so nothing is optimised away.
fn floor(bytes: &[u8]) -> usize {
    let mut reader = NsReader::from_reader(bytes);
    let mut n = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let (ns, _) = reader.resolver().resolve_element(e.name());
                n += matches!(ns, quick_xml::name::ResolveResult::Bound(_)) as usize;
                for a in e.attributes() {
                    n += a.unwrap().value.len();
                }
            }
            Event::Text(t) => n += t.xml10_content().len(),
            Event::GeneralRef(r) => n += r.len(),
            Event::Eof => return n,
            _ => {}
        }
    }
}

fn median_per_iteration(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let bytes = response(USERS);
    let decoded = typed(&bytes);
    assert_eq!(decoded.users.len(), USERS);
    assert_eq!(decoded.users[0].user_name, "10000");
    assert_eq!(decoded.users[USERS - 1].user_name, (10_000 + USERS - 1).to_string());
    assert_eq!(decoded.users[1].last_name.as_deref(), Some("Müller-10001"));

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("find_user_10k");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(10);
    group.bench_function("typed_decode", |b| b.iter(|| typed(black_box(&bytes))));
    group.bench_function("nsreader_floor", |b| b.iter(|| floor(black_box(&bytes))));
    group.finish();
    c.final_summary();

    // The ratio, from interleaved rounds of one run.
    let (mut t, mut f) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        let start = Instant::now();
        black_box(typed(black_box(&bytes)));
        t.push(start.elapsed());
        let start = Instant::now();
        black_box(floor(black_box(&bytes)));
        f.push(start.elapsed());
    }
    let (t, f) = (median_per_iteration(&mut t), median_per_iteration(&mut f));
    let mbps = |d: Duration| bytes.len() as f64 / d.as_secs_f64() / 1e6;
    println!(
        "FindUser, {USERS} users, {:.1} MB: typed decode {:.0} MB/s, NsReader floor {:.0} MB/s, ratio typed/floor {:.2}x",
        bytes.len() as f64 / 1e6,
        mbps(t),
        mbps(f),
        t.as_secs_f64() / f.as_secs_f64()
    );
}
