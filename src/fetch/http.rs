//! Stage: fetch — one HTTP request through the scheduler, retried on
//! connection errors, 5xx and 429 (after `Retry-After` or an exponential
//! backoff with jitter), with its body read as a stream and stopped at the size
//! cap. Redirects are returned to the caller, which follows them hop by hop.

use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER};
use url::Url;

use super::retry::{backoff, parse_retry_after};
use super::{FetchError, Inner};
use crate::decode::{sniff_kind, ContentKind};

/// robots.txt beyond this many bytes is cut (RFC 9309 asks for at least 500 KiB).
pub(crate) const ROBOTS_MAX_BYTES: u64 = 512 * 1024;

/// What a request is for: a page (only HTML or text is read) or robots.txt
/// (any status is an answer; the body is truncated, not refused, when long).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    Page,
    Robots,
}

/// A final answer of a request.
#[derive(Debug)]
pub(crate) enum Reply {
    /// A response with its body (empty when the status is not 2xx).
    Body {
        status: u16,
        content_type: Option<String>,
        bytes: Vec<u8>,
    },
    /// A redirect to this absolute URL.
    Redirect(Url),
}

/// A failure worth another try.
enum Transient {
    Status {
        code: u16,
        retry_after: Option<Duration>,
    },
    Connection(String),
}

enum Outcome {
    Done(Result<Reply, FetchError>),
    Transient(Transient),
}

/// The key of a URL's host for per-host limits.
pub(crate) fn host_key(url: &Url) -> String {
    url.host_str().unwrap_or("").to_ascii_lowercase()
}

/// Sends a GET for `url` through the scheduler, with retries. Returns the reply
/// and the number of requests made.
pub(crate) async fn request(
    inner: &Inner,
    url: &Url,
    purpose: Purpose,
) -> Result<(Reply, u32), FetchError> {
    let cfg = &inner.config;
    let host = host_key(url);
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        let outcome = {
            let _slot = inner.scheduler.acquire(&host).await?;
            match tokio::time::timeout(cfg.timeout, attempt(inner, url, purpose)).await {
                Ok(outcome) => outcome,
                Err(_) => {
                    return Err(FetchError::Timeout {
                        after: cfg.timeout,
                        attempts,
                    })
                }
            }
        };
        let transient = match outcome {
            Outcome::Done(Ok(reply)) => return Ok((reply, attempts)),
            Outcome::Done(Err(e)) => return Err(with_attempts(e, attempts)),
            Outcome::Transient(t) => t,
        };
        if attempts > cfg.retries {
            return Err(match transient {
                Transient::Status { code, .. } => FetchError::Status { code, attempts },
                Transient::Connection(reason) => FetchError::Connection { reason, attempts },
            });
        }
        let mut wait = backoff(cfg.backoff_base, cfg.backoff_max, attempts);
        if let Transient::Status {
            code,
            retry_after: Some(asked),
        } = transient
        {
            if asked > cfg.max_retry_after {
                return Err(FetchError::RetryTooLate {
                    code,
                    retry_after: asked,
                    limit: cfg.max_retry_after,
                });
            }
            wait = wait.max(asked);
        }
        tokio::time::sleep(wait).await;
    }
}

fn with_attempts(e: FetchError, n: u32) -> FetchError {
    match e {
        FetchError::Status { code, .. } => FetchError::Status { code, attempts: n },
        other => other,
    }
}

/// The messages of an error's causes, innermost last ("error sending request
/// for url" alone says nothing).
fn describe(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    if parts.is_empty() {
        e.to_string()
    } else {
        parts.join(": ")
    }
}

/// What a Content-Type allows.
enum TypeCheck {
    /// HTML or text: read it.
    Page,
    /// Missing or generic: read it and look at the bytes.
    Sniff,
    /// Something else (PDF, image…): do not read it.
    Refuse,
}

fn check_type(content_type: Option<&str>) -> TypeCheck {
    let Some(ct) = content_type else {
        return TypeCheck::Sniff;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "text/html"
        | "application/xhtml+xml"
        | "text/plain"
        | "text/markdown"
        | "text/x-markdown"
        | "application/xml"
        | "text/xml" => TypeCheck::Page,
        "" | "application/octet-stream" | "binary/octet-stream" => TypeCheck::Sniff,
        _ => TypeCheck::Refuse,
    }
}

