//! Stage: reflow (joining) — lines of a hard-wrapped text → groups of lines, one per block.
//!
//! Input: the [`Line`]s from `lines.rs` and the [`Layout`] found by `detect.rs`. Output: ranges
//! of line indices, each range one block (paragraph, heading, list item or quote paragraph),
//! in order. Neighbour: `mod.rs` turns each range into a `TextBlock`, joining its lines through
//! `dehyphen.rs`.
//!
//! Each pair of consecutive lines is judged in turn. Structure decides first: blank lines, a
//! change into or out of a `>` quote, a list marker, a line wider than the wrap width, and
//! indentation. Then the text: a line whose sentence plainly runs on (a comma, a function word,
//! a lowercase next line) is joined; otherwise a line that had room for the next line's first
//! word ends its block (the width rule; a title-case line opening a block, a subheading, gets
//! no slack); and a full line ending a sentence ends its paragraph
//! when the next line is dialogue or is itself too short to be anything but a block's start.

use std::ops::Range;

use super::detect::{continues, fits, next_is_full, overlong, Layout};
use super::lines::{
    ends_clause, ends_connector, ends_particle, ends_sentence, has_inner_sentence_end,
    opens_sentence, starts_dialogue, starts_lowercase, starts_upper_or_digit, title_case, Line,
    Marker,
};

/// A tenth of the width: room a balancing wrapper may leave unused at a line's end.
const SLACK_DIVISOR: usize = 10;

/// What is known about the block being built.
#[derive(Debug, Clone, Copy)]
struct Block {
    /// Lines in the block so far.
    lines: usize,
    /// Whether the block is a list item.
    list: bool,
    /// Indentation of a list item's continuation lines, once one is seen.
    hanging: Option<usize>,
    /// Whether the first line was broken early by hand (a headline set on two lines) rather
    /// than by the wrapper; then a capitalised line after the second one starts a new block.
    manual: bool,
}

impl Block {
    /// A block opened by `line`.
    fn open(line: &Line<'_>) -> Self {
        Block {
            lines: 1,
            list: line.marker.is_some(),
            hanging: None,
            manual: false,
        }
    }
}

/// The verdict on the break between two lines.
enum Verdict {
    /// The second line starts a new block.
    Break,
    /// The second line continues the block; `manual` marks a first line broken early by hand.
    Join { manual: bool },
}

/// Splits the non-blank lines of a hard-wrapped text into blocks.
pub(super) fn segment(lines: &[Line<'_>], layout: &Layout) -> Vec<Range<usize>> {
    let mut groups = Vec::new();
    let mut open: Option<(usize, Block)> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.blank() {
            if let Some((start, _)) = open.take() {
                groups.push(start..i);
            }
            continue;
        }
        let Some((start, mut block)) = open.take() else {
            open = Some((i, Block::open(line)));
            continue;
        };
        match judge(lines, i.saturating_sub(1), &block, layout) {
            Verdict::Break => {
                groups.push(start..i);
                open = Some((i, Block::open(line)));
            }
            Verdict::Join { manual } => {
                if block.list && block.hanging.is_none() && line.indent > 0 {
                    block.hanging = Some(line.indent);
                }
                block.manual |= manual;
                block.lines += 1;
                open = Some((start, block));
            }
        }
    }
    if let Some((start, _)) = open {
        groups.push(start..lines.len());
    }
    groups
}

