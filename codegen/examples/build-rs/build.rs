//! Generates the phone book client into OUT_DIR; `src/lib.rs` includes it.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    pbx_soap_codegen::Builder::new()
        .wsdl("wsdl/phonebook.wsdl")
        // Anything in the WSDL the generator cannot model fails the build.
        .deny_warnings(true)
        .generate()?;
    Ok(())
}
