//! Stage: block rules — `cut_from`, `drop` and `strip` over the article's blocks,
//! site rules before generic ones. A line that no `cut_from` or `drop` rule
//! matches gets a second look without the pictographs and pointers in front of
//! it ("💬 12 comments", "► Related"). Records every removal; a rule set that would
//! remove most of the article is not applied (the blocks are kept and a note says
//! why). A `cut_from` match with too little article before it, or in the
//! middle of the article's own run of paragraphs (a "15 Comments" link between
//! two of them, in one element; in plain text, one followed by long
//! sentences, or by a few teaser headlines and then long sentences), removes
//! that block alone (with those headlines): what follows it there is still the
//! article. A `drop` label that takes titles after it (`with_next`) and opens a
//! box amid the article ("Read also" over a teaser's headline, date and
//! summary) takes the whole box. Before the first paragraph, a bare count or a bare
//! name right beside a dropped header line goes with it, a line of header bits
//! set side by side ("12.05.2024 · Lesezeit: 3 Min.") goes when each of its
//! parts would, and in plain text a menu, the masthead over the headline, a
//! picture's alt text and a repeated headline go (all in `header`). Lines that
//! repeat subheadings further down go as a table of contents (`contents`).

use std::collections::HashMap;

use super::boxes::{box_amid_article, boxed_between, captions_over_credits, emptied_box};
use super::contents::{contents_lines, CONTENTS_LINE};
use super::context::{
    fewest_words, first_prose, heads_text_run, inside_run, runs_on_from_dropped, Seen,
};
use super::header::{header_bits, is_bare_name};
use super::matching::{
    bare, compound_hit, cut_hit, drop_hit, judge, may_hit_either, remembered, Verdict,
};
use super::tail::tail;
use super::ActiveRules;
use crate::article::{shorten, Removal, Stage};
use crate::blocks::{Block, BlockKind, NodeInfo};

/// Share of the article (in characters) that drop/strip rules may remove before
/// the pipeline distrusts them and keeps the blocks as they were.
const MAX_REMOVED_SHARE: f32 = 0.6;
/// What a caption right above its dropped credit is removed as (see
/// [`captions_over_credits`]).
const CAPTION_OVER_CREDIT: &str = "caption-over-credit";
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

