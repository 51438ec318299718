//! The real-WSDL corpus: every case generates (and, through the crate's
//! library, compiles with warnings denied), except the ones listed in
//! [`NOT_YET`] with the construct that stops them. The list must shrink:
//! a listed case that starts to generate fails this test until it is taken
//! off the list, and an unlisted case that fails names its error.

#![allow(clippy::panic)]

use pbx_soap_corpus::OUTCOMES;

/// Cases that do not generate yet, with the construct that stops each.
const NOT_YET: &[(&str, &str)] = &[
    ("cisco-logcollectionporttypeservice", "body element of a simple type"),
    ("gs1-epcis", "body element of a simple type"),
    ("jira-soap-v2", "two-dimensional SOAP-ENC array"),
    ("zeep-hello-recursive", "body element of a simple type"),
];

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

#[test]
fn generation_reports_are_printed() {
    for o in OUTCOMES {
        let state = o.error.map_or_else(|| "ok".to_owned(), |e| format!("error: {e}"));
        println!(
            "{:40} {:>7} lines {:>5} ms {:>4} warnings  {state}",
            o.case,
            o.lines,
            o.millis,
            o.warnings.len()
        );
    }
}
