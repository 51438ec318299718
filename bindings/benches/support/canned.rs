//! An HTTP/1.1 server on 127.0.0.1 (hyper, keep-alive) that answers every
//! request with the same bytes without reading it: the far end of the
//! benches that measure a whole call.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::Full;

/// Serves `answer` (as `text/xml`) on a free port of 127.0.0.1 until the
/// runtime ends; returns its URL.
pub async fn canned(answer: Bytes) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/PBX0/user.soap", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let answer = answer.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |_req| {
                    let mut resp = hyper::Response::new(Full::new(answer.clone()));
                    resp.headers_mut().insert("content-type", "text/xml; charset=utf-8".parse().unwrap());
                    async move { Ok::<_, Infallible>(resp) }
                });
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
            });
        }
    });
    url
}
