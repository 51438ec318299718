//! Passes over the lowered IR: merging duplicate types, boxing references
//! that close cycles, and renumbering ids densely.
//!
//! Duplicates are merged by partition refinement (as in DFA minimisation):
//! types start grouped by wire name and shape with all ids ignored, then
//! groups split until every member refers to the same groups. That merges
//! identical recursive types too, which comparing references alone cannot.

use std::collections::BTreeMap;

use super::{Origin, OriginKind};
use crate::ir::{Field, Ir, Occurs, TypeId, TypeKind, TypeRef};

/// Merges structurally identical types with the same wire name into one
/// (first id, first doc); warns where one schema name has differing
/// definitions, which are all kept.
pub(super) fn dedup(ir: &mut Ir, origins: &BTreeMap<TypeId, Origin>) {
    let mut classes = classify(ir, None);
    loop {
        let refined = classify(ir, Some(&classes));
        let stable = count(&refined) == count(&classes);
        classes = refined;
        if stable {
            break;
        }
    }
    let mut first_of_class: BTreeMap<u32, TypeId> = BTreeMap::new();
    let mut map = BTreeMap::new();
    for (&id, &class) in &classes {
        let rep = *first_of_class.entry(class).or_insert(id);
        map.insert(id, rep);
    }
    ir.types.retain(|id, _| map.get(id) == Some(id));
    remap(ir, &map);
    warn_conflicts(ir, origins);
}

/// Assigns each type a class number: equal numbers for equal wire names
/// and equal shapes, where references compare by their class in `prev`
/// (all equal when `prev` is `None`). Docs do not count.
fn classify(ir: &Ir, prev: Option<&BTreeMap<TypeId, u32>>) -> BTreeMap<TypeId, u32> {
    let class_of = |id: TypeId| prev.and_then(|p| p.get(&id).copied()).unwrap_or(0);
    let mut signatures: BTreeMap<String, u32> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for (&id, def) in &ir.types {
        let shape = map_kind(&def.kind, &|r| TypeId(class_of(r)), true);
        let signature = format!("{}|{}|{shape:?}", class_of(id), def.wire);
        let next = u32::try_from(signatures.len()).unwrap_or(u32::MAX);
        out.insert(id, *signatures.entry(signature).or_insert(next));
    }
    out
}

fn count(classes: &BTreeMap<TypeId, u32>) -> usize {
    classes.values().collect::<std::collections::BTreeSet<_>>().len()
}

/// Warns once per schema name that still has several definitions.
fn warn_conflicts(ir: &mut Ir, origins: &BTreeMap<TypeId, Origin>) {
    let mut by_name: BTreeMap<(OriginKind, String), Vec<&str>> = BTreeMap::new();
    for (id, def) in &ir.types {
        let Some(origin) = origins.get(id) else { continue };
        if origin.kind != OriginKind::Local {
            by_name.entry((origin.kind, def.wire.to_string())).or_default().push(&origin.file);
        }
    }
    for ((kind, wire), files) in by_name {
        if files.len() > 1 {
            let what = if kind == OriginKind::Named { "type" } else { "element" };
            ir.warnings.push(format!(
                "{what} {wire} is defined differently in {}; each definition is kept as its own type",
                files.join(" and ")
            ));
        }
    }
}

/// Boxes the alternatives of choices that hold a struct or a choice: an
/// enum is as large as its largest alternative, and complex types are
/// large next to simple ones.
pub(super) fn box_alternatives(ir: &mut Ir) {
    let complex: std::collections::BTreeSet<TypeId> = ir
        .types
        .iter()
        .filter(|(_, d)| matches!(d.kind, TypeKind::Struct(_) | TypeKind::Choice(_)))
        .map(|(id, _)| *id)
        .collect();
    for def in ir.types.values_mut() {
        let TypeKind::Choice(c) = &mut def.kind else { continue };
        for v in &mut c.variants {
            // A `Vec` of them is small already.
            let repeated = matches!(v.occurs, Occurs::Repeated { .. });
            if !repeated && matches!(v.ty, TypeRef::Named(id) if complex.contains(&id)) {
                v.ty = TypeRef::Boxed(Box::new(v.ty.clone()));
            }
        }
    }
}

