//! Stage: structural cleaners inside the article — small boxes set amid it
//! that no class name gives away.
//! - A box built around a form: a sign-up box, a search box, a poll or a
//!   shop's "Add to cart" is a `<form>` with a few short lines around it (the
//!   box's heading and pitch: "Get the Morning Brief" / "The news you need
//!   before your first coffee"). The form's fields give no text, so no rule
//!   sees the box: its lines read as a heading and a sentence. The form names
//!   it.
//! - A box around a paid link: a shop's card or a deal widget amid a review
//!   ("ZZ plant" / "£22 at Leaf & Loam" / "Buy now"), often with hashed class
//!   names, is told by its `rel="sponsored"` link, which makes up much of its
//!   line.
//! - A box the class/id rules mostly emptied: a podcast promo whose player and
//!   subscribe links went leaves its label and the episode's title ("Listen to
//!   The Daily" / "Episode 212: Who gets to cross the street?"); they go too.
//!
//! Used by `structure`, after the class/id rules and the credits.

use super::features::reads_as_sentence;
use super::features::Totals;
use super::structure::Hit;
use super::Extracted;
use crate::blocks::{Block, BlockDoc, BlockKind};

/// Longest line (characters) of a form's box: its heading and pitch are
/// short; a longer one is the article's.
const FORM_LINE_MAX_CHARS: usize = 200;
/// Most blocks of text in a form's box.
const FORM_BOX_MAX_BLOCKS: u32 = 4;
/// Most characters of text in a form's box.
const FORM_BOX_MAX_CHARS: u32 = 320;
/// Most of the article's characters in a form's box, as a share: a box is a
/// small part of the article it sits in, not the page's few lines themselves.
const FORM_BOX_MAX_SHARE: f32 = 0.25;
/// Most elements without text of the article between a form and its box
/// (the form's own wrappers).
const FORM_BOX_MAX_WRAPPERS: usize = 3;

/// Marks the lines of the boxes around forms (see [`form_boxes`]) as
/// [`Hit::FormBox`], unless a line of a box is longer than
/// [`FORM_LINE_MAX_CHARS`]: then the box holds the article's own text; and
/// the lines of the small boxes around paid links (see [`paid_boxes`]) as
/// [`Hit::PaidBox`].
pub(super) fn mark_small_boxes(
    doc: &BlockDoc,
    article: &Extracted,
    node_text: &[Totals],
    core_path: &[u32],
    total: usize,
    hits: &mut [Option<(u32, Hit)>],
) {
    let forms = form_boxes(doc, node_text, core_path, total);
    let long = |b: &Block| b.text.chars().count() > FORM_LINE_MAX_CHARS;
    mark_boxes(doc, article, forms, long, Hit::FormBox, hits);
    let paid = paid_boxes(doc, article, node_text, core_path, total);
    // A list's items are the article's own (the stops of a sponsored trip,
    // each linked); so is a long line.
    let own = |b: &Block| {
        b.text.chars().count() > PAID_LINE_MAX_CHARS || matches!(b.kind, BlockKind::ListItem(_))
    };
    mark_boxes(doc, article, paid, own, Hit::PaidBox, hits);
}

/// Marks the blocks inside `boxes` (sorted element indices) as `hit`, save
/// the boxes that hold a block `own` says is the article's.
fn mark_boxes(
    doc: &BlockDoc,
    article: &Extracted,
    mut boxes: Vec<u32>,
    own: impl Fn(&Block) -> bool,
    hit: Hit,
    hits: &mut [Option<(u32, Hit)>],
) {
    if boxes.is_empty() {
        return;
    }
    let box_of = |boxes: &[u32], i: usize, b: &Block| {
        doc.ancestors(b.node)
            .take_while(|&a| a != article.origin(i))
            .find(|a| boxes.binary_search(a).is_ok())
    };
    let kept: Vec<u32> = article
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| own(b))
        .filter_map(|(i, b)| box_of(&boxes, i, b))
        .collect();
    boxes.retain(|b| !kept.contains(b));
    for (i, (slot, block)) in hits.iter_mut().zip(&article.blocks).enumerate() {
        if slot.is_none() {
            *slot = box_of(&boxes, i, block).map(|a| (a, hit));
        }
    }
}

