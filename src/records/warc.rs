//! Stage: record input, WARC framing — WARC 1.0/1.1 records read one at a time
//! from a decompressed stream (see [`super::open`]); `classify.rs` decides what
//! each one is.
//!
//! A record is a `WARC/1.x` line, `Name: value` header lines (a line starting
//! with a space or tab continues the previous value), a blank line, then
//! `Content-Length` bytes of block and two line ends. Memory per record is
//! bounded: header lines are capped, and only the first `max_block` bytes of a
//! block are kept (the rest is read and dropped). A malformed record is
//! reported and the reader moves on to the next `WARC/` line; a stream that ends
//! inside a record gives that record, marked truncated, and then ends.

use std::io::{self, BufRead, Read};

use super::{read_line, LineEnd};

/// Longest header line kept, in bytes.
const MAX_LINE: usize = 64 * 1024;
/// Most header fields in one record.
const MAX_FIELDS: usize = 512;

/// One WARC record: its headers and (the first part of) its block.
#[derive(Debug, Clone, Default)]
pub struct WarcRecord {
    /// Byte offset of the record in the decompressed stream.
    pub offset: u64,
    /// The version line, e.g. `WARC/1.0`.
    pub version: String,
    /// Header fields in order, names as written.
    pub headers: Vec<(String, String)>,
    /// The block: all of it, or its first `max_block` bytes when
    /// [`over_limit`](Self::over_limit).
    pub block: Vec<u8>,
    /// The block's length as announced by `Content-Length`.
    pub content_length: u64,
    /// Whether the block is longer than the reader's limit (only its start is kept).
    pub over_limit: bool,
    /// Why the record is incomplete, when the stream ended (or failed) inside it.
    pub truncated: Option<String>,
}

impl WarcRecord {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `WARC-Type`, e.g. `response`, `request`, `revisit`, `warcinfo`.
    pub fn record_type(&self) -> Option<&str> {
        self.header("WARC-Type")
    }

    /// `WARC-Record-ID`, e.g. `<urn:uuid:…>`.
    pub fn record_id(&self) -> Option<&str> {
        self.header("WARC-Record-ID")
    }

    /// `WARC-Target-URI`, without the angle brackets some writers put around it.
    pub fn target_uri(&self) -> Option<&str> {
        self.header("WARC-Target-URI").map(|u| {
            u.strip_prefix('<')
                .and_then(|u| u.strip_suffix('>'))
                .unwrap_or(u)
        })
    }

    /// `WARC-Date`, as written (ISO 8601).
    pub fn date(&self) -> Option<&str> {
        self.header("WARC-Date")
    }
}

/// A problem reading a WARC stream.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    /// Bytes that are not a valid record; the reader skipped to the next
    /// `WARC/` line and goes on.
    #[error("bad WARC record at byte {offset}: {reason}")]
    Malformed {
        /// Where the bad bytes start in the decompressed stream.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// The stream could not be read (bad gzip data, an I/O error); the reader stops.
    #[error("cannot read the WARC stream at byte {offset}: {source}")]
    Io {
        /// How far the stream was read.
        offset: u64,
        /// What failed.
        source: io::Error,
    },
}

/// Reads WARC records one at a time from a (decompressed) stream.
///
/// ```
/// let warc = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n";
/// let mut reader = rinse::records::WarcReader::new(&warc[..], 1 << 20);
/// let record = reader.next().unwrap().unwrap();
/// assert_eq!(record.record_type(), Some("warcinfo"));
/// assert_eq!(record.block, b"abc");
/// assert!(reader.next().is_none());
/// ```
pub struct WarcReader<R> {
    inner: R,
    max_block: u64,
    offset: u64,
    /// A version line found while skipping bad bytes, and its offset.
    pending: Option<(Vec<u8>, u64)>,
    done: bool,
    line: Vec<u8>,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader keeping at most `max_block` bytes of each record's block.
    pub fn new(inner: R, max_block: u64) -> Self {
        WarcReader {
            inner,
            max_block,
            offset: 0,
            pending: None,
            done: false,
            line: Vec::new(),
        }
    }

