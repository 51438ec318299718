//! Complex types to structs: attributes (see `attrs`), simple content, and
//! the content model, whose nested groups become choice enums and inline
//! structs; then [`decide_decoding`], which picks how each struct decodes.
//!
//! A content model is first normalised into [`Term`]s: group references
//! expanded, occurrence bounds of single-particle groups folded into the
//! particle, nested groups of the same kind flattened. Then:
//!
//! - a sequence occurring at most once contributes its particles as fields
//!   (an optional sequence makes them optional);
//! - a repeated sequence is a `Vec` of an inline struct (order kept);
//! - a choice is an enum with one variant per alternative, a sequence
//!   alternative a variant holding an inline struct; `Vec`/`Option` per
//!   the choice's bounds;
//! - `xsd:any` is a field of raw elements;
//! - a reference to the head of a substitution group is a field of the
//!   choice between the group's members;
//! - mixed content is kept whole (text and elements in order).

use std::collections::BTreeMap;

use super::attrs::AttrSet;
use super::types::{builtin, combine, internal};
use super::{Lowerer, Scope};
use crate::Error;
use crate::ir::{
    Builtin, Choice, Decode, DefOrigin, Dispatch, Enum, Field, FieldKind, FixedAttribute, Occurs, QName,
    Struct, TypeDef, TypeId, TypeKind, TypeRef, Variant,
};
use crate::model::{Bounds, ComplexType, Content, ElementDef, GroupKind, LocalElement, Particle, TypeDecl};
use crate::naming;

use super::types::MAX_DEPTH;

/// What a complex type holds, its bases included.
struct Parts {
    attrs: AttrSet,
    body: Body,
}

enum Body {
    /// Element content, as fields in schema order.
    Elements(Vec<Field>),
    /// Simple content: the type of the text.
    Text(TypeRef),
    /// Mixed content with elements: kept whole.
    Mixed,
}

/// A content model particle, normalised (see the module docs).
enum Term<'d> {
    Element(Scope<'d>, &'d LocalElement, Bounds),
    Any(Bounds),
    Seq(Vec<Term<'d>>, Bounds),
    Choice(Vec<Term<'d>>, Bounds),
}

impl Term<'_> {
    fn bounds(&self) -> Bounds {
        match self {
            Term::Element(_, _, b) | Term::Any(b) | Term::Seq(_, b) | Term::Choice(_, b) => *b,
        }
    }

    fn with_bounds(self, outer: Bounds) -> Self {
        match self {
            Term::Element(sc, le, b) => Term::Element(sc, le, combine(outer, b)),
            Term::Any(b) => Term::Any(combine(outer, b)),
            Term::Seq(t, b) => Term::Seq(t, combine(outer, b)),
            Term::Choice(t, b) => Term::Choice(t, combine(outer, b)),
        }
    }
}

/// The type whose content is being lowered: names the types it makes, and
/// its scope records where they come from.
#[derive(Clone, Copy)]
struct Owner<'o> {
    name: &'o QName,
    from: &'o str,
    sc: Scope<'o>,
}

