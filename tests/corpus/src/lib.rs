//! Every case of the real-WSDL corpus (`../shared/wsdl-corpus/`), generated
//! by `build.rs` and compiled here with warnings denied. [`OUTCOMES`] says
//! how generation went for each case (error, warnings, size, time);
//! `tests/corpus.rs` checks it against what is expected.
#![deny(warnings)]

pub mod cases;

/// How generating one corpus case went.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub case: &'static str,
    /// The generator's error, if the case did not generate.
    pub error: Option<&'static str>,
    /// The generator's warnings.
    pub warnings: &'static [&'static str],
    /// Lines of generated code.
    pub lines: usize,
    /// Generation time (debug build of the generator) in milliseconds.
    pub millis: u128,
}

/// One entry per corpus case, in `SOURCES.md` order.
pub const OUTCOMES: &[Outcome] = include!(concat!(env!("OUT_DIR"), "/outcomes.rs"));

/// The generated modules, one per case that generated.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/modules.rs"));
}
