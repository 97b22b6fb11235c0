//! Stage: blocks (HTML) — which elements the walk leaves out because the markup
//! hides them (`hidden`, `aria-hidden="true"`, an inline `display: none` or
//! `visibility: hidden`, a utility class such as `d-none`), and the two guards
//! that keep hidden text that is really the page's: a long element hidden by a
//! class alone (a script reveals it: "read more", a paywall), and a hidden
//! element holding most of the page's text (the layout wrapper that a script
//! shows once the page has loaded, or the app root a modal dialog hid when the
//! page was saved). Without the second guard such a page came out empty.

use ego_tree::NodeRef;
use scraper::Node;

use super::elements::gives_no_text;

/// Whether an inline style hides the element (`display: none`, `visibility: hidden`).
pub(super) fn hidden_style(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// Whether a class list hides the element with a utility class that means
/// `display: none` everywhere (`hidden`, `d-none`, `hide`, `is-hidden`,
/// Yahoo's atomic `Dn`), and no other class of the list shows it again at
/// some screen size (`md:block`, `d-md-flex`, `visible-lg`). Scripts show
/// such elements on demand, so the walk leaves out only short ones (tooltips,
/// error messages, form prompts): see [`HIDDEN_CLASS_MAX_BYTES`].
pub(super) fn hidden_class(class: &str) -> bool {
    let mut hides = false;
    for token in class.split_ascii_whitespace() {
        match token {
            "hidden" | "d-none" | "hide" | "is-hidden" | "Dn" | "display-none" | "u-hidden"
            | "invisible" => hides = true,
            t if t.contains(':') || t.starts_with("d-") || t.starts_with("visible") => {
                return false
            }
            _ => {}
        }
    }
    hides
}

/// An element hidden by a class alone gives no text when it holds fewer than
/// this many bytes of text; a longer one may be article text that a script
/// reveals ("read more", a paywall), and is kept.
pub(super) const HIDDEN_CLASS_MAX_BYTES: usize = 200;

/// A hidden element with less text than this (bytes) is left out without
/// weighing it against the page: menus, dialogs, tooltips.
const WRAPPER_MIN_BYTES: usize = 200;

/// The text nodes under `node`, leaving out script and style contents.
fn texts<'a>(node: NodeRef<'a, Node>) -> impl Iterator<Item = &'a str> {
    node.descendants().filter_map(|d| match d.value() {
        Node::Text(t) if !in_skipped(d) => Some(&**t),
        _ => None,
    })
}

/// Whether a text node sits directly in an element that gives no text.
fn in_skipped(text: NodeRef<'_, Node>) -> bool {
    text.parent()
        .and_then(|p| p.value().as_element().map(|e| gives_no_text(e.name())))
        .unwrap_or(false)
}

/// Up to `max` bytes of the text under `node`, leaving out script and style contents.
pub(super) fn visible_text(node: NodeRef<'_, Node>, max: usize) -> String {
    let mut out = String::new();
    for t in texts(node) {
        out.push_str(t);
        out.push(' ');
        if out.len() >= max {
            break;
        }
    }
    out
}

/// Bytes of text (whitespace runs at the ends of text nodes left out) under
/// `node`, counting stops once past `max`.
fn text_bytes(node: NodeRef<'_, Node>, max: usize) -> usize {
    let mut n = 0usize;
    for t in texts(node) {
        n += t.trim().len();
        if n > max {
            break;
        }
    }
    n
}

/// A hidden element holding more than this share of the page's text is the
/// page's own content: a layout wrapper holds nearly all of it, an app root
/// behind a modal all but the dialog. (A hidden half of an article, as in
/// Readability's `visibility-hidden` test page, stays hidden.)
const WRAPPER_SHARE: f64 = 0.75;

/// Decides, element by element, whether a hidden element holds most of the
/// page's text. Each such question reads at most [`WRAPPER_SHARE`] of the
/// page's text, and all of them together about three times the page's text
/// (a question that might read more than what is left is not asked), so nested
/// hidden wrappers cannot make the walk quadratic.
pub(super) struct PageWrappers<'s, 'a> {
    /// Where the walk starts (the page, or a site rule's roots).
    starts: &'s [NodeRef<'a, Node>],
    /// Bytes of text under the walk's starts, counted on first need.
    page: Option<usize>,
    budget: usize,
    /// Hidden elements read as shown.
    pub(super) shown: usize,
}

impl<'s, 'a> PageWrappers<'s, 'a> {
    pub(super) fn new(starts: &'s [NodeRef<'a, Node>]) -> Self {
        PageWrappers {
            starts,
            page: None,
            budget: 0,
            shown: 0,
        }
    }

    /// Whether `node`, hidden by its markup, holds more than [`WRAPPER_SHARE`]
    /// of the text of the page: then it is the page's own content, hidden until
    /// a script shows it, and the walk reads it.
    pub(super) fn holds_page(&mut self, node: NodeRef<'_, Node>) -> bool {
        if text_bytes(node, WRAPPER_MIN_BYTES) < WRAPPER_MIN_BYTES {
            return false;
        }
        let page = match self.page {
            Some(p) => p,
            None => {
                let p = self.starts.iter().map(|s| text_bytes(*s, usize::MAX)).sum();
                self.page = Some(p);
                self.budget = p.saturating_mul(3);
                p
            }
        };
        let share = (page as f64 * WRAPPER_SHARE) as usize;
        if self.budget < share {
            return false;
        }
        // What was read, not the share: the menus and dialogs hidden beside
        // the wrapper use up little of the budget.
        let bytes = text_bytes(node, share);
        self.budget = self.budget.saturating_sub(bytes);
        let holds = bytes > share;
        self.shown += usize::from(holds);
        holds
    }

    /// The note for the article when hidden elements were read as shown.
    pub(super) fn note(&self) -> Option<String> {
        let page = self.page?;
        let what = match self.shown {
            0 => return None,
            1 => "a hidden element holds".to_string(),
            n => format!("{n} hidden elements, one inside the other, hold"),
        };
        Some(format!(
            "{what} most of the page's {page} bytes of text: read as shown \
             (the page hides it until a script runs)"
        ))
    }
}
