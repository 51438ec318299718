//! Stage 2: parsed documents ([`crate::model`]) -> [`crate::ir::Ir`].
//!
//! Runs as named passes in one visible sequence ([`lower`]):
//!
//! 1. index every named component of every document by QName;
//! 2. pre-assign a [`TypeId`] to every named type and every global element
//!    with an anonymous type, so forward and recursive references resolve;
//! 3. lower the clients (one per SOAP port, or per binding no port uses:
//!    [`clients`]), requesting the types their bodies, header blocks and
//!    faults reach ([`ops`], [`headers`]), then lower the requested types
//!    ([`types`]); without any binding, every type;
//! 4. decide how each body is unwrapped;
//! 5. merge structurally identical duplicates, box cycle-closing fields and
//!    number the surviving types densely ([`merge`]).
//!
//! References resolve first within the document (and its imports) that
//! makes them, then anywhere: sipXconfig's six files each define their own
//! `Property`, and each file's types must use its own.

mod attrs;
mod clients;
mod content;
mod headers;
mod merge;
mod ops;
mod poly;
mod simple;
mod types;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

pub(crate) use merge::prune_unreachable;
#[cfg(test)]
pub(crate) use merge::refs_of_kind;

use crate::Error;
use crate::ir::{Ir, QName, Style, TypeDef, TypeId, TypeKind, Unwrap};
use crate::model::{self, Definitions, ElementType};

/// Lowering settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LowerOptions {
    /// Accept known vendor defects with a warning each: binding operation
    /// input/output names that match no port type operation (matched by
    /// position), QNames that resolve only without their prefix's
    /// namespace (unprefixed, resolved in the document's own).
    pub lenient: bool,
    /// Lower every type and element the schemas declare, reached by an
    /// operation or not.
    pub all_types: bool,
}

/// Lowers parsed documents into one IR (types reachable from the clients'
/// operations only, in declaration order; every type when the documents
/// have no binding).
pub fn lower(docs: &[Definitions]) -> Result<Ir, Error> {
    lower_with(docs, LowerOptions::default())
}

/// [`lower`] with options.
pub fn lower_with(docs: &[Definitions], options: LowerOptions) -> Result<Ir, Error> {
    let ix = Index::build(docs);
    let mut lx = Lowerer::new(&ix);
    lx.lenient = options.lenient;
    let clients = lx.clients()?;
    // A document set without a binding is a module of types only.
    let every_type = options.all_types || ix.bindings.entries.is_empty();
    if every_type {
        lx.request_every_type();
    }
    lx.drain()?;
    content::decide_decoding(&mut lx.types);
    let mut ir = Ir {
        sources: docs.iter().map(|d| d.file.clone()).collect(),
        doc: docs.iter().find_map(|d| d.doc.clone()),
        types: std::mem::take(&mut lx.types),
        clients,
        warnings: Vec::new(),
        documents: Default::default(),
        subset: None,
    };
    let parse_warnings = docs.iter().flat_map(|d| d.with_imports()).flat_map(|d| d.warnings.iter().cloned());
    ir.warnings = dedup_strings(parse_warnings.chain(std::mem::take(&mut lx.warnings)));
    set_unwraps(&mut ir)?;
    if !every_type {
        merge::prune_unreachable(&mut ir);
    }
    merge::dedup(&mut ir, &lx.origins);
    merge::box_alternatives(&mut ir);
    merge::box_cycles(&mut ir);
    merge::renumber(&mut ir);
    Ok(ir)
}

/// A component and where it was declared.
struct Entry<'d, T> {
    /// Index of the input document (imports count as their importer's).
    unit: usize,
    file: &'d str,
    item: &'d T,
}

impl<'d, T> Entry<'d, T> {
    fn scope(&self) -> Scope<'d> {
        Scope { unit: self.unit, file: self.file }
    }
}

/// Components of one kind, findable by QName.
struct Table<'d, T> {
    entries: Vec<Entry<'d, T>>,
    by_name: BTreeMap<QName, Vec<usize>>,
    /// The name of each entry, by index.
    names: Vec<QName>,
}

impl<'d, T> Table<'d, T> {
    fn new() -> Self {
        Table { entries: Vec::new(), by_name: BTreeMap::new(), names: Vec::new() }
    }

    fn push(&mut self, name: &QName, entry: Entry<'d, T>) {
        self.by_name.entry(name.clone()).or_default().push(self.entries.len());
        self.entries.push(entry);
        self.names.push(name.clone());
    }

