//! Fuzz target `reader` (see the crate docs). Built by `cargo xtask fuzz`
//! it runs under libFuzzer; built normally it replays the files and folders
//! given as arguments.

#![cfg_attr(fuzzing, no_main)]
// `fuzz_target!` defines the unmangled entry point libFuzzer calls.
#![cfg_attr(fuzzing, allow(unsafe_code))]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| pbx_soap_fuzz::reader(data));

#[cfg(not(fuzzing))]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(target) = pbx_soap_fuzz::target("reader") else { return std::process::ExitCode::FAILURE };
    match pbx_soap_fuzz::replay(target, &args) {
        Ok(n) => {
            eprintln!("reader: {n} inputs, no failure");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
