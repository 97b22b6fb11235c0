//! Stage: structural cleaners inside the article — the last tidy-up of the
//! region, after the class/id rules. Removes
//! - labelled link lines inside the article ("Read also: &lt;linked headline&gt;",
//!   "» &lt;linked headline&gt;"),
//! - what trails the last line of text: labels ("Mehr zum Thema:", "Print"),
//!   headings and runs of link lines (a teaser box the rules did not name) —
//!   but not a sign-off right after it ("Euer Hans", "xx, Die Redaktion"),
//! - headings left without a section (followed by a heading of the same or a
//!   higher rank: the list they introduced was removed), unless they read as a
//!   sentence (a standfirst or pull quote set as a heading),
//! - the labels of a chart drawn in HTML (ai2html, Datawrapper fallbacks): a
//!   run of tiny blocks, most of them numbers ("140", "’98", "%", "MONTHLY"),
//! - the line-number gutter of a highlighted code listing (Hugo's `lntable`,
//!   Pygments' `linenos`, Rouge's `rouge-gutter`): a `<pre>` of nothing but
//!   the numbers 1, 2, 3… one per line, beside the `<pre>` of the code.
//!
//! A block that a block rule removes anyway is left to that rule. Called by
//! `structure`; only for regions that extraction found (a site rule's root has
//! its own edges).

use super::features::reads_as_sentence;
use crate::article::{shorten, Removal, Stage};
use crate::blocks::{Block, BlockKind};
use crate::rules::{self, ActiveRules};

/// A trailing block of at most this many characters without sentence
/// punctuation at its end is a label, not the article's last line.
const MAX_LABEL_CHARS: usize = 40;
/// A line with at least this share of linked text after a short label is a
/// teaser ("Lesen Sie auch: …").
const LABELLED_LINK_DENSITY: f32 = 0.6;
/// …when it is at most this long (characters).
const LABELLED_MAX_CHARS: usize = 300;
/// The label ends with a colon within this many characters.
const LABEL_PREFIX_CHARS: usize = 30;
/// Trailing lines with at least this share of linked text are teaser links.
const TRAILING_LINK_DENSITY: f32 = 0.7;

/// Whether a line is mostly a date or time stamp ("AFP 30 avril 2015 à 07:19
/// (Mis à jour : …)"): more than one character in eight is a digit. Used by
/// `lead`, which must not mistake such a line for a standfirst.
pub fn dateline(text: &str) -> bool {
    let (mut digits, mut all) = (0usize, 0usize);
    for c in text.chars() {
        all += 1;
        digits += usize::from(c.is_ascii_digit());
    }
    digits * 8 > all
}

fn level(block: &Block) -> Option<u8> {
    match block.kind {
        BlockKind::Heading(l) => Some(l),
        _ => None,
    }
}

/// Whether a short block reads as a label rather than a sentence.
fn is_label(block: &Block) -> bool {
    if !matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading(_)) {
        return false;
    }
    let text = block.text.trim();
    // A numbered line is a list's item ("01. Robert Plant"), set as lines.
    if text.chars().count() > MAX_LABEL_CHARS || crate::blocks::opens_numbered_line(text) {
        return false;
    }
    !text.ends_with([
        '.', '!', '?', '…', '"', '”', '»', '“', '。', '！', '？', ')',
    ])
}

/// First words of a sign-off line: a greeting before the author's name
/// ("Euer Hans", "x Franzi", "Cheers, Anna", "Bisous, Marie").
const SIGN_OFF_OPENERS: &[&str] = &[
    "x",
    "xx",
    "xxx",
    "xo",
    "xoxo",
    "euer",
    "eure",
    "gruß",
    "grüße",
    "lg",
    "cheers",
    "love",
    "yours",
    "sincerely",
    "regards",
    "hugs",
    "bises",
    "bisous",
    "amitiés",
    "cordialement",
    "besos",
    "abrazos",
    "saludos",
    "baci",
    "saluti",
];
/// A sign-off has at most this many words.
const MAX_SIGN_OFF_WORDS: usize = 4;

/// Whether a short line is a sign-off: a greeting word, then a name.
fn is_sign_off(block: &Block) -> bool {
    if block.kind != BlockKind::Paragraph || block.link_density() > 0.0 {
        return false;
    }
    let text = block.text.trim();
    if text.chars().count() > MAX_LABEL_CHARS || text.ends_with(':') {
        return false;
    }
    let mut words = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    let rest = words.count();
    (1..MAX_SIGN_OFF_WORDS).contains(&rest)
        && SIGN_OFF_OPENERS
            .iter()
            .any(|o| first.trim_end_matches(['!', '.']).eq_ignore_ascii_case(o))
}

