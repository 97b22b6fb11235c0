//! Stage: find the article — the lead. Many pages put the standfirst (the
//! summary under the headline) and the first paragraph in the article's header,
//! apart from the body that scoring finds. When the page's headline comes
//! shortly before the region, inside the same article element, the running
//! text and long subheadings between the two join the region; the structural
//! cleaners then see every element between them (bylines and date lines named
//! as such go). Reads `features` and `region`; called by `extract`.

use super::features::Features;
use super::region::{Piece, Region};
use crate::blocks::{BlockDoc, BlockKind};

/// At most this many blocks may lie between the headline and the region.
const MAX_GAP_BLOCKS: usize = 30;
/// The headline and the region must meet at most this many levels above the
/// region's core.
const MAX_LEVELS: u32 = 20;
/// Paragraphs shorter than this (characters) are bylines, dates, labels.
const MIN_LEAD_CHARS: u32 = 60;
/// Subheadings at least this long are a standfirst set as a heading.
const MIN_SUBHEAD_CHARS: usize = 40;

/// Adds the lead between the headline element `headline` and the region.
pub fn extend(doc: &BlockDoc, f: &Features, excluded: &[bool], region: &mut Region, headline: u32) {
    let Some(Piece::Node(core)) = region.pieces.first().copied() else {
        return;
    };
    let origins = region.origins(doc, f);
    let Some(first) = origins.iter().position(|o| o.is_some()) else {
        return;
    };
    let Some(head_block) = doc.blocks.iter().position(|b| b.node == headline) else {
        return;
    };
    if head_block >= first || first - head_block > MAX_GAP_BLOCKS + 1 {
        return;
    }
    // Where the headline's and the core's ancestors meet.
    let Some(meet) = doc.ancestors(headline).find(|a| doc.is_within(core, *a)) else {
        return;
    };
    let level = doc
        .ancestors(core)
        .position(|a| a == meet)
        .unwrap_or(usize::MAX);
    if level as u32 > MAX_LEVELS {
        return;
    }
    for b in head_block + 1..first {
        let (Some(block), Some(info)) = (doc.blocks.get(b), f.blocks.get(b)) else {
            continue;
        };
        if excluded.get(block.node as usize).copied().unwrap_or(false) {
            continue;
        }
        let take = match block.kind {
            BlockKind::Heading(l) => l > 1 && block.text.chars().count() >= MIN_SUBHEAD_CHARS,
            _ => {
                info.prose
                    && info.chars >= MIN_LEAD_CHARS
                    && info.link_density() < 0.3
                    && !super::tidy::dateline(&block.text)
            }
        };
        if take {
            region.pieces.push(Piece::Lead(b as u32, meet));
            region.good += info.good();
        }
    }
}
