//! Header blocks (`soap:header`, `soap:headerfault`) and declared faults
//! (`wsdl:fault`) of the operations, and which header blocks become
//! client-level settings.
//!
//! A header block carried by at least half of a client's operations (a
//! session, version or credentials header: EWS's `RequestServerVersion`,
//! Salesforce's `SessionHeader`) is a client-level setting, sent by the
//! operations that declare it; the others are set per call. A `wsse:Security`
//! header is the runtime's WS-Security setting, not a typed header.

use super::ops::OpCx;
use super::{Lowerer, Scope};
use crate::Error;
use crate::ir::{Client, FaultDetail, HeaderBlock, OperationBinding, QName, TypeRef};
use crate::model::{IoMessage, PartKind, SoapHeader};
use crate::parse::known::WSSE_NS;

/// What a header part turned into.
enum Block {
    Typed(Box<HeaderBlock>),
    /// `wsse:Security`: written by the runtime.
    Security,
    /// Not modelled (a warning says why).
    Skipped,
}

impl Lowerer<'_, '_> {
    /// The header blocks and declared faults of one operation. Faults are
    /// gathered per client in `client_faults`; the operation keeps indexes.
    pub(super) fn operation_binding(
        &mut self,
        ocx: &OpCx,
        headers_in: &[SoapHeader],
        headers_out: &[SoapHeader],
        faults: &[IoMessage],
    ) -> Result<OperationBinding, Error> {
        let mut b = OperationBinding::default();
        for (dir, headers) in [("input", headers_in), ("output", headers_out)] {
            for h in headers {
                let from = format!("{} / {dir} / soap:header {}", ocx.from, h.part);
                match self.header_block(ocx.sc, &h.message, &h.part, h.namespace.as_deref(), &from)? {
                    Block::Typed(block) if dir == "input" => b.input_headers.push(*block),
                    Block::Typed(block) => b.output_headers.push(*block),
                    Block::Security => b.ws_security = true,
                    Block::Skipped => {}
                }
                for hf in &h.faults {
                    let from = format!("{from} / soap:headerfault {}", hf.part);
                    if let Block::Typed(block) =
                        self.header_block(ocx.sc, &hf.message, &hf.part, None, &from)?
                        && !b.header_faults.iter().any(|x| x.name == block.name)
                    {
                        b.header_faults.push(*block);
                    }
                }
            }
        }
        for fault in faults {
            if let Some(detail) = self.fault_detail(ocx.sc, fault, &ocx.from)? {
                let index = match self.client_faults.iter().position(|f| f.name == detail.name) {
                    Some(i) => i,
                    None => {
                        self.client_faults.push(detail);
                        self.client_faults.len() - 1
                    }
                };
                if !b.faults.contains(&index) {
                    b.faults.push(index);
                }
            }
        }
        Ok(b)
    }

    /// Part `part` of `message` as a header block: the part's element, or
    /// for a `type=` part an element named after the part (in the
    /// `soap:header` namespace, if given).
    fn header_block(
        &mut self,
        sc: Scope,
        message: &QName,
        part: &str,
        namespace: Option<&str>,
        from: &str,
    ) -> Result<Block, Error> {
        let ix = self.ix;
        let (_, msg) = self.resolve(&ix.messages, sc, "message", message, from)?;
        let Some(p) = msg.item.parts.iter().find(|p| p.name == part) else {
            let message = format!("{from}: names part `{part}` that message {message} lacks");
            return Err(Error::Invalid { file: sc.file.to_owned(), message });
        };
        let msc = msg.scope();
        let (name, ty, doc) = match &p.kind {
            PartKind::Element(q) if q.ns.as_deref() == Some(WSSE_NS) && q.local == "Security" => {
                return Ok(Block::Security);
            }
            PartKind::Element(q) => {
                let (i, element) = self.resolve(&ix.elements, msc, "element", q, from)?;
                let ty = self.global_element_type(element.scope(), i, element.item, from)?;
                (element.item.name.clone(), ty, p.doc.clone().or_else(|| element.item.doc.clone()))
            }
            PartKind::Type(t) => {
                (QName::new(namespace, &p.name), self.type_ref(msc, t, from)?, p.doc.clone())
            }
        };
        if matches!(ty, TypeRef::List { .. }) {
            self.warn(
                sc.file,
                format!("{from}: header block {name} of a list type is not supported yet; skipped"),
            );
            return Ok(Block::Skipped);
        }
        Ok(Block::Typed(Box::new(HeaderBlock {
            name,
            ty,
            part: format!("{}/{}", message.local, part),
            rust: String::new(),
            doc,
        })))
    }

    /// The detail element of a declared fault: the fault message's one part.
    fn fault_detail(
        &mut self,
        sc: Scope,
        fault: &IoMessage,
        from: &str,
    ) -> Result<Option<FaultDetail>, Error> {
        let ix = self.ix;
        let from = format!("{from} / fault {}", fault.name.as_deref().unwrap_or(&fault.message.local));
        let (_, msg) = self.resolve(&ix.messages, sc, "message", &fault.message, &from)?;
        let [part] = msg.item.parts.as_slice() else {
            let n = msg.item.parts.len();
            self.warn(
                sc.file,
                format!("{from}: fault message with {n} parts (one expected); detail kept raw only"),
            );
            return Ok(None);
        };
        let msc = msg.scope();
        let (name, ty) = match &part.kind {
            PartKind::Element(q) => {
                let (i, element) = self.resolve(&ix.elements, msc, "element", q, &from)?;
                (
                    element.item.name.clone(),
                    self.global_element_type(element.scope(), i, element.item, &from)?,
                )
            }
            PartKind::Type(t) => (QName::new(None, &part.name), self.type_ref(msc, t, &from)?),
        };
        if matches!(ty, TypeRef::List { .. }) {
            self.warn(sc.file, format!("{from}: fault detail {name} of a list type is kept raw only"));
            return Ok(None);
        }
        Ok(Some(FaultDetail { name, ty, rust: String::new() }))
    }

    /// Moves the header blocks most operations carry to the client, and
    /// the faults gathered while lowering its operations.
    pub(super) fn client_level_headers(&mut self, client: &mut Client) {
        client.binding.faults = std::mem::take(&mut self.client_faults);
        let ops = client.operations.len();
        let mut shared: Vec<HeaderBlock> = Vec::new();
        for op in &client.operations {
            for block in &op.binding.input_headers {
                if shared.iter().any(|s| s.name == block.name) {
                    continue;
                }
                let carriers: Vec<&HeaderBlock> = client
                    .operations
                    .iter()
                    .filter_map(|o| o.binding.input_headers.iter().find(|b| b.name == block.name))
                    .collect();
                let same_type = carriers.iter().all(|b| b.ty == block.ty);
                if same_type && carriers.len() * 2 >= ops {
                    shared.push(block.clone());
                }
            }
        }
        for op in &mut client.operations {
            let binding = &mut op.binding;
            let (to_client, per_call): (Vec<HeaderBlock>, Vec<HeaderBlock>) =
                std::mem::take(&mut binding.input_headers)
                    .into_iter()
                    .partition(|block| shared.iter().any(|s| s.name == block.name));
            binding.client_headers = to_client
                .iter()
                .filter_map(|block| shared.iter().position(|s| s.name == block.name))
                .collect();
            binding.input_headers = per_call;
        }
        client.binding.headers = shared;
    }
}
