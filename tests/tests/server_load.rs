//! Load on our server: 64 concurrent clients (each its own `SoapClient`,
//! so its own connections) make 10,000 rpc/encoded calls in all against
//! one innovaphone service (`Echo`, `Poll` with nested arrays, `UserCall`
//! with an array argument, in turn), with no error, every answer checked,
//! and keep-alive on the server side: about one connection per client.
//!
//! Throughput is printed, not asserted (the machine is shared, and this is
//! an unoptimised test build): `cargo test -p pbx-soap-tests --test
//! server_load -- --nocapture` shows it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use pbx_soap::innovaphone::*;
use pbx_soap::rt::SoapClient;
use pbx_soap::rt::server::{Server, SoapFault, context};
use pbx_soap_tests::interop::TRICKY as T;

const CLIENTS: usize = 64;
const CALLS: usize = 10_000;

/// Answers three operations and notes the connections it was called over.
#[derive(Clone, Default)]
struct Pbx {
    connections: Arc<Mutex<BTreeSet<u64>>>,
}

impl Pbx {
    fn note(&self) {
        let connection = context().map(|c| c.connection()).unwrap_or_default();
        self.connections.lock().unwrap().insert(connection);
    }
}

fn events(session: i32) -> AnyInfo {
    let user = |i: i32| UserInfo {
        cn: format!("{T} {i}"),
        e164: format!("{}", 200 + i),
        state: i % 2,
        groups: vec![Group { group: "all".into(), active: true }],
        ..Default::default()
    };
    let info = Info { r#type: "conf".into(), vali: session, vals: T.into() };
    let call = CallInfo { call: session, state: 0x85, info: vec![info], ..Default::default() };
    AnyInfo { user: (0..3).map(user).collect(), call: vec![call], ..Default::default() }
}

impl PbxPortServer for Pbx {
    async fn echo(&self, session: i32, key: i32) -> Result<i32, SoapFault> {
        self.note();
        Ok(session ^ key)
    }

    async fn poll(&self, session: i32) -> Result<AnyInfo, SoapFault> {
        self.note();
        Ok(events(session))
    }

    async fn user_call(&self, request: UserCallRequest) -> Result<i32, SoapFault> {
        self.note();
        Ok(request.user + request.info.len() as i32)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_calls_from_64_clients() {
    let pbx = Pbx::default();
    let server = Server::builder().service(pbx.clone().into_service()).bind("127.0.0.1:0").await.unwrap();
    let url = server.endpoint("pbxPort").unwrap();

    let started = Instant::now();
    let mut clients = Vec::new();
    for c in 0..CLIENTS {
        let port = PbxPort::new(SoapClient::new(&url).unwrap());
        let calls = (CALLS / CLIENTS) + usize::from(c < CALLS % CLIENTS);
        clients.push(tokio::spawn(async move {
            let mut errors = Vec::new();
            for i in 0..calls {
                let n = (c * 1000 + i) as i32;
                let outcome = match i % 3 {
                    0 => port.echo(n, 0x5a5a).await.map(|v| v == n ^ 0x5a5a),
                    1 => port.poll(n).await.map(|e| e == events(n)),
                    _ => {
                        let info = vec![Info { r#type: "a".into(), vali: n, vals: T.into() }; 3];
                        let request =
                            UserCallRequest { user: n, e164: "201".into(), info, ..Default::default() };
                        port.user_call(request).await.map(|v| v == n + 3)
                    }
                };
                match outcome {
                    Ok(true) => {}
                    Ok(false) => errors.push(format!("client {c} call {i}: wrong answer")),
                    Err(e) => errors.push(format!("client {c} call {i}: {e}")),
                }
            }
            (calls, errors)
        }));
    }
    let mut done = 0;
    let mut errors = Vec::new();
    for client in clients {
        let (calls, e) = client.await.unwrap();
        done += calls;
        errors.extend(e);
    }
    let elapsed = started.elapsed();
    let connections = pbx.connections.lock().unwrap().len();
    println!(
        "{done} calls from {CLIENTS} clients in {:.2} s: {:.0} calls/s, {} errors, {connections} connections",
        elapsed.as_secs_f64(),
        done as f64 / elapsed.as_secs_f64(),
        errors.len()
    );
    assert_eq!(done, CALLS);
    assert!(errors.is_empty(), "{} errors, first: {:?}", errors.len(), errors.first());
    // Keep-alive: each client's calls ride its own connection or two.
    assert!((CLIENTS..=2 * CLIENTS).contains(&connections), "{connections} connections");
    server.shutdown().await;
}
