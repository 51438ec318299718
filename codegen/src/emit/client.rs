//! One client struct per WSDL port, one async method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, docs, ident, name_tokens};
use crate::Error;
use crate::ir::{BodyElement, Client, Field, Message, Operation, Style, TypeKind, Unwrap};

pub(crate) fn emit_client(ctx: &Ctx<'_>, c: &Client) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let name = ident(&c.rust)?;
    let mut doc = vec![format!(" Client for port `{}` of service `{}`.", c.port, c.service)];
    if ctx.settings.docs {
        if let Some(d) = &c.doc {
            doc.push(String::new());
            doc.extend(docs::lines(d));
        }
    }
    doc.push(String::new());
    // Plain text, not an intra-doc link: the module may live outside the
    // bindings crate, where a `crate::` link would not resolve.
    doc.push(" Wraps a `SoapClient`, which holds the endpoint, the connection pool and".to_owned());
    doc.push(" the credentials; clones share the pool.".to_owned());
    let endpoint = c.endpoint.as_ref().map(|e| {
        let d =
            " The endpoint the WSDL names (`soap:address`); servers usually serve under their own host name.";
        quote! { #[doc = #d] pub const WSDL_ENDPOINT: &'static str = #e; }
    });
    let methods = c.operations.iter().map(|op| emit_operation(ctx, op)).collect::<Result<Vec<_>, _>>()?;
    Ok(quote! {
        #(#[doc = #doc])*
        #[derive(Debug, Clone)]
        pub struct #name {
            client: #rt::SoapClient,
        }

        impl #name {
            #endpoint

            /// A client that sends to `client`'s endpoint.
            pub fn new(client: #rt::SoapClient) -> Self {
                Self { client }
            }

            /// The underlying SOAP client.
            pub fn client(&self) -> &#rt::SoapClient {
                &self.client
            }

            /// Gives back the underlying SOAP client.
            pub fn into_client(self) -> #rt::SoapClient {
                self.client
            }

            #(#methods)*
        }
    })
}

fn emit_operation(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let method = ident(&op.rust)?;
    let wire = &op.wire;
    let action = &op.soap_action;
    let encoded = op.style == Style::RpcEncoded;
    let input_name = opt_name(ctx, &op.input);
    let output_name = op.output.as_ref().map_or(quote!(::std::option::Option::None), |m| opt_name(ctx, m));

    let (params, build) = input_side(ctx, &op.input)?;
    let (ret, finish) = output_side(ctx, op.output.as_ref())?;

    let mut doc = vec![format!(" Operation `{wire}`.")];
    if ctx.settings.docs {
        if let Some(d) = &op.doc {
            doc.push(String::new());
            doc.extend(docs::lines(d));
        }
    }
    doc.push(String::new());
    doc.push(" # Errors".to_owned());
    doc.push(String::new());
    doc.push(" Transport and HTTP failures, a SOAP fault from the server, or a".to_owned());
    doc.push(" response that does not decode; see `Error`.".to_owned());
    Ok(quote! {
        #(#[doc = #doc])*
        pub async fn #method(&self, #(#params),*) -> ::std::result::Result<#ret, #rt::Error> {
            const __OP: #rt::Operation = #rt::Operation {
                name: #wire,
                soap_action: #action,
                input: #input_name,
                output: #output_name,
                encoded: #encoded,
            };
            #build
            #finish
        }
    })
}

fn opt_name(ctx: &Ctx<'_>, m: &Message) -> TokenStream {
    match &m.body {
        Some(b) => {
            let n = name_tokens(&ctx.rt, &b.name);
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn wrapper<'a>(ctx: &Ctx<'a>, body: &BodyElement) -> Result<(TokenStream, &'a [Field]), Error> {
    let def = ctx
        .ir
        .types
        .get(&body.ty)
        .ok_or_else(|| Error::Emit { message: format!("body element {} has no type", body.name) })?;
    let TypeKind::Struct(s) = &def.kind else {
        return Err(Error::Emit { message: format!("body element {} is not a struct", body.name) });
    };
    let name = ident(&def.rust)?;
    Ok((quote!(#name), &s.fields))
}

/// Method parameters and the statement that builds `__request`.
fn input_side(ctx: &Ctx<'_>, input: &Message) -> Result<(Vec<TokenStream>, TokenStream), Error> {
    let rt = &ctx.rt;
    let Some(body) = &input.body else {
        return Ok((Vec::new(), quote! { let __request = #rt::NoBody; }));
    };
    let (ty, fields) = wrapper(ctx, body)?;
    let unwrap = match body.unwrap {
        Unwrap::SingleField if fields.len() != 1 => Unwrap::Whole,
        u => u,
    };
    Ok(match unwrap {
        Unwrap::Whole => (vec![quote!(request: #ty)], quote! { let __request = request; }),
        Unwrap::SingleField | Unwrap::Fields => {
            let mut params = Vec::new();
            let mut inits = Vec::new();
            for f in fields {
                let fname = ident(&f.rust)?;
                let fty = super::types::field_type(ctx, f)?;
                params.push(quote!(#fname: #fty));
                inits.push(quote!(#fname));
            }
            (params, quote! { let __request = #ty { #(#inits),* }; })
        }
    })
}

/// The return type and the statements that call and unwrap the response.
fn output_side(ctx: &Ctx<'_>, output: Option<&Message>) -> Result<(TokenStream, TokenStream), Error> {
    let body = output.and_then(|m| m.body.as_ref());
    let Some(body) = body else {
        return Ok((quote!(()), quote! { self.client.call::<_, ()>(&__OP, &__request).await }));
    };
    let (ty, fields) = wrapper(ctx, body)?;
    let call = quote! { let __response: #ty = self.client.call(&__OP, &__request).await?; };
    Ok(match (body.unwrap, fields) {
        (Unwrap::SingleField, [f]) => {
            let fname = ident(&f.rust)?;
            let fty = super::types::field_type(ctx, f)?;
            (fty, quote! { #call ::std::result::Result::Ok(__response.#fname) })
        }
        (Unwrap::Fields, []) => {
            (quote!(()), quote! { #call let _ = __response; ::std::result::Result::Ok(()) })
        }
        _ => (ty, quote! { #call ::std::result::Result::Ok(__response) }),
    })
}
