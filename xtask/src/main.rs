//! Project tasks: `cargo xtask <command>`.
//!
//! - `regen [--check]`: regenerate every vendor module of the bindings crate
//!   from `wsdl/<vendor>/*.wsdl` (files written only when changed); with
//!   `--check`, fail instead of writing when a module is stale. With
//!   `--from <url or file> --vendor <name>`, first replace that vendor's
//!   WSDL by the one a server serves.
//! - `gen <file.wsdl>... [--out <file.rs>]`: generate a module for any WSDL
//!   (compiles against the `pbx-soap` runtime).
//! - `inspect <file.wsdl>...`: print services, ports, operations and types.
//! - `corpus [DIR] [--no-compile]`: generate every WSDL of a corpus (by
//!   default `../shared/wsdl-corpus`) and print a table of the results.
//! - `test`: every check CI runs (the README's test command).

mod corpus;
mod fetch;
mod inspect;
mod regen;
mod test_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask regen [--check]
  cargo xtask regen --from <url or file.wsdl> --vendor <name> [--as <file.wsdl>] [--insecure]
  cargo xtask gen <file.wsdl>... [--out <file.rs>] [--no-docs] [--all-types]
  cargo xtask inspect <file.wsdl>...
  cargo xtask corpus [DIR] [--no-compile]
  cargo xtask test";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let Some((cmd, rest)) = args.split_first() else {
        return Err(USAGE.to_owned());
    };
    match cmd.as_str() {
        "regen" => regen::run(&workspace_root(), rest),
        "gen" => gen_cmd(rest),
        "inspect" => {
            let files = wsdl_args(rest)?;
            inspect::run(&files)
        }
        "test" => test_cmd::run(&workspace_root(), rest),
        "corpus" => corpus::run(&workspace_root(), rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

fn gen_cmd(args: &[String]) -> Result<(), String> {
    let mut out = None;
    let mut settings = pbx_soap_codegen::Settings::default();
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a file")?)),
            "--no-docs" => settings.docs = false,
            "--all-types" => settings.all_types = true,
            f if f.starts_with("--") => return Err(format!("unknown option `{f}`\n{USAGE}")),
            f => files.push(PathBuf::from(f)),
        }
    }
    if files.is_empty() {
        return Err(USAGE.to_owned());
    }
    let root = display_root(&files);
    let output = pbx_soap_codegen::generate(&files, &root, &settings).map_err(|e| e.to_string())?;
    for w in &output.ir.warnings {
        eprintln!("warning: {w}");
    }
    match out {
        Some(path) => {
            regen::write_if_changed(&path, &output.code)?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{}", output.code),
    }
    Ok(())
}

fn wsdl_args(args: &[String]) -> Result<Vec<PathBuf>, String> {
    if args.is_empty() || args.iter().any(|a| a.starts_with("--")) {
        return Err(USAGE.to_owned());
    }
    Ok(args.iter().map(PathBuf::from).collect())
}

/// Paths in output are shown relative to the current directory when the
/// files are below it, so output does not embed where a checkout lives.
fn display_root(files: &[PathBuf]) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    if files.iter().all(|f| f.is_relative() || f.starts_with(&cwd)) { cwd } else { PathBuf::from("/") }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}