    fn name_of(&self, i: usize) -> Option<&QName> {
        self.names.get(i)
    }

    /// The declaration of `name` in document `unit`, else the first one.
    fn find(&self, unit: usize, name: &QName) -> Option<(usize, &Entry<'d, T>)> {
        let candidates = self.by_name.get(name)?;
        let pick = candidates
            .iter()
            .copied()
            .find(|&i| self.entries.get(i).is_some_and(|e| e.unit == unit))
            .or_else(|| candidates.first().copied())?;
        Some((pick, self.entries.get(pick)?))
    }
}

/// Every named component of every input document.
struct Index<'d> {
    types: Table<'d, model::NamedType>,
    elements: Table<'d, model::GlobalElement>,
    groups: Table<'d, model::NamedGroup>,
    attributes: Table<'d, model::GlobalAttribute>,
    attribute_groups: Table<'d, model::NamedAttributeGroup>,
    messages: Table<'d, model::Message>,
    port_types: Table<'d, model::PortType>,
    bindings: Table<'d, model::Binding>,
    services: Vec<Entry<'d, model::Service>>,
    /// Complex types by the name of the type they extend or restrict
    /// (`types` indexes), for `xsi:type`.
    derived: BTreeMap<QName, Vec<usize>>,
    /// Global elements by the head of their substitution group
    /// (`elements` indexes).
    substitutes: BTreeMap<QName, Vec<usize>>,
    /// The first input document, for findings about the whole set.
    first_file: String,
}

impl<'d> Index<'d> {
    fn build(docs: &'d [Definitions]) -> Self {
        let mut ix = Index {
            types: Table::new(),
            elements: Table::new(),
            groups: Table::new(),
            attributes: Table::new(),
            attribute_groups: Table::new(),
            messages: Table::new(),
            port_types: Table::new(),
            bindings: Table::new(),
            services: Vec::new(),
            derived: BTreeMap::new(),
            substitutes: BTreeMap::new(),
            first_file: docs.first().map(|d| d.file.clone()).unwrap_or_default(),
        };
        for (unit, doc) in docs.iter().enumerate() {
            for d in doc.with_imports() {
                ix.add(unit, d);
            }
        }
        ix.index_derivations();
        ix
    }

    fn add(&mut self, unit: usize, d: &'d Definitions) {
        let file = d.file.as_str();
        for schema in &d.schemas {
            let file = schema.file.as_str();
            for t in &schema.types {
                self.types.push(&t.name, Entry { unit, file, item: t });
            }
            for e in &schema.elements {
                self.elements.push(&e.name, Entry { unit, file, item: e });
            }
            for g in &schema.groups {
                self.groups.push(&g.name, Entry { unit, file, item: g });
            }
            for a in &schema.attributes {
                self.attributes.push(&a.name, Entry { unit, file, item: a });
            }
            for g in &schema.attribute_groups {
                self.attribute_groups.push(&g.name, Entry { unit, file, item: g });
            }
        }
        for m in &d.messages {
            self.messages.push(&m.name, Entry { unit, file, item: m });
        }
        for p in &d.port_types {
            self.port_types.push(&p.name, Entry { unit, file, item: p });
        }
        for b in &d.bindings {
            self.bindings.push(&b.name, Entry { unit, file, item: b });
        }
        self.services.extend(d.services.iter().map(|s| Entry { unit, file, item: s }));
    }

    /// Fills `derived` and `substitutes`. A type derived from a builtin or
    /// from a SOAP-ENC array is not an alternative to anything.
    fn index_derivations(&mut self) {
        for (i, e) in self.types.entries.iter().enumerate() {
            let model::TypeDecl::Complex(ct) = &e.item.def else { continue };
            let base = match &ct.content {
                model::Content::Extension { base, .. } | model::Content::Simple { base, .. } => base,
                model::Content::Restriction { base, array_type: None, .. } => base,
                _ => continue,
            };
            if types::builtin(base).is_none() && base.ns.as_deref() != Some(crate::parse::SOAP_ENC_NS) {
                self.derived.entry(base.clone()).or_default().push(i);
            }
        }
        for (i, e) in self.elements.entries.iter().enumerate() {
            if let Some(head) = &e.item.substitution_group {
                self.substitutes.entry(head.clone()).or_default().push(i);
            }
        }
    }
}

/// Where a reference is resolved from: its document and file.
#[derive(Debug, Clone, Copy)]
struct Scope<'a> {
    unit: usize,
    file: &'a str,
}

