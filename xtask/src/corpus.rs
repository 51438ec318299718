//! `cargo xtask corpus [DIR] [--no-compile | --build] [--only CASE]... [--operation NAME]... [--subsets]`:
//! generates every WSDL of a corpus and prints one row per case: services,
//! operations, types, generated lines, warnings by class, generation time,
//! and whether the module compiles with warnings denied (and how long
//! `cargo check` took). With `--build`, a debug `cargo build` of the module
//! instead, timed once the runtime is built, with the compiler's peak
//! memory (maximum resident set, from GNU time, Debian's `time`); with
//! `--only`, only the cases named. With `--operation` (repeatable, or
//! comma-separated), each case is generated a second time with only these
//! operations (`Settings::operations`), in a row of its own right after the
//! whole case's, so the two compare in one run. With `--subsets`, the
//! same for the subsets the corpus test generates (`cases::SUBSETS`: ten
//! AXL operations, a few of EWS and ONVIF).
//!
//! `DIR` defaults to `../shared/wsdl-corpus`. A corpus with a `SOURCES.md`
//! table (columns `case` and `entry`) is read from it; otherwise every
//! `*.wsdl` file in `DIR` and in its subfolders is a case. Modules are
//! checked in scratch crates under `target/xtask-corpus/` that share one
//! target directory, so the runtime is built once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use pbx_soap_codegen::warnings::count_by_class;

use crate::debian::{self, Tool};

#[path = "../../tests/corpus/src/cases.rs"]
mod cases;

/// One case to generate: a name, its entry WSDL, and a module name for
/// its scratch crate.
struct Case {
    name: String,
    entry: PathBuf,
    module: String,
}

/// A module name for case `name`: lower-case letters, digits, `_`.
fn module_of(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

/// What to do with each generated module.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Compile {
    No,
    /// `cargo check`, warnings denied.
    Check,
    /// A debug `cargo build`, timed, with the compiler's peak memory.
    Build,
}

const GNU_TIME: &str = "/usr/bin/time";

fn gnu_time_present() -> bool {
    Path::new(GNU_TIME).is_file()
}

/// What came of one case.
struct Row {
    name: String,
    /// Generation error, if it failed.
    error: Option<String>,
    services: usize,
    operations: usize,
    types: usize,
    lines: usize,
    warnings: String,
    millis: u128,
    compile: String,
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    print!("{}", table(&rows(root, args)?));
    Ok(())
}

/// The rows `run` prints: each case, then its subsets.
fn rows(root: &Path, args: &[String]) -> Result<Vec<Row>, String> {
    let mut dir = cases::corpus_dir(root);
    let mut compile = Compile::Check;
    let mut only = Vec::new();
    let mut operations: Vec<String> = Vec::new();
    let mut listed_subsets = false;
    let mut args = args.iter();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--no-compile" => compile = Compile::No,
            "--build" => compile = Compile::Build,
            "--only" => only.push(args.next().ok_or("--only needs a case name")?.clone()),
            "--subsets" => listed_subsets = true,
            "--operation" => {
                let names = args.next().ok_or("--operation needs an operation name")?;
                operations.extend(names.split(',').map(str::to_owned));
            }
            f if f.starts_with("--") => return Err(format!("unknown option `{f}`")),
            d => dir = PathBuf::from(d),
        }
    }
    if compile == Compile::Build {
        debian::ensure(&[Tool { what: "GNU time", packages: &["time"], present: gnu_time_present }])?;
    }
    let mut cases = discover(&dir)?;
    if !only.is_empty() {
        cases.retain(|c| only.contains(&c.name));
    }
    if cases.is_empty() {
        return Err(format!("{}: no WSDL found", dir.display()));
    }
    let scratch = root.join("target/xtask-corpus");
    let mut rows = Vec::new();
    for case in &cases {
        eprintln!("==> {}", case.name);
        rows.push(one(root, &dir, &scratch, case, compile, None));
        // (label, scratch module, operations)
        let mut subsets: Vec<(String, String, Vec<String>)> = Vec::new();
        if !operations.is_empty() {
            let label = format!("{} [{} operations]", case.name, operations.len());
            subsets.push((label, format!("{}_subset", case.module), operations.clone()));
        }
        if listed_subsets {
            for s in cases::SUBSETS.iter().filter(|s| s.case == case.name) {
                let names = s.operations.iter().map(|o| (*o).to_owned()).collect();
                subsets.push((cases::subset_label(s), s.module.to_owned(), names));
            }
        }
        for (label, module, names) in &subsets {
            eprintln!("==> {label}");
            rows.push(one(
                root,
                &dir,
                &scratch,
                case,
                compile,
                Some((label.as_str(), module.as_str(), names)),
            ));
        }
    }
    Ok(rows)
}

