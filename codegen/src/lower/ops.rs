//! Lowering of services, ports, bindings and operations to clients.
//!
//! Document style: the body is the single part's element and its type.
//! Rpc style: the body is a wrapper struct synthesized per operation and
//! direction, named after the operation in the `soap:body` namespace, with
//! one unqualified field per part.

use super::{Direction, Entry, Key, Lowerer, Scope};
use crate::Error;
use crate::ir::{
    BodyElement, DefOrigin, Field, Message, Occurs, Operation, QName, Struct, Style, TypeDef, TypeId,
    TypeKind, TypeRef, Unwrap,
};
use crate::model::{
    self, Binding, BindingOperation, BindingStyle, BodyUse, ElementType, IoMessage, Part, PartKind,
    PortOperation, PortType, SoapBody, SoapHeader, TypeDecl,
};

/// What every message of one operation needs.
pub(super) struct OpCx<'a> {
    pub sc: Scope<'a>,
    name: &'a str,
    pub style: Style,
    /// Target namespace of the binding's document: the rpc wrapper
    /// namespace when `soap:body` gives none.
    tns: Option<&'a str>,
    parameter_order: Option<&'a [String]>,
    pub from: String,
}

impl<'d> Lowerer<'_, 'd> {
    pub(super) fn operation(
        &mut self,
        sc: Scope,
        binding: &Binding,
        port_type: &'d PortType,
        bo: &'d BindingOperation,
        nth: usize,
    ) -> Result<Option<Operation>, Error> {
        let from = format!("binding {} / operation {}", binding.name.local, bo.name);
        let op = self.match_operation(sc, port_type, bo, nth, &from)?;
        let Some(input) = &op.input else {
            self.warn(sc.file, format!("{from}: operation without input (notification) skipped"));
            return Ok(None);
        };
        let io_in = bo.input.as_ref();
        let io_out = bo.output.as_ref();
        let body_in = io_in.and_then(|io| io.body.as_ref());
        let body_out = io_out.and_then(|io| io.body.as_ref());
        let style = style(sc, binding, bo, body_in.or(body_out), &from)?;
        let ocx = OpCx {
            sc,
            name: &bo.name,
            style,
            tns: binding.name.ns.as_deref(),
            parameter_order: op.parameter_order.as_deref(),
            from,
        };
        let no_headers: &[SoapHeader] = &[];
        let headers_in = io_in.map_or(no_headers, |io| io.headers.as_slice());
        let headers_out = io_out.map_or(no_headers, |io| io.headers.as_slice());
        let input = self.message(&ocx, &input.message, body_in, headers_in, Direction::Input)?;
        let output = match &op.output {
            Some(out) => Some(self.message(&ocx, &out.message, body_out, headers_out, Direction::Output)?),
            None => None,
        };
        let binding_side = self.operation_binding(&ocx, headers_in, headers_out, &op.faults)?;
        Ok(Some(Operation {
            wire: bo.name.clone(),
            rust: String::new(),
            doc: op.doc.clone().or_else(|| bo.doc.clone()),
            style,
            soap_action: bo.soap_action.clone().unwrap_or_default(),
            input,
            output,
            binding: binding_side,
        }))
    }

    /// The port type operation a binding operation binds (WSDL 1.1
    /// section 2.4.6): same name, and same input and output names where the
    /// binding gives them, the port type's defaulting per section 2.4.5
    /// (`<op>Request`/`<op>Response`; `<op>` for a one-way operation).
    /// Overloads are told apart by those names. With the lenient setting a
    /// binding whose names match nothing, or do not tell overloads apart,
    /// is matched by position among the operations of its name.
    fn match_operation(
        &mut self,
        sc: Scope,
        port_type: &'d PortType,
        bo: &BindingOperation,
        nth: usize,
        from: &str,
    ) -> Result<&'d PortOperation, Error> {
        let named: Vec<&PortOperation> =
            port_type.operations.iter().filter(|op| op.name == bo.name).collect();
        if named.is_empty() {
            let q = QName::new(port_type.name.ns.as_deref(), &bo.name);
            return Err(sc.unresolved("operation", &q, from));
        }
        let input_name = bo.input.as_ref().and_then(|io| io.name.as_deref());
        let output_name = bo.output.as_ref().and_then(|io| io.name.as_deref());
        let matching: Vec<&PortOperation> = named
            .iter()
            .copied()
            .filter(|op| {
                input_name.is_none_or(|n| default_names(op).0.as_deref() == Some(n))
                    && output_name.is_none_or(|n| default_names(op).1.as_deref() == Some(n))
            })
            .collect();
        if let [only] = matching.as_slice() {
            return Ok(only);
        }
        let shown = |n: Option<&str>| n.map_or_else(|| "(none)".to_owned(), |n| format!("`{n}`"));
        let problem = if matching.is_empty() {
            let declared: Vec<String> = named
                .iter()
                .map(|op| {
                    let (i, o) = default_names(op);
                    format!("{}/{}", shown(i.as_deref()), shown(o.as_deref()))
                })
                .collect();
            format!(
                "{from}: input name {} and output name {} match no port type operation `{}` (input/output names: {})",
                shown(input_name),
                shown(output_name),
                bo.name,
                declared.join(", ")
            )
        } else {
            format!(
                "{from}: {} overloads of `{}` that the binding's input/output names do not tell apart",
                matching.len(),
                bo.name
            )
        };
        let candidates = if matching.is_empty() { &named } else { &matching };
        let Some(by_position) = candidates.get(nth).or(candidates.first()).copied() else {
            return Err(Error::Invalid { file: sc.file.to_owned(), message: problem });
        };
        if !self.lenient {
            return Err(Error::Lenient { file: sc.file.to_owned(), message: problem });
        }
        self.warn(sc.file, format!("{problem}; matched by position (lenient setting)"));
        Ok(by_position)
    }

    fn message(
        &mut self,
        ocx: &OpCx,
        name: &QName,
        body: Option<&SoapBody>,
        headers: &[SoapHeader],
        dir: Direction,
    ) -> Result<Message, Error> {
        let ix = self.ix;
        let (_, msg) = self.resolve(&ix.messages, ocx.sc, "message", name, &ocx.from)?;
        let mut parts = body_parts(msg, body, headers, &ocx.from)?;
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
        let (i, element) = self.resolve(&ix.elements, sc, "element", q, &from)?;
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
                let (i, element) = self.resolve(&ix.elements, sc, "element", q, &from)?;
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

/// The message parts that go into the body: those `soap:body parts=`
/// selects (all when absent), less those bound to a `soap:header` of the
/// same message.
fn body_parts<'m>(
    msg: &Entry<'m, model::Message>,
    body: Option<&SoapBody>,
    headers: &[SoapHeader],
    from: &str,
) -> Result<Vec<&'m Part>, Error> {
    let parts = &msg.item.parts;
    let in_header = |p: &Part| headers.iter().any(|h| h.message == msg.item.name && h.part == p.name);
    let Some(names) = body.and_then(|b| b.parts.as_ref()) else {
        return Ok(parts.iter().filter(|p| !in_header(p)).collect());
    };
    if let Some(missing) = names.iter().find(|n| !parts.iter().any(|p| &p.name == *n)) {
        let message =
            format!("{from}: soap:body names part `{missing}` that message {} lacks", msg.item.name);
        return Err(Error::Invalid { file: msg.file.to_owned(), message });
    }
    Ok(parts.iter().filter(|p| names.contains(&p.name) && !in_header(p)).collect())
}

/// The input and output names of a port type operation, explicit or
/// defaulted (WSDL 1.1 section 2.4.5).
fn default_names(op: &PortOperation) -> (Option<String>, Option<String>) {
    let name =
        |io: &Option<IoMessage>, default: String| io.as_ref().map(|m| m.name.clone().unwrap_or(default));
    match (&op.input, &op.output) {
        (Some(_), Some(_)) => {
            (name(&op.input, format!("{}Request", op.name)), name(&op.output, format!("{}Response", op.name)))
        }
        _ => (name(&op.input, op.name.clone()), name(&op.output, op.name.clone())),
    }
}
