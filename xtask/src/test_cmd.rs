//! `cargo xtask test`: every check CI runs, in the order that fails fastest.
//!
//! 0. the tools it needs are there, so the command works on a fresh
//!    Debian machine: rustfmt and clippy (added with rustup when missing),
//!    and PHP with ext/soap, the reference SOAP peer of the interoperability
//!    tests (Debian's php-cli and php-soap, installed with apt-get when
//!    running as root; otherwise a clear error);
//! 1. the checked-in bindings are fresh (`regen --check`);
//! 2. formatting (`cargo fmt --check`);
//! 3. lints with warnings denied (`cargo clippy --workspace --all-targets`);
//! 4. every test (`cargo test --workspace`), generated-code snapshots and
//!    end-to-end calls included, and the fuzz targets over their seeds and
//!    saved crashes;
//! 5. a short run of every fuzz target under libFuzzer (`fuzz all --time
//!    5`): the instrumented build works here and no target fails at once.

use std::path::Path;
use std::process::Command;

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask test".to_owned());
    }
    step("prerequisites", || {
        ensure_components(root)?;
        ensure_php()
    })?;
    step("regen --check", || super::regen::run(root, &["--check".to_owned()]))?;
    step("fmt", || cargo(root, &["fmt", "--all", "--check"]))?;
    step("clippy", || {
        cargo(root, &["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"])
    })?;
    step("test", || cargo(root, &["test", "--workspace", "--all-features"]))?;
    step("fuzz (smoke)", || {
        super::fuzz::run(root, &["all".to_owned(), "--time".to_owned(), "5".to_owned()])
    })?;
    Ok(())
}

/// rustfmt and clippy ship as rustup components; a toolchain installed with
/// the minimal profile lacks them.
fn ensure_components(root: &Path) -> Result<(), String> {
    for (tool, component) in [("fmt", "rustfmt"), ("clippy", "clippy")] {
        if cargo(root, &[tool, "--version"]).is_ok() {
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

/// Whether `php -m` lists the soap extension.
fn php_has_soap() -> bool {
    Command::new("php").arg("-m").output().is_ok_and(|o| {
        o.status.success() && String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "soap")
    })
}

/// PHP's CLI and ext/soap: the interoperability tests run a PHP SoapServer
/// and SoapClient.
fn ensure_php() -> Result<(), String> {
    if php_has_soap() {
        return Ok(());
    }
    let root_user =
        Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root_user {
        return Err("PHP with ext/soap is missing and this is not root: run `apt-get install php-cli php-soap` as root (Debian), then again".to_owned());
    }
    eprintln!("PHP with ext/soap is missing; installing php-cli and php-soap with apt-get");
    for args in [&["update", "-qq"][..], &["install", "-y", "-qq", "php-cli", "php-soap"][..]] {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if !status.success() {
            return Err(format!("`apt-get {}` exited with {status}", args.join(" ")));
        }
    }
    if php_has_soap() {
        Ok(())
    } else {
        Err("php-cli and php-soap were installed, yet `php -m` lists no soap".to_owned())
    }
}

fn step(name: &str, f: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    eprintln!("==> {name}");
    f().map_err(|e| format!("{name} failed: {e}"))
}

fn cargo(root: &Path, args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`cargo {}` exited with {status}", args.join(" "))) }
}
