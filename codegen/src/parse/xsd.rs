//! `xsd:schema` -> [`crate::model::Schema`].
//!
//! Mirrors the declarations; the only decisions taken here are the ones that
//! need the schema element's attributes: the target namespace of global
//! names and whether local element names are qualified.

use xmltree::Element;

use super::{Cx, Reference, SOAP_ENC_NS, attr, children, is_xsd, xsd_doc};
use crate::Error;
use crate::ir::QName;
use crate::model::{
    ArrayType, Attribute, AttributeDecl, AttributeDef, AttributeType, AttributeUse, Block, ComplexType,
    Content, ElementDef, ElementType, GlobalAttribute, GlobalElement, Group, GroupKind, ListItem,
    LocalElement, NamedAttributeGroup, NamedGroup, NamedType, Particle, Schema, SimpleDef, SimpleType,
    TypeDecl,
};
use crate::warnings::SCHEMA_DROPPED;

/// Schema-wide settings every declaration needs.
struct Sx<'c, 'f> {
    cx: &'c Cx<'f>,
    tns: Option<String>,
    /// `elementFormDefault="qualified"`.
    qualified: bool,
    /// `attributeFormDefault="qualified"`.
    attributes_qualified: bool,
    /// `blockDefault`.
    block: Block,
}

/// Parses one `xsd:schema` element; also returns the documents its
/// `xsd:import`/`xsd:include` elements name by location.
pub(crate) fn schema(
    cx: &Cx,
    el: &Element,
    chameleon_ns: Option<&str>,
) -> Result<(Schema, Vec<Reference>), Error> {
    let tns = attr(el, "targetNamespace").filter(|ns| !ns.is_empty()).or(chameleon_ns).map(str::to_owned);
    let sx = Sx {
        cx,
        qualified: attr(el, "elementFormDefault") == Some("qualified"),
        attributes_qualified: attr(el, "attributeFormDefault") == Some("qualified"),
        block: block(attr(el, "blockDefault"), Block::default()),
        tns,
    };
    let at = format!("schema {}", sx.tns.as_deref().unwrap_or("(no namespace)"));
    let mut schema = Schema { file: cx.file.to_owned(), target_ns: sx.tns.clone(), ..Schema::default() };
    let mut refs = Vec::new();
    for child in children(el) {
        match child.name.as_str() {
            _ if !is_xsd(child, &child.name) => {
                cx.warn(format!("{at}: foreign element `{}` {SCHEMA_DROPPED}", child.name))
            }
            "element" => schema.elements.push(global_element(&sx, child, &at)?),
            "complexType" => schema.types.push(named(&sx, child, &at, true)?),
            "simpleType" => schema.types.push(named(&sx, child, &at, false)?),
            "group" => schema.groups.push(named_group(&sx, child, &at)?),
            "attribute" => schema.attributes.push(global_attribute(&sx, child, &at)?),
            "attributeGroup" => schema.attribute_groups.push(attribute_group(&sx, child, &at)?),
            "import" | "include" => refs.extend(reference(cx, child, sx.tns.as_deref(), &at)?),
            "redefine" => return Err(cx.unsupported("xsd:redefine", &at)),
            // Documentation and notation declarations carry no data.
            "annotation" | "notation" => {}
            other => cx.warn(format!("{at}: xsd:{other} {SCHEMA_DROPPED}")),
        }
    }
    Ok((schema, refs))
}

/// The document an `xsd:import`/`xsd:include` names: by location, or, for
/// an import without one, by its namespace when that is a well-known one
/// the generator has built in. Other imports without a location name a
/// namespace defined elsewhere in the same document set. `includer_tns` is
/// the including schema's target namespace (a chameleon include adopts it).
pub(crate) fn reference(
    cx: &Cx,
    el: &Element,
    includer_tns: Option<&str>,
    at: &str,
) -> Result<Option<Reference>, Error> {
    let include = el.name == "include";
    let namespace = attr(el, "namespace").filter(|ns| !ns.is_empty()).map(str::to_owned);
    let location = match attr(el, "schemaLocation").map(str::trim).filter(|l| !l.is_empty()) {
        Some(location) => location.to_owned(),
        None if include => {
            return Err(cx.invalid(format!("{at}: xsd:include without schemaLocation")));
        }
        None if namespace.as_deref().is_some_and(super::known::is_known_namespace) => String::new(),
        None => return Ok(None),
    };
    Ok(Some(Reference {
        location,
        namespace,
        via: format!("{at} / xsd:{}", el.name),
        chameleon_ns: if include { includer_tns.map(str::to_owned) } else { None },
    }))
}

