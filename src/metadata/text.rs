//! Stage: metadata (helpers) — string cleanup shared by the metadata sources.
//!
//! Input: raw strings pulled from attributes, text nodes and JSON-LD values.
//! Output: trimmed, whitespace-folded, entity-decoded strings; validated
//! author names and language tags; the site-name suffix stripper for titles.
//! Neighbours: used by `metadata/mod.rs` (DOM sources) and
//! `metadata/jsonld.rs` (structured data). Nothing here can panic: all string
//! cutting goes through `str::get`/`split_once`.

use scraper::{ElementRef, Html, Node};

use crate::blocks::{gives_no_text, parts_text};

/// Separators that may stand between a headline and a site name in a title,
/// each with the spaces around it (titles are whitespace-folded first).
pub(super) const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ", " • ",
];

/// Separators that authors rarely use inside a headline, so an unknown short
/// label before them may be treated as a site prefix.
const PREFIX_SEPARATORS: &[&str] = &[" | ", " :: ", " · ", " » ", " • "];

/// Small words that may appear lowercase inside a site or publication name.
const NAME_CONNECTORS: &[&str] = &[
    "of", "the", "and", "for", "on", "de", "del", "la", "le", "les", "der", "die", "das", "du",
    "des", "&", "+", "und", "y", "et", "e",
];

/// Trims, decodes HTML entities, folds inner whitespace; `None` when nothing
/// is left.
pub(super) fn clean(raw: &str) -> Option<String> {
    let decoded = decode_entities(raw);
    let folded = fold_whitespace(&decoded);
    if folded.is_empty() {
        None
    } else {
        Some(folded)
    }
}

/// Folds every run of whitespace into one space and trims both ends.
pub(super) fn fold_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes HTML character references (named and numeric) once.
///
/// Uses the HTML parser's own tokenizer so every named reference is known;
/// `<` is pre-escaped so the input is never read as markup.
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let escaped = s.replace('<', "&lt;");
    let fragment = Html::parse_fragment(&escaped);
    let mut out = String::with_capacity(s.len());
    for node in fragment.tree.root().descendants() {
        if let Node::Text(text) = node.value() {
            out.push_str(text);
        }
    }
    out
}

