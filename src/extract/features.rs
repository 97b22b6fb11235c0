//! Stage: find the article — the measurements every later step reads. Per block:
//! length, link share, punctuation and a prose value; per block-level element:
//! its children, the range of blocks below it and the totals of that range.
//! Built once per page in time linear in blocks plus elements (the elements of a
//! [`BlockDoc`] are in document order, parents first, so totals flow child →
//! parent in one backward pass). Read by `score`, `region` and `structure`.

use crate::blocks::{Block, BlockDoc, BlockKind};

/// A block shorter than this (in characters) is never prose.
pub const MIN_PROSE_CHARS: u32 = 25;
/// A block with a larger share of linked text is navigation, not prose.
pub const MAX_PROSE_LINK_DENSITY: f32 = 0.5;
/// A heading at least this long (in characters) that reads as a sentence is
/// prose.
const MIN_SENTENCE_HEADING: u32 = 80;
/// A heading of at least this many words ending like a sentence is text.
const MIN_SENTENCE_WORDS: usize = 6;

/// Whether a heading's text reads as running text rather than a title: several
/// words ending with a full stop or an exclamation mark (not a question: FAQ
/// headings are titles). Read here for a heading's prose value and by `tidy`,
/// which keeps such a heading even without a section under it.
pub fn reads_as_sentence(text: &str) -> bool {
    let text = text
        .trim_end()
        .trim_end_matches(['"', '”', '»', '“', '\'', '’', ')']);
    text.ends_with(['.', '!', '…', '。', '！'])
        && text
            .split_whitespace()
            .nth(MIN_SENTENCE_WORDS - 1)
            .is_some()
}

/// What one block looks like.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BlockInfo {
    /// Characters of text.
    pub chars: u32,
    /// Characters inside links.
    pub link: u32,
    /// Prose value: 1 + commas + length bonus, damped by the link share; 0 for
    /// anything that is not running text.
    pub value: f32,
    /// Running text: a paragraph, quote, list item or pre block of some length
    /// with few links.
    pub prose: bool,
}

/// Characters of `text`, and its commas and semicolons (`,` `;` and the
/// full-width, ideographic and Arabic ones: `，` `；` `、` `،`). Counted on the
/// bytes: a character is a byte that does not continue a UTF-8 sequence, and
/// the non-ASCII marks are found by their lead bytes.
fn count_chars_and_commas(text: &str) -> (u32, u32) {
    let bytes = text.as_bytes();
    // UTF-8 continuation bytes are 0x80..=0xBF, which as i8 are -128..=-65.
    let chars = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    let mut commas = bytes.iter().filter(|&&b| b == b',' || b == b';').count();
    if chars != bytes.len() {
        // U+060C is D8 8C; U+3001 is E3 80 81; U+FF0C and U+FF1B are EF BC 8C/9B.
        for at in memchr::memchr3_iter(0xD8, 0xE3, 0xEF, bytes) {
            let next = |k: usize| bytes.get(at + k).copied();
            let hit = match bytes.get(at) {
                Some(0xD8) => next(1) == Some(0x8C),
                Some(0xE3) => next(1) == Some(0x80) && next(2) == Some(0x81),
                _ => next(1) == Some(0xBC) && matches!(next(2), Some(0x8C | 0x9B)),
            };
            commas += usize::from(hit);
        }
    }
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (clamp(chars), clamp(commas))
}

impl BlockInfo {
    /// Measures one block.
    pub fn of(block: &Block) -> BlockInfo {
        let (chars, commas) = count_chars_and_commas(&block.text);
        let link = block.link_chars.min(chars);
        let ld = link as f32 / chars.max(1) as f32;
        let texty = match block.kind {
            BlockKind::Paragraph | BlockKind::Quote | BlockKind::Pre | BlockKind::ListItem(_) => {
                true
            }
            // A long row of one or two cells is a layout table's text.
            BlockKind::TableRow => chars >= 100 && block.text.matches(" | ").count() <= 1,
            // A heading that is a long full sentence is a paragraph in heading
            // markup (a listicle item's text, a lead set as `h2`).
            BlockKind::Heading(_) => {
                chars >= MIN_SENTENCE_HEADING && reads_as_sentence(&block.text)
            }
            _ => false,
        };
        let prose = texty && chars >= MIN_PROSE_CHARS && ld <= MAX_PROSE_LINK_DENSITY;
        let value = if prose {
            let base = 1.0 + commas.min(12) as f32 + (chars as f32 / 100.0).min(3.0);
            base * (1.0 - ld) * (1.0 - ld)
        } else {
            0.0
        };
        BlockInfo {
            chars,
            link,
            value,
            prose,
        }
    }

