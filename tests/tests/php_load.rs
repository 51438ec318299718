//! Load: 64 concurrent tasks sharing one client make 2,000 calls in all
//! against the PHP SoapServer peer (Monema's C_getCredit and C_getCalls),
//! with no error, and the client's connection pool reuses connections: the
//! peer's keep-alive front sees about one connection per concurrent task
//! (a few more when a request starts just before another returns its
//! connection to the pool), a small fraction of the calls.
//!
//! Throughput is printed, not asserted (the machine is shared). The same
//! load against the in-process stub server runs alongside, to tell where
//! the time goes: on the 2-core development machine both ran at about
//! 1,300-1,400 calls/s, so PHP (eight `php -S` workers) is not the limit
//! there; the client and the keep-alive front share one unoptimised test
//! process.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::time::Instant;

use pbx_soap::monema::*;
use pbx_soap::rt::SoapClient;
use pbx_soap_tests::interop::TRICKY as T;
use pbx_soap_tests::php_peer::{PhpPeer, php_file, wsdl};

const TASKS: usize = 64;
const CALLS: usize = 2_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_thousand_calls_from_64_tasks_on_one_client() {
    let wsdl = wsdl("monema", "pb_tamtam.wsdl");
    let cases = php_file("cases/monema.json");
    let peer =
        PhpPeer::start(&php_file("peer.php"), &[("PEER_WSDL", &wsdl), ("PEER_CASES", &cases)], 8).await;
    let client = SoapClient::new(peer.url("/pb_tamtam_wsdl.php")).unwrap();
    let monema = Monema::new(client, "acme", T);

    let elapsed = load(&monema).await;
    let requests = peer.requests();
    assert_eq!(requests.len(), CALLS);
    let connections: BTreeSet<usize> = requests.iter().map(|r| r.connection).collect();
    println!(
        "{CALLS} calls from {TASKS} tasks in {:.2} s ({:.0} calls/s) over {} TCP connections \
         ({:.0} calls per connection)",
        elapsed.as_secs_f64(),
        CALLS as f64 / elapsed.as_secs_f64(),
        connections.len(),
        CALLS as f64 / connections.len() as f64
    );
    // Without reuse every call would open one (2,000).
    assert!(connections.len() <= 2 * TASKS, "{} connections for {TASKS} concurrent tasks", connections.len());
    let busiest = connections.iter().map(|c| requests.iter().filter(|r| r.connection == *c).count()).max();
    assert!(busiest.unwrap_or(0) >= 10, "no connection carried 10 calls: {busiest:?}");
}

/// Runs the load: `CALLS` calls from `TASKS` tasks sharing `monema`'s
/// client; panics on any failed call. Returns the wall time.
async fn load(monema: &Monema) -> std::time::Duration {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let monema = monema.clone();
        let calls = CALLS / TASKS + usize::from(task < CALLS % TASKS);
        tasks.push(tokio::spawn(async move {
            let mut errors = Vec::new();
            for i in 0..calls {
                // Alternate a scalar answer and a 2-struct array.
                let result = if i % 2 == 0 {
                    monema.credit().await.map(|c| assert_eq!(c, 1_234_567.125))
                } else {
                    monema
                        .calls("2026-11-01 00:00:00", "", "", CallFilter::Incoming)
                        .await
                        .map(|calls| assert_eq!(calls.len(), 2))
                };
                if let Err(e) = result {
                    errors.push(e.to_string());
                }
            }
            (calls, errors)
        }));
    }
    let mut made = 0;
    let mut errors = Vec::new();
    for task in tasks {
        let (calls, task_errors) = task.await.unwrap();
        made += calls;
        errors.extend(task_errors);
    }
    let elapsed = started.elapsed();
    assert_eq!(made, CALLS);
    assert!(errors.is_empty(), "{} of {CALLS} calls failed, first: {}", errors.len(), errors[0]);
    elapsed
}

/// The same load against canned answers from the in-process stub server,
/// for comparison with the PHP peer's figure.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_load_against_a_fast_local_server() {
    let credit =
        pbx_soap_tests::fixtures::read("monema", "responses", "c_get_credit").replace("12.5", "1234567.125");
    let calls = pbx_soap_tests::fixtures::read("monema", "responses", "c_get_calls");
    let server = pbx_soap_tests::http_stub::StubServer::start(move |req| {
        let body = if req.body_text().contains("C_getCredit") { credit.clone() } else { calls.clone() };
        pbx_soap_tests::http_stub::Reply::xml(200, body)
    })
    .await
    .unwrap();
    let monema = Monema::new(SoapClient::new(server.url("/pb_tamtam_wsdl.php")).unwrap(), "acme", T);
    let elapsed = load(&monema).await;
    let connections: BTreeSet<usize> = server.requests().iter().map(|r| r.connection).collect();
    println!(
        "{CALLS} calls from {TASKS} tasks against the local stub in {:.2} s ({:.0} calls/s) over {} TCP connections",
        elapsed.as_secs_f64(),
        CALLS as f64 / elapsed.as_secs_f64(),
        connections.len()
    );
    assert!(connections.len() <= 2 * TASKS, "{} connections", connections.len());
}
