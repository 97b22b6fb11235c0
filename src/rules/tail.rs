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
use super::header::{is_bare_name, is_counter};
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
/// punctuation ("Country music", "COVID-19", "mailto"); or a place's or
/// body's name of one word more (see [`is_long_name`]: "São José dos
/// Campos", not "Salt and black pepper").
pub(super) fn is_tag(block: &Block) -> bool {
    short_line(block, TAG_MAX_WORDS + 1, TAG_MAX_CHARS).is_some_and(|text| {
        text.starts_with(char::is_alphabetic)
            && !text.contains(['.', '!', '?', ':', ';', ',', '(', ')', '"', '“', '”'])
            && (text.split_whitespace().nth(TAG_MAX_WORDS).is_none() || is_long_name(text))
    })
}

/// Small words that join the capitalised words of a place's or body's name.
const NAME_JOINERS: &[&str] = &[
    "de", "do", "da", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "du", "la",
    "le", "y", "e", "of", "upon",
];

/// Whether a tag of four words is a name: every word capitalised, or one of
/// the [`NAME_JOINERS`] ("São José dos Campos", "Rio Grande do Sul"; not
/// "Follow Tom on Mastodon").
pub(super) fn is_long_name(text: &str) -> bool {
    text.split_whitespace()
        .all(|w| w.starts_with(char::is_uppercase) || NAME_JOINERS.contains(&w))
}

/// The trimmed text of a line of plain text (a paragraph, or a heading, which
/// in plain text is a guess) of at most `max_words` words and `max_chars`
/// characters; `None` for anything else.
fn short_line(block: &Block, max_words: usize, max_chars: usize) -> Option<&str> {
    let text = block.text.trim();
    (block.node == 0
        && matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading(_))
        && text.chars().nth(max_chars).is_none()
        && text.split_whitespace().nth(max_words).is_none())
    .then_some(text)
}

/// Whether `bio` is an author's bio under their bare `name` ("LINDA ROSS" over
/// "Ross covers country and roots music for The Associated Press."): a
/// sentence or three that open with one of the name's words, or any such
/// sentences when the name is one the header gave (`authors`: "Gaëlle
/// Martin" over "Journaliste au service Société, elle couvre …").
fn is_bio_under(name: &Block, bio: &Block, authors: &[&str]) -> bool {
    let first = bio.text.split_whitespace().next().unwrap_or_default();
    let opens_with_name = first.chars().count() > 1
        && name
            .text
            .split_whitespace()
            .any(|w| w.to_lowercase() == first.to_lowercase());
    bio.node == 0
        && bio.kind == BlockKind::Paragraph
        && is_bare_name(name)
        && (opens_with_name || is_author(name, authors))
        && bio.text.chars().nth(BIO_MAX_CHARS).is_none()
        && (1..=BIO_MAX_SENTENCES).contains(&sentences(&bio.text))
}

/// Most words of the role line between an author's name and bio ("Senior
/// Reviews Editor", "Staff Engineer, Platform") and of the link line under the
/// bio ("Follow Tomasz on Mastodon")…
const BOX_LINE_MAX_WORDS: usize = 6;
/// …and most characters.
const BOX_LINE_MAX_CHARS: usize = 60;

/// Whether a line of plain text is short enough to be a role or link line of
/// an author's box: a few words that open with a capital and end no sentence.
fn is_box_line(block: &Block) -> bool {
    short_line(block, BOX_LINE_MAX_WORDS, BOX_LINE_MAX_CHARS).is_some_and(|text| {
        text.starts_with(char::is_uppercase) && !crate::reflow::ends_sentence(text)
    })
}

/// Whether `line` names the person of `name`: one of the name's words of two
/// letters or more stands in it as a word ("Follow Tomasz on Mastodon" under
/// "Tomasz Reid"'s bio).
fn mentions(line: &Block, name: &Block) -> bool {
    let words: Vec<&str> = line
        .text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    name.text
        .split_whitespace()
        .filter(|w| w.chars().nth(1).is_some())
        .any(|n| words.iter().any(|w| w.eq_ignore_ascii_case(n)))
}

/// How many blocks that end at `at` (exclusive) make an author's box: the bare
/// name over its bio (see [`is_bio_under`]), with at most one role line between
/// them and one link line that names the person under the bio. `None` when
/// they make none.
fn author_box(blocks: &[Block], at: usize, authors: &[&str]) -> Option<usize> {
    let get = |back: usize| at.checked_sub(back).and_then(|i| blocks.get(i));
    for link in [0, 1] {
        for role in [0, 1] {
            let (Some(bio), Some(name)) = (get(1 + link), get(2 + link + role)) else {
                continue;
            };
            let role_ok = role == 0 || get(2 + link).is_some_and(is_box_line);
            let link_ok = link == 0 || get(1).is_some_and(|l| is_box_line(l) && mentions(l, name));
            if role_ok && link_ok && is_bio_under(name, bio, authors) {
                return Some(2 + link + role);
            }
        }
    }
    None
}

