//! Stage: block rules — `cut_from`, `drop` and `strip` over the article's blocks,
//! site rules before generic ones. A line that no `cut_from` or `drop` rule
//! matches gets a second look without the pictographs and pointers in front of
//! it ("💬 12 comments", "► Related"). Records every removal; a rule set that would
//! remove most of the article is not applied (the blocks are kept and a note says
//! why). `cut_from` goes first (see `cut`). A `drop` label that takes titles after it (`with_next`) and opens a
//! box amid the article ("Read also" over a teaser's headline, date and
//! summary) takes the whole box. Before the first paragraph, a bare count or a bare
//! name right beside a dropped header line goes with it, a line of header bits
//! set side by side ("12.05.2024 · Lesezeit: 3 Min.") goes when each of its
//! parts would, and in plain text a menu, the masthead over the headline, a
//! picture's alt text and a repeated headline go (all in `header`). Lines that
//! repeat subheadings further down go as a table of contents (`contents`), and
//! in plain text the tags and the author's box after the last sentence go as
//! its tail (`tail`).

use std::collections::HashMap;

use super::boxes::{box_amid_article, boxed_between, captions_over_credits, emptied_box};
use super::cards::{dated_cards, TEASER_CARD};
use super::contents::{contents_lines, CONTENTS_LINE};
use super::context::{fewest_words, heads_text_run, runs_on_from_dropped};
use super::cut::cut_from;
use super::header::{header_bits, is_bare_name, is_headline, is_menu_word, is_standfirst};
use super::masthead::is_kicker;
use super::matching::{
    bare, compound_hit, drop_hit, glued_hit, judge, may_hit_either, remembered, Verdict,
};
use super::tail::{is_tag, tail};
use super::{ActiveRules, Pattern};
use crate::article::{shorten, Removal, Stage};
use crate::blocks::{Block, BlockKind, NodeInfo};
use crate::extract::trailing_start;

/// Share of the article (in characters) that drop/strip rules may remove before
/// the pipeline distrusts them and keeps the blocks as they were.
const MAX_REMOVED_SHARE: f32 = 0.6;
/// What a caption right above its dropped credit is removed as (see
/// [`captions_over_credits`]).
const CAPTION_OVER_CREDIT: &str = "caption-over-credit";
/// A label left at the article's end once the rules took what followed it.
const TRAILING_LABEL: &str = "trailing-label";
/// What the author's name repeated under the last paragraph is removed as.
const AUTHOR_SIGNATURE: &str = "author-signature";
/// Below this many characters an article is too short for the share guard to mean anything.
const GUARD_MIN_CHARS: usize = 400;

/// What the block rules found besides removals.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BlockRuleOutcome {
    /// An author captured by a rule's `(?P<author>…)` group (e.g. from a byline).
    pub author: Option<String>,
    /// A date captured by a rule's `(?P<published>…)` group (e.g. from a dateline).
    pub published: Option<String>,
    /// Notes about guards that fired.
    pub notes: Vec<String>,
}

pub(super) fn chars(blocks: &[Block]) -> usize {
    blocks.iter().map(|b| b.text.chars().count()).sum()
}

/// Longest block (characters) that a `with_next` rule takes as a title.
const TITLE_MAX_CHARS: usize = 150;
/// …and its most words.
const TITLE_MAX_WORDS: usize = 24;

/// Whether a block reads as a title or a label: a teaser's headline, a tag, a
/// date — short, and not ended like a sentence (`.`, `!`, `:` or `;`).
/// Paragraphs, headings and list items only: never a quote, table row or code.
fn reads_as_title(block: &Block) -> bool {
    let kind = matches!(
        block.kind,
        BlockKind::Paragraph | BlockKind::Heading(_) | BlockKind::ListItem(_)
    );
    let text = block.text.trim_end();
    // A quote's closing mark does not hide the full stop before it.
    let bare = text.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', '\u{bb}', ')']);
    kind && !text.is_empty()
        && text.chars().nth(TITLE_MAX_CHARS).is_none()
        && text.split_whitespace().nth(TITLE_MAX_WORDS).is_none()
        && !bare.ends_with(['.', '!', ':', ';'])
        && super::context::sentences(text) < 2
}