/// The boxes around the forms inside the article (see [`enclosing_boxes`]).
/// A page wrapped in one big form (ASP.NET) holds the whole article and has
/// no box.
fn form_boxes(doc: &BlockDoc, node_text: &[Totals], core_path: &[u32], total: usize) -> Vec<u32> {
    let forms = doc
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| &*node.tag == "form")
        .filter_map(|(idx, _)| u32::try_from(idx).ok());
    enclosing_boxes(doc, forms, node_text, core_path, total)
}

/// For each element of `seeds` (a form, an element with a paid link), its
/// largest enclosing element (itself included) that still holds only a few
/// short blocks of the article (see the limits above) and is not on the
/// article's core (`core_path`, sorted), going up over at most a few empty
/// wrappers first. `node_text` is the article's text under each node, `total`
/// the article's characters. Sorted, without repeats.
fn enclosing_boxes(
    doc: &BlockDoc,
    seeds: impl Iterator<Item = u32>,
    node_text: &[Totals],
    core_path: &[u32],
    total: usize,
) -> Vec<u32> {
    let small = |idx: u32| {
        node_text.get(idx as usize).is_some_and(|t| {
            t.blocks <= FORM_BOX_MAX_BLOCKS
                && t.chars <= FORM_BOX_MAX_CHARS
                && t.chars as f32 <= total as f32 * FORM_BOX_MAX_SHARE
        })
    };
    let mut boxes = Vec::new();
    for idx in seeds {
        // Text is counted below each block's origin only: going up, an
        // element with none after one with some lies above the origin.
        let mut best = None;
        for (level, anc) in doc.ancestors(idx).enumerate() {
            let empty = node_text.get(anc as usize).is_none_or(|t| t.blocks == 0);
            if empty && (best.is_some() || level >= FORM_BOX_MAX_WRAPPERS) {
                break;
            }
            if empty {
                continue;
            }
            if !small(anc) || core_path.binary_search(&anc).is_ok() {
                break;
            }
            best = Some(anc);
        }
        boxes.extend(best);
    }
    boxes.sort_unstable();
    boxes.dedup();
    boxes
}

/// Fewest blocks of a box around a paid link: a product's card holds its
/// name, price or button; a paragraph with a paid link in it is one block.
const PAID_BOX_MIN_BLOCKS: u32 = 2;
/// Longest line (characters) of a box around a paid link.
const PAID_LINE_MAX_CHARS: usize = 120;
/// Least share of its line that the paid link's line gives to links ("Buy
/// now", "Lumo Reader 7 £149 View at Lumo"): a sentence that mentions a
/// product with a paid link on its name gives less.
const PAID_LINE_MIN_LINK_DENSITY: f32 = 0.3;

/// The small boxes around paid links (`rel="sponsored"`) inside the article:
/// a shop's card set amid a review or a listicle ("ZZ plant" / "£22 at Leaf &
/// Loam" / "Buy now"), a deal widget ("Argos £145 View Deal"). The link's own
/// line gives much of itself to links and the box holds two blocks or more;
/// [`mark_small_boxes`] spares a box with a list item or a line longer than
/// [`PAID_LINE_MAX_CHARS`]; the other limits are a form box's.
fn paid_boxes(
    doc: &BlockDoc,
    article: &Extracted,
    node_text: &[Totals],
    core_path: &[u32],
    total: usize,
) -> Vec<u32> {
    let seeds: Vec<u32> = article
        .blocks
        .iter()
        .filter(|b| {
            doc.nodes.get(b.node as usize).is_some_and(|n| n.paid_link)
                && b.link_density() >= PAID_LINE_MIN_LINK_DENSITY
        })
        .map(|b| b.node)
        .collect();
    if seeds.is_empty() {
        return Vec::new();
    }
    let mut boxes = enclosing_boxes(doc, seeds.into_iter(), node_text, core_path, total);
    boxes.retain(|&b| {
        node_text
            .get(b as usize)
            .is_some_and(|t| t.blocks >= PAID_BOX_MIN_BLOCKS)
    });
    boxes
}

