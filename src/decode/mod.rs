//! Stage: decode — bytes → text, plus content sniffing.
//!
//! Input: the raw bytes of a [`crate::page::RawPage`] and, when the page was
//! fetched, its HTTP `Content-Type` header. Output: a [`Decoded`] (the text,
//! the WHATWG name of the encoding used and which piece of evidence chose it)
//! and, from [`sniff_kind`], whether the bytes hold HTML, plain text or
//! something that is not text at all.
//!
//! Neighbours: the page loader hands bytes in; the block builders
//! (`blocks::html` for markup, `blocks::text` for plain text) take the text.
//!
//! The encoding is chosen the way browsers do it, strongest evidence first:
//! byte order mark, the `charset` of `Content-Type`, the HTML Standard's
//! `<meta>` prescan (see [`prescan`]), a UTF-16 pattern without BOM, a
//! statistical guess by `chardetng`, and finally UTF-8.
//!
//! Two deliberate departures from a browser, both because the output is text
//! for people rather than a rendered page: labels that map to the
//! "replacement" encoding are ignored instead of turning the page into one
//! U+FFFD, and `x-user-defined` from `Content-Type` means windows-1252 (the
//! HTML Standard already says so for `<meta>`).

mod prescan;
mod sniff;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use chardetng::EncodingDetector;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};
use serde::Serialize;

pub use sniff::{sniff_kind, ContentKind};

/// How many bytes, starting at the first non-ASCII one, the detector reads.
/// Enough for a confident guess; keeps a 50 MB page as fast as a small one.
const DETECT_LIMIT: usize = 64 * 1024;

/// The detector reads the non-ASCII bytes of its window with this many ASCII
/// bytes of context on each side (the letters next to an accented one are part
/// of the evidence); the long ASCII runs between (markup, scripts) tell the
/// encodings nothing and cost as much per byte as text.
const DETECT_CONTEXT: usize = 32;

/// The detector reads excerpts in chunks of this many bytes…
const DETECT_CHUNK: usize = 4096;

/// …and stops after the chunk in which it has seen this many non-ASCII bytes:
/// dense CJK or Cyrillic text says what it is long before the window ends.
const DETECT_ENOUGH: usize = 8192;

/// How many leading bytes the UTF-16-without-BOM heuristic looks at.
const UTF16_SNIFF_LIMIT: usize = 4096;

/// Which piece of evidence decided the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingSource {
    /// A byte order mark at the start of the bytes (it is not part of the text).
    Bom,
    /// The `charset` parameter of the HTTP `Content-Type` header.
    ContentType,
    /// A declaration inside the document found by the HTML prescan: a `<meta>`
    /// charset or `http-equiv`, or an XML declaration.
    Meta,
    /// A guess from the content: the UTF-16 NUL-byte pattern or `chardetng`.
    Detector,
    /// Nothing said otherwise (including empty and pure-ASCII input): UTF-8.
    Default,
}

/// Text decoded from a page's bytes, and how its encoding was chosen.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    /// The decoded text, without any byte order mark: the bytes themselves
    /// when they already are that text (valid UTF-8 read as UTF-8, ASCII read
    /// as an ASCII-compatible encoding), so most pages are never copied.
    pub text: Cow<'a, str>,
    /// The WHATWG canonical name of the encoding used, e.g. `UTF-8` or `windows-1252`.
    pub encoding: &'static str,
    /// Which evidence chose the encoding.
    pub source: EncodingSource,
    /// Whether some bytes were invalid in that encoding and became U+FFFD.
    pub malformed: bool,
}

