//! `cargo xtask regen`: `wsdl/<vendor>/*.wsdl` -> `bindings/src/<vendor>/generated.rs`.

use std::path::Path;
use std::time::Instant;

use pbx_soap_codegen::project::vendors;

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask regen [--check]".to_owned()),
    };
    let mut stale = Vec::new();
    for v in vendors(root).map_err(|e| e.to_string())? {
        let started = Instant::now();
        let output = v.generate(root).map_err(|e| format!("{}: {e}", v.name))?;
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
