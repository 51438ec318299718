//! Stage 1: read WSDL 1.1 files (and the schemas they embed, import or
//! include) with xmltree into [`crate::model`].
//!
//! Every QName-valued attribute is resolved here against the namespaces in
//! scope at its element (xml-rs hands each element the full in-scope
//! mapping), so no later stage assumes a prefix. xmltree keeps no line
//! numbers, so errors name the file and a path-like location instead.
//!
//! Submodules: [`wsdl`] for WSDL elements, [`xsd`] for schemas; this module
//! holds file loading (imports, cycle guard) and the XML helpers.
//!
//! Hostile documents: XML nesting deeper than [`MAX_XML_DEPTH`] is refused
//! before a tree is built (the tree builder, the parser's recursion and
//! dropping the tree all recurse per level). Imports and includes resolve
//! only to regular files under the folder of the WSDL given (or a folder
//! named in [`Sources::schema_dirs`]) and of at most
//! [`Sources::max_file_bytes`]; anything else is an error that names the
//! location, never the content of what it points at.

pub mod known;
mod wsdl;
mod xsd;

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use xmltree::{Element, XMLNode};

use crate::Error;
use crate::ir::QName;
use crate::model::Definitions;

pub(crate) const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
pub(crate) const SOAP11_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
pub(crate) const SOAP12_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
/// SOAP 1.1 encoding (section 5): `SOAP-ENC:Array`, `SOAP-ENC:string`...
pub const SOAP_ENC_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// XML Schema namespaces: the 2001 recommendation and the drafts older
/// toolkits still emit.
pub const XSD_NAMESPACES: [&str; 3] = [
    "http://www.w3.org/2001/XMLSchema",
    "http://www.w3.org/2000/10/XMLSchema",
    "http://www.w3.org/1999/XMLSchema",
];

/// Deepest XML element nesting a WSDL or schema document may have. Real
/// documents stay below 30.
pub const MAX_XML_DEPTH: usize = 256;

/// Where imported and included documents may be read from, and how large
/// they may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    /// Schema folders: besides the WSDL's own folder, imports may resolve
    /// to files under these (a local copy of schemas the WSDL imports by
    /// relative path), and documents imported by http(s) URL are looked up
    /// in them: `http://host/a/b.xsd` as `<dir>/host/a/b.xsd`, then as
    /// `<dir>/b.xsd`. The well-known schemas need none (see [`known`]).
    pub schema_dirs: Vec<PathBuf>,
    /// The largest document read, the WSDL given included.
    pub max_file_bytes: u64,
}

impl Default for Sources {
    fn default() -> Self {
        Sources { schema_dirs: Vec::new(), max_file_bytes: 32 * 1024 * 1024 }
    }
}

/// Parses the WSDL file at `path` and everything it imports, with the
/// default [`Sources`].
///
/// File names in the model and in errors are relative to `display_root`.
pub fn parse_file(path: &Path, display_root: &Path) -> Result<Definitions, Error> {
    parse_file_with(path, display_root, &Sources::default())
}

/// [`parse_file`] with imports resolved as `sources` allows.
pub fn parse_file_with(path: &Path, display_root: &Path, sources: &Sources) -> Result<Definitions, Error> {
    let mut loader = Loader::new(display_root, sources, path.parent());
    loader.load_wsdl(path)
}

/// Parses WSDL text; `file` names it in errors, and imports resolve under
/// its folder (relative to the current directory) as for a file.
pub fn parse_str(xml: &str, file: &str) -> Result<Definitions, Error> {
    let mut loader = Loader::new(Path::new(""), &Sources::default(), Path::new(file).parent());
    loader.seen.insert(normalize(Path::new(file)));
    let root = parse_xml(xml, file)?;
    loader.definitions(&root, Path::new(file), file.to_owned())
}

/// A document another one names: `wsdl:import location=`, or
/// `xsd:import`/`xsd:include`/`xsd:redefine schemaLocation=` anywhere in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// As written.
    pub location: String,
    /// The namespace an import names.
    pub namespace: Option<String>,
    /// Whether the generator has the document built in (a well-known
    /// schema imported by its published URL or by namespace alone): nothing
    /// to fetch.
    pub built_in: bool,
}

