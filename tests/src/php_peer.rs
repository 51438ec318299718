//! PHP's ext/soap as the reference peer: a `SoapServer` per vendor WSDL
//! (`tests/php/peer.php`, served by `php -S` on a free port of 127.0.0.1)
//! and the request oracle (`tests/php/oracle.php`: PHP's `SoapClient`
//! building each case's envelope without sending it).
//!
//! PHP's built-in server closes every connection after one answer (it sends
//! `Connection: close`), so the peer is reached through a keep-alive front
//! (`peer_front`) that forwards each request to it and records it for
//! the oracle comparison.
//!
//! `php -S` runs as a [`PeerProcess`]: it and the workers it forks are
//! killed together when the peer drops.

// Test support: a peer that cannot start fails the test, loudly.
#![allow(clippy::panic)]

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::http_stub::Recorded;
use crate::peer_front::Front;
use crate::process_guard::PeerProcess;

/// `tests/php/<file>`.
pub fn php_file(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("php").join(file)
}

/// The workspace's `wsdl/<vendor>/<file>`.
pub fn wsdl(vendor: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../wsdl").join(vendor).join(file)
}

/// Panics with what to do unless `php` with the soap extension runs.
pub fn require_php() {
    let modules = Command::new("php").arg("-m").output();
    let ok = modules.as_ref().is_ok_and(|o| {
        o.status.success() && String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "soap")
    });
    assert!(
        ok,
        "PHP with ext/soap is needed (Debian: apt-get install php-cli php-soap; `cargo xtask test` installs them)"
    );
}

/// A running PHP SoapServer behind its keep-alive front; stopped, workers
/// included, on drop.
#[derive(Debug)]
pub struct PhpPeer {
    php: PeerProcess,
    front: Front,
}

impl PhpPeer {
    /// Serves `script` (a router for `php -S`) with `env`, with `workers`
    /// PHP processes.
    pub async fn start(script: &Path, env: &[(&str, &Path)], workers: usize) -> PhpPeer {
        require_php();
        let port = free_port();
        let mut command = Command::new("php");
        command
            .arg("-S")
            .arg(format!("127.0.0.1:{port}"))
            .arg(script)
            .env("PHP_CLI_SERVER_WORKERS", workers.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut php =
            PeerProcess::spawn("php -S", command).unwrap_or_else(|e| panic!("cannot start php -S: {e}"));
        wait_for(&mut php, port);
        let front = Front::start(format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("cannot start the front: {e}"));
        PhpPeer { php, front }
    }

    /// A SoapServer for `wsdl` answering from `cases` (see `peer.php`).
    pub async fn soap_server(wsdl: &Path, cases: &Path) -> PhpPeer {
        Self::start(&php_file("peer.php"), &[("PEER_WSDL", wsdl), ("PEER_CASES", cases)], 4).await
    }

    /// The front's URL for `path`.
    pub fn url(&self, path: &str) -> String {
        self.front.url(path)
    }

    /// Every request the front received.
    pub fn requests(&self) -> Vec<Recorded> {
        self.front.requests()
    }

    /// The `php -S` process group.
    pub fn process(&self) -> &PeerProcess {
        &self.php
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    listener.local_addr().map(|a| a.port()).unwrap_or_else(|e| panic!("{e}"))
}

fn wait_for(php: &mut PeerProcess, port: u16) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if let Some(status) = php.try_exit_status() {
            panic!("php -S on 127.0.0.1:{port} exited with {status} before listening");
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("php -S did not listen on 127.0.0.1:{port} within 15 s");
}

/// One case's envelope as PHP's SoapClient builds it.
#[derive(Debug, Clone)]
pub struct OracleEnvelope {
    pub operation: String,
    pub args: serde_json::Value,
    pub envelope: Option<String>,
    /// Why the client's request is expected to differ (the case's
    /// `oracle_differs`), if it is.
    pub differs: Option<String>,
}

/// PHP SoapClient's request envelope for every case in `cases` on `wsdl`.
pub fn oracle(wsdl: &Path, cases: &Path) -> Vec<OracleEnvelope> {
    require_php();
    let out = Command::new("php")
        .arg(php_file("oracle.php"))
        .arg(wsdl)
        .arg(cases)
        .output()
        .unwrap_or_else(|e| panic!("cannot run php: {e}"));
    assert!(out.status.success(), "oracle.php failed: {}", String::from_utf8_lossy(&out.stderr));
    let list: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("oracle.php printed no JSON: {e}"));
    list.as_array()
        .unwrap_or_else(|| panic!("oracle.php: not a list"))
        .iter()
        .map(|v| OracleEnvelope {
            operation: v["operation"].as_str().unwrap_or_default().to_owned(),
            args: v["args"].clone(),
            envelope: v["envelope"].as_str().map(str::to_owned),
            differs: v["differs"].as_str().map(str::to_owned),
        })
        .collect()
}
