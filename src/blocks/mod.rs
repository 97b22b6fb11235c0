//! Stage: blocks — the parsed page (HTML DOM or plain text) as an ordered list of
//! text blocks, each knowing where it came from. Fed by `parse`/`decode`, read by
//! `extract` (which picks the article) and the cleaners.

mod elements;
mod hidden;
mod html;
mod math;
#[cfg(test)]
mod tests;
mod text;

pub(crate) use elements::{gives_no_text, opens_numbered_line, parts_text};
pub use html::{html_blocks, WalkOptions};
pub(crate) use text::is_menu_entry;
pub use text::{text_blocks, text_blocks_with};

use serde::Serialize;

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type", content = "level")]
pub enum BlockKind {
    /// A heading with its level (1–6).
    Heading(u8),
    /// A paragraph of running text.
    Paragraph,
    /// An item of a list; `true` when the list is ordered.
    ListItem(bool),
    /// A block quotation.
    Quote,
    /// Preformatted text (code, poems…); keeps its line breaks.
    Pre,
    /// A table row, its cells joined with ` | `.
    TableRow,
    /// A figure or table caption.
    Caption,
}

/// One block of text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What kind of block.
    pub kind: BlockKind,
    /// Its text, whitespace folded (except in `Pre`).
    pub text: String,
    /// Index into [`BlockDoc::nodes`] of the innermost block-level element holding it.
    pub node: u32,
    /// Characters of text inside links.
    pub link_chars: u32,
}

impl Block {
    /// A block with no DOM origin (plain-text input).
    pub fn plain(kind: BlockKind, text: String) -> Self {
        Block {
            kind,
            text,
            node: 0,
            link_chars: 0,
        }
    }

    /// Share of the text that sits inside links, 0.0–1.0.
    pub fn link_density(&self) -> f32 {
        let chars = self.text.chars().count().max(1) as f32;
        (self.link_chars as f32 / chars).min(1.0)
    }
}

/// A block-level element of the page, in a table addressed by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeInfo {
    /// Index of the parent's entry; `None` for the root.
    pub parent: Option<u32>,
    /// Lower-case tag name.
    pub tag: Box<str>,
    /// `class` and `id` values as written, space-separated.
    pub class_id: Box<str>,
    /// `role` / `itemprop` attribute values, lower-cased, space-separated.
    pub hints: Box<str>,
    /// Whether a link marked `rel="sponsored"` (a paid or affiliate link:
    /// "Buy now", "View at Lumo") sits in the element's own text.
    pub paid_link: bool,
}

impl NodeInfo {
    /// Whether the element is a heading (`h1`–`h6`).
    pub fn is_heading(&self) -> bool {
        matches!(&*self.tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
    }
}

/// A page as blocks plus the table of block-level elements they came from.
#[derive(Debug, Clone, Default)]
pub struct BlockDoc {
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Block-level elements; entry 0 is the walk's root.
    pub nodes: Vec<NodeInfo>,
    /// What the walk decided against the markup, for the article's notes (a
    /// hidden element read as shown).
    pub notes: Vec<String>,
}

impl BlockDoc {
    /// The ancestors of node `idx`, innermost first, including `idx` itself.
    pub fn ancestors(&self, idx: u32) -> Ancestors<'_> {
        Ancestors {
            doc: self,
            next: Some(idx),
        }
    }

    /// Whether node `idx` is `anc` or lies inside it.
    pub fn is_within(&self, idx: u32, anc: u32) -> bool {
        self.ancestors(idx).any(|a| a == anc)
    }
}

/// Iterator over a node's ancestors (see [`BlockDoc::ancestors`]).
pub struct Ancestors<'a> {
    doc: &'a BlockDoc,
    next: Option<u32>,
}

impl Iterator for Ancestors<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let cur = self.next?;
        self.next = self.doc.nodes.get(cur as usize).and_then(|n| n.parent);
        Some(cur)
    }
}