/// Whether a line opens a story with its dateline: a place in capitals, perhaps
/// a region and an agency, then a dash ("NAIROBI, Kenya — …", "LONDON
/// (Reuters) – …"). A dateline only ever starts a paragraph, so the line above
/// ends one: a headline set right above the story, with room for the place.
pub(super) fn starts_dateline(text: &str) -> bool {
    let t = text.trim_start();
    let place_len = t
        .find(|c: char| !(c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-')))
        .unwrap_or(t.len());
    let place = t.get(..place_len).unwrap_or_default().trim_end();
    if place.chars().filter(|c| c.is_uppercase()).count() < 3 {
        return false;
    }
    let mut rest = t.get(place.len()..).unwrap_or_default();
    // ", Kenya" or ", Calif." after the place.
    if let Some(r) = rest.strip_prefix(',') {
        let r = r.trim_start();
        let end = r.find(['—', '–', '(', '-']).unwrap_or(0);
        let region = r.get(..end).unwrap_or_default().trim();
        let words = region.split_whitespace().count();
        if !(1..=3).contains(&words) || !region.starts_with(char::is_uppercase) {
            return false;
        }
        rest = r.get(end..).unwrap_or_default();
    }
    let mut rest = rest.trim_start();
    // "(Reuters)" or "(AP)".
    if rest.starts_with('(') {
        match rest.find(')') {
            Some(close) if close <= 20 => {
                rest = rest.get(close + 1..).unwrap_or_default().trim_start()
            }
            _ => return false,
        }
    }
    ["— ", "– ", "- "].iter().any(|d| rest.starts_with(d))
}

/// Most words of the place or the region of a dateline in mixed case.
const PLACE_WORDS: usize = 3;

/// Whether a line opens with a dateline in mixed case: a place of one to three
/// capitalised words, perhaps a region after a comma, then a long dash
/// ("Amsterdam, Netherlands — …", "Anchorage, Alaska – …", "Cape Town — …").
pub(super) fn starts_place_dateline(text: &str) -> bool {
    let Some((head, _)) = text
        .trim_start()
        .split_once(" \u{2014} ")
        .or_else(|| text.trim_start().split_once(" \u{2013} "))
    else {
        return false;
    };
    let capitalised = |part: &str| {
        let words: Vec<&str> = part.split_whitespace().collect();
        (1..=PLACE_WORDS).contains(&words.len())
            && words.iter().all(|w| {
                w.starts_with(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '\u{2019}'))
            })
    };
    match head.split_once(", ") {
        Some((place, region)) => capitalised(place) && capitalised(region),
        None => capitalised(head),
    }
}

/// Whether a line ends on a sentence that names who is speaking ("… Mark
/// Ellison said on a call with investors."): the quote on the next line is
/// that speaker going on, in the same paragraph, as news writing has it.
fn speaker_goes_on(text: &str) -> bool {
    text.split_whitespace().rev().take(SPEAKER_WORDS).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        matches!(
            w,
            "said" | "says" | "told" | "added" | "adds" | "explained" | "wrote" | "noted"
        )
    })
}

/// How many words at a line's end [`speaker_goes_on`] looks at.
const SPEAKER_WORDS: usize = 8;

