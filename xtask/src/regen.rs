//! `cargo xtask regen`: `wsdl/<vendor>/*.wsdl` -> `bindings/src/<vendor>/generated.rs`
//! and the benches' modules of `project::bench_modules` (`project::checked_in`).
//!
//! With `--from <url or file> --vendor <name>` it first replaces that
//! vendor's WSDL with the given one (after checking that it generates), so
//! the bindings follow what a user's own server serves. Every document the
//! WSDL references is fetched too, recursively, into `wsdl/<vendor>/<stem>/`
//! (`<stem>` = the WSDL's file name without `.wsdl`), and the references are
//! rewritten to those relative paths (see `fetch`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use pbx_soap_codegen::diff::Diff;
use pbx_soap_codegen::project::checked_in;

const USAGE: &str = "usage: cargo xtask regen [--check]
       cargo xtask regen --from <url or file.wsdl> --vendor <name> [--as <file.wsdl>] [--insecure]";

/// The options of `regen`.
#[derive(Debug, Default, PartialEq)]
struct Options {
    check: bool,
    from: Option<String>,
    vendor: Option<String>,
    file: Option<String>,
    insecure: bool,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or_else(|| format!("{a} needs a value\n{USAGE}"));
        match a.as_str() {
            "--check" => o.check = true,
            "--from" => o.from = Some(value()?),
            "--vendor" => o.vendor = Some(value()?),
            "--as" => o.file = Some(value()?),
            "--insecure" => o.insecure = true,
            other => return Err(format!("unknown option `{other}`\n{USAGE}")),
        }
    }
    let replacing = o.from.is_some() || o.vendor.is_some() || o.file.is_some() || o.insecure;
    if replacing && (o.from.is_none() || o.vendor.is_none() || o.check) {
        return Err(format!("--from and --vendor go together, without --check\n{USAGE}"));
    }
    if let Some(vendor) = &o.vendor
        && !plain_name(vendor)
    {
        return Err(format!("vendor name {vendor:?}: use letters, digits, `_` and `-`"));
    }
    Ok(o)
}

/// A file or directory name without path separators or a leading dot.
fn plain_name(n: &str) -> bool {
    !n.is_empty()
        && !n.starts_with('.')
        && n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let o = options(args)?;
    if let (Some(from), Some(vendor)) = (&o.from, &o.vendor) {
        let (path, changes) = replace_wsdl(root, vendor, from, o.file.as_deref(), o.insecure)?;
        if let Some(changes) = changes {
            print!("{}", changes.render());
        }
        println!("{}: replaced from {}", path.strip_prefix(root).unwrap_or(&path).display(), from);
    }
    let check = o.check;
    let mut stale = Vec::new();
    for v in checked_in(root).map_err(|e| e.to_string())? {
        let started = Instant::now();
        let output = v.generate(root).map_err(|e| format!("{}: {e}", v.name))?;
        let elapsed = started.elapsed();
        let ir = &output.ir;
        let operations: usize = ir.clients.iter().map(|c| c.operations.len()).sum();
        let rel = v.out.strip_prefix(root).unwrap_or(&v.out).display().to_string();
        let state = if check {
            if read(&v.out) != output.code {
                stale.push(rel.clone());
                "STALE"
            } else {
                "fresh"
            }
        } else if write_if_changed(&v.out, &output.code)? {
            "written"
        } else {
            "unchanged"
        };
        println!(
            "{rel}: {state}; {} WSDL files, {} services, {operations} operations, {} types, {:.1} ms",
            v.wsdl.len(),
            ir.clients.len(),
            ir.types.len(),
            elapsed.as_secs_f64() * 1000.0
        );
        for w in &ir.warnings {
            println!("  warning: {w}");
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!("stale generated code: {} (run `cargo xtask regen`)", stale.join(", ")))
    }
}

