//! `cargo xtask fuzz <target>|all [--time S]`: coverage-guided fuzzing on
//! the stable toolchain with libFuzzer.
//!
//! The targets live in `tests/fuzz` (crate `pbx-soap-fuzz`). They are built
//! with the workspace's `fuzz` profile (optimised, with debug assertions and
//! overflow checks), instrumented
//! by rustc's own SanitizerCoverage pass (`-Cpasses=sancov-module`, stable
//! codegen options, no nightly), with `--cfg fuzzing` selecting the
//! libFuzzer entry point, into `target/fuzz/` (so the normal build is left
//! alone). The libFuzzer driver is C++, compiled by `libfuzzer-sys` with
//! the system's C++ compiler (Debian's `g++`, installed here when missing
//! and running as root).
//!
//! `--quick` builds with the `fuzz-quick` profile instead (the workspace's
//! crates at opt-level 1): each execution is slower, but the instrumented
//! build of every vendor module takes a fraction of the time, which is what
//! a smoke run of a few seconds (the test command's) needs.
//!
//! Each target runs for `--time` seconds (default 60) over its corpus in
//! `target/fuzz/corpus/<target>/`, seeded at run time from the folders the
//! target names (the fixtures, `wsdl/`, `../shared/wsdl-corpus/`, small
//! documents under `tests/fuzz/seeds/<target>/`; read, not
//! copied). A crash stops the run with the input saved under
//! `target/fuzz/artifacts/<target>/`; copy it to
//! `tests/fuzz/regressions/<target>/` and it is a regression test.

use std::path::{Path, PathBuf};
use std::process::Command;

const TARGETS: [&str; 6] = ["response", "multiref", "fault", "namespaces", "reader", "generator"];

/// Seeds and input size limits per target; the same as the fuzz crate's
/// `TARGETS` table, which the regression test reads.
fn seeds(target: &str) -> (&'static [&'static str], usize) {
    match target {
        "generator" => (&["wsdl", "../shared/wsdl-corpus"], 256 * 1024),
        "fault" | "namespaces" => (&["tests/fixtures"], 16 * 1024),
        "reader" => (&["tests/fixtures", "tests/fuzz/seeds/reader"], 16 * 1024),
        _ => (&["tests/fixtures"], 64 * 1024),
    }
}

const RUSTFLAGS: &str = "--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares";

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask fuzz <response|multiref|fault|namespaces|reader|generator|all> [--time <seconds>] [--quick]";
    let mut time = 60u64;
    let mut profile = "fuzz";
    let mut chosen = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--time" => {
                time = it
                    .next()
                    .and_then(|t| t.parse().ok())
                    .ok_or_else(|| format!("--time needs seconds\n{usage}"))?
            }
            "--quick" => profile = "fuzz-quick",
            t if chosen.is_none() && (t == "all" || TARGETS.contains(&t)) => chosen = Some(t.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n{usage}")),
        }
    }
    let chosen = chosen.ok_or(usage)?;
    let targets: Vec<&str> = if chosen == "all" { TARGETS.to_vec() } else { vec![chosen.as_str()] };
    ensure_cxx()?;
    let bin_dir = build(root, profile)?;
    for target in targets {
        fuzz_one(root, &bin_dir, target, time)?;
    }
    Ok(())
}

/// Builds every target; returns the folder with the binaries.
fn build(root: &Path, profile: &str) -> Result<PathBuf, String> {
    let host = host_triple()?;
    let target_dir = root.join("target/fuzz");
    eprintln!("building the fuzz targets (instrumented, profile {profile}) into {}", target_dir.display());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["build", "--profile", profile, "--package", "pbx-soap-fuzz", "--bins", "--target", &host])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("RUSTFLAGS", RUSTFLAGS)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("building the fuzz targets failed ({status})"));
    }
    Ok(target_dir.join(host).join(profile))
}

/// `--target` is given so that RUSTFLAGS instrument the targets but not
/// build scripts and proc macros.
fn host_triple() -> Result<String, String> {
    let out = Command::new("rustc").arg("-vV").output().map_err(|e| format!("cannot run rustc: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .ok_or_else(|| "rustc -vV names no host".to_owned())
}

fn fuzz_one(root: &Path, bin_dir: &Path, target: &str, time: u64) -> Result<(), String> {
    let fuzz_dir = root.join("target/fuzz");
    let corpus = fuzz_dir.join("corpus").join(target);
    let artifacts = fuzz_dir.join("artifacts").join(target);
    for dir in [&corpus, &artifacts] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let (seed_dirs, max_len) = seeds(target);
    let seed_dirs: Vec<PathBuf> = seed_dirs.iter().map(|s| root.join(s)).filter(|p| p.is_dir()).collect();
    let log = fuzz_dir.join(format!("{target}.log"));
    let log_file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    eprintln!("fuzzing `{target}` for {time} s (log: {})", log.display());
    let status = Command::new(bin_dir.join(target))
        .arg(format!("-max_total_time={time}"))
        .arg(format!("-max_len={max_len}"))
        .arg("-timeout=20")
        .arg("-rss_limit_mb=2048")
        .arg("-print_final_stats=1")
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg(&corpus)
        .args(&seed_dirs)
        .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
        .stderr(log_file)
        .status()
        .map_err(|e| format!("cannot run the `{target}` fuzzer: {e}"))?;
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let summary: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("DONE") || l.starts_with("stat::") || l.contains("INITED"))
        .collect();
    for line in summary {
        eprintln!("  {line}");
    }
    if status.success() {
        return Ok(());
    }
    let tail: Vec<&str> = text.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
    Err(format!(
        "the `{target}` fuzzer failed ({status}):\n{}\nthe input is under {}; copy it to tests/fuzz/regressions/{target}/ to keep it as a test",
        tail.join("\n"),
        artifacts.display()
    ))
}

/// libfuzzer-sys compiles libFuzzer's C++ sources.
fn ensure_cxx() -> Result<(), String> {
    let has = |cmd: &str| Command::new(cmd).arg("--version").output().is_ok_and(|o| o.status.success());
    if has("c++") || has("g++") {
        return Ok(());
    }
    let root_user =
        Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root_user {
        return Err(
            "a C++ compiler is missing and this is not root: run `apt-get install g++` as root (Debian)"
                .into(),
        );
    }
    eprintln!("a C++ compiler is missing; installing g++ with apt-get");
    for args in [&["update", "-qq"][..], &["install", "-y", "-qq", "g++"][..]] {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if !status.success() {
            return Err(format!("`apt-get {}` exited with {status}", args.join(" ")));
        }
    }
    Ok(())
}
