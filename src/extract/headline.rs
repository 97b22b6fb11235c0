//! Stage: structural cleaners inside the article — the headline and what
//! names it: a heading that repeats the title (or is reworded from it, or
//! sets a kicker before it), the short lines above it, and a heading's id made
//! from its own words. Used by `structure`.

use std::borrow::Cow;

use super::Extracted;
use crate::article::{shorten, Removal, Stage};
use crate::blocks::{Block, BlockKind};

/// Whether two texts have the same letters and digits (see [`letters`]).
pub(super) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (letters(a), letters(b));
    !a.is_empty() && a == b
}

/// The letters and digits of `s`, lower-cased: what [`same_text`] compares.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Longest kicker (letters and digits) set in the same heading before the title.
const KICKER_MAX_CHARS: usize = 50;

/// Whether `heading` is the title (three words or more) after a short kicker
/// set in the same element ("Radverkehr im Landkreis: Streit um den
/// Radschnellweg …", the section's topic over the headline).
pub(super) fn kicker_and_title(title: &str, heading: &str) -> bool {
    if title.split_whitespace().nth(2).is_none() {
        return false;
    }
    let (t, h) = (letters(title), letters(heading));
    !t.is_empty()
        && h.len() > t.len()
        && h.ends_with(&t)
        && h.get(..h.len() - t.len())
            .is_some_and(|k| k.chars().count() <= KICKER_MAX_CHARS)
}

/// A heading's class/id values without those made from its own words: an
/// anchor id that a CMS builds from the heading ("a-community-share-offer"
/// on "A community share offer", "h-more-rhubarb-recipes") names its text,
/// not a widget.
pub(super) fn without_slug<'a>(class_id: &'a str, text: &str) -> Cow<'a, str> {
    let words = letters_words(text);
    let slug = |value: &str| {
        let mut parts = value
            .split(['-', '_'])
            .filter(|p| !p.is_empty())
            .map(|p| p.to_lowercase());
        let mut n = 0;
        let all = parts.all(|p| {
            n += 1;
            p.chars().count() <= 1 || words.contains(&p)
        });
        all && n >= 2
    };
    if !class_id.split_ascii_whitespace().any(slug) {
        return Cow::Borrowed(class_id);
    }
    let kept: Vec<&str> = class_id
        .split_ascii_whitespace()
        .filter(|v| !slug(v))
        .collect();
    Cow::Owned(kept.join(" "))
}

/// The words of `text`, lower-cased letters and digits only.
fn letters_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(letters)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `block` is the page's headline element (see `score::headline`),
/// an `h1` or `h2`, worded much as the metadata's `title`: an `og:title`
/// written for sharing may reword it ("… review: superb screen, fussy
/// software" over "… review: a gorgeous colour screen let down by fussy
/// software"). A heading that shares fewer words with it heads the article's
/// text ("About This Site" under "Daring Fireball").
pub(super) fn is_headline(block: &Block, headline: Option<u32>, title: Option<&str>) -> bool {
    matches!(block.kind, BlockKind::Heading(1 | 2))
        && headline == Some(block.node)
        && title.is_some_and(|t| shares_words(t, &block.text))
}

/// Least share of the title's words that a heading reworded from it holds…
const REWORDED_MIN_SHARE: f32 = 0.66;
/// …and least share of the heading's words that are the title's (a headline
/// says more than a short `<title>`).
const REWORDED_MIN_SHARE_OF_HEADING: f32 = 0.4;

/// Whether heading `b` holds most of the words of title `a` and is made
/// mostly of them (see [`REWORDED_MIN_SHARE`]), compared by their letters and
/// digits.
fn shares_words(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        let mut w = letters_words(s);
        w.sort_unstable();
        w.dedup();
        w
    };
    let (a, b) = (words(a), words(b));
    let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count() as f32;
    !a.is_empty()
        && !b.is_empty()
        && common >= a.len() as f32 * REWORDED_MIN_SHARE
        && common >= b.len() as f32 * REWORDED_MIN_SHARE_OF_HEADING
}

