//! The project's side of `cargo xtask bench-peers`, which decodes the same
//! response bytes with gSOAP, PHP's ext/soap, this project and the NsReader
//! floor, each in a process of its own. This binary writes the responses
//! and times this project's decode and the floor:
//!
//! - `write <dir> <users>`: writes `poll.xml` (innovaphone Poll, rpc/encoded)
//!   and `find_user.xml` (sipXconfig FindUser, document/literal), the
//!   responses the `poll` and `decode` benches build;
//! - `decode <poll|find_user|poll_compact|find_user_compact> <file>
//!   <rounds>` (`_compact`: into the module generated with compact strings,
//!   with the feature `compact-str`; `poll_each`, `find_user_each`: each
//!   user handed over as it is decoded, `rt::read_response_each`, and
//!   dropped) and `floor <file> <rounds>`:
//!   one warm-up, then `rounds` decodes; prints `rounds median_ns
//!   rss_before_bytes peak_bytes records` (resident set from
//!   `/proc/self/status`: before the first decode with the input read, and
//!   the process's peak, VmHWM).
//!
//! Without a mode (`cargo test --benches`) it decodes small responses once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::{Duration, Instant};

#[allow(dead_code)] // the floor is all this binary uses of it
mod common;
#[path = "responses/find_user.rs"]
mod find_user_response;
#[path = "responses/poll.rs"]
mod poll_response;

/// A field of `/proc/self/status` in bytes (0 where there is none).
fn status_bytes(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1));
    kb.and_then(|kb| kb.parse::<usize>().ok()).unwrap_or(0) * 1024
}

/// Times `decode` on the file's bytes and prints the line the xtask reads.
fn time(file: &str, rounds: usize, decode: impl Fn(&[u8]) -> usize) {
    let bytes = std::fs::read(file).unwrap();
    let before = status_bytes("VmRSS:");
    let mut records = 0;
    let mut times: Vec<Duration> = Vec::with_capacity(rounds);
    for round in 0..=rounds {
        let start = Instant::now();
        records = black_box(decode(black_box(&bytes)));
        if round > 0 {
            times.push(start.elapsed());
        }
    }
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!("{rounds} {} {before} {} {records}", median.as_nanos(), status_bytes("VmHWM:"));
}

fn poll(bytes: &[u8]) -> usize {
    poll_response::typed(bytes).r#return.user.len()
}

fn find_user(bytes: &[u8]) -> usize {
    find_user_response::typed(bytes).users.len()
}

/// The users handed over one by one (`rt::read_response_each`) and
/// dropped: what a program that streams them through keeps at a time.
fn poll_each(bytes: &[u8]) -> usize {
    let mut users = 0;
    let each = |user: pbx_soap::innovaphone::UserInfo| {
        black_box(user);
        users += 1;
    };
    let opts = pbx_soap::rt::DecodeOptions::default();
    let rest: pbx_soap::innovaphone::PollResponse =
        pbx_soap::rt::read_response_each(bytes, &poll_response::POLL, &opts, each).unwrap();
    assert!(rest.r#return.user.is_empty());
    users
}

fn find_user_each(bytes: &[u8]) -> usize {
    let mut users = 0;
    let each = |user: pbx_soap::sipxconfig::User| {
        black_box(user);
        users += 1;
    };
    let opts = pbx_soap::rt::DecodeOptions::default();
    let rest: pbx_soap::sipxconfig::FindUserResponse =
        pbx_soap::rt::read_response_each(bytes, &find_user_response::FIND_USER, &opts, each).unwrap();
    assert!(rest.users.is_empty());
    users
}

#[cfg(feature = "compact-str")]
fn poll_compact(bytes: &[u8]) -> usize {
    poll_response::typed_compact(bytes).r#return.user.len()
}

#[cfg(feature = "compact-str")]
fn find_user_compact(bytes: &[u8]) -> usize {
    find_user_response::typed_compact(bytes).users.len()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["write", dir, users] => {
            let users: usize = users.parse().unwrap();
            std::fs::create_dir_all(dir).unwrap();
            let dir = std::path::Path::new(dir);
            std::fs::write(dir.join("poll.xml"), poll_response::response(users)).unwrap();
            std::fs::write(dir.join("find_user.xml"), find_user_response::response(users)).unwrap();
        }
        ["decode", "poll", file, rounds] => time(file, rounds.parse().unwrap(), poll),
        #[cfg(feature = "compact-str")]
        ["decode", "poll_compact", file, rounds] => time(file, rounds.parse().unwrap(), poll_compact),
        ["decode", "find_user", file, rounds] => time(file, rounds.parse().unwrap(), find_user),
        ["decode", "poll_each", file, rounds] => time(file, rounds.parse().unwrap(), poll_each),
        ["decode", "find_user_each", file, rounds] => time(file, rounds.parse().unwrap(), find_user_each),
        #[cfg(feature = "compact-str")]
        ["decode", "find_user_compact", file, rounds] => {
            time(file, rounds.parse().unwrap(), find_user_compact)
        }
        ["floor", file, rounds] => time(file, rounds.parse().unwrap(), common::floor),
        [] => {
            assert_eq!(poll(&poll_response::response(10)), 10);
            assert_eq!(find_user(&find_user_response::response(10)), 10);
            assert_eq!(poll_each(&poll_response::response(10)), 10);
            assert_eq!(find_user_each(&find_user_response::response(10)), 10);
            #[cfg(feature = "compact-str")]
            {
                assert_eq!(poll_compact(&poll_response::response(10)), 10);
                assert_eq!(find_user_compact(&find_user_response::response(10)), 10);
            }
        }
        other => panic!("unknown arguments {other:?}; see the comment at the top of benches/peers.rs"),
    }
}
