//! This repository's layout: `wsdl/<vendor>/*.wsdl` generates
//! `bindings/src/<vendor>/generated.rs`, which the hand-written
//! `bindings/src/<vendor>/mod.rs` re-exports (beside any helpers of its own)
//! behind the bindings crate's `<vendor>` feature. Shared by
//! `cargo xtask regen` and the freshness test.

use std::path::{Path, PathBuf};

use crate::{Error, Output, Settings};

/// One generated module: its WSDL files, the file it is written to and
/// the settings it is generated with.
#[derive(Debug, Clone)]
pub struct Vendor {
    pub name: String,
    /// In name order: the order reaches the output.
    pub wsdl: Vec<PathBuf>,
    pub out: PathBuf,
    pub settings: Settings,
}

impl Vendor {
    /// Generates this module.
    pub fn generate(&self, root: &Path) -> Result<Output, Error> {
        crate::generate(&self.wsdl, root, &self.settings)
    }
}

/// The settings of the vendor modules: the server side behind the bindings
/// crate's `server` feature, property-test samples behind `sample`, serde
/// derives behind its `serde` feature, and dates as strings (the `jiff`
/// feature adds typed values to convert to; a feature cannot change field
/// types, see [`crate::Dates`]).
pub fn settings() -> Settings {
    Settings {
        sides: crate::Sides::Both,
        server_feature: Some("server".to_owned()),
        samples: crate::Gate::Feature("sample".to_owned()),
        serde: crate::Gate::Feature("serde".to_owned()),
        ..Settings::default()
    }
}

/// Every vendor directory under `<root>/wsdl/`, in name order.
pub fn vendors(root: &Path) -> Result<Vec<Vendor>, Error> {
    let mut out = Vec::new();
    for dir in sorted_entries(&root.join("wsdl"))? {
        if !dir.is_dir() {
            continue;
        }
        let Some(name) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        let wsdl: Vec<PathBuf> = sorted_entries(&dir)?
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "wsdl"))
            .collect();
        if !wsdl.is_empty() {
            let out_file = root.join("bindings/src").join(&name).join("generated.rs");
            out.push(Vendor { out: out_file, name, wsdl, settings: settings() });
        }
    }
    Ok(out)
}

/// The vendors whose responses the bindings crate's benches decode.
const BENCHED: [&str; 2] = ["innovaphone", "sipxconfig"];

/// Modules the bindings crate's benches generate from a vendor's WSDL with
/// other settings, checked in under `bindings/benches/generated/` and kept
/// fresh by `cargo xtask regen` like the vendor modules: innovaphone and
/// sipXconfig with [`Strings::Compact`](crate::Strings::Compact), client
/// side only, to compare their decoding with the `String` modules' on the
/// same responses.
pub fn bench_modules(root: &Path, vendors: &[Vendor]) -> Vec<Vendor> {
    let settings = Settings { strings: crate::Strings::Compact, docs: false, ..Settings::default() };
    let dir = root.join("bindings/benches/generated");
    vendors
        .iter()
        .filter(|v| BENCHED.contains(&v.name.as_str()))
        .map(|v| Vendor {
            out: dir.join(format!("{}_compact.rs", v.name)),
            name: format!("{} (compact strings)", v.name),
            wsdl: v.wsdl.clone(),
            settings: settings.clone(),
        })
        .collect()
}

/// Every module `cargo xtask regen` writes and the freshness test checks:
/// the vendor modules, then the benches' ([`bench_modules`]).
pub fn checked_in(root: &Path) -> Result<Vec<Vendor>, Error> {
    let mut all = vendors(root)?;
    let benches = bench_modules(root, &all);
    all.extend(benches);
    Ok(all)
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |source| Error::Io { path: dir.to_path_buf(), source };
    let mut v = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        v.push(entry.map_err(io)?.path());
    }
    v.sort();
    Ok(v)
}
