//! Stage: find the article — the JSON-LD cross-check. Many pages state their
//! article text in JSON-LD `articleBody`. When most of the blocks that repeat it
//! lie outside the region that scoring found, the region is wrong: the element
//! holding most of those blocks is grown into the region instead. The text is
//! compared by word trigrams (hashed), so the check costs one pass over the page
//! text. Reads `features` and `region`; called by `extract`.

use std::collections::HashSet;

use super::features::{Features, Totals};
use super::region::{self, GrowParams, Region};
use crate::blocks::{Block, BlockDoc};

/// `articleBody` shorter than this (characters) is too short to judge by.
const MIN_BODY_CHARS: usize = 200;
/// A block counts as repeating `articleBody` when this share of its trigrams
/// occur there.
const BLOCK_MATCH: f32 = 0.6;
/// The region is trusted when it holds this share of the matching text.
const TRUSTED_COVERAGE: f32 = 0.6;
/// The replacement element must hold this share of the matching text.
const HOLDER_SHARE: f32 = 0.8;

/// FNV-1a offset basis and prime: a small, fast hash for words.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Calls `f` with a hash of each run of three consecutive words of `text`
/// (lower-cased letters and digits). A text of one or two words gives one hash.
fn trigrams(text: &str, mut f: impl FnMut(u64)) {
    let mut words: [u64; 3] = [0; 3];
    let mut count = 0usize;
    let mut hash = FNV_OFFSET;
    let mut in_word = false;
    let mut end_word = |hash: u64, words: &mut [u64; 3], count: &mut usize| {
        words.rotate_left(1);
        if let Some(last) = words.last_mut() {
            *last = hash;
        }
        *count += 1;
        if *count >= 3 {
            f(combine(words));
        }
    };
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            for lc in ch.to_lowercase() {
                hash = (hash ^ u64::from(u32::from(lc))).wrapping_mul(FNV_PRIME);
            }
            in_word = true;
        } else if in_word {
            end_word(hash, &mut words, &mut count);
            hash = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        end_word(hash, &mut words, &mut count);
    }
    if (1..3).contains(&count) {
        f(combine(&words));
    }
}

fn combine(words: &[u64; 3]) -> u64 {
    let [a, b, c] = *words;
    a.rotate_left(21).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.rotate_left(42) ^ c
}

/// The word trigrams (hashed) of some text, to ask how much of another text
/// they hold.
pub struct TrigramSet(HashSet<u64>);

impl TrigramSet {
    /// The trigrams of each of `texts` (no trigram spans two of them).
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> TrigramSet {
        let mut set = HashSet::new();
        for text in texts {
            trigrams(text, |h| {
                set.insert(h);
            });
        }
        TrigramSet(set)
    }

    /// How many of `text`'s trigrams are in the set, and how many it has.
    fn hits(&self, text: &str) -> (usize, usize) {
        let (mut hit, mut all) = (0, 0);
        trigrams(text, |h| {
            all += 1;
            hit += usize::from(self.0.contains(&h));
        });
        (hit, all)
    }

    /// Whether the set holds most of `text`'s trigrams (and it has three or
    /// more): `text` repeats what the set was made of.
    pub fn covers(&self, text: &str) -> bool {
        let (hit, all) = self.hits(text);
        all >= 3 && hit as f32 >= all as f32 * BLOCK_MATCH
    }
}

/// Which blocks repeat `body` (by trigram overlap).
pub fn matching_blocks(doc: &BlockDoc, body: &str) -> Vec<bool> {
    let set = TrigramSet::of([body]);
    doc.blocks.iter().map(|b| set.covers(&b.text)).collect()
}

/// A better region when the page's `articleBody` lies mostly outside `current`;
/// `None` when the region holds it, or the page does not repeat it.
pub fn check(
    doc: &BlockDoc,
    f: &Features,
    kept: &[Totals],
    excluded: &[bool],
    current: &Region,
    body: &str,
    params: &GrowParams,
) -> Option<Region> {
    if body.chars().count() < MIN_BODY_CHARS {
        return None;
    }
    let matched = matching_blocks(doc, body);
    let chars_of = |origins: &[Option<u32>]| -> u32 {
        origins
            .iter()
            .zip(&matched)
            .zip(&f.blocks)
            .filter(|((o, m), _)| o.is_some() && **m)
            .map(|(_, b)| b.chars)
            .sum()
    };
    let per_node = f.totals_where(doc, |i| matched.get(i).copied().unwrap_or(false));
    let total = per_node.first().map_or(0, |t| t.chars);
    if (total as usize) < MIN_BODY_CHARS {
        return None;
    }
    let have = chars_of(&current.origins(doc, f));
    if have as f32 >= total as f32 * TRUSTED_COVERAGE {
        return None;
    }
    // The deepest element holding most of the matching text.
    let need = total as f32 * HOLDER_SHARE;
    let mut holder = 0u32;
    'descend: loop {
        for child in f.children(holder) {
            if per_node
                .get(child as usize)
                .is_some_and(|t| t.chars as f32 >= need)
            {
                holder = child;
                continue 'descend;
            }
        }
        break;
    }
    let shallow = doc
        .nodes
        .get(holder as usize)
        .is_none_or(|n| matches!(&*n.tag, "#root" | "html" | "body"));
    if shallow {
        return None;
    }
    let grown = region::grow(doc, f, kept, excluded, holder, params);
    let got = chars_of(&grown.origins(doc, f));
    (got > have).then_some(grown)
}

/// `articleBody` shorter than this (characters) never stands in for the page.
const MIN_STAND_IN_CHARS: usize = 500;
/// It stands in when the cleaned article holds less than this share of its
/// length…
const STAND_IN_SHARE: f32 = 1.0 / 3.0;
/// …and the page's own text repeats less than this share of its trigrams.
const MAX_SHOWN: f32 = 0.5;

/// Whether the page's JSON-LD `articleBody` should stand in for `article`, the
/// blocks the extractor and the structural cleaners kept from `doc`: the body
/// is long, the article is a small part of it, and the page itself does not
/// show the body (a script renders it, or the markup holds only a teaser).
/// When the page does show it, leaving it out was the cleaners' choice.
pub fn body_stands_in(doc: &BlockDoc, article: &[Block], body: &str) -> bool {
    let body_chars = body.chars().filter(|c| !c.is_whitespace()).count();
    if body_chars < MIN_STAND_IN_CHARS {
        return false;
    }
    let article_chars: usize = article
        .iter()
        .map(|b| b.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    if article_chars as f32 >= body_chars as f32 * STAND_IN_SHARE {
        return false;
    }
    let page = TrigramSet::of(doc.blocks.iter().map(|b| b.text.as_str()));
    let (shown, all) = page.hits(body);
    (shown as f32) < all as f32 * MAX_SHOWN
}
