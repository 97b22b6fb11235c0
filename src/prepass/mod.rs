//! Stage: pre-pass — decoded HTML → slimmer HTML, before the parser builds a tree.
//! Drops what can never give article text (comments, `<script>` except JSON-LD,
//! `<style>`, `<svg>`, `<template>`), which is most of a modern page's
//! bytes, and caps element nesting at the depth browsers build (512), so hostile
//! pages with 100,000 nested elements parse in linear time. Text between tags is
//! copied untouched, except runs of only whitespace, which are left out or
//! shrunk where they cannot part words (see [`space`]). Runs between `decode`
//! and `parse`.
//!
//! Cuts follow the HTML tokenizer (see [`scan`]): a stray quote inside a tag, an
//! unclosed comment, a `</script>` inside an escaped script or an unclosed `<svg>`
//! followed by paragraphs leave the parser seeing the same text it would have
//! seen in the original page.
//!
//! Start tags keep only the attributes a later stage reads or a rule's
//! selector tests (see [`attrs`]): on news pages the rest (`srcset`, `data-*`,
//! tracking JSON) is most of what the parser would still have to copy.
//!
//! `<noscript>` is the one element decided at the end of the single pass: its
//! content is pre-passed like the rest and its span in the output recorded; the
//! spans are then dropped, unless the page keeps its text in them (see
//! [`NOSCRIPT_MIN_TEXT`]), in which case they stay without their `<noscript>`
//! tags so that the parser (which, scripting enabled, reads noscript content as
//! raw text) sees their markup.

mod attrs;
#[cfg(test)]
pub(crate) mod differential;
mod dropped;
pub(crate) mod scan;
mod space;
#[cfg(test)]
pub(crate) mod tests;

use memchr::memchr;

pub use attrs::KeepAttrs;
use attrs::{filter_start_tag, Piece};
use space::Squeeze;

use dropped::{dropped_end, foreign_start, html_start_dropped, Frame, FrameKind};
use scan::{
    cdata_end, close_end, comment_end, find_end_tag, gt_end, is_json_ld, name_end, script_end,
    tag_end, trimmed_len, Name, OpenCounts,
};

/// Deepest nesting kept; deeper start tags are dropped (their text stays).
pub const MAX_DEPTH: usize = 512;

/// Longest start tag kept with its attributes; a longer one (thousands of
/// attributes, which the parser checks pairwise for duplicates) loses them.
pub const MAX_TAG_BYTES: usize = 16 * 1024;

/// Least text (bytes of text runs, without their edge whitespace) a `<noscript>`
/// must hold to be kept. Noscript content is kept when the page's text lives
/// there: each noscript holding at least this much and prose markup (`<p>`,
/// headings, list items…), when those together hold more text than everything
/// outside noscript (a page written for clients without JavaScript). Tracking
/// pixels written as escaped markup have no prose markup. "Please enable JavaScript" notices are short or sit on
/// pages whose text is elsewhere; a page copying its article into a noscript
/// also has it outside, so it is not doubled.
pub const NOSCRIPT_MIN_TEXT: usize = 200;

/// Elements whose content is raw text: copied as is, never read as markup.
fn is_raw(name: &[u8]) -> bool {
    matches!(
        name,
        b"title" | b"textarea" | b"xmp" | b"iframe" | b"noembed" | b"noframes"
    )
}
/// Elements that never have content, or whose end tag may be left out: they do
/// not count towards the nesting depth.
fn not_counted(name: &[u8]) -> bool {
    dropped::is_void(name)
        || matches!(
            name,
            b"p" | b"li"
                | b"dt"
                | b"dd"
                | b"option"
                | b"optgroup"
                | b"tr"
                | b"td"
                | b"th"
                | b"tbody"
                | b"thead"
                | b"tfoot"
                | b"colgroup"
                | b"caption"
                | b"rb"
                | b"rt"
                | b"rtc"
                | b"rp"
                | b"html"
                | b"head"
                | b"body"
                | b"frame"
                | b"basefont"
                | b"bgsound"
                | b"image"
        )
}
/// Elements whose presence makes a noscript's text prose.
fn holds_prose(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"article"
            | b"main"
            | b"section"
            | b"blockquote"
            | b"li"
            | b"pre"
            | b"figcaption"
    )
}

/// What the pre-pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Prepassed {
    /// The slimmer HTML.
    pub html: String,
    /// Bytes dropped.
    pub dropped: usize,
    /// Start tags dropped because they were nested deeper than [`MAX_DEPTH`], or
    /// stripped of their attributes for being longer than [`MAX_TAG_BYTES`].
    pub capped: usize,
    /// `<noscript>` elements whose content was kept (see [`NOSCRIPT_MIN_TEXT`]).
    pub noscript_kept: usize,
}

