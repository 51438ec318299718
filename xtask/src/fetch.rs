//! Where `cargo xtask regen --from` gets a WSDL: a local file, or an
//! http(s) URL fetched with the runtime's HTTP client (credentials in the
//! URL become Basic auth; `--insecure` accepts a PBX's self-signed
//! certificate), and every document it references, recursively
//! (`wsdl:import`, `xsd:import`/`xsd:include`/`xsd:redefine`, wherever they
//! are). The generator never fetches, so the set is saved beside the WSDL
//! with the references rewritten to relative paths; the well-known schemas
//! the generator has built in are left as they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Most documents one WSDL may pull in: a bound on a server that invents
/// references.
const MAX_DOCUMENTS: usize = 200;

/// A WSDL and the documents it references, ready to be written: the WSDL
/// at `<name>`, the others under `<stem>/` beside it.
#[derive(Debug)]
pub struct Fetched {
    /// The WSDL's text, references rewritten.
    pub wsdl: String,
    /// The referenced documents: (path relative to the WSDL's folder, text).
    pub documents: Vec<(String, String)>,
}

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Url(String),
    File(PathBuf),
}

impl Source {
    fn parse(source: &str) -> Result<Source, String> {
        if source.starts_with("http://") || source.starts_with("https://") {
            let url = url::Url::parse(source).map_err(|e| format!("{source}: {e}"))?;
            Ok(Source::Url(url.to_string()))
        } else {
            Ok(Source::File(PathBuf::from(source)))
        }
    }

    /// `location` as written in this document, resolved against it.
    fn join(&self, location: &str) -> Result<Source, String> {
        if location.starts_with("http://") || location.starts_with("https://") {
            return Source::parse(location);
        }
        match self {
            Source::Url(base) => {
                let base = url::Url::parse(base).map_err(|e| format!("{base}: {e}"))?;
                let joined = base.join(location).map_err(|e| format!("{location} from {base}: {e}"))?;
                Ok(Source::Url(joined.to_string()))
            }
            Source::File(path) => Ok(Source::File(path.parent().unwrap_or(Path::new("")).join(location))),
        }
    }

    fn shown(&self) -> String {
        match self {
            Source::Url(u) => u.clone(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// Fetches `source` and everything it references. `stem` is the folder
/// (beside the WSDL) the other documents go to.
pub fn all(source: &str, stem: &str, insecure: bool) -> Result<Fetched, String> {
    let root = Source::parse(source)?;
    let mut texts: BTreeMap<Source, String> = BTreeMap::new();
    let mut names: BTreeMap<Source, String> = BTreeMap::new();
    let mut order = vec![root.clone()];
    let mut next = 0;
    while let Some(current) = order.get(next).cloned() {
        next += 1;
        let text = read(&current, insecure)?;
        for loc in pbx_soap_codegen::parse::locations(&text, &current.shown()).map_err(|e| e.to_string())? {
            if loc.built_in {
                continue;
            }
            let target = current.join(&loc.location)?;
            if !names.contains_key(&target) && target != root {
                let name = unique_name(&target, &names);
                names.insert(target.clone(), name);
                order.push(target);
                if order.len() > MAX_DOCUMENTS {
                    return Err(format!("{source} references more than {MAX_DOCUMENTS} documents"));
                }
            }
        }
        texts.insert(current, text);
    }
    // The WSDL sits at the top, every other document in `stem/`.
    let place = |s: &Source| -> String {
        if *s == root { String::new() } else { format!("{stem}/{}", names.get(s).map_or("", String::as_str)) }
    };
    let main_name = "../".to_owned();
    let mut documents = Vec::new();
    let mut wsdl = String::new();
    for source in &order {
        let text = texts.get(source).cloned().unwrap_or_default();
        let here_is_root = *source == root;
        let mut rewritten = text.clone();
        for loc in pbx_soap_codegen::parse::locations(&text, &source.shown()).map_err(|e| e.to_string())? {
            if loc.built_in {
                continue;
            }
            let target = source.join(&loc.location)?;
            let relative = match (here_is_root, target == root) {
                (true, _) => place(&target),
                (false, true) => format!("{main_name}{}", root_file_name()),
                (false, false) => names.get(&target).cloned().unwrap_or_default(),
            };
            rewritten = rewrite(&rewritten, &loc.location, &relative);
        }
        if here_is_root {
            wsdl = rewritten;
        } else {
            documents.push((place(source), rewritten));
        }
    }
    Ok(Fetched { wsdl, documents })
}

/// The file name the WSDL itself gets is decided by the caller; documents
/// that import it back refer to it through this placeholder, replaced by
/// [`Fetched::name_wsdl`].
fn root_file_name() -> &'static str {
    "\u{0}WSDL\u{0}"
}

impl Fetched {
    /// Puts the WSDL's file name into the documents that import it back.
    pub fn name_wsdl(&mut self, name: &str) {
        for (_, text) in &mut self.documents {
            *text = text.replace(root_file_name(), name);
        }
    }
}

/// Replaces `location="old"` / `schemaLocation='old'` attribute values.
fn rewrite(text: &str, old: &str, new: &str) -> String {
    let mut out = text.to_owned();
    for attr in ["location", "schemaLocation"] {
        for quote in ['"', '\''] {
            let escaped = old.replace('&', "&amp;");
            for written in [old.to_owned(), escaped] {
                out = out.replace(
                    &format!("{attr}={quote}{written}{quote}"),
                    &format!("{attr}={quote}{new}{quote}"),
                );
            }
        }
    }
    out
}

/// A file name for a referenced document: its last path segment (and
/// query, for `?xsd=1` style references), made safe, unique among `taken`.
fn unique_name(source: &Source, taken: &BTreeMap<Source, String>) -> String {
    let (path, query) = match source {
        Source::Url(u) => {
            let (path, query) = u.split_once('?').unwrap_or((u, ""));
            (path.to_owned(), query.to_owned())
        }
        Source::File(p) => (p.to_string_lossy().into_owned(), String::new()),
    };
    let last = path.trim_end_matches('/').rsplit(['/', '\\']).next().unwrap_or("").to_owned();
    let mut base = format!("{last}{}", if query.is_empty() { String::new() } else { format!("_{query}") });
    base = base
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') { c } else { '_' })
        .collect::<String>()
        .trim_start_matches('.')
        .to_owned();
    if base.is_empty() {
        base = "document".to_owned();
    }
    if !base.ends_with(".xsd") && !base.ends_with(".wsdl") {
        base.push_str(".xsd");
    }
    let mut name = base.clone();
    let mut n = 2;
    while taken.values().any(|t| *t == name) {
        let (stem, ext) = base.rsplit_once('.').unwrap_or((&base, "xsd"));
        name = format!("{stem}_{n}.{ext}");
        n += 1;
    }
    name
}

fn read(source: &Source, insecure: bool) -> Result<String, String> {
    match source {
        Source::File(path) => std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display())),
        Source::Url(url) => fetch_url(url, insecure),
    }
}

fn fetch_url(source: &str, insecure: bool) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start an async runtime: {e}"))?;
    runtime.block_on(async {
        let client = pbx_soap::rt::SoapClient::builder(source)
            .accept_invalid_certs(insecure)
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| e.to_string())?;
        // The builder moved any credentials out of the URL.
        client.get_text("fetch WSDL", client.endpoint()).await.map_err(|e| e.to_string())
    })
}

