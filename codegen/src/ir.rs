//! The typed intermediate representation between the WSDL/XSD model and the
//! Rust emitter.
//!
//! Lowering (`lower`) fills this from one or more parsed WSDL documents with
//! wire names only; the naming pass (`naming::assign`) then fills every
//! `rust` field; the emitter (`emit`) only reads it. Types are kept in a
//! `BTreeMap` keyed by a pre-assigned [`TypeId`], so forward and recursive
//! references resolve without re-entrancy, and iteration order (which reaches
//! the output) is deterministic.

use std::collections::BTreeMap;

/// A namespace-qualified XML name. `ns` is `None` for unqualified names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    pub ns: Option<String>,
    pub local: String,
}

impl QName {
    pub fn new(ns: Option<&str>, local: &str) -> Self {
        QName { ns: ns.map(str::to_owned), local: local.to_owned() }
    }
}

impl std::fmt::Display for QName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.ns {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => f.write_str(&self.local),
        }
    }
}

/// Stable id of a generated type; assigned when a schema type is first seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// Everything generated for one output module (one vendor, or one WSDL file).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ir {
    /// Source files, relative paths as given (e.g. `wsdl/sipxconfig/user.wsdl`).
    pub sources: Vec<String>,
    /// Documentation of the module (first `wsdl:documentation` found), if any.
    pub doc: Option<String>,
    pub types: BTreeMap<TypeId, TypeDef>,
    /// One client per WSDL port (ports give distinct names where services
    /// share one, as sipXconfig's six `ConfigImplService`s do).
    pub clients: Vec<Client>,
    /// Non-fatal findings (unsupported but skippable constructs).
    pub warnings: Vec<String>,
    /// The text of each document a port comes from, by its `source`
    /// name: filled by `generate` for the server side, which serves it at
    /// `?wsdl`; empty otherwise.
    pub documents: BTreeMap<String, String>,
    /// Set when only some operations were kept (`Settings::operations`):
    /// which, of how many. `None` for a whole WSDL.
    pub subset: Option<Subset>,
}

/// What an operation subset kept (see `crate::subset`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subset {
    /// The kept operations as `port/operation`, in the module's order.
    pub kept: Vec<String>,
    /// How many operations the WSDL's ports held before (an operation
    /// bound in two ports counts twice).
    pub of: usize,
}

/// A named generated type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The schema type (or, for anonymous types, the element) it comes from.
    pub wire: QName,
    /// Rust identifier; empty until the naming pass.
    pub rust: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// Where the definition comes from; decides `xsi:type` and naming.
    pub origin: DefOrigin,
}

/// What a [`TypeDef`] was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefOrigin {
    /// A named schema type: its `wire` name is sent as `xsi:type` in
    /// SOAP-encoded bodies.
    Named,
    /// An element's anonymous type: it has no type name to send.
    Anonymous,
    /// The rpc wrapper of an operation's input (named `<Op>Request`).
    RpcRequest,
    /// The rpc wrapper of an operation's output (named `<Op>Response`).
    RpcResponse,
    /// A type the generator made for part of a content model: the enum of
    /// an `xsd:choice`, a substitution group or a type with derived types,
    /// or the struct of a nested sequence.
    Synthetic,
}

