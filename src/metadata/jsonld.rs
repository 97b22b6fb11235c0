//! Stage: metadata (JSON-LD) — `<script type="application/ld+json">` texts
//! → the article-level fields of schema.org structured data.
//!
//! Input: the raw text of every JSON-LD script on the page (collected by
//! `metadata/mod.rs`). Output: [`JsonLd`], the headline, author, dates,
//! publisher, language, description and body of the best Article-like item.
//! Neighbours: `metadata/text.rs` cleans every string; `metadata/mod.rs`
//! merges these fields with the meta-tag and DOM sources.
//!
//! Parsing is lenient: a script that is not valid JSON is retried once after
//! removing comment/CDATA wrappers, control characters and stray `\'`
//! escapes; if that fails too it is skipped silently.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::text::{clean, clean_author, html_to_paragraphs, looks_like_url};

/// Deepest nesting followed when walking JSON-LD values.
const MAX_DEPTH: usize = 16;

/// Most items looked at per page (guards against huge generated graphs).
const MAX_ITEMS: usize = 2_000;

/// schema.org types treated as articles (besides any type ending in
/// "Article" or "Posting").
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "report",
    "reportagenewsarticle",
    "opinionnewsarticle",
    "analysisnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "liveblogposting",
];

/// Fields taken from the page's JSON-LD, already cleaned.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct JsonLd {
    /// `headline`.
    pub headline: Option<String>,
    /// `name` of an Article-like item.
    pub name: Option<String>,
    /// `author` names joined with ", ".
    pub author: Option<String>,
    /// `datePublished` as written.
    pub date_published: Option<String>,
    /// `publisher.name`.
    pub publisher_name: Option<String>,
    /// `inLanguage`.
    pub in_language: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `articleBody` as plain text.
    pub article_body: Option<String>,
}

/// How well an item's `@type` fits an article page; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Article,
    WebPage,
}

/// Extracts the article fields from the texts of all JSON-LD scripts.
pub(super) fn extract(scripts: &[String]) -> JsonLd {
    let mut values = Vec::new();
    for script in scripts {
        values.extend(parse_lenient(script));
    }
    let mut items: Vec<&Map<String, Value>> = Vec::new();
    for value in &values {
        collect_items(value, 0, &mut items);
    }
    let mut ids: HashMap<&str, &Map<String, Value>> = HashMap::new();
    for item in &items {
        if let Some(id) = item.get("@id").and_then(Value::as_str) {
            // Keep the fullest definition of an id (references are bare).
            let longer = ids.get(id).is_none_or(|prev| prev.len() < item.len());
            if longer {
                ids.insert(id, item);
            }
        }
    }
    let mut ranked: Vec<(Rank, &Map<String, Value>)> = items
        .iter()
        .filter_map(|item| rank(item).map(|r| (r, *item)))
        .collect();
    // Stable: document order is kept within a rank.
    ranked.sort_by_key(|(r, _)| *r);

    let ctx = Ctx { ids: &ids };
    let mut out = JsonLd::default();
    for (r, item) in &ranked {
        let item = *item;
        if out.headline.is_none() && out.name.is_none() {
            out.headline = string_field(item.get("headline"), 0);
            if *r == Rank::Article {
                out.name = string_field(item.get("name"), 0);
            }
        }
        if out.author.is_none() {
            out.author = item.get("author").and_then(|v| author_names(v, &ctx));
        }
        if out.date_published.is_none() {
            out.date_published = string_field(item.get("datePublished"), 0);
        }
        if out.publisher_name.is_none() {
            out.publisher_name = item
                .get("publisher")
                .and_then(|p| name_of(p, &ctx, 0))
                .filter(|n| !looks_like_url(n));
        }
        if out.in_language.is_none() {
            out.in_language = item.get("inLanguage").and_then(|v| language_of(v, &ctx));
        }
        if out.description.is_none() {
            out.description = string_field(item.get("description"), 0);
        }
        if out.article_body.is_none() {
            out.article_body = item
                .get("articleBody")
                .and_then(|v| first_string(v, 0))
                .and_then(|s| html_to_paragraphs(&s));
        }
    }
    out
}

/// Lookup table for `{"@id": ...}` references.
struct Ctx<'a> {
    ids: &'a HashMap<&'a str, &'a Map<String, Value>>,
}

