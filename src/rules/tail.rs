//! Stage: block rules — the tail of a plain text. Scrapers keep what a page
//! sets under its article as lines of their own: the story's topic tags
//! ("Obituaries" / "Music" / "Kentucky"), one per line with no label, and the
//! author's box ("LINDA ROSS" over "Ross covers country music for …" over
//! "mailto"). No rule can tell a tag from a one-line paragraph, or such a bio
//! from a sentence of the story; where they stand can: after the article's last
//! sentence, and nothing but such lines after them to the end of the text.
//! Markup has no need of this: there the tags and the box are elements of
//! their own, which the extraction leaves out. Used by `apply`.

use super::apply::is_prose;
use super::context::sentences;
use super::header::is_bare_name;
use crate::blocks::{Block, BlockKind};

/// Most words of a tag.
const TAG_MAX_WORDS: usize = 3;
/// Most characters of a tag.
const TAG_MAX_CHARS: usize = 30;
/// Fewest tags in a row that make a tag list at the end of a text (two short
/// lines may be a sign-off: "Thanks for reading" / "Jane").
const MIN_TAGS: usize = 3;
/// Most sentences of an author's bio under their name…
const BIO_MAX_SENTENCES: usize = 3;
/// …and most characters.
const BIO_MAX_CHARS: usize = 400;
/// Fewest paragraphs of prose the article keeps before its tail.
const MIN_PROSE_BEFORE: usize = 2;

/// Whether a line of plain text reads as a tag or a link word under an
/// article: one to three words that open with a letter, no sentence or clause
/// punctuation ("Country music", "COVID-19", "mailto").
fn is_tag(block: &Block) -> bool {
    let text = block.text.trim();
    block.node == 0
        && matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading(_))
        && text.starts_with(char::is_alphabetic)
        && text.chars().nth(TAG_MAX_CHARS).is_none()
        && (1..=TAG_MAX_WORDS).contains(&text.split_whitespace().count())
        && !text.contains(['.', '!', '?', ':', ';', ',', '(', ')', '"', '“', '”'])
}

/// Whether `bio` is an author's bio under their bare `name` ("LINDA ROSS" over
/// "Ross covers country and roots music for The Associated Press."): a
/// sentence or three that open with one of the name's words, or any such
/// sentences when the name is the one the byline gave (`author`: "Gaëlle
/// Martin" over "Journaliste au service Société, elle couvre …").
fn is_bio_under(name: &Block, bio: &Block, author: Option<&str>) -> bool {
    let first = bio.text.split_whitespace().next().unwrap_or_default();
    let opens_with_name = first.chars().count() > 1
        && name
            .text
            .split_whitespace()
            .any(|w| w.to_lowercase() == first.to_lowercase());
    bio.node == 0
        && bio.kind == BlockKind::Paragraph
        && is_bare_name(name)
        && (opens_with_name || is_author(name, author))
        && bio.text.chars().nth(BIO_MAX_CHARS).is_none()
        && (1..=BIO_MAX_SENTENCES).contains(&sentences(&bio.text))
}

/// Whether `name`'s text is the byline's `author`, letter case and spacing aside.
fn is_author(name: &Block, author: Option<&str>) -> bool {
    let words = |t: &str| -> Vec<String> { t.split_whitespace().map(str::to_lowercase).collect() };
    author.is_some_and(|a| !a.trim().is_empty() && words(a) == words(&name.text))
}

/// How a block of the tail goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TailPart {
    /// A tag or a link word.
    Tag,
    /// The author's name or bio.
    AuthorBox,
}

impl TailPart {
    /// What a block of this part is removed as.
    pub(super) fn id(self) -> &'static str {
        match self {
            TailPart::Tag => "tail-tags",
            TailPart::AuthorBox => "tail-author-box",
        }
    }
}

