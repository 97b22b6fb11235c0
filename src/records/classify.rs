//! Stage: record input, classification — decides what one WARC record is for
//! rinse: an HTML page to clean (with its URL and `Content-Type`), a record to
//! skip (not a response, not HTTP 200, not HTML), or a failure (truncated,
//! over the size cap, a broken HTTP message). Between `warc.rs` and the pipeline.

use std::fmt;

use super::http::{mime_type, HttpResponse};
use super::WarcRecord;
use crate::decode::{self, ContentKind};

/// An HTML page found in a WARC record, ready for the pipeline.
#[derive(Debug, Clone)]
pub struct WarcPage {
    /// The payload bytes (transfer and content codings undone).
    pub bytes: Vec<u8>,
    /// The HTTP `Content-Type` (its charset goes to the decoder).
    pub content_type: Option<String>,
}

/// Why a record holds no page to clean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Not a `response` or `resource` record (`request`, `revisit`, `warcinfo`,
    /// `metadata`…); holds the type.
    NotResponse(String),
    /// An HTTP status other than 200.
    Status(u16),
    /// A payload that is not HTML; holds the media type.
    NotHtml(String),
}

impl Skip {
    /// A short name for counting: `not a response`, `not HTTP 200`, `not HTML`.
    pub fn kind(&self) -> &'static str {
        match self {
            Skip::NotResponse(_) => "not a response",
            Skip::Status(_) => "not HTTP 200",
            Skip::NotHtml(_) => "not HTML",
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::NotResponse(t) => write!(f, "a `{t}` record, not a response"),
            Skip::Status(s) => write!(f, "HTTP status {s}"),
            Skip::NotHtml(m) => write!(f, "not HTML ({m})"),
        }
    }
}

/// What to do with one record.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Clean this page.
    Page(WarcPage),
    /// Count it and move on.
    Skip(Skip),
    /// A page that cannot be cleaned, and why.
    Fail(String),
}

/// Whether a media type is HTML.
fn is_html_mime(mime: &str) -> bool {
    matches!(mime, "text/html" | "application/xhtml+xml")
}

/// Decides what `record` is. `max_bytes` caps the page's payload (after
/// decompression); a record whose block was over the reader's limit fails
/// once it is known to be an HTML page.
pub fn classify(record: &WarcRecord, max_bytes: usize) -> Verdict {
    let kind = record
        .record_type()
        .map(str::to_ascii_lowercase)
        .unwrap_or_else(|| "(no WARC-Type)".into());
    let incomplete = |what: String| match &record.truncated {
        Some(why) => Verdict::Fail(format!("truncated record: {why}")),
        None => Verdict::Fail(what),
    };
    let too_large = || Verdict::Fail(format!("larger than the size limit ({max_bytes} bytes)"));
    match kind.as_str() {
        "response" => {
            let http = match HttpResponse::parse(&record.block) {
                Ok(http) => http,
                Err(e) => return incomplete(e),
            };
            if http.status != 200 {
                return Verdict::Skip(Skip::Status(http.status));
            }
            let mime = http.mime_type().or_else(|| {
                record
                    .header("WARC-Identified-Payload-Type")
                    .and_then(mime_type)
            });
            if let Some(skip) = not_html(mime.as_deref(), http.body) {
                return Verdict::Skip(skip);
            }
            if record.truncated.is_some() {
                return incomplete(String::new());
            }
            if record.over_limit {
                return too_large();
            }
            match http.payload(max_bytes) {
                Ok(bytes) => Verdict::Page(WarcPage {
                    bytes: bytes.into_owned(),
                    content_type: http.header("Content-Type").map(str::to_string),
                }),
                Err(e) => Verdict::Fail(e),
            }
        }
        "resource" => {
            let mime = record.header("Content-Type").and_then(mime_type);
            if let Some(skip) = not_html(mime.as_deref(), &record.block) {
                return Verdict::Skip(skip);
            }
            if record.truncated.is_some() {
                return incomplete(String::new());
            }
            if record.over_limit || record.block.len() > max_bytes {
                return too_large();
            }
            Verdict::Page(WarcPage {
                bytes: record.block.clone(),
                content_type: record.header("Content-Type").map(str::to_string),
            })
        }
        _ => Verdict::Skip(Skip::NotResponse(kind)),
    }
}

/// Why a payload of media type `mime` is not HTML, if it is not; without a
/// type, the bytes are sniffed.
fn not_html(mime: Option<&str>, body: &[u8]) -> Option<Skip> {
    match mime {
        Some(m) if is_html_mime(m) => None,
        Some(m) => Some(Skip::NotHtml(m.to_string())),
        None => match decode::sniff_kind(body) {
            ContentKind::Html => None,
            _ => Some(Skip::NotHtml("no Content-Type, and not HTML".into())),
        },
    }
}