fn chars(blocks: &[Block]) -> usize {
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

/// Most words before a stamp in a comment's header ("Alan Pike 2 days ago").
const STAMP_AFTER_MAX_WORDS: usize = 3;

/// Whether `text` is a few words and then a stamp that a rule drops, with a
/// digit in it ("RuthieB 2 days ago", "Geertje_W · 2 uur geleden"): a
/// comment's header, not a teaser's headline.
fn stamped(rules: &ActiveRules<'_>, text: &str) -> bool {
    let text = text.trim();
    let mut rest = text;
    for _ in 0..STAMP_AFTER_MAX_WORDS {
        let Some((_, after)) = rest.split_once(char::is_whitespace) else {
            return false;
        };
        rest = after.trim_start_matches(|c: char| c.is_whitespace() || "·•|,–—-".contains(c));
        if rest.bytes().any(|b| b.is_ascii_digit()) && rules.is_clutter_line(rest) {
            return true;
        }
    }
    false
}

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
    let total = chars(blocks);

    // 1. cut_from: the first match with enough article before it.
    let mut before = 0usize;
    let mut prose_before = 0usize;
    let mut cut: Option<(usize, usize)> = None;
    // Cut matches inside the article's run of paragraphs or too early to
    // cut: removed alone. How many of each kind, and the first, for the notes.
    let mut alone: Vec<(usize, usize)> = Vec::new();
    let (mut in_run, mut early) = (0usize, 0usize);
    let mut first_in_run: Option<(usize, usize)> = None;
    let mut first_early: Option<(usize, String)> = None;
    let mut screen_memo = HashMap::new();
    let mut screened: Vec<bool> = blocks
        .iter()
        .map(|b| remembered(&mut screen_memo, &b.text, || may_hit_either(rules, &b.text)))
        .collect();
    let mut cut_memo = HashMap::new();
    let mut firsts: Option<HashMap<u32, usize>> = None;
    // The end of a teaser box that went alone with its label (plain text).
    let mut box_end = 0usize;
    let seen = |j: usize| {
        let Some(b) = blocks.get(j) else {
            return Seen::Other;
        };
        let text = b.text.trim();
        let maybe = may_hit_either(rules, text);
        if maybe && cut_hit(rules, text).is_some() {
            Seen::Label
        } else if maybe && drop_hit(rules, text).is_some() {
            Seen::Dropped
        } else if stamped(rules, text) {
            Seen::Stamped
        } else {
            Seen::Other
        }
    };
    for (i, (block, &maybe)) in blocks.iter().zip(&screened).enumerate() {
        if i < box_end {
            continue;
        }
        let hit = if maybe {
            remembered(&mut cut_memo, &block.text, || cut_hit(rules, &block.text))
        } else {
            None
        };
        if let Some((rule, _)) = hit {
            let enough = prose_before >= 2 || before * 10 >= total * 3;
            let stray = (prose_before >= 1 && enough)
                .then(|| {
                    let firsts = firsts.get_or_insert_with(|| first_prose(blocks, nodes));
                    inside_run(blocks, i, nodes, firsts, seen)
                })
                .flatten();
            if let Some(n) = stray {
                for k in i..i + n {
                    alone.push((k, rule));
                }
                box_end = i + n;
                in_run += 1;
                first_in_run.get_or_insert((i, rule));
                continue;
            }
            if enough {
                cut = Some((i, rule));
                break;
            }
            // Too early to end the article, but still the label it names
            // ("Most Read" above the story, a comment count in its meta line).
            // It is no article either: it does not count towards `before`,
            // or enough such lines would let the next one cut the article
            // that follows them.
            alone.push((i, rule));
            early += 1;
            first_early.get_or_insert_with(|| (rule, shorten(&block.text, 60)));
            continue;
        }
        before += block.text.chars().count();
        if is_prose(block) {
            prose_before += 1;
        }
    }
    let mut cut_removals = Vec::new();
    if let Some((at, rule)) = cut {
        for b in blocks.drain(at..) {
            cut_removals.push(removal(rules, rule, &b.text));
        }
    }
    if !alone.is_empty() {
        // The rule that removes each block alone, if any; one pass over the
        // blocks and one over their screen flags (a page may hold thousands).
        let mut gone: Vec<Option<usize>> = vec![None; blocks.len()];
        for &(at, rule) in &alone {
            if let Some(slot) = gone.get_mut(at) {
                *slot = Some(rule);
            }
        }
        let mut stray_removals = Vec::with_capacity(alone.len());
        let mut marks = gone.iter();
        blocks.retain(|b| match marks.next().copied().flatten() {
            Some(rule) => {
                stray_removals.push(removal(rules, rule, &b.text));
                false
            }
            None => true,
        });
        let mut marks = gone.iter();
        screened.retain(|_| marks.next().is_none_or(Option::is_none));
        stray_removals.append(&mut cut_removals);
        cut_removals = stray_removals;
    }
    if let Some((rule, text)) = first_early {
        let id = rules.rule(rule).map_or("?", |r| r.id.as_str());
        out.notes.push(format!(
            "cut_from rule `{id}` matched {text:?} ({early} line(s) in all) with too little article before it; removed alone, not cut"
        ));
    }
    if let Some((at, rule)) = first_in_run {
        let id = rules.rule(rule).map_or("?", |r| r.id.as_str());
        out.notes.push(format!(
            "cut_from rule `{id}` matched {in_run} line(s) inside the article's run of paragraphs (first at block {at}); removed alone (with any teaser lines under them), not cut"
        ));
    }

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
    let head_end = blocks
        .iter()
        .position(|b| {
            is_prose(b)
                && (b.node != 0 || crate::reflow::ends_sentence(&b.text))
                && !rules.is_clutter_line(&b.text)
        })
        .unwrap_or(0);
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
        // Header bits set side by side on one line, over the first paragraph.
        if let Verdict::Keep(None, _) = verdict {
            if at < head_end && block.kind != BlockKind::TableRow {
                if let Some((rule, pattern)) = compound_hit(rules, &block.text) {
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
                // Natarajan" over "Priya Natarajan covers …") is its heading.
                let named_above = at > 0
                    && last_kept == Some(at - 1)
                    && result.last().is_some_and(|b| names_box(b, &block.text));
                if named_above {
                    if let Some(name) = result.pop() {
                        kept_from.pop();
                        block_removals.push(removal(rules, rule, &name.text));
                        mark(&mut dropped, &mut gone, at - 1, rule, false);
                    }
                    last_kept = None;
                }
                block_removals.push(removal(rules, rule, &block.text));
                mark(&mut dropped, &mut gone, at, rule, pattern.has_groups());
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
    // The rest of a wrapped clutter line, reflowed into a block of its own.
    let runs_on = if nodes.is_empty() {
        runs_on_from_dropped(blocks, &gone)
    } else {
        Vec::new()
    };
    if between.iter().any(Option::is_some)
        || captions.contains(&true)
        || runs_on.iter().any(Option::is_some)
        || !nodes.is_empty()
    {
        let mut goes = Vec::with_capacity(result.len());
        for (b, &at) in result.iter().zip(&kept_from) {
            if captions.get(at).copied().unwrap_or(false) {
                block_removals.push(builtin(CAPTION_OVER_CREDIT, &b.text));
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
        // `result` and `kept_from` stay side by side (`header_bits` reads both).
        let mut marks = goes.iter();
        result.retain(|_| !marks.next().copied().unwrap_or(false));
        let mut marks = goes.iter();
        kept_from.retain(|_| !marks.next().copied().unwrap_or(false));
    }
    // Where each kept block before the first paragraph was: the first entries
    // of `result`, which the pass above left in place.
    let head_kept = kept_from.iter().take_while(|&&at| at < head_end).count();
    let kept_at = kept_from.get(..head_kept).unwrap_or_default();
    header_bits(rules, &dropped, kept_at, &mut result, &mut block_removals);
    // Tags and the author's box after the last sentence (plain text only).
    if nodes.is_empty() {
        if let Some((at, parts)) = tail(&result, captured.author.as_deref()) {
            for (b, part) in result.drain(at..).zip(parts) {
                block_removals.push(builtin(part.id(), &b.text));
            }
        }
    }
    // A table of contents: lines that repeat subheadings further down.
    let contents = contents_lines(&result);
    if contents.contains(&true) {
        let mut marks = contents.iter();
        result.retain(|b| {
            let goes = marks.next().copied().unwrap_or(false);
            if goes {
                block_removals.push(builtin(CONTENTS_LINE, &b.text));
            }
            !goes
        });
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
