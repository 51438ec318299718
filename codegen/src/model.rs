//! The parsed WSDL 1.1 / XML Schema documents.
//!
//! A mirror of the input files, produced by [`crate::parse`] and read by
//! [`crate::lower`]. Every QName-valued attribute is already resolved against
//! the namespaces in scope where it was written, so later stages never see a
//! prefix. Local element names are already qualified or not according to
//! `form`/`elementFormDefault`. Nothing here is checked for consistency yet:
//! references may dangle until lowering resolves them.

use crate::ir::QName;

/// One WSDL file and everything it imports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Definitions {
    /// Path relative to the display root, forward slashes.
    pub file: String,
    pub target_ns: Option<String>,
    /// `wsdl:documentation` of `wsdl:definitions`.
    pub doc: Option<String>,
    /// Embedded schemas, then schemas they import or include.
    pub schemas: Vec<Schema>,
    pub messages: Vec<Message>,
    pub port_types: Vec<PortType>,
    pub bindings: Vec<Binding>,
    pub services: Vec<Service>,
    /// Documents loaded through `wsdl:import`, each with its own `file`.
    pub imports: Vec<Definitions>,
    /// Non-fatal findings while parsing (unknown extension elements...).
    pub warnings: Vec<String>,
}

impl Definitions {
    /// This document followed by every imported one, depth first.
    pub fn with_imports(&self) -> Vec<&Definitions> {
        let mut out = vec![self];
        for import in &self.imports {
            out.extend(import.with_imports());
        }
        out
    }
}

/// One `xsd:schema`, embedded or loaded from a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    /// The file the schema text is in (the WSDL file for embedded ones).
    pub file: String,
    pub target_ns: Option<String>,
    pub elements: Vec<GlobalElement>,
    pub types: Vec<NamedType>,
    /// Top-level `xsd:group`s (model groups used by `ref`).
    pub groups: Vec<NamedGroup>,
    /// Top-level `xsd:attribute`s (used by `ref`).
    pub attributes: Vec<GlobalAttribute>,
    /// Top-level `xsd:attributeGroup`s (used by `ref`).
    pub attribute_groups: Vec<NamedAttributeGroup>,
}

/// A top-level `xsd:group`: a named model group.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedGroup {
    pub name: QName,
    /// The sequence, choice or all it holds (`None` if empty).
    pub particle: Option<Particle>,
}

/// A top-level `xsd:attribute`.
#[derive(Debug, Clone, PartialEq)]
pub struct GlobalAttribute {
    /// Always qualified with the schema's target namespace.
    pub name: QName,
    pub doc: Option<String>,
    pub ty: AttributeType,
    pub default: Option<String>,
    pub fixed: Option<String>,
}

/// A top-level `xsd:attributeGroup`.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedAttributeGroup {
    pub name: QName,
    pub attributes: Vec<AttributeDecl>,
}

/// One entry of a type's (or attribute group's) attribute declarations.
#[derive(Debug, Clone, PartialEq)]
pub enum AttributeDecl {
    Attribute(Attribute),
    /// `xsd:attributeGroup ref=`.
    GroupRef(QName),
    /// `xsd:anyAttribute`.
    Any,
}

/// An `xsd:attribute` inside a type or attribute group.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub def: AttributeDef,
    pub use_: AttributeUse,
    pub default: Option<String>,
    pub fixed: Option<String>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AttributeDef {
    /// `ref=`: a global attribute.
    Ref(QName),
    /// A local declaration; `wire` is qualified per `form` and
    /// `attributeFormDefault` (unqualified by default).
    Local { wire: QName, ty: AttributeType },
}

/// The type of an attribute: a reference, an inline simple type, or none
/// (`xsd:anySimpleType`).
#[derive(Debug, Clone, PartialEq)]
pub enum AttributeType {
    Named(QName),
    Simple(SimpleType),
    Untyped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeUse {
    Optional,
    Required,
    Prohibited,
}

/// `block`/`blockDefault`: which derivations may not stand in for a type
/// or element (through `xsi:type` or a substitution group).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Block {
    pub extension: bool,
    pub restriction: bool,
    pub substitution: bool,
}

