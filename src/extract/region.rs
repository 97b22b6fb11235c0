//! Stage: find the article — growing the best candidate into the article region.
//! The best-scoring element is often one part of the article (one section, one
//! step of a how-to, the body without its lead). From it the region climbs to
//! the parent, level by level, and takes in the siblings that read like the
//! article (prose, few links, not marked unlikely), the short neutral pieces
//! between taken parts (headings, images, small lists), and a heading right
//! before a taken part. Link lists, teaser rails and unlikely elements are never
//! taken. Climbing stops at the page root or after a few levels that add
//! nothing. Reads `features` and `score`; read by `extract`.

use super::features::{Features, Totals, MAX_PROSE_LINK_DENSITY};
use crate::blocks::{BlockDoc, BlockKind, NodeInfo};

/// Parameters of the growth, kept together so that tests can vary them.
#[derive(Debug, Clone, Copy)]
pub struct GrowParams {
    /// A sibling needs at least this much good text (characters)…
    pub min_good: f32,
    /// …and at least this share of the region's good text so far, unless it is
    /// next to a taken piece or looks like one of a series with the region.
    pub min_share: f32,
    /// Highest link density of a sibling taken for its prose.
    pub max_link_density: f32,
    /// Levels climbed without taking anything before growth stops.
    pub max_idle_levels: u32,
    /// Levels above the best candidate at which weak prose may still be taken.
    pub weak_levels: u32,
}

impl Default for GrowParams {
    fn default() -> Self {
        GrowParams {
            min_good: 100.0,
            min_share: 0.2,
            max_link_density: 0.25,
            max_idle_levels: 5,
            weak_levels: 3,
        }
    }
}

/// One piece of an element's content: a child element or a block of text
/// directly inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// A child element (index into the node table).
    Node(u32),
    /// A block (index into the block list) whose own element is the parent.
    Block(u32),
    /// A block of the lead (index into the block list) and the element where
    /// it meets the region (see `lead`).
    Lead(u32, u32),
}

/// The article region: the pieces taken, in no particular order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Region {
    /// Pieces taken.
    pub pieces: Vec<Piece>,
    /// Good text in the region (characters, see `BlockInfo::good`).
    pub good: f32,
}

impl Region {
    /// For each block of the page, the element its piece hangs from, or `None`
    /// when outside: the parent of a taken element, or the element of a block
    /// taken alone. The structural cleaners look at the elements below it.
    pub fn origins(&self, doc: &BlockDoc, f: &Features) -> Vec<Option<u32>> {
        let mut out = vec![None; doc.blocks.len()];
        for piece in &self.pieces {
            match *piece {
                Piece::Node(n) => {
                    let above = doc
                        .nodes
                        .get(n as usize)
                        .and_then(|x| x.parent)
                        .unwrap_or(n);
                    for i in f.range(n) {
                        if let Some(slot) = out.get_mut(i) {
                            *slot = Some(above);
                        }
                    }
                }
                Piece::Block(b) => {
                    let node = doc.blocks.get(b as usize).map(|bl| bl.node);
                    if let Some(slot) = out.get_mut(b as usize) {
                        *slot = node;
                    }
                }
                Piece::Lead(b, meet) => {
                    if let Some(slot) = out.get_mut(b as usize) {
                        *slot = Some(meet);
                    }
                }
            }
        }
        out
    }
}

/// Neutral pieces that may separate a taken piece from weak prose next to it.
const MAX_GAP: usize = 2;
/// More link lines than prose blocks plus this makes a piece navigation.
const MAX_LINK_LINES: u32 = 2;

/// How a sibling piece reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// No kept text at all.
    Empty,
    /// Part of the article.
    Good,
    /// Prose, but too little to be taken unless next to a taken piece.
    Weak,
    /// Short text without many links (a heading, a caption, a small list).
    Neutral,
    /// A heading: neutral, and taken when it leads into a taken piece.
    Heading,
    /// Navigation, teasers, unlikely elements.
    Bad,
}

