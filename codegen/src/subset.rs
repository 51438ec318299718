//! Stage 3b: keep only the operations the user names
//! ([`crate::Settings::operations`]), and the types they reach.
//!
//! A Cisco AXL user who calls ten of its operations should not compile
//! the code of all of them. The pass runs on the named IR (after
//! [`crate::naming::assign`]): every name a subset module keeps is the one
//! the whole module gives it, so code written against one compiles against
//! the other, and adding an operation to the list never renames anything.
//! The price is a suffix kept where the whole WSDL needed one (`Property2`
//! although its namesake was dropped).
//!
//! A name is a WSDL operation name (`getPhone`), kept in every port that
//! binds it (a SOAP 1.1 and a SOAP 1.2 port of one port type both keep
//! it), or `port/operation` to keep it in one port only (`/` cannot occur
//! in either name). A name that matches nothing is an error that lists the
//! near names: a typo never generates a module without the operation.
//!
//! Types are then pruned to what the kept operations reach: bodies, header
//! blocks, fault details, and every type those refer to. Polymorphism
//! needs no special case here: lowering turns a type with derived types
//! (`xsi:type`) and a substitution group head into a synthetic choice
//! whose alternatives are the derived types or the group's members, so
//! they are references like any other and the decoder of a kept base type
//! still finds every type it dispatches to.

use std::collections::BTreeSet;

use crate::Error;
use crate::ir::{Client, Ir, Subset};

/// One name of [`crate::Settings::operations`]: an operation, maybe
/// qualified by its port.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Selector<'a> {
    port: Option<&'a str>,
    operation: &'a str,
}