/// Characters that point at a link as a label would ("» Headline", "👉 Headline").
const POINTERS: &[char] = &[
    '»', '›', '>', '→', '⇒', '⟶', '➜', '➔', '➡', '➤', '▶', '►', '▸', '👉', '☞',
];

/// Whether a block is a labelled teaser link: a short label with a colon, or a
/// pointer ("»", "→", "👉"), then mostly linked text.
fn is_labelled_link(block: &Block) -> bool {
    if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem(_)) {
        return false;
    }
    if block.link_density() < LABELLED_LINK_DENSITY
        || block.text.chars().count() > LABELLED_MAX_CHARS
    {
        return false;
    }
    block.text.starts_with(POINTERS)
        || block
            .text
            .chars()
            .take(LABEL_PREFIX_CHARS)
            .position(|c| c == ':')
            .is_some_and(|p| p >= 3)
}

/// A chart label is a paragraph of at most this many characters…
const MAX_CHART_LABEL_CHARS: usize = 16;
/// …and a run of at least this many of them is a chart…
const MIN_CHART_RUN: usize = 8;

/// Whether a block could be a chart's label: a short paragraph that holds a
/// digit or no lower-case letter ("140", "’98", "%", "RECESSIONS").
fn chart_label(block: &Block) -> Option<bool> {
    if block.kind != BlockKind::Paragraph {
        return None;
    }
    let text = block.text.trim();
    if text.chars().count() > MAX_CHART_LABEL_CHARS {
        return None;
    }
    let digit = text.chars().any(|c| c.is_numeric());
    (digit || !text.chars().any(char::is_lowercase)).then_some(digit)
}

/// Which blocks are the labels of a chart: runs of at least [`MIN_CHART_RUN`]
/// chart labels, more than half of them with a digit. Prose never comes as
/// eight one-word paragraphs in a row, most of them numbers.
fn chart_labels(blocks: &[Block]) -> Vec<bool> {
    let mut out = vec![false; blocks.len()];
    let mut start = 0;
    let mut digits = 0;
    for i in 0..=blocks.len() {
        match blocks.get(i).and_then(chart_label) {
            Some(d) => digits += usize::from(d),
            None => {
                let len = i - start;
                if len >= MIN_CHART_RUN && digits * 2 > len {
                    for k in out.iter_mut().take(i).skip(start) {
                        *k = true;
                    }
                }
                start = i + 1;
                digits = 0;
            }
        }
    }
    out
}

/// Lines a code listing's gutter has at least (fewer could be a list's output).
const MIN_GUTTER_LINES: usize = 3;

/// Whether a block is a code listing's line-number gutter: a `<pre>` whose
/// lines are consecutive numbers ("1", "2", "3"…, or from 41 on), and
/// nothing else.
fn is_line_gutter(block: &Block) -> bool {
    if block.kind != BlockKind::Pre {
        return false;
    }
    let mut lines = 0;
    let mut last: Option<u64> = None;
    for line in block.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Ok(n) = line.parse::<u64>() else {
            return false;
        };
        if last.is_some_and(|l| l.checked_add(1) != Some(n)) {
            return false;
        }
        last = Some(n);
        lines += 1;
    }
    lines >= MIN_GUTTER_LINES
}

/// Names a code listing's header gives its language by ("python" over the
/// `<pre>`, beside a "Copy" button), set apart by spaces.
const CODE_LANGUAGES: &str = "bash sh shell zsh console terminal powershell cmd python py \
    javascript js jsx typescript ts tsx json yaml yml toml xml html css scss sql rust go golang \
    java kotlin swift c c++ cpp c# csharp php ruby perl r lua dart scala haskell elixir diff ini \
    dockerfile makefile graphql text plaintext nginx apache http curl";

/// Whether `block` is the language label of the code listing `next`: a line
/// that names a programming language and nothing else, right over a `<pre>`.
fn is_code_label(block: &Block, next: &Block) -> bool {
    next.kind == BlockKind::Pre
        && block.kind == BlockKind::Paragraph
        && block.text.len() <= 12
        && CODE_LANGUAGES
            .split_ascii_whitespace()
            .any(|l| block.text.trim().eq_ignore_ascii_case(l))
}

/// [`marks`] with the chart labels found here, for the tests.
#[cfg(test)]
pub fn tidy_marks(blocks: &[Block]) -> Vec<bool> {
    marks(blocks, &chart_labels(blocks))
}

