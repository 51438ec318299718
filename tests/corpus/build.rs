//! Generates every case of the WSDL corpus (`../shared/wsdl-corpus/`,
//! beside the checkout; its `SOURCES.md` table names each case's entry
//! WSDL) into `OUT_DIR`, client and server side, so `src/lib.rs` compiles
//! each generated module with warnings denied. A case that does not generate is recorded, not fatal:
//! `tests/corpus.rs` compares the outcome with what is expected of it.

use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "src/cases.rs"]
mod cases;

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let root = manifest.join("../..");
    let corpus = cases::corpus_dir(&root);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    println!("cargo:rerun-if-changed={}", corpus.display());
    println!("cargo:rerun-if-changed={}", root.join("codegen/src").display());

    let mut modules = String::new();
    let mut outcomes = String::from("&[\n");
    for case in cases::read(&corpus)? {
        let entry = corpus.join(&case.entry);
        let started = std::time::Instant::now();
        // A case's schemas may sit beside its WSDL's folder (ONVIF's
        // ver10/schema): the case folder is named as a schema folder.
        let mut settings = pbx_soap_codegen::Settings {
            lenient: cases::LENIENT.contains(&case.name.as_str()),
            sides: pbx_soap_codegen::Sides::Both,
            ..pbx_soap_codegen::Settings::default()
        };
        settings.sources.schema_dirs.push(corpus.join(&case.name));
        let result = pbx_soap_codegen::generate(std::slice::from_ref(&entry), &corpus, &settings);
        let millis = started.elapsed().as_millis();
        match result {
            Ok(output) => {
                let path = out_dir.join(format!("{}.rs", case.module));
                std::fs::write(&path, &output.code)?;
                writeln!(modules, "#[path = {:?}]\npub mod {};", path.display().to_string(), case.module)?;
                let lines = output.code.lines().count();
                writeln!(
                    outcomes,
                    "    Outcome {{ case: {:?}, error: None, warnings: &{:?}, lines: {lines}, millis: {millis} }},",
                    case.name, output.ir.warnings
                )?;
            }
            Err(e) => writeln!(
                outcomes,
                "    Outcome {{ case: {:?}, error: Some({:?}), warnings: &[], lines: 0, millis: {millis} }},",
                case.name,
                e.to_string()
            )?,
        }
    }
    outcomes.push(']');
    std::fs::write(out_dir.join("modules.rs"), modules)?;
    std::fs::write(out_dir.join("outcomes.rs"), outcomes)?;
    Ok(())
}
