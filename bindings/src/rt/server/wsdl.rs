//! The WSDL a service serves at `?wsdl`: the document the port comes from,
//! with every `soap:address` of a port this server mounts pointing at the
//! server itself, so a client generated from it (PHP's `SoapClient`,
//! Axis's `WSDL2Java`, zeep) calls this server.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
const SOAP11_BINDING: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
const SOAP12_BINDING: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";

/// `wsdl` with the `location` of each `soap:address` inside a
/// `wsdl:port` named in `urls` replaced by that port's URL. Everything else
/// is written back as it was read.
pub(crate) fn rewrite(wsdl: &str, urls: &HashMap<&str, String>) -> Result<String, quick_xml::Error> {
    let mut reader = quick_xml::NsReader::from_str(wsdl);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(wsdl.len() + 256));
    let mut port: Option<String> = None;
    loop {
        let (ns, event) = reader.read_resolved_event()?;
        let in_ns = |uri: &str| matches!(&ns, ResolveResult::Bound(n) if n.0 == uri);
        match event {
            Event::Eof => break,
            Event::Start(e) if e.local_name().as_ref() == "port" && in_ns(WSDL_NS) => {
                port = name_of(&e);
                writer.write_event(Event::Start(e))?;
            }
            Event::End(e) if e.local_name().as_ref() == "port" && in_ns(WSDL_NS) => {
                port = None;
                writer.write_event(Event::End(e))?;
            }
            Event::Start(e) if is_address(&e, &ns) => {
                writer.write_event(Event::Start(relocated(e, port.as_deref(), urls)))?;
            }
            Event::Empty(e) if is_address(&e, &ns) => {
                writer.write_event(Event::Empty(relocated(e, port.as_deref(), urls)))?;
            }
            other => writer.write_event(other)?,
        }
    }
    Ok(String::from_utf8_lossy(&writer.into_inner()).into_owned())
}

fn name_of(e: &BytesStart<'_>) -> Option<String> {
    let attr = e.try_get_attribute("name").ok().flatten()?;
    attr.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
}

fn is_address(e: &BytesStart<'_>, ns: &ResolveResult<'_>) -> bool {
    e.local_name().as_ref() == "address"
        && matches!(ns, ResolveResult::Bound(n) if n.0 == SOAP11_BINDING || n.0 == SOAP12_BINDING)
}

/// The address tag, its location replaced if its port is mounted.
fn relocated<'a>(e: BytesStart<'a>, port: Option<&str>, urls: &HashMap<&str, String>) -> BytesStart<'a> {
    match port.and_then(|p| urls.get(p)) {
        Some(url) => with_location(&e, url),
        None => e,
    }
}

/// The start tag with its `location` attribute set to `url`.
fn with_location(e: &BytesStart<'_>, url: &str) -> BytesStart<'static> {
    let name = e.name().as_ref().to_owned();
    let mut out = BytesStart::new(name);
    for attr in e.attributes().flatten() {
        if attr.key.0 == "location" {
            continue;
        }
        out.push_attribute(attr);
    }
    out.push_attribute(("location", url));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn only_the_mounted_ports_addresses_change() {
        let wsdl = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/">
  <!-- a comment & more -->
  <wsdl:service name="S">
    <wsdl:port name="A" binding="b"><soap:address location="http://old/a"/></wsdl:port>
    <wsdl:port name="B" binding="b"><soap:address location="http://old/b"></soap:address></wsdl:port>
  </wsdl:service>
</wsdl:definitions>"#;
        let urls = HashMap::from([("A", "http://127.0.0.1:1/a?x=1&y=2".to_owned())]);
        let out = rewrite(wsdl, &urls).unwrap();
        assert!(out.contains(r#"<soap:address location="http://127.0.0.1:1/a?x=1&amp;y=2"/>"#), "{out}");
        assert!(out.contains(r#"<soap:address location="http://old/b"></soap:address>"#), "{out}");
        assert!(out.contains("<!-- a comment & more -->"), "{out}");
    }
}
