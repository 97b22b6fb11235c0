//! Stage: block rules — what a block's neighbours say about it. A `cut_from`
//! match inside the article's run of paragraphs is a stray control, removed
//! alone (in HTML: prose of the same parent element around it; in plain text:
//! long sentences after it, or after a few teaser headlines under it, which go
//! with it). The header's own bits are in `header`. Used by `apply`.

use std::collections::HashMap;

use super::apply::is_prose;
use super::boxes::box_amid_article;
use super::header::is_bare_name;
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
/// same element — unless it opens a box after which the article's own run of
/// elements resumes (see [`box_amid_article`]): then the box goes alone.
/// Plain text: see [`inside_text_run`]. `seen` says what the rules make of a
/// block (see [`Seen`]).
pub(super) fn inside_run(
    blocks: &[Block],
    at: usize,
    nodes: &[NodeInfo],
    first: &HashMap<u32, usize>,
    seen: impl Fn(usize) -> Seen,
) -> Option<usize> {
    let (Some(block), Some(next)) = (blocks.get(at), blocks.get(at + 1)) else {
        return None;
    };
    if block.node == 0 {
        return inside_text_run(blocks, at, seen);
    }
    if let Some(n) = box_amid_article(blocks, at, nodes) {
        return Some(n);
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

/// Whether a line of plain text is a rank in a list of teasers: a number of
/// one or two digits, perhaps with a dot or bracket ("1", "2.", "10)").
fn is_rank(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')']);
    (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
}

/// What the rules make of a line under a cut line (see [`inside_run`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Seen {
    /// A cut line itself ("Load more comments" under "Comments").
    Label,
    /// A name or a few words before a stamp that the rules drop ("RuthieB
    /// 2 days ago", "Alan Pike · 3 uur geleden"): a comment's header.
    Stamped,
    /// A line a drop rule removes ("Advertisement", "Copyright 2025 …"):
    /// never the article going on; part of a box unless it has a number in it.
    Dropped,
    /// None of these.
    Other,
}