/// Fewest words of a line after a `with_next` label's first title that may be
/// a subheading rather than another title (tags and buttons are shorter)…
const SUBHEADING_MIN_WORDS: usize = 3;
/// …and most: a teaser's headline is a sentence's worth.
const SUBHEADING_MAX_WORDS: usize = 5;

/// Whether a title-like `block` heads the article's prose that follows it
/// (`next`): a subheading ("What happens next"), not one more headline in a
/// teaser list ("E-Bike-Akkus: So vermeiden Sie Brände in der Garage": longer,
/// or split by a colon). The first title under a `with_next` label always goes
/// with it; later ones stop here.
fn opens_prose(block: &Block, next: Option<&Block>) -> bool {
    let words = block.text.split_whitespace().count();
    (SUBHEADING_MIN_WORDS..=SUBHEADING_MAX_WORDS).contains(&words)
        && !block.text.contains(": ")
        && next.is_some_and(is_prose)
}

/// Whether `block`, after the label `label`, opens a section of its own: a
/// heading of the label's rank or higher ("See also" then "Footnotes" on an
/// encyclopedia page whose link list went before). Only markup gives ranks:
/// the headings of plain text are guessed, all at one level, and have no
/// element (`node` 0).
fn starts_section(block: &Block, label: &Block) -> bool {
    match (block.kind, label.kind) {
        (BlockKind::Heading(k), BlockKind::Heading(l)) => {
            block.node != 0 && label.node != 0 && k <= l
        }
        _ => false,
    }
}

/// The box name (`box = "author"` in a rule file) of rules that drop an
/// author's box line by line: a bare name right above such a line is the
/// box's heading.
const AUTHOR_BOX: &str = "author";

/// Whether `name` is a bare name (see `header`) that `text` opens with, or
/// "About" and that name: the heading of an author's box over the box's
/// first sentence ("About Tom Reyes" over "Tom Reyes is a travel writer …").
fn names_box(name: &Block, text: &str) -> bool {
    let name_text = name.text.trim();
    let opens = |n: &str| {
        text.strip_prefix(n)
            .is_some_and(|rest| rest.starts_with(' '))
    };
    is_bare_name(name) && (opens(name_text) || name_text.strip_prefix("About ").is_some_and(opens))
}

/// Whether a line that `pattern` drops is a byline or date: the pattern
/// captures the author or date, or the line has a year or a clock time in it
/// ("14 października 2025, 09:12").
fn is_dated(pattern: &Pattern, text: &str) -> bool {
    pattern.has_groups() || has_date_figures(text)
}

/// Whether `text` has a year (four digits in a row) or a clock time ("9:12",
/// "14.05" after a space) in it: a date stamp's figures, not a reading time's.
fn has_date_figures(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    (0..bytes.len()).any(|i| {
        let starts = i == 0 || !digit(i - 1);
        let year = starts && (i..i + 4).all(digit) && !digit(i + 4);
        let clock = digit(i)
            && matches!(bytes.get(i + 1), Some(b':'))
            && digit(i + 2)
            && digit(i + 3)
            && !digit(i + 4);
        year || clock
    })
}

/// Most lines under a standfirst that are looked at for the byline or date
/// that shows the header goes on under it (name, date, reading time and a
/// share bar of four labels: "Tereza Malinová" / "14. srpna 2024 6:00" /
/// "Doba čtení: 4 minuty" / "Sdílet" / "Facebook" / "X" / "Kopírovat odkaz").
const STANDFIRST_HEADER_MAX: usize = 10;

/// Whether a block of this length and kind is prose that a real article is made of.
pub(super) fn is_prose(block: &Block) -> bool {
    block.text.chars().count() >= 100 && block.link_density() < 0.5
}

/// A removal by one of the built-in readings of the blocks' places (no rule file).
pub(super) fn builtin(id: &str, text: &str) -> Removal {
    Removal {
        rule: id.to_string(),
        file: None,
        stage: Stage::Block,
        text: shorten(text, 160),
    }
}

