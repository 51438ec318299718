//! WSDL 1.1 + XML Schema -> typed async Rust SOAP clients for the `pbx-soap`
//! runtime.
//!
//! # Use
//!
//! In a crate's `build.rs` (with `pbx-soap-codegen` under
//! `[build-dependencies]` and `pbx-soap` under `[dependencies]`), see
//! [`Builder`]:
//!
//! ```no_run
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     pbx_soap_codegen::Builder::new().wsdl("wsdl/pbx.wsdl").generate()?;
//!     Ok(())
//! }
//! ```
//!
//! then `pub mod pbx { include!(concat!(env!("OUT_DIR"), "/pbx.rs")); }`
//! in the crate. The `pbx-soap` command (crate `pbx-soap-cli`) does the
//! same from a shell (`pbx-soap gen`), prints what a WSDL offers
//! (`pbx-soap inspect`) and what changed between two versions of one
//! (`pbx-soap diff`, see [`diff`]). As a library:
//!
//! ```no_run
//! # fn main() -> Result<(), pbx_soap_codegen::Error> {
//! use std::path::{Path, PathBuf};
//!
//! let as_given = Path::new(""); // show file paths as given
//! let old = pbx_soap_codegen::load(&[PathBuf::from("pbx10_00.wsdl")], as_given)?;
//! let new = pbx_soap_codegen::load(&[PathBuf::from("pbx11_00.wsdl")], as_given)?;
//! let changes = pbx_soap_codegen::diff::diff(&old, &new);
//! print!("{}", changes.render());
//! let module = pbx_soap_codegen::generate(&[PathBuf::from("pbx11_00.wsdl")], as_given, &Default::default())?;
//! std::fs::write("src/pbx.rs", module.code).ok();
//! # Ok(())
//! # }
//! ```
//!
//! Optional output: serde derives on every type ([`Settings::serde`],
//! [`Builder::serde`], needing `pbx-soap`'s `serde` feature) and typed
//! dates and times ([`Settings::dates`], [`Dates::Jiff`], needing its
//! `jiff` feature).
//!
//! # Pipeline
//!
//! The pipeline runs in named stages, each in its own module:
//!
//! 1. [`parse`]: read WSDL files (and the schemas they embed, import or
//!    include) with xmltree into [`model`], a mirror of the documents with
//!    every QName resolved against the in-scope namespaces.
//! 2. [`lower`]: turn one or more models into the [`ir`] — types keyed by
//!    stable ids, identical duplicate definitions merged, recursive
//!    references boxed, operations bound to their body elements.
//! 3. [`naming`]: assign every Rust identifier, unique per scope; then,
//!    when [`Settings::operations`] names some, [`subset`] keeps only those
//!    operations and the types they reach (after naming, so every kept
//!    name is the whole module's).
//! 4. [`emit`]: produce a `TokenStream` with quote, rendered once by
//!    prettyplease with the `@generated` header.
//!
//! [`generate`] runs all four; [`load`] runs the first three for tools that
//! only read the IR: [`inspect`] (a summary of a WSDL) and [`diff`] (the
//! API changes between two versions of a WSDL, breaking or compatible).
//! [`Builder`] is the entry point for a crate's `build.rs`.

// Stage modules name their private submodules for the generator's own
// developers (`cargo doc --document-private-items` links them).
#![allow(rustdoc::private_intra_doc_links)]

mod builder;
pub mod diff;
pub use emit::SECRET_WORDS;
pub mod emit;
pub mod error;
pub mod inspect;
pub mod ir;
pub mod lower;
pub mod model;
pub mod naming;
pub mod parse;
pub mod project;
pub mod subset;
pub mod warnings;

use std::path::{Path, PathBuf};

pub use builder::{Builder, Generated};
pub use error::Error;

