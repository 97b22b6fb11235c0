//! Stage: reflow — plain text → text blocks (paragraphs, headings, list items, quotes).
//!
//! Input: decoded plain text with any line ends: a scraped or exported page, or the text of an
//! HTML `<pre>` block. Output: ordered [`TextBlock`]s, each holding one line of text. Runs
//! after decoding and text extraction, before the normalize stage (which folds spaces and
//! applies NFC) and the cleaners that judge blocks.
//!
//! Two kinds of text arrive here. *Flowed* text already has one paragraph per line; each
//! non-blank line becomes its own block and no two lines are ever joined. *Hard-wrapped* text
//! was broken at a fixed width; its lines are rejoined into paragraphs. `detect.rs` tells the
//! two apart from line-length statistics, `join.rs` finds where blocks end (blank lines, the
//! width rule, terminal punctuation, dialogue, headings, lists, quotes, indentation) and
//! `dehyphen.rs` mends words split at line ends, using the document's own words as evidence.
//! The result is stable: reflowing the rendered blocks again gives the same blocks.

mod dehyphen;
mod detect;
mod join;
mod lines;

pub(crate) use lines::ends_sentence;

/// Whether a line of text opens with a list item's marker: a bullet ("- ",
/// "• ") or a number with a dot or bracket ("1. ", "2) ").
pub(crate) fn opens_list_item(text: &str) -> bool {
    lines::list_marker(text.trim_start()).is_some()
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_wrapped;

use std::ops::Range;

use dehyphen::Lexicon;
use lines::{ends_clause, ends_connector, starts_upper_or_digit, Line};

/// Longest text, in characters, still taken for a heading.
const HEADING_MAX_CHARS: usize = 160;
/// Most words still taken for a heading.
const HEADING_MAX_WORDS: usize = 25;
/// A run of this many heading-like lines in a row is a menu or verse, not headings.
const HEADING_RUN_LIMIT: usize = 4;

/// What a block of text is, as far as its shape tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextBlockKind {
    /// Running text.
    Paragraph,
    /// A short line without terminal punctuation standing before other blocks.
    Heading,
    /// A bulleted ("- ", "* ", "• ") or numbered ("1. ", "1) ") item; the text keeps its marker.
    ListItem,
    /// A paragraph of a `>` quote; the text has the marker removed.
    Quote,
}

/// One block of text: a single line with no line breaks and no surrounding whitespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    /// What the block is.
    pub kind: TextBlockKind,
    /// The block's text on one line; inner whitespace is kept as found within each line.
    pub text: String,
}

/// Plain text (already decoded, any line ends) → ordered blocks.
///
/// Flowed text: each non-blank line is its own block, and consecutive lines are never joined.
/// Hard-wrapped text: lines are rejoined into paragraphs with single spaces, and words split
/// by a hyphen at a line end are mended.
pub fn text_blocks(text: &str) -> Vec<TextBlock> {
    text_blocks_with(text, &|_| false)
}

/// [`text_blocks`], where a line of hard-wrapped text that `stands_alone` says
/// is a block by itself (a clutter line such as "Also Read: …" or "REKLAMA"
/// set between paragraphs with no blank line around it) is never joined to
/// the lines around it.
pub fn text_blocks_with(text: &str, stands_alone: &dyn Fn(&str) -> bool) -> Vec<TextBlock> {
    let lines = lines::parse_lines(text);
    let (lines, lifted) = lift_interruptions(lines, stands_alone);
    // The width is measured without clutter lines and without the header's
    // lines that stand alone at the top (a headline is seldom wrapped with the
    // text, and neither are the section crumbs above it).
    let header = standalone_header(&lines);
    let unwrapped = |t: &str| header.contains(&t) || stands_alone(t);
    let mut blocks: Vec<TextBlock> =
        match detect::analyze(&lines, detect::Widths::AlsoPacked, &unwrapped) {
            Some(layout) => {
                let lexicon = Lexicon::from_lines(&lines);
                let mut out = Vec::new();
                let mut lifted = lifted.into_iter().peekable();
                for range in join::segment(&lines, &layout) {
                    let end = range.end;
                    for part in split_alone(&lines, range, stands_alone) {
                        out.extend(wrapped_block(&lines, part, &lexicon));
                    }
                    // A line lifted out of this block's sentence comes right after it.
                    while let Some((_, line)) = lifted.next_if(|(at, _)| *at < end) {
                        out.extend(flowed_block(&line));
                    }
                }
                out.extend(lifted.filter_map(|(_, line)| flowed_block(&line)));
                out
            }
            None => {
                // Flowed text joins nothing: the lines go back where they were.
                let mut all = lines;
                for (at, line) in lifted.into_iter().rev() {
                    all.insert(at.min(all.len()), line);
                }
                all.iter().filter_map(flowed_block).collect()
            }
        };
    mark_headings(&mut blocks);
    blocks
}