    /// Share of the text inside links.
    pub fn link_density(&self) -> f32 {
        self.link as f32 / self.chars.max(1) as f32
    }

    /// Characters of prose, discounted by the link share; 0 for non-prose.
    pub fn good(&self) -> f32 {
        if self.prose {
            let ld = self.link_density();
            self.chars as f32 * (1.0 - ld)
        } else {
            0.0
        }
    }
}

/// Totals over a range of blocks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Totals {
    /// Characters.
    pub chars: u32,
    /// Characters inside links.
    pub link: u32,
    /// Sum of [`BlockInfo::good`].
    pub good: f32,
    /// Sum of [`BlockInfo::value`].
    pub value: f32,
    /// Blocks.
    pub blocks: u32,
    /// Prose blocks.
    pub prose: u32,
    /// Blocks that are mostly link text.
    pub link_blocks: u32,
}

impl Totals {
    /// Adds one block.
    pub fn add_block(&mut self, b: &BlockInfo) {
        self.chars += b.chars;
        self.link += b.link;
        self.good += b.good();
        self.value += b.value;
        self.blocks += 1;
        self.prose += u32::from(b.prose);
        self.link_blocks += u32::from(b.link_density() > MAX_PROSE_LINK_DENSITY);
    }

    /// Adds other totals.
    pub fn add(&mut self, o: &Totals) {
        self.chars += o.chars;
        self.link += o.link;
        self.good += o.good;
        self.value += o.value;
        self.blocks += o.blocks;
        self.prose += o.prose;
        self.link_blocks += o.link_blocks;
    }

    /// Share of the text inside links.
    pub fn link_density(&self) -> f32 {
        self.link as f32 / self.chars.max(1) as f32
    }
}

/// The page's blocks and elements with their measurements.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// One entry per block of the [`BlockDoc`].
    pub blocks: Vec<BlockInfo>,
    /// First child element of each element.
    pub first_child: Vec<Option<u32>>,
    /// Next sibling element of each element.
    pub next_sibling: Vec<Option<u32>>,
    /// First block below each element (inclusive).
    pub start: Vec<u32>,
    /// End of the blocks below each element (exclusive); `start == end` when none.
    pub end: Vec<u32>,
    /// Totals of all blocks below each element.
    pub totals: Vec<Totals>,
}

impl Features {
    /// Measures `doc`.
    pub fn new(doc: &BlockDoc) -> Features {
        let n = doc.nodes.len();
        let blocks: Vec<BlockInfo> = doc.blocks.iter().map(BlockInfo::of).collect();
        let mut first_child = vec![None; n];
        let mut last_child: Vec<Option<u32>> = vec![None; n];
        let mut next_sibling = vec![None; n];
        for (i, node) in doc.nodes.iter().enumerate() {
            let Some(p) = node.parent else { continue };
            let p = p as usize;
            // Parents come before their children; anything else is malformed and
            // is treated as a root.
            if p >= i {
                continue;
            }
            match last_child.get(p).copied().flatten() {
                Some(prev) => {
                    if let Some(s) = next_sibling.get_mut(prev as usize) {
                        *s = Some(i as u32);
                    }
                }
                None => {
                    if let Some(f) = first_child.get_mut(p) {
                        *f = Some(i as u32);
                    }
                }
            }
            if let Some(l) = last_child.get_mut(p) {
                *l = Some(i as u32);
            }
        }
        let mut start = vec![u32::MAX; n];
        let mut end = vec![0u32; n];
        let mut own = vec![Totals::default(); n];
        for (i, (block, info)) in doc.blocks.iter().zip(&blocks).enumerate() {
            let node = block.node as usize;
            let i = i as u32;
            if let Some(t) = own.get_mut(node) {
                t.add_block(info);
            }
            if let (Some(s), Some(e)) = (start.get_mut(node), end.get_mut(node)) {
                *s = (*s).min(i);
                *e = (*e).max(i + 1);
            }
        }
        let mut totals = own.clone();
        for i in (1..n).rev() {
            let Some(p) = doc.nodes.get(i).and_then(|node| node.parent) else {
                continue;
            };
            let p = p as usize;
            if p >= i {
                continue;
            }
            let (Some(child_total), Some(&s), Some(&e)) =
                (totals.get(i).copied(), start.get(i), end.get(i))
            else {
                continue;
            };
            if let Some(t) = totals.get_mut(p) {
                t.add(&child_total);
            }
            if s < e {
                if let Some(ps) = start.get_mut(p) {
                    *ps = (*ps).min(s);
                }
                if let Some(pe) = end.get_mut(p) {
                    *pe = (*pe).max(e);
                }
            }
        }
        for (s, e) in start.iter_mut().zip(&end) {
            if *s == u32::MAX {
                *s = *e;
            }
        }
        Features {
            blocks,
            first_child,
            next_sibling,
            start,
            end,
            totals,
        }
    }

