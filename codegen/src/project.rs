//! This repository's layout: `wsdl/<vendor>/*.wsdl` generates
//! `bindings/src/<vendor>/generated.rs`, which the hand-written
//! `bindings/src/<vendor>/mod.rs` re-exports (beside any helpers of its own)
//! behind the bindings crate's `<vendor>` feature. Shared by
//! `cargo xtask regen` and the freshness test.

use std::path::{Path, PathBuf};

use crate::{Error, Output, Settings};

/// One vendor module: its WSDL files and the file it is written to.
#[derive(Debug, Clone)]
pub struct Vendor {
    pub name: String,
    /// In name order: the order reaches the output.
    pub wsdl: Vec<PathBuf>,
    pub out: PathBuf,
}

impl Vendor {
    /// Generates this vendor's module with [`settings`].
    pub fn generate(&self, root: &Path) -> Result<Output, Error> {
        crate::generate(&self.wsdl, root, &settings())
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
            out.push(Vendor { out: root.join("bindings/src").join(&name).join("generated.rs"), name, wsdl });
        }
    }
    Ok(out)
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
