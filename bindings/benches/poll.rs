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
use pbx_soap::innovaphone::PresenceActivity;

mod common;
use common::{ROUNDS, floor, measuring, report};
#[path = "responses/poll.rs"]
mod poll_response;
use poll_response::{response, typed};

const USERS: usize = 10_000;

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
    #[cfg(feature = "compact-str")]
    {
        // The compact-strings module reads the same texts.
        let compact = poll_response::typed_compact(&bytes);
        assert_eq!(compact.r#return.user.len(), USERS);
        for (c, s) in compact.r#return.user.iter().zip(users) {
            assert_eq!(
                (c.cn.as_str(), c.dn.as_str(), c.e164.as_str()),
                (s.cn.as_str(), s.dn.as_str(), s.e164.as_str())
            );
            assert_eq!(c.guid, s.guid);
            assert_eq!(c.email, s.email);
        }
    }
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
    let mb = |n: usize| n as f64 / 1e6;
    let label =
        format!("Poll, {USERS} UserInfo, {:.2} MB, median of {ROUNDS} interleaved rounds", mb(bytes.len()));
    report(&label, &bytes, typed);
    #[cfg(feature = "compact-str")]
    report("Poll, compact strings", &bytes, poll_response::typed_compact);
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
