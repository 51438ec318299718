//! Optional trait implementations of generated types, each under its
//! [`Gate`]: serde's `Serialize`/`Deserialize` (setting `serde`).
//!
//! Structs, choice enums, header structs and fault enums derive them
//! through the runtime's re-export (`<runtime>::rt::serde`, named again in
//! `#[serde(crate = ...)]`), so the crate holding the module needs no
//! serde dependency. Enumerations serialize as their XML lexical form
//! (`"Busy"`, or whatever unlisted value the server sent), so JSON shows
//! what the PBX sent and values outside the WSDL round-trip too.
//!
//! Secrets: a field whose name says it holds one (see [`is_secret`]) is
//! left out when serializing (`skip_serializing`) and reads as its default
//! when absent, unless `Settings::serde_secrets` asks for it; JSON written
//! for logs, databases or web UIs then never carries a PBX password.
//!
//! `Debug` is derived unless a struct has a secret field; then it gets a
//! hand `Debug` impl ([`debug_impl`]) showing the secret as the runtime's
//! `Redacted` (`"<redacted>"`, `None` kept), every other field as usual.
//! A secret whose type is a struct with simple content (a password with
//! attributes) is redacted through that struct's generated `Redact` impl
//! ([`redact_impl`]), which hides the text and shows the attributes.

use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Ctx, ident};
use std::collections::BTreeSet;

use crate::ir::{Builtin, Field, FieldKind, Ir, Struct, TypeId, TypeKind, TypeRef};
use crate::{Error, Gate};

