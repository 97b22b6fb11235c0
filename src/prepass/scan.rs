//! Byte-level pieces of the HTML tokenizer the pre-pass needs: where a tag,
//! a comment, a raw-text element or a script ends, following the states of the
//! WHATWG tokenizer (the ones html5ever implements) closely enough that cutting
//! at these positions never changes what the parser makes of the rest.

use memchr::{memchr, memchr2, memmem};

/// Whitespace as the tokenizer sees it (tab, LF, FF, CR, space).
pub(crate) fn is_ws(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// A tag name, lower-cased, held inline. Names longer than the buffer are kept
/// as "long": no element the pre-pass treats specially has such a name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Name {
    buf: [u8; 16],
    len: usize,
}

impl Name {
    pub(super) fn new(raw: &[u8]) -> Name {
        let mut buf = [0u8; 16];
        if raw.len() > buf.len() {
            return Name { buf, len: 0 };
        }
        for (d, s) in buf.iter_mut().zip(raw) {
            *d = s.to_ascii_lowercase();
        }
        Name {
            buf,
            len: raw.len(),
        }
    }

    /// The lower-cased name; empty for a long one.
    pub(super) fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }

    pub(super) fn is(&self, name: &[u8]) -> bool {
        self.as_bytes() == name
    }

    /// A slot in `0..slots` picked by a hash of the name.
    pub(super) fn slot(&self, slots: usize) -> usize {
        let h = self.as_bytes().iter().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
        });
        (h as usize) % slots.max(1)
    }
}

/// How many elements of each name were let through and not yet closed: an
/// open-addressing table keyed by the exact name (a name hash alone would let
/// `</one>` inside an SVG close it because a `<p>` is open). Past
/// [`OpenCounts::MAX_NAMES`] distinct names every name counts as open, which
/// only ends SVG content early, as the pass already leans to.
#[derive(Clone)]
pub(super) struct OpenCounts {
    slots: Vec<(Name, u32)>,
    used: usize,
}

impl OpenCounts {
    const SLOTS: usize = 256;
    const MAX_NAMES: usize = 192;

    pub(super) fn new() -> Self {
        OpenCounts {
            slots: vec![(Name::new(b""), 0); Self::SLOTS],
            used: 0,
        }
    }

    /// The slot holding `name`, or the empty one where it goes.
    fn find(&self, name: &Name) -> Option<usize> {
        let start = name.slot(Self::SLOTS);
        (0..Self::SLOTS)
            .map(|i| (start + i) % Self::SLOTS)
            .find(|&i| {
                self.slots
                    .get(i)
                    .is_some_and(|(n, c)| n == name || (*c == 0 && n.is(b"")))
            })
    }

    pub(super) fn open(&mut self, name: &Name) {
        if self.used >= Self::MAX_NAMES {
            return;
        }
        if let Some(i) = self.find(name) {
            if let Some((n, c)) = self.slots.get_mut(i) {
                if *c == 0 && n.is(b"") {
                    *n = *name;
                    self.used += 1;
                }
                *c = c.saturating_add(1);
            }
        }
    }

    pub(super) fn close(&mut self, name: &Name) {
        if let Some(i) = self.find(name) {
            if let Some((n, c)) = self.slots.get_mut(i) {
                if n == name {
                    *c = c.saturating_sub(1);
                }
            }
        }
    }

    /// Whether an element called `name` may be open.
    pub(super) fn is_open(&self, name: &Name) -> bool {
        self.used >= Self::MAX_NAMES
            || self
                .find(name)
                .and_then(|i| self.slots.get(i))
                .is_some_and(|(n, c)| n == name && *c > 0)
    }
}

/// First position at or after `i` that is not HTML whitespace.
pub(crate) fn skip_ws(s: &[u8], mut i: usize) -> usize {
    while s.get(i).is_some_and(|b| is_ws(*b)) {
        i += 1;
    }
    i
}

/// End of a tag name starting at `from`: the tokenizer's tag name state runs to
/// whitespace, `/` or `>`, whatever the characters in between.
pub(crate) fn name_end(s: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(&b) = s.get(i) {
        if is_ws(b) || b == b'/' || b == b'>' {
            break;
        }
        i += 1;
    }
    i
}

/// Where a tag ends, and whether it was self-closing (`/>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TagEnd {
    /// Position just past the `>`.
    pub(super) end: usize,
    pub(super) self_closing: bool,
}

#[derive(Clone, Copy)]
enum AttrState {
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    Unquoted,
    AfterQuoted,
    SelfClosing,
}

