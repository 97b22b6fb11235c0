//! Stage: pre-pass — decoded HTML → slimmer HTML, before the parser builds a tree.
//! Drops what can never give article text (comments, `<script>` except JSON-LD,
//! `<style>`, `<svg>`, `<math>`, `<noscript>`, `<template>`), which is most of a
//! modern page's bytes, and caps element nesting at the depth browsers build
//! (512), so hostile pages with 100,000 nested elements parse in linear time.
//! Text between tags is copied untouched. Runs between `decode` and `parse`.

mod attrs;

use attrs::filter_start_tag;
pub use attrs::KeepAttrs;
use memchr::{memchr, memmem};

/// Deepest nesting kept; deeper start tags are dropped (their text stays).
pub const MAX_DEPTH: usize = 512;

/// Longest start tag kept with its attributes; a longer one (thousands of
/// attributes, which the parser checks pairwise for duplicates) loses them.
pub const MAX_TAG_BYTES: usize = 16 * 1024;

/// Elements whose whole content is dropped.
const DROP: &[&str] = &["script", "style", "svg", "math", "noscript", "template"];
/// Elements whose content is raw text: copied as is, never read as markup.
const RAW: &[&str] = &["title", "textarea", "xmp", "iframe", "noembed", "noframes"];
/// Elements that never have content, or whose end tag may be left out: they do
/// not count towards the nesting depth.
const NOT_COUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "tbody", "thead", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head",
    "body", "frame", "basefont", "bgsound", "image",
];

/// What the pre-pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Prepassed {
    /// The slimmer HTML.
    pub html: String,
    /// Bytes dropped.
    pub dropped: usize,
    /// Start tags dropped because they were nested deeper than [`MAX_DEPTH`], or
    /// stripped of their attributes for being longer than [`MAX_TAG_BYTES`].
    pub capped: usize,
}

/// Position just past the `>` that ends a tag starting at `from`, honouring
/// quoted attribute values; `None` when the input ends first.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'>' => return Some(i + 1),
            b'"' | b'\'' => {
                let rest = bytes.get(i + 1..)?;
                i += 2 + memchr(b, rest)?;
            }
            _ => i += 1,
        }
    }
    None
}

/// The lower-cased tag name starting at `from` and where it ends.
fn tag_name(bytes: &[u8], from: usize) -> (String, usize) {
    let mut end = from;
    while bytes
        .get(end)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
    {
        end += 1;
    }
    let name = bytes
        .get(from..end)
        .map(|n| String::from_utf8_lossy(n).to_ascii_lowercase())
        .unwrap_or_default();
    (name, end)
}

/// Start of the end tag `</name` (any case) at or after `from`.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let finder = memmem::Finder::new(b"</");
    let mut pos = from;
    loop {
        let rest = bytes.get(pos..)?;
        let at = pos + finder.find(rest)?;
        let candidate = bytes.get(at + 2..at + 2 + name.len())?;
        let after = bytes.get(at + 2 + name.len()).copied();
        let boundary = after.is_none_or(|b| b == b'>' || b == b'/' || b.is_ascii_whitespace());
        if candidate.eq_ignore_ascii_case(name.as_bytes()) && boundary {
            return Some(at);
        }
        pos = at + 2;
    }
}

fn is_json_ld(start_tag: &[u8]) -> bool {
    let lower = start_tag.to_ascii_lowercase();
    memmem::find(&lower, b"ld+json").is_some()
}

