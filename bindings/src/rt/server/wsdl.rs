//! The WSDL a service serves at `?wsdl`: the document the port comes from,
//! with every `soap:address` of a port this server mounts pointing at the
//! server itself, so a client generated from it (PHP's `SoapClient`,
//! Axis's `WSDL2Java`, zeep) calls this server. Another port of the same
//! `wsdl:service` (a SOAP 1.2 port beside the 1.1 one, which the server
//! answers at the same path) points there too.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
const SOAP11_BINDING: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
const SOAP12_BINDING: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";

/// Where the ports of a WSDL are served: by port name, and for other ports
/// by the name of their `wsdl:service`.
#[derive(Debug, Default)]
pub(crate) struct Urls<'a> {
    pub ports: HashMap<&'a str, String>,
    pub services: HashMap<&'a str, String>,
}

impl Urls<'_> {
    fn of(&self, service: Option<&str>, port: Option<&str>) -> Option<&String> {
        port.and_then(|p| self.ports.get(p)).or_else(|| service.and_then(|s| self.services.get(s)))
    }
}

/// `wsdl` with the `location` of each `soap:address` inside a `wsdl:port`
/// served here (see [`Urls`]) replaced by its URL. Everything else is
/// written back as it was read.
pub(crate) fn rewrite(wsdl: &str, urls: &Urls<'_>) -> Result<String, quick_xml::Error> {
    let mut reader = quick_xml::NsReader::from_str(wsdl);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(wsdl.len() + 256));
    let mut port: Option<String> = None;
    let mut service: Option<String> = None;
    loop {
        let (ns, event) = reader.read_resolved_event()?;
        let in_ns = |uri: &str| matches!(&ns, ResolveResult::Bound(n) if n.0 == uri);
        match event {
            Event::Eof => break,
            Event::Start(e) if e.local_name().as_ref() == "service" && in_ns(WSDL_NS) => {
                service = name_of(&e);
                writer.write_event(Event::Start(e))?;
            }
            Event::End(e) if e.local_name().as_ref() == "service" && in_ns(WSDL_NS) => {
                service = None;
                writer.write_event(Event::End(e))?;
            }
            Event::Start(e) if e.local_name().as_ref() == "port" && in_ns(WSDL_NS) => {
                port = name_of(&e);
                writer.write_event(Event::Start(e))?;
            }
            Event::End(e) if e.local_name().as_ref() == "port" && in_ns(WSDL_NS) => {
                port = None;
                writer.write_event(Event::End(e))?;
            }
            Event::Start(e) if is_address(&e, &ns) => {
                let url = urls.of(service.as_deref(), port.as_deref());
                writer.write_event(Event::Start(relocated(e, url)))?;
            }
            Event::Empty(e) if is_address(&e, &ns) => {
                let url = urls.of(service.as_deref(), port.as_deref());
                writer.write_event(Event::Empty(relocated(e, url)))?;
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

/// The address tag, its location replaced if its port is served here.
fn relocated<'a>(e: BytesStart<'a>, url: Option<&String>) -> BytesStart<'a> {
    match url {
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
    fn the_mounted_ports_and_their_services_other_ports_point_here() {
        let wsdl = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/">
  <!-- a comment & more -->
  <wsdl:service name="S">
    <wsdl:port name="A" binding="b"><soap:address location="http://old/a"/></wsdl:port>
    <wsdl:port name="A12" binding="b12"><soap12:address xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" location="http://old/a12"/></wsdl:port>
  </wsdl:service>
  <wsdl:service name="T">
    <wsdl:port name="B" binding="b"><soap:address location="http://old/b"></soap:address></wsdl:port>
  </wsdl:service>
</wsdl:definitions>"#;
        let url = "http://127.0.0.1:1/a?x=1&y=2".to_owned();
        let urls = Urls { ports: HashMap::from([("A", url.clone())]), services: HashMap::from([("S", url)]) };
        let out = rewrite(wsdl, &urls).unwrap();
        assert!(out.contains(r#"<soap:address location="http://127.0.0.1:1/a?x=1&amp;y=2"/>"#), "{out}");
        assert!(out.contains(r#"location="http://127.0.0.1:1/a?x=1&amp;y=2"/></wsdl:port>"#), "{out}");
        assert!(!out.contains("http://old/a12"), "{out}");
        assert!(out.contains(r#"<soap:address location="http://old/b"></soap:address>"#), "{out}");
        assert!(out.contains("<!-- a comment & more -->"), "{out}");
    }
}
