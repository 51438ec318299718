//! The real-WSDL corpus: every case generates (and, through the crate's
//! library, compiles with warnings denied), except the ones listed in
//! [`NOT_YET`] with the construct that stops them. The list must shrink:
//! a listed case that starts to generate fails this test until it is taken
//! off the list, and an unlisted case that fails names its error. No case
//! may leave out anything its schemas declare.

#![allow(clippy::panic)]

use pbx_soap_codegen::warnings::{WarningClass, classify, count_by_class};
use pbx_soap_corpus::OUTCOMES;

/// Cases that do not generate yet, with the construct that stops each.
const NOT_YET: &[(&str, &str)] = &[];

#[test]
fn every_corpus_case_generates_except_the_listed_ones() {
    assert!(!OUTCOMES.is_empty(), "the corpus lists no case");
    let mut wrong = Vec::new();
    for outcome in OUTCOMES {
        let listed = NOT_YET.iter().find(|(case, _)| *case == outcome.case);
        match (outcome.error, listed) {
            (None, None) | (Some(_), Some(_)) => {}
            (Some(error), None) => wrong.push(format!("{}: does not generate: {error}", outcome.case)),
            (None, Some(_)) => wrong.push(format!("{}: generates now; take it off NOT_YET", outcome.case)),
        }
    }
    for (case, _) in NOT_YET {
        if !OUTCOMES.iter().any(|o| o.case == *case) {
            wrong.push(format!("{case}: listed in NOT_YET but not in the corpus"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Nothing any schema of the corpus declares is left out of the generated
/// code: no case has a warning of that class.
#[test]
fn no_case_drops_schema_content() {
    let mut dropped = Vec::new();
    for o in OUTCOMES {
        for w in o.warnings.iter().filter(|w| classify(w) == WarningClass::SchemaDropped) {
            dropped.push(format!("{}: {w}", o.case));
        }
    }
    assert!(dropped.is_empty(), "schema content dropped:\n{}", dropped.join("\n"));
}

/// Beyond what the operations reach, every type and element every schema
/// of the corpus declares generates, again without dropping anything.
/// Compiling all of them would take minutes; rendering parses the code
/// with syn.
#[test]
fn every_schema_type_of_every_case_generates() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = pbx_soap_corpus::cases::corpus_dir(&root);
    let mut wrong = Vec::new();
    for case in pbx_soap_corpus::cases::read(&corpus).unwrap_or_else(|e| panic!("{e}")) {
        if NOT_YET.iter().any(|(name, _)| *name == case.name) {
            continue;
        }
        let lenient = pbx_soap_corpus::cases::LENIENT.contains(&case.name.as_str());
        let mut settings =
            pbx_soap_codegen::Settings { all_types: true, docs: false, lenient, ..Default::default() };
        // As the build script does: the case folder is a schema folder.
        settings.sources.schema_dirs.push(corpus.join(&case.name));
        match pbx_soap_codegen::generate(&[corpus.join(&case.entry)], &corpus, &settings) {
            Ok(out) => {
                let dropped = out.ir.warnings.iter().filter(|w| classify(w) == WarningClass::SchemaDropped);
                wrong.extend(dropped.map(|w| format!("{}: {w}", case.name)));
            }
            Err(e) => wrong.push(format!("{}: {e}", case.name)),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn generation_reports_are_printed() {
    for o in OUTCOMES {
        let state = o.error.map_or_else(|| "ok".to_owned(), |e| format!("error: {e}"));
        let classes: Vec<String> = count_by_class(o.warnings.iter().copied())
            .iter()
            .map(|(class, n)| format!("{n} {}", class.label()))
            .collect();
        println!(
            "{:40} {:>7} lines {:>5} ms  warnings: {}  {state}",
            o.case,
            o.lines,
            o.millis,
            classes.join(", ")
        );
    }
}
