//! The entry point for a crate's `build.rs`: generate a module from WSDL
//! files into `OUT_DIR`, to be `include!`d, as code generators in the Rust
//! ecosystem do (prost-build, tonic-build).

use std::path::{Path, PathBuf};

use crate::{Dates, Error, Gate, Settings, Sides, Strings};

/// Generates a client module (or the server side, or both: see
/// [`Builder::sides`]) from WSDL files in a build script.
///
/// In `build.rs` (with `pbx-soap-codegen` under `[build-dependencies]`):
///
/// ```no_run
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     pbx_soap_codegen::Builder::new().wsdl("wsdl/directory.wsdl").generate()?;
///     Ok(())
/// }
/// ```
///
/// and in the crate (with `pbx-soap` under `[dependencies]`):
///
/// ```ignore
/// pub mod directory {
///     include!(concat!(env!("OUT_DIR"), "/directory.rs"));
/// }
/// ```
///
/// Paths are relative to the crate's root (a build script's working
/// directory) and appear in the generated header and in errors as given.
/// Cargo is told to run the script again when any file read changes (the
/// WSDL files and every schema or WSDL they import), and each generator
/// warning is shown as a cargo warning; [`Builder::deny_warnings`] makes
/// warnings fail the build.
///
/// Settings that later generator features bring (lenient parsing of broken
/// vendor WSDLs, a folder of schemas for http imports, server-side code)
/// arrive as further methods; existing calls keep their meaning.
#[derive(Debug, Clone)]
#[must_use]
pub struct Builder {
    wsdl: Vec<PathBuf>,
    module: Option<String>,
    out_dir: Option<PathBuf>,
    settings: Settings,
    deny_warnings: bool,
    cargo_instructions: bool,
}

