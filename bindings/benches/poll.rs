//! Decoding a large innovaphone Poll response (10,000 UserInfo records in
//! the PBX's rpc/encoded form: `xsi:type` on every value, SOAP-ENC arrays of
//! groups, e-mail addresses and Info records, a Presence struct) into the
//! generated types, against the floor: quick-xml's `NsReader` tokenising
//! the same bytes. Also the memory of one decode: the growth of the peak
//! resident set (Linux `VmHWM`) in a fresh child process.
//!
//! `cargo bench -p pbx-soap --bench poll -- --quick` runs criterion and
//! then prints the ratio typed/floor from interleaved rounds of the same
//! run, and the peak memory. Under `cargo test --benches` each benchmark
//! runs once and the report is skipped.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use pbx_soap::innovaphone::{PollResponse, PresenceActivity};
use pbx_soap::rt::{DecodeOptions, Name, Operation, read_response};

mod common;
use common::{ROUNDS, floor, interleaved, measuring};

const NS: &str = "http://innovaphone.com/pbx";
const USERS: usize = 10_000;

/// The generated `poll` method's operation description.
const POLL: Operation = Operation {
    name: "Poll",
    soap_action: "http://innovaphone.com/pbx#Poll",
    input: Some(Name::qualified(NS, "Poll")),
    output: Some(Name::qualified(NS, "PollResponse")),
    encoded: true,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

/// Set in the child process that measures memory.
const PEAK_ENV: &str = "PBX_SOAP_BENCH_PEAK";

/// A field of `/proc/self/status` in bytes (Linux; `None` elsewhere).
fn status_bytes(field: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Child mode: one decode in a fresh process; prints the growth of the
/// peak resident set (VmHWM) over what was resident with the input built,
/// and the resident size with the decoded value still held.
fn measure_peak() {
    let bytes = response(USERS);
    let before = status_bytes("VmRSS:").unwrap_or(0);
    let decoded = typed(&bytes);
    let peak = status_bytes("VmHWM:").unwrap_or(0).saturating_sub(before);
    let held = status_bytes("VmRSS:").unwrap_or(0).saturating_sub(before);
    black_box(&decoded);
    println!("{} {peak} {held}", bytes.len());
}

/// Runs [`measure_peak`] in a child process, so allocations of the timing
/// runs do not count: (input bytes, peak growth, held after decode).
fn peak_in_child() -> Option<(usize, usize, usize)> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe).env(PEAK_ENV, "1").output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let mut it = text.split_whitespace().map(|v| v.parse::<usize>().ok());
    Some((it.next()??, it.next()??, it.next()??))
}

/// A Poll response with `users` UserInfo records, in the PBX's form.
fn response(users: usize) -> Vec<u8> {
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

fn typed(bytes: &[u8]) -> PollResponse {
    read_response::<PollResponse>(bytes, &POLL, &DecodeOptions::default()).unwrap()
}

fn main() {
    if std::env::var_os(PEAK_ENV).is_some() {
        measure_peak();
        return;
    }
    let bytes = response(USERS);
    let decoded = typed(&bytes);
    let users = &decoded.r#return.user;
    assert_eq!(users.len(), USERS);
    assert_eq!(users[1].cn, "Müller, Anna 1001");
    assert_eq!(users[1].dn, "Anna Müller & Co 1001");
    assert_eq!(users[1].groups.len(), 2);
    assert_eq!(users[1].email, ["anna.mueller1001@example.com"]);
    assert_eq!(users[1].presence.as_ref().unwrap().activity, Some(PresenceActivity::Busy));
    assert_eq!(users[USERS - 1].e164, (1000 + USERS - 1).to_string());
    drop(decoded);

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("poll_10k_users");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(10);
    group.bench_function("typed_decode", |b| b.iter(|| typed(black_box(&bytes))));
    group.bench_function("nsreader_floor", |b| b.iter(|| floor(black_box(&bytes))));
    group.finish();
    c.final_summary();

    if !measuring() {
        return;
    }
    let (t, f) = interleaved(&bytes, typed);
    let mb = |n: usize| n as f64 / 1e6;
    let mbps = |d: std::time::Duration| mb(bytes.len()) / d.as_secs_f64();
    println!(
        "Poll, {USERS} UserInfo, {:.2} MB, median of {ROUNDS} interleaved rounds: \
         typed decode: {:.0} MB/s, NsReader floor: {:.0} MB/s, ratio: {:.2}",
        mb(bytes.len()),
        mbps(t),
        mbps(f),
        t.as_secs_f64() / f.as_secs_f64()
    );
    match peak_in_child() {
        Some((input, peak, held)) => println!(
            "Poll decode memory (fresh process, resident set): peak growth {:.1} MB ({:.2}x the {:.1} MB input), \
             {:.1} MB held by the decoded value",
            mb(peak),
            peak as f64 / input as f64,
            mb(input),
            mb(held)
        ),
        None => println!("Poll decode memory: not measurable here (needs Linux /proc)"),
    }
}
