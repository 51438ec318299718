//! Fuzz targets: each is a function of arbitrary bytes that must neither
//! panic, nor hang, nor exhaust memory, and that checks what it can about
//! its result. `src/bin/<target>.rs` runs one under libFuzzer when built by
//! `cargo xtask fuzz` (with `--cfg fuzzing`) and replays files otherwise;
//! `tests/regressions.rs` runs every target over its seeds and over the
//! saved inputs under `regressions/<target>/` on every `cargo test`.
//!
//! - `response`: a response of any operation of any vendor module, the
//!   operation chosen from the input (the `Body`'s first element names it);
//!   what decodes must re-encode and decode to the same value.
//! - `multiref`: the SOAP-encoding multi-reference resolver; what it
//!   returns is well-formed and within the expansion budget.
//! - `fault`: the input as the content of a SOAP `Fault`.
//! - `generator`: WSDL text through every generator stage; generated code
//!   must parse as Rust.
//! - `namespaces`: the decoder's namespace scopes against quick-xml's
//!   `NsReader`: where both read a document, they resolve every name alike.
//! - `reader`: the decoder's tokeniser (`XmlReader`) against quick-xml's
//!   `Reader` with XML's and the decoder's rules on top: both read the
//!   same events from a document, or both refuse it.

// A target reports a finding by panicking: that is what libFuzzer catches.
#![allow(clippy::panic)]

use std::borrow::Cow;
use std::fmt::Debug;

use pbx_soap::rt::{
    DecodeOptions, Error, FromXml, Name, Operation, ToXml, expansion_budget, inline_multirefs, read_response,
    write_request,
};

mod namespaces;
pub use namespaces::namespaces;

mod reader;
pub use reader::reader;

mod decoders {
    use super::{Name, Operation, check, check_no_output};

    /// One operation of a vendor module and its response decoder.
    #[derive(Debug)]
    pub struct Decoder {
        pub vendor: &'static str,
        pub operation: &'static str,
        pub output_ns: Option<&'static str>,
        /// The response body element's local name (`""` without one).
        pub output: &'static str,
        pub decode: fn(&[u8]),
    }

    include!(concat!(env!("OUT_DIR"), "/decoders.rs"));
}

pub use decoders::{DECODERS, Decoder};

/// A fuzz target: its name, the function, the seed folders (relative to
/// the workspace root; missing ones are skipped) and the largest input
/// worth trying.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
    pub seeds: &'static [&'static str],
    pub max_len: usize,
}

/// Every target.
pub const TARGETS: &[Target] = &[
    Target { name: "response", run: response, seeds: &["tests/fixtures"], max_len: 64 * 1024 },
    Target { name: "multiref", run: multiref, seeds: &["tests/fixtures"], max_len: 64 * 1024 },
    Target { name: "fault", run: fault, seeds: &["tests/fixtures"], max_len: 16 * 1024 },
    Target { name: "namespaces", run: namespaces, seeds: &["tests/fixtures"], max_len: 16 * 1024 },
    Target {
        name: "reader",
        run: reader,
        seeds: &["tests/fixtures", "tests/fuzz/seeds/reader"],
        max_len: 16 * 1024,
    },
    Target {
        name: "generator",
        run: generator,
        seeds: &["wsdl", "../shared/wsdl-corpus"],
        max_len: 256 * 1024,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

// ---- response ---------------------------------------------------------------

/// Decodes `data` as the response of the operation whose output element
/// is the `Body`'s first child (any operation if none matches).
pub fn response(data: &[u8]) {
    if DECODERS.is_empty() {
        return;
    }
    let body = body_element(data);
    let chosen = body.as_ref().and_then(|(ns, local)| {
        DECODERS
            .iter()
            .find(|d| d.output == local && d.output_ns == ns.as_deref())
            .or_else(|| DECODERS.iter().find(|d| d.output == local))
    });
    let chosen = chosen.unwrap_or_else(|| {
        // A cheap hash of the input, so every operation is reachable.
        let h = data.iter().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(usize::from(*b)));
        &DECODERS[h % DECODERS.len()]
    });
    (chosen.decode)(data);
}

/// The namespace and local name of the first element inside an element
/// called `Body`, if the input gets that far.
fn body_element(data: &[u8]) -> Option<(Option<String>, String)> {
    let mut reader = quick_xml::NsReader::from_reader(data);
    let mut in_body = false;
    for _ in 0..64 {
        let (ns, event) = reader.read_resolved_event().ok()?;
        match event {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let local = e.local_name().into_inner().to_owned();
                if in_body {
                    let ns = match ns {
                        quick_xml::name::ResolveResult::Bound(n) => Some(n.into_inner().to_owned()),
                        _ => None,
                    };
                    return Some((ns, local));
                }
                in_body = local == "Body";
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
    None
}

/// Decodes `bytes` as `T`; a value that decodes must encode again (as the
/// same element) and decode to an equal value (compared by `Debug`, so NaN
/// equals NaN).
fn check<T: FromXml + ToXml + Debug>(bytes: &[u8], op: &Operation) {
    let opts = DecodeOptions::default();
    let value = match read_response::<T>(bytes, op, &opts) {
        Ok(value) => value,
        Err(e) => return exercise(&e),
    };
    let as_answer = Operation { input: op.output, ..*op };
    let encoded = match write_request(&as_answer, &value) {
        Ok(encoded) => encoded,
        Err(e) => panic!("{}: a decoded value does not encode: {e}\nvalue: {value:?}", op.name),
    };
    match read_response::<T>(&encoded, op, &opts) {
        Ok(again) => assert_eq!(
            format!("{value:?}"),
            format!("{again:?}"),
            "{}: the value changed through encode and decode\nre-encoded: {}",
            op.name,
            String::from_utf8_lossy(&encoded)
        ),
        Err(e) => panic!(
            "{}: a re-encoded value does not decode: {e}\nre-encoded: {}",
            op.name,
            String::from_utf8_lossy(&encoded)
        ),
    }
}

/// An operation without output: any body decodes as `()`, or fails.
fn check_no_output(bytes: &[u8], op: &Operation) {
    if let Err(e) = read_response::<()>(bytes, op, &DecodeOptions::default()) {
        exercise(&e);
    }
}

/// Formats an error (as a caller would), which must not panic.
fn exercise(e: &Error) {
    let shown = format!("{e} {e:?}");
    assert!(!shown.is_empty());
    if let Some(fault) = e.fault() {
        let _ = fault.code_local();
    }
}

// ---- multiref ---------------------------------------------------------------

/// The multi-reference resolver on its own: its output is well-formed and
/// within the budget.
pub fn multiref(data: &[u8]) {
    let Ok(out) = inline_multirefs(data, 64) else { return };
    let Cow::Owned(out) = out else { return };
    assert!(out.len() <= expansion_budget(data.len()), "{} bytes out of {}", out.len(), data.len());
    let mut reader = quick_xml::Reader::from_reader(out.as_slice());
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                panic!("the resolved document is not well-formed: {e}\n{}", String::from_utf8_lossy(&out))
            }
        }
    }
}