/// Where the tail of a plain text starts in `blocks` (the kept blocks, in
/// order), and what each of its blocks is: a run to the end of tags (at least
/// [`MIN_TAGS`] of them, unless an author's box is in it) and of author boxes (a
/// bare name over its bio, or the byline's `author` alone), after a paragraph that ends a sentence, with at
/// least [`MIN_PROSE_BEFORE`] paragraphs of prose before it. `None` when the
/// text has no such tail.
pub(super) fn tail(blocks: &[Block], author: Option<&str>) -> Option<(usize, Vec<TailPart>)> {
    let mut parts = Vec::new();
    let mut at = blocks.len();
    loop {
        // A text of nothing but such lines has no tail.
        let block = at.checked_sub(1).and_then(|i| blocks.get(i))?;
        let name = at.checked_sub(2).and_then(|i| blocks.get(i));
        if name.is_some_and(|n| is_bio_under(n, block, author)) {
            parts.extend([TailPart::AuthorBox; 2]);
            at -= 2;
        } else if is_bare_name(block) && is_author(block, author) {
            parts.push(TailPart::AuthorBox);
            at -= 1;
        } else if is_tag(block) {
            parts.push(TailPart::Tag);
            at -= 1;
        } else {
            break;
        }
    }
    let tags = parts.iter().filter(|&&p| p == TailPart::Tag).count();
    let boxed = parts.contains(&TailPart::AuthorBox);
    let last = at.checked_sub(1).and_then(|i| blocks.get(i))?;
    let prose = blocks.get(..at)?.iter().filter(|b| is_prose(b)).count();
    let ends = crate::reflow::ends_sentence(&last.text) && last.kind == BlockKind::Paragraph;
    if (tags >= MIN_TAGS || boxed) && ends && prose >= MIN_PROSE_BEFORE {
        parts.reverse();
        Some((at, parts))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Block> {
        text.lines()
            .map(|l| Block::plain(BlockKind::Paragraph, l.to_string()))
            .collect()
    }

    const BODY: &str = "The fiddler died on Sunday at a hospice in Tennessee, his daughter, Carol, said in a statement on Monday.\n\
        He played on the radio show for forty-three years and recorded four albums under his own name, the last in 2009.";

    #[test]
    fn tags_and_an_author_box_after_the_last_sentence_are_the_tail() {
        let text = format!(
            "{BODY}\nObituaries\nMusic\nCountry music\nKentucky\nLINDA ROSS\nRoss covers country and roots music for The Associated Press from Nashville.\nmailto"
        );
        let blocks = lines(&text);
        let (at, parts) = tail(&blocks, None).unwrap_or_default();
        assert_eq!(at, 2);
        assert_eq!(
            parts,
            [
                [TailPart::Tag; 4].as_slice(),
                &[TailPart::AuthorBox; 2],
                &[TailPart::Tag]
            ]
            .concat()
        );
    }

    #[test]
    fn an_author_box_alone_is_a_tail_and_two_short_lines_are_not() {
        let boxed = lines(&format!(
            "{BODY}\nJane Doe\nDoe writes about courts and crime for the paper."
        ));
        assert_eq!(tail(&boxed, None).map(|t| t.0), Some(2));
        let signed = lines(&format!("{BODY}\nThanks for reading\nJane"));
        assert_eq!(tail(&signed, None), None);
    }

    #[test]
    fn a_list_under_a_colon_or_a_text_of_short_lines_has_no_tail() {
        let list = lines(&format!("{BODY}\nYou will need:\nFlour\nSugar\nEggs"));
        assert_eq!(tail(&list, None), None);
        let short = lines("Title\nOne line.\nNews\nSport\nWeather");
        assert_eq!(tail(&short, None), None);
        let bio_of_other = lines(&format!(
            "{BODY}\nJane Doe\nThe council said the plan would be put to a vote."
        ));
        assert_eq!(tail(&bio_of_other, None), None);
    }

    #[test]
    fn the_bylines_author_heads_a_bio_that_does_not_name_them() {
        let boxed = lines(&format!(
            "{BODY}\nGaëlle Martin\nJournaliste au service Société, elle couvre le littoral depuis 2016."
        ));
        assert_eq!(tail(&boxed, None), None);
        assert_eq!(tail(&boxed, Some("Gaëlle  Martin")).map(|t| t.0), Some(2));
        let signed = lines(&format!("{BODY}\nGAËLLE MARTIN"));
        assert_eq!(tail(&signed, Some("Gaëlle Martin")).map(|t| t.0), Some(2));
        assert_eq!(tail(&signed, Some("Anna Roe")), None);
    }
}
