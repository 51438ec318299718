//! The calls of the interoperability tests and the services that answer
//! them, one file per vendor, both from the values of the cases files under
//! `tests/php/cases/`: the calls (the generated clients, checked against
//! any peer answering from those files: PHP's SoapServer, Axis, our own
//! server) and `Peer`, the generated server traits implemented from the
//! same values (arguments checked, answers given), for the generated
//! clients, PHP's SoapClient and Axis's client stubs to call.

pub mod brekeke;
pub mod innovaphone;
pub mod monema;
pub mod sipxconfig;

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use pbx_soap::rt::server::{RunningServer, SoapFault, context};

/// What a `Peer` was called for, and its one rule: the arguments must be a
/// case's, whose answer it gives.
#[derive(Debug, Clone, Default)]
pub struct Served {
    /// (service path, operation index) of every call answered.
    calls: Arc<Mutex<BTreeSet<(String, usize)>>>,
}

impl Served {
    /// The answer of the case whose arguments `got` are; any other
    /// arguments get a `Client` fault showing them, as PHP's peer does
    /// (`unexpected arguments for <op>`).
    pub fn reply<A: PartialEq + Debug, R>(
        &self,
        got: A,
        cases: impl IntoIterator<Item = (A, Result<R, SoapFault>)>,
    ) -> Result<R, SoapFault> {
        let ctx = context().ok_or_else(|| SoapFault::server("called outside a request"))?;
        for (args, answer) in cases {
            if args == got {
                let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
                calls.insert((ctx.path().to_owned(), ctx.operation_index()));
                return answer;
            }
        }
        Err(SoapFault::client(format!("unexpected arguments for {}", ctx.operation()))
            .with_detail_text(format!("{got:?}")))
    }

    /// Every operation of `server`'s services no call reached with a
    /// case's arguments, as `<path> <operation> (#<index>)`.
    pub fn missing(&self, server: &RunningServer) -> Vec<String> {
        let calls = self.calls.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let mut missing = Vec::new();
        for (path, port) in server.services() {
            for (i, op) in port.operations.iter().enumerate() {
                if !calls.contains(&(path.clone(), i)) {
                    missing.push(format!("{path} {} (#{i})", op.name));
                }
            }
        }
        missing
    }

    /// Panics naming every operation of `server`'s services no call
    /// reached with a case's arguments.
    #[allow(clippy::panic)]
    pub fn assert_every_operation(&self, server: &RunningServer) {
        let missing = self.missing(server);
        assert!(missing.is_empty(), "operations never served with a case's arguments: {missing:?}");
    }
}
