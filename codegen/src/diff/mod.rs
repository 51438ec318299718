//! The API differences between two versions of a WSDL, as a user of the
//! generated client sees them, each classified breaking or compatible.
//!
//! Both sides are compared on the named [`Ir`], so the diff sees what the
//! generated code is made of: operations (matched by name within ports
//! matched by name), their parameters and results (the fields of the body
//! elements), the named types they reach (matched by qualified name, or by
//! local name when the namespace changed), fields, enumeration values,
//! namespaces, SOAPActions and binding styles.
//!
//! **Classification.** A change is *breaking* when a client built from the
//! old WSDL can fail against a service that implements the new one:
//! something it sends is no longer accepted, or something it needs no
//! longer arrives as it expects. It is *compatible* otherwise, assuming the
//! usual tolerance of additions in answers (new elements are skipped with
//! `UnknownElements::Skip`, new enumeration values decode as `Other`).
//! Direction decides: a parameter that becomes optional is compatible, a
//! result that becomes optional is breaking. Changes that only alter the
//! generated Rust (a `T` that becomes `Option<T>`) are reported, and the
//! compiler points at the code to adapt.
//!
//! **Extending.** Each IR construct has one comparison here: ports and
//! operations in this module, fields and types in [`types`]. A new
//! construct (attributes, choices, headers, faults) gets its own
//! comparison called from the construct that holds it; kinds of type this
//! module does not know yet are reported as changed, never ignored.

mod types;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::ir::{Client, Ir, Message, Operation, Style, TypeId, TypeKind};

/// Whether a change can break existing clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compat {
    Breaking,
    Compatible,
}

/// One API difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub compat: Compat,
    /// What changed: `port pbxPort`, `operation Echo`, `type UserInfo (response)`.
    pub subject: String,
    /// How it changed.
    pub detail: String,
}

/// The differences between two IRs, in report order.
#[derive(Debug, Clone, Default)]
pub struct Diff {
    pub old_sources: Vec<String>,
    pub new_sources: Vec<String>,
    pub changes: Vec<Change>,
    /// Things the comparison could not cover (generator warnings).
    pub notes: Vec<String>,
}

impl Diff {
    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.compat == Compat::Breaking)
    }

    /// The number of changes of one class.
    pub fn count(&self, compat: Compat) -> usize {
        self.changes.iter().filter(|c| c.compat == compat).count()
    }

    /// The report: the two sides, one line per change, a summary line.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "--- {}", self.old_sources.join(", "));
        let _ = writeln!(s, "+++ {}", self.new_sources.join(", "));
        for c in &self.changes {
            let class = match c.compat {
                Compat::Breaking => "breaking",
                Compat::Compatible => "compatible",
            };
            let _ = writeln!(s, "{class:<11} {}: {}", c.subject, c.detail);
        }
        for note in &self.notes {
            let _ = writeln!(s, "note: {note}");
        }
        if self.changes.is_empty() {
            s.push_str("no API changes\n");
        } else {
            let (b, c) = (self.count(Compat::Breaking), self.count(Compat::Compatible));
            let _ = writeln!(s, "{b} breaking, {c} compatible");
        }
        s
    }
}

/// Compares `old` with `new`.
pub fn diff(old: &Ir, new: &Ir) -> Diff {
    let mut cx = types::Cx::new(old, new);
    let clients = match_clients(old, new);
    let qualify = old.clients.len() > 1 || new.clients.len() > 1;
    for pair in &clients {
        match pair {
            (Some(o), Some(n)) => compare_client(&mut cx, o, n, qualify),
            (Some(o), None) => cx.push(
                Compat::Breaking,
                port_subject(o),
                format!("removed ({} operations)", o.operations.len()),
            ),
            (None, Some(n)) => cx.push(
                Compat::Compatible,
                port_subject(n),
                format!("added ({} operations)", n.operations.len()),
            ),
            (None, None) => {}
        }
    }
    cx.compare_types();
    let (changes, mut notes) = cx.into_changes();
    for (side, ir) in [("old", old), ("new", new)] {
        if !ir.warnings.is_empty() {
            notes.push(format!(
                "the {side} WSDL has {} generator warning(s): what the generator cannot model is not compared",
                ir.warnings.len()
            ));
        }
    }
    Diff { old_sources: old.sources.clone(), new_sources: new.sources.clone(), changes, notes }
}

/// Ports paired by name; if one port is left on each side, those two.
fn match_clients<'a>(old: &'a Ir, new: &'a Ir) -> Vec<(Option<&'a Client>, Option<&'a Client>)> {
    let mut pairs: Vec<(Option<&Client>, Option<&Client>)> = Vec::new();
    let mut unmatched_new: Vec<&Client> = new.clients.iter().collect();
    for o in &old.clients {
        let found = unmatched_new.iter().position(|n| n.port == o.port);
        pairs.push((Some(o), found.map(|i| unmatched_new.remove(i))));
    }
    let lone_old: Vec<usize> = (0..pairs.len()).filter(|&i| pairs[i].1.is_none()).collect();
    if let ([i], [n]) = (lone_old.as_slice(), unmatched_new.as_slice()) {
        pairs[*i].1 = Some(n);
        unmatched_new.clear();
    }
    pairs.extend(unmatched_new.into_iter().map(|n| (None, Some(n))));
    pairs
}

fn port_subject(c: &Client) -> String {
    format!("port {}", c.port)
}

