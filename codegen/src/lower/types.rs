//! Lowering of type references: a schema type name, or an element's
//! type, becomes a [`TypeRef`]; requested named types are lowered here by
//! kind (complex types in `content`, simple types in `simple`, the choices
//! of derived types and substitution groups in `poly`).
//!
//! Arrays get no type of their own: wherever a literal `ArrayOfX` (a
//! sequence of exactly one repeated element, no attributes) or a SOAP-ENC
//! array type is referenced, the reference becomes a `List`. Only when such
//! a type is a document body's type does it become a struct (the body
//! needs one).

use super::{Key, Origin, OriginKind, Scope};
use crate::Error;
use crate::ir::{Builtin, DefOrigin, Field, ListEncoding, Occurs, QName, TypeDef, TypeKind, TypeRef};
use crate::model::{
    ArrayType, Bounds, ComplexType, Content, ElementDef, ElementType, GlobalElement, LocalElement, Particle,
    SimpleDef, SimpleType, TypeDecl,
};
use crate::parse::{SOAP_ENC_NS, XSD_NAMESPACES};

/// The longest derivation chain followed (lowering recurses along it);
/// a longer one is refused as too long, a cycle as a cycle.
pub(super) const MAX_DEPTH: usize = 200;

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

/// The built-in list type (`NMTOKENS`...) `q` names, if it names one.
pub(super) fn builtin_list(q: &QName) -> Option<&'static str> {
    builtin(q)?;
    ["NMTOKENS", "IDREFS", "ENTITIES"].into_iter().find(|l| *l == q.local)
}

fn is_soap_array(q: &QName) -> bool {
    q.ns.as_deref() == Some(SOAP_ENC_NS) && q.local == "Array"
}

/// What a field needs to know about the element it comes from.
pub(super) struct ElementInfo {
    pub wire: QName,
    pub nillable: bool,
    pub ty: TypeRef,
    pub doc: Option<String>,
}