/// Records that the block at `at` went by `rule`: in `gone`, and in `dropped`
/// when it is in the header (`dated`: the rule reads a byline or date).
fn mark(
    dropped: &mut [Option<(usize, bool)>],
    gone: &mut [Option<usize>],
    at: usize,
    rule: usize,
    dated: bool,
) {
    if let Some(slot) = dropped.get_mut(at) {
        *slot = Some((rule, dated));
    }
    if let Some(slot) = gone.get_mut(at) {
        *slot = Some(rule);
    }
}

pub(super) fn removal(rules: &ActiveRules<'_>, rule: usize, text: &str) -> Removal {
    let info = rules.rule(rule);
    Removal {
        rule: info.map_or_else(|| "?".to_string(), |r| r.id.clone()),
        file: info.map(|r| r.file.to_string()),
        stage: Stage::Block,
        text: shorten(text, 160),
    }
}

/// Drops the blocks of `result` that `marks` marks, and their places in
/// `kept_from`, which stays side by side with it (`header_bits` reads both).
fn drop_marked(result: &mut Vec<Block>, kept_from: &mut Vec<usize>, marks: &[bool]) {
    let mut m = marks.iter();
    result.retain(|_| !m.next().copied().unwrap_or(false));
    let mut m = marks.iter();
    kept_from.retain(|_| !m.next().copied().unwrap_or(false));
}

/// Applies the block rules in force to `blocks` (the article, in order), records
/// what they removed in `removed`, and returns captured metadata and notes.
/// Knows nothing of the page's elements: see [`apply_block_rules_in`].
pub fn apply_block_rules(
    rules: &ActiveRules<'_>,
    blocks: &mut Vec<Block>,
    removed: &mut Vec<Removal>,
) -> BlockRuleOutcome {
    apply_block_rules_in(rules, blocks, &[], removed)
}

