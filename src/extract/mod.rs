//! Stage: find the article — [`BlockDoc`] of the whole page → the blocks of the
//! article body. Runs after `blocks`, before the block rules, in steps that each
//! live in their own file:
//!
//! 1. `features`: measure every block (length, links, punctuation) and element.
//! 2. `score`: mark unlikely elements (navigation, comments, sidebars…, but not
//!    the elements around the headline), score candidates, and take the best
//!    one, or the container it shares with several near-equal rivals.
//! 3. `region`: grow the best candidate over the siblings that belong to it.
//! 4. `crosscheck`: when the page's JSON-LD `articleBody` is mostly outside the
//!    region, grow the element that holds it instead.
//! 5. `lead`: add the standfirst between the headline and the region.
//! 6. fallback (here): when the region is tiny next to the page's prose, retry
//!    with only comment sections and overlays (login, sign-up, consent and
//!    newsletter boxes) marked, then (for a region under 500 characters) with
//!    only overlays marked, and keep an attempt only if it holds half as much
//!    good text again; a page with no prose at all keeps every block.
//! 7. `structure`, `boxes` and `tidy` (called by the pipeline next): clutter
//!    inside the region, small boxes amid it, and its edges. When the page's markup shows little of a long
//!    JSON-LD `articleBody` (a script renders the text), the pipeline takes
//!    the article from `articleBody` instead ([`body_stands_in`]).
//!
//! Everything left out is recorded as an `outside-article` removal.

mod boxes;
mod crosscheck;
#[cfg(test)]
mod dump;
mod features;
mod headline;
mod lead;
mod region;
mod score;
mod structure;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_edges;
#[cfg(test)]
mod tests_structure;
mod tidy;
mod words;

pub use crosscheck::{body_stands_in, TrigramSet};
pub use headline::drop_author_lines;
pub use structure::clean_structure;
pub(crate) use tidy::trailing_start;

use crate::article::{shorten, Removal, Stage};
use crate::blocks::{Block, BlockDoc};
use features::{Features, Totals};
use region::{GrowParams, Region};
use score::Exclusion;

/// The chosen article: its blocks and the containers they came from.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The article's blocks, in page order.
    pub blocks: Vec<Block>,
    /// The container nodes chosen as the article.
    pub roots: Vec<u32>,
    /// For each block, the element it was taken through (a root, or the parent
    /// of a block taken alone); the structural cleaners look no higher.
    origins: Vec<u32>,
    /// The best-scoring container, the article's core (none when a site rule
    /// named the root).
    core: Option<u32>,
    /// Set by [`clean_structure`]: the region's prose is all in comment-named
    /// elements (a forum topic, a guestbook), so they were kept as the article.
    pub(crate) thread: bool,
}

impl Extracted {
    /// The whole page as the article (a site rule named the article root).
    pub fn whole(doc: &BlockDoc) -> Extracted {
        Extracted {
            blocks: doc.blocks.clone(),
            roots: vec![0],
            origins: vec![0; doc.blocks.len()],
            core: None,
            thread: false,
        }
    }

    /// The element block `i` was taken through.
    fn origin(&self, i: usize) -> u32 {
        self.origins.get(i).copied().unwrap_or(0)
    }
}

/// What the page says about its own article, used as cross-checks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// JSON-LD `articleBody`, as plain text (one paragraph per line).
    pub json_ld_body: Option<&'a str>,
    /// The page title (from the metadata).
    pub title: Option<&'a str>,
}

/// Characters of text kept in an `outside-article` removal record…
const RECORD_CHARS: usize = 160;
/// …gathered from at most about this many bytes of a run of blocks.
const RECORD_BYTES: usize = 1000;

/// A region is "tiny" below this many characters…
const TINY_CHARS: u32 = 500;
/// …or below this share of the page's good text.
const TINY_SHARE: f32 = 0.25;

/// One attempt at finding the region, with or without the unlikely marks.
struct Attempt {
    region: Region,
    chars: u32,
}