impl DefOrigin {
    /// Whether values of the type carry `xsi:type` when encoded. Rpc
    /// wrappers are operation accessors, not typed values (SOAP 1.1 7.1).
    pub fn has_xsi_type(self) -> bool {
        self == DefOrigin::Named
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// complexType (or a synthesized rpc wrapper, or a nested sequence).
    Struct(Struct),
    /// simpleType with enumeration facets (restriction, or a union of
    /// enumerations).
    Enum(Enum),
    /// simpleType without enumerations: an alias of what it restricts
    /// (`pub type X = String;`, `pub type Y = Vec<Z>;`).
    Alias(TypeRef),
    /// `xsd:list`: `Vec<item>`, sent as whitespace-separated text. `item` is
    /// a builtin or a named simple type.
    List(TypeRef),
    /// One of several alternatives: an `xsd:choice`, a substitution group,
    /// or a complex type and the types derived from it.
    Choice(Choice),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Attributes first, then the content, in schema order.
    pub fields: Vec<Field>,
    /// How child elements are matched when decoding.
    pub decode: Decode,
    /// A nested model group (a sequence inside a choice, or a repeated
    /// sequence): its fields are written inline in the enclosing element.
    pub inline: bool,
    /// Attributes with a `fixed` value: always sent with it, checked when
    /// received; they carry no information of their own, so no field.
    pub fixed: Vec<FixedAttribute>,
}

impl Struct {
    /// A struct of element fields matched by name.
    pub fn of(fields: Vec<Field>) -> Struct {
        Struct { fields, decode: Decode::ByName, inline: false, fixed: Vec::new() }
    }
}

/// How a struct's child elements are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decode {
    /// Each child is matched by its local name, in any order: the fast
    /// path for content models of distinct element names.
    ByName,
    /// Children are read in document order against the content model: for
    /// repeated names, nested sequences, choices that need it, wildcards.
    Ordered,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FixedAttribute {
    pub wire: QName,
    pub value: String,
}

/// A struct field, or one alternative of a [`Choice`].
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Element or attribute name on the wire (`ns` set when qualified);
    /// for other kinds a descriptive name the field is named after. For a
    /// choice alternative selected by `xsi:type`, the type's name.
    pub wire: QName,
    /// Rust identifier; empty until the naming pass.
    pub rust: String,
    pub ty: TypeRef,
    pub occurs: Occurs,
    pub doc: Option<String>,
    pub kind: FieldKind,
}

impl Field {
    /// An element field.
    pub fn element(wire: QName, ty: TypeRef, occurs: Occurs, doc: Option<String>) -> Field {
        Field { wire, rust: String::new(), ty, occurs, doc, kind: FieldKind::Element }
    }
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// A child element named `wire`.
    Element,
    /// An attribute named `wire` (`ty` is a simple type). `default` is the
    /// schema's default, which an absent attribute decodes to.
    Attribute { default: Option<String> },
    /// The element's text: a simpleContent value (`ty` is a simple type).
    Text,
    /// A model group written inline: `ty` names a [`Choice`] or an inline
    /// [`Struct`].
    Group,
    /// `xsd:any`: elements the schema does not name, kept whole.
    Any,
    /// `xsd:anyAttribute`: the attributes the type does not declare.
    AnyAttributes,
    /// Mixed content: text and child elements in order, kept whole.
    Mixed,
}

/// The alternatives of a [`TypeKind::Choice`] and how one is recognised.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// One per alternative; `rust` is the variant name. An alternative's
    /// `occurs` is `Required`, `Nillable` or `Repeated`.
    pub variants: Vec<Field>,
    pub dispatch: Dispatch,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dispatch {
    /// By the child element's name: `xsd:choice`, substitution groups. The
    /// alternatives are fields of the enclosing element.
    Element,
    /// By the `xsi:type` of the one element holding the value: a complex
    /// type and the types derived from it. `base` is the alternative of the
    /// declared type itself (used when `xsi:type` is absent), `None` when
    /// that type is abstract.
    XsiType { base: Option<usize> },
}

/// How often an element occurs and whether it may be `xsi:nil`.
///
/// Optional nillable elements map to `Option<T>` like optional ones: absent
/// and nil both decode to `None`, and `None` is sent as absent. Required
/// nillable elements are the case where nil matters: `None` is sent as
/// `xsi:nil="true"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurs {
    /// minOccurs=1, maxOccurs=1, not nillable: `T`.
    Required,
    /// minOccurs=0, maxOccurs=1 (nillable or not): `Option<T>`, None = absent.
    Optional,
    /// minOccurs=1, maxOccurs=1, nillable: `Option<T>`, None = xsi:nil.
    Nillable,
    /// maxOccurs>1: `Vec<T>`, one element per item; `min` is minOccurs.
    Repeated { min: u32 },
}

