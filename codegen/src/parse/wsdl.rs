//! `wsdl:definitions` -> [`crate::model::Definitions`] (without imports,
//! which the loader adds).
//!
//! SOAP extension elements are accepted in both the SOAP 1.1 and SOAP 1.2
//! binding namespaces; the version is recorded on the binding so lowering
//! can prefer SOAP 1.1.

use xmltree::Element;

use super::{Cx, Reference, SOAP11_NS, SOAP12_NS, WSDL_NS, attr, children, is, is_xsd, wsdl_doc, xsd};
use crate::Error;
use crate::ir::QName;
use crate::model::{
    Binding, BindingFault, BindingIo, BindingOperation, BindingStyle, BodyUse, Definitions, IoMessage,
    Message, Part, PartKind, Port, PortOperation, PortType, Service, SoapBinding, SoapBody, SoapHeader,
    SoapHeaderFault, SoapVersion,
};

/// Parses the definitions element; also returns the documents named by
/// `wsdl:import` and by the embedded schemas' imports/includes.
pub(crate) fn definitions(cx: &Cx, root: &Element) -> Result<(Definitions, Vec<Reference>), Error> {
    let tns = attr(root, "targetNamespace").filter(|ns| !ns.is_empty()).map(str::to_owned);
    let mut defs = Definitions {
        file: cx.file.to_owned(),
        doc: wsdl_doc(root),
        target_ns: tns.clone(),
        ..Definitions::default()
    };
    let names = Names { tns: tns.as_deref() };
    let mut refs = Vec::new();
    for child in children(root) {
        if child.namespace.as_deref() != Some(WSDL_NS) {
            cx.warn(format!("ignored extension element `{}` in definitions", super::expanded(child)));
            continue;
        }
        match child.name.as_str() {
            "import" => refs.push(import(cx, child)?),
            "types" => types(cx, child, &mut defs, &mut refs)?,
            "message" => defs.messages.push(message(cx, child, names)?),
            "portType" => defs.port_types.push(port_type(cx, child, names)?),
            "binding" => defs.bindings.push(binding(cx, child, names)?),
            "service" => defs.services.push(service(cx, child, names)?),
            "documentation" => {}
            other => cx.warn(format!("ignored wsdl:{other}")),
        }
    }
    Ok((defs, refs))
}

/// Qualifies the names of top-level WSDL components.
#[derive(Clone, Copy)]
struct Names<'a> {
    tns: Option<&'a str>,
}

impl Names<'_> {
    fn name(self, cx: &Cx, el: &Element) -> Result<QName, Error> {
        Ok(QName::new(self.tns, cx.required(el, "name", "definitions")?))
    }
}

fn import(cx: &Cx, el: &Element) -> Result<Reference, Error> {
    let location = cx.required(el, "location", "definitions / wsdl:import")?;
    Ok(Reference {
        location: location.to_owned(),
        namespace: attr(el, "namespace").filter(|ns| !ns.is_empty()).map(str::to_owned),
        via: "wsdl:import".to_owned(),
        chameleon_ns: None,
    })
}

fn types(cx: &Cx, el: &Element, defs: &mut Definitions, refs: &mut Vec<Reference>) -> Result<(), Error> {
    for child in children(el) {
        if is_xsd(child, "schema") {
            let (schema, schema_refs) = xsd::schema(cx, child, None)?;
            defs.schemas.push(schema);
            refs.extend(schema_refs);
        } else if is_xsd(child, "import") || is_xsd(child, "include") {
            // Not valid WSDL 1.1 (types holds schemas), but written by
            // vendors and accepted by every toolkit: the same as an import
            // or include in an empty schema.
            refs.extend(xsd::reference(cx, child, None, "wsdl:types")?);
        } else if !is(child, WSDL_NS, "documentation") {
            cx.warn(format!("ignored `{}` in wsdl:types", super::expanded(child)));
        }
    }
    Ok(())
}

