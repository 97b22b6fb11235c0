//! Stage: block rules — `cut_from`, the first pass over the article's blocks.
//! The first line a `cut_from` rule matches, with enough article before it,
//! ends the article: it and every block after it go. A match with too little
//! article before it, or in the middle of the article's own run of paragraphs
//! (a "15 Comments" link between two of them, in one element; in plain text,
//! one followed by long sentences, or by a few teaser headlines and then long
//! sentences), removes that block alone (with those headlines). Used by
//! `apply`.

use std::collections::HashMap;

use super::apply::{chars, is_prose, removal};
use super::context::{first_prose, inside_run, Seen};
use super::matching::{cut_hit, drop_hit, may_hit_either, remembered};
use super::ActiveRules;
use crate::article::{shorten, Removal};
use crate::blocks::{Block, NodeInfo};

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

/// Applies the `cut_from` rules to `blocks` (see the module's doc), with
/// `nodes` the page's element table (empty for plain text). Returns what went,
/// in order, for each block left whether the rules' screen lets it through
/// (so the next pass need not screen it again), and whether a match ended the
/// article; adds a note for matches that only removed their own line.
pub(super) fn cut_from(
    rules: &ActiveRules<'_>,
    blocks: &mut Vec<Block>,
    nodes: &[NodeInfo],
    notes: &mut Vec<String>,
) -> (Vec<Removal>, Vec<bool>, bool) {
    let total = chars(blocks);
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
        notes.push(format!(
            "cut_from rule `{id}` matched {text:?} ({early} line(s) in all) with too little article before it; removed alone, not cut"
        ));
    }
    if let Some((at, rule)) = first_in_run {
        let id = rules.rule(rule).map_or("?", |r| r.id.as_str());
        notes.push(format!(
            "cut_from rule `{id}` matched {in_run} line(s) inside the article's run of paragraphs (first at block {at}); removed alone (with any teaser lines under them), not cut"
        ));
    }
    (cut_removals, screened, cut.is_some())
}