/// A `block` attribute's value over the schema's `blockDefault`.
fn block(value: Option<&str>, default: Block) -> Block {
    let Some(value) = value else { return default };
    let words: Vec<&str> = value.split_whitespace().collect();
    let all = words.contains(&"#all");
    Block {
        extension: all || words.contains(&"extension"),
        restriction: all || words.contains(&"restriction"),
        substitution: all || words.contains(&"substitution"),
    }
}

fn global_name(sx: &Sx, el: &Element, at: &str) -> Result<QName, Error> {
    let name = sx.cx.required(el, "name", at)?;
    Ok(QName::new(sx.tns.as_deref(), name))
}

fn named(sx: &Sx, el: &Element, at: &str, complex: bool) -> Result<NamedType, Error> {
    let name = global_name(sx, el, at)?;
    let at = format!("{at} / {} {}", el.name, name.local);
    let def = if complex {
        TypeDecl::Complex(Box::new(complex_type(sx, el, &at)?))
    } else {
        TypeDecl::Simple(simple_type(sx, el, &at)?)
    };
    Ok(NamedType { name, def })
}

fn global_element(sx: &Sx, el: &Element, at: &str) -> Result<GlobalElement, Error> {
    let name = global_name(sx, el, at)?;
    let at = format!("{at} / element {}", name.local);
    Ok(GlobalElement {
        doc: xsd_doc(el),
        nillable: attr(el, "nillable") == Some("true"),
        ty: element_type(sx, el, &at)?,
        abstract_: attr(el, "abstract") == Some("true"),
        substitution_group: sx.cx.qname_attr(el, "substitutionGroup")?,
        block: block(attr(el, "block"), sx.block),
        name,
    })
}

fn named_group(sx: &Sx, el: &Element, at: &str) -> Result<NamedGroup, Error> {
    let name = global_name(sx, el, at)?;
    let at = format!("{at} / group {}", name.local);
    let mut particle_ = None;
    for child in children(el).filter(|c| !is_xsd(c, "annotation")) {
        match particle(sx, child, &at)? {
            Some(p) => particle_ = Some(p),
            None => sx.cx.warn(format!("{at}: `{}` in xsd:group {SCHEMA_DROPPED}", child.name)),
        }
    }
    Ok(NamedGroup { name, particle: particle_ })
}

fn global_attribute(sx: &Sx, el: &Element, at: &str) -> Result<GlobalAttribute, Error> {
    let name = global_name(sx, el, at)?;
    let at = format!("{at} / attribute {}", name.local);
    Ok(GlobalAttribute {
        doc: xsd_doc(el),
        ty: attribute_type(sx, el, &at)?,
        default: attr(el, "default").map(str::to_owned),
        fixed: attr(el, "fixed").map(str::to_owned),
        name,
    })
}

fn attribute_group(sx: &Sx, el: &Element, at: &str) -> Result<NamedAttributeGroup, Error> {
    let name = global_name(sx, el, at)?;
    let at = format!("{at} / attributeGroup {}", name.local);
    let mut attributes = Vec::new();
    for child in children(el).filter(|c| !is_xsd(c, "annotation")) {
        if !attribute_decl(sx, child, &at, &mut attributes)? {
            sx.cx.warn(format!("{at}: `{}` in xsd:attributeGroup {SCHEMA_DROPPED}", child.name));
        }
    }
    Ok(NamedAttributeGroup { name, attributes })
}

/// `type=`, an inline complexType/simpleType, or neither.
fn element_type(sx: &Sx, el: &Element, at: &str) -> Result<ElementType, Error> {
    if let Some(ty) = sx.cx.qname_attr(el, "type")? {
        return Ok(ElementType::Named(ty));
    }
    for child in children(el) {
        if is_xsd(child, "complexType") {
            return Ok(ElementType::Complex(Box::new(complex_type(sx, child, at)?)));
        }
        if is_xsd(child, "simpleType") {
            return Ok(ElementType::Simple(simple_type(sx, child, at)?));
        }
    }
    Ok(ElementType::Untyped)
}