    /// Totals per element over only the blocks for which `keep` is true (by block
    /// index); same backward pass as [`Features::new`].
    pub fn totals_where(&self, doc: &BlockDoc, keep: impl Fn(usize) -> bool) -> Vec<Totals> {
        let n = doc.nodes.len();
        let mut totals = vec![Totals::default(); n];
        for (i, (block, info)) in doc.blocks.iter().zip(&self.blocks).enumerate() {
            if keep(i) {
                if let Some(t) = totals.get_mut(block.node as usize) {
                    t.add_block(info);
                }
            }
        }
        for i in (1..n).rev() {
            let Some(p) = doc.nodes.get(i).and_then(|node| node.parent) else {
                continue;
            };
            if p as usize >= i {
                continue;
            }
            let Some(child) = totals.get(i).copied() else {
                continue;
            };
            if let Some(t) = totals.get_mut(p as usize) {
                t.add(&child);
            }
        }
        totals
    }

    /// The children of element `idx`, in document order.
    pub fn children(&self, idx: u32) -> Children<'_> {
        Children {
            f: self,
            next: self.first_child.get(idx as usize).copied().flatten(),
        }
    }

    /// Totals of element `idx` (zero for an unknown index).
    pub fn totals(&self, idx: u32) -> Totals {
        self.totals.get(idx as usize).copied().unwrap_or_default()
    }

    /// The blocks below element `idx`, as a range of block indices.
    pub fn range(&self, idx: u32) -> std::ops::Range<usize> {
        let s = self.start.get(idx as usize).copied().unwrap_or(0) as usize;
        let e = self.end.get(idx as usize).copied().unwrap_or(0) as usize;
        s..e.max(s)
    }
}

/// Iterator over an element's children (see [`Features::children`]).
pub struct Children<'a> {
    f: &'a Features,
    next: Option<u32>,
}

impl Iterator for Children<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let cur = self.next?;
        self.next = self.f.next_sibling.get(cur as usize).copied().flatten();
        Some(cur)
    }
}

#[cfg(test)]
mod tests {
    use super::count_chars_and_commas;
    use proptest::prelude::*;

    /// What the byte counting must agree with: one step per `char`.
    fn by_chars(text: &str) -> (u32, u32) {
        let chars = text.chars().count() as u32;
        let commas = text
            .chars()
            .filter(|c| matches!(c, ',' | '，' | '、' | '،' | ';' | '；'))
            .count() as u32;
        (chars, commas)
    }

    #[test]
    fn counts_every_comma_mark_and_multibyte_characters() {
        for text in [
            "",
            "a, b; c",
            "一，二、三；四",
            "واحد، اثنان",
            "ﾂ ｼ ￼ 、、 ，，；",
            "Ω≈ç√∫˜µ≤≥÷ 😀,",
            "\u{FF0B}\u{FF1A}\u{3002}\u{060D}",
        ] {
            assert_eq!(count_chars_and_commas(text), by_chars(text), "{text:?}");
        }
        assert_eq!(count_chars_and_commas("一，二、三；四"), (7, 3));
    }

    proptest! {
        #[test]
        fn byte_counts_match_char_counts(text in "[a-z ,;\u{80}-\u{10FFFF}，、،；\u{FF0B}\u{3002}]{0,40}") {
            prop_assert_eq!(count_chars_and_commas(&text), by_chars(&text));
        }
    }
}
