//! Which clients a WSDL gets: one per SOAP port of its services, and one per
//! SOAP binding no port uses (a WSDL without `wsdl:service` gets a client
//! per binding; the endpoint is then the user's). A SOAP 1.2 binding next
//! to a SOAP 1.1 binding of the same port type gives no client of its own:
//! the 1.1 client speaks 1.2 with one runtime setting.
//!
//! References between WSDL components resolve by QName; with the lenient
//! setting an unresolved one falls back to the only component of that kind
//! and local name in the referring document (vendors write unprefixed
//! QNames that only resolve in the target namespace).

use std::collections::BTreeSet;

use super::{Entry, Lowerer, Scope, Table};
use crate::Error;
use crate::ir::{Client, ClientBinding, QName, ServerSide, SoapVersion};
use crate::model::{self, Binding};

/// Where a client comes from.
pub(super) struct ClientSource<'a, 'd> {
    pub binding: &'a Entry<'d, Binding>,
    pub port: Option<(&'a Entry<'d, model::Service>, &'d model::Port)>,
}

impl<'d> Lowerer<'_, 'd> {
    /// One client per usable port, then per binding no port uses, in
    /// document order.
    pub(super) fn clients(&mut self) -> Result<Vec<Client>, Error> {
        let ix = self.ix;
        let mut out = Vec::new();
        let mut used = BTreeSet::new();
        for service in &ix.services {
            for port in &service.item.ports {
                let from = format!("service {} / port {}", service.item.name.local, port.name);
                let (i, binding) =
                    self.resolve(&ix.bindings, service.scope(), "binding", &port.binding, &from)?;
                used.insert(i);
                if !self.is_usable(service.scope(), binding.item, &from) {
                    continue;
                }
                let source = ClientSource { binding, port: Some((service, port)) };
                out.push(self.client(&source)?);
            }
        }
        for (i, binding) in ix.bindings.entries.iter().enumerate() {
            let Some(soap) = &binding.item.soap else { continue };
            let covered = out.iter().any(|c: &Client| self.same_port_type(c, binding.item));
            if used.contains(&i)
                || covered
                || (soap.version == model::SoapVersion::Soap12 && self.has_soap11(binding.item))
            {
                continue;
            }
            out.push(self.client(&ClientSource { binding, port: None })?);
        }
        for client in &mut out {
            if client.binding.version == SoapVersion::Soap11 {
                client.binding.soap12_sibling = self.soap12_sibling(&client.binding.name);
            }
        }
        if ix.bindings.entries.is_empty() {
            let file = self.ix.first_file.clone();
            self.warn(
                &file,
                "no wsdl:binding: the module holds the schema types only, without a client".into(),
            );
        }
        Ok(out)
    }

    /// True for a SOAP binding, unless it is a SOAP 1.2 binding with a SOAP
    /// 1.1 sibling (whose client speaks 1.2 with one setting). Other
    /// bindings (HTTP, MIME) are skipped with a warning.
    fn is_usable(&mut self, sc: Scope, binding: &Binding, from: &str) -> bool {
        match binding.soap.as_ref().map(|s| s.version) {
            Some(model::SoapVersion::Soap11) => true,
            Some(model::SoapVersion::Soap12) => !self.has_soap11(binding),
            None => {
                let message = format!("{from}: binding {} is not a SOAP binding; port skipped", binding.name);
                self.warn(sc.file, message);
                false
            }
        }
    }

    fn has_soap11(&self, binding: &Binding) -> bool {
        self.ix.bindings.entries.iter().any(|b| {
            b.item.port_type == binding.port_type
                && b.item.soap.as_ref().is_some_and(|s| s.version == model::SoapVersion::Soap11)
        })
    }

