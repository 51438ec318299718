//! Choices: an enum with one variant per alternative. Alternatives told
//! apart by element name (`xsd:choice`, substitution groups) are written
//! inline in the enclosing element and read from its cursor (`Group`);
//! alternatives told apart by `xsi:type` (a type and the types derived
//! from it) are one element's value (`ToXml`/`FromXml`).

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::codec::{self, field_first, read_any, read_element, read_group};
use super::types::{type_doc, value_type};
use super::{Ctx, docs, ident, name_tokens};
use crate::Error;
use crate::ir::{Choice, Dispatch, Field, FieldKind, Occurs, TypeDef, TypeId, TypeKind, TypeRef};

pub(crate) fn emit_choice(
    ctx: &Ctx<'_>,
    id: TypeId,
    def: &TypeDef,
    c: &Choice,
) -> Result<TokenStream, Error> {
    let name = ident(&def.rust)?;
    let mut doc = type_doc(ctx, def);
    doc.push(String::new());
    let alternatives: Vec<String> = c.variants.iter().map(|v| docs::code(&v.wire.local)).collect();
    doc.push(format!(" One of {}.", alternatives.join(", ")));
    let mut variants = Vec::new();
    for v in &c.variants {
        let vname = ident(&v.rust)?;
        let ty = variant_type(ctx, v)?;
        let vdoc = format!(" {}", docs::code(&v.wire.local));
        let attrs = super::derives::variant_attrs(ctx, v);
        variants.push(quote! { #[doc = #vdoc] #attrs #vname(#ty), });
    }
    let impls = match &c.dispatch {
        Dispatch::Element => by_element(ctx, id, def, c)?,
        Dispatch::XsiType { base } => by_xsi_type(ctx, def, c, *base)?,
    };
    let derives = super::derives::derives(ctx);
    let debug = super::derives::debug_derive(ctx, &c.variants);
    let debug_impl = super::derives::choice_debug_impl(ctx, &name, &c.variants)?;
    Ok(quote! {
        #(#[doc = #doc])*
        #[derive(#debug Clone, PartialEq)]
        #derives
        pub enum #name { #(#variants)* }

        #debug_impl

        #impls
    })
}

/// The Rust type an alternative holds.
fn variant_type(ctx: &Ctx<'_>, v: &Field) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let value = match v.kind {
        FieldKind::Any => quote!(#rt::AnyElement),
        _ => value_type(ctx, &v.ty)?,
    };
    Ok(match v.occurs {
        _ if matches!(v.ty, TypeRef::List { .. }) => value,
        Occurs::Nillable => quote!(::std::option::Option<#value>),
        Occurs::Repeated { .. } => quote!(::std::vec::Vec<#value>),
        Occurs::Required | Occurs::Optional => value,
    })
}

fn by_element(ctx: &Ctx<'_>, id: TypeId, def: &TypeDef, c: &Choice) -> Result<TokenStream, Error> {
    let lazy = super::lazy_codegen();
    let rt = &ctx.rt;
    let name = ident(&def.rust)?;
    let mut claimed = BTreeSet::new();
    let mut arms = Vec::new();
    let mut other_arm = None;
    let mut writes = Vec::new();
    let mut expected = Vec::new();
    for v in &c.variants {
        let vname = ident(&v.rust)?;
        let (first, other) = field_first(ctx.ir, v);
        // A name an earlier alternative takes cannot select this one (the
        // schema would be ambiguous); the arm would be unreachable.
        let names: Vec<String> = first.into_iter().filter(|n| claimed.insert(n.clone())).collect();
        expected.extend(names.iter().cloned());
        let read = match v.kind {
            FieldKind::Group => read_group(v),
            FieldKind::Any => read_any(v),
            _ => read_element(ctx, v),
        };
        if !names.is_empty() {
            arms.push(quote! { ::std::option::Option::Some(#(#names)|*) => Self::#vname(#read), });
        }
        if other && other_arm.is_none() {
            other_arm = Some(quote! { _ if __c.at_other() => Self::#vname(#read), });
        }
        let write = match v.kind {
            FieldKind::Group | FieldKind::Any => codec::write_inline(ctx, v, quote!(__v)),
            _ => codec::write_element(ctx, v, quote!(__v), quote!(__v))?,
        };
        let write = without_semicolon(write);
        writes.push(quote! { Self::#vname(__v) => #write, });
    }
    let expected = expected.join("|");
    let read = ctx.readers.contains(&id).then(|| {
        quote! {
            impl #rt::ReadGroup for #name {
                const EXPECTED: &'static str = #expected;
                #lazy
                fn read_group<'a>(r: &mut #rt::XmlReader<'a>, __c: &mut #rt::Children<'a>) -> ::std::result::Result<::std::option::Option<Self>, #rt::DecodeError> {
                    ::std::result::Result::Ok(::std::option::Option::Some(match __c.peek() {
                        #(#arms)*
                        #other_arm
                        _ => return ::std::result::Result::Ok(::std::option::Option::None),
                    }))
                }
            }
        }
    });
    Ok(quote! {
        impl #rt::Group for #name {
            #lazy
            fn write_group(&self, w: &mut #rt::XmlWriter) {
                match self {
                    #(#writes)*
                }
            }
        }

        #read
    })
}

fn by_xsi_type(ctx: &Ctx<'_>, def: &TypeDef, c: &Choice, base: Option<usize>) -> Result<TokenStream, Error> {
    let lazy = super::lazy_codegen();
    let rt = &ctx.rt;
    let name = ident(&def.rust)?;
    let declared = declared_type(def);
    let mut writes = Vec::new();
    let mut arms = Vec::new();
    let mut claimed = BTreeSet::new();
    for (i, v) in c.variants.iter().enumerate() {
        let vname = ident(&v.rust)?;
        let local = &v.wire.local;
        if Some(i) == base {
            writes.push(quote! { Self::#vname(__v) => #rt::ToXml::to_xml(__v, w, name), });
        } else {
            writes.push(quote! { Self::#vname(__v) => w.derived(name, __v), });
        }
        let pattern = match (Some(i) == base, claimed.insert(local.clone())) {
            (true, true) => quote!(::std::option::Option::None | ::std::option::Option::Some(#local)),
            (true, false) => quote!(::std::option::Option::None),
            (false, true) => quote!(::std::option::Option::Some(#local)),
            (false, false) => continue,
        };
        arms.push(quote! { #pattern => Self::#vname(#rt::xml(r, el)?), });
    }
    if base.is_none() {
        arms.push(quote! {
            ::std::option::Option::None => {
                return ::std::result::Result::Err(#rt::DecodeError::new(#rt::DecodeErrorKind::AbstractType(#declared)));
            }
        });
    }
    let base_xsi = match c.variants.first() {
        Some(v) => {
            let n = name_tokens(rt, &v.wire);
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    };
    Ok(quote! {
        impl #rt::ToXml for #name {
            const XSI_TYPE: ::std::option::Option<#rt::Name> = #base_xsi;
            #lazy
            fn to_xml(&self, w: &mut #rt::XmlWriter, name: #rt::Name) {
                match self {
                    #(#writes)*
                }
            }
        }

        impl #rt::FromXml for #name {
            #lazy
            fn from_xml<'a>(r: &mut #rt::XmlReader<'a>, el: &#rt::StartTag<'a>) -> ::std::result::Result<Self, #rt::DecodeError> {
                ::std::result::Result::Ok(match r.xsi_type(el)?.as_deref() {
                    #(#arms)*
                    ::std::option::Option::Some(__other) => {
                        let __kind = #rt::DecodeErrorKind::UnknownType { expected: #declared, found: __other.to_owned() };
                        return ::std::result::Result::Err(#rt::DecodeError::new(__kind));
                    }
                })
            }
        }
    })
}

/// A statement as the expression it ends with (for a match arm).
fn without_semicolon(stmt: TokenStream) -> TokenStream {
    let mut tokens: Vec<proc_macro2::TokenTree> = stmt.into_iter().collect();
    if matches!(tokens.last(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ';') {
        tokens.pop();
    }
    tokens.into_iter().collect()
}

/// The declared type's local name (the enum is `Any<name>`).
fn declared_type(def: &TypeDef) -> String {
    def.wire.local.strip_prefix("Any_").unwrap_or(&def.wire.local).to_owned()
}

/// For a by-name decoded field: the choice's type name and, per
/// alternative, its element name and variant; `None` if `ty` is not a
/// choice.
#[allow(clippy::type_complexity)]
pub(crate) fn element_alternatives(
    ctx: &Ctx<'_>,
    ty: &TypeRef,
) -> Result<Option<(Ident, Vec<(String, Ident, bool)>)>, Error> {
    let Some(id) = named(ty) else { return Ok(None) };
    let Some(def) = ctx.ir.types.get(&id) else { return Ok(None) };
    let TypeKind::Choice(c) = &def.kind else { return Ok(None) };
    let mut out = Vec::new();
    for v in &c.variants {
        out.push((v.wire.local.clone(), ident(&v.rust)?, v.occurs == Occurs::Nillable));
    }
    Ok(Some((ident(&def.rust)?, out)))
}

/// The model groups some type reads from a cursor (a `ReadGroup` impl is
/// emitted for those only): group fields of structs decoded in order and
/// of inline structs, and group alternatives of such groups.
pub(crate) fn read_by_cursor(ir: &crate::ir::Ir) -> BTreeSet<TypeId> {
    use crate::ir::Decode;
    let mut stack: Vec<TypeId> = Vec::new();
    for def in ir.types.values() {
        if let TypeKind::Struct(s) = &def.kind {
            if s.inline || s.decode == Decode::Ordered {
                stack.extend(
                    s.fields.iter().filter(|f| f.kind == FieldKind::Group).filter_map(|f| named(&f.ty)),
                );
            }
        }
    }
    let mut out = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !out.insert(id) {
            continue;
        }
        let members = match ir.types.get(&id).map(|d| &d.kind) {
            Some(TypeKind::Choice(c)) => &c.variants,
            Some(TypeKind::Struct(s)) => &s.fields,
            _ => continue,
        };
        stack.extend(members.iter().filter(|f| f.kind == FieldKind::Group).filter_map(|f| named(&f.ty)));
    }
    out
}

fn named(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Boxed(inner) => named(inner),
        _ => None,
    }
}
