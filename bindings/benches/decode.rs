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

use criterion::{Criterion, Throughput};
use pbx_soap::rt::{DecodeOptions, Name, Operation, ToXml, XmlWriter, read_response, write_request};
use pbx_soap::sipxconfig::FindUserResponse;

mod common;
use common::{ROUNDS, floor, measuring, report};
#[path = "responses/find_user.rs"]
mod find_user_response;
use find_user_response::{NS, response, typed};

const USERS: usize = 10_000;

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
    #[cfg(feature = "compact-str")]
    {
        // The compact-strings module reads the same texts.
        let compact = find_user_response::typed_compact(&bytes);
        assert_eq!(compact.users.len(), USERS);
        for (c, s) in compact.users.iter().zip(&decoded.users) {
            assert_eq!(c.user_name, s.user_name);
            assert_eq!(c.pintoken.as_deref(), s.pintoken.as_deref());
            assert_eq!(c.last_name.as_deref(), s.last_name.as_deref());
            assert_eq!(c.email_address.as_deref(), s.email_address.as_deref());
            assert_eq!(c.permissions, s.permissions);
        }
    }

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
    let mb = bytes.len() as f64 / 1e6;
    let label = format!("FindUser, {USERS} users, {mb:.2} MB, median of {ROUNDS} interleaved rounds");
    report(&label, &bytes, typed);
    #[cfg(feature = "compact-str")]
    report("FindUser, compact strings", &bytes, find_user_response::typed_compact);
}