    /// The SOAP 1.2 binding of the same port type as SOAP 1.1 binding
    /// `name`, if there is one.
    fn soap12_sibling(&self, name: &str) -> Option<String> {
        let bindings = &self.ix.bindings.entries;
        let this = bindings.iter().find(|b| b.item.name.local == name)?;
        bindings
            .iter()
            .find(|b| {
                b.item.port_type == this.item.port_type
                    && b.item.soap.as_ref().is_some_and(|s| s.version == model::SoapVersion::Soap12)
            })
            .map(|b| b.item.name.local.clone())
    }

    fn same_port_type(&self, client: &Client, binding: &Binding) -> bool {
        let bindings = &self.ix.bindings.entries;
        bindings
            .iter()
            .any(|b| b.item.name.local == client.binding.name && b.item.port_type == binding.port_type)
    }

    fn client(&mut self, source: &ClientSource<'_, 'd>) -> Result<Client, Error> {
        let ix = self.ix;
        let binding = source.binding;
        let bsc = binding.scope();
        let from = format!("binding {}", binding.item.name.local);
        let (_, port_type) = self.resolve(&ix.port_types, bsc, "portType", &binding.item.port_type, &from)?;
        let version = match binding.item.soap.as_ref().map(|s| s.version) {
            Some(model::SoapVersion::Soap12) => SoapVersion::Soap12,
            _ => SoapVersion::Soap11,
        };
        let mut operations = Vec::new();
        let mut seen = Vec::new();
        for bo in &binding.item.operations {
            // The how-manieth binding operation of this name: overloads
            // fall back to matching by position.
            let nth = seen.iter().filter(|n| **n == bo.name.as_str()).count();
            seen.push(bo.name.as_str());
            if let Some(op) = self.operation(bsc, binding.item, port_type.item, bo, nth)? {
                operations.push(op);
            }
        }
        let declared_in = match source.port {
            Some((service, _)) => service.file,
            None => binding.file,
        };
        let (port, service, endpoint, doc) = match source.port {
            Some((service, port)) => (
                port.name.clone(),
                service.item.name.local.clone(),
                port.address.clone(),
                port.doc.clone().or_else(|| service.item.doc.clone()),
            ),
            None => (binding.item.name.local.clone(), String::new(), None, port_type.item.doc.clone()),
        };
        let mut client = Client {
            port,
            service,
            rust: String::new(),
            endpoint,
            doc,
            operations,
            binding: ClientBinding {
                name: binding.item.name.local.clone(),
                version,
                ..ClientBinding::default()
            },
            server: ServerSide { source: declared_in.to_owned(), trait_rust: String::new() },
        };
        self.client_level_headers(&mut client);
        Ok(client)
    }

    /// Finds `name` in `table` from scope `sc`; with the lenient setting
    /// an unresolved name falls back to the only entry of the referring
    /// document with the same local name (a warning says so). A strict
    /// failure that the lenient setting would fix says so.
    pub(super) fn resolve<'t, T>(
        &mut self,
        table: &'t Table<'d, T>,
        sc: Scope,
        kind: &'static str,
        name: &QName,
        from: &str,
    ) -> Result<(usize, &'t Entry<'d, T>), Error> {
        if let Some(found) = table.find(sc.unit, name) {
            return Ok(found);
        }
        let candidates: Vec<usize> = table
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.unit == sc.unit && e.file == sc.file)
            .filter(|(i, _)| table.name_of(*i).is_some_and(|q| q.local == name.local))
            .map(|(i, _)| i)
            .collect();
        let (Some(&i), 1) = (candidates.first(), candidates.len()) else {
            return Err(sc.unresolved(kind, name, from));
        };
        let (Some(entry), Some(found)) = (table.entries.get(i), table.name_of(i)) else {
            return Err(sc.unresolved(kind, name, from));
        };
        let what =
            format!("{from}: {kind} {name} resolves only as {found} (an unprefixed or misprefixed QName)");
        if !self.lenient {
            return Err(Error::Lenient { file: sc.file.to_owned(), message: what });
        }
        self.warn(sc.file, format!("{what}; accepted by the lenient setting"));
        Ok((i, entry))
    }
}
