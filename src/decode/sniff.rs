//! Content sniffing: HTML, plain text or not text at all, decided from the
//! bytes (never from a file name). Magic numbers come first, then UTF-16 is
//! recognised and decoded so its text can be judged like any other, then
//! NUL and control bytes mark binary data, and finally the start of the text
//! and a few common tags tell markup from prose.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

use super::utf16_without_bom;

/// How many leading bytes are judged (twice as many for UTF-16).
const SNIFF_LIMIT: usize = 4096;

/// What the bytes hold, decided from content (not file extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// HTML (or XHTML) markup.
    Html,
    /// Text without markup, including empty input.
    Text,
    /// Not text; the label says what it looks like, e.g. `PNG image`.
    Binary(&'static str),
}

/// Leading bytes of formats that are never pages, with their labels.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1F\x8B", "gzip data"),
];

/// Tags whose presence in the first few KB marks the text as markup. Each
/// counts when written `<name` followed by `>`, `/` or whitespace, or `</name>`.
const MARKUP_TAGS: &[&[u8]] = &[
    b"p",
    b"div",
    b"br",
    b"span",
    b"article",
    b"section",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"ul",
    b"ol",
    b"li",
    b"table",
    b"tr",
    b"td",
    b"img",
    b"title",
    b"meta",
    b"link",
    b"script",
    b"style",
    b"main",
    b"nav",
    b"header",
    b"footer",
    b"blockquote",
    b"pre",
    b"em",
    b"strong",
    b"figure",
    b"form",
    b"iframe",
    b"noscript",
    b"hr",
];

/// Decides from the bytes whether they hold HTML, plain text or binary data.
///
/// Binary formats are recognised by magic number (PNG, JPEG, GIF, WebP,
/// PDF, ZIP, gzip); other bytes with NULs or many control characters are
/// `Binary("binary data")` unless they are UTF-16. HTML is recognised by
/// how the text starts (`<!doctype html`, `<html`, `<head`, `<body`, `<!--`,
/// or `<?xml` with `<html` later) or by common tags in the first 4 KB, in
/// any letter case. Everything else, including empty input, is `Text`.
pub fn sniff_kind(bytes: &[u8]) -> ContentKind {
    if let Some(label) = magic(bytes) {
        return ContentKind::Binary(label);
    }
    let head = text_head(bytes);
    if looks_binary(&head) {
        ContentKind::Binary("binary data")
    } else if looks_like_html(&head) {
        ContentKind::Html
    } else {
        ContentKind::Text
    }
}

/// The label of the binary format whose magic number starts `bytes`.
fn magic(bytes: &[u8]) -> Option<&'static str> {
    let webp = bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice());
    if webp {
        return Some("WebP image");
    }
    MAGIC
        .iter()
        .find(|(prefix, _)| bytes.starts_with(prefix))
        .map(|(_, label)| *label)
}

/// The first few KB as ASCII-compatible bytes: UTF-16 (with or without BOM)
/// is decoded to UTF-8 first; a UTF-8 BOM is dropped.
fn text_head(bytes: &[u8]) -> Cow<'_, [u8]> {
    let utf16 = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) if encoding != UTF_8 => Some((encoding, bom_len)),
        Some((_, bom_len)) => {
            let rest = bytes.get(bom_len..).unwrap_or_default();
            return Cow::Borrowed(rest.get(..SNIFF_LIMIT).unwrap_or(rest));
        }
        None => utf16_without_bom(bytes).map(|encoding| (encoding, 0)),
    };
    match utf16 {
        Some((encoding, skip)) => {
            let rest = bytes.get(skip..).unwrap_or_default();
            let head = rest.get(..2 * SNIFF_LIMIT).unwrap_or(rest);
            let (text, _) = encoding.decode_without_bom_handling(head);
            Cow::Owned(text.into_owned().into_bytes())
        }
        None => Cow::Borrowed(bytes.get(..SNIFF_LIMIT).unwrap_or(bytes)),
    }
}

/// NUL anywhere, or more than one byte in twenty a C0 control other than
/// tab, line feed, form feed, carriage return and escape.
fn looks_binary(head: &[u8]) -> bool {
    let controls = head
        .iter()
        .filter(|&&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | 0x0C | b'\r' | 0x1B))
        .count();
    head.contains(&0) || controls * 20 > head.len()
}

/// ASCII whitespace, as HTML counts it.
fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

/// Whether `text` starts with `prefix`, ignoring ASCII case.
fn starts_with_ci(text: &[u8], prefix: &[u8]) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Whether `text` starts with `prefix` (ignoring case) followed by the end,
/// whitespace, `>` or `/`: a whole tag name rather than the start of a word.
fn starts_with_name(text: &[u8], prefix: &[u8]) -> bool {
    starts_with_ci(text, prefix)
        && match text.get(prefix.len()) {
            None => true,
            Some(&c) => is_space(c) || c == b'>' || c == b'/',
        }
}

/// Markup at the start, or common tags anywhere in `head`.
fn looks_like_html(head: &[u8]) -> bool {
    let start = head
        .iter()
        .position(|&c| !is_space(c))
        .unwrap_or(head.len());
    let text = head.get(start..).unwrap_or_default();
    let opening = ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|prefix| starts_with_name(text, prefix.as_bytes()));
    if opening || text.starts_with(b"<!--") {
        return true;
    }
    let xml_with_html = starts_with_ci(text, b"<?xml")
        && (0..text.len()).any(|i| {
            text.get(i..)
                .is_some_and(|rest| starts_with_name(rest, b"<html"))
        });
    xml_with_html || has_markup(text)
}

/// Whether a common tag, or `<a href`, occurs anywhere in `text`.
fn has_markup(text: &[u8]) -> bool {
    text.iter().enumerate().any(|(i, &c)| {
        if c != b'<' {
            return false;
        }
        let after = text.get(i + 1..).unwrap_or_default();
        if let Some(closing) = after.strip_prefix(b"/") {
            return MARKUP_TAGS.iter().any(|name| {
                starts_with_ci(closing, name) && closing.get(name.len()) == Some(&b'>')
            }) || starts_with_ci(closing, b"a>");
        }
        if starts_with_ci(after, b"a") && after.get(1).is_some_and(|&c| is_space(c)) {
            let attrs = after.get(1..).unwrap_or_default();
            let skip = attrs.iter().take_while(|&&c| is_space(c)).count();
            return starts_with_ci(attrs.get(skip..).unwrap_or_default(), b"href");
        }
        MARKUP_TAGS.iter().any(|name| starts_with_name(after, name))
    })
}