/// The cases of `dir`: its `SOURCES.md` table, else every WSDL file.
fn discover(dir: &Path) -> Result<Vec<Case>, String> {
    if dir.join("SOURCES.md").is_file() {
        let listed = cases::read(dir)?;
        let cases =
            listed.into_iter().map(|c| Case { entry: dir.join(&c.entry), name: c.name, module: c.module });
        return Ok(cases.collect());
    }
    let mut out = Vec::new();
    for path in sorted(dir)? {
        if path.is_dir() {
            for inner in sorted(&path)? {
                if is_wsdl(&inner) {
                    let name = relative(dir, &inner);
                    out.push(Case { module: module_of(&name), name, entry: inner });
                }
            }
        } else if is_wsdl(&path) {
            let name = relative(dir, &path);
            out.push(Case { module: module_of(&name), name, entry: path });
        }
    }
    Ok(out)
}

fn sorted(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

fn is_wsdl(path: &Path) -> bool {
    path.is_file() && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("wsdl"))
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Generates `case` (with `subset`, only the operations named, reported
/// under its label and compiled as its module) and compiles it as
/// `compile` says.
fn one(
    root: &Path,
    dir: &Path,
    scratch: &Path,
    case: &Case,
    compile: Compile,
    subset: Option<(&str, &str, &[String])>,
) -> Row {
    let operations = subset.map(|(_, _, names)| names.to_vec()).unwrap_or_default();
    let started = Instant::now();
    let mut settings = pbx_soap_codegen::Settings {
        lenient: cases::LENIENT.contains(&case.name.as_str()),
        operations,
        ..pbx_soap_codegen::Settings::default()
    };
    // A case's schemas may sit beside its WSDL's folder (as for the
    // corpus build): a case folder is a schema folder.
    let folder = dir.join(&case.name);
    if folder.is_dir() {
        settings.sources.schema_dirs.push(folder);
    }
    let result = pbx_soap_codegen::generate(std::slice::from_ref(&case.entry), dir, &settings);
    let millis = started.elapsed().as_millis();
    let (name, module) = match subset {
        None => (case.name.clone(), case.module.clone()),
        Some((label, module, _)) => (label.to_owned(), module.to_owned()),
    };
    let mut row = Row {
        name,
        error: None,
        services: 0,
        operations: 0,
        types: 0,
        lines: 0,
        warnings: String::new(),
        millis,
        compile: "-".to_owned(),
    };
    let output = match result {
        Ok(output) => output,
        Err(e) => {
            row.error = Some(e.to_string());
            return row;
        }
    };
    let ir = &output.ir;
    let mut services: Vec<&str> = ir.clients.iter().map(|c| c.service.as_str()).collect();
    services.dedup();
    row.services = services.len();
    row.operations = ir.clients.iter().map(|c| c.operations.len()).sum();
    row.types = ir.types.len();
    row.lines = output.code.lines().count();
    let counts = count_by_class(ir.warnings.iter().map(String::as_str));
    row.warnings = counts.iter().map(|(_, n)| n.to_string()).collect::<Vec<_>>().join("/");
    if compile != Compile::No {
        row.compile = check(root, scratch, &module, &output.code, compile);
    }
    row
}

/// `cargo check` (or, with [`Compile::Build`], a debug `cargo build`) of
/// `code` in a scratch crate with warnings denied: `ok` with the time it
/// took (and the peak memory of a build), or the first error.
fn check(root: &Path, scratch: &Path, module: &str, code: &str, compile: Compile) -> String {
    let krate = scratch.join("cases").join(module);
    let manifest = format!(
        "[package]\nname = \"corpus-{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\npbx-soap = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
        module.replace('_', "-"),
        root.join("bindings").display().to_string()
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let verb = if compile == Compile::Build { "build" } else { "check" };
    let cargo_run = |program: &str, pre: &[&str]| {
        Command::new(program)
            .args(pre)
            .args([verb, "--quiet", "--manifest-path"])
            .arg(krate.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            .output()
    };
    let lib = krate.join("src/lib.rs");
    let written = std::fs::create_dir_all(krate.join("src"))
        .and_then(|()| std::fs::write(krate.join("Cargo.toml"), manifest));
    // A build is timed on the module alone: the runtime is built first,
    // under an empty crate.
    let written = match compile {
        Compile::Build => {
            written.and_then(|()| std::fs::write(&lib, "")).and_then(|()| match cargo_run(&cargo, &[]) {
                Ok(o) if o.status.success() => Ok(()),
                Ok(o) => Err(std::io::Error::other(String::from_utf8_lossy(&o.stderr).into_owned())),
                Err(e) => Err(e),
            })
        }
        _ => written,
    };
    let written = written.and_then(|()| std::fs::write(&lib, format!("#![deny(warnings)]\n{code}")));
    if let Err(e) = written {
        return format!("cannot prepare {}: {e}", krate.display());
    }
    let peak_file = scratch.join(format!("{module}.maxrss"));
    let started = Instant::now();
    let out = match compile {
        Compile::Build => {
            let peak = peak_file.display().to_string();
            cargo_run(GNU_TIME, &["-f", "%M", "-o", &peak, &cargo])
        }
        _ => cargo_run(&cargo, &[]),
    };
    let secs = started.elapsed().as_secs_f64();
    // GNU time's %M: the largest resident set of the processes it waited
    // for, cargo's children (rustc) included, in KiB.
    let peak = std::fs::read_to_string(&peak_file).ok().and_then(|t| t.trim().parse::<f64>().ok());
    match out {
        Ok(o) if o.status.success() => match peak {
            Some(kib) if compile == Compile::Build => {
                format!("ok ({secs:.1} s, peak {:.2} GB)", kib * 1024.0 / 1e9)
            }
            _ => format!("ok ({secs:.1} s)"),
        },
        Ok(o) => {
            let stderr = String::from_utf8_lossy(&o.stderr);
            let first = stderr.lines().find(|l| l.starts_with("error")).unwrap_or("failed");
            format!("FAILED: {first}")
        }
        Err(e) => format!("cannot run cargo: {e}"),
    }
}

fn table(rows: &[Row]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| case | services | operations | types | lines | warnings (schema dropped/conflict/wsdl) | generation | compile |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---|---:|---|");
    for r in rows {
        match &r.error {
            Some(e) => {
                let _ = writeln!(
                    s,
                    "| {} | - | - | - | - | - | {} ms | does not generate: {} |",
                    r.name, r.millis, e
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} | {} | {} ms | {} |",
                    r.name, r.services, r.operations, r.types, r.lines, r.warnings, r.millis, r.compile
                );
            }
        }
    }
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| (*s).to_owned()).collect()
    }

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
    }

    #[test]
    fn an_operation_subset_is_a_row_after_the_whole_case() {
        let rows = rows(
            &root(),
            &args(&[
                "--no-compile",
                "--only",
                "onvif-devicemgmt",
                "--operation",
                "GetDeviceInformation,GetHostname",
            ]),
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        let (whole, subset) = (&rows[0], &rows[1]);
        assert_eq!((whole.name.as_str(), whole.error.as_deref()), ("onvif-devicemgmt", None));
        assert_eq!(subset.name, "onvif-devicemgmt [2 operations]");
        assert_eq!(subset.error, None);
        assert_eq!(subset.operations, 2);
        assert!(subset.types < whole.types && subset.lines < whole.lines);
    }

    #[test]
    fn an_unknown_operation_is_the_subset_row_s_error() {
        let rows = rows(
            &root(),
            &args(&["--no-compile", "--only", "onvif-devicemgmt", "--operation", "GetHostnam"]),
        )
        .unwrap();
        let error = rows[1].error.as_deref().expect("an unknown operation fails");
        assert!(error.contains("GetHostnam") && error.contains("GetHostname"), "{error}");
    }

    #[test]
    fn options_without_their_value_or_unknown_are_errors() {
        for (given, says) in [
            (&["--operation"][..], "--operation needs"),
            (&["--only"], "--only needs"),
            (&["--fast"], "unknown option"),
        ] {
            let error = rows(&root(), &args(given)).err().expect("an error");
            assert!(error.contains(says), "{given:?}: {error}");
        }
    }
}