/// Where the article's text ends among `blocks`: right after its last line
/// of text (no heading, label or run of links) among those `keep` lets
/// through (by index), or after a sign-off right under that line. `None` when no block
/// is text.
fn text_end(blocks: &[Block], keep: impl Fn(usize) -> bool) -> Option<usize> {
    let last_text = blocks.iter().enumerate().rposition(|(i, b)| {
        keep(i) && level(b).is_none() && !is_label(b) && b.link_density() < TRAILING_LINK_DENSITY
    })?;
    let signed = blocks.get(last_text + 1).is_some_and(is_sign_off);
    Some(last_text + 1 + usize::from(signed))
}

/// Where what trails the article's last line of text starts (see
/// [`text_end`]): a block rule that cut the article short may leave labels
/// over its cut ("Obituaries Music" tag words, a "Share" heading) that the
/// extraction's own tidy-up saw in the middle. `blocks.len()` when nothing
/// trails, or nothing is text.
pub(crate) fn trailing_start(blocks: &[Block]) -> usize {
    text_end(blocks, |_| true).unwrap_or(blocks.len())
}

/// Which blocks to keep (`false`: labelled links, chart labels — `chart`, as
/// [`chart_labels`] finds them — trailing labels and links, orphan headings).
/// A page of nothing but headings and labels is kept whole.
fn marks(blocks: &[Block], chart: &[bool]) -> Vec<bool> {
    let mut keep: Vec<bool> = blocks
        .iter()
        .zip(chart.iter().copied())
        .enumerate()
        .map(|(i, (b, c))| {
            !c && !is_labelled_link(b)
                && !is_line_gutter(b)
                && !blocks.get(i + 1).is_some_and(|next| is_code_label(b, next))
        })
        .collect();
    let Some(end) = text_end(blocks, |i| keep.get(i).copied().unwrap_or(false)) else {
        return vec![true; blocks.len()];
    };
    for k in keep.iter_mut().skip(end) {
        *k = false;
    }

    // Headings followed by a heading of the same or a higher rank (a heading
    // that reads as a sentence is text: a standfirst or pull quote set as one).
    let mut next_level: Option<u8> = None;
    for (i, block) in blocks.iter().enumerate().rev() {
        if !keep.get(i).copied().unwrap_or(false) {
            continue;
        }
        match level(block).filter(|_| !reads_as_sentence(&block.text)) {
            Some(l) => {
                if next_level.is_some_and(|n| n <= l) {
                    if let Some(k) = keep.get_mut(i) {
                        *k = false;
                    }
                    continue;
                }
                next_level = Some(l);
            }
            None => next_level = None,
        }
    }
    keep
}

/// Whether the block rules in force would remove `block`.
fn block_rule_drops(rules: &ActiveRules<'_>, block: &Block) -> bool {
    let mut one = vec![block.clone()];
    let mut scratch = Vec::new();
    rules::apply_block_rules(rules, &mut one, &mut scratch);
    one.first().is_none_or(|b| b.text != block.text)
}

/// Applies [`marks`] to `blocks` (and the parallel `origins`), recording
/// each removal.
pub fn tidy(
    blocks: &mut Vec<Block>,
    origins: &mut Vec<u32>,
    rules: &ActiveRules<'_>,
    removed: &mut Vec<Removal>,
) {
    let chart = chart_labels(blocks);
    let mut keep = marks(blocks, &chart);
    if keep.iter().all(|k| *k) {
        return;
    }
    // A block that a block rule removes anyway is left to it: the rule's id says
    // more, and a byline rule also reads the author from it.
    for (k, b) in keep.iter_mut().zip(blocks.iter()) {
        if !*k && block_rule_drops(rules, b) {
            *k = true;
        }
    }
    // Why each block goes, worked out while its neighbours are still there.
    let why: Vec<Option<&str>> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if keep.get(i).copied().unwrap_or(true) {
                None
            } else if chart.get(i).copied().unwrap_or(false) {
                Some("chart-labels")
            } else if is_line_gutter(b) {
                Some("line-numbers")
            } else if blocks.get(i + 1).is_some_and(|next| is_code_label(b, next)) {
                Some("code-label")
            } else if level(b).is_some() {
                Some("orphan-heading")
            } else if b.link_density() >= TRAILING_LINK_DENSITY {
                Some("teaser-link")
            } else {
                Some("trailing-label")
            }
        })
        .collect();
    let mut reasons = why.iter();
    blocks.retain(|b| match reasons.next().copied().flatten() {
        Some(rule) => {
            removed.push(Removal {
                rule: rule.into(),
                file: None,
                stage: Stage::Structure,
                text: shorten(&b.text, 160),
            });
            false
        }
        None => true,
    });
    let mut i = 0;
    origins.retain(|_| {
        let k = keep.get(i).copied().unwrap_or(true);
        i += 1;
        k
    });
}
