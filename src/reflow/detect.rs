//! Stage: reflow (detection) — physical lines → "hard-wrapped at width W?" and the layout found.
//!
//! Input: the [`Line`]s from `lines.rs`. Output: `Some(Layout)` when the line-length statistics
//! show a text broken at a fixed width, `None` for flowed text (one paragraph per line), which
//! `mod.rs` then leaves line for line. Neighbour: `join.rs` uses the [`Layout`] to rejoin lines.
//!
//! Method. The wrap width is the longest line, ignoring a few outliers. A greedy wrapper moves a
//! word to the next line only when it does not fit, so in wrapped prose most lines are *full*:
//! the next line's first word would not have fitted on them, and the sentence runs on across the
//! break. Flowed text has a few long lines and many lines with room to spare. A break where the
//! sentence plainly runs on although the next word would have fitted (a comma, "and", a
//! lowercase next line) is the mark of deliberately broken lines — verse, addresses — unless it
//! sits where a paragraph starts: some wrappers give each paragraph's first line a narrower
//! width (an indent that was later stripped), and that width is measured here too.

use super::lines::{
    ends_connector, ends_sentence, first_word_cols, starts_lowercase, starts_upper_or_digit, Line,
};

/// Narrowest wrap width taken seriously; below it short lines are lists or verse.
const MIN_WIDTH: usize = 16;
/// Widest wrap width taken seriously; beyond it lines are flowed paragraphs.
const MAX_WIDTH: usize = 200;

/// How a hard-wrapped text was laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Layout {
    /// The wrap width in columns (the longest regular line).
    pub width: usize,
    /// A narrower width used for the first line of each paragraph, when the text shows one.
    pub first_width: Option<usize>,
    /// Whether paragraphs open with an indented first line (at least
    /// [`INDENTED_MIN_OPENINGS`] times): then a line at the margin never opens one by its
    /// sentence alone.
    pub indented: bool,
    /// Whether blank lines set the paragraphs apart (see [`blank_separated`]): then a
    /// full line that ends a sentence before a line opening a quote is one paragraph going
    /// on, not a new speaker's.
    pub blank_paragraphs: bool,
}

/// Fewest blank lines between paragraphs that mark a text as setting its paragraphs apart
/// with them.
const MIN_BLANK_SEPARATORS: usize = 3;
/// At most one sentence end with clear room after it and no blank line (a paragraph that
/// ended without one) per this many blank separators.
const BLANK_SEPARATORS_PER_TIGHT_END: usize = 10;

