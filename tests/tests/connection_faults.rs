//! Connection faults of real servers, over TCP on 127.0.0.1 (issue 14): a
//! server that closes idle keep-alive connections (Tomcat, Apache and PBX
//! web servers do), a connection closed or reset before or during the
//! answer, a TLS handshake that fails, a host that does not resolve. Each
//! is either survived without a user-visible error (an idle connection the
//! server closed) or a distinct `TransportKind`; a request that may have
//! reached the server is never sent twice; no failure leaks a connection.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use pbx_soap::rt::{Error, SoapClient, TransportKind};
use pbx_soap::sipxconfig::{UserSearch, UserService};
use pbx_soap_tests::http_stub::{Reply, StubServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const NS: &str = "http://www.sipfoundry.org/2007/08/21/ConfigService";

fn no_users() -> String {
    format!(
        r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><FindUserResponse xmlns="{NS}"><users xmlns=""/></FindUserResponse></soapenv:Body></soapenv:Envelope>"#
    )
}

fn http_answer() -> Vec<u8> {
    let body = no_users();
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{body}", body.len())
        .into_bytes()
}

/// Fails the test instead of hanging it.
async fn bounded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(15), call).await.expect("the call did not finish within 15 s")
}

async fn find_user(client: &SoapClient) -> Result<(), Error> {
    bounded(UserService::new(client.clone()).find_user(UserSearch::default())).await.map(drop)
}

fn client(url: &str) -> SoapClient {
    SoapClient::builder(url).timeout(Duration::from_secs(5)).build().unwrap()
}

fn kind(result: Result<(), Error>) -> TransportKind {
    let err = result.unwrap_err();
    err.transport_kind().unwrap_or_else(|| panic!("not a transport error: {err:?}"))
}

/// Reads one request head and body (by Content-Length) from `stream`.
async fn read_request(stream: &mut TcpStream) -> Option<()> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        seen.extend_from_slice(&buf[..n]);
        if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while seen.len() < end + 4 + len {
                let n = stream.read(&mut buf).await.ok()?;
                if n == 0 {
                    return None;
                }
                seen.extend_from_slice(&buf[..n]);
            }
            return Some(());
        }
    }
}

/// A raw server whose every connection is handled by `handle`; counts the
/// requests it reads (through the counter handed to `handle`).
async fn raw_server<F, Fut>(handle: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(TcpStream, Arc<AtomicUsize>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sipxconfig/services/UserService", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(handle(stream, Arc::clone(&counter)));
        }
    });
    (url, requests)
}

/// Open file descriptors of this process (Linux).
fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0)
}

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_replaced_silently() {
    let server = StubServer::start_closing_idle(Duration::from_millis(300), |_| Reply::xml(200, no_users()))
        .await
        .unwrap();
    let client = client(&server.url("/sipxconfig/services/UserService"));
    find_user(&client).await.unwrap();
    find_user(&client).await.unwrap();
    // The server closes the idle connection; the next call opens another.
    tokio::time::sleep(Duration::from_millis(800)).await;
    find_user(&client).await.unwrap();
    find_user(&client).await.unwrap();
    let connections: Vec<usize> = server.requests().iter().map(|r| r.connection).collect();
    assert_eq!(connections, [0, 0, 1, 1], "one request each, the second pair on a new connection");
}

#[tokio::test]
async fn a_request_closed_on_without_an_answer_is_not_sent_again() {
    // The first request on a connection is answered; the second one is
    // read in full and the connection closed: it may have been acted on,
    // so the client reports it instead of sending it again.
    let (url, requests) = raw_server(|mut stream, requests| async move {
        if read_request(&mut stream).await.is_some() {
            requests.fetch_add(1, Ordering::SeqCst);
            let _ = stream.write_all(&http_answer()).await;
        }
        if read_request(&mut stream).await.is_some() {
            requests.fetch_add(1, Ordering::SeqCst);
        }
    })
    .await;
    let client = client(&url);
    find_user(&client).await.unwrap();
    assert_eq!(kind(find_user(&client).await), TransportKind::ClosedBeforeAnswer);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(requests.load(Ordering::SeqCst), 2, "the unanswered request was sent once");
    // The client recovers on a fresh connection.
    find_user(&client).await.unwrap();
    assert_eq!(requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_reset_or_a_close_in_the_middle_of_the_answer_is_a_broken_answer() {
    for reset in [true, false] {
        let (url, _) = raw_server(move |mut stream, _| async move {
            if read_request(&mut stream).await.is_none() {
                return;
            }
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n<?xml")
                .await;
            tokio::time::sleep(Duration::from_millis(50)).await;
            if reset {
                // SO_LINGER 0: closing sends RST instead of FIN (deprecated
                // because a non-zero linger blocks on drop; zero does not).
                #[allow(deprecated)]
                stream.set_linger(Some(Duration::ZERO)).unwrap();
            }
            drop(stream);
        })
        .await;
        let err = find_user(&client(&url)).await.unwrap_err();
        assert_eq!(err.transport_kind(), Some(TransportKind::BrokenAnswer), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("the answer broke off"), "{text}");
        if reset {
            assert!(text.contains("reset"), "{text}");
        }
    }
}

#[tokio::test]
async fn dns_tls_and_refused_connections_are_told_apart() {
    // `.invalid` never resolves (RFC 6761).
    assert_eq!(kind(find_user(&client("http://no-such-host.invalid/x")).await), TransportKind::Dns);

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    assert_eq!(kind(find_user(&client(&format!("http://127.0.0.1:{port}/x"))).await), TransportKind::Refused);

    // TLS spoken to a server that answers in plain HTTP.
    let (url, _) = raw_server(|mut stream, _| async move {
        let mut buf = [0u8; 1024];
        let _ = stream.read(&mut buf).await;
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n").await;
    })
    .await;
    let err = find_user(&client(&url.replace("http://", "https://"))).await.unwrap_err();
    assert_eq!(err.transport_kind(), Some(TransportKind::Tls), "{err:?}");
    assert!(err.to_string().contains("TLS handshake failed"), "{err}");
}

#[tokio::test]
async fn failures_leak_no_connection() {
    // Many calls ending in each kind of failure, then the descriptors the
    // process holds: a connection kept by the pool after a failure would
    // show as one more each time.
    let (broken, _) = raw_server(|mut stream, _| async move {
        if read_request(&mut stream).await.is_some() {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n<?xml").await;
        }
    })
    .await;
    let (silent, _) = raw_server(|mut stream, _| async move {
        let _ = read_request(&mut stream).await;
    })
    .await;
    let idle = StubServer::start_closing_idle(Duration::from_millis(50), |_| Reply::xml(200, no_users()))
        .await
        .unwrap();
    let clients = [client(&broken), client(&silent), client(&idle.url("/x"))];
    // Warm up (runtime threads, resolver) before counting.
    for c in &clients {
        let _ = find_user(c).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = open_fds();
    for _ in 0..30 {
        for c in &clients {
            let _ = find_user(c).await;
        }
        tokio::time::sleep(Duration::from_millis(60)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = open_fds();
    assert!(
        after <= before + 3,
        "{before} descriptors before 90 failing or reconnecting calls, {after} after"
    );
}
