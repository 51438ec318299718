//! The cost of a whole call through the generated client: 64 concurrent
//! tasks calling one innovaphone operation (one shared `PbxPort`, so one
//! connection pool) against an in-process hyper server that answers every
//! request with the same canned response, against raw reqwest POSTs of the
//! same request bytes to the same server, reading the whole answer. The
//! difference is what the generated call path adds: encoding the request,
//! the client's checks, decoding the answer. A third series sends the raw
//! POSTs through a reqwest client with `SoapClient`'s settings (timeouts,
//! no redirects, TCP keep-alive, user agent), to tell what those cost from
//! what the SOAP work costs; and the SOAP work alone (encoding the request
//! and decoding the answer in a loop) is put beside a raw call's CPU time.
//! Two operations: `Version`
//! (five short fields: mostly the call path) and `Poll` answered with three
//! UserInfo and a CallInfo (about 4 KB of rpc/encoded XML: mostly
//! decoding).
//!
//! `cargo bench -p pbx-soap --features server --bench calls` prints calls
//! per second and the ratios generated/raw of wall time and of the
//! process's CPU time (client and server together; on a busy machine the
//! steadier of the two), medians of alternating rounds of one run; under
//! `cargo test --benches` it makes 640 calls each and prints nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use pbx_soap::innovaphone::{
    AnyInfo, CallInfo, Group, Info, PbxPort, PollRequest, PollResponse, UserInfo, VersionRequest,
    VersionResponse,
};
use pbx_soap::rt::{
    DecodeOptions, Name, Operation, SoapClient, SoapVersion, ToXml, read_response, write_request,
};

#[path = "support/canned.rs"]
mod canned;
#[allow(dead_code)] // the operation description is what this bench uses
#[path = "responses/poll.rs"]
mod poll_response;
use poll_response::{NS, POLL};

const TASKS: usize = 64;

/// The generated `version` method's operation description.
const VERSION: Operation = Operation {
    name: "Version",
    soap_action: "http://innovaphone.com/pbx#Version",
    input: Some(Name::qualified(NS, "Version")),
    output: Some(Name::qualified(NS, "VersionResponse")),
    encoded: true,
    version: SoapVersion::Soap11,
};
const ROUNDS: usize = 7;

/// `body` as the envelope a server writes for the response of operation
/// `name` (rpc/encoded): a request whose body element is `<name>Response`.
fn as_response<T: ToXml>(response: &'static str, body: &T) -> Bytes {
    let op = Operation {
        name: response,
        soap_action: "",
        input: Some(Name::qualified(NS, response)),
        output: None,
        encoded: true,
        version: SoapVersion::Soap11,
    };
    write_request(&op, body).unwrap().into()
}

/// The canned Version answer.
fn version_answer() -> Bytes {
    let version = VersionResponse {
        wsdl_version: 1000,
        gatekeeper_id: "pbx.example.com".into(),
        location: "Berlin".into(),
        firmware_version: "13r2 sr7".into(),
        serial_number: "00-90-33-3e-00-01".into(),
    };
    as_response("VersionResponse", &version)
}