/// Whether the text sets its paragraphs apart with blank lines: it has blank lines between
/// runs of text, and hardly ever ends a sentence with room to spare right before another
/// line — where a text did that, its paragraphs would follow each other without a blank.
fn blank_separated(lines: &[Line<'_>], width: usize) -> bool {
    let plain = |l: &Line<'_>| !l.blank() && l.marker.is_none() && !l.quote;
    let mut separators = 0usize;
    let mut tight_ends = 0usize;
    for w in lines.windows(3) {
        if let [a, b, c] = w {
            if !a.blank() && b.blank() && !c.blank() {
                separators += 1;
            }
        }
    }
    for w in lines.windows(2) {
        if let [a, b] = w {
            if plain(a) && plain(b) && ends_sentence(a.text) && fits(a, b, width) {
                tight_ends += 1;
            }
        }
    }
    separators >= MIN_BLANK_SEPARATORS && tight_ends * BLANK_SEPARATORS_PER_TIGHT_END <= separators
}

/// Fewest indented lines right under a line at the margin that mark a text whose paragraphs
/// open indented.
const INDENTED_MIN_OPENINGS: usize = 2;

/// Whether line `j` is full: the first word of the line after it, in the same run, would not
/// have fitted on it.
pub(super) fn next_is_full(lines: &[Line<'_>], j: usize, width: usize) -> bool {
    match (lines.get(j), lines.get(j + 1)) {
        (Some(c), Some(d)) if !c.blank() && !d.blank() && c.quote == d.quote => !fits(c, d, width),
        _ => false,
    }
}

/// Whether the text's paragraphs open with an indented line under a line at the margin, or
/// as its first line (list items and quotes aside).
fn indented_openings(lines: &[Line<'_>]) -> bool {
    let plain = |l: &Line<'_>| !l.blank() && l.marker.is_none() && !l.quote;
    // The text's first line counts when it is indented.
    let first = lines.first().is_some_and(|l| plain(l) && l.indent > 0);
    let later = lines
        .windows(2)
        .filter(|w| match w {
            [a, b] => plain(a) && plain(b) && a.indent == 0 && b.indent > 0,
            _ => false,
        })
        .take(INDENTED_MIN_OPENINGS)
        .count();
    usize::from(first) + later >= INDENTED_MIN_OPENINGS
}

/// Whether the first word of `b` would have fitted at the end of `a` within `width` columns.
pub(super) fn fits(a: &Line<'_>, b: &Line<'_>, width: usize) -> bool {
    a.cols + 1 + first_word_cols(b.text) <= width
}

/// Whether the sentence of `a` plainly goes on in `b`.
pub(super) fn continues(a: &Line<'_>, b: &Line<'_>) -> bool {
    !ends_sentence(a.text) && (starts_lowercase(b.text) || ends_connector(a.text))
}

/// Whether `line` is longer than the wrap width and so was never wrapped (a single long word,
/// such as a URL, is an ordinary overflow and does not count).
pub(super) fn overlong(line: &Line<'_>, width: usize) -> bool {
    line.cols > width && line.text.contains(char::is_whitespace)
}

/// Whether lines `i` and `i + 1` can belong to one block at all: both carry text, both are
/// quoted or neither is, and the second does not open a list item.
pub(super) fn comparable(lines: &[Line<'_>], i: usize) -> bool {
    match (lines.get(i), lines.get(i + 1)) {
        (Some(a), Some(b)) => !a.blank() && !b.blank() && a.quote == b.quote && b.marker.is_none(),
        _ => false,
    }
}

/// Whether line `i` stands where a paragraph may start: first of the text or of a run of lines,
/// or right after a line ending a sentence.
fn at_paragraph_start(lines: &[Line<'_>], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| lines.get(p)) else {
        return true;
    };
    let quote_changes = lines.get(i).is_some_and(|l| l.quote != prev.quote);
    prev.blank() || quote_changes || ends_sentence(prev.text)
}

/// The widths of the non-blank lines, widest first.
fn widths_down(lines: &[Line<'_>]) -> Vec<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| !l.blank())
        .map(|l| l.cols)
        .collect();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    widths
}

/// The wrap width: the longest line, once lines far beyond the few longest are set aside,
/// and lines that `clutter` says were never the text's (a newsletter's pitch a little wider
/// than the prose: the scraper's, not the wrapper's) passed over. `clutter` is asked only
/// about the lines at the top, down to the first that is not.
pub(super) fn estimate_width(lines: &[Line<'_>], clutter: &dyn Fn(&str) -> bool) -> Option<usize> {
    let widths = widths_down(lines);
    let reference = *widths.get(widths.len() / 20)?;
    let ceiling = reference + reference / 8 + 2;
    let mut top: Vec<&Line<'_>> = lines
        .iter()
        .filter(|l| !l.blank() && l.cols <= ceiling)
        .collect();
    top.sort_by_key(|l| std::cmp::Reverse(l.cols));
    let first = top.first().map(|l| l.cols)?;
    Some(
        top.iter()
            .find(|l| !clutter(l.text))
            .map_or(first, |l| l.cols),
    )
}

/// Share of the non-blank lines, in tenths, that must sit in the band just under a
/// [`band_widths`] candidate for it to be the wrap width.
const BAND_MIN_TENTHS: usize = 3;
/// Fewest lines in that band.
const BAND_MIN_LINES: usize = 4;

/// At most one line in this many may be longer than a [`band_widths`] candidate: the lines
/// never wrapped (comments, teasers) may be many, but the prose must be most of the text.
const BAND_MAX_ABOVE_PARTS: usize = 4;
/// At most one line in this many may be longer than the longest-line width (see
/// [`estimate_width`]).
const MAX_OVERLONG_PARTS: usize = 10;
/// Most [`band_widths`] candidates tried.
const BAND_MAX_TRIES: usize = 8;

/// Candidate wrap widths under `below` for prose set among a few lines that were never wrapped
/// (a teaser, a comment, a "Read Also:" headline longer than the width), widest first: widths
/// with a good share of the lines packed just under them, as a greedy wrapper leaves them
/// (less than a word of room at the end), and few lines above. Tried only when
/// [`estimate_width`]'s longest-line width (`below`) shows no wrapping; each is worked out
/// only when the one before it failed.
fn band_widths<'l>(lines: &'l [Line<'_>], below: usize) -> impl Iterator<Item = usize> + 'l {
    let widths = widths_down(lines);
    let n = widths.len();
    let mut candidates = widths.clone();
    candidates.dedup();
    candidates
        .into_iter()
        .filter(move |w| (MIN_WIDTH..below.min(MAX_WIDTH + 1)).contains(w))
        .filter(move |&w| {
            let floor = w - w / 6;
            let above = widths.iter().take_while(|&&c| c > w).count();
            let packed = widths.iter().filter(|&&c| c <= w && c >= floor).count();
            above * BAND_MAX_ABOVE_PARTS <= n
                && packed >= BAND_MIN_LINES
                && packed * 10 >= n * BAND_MIN_TENTHS
                && !runs_over(lines, w)
        })
        .take(BAND_MAX_TRIES)
}

/// Whether a line longer than `width` plainly goes on with the sentence of a line just above
/// that was packed at `width` (verse whose longest lines run a little over a shorter width): a
/// greedy wrapper at `width` never writes that, so `width` is not the text's.
fn runs_over(lines: &[Line<'_>], width: usize) -> bool {
    let floor = width - width / 6;
    lines.windows(2).any(|w| match w {
        [a, b] => {
            !a.blank() && (floor..=width).contains(&a.cols) && continues(a, b) && overlong(b, width)
        }
        _ => false,
    })
}

/// Which wrap widths [`analyze`] tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Widths {
    /// Only the longest-line width ([`estimate_width`]).
    Longest,
    /// That, then the [`band_widths`] candidates.
    AlsoPacked,
}

/// Counts gathered over the pairs of consecutive lines.
#[derive(Debug, Default)]
struct Stats {
    /// Pairs of lines that may belong to one block.
    pairs: usize,
    /// Pairs whose first line is full and does not end a sentence.
    full: usize,
    /// Of those, pairs where the sentence visibly runs on.
    full_running_on: usize,
    /// Pairs broken early although the sentence runs on, away from a paragraph start.
    early_breaks: usize,
    /// Pairs whose first line stands where a paragraph may start.
    starts: usize,
    /// Of those, lines broken early while their sentence runs on (short first lines).
    short_starts: usize,
    /// Widest of the short first lines.
    first_width: usize,
}

/// Measures `lines` and returns their layout when they are hard-wrapped (`clutter`: see
/// [`estimate_width`]).
pub(super) fn analyze(
    lines: &[Line<'_>],
    widths: Widths,
    clutter: &dyn Fn(&str) -> bool,
) -> Option<Layout> {
    let width = estimate_width(lines, clutter)?;
    analyze_at(lines, width, MAX_OVERLONG_PARTS, clutter).or_else(|| {
        if widths == Widths::Longest {
            return None;
        }
        band_widths(lines, width)
            .find_map(|w| analyze_at(lines, w, BAND_MAX_ABOVE_PARTS, &|_| false))
    })
}

/// [`analyze`] for a given wrap width, with at most one line in `overlong_parts` longer
/// (lines that `unwrapped` says were never the text's aside).
fn analyze_at(
    lines: &[Line<'_>],
    width: usize,
    overlong_parts: usize,
    unwrapped: &dyn Fn(&str) -> bool,
) -> Option<Layout> {
    if !(MIN_WIDTH..=MAX_WIDTH).contains(&width) {
        return None;
    }
    let nonblank = lines.iter().filter(|l| !l.blank()).count();
    let too_long = lines
        .iter()
        .filter(|l| overlong(l, width) && !unwrapped(l.text))
        .count();
    if too_long * overlong_parts > nonblank {
        return None;
    }
    let mut s = Stats::default();
    for i in 0..lines.len() {
        if !comparable(lines, i) {
            continue;
        }
        let (Some(a), Some(b)) = (lines.get(i), lines.get(i + 1)) else {
            continue;
        };
        if overlong(a, width) || overlong(b, width) {
            continue;
        }
        s.pairs += 1;
        let fit = fits(a, b, width);
        let running_on = continues(a, b);
        if !fit && !ends_sentence(a.text) {
            s.full += 1;
            s.full_running_on += usize::from(running_on);
        }
        let start = at_paragraph_start(lines, i);
        if fit && running_on && !start {
            s.early_breaks += 1;
        }
        if start && !a.quote && a.marker.is_none() {
            s.starts += 1;
            // A short first line runs on plainly (a lowercase word next), or it fills at
            // least half the width and a full line follows it (German nouns, names) —
            // not the text's first line, which is its headline as often.
            let opening = running_on
                || (i > 0
                    && !ends_sentence(a.text)
                    && a.cols * 2 >= width
                    && starts_upper_or_digit(b.text)
                    && next_is_full(lines, i + 1, width));
            if fit && opening {
                s.short_starts += 1;
                s.first_width = s.first_width.max(a.cols);
            }
        }
    }
    let short_first = s.short_starts >= 2 && s.short_starts * 5 >= s.starts * 2;
    // Short first lines are full lines too, at the narrower width, once their layout is clear.
    let packed = s.full + if short_first { s.short_starts } else { 0 };
    let wrapped = s.pairs >= 2
        && s.full >= 1
        && packed >= 2
        && packed * 5 >= s.pairs
        && s.full_running_on * 3 >= s.full
        && s.early_breaks * 2 <= packed;
    if !wrapped {
        return None;
    }
    Some(Layout {
        width,
        first_width: short_first.then_some(s.first_width),
        indented: indented_openings(lines),
        blank_paragraphs: blank_separated(lines, width),
    })
}