impl<'a> Ctx<'a> {
    /// Follows a bare `{"@id": "..."}` reference to its full definition.
    fn resolve(&self, obj: &'a Map<String, Value>) -> &'a Map<String, Value> {
        let is_reference = obj.keys().all(|k| k == "@id" || k == "@type");
        if !is_reference {
            return obj;
        }
        obj.get("@id")
            .and_then(Value::as_str)
            .and_then(|id| self.ids.get(id).copied())
            .unwrap_or(obj)
    }
}

/// Parses one script text into JSON values, first strictly, then once more
/// after cleanup. Several concatenated values are all returned.
pub(super) fn parse_lenient(raw: &str) -> Vec<Value> {
    let values = parse_stream(raw);
    if !values.is_empty() {
        return values;
    }
    let cleaned = cleanup(raw);
    parse_stream(&cleaned)
}

/// Every JSON value that parses, in order, up to the first error.
fn parse_stream(s: &str) -> Vec<Value> {
    let trimmed = s.trim();
    let start = trimmed.find(['{', '[']).unwrap_or(0);
    let body = trimmed.get(start..).unwrap_or(trimmed);
    serde_json::Deserializer::from_str(body)
        .into_iter::<Value>()
        .map_while(Result::ok)
        .filter(|v| v.is_object() || v.is_array())
        .collect()
}

/// Removes the usual wrappers and invalid characters from a broken script.
fn cleanup(raw: &str) -> String {
    let mut s = raw.to_string();
    for wrapper in ["<![CDATA[", "]]>", "<!--", "-->"] {
        s = s.replace(wrapper, " ");
    }
    // JSON has no `\'` escape, but hand-written scripts often use it.
    s = s.replace("\\'", "'");
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    s.trim_matches(|c: char| c.is_whitespace() || c == '/' || c == ';')
        .to_string()
}

/// Flattens top-level arrays and `@graph` containers into a list of items.
fn collect_items<'a>(value: &'a Value, depth: usize, out: &mut Vec<&'a Map<String, Value>>) {
    if depth > MAX_DEPTH || out.len() >= MAX_ITEMS {
        return;
    }
    match value {
        Value::Array(list) => {
            for v in list {
                collect_items(v, depth + 1, out);
            }
        }
        Value::Object(obj) => {
            if obj.contains_key("@type") || obj.contains_key("@id") {
                out.push(obj);
            }
            if let Some(graph) = obj.get("@graph") {
                collect_items(graph, depth + 1, out);
            }
            // Items nested in a WebPage (`mainEntity`) often hold the article.
            for key in ["mainEntity", "mainEntityOfPage"] {
                if let Some(inner @ Value::Object(o)) = obj.get(key) {
                    if o.contains_key("@type") && !o.contains_key("@graph") {
                        collect_items(inner, depth + 1, out);
                    }
                }
            }
        }
        _ => {}
    }
}

/// The item's `@type` names, lowercase, without a schema.org prefix.
fn types_of(item: &Map<String, Value>) -> Vec<String> {
    let normalize = |t: &str| {
        let t = t.trim();
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        t.to_lowercase()
    };
    match item.get("@type") {
        Some(Value::String(t)) => vec![normalize(t)],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(normalize)
            .collect(),
        _ => Vec::new(),
    }
}

fn rank(item: &Map<String, Value>) -> Option<Rank> {
    let types = types_of(item);
    let article = types.iter().any(|t| {
        ARTICLE_TYPES.contains(&t.as_str()) || t.ends_with("article") || t.ends_with("posting")
    });
    if article {
        Some(Rank::Article)
    } else if types.iter().any(|t| t == "webpage") {
        Some(Rank::WebPage)
    } else {
        None
    }
}

/// The first string in a value (string, `{"@value"}`, or array of those).
fn first_string(value: &Value, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(list) => list.iter().find_map(|v| first_string(v, depth + 1)),
        Value::Object(obj) => obj.get("@value").and_then(|v| first_string(v, depth + 1)),
        _ => None,
    }
}

/// A cleaned string field.
fn string_field(value: Option<&Value>, depth: usize) -> Option<String> {
    value
        .and_then(|v| first_string(v, depth))
        .and_then(|s| clean(&s))
}

/// The `name` of a thing: a string, an object with `name` (following `@id`
/// references), or the first such entry of an array.
fn name_of(value: &Value, ctx: &Ctx<'_>, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    match value {
        Value::String(s) => clean(s),
        Value::Array(list) => list.iter().find_map(|v| name_of(v, ctx, depth + 1)),
        Value::Object(obj) => {
            let obj = ctx.resolve(obj);
            obj.get("name")
                .and_then(|n| first_string(n, depth + 1))
                .and_then(|s| clean(&s))
                .or_else(|| {
                    let given = string_field(obj.get("givenName"), depth + 1);
                    let family = string_field(obj.get("familyName"), depth + 1);
                    match (given, family) {
                        (Some(g), Some(f)) => Some(format!("{g} {f}")),
                        (g, f) => g.or(f),
                    }
                })
        }
        _ => None,
    }
}

/// All author names, URLs dropped, duplicates removed, joined with ", ".
fn author_names(value: &Value, ctx: &Ctx<'_>) -> Option<String> {
    let list: Vec<&Value> = match value {
        Value::Array(list) => list.iter().collect(),
        other => vec![other],
    };
    let mut names: Vec<String> = Vec::new();
    for v in list {
        let Some(name) = name_of(v, ctx, 1).and_then(|n| clean_author(&n)) else {
            continue;
        };
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            names.push(name);
        }
    }
    if names.is_empty() {
        None
    } else {
        Some(names.join(", "))
    }
}

/// `inLanguage` as a string or a Language object.
fn language_of(value: &Value, ctx: &Ctx<'_>) -> Option<String> {
    match value {
        Value::Object(obj) => {
            let obj = ctx.resolve(obj);
            string_field(obj.get("alternateName"), 1).or_else(|| string_field(obj.get("name"), 1))
        }
        other => string_field(Some(other), 0),
    }
}