/// Fetches `source` (and what it references) as vendor `vendor`'s WSDL and
/// returns its path, with the API changes against the file it replaces (if
/// there was one that still generates). The file replaced is `file` if given, else the vendor's
/// only WSDL, else one named after `source`. Nothing is written unless the
/// document set generates on its own.
fn replace_wsdl(
    root: &Path,
    vendor: &str,
    source: &str,
    file: Option<&str>,
    insecure: bool,
) -> Result<(PathBuf, Option<Diff>), String> {
    let dir = root.join("wsdl").join(vendor);
    let existing: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "wsdl"))
            .collect(),
        Err(_) => Vec::new(),
    };
    let name = match (file, existing.as_slice()) {
        (Some(f), _) => f.to_owned(),
        (None, [only]) => only.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned(),
        (None, []) => crate::fetch::file_name(source),
        (None, _) => {
            let derived = crate::fetch::file_name(source);
            if !existing.iter().any(|p| p.ends_with(&derived)) {
                return Err(format!(
                    "wsdl/{vendor}/ holds {} WSDL files; say which one to replace with --as <file.wsdl>",
                    existing.len()
                ));
            }
            derived
        }
    };
    if !plain_name(&name) || !name.ends_with(".wsdl") {
        return Err(format!("--as {name:?}: a plain file name ending in .wsdl"));
    }
    let stem = name.trim_end_matches(".wsdl").to_owned();
    let mut fetched = crate::fetch::all(source, &stem, insecure)?;
    fetched.name_wsdl(&name);
    // Generate the set alone first (from a scratch folder with the same
    // layout), so a document that is not a usable WSDL leaves the project
    // as it was. Unique per call: tests replace WSDLs concurrently.
    static SCRATCH: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = SCRATCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let scratch = std::env::temp_dir().join(format!("pbx-soap-regen-{}-{n}", std::process::id()));
    write_set(&scratch, &name, &stem, &fetched)?;
    let checked = pbx_soap_codegen::generate(&[scratch.join(&name)], Path::new("/"), &Default::default());
    let _ = std::fs::remove_dir_all(&scratch);
    let checked = checked.map_err(|e| format!("{source} is not a WSDL this generator can use: {e}"))?;
    let path = dir.join(&name);
    // The file it replaces, if it still generates on its own (an old file
    // that does not cannot be compared).
    let changes = match pbx_soap_codegen::load(std::slice::from_ref(&path), root) {
        Ok(old) if path.is_file() => {
            let mut changes = pbx_soap_codegen::diff::diff(&old, &checked.ir);
            changes.new_sources = vec![source.to_owned()];
            Some(changes)
        }
        _ => None,
    };
    write_set(&dir, &name, &stem, &fetched)?;
    if existing.is_empty() {
        println!(
            "new vendor `{vendor}`: add `pub mod {vendor};` (src/{vendor}/mod.rs) and a `{vendor}` feature to bindings/"
        );
    }
    for (path, _) in &fetched.documents {
        println!("wsdl/{vendor}/{path}: fetched");
    }
    Ok((path, changes))
}