fn message(cx: &Cx, el: &Element, names: Names) -> Result<Message, Error> {
    let name = names.name(cx, el)?;
    let at = format!("message {}", name.local);
    let mut parts = Vec::new();
    for part in children(el).filter(|c| is(c, WSDL_NS, "part")) {
        let part_name = cx.required(part, "name", &at)?;
        let kind = match (cx.qname_attr(part, "element")?, cx.qname_attr(part, "type")?) {
            (Some(element), _) => PartKind::Element(element),
            (None, Some(ty)) => PartKind::Type(ty),
            (None, None) => {
                return Err(cx.invalid(format!("{at} / part {part_name}: neither element= nor type=")));
            }
        };
        parts.push(Part { name: part_name.to_owned(), doc: wsdl_doc(part), kind });
    }
    Ok(Message { name, doc: wsdl_doc(el), parts })
}

fn port_type(cx: &Cx, el: &Element, names: Names) -> Result<PortType, Error> {
    let name = names.name(cx, el)?;
    let at = format!("portType {}", name.local);
    let mut operations = Vec::new();
    for op in children(el).filter(|c| is(c, WSDL_NS, "operation")) {
        operations.push(port_operation(cx, op, &at)?);
    }
    Ok(PortType { name, doc: wsdl_doc(el), operations })
}

fn port_operation(cx: &Cx, el: &Element, at: &str) -> Result<PortOperation, Error> {
    let name = cx.required(el, "name", at)?;
    let at = format!("{at} / operation {name}");
    let mut op = PortOperation {
        name: name.to_owned(),
        doc: wsdl_doc(el),
        parameter_order: attr(el, "parameterOrder")
            .map(|p| p.split_whitespace().map(str::to_owned).collect()),
        input: None,
        output: None,
        faults: Vec::new(),
    };
    for child in children(el).filter(|c| c.namespace.as_deref() == Some(WSDL_NS)) {
        let io = || -> Result<IoMessage, Error> {
            let message = cx.resolve(child, cx.required(child, "message", &at)?)?;
            Ok(IoMessage { name: attr(child, "name").map(str::to_owned), message })
        };
        match child.name.as_str() {
            "input" => op.input = Some(io()?),
            "output" => op.output = Some(io()?),
            "fault" => op.faults.push(io()?),
            _ => {}
        }
    }
    Ok(op)
}

/// The SOAP version of a binding extension element, if it is one.
fn soap_version(el: &Element) -> Option<SoapVersion> {
    match el.namespace.as_deref() {
        Some(SOAP11_NS) => Some(SoapVersion::Soap11),
        Some(SOAP12_NS) => Some(SoapVersion::Soap12),
        _ => None,
    }
}

fn is_soap(el: &Element, local: &str) -> bool {
    el.name == local && soap_version(el).is_some()
}

fn style(cx: &Cx, el: &Element, at: &str) -> Result<Option<BindingStyle>, Error> {
    match attr(el, "style") {
        None => Ok(None),
        Some("document") => Ok(Some(BindingStyle::Document)),
        Some("rpc") => Ok(Some(BindingStyle::Rpc)),
        Some(other) => Err(cx.invalid(format!("{at}: unknown style `{other}`"))),
    }
}

fn binding(cx: &Cx, el: &Element, names: Names) -> Result<Binding, Error> {
    let name = names.name(cx, el)?;
    let at = format!("binding {}", name.local);
    let port_type = cx.resolve(el, cx.required(el, "type", &at)?)?;
    let mut binding = Binding { name, port_type, soap: None, operations: Vec::new() };
    for child in children(el) {
        if is_soap(child, "binding") {
            let version = soap_version(child).unwrap_or(SoapVersion::Soap11);
            let transport = attr(child, "transport").map(str::to_owned);
            binding.soap = Some(SoapBinding { version, style: style(cx, child, &at)?, transport });
        } else if is(child, WSDL_NS, "operation") {
            binding.operations.push(binding_operation(cx, child, &at)?);
        }
    }
    Ok(binding)
}

fn binding_operation(cx: &Cx, el: &Element, at: &str) -> Result<BindingOperation, Error> {
    let name = cx.required(el, "name", at)?;
    let at = format!("{at} / operation {name}");
    let mut op = BindingOperation {
        name: name.to_owned(),
        doc: wsdl_doc(el),
        soap_action: None,
        style: None,
        input: None,
        output: None,
        faults: Vec::new(),
    };
    for child in children(el) {
        if is_soap(child, "operation") {
            op.soap_action = attr(child, "soapAction").map(str::to_owned);
            op.style = style(cx, child, &at)?;
        } else if is(child, WSDL_NS, "input") {
            op.input = Some(binding_io(cx, child, &format!("{at} / input"))?);
        } else if is(child, WSDL_NS, "output") {
            op.output = Some(binding_io(cx, child, &format!("{at} / output"))?);
        } else if is(child, WSDL_NS, "fault") {
            op.faults.push(binding_fault(cx, child, &format!("{at} / fault"))?);
        }
    }
    Ok(op)
}