/// The derive attributes of a struct or enum declaration.
pub(crate) fn derives(ctx: &Ctx<'_>) -> TokenStream {
    let rt = &ctx.rt;
    let krate = serde_crate(ctx);
    let derive = quote!(derive(#rt::serde::Serialize, #rt::serde::Deserialize));
    let krate = quote!(serde(crate = #krate));
    gated_attrs(&ctx.settings.serde, &[derive, krate])
}

/// Attributes of a struct field: secrets are not serialized. One whose
/// type has no `Default` (a struct with a required enumeration) cannot read
/// as its default when absent, so reading JSON without it fails naming it.
pub(crate) fn field_attrs(ctx: &Ctx<'_>, f: &Field) -> TokenStream {
    if super::types::field_has_default(f, &ctx.defaultable) {
        unless_serialized(ctx, f, quote!(serde(skip_serializing, default)))
    } else {
        unless_serialized(ctx, f, quote!(serde(skip_serializing)))
    }
}

/// Attributes of a choice alternative: one holding a secret is not
/// serialized either. A variant cannot be left out of its enum, so
/// serializing the value fails naming it (serde's `skip_serializing` on a
/// variant): an error in place of the secret, where writing a stand-in
/// would read back as a different password.
pub(crate) fn variant_attrs(ctx: &Ctx<'_>, v: &Field) -> TokenStream {
    unless_serialized(ctx, v, quote!(serde(skip_serializing)))
}

/// `attr`, under the serde gate, when `f` is a secret and secrets are not
/// to be serialized; nothing otherwise.
fn unless_serialized(ctx: &Ctx<'_>, f: &Field, attr: TokenStream) -> TokenStream {
    if ctx.settings.serde_secrets || !is_secret(ctx, f) {
        return TokenStream::new();
    }
    gated_attrs(&ctx.settings.serde, &[attr])
}

/// `Debug,` for a struct's derive list, or nothing when `fields` hold a
/// secret and [`debug_impl`] writes the impl instead.
pub(crate) fn debug_derive(ctx: &Ctx<'_>, fields: &[Field]) -> TokenStream {
    if fields.iter().any(|f| is_secret(ctx, f)) { TokenStream::new() } else { quote!(Debug,) }
}

/// The `Debug` impl of struct `name` when one of `fields` is a secret:
/// `debug_struct` with every field, secrets through `rt::Redacted`.
/// Nothing when no field is (the struct derives `Debug`).
pub(crate) fn debug_impl(ctx: &Ctx<'_>, name: &Ident, fields: &[Field]) -> Result<TokenStream, Error> {
    if !fields.iter().any(|f| is_secret(ctx, f)) {
        return Ok(TokenStream::new());
    }
    let body = debug_struct(ctx, name, fields, |f| is_secret(ctx, f))?;
    Ok(quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #body
            }
        }
    })
}

/// `f.debug_struct(..)` with every field of struct `name`, those `hidden`
/// picks through `rt::Redacted`.
fn debug_struct(
    ctx: &Ctx<'_>,
    name: &Ident,
    fields: &[Field],
    hidden: impl Fn(&Field) -> bool,
) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let mut calls = Vec::new();
    for f in fields {
        let fname = ident(&f.rust)?;
        let label = f.rust.trim_start_matches("r#");
        calls.push(if hidden(f) {
            quote!(.field(#label, &#rt::Redacted(&self.#fname)))
        } else {
            quote!(.field(#label, &self.#fname))
        });
    }
    let shown = name.to_string();
    Ok(quote!(f.debug_struct(#shown) #(#calls)* .finish()))
}

/// The `Debug` impl of choice enum `name` when one of its alternatives
/// (`variants`, one-field tuple variants) is a secret: those print through
/// `rt::Redacted`. Nothing when none is (the enum derives `Debug`).
pub(crate) fn choice_debug_impl(
    ctx: &Ctx<'_>,
    name: &Ident,
    variants: &[Field],
) -> Result<TokenStream, Error> {
    if !variants.iter().any(|v| is_secret(ctx, v)) {
        return Ok(TokenStream::new());
    }
    let rt = &ctx.rt;
    let mut arms = Vec::new();
    for v in variants {
        let vname = ident(&v.rust)?;
        let label = v.rust.trim_start_matches("r#");
        let value = if is_secret(ctx, v) { quote!(&#rt::Redacted(__v)) } else { quote!(__v) };
        arms.push(quote! { Self::#vname(__v) => f.debug_tuple(#label).field(#value).finish(), });
    }
    Ok(quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self { #(#arms)* }
            }
        }
    })
}

/// `Serialize`/`Deserialize` of an enumeration `name` (which implements
/// `SimpleValue`): its lexical form, as a string.
pub(crate) fn lexical_impls(ctx: &Ctx<'_>, name: &Ident) -> TokenStream {
    let cfg = match &ctx.settings.serde {
        Gate::Off => return TokenStream::new(),
        Gate::Always => TokenStream::new(),
        Gate::Feature(feature) => quote!(#[cfg(feature = #feature)]),
    };
    let rt = &ctx.rt;
    quote! {
        #cfg
        impl #rt::serde::Serialize for #name {
            fn serialize<__S: #rt::serde::Serializer>(&self, __s: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                #rt::serialize_text(self, __s)
            }
        }

        #cfg
        impl<'de> #rt::serde::Deserialize<'de> for #name {
            fn deserialize<__D: #rt::serde::Deserializer<'de>>(__d: __D) -> ::std::result::Result<Self, __D::Error> {
                #rt::deserialize_text(__d)
            }
        }
    }
}

/// `#[meta]...` or `#[cfg_attr(feature = "...", meta, ...)]`, nothing when
/// off.
fn gated_attrs(gate: &Gate, metas: &[TokenStream]) -> TokenStream {
    match gate {
        Gate::Off => TokenStream::new(),
        Gate::Always => quote!(#(#[#metas])*),
        Gate::Feature(feature) => quote!(#[cfg_attr(feature = #feature, #(#metas),*)]),
    }
}

/// `"<runtime>::rt::serde"`, the path serde's derives name serde by.
fn serde_crate(ctx: &Ctx<'_>) -> String {
    format!("{}::rt::serde", ctx.settings.runtime.trim())
}

/// Words of a field name that mark a secret: passwords, PINs and the like.
/// Matched against whole words of the Rust name (`sip_password`,
/// `client_password`, `pin`, `pintoken`; a choice alternative's
/// `SipPassword` too), so `mapping` or `shipping` are not. The runtime's
/// `rt::SECRET_WORDS` is this list (a test holds the two equal): its
/// exchange history masks the elements and attributes these words name.
pub const SECRET_WORDS: &[&str] =
    &["password", "passwd", "pwd", "passcode", "passphrase", "secret", "pin", "pintoken"];

/// A text field (element or attribute) whose name says it holds a secret:
/// one of its words is a built-in secret word or one of
/// `Settings::secret_words`.
pub(crate) fn is_secret(ctx: &Ctx<'_>, f: &Field) -> bool {
    secret_in(ctx.ir, &ctx.settings.secret_words, f)
}

fn secret_in(ir: &Ir, more: &[String], f: &Field) -> bool {
    let value = matches!(f.kind, FieldKind::Element | FieldKind::Attribute { .. } | FieldKind::Text);
    let listed =
        |word: &str| SECRET_WORDS.contains(&word) || more.iter().any(|m| m.trim().eq_ignore_ascii_case(word));
    value
        && holds_text(ir, &f.ty)
        && f.rust.trim_start_matches("r#").to_snake_case().split('_').any(|word| {
            // Plurals too: a list of `pins` holds PINs.
            listed(word) || word.strip_suffix('s').is_some_and(listed)
        })
}

/// Whether values of `ty` are texts `rt::Redact` can hide: a simple text
/// ([`holds_simple_text`]) or a struct with simple content holding one
/// (`wsse:Password`'s `PasswordString`: the password with a `Type`
/// attribute), whose generated `Redact` impl hides that text.
fn holds_text(ir: &Ir, ty: &TypeRef) -> bool {
    match struct_of(ir, ty) {
        Some((_, s)) => has_text_content(ir, s),
        None => holds_simple_text(ir, ty),
    }
}

/// The named struct `ty` refers to (boxed or not).
fn struct_of<'a>(ir: &'a Ir, ty: &TypeRef) -> Option<(TypeId, &'a Struct)> {
    match ty {
        TypeRef::Boxed(inner) => struct_of(ir, inner),
        TypeRef::Named(id) => match ir.types.get(id).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => Some((*id, s)),
            _ => None,
        },
        TypeRef::Builtin(_) | TypeRef::List { .. } => None,
    }
}

/// Whether struct `s` has simple content that is a text.
fn has_text_content(ir: &Ir, s: &Struct) -> bool {
    s.fields.iter().any(|f| f.kind == FieldKind::Text && holds_simple_text(ir, &f.ty))
}

/// The structs that are the type of a secret field or choice alternative
/// (see [`holds_text`]): each gets a `Redact` impl.
pub(crate) fn redacted_structs(ir: &Ir, more: &[String]) -> BTreeSet<TypeId> {
    let fields = ir.types.values().flat_map(|def| match &def.kind {
        TypeKind::Struct(s) => s.fields.as_slice(),
        TypeKind::Choice(c) => c.variants.as_slice(),
        TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::List(_) => &[],
    });
    fields.filter(|f| secret_in(ir, more, f)).filter_map(|f| struct_of(ir, &f.ty).map(|(id, _)| id)).collect()
}

/// The `Redact` impl of struct `name` (in [`redacted_structs`]): shown as
/// its `Debug` would be, with its text content, and any field that is a
/// secret itself, as `rt::Redacted`. Nothing for other structs.
pub(crate) fn redact_impl(ctx: &Ctx<'_>, id: TypeId, name: &Ident, s: &Struct) -> Result<TokenStream, Error> {
    if !ctx.redacted.contains(&id) {
        return Ok(TokenStream::new());
    }
    let text = |f: &Field| f.kind == FieldKind::Text && holds_simple_text(ctx.ir, &f.ty);
    let body = debug_struct(ctx, name, &s.fields, |f| text(f) || is_secret(ctx, f))?;
    let rt = &ctx.rt;
    Ok(quote! {
        impl #rt::Redact for #name {
            fn fmt_redacted(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #body
            }
        }
    })
}

/// Whether values of `ty` are simple texts: a string, or a named simple
/// type restricting one (`pub type Password = String;`: real schemas give
/// passwords a type of their own for its length facets), or a list of
/// either.
fn holds_simple_text(ir: &Ir, ty: &TypeRef) -> bool {
    let mut ty = ty;
    // Aliases cannot form a cycle; the bound only keeps a broken model
    // from looping.
    for _ in 0..=ir.types.len() {
        ty = match ty {
            TypeRef::Builtin(b) => return *b == Builtin::String,
            TypeRef::Boxed(inner) => inner,
            TypeRef::List { item, .. } => item,
            TypeRef::Named(id) => match ir.types.get(id).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner) | TypeKind::List(inner)) => inner,
                _ => return false,
            },
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{DefOrigin, Occurs, QName, TypeDef, TypeId};

    fn field(rust: &str, ty: TypeRef) -> Field {
        let wire = QName { ns: None, local: rust.to_owned() };
        Field { rust: rust.to_owned(), ..Field::element(wire, ty, Occurs::Optional, None) }
    }

    #[test]
    fn secrets_are_whole_words_of_string_fields() {
        let ir = Ir::default();
        let secret = |name: &str, ty: TypeRef| secret_in(&ir, &[], &field(name, ty));
        for name in ["password", "sip_password", "client_password", "pin", "pintoken", "api_secret", "pwd"] {
            assert!(secret(name, TypeRef::Builtin(Builtin::String)), "{name}");
        }
        for name in ["old_pins", "passwords", "secrets"] {
            assert!(secret(name, TypeRef::Builtin(Builtin::String)), "{name}");
        }
        for name in ["mapping", "shipping", "spin_count", "user_name", "pinss", "spins"] {
            assert!(!secret(name, TypeRef::Builtin(Builtin::String)), "{name}");
        }
        assert!(!secret("pin", TypeRef::Builtin(Builtin::Int)));
        // Choice alternatives are named as variants.
        assert!(secret("SipPassword", TypeRef::Builtin(Builtin::String)));
        assert!(!secret("Shipping", TypeRef::Builtin(Builtin::String)));
    }

    #[test]
    fn secrets_typed_with_a_restricted_string_are_secrets_too() {
        let def = |kind| TypeDef {
            wire: QName { ns: None, local: "T".into() },
            rust: "T".into(),
            doc: None,
            kind,
            origin: DefOrigin::Named,
        };
        let mut ir = Ir::default();
        let string = TypeRef::Builtin(Builtin::String);
        // `Password` restricts xsd:string, `Pin` restricts `Password`,
        // `Pins` is an xsd:list of `Pin`, `Code` restricts xsd:int.
        ir.types.insert(TypeId(1), def(TypeKind::Alias(string)));
        ir.types.insert(TypeId(2), def(TypeKind::Alias(TypeRef::Named(TypeId(1)))));
        ir.types.insert(TypeId(3), def(TypeKind::List(TypeRef::Named(TypeId(2)))));
        ir.types.insert(TypeId(4), def(TypeKind::Alias(TypeRef::Builtin(Builtin::Int))));
        let secret = |name: &str, ty: TypeRef| secret_in(&ir, &[], &field(name, ty));
        assert!(secret("password", TypeRef::Named(TypeId(1))));
        assert!(secret("pin", TypeRef::Named(TypeId(2))));
        assert!(secret("pin", TypeRef::Boxed(Box::new(TypeRef::Named(TypeId(2))))));
        assert!(secret("pin_codes", TypeRef::Named(TypeId(3))));
        assert!(!secret("pin", TypeRef::Named(TypeId(4))), "a number is not redacted");
        assert!(!secret("user_name", TypeRef::Named(TypeId(1))));
        // A type the model does not hold is no text it can vouch for.
        assert!(!secret("password", TypeRef::Named(TypeId(9))));
    }

    #[test]
    fn more_secret_words_are_whole_words_in_any_case() {
        let ir = Ir::default();
        let more = ["Key".to_owned(), " community ".to_owned()];
        let string = || TypeRef::Builtin(Builtin::String);
        for name in ["api_key", "shared_keys", "community", "KeyValue"] {
            assert!(secret_in(&ir, &more, &field(name, string())), "{name}");
        }
        // `communities` is no plural `s` can undo; `keyboard` is one word.
        for name in ["keyboard", "monkey", "user_name", "snmp_communities"] {
            assert!(!secret_in(&ir, &more, &field(name, string())), "{name}");
        }
        assert!(!secret_in(&ir, &more, &field("api_key", TypeRef::Builtin(Builtin::Int))));
        assert!(!secret_in(&ir, &[], &field("api_key", string())), "not a built-in word");
    }
}
