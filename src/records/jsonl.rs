//! Stage: record input, JSONL framing — a stream split into numbered lines,
//! each at most a size cap long (a longer one is reported by its number and
//! length, and dropped without being held in memory). Blank lines are not
//! records and are passed over; a byte order mark before the first line is
//! dropped. Parsing the JSON is left to the caller.

use std::io::{self, BufRead};

use super::{read_line, LineEnd};

/// One line of a JSONL stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonlLine {
    /// A line (without its end of line) and its 1-based number.
    Line {
        /// 1-based line number in the stream.
        number: u64,
        /// The line's bytes.
        bytes: Vec<u8>,
    },
    /// A line longer than the cap.
    TooLong {
        /// 1-based line number in the stream.
        number: u64,
        /// The line's length in bytes.
        len: u64,
    },
}

impl JsonlLine {
    /// The line's 1-based number.
    pub fn number(&self) -> u64 {
        match self {
            JsonlLine::Line { number, .. } | JsonlLine::TooLong { number, .. } => *number,
        }
    }
}

/// Reads a JSONL stream line by line, each line at most `max_line` bytes.
///
/// ```
/// use rinse::records::{JsonlLine, JsonlReader};
/// let input = b"{\"a\":1}\n\n{\"b\":2}\r\n";
/// let lines: Vec<JsonlLine> = JsonlReader::new(&input[..], 100).map(Result::unwrap).collect();
/// assert_eq!(lines[1], JsonlLine::Line { number: 3, bytes: b"{\"b\":2}".to_vec() });
/// ```
pub struct JsonlReader<R> {
    inner: R,
    max_line: usize,
    number: u64,
    failed: bool,
}

impl<R: BufRead> JsonlReader<R> {
    /// A reader over `inner` with lines of at most `max_line` bytes.
    pub fn new(inner: R, max_line: usize) -> Self {
        JsonlReader {
            inner,
            max_line,
            number: 0,
            failed: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = io::Result<JsonlLine>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            let mut bytes = Vec::new();
            let end = match read_line(&mut self.inner, &mut bytes, self.max_line) {
                Ok((end, _)) => end,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            };
            self.number += 1;
            let number = self.number;
            match end {
                LineEnd::Eof => return None,
                LineEnd::TooLong(len) => return Some(Ok(JsonlLine::TooLong { number, len })),
                LineEnd::Line | LineEnd::Last => {
                    if number == 1 && bytes.starts_with(b"\xef\xbb\xbf") {
                        bytes.drain(..3);
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Ok(JsonlLine::Line { number, bytes }));
                }
            }
        }
    }
}
