//! Stage: fetch — why a URL gave no page. Every URL of a batch ends either as a
//! page or as one of these, with a reason a person can read and a short
//! machine-readable [`FetchError::kind`].

use std::time::Duration;

/// Why fetching one URL gave no page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The input is not an absolute http(s) URL.
    #[error("not a valid http(s) URL: {reason}")]
    InvalidUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// robots.txt disallows the URL for our user agent.
    #[error("disallowed by robots.txt ({robots_url})")]
    RobotsDisallowed {
        /// The robots.txt that said so.
        robots_url: String,
    },
    /// robots.txt could not be read (server error or unreachable), which by
    /// RFC 9309 means the whole site is off limits.
    #[error("robots.txt unavailable ({reason}), so the site is treated as disallowed")]
    RobotsUnavailable {
        /// The status or connection error.
        reason: String,
    },
    /// The server answered with an error status (after retries, for 5xx and 429).
    #[error("HTTP {code}{reason}{tries}", reason = status_reason(*.code), tries = fmt_attempts(*.attempts))]
    Status {
        /// The HTTP status code.
        code: u16,
        /// Requests made for this URL (1 when not retried).
        attempts: u32,
    },
    /// The server asked to retry later than we are willing to wait.
    #[error("HTTP {code}{reason}: Retry-After {} s is longer than the {} s limit",
        .retry_after.as_secs(), .limit.as_secs(), reason = status_reason(*.code))]
    RetryTooLate {
        /// The HTTP status code (429 or 503 usually).
        code: u16,
        /// What the server asked for.
        retry_after: Duration,
        /// The longest wait accepted.
        limit: Duration,
    },
    /// No complete response within the request timeout.
    #[error("timed out after {}{tries}", fmt_duration(*.after), tries = fmt_attempts(*.attempts))]
    Timeout {
        /// The timeout of one request.
        after: Duration,
        /// Requests made.
        attempts: u32,
    },
    /// The connection failed or broke (after retries).
    #[error("connection failed: {reason}{tries}", tries = fmt_attempts(*.attempts))]
    Connection {
        /// What the HTTP client said.
        reason: String,
        /// Requests made.
        attempts: u32,
    },
    /// The body is larger than the size cap; reading stopped at the cap.
    #[error("too large: the body is longer than the {max}-byte limit")]
    TooLarge {
        /// The cap in bytes.
        max: u64,
    },
    /// The response is not HTML or text (a PDF, an image…); it was not read.
    #[error("not HTML or text ({content_type}); skipped")]
    NotHtml {
        /// The Content-Type, or what the bytes look like.
        content_type: String,
    },
    /// More redirects than allowed, or a redirect without a usable target.
    #[error("redirect problem: {reason}")]
    Redirect {
        /// What went wrong.
        reason: String,
    },
    /// The body could not be decoded (bad gzip, brotli or deflate data).
    #[error("bad response body: {reason}")]
    Body {
        /// What the decoder said.
        reason: String,
    },
    /// The run was stopped (Ctrl-C) before this URL finished.
    #[error("interrupted before it finished")]
    Interrupted,
    /// The HTTP client could not be set up, or no async runtime was running.
    #[error("cannot set up fetching: {0}")]
    Setup(String),
    /// A bug: processing the page failed unexpectedly.
    #[error("internal error: {0}")]
    Internal(String),
}

impl FetchError {
    /// A short stable name of the error's kind, for JSON output: `invalid_url`,
    /// `robots`, `http_status`, `timeout`, `connection`, `too_large`,
    /// `not_html`, `redirect`, `body`, `interrupted`, `setup` or `internal`.
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::InvalidUrl { .. } => "invalid_url",
            FetchError::RobotsDisallowed { .. } | FetchError::RobotsUnavailable { .. } => "robots",
            FetchError::Status { .. } | FetchError::RetryTooLate { .. } => "http_status",
            FetchError::Timeout { .. } => "timeout",
            FetchError::Connection { .. } => "connection",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::NotHtml { .. } => "not_html",
            FetchError::Redirect { .. } => "redirect",
            FetchError::Body { .. } => "body",
            FetchError::Interrupted => "interrupted",
            FetchError::Setup(_) => "setup",
            FetchError::Internal(_) => "internal",
        }
    }

    /// Whether the URL was skipped on purpose (robots.txt said no, or the content
    /// is not a page) rather than failed.
    pub fn is_skip(&self) -> bool {
        matches!(
            self,
            FetchError::RobotsDisallowed { .. } | FetchError::NotHtml { .. }
        )
    }
}

fn fmt_attempts(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

fn fmt_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

fn status_reason(code: u16) -> String {
    reqwest::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|r| format!(" {r}"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_reason() {
        let e = FetchError::Status {
            code: 503,
            attempts: 4,
        };
        assert_eq!(
            e.to_string(),
            "HTTP 503 Service Unavailable (after 4 attempts)"
        );
        assert_eq!(
            FetchError::Status {
                code: 404,
                attempts: 1
            }
            .to_string(),
            "HTTP 404 Not Found"
        );
        let t = FetchError::Timeout {
            after: Duration::from_millis(300),
            attempts: 1,
        };
        assert_eq!(t.to_string(), "timed out after 300 ms");
        assert!(FetchError::NotHtml {
            content_type: "application/pdf".into()
        }
        .is_skip());
        assert!(!t.is_skip());
    }
}
