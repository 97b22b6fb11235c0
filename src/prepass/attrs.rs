//! Stage: pre-pass, attribute filter — one start tag → the same tag with only
//! the attributes some later stage reads.
//!
//! On news pages attributes are most of the markup that is left once scripts
//! and styles are gone (`srcset`, `data-*`, `onclick`, tracking JSON…), and the
//! parser copies and interns every one of them. The blocks, the extractor and
//! the metadata read a handful (see [`READ`]); site rules may test more in
//! their selectors, and those names are kept too ([`KeepAttrs::new`]).
//!
//! The tag is split into attributes the way the HTML tokenizer does it, and
//! each kept attribute is copied byte for byte, so the parser sees the same
//! names and values it would have seen.

use super::scan::is_ws;

/// Attributes the pipeline reads: block roles and hiding (`class`, `id`,
/// `role`, `itemprop`, `hidden`, `aria-hidden`, `style`, and `aria-expanded`,
/// which tells an accordion's toggle from other buttons), metadata (`lang`,
/// `xml:lang`, `name`, `property`, `content`, `http-equiv`, `charset`, `rel`,
/// `href`, `type`, `datetime`, `itemtype`, `itemscope`), the names component
/// frameworks give elements (`data-block`, `data-testid`, `data-component`,
/// `data-module`), and `<font>`'s
/// `color`, `face` and `size`, which decide whether it ends MathML.
pub const READ: &[&str] = &[
    "class",
    "id",
    "role",
    "itemprop",
    "itemscope",
    "itemtype",
    "hidden",
    "aria-hidden",
    "aria-expanded",
    "style",
    "lang",
    "xml:lang",
    "name",
    "property",
    "content",
    "http-equiv",
    "charset",
    "rel",
    "href",
    "type",
    "datetime",
    // What component frameworks name an element by where class names are
    // hashed (`data-block="newsletter"`): read as the element's hints.
    "data-block",
    "data-testid",
    "data-component",
    "data-module",
    // A `<font>` with one of these ends MathML/SVG content (the parser's
    // breakout rule), so the copied `<math>` before it must not swallow it.
    "color",
    "face",
    "size",
];

/// Which attribute names survive the pre-pass.
#[derive(Debug, Clone, Default)]
pub struct KeepAttrs {
    extra: Vec<String>,
    all: bool,
}

impl KeepAttrs {
    /// [`READ`] plus `extra` (lower-case names tested by rule selectors).
    pub fn new(extra: &[String]) -> Self {
        KeepAttrs {
            all: false,
            extra: extra
                .iter()
                .filter(|n| !READ.iter().any(|r| r.eq_ignore_ascii_case(n)))
                .map(|n| n.to_ascii_lowercase())
                .collect(),
        }
    }

    /// Every attribute (start tags are copied as they are).
    #[cfg(test)]
    pub fn all() -> Self {
        KeepAttrs {
            extra: Vec::new(),
            all: true,
        }
    }

    /// Whether the attribute called `name` (as written, any case) is kept.
    pub fn keeps(&self, name: &[u8]) -> bool {
        self.all
            || is_read(name)
            || self
                .extra
                .iter()
                .any(|r| r.as_bytes().eq_ignore_ascii_case(name))
    }
}

/// Whether `name` (any case) is in [`READ`]; called for every attribute of
/// the page, so it lower-cases into a stack buffer and lets `match` compare.
fn is_read(name: &[u8]) -> bool {
    let mut buf = [0u8; 14];
    let Some(lower) = buf.get_mut(..name.len()) else {
        return false;
    };
    for (dst, src) in lower.iter_mut().zip(name) {
        *dst = src.to_ascii_lowercase();
    }
    matches!(
        &*lower,
        b"class"
            | b"id"
            | b"role"
            | b"itemprop"
            | b"itemscope"
            | b"itemtype"
            | b"hidden"
            | b"aria-hidden"
            | b"aria-expanded"
            | b"style"
            | b"lang"
            | b"xml:lang"
            | b"name"
            | b"property"
            | b"content"
            | b"http-equiv"
            | b"charset"
            | b"rel"
            | b"href"
            | b"type"
            | b"datetime"
            | b"color"
            | b"face"
            | b"size"
            | b"data-block"
            | b"data-testid"
            | b"data-component"
            | b"data-module"
    )
}

/// A piece of a filtered start tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// Bytes `from..to` of the tag, copied as they are.
    Range(usize, usize),
    /// One space, where dropping an attribute left two pieces touching.
    Space,
}