/// Reference to a value type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    Builtin(Builtin),
    Named(TypeId),
    /// A list held in a wrapper element: literal `ArrayOfX` types (a
    /// sequence of one repeated element) and SOAP-ENC arrays both lower to
    /// this and emit as `Vec<T>`. `item` is the item element name used when
    /// sending; on decode items are accepted whatever their name.
    List {
        item: Box<TypeRef>,
        item_name: QName,
        encoding: ListEncoding,
        /// The named schema type of a SOAP-ENC array (`InfoArray`,
        /// `ArrayOf_xsd_string`): sent as the list's `xsi:type`, as Axis and
        /// PHP do; `None` sends `SOAP-ENC:Array`.
        array_type: Option<QName>,
    },
    /// A reference that closes a cycle (`Box<T>`); set by the cycle pass.
    Boxed(Box<TypeRef>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ListEncoding {
    /// document/literal `ArrayOfX` wrapper.
    Literal,
    /// SOAP-ENC array: sent with `SOAP-ENC:arrayType="ns:T[n]"`.
    SoapEnc,
}

/// XML Schema built-in types and the Rust type each maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Builtin {
    /// string and its derived string types (token, Name, ID, language...).
    String,
    Boolean,
    Byte,
    Short,
    Int,
    Long,
    /// integer and its unbounded kinds (nonNegativeInteger...):
    /// `rt::Integer`, a checked lexical form that never truncates.
    Integer,
    UnsignedByte,
    UnsignedShort,
    UnsignedInt,
    UnsignedLong,
    Float,
    Double,
    /// Kept as its lexical form (`String`) so no precision is lost.
    Decimal,
    /// Kept as its lexical form (`String`); see the runtime docs.
    DateTime,
    Date,
    Time,
    /// duration and the `g*` date parts: lexical form (`String`).
    Duration,
    GYearMonth,
    GYear,
    GMonthDay,
    GDay,
    GMonth,
    Base64Binary,
    /// `rt::HexBinary` (bytes).
    HexBinary,
    AnyUri,
    /// Lexical form (`prefix:local`) as `String`.
    QName,
    /// xsd:anySimpleType: the text as `String`.
    AnySimpleType,
    /// xsd:anyType / untyped elements: `rt::AnyType`, the attributes and
    /// content as sent.
    AnyType,
}

