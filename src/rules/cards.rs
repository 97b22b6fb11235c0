//! Stage: block rules — teaser cards after the article in plain text. A site
//! lists its other stories under the article as cards of a headline, perhaps a
//! line of summary, and a date ("Mapping every public drinking fountain in
//! Dalton" / "We spent three weekends walking the city." / "Feb 12, 2025 4 min
//! read"). The rules take the dates and the list's label, but a headline and
//! its summary read as text. Two cards or more in a row, after a dropped line
//! and with nothing but dropped lines after them, are such a list. Used by
//! `apply`.

use crate::blocks::Block;
use crate::reflow::ends_sentence;

/// What a teaser card's headline or summary is removed as.
pub(super) const TEASER_CARD: &str = "teaser-card";
/// Most words of a card's headline.
const TITLE_MAX_WORDS: usize = 20;
/// Longest summary (characters) under a card's headline.
const SUMMARY_MAX_CHARS: usize = 250;
/// Fewest cards that make a list: one headline over a date could be the
/// article's own last line over a dropped stamp.
const MIN_CARDS: usize = 2;

/// For each of `blocks`, whether it is the headline or summary of a teaser
/// card at the text's end (see the module's text). `gone` holds what dropped
/// each block; `dated` says whether a dropped line is a date.
pub(super) fn dated_cards(
    blocks: &[Block],
    gone: &[Option<usize>],
    dated: impl Fn(&str) -> bool,
) -> Vec<bool> {
    let mut flags = vec![false; blocks.len()];
    let dropped = |i: usize| gone.get(i).copied().flatten().is_some();
    let mut cards: Vec<(usize, usize)> = Vec::new();
    let mut end = blocks.len();
    loop {
        // The dropped lines that end here, and the kept lines over them.
        let mut date = end;
        while date > 0 && dropped(date - 1) {
            date -= 1;
        }
        let mut start = date;
        while start > 0 && !dropped(start - 1) && date - start < 3 {
            start -= 1;
        }
        let card = blocks.get(start..date).unwrap_or_default();
        let is_card = (1..=2).contains(&card.len())
            && start > 0
            && blocks.get(date).is_some_and(|b| dated(&b.text))
            && card.first().is_some_and(|t| {
                let text = t.text.trim();
                t.node == 0
                    && text.split_whitespace().nth(TITLE_MAX_WORDS).is_none()
                    && (!ends_sentence(text) || text.ends_with('?'))
            })
            && card
                .get(1)
                .is_none_or(|s| s.node == 0 && s.text.chars().nth(SUMMARY_MAX_CHARS).is_none());
        if !is_card {
            break;
        }
        cards.push((start, date));
        end = start;
    }
    if cards.len() >= MIN_CARDS {
        for (start, date) in cards {
            for flag in flags.get_mut(start..date).into_iter().flatten() {
                *flag = true;
            }
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::BlockKind;

    fn line(text: &str) -> Block {
        Block::plain(BlockKind::Paragraph, text.to_string())
    }

    /// Blocks from lines, where a line starting with `-` was dropped.
    fn text(lines: &[&str]) -> (Vec<Block>, Vec<Option<usize>>) {
        let blocks = lines
            .iter()
            .map(|l| line(l.trim_start_matches('-')))
            .collect();
        let gone = lines
            .iter()
            .map(|l| l.starts_with('-').then_some(0))
            .collect();
        (blocks, gone)
    }

    fn year(t: &str) -> bool {
        t.contains("2025")
    }

    #[test]
    fn headlines_with_dates_after_a_dropped_label_are_cards() {
        let (blocks, gone) = text(&[
            "The sensors cost thirty dollars each and logged a reading every ten minutes.",
            "-Read more",
            "Mapping every public drinking fountain in Dalton",
            "We spent three weekends walking the city with a clipboard.",
            "-Feb 12, 2025 4 min read",
            "How we built a flood-report form in a weekend",
            "-Jan 20, 2025 5 min read",
            "-Powered by Ghost",
        ]);
        let flags = dated_cards(&blocks, &gone, year);
        assert_eq!(flags, [false, false, true, true, false, true, false, false]);
    }

    #[test]
    fn one_card_or_cards_under_the_text_or_without_dates_are_not_a_list() {
        let (blocks, gone) = text(&[
            "The sensors cost thirty dollars each.",
            "-Read more",
            "Mapping every public drinking fountain in Dalton",
            "-Feb 12, 2025",
        ]);
        assert!(!dated_cards(&blocks, &gone, year).contains(&true));
        // An events list in the article, under its own paragraph.
        let (blocks, gone) = text(&[
            "Here is what is on this summer.",
            "Spring Fair",
            "-Saturday, 14 June 2025",
            "Summer Concert",
            "-Friday, 4 July 2025",
        ]);
        assert!(!dated_cards(&blocks, &gone, year).contains(&true));
        let (blocks, gone) = text(&[
            "The sensors cost thirty dollars each.",
            "-Read more",
            "Mapping every public drinking fountain in Dalton",
            "-Subscribe",
            "How we built a flood-report form in a weekend",
            "-Subscribe",
        ]);
        assert!(!dated_cards(&blocks, &gone, year).contains(&true));
    }
}