/// Generator settings. New settings arrive as new fields with a default,
/// so build from [`Settings::default`] (`Settings { docs: false,
/// ..Settings::default() }`) and change what you need.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Copy `wsdl:documentation`/`xsd:documentation` into doc comments.
    pub docs: bool,
    /// Path of the runtime crate as seen from the generated module. The
    /// bindings crate itself uses `::pbx_soap` too (it declares
    /// `extern crate self as pbx_soap`), so one output works inside and
    /// outside it.
    pub runtime: String,
    /// Write the module documentation as inner doc attributes (`//!`).
    /// Off for code that is `include!`d into a `mod` block, where inner
    /// attributes are not allowed: the text then goes into the header
    /// comment.
    pub inner_doc: bool,
    /// How to regenerate the module, said in its header comment (`None`
    /// says nothing).
    pub regenerate_with: Option<String>,
    /// Accept known vendor defects with a warning each (off by default);
    /// see [`lower::LowerOptions::lenient`].
    pub lenient: bool,
    /// Where imports and includes may be read from (the WSDL's folder and
    /// the schema folders, which also hold local copies of documents
    /// imported by http(s) URL), and the size limit of every document read.
    /// The generator never fetches anything.
    pub sources: parse::Sources,
    /// Generate every type and element the schemas declare, not only those
    /// the operations reach (to use schema types on their own); see
    /// [`lower::LowerOptions::all_types`].
    pub all_types: bool,
    /// Which sides of each port to generate (default: the client).
    pub sides: Sides,
    /// A cargo feature of the crate the module lands in that gates the
    /// server side (`#[cfg(feature = "...")]`), as the bindings crate's
    /// vendor modules do with `server`; `None` emits it unconditionally.
    pub server_feature: Option<String>,
    /// Whether an `rt::Sample` impl per type and a `visit_types` function
    /// listing the module's types are emitted, for property tests (the
    /// runtime needs its `sample` feature), and under which cargo feature.
    pub samples: Gate,
    /// Whether every generated type implements serde's `Serialize` and
    /// `Deserialize` (through the runtime's `rt::serde` re-export, so the
    /// crate needs no serde dependency of its own), and under which cargo
    /// feature. The runtime needs its `serde` feature for them.
    pub serde: Gate,
    /// Serialize fields that look like secrets (`password`, `pin`,
    /// `secret`... see the `derives` emitter) too. Off by default: they are
    /// left out of serialized output (deserializing still reads them).
    pub serde_secrets: bool,
    /// More words that make a text field a secret (`Debug` shows it as
    /// `"<redacted>"`, JSON leaves it out), beside the built-in
    /// [`SECRET_WORDS`] (`password`, `pin`, `secret`...): whole words of the field's snake_case Rust name (`key`
    /// matches `api_key` and `shared_key`, not `keyboard`), plurals
    /// included, any case.
    pub secret_words: Vec<String>,
    /// What `xsd:dateTime`, `date`, `time` and `duration` map to.
    pub dates: Dates,
    /// What the string-valued built-ins (`xsd:string` and its derived
    /// types, `anyURI`, `QName`, `decimal`, dates in their lexical form...)
    /// map to.
    pub strings: Strings,
    /// Generate only these operations (empty: all): WSDL operation names,
    /// each kept in every port that binds it, or `port/operation` for one
    /// port; then only the types they reach (unless [`Settings::all_types`]).
    /// A name that matches nothing is an error listing the near names. The
    /// kept names are the whole module's; see [`subset`].
    pub operations: Vec<String>,
}

/// Whether optional trait implementations are generated: not at all,
/// always, or behind `#[cfg(feature = "...")]`, a cargo feature of the
/// crate the module lands in (as the bindings crate does with `serde` and
/// `sample`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Gate {
    #[default]
    Off,
    Always,
    Feature(String),
}

/// The Rust types of `xsd:dateTime`, `date`, `time` and `duration`.
///
/// Chosen when the module is generated, not by a cargo feature of the
/// runtime: a feature that changed field types would break every other
/// crate in the build that uses the same module with strings (cargo
/// features must be additive). The runtime's `jiff` feature only adds the
/// typed values; the vendor modules of the bindings crate keep strings,
/// which convert with `str::parse`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dates {
    /// `String`, in the lexical form as sent: nothing is reinterpreted.
    #[default]
    Lexical,
    /// `rt::xsd::{DateTime, Date, Time, Duration}` on the jiff crate; the
    /// runtime needs its `jiff` feature.
    Jiff,
}

/// The Rust type of string-valued XML Schema built-ins.
///
/// Chosen when the module is generated, for the reason given at [`Dates`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Strings {
    /// `String`: one heap block per value.
    #[default]
    Std,
    /// `rt::CompactString` (the compact_str crate): a text of up to 24
    /// bytes is held inside the value, so decoding it allocates nothing and
    /// the decoded value is smaller; longer texts go to the heap. Reads as a
    /// `&str` and converts with `into()`. The runtime needs its
    /// `compact-str` feature.
    Compact,
}

/// Which sides of each port [`generate`] emits. The types, header block
/// structs and fault enums serve both and are always emitted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sides {
    /// A client struct per port.
    #[default]
    Client,
    /// A trait per port for a service to implement, served by the
    /// runtime's `rt::server` (cargo feature `server` of `pbx-soap`).
    Server,
    /// Both.
    Both,
}

impl Sides {
    pub fn client(self) -> bool {
        matches!(self, Sides::Client | Sides::Both)
    }