impl Builtin {
    /// The XML Schema local name (namespace `http://www.w3.org/2001/XMLSchema`).
    pub fn xsd_name(self) -> &'static str {
        match self {
            Builtin::String => "string",
            Builtin::Boolean => "boolean",
            Builtin::Byte => "byte",
            Builtin::Short => "short",
            Builtin::Int => "int",
            Builtin::Long => "long",
            Builtin::Integer => "integer",
            Builtin::UnsignedByte => "unsignedByte",
            Builtin::UnsignedShort => "unsignedShort",
            Builtin::UnsignedInt => "unsignedInt",
            Builtin::UnsignedLong => "unsignedLong",
            Builtin::Float => "float",
            Builtin::Double => "double",
            Builtin::Decimal => "decimal",
            Builtin::DateTime => "dateTime",
            Builtin::Date => "date",
            Builtin::Time => "time",
            Builtin::Duration => "duration",
            Builtin::GYearMonth => "gYearMonth",
            Builtin::GYear => "gYear",
            Builtin::GMonthDay => "gMonthDay",
            Builtin::GDay => "gDay",
            Builtin::GMonth => "gMonth",
            Builtin::Base64Binary => "base64Binary",
            Builtin::HexBinary => "hexBinary",
            Builtin::AnyUri => "anyURI",
            Builtin::QName => "QName",
            Builtin::AnySimpleType => "anySimpleType",
            Builtin::AnyType => "anyType",
        }
    }

    /// The built-in list types (`NMTOKENS`, `IDREFS`, `ENTITIES`): lists of
    /// strings.
    pub fn is_list_name(local: &str) -> bool {
        matches!(local, "NMTOKENS" | "IDREFS" | "ENTITIES")
    }

    /// Maps an XML Schema local name to a builtin, `None` if unknown (the
    /// list types are `String`, their item type; see [`Builtin::is_list_name`]).
    pub fn from_xsd_name(local: &str) -> Option<Builtin> {
        Some(match local {
            "string" | "normalizedString" | "token" | "NMTOKEN" | "Name" | "NCName" | "ID" | "IDREF"
            | "ENTITY" | "NOTATION" | "language" | "NMTOKENS" | "IDREFS" | "ENTITIES" => Builtin::String,
            "boolean" => Builtin::Boolean,
            "byte" => Builtin::Byte,
            "short" => Builtin::Short,
            "int" => Builtin::Int,
            "long" => Builtin::Long,
            "integer" | "nonNegativeInteger" | "positiveInteger" | "nonPositiveInteger"
            | "negativeInteger" => Builtin::Integer,
            "unsignedByte" => Builtin::UnsignedByte,
            "unsignedShort" => Builtin::UnsignedShort,
            "unsignedInt" => Builtin::UnsignedInt,
            "unsignedLong" => Builtin::UnsignedLong,
            "float" => Builtin::Float,
            "double" => Builtin::Double,
            "decimal" => Builtin::Decimal,
            "dateTime" => Builtin::DateTime,
            "date" => Builtin::Date,
            "time" => Builtin::Time,
            "duration" => Builtin::Duration,
            "gYearMonth" => Builtin::GYearMonth,
            "gYear" => Builtin::GYear,
            "gMonthDay" => Builtin::GMonthDay,
            "gDay" => Builtin::GDay,
            "gMonth" => Builtin::GMonth,
            "base64Binary" => Builtin::Base64Binary,
            "hexBinary" => Builtin::HexBinary,
            "anyURI" => Builtin::AnyUri,
            "QName" => Builtin::QName,
            "anySimpleType" => Builtin::AnySimpleType,
            "anyType" => Builtin::AnyType,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub base: Builtin,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The enumeration value on the wire.
    pub wire: String,
    /// Rust identifier; empty until the naming pass.
    pub rust: String,
}

/// Binding style of an operation's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// document/literal: the body child is the message part's element.
    DocumentLiteral,
    /// rpc/literal: wrapper named after the operation, parts unqualified.
    RpcLiteral,
    /// rpc/encoded (SOAP section 5): as rpc/literal plus `xsi:type`s.
    RpcEncoded,
}

/// A client struct generated for one WSDL port.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    /// The port name (unique within a WSDL's services).
    pub port: String,
    /// The `wsdl:service` that holds the port.
    pub service: String,
    /// Rust identifier; empty until the naming pass.
    pub rust: String,
    /// `soap:address location`, if given.
    pub endpoint: Option<String>,
    pub doc: Option<String>,
    pub operations: Vec<Operation>,
    /// SOAP version, headers and faults: see [`ClientBinding`].
    pub binding: ClientBinding,
    /// What the server side needs: see [`ServerSide`].
    pub server: ServerSide,
}

/// The server side of a port: the trait a service implements.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServerSide {
    /// The document that declares the port (or, without a service, the
    /// binding), as named in `Ir::sources` and errors.
    pub source: String,
    /// Rust name of the trait; empty until the naming pass.
    pub trait_rust: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Operation name on the wire (binding operation name).
    pub wire: String,
    /// Rust method identifier; empty until the naming pass.
    pub rust: String,
    pub doc: Option<String>,
    pub style: Style,
    /// The SOAPAction header value (`""` when the binding gives none).
    pub soap_action: String,
    pub input: Message,
    pub output: Option<Message>,
    /// Header blocks and declared faults: see [`OperationBinding`].
    pub binding: OperationBinding,
}

