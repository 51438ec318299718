//! The packaging step of `cargo xtask test`: the generator and the bindings
//! crate each make a `.crate` (`cargo package`, metadata and dependency
//! versions checked), and what it holds includes what must ship: the
//! README and CHANGELOG, and for the bindings the checked-in generated code
//! of every vendor.
//!
//! Not verified by building the package (`--no-verify`): its code is the
//! workspace's, which the rest of the test command builds and tests.

use std::path::Path;
use std::process::Command;

use pbx_soap_codegen::project::vendors;

/// Packages `pbx-soap-codegen` and `pbx-soap` and checks their file lists.
pub fn check(root: &Path) -> Result<(), String> {
    let mut bindings_must = vec!["Cargo.toml".to_owned(), "README.md".to_owned(), "CHANGELOG.md".to_owned()];
    bindings_must.push("src/rt/client.rs".to_owned());
    for v in vendors(root).map_err(|e| e.to_string())? {
        let rel = v.out.strip_prefix(root.join("bindings")).unwrap_or(&v.out);
        bindings_must.push(rel.to_string_lossy().replace('\\', "/"));
    }
    let codegen_must: Vec<String> =
        ["Cargo.toml", "README.md", "CHANGELOG.md", "src/lib.rs", "src/builder.rs"].map(str::to_owned).into();
    for (package, must) in [("pbx-soap-codegen", codegen_must), ("pbx-soap", bindings_must)] {
        cargo(root, &["package", "-p", package, "--no-verify", "--allow-dirty", "--quiet"])?;
        let list = cargo(root, &["package", "-p", package, "--list", "--allow-dirty", "--quiet"])?;
        let files: Vec<&str> = list.lines().map(str::trim).collect();
        let missing: Vec<&String> = must.iter().filter(|f| !files.contains(&f.as_str())).collect();
        if !missing.is_empty() {
            return Err(format!("the {package} package lacks {missing:?}"));
        }
        println!("{package}: packaged, {} files", files.len());
    }
    Ok(())
}

/// Runs cargo and returns its standard output.
fn cargo(root: &Path, args: &[&str]) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(args)
        .current_dir(root)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("`cargo {}` exited with {}", args.join(" "), out.status));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("`cargo {}` printed non-UTF-8: {e}", args.join(" ")))
}
