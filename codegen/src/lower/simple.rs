//! Simple types: enumerations become enums, lists `Vec`s of their item
//! type, unions their lexical form (or an enum of the members'
//! enumerations), plain restrictions an alias of what they restrict.

use super::types::{MAX_DEPTH, builtin, builtin_list};
use super::{Lowerer, Scope};
use crate::Error;
use crate::ir::{Builtin, Enum, QName, TypeKind, TypeRef, Variant};
use crate::model::{ListItem, SimpleDef, SimpleType, TypeDecl};

impl Lowerer<'_, '_> {
    /// A simple type's kind. `wire` names the types it makes (an inline
    /// list item type).
    pub(super) fn simple_kind(
        &mut self,
        sc: Scope,
        st: &SimpleType,
        wire: &QName,
        from: &str,
    ) -> Result<TypeKind, Error> {
        match &st.def {
            SimpleDef::Restriction { base, enumerations } if !enumerations.is_empty() => {
                let base = self.builtin_of(sc, base, from, 0)?;
                Ok(TypeKind::Enum(enum_of(base, enumerations)))
            }
            SimpleDef::Restriction { base, .. } => Ok(TypeKind::Alias(self.simple_ref(sc, base, from)?)),
            SimpleDef::List { item } => {
                let item = match item {
                    ListItem::Named(q) => self.simple_ref(sc, q, from)?,
                    ListItem::Inline(st) => {
                        let item_wire = QName { ns: wire.ns.clone(), local: format!("{}Item", wire.local) };
                        self.inline_simple(sc, st, &item_wire, from)?
                    }
                };
                Ok(TypeKind::List(item))
            }
            SimpleDef::Union { members, inline } => {
                let mut values = Vec::new();
                for m in members {
                    self.enumerations_of(sc, m, from, 0, &mut values)?;
                }
                for st in inline {
                    self.inline_enumerations(sc, st, from, 0, &mut values)?;
                }
                if values.is_empty() {
                    Ok(TypeKind::Alias(TypeRef::Builtin(Builtin::String)))
                } else {
                    Ok(TypeKind::Enum(enum_of(Builtin::String, &values)))
                }
            }
        }
    }

    /// A reference to the simple type `q`: a builtin, or for a chain of
    /// plain restrictions ending in one, that builtin (so `String50` stays a
    /// `String` alias); else the named type.
    fn simple_ref(&mut self, sc: Scope, q: &QName, from: &str) -> Result<TypeRef, Error> {
        if builtin_list(q).is_none() {
            if let Some(b) = builtin(q) {
                return Ok(TypeRef::Builtin(b));
            }
            if let Some(b) = self.plain_builtin(sc, q, 0) {
                return Ok(TypeRef::Builtin(b));
            }
        }
        let ix = self.ix;
        if let Some((_, entry)) = ix.types.find(sc.unit, q) {
            if let TypeDecl::Complex(_) = &entry.item.def {
                return Err(Error::Invalid {
                    file: sc.file.to_owned(),
                    message: format!("{from}: simple type derived from complex type {q}"),
                });
            }
        }
        self.type_ref(sc, q, from)
    }

    /// The builtin at the end of a chain of restrictions without
    /// enumerations, if that is what `q` is.
    fn plain_builtin(&self, sc: Scope, q: &QName, depth: usize) -> Option<Builtin> {
        if depth > MAX_DEPTH {
            return None;
        }
        if builtin_list(q).is_some() {
            return None;
        }
        if let Some(b) = builtin(q) {
            return Some(b);
        }
        let (_, entry) = self.ix.types.find(sc.unit, q)?;
        match &entry.item.def {
            TypeDecl::Simple(SimpleType { def: SimpleDef::Restriction { base, enumerations }, .. })
                if enumerations.is_empty() =>
            {
                self.plain_builtin(entry.scope(), base, depth + 1)
            }
            _ => None,
        }
    }

    /// The builtin at the root of a simple type's derivation (lists and
    /// unions count as strings: their lexical form).
    pub(super) fn builtin_of(
        &mut self,
        sc: Scope,
        q: &QName,
        from: &str,
        depth: usize,
    ) -> Result<Builtin, Error> {
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

    /// Appends the enumeration values of the union member `q` (none for a
    /// builtin or a type without enumerations).
    fn enumerations_of(
        &mut self,
        sc: Scope,
        q: &QName,
        from: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) -> Result<(), Error> {
        if builtin(q).is_some() || depth > MAX_DEPTH {
            return Ok(());
        }
        let ix = self.ix;
        let Some((_, entry)) = ix.types.find(sc.unit, q) else {
            return Err(sc.unresolved("type", q, from));
        };
        match &entry.item.def {
            TypeDecl::Simple(st) => self.inline_enumerations(entry.scope(), st, from, depth + 1, out),
            TypeDecl::Complex(_) => Err(Error::Invalid {
                file: sc.file.to_owned(),
                message: format!("{from}: union member {q} is a complex type"),
            }),
        }
    }

    fn inline_enumerations(
        &mut self,
        sc: Scope,
        st: &SimpleType,
        from: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) -> Result<(), Error> {
        match &st.def {
            SimpleDef::Restriction { enumerations, .. } if !enumerations.is_empty() => {
                for v in enumerations {
                    if !out.contains(v) {
                        out.push(v.clone());
                    }
                }
                Ok(())
            }
            SimpleDef::Restriction { base, .. } => self.enumerations_of(sc, base, from, depth, out),
            SimpleDef::List { .. } => Ok(()),
            SimpleDef::Union { members, inline } => {
                for m in members {
                    self.enumerations_of(sc, m, from, depth + 1, out)?;
                }
                for st in inline {
                    self.inline_enumerations(sc, st, from, depth + 1, out)?;
                }
                Ok(())
            }
        }
    }
}

/// An enum of `values`, each once (a repeated enumeration value would be an
/// unreachable match arm).
fn enum_of(base: Builtin, values: &[String]) -> Enum {
    let mut variants: Vec<Variant> = Vec::new();
    for v in values {
        if !variants.iter().any(|known| known.wire == *v) {
            variants.push(Variant { wire: v.clone(), rust: String::new() });
        }
    }
    Enum { base, variants }
}
