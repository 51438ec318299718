//! Generates every WSDL file under `wsdl/` on its own (as `cargo xtask gen`
//! would) into `OUT_DIR`, client and server side, so `src/single.rs`
//! compiles each output with warnings denied. The checked-in vendor
//! modules merge a vendor's files; this proves each file also stands alone.
//! Also generates the XML Schema test WSDLs under `tests/xsd/` for
//! `src/xsd.rs`, with serde derives, and the built-ins once more with typed
//! dates and times (`xsd::builtins_typed`); each test WSDL also with compact
//! strings (`xsd::<file>_compact`); and sipXconfig's module with compact
//! strings (`src/compact.rs`).

use std::error::Error;
use std::fmt::Write as _;
use std::path::Path;

use pbx_soap_codegen::{Dates, Gate, Strings};

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR")?;
    let root = Path::new(&manifest).parent().ok_or("no workspace root")?;
    let out_dir = std::env::var("OUT_DIR")?;
    println!("cargo:rerun-if-changed={}", root.join("wsdl").display());
    println!("cargo:rerun-if-changed={}", root.join("codegen/src").display());

    let mut index = String::new();
    let vendors = pbx_soap_codegen::project::vendors(root)?;
    for vendor in &vendors {
        for file in &vendor.wsdl {
            let stem = file.file_stem().and_then(|s| s.to_str()).ok_or("bad file name")?;
            let module = format!("{}_{}", vendor.name, stem.replace(['-', '.'], "_"));
            let output = pbx_soap_codegen::generate(std::slice::from_ref(file), root, &both())?;
            let path = Path::new(&out_dir).join(format!("{module}.rs"));
            std::fs::write(&path, output.code)?;
            writeln!(index, "#[path = {:?}]\npub mod {module};", path.display().to_string())?;
        }
    }
    std::fs::write(Path::new(&out_dir).join("single.rs"), index)?;
    compact_sipxconfig(root, &vendors, Path::new(&out_dir))?;
    features(Path::new(&manifest), Path::new(&out_dir))?;
    schema_cases(root, &out_dir)
}

/// Client and server side, the server side unconditionally (this crate
/// turns on the bindings crate's `server` feature).
fn both() -> pbx_soap_codegen::Settings {
    pbx_soap_codegen::Settings { sides: pbx_soap_codegen::Sides::Both, ..Default::default() }
}

/// sipXconfig's module (all its files, as the bindings crate merges them)
/// generated with compact strings, for `src/compact.rs`.
fn compact_sipxconfig(
    root: &Path,
    vendors: &[pbx_soap_codegen::project::Vendor],
    out_dir: &Path,
) -> Result<(), Box<dyn Error>> {
    let sipxconfig = vendors.iter().find(|v| v.name == "sipxconfig").ok_or("no wsdl/sipxconfig")?;
    let settings = pbx_soap_codegen::Settings { strings: Strings::Compact, inner_doc: false, ..both() };
    let output = pbx_soap_codegen::generate(&sipxconfig.wsdl, root, &settings)?;
    std::fs::write(out_dir.join("compact_sipxconfig.rs"), output.code)?;
    Ok(())
}

/// The project-authored test WSDLs of the PHP interoperability tests
/// (`tests/php/features/*.wsdl`), one module each, for `src/features.rs`.
fn features(manifest: &Path, out_dir: &Path) -> Result<(), Box<dyn Error>> {
    let dir = manifest.join("php/features");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "wsdl"))
        .collect();
    files.sort();
    let mut index = String::new();
    for file in files {
        let stem = file.file_stem().and_then(|s| s.to_str()).ok_or("bad file name")?.replace(['-', '.'], "_");
        let output = pbx_soap_codegen::generate(std::slice::from_ref(&file), manifest, &both())?;
        let path = out_dir.join(format!("features_{stem}.rs"));
        std::fs::write(&path, output.code)?;
        writeln!(index, "#[path = {:?}]\npub mod {stem};", path.display().to_string())?;
    }
    std::fs::write(out_dir.join("features.rs"), index)?;
    Ok(())
}

/// The per-construct XML Schema test WSDLs under `tests/xsd/`, one module
/// each (`pbx_soap_tests::xsd::<file stem>`).
fn schema_cases(root: &Path, out_dir: &str) -> Result<(), Box<dyn Error>> {
    let dir = root.join("tests/xsd");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> =
        std::fs::read_dir(&dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "wsdl"));
    files.sort();
    let mut index = String::new();
    for file in &files {
        let module = file.file_stem().and_then(|s| s.to_str()).ok_or("bad file name")?.replace('-', "_");
        // With samples: the property test draws values of every type.
        let settings = pbx_soap_codegen::Settings { samples: Gate::Always, ..with_serde(Dates::Lexical) };
        schema_case(root, file, &module, &settings, out_dir, &mut index)?;
        // Once more with compact strings (`rt::CompactString`): every
        // construct family with the other string type.
        let compact = pbx_soap_codegen::Settings { strings: Strings::Compact, ..settings };
        schema_case(root, file, &format!("{module}_compact"), &compact, out_dir, &mut index)?;
    }
    // The built-ins once more with typed dates and times (`rt::xsd`).
    let builtins = dir.join("builtins.wsdl");
    schema_case(root, &builtins, "builtins_typed", &with_serde(Dates::Jiff), out_dir, &mut index)?;
    // The secrets once more with a secret word of the user's (`key`).
    let more_words =
        pbx_soap_codegen::Settings { secret_words: vec!["key".to_owned()], ..with_serde(Dates::Lexical) };
    schema_case(root, &dir.join("secrets.wsdl"), "secrets_key", &more_words, out_dir, &mut index)?;
    // Every module's types for the property test (the typed-dates copy of
    // the built-ins aside: its values are the runtime's, not generated), so
    // a new case file is covered without being named there.
    index.push_str(
        "/// Runs every module's `visit_types`, calling `enter` with the module's name first.\n\
         pub fn visit_types<V: pbx_soap::rt::TypeVisitor>(v: &mut V, mut enter: impl FnMut(&mut V, &'static str)) {\n",
    );
    for file in &files {
        let module = file.file_stem().and_then(|s| s.to_str()).ok_or("bad file name")?.replace('-', "_");
        for module in [module.clone(), format!("{module}_compact")] {
            writeln!(index, "    enter(v, {module:?});\n    {module}::visit_types(v);")?;
        }
    }
    index.push_str("}\n");
    std::fs::write(Path::new(out_dir).join("xsd.rs"), index)?;
    Ok(())
}

/// Serde derives on (this crate turns on the bindings crate's `serde` and
/// `jiff` features), so every construct's values also go through JSON.
fn with_serde(dates: Dates) -> pbx_soap_codegen::Settings {
    pbx_soap_codegen::Settings { serde: Gate::Always, dates, ..Default::default() }
}

fn schema_case(
    root: &Path,
    file: &Path,
    module: &str,
    settings: &pbx_soap_codegen::Settings,
    out_dir: &str,
    index: &mut String,
) -> Result<(), Box<dyn Error>> {
    let output = pbx_soap_codegen::generate(std::slice::from_ref(&file.to_path_buf()), root, settings)?;
    if !output.ir.warnings.is_empty() {
        return Err(format!("{}: {:?}", file.display(), output.ir.warnings).into());
    }
    let path = Path::new(out_dir).join(format!("xsd_{module}.rs"));
    std::fs::write(&path, output.code)?;
    writeln!(index, "#[path = {:?}]\npub mod {module};", path.display().to_string())?;
    Ok(())
}
