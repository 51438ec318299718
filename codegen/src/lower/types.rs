//! Lowering of schema types: named and anonymous complex types to structs,
//! simple types to enums or aliases, array patterns to `TypeRef::List`.
//!
//! Arrays get no type of their own: wherever a literal `ArrayOfX` (a
//! sequence of exactly one repeated element) or a SOAP-ENC array type is
//! referenced, the reference becomes a `List`. Only when such a type is a
//! document body's type does it become a struct (the body needs one).

use super::{Key, Lowerer, Origin, OriginKind, Scope};
use crate::Error;
use crate::ir::{
    Builtin, DefOrigin, Enum, Field, ListEncoding, Occurs, QName, Struct, TypeDef, TypeKind, TypeRef, Variant,
};
use crate::model::{
    ArrayType, Bounds, ComplexType, Content, ElementDef, ElementType, GlobalElement, GroupKind, LocalElement,
    Particle, SimpleDef, SimpleType, TypeDecl,
};
use crate::parse::{SOAP_ENC_NS, XSD_NAMESPACES};

/// The longest derivation chain followed (lowering recurses along it);
/// a longer one is refused as too long, a cycle as a cycle.
const MAX_DEPTH: usize = 200;

/// The builtin a schema or SOAP-ENC type name stands for, if any.
pub(super) fn builtin(q: &QName) -> Option<Builtin> {
    let ns = q.ns.as_deref()?;
    if XSD_NAMESPACES.contains(&ns) {
        return Builtin::from_xsd_name(&q.local);
    }
    if ns == SOAP_ENC_NS {
        // SOAP-ENC re-declares the schema builtins (nillable, with id/href);
        // `base64` is its own name for base64Binary.
        return match q.local.as_str() {
            "base64" => Some(Builtin::Base64Binary),
            local => Builtin::from_xsd_name(local),
        };
    }
    None
}

fn is_soap_array(q: &QName) -> bool {
    q.ns.as_deref() == Some(SOAP_ENC_NS) && q.local == "Array"
}

/// What a field needs to know about the element it comes from.
struct ElementInfo {
    wire: QName,
    nillable: bool,
    ty: TypeRef,
    doc: Option<String>,
}

impl Lowerer<'_, '_> {
    /// Resolves a type name used at `from` to a reference.
    pub(super) fn type_ref(&mut self, sc: Scope, q: &QName, from: &str) -> Result<TypeRef, Error> {
        if let Some(b) = builtin(q) {
            return Ok(TypeRef::Builtin(b));
        }
        if is_soap_array(q) {
            return Err(
                sc.unsupported(format!("untyped {q} (no arrayType to take the item type from)"), from)
            );
        }
        let ix = self.ix;
        let Some((i, entry)) = ix.types.find(sc.unit, q) else {
            return Err(sc.unresolved("type", q, from));
        };
        if let TypeDecl::Complex(ct) = &entry.item.def {
            if self.arrays_in_progress.contains(&i) {
                return Err(sc.unsupported(format!("array type {q} that contains itself"), from));
            }
            self.arrays_in_progress.push(i);
            let list = self.list_of(entry.scope(), ct, Some(q), &format!("complexType {q}"));
            self.arrays_in_progress.pop();
            if let Some(list) = list? {
                return Ok(list);
            }
        }
        Ok(TypeRef::Named(self.request(Key::Type(i))))
    }

    /// `Some(List)` if `ct` is a literal `ArrayOfX` or a SOAP-ENC array.
    /// `name` is the type's name when it is a named type.
    fn list_of(
        &mut self,
        sc: Scope,
        ct: &ComplexType,
        name: Option<&QName>,
        from: &str,
    ) -> Result<Option<TypeRef>, Error> {
        match &ct.content {
            Content::Restriction { base, particle, array_type } if is_soap_array(base) => {
                let item = single_element(particle.as_ref());
                let mut list = self.soap_array(sc, item, array_type.as_ref(), from)?;
                if let TypeRef::List { array_type, .. } = &mut list {
                    *array_type = name.cloned();
                }
                Ok(Some(list))
            }
            Content::Particle(Some(Particle::Group(g)))
                if g.bounds == Bounds::ONCE && g.particles.len() == 1 =>
            {
                match g.particles.first() {
                    Some(Particle::Element(le)) if le.bounds.repeats() => {
                        let info = self.element_info(sc, le, from)?;
                        // A list of lists stays a struct holding the inner
                        // lists (the runtime reads one wrapper level).
                        if matches!(info.ty, TypeRef::List { .. }) {
                            return Ok(None);
                        }
                        let item = Box::new(info.ty);
                        Ok(Some(TypeRef::List {
                            item,
                            item_name: info.wire,
                            encoding: ListEncoding::Literal,
                            array_type: None,
                        }))
                    }
                    _ => Ok(None),
                }
            }
            _ => Ok(None),
        }
    }

