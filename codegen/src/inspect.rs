//! A readable summary of what a WSDL offers (services, ports, operations
//! with their parameters, types), with the Rust names the generator gives
//! each: what `pbx-soap inspect` and `cargo xtask inspect` print.

use std::fmt::Write as _;

use crate::ir::{Field, FieldKind, Ir, Message, Occurs, TypeKind, TypeRef};

/// The summary of `ir`, one item per line.
pub fn render(ir: &Ir) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Sources: {}", ir.sources.join(", "));
    if let Some(subset) = &ir.subset {
        let _ = writeln!(
            s,
            "Subset: {} of {} operations kept ({}), with the types they reach",
            subset.kept.len(),
            subset.of,
            subset.kept.join(", ")
        );
    }
    let _ = writeln!(s, "\nServices:");
    for c in &ir.clients {
        let _ = writeln!(s, "  {} / port {} -> struct {}", c.service, c.port, c.rust);
        if let Some(e) = &c.endpoint {
            let _ = writeln!(s, "    endpoint: {e}");
        }
        for op in &c.operations {
            let _ = writeln!(
                s,
                "    {} ({:?}, SOAPAction {:?}) -> fn {}",
                op.wire, op.style, op.soap_action, op.rust
            );
            let _ = writeln!(s, "      input:  {}", message(ir, &op.input));
            let out = op.output.as_ref().map_or("(one-way)".to_owned(), |m| message(ir, m));
            let _ = writeln!(s, "      output: {out}");
        }
    }
    let _ = writeln!(s, "\nTypes:");
    for def in ir.types.values() {
        match &def.kind {
            TypeKind::Struct(st) => {
                let _ = writeln!(s, "  {} -> struct {}", def.wire, def.rust);
                for f in &st.fields {
                    let at = if matches!(f.kind, FieldKind::Attribute { .. }) { "@" } else { "" };
                    let _ = writeln!(s, "    {at}{}: {} -> {}", f.wire.local, field_type(ir, f), f.rust);
                }
            }
            TypeKind::Enum(e) => {
                let values: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
                let _ = writeln!(s, "  {} -> enum {} {{ {} }}", def.wire, def.rust, values.join(", "));
            }
            TypeKind::Alias(r) => {
                let _ = writeln!(s, "  {} -> type {} = {}", def.wire, def.rust, type_name(ir, r));
            }
            TypeKind::List(r) => {
                let _ = writeln!(s, "  {} -> type {} = list of {}", def.wire, def.rust, type_name(ir, r));
            }
            TypeKind::Choice(c) => {
                let _ = writeln!(s, "  {} -> enum {}", def.wire, def.rust);
                for v in &c.variants {
                    let _ = writeln!(s, "    {}: {} -> {}", v.wire.local, field_type(ir, v), v.rust);
                }
            }
        }
    }
    for w in &ir.warnings {
        let _ = writeln!(s, "warning: {w}");
    }
    s
}

fn message(ir: &Ir, m: &Message) -> String {
    let Some(body) = &m.body else { return "(empty body)".to_owned() };
    let Some(def) = ir.types.get(&body.ty) else { return body.name.to_string() };
    let TypeKind::Struct(st) = &def.kind else { return body.name.to_string() };
    let fields: Vec<String> =
        st.fields.iter().map(|f| format!("{}: {}", f.wire.local, field_type(ir, f))).collect();
    format!("{}({})", body.name, fields.join(", "))
}

fn type_name(ir: &Ir, t: &TypeRef) -> String {
    match t {
        TypeRef::Builtin(b) => format!("xsd:{}", b.xsd_name()),
        TypeRef::Named(id) => ir.types.get(id).map_or("?".to_owned(), |d| d.wire.local.clone()),
        TypeRef::List { item, .. } => format!("{}[]", type_name(ir, item)),
        TypeRef::Boxed(inner) => type_name(ir, inner),
    }
}

fn field_type(ir: &Ir, f: &Field) -> String {
    let t = type_name(ir, &f.ty);
    match f.occurs {
        Occurs::Required => t,
        Occurs::Optional => format!("{t}?"),
        Occurs::Nillable => format!("{t} (nillable)"),
        Occurs::Repeated { min } => format!("{t}{{{min}..}}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::path::Path;

    use super::render;

    #[test]
    fn inspect_lists_services_operations_and_types() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let ir = crate::load(&[root.join("wsdl/sipxconfig/user.wsdl")], root).unwrap();
        let out = render(&ir);
        assert!(out.starts_with("Sources: wsdl/sipxconfig/user.wsdl\n"), "{out}");
        assert!(out.contains("ConfigImplService / port UserService -> struct UserService"), "{out}");
        for op in ["addUser", "findUser", "manageUser"] {
            assert!(out.contains(&format!("    {op} (DocumentLiteral, SOAPAction \"\")")), "{op}\n{out}");
        }
        assert!(
            out.contains(
                "output: {http://www.sipfoundry.org/2007/08/21/ConfigService}FindUserResponse(users: User[])"
            ),
            "{out}"
        );
        assert!(out.contains("    userName: xsd:string -> user_name\n"), "{out}");
    }
}