/// A top-level `xsd:element`.
#[derive(Debug, Clone, PartialEq)]
pub struct GlobalElement {
    /// Always qualified with the schema's target namespace.
    pub name: QName,
    pub doc: Option<String>,
    pub nillable: bool,
    pub ty: ElementType,
    /// `abstract="true"`: only members of its substitution group appear.
    pub abstract_: bool,
    /// `substitutionGroup=`: the head element this one may stand in for.
    pub substitution_group: Option<QName>,
    pub block: Block,
}

/// The type of an element: a reference, an anonymous type, or none.
#[derive(Debug, Clone, PartialEq)]
pub enum ElementType {
    Named(QName),
    Complex(Box<ComplexType>),
    Simple(SimpleType),
    /// Neither `type=` nor an inline type: `xsd:anyType`.
    Untyped,
}

/// A top-level `xsd:complexType` or `xsd:simpleType`.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedType {
    pub name: QName,
    pub def: TypeDecl,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeDecl {
    Complex(Box<ComplexType>),
    Simple(SimpleType),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ComplexType {
    pub doc: Option<String>,
    pub content: Content,
    /// Attribute declarations, attribute group references and
    /// `anyAttribute`, in document order (of the derivation, for
    /// `complexContent`/`simpleContent`).
    pub attributes: Vec<AttributeDecl>,
    /// `mixed="true"`: text may appear between the elements.
    pub mixed: bool,
    /// `abstract="true"`: values carry `xsi:type` naming a derived type.
    pub abstract_: bool,
    pub block: Block,
}

/// The content model of a complex type.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// A model group directly in the type, or `None` for empty content.
    Particle(Option<Particle>),
    /// `complexContent/extension`: base fields first, then `particle`.
    Extension { base: QName, particle: Option<Particle> },
    /// `complexContent/restriction`. `array_type` is the `wsdl:arrayType`
    /// of a SOAP-ENC array restriction.
    Restriction { base: QName, particle: Option<Particle>, array_type: Option<ArrayType> },
    /// `simpleContent` extension or restriction of `base`;
    /// `enumerations` lists a restriction's enumeration facets.
    Simple { base: QName, restriction: bool, enumerations: Vec<String> },
}

impl Default for Content {
    fn default() -> Self {
        Content::Particle(None)
    }
}

/// A `wsdl:arrayType` value such as `ns:T[]`, split into item type and
/// dimensions (`[]`, `[][]`, `[,]`...).
#[derive(Debug, Clone, PartialEq)]
pub struct ArrayType {
    pub item: QName,
    pub dims: String,
}

/// minOccurs/maxOccurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub min: u32,
    /// `None` is `unbounded`.
    pub max: Option<u32>,
}

impl Bounds {
    pub const ONCE: Bounds = Bounds { min: 1, max: Some(1) };

