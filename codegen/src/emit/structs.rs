//! Structs with their `ToXml`/`FromXml` impls (or, for a nested sequence,
//! their `Group` impl): attributes, then text, mixed content or child
//! elements. Children decode by name (any order, one `match` arm per name)
//! or in document order through the runtime's cursor, as `ir::Decode`
//! says.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::codec::{self, declared_names, first_names, is_list_ref, read_any, read_element, read_group};
use super::types::{field_doc, field_type, type_doc, xsi_type};
use super::{Ctx, derives, ident};
use crate::Error;
use crate::ir::{Decode, Field, FieldKind, Occurs, Struct, TypeDef, TypeId, TypeRef};

pub(crate) fn emit_struct(
    ctx: &Ctx<'_>,
    id: TypeId,
    def: &TypeDef,
    s: &Struct,
) -> Result<TokenStream, Error> {
    let lazy = super::lazy_codegen();
    let rt = &ctx.rt;
    let name = ident(&def.rust)?;
    let doc = type_doc(ctx, def);
    let default = ctx.defaultable.contains(&id).then(|| quote!(Default,));
    let mut fields = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.rust)?;
        let ty = field_type(ctx, f)?;
        let fdoc = field_doc(ctx, f);
        let attrs = derives::field_attrs(ctx, f);
        fields.push(quote! { #(#[doc = #fdoc])* #attrs pub #fname: #ty, });
    }
    let derives = derives::derives(ctx);
    let debug = derives::debug_derive(ctx, &s.fields);
    let debug_impl = derives::debug_impl(ctx, &name, &s.fields)?;
    let redact_impl = derives::redact_impl(ctx, id, &name, s)?;
    let declaration = quote! {
        #(#[doc = #doc])*
        #[derive(#debug Clone, PartialEq, #default)]
        #derives
        pub struct #name { #(#fields)* }

        #debug_impl
        #redact_impl
    };
    let content = s.fields.iter().map(|f| write_content(ctx, f)).collect::<Result<Vec<_>, _>>()?;
    if s.inline {
        let read = read_group_body(ctx, s)?;
        let (first, _) = first_names(ctx.ir, &s.fields);
        let expected = first.into_iter().collect::<Vec<_>>().join("|");
        return Ok(quote! {
            #declaration

            impl #rt::Group for #name {
                #lazy
                fn write_group(&self, w: &mut #rt::XmlWriter) {
                    #(#content)*
                }
            }

            impl #rt::ReadGroup for #name {
                const EXPECTED: &'static str = #expected;
                #lazy
                fn read_group<'a>(r: &mut #rt::XmlReader<'a>, __c: &mut #rt::Children<'a>) -> ::std::result::Result<::std::option::Option<Self>, #rt::DecodeError> {
                    #read
                }
            }
        });
    }
    let xsi_type = xsi_type(ctx, def, None);
    let attributes = s.fields.iter().map(|f| write_attribute(ctx, f)).collect::<Result<Vec<_>, _>>()?;
    let fixed = s.fixed.iter().map(|a| {
        let ns = attr_ns(&a.wire);
        let (local, value) = (&a.wire.local, &a.value);
        quote! { w.attr(#ns, #local, #value); }
    });
    let start = if ctx.defaultable.contains(&id) { Start::Default } else { Start::Placeholder };
    let table = match ctx.placeholders.finite.contains(&id) && in_place(s) {
        true => Some(Table { start, fields: entries(ctx, s)? }),
        false => None,
    };
    let read = read_struct(ctx, s, def.wire.ns.as_deref(), table.as_ref())?;
    let fields_impl = table.as_ref().map(|t| read_field(ctx, &name, &t.fields)).unwrap_or_default();
    Ok(quote! {
        #declaration

        impl #rt::ToXml for #name {
            const XSI_TYPE: ::std::option::Option<#rt::Name> = #xsi_type;
            #lazy
            fn to_xml(&self, w: &mut #rt::XmlWriter, name: #rt::Name) {
                w.start_typed(name, Self::XSI_TYPE);
                #(#fixed)*
                #(#attributes)*
                #(#content)*
                w.end();
            }
        }

        impl #rt::FromXml for #name {
            #read
        }

        #fields_impl
    })
}

