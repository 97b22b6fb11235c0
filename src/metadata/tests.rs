//! Stage: metadata (unit tests) — small inline pages for every metadata
//! source, the title suffix stripper, JSON-LD leniency and never-panic
//! properties. The corpus report lives in `corpus_tests.rs`.

use proptest::prelude::*;
use scraper::Html;
use url::Url;

use super::{extract_metadata, strip_site_suffix, Metadata};

fn meta_of(html: &str) -> Metadata {
    extract_metadata(&Html::parse_document(html), None)
}

fn meta_at(html: &str, url: &str) -> Metadata {
    let url = Url::parse(url).unwrap();
    extract_metadata(&Html::parse_document(html), Some(&url))
}

fn head(inner: &str) -> String {
    format!("<!doctype html><html><head>{inner}</head><body><p>x</p></body></html>")
}

fn ld(json: &str) -> String {
    format!(r#"<script type="application/ld+json">{json}</script>"#)
}

// ---- title ----

#[test]
fn title_sources_in_order() {
    let all = head(&format!(
        r#"<title>Doc Title</title><meta name="twitter:title" content="Twitter Title">
        <meta property="og:title" content="OG Title">{}"#,
        ld(r#"{"@type":"NewsArticle","headline":"LD Headline"}"#)
    ));
    assert_eq!(meta_of(&all).title.as_deref(), Some("OG Title"));

    let no_og = all.replace("og:title", "og:nothing");
    assert_eq!(meta_of(&no_og).title.as_deref(), Some("LD Headline"));

    let no_ld = no_og.replace("NewsArticle", "Organization");
    assert_eq!(meta_of(&no_ld).title.as_deref(), Some("Twitter Title"));

    let only_title = head("<title>  Doc \n Title  </title>");
    assert_eq!(meta_of(&only_title).title.as_deref(), Some("Doc Title"));
}

#[test]
fn title_from_short_h1_but_not_long_or_logo_h1() {
    let page = "<title>Big news today | Daily Planet</title>\
        <h1><a href=\"/\">Daily Planet</a></h1><article><h1>Big news today</h1></article>";
    assert_eq!(meta_of(page).title.as_deref(), Some("Big news today"));

    let long = "a ".repeat(120);
    let page = format!("<title>Short Title Here</title><h1>{long}</h1>");
    assert_eq!(meta_of(&page).title.as_deref(), Some("Short Title Here"));

    let no_title = "<h1>Only A Heading</h1>";
    assert_eq!(meta_of(no_title).title.as_deref(), Some("Only A Heading"));
}

#[test]
fn title_part_equal_to_h1_is_the_title() {
    // The section and site parts are unknown, but the h1 names the headline.
    let page = "<title>Quarterly results beat forecasts - Markets - Some Paper</title>\
        <h1>Quarterly results beat forecasts</h1>";
    assert_eq!(
        meta_of(page).title.as_deref(),
        Some("Quarterly results beat forecasts")
    );
}

#[test]
fn title_strips_declared_site_name() {
    let page = head(
        r#"<meta property="og:site_name" content="The Example Times">
        <meta property="og:title" content="Rain expected all week | The Example Times">"#,
    );
    assert_eq!(
        meta_of(&page).title.as_deref(),
        Some("Rain expected all week")
    );
}

#[test]
fn title_strips_host_name_when_site_name_missing() {
    let page = head("<title>Rain - Example</title>");
    let m = meta_at(&page, "https://www.example.com/a");
    assert_eq!(m.title.as_deref(), Some("Rain"));
}

#[test]
fn svg_title_is_ignored() {
    let page = "<html><head></head><body><svg><title>icon</title></svg></body></html>";
    assert_eq!(meta_of(page).title, None);
}

#[test]
fn json_ld_name_preferred_when_headline_is_a_description() {
    let page = head(&format!(
        "<title>Hermitian matrix - Wikipedia</title>{}",
        ld(r#"{"@type":"Article","name":"Hermitian matrix",
              "headline":"matrix equal to its conjugate-transpose"}"#)
    ));
    assert_eq!(meta_of(&page).title.as_deref(), Some("Hermitian matrix"));
}

// ---- strip_site_suffix ----

#[test]
fn strips_each_separator_when_site_matches() {
    for sep in ["-", "|", "–", "—", "::", "·"] {
        let title = format!("A headline {sep} Site");
        assert_eq!(
            strip_site_suffix(&title, Some("Site")),
            "A headline",
            "{sep}"
        );
        let prefixed = format!("Site {sep} A headline");
        assert_eq!(
            strip_site_suffix(&prefixed, Some("site")),
            "A headline",
            "{sep}"
        );
    }
}

#[test]
fn site_name_compared_loosely() {
    assert_eq!(
        strip_site_suffix("Whales return | the Guardian", Some("The Guardian")),
        "Whales return"
    );
    assert_eq!(
        strip_site_suffix("Whales return - example.com", Some("Example")),
        "Whales return"
    );
}

#[test]
fn keeps_list_like_titles() {
    assert_eq!(
        strip_site_suffix("Rock - Paper - Scissors", None),
        "Rock - Paper - Scissors"
    );
    assert_eq!(
        strip_site_suffix("Rock - Paper - Scissors", Some("Games Weekly")),
        "Rock - Paper - Scissors"
    );
    assert_eq!(strip_site_suffix("Cats - Dogs", None), "Cats - Dogs");
}

#[test]
fn unknown_suffix_only_dropped_when_clearly_a_label() {
    assert_eq!(
        strip_site_suffix("How to build a terrarium | eHow", None),
        "How to build a terrarium"
    );
    assert_eq!(
        strip_site_suffix("Why tests matter - a deep dive into flaky builds", None),
        "Why tests matter - a deep dive into flaky builds"
    );
    assert_eq!(
        strip_site_suffix("Our long review of the film - Part 2", None),
        "Our long review of the film - Part 2"
    );
    // Not a real title once the site is gone: kept whole.
    assert_eq!(strip_site_suffix("Site | !", Some("Site")), "Site | !");
    // The whole title is the site name.
    assert_eq!(
        strip_site_suffix("News - Latest Headlines", Some("News - Latest Headlines")),
        "News - Latest Headlines"
    );
    assert_eq!(strip_site_suffix("  plain   title ", None), "plain title");
}

// ---- author ----

#[test]
fn author_from_json_ld_forms() {
    let s = head(&ld(r#"{"@type":"Article","author":"Ann Lee"}"#));
    assert_eq!(meta_of(&s).author.as_deref(), Some("Ann Lee"));
    let o = head(&ld(
        r#"{"@type":"Article","author":{"@type":"Person","name":"Ann Lee"}}"#,
    ));
    assert_eq!(meta_of(&o).author.as_deref(), Some("Ann Lee"));
    let a = head(&ld(r#"{"@type":"BlogPosting","author":[{"name":"Ann Lee"},
        {"name":"https://example.com/bob"},"Bo Chen",{"name":"Ann Lee"}]}"#));
    assert_eq!(meta_of(&a).author.as_deref(), Some("Ann Lee, Bo Chen"));
}

#[test]
fn author_meta_sources_in_order() {
    let page = head(
        r#"<meta name="parsely-author" content="Parsely Person">
        <meta property="article:author" content="https://facebook.com/someone">
        <meta name="AUTHOR" content="Meta Person">"#,
    );
    assert_eq!(meta_of(&page).author.as_deref(), Some("Meta Person"));
    let page = page.replace("AUTHOR", "other");
    // article:author is a URL, so the next source is used.
    assert_eq!(meta_of(&page).author.as_deref(), Some("Parsely Person"));
    let page = head(r#"<meta name="byl" content="By Kim Park">"#);
    assert_eq!(meta_of(&page).author.as_deref(), Some("Kim Park"));
    let page = head(r#"<meta name="DC.creator" content="Dee Cee">"#);
    assert_eq!(meta_of(&page).author.as_deref(), Some("Dee Cee"));
    let page = head(r#"<meta name="author" content="Bradley Kuhn (http://ebb.example/bk/)">"#);
    assert_eq!(meta_of(&page).author.as_deref(), Some("Bradley Kuhn"));
}

#[test]
fn author_from_dom_conventions() {
    let itemprop = r#"<div itemprop="author" itemscope><img alt="">
        <span itemprop="name">Ida Prop</span><span>Staff writer</span></div>"#;
    assert_eq!(meta_of(itemprop).author.as_deref(), Some("Ida Prop"));
    let plain = r#"<span itemprop="author">By Ida Prop</span>"#;
    assert_eq!(meta_of(plain).author.as_deref(), Some("Ida Prop"));
    let rel = r#"<p>Posted by <a rel="author" href="/u/rel">Rel Author</a></p>"#;
    assert_eq!(meta_of(rel).author.as_deref(), Some("Rel Author"));
    let byline = r#"<div class="meta byline">By  Jo   March</div>"#;
    assert_eq!(meta_of(byline).author.as_deref(), Some("Jo March"));
    let german = r#"<p class="author-name">Von Max Mustermann</p>"#;
    assert_eq!(meta_of(german).author.as_deref(), Some("Max Mustermann"));
    let bem = r#"<div class="article__author">By Scott Cole</div>"#;
    assert_eq!(meta_of(bem).author.as_deref(), Some("Scott Cole"));
    let dated = r#"<div class="byline">by Lucas Nolan 22 Dec 2016</div>"#;
    assert_eq!(meta_of(dated).author.as_deref(), Some("Lucas Nolan"));
}

#[test]
fn author_rejects_sentences_urls_and_comments() {
    let sentence = r#"<div class="author">This author has written many articles about
        gardening, travel and food over the past twenty years for various outlets.</div>"#;
    assert_eq!(meta_of(sentence).author, None);
    let url = r#"<meta name="author" content="https://example.com/people/x">"#;
    assert_eq!(meta_of(url).author, None);
    let comment = r#"<ol class="comment-list"><li><span class="byline">Commenter</span></li></ol>"#;
    assert_eq!(meta_of(comment).author, None);
}

// ---- published ----

#[test]
fn published_sources_in_order() {
    let page = head(&format!(
        r#"<meta name="date" content="2020-01-03">
        <meta property="article:published_time" content="2020-01-01T10:00:00Z">{}"#,
        ld(r#"{"@type":"Article","datePublished":"2020-01-02"}"#)
    ));
    assert_eq!(
        meta_of(&page).published.as_deref(),
        Some("2020-01-01T10:00:00Z")
    );
    let page = page.replace("article:published_time", "x");
    assert_eq!(meta_of(&page).published.as_deref(), Some("2020-01-02"));
    let page = page.replace("datePublished", "x");
    assert_eq!(meta_of(&page).published.as_deref(), Some("2020-01-03"));
    let page = head(r#"<meta name="parsely-pub-date" content=" 2019-05-06T07:08:09Z ">"#);
    assert_eq!(
        meta_of(&page).published.as_deref(),
        Some("2019-05-06T07:08:09Z")
    );
}

#[test]
fn published_from_itemprop_and_time() {
    let itemprop = r#"<span itemprop="datePublished" content="2018-02-03">Feb 3</span>"#;
    assert_eq!(meta_of(itemprop).published.as_deref(), Some("2018-02-03"));
    let times = r#"<header><time datetime="2001-01-01">site founded</time></header>
        <article><time datetime="2017-07-07T07:07">July 7</time></article>"#;
    assert_eq!(
        meta_of(times).published.as_deref(),
        Some("2017-07-07T07:07")
    );
    let page_time = r#"<p><time datetime="2016-06-06">June</time></p>"#;
    assert_eq!(meta_of(page_time).published.as_deref(), Some("2016-06-06"));
}

#[test]
fn published_prefers_iso_over_display_form() {
    let page = head(&format!(
        r#"<meta property="article:published_time" content="2015-07-10 09:53:00 -0400">{}"#,
        ld(r#"{"@type":"Article","datePublished":"2015-07-10T09:53:00-04:00"}"#)
    ));
    assert_eq!(
        meta_of(&page).published.as_deref(),
        Some("2015-07-10T09:53:00-04:00")
    );
}

#[test]
fn time_element_does_not_override_declared_date() {
    let page = r#"<html><head><meta name="date" content="10 July 2015"></head>
        <body><footer><time datetime="2001-01-01">2001</time></footer></body></html>"#;
    assert_eq!(meta_of(page).published.as_deref(), Some("10 July 2015"));
}

// ---- site name, language, canonical, description ----

#[test]
fn site_name_sources_in_order() {
    let page = head(&format!(
        r#"<meta name="application-name" content="App">{}"#,
        ld(r#"{"@type":"Article","publisher":{"@type":"Organization","name":"Pub &amp; Co"}}"#)
    ));
    assert_eq!(meta_of(&page).site_name.as_deref(), Some("Pub & Co"));
    let with_og = page.replace(
        "<meta name",
        r#"<meta property="og:site_name" content="OG Site"><meta name"#,
    );
    assert_eq!(meta_of(&with_og).site_name.as_deref(), Some("OG Site"));
    let app_only = head(r#"<meta name="application-name" content="App">"#);
    assert_eq!(meta_of(&app_only).site_name.as_deref(), Some("App"));
}

#[test]
fn language_sources_in_order() {
    let html_lang =
        r#"<html lang="de-DE"><head><meta property="og:locale" content="en_US"></head></html>"#;
    assert_eq!(meta_of(html_lang).language.as_deref(), Some("de-DE"));
    let equiv =
        r#"<html><head><meta http-equiv="Content-Language" content="fr, en"></head></html>"#;
    assert_eq!(meta_of(equiv).language.as_deref(), Some("fr"));
    let locale = r#"<html><head><meta property="og:locale" content="en_US"></head></html>"#;
    assert_eq!(meta_of(locale).language.as_deref(), Some("en-US"));
    let json = format!(
        "<html><head>{}</head></html>",
        ld(r#"{"@type":"Article","inLanguage":"pt-BR"}"#)
    );
    assert_eq!(meta_of(&json).language.as_deref(), Some("pt-BR"));
    let bogus = r#"<html lang="not a language!"><head></head></html>"#;
    assert_eq!(meta_of(bogus).language, None);
}

#[test]
fn canonical_resolution() {
    let rel = head(r#"<link rel="canonical" href="/news/story?id=1">"#);
    let m = meta_at(&rel, "https://example.com/amp/story");
    assert_eq!(
        m.canonical_url.as_deref(),
        Some("https://example.com/news/story?id=1")
    );
    // Without a page URL a relative link cannot be made absolute: og:url is used.
    let both = head(
        r#"<link rel="canonical" href="story"><meta property="og:url" content="https://ex.org/s">"#,
    );
    assert_eq!(
        meta_of(&both).canonical_url.as_deref(),
        Some("https://ex.org/s")
    );
    assert_eq!(meta_of(&rel).canonical_url, None);
    let based = head(
        r#"<base href="https://cdn.example.net/dir/"><link rel="Canonical" href="page.html">"#,
    );
    assert_eq!(
        meta_at(&based, "https://example.com/")
            .canonical_url
            .as_deref(),
        Some("https://cdn.example.net/dir/page.html")
    );
    let js = head(r#"<link rel="canonical" href="javascript:alert(1)">"#);
    assert_eq!(meta_at(&js, "https://example.com/").canonical_url, None);
}

#[test]
fn description_sources_in_order() {
    let page = head(&format!(
        r#"<meta name="twitter:description" content="TW"><meta property="og:description" content="OG">
        <meta name="description" content="Plain">{}"#,
        ld(r#"{"@type":"Article","description":"LD"}"#)
    ));
    assert_eq!(meta_of(&page).description.as_deref(), Some("Plain"));
    let page = page.replace(r#"name="description""#, r#"name="x""#);
    assert_eq!(meta_of(&page).description.as_deref(), Some("OG"));
    let page = page.replace("og:description", "x");
    assert_eq!(meta_of(&page).description.as_deref(), Some("TW"));
    let page = page.replace("twitter:description", "x");
    assert_eq!(meta_of(&page).description.as_deref(), Some("LD"));
}

// ---- meta matching and string cleanup ----

#[test]
fn meta_matching_tokens_case_and_itemprop() {
    let page = head(
        r#"<meta property="dc:title OG:Title" content="Shared"><meta itemprop="description" content="Micro">"#,
    );
    let m = meta_of(&page);
    assert_eq!(m.title.as_deref(), Some("Shared"));
    assert_eq!(m.description.as_deref(), Some("Micro"));
}

#[test]
fn strings_cleaned_and_empty_is_none() {
    let page = head(
        r#"<meta property="og:title" content="   "><title>Tom &amp;amp; Jerry&#x27;s   day</title>
        <meta name="description" content="&amp;#x1F62D; a&nbsp;&nbsp;b">"#,
    );
    let m = meta_of(&page);
    assert_eq!(m.title.as_deref(), Some("Tom & Jerry's day"));
    assert_eq!(m.description.as_deref(), Some("\u{1F62D} a b"));
    assert_eq!(m.author, None);
}

// ---- JSON-LD ----

#[test]
fn json_ld_graph_array_and_type_array() {
    let graph = head(&ld(r##"{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","@id":"#site","name":"Site"},
        {"@type":"Organization","@id":"#org","name":"Org Name"},
        {"@type":["Thing","NewsArticle"],"headline":"Graph headline","publisher":{"@id":"#org"},
         "articleBody":"<p>Body &amp; soul</p><p>two</p>"}]}"##));
    let m = meta_of(&graph);
    assert_eq!(m.title.as_deref(), Some("Graph headline"));
    assert_eq!(m.site_name.as_deref(), Some("Org Name"));
    assert_eq!(m.json_ld_body.as_deref(), Some("Body & soul\ntwo"));

    let array = head(&ld(r#"[{"@type":"BreadcrumbList","name":"Crumbs"},
        {"@type":"schema:BlogPosting","headline":"Array headline"}]"#));
    assert_eq!(meta_of(&array).title.as_deref(), Some("Array headline"));
}

#[test]
fn json_ld_article_preferred_over_webpage() {
    let page = head(&format!(
        "{}{}",
        ld(r#"{"@type":"WebPage","headline":"Page headline","datePublished":"2000-01-01"}"#),
        ld(r#"{"@type":"Report","headline":"Report headline"}"#)
    ));
    let m = meta_of(&page);
    assert_eq!(m.title.as_deref(), Some("Report headline"));
    // Fields the article lacks may still come from the page item.
    assert_eq!(m.published.as_deref(), Some("2000-01-01"));
}

#[test]
fn json_ld_script_type_is_lenient() {
    let page = head(
        r#"<script type=" Application/LD+JSON; charset=utf-8">{"@type":"Article","headline":"Typed"}</script>"#,
    );
    assert_eq!(meta_of(&page).title.as_deref(), Some("Typed"));
    let not_ld =
        head(r#"<script type="application/json">{"@type":"Article","headline":"No"}</script>"#);
    assert_eq!(meta_of(&not_ld).title, None);
}

#[test]
fn broken_json_ld_is_repaired_or_skipped() {
    let wrapped = head(&ld(
        "<!--//--><![CDATA[//><!--\n{\"@type\":\"Article\",\"headline\":\"Wrapped\"}\n//--><!]]>",
    ));
    assert_eq!(meta_of(&wrapped).title.as_deref(), Some("Wrapped"));
    let control = head(&ld(
        "{\"@type\":\"Article\",\"headline\":\"Line\nbreak\",\"author\":\"O\\'Neil\"}",
    ));
    let m = meta_of(&control);
    assert_eq!(m.title.as_deref(), Some("Line break"));
    assert_eq!(m.author.as_deref(), Some("O'Neil"));
    let trailing = head(&ld(r#"{"@type":"Article","headline":"Semi"};"#));
    assert_eq!(meta_of(&trailing).title.as_deref(), Some("Semi"));
    let garbage = head(&format!(
        "{}{}",
        ld(r#"{"@type":"Article","headline": oops"#),
        r#"<meta name="twitter:title" content="Fallback">"#
    ));
    assert_eq!(meta_of(&garbage).title.as_deref(), Some("Fallback"));
}

#[test]
fn deeply_nested_json_ld_does_not_overflow() {
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let page = head(&ld(&deep));
    assert_eq!(meta_of(&page), Metadata::default());
}

#[test]
fn json_ld_body_not_serialized() {
    let page = head(&ld(r#"{"@type":"Article","articleBody":"Body"}"#));
    let m = meta_of(&page);
    assert_eq!(m.json_ld_body.as_deref(), Some("Body"));
    let value = serde_json::to_value(&m).unwrap();
    assert!(value.get("json_ld_body").is_none());
    assert!(value.get("title").is_some());
}

// ---- robustness ----

#[test]
fn empty_and_fragment_documents() {
    assert_eq!(
        extract_metadata(&Html::new_document(), None),
        Metadata::default()
    );
    let frag = Html::parse_fragment("<h1>Frag</h1>");
    assert_eq!(extract_metadata(&frag, None).title.as_deref(), Some("Frag"));
}

/// Bits of markup that exercise every source, glued together at random.
fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[<>&;#a-z0-9 \"'=/|–-]{0,40}",
        "(og:title|author|article:published_time|description|og:locale|byl)"
            .prop_map(|k| format!(r#"<meta property="{k}" content="x &amp; | y">"#)),
        "[\\[\\]{}\",:@a-zA-Z0-9 <!-]{0,60}"
            .prop_map(|j| format!(r#"<script type="application/ld+json">{j}</script>"#)),
        Just(r#"{"@graph":[{"@type":"Article","author":[{"@id":"a"}]}]}"#.to_string())
            .prop_map(|j| format!(r#"<script type="application/ld+json">{j}</script>"#)),
        "[^\"]{0,20}"
            .prop_map(|h| format!(r#"<link rel="canonical" href="{h}"><base href="{h}">"#)),
        "[^<]{0,30}"
            .prop_map(|t| format!("<h1><a href=\"/\">{t}</a></h1><title>{t} | {t}</title>")),
        "[^<]{0,30}"
            .prop_map(|t| format!("<div class=\"byline\">By {t}</div><time datetime=\"{t}\">")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn garbage_html_never_panics(pieces in proptest::collection::vec(html_piece(), 0..12)) {
        let html = pieces.concat();
        let url = Url::parse("https://example.com/a/b").unwrap();
        let m = extract_metadata(&Html::parse_document(&html), Some(&url));
        for field in [&m.title, &m.author, &m.published, &m.site_name, &m.language,
                      &m.canonical_url, &m.description, &m.json_ld_body].into_iter().flatten() {
            prop_assert!(!field.is_empty());
            prop_assert_eq!(field.trim(), field.as_str());
            prop_assert!(!field.contains("  "));
        }
        let _ = extract_metadata(&Html::parse_fragment(&html), None);
    }

    #[test]
    fn strip_site_suffix_never_panics(title in any::<String>(), site in proptest::option::of(any::<String>())) {
        let out = strip_site_suffix(&title, site.as_deref());
        prop_assert!(out.len() <= title.len());
    }
}
