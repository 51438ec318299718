//! `cargo xtask test`: every check CI runs, in the order that fails fastest.
//!
//! 0. the tools it needs are there, so the command works on a fresh
//!    Debian machine: rustfmt and clippy (added with rustup when missing),
//!    and the SOAP peers of the interoperability tests: PHP with ext/soap
//!    (Debian's php-cli and php-soap), a JDK and Apache Axis 1.4
//!    (default-jdk-headless and libaxis-java), installed with apt-get when
//!    running as root, otherwise a clear error;
//! 1. the checked-in bindings are fresh (`regen --check`);
//! 2. formatting (`cargo fmt --check`);
//! 3. lints with warnings denied (`cargo clippy --workspace --all-targets`);
//! 4. every test (`cargo test --workspace`), generated-code snapshots and
//!    end-to-end calls included (the example crate's build script among
//!    them), and the fuzz targets over their seeds and saved crashes;
//! 5. every example of the bindings crate runs and exits 0 (`cargo run
//!    --example`): without a server on its command line each plays its
//!    scenario against the vendor's mock in its own process;
//! 6. no process the tests started is still running (`leftovers`), checked
//!    whether the tests passed or not;
//! 7. a short run of every fuzz target under libFuzzer (`fuzz all --time
//!    5 --quick`): the instrumented build works here and no target fails at once;
//! 8. the published crates' documentation builds without warnings
//!    (`cargo doc --no-deps`, rustdoc warnings denied);
//! 9. the generator and the bindings crate package (`cargo package`), with
//!    the files that must ship ([`super::package`]).

use std::path::Path;
use std::process::Command;

use crate::debian::{self, Tool};
use crate::leftovers;

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask test".to_owned());
    }
    let run = leftovers::new_run_id();
    step("prerequisites", || {
        ensure_components(root, &run)?;
        ensure_peers()
    })?;
    step("regen --check", || super::regen::run(root, &["--check".to_owned()]))?;
    step("fmt", || cargo(root, &["fmt", "--all", "--check"], &run))?;
    step("clippy", || {
        cargo(
            root,
            &["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"],
            &run,
        )
    })?;
    let tests = step("test", || cargo(root, &["test", "--workspace", "--all-features"], &run));
    let tests = tests.and_then(|()| step("examples against the mocks", || examples(root, &run)));
    let left = step("no leftover processes", || leftovers::check(&run));
    match (tests, left) {
        (Err(a), Err(b)) => return Err(format!("{a}\n{b}")),
        (tests, left) => tests.and(left)?,
    }
    step("fuzz (smoke)", || {
        super::fuzz::run(root, &["all".to_owned(), "--time".to_owned(), "5".to_owned(), "--quick".to_owned()])
    })?;
    step("doc", || {
        let crates = ["-p", "pbx-soap", "-p", "pbx-soap-codegen", "-p", "pbx-soap-cli"];
        let args: Vec<&str> = ["doc", "--no-deps", "--all-features"].into_iter().chain(crates).collect();
        cargo_env(root, &args, &[("RUSTDOCFLAGS", "-D warnings")], &run)
    })?;
    step("package", || super::package::check(root))?;
    Ok(())
}

/// Runs every example of `bindings/examples/` (built by the tests) without
/// arguments, so against its vendor's mock.
fn examples(root: &Path, run: &str) -> Result<(), String> {
    let dir = root.join("bindings/examples");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".rs").map(str::to_owned))
        .collect();
    names.sort();
    for name in names {
        eprintln!("--> example {name}");
        cargo(root, &["run", "-q", "-p", "pbx-soap", "--all-features", "--example", &name], run)?;
    }
    Ok(())
}

/// rustfmt and clippy ship as rustup components; a toolchain installed with
/// the minimal profile lacks them.
fn ensure_components(root: &Path, run: &str) -> Result<(), String> {
    for (tool, component) in [("fmt", "rustfmt"), ("clippy", "clippy")] {
        if cargo(root, &[tool, "--version"], run).is_ok() {
            continue;
        }
        eprintln!("`cargo {tool}` is missing; installing the {component} component with rustup");
        let status = Command::new("rustup")
            .args(["component", "add", component])
            .status()
            .map_err(|e| format!("cannot run rustup to add {component}: {e}"))?;
        if !status.success() {
            return Err(format!("`rustup component add {component}` exited with {status}"));
        }
    }
    Ok(())
}

/// Whether `javac` runs and Debian's Axis 1.4 jars are where the tests look
/// for them (`tests/src/axis_peer.rs`).
fn java_has_axis() -> bool {
    let javac = Command::new("javac").arg("-version").output().is_ok_and(|o| o.status.success());
    javac
        && ["axis.jar", "wsdl4j.jar", "commons-discovery.jar"]
            .iter()
            .all(|j| Path::new("/usr/share/java").join(j).is_file())
}

/// The external peers of the interoperability tests, as Debian packages:
/// PHP's CLI and ext/soap (a PHP SoapServer and SoapClient), a JDK and
/// Apache Axis 1.4 (the stack sipXconfig and Brekeke run).
fn ensure_peers() -> Result<(), String> {
    debian::ensure(&[
        Tool { what: "PHP with ext/soap", packages: &["php-cli", "php-soap"], present: debian::php_has_soap },
        Tool {
            what: "a JDK and Apache Axis 1.4",
            packages: &["default-jdk-headless", "libaxis-java"],
            present: java_has_axis,
        },
    ])
}

fn step(name: &str, f: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    eprintln!("==> {name}");
    f().map_err(|e| format!("{name} failed: {e}"))
}

/// Runs cargo with `args`, marking everything it starts with `run` (see
/// `leftovers`).
fn cargo(root: &Path, args: &[&str], run: &str) -> Result<(), String> {
    cargo_env(root, args, &[], run)
}

fn cargo_env(root: &Path, args: &[&str], env: &[(&str, &str)], run: &str) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .env(leftovers::RUN_VAR, run)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`cargo {}` exited with {status}", args.join(" "))) }
}
