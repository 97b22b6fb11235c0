//! Stage: block rules — what a block's neighbours say about it. A `cut_from`
//! match inside the article's run of paragraphs is a stray control, removed
//! alone (in HTML: prose of the same parent element around it; in plain text:
//! long sentences after it, or after a few teaser headlines under it, which go
//! with it). Before the first paragraph, a bare count or a bare
//! name beside a dropped header line goes with it, and in plain text so do a
//! site's menu, a picture's alt text under the reading time and a headline
//! set twice. Used by `apply`.

use std::collections::HashMap;

use super::apply::{builtin, is_prose, removal};
use super::boxes::box_amid_article;
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
    for (k, b) in rest.iter().enumerate() {
        if is_rank(&b.text) {
            run += 1;
            continue;
        }
        let seen_here = seen(at + 1 + k);
        if lines == TEASER_RUN_MAX
            || !teaser_line(b, seen_here)
            || heads_text_run(b, rest.get(k + 1), titles)
        {
            break;
        }
        if seen_here == Seen::Other {
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
            .is_some_and(|b| heads_text_run(b, blocks.get(start + 1), titles))
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
    let next = blocks
        .get(start)
        .filter(|b| runs_on(b, first_chars) && seen(start) != Seen::Dropped)?;
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
/// over a paragraph that carries the article on. A teaser's headline is longer
/// or split by a colon, its summary is no running paragraph, and a bare name
/// under it is the advertiser's or the author's.
pub(super) fn heads_text_run(block: &Block, next: Option<&Block>, titles: usize) -> bool {
    let text = block.text.trim();
    let words = text.split_whitespace().count();
    block.node == 0
        && (1..=TEXT_SUBHEADING_MAX_WORDS).contains(&words)
        && words + SUBHEADING_SHORTER_BY <= titles
        && !is_bare_name(block)
        && !text.contains(": ")
        && !text.ends_with(['.', ':', ';', ',', '\u{2026}'])
        && next.is_some_and(|n| runs_on(n, BOXED_RUN_MIN_CHARS))
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
pub(super) fn is_bare_name(block: &Block) -> bool {
    // A place or the outlet may follow the name ("Mert Aksoy | İzmir",
    // "Dewi Anggraini - kabarJabar").
    let text = block.text.trim();
    let text = match text.split_once(" | ").or_else(|| text.split_once(" - ")) {
        Some((name, rest))
            if rest.split_whitespace().count() <= 3
                && rest.chars().all(|c| c.is_alphanumeric() || c == ' ') =>
        {
            name
        }
        _ => text,
    };
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

/// Longest line (words) taken for a picture's alternative text under the title.
const ALT_LINE_MAX_WORDS: usize = 8;
/// Longest line (words) taken for it right between a dropped header line (the
/// reading time, a byline) and the first paragraph, where a subtitle seldom stands.
const ALT_LINE_MAX_WORDS_ABOVE_BODY: usize = 14;
/// What a header line read as a picture's alternative text is removed as.
const ALT_LINE: &str = "header-image-text";

/// Whether a line of plain text reads like a picture's alternative text or a
/// photo's keywords, as scrapers keep them ("Putin Alaska summit", "Energy
/// price cap October"): a few words, no sentence or clause punctuation, no
/// quotes. Only plain text: in markup a picture's text is no block.
fn is_alt_line(block: &Block, max_words: usize) -> bool {
    let text = block.text.trim();
    let words = text.split_whitespace().count();
    block.node == 0
        && matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading(_))
        && (1..=max_words).contains(&words)
        && text.chars().any(char::is_alphabetic)
        && !text.contains(|c: char| {
            matches!(
                c,
                '.' | '!'
                    | '?'
                    | ':'
                    | ';'
                    | ','
                    | '"'
                    | '\u{201c}'
                    | '\u{201d}'
                    | '\u{ab}'
                    | '\u{bb}'
                    | '|'
                    | '\u{2014}'
                    | '\u{b7}'
                    | '\u{2022}'
            )
        })
}

/// Fewest short lines in a row that make a menu (see [`is_menu_word`]).
const MENU_MIN_LINES: usize = 3;
/// Passes over the header: a name two removed blocks away from the date goes
/// on the second.
const HEADER_PASSES: usize = 3;
/// Most dropped header lines a bare name looks across for a date.
const HEADER_RUN_MAX: usize = 12;
/// What a header line repeating the line right above it is removed as.
const REPEATED_LINE: &str = "header-repeated-line";
/// What a menu of short lines in the header is removed as.
const MENU_RUN: &str = "header-menu";

/// Whether a line of plain text is one entry of a site's menu as scrapers
/// keep it: one to three capitalised words ("News", "Local", "Arts & Culture"),
/// no digits, no punctuation but `&`, `-` and apostrophes.
fn is_menu_word(block: &Block) -> bool {
    block.node == 0
        && matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading(_))
        && menu_entries(&block.text) > 0
}

/// How many menu entries a line holds: one for an entry alone, one per entry
/// for entries set between bars ("News | Regions | Visayas"); 0 when any part
/// is no entry.
fn menu_entries(text: &str) -> usize {
    let entry = |t: &str| {
        let t = t.trim();
        (1..=3).contains(&t.split_whitespace().count())
            && t.chars().nth(MENU_WORD_MAX_CHARS).is_none()
            && t.starts_with(char::is_uppercase)
            && t.chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '&' | '-' | '\'' | '\u{2019}'))
    };
    let parts = text.split('|');
    let n = parts.clone().count();
    if parts.into_iter().all(entry) {
        n
    } else {
        0
    }
}
/// Longest menu entry (characters).
const MENU_WORD_MAX_CHARS: usize = 24;
/// Fewest words of a line read as the headline under section crumbs.
const HEADLINE_MIN_WORDS: usize = 4;