/// Turns a string that may contain HTML markup into plain text, one
/// paragraph per line: in markup, the elements that part the block walk's
/// blocks (`p`, `div`, `li`, headings, `br`…) end a line, those it skips give
/// nothing, and other whitespace folds; in plain text, its own line
/// breaks stay. Entities are decoded and spaces folded within each line.
pub(super) fn html_to_paragraphs(s: &str) -> Option<String> {
    let raw = if s.contains("</") || s.contains("<br") || s.contains("<p") {
        let fragment = Html::parse_fragment(s);
        let mut out = String::with_capacity(s.len());
        for node in fragment.tree.root().children() {
            push_paragraphs(node, &mut out, 0);
        }
        out
    } else {
        decode_entities(s)
    };
    let lines: Vec<String> = raw
        .lines()
        .map(fold_whitespace)
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn push_paragraphs(node: ego_tree::NodeRef<'_, Node>, out: &mut String, depth: usize) {
    if depth > 64 {
        return;
    }
    match node.value() {
        Node::Text(text) => {
            out.extend(
                text.chars()
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
            );
        }
        Node::Element(el) => {
            let name = el.name();
            if gives_no_text(name) {
                return;
            }
            // The block walk's own tag roles: what parts its blocks ends a line.
            let block = parts_text(name);
            if block {
                out.push('\n');
            }
            for child in node.children() {
                push_paragraphs(child, out, depth + 1);
            }
            if block {
                out.push('\n');
            }
        }
        _ => {}
    }
}

/// Visible text of an element: text nodes joined, `script`/`style`/
/// `template`/`noscript` subtrees skipped, whitespace folded.
pub(super) fn element_text(el: ElementRef<'_>) -> Option<String> {
    let mut out = String::new();
    push_text(el, &mut out, 0);
    let folded = fold_whitespace(&out);
    if folded.is_empty() {
        None
    } else {
        Some(folded)
    }
}

fn push_text(el: ElementRef<'_>, out: &mut String, depth: usize) {
    if depth > 64 {
        return;
    }
    if matches!(
        el.value().name(),
        "script" | "style" | "template" | "noscript" | "svg"
    ) {
        return;
    }
    for child in el.children() {
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(_) => {
                if let Some(child_el) = ElementRef::wrap(child) {
                    out.push(' ');
                    push_text(child_el, out, depth + 1);
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

/// Lowercase letters and digits only: the key used to compare names loosely
/// ("The Guardian" ~ "theguardian.com").
pub(super) fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// True when `part` names the same site as one of `names` (case, spacing,
/// punctuation and a domain ending ignored).
pub(super) fn matches_site(part: &str, names: &[String]) -> bool {
    let p = compact(part);
    if p.is_empty() {
        return false;
    }
    names.iter().any(|name| {
        let n = compact(name);
        if n.is_empty() {
            return false;
        }
        if p == n {
            return true;
        }
        let (short, long) = if p.len() <= n.len() {
            (&p, &n)
        } else {
            (&n, &p)
        };
        short.len() >= 4 && long.len() <= short.len() * 2 + 6 && long.contains(short.as_str())
    })
}

/// Case-insensitive, whitespace-insensitive equality.
pub(super) fn same_text(a: &str, b: &str) -> bool {
    let a = fold_whitespace(a);
    let b = fold_whitespace(b);
    a.to_lowercase() == b.to_lowercase()
}

/// Number of whitespace-separated words that contain a letter or digit
/// (a lone "-" or "|" is not a word).
pub(super) fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Every place a title separator occurs, as byte ranges `(start, end)` of the
/// separator including its spaces, sorted by position.
pub(super) fn separator_spans(title: &str, seps: &[&str]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for sep in seps {
        for (start, _) in title.match_indices(sep) {
            spans.push((start, start + sep.len()));
        }
    }
    spans.sort_unstable();
    spans
}

/// Splits `title` around the separator span `(start, end)`.
pub(super) fn split_at_span(title: &str, span: (usize, usize)) -> Option<(&str, &str)> {
    let head = title.get(..span.0)?.trim();
    let tail = title.get(span.1..)?.trim();
    Some((head, tail))
}

/// `strip_site_suffix` (in `metadata/mod.rs`) with several candidate site names (for instance the
/// declared site name and the page's host).
pub(super) fn strip_site_affix(title: &str, names: &[String]) -> String {
    let title = fold_whitespace(title);
    if names.iter().any(|n| compact(n) == compact(&title)) {
        // The whole title is the site's name: nothing to strip.
        return title;
    }
    let spans = separator_spans(&title, SEPARATORS);
    let (Some(&first), Some(&last)) = (spans.first(), spans.last()) else {
        return title;
    };

    // Known site name at the end, then at the start.
    if let Some((head, tail)) = split_at_span(&title, last) {
        if matches_site(tail, names) && is_real_title(head) {
            return head.to_string();
        }
    }
    if let Some((head, tail)) = split_at_span(&title, first) {
        if matches_site(head, names) && is_real_title(tail) {
            return tail.to_string();
        }
    }

    // Unknown name: only drop a part that clearly is a label, not headline.
    if let Some((head, tail)) = split_at_span(&title, last) {
        if looks_like_site_label(tail)
            && word_count(head) >= 3
            && word_count(head) > word_count(tail)
            && !is_short_word_list(&title, last)
        {
            return head.to_string();
        }
    }
    let prefix_spans = separator_spans(&title, PREFIX_SEPARATORS);
    if let Some(&span) = prefix_spans.first() {
        if let Some((head, tail)) = split_at_span(&title, span) {
            if looks_like_site_label(head)
                && word_count(tail) >= 4
                && word_count(tail) > 2 * word_count(head)
                && separator_spans(tail, PREFIX_SEPARATORS).is_empty()
            {
                return tail.to_string();
            }
        }
    }
    title
}

/// "Rock - Paper - Scissors": the separator at `span` is used two or more
/// times and splits the title into parts of at most two words each, so it is
/// a list rather than a headline followed by a site name.
fn is_short_word_list(title: &str, span: (usize, usize)) -> bool {
    let Some(sep) = title.get(span.0..span.1) else {
        return false;
    };
    let parts: Vec<&str> = title.split(sep).collect();
    parts.len() >= 3 && parts.iter().all(|p| word_count(p) <= 2)
}

/// What remains after stripping must still read as a title.
fn is_real_title(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphanumeric()).count() >= 2
}

/// A short, name-like label: a few capitalised words or a domain, no sentence
/// punctuation, not ending in a bare number ("Part 2").
pub(super) fn looks_like_site_label(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || s.chars().count() > 40 {
        return false;
    }
    if s.ends_with(['?', '!', '.', ':', ',']) {
        return false;
    }
    if words
        .last()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit() || c == '.'))
    {
        return false;
    }
    if words.len() <= 2 {
        return true;
    }
    let mut named = false;
    for word in &words {
        let is_domain = is_domain_like(word);
        let capital = word
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let connector = NAME_CONNECTORS.contains(&word.to_lowercase().as_str());
        if is_domain || capital {
            named = true;
        } else if !connector {
            return false;
        }
    }
    named
}

/// "example.com", "news.example.co.uk".
fn is_domain_like(word: &str) -> bool {
    let labels: Vec<&str> = word.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
}

/// True for strings that are (or contain) a URL rather than a name.
pub(super) fn looks_like_url(s: &str) -> bool {
    let lower = s.trim().to_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || lower.starts_with('/')
        || lower.starts_with("mailto:")
        || (!lower.contains(' ') && lower.contains('/') && lower.contains('.'))
}

/// Leading phrases that introduce a byline rather than belong to the name.
const BYLINE_PREFIXES: &[&str] = &[
    "written by",
    "posted by",
    "published by",
    "story by",
    "words by",
    "text by",
    "reported by",
    "by",
    "von",
    "par",
    "por",
    "door",
    "autor:",
    "author:",
];

/// Cleans a candidate author name: entity decoding, a leading "By"/"Von"/...
/// removed, a trailing "| date" part cut; rejects URLs and long sentences.
pub(super) fn clean_author(raw: &str) -> Option<String> {
    let mut s = drop_links(&clean(raw)?);
    for sep in [" | ", " • ", " · ", " — ", " – "] {
        if let Some((head, _)) = s.split_once(sep) {
            s = head.trim().to_string();
        }
    }
    s = strip_byline_prefix(&s);
    s = cut_date_tail(&s);
    let s = s
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '|'))
        .to_string();
    if s.is_empty() || looks_like_url(&s) {
        return None;
    }
    if s.chars().count() > 100 || word_count(&s) > 12 {
        return None;
    }
    if s.contains(['?', '!', '{', '}', '<', '>']) || s.contains(". ") && word_count(&s) > 6 {
        return None;
    }
    if !s.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(s)
}