/// Boxes each by-value reference that closes a cycle of by-value
/// references (lists and repeated fields already break cycles).
pub(super) fn box_cycles(ir: &mut Ir) {
    let mut state = BTreeMap::new();
    let mut to_box = Vec::new();
    let ids: Vec<TypeId> = ir.types.keys().copied().collect();
    for id in ids {
        visit(ir, id, &mut state, &mut to_box);
    }
    for (id, index) in to_box {
        let field =
            ir.types.get_mut(&id).and_then(|t| members_mut(&mut t.kind)).and_then(|m| m.get_mut(index));
        if let Some(field) = field {
            field.ty = TypeRef::Boxed(Box::new(field.ty.clone()));
        }
    }
}

/// The fields of a struct or the alternatives of a choice.
fn members(kind: &TypeKind) -> Option<&[Field]> {
    match kind {
        TypeKind::Struct(s) => Some(&s.fields),
        TypeKind::Choice(c) => Some(&c.variants),
        _ => None,
    }
}

fn members_mut(kind: &mut TypeKind) -> Option<&mut Vec<Field>> {
    match kind {
        TypeKind::Struct(s) => Some(&mut s.fields),
        TypeKind::Choice(c) => Some(&mut c.variants),
        _ => None,
    }
}

/// Drops types no operation reaches (made while lowering content that
/// ended up unused), so nothing is emitted for them.
pub(crate) fn prune_unreachable(ir: &mut Ir) {
    let mut reached = std::collections::BTreeSet::new();
    let mut stack: Vec<TypeId> = ir
        .clients
        .iter()
        .flat_map(|c| &c.operations)
        .flat_map(|op| std::iter::once(&op.input).chain(op.output.as_ref()))
        .filter_map(|m| m.body.as_ref().map(|b| b.ty))
        .collect();
    // Header blocks and fault details are roots too.
    for client in &ir.clients {
        let b = &client.binding;
        let ops = client.operations.iter().map(|op| &op.binding);
        let blocks = b.headers.iter().chain(
            ops.flat_map(|ob| ob.input_headers.iter().chain(&ob.output_headers).chain(&ob.header_faults)),
        );
        for ty in blocks.map(|h| &h.ty).chain(b.faults.iter().map(|f| &f.ty)) {
            refs_of(ty, &mut |id| stack.push(id));
        }
    }
    while let Some(id) = stack.pop() {
        if !reached.insert(id) {
            continue;
        }
        if let Some(def) = ir.types.get(&id) {
            refs_of_kind(&def.kind, &mut |r| stack.push(r));
        }
    }
    ir.types.retain(|id, _| reached.contains(id));
}

pub(crate) fn refs_of_kind(kind: &TypeKind, f: &mut dyn FnMut(TypeId)) {
    match kind {
        TypeKind::Struct(_) | TypeKind::Choice(_) => {
            for m in members(kind).unwrap_or_default() {
                refs_of(&m.ty, f);
            }
        }
        TypeKind::Alias(r) | TypeKind::List(r) => refs_of(r, f),
        TypeKind::Enum(_) => {}
    }
}

