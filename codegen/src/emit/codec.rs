//! How one element value is written and read: the calls a struct field or
//! a choice alternative makes. Most values go through their type's
//! `ToXml`/`FromXml`; an `xsd:list` (a `Vec` of simple values) and an array
//! of arrays get a writer and reader of their own.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, name_tokens};
use crate::Error;
use crate::ir::{Field, FieldKind, Ir, Occurs, TypeId, TypeKind, TypeRef};

/// How a value of some type is encoded as an element.
enum Codec<'a> {
    /// `ToXml`/`FromXml` of its Rust type.
    Plain,
    /// Whitespace-separated text (`xsd:list`).
    XsList,
    /// A list wrapper (`ArrayOfX`, SOAP-ENC array) of items of `item`.
    List { item: &'a TypeRef, item_name: &'a crate::ir::QName, array_type: Option<&'a crate::ir::QName> },
}

fn codec<'a>(ir: &Ir, ty: &'a TypeRef) -> Codec<'a> {
    match ty {
        TypeRef::List { item, item_name, array_type, .. } => {
            Codec::List { item, item_name, array_type: array_type.as_ref() }
        }
        TypeRef::Boxed(inner) => codec(ir, inner),
        TypeRef::Named(id) if is_xs_list(ir, *id) => Codec::XsList,
        _ => Codec::Plain,
    }
}

/// Whether type `id` is an `xsd:list` (directly or through aliases).
pub(crate) fn is_xs_list(ir: &Ir, id: TypeId) -> bool {
    let mut id = id;
    for _ in 0..64 {
        match ir.types.get(&id).map(|d| &d.kind) {
            Some(TypeKind::List(_)) => return true,
            Some(TypeKind::Alias(TypeRef::Named(next))) => id = *next,
            _ => return false,
        }
    }
    false
}

/// Whether `ty` is a simple value written through `SimpleValue`'s list
/// helpers (for attributes and text).
pub(crate) fn is_list_ref(ir: &Ir, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => is_xs_list(ir, *id),
        _ => false,
    }
}

