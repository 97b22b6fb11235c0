//! Stage: record input, HTTP — the HTTP response stored in a WARC `response`
//! record: status line, headers, and the payload with its transfer coding
//! (chunked) and content coding (gzip, deflate) undone, within a size cap.
//! Used by `classify.rs`.

use std::borrow::Cow;
use std::io::Read;

/// How far into a block the end of the HTTP headers is looked for.
const MAX_HEAD: usize = 256 * 1024;

/// An HTTP response as stored in a WARC record.
#[derive(Debug, Clone)]
pub struct HttpResponse<'a> {
    /// The status code, e.g. 200.
    pub status: u16,
    /// Header fields in order, names as written.
    pub headers: Vec<(String, String)>,
    /// The body as stored (it may still be chunked or compressed: see [`payload`](Self::payload)).
    pub body: &'a [u8],
}

impl<'a> HttpResponse<'a> {
    /// Parses a block that starts with an HTTP status line. A block that ends
    /// before the blank line after the headers has an empty body.
    pub fn parse(block: &'a [u8]) -> Result<HttpResponse<'a>, String> {
        let head_area = block.get(..block.len().min(MAX_HEAD)).unwrap_or_default();
        let crlf = memchr::memmem::find(head_area, b"\r\n\r\n").map(|i| (i, i + 4));
        let lf = memchr::memmem::find(head_area, b"\n\n").map(|i| (i, i + 2));
        let (head_end, body_start) = match (crlf, lf) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or((head_area.len(), head_area.len())),
        };
        let head = String::from_utf8_lossy(block.get(..head_end).unwrap_or_default());
        let mut lines = head.lines();
        let status_line = lines.next().unwrap_or_default();
        let mut parts = status_line.split_whitespace();
        let status = match (parts.next(), parts.next()) {
            (Some(version), Some(code)) if version.starts_with("HTTP/") => code.parse::<u16>().ok(),
            _ => None,
        };
        let Some(status) = status else {
            let shown: String = status_line.chars().take(40).collect();
            return Err(format!("not an HTTP response (status line {shown:?})"));
        };
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in lines {
            if line.starts_with([' ', '\t']) {
                if let Some((_, value)) = headers.last_mut() {
                    value.push(' ');
                    value.push_str(line.trim());
                }
            } else if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        Ok(HttpResponse {
            status,
            headers,
            body: block.get(body_start..).unwrap_or_default(),
        })
    }

    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of `Content-Type`, lowercased, without parameters.
    pub fn mime_type(&self) -> Option<String> {
        self.header("Content-Type").and_then(mime_type)
    }

    /// The payload: the body with chunked transfer coding and gzip or deflate
    /// content coding undone (a body that is not in the announced coding, as
    /// crawlers that decode before storing leave it, is taken as it is). Fails
    /// when the payload is larger than `max` bytes, or in a coding that cannot
    /// be undone.
    pub fn payload(&self, max: usize) -> Result<Cow<'a, [u8]>, String> {
        let mut body: Cow<'a, [u8]> = Cow::Borrowed(self.body);
        let chunked = self
            .header("Transfer-Encoding")
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
        if chunked {
            if let Some(joined) = dechunk(self.body) {
                body = Cow::Owned(joined);
            }
        }
        let coding = self
            .header("Content-Encoding")
            .map(|c| c.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let body = match coding.as_str() {
            "" | "identity" => body,
            "gzip" | "x-gzip" if body.starts_with(&[0x1f, 0x8b]) => {
                let decoder = flate2::read::MultiGzDecoder::new(&body[..]);
                Cow::Owned(inflate(decoder, max, "gzip")?)
            }
            "deflate" if !looks_like_markup(&body) => {
                let zlib = inflate(flate2::read::ZlibDecoder::new(&body[..]), max, "deflate");
                let raw = || inflate(flate2::read::DeflateDecoder::new(&body[..]), max, "deflate");
                Cow::Owned(zlib.or_else(|_| raw())?)
            }
            _ if looks_like_markup(&body) => body,
            "gzip" | "x-gzip" | "deflate" => body,
            other => {
                return Err(format!(
                    "payload in an unsupported Content-Encoding `{other}`"
                ))
            }
        };
        if body.len() > max {
            return Err(format!("larger than the size limit ({max} bytes)"));
        }
        Ok(body)
    }
}

/// The media type of a `Content-Type` value, lowercased, without parameters.
pub(crate) fn mime_type(content_type: &str) -> Option<String> {
    let mime = content_type.split(';').next().unwrap_or_default().trim();
    (!mime.is_empty()).then(|| mime.to_ascii_lowercase())
}

/// Whether `bytes` start (after whitespace and a BOM) with `<`.
fn looks_like_markup(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<')
}

/// Decompresses at most `max` bytes; more is an error.
fn inflate(decoder: impl Read, max: usize, coding: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    decoder
        .take(max as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("bad {coding} payload: {e}"))?;
    if out.len() > max {
        return Err(format!(
            "larger than the size limit ({max} bytes) after {coding} decompression"
        ));
    }
    Ok(out)
}

/// Joins a chunked body; `None` when it is not well-formed chunked data (a
/// crawler may have joined it already and kept the header).
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = memchr::memchr(b'\n', body)?;
        let size_line = std::str::from_utf8(body.get(..eol)?).ok()?;
        let size_text = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = body.get(eol + 1..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r").unwrap_or(body);
        body = body.strip_prefix(b"\n").unwrap_or(body);
        if body.is_empty() {
            // A last chunk without the closing `0` chunk: keep what came.
            return Some(out);
        }
    }
}