fn binding_io(cx: &Cx, el: &Element, at: &str) -> Result<BindingIo, Error> {
    let mut io = BindingIo { name: attr(el, "name").map(str::to_owned), body: None, headers: Vec::new() };
    for child in children(el) {
        if is_soap(child, "body") {
            io.body = Some(soap_body(cx, child, at)?);
        } else if is_soap(child, "header") {
            io.headers.push(soap_header(cx, child, at)?);
        } else if !is(child, WSDL_NS, "documentation") {
            cx.warn(format!("{at}: ignored `{}`", super::expanded(child)));
        }
    }
    Ok(io)
}

/// `soap:header message= part= use=` with its `soap:headerfault`s.
fn soap_header(cx: &Cx, el: &Element, at: &str) -> Result<SoapHeader, Error> {
    let at = format!("{at} / soap:header");
    let message = cx.resolve(el, cx.required(el, "message", &at)?)?;
    let part = cx.required(el, "part", &at)?.to_owned();
    let mut faults = Vec::new();
    for child in children(el).filter(|c| is_soap(c, "headerfault")) {
        let fault_at = format!("{at} / soap:headerfault");
        faults.push(SoapHeaderFault {
            message: cx.resolve(child, cx.required(child, "message", &fault_at)?)?,
            part: cx.required(child, "part", &fault_at)?.to_owned(),
            use_: body_use(cx, child, &fault_at)?,
        });
    }
    Ok(SoapHeader {
        message,
        part,
        use_: body_use(cx, el, &at)?,
        namespace: attr(el, "namespace").filter(|ns| !ns.is_empty()).map(str::to_owned),
        faults,
    })
}

fn binding_fault(cx: &Cx, el: &Element, at: &str) -> Result<BindingFault, Error> {
    let soap = children(el).find(|c| is_soap(c, "fault"));
    let use_ = match soap {
        Some(f) => body_use(cx, f, at)?,
        None => BodyUse::Literal,
    };
    let name = attr(el, "name").or_else(|| soap.and_then(|f| attr(f, "name")));
    Ok(BindingFault { name: name.map(str::to_owned), use_ })
}

/// `use=` of `soap:body`, `soap:header`, `soap:fault`.
fn body_use(cx: &Cx, el: &Element, at: &str) -> Result<BodyUse, Error> {
    match attr(el, "use") {
        // `use` is required by WSDL 1.1; literal is what tools assume.
        None | Some("literal") => Ok(BodyUse::Literal),
        Some("encoded") => Ok(BodyUse::Encoded),
        Some(other) => Err(cx.invalid(format!("{at}: unknown use `{other}`"))),
    }
}

fn soap_body(cx: &Cx, el: &Element, at: &str) -> Result<SoapBody, Error> {
    Ok(SoapBody {
        use_: body_use(cx, el, at)?,
        namespace: attr(el, "namespace").filter(|ns| !ns.is_empty()).map(str::to_owned),
        encoding_style: attr(el, "encodingStyle").map(str::to_owned),
        parts: attr(el, "parts").map(|p| p.split_whitespace().map(str::to_owned).collect()),
    })
}

fn service(cx: &Cx, el: &Element, names: Names) -> Result<Service, Error> {
    let name = names.name(cx, el)?;
    let at = format!("service {}", name.local);
    let mut ports = Vec::new();
    for port in children(el).filter(|c| is(c, WSDL_NS, "port")) {
        let port_name = cx.required(port, "name", &at)?;
        let binding = cx.resolve(port, cx.required(port, "binding", &format!("{at} / port {port_name}"))?)?;
        let address = children(port).find(|c| is_soap(c, "address")).and_then(|a| attr(a, "location"));
        ports.push(Port {
            name: port_name.to_owned(),
            doc: wsdl_doc(port),
            binding,
            address: address.map(str::to_owned),
        });
    }
    Ok(Service { name, doc: wsdl_doc(el), ports })
}