    /// A SOAP-ENC array: item type from `wsdl:arrayType` (else the item
    /// element's type), item name from the item element (else `item`).
    fn soap_array(
        &mut self,
        sc: Scope,
        item_element: Option<&LocalElement>,
        array_type: Option<&ArrayType>,
        from: &str,
    ) -> Result<TypeRef, Error> {
        let element = item_element.map(|le| self.element_info(sc, le, from)).transpose()?;
        let item = match (array_type, &element) {
            (Some(at), _) => {
                let size = at.dims.strip_prefix('[').and_then(|d| d.strip_suffix(']'));
                let one_dimension =
                    at.dims.is_empty() || size.is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
                if !one_dimension {
                    let construct = format!("SOAP-ENC array of {}{} (one dimension only)", at.item, at.dims);
                    return Err(sc.unsupported(construct, from));
                }
                self.type_ref(sc, &at.item, from)?
            }
            (None, Some(info)) => info.ty.clone(),
            (None, None) => {
                return Err(sc.unsupported("SOAP-ENC array without wsdl:arrayType".to_owned(), from));
            }
        };
        let item_name = element.map_or_else(|| QName::new(None, "item"), |info| info.wire);
        Ok(TypeRef::List {
            item: Box::new(item),
            item_name,
            encoding: ListEncoding::SoapEnc,
            array_type: None,
        })
    }

    /// Lowers a queued named type or anonymous global element type.
    pub(super) fn lower_key(&mut self, key: Key) -> Result<(TypeDef, Origin), Error> {
        let ix = self.ix;
        match key {
            Key::Type(i) => {
                let entry = ix.types.entries.get(i).ok_or_else(|| internal("type index"))?;
                let t = entry.item;
                let (doc, kind) = match &t.def {
                    TypeDecl::Complex(ct) => (
                        ct.doc.clone(),
                        self.struct_kind(entry.scope(), ct, &format!("complexType {}", t.name))?,
                    ),
                    TypeDecl::Simple(st) => (
                        st.doc.clone(),
                        self.simple_kind(entry.scope(), st, &format!("simpleType {}", t.name))?,
                    ),
                };
                let origin = Origin { file: entry.file.to_owned(), kind: OriginKind::Named };
                let def = TypeDef {
                    wire: t.name.clone(),
                    rust: String::new(),
                    doc,
                    kind,
                    origin: DefOrigin::Named,
                };
                Ok((def, origin))
            }
            Key::Element(i) => {
                let entry = ix.elements.entries.get(i).ok_or_else(|| internal("element index"))?;
                let ElementType::Complex(ct) = &entry.item.ty else { return Err(internal("element type")) };
                let kind = self.struct_kind(entry.scope(), ct, &format!("element {}", entry.item.name))?;
                let doc = ct.doc.clone().or_else(|| entry.item.doc.clone());
                let origin = Origin { file: entry.file.to_owned(), kind: OriginKind::Element };
                let def = TypeDef {
                    wire: entry.item.name.clone(),
                    rust: String::new(),
                    doc,
                    kind,
                    origin: DefOrigin::Anonymous,
                };
                Ok((def, origin))
            }
        }
    }

    /// A complex type as a struct (simple content: an alias of its base).
    fn struct_kind(&mut self, sc: Scope, ct: &ComplexType, from: &str) -> Result<TypeKind, Error> {
        if !ct.attributes.is_empty() {
            let names = ct.attributes.join(", ");
            self.warn(sc.file, format!("{from}: attributes are not supported yet and were ignored: {names}"));
        }
        if ct.mixed {
            self.warn(sc.file, format!("{from}: mixed content: text between elements is ignored"));
        }
        if let Content::Simple { base } = &ct.content {
            self.warn(sc.file, format!("{from}: simpleContent lowered to its base type {base}"));
            return Ok(TypeKind::Alias(self.builtin_of(sc, base, from, 0)?));
        }
        Ok(TypeKind::Struct(Struct { fields: self.fields(sc, ct, from, 0)? }))
    }

