//! Stage: find the article — [`BlockDoc`] of the whole page → the blocks of the
//! article body. Scores containers (`score`), picks the best and its related
//! siblings, then removes clutter inside it (`structure`). Everything left out
//! is recorded. Runs after `blocks`, before the block rules.

mod score;
mod structure;

pub use structure::clean_structure;

use crate::article::{shorten, Removal, Stage};
use crate::blocks::{Block, BlockDoc};

/// The chosen article: its blocks and the containers they came from.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The article's blocks, in page order.
    pub blocks: Vec<Block>,
    /// The container nodes chosen as the article.
    pub roots: Vec<u32>,
}

/// Minimum score share of the best candidate for a sibling container to join it.
const SIBLING_SHARE: f32 = 0.2;

/// Picks the article out of `doc`, recording what was left outside in `removed`.
pub fn find_article(doc: &BlockDoc, removed: &mut Vec<Removal>) -> Extracted {
    let scores = score::node_scores(doc);
    let best = scores
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > 0.0)
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, s)| (i as u32, *s));
    let Some((best, best_score)) = best else {
        // No prose anywhere: a short page; keep it all.
        return Extracted {
            blocks: doc.blocks.clone(),
            roots: vec![0],
        };
    };
    let mut roots = vec![best];
    let parent = doc.nodes.get(best as usize).and_then(|n| n.parent);
    if let Some(parent) = parent {
        let threshold = (best_score * SIBLING_SHARE).max(10.0);
        for (i, node) in doc.nodes.iter().enumerate() {
            let i = i as u32;
            if i != best
                && node.parent == Some(parent)
                && scores.get(i as usize).is_some_and(|s| *s >= threshold)
            {
                roots.push(i);
            }
        }
    }
    let mut blocks = Vec::new();
    let mut outside: Vec<&str> = Vec::new();
    let flush = |outside: &mut Vec<&str>, removed: &mut Vec<Removal>| {
        if outside.is_empty() {
            return;
        }
        let joined = outside.join(" · ");
        removed.push(Removal {
            rule: "outside-article".into(),
            file: None,
            stage: Stage::Extract,
            text: shorten(&joined, 160),
        });
        outside.clear();
    };
    for block in &doc.blocks {
        if roots.iter().any(|r| doc.is_within(block.node, *r)) {
            flush(&mut outside, removed);
            blocks.push(block.clone());
        } else {
            outside.push(&block.text);
        }
    }
    flush(&mut outside, removed);
    Extracted { blocks, roots }
}
