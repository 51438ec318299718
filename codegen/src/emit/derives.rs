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

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Ctx;
use crate::Gate;
use crate::ir::{Builtin, Field, FieldKind, TypeRef};

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
/// `client_password`, `pin`, `pintoken`), so `mapping` or `shipping` are not.
const SECRET_WORDS: &[&str] =
    &["password", "passwd", "pwd", "passcode", "passphrase", "secret", "pin", "pintoken"];

/// A string field (element or attribute) whose name says it holds a secret.
pub(crate) fn is_secret(f: &Field) -> bool {
    let string = matches!(f.ty, TypeRef::Builtin(Builtin::String));
    let value = matches!(f.kind, FieldKind::Element | FieldKind::Attribute { .. } | FieldKind::Text);
    string
        && value
        && f.rust
            .trim_start_matches("r#")
            .split('_')
            .any(|word| SECRET_WORDS.contains(&word.to_ascii_lowercase().as_str()))
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
    }
}
