//! Stage: block rules — the article's header in context. Before the first
//! paragraph, a bare count or a bare name beside a dropped header line goes
//! with it, and in plain text so do a site's menu, its masthead over the
//! headline (name, crumbs, kicker: see `masthead`), a picture's alt text under the reading
//! time and a headline set twice. Used by `apply`.

use super::apply::{builtin, removal};
use super::masthead::{is_kicker, mark_above_headline};
use super::ActiveRules;
use crate::article::Removal;
use crate::blocks::{Block, BlockKind};
/// Longest bare name (characters) that goes with a byline or date beside it.
const NAME_MAX_CHARS: usize = 40;

/// Whether a text is a bare count: the "0" of a comment or share counter.
pub(super) fn is_counter(text: &str) -> bool {
    let t = text.trim();
    let digits = t.trim_end_matches(['K', 'k', 'M']);
    t.len() <= 6
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Whether a block is a line that a header bit may be: a paragraph, or a
/// heading of plain text (whose headings are guesses: a short line can be
/// one). A markup heading is the page's own.
pub(super) fn is_line(block: &Block) -> bool {
    block.kind == BlockKind::Paragraph
        || (block.node == 0 && matches!(block.kind, BlockKind::Heading(_)))
}

/// Whether a paragraph (or a line of plain text) is a bare name: two to four
/// capitalised words of letters ("V Kumar", "Jane van Doe"), nothing else.
pub(super) fn is_bare_name(block: &Block) -> bool {
    // A place or the outlet may follow the name ("Mert Aksoy | İzmir",
    // "Dewi Anggraini - kabarJabar").
    let text = block.text.trim();
    let text = match text.split_once(" | ").or_else(|| text.split_once(" - ")) {
        Some((name, rest))
            if rest.split_whitespace().count() <= 3
                && rest.chars().all(|c| c.is_alphanumeric() || c == ' ') =>
        {
            name
        }
        _ => text,
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let particle = |w: &str| {
        matches!(
            w,
            "van" | "von" | "de" | "da" | "di" | "der" | "del" | "la" | "le" | "bin" | "al"
        )
    };
    is_line(block)
        && text.chars().nth(NAME_MAX_CHARS).is_none()
        && (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '\u{2019}' | '-'))
                && (w.starts_with(char::is_uppercase) || particle(w))
        })
}

/// Longest line (words) taken for a picture's alternative text under the title.
const ALT_LINE_MAX_WORDS: usize = 8;
/// Longest line (words) taken for it right between a dropped header line (the
/// reading time, a byline) and the first paragraph, where a subtitle seldom stands.
const ALT_LINE_MAX_WORDS_ABOVE_BODY: usize = 14;
/// What a header line read as a picture's alternative text is removed as.
const ALT_LINE: &str = "header-image-text";

/// Whether a line of plain text reads like a picture's alternative text or a
/// photo's keywords, as scrapers keep them ("Putin Alaska summit", "Energy
/// price cap October"): a few words, no sentence or clause punctuation, no
/// quotes. Only plain text: in markup a picture's text is no block.
fn is_alt_line(block: &Block, max_words: usize) -> bool {
    let text = block.text.trim();
    let words = text.split_whitespace().count();
    // A place after a comma at the end ("Shoemakers at work in Ariaria
    // Market, Aba"), as captions name where the picture was taken.
    let text = match text.rsplit_once(", ") {
        Some((before, place))
            if (1..=3).contains(&place.split_whitespace().count())
                && place
                    .split_whitespace()
                    .all(|w| w.starts_with(char::is_uppercase)) =>
        {
            before
        }
        _ => text,
    };
    block.node == 0
        && matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading(_))
        && (1..=max_words).contains(&words)
        && text.chars().any(char::is_alphabetic)
        && !text.contains(|c: char| {
            matches!(
                c,
                '.' | '!'
                    | '?'
                    | ':'
                    | ';'
                    | ','
                    | '"'
                    | '\u{201c}'
                    | '\u{201d}'
                    | '\u{ab}'
                    | '\u{bb}'
                    | '|'
                    | '\u{2014}'
                    | '\u{b7}'
                    | '\u{2022}'
            )
        })
}

