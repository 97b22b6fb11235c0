//! Stage: blocks (plain text) — already-scraped text becomes blocks by its lines,
//! through the reflow stage, which rejoins hard-wrapped lines into paragraphs.

use super::{Block, BlockDoc, BlockKind, NodeInfo};
use crate::reflow::{self, TextBlockKind};

/// Fewest entries of a line read as a site's menu (see [`is_spaced_menu`]).
const MENU_MIN_ENTRIES: usize = 3;
/// Most words of one menu entry.
const MENU_ENTRY_MAX_WORDS: usize = 3;
/// Longest menu entry (characters).
const MENU_ENTRY_MAX_CHARS: usize = 24;

/// Whether a piece of text reads as one entry of a site's menu: one to three
/// words that start with a capital ("News", "Arts & Culture"), no digits, no
/// punctuation but `&`, `-` and apostrophes. Also read by the header stage.
pub(crate) fn is_menu_entry(text: &str) -> bool {
    let t = text.trim();
    (1..=MENU_ENTRY_MAX_WORDS).contains(&t.split_whitespace().count())
        && t.chars().nth(MENU_ENTRY_MAX_CHARS).is_none()
        && t.starts_with(char::is_uppercase)
        && t.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '&' | '-' | '\'' | '\u{2019}'))
}

/// Whether a line is a row of a site's menu links as a scraper joins them:
/// three or more entries (see [`is_menu_entry`]) set apart by runs of two or
/// more spaces or by tabs ("Home  News  Sport  Food & Drink"). Prose never
/// keeps such gaps between all of its words. Only here, before the whitespace
/// is folded, can the gaps be seen.
fn is_spaced_menu(text: &str) -> bool {
    if text.contains('\n') {
        return false;
    }
    let entries: Vec<&str> = text
        .split("  ")
        .flat_map(|p| p.split('\t'))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    entries.len() >= MENU_MIN_ENTRIES && entries.iter().all(|e| is_menu_entry(e))
}

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
            let mut block = Block::plain(kind, b.text);
            if is_spaced_menu(&block.text) {
                // The line was a row of links: say so, as markup would.
                block.link_chars = u32::try_from(block.text.chars().count()).unwrap_or(u32::MAX);
            }
            block
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

/// The parts of `text` between its blank lines (a line break, perhaps spaces
/// or tabs, and another line break); the whole text when it holds none.
/// Read by the HTML walk for text set straight into the body.
pub(crate) fn split_blank_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        let mut search = 0;
        while let Some(nl) = t
            .get(search..)
            .and_then(|r| r.find('\n'))
            .map(|i| i + search)
        {
            let after = t.get(nl + 1..).unwrap_or_default();
            let gap = after.len() - after.trim_start_matches([' ', '\t', '\r']).len();
            if after.get(gap..).is_some_and(|a| a.starts_with('\n')) {
                rest = t.get(nl + 1 + gap + 1..);
                return t.get(..nl);
            }
            search = nl + 1;
        }
        rest = None;
        Some(t)
    })
}

#[cfg(test)]
mod tests {
    use super::{is_spaced_menu, text_blocks};

    #[test]
    fn a_row_of_links_set_apart_by_wide_gaps_is_a_menu() {
        assert!(is_spaced_menu("Home  News  Sport  Food & Drink"));
        assert!(is_spaced_menu("Portada\tLocal\tDeportes"));
        // Prose, two entries, a lower-case entry or one with digits is none.
        assert!(!is_spaced_menu("The council met  on Tuesday  to vote."));
        assert!(!is_spaced_menu("Home  News"));
        assert!(!is_spaced_menu("Home  news  Sport"));
        assert!(!is_spaced_menu("Home  News  Top 10"));
        let doc = text_blocks("Home  News  Sport\n\nThe council met on Tuesday.\n");
        let links: Vec<u32> = doc.blocks.iter().map(|b| b.link_chars).collect();
        assert_eq!(links, vec![17, 0]);
    }
}
