//! Fields and named types: how two versions of a struct, an enumeration
//! or an alias differ, and which direction makes a difference breaking.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Compat, group_by};
use crate::ir::{Field, Ir, ListEncoding, Occurs, TypeDef, TypeId, TypeKind, TypeRef};

/// Which way values of a type travel: in requests (the client sends them),
/// in responses (the client reads them), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Dir {
    request: bool,
    response: bool,
}

impl Dir {
    pub const REQUEST: Dir = Dir { request: true, response: false };
    pub const RESPONSE: Dir = Dir { request: false, response: true };

    fn union(self, other: Dir) -> Dir {
        Dir { request: self.request || other.request, response: self.response || other.response }
    }

    fn contains(self, other: Dir) -> bool {
        (self.request || !other.request) && (self.response || !other.response)
    }

    fn label(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "request, response",
            (true, false) => "request",
            (false, true) => "response",
            (false, false) => "unused",
        }
    }

    /// Breaking when a direction the values travel in is not fine:
    /// `request_ok` = the new service accepts whatever an old client sends;
    /// `response_ok` = an old client reads whatever the new service sends.
    fn classify(self, request_ok: bool, response_ok: bool) -> Compat {
        if (self.request && !request_ok) || (self.response && !response_ok) {
            Compat::Breaking
        } else {
            Compat::Compatible
        }
    }
}

/// How many values an element carries and whether it may be nil.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Card {
    min: u32,
    many: bool,
    nil: bool,
}

impl Card {
    /// Whether the decoder of a client built for `self` reads `xsi:nil`:
    /// nillable elements, and optional ones (nil reads as `None`).
    fn reads_nil(self) -> bool {
        self.nil || (self.min == 0 && !self.many)
    }
}

/// A field as the user sees it: item type, how many, and for lists the
/// form on the wire.
struct Shape<'t> {
    item: &'t TypeRef,
    card: Card,
    /// For a list in a wrapper element: its form, and whether the wrapper
    /// must be there (the decoder requires a required one).
    wrapper: Option<ListEncoding>,
    wrapper_required: bool,
}

impl Shape<'_> {
    /// Whether the element may be left out entirely.
    fn may_be_absent(&self) -> bool {
        match self.wrapper {
            Some(_) => !self.wrapper_required,
            None => self.card.min == 0 && !self.card.nil,
        }
    }
}

fn unbox(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Boxed(inner) => unbox(inner),
        other => other,
    }
}

fn field_shape(f: &Field) -> Shape<'_> {
    let ty = unbox(&f.ty);
    if let TypeRef::List { item, encoding, .. } = ty {
        // A wrapped list is a `Vec` like a repeated element.
        return Shape {
            item: unbox(item),
            card: Card { min: 0, many: true, nil: false },
            wrapper: Some(*encoding),
            wrapper_required: f.occurs == Occurs::Required,
        };
    }
    let card = match f.occurs {
        Occurs::Required => Card { min: 1, many: false, nil: false },
        Occurs::Optional => Card { min: 0, many: false, nil: false },
        Occurs::Nillable => Card { min: 1, many: false, nil: true },
        Occurs::Repeated { min } => Card { min, many: true, nil: false },
    };
    Shape { item: ty, card, wrapper: None, wrapper_required: false }
}

fn item_name(ir: &Ir, t: &TypeRef) -> String {
    match unbox(t) {
        TypeRef::Builtin(b) => format!("xsd:{}", b.xsd_name()),
        TypeRef::Named(id) => ir.types.get(id).map_or_else(|| "?".to_owned(), |d| d.wire.local.clone()),
        TypeRef::List { item, .. } => format!("{}[]", item_name(ir, item)),
        TypeRef::Boxed(inner) => item_name(ir, inner),
    }
}

fn render(ir: &Ir, s: &Shape<'_>) -> String {
    let name = item_name(ir, s.item);
    if s.wrapper.is_some() && !s.wrapper_required {
        return format!("{name}[]?");
    }
    match s.card {
        Card { many: true, min: 0, .. } => format!("{name}[]"),
        Card { many: true, min, .. } => format!("{name}[{min}..]"),
        Card { nil: true, .. } => format!("{name} (nillable)"),
        Card { min: 0, .. } => format!("{name}?"),
        _ => name,
    }
}

