//! Stage: block rules — what a block's neighbours say about it. A `cut_from`
//! match inside the article's run of paragraphs is a stray control, removed
//! alone (in HTML: prose of the same parent element around it; in plain text:
//! long sentences after it, or after a few teaser headlines under it, which go
//! with it). Before the first paragraph, a bare count or a bare
//! name beside a dropped header line goes with it. Used by `apply`.

use std::collections::HashMap;

use super::apply::{is_prose, removal};
use super::ActiveRules;
use crate::article::Removal;
use crate::blocks::{Block, BlockKind, NodeInfo};

/// The element that holds block `b`'s own element, from the page's element
/// table `nodes` (indexed by `Block::node`); none for a block of plain text.
fn container(nodes: &[NodeInfo], b: &Block) -> Option<u32> {
    if b.node == 0 {
        return None;
    }
    nodes.get(b.node as usize).and_then(|n| n.parent)
}

/// The first prose block of each container (see [`container`]).
pub(super) fn first_prose(blocks: &[Block], nodes: &[NodeInfo]) -> HashMap<u32, usize> {
    let mut first: HashMap<u32, usize> = HashMap::new();
    for (i, b) in blocks.iter().enumerate() {
        if let Some(home) = container(nodes, b).filter(|_| is_prose(b)) {
            first.entry(home).or_insert(i);
        }
    }
    first
}

/// How many blocks from `at` on go alone when the cut line at `at` sits inside
/// the article's run of paragraphs (a stray control, not the article's end);
/// `None` when the cut stands. In markup the line goes alone when a prose block
/// of its container comes before it (`first`: see [`first_prose`]) and the
/// very next block is prose of the same container. A heading, a label that
/// introduces what follows ("Zum Weiterlesen:") and one followed by anything
/// but prose ("Check Also" before a teaser's headline, "Leave a Reply" before
/// a form) start what follows the article, even when the page keeps it in the
/// same element. Plain text: see [`inside_text_run`]. `is_label` says whether
/// a block is itself a cut line.
pub(super) fn inside_run(
    blocks: &[Block],
    at: usize,
    nodes: &[NodeInfo],
    first: &HashMap<u32, usize>,
    is_label: impl Fn(usize) -> bool,
) -> Option<usize> {
    let (Some(block), Some(next)) = (blocks.get(at), blocks.get(at + 1)) else {
        return None;
    };
    if block.node == 0 {
        return inside_text_run(blocks, at, is_label);
    }
    if block.text.trim_end().ends_with(':') || matches!(block.kind, BlockKind::Heading(_)) {
        return None;
    }
    let home = container(nodes, block)?;
    (is_prose(next)
        && container(nodes, next) == Some(home)
        && first.get(&home).is_some_and(|&f| f < at))
    .then_some(1)
}

/// Shortest paragraph (characters) that counts as the article going on after a
/// cut line in plain text.
const TEXT_RUN_MIN_CHARS: usize = 150;

/// Whether a plain-text paragraph reads as the article's own running prose:
/// long, ended like a sentence (or by a colon before a list), not a teaser's
/// summary cut off with an ellipsis.
fn continues_article(block: &Block) -> bool {
    runs_on(block, TEXT_RUN_MIN_CHARS)
}

/// [`continues_article`] with its length (characters) as a parameter.
fn runs_on(block: &Block, min_chars: usize) -> bool {
    let text = block.text.trim_end();
    block.node == 0
        && block.kind == BlockKind::Paragraph
        && text.chars().nth(min_chars).is_some()
        && text.ends_with(['.', '!', '?', ':', '"', '\u{201d}', '\u{2019}', ')'])
        && !text.ends_with("...")
        && !text.ends_with("\u{2026}")
}

/// Shortest paragraph (characters) that carries the article on right below a
/// teaser box (see [`inside_text_run`]).
const BOXED_RUN_MIN_CHARS: usize = 80;

/// Most teaser lines under a cut label inside plain text's run of paragraphs.
const TEASER_RUN_MAX: usize = 8;
/// Fewest words of a teaser's headline.
const TEASER_MIN_WORDS: usize = 3;
/// Longest teaser line (characters): a headline or a summary cut short.
const TEASER_MAX_CHARS: usize = 300;

/// Whether a line of plain text reads as part of a teaser box: a headline (a
/// few words, no sentence end or colon, no clock time: a comment's date is
/// not a headline), a summary cut short with an ellipsis, or another cut line.
/// A bare name (a commenter's) is none of these.
fn teaser_line(block: &Block, label: bool) -> bool {
    // A list marker or pointer before a headline ("• Queimadas…", "► Tourists…").
    let text = block
        .text
        .trim()
        .trim_start_matches(['•', '·', '-', '*', '►', '▶', '→', '»', '>'])
        .trim_start();
    if block.node != 0 || text.chars().nth(TEASER_MAX_CHARS).is_some() {
        return false;
    }
    if label {
        return true;
    }
    if is_bare_name(block) {
        return false;
    }
    if text.ends_with("...") || text.ends_with('\u{2026}') {
        return true;
    }
    let clock = text.as_bytes().windows(3).any(|w| {
        w.first().is_some_and(u8::is_ascii_digit)
            && w.get(1) == Some(&b':')
            && w.get(2).is_some_and(u8::is_ascii_digit)
    });
    !clock
        && !continues_article(block)
        && text.split_whitespace().nth(TEASER_MIN_WORDS - 1).is_some()
        && !text.ends_with(['.', ':', ';', ','])
        && text.starts_with(|c: char| {
            c.is_uppercase() || c.is_ascii_digit() || "\"'\u{201c}\u{2018}\u{ab}".contains(c)
        })
}