/// The canned Poll answer: events as an innovaphone PBX sends them.
fn poll_answer() -> Bytes {
    let user = |i: i32| UserInfo {
        cn: format!("user {i}"),
        e164: format!("{}", 200 + i),
        groups: vec![Group { group: "all".into(), active: true }],
        ..Default::default()
    };
    let info = Info { r#type: "conf".into(), vali: 1, vals: "x".into() };
    let call = CallInfo { call: 1, state: 0x85, info: vec![info], ..Default::default() };
    let events = AnyInfo { user: (0..3).map(user).collect(), call: vec![call], ..Default::default() };
    as_response("PollResponse", &PollResponse { r#return: events })
}

/// The CPU time this process has used, all threads, in clock ticks (Linux
/// `/proc/self/stat`; 0 elsewhere). Only ratios of it are printed, so the
/// tick's length does not matter.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // utime and stime: fields 14 and 15, counted after the `(comm)` field,
    // which may itself hold spaces.
    let after_comm = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let field =
        |i: usize| after_comm.split_whitespace().nth(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    field(11) + field(12)
}

/// What one round cost: wall time and CPU ticks.
#[derive(Clone, Copy)]
struct Cost {
    wall: Duration,
    cpu: u64,
}

/// `calls` calls spread over [`TASKS`] tasks; what they cost.
async fn spread<F, Fut>(calls: usize, one: F) -> Cost
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let started = Instant::now();
    let cpu = cpu_ticks();
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            let one = one.clone();
            tokio::spawn(async move {
                for _ in 0..calls / TASKS {
                    one(t).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    Cost { wall: started.elapsed(), cpu: cpu_ticks() - cpu }
}

async fn generated<F, Fut>(port: Arc<PbxPort>, calls: usize, call: F) -> Cost
where
    F: Fn(Arc<PbxPort>) -> Fut + Copy + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    spread(calls, move |_| call(port.clone())).await
}

async fn version(port: Arc<PbxPort>) {
    assert_eq!(port.version().await.unwrap().location, "Berlin");
}

async fn poll(port: Arc<PbxPort>) {
    assert_eq!(port.poll(1).await.unwrap().user.len(), 3);
}

async fn raw(
    client: reqwest::Client,
    url: Arc<str>,
    request: Bytes,
    action: &'static str,
    calls: usize,
) -> Cost {
    let action: Arc<str> = format!("\"{action}\"").into();
    spread(calls, move |_| {
        let action = action.clone();
        let (client, url, request) = (client.clone(), url.clone(), request.clone());
        async move { raw_post(&client, &url, request, &action).await }
    })
    .await
}

/// One raw POST of `request` with the quoted `action`, the whole answer read.
async fn raw_post(client: &reqwest::Client, url: &str, request: Bytes, quoted_action: &str) {
    let resp = client
        .post(url)
        .header("content-type", "text/xml; charset=utf-8")
        .header("SOAPAction", quoted_action)
        .body(request)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    assert!(!resp.bytes().await.unwrap().is_empty());
}

/// A reqwest client with the settings `SoapClient` gives its own (see
/// `SoapClientBuilder::build`): what they cost is the HTTP side's.
fn configured_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .tcp_keepalive(Duration::from_secs(60))
        .user_agent(concat!("pbx-soap/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap()
}

fn median<T: Ord + Copy>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}

/// One operation's figures: the generated call (`call`) against raw POSTs
/// of `request` to a server answering `answer`.
/// The SOAP work of one call alone, `n` times on this thread: `work`
/// encodes the request and decodes `answer`. CPU ticks per call.
fn soap_work(n: usize, answer: &[u8], work: fn(&[u8])) -> f64 {
    let start = cpu_ticks();
    for _ in 0..n {
        work(std::hint::black_box(answer));
    }
    (cpu_ticks() - start) as f64 / n as f64
}

fn version_work(answer: &[u8]) {
    std::hint::black_box(write_request(&VERSION, &VersionRequest {}).unwrap());
    let v: VersionResponse = read_response(answer, &VERSION, &DecodeOptions::default()).unwrap();
    std::hint::black_box(v);
}

fn poll_work(answer: &[u8]) {
    std::hint::black_box(write_request(&POLL, &PollRequest { session: 1 }).unwrap());
    let p: PollResponse = read_response(answer, &POLL, &DecodeOptions::default()).unwrap();
    std::hint::black_box(p);
}

async fn compare<F, Fut>(
    label: &str,
    answer: Bytes,
    request: Bytes,
    action: &'static str,
    (call, work): (F, fn(&[u8])),
    calls: usize,
) where
    F: Fn(Arc<PbxPort>) -> Fut + Copy + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    // Ticks are coarse (10 ms): many rounds when measuring.
    let work_ticks = soap_work(if calls > TASKS * 10 { calls * 10 } else { 10 }, &answer, work);
    let answer_len = answer.len();
    let url = canned::canned(answer).await;
    let port = Arc::new(PbxPort::new(SoapClient::new(&url).unwrap()));
    let client = reqwest::Client::new();
    let configured = configured_client();
    let url: Arc<str> = url.into();
    // Warm-up (connections opened), then the two alternately.
    generated(port.clone(), TASKS * 10, call).await;
    raw(client.clone(), url.clone(), request.clone(), action, TASKS * 10).await;
    raw(configured.clone(), url.clone(), request.clone(), action, TASKS * 10).await;
    let (mut ours, mut floor, mut like) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        ours.push(generated(port.clone(), calls, call).await);
        floor.push(raw(client.clone(), url.clone(), request.clone(), action, calls).await);
        like.push(raw(configured.clone(), url.clone(), request.clone(), action, calls).await);
    }
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let wall = |v: &[Cost]| median(v.iter().map(|c| c.wall).collect()).as_secs_f64();
    let cpu = |v: &[Cost]| median(v.iter().map(|c| c.cpu).collect()) as f64;
    let (o, f) = (wall(&ours), wall(&floor));
    println!(
        "{label}: {calls} calls from {TASKS} tasks to a canned hyper responder ({answer_len} bytes), median of {ROUNDS}"
    );
    println!("  generated client:                   {:.0} calls/s", calls as f64 / o);
    println!("  raw reqwest POST of the same bytes: {:.0} calls/s", calls as f64 / f);
    println!("  the same, SoapClient's settings:    {:.0} calls/s", calls as f64 / wall(&like));
    println!("  wall time ratio generated/raw: {:.2}", o / f);
    println!("  CPU time ratio generated/raw:  {:.2}", cpu(&ours) / cpu(&floor));
    println!("  CPU time ratio raw with SoapClient's settings/raw: {:.2}", cpu(&like) / cpu(&floor));
    println!(
        "  SOAP work alone (encode the request, decode the answer), CPU per call / raw call's: {:.2}",
        work_ticks / (cpu(&floor) / calls as f64)
    );
}

/// `calls profile generated|raw|configured|work N`: N Version calls of one
/// series on one task after a warm-up, nothing else (`poll`, `poll-raw`,
/// `poll-work`: the same for Poll calls and their SOAP work), for
/// `valgrind --tool=callgrind` (instruction counts repeat; the difference
/// of two series is what one path adds per call).
async fn profile(series: &str, n: usize) {
    let polling = series.starts_with("poll");
    let url = canned::canned(if polling { poll_answer() } else { version_answer() }).await;
    let request: Bytes = if polling {
        write_request(&POLL, &PollRequest { session: 1 }).unwrap().into()
    } else {
        write_request(&VERSION, &VersionRequest {}).unwrap().into()
    };
    let action = if polling { POLL.soap_action } else { VERSION.soap_action };
    let port = Arc::new(PbxPort::new(SoapClient::new(&url).unwrap()));
    let configured = configured_client();
    let plain = reqwest::Client::new();
    let url: Arc<str> = url.into();
    for calls in [10, n] {
        match series {
            "generated" => {
                for _ in 0..calls {
                    version(port.clone()).await;
                }
            }
            "poll" => {
                for _ in 0..calls {
                    poll(port.clone()).await;
                }
            }
            "raw" | "poll-raw" => raw_one(plain.clone(), &url, &request, action, calls).await,
            "configured" => raw_one(configured.clone(), &url, &request, action, calls).await,
            "work" => {
                let answer = version_answer();
                for _ in 0..calls {
                    version_work(std::hint::black_box(&answer));
                }
            }
            "poll-work" => {
                let answer = poll_answer();
                for _ in 0..calls {
                    poll_work(std::hint::black_box(&answer));
                }
            }
            other => panic!(
                "unknown series {other}: generated, raw, configured, work, poll, poll-raw or poll-work"
            ),
        }
    }
}

/// `calls` raw POSTs one after the other on this task.
async fn raw_one(client: reqwest::Client, url: &str, request: &Bytes, action: &str, calls: usize) {
    let action = format!("\"{action}\"");
    for _ in 0..calls {
        raw_post(&client, url, request.clone(), &action).await;
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("profile") {
        let series = args.get(2).map_or("generated", String::as_str);
        let n = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1000);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(profile(series, n));
        return;
    }
    let measuring = std::env::args().any(|a| a == "--bench");
    let calls = if measuring { 10_000 } else { TASKS * 10 };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        // The bytes the generated client sends.
        let version_request = write_request(&VERSION, &VersionRequest {}).unwrap().into();
        let poll_request = write_request(&POLL, &PollRequest { session: 1 }).unwrap().into();
        compare(
            "Version",
            version_answer(),
            version_request,
            VERSION.soap_action,
            (version, version_work),
            calls,
        )
        .await;
        compare("Poll (3 UserInfo)", poll_answer(), poll_request, POLL.soap_action, (poll, poll_work), calls)
            .await;
    });
}
