//! Stage: record input — reading pages packed many to a stream, before the
//! pipeline: WARC files (Common Crawl and other web archives) and JSONL (one
//! JSON object per line, as dataset tools write them).
//!
//! ```text
//! bytes → open (gzip sniffed, multi-member) → WarcReader → WarcRecord → classify → WarcPage → Pipeline
//!                                          → JsonlReader → JsonlLine → (the caller parses the JSON)
//! ```
//!
//! Everything here reads as a stream: one record (or line) is in memory at a
//! time, and never more than the size cap of it, whatever the file's size.
//!
//! Why not the `warc` crate: its readers buffer header lines without a limit,
//! stop at the first malformed record, and bring another gzip implementation
//! (libflate) and old `uuid`/`nom` versions; rinse needs a size cap per record
//! that still lets a large non-HTML record be classified and skipped, recovery
//! after a bad record, and the `flate2` it already uses. The format is simple:
//! a version line, `Name: value` headers, a blank line and `Content-Length`
//! bytes of block.

mod classify;
mod http;
mod jsonl;
mod warc;

#[cfg(test)]
mod tests;

use std::io::{self, BufRead, BufReader, Read};

pub use classify::{classify, Skip, Verdict, WarcPage};
pub use http::HttpResponse;
pub use jsonl::{JsonlLine, JsonlReader};
pub use warc::{WarcError, WarcReader, WarcRecord};

/// Buffer size of the readers [`open`] builds.
const BUFFER: usize = 64 * 1024;

/// A buffered reader over `reader`, decompressed when it is gzip data (the
/// magic bytes decide, not a file name). Every gzip member is read, so a
/// `.warc.gz` with one member per record — the usual layout — comes out whole.
pub fn open<'a>(reader: impl Read + Send + 'a) -> io::Result<Box<dyn BufRead + Send + 'a>> {
    let mut buffered = BufReader::with_capacity(BUFFER, reader);
    let head = buffered.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::bufread::MultiGzDecoder::new(buffered);
        return Ok(Box::new(BufReader::with_capacity(BUFFER, gz)));
    }
    Ok(Box::new(buffered))
}

/// Decodes an HTML page's bytes to UTF-8 as the pipeline would (BOM, then the
/// `Content-Type` charset, then `<meta charset>`, then a guess). Returns the
/// text and the name of the encoding used.
pub fn decode_html<'a>(
    bytes: &'a [u8],
    content_type: Option<&str>,
) -> (std::borrow::Cow<'a, str>, &'static str) {
    let decoded = crate::decode::decode(bytes, content_type, true);
    (decoded.text, decoded.encoding)
}

/// How [`read_line`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineEnd {
    /// The stream had no more bytes.
    Eof,
    /// A line was read (its end of line removed).
    Line,
    /// The last line of the stream, with no end of line after it.
    Last,
    /// The line was longer than the limit: its first `max` bytes are kept,
    /// the rest was read and dropped. Holds the line's full length.
    TooLong(u64),
}

/// Reads one line into `buf` (cleared first), keeping at most `max` bytes of it
/// and dropping `\n` or `\r\n`. Returns how the line ended and the number of
/// bytes consumed from `reader`. Memory stays bounded however long the line.
pub(crate) fn read_line(
    reader: &mut (impl BufRead + ?Sized),
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<(LineEnd, u64)> {
    buf.clear();
    let mut consumed: u64 = 0;
    let mut len: u64 = 0;
    let mut last = None;
    let mut terminated = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            if consumed == 0 {
                return Ok((LineEnd::Eof, 0));
            }
            break;
        }
        let (take, found) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let content = chunk.get(..take).unwrap_or_default();
        let content = if found {
            content.get(..take - 1).unwrap_or_default()
        } else {
            content
        };
        len += content.len() as u64;
        last = content.last().copied().or(last);
        let room = max.saturating_sub(buf.len());
        buf.extend_from_slice(content.get(..room.min(content.len())).unwrap_or_default());
        reader.consume(take);
        consumed += take as u64;
        if found {
            terminated = true;
            break;
        }
    }
    if last == Some(b'\r') {
        len -= 1;
        if buf.len() as u64 > len {
            buf.pop();
        }
    }
    if len > max as u64 {
        return Ok((LineEnd::TooLong(len), consumed));
    }
    if terminated {
        Ok((LineEnd::Line, consumed))
    } else {
        Ok((LineEnd::Last, consumed))
    }
}