/// The documents `xml` names, in document order (for `cargo xtask regen
/// --from`, which fetches them). `file` names the text in errors.
pub fn locations(xml: &str, file: &str) -> Result<Vec<Location>, Error> {
    fn walk(el: &Element, out: &mut Vec<Location>) {
        let wsdl_import = is(el, WSDL_NS, "import");
        let schema_ref = ["import", "include", "redefine"].iter().any(|l| is_xsd(el, l));
        let location = if wsdl_import { attr(el, "location") } else { attr(el, "schemaLocation") };
        if let (true, Some(location)) = (wsdl_import || schema_ref, location.map(str::trim)) {
            let namespace = attr(el, "namespace").filter(|ns| !ns.is_empty());
            let remote = location.contains("://");
            out.push(Location {
                location: location.to_owned(),
                namespace: namespace.map(str::to_owned),
                built_in: remote && known::lookup(namespace, location).is_some(),
            });
        }
        for child in children(el) {
            walk(child, out);
        }
    }
    let root = parse_xml(xml, file)?;
    let mut out = Vec::new();
    walk(&root, &mut out);
    Ok(out)
}

/// Loads files, remembering which it has seen so import cycles end.
struct Loader {
    display_root: PathBuf,
    seen: BTreeSet<PathBuf>,
    sources: Sources,
    /// Canonical folders imports may resolve under.
    allowed: Vec<PathBuf>,
}