/// Decodes `bytes` into text, choosing the encoding as a browser would.
///
/// `content_type` is the HTTP `Content-Type` header value when the page was
/// fetched; `html` says whether to run the `<meta>` prescan over the first
/// 1024 bytes. Never fails or panics: bytes that are invalid in the chosen
/// encoding become U+FFFD and set [`Decoded::malformed`]. Empty input gives
/// empty text, UTF-8, [`EncodingSource::Default`].
pub fn decode<'a>(bytes: &'a [u8], content_type: Option<&str>, html: bool) -> Decoded<'a> {
    if bytes.is_empty() {
        return Decoded {
            text: Cow::Borrowed(""),
            encoding: UTF_8.name(),
            source: EncodingSource::Default,
            malformed: false,
        };
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return decode_with(encoding, body, EncodingSource::Bom);
    }
    let declared = content_type
        .and_then(charset_from_content_type)
        .map(|encoding| (encoding, EncodingSource::ContentType))
        .or_else(|| {
            let found = if html { prescan::prescan(bytes) } else { None };
            found.map(|encoding| (encoding, EncodingSource::Meta))
        });
    // A declaration that contradicts the bytes: scraped pages are often saved
    // as UTF-8 while keeping their original `<meta charset>`. Non-ASCII bytes that
    // are all valid UTF-8 are practically never legacy-encoded text.
    let declared = declared.map(|(encoding, source)| {
        if encoding != UTF_8 && encoding.is_ascii_compatible() && is_non_ascii_utf8(bytes) {
            (UTF_8, EncodingSource::Detector)
        } else {
            (encoding, source)
        }
    });
    let (encoding, source) = declared
        .or_else(|| utf16_without_bom(bytes).map(|encoding| (encoding, EncodingSource::Detector)))
        .unwrap_or_else(|| detect(bytes));
    decode_with(encoding, bytes, source)
}

/// Whether `bytes` hold non-ASCII text that is entirely valid UTF-8.
fn is_non_ascii_utf8(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
}

/// Decodes with a known encoding, without BOM sniffing, and drops any
/// U+FEFF left at the start (a second BOM carries no text either).
fn decode_with<'a>(
    encoding: &'static Encoding,
    body: &'a [u8],
    source: EncodingSource,
) -> Decoded<'a> {
    let (text, malformed) = encoding.decode_without_bom_handling(body);
    let bom_chars = text.len() - text.trim_start_matches('\u{FEFF}').len();
    let text = match text {
        Cow::Borrowed(t) => Cow::Borrowed(t.get(bom_chars..).unwrap_or_default()),
        Cow::Owned(mut t) => {
            if bom_chars > 0 {
                t.replace_range(..bom_chars, "");
            }
            Cow::Owned(t)
        }
    };
    Decoded {
        text,
        encoding: encoding.name(),
        source,
        malformed,
    }
}

/// The encoding named by the `charset` parameter of a `Content-Type` value,
/// if it is a WHATWG label (so `latin1` and `ascii` mean windows-1252).
fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        let encoding = Encoding::for_label_no_replacement(value.as_bytes())?;
        Some(if encoding == X_USER_DEFINED {
            WINDOWS_1252
        } else {
            encoding
        })
    })
}

