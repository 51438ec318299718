//! Throughput of the server side: 64 concurrent clients (each its own
//! `SoapClient` and connection) make 10,000 calls of the generated
//! innovaphone client against a generated `PbxPortServer` served by
//! `rt::server`, and the same calls against a canned responder on the same
//! HTTP stack (hyper, keep-alive) that sends a prepared answer without
//! reading the request: the ratio of the two is what the server's SOAP
//! work (routing, decoding, dispatch, encoding) costs in a whole call.
//!
//! `cargo bench -p pbx-soap --features server --bench server` prints calls
//! per second and the ratio, measured in one run (release build); under
//! `cargo test --benches` it makes 640 calls each and prints nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use pbx_soap::innovaphone::{AnyInfo, CallInfo, Group, Info, PbxPort, PbxPortServer, UserInfo};
use pbx_soap::rt::SoapClient;
use pbx_soap::rt::server::{Server, SoapFault};

#[path = "support/canned.rs"]
mod canned;
use canned::canned;

const CLIENTS: usize = 64;

struct Pbx;

fn events(session: i32) -> AnyInfo {
    let user = |i: i32| UserInfo {
        cn: format!("user {i}"),
        e164: format!("{}", 200 + i),
        groups: vec![Group { group: "all".into(), active: true }],
        ..Default::default()
    };
    let info = Info { r#type: "conf".into(), vali: session, vals: "x".into() };
    let call = CallInfo { call: session, state: 0x85, info: vec![info], ..Default::default() };
    AnyInfo { user: (0..3).map(user).collect(), call: vec![call], ..Default::default() }
}

impl PbxPortServer for Pbx {
    async fn poll(&self, session: i32) -> Result<AnyInfo, SoapFault> {
        Ok(events(session))
    }
}

/// `calls` Poll calls from [`CLIENTS`] clients of `url`; the wall time.
async fn load(url: &str, calls: usize) -> Duration {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let port = PbxPort::new(SoapClient::new(url).unwrap());
        let n = calls / CLIENTS;
        tasks.push(tokio::spawn(async move {
            for _ in 0..n {
                let got = port.poll(c as i32).await.unwrap();
                assert_eq!(got.user.len(), 3);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    started.elapsed()
}

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let calls = if measuring { 10_000 } else { CLIENTS * 10 };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let server = Server::builder().service(Pbx.into_service()).bind("127.0.0.1:0").await;
        let server = server.unwrap();
        let url = server.endpoint("pbxPort").unwrap();
        // The canned answer is the server's own answer to Poll(0).
        let body = reqwest::Client::new()
            .post(&url)
            .header("content-type", "text/xml")
            .body(r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><p:Poll xmlns:p="http://innovaphone.com/pbx"><session>0</session></p:Poll></e:Body></e:Envelope>"#)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let canned = canned(body).await;
        // Warm-up, then the two alternately.
        load(&url, CLIENTS * 10).await;
        let (mut ours, mut floor) = (Vec::new(), Vec::new());
        for _ in 0..3 {
            ours.push(load(&url, calls).await);
            floor.push(load(&canned, calls).await);
        }
        if measuring {
            ours.sort();
            floor.sort();
            let (o, f) = (ours[1].as_secs_f64(), floor[1].as_secs_f64());
            println!("server: {calls} Poll calls from {CLIENTS} clients (median of 3)");
            println!("  generated client -> rt::server + generated PbxPortServer: {:.0} calls/s", calls as f64 / o);
            println!("  generated client -> canned hyper responder:              {:.0} calls/s", calls as f64 / f);
            println!("  time ratio ours/canned: {:.2}", o / f);
        }
        server.shutdown().await;
    });
}
