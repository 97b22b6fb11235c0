//! Elements the pre-pass drops whole while their content is still markup
//! (`<template>`, `<svg>`), or copies whole (`<math>`, whose formulas are text):
//! their content is tokenized only to find
//! where the parser would end them, following its rules for SVG/MathML content
//! (breakout tags, integration points). Without the parser's stack of open
//! elements some ends are guesses; the guesses err towards ending early (stray
//! SVG text shows) and the known gaps are spelled out in the generated tests.

use super::scan::{close_end, find_end_tag, font_breaks_out, script_end, Name, TagEnd};
use super::{is_raw, MAX_DEPTH};

/// Elements that never have content.
pub(super) fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
            | b"param"
            | b"keygen"
    )
}
/// HTML start tags inside an SVG/MathML integration point that end the dropped
/// SVG: the parser's list-item and table rules can close elements around it.
fn closes_around(name: &[u8]) -> bool {
    matches!(
        name,
        b"li" | b"dd" | b"dt" | b"table" | b"caption" | b"tr" | b"td" | b"th"
    )
}
/// Start tags that end SVG/MathML content (the parser pops back to HTML).
fn breaks_out(name: &[u8]) -> bool {
    matches!(
        name,
        b"b" | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"center"
            | b"code"
            | b"dd"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"embed"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"hr"
            | b"i"
            | b"img"
            | b"li"
            | b"listing"
            | b"menu"
            | b"meta"
            | b"nobr"
            | b"ol"
            | b"p"
            | b"pre"
            | b"ruby"
            | b"s"
            | b"small"
            | b"span"
            | b"strong"
            | b"strike"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tt"
            | b"u"
            | b"ul"
            | b"var"
    )
}
/// An element being dropped, whose content is tokenized only to find its end.
#[derive(Clone, Copy)]
pub(super) struct Frame {
    pub(super) name: Name,
    pub(super) kind: FrameKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum FrameKind {
    /// `<template>`: HTML content.
    Template,
    /// An SVG element (`<svg>` itself or one inside it): SVG content.
    Svg,
    /// A MathML element: MathML content.
    Math,
    /// An SVG/MathML element whose content is HTML (`foreignObject`, `mi`…).
    Integration,
    /// An HTML element inside an integration point.
    Html,
}

impl Frame {
    pub(super) fn foreign(&self) -> bool {
        matches!(self.kind, FrameKind::Svg | FrameKind::Math)
    }
}

/// A start tag inside dropped SVG/MathML: breakout tags end it (the tag is then
/// read again outside); other elements are tracked, to match end tags.
pub(super) fn foreign_start(
    frames: &mut Vec<Frame>,
    top: Frame,
    name: &Name,
    tag: &[u8],
    te: TagEnd,
    lt: usize,
) -> usize {
    if breaks_out(name.as_bytes()) || (name.is(b"font") && font_breaks_out(tag)) {
        while frames.last().is_some_and(Frame::foreign) {
            frames.pop();
        }
        return lt;
    }
    if te.self_closing || frames.len() >= MAX_DEPTH {
        return te.end;
    }
    // Everything else, `<svg>` and `<math>` included, is an element of the
    // namespace it sits in.
    let kind = match name.as_bytes() {
        b"foreignobject" | b"desc" | b"title" if top.kind == FrameKind::Svg => {
            FrameKind::Integration
        }
        b"mi" | b"mo" | b"mn" | b"ms" | b"mtext" if top.kind == FrameKind::Math => {
            FrameKind::Integration
        }
        _ => top.kind,
    };
    frames.push(Frame { name: *name, kind });
    te.end
}

/// A start tag with HTML rules inside a dropped element: only nesting and raw
/// text matter.
pub(super) fn html_start_dropped(
    s: &[u8],
    frames: &mut Vec<Frame>,
    name: &Name,
    te: TagEnd,
    lt: usize,
) -> usize {
    let in_template = frames.last().is_some_and(|f| f.kind == FrameKind::Template);
    if !in_template && closes_around(name.as_bytes()) {
        // The parser may close elements around the SVG for these (list items,
        // tables); the dropped region ends here rather than risk hiding text.
        let region = frames
            .iter()
            .rposition(|f| f.kind == FrameKind::Template)
            .map_or(0, |i| i + 1);
        frames.truncate(region);
        return lt;
    }
    let kind = match name.as_bytes() {
        b"template" => FrameKind::Template,
        b"svg" if !te.self_closing => FrameKind::Svg,
        b"math" if !te.self_closing => FrameKind::Math,
        b"script" => return script_end(s, te.end).map_or(s.len(), |c| close_end(s, c)),
        b"plaintext" => return s.len(),
        n if n == b"style" || n == b"noscript" || is_raw(n) => {
            return find_end_tag(s, te.end, n).map_or(s.len(), |c| close_end(s, c));
        }
        n if is_void(n) => return te.end,
        // Inside an integration point, HTML elements are tracked to match
        // their end tags; inside a template they do not matter.
        _ if frames.last().is_some_and(|f| f.kind != FrameKind::Template) => FrameKind::Html,
        _ => return te.end,
    };
    if frames.len() < MAX_DEPTH {
        frames.push(Frame { name: *name, kind });
    }
    te.end
}

/// An end tag inside a dropped element.
/// `open`: whether an element of that name was let through and is still open.
pub(super) fn dropped_end(
    frames: &mut Vec<Frame>,
    top: Frame,
    name: &Name,
    open: bool,
    end: usize,
    lt: usize,
) -> usize {
    if name.is(b"template") {
        if let Some(i) = frames.iter().rposition(|f| f.kind == FrameKind::Template) {
            frames.truncate(i);
            return end;
        }
    }
    if top.kind == FrameKind::Template {
        return end;
    }
    if top.kind == FrameKind::Html {
        // HTML rules: an end tag closes an open HTML element of its name; it
        // never reaches past the integration point.
        let first_html = frames
            .iter()
            .rposition(|f| f.kind != FrameKind::Html)
            .map_or(0, |i| i + 1);
        if let Some(i) = frames
            .iter()
            .rposition(|f| f.name == *name)
            .filter(|i| *i >= first_html)
        {
            frames.truncate(i);
        }
        return end;
    }
    // SVG/MathML rules, also right inside an integration point (its HTML
    // children are not tracked).
    let region = frames
        .iter()
        .rposition(|f| f.kind == FrameKind::Template)
        .map_or(0, |i| i + 1);
    if let Some(i) = frames
        .iter()
        .rposition(|f| f.name == *name)
        .filter(|i| *i >= region)
    {
        frames.truncate(i);
        return end;
    }
    if top.foreign() && (name.is(b"p") || name.is(b"br")) {
        while frames.last().is_some_and(Frame::foreign) {
            frames.pop();
        }
        return lt;
    }
    if open {
        frames.truncate(region);
        return lt;
    }
    end
}
