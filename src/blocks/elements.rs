//! Stage: blocks (HTML) — what the walk reads of an element: its role (block,
//! cell, break, inline, no text), the attributes it keeps (class, id, role,
//! itemprop, hiding, paid links), and the shapes of text it reads in a line:
//! a bold line over a line break, a bullet opening an item. Used by `html`.

use super::hidden::{hidden_class, hidden_style};

/// How an element affects the walk.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Gives no text at all (script, style, hidden…).
    Skip,
    /// Starts and ends a block.
    Block,
    /// A table cell: joins the row with ` | `.
    Cell,
    /// A line break.
    Break,
    /// Text flows through it.
    Inline,
    /// A MathML formula: read as one run of text (see [`super::math`]).
    Math,
}

/// How the walk treats an element of this tag.
pub(super) fn role(tag: &str) -> Role {
    match tag {
        "math" => Role::Math,
        "script" | "style" | "noscript" | "template" | "svg" | "iframe" | "object" | "embed"
        | "canvas" | "video" | "audio" | "button" | "input" | "select" | "textarea" | "option"
        | "optgroup" | "datalist" | "head" | "title" | "meta" | "link" | "base" | "img"
        | "picture" | "source" | "track" | "map" | "area" | "frameset" | "frame" | "dialog"
        | "rt" | "rp" => Role::Skip,
        "br" | "wbr" => Role::Break,
        "td" | "th" => Role::Cell,
        "address" | "article" | "aside" | "blockquote" | "body" | "center" | "dd" | "details"
        | "dir" | "div" | "dl" | "dt" | "fieldset" | "figcaption" | "figure" | "footer"
        | "form" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "header" | "hgroup" | "hr"
        | "html" | "legend" | "li" | "main" | "menu" | "nav" | "ol" | "p" | "pre" | "section"
        | "summary" | "table" | "tbody" | "thead" | "tfoot" | "tr" | "ul" | "caption"
        | "output" | "search" | "listing" | "plaintext" | "xmp" => Role::Block,
        _ => Role::Inline,
    }
}

/// Whether an element gives no text to the walk (scripts, styles, media, form
/// controls…).
pub(crate) fn gives_no_text(tag: &str) -> bool {
    matches!(role(tag), Role::Skip)
}

/// Whether an element's boundaries part runs of text for the walk (block, cell
/// and line-break elements).
pub(crate) fn parts_text(tag: &str) -> bool {
    matches!(role(tag), Role::Block | Role::Break | Role::Cell)
}

/// The attributes the walk reads, gathered in one pass over the element's
/// attributes (looking each up by name would intern the name every time).
#[derive(Default)]
pub(super) struct WalkAttrs<'a> {
    pub(super) class: Option<&'a str>,
    pub(super) id: Option<&'a str>,
    pub(super) role: Option<&'a str>,
    pub(super) itemprop: Option<&'a str>,
    /// The type's name of `itemtype` ("Comment" of
    /// "https://schema.org/Comment").
    pub(super) itemtype: Option<&'a str>,
    /// What a component framework names the element by in a data attribute
    /// (`data-block="newsletter"`, `data-testid="sticky-video-player"`,
    /// `data-component`, `data-module`), where hashed class names say nothing.
    pub(super) component: Option<&'a str>,
    /// `rel` names the link paid for (`sponsored`).
    pub(super) sponsored: bool,
    /// `hidden`, `aria-hidden` or an inline style hides the element.
    pub(super) hidden: bool,
    /// A utility class hides the element (see [`hidden_class`]).
    pub(super) hidden_class: bool,
}

impl<'a> WalkAttrs<'a> {
    /// The attributes of `el`.
    pub(super) fn of(el: &'a scraper::node::Element) -> Self {
        let mut out = WalkAttrs::default();
        for (name, value) in el.attrs() {
            match name {
                "class" => {
                    out.class = Some(value);
                    out.hidden_class = hidden_class(value);
                }
                "id" => out.id = Some(value),
                "role" => out.role = Some(value),
                "itemprop" => out.itemprop = Some(value),
                "itemtype" => {
                    let name = value.trim().rsplit(['/', '#']).next().unwrap_or_default();
                    out.itemtype = (!name.is_empty()).then_some(name);
                }
                "data-block" | "data-testid" | "data-component" | "data-module" => {
                    out.component = Some(value);
                }
                "rel" => {
                    out.sponsored = value
                        .split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("sponsored"));
                }
                "hidden" => out.hidden = true,
                "aria-hidden" => out.hidden |= value.trim().eq_ignore_ascii_case("true"),
                "style" => out.hidden |= hidden_style(value),
                _ => {}
            }
        }
        out
    }
}

/// The level given to a bold line read as a subheading: under the `<h2>` and
/// `<h3>` sections articles use, so an `<h3>` over bold subheads ("Ingredients"
/// over "For the cake") is not a heading left without a section.
pub(super) const BOLD_LINE_LEVEL: u8 = 4;
/// Longest bold line (characters) read as a subheading…
const BOLD_LINE_MAX_CHARS: usize = 80;
/// …and its most words.
const BOLD_LINE_MAX_WORDS: usize = 10;

/// Whether a bold line before a line break reads as a subheading: short, with
/// a letter, not ended like a sentence or a label (a bold "Note:" or a bold
/// lead-in sentence runs on into its paragraph).
pub(super) fn reads_as_bold_heading(text: &str) -> bool {
    let text = text.trim();
    text.chars().any(char::is_alphabetic)
        && text.chars().nth(BOLD_LINE_MAX_CHARS).is_none()
        && text.split_whitespace().nth(BOLD_LINE_MAX_WORDS).is_none()
        && !text.ends_with(['.', ',', ';', ':', '!', '?'])
}

/// The number a line of text opens with as a list item's: one to three
/// digits, a full stop or closing bracket, a space ("1. Tillsätt …", "12) Stir
/// …", "100. Ray Gillen").
pub(super) fn line_number(text: &str) -> Option<u32> {
    let text = text.trim_start();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let mut rest = text.get(digits..)?.chars();
    if !(1..=3).contains(&digits)
        || !matches!(rest.next(), Some('.' | ')'))
        || !rest.next().is_some_and(char::is_whitespace)
    {
        return None;
    }
    text.get(..digits)?.parse().ok()
}

/// Whether a line of text opens with a list item's number (see
/// [`line_number`]).
pub(crate) fn opens_numbered_line(text: &str) -> bool {
    line_number(text).is_some()
}

/// Whether `ch` is a bullet that opens a list item set as a line of text.
pub(super) fn is_bullet(ch: char) -> bool {
    matches!(
        ch,
        '\u{2022}' | '\u{25aa}' | '\u{25e6}' | '\u{25ba}' | '\u{25a0}'
    )
}

/// Two attribute values joined by a space, lower-cased when `lower`.
pub(super) fn join_attrs(a: Option<&str>, b: Option<&str>, lower: bool) -> String {
    let mut out = String::new();
    for part in [a, b].into_iter().flatten() {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if lower {
            out.push_str(&part.to_lowercase());
        } else {
            out.push_str(part);
        }
    }
    out
}
