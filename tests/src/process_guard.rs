//! External peers (PHP's built-in server and its workers, the Axis JVM,
//! anything later) as processes that cannot outlive the tests.
//!
//! A peer is spawned in a process group of its own and killed as a group
//! when its [`PeerProcess`] drops, which also happens while a panicking test
//! unwinds: `php -S` forks its `PHP_CLI_SERVER_WORKERS`, and killing only
//! the parent leaves the workers running under PID 1.
//!
//! Two things reach further than a guard's drop:
//! - every peer carries [`RUN_VAR`] in its environment (the value
//!   `cargo xtask test` gives the run, or one naming this test process), so
//!   the test command finds at its end whatever a run left behind, even
//!   re-parented, without touching other people's processes;
//! - a peer shared by a whole test binary lives in a `static`, which Rust
//!   never drops: such a peer gets a lifeline ([`PeerProcess::spawn_with_lifeline`]),
//!   a pipe on its stdin that closes when the test process ends in any way
//!   (even killed), and the peer exits on end of input.

use std::io;
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use std::os::unix::process::CommandExt as _;

use rustix::process::{Pid, Signal, kill_process_group};

/// The environment variable that marks every process of one test run.
/// `cargo xtask test` sets it; a peer started outside it gets
/// `pid<test process id>`.
pub const RUN_VAR: &str = "PBX_SOAP_TEST_RUN";

/// The environment variable naming the peer a process belongs to, so a
/// leftover is recognisable in `ps e` and in the test command's report.
pub const PEER_VAR: &str = "PBX_SOAP_TEST_PEER";

/// How long a drop waits for the group's processes to be gone.
const STOP_WAIT: Duration = Duration::from_secs(10);

/// A running external peer and its process group; killed with every
/// process of the group on drop.
#[derive(Debug)]
pub struct PeerProcess {
    name: String,
    child: Child,
    /// Held open while the peer should run (see the module docs).
    lifeline: Option<ChildStdin>,
}

impl PeerProcess {
    /// Spawns `command` as the leader of a new process group, marked with
    /// [`RUN_VAR`] and [`PEER_VAR`] = `name`. Its stdin is null.
    pub fn spawn(name: &str, command: Command) -> io::Result<PeerProcess> {
        Self::spawn_inner(name, command, false)
    }

    /// As [`spawn`](Self::spawn), with a pipe on the peer's stdin that is
    /// never written and closes when this guard drops or the test process
    /// ends; the peer must exit on end of input.
    pub fn spawn_with_lifeline(name: &str, command: Command) -> io::Result<PeerProcess> {
        Self::spawn_inner(name, command, true)
    }

    fn spawn_inner(name: &str, mut command: Command, lifeline: bool) -> io::Result<PeerProcess> {
        command.process_group(0).env(RUN_VAR, run_id()).env(PEER_VAR, name).stdin(if lifeline {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let mut child = command.spawn()?;
        let lifeline = child.stdin.take();
        Ok(PeerProcess { name: name.to_owned(), child, lifeline })
    }

    /// The group leader's process id, which is also the group's id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The peer's name, as given to `spawn`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Closes the lifeline (if any), as the end of the test process would:
    /// a peer that honours it exits on its own.
    pub fn close_lifeline(&mut self) {
        self.lifeline = None;
    }

    /// The leader's stdout, if the command piped it and it was not taken.
    pub fn take_stdout(&mut self) -> Option<ChildStdout> {
        self.child.stdout.take()
    }

    /// `Some(status)` once the group leader has exited.
    pub fn try_exit_status(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// The live (not zombie) processes of the peer's group.
    pub fn group(&self) -> Vec<ProcessInfo> {
        live_processes().into_iter().filter(|p| p.pgrp == self.child.id()).collect()
    }

    /// Kills every process of the group and waits (up to 10 s) until none
    /// is alive; the processes still alive then, if any.
    pub fn stop(&mut self) -> Vec<ProcessInfo> {
        self.lifeline = None;
        let pgid = Pid::from_child(&self.child);
        // ESRCH: the group is already gone, which is the goal.
        let _ = kill_process_group(pgid, Signal::KILL);
        let _ = self.child.wait();
        let deadline = Instant::now() + STOP_WAIT;
        loop {
            let left = self.group();
            if left.is_empty() || Instant::now() >= deadline {
                return left;
            }
            // A member forked between the signal and now escaped it.
            let _ = kill_process_group(pgid, Signal::KILL);
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for PeerProcess {
    fn drop(&mut self) {
        let left = self.stop();
        if !left.is_empty() {
            // Not a panic: a drop may run while a test already unwinds. The
            // test command's end-of-run check fails on these.
            eprintln!("peer {}: processes still alive after SIGKILL: {left:?}", self.name);
        }
    }
}

/// This run's marker: [`RUN_VAR`] as inherited, or one naming this process.
pub fn run_id() -> String {
    std::env::var(RUN_VAR).unwrap_or_else(|_| format!("pid{}", std::process::id()))
}

/// One process as `/proc/<pid>/stat` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessInfo {
    pub pid: u32,
    pub ppid: u32,
    pub pgrp: u32,
    /// The state letter (`R`, `S`, `Z`, ...).
    pub state: char,
    /// The command line, arguments joined by spaces.
    pub cmdline: String,
}

/// Every process of the machine that is not a zombie (a zombie has ended
/// and only waits for its parent to collect its status).
pub fn live_processes() -> Vec<ProcessInfo> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(process_info)
        .filter(|p| p.state != 'Z' && p.state != 'X')
        .collect()
}

/// `pid`'s entry, or `None` once it is gone.
pub fn process_info(pid: u32) -> Option<ProcessInfo> {
    let proc = Path::new("/proc").join(pid.to_string());
    let stat = std::fs::read_to_string(proc.join("stat")).ok()?;
    // `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    let pgrp = fields.next()?.parse().ok()?;
    let cmdline = std::fs::read(proc.join("cmdline")).unwrap_or_default();
    let cmdline =
        String::from_utf8_lossy(&cmdline).split('\0').filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    Some(ProcessInfo { pid, ppid, pgrp, state, cmdline })
}
