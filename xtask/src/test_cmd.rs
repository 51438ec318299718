//! `cargo xtask test`: every check CI runs, in the order that fails fastest.
//!
//! 0. the tools it needs are there (rustfmt and clippy, added with rustup
//!    when missing), so the command works on a fresh machine;
//! 1. the checked-in bindings are fresh (`regen --check`);
//! 2. formatting (`cargo fmt --check`);
//! 3. lints with warnings denied (`cargo clippy --workspace --all-targets`);
//! 4. every test (`cargo test --workspace`), generated-code snapshots and
//!    end-to-end calls included.

use std::path::Path;
use std::process::Command;

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask test".to_owned());
    }
    step("prerequisites", || ensure_components(root))?;
    step("regen --check", || super::regen::run(root, &["--check".to_owned()]))?;
    step("fmt", || cargo(root, &["fmt", "--all", "--check"]))?;
    step("clippy", || {
        cargo(root, &["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"])
    })?;
    step("test", || cargo(root, &["test", "--workspace", "--all-features"]))?;
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