fn complex_type(sx: &Sx, el: &Element, at: &str) -> Result<ComplexType, Error> {
    let mut ct = ComplexType {
        doc: xsd_doc(el),
        mixed: attr(el, "mixed") == Some("true"),
        abstract_: attr(el, "abstract") == Some("true"),
        block: block(attr(el, "block"), sx.block),
        ..ComplexType::default()
    };
    for child in children(el).filter(|c| !is_xsd(c, "annotation")) {
        if let Some(p) = particle(sx, child, at)? {
            ct.content = Content::Particle(Some(p));
        } else if is_xsd(child, "complexContent") {
            // `mixed` on complexContent overrides the type's.
            if let Some(mixed) = attr(child, "mixed") {
                ct.mixed = mixed == "true";
            }
            ct.content = complex_content(sx, child, at, &mut ct.attributes)?;
        } else if is_xsd(child, "simpleContent") {
            ct.content = simple_content(sx, child, at, &mut ct.attributes)?;
        } else if !attribute_decl(sx, child, at, &mut ct.attributes)? {
            sx.cx.warn(format!("{at}: `{}` in complexType {SCHEMA_DROPPED}", child.name));
        }
    }
    Ok(ct)
}

/// Records an attribute, attribute group reference or `anyAttribute`;
/// false if `el` is none of them.
fn attribute_decl(sx: &Sx, el: &Element, at: &str, out: &mut Vec<AttributeDecl>) -> Result<bool, Error> {
    if is_xsd(el, "attribute") {
        out.push(AttributeDecl::Attribute(attribute(sx, el, at)?));
    } else if is_xsd(el, "attributeGroup") {
        let name = sx.cx.resolve(el, sx.cx.required(el, "ref", at)?)?;
        out.push(AttributeDecl::GroupRef(name));
    } else if is_xsd(el, "anyAttribute") {
        out.push(AttributeDecl::Any);
    } else {
        return Ok(false);
    }
    Ok(true)
}

fn attribute(sx: &Sx, el: &Element, at: &str) -> Result<Attribute, Error> {
    let use_ = match attr(el, "use").map(str::trim) {
        None | Some("optional") => AttributeUse::Optional,
        Some("required") => AttributeUse::Required,
        Some("prohibited") => AttributeUse::Prohibited,
        Some(other) => return Err(sx.cx.invalid(format!("{at}: attribute with use=\"{other}\""))),
    };
    let def = if let Some(target) = sx.cx.qname_attr(el, "ref")? {
        AttributeDef::Ref(target)
    } else {
        let name = sx.cx.required(el, "name", at)?;
        let at = format!("{at} / attribute {name}");
        let qualified = match attr(el, "form") {
            Some(form) => form == "qualified",
            None => sx.attributes_qualified,
        };
        let wire = QName::new(if qualified { sx.tns.as_deref() } else { None }, name);
        AttributeDef::Local { wire, ty: attribute_type(sx, el, &at)? }
    };
    Ok(Attribute {
        def,
        use_,
        default: attr(el, "default").map(str::to_owned),
        fixed: attr(el, "fixed").map(str::to_owned),
        doc: xsd_doc(el),
    })
}

/// `type=`, an inline simpleType, or neither (`anySimpleType`).
fn attribute_type(sx: &Sx, el: &Element, at: &str) -> Result<AttributeType, Error> {
    if let Some(ty) = sx.cx.qname_attr(el, "type")? {
        return Ok(AttributeType::Named(ty));
    }
    match children(el).find(|c| is_xsd(c, "simpleType")) {
        Some(st) => Ok(AttributeType::Simple(simple_type(sx, st, at)?)),
        None => Ok(AttributeType::Untyped),
    }
}

/// `complexContent` with `extension` or `restriction`. Keeps the
/// `wsdl:arrayType` of a SOAP-ENC array restriction instead of recording
/// the `soapenc:arrayType` attribute as an attribute of the type.
fn complex_content(
    sx: &Sx,
    el: &Element,
    at: &str,
    attributes: &mut Vec<AttributeDecl>,
) -> Result<Content, Error> {
    let Some(derivation) = children(el).find(|c| is_xsd(c, "extension") || is_xsd(c, "restriction")) else {
        return Err(sx.cx.invalid(format!("{at}: complexContent without extension or restriction")));
    };
    let base = sx.cx.resolve(derivation, sx.cx.required(derivation, "base", at)?)?;
    let mut particle_ = None;
    let mut array_type = None;
    for child in children(derivation).filter(|c| !is_xsd(c, "annotation")) {
        if let Some(p) = particle(sx, child, at)? {
            particle_ = Some(p);
        } else if let Some(found) = soap_array_type(sx, child)? {
            array_type = Some(found);
        } else if !attribute_decl(sx, child, at, attributes)? {
            sx.cx.warn(format!("{at}: `{}` in {} {SCHEMA_DROPPED}", child.name, derivation.name));
        }
    }
    Ok(if derivation.name == "extension" {
        Content::Extension { base, particle: particle_ }
    } else {
        Content::Restriction { base, particle: particle_, array_type }
    })
}

