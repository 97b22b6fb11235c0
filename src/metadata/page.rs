//! Stage: metadata (DOM walk) — parsed DOM → the raw material every
//! metadata field is chosen from.
//!
//! Input: the `scraper::Html` tree. Output: [`Page`], gathered in one walk:
//! meta tags by key, `<html lang>`, `<title>`, `<h1>` texts, canonical links,
//! `<base href>`, JSON-LD script texts, and the elements that DOM heuristics
//! look at (itemprop author/date, `rel=author`, byline classes, `<time>`).
//! Neighbours: `metadata/mod.rs` chooses the fields from it; `metadata/text.rs`
//! cleans strings.

use scraper::{ElementRef, Html};
use url::Url;

use super::text::{clean, element_text, word_count};

/// The HTML namespace; `<title>` inside inline SVG must not count.
const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// How many elements of each DOM-heuristic kind are remembered.
const MAX_CANDIDATES: usize = 32;

/// Class names whose element holds the byline.
const BYLINE_CLASSES: &[&str] = &[
    "byline",
    "author",
    "author-name",
    "byline-name",
    "byline-author",
    "article-author",
    "entry-author",
];

/// A `<meta>` tag: its lowercase keys (from `name`, `property`, `itemprop`,
/// `http-equiv`) and its `content`.
pub(super) struct MetaTag<'a> {
    pub(super) keys: Vec<String>,
    pub(super) content: &'a str,
}

/// Everything the field choosers need, gathered in one walk over the tree.
#[derive(Default)]
pub(super) struct Page<'a> {
    pub(super) metas: Vec<MetaTag<'a>>,
    pub(super) html_lang: Option<&'a str>,
    pub(super) title_tag: Option<String>,
    /// `<h1>` texts with whether they sit inside `<article>`.
    pub(super) h1s: Vec<(String, bool)>,
    pub(super) canonical_hrefs: Vec<&'a str>,
    pub(super) base_href: Option<&'a str>,
    pub(super) ld_scripts: Vec<String>,
    pub(super) author_props: Vec<ElementRef<'a>>,
    pub(super) date_props: Vec<ElementRef<'a>>,
    pub(super) rel_authors: Vec<ElementRef<'a>>,
    pub(super) byline_elements: Vec<ElementRef<'a>>,
    pub(super) time_in_article: Option<&'a str>,
    pub(super) time_anywhere: Option<&'a str>,
}

/// Meta key normalisation: lowercase, and `dc:creator` ≡ `dc.creator`.
fn norm_key(key: &str) -> String {
    key.trim().to_lowercase().replace(':', ".")
}

/// Attribute tokens (separated by ASCII whitespace, as HTML splits them), lowercase.
pub(super) fn tokens(value: Option<&str>) -> impl Iterator<Item = String> + '_ {
    value
        .unwrap_or("")
        .split_ascii_whitespace()
        .map(str::to_lowercase)
}

impl<'a> Page<'a> {
    /// Walks the whole tree once.
    pub(super) fn collect(doc: &'a Html) -> Self {
        let mut page = Page::default();
        for node in doc.tree.root().descendants() {
            if let Some(el) = ElementRef::wrap(node) {
                page.visit(el);
            }
        }
        page
    }

