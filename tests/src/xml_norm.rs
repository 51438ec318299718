//! XML normalisation for comparing envelopes: two documents normalise to
//! the same text exactly when they have the same elements, in the same
//! order, with the same namespace URIs, attributes and text.
//!
//! What is free: namespace prefixes and where namespaces are declared,
//! whitespace between elements and around text, comments, processing
//! instructions, the XML declaration, and an empty SOAP `Header` (SOAP 1.1
//! makes the Header optional; an empty one carries nothing, and the vendor
//! examples write one). Everything else is kept: element names and
//! namespaces, order, attribute values (QName values of `xsi:type` and the
//! item type of `SOAP-ENC:arrayType` resolved to `{uri}local`), text.

use std::fmt::Write as _;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{QName, ResolveResult};

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP_ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";

#[derive(Debug, PartialEq, Eq)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

/// The normal form of `xml`, one element per line, indented by depth.
pub fn normalize(xml: &str) -> Result<String, String> {
    let root = parse(xml)?;
    let mut out = String::new();
    print(&root, 0, &mut out);
    Ok(out)
}

fn parse(xml: &str) -> Result<Element, String> {
    let mut reader = NsReader::from_reader(xml.as_bytes());
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => stack.push(element(&reader, &e)?),
            Event::Empty(e) => {
                let el = element(&reader, &e)?;
                if let Some(done) = close(&mut stack, el) {
                    return Ok(done);
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced end tag")?;
                if let Some(done) = close(&mut stack, el) {
                    return Ok(done);
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                let c = match &*r {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "apos" => '\'',
                    "quot" => '"',
                    other => return Err(format!("entity &{other};")),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push(c);
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c.xml10_content());
                }
            }
            Event::Eof => return Err("document ended before its root element closed".into()),
            _ => {}
        }
    }
}

/// Attaches a finished element to its parent, or returns it as the root.
fn close(stack: &mut [Element], mut el: Element) -> Option<Element> {
    el.text = el.text.trim().to_owned();
    let empty_header =
        el.name == format!("{{{SOAP_ENV}}}Header") && el.children.is_empty() && el.text.is_empty();
    match stack.last_mut() {
        Some(parent) => {
            if !empty_header {
                parent.children.push(el);
            }
            None
        }
        None => Some(el),
    }
}

fn element(reader: &NsReader<&[u8]>, e: &BytesStart<'_>) -> Result<Element, String> {
    let (ns, local) = reader.resolver().resolve_element(e.name());
    let name = expanded(ns, local.as_ref())?;
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = a.key.0;
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let (ans, local) = reader.resolver().resolve_attribute(a.key);
        let value =
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|e| e.to_string())?.into_owned();
        let is_xsi_type = matches!(ans, ResolveResult::Bound(n) if n.0 == XSI) && local.as_ref() == "type";
        let is_array_type =
            matches!(ans, ResolveResult::Bound(n) if n.0 == SOAP_ENC) && local.as_ref() == "arrayType";
        let value = if is_xsi_type {
            let (vns, vlocal) = reader.resolver().resolve_element(QName(&value));
            expanded(vns, vlocal.as_ref())?
        } else if is_array_type {
            // `ns:T[n]`: the item type is a QName, the dimensions follow it.
            let (ty, dims) = value.split_at(value.find('[').unwrap_or(value.len()));
            let (vns, vlocal) = reader.resolver().resolve_element(QName(ty));
            format!("{}{dims}", expanded(vns, vlocal.as_ref())?)
        } else {
            value
        };
        attrs.push((expanded(ans, local.as_ref())?, value));
    }
    attrs.sort();
    Ok(Element { name, attrs, text: String::new(), children: Vec::new() })
}

/// `{uri}local`, or `local` for a name in no namespace. A prefix with no
/// declaration in scope is an error: dropping it would make `a:x` and `b:x`
/// compare equal.
fn expanded(ns: ResolveResult<'_>, local: &str) -> Result<String, String> {
    match ns {
        ResolveResult::Bound(n) => Ok(format!("{{{}}}{local}", n.0)),
        ResolveResult::Unbound => Ok(local.to_owned()),
        ResolveResult::Unknown(prefix) => Err(format!("undeclared prefix in `{prefix}:{local}`")),
    }
}

