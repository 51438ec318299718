//! Typed async SOAP clients for PBX APIs, on a small SOAP 1.1 and 1.2 runtime.
//!
//! - [`rt`]: the hand-written runtime the generated code calls through one
//!   path (`::pbx_soap::rt`): envelopes, streaming XML encode/decode on
//!   quick-xml, typed faults, HTTP via reqwest, authentication.
//! - One module per vendor, generated from `wsdl/<vendor>/` by
//!   `cargo xtask regen` and checked in, each behind a cargo feature.

// Generated code names the runtime by its absolute path `::pbx_soap::rt`, so
// the same output compiles inside this crate and in a user's crate.
extern crate self as pbx_soap;

pub mod rt;

#[cfg(feature = "brekeke")]
pub mod brekeke;
#[cfg(feature = "innovaphone")]
pub mod innovaphone;
#[cfg(feature = "monema")]
pub mod monema;
#[cfg(feature = "sipxconfig")]
pub mod sipxconfig;

/// The README's Rust examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
