//! The well-known schemas WSDLs import by http URL (or by namespace alone),
//! built in so the generator never needs the network. `known/README.md`
//! records where each copy comes from.

/// SOAP 1.1 encoding: modelled natively (its builtins and arrays), so
/// importing it loads nothing.
pub(crate) const SOAP_ENC_NS: &str = super::SOAP_ENC_NS;
/// WS-Security namespaces: modelled natively (the runtime writes the
/// `wsse:Security` header), so importing them loads nothing.
pub const WSSE_NS: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
pub const WSU_NS: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

/// A built-in schema document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known {
    pub namespace: &'static str,
    /// Names it in the model and in messages (`builtin:xml.xsd`).
    pub file: &'static str,
    /// `None` for a namespace modelled natively.
    pub text: Option<&'static str>,
}

const KNOWN: &[Known] = &[
    Known { namespace: SOAP_ENC_NS, file: "builtin:soap-encoding", text: None },
    Known { namespace: WSSE_NS, file: "builtin:wsse", text: None },
    Known { namespace: WSU_NS, file: "builtin:wsu", text: None },
    Known {
        namespace: "http://schemas.xmlsoap.org/soap/envelope/",
        file: "builtin:soap-envelope-1.1.xsd",
        text: Some(include_str!("known/soap-envelope-1.1.xsd")),
    },
    Known {
        namespace: "http://www.w3.org/2003/05/soap-envelope",
        file: "builtin:soap-envelope-1.2.xsd",
        text: Some(include_str!("known/soap-envelope-1.2.xsd")),
    },
    Known {
        namespace: "http://schemas.xmlsoap.org/wsdl/",
        file: "builtin:wsdl.xsd",
        text: Some(include_str!("known/wsdl.xsd")),
    },
    Known {
        namespace: "http://www.w3.org/XML/1998/namespace",
        file: "builtin:xml.xsd",
        text: Some(include_str!("known/xml.xsd")),
    },
    Known {
        namespace: "http://www.w3.org/2005/05/xmlmime",
        file: "builtin:xmlmime.xsd",
        text: Some(include_str!("known/xmlmime.xsd")),
    },
    Known {
        namespace: "http://www.w3.org/2005/08/addressing",
        file: "builtin:ws-addr.xsd",
        text: Some(include_str!("known/ws-addr.xsd")),
    },
];

/// Published locations of the same documents, for imports that give a
/// location but no namespace (a `wsdl:import` of a schema, say).
const LOCATIONS: &[(&str, &str)] = &[
    ("schemas.xmlsoap.org/soap/encoding", SOAP_ENC_NS),
    ("schemas.xmlsoap.org/soap/envelope", "http://schemas.xmlsoap.org/soap/envelope/"),
    ("schemas.xmlsoap.org/wsdl", "http://schemas.xmlsoap.org/wsdl/"),
    ("schemas.xmlsoap.org/wsdl/2003-02-11.xsd", "http://schemas.xmlsoap.org/wsdl/"),
    ("www.w3.org/2003/05/soap-envelope", "http://www.w3.org/2003/05/soap-envelope"),
    ("www.w3.org/2001/xml.xsd", "http://www.w3.org/XML/1998/namespace"),
    ("www.w3.org/2005/05/xmlmime", "http://www.w3.org/2005/05/xmlmime"),
    ("www.w3.org/2005/05/xmlmime.xsd", "http://www.w3.org/2005/05/xmlmime"),
    ("www.w3.org/2005/08/addressing/ws-addr.xsd", "http://www.w3.org/2005/08/addressing"),
    ("www.w3.org/2006/03/addressing/ws-addr.xsd", "http://www.w3.org/2005/08/addressing"),
    ("docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd", WSSE_NS),
    ("docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd", WSU_NS),
];

/// Whether `ns` is a namespace the generator has built in.
pub(crate) fn is_known_namespace(ns: &str) -> bool {
    by_namespace(ns).is_some()
}

pub(crate) fn by_namespace(ns: &str) -> Option<&'static Known> {
    let ns = ns.trim();
    KNOWN.iter().find(|k| k.namespace == ns || k.namespace.trim_end_matches('/') == ns.trim_end_matches('/'))
}

/// The built-in document an import names: by its namespace when the
/// location is remote or absent, else by a published URL.
pub(crate) fn lookup(namespace: Option<&str>, location: &str) -> Option<&'static Known> {
    if let Some(known) = namespace.and_then(by_namespace) {
        return Some(known);
    }
    let bare = location.split_once("://").map_or(location, |(_, rest)| rest);
    let bare = bare.trim_end_matches('/');
    LOCATIONS.iter().find(|(url, _)| *url == bare).and_then(|(_, ns)| by_namespace(ns))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_document_parses_as_a_schema_of_its_namespace() {
        for known in KNOWN {
            let Some(text) = known.text else { continue };
            let root = super::super::parse_xml(text, known.file).unwrap();
            let cx = super::super::Cx::new(known.file);
            let (schema, _) = super::super::xsd::schema(&cx, &root, None).unwrap();
            assert_eq!(schema.target_ns.as_deref(), Some(known.namespace), "{}", known.file);
            assert!(cx.take_warnings().is_empty(), "{}: parse warnings", known.file);
        }
    }

    #[test]
    fn lookups_by_namespace_and_by_url() {
        assert_eq!(lookup(None, "http://schemas.xmlsoap.org/soap/encoding/").unwrap().namespace, SOAP_ENC_NS);
        assert!(lookup(None, "http://schemas.xmlsoap.org/soap/encoding/").unwrap().text.is_none());
        assert_eq!(
            lookup(None, "http://www.w3.org/2001/xml.xsd").unwrap().namespace,
            "http://www.w3.org/XML/1998/namespace"
        );
        assert_eq!(
            lookup(Some("http://www.w3.org/2005/08/addressing"), "https://elsewhere/x.xsd").unwrap().file,
            "builtin:ws-addr.xsd"
        );
        assert!(lookup(None, "http://example.com/types.xsd").is_none());
        assert!(lookup(Some("urn:vendor"), "").is_none());
    }
}
