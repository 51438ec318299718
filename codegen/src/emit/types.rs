//! Structs, enums and aliases with their `ToXml`/`FromXml` impls.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, docs, ident, name_tokens};
use crate::Error;
use crate::ir::{Builtin, DefOrigin, Enum, Field, Ir, Occurs, Struct, TypeDef, TypeId, TypeKind, TypeRef};

pub(crate) fn emit_type(ctx: &Ctx<'_>, id: TypeId, def: &TypeDef) -> Result<TokenStream, Error> {
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(ctx, id, def, s),
        TypeKind::Enum(e) => emit_enum(ctx, def, e),
        TypeKind::Alias(b) => {
            let name = ident(&def.rust)?;
            let doc = type_doc(ctx, def);
            let ty = builtin_type(*b);
            Ok(quote! { #(#[doc = #doc])* pub type #name = #ty; })
        }
    }
}

/// The Rust type a builtin maps to (see the runtime's `builtin` module).
pub(crate) fn builtin_type(b: Builtin) -> TokenStream {
    match b {
        Builtin::Boolean => quote!(bool),
        Builtin::Byte => quote!(i8),
        Builtin::Short => quote!(i16),
        Builtin::Int => quote!(i32),
        Builtin::Long | Builtin::Integer => quote!(i64),
        Builtin::UnsignedByte => quote!(u8),
        Builtin::UnsignedShort => quote!(u16),
        Builtin::UnsignedInt => quote!(u32),
        Builtin::UnsignedLong => quote!(u64),
        Builtin::Float => quote!(f32),
        Builtin::Double => quote!(f64),
        Builtin::Base64Binary => quote!(::std::vec::Vec<u8>),
        Builtin::String
        | Builtin::Decimal
        | Builtin::DateTime
        | Builtin::Date
        | Builtin::Time
        | Builtin::AnyUri
        | Builtin::QName
        | Builtin::AnyType => quote!(::std::string::String),
    }
}

/// The Rust type of a value (without the `Option`/`Vec` of its occurrence).
pub(crate) fn value_type(ir: &Ir, ty: &TypeRef) -> Result<TokenStream, Error> {
    Ok(match ty {
        TypeRef::Builtin(b) => builtin_type(*b),
        TypeRef::Named(id) => {
            let def = ir
                .types
                .get(id)
                .ok_or_else(|| Error::Emit { message: format!("dangling type id {id:?}") })?;
            let name = ident(&def.rust)?;
            quote!(#name)
        }
        TypeRef::List { item, .. } => {
            let item = value_type(ir, item)?;
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Boxed(inner) => {
            let inner = value_type(ir, inner)?;
            quote!(::std::boxed::Box<#inner>)
        }
    })
}

fn is_list(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::List { .. })
}

/// The field's declared type. Lists are `Vec<T>` whatever their occurrence:
/// an absent or nil list reads as empty.
pub(crate) fn field_type(ir: &Ir, f: &Field) -> Result<TokenStream, Error> {
    let v = value_type(ir, &f.ty)?;
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
fn xsi_type(ctx: &Ctx<'_>, def: &TypeDef, simple_base: Option<Builtin>) -> TokenStream {
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

fn type_doc(ctx: &Ctx<'_>, def: &TypeDef) -> Vec<String> {
    let mut lines = vec![format!(" {}", docs::code(&def.wire.to_string()))];
    if ctx.settings.docs {
        if let Some(doc) = &def.doc {
            lines.push(String::new());
            lines.extend(docs::lines(doc));
        }
    }
    lines
}

fn field_doc(ctx: &Ctx<'_>, f: &Field) -> Vec<String> {
    let what = match (f.occurs, is_list(&f.ty)) {
        (Occurs::Required, true) => "required list",
        (_, true) => "optional list; absent or nil reads as empty, empty is not sent",
        (Occurs::Required, false) => "required",
        (Occurs::Optional, false) => "optional; `None` is not sent",
        (Occurs::Nillable, false) => "nillable; `None` is sent as `xsi:nil`",
        (Occurs::Repeated { .. }, false) => "repeated",
    };
    let mut lines = vec![format!(" {}: {what}.", docs::code(&f.wire.local))];
    if ctx.settings.docs {
        if let Some(doc) = &f.doc {
            lines.push(String::new());
            lines.extend(docs::lines(doc));
        }
    }
    lines
}

fn emit_struct(ctx: &Ctx<'_>, id: TypeId, def: &TypeDef, s: &Struct) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let name = ident(&def.rust)?;
    let doc = type_doc(ctx, def);
    let default = ctx.defaultable.contains(&id).then(|| quote!(Default,));
    let mut fields = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.rust)?;
        let ty = field_type(ctx.ir, f)?;
        let fdoc = field_doc(ctx, f);
        fields.push(quote! { #(#[doc = #fdoc])* pub #fname: #ty, });
    }
    let xsi_type = xsi_type(ctx, def, None);
    let writes = s.fields.iter().map(|f| write_field(ctx, f)).collect::<Result<Vec<_>, _>>()?;
    let read = read_struct(ctx, s, def.wire.ns.as_deref())?;
    Ok(quote! {
        #(#[doc = #doc])*
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name { #(#fields)* }

        impl #rt::ToXml for #name {
            const XSI_TYPE: ::std::option::Option<#rt::Name> = #xsi_type;
            fn to_xml(&self, w: &mut #rt::XmlWriter, name: #rt::Name) {
                w.start_typed(name, Self::XSI_TYPE);
                #(#writes)*
                w.end();
            }
        }

        impl #rt::FromXml for #name {
            #read
        }
    })
}

fn write_field(ctx: &Ctx<'_>, f: &Field) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let fname = ident(&f.rust)?;
    let wire = name_tokens(rt, &f.wire);
    Ok(match (&f.ty, f.occurs) {
        (TypeRef::List { item_name, array_type, .. }, occurs) => {
            let item = name_tokens(rt, item_name);
            let write = match array_type {
                Some(ty) => {
                    let ty = name_tokens(rt, ty);
                    quote! { w.typed_list(#wire, #item, #ty, &self.#fname); }
                }
                None => quote! { w.list(#wire, #item, &self.#fname); },
            };
            match occurs {
                Occurs::Optional => quote! { if !self.#fname.is_empty() { #write } },
                _ => write,
            }
        }
        (_, Occurs::Required) => quote! { w.required(#wire, &self.#fname); },
        (_, Occurs::Optional) => quote! { w.optional(#wire, &self.#fname); },
        (_, Occurs::Nillable) => quote! { w.nillable(#wire, &self.#fname); },
        (_, Occurs::Repeated { .. }) => quote! { w.repeated(#wire, &self.#fname); },
    })
}

/// `fn from_xml`: one slot per field, children matched by local name in
/// any order, then the occurrence checks. A child's namespace must be none,
/// the type's own or one its fields are declared in (servers disagree on
/// qualifying local elements); in any other it is an element the WSDL does
/// not declare.
fn read_struct(ctx: &Ctx<'_>, s: &Struct, type_ns: Option<&str>) -> Result<TokenStream, Error> {
    let namespaces: BTreeSet<&str> =
        type_ns.into_iter().chain(s.fields.iter().filter_map(|f| f.wire.ns.as_deref())).collect();
    let namespaces = namespaces.into_iter();
    let rt = &ctx.rt;
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut finals = Vec::new();
    for (i, f) in s.fields.iter().enumerate() {
        let slot = quote::format_ident!("__f{}", i);
        let fname = ident(&f.rust)?;
        let wire = &f.wire.local;
        let (init, helper, fin) = match (&f.ty, f.occurs) {
            (TypeRef::List { .. }, Occurs::Required) => {
                (quote!(None), quote!(set_list), quote!(#rt::required(#slot, #wire)?))
            }
            (TypeRef::List { .. }, _) => (quote!(None), quote!(set_list), quote!(#slot.unwrap_or_default())),
            (_, Occurs::Required) => (quote!(None), quote!(set), quote!(#rt::required(#slot, #wire)?)),
            (_, Occurs::Optional) => (quote!(None), quote!(set_opt), quote!(#slot.flatten())),
            (_, Occurs::Nillable) => (quote!(None), quote!(set_opt), quote!(#rt::required(#slot, #wire)?)),
            (_, Occurs::Repeated { min: 0 }) => (quote!(::std::vec::Vec::new()), quote!(push), quote!(#slot)),
            (_, Occurs::Repeated { min }) => {
                (quote!(::std::vec::Vec::new()), quote!(push), quote!(#rt::at_least(#slot, #min, #wire)?))
            }
        };
        slots.push(quote! { let mut #slot = #init; });
        arms.push(quote! { #wire => r.#helper(&mut #slot, &child)?, });
        finals.push(quote! { #fname: #fin, });
    }
    let child_loop = if s.fields.is_empty() {
        quote! {
            while let ::std::option::Option::Some(child) = r.next_child(el)? {
                r.unknown(&child)?;
            }
        }
    } else {
        quote! {
            while let ::std::option::Option::Some(child) = r.next_child(el)? {
                if !r.in_namespaces(&child, &[#(#namespaces),*]) {
                    r.unknown(&child)?;
                    continue;
                }
                match child.local_name() {
                    #(#arms)*
                    _ => r.unknown(&child)?,
                }
            }
        }
    };
    Ok(quote! {
        fn from_xml<'a>(r: &mut #rt::XmlReader<'a>, el: &#rt::StartTag<'a>) -> ::std::result::Result<Self, #rt::DecodeError> {
            #(#slots)*
            #child_loop
            ::std::result::Result::Ok(Self { #(#finals)* })
        }
    })
}

fn emit_enum(ctx: &Ctx<'_>, def: &TypeDef, e: &Enum) -> Result<TokenStream, Error> {
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

        impl #rt::ToXml for #name {
            const XSI_TYPE: ::std::option::Option<#rt::Name> = #xsi_type;
            fn to_xml(&self, w: &mut #rt::XmlWriter, name: #rt::Name) {
                w.start_typed(name, Self::XSI_TYPE);
                w.text(self.as_str());
                w.end();
            }
        }

        impl #rt::FromXml for #name {
            fn from_xml<'a>(r: &mut #rt::XmlReader<'a>, el: &#rt::StartTag<'a>) -> ::std::result::Result<Self, #rt::DecodeError> {
                let text = r.read_text(el)?;
                ::std::result::Result::Ok(Self::from(&*text))
            }
        }
    })
}

/// Types whose every field has a default, so they can derive `Default`
/// (enums have no natural default; a required enum field blocks it).
pub(crate) fn defaultable(ir: &Ir) -> BTreeSet<TypeId> {
    // Greatest fixed point: start from all structs, drop any that holds a
    // required value without a default, until nothing changes. Starting
    // from "all" makes recursive (boxed) types defaultable when the rest is.
    let mut set: BTreeSet<TypeId> = ir
        .types
        .iter()
        .filter(|(_, d)| matches!(d.kind, TypeKind::Struct(_) | TypeKind::Alias(_)))
        .map(|(id, _)| *id)
        .collect();
    loop {
        let before = set.len();
        let keep: BTreeSet<TypeId> = set
            .iter()
            .copied()
            .filter(|id| match ir.types.get(id).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => s.fields.iter().all(|f| field_has_default(f, &set)),
                Some(TypeKind::Alias(_)) => true,
                _ => false,
            })
            .collect();
        set = keep;
        if set.len() == before {
            return set;
        }
    }
}

fn field_has_default(f: &Field, set: &BTreeSet<TypeId>) -> bool {
    match f.occurs {
        Occurs::Optional | Occurs::Nillable | Occurs::Repeated { .. } => true,
        Occurs::Required => ref_has_default(&f.ty, set),
    }
}

fn ref_has_default(ty: &TypeRef, set: &BTreeSet<TypeId>) -> bool {
    match ty {
        TypeRef::Builtin(_) | TypeRef::List { .. } => true,
        TypeRef::Named(id) => set.contains(id),
        TypeRef::Boxed(inner) => ref_has_default(inner, set),
    }
}
