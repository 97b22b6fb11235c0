//! Stage: find the article — the lead. Many pages put the standfirst (the
//! summary under the headline) and the first paragraph in the article's header,
//! apart from the body that scoring finds. When the page's headline comes
//! shortly before the region, the running text and long subheadings between
//! the two join the region (not navigation, link lines or date lines); the
//! structural cleaners then see every element between them, so bylines and
//! boxes named as such still go. Reads `features` and `region`; called by
//! `extract`.

use super::features::Features;
use super::region::{Piece, Region};
use crate::blocks::{BlockDoc, BlockKind};

/// At most this many blocks may lie between the headline and the region.
const MAX_GAP_BLOCKS: usize = 30;
/// The headline and the region must meet at most this many levels above the
/// region's core (a guard against a headline in another part of the page; in
/// practice the block distance decides).
const MAX_LEVELS: u32 = 20;
/// Paragraphs shorter than this (characters) are bylines, dates, labels.
const MIN_LEAD_CHARS: u32 = 60;
/// A lead paragraph has less linked text than this share.
const MAX_LEAD_LINK_DENSITY: f32 = 0.3;
/// Subheadings at least this long are a standfirst set as a heading.
const MIN_SUBHEAD_CHARS: usize = 40;

/// Adds the lead between the headline element `headline` and the region.
pub fn extend(doc: &BlockDoc, f: &Features, excluded: &[bool], region: &mut Region, headline: u32) {
    let Some(Piece::Node(core)) = region.pieces.first().copied() else {
        return;
    };
    let origins = region.origins(doc, f);
    let Some(head_block) = doc.blocks.iter().position(|b| b.node == headline) else {
        return;
    };
    // The first block of the region after the headline (the headline itself
    // may have joined the region as a heading leading into it).
    let Some(first) = origins
        .iter()
        .enumerate()
        .skip(head_block + 1)
        .find(|(_, o)| o.is_some())
        .map(|(i, _)| i)
    else {
        return;
    };
    if first - head_block > MAX_GAP_BLOCKS + 1 {
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
                    && info.link_density() < MAX_LEAD_LINK_DENSITY
                    && !super::tidy::dateline(&block.text)
            }
        };
        if take {
            region.pieces.push(Piece::Lead(b as u32, meet));
            region.good += info.good();
        }
    }
}
