//! A small HTTP/1.1 server on 127.0.0.1 for end-to-end tests: it records
//! every request (method, path, headers, body, which TCP connection carried
//! it) and answers each with what the test's responder returns. Keep-alive
//! and chunked replies are supported so connection reuse and bodies without
//! `Content-Length` can be tested. [`StubServer::start_tls`] serves HTTPS
//! with a given TLS acceptor; [`StubServer::start_closing_idle`] closes a
//! connection that stays idle for a while, as Tomcat, Apache and PBX web
//! servers do. It stops when dropped.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Refuse request heads and bodies beyond these sizes: the stub only serves
/// tests, but it must not hang or grow without bound on a broken client.
const MAX_HEAD_LINES: usize = 100;
const MAX_BODY: usize = 64 * 1024 * 1024;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// 0 for the first TCP connection accepted, 1 for the next...
    pub connection: usize,
}

impl Recorded {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What to answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Send the body with `Transfer-Encoding: chunked` instead of
    /// `Content-Length`.
    pub chunked: bool,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
            chunked: false,
        }
    }

    /// A `text/xml` reply, as Axis sends it.
    pub fn xml(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply::new(status, "text/xml;charset=utf-8", body)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    pub fn chunked(mut self) -> Self {
        self.chunked = true;
        self
    }
}

type Responder = dyn Fn(&Recorded) -> Pin<Box<dyn Future<Output = Reply> + Send>> + Send + Sync;

/// The running server; see the module docs.
#[derive(Debug)]
pub struct StubServer {
    addr: std::net::SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl StubServer {
    /// Starts serving on a free port of 127.0.0.1.
    pub async fn start(
        responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        Self::start_with(None, sync(responder)).await
    }

    /// Like [`StubServer::start`], but a connection idle for `idle` between
    /// requests is closed by the server.
    pub async fn start_closing_idle(
        idle: Duration,
        responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        Self::start_inner(None, Some(idle), sync(responder)).await
    }

    /// Starts serving on a free port of 127.0.0.1 with a responder that
    /// awaits (a proxy to another server, say).
    pub async fn start_async<F>(
        responder: impl Fn(&Recorded) -> F + Send + Sync + 'static,
    ) -> std::io::Result<Self>
    where
        F: Future<Output = Reply> + Send + 'static,
    {
        Self::start_with(None, Arc::new(move |r: &Recorded| Box::pin(responder(r)) as Pin<Box<_>>)).await
    }

    /// Starts serving HTTPS through `tls` on a free port of 127.0.0.1.
    pub async fn start_tls(
        tls: tokio_rustls::TlsAcceptor,
        responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        Self::start_with(Some(tls), sync(responder)).await
    }

    async fn start_with(
        tls: Option<tokio_rustls::TlsAcceptor>,
        responder: Arc<Responder>,
    ) -> std::io::Result<Self> {
        Self::start_inner(tls, None, responder).await
    }

    async fn start_inner(
        tls: Option<tokio_rustls::TlsAcceptor>,
        idle: Option<Duration>,
        responder: Arc<Responder>,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            let mut connection = 0;
            while let Ok((stream, _)) = listener.accept().await {
                let (log, responder) = (Arc::clone(&log), Arc::clone(&responder));
                match &tls {
                    None => drop(tokio::spawn(serve(stream, connection, idle, log, responder))),
                    Some(tls) => {
                        let accept = tls.accept(stream);
                        tokio::spawn(async move {
                            // A client that rejects the certificate aborts
                            // the handshake: nothing to serve.
                            if let Ok(stream) = accept.await {
                                serve(stream, connection, idle, log, responder).await;
                            }
                        });
                    }
                }
                connection += 1;
            }
        });
        Ok(StubServer { addr, requests, task })
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for StubServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn sync(responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Arc<Responder> {
    Arc::new(move |r: &Recorded| {
        let reply = responder(r);
        Box::pin(async move { reply }) as Pin<Box<dyn Future<Output = Reply> + Send>>
    })
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    connection: usize,
    idle: Option<Duration>,
    log: Arc<Mutex<Vec<Recorded>>>,
    responder: Arc<Responder>,
) {
    let mut stream = BufReader::new(stream);
    // One request after another on the same connection (keep-alive), until
    // the client closes it, sends something this stub cannot parse, or (with
    // `idle`) sends nothing for that long: then the connection is closed.
    loop {
        let next = read_request(&mut stream, connection);
        let req = match idle {
            None => next.await,
            Some(idle) => match tokio::time::timeout(idle, next).await {
                Ok(req) => req,
                Err(_) => {
                    let _ = stream.get_mut().shutdown().await;
                    return;
                }
            },
        };
        let Some(req) = req else { return };
        let reply = responder(&req).await;
        if let Ok(mut l) = log.lock() {
            l.push(req);
        }
        if !reply.delay.is_zero() {
            tokio::time::sleep(reply.delay).await;
        }
        if write_reply(stream.get_mut(), &reply).await.is_err() {
            return;
        }
    }
}

async fn read_request<S: AsyncRead + Unpin>(
    stream: &mut BufReader<S>,
    connection: usize,
) -> Option<Recorded> {
    let mut line = String::new();
    if stream.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    for _ in 0..MAX_HEAD_LINES {
        let mut h = String::new();
        stream.read_line(&mut h).await.ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            let len: usize = headers
                .iter()
                .find(|(k, _): &&(String, String)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            if len > MAX_BODY {
                return None;
            }
            let mut body = vec![0; len];
            stream.read_exact(&mut body).await.ok()?;
            return Some(Recorded { method, path, headers, body, connection });
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    None
}

async fn write_reply<S: AsyncWrite + Unpin>(stream: &mut S, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if reply.chunked {
        head.push_str("Transfer-Encoding: chunked\r\n\r\n");
        stream.write_all(head.as_bytes()).await?;
        for chunk in reply.body.chunks(16 * 1024) {
            stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await?;
            stream.write_all(chunk).await?;
            stream.write_all(b"\r\n").await?;
        }
        stream.write_all(b"0\r\n\r\n").await?;
    } else {
        head.push_str(&format!("Content-Length: {}\r\n\r\n", reply.body.len()));
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(&reply.body).await?;
    }
    stream.flush().await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        401 => "Unauthorized",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
