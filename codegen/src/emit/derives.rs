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

use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Ctx, ident};
use crate::ir::{Builtin, Field, FieldKind, TypeRef};
use crate::{Error, Gate};

/// The derive attributes of a struct or enum declaration.
pub(crate) fn derives(ctx: &Ctx<'_>) -> TokenStream {
    let rt = &ctx.rt;
    let krate = serde_crate(ctx);
    let derive = quote!(derive(#rt::serde::Serialize, #rt::serde::Deserialize));
    let krate = quote!(serde(crate = #krate));
    gated_attrs(&ctx.settings.serde, &[derive, krate])
}

/// Attributes of a struct field: secrets are not serialized.
pub(crate) fn field_attrs(ctx: &Ctx<'_>, f: &Field) -> TokenStream {
    if ctx.settings.serde_secrets || !is_secret(f) {
        return TokenStream::new();
    }
    gated_attrs(&ctx.settings.serde, &[quote!(serde(skip_serializing, default))])
}

/// `Debug,` for a struct's derive list, or nothing when `fields` hold a
/// secret and [`debug_impl`] writes the impl instead.
pub(crate) fn debug_derive(fields: &[Field]) -> TokenStream {
    if fields.iter().any(is_secret) { TokenStream::new() } else { quote!(Debug,) }
}

/// The `Debug` impl of struct `name` when one of `fields` is a secret:
/// `debug_struct` with every field, secrets through `rt::Redacted`.
/// Nothing when no field is (the struct derives `Debug`).
pub(crate) fn debug_impl(ctx: &Ctx<'_>, name: &Ident, fields: &[Field]) -> Result<TokenStream, Error> {
    if !fields.iter().any(is_secret) {
        return Ok(TokenStream::new());
    }
    let rt = &ctx.rt;
    let mut calls = Vec::new();
    for f in fields {
        let fname = ident(&f.rust)?;
        let label = f.rust.trim_start_matches("r#");
        calls.push(if is_secret(f) {
            quote!(.field(#label, &#rt::Redacted(&self.#fname)))
        } else {
            quote!(.field(#label, &self.#fname))
        });
    }
    let shown = name.to_string();
    Ok(quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#shown) #(#calls)* .finish()
            }
        }
    })
}

/// The `Debug` impl of choice enum `name` when one of its alternatives
/// (`variants`, one-field tuple variants) is a secret: those print through
/// `rt::Redacted`. Nothing when none is (the enum derives `Debug`).
pub(crate) fn choice_debug_impl(
    ctx: &Ctx<'_>,
    name: &Ident,
    variants: &[Field],
) -> Result<TokenStream, Error> {
    if !variants.iter().any(is_secret) {
        return Ok(TokenStream::new());
    }
    let rt = &ctx.rt;
    let mut arms = Vec::new();
    for v in variants {
        let vname = ident(&v.rust)?;
        let label = v.rust.trim_start_matches("r#");
        let value = if is_secret(v) { quote!(&#rt::Redacted(__v)) } else { quote!(__v) };
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
/// `SipPassword` too), so `mapping` or `shipping` are not.
const SECRET_WORDS: &[&str] =
    &["password", "passwd", "pwd", "passcode", "passphrase", "secret", "pin", "pintoken"];

/// A string field (element or attribute) whose name says it holds a secret.
pub(crate) fn is_secret(f: &Field) -> bool {
    let string = matches!(f.ty, TypeRef::Builtin(Builtin::String));
    let value = matches!(f.kind, FieldKind::Element | FieldKind::Attribute { .. } | FieldKind::Text);
    string
        && value
        && f.rust.trim_start_matches("r#").to_snake_case().split('_').any(|word| SECRET_WORDS.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Occurs, QName};

    fn field(rust: &str, ty: TypeRef) -> Field {
        let wire = QName { ns: None, local: rust.to_owned() };
        Field { rust: rust.to_owned(), ..Field::element(wire, ty, Occurs::Optional, None) }
    }

    #[test]
    fn secrets_are_whole_words_of_string_fields() {
        for name in ["password", "sip_password", "client_password", "pin", "pintoken", "api_secret", "pwd"] {
            assert!(is_secret(&field(name, TypeRef::Builtin(Builtin::String))), "{name}");
        }
        for name in ["mapping", "shipping", "spin_count", "user_name"] {
            assert!(!is_secret(&field(name, TypeRef::Builtin(Builtin::String))), "{name}");
        }
        assert!(!is_secret(&field("pin", TypeRef::Builtin(Builtin::Int))));
        // Choice alternatives are named as variants.
        assert!(is_secret(&field("SipPassword", TypeRef::Builtin(Builtin::String))));
        assert!(!is_secret(&field("Shipping", TypeRef::Builtin(Builtin::String))));
    }
}