impl<'d> Lowerer<'_, 'd> {
    /// A complex type as a struct.
    pub(super) fn struct_kind(
        &mut self,
        sc: Scope<'d>,
        ct: &'d ComplexType,
        name: &QName,
        from: &str,
    ) -> Result<TypeKind, Error> {
        let owner = Owner { name, from, sc };
        let parts = Parts { attrs: self.attributes_of(sc, ct, from, 0)?, body: self.body(sc, ct, owner, 0)? };
        let mut fields = Vec::new();
        let mut fixed = Vec::new();
        for u in parts.attrs.uses {
            if let Some(value) = u.fixed {
                fixed.push(FixedAttribute { wire: u.wire, value });
                continue;
            }
            let occurs = if u.required { Occurs::Required } else { Occurs::Optional };
            let kind = FieldKind::Attribute { default: u.default };
            fields.push(Field { wire: u.wire, rust: String::new(), ty: u.ty, occurs, doc: u.doc, kind });
        }
        if parts.attrs.any {
            fields.push(special("otherAttributes", FieldKind::AnyAttributes));
        }
        match parts.body {
            Body::Elements(elements) => fields.extend(elements),
            Body::Text(ty) => fields.push(text_field(QName::new(None, "value"), ty)),
            Body::Mixed => fields.push(special("content", FieldKind::Mixed)),
        }
        Ok(TypeKind::Struct(Struct { fields, decode: Decode::ByName, inline: false, fixed }))
    }

    /// The attributes of `ct`: inherited ones first (a restriction may
    /// narrow or prohibit them), then its own.
    fn attributes_of(
        &mut self,
        sc: Scope<'d>,
        ct: &'d ComplexType,
        from: &str,
        depth: usize,
    ) -> Result<AttrSet, Error> {
        let base = match &ct.content {
            Content::Extension { base, .. } | Content::Simple { base, .. } => Some(base),
            Content::Restriction { base, .. } if !is_soap_array(base) => Some(base),
            _ => None,
        };
        let ix = self.ix;
        let mut set = AttrSet::default();
        if let Some((_, entry)) =
            base.filter(|b| builtin(b).is_none()).and_then(|b| ix.types.find(sc.unit, b))
        {
            if let TypeDecl::Complex(base_ct) = &entry.item.def {
                if depth > MAX_DEPTH {
                    let construct = self.too_deep(entry.scope(), &entry.item.name);
                    return Err(sc.unsupported(construct, from));
                }
                set = self.attributes_of(entry.scope(), base_ct, from, depth + 1)?;
            }
        }
        self.add_attributes(sc, &ct.attributes, from, &mut set)?;
        Ok(set)
    }

    /// The content of `ct`, base content first.
    fn body(
        &mut self,
        sc: Scope<'d>,
        ct: &'d ComplexType,
        owner: Owner,
        depth: usize,
    ) -> Result<Body, Error> {
        let body = match &ct.content {
            Content::Particle(p) => {
                let mut fields = Vec::new();
                if let Some(p) = p {
                    self.particle_fields(sc, p, owner, &mut fields)?;
                }
                Body::Elements(fields)
            }
            Content::Extension { base, particle } => {
                let mut body = self.base_body(sc, base, owner, depth)?;
                if let Some(p) = particle {
                    let mut own = Vec::new();
                    self.particle_fields(sc, p, owner, &mut own)?;
                    match &mut body {
                        Body::Elements(fields) => fields.extend(own),
                        // Elements added to text content: keep it whole.
                        Body::Text(_) if !own.is_empty() => body = Body::Mixed,
                        Body::Text(_) | Body::Mixed => {}
                    }
                }
                body
            }
            Content::Restriction { base, .. } if is_soap_array(base) => {
                let construct = "SOAP-ENC array where a struct is needed (e.g. as a body)".to_owned();
                return Err(sc.unsupported(construct, owner.from));
            }
            // A restriction restates the whole content model.
            Content::Restriction { particle, .. } => {
                let mut fields = Vec::new();
                if let Some(p) = particle {
                    self.particle_fields(sc, p, owner, &mut fields)?;
                }
                Body::Elements(fields)
            }
            Content::Simple { base, restriction, enumerations } => {
                let value = match self.base_body(sc, base, owner, depth)? {
                    Body::Text(ty) => ty,
                    Body::Elements(_) | Body::Mixed => TypeRef::Builtin(Builtin::String),
                };
                if *restriction && !enumerations.is_empty() {
                    Body::Text(self.content_enum(&value, enumerations, owner)?)
                } else {
                    Body::Text(value)
                }
            }
        };
        Ok(match body {
            Body::Elements(fields) if ct.mixed && fields.is_empty() => {
                Body::Text(TypeRef::Builtin(Builtin::String))
            }
            Body::Elements(_) if ct.mixed => Body::Mixed,
            body => body,
        })
    }

    /// The content a type derived from `base` inherits.
    fn base_body(&mut self, sc: Scope<'d>, base: &QName, owner: Owner, depth: usize) -> Result<Body, Error> {
        match builtin(base) {
            Some(Builtin::AnyType) => return Ok(Body::Elements(Vec::new())),
            Some(_) => return Ok(Body::Text(self.type_ref(sc, base, owner.from)?)),
            None => {}
        }
        let ix = self.ix;
        let Some((_, entry)) = ix.types.find(sc.unit, base) else {
            return Err(sc.unresolved("type", base, owner.from));
        };
        match &entry.item.def {
            TypeDecl::Complex(_) if depth > MAX_DEPTH => {
                Err(sc.unsupported(self.too_deep(sc, base), owner.from))
            }
            TypeDecl::Complex(ct) => {
                let from = format!("complexType {base}");
                let base_owner = Owner { name: &entry.item.name, from: &from, sc: entry.scope() };
                self.body(entry.scope(), ct, base_owner, depth + 1)
            }
            TypeDecl::Simple(_) => Ok(Body::Text(self.type_ref(sc, base, owner.from)?)),
        }
    }

    /// The enum of a simpleContent restriction's enumeration facets.
    fn content_enum(
        &mut self,
        value: &TypeRef,
        enumerations: &[String],
        owner: Owner,
    ) -> Result<TypeRef, Error> {
        let base = match value {
            TypeRef::Builtin(b) => *b,
            _ => Builtin::String,
        };
        let mut variants: Vec<Variant> = Vec::new();
        for v in enumerations {
            if !variants.iter().any(|known| known.wire == *v) {
                variants.push(Variant { wire: v.clone(), rust: String::new() });
            }
        }
        let wire = QName { ns: owner.name.ns.clone(), local: format!("{}Value", owner.name.local) };
        let def = TypeDef {
            wire,
            rust: String::new(),
            doc: None,
            kind: TypeKind::Enum(Enum { base, variants }),
            origin: DefOrigin::Anonymous,
        };
        Ok(TypeRef::Named(self.add_local(owner.sc, def)))
    }

    // ---- content models ----------------------------------------------------

    fn particle_fields(
        &mut self,
        sc: Scope<'d>,
        p: &'d Particle,
        owner: Owner,
        out: &mut Vec<Field>,
    ) -> Result<(), Error> {
        if let Some(term) = self.term(sc, p, owner)? {
            self.term_fields(&term, Bounds::ONCE, owner, out)?;
        }
        Ok(())
    }

    /// Normalises a particle; `None` if it can hold nothing.
    fn term(&mut self, sc: Scope<'d>, p: &'d Particle, owner: Owner) -> Result<Option<Term<'d>>, Error> {
        let term = match p {
            Particle::Element(le) => Term::Element(sc, le, le.bounds),
            Particle::Any(b) => Term::Any(*b),
            Particle::GroupRef(q, b) => {
                let ix = self.ix;
                let Some((_, entry)) = ix.groups.find(sc.unit, q) else {
                    return Err(sc.unresolved("group", q, owner.from));
                };
                let Some(inner) = &entry.item.particle else { return Ok(None) };
                if self.groups_in_progress.contains(q) {
                    return Err(sc.unsupported(format!("xsd:group {q} that contains itself"), owner.from));
                }
                self.groups_in_progress.push(q.clone());
                let term = self.term(entry.scope(), inner, owner);
                self.groups_in_progress.pop();
                match term? {
                    Some(t) => t.with_bounds(*b),
                    None => return Ok(None),
                }
            }
            Particle::Group(g) => {
                let mut terms = Vec::new();
                for inner in &g.particles {
                    let Some(t) = self.term(sc, inner, owner)? else { continue };
                    // A group of the same kind occurring once is the same as
                    // its particles in place.
                    match (t, g.kind) {
                        (Term::Seq(ts, b), GroupKind::Sequence | GroupKind::All) if b == Bounds::ONCE => {
                            terms.extend(ts)
                        }
                        (Term::Choice(ts, b), GroupKind::Choice) if b == Bounds::ONCE => terms.extend(ts),
                        (t, _) => terms.push(t),
                    }
                }
                match terms.len() {
                    0 => return Ok(None),
                    1 => match terms.pop() {
                        Some(t) => t.with_bounds(g.bounds),
                        None => return Ok(None),
                    },
                    _ if g.kind == GroupKind::Choice => Term::Choice(terms, g.bounds),
                    _ => Term::Seq(terms, g.bounds),
                }
            }
        };
        Ok(if term.bounds().max == Some(0) { None } else { Some(term) })
    }

    /// Appends the fields of `term`, occurring `outer` times.
    fn term_fields(
        &mut self,
        term: &Term<'d>,
        outer: Bounds,
        owner: Owner,
        out: &mut Vec<Field>,
    ) -> Result<(), Error> {
        match term {
            Term::Element(sc, le, b) => {
                let b = combine(outer, *b);
                if b.max == Some(0) {
                    return Ok(());
                }
                if let Some(head) = self.substitution_head(*sc, le) {
                    let id = self.request(super::Key::Substitution(head));
                    let ElementDef::Ref(q) = &le.def else { return Err(internal("substitution head")) };
                    let wire = QName::new(None, &q.local);
                    out.push(Field {
                        kind: FieldKind::Group,
                        ..Field::element(wire, TypeRef::Named(id), occurs(b), le.doc.clone())
                    });
                    return Ok(());
                }
                let info = self.element_info(*sc, le, owner.from)?;
                let occurs = match occurs(b) {
                    Occurs::Required if info.nillable => Occurs::Nillable,
                    o => o,
                };
                out.push(Field::element(info.wire, info.ty, occurs, info.doc));
            }
            Term::Any(b) => {
                let b = combine(outer, *b);
                out.push(Field { occurs: occurs(b), ..special("any", FieldKind::Any) });
            }
            Term::Seq(terms, b) => {
                let b = combine(outer, *b);
                if !b.repeats() {
                    for t in terms {
                        self.term_fields(t, b, owner, out)?;
                    }
                    return Ok(());
                }
                let (id, emptiable, first) = self.inline_struct(terms, owner)?;
                let min = if emptiable { 0 } else { b.min };
                let field = Field {
                    kind: FieldKind::Group,
                    ..Field::element(
                        QName::new(None, &first),
                        TypeRef::Named(id),
                        Occurs::Repeated { min },
                        None,
                    )
                };
                out.push(field);
            }
            Term::Choice(terms, b) => {
                let b = combine(outer, *b);
                out.push(self.choice_field(terms, b, owner)?);
            }
        }
        Ok(())
    }

    /// An inline struct of `terms` (a sequence inside a choice, or a
    /// repeated sequence): its id, whether it may be empty, and the name of
    /// its first field.
    fn inline_struct(&mut self, terms: &[Term<'d>], owner: Owner) -> Result<(TypeId, bool, String), Error> {
        let mut fields = Vec::new();
        for t in terms {
            self.term_fields(t, Bounds::ONCE, owner, &mut fields)?;
        }
        let emptiable = fields.iter().all(|f| self.field_emptiable(f));
        let first = fields.first().map_or_else(|| "group".to_owned(), |f| f.wire.local.clone());
        let wire = QName { ns: owner.name.ns.clone(), local: naming::group_type_name(&first) };
        let kind =
            TypeKind::Struct(Struct { fields, decode: Decode::Ordered, inline: true, fixed: Vec::new() });
        let def = TypeDef { wire, rust: String::new(), doc: None, kind, origin: DefOrigin::Synthetic };
        let id = self.add_local(owner.sc, def);
        Ok((id, emptiable, first))
    }

    /// The field of a choice between `terms`, occurring `b` times.
    fn choice_field(&mut self, terms: &[Term<'d>], b: Bounds, owner: Owner) -> Result<Field, Error> {
        let mut variants = Vec::new();
        let mut emptiable = false;
        for t in terms {
            let tb = t.bounds();
            emptiable |= tb.min == 0;
            let variant_occurs =
                if tb.repeats() { Occurs::Repeated { min: tb.min.max(1) } } else { Occurs::Required };
            match t {
                Term::Element(sc, le, _) => {
                    let mut fields = Vec::new();
                    self.term_fields(
                        &Term::Element(*sc, le, Bounds::ONCE),
                        Bounds::ONCE,
                        owner,
                        &mut fields,
                    )?;
                    for mut f in fields {
                        f.occurs = match (f.occurs, variant_occurs) {
                            (_, Occurs::Repeated { min }) => Occurs::Repeated { min },
                            (o, _) => o,
                        };
                        variants.push(f);
                    }
                }
                Term::Any(_) => {
                    variants.push(Field { occurs: variant_occurs, ..special("any", FieldKind::Any) })
                }
                Term::Seq(inner, _) => {
                    let (id, inner_empty, first) = self.inline_struct(inner, owner)?;
                    emptiable |= inner_empty;
                    let f =
                        Field::element(QName::new(None, &first), TypeRef::Named(id), variant_occurs, None);
                    variants.push(Field { kind: FieldKind::Group, ..f });
                }
                Term::Choice(inner, _) => {
                    let f = self.choice_field(inner, Bounds::ONCE, owner)?;
                    emptiable |= f.occurs == Occurs::Optional;
                    variants.push(Field { occurs: variant_occurs, ..f });
                }
            }
        }
        let alternatives: Vec<&str> = variants.iter().map(|v| v.wire.local.as_str()).collect();
        let (field_name, type_name) = naming::choice_names(&owner.name.local, &alternatives);
        let def = TypeDef {
            wire: QName { ns: owner.name.ns.clone(), local: type_name },
            rust: String::new(),
            doc: None,
            kind: TypeKind::Choice(Choice { variants, dispatch: Dispatch::Element }),
            origin: DefOrigin::Synthetic,
        };
        let id = self.add_local(owner.sc, def);
        let b = if emptiable { Bounds { min: 0, ..b } } else { b };
        Ok(Field {
            kind: FieldKind::Group,
            ..Field::element(QName::new(None, &field_name), TypeRef::Named(id), occurs(b), None)
        })
    }

    /// Whether `f` may hold nothing on the wire.
    fn field_emptiable(&self, f: &Field) -> bool {
        match f.occurs {
            Occurs::Optional | Occurs::Repeated { min: 0 } => true,
            Occurs::Required if f.kind == FieldKind::Group => match &f.ty {
                TypeRef::Named(id) => match self.types.get(id).map(|d| &d.kind) {
                    Some(TypeKind::Struct(s)) => s.fields.iter().all(|g| self.field_emptiable(g)),
                    _ => false,
                },
                _ => false,
            },
            _ => false,
        }
    }

    /// The index of the substitution group head `le` refers to, if it has
    /// members.
    fn substitution_head(&self, sc: Scope, le: &LocalElement) -> Option<usize> {
        let ElementDef::Ref(q) = &le.def else { return None };
        let (i, _) = self.ix.elements.find(sc.unit, q)?;
        if self.substitution_members(i).is_empty() { None } else { Some(i) }
    }
}

/// Occurrence of a field from bounds (nillability aside).
fn occurs(b: Bounds) -> Occurs {
    if b.repeats() {
        Occurs::Repeated { min: b.min }
    } else if b.min == 0 {
        Occurs::Optional
    } else {
        Occurs::Required
    }
}

fn special(name: &str, kind: FieldKind) -> Field {
    let ty = TypeRef::Builtin(Builtin::AnyType);
    let occurs = match kind {
        FieldKind::AnyAttributes | FieldKind::Mixed => Occurs::Repeated { min: 0 },
        _ => Occurs::Required,
    };
    Field { wire: QName::new(None, name), rust: String::new(), ty, occurs, doc: None, kind }
}

/// The fields of a struct standing for an element whose type is `value`
/// (a simple type or `anyType`), named after the element.
pub(super) fn body_value_fields(element: &QName, value: TypeRef) -> Vec<Field> {
    match value {
        TypeRef::Builtin(Builtin::AnyType) => {
            vec![special("otherAttributes", FieldKind::AnyAttributes), special("content", FieldKind::Mixed)]
        }
        ty => vec![text_field(QName::new(None, &element.local), ty)],
    }
}

/// The field holding an element's text.
pub(super) fn text_field(wire: QName, ty: TypeRef) -> Field {
    Field { wire, rust: String::new(), ty, occurs: Occurs::Required, doc: None, kind: FieldKind::Text }
}

fn is_soap_array(q: &QName) -> bool {
    q.ns.as_deref() == Some(crate::parse::SOAP_ENC_NS) && q.local == "Array"
}

// ---- decoding ---------------------------------------------------------------

/// Decides, for every struct, whether its children can be matched by name
/// (each name belongs to one field or one alternative of a choice field of
/// single elements, and every value is read by its type) or must be read
/// in order.
pub(super) fn decide_decoding(types: &mut BTreeMap<TypeId, TypeDef>) {
    let mut decisions = Vec::new();
    for (id, def) in types.iter() {
        let TypeKind::Struct(s) = &def.kind else { continue };
        if !s.inline {
            let by_name = by_name(types, &s.fields);
            decisions.push((*id, if by_name { Decode::ByName } else { Decode::Ordered }));
        }
    }
    for (id, decode) in decisions {
        if let Some(TypeKind::Struct(s)) = types.get_mut(&id).map(|d| &mut d.kind) {
            s.decode = decode;
        }
    }
}

fn by_name(types: &BTreeMap<TypeId, TypeDef>, fields: &[Field]) -> bool {
    let mut names: Vec<&str> = Vec::new();
    for f in fields {
        match f.kind {
            FieldKind::Attribute { .. } | FieldKind::Text | FieldKind::AnyAttributes | FieldKind::Mixed => {}
            FieldKind::Any => return false,
            FieldKind::Element if plain_value(types, &f.ty) => names.push(&f.wire.local),
            FieldKind::Element => return false,
            FieldKind::Group => {
                let choice = match &f.ty {
                    TypeRef::Named(id) => match types.get(id).map(|d| &d.kind) {
                        Some(TypeKind::Choice(c)) if c.dispatch == Dispatch::Element => c,
                        _ => return false,
                    },
                    _ => return false,
                };
                let repeated = matches!(f.occurs, Occurs::Repeated { .. });
                for v in &choice.variants {
                    let single = v.kind == FieldKind::Element
                        && (v.occurs == Occurs::Required || v.occurs == Occurs::Nillable && !repeated);
                    if !single || !plain_value(types, &v.ty) || matches!(v.ty, TypeRef::List { .. }) {
                        return false;
                    }
                    names.push(&v.wire.local);
                }
            }
        }
    }
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    names.len() == count
}

/// Whether a value of `ty` is read and written through its type's
/// `FromXml`/`ToXml` (not an `xsd:list`, not an array of arrays).
pub fn plain_value(types: &BTreeMap<TypeId, TypeDef>, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Builtin(_) => true,
        TypeRef::Boxed(inner) => plain_value(types, inner),
        TypeRef::List { item, .. } => !matches!(**item, TypeRef::List { .. }) && plain_value(types, item),
        TypeRef::Named(id) => match types.get(id).map(|d| &d.kind) {
            Some(TypeKind::List(_)) => false,
            Some(TypeKind::Alias(inner)) => plain_value(types, inner),
            _ => true,
        },
    }
}