/// A noscript's content in the output.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    text: usize,
    /// Whether it has prose markup (`<p>`, headings…), not only text or
    /// escaped markup (tracking pixels written as `&lt;img…&gt;`).
    prose: bool,
}

struct Pass<'a> {
    /// The whole input; every `s` below is a prefix of it.
    src: &'a str,
    /// Which attributes start tags keep.
    keep: &'a KeepAttrs,
    /// Built from slices of `src` cut at ASCII bytes, so never re-validated.
    out: String,
    depth: usize,
    suppressed: usize,
    capped: usize,
    /// Text outside noscript.
    text: usize,
    /// Input range waiting to be copied to the output (see [`Pass::emit`]).
    pending: (usize, usize),
    spans: Vec<Span>,
    /// Elements let through and not yet closed, by name: an end tag inside
    /// SVG closes the SVG when an HTML element of that name may be open
    /// around it.
    open: OpenCounts,
    /// Whether the last thing written was a boundary tag (see [`space`]),
    /// with no text after it.
    after_boundary: bool,
    /// Where the `<math>` element being read starts: MathML is copied whole
    /// (formulas are text of the article) once its end is found.
    math_from: Option<usize>,
    /// Whether that MathML nests deeper than [`MAX_DEPTH`]: it is then dropped.
    math_deep: bool,
}

/// Runs the pre-pass over `html`, keeping on each element only the attributes
/// `keep` keeps.
pub fn prepass(html: &str, keep: &KeepAttrs) -> Prepassed {
    let bytes = html.as_bytes();
    let mut pass = Pass {
        src: html,
        keep,
        out: String::with_capacity(bytes.len() / 2),
        depth: 0,
        suppressed: 0,
        capped: 0,
        text: 0,
        pending: (0, 0),
        spans: Vec::new(),
        open: OpenCounts::new(),
        after_boundary: true,
        math_from: None,
        math_deep: false,
    };
    pass.run(bytes, 0, None);
    pass.flush();
    let noscript_kept = pass.settle_noscript();
    let dropped = bytes.len().saturating_sub(pass.out.len());
    Prepassed {
        html: pass.out,
        dropped,
        capped: pass.capped,
        noscript_kept,
    }
}

