//! No external peer outlives its test: PHP's built-in server and the
//! workers it forks end with the test's guard, also when the test panics
//! (`tests/src/process_guard.rs`); the Axis server ends with its lifeline.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use pbx_soap_tests::axis_peer::AxisBuild;
use pbx_soap_tests::php_peer::{PhpPeer, php_file, wsdl};
use pbx_soap_tests::process_guard::{PeerProcess, ProcessInfo, live_processes, process_info};

/// Waits (up to 10 s) until `peer`'s group has `n` live processes.
fn wait_for_group(peer: &PeerProcess, n: usize) -> Vec<ProcessInfo> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let group = peer.group();
        if group.len() >= n || Instant::now() >= deadline {
            return group;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Panics naming every process of the peer (its pids and its group id)
/// still alive.
fn assert_all_gone(pgid: u32, pids: &[u32]) {
    let mut alive: Vec<ProcessInfo> = pids
        .iter()
        .filter_map(|&pid| process_info(pid))
        .filter(|p| p.state != 'Z' && p.state != 'X')
        .chain(live_processes().into_iter().filter(|p| p.pgrp == pgid))
        .collect();
    alive.sort_by_key(|p| p.pid);
    alive.dedup_by_key(|p| p.pid);
    assert!(alive.is_empty(), "processes of the peer still alive: {alive:?}");
}

#[test]
fn php_server_and_its_workers_end_when_a_test_panics() {
    let (tx, rx) = mpsc::channel();
    // The "test" that panics inside the peer's scope runs on a thread of its
    // own, so its panic unwinds through the peer's drop as a failing test's
    // would.
    let outcome = std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let peer =
                PhpPeer::soap_server(&wsdl("brekeke", "userimpl.wsdl"), &php_file("cases/brekeke.json"))
                    .await;
            // The master and the 4 workers it forks.
            let group = wait_for_group(peer.process(), 5);
            tx.send((peer.process().id(), group)).unwrap();
            panic!("on purpose, with the PHP peer running");
        })
    })
    .join();
    assert!(outcome.is_err(), "the thread was meant to panic");
    let (pgid, group) = rx.recv().unwrap();
    assert_eq!(group.len(), 5, "php -S and 4 workers: {group:?}");
    assert!(group.iter().any(|p| p.pid != pgid && p.ppid == pgid), "no worker forked: {group:?}");
    let pids: Vec<u32> = group.iter().map(|p| p.pid).collect();
    assert_all_gone(pgid, &pids);
}

#[test]
fn a_peer_group_ends_with_its_guard() {
    // A leader with two children of its own, like a server with workers.
    let mut command = Command::new("sh");
    command.args(["-c", "sleep 300 & sleep 300 & wait"]);
    let peer = PeerProcess::spawn("sh with two sleeps", command).unwrap();
    let group = wait_for_group(&peer, 3);
    assert_eq!(group.len(), 3, "{group:?}");
    let env = std::fs::read(format!("/proc/{}/environ", peer.id())).unwrap();
    let env = String::from_utf8_lossy(&env);
    assert!(env.split('\0').any(|v| v == "PBX_SOAP_TEST_PEER=sh with two sleeps"), "peer not marked: {env}");
    assert!(env.split('\0').any(|v| v.starts_with("PBX_SOAP_TEST_RUN=")), "run not marked: {env}");
    let pgid = peer.id();
    drop(peer);
    assert_all_gone(pgid, &group.iter().map(|p| p.pid).collect::<Vec<_>>());
}

#[test]
fn the_axis_server_exits_when_its_lifeline_closes() {
    // What ends the Axis server a test binary shares (held in a static,
    // never dropped): the end of its stdin when the test process ends.
    let mut command = AxisBuild::get().java("pbxsoap.axis.PeerServer");
    command.current_dir(env!("CARGO_TARGET_TMPDIR")).stdout(Stdio::null()).stderr(Stdio::null());
    let mut peer = PeerProcess::spawn_with_lifeline("axis, no services", command).unwrap();
    peer.close_lifeline();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = peer.try_exit_status() {
            break status;
        }
        assert!(Instant::now() < deadline, "the JVM still runs 60 s after its lifeline closed");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
}