/// Where a reference leads.
enum Source {
    File(PathBuf),
    Known(&'static known::Known),
}

/// Where an imported or included document is, as written.
#[derive(Debug)]
pub(crate) struct Reference {
    /// As written; empty for an import of a well-known namespace without
    /// a location.
    pub location: String,
    /// The namespace an import names.
    pub namespace: Option<String>,
    /// Where it was referenced, for errors (`schema x / xsd:include`).
    pub via: String,
    /// For `xsd:include`: the includer's target namespace, which a schema
    /// without its own adopts ("chameleon" include).
    pub chameleon_ns: Option<String>,
}

impl Loader {
    /// A loader for the WSDL in folder `wsdl_dir` (`None` or a folder that
    /// does not exist: imports resolve only under `sources.schema_dirs`).
    fn new(display_root: &Path, sources: &Sources, wsdl_dir: Option<&Path>) -> Self {
        let dir = wsdl_dir.map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d });
        let allowed = dir.into_iter().chain(sources.schema_dirs.iter().map(PathBuf::as_path));
        Loader {
            display_root: display_root.to_path_buf(),
            seen: BTreeSet::new(),
            allowed: allowed.filter_map(|d| d.canonicalize().ok()).collect(),
            sources: sources.clone(),
        }
    }

    fn load_wsdl(&mut self, path: &Path) -> Result<Definitions, Error> {
        self.seen.insert(normalize(path));
        let file = display(path, &self.display_root);
        let text = read_limited(path, self.sources.max_file_bytes)?;
        let root = parse_xml(&text, &file)?;
        self.definitions(&root, path, file)
    }

    /// Turns a parsed `wsdl:definitions` into the model and loads what it
    /// and its embedded schemas import or include.
    fn definitions(&mut self, root: &Element, path: &Path, file: String) -> Result<Definitions, Error> {
        let cx = Cx::new(&file);
        if !is(root, WSDL_NS, "definitions") {
            return Err(cx.invalid(format!(
                "root element is `{}`, expected wsdl:definitions (WSDL 1.1)",
                expanded(root)
            )));
        }
        let (mut defs, refs) = wsdl::definitions(&cx, root)?;
        defs.warnings.extend(cx.take_warnings());
        for r in &refs {
            self.load_reference(&mut defs, path, r)?;
        }
        Ok(defs)
    }

    /// Loads one referenced document into `defs` unless already loaded: a
    /// schema document becomes a schema (whether `wsdl:import` or
    /// `xsd:import`/`xsd:include` named it), a WSDL document an import.
    fn load_reference(&mut self, defs: &mut Definitions, from: &Path, r: &Reference) -> Result<(), Error> {
        let (path, file, text) = match self.locate(from, r)? {
            Source::Known(known) => {
                let Some(text) = known.text else { return Ok(()) };
                (PathBuf::from(known.file), known.file.to_owned(), text.to_owned())
            }
            Source::File(path) => {
                if self.seen.contains(&normalize(&path)) {
                    return Ok(());
                }
                let file = display(&path, &self.display_root);
                let text = self.read_import(from, r, &path)?;
                (path, file, text)
            }
        };
        if !self.seen.insert(normalize(&path)) {
            return Ok(());
        }
        let root = parse_xml(&text, &file)?;
        if XSD_NAMESPACES.iter().any(|ns| is(&root, ns, "schema")) {
            let cx = Cx::new(&file);
            let (schema, refs) = xsd::schema(&cx, &root, r.chameleon_ns.as_deref())?;
            defs.warnings.extend(cx.take_warnings());
            defs.schemas.push(schema);
            for inner in &refs {
                self.load_reference(defs, &path, inner)?;
            }
            Ok(())
        } else {
            let imported = self.definitions(&root, &path, file)?;
            defs.imports.push(imported);
            Ok(())
        }
    }

    /// Where a reference made in `from` leads. The one place that decides
    /// which documents may be read: relative locations resolve against the
    /// referring file; http(s) locations (and imports without a location)
    /// to a built-in well-known schema, else to a local copy in one of the
    /// schema folders. Nothing is fetched.
    fn locate(&self, from: &Path, r: &Reference) -> Result<Source, Error> {
        let remote = r.location.is_empty() || r.location.contains("://");
        if !remote {
            return Ok(Source::File(from.parent().unwrap_or(Path::new("")).join(&r.location)));
        }
        if let Some(known) = known::lookup(r.namespace.as_deref(), &r.location) {
            return Ok(Source::Known(known));
        }
        if let Some(path) = self.local_copy(&r.location) {
            return Ok(Source::File(path));
        }
        let dirs = if self.sources.schema_dirs.is_empty() {
            "no schema folder is set".to_owned()
        } else {
            let shown: Vec<String> =
                self.sources.schema_dirs.iter().map(|d| d.display().to_string()).collect();
            format!("not found in {}", shown.join(", "))
        };
        Err(Error::Unsupported {
            file: display(from, &self.display_root),
            construct: format!(
                "remote location `{}`: the generator never fetches; {dirs} (put a copy in a folder given by \
                 `--schemas <dir>`, or let `cargo xtask regen --from <url>` fetch everything)",
                r.location
            ),
            at: r.via.to_owned(),
        })
    }

    /// The text of an imported file: a regular file under the WSDL's folder
    /// or a schema folder (symbolic links followed to where they lead), of
    /// at most the size limit. A refusal names the location as written,
    /// never anything of the file's content.
    fn read_import(&self, from: &Path, r: &Reference, path: &Path) -> Result<String, Error> {
        let refused = |why: &str| Error::Import {
            file: display(from, &self.display_root),
            location: r.location.chars().take(200).collect(),
            at: r.via.clone(),
            why: why.to_owned(),
        };
        let real = path.canonicalize().map_err(|_| refused("no such file"))?;
        if !self.allowed.iter().any(|dir| real.starts_with(dir)) {
            return Err(refused("outside the WSDL's folder and the schema folders (name its folder as one)"));
        }
        if !real.is_file() {
            return Err(refused("not a regular file"));
        }
        read_limited(&real, self.sources.max_file_bytes)
    }

    /// `<dir>/<host>/<path>`, then `<dir>/<last segment>`, in each schema
    /// folder.
    fn local_copy(&self, location: &str) -> Option<PathBuf> {
        let bare = location.split_once("://").map_or(location, |(_, rest)| rest);
        let bare = bare.split(['?', '#']).next().unwrap_or(bare);
        let relative: PathBuf =
            bare.split('/').filter(|s| !s.is_empty() && *s != "." && *s != "..").collect();
        let last = relative.file_name().map(PathBuf::from);
        self.sources.schema_dirs.iter().find_map(|dir| {
            [Some(relative.clone()), last.clone()]
                .into_iter()
                .flatten()
                .map(|p| dir.join(p))
                .find(|p| p.is_file())
        })
    }
}

/// Parse context: the file for errors and the warnings found so far.
pub(crate) struct Cx<'f> {
    pub file: &'f str,
    warnings: std::cell::RefCell<Vec<String>>,
}