fn compare_client(cx: &mut types::Cx<'_>, old: &Client, new: &Client, qualify: bool) {
    let subject = port_subject(old);
    if old.port != new.port {
        cx.push(Compat::Compatible, subject.clone(), format!("renamed to {}", new.port));
    }
    if old.service != new.service {
        cx.push(Compat::Compatible, subject.clone(), format!("service {} -> {}", old.service, new.service));
    }
    if old.endpoint != new.endpoint {
        let show = |e: &Option<String>| e.clone().unwrap_or_else(|| "(none)".to_owned());
        let detail = format!("endpoint {} -> {}", show(&old.endpoint), show(&new.endpoint));
        cx.push(Compat::Compatible, subject.clone(), detail);
    }
    let op_subject = |op: &Operation| {
        if qualify { format!("operation {}.{}", old.port, op.wire) } else { format!("operation {}", op.wire) }
    };
    // Overloads (one name, several operations) pair up in order.
    let counterpart: Vec<Option<&Operation>> = old
        .operations
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let k = old.operations[..i].iter().filter(|p| p.wire == o.wire).count();
            new.operations.iter().filter(|n| n.wire == o.wire).nth(k)
        })
        .collect();
    let matched: Vec<(&Operation, &Operation)> =
        old.operations.iter().zip(&counterpart).filter_map(|(o, n)| n.map(|n| (o, n))).collect();
    // One line when every operation moved from one style to another, as a
    // firmware step from rpc/encoded to document/literal does.
    let uniform_style = match matched.as_slice() {
        [(o, n), rest @ ..] if !rest.is_empty() && o.style != n.style => {
            rest.iter().all(|(a, b)| a.style == o.style && b.style == n.style)
        }
        _ => false,
    };
    if let (true, Some((o, n))) = (uniform_style, matched.first()) {
        let detail = format!(
            "binding style {} -> {} (all {} operations in both)",
            style_name(o.style),
            style_name(n.style),
            matched.len()
        );
        cx.push(Compat::Breaking, subject.clone(), detail);
    }
    for (o, n) in old.operations.iter().zip(&counterpart) {
        match n {
            Some(n) => compare_operation(cx, &op_subject(o), o, n, !uniform_style),
            None => {
                cx.push(Compat::Breaking, op_subject(o), format!("removed (was {})", signature(cx.old, o)))
            }
        }
    }
    for n in new.operations.iter().filter(|n| !matched.iter().any(|(_, m)| std::ptr::eq(*m, *n))) {
        cx.push(Compat::Compatible, op_subject(n), format!("added ({})", signature(cx.new, n)));
    }
}

fn compare_operation(cx: &mut types::Cx<'_>, subject: &str, old: &Operation, new: &Operation, style: bool) {
    if style && old.style != new.style {
        let detail = format!("binding style {} -> {}", style_name(old.style), style_name(new.style));
        cx.push(Compat::Breaking, subject.to_owned(), detail);
    }
    if old.soap_action != new.soap_action {
        let detail = format!("SOAPAction {:?} -> {:?}", old.soap_action, new.soap_action);
        cx.push(Compat::Breaking, subject.to_owned(), detail);
    }
    compare_message(cx, subject, types::Dir::REQUEST, &old.input, &new.input);
    match (&old.output, &new.output) {
        (Some(o), Some(n)) => compare_message(cx, subject, types::Dir::RESPONSE, o, n),
        (None, None) => {}
        (Some(_), None) => {
            cx.push(Compat::Breaking, subject.to_owned(), "now one-way (no response)".to_owned())
        }
        (None, Some(_)) => {
            cx.push(Compat::Breaking, subject.to_owned(), "now request-response (was one-way)".to_owned())
        }
    }
}

/// The body element and its fields (parameters or results).
fn compare_message(cx: &mut types::Cx<'_>, subject: &str, dir: types::Dir, old: &Message, new: &Message) {
    let side = if dir == types::Dir::REQUEST { "input" } else { "output" };
    let name = |m: &Message| m.body.as_ref().map_or("(empty body)".to_owned(), |b| b.name.to_string());
    if name(old) != name(new) {
        let detail = format!("{side} element {} -> {}", name(old), name(new));
        cx.push(Compat::Breaking, subject.to_owned(), detail);
    }
    let old_ty = old.body.as_ref().map(|b| b.ty);
    let new_ty = new.body.as_ref().map(|b| b.ty);
    cx.compare_body(subject, dir, old_ty, new_ty);
}

/// `Echo(session: xsd:int, key: xsd:int) -> xsd:int` for an added
/// operation.
fn signature(ir: &Ir, op: &Operation) -> String {
    let fields = |m: &Message| -> Vec<String> {
        let Some(body) = &m.body else { return Vec::new() };
        match ir.types.get(&body.ty).map(|d| &d.kind) {
            Some(TypeKind::Struct(st)) => {
                st.fields.iter().map(|f| format!("{}: {}", f.wire.local, types::shape(ir, f))).collect()
            }
            _ => vec![body.name.local.clone()],
        }
    };
    let input = fields(&op.input).join(", ");
    match &op.output {
        None => format!("{}({input}), one-way", op.wire),
        Some(out) => format!("{}({input}) -> ({})", op.wire, fields(out).join(", ")),
    }
}

pub(crate) fn style_name(style: Style) -> &'static str {
    match style {
        Style::DocumentLiteral => "document/literal",
        Style::RpcLiteral => "rpc/literal",
        Style::RpcEncoded => "rpc/encoded",
    }
}

/// Types of one IR by a key, in id order (several ids may share a key).
fn group_by<K: Ord>(ir: &Ir, key: impl Fn(TypeId) -> K) -> BTreeMap<K, Vec<TypeId>> {
    let mut map: BTreeMap<K, Vec<TypeId>> = BTreeMap::new();
    for id in ir.types.keys() {
        map.entry(key(*id)).or_default().push(*id);
    }
    map
}

#[cfg(test)]
mod tests;
