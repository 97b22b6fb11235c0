//! Stage: block rules — a table of contents set in the article. Sites put the
//! article's own subheadings at its top as a list of links ("Jump to:" /
//! "Design and fit" / "Battery life" / …); a scraper keeps them as short lines,
//! and in markup the list may sit inside the article's element. No rule can
//! tell such a line from a subheading; that it repeats a subheading further
//! down can. Used by `apply`.

use std::collections::HashMap;

use crate::blocks::{Block, BlockKind};
use crate::reflow::ends_sentence;

/// What a line of a table of contents is removed as.
pub(super) const CONTENTS_LINE: &str = "table-of-contents";
/// Fewest lines in a row that make a table of contents.
const MIN_LINES: usize = 3;
/// Fewest characters of a block of prose between the table of contents and
/// the first subheading it repeats (a refrain sung twice has none).
const PROSE_MIN_CHARS: usize = 60;
/// Most lines of a table of contents: a longer run of lines repeated further
/// down is something else (none of it goes), and the bound keeps the search
/// linear.
const MAX_LINES: usize = 60;
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
/// no sentence but perhaps a question ("Should you buy it?"); in markup a list
/// item or a line that is mostly a link (the entries of a table of contents
/// link to their sections), never a heading.
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
/// which repeats, in the same order, a subheading further down than the run,
/// with prose between the run and the first of them.
pub(super) fn contents_lines(blocks: &[Block]) -> Vec<bool> {
    let mut lines = vec![false; blocks.len()];
    // Where each subheading's text stands, in order: one look-up per line.
    let mut subheadings: HashMap<String, Vec<usize>> = HashMap::new();
    let mut keys: Vec<Option<String>> = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        let entry = is_entry(b);
        let sub = is_subheading(b);
        let k = (entry || sub)
            .then(|| key(&b.text))
            .filter(|k| !k.is_empty());
        if let (true, Some(k)) = (sub, &k) {
            subheadings.entry(k.clone()).or_default().push(i);
        }
        keys.push(k.filter(|_| entry));
    }
    if subheadings.is_empty() {
        return lines;
    }
    // The first subheading with text `k` at or after `from`.
    let next = |k: &str, from: usize| {
        let at = subheadings.get(k)?;
        at.get(at.partition_point(|&j| j < from)).copied()
    };
    let mut at = 0;
    while at < blocks.len() {
        // The longest run from `at` whose lines match later subheadings in order.
        let mut end = at;
        let (mut first_match, mut second_match, mut last_match) = (None, None, None);
        while let Some(Some(k)) = keys.get(end).filter(|_| end - at <= MAX_LINES) {
            let from = last_match.map_or(end + 1, |m: usize| m + 1).max(end + 1);
            match next(k, from) {
                Some(j) => {
                    if first_match.is_some() {
                        second_match.get_or_insert(j);
                    }
                    first_match.get_or_insert(j);
                    last_match = Some(j);
                }
                None => break,
            }
            end += 1;
        }
        // Prose between the run and its first match (so the matches, which
        // come in order, all lie past the run); or, when the first section
        // starts right under the run, between that subheading and the second
        // match (a refrain sung twice has none).
        let size = end - at;
        let prose = |range: std::ops::Range<usize>| {
            blocks.get(range).is_some_and(|between| {
                between
                    .iter()
                    .any(|b| b.text.chars().count() >= PROSE_MIN_CHARS)
            })
        };
        let prose_between = first_match.is_some_and(|first| {
            prose(end..first)
                || (first == end && second_match.is_some_and(|second| prose(end + 1..second)))
        });
        if size > MAX_LINES {
            // Too long for a table of contents: none of the run is one.
            while let Some(Some(_)) = keys.get(at) {
                at += 1;
            }
        } else if size >= MIN_LINES && prose_between {
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
            "Verdict:",
            "The Aura 2 come in a small case that fits any pocket, and they weigh little.",
            "Design and fit",
            "They sit well in the ear and stay put on a run.",
            "Battery life",
            "Eight hours on one charge, and three more charges in the case.",
            "Verdict",
            "Buy them.",
        ]);
        let lines = contents_lines(&blocks);
        let expected: Vec<bool> = (0..11).map(|i| (1..=3).contains(&i)).collect();
        assert_eq!(lines, expected);
        // A refrain sung twice, no prose between: no table of contents.
        let mut refrain = plain(&[
            "Oh river",
            "Carry me home",
            "Down to the sea",
            "Oh river",
            "Carry me home",
            "Down to the sea",
        ]);
        assert!(!contents_lines(&refrain).contains(&true));
        // Nor with a verse after it: the first line's twin opens no section
        // with the second's further down.
        refrain.extend(plain(&[
            "The boats went out before the sun came up, and none came back that night.",
        ]));
        assert!(!contents_lines(&refrain).contains(&true));
    }

    #[test]
    fn the_first_section_may_open_right_under_the_table() {
        let blocks = plain(&[
            "Design and fit",
            "Battery life",
            "Should you buy them?",
            "Design and fit",
            "The Aura 2 come in a small case that fits any pocket, and they weigh little.",
            "Battery life",
            "Eight hours on one charge, and three more charges in the case.",
            "Should you buy them?",
            "Yes.",
        ]);
        let expected: Vec<bool> = (0..9).map(|i| i < 3).collect();
        assert_eq!(contents_lines(&blocks), expected);
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

    #[test]
    fn a_run_longer_than_a_table_of_contents_stays_whole() {
        // Seventy lines, each repeated further down over prose of its own:
        // no part of such a run (its last sixty neither) is a table of contents.
        let names: Vec<String> = (0..70).map(|i| format!("Part {i}")).collect();
        let prose = "A paragraph of the article that runs on for a good while here, as prose does.";
        let mut lines: Vec<&str> = names.iter().map(String::as_str).collect();
        lines.push(prose);
        for name in &names {
            lines.push(name);
            lines.push(prose);
        }
        assert!(!contents_lines(&plain(&lines)).contains(&true));
        // Three of them are one.
        let mut short: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
        short.push(prose);
        for name in names.iter().take(3) {
            short.push(name);
            short.push(prose);
        }
        assert_eq!(
            contents_lines(&plain(&short))
                .iter()
                .filter(|&&l| l)
                .count(),
            3
        );
    }
}