/// Whether a line of plain text reads as a headline: a few words or more, no
/// full stop, colon or semicolon at its end.
fn is_headline(block: &Block) -> bool {
    let text = block.text.trim_end();
    block.node == 0
        && text
            .split_whitespace()
            .nth(HEADLINE_MIN_WORDS - 1)
            .is_some()
        && !text.ends_with(['.', ':', ';', ','])
}

/// How a header block before the first paragraph went: by the rule at this
/// index (and whether that rule reads a byline or date), or by a built-in
/// reading of its neighbours (`None`).
type Gone = Option<(Option<usize>, bool)>;

/// Bits of the article's header that no rule can tell alone: before the first
/// paragraph, a bare count right beside a dropped line (the "0" of a comment
/// counter next to the reading time) and a bare name beside a dropped byline
/// or date, or beside dropped lines running up to one ("V Kumar" above
/// "August 16, 2025"; "Jane Doe" above "Climate Reporter" above the date; "Ana
/// Ruiz" above the outlet's name above the date), go with it, under its rule.
/// In plain text, three or more menu entries in a row (on lines of their own
/// or between bars on one line) beside a dropped line
/// go as `header-menu` (the site's sections above the headline), and so does
/// any run of them that only dropped lines come before, when a longer line
/// (the headline) follows it, and so do one or two that open the text over
/// the headline over a dropped byline or date (section crumbs); a few words between a dropped header line and the first
/// paragraph go as `header-image-text` (a picture's text under the reading
/// time). `dropped` holds what dropped each block up to the first paragraph,
/// `kept_at` where each kept block before it was (the first entries of
/// `result`, which holds the kept blocks).
pub(super) fn header_bits(
    rules: &ActiveRules<'_>,
    dropped: &[Option<(usize, bool)>],
    kept_at: &[usize],
    result: &mut Vec<Block>,
    removals: &mut Vec<Removal>,
) {
    // `dropped` runs up to the first paragraph, that one included.
    let head_end = dropped.len().saturating_sub(1);
    let mut state: Vec<Gone> = dropped
        .iter()
        .map(|d| d.map(|(rule, dated)| (Some(rule), dated)))
        .collect();
    let mut gone: Vec<bool> = vec![false; kept_at.len()];
    mark_menus(kept_at, result, &mut state, &mut gone, removals);
    // The first block left of plain text is its title, whatever it looks like.
    let title = kept_at
        .iter()
        .zip(&gone)
        .zip(result.iter())
        .find(|((_, &g), _)| !g)
        .filter(|(_, b)| b.node == 0)
        .map(|((&at, _), _)| at);
    // A name goes over blocks that went before it ("Ana Ruiz" over the
    // outlet's name over the date): a few passes, until nothing changes.
    for _ in 0..HEADER_PASSES {
        let mut changed = false;
        for (k, (&at, block)) in kept_at.iter().zip(result.iter()).enumerate() {
            if gone.get(k).copied().unwrap_or(true) || Some(at) == title {
                continue;
            }
            let near = |j: usize| state.get(j).copied().flatten();
            let beside = [at.checked_sub(1).and_then(near), near(at + 1)];
            // The headline set twice, the second time right under the first.
            let prev_kept = k.checked_sub(1).and_then(|j| result.get(j));
            if block.node == 0
                && prev_kept.is_some_and(|p| p.text == block.text)
                && kept_at.get(k.wrapping_sub(1)) == at.checked_sub(1).as_ref()
            {
                if let Some(slot) = gone.get_mut(k) {
                    *slot = true;
                    removals.push(builtin(REPEATED_LINE, &block.text));
                    changed = true;
                }
                continue;
            }
            let by = if is_counter(&block.text) {
                beside.into_iter().flatten().find_map(|(r, _)| r)
            } else if is_bare_name(block) {
                // A dated line in the run of dropped lines on either side ("Jane
                // Doe", then "Climate Reporter", then the date).
                let up = (0..at)
                    .rev()
                    .take(HEADER_RUN_MAX)
                    .map(near)
                    .take_while(Option::is_some)
                    .flatten();
                let down = (at + 1..)
                    .take(HEADER_RUN_MAX)
                    .map(near)
                    .take_while(Option::is_some)
                    .flatten();
                up.chain(down)
                    .find(|&(_, dated)| dated)
                    .and_then(|(r, _)| r)
            } else {
                None
            };
            // A few words right between a dropped header line and the first
            // paragraph: the picture's alt text.
            // Or right under the title, over dropped lines that run down to the
            // first paragraph ("Putin Alaska summit" / "6 min read").
            let under_title = at.checked_sub(1) == title
                && at + 1 < head_end
                && (at + 1..head_end).all(|j| near(j).is_some());
            let alt = (at + 1 == head_end
                && beside[0].is_some()
                && is_alt_line(block, ALT_LINE_MAX_WORDS_ABOVE_BODY))
                || (under_title && is_alt_line(block, ALT_LINE_MAX_WORDS));
            match (by, gone.get_mut(k)) {
                (Some(rule), Some(slot)) => {
                    *slot = true;
                    removals.push(removal(rules, rule, &block.text));
                    if let Some(s) = state.get_mut(at) {
                        *s = Some((Some(rule), false));
                    }
                    changed = true;
                }
                (None, Some(slot)) if alt => {
                    *slot = true;
                    removals.push(builtin(ALT_LINE, &block.text));
                    changed = true;
                }
                _ => {}
            }
        }
        if !changed {
            break;
        }
    }
    if gone.contains(&true) {
        // Blocks past the head have no flag and stay.
        let mut flags = gone.into_iter();
        result.retain(|_| !flags.next().unwrap_or(false));
    }
}

