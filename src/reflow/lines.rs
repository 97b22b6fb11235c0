//! Stage: reflow (line model) — raw text → physical lines with their features.
//!
//! Input: decoded plain text with any line ends (LF, CRLF, CR, and the Unicode line and
//! paragraph separators). Output: one [`Line`] per physical line, carrying its width in columns,
//! indentation, quote and list markers, plus the small word-level tests (terminal punctuation,
//! connector words, capitalisation) that `detect` and `join` use to decide where paragraphs end.
//! Neighbours: `detect.rs` (is the text hard-wrapped?) and `join.rs` (where do blocks break?)
//! read these lines; nothing here decides anything on its own.

/// Columns a tab advances to (the next multiple of this), as terminals and wrappers assume.
const TAB_STOP: usize = 8;

/// A list marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    /// "- ", "* ", "+ ", "• " and similar bullets.
    Bullet,
    /// "1. " or "1) " with one to three digits.
    Number,
}

/// One physical line of the input and what it looks like.
#[derive(Debug, Clone)]
pub(super) struct Line<'a> {
    /// The content: trimmed, with any leading `>` quote markers removed.
    pub text: &'a str,
    /// Width of the raw line in columns (tabs expanded), trailing whitespace excluded.
    pub cols: usize,
    /// Columns of leading whitespace before the content (or before the quote marker).
    pub indent: usize,
    /// Whether the line starts with a `>` quote marker.
    pub quote: bool,
    /// The list marker the content starts with, if any (never set on quote lines).
    pub marker: Option<Marker>,
}

impl Line<'_> {
    /// Whether the line carries no content (a quote line holding only `>` counts as blank).
    pub fn blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Splits text into physical lines on LF, CRLF, CR, VT, FF, NEL, LS and PS.
///
/// A paragraph separator (U+2029) also yields an empty line, so it separates blocks.
fn split_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = matches!(
            c,
            '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        );
        if !is_break {
            continue;
        }
        out.push(text.get(start..i).unwrap_or(""));
        let mut end = i + c.len_utf8();
        if c == '\r' {
            if let Some(&(j, '\n')) = chars.peek() {
                end = j + 1;
                chars.next();
            }
        }
        if c == '\u{2029}' {
            out.push("");
        }
        start = end;
    }
    let rest = text.get(start..).unwrap_or("");
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Parses every physical line of `text`.
pub(super) fn parse_lines(text: &str) -> Vec<Line<'_>> {
    split_lines(text).into_iter().map(parse_line).collect()
}

/// Parses one physical line (without its line end).
fn parse_line(raw: &str) -> Line<'_> {
    let trimmed_end = raw.trim_end_matches(is_space);
    let cols = columns(trimmed_end);
    let content = trimmed_end.trim_start_matches(is_space);
    let lead = trimmed_end.len() - content.len();
    let indent = columns(trimmed_end.get(..lead).unwrap_or(""));
    let (quote, text) = match content.strip_prefix('>') {
        Some(rest) => (true, strip_quote_markers(rest)),
        None => (false, content),
    };
    let marker = if quote { None } else { list_marker(text) };
    Line {
        text,
        cols,
        indent,
        quote,
        marker,
    }
}

/// Whether `c` is blank space around a line's content: whitespace or a stray byte order mark.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Width in columns of `s`, expanding tabs to the next tab stop.
fn columns(s: &str) -> usize {
    s.chars().fold(0, |col, c| {
        if c == '\t' {
            (col / TAB_STOP + 1) * TAB_STOP
        } else {
            col + 1
        }
    })
}

/// Removes any further `>` levels and surrounding whitespace after a first `>`.
fn strip_quote_markers(mut rest: &str) -> &str {
    loop {
        let t = rest.trim_start_matches(is_space);
        match t.strip_prefix('>') {
            Some(r) => rest = r,
            None => return t,
        }
    }
}

/// The list marker `text` starts with: a bullet or a one-to-three digit number, then whitespace.
pub(super) fn list_marker(text: &str) -> Option<Marker> {
    let mut chars = text.chars();
    let first = chars.next()?;
    if matches!(first, '-' | '*' | '+' | '•' | '◦' | '▪' | '‣') {
        return followed_by_content(chars.as_str()).then_some(Marker::Bullet);
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let rest = text.get(digits..)?;
    let after = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    followed_by_content(after).then_some(Marker::Number)
}

/// Whether `s` starts with whitespace and then has some content.
fn followed_by_content(s: &str) -> bool {
    s.starts_with(char::is_whitespace) && !s.trim().is_empty()
}

/// Closing marks that may follow the punctuation ending a sentence.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '*' | '_'
    )
}

/// Opening marks that may stand before the first letter of a line.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '„' | '‚' | '«' | '‹' | '(' | '[' | '{' | '*' | '_' | '¿' | '¡'
    )
}

/// The last character of `text` once trailing closing quotes and brackets are skipped.
fn last_significant(text: &str) -> Option<char> {
    text.trim_end().chars().rev().find(|&c| !is_closer(c))
}

/// Whether `text` ends a sentence: `.`, `!`, `?` or `…`, possibly followed by closing marks.
pub(crate) fn ends_sentence(text: &str) -> bool {
    matches!(
        last_significant(text),
        Some('.' | '!' | '?' | '…' | '。' | '！' | '？')
    )
}

