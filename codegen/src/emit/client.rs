//! One client struct per WSDL port (or per binding no port uses), one
//! method per operation, plus `<op>_with_headers` for an operation with
//! per-call or response header blocks. A method encodes the request and
//! returns the runtime's `Call` future; it is no `async fn`, as a state
//! machine per operation cost the build more than anything it did (see
//! `rt::call`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, docs, ident, name_tokens};
use crate::Error;
use crate::ir::{BodyElement, Client, Field, Message, Operation, SoapVersion, Style, TypeKind, Unwrap};

pub(crate) fn emit_client(ctx: &Ctx<'_>, c: &Client) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let name = ident(&c.rust)?;
    let doc = client_doc(ctx, c);
    let endpoint = c.endpoint.as_ref().map(|e| {
        let d =
            " The endpoint the WSDL names (`soap:address`); servers usually serve under their own host name.";
        quote! { #[doc = #d] pub const WSDL_ENDPOINT: &'static str = #e; }
    });
    let methods = c.operations.iter().map(|op| emit_operation(ctx, c, op)).collect::<Result<Vec<_>, _>>()?;
    let (field, init, accessors) = if c.binding.headers.is_empty() {
        (quote!(), quote!(), quote!())
    } else {
        let headers = ident(&c.binding.headers_rust)?;
        (
            quote! { headers: #headers, },
            quote! { headers: ::std::default::Default::default(), },
            quote! {
                /// The client-level header blocks, sent by every operation that declares them.
                pub fn headers(&self) -> &#headers {
                    &self.headers
                }

                /// Sets client-level header blocks (a session or version header).
                pub fn headers_mut(&mut self) -> &mut #headers {
                    &mut self.headers
                }

                /// This client with `headers` as its client-level header blocks.
                pub fn with_headers(mut self, headers: #headers) -> Self {
                    self.headers = headers;
                    self
                }
            },
        )
    };
    Ok(quote! {
        #(#[doc = #doc])*
        #[derive(Debug, Clone)]
        pub struct #name {
            client: #rt::SoapClient,
            #field
        }

        impl #name {
            #endpoint

            /// A client that sends to `client`'s endpoint.
            pub fn new(client: #rt::SoapClient) -> Self {
                Self { client, #init }
            }

            /// The underlying SOAP client.
            pub fn client(&self) -> &#rt::SoapClient {
                &self.client
            }

            /// Gives back the underlying SOAP client.
            pub fn into_client(self) -> #rt::SoapClient {
                self.client
            }

            #accessors

            #(#methods)*
        }
    })
}

fn client_doc(ctx: &Ctx<'_>, c: &Client) -> Vec<String> {
    let mut doc = if c.service.is_empty() {
        vec![
            format!(" Client for binding {}.", docs::code(&c.binding.name.to_string())),
            String::new(),
            " The WSDL names no service for it: the endpoint is the one given to `SoapClient`.".to_owned(),
        ]
    } else {
        vec![format!(" Client for port {} of service {}.", docs::code(&c.port), docs::code(&c.service))]
    };
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
    match (c.binding.version, &c.binding.soap12_sibling) {
        (SoapVersion::Soap12, _) => {
            doc.push(String::new());
            doc.push(" A SOAP 1.2 binding: requests are SOAP 1.2 envelopes.".to_owned());
        }
        (SoapVersion::Soap11, Some(sibling)) => {
            doc.push(String::new());
            doc.push(format!(
                " The service is also bound to SOAP 1.2 (binding {}); \
                 `SoapClientBuilder::soap_version(SoapVersion::Soap12)` switches to it.",
                docs::code(&sibling.to_string())
            ));
        }
        (SoapVersion::Soap11, None) => {}
    }
    if !c.binding.faults.is_empty() {
        doc.push(String::new());
        doc.push(format!(
            " Declared fault details decode with `fault.typed::<{}>()`.",
            c.binding.faults_rust
        ));
    }
    doc
}