fn print(el: &Element, depth: usize, out: &mut String) {
    let _ = write!(out, "{:indent$}{}", "", el.name, indent = depth * 2);
    for (k, v) in &el.attrs {
        let _ = write!(out, " @{k}={v:?}");
    }
    if !el.text.is_empty() {
        let _ = write!(out, " = {:?}", el.text);
    }
    out.push('\n');
    for c in &el.children {
        print(c, depth + 1, out);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::normalize;

    const A: &str = r#"<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"
        xmlns:c="urn:c"><s:Header/><s:Body><!-- hint --><c:Op><x> 1 </x><y>a&amp;b</y></c:Op></s:Body></s:Envelope>"#;

    #[test]
    fn prefixes_declarations_whitespace_comments_and_empty_header_are_free() {
        let b = r#"<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body>
            <ns1:Op xmlns:ns1="urn:c">
              <x xmlns="">1</x>
              <y xmlns=""><![CDATA[a&b]]></y>
            </ns1:Op></Body></Envelope>"#;
        assert_eq!(normalize(A).unwrap(), normalize(b).unwrap());
    }

    #[test]
    fn order_names_namespaces_and_values_are_not() {
        let base = normalize(A).unwrap();
        let variants = [
            // order
            A.replace("<x> 1 </x><y>a&amp;b</y>", "<y>a&amp;b</y><x> 1 </x>"),
            // element name
            A.replace("<x> 1 </x>", "<z> 1 </z>"),
            // namespace of the wrapper
            A.replace(r#"xmlns:c="urn:c""#, r#"xmlns:c="urn:other""#),
            // namespace of a child (qualified instead of unqualified)
            A.replace("<x> 1 </x>", "<c:x> 1 </c:x>"),
            // value
            A.replace("a&amp;b", "a&amp;c"),
            // a non-empty header is content
            A.replace("<s:Header/>", "<s:Header><c:h>1</c:h></s:Header>"),
            // an attribute
            A.replace("<x>", r#"<x xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true">"#),
        ];
        for v in variants {
            assert_ne!(base, normalize(&v).unwrap(), "{v}");
        }
    }

    #[test]
    fn xsi_type_values_compare_by_namespace() {
        let a =
            r#"<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:p="urn:t" xsi:type="p:T"/>"#;
        let b =
            r#"<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:q="urn:t" xsi:type="q:T"/>"#;
        let c =
            r#"<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:q="urn:u" xsi:type="q:T"/>"#;
        assert_eq!(normalize(a).unwrap(), normalize(b).unwrap());
        assert_ne!(normalize(a).unwrap(), normalize(c).unwrap());
    }

    #[test]
    fn array_type_item_types_compare_by_namespace_and_keep_their_size() {
        let enc = r#"xmlns:e="http://schemas.xmlsoap.org/soap/encoding/""#;
        let a = format!(r#"<a {enc} xmlns:p="urn:t" e:arrayType="p:T[2]"/>"#);
        let b = format!(r#"<a {enc} xmlns:q="urn:t" e:arrayType="q:T[2]"/>"#);
        let other_ns = format!(r#"<a {enc} xmlns:q="urn:u" e:arrayType="q:T[2]"/>"#);
        let other_size = format!(r#"<a {enc} xmlns:q="urn:t" e:arrayType="q:T[3]"/>"#);
        assert_eq!(normalize(&a).unwrap(), normalize(&b).unwrap());
        assert_ne!(normalize(&a).unwrap(), normalize(&other_ns).unwrap());
        assert_ne!(normalize(&a).unwrap(), normalize(&other_size).unwrap());
    }

    #[test]
    fn malformed_documents_are_errors() {
        assert!(normalize("<a><b></a>").is_err());
        assert!(normalize("<a>").is_err());
    }

    #[test]
    fn undeclared_prefixes_are_errors() {
        assert!(normalize("<p:a/>").is_err());
        assert!(normalize(r#"<a p:b="1"/>"#).is_err());
        assert!(
            normalize(r#"<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="p:T"/>"#)
                .is_err()
        );
    }
}
