//! Test support for the fetch stage: a real HTTP server (axum) on 127.0.0.1,
//! on its own thread and runtime, that plays every kind of site the fetcher
//! must handle and records what it was asked (paths, times, user agents,
//! requests in flight). It stops when dropped.
#![allow(dead_code)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// What the server saw.
#[derive(Default)]
pub struct Seen {
    /// Every request: path (with query), arrival time, User-Agent.
    pub log: Mutex<Vec<(String, Instant, String)>>,
    /// Requests being answered right now, and the most at once.
    pub in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
    /// robots.txt to serve (404 when `None`), and its status.
    pub robots: Mutex<Option<(u16, String)>>,
}

impl Seen {
    /// Requests for exactly `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _, _)| p == path)
            .count()
    }

    /// Arrival times of requests whose path starts with `prefix`.
    pub fn times(&self, prefix: &str) -> Vec<Instant> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _, _)| p.starts_with(prefix))
            .map(|(_, t, _)| *t)
            .collect()
    }

    /// User agents seen.
    pub fn agents(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .map(|(_, _, a)| a.clone())
            .collect()
    }

    pub fn total(&self) -> usize {
        self.log.lock().unwrap().len()
    }
}

/// A running server; dropped, it stops.
pub struct Server {
    pub addr: SocketAddr,
    pub seen: Arc<Seen>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start() -> Server {
        Server::with_robots(None)
    }

    /// A server whose robots.txt answers `status` with `body`.
    pub fn with_robots(robots: Option<(u16, &str)>) -> Server {
        let seen = Arc::new(Seen::default());
        *seen.robots.lock().unwrap() = robots.map(|(s, b)| (s, b.to_string()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = Router::new().fallback(handle).with_state(seen.clone());
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                tokio::select! {
                    _ = axum::serve(listener, app) => {}
                    _ = stopped => {}
                }
            });
            // Dropping the runtime cancels the stalled handlers.
        });
        Server {
            addr,
            seen,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An article page that survives extraction; its text names `n`.
pub fn article(n: &str, extra_head: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><title>Story {n}</title>{extra_head}</head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article><h1>Story {n}</h1>\
         <p>Article {n}: work on the new harbour wall began on Monday, the council said, after years of delay.</p>\
         <p>The wall, built from granite, will protect the fishing fleet from winter storms and high tides.</p>\
         </article><footer>© 2025 Coast News</footer></body></html>"
    )
}

/// The first sentence of [`article`]'s text.
pub fn article_text(n: &str) -> String {
    format!("Article {n}: work on the new harbour wall began on Monday")
}

/// A windows-1252 page whose charset is only in the header.
pub const CP1252_PAGE: &[u8] = b"<html><head><title>Caf\xe9</title></head><body><article>\
<p>The caf\xe9 owner said \x93hello\x94 to every visitor, and the na\xefve tourists smiled back at the counter.</p>\
<p>Business has been good all summer, the owner added, and the terrace will stay open until October.</p>\
</article></body></html>";

fn html(body: impl Into<Body>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.into(),
    )
        .into_response()
}

fn status(code: u16) -> Response {
    StatusCode::from_u16(code).unwrap().into_response()
}

fn redirect(code: u16, to: &str) -> Response {
    (
        StatusCode::from_u16(code).unwrap(),
        [(header::LOCATION, to.to_string())],
    )
        .into_response()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

/// Counts a request in flight for as long as it lives.
struct InFlight(Arc<Seen>);

impl InFlight {
    fn new(seen: &Arc<Seen>) -> InFlight {
        let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        seen.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(seen.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn handle(State(seen): State<Arc<Seen>>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_string(), |p| p.as_str().to_string());
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let hits = {
        let mut log = seen.log.lock().unwrap();
        log.push((path.clone(), Instant::now(), agent));
        log.iter().filter(|(p, _, _)| *p == path).count()
    };
    let _in_flight = InFlight::new(&seen);
    let mut parts = uri.path().trim_start_matches('/').splitn(2, '/');
    let head = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("");
    match head {
        "robots.txt" => match seen.robots.lock().unwrap().clone() {
            Some((code, body)) => (StatusCode::from_u16(code).unwrap(), body).into_response(),
            None => status(404),
        },
        "article" | "private" => html(article(rest, "")),
        "cp1252" => (
            [(header::CONTENT_TYPE, "text/html; charset=iso-8859-1")],
            CP1252_PAGE,
        )
            .into_response(),
        "start" => redirect(302, "/hop/b"),
        "hop" => redirect(301, "../final/page"),
        "final" => html(article("final", "<link rel=\"canonical\" href=\"canon\">")),
        "loop" => redirect(302, "/loop"),
        "missing" => status(404),
        "flaky" if hits == 1 => status(500),
        "flaky" => html(article("flaky", "")),
        "always500" => status(500),
        "busy" if hits == 1 => {
            (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response()
        }
        "busy" => html(article("busy", "")),
        "busy-long" => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "3600")],
        )
            .into_response(),
        "stall" => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            status(204)
        }
        "stall-body" => {
            let first = futures_util::stream::once(async {
                Ok::<_, Infallible>(Bytes::from_static(b"<html><body><p>Partial"))
            });
            let never = futures_util::stream::pending::<Result<Bytes, Infallible>>();
            html(Body::from_stream(futures_util::StreamExt::chain(
                first, never,
            )))
        }
        "endless" => {
            let chunk = Bytes::from(vec![b'a'; 16 * 1024]);
            let stream =
                futures_util::stream::repeat_with(move || Ok::<_, Infallible>(chunk.clone()));
            html(Body::from_stream(stream))
        }
        "doc.pdf" => (
            [(header::CONTENT_TYPE, "application/pdf")],
            b"%PDF-1.4\n%binary\n".to_vec(),
        )
            .into_response(),
        // No Content-Type at all: the bytes must tell.
        "image" => Response::new(Body::from(&b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"[..])),
        "gzip" => (
            [
                (header::CONTENT_TYPE, "text/html"),
                (header::CONTENT_ENCODING, "gzip"),
            ],
            gzip(article("gzip", "").as_bytes()),
        )
            .into_response(),
        "slow" => {
            tokio::time::sleep(Duration::from_millis(200)).await;
            html(article(rest, ""))
        }
        "many" => many(rest),
        _ => status(404),
    }
}

/// What `/many/N` answers, by N (see [`many_expect`]).
fn many(rest: &str) -> Response {
    let n: usize = rest.parse().unwrap_or(0);
    match many_expect(n) {
        Expect::Article => html(article(rest, "")),
        Expect::NotFound => status(404),
        Expect::ServerError => status(500),
        Expect::Pdf => (
            [(header::CONTENT_TYPE, "application/pdf")],
            b"%PDF-1.7".to_vec(),
        )
            .into_response(),
        Expect::Robots => status(410),
    }
}

/// The fate of URL number N in the many-URL run (robots ones are asked for as
/// `/private/N`, which robots.txt disallows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Article,
    NotFound,
    ServerError,
    Pdf,
    Robots,
}

pub fn many_expect(n: usize) -> Expect {
    match (n % 10, n % 20) {
        (3, _) => Expect::NotFound,
        (7, _) => Expect::ServerError,
        (_, 9) => Expect::Pdf,
        (_, 19) => Expect::Robots,
        _ => Expect::Article,
    }
}
