//! gSOAP's C++ decoder for one response: `wsdl2h` and `soapcpp2` generate
//! the serialisers from the vendor's WSDL, `g++ -O2` compiles them with
//! `xtask/peers/gsoap_driver.cpp` (which receives the response the way a
//! gSOAP client does, `soap_recv_<operation>`, from memory).

use std::path::{Path, PathBuf};
use std::process::Command;

/// What the driver needs to know of the generated code for one operation.
pub struct Decoder {
    /// Where the build goes (under `target/bench-peers/`).
    pub name: &'static str,
    pub wsdl: &'static str,
    /// The generated response type, the receive function, and how many
    /// records a decoded response holds (a C++ expression on `r`).
    pub response: &'static str,
    pub recv: &'static str,
    pub count: &'static str,
}

/// Builds the decoder under `work` unless a build newer than its inputs is
/// there; returns the executable.
pub fn build(root: &Path, work: &Path, d: &Decoder) -> Result<PathBuf, String> {
    let dir = work.join(format!("gsoap-{}", d.name));
    let exe = dir.join("decode");
    let driver = root.join("xtask/peers/gsoap_driver.cpp");
    let wsdl = root.join(d.wsdl);
    if newer_than(&exe, &[&driver, &wsdl]) {
        return Ok(exe);
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    // Not `poll.h`: that name would shadow the system header stdsoap2.h includes.
    let header = format!("{}_wsdl.h", d.name);
    run(&dir, "wsdl2h", &["-o", &header, &wsdl.display().to_string()])?;
    run(&dir, "soapcpp2", &["-C", "-x", "-L", "-I/usr/share/gsoap/import", &header])?;
    // The namespace table soapcpp2 names after the binding; the driver
    // includes it under one name.
    let nsmap = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "nsmap"))
        .ok_or_else(|| format!("soapcpp2 wrote no .nsmap in {}", dir.display()))?;
    std::fs::copy(&nsmap, dir.join("nsmap.h"))
        .map_err(|e| format!("cannot copy {}: {e}", nsmap.display()))?;
    eprintln!("compiling gSOAP's decoder for {} (g++ -O2)", d.wsdl);
    let response = format!("-DRESPONSE={}", d.response);
    let recv = format!("-DRECV={}", d.recv);
    let count = format!("-DCOUNT(r)=({})", d.count);
    let driver = driver.display().to_string();
    run(
        &dir,
        "g++",
        &[
            "-O2",
            "-I.",
            &response,
            &recv,
            &count,
            "-o",
            "decode",
            &driver,
            "soapC.cpp",
            "soapClient.cpp",
            "-lgsoap++",
        ],
    )?;
    Ok(exe)
}

/// Whether `file` exists and is newer than every input.
fn newer_than(file: &Path, inputs: &[&Path]) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(built) = modified(file) else { return false };
    inputs.iter().all(|i| modified(i).is_some_and(|m| m < built))
}

fn run(dir: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "`{program} {}` in {} exited with {}:\n{}",
        args.join(" "),
        dir.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    ))
}
