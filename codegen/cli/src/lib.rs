//! The `pbx-soap` command: generate a Rust client module (or the server
//! side, or both) from WSDL files,
//! summarise what a WSDL offers, and tell what changed between two
//! versions of one. A thin layer over `pbx-soap-codegen`; `cargo xtask gen`
//! and `cargo xtask inspect` call [`run`] too.
//!
//! Install it with `cargo install --path codegen/cli` from a checkout.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

/// Exit status: success (for `diff`: no breaking change).
pub const EXIT_OK: u8 = 0;
/// Exit status of `diff` when a change is breaking.
pub const EXIT_BREAKING: u8 = 1;
/// Exit status for errors: bad arguments, unreadable or unusable WSDL.
pub const EXIT_ERROR: u8 = 2;

const AFTER_HELP: &str = "\
Exit status: 0 on success (for `diff`: no breaking change), 1 when `diff` finds a breaking change, 2 on errors.

Examples:
  pbx-soap inspect pbx.wsdl
  pbx-soap gen pbx.wsdl --out src/pbx.rs
  pbx-soap gen pbx.wsdl --side both --out src/pbx.rs
  pbx-soap gen pbx.wsdl --serde=serde --dates jiff --out src/pbx.rs
  pbx-soap gen AXLAPI.wsdl --operation getPhone --operation listPhone --out src/axl.rs
  pbx-soap diff pbx10_00.wsdl pbx11_00.wsdl";

/// Generates typed async Rust SOAP clients (for the `pbx-soap` runtime)
/// from WSDL 1.1 files, summarises them, and compares two versions of one.
#[derive(Debug, Parser)]
#[command(name = "pbx-soap", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate one Rust module from WSDL files.
    ///
    /// The module needs the `pbx-soap` crate (its runtime) as a dependency.
    /// Constructs the generator cannot model yet are reported as warnings
    /// on standard error. In a crate's build.rs, use
    /// `pbx_soap_codegen::Builder` instead.
    Gen(GenArgs),
    /// Print the services, ports, operations and types of WSDL files, with
    /// the Rust names the generator gives them.
    Inspect {
        /// WSDL files (several make one module, as for `gen`).
        #[arg(required = true, value_name = "WSDL")]
        wsdl: Vec<PathBuf>,
        /// Show only this operation and the types it reaches, as `gen
        /// --operation` would generate them (repeatable).
        #[arg(long = "operation", value_name = "NAME", value_delimiter = ',')]
        operations: Vec<String>,
    },
    /// Print the API changes from OLD to NEW, each breaking or compatible.
    ///
    /// Breaking: a client built from OLD can fail against a service that
    /// implements NEW (an operation or a field it uses is gone or retyped,
    /// a parameter became required, a result may now be missing, a
    /// namespace, SOAPAction or binding style changed). Compatible:
    /// additions and relaxations, assuming clients skip response elements
    /// they do not know. The exit status is 1 when anything is breaking.
    Diff {
        /// The WSDL the client was built from.
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The WSDL the service has now.
        #[arg(value_name = "NEW")]
        new: PathBuf,
    },
}

