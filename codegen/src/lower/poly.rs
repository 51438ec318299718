//! Polymorphism: where a value may be of a type derived from the declared
//! one (`xsi:type`), or an element may be replaced by a member of its
//! substitution group, the reference becomes a choice between the
//! alternatives (see `ir::Dispatch`).

use std::collections::BTreeSet;

use super::types::internal;
use super::{Key, Lowerer, Origin, OriginKind};
use crate::Error;
use crate::ir::{Choice, DefOrigin, Dispatch, Field, Occurs, QName, TypeDef, TypeKind, TypeRef};
use crate::model::{Content, TypeDecl};

impl Lowerer<'_, '_> {
    /// The complex types that may stand in for `types[i]` through
    /// `xsi:type`: those derived from it, directly or not, that are not
    /// abstract and whose derivation `i`'s `block` allows, in declaration
    /// order.
    pub(super) fn derived_types(&self, i: usize) -> Vec<usize> {
        let ix = self.ix;
        let Some(base) = ix.types.entries.get(i) else { return Vec::new() };
        let TypeDecl::Complex(base_ct) = &base.item.def else { return Vec::new() };
        let block = base_ct.block;
        let mut seen = BTreeSet::new();
        let mut queue = vec![base.item.name.clone()];
        while let Some(name) = queue.pop() {
            for &j in ix.derived.get(&name).map(Vec::as_slice).unwrap_or_default() {
                let Some(entry) = ix.types.entries.get(j) else { continue };
                let TypeDecl::Complex(ct) = &entry.item.def else { continue };
                let by_extension = matches!(ct.content, Content::Extension { .. })
                    || matches!(ct.content, Content::Simple { restriction: false, .. });
                let blocked = if by_extension { block.extension } else { block.restriction };
                if j != i && !blocked && seen.insert(j) {
                    queue.push(entry.item.name.clone());
                }
            }
        }
        seen.into_iter().filter(|&j| !is_abstract_type(self, j)).collect()
    }

    /// The choice between `types[i]` (unless abstract) and its derived
    /// types, told apart by `xsi:type`.
    pub(super) fn derived_choice(&mut self, i: usize) -> Result<(TypeDef, Origin), Error> {
        let ix = self.ix;
        let entry = ix.types.entries.get(i).ok_or_else(|| internal("type index"))?;
        let mut variants = Vec::new();
        let base = if is_abstract_type(self, i) {
            None
        } else {
            variants.push(self.type_variant(i));
            Some(0)
        };
        for j in self.derived_types(i) {
            variants.push(self.type_variant(j));
        }
        let name = &entry.item.name;
        let doc = format!("`{}` or a type derived from it, as its `xsi:type` names.", name.local);
        let def = TypeDef {
            wire: QName { ns: name.ns.clone(), local: format!("Any_{}", name.local) },
            rust: String::new(),
            doc: Some(doc),
            kind: TypeKind::Choice(Choice { variants, dispatch: Dispatch::XsiType { base } }),
            origin: DefOrigin::Synthetic,
        };
        Ok((def, Origin { file: entry.file.to_owned(), kind: OriginKind::Local }))
    }

    /// An alternative holding the struct of `types[j]` itself.
    fn type_variant(&mut self, j: usize) -> Field {
        let name = self
            .ix
            .types
            .entries
            .get(j)
            .map(|e| e.item.name.clone())
            .unwrap_or_else(|| QName::new(None, "?"));
        let id = self.request(Key::Type(j));
        Field::element(name, TypeRef::Named(id), Occurs::Required, None)
    }

    /// The elements that may stand in for the head `elements[head]`:
    /// members of its substitution group, directly or not, that are not
    /// abstract, unless the head blocks substitution.
    pub(super) fn substitution_members(&self, head: usize) -> Vec<usize> {
        let ix = self.ix;
        let Some(h) = ix.elements.entries.get(head) else { return Vec::new() };
        if h.item.block.substitution {
            return Vec::new();
        }
        let mut seen = BTreeSet::new();
        let mut queue = vec![h.item.name.clone()];
        while let Some(name) = queue.pop() {
            for &j in ix.substitutes.get(&name).map(Vec::as_slice).unwrap_or_default() {
                if j != head && seen.insert(j) {
                    if let Some(e) = ix.elements.entries.get(j) {
                        queue.push(e.item.name.clone());
                    }
                }
            }
        }
        seen.into_iter().filter(|&j| ix.elements.entries.get(j).is_some_and(|e| !e.item.abstract_)).collect()
    }

    /// The choice between the head `elements[head]` (unless abstract) and
    /// the members of its substitution group, told apart by element name.
    pub(super) fn substitution_choice(&mut self, head: usize) -> Result<(TypeDef, Origin), Error> {
        let ix = self.ix;
        let entry = ix.elements.entries.get(head).ok_or_else(|| internal("element index"))?;
        let from = format!("substitution group {}", entry.item.name);
        let mut variants = Vec::new();
        if !entry.item.abstract_ {
            variants.push(self.global_element_field(head, &from)?);
        }
        for j in self.substitution_members(head) {
            variants.push(self.global_element_field(j, &from)?);
        }
        let name = &entry.item.name;
        let doc = format!("`{}` or an element of its substitution group.", name.local);
        let def = TypeDef {
            wire: QName { ns: name.ns.clone(), local: format!("Any_{}", name.local) },
            rust: String::new(),
            doc: Some(doc),
            kind: TypeKind::Choice(Choice { variants, dispatch: Dispatch::Element }),
            origin: DefOrigin::Synthetic,
        };
        Ok((def, Origin { file: entry.file.to_owned(), kind: OriginKind::Local }))
    }
}

fn is_abstract_type(lx: &Lowerer<'_, '_>, i: usize) -> bool {
    lx.ix.types.entries.get(i).is_some_and(|e| matches!(&e.item.def, TypeDecl::Complex(ct) if ct.abstract_))
}