impl<'f> Cx<'f> {
    fn new(file: &'f str) -> Self {
        Cx { file, warnings: std::cell::RefCell::new(Vec::new()) }
    }

    pub fn warn(&self, message: String) {
        self.warnings.borrow_mut().push(format!("{}: {message}", self.file));
    }

    fn take_warnings(&self) -> Vec<String> {
        self.warnings.take()
    }

    pub fn invalid(&self, message: String) -> Error {
        Error::Invalid { file: self.file.to_owned(), message }
    }

    pub fn unsupported(&self, construct: &str, at: &str) -> Error {
        Error::Unsupported { file: self.file.to_owned(), construct: construct.to_owned(), at: at.to_owned() }
    }

    /// A required attribute.
    pub fn required<'e>(&self, el: &'e Element, name: &str, at: &str) -> Result<&'e str, Error> {
        attr(el, name)
            .ok_or_else(|| self.invalid(format!("{at}: `{}` lacks the `{name}` attribute", el.name)))
    }

    /// Resolves a `prefix:local` value against the namespaces in scope at
    /// `el`. An unprefixed value takes the default namespace, if any.
    pub fn resolve(&self, el: &Element, value: &str) -> Result<QName, Error> {
        let value = value.trim();
        let (prefix, local) = match value.split_once(':') {
            Some((prefix, local)) => (prefix, local),
            None => ("", value),
        };
        let ns = el.namespaces.as_ref().and_then(|map| map.get(prefix));
        match ns {
            Some(ns) if !ns.is_empty() => Ok(QName::new(Some(ns), local)),
            _ if prefix.is_empty() => Ok(QName::new(None, local)),
            _ => Err(Error::UnknownPrefix {
                file: self.file.to_owned(),
                prefix: prefix.to_owned(),
                value: value.to_owned(),
            }),
        }
    }

    /// Resolves the QName-valued attribute `name`, if present.
    pub fn qname_attr(&self, el: &Element, name: &str) -> Result<Option<QName>, Error> {
        attr(el, name).map(|value| self.resolve(el, value)).transpose()
    }

    /// Parses a `minOccurs`/`maxOccurs` pair (both default to 1);
    /// `minOccurs` above `maxOccurs` is invalid.
    pub fn bounds(&self, el: &Element, at: &str) -> Result<crate::model::Bounds, Error> {
        let number = |name: &str, value: &str| {
            let shown: String = value.chars().take(40).collect();
            value.trim().parse::<u32>().map_err(|_| self.invalid(format!("{at}: bad {name} `{shown}`")))
        };
        let min = attr(el, "minOccurs").map(|v| number("minOccurs", v)).transpose()?.unwrap_or(1);
        let max = match attr(el, "maxOccurs") {
            Some(v) if v.trim() == "unbounded" => None,
            Some(v) => Some(number("maxOccurs", v)?),
            None => Some(1),
        };
        if let Some(max) = max.filter(|max| min > *max) {
            return Err(self.invalid(format!("{at}: minOccurs {min} is greater than maxOccurs {max}")));
        }
        Ok(crate::model::Bounds { min, max })
    }
}

/// The text of a regular file of at most `max` bytes. A FIFO, a device or
/// a directory is refused before it is opened for reading, and at most
/// `max + 1` bytes are read whatever the file claims.
fn read_limited(path: &Path, max: u64) -> Result<String, Error> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let invalid =
        |message: &str| io(std::io::Error::new(std::io::ErrorKind::InvalidInput, message.to_owned()));
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(invalid("not a regular file"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path).map_err(io)?.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(invalid(&format!("larger than the {max}-byte limit")));
    }
    String::from_utf8(bytes).map_err(|_| invalid("not UTF-8 text"))
}

/// Parses XML text to its root element. Uses `parse_all` because
/// `Element::parse` reaches `unreachable!()` on a document without elements.
/// The nesting depth is checked first, by a streaming pass, because the
/// tree builder recurses once per level.
fn parse_xml(text: &str, file: &str) -> Result<Element, Error> {
    let xml_error = |message: String| Error::Xml { file: file.to_owned(), message };
    check_depth(text).map_err(xml_error)?;
    let nodes = Element::parse_all(text.as_bytes()).map_err(|e| xml_error(e.to_string()))?;
    nodes
        .into_iter()
        .find_map(|node| match node {
            XMLNode::Element(el) => Some(el),
            _ => None,
        })
        .ok_or_else(|| xml_error("no root element".to_owned()))
}