/// Decides whether line `i + 1` continues the block whose last line is `i`.
fn judge(lines: &[Line<'_>], i: usize, block: &Block, layout: &Layout) -> Verdict {
    let (Some(a), Some(b)) = (lines.get(i), lines.get(i + 1)) else {
        return Verdict::Break;
    };
    if structural_break(a, b, block, layout.width) || starts_dateline(b.text) {
        return Verdict::Break;
    }
    // The text's first line over a dateline in mixed case ("Amsterdam, Netherlands — Spot
    // container rates …") is its headline; inside a paragraph such a line could be a list
    // of places and a dash.
    if i == 0 && !ends_sentence(a.text) && starts_place_dateline(b.text) {
        return Verdict::Break;
    }
    // A hyphen that `structural_break` let through is a dash inside the sentence.
    if b.marker == Some(Marker::Bullet) {
        return Verdict::Join { manual: false };
    }
    let width = layout.width;
    let first_line = block.lines == 1;
    let first_width = layout
        .first_width
        .filter(|_| first_line && !block.list && !a.quote);
    let terminal = ends_sentence(a.text);
    // A line ending in a particle ("… disruption drags on") before a line that opens a new
    // sentence ("The plan includes:") and would have fitted on it ends there ("… a red carpet
    // at" before "Joint Base…" goes on).
    if ends_particle(a.text) && opens_sentence(b.text) && fits(a, b, width) {
        return Verdict::Break;
    }
    // A short line that opens a block, ends in a particle ("The council steps in") and had
    // clear room for the next word, before a full line opening with a capital, is a
    // heading: where paragraphs do not open with short lines, nothing else breaks early.
    if first_line
        && layout.first_width.is_none()
        && !terminal
        && ends_particle(a.text)
        && starts_upper_or_digit(b.text)
        && fits(a, b, with_slack(width))
        && next_is_full(lines, i + 1, width)
    {
        return Verdict::Break;
    }
    if continues(a, b) {
        let manual = first_line
            && layout.first_width.is_none()
            && fits(a, b, with_slack(width))
            && !has_inner_sentence_end(a.text);
        return Verdict::Join { manual };
    }
    // The text's first line in title case, when the next line opens with a capital, is its
    // headline, even one that filled the width; but one word standing last before a blank
    // line, which did not fit on it, is the headline's own end ("… 140 Jobs" / "Lost").
    let pushed_off = b.text.split_whitespace().nth(1).is_none()
        && lines.get(i + 2).is_none_or(Line::blank)
        && !fits(a, b, width);
    if i == 0 && !terminal && title_case(a.text) && starts_upper_or_digit(b.text) && !pushed_off {
        return Verdict::Break;
    }
    // In any case, the text's first line is its headline when the next line opens with a
    // short word that the text elsewhere writes in lowercase ("Le train de nuit vers
    // Briançon repart après six mois de travaux" over "Le train de nuit qui relie …"): that
    // capital opens a sentence, and no sentence of the article's opens on the first line.
    if i == 0 && !terminal && !ends_clause(a.text) && opens_with_common_word(lines, b.text) {
        return Verdict::Break;
    }
    // Where paragraphs open with a short line, a block's first line that does not end a
    // sentence, before a full line, is such an opening: the short widths vary from one
    // paragraph to the next (a heading is followed by a short line, not a full one).
    // So is one that ends a sentence ("Finance minister Eirik Sand urged restraint." over
    // "“Settlements that run …"): a paragraph of its own would have been followed by another
    // short opening line.
    if first_width.is_some() && next_is_full(lines, i + 1, width) {
        return Verdict::Join { manual: false };
    }
    // Where blank lines set paragraphs apart, a short first line that reads as a clause (a
    // comma or a quotation in it: "“Hungry children cannot learn,” said") before a full
    // line is the paragraph's opening, broken early as the wrapper does for some paragraphs;
    // a subheading over its paragraph holds no comma.
    if layout.blank_paragraphs
        && first_line
        && !terminal
        && !block.list
        && !title_case(a.text)
        && a.text.contains([',', ';', '“', '”', '"', '«', '»', '„'])
        && !a.text.trim_end().ends_with(':')
        && next_is_full(lines, i + 1, width)
    {
        return Verdict::Join { manual: false };
    }
    // The width rule. A line that does not end a sentence must have had clear room, since
    // some wrappers balance their lines instead of filling them.
    let room = first_width.unwrap_or(width);
    if fits(a, b, if terminal { room } else { with_slack(room) }) {
        return Verdict::Break;
    }
    // The slack is for running prose: a subheading in title case that opens a
    // block and had room for the next word at the full width ends there.
    if first_line
        && !terminal
        && fits(a, b, room)
        && title_case(a.text)
        && starts_upper_or_digit(b.text)
    {
        return Verdict::Break;
    }
    if block.manual
        && block.lines == 2
        && !terminal
        && !has_inner_sentence_end(a.text)
        && starts_upper_or_digit(b.text)
    {
        return Verdict::Break;
    }
    // Where indentation marks each paragraph's first line, a line at the margin after a
    // sentence's end goes on with its paragraph ("… said Calloway." over "“But it is.").
    // Where blank lines set paragraphs apart, a quote opening on the next line is the same
    // paragraph going on.
    let new_speaker =
        !layout.blank_paragraphs && starts_dialogue(b.text) && !speaker_goes_on(a.text);
    if terminal && !layout.indented && (new_speaker || opens_block(lines, i + 1, width)) {
        return Verdict::Break;
    }
    // Where paragraphs open with a short line, a short line followed by a full one opens a
    // paragraph even after a block that ended without punctuation (a headline), and one that
    // is a sentence of its own after a sentence's end ("… offshore." / "The minister urged
    // restraint." / "“Settlements that …").
    let sentence_opening = terminal
        && ends_sentence(b.text)
        && starts_upper_or_digit(b.text)
        && lines
            .get(i + 2)
            .is_some_and(|c| !c.blank() && fits(b, c, width));
    if layout.first_width.is_some()
        && (opens_block(lines, i + 1, width) || sentence_opening)
        && next_is_full(lines, i + 2, width)
    {
        return Verdict::Break;
    }
    Verdict::Join { manual: false }
}

/// Longest word (characters) [`opens_with_common_word`] looks at: articles,
/// pronouns and prepositions, not names.
const COMMON_WORD_MAX_CHARS: usize = 5;
/// How often the text must write that word in lowercase elsewhere.
const COMMON_WORD_MIN_USES: usize = 3;

/// Whether `text` opens with a capitalised short word that `lines` write in
/// lowercase at least [`COMMON_WORD_MIN_USES`] times ("Le" where "le" runs
/// through the text): a function word, so the capital opens a sentence.
fn opens_with_common_word(lines: &[Line<'_>], text: &str) -> bool {
    let Some(first) = text.split_whitespace().next() else {
        return false;
    };
    let mut chars = first.chars();
    let capital = chars.next().is_some_and(char::is_uppercase);
    if !capital
        || !chars.all(char::is_lowercase)
        || first.chars().nth(COMMON_WORD_MAX_CHARS).is_some()
    {
        return false;
    }
    let lower = first.to_lowercase();
    lines
        .iter()
        .flat_map(|l| l.text.split_whitespace())
        .filter(|w| *w == lower)
        .nth(COMMON_WORD_MIN_USES - 1)
        .is_some()
}

/// `width` less the margin a balancing wrapper may leave at the end of a line.
fn with_slack(width: usize) -> usize {
    width - width / SLACK_DIVISOR
}

/// Breaks that the layout alone decides: quotes, list markers, overlong lines, indentation.
fn structural_break(a: &Line<'_>, b: &Line<'_>, block: &Block, width: usize) -> bool {
    if a.quote != b.quote || overlong(a, width) || overlong(b, width) {
        return true;
    }
    // A number at the start of a full line inside a running sentence is just a number, and
    // a hyphen there before a lowercase word is a dash ("… screamed out my name" over "- my
    // old PE teacher, I think - and …").
    let inside_sentence =
        !block.list && !fits(a, b, width) && !ends_sentence(a.text) && !ends_clause(a.text);
    match b.marker {
        Some(Marker::Bullet) => {
            let dash = b.text.strip_prefix("- ").is_some_and(starts_lowercase);
            if !(inside_sentence && dash) {
                return true;
            }
        }
        Some(Marker::Number) if !inside_sentence => return true,
        Some(Marker::Number) | None => {}
    }
    if block.list {
        return block.hanging.is_some_and(|h| b.indent < h);
    }
    // An indented line opens a paragraph; a line less indented than the one before it ends
    // an indented block (but follows an indented first line).
    b.indent > a.indent || (block.lines > 1 && b.indent < a.indent)
}

/// Whether line `j`, which follows a full line, can only open a block: it starts with a
/// capital or digit, does not end a sentence, and is short — its own next line's first word
/// would have fitted on it, or the run of lines ends there while it reads complete.
fn opens_block(lines: &[Line<'_>], j: usize, width: usize) -> bool {
    let Some(b) = lines.get(j) else {
        return false;
    };
    if ends_sentence(b.text) || starts_lowercase(b.text) || !starts_upper_or_digit(b.text) {
        return false;
    }
    match lines.get(j + 1) {
        Some(c) if !c.blank() && c.quote == b.quote => fits(b, c, width),
        _ => !ends_connector(b.text) && !ends_clause(b.text),
    }
}
