//! The test command's last check: no process it or the tests started is
//! still running.
//!
//! Every cargo the test command runs gets [`RUN_VAR`] set to a value unique
//! to the run; whatever they start inherits it (the tests' peers set it
//! explicitly: `tests/src/process_guard.rs`), and keeps it when re-parented
//! to PID 1. At the end, a process whose environment holds this run's value
//! is a leftover: it is named, ended, and the command fails. Processes of
//! other runs, such as other developers' tests on the same machine, carry
//! another value and are left alone.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rustix::process::{Pid, Signal, kill_process};

/// Must match `pbx_soap_tests::process_guard::RUN_VAR`.
pub const RUN_VAR: &str = "PBX_SOAP_TEST_RUN";
/// The peer's name a test gave it (`process_guard::PEER_VAR`).
const PEER_VAR: &str = "PBX_SOAP_TEST_PEER";

/// A dying process (signalled by its guard just before the test binary
/// exited) is given this long to go before it counts as left over.
const GRACE: Duration = Duration::from_secs(3);

/// A value no other run has: this process's id and the time.
pub fn new_run_id() -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    format!("xtask-{}-{nanos}", std::process::id())
}

/// Fails naming every process still running with `run` as [`RUN_VAR`],
/// after ending them.
pub fn check(run: &str) -> Result<(), String> {
    check_within(run, GRACE)
}

fn check_within(run: &str, grace: Duration) -> Result<(), String> {
    let deadline = Instant::now() + grace;
    let mut left = find(run);
    while !left.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        left = find(run);
    }
    if left.is_empty() {
        return Ok(());
    }
    let mut report = Vec::new();
    for p in &left {
        let ended = match Pid::from_raw(p.pid) {
            Some(pid) => kill_process(pid, Signal::KILL)
                .map_or_else(|e| format!("not ended: {e}"), |()| "ended".to_owned()),
            None => "not ended: no such pid".to_owned(),
        };
        report.push(format!(
            "  pid {} (peer {}): {} [{ended}]",
            p.pid,
            p.peer.as_deref().unwrap_or("?"),
            p.cmdline
        ));
    }
    Err(format!("{} process(es) started by the tests were still running:\n{}", left.len(), report.join("\n")))
}

#[derive(Debug)]
struct Leftover {
    pid: i32,
    peer: Option<String>,
    cmdline: String,
}

/// The running processes whose environment marks them as `run`'s.
fn find(run: &str) -> Vec<Leftover> {
    let marker = format!("{RUN_VAR}={run}");
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    let mut found = Vec::new();
    for entry in dir.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<i32>().ok()) else { continue };
        let proc = Path::new("/proc").join(pid.to_string());
        // Unreadable: another user's process, or gone. A zombie's
        // environment reads empty: it has ended already.
        let Ok(environ) = std::fs::read(proc.join("environ")) else { continue };
        let vars: Vec<&[u8]> = environ.split(|&b| b == 0).collect();
        if !vars.contains(&marker.as_bytes()) {
            continue;
        }
        let peer = vars
            .iter()
            .find_map(|v| v.strip_prefix(format!("{PEER_VAR}=").as_bytes()))
            .map(|v| String::from_utf8_lossy(v).into_owned());
        let cmdline = std::fs::read(proc.join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline)
            .split('\0')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        found.push(Leftover { pid, peer, cmdline });
    }
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use std::process::Command;

    #[test]
    fn a_process_of_the_run_is_named_and_ended_others_are_left_alone() {
        let run = format!("{}-leftover-test", new_run_id());
        let other = format!("{run}-other");
        let spawn = |marker: &str| {
            Command::new("sleep").arg("61").env(RUN_VAR, marker).env(PEER_VAR, "a sleeper").spawn().unwrap()
        };
        let (mut ours, mut theirs) = (spawn(&run), spawn(&other));
        // `spawn` returns once the exec has begun, but the kernel fills in
        // the new environment a moment later: until then it reads empty.
        wait_until_marked(ours.id(), &run);
        wait_until_marked(theirs.id(), &other);
        let err = check_within(&run, Duration::ZERO).unwrap_err();
        assert!(err.contains(&format!("pid {} (peer a sleeper): sleep 61 [ended]", ours.id())), "{err}");
        assert!(!err.contains(&theirs.id().to_string()), "{err}");
        // Ended by the check: it exits on SIGKILL, the other still runs.
        assert!(!ours.wait().unwrap().success());
        assert!(theirs.try_wait().unwrap().is_none());
        check_within(&run, Duration::ZERO).unwrap();
        theirs.kill().unwrap();
        theirs.wait().unwrap();
    }

    fn wait_until_marked(pid: u32, run: &str) {
        let marker = format!("{RUN_VAR}={run}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            if environ.split(|&b| b == 0).any(|v| v == marker.as_bytes()) {
                return;
            }
            assert!(Instant::now() < deadline, "pid {pid} never showed {marker} in its environment");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
