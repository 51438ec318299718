//! Apache Axis 1.4, the SOAP stack sipXconfig and Brekeke run, as a real
//! peer: Debian's `libaxis-java` on a JDK, nothing downloaded.
//!
//! [`AxisBuild`] compiles the Java side once per change of its inputs
//! (`tests/axis/`: `Build.java` runs Axis's WSDL2Java on
//! `wsdl/sipxconfig/*.wsdl` and compiles everything for Java 8) into
//! `target/<profile>/axis-peer/<fingerprint>/`; [`AxisBuild::java`] runs
//! any class against it and the Axis jars, which is what a later test of
//! Axis as a client needs too. [`AxisServer`] is Axis's `SimpleAxisServer`
//! on a free port of 127.0.0.1, answering one request at a time (Axis 1.4
//! fails overlapping requests for one operation on a current JVM; see
//! `PeerServer.java`), with every service deployed through Axis's
//! `AdminClient` (Brekeke's UserImpl and the six sipXconfig services, all
//! answering from the cases files under `tests/php/cases/`, as the PHP
//! peer does); [`AxisServer::shared`] starts one per test binary, which
//! ends with the test process (a lifeline on its stdin, see
//! `process_guard`).

// Test support: a peer that cannot start fails the test, loudly.
#![allow(clippy::panic)]

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::peer_front::Front;
use crate::process_guard::PeerProcess;

/// Where Debian's packages put their jars.
const JAVA_DIR: &str = "/usr/share/java";

/// Axis 1.4 and what it needs at run time, as Debian names the jars
/// (`libaxis-java` and its dependencies).
const JARS: &[&str] = &[
    "axis.jar",
    "axis-jaxrpc.jar",
    "axis-saaj.jar",
    "wsdl4j.jar",
    "commons-discovery.jar",
    "commons-logging.jar",
    "javax.activation.jar",
    "javax.mail.jar",
];

/// How long a JVM may take to start and deploy the services (the machine
/// may be busy compiling).
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Panics with what to do unless `javac` runs and the Axis jars are there.
pub fn require_axis() {
    let javac = Command::new("javac").arg("-version").output().is_ok_and(|o| o.status.success());
    let missing: Vec<&str> =
        JARS.iter().copied().filter(|j| !Path::new(JAVA_DIR).join(j).is_file()).collect();
    assert!(
        javac && missing.is_empty(),
        "a JDK and Apache Axis 1.4 are needed (Debian: apt-get install default-jdk-headless libaxis-java; \
         `cargo xtask test` installs them); javac runs: {javac}, jars missing from {JAVA_DIR}: {missing:?}"
    );
}

fn class_path(extra: &[PathBuf]) -> String {
    let jars = JARS.iter().map(|j| Path::new(JAVA_DIR).join(j));
    extra.iter().cloned().chain(jars).map(|p| p.display().to_string()).collect::<Vec<_>>().join(":")
}

/// The compiled Axis peer: classes and the WSDD files deploying them.
#[derive(Debug)]
pub struct AxisBuild {
    dir: PathBuf,
}

impl AxisBuild {
    /// The build for the current inputs, made on first use in this process
    /// unless an earlier run left it.
    pub fn get() -> &'static AxisBuild {
        static BUILD: OnceLock<AxisBuild> = OnceLock::new();
        BUILD.get_or_init(|| {
            require_axis();
            let dir = peer_dir().join(fingerprint());
            if !dir.join("classes").is_dir() {
                build_into(&dir);
            }
            AxisBuild { dir }
        })
    }

    /// The compiled classes (the peer's and the ones WSDL2Java generated).
    pub fn classes(&self) -> PathBuf {
        self.dir.join("classes")
    }

    /// The WSDD files deploying every service, sorted.
    pub fn wsdd_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.join("wsdd"))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        files
    }

    /// `java` running `main` with the peer's classes and the Axis jars on
    /// the class path and the cases directory (`tests/php/cases`) as the
    /// `pbxsoap.cases` property. Give it a working directory of its own:
    /// an Axis engine reads and writes `server-config.wsdd` there.
    pub fn java(&self, main: &str) -> Command {
        let mut command = Command::new("java");
        command
            .arg("-cp")
            .arg(class_path(&[self.classes()]))
            .arg(format!("-Dpbxsoap.cases={}", root().join("tests/php/cases").display()))
            .arg(main);
        command
    }
}

/// `target/<profile>/axis-peer`, beside the test binaries.
fn peer_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("no test executable path: {e}"));
    // target/<profile>/deps/<test binary>
    let profile = exe.parent().and_then(Path::parent).unwrap_or_else(|| panic!("odd path {}", exe.display()));
    profile.join("axis-peer")
}