/// Writes the WSDL as `dir/name` and its documents under `dir/stem/`
/// (replacing what an earlier fetch left there).
fn write_set(dir: &Path, name: &str, stem: &str, fetched: &crate::fetch::Fetched) -> Result<(), String> {
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let sub = dir.join(stem);
    if sub.is_dir() {
        std::fs::remove_dir_all(&sub).map_err(|e| io(&sub, e))?;
    }
    for (path, text) in &fetched.documents {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&target, text).map_err(|e| io(&target, e))?;
    }
    let path = dir.join(name);
    std::fs::write(&path, &fetched.wsdl).map_err(|e| io(&path, e))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Writes `content` unless the file already holds it (keeps mtimes, and so
/// incremental builds, stable). Returns whether it wrote.
pub fn write_if_changed(path: &Path, content: &str) -> Result<bool, String> {
    if read(path) == content {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, content).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(true)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::path::{Path, PathBuf};

    use super::{options, replace_wsdl, run};

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
    }

    /// A scratch project root holding `wsdl/brekeke/userimpl.wsdl`.
    /// Removed when dropped.
    fn scratch(name: &str) -> tempfile::TempDir {
        let dir = tempfile::Builder::new().prefix(&format!("xtask-regen-{name}-")).tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("wsdl/brekeke")).unwrap();
        std::fs::copy(repo().join("wsdl/brekeke/userimpl.wsdl"), root.join("wsdl/brekeke/userimpl.wsdl"))
            .unwrap();
        dir
    }

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    /// The Brekeke WSDL with one more operation, as a server might serve it.
    fn served_wsdl() -> String {
        std::fs::read_to_string(repo().join("wsdl/brekeke/userimpl.wsdl"))
            .unwrap()
            .replace("name=\"deleteUser\"", "name=\"removeUser\"")
            .replace("impl:deleteUser", "impl:removeUser")
            .replace("deleteUserRe", "removeUserRe")
    }

    #[test]
    fn the_api_changes_against_the_replaced_file_are_reported() {
        let tmp = scratch("diff");
        let root = tmp.path();
        let served = root.join("served.wsdl");
        std::fs::write(&served, served_wsdl()).unwrap();
        let source = served.to_str().unwrap();
        let (path, changes) = replace_wsdl(root, "brekeke", source, None, false).unwrap();
        assert_eq!(path, root.join("wsdl/brekeke/userimpl.wsdl"));
        let report = changes.expect("the replaced file is compared").render();
        assert_eq!(
            report,
            format!(
                "--- wsdl/brekeke/userimpl.wsdl
+++ {source}
breaking    operation deleteUser: removed (was deleteUser(in0: xsd:string) -> (deleteUserReturn: xsd:boolean))
compatible  operation removeUser: added (removeUser(in0: xsd:string) -> (removeUserReturn: xsd:boolean))
1 breaking, 1 compatible
"
            )
        );
        // A new vendor has nothing to compare with.
        let (_, none) = replace_wsdl(root, "newvendor", source, None, false).unwrap();
        assert!(none.is_none());
    }

    #[test]
    fn from_a_file_replaces_the_vendors_only_wsdl_and_regenerates() {
        let tmp = scratch("file");
        let root = tmp.path();
        let source = root.join("served.wsdl");
        std::fs::write(&source, served_wsdl()).unwrap();
        run(root, &args(&["--from", source.to_str().unwrap(), "--vendor", "brekeke"])).unwrap();
        let wsdl = std::fs::read_to_string(root.join("wsdl/brekeke/userimpl.wsdl")).unwrap();
        assert!(wsdl.contains("removeUser"));
        let code = std::fs::read_to_string(root.join("bindings/src/brekeke/generated.rs")).unwrap();
        assert!(code.contains("pub fn remove_user("), "regenerated code lacks the new operation");
        assert!(!code.contains("pub fn delete_user("));
    }

    #[test]
    fn from_a_url_fetches_the_wsdl() {
        let tmp = scratch("url");
        let root = tmp.path();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let body = served_wsdl();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request_line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            reader.read_line(&mut request_line).unwrap();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).unwrap();
            stream.write_all(body.as_bytes()).unwrap();
            request_line
        });
        let url = format!("http://127.0.0.1:{port}/pbx/services/UserImpl?wsdl");
        run(root, &args(&["--from", &url, "--vendor", "brekeke"])).unwrap();
        assert_eq!(server.join().unwrap().trim(), "GET /pbx/services/UserImpl?wsdl HTTP/1.1");
        let code = std::fs::read_to_string(root.join("bindings/src/brekeke/generated.rs")).unwrap();
        assert!(code.contains("pub fn remove_user("));
    }

    /// Serves `docs` (path -> body) over HTTP on 127.0.0.1 for `requests`
    /// requests; returns the base URL and the request lines seen.
    fn serve(
        docs: Vec<(&'static str, String)>,
        requests: usize,
    ) -> (String, std::thread::JoinHandle<Vec<String>>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let handle = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for _ in 0..requests {
                let (mut stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                reader.read_line(&mut request_line).unwrap();
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if line.trim().is_empty() {
                        break;
                    }
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("").to_owned();
                let body = docs.iter().find(|(p, _)| *p == path).map(|(_, b)| b.clone());
                let (status, body) = match body {
                    Some(b) => ("200 OK", b),
                    None => ("404 Not Found", String::new()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).unwrap();
                stream.write_all(body.as_bytes()).unwrap();
                seen.push(path);
            }
            seen
        });
        (base, handle)
    }

    #[test]
    fn from_a_url_fetches_every_referenced_document_and_rewrites_the_references() {
        let tmp = scratch("recursive");
        let root = tmp.path();
        let wsdl = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
              xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:m="urn:m" xmlns:tns="urn:t" targetNamespace="urn:t">
            <wsdl:types><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
              <xs:import namespace="urn:m" schemaLocation="schemas/model.xsd"/></xs:schema></wsdl:types>
            <wsdl:message name="In"><wsdl:part name="p" element="m:Ping"/></wsdl:message>
            <wsdl:portType name="PT"><wsdl:operation name="ping"><wsdl:input message="tns:In"/></wsdl:operation></wsdl:portType>
            <wsdl:binding name="B" type="tns:PT"><soap:binding style="document"/><wsdl:operation name="ping">
              <wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation></wsdl:binding>
            <wsdl:service name="S"><wsdl:port name="P" binding="tns:B"><soap:address location="http://pbx/ping"/></wsdl:port></wsdl:service>
          </wsdl:definitions>"#;
        let model = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m" xmlns:m="urn:m">
            <xs:import namespace="http://schemas.xmlsoap.org/soap/encoding/" schemaLocation="http://schemas.xmlsoap.org/soap/encoding/"/>
            <xs:include schemaLocation="/svc/Service.svc?xsd=xsd1"/>
            <xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="to" type="m:Target"/></xs:sequence></xs:complexType></xs:element>
          </xs:schema>"#;
        let part = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m">
            <xs:complexType name="Target"><xs:sequence><xs:element name="number" type="xs:string"/></xs:sequence></xs:complexType>
          </xs:schema>"#;
        let docs = vec![
            ("/svc/Service.svc?wsdl", wsdl.to_owned()),
            ("/svc/schemas/model.xsd", model.to_owned()),
            ("/svc/Service.svc?xsd=xsd1", part.to_owned()),
        ];
        let (base, server) = serve(docs, 3);
        let url = format!("{base}/svc/Service.svc?wsdl");
        run(root, &args(&["--from", &url, "--vendor", "newvendor"])).unwrap();
        let seen = server.join().unwrap();
        assert_eq!(seen, ["/svc/Service.svc?wsdl", "/svc/schemas/model.xsd", "/svc/Service.svc?xsd=xsd1"]);
        let dir = root.join("wsdl/newvendor");
        let main = std::fs::read_to_string(dir.join("service.wsdl")).unwrap();
        assert!(main.contains(r#"schemaLocation="service/model.xsd""#), "{main}");
        let model = std::fs::read_to_string(dir.join("service/model.xsd")).unwrap();
        assert!(model.contains(r#"schemaLocation="Service.svc_xsd_xsd1.xsd""#), "{model}");
        // Built in: left as it is, nothing fetched.
        assert!(model.contains(r#"schemaLocation="http://schemas.xmlsoap.org/soap/encoding/""#), "{model}");
        assert!(dir.join("service/Service.svc_xsd_xsd1.xsd").is_file());
        let code = std::fs::read_to_string(root.join("bindings/src/newvendor/generated.rs")).unwrap();
        assert!(code.contains("pub struct Target"), "{code}");
    }

    #[test]
    fn a_document_that_does_not_generate_changes_nothing() {
        let tmp = scratch("bad");
        let root = tmp.path();
        let before = std::fs::read_to_string(root.join("wsdl/brekeke/userimpl.wsdl")).unwrap();
        let bad = root.join("bad.wsdl");
        std::fs::write(&bad, "<html><body>login required</body></html>").unwrap();
        let err = run(root, &args(&["--from", bad.to_str().unwrap(), "--vendor", "brekeke"])).unwrap_err();
        assert!(err.contains("not a WSDL"), "{err}");
        assert_eq!(std::fs::read_to_string(root.join("wsdl/brekeke/userimpl.wsdl")).unwrap(), before);
        assert!(!root.join("bindings").exists());
    }

    #[test]
    fn options_go_together() {
        assert!(options(&args(&["--from", "x.wsdl"])).is_err());
        assert!(options(&args(&["--vendor", "v"])).is_err());
        assert!(options(&args(&["--check", "--from", "x", "--vendor", "v"])).is_err());
        assert!(options(&args(&["--bogus"])).is_err());
        assert!(options(&args(&["--from"])).is_err());
        let o = options(&args(&["--from", "x", "--vendor", "v", "--as", "y.wsdl", "--insecure"])).unwrap();
        assert_eq!(
            (o.from.as_deref(), o.vendor.as_deref(), o.file.as_deref(), o.insecure),
            (Some("x"), Some("v"), Some("y.wsdl"), true)
        );
        let tmp = scratch("names");
        let root = tmp.path();
        let err = run(root, &args(&["--from", "x.wsdl", "--vendor", "../etc"])).unwrap_err();
        assert!(err.contains("vendor name"), "{err}");
    }
}