/// Most blocks of a box that the rules may have emptied.
const EMPTIED_MAX_BLOCKS: u32 = 6;
/// Fewest of its blocks the rules must have removed.
const EMPTIED_MIN_GONE: u32 = 2;
/// Longest line (characters) left in an emptied box: a label or a title.
const EMPTIED_LINE_MAX_CHARS: usize = 80;
/// Most levels above a line that its box may lie.
const EMPTIED_MAX_LEVELS: usize = 4;

/// Whether a line left in a box may be the box's: short, not a sentence, and
/// no list item (a list's items are the article's, whatever went beside them).
fn box_line(block: &Block) -> bool {
    let text = block.text.trim();
    text.chars().count() <= EMPTIED_LINE_MAX_CHARS
        && !text.ends_with(['.', '!', ':', ';', ','])
        && !matches!(block.kind, BlockKind::ListItem(_))
}

/// Marks the lines left in small boxes that the class/id rules (and the
/// credits and form boxes) mostly emptied, as [`Hit::EmptiedBox`]. A box is
/// the innermost element around a kept line, below the line's origin and off
/// the article's core (`core_path`, sorted), that holds at most
/// [`EMPTIED_MAX_BLOCKS`] blocks, of which at least [`EMPTIED_MIN_GONE`] and
/// at least as many as are kept went, and whose kept lines are all short
/// labels or titles (see [`box_line`]). Only after the article's first
/// sentence: above it, the header's box loses its byline and date.
pub(super) fn mark_emptied_boxes(
    doc: &BlockDoc,
    article: &Extracted,
    node_text: &[Totals],
    core_path: &[u32],
    hits: &mut [Option<(u32, Hit)>],
) {
    let levels = |i: usize, b: &Block| {
        doc.ancestors(b.node)
            .take_while(move |&a| a != article.origin(i))
            .take(EMPTIED_MAX_LEVELS)
    };
    // Nothing went, nothing was emptied: no tables for the page's elements.
    if hits.iter().all(Option::is_none) {
        return;
    }
    // For each element: the blocks under it that went, and whether a kept
    // one is no box line.
    let mut gone = vec![0u32; doc.nodes.len()];
    let mut prose = vec![false; doc.nodes.len()];
    for (i, (hit, block)) in hits.iter().zip(&article.blocks).enumerate() {
        let gone_here = hit.is_some();
        let keeps_prose = !gone_here && !box_line(block);
        for a in levels(i, block) {
            if gone_here {
                if let Some(n) = gone.get_mut(a as usize) {
                    *n += 1;
                }
            } else if keeps_prose {
                if let Some(p) = prose.get_mut(a as usize) {
                    *p = true;
                }
            }
        }
    }
    let emptied = |a: u32| {
        let Some(t) = node_text.get(a as usize) else {
            return false;
        };
        let went = gone.get(a as usize).copied().unwrap_or(0);
        t.blocks <= EMPTIED_MAX_BLOCKS
            && went >= EMPTIED_MIN_GONE
            && went * 2 >= t.blocks
            && !prose.get(a as usize).copied().unwrap_or(true)
            && core_path.binary_search(&a).is_err()
    };
    // The article's header (headline, standfirst, byline, date) is a box the
    // rules empty too; boxes are looked for after its first sentence.
    let first_sentence = article
        .blocks
        .iter()
        .position(|b| b.kind == BlockKind::Paragraph && reads_as_sentence(&b.text))
        .unwrap_or(usize::MAX);
    for i in first_sentence..hits.len() {
        let (Some(None), Some(block)) = (hits.get(i), article.blocks.get(i)) else {
            continue;
        };
        if !box_line(block) {
            continue;
        }
        // The innermost element holding another block decides.
        let boxed = levels(i, block)
            .find(|&a| node_text.get(a as usize).is_some_and(|t| t.blocks > 1))
            .filter(|&a| emptied(a));
        if let (Some(a), Some(slot)) = (boxed, hits.get_mut(i)) {
            *slot = Some((a, Hit::EmptiedBox));
        }
    }
}
