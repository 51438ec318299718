//! Lowering of services, ports, bindings and operations to clients.
//!
//! Document style: the body is the single part's element and its type.
//! Rpc style: the body is a wrapper struct synthesized per operation and
//! direction, named after the operation in the `soap:body` namespace, with
//! one unqualified field per part.

use super::{Direction, Entry, Key, Lowerer, Scope};
use crate::Error;
use crate::ir::{
    BodyElement, Client, DefOrigin, Field, Message, Occurs, Operation, QName, Struct, Style, TypeDef, TypeId,
    TypeKind, TypeRef, Unwrap,
};
use crate::model::{
    self, Binding, BindingOperation, BindingStyle, BodyUse, ElementType, Part, PartKind, PortType, SoapBody,
    SoapVersion, TypeDecl,
};

/// What every message of one operation needs.
struct OpCx<'a> {
    sc: Scope<'a>,
    name: &'a str,
    style: Style,
    /// Target namespace of the binding's document: the rpc wrapper
    /// namespace when `soap:body` gives none.
    tns: Option<&'a str>,
    parameter_order: Option<&'a [String]>,
    from: String,
}

impl Lowerer<'_, '_> {
    /// One client per port with a SOAP 1.1 binding, in document order.
    pub(super) fn clients(&mut self) -> Result<Vec<Client>, Error> {
        let ix = self.ix;
        let mut out = Vec::new();
        for service in &ix.services {
            for port in &service.item.ports {
                if let Some(client) = self.client(service, port)? {
                    out.push(client);
                }
            }
        }
        Ok(out)
    }

    fn client(
        &mut self,
        service: &Entry<model::Service>,
        port: &model::Port,
    ) -> Result<Option<Client>, Error> {
        let ix = self.ix;
        let sc = service.scope();
        let from = format!("service {} / port {}", service.item.name.local, port.name);
        let Some((_, binding)) = ix.bindings.find(sc.unit, &port.binding) else {
            return Err(sc.unresolved("binding", &port.binding, &from));
        };
        if !self.is_usable(sc, binding.item, &from)? {
            return Ok(None);
        }
        let bsc = binding.scope();
        let port_type_name = &binding.item.port_type;
        let Some((_, port_type)) = ix.port_types.find(bsc.unit, port_type_name) else {
            return Err(bsc.unresolved(
                "portType",
                port_type_name,
                &format!("binding {}", binding.item.name.local),
            ));
        };
        let mut operations = Vec::new();
        for bo in &binding.item.operations {
            if let Some(op) = self.operation(bsc, binding.item, port_type.item, bo)? {
                operations.push(op);
            }
        }
        Ok(Some(Client {
            port: port.name.clone(),
            service: service.item.name.local.clone(),
            rust: String::new(),
            endpoint: port.address.clone(),
            doc: port.doc.clone().or_else(|| service.item.doc.clone()),
            operations,
        }))
    }

    /// True for a SOAP 1.1 binding. Other bindings are skipped with a
    /// warning, except a SOAP 1.2 binding that has no SOAP 1.1 sibling for
    /// its port type: generating a 1.1 client for it would be wrong.
    fn is_usable(&mut self, sc: Scope, binding: &Binding, from: &str) -> Result<bool, Error> {
        let name = &binding.name;
        match binding.soap.as_ref().map(|s| s.version) {
            Some(SoapVersion::Soap11) => Ok(true),
            None => {
                self.warn(sc.file, format!("{from}: binding {name} is not a SOAP binding; port skipped"));
                Ok(false)
            }
            Some(SoapVersion::Soap12) if self.has_soap11_binding(&binding.port_type) => {
                let message =
                    format!("{from}: SOAP 1.2 binding {name} skipped (the SOAP 1.1 binding is used)");
                self.warn(sc.file, message);
                Ok(false)
            }
            Some(SoapVersion::Soap12) => {
                Err(sc.unsupported(format!("SOAP 1.2 binding {name} without a SOAP 1.1 binding"), from))
            }
        }
    }

    fn has_soap11_binding(&self, port_type: &QName) -> bool {
        self.ix.bindings.entries.iter().any(|b| {
            b.item.port_type == *port_type
                && b.item.soap.as_ref().is_some_and(|s| s.version == SoapVersion::Soap11)
        })
    }

