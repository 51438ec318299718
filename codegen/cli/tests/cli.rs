//! The installed `pbx-soap` binary, run as a user runs it (from the
//! workspace root, with paths relative to it), on a real WSDL of the corpus
//! (`../shared/wsdl-corpus/`) and the innovaphone firmware step
//! (`../shared/vendor-wsdl/`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AXL: &str = "../shared/wsdl-corpus/cisco-axl-6.0.1/AXLAPI.wsdl";
const RIS: &str = "../shared/wsdl-corpus/cisco-risservice70/RISService70.wsdl";
const PBX10: &str = "../shared/vendor-wsdl/innovaphone/pbx10_00.wsdl";
const PBX11: &str = "../shared/vendor-wsdl/innovaphone/pbx11_00.wsdl";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pbx_soap(args: &[&str]) -> (i32, String, String) {
    let Output { status, stdout, stderr } =
        Command::new(env!("CARGO_BIN_EXE_pbx-soap")).args(args).current_dir(workspace()).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (status.code().unwrap(), text(stdout), text(stderr))
}

/// A fresh folder under the system temp dir, removed when dropped.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("pbx-soap-cli-{name}-")).tempdir().unwrap()
}

#[test]
fn help_names_every_command_and_option() {
    let (code, out, _) = pbx_soap(&["--help"]);
    assert_eq!(code, 0);
    for text in
        ["Usage: pbx-soap <COMMAND>", "gen", "inspect", "diff", "Exit status: 0 on success", "--version"]
    {
        assert!(out.contains(text), "{text} missing from\n{out}");
    }
    let (code, out, _) = pbx_soap(&["gen", "--help"]);
    assert_eq!(code, 0);
    for option in [
        "--out <FILE>",
        "--no-docs",
        "--runtime <PATH>",
        "--deny-warnings",
        "<WSDL>...",
        "--side <SIDE>",
        "--server-feature <NAME>",
        "--samples",
        "--sample-feature <NAME>",
        "--serde[=<FEATURE>]",
        "--serde-secrets",
        "--dates <DATES>",
        "--strings <STRINGS>",
        "--operation <NAME>",
        "--secret-word <WORD>",
    ] {
        assert!(out.contains(option), "{option} missing from\n{out}");
    }
    let (code, out, _) = pbx_soap(&["diff", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("<OLD> <NEW>") && out.contains("exit status is 1"), "{out}");
    let (code, out, _) = pbx_soap(&["--version"]);
    assert_eq!((code, out.as_str()), (0, concat!("pbx-soap ", env!("CARGO_PKG_VERSION"), "\n")));
}

#[test]
fn gen_derives_serde_always_or_behind_a_feature_and_maps_dates() {
    let derive = "derive(::pbx_soap::rt::serde::Serialize, ::pbx_soap::rt::serde::Deserialize)";
    let (code, plain, _) = pbx_soap(&["gen", RIS]);
    assert_eq!(code, 0);
    assert!(!plain.contains(derive));
    // `--serde` takes no separate value: the WSDL after it stays the WSDL.
    let (code, always, err) = pbx_soap(&["gen", "--serde", RIS]);
    assert_eq!(code, 0, "{err}");
    assert!(always.contains(&format!("#[{derive}]")) && !always.contains("cfg_attr(feature"), "always");
    let (code, gated, _) = pbx_soap(&["gen", RIS, "--serde=json"]);
    assert_eq!(code, 0);
    assert!(gated.contains("feature = \"json\"") && gated.contains(derive), "gated");
    let (code, _, err) = pbx_soap(&["gen", RIS, "--serde-secrets"]);
    assert_eq!(code, 2, "--serde-secrets needs --serde: {err}");
    let builtins = "tests/xsd/builtins.wsdl";
    let (code, typed, err) = pbx_soap(&["gen", builtins, "--dates", "jiff"]);
    assert_eq!(code, 0, "{err}");
    assert!(typed.contains("::pbx_soap::rt::xsd::DateTime"), "typed dates");
    let (_, lexical, _) = pbx_soap(&["gen", builtins]);
    assert!(!lexical.contains("rt::xsd::"), "strings by default");
    assert!(!lexical.contains("CompactString"), "String by default");
    let (code, compact, err) = pbx_soap(&["gen", builtins, "--strings", "compact"]);
    assert_eq!(code, 0, "{err}");
    assert!(compact.contains("pub string: ::pbx_soap::rt::CompactString,"), "compact strings");
    // An enumeration's unlisted value stays a `String` (the rare path), also
    // in its decoding placeholder.
    let left: Vec<&str> = compact.lines().filter(|l| l.contains("::std::string::String")).collect();
    let other = ["Other(::std::string::String),", "Self::Other(::std::string::String::new())"];
    assert!(left.iter().all(|l| other.contains(&l.trim())), "{left:?}");
    let (code, _, err) = pbx_soap(&["gen", builtins, "--strings", "small"]);
    assert_eq!(code, 2, "unknown --strings value: {err}");
}

#[test]
fn gen_takes_more_secret_words() {
    let secrets = "tests/xsd/secrets.wsdl";
    let redacted = ".field(\"access_key\", &::pbx_soap::rt::Redacted(&self.access_key))";
    let (code, plain, err) = pbx_soap(&["gen", secrets]);
    assert_eq!(code, 0, "{err}");
    assert!(plain.contains(".field(\"access_key\", &self.access_key)"), "not a built-in word");
    let (code, more, err) = pbx_soap(&["gen", secrets, "--secret-word", "token,KEY"]);
    assert_eq!(code, 0, "{err}");
    assert!(more.contains(redacted), "{more}");
    let (code, both, err) = pbx_soap(&["gen", secrets, "--secret-word", "token", "--secret-word", "key"]);
    assert_eq!((code, both == more), (0, true), "repeated as well as comma-separated: {err}");
}

#[test]
fn gen_emits_the_client_the_server_side_or_both() {
    let (code, client, _) = pbx_soap(&["gen", RIS]);
    assert_eq!(code, 0);
    let (code, server, _) = pbx_soap(&["gen", RIS, "--side", "server"]);
    assert_eq!(code, 0);
    let (code, both, _) = pbx_soap(&["gen", RIS, "--side", "both", "--server-feature", "ris-server"]);
    assert_eq!(code, 0);
    let client_struct = "pub struct RisPort70 {";
    let service_trait = "pub trait RisPort70Server:";
    assert!(client.contains(client_struct) && !client.contains(service_trait), "client only");
    assert!(!server.contains(client_struct) && server.contains(service_trait), "server only");
    assert!(both.contains(client_struct) && both.contains(service_trait), "both");
    assert!(both.contains("#[cfg(feature = \"ris-server\")]"), "gated");
    let (code, _, err) = pbx_soap(&["gen", RIS, "--side", "neither"]);
    assert_eq!(code, 2);
    assert!(err.contains("possible values: client, server, both"), "{err}");
}

#[test]
fn gen_emits_samples_when_asked() {
    let (code, plain, _) = pbx_soap(&["gen", RIS]);
    assert_eq!(code, 0);
    assert!(!plain.contains("rt::Sample for") && !plain.contains("fn visit_types"), "off by default");
    let (code, samples, _) = pbx_soap(&["gen", RIS, "--samples"]);
    assert_eq!(code, 0);
    assert!(samples.contains("impl ::pbx_soap::rt::Sample for ") && samples.contains("pub fn visit_types("));
    let (code, gated, _) = pbx_soap(&["gen", RIS, "--sample-feature", "props"]);
    assert_eq!(code, 0);
    assert!(gated.contains("#[cfg(feature = \"props\")]\npub fn visit_types("), "implied and gated");
}

#[test]
fn bad_arguments_exit_with_2() {
    let (code, _, err) = pbx_soap(&["gen"]);
    assert_eq!(code, 2);
    assert!(err.contains("<WSDL>"), "{err}");
    let (code, _, err) = pbx_soap(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("unrecognized subcommand"), "{err}");
}

#[test]
fn inspect_a_corpus_wsdl() {
    let (code, out, err) = pbx_soap(&["inspect", RIS]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(&format!("Sources: {RIS}\n")), "{out}");
    assert!(
        out.contains(
            "selectCmDevice (DocumentLiteral, SOAPAction \"selectCmDevice\") -> fn select_cm_device"
        ),
        "{out}"
    );
}

#[test]
fn gen_writes_the_module_only_when_it_changed() {
    let dir = scratch("gen");
    let out = dir.path().join("ris.rs");
    let (code, stdout, err) = pbx_soap(&["gen", RIS, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    assert!(err.contains(&format!("wrote {}", out.display())), "{err}");
    let code_text = std::fs::read_to_string(&out).unwrap();
    assert!(code_text.starts_with(&format!(
        "// @generated by pbx-soap-codegen from {RIS}. Do not edit.\n// Regenerate with `pbx-soap gen`.\n"
    )));
    assert!(code_text.contains("pub fn select_cm_device("));
    let (code, _, err) = pbx_soap(&["gen", RIS, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(err.contains("unchanged"), "{err}");
    // Standard output, with the options applied.
    let (code, stdout, _) = pbx_soap(&["gen", RIS, "--no-docs", "--runtime", "::soap_rt"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("::soap_rt::rt::") && !stdout.contains("::pbx_soap::"));
}

#[test]
fn gen_keeps_only_the_operations_named_and_says_so() {
    let (code, subset, err) =
        pbx_soap(&["gen", AXL, "--operation", "getPhone", "--operation", "addLine,listPhoneByName"]);
    assert_eq!(code, 0, "{err}");
    let header: Vec<&str> = subset.lines().take(6).collect();
    assert_eq!(
        header[2..],
        [
            "//",
            "// Generated for 3 of the WSDL's 276 operations only (`Settings::operations`, `pbx-soap gen --operation`):",
            "//   port AXLPort: getPhone addLine listPhoneByName",
            "",
        ],
        "{}",
        header.join("\n")
    );
    let methods: Vec<&str> = subset
        .lines()
        .zip(subset.lines().skip(1))
        // An operation's method: `#[inline]` then `pub fn`.
        .filter(|(attr, _)| attr.trim() == "#[inline]")
        .filter_map(|(_, l)| l.trim().strip_prefix("pub fn ")?.split('(').next())
        .collect();
    // In the WSDL's order, as in the whole module.
    assert_eq!(methods, ["get_phone", "add_line", "list_phone_by_name"]);
    // Only the reachable types: a fraction of the whole module (a large
    // one: getPhone reaches most device types through XDevice's derived
    // types).
    let (code, whole, _) = pbx_soap(&["gen", AXL]);
    assert_eq!(code, 0);
    assert!(whole.contains("pub fn update_phone("));
    assert!(subset.lines().count() * 3 < whole.lines().count(), "{} lines", subset.lines().count());
    // `inspect` shows the same subset.
    let (code, out, err) = pbx_soap(&["inspect", AXL, "--operation", "getPhone"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\nSubset: 1 of 276 operations kept (AXLPort/getPhone)"), "{out}");
    assert!(out.contains("    getPhone (") && !out.contains("    addLine ("), "{out}");
}

#[test]
fn an_unknown_operation_is_an_error_naming_the_near_ones() {
    let (code, out, err) = pbx_soap(&["gen", AXL, "--operation", "getPhone", "--operation", "listPhone"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.starts_with("error: no operation matches `listPhone`: did you mean `listPhoneByName`,"),
        "{err}"
    );
    assert!(err.contains("276 operations; `pbx-soap inspect` lists them"), "{err}");
    let (code, _, err) = pbx_soap(&["gen", AXL, "--operation", "getphone", "--operation", "AXLPrt/getPhone"]);
    assert_eq!(code, 2);
    assert!(err.contains("`getphone`: did you mean `getPhone`"), "{err}");
    assert!(err.contains("`AXLPrt/getPhone`: did you mean `AXLPort/getPhone`?"), "{err}");
    let (code, _, err) = pbx_soap(&["gen", AXL, "--operation", "frobnicateEverything"]);
    assert_eq!(code, 2);
    assert!(err.contains("`frobnicateEverything`: no operation has a name near it"), "{err}");
}

#[test]
fn errors_name_files_as_the_user_gave_them() {
    let (code, _, err) = pbx_soap(&["inspect", "no/such/file.wsdl"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: cannot read no/such/file.wsdl: "), "{err}");
    // A file outside the project keeps its leading slash.
    let bad_dir = scratch("bad");
    let bad = bad_dir.path().join("broken.wsdl");
    std::fs::write(
        &bad,
        "<wsdl:definitions xmlns:wsdl='http://schemas.xmlsoap.org/wsdl/'><oops></wsdl:definitions>",
    )
    .unwrap();
    let (code, _, err) = pbx_soap(&["gen", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.starts_with(&format!("error: {}: not well-formed XML", bad.display())), "{err}");
}

#[test]
fn diff_exit_status_says_whether_anything_breaks() {
    let (code, out, err) = pbx_soap(&["diff", PBX10, PBX11]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with(&format!("--- {PBX10}\n+++ {PBX11}\nbreaking    port pbxPort: binding style")),
        "{out}"
    );
    assert!(out.ends_with(" breaking, 62 compatible\n"), "{out}");
    let (code, out, _) = pbx_soap(&["diff", PBX11, PBX11]);
    assert_eq!((code, out), (0, format!("--- {PBX11}\n+++ {PBX11}\nno API changes\n")));
}
