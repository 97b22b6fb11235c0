//! Stage: metadata — parsed DOM → [`Metadata`] (title, author, published
//! date, site name, language, canonical URL, description, JSON-LD body).
//!
//! Input: the `scraper::Html` tree of a page (built by the parsing stage
//! after charset decoding) and, when known, the URL the page came from.
//! Output: a [`Metadata`] value; every field is optional and nothing here can
//! fail or panic. The extractor stage reads it (title to drop a repeated
//! headline, `json_ld_body` as a cross-check and, for a page that does not show
//! it, as the article) and the output stage prints it.
//!
//! Each field has an ordered list of sources (meta tags, JSON-LD, then DOM
//! heuristics); the first source that yields a usable value wins. Submodules:
//! `page` (the one walk over the DOM), `jsonld` (structured data) and `text`
//! (string cleanup, suffix stripping); `tests` and `corpus_tests` (an
//! `#[ignore]`d report against the readability test pages).

#[cfg(test)]
mod corpus_tests;
mod jsonld;
mod page;
#[cfg(test)]
mod tests;
mod text;

use scraper::{ElementRef, Html};
use serde::Serialize;
use url::Url;

use self::page::{tokens, Page};
use self::text::{
    clean, clean_author, clean_language, compact, element_text, is_iso8601, matches_site,
    same_text, separator_spans, split_at_span, strip_site_affix, word_count,
};

/// Longest `<h1>` text still taken as a title.
const MAX_H1_CHARS: usize = 150;

/// Page metadata gathered from meta tags, JSON-LD and a few DOM conventions.
///
/// All strings are trimmed, whitespace-folded and entity-decoded; a field
/// that no source provides stays `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// The article headline, without a site-name suffix or prefix.
    pub title: Option<String>,
    /// Author name(s); several are joined with ", ".
    pub author: Option<String>,
    /// Publication date as found, preferring machine-readable (ISO 8601)
    /// attribute values over display text.
    pub published: Option<String>,
    /// Name of the publishing site.
    pub site_name: Option<String>,
    /// Declared language tag, e.g. "en" or "de-DE".
    pub language: Option<String>,
    /// Canonical URL, absolute (relative links resolved against the page
    /// URL or `<base href>`).
    pub canonical_url: Option<String>,
    /// Short summary from the description meta tags or JSON-LD.
    pub description: Option<String>,
    /// JSON-LD `articleBody` as plain text, one paragraph per line, if any;
    /// the extractor uses it as a cross-check, and the pipeline as the article
    /// of a page whose markup does not show it.
    #[serde(skip)]
    pub json_ld_body: Option<String>,
}

/// Reads the page's metadata. Never fails or panics; fields that are not
/// found stay `None`.
///
/// All strings are trimmed, inner whitespace is folded to single spaces,
/// HTML entities are decoded (also inside JSON-LD strings), and empty strings
/// become `None`. `page_url` resolves a relative canonical link and helps
/// recognise the site name in the title.
pub fn extract_metadata(doc: &Html, page_url: Option<&Url>) -> Metadata {
    let page = Page::collect(doc);
    let ld = jsonld::extract(&page.ld_scripts);

    let site_name = page
        .meta(&["og:site_name"])
        .or_else(|| ld.publisher_name.clone())
        .or_else(|| page.meta(&["application-name"]));

    let base = page.base_url(page_url);
    let canonical_url = page
        .canonical_hrefs
        .iter()
        .copied()
        .chain(page.meta_values(&["og:url"]))
        .find_map(|href| resolve_url(href, base.as_ref()));

    let mut site_names: Vec<String> = site_name.iter().cloned().collect();
    let host_url = page_url
        .cloned()
        .or_else(|| canonical_url.as_deref().and_then(|u| Url::parse(u).ok()));
    if let Some(url) = &host_url {
        site_names.extend(host_names(url));
    }

    Metadata {
        title: choose_title(&page, &ld, site_name.as_deref(), &site_names),
        author: choose_author(&page, &ld),
        published: choose_published(&page, &ld),
        site_name,
        language: choose_language(&page, &ld),
        canonical_url,
        description: page
            .meta(&["description", "og:description", "twitter:description"])
            .or(ld.description),
        json_ld_body: ld.article_body,
    }
}