/// What [`Builder::generate`] wrote.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Generated {
    /// The file written (`<out_dir>/<module>.rs`).
    pub path: PathBuf,
    /// The module (file) name.
    pub module: String,
    /// Every file read, as given (watched with `rerun-if-changed`).
    pub inputs: Vec<String>,
    /// The generator's warnings (constructs it could not model).
    pub warnings: Vec<String>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// A builder with no WSDL yet, documentation on, the `pbx_soap`
    /// runtime, output to `OUT_DIR`.
    pub fn new() -> Self {
        let settings = Settings {
            inner_doc: false,
            regenerate_with: Some(
                "`cargo build` (the crate's build.rs runs pbx_soap_codegen::Builder)".to_owned(),
            ),
            ..Settings::default()
        };
        Builder {
            wsdl: Vec::new(),
            module: None,
            out_dir: None,
            settings,
            deny_warnings: false,
            cargo_instructions: true,
        }
    }

    /// Adds a WSDL file. Several files make one module (as the services of
    /// one PBX that publishes a WSDL per service).
    pub fn wsdl(mut self, path: impl Into<PathBuf>) -> Self {
        self.wsdl.push(path.into());
        self
    }

    /// The output file's name without `.rs` (letters, digits and `_`).
    /// Default: the first WSDL file's stem, lower-cased, other characters
    /// replaced by `_` (`Pbx-10.wsdl` -> `pbx_10.rs`).
    pub fn module(mut self, name: impl Into<String>) -> Self {
        self.module = Some(name.into());
        self
    }

    /// Where to write (default: the `OUT_DIR` cargo gives build scripts).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Copy `wsdl:documentation`/`xsd:documentation` into doc comments
    /// (default: on).
    pub fn docs(mut self, on: bool) -> Self {
        self.settings.docs = on;
        self
    }

    /// The path of the runtime crate as the generated code names it
    /// (default `::pbx_soap`); for a crate that renames the dependency.
    pub fn runtime(mut self, path: impl Into<String>) -> Self {
        self.settings.runtime = path.into();
        self
    }

    /// Which sides of each port to generate (default: the client): with
    /// [`Sides::Server`] or [`Sides::Both`], a trait per port for a service
    /// to implement, served by `pbx_soap::rt::server` (the `pbx-soap`
    /// dependency then needs its `server` feature).
    pub fn sides(mut self, sides: Sides) -> Self {
        self.settings.sides = sides;
        self
    }

    /// Gates the server side behind `#[cfg(feature = "<feature>")]`, a
    /// feature of the crate the module is included in (which turns on
    /// `pbx-soap/server`), so the crate's users choose whether they compile
    /// it.
    pub fn server_feature(mut self, feature: impl Into<String>) -> Self {
        self.settings.server_feature = Some(feature.into());
        self
    }

    /// Emits an `rt::Sample` impl per type and a `visit_types` function
    /// listing the module's types, for property tests (the `pbx-soap`
    /// dependency then needs its `sample` feature); with `Some(feature)`,
    /// behind `#[cfg(feature = "<feature>")]` of the crate the module is
    /// included in.
    pub fn samples(mut self, feature: Option<&str>) -> Self {
        self.settings.samples = match feature {
            Some(feature) => crate::Gate::Feature(feature.to_owned()),
            None => crate::Gate::Always,
        };
        self
    }

    /// Derives serde's `Serialize`/`Deserialize` for every generated type:
    /// [`Gate::Feature`] puts them behind a feature of the crate the module
    /// is included in (which turns on `pbx-soap/serde`), [`Gate::Always`]
    /// emits them unconditionally (the `pbx-soap` dependency then needs
    /// its `serde` feature). The crate needs no serde dependency of its
    /// own: the derives name serde through `pbx_soap::rt::serde`. Fields
    /// that hold secrets are not serialized; see [`Builder::serde_secrets`].
    pub fn serde(mut self, gate: Gate) -> Self {
        self.settings.serde = gate;
        self
    }

    /// Serialize fields whose names say they hold a secret (`password`,
    /// `pin`, `secret`...) too; by default they are left out of serialized
    /// output and read as empty when absent.
    pub fn serde_secrets(mut self, on: bool) -> Self {
        self.settings.serde_secrets = on;
        self
    }

    /// More words that make a text field a secret, beside `password`,
    /// `pin`, `secret` and their kin (see [`Settings::secret_words`]): for
    /// a WSDL that names its secrets otherwise (`auth_code`, `api_key`,
    /// an SNMP `community`).
    ///
    /// ```no_run
    /// pbx_soap_codegen::Builder::new()
    ///     .wsdl("wsdl/my-pbx.wsdl")
    ///     .secret_words(["key", "community"])
    ///     .generate()?;
    /// # Ok::<(), pbx_soap_codegen::Error>(())
    /// ```
    pub fn secret_words<I, S>(mut self, words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.settings.secret_words.extend(words.into_iter().map(Into::into));
        self
    }

    /// What `xsd:dateTime`, `date`, `time` and `duration` become: strings
    /// in their lexical form (the default) or, with [`Dates::Jiff`], the
    /// typed values of `pbx_soap::rt::xsd` (the `pbx-soap` dependency then
    /// needs its `jiff` feature).
    pub fn dates(mut self, dates: Dates) -> Self {
        self.settings.dates = dates;
        self
    }

    /// What string-valued XML Schema types become: `String` (the default)
    /// or, with [`Strings::Compact`], `pbx_soap::rt::CompactString`, which
    /// holds short texts without a heap block (the `pbx-soap` dependency
    /// then needs its `compact-str` feature).
    pub fn strings(mut self, strings: Strings) -> Self {
        self.settings.strings = strings;
        self
    }

    /// Generates only these operations, and the types they reach (adds to
    /// the names of earlier calls): WSDL operation names, each kept in
    /// every port that binds it, or `port/operation` for one port. A name
    /// that matches no operation fails the build, naming the near ones.
    /// Every name the module keeps is the one the whole module has, so
    /// code keeps compiling when operations are added to the list. See
    /// [`crate::subset`].
    ///
    /// ```no_run
    /// pbx_soap_codegen::Builder::new()
    ///     .wsdl("wsdl/AXLAPI.wsdl")
    ///     .operations(["getPhone", "listPhone", "addLine"])
    ///     .generate()?;
    /// # Ok::<(), pbx_soap_codegen::Error>(())
    /// ```
    pub fn operations<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.settings.operations.extend(names.into_iter().map(Into::into));
        self
    }

    /// Fail instead of warning when the generator meets a construct it
    /// cannot model yet (default: warn).
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.deny_warnings = deny;
        self
    }

    /// Print `cargo:rerun-if-changed` and `cargo:warning` lines (default:
    /// on; off when running outside a build script, e.g. in a test).
    pub fn cargo_instructions(mut self, on: bool) -> Self {
        self.cargo_instructions = on;
        self
    }

    /// Generates the module and writes it (only when its content changed,
    /// so dependants are not rebuilt needlessly).
    pub fn generate(self) -> Result<Generated, Error> {
        let first = self.wsdl.first().ok_or_else(|| build_error("no WSDL file given (Builder::wsdl)"))?;
        let module = match &self.module {
            Some(name) => name.clone(),
            None => default_module(first),
        };
        if module.is_empty() || !module.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(build_error(&format!("module name {module:?}: use letters, digits and `_`")));
        }
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| {
                build_error("OUT_DIR is not set: call this from build.rs, or set Builder::out_dir")
            })?,
        };
        // Paths as given: relative ones are the crate's, the build script's
        // working directory, and stay so in the header and errors.
        let output = crate::generate(&self.wsdl, Path::new(""), &self.settings);
        if self.cargo_instructions {
            match &output {
                Ok(o) => o.inputs.iter().for_each(|file| println!("cargo:rerun-if-changed={file}")),
                // Watched when generation fails too, so fixing them reruns.
                Err(_) => self.wsdl.iter().for_each(|f| println!("cargo:rerun-if-changed={}", f.display())),
            }
        }
        let output = output?;
        if self.cargo_instructions {
            for warning in &output.ir.warnings {
                println!("cargo:warning={}", warning.replace(['\r', '\n'], " "));
            }
        }
        if self.deny_warnings && !output.ir.warnings.is_empty() {
            return Err(build_error(&format!(
                "{} generator warning(s), denied: {}",
                output.ir.warnings.len(),
                output.ir.warnings.join("; ")
            )));
        }
        let path = out_dir.join(format!("{module}.rs"));
        write_if_changed(&path, &output.code)?;
        Ok(Generated { path, module, inputs: output.inputs, warnings: output.ir.warnings })
    }
}