/// `<xsd:attribute ref="soapenc:arrayType" wsdl:arrayType="ns:T[]"/>`.
/// xmltree keys attributes by local name, so `wsdl:arrayType` is
/// `arrayType`; the `ref` check keeps other attributes out.
fn soap_array_type(sx: &Sx, el: &Element) -> Result<Option<ArrayType>, Error> {
    if !is_xsd(el, "attribute") {
        return Ok(None);
    }
    let is_array_type =
        sx.cx.qname_attr(el, "ref")?.is_some_and(|r| r == QName::new(Some(SOAP_ENC_NS), "arrayType"));
    match attr(el, "arrayType") {
        Some(value) if is_array_type => Ok(Some(array_type(sx.cx, el, value)?)),
        _ => Ok(None),
    }
}

/// Splits `ns:T[]` (or `ns:T[][]`, `ns:T[,]`) into item QName and dims.
pub(crate) fn array_type(cx: &Cx, el: &Element, value: &str) -> Result<ArrayType, Error> {
    let value = value.trim();
    let split = value.find('[').unwrap_or(value.len());
    let (item, dims) = value.split_at(split);
    Ok(ArrayType { item: cx.resolve(el, item)?, dims: dims.to_owned() })
}

/// `simpleContent`: the base type of the text, a restriction's enumeration
/// facets, and the attributes.
fn simple_content(
    sx: &Sx,
    el: &Element,
    at: &str,
    attributes: &mut Vec<AttributeDecl>,
) -> Result<Content, Error> {
    let Some(derivation) = children(el).find(|c| is_xsd(c, "extension") || is_xsd(c, "restriction")) else {
        return Err(sx.cx.invalid(format!("{at}: simpleContent without extension or restriction")));
    };
    let base = sx.cx.resolve(derivation, sx.cx.required(derivation, "base", at)?)?;
    let mut enumerations = Vec::new();
    for child in children(derivation).filter(|c| !is_xsd(c, "annotation")) {
        if is_xsd(child, "enumeration") {
            enumerations.extend(attr(child, "value").map(str::to_owned));
        } else if !attribute_decl(sx, child, at, attributes)? && !is_facet(child) {
            sx.cx.warn(format!("{at}: `{}` in simpleContent {SCHEMA_DROPPED}", child.name));
        }
    }
    Ok(Content::Simple { base, restriction: derivation.name == "restriction", enumerations })
}

/// Constraining facets other than enumeration: they restrict values the
/// server may send, which decoding does not check (nothing is lost).
fn is_facet(el: &Element) -> bool {
    const FACETS: [&str; 12] = [
        "length",
        "minLength",
        "maxLength",
        "pattern",
        "whiteSpace",
        "maxInclusive",
        "maxExclusive",
        "minInclusive",
        "minExclusive",
        "totalDigits",
        "fractionDigits",
        "simpleType",
    ];
    FACETS.iter().any(|f| is_xsd(el, f))
}

/// A particle if `el` is one (element, sequence, all, choice, group, any).
fn particle(sx: &Sx, el: &Element, at: &str) -> Result<Option<Particle>, Error> {
    let kind = match el.name.as_str() {
        _ if !is_xsd(el, &el.name) => return Ok(None),
        "element" => return Ok(Some(Particle::Element(local_element(sx, el, at)?))),
        "any" => return Ok(Some(Particle::Any(sx.cx.bounds(el, at)?))),
        "group" => {
            let name = sx.cx.resolve(el, sx.cx.required(el, "ref", at)?)?;
            return Ok(Some(Particle::GroupRef(name, sx.cx.bounds(el, at)?)));
        }
        "sequence" => GroupKind::Sequence,
        "all" => GroupKind::All,
        "choice" => GroupKind::Choice,
        _ => return Ok(None),
    };
    let mut particles = Vec::new();
    for child in children(el).filter(|c| !is_xsd(c, "annotation")) {
        match particle(sx, child, at)? {
            Some(p) => particles.push(p),
            None => sx.cx.warn(format!("{at}: `{}` in {} {SCHEMA_DROPPED}", child.name, el.name)),
        }
    }
    Ok(Some(Particle::Group(Group { kind, bounds: sx.cx.bounds(el, at)?, particles })))
}