/// A hash of every input of the build: the Java side, the WSDLs it runs
/// WSDL2Java on (sipXconfig's, and Brekeke's for client stubs)
/// and the Axis jars (size and time, for a package update).
fn fingerprint() -> String {
    let mut files = Vec::new();
    walk(&root().join("tests/axis"), &mut files);
    walk(&root().join("wsdl/sipxconfig"), &mut files);
    walk(&root().join("wsdl/brekeke"), &mut files);
    files.sort();
    let mut hash = Fnv::default();
    for f in &files {
        hash.write(f.strip_prefix(root()).unwrap_or(f).to_string_lossy().as_bytes());
        hash.write(&std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display())));
    }
    for jar in JARS {
        let meta = std::fs::metadata(Path::new(JAVA_DIR).join(jar)).ok();
        let time =
            meta.as_ref().and_then(|m| m.modified().ok()).and_then(|t| t.duration_since(UNIX_EPOCH).ok());
        hash.write(format!("{jar} {:?} {time:?}", meta.map(|m| m.len())).as_bytes());
    }
    format!("{:016x}", hash.0)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits: a stable hash (std's is not stable across releases).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes.iter().chain([&0xff]) {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Runs `tests/axis/Build.java` into a scratch directory, then moves it to
/// `dir` (so a half-done build is never taken for a finished one, and two
/// test binaries building at once both end with a whole one).
fn build_into(dir: &Path) {
    let parent = dir.parent().unwrap_or_else(|| panic!("odd path {}", dir.display()));
    let scratch = parent.join(format!("build-{}", unique()));
    let out = Command::new("java")
        .arg("-cp")
        .arg(class_path(&[]))
        .arg(root().join("tests/axis/Build.java"))
        .arg(root())
        .arg(&scratch)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run java: {e}"));
    if !out.status.success() {
        let _ = std::fs::remove_dir_all(&scratch);
        panic!(
            "building the Axis peer (tests/axis/Build.java) failed: {}\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if std::fs::rename(&scratch, dir).is_err() {
        // Another process finished the same build first.
        let _ = std::fs::remove_dir_all(&scratch);
        assert!(dir.join("classes").is_dir(), "the Axis peer build did not land in {}", dir.display());
    }
}

/// `<pid>-<n>`, unique among this machine's running processes.
fn unique() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or_default();
    format!("{}-{}-{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// A running `SimpleAxisServer` with every service deployed; killed on drop.
#[derive(Debug)]
pub struct AxisServer {
    /// Held for its drop, which ends the JVM.
    _process: PeerProcess,
    port: u16,
}

impl AxisServer {
    /// Starts a server of its own (the JVM starts and deploys in seconds:
    /// prefer [`shared`](Self::shared)).
    pub fn start() -> AxisServer {
        let build = AxisBuild::get();
        let dir = peer_dir().join(format!("run-{}", unique()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let log = std::fs::File::create(dir.join("server.log")).unwrap_or_else(|e| panic!("{e}"));
        let mut command = build.java("pbxsoap.axis.PeerServer");
        command.args(build.wsdd_files()).current_dir(&dir).stdout(Stdio::piped()).stderr(log);
        let mut process = PeerProcess::spawn_with_lifeline("axis", command)
            .unwrap_or_else(|e| panic!("cannot start java: {e}"));
        let stdout = process.take_stdout().unwrap_or_else(|| panic!("java's stdout is not piped"));
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Forward the "listening PORT" line, then drain the rest so the
            // JVM never blocks on a full pipe.
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(port) = line.strip_prefix("listening ").and_then(|p| p.trim().parse::<u16>().ok())
                {
                    let _ = tx.send(port);
                }
            }
        });
        let port = rx.recv_timeout(START_TIMEOUT).unwrap_or_else(|e| {
            let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
            panic!("the Axis server did not start ({e}); its log:\n{log}")
        });
        AxisServer { _process: process, port }
    }

    /// One server for the whole test binary, started on first use; it ends
    /// when the test process does.
    pub fn shared() -> &'static AxisServer {
        static SERVER: OnceLock<AxisServer> = OnceLock::new();
        SERVER.get_or_init(|| {
            prune_runs();
            AxisServer::start()
        })
    }

    /// The URL of a deployed service (`UserImpl`, `UserService`, ...):
    /// SimpleAxisServer serves them under `/axis/services/`.
    pub fn url(&self, service: &str) -> String {
        format!("http://127.0.0.1:{}/axis/services/{service}", self.port)
    }

    /// A recording keep-alive front for this server (see `peer_front`):
    /// its `url(&format!("/axis/services/{service}"))` reaches a service.
    pub async fn front(&self) -> Front {
        Front::start(format!("http://127.0.0.1:{}", self.port))
            .await
            .unwrap_or_else(|e| panic!("cannot start the front: {e}"))
    }
}

/// Removes the working directories of servers whose test process is gone.
fn prune_runs() {
    let Ok(entries) = std::fs::read_dir(peer_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name.strip_prefix("run-").and_then(|r| r.split('-').next());
        if pid.is_some_and(|pid| !Path::new("/proc").join(pid).exists()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The arguments the Java side names when no case has them: the JSON text
/// of the `<arguments>` element in the Client fault's detail (which the
/// fault holds as XML text), unescaped; empty if there is none.
pub fn refused_arguments(detail: Option<&str>) -> String {
    let inner = detail
        .and_then(|d| d.split_once("<arguments>"))
        .and_then(|(_, rest)| rest.split_once("</arguments>"))
        .map_or("", |(inner, _)| inner);
    quick_xml::escape::unescape(inner).map(|s| s.into_owned()).unwrap_or_else(|_| inner.to_owned())
}