impl<'d> super::Lowerer<'_, 'd> {
    /// Resolves a type name used at `from` to a reference.
    pub(super) fn type_ref(&mut self, sc: Scope, q: &QName, from: &str) -> Result<TypeRef, Error> {
        if let Some(list) = builtin_list(q) {
            return Ok(TypeRef::Named(self.request(Key::BuiltinList(list))));
        }
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
            if !self.derived_types(i).is_empty() {
                return Ok(TypeRef::Named(self.request(Key::Derived(i))));
            }
        }
        Ok(TypeRef::Named(self.request(Key::Type(i))))
    }

    /// `Some(List)` if `ct` is a literal `ArrayOfX` or a SOAP-ENC array.
    /// `name` is the type's name when it is a named type.
    fn list_of(
        &mut self,
        sc: Scope<'d>,
        ct: &'d ComplexType,
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
            // Attributes or mixed text would be lost in a plain list.
            _ if !ct.attributes.is_empty() || ct.mixed => Ok(None),
            Content::Particle(Some(Particle::Group(g)))
                if g.bounds == Bounds::ONCE && g.particles.len() == 1 =>
            {
                match g.particles.first() {
                    Some(Particle::Element(le))
                        if le.bounds.repeats() && !self.is_substitution_head(sc, le) =>
                    {
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
    /// `T[][]` is an array of arrays; `xsd:byte[]` as an item is one
    /// base64Binary value, as Axis and .NET send byte arrays.
    fn soap_array(
        &mut self,
        sc: Scope<'d>,
        item_element: Option<&'d LocalElement>,
        array_type: Option<&ArrayType>,
        from: &str,
    ) -> Result<TypeRef, Error> {
        let element = item_element.map(|le| self.element_info(sc, le, from)).transpose()?;
        let item = match (array_type, &element) {
            (Some(at), _) => {
                let dims = dimensions(&at.dims).ok_or_else(|| {
                    sc.unsupported(
                        format!("SOAP-ENC array of {}{} (multi-dimensional arrays)", at.item, at.dims),
                        from,
                    )
                })?;
                let mut item = self.type_ref(sc, &at.item, from)?;
                // `dims` counts the array itself; the rest are the item's.
                for level in 1..dims {
                    let bytes = matches!(item, TypeRef::Builtin(Builtin::Byte | Builtin::UnsignedByte));
                    item = if level == 1 && bytes {
                        TypeRef::Builtin(Builtin::Base64Binary)
                    } else {
                        TypeRef::List {
                            item: Box::new(item),
                            item_name: QName::new(None, "item"),
                            encoding: ListEncoding::SoapEnc,
                            array_type: None,
                        }
                    };
                }
                item
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

    /// Lowers a queued key.
    pub(super) fn lower_key(&mut self, key: Key) -> Result<(TypeDef, Origin), Error> {
        let ix = self.ix;
        match key {
            Key::Type(i) => {
                let entry = ix.types.entries.get(i).ok_or_else(|| internal("type index"))?;
                let t = entry.item;
                let (doc, kind) = match &t.def {
                    TypeDecl::Complex(ct) => (
                        ct.doc.clone(),
                        self.struct_kind(entry.scope(), ct, &t.name, &format!("complexType {}", t.name))?,
                    ),
                    TypeDecl::Simple(st) => (
                        st.doc.clone(),
                        self.simple_kind(entry.scope(), st, &t.name, &format!("simpleType {}", t.name))?,
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
                let name = &entry.item.name;
                let kind = self.struct_kind(entry.scope(), ct, name, &format!("element {name}"))?;
                let doc = ct.doc.clone().or_else(|| entry.item.doc.clone());
                let origin = Origin { file: entry.file.to_owned(), kind: OriginKind::Element };
                let def = TypeDef {
                    wire: name.clone(),
                    rust: String::new(),
                    doc,
                    kind,
                    origin: DefOrigin::Anonymous,
                };
                Ok((def, origin))
            }
            Key::Derived(i) => self.derived_choice(i),
            Key::Substitution(i) => self.substitution_choice(i),
            Key::BuiltinList(local) => {
                let def = TypeDef {
                    wire: QName::new(Some(XSD_NAMESPACES[0]), local),
                    rust: String::new(),
                    doc: Some(format!("The built-in list type `{local}`: whitespace-separated names.")),
                    kind: TypeKind::List(TypeRef::Builtin(Builtin::String)),
                    origin: DefOrigin::Named,
                };
                Ok((def, Origin { file: String::new(), kind: OriginKind::Local }))
            }
        }
    }

    /// Wire name, nillability, type and doc of a local element or ref.
    pub(super) fn element_info(
        &mut self,
        sc: Scope<'d>,
        le: &'d LocalElement,
        from: &str,
    ) -> Result<ElementInfo, Error> {
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

    /// A field for global element `i` standing on its own (an alternative
    /// of a substitution group).
    pub(super) fn global_element_field(&mut self, i: usize, from: &str) -> Result<Field, Error> {
        let ix = self.ix;
        let entry = ix.elements.entries.get(i).ok_or_else(|| internal("element index"))?;
        let ty = self.global_element_type(entry.scope(), i, entry.item, from)?;
        let occurs = if entry.item.nillable { Occurs::Nillable } else { Occurs::Required };
        Ok(Field::element(entry.item.name.clone(), ty, occurs, entry.item.doc.clone()))
    }

    /// The type of global element `i` as a reference.
    pub(super) fn global_element_type(
        &mut self,
        sc: Scope<'d>,
        i: usize,
        ge: &'d GlobalElement,
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
        sc: Scope<'d>,
        ty: &'d ElementType,
        wire: &QName,
        from: &str,
    ) -> Result<TypeRef, Error> {
        match ty {
            ElementType::Named(q) => self.type_ref(sc, q, from),
            ElementType::Complex(ct) => {
                if let Some(list) = self.list_of(sc, ct, None, from)? {
                    return Ok(list);
                }
                let kind = self.struct_kind(sc, ct, wire, from)?;
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

    /// An anonymous simple type: an enum or list type named after its
    /// element or attribute, or just what it restricts.
    pub(super) fn inline_simple(
        &mut self,
        sc: Scope,
        st: &SimpleType,
        wire: &QName,
        from: &str,
    ) -> Result<TypeRef, Error> {
        match self.simple_kind(sc, st, wire, from)? {
            TypeKind::Alias(r) => Ok(r),
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

    /// Whether `le` refers to the head of a substitution group with members.
    /// Why a derivation chain through `start` was not followed to its end:
    /// a cycle (named), or a chain longer than [`MAX_DEPTH`]. Walks the
    /// bases iteratively with a visited set.
    pub(super) fn too_deep(&self, sc: Scope, start: &QName) -> String {
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
                    Content::Extension { base, .. }
                    | Content::Restriction { base, .. }
                    | Content::Simple { base, .. } => base,
                    Content::Particle(_) => break,
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

    pub(super) fn is_substitution_head(&self, sc: Scope, le: &LocalElement) -> bool {
        let ElementDef::Ref(q) = &le.def else { return false };
        self.ix.elements.find(sc.unit, q).is_some_and(|(i, _)| !self.substitution_members(i).is_empty())
    }
}

/// The number of array dimensions in `[]`, `[5]`, `[][]`, `[][3]`; `None`
/// for a multi-dimensional `[,]` or anything unreadable.
fn dimensions(dims: &str) -> Option<usize> {
    if dims.is_empty() {
        return Some(1);
    }
    let mut count = 0;
    let mut rest = dims;
    while let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find(']')?;
        let size = inner.get(..close)?;
        if !size.trim().chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        count += 1;
        rest = inner.get(close + 1..)?;
    }
    if rest.is_empty() { Some(count) } else { None }
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
pub(super) fn combine(outer: Bounds, inner: Bounds) -> Bounds {
    let max = match (outer.max, inner.max) {
        (Some(0), _) | (_, Some(0)) => Some(0),
        (Some(a), Some(b)) => Some(a.saturating_mul(b)),
        _ => None,
    };
    Bounds { min: outer.min.saturating_mul(inner.min), max }
}

pub(super) fn internal(what: &str) -> Error {
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
    fn array_dimensions() {
        assert_eq!(dimensions(""), Some(1));
        assert_eq!(dimensions("[]"), Some(1));
        assert_eq!(dimensions("[5]"), Some(1));
        assert_eq!(dimensions("[][]"), Some(2));
        assert_eq!(dimensions("[][3]"), Some(2));
        assert_eq!(dimensions("[,]"), None);
        assert_eq!(dimensions("[x]"), None);
        assert_eq!(dimensions("[]x"), None);
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