#[derive(Debug, Args)]
struct GenArgs {
    /// WSDL files; several make one module (a PBX's services).
    #[arg(required = true, value_name = "WSDL")]
    wsdl: Vec<PathBuf>,
    /// Write the module to FILE (only if it changed) instead of standard
    /// output.
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Leave the WSDL's documentation out of the doc comments.
    #[arg(long)]
    no_docs: bool,
    /// The runtime crate's path as the generated code names it.
    #[arg(long, value_name = "PATH", default_value = "::pbx_soap")]
    runtime: String,
    /// Fail (exit status 2) when the generator warns about a construct it
    /// cannot model yet.
    #[arg(long)]
    deny_warnings: bool,
    /// Accept known vendor defects (binding input/output names that match
    /// nothing, unprefixed QNames) with a warning each.
    #[arg(long)]
    lenient: bool,
    /// A schema folder (repeatable): imports may resolve to files under it
    /// besides the WSDL's own folder, and documents the WSDL imports by
    /// http(s) URL are looked up in it. The generator never fetches anything.
    #[arg(long = "schemas", visible_alias = "schema-dir", value_name = "DIR")]
    schema_dirs: Vec<PathBuf>,
    /// Generate every type and element the schemas declare, not only those
    /// the operations reach.
    #[arg(long)]
    all_types: bool,
    /// What to generate for each port: a client struct, a trait for a
    /// service to implement (served by the runtime's `rt::server`, feature
    /// `server` of `pbx-soap`), or both.
    #[arg(long, value_enum, default_value = "client")]
    side: Side,
    /// Gate the server side behind `#[cfg(feature = "NAME")]`, a feature of
    /// the crate the module goes into.
    #[arg(long, value_name = "NAME")]
    server_feature: Option<String>,
    /// Emit an `rt::Sample` impl per type and a `visit_types` function
    /// listing the types, for property tests (feature `sample` of
    /// `pbx-soap`).
    #[arg(long)]
    samples: bool,
    /// Gate what `--samples` emits behind `#[cfg(feature = "NAME")]`, a
    /// feature of the crate the module goes into (implies `--samples`).
    #[arg(long, value_name = "NAME")]
    sample_feature: Option<String>,
    /// Derive serde's Serialize and Deserialize for every generated type:
    /// `--serde` always (pbx-soap needs its `serde` feature), `--serde=NAME`
    /// behind `#[cfg_attr(feature = "NAME", ...)]`, a feature of the crate
    /// the module goes into. Fields named like passwords are not serialized.
    #[arg(long, value_name = "FEATURE", num_args = 0..=1, require_equals = true, default_missing_value = "")]
    serde: Option<String>,
    /// With --serde: serialize fields named like passwords (password, pin,
    /// secret...) too.
    #[arg(long, requires = "serde")]
    serde_secrets: bool,
    /// What xsd:dateTime, date, time and duration become: strings in their
    /// lexical form, or the typed values of `pbx_soap::rt::xsd` on the jiff
    /// crate (pbx-soap needs its `jiff` feature).
    #[arg(long, value_enum, default_value = "lexical")]
    dates: DatesArg,
    /// What xsd:string and the other string-valued types become: `String`,
    /// or `pbx_soap::rt::CompactString`, which holds texts of up to 24
    /// bytes without a heap allocation (pbx-soap needs its `compact-str`
    /// feature).
    #[arg(long, value_enum, default_value = "std")]
    strings: StringsArg,
    /// Generate only this operation (repeatable, or comma-separated), and
    /// only the types the operations kept reach: a WSDL operation name,
    /// kept in every port that binds it, or PORT/NAME for one port. A name
    /// that matches nothing is an error listing the near names. The
    /// module's header lists what it holds.
    #[arg(long = "operation", value_name = "NAME", value_delimiter = ',')]
    operations: Vec<String>,
    /// One more word that makes a text field a secret (repeatable, or
    /// comma-separated): a whole word of the field's Rust name, as
    /// `password` and `pin` are. `Debug` shows such a field as
    /// "<redacted>", JSON leaves it out.
    #[arg(long = "secret-word", value_name = "WORD", value_delimiter = ',')]
    secret_words: Vec<String>,
}

/// `--dates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DatesArg {
    Lexical,
    Jiff,
}

impl From<DatesArg> for pbx_soap_codegen::Dates {
    fn from(d: DatesArg) -> Self {
        match d {
            DatesArg::Lexical => pbx_soap_codegen::Dates::Lexical,
            DatesArg::Jiff => pbx_soap_codegen::Dates::Jiff,
        }
    }
}

/// `--strings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StringsArg {
    Std,
    Compact,
}

impl From<StringsArg> for pbx_soap_codegen::Strings {
    fn from(s: StringsArg) -> Self {
        match s {
            StringsArg::Std => pbx_soap_codegen::Strings::Std,
            StringsArg::Compact => pbx_soap_codegen::Strings::Compact,
        }
    }
}

/// `--serde[=FEATURE]`.
fn serde_gate(arg: Option<&str>) -> pbx_soap_codegen::Gate {
    match arg {
        None => pbx_soap_codegen::Gate::Off,
        Some("") => pbx_soap_codegen::Gate::Always,
        Some(feature) => pbx_soap_codegen::Gate::Feature(feature.to_owned()),
    }
}