/// Short lines before the headline inside the article (kicker, breadcrumbs,
/// section label) are not body text: when a heading repeats the title and only
/// such lines precede it, they go.
pub(super) fn drop_before_title(
    article: &mut Extracted,
    title: Option<&str>,
    headline: Option<u32>,
    removed: &mut Vec<Removal>,
) {
    let Some(pos) = article.blocks.iter().take(8).position(|b| {
        matches!(b.kind, BlockKind::Heading(_))
            && (is_headline(b, headline, title)
                || title.is_some_and(|t| same_text(t, &b.text) || kicker_and_title(t, &b.text)))
    }) else {
        return;
    };
    let before = article.blocks.get(..pos).unwrap_or_default();
    let short = before.iter().all(|b| b.text.chars().count() < 80);
    let total: usize = before.iter().map(|b| b.text.chars().count()).sum();
    if pos == 0 || !short || total >= 200 {
        return;
    }
    let cut = pos.min(article.origins.len());
    article.origins.drain(..cut);
    for b in article.blocks.drain(..pos) {
        removed.push(Removal {
            rule: "before-title".into(),
            file: None,
            stage: Stage::Structure,
            text: shorten(&b.text, 160),
        });
    }
}

/// Most blocks at the article's top looked at for the author's line.
const AUTHOR_LINE_WINDOW: usize = 8;
/// Most words of the author's line ("Por Lucía Ferrer Castaño Redactora de
/// Hogar y Ahorro", "Rita Sarmento Arquiteta e urbanista Colunista").
const AUTHOR_LINE_MAX_WORDS: usize = 16;
/// The author's name starts within this many words of the line's start ("Por
/// Lucía …", "Written by Ann …").
const AUTHOR_NAME_MAX_OFFSET: usize = 3;
/// A paragraph of more words that ends a sentence is the body's.
const BODY_MIN_WORDS: usize = 30;
/// Fewest letters of a name that is looked for (of two words at least: a
/// one-word "author" is most often the site's name).
const AUTHOR_NAME_MIN_CHARS: usize = 4;

/// Removes the author's line at the article's top: a short paragraph before
/// the body's first long paragraph, ending no sentence, that names the author the
/// page's metadata gives (`<meta name=author>`, JSON-LD) within its first
/// words — the name, role and column a page sets in unnamed spans side by side
/// ("Rita Sarmento" "Arquiteta e urbanista" "Colunista"), which no wording
/// rule can tell from a line of text but the metadata can.
pub fn drop_author_lines(
    blocks: &mut Vec<Block>,
    author: Option<&str>,
    removed: &mut Vec<Removal>,
) {
    let Some(author) = author else {
        return;
    };
    let names: Vec<&str> = author
        .split([',', ';', '&'])
        .flat_map(|n| n.split(" and "))
        .map(str::trim)
        .filter(|n| {
            n.chars().filter(|c| c.is_alphabetic()).count() >= AUTHOR_NAME_MIN_CHARS
                && n.split_whitespace().nth(1).is_some()
        })
        .collect();
    if names.is_empty() {
        return;
    }
    // How many blocks at the top are looked at: up to the body's first long
    // paragraph (a standfirst may come before the byline).
    let window = blocks
        .iter()
        .take(AUTHOR_LINE_WINDOW)
        .position(|b| {
            b.kind == BlockKind::Paragraph
                && b.text.split_whitespace().nth(BODY_MIN_WORDS).is_some()
                && super::features::reads_as_sentence(b.text.trim())
        })
        .unwrap_or_else(|| blocks.len().min(AUTHOR_LINE_WINDOW));
    let author_line = |b: &Block| {
        let text = b.text.trim();
        b.kind == BlockKind::Paragraph
            && text.split_whitespace().nth(AUTHOR_LINE_MAX_WORDS).is_none()
            && !crate::reflow::ends_sentence(text)
            && names.iter().any(|n| {
                text.find(n).is_some_and(|at| {
                    text.get(..at).is_some_and(|lead| {
                        lead.split_whitespace().count() <= AUTHOR_NAME_MAX_OFFSET
                    })
                })
            })
    };
    let mut i = 0;
    blocks.retain(|b| {
        let gone = i < window && author_line(b);
        i += 1;
        if gone {
            removed.push(Removal {
                rule: "author-line".into(),
                file: None,
                stage: Stage::Structure,
                text: shorten(&b.text, 160),
            });
        }
        !gone
    });
}