/// Whether `name`'s text is one of the `authors` the header gave, letter case
/// and spacing aside.
fn is_author(name: &Block, authors: &[&str]) -> bool {
    let words = |t: &str| -> Vec<String> { t.split_whitespace().map(str::to_lowercase).collect() };
    let name = words(&name.text);
    authors.iter().any(|a| !name.is_empty() && words(a) == name)
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
/// order), and what each of its blocks is: a run to the end of tags (bare counts
/// among them, as a like counter under the tags: "12"; at least
/// [`MIN_TAGS`] of them, unless an author's box is in it) and of author boxes
/// (see [`author_box`], or one of the header's `authors` alone), after a paragraph that
/// ends a sentence, with at least [`MIN_PROSE_BEFORE`] paragraphs of prose before it. `None` when the
/// text has no such tail.
pub(super) fn tail(blocks: &[Block], authors: &[&str]) -> Option<(usize, Vec<TailPart>)> {
    let mut parts = Vec::new();
    let mut at = blocks.len();
    loop {
        // A text of nothing but such lines has no tail.
        let block = at.checked_sub(1).and_then(|i| blocks.get(i))?;
        if let Some(n) = author_box(blocks, at, authors) {
            parts.extend(std::iter::repeat_n(TailPart::AuthorBox, n));
            at -= n;
        } else if (is_bare_name(block) || is_tag(block)) && is_author(block, authors) {
            parts.push(TailPart::AuthorBox);
            at -= 1;
        } else if is_tag(block) || is_counter(&block.text) {
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
    // An author's box may follow a bulleted list (a review's pros and cons);
    // tags alone may not: they could be more of its items.
    let listed = boxed
        && (matches!(last.kind, BlockKind::ListItem(_))
            || crate::reflow::opens_list_item(&last.text));
    if (tags >= MIN_TAGS || boxed) && (ends || listed) && prose >= MIN_PROSE_BEFORE {
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
        let (at, parts) = tail(&blocks, &[]).unwrap_or_default();
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
        assert_eq!(tail(&boxed, &[]).map(|t| t.0), Some(2));
        let signed = lines(&format!("{BODY}\nThanks for reading\nJane"));
        assert_eq!(tail(&signed, &[]), None);
    }

    #[test]
    fn a_list_under_a_colon_or_a_text_of_short_lines_has_no_tail() {
        let list = lines(&format!("{BODY}\nYou will need:\nFlour\nSugar\nEggs"));
        assert_eq!(tail(&list, &[]), None);
        let short = lines("Title\nOne line.\nNews\nSport\nWeather");
        assert_eq!(tail(&short, &[]), None);
        let bio_of_other = lines(&format!(
            "{BODY}\nJane Doe\nThe council said the plan would be put to a vote."
        ));
        assert_eq!(tail(&bio_of_other, &[]), None);
    }

    #[test]
    fn a_place_of_four_words_is_a_tag_and_a_short_line_of_four_is_not() {
        let tags = lines(&format!("{BODY}\nscam\nProcon\nSão José dos Campos"));
        assert_eq!(tail(&tags, &[]).map(|t| t.0), Some(2));
        let items = lines(&format!(
            "{BODY}\nOlive oil\nFresh basil\nSalt and black pepper"
        ));
        assert_eq!(tail(&items, &[]), None);
    }

    #[test]
    fn a_role_line_and_a_link_line_belong_to_the_box() {
        let boxed = lines(&format!(
            "{BODY}\nRachel Owusu\nSenior Reviews Editor\nRachel has been reviewing e-readers since 2011.\nFollow Rachel on Mastodon"
        ));
        assert_eq!(tail(&boxed, &[]).map(|t| t.0), Some(2));
        // A link line that names someone else is not the box's.
        let other = lines(&format!(
            "{BODY}\nRachel Owusu\nRachel has been reviewing e-readers since 2011.\nFollow Tom on Mastodon"
        ));
        assert_eq!(tail(&other, &[]), None);
        // Nor is a sentence between the name and the bio a role.
        let sentence = lines(&format!(
            "{BODY}\nRachel Owusu\nShe said so.\nRachel has been reviewing e-readers since 2011."
        ));
        assert_eq!(tail(&sentence, &[]), None);
    }

    #[test]
    fn an_author_box_may_follow_a_list_and_tags_may_not() {
        let boxed = lines(&format!(
            "{BODY}\nCons\n* Short battery life\nAura 2\nTomasz Reid\nTomasz has reviewed headphones since 2017."
        ));
        assert_eq!(tail(&boxed, &[]).map(|t| t.0), Some(4));
        let tagged = lines(&format!(
            "{BODY}\nCons\n* Short battery life\nFlour\nSugar\nEggs"
        ));
        assert_eq!(tail(&tagged, &[]), None);
    }

    #[test]
    fn the_bylines_author_heads_a_bio_that_does_not_name_them() {
        let boxed = lines(&format!(
            "{BODY}\nGaëlle Martin\nJournaliste au service Société, elle couvre le littoral depuis 2016."
        ));
        assert_eq!(tail(&boxed, &[]), None);
        assert_eq!(tail(&boxed, &["Gaëlle  Martin"]).map(|t| t.0), Some(2));
        let signed = lines(&format!("{BODY}\nGAËLLE MARTIN"));
        assert_eq!(tail(&signed, &["Gaëlle Martin"]).map(|t| t.0), Some(2));
        assert_eq!(tail(&signed, &["Anna Roe"]), None);
    }
}