/// Streams through `text` and fails once elements nest deeper than
/// [`MAX_XML_DEPTH`]. Malformations are left to the tree builder, which
/// reports them as it always has.
fn check_depth(text: &str) -> Result<(), String> {
    let mut depth = 0usize;
    for event in xml::EventReader::new(text.as_bytes()) {
        match event {
            Ok(xml::reader::XmlEvent::StartElement { .. }) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(format!("elements nest deeper than {MAX_XML_DEPTH} levels"));
                }
            }
            Ok(xml::reader::XmlEvent::EndElement { .. }) => depth = depth.saturating_sub(1),
            Ok(xml::reader::XmlEvent::EndDocument) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
    Ok(())
}

/// How `path` is named in output: relative to `root` when it is below it,
/// else as the user gave it (with `.` and `..` folded where they can be),
/// with forward slashes. An empty root (or the file system root) means "as
/// given": stripping `/` would turn `/work/x.wsdl` into `work/x.wsdl`.
fn display(path: &Path, root: &Path) -> String {
    if root.parent().is_some()
        && let Ok(relative) = normalize(path).strip_prefix(normalize(root))
    {
        let parts: Vec<String> =
            relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        return parts.join("/");
    }
    as_given(path)
}

/// `path` as written, `.` dropped and `dir/..` folded lexically (a leading
/// `..` stays), with forward slashes.
fn as_given(path: &Path) -> String {
    let (mut prefix, mut absolute, mut parts) = (String::new(), false, Vec::<String>::new());
    for component in path.components() {
        match component {
            Component::Prefix(p) => prefix = p.as_os_str().to_string_lossy().into_owned(),
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::ParentDir if parts.last().is_some_and(|last| last != "..") => {
                parts.pop();
            }
            Component::ParentDir if absolute => {}
            Component::ParentDir => parts.push("..".to_owned()),
            Component::Normal(name) => parts.push(name.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("{prefix}/{joined}"),
        (false, true) => format!("{prefix}."),
        (false, false) => format!("{prefix}{joined}"),
    }
}

/// An absolute path without `.`/`..`, for cycle detection and display; does
/// not touch the file system beyond the current directory.
fn normalize(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|dir| dir.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Element children of `el`.
pub(crate) fn children(el: &Element) -> impl Iterator<Item = &Element> {
    el.children.iter().filter_map(XMLNode::as_element)
}

/// True if `el` is `{ns}local`.
pub(crate) fn is(el: &Element, ns: &str, local: &str) -> bool {
    el.name == local && el.namespace.as_deref() == Some(ns)
}

/// True if `el` is `{xsd}local` for any XML Schema namespace.
pub(crate) fn is_xsd(el: &Element, local: &str) -> bool {
    el.name == local && el.namespace.as_deref().is_some_and(|ns| XSD_NAMESPACES.contains(&ns))
}

pub(crate) fn attr<'e>(el: &'e Element, name: &str) -> Option<&'e str> {
    el.attributes.get(name).map(String::as_str)
}

/// `{ns}local` of an element, for messages.
pub(crate) fn expanded(el: &Element) -> String {
    QName { ns: el.namespace.clone(), local: el.name.clone() }.to_string()
}

/// The `wsdl:documentation` child of a WSDL element.
pub(crate) fn wsdl_doc(el: &Element) -> Option<String> {
    children(el).find(|c| is(c, WSDL_NS, "documentation")).and_then(doc_text)
}

/// The `xsd:annotation/xsd:documentation` texts of a schema element.
pub(crate) fn xsd_doc(el: &Element) -> Option<String> {
    let texts: Vec<String> = children(el)
        .filter(|c| is_xsd(c, "annotation"))
        .flat_map(children)
        .filter(|c| is_xsd(c, "documentation"))
        .filter_map(doc_text)
        .collect();
    if texts.is_empty() { None } else { Some(texts.join("\n\n")) }
}

/// All text inside `el` (documentation may hold markup), with each line
/// trimmed and blank edges removed; `None` if nothing is left.
fn doc_text(el: &Element) -> Option<String> {
    let mut raw = String::new();
    collect_text(el, &mut raw);
    let lines: Vec<&str> = raw.lines().map(str::trim).collect();
    let start = lines.iter().position(|l| !l.is_empty())?;
    let end = lines.iter().rposition(|l| !l.is_empty())?;
    Some(lines.get(start..=end)?.join("\n"))
}

fn collect_text(el: &Element, out: &mut String) {
    for node in &el.children {
        match node {
            XMLNode::Text(t) | XMLNode::CData(t) => out.push_str(t),
            XMLNode::Element(child) => collect_text(child, out),
            _ => {}
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn first_leaf(xml: &str) -> Element {
        let mut el = parse_xml(xml, "t.xml").unwrap();
        loop {
            let Some(child) = children(&el).next().cloned() else { return el };
            el = child;
        }
    }

    #[test]
    fn resolves_prefix_declared_on_ancestor() {
        let el = first_leaf(r#"<a xmlns:p="urn:p"><b><c/></b></a>"#);
        let cx = Cx::new("t.xml");
        assert_eq!(cx.resolve(&el, "p:T").unwrap(), QName::new(Some("urn:p"), "T"));
    }

    #[test]
    fn unprefixed_takes_default_namespace_or_none() {
        let cx = Cx::new("t.xml");
        let el = first_leaf(r#"<a xmlns="urn:d"><b/></a>"#);
        assert_eq!(cx.resolve(&el, "T").unwrap(), QName::new(Some("urn:d"), "T"));
        let el = first_leaf(r#"<a xmlns="urn:d"><b xmlns=""/></a>"#);
        assert_eq!(cx.resolve(&el, "T").unwrap(), QName::new(None, "T"));
    }

    #[test]
    fn inner_declaration_shadows_outer() {
        let el = first_leaf(r#"<a xmlns:p="urn:outer"><b xmlns:p="urn:inner"/></a>"#);
        let cx = Cx::new("t.xml");
        assert_eq!(cx.resolve(&el, "p:T").unwrap().ns.as_deref(), Some("urn:inner"));
    }

    #[test]
    fn unknown_prefix_is_an_error_naming_file_and_value() {
        let el = first_leaf("<a><b/></a>");
        let err = Cx::new("dir/x.wsdl").resolve(&el, "nope:T").unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, Error::UnknownPrefix { .. }), "{text}");
        assert!(text.contains("dir/x.wsdl") && text.contains("nope:T"), "{text}");
    }

    #[test]
    fn malformed_and_empty_documents_are_xml_errors() {
        assert!(matches!(parse_xml("<a><b></a>", "x"), Err(Error::Xml { .. })));
        assert!(matches!(parse_xml("", "x"), Err(Error::Xml { .. })));
        assert!(matches!(parse_xml("<!-- only -->", "x"), Err(Error::Xml { .. })));
    }

    #[test]
    fn display_is_relative_with_forward_slashes() {
        let root = Path::new("/r");
        assert_eq!(display(Path::new("/r/wsdl/a/../b.wsdl"), root), "wsdl/b.wsdl");
        assert_eq!(display(Path::new("/elsewhere/c.wsdl"), root), "/elsewhere/c.wsdl");
        // The file system root or no root: as the user gave it.
        for root in [Path::new("/"), Path::new("")] {
            assert_eq!(display(Path::new("/work/x.wsdl"), root), "/work/x.wsdl");
            assert_eq!(display(Path::new("../shared/a/./b/../c.xsd"), root), "../shared/a/c.xsd");
            assert_eq!(display(Path::new("x/../../y.wsdl"), root), "../y.wsdl");
            assert_eq!(display(Path::new("./x.wsdl"), root), "x.wsdl");
        }
    }

    #[test]
    fn documentation_is_trimmed_per_line() {
        let el = parse_xml(
            "<d xmlns:w='http://schemas.xmlsoap.org/wsdl/'><w:documentation>\n  one\n  <b>two</b>\n </w:documentation></d>",
            "x",
        )
        .unwrap();
        assert_eq!(wsdl_doc(&el).as_deref(), Some("one\ntwo"));
    }
}