/// A field's type in report notation: `xsd:string`, `xsd:string?`,
/// `Device[]`, `Info[1..]`, `xsd:int (nillable)`.
pub(crate) fn shape(ir: &Ir, f: &Field) -> String {
    render(ir, &field_shape(f))
}

fn list_form(w: Option<ListEncoding>) -> &'static str {
    match w {
        None => "repeated element",
        Some(ListEncoding::Literal) => "wrapper element",
        Some(ListEncoding::SoapEnc) => "SOAP-ENC array",
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enumeration",
        TypeKind::Alias(_) => "simple type",
        TypeKind::List(_) => "list type",
        TypeKind::Choice(_) => "choice",
    }
}

fn ns_name(ns: Option<&str>) -> String {
    ns.map_or_else(|| "(none)".to_owned(), str::to_owned)
}

/// Where values of each type travel, and which types some field refers
/// to (the others are only operation bodies, reported with operations).
struct Reach {
    dirs: BTreeMap<TypeId, Dir>,
    via_field: BTreeSet<TypeId>,
}

impl Reach {
    fn of(ir: &Ir) -> Reach {
        let mut reach = Reach { dirs: BTreeMap::new(), via_field: BTreeSet::new() };
        let mut stack: Vec<(TypeId, Dir)> = Vec::new();
        for op in ir.clients.iter().flat_map(|c| &c.operations) {
            stack.extend(op.input.body.as_ref().map(|b| (b.ty, Dir::REQUEST)));
            stack.extend(op.output.iter().flat_map(|m| &m.body).map(|b| (b.ty, Dir::RESPONSE)));
        }
        while let Some((id, dir)) = stack.pop() {
            let known = reach.dirs.entry(id).or_default();
            if known.contains(dir) {
                continue;
            }
            *known = known.union(dir);
            let mut refs = Vec::new();
            match ir.types.get(&id).map(|d| &d.kind) {
                Some(TypeKind::Struct(st)) => st.fields.iter().for_each(|f| named(&f.ty, &mut refs)),
                Some(TypeKind::Choice(c)) => c.variants.iter().for_each(|f| named(&f.ty, &mut refs)),
                Some(TypeKind::Alias(r) | TypeKind::List(r)) => named(r, &mut refs),
                _ => continue,
            }
            for child in refs {
                reach.via_field.insert(child);
                stack.push((child, dir));
            }
        }
        reach
    }

    fn dir(&self, id: TypeId) -> Dir {
        self.dirs.get(&id).copied().unwrap_or_default()
    }
}

fn named(t: &TypeRef, out: &mut Vec<TypeId>) {
    match t {
        TypeRef::Builtin(_) => {}
        TypeRef::Named(id) => out.push(*id),
        TypeRef::List { item, .. } => named(item, out),
        TypeRef::Boxed(inner) => named(inner, out),
    }
}

/// A namespace change: (old, new); `None` is no namespace.
type NsMove = (Option<String>, Option<String>);

/// Comparison state: both IRs, which types correspond, the changes so far.
pub(crate) struct Cx<'a> {
    pub old: &'a Ir,
    pub new: &'a Ir,
    /// Old type -> the new type it corresponds to.
    pairs: BTreeMap<TypeId, TypeId>,
    old_reach: Reach,
    new_reach: Reach,
    changes: Vec<Change>,
    /// Type changes, reported after the operations in name order.
    type_changes: Vec<(String, Change)>,
    /// Elements and types whose namespace changed, by (old, new)
    /// namespace: reported together when many move the same way (a schema
    /// that became `elementFormDefault="qualified"`).
    ns_moves: BTreeMap<NsMove, Vec<(Compat, String)>>,
    notes: BTreeSet<String>,
}

impl<'a> Cx<'a> {
    pub fn new(old: &'a Ir, new: &'a Ir) -> Self {
        Cx {
            old,
            new,
            pairs: match_types(old, new),
            old_reach: Reach::of(old),
            new_reach: Reach::of(new),
            changes: Vec::new(),
            type_changes: Vec::new(),
            ns_moves: BTreeMap::new(),
            notes: BTreeSet::new(),
        }
    }

