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

/// Attributes the pipeline reads: block roles and hiding (`class`, `id`,
/// `role`, `itemprop`, `hidden`, `aria-hidden`, `style`), metadata (`lang`,
/// `xml:lang`, `name`, `property`, `content`, `http-equiv`, `charset`, `rel`,
/// `href`, `type`, `datetime`, `itemtype`, `itemscope`).
pub const READ: &[&str] = &[
    "class",
    "id",
    "role",
    "itemprop",
    "itemscope",
    "itemtype",
    "hidden",
    "aria-hidden",
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
];

/// Which attribute names survive the pre-pass.
#[derive(Debug, Clone, Default)]
pub struct KeepAttrs {
    extra: Vec<String>,
}

impl KeepAttrs {
    /// [`READ`] plus `extra` (lower-case names tested by rule selectors).
    pub fn new(extra: &[String]) -> Self {
        KeepAttrs {
            extra: extra
                .iter()
                .filter(|n| !READ.iter().any(|r| r.eq_ignore_ascii_case(n)))
                .map(|n| n.to_ascii_lowercase())
                .collect(),
        }
    }

    /// Whether the attribute called `name` (as written, any case) is kept.
    pub fn keeps(&self, name: &[u8]) -> bool {
        is_read(name)
            || self
                .extra
                .iter()
                .any(|r| r.as_bytes().eq_ignore_ascii_case(name))
    }
}

/// Whether `name` (any case) is in [`READ`]; called for every attribute of
/// the page, so it lower-cases into a stack buffer and lets `match` compare.
fn is_read(name: &[u8]) -> bool {
    let mut buf = [0u8; 12];
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
    )
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Appends `tag` — a whole start tag, `<` to `>` — to `out` with only the
/// attributes `keep` keeps. A tag that does not end in `>` is copied as is.
pub fn filter_start_tag(tag: &[u8], keep: &KeepAttrs, out: &mut Vec<u8>) {
    let Some(inner) = tag.strip_prefix(b"<").and_then(|t| t.strip_suffix(b">")) else {
        out.extend_from_slice(tag);
        return;
    };
    // The tag name runs to the first space, `/` or the end.
    let name_len = inner
        .iter()
        .position(|&b| is_space(b) || b == b'/')
        .unwrap_or(inner.len());
    out.push(b'<');
    out.extend_from_slice(inner.get(..name_len).unwrap_or_default());
    let mut i = name_len;
    let mut self_closing = false;
    while i < inner.len() {
        let b = inner.get(i).copied().unwrap_or(b' ');
        if is_space(b) {
            i += 1;
            continue;
        }
        if b == b'/' {
            // Only a `/` right before `>` closes the tag; elsewhere it is skipped.
            self_closing = i + 1 == inner.len();
            i += 1;
            continue;
        }
        self_closing = false;
        // Attribute name: the first character may be `=`; then up to a space,
        // `/`, `>` or `=`.
        let start = i;
        i += 1;
        while inner
            .get(i)
            .is_some_and(|&c| !is_space(c) && c != b'/' && c != b'=')
        {
            i += 1;
        }
        let name = inner.get(start..i).unwrap_or_default();
        // Optional `= value`.
        let mut j = i;
        while inner.get(j).is_some_and(|&c| is_space(c)) {
            j += 1;
        }
        if inner.get(j) == Some(&b'=') {
            j += 1;
            while inner.get(j).is_some_and(|&c| is_space(c)) {
                j += 1;
            }
            match inner.get(j).copied() {
                Some(q @ (b'"' | b'\'')) => {
                    j = match inner
                        .get(j + 1..)
                        .and_then(|r| r.iter().position(|&c| c == q))
                    {
                        Some(p) => j + 1 + p + 1,
                        None => inner.len(),
                    };
                }
                Some(_) => {
                    while inner.get(j).is_some_and(|&c| !is_space(c)) {
                        j += 1;
                    }
                }
                None => {}
            }
            i = j;
        }
        if keep.keeps(name) {
            out.push(b' ');
            out.extend_from_slice(inner.get(start..i).unwrap_or_default());
        }
    }
    if self_closing {
        out.push(b'/');
    }
    out.push(b'>');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(tag: &str) -> String {
        let mut out = Vec::new();
        filter_start_tag(
            tag.as_bytes(),
            &KeepAttrs::new(&["data-keep".into()]),
            &mut out,
        );
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_fast_check_agrees_with_the_list() {
        for name in READ {
            assert!(is_read(name.as_bytes()), "{name}");
            assert!(is_read(name.to_ascii_uppercase().as_bytes()), "{name}");
        }
        for name in ["src", "srcset", "data-id", "classes", "", "aria-hiddenx"] {
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
            "<p hidden class = 'a b'>"
        );
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
        ];
        let keep = KeepAttrs::new(&["data-keep".into()]);
        for tag in tags {
            let mut out = Vec::new();
            filter_start_tag(tag.as_bytes(), &keep, &mut out);
            let filtered = String::from_utf8(out).unwrap();
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
