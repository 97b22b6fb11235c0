//! Stage: fetch — getting pages over HTTP before they enter the pipeline.
//!
//! ```text
//! URL → robots.txt (once per site, cached) → per-host scheduler slot
//!     → GET (timeouts, gzip/brotli/deflate) → retry on 5xx/429/connection errors
//!     → redirect? (hop by hop, ≤ 10, each through robots and the scheduler)
//!     → Content-Type check → body read as a stream up to the cap → FetchedPage
//! ```
//! A [`FetchedPage`] becomes a [`RawPage`] with the final URL and the
//! Content-Type (whose charset the decoder uses). [`Fetcher::fetch_all`] runs a
//! whole list with results streamed as they finish and cleaning done off the
//! async runtime.
//!
//! ```no_run
//! # async fn demo() -> Result<(), rinse::FetchError> {
//! let fetcher = rinse::Fetcher::new(rinse::FetchConfig::default())?;
//! let page = fetcher.fetch("https://example.com/article").await?;
//! let pipeline = rinse::Pipeline::new().map_err(|e| rinse::FetchError::Setup(e.to_string()))?;
//! println!("{}", pipeline.clean(&page.into_raw_page()).text);
//! # Ok(()) }
//! ```

mod batch;
mod error;
mod http;
mod retry;
mod robots;
mod schedule;

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT};
use url::Url;

pub use batch::{Batch, BatchItem, StopHandle};
pub use error::FetchError;

use crate::page::RawPage;
use http::{Purpose, Reply};
use schedule::Scheduler;

/// The default `User-Agent`: `rinse/<version> (+<homepage>)`.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "rinse/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_HOMEPAGE"),
    ")"
);

/// The default cap on a fetched body: 10 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// How to fetch. `Default` gives the documented defaults.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// The `User-Agent` header; its first word is matched against robots.txt groups.
    pub user_agent: String,
    /// Requests in flight overall (default 16).
    pub concurrency: usize,
    /// Requests in flight to one host (default 2).
    pub per_host: usize,
    /// Least time between the starts of two requests to one host (default 250 ms).
    pub delay: Duration,
    /// Time allowed to open a connection (default 10 s).
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, body included (default 30 s).
    pub timeout: Duration,
    /// Redirects followed (default 10).
    pub max_redirects: usize,
    /// Largest body accepted, after decompression (default 10 MiB).
    pub max_bytes: u64,
    /// Retries after a connection error, a 5xx or a 429 (default 3).
    pub retries: u32,
    /// The first backoff; each retry doubles it, with jitter (default 500 ms).
    pub backoff_base: Duration,
    /// The longest backoff (default 30 s).
    pub backoff_max: Duration,
    /// The longest `Retry-After` honoured; longer ones fail the URL (default 120 s).
    pub max_retry_after: Duration,
    /// The longest robots.txt `Crawl-delay` honoured (default 30 s).
    pub max_crawl_delay: Duration,
    /// Whether robots.txt is fetched and obeyed (default true).
    pub obey_robots: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: DEFAULT_USER_AGENT.to_string(),
            concurrency: 16,
            per_host: 2,
            delay: Duration::from_millis(250),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 10,
            max_bytes: DEFAULT_MAX_BYTES,
            retries: 3,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            max_crawl_delay: Duration::from_secs(30),
            obey_robots: true,
        }
    }
}

/// A page as fetched: bytes, final URL and Content-Type.
#[derive(Debug, Clone)]
pub struct FetchedPage {
    /// The URL that was asked for.
    pub requested_url: String,
    /// The URL after redirects: the page's address for site rules and metadata.
    pub url: String,
    /// The HTTP status of the final response.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body, decompressed.
    pub bytes: Vec<u8>,
    /// Requests made, retries and redirect hops included.
    pub attempts: u32,
    /// Redirects followed.
    pub redirects: usize,
}

impl FetchedPage {
    /// The pipeline's input: the bytes, the final URL and the Content-Type.
    pub fn into_raw_page(self) -> RawPage {
        RawPage {
            bytes: self.bytes,
            url: Some(self.url),
            content_type: self.content_type,
            ..RawPage::default()
        }
    }
}

/// Shared state of a [`Fetcher`].
#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) client: reqwest::Client,
    pub(crate) config: FetchConfig,
    pub(crate) scheduler: Scheduler,
    pub(crate) robots: robots::Cache,
    pub(crate) agent_token: String,
}

/// Fetches pages politely: robots.txt, per-host limits and delays, retries.
/// Cheap to clone; clones share the connection pool, the scheduler and the
/// robots.txt cache. Needs a Tokio runtime.
#[derive(Debug, Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

/// Parses an absolute http(s) URL.
pub(crate) fn parse_url(text: &str) -> Result<Url, FetchError> {
    let url = Url::parse(text.trim()).map_err(|e| FetchError::InvalidUrl {
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(FetchError::InvalidUrl {
            reason: format!("{} URLs are not fetched", url.scheme()),
        });
    }
    Ok(url)
}

impl Fetcher {
    /// A fetcher with `config`; fails only when the HTTP client cannot be built
    /// (for example a `User-Agent` that is not a valid header value).
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            HeaderValue::from_static(
                "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
            ),
        );
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.as_str())
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(config.per_host.max(1))
            .build()
            .map_err(|e| FetchError::Setup(e.to_string()))?;
        Ok(Fetcher {
            inner: Arc::new(Inner {
                client,
                scheduler: Scheduler::new(config.concurrency, config.per_host, config.delay),
                robots: robots::Cache::default(),
                agent_token: robots::agent_token(&config.user_agent),
                config,
            }),
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> &FetchConfig {
        &self.inner.config
    }

    /// Fetches one URL, following redirects; each hop is checked against its
    /// site's robots.txt (unless disabled) and waits for a scheduler slot.
    pub async fn fetch(&self, url: &str) -> Result<FetchedPage, FetchError> {
        let inner = &*self.inner;
        let mut current = parse_url(url)?;
        let mut redirects = 0usize;
        let mut attempts = 0u32;
        loop {
            if inner.config.obey_robots {
                inner.robots.check(inner, &current).await?;
            }
            let (reply, n) = http::request(inner, &current, Purpose::Page).await?;
            attempts += n;
            match reply {
                Reply::Redirect(next) => {
                    redirects += 1;
                    if redirects > inner.config.max_redirects {
                        return Err(FetchError::Redirect {
                            reason: format!("more than {} redirects", inner.config.max_redirects),
                        });
                    }
                    if !matches!(next.scheme(), "http" | "https") {
                        return Err(FetchError::Redirect {
                            reason: format!("redirected to a {} URL", next.scheme()),
                        });
                    }
                    current = next;
                }
                Reply::Body {
                    status,
                    content_type,
                    bytes,
                } => {
                    return Ok(FetchedPage {
                        requested_url: url.to_string(),
                        url: current.to_string(),
                        status,
                        content_type,
                        bytes,
                        attempts,
                        redirects,
                    })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_http() {
        assert!(parse_url(" https://a.example/x ").is_ok());
        assert!(matches!(
            parse_url("ftp://a.example/x"),
            Err(FetchError::InvalidUrl { .. })
        ));
        assert!(parse_url("not a url").is_err());
        assert!(DEFAULT_USER_AGENT.starts_with("rinse/"));
    }
}
