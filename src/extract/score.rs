//! Stage: find the article — candidate scoring. First, elements that are never
//! the article (navigation, footers, sidebars, comment sections… named by their
//! tag, role or class/id words) are marked, together with everything inside them.
//! Then each block of prose credits the elements above it (its container fully,
//! the next one half, further ones less); class/id/role/tag words and the
//! element's link density adjust the sum. Reads `features`; read by `region`.

use std::borrow::Cow;

use super::features::{Features, Totals};
use super::words::{
    is_comments, is_negative, is_no_rescue, is_overlay, is_positive, is_rescue, is_unlikely,
    is_widget,
};
use crate::blocks::{BlockDoc, BlockKind, NodeInfo};

/// The class/id values that describe the element itself. A blog post's element
/// also lists its taxonomy (`category-photos tag-japan format-gallery`), which
/// says what the post is about, not what the element is: those values are left
/// out on an element that marks itself a post (`hentry`, `type-post`, `post-123`).
pub fn meaningful(class_id: &str) -> Cow<'_, str> {
    const TAXONOMY: &[&str] = &[
        "category-",
        "tag-",
        "format-",
        "post_format-",
        "post-format-",
        "status-",
        "type-",
    ];
    let is_post = class_id.split_ascii_whitespace().any(|v| {
        v == "hentry"
            || v.starts_with("type-")
            || v.strip_prefix("post-")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    if !is_post {
        return Cow::Borrowed(class_id);
    }
    let kept: Vec<&str> = class_id
        .split_ascii_whitespace()
        .filter(|v| !TAXONOMY.iter().any(|t| v.starts_with(t)))
        .collect();
    Cow::Owned(kept.join(" "))
}

/// A heading's class/id values, each cut where a `with` starts what the heading
/// comes with rather than what it is (`anchorWithStickyNavbar`, which Docusaurus
/// sets on every heading; `title-with-share-bar`). On a container the same words
/// say what it holds (`with-extracted-share-icons`), so only headings are read so.
pub fn before_with(class_id: &str) -> Cow<'_, str> {
    fn cut(value: &str) -> &str {
        let bytes = value.as_bytes();
        for (i, _) in value.match_indices("With") {
            // A camelCase hump: after a lowercase letter, before an uppercase one.
            let after_lower = i > 0 && bytes.get(i - 1).is_some_and(u8::is_ascii_lowercase);
            let before_upper = bytes.get(i + 4).is_some_and(u8::is_ascii_uppercase);
            if after_lower && before_upper {
                return value.get(..i).unwrap_or(value);
            }
        }
        for sep in ["-with-", "_with_"] {
            if let Some(i) = value.find(sep) {
                return value.get(..i).unwrap_or(value);
            }
        }
        value
    }
    if !class_id.contains("With") && !class_id.contains("with") {
        return Cow::Borrowed(class_id);
    }
    let kept: Vec<&str> = class_id.split_ascii_whitespace().map(cut).collect();
    Cow::Owned(kept.join(" "))
}

fn any_word(class_id: &str, in_list: fn(&str) -> bool) -> bool {
    let class_id = meaningful(class_id);
    let class_id: &str = &class_id;
    let mut hit = false;
    crate::rules::for_each_word(class_id, |w| hit = hit || in_list(w));
    hit
}

/// A class/id/role/tag weight for an element, roughly −50 to +50.
pub fn class_weight(node: &NodeInfo) -> f32 {
    let mut w = 0.0;
    let (mut pos, mut neg) = (false, false);
    for value in meaningful(&node.class_id).split_ascii_whitespace() {
        // A UI widget's inner part (`panel-body`, `card-body`, `modal-content`)
        // says nothing about the article.
        let mut widget = false;
        crate::rules::for_each_word(value, |word| {
            widget = widget || is_widget(word);
            pos = pos || (!widget && is_positive(word));
            neg = neg || is_negative(word);
        });
    }
    if pos {
        w += 25.0;
    }
    if neg {
        w -= 25.0;
    }
    if node.hints.contains("articlebody") || node.hints.contains("main") {
        w += 30.0;
    }
    if node.hints.contains("navigation") || node.hints.contains("complementary") {
        w -= 30.0;
    }
    match &*node.tag {
        "article" | "main" => w += 15.0,
        "nav" | "aside" | "footer" | "header" | "form" | "menu" => w -= 25.0,
        "section" => w += 3.0,
        "div" => w += 5.0,
        "ol" | "ul" | "dl" | "li" | "dd" | "dt" | "address" => w -= 3.0,
        _ => {}
    }
    w
}

/// How strictly elements are marked unlikely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// Every unlikely tag, role and class/id word.
    Full,
    /// Only comment sections (long prose that is never the article) and
    /// overlays.
    CommentsAndOverlays,
    /// Only overlays: login and sign-up dialogs, cookie and newsletter pop-ups.
    OverlaysOnly,
}

