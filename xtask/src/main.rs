//! Project tasks: `cargo xtask <command>`.
//!
//! - `regen [--check]`: regenerate every vendor module of the bindings crate
//!   from `wsdl/<vendor>/*.wsdl` (files written only when changed); with
//!   `--check`, fail instead of writing when a module is stale. With
//!   `--from <url or file> --vendor <name>`, first replace that vendor's
//!   WSDL by the one a server serves.
//!   The replaced file's API changes are printed first (breaking or
//!   compatible).
//! - `gen`, `inspect`, `diff`: the `pbx-soap` command line (crate
//!   `pbx-soap-cli`, `codegen/cli/`), run in-process; `--help` tells more.
//! - `corpus [DIR] [--no-compile | --build] [--only CASE] [--operation NAME] [--subsets]`:
//!   generate every WSDL of a corpus (by default `../shared/wsdl-corpus`)
//!   and print a table of the results; `--build` times a debug build of
//!   each module and its peak memory; `--operation` adds a row per case
//!   generated with only the operations named, `--subsets` rows for the
//!   corpus test's operation subsets.
//! - `bench-peers [--smoke]`: the same responses decoded by gSOAP, PHP's
//!   ext/soap, this project and the NsReader floor, in one table (see
//!   `bench_peers.rs`).
//! - `fuzz <target>|all [--time S]`: coverage-guided fuzzing with
//!   libFuzzer on the stable toolchain (see `fuzz.rs`).
//! - `test`: every check CI runs (the README's test command).

mod bench_peers;
mod corpus;
mod debian;
mod fetch;
mod fuzz;
mod leftovers;
mod package;
mod regen;
mod test_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask regen [--check]
  cargo xtask regen --from <url or file.wsdl> --vendor <name> [--as <file.wsdl>] [--insecure]
  cargo xtask gen <file.wsdl>... [--out <file.rs>] [--no-docs]     (pbx-soap gen --help)
  cargo xtask inspect <file.wsdl>...                               (pbx-soap inspect --help)
  cargo xtask diff <old.wsdl> <new.wsdl>                           (pbx-soap diff --help)
  cargo xtask corpus [DIR] [--no-compile | --build] [--only CASE]... [--operation NAME]... [--subsets]
  cargo xtask bench-peers [--smoke] [--users N] [--rounds N] [--passes N]
  cargo xtask fuzz <response|multiref|fault|namespaces|reader|generator|all> [--time <seconds>]
  cargo xtask test";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The command line's own commands keep its messages and exit status.
    if let Some(cmd @ ("gen" | "inspect" | "diff")) = args.first().map(String::as_str) {
        let argv = ["cargo xtask".to_owned()].into_iter().chain(args.iter().cloned());
        let code = pbx_soap_cli::run(argv, &mut std::io::stdout(), &mut std::io::stderr());
        if code != pbx_soap_cli::EXIT_OK {
            eprintln!("cargo xtask {cmd}: exit status {code}");
        }
        return ExitCode::from(code);
    }
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
        "test" => test_cmd::run(&workspace_root(), rest),
        "bench-peers" => bench_peers::run(&workspace_root(), rest),
        "corpus" => corpus::run(&workspace_root(), rest),
        "fuzz" => fuzz::run(&workspace_root(), rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}
