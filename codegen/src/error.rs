//! Errors of every generator stage. Each names what it could: the file, the
//! QName, and the construct.

use std::path::PathBuf;

/// A generator failure. Unsupported but skippable constructs are not errors:
/// they become `Ir::warnings`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },

    /// An import or include that may not be read: outside the allowed
    /// folders, not a regular file, or missing. Names the location only.
    #[error("{file}: cannot import `{location}` ({at}): {why}")]
    Import { file: String, location: String, at: String, why: String },

    #[error("{file}: not well-formed XML: {message}")]
    Xml { file: String, message: String },

    #[error("{file}: {message}")]
    Invalid { file: String, message: String },

    #[error("{file}: unknown namespace prefix `{prefix}` in `{value}`")]
    UnknownPrefix { file: String, prefix: String, value: String },

    #[error("{file}: unresolved reference to {kind} {qname} from {from}")]
    UnresolvedRef { file: String, kind: &'static str, qname: String, from: String },

    #[error("{file}: unsupported {construct} at {at}")]
    Unsupported { file: String, construct: String, at: String },

    #[error("conflicting definitions of {kind} {qname}: {first} and {second} differ")]
    Conflict { kind: &'static str, qname: String, first: String, second: String },

    /// A vendor defect the lenient setting accepts with a warning.
    #[error(
        "{file}: {message} (the lenient setting accepts this with a warning: `Settings::lenient`, `cargo xtask gen --lenient`)"
    )]
    Lenient { file: String, message: String },

    #[error("name collision: {what}")]
    Naming { what: String },

    /// Names of [`crate::Settings::operations`] that match no operation,
    /// each with the near names the WSDL has.
    #[error("{}", crate::subset::unknown_message(.unknown, *.available))]
    UnknownOperations { unknown: Vec<(String, Vec<String>)>, available: usize },

    /// A [`crate::Builder`] set-up problem (no WSDL, no `OUT_DIR`, a bad
    /// module name, warnings denied).
    #[error("pbx-soap-codegen build: {message}")]
    Build { message: String },

    #[error("generated code does not parse ({message}); this is a generator bug")]
    Emit { message: String },
}