/// Whether an element's class/id names a comment section (or its replies),
/// or its microdata type is a comment (`itemtype="https://schema.org/Comment"`).
pub fn comment_named(node: &NodeInfo) -> bool {
    any_word(&node.class_id, is_comments)
        || node
            .hints
            .split_ascii_whitespace()
            .any(|h| matches!(h, "comment" | "usercomments"))
}

/// Whether an element is an overlay by an [`is_overlay`] class/id word.
fn overlay(node: &NodeInfo) -> bool {
    any_word(&node.class_id, is_overlay)
}

/// Whether an element by itself is never the article: a `nav`, `aside`,
/// `footer` or `menu`, a navigation/complementary/contentinfo role, or an
/// unlikely class/id word not outweighed by a rescue word.
pub fn unlikely(node: &NodeInfo) -> bool {
    if matches!(&*node.tag, "nav" | "aside" | "footer" | "menu") {
        return true;
    }
    if ["navigation", "complementary", "contentinfo", "dialog"]
        .iter()
        .any(|r| node.hints.split_ascii_whitespace().any(|h| h == *r))
    {
        return true;
    }
    if node.class_id.is_empty() || matches!(&*node.tag, "body" | "html" | "main") {
        return false;
    }
    let (mut bad, mut hard, mut rescue) = (false, false, false);
    crate::rules::for_each_word(&meaningful(&node.class_id), |w| {
        if is_unlikely(w) {
            bad = true;
            hard = hard || is_no_rescue(w);
        }
        rescue = rescue || is_rescue(w);
    });
    bad && (hard || !rescue)
}

/// Words of clutter that can hold long running text (galleries, captions).
const LONG_CLUTTER: &[&str] = &[
    "gallery",
    "slideshow",
    "carousel",
    "lightbox",
    "caption",
    "captions",
];

/// Which [`LONG_CLUTTER`] words an element's class/id holds, one bit each.
pub fn long_clutter_words(node: &NodeInfo) -> u8 {
    let mut mask = 0u8;
    if node.class_id.is_empty() {
        return mask;
    }
    crate::rules::for_each_word(&meaningful(&node.class_id), |w| {
        if let Some(i) = LONG_CLUTTER.iter().position(|c| *c == w) {
            mask |= 1 << i;
        }
    });
    mask
}

/// Whether an element's class/id names a caption (`caption`, `captions`).
pub fn caption_named(node: &NodeInfo) -> bool {
    let mut found = false;
    crate::rules::for_each_word(&meaningful(&node.class_id), |w| {
        found |= matches!(w, "caption" | "captions");
    });
    found
}