fn refs_of(r: &TypeRef, f: &mut dyn FnMut(TypeId)) {
    match r {
        TypeRef::Builtin(_) => {}
        TypeRef::Named(id) => f(*id),
        TypeRef::List { item, .. } | TypeRef::Boxed(item) => refs_of(item, f),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    InProgress,
    Done,
}

/// Depth-first search in id order; an edge to a type still in progress
/// closes a cycle.
fn visit(ir: &Ir, id: TypeId, state: &mut BTreeMap<TypeId, Visit>, to_box: &mut Vec<(TypeId, usize)>) {
    if state.contains_key(&id) {
        return;
    }
    state.insert(id, Visit::InProgress);
    if let Some(fields) = ir.types.get(&id).and_then(|t| members(&t.kind)) {
        for (index, field) in fields.iter().enumerate() {
            let Some(target) = by_value_target(field).map(|t| alias_target(ir, t)) else { continue };
            match state.get(&target) {
                Some(Visit::InProgress) => to_box.push((id, index)),
                Some(Visit::Done) => {}
                None => visit(ir, target, state, to_box),
            }
        }
    }
    state.insert(id, Visit::Done);
}

/// The type a field holds directly (not through a list, Vec or Box).
fn by_value_target(field: &Field) -> Option<TypeId> {
    match (field.occurs, &field.ty) {
        (Occurs::Repeated { .. }, _) => None,
        (_, TypeRef::Named(id)) => Some(*id),
        _ => None,
    }
}

/// Follows aliases: `pub type A = B;` holds a `B` by value.
fn alias_target(ir: &Ir, id: TypeId) -> TypeId {
    let mut id = id;
    for _ in 0..64 {
        match ir.types.get(&id).map(|t| &t.kind) {
            Some(TypeKind::Alias(TypeRef::Named(next))) => id = *next,
            _ => break,
        }
    }
    id
}

/// Renumbers the ids 0, 1, 2... in their current order.
pub(super) fn renumber(ir: &mut Ir) {
    let map: BTreeMap<TypeId, TypeId> = ir
        .types
        .keys()
        .enumerate()
        .map(|(n, &id)| (id, TypeId(u32::try_from(n).unwrap_or(u32::MAX))))
        .collect();
    remap(ir, &map);
}

/// Rewrites every id (keys, references, bodies) through `map`.
fn remap(ir: &mut Ir, map: &BTreeMap<TypeId, TypeId>) {
    let f = |id: TypeId| map.get(&id).copied().unwrap_or(id);
    ir.types = std::mem::take(&mut ir.types)
        .into_iter()
        .map(|(id, mut def)| {
            def.kind = map_kind(&def.kind, &f, false);
            (f(id), def)
        })
        .collect();
    for op in ir.clients.iter_mut().flat_map(|c| c.operations.iter_mut()) {
        for message in std::iter::once(&mut op.input).chain(op.output.as_mut()) {
            if let Some(body) = &mut message.body {
                body.ty = f(body.ty);
            }
        }
    }
    // Header blocks and fault details refer to types too.
    for client in &mut ir.clients {
        let b = &mut client.binding;
        for block in &mut b.headers {
            block.ty = map_ref(&block.ty, &f);
        }
        for fault in &mut b.faults {
            fault.ty = map_ref(&fault.ty, &f);
        }
        for op in &mut client.operations {
            let ob = &mut op.binding;
            for block in
                ob.input_headers.iter_mut().chain(&mut ob.output_headers).chain(&mut ob.header_faults)
            {
                block.ty = map_ref(&block.ty, &f);
            }
        }
    }
}

/// `kind` with every referenced id passed through `f` (and field docs
/// dropped if `strip_docs`).
fn map_kind(kind: &TypeKind, f: &dyn Fn(TypeId) -> TypeId, strip_docs: bool) -> TypeKind {
    let mut kind = kind.clone();
    match &mut kind {
        TypeKind::Alias(r) | TypeKind::List(r) => *r = map_ref(r, f),
        TypeKind::Enum(_) => {}
        TypeKind::Struct(_) | TypeKind::Choice(_) => {
            for field in members_mut(&mut kind).into_iter().flatten() {
                field.ty = map_ref(&field.ty, f);
                if strip_docs {
                    field.doc = None;
                }
            }
        }
    }
    kind
}

fn map_ref(r: &TypeRef, f: &dyn Fn(TypeId) -> TypeId) -> TypeRef {
    match r {
        TypeRef::Builtin(b) => TypeRef::Builtin(*b),
        TypeRef::Named(id) => TypeRef::Named(f(*id)),
        TypeRef::List { item, item_name, encoding, array_type } => TypeRef::List {
            item: Box::new(map_ref(item, f)),
            item_name: item_name.clone(),
            encoding: *encoding,
            array_type: array_type.clone(),
        },
        TypeRef::Boxed(inner) => TypeRef::Boxed(Box::new(map_ref(inner, f))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Builtin, DefOrigin, QName, Struct, TypeDef};

    fn field(name: &str, ty: TypeRef, occurs: Occurs) -> Field {
        Field::element(QName::new(None, name), ty, occurs, None)
    }

    fn def(wire: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            wire: QName::new(Some("urn:t"), wire),
            rust: String::new(),
            doc: None,
            kind: TypeKind::Struct(Struct::of(fields)),
            origin: DefOrigin::Named,
        }
    }

    fn origin(file: &str) -> Origin {
        Origin { file: file.to_owned(), kind: OriginKind::Named }
    }

    #[test]
    fn identical_recursive_duplicates_merge() {
        let mut ir = Ir::default();
        for n in [0, 1] {
            let next = field("next", TypeRef::Named(TypeId(n)), Occurs::Optional);
            ir.types.insert(TypeId(n), def("Node", vec![next]));
        }
        let origins = BTreeMap::from([(TypeId(0), origin("a")), (TypeId(1), origin("b"))]);
        dedup(&mut ir, &origins);
        assert_eq!(ir.types.len(), 1);
        assert!(ir.warnings.is_empty(), "{:?}", ir.warnings);
    }

    #[test]
    fn differing_duplicates_stay_apart_with_a_warning() {
        let mut ir = Ir::default();
        let int = field("x", TypeRef::Builtin(Builtin::Int), Occurs::Required);
        let long = field("x", TypeRef::Builtin(Builtin::Long), Occurs::Required);
        ir.types.insert(TypeId(0), def("P", vec![int]));
        ir.types.insert(TypeId(1), def("P", vec![long]));
        dedup(&mut ir, &BTreeMap::from([(TypeId(0), origin("a.wsdl")), (TypeId(1), origin("b.wsdl"))]));
        assert_eq!(ir.types.len(), 2);
        assert_eq!(ir.warnings.len(), 1);
        assert!(ir.warnings[0].contains("a.wsdl and b.wsdl"), "{:?}", ir.warnings);
    }

    #[test]
    fn only_by_value_cycle_edges_are_boxed() {
        let mut ir = Ir::default();
        let a_to_b = field("b", TypeRef::Named(TypeId(1)), Occurs::Required);
        let b_to_a = field("a", TypeRef::Named(TypeId(0)), Occurs::Optional);
        let b_to_a_vec = field("all", TypeRef::Named(TypeId(0)), Occurs::Repeated { min: 0 });
        ir.types.insert(TypeId(0), def("A", vec![a_to_b]));
        ir.types.insert(TypeId(1), def("B", vec![b_to_a, b_to_a_vec]));
        box_cycles(&mut ir);
        let TypeKind::Struct(b) = &ir.types[&TypeId(1)].kind else { unreachable!() };
        assert_eq!(b.fields[0].ty, TypeRef::Boxed(Box::new(TypeRef::Named(TypeId(0)))));
        assert_eq!(b.fields[1].ty, TypeRef::Named(TypeId(0)));
        let TypeKind::Struct(a) = &ir.types[&TypeId(0)].kind else { unreachable!() };
        assert_eq!(a.fields[0].ty, TypeRef::Named(TypeId(1)));
    }

    #[test]
    fn renumber_is_dense_and_rewrites_references() {
        let mut ir = Ir::default();
        ir.types.insert(TypeId(7), def("A", vec![field("b", TypeRef::Named(TypeId(9)), Occurs::Required)]));
        ir.types.insert(TypeId(9), def("B", vec![]));
        renumber(&mut ir);
        assert_eq!(ir.types.keys().copied().collect::<Vec<_>>(), [TypeId(0), TypeId(1)]);
        let TypeKind::Struct(a) = &ir.types[&TypeId(0)].kind else { unreachable!() };
        assert_eq!(a.fields[0].ty, TypeRef::Named(TypeId(1)));
    }
}
