//! Property-test support (`Settings::samples`): an `rt::Sample` impl per
//! type, making only values the type's XML can give back, and
//! `visit_types`, which hands every type that is one element's value to an
//! `rt::TypeVisitor` so a test reaches them all without listing them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, ident, name_tokens};
use crate::ir::{Dispatch, Field, FieldKind, Occurs, TypeDef, TypeKind, TypeRef};
use crate::{Error, Gate};

/// `#[cfg(feature = "...")]` when the settings gate the samples.
fn gate(ctx: &Ctx<'_>) -> TokenStream {
    match &ctx.settings.samples {
        Gate::Feature(feature) => quote!(#[cfg(feature = #feature)]),
        Gate::Off | Gate::Always => quote!(),
    }
}

/// The `Sample` impl of one type (nothing for aliases and lists, which are
/// other types' names, or when samples are off).
pub(crate) fn emit_sample(ctx: &Ctx<'_>, def: &TypeDef) -> Result<TokenStream, Error> {
    if ctx.settings.samples == Gate::Off {
        return Ok(quote!());
    }
    let rt = &ctx.rt;
    let name = ident(&def.rust)?;
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let mut inits = Vec::new();
            for f in &s.fields {
                let fname = ident(&f.rust)?;
                let value = field_value(ctx, f);
                inits.push(quote!(#fname: #value,));
            }
            quote!(::std::option::Option::Some(Self { #(#inits)* }))
        }
        TypeKind::Enum(e) if e.variants.is_empty() => {
            quote!(::std::option::Option::Some(Self::from(__s.string().as_str())))
        }
        TypeKind::Enum(e) => {
            let mut arms = Vec::new();
            for (i, v) in e.variants.iter().enumerate() {
                let vname = ident(&v.rust)?;
                arms.push(quote!(#i => Self::#vname,));
            }
            let n = e.variants.len() + 1;
            // Through `From<&str>`: a listed value becomes its variant,
            // never `Other`, which would not read back as itself.
            quote! {
                ::std::option::Option::Some(match __s.below(#n) {
                    #(#arms)*
                    _ => Self::from(__s.string().as_str()),
                })
            }
        }
        TypeKind::Choice(c) if c.variants.is_empty() => quote!(::std::option::Option::None),
        TypeKind::Choice(c) => {
            let by_element = c.dispatch == Dispatch::Element;
            let mut arms = Vec::new();
            for (i, v) in c.variants.iter().enumerate() {
                let vname = ident(&v.rust)?;
                let value = alternative_value(ctx, v, by_element);
                arms.push(quote!(#i => Self::#vname(#value),));
            }
            let n = c.variants.len();
            quote! {
                ::std::option::Option::Some(match __s.below(#n) {
                    #(#arms)*
                    _ => return ::std::option::Option::None,
                })
            }
        }
        TypeKind::Alias(_) | TypeKind::List(_) => return Ok(quote!()),
    };
    let separable = match &def.kind {
        TypeKind::Choice(c) if c.dispatch == Dispatch::Element => separable(c)?,
        _ => quote!(),
    };
    let gate = gate(ctx);
    Ok(quote! {
        #gate
        impl #rt::Sample for #name {
            fn sample(__s: &mut #rt::Sampler) -> ::std::option::Option<Self> {
                #body
            }
            #separable
        }
    })
}

/// `Sample::separable` of a choice by element name: a repeated
/// alternative right after the same alternative reads back as one value
/// (its items run on).
fn separable(c: &crate::ir::Choice) -> Result<TokenStream, Error> {
    let mut pairs = Vec::new();
    for v in &c.variants {
        let list = matches!(strip_box(&v.ty), TypeRef::List { .. });
        if matches!(v.occurs, Occurs::Repeated { .. }) && !list {
            let vname = ident(&v.rust)?;
            pairs.push(quote!((Self::#vname(_), Self::#vname(_))));
        }
    }
    if pairs.is_empty() {
        return Ok(quote!());
    }
    Ok(quote! {
        fn separable(&self, __next: &Self) -> bool {
            !::std::matches!((self, __next), #(#pairs)|*)
        }
    })
}

/// A struct field's value.
fn field_value(ctx: &Ctx<'_>, f: &Field) -> TokenStream {
    let rt = &ctx.rt;
    let list = matches!(strip_box(&f.ty), TypeRef::List { .. });
    let xs_list = super::codec::is_list_ref(ctx.ir, &f.ty);
    match (&f.kind, f.occurs) {
        (FieldKind::Mixed, _) => quote!(__s.mixed()?),
        (FieldKind::AnyAttributes, _) => quote!(__s.any_attributes()?),
        // `xsd:list`s: mostly items that can be sent (see `Sampler::list`).
        (FieldKind::Attribute { default: Some(_) }, Occurs::Optional | Occurs::Nillable) if xs_list => {
            quote!(::std::option::Option::Some(__s.list()?))
        }
        (_, Occurs::Required) if xs_list => quote!(__s.list()?),
        (_, Occurs::Optional | Occurs::Nillable) if xs_list => quote!(__s.option_with(|__s| __s.list())?),
        (_, Occurs::Repeated { min }) if xs_list => quote!(__s.repeated_with(#min, |__s| __s.list())?),
        // Absent reads as the default: `None` does not come back.
        (FieldKind::Attribute { default: Some(_) }, Occurs::Optional | Occurs::Nillable) => {
            quote!(::std::option::Option::Some(#rt::Sample::sample(__s)?))
        }
        (_, Occurs::Repeated { min }) if !list => quote!(__s.repeated(#min)?),
        _ => quote!(#rt::Sample::sample(__s)?),
    }
}

/// A choice alternative's value. An alternative picked by element name
/// that writes no element cannot be told apart: a repeated one gets an
/// item at least.
fn alternative_value(ctx: &Ctx<'_>, v: &Field, by_element: bool) -> TokenStream {
    let rt = &ctx.rt;
    let list = matches!(strip_box(&v.ty), TypeRef::List { .. });
    match v.occurs {
        Occurs::Repeated { min } if !list => {
            let min = if by_element { min.max(1) } else { min };
            quote!(__s.repeated(#min)?)
        }
        _ => quote!(#rt::Sample::sample(__s)?),
    }
}

fn strip_box(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Boxed(inner) => strip_box(inner),
        other => other,
    }
}

/// `visit_types`: every struct, enum and `xsi:type` choice (the types with
/// `ToXml`/`FromXml`), each with its schema name as the element name.
pub(crate) fn visit_types(ctx: &Ctx<'_>) -> Result<TokenStream, Error> {
    if ctx.settings.samples == Gate::Off {
        return Ok(quote!());
    }
    let rt = &ctx.rt;
    let mut visits = Vec::new();
    for def in ctx.ir.types.values() {
        let element = match &def.kind {
            TypeKind::Struct(s) => !s.inline,
            TypeKind::Enum(_) => true,
            TypeKind::Choice(c) => matches!(c.dispatch, Dispatch::XsiType { .. }),
            TypeKind::Alias(_) | TypeKind::List(_) => false,
        };
        if element {
            let name = ident(&def.rust)?;
            let rust = &def.rust;
            let wire = name_tokens(rt, &def.wire);
            visits.push(quote!(__v.visit::<#name>(#rust, #wire);));
        }
    }
    let gate = gate(ctx);
    Ok(quote! {
        /// Hands every type of this module that is one element's value to
        /// `__v`, with its schema name as the element name (for property
        /// tests; model groups are reached through the types holding them).
        #gate
        pub fn visit_types(__v: &mut impl #rt::TypeVisitor) {
            #(#visits)*
        }
    })
}