async fn attempt(inner: &Inner, url: &Url, purpose: Purpose) -> Outcome {
    let resp = match inner.client.get(url.clone()).send().await {
        Ok(r) => r,
        Err(e) if e.is_builder() => {
            return Outcome::Done(Err(FetchError::InvalidUrl {
                reason: describe(&e),
            }))
        }
        Err(e) => return Outcome::Transient(Transient::Connection(describe(&e))),
    };
    let status = resp.status();
    let code = status.as_u16();
    if status.is_redirection() {
        let target = resp
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(|loc| url.join(loc.trim()));
        return Outcome::Done(match target {
            Some(Ok(next)) => Ok(Reply::Redirect(next)),
            Some(Err(e)) => Err(FetchError::Redirect {
                reason: format!("HTTP {code} with a bad Location: {e}"),
            }),
            None => Err(FetchError::Status { code, attempts: 1 }),
        });
    }
    if code == 429 || status.is_server_error() {
        let retry_after = resp
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        return Outcome::Transient(Transient::Status { code, retry_after });
    }
    let content_type = resp
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if purpose == Purpose::Robots {
        if !status.is_success() {
            return Outcome::Done(Ok(Reply::Body {
                status: code,
                content_type,
                bytes: Vec::new(),
            }));
        }
        return match read_body(resp, ROBOTS_MAX_BYTES, true).await {
            Ok(bytes) => Outcome::Done(Ok(Reply::Body {
                status: code,
                content_type,
                bytes,
            })),
            Err(o) => o,
        };
    }
    if !status.is_success() {
        return Outcome::Done(Err(FetchError::Status { code, attempts: 1 }));
    }
    let check = check_type(content_type.as_deref());
    if let (TypeCheck::Refuse, Some(ct)) = (&check, &content_type) {
        return Outcome::Done(Err(FetchError::NotHtml {
            content_type: ct.trim().to_string(),
        }));
    }
    let bytes = match read_body(resp, inner.config.max_bytes, false).await {
        Ok(b) => b,
        Err(o) => return o,
    };
    if let (TypeCheck::Sniff, ContentKind::Binary(what)) = (check, sniff_kind(&bytes)) {
        return Outcome::Done(Err(FetchError::NotHtml {
            content_type: what.to_string(),
        }));
    }
    Outcome::Done(Ok(Reply::Body {
        status: code,
        content_type,
        bytes,
    }))
}

/// Reads the (decompressed) body chunk by chunk, stopping at `max` bytes: an
/// error past it, or the first `max` bytes when `truncate`.
async fn read_body(
    mut resp: reqwest::Response,
    max: u64,
    truncate: bool,
) -> Result<Vec<u8>, Outcome> {
    let too_large = || Outcome::Done(Err(FetchError::TooLarge { max }));
    if !truncate && resp.content_length().is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let max = usize::try_from(max).unwrap_or(usize::MAX);
    let mut buf = Vec::new();
    loop {
        let chunk = match resp.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => return Ok(buf),
            Err(e) if e.is_decode() => {
                return Err(Outcome::Done(Err(FetchError::Body {
                    reason: describe(&e),
                })))
            }
            Err(e) => return Err(Outcome::Transient(Transient::Connection(describe(&e)))),
        };
        let room = max - buf.len();
        if chunk.len() > room {
            if truncate {
                buf.extend_from_slice(&chunk[..room]);
                return Ok(buf);
            }
            return Err(too_large());
        }
        buf.extend_from_slice(&chunk);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert!(matches!(
            check_type(Some("text/html; charset=iso-8859-1")),
            TypeCheck::Page
        ));
        assert!(matches!(
            check_type(Some(" Application/XHTML+XML ")),
            TypeCheck::Page
        ));
        assert!(matches!(
            check_type(Some("application/pdf")),
            TypeCheck::Refuse
        ));
        assert!(matches!(check_type(Some("image/png")), TypeCheck::Refuse));
        assert!(matches!(check_type(None), TypeCheck::Sniff));
        assert!(matches!(
            check_type(Some("application/octet-stream")),
            TypeCheck::Sniff
        ));
    }
}