    pub fn push(&mut self, compat: Compat, subject: String, detail: String) {
        self.changes.push(Change { compat, subject, detail });
    }

    /// Operations' changes, then namespace moves, then types by name.
    pub fn into_changes(mut self) -> (Vec<Change>, Vec<String>) {
        for ((from, to), moved) in std::mem::take(&mut self.ns_moves) {
            let compat = moved.iter().map(|(c, _)| *c).min().unwrap_or(Compat::Compatible);
            let (from, to) = (ns_name(from.as_deref()), ns_name(to.as_deref()));
            if moved.len() <= 3 {
                for (compat, subject) in moved {
                    self.push(compat, subject, format!("namespace {from} -> {to}"));
                }
            } else {
                let examples: Vec<&str> = moved.iter().take(3).map(|(_, s)| s.as_str()).collect();
                let detail = format!(
                    "{from} -> {to} for {} elements and types ({}, ...)",
                    moved.len(),
                    examples.join(", ")
                );
                self.push(compat, "namespace".to_owned(), detail);
            }
        }
        self.type_changes.sort_by(|a, b| a.0.cmp(&b.0));
        self.changes.extend(self.type_changes.into_iter().map(|(_, c)| c));
        (self.changes, self.notes.into_iter().collect())
    }

    fn moved_ns(&mut self, from: &Option<String>, to: &Option<String>, compat: Compat, what: String) {
        self.ns_moves.entry((from.clone(), to.clone())).or_default().push((compat, what));
    }

    /// Whether an old and a new type reference mean the same type.
    fn same_ref(&self, old: &TypeRef, new: &TypeRef) -> bool {
        match (unbox(old), unbox(new)) {
            (TypeRef::Builtin(a), TypeRef::Builtin(b)) => a == b,
            (TypeRef::Named(a), TypeRef::Named(b)) => self.pairs.get(a) == Some(b),
            (TypeRef::List { item: a, .. }, TypeRef::List { item: b, .. }) => self.same_ref(a, b),
            _ => false,
        }
    }

    /// The fields of an operation's body (parameters or results).
    pub fn compare_body(&mut self, subject: &str, dir: Dir, old: Option<TypeId>, new: Option<TypeId>) {
        let noun = if dir == Dir::REQUEST { "parameter" } else { "result" };
        let (old_ir, new_ir) = (self.old, self.new);
        let fields = |ir: &'a Ir, id: Option<TypeId>| -> Option<&'a [Field]> {
            match id.map(|id| ir.types.get(&id).map(|d| &d.kind)) {
                None => Some(&[]),
                Some(Some(TypeKind::Struct(st))) => Some(&st.fields),
                Some(_) => None,
            }
        };
        match (fields(old_ir, old), fields(new_ir, new)) {
            (Some(o), Some(n)) => self.compare_fields(subject, noun, dir, o, n),
            _ => {
                let show = |ir: &Ir, id: Option<TypeId>| {
                    id.and_then(|id| ir.types.get(&id)).map_or("(none)".to_owned(), |d| d.wire.local.clone())
                };
                if !matches!((old, new), (Some(o), Some(n)) if self.pairs.get(&o) == Some(&n)) {
                    let detail = format!("{noun} type {} -> {}", show(old_ir, old), show(new_ir, new));
                    self.push(Compat::Breaking, subject.to_owned(), detail);
                }
            }
        }
    }