/// `--side`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Side {
    Client,
    Server,
    Both,
}

impl From<Side> for pbx_soap_codegen::Sides {
    fn from(side: Side) -> Self {
        match side {
            Side::Client => pbx_soap_codegen::Sides::Client,
            Side::Server => pbx_soap_codegen::Sides::Server,
            Side::Both => pbx_soap_codegen::Sides::Both,
        }
    }
}

/// Runs the command line `args` (the first is the program name), writing
/// results to `stdout` and messages to `stderr`; returns the exit status.
pub fn run<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            // --help and --version are successes, printed where asked.
            return if e.use_stderr() {
                let _ = write!(stderr, "{text}");
                EXIT_ERROR
            } else {
                let _ = write!(stdout, "{text}");
                EXIT_OK
            };
        }
    };
    let result = match cli.command {
        Command::Gen(args) => generate(&args, stdout, stderr),
        Command::Inspect { wsdl, operations } => inspect(&wsdl, operations, stdout),
        Command::Diff { old, new } => diff(&old, &new, stdout),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(stderr, "error: {message}");
            EXIT_ERROR
        }
    }
}

/// File paths in output and errors: as the user gave them.
fn as_given() -> &'static Path {
    Path::new("")
}

fn generate(args: &GenArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<u8, String> {
    let settings = pbx_soap_codegen::Settings {
        docs: !args.no_docs,
        runtime: args.runtime.clone(),
        regenerate_with: Some("`pbx-soap gen`".to_owned()),
        lenient: args.lenient,
        sources: pbx_soap_codegen::parse::Sources {
            schema_dirs: args.schema_dirs.clone(),
            ..pbx_soap_codegen::parse::Sources::default()
        },
        all_types: args.all_types,
        sides: args.side.into(),
        server_feature: args.server_feature.clone(),
        samples: match (&args.sample_feature, args.samples) {
            (Some(feature), _) => pbx_soap_codegen::Gate::Feature(feature.clone()),
            (None, true) => pbx_soap_codegen::Gate::Always,
            (None, false) => pbx_soap_codegen::Gate::Off,
        },
        serde: serde_gate(args.serde.as_deref()),
        serde_secrets: args.serde_secrets,
        dates: args.dates.into(),
        strings: args.strings.into(),
        operations: args.operations.clone(),
        secret_words: args.secret_words.clone(),
        ..pbx_soap_codegen::Settings::default()
    };
    let output = pbx_soap_codegen::generate(&args.wsdl, as_given(), &settings).map_err(|e| e.to_string())?;
    for w in &output.ir.warnings {
        let _ = writeln!(stderr, "warning: {w}");
    }
    if args.deny_warnings && !output.ir.warnings.is_empty() {
        return Err(format!("{} warning(s), denied by --deny-warnings", output.ir.warnings.len()));
    }
    match &args.out {
        Some(path) => {
            let same = std::fs::read_to_string(path).is_ok_and(|old| old == output.code);
            if !same {
                std::fs::write(path, &output.code).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            let state = if same { "unchanged" } else { "wrote" };
            let _ = writeln!(stderr, "{state} {}", path.display());
        }
        None => write!(stdout, "{}", output.code).map_err(|e| e.to_string())?,
    }
    Ok(EXIT_OK)
}

fn inspect(wsdl: &[PathBuf], operations: Vec<String>, stdout: &mut dyn Write) -> Result<u8, String> {
    let settings = pbx_soap_codegen::Settings { operations, ..pbx_soap_codegen::Settings::default() };
    let ir = pbx_soap_codegen::load_with(wsdl, as_given(), &settings).map_err(|e| e.to_string())?;
    write!(stdout, "{}", pbx_soap_codegen::inspect::render(&ir)).map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}

fn diff(old: &Path, new: &Path, stdout: &mut dyn Write) -> Result<u8, String> {
    let load = |p: &Path| pbx_soap_codegen::load(&[p.to_path_buf()], as_given()).map_err(|e| e.to_string());
    let d = pbx_soap_codegen::diff::diff(&load(old)?, &load(new)?);
    write!(stdout, "{}", d.render()).map_err(|e| e.to_string())?;
    Ok(if d.is_breaking() { EXIT_BREAKING } else { EXIT_OK })
}