    /// The fields of a complex type, base type fields first.
    fn fields(&mut self, sc: Scope, ct: &ComplexType, from: &str, depth: usize) -> Result<Vec<Field>, Error> {
        let mut out = Vec::new();
        let particle = match &ct.content {
            Content::Particle(p) => p.as_ref(),
            Content::Extension { base, particle } => {
                out = self.base_fields(sc, base, from, depth)?;
                particle.as_ref()
            }
            Content::Restriction { base, .. } if is_soap_array(base) => {
                let construct = "SOAP-ENC array where a struct is needed (e.g. as a body)".to_owned();
                return Err(sc.unsupported(construct, from));
            }
            Content::Restriction { particle, .. } => particle.as_ref(),
            Content::Simple { .. } => {
                return Err(sc.unsupported("simpleContent base of a struct".to_owned(), from));
            }
        };
        if let Some(p) = particle {
            self.flatten(sc, p, Bounds::ONCE, from, &mut out)?;
        }
        Ok(out)
    }

    fn base_fields(
        &mut self,
        sc: Scope,
        base: &QName,
        from: &str,
        depth: usize,
    ) -> Result<Vec<Field>, Error> {
        if builtin(base) == Some(Builtin::AnyType) {
            return Ok(Vec::new());
        }
        let ix = self.ix;
        let entry = match ix.types.find(sc.unit, base) {
            Some((_, entry)) => entry,
            None if builtin(base).is_some() => {
                return Err(sc.unsupported(format!("complexContent extension of simple type {base}"), from));
            }
            None => return Err(sc.unresolved("type", base, from)),
        };
        match &entry.item.def {
            TypeDecl::Complex(_) if depth > MAX_DEPTH => Err(sc.unsupported(self.too_deep(sc, base), from)),
            TypeDecl::Complex(ct) => {
                self.fields(entry.scope(), ct, &format!("complexType {base}"), depth + 1)
            }
            TypeDecl::Simple(_) => {
                Err(sc.unsupported(format!("complexContent extension of simple type {base}"), from))
            }
        }
    }

    /// Appends the fields of `p`, occurring `outer` times, to `out`.
    fn flatten(
        &mut self,
        sc: Scope,
        p: &Particle,
        outer: Bounds,
        from: &str,
        out: &mut Vec<Field>,
    ) -> Result<(), Error> {
        match p {
            Particle::Element(le) => {
                if let Some(field) = self.field(sc, le, combine(outer, le.bounds), from)? {
                    out.push(field);
                }
            }
            Particle::Group(g) => {
                let mut bounds = combine(outer, g.bounds);
                if g.kind == GroupKind::Choice && g.particles.len() > 1 {
                    self.warn(
                        sc.file,
                        format!("{from}: xsd:choice lowered as a sequence of optional elements"),
                    );
                    bounds.min = 0;
                }
                if bounds.repeats() && g.particles.len() > 1 {
                    let message =
                        format!("{from}: repeated group lowered as one list per element (order is lost)");
                    self.warn(sc.file, message);
                }
                for inner in &g.particles {
                    self.flatten(sc, inner, bounds, from, out)?;
                }
            }
            Particle::Any(_) => self.warn(sc.file, format!("{from}: xsd:any is not supported yet; skipped")),
            Particle::GroupRef(q) => {
                // A named model group: its particle in place of the reference.
                let ix = self.ix;
                let Some((i, group)) = ix.groups.find(sc.unit, q) else {
                    return Err(sc.unresolved("group", q, from));
                };
                if self.groups_in_progress.contains(&i) {
                    return Err(sc.unsupported(format!("xsd:group {q} that contains itself"), from));
                }
                if let Some(p) = &group.item.particle {
                    self.groups_in_progress.push(i);
                    let result = self.flatten(group.scope(), p, outer, from, out);
                    self.groups_in_progress.pop();
                    result?;
                }
            }
        }
        Ok(())
    }

    /// A struct field for `le` occurring `bounds` times; `None` if the
    /// element is prohibited (maxOccurs=0).
    fn field(
        &mut self,
        sc: Scope,
        le: &LocalElement,
        bounds: Bounds,
        from: &str,
    ) -> Result<Option<Field>, Error> {
        if bounds.max == Some(0) {
            return Ok(None);
        }
        let info = self.element_info(sc, le, from)?;
        let occurs = if bounds.repeats() {
            Occurs::Repeated { min: bounds.min }
        } else if bounds.min == 0 {
            Occurs::Optional
        } else if info.nillable {
            Occurs::Nillable
        } else {
            Occurs::Required
        };
        Ok(Some(Field { wire: info.wire, rust: String::new(), ty: info.ty, occurs, doc: info.doc }))
    }

