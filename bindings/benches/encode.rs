//! Encoding large requests against the floor: quick-xml's `Writer` writing
//! the same events. Two requests, the values of the decode benches sent
//! back as request bodies: 10,000 sipXconfig users (document/literal) and
//! 10,000 innovaphone UserInfo records (rpc/encoded, `xsi:type` on every
//! value, SOAP-ENC arrays). The floor's events are our own output read back
//! once (start and end tags with their attributes, text already escaped),
//! so it writes the same bytes without walking a value or escaping.
//!
//! `cargo bench -p pbx-soap --bench encode -- --quick` runs criterion and
//! then prints the ratio encode/floor from interleaved rounds of the same
//! run. Under `cargo test --benches` each benchmark runs once and the
//! report is skipped. `encode profile <find_user|poll> N` encodes a
//! 1,000-record value N times and nothing else, for callgrind.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use pbx_soap::rt::{DecodeOptions, Name, Operation, ToXml, read_response, write_request};
use quick_xml::Writer;
use quick_xml::events::Event;

#[allow(dead_code)] // `measuring` and `ROUNDS` are what this bench uses
mod common;
use common::{ROUNDS, measuring};
#[path = "responses/find_user.rs"]
mod find_user_response;
#[path = "responses/poll.rs"]
mod poll_response;

const USERS: usize = 10_000;

/// An operation whose request body is the decode benches' response value.
const fn sending(ns: &'static str, element: &'static str, encoded: bool) -> Operation {
    Operation {
        name: element,
        soap_action: "",
        input: Some(Name::qualified(ns, element)),
        output: Some(Name::qualified(ns, element)),
        encoded,
        version: pbx_soap::rt::SoapVersion::Soap11,
    }
}

/// The events of `xml`, owned, as the floor writes them.
fn events(xml: &[u8]) -> Vec<Event<'static>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => return out,
            e => out.push(e.into_owned()),
        }
    }
}

/// The floor: quick-xml's Writer writing `events` into a fresh buffer.
fn floor(events: &[Event<'static>]) -> Vec<u8> {
    let mut w = Writer::new(Vec::new());
    for e in events {
        w.write_event(e.borrow()).unwrap();
    }
    w.into_inner()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Encodes `value` as the request of `op`, checks that it decodes back and
/// that the floor writes the same bytes, benchmarks both, and prints the
/// ratio from interleaved rounds.
fn bench<T: ToXml + pbx_soap::rt::FromXml + PartialEq + std::fmt::Debug>(
    c: &mut Criterion,
    label: &str,
    op: &Operation,
    value: &T,
) {
    let encode = || write_request(op, value).unwrap();
    let bytes = encode();
    assert_eq!(&read_response::<T>(&bytes, op, &DecodeOptions::default()).unwrap(), value);
    let events = events(&bytes);
    assert_eq!(floor(&events), bytes, "the floor writes the same bytes");

    let mut group = c.benchmark_group(label);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(10);
    group.bench_function("encode", |b| b.iter(|| black_box(encode())));
    group.bench_function("writer_floor", |b| b.iter(|| floor(black_box(&events))));
    group.finish();
    if !measuring() {
        return;
    }
    let (mut t, mut f) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    for _ in 0..ROUNDS {
        let start = Instant::now();
        black_box(encode());
        t.push(start.elapsed());
        let start = Instant::now();
        black_box(floor(black_box(&events)));
        f.push(start.elapsed());
    }
    let (t, f) = (median(t), median(f));
    let mbps = |d: Duration| bytes.len() as f64 / d.as_secs_f64() / 1e6;
    println!(
        "{label}, {:.2} MB request, median of {ROUNDS} interleaved rounds: encode: {:.0} MB/s, \
         quick-xml Writer floor: {:.0} MB/s, ratio: {:.2}",
        bytes.len() as f64 / 1e6,
        mbps(t),
        mbps(f),
        t.as_secs_f64() / f.as_secs_f64()
    );
}

/// `encode profile <find_user|poll> N`: N encodes of the 1,000-record
/// value and nothing else, for `valgrind --tool=callgrind` (instruction
/// counts repeat: the difference of two runs' counts over the difference
/// of their N is one encode's).
fn profile(which: &str, n: usize) {
    const RECORDS: usize = 1_000;
    match which {
        "find_user" => {
            let users = find_user_response::typed(&find_user_response::response(RECORDS));
            let op = sending(find_user_response::NS, "FindUserResponse", false);
            for _ in 0..n {
                black_box(write_request(&op, black_box(&users)).unwrap());
            }
        }
        "poll" => {
            let poll = poll_response::typed(&poll_response::response(RECORDS));
            let op = sending(poll_response::NS, "PollResponse", true);
            for _ in 0..n {
                black_box(write_request(&op, black_box(&poll)).unwrap());
            }
        }
        other => panic!("unknown value {other}: find_user or poll"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("profile") {
        let which = args.get(2).map_or("poll", String::as_str);
        profile(which, args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1));
        return;
    }
    let users = find_user_response::typed(&find_user_response::response(USERS));
    let poll = poll_response::typed(&poll_response::response(USERS));
    let mut c = Criterion::default().configure_from_args();
    let literal = sending(find_user_response::NS, "FindUserResponse", false);
    bench(&mut c, "encode_find_user_10k (document/literal)", &literal, &users);
    let encoded = sending(poll_response::NS, "PollResponse", true);
    bench(&mut c, "encode_poll_10k (rpc/encoded)", &encoded, &poll);
    c.final_summary();
}
