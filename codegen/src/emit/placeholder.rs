//! The value a struct read through the runtime's loop (`rt::fields`)
//! starts from: its `Default` where it has one, else a hidden
//! `__placeholder()` holding a stand-in for each required value that has
//! no default (an enum's `Other("")`, an alternative of a choice). A
//! stand-in never reaches the caller: a required field not read from the
//! wire fails the decode, and one read replaces it.
//!
//! Only types with a finite starting value qualify: a type whose required
//! fields lead back to itself has none (its `Default` would recurse until
//! the stack overflows), so it keeps the generated loop and slots.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{field_has_default, least_fixed_point, ref_has_default, starts_empty, value_type};
use super::{Ctx, ident};
use crate::Error;
use crate::ir::{Choice, Field, FieldKind, Ir, Occurs, TypeDef, TypeId, TypeKind, TypeRef};

/// Which types have a finite starting value, and which of them get a
/// `__placeholder()`.
pub(crate) struct Placeholders {
    /// Types with a finite starting value: their `Default`, or a
    /// placeholder.
    pub finite: BTreeSet<TypeId>,
    /// Structs, enums and choices with a finite starting value but no
    /// `Default`. Each gets one whether or not a struct in this module
    /// starts from it, so a type's items do not depend on what else the
    /// module holds (a module generated for some operations has the same
    /// items for the types it keeps).
    pub emitted: BTreeSet<TypeId>,
    /// The alternative each choice's placeholder holds (its index): the
    /// first one that had a finite value when the choice got one. Any
    /// later one might lead back to the choice itself (a type holding the
    /// choice that is one of its alternatives), and the placeholders would
    /// call each other without end.
    alternative: BTreeMap<TypeId, usize>,
}

/// See [`Placeholders`].
pub(crate) fn placeholders(ir: &Ir, defaultable: &BTreeSet<TypeId>) -> Placeholders {
    let (finite, alternative) = finite(ir);
    let emitted = finite
        .iter()
        .copied()
        .filter(|id| !defaultable.contains(id))
        .filter(|id| {
            matches!(kind(ir, *id), Some(TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Choice(_)))
        })
        .collect();
    Placeholders { finite, emitted, alternative }
}

/// The types with a finite starting value: least fixed point, so a type
/// enters only once everything its required fields hold has; a
/// placeholder only ever calls those of types that entered before it.
/// With each choice, the alternative that let it in.
fn finite(ir: &Ir) -> (BTreeSet<TypeId>, BTreeMap<TypeId, usize>) {
    // The same rules as `Default` (`types::defaultable`), the set standing
    // for "has a finite starting value", and enumerations and choices let
    // in too.
    let mut alternative = BTreeMap::new();
    let set = least_fixed_point(ir, |id, kind, set| match kind {
        TypeKind::Struct(s) => s.fields.iter().all(|f| field_has_default(f, set)),
        TypeKind::Enum(_) | TypeKind::List(_) => true,
        TypeKind::Alias(r) => ref_has_default(r, set),
        TypeKind::Choice(c) => match first_alternative(c, set) {
            Some(i) => {
                alternative.insert(id, i);
                true
            }
            None => false,
        },
    });
    (set, alternative)
}

/// Whether a choice alternative's value starts empty (`Option`, `Vec`).
fn payload_defaults(v: &Field) -> bool {
    matches!(v.ty, TypeRef::List { .. }) || matches!(v.occurs, Occurs::Nillable | Occurs::Repeated { .. })
}

/// The index of the first alternative of `c` with a finite value (a
/// wildcard has none).
fn first_alternative(c: &Choice, finite: &BTreeSet<TypeId>) -> Option<usize> {
    c.variants
        .iter()
        .position(|v| v.kind != FieldKind::Any && (payload_defaults(v) || ref_has_default(&v.ty, finite)))
}

fn kind(ir: &Ir, id: TypeId) -> Option<&TypeKind> {
    ir.types.get(&id).map(|d| &d.kind)
}

/// The starting value of a value of type `ty`.
fn start(ctx: &Ctx<'_>, ty: &TypeRef) -> Result<TokenStream, Error> {
    if ref_has_default(ty, &ctx.defaultable) {
        return Ok(quote!(::core::default::Default::default()));
    }
    Ok(match ty {
        TypeRef::Boxed(inner) => {
            let inner = start(ctx, inner)?;
            quote!(::std::boxed::Box::new(#inner))
        }
        _ => {
            let ty = value_type(ctx, ty)?;
            quote!(#ty::__placeholder())
        }
    })
}

/// The hidden `__placeholder()` of type `def` (see the module doc).
pub(crate) fn emit(ctx: &Ctx<'_>, id: TypeId, def: &TypeDef) -> Result<TokenStream, Error> {
    let lazy = super::lazy_codegen();
    let name = ident(&def.rust)?;
    let value = match &def.kind {
        TypeKind::Struct(s) => {
            let mut fields = Vec::new();
            for f in &s.fields {
                let fname = ident(&f.rust)?;
                let value = if starts_empty(f) {
                    quote!(::core::default::Default::default())
                } else {
                    start(ctx, &f.ty)?
                };
                fields.push(quote! { #fname: #value, });
            }
            quote!(Self { #(#fields)* })
        }
        TypeKind::Enum(_) => quote!(Self::Other(::std::string::String::new())),
        TypeKind::Choice(c) => {
            let chosen = ctx.placeholders.alternative.get(&id).and_then(|i| c.variants.get(*i));
            let Some(v) = chosen else {
                return Err(Error::Emit { message: format!("choice {} has no placeholder", def.rust) });
            };
            let vname = ident(&v.rust)?;
            let value = if payload_defaults(v) {
                quote!(::core::default::Default::default())
            } else {
                start(ctx, &v.ty)?
            };
            quote!(Self::#vname(#value))
        }
        TypeKind::Alias(_) | TypeKind::List(_) => return Ok(quote!()),
    };
    Ok(quote! {
        impl #name {
            /// A stand-in to decode into, never returned (see `rt::Fields`).
            #[doc(hidden)]
            #lazy
            pub fn __placeholder() -> Self {
                #value
            }
        }
    })
}
