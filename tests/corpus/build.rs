//! Generates every case of the WSDL corpus (`../shared/wsdl-corpus/`,
//! beside the checkout; its `SOURCES.md` table names each case's entry
//! WSDL) into `OUT_DIR`, client and server side, so `src/lib.rs` compiles
//! each generated module with warnings denied. A case that does not generate is recorded, not fatal:
//! `tests/corpus.rs` compares the outcome with what is expected of it.
//! The subsets of `cases::SUBSETS` (some operations of a case) are
//! generated and compiled the same way.

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

    let mut out = Out { dir: out_dir.clone(), modules: String::new(), outcomes: String::from("&[\n") };
    let cases = cases::read(&corpus)?;
    for case in &cases {
        out.generate(&corpus, case, &case.name, &case.module, &[])?;
    }
    // The subsets: the same settings, some operations only.
    for subset in cases::SUBSETS {
        let case = cases
            .iter()
            .find(|c| c.name == subset.case)
            .ok_or_else(|| format!("subset of {}: no such case in the corpus", subset.case))?;
        out.generate(&corpus, case, &cases::subset_label(subset), subset.module, subset.operations)?;
    }
    let Out { modules, mut outcomes, .. } = out;
    outcomes.push(']');
    std::fs::write(out_dir.join("modules.rs"), modules)?;
    std::fs::write(out_dir.join("outcomes.rs"), outcomes)?;
    Ok(())
}

/// The generated modules and the outcomes so far.
struct Out {
    dir: PathBuf,
    /// `mod` items for `src/lib.rs`.
    modules: String,
    /// `Outcome` literals for `OUTCOMES`.
    outcomes: String,
}

impl Out {
    /// Generates `case` (only `operations`, when there are any) as
    /// `module`, reported as `label`.
    fn generate(
        &mut self,
        corpus: &std::path::Path,
        case: &cases::Case,
        label: &str,
        module: &str,
        operations: &[&str],
    ) -> Result<(), Box<dyn Error>> {
        let entry = corpus.join(&case.entry);
        let started = std::time::Instant::now();
        // A case's schemas may sit beside its WSDL's folder (ONVIF's
        // ver10/schema): the case folder is named as a schema folder.
        let mut settings = pbx_soap_codegen::Settings {
            lenient: cases::LENIENT.contains(&case.name.as_str()),
            sides: pbx_soap_codegen::Sides::Both,
            operations: operations.iter().map(|o| (*o).to_owned()).collect(),
            ..pbx_soap_codegen::Settings::default()
        };
        settings.sources.schema_dirs.push(corpus.join(&case.name));
        let result = pbx_soap_codegen::generate(std::slice::from_ref(&entry), corpus, &settings);
        let millis = started.elapsed().as_millis();
        match result {
            Ok(output) => {
                let path = self.dir.join(format!("{module}.rs"));
                std::fs::write(&path, &output.code)?;
                writeln!(self.modules, "#[path = {:?}]\npub mod {module};", path.display().to_string())?;
                let lines = output.code.lines().count();
                writeln!(
                    self.outcomes,
                    "    Outcome {{ case: {label:?}, error: None, warnings: &{:?}, lines: {lines}, millis: {millis} }},",
                    output.ir.warnings
                )?;
            }
            Err(e) => writeln!(
                self.outcomes,
                "    Outcome {{ case: {label:?}, error: Some({:?}), warnings: &[], lines: 0, millis: {millis} }},",
                e.to_string()
            )?,
        }
        Ok(())
    }
}
