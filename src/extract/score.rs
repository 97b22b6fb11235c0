//! Stage: find the article — scoring of candidate containers. Each block of prose
//! credits the elements above it (its container fully, the next ones less);
//! class/id/role words and link density adjust the score. Read by `extract`.

use crate::blocks::{Block, BlockDoc, BlockKind};

/// Words of class/id values that suggest the article body.
const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story",
    "prose", "hentry", "single", "news", "column",
];
/// Words of class/id values that suggest clutter.
const NEGATIVE: &[&str] = &[
    "comment",
    "comments",
    "meta",
    "footer",
    "footnote",
    "sidebar",
    "widget",
    "share",
    "social",
    "related",
    "nav",
    "navigation",
    "menu",
    "ad",
    "ads",
    "advert",
    "promo",
    "sponsor",
    "teaser",
    "combx",
    "contact",
    "masthead",
    "outbrain",
    "popup",
    "recommended",
    "shoutbox",
    "subscribe",
    "newsletter",
    "cookie",
    "banner",
    "breadcrumb",
    "pagination",
    "pager",
    "tags",
    "taboola",
    "rail",
    "aside",
    "hidden",
    "byline",
    "author",
    "disqus",
    "skyscraper",
    "modal",
    "tools",
];

fn word_hits(class_id: &str, list: &[&str]) -> usize {
    let mut hits = 0;
    crate::rules::for_each_word(class_id, |w| {
        if list.contains(&w) {
            hits += 1;
        }
    });
    hits
}

/// A class/id/role/tag weight for node `idx`, roughly −25 to +25.
pub fn class_weight(doc: &BlockDoc, idx: u32) -> f32 {
    let Some(node) = doc.nodes.get(idx as usize) else {
        return 0.0;
    };
    let mut w = 0.0;
    let pos = word_hits(&node.class_id, POSITIVE);
    let neg = word_hits(&node.class_id, NEGATIVE);
    if pos > 0 {
        w += 25.0;
    }
    if neg > 0 {
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
        _ => {}
    }
    w
}

/// The content value of one block: how much it looks like article prose.
pub fn block_value(block: &Block) -> f32 {
    if !matches!(
        block.kind,
        BlockKind::Paragraph | BlockKind::Quote | BlockKind::Pre | BlockKind::ListItem(_)
    ) {
        return 0.0;
    }
    let chars = block.text.chars().count();
    if chars < 25 {
        return 0.0;
    }
    let commas = block
        .text
        .chars()
        .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
        .count();
    let base = 1.0 + commas as f32 + (chars as f32 / 100.0).min(3.0);
    let ld = block.link_density();
    base * (1.0 - ld) * (1.0 - ld)
}

/// Per-node scores: the sum of block values credited from below, adjusted by class
/// weight and by the node's link density.
pub fn node_scores(doc: &BlockDoc) -> Vec<f32> {
    let n = doc.nodes.len();
    let mut raw = vec![0.0f32; n];
    let mut chars = vec![0u32; n];
    let mut link = vec![0u32; n];
    for block in &doc.blocks {
        let len = block.text.chars().count() as u32;
        for anc in doc.ancestors(block.node) {
            if let Some(c) = chars.get_mut(anc as usize) {
                *c += len;
            }
            if let Some(l) = link.get_mut(anc as usize) {
                *l += block.link_chars;
            }
        }
        let value = block_value(block);
        if value == 0.0 {
            continue;
        }
        // The block's own element is usually a <p>; credit its container most.
        let own_is_container = doc
            .nodes
            .get(block.node as usize)
            .is_some_and(|n| !matches!(&*n.tag, "p" | "li" | "blockquote" | "pre" | "td" | "dd"));
        let mut level = if own_is_container { 0 } else { -1 };
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
    (0..n)
        .map(|i| {
            if raw[i] <= 0.0 {
                return 0.0;
            }
            let ld = link[i] as f32 / chars[i].max(1) as f32;
            (raw[i] + class_weight(doc, i as u32)) * (1.0 - ld.min(1.0))
        })
        .collect()
}