    /// Wire name, nillability, type and doc of a local element or ref.
    fn element_info(&mut self, sc: Scope, le: &LocalElement, from: &str) -> Result<ElementInfo, Error> {
        match &le.def {
            ElementDef::Ref(q) => {
                let ix = self.ix;
                let Some((i, entry)) = ix.elements.find(sc.unit, q) else {
                    return Err(sc.unresolved("element", q, from));
                };
                let ty = self.global_element_type(entry.scope(), i, entry.item, from)?;
                let doc = le.doc.clone().or_else(|| entry.item.doc.clone());
                Ok(ElementInfo { wire: entry.item.name.clone(), nillable: entry.item.nillable, ty, doc })
            }
            ElementDef::Local { wire, nillable, ty } => {
                let from = format!("{from} / element {}", wire.local);
                let ty = self.local_type(sc, ty, wire, &from)?;
                Ok(ElementInfo { wire: wire.clone(), nillable: *nillable, ty, doc: le.doc.clone() })
            }
        }
    }

    /// The type of global element `i` as a reference.
    pub(super) fn global_element_type(
        &mut self,
        sc: Scope,
        i: usize,
        ge: &GlobalElement,
        from: &str,
    ) -> Result<TypeRef, Error> {
        match &ge.ty {
            ElementType::Named(q) => self.type_ref(sc, q, from),
            ElementType::Complex(ct) => match self.list_of(sc, ct, None, &format!("element {}", ge.name))? {
                Some(list) => Ok(list),
                None => Ok(TypeRef::Named(self.request(Key::Element(i)))),
            },
            ElementType::Simple(st) => self.inline_simple(sc, st, &ge.name, from),
            ElementType::Untyped => Ok(TypeRef::Builtin(Builtin::AnyType)),
        }
    }

    /// The type of a local element; anonymous types are lowered on the spot
    /// (each local declaration is its own type).
    fn local_type(
        &mut self,
        sc: Scope,
        ty: &ElementType,
        wire: &QName,
        from: &str,
    ) -> Result<TypeRef, Error> {
        match ty {
            ElementType::Named(q) => self.type_ref(sc, q, from),
            ElementType::Complex(ct) => {
                if let Some(list) = self.list_of(sc, ct, None, from)? {
                    return Ok(list);
                }
                let kind = self.struct_kind(sc, ct, from)?;
                let def = TypeDef {
                    wire: wire.clone(),
                    rust: String::new(),
                    doc: ct.doc.clone(),
                    kind,
                    origin: DefOrigin::Anonymous,
                };
                Ok(TypeRef::Named(self.add_local(sc, def)))
            }
            ElementType::Simple(st) => self.inline_simple(sc, st, wire, from),
            ElementType::Untyped => Ok(TypeRef::Builtin(Builtin::AnyType)),
        }
    }

    /// Adds a type that no other reference can reach by name.
    pub(super) fn add_local(&mut self, sc: Scope, def: TypeDef) -> crate::ir::TypeId {
        let id = self.fresh();
        self.add_type(id, def, Origin { file: sc.file.to_owned(), kind: OriginKind::Local });
        id
    }

    /// An anonymous simple type: an enum type named after its element, or
    /// just its builtin base.
    fn inline_simple(
        &mut self,
        sc: Scope,
        st: &SimpleType,
        wire: &QName,
        from: &str,
    ) -> Result<TypeRef, Error> {
        match self.simple_kind(sc, st, from)? {
            TypeKind::Alias(b) => Ok(TypeRef::Builtin(b)),
            kind => {
                let def = TypeDef {
                    wire: wire.clone(),
                    rust: String::new(),
                    doc: st.doc.clone(),
                    kind,
                    origin: DefOrigin::Anonymous,
                };
                Ok(TypeRef::Named(self.add_local(sc, def)))
            }
        }
    }

    /// A simple type: an enum if it has enumeration facets, else an alias.
    fn simple_kind(&mut self, sc: Scope, st: &SimpleType, from: &str) -> Result<TypeKind, Error> {
        match &st.def {
            SimpleDef::Restriction { base, enumerations } => {
                let base = self.builtin_of(sc, base, from, 0)?;
                if enumerations.is_empty() {
                    return Ok(TypeKind::Alias(base));
                }
                let variants =
                    enumerations.iter().map(|v| Variant { wire: v.clone(), rust: String::new() }).collect();
                Ok(TypeKind::Enum(Enum { base, variants }))
            }
            SimpleDef::List { .. } | SimpleDef::Union => {
                self.warn(sc.file, format!("{from}: xsd:list/xsd:union kept as its lexical form (string)"));
                Ok(TypeKind::Alias(Builtin::String))
            }
        }
    }