/// Most words of a place line read as a dateline (see [`is_place_line`]).
const PLACE_MAX_WORDS: usize = 3;
/// What a place in capitals right over the first paragraph is removed as.
const PLACE_LINE: &str = "header-place-dateline";

/// Whether a block is a place in capitals standing alone, as a dateline set on
/// its own line over the first paragraph ("CREMONA", "SAN JOSÉ, COSTA RICA"):
/// one to three words, every letter a capital, no digit, nothing but letters,
/// spaces, full stops, commas, apostrophes and hyphens. A section's kicker over
/// the story ("ANALYSIS") reads the same and is no body text either. Not a
/// markup heading: a page that sets its first subheading in capitals marks it.
fn is_place_line(block: &Block) -> bool {
    let text = block.text.trim();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    is_line(block)
        && (1..=PLACE_MAX_WORDS).contains(&text.split_whitespace().count())
        && letters >= 3
        && text.chars().all(|c| {
            (c.is_alphabetic() && !c.is_lowercase())
                || matches!(c, ' ' | '.' | ',' | '\'' | '\u{2019}' | '-')
        })
}

/// Fewest short lines in a row that make a menu (see [`is_menu_word`]).
const MENU_MIN_LINES: usize = 3;
/// Passes over the header: a name two removed blocks away from the date goes
/// on the second.
const HEADER_PASSES: usize = 3;
/// Most dropped header lines a bare name looks across for a date.
const HEADER_RUN_MAX: usize = 12;
/// What a header line repeating the line right above it is removed as.
const REPEATED_LINE: &str = "header-repeated-line";
/// What a menu of short lines in the header is removed as.
const MENU_RUN: &str = "header-menu";

/// Whether a line of plain text is one entry of a site's menu as scrapers
/// keep it: one to three capitalised words ("News", "Local", "Arts & Culture"),
/// no digits, no punctuation but `&`, `-` and apostrophes.
pub(super) fn is_menu_word(block: &Block) -> bool {
    block.node == 0
        && matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading(_))
        && block_entries(block) > 0
}

/// How many menu entries a line of plain text holds: see [`menu_entries`];
/// a line the text stage read as a row of links (entries set apart by wide
/// gaps, which folding the whitespace closed) counts its capitalised words.
fn block_entries(block: &Block) -> usize {
    if block.link_density() >= 1.0 {
        block
            .text
            .split_whitespace()
            .filter(|w| w.starts_with(char::is_uppercase))
            .count()
    } else {
        menu_entries(&block.text)
    }
}

/// How many menu entries a line holds (see [`crate::blocks::is_menu_entry`]):
/// one for an entry alone, one per entry for entries set between bars, dots,
/// pointers or spaced slashes ("News | Regions | Visayas", "Gastronomía ·
/// Crítica", "Music › Live Reviews", "Home > Reviews", "News / Nairobi"); 0
/// when any part is no entry. (Entries set apart by wide gaps are read before
/// the whitespace is folded: see [`block_entries`].)
pub(super) fn menu_entries(text: &str) -> usize {
    let mut n = 0;
    for part in text.trim().split(['|', '\u{b7}', '\u{203a}', '\u{bb}']) {
        for part in part.split(" / ").flat_map(|p| p.split(" > ")) {
            if part.trim().is_empty() {
                continue;
            }
            if !crate::blocks::is_menu_entry(part) {
                return 0;
            }
            n += 1;
        }
    }
    n
}
/// Most menu entries read as section crumbs right under the headline.
const CRUMBS_MAX_ENTRIES: usize = 3;
/// Longest standfirst (characters): see [`is_standfirst`].
const STANDFIRST_MAX_CHARS: usize = 400;
/// Fewest words of a line read as the headline under section crumbs.
const HEADLINE_MIN_WORDS: usize = 4;