/// The end of a tag whose name ends at `from`, following the tokenizer's
/// attribute states: a quote opens a quoted value only right after `=`
/// (whitespace allowed between); anywhere else it is an ordinary character.
/// `None` when the input ends inside the tag (the tokenizer then drops it).
pub(super) fn tag_end(s: &[u8], from: usize) -> Option<TagEnd> {
    // Fast path: with no quote before the next `>`, nothing can hide it, so
    // the tag ends there; only a `/` right before it needs the states.
    let gt = from + memchr(b'>', s.get(from..)?)?;
    let head = s.get(from..gt)?;
    if memchr2(b'"', b'\'', head).is_none() && head.last() != Some(&b'/') {
        return Some(TagEnd {
            end: gt + 1,
            self_closing: false,
        });
    }
    tag_end_states(s, from)
}

/// Bytes that end an attribute name: whitespace, `/`, `>`, `=`.
static ENDS_NAME: [bool; 256] = byte_set(b"\t\n\x0C\r /=>");
/// Bytes that end an unquoted attribute value: whitespace, `>`.
static ENDS_UNQUOTED: [bool; 256] = byte_set(b"\t\n\x0C\r >");

const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

fn tag_end_states(s: &[u8], from: usize) -> Option<TagEnd> {
    use AttrState::*;
    let mut state = BeforeName;
    let mut i = from;
    loop {
        // Inside an attribute name or unquoted value most bytes change
        // nothing: skip them without going through the states.
        match state {
            Name => {
                i += s
                    .get(i..)?
                    .iter()
                    .position(|b| ENDS_NAME[usize::from(*b)])?
            }
            Unquoted => {
                i += s
                    .get(i..)?
                    .iter()
                    .position(|b| ENDS_UNQUOTED[usize::from(*b)])?
            }
            _ => {}
        }
        let b = *s.get(i)?;
        state = match state {
            BeforeName => match b {
                _ if is_ws(b) => BeforeName,
                b'/' => SelfClosing,
                b'>' => break,
                // `=` here starts an attribute name, like any other character.
                _ => Name,
            },
            Name => match b {
                _ if is_ws(b) => AfterName,
                b'/' => SelfClosing,
                b'>' => break,
                b'=' => BeforeValue,
                _ => Name,
            },
            AfterName => match b {
                _ if is_ws(b) => AfterName,
                b'/' => SelfClosing,
                b'>' => break,
                b'=' => BeforeValue,
                _ => Name,
            },
            BeforeValue => match b {
                _ if is_ws(b) => BeforeValue,
                b'"' | b'\'' => {
                    let rest = s.get(i + 1..)?;
                    i += 1 + memchr(b, rest)?;
                    AfterQuoted
                }
                b'>' => break,
                _ => Unquoted,
            },
            Unquoted => match b {
                _ if is_ws(b) => BeforeName,
                b'>' => break,
                _ => Unquoted,
            },
            AfterQuoted => match b {
                _ if is_ws(b) => BeforeName,
                b'/' => SelfClosing,
                b'>' => break,
                _ => Name,
            },
            SelfClosing => match b {
                b'>' => {
                    return Some(TagEnd {
                        end: i + 1,
                        self_closing: true,
                    })
                }
                _ if is_ws(b) => BeforeName,
                b'/' => SelfClosing,
                _ => Name,
            },
        };
        i += 1;
    }
    Some(TagEnd {
        end: i + 1,
        self_closing: false,
    })
}

/// Just past the end tag starting at `close` (its `<`), or the input's end.
pub(super) fn close_end(s: &[u8], close: usize) -> usize {
    tag_end(s, name_end(s, close + 2)).map_or(s.len(), |t| t.end)
}

/// End (just past) of a comment whose `<!--` starts at `lt`, or the input's
/// end: `<!-->` and `<!--->` are whole comments, and `-->`, `--->`… or `--!>`
/// close one.
pub(super) fn comment_end(s: &[u8], lt: usize) -> usize {
    let body = lt + 4;
    match (s.get(body), s.get(body + 1)) {
        (Some(b'>'), _) => return body + 1,
        (Some(b'-'), Some(b'>')) => return body + 2,
        _ => {}
    }
    let mut from = body;
    while let Some(rel) = s.get(from..).and_then(|r| memmem::find(r, b"--")) {
        let mut k = from + rel + 2;
        while s.get(k) == Some(&b'-') {
            k += 1;
        }
        match (s.get(k), s.get(k + 1)) {
            (Some(b'>'), _) => return k + 1,
            (Some(b'!'), Some(b'>')) => return k + 2,
            _ => from = k,
        }
    }
    s.len()
}

/// Just past the first `>` at or after `from`, or the input's end (bogus
/// comments, doctypes).
pub(super) fn gt_end(s: &[u8], from: usize) -> usize {
    s.get(from..)
        .and_then(|r| memchr(b'>', r))
        .map_or(s.len(), |i| from + i + 1)
}

