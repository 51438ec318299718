//! Where `cargo xtask regen --from` gets a WSDL: a local file, or an
//! http(s) URL fetched with the runtime's HTTP client (credentials in the
//! URL become Basic auth; `--insecure` accepts a PBX's self-signed
//! certificate).

use std::path::Path;
use std::time::Duration;

/// The WSDL text at `source`.
pub fn wsdl(source: &str, insecure: bool) -> Result<String, String> {
    if source.starts_with("http://") || source.starts_with("https://") {
        return url(source, insecure);
    }
    std::fs::read_to_string(source).map_err(|e| format!("{source}: {e}"))
}

fn url(source: &str, insecure: bool) -> Result<String, String> {
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
mod tests {
    use super::file_name;

    #[test]
    fn names_come_from_the_last_path_segment() {
        assert_eq!(file_name("http://pbx:8080/pbx/services/UserImpl?wsdl"), "userimpl.wsdl");
        assert_eq!(file_name("https://srv/public_api/pb_tamtam_wsdl.php"), "pb_tamtam_wsdl.wsdl");
        assert_eq!(file_name("/tmp/My Service.wsdl"), "my_service.wsdl");
        assert_eq!(file_name("http://pbx/"), "pbx.wsdl");
        assert_eq!(file_name(""), "service.wsdl");
    }
}