/// A closure writing one value of `ty` as element `n`: for the writer's
/// `*_with` helpers.
fn writer(ctx: &Ctx<'_>, ty: &TypeRef) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    Ok(match codec(ctx.ir, ty) {
        Codec::Plain => quote!(|__w: &mut #rt::XmlWriter, __n, __v| #rt::ToXml::to_xml(__v, __w, __n)),
        Codec::XsList => quote!(#rt::write_xs_list),
        Codec::List { item, item_name, array_type } => {
            let write = list_write(ctx, item, item_name, array_type, quote!(__n), quote!(__v))?;
            quote!(|__w: &mut #rt::XmlWriter, __n, __v| { let w = __w; #write })
        }
    })
}

/// The statement writing list `value` as element `name` (`w` in scope).
fn list_write(
    ctx: &Ctx<'_>,
    item: &TypeRef,
    item_name: &crate::ir::QName,
    array_type: Option<&crate::ir::QName>,
    name: TokenStream,
    value: TokenStream,
) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let item_n = name_tokens(rt, item_name);
    Ok(match (codec(ctx.ir, item), array_type) {
        (Codec::Plain, Some(ty)) => {
            let ty = name_tokens(rt, ty);
            quote! { w.typed_list(#name, #item_n, #ty, #value); }
        }
        (Codec::Plain, None) => quote! { w.list(#name, #item_n, #value); },
        (_, array_type) => {
            // An array of arrays: `soapenc:arrayType` names the item's own
            // array type if it has a name, else the innermost item type with
            // one `[]` per inner level.
            let item_type = match item {
                TypeRef::List { array_type: Some(named), .. } => {
                    let named = name_tokens(rt, named);
                    quote!(::std::option::Option::Some((#named, "")))
                }
                _ => {
                    let (inner, dims) = innermost(item);
                    let inner_ty = super::types::value_type(ctx, inner)?;
                    quote!(<#inner_ty as #rt::ToXml>::XSI_TYPE.map(|__t| (__t, #dims)))
                }
            };
            let array_type = match array_type {
                Some(ty) => {
                    let ty = name_tokens(rt, ty);
                    quote!(::std::option::Option::Some(#ty))
                }
                None => quote!(::std::option::Option::None),
            };
            let write = writer(ctx, item)?;
            quote! { w.list_with(#name, #item_n, #array_type, #item_type, #value, #write); }
        }
    })
}

/// The innermost item type of nested lists and `[]` per level below the
/// outer one.
fn innermost(item: &TypeRef) -> (&TypeRef, String) {
    let mut t = item;
    let mut dims = String::new();
    while let TypeRef::List { item, .. } = t {
        dims.push_str("[]");
        t = item;
    }
    (t, dims)
}

/// A reader of one value of `ty` from its element: for the cursor and
/// list items.
pub(crate) fn reader(ctx: &Ctx<'_>, ty: &TypeRef) -> TokenStream {
    let rt = &ctx.rt;
    match codec(ctx.ir, ty) {
        Codec::Plain => quote!(#rt::xml),
        Codec::XsList => quote!(#rt::read_xs_list),
        Codec::List { item, .. } => {
            let item = reader(ctx, item);
            quote!(|__r: &mut #rt::XmlReader<'a>, __e: &#rt::StartTag<'a>| __r.list_items(__e, #item))
        }
    }
}

/// The statement writing element field (or alternative) `f`: `value` is a
/// reference to it (`&self.field`, or a binding), `place` the same without
/// the borrow (`self.field`, or the binding).
pub(crate) fn write_element(
    ctx: &Ctx<'_>,
    f: &Field,
    value: TokenStream,
    place: TokenStream,
) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let wire = name_tokens(rt, &f.wire);
    Ok(match codec(ctx.ir, &f.ty) {
        Codec::List { item, item_name, array_type } => {
            let write = list_write(ctx, item, item_name, array_type, wire, value)?;
            match f.occurs {
                Occurs::Optional => quote! { if !#place.is_empty() { #write } },
                _ => write,
            }
        }
        Codec::Plain => match f.occurs {
            Occurs::Required => quote! { w.required(#wire, #value); },
            Occurs::Optional => quote! { w.optional(#wire, #value); },
            Occurs::Nillable => quote! { w.nillable(#wire, #value); },
            Occurs::Repeated { .. } => quote! { w.repeated(#wire, #value); },
        },
        Codec::XsList => {
            let write = writer(ctx, &f.ty)?;
            match f.occurs {
                Occurs::Required => quote! { w.required_with(#wire, #value, #write); },
                Occurs::Optional => quote! { w.optional_with(#wire, #value, #write); },
                Occurs::Nillable => quote! { w.nillable_with(#wire, #value, #write); },
                Occurs::Repeated { .. } => quote! { w.repeated_with(#wire, #value, #write); },
            }
        }
    })
}

/// The expression reading element field (or alternative) `f` from the
/// cursor `__c` (positional decoding).
pub(crate) fn read_element(ctx: &Ctx<'_>, f: &Field) -> TokenStream {
    let wire = &f.wire.local;
    if let TypeRef::List { item, .. } = strip_box(&f.ty) {
        let item = reader(ctx, item);
        let required = f.occurs != Occurs::Optional;
        return quote!(__c.list(r, #wire, #required, #item)?);
    }
    let read = reader(ctx, &f.ty);
    match f.occurs {
        Occurs::Required => quote!(__c.one(r, #wire, #read)?),
        Occurs::Optional => quote!(__c.opt(r, #wire, #read)?),
        Occurs::Nillable => quote!(__c.nillable(r, #wire, #read)?),
        Occurs::Repeated { min } => quote!(__c.many(r, #wire, #min, #read)?),
    }
}

/// The expression reading a model group field (or alternative) from the
/// cursor.
pub(crate) fn read_group(f: &Field) -> TokenStream {
    match f.occurs {
        Occurs::Optional => quote!(__c.opt_group(r)?),
        Occurs::Repeated { min } => quote!(__c.groups(r, #min)?),
        Occurs::Required | Occurs::Nillable => quote!(__c.group(r)?),
    }
}

/// The expression reading a wildcard field (or alternative).
pub(crate) fn read_any(f: &Field) -> TokenStream {
    match f.occurs {
        Occurs::Optional => quote!(__c.any_opt(r)?),
        Occurs::Repeated { min } => quote!(__c.any_many(r, #min)?),
        Occurs::Required | Occurs::Nillable => quote!(__c.any_one(r)?),
    }
}

/// The statement writing a model group or wildcard field (or alternative);
/// `value` is a reference to it.
pub(crate) fn write_inline(ctx: &Ctx<'_>, f: &Field, value: TokenStream) -> TokenStream {
    let rt = &ctx.rt;
    match (&f.kind, f.occurs) {
        (FieldKind::Any, Occurs::Repeated { .. }) => quote! { w.any_elements(#value); },
        (FieldKind::Any, Occurs::Optional) => {
            quote! { if let ::std::option::Option::Some(__v) = #value { __v.write(w); } }
        }
        (FieldKind::Any, _) => quote! { #rt::AnyElement::write(#value, w); },
        (_, Occurs::Repeated { .. }) => quote! { w.groups(#value); },
        (_, Occurs::Optional) => quote! { w.opt_group(#value); },
        (_, _) => quote! { w.group(#value); },
    }
}

fn strip_box(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Boxed(inner) => strip_box(inner),
        other => other,
    }
}

/// The element names a sequence of fields can start with, and whether it
/// can start with an element a wildcard takes.
pub(crate) fn first_names(ir: &Ir, fields: &[Field]) -> (BTreeSet<String>, bool) {
    let mut names = BTreeSet::new();
    let mut other = false;
    for f in fields {
        let (n, o) = field_first(ir, f);
        names.extend(n);
        other |= o;
        if !emptiable(ir, f) {
            break;
        }
    }
    (names, other)
}

/// The names field (or alternative) `f` can start with.
pub(crate) fn field_first(ir: &Ir, f: &Field) -> (BTreeSet<String>, bool) {
    match f.kind {
        FieldKind::Element => (BTreeSet::from([f.wire.local.clone()]), false),
        FieldKind::Any => (BTreeSet::new(), true),
        FieldKind::Group => match group_kind(ir, &f.ty) {
            Some(TypeKind::Struct(s)) => first_names(ir, &s.fields),
            Some(TypeKind::Choice(c)) => {
                let mut names = BTreeSet::new();
                let mut other = false;
                for v in &c.variants {
                    let (n, o) = field_first(ir, v);
                    names.extend(n);
                    other |= o;
                }
                (names, other)
            }
            _ => (BTreeSet::new(), false),
        },
        _ => (BTreeSet::new(), false),
    }
}

/// Whether field `f` may hold nothing on the wire.
pub(crate) fn emptiable(ir: &Ir, f: &Field) -> bool {
    match f.kind {
        FieldKind::Attribute { .. } | FieldKind::Text | FieldKind::AnyAttributes | FieldKind::Mixed => true,
        _ if matches!(f.occurs, Occurs::Optional | Occurs::Repeated { min: 0 }) => true,
        FieldKind::Group if f.occurs == Occurs::Required => match group_kind(ir, &f.ty) {
            Some(TypeKind::Struct(s)) => s.fields.iter().all(|g| emptiable(ir, g)),
            _ => false,
        },
        _ => false,
    }
}

fn group_kind<'a>(ir: &'a Ir, ty: &TypeRef) -> Option<&'a TypeKind> {
    match strip_box(ty) {
        TypeRef::Named(id) => ir.types.get(id).map(|d| &d.kind),
        _ => None,
    }
}

/// What a struct's content model declares, nested groups included: what
/// its cursor (or its by-name loop) needs.
pub(crate) struct Declared {
    /// Every element name.
    pub names: BTreeSet<String>,
    /// Every namespace an element is declared in.
    pub namespaces: BTreeSet<String>,
    /// Whether it has a wildcard.
    pub wildcard: bool,
}

/// See [`Declared`].
pub(crate) fn declared_names(ir: &Ir, fields: &[Field]) -> Declared {
    let mut out = Declared { names: BTreeSet::new(), namespaces: BTreeSet::new(), wildcard: false };
    let mut seen = BTreeSet::new();
    collect_names(ir, fields, &mut out, &mut seen);
    out
}

fn collect_names(ir: &Ir, fields: &[Field], out: &mut Declared, seen: &mut BTreeSet<TypeId>) {
    for f in fields {
        match f.kind {
            FieldKind::Element => {
                out.names.insert(f.wire.local.clone());
                out.namespaces.extend(f.wire.ns.clone());
            }
            FieldKind::Any => out.wildcard = true,
            FieldKind::Group => {
                let TypeRef::Named(id) = strip_box(&f.ty) else { continue };
                if !seen.insert(*id) {
                    continue;
                }
                match ir.types.get(id).map(|d| &d.kind) {
                    Some(TypeKind::Struct(s)) => collect_names(ir, &s.fields, out, seen),
                    Some(TypeKind::Choice(c)) => collect_names(ir, &c.variants, out, seen),
                    _ => {}
                }
            }
            _ => {}
        }
    }
}