/// How a piece with text totals `t` reads, when `need` characters of good text
/// make a sibling good on its own.
fn judge(t: &Totals, unlikely: bool, heading: bool, need: f32, p: &GrowParams) -> Verdict {
    if t.chars == 0 {
        return Verdict::Empty;
    }
    if unlikely {
        return Verdict::Bad;
    }
    let ld = t.link_density();
    if ld > MAX_PROSE_LINK_DENSITY {
        return Verdict::Bad;
    }
    // Teaser boxes pair each summary with a linked headline: a piece taken for
    // its prose has fewer link lines than prose blocks.
    if t.prose > 0 && ld <= p.max_link_density && t.link_blocks * 2 <= t.prose + 1 {
        if t.good >= need {
            return Verdict::Good;
        }
        if t.good >= p.min_good {
            return Verdict::Weak;
        }
    }
    if heading {
        return Verdict::Heading;
    }
    if t.link_blocks > t.prose + MAX_LINK_LINES {
        return Verdict::Bad;
    }
    Verdict::Neutral
}

/// Grows the region from the element `best`.
pub fn grow(
    doc: &BlockDoc,
    f: &Features,
    kept: &[Totals],
    excluded: &[bool],
    best: u32,
    p: &GrowParams,
) -> Region {
    let mut region = Region {
        pieces: vec![Piece::Node(best)],
        good: kept.get(best as usize).map_or(0.0, |t| t.good),
    };
    let mut cur = best;
    let mut idle = 0;
    let mut level = 0u32;
    while let Some(parent) = doc.nodes.get(cur as usize).and_then(|n| n.parent) {
        let Some(pnode) = doc.nodes.get(parent as usize) else {
            break;
        };
        if pnode.parent.is_none() || &*pnode.tag == "html" {
            break;
        }
        let need = p.min_good.max(region.good * p.min_share);
        // The parent's pieces in document order, with their verdicts.
        let mut pieces: Vec<(Piece, Verdict)> = Vec::new();
        let mut pos = f.range(parent).start;
        let push_own = |from: usize, to: usize, pieces: &mut Vec<(Piece, Verdict)>| {
            for b in from..to {
                let (Some(block), Some(info)) = (doc.blocks.get(b), f.blocks.get(b)) else {
                    continue;
                };
                if block.node != parent {
                    continue;
                }
                let mut t = Totals::default();
                t.add_block(info);
                let heading = matches!(block.kind, BlockKind::Heading(_));
                pieces.push((Piece::Block(b as u32), judge(&t, false, heading, need, p)));
            }
        };
        // A later `<article>` with a headline of its own, after a part that
        // holds one, is the next story (an infinite scroll's; Medium sets a
        // post's section titles as `<h1>`, but not in articles of their own).
        // An earlier one may be the page's own story, over a candidate that
        // outscored it: it stays a candidate for the region.
        let cur_range = f.range(cur);
        let mut cur_headed: Option<bool> = None;
        for child in f.children(parent) {
            let r = f.range(child);
            push_own(pos, r.start, &mut pieces);
            pos = pos.max(r.end);
            let verdict = if child == cur {
                Verdict::Good
            } else if r.start > cur_range.start
                && doc
                    .nodes
                    .get(child as usize)
                    .is_some_and(|n| &*n.tag == "article")
                && holds_headline(doc, r.clone())
                && *cur_headed.get_or_insert_with(|| holds_headline(doc, cur_range.clone()))
            {
                Verdict::Bad
            } else if similar(doc, child, cur) {
                let t = kept.get(child as usize).copied().unwrap_or_default();
                let unlikely = excluded.get(child as usize).copied().unwrap_or(false);
                judge(&t, unlikely, false, p.min_good, p)
            } else {
                let t = kept.get(child as usize).copied().unwrap_or_default();
                let unlikely = excluded.get(child as usize).copied().unwrap_or(false);
                let heading = doc
                    .nodes
                    .get(child as usize)
                    .is_some_and(NodeInfo::is_heading);
                judge(&t, unlikely, heading, need, p)
            };
            pieces.push((Piece::Node(child), verdict));
        }
        push_own(pos, f.range(parent).end, &mut pieces);

        level += 1;
        if level > p.weak_levels {
            for (_, v) in pieces.iter_mut() {
                if *v == Verdict::Weak {
                    *v = Verdict::Neutral;
                }
            }
        }
        let taken = take(&pieces);
        let mut added = false;
        for (i, (piece, _)) in pieces.iter().enumerate() {
            if taken.get(i).copied().unwrap_or(false) && *piece != Piece::Node(cur) {
                region.pieces.push(*piece);
                region.good += match *piece {
                    Piece::Node(n) => kept.get(n as usize).map_or(0.0, |t| t.good),
                    Piece::Block(b) | Piece::Lead(b, _) => {
                        f.blocks.get(b as usize).map_or(0.0, |b| b.good())
                    }
                };
                added = true;
            }
        }
        let other_content = pieces
            .iter()
            .any(|(piece, v)| *piece != Piece::Node(cur) && *v != Verdict::Empty);
        if added {
            idle = 0;
        } else if other_content {
            idle += 1;
            if idle >= p.max_idle_levels {
                break;
            }
        }
        cur = parent;
    }
    region
}