    /// Fields matched by element name (repeated names in order).
    fn compare_fields(&mut self, subject: &str, noun: &str, dir: Dir, old: &[Field], new: &[Field]) {
        let (old_ir, new_ir) = (self.old, self.new);
        let mut out: Vec<(Compat, String)> = Vec::new();
        let mut used = vec![false; new.len()];
        let mut order_old = Vec::new();
        for of in old {
            let found = (0..new.len()).find(|&i| !used[i] && new[i].wire.local == of.wire.local);
            let Some(i) = found else {
                let absent_ok = field_shape(of).may_be_absent();
                let detail = format!("{noun} `{}` removed (was {})", of.wire.local, shape(old_ir, of));
                out.push((dir.classify(false, absent_ok), detail));
                continue;
            };
            used[i] = true;
            order_old.push(i);
            let nf = &new[i];
            if of.wire.ns != nf.wire.ns {
                let what = format!("{} {noun} `{}`", subject, of.wire.local);
                self.moved_ns(&of.wire.ns, &nf.wire.ns, dir.classify(false, false), what);
            }
            let (os, ns) = (field_shape(of), field_shape(nf));
            let (old_text, new_text) = (render(old_ir, &os), render(new_ir, &ns));
            let name = &of.wire.local;
            if !self.same_ref(os.item, ns.item) || os.card.many != ns.card.many {
                out.push((dir.classify(false, false), format!("{noun} `{name}`: {old_text} -> {new_text}")));
                continue;
            }
            // Between two wrapped lists the wrapper's presence counts too;
            // a change of list form is reported on its own below.
            let wrappers = os.wrapper.is_some() && ns.wrapper.is_some();
            let (ow, nw) = (wrappers && os.wrapper_required, wrappers && ns.wrapper_required);
            if os.card != ns.card || ow != nw {
                let (o, n) = (os.card, ns.card);
                let request_ok = n.min <= o.min && (!o.nil || n.nil) && (ow || !nw);
                let response_ok = o.min <= n.min && (!n.nil || o.reads_nil()) && (nw || !ow);
                let compat = dir.classify(request_ok, response_ok);
                out.push((compat, format!("{noun} `{name}`: {old_text} -> {new_text}")));
            }
            if os.card.many && os.wrapper != ns.wrapper {
                let detail = format!(
                    "{noun} `{name}`: list form {} -> {}",
                    list_form(os.wrapper),
                    list_form(ns.wrapper)
                );
                out.push((dir.classify(false, false), detail));
            }
        }
        for (nf, _) in new.iter().zip(&used).filter(|(_, used)| !**used) {
            let absent_ok = field_shape(nf).may_be_absent();
            let detail = format!("{noun} `{}` added: {}", nf.wire.local, shape(new_ir, nf));
            out.push((dir.classify(absent_ok, true), detail));
        }
        // Strict servers check sequence order; this runtime reads any order.
        if order_old.windows(2).any(|w| w[0] > w[1]) {
            let names = |idx: &[usize]| {
                idx.iter().map(|&i| new[i].wire.local.as_str()).collect::<Vec<_>>().join(", ")
            };
            let mut sorted = order_old.clone();
            sorted.sort_unstable();
            let detail = format!("{noun}s reordered: {} -> {}", names(&order_old), names(&sorted));
            out.push((dir.classify(false, true), detail));
        }
        for (compat, detail) in out {
            self.emit(subject, compat, detail);
        }
    }

    fn emit(&mut self, subject: &str, compat: Compat, detail: String) {
        let change = Change { compat, subject: subject.to_owned(), detail };
        if subject.starts_with("type ") {
            self.type_changes.push((subject.to_owned(), change));
        } else {
            self.changes.push(change);
        }
    }

    /// Named types that some field refers to, on either side.
    pub fn compare_types(&mut self) {
        let (old_ir, new_ir) = (self.old, self.new);
        let pairs: Vec<(TypeId, TypeId)> = self.pairs.iter().map(|(o, n)| (*o, *n)).collect();
        for (o, n) in pairs {
            if !self.old_reach.via_field.contains(&o) && !self.new_reach.via_field.contains(&n) {
                continue;
            }
            let (Some(od), Some(nd)) = (old_ir.types.get(&o), new_ir.types.get(&n)) else { continue };
            let dir = self.old_reach.dir(o).union(self.new_reach.dir(n));
            self.compare_type(dir, od, nd);
        }
        let matched_new: BTreeSet<TypeId> = self.pairs.values().copied().collect();
        for (id, def) in &old_ir.types {
            if !self.pairs.contains_key(id) && self.old_reach.via_field.contains(id) {
                let dir = self.old_reach.dir(*id);
                let subject = format!("type {} ({})", def.wire.local, dir.label());
                self.emit(&subject, dir.classify(false, false), "removed".to_owned());
            }
        }
        for (id, def) in &new_ir.types {
            if !matched_new.contains(id) && self.new_reach.via_field.contains(id) {
                let dir = self.new_reach.dir(*id);
                let subject = format!("type {} ({})", def.wire.local, dir.label());
                self.emit(&subject, Compat::Compatible, format!("added ({})", kind_name(&def.kind)));
            }
        }
    }