/// One direction of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The body child element: the part's element (document) or the
    /// operation wrapper (rpc). `None` for a message without parts, whose
    /// body is empty.
    pub body: Option<BodyElement>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodyElement {
    pub name: QName,
    /// The struct type of the element (for rpc, a synthesized wrapper struct
    /// whose fields are the parts).
    pub ty: TypeId,
    /// How the generated method exposes this body. Lowering decides:
    /// document input/output with exactly one field -> `SingleField`, none ->
    /// `Fields`, more -> `Whole`; rpc input -> `Fields` (positional parts) up to
    /// `lower::MAX_POSITIONAL_PARTS` parts, `Whole` beyond;
    /// rpc output with one part -> `SingleField`, none -> `Fields`, more ->
    /// `Whole` (an output struct).
    pub unwrap: Unwrap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unwrap {
    /// The method takes/returns the wrapper struct.
    Whole,
    /// The method takes/returns the wrapper's only field (index 0).
    SingleField,
    /// The method takes the wrapper's fields as positional arguments (rpc
    /// parts) / returns `()` for a wrapper without fields.
    Fields,
}

// ---- The binding side: SOAP version, header blocks, faults ----------------
// Kept apart from the type definitions above.

/// SOAP version of a binding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SoapVersion {
    #[default]
    Soap11,
    Soap12,
}

/// What a client knows of its binding beyond its operations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientBinding {
    /// The `wsdl:binding` (local name) the client was made from.
    pub name: String,
    pub version: SoapVersion,
    /// A SOAP 1.2 binding of the same port type next to this SOAP 1.1 one
    /// (its local name): the runtime switches with one setting.
    pub soap12_sibling: Option<String>,
    /// Header blocks carried by most of the client's operations (a session,
    /// version or credentials header): client-level settings.
    pub headers: Vec<HeaderBlock>,
    /// Rust name of the struct holding the client-level headers; empty
    /// when there are none.
    pub headers_rust: String,
    /// Every fault detail the operations declare (`wsdl:fault`), once per
    /// element.
    pub faults: Vec<FaultDetail>,
    /// Rust name of the enum of those details; empty when there are none.
    pub faults_rust: String,
}

/// A header block: one element sent in or read from the SOAP `Header`.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderBlock {
    /// The element name on the wire.
    pub name: QName,
    pub ty: TypeRef,
    /// The message part it is bound from (`message/part`), for docs.
    pub part: String,
    /// Field identifier; empty until the naming pass.
    pub rust: String,
    pub doc: Option<String>,
}

/// A fault detail an operation declares: the element inside `detail`.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultDetail {
    pub name: QName,
    pub ty: TypeRef,
    /// Variant identifier; empty until the naming pass.
    pub rust: String,
}

/// Header blocks and faults of one operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationBinding {
    /// Indexes into the client's `headers` that this operation sends.
    pub client_headers: Vec<usize>,
    /// Input header blocks set per call.
    pub input_headers: Vec<HeaderBlock>,
    /// Header blocks of the response.
    pub output_headers: Vec<HeaderBlock>,
    /// `soap:headerfault` blocks: sent with a fault about a header.
    pub header_faults: Vec<HeaderBlock>,
    /// The input header blocks written by the runtime's WS-Security
    /// setting (`wsse:Security`).
    pub ws_security: bool,
    /// Indexes into the client's `faults` this operation declares.
    pub faults: Vec<usize>,
    /// Rust names of the per-call input and the output header structs;
    /// empty when the operation has none.
    pub input_headers_rust: String,
    pub output_headers_rust: String,
    /// Rust name of the method that takes the per-call headers and returns
    /// the output headers; empty when the operation has neither.
    pub with_headers_rust: String,
}

impl OperationBinding {
    /// Whether the operation gets a `<op>_with_headers` method.
    pub fn has_headers_method(&self) -> bool {
        !self.input_headers.is_empty() || !self.output_headers.is_empty()
    }
}
