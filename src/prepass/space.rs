//! Whitespace between tags, for the pre-pass: a run of only whitespace next to
//! a tag that surely parts blocks (a block's start tag, `</p>`, `</br>`) gives
//! no text (a renderer drops it at the start or end of a line, and the block
//! stage breaks there anyway), so it is left out; any other whitespace-only
//! run shrinks to one byte. Over trafilatura-eval's pages such runs
//! (indentation) were 669,000 tokens and text nodes, and 8 MB of the 62 MB the
//! parser was handed.
//!
//! Inside `<pre>` and `<listing>` whitespace is text, and is copied as is.

use super::scan::{is_ws, name_end, Name, OpenCounts};

/// Elements whose tags break the text flow: the block stage's block, cell and
/// line-break elements. Invisible elements (`<meta>`, `<link>`…) do not: the
/// text on either side of them joins. The document elements (`<html>`,
/// `<head>`, `<body>`) are left out: their whitespace is rare, and a stray
/// one inside the body is ignored by the parser.
fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"article"
            | b"aside"
            | b"blockquote"
            | b"br"
            | b"caption"
            | b"center"
            | b"dd"
            | b"details"
            | b"dir"
            | b"div"
            | b"dl"
            | b"dt"
            | b"fieldset"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"form"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"header"
            | b"hgroup"
            | b"hr"
            | b"legend"
            | b"li"
            | b"main"
            | b"menu"
            | b"nav"
            | b"ol"
            | b"p"
            | b"search"
            | b"section"
            | b"summary"
            | b"table"
            | b"tbody"
            | b"td"
            | b"tfoot"
            | b"th"
            | b"thead"
            | b"tr"
            | b"ul"
    )
}

/// Table parts: the parser ignores their tags outside a table.
fn is_table_part(name: &[u8]) -> bool {
    matches!(
        name,
        b"caption" | b"tbody" | b"td" | b"tfoot" | b"th" | b"thead" | b"tr"
    )
}

/// Whether the parser surely makes a block boundary of the tag `name` (an end
/// tag if `end`), given which elements may be open before it. A tag the parser
/// may ignore is no boundary: most end tags, a table part outside a table, a
/// form inside a form, anything inside `<select>`.
pub(super) fn is_boundary(name: &Name, end: bool, open: &OpenCounts) -> bool {
    let n = name.as_bytes();
    if !is_block(n) || open.is_open(&Name::new(b"select")) {
        return false;
    }
    if is_table_part(n) && !open.is_open(&Name::new(b"table")) {
        return false;
    }
    if end {
        // `</p>` and `</br>` always part the text (they make an element when
        // none is open). Other end tags are ignored when their element is not
        // in scope (`</div>` inside a table cell, `</form>` around an open
        // child), which the pass cannot tell without the parser's stack.
        return matches!(n, b"p" | b"br");
    }
    !(n == b"form" && open.is_open(name))
}

/// Whether the tag starting at `lt` (a `<`) is a boundary (see
/// [`is_boundary`]).
pub(super) fn boundary_at(s: &[u8], lt: usize, open: &OpenCounts) -> bool {
    let (from, end) = match s.get(lt + 1) {
        Some(b'/') => (lt + 2, true),
        Some(b) if b.is_ascii_alphabetic() => (lt + 1, false),
        _ => return false,
    };
    if !s.get(from).is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let stop = name_end(s, from);
    is_boundary(&Name::new(s.get(from..stop).unwrap_or_default()), end, open)
}

/// What the pass does with a text run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Squeeze {
    /// Copy it whole: it has text, or it is a single byte already.
    Copy,
    /// Leave it out: only whitespace, beside a boundary.
    Drop,
    /// Keep only its byte at this offset (its first newline, else its first
    /// byte): only whitespace, between inline tags.
    One(usize),
}

/// What to do with the text run `run`. `around` tells whether a boundary tag
/// precedes or follows the run; it is asked only for runs of whitespace.
pub(super) fn squeeze(run: &[u8], around: impl FnOnce() -> bool) -> Squeeze {
    if run.is_empty() || !run.iter().all(|&b| is_ws(b)) {
        return Squeeze::Copy;
    }
    if around() {
        return Squeeze::Drop;
    }
    if run.len() == 1 {
        return Squeeze::Copy;
    }
    Squeeze::One(run.iter().position(|&b| b == b'\n').unwrap_or(0))
}
