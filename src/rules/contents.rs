//! Stage: block rules — a table of contents set in the article. Sites put the
//! article's own subheadings at its top as a list of links ("Jump to:" /
//! "Design and fit" / "Battery life" / …); a scraper keeps them as short lines,
//! and in markup the list may sit inside the article's element. No rule can
//! tell such a line from a subheading; that it repeats a subheading further
//! down can. Used by `apply`.

use crate::blocks::{Block, BlockKind};
use crate::reflow::ends_sentence;

/// What a line of a table of contents is removed as.
pub(super) const CONTENTS_LINE: &str = "table-of-contents";
/// Fewest lines in a row that make a table of contents.
const MIN_LINES: usize = 2;
/// Most words of one of its lines (and of the subheading it repeats).
const MAX_WORDS: usize = 12;

/// A line's text as a table of contents and a subheading share it: without a
/// list marker or number in front, a colon at the end, letter case and spaces.
fn key(text: &str) -> String {
    let t = text.trim();
    let t = t.trim_start_matches(['-', '*', '•', '·', '–', '—', '›', '»', '>']);
    let digits = t.trim_start_matches(|c: char| c.is_ascii_digit());
    let t = match digits.strip_prefix(['.', ')']) {
        Some(rest) if digits.len() < t.len() => rest,
        _ => t,
    };
    t.trim()
        .trim_end_matches(':')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a block may be a line of a table of contents: a few words that end
/// no sentence but perhaps a question ("Should you buy it?"); in markup a list item or a line that is mostly a link (the
/// entries of a table of contents link to their sections), never a heading.
fn is_entry(block: &Block) -> bool {
    let text = block.text.trim();
    let kind_fits = block.node == 0
        || (matches!(block.kind, BlockKind::ListItem(_) | BlockKind::Paragraph)
            && block.link_density() >= 0.5);
    kind_fits
        && !text.is_empty()
        && text.split_whitespace().nth(MAX_WORDS).is_none()
        && (!ends_sentence(text) || text.ends_with('?'))
}

/// Whether a block may be the subheading an entry repeats: a heading, or in
/// plain text (whose headings are guesses) a short line.
fn is_subheading(block: &Block) -> bool {
    let short = block.text.split_whitespace().nth(MAX_WORDS).is_none();
    short && (matches!(block.kind, BlockKind::Heading(_)) || block.node == 0)
}

/// For each of `blocks` (the kept blocks, in order), whether it is a line of a
/// table of contents: a run of at least [`MIN_LINES`] short lines each of
/// which repeats, in the same order, a subheading further down than the run.
pub(super) fn contents_lines(blocks: &[Block]) -> Vec<bool> {
    let keys: Vec<String> = blocks.iter().map(|b| key(&b.text)).collect();
    let mut lines = vec![false; blocks.len()];
    let mut at = 0;
    while at < blocks.len() {
        // The longest run from `at` whose entries match later subheadings in order.
        let mut end = at;
        let mut matched: Vec<usize> = Vec::new();
        while let Some(block) = blocks.get(end).filter(|b| is_entry(b)) {
            let Some(k) = keys.get(end).filter(|k| !k.is_empty()) else {
                break;
            };
            let after = matched.last().map_or(end + 1, |&m| m + 1);
            let found = (after.max(end + 1)..blocks.len())
                .find(|&j| keys.get(j) == Some(k) && blocks.get(j).is_some_and(is_subheading));
            match found {
                Some(j) if block.text.len() < 400 => matched.push(j),
                _ => break,
            }
            end += 1;
        }
        // Every match lies past the run's end.
        let clear = matched.iter().all(|&j| j >= end);
        if end - at >= MIN_LINES && clear {
            for slot in lines.iter_mut().take(end).skip(at) {
                *slot = true;
            }
            at = end;
        } else {
            at += 1;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::contents_lines;
    use crate::blocks::{Block, BlockKind};

    fn plain(lines: &[&str]) -> Vec<Block> {
        lines
            .iter()
            .map(|l| Block::plain(BlockKind::Paragraph, (*l).to_string()))
            .collect()
    }

    #[test]
    fn lines_repeating_later_subheadings_in_order_are_a_table_of_contents() {
        let blocks = plain(&[
            "Review: the Aura 2 earbuds",
            "Design and fit",
            "Battery life",
            "The Aura 2 come in a small case that fits any pocket, and they weigh little.",
            "Design and fit",
            "They sit well in the ear and stay put on a run.",
            "Battery life",
            "Eight hours on one charge, and three more charges in the case.",
        ]);
        let lines = contents_lines(&blocks);
        assert_eq!(
            lines,
            vec![false, true, true, false, false, false, false, false]
        );
    }

    #[test]
    fn one_repeated_line_or_lines_out_of_order_stay() {
        let one = plain(&["Design", "Text about it that runs on.", "Design", "More."]);
        assert!(!contents_lines(&one).contains(&true));
        let swapped = plain(&[
            "Battery life",
            "Design and fit",
            "Text about it that runs on.",
            "Design and fit",
            "Battery life",
        ]);
        // The second line's subheading comes before the first one's.
        assert!(!contents_lines(&swapped).contains(&true));
    }
}