impl<'a> Selector<'a> {
    fn parse(name: &'a str) -> Selector<'a> {
        match name.split_once('/') {
            Some((port, operation)) => Selector { port: Some(port.trim()), operation: operation.trim() },
            None => Selector { port: None, operation: name.trim() },
        }
    }

    fn matches(&self, client: &Client, operation: &str) -> bool {
        self.operation == operation && self.port.is_none_or(|p| p == client.port)
    }
}

/// Keeps the operations `names` select (all of them when `names` is
/// empty), drops ports left without one, the client-level header blocks
/// and fault details no kept operation uses, and, unless `all_types`, every
/// type no kept operation reaches.
pub fn keep_operations(ir: &mut Ir, names: &[String], all_types: bool) -> Result<(), Error> {
    if names.is_empty() {
        return Ok(());
    }
    let selectors: Vec<Selector<'_>> = names.iter().map(|n| Selector::parse(n)).collect();
    let unknown: Vec<(String, Vec<String>)> = names
        .iter()
        .zip(&selectors)
        .filter(|(_, s)| !ir.clients.iter().any(|c| c.operations.iter().any(|op| s.matches(c, &op.wire))))
        .map(|(name, s)| (name.clone(), near_names(ir, s)))
        .collect();
    if !unknown.is_empty() {
        return Err(Error::UnknownOperations { unknown, available: operation_count(ir) });
    }
    let of = operation_count(ir);
    for client in &mut ir.clients {
        let port = client.port.clone();
        client.operations.retain(|op| {
            selectors.iter().any(|s| s.operation == op.wire && s.port.is_none_or(|p| p == port))
        });
        prune_binding(client);
    }
    ir.clients.retain(|c| !c.operations.is_empty());
    if ir.clients.is_empty() {
        // Every name matched, so an operation is left; kept as a guard.
        return Err(Error::Build { message: "the operation subset keeps no operation".to_owned() });
    }
    if !all_types {
        crate::lower::prune_unreachable(ir);
    }
    let kept =
        ir.clients.iter().flat_map(|c| c.operations.iter().map(|op| format!("{}/{}", c.port, op.wire)));
    ir.subset = Some(Subset { kept: kept.collect(), of });
    Ok(())
}

fn operation_count(ir: &Ir) -> usize {
    ir.clients.iter().map(|c| c.operations.len()).sum()
}

/// Drops the client-level header blocks and the fault details that no
/// operation left in `client` uses, renumbering the operations' indexes
/// into them.
fn prune_binding(client: &mut Client) {
    let used_headers: BTreeSet<usize> =
        client.operations.iter().flat_map(|op| op.binding.client_headers.iter().copied()).collect();
    let used_faults: BTreeSet<usize> =
        client.operations.iter().flat_map(|op| op.binding.faults.iter().copied()).collect();
    let header_map = keep_indexes(&mut client.binding.headers, &used_headers);
    let fault_map = keep_indexes(&mut client.binding.faults, &used_faults);
    for op in &mut client.operations {
        let b = &mut op.binding;
        b.client_headers =
            b.client_headers.iter().filter_map(|i| header_map.get(*i).copied().flatten()).collect();
        b.faults = b.faults.iter().filter_map(|i| fault_map.get(*i).copied().flatten()).collect();
    }
}

/// Keeps the items of `items` whose index is in `used`; returns each old
/// index's new one.
fn keep_indexes<T>(items: &mut Vec<T>, used: &BTreeSet<usize>) -> Vec<Option<usize>> {
    let mut map = Vec::with_capacity(items.len());
    let mut next = 0;
    for i in 0..items.len() {
        if used.contains(&i) {
            map.push(Some(next));
            next += 1;
        } else {
            map.push(None);
        }
    }
    let mut i = 0;
    items.retain(|_| {
        let keep = used.contains(&i);
        i += 1;
        keep
    });
    map
}

/// At most this many near names are suggested per unknown name.
const MAX_SUGGESTIONS: usize = 5;

/// The operation (or `port/operation`) names closest to what `s` asked
/// for: the same but for case, a small edit away, or containing it (or
/// contained in it), best first.
fn near_names(ir: &Ir, s: &Selector<'_>) -> Vec<String> {
    let port_known = s.port.is_none_or(|p| ir.clients.iter().any(|c| c.port == p));
    // (nearness, length, name): the shortest of equally near names first.
    let mut scored: Vec<(usize, usize, String)> = Vec::new();
    if !port_known {
        // The port is what is wrong: suggest ports.
        let wanted = s.port.unwrap_or_default();
        let ports: BTreeSet<&str> = ir.clients.iter().map(|c| c.port.as_str()).collect();
        for port in ports {
            if let Some(score) = nearness(wanted, port) {
                scored.push((score, port.len(), format!("{port}/{}", s.operation)));
            }
        }
    } else {
        let mut seen = BTreeSet::new();
        for c in ir.clients.iter().filter(|c| s.port.is_none_or(|p| p == c.port)) {
            for op in &c.operations {
                let shown = match s.port {
                    Some(port) => format!("{port}/{}", op.wire),
                    None => op.wire.clone(),
                };
                if seen.contains(&shown) {
                    continue;
                }
                if let Some(score) = nearness(s.operation, &op.wire) {
                    seen.insert(shown.clone());
                    scored.push((score, op.wire.len(), shown));
                }
            }
        }
    }
    scored.sort();
    scored.into_iter().take(MAX_SUGGESTIONS).map(|(_, _, name)| name).collect()
}

/// How near `candidate` is to `wanted` (lower is nearer), `None` when it
/// is not near at all: the same but for case, then one the start of the
/// other (`listPhone` -> `listPhoneByName`), then one inside the other,
/// then a few edits away (`getPhnoe`).
fn nearness(wanted: &str, candidate: &str) -> Option<usize> {
    let (w, c) = (wanted.to_lowercase(), candidate.to_lowercase());
    if w.is_empty() {
        return None;
    }
    if w == c {
        return Some(0);
    }
    if c.starts_with(&w) || w.starts_with(&c) {
        return Some(1);
    }
    if c.contains(&w) || w.contains(&c) {
        return Some(2);
    }
    let distance = edit_distance(&w, &c);
    let allowed = (w.chars().count() / 3).max(2);
    (distance <= allowed).then_some(2 + distance)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = substitute.min(above.saturating_add(1)).min(left.saturating_add(1));
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// The message of [`Error::UnknownOperations`].
pub(crate) fn unknown_message(unknown: &[(String, Vec<String>)], available: usize) -> String {
    let mut parts = Vec::new();
    for (name, near) in unknown {
        let hint = if near.is_empty() {
            "no operation has a name near it".to_owned()
        } else {
            format!("did you mean {}?", near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
        };
        parts.push(format!("`{name}`: {hint}"));
    }
    format!(
        "no operation matches {} (the WSDL's ports hold {available} operations; `pbx-soap inspect` lists them)",
        parts.join("; ")
    )
}
