//! Attributes: local and referenced declarations, attribute groups
//! (nested, recursion-safe), `anyAttribute`, and how derivation inherits,
//! overrides and prohibits them.

use super::{Lowerer, Scope};
use crate::Error;
use crate::ir::{Builtin, QName, TypeRef};
use crate::model::{AttributeDecl, AttributeDef, AttributeType, AttributeUse, TypeDecl};

/// The XML namespace (`xml:lang`...), which schemas import without a
/// location: its attributes are known here.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// An attribute of a complex type, lowered.
#[derive(Debug, Clone)]
pub(super) struct AttrUse {
    pub wire: QName,
    pub ty: TypeRef,
    pub required: bool,
    pub default: Option<String>,
    pub fixed: Option<String>,
    pub doc: Option<String>,
}

/// The attributes of a complex type, base types included.
#[derive(Debug, Clone, Default)]
pub(super) struct AttrSet {
    pub uses: Vec<AttrUse>,
    /// `anyAttribute` somewhere in the type or its bases.
    pub any: bool,
}

impl AttrSet {
    /// Adds `u`, replacing an inherited attribute of the same name (a
    /// restriction may narrow it).
    fn put(&mut self, u: AttrUse) {
        match self.uses.iter_mut().find(|old| old.wire == u.wire) {
            Some(old) => *old = u,
            None => self.uses.push(u),
        }
    }
}

impl Lowerer<'_, '_> {
    /// Adds the attribute declarations `decls` (of a type in scope `sc`) to
    /// `set`. `use="prohibited"` removes an inherited attribute.
    pub(super) fn add_attributes(
        &mut self,
        sc: Scope,
        decls: &[AttributeDecl],
        from: &str,
        set: &mut AttrSet,
    ) -> Result<(), Error> {
        for decl in decls {
            match decl {
                AttributeDecl::Any => set.any = true,
                AttributeDecl::GroupRef(q) => self.add_attribute_group(sc, q, from, set)?,
                AttributeDecl::Attribute(a) => {
                    let (wire, ty, default, fixed, doc) = match &a.def {
                        AttributeDef::Ref(q) => self.global_attribute(sc, q, from)?,
                        AttributeDef::Local { wire, ty } => {
                            let ty = self.attribute_type(sc, ty, wire, from)?;
                            (wire.clone(), ty, None, None, None)
                        }
                    };
                    if a.use_ == AttributeUse::Prohibited {
                        set.uses.retain(|u| u.wire != wire);
                        continue;
                    }
                    set.put(AttrUse {
                        wire,
                        ty,
                        required: a.use_ == AttributeUse::Required,
                        default: a.default.clone().or(default),
                        fixed: a.fixed.clone().or(fixed),
                        doc: a.doc.clone().or(doc),
                    });
                }
            }
        }
        Ok(())
    }

    fn add_attribute_group(
        &mut self,
        sc: Scope,
        q: &QName,
        from: &str,
        set: &mut AttrSet,
    ) -> Result<(), Error> {
        let ix = self.ix;
        let Some((_, entry)) = ix.attribute_groups.find(sc.unit, q) else {
            return Err(sc.unresolved("attributeGroup", q, from));
        };
        if self.groups_in_progress.contains(q) {
            return Err(sc.unsupported(format!("attributeGroup {q} that contains itself"), from));
        }
        self.groups_in_progress.push(q.clone());
        let result = self.add_attributes(entry.scope(), &entry.item.attributes, from, set);
        self.groups_in_progress.pop();
        result
    }

    /// Name, type, default, fixed value and doc of the global attribute `q`.
    #[allow(clippy::type_complexity)]
    fn global_attribute(
        &mut self,
        sc: Scope,
        q: &QName,
        from: &str,
    ) -> Result<(QName, TypeRef, Option<String>, Option<String>, Option<String>), Error> {
        let ix = self.ix;
        if let Some((_, entry)) = ix.attributes.find(sc.unit, q) {
            let g = entry.item;
            let ty = self.attribute_type(entry.scope(), &g.ty, &g.name, from)?;
            return Ok((g.name.clone(), ty, g.default.clone(), g.fixed.clone(), g.doc.clone()));
        }
        // Attributes of namespaces every toolkit knows (the XML namespace is
        // imported without a location, SOAP-ENC is not loaded): all text.
        let known = match q.ns.as_deref() {
            Some(XML_NS) => ["lang", "space", "base", "id"].contains(&q.local.as_str()),
            Some(crate::parse::SOAP_ENC_NS) => true,
            _ => false,
        };
        if known {
            return Ok((q.clone(), TypeRef::Builtin(Builtin::String), None, None, None));
        }
        Err(sc.unresolved("attribute", q, from))
    }

    /// An attribute's type: a simple type (`anyType` is read as its text).
    fn attribute_type(
        &mut self,
        sc: Scope,
        ty: &AttributeType,
        wire: &QName,
        from: &str,
    ) -> Result<TypeRef, Error> {
        let from = format!("{from} / attribute {}", wire.local);
        match ty {
            AttributeType::Untyped => Ok(TypeRef::Builtin(Builtin::AnySimpleType)),
            AttributeType::Simple(st) => self.inline_simple(sc, st, wire, &from),
            AttributeType::Named(q) => {
                let ix = self.ix;
                if let Some((_, entry)) = ix.types.find(sc.unit, q) {
                    if let TypeDecl::Complex(_) = &entry.item.def {
                        return Err(Error::Invalid {
                            file: sc.file.to_owned(),
                            message: format!("{from}: attribute of complex type {q}"),
                        });
                    }
                }
                match self.type_ref(sc, q, &from)? {
                    TypeRef::Builtin(Builtin::AnyType) => Ok(TypeRef::Builtin(Builtin::AnySimpleType)),
                    other => Ok(other),
                }
            }
        }
    }
}