/// Whether a line of plain text reads as a standfirst that ends with a full
/// stop ("New engines should cut its fuel use by a third, the operator
/// says."): a sentence or two, no longer than [`STANDFIRST_MAX_CHARS`]. Where
/// one stands right under the headline, the header (byline, date) may still
/// follow it.
pub(super) fn is_standfirst(block: &Block) -> bool {
    block.node == 0
        && crate::reflow::ends_sentence(&block.text)
        && block.text.chars().nth(STANDFIRST_MAX_CHARS).is_none()
}

/// Whether a line of plain text reads as a headline: a few words or more, no
/// full stop, colon or semicolon at its end.
pub(super) fn is_headline(block: &Block) -> bool {
    let text = block.text.trim_end();
    block.node == 0
        && text
            .split_whitespace()
            .nth(HEADLINE_MIN_WORDS - 1)
            .is_some()
        && !text.ends_with(['.', ':', ';', ','])
}

/// How a header block before the first paragraph went: by the rule at this
/// index (and whether that rule reads a byline or date), or by a built-in
/// reading of its neighbours (`None`).
pub(super) type Gone = Option<(Option<usize>, bool)>;

/// Bits of the article's header that no rule can tell alone: before the first
/// paragraph, a bare count right beside a dropped line (the "0" of a comment
/// counter next to the reading time) and a bare name beside a dropped byline
/// or date, or beside dropped lines running up to one ("V Kumar" above
/// "August 16, 2025"; "Jane Doe" above "Climate Reporter" above the date; "Ana
/// Ruiz" above the outlet's name above the date), go with it, under its rule.
/// In plain text, three or more menu entries in a row (on lines of their own
/// or between bars on one line) beside a dropped line
/// go as `header-menu` (the site's sections above the headline), and so does
/// any run of them that only dropped lines come before, when a longer line
/// (the headline) follows it, and so do one or two that open the text over
/// the headline over a dropped byline or date, or stand under the headline
/// right over one (section crumbs); a few words between a dropped header line and the first
/// paragraph go as `header-image-text` (a picture's text under the reading
/// time). `dropped` holds what dropped each block up to the first paragraph,
/// `kept_at` where each kept block before it was (the first entries of
/// `result`, which holds the kept blocks).
pub(super) fn header_bits(
    rules: &ActiveRules<'_>,
    blocks: &[Block],
    dropped: &[Option<(usize, bool)>],
    kept_at: &[usize],
    result: &mut Vec<Block>,
    removals: &mut Vec<Removal>,
) {
    // `dropped` runs up to the first paragraph, that one included.
    let head_end = dropped.len().saturating_sub(1);
    let mut state: Vec<Gone> = dropped
        .iter()
        .map(|d| d.map(|(rule, dated)| (Some(rule), dated)))
        .collect();
    let mut gone: Vec<bool> = vec![false; kept_at.len()];
    mark_menus(blocks, kept_at, result, &mut state, &mut gone, removals);
    mark_above_headline(kept_at, result, &state, &mut gone, removals);
    // The first block left of plain text is its title, whatever it looks like.
    let words = |b: &Block| b.text.split_whitespace().count();
    let first = kept_at
        .iter()
        .zip(&gone)
        .zip(result.iter())
        .find(|((_, &g), _)| !g)
        .filter(|(_, b)| b.node == 0);
    let title = first.map(|((&at, _), _)| at);
    let title_words = first.map_or(usize::MAX, |(_, b)| words(b));
    // A name goes over blocks that went before it ("Ana Ruiz" over the
    // outlet's name over the date): a few passes, until nothing changes.
    for _ in 0..HEADER_PASSES {
        let mut changed = false;
        for (k, (&at, block)) in kept_at.iter().zip(result.iter()).enumerate() {
            if gone.get(k).copied().unwrap_or(true) || Some(at) == title {
                continue;
            }
            let near = |j: usize| state.get(j).copied().flatten();
            let beside = [at.checked_sub(1).and_then(near), near(at + 1)];
            // The headline set twice, the second time right under the first.
            let prev_kept = k.checked_sub(1).and_then(|j| result.get(j));
            if block.node == 0
                && prev_kept.is_some_and(|p| p.text == block.text)
                && kept_at.get(k.wrapping_sub(1)) == at.checked_sub(1).as_ref()
            {
                if let Some(slot) = gone.get_mut(k) {
                    *slot = true;
                    removals.push(builtin(REPEATED_LINE, &block.text));
                    changed = true;
                }
                continue;
            }
            let by = if is_counter(&block.text) {
                beside.into_iter().flatten().find_map(|(r, _)| r)
            } else if is_bare_name(block) {
                // A dated line in the run of dropped lines on either side ("Jane
                // Doe", then "Climate Reporter", then the date).
                let up = (0..at)
                    .rev()
                    .take(HEADER_RUN_MAX)
                    .map(near)
                    .take_while(Option::is_some)
                    .flatten();
                let down = (at + 1..)
                    .take(HEADER_RUN_MAX)
                    .map(near)
                    .take_while(Option::is_some)
                    .flatten();
                up.chain(down)
                    .find(|&(_, dated)| dated)
                    .and_then(|(r, _)| r)
            } else {
                None
            };
            // A few words right between a dropped header line and the first
            // paragraph: the picture's alt text.
            // Or right under the title, over dropped lines that run down to the
            // first paragraph ("Putin Alaska summit" / "6 min read").
            let under_title = at.checked_sub(1) == title
                && at + 1 < head_end
                && (at + 1..head_end).all(|j| near(j).is_some());
            // Not a line longer than the title right under a date, though:
            // that is the headline under a blog's name and the day's date
            // ("Notes from the Allotment" / "Saturday, 14 June 2025" / "Why my
            // broad beans failed this year"); a picture's text stands under the
            // reading time or the byline.
            // (Dropped lines between it and the paragraph, a share row, aside.)
            let alt = (at < head_end
                && (at + 1..head_end).all(|j| near(j).is_some())
                && beside[0].is_some()
                && !(beside[0].is_some_and(|(_, dated)| dated) && words(block) > title_words)
                && is_alt_line(block, ALT_LINE_MAX_WORDS_ABOVE_BODY))
                || (under_title && is_alt_line(block, ALT_LINE_MAX_WORDS));
            // A place in capitals right over the first paragraph: a dateline.
            let place = at + 1 == head_end && is_place_line(block);
            match (by, gone.get_mut(k)) {
                (Some(rule), Some(slot)) => {
                    *slot = true;
                    removals.push(removal(rules, rule, &block.text));
                    if let Some(s) = state.get_mut(at) {
                        *s = Some((Some(rule), false));
                    }
                    changed = true;
                }
                (None, Some(slot)) if place => {
                    *slot = true;
                    removals.push(builtin(PLACE_LINE, &block.text));
                    changed = true;
                }
                (None, Some(slot)) if alt => {
                    *slot = true;
                    removals.push(builtin(ALT_LINE, &block.text));
                    changed = true;
                }
                _ => {}
            }
        }
        if !changed {
            break;
        }
    }
    if gone.contains(&true) {
        // Blocks past the head have no flag and stay.
        let mut flags = gone.into_iter();
        result.retain(|_| !flags.next().unwrap_or(false));
    }
}