impl Scope<'_> {
    fn unresolved(&self, kind: &'static str, qname: &QName, from: &str) -> Error {
        Error::UnresolvedRef {
            file: self.file.to_owned(),
            kind,
            qname: qname.to_string(),
            from: from.to_owned(),
        }
    }

    fn unsupported(&self, construct: String, at: &str) -> Error {
        Error::Unsupported { file: self.file.to_owned(), construct, at: at.to_owned() }
    }
}

/// What a type id stands for, before lowering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// `Index::types[i]`.
    Type(usize),
    /// The anonymous type of `Index::elements[i]`.
    Element(usize),
    /// The choice between complex type `Index::types[i]` and the types
    /// derived from it, told apart by `xsi:type`.
    Derived(usize),
    /// The choice between the members of the substitution group headed by
    /// `Index::elements[i]`.
    Substitution(usize),
    /// A built-in list type (`NMTOKENS`, `IDREFS`, `ENTITIES`).
    BuiltinList(&'static str),
}

/// Where a lowered type came from: decides whether two different
/// definitions with one wire name deserve a warning.
#[derive(Debug, Clone)]
struct Origin {
    file: String,
    kind: OriginKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum OriginKind {
    /// A named schema type: one QName should mean one type.
    Named,
    /// The anonymous type of a global element: likewise.
    Element,
    /// Anonymous types of local elements and rpc wrappers, whose wire
    /// names are not unique by nature.
    Local,
}

/// Lowering state: ids, the queue of requested types, and the result.
struct Lowerer<'i, 'd> {
    ix: &'i Index<'d>,
    ids: BTreeMap<Key, TypeId>,
    next_id: u32,
    queued: BTreeSet<Key>,
    queue: VecDeque<Key>,
    types: BTreeMap<TypeId, TypeDef>,
    origins: BTreeMap<TypeId, Origin>,
    warnings: Vec<String>,
    /// Named types being resolved as arrays, to stop `A = Array of A`.
    arrays_in_progress: Vec<usize>,
    /// See [`LowerOptions::lenient`].
    lenient: bool,
    /// Fault details of the client being lowered.
    client_faults: Vec<crate::ir::FaultDetail>,
    /// Named model groups and attribute groups being expanded, to stop a
    /// group that contains itself.
    groups_in_progress: Vec<QName>,
}

impl<'i, 'd> Lowerer<'i, 'd> {
    /// Pre-assigns ids in declaration order, so the output order follows
    /// the documents whatever order references are met in.
    fn new(ix: &'i Index<'d>) -> Self {
        let mut lx = Lowerer {
            ix,
            ids: BTreeMap::new(),
            next_id: 0,
            queued: BTreeSet::new(),
            queue: VecDeque::new(),
            types: BTreeMap::new(),
            origins: BTreeMap::new(),
            warnings: Vec::new(),
            arrays_in_progress: Vec::new(),
            lenient: false,
            client_faults: Vec::new(),
            groups_in_progress: Vec::new(),
        };
        for i in 0..ix.types.entries.len() {
            let id = lx.fresh();
            lx.ids.insert(Key::Type(i), id);
        }
        for (i, e) in ix.elements.entries.iter().enumerate() {
            if matches!(e.item.ty, ElementType::Complex(_)) {
                let id = lx.fresh();
                lx.ids.insert(Key::Element(i), id);
            }
        }
        lx
    }

    /// Requests every named type (with the choice of its derived types
    /// where it has some), every global element with an anonymous type, and
    /// every substitution group (for documents without a binding, whose
    /// module holds the types only, or with [`LowerOptions::all_types`]).
    /// SOAP-ENC array types are left out: they have no struct of their own,
    /// only their uses become lists.
    fn request_every_type(&mut self) {
        let ix = self.ix;
        for (i, t) in ix.types.entries.iter().enumerate() {
            let array = matches!(&t.item.def, model::TypeDecl::Complex(ct)
                if matches!(&ct.content, model::Content::Restriction { base, .. }
                    if base.ns.as_deref() == Some(crate::parse::SOAP_ENC_NS) && base.local == "Array"));
            if !array {
                self.request(Key::Type(i));
            }
            if !self.derived_types(i).is_empty() {
                self.request(Key::Derived(i));
            }
        }
        for (i, e) in ix.elements.entries.iter().enumerate() {
            if matches!(e.item.ty, ElementType::Complex(_)) {
                self.request(Key::Element(i));
            }
            if !self.substitution_members(i).is_empty() {
                self.request(Key::Substitution(i));
            }
        }
    }

