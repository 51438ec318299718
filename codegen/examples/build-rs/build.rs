//! Generates the phone book client into OUT_DIR, with the server side
//! behind this crate's `server` feature; `src/lib.rs` includes it.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    pbx_soap_codegen::Builder::new()
        .wsdl("wsdl/phonebook.wsdl")
        // Anything in the WSDL the generator cannot model fails the build.
        .deny_warnings(true)
        // A trait for a phone book service too, compiled with `--features server`.
        .sides(pbx_soap_codegen::Sides::Both)
        .server_feature("server")
        .generate()?;
    Ok(())
}