/// Marks the runs of menu entries among the header's kept blocks as `gone`
/// (see [`header_bits`]) and records them in `state` as removed.
fn mark_menus(
    blocks: &[Block],
    kept_at: &[usize],
    result: &[Block],
    state: &mut [Gone],
    gone: &mut [bool],
    removals: &mut Vec<Removal>,
) {
    // Menus: runs of entries over consecutive kept blocks.
    let mut k = 0;
    while k < kept_at.len() {
        let mut end = k;
        while end < kept_at.len()
            && result.get(end).is_some_and(is_menu_word)
            && (end == k || kept_at.get(end).copied() == kept_at.get(end - 1).map(|a| a + 1))
        {
            end += 1;
        }
        let (first, last) = (
            kept_at.get(k).copied(),
            kept_at.get(end.wrapping_sub(1)).copied(),
        );
        if let (true, Some(first), Some(last)) = (end > k, first, last) {
            let beside =
                |j: Option<usize>| j.and_then(|j| state.get(j)).is_some_and(Option::is_some);
            // A bare name kept at position `p` ("Tom Haskett" under "By"):
            // it goes with the byline later (see `header_bits`).
            let kept_name = |p: usize| {
                kept_at
                    .binary_search(&p)
                    .ok()
                    .and_then(|i| result.get(i))
                    .is_some_and(is_bare_name)
            };
            // A byline or date among the dropped lines (and bare names) from
            // `j` on.
            let dated_from = |j: usize| {
                (j..)
                    .take(HEADER_RUN_MAX)
                    .map_while(|p| match state.get(p).copied().flatten() {
                        Some((_, dated)) => Some(dated),
                        None if kept_name(p) => Some(false),
                        None => None,
                    })
                    .any(|dated| dated)
            };
            // At the very top, under dropped lines only, one entry is a menu.
            let top = k == 0 && first > 0;
            // The headline comes after the menu, before the first paragraph.
            let headline_after = end < kept_at.len();
            let entries: usize = (k..end)
                .filter_map(|i| result.get(i))
                .map(block_entries)
                .sum();
            // Entries a rule took right around the run ("Home" and "About Us"
            // around a kept "Events"), but no byline or date: the menu's too.
            let taken = |p: usize| {
                matches!(state.get(p), Some(Some((_, false))))
                    && blocks.get(p).is_some_and(is_menu_word)
            };
            let around = (0..first).rev().take_while(|&p| taken(p)).count()
                + (last + 1..).take_while(|&p| taken(p)).count();
            // Section crumbs or a menu opening the text ("Business" /
            // "Finance"), over the headline (and a subtitle under it), over
            // dropped lines with a byline or date among them ("Biznes" / the
            // headline / the reading time / "Autor: …"); two entries or more
            // over any dropped line ("Portada » Gastronomía" / the headline /
            // "Tiempo de lectura: 5 minutos").
            let mut under = last + 2;
            if !beside(Some(under)) && !kept_name(under) && beside(Some(under + 1)) {
                under += 1;
            }
            // One entry alone over the headline may be a short headline over
            // its subtitle ("Salt Flats Fade"), unless it reads as a kicker.
            let lone = entries == 1 && !result.get(k).is_some_and(is_kicker);
            let crumbs = k == 0
                && first == 0
                && !lone
                && kept_at.get(end).copied() == Some(last + 1)
                && result.get(end).is_some_and(is_headline)
                && (dated_from(under) || (entries >= 2 && beside(Some(under))));
            // Or under the headline (and at most one line more), right over
            // dropped lines with a byline or date among them ("Science |
            // Environment" / "By Owen Carrick"; "Culture" / "Expositions" /
            // "Par Claire Vasseur"; "Gastronomía · Crítica" / the reading
            // time / "Por Lucía Ferrández").
            let kept_before = gone
                .get(..k)
                .map_or(0, |g| g.iter().filter(|&&g| !g).count());
            let crumbs_under_title = (1..=2).contains(&kept_before)
                && result.first().is_some_and(|t| t.node == 0)
                && entries <= CRUMBS_MAX_ENTRIES
                && dated_from(last + 1);
            if ((entries + around >= MENU_MIN_LINES || top)
                && headline_after
                && (beside(first.checked_sub(1)) || beside(Some(last + 1))))
                || crumbs
                || crumbs_under_title
            {
                for i in k..end {
                    if let (Some(slot), Some(block), Some(&at)) =
                        (gone.get_mut(i), result.get(i), kept_at.get(i))
                    {
                        *slot = true;
                        removals.push(builtin(MENU_RUN, &block.text));
                        if let Some(s) = state.get_mut(at) {
                            *s = Some((None, false));
                        }
                    }
                }
            }
        }
        k = end.max(k + 1);
    }
}