/// `Some("uri")` or `None` for an attribute's namespace.
fn attr_ns(wire: &crate::ir::QName) -> TokenStream {
    match &wire.ns {
        Some(ns) => quote!(::std::option::Option::Some(#ns)),
        None => quote!(::std::option::Option::None),
    }
}

fn write_attribute(ctx: &Ctx<'_>, f: &Field) -> Result<TokenStream, Error> {
    let fname = ident(&f.rust)?;
    Ok(match f.kind {
        FieldKind::Attribute { .. } => {
            let ns = attr_ns(&f.wire);
            let local = &f.wire.local;
            match (f.occurs, is_list_ref(ctx.ir, &f.ty)) {
                (Occurs::Required, false) => quote! { w.attr_value(#ns, #local, &self.#fname); },
                (Occurs::Required, true) => quote! { w.attr_list(#ns, #local, &self.#fname); },
                (_, false) => quote! { w.opt_attr(#ns, #local, &self.#fname); },
                (_, true) => {
                    quote! { if let ::std::option::Option::Some(__v) = &self.#fname { w.attr_list(#ns, #local, __v); } }
                }
            }
        }
        FieldKind::AnyAttributes => quote! { w.any_attributes(&self.#fname); },
        _ => quote!(),
    })
}

/// The statement writing field `f`'s share of the element's content.
fn write_content(ctx: &Ctx<'_>, f: &Field) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let fname = ident(&f.rust)?;
    Ok(match f.kind {
        FieldKind::Attribute { .. } | FieldKind::AnyAttributes => quote!(),
        FieldKind::Text if is_list_ref(ctx.ir, &f.ty) => quote! { w.text_list(&self.#fname); },
        FieldKind::Text => quote! { w.text_value(&self.#fname); },
        FieldKind::Mixed => quote! { #rt::write_nodes(w, &self.#fname); },
        FieldKind::Element => codec::write_element(ctx, f, quote!(&self.#fname), quote!(self.#fname))?,
        FieldKind::Group | FieldKind::Any => codec::write_inline(ctx, f, quote!(&self.#fname)),
    })
}

/// What a struct read through the runtime's loop starts from.
#[derive(Clone, Copy)]
enum Start {
    Default,
    /// `__placeholder()`, see `emit::placeholder`.
    Placeholder,
}

/// A struct read through the runtime's loop (see [`in_place`]): what it
/// starts from, and its entries.
struct Table {
    start: Start,
    fields: Entries,
}

/// `fn from_xml`: attributes, then the content; through the runtime's
/// loop with `table`.
fn read_struct(
    ctx: &Ctx<'_>,
    s: &Struct,
    type_ns: Option<&str>,
    table: Option<&Table>,
) -> Result<TokenStream, Error> {
    let lazy = super::lazy_codegen();
    let rt = &ctx.rt;
    let declared = declared_names(ctx.ir, &s.fields);
    // A child's namespace must be none, the type's own or one its elements
    // are declared in (servers disagree on qualifying local elements); in
    // any other it is an element the WSDL does not declare.
    let namespaces: BTreeSet<&str> =
        type_ns.into_iter().chain(declared.namespaces.iter().map(String::as_str)).collect();
    let namespaces = namespaces.into_iter();
    let (attr_slots, attr_loop, mut finals) = read_attributes(ctx, s)?;
    let has_children =
        s.fields.iter().any(|f| matches!(f.kind, FieldKind::Element | FieldKind::Group | FieldKind::Any));
    let body = if has_children && s.decode == Decode::Ordered {
        let names = declared.names.iter();
        let wildcard = declared.wildcard;
        let mut inits = finals;
        for f in &s.fields {
            let fname = ident(&f.rust)?;
            let read = match f.kind {
                FieldKind::Element => read_element(ctx, f),
                FieldKind::Group => read_group(f),
                FieldKind::Any => read_any(f),
                _ => continue,
            };
            inits.push(Init::read(fname, read));
        }
        let (lets, value) = construct(rt, inits);
        quote! {
            let mut __c = r.children(el, &[#(#names),*], &[#(#namespaces),*], #wildcard)?;
            #(#lets)*
            let __value = #value;
            __c.end()?;
            ::std::result::Result::Ok(__value)
        }
    } else if let Some(table) = table {
        let (lets, start, assigned) = start_and_assign(rt, finals, table.start);
        let Entries { entries, required, bits, counts } = &table.fields;
        let names = entries.iter().map(|e| &e.wire);
        let words = Literal::u32_unsuffixed(bits.div_ceil(64));
        // No `?` on the loop (nor on the attribute lookups): in a debug
        // build each `?` calls `branch` and `from_residual` of the struct's
        // own `Result` type, instantiated per struct.
        quote! {
            #(#lets)*
            let mut __s: Self = #start;
            #(#assigned)*
            let mut __seen = [0u64; #words];
            if let ::std::result::Result::Err(__e) = r.read_fields(
                el,
                &#rt::FieldTable {
                    names: &[#(#names),*],
                    namespaces: &[#(#namespaces),*],
                    required: &[#(#required),*],
                },
                &mut __s,
                &mut __seen,
            ) {
                return ::std::result::Result::Err(__e);
            }
            #(#counts)*
            ::std::result::Result::Ok(__s)
        }
    } else {
        let (slots, child_loop) = read_by_name(ctx, s, namespaces, &mut finals)?;
        for f in &s.fields {
            let fname = ident(&f.rust)?;
            match f.kind {
                FieldKind::Text if is_list_ref(ctx.ir, &f.ty) => {
                    finals.push(Init::read(fname, quote!(#rt::read_xs_list(r, el)?)))
                }
                FieldKind::Text => finals.push(Init::read(fname, quote!(#rt::read_simple(r, el)?))),
                FieldKind::Mixed => finals.push(Init::read(fname, quote!(#rt::read_mixed(r, el)?))),
                _ => {}
            }
        }
        let has_content = s.fields.iter().any(|f| matches!(f.kind, FieldKind::Text | FieldKind::Mixed));
        let child_loop = if has_content { quote!() } else { child_loop };
        let (lets, value) = construct(rt, finals);
        quote! {
            #(#slots)*
            #child_loop
            #(#lets)*
            ::std::result::Result::Ok(#value)
        }
    };
    // The attribute lookups return their errors with a `match` rather than
    // `?`, for build time: with the loop's `if let`, 4.6% of a large
    // module's debug build (cisco-axl), half of it the lookups'. Clippy's
    // `question_mark` would flag them in the user's crate.
    let lookups = !attr_slots.is_empty() && attr_loop.is_empty();
    let allow = lookups.then(|| quote!(#[allow(clippy::question_mark)]));
    Ok(quote! {
        #allow
        #lazy
        fn from_xml<'a>(r: &mut #rt::XmlReader<'a>, el: &#rt::StartTag<'a>) -> ::std::result::Result<Self, #rt::DecodeError> {
            #(#attr_slots)*
            #attr_loop
            #body
        }
    })
}

/// Most attributes a type may have to be read by one lookup each instead
/// of one pass over all of them (lookups take a line each, the pass some).
const LOOKUPS: usize = 3;

/// Slots and the loop reading the attributes, and the field initialisers
/// they give.
fn read_attributes(ctx: &Ctx<'_>, s: &Struct) -> Result<(Vec<TokenStream>, TokenStream, Vec<Init>), Error> {
    let rt = &ctx.rt;
    let attrs: Vec<&Field> =
        s.fields.iter().filter(|f| matches!(f.kind, FieldKind::Attribute { .. })).collect();
    let open = s.fields.iter().any(|f| f.kind == FieldKind::AnyAttributes);
    if !open && s.fixed.is_empty() && attrs.len() <= LOOKUPS {
        return read_attributes_by_lookup(ctx, &attrs);
    }
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut finals = Vec::new();
    let mut other = None;
    for (i, f) in s.fields.iter().enumerate() {
        let slot = format_ident!("__a{}", i);
        let fname = ident(&f.rust)?;
        match &f.kind {
            FieldKind::Attribute { default } => {
                let ns = attr_ns(&f.wire);
                let local = &f.wire.local;
                let list = is_list_ref(ctx.ir, &f.ty);
                let set = if list { quote!(set_list) } else { quote!(set) };
                slots.push(quote! { let mut #slot = ::std::option::Option::None; });
                arms.push((quote!((#ns, #local)), quote!(__at.#set(&mut #slot)?)));
                finals.push(match (f.occurs, default) {
                    (Occurs::Required, _) => Init::read(fname, quote!(#rt::required_attr(#slot, #local)?)),
                    (_, Some(d)) if list => {
                        Init::read(fname, quote!(#rt::list_or_default(#slot, #d, #local)?))
                    }
                    (_, Some(d)) => Init::read(fname, quote!(#rt::or_default(#slot, #d, #local)?)),
                    (_, None) => Init::moved(fname, quote!(#slot)),
                });
            }
            FieldKind::AnyAttributes => {
                slots.push(quote! { let mut #slot = ::std::vec::Vec::new(); });
                other = Some(slot.clone());
                finals.push(Init::moved(fname, quote!(#slot)));
            }
            _ => {}
        }
    }
    for a in &s.fixed {
        let ns = attr_ns(&a.wire);
        let (local, value) = (&a.wire.local, &a.value);
        arms.push((quote!((#ns, #local)), quote!(__at.check_fixed(#value)?)));
    }
    // The shapes clippy accepts: a `match` needs two arms or more.
    let body = match (arms.as_slice(), other) {
        ([], None) => return Ok((slots, quote!(), finals)),
        ([], Some(slot)) => quote! { #rt::push_other(&mut #slot, &__at); },
        ([(pattern, action)], None) => quote! {
            if let #pattern = (__at.ns(), __at.local()) {
                #action;
            }
        },
        (arms, other) => {
            let arms = arms.iter().map(|(pattern, action)| quote! { #pattern => #action, });
            let fallback = match other {
                Some(slot) => quote! { _ => #rt::push_other(&mut #slot, &__at), },
                None => quote! { _ => {} },
            };
            quote! {
                match (__at.ns(), __at.local()) {
                    #(#arms)*
                    #fallback
                }
            }
        }
    };
    let attr_loop = quote! {
        for __at in r.attributes(el) {
            let __at = __at?;
            #body
        }
    };
    Ok((slots, attr_loop, finals))
}

/// One lookup per attribute (see [`LOOKUPS`]).
fn read_attributes_by_lookup(
    ctx: &Ctx<'_>,
    attrs: &[&Field],
) -> Result<(Vec<TokenStream>, TokenStream, Vec<Init>), Error> {
    let rt = &ctx.rt;
    let mut slots = Vec::new();
    let mut finals = Vec::new();
    for (i, f) in attrs.iter().enumerate() {
        let slot = format_ident!("__a{}", i);
        let fname = ident(&f.rust)?;
        let ns = attr_ns(&f.wire);
        let local = &f.wire.local;
        let list = is_list_ref(ctx.ir, &f.ty);
        let lookup = if list { quote!(attribute_list) } else { quote!(attribute) };
        // A `match`, not `?` (see `read_struct`).
        slots.push(quote! {
            let #slot = match r.#lookup(el, #ns, #local) {
                ::std::result::Result::Ok(__v) => __v,
                ::std::result::Result::Err(__e) => return ::std::result::Result::Err(__e),
            };
        });
        let default = match &f.kind {
            FieldKind::Attribute { default } => default.as_ref(),
            _ => None,
        };
        finals.push(match (f.occurs, default) {
            (Occurs::Required, _) => Init::read(fname, quote!(#rt::required_attr(#slot, #local)?)),
            (_, Some(d)) if list => Init::read(fname, quote!(#rt::list_or_default(#slot, #d, #local)?)),
            (_, Some(d)) => Init::read(fname, quote!(#rt::or_default(#slot, #d, #local)?)),
            (_, None) => Init::moved(fname, quote!(#slot)),
        });
    }
    Ok((slots, quote!(), finals))
}

/// Slots and the loop matching children by local name (in any order;
/// a child in a namespace other than `namespaces` is unknown); pushes the
/// field initialisers.
fn read_by_name<'n>(
    ctx: &Ctx<'_>,
    s: &Struct,
    namespaces: impl Iterator<Item = &'n str>,
    finals: &mut Vec<Init>,
) -> Result<(Vec<TokenStream>, TokenStream), Error> {
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    for (i, f) in s.fields.iter().enumerate() {
        let slot = format_ident!("__f{}", i);
        let fname = ident(&f.rust)?;
        match f.kind {
            FieldKind::Element => {
                let wire = &f.wire.local;
                let required = Init::required(fname.clone(), slot.clone(), wire, false);
                let (init, helper, fin) = match (&f.ty, f.occurs) {
                    (TypeRef::List { .. }, Occurs::Required) => (quote!(None), quote!(set_list), required),
                    (TypeRef::List { .. }, _) => (
                        quote!(None),
                        quote!(set_list),
                        Init::moved(fname, quote!(#slot.unwrap_or_default())),
                    ),
                    (_, Occurs::Required) => (quote!(None), quote!(slot), required),
                    (_, Occurs::Optional) => {
                        (quote!(None), quote!(slot_nillable), Init::moved(fname, quote!(#slot.flatten())))
                    }
                    (_, Occurs::Nillable) => (quote!(None), quote!(slot_nillable), required),
                    (_, Occurs::Repeated { min: 0 }) => {
                        (quote!(::std::vec::Vec::new()), quote!(push), Init::moved(fname, quote!(#slot)))
                    }
                    (_, Occurs::Repeated { min }) => (
                        quote!(::std::vec::Vec::new()),
                        quote!(push),
                        Init::read(fname, quote!(r.at_least(#slot, #min, #wire)?)),
                    ),
                };
                slots.push(quote! { let mut #slot = #init; });
                arms.push(quote! { #wire => r.#helper(&mut #slot, &child), });
                finals.push(fin);
            }
            FieldKind::Group => {
                let Some((choice_name, variants)) = super::choice::element_alternatives(ctx, &f.ty)? else {
                    return Err(Error::Emit {
                        message: format!("field {} decodes by name but is no choice", f.rust),
                    });
                };
                let expected = variants.iter().map(|(w, _, _)| w.as_str()).collect::<Vec<_>>().join("|");
                for (wire, variant, nillable) in &variants {
                    let helper = slot_variant_helper(f.occurs, *nillable);
                    arms.push(quote! { #wire => r.#helper(&mut #slot, &child, #choice_name::#variant), });
                }
                // A choice that closes a cycle is boxed.
                let boxed = matches!(f.ty, TypeRef::Boxed(_));
                let (init, fin) = match f.occurs {
                    Occurs::Required | Occurs::Nillable => {
                        (quote!(None), Init::required(fname, slot.clone(), &expected, boxed))
                    }
                    Occurs::Optional if boxed => {
                        (quote!(None), Init::moved(fname, quote!(#slot.map(::std::boxed::Box::new))))
                    }
                    Occurs::Optional => (quote!(None), Init::moved(fname, quote!(#slot))),
                    Occurs::Repeated { min: 0 } => {
                        (quote!(::std::vec::Vec::new()), Init::moved(fname, quote!(#slot)))
                    }
                    Occurs::Repeated { min } => (
                        quote!(::std::vec::Vec::new()),
                        Init::read(fname, quote!(r.at_least(#slot, #min, #expected)?)),
                    ),
                };
                slots.push(quote! { let mut #slot = #init; });
                finals.push(fin);
            }
            _ => {}
        }
    }
    let child_loop = if arms.is_empty() {
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
                // One `?` for all arms: each `?` costs its own error path.
                let __read = match child.local_name() {
                    #(#arms)*
                    _ => r.unknown(&child),
                };
                __read?;
            }
        }
    };
    Ok((slots, child_loop))
}

/// The `rt::slots` helper reading one alternative of a choice held in an
/// `Option` (a required or optional one) or a `Vec` (a repeated one).
fn slot_variant_helper(occurs: Occurs, nillable: bool) -> TokenStream {
    match (occurs, nillable) {
        (Occurs::Repeated { .. }, _) => quote!(slot_item_variant),
        (_, true) => quote!(slot_variant_nillable),
        (_, false) => quote!(slot_variant),
    }
}

/// Whether a struct can be read through the runtime's loop
/// (`rt::fields`) once it has a starting value (`emit::placeholder`): it
/// decodes by name, element children only, no text, mixed content,
/// wildcard or boxed choice.
fn in_place(s: &Struct) -> bool {
    if s.decode == Decode::Ordered {
        return false;
    }
    let mut children = false;
    for f in &s.fields {
        match f.kind {
            FieldKind::Element => children = true,
            FieldKind::Group => {
                if matches!(f.ty, TypeRef::Boxed(_)) {
                    return false;
                }
                children = true;
            }
            FieldKind::Text | FieldKind::Mixed | FieldKind::Any => return false,
            FieldKind::Attribute { .. } | FieldKind::AnyAttributes => {}
        }
    }
    children
}

/// One entry of a struct's name table: the child's wire name and the
/// statement reading it into `self`.
struct Entry {
    wire: String,
    read: TokenStream,
}

/// What the runtime's loop and `read_field` need of a struct.
struct Entries {
    /// One per child name, in field order.
    entries: Vec<Entry>,
    /// The wire names of the required single-occurrence fields (bit `i`
    /// is `required[i]`'s).
    required: Vec<String>,
    /// The number of bits in `seen`.
    bits: u32,
    /// The checks of repeated fields' counts (`__s` in scope).
    counts: Vec<TokenStream>,
}

/// Whether field `f` has a bit in `seen`, and if so whether it is required:
/// every single-occurrence element and list, and a choice that must be
/// there (an optional one is an `Option` that tells by itself).
fn has_bit(f: &Field) -> Option<bool> {
    match (&f.kind, &f.ty, f.occurs) {
        (FieldKind::Element, TypeRef::List { .. }, occurs) => Some(occurs == Occurs::Required),
        (FieldKind::Element, _, Occurs::Repeated { .. }) => None,
        (FieldKind::Element, _, occurs) => Some(occurs != Occurs::Optional),
        (FieldKind::Group, _, Occurs::Required | Occurs::Nillable) => Some(true),
        _ => None,
    }
}

/// See [`Entries`]. The required fields get the first bits, in field
/// order, so the runtime checks them by whole words; the other
/// single-occurrence fields the bits after them.
fn entries(ctx: &Ctx<'_>, s: &Struct) -> Result<Entries, Error> {
    let mut entries = Vec::new();
    let mut required = Vec::new();
    let mut counts = Vec::new();
    let mut next_required = 0u32;
    let mut next_other = s.fields.iter().filter(|f| has_bit(f) == Some(true)).count() as u32;
    for f in &s.fields {
        let fname = ident(&f.rust)?;
        let bit = match has_bit(f) {
            Some(true) => {
                next_required += 1;
                next_required - 1
            }
            Some(false) => {
                next_other += 1;
                next_other - 1
            }
            None => u32::MAX,
        };
        let bit = Literal::u32_unsuffixed(bit);
        match f.kind {
            FieldKind::Element => {
                let wire = f.wire.local.clone();
                let read = match (&f.ty, f.occurs) {
                    (TypeRef::List { .. }, _) => quote!(r.field_list(&mut self.#fname, seen, #bit, el)),
                    (_, Occurs::Required) => quote!(r.field(&mut self.#fname, seen, #bit, el)),
                    (_, Occurs::Optional | Occurs::Nillable) => {
                        quote!(r.field_nillable(&mut self.#fname, seen, #bit, el))
                    }
                    (_, Occurs::Repeated { min }) => {
                        if min > 0 {
                            counts.push(quote! { r.check_at_least(&__s.#fname, #min, #wire)?; });
                        }
                        quote!(r.push(&mut self.#fname, el))
                    }
                };
                if has_bit(f) == Some(true) {
                    required.push(wire.clone());
                }
                entries.push(Entry { wire, read });
            }
            FieldKind::Group => {
                let Some((choice_name, variants)) = super::choice::element_alternatives(ctx, &f.ty)? else {
                    return Err(Error::Emit {
                        message: format!("field {} decodes by name but is no choice", f.rust),
                    });
                };
                let expected = variants.iter().map(|(w, _, _)| w.as_str()).collect::<Vec<_>>().join("|");
                let must = has_bit(f) == Some(true);
                for (wire, variant, nillable) in &variants {
                    // A choice that must be there has a bit; an optional or
                    // repeated one fills its `Option` or `Vec` as the slot
                    // path does.
                    let read = if must {
                        let helper =
                            if *nillable { quote!(field_variant_nillable) } else { quote!(field_variant) };
                        quote!(r.#helper(&mut self.#fname, seen, #bit, el, #choice_name::#variant))
                    } else {
                        let helper = slot_variant_helper(f.occurs, *nillable);
                        quote!(r.#helper(&mut self.#fname, el, #choice_name::#variant))
                    };
                    entries.push(Entry { wire: wire.clone(), read });
                }
                if must {
                    required.push(expected.clone());
                }
                if let Occurs::Repeated { min } = f.occurs
                    && min > 0
                {
                    counts.push(quote! { r.check_at_least(&__s.#fname, #min, #expected)?; });
                }
            }
            _ => {}
        }
    }
    Ok(Entries { entries, required, bits: next_other, counts })
}

/// `impl rt::Fields`: one arm per entry of the name table, reading the
/// child into its field.
fn read_field(ctx: &Ctx<'_>, name: &Ident, fields: &Entries) -> TokenStream {
    let lazy = super::lazy_codegen();
    let rt = &ctx.rt;
    // Named `_seen` when no field has a bit, so it is no unused variable.
    let seen = if fields.bits == 0 { format_ident!("_seen") } else { format_ident!("seen") };
    let arms = fields.entries.iter().enumerate().map(|(i, e)| {
        let read = &e.read;
        let i = Literal::usize_unsuffixed(i);
        quote! { #i => #read, }
    });
    quote! {
        impl #rt::Fields for #name {
            #lazy
            fn read_field<'a>(
                &mut self,
                r: &mut #rt::XmlReader<'a>,
                index: usize,
                el: &#rt::StartTag<'a>,
                #seen: &mut [u64],
            ) -> ::std::result::Result<(), #rt::DecodeError> {
                match index {
                    #(#arms)*
                    _ => r.unknown(el),
                }
            }
        }
    }
}

/// `read_group` of an inline struct: `None` unless the current child can
/// start it, then every field in order.
fn read_group_body(ctx: &Ctx<'_>, s: &Struct) -> Result<TokenStream, Error> {
    let (first, other) = first_names(ctx.ir, &s.fields);
    let first = first.iter();
    let at =
        if other { quote!(__c.at(&[#(#first),*]) || __c.at_other()) } else { quote!(__c.at(&[#(#first),*])) };
    let mut inits = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.rust)?;
        let read = match f.kind {
            FieldKind::Element => read_element(ctx, f),
            FieldKind::Group => read_group(f),
            FieldKind::Any => read_any(f),
            _ => {
                return Err(Error::Emit {
                    message: format!("inline struct field {} is not content", f.rust),
                });
            }
        };
        inits.push(Init::read(fname, read));
    }
    let (lets, value) = construct(&ctx.rt, inits);
    Ok(quote! {
        if !(#at) {
            return ::std::result::Result::Ok(::std::option::Option::None);
        }
        #(#lets)*
        ::std::result::Result::Ok(::std::option::Option::Some(#value))
    })
}

/// A field's initialiser in the decoded struct.
pub(crate) struct Init {
    field: Ident,
    how: How,
}

enum How {
    /// A value read or checked, which may fail (holds a `?`).
    Read(TokenStream),
    /// A value moved out of its slot as it is.
    Moved(TokenStream),
    /// The value in slot `slot` (an `Option`), which must be there:
    /// `wire` names it in the error; `boxed` for a field that closes a
    /// cycle.
    Required { slot: Ident, wire: String, boxed: bool },
}

impl Init {
    /// A value read or checked, which may fail.
    pub(crate) fn read(field: Ident, value: TokenStream) -> Self {
        Init { field, how: How::Read(value) }
    }

    /// A value moved out of its slot as it is.
    pub(crate) fn moved(field: Ident, value: TokenStream) -> Self {
        Init { field, how: How::Moved(value) }
    }

    /// The value of a required element's slot, missing if the slot is empty.
    pub(crate) fn required(field: Ident, slot: Ident, wire: &str, boxed: bool) -> Self {
        Init { field, how: How::Required { slot, wire: wire.to_owned(), boxed } }
    }
}

/// The struct value from its field initialisers: every fallible one is
/// bound first, in field order, then `Self { .. }` takes the bindings. In a
/// struct literal, each `?` gets its own clean-up path dropping the fields
/// read before it, which makes the debug code of a big type quadratic in its
/// field count (a 75-field type took 20,000 LLVM IR lines, most of
/// them drops); consecutive `let`s share one.
///
/// A required slot is checked with `let .. else`, not a `?` on a helper's
/// `Result`: no call on the way through, no `Try` conversion, and fewer
/// clean-up paths in a debug build (measured: 4% of a large module's build
/// time).
pub(crate) fn construct(rt: &TokenStream, inits: Vec<Init>) -> (Vec<TokenStream>, TokenStream) {
    let (lets, fields) = bind(rt, inits);
    let fields = fields.iter().map(|(field, value)| quote!(#field: #value,));
    (lets, quote!(Self { #(#fields)* }))
}

/// For a struct read through the runtime's loop, whose attributes come
/// first: the `let`s binding them, its starting value, and the
/// assignments of the attributes to it. A placeholder is assigned to
/// rather than spread (`Self { a, ..Self::__placeholder() }`), which in a
/// debug build moves every other field out of it one by one (1.5% of a
/// large module's IR); a `Default` value keeps the spread, as clippy asks
/// of code assigning to one.
fn start_and_assign(
    rt: &TokenStream,
    inits: Vec<Init>,
    start: Start,
) -> (Vec<TokenStream>, TokenStream, Vec<TokenStream>) {
    let (lets, fields) = bind(rt, inits);
    match start {
        Start::Default if fields.is_empty() => {
            (lets, quote!(<Self as ::core::default::Default>::default()), Vec::new())
        }
        Start::Default => {
            let fields = fields.iter().map(|(field, value)| quote!(#field: #value,));
            (lets, quote!(Self { #(#fields)* ..<Self as ::core::default::Default>::default() }), Vec::new())
        }
        Start::Placeholder => {
            let assigned = fields.into_iter().map(|(field, value)| quote! { __s.#field = #value; }).collect();
            (lets, quote!(Self::__placeholder()), assigned)
        }
    }
}

/// The `let`s binding the fallible initialisers, and the struct literal's
/// fields.
fn bind(rt: &TokenStream, inits: Vec<Init>) -> (Vec<TokenStream>, Vec<(Ident, TokenStream)>) {
    let mut lets = Vec::new();
    let mut fields = Vec::new();
    for (i, Init { field, how }) in inits.into_iter().enumerate() {
        let binding = format_ident!("__v{}", i);
        match how {
            How::Read(value) => {
                lets.push(quote! { let #binding = #value; });
                fields.push((field, quote!(#binding)));
            }
            How::Moved(value) => fields.push((field, value)),
            How::Required { slot, wire, boxed } => {
                lets.push(quote! {
                    let ::std::option::Option::Some(#binding) = #slot else {
                        return ::std::result::Result::Err(#rt::missing(#wire));
                    };
                });
                if boxed {
                    fields.push((field, quote!(::std::boxed::Box::new(#binding))));
                } else {
                    fields.push((field, quote!(#binding)));
                }
            }
        }
    }
    (lets, fields)
}