/// Whether `</name` (any case) followed by whitespace, `/` or `>` starts at `at`;
/// the input's end also counts, as nothing after it can matter.
fn end_tag_at(s: &[u8], at: usize, name: &[u8]) -> bool {
    let Some(cand) = s.get(at + 2..at + 2 + name.len()) else {
        return false;
    };
    let after = s.get(at + 2 + name.len()).copied();
    s.get(at..at + 2) == Some(b"</")
        && cand.eq_ignore_ascii_case(name)
        && after.is_none_or(|b| is_ws(b) || b == b'/' || b == b'>')
}

/// Start of the end tag `</name` (any case) at or after `from`: where raw text
/// (`style`, `textarea`, `noscript`…) ends.
pub(crate) fn find_end_tag(s: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut pos = from;
    loop {
        let rest = s.get(pos..)?;
        let at = pos + memmem::find(rest, b"</")?;
        if end_tag_at(s, at, name) {
            return Some(at);
        }
        pos = at + 2;
    }
}

/// Start of the `</script` that ends a script whose content starts at `from`.
/// Script data has escape states: after `<!--`, a `<script>` makes a following
/// `</script>` not end the element (until `-->`).
pub(crate) fn script_end(s: &[u8], from: usize) -> Option<usize> {
    let first = find_end_tag(s, from, b"script");
    let scan_to = first.unwrap_or(s.len());
    let escaped = s
        .get(from..scan_to)
        .is_some_and(|r| memmem::find(r, b"<!--").is_some());
    if !escaped {
        return first;
    }
    script_end_slow(s, from)
}

/// Whether `<script` (any case) followed by whitespace, `/` or `>` starts at `at`.
fn script_start_at(s: &[u8], at: usize) -> bool {
    let cand = s.get(at + 1..at + 7);
    let after = s.get(at + 7).copied();
    cand.is_some_and(|c| c.eq_ignore_ascii_case(b"script"))
        && after.is_some_and(|b| is_ws(b) || b == b'/' || b == b'>')
}

fn script_end_slow(s: &[u8], from: usize) -> Option<usize> {
    #[derive(PartialEq)]
    enum St {
        Data,
        Escaped,
        Double,
    }
    let mut st = St::Data;
    let mut i = from;
    loop {
        let rest = s.get(i..)?;
        let at = i + match st {
            St::Data => memchr(b'<', rest)?,
            _ => memchr2(b'<', b'-', rest)?,
        };
        let b = *s.get(at)?;
        i = at + 1;
        match (&st, b) {
            (St::Data, _) => {
                if s.get(at..at + 4) == Some(b"<!--") {
                    st = St::Escaped;
                    // The two dashes may also close it at once: `<!-->`.
                    i = at + 2;
                } else if end_tag_at(s, at, b"script") {
                    return Some(at);
                }
            }
            (_, b'-') => {
                if s.get(at..at + 3) == Some(b"-->") {
                    st = St::Data;
                    i = at + 3;
                }
            }
            (St::Escaped, _) => {
                if end_tag_at(s, at, b"script") {
                    return Some(at);
                }
                if script_start_at(s, at) {
                    st = St::Double;
                    i = at + 7;
                }
            }
            (St::Double, _) => {
                if end_tag_at(s, at, b"script") {
                    st = St::Escaped;
                    i = at + 8;
                }
            }
        }
    }
}

/// End (just past `]]>`) of a CDATA section whose `<![CDATA[` starts at `lt`
/// (only inside SVG/MathML), or the input's end.
pub(super) fn cdata_end(s: &[u8], lt: usize) -> usize {
    s.get(lt + 9..)
        .and_then(|r| memmem::find(r, b"]]>"))
        .map_or(s.len(), |i| lt + 9 + i + 3)
}

/// Length of `run` without its leading and trailing whitespace.
pub(super) fn trimmed_len(run: &[u8]) -> usize {
    let start = run.iter().position(|b| !is_ws(*b));
    let Some(start) = start else { return 0 };
    let end = run.iter().rposition(|b| !is_ws(*b)).unwrap_or(start);
    end + 1 - start
}

/// Whether a start tag contains `ld+json` (a JSON-LD script's type).
pub(super) fn is_json_ld(start_tag: &[u8]) -> bool {
    start_tag
        .windows(7)
        .any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

/// Whether a `<font>` start tag has `color`, `face` or `size` (which make it
/// leave SVG/MathML like the other breakout tags). Words inside quoted values
/// may be mistaken for attributes: that only ends a dropped SVG early.
pub(super) fn font_breaks_out(start_tag: &[u8]) -> bool {
    start_tag
        .split(|b| is_ws(*b) || *b == b'/' || *b == b'>')
        .skip(1)
        .map(|word| word.split(|b| *b == b'=').next().unwrap_or_default())
        .any(|name| {
            [&b"color"[..], b"face", b"size"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n))
        })
}