    fn operation(
        &mut self,
        sc: Scope,
        binding: &Binding,
        port_type: &PortType,
        bo: &BindingOperation,
    ) -> Result<Option<Operation>, Error> {
        let from = format!("binding {} / operation {}", binding.name.local, bo.name);
        let input_name = bo.input.as_ref().and_then(|io| io.name.as_deref());
        let Some(op) = port_type.operations.iter().find(|op| {
            op.name == bo.name
                && (input_name.is_none() || op.input.as_ref().and_then(|i| i.name.as_deref()) == input_name)
        }) else {
            return Err(sc.unresolved(
                "operation",
                &QName::new(port_type.name.ns.as_deref(), &bo.name),
                &from,
            ));
        };
        let Some(input) = &op.input else {
            self.warn(sc.file, format!("{from}: operation without input (notification) skipped"));
            return Ok(None);
        };
        let body_in = bo.input.as_ref().and_then(|io| io.body.as_ref());
        let body_out = bo.output.as_ref().and_then(|io| io.body.as_ref());
        let style = style(sc, binding, bo, body_in.or(body_out), &from)?;
        let ocx = OpCx {
            sc,
            name: &bo.name,
            style,
            tns: binding.name.ns.as_deref(),
            parameter_order: op.parameter_order.as_deref(),
            from,
        };
        let input = self.message(&ocx, &input.message, body_in, Direction::Input)?;
        let output = match &op.output {
            Some(out) => Some(self.message(&ocx, &out.message, body_out, Direction::Output)?),
            None => None,
        };
        Ok(Some(Operation {
            wire: bo.name.clone(),
            rust: String::new(),
            doc: op.doc.clone().or_else(|| bo.doc.clone()),
            style,
            soap_action: bo.soap_action.clone().unwrap_or_default(),
            input,
            output,
        }))
    }

    fn message(
        &mut self,
        ocx: &OpCx,
        name: &QName,
        body: Option<&SoapBody>,
        dir: Direction,
    ) -> Result<Message, Error> {
        let ix = self.ix;
        let Some((_, msg)) = ix.messages.find(ocx.sc.unit, name) else {
            return Err(ocx.sc.unresolved("message", name, &ocx.from));
        };
        let mut parts = body_parts(msg, body, &ocx.from)?;
        let msc = msg.scope();
        if ocx.style == Style::DocumentLiteral {
            return match parts.as_slice() {
                [] => Ok(Message { body: None }),
                [part] => self.document_body(msc, part, &ocx.from),
                _ => Err(msc.unsupported(
                    format!("document-style message {} with several body parts", name),
                    &ocx.from,
                )),
            };
        }
        if let (Direction::Input, Some(order)) = (dir, ocx.parameter_order) {
            // Stable: parts parameterOrder leaves out keep message order.
            parts.sort_by_key(|p| order.iter().position(|o| *o == p.name).unwrap_or(usize::MAX));
        }
        let ns = body.and_then(|b| b.namespace.as_deref()).or(ocx.tns);
        let local = match dir {
            Direction::Input => ocx.name.to_owned(),
            Direction::Output => format!("{}Response", ocx.name),
        };
        let wire = QName::new(ns, &local);
        let mut fields = Vec::new();
        for part in parts {
            fields.push(self.part_field(msc, part, &ocx.from)?);
        }
        // SOAP 1.1 section 5.1: a null value may be sent by leaving the
        // accessor out. Among several output parts that is how a server says
        // "no value" (pbx10_00's UserFindDestination sends `user` only when
        // it found one), so struct and enum parts there are `Option`s.
        // Scalars stay required, and so does a single output part: it is
        // the operation's result.
        if ocx.style == Style::RpcEncoded && dir == Direction::Output && fields.len() > 1 {
            for f in &mut fields {
                if matches!(f.ty, TypeRef::Named(_) | TypeRef::Boxed(_)) {
                    f.occurs = Occurs::Optional;
                }
            }
        }
        let kind = TypeKind::Struct(Struct::of(fields));
        let origin = match dir {
            Direction::Input => DefOrigin::RpcRequest,
            Direction::Output => DefOrigin::RpcResponse,
        };
        let def =
            TypeDef { wire: wire.clone(), rust: String::new(), doc: msg.item.doc.clone(), kind, origin };
        let ty = self.add_local(msc, def);
        Ok(Message { body: Some(BodyElement { name: wire, ty, unwrap: Unwrap::Whole }) })
    }

    /// The body of a document-style message: the part's element.
    fn document_body(&mut self, sc: Scope, part: &Part, from: &str) -> Result<Message, Error> {
        let from = format!("{from} / part {}", part.name);
        let PartKind::Element(q) = &part.kind else {
            return Err(
                sc.unsupported("document-style part given by type= (element= expected)".to_owned(), &from)
            );
        };
        let ix = self.ix;
        let Some((i, element)) = ix.elements.find(sc.unit, q) else {
            return Err(sc.unresolved("element", q, &from));
        };
        let esc = element.scope();
        let ty = match &element.item.ty {
            ElementType::Complex(_) => self.request(Key::Element(i)),
            ElementType::Named(tq) => self.named_body_type(esc, q, tq, &from)?,
            ElementType::Simple(_) | ElementType::Untyped => {
                let value = self.global_element_type(esc, i, element.item, &from)?;
                self.simple_body(esc, &element.item.name, value)
            }
        };
        Ok(Message { body: Some(BodyElement { name: element.item.name.clone(), ty, unwrap: Unwrap::Whole }) })
    }

