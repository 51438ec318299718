//! The server side of each port: a trait with one async method per
//! operation (mirroring the client's method of the same name), and behind
//! it the data and the dispatch the runtime's `rt::server` calls.
//!
//! Kept thin so large WSDLs compile fast: per operation one trait method
//! and one match arm of a few lines (decode, call, wrap); routing,
//! envelopes, faults and HTTP live in the runtime. Everything the trait
//! does not show (the port's static description, its WSDL text, the
//! dispatch functions) sits in one private module, `__server`, whose names
//! cannot clash with generated ones (those never start with `_`).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::client::{opt_name, wrapper};
use super::{Ctx, docs, ident, name_tokens};
use crate::Error;
use crate::ir::{Client, HeaderBlock, Message, Operation, SoapVersion, Style, Unwrap};

/// The server side of every client of the module, gated as the settings say.
pub(crate) fn emit(ctx: &Ctx<'_>) -> Result<TokenStream, Error> {
    let cfg = gate(ctx);
    let mut public = Vec::new();
    let mut private = Vec::new();
    let documents: Vec<&String> = ctx.ir.documents.keys().collect();
    for (i, c) in ctx.ir.clients.iter().enumerate() {
        let server_trait = emit_trait(ctx, c, i)?;
        public.push(quote!(#cfg #server_trait));
        // Gated item by item already (a port may have none).
        public.push(header_impls(ctx, c)?);
        private.push(port_static(ctx, c, i, &documents)?);
        private.push(dispatch(ctx, c, i)?);
    }
    if ctx.ir.clients.is_empty() {
        return Ok(quote!());
    }
    let mut wsdl = Vec::new();
    for (i, text) in ctx.ir.documents.values().enumerate() {
        let name = format_ident!("WSDL_{}", i);
        let lit = raw_string(text)?;
        wsdl.push(quote! { pub(super) const #name: &str = #lit; });
    }
    Ok(quote! {
        #(#public)*

        /// The server side's plumbing: port descriptions, WSDL texts and
        /// dispatch functions.
        #cfg
        #[doc(hidden)]
        mod __server {
            #[allow(unused_imports)]
            use super::*;
            #(#wsdl)*
            #(#private)*
        }
    })
}

/// `#[cfg(feature = "...")]` when the settings gate the server side.
fn gate(ctx: &Ctx<'_>) -> TokenStream {
    match &ctx.settings.server_feature {
        Some(feature) => quote!(#[cfg(feature = #feature)]),
        None => quote!(),
    }
}

/// A raw string literal holding `text` (line ends made `\n`: a raw CR may
/// not appear in the output, and XML reads both alike).
fn raw_string(text: &str) -> Result<TokenStream, Error> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    let source = format!("r{fence}\"{text}\"{fence}");
    let lit: Literal = source
        .parse()
        .map_err(|e| Error::Emit { message: format!("WSDL text as a string literal: {e:?}") })?;
    Ok(quote!(#lit))
}

/// What an operation's method takes and returns, and how its dispatch arm
/// decodes, calls and answers.
struct Shape {
    params: Vec<TokenStream>,
    /// The parameters' names.
    names: Vec<Ident>,
    /// The arguments of the call, read from `__request` and `__headers`.
    args: Vec<TokenStream>,
    /// The request type decoded (`()` for an empty body).
    request_ty: TokenStream,
    /// The header blocks decoded.
    headers_ty: TokenStream,
    /// The method's `Ok` type.
    ret: TokenStream,
    /// How the method's value becomes the reply body.
    reply: ReplyKind,
    /// The output header struct, if any.
    out_headers: Option<Ident>,
}

fn shape(ctx: &Ctx<'_>, c: &Client, op: &Operation) -> Result<Shape, Error> {
    let rt = &ctx.rt;
    let mut params = Vec::new();
    let mut names = Vec::new();
    let mut args = Vec::new();
    let mut taken = Vec::new();
    let request_ty = match &op.input.body {
        None => quote!(()),
        Some(body) => {
            let (ty, fields) = wrapper(ctx, body)?;
            let unwrap = match body.unwrap {
                Unwrap::SingleField if fields.len() != 1 => Unwrap::Whole,
                u => u,
            };
            match unwrap {
                Unwrap::Whole => {
                    params.push(quote!(request: #ty));
                    names.push(format_ident!("request"));
                    args.push(quote!(__request));
                    taken.push("request".to_owned());
                }
                Unwrap::SingleField | Unwrap::Fields => {
                    for f in fields {
                        let name = ident(&f.rust)?;
                        let fty = super::types::field_type(ctx, f)?;
                        params.push(quote!(#name: #fty));
                        args.push(quote!(__request.#name));
                        names.push(name);
                        taken.push(f.rust.clone());
                    }
                }
            }
            ty
        }
    };
    let ob = &op.binding;
    let mut headers = Vec::new();
    if !ob.client_headers.is_empty() {
        headers.push((free_name("client_headers", &taken), ident(&c.binding.headers_rust)?));
    }
    if !ob.input_headers.is_empty() {
        headers.push((free_name("headers", &taken), ident(&ob.input_headers_rust)?));
    }
    let headers_ty = match headers.as_slice() {
        [] => quote!(()),
        [(_, one)] => quote!(#one),
        [(_, a), (_, b)] => quote!((#a, #b)),
        _ => return Err(Error::Emit { message: format!("operation {}: header structs", op.wire) }),
    };
    for (i, (name, ty)) in headers.iter().enumerate() {
        let name = ident(name)?;
        params.push(quote!(#name: #ty));
        names.push(name.clone());
        if headers.len() == 1 {
            args.push(quote!(__headers));
        } else {
            let index = syn::Index::from(i);
            args.push(quote!(__headers.#index));
        }
    }
    let (value_ty, reply) = reply_of(ctx, op.output.as_ref())?;
    let out_headers = if ob.output_headers.is_empty() { None } else { Some(ident(&ob.output_headers_rust)?) };
    let ret = match &out_headers {
        Some(h) => quote!(#rt::WithHeaders<#value_ty, #h>),
        None => value_ty,
    };
    Ok(Shape { params, names, args, request_ty, headers_ty, ret, reply, out_headers })
}

/// `base`, or `base_`, `base__`... if a parameter of that name exists.
fn free_name(base: &str, taken: &[String]) -> String {
    let mut name = base.to_owned();
    while taken.contains(&name) {
        name.push('_');
    }
    name
}

/// How a method's `Ok` value becomes the reply body; the mirror of the
/// client's unwrapping of a response.
enum ReplyKind {
    /// No output parts: an empty `Body`.
    NoBody,
    /// A wrapper without fields, from `()`.
    Empty(TokenStream),
    /// A wrapper with one field, from that field's value.
    Single(TokenStream, Ident),
    /// The wrapper itself.
    Whole,
}

impl ReplyKind {
    /// The reply body from `value`, an expression of the method's `Ok`
    /// value (`None`: the value is `()` and was dropped).
    fn body(&self, rt: &TokenStream, value: Option<&TokenStream>) -> TokenStream {
        match (self, value) {
            (ReplyKind::NoBody, _) => quote!(#rt::NoBody),
            (ReplyKind::Empty(ty), _) => quote!(#ty {}),
            (ReplyKind::Single(ty, field), Some(v)) => quote!(#ty { #field: #v }),
            (ReplyKind::Whole, Some(v)) => quote!(#v),
            // Unit values have no fields to fill; never reached.
            (ReplyKind::Single(ty, _), None) => quote!(#ty),
            (ReplyKind::Whole, None) => quote!(()),
        }
    }

    fn is_unit(&self) -> bool {
        matches!(self, ReplyKind::NoBody | ReplyKind::Empty(_))
    }
}

/// The method's result type and how its value becomes the reply.
fn reply_of(ctx: &Ctx<'_>, output: Option<&Message>) -> Result<(TokenStream, ReplyKind), Error> {
    let Some(body) = output.and_then(|m| m.body.as_ref()) else {
        return Ok((quote!(()), ReplyKind::NoBody));
    };
    let (ty, fields) = wrapper(ctx, body)?;
    Ok(match (body.unwrap, fields) {
        (Unwrap::SingleField, [f]) => {
            let name = ident(&f.rust)?;
            let fty = super::types::field_type(ctx, f)?;
            (fty, ReplyKind::Single(ty, name))
        }
        (Unwrap::Fields, []) => (quote!(()), ReplyKind::Empty(ty)),
        _ => (ty.clone(), ReplyKind::Whole),
    })
}

fn emit_trait(ctx: &Ctx<'_>, c: &Client, index: usize) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let name = ident(&c.server.trait_rust)?;
    let port = format_ident!("PORT_{}", index);
    let dispatch = format_ident!("dispatch_{}", index);
    let mut methods = Vec::new();
    for op in &c.operations {
        let method = ident(&op.rust)?;
        let s = shape(ctx, c, op)?;
        let (params, ret) = (&s.params, &s.ret);
        let doc = method_doc(ctx, c, op);
        let wire = &op.wire;
        let names = &s.names;
        let unused = if names.is_empty() { quote!() } else { quote!(let _ = (#(#names,)*);) };
        methods.push(quote! {
            #(#[doc = #doc])*
            fn #method(&self, #(#params),*) -> impl ::std::future::Future<Output = ::std::result::Result<#ret, #rt::server::SoapFault>> + ::std::marker::Send {
                #unused
                ::std::future::ready(::std::result::Result::Err(#rt::server::SoapFault::not_implemented(#wire)))
            }
        });
    }
    let doc = trait_doc(ctx, c);
    let path = match &c.endpoint {
        Some(address) => {
            format!(" Mounted at the path of `{}` unless moved with `Service::at`.", docs::one_line(address))
        }
        None => format!(" Mounted at `/{}` unless moved with `Service::at`.", docs::one_line(&c.port)),
    };
    Ok(quote! {
        #(#[doc = #doc])*
        pub trait #name: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#methods)*

            /// This implementation as a service to mount on `rt::server::Server`.
            ///
            #[doc = #path]
            fn into_service(self) -> #rt::server::Service
            where
                Self: ::std::marker::Sized,
            {
                #rt::server::Service::new(self, &__server::#port, __server::#dispatch::<Self>)
            }
        }
    })
}

fn trait_doc(ctx: &Ctx<'_>, c: &Client) -> Vec<String> {
    let what = if c.service.is_empty() {
        format!(" Server side of binding {}.", docs::code(&c.binding.name))
    } else {
        format!(" Server side of port {} of service {}.", docs::code(&c.port), docs::code(&c.service))
    };
    let mut doc = vec![what];
    if ctx.settings.docs {
        if let Some(d) = &c.doc {
            doc.push(String::new());
            doc.extend(docs::lines(d));
        }
    }
    doc.push(String::new());
    doc.push(format!(
        " One method per operation, with the parameters and the result of the client's (`{}`) method of",
        c.rust
    ));
    doc.push(
        " the same name. Implement it with `async fn`s and serve it with `into_service` (see".to_owned(),
    );
    doc.push(
        " `rt::server`); an operation left unimplemented answers a `Server` fault saying so.".to_owned(),
    );
    if !c.binding.faults.is_empty() {
        doc.push(String::new());
        doc.push(format!(
            " Declared faults are returned as `Err({}::Variant(detail).into())`.",
            c.binding.faults_rust
        ));
    }
    doc
}

fn method_doc(ctx: &Ctx<'_>, c: &Client, op: &Operation) -> Vec<String> {
    let mut doc = vec![format!(" Operation {}.", docs::code(&op.wire))];
    if ctx.settings.docs {
        if let Some(d) = &op.doc {
            doc.push(String::new());
            doc.extend(docs::lines(d));
        }
    }
    let faults: Vec<String> = op
        .binding
        .faults
        .iter()
        .filter_map(|&i| c.binding.faults.get(i))
        .map(|f| format!("`{}::{}`", c.binding.faults_rust, f.rust))
        .collect();
    if !faults.is_empty() {
        doc.push(String::new());
        doc.push(format!(" Declared faults: {}.", faults.join(", ")));
    }
    doc
}

/// `FromHeaders` for the structs of input header blocks and `ToHeaders`
/// for the output ones, and the fault enum into a `SoapFault`.
fn header_impls(ctx: &Ctx<'_>, c: &Client) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let mut items = Vec::new();
    if !c.binding.headers.is_empty() {
        items.push(from_headers(ctx, &ident(&c.binding.headers_rust)?, &c.binding.headers)?);
    }
    for op in &c.operations {
        let ob = &op.binding;
        if !ob.input_headers.is_empty() {
            items.push(from_headers(ctx, &ident(&ob.input_headers_rust)?, &ob.input_headers)?);
        }
        if !ob.output_headers.is_empty() {
            let name = ident(&ob.output_headers_rust)?;
            let mut writes = Vec::new();
            for block in &ob.output_headers {
                let field = ident(&block.rust)?;
                let wire = name_tokens(rt, &block.name);
                writes.push(quote! { #rt::server::write_header(h, #wire, &self.#field); });
            }
            items.push(quote! {
                impl #rt::server::ToHeaders for #name {
                    fn write_headers(&self, h: &mut #rt::HeaderWriter<'_>) {
                        #(#writes)*
                    }
                }
            });
        }
    }
    if !c.binding.faults.is_empty() {
        let name = ident(&c.binding.faults_rust)?;
        let mut arms = Vec::new();
        for f in &c.binding.faults {
            let variant = ident(&f.rust)?;
            let wire = name_tokens(rt, &f.name);
            let reason = &f.name.local;
            arms.push(quote! {
                #name::#variant(__detail) => #rt::server::SoapFault::server(#reason).with_detail(#wire, &__detail),
            });
        }
        items.push(quote! {
            impl ::std::convert::From<#name> for #rt::server::SoapFault {
                fn from(__fault: #name) -> Self {
                    match __fault {
                        #(#arms)*
                    }
                }
            }
        });
    }
    let cfg = gate(ctx);
    Ok(quote! { #(#cfg #items)* })
}

fn from_headers(ctx: &Ctx<'_>, name: &Ident, blocks: &[HeaderBlock]) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let mut arms = Vec::new();
    for block in blocks {
        let field = ident(&block.rust)?;
        let local = &block.name.local;
        let ns = match &block.name.ns {
            Some(ns) => quote!(::std::option::Option::Some(#ns)),
            None => quote!(::std::option::Option::None),
        };
        arms.push(quote! {
            (#local, #ns) => {
                #rt::server::read_header(r, &mut self.#field, el)?;
                ::std::result::Result::Ok(true)
            }
        });
    }
    Ok(quote! {
        impl #rt::FromHeaders for #name {
            fn read_header<'a>(&mut self, r: &mut #rt::XmlReader<'a>, el: &#rt::StartTag<'a>) -> ::std::result::Result<bool, #rt::DecodeError> {
                let __ns = r.namespace_of(el);
                match (el.local_name(), __ns.as_deref()) {
                    #(#arms)*
                    _ => ::std::result::Result::Ok(false),
                }
            }
        }
    })
}

/// `PORT_<i>`: the port's static description.
fn port_static(ctx: &Ctx<'_>, c: &Client, index: usize, documents: &[&String]) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let name = format_ident!("PORT_{}", index);
    let port = &c.port;
    let service = &c.service;
    let address = match &c.endpoint {
        Some(a) => quote!(::std::option::Option::Some(#a)),
        None => quote!(::std::option::Option::None),
    };
    let wsdl = match documents.iter().position(|d| **d == c.server.source) {
        Some(i) => {
            let doc = format_ident!("WSDL_{}", i);
            quote!(::std::option::Option::Some(#doc))
        }
        None => quote!(::std::option::Option::None),
    };
    let version = match c.binding.version {
        SoapVersion::Soap11 => quote!(#rt::SoapVersion::Soap11),
        SoapVersion::Soap12 => quote!(#rt::SoapVersion::Soap12),
    };
    let mut ops = Vec::new();
    for op in &c.operations {
        let wire = &op.wire;
        let action = &op.soap_action;
        let encoded = op.style == Style::RpcEncoded;
        let input = opt_name(ctx, &op.input);
        let output = op.output.as_ref().map_or(quote!(::std::option::Option::None), |m| opt_name(ctx, m));
        ops.push(quote! {
            #rt::Operation {
                name: #wire,
                soap_action: #action,
                input: #input,
                output: #output,
                encoded: #encoded,
                version: #version,
            }
        });
    }
    Ok(quote! {
        pub(super) static #name: #rt::server::Port = #rt::server::Port {
            name: #port,
            service: #service,
            address: #address,
            wsdl: #wsdl,
            operations: &[#(#ops),*],
        };
    })
}

/// `dispatch_<i>`: decodes the request of the operation at an index, starts
/// the implementation's method and wraps what it returns.
fn dispatch(ctx: &Ctx<'_>, c: &Client, index: usize) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let name = format_ident!("dispatch_{}", index);
    let service = ident(&c.server.trait_rust)?;
    let mut arms = Vec::new();
    for (i, op) in c.operations.iter().enumerate() {
        let method = ident(&op.rust)?;
        let s = shape(ctx, c, op)?;
        let (request_ty, headers_ty, args) = (&s.request_ty, &s.headers_ty, &s.args);
        let call = quote!(__imp.#method(#(#args),*).await?);
        let answer = match (&s.out_headers, s.reply.is_unit()) {
            (Some(_), _) => {
                let body = s.reply.body(rt, Some(&quote!(__answer.body)));
                quote! {
                    let __answer = #call;
                    ::std::result::Result::Ok(#rt::WithHeaders { body: #body, headers: __answer.headers })
                }
            }
            (None, true) => {
                let body = s.reply.body(rt, None);
                quote! {
                    #call;
                    ::std::result::Result::Ok(#rt::WithHeaders { body: #body, headers: () })
                }
            }
            (None, false) => {
                let body = s.reply.body(rt, Some(&call));
                quote! { ::std::result::Result::Ok(#rt::WithHeaders { body: #body, headers: () }) }
            }
        };
        // Unused when the operation takes no body or no header blocks.
        let bind = quote!((__request, __headers));
        arms.push(quote! {
            #i => {
                #[allow(unused_variables)]
                let #bind: (#request_ty, #headers_ty) = __call.decode()?;
                let __imp = ::std::sync::Arc::clone(__imp);
                ::std::result::Result::Ok(#rt::server::respond(async move { #answer }))
            }
        });
    }
    let unknown =
        quote!(::std::result::Result::Err(#rt::server::SoapFault::server("no operation at this index")));
    // A port without operations has nothing to match on (clippy's
    // match_single_binding would reject a lone `_` arm).
    let body = if arms.is_empty() {
        quote! {
            let _ = (__imp, __index, __call);
            #unknown
        }
    } else {
        quote! {
            match __index {
                #(#arms)*
                _ => #unknown,
            }
        }
    };
    Ok(quote! {
        pub(super) fn #name<S: super::#service>(
            __imp: &::std::sync::Arc<S>,
            __index: usize,
            __call: &#rt::server::Call<'_>,
        ) -> ::std::result::Result<#rt::server::Handler, #rt::server::SoapFault> {
            #body
        }
    })
}
