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
//! it, every overload of it too), or `port/operation` to keep it in one
//! port only (`/` cannot occur in either name). A name that matches nothing is an error that lists the
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

    fn matches(&self, port: &str, operation: &str) -> bool {
        self.operation == operation && self.port.is_none_or(|p| p == port)
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
        .filter(|(_, s)| {
            !ir.clients.iter().any(|c| c.operations.iter().any(|op| s.matches(&c.port, &op.wire)))
        })
        .map(|(name, s)| (name.clone(), near_names(ir, s)))
        .collect();
    if !unknown.is_empty() {
        return Err(Error::UnknownOperations { unknown, available: operation_count(ir) });
    }
    let of = operation_count(ir);
    for client in &mut ir.clients {
        let port = client.port.clone();
        client.operations.retain(|op| selectors.iter().any(|s| s.matches(&port, &op.wire)));
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::ir::TypeKind;

    /// Two ports of one binding; `getDevice` returns an abstract base type
    /// whose derived types (two generations) carry the only references to
    /// `Color`; `search` takes a substitution group head whose members
    /// nest the head again, and returns a recursive `Node`; `other` reaches
    /// `Unrelated` only. `Session` is a header block of two operations of
    /// three (so a client-level one), `LookupFault` the fault of
    /// `getDevice` only.
    const WSDL: &str = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="urn:s" targetNamespace="urn:s">
  <wsdl:types>
    <xsd:schema targetNamespace="urn:s" elementFormDefault="qualified">
      <xsd:complexType name="Device" abstract="true">
        <xsd:sequence><xsd:element name="name" type="xsd:string"/></xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="Gateway"><xsd:complexContent><xsd:extension base="tns:Device">
        <xsd:sequence><xsd:element name="ports" type="xsd:int"/></xsd:sequence>
      </xsd:extension></xsd:complexContent></xsd:complexType>
      <xsd:complexType name="Trunk"><xsd:complexContent><xsd:extension base="tns:Gateway">
        <xsd:sequence><xsd:element name="color" type="tns:Color"/></xsd:sequence>
      </xsd:extension></xsd:complexContent></xsd:complexType>
      <xsd:simpleType name="Color"><xsd:restriction base="xsd:string">
        <xsd:enumeration value="red"/><xsd:enumeration value="blue"/>
      </xsd:restriction></xsd:simpleType>
      <xsd:complexType name="Node">
        <xsd:sequence>
          <xsd:element name="label" type="xsd:string"/>
          <xsd:element name="parent" type="tns:Node" minOccurs="0"/>
          <xsd:element name="children" type="tns:Node" minOccurs="0" maxOccurs="unbounded"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="condition" type="tns:Condition" abstract="true"/>
      <xsd:complexType name="Condition"/>
      <xsd:complexType name="Comparison"><xsd:complexContent><xsd:extension base="tns:Condition">
        <xsd:sequence><xsd:element name="field" type="xsd:string"/></xsd:sequence>
      </xsd:extension></xsd:complexContent></xsd:complexType>
      <xsd:complexType name="Group"><xsd:complexContent><xsd:extension base="tns:Condition">
        <xsd:sequence><xsd:element ref="tns:condition" maxOccurs="unbounded"/></xsd:sequence>
      </xsd:extension></xsd:complexContent></xsd:complexType>
      <xsd:element name="isEqual" type="tns:Comparison" substitutionGroup="tns:condition"/>
      <xsd:element name="and" type="tns:Group" substitutionGroup="tns:condition"/>
      <xsd:complexType name="Unrelated">
        <xsd:sequence><xsd:element name="x" type="xsd:string"/></xsd:sequence>
      </xsd:complexType>
      <xsd:element name="getDevice"><xsd:complexType><xsd:sequence>
        <xsd:element name="id" type="xsd:string"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="getDeviceResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="device" type="tns:Device"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="search"><xsd:complexType><xsd:sequence>
        <xsd:element ref="tns:condition"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="searchResponse"><xsd:complexType><xsd:sequence>
        <xsd:element name="root" type="tns:Node"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="other"><xsd:complexType><xsd:sequence>
        <xsd:element name="u" type="tns:Unrelated"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="otherResponse"><xsd:complexType><xsd:sequence/></xsd:complexType></xsd:element>
      <xsd:element name="Session"><xsd:complexType><xsd:sequence>
        <xsd:element name="token" type="xsd:string"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="LookupFault"><xsd:complexType><xsd:sequence>
        <xsd:element name="reason" type="xsd:string"/>
      </xsd:sequence></xsd:complexType></xsd:element>
    </xsd:schema>
  </wsdl:types>
  <wsdl:message name="getDeviceIn"><wsdl:part name="p" element="tns:getDevice"/></wsdl:message>
  <wsdl:message name="getDeviceOut"><wsdl:part name="p" element="tns:getDeviceResponse"/></wsdl:message>
  <wsdl:message name="searchIn"><wsdl:part name="p" element="tns:search"/></wsdl:message>
  <wsdl:message name="searchOut"><wsdl:part name="p" element="tns:searchResponse"/></wsdl:message>
  <wsdl:message name="otherIn"><wsdl:part name="p" element="tns:other"/></wsdl:message>
  <wsdl:message name="otherOut"><wsdl:part name="p" element="tns:otherResponse"/></wsdl:message>
  <wsdl:message name="session"><wsdl:part name="s" element="tns:Session"/></wsdl:message>
  <wsdl:message name="lookupFault"><wsdl:part name="f" element="tns:LookupFault"/></wsdl:message>
  <wsdl:portType name="Api">
    <wsdl:operation name="getDevice">
      <wsdl:input message="tns:getDeviceIn"/><wsdl:output message="tns:getDeviceOut"/>
      <wsdl:fault name="lookup" message="tns:lookupFault"/>
    </wsdl:operation>
    <wsdl:operation name="search">
      <wsdl:input message="tns:searchIn"/><wsdl:output message="tns:searchOut"/>
    </wsdl:operation>
    <wsdl:operation name="other">
      <wsdl:input message="tns:otherIn"/><wsdl:output message="tns:otherOut"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="ApiBinding" type="tns:Api">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="getDevice"><soap:operation soapAction="getDevice"/>
      <wsdl:input><soap:body use="literal"/><soap:header message="tns:session" part="s" use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="lookup"><soap:fault name="lookup" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="search"><soap:operation soapAction="search"/>
      <wsdl:input><soap:body use="literal"/><soap:header message="tns:session" part="s" use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
    <wsdl:operation name="other"><soap:operation soapAction="other"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="ApiService">
    <wsdl:port name="Main" binding="tns:ApiBinding"><soap:address location="http://a/"/></wsdl:port>
    <wsdl:port name="Backup" binding="tns:ApiBinding"><soap:address location="http://b/"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>"#;

    fn whole() -> Ir {
        let doc = crate::parse::parse_str(WSDL, "api.wsdl").unwrap();
        let mut ir = crate::lower::lower(&[doc]).unwrap();
        crate::naming::assign(&mut ir).unwrap();
        ir
    }

    fn subset(names: &[&str]) -> Result<Ir, Error> {
        let mut ir = whole();
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        keep_operations(&mut ir, &names, false).map(|()| ir)
    }

    /// The wire names of the module's types (synthetic choices are
    /// `Any_<name>`).
    fn types(ir: &Ir) -> BTreeSet<String> {
        ir.types.values().map(|d| d.wire.local.clone()).collect()
    }

    fn ops(ir: &Ir) -> Vec<String> {
        ir.clients
            .iter()
            .flat_map(|c| c.operations.iter().map(|op| format!("{}/{}", c.port, op.wire)))
            .collect()
    }

    #[test]
    fn no_names_keep_everything() {
        let mut ir = whole();
        let before = ir.clone();
        keep_operations(&mut ir, &[], false).unwrap();
        assert_eq!(ir, before);
        assert!(ir.subset.is_none());
    }

    #[test]
    fn a_base_type_keeps_its_derived_types_and_what_only_they_reach() {
        let ir = subset(&["getDevice"]).unwrap();
        assert_eq!(ops(&ir), ["Main/getDevice", "Backup/getDevice"], "kept in every port");
        // (The abstract `Device` has no struct: its fields are its derived
        // types'.)
        let types = types(&ir);
        for kept in ["getDevice", "getDeviceResponse", "Gateway", "Trunk", "Color", "Any_Device"] {
            assert!(types.contains(kept), "{kept} missing from {types:?}");
        }
        // Header block and fault detail types are roots too.
        assert!(types.contains("Session") && types.contains("LookupFault"), "{types:?}");
        for dropped in ["Node", "Condition", "Comparison", "Group", "Unrelated", "search", "other"] {
            assert!(
                !types.iter().any(|t| t == dropped || t.ends_with(&format!("_{dropped}"))),
                "{dropped} kept"
            );
        }
        let Some(TypeKind::Choice(device)) =
            ir.types.values().find(|d| d.wire.local == "Any_Device").map(|d| &d.kind)
        else {
            panic!("no Any_Device choice")
        };
        let alternatives: Vec<&str> = device.variants.iter().map(|v| v.wire.local.as_str()).collect();
        assert_eq!(alternatives, ["Gateway", "Trunk"], "the abstract base has no alternative of its own");
        let subset = ir.subset.as_ref().unwrap();
        assert_eq!((subset.kept.len(), subset.of), (2, 6));
    }

    #[test]
    fn a_substitution_group_keeps_its_members_and_recursion_terminates() {
        let ir = subset(&["search"]).unwrap();
        let types = types(&ir);
        for kept in ["search", "searchResponse", "Node", "Comparison", "Group", "Any_condition", "Session"] {
            assert!(types.contains(kept), "{kept} missing from {types:?}");
        }
        for dropped in ["Device", "Gateway", "Trunk", "Color", "Unrelated", "LookupFault"] {
            assert!(!types.contains(dropped), "{dropped} kept: {types:?}");
        }
        // Every reference of every kept type resolves.
        assert_references_resolve(&ir);
    }

    #[test]
    fn client_headers_and_faults_no_kept_operation_uses_go() {
        let whole = whole();
        assert_eq!(whole.clients[0].binding.headers.len(), 1, "Session is client-level in the whole module");
        assert_eq!(whole.clients[0].binding.faults.len(), 1);
        let ir = subset(&["other"]).unwrap();
        assert_eq!(types(&ir), BTreeSet::from(["other", "otherResponse", "Unrelated"].map(String::from)));
        for c in &ir.clients {
            assert!(c.binding.headers.is_empty() && c.binding.faults.is_empty(), "{:?}", c.binding);
            assert!(c.operations.iter().all(|op| op.binding.client_headers.is_empty()));
        }
        // Kept ones keep their (renumbered) indexes.
        let ir = subset(&["getDevice"]).unwrap();
        let c = &ir.clients[0];
        assert_eq!((c.binding.headers.len(), c.binding.faults.len()), (1, 1));
        assert_eq!(
            (c.operations[0].binding.client_headers.as_slice(), c.operations[0].binding.faults.as_slice()),
            (&[0][..], &[0][..])
        );
    }

    #[test]
    fn a_port_qualified_name_keeps_one_port_and_names_stay_the_whole_modules() {
        let whole = whole();
        let ir = subset(&["Backup/search", "other"]).unwrap();
        assert_eq!(ops(&ir), ["Main/other", "Backup/search", "Backup/other"]);
        assert_references_resolve(&ir);
        // Every kept type, client and method has the name it has in the
        // whole module.
        for (id, def) in &ir.types {
            assert_eq!(def, &whole.types[id], "type {} differs from the whole module's", def.wire);
        }
        for c in &ir.clients {
            let w = whole.clients.iter().find(|w| w.port == c.port).unwrap();
            assert_eq!((&c.rust, &c.server.trait_rust), (&w.rust, &w.server.trait_rust));
            for op in &c.operations {
                let wop = w.operations.iter().find(|o| o.wire == op.wire).unwrap();
                assert_eq!(op.rust, wop.rust);
            }
        }
    }

    #[test]
    fn all_types_keeps_the_types_but_not_the_operations() {
        let mut ir = whole();
        let every = types(&ir);
        keep_operations(&mut ir, &["other".to_owned()], true).unwrap();
        assert_eq!(types(&ir), every);
        assert_eq!(ops(&ir), ["Main/other", "Backup/other"]);
    }

    #[test]
    fn unknown_names_are_errors_with_near_names() {
        let err =
            subset(&["getDevice", "getdevice", "serch", "Primary/search", "Main/find", "zzz"]).unwrap_err();
        let Error::UnknownOperations { unknown, available } = &err else { panic!("{err}") };
        assert_eq!(*available, 6);
        let near: Vec<(&str, Vec<&str>)> =
            unknown.iter().map(|(n, near)| (n.as_str(), near.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            near,
            [
                ("getdevice", vec!["getDevice"]),
                ("serch", vec!["search"]),
                ("Primary/search", vec![]),
                ("Main/find", vec![]),
                ("zzz", vec![]),
            ]
        );
        let text = err.to_string();
        assert!(
            text.starts_with("no operation matches `getdevice`: did you mean `getDevice`?; `serch`"),
            "{text}"
        );
        let err = subset(&["Mian/search"]).unwrap_err().to_string();
        assert!(err.contains("`Mian/search`: did you mean `Main/search`?"), "{err}");
    }

    #[test]
    fn the_rendered_subset_parses_and_its_header_says_what_it_holds() {
        let ir = subset(&["search"]).unwrap();
        let settings = crate::Settings { sides: crate::Sides::Both, ..Default::default() };
        let code = crate::emit::render(&ir, &settings).unwrap();
        assert!(
            code.contains(
                "//\n// Generated for 2 of the WSDL's 6 operations only (`Settings::operations`, \
                 `pbx-soap gen --operation`):\n//   port Main: search\n//   port Backup: search\n"
            ),
            "{code}"
        );
        assert!(code.contains("pub fn search(") && !code.contains("pub fn other("), "{code}");
    }

    fn assert_references_resolve(ir: &Ir) {
        let mut missing = Vec::new();
        for def in ir.types.values() {
            crate::lower::refs_of_kind(&def.kind, &mut |id| {
                if !ir.types.contains_key(&id) {
                    missing.push(format!("{} -> {id:?}", def.wire));
                }
            });
        }
        assert!(missing.is_empty(), "{missing:?}");
    }
}