/// Whether a line of plain text reads as part of a teaser box: a headline (a
/// few words, no sentence end or colon, no clock time and no stamp: a
/// comment's date is not a headline), a summary cut short with an ellipsis,
/// or another cut line. A bare name (a commenter's) is none of these.
fn teaser_line(block: &Block, seen: Seen) -> bool {
    // A list marker or pointer before a headline ("• Queimadas…", "► Tourists…").
    let text = block
        .text
        .trim()
        .trim_start_matches(['•', '·', '-', '*', '►', '▶', '→', '»', '>'])
        .trim_start();
    if block.node != 0 || text.chars().nth(TEASER_MAX_CHARS).is_some() {
        return false;
    }
    match seen {
        Seen::Label => return true,
        // A dropped label ("Advertisement") is the box's; a dropped date
        // ("March 3, 2025 at 10:14 am") is a comment's.
        Seen::Dropped => return !text.bytes().any(|b| b.is_ascii_digit()),
        Seen::Stamped => return false,
        Seen::Other => {}
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
fn inside_text_run(blocks: &[Block], at: usize, seen: impl Fn(usize) -> Seen) -> Option<usize> {
    let rest = blocks.get(at + 1..).unwrap_or_default();
    // A box's ranks ("1", "2." over each headline of a "Most Popular" list)
    // come on lines of their own; they do not count towards the most lines.
    let (mut run, mut lines) = (0, 0);
    // The fewest words of a headline in the box (labels and dropped lines
    // aside), for telling the article's subheading under it.
    let mut titles = 0;
    // Whether the line before was a headline of the box (a date under it is its).
    let mut after_title = false;
    for (k, b) in rest.iter().enumerate() {
        if is_rank(&b.text) {
            run += 1;
            continue;
        }
        let seen_here = seen(at + 1 + k);
        // A date the rules drop, right under a headline ("Harlow council
        // approves new crosswalk" / "June 12, 2024"), is the teaser's; under a
        // commenter's name it is a comment's and ends the box (see
        // [`teaser_line`]). Like a rank, it does not count towards the most lines.
        if after_title && seen_here == Seen::Dropped && b.text.bytes().any(|c| c.is_ascii_digit()) {
            after_title = false;
            run += 1;
            continue;
        }
        if lines == TEASER_RUN_MAX
            || !teaser_line(b, seen_here)
            || heads_text_run(b, rest.get(k + 1..).unwrap_or_default(), titles)
        {
            break;
        }
        after_title = seen_here == Seen::Other;
        if after_title {
            titles = fewest_words(titles, b);
        }
        run += 1;
        lines += 1;
    }
    if lines == TEASER_RUN_MAX && rest.get(run).is_some_and(|b| teaser_line(b, Seen::Other)) {
        return None;
    }
    // Where the article must go on: right under the box, or under the
    // article's subheading there, which stays. A line the rules drop
    // ("Copyright 2025 …") carries nothing on.
    let mut start = at + 1 + run;
    if run > 0
        && seen(start) == Seen::Other
        && seen(start + 1) != Seen::Dropped
        && blocks
            .get(start)
            .is_some_and(|b| heads_text_run(b, blocks.get(start + 1..).unwrap_or_default(), titles))
    {
        start += 1;
    }
    // Below a teaser box the first paragraph may be shorter ("… a package of
    // measures:" over a list): the box already says the line is no ending.
    let first_chars = if run > 0 {
        BOXED_RUN_MIN_CHARS
    } else {
        TEXT_RUN_MIN_CHARS
    };
    // Or a list of the article's own ("- 3 eggs", "1. Heat the oven…") under
    // its subheading, with running prose after it.
    let after = blocks.get(start..).unwrap_or_default();
    let list = run > 0 && opens_list(after);
    let next = after
        .first()
        .filter(|b| (list || runs_on(b, first_chars)) && seen(start) != Seen::Dropped)?;
    if list {
        let items = after.iter().take_while(|b| is_list_line(b)).count();
        let goes_on = after
            .iter()
            .enumerate()
            .skip(items)
            .any(|(j, b)| runs_on(b, BOXED_RUN_MIN_CHARS) && seen(start + j) != Seen::Dropped);
        return goes_on.then_some(1 + run);
    }
    // After a teaser box, one paragraph of several sentences carries the
    // article on too: a teaser's summary is one sentence.
    let later = blocks.get(start + 1..).unwrap_or_default();
    let goes_on = later
        .iter()
        .enumerate()
        .any(|(j, b)| continues_article(b) && seen(start + 1 + j) != Seen::Dropped)
        || (run > 0 && sentences(&next.text) >= 2);
    goes_on.then_some(1 + run)
}

/// Most words of a plain-text subheading (see [`heads_text_run`]): a
/// teaser's headline is a sentence's worth.
const TEXT_SUBHEADING_MAX_WORDS: usize = 5;

/// How many words a subheading under a teaser box is shorter than the
/// shortest of the box's headlines, at least (a box's headlines run to like
/// lengths).
const SUBHEADING_SHORTER_BY: usize = 2;

/// The fewer of `titles` (the fewest words of a headline so far; 0 before
/// the first) and `block`'s words.
pub(super) fn fewest_words(titles: usize, block: &Block) -> usize {
    let words = block.text.split_whitespace().count();
    if titles == 0 {
        words
    } else {
        titles.min(words)
    }
}

/// Whether a line of plain text is a subheading of the article that a teaser
/// box ends above ("Segundo barco", "Local reaction"): a few words, shorter
/// than any of the box's headlines (`titles`: the fewest words of one), not split
/// by a colon nor ended by punctuation that a sentence or a label ends with,
/// over a paragraph that carries the article on or over a list (see
/// [`opens_list`]; `after`: the blocks after it). A teaser's headline is longer
/// or split by a colon, its summary is no running paragraph, and a bare name
/// under it is the advertiser's or the author's.
pub(super) fn heads_text_run(block: &Block, after: &[Block], titles: usize) -> bool {
    let text = block.text.trim();
    let words = text.split_whitespace().count();
    block.node == 0
        && (1..=TEXT_SUBHEADING_MAX_WORDS).contains(&words)
        && words + SUBHEADING_SHORTER_BY <= titles
        && !is_bare_name(block)
        && !text.contains(": ")
        && !text.ends_with(['.', ':', ';', ',', '\u{2026}'])
        && (after
            .first()
            .is_some_and(|n| runs_on(n, BOXED_RUN_MIN_CHARS))
            || opens_list(after))
}

/// Whether a line of plain text is an item of a list (see
/// [`crate::reflow::opens_list_item`]).
fn is_list_line(block: &Block) -> bool {
    block.node == 0 && crate::reflow::opens_list_item(&block.text)
}

/// Whether the blocks open a list: two items in a row (see [`is_list_line`]).
fn opens_list(blocks: &[Block]) -> bool {
    blocks.iter().take(2).filter(|b| is_list_line(b)).count() == 2
}

/// How many sentences a text holds, counting a sentence end before a
/// capitalised word, perhaps in quotes ("… the weekend. Industry analysts …",
/// "… años. «Hoy …"), and at its end.
pub(super) fn sentences(text: &str) -> usize {
    let ends = |w: &str| {
        w.trim_end_matches(['"', '\u{201d}', '\u{2019}', '\u{bb}', ')'])
            .ends_with(['.', '!', '?'])
    };
    let mut words = text.split_whitespace().peekable();
    let mut n = 0;
    while let Some(word) = words.next() {
        let next_opens = words
            .peek()
            .map(|w| {
                w.trim_start_matches(['"', '\u{201c}', '\u{201e}', '\u{ab}', '\'', '\u{2018}', '('])
            })
            .is_none_or(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
        if ends(word) && next_opens {
            n += 1;
        }
    }
    n
}

/// Fewest words of a dropped line whose sentence runs on into the next block:
/// a line of hard-wrapped text, not a label.
const WRAPPED_LINE_MIN_WORDS: usize = 6;

/// Whether a text stops inside a sentence: its last word is in lower case or
/// a comma follows it ("… about shipping, fishing and").
fn stops_mid_sentence(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with(',')
        || text
            .split_whitespace()
            .next_back()
            .is_some_and(|w| w.chars().all(|c| c.is_lowercase()))
}

/// Whether a text opens in lower case, as a sentence's next words do (not a
/// brand such as "iPhone").
fn opens_lowercase(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    matches!(
        (chars.next(), chars.next()),
        (Some(a), Some(b)) if a.is_lowercase() && !b.is_uppercase()
    )
}

/// For each of plain text's `blocks`, the rule to drop it with when it carries
/// on the sentence of the dropped line right above it (`gone`: the rule that
/// dropped each block): a clutter line of hard-wrapped text, told by its first
/// line, whose other lines reflow joined into a block of their own ("Sign up
/// for The Quay, our free weekly newsletter about shipping, fishing and" /
/// "everything else happening on the waterfront, delivered every Friday").
pub(super) fn runs_on_from_dropped(blocks: &[Block], gone: &[Option<usize>]) -> Vec<Option<usize>> {
    let mut out = vec![None; blocks.len()];
    for (i, slot) in out.iter_mut().enumerate().skip(1) {
        let (Some(above), Some(b)) = (blocks.get(i - 1), blocks.get(i)) else {
            continue;
        };
        let Some(rule) = gone.get(i - 1).copied().flatten() else {
            continue;
        };
        let plain = above.node == 0 && b.node == 0;
        let paragraphs = above.kind == BlockKind::Paragraph && b.kind == BlockKind::Paragraph;
        if plain
            && paragraphs
            && gone.get(i).copied().flatten().is_none()
            && above
                .text
                .split_whitespace()
                .nth(WRAPPED_LINE_MIN_WORDS - 1)
                .is_some()
            && stops_mid_sentence(&above.text)
            && opens_lowercase(&b.text)
        {
            *slot = Some(rule);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Block {
        Block::plain(BlockKind::Paragraph, text.into())
    }

    #[test]
    fn a_date_under_a_teasers_headline_is_the_boxs_and_under_a_name_a_comments() {
        let long = "After his retirement he led the community band, which plays free concerts in the park every Thursday in July, and he conducted its last concert in 2022.";
        let blocks = [
            para(long),
            para(long),
            para("You May Also Like"),
            para("Harlow council approves new crosswalk on Main Street"),
            para("June 12, 2024"),
            para("Veterans Park summer concert schedule announced"),
            para("June 3, 2024"),
            para(long),
            para(long),
        ];
        let seen = |j: usize| match j {
            2 => Seen::Label,
            4 | 6 => Seen::Dropped,
            _ => Seen::Other,
        };
        assert_eq!(inside_text_run(&blocks, 2, seen), Some(5));
        // Under a commenter's name the date is the comment's: the cut stands.
        let comments = [
            para(long),
            para(long),
            para("Comments"),
            para("Ann Lee"),
            para("June 12, 2024"),
            para(long),
            para(long),
        ];
        let seen = |j: usize| match j {
            2 => Seen::Label,
            4 => Seen::Dropped,
            _ => Seen::Other,
        };
        assert_eq!(inside_text_run(&comments, 2, seen), None);
    }

    #[test]
    fn the_rest_of_a_wrapped_clutter_line_goes_with_it() {
        let blocks = [
            para("The company said the rise was needed."),
            para("Sign up for The Crossing, our free weekly newsletter about the ferry and"),
            para("everything else happening on the water, delivered every Friday morning."),
            para("Residents said they understood the costs."),
        ];
        let gone = [None, Some(7), None, None];
        assert_eq!(
            runs_on_from_dropped(&blocks, &gone),
            [None, None, Some(7), None]
        );
    }

    #[test]
    fn a_dropped_label_or_headline_does_not_take_the_next_paragraph() {
        // A short label, a headline ending in a capitalised word, and a next
        // block that opens with a brand in mixed case all stop the run.
        for (above, below) in [
            ("Read also and", "more on the summit came later that day."),
            (
                "Read Also: Trump Pushes for Peace After Surprise Election Win",
                "talks went on.",
            ),
            (
                "Sign up for our free weekly newsletter about the ferry and",
                "iPhone sales fell.",
            ),
        ] {
            let blocks = [para(above), para(below)];
            assert_eq!(
                runs_on_from_dropped(&blocks, &[Some(1), None]),
                [None, None]
            );
        }
    }
}