    fn compare_type(&mut self, dir: Dir, old: &TypeDef, new: &TypeDef) {
        let subject = format!("type {} ({})", old.wire.local, dir.label());
        if old.wire.ns != new.wire.ns {
            self.moved_ns(&old.wire.ns, &new.wire.ns, dir.classify(false, false), subject.clone());
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                self.compare_fields(&subject, "field", dir, &a.fields, &b.fields)
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                if a.base != b.base {
                    let detail = format!("base xsd:{} -> xsd:{}", a.base.xsd_name(), b.base.xsd_name());
                    self.emit(&subject, dir.classify(false, false), detail);
                }
                let values = |from: &crate::ir::Enum, to: &crate::ir::Enum| -> Vec<String> {
                    let wanted =
                        from.variants.iter().filter(|v| !to.variants.iter().any(|w| w.wire == v.wire));
                    wanted.map(|v| format!("`{}`", v.wire)).collect()
                };
                let removed = values(a, b);
                if !removed.is_empty() {
                    self.emit(
                        &subject,
                        dir.classify(false, true),
                        format!("values removed: {}", removed.join(", ")),
                    );
                }
                let added = values(b, a);
                if !added.is_empty() {
                    self.emit(&subject, Compat::Compatible, format!("values added: {}", added.join(", ")));
                }
            }
            (TypeKind::Alias(a), TypeKind::Alias(b)) | (TypeKind::List(a), TypeKind::List(b)) => {
                if !self.same_ref(a, b) {
                    let detail = format!("{} -> {}", item_name(self.old, a), item_name(self.new, b));
                    self.emit(&subject, dir.classify(false, false), detail);
                }
            }
            (TypeKind::Choice(a), TypeKind::Choice(b)) => {
                self.compare_fields(&subject, "alternative", dir, &a.variants, &b.variants)
            }
            (a, b) if kind_name(a) == kind_name(b) => {
                // A kind added to the IR after this comparison was written.
                self.notes.insert(format!("{}s are not compared in detail yet", kind_name(a)));
            }
            (a, b) => {
                let detail = format!("{} -> {}", kind_name(a), kind_name(b));
                self.emit(&subject, dir.classify(false, false), detail);
            }
        }
    }
}

/// Old type -> new type: the same qualified name, else the same local
/// name (a namespace that changed); several types of one name pair up in
/// order.
fn match_types(old: &Ir, new: &Ir) -> BTreeMap<TypeId, TypeId> {
    let wire = |ir: &Ir, id: TypeId| ir.types.get(&id).map(|d| d.wire.clone());
    let old_q = group_by(old, |id| wire(old, id));
    let new_q = group_by(new, |id| wire(new, id));
    let mut pairs = BTreeMap::new();
    for (q, olds) in &old_q {
        if let Some(news) = new_q.get(q) {
            pairs.extend(olds.iter().copied().zip(news.iter().copied()));
        }
    }
    let matched_new: BTreeSet<TypeId> = pairs.values().copied().collect();
    let local = |ir: &Ir, id: TypeId| ir.types.get(&id).map(|d| d.wire.local.clone());
    let old_l = group_by(old, |id| if pairs.contains_key(&id) { None } else { local(old, id) });
    let new_l = group_by(new, |id| if matched_new.contains(&id) { None } else { local(new, id) });
    for (name, olds) in old_l.iter().filter(|(name, _)| name.is_some()) {
        if let Some(news) = new_l.get(name) {
            pairs.extend(olds.iter().copied().zip(news.iter().copied()));
        }
    }
    pairs
}