    fn fresh(&mut self) -> TypeId {
        let id = TypeId(self.next_id);
        self.next_id += 1;
        id
    }

    /// The id of `key`, queueing it for lowering on first request.
    fn request(&mut self, key: Key) -> TypeId {
        let id = match self.ids.get(&key) {
            Some(id) => *id,
            None => {
                let id = self.fresh();
                self.ids.insert(key, id);
                id
            }
        };
        if self.queued.insert(key) {
            self.queue.push_back(key);
        }
        id
    }

    /// Lowers requested types until none are left (lowering one may
    /// request more).
    fn drain(&mut self) -> Result<(), Error> {
        while let Some(key) = self.queue.pop_front() {
            let (def, origin) = self.lower_key(key)?;
            let id = self.request(key);
            self.add_type(id, def, origin);
        }
        Ok(())
    }

    fn add_type(&mut self, id: TypeId, def: TypeDef, origin: Origin) {
        self.types.insert(id, def);
        self.origins.insert(id, origin);
    }

    fn warn(&mut self, file: &str, message: String) {
        self.warnings.push(format!("{file}: {message}"));
    }
}

/// Direction of a message within an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Input,
    Output,
}

/// Fills `BodyElement::unwrap` per the policy documented on it: rpc input
/// is always positional; otherwise it depends on the number of fields.
fn set_unwraps(ir: &mut Ir) -> Result<(), Error> {
    let types = &ir.types;
    for client in &mut ir.clients {
        for op in &mut client.operations {
            let style = op.style;
            let outputs = op.output.iter_mut().map(|m| (Direction::Output, m));
            for (dir, message) in std::iter::once((Direction::Input, &mut op.input)).chain(outputs) {
                let Some(body) = &mut message.body else { continue };
                let fields = match types.get(&body.ty).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => s.fields.len(),
                    _ => {
                        return Err(Error::Unsupported {
                            file: client.port.clone(),
                            construct: format!("body element {} whose type is not a complex type", body.name),
                            at: format!("operation {}", op.wire),
                        });
                    }
                };
                body.unwrap = unwrap_policy(style, dir, fields);
            }
        }
    }
    Ok(())
}

/// Most rpc parts a method takes as positional arguments; an operation with
/// more takes its `<Op>Request` struct instead. Long positional lists of
/// same-typed values (pbx10_00's UserCall has eight parts, four of them
/// strings) are easy to get wrong silently, and a struct can be filled by
/// field name with `..Default::default()` for the rest.
pub const MAX_POSITIONAL_PARTS: usize = 4;

fn unwrap_policy(style: Style, dir: Direction, fields: usize) -> Unwrap {
    if style != Style::DocumentLiteral && dir == Direction::Input {
        return if fields <= MAX_POSITIONAL_PARTS { Unwrap::Fields } else { Unwrap::Whole };
    }
    match fields {
        0 => Unwrap::Fields,
        1 => Unwrap::SingleField,
        _ => Unwrap::Whole,
    }
}

/// Removes repeated strings, keeping the first occurrence's position.
fn dedup_strings(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items.filter(|s| seen.insert(s.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwrap_policy_matches_the_ir_contract() {
        use Direction::{Input, Output};
        let doc = Style::DocumentLiteral;
        assert_eq!(unwrap_policy(doc, Input, 0), Unwrap::Fields);
        assert_eq!(unwrap_policy(doc, Input, 1), Unwrap::SingleField);
        assert_eq!(unwrap_policy(doc, Output, 2), Unwrap::Whole);
        for rpc in [Style::RpcLiteral, Style::RpcEncoded] {
            assert_eq!(unwrap_policy(rpc, Input, 1), Unwrap::Fields);
            assert_eq!(unwrap_policy(rpc, Input, 3), Unwrap::Fields);
            assert_eq!(unwrap_policy(rpc, Input, MAX_POSITIONAL_PARTS), Unwrap::Fields);
            assert_eq!(unwrap_policy(rpc, Input, MAX_POSITIONAL_PARTS + 1), Unwrap::Whole);
            assert_eq!(unwrap_policy(rpc, Output, 0), Unwrap::Fields);
            assert_eq!(unwrap_policy(rpc, Output, 1), Unwrap::SingleField);
            assert_eq!(unwrap_policy(rpc, Output, 2), Unwrap::Whole);
        }
    }

    #[test]
    fn warnings_keep_first_occurrence_order() {
        let out = dedup_strings(["b", "a", "b", "c", "a"].into_iter().map(str::to_owned));
        assert_eq!(out, ["b", "a", "c"]);
    }
}