/// Removes a trailing (or leading) " - Site Name" / " | Site" / " – Site" /
/// " — Site" / " :: Site" / " · Site" part from a title when that part is the
/// site name or clearly not the headline; otherwise returns the title as is
/// (whitespace-folded).
///
/// `site_name` is compared loosely (case, punctuation and a trailing domain
/// ending ignored). Without a match, a trailing part is only dropped when it
/// looks like a short publication label ("| Code", "– Example.com") and at
/// least three words of headline remain, so titles such as
/// "Rock - Paper - Scissors" are kept whole.
pub fn strip_site_suffix(title: &str, site_name: Option<&str>) -> String {
    let names: Vec<String> = site_name.map(str::to_string).into_iter().collect();
    strip_site_affix(title, &names)
}

/// Resolves a link against `base`; only http(s) results are kept.
fn resolve_url(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = match Url::parse(href) {
        Ok(url) => url,
        Err(_) => base?.join(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// Names a site may go by, derived from its host: "www.theguardian.com" →
/// "theguardian", "theguardian.com".
fn host_names(url: &Url) -> Vec<String> {
    let Some(host) = url.host_str() else {
        return Vec::new();
    };
    let host = host.trim_start_matches("www.");
    let mut labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2 {
        return Vec::new();
    }
    labels.pop();
    while labels.len() > 1
        && labels.last().is_some_and(|l| {
            matches!(
                *l,
                "co" | "com" | "org" | "net" | "gov" | "ac" | "edu" | "ne" | "or" | "go"
            )
        })
    {
        labels.pop();
    }
    let mut names: Vec<String> = labels
        .last()
        .filter(|l| l.len() >= 3)
        .map(|l| l.to_string())
        .into_iter()
        .collect();
    names.push(host.to_string());
    names
}

/// The first title source that has a value, then trimmed of a site name:
/// `site_names` holds the declared `site_name` and names from the host.
fn choose_title(
    page: &Page<'_>,
    ld: &jsonld::JsonLd,
    site_name: Option<&str>,
    site_names: &[String],
) -> Option<String> {
    let title_tag = page.title_tag.clone();
    let h1 = page
        .best_h1()
        .filter(|h| h1_usable(h, title_tag.as_deref(), site_names))
        .map(str::to_string);
    let candidates = [
        page.meta(&["og:title"]),
        json_ld_title(ld, title_tag.as_deref()),
        page.meta(&["twitter:title"]),
        page.meta(&["dc.title", "dcterms.title"]),
        h1,
        title_tag,
    ];
    let raw = candidates.iter().flatten().next()?;
    let mut hints: Vec<&str> = candidates.iter().flatten().map(String::as_str).collect();
    hints.extend(
        page.h1s
            .iter()
            .map(|(t, _)| t.as_str())
            .filter(|t| t.chars().count() <= MAX_H1_CHARS),
    );
    let title = part_named_by_hint(raw, &hints, site_names).unwrap_or_else(|| {
        let stripped = strip_site_suffix(raw, site_name);
        if stripped == text::fold_whitespace(raw) {
            // Nothing went for the declared name; try the host's names.
            strip_site_affix(raw, site_names)
        } else {
            stripped
        }
    });
    clean(&title)
}

/// JSON-LD `headline`, or the item's `name` when there is no headline or
/// the name agrees better with `<title>` (some sites put a tagline or a
/// description in `headline`).
fn json_ld_title(ld: &jsonld::JsonLd, title_tag: Option<&str>) -> Option<String> {
    match (&ld.headline, &ld.name, title_tag) {
        (Some(headline), Some(name), Some(title)) => {
            if word_overlap(name, title) > word_overlap(headline, title) {
                Some(name.clone())
            } else {
                Some(headline.clone())
            }
        }
        (headline, name, _) => headline.clone().or_else(|| name.clone()),
    }
}

/// An `<h1>` may stand for the title when it is short, is not the site's
/// name (a logo), and agrees with `<title>` unless that is missing or bare.
fn h1_usable(h1: &str, title_tag: Option<&str>, site_names: &[String]) -> bool {
    if h1.chars().count() > MAX_H1_CHARS || matches_site(h1, site_names) {
        return false;
    }
    match title_tag {
        None => true,
        Some(t) if word_count(t) <= 1 || matches_site(t, site_names) => true,
        Some(t) => word_overlap(h1, t) >= 0.5,
    }
}

/// Share of `a`'s words that also occur in `b` (compared loosely).
fn word_overlap(a: &str, b: &str) -> f64 {
    let b_words: Vec<String> = b.split_whitespace().map(compact).collect();
    let a_words: Vec<String> = a
        .split_whitespace()
        .map(compact)
        .filter(|w| !w.is_empty())
        .collect();
    if a_words.is_empty() {
        return 0.0;
    }
    let shared = a_words.iter().filter(|w| b_words.contains(w)).count();
    shared as f64 / a_words.len() as f64
}

/// When another title source (or an `<h1>`) equals one side of a separator
/// in `raw`, that side is the headline: "Headline | Section | Site" with an
/// `<h1>` "Headline" gives "Headline". Site names are never taken this way.
fn part_named_by_hint(raw: &str, hints: &[&str], site_names: &[String]) -> Option<String> {
    let folded = text::fold_whitespace(raw);
    for span in separator_spans(&folded, text::SEPARATORS) {
        let Some((head, tail)) = split_at_span(&folded, span) else {
            continue;
        };
        for (part, other) in [(head, tail), (tail, head)] {
            let long_enough = part.len() >= other.len() || word_count(part) >= 4;
            if !long_enough || matches_site(part, site_names) {
                continue;
            }
            if hints.iter().any(|h| same_text(h, part)) {
                return Some(part.to_string());
            }
        }
    }
    None
}

fn choose_author(page: &Page<'_>, ld: &jsonld::JsonLd) -> Option<String> {
    if let Some(author) = &ld.author {
        return Some(author.clone());
    }
    let from_meta = page
        .meta_values(&["author"])
        .chain(page.meta_values(&["article:author", "og:article:author"]))
        .chain(page.meta_values(&[
            "byl",
            "sailthru.author",
            "parsely-author",
            "dc.creator",
            "dcterms.creator",
        ]))
        .find_map(clean_author);
    if from_meta.is_some() {
        return from_meta;
    }
    let from_itemprop = page.author_props.iter().find_map(|el| itemprop_author(*el));
    if from_itemprop.is_some() {
        return from_itemprop;
    }
    page.rel_authors
        .iter()
        .chain(page.byline_elements.iter())
        .find_map(|el| element_text(*el).and_then(|t| clean_author(&t)))
}

/// `[itemprop=author]`: its `[itemprop=name]` child, its `content`, or its
/// text.
fn itemprop_author(el: ElementRef<'_>) -> Option<String> {
    let name_el = el
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .find(|d| tokens(d.value().attr("itemprop")).any(|t| t == "name"));
    if let Some(name_el) = name_el {
        let value = name_el
            .value()
            .attr("content")
            .and_then(clean_author)
            .or_else(|| element_text(name_el).and_then(|t| clean_author(&t)));
        if value.is_some() {
            return value;
        }
    }
    if let Some(content) = el.value().attr("content") {
        return clean_author(content);
    }
    if matches!(el.value().name(), "link" | "meta") {
        return None;
    }
    element_text(el).and_then(|t| clean_author(&t))
}

fn choose_published(page: &Page<'_>, ld: &jsonld::JsonLd) -> Option<String> {
    let valid = |s: &str| clean(s).filter(|d| d.chars().count() <= 100);
    let mut candidates: Vec<String> = Vec::new();
    candidates.extend(
        page.meta_values(&["article:published_time"])
            .find_map(valid),
    );
    candidates.extend(ld.date_published.clone());
    candidates.extend(
        page.meta_values(&[
            "date",
            "pubdate",
            "publishdate",
            "dc.date",
            "dcterms.created",
            "parsely-pub-date",
            "sailthru.date",
            "dc.date.issued",
            "dcterms.issued",
        ])
        .find_map(valid),
    );
    candidates.extend(page.date_props.iter().find_map(|el| {
        let attrs = el.value();
        attrs
            .attr("content")
            .and_then(valid)
            .or_else(|| attrs.attr("datetime").and_then(valid))
    }));
    // Source order decides, except that a machine-readable ISO 8601 value
    // from the structured sources beats display text found earlier. `<time>`
    // elements only count when nothing structured is there: a footer date
    // must not override a declared one.
    if let Some(iso) = candidates.iter().position(|c| is_iso8601(c)) {
        return candidates.into_iter().nth(iso);
    }
    if !candidates.is_empty() {
        return candidates.into_iter().next();
    }
    page.time_in_article
        .and_then(valid)
        .or_else(|| page.time_anywhere.and_then(valid))
}

fn choose_language(page: &Page<'_>, ld: &jsonld::JsonLd) -> Option<String> {
    page.html_lang
        .and_then(|l| clean_language(l, false))
        .or_else(|| {
            page.meta_values(&["http-equiv content-language"])
                .find_map(|l| clean_language(l, false))
        })
        .or_else(|| {
            page.meta_values(&["og:locale"])
                .find_map(|l| clean_language(l, true))
        })
        .or_else(|| {
            ld.in_language
                .as_deref()
                .and_then(|l| clean_language(l, true))
        })
}