    /// Why a derivation chain through `start` was not followed to its end:
    /// a cycle (named), or a chain longer than [`MAX_DEPTH`]. Walks the
    /// bases iteratively with a visited set.
    fn too_deep(&self, sc: Scope, start: &QName) -> String {
        let mut seen = std::collections::BTreeSet::new();
        let (mut unit, mut q) = (sc.unit, start.clone());
        let mut cycle = false;
        loop {
            if !seen.insert(q.clone()) {
                cycle = true;
                break;
            }
            let Some((_, entry)) = self.ix.types.find(unit, &q) else { break };
            let base = match &entry.item.def {
                TypeDecl::Complex(ct) => match &ct.content {
                    Content::Extension { base, .. } | Content::Restriction { base, .. } => base,
                    Content::Simple { base } => base,
                    _ => break,
                },
                TypeDecl::Simple(SimpleType { def: SimpleDef::Restriction { base, .. }, .. }) => base,
                TypeDecl::Simple(_) => break,
            };
            (unit, q) = (entry.scope().unit, base.clone());
        }
        if cycle {
            format!("derivation cycle through {q}")
        } else {
            format!("derivation chain through {start} longer than {MAX_DEPTH} types")
        }
    }

    /// The builtin at the root of a simple type's derivation.
    fn builtin_of(&mut self, sc: Scope, q: &QName, from: &str, depth: usize) -> Result<Builtin, Error> {
        if let Some(b) = builtin(q) {
            return Ok(b);
        }
        let ix = self.ix;
        let Some((_, entry)) = ix.types.find(sc.unit, q) else {
            return Err(sc.unresolved("type", q, from));
        };
        match &entry.item.def {
            _ if depth > MAX_DEPTH => Err(sc.unsupported(self.too_deep(sc, q), from)),
            TypeDecl::Simple(SimpleType { def: SimpleDef::Restriction { base, .. }, .. }) => {
                self.builtin_of(entry.scope(), base, from, depth + 1)
            }
            TypeDecl::Simple(_) => Ok(Builtin::String),
            TypeDecl::Complex(_) => Err(Error::Invalid {
                file: sc.file.to_owned(),
                message: format!("{from}: simple type derived from complex type {q}"),
            }),
        }
    }
}

/// The only element of a one-element model group, if that is what `p` is.
fn single_element(p: Option<&Particle>) -> Option<&LocalElement> {
    match p? {
        Particle::Group(g) if g.particles.len() == 1 => match g.particles.first()? {
            Particle::Element(le) => Some(le),
            _ => None,
        },
        Particle::Element(le) => Some(le),
        _ => None,
    }
}

/// Occurrences of a particle occurring `inner` times inside a group that
/// occurs `outer` times.
fn combine(outer: Bounds, inner: Bounds) -> Bounds {
    let max = match (outer.max, inner.max) {
        (Some(0), _) | (_, Some(0)) => Some(0),
        (Some(a), Some(b)) => Some(a.saturating_mul(b)),
        _ => None,
    };
    Bounds { min: outer.min.saturating_mul(inner.min), max }
}

fn internal(what: &str) -> Error {
    Error::Invalid { file: String::new(), message: format!("internal error: dangling {what} in lowering") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_multiply_and_unbounded_absorbs() {
        let opt = Bounds { min: 0, max: Some(1) };
        let many = Bounds { min: 1, max: None };
        assert_eq!(combine(Bounds::ONCE, opt), opt);
        assert_eq!(combine(opt, Bounds::ONCE), opt);
        assert_eq!(combine(many, opt), Bounds { min: 0, max: None });
        assert_eq!(combine(Bounds { min: 2, max: Some(3) }, Bounds { min: 1, max: Some(2) }).max, Some(6));
        assert_eq!(combine(many, Bounds { min: 0, max: Some(0) }).max, Some(0));
    }

    #[test]
    fn soap_encoding_builtins_map_like_schema_ones() {
        let enc = |l: &str| QName::new(Some(SOAP_ENC_NS), l);
        assert_eq!(builtin(&enc("string")), Some(Builtin::String));
        assert_eq!(builtin(&enc("base64")), Some(Builtin::Base64Binary));
        assert_eq!(builtin(&QName::new(Some("http://www.w3.org/1999/XMLSchema"), "int")), Some(Builtin::Int));
        assert_eq!(builtin(&QName::new(None, "int")), None);
        assert_eq!(builtin(&enc("Array")), None);
    }
}