    pub fn server(self) -> bool {
        matches!(self, Sides::Server | Sides::Both)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            docs: true,
            runtime: "::pbx_soap".to_owned(),
            inner_doc: true,
            regenerate_with: Some("`cargo xtask regen`".to_owned()),
            lenient: false,
            sources: parse::Sources::default(),
            all_types: false,
            sides: Sides::Client,
            server_feature: None,
            samples: Gate::Off,
            serde: Gate::Off,
            serde_secrets: false,
            secret_words: Vec::new(),
            dates: Dates::Lexical,
            strings: Strings::Std,
            operations: Vec::new(),
        }
    }
}

/// The generated module and the IR it came from (for statistics).
#[derive(Debug, Clone)]
pub struct Output {
    pub code: String,
    pub ir: ir::Ir,
    /// Every file read (the WSDL files, then what they import or include),
    /// named as in the output; a build script watches them.
    pub inputs: Vec<String>,
}

/// Parses and lowers `files` into a named IR.
///
/// `display_root` is stripped from file paths where they appear in output
/// (the `@generated` header, errors), so output does not depend on where the
/// checkout lives.
///
/// An empty `display_root` (or `/`) keeps paths as the user gave them.
pub fn load(files: &[PathBuf], display_root: &Path) -> Result<ir::Ir, Error> {
    load_with(files, display_root, &Settings::default())
}

/// [`load`] with the parse and lowering settings of `settings`.
pub fn load_with(files: &[PathBuf], display_root: &Path, settings: &Settings) -> Result<ir::Ir, Error> {
    on_big_stack(|| load_inputs(files, display_root, settings).map(|(ir, _)| ir))
}

/// [`load_with`], also returning every file read.
fn load_inputs(
    files: &[PathBuf],
    display_root: &Path,
    settings: &Settings,
) -> Result<(ir::Ir, Vec<String>), Error> {
    let mut docs = Vec::with_capacity(files.len());
    for file in files {
        docs.push(parse::parse_file_with(file, display_root, &settings.sources)?);
    }
    let mut inputs = Vec::new();
    for doc in &docs {
        files_read(doc, &mut inputs);
    }
    let mut ir = lower::lower_with(
        &docs,
        lower::LowerOptions { lenient: settings.lenient, all_types: settings.all_types },
    )?;
    naming::assign(&mut ir)?;
    subset::keep_operations(&mut ir, &settings.operations, settings.all_types)?;
    Ok((ir, inputs))
}

/// The files a parsed document came from, each once, in reading order.
fn files_read(doc: &model::Definitions, out: &mut Vec<String>) {
    let files = std::iter::once(&doc.file).chain(doc.schemas.iter().map(|s| &s.file));
    for file in files {
        if !out.contains(file) {
            out.push(file.clone());
        }
    }
    for import in &doc.imports {
        files_read(import, out);
    }
}

/// Runs the whole pipeline over `files` and renders one Rust module.
pub fn generate(files: &[PathBuf], display_root: &Path, settings: &Settings) -> Result<Output, Error> {
    on_big_stack(|| {
        let (mut ir, inputs) = load_inputs(files, display_root, settings)?;
        if settings.sides.server() {
            ir.documents = port_documents(&ir, display_root)?;
        }
        let code = emit::render(&ir, settings)?;
        Ok(Output { code, ir, inputs })
    })
}

/// Stack for the pipeline's thread. Parsing, lowering and emitting recurse
/// once per level of schema nesting; documents are bounded to
/// [`parse::MAX_XML_DEPTH`] levels, and this is enough for that bound in a
/// debug build whatever stack the caller's thread has (a test thread has
/// 2 MiB). Only touched pages cost memory.
const PIPELINE_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `f` on a scoped thread with [`PIPELINE_STACK_BYTES`] of stack.
fn on_big_stack<T: Send>(f: impl FnOnce() -> Result<T, Error> + Send) -> Result<T, Error> {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("pbx-soap-codegen".to_owned())
            .stack_size(PIPELINE_STACK_BYTES)
            .spawn_scoped(scope, f)
            .map_err(|source| Error::Io { path: PathBuf::from("(generator thread)"), source })?;
        spawned.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The text of every document a port comes from, which the server side
/// serves at `?wsdl`, by its name in the IR (relative to `display_root`, or
/// as given).
fn port_documents(
    ir: &ir::Ir,
    display_root: &Path,
) -> Result<std::collections::BTreeMap<String, String>, Error> {
    let mut out = std::collections::BTreeMap::new();
    for client in &ir.clients {
        let name = &client.server.source;
        if name.is_empty() || out.contains_key(name) {
            continue;
        }
        let under_root = display_root.join(name);
        let path = if under_root.is_file() { under_root } else { PathBuf::from(name) };
        let text =
            std::fs::read_to_string(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
        out.insert(name.clone(), text);
    }
    Ok(out)
}