    /// The struct of a body element typed by name. Requested directly
    /// (not through `type_ref`), so array-shaped types stay structs here.
    fn named_body_type(
        &mut self,
        sc: Scope,
        element: &QName,
        ty: &QName,
        from: &str,
    ) -> Result<TypeId, Error> {
        let ix = self.ix;
        match ix.types.find(sc.unit, ty) {
            Some((i, entry)) => match &entry.item.def {
                TypeDecl::Complex(_) => Ok(self.request(Key::Type(i))),
                TypeDecl::Simple(_) => {
                    let value = self.type_ref(sc, ty, from)?;
                    Ok(self.simple_body(sc, element, value))
                }
            },
            None if super::types::builtin(ty).is_some() => {
                let value = self.type_ref(sc, ty, from)?;
                Ok(self.simple_body(sc, element, value))
            }
            None => Err(sc.unresolved("type", ty, from)),
        }
    }

    /// The struct of a body element of a simple type (or `anyType`): its
    /// text is its one field, named after the element, so the operation
    /// takes or returns the value itself.
    fn simple_body(&mut self, sc: Scope, element: &QName, value: TypeRef) -> TypeId {
        let fields = super::content::body_value_fields(element, value);
        let def = TypeDef {
            wire: element.clone(),
            rust: String::new(),
            doc: None,
            kind: TypeKind::Struct(Struct::of(fields)),
            origin: DefOrigin::Anonymous,
        };
        self.add_local(sc, def)
    }

    /// A wrapper field for an rpc part: unqualified and named after the part
    /// for `type=`; the element's name and type for `element=`.
    fn part_field(&mut self, sc: Scope, part: &Part, from: &str) -> Result<Field, Error> {
        let from = format!("{from} / part {}", part.name);
        let (wire, ty) = match &part.kind {
            PartKind::Type(q) => (QName::new(None, &part.name), self.type_ref(sc, q, &from)?),
            PartKind::Element(q) => {
                let ix = self.ix;
                let Some((i, element)) = ix.elements.find(sc.unit, q) else {
                    return Err(sc.unresolved("element", q, &from));
                };
                (
                    element.item.name.clone(),
                    self.global_element_type(element.scope(), i, element.item, &from)?,
                )
            }
        };
        Ok(Field::element(wire, ty, Occurs::Required, part.doc.clone()))
    }
}

/// The IR style of a binding operation: operation style over binding
/// style (default document), `use` from `soap:body` (default literal).
fn style(
    sc: Scope,
    binding: &Binding,
    bo: &BindingOperation,
    body: Option<&SoapBody>,
    from: &str,
) -> Result<Style, Error> {
    let binding_style = binding.soap.as_ref().and_then(|s| s.style);
    let kind = bo.style.or(binding_style).unwrap_or(BindingStyle::Document);
    let use_ = body.map_or(BodyUse::Literal, |b| b.use_);
    match (kind, use_) {
        (BindingStyle::Document, BodyUse::Literal) => Ok(Style::DocumentLiteral),
        (BindingStyle::Rpc, BodyUse::Literal) => Ok(Style::RpcLiteral),
        (BindingStyle::Rpc, BodyUse::Encoded) => Ok(Style::RpcEncoded),
        (BindingStyle::Document, BodyUse::Encoded) => {
            Err(sc.unsupported("document/encoded binding".to_owned(), from))
        }
    }
}

/// The message parts `soap:body parts=` selects (all when absent).
fn body_parts<'m>(
    msg: &Entry<'m, model::Message>,
    body: Option<&SoapBody>,
    from: &str,
) -> Result<Vec<&'m Part>, Error> {
    let parts = &msg.item.parts;
    let Some(names) = body.and_then(|b| b.parts.as_ref()) else {
        return Ok(parts.iter().collect());
    };
    if let Some(missing) = names.iter().find(|n| !parts.iter().any(|p| &p.name == *n)) {
        let message =
            format!("{from}: soap:body names part `{missing}` that message {} lacks", msg.item.name);
        return Err(Error::Invalid { file: msg.file.to_owned(), message });
    }
    Ok(parts.iter().filter(|p| names.contains(&p.name)).collect())
}