/// Runs the pre-pass over `html`, keeping the attributes `keep` keeps.
pub fn prepass(html: &str, keep: &KeepAttrs) -> Prepassed {
    let bytes = html.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len() / 2);
    let mut depth = 0usize;
    let mut suppressed = 0usize;
    let mut capped = 0usize;
    let mut pos = 0usize;
    while let Some(rel) = bytes.get(pos..).and_then(|rest| memchr(b'<', rest)) {
        let lt = pos + rel;
        out.extend_from_slice(bytes.get(pos..lt).unwrap_or_default());
        let next = bytes.get(lt + 1).copied();
        // Comments.
        if bytes.get(lt..lt + 4) == Some(b"<!--") {
            pos = match bytes.get(lt + 4..).and_then(|r| memmem::find(r, b"-->")) {
                Some(end) => lt + 4 + end + 3,
                None => bytes.len(),
            };
            continue;
        }
        match next {
            Some(b) if b.is_ascii_alphabetic() => {
                let (name, name_end) = tag_name(bytes, lt + 1);
                let Some(end) = tag_end(bytes, name_end) else {
                    out.extend_from_slice(bytes.get(lt..).unwrap_or_default());
                    pos = bytes.len();
                    break;
                };
                let start_tag = bytes.get(lt..end).unwrap_or_default();
                let self_closing = start_tag.ends_with(b"/>");
                if DROP.contains(&name.as_str()) && !(name == "script" && is_json_ld(start_tag)) {
                    pos = if self_closing && (name == "svg" || name == "math") {
                        end
                    } else {
                        match find_end_tag(bytes, end, &name) {
                            Some(close) => tag_end(bytes, close + 2).unwrap_or(bytes.len()),
                            None => bytes.len(),
                        }
                    };
                    continue;
                }
                if RAW.contains(&name.as_str()) || name == "script" {
                    // Copy the element with its raw content untouched.
                    let close = find_end_tag(bytes, end, &name)
                        .and_then(|c| tag_end(bytes, c + 2))
                        .unwrap_or(bytes.len());
                    out.extend_from_slice(bytes.get(lt..close).unwrap_or_default());
                    pos = close;
                    continue;
                }
                if name == "plaintext" {
                    out.extend_from_slice(bytes.get(lt..).unwrap_or_default());
                    pos = bytes.len();
                    break;
                }
                let counted = !self_closing && !NOT_COUNTED.contains(&name.as_str());
                if counted {
                    if depth >= MAX_DEPTH {
                        suppressed += 1;
                        capped += 1;
                        pos = end;
                        continue;
                    }
                    depth += 1;
                }
                if start_tag.len() > MAX_TAG_BYTES {
                    out.push(b'<');
                    out.extend_from_slice(name.as_bytes());
                    out.extend_from_slice(if self_closing { b"/>" } else { b">" });
                    capped += 1;
                } else {
                    filter_start_tag(start_tag, keep, &mut out);
                }
                pos = end;
            }
            Some(b'/') if bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => {
                let (name, name_end) = tag_name(bytes, lt + 2);
                let end = tag_end(bytes, name_end).unwrap_or(bytes.len());
                if !NOT_COUNTED.contains(&name.as_str()) {
                    if suppressed > 0 {
                        suppressed -= 1;
                        pos = end;
                        continue;
                    }
                    depth = depth.saturating_sub(1);
                }
                out.extend_from_slice(bytes.get(lt..end).unwrap_or_default());
                pos = end;
            }
            _ => {
                out.push(b'<');
                pos = lt + 1;
            }
        }
    }
    out.extend_from_slice(bytes.get(pos..).unwrap_or_default());
    let dropped = bytes.len().saturating_sub(out.len());
    // Cuts happen only at ASCII bytes, so the output is valid UTF-8.
    let html = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Prepassed {
        html,
        dropped,
        capped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pp(s: &str) -> String {
        prepass(s, &KeepAttrs::default()).html
    }

    #[test]
    fn drops_non_text_elements_and_comments() {
        assert_eq!(
            pp("<p>a<!-- <p>x</p> -->b<script>if (a<b) {}</script>c<STYLE>p{}</style>d</p>"),
            "<p>abcd</p>"
        );
        assert_eq!(
            pp("<svg viewBox=\"0 0 1 1\"><text>x</text></svg>e<svg/>f"),
            "ef"
        );
        assert_eq!(pp("<noscript><p>Enable JS</p></noscript>g"), "g");
    }

    #[test]
    fn keeps_json_ld() {
        let s = r#"<script type="application/ld+json">{"a":"</p>"}</script>"#;
        assert_eq!(pp(s), s);
    }

    #[test]
    fn raw_text_is_not_read_as_markup() {
        let s = "<title>a <script> b</title><textarea><!-- x --></textarea>";
        assert_eq!(pp(s), s);
    }

    #[test]
    fn quoted_gt_does_not_end_a_tag() {
        assert_eq!(pp("<a class=\"x>y\">t</a>"), "<a class=\"x>y\">t</a>");
        assert_eq!(pp("<script src='a>b'>x</script>t"), "t");
    }

    #[test]
    fn unterminated_things_end_the_input() {
        assert_eq!(pp("a<!-- never closed"), "a");
        assert_eq!(pp("a<script>never closed"), "a");
        assert_eq!(
            pp("a<div title=\"never closed>b"),
            "a<div title=\"never closed>b"
        );
        assert_eq!(pp("a < b <3"), "a < b <3");
    }

    #[test]
    fn caps_nesting_depth_and_keeps_text() {
        let n = 2000;
        let html = format!("{}deep{}", "<div>".repeat(n), "</div>".repeat(n));
        let out = prepass(&html, &KeepAttrs::default());
        assert_eq!(out.capped, n - MAX_DEPTH);
        assert_eq!(out.html.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.html.matches("</div>").count(), MAX_DEPTH);
        assert!(out.html.contains("deep"));
    }

    #[test]
    fn monstrous_tags_lose_their_attributes() {
        let attrs: String = (0..5000).map(|i| format!(" a{i}=x")).collect();
        let out = prepass(
            &format!("<div{attrs}>text</div><p class=k>b</p>"),
            &KeepAttrs::default(),
        );
        assert_eq!(out.html, "<div>text</div><p class=k>b</p>");
        assert_eq!(out.capped, 1);
    }

    #[test]
    fn unclosed_paragraphs_do_not_count() {
        let html = "<p>x".repeat(1000);
        assert_eq!(prepass(&html, &KeepAttrs::default()).capped, 0);
    }

    #[test]
    fn multibyte_text_survives() {
        assert_eq!(pp("<p>é<script>ü</script>€</p>"), "<p>é€</p>");
    }
}
