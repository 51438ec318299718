//! A keep-alive, recording front for an external peer: a [`StubServer`] on
//! 127.0.0.1 that forwards every request to the peer and answers what the
//! peer answered.
//!
//! PHP's built-in server and Axis's SimpleAxisServer both close the
//! connection after one answer; through the front the client keeps its
//! connection, so what the connection checks measure is the front. The
//! front records every request (for the checks that every operation was
//! called and that each request equals PHP SoapClient's) and every answer
//! exactly as the peer wrote it.

use std::sync::{Arc, Mutex};

use crate::http_stub::{Recorded, Reply, StubServer};

/// One request forwarded and the peer's answer, bytes as they were.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub request: Vec<u8>,
    pub status: u16,
    pub response: Vec<u8>,
}

/// The running front; stops when dropped.
#[derive(Debug)]
pub struct Front {
    stub: StubServer,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

impl Front {
    /// A front forwarding to `base` (`http://127.0.0.1:<port>`, the
    /// request's path appended) with the SOAPAction and Content-Type
    /// headers.
    pub async fn start(base: String) -> std::io::Result<Front> {
        // A new connection per request, as the peer closes each one anyway.
        let http =
            reqwest::Client::builder().pool_max_idle_per_host(0).build().map_err(std::io::Error::other)?;
        let exchanges = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&exchanges);
        let stub = StubServer::start_async(move |req: &Recorded| {
            let (http, url, log) = (http.clone(), format!("{base}{}", req.path), Arc::clone(&log));
            let body = req.body.clone();
            let headers: Vec<(String, String)> = req
                .headers
                .iter()
                .filter(|(k, _)| {
                    k.eq_ignore_ascii_case("soapaction") || k.eq_ignore_ascii_case("content-type")
                })
                .cloned()
                .collect();
            async move {
                let reply = forward(&http, &url, headers, body.clone()).await;
                let exchange = Exchange { request: body, status: reply.status, response: reply.body.clone() };
                if let Ok(mut log) = log.lock() {
                    log.push(exchange);
                }
                reply
            }
        })
        .await?;
        Ok(Front { stub, exchanges })
    }

    /// The front's URL for `path`.
    pub fn url(&self, path: &str) -> String {
        self.stub.url(path)
    }

    /// Every request the front received, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.stub.requests()
    }

    /// Every request forwarded with the peer's answer, in the order the
    /// answers came.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.exchanges.lock().map(|e| e.clone()).unwrap_or_default()
    }
}

async fn forward(http: &reqwest::Client, url: &str, headers: Vec<(String, String)>, body: Vec<u8>) -> Reply {
    let send = || {
        let mut req = http.post(url).body(body.clone());
        for (k, v) in &headers {
            req = req.header(k, v);
        }
        req.send()
    };
    // A connection the peer refused or reset while connecting never
    // carried the request, so it is sent again: PHP's built-in server has
    // been seen to refuse connections that way on a loaded machine, twice
    // in a row (one immediate retry was not enough in a CI run), so the
    // retries back off (50 ms doubling, about 1.5 s in all).
    let mut sent = send().await;
    for attempt in 0..5 {
        match &sent {
            Err(e) if e.is_connect() => {
                tokio::time::sleep(std::time::Duration::from_millis(50 << attempt)).await;
                sent = send().await;
            }
            _ => break,
        }
    }
    match sent {
        Ok(resp) => {
            let status = resp.status().as_u16();
            let content_type = resp
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("text/xml; charset=utf-8")
                .to_owned();
            match resp.bytes().await {
                Ok(bytes) => Reply::new(status, &content_type, bytes.to_vec()),
                Err(e) => Reply::new(502, "text/plain", format!("reading the peer's answer: {e}")),
            }
        }
        Err(e) => Reply::new(502, "text/plain", format!("forwarding to the peer: {}", chain(&e))),
    }
}

/// `e` with its sources: "error sending request" alone does not say why.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let causes = std::iter::successors(Some(e), |c| c.source());
    causes.map(ToString::to_string).collect::<Vec<_>>().join(": ")
}
