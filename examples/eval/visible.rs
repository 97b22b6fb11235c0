//! "Visible text" of an HTML document: the gold text of readability-pages and the
//! no-extraction baseline.
//!
//! The README defines it as: drop script/style, put a line break at each block element
//! boundary, decode entities. Entities are decoded by the HTML parser (html5ever via
//! `scraper`); the walk over the tree is iterative, so deep pages cannot overflow the stack.
//!
//! [`CharsetSniffer::decode`] turns page bytes into a string for the gold and the
//! baseline: a byte order mark wins; bytes that are valid UTF-8 are read as UTF-8 (a
//! legacy charset declared on such a page is stale: readability-pages were saved as UTF-8
//! whatever their markup says, e.g. `qq` declares gb2312); otherwise a charset declared in
//! the markup (`<meta charset>` or an `http-equiv` content type) is used, and failing that
//! the bytes are read as UTF-8 with invalid sequences replaced.

use std::borrow::Cow;

use ego_tree::iter::Edge;
use encoding_rs::Encoding;
use regex::bytes::Regex;
use scraper::{Html, Node};

/// Elements whose content is never shown: script and style, as the README says, and
/// `noscript`. html5ever parses with scripting enabled, so a `noscript` element holds its
/// content as raw markup text (`<img src=...>`), which is not visible text in any browser;
/// a browser running scripts shows nothing of it.
const HIDDEN: &[&str] = &["script", "style", "noscript"];

/// Elements that start and end a line: HTML's block-level elements plus the table, list
/// and form parts that browsers lay out as separate boxes, and `br`.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "plaintext",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "xmp",
];

/// Whether an element name (lower case, as the parser gives it) is a block boundary.
pub fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// The visible text of an HTML document or fragment.
///
/// Text nodes are concatenated in document order, except inside hidden elements; each
/// opening and closing block element tag adds a line break (never two in a row). Text
/// inside inline elements runs on, as a browser renders it.
pub fn visible_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let mut out = String::with_capacity(html.len() / 4);
    // Depth of hidden elements currently open; text is dropped while it is positive.
    let mut hidden_depth = 0usize;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if HIDDEN.contains(&name) {
                        hidden_depth += 1;
                    } else if hidden_depth == 0 && is_block(name) {
                        line_break(&mut out);
                    }
                }
                Node::Text(text) if hidden_depth == 0 => out.push_str(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    let name = element.name();
                    if HIDDEN.contains(&name) {
                        hidden_depth = hidden_depth.saturating_sub(1);
                    } else if hidden_depth == 0 && is_block(name) {
                        line_break(&mut out);
                    }
                }
            }
        }
    }
    out.trim().to_string()
}

/// Adds a line break unless the text is empty or already ends with one.
fn line_break(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Finds a declared charset in the markup.
#[derive(Debug, Clone)]
pub struct CharsetSniffer {
    declaration: Regex,
}

/// How many leading bytes are searched for a charset declaration. The HTML standard's
/// prescan looks at 1024; some saved pages declare it later in a long head.
const PRESCAN_BYTES: usize = 8192;

impl CharsetSniffer {
    /// Compiles the declaration pattern.
    pub fn new() -> Result<CharsetSniffer, regex::Error> {
        Ok(CharsetSniffer {
            // Matches `<meta charset="x">` and `content="text/html; charset=x"`.
            declaration: Regex::new(r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.()-]+)"#)?,
        })
    }

    /// The encoding named in the first bytes of the page, if any label is known.
    ///
    /// UTF-16 declarations are read as UTF-8, as the HTML standard says for markup
    /// (a real UTF-16 page is caught by its byte order mark first).
    pub fn declared(&self, bytes: &[u8]) -> Option<&'static Encoding> {
        let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
        let caps = self.declaration.captures(head)?;
        let encoding = Encoding::for_label(caps.get(1)?.as_bytes())?;
        if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            Some(encoding_rs::UTF_8)
        } else {
            Some(encoding)
        }
    }

    /// Decodes page bytes: byte order mark, then valid UTF-8, then declared charset, then
    /// lossy UTF-8.
    pub fn decode<'b>(&self, bytes: &'b [u8]) -> Cow<'b, str> {
        if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            return text;
        }
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Cow::Borrowed(text);
        }
        match self.declared(bytes) {
            Some(encoding) if encoding != encoding_rs::UTF_8 => {
                encoding.decode_without_bom_handling(bytes).0
            }
            _ => String::from_utf8_lossy(bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffer() -> CharsetSniffer {
        match CharsetSniffer::new() {
            Ok(s) => s,
            Err(e) => panic!("charset pattern: {e}"),
        }
    }

    #[test]
    fn drops_script_and_style_and_breaks_blocks() {
        let html = "<html><head><style>p{}</style><script>var x = 1;</script></head>\
                    <body><div>one<span>two</span></div><p>three &amp; four<br>five</p>\
                    <ul><li>a</li><li>b</li></ul><table><tr><td>c</td><td>d</td></tr></table>\
                    <script>alert(1)</script>six</body></html>";
        assert_eq!(
            visible_text(&format!("{html}<noscript><img src=x alt=y></noscript>")),
            "onetwo\nthree & four\nfive\na\nb\nc\nd\nsix"
        );
    }

    #[test]
    fn fragments_and_entities() {
        assert_eq!(
            visible_text("<div id=x><p>caf&eacute; &lt;b&gt; &#8212;</p></div>"),
            "café <b> —"
        );
        assert_eq!(visible_text(""), "");
    }

    #[test]
    fn decodes_declared_charsets() {
        let s = sniffer();
        let latin = b"<html><head><meta charset=\"iso-8859-1\"></head><body>Gr\xfc\xdfe</body>";
        assert!(s.decode(latin).contains("Grüße"));
        let http_equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1250\">\xb9";
        assert!(s.decode(http_equiv).ends_with('ą'));
        // Valid UTF-8 beats a stale legacy declaration.
        let stale = "<meta charset=gb2312>\u{4f60}\u{597d}";
        assert_eq!(s.decode(stale.as_bytes()), stale);
        // No declaration: UTF-8, invalid bytes replaced.
        assert_eq!(s.decode(b"a\xffb"), "a\u{fffd}b");
        // A byte order mark beats the declaration.
        let bom = b"\xef\xbb\xbf<meta charset=latin1>\xc3\xa9";
        assert!(s.decode(bom).ends_with('é'));
        // UTF-16 declared in ASCII markup means UTF-8.
        assert_eq!(
            s.declared(b"<meta charset=utf-16>"),
            Some(encoding_rs::UTF_8)
        );
    }
}