impl Pass<'_> {
    /// Pre-passes `s` from `pos` to its end. `span`: the noscript being read.
    fn run(&mut self, s: &[u8], mut pos: usize, span: Option<usize>) {
        let mut frames: Vec<Frame> = Vec::new();
        while let Some(rel) = s.get(pos..).and_then(|r| memchr(b'<', r)) {
            let lt = pos + rel;
            if frames.is_empty() {
                self.text(s, pos, lt, span);
            }
            pos = self.markup(s, lt, span, &mut frames);
            if self.math_from.is_some() {
                self.math_deep |= frames.len() >= MAX_DEPTH;
                if frames.is_empty() {
                    self.end_math(s, pos);
                }
            }
        }
        // MathML left open runs to the end, as in the parser.
        self.end_math(s, s.len());
        if frames.is_empty() {
            self.text(s, pos, s.len(), span);
        }
    }

    /// Copies the `<math>` element being read, which ends at `to`, unless it
    /// nests too deep.
    fn end_math(&mut self, s: &[u8], to: usize) {
        if let Some(from) = self.math_from.take() {
            if !std::mem::take(&mut self.math_deep) {
                self.emit(s, from, to);
                self.after_boundary = false;
            }
        }
    }

    fn text(&mut self, s: &[u8], from: usize, to: usize, span: Option<usize>) {
        let run = s.get(from..to).unwrap_or_default();
        let squeeze = space::squeeze(run, || {
            self.after_boundary || space::boundary_at(s, to, &self.open)
        });
        match squeeze {
            Squeeze::Drop if !self.verbatim() => {}
            Squeeze::One(i) if !self.verbatim() => {
                self.emit(s, from + i, from + i + 1);
                self.after_boundary = false;
            }
            _ => {
                self.emit(s, from, to);
                self.after_boundary &= run.is_empty();
            }
        }
        let len = trimmed_len(run);
        match span.and_then(|i| self.spans.get_mut(i)) {
            Some(sp) => sp.text += len,
            None => self.text += len,
        }
    }

    /// Whether whitespace is text here (inside `<pre>` or `<listing>`).
    fn verbatim(&self) -> bool {
        self.open.is_open(&Name::new(b"pre")) || self.open.is_open(&Name::new(b"listing"))
    }

    /// Copies `from..to` (bounded by `s`) to the output. Adjacent pieces are
    /// gathered and copied at once: most of a page is kept in long runs.
    fn emit(&mut self, s: &[u8], from: usize, to: usize) {
        let to = to.min(s.len());
        if from != self.pending.1 {
            self.flush();
            self.pending.0 = from;
        }
        self.pending.1 = to.max(self.pending.0);
    }

    /// Writes out the gathered copy; needed before the output is read or
    /// written otherwise.
    fn flush(&mut self) {
        let (from, to) = self.pending;
        if to > from {
            if let Some(piece) = self.src.get(from..to) {
                self.out.push_str(piece);
            }
        }
        self.pending.0 = to;
    }

    fn push_str(&mut self, text: &str) {
        self.flush();
        self.out.push_str(text);
    }

    /// Handles the markup (or lone `<`) at `lt`; returns where to go on.
    fn markup(
        &mut self,
        s: &[u8],
        lt: usize,
        span: Option<usize>,
        frames: &mut Vec<Frame>,
    ) -> usize {
        let emitting = frames.is_empty();
        let foreign = frames.last().is_some_and(Frame::foreign);
        let bogus = |pass: &mut Pass<'_>, from: usize| {
            let end = gt_end(s, from);
            if emitting {
                pass.emit(s, lt, end);
            }
            end
        };
        match s.get(lt + 1).copied() {
            Some(b'!') => {
                if s.get(lt..lt + 4) == Some(b"<!--") {
                    comment_end(s, lt)
                } else if foreign && s.get(lt + 2..lt + 9) == Some(b"[CDATA[") {
                    cdata_end(s, lt)
                } else {
                    // Doctype or bogus comment: both end at the first `>`.
                    bogus(self, lt + 2)
                }
            }
            Some(b'?') => bogus(self, lt + 1),
            Some(b'/') => match s.get(lt + 2).copied() {
                Some(b) if b.is_ascii_alphabetic() => self.end_tag(s, lt, frames),
                // `</>` is ignored by the tokenizer; `</` at the end is text.
                Some(b'>') => lt + 3,
                Some(_) => bogus(self, lt + 2),
                None => {
                    if emitting {
                        self.push_str("&lt;/");
                        self.after_boundary = false;
                    }
                    lt + 2
                }
            },
            Some(b) if b.is_ascii_alphabetic() => self.start_tag(s, lt, span, frames),
            _ => {
                // A `<` that is text: written as a reference, so that cutting
                // out what follows cannot join it with later text into a tag.
                if emitting {
                    self.push_str("&lt;");
                    self.after_boundary = false;
                }
                lt + 1
            }
        }
    }

    fn start_tag(
        &mut self,
        s: &[u8],
        lt: usize,
        span: Option<usize>,
        frames: &mut Vec<Frame>,
    ) -> usize {
        let ne = name_end(s, lt + 1);
        let name = Name::new(s.get(lt + 1..ne).unwrap_or_default());
        let Some(te) = tag_end(s, ne) else {
            // The input ends inside the tag: the tokenizer drops it, and with it
            // the rest; the parser will do the same with the copy.
            if frames.is_empty() {
                self.emit(s, lt, s.len());
            }
            return s.len();
        };
        let tag = s.get(lt..te.end).unwrap_or_default();
        if let Some(top) = frames.last().copied() {
            return if top.foreign() {
                foreign_start(frames, top, &name, tag, te, lt)
            } else {
                html_start_dropped(s, frames, &name, te, lt)
            };
        }
        match name.as_bytes() {
            b"script" => {
                let close = script_end(s, te.end);
                let end = close.map_or(s.len(), |c| close_end(s, c));
                if is_json_ld(tag) {
                    self.emit(s, lt, end);
                }
                end
            }
            b"style" => find_end_tag(s, te.end, b"style").map_or(s.len(), |c| close_end(s, c)),
            b"noscript" if span.is_some() => te.end,
            b"noscript" => {
                let close = find_end_tag(s, te.end, b"noscript");
                let content = s.get(..close.unwrap_or(s.len())).unwrap_or_default();
                let idx = self.spans.len();
                self.flush();
                let start = self.out.len();
                self.spans.push(Span {
                    start,
                    end: start,
                    text: 0,
                    prose: false,
                });
                // What it opens is forgotten if it goes at once.
                let open = self.open.clone();
                self.run(content, te.end, Some(idx));
                self.flush();
                let end = self.out.len();
                match self.spans.get_mut(idx) {
                    // Too little text to ever be kept: dropped at once.
                    Some(sp) if sp.text < NOSCRIPT_MIN_TEXT || !sp.prose => {
                        self.spans.truncate(idx);
                        self.out.truncate(start);
                        self.open = open;
                    }
                    Some(sp) => sp.end = end,
                    None => {}
                }
                // Whether it stays is decided at the end: assume text.
                self.after_boundary = false;
                close.map_or(s.len(), |c| close_end(s, c))
            }
            b"template" => {
                frames.push(Frame {
                    name,
                    kind: FrameKind::Template,
                });
                te.end
            }
            b"svg" | b"math" => {
                if name.is(b"math") {
                    if te.self_closing {
                        return te.end;
                    }
                    self.math_from = Some(lt);
                }
                if !te.self_closing {
                    frames.push(Frame {
                        name,
                        kind: if name.is(b"svg") {
                            FrameKind::Svg
                        } else {
                            FrameKind::Math
                        },
                    });
                }
                te.end
            }
            b"plaintext" => {
                self.emit(s, lt, s.len());
                s.len()
            }
            n if is_raw(n) => {
                let end = find_end_tag(s, te.end, n).map_or(s.len(), |c| close_end(s, c));
                self.emit(s, lt, end);
                self.after_boundary = false;
                end
            }
            n => {
                let counted = !te.self_closing && !not_counted(n);
                if counted {
                    if self.depth >= MAX_DEPTH {
                        self.suppressed += 1;
                        self.capped += 1;
                        return te.end;
                    }
                    self.depth += 1;
                }
                if holds_prose(n) {
                    if let Some(sp) = span.and_then(|i| self.spans.get_mut(i)) {
                        sp.prose = true;
                    }
                }
                let boundary = space::is_boundary(&name, false, &self.open);
                self.open.open(&name);
                if tag.len() > MAX_TAG_BYTES {
                    self.push_str("<");
                    self.emit(s, lt + 1, ne);
                    self.push_str(if te.self_closing { "/>" } else { ">" });
                    self.capped += 1;
                } else {
                    self.start_tag_kept_attrs(s, lt, te.end);
                }
                self.after_boundary = boundary;
                te.end
            }
        }
    }

    /// Copies the start tag `lt..end` with only the attributes kept.
    fn start_tag_kept_attrs(&mut self, s: &[u8], lt: usize, end: usize) {
        let tag = s.get(lt..end).unwrap_or_default();
        let keep = self.keep;
        filter_start_tag(tag, keep, |piece| match piece {
            Piece::Range(from, to) => self.emit(s, lt + from, lt + to),
            Piece::Space => self.push_str(" "),
        });
    }

    fn end_tag(&mut self, s: &[u8], lt: usize, frames: &mut Vec<Frame>) -> usize {
        let ne = name_end(s, lt + 2);
        let name = Name::new(s.get(lt + 2..ne).unwrap_or_default());
        // The input ending inside the tag drops it (and the rest).
        let end = tag_end(s, ne).map_or(s.len(), |t| t.end);
        if let Some(top) = frames.last().copied() {
            let open = self.open.is_open(&name);
            return dropped_end(frames, top, &name, open, end, lt);
        }
        let boundary = space::is_boundary(&name, true, &self.open);
        self.open.close(&name);
        if !not_counted(name.as_bytes()) {
            if self.suppressed > 0 {
                self.suppressed -= 1;
                return end;
            }
            self.depth = self.depth.saturating_sub(1);
        }
        self.emit(s, lt, end);
        self.after_boundary = boundary;
        end
    }

    /// Drops the noscript spans the page does not live in; returns how many
    /// were kept.
    fn settle_noscript(&mut self) -> usize {
        if self.spans.is_empty() {
            return 0;
        }
        let inside: usize = self
            .spans
            .iter()
            .filter(|sp| sp.text >= NOSCRIPT_MIN_TEXT && sp.prose)
            .map(|sp| sp.text)
            .sum();
        let keep_big = inside > self.text;

        let keep = |sp: &Span| keep_big && sp.text >= NOSCRIPT_MIN_TEXT && sp.prose;
        let kept = self.spans.iter().filter(|sp| keep(sp)).count();
        if kept == self.spans.len() {
            return kept;
        }
        // One pass over the output, leaving the dropped spans out.
        let old = std::mem::take(&mut self.out);
        self.out.reserve(old.len());
        let mut read = 0usize;
        for sp in self.spans.iter().filter(|sp| !keep(sp)) {
            if let Some(piece) = old.get(read..sp.start) {
                self.out.push_str(piece);
            }
            read = read.max(sp.end);
        }
        if let Some(piece) = old.get(read..) {
            self.out.push_str(piece);
        }
        kept
    }
}
