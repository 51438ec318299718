//! Writes the response-decoder table of the `response` target: one entry
//! per operation of every vendor module (from the same WSDL files and the
//! same IR `cargo xtask regen` uses), each decoding a response of that
//! operation into the generated type of `pbx_soap::<vendor>`.

use std::error::Error;
use std::fmt::Write as _;
use std::path::Path;

use pbx_soap_codegen::ir::{Message, QName, Style};

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR")?;
    let root = Path::new(&manifest).join("../..");
    println!("cargo:rerun-if-changed={}", root.join("wsdl").display());
    println!("cargo:rerun-if-changed={}", root.join("codegen/src").display());
    let mut fns = String::new();
    let mut table =
        String::from("/// Every operation of every vendor module.\npub static DECODERS: &[Decoder] = &[\n");
    let mut n = 0;
    for vendor in pbx_soap_codegen::project::vendors(&root)? {
        let ir = pbx_soap_codegen::load(&vendor.wsdl, &root)?;
        for client in &ir.clients {
            for op in &client.operations {
                let output = op.output.as_ref().and_then(|m| m.body.as_ref());
                let ty = match output {
                    Some(body) => {
                        let def = ir.types.get(&body.ty).ok_or("dangling body type")?;
                        format!("::pbx_soap::{}::{}", vendor.name, def.rust)
                    }
                    None => String::new(),
                };
                let encoded = op.style == Style::RpcEncoded;
                let version = client.binding.version;
                let check =
                    if output.is_some() { format!("check::<{ty}>") } else { "check_no_output".to_owned() };
                writeln!(
                    fns,
                    "fn decode_{n}(bytes: &[u8]) {{\n    const OP: Operation = Operation {{ name: {:?}, soap_action: {:?}, input: {}, output: {}, encoded: {encoded}, version: ::pbx_soap::rt::SoapVersion::{version:?} }};\n    {check}(bytes, &OP);\n}}",
                    op.wire,
                    op.soap_action,
                    name(Some(&op.input)),
                    name(op.output.as_ref()),
                )?;
                let (ns, local) = match output {
                    Some(body) => (format!("{:?}", body.name.ns), format!("{:?}", body.name.local)),
                    None => ("None".to_owned(), "\"\"".to_owned()),
                };
                writeln!(
                    table,
                    "    Decoder {{ vendor: {:?}, operation: {:?}, output_ns: {ns}, output: {local}, decode: decode_{n} }},",
                    vendor.name, op.wire
                )?;
                n += 1;
            }
        }
    }
    table.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR")?).join("decoders.rs");
    std::fs::write(out, format!("{fns}\n{table}"))?;
    Ok(())
}

/// `Some(Name::qualified(..))` / `None` for a message's body element.
fn name(message: Option<&Message>) -> String {
    match message.and_then(|m| m.body.as_ref()) {
        Some(body) => format!("Some({})", qname(&body.name)),
        None => "None".to_owned(),
    }
}

fn qname(q: &QName) -> String {
    match &q.ns {
        Some(ns) => format!("Name::qualified({ns:?}, {:?})", q.local),
        None => format!("Name::local({:?})", q.local),
    }
}
