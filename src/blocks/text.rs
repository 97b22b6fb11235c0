//! Stage: blocks (plain text) — already-scraped text becomes blocks by its lines,
//! through the reflow stage, which rejoins hard-wrapped lines into paragraphs.

use super::{Block, BlockDoc, BlockKind, NodeInfo};
use crate::reflow::{self, TextBlockKind};

/// Turns plain text into blocks (one per paragraph or line; see [`reflow::text_blocks`]).
pub fn text_blocks(text: &str) -> BlockDoc {
    text_blocks_with(text, &|_| false)
}

/// [`text_blocks`], keeping each line that `stands_alone` says is a block by
/// itself out of the paragraphs around it (see [`reflow::text_blocks_with`]).
pub fn text_blocks_with(text: &str, stands_alone: &dyn Fn(&str) -> bool) -> BlockDoc {
    let blocks = reflow::text_blocks_with(text, stands_alone)
        .into_iter()
        .map(|b| {
            let kind = match b.kind {
                TextBlockKind::Heading => BlockKind::Heading(2),
                TextBlockKind::Quote => BlockKind::Quote,
                // List markers stay in the text of plain-text input.
                TextBlockKind::Paragraph | TextBlockKind::ListItem => BlockKind::Paragraph,
            };
            Block::plain(kind, b.text)
        })
        .collect();
    BlockDoc {
        blocks,
        nodes: vec![NodeInfo {
            parent: None,
            tag: "#text".into(),
            class_id: "".into(),
            hints: "".into(),
            paid_link: false,
        }],
        notes: Vec::new(),
    }
}