/// Whether `text` ends with clause punctuation that a heading never ends with.
pub(super) fn ends_clause(text: &str) -> bool {
    matches!(last_significant(text), Some(':' | ';' | ','))
}

/// Words after which a line cannot end a heading or a paragraph: the text must go on.
const CONNECTORS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "at", "by", "for", "from",
    "with", "into", "onto", "upon", "than", "that", "which", "whose", "as", "if", "because",
    "while", "its", "their", "his", "her", "our", "your", "my", "will", "would", "can", "could",
    "may", "might", "must", "should", "shall",
];

/// Connectors that can also close a phrase as a particle ("the talks drag on", "she logged
/// in"): a line ending in one goes on only when nothing else says it ends.
const PARTICLES: &[&str] = &["on", "in", "at", "by", "to", "for", "with"];

/// Whether the line ends in a connector that may be a particle (see [`PARTICLES`]).
pub(super) fn ends_particle(text: &str) -> bool {
    text.split_whitespace()
        .next_back()
        .is_some_and(|w| PARTICLES.contains(&w))
}

/// Capitalised words that open a sentence and cannot go on one after a preposition.
const SENTENCE_OPENERS: &[&str] = &[
    "The", "A", "An", "This", "These", "Those", "It", "He", "She", "We", "They", "There", "But",
    "And", "If", "When", "After", "Before", "While", "Our", "Its", "Their", "His", "Her",
];

/// Whether `text` starts with a word that opens a sentence (see [`SENTENCE_OPENERS`]).
pub(super) fn opens_sentence(text: &str) -> bool {
    text.split_whitespace()
        .next()
        .is_some_and(|w| SENTENCE_OPENERS.contains(&w))
}

/// Whether the line's end shows that its sentence goes on: a comma, a hyphen or dash, a
/// possessive, or a lowercase function word that cannot close a sentence.
pub(super) fn ends_connector(text: &str) -> bool {
    let text = text.trim_end();
    if text.ends_with([',', '-', '‐', '–', '—', '\u{ad}']) {
        return true;
    }
    let Some(word) = text.split_whitespace().next_back() else {
        return false;
    };
    if word.ends_with("'s") || word.ends_with("’s") {
        return true;
    }
    // Only lowercase: a capitalised "May" or "Will" is a month or a name.
    CONNECTORS.contains(&word)
}

/// The first character of `text` after any opening quotes or brackets.
fn first_significant(text: &str) -> Option<char> {
    text.chars().find(|&c| !is_opener(c))
}

/// Whether the text's first letter (after opening marks) is lowercase.
pub(super) fn starts_lowercase(text: &str) -> bool {
    first_significant(text).is_some_and(char::is_lowercase)
}

/// Whether the text's first character (after opening marks) is uppercase or a digit.
pub(super) fn starts_upper_or_digit(text: &str) -> bool {
    first_significant(text).is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Whether the line opens a piece of dialogue: an opening quote or a dialogue dash.
pub(super) fn starts_dialogue(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some('“' | '‘' | '„' | '«' | '‹') => true,
        Some('"' | '\'') => chars.next().is_some_and(char::is_alphanumeric),
        Some('—' | '–' | '―') => chars.next().is_some_and(|c| c == ' ' || c.is_alphabetic()),
        _ => false,
    }
}

/// Columns taken by the first whitespace-separated word of `text`. A
/// no-break space binds what it joins ("«\u{a0}Nous"): a wrapper moves them to
/// the next line together. Where every space is a no-break one (as some
/// scrapers write them), they are spaces.
pub(super) fn first_word_cols(text: &str) -> usize {
    let no_break = |c: char| matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}');
    let bound = text
        .trim_start()
        .split(|c: char| c.is_whitespace() && !no_break(c))
        .next()
        .filter(|w| w.chars().filter(|&c| no_break(c)).count() <= BOUND_MAX_SPACES);
    bound
        .or_else(|| text.split_whitespace().next())
        .map_or(0, columns)
}

/// Most no-break spaces inside one word that moves to the next line whole
/// ("«\u{a0}Nous", "10\u{a0}000\u{a0}€").
const BOUND_MAX_SPACES: usize = 2;

/// Short words that title case leaves in lowercase.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "at", "by", "for", "from",
    "with", "as", "vs", "via", "per", "into", "over", "amid",
];

/// Whether `text` is set in title case, as a subheading is: three or more
/// capitalised words, and no word in lowercase but the short ones title case
/// leaves alone ("Anchorage Talks Yield Limited Breakthrough", "A Diplomatic
/// Opening for Moscow"). Prose lines hold lowercase words.
pub(super) fn title_case(text: &str) -> bool {
    let mut capitalised = 0;
    for word in text.split_whitespace() {
        let Some(first) = word.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        if first.is_uppercase() || first.is_numeric() {
            capitalised += usize::from(first.is_uppercase());
        } else if !MINOR_WORDS.contains(&word.trim_matches(|c: char| !c.is_alphanumeric())) {
            return false;
        }
    }
    capitalised >= 3
}

/// Whether a sentence ends inside `text` (a sentence mark, a space, then a capital or digit).
pub(super) fn has_inner_sentence_end(text: &str) -> bool {
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if let Some(next) = words.peek() {
            if ends_sentence(word) && starts_upper_or_digit(next) {
                return true;
            }
        }
    }
    false
}
