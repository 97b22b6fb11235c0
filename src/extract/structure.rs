//! Stage: structural cleaners inside the article — `[[remove]]` rules with
//! `classes`/`words` (comment sections, share bars, author boxes… named by their
//! class/id), figure captions, and a heading that repeats the title. An element
//! holding most of the article is never removed this way.

use std::collections::HashMap;

use crate::article::{shorten, Removal, Stage};
use crate::blocks::{BlockDoc, BlockKind};
use crate::extract::Extracted;
use crate::rules::ActiveRules;

/// An element holding more than this share of the article's text is never removed
/// by its class/id.
const MAX_NODE_SHARE: f32 = 0.5;

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// Removes structural clutter from `article` in place, recording each removal.
pub fn clean_structure(
    doc: &BlockDoc,
    article: &mut Extracted,
    rules: &ActiveRules<'_>,
    title: Option<&str>,
    removed: &mut Vec<Removal>,
) {
    let total: usize = article.blocks.iter().map(|b| b.text.chars().count()).sum();
    // Characters of article text under each node.
    let mut node_chars: HashMap<u32, usize> = HashMap::new();
    for block in &article.blocks {
        let len = block.text.chars().count();
        for anc in doc.ancestors(block.node) {
            *node_chars.entry(anc).or_default() += len;
            if article.roots.contains(&anc) {
                break;
            }
        }
    }
    let mut verdict: HashMap<u32, Option<usize>> = HashMap::new();
    let mut node_rule = |idx: u32| -> Option<usize> {
        *verdict.entry(idx).or_insert_with(|| {
            let node = doc.nodes.get(idx as usize)?;
            let share = *node_chars.get(&idx).unwrap_or(&0) as f32 / total.max(1) as f32;
            if share > MAX_NODE_SHARE {
                return None;
            }
            rules
                .token_rule(&node.class_id)
                .or_else(|| rules.token_rule(&node.hints))
                .or_else(|| rules.token_rule(&format!("<{}>", node.tag)))
        })
    };
    drop_before_title(article, title, removed);
    let mut first_text_seen = false;
    let roots = article.roots.clone();
    article.blocks.retain(|block| {
        let mut hit = None;
        for anc in doc.ancestors(block.node) {
            if roots.contains(&anc) {
                break;
            }
            if let Some(rule) = node_rule(anc) {
                hit = Some(rule);
                break;
            }
        }
        if let Some(rule) = hit {
            let info = rules.rule(rule);
            removed.push(Removal {
                rule: info.map_or_else(|| "?".into(), |r| r.id.clone()),
                file: info.map(|r| r.file.to_string()),
                stage: Stage::Structure,
                text: shorten(&block.text, 160),
            });
            return false;
        }
        let builtin = match block.kind {
            BlockKind::Caption => Some("caption"),
            BlockKind::Heading(_)
                if !first_text_seen && title.is_some_and(|t| same_text(t, &block.text)) =>
            {
                Some("title-heading")
            }
            _ => None,
        };
        if let Some(id) = builtin {
            removed.push(Removal {
                rule: id.into(),
                file: None,
                stage: Stage::Structure,
                text: shorten(&block.text, 160),
            });
            return false;
        }
        if matches!(block.kind, BlockKind::Paragraph) {
            first_text_seen = true;
        }
        true
    });
}

/// Short lines before the headline inside the article (kicker, breadcrumbs,
/// section label) are not body text: when a heading repeats the title and only
/// such lines precede it, they go.
fn drop_before_title(article: &mut Extracted, title: Option<&str>, removed: &mut Vec<Removal>) {
    let Some(title) = title else { return };
    let Some(pos) = article
        .blocks
        .iter()
        .take(8)
        .position(|b| matches!(b.kind, BlockKind::Heading(_)) && same_text(title, &b.text))
    else {
        return;
    };
    let before = article.blocks.get(..pos).unwrap_or_default();
    let short = before.iter().all(|b| b.text.chars().count() < 80);
    let total: usize = before.iter().map(|b| b.text.chars().count()).sum();
    if pos == 0 || !short || total >= 200 {
        return;
    }
    for b in article.blocks.drain(..pos) {
        removed.push(Removal {
            rule: "before-title".into(),
            file: None,
            stage: Stage::Structure,
            text: shorten(&b.text, 160),
        });
    }
}
