//! WSDL 1.1 + XML Schema -> typed async Rust SOAP clients for the `pbx-soap`
//! runtime.
//!
//! The pipeline runs in named stages, each in its own module:
//!
//! 1. [`parse`]: read WSDL files (and the schemas they embed, import or
//!    include) with xmltree into [`model`], a mirror of the documents with
//!    every QName resolved against the in-scope namespaces.
//! 2. [`lower`]: turn one or more models into the [`ir`] — types keyed by
//!    stable ids, identical duplicate definitions merged, recursive
//!    references boxed, operations bound to their body elements.
//! 3. [`naming`]: assign every Rust identifier, unique per scope.
//! 4. [`emit`]: produce a `TokenStream` with quote, rendered once by
//!    prettyplease with the `@generated` header.
//!
//! [`generate`] runs all four; [`load`] runs the first two for tools that
//! only inspect.

pub mod emit;
pub mod error;
pub mod ir;
pub mod lower;
pub mod model;
pub mod naming;
pub mod parse;
pub mod project;
pub mod warnings;

use std::path::{Path, PathBuf};

pub use error::Error;

/// Generator settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Copy `wsdl:documentation`/`xsd:documentation` into doc comments.
    pub docs: bool,
    /// Path of the runtime crate as seen from the generated module. The
    /// bindings crate itself uses `::pbx_soap` too (it declares
    /// `extern crate self as pbx_soap`), so one output works inside and
    /// outside it.
    pub runtime: String,
    /// Generate every type and element the schemas declare, not only those
    /// the operations reach (for a WSDL without services, or to use schema
    /// types on their own).
    pub all_types: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { docs: true, runtime: "::pbx_soap".to_owned(), all_types: false }
    }
}

/// The generated module and the IR it came from (for statistics).
#[derive(Debug, Clone)]
pub struct Output {
    pub code: String,
    pub ir: ir::Ir,
}

/// Parses and lowers `files` into a named IR.
///
/// `display_root` is stripped from file paths where they appear in output
/// (the `@generated` header, errors), so output does not depend on where the
/// checkout lives.
pub fn load(files: &[PathBuf], display_root: &Path) -> Result<ir::Ir, Error> {
    load_with(files, display_root, false)
}

/// [`load`], with every schema type when `all_types` (see
/// [`Settings::all_types`]).
pub fn load_with(files: &[PathBuf], display_root: &Path, all_types: bool) -> Result<ir::Ir, Error> {
    let mut docs = Vec::with_capacity(files.len());
    for file in files {
        docs.push(parse::parse_file(file, display_root)?);
    }
    let mut ir = if all_types { lower::lower_all(&docs)? } else { lower::lower(&docs)? };
    naming::assign(&mut ir)?;
    Ok(ir)
}

/// Runs the whole pipeline over `files` and renders one Rust module.
pub fn generate(files: &[PathBuf], display_root: &Path, settings: &Settings) -> Result<Output, Error> {
    let ir = load_with(files, display_root, settings.all_types)?;
    let code = emit::render(&ir, settings)?;
    Ok(Output { code, ir })
}