/// Marks the runs of menu entries among the header's kept blocks as `gone`
/// (see [`header_bits`]) and records them in `state` as removed.
fn mark_menus(
    kept_at: &[usize],
    result: &[Block],
    state: &mut [Gone],
    gone: &mut [bool],
    removals: &mut Vec<Removal>,
) {
    // Menus: runs of entries over consecutive kept blocks.
    let mut k = 0;
    while k < kept_at.len() {
        let mut end = k;
        while end < kept_at.len()
            && result.get(end).is_some_and(is_menu_word)
            && (end == k || kept_at.get(end).copied() == kept_at.get(end - 1).map(|a| a + 1))
        {
            end += 1;
        }
        let (first, last) = (
            kept_at.get(k).copied(),
            kept_at.get(end.wrapping_sub(1)).copied(),
        );
        if let (true, Some(first), Some(last)) = (end > k, first, last) {
            let beside =
                |j: Option<usize>| j.and_then(|j| state.get(j)).is_some_and(Option::is_some);
            // At the very top, under dropped lines only, one entry is a menu.
            let top = k == 0 && first > 0;
            // The headline comes after the menu, before the first paragraph.
            let headline_after = end < kept_at.len();
            let entries: usize = (k..end)
                .filter_map(|i| result.get(i))
                .map(|b| menu_entries(&b.text))
                .sum();
            // Section crumbs opening the text ("Business" / "Finance"), over
            // the headline, over a dropped byline or date.
            let crumbs = k == 0
                && first == 0
                && kept_at.get(end).copied() == Some(last + 1)
                && result.get(end).is_some_and(is_headline)
                && state
                    .get(last + 2)
                    .copied()
                    .flatten()
                    .is_some_and(|(_, dated)| dated);
            if ((entries >= MENU_MIN_LINES || top)
                && headline_after
                && (beside(first.checked_sub(1)) || beside(Some(last + 1))))
                || crumbs
            {
                for i in k..end {
                    if let (Some(slot), Some(block), Some(&at)) =
                        (gone.get_mut(i), result.get(i), kept_at.get(i))
                    {
                        *slot = true;
                        removals.push(builtin(MENU_RUN, &block.text));
                        if let Some(s) = state.get_mut(at) {
                            *s = Some((None, false));
                        }
                    }
                }
            }
        }
        k = end.max(k + 1);
    }
}
