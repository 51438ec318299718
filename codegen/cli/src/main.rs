//! `pbx-soap gen | inspect | diff`: see the library's docs and `--help`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = pbx_soap_cli::run(std::env::args_os(), &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code)
}