/// A file name for a WSDL from `source`: its last path segment without a
/// query (`UserImpl?wsdl` -> `userimpl.wsdl`), lower-cased, characters
/// other than letters, digits, `_`, `-` and `.` replaced, `.wsdl` ensured.
pub fn file_name(source: &str) -> String {
    let without_query = source.split(['?', '#']).next().unwrap_or(source);
    let last = Path::new(without_query.trim_end_matches('/'))
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("service");
    let mut name: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    for ext in [".php", ".asmx", ".svc", ".jws"] {
        if let Some(stem) = name.strip_suffix(ext) {
            name = stem.to_owned();
        }
    }
    if name.is_empty() || name == "." || name == ".." {
        name = "service".to_owned();
    }
    if !name.ends_with(".wsdl") {
        name.push_str(".wsdl");
    }
    name
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_last_path_segment() {
        assert_eq!(file_name("http://pbx:8080/pbx/services/UserImpl?wsdl"), "userimpl.wsdl");
        assert_eq!(file_name("https://srv/public_api/pb_tamtam_wsdl.php"), "pb_tamtam_wsdl.wsdl");
        assert_eq!(file_name("/tmp/My Service.wsdl"), "my_service.wsdl");
        assert_eq!(file_name("http://pbx/"), "pbx.wsdl");
        assert_eq!(file_name(""), "service.wsdl");
    }

    #[test]
    fn referenced_documents_get_unique_safe_names() {
        let mut taken = BTreeMap::new();
        let a = Source::Url("http://h/Service.svc?xsd=xsd0".into());
        let name = unique_name(&a, &taken);
        assert_eq!(name, "Service.svc_xsd_xsd0.xsd");
        taken.insert(a, name);
        let b = Source::Url("http://other/types.xsd".into());
        taken.insert(b.clone(), unique_name(&b, &taken));
        assert_eq!(unique_name(&Source::Url("http://third/types.xsd".into()), &taken), "types_2.xsd");
        assert_eq!(unique_name(&Source::File("../x/..".into()), &BTreeMap::new()), "document.xsd");
    }

    #[test]
    fn locations_are_rewritten_in_both_quote_styles_and_escaped() {
        let text = r#"<i schemaLocation="http://h/a?x=1&amp;y=2"/><j location='b.xsd'/>"#;
        let text = rewrite(text, "http://h/a?x=1&y=2", "s/a.xsd");
        let text = rewrite(&text, "b.xsd", "s/b.xsd");
        assert_eq!(text, r#"<i schemaLocation="s/a.xsd"/><j location='s/b.xsd'/>"#);
    }
}