fn attempt(
    doc: &BlockDoc,
    f: &Features,
    exclusion: Exclusion,
    hints: &Hints<'_>,
) -> Option<Attempt> {
    let headline = score::headline(doc, hints.title);
    let excluded = score::excluded(doc, exclusion, headline);
    let kept: Vec<Totals> = f.totals_where(doc, |i| {
        doc.blocks
            .get(i)
            .and_then(|b| excluded.get(b.node as usize))
            .is_some_and(|e| !*e)
    });
    let scores = score::candidate_scores(doc, f, &excluded, &kept);
    let best = score::best_candidate(doc, &scores)?;
    let params = GrowParams::default();
    let mut region = region::grow(doc, f, &kept, &excluded, best, &params);
    if let Some(body) = hints.json_ld_body {
        if let Some(better) = crosscheck::check(doc, f, &kept, &excluded, &region, body, &params) {
            region = better;
        }
    }
    if let Some(h) = headline {
        lead::extend(doc, f, &excluded, &mut region, h);
    }
    let origins = region.origins(doc, f);
    let chars = origins
        .iter()
        .zip(&f.blocks)
        .filter(|(o, _)| o.is_some())
        .map(|(_, b)| b.chars)
        .sum();
    Some(Attempt { region, chars })
}

/// Picks the article out of `doc`, recording what was left outside in `removed`.
pub fn find_article(doc: &BlockDoc, hints: &Hints<'_>, removed: &mut Vec<Removal>) -> Extracted {
    let f = Features::new(doc);
    // Tiny next to all the page's prose, unlikely elements included: the marks
    // may have hidden the article (a layout wrapper named `sidebar-layout`).
    let page_good = f.totals(0).good;
    let tiny = |a: &Attempt| a.chars < TINY_CHARS || a.region.good < page_good * TINY_SHARE;
    let mut best = attempt(doc, &f, Exclusion::Full, hints);
    for level in [Exclusion::CommentsAndOverlays, Exclusion::OverlaysOnly] {
        let retry = match &best {
            None => true,
            // Without any marks comment threads compete: only for a region
            // that is tiny in itself.
            Some(a) if level == Exclusion::OverlaysOnly => a.chars < TINY_CHARS,
            Some(a) => tiny(a),
        };
        if !retry {
            break;
        }
        if let Some(next) = attempt(doc, &f, level, hints) {
            let better = best
                .as_ref()
                .is_none_or(|a| next.region.good > a.region.good * 1.5);
            if better {
                best = Some(next);
            }
        }
    }
    let Some(best) = best else {
        // No prose anywhere: a short page; keep it all.
        return Extracted::whole(doc);
    };
    let origins = best.region.origins(doc, &f);
    let mut out = Extracted {
        core: best.region.pieces.first().and_then(|p| match p {
            region::Piece::Node(n) => Some(*n),
            region::Piece::Block(_) | region::Piece::Lead(..) => None,
        }),
        ..Extracted::default()
    };
    for piece in &best.region.pieces {
        if let region::Piece::Node(n) = piece {
            out.roots.push(*n);
        }
    }
    // Runs of blocks outside the region, recorded as one removal each (only the
    // start of a run is kept: the record is shortened anyway).
    let mut outside = String::new();
    let flush = |outside: &mut String, removed: &mut Vec<Removal>| {
        if outside.is_empty() {
            return;
        }
        removed.push(Removal {
            rule: "outside-article".into(),
            file: None,
            stage: Stage::Extract,
            text: shorten(outside, RECORD_CHARS),
        });
        outside.clear();
    };
    for (block, origin) in doc.blocks.iter().zip(&origins) {
        match origin {
            Some(o) => {
                flush(&mut outside, removed);
                out.blocks.push(block.clone());
                out.origins.push(*o);
            }
            None if outside.len() < RECORD_BYTES => {
                if !outside.is_empty() {
                    outside.push_str(" · ");
                }
                outside.push_str(&block.text);
            }
            None => {}
        }
    }
    flush(&mut outside, removed);
    out
}