/// Most non-blank lines at the top of a text read as its header.
const HEADER_MAX_LINES: usize = 6;
/// Most words of a header line (a headline, crumbs, a byline).
const HEADER_LINE_MAX_WORDS: usize = 24;

/// The header's lines: at the top of the text, before its first run of two or
/// more lines, each line that stands alone (blank lines or the text's start
/// around it) and reads as a headline, crumbs or a byline (a few words, no
/// sentence end), up to the first that does not. The text's first line counts
/// whatever it says when a blank line follows it.
fn standalone_header<'a>(lines: &[Line<'a>]) -> Vec<&'a str> {
    let mut header = Vec::new();
    let mut seen = 0usize;
    for (i, line) in lines.iter().enumerate() {
        if line.blank() {
            continue;
        }
        // The first line left has only blank lines (or nothing) above it.
        let after_blank = i == 0 || lines.get(i - 1).is_some_and(Line::blank);
        let before_blank = lines.get(i + 1).is_none_or(Line::blank);
        let first = seen == 0;
        seen += 1;
        if !before_blank || !after_blank || seen > HEADER_MAX_LINES {
            break;
        }
        let short = words(line.text) <= HEADER_LINE_MAX_WORDS && !ends_sentence(line.text);
        if !(first || short) {
            break;
        }
        header.push(line.text);
    }
    header
}

/// Fewest words on each line around a lifted clutter line: the sentence's own
/// lines, not a widget's labels ("Subscribe" / "Notify of" / "guest").
const PROSE_MIN_WORDS: usize = 4;

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The lines that `stands_alone` says are blocks by themselves although they
/// sit inside a sentence: the line above runs on (no sentence end) and the one
/// below goes on in lowercase ("… removed by a British naval officer during a"
/// / "Read Also: …" / "punitive expedition and …"), taken out of `lines` so the
/// sentence joins up again. Each comes back with the index, in the lines left,
/// of the line that followed it.
fn lift_interruptions<'a>(
    lines: Vec<Line<'a>>,
    stands_alone: &dyn Fn(&str) -> bool,
) -> (Vec<Line<'a>>, Vec<(usize, Line<'a>)>) {
    let inside_sentence = |i: usize| {
        let (Some(prev), Some(line), Some(next)) = (
            i.checked_sub(1).and_then(|p| lines.get(p)),
            lines.get(i),
            lines.get(i + 1),
        ) else {
            return false;
        };
        !prev.blank()
            && !next.blank()
            && !line.blank()
            && prev.quote == next.quote
            && next.marker.is_none()
            && !lines::ends_sentence(prev.text)
            && lines::starts_lowercase(next.text)
            && words(prev.text) >= PROSE_MIN_WORDS
            && words(next.text) >= PROSE_MIN_WORDS
            && stands_alone(line.text)
    };
    let lift: Vec<usize> = (1..lines.len()).filter(|&i| inside_sentence(i)).collect();
    if lift.is_empty() {
        return (lines, Vec::new());
    }
    let mut kept = Vec::with_capacity(lines.len());
    let mut lifted = Vec::with_capacity(lift.len());
    let mut next = lift.iter().peekable();
    for (i, line) in lines.into_iter().enumerate() {
        if next.next_if(|&&l| l == i).is_some() {
            lifted.push((kept.len(), line));
        } else {
            kept.push(line);
        }
    }
    (kept, lifted)
}