/// Whether the blocks in `range` hold a top-level headline (`<h1>`).
fn holds_headline(doc: &BlockDoc, range: std::ops::Range<usize>) -> bool {
    doc.blocks
        .get(range)
        .is_some_and(|blocks| blocks.iter().any(|b| b.kind == BlockKind::Heading(1)))
}

/// Whether two elements look like parts of one series (same tag and class/id,
/// ignoring digits: `step-1`, `step-2`).
fn similar(doc: &BlockDoc, a: u32, b: u32) -> bool {
    let (Some(x), Some(y)) = (doc.nodes.get(a as usize), doc.nodes.get(b as usize)) else {
        return false;
    };
    if x.tag != y.tag {
        return false;
    }
    let letters = |s: &'_ str| {
        s.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<Vec<_>>()
    };
    !x.class_id.is_empty() && letters(&x.class_id) == letters(&y.class_id)
}

/// Which pieces to take: the good ones; then, outwards from each taken piece,
/// weak prose reached over at most [`MAX_GAP`] neutral pieces (which are taken
/// with it); neutral pieces between two taken pieces; and headings leading into
/// the first taken piece. Linear: one sweep each way.
fn take(pieces: &[(Piece, Verdict)]) -> Vec<bool> {
    let mut taken: Vec<bool> = pieces.iter().map(|(_, v)| *v == Verdict::Good).collect();
    let verdict = |i: usize| pieces.get(i).map_or(Verdict::Bad, |(_, v)| *v);
    let n = pieces.len();
    sweep(&mut taken, (0..n).collect::<Vec<_>>(), &verdict);
    sweep(&mut taken, (0..n).rev().collect::<Vec<_>>(), &verdict);
    let first = taken.iter().position(|t| *t);
    let last = taken.iter().rposition(|t| *t);
    if let (Some(first), Some(last)) = (first, last) {
        for i in first..=last {
            if let Some(slot) = taken.get_mut(i) {
                if matches!(
                    verdict(i),
                    Verdict::Neutral | Verdict::Heading | Verdict::Weak
                ) {
                    *slot = true;
                }
            }
        }
        // Headings (skipping empty pieces) leading into the first taken piece.
        for i in (0..first).rev() {
            match verdict(i) {
                Verdict::Empty => continue,
                Verdict::Heading => {
                    if let Some(slot) = taken.get_mut(i) {
                        *slot = true;
                    }
                }
                _ => break,
            }
        }
    }
    taken
}

/// One sweep of [`take`] in the order of `order`: weak prose within reach of a
/// taken piece is taken, with the neutral pieces before it.
fn sweep(taken: &mut [bool], order: Vec<usize>, verdict: &impl Fn(usize) -> Verdict) {
    let mut reach = false;
    let mut between: Vec<usize> = Vec::new();
    for i in order {
        if taken.get(i).copied().unwrap_or(false) {
            reach = true;
            between.clear();
            continue;
        }
        match verdict(i) {
            Verdict::Empty => {}
            Verdict::Neutral | Verdict::Heading if reach && between.len() < MAX_GAP => {
                between.push(i);
            }
            Verdict::Weak if reach => {
                for k in between.drain(..).chain([i]) {
                    if let Some(slot) = taken.get_mut(k) {
                        *slot = true;
                    }
                }
            }
            _ => {
                reach = false;
                between.clear();
            }
        }
    }
}