/// UTF-16LE or UTF-16BE when the first bytes show the NUL pattern of mostly
/// Latin-script UTF-16 text: NUL in a good share of one half of each byte
/// pair and almost never in the other half.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..UTF16_SNIFF_LIMIT).unwrap_or(bytes);
    let (mut even, mut odd, mut pairs) = (0usize, 0usize, 0usize);
    for pair in head.chunks_exact(2) {
        if let [first, second] = pair {
            pairs += 1;
            even += usize::from(*first == 0);
            odd += usize::from(*second == 0);
        }
    }
    // Many NULs on one side (at least 4, or every pair of a tiny input) and
    // at most one in fifty on the other: a stray NUL in UTF-8 text won't do.
    let pattern = |many: usize, few: usize| {
        pairs >= 2 && (many >= 4 || many == pairs) && many * 5 >= pairs && few * 50 <= pairs
    };
    if pattern(odd, even) {
        Some(UTF_16LE)
    } else if pattern(even, odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Guesses the encoding of undeclared bytes with `chardetng`.
///
/// Pure ASCII is UTF-8 by default (unless escape sequences make it
/// ISO-2022-JP). Otherwise the detector looks at a bounded window starting just
/// before the first non-ASCII byte, so long ASCII heads (inline scripts and
/// styles) don't hide the text that tells encodings apart, and of that window
/// it reads only the stretches around non-ASCII bytes ([`NonAsciiExcerpts`]):
/// the markup between costs the detector as much per byte as text and tells
/// it nothing. Valid UTF-8 comes back as UTF-8.
fn detect(bytes: &[u8]) -> (&'static Encoding, EncodingSource) {
    let ascii_len = Encoding::ascii_valid_up_to(bytes);
    let start = if ascii_len == bytes.len() {
        if !bytes.contains(&0x1B) {
            return (UTF_8, EncodingSource::Default);
        }
        0
    } else {
        // Valid UTF-8 is what the detector would answer anyway (it is asked
        // to allow UTF-8); checking it directly is many times cheaper.
        if bytes
            .get(ascii_len..)
            .is_some_and(|rest| std::str::from_utf8(rest).is_ok())
        {
            return (UTF_8, EncodingSource::Detector);
        }
        // A little ASCII context helps the detector's scoring.
        ascii_len.saturating_sub(16)
    };
    let end = start.saturating_add(DETECT_LIMIT).min(bytes.len());
    let window = bytes.get(start..end).unwrap_or_default();
    let last = end == bytes.len();
    let mut detector = EncodingDetector::new();
    let mut non_ascii = false;
    let mut seen = 0usize;
    let mut any = false;
    'feed: for (from, to) in NonAsciiExcerpts::new(window) {
        any = true;
        for chunk in window
            .get(from..to)
            .unwrap_or_default()
            .chunks(DETECT_CHUNK)
        {
            non_ascii |= detector.feed(chunk, false);
            seen += chunk.iter().filter(|b| !b.is_ascii()).count();
            if seen >= DETECT_ENOUGH {
                break 'feed;
            }
        }
        if to < window.len() {
            // Between excerpts the detector sees a space, as between words
            // (an excerpt ends in ASCII context unless the window cuts it).
            non_ascii |= detector.feed(b" ", false);
        } else if last {
            non_ascii |= detector.feed(b"", true);
        }
    }
    if !any {
        // All ASCII (an ISO-2022-JP page, say): the escapes are the evidence.
        non_ascii |= detector.feed(window, last);
    }
    let guess = detector.guess(None, true);
    if !non_ascii && guess == UTF_8 {
        (UTF_8, EncodingSource::Default)
    } else {
        (guess, EncodingSource::Detector)
    }
}

/// The stretches of a window around its non-ASCII bytes, as `(from, to)`
/// ranges: each run of non-ASCII bytes with up to [`DETECT_CONTEXT`] ASCII
/// bytes on each side; runs closer together than twice that are one excerpt
/// (so the ASCII trail bytes of legacy CJK encodings stay with their leads).
struct NonAsciiExcerpts<'a> {
    window: &'a [u8],
    at: usize,
}

impl<'a> NonAsciiExcerpts<'a> {
    /// The excerpts of `window`, from its start.
    fn new(window: &'a [u8]) -> Self {
        NonAsciiExcerpts { window, at: 0 }
    }
}

impl Iterator for NonAsciiExcerpts<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let rest = self.window.get(self.at..)?;
        let first = self.at + Encoding::ascii_valid_up_to(rest);
        if first >= self.window.len() {
            self.at = self.window.len();
            return None;
        }
        let from = first.saturating_sub(DETECT_CONTEXT).max(self.at);
        // Extend over non-ASCII bytes and short ASCII gaps.
        let mut last = first;
        loop {
            let after = last + 1;
            let gap = self
                .window
                .get(after..)
                .map_or(0, Encoding::ascii_valid_up_to);
            let next = after + gap;
            if next >= self.window.len() || gap > 2 * DETECT_CONTEXT {
                break;
            }
            last = next;
        }
        let to = (last + 1 + DETECT_CONTEXT).min(self.window.len());
        self.at = to;
        Some((from, to))
    }
}

/// Maps what a document may not declare for itself, as the HTML Standard's
/// prescan does: UTF-16 means UTF-8 (the bytes were ASCII-compatible enough
/// to be read) and x-user-defined means windows-1252.
fn in_document(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else if encoding == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    }
}