/// `range` cut around each of its lines that `stands_alone` says is a block by
/// itself (only in ranges of several lines, and not when the whole range is
/// such a block).
fn split_alone(
    lines: &[Line<'_>],
    range: Range<usize>,
    stands_alone: &dyn Fn(&str) -> bool,
) -> Vec<Range<usize>> {
    if range.len() < 2 {
        return vec![range];
    }
    let alone: Vec<usize> = range
        .clone()
        .filter(|&i| lines.get(i).is_some_and(|l| stands_alone(l.text)))
        .collect();
    if alone.is_empty() {
        return vec![range];
    }
    // A clutter line wrapped over two lines ("Read Also: … Following Surprise"
    // / "Election Win") is clutter as a whole: it stays one block.
    let joined: Vec<&str> = range
        .clone()
        .filter_map(|i| lines.get(i).map(|l| l.text.trim()))
        .collect();
    if stands_alone(&joined.join(" ")) {
        return vec![range];
    }
    let mut out = Vec::new();
    let mut start = range.start;
    for i in alone {
        if start < i {
            out.push(start..i);
        }
        out.push(i..i + 1);
        start = i + 1;
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

/// Whether the text looks hard-wrapped at a fixed width (exposed so HTML `<pre>` blocks can
/// use it).
///
/// Only the longest-line width is tried: a `<pre>` block is most often code, whose lines
/// can pack under a narrower width too.
pub fn is_hard_wrapped(text: &str) -> bool {
    detect::analyze(&lines::parse_lines(text), detect::Widths::Longest, &|_| {
        false
    })
    .is_some()
}

/// Share of a text's visible characters that are code's own punctuation
/// (`{ } ; = | \`) from which a `<pre>` block is code. Hard-wrapped prose
/// (an RFC, a mail archive) has almost none.
const CODE_SYMBOL_SHARE: f32 = 0.015;
/// Share of brackets of all kinds with that punctuation from which it is code
/// (Lisp, WebAssembly text); prose with citations and `<placeholders>` stays under it.
const CODE_BRACKET_SHARE: f32 = 0.05;
/// Share of lines that open with a shell prompt (`$ `, `# `, `> `, `>>> `)
/// from which a `<pre>` block is a terminal session.
const PROMPT_LINE_SHARE: f32 = 0.25;

/// Whether a `<pre>` block's text reads as code or a terminal session.
fn looks_like_code(text: &str) -> bool {
    // Data set out in a listing: a JSON object or array, an XML element.
    let t = text.trim();
    if [('{', '}'), ('[', ']'), ('<', '>')]
        .iter()
        .any(|&(open, close)| t.starts_with(open) && t.ends_with(close))
    {
        return true;
    }
    let (mut visible, mut symbols, mut brackets) = (0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        visible += 1;
        symbols += usize::from("{};=|\\".contains(c));
        brackets += usize::from("()[]<>".contains(c));
    }
    // Brackets count with code's own punctuation.
    let brackets = brackets + symbols;
    let (mut lines, mut prompts) = (0usize, 0usize);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        lines += 1;
        let line = line.trim_start();
        prompts += usize::from(
            ["$ ", "# ", "> ", ">>> ", "% "]
                .iter()
                .any(|p| line.starts_with(p)),
        );
    }
    symbols as f32 >= CODE_SYMBOL_SHARE * visible as f32
        || brackets as f32 >= CODE_BRACKET_SHARE * visible as f32
        || prompts as f32 >= PROMPT_LINE_SHARE * lines as f32
}

/// Whether a `<pre>` block is prose hard-wrapped at a fixed width, to be
/// reflowed: [`is_hard_wrapped`], and not code, whose lines can look wrapped
/// when a few of them are about as long.
pub fn is_wrapped_prose(text: &str) -> bool {
    !looks_like_code(text) && is_hard_wrapped(text)
}

/// The kind a block takes from its first line and its text, before headings are told apart.
fn base_kind(first: &Line<'_>, text: &str) -> TextBlockKind {
    if first.quote {
        TextBlockKind::Quote
    } else if lines::list_marker(text).is_some() {
        TextBlockKind::ListItem
    } else {
        TextBlockKind::Paragraph
    }
}

/// The block of one line of flowed text, unless the line is blank.
fn flowed_block(line: &Line<'_>) -> Option<TextBlock> {
    (!line.blank()).then(|| TextBlock {
        kind: base_kind(line, line.text),
        text: line.text.to_string(),
    })
}

/// The block made of the lines in `range` of a hard-wrapped text.
fn wrapped_block(lines: &[Line<'_>], range: Range<usize>, lexicon: &Lexicon) -> Option<TextBlock> {
    let group = lines.get(range)?;
    let first = group.iter().find(|l| !l.blank())?;
    let mut text = String::new();
    for line in group.iter().filter(|l| !l.blank()) {
        lexicon.append(&mut text, line.text);
    }
    Some(TextBlock {
        kind: base_kind(first, &text),
        text,
    })
}

/// Whether a paragraph's text has the shape of a heading.
fn heading_shaped(block: &TextBlock) -> bool {
    let text = block.text.as_str();
    block.kind == TextBlockKind::Paragraph
        && text.chars().count() <= HEADING_MAX_CHARS
        && text.split_whitespace().count() <= HEADING_MAX_WORDS
        && text.chars().any(char::is_alphabetic)
        && starts_upper_or_digit(text)
        && !ends_sentence(text)
        && !ends_clause(text)
        && !ends_connector(text)
}

/// Turns heading-shaped paragraphs into headings, unless they are the last block or stand in
/// a long run of such lines (a menu, an address, verse).
fn mark_headings(blocks: &mut [TextBlock]) {
    let shaped: Vec<bool> = blocks.iter().map(heading_shaped).collect();
    let last = blocks.len().saturating_sub(1);
    let mut i = 0;
    while i < blocks.len() {
        let run = shaped
            .get(i..)
            .map_or(0, |s| s.iter().take_while(|&&x| x).count());
        if run == 0 {
            i += 1;
            continue;
        }
        if run < HEADING_RUN_LIMIT {
            for (j, block) in blocks.iter_mut().enumerate().skip(i).take(run) {
                if j != last {
                    block.kind = TextBlockKind::Heading;
                }
            }
        }
        i += run;
    }
}