/// The words of an element's class/id without the [`LONG_CLUTTER`] words in
/// `mask`, space-separated (for a rule lookup that ignores them).
pub fn without_long_clutter(node: &NodeInfo, mask: u8) -> String {
    let mut out = String::new();
    crate::rules::for_each_word(&meaningful(&node.class_id), |w| {
        let named = LONG_CLUTTER
            .iter()
            .position(|c| *c == w)
            .is_some_and(|i| mask & (1 << i) != 0);
        if !named {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    });
    out
}

/// Whether an element's class/id names clutter that can be long running text
/// (comment threads, footers, galleries), which no amount of prose redeems.
/// `long_clutter` is the element's [`long_clutter_words`] that count: the
/// caller leaves out those naming the page's own layout (a slideshow page
/// whose headline sits in a `slideshowPackage`).
pub fn strong_clutter(node: &NodeInfo, long_clutter: u8) -> bool {
    long_clutter != 0
        || matches!(&*node.tag, "footer" | "aside" | "nav")
        || any_word(&node.class_id, is_no_rescue)
}

/// Letters and digits of `s`, lower-cased.
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The element of the page's headline: the first `h1`/`h2` whose text is the
/// page title (or a part of it, or contains it), else the only `h1`.
pub fn headline(doc: &BlockDoc, title: Option<&str>) -> Option<u32> {
    let title = title.map(fold).filter(|t| t.chars().count() >= 8);
    let mut only_h1 = None;
    let mut h1s = 0;
    for block in &doc.blocks {
        let BlockKind::Heading(level) = block.kind else {
            continue;
        };
        if level > 2 {
            continue;
        }
        if let Some(t) = &title {
            let h = fold(&block.text);
            if h.chars().count() >= 8 && (t.contains(&h) || h.contains(t.as_str())) {
                return Some(block.node);
            }
        }
        if level == 1 {
            h1s += 1;
            only_h1 = Some(block.node);
        }
    }
    only_h1.filter(|_| h1s == 1)
}

/// Per element: whether it or an ancestor is marked at `level` ([`unlikely`],
/// or only comment sections and overlays, or only overlays). The elements
/// around the page's headline are exempt (a layout wrapper named
/// `above-footer` or `with-sidebar` holds the article).
pub fn excluded(doc: &BlockDoc, level: Exclusion, headline: Option<u32>) -> Vec<bool> {
    let mut out = vec![false; doc.nodes.len()];
    let test: fn(&NodeInfo) -> bool = match level {
        Exclusion::Full => unlikely,
        Exclusion::CommentsAndOverlays => |n: &NodeInfo| comment_named(n) || overlay(n),
        Exclusion::OverlaysOnly => overlay,
    };
    let mut exempt = vec![false; doc.nodes.len()];
    if let Some(h) = headline {
        for anc in doc.ancestors(h) {
            if let Some(slot) = exempt.get_mut(anc as usize) {
                *slot = true;
            }
        }
    }
    for i in 0..doc.nodes.len() {
        let Some(node) = doc.nodes.get(i) else { break };
        let inherited = node
            .parent
            .filter(|p| (*p as usize) < i)
            .and_then(|p| out.get(p as usize).copied())
            .unwrap_or(false);
        // Below an excluded element the test can change nothing.
        let own = !inherited && !exempt.get(i).copied().unwrap_or(false) && test(node);
        if let Some(slot) = out.get_mut(i) {
            *slot = inherited || own;
        }
    }
    out
}

/// Candidate scores per element: the prose credited from below (blocks inside
/// excluded elements give none), plus the class weight, times one minus the
/// element's link density over its kept blocks.
pub fn candidate_scores(
    doc: &BlockDoc,
    f: &Features,
    excluded: &[bool],
    kept: &[Totals],
) -> Vec<f32> {
    let n = doc.nodes.len();
    let mut raw = vec![0.0f32; n];
    for (block, info) in doc.blocks.iter().zip(&f.blocks) {
        if info.value <= 0.0 || excluded.get(block.node as usize).copied().unwrap_or(false) {
            continue;
        }
        let value = match block.kind {
            BlockKind::ListItem(_) => info.value * 0.5,
            _ => info.value,
        };
        // The block's own element is usually a <p>; credit its container most.
        let own_is_container = doc
            .nodes
            .get(block.node as usize)
            .is_some_and(|n| !matches!(&*n.tag, "p" | "li" | "blockquote" | "pre" | "td" | "dd"));
        let mut level: i32 = if own_is_container { 0 } else { -1 };
        for anc in doc.ancestors(block.node) {
            let share = match level {
                -1 => 0.0,
                0 => 1.0,
                1 => 0.5,
                l => 1.0 / (l as f32 * 3.0),
            };
            if let Some(r) = raw.get_mut(anc as usize) {
                *r += value * share;
            }
            level += 1;
            if level > 4 {
                break;
            }
        }
    }
    raw.iter()
        .enumerate()
        .map(|(i, &r)| {
            if r <= 0.0 {
                return 0.0;
            }
            let weight = doc.nodes.get(i).map_or(0.0, class_weight);
            let ld = kept.get(i).map_or(0.0, Totals::link_density);
            ((r + weight) * (1.0 - ld.min(1.0))).max(0.0)
        })
        .collect()
}

/// How many runner-up candidates are weighed when looking for a shared container…
const RUNNERS_UP: usize = 5;
/// …those scoring at least this share of the best one count…
const CLOSE_SHARE: f32 = 0.75;
/// …and a container holding the best and this many of them is taken instead.
const CLOSE_NEEDED: usize = 3;

/// The best-scoring candidate, or the nearest container that holds it and
/// several runner-ups of nearly the same score: on a page of equal teasers or
/// of an article split over sibling sections no single part is the article.
pub fn best_candidate(doc: &BlockDoc, scores: &[f32]) -> Option<u32> {
    let mut ranked: Vec<(u32, f32)> = scores
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > 0.0)
        .map(|(i, s)| (i as u32, *s))
        .collect();
    ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let (best, top) = *ranked.first()?;
    // Runner-ups inside the best candidate are parts of it, not rivals; one
    // around it (a wrapper scoring nearly as high) says the text is spread
    // over that wrapper, and counts.
    let close: Vec<u32> = ranked
        .iter()
        .skip(1)
        .filter(|(i, _)| !doc.is_within(*i, best))
        .take(RUNNERS_UP)
        .filter(|(_, s)| *s >= top * CLOSE_SHARE)
        .map(|(i, _)| *i)
        .collect();
    if close.len() < CLOSE_NEEDED {
        return Some(best);
    }
    for anc in doc.ancestors(best).skip(1) {
        let Some(node) = doc.nodes.get(anc as usize) else {
            break;
        };
        if node.parent.is_none() || matches!(&*node.tag, "html" | "body") {
            break;
        }
        let holds = close.iter().filter(|&&c| doc.is_within(c, anc)).count();
        if holds >= CLOSE_NEEDED {
            return Some(anc);
        }
    }
    Some(best)
}