/// Month and weekday names (English, abbreviated forms too) and the little
/// words that lead into a date in a byline.
const DATE_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "mon",
    "monday",
    "tue",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "on",
    "at",
    "updated",
    "published",
    "posted",
    "last",
    "-",
    "|",
    "@",
    "·",
    "•",
];

/// "Lucas Nolan 22 Dec 2016" → "Lucas Nolan": a byline that runs into a
/// date is cut at the first word with a digit, then trailing month, weekday
/// and linking words are dropped. Names that start with a digit are left.
fn cut_date_tail(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let Some(first_digit) = words
        .iter()
        .position(|w| w.chars().any(|c| c.is_ascii_digit()))
    else {
        return s.to_string();
    };
    let mut keep: Vec<&str> = words.iter().take(first_digit).copied().collect();
    while let Some(last) = keep.last() {
        let bare = last
            .trim_matches(|c: char| c == ',' || c == '.' || c == ':')
            .to_lowercase();
        if bare.is_empty() || DATE_WORDS.contains(&bare.as_str()) {
            keep.pop();
        } else {
            break;
        }
    }
    if keep.is_empty() {
        return s.to_string();
    }
    keep.join(" ")
}

/// Drops words that are URLs or e-mail addresses (also in brackets), so
/// `Jane Doe (https://example.com/jane)` becomes `Jane Doe`.
fn drop_links(s: &str) -> String {
    let kept: Vec<&str> = s
        .split_whitespace()
        .filter(|w| {
            let bare = w.trim_matches(|c: char| "()<>[],;".contains(c));
            let email = bare.contains('@') && !bare.starts_with('@') && bare.contains('.');
            !(looks_like_url(bare) || email)
        })
        .collect();
    kept.join(" ")
}

fn strip_byline_prefix(s: &str) -> String {
    let lower = s.to_lowercase();
    for prefix in BYLINE_PREFIXES {
        let Some(rest_lower) = lower.strip_prefix(prefix) else {
            continue;
        };
        // The prefix must be a whole word ("By:" / "By " but not "Byron").
        let boundary = prefix.ends_with(':')
            || rest_lower.starts_with(|c: char| c.is_whitespace() || c == ':');
        if !boundary {
            continue;
        }
        // Lowercase strings keep their length in bytes for these prefixes
        // only when ASCII; fall back to a char count otherwise.
        let skip = prefix.chars().count();
        let rest: String = s.chars().skip(skip).collect();
        let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':');
        // "von der Leyen", "da Silva": keep particles that start a surname.
        let next_is_lower = rest.chars().next().is_some_and(|c| c.is_lowercase());
        if next_is_lower && *prefix != "by" {
            continue;
        }
        if rest.is_empty() {
            return String::new();
        }
        return rest.to_string();
    }
    s.to_string()
}

/// True for an ISO 8601 date or date-time: `YYYY-MM-DD`, optionally
/// followed by `T` and a time with optional fraction and zone.
pub(super) fn is_iso8601(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|r| r.iter().all(u8::is_ascii_digit))
    };
    let date_ok = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    if !date_ok {
        return false;
    }
    match b.get(10) {
        None => true,
        Some(b'T') => {
            digits(11..13)
                && b.get(13) == Some(&b':')
                && digits(14..16)
                && s.get(16..).is_some_and(|rest| {
                    rest.chars().all(|c| {
                        c.is_ascii_digit() || matches!(c, ':' | '.' | ',' | '+' | '-' | 'Z')
                    })
                })
        }
        Some(_) => false,
    }
}

/// Normalizes a declared language: first entry of a list, `_` → `-`, and
/// checks the shape of a BCP 47 tag.
pub(super) fn clean_language(raw: &str, underscores: bool) -> Option<String> {
    let first = raw.split([',', ';']).next()?.trim();
    let tag = if underscores {
        first.replace('_', "-")
    } else {
        first.to_string()
    };
    let valid = !tag.is_empty()
        && tag.len() <= 35
        && tag.starts_with(|c: char| c.is_ascii_alphabetic())
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then_some(tag)
}