    /// Bytes of the decompressed stream read so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    fn line(&mut self) -> Result<LineEnd, WarcError> {
        match read_line(&mut self.inner, &mut self.line, MAX_LINE) {
            Ok((end, n)) => {
                self.offset += n;
                Ok(end)
            }
            Err(source) => {
                self.done = true;
                Err(WarcError::Io {
                    offset: self.offset,
                    source,
                })
            }
        }
    }

    /// Skips lines up to the next `WARC/` version line (kept for the next record)
    /// and returns the error describing the skipped bytes.
    fn resync(&mut self, start: u64, reason: String) -> WarcError {
        loop {
            let at = self.offset;
            match self.line() {
                Ok(LineEnd::Eof) => break,
                Ok(_) if self.line.starts_with(b"WARC/") => {
                    self.pending = Some((std::mem::take(&mut self.line), at));
                    break;
                }
                Ok(_) => {}
                Err(e) => return e,
            }
        }
        WarcError::Malformed {
            offset: start,
            reason,
        }
    }

    /// The next version line and its offset, skipping blank lines; `None` at the end.
    fn version_line(&mut self) -> Result<Option<(Vec<u8>, u64)>, WarcError> {
        if let Some(found) = self.pending.take() {
            return Ok(Some(found));
        }
        loop {
            let at = self.offset;
            match self.line()? {
                LineEnd::Eof => return Ok(None),
                LineEnd::Line | LineEnd::Last if self.line.iter().all(u8::is_ascii_whitespace) => {
                    continue
                }
                _ => return Ok(Some((std::mem::take(&mut self.line), at))),
            }
        }
    }

    fn read_record(&mut self) -> Result<Option<WarcRecord>, WarcError> {
        let Some((version, start)) = self.version_line()? else {
            return Ok(None);
        };
        if !version.starts_with(b"WARC/") {
            let shown: String = String::from_utf8_lossy(&version).chars().take(40).collect();
            let reason = format!("expected a `WARC/` version line, found {shown:?}");
            return Err(self.resync(start, reason));
        }
        let mut record = WarcRecord {
            offset: start,
            version: String::from_utf8_lossy(&version).trim().to_string(),
            ..WarcRecord::default()
        };
        loop {
            let end = match self.line() {
                Ok(end) => end,
                Err(e) => {
                    record.truncated = Some(format!("inside the record's headers: {e}"));
                    return Ok(Some(record));
                }
            };
            match end {
                LineEnd::Eof | LineEnd::Last => {
                    self.done = true;
                    record.truncated = Some("the stream ends inside the record's headers".into());
                    return Ok(Some(record));
                }
                LineEnd::TooLong(len) => {
                    let reason = format!("a header line of {len} bytes");
                    return Err(self.resync(start, reason));
                }
                LineEnd::Line if self.line.is_empty() => break,
                LineEnd::Line => {}
            }
            let text = String::from_utf8_lossy(&self.line);
            if text.starts_with([' ', '\t']) {
                if let Some((_, value)) = record.headers.last_mut() {
                    value.push(' ');
                    value.push_str(text.trim());
                    continue;
                }
            }
            let Some((name, value)) = text.split_once(':') else {
                let shown: String = text.chars().take(40).collect();
                let reason = format!("a header line without `:`: {shown:?}");
                return Err(self.resync(start, reason));
            };
            if record.headers.len() >= MAX_FIELDS {
                let reason = format!("more than {MAX_FIELDS} header fields");
                return Err(self.resync(start, reason));
            }
            record
                .headers
                .push((name.trim().to_string(), value.trim().to_string()));
        }
        let length = record.header("Content-Length").map(str::trim);
        let Some(length) = length.and_then(|l| l.parse::<u64>().ok()) else {
            let reason = match length {
                Some(l) => format!("bad Content-Length {l:?}"),
                None => "no Content-Length".into(),
            };
            return Err(self.resync(start, reason));
        };
        record.content_length = length;
        self.read_block(&mut record);
        Ok(Some(record))
    }

    /// Reads the block: the first `max_block` bytes kept, the rest dropped.
    /// A short or failed read marks the record truncated and ends the stream.
    fn read_block(&mut self, record: &mut WarcRecord) {
        let length = record.content_length;
        let keep = length.min(self.max_block);
        record.over_limit = length > self.max_block;
        let kept = (&mut self.inner).take(keep).read_to_end(&mut record.block);
        let mut got = record.block.len() as u64;
        let mut failure = kept.err();
        if failure.is_none() && got == keep && keep < length {
            match io::copy(&mut (&mut self.inner).take(length - keep), &mut io::sink()) {
                Ok(n) => got += n,
                Err(e) => failure = Some(e),
            }
        }
        self.offset += got;
        if got < length || failure.is_some() {
            self.done = true;
            let why = match failure {
                Some(e) => format!("read error after {got} of {length} bytes: {e}"),
                None => format!("the stream ends after {got} of {length} bytes"),
            };
            record.truncated = Some(why);
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcRecord, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.read_record().transpose()
    }
}
