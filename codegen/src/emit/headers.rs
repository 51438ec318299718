//! What the binding side adds to a client: the structs of its header
//! blocks (client-level `<Client>Headers`, per-call `<Op>Headers`, response
//! `<Op>OutputHeaders`), the statements that write an operation's blocks,
//! and the enum of its declared fault details (`<Client>Fault`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, docs, ident, name_tokens};
use crate::Error;
use crate::ir::{Client, HeaderBlock, Operation};

/// The structs and the fault enum of `c`, for the module's top level.
pub(crate) fn emit_items(ctx: &Ctx<'_>, c: &Client) -> Result<TokenStream, Error> {
    let mut items = Vec::new();
    let b = &c.binding;
    if !b.headers.is_empty() {
        let name = ident(&b.headers_rust)?;
        let doc = format!(
            " Header blocks most operations of `{}` carry, sent by every operation that declares them; set \
             them once on the client (`headers_mut`, `with_headers`).",
            c.rust
        );
        items.push(input_struct(ctx, &name, &doc, &b.headers)?);
    }
    for op in &c.operations {
        let ob = &op.binding;
        if !ob.input_headers.is_empty() {
            let name = ident(&ob.input_headers_rust)?;
            let doc = format!(" Per-call header blocks of operation {}.", docs::code(&op.wire));
            items.push(input_struct(ctx, &name, &doc, &ob.input_headers)?);
        }
        if !ob.output_headers.is_empty() {
            items.push(output_struct(ctx, op)?);
        }
    }
    if !b.faults.is_empty() {
        items.push(fault_enum(ctx, c)?);
    }
    Ok(quote! { #(#items)* })
}

fn block_doc(ctx: &Ctx<'_>, block: &HeaderBlock) -> Vec<String> {
    let mut lines = vec![format!(
        " {} (part {}); `None` is not sent.",
        docs::code(&block.name.to_string()),
        docs::code(&block.part)
    )];
    if ctx.settings.docs {
        if let Some(doc) = &block.doc {
            lines.push(String::new());
            lines.extend(docs::lines(doc));
        }
    }
    lines
}

/// A struct of optional header blocks to send.
fn input_struct(
    ctx: &Ctx<'_>,
    name: &proc_macro2::Ident,
    doc: &str,
    blocks: &[HeaderBlock],
) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let mut fields = Vec::new();
    for block in blocks {
        let fname = ident(&block.rust)?;
        let ty = super::types::value_type(ctx, &block.ty)?;
        let fdoc = block_doc(ctx, block);
        fields.push(quote! { #(#[doc = #fdoc])* pub #fname: ::std::option::Option<#rt::Header<#ty>>, });
    }
    let note = " `Debug` shows which blocks are set, not their values.";
    let derives = super::derives::derives(ctx);
    Ok(quote! {
        #[doc = #doc]
        ///
        #[doc = #note]
        #[derive(Debug, Clone, Default)]
        #derives
        pub struct #name { #(#fields)* }
    })
}

/// `<Op>OutputHeaders` and its `FromHeaders` impl.
fn output_struct(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream, Error> {
    let lazy = super::lazy_codegen();
    let rt = &ctx.rt;
    let name = ident(&op.binding.output_headers_rust)?;
    let doc = format!(" Header blocks of the response to operation {}.", docs::code(&op.wire));
    let mut fields = Vec::new();
    let mut arms = Vec::new();
    for block in &op.binding.output_headers {
        let fname = ident(&block.rust)?;
        let ty = super::types::value_type(ctx, &block.ty)?;
        let local = &block.name.local;
        let fdoc = format!(
            " {} (part {}), if the server sent it.",
            docs::code(&block.name.to_string()),
            docs::code(&block.part)
        );
        fields.push(quote! { #[doc = #fdoc] pub #fname: ::std::option::Option<#ty>, });
        arms.push(quote! { #local => { r.set(&mut self.#fname, el)?; ::std::result::Result::Ok(true) } });
    }
    let derives = super::derives::derives(ctx);
    Ok(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Default)]
        #derives
        pub struct #name { #(#fields)* }

        impl #rt::FromHeaders for #name {
            #lazy
            fn read_header<'a>(&mut self, r: &mut #rt::XmlReader<'a>, el: &#rt::StartTag<'a>) -> ::std::result::Result<bool, #rt::DecodeError> {
                match el.local_name() {
                    #(#arms)*
                    _ => ::std::result::Result::Ok(false),
                }
            }
        }
    })
}

/// The statements writing `op`'s input header blocks inside the closure
/// given to `call_with` (`__h`): client-level ones from `self.headers`,
/// per-call ones from `__headers`.
pub(crate) fn header_writes(ctx: &Ctx<'_>, c: &Client, op: &Operation) -> Result<Vec<TokenStream>, Error> {
    let rt = &ctx.rt;
    let mut out = Vec::new();
    for &i in &op.binding.client_headers {
        let block =
            c.binding.headers.get(i).ok_or_else(|| Error::Emit {
                message: format!("dangling client header {i} of {}", op.wire),
            })?;
        let fname = ident(&block.rust)?;
        let name = name_tokens(rt, &block.name);
        out.push(quote! { __h.block(#name, &self.headers.#fname); });
    }
    for block in &op.binding.input_headers {
        let fname = ident(&block.rust)?;
        let name = name_tokens(rt, &block.name);
        out.push(quote! { __h.block(#name, &__headers.#fname); });
    }
    Ok(out)
}

/// `<Client>Fault`: one variant per declared fault detail element, made
/// from a `Fault` by its detail's element name.
fn fault_enum(ctx: &Ctx<'_>, c: &Client) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let name = ident(&c.binding.faults_rust)?;
    let doc = format!(
        " The fault details the operations of `{}` declare (`wsdl:fault`): `fault.typed::<{}>()` decodes a \
         fault's detail into the variant its element names. Any other detail stays available raw \
         (`Fault::detail`).",
        c.rust, c.binding.faults_rust
    );
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut seen = Vec::new();
    for f in &c.binding.faults {
        let vname = ident(&f.rust)?;
        let ty = super::types::value_type(ctx, &f.ty)?;
        let vdoc = format!(" Detail element {}.", docs::code(&f.name.to_string()));
        variants.push(quote! { #[doc = #vdoc] #vname(#ty), });
        // Servers disagree on qualifying the detail element: matched by
        // local name, the first declaration winning.
        let local = &f.name.local;
        if !seen.contains(local) {
            seen.push(local.clone());
            arms.push(
                quote! { #local => ::std::option::Option::Some(fault.detail::<#ty>()?.map(Self::#vname)), },
            );
        }
    }
    let derives = super::derives::derives(ctx);
    Ok(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #derives
        pub enum #name { #(#variants)* }

        impl #rt::FromFault for #name {
            fn from_fault(fault: &#rt::Fault) -> ::std::option::Option<::std::result::Result<Self, #rt::DecodeError>> {
                let (_, __local) = fault.detail_name()?;
                match __local.as_str() {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    })
}