/// [`inside_run`] for plain text, which has no elements to tell the article's
/// run of paragraphs from what follows it: a cut line is stray when the block
/// right after it carries the article on (see [`continues_article`]) and
/// another such paragraph comes later. A teaser box set inside the article
/// ("Recommended for you" over three headlines, "Previous Article" and "Next
/// Article" with their titles) is stray too, and goes with its lines, when the
/// article goes on after them the same way, or with one paragraph of two
/// sentences or more. A commenter's name, a form's
/// labels or a next article's byline after the line are no teaser lines, so
/// the cut stands.
fn inside_text_run(blocks: &[Block], at: usize, is_label: impl Fn(usize) -> bool) -> Option<usize> {
    let rest = blocks.get(at + 1..).unwrap_or_default();
    let run = rest
        .iter()
        .take(TEASER_RUN_MAX + 1)
        .enumerate()
        .take_while(|&(k, b)| teaser_line(b, is_label(at + 1 + k)))
        .count();
    if run > TEASER_RUN_MAX {
        return None;
    }
    let after = rest.get(run..).unwrap_or_default();
    // Below a teaser box the first paragraph may be shorter ("… a package of
    // measures:" over a list): the box already says the line is no ending.
    let first_chars = if run > 0 {
        BOXED_RUN_MIN_CHARS
    } else {
        TEXT_RUN_MIN_CHARS
    };
    let next = after.first().filter(|b| runs_on(b, first_chars))?;
    // After a teaser box, one paragraph of several sentences carries the
    // article on too: a teaser's summary is one sentence.
    let goes_on =
        after.iter().skip(1).any(continues_article) || (run > 0 && sentences(&next.text) >= 2);
    goes_on.then_some(1 + run)
}

/// How many sentences a text holds, counting a sentence end before a
/// capitalised word ("… the weekend. Industry analysts …") and at its end.
fn sentences(text: &str) -> usize {
    let ends = |w: &str| {
        w.trim_end_matches(['"', '\u{201d}', '\u{2019}', ')'])
            .ends_with(['.', '!', '?'])
    };
    let mut words = text.split_whitespace().peekable();
    let mut n = 0;
    while let Some(word) = words.next() {
        let next_opens = words
            .peek()
            .is_none_or(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
        if ends(word) && next_opens {
            n += 1;
        }
    }
    n
}

/// Longest bare name (characters) that goes with a byline or date beside it.
const NAME_MAX_CHARS: usize = 40;

/// Whether a text is a bare count: the "0" of a comment or share counter.
fn is_counter(text: &str) -> bool {
    let t = text.trim();
    let digits = t.trim_end_matches(['K', 'k', 'M']);
    t.len() <= 6
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Whether a paragraph (or a line of plain text) is a bare name: two to four
/// capitalised words of letters ("V Kumar", "Jane van Doe"), nothing else.
fn is_bare_name(block: &Block) -> bool {
    let text = block.text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    let particle = |w: &str| {
        matches!(
            w,
            "van" | "von" | "de" | "da" | "di" | "der" | "del" | "la" | "le" | "bin" | "al"
        )
    };
    // Plain text's headings are guesses: a short line can be one.
    let line = block.kind == BlockKind::Paragraph
        || (block.node == 0 && matches!(block.kind, BlockKind::Heading(_)));
    line && text.chars().nth(NAME_MAX_CHARS).is_none()
        && (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '\u{2019}' | '-'))
                && (w.starts_with(char::is_uppercase) || particle(w))
        })
}

/// Bits of the article's header that no rule can tell alone: before the first
/// paragraph, a bare count right beside a dropped line (the "0" of a comment
/// counter next to the reading time) and a bare name beside a dropped byline
/// or date, or beside dropped lines running up to one ("V Kumar" above
/// "August 16, 2025"; "Jane Doe" above "Climate Reporter" above the date), go
/// with it, under its rule. `dropped` holds what dropped each block up to the first paragraph,
/// `kept_at` where each kept block before it was (the first entries of
/// `result`, which holds the kept blocks).
pub(super) fn header_bits(
    rules: &ActiveRules<'_>,
    dropped: &[Option<(usize, bool)>],
    kept_at: &[usize],
    result: &mut Vec<Block>,
    removals: &mut Vec<Removal>,
) {
    let near = |j: usize| dropped.get(j).copied().flatten();
    let mut gone: Vec<bool> = vec![false; kept_at.len()];
    for (k, (&at, block)) in kept_at.iter().zip(result.iter()).enumerate() {
        // The first block of plain text is its title, whatever it looks like.
        if at == 0 {
            continue;
        }
        let beside = [at.checked_sub(1).and_then(near), near(at + 1)];
        let by = if is_counter(&block.text) {
            beside.into_iter().flatten().next()
        } else if is_bare_name(block) {
            // A dated line in the run of dropped lines on either side ("Jane
            // Doe", then "Climate Reporter", then the date).
            let up = (0..at)
                .rev()
                .map(near)
                .take_while(Option::is_some)
                .flatten();
            let down = (at + 1..).map(near).take_while(Option::is_some).flatten();
            up.chain(down).find(|&(_, dated)| dated)
        } else {
            None
        };
        if let (Some((rule, _)), Some(slot)) = (by, gone.get_mut(k)) {
            *slot = true;
            removals.push(removal(rules, rule, &block.text));
        }
    }
    if gone.contains(&true) {
        // Blocks past the head have no flag and stay.
        let mut flags = gone.into_iter();
        result.retain(|_| !flags.next().unwrap_or(false));
    }
}