    /// True when more than one occurrence is allowed.
    pub fn repeats(self) -> bool {
        self.max.is_none_or(|max| max > 1)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Particle {
    Element(LocalElement),
    Group(Group),
    /// `xsd:any`.
    Any(Bounds),
    /// `xsd:group ref=`, occurring `Bounds` times.
    GroupRef(QName, Bounds),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Sequence,
    All,
    Choice,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub kind: GroupKind,
    pub bounds: Bounds,
    pub particles: Vec<Particle>,
}

/// An `xsd:element` inside a model group.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalElement {
    pub bounds: Bounds,
    pub doc: Option<String>,
    pub def: ElementDef,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ElementDef {
    /// `ref=`: a global element.
    Ref(QName),
    /// A local declaration; `wire` is already qualified per `form` and
    /// `elementFormDefault`.
    Local { wire: QName, nillable: bool, ty: ElementType },
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimpleType {
    pub doc: Option<String>,
    pub def: SimpleDef,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SimpleDef {
    /// `restriction base=`; `enumerations` lists the enumeration facets.
    Restriction { base: QName, enumerations: Vec<String> },
    /// `xsd:list` of `itemType=` or an inline item type.
    List { item: ListItem },
    /// `xsd:union` of `memberTypes=` and inline member types.
    Union { members: Vec<QName>, inline: Vec<SimpleType> },
}

#[derive(Debug, Clone, PartialEq)]
pub enum ListItem {
    Named(QName),
    Inline(Box<SimpleType>),
}

/// A `wsdl:message`.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub name: QName,
    pub doc: Option<String>,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: String,
    pub doc: Option<String>,
    pub kind: PartKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    Element(QName),
    Type(QName),
}

/// A `wsdl:portType`.
#[derive(Debug, Clone, PartialEq)]
pub struct PortType {
    pub name: QName,
    pub doc: Option<String>,
    pub operations: Vec<PortOperation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PortOperation {
    pub name: String,
    pub doc: Option<String>,
    /// `parameterOrder`, split on whitespace.
    pub parameter_order: Option<Vec<String>>,
    pub input: Option<IoMessage>,
    pub output: Option<IoMessage>,
    pub faults: Vec<IoMessage>,
}

/// `wsdl:input`/`wsdl:output`/`wsdl:fault` of a port type operation.
#[derive(Debug, Clone, PartialEq)]
pub struct IoMessage {
    pub name: Option<String>,
    pub message: QName,
}

/// A `wsdl:binding`.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub name: QName,
    pub port_type: QName,
    /// The `soap:binding`/`soap12:binding` child; `None` for other bindings
    /// (HTTP, MIME), which are not supported.
    pub soap: Option<SoapBinding>,
    pub operations: Vec<BindingOperation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SoapBinding {
    pub version: SoapVersion,
    pub style: Option<BindingStyle>,
    pub transport: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoapVersion {
    Soap11,
    Soap12,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingStyle {
    Document,
    Rpc,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BindingOperation {
    pub name: String,
    pub doc: Option<String>,
    pub soap_action: Option<String>,
    /// `soap:operation style=`, overriding the binding's.
    pub style: Option<BindingStyle>,
    pub input: Option<BindingIo>,
    pub output: Option<BindingIo>,
    /// `wsdl:fault` children, with their `soap:fault`.
    pub faults: Vec<BindingFault>,
}

/// `wsdl:input`/`wsdl:output` of a binding operation.
#[derive(Debug, Clone, PartialEq)]
pub struct BindingIo {
    pub name: Option<String>,
    pub body: Option<SoapBody>,
    /// `soap:header` children, in document order.
    pub headers: Vec<SoapHeader>,
}

/// `soap:body`.
#[derive(Debug, Clone, PartialEq)]
pub struct SoapBody {
    pub use_: BodyUse,
    pub namespace: Option<String>,
    pub encoding_style: Option<String>,
    /// `parts=`: the message parts that go into the body (all if `None`).
    pub parts: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyUse {
    Literal,
    Encoded,
}

/// A `wsdl:service`.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub name: QName,
    pub doc: Option<String>,
    pub ports: Vec<Port>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    pub name: String,
    pub doc: Option<String>,
    pub binding: QName,
    /// `soap:address location` (or the SOAP 1.2 one).
    pub address: Option<String>,
}

// ---- SOAP headers and faults of a binding -------------------------------
// Kept apart from the schema model above: they describe the binding side.

/// `soap:header` of a binding operation's input or output: one header block,
/// the element (or type) of `part` of `message`.
#[derive(Debug, Clone, PartialEq)]
pub struct SoapHeader {
    pub message: QName,
    pub part: String,
    pub use_: BodyUse,
    pub namespace: Option<String>,
    /// `soap:headerfault` children: header blocks sent with a fault about
    /// this header.
    pub faults: Vec<SoapHeaderFault>,
}

/// `soap:headerfault`.
#[derive(Debug, Clone, PartialEq)]
pub struct SoapHeaderFault {
    pub message: QName,
    pub part: String,
    pub use_: BodyUse,
}

/// `wsdl:fault` of a binding operation with its `soap:fault`.
#[derive(Debug, Clone, PartialEq)]
pub struct BindingFault {
    pub name: Option<String>,
    pub use_: BodyUse,
}
