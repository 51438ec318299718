//! Every fuzz target over its seeds (the fixtures, the project's WSDLs and
//! the WSDL corpus beside the checkout) and over every input saved under
//! `regressions/<target>/`: each crash the fuzzer found is one of those
//! files, and must stay fixed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use pbx_soap_fuzz::{TARGETS, Target, files_under};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run_over(target: &Target, dir: &Path) -> usize {
    let files = files_under(dir).unwrap_or_else(|e| panic!("{e}"));
    for file in &files {
        let data = std::fs::read(file).unwrap();
        let outcome = std::panic::catch_unwind(|| (target.run)(&data));
        assert!(outcome.is_ok(), "target {} fails on {}", target.name, file.display());
    }
    files.len()
}

#[test]
fn every_target_passes_its_seeds() {
    for target in TARGETS {
        let mut n = 0;
        for seed in target.seeds {
            let dir = workspace().join(seed);
            // ../shared is beside the checkout on CI and here; a seed folder
            // that is missing only means fewer seeds.
            if dir.exists() {
                n += run_over(target, &dir);
            }
        }
        assert!(n > 0, "target {} has no seeds", target.name);
    }
}

#[test]
fn every_saved_crash_stays_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    for target in TARGETS {
        let dir = root.join(target.name);
        if dir.exists() {
            run_over(target, &dir);
        }
    }
}

#[test]
fn every_vendor_operation_has_a_decoder() {
    for vendor in ["sipxconfig", "innovaphone", "brekeke", "monema"] {
        assert!(pbx_soap_fuzz::DECODERS.iter().any(|d| d.vendor == vendor), "{vendor}");
    }
    let innovaphone = pbx_soap_fuzz::DECODERS.iter().filter(|d| d.vendor == "innovaphone").count();
    assert_eq!(innovaphone, 34, "innovaphone's 34 operations");
}