// ---- fault ------------------------------------------------------------------

const FAULT_OP: Operation = Operation {
    name: "fuzz",
    soap_action: "",
    input: Some(Name::qualified("urn:fuzz", "op")),
    output: Some(Name::qualified("urn:fuzz", "opResponse")),
    encoded: false,
    version: pbx_soap::rt::SoapVersion::Soap11,
};

/// `data` as the content of a `Fault`, SOAP 1.1 or (when the input starts
/// with `2`) SOAP 1.2: a typed fault or a decode error, nothing else.
pub fn fault(data: &[u8]) {
    let (env, data) = match data.split_first() {
        Some((b'2', rest)) => ("http://www.w3.org/2003/05/soap-envelope", rest),
        _ => ("http://schemas.xmlsoap.org/soap/envelope/", data),
    };
    let mut xml = format!("<E:Envelope xmlns:E=\"{env}\"><E:Body><E:Fault>").into_bytes();
    xml.extend_from_slice(data);
    xml.extend_from_slice(b"</E:Fault></E:Body></E:Envelope>");
    match read_response::<String>(&xml, &FAULT_OP, &DecodeOptions::default()) {
        Err(e @ (Error::Fault(_) | Error::Decode { .. })) => exercise(&e),
        other => panic!("a Fault read as {other:?}"),
    }
}

// ---- generator --------------------------------------------------------------

/// WSDL text through parse, lower, naming and emit: every stage either
/// fails with an error or hands on; generated code parses. Imports resolve
/// under a folder that does not exist, so none is read.
pub fn generator(data: &[u8]) {
    use pbx_soap_codegen::{emit, lower, naming, parse};
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = parse::parse_str(text, "pbx-soap-fuzz-no-such-folder/input.wsdl") else { return };
    let Ok(mut ir) = lower::lower(&[doc]) else { return };
    if naming::assign(&mut ir).is_err() {
        return;
    }
    let Ok(code) = emit::render(&ir, &pbx_soap_codegen::Settings::default()) else { return };
    assert!(!code.contains('\r'), "a carriage return in the generated code");
    if let Err(e) = syn::parse_file(&code) {
        panic!("generated code does not parse: {e}\n{code}");
    }
}

// ---- replay -------------------------------------------------------------------

/// Runs `target` over every file named in `args` (folders: every file in
/// them, recursively): how a crash is reproduced without the fuzzer.
pub fn replay(target: &Target, args: &[String]) -> Result<usize, String> {
    let mut count = 0;
    for arg in args {
        for file in files_under(std::path::Path::new(arg))? {
            let data = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            eprintln!("{}: {}", target.name, file.display());
            (target.run)(&data);
            count += 1;
        }
    }
    Ok(count)
}

/// `path` itself if it is a file, else every file below it, sorted.
pub fn files_under(path: &std::path::Path) -> Result<Vec<std::path::PathBuf>, String> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut dirs = vec![path.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let p = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}