    fn visit(&mut self, el: ElementRef<'a>) {
        let element = el.value();
        let is_html = &*element.name.ns == HTML_NS;
        let name = element.name();
        match (is_html, name) {
            (true, "html") if self.html_lang.is_none() => {
                self.html_lang = element.attr("lang").or_else(|| element.attr("xml:lang"));
            }
            (true, "meta") => self.visit_meta(el),
            (true, "title") if self.title_tag.is_none() => {
                self.title_tag = clean(&el.text().collect::<String>());
            }
            (true, "h1") if self.h1s.len() < MAX_CANDIDATES && !is_logo_heading(el) => {
                let text = element_text(el).and_then(|t| {
                    clean(t.trim_end_matches(|c: char| c == '¶' || c == '#' || c.is_whitespace()))
                });
                if let Some(t) = text {
                    self.h1s.push((t, inside_article(el)));
                }
            }
            (true, "link") if tokens(element.attr("rel")).any(|t| t == "canonical") => {
                if let Some(href) = element.attr("href") {
                    self.canonical_hrefs.push(href);
                }
            }
            (true, "base") if self.base_href.is_none() => {
                self.base_href = element.attr("href");
            }
            (true, "script") => {
                let is_ld = element.attr("type").is_some_and(|t| {
                    let mime = t.split(';').next().unwrap_or("");
                    mime.trim().eq_ignore_ascii_case("application/ld+json")
                });
                if is_ld {
                    self.ld_scripts.push(el.text().collect());
                }
            }
            (true, "time") => {
                if let Some(dt) = element.attr("datetime").filter(|d| !d.trim().is_empty()) {
                    if self.time_anywhere.is_none() {
                        self.time_anywhere = Some(dt);
                    }
                    if self.time_in_article.is_none() && inside_article(el) {
                        self.time_in_article = Some(dt);
                    }
                }
            }
            _ => {}
        }

        // One pass over the attributes: looking each up by name would intern
        // the name for every element of the page.
        let (mut itemprop, mut rel, mut class) = (None, None, None);
        for (attr, value) in element.attrs() {
            match attr {
                "itemprop" => itemprop = Some(value),
                "rel" => rel = Some(value),
                "class" => class = Some(value),
                _ => {}
            }
        }
        if itemprop.is_some() {
            let itemprops: Vec<String> = tokens(itemprop).collect();
            if itemprops.iter().any(|p| p == "author" || p == "creator")
                && self.author_props.len() < MAX_CANDIDATES
            {
                self.author_props.push(el);
            }
            if itemprops.iter().any(|p| p == "datepublished")
                && self.date_props.len() < MAX_CANDIDATES
            {
                self.date_props.push(el);
            }
        }
        if name == "a"
            && tokens(rel).any(|t| t == "author")
            && self.rel_authors.len() < MAX_CANDIDATES
        {
            self.rel_authors.push(el);
        }
        let byline_class = class.is_some_and(|c| {
            c.split_ascii_whitespace().any(|t| {
                if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                    is_byline_class(t)
                } else {
                    is_byline_class(&t.to_lowercase())
                }
            })
        });
        if byline_class && self.byline_elements.len() < MAX_CANDIDATES && !in_comments(el) {
            self.byline_elements.push(el);
        }
    }

    fn visit_meta(&mut self, el: ElementRef<'a>) {
        let element = el.value();
        let Some(content) = element.attr("content") else {
            return;
        };
        let mut keys: Vec<String> = Vec::new();
        for attr in ["name", "property", "itemprop"] {
            keys.extend(tokens(element.attr(attr)).map(|k| norm_key(&k)));
        }
        if let Some(equiv) = element.attr("http-equiv") {
            keys.push(format!("http-equiv {}", equiv.trim().to_lowercase()));
        }
        if !keys.is_empty() {
            self.metas.push(MetaTag { keys, content });
        }
    }

    /// Raw `content` values of the meta tags with any of `keys`, key order
    /// first, then document order.
    pub(super) fn meta_values<'s>(
        &'s self,
        keys: &'s [&'s str],
    ) -> impl Iterator<Item = &'a str> + 's {
        keys.iter().flat_map(move |key| {
            let key = norm_key(key);
            self.metas
                .iter()
                .filter(move |m| m.keys.contains(&key))
                .map(|m| m.content)
        })
    }

    /// First non-empty cleaned meta content for `keys`.
    pub(super) fn meta(&self, keys: &[&str]) -> Option<String> {
        self.meta_values(keys).find_map(clean)
    }

    /// The URL relative links resolve against: `<base href>` (itself
    /// resolved against the page URL), else the page URL.
    pub(super) fn base_url(&self, page_url: Option<&Url>) -> Option<Url> {
        let base_href = self.base_href.map(str::trim).filter(|h| !h.is_empty());
        match (base_href, page_url) {
            (Some(href), Some(page)) => page.join(href).ok().or_else(|| Some(page.clone())),
            (Some(href), None) => Url::parse(href).ok(),
            (None, page) => page.cloned(),
        }
    }

    /// The headline-like `<h1>`: the first inside `<article>`, else the first.
    pub(super) fn best_h1(&self) -> Option<&str> {
        self.h1s
            .iter()
            .find(|(_, in_article)| *in_article)
            .or_else(|| self.h1s.first())
            .map(|(t, _)| t.as_str())
    }
}

/// A class token naming a byline: one of [`BYLINE_CLASSES`], any token with
/// "byline" in it, or a BEM element such as `article__author`.
fn is_byline_class(token: &str) -> bool {
    // Every byline class names an author or a byline: most tokens stop here.
    let bytes = token.as_bytes();
    let named = memchr::memchr2_iter(b'a', b'b', bytes).any(|at| {
        let rest = bytes.get(at..).unwrap_or_default();
        rest.starts_with(b"author") || rest.starts_with(b"byline")
    });
    if !named {
        return false;
    }
    let element = token.rsplit("__").next().unwrap_or(token);
    let element = element.split("--").next().unwrap_or(element);
    BYLINE_CLASSES.contains(&token) || BYLINE_CLASSES.contains(&element) || token.contains("byline")
}

/// A heading that only wraps a link to the site's home page: a logo, not the
/// article's headline.
fn is_logo_heading(el: ElementRef<'_>) -> bool {
    let Some(heading_text) = element_text(el) else {
        return false;
    };
    el.descendants()
        .filter_map(ElementRef::wrap)
        .filter(|d| d.value().name() == "a")
        .any(|a| {
            let home = a.value().attr("href").is_some_and(|href| {
                let href = href.trim();
                let path = Url::parse(href).map_or(href.to_string(), |u| {
                    if u.query().is_some() {
                        "?".to_string()
                    } else {
                        u.path().to_string()
                    }
                });
                matches!(
                    path.as_str(),
                    "" | "/"
                        | "./"
                        | "."
                        | "index.html"
                        | "/index.html"
                        | "index.htm"
                        | "/index.php"
                )
            });
            home && element_text(a).is_some_and(|t| word_count(&t) * 2 >= word_count(&heading_text))
        })
}

/// Inside a comment thread (an ancestor's class or id mentions "comment"),
/// where bylines name commenters rather than the author.
fn in_comments(el: ElementRef<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let v = a.value();
        [v.attr("class"), v.id()]
            .into_iter()
            .flatten()
            .any(|s| s.to_lowercase().contains("comment"))
    })
}

fn inside_article(el: ElementRef<'_>) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "article")
}