fn emit_operation(ctx: &Ctx<'_>, c: &Client, op: &Operation) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let method = ident(&op.rust)?;
    let wire = &op.wire;
    let action = &op.soap_action;
    let encoded = op.style == Style::RpcEncoded;
    let input_name = opt_name(ctx, &op.input);
    let output_name = op.output.as_ref().map_or(quote!(::std::option::Option::None), |m| opt_name(ctx, m));
    let version = match c.binding.version {
        SoapVersion::Soap11 => quote!(#rt::SoapVersion::Soap11),
        SoapVersion::Soap12 => quote!(#rt::SoapVersion::Soap12),
    };
    let op_const = quote! {
        const __OP: #rt::Operation = #rt::Operation {
            name: #wire,
            soap_action: #action,
            input: #input_name,
            output: #output_name,
            encoded: #encoded,
            version: #version,
        };
    };

    let (params, args, build) = input_side(ctx, &op.input)?;
    let doc = operation_doc(ctx, c, op);
    let writes = super::headers::header_writes(ctx, c, op)?;
    if op.binding.has_headers_method() {
        return with_headers_methods(ctx, op, &op_const, (params, args, build), &writes, &doc);
    }
    let (ret, response_ty, convert) = output_parts(ctx, op.output.as_ref())?;
    let finish = finish_body(ctx, &response_ty, convert.as_ref());
    let start = if writes.is_empty() {
        quote! { self.client.start(&__OP, &__request, #finish) }
    } else {
        quote! { self.client.start_with(&__OP, &__request, |__h| { #(#writes)* }, #finish) }
    };
    // Inline, so a method is compiled where it is called: a module's
    // operations cost a build of it only their type checking.
    Ok(quote! {
        #(#[doc = #doc])*
        #[inline]
        pub fn #method(&self, #(#params),*) -> #rt::Call<#ret> {
            #op_const
            #build
            #start
        }
    })
}

/// What turns the answer into a method's output: the decoding function
/// itself where the output is the response, else a closure that unwraps it
/// (non-capturing, so it is a plain function pointer).
fn finish_body(ctx: &Ctx<'_>, response_ty: &TokenStream, convert: Option<&TokenStream>) -> TokenStream {
    let rt = &ctx.rt;
    match convert {
        None => quote!(#rt::Answer::body::<#response_ty>),
        Some(convert) => quote! {
            |__a| {
                let __response: #response_ty = __a.body()?;
                ::std::result::Result::Ok(#convert)
            }
        },
    }
}

/// `<op>_with_headers` (per-call header blocks in, response header blocks
/// out) and `<op>`, which calls it with no per-call blocks and returns the
/// body only.
fn with_headers_methods(
    ctx: &Ctx<'_>,
    op: &Operation,
    op_const: &TokenStream,
    (params, args, build): (Vec<TokenStream>, Vec<TokenStream>, TokenStream),
    writes: &[TokenStream],
    doc: &[String],
) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let method = ident(&op.rust)?;
    let full = ident(&op.binding.with_headers_rust)?;
    let (ret, response_ty, convert) = output_parts(ctx, op.output.as_ref())?;
    let convert = convert.unwrap_or_else(|| quote!(__response));
    let out_headers = if op.binding.output_headers.is_empty() {
        quote!(())
    } else {
        let name = ident(&op.binding.output_headers_rust)?;
        quote!(#name)
    };
    let (headers_param, headers_arg) = if op.binding.input_headers.is_empty() {
        (quote!(), quote!())
    } else {
        let name = ident(&op.binding.input_headers_rust)?;
        (quote!(__headers: #name,), quote!(::std::default::Default::default()))
    };
    let full_doc = format!(
        " Operation {} with its header blocks: the per-call ones in, the response's out (see `{}`).",
        docs::code(&op.wire),
        op.rust
    );
    let short_doc = format!(" The response's header blocks: `{}_with_headers`.", op.rust);
    let mut call_args = args;
    if !op.binding.input_headers.is_empty() {
        call_args.push(headers_arg);
    }
    Ok(quote! {
        #(#[doc = #doc])*
        ///
        #[doc = #short_doc]
        #[inline]
        pub fn #method(&self, #(#params),*) -> #rt::Call<#ret> {
            self.#full(#(#call_args),*).map(|__answer| __answer.body)
        }

        #[doc = #full_doc]
        ///
        /// # Errors
        ///
        /// As the operation's method.
        #[inline]
        pub fn #full(&self, #(#params,)* #headers_param) -> #rt::Call<#rt::WithHeaders<#ret, #out_headers>> {
            #op_const
            #build
            self.client.start_with(&__OP, &__request, |__h| { #(#writes)* }, |__a| {
                let __answer: #rt::WithHeaders<#response_ty, #out_headers> = __a.with_headers()?;
                let __response = __answer.body;
                ::std::result::Result::Ok(#rt::WithHeaders { body: #convert, headers: __answer.headers })
            })
        }
    })
}

fn operation_doc(ctx: &Ctx<'_>, c: &Client, op: &Operation) -> Vec<String> {
    let mut doc = vec![format!(" Operation {}.", docs::code(&op.wire))];
    if ctx.settings.docs {
        if let Some(d) = &op.doc {
            doc.push(String::new());
            doc.extend(docs::lines(d));
        }
    }
    let ob = &op.binding;
    if ob.ws_security {
        doc.push(String::new());
        doc.push(" Declares a WS-Security header: set `SoapClientBuilder::ws_security`.".to_owned());
    }
    let faults: Vec<String> = ob
        .faults
        .iter()
        .filter_map(|&i| c.binding.faults.get(i))
        .map(|f| format!("`{}::{}`", c.binding.faults_rust, f.rust))
        .collect();
    if !faults.is_empty() {
        doc.push(String::new());
        doc.push(format!(
            " Declared faults: {} (`fault.typed::<{}>()`).",
            faults.join(", "),
            c.binding.faults_rust
        ));
    }
    if !ob.header_faults.is_empty() {
        let names: Vec<String> = ob.header_faults.iter().map(|h| docs::code(&h.name.to_string())).collect();
        doc.push(String::new());
        doc.push(format!(
            " A fault about a header block may carry {} in its header (`fault.header::<T>(name)`).",
            names.join(", ")
        ));
    }
    doc.push(String::new());
    doc.push(" # Errors".to_owned());
    doc.push(String::new());
    doc.push(" The call fails on transport and HTTP failures, a SOAP fault from the".to_owned());
    doc.push(" server, or a response that does not decode; see `Error`.".to_owned());
    doc
}

pub(crate) fn opt_name(ctx: &Ctx<'_>, m: &Message) -> TokenStream {
    match &m.body {
        Some(b) => {
            let n = name_tokens(&ctx.rt, &b.name);
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    }
}

pub(crate) fn wrapper<'a>(ctx: &Ctx<'a>, body: &BodyElement) -> Result<(TokenStream, &'a [Field]), Error> {
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

/// Method parameters, the same as call arguments, and the statement that
/// builds `__request`.
fn input_side(
    ctx: &Ctx<'_>,
    input: &Message,
) -> Result<(Vec<TokenStream>, Vec<TokenStream>, TokenStream), Error> {
    let rt = &ctx.rt;
    let Some(body) = &input.body else {
        return Ok((Vec::new(), Vec::new(), quote! { let __request = #rt::NoBody; }));
    };
    let (ty, fields) = wrapper(ctx, body)?;
    let unwrap = match body.unwrap {
        Unwrap::SingleField if fields.len() != 1 => Unwrap::Whole,
        u => u,
    };
    Ok(match unwrap {
        Unwrap::Whole => {
            (vec![quote!(request: #ty)], vec![quote!(request)], quote! { let __request = request; })
        }
        Unwrap::SingleField | Unwrap::Fields => {
            let mut params = Vec::new();
            let mut inits = Vec::new();
            for f in fields {
                let fname = ident(&f.rust)?;
                let fty = super::types::field_type(ctx, f)?;
                params.push(quote!(#fname: #fty));
                inits.push(quote!(#fname));
            }
            (params, inits.clone(), quote! { let __request = #ty { #(#inits),* }; })
        }
    })
}

/// The return type, the type the response decodes as, and the expression
/// that turns `__response` into the return value (`None`: the response is
/// the return value).
fn output_parts(
    ctx: &Ctx<'_>,
    output: Option<&Message>,
) -> Result<(TokenStream, TokenStream, Option<TokenStream>), Error> {
    let Some(body) = output.and_then(|m| m.body.as_ref()) else {
        return Ok((quote!(()), quote!(()), None));
    };
    let (ty, fields) = wrapper(ctx, body)?;
    Ok(match (body.unwrap, fields) {
        (Unwrap::SingleField, [f]) => {
            let fname = ident(&f.rust)?;
            let fty = super::types::field_type(ctx, f)?;
            (fty, ty, Some(quote!(__response.#fname)))
        }
        // A response without parts: checked, nothing to return.
        (Unwrap::Fields, []) => (quote!(()), ty, Some(quote!(()))),
        _ => (ty.clone(), ty, None),
    })
}
