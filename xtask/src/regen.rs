//! `cargo xtask regen`: `wsdl/<vendor>/*.wsdl` -> `bindings/src/<vendor>.rs`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use pbx_soap_codegen::{Settings, generate};

/// One vendor module: its WSDL files and the file it is written to.
pub struct Vendor {
    pub name: String,
    pub wsdl: Vec<PathBuf>,
    pub out: PathBuf,
}

/// Every vendor directory under `wsdl/`, in name order, with its files in
/// name order (the order reaches the output).
pub fn vendors(root: &Path) -> Result<Vec<Vendor>, String> {
    let mut out = Vec::new();
    for dir in sorted_entries(&root.join("wsdl"))? {
        if !dir.is_dir() {
            continue;
        }
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let wsdl: Vec<PathBuf> =
            sorted_entries(&dir)?.into_iter().filter(|p| p.extension().is_some_and(|e| e == "wsdl")).collect();
        if !wsdl.is_empty() {
            out.push(Vendor { out: root.join("bindings/src").join(format!("{name}.rs")), name, wsdl });
        }
    }
    Ok(out)
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    Ok(v)
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask regen [--check]".to_owned()),
    };
    let mut stale = Vec::new();
    for v in vendors(root)? {
        let started = Instant::now();
        let output = generate(&v.wsdl, root, &Settings::default()).map_err(|e| format!("{}: {e}", v.name))?;
        let elapsed = started.elapsed();
        let ir = &output.ir;
        let operations: usize = ir.clients.iter().map(|c| c.operations.len()).sum();
        let rel = v.out.strip_prefix(root).unwrap_or(&v.out).display().to_string();
        let state = if check {
            if read(&v.out) != output.code {
                stale.push(rel.clone());
                "STALE"
            } else {
                "fresh"
            }
        } else if write_if_changed(&v.out, &output.code)? {
            "written"
        } else {
            "unchanged"
        };
        println!(
            "{rel}: {state}; {} WSDL files, {} services, {operations} operations, {} types, {:.1} ms",
            v.wsdl.len(),
            ir.clients.len(),
            ir.types.len(),
            elapsed.as_secs_f64() * 1000.0
        );
        for w in &ir.warnings {
            println!("  warning: {w}");
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!("stale generated code: {} (run `cargo xtask regen`)", stale.join(", ")))
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Writes `content` unless the file already holds it (keeps mtimes, and so
/// incremental builds, stable). Returns whether it wrote.
pub fn write_if_changed(path: &Path, content: &str) -> Result<bool, String> {
    if read(path) == content {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, content).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(true)
}