fn build_error(message: &str) -> Error {
    Error::Build { message: message.to_owned() }
}

fn default_module(wsdl: &Path) -> String {
    let stem = wsdl.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

fn write_if_changed(path: &Path, content: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    std::fs::write(path, content).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// A fresh folder under the system temp dir, removed when dropped.
    fn scratch(name: &str) -> tempfile::TempDir {
        tempfile::Builder::new().prefix(&format!("pbx-soap-builder-{name}-")).tempdir().unwrap()
    }

    #[test]
    fn writes_an_includable_module_and_lists_every_file_read() {
        let tmp = scratch("imports");
        let out = tmp.path();
        let wsdl = repo().join("codegen/tests/fixtures/imports/main.wsdl");
        let generated = Builder::new().wsdl(&wsdl).out_dir(out).cargo_instructions(false).generate().unwrap();
        assert_eq!(generated.module, "main");
        assert_eq!(generated.path, out.join("main.rs"));
        let code = std::fs::read_to_string(&generated.path).unwrap();
        assert!(code.starts_with("// @generated by pbx-soap-codegen from "), "{code}");
        assert!(code.contains("// Regenerate with `cargo build`"), "{code}");
        // include! refuses inner attributes: the module doc is a comment.
        assert!(!code.contains("//!") && !code.contains("#!["), "{code}");
        // The WSDL, the WSDL it imports and both schemas: each once.
        let mut names: Vec<&str> = generated.inputs.iter().filter_map(|f| f.rsplit('/').next()).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            ["common.xsd", "main.wsdl", "messages.wsdl", "types.xsd"],
            "{:?}",
            generated.inputs
        );
        for input in &generated.inputs {
            assert!(Path::new(input).is_file(), "{input} is not a path to the file read");
        }
    }

    #[test]
    fn the_server_side_comes_alone_with_the_client_or_behind_a_feature() {
        let tmp = scratch("sides");
        let out = tmp.path();
        let wsdl = repo().join("wsdl/brekeke/userimpl.wsdl");
        let code = |builder: Builder| {
            let generated = builder.wsdl(&wsdl).out_dir(out).cargo_instructions(false).generate().unwrap();
            std::fs::read_to_string(generated.path).unwrap()
        };
        let client = code(Builder::new());
        assert!(client.contains("pub struct UserImpl {") && !client.contains("pub trait UserImplServer"));
        let server = code(Builder::new().sides(Sides::Server));
        assert!(!server.contains("pub struct UserImpl {") && server.contains("pub trait UserImplServer"));
        assert!(!server.contains("#[cfg(feature"), "ungated unless asked");
        let both = code(Builder::new().sides(Sides::Both).server_feature("soap-server"));
        assert!(both.contains("pub struct UserImpl {") && both.contains("pub trait UserImplServer"));
        let gate = both.find("#[cfg(feature = \"soap-server\")]").expect("gated");
        assert!(gate < both.find("pub trait UserImplServer").unwrap_or(0), "the trait is gated");
        // The port's WSDL is built in, for `?wsdl`.
        assert!(both.contains("pub(super) const WSDL_0: &str = r#\"<?xml"), "no WSDL text");
    }

    #[test]
    fn samples_come_only_when_asked_and_behind_the_feature_given() {
        let tmp = scratch("samples");
        let out = tmp.path();
        let wsdl = repo().join("wsdl/brekeke/userimpl.wsdl");
        let code = |builder: Builder| {
            let generated = builder.wsdl(&wsdl).out_dir(out).cargo_instructions(false).generate().unwrap();
            std::fs::read_to_string(generated.path).unwrap()
        };
        let plain = code(Builder::new());
        assert!(!plain.contains("rt::Sample") && !plain.contains("fn visit_types"), "off by default");
        let ungated = code(Builder::new().samples(None));
        assert!(ungated.contains("impl ::pbx_soap::rt::Sample for CallControlRequest {"), "a struct's impl");
        assert!(ungated.contains("pub fn visit_types(") && !ungated.contains("#[cfg(feature"));
        let gated = code(Builder::new().samples(Some("props")));
        let impls = gated.matches("impl ::pbx_soap::rt::Sample for ").count();
        assert!(impls > 5, "{impls} impls");
        assert_eq!(
            gated.matches("#[cfg(feature = \"props\")]").count(),
            impls + 1,
            "each impl and visit_types gated"
        );
    }

    #[test]
    fn rewriting_the_same_code_keeps_the_file_untouched() {
        let tmp = scratch("unchanged");
        let out = tmp.path();
        let wsdl = repo().join("wsdl/brekeke/userimpl.wsdl");
        let build = || Builder::new().wsdl(&wsdl).out_dir(out).cargo_instructions(false).generate().unwrap();
        let first = build();
        let stamp = std::fs::metadata(&first.path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = build();
        assert_eq!(std::fs::metadata(&second.path).unwrap().modified().unwrap(), stamp);
    }

    #[test]
    fn settings_reach_the_code_and_bad_set_ups_are_clear_errors() {
        let tmp = scratch("settings");
        let out = tmp.path();
        let wsdl = repo().join("wsdl/brekeke/userimpl.wsdl");
        let generated = Builder::new()
            .wsdl(&wsdl)
            .module("pbx")
            .docs(false)
            .runtime("::my_soap")
            .out_dir(out)
            .cargo_instructions(false)
            .generate()
            .unwrap();
        let code = std::fs::read_to_string(out.join("pbx.rs")).unwrap();
        assert_eq!(generated.path, out.join("pbx.rs"));
        assert!(
            code.contains("::my_soap::rt::") && !code.contains("::pbx_soap::"),
            "runtime path not applied"
        );
        assert!(!code.contains("caller-user"), "WSDL documentation was not switched off");
        let documented =
            Builder::new().wsdl(&wsdl).out_dir(out).cargo_instructions(false).generate().unwrap();
        let code = std::fs::read_to_string(documented.path).unwrap();
        assert!(code.contains("/// The PBX user who places the call (caller-user)."), "docs on by default");
        // The module documentation is in the header comment.
        assert!(code.contains("\n// Brekeke PBX Web Service (UserImpl): click-to-call"), "{}", &code[..600]);

        let err = Builder::new().out_dir(out).generate().unwrap_err();
        assert!(err.to_string().contains("no WSDL file"), "{err}");
        let err = Builder::new().wsdl(&wsdl).module("../x").out_dir(out).generate().unwrap_err();
        assert!(err.to_string().contains("module name"), "{err}");
        let missing = Builder::new().wsdl("no/such.wsdl").out_dir(out).cargo_instructions(false).generate();
        let err = missing.unwrap_err().to_string();
        assert!(err.contains("no/such.wsdl"), "the path is shown as given: {err}");
        assert_eq!(default_module(Path::new("dir/Pbx-10.00.wsdl")), "pbx_10_00");
    }

    #[test]
    fn operations_keep_only_those_named_and_an_unknown_one_fails_the_build() {
        let tmp = scratch("operations");
        let out = tmp.path();
        let wsdl = repo().join("wsdl/brekeke/userimpl.wsdl");
        let generated = Builder::new()
            .wsdl(&wsdl)
            .operations(["callControl"])
            .operations(vec!["createUser".to_owned()])
            .out_dir(out)
            .cargo_instructions(false)
            .generate()
            .unwrap();
        let code = std::fs::read_to_string(generated.path).unwrap();
        // Both overloads of createUser, under their whole-module names.
        let methods: Vec<&str> = code
            .lines()
            .zip(code.lines().skip(1))
            // An operation's method: `#[inline]` then `pub fn`.
            .filter(|(attr, _)| attr.trim() == "#[inline]")
            .filter_map(|(_, l)| l.trim().strip_prefix("pub fn ")?.split('(').next())
            .collect();
        assert_eq!(methods, ["call_control", "create_user", "create_user2"], "{code}");
        assert!(code.contains("// Generated for 3 of the WSDL's "), "{}", &code[..800]);
        let err = Builder::new()
            .wsdl(&wsdl)
            .operations(["deleteUsers"])
            .out_dir(out)
            .cargo_instructions(false)
            .generate()
            .unwrap_err();
        assert!(matches!(err, Error::UnknownOperations { .. }), "{err}");
        assert!(err.to_string().contains("`deleteUsers`: did you mean `deleteUser`?"), "{err}");
    }

    #[test]
    fn serde_derives_and_typed_dates_are_opt_in() {
        let tmp = scratch("serde");
        let out = tmp.path();
        let wsdl = repo().join("tests/xsd/builtins.wsdl");
        let code = |b: Builder| {
            let g = b.wsdl(&wsdl).out_dir(out).cargo_instructions(false).generate().unwrap();
            std::fs::read_to_string(g.path).unwrap()
        };
        let plain = code(Builder::new());
        assert!(!plain.contains("rt::serde") && !plain.contains("rt::xsd::"), "off by default");
        let gated = code(Builder::new().serde(Gate::Feature("json".into())));
        assert!(gated.contains(
            "#[cfg_attr(\n    feature = \"json\",\n    derive(::pbx_soap::rt::serde::Serialize, ::pbx_soap::rt::serde::Deserialize),\n    serde(crate = \"::pbx_soap::rt::serde\")\n)]"
        ), "{gated}");
        let always = code(Builder::new().serde(Gate::Always).runtime("::my_soap"));
        assert!(
            always.contains("#[serde(crate = \"::my_soap::rt::serde\")]")
                && !always.contains("cfg_attr(feature")
                && !always.contains("cfg_attr(\n    feature")
        );
        let typed = code(Builder::new().dates(Dates::Jiff));
        assert!(
            typed.contains("::pbx_soap::rt::xsd::DateTime")
                && typed.contains("::pbx_soap::rt::xsd::Duration")
        );
        assert!(!plain.contains("CompactString"), "String by default");
        let compact = code(Builder::new().strings(Strings::Compact).dates(Dates::Jiff));
        assert!(compact.contains("pub string: ::pbx_soap::rt::CompactString,"), "{compact}");
        assert!(compact.contains("pub any_uri: ::pbx_soap::rt::CompactString,"), "{compact}");
        assert!(compact.contains("::pbx_soap::rt::xsd::DateTime"), "typed dates stay typed");
    }
}