/// Splits `tag` — a whole start tag, `<` to `>` — into the pieces that make
/// the same tag with only the attributes `keep` keeps, in order. Kept runs
/// are ranges of the tag, so a tag with nothing to drop is one range. A tag
/// that does not end in `>` is kept whole.
pub fn filter_start_tag(tag: &[u8], keep: &KeepAttrs, mut put: impl FnMut(Piece)) {
    if keep.all || tag.len() < 2 || tag.first() != Some(&b'<') || tag.last() != Some(&b'>') {
        put(Piece::Range(0, tag.len()));
        return;
    }
    let close = tag.len() - 1;
    let at = |i: usize| tag.get(i).copied().unwrap_or(b'>');
    // The tag name runs to the first space, `/` or `>`.
    let mut i = 1;
    while i < close && !is_ws(at(i)) && at(i) != b'/' {
        i += 1;
    }
    put(Piece::Range(0, i));
    // End of what has been put; end of the last attribute read.
    let (mut put_to, mut last_end) = (i, i);
    loop {
        let lead = i;
        while i < close && (is_ws(at(i)) || at(i) == b'/') {
            i += 1;
        }
        if i >= close {
            break;
        }
        // The name: its first character may be `=`; then up to a space, `/`
        // or `=`.
        let start = i;
        i += 1;
        while i < close && !is_ws(at(i)) && at(i) != b'/' && at(i) != b'=' {
            i += 1;
        }
        let name = tag.get(start..i).unwrap_or_default();
        // An optional `= value`.
        let mut j = i;
        while j < close && is_ws(at(j)) {
            j += 1;
        }
        if j < close && at(j) == b'=' {
            j += 1;
            while j < close && is_ws(at(j)) {
                j += 1;
            }
            if j < close && matches!(at(j), b'"' | b'\'') {
                let quote = at(j);
                j = tag
                    .get(j + 1..close)
                    .and_then(|r| r.iter().position(|&c| c == quote))
                    .map_or(close, |p| j + 1 + p + 1);
            } else {
                while j < close && !is_ws(at(j)) {
                    j += 1;
                }
            }
            i = j;
        }
        if keep.keeps(name) {
            if lead == put_to || lead < start {
                put(Piece::Range(lead, i));
            } else {
                put(Piece::Space);
                put(Piece::Range(start, i));
            }
            put_to = i;
        }
        last_end = i;
    }
    // The tail (spaces, a closing `/`, the `>`): after a dropped attribute a
    // `/` must not touch a kept unquoted value, or it would join it.
    if last_end != put_to && at(last_end) == b'/' {
        put(Piece::Space);
    }
    put(Piece::Range(last_end, tag.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(tag: &str) -> String {
        filtered(tag, &KeepAttrs::new(&["data-keep".into()]))
    }

    fn filtered(tag: &str, keep: &KeepAttrs) -> String {
        let mut out = String::new();
        filter_start_tag(tag.as_bytes(), keep, |piece| match piece {
            Piece::Range(a, b) => out.push_str(tag.get(a..b).unwrap()),
            Piece::Space => out.push(' '),
        });
        out
    }

    #[test]
    fn the_fast_check_agrees_with_the_list() {
        for name in READ {
            assert!(is_read(name.as_bytes()), "{name}");
            assert!(is_read(name.to_ascii_uppercase().as_bytes()), "{name}");
        }
        for name in [
            "src",
            "srcset",
            "data-id",
            "classes",
            "",
            "aria-hiddenx",
            "aria-expandedx",
        ] {
            assert!(!is_read(name.as_bytes()), "{name}");
        }
    }

    #[test]
    fn keeps_only_read_and_selector_attributes() {
        assert_eq!(
            filter(r#"<img src="a.jpg" srcset="a 1x, b 2x" class="wide" data-keep=1 data-x='y'>"#),
            r#"<img class="wide" data-keep=1>"#
        );
        assert_eq!(
            filter(r#"<A HREF="/x" onclick="go('>')" Title=t>"#),
            r#"<A HREF="/x">"#
        );
        assert_eq!(filter("<br/>"), "<br/>");
        assert_eq!(filter("<div id=a/>"), "<div id=a/>");
        assert_eq!(
            filter("<p hidden class = 'a b' >"),
            "<p hidden class = 'a b' >"
        );
        assert_eq!(filter(r#"<a x="1"class=b>"#), "<a class=b>");
        // `1/` is the value: the tag was never self-closing.
        assert_eq!(filter("<div class=a data-x=1/>"), "<div class=a>");
        assert_eq!(filter("<div class=a data-x=1 />"), "<div class=a />");
        assert_eq!(filter("<p>"), "<p>");
        assert_eq!(filter("<p =x class=a>"), "<p class=a>");
    }

    /// The kept attributes read by the real parser are those of the original
    /// tag, name for name and value for value.
    #[test]
    fn the_parser_sees_the_same_kept_attributes() {
        let tags = [
            r#"<div class="a b" data-x="1" id=main style='display:none'>"#,
            r#"<a href=/x?a=1&b=2 target=_blank rel="author nofollow">"#,
            r#"<p title='it"s' class=x lang="de">"#,
            r#"<span class=a class=b id="i d" data-keep>"#,
            r#"<div	class="tab"
                  data-json='{"a": ">"}' role=main>"#,
            r#"<meta property=og:title content="A &amp; B">"#,
            "<div class=\"unterminated data-x=1>",
            "<i class=a/b id=c>",
            r#"<a x="1"class=b>"#,
            "<div class=a data-x=1/>",
            r#"<a x="1"/class=b>"#,
            "<br data-x=1/>",
            "<p =x class=a>",
            "<p\tdata-x='1'\nid=\"q\"\x0c/>",
        ];
        let keep = KeepAttrs::new(&["data-keep".into()]);
        for tag in tags {
            let filtered = filtered(tag, &keep);
            let attrs = |t: &str| -> Option<Vec<(String, String)>> {
                let doc = scraper::Html::parse_fragment(&format!("{t}x"));
                let el = doc
                    .root_element()
                    .descendants()
                    .filter_map(scraper::ElementRef::wrap)
                    .nth(1)?;
                Some(
                    el.value()
                        .attrs()
                        .filter(|(n, _)| keep.keeps(n.as_bytes()))
                        .map(|(n, v)| (n.to_string(), v.to_string()))
                        .collect(),
                )
            };
            assert_eq!(attrs(tag), attrs(&filtered), "{tag} → {filtered}");
        }
    }
}