fn local_element(sx: &Sx, el: &Element, at: &str) -> Result<LocalElement, Error> {
    let bounds = sx.cx.bounds(el, at)?;
    let doc = xsd_doc(el);
    if let Some(target) = sx.cx.qname_attr(el, "ref")? {
        return Ok(LocalElement { bounds, doc, def: ElementDef::Ref(target) });
    }
    let name = sx.cx.required(el, "name", at)?;
    let at = format!("{at} / element {name}");
    let qualified = match attr(el, "form") {
        Some(form) => form == "qualified",
        None => sx.qualified,
    };
    let wire = QName::new(if qualified { sx.tns.as_deref() } else { None }, name);
    let nillable = attr(el, "nillable") == Some("true");
    let ty = element_type(sx, el, &at)?;
    Ok(LocalElement { bounds, doc, def: ElementDef::Local { wire, nillable, ty } })
}

fn simple_type(sx: &Sx, el: &Element, at: &str) -> Result<SimpleType, Error> {
    let doc = xsd_doc(el);
    for child in children(el) {
        if is_xsd(child, "restriction") {
            let base = match sx.cx.qname_attr(child, "base")? {
                Some(base) => base,
                // A restriction of an inline anonymous type: its own base
                // is what the value is made of.
                None => match children(child).find(|c| is_xsd(c, "simpleType")) {
                    Some(inner) => return simple_type(sx, inner, at).map(|st| SimpleType { doc, ..st }),
                    None => return Err(sx.cx.invalid(format!("{at}: simpleType restriction without base"))),
                },
            };
            let enumerations = children(child)
                .filter(|c| is_xsd(c, "enumeration"))
                .filter_map(|c| attr(c, "value").map(str::to_owned))
                .collect();
            return Ok(SimpleType { doc, def: SimpleDef::Restriction { base, enumerations } });
        }
        if is_xsd(child, "list") {
            let item = match sx.cx.qname_attr(child, "itemType")? {
                Some(q) => ListItem::Named(q),
                None => match children(child).find(|c| is_xsd(c, "simpleType")) {
                    Some(inner) => ListItem::Inline(Box::new(simple_type(sx, inner, at)?)),
                    None => return Err(sx.cx.invalid(format!("{at}: xsd:list without an item type"))),
                },
            };
            return Ok(SimpleType { doc, def: SimpleDef::List { item } });
        }
        if is_xsd(child, "union") {
            let mut members = Vec::new();
            for value in attr(child, "memberTypes").unwrap_or_default().split_whitespace() {
                members.push(sx.cx.resolve(child, value)?);
            }
            let mut inline = Vec::new();
            for inner in children(child).filter(|c| is_xsd(c, "simpleType")) {
                inline.push(simple_type(sx, inner, at)?);
            }
            return Ok(SimpleType { doc, def: SimpleDef::Union { members, inline } });
        }
    }
    Err(sx.cx.invalid(format!("{at}: simpleType without restriction, list or union")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::model::Bounds;

    const XS: &str = "http://www.w3.org/2001/XMLSchema";

    fn parse(body: &str, attrs: &str) -> Schema {
        let xml = format!(
            r#"<xsd:schema xmlns:xsd="{XS}" xmlns:tns="urn:t" targetNamespace="urn:t" {attrs}>{body}</xsd:schema>"#
        );
        let el = super::super::parse_xml(&xml, "s.xsd").unwrap();
        let cx = Cx::new("s.xsd");
        schema(&cx, &el, None).unwrap().0
    }

    fn first_element(ct: &ComplexType) -> &LocalElement {
        let Content::Particle(Some(Particle::Group(g))) = &ct.content else { panic!("{ct:?}") };
        let Some(Particle::Element(e)) = g.particles.first() else { panic!("{g:?}") };
        e
    }

    #[test]
    fn local_names_follow_element_form_default_and_form() {
        let body = r#"<xsd:complexType name="T"><xsd:sequence>
            <xsd:element name="a" type="xsd:int"/>
            <xsd:element name="b" form="unqualified" type="xsd:int" minOccurs="0" maxOccurs="unbounded"/>
        </xsd:sequence></xsd:complexType>"#;
        let s = parse(body, r#"elementFormDefault="qualified""#);
        let TypeDecl::Complex(ct) = &s.types[0].def else { panic!() };
        let ElementDef::Local { wire, .. } = &first_element(ct).def else { panic!() };
        assert_eq!(wire, &QName::new(Some("urn:t"), "a"));
        let Content::Particle(Some(Particle::Group(g))) = &ct.content else { panic!() };
        let Particle::Element(b) = &g.particles[1] else { panic!() };
        assert_eq!(b.bounds, Bounds { min: 0, max: None });
        let ElementDef::Local { wire, .. } = &b.def else { panic!() };
        assert_eq!(wire, &QName::new(None, "b"));
    }

    #[test]
    fn soap_enc_array_keeps_array_type() {
        let body = r#"<xsd:complexType name="A" xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/"
              xmlns:w="http://schemas.xmlsoap.org/wsdl/"><xsd:complexContent>
            <xsd:restriction base="enc:Array"><xsd:attribute ref="enc:arrayType" w:arrayType="tns:I[]"/></xsd:restriction>
        </xsd:complexContent></xsd:complexType>"#;
        let s = parse(body, "");
        let TypeDecl::Complex(ct) = &s.types[0].def else { panic!() };
        let Content::Restriction { base, array_type: Some(at), .. } = &ct.content else { panic!("{ct:?}") };
        assert_eq!(base, &QName::new(Some(SOAP_ENC_NS), "Array"));
        assert_eq!(at, &ArrayType { item: QName::new(Some("urn:t"), "I"), dims: "[]".to_owned() });
        assert!(ct.attributes.is_empty());
    }

    #[test]
    fn enumerations_and_attributes_are_recorded() {
        let body = r#"<xsd:simpleType name="E"><xsd:restriction base="xsd:string">
            <xsd:enumeration value="x"/><xsd:enumeration value="y-z"/></xsd:restriction></xsd:simpleType>
            <xsd:complexType name="C"><xsd:attribute name="id" type="xsd:int"/></xsd:complexType>"#;
        let s = parse(body, "");
        let TypeDecl::Simple(SimpleType { def: SimpleDef::Restriction { enumerations, .. }, .. }) =
            &s.types[0].def
        else {
            panic!()
        };
        assert_eq!(enumerations, &["x", "y-z"]);
        let TypeDecl::Complex(ct) = &s.types[1].def else { panic!() };
        let [AttributeDecl::Attribute(a)] = ct.attributes.as_slice() else { panic!("{ct:?}") };
        let AttributeDef::Local { wire, ty } = &a.def else { panic!("{a:?}") };
        assert_eq!(wire, &QName::new(None, "id"));
        assert_eq!(ty, &AttributeType::Named(QName::new(Some(XS), "int")));
        assert_eq!(a.use_, AttributeUse::Optional);
    }

    #[test]
    fn attribute_declarations_keep_use_default_fixed_form_and_groups() {
        let body = r###"<xsd:attribute name="g" type="xsd:int" default="3"/>
            <xsd:attributeGroup name="AG"><xsd:attribute name="x"/><xsd:attributeGroup ref="tns:AG2"/></xsd:attributeGroup>
            <xsd:complexType name="C">
              <xsd:attribute ref="tns:g" use="required"/>
              <xsd:attribute name="q" form="qualified" fixed="1"><xsd:simpleType><xsd:restriction base="xsd:string"/></xsd:simpleType></xsd:attribute>
              <xsd:attribute name="p" use="prohibited"/>
              <xsd:attributeGroup ref="tns:AG"/>
              <xsd:anyAttribute namespace="##other"/>
            </xsd:complexType>"###;
        let s = parse(body, "");
        assert_eq!(s.attributes[0].name, QName::new(Some("urn:t"), "g"));
        assert_eq!(s.attributes[0].default.as_deref(), Some("3"));
        assert_eq!(s.attribute_groups[0].attributes.len(), 2);
        let TypeDecl::Complex(ct) = &s.types[0].def else { panic!() };
        let [
            AttributeDecl::Attribute(r),
            AttributeDecl::Attribute(q),
            AttributeDecl::Attribute(p),
            AttributeDecl::GroupRef(g),
            AttributeDecl::Any,
        ] = ct.attributes.as_slice()
        else {
            panic!("{ct:?}")
        };
        assert_eq!(
            (&r.def, r.use_),
            (&AttributeDef::Ref(QName::new(Some("urn:t"), "g")), AttributeUse::Required)
        );
        let AttributeDef::Local { wire, ty: AttributeType::Simple(_) } = &q.def else { panic!("{q:?}") };
        assert_eq!((wire, q.fixed.as_deref()), (&QName::new(Some("urn:t"), "q"), Some("1")));
        assert_eq!(p.use_, AttributeUse::Prohibited);
        assert_eq!(g, &QName::new(Some("urn:t"), "AG"));
    }

    #[test]
    fn groups_substitution_groups_lists_and_unions() {
        let body = r###"<xsd:group name="G"><xsd:choice><xsd:element name="a"/><xsd:element name="b"/></xsd:choice></xsd:group>
            <xsd:complexType name="C" abstract="true" block="#all"><xsd:sequence>
              <xsd:group ref="tns:G" minOccurs="0" maxOccurs="unbounded"/></xsd:sequence></xsd:complexType>
            <xsd:element name="head" abstract="true" type="tns:C"/>
            <xsd:element name="member" substitutionGroup="tns:head" block="substitution"/>
            <xsd:simpleType name="L"><xsd:list><xsd:simpleType><xsd:restriction base="xsd:int"/></xsd:simpleType></xsd:list></xsd:simpleType>
            <xsd:simpleType name="U"><xsd:union memberTypes="xsd:int tns:L"><xsd:simpleType><xsd:restriction base="xsd:string"><xsd:enumeration value="x"/></xsd:restriction></xsd:simpleType></xsd:union></xsd:simpleType>"###;
        let s = parse(body, r#"blockDefault="extension""#);
        assert!(matches!(&s.groups[0].particle, Some(Particle::Group(g)) if g.kind == GroupKind::Choice));
        let TypeDecl::Complex(ct) = &s.types[0].def else { panic!() };
        assert!(ct.abstract_);
        assert_eq!(ct.block, Block { extension: true, restriction: true, substitution: true });
        let Content::Particle(Some(Particle::Group(seq))) = &ct.content else { panic!() };
        let Some(Particle::GroupRef(name, bounds)) = seq.particles.first() else { panic!("{seq:?}") };
        assert_eq!((name.local.as_str(), *bounds), ("G", crate::model::Bounds { min: 0, max: None }));
        assert!(s.elements[0].abstract_);
        assert_eq!(
            s.elements[0].block,
            Block { extension: true, ..Block::default() },
            "blockDefault applies"
        );
        assert_eq!(s.elements[1].substitution_group, Some(QName::new(Some("urn:t"), "head")));
        assert!(s.elements[1].block.substitution);
        let TypeDecl::Simple(SimpleType { def: SimpleDef::List { item: ListItem::Inline(_) }, .. }) =
            &s.types[1].def
        else {
            panic!()
        };
        let TypeDecl::Simple(SimpleType { def: SimpleDef::Union { members, inline }, .. }) = &s.types[2].def
        else {
            panic!()
        };
        assert_eq!((members.len(), inline.len()), (2, 1));
    }

    #[test]
    fn content_left_out_is_a_warning_of_its_class() {
        let xml = format!(
            r#"<xsd:schema xmlns:xsd="{XS}"><xsd:complexType name="T"><xsd:sequence/>
               <xsd:assert test="true()"/></xsd:complexType><xsd:defaultOpenContent/></xsd:schema>"#
        );
        let el = super::super::parse_xml(&xml, "s.xsd").unwrap();
        let cx = Cx::new("s.xsd");
        schema(&cx, &el, None).unwrap();
        let warnings = cx.take_warnings();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        for w in &warnings {
            assert_eq!(crate::warnings::classify(w), crate::warnings::WarningClass::SchemaDropped, "{w}");
        }
    }

    #[test]
    fn bad_max_occurs_is_invalid_not_a_panic() {
        let xml = format!(
            r#"<xsd:schema xmlns:xsd="{XS}"><xsd:complexType name="T"><xsd:sequence>
               <xsd:element name="a" maxOccurs="lots"/></xsd:sequence></xsd:complexType></xsd:schema>"#
        );
        let el = super::super::parse_xml(&xml, "s.xsd").unwrap();
        let err = schema(&Cx::new("s.xsd"), &el, None).unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{err}");
        assert!(err.to_string().contains("complexType T"), "{err}");
    }
}