/// [`apply_block_rules`] for blocks of an HTML page whose block-level elements
/// are `nodes` (the page's element table, which each block's `node` indexes).
pub fn apply_block_rules_in(
    rules: &ActiveRules<'_>,
    blocks: &mut Vec<Block>,
    nodes: &[NodeInfo],
    removed: &mut Vec<Removal>,
) -> BlockRuleOutcome {
    let mut out = BlockRuleOutcome::default();

    // 1. cut_from: the first match with enough article before it.
    let (cut_removals, screened, cut) = cut_from(rules, blocks, nodes, &mut out.notes);

    // 2. drop and strip, guarded against removing most of what is left.
    let kept_chars = chars(blocks);
    let mut result: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut block_removals = Vec::new();
    let mut captured = BlockRuleOutcome::default();
    let mut memo = HashMap::new();
    // A `with_next` label taking titles: its rule, how many more it may take,
    // the fewest words of a title it took (0 before the first) and the label.
    let mut taking: Option<(usize, usize, usize, &Block)> = None;
    // For each block: the rule that dropped it, and whether that rule reads a
    // byline or date (captures `author` or `published`); for each kept block,
    // where it was.
    // Only the blocks before the first paragraph (and that one) are looked at.
    // A standfirst under the headline is long too, but has no full stop; a
    // cookie notice above the headline is long, but a rule removes it.
    let opens_body = |b: &Block| {
        is_prose(b)
            && (b.node != 0 || crate::reflow::ends_sentence(&b.text))
            && !rules.is_clutter_line(&b.text)
    };
    let mut head_end = blocks.iter().position(opens_body).unwrap_or(0);
    // In plain text, a standfirst that ends with a full stop right under the
    // headline, with the byline or date still under it ("Marta Zielińska" /
    // "14 października 2025"): the header runs on to the paragraph after those.
    let dated = |b: &Block| {
        b.node == 0
            && may_hit_either(rules, &b.text)
            && drop_hit(rules, &b.text).is_some_and(|(_, pattern, _)| is_dated(pattern, &b.text))
    };
    // Or a headline set as a sentence under the site's menu or a kicker ("Open
    // Data" / "We put 40 sensors on bus shelters. Here is what they told us.").
    // A menu entry counts under a dropped line only: a bare name over a
    // paragraph is the byline of an article with no header, and a short
    // headline reads as an entry too.
    let menu_at = |i: usize| {
        blocks.get(i).is_some_and(is_menu_word)
            && i.checked_sub(1)
                .and_then(|j| blocks.get(j))
                .is_some_and(|b| b.node == 0 && rules.is_clutter_line(&b.text))
    };
    let standfirst = blocks.get(head_end).is_some_and(is_standfirst)
        && head_end.checked_sub(1).is_some_and(|i| {
            blocks
                .get(i)
                .is_some_and(|b| is_headline(b) || is_kicker(b))
                || menu_at(i)
        });
    if standfirst {
        let under = blocks.get(head_end + 1..).unwrap_or_default();
        let next = under.iter().position(opens_body);
        if let Some(next) = next.filter(|&n| n <= STANDFIRST_HEADER_MAX) {
            let run = under.get(..next).unwrap_or_default();
            if !run.iter().any(is_prose) && run.iter().any(dated) {
                head_end += 1 + next;
            }
        }
    }
    let mut dropped: Vec<Option<(usize, bool)>> = vec![None; head_end + 1];
    // For every block, the rule that dropped it (see `boxes`); for each
    // block of `result`, where it was.
    let mut gone: Vec<Option<usize>> = vec![None; blocks.len()];
    let mut kept_from: Vec<usize> = Vec::with_capacity(blocks.len());
    // Where the last block of `result` was, when it went there unchanged.
    let mut last_kept: Option<usize> = None;
    // A `with_next` label that opens a box amid the article ("Read also" over
    // a teaser's headline, byline and summary, with the article going on
    // after it): where the box ends, and the label's rule.
    let mut boxed: Option<(usize, usize)> = None;
    for (at, (block, &maybe)) in blocks.iter().zip(&screened).enumerate() {
        if let Some((end, rule)) = boxed {
            if at < end {
                block_removals.push(removal(rules, rule, &block.text));
                mark(&mut dropped, &mut gone, at, rule, false);
                continue;
            }
            boxed = None;
        }
        if block.kind == BlockKind::Pre {
            result.push(block.clone());
            kept_from.push(at);
            taking = None;
            continue;
        }
        let mut verdict = remembered(&mut memo, &block.text, || judge(rules, &block.text, maybe));
        // Header bits set side by side on one line, over the first paragraph;
        // anywhere, bits glued together with no space between them.
        if let Verdict::Keep(None, _) = verdict {
            if block.kind != BlockKind::TableRow {
                let hit = if at < head_end {
                    compound_hit(rules, &block.text)
                } else {
                    None
                };
                if let Some((rule, pattern)) = hit.or_else(|| glued_hit(rules, &block.text)) {
                    verdict = Verdict::Drop(rule, pattern, false);
                }
            }
        }
        let follows = taking.take();
        if let (Some((rule, left, titles, label)), Verdict::Keep(..)) = (follows, &verdict) {
            // In markup a teaser's headline is a link: a heading with none
            // over prose is the article's own, even right after the label.
            let own_heading = block.node != 0
                && matches!(block.kind, BlockKind::Heading(_))
                && block.link_chars == 0;
            let next = blocks.get(at + 1);
            // One of a word or two too ("Software" after an ad slot's
            // "Sponsored"), when prose follows it.
            let subheading = ((titles > 0 || own_heading)
                && (opens_prose(block, next)
                    || heads_text_run(block, blocks.get(at + 1..).unwrap_or_default(), titles)))
                || (own_heading && !block.text.contains(": ") && next.is_some_and(is_prose));
            if reads_as_title(block) && !starts_section(block, label) && !subheading {
                block_removals.push(removal(rules, rule, &block.text));
                mark(&mut dropped, &mut gone, at, rule, false);
                let titles = fewest_words(titles, block);
                taking = (left > 1).then_some((rule, left - 1, titles, label));
                continue;
            }
        }
        match verdict {
            Verdict::Drop(rule, pattern, on_bare) => {
                let takes = pattern.with_next > 0;
                boxed = (takes && !nodes.is_empty())
                    .then(|| box_amid_article(blocks, at, nodes))
                    .flatten()
                    .map(|n| (at + n, rule));
                taking = (takes && boxed.is_none())
                    .then_some((rule, pattern.with_next, 0, block))
                    // A teaser's date under its headline ("Leggi anche" /
                    // a headline / "14 Febbraio 2025" / a headline): the
                    // label goes on taking.
                    .or(follows.filter(|_| !takes && pattern.has_groups()));
                // Only rules with `author` or `published` groups capture.
                if pattern.has_groups() {
                    let matched = if on_bare {
                        bare(&block.text).unwrap_or(&block.text)
                    } else {
                        block.text.as_str()
                    };
                    let found = pattern
                        .matcher()
                        .map(|m| m.named(matched, &["author", "published"]))
                        .unwrap_or_default();
                    let text = |i: usize| {
                        found
                            .get(i)
                            .copied()
                            .flatten()
                            .map(|s| s.trim().to_string())
                    };
                    if captured.author.is_none() {
                        captured.author = text(0);
                    }
                    if captured.published.is_none() {
                        captured.published = text(1);
                    }
                }
                // The author's name set above their dropped box ("Priya
                // Natarajan" over "Priya Natarajan covers …", or over any
                // line of a rule of the `author` box: "Tereza Malinová" over
                // "Redaktorka regionální redakce …") is its heading.
                let author_box = || {
                    rules
                        .rule(rule)
                        .is_some_and(|i| i.box_name.as_deref() == Some(AUTHOR_BOX))
                };
                let named_above = at > 0
                    && last_kept == Some(at - 1)
                    && result.last().is_some_and(|b| {
                        names_box(b, &block.text) || (is_bare_name(b) && author_box())
                    });
                if named_above {
                    if let Some(name) = result.pop() {
                        kept_from.pop();
                        block_removals.push(removal(rules, rule, &name.text));
                        mark(&mut dropped, &mut gone, at - 1, rule, false);
                    }
                    last_kept = None;
                }
                block_removals.push(removal(rules, rule, &block.text));
                mark(
                    &mut dropped,
                    &mut gone,
                    at,
                    rule,
                    is_dated(pattern, &block.text),
                );
            }
            Verdict::Keep(text, taken) => {
                for (rule, piece) in &taken {
                    block_removals.push(removal(rules, *rule, piece));
                }
                let mut block = block.clone();
                if let Some(text) = text {
                    block.text = text;
                }
                if !block.text.is_empty() {
                    result.push(block);
                    kept_from.push(at);
                    last_kept = Some(at);
                }
            }
        }
    }
    // Lines inside a box whose other lines went, and headings whose boxes
    // went: after the header, which `header_bits` reads.
    let between = boxed_between(blocks, &gone, |r| {
        rules.rule(r).and_then(|i| i.box_name.as_deref())
    });
    // A picture's caption right above its dropped credit, anywhere; plain text
    // only (in markup a caption is its own kind of block).
    let captions = if nodes.is_empty() {
        captions_over_credits(blocks, &gone, |r| rules.rule(r).map(|i| i.id.as_str()))
    } else {
        Vec::new()
    };
    // The rest of a wrapped clutter line, reflowed into a block of its own;
    // teaser cards (headlines over dropped dates) after the article.
    let (runs_on, cards) = if nodes.is_empty() {
        (
            runs_on_from_dropped(blocks, &gone),
            dated_cards(blocks, &gone, has_date_figures),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    if between.iter().any(Option::is_some)
        || captions.contains(&true)
        || runs_on.iter().any(Option::is_some)
        || cards.contains(&true)
        || !nodes.is_empty()
    {
        let mut goes = Vec::with_capacity(result.len());
        for (b, &at) in result.iter().zip(&kept_from) {
            if captions.get(at).copied().unwrap_or(false) {
                block_removals.push(builtin(CAPTION_OVER_CREDIT, &b.text));
                goes.push(true);
                continue;
            }
            if cards.get(at).copied().unwrap_or(false) {
                block_removals.push(builtin(TEASER_CARD, &b.text));
                goes.push(true);
                continue;
            }
            let rule = (at > head_end)
                .then(|| {
                    between
                        .get(at)
                        .copied()
                        .flatten()
                        .or_else(|| emptied_box(blocks, nodes, &gone, at))
                })
                .flatten()
                .or_else(|| runs_on.get(at).copied().flatten());
            if let Some(rule) = rule {
                block_removals.push(removal(rules, rule, &b.text));
            }
            goes.push(rule.is_some());
        }
        drop_marked(&mut result, &mut kept_from, &goes);
    }
    // A table of contents: lines that repeat subheadings further down; before
    // the header is read, which would take a run of its lines for a menu and
    // leave the one that is no menu entry ("Should you buy it?").
    let contents = contents_lines(&result);
    for (b, _) in result.iter().zip(&contents).filter(|(_, &goes)| goes) {
        block_removals.push(builtin(CONTENTS_LINE, &b.text));
    }
    drop_marked(&mut result, &mut kept_from, &contents);
    // Where each kept block before the first paragraph was: the first entries
    // of `result`, which the passes above left in place.
    let head_kept = kept_from.iter().take_while(|&&at| at < head_end).count();
    let kept_at = kept_from.get(..head_kept).unwrap_or_default();
    let before_header = result.len();
    header_bits(
        rules,
        blocks,
        &dropped,
        kept_at,
        &mut result,
        &mut block_removals,
    );
    // The header's blocks still kept (`header_bits` removes only from those).
    let head_kept = head_kept.saturating_sub(before_header.saturating_sub(result.len()));
    // Tags and the author's box after the last sentence (plain text only).
    if nodes.is_empty() {
        // The byline's author, and any bare name or handle that went from
        // the header (a name over the date with no "By": "Paweł Nowicki" /
        // "3 czerwca 2024"; "admin" over "Send an email"), which the box at
        // the end may repeat.
        let kept_head = result.get(..head_kept).unwrap_or_default();
        let authors: Vec<&str> = captured
            .author
            .as_deref()
            .into_iter()
            .chain(
                blocks
                    .get(..head_end)
                    .unwrap_or_default()
                    .iter()
                    .filter(|b| {
                        (is_bare_name(b) || is_tag(b))
                            && !kept_head.iter().any(|k| k.text == b.text)
                    })
                    .map(|b| b.text.as_str()),
            )
            .collect();
        if let Some((at, parts)) = tail(&result, &authors) {
            for (b, part) in result.drain(at..).zip(parts) {
                block_removals.push(builtin(part.id(), &b.text));
            }
        }
    }
    // The author's name once more under the last paragraph ("Minh Châu"
    // after the last sentence, with the box or byline that went naming them
    // too): a signature, not the article's last line.
    let signed = result.len() > 1
        && result.last().is_some_and(|name| {
            is_bare_name(name)
                && (captured.author.as_deref() == Some(name.text.trim())
                    || block_removals.iter().any(|r| r.text == name.text))
        })
        && result
            .get(result.len() - 2)
            .is_some_and(|b| crate::reflow::ends_sentence(&b.text));
    if signed {
        if let Some(name) = result.pop() {
            block_removals.push(builtin(AUTHOR_SIGNATURE, &name.text));
        }
    }
    // In markup, once the rules took the page's tail (by a cut, or by dropping
    // its last lines), the labels left at the article's new end (a row of tag
    // words over the share bar that went): what the extraction drops after
    // the last line of text, had the page ended there.
    if !nodes.is_empty() && (cut || kept_from.last().is_some_and(|&at| at + 1 < blocks.len())) {
        let from = trailing_start(&result);
        for b in result.drain(from..) {
            block_removals.push(builtin(TRAILING_LABEL, &b.text));
        }
    }
    let left = chars(&result);
    let removed_share = 1.0 - left as f32 / kept_chars.max(1) as f32;
    if kept_chars >= GUARD_MIN_CHARS && removed_share > MAX_REMOVED_SHARE {
        out.notes.push(format!(
            "drop/strip rules would remove {:.0}% of the article; kept it as it was",
            removed_share * 100.0
        ));
    } else {
        *blocks = result;
        removed.extend(block_removals);
        out.author = captured.author;
        out.published = captured.published;
    }
    removed.extend(cut_removals);
    out
}
