//! Every type: dispatch by kind (structs in `structs`, choices in
//! `choice`), enums, aliases and lists, and what they share: the Rust type
//! of a value or field, docs, `Default`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, docs, ident, name_tokens};
use crate::ir::{Builtin, DefOrigin, Enum, Field, FieldKind, Ir, Occurs, TypeDef, TypeId, TypeKind, TypeRef};
use crate::{Dates, Error, Settings, Strings};

pub(crate) fn emit_type(ctx: &Ctx<'_>, id: TypeId, def: &TypeDef) -> Result<TokenStream, Error> {
    let item = emit_kind(ctx, id, def)?;
    if !ctx.placeholders.emitted.contains(&id) {
        return Ok(item);
    }
    let placeholder = super::placeholder::emit(ctx, id, def)?;
    Ok(quote! { #item #placeholder })
}

fn emit_kind(ctx: &Ctx<'_>, id: TypeId, def: &TypeDef) -> Result<TokenStream, Error> {
    match &def.kind {
        TypeKind::Struct(s) => super::structs::emit_struct(ctx, id, def, s),
        TypeKind::Enum(e) => emit_enum(ctx, def, e),
        TypeKind::Choice(c) => super::choice::emit_choice(ctx, id, def, c),
        TypeKind::Alias(r) => {
            let name = ident(&def.rust)?;
            let doc = type_doc(ctx, def);
            let ty = value_type(ctx, r)?;
            Ok(quote! { #(#[doc = #doc])* pub type #name = #ty; })
        }
        TypeKind::List(item) => {
            let name = ident(&def.rust)?;
            let mut doc = type_doc(ctx, def);
            doc.push(String::new());
            doc.push(" An `xsd:list`: sent as the items' text separated by spaces.".to_owned());
            let item = value_type(ctx, item)?;
            Ok(quote! { #(#[doc = #doc])* pub type #name = ::std::vec::Vec<#item>; })
        }
    }
}

/// The Rust type a builtin maps to (see the runtime's `builtin` module;
/// typed dates and times are the runtime's `xsd` module, compact strings
/// its `compact` module).
pub(crate) fn builtin_type(rt: &TokenStream, settings: &Settings, b: Builtin) -> TokenStream {
    match (b, settings.dates) {
        (Builtin::DateTime, Dates::Jiff) => return quote!(#rt::xsd::DateTime),
        (Builtin::Date, Dates::Jiff) => return quote!(#rt::xsd::Date),
        (Builtin::Time, Dates::Jiff) => return quote!(#rt::xsd::Time),
        (Builtin::Duration, Dates::Jiff) => return quote!(#rt::xsd::Duration),
        _ => {}
    }
    match b {
        Builtin::Boolean => quote!(bool),
        Builtin::Byte => quote!(i8),
        Builtin::Short => quote!(i16),
        Builtin::Int => quote!(i32),
        Builtin::Long => quote!(i64),
        Builtin::Integer => quote!(#rt::Integer),
        Builtin::UnsignedByte => quote!(u8),
        Builtin::UnsignedShort => quote!(u16),
        Builtin::UnsignedInt => quote!(u32),
        Builtin::UnsignedLong => quote!(u64),
        Builtin::Float => quote!(f32),
        Builtin::Double => quote!(f64),
        Builtin::Base64Binary => quote!(::std::vec::Vec<u8>),
        Builtin::HexBinary => quote!(#rt::HexBinary),
        Builtin::AnyType => quote!(#rt::AnyType),
        Builtin::String
        | Builtin::Decimal
        | Builtin::DateTime
        | Builtin::Date
        | Builtin::Time
        | Builtin::Duration
        | Builtin::GYearMonth
        | Builtin::GYear
        | Builtin::GMonthDay
        | Builtin::GDay
        | Builtin::GMonth
        | Builtin::AnyUri
        | Builtin::QName
        | Builtin::AnySimpleType => match settings.strings {
            Strings::Std => quote!(::std::string::String),
            Strings::Compact => quote!(#rt::CompactString),
        },
    }
}

/// The Rust type of a value (without the `Option`/`Vec` of its occurrence).
pub(crate) fn value_type(ctx: &Ctx<'_>, ty: &TypeRef) -> Result<TokenStream, Error> {
    Ok(match ty {
        TypeRef::Builtin(b) => builtin_type(&ctx.rt, ctx.settings, *b),
        TypeRef::Named(id) => {
            let def = ctx
                .ir
                .types
                .get(id)
                .ok_or_else(|| Error::Emit { message: format!("dangling type id {id:?}") })?;
            let name = ident(&def.rust)?;
            quote!(#name)
        }
        TypeRef::List { item, .. } => {
            let item = value_type(ctx, item)?;
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Boxed(inner) => {
            let inner = value_type(ctx, inner)?;
            quote!(::std::boxed::Box<#inner>)
        }
    })
}

fn is_list(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::List { .. })
}

/// The field's declared type. Lists are `Vec<T>` whatever their occurrence:
/// an absent or nil list reads as empty.
pub(crate) fn field_type(ctx: &Ctx<'_>, f: &Field) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let v = match f.kind {
        FieldKind::Any => quote!(#rt::AnyElement),
        FieldKind::AnyAttributes => return Ok(quote!(::std::vec::Vec<#rt::AnyAttribute>)),
        FieldKind::Mixed => return Ok(quote!(::std::vec::Vec<#rt::AnyNode>)),
        _ => value_type(ctx, &f.ty)?,
    };
    Ok(match f.occurs {
        _ if is_list(&f.ty) => v,
        Occurs::Required => v,
        Occurs::Optional | Occurs::Nillable => quote!(::std::option::Option<#v>),
        Occurs::Repeated { .. } => quote!(::std::vec::Vec<#v>),
    })
}

/// The `XSI_TYPE` const's value: the schema type name of a named type; for
/// an anonymous enumeration its builtin base; nothing for anonymous structs
/// and rpc wrappers, which have no type name to send.
pub(crate) fn xsi_type(ctx: &Ctx<'_>, def: &TypeDef, simple_base: Option<Builtin>) -> TokenStream {
    let rt = &ctx.rt;
    if def.origin.has_xsi_type() {
        let name = name_tokens(rt, &def.wire);
        return quote!(::std::option::Option::Some(#name));
    }
    match simple_base {
        Some(base) if def.origin == DefOrigin::Anonymous => {
            let local = base.xsd_name();
            quote!(::std::option::Option::Some(#rt::Name::qualified(#rt::ns::XSD, #local)))
        }
        _ => quote!(::std::option::Option::None),
    }
}

pub(crate) fn type_doc(ctx: &Ctx<'_>, def: &TypeDef) -> Vec<String> {
    let mut lines = vec![format!(" {}", docs::code(&def.wire.to_string()))];
    if ctx.settings.docs {
        if let Some(doc) = &def.doc {
            lines.push(String::new());
            lines.extend(docs::lines(doc));
        }
    }
    lines
}

pub(crate) fn field_doc(ctx: &Ctx<'_>, f: &Field) -> Vec<String> {
    let local = docs::code(&f.wire.local);
    let first = match (&f.kind, f.occurs, is_list(&f.ty)) {
        (FieldKind::Attribute { default: Some(d) }, _, _) => {
            let d = docs::code(d);
            format!(" Attribute {local}: optional; absent reads as the default {d}, `None` is not sent.")
        }
        (FieldKind::Attribute { .. }, Occurs::Required, _) => format!(" Attribute {local}: required."),
        (FieldKind::Attribute { .. }, _, _) => format!(" Attribute {local}: optional; `None` is not sent."),
        (FieldKind::Text, _, _) => " The element's text.".to_owned(),
        (FieldKind::AnyAttributes, _, _) => {
            " Attributes the schema does not declare (`anyAttribute`), as sent.".to_owned()
        }
        (FieldKind::Mixed, _, _) => " Mixed content: text and elements in order, as sent.".to_owned(),
        (FieldKind::Any, o, _) => {
            format!(" Elements the schema leaves open (`xsd:any`): {}.", occurs_text(o))
        }
        (FieldKind::Group, o, _) => format!(" A model group written inline: {}.", occurs_text(o)),
        (FieldKind::Element, Occurs::Required, true) => format!(" {local}: required list."),
        (FieldKind::Element, _, true) => {
            format!(" {local}: optional list; absent or nil reads as empty, empty is not sent.")
        }
        (FieldKind::Element, Occurs::Required, false) => format!(" {local}: required."),
        (FieldKind::Element, Occurs::Optional, false) => format!(" {local}: optional; `None` is not sent."),
        (FieldKind::Element, Occurs::Nillable, false) => {
            format!(" {local}: nillable; `None` is sent as `xsi:nil`.")
        }
        (FieldKind::Element, Occurs::Repeated { .. }, false) => format!(" {local}: repeated."),
    };
    let mut lines = vec![first];
    if ctx.settings.docs {
        if let Some(doc) = &f.doc {
            lines.push(String::new());
            lines.extend(docs::lines(doc));
        }
    }
    lines
}

fn occurs_text(o: Occurs) -> &'static str {
    match o {
        Occurs::Required | Occurs::Nillable => "required",
        Occurs::Optional => "optional; `None` is not sent",
        Occurs::Repeated { .. } => "repeated, in order",
    }
}

fn emit_enum(ctx: &Ctx<'_>, def: &TypeDef, e: &Enum) -> Result<TokenStream, Error> {
    let lazy = super::lazy_codegen();
    let rt = &ctx.rt;
    let name = ident(&def.rust)?;
    let doc = type_doc(ctx, def);
    let mut variants = Vec::new();
    let mut to_str = Vec::new();
    let mut from_str = Vec::new();
    for v in &e.variants {
        let vname = ident(&v.rust)?;
        let wire = &v.wire;
        let vdoc = format!(" {}", docs::code(wire));
        variants.push(quote! { #[doc = #vdoc] #vname, });
        to_str.push(quote! { Self::#vname => #wire, });
        from_str.push(quote! { #wire => Self::#vname, });
    }
    let xsi_type = xsi_type(ctx, def, Some(e.base));
    let serde = super::derives::lexical_impls(ctx, &name);
    Ok(quote! {
        #(#[doc = #doc])*
        ///
        /// Values this WSDL does not list are kept in `Other`, so a newer
        /// server cannot make a response undecodable.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value the WSDL does not list, as sent.
            Other(::std::string::String),
        }

        impl #name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Other(s) => s,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from_str)*
                    other => Self::Other(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #rt::SimpleValue for #name {
            const XSD_TYPE: ::std::option::Option<#rt::Name> = #xsi_type;
            #lazy
            fn from_text(text: &str) -> ::std::result::Result<Self, #rt::DecodeError> {
                ::std::result::Result::Ok(Self::from(text))
            }
            #lazy
            fn to_text(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl #rt::ToXml for #name {
            const XSI_TYPE: ::std::option::Option<#rt::Name> = <Self as #rt::SimpleValue>::XSD_TYPE;
            #lazy
            fn to_xml(&self, w: &mut #rt::XmlWriter, name: #rt::Name) {
                #rt::write_simple(w, name, self);
            }
        }

        impl #rt::FromXml for #name {
            #lazy
            fn from_xml<'a>(r: &mut #rt::XmlReader<'a>, el: &#rt::StartTag<'a>) -> ::std::result::Result<Self, #rt::DecodeError> {
                #rt::read_simple(r, el)
            }
        }

        #serde
    })
}

/// Types whose every field has a default, so they can derive `Default`
/// (enums and choices have no natural default; a required one blocks it).
pub(crate) fn defaultable(ir: &Ir) -> BTreeSet<TypeId> {
    // Least fixed point: a type enters once every required value it holds
    // has a default. A type whose required fields lead back to itself
    // never does: its derived `Default` would call itself until the stack
    // overflowed (such a schema has no finite instance anyway). Recursion
    // through an optional or repeated field is fine (`None`, empty).
    least_fixed_point(ir, |_, kind, set| match kind {
        TypeKind::Struct(s) => s.fields.iter().all(|f| field_has_default(f, set)),
        TypeKind::Alias(r) => ref_has_default(r, set),
        TypeKind::List(_) => true,
        TypeKind::Enum(_) | TypeKind::Choice(_) => false,
    })
}

/// The types `admits` lets in, given those let in before, passing over
/// the types until none more enters: a type enters only once what it
/// depends on has, so following what a type depends on never leads back
/// to it.
pub(crate) fn least_fixed_point(
    ir: &Ir,
    mut admits: impl FnMut(TypeId, &TypeKind, &BTreeSet<TypeId>) -> bool,
) -> BTreeSet<TypeId> {
    let mut set = BTreeSet::new();
    loop {
        let before = set.len();
        for (id, def) in &ir.types {
            if !set.contains(id) && admits(*id, &def.kind, &set) {
                set.insert(*id);
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// Whether field `f` has a default (or a finite starting value, given the
/// types in `set`): it starts empty, or it holds a value of a type in
/// `set` (a required wildcard has none: `AnyElement` has no `Default`).
pub(crate) fn field_has_default(f: &Field, set: &BTreeSet<TypeId>) -> bool {
    starts_empty(f) || (f.kind != FieldKind::Any && ref_has_default(&f.ty, set))
}

/// Whether field `f` starts empty whatever its type: an optional,
/// nillable or repeated value (`Option`, `Vec`), a list, open attributes
/// or mixed content. A required wildcard has no starting value
/// (`AnyElement` has no `Default`).
pub(crate) fn starts_empty(f: &Field) -> bool {
    match (&f.kind, f.occurs) {
        (FieldKind::AnyAttributes | FieldKind::Mixed, _) => true,
        (FieldKind::Any, Occurs::Required) => false,
        _ if matches!(f.ty, TypeRef::List { .. }) => true,
        (_, occurs) => occurs != Occurs::Required,
    }
}

pub(crate) fn ref_has_default(ty: &TypeRef, set: &BTreeSet<TypeId>) -> bool {
    match ty {
        TypeRef::Builtin(_) | TypeRef::List { .. } => true,
        TypeRef::Named(id) => set.contains(id),
        TypeRef::Boxed(inner) => ref_has_default(inner, set),
    }
}
