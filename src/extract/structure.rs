//! Stage: structural cleaners inside the article. Runs after `extract` found the
//! region (or a site rule named the root), before the block rules. An element
//! inside the region goes when a `[[remove]]` rule with `classes`/`words`/`tags`
//! names it (comment sections, share bars, author boxes…) or when it is a
//! container of links (a link list, a teaser box, a button row); figure
//! captions (with a credit line beside them in their image box), short lines
//! before the headline and a heading that repeats the title go too (`headline`),
//! and so do the lines of small boxes no name gives away (`boxes`: one built
//! around a form or a paid link, one the rules above mostly emptied). Guards keep the article: the elements holding its core are
//! never removed, nor an element holding half its good text, a class/id value
//! shared by most of its text, an element that a rule names only through such
//! shared values (a page builder's `builder-widget` on every paragraph), or an
//! element whose text reads as prose — unless its name says comments, footer or
//! gallery (gallery and slideshow words on the elements around the headline
//! name the page itself, and remove nothing). A region whose prose is all in
//! comment-named elements (a forum topic, a live commentary) is a thread: those
//! elements stay, or nothing would. `tidy` then trims the edges.

use std::borrow::Cow;
use std::collections::HashMap;

use super::features::{BlockInfo, Totals};
use super::headline::{drop_before_title, is_headline, kicker_and_title, same_text, without_slug};
use super::score;
use crate::article::{shorten, Removal, Stage};
use crate::blocks::{BlockDoc, BlockKind};
use crate::extract::Extracted;
use crate::rules::ActiveRules;

/// An element holding more than this share of the article's text is never removed
/// by its class/id.
const MAX_NODE_SHARE: f32 = 0.5;

/// A region with at least this much good text (characters) in comment-named
/// elements and less than this much outside them is a thread, kept whole.
const THREAD_MIN_GOOD: f32 = 200.0;

/// A container with a larger share of linked text is a link list.
const LINK_HEAVY: f32 = 0.5;
/// …unless it holds more than this share of the article's good text.
const LINK_HEAVY_MAX_SHARE: f32 = 0.25;
/// A container with three or more link lines, no fewer than its prose blocks,
/// and this share of linked text is a teaser box.
const TEASER_LINK_DENSITY: f32 = 0.3;
/// List items this long on average (characters) are the article's own list.
const LONG_ITEM_CHARS: f32 = 60.0;
/// Fewest characters of its own (outside its sub-list) that make a list
/// item's words a point of its own (see `item_sublist`).
const ITEM_OWN_MIN_CHARS: u32 = 20;

/// Whether an element's text is running prose: several paragraphs, hardly any
/// links. Widgets named share, tags, meta… never look like that; an element
/// that does is article text under an unlucky name (`id="sharing-data"`).
fn reads_as_prose(t: &Totals) -> bool {
    t.prose >= 3
        && t.good >= 500.0
        && t.good >= 0.6 * t.chars as f32
        && t.link_density() < 0.2
        && t.link_blocks * 3 <= t.prose
}

/// The rule that removes captions; `<figcaption>` and `<caption>` blocks go
/// with it, whatever their class names.
const CAPTIONS_RULE: &str = "captions";

/// Why an element inside the article goes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Hit {
    /// A `[[remove]]` rule (index into the active rules) names it.
    Rule(usize),
    /// A container of links: a link list, a teaser box, a button row.
    LinkHeavy,
    /// A short line beside a removed caption in the caption's own small box:
    /// its photo credit (`<p class="Source">KRISTIAN DE SILVA</p>`).
    Credit,
    /// A few short lines in a small box around a form (see `boxes`).
    FormBox,
    /// A few short lines in a small box around a paid link (see `boxes`).
    PaidBox,
    /// Short lines left in a small box that the rules above mostly emptied
    /// (see `boxes`).
    EmptiedBox,
}

/// A box holding a removed caption and at most this many blocks is the
/// caption's figure, whatever its name.
const FIGURE_MAX_BLOCKS: u32 = 4;
/// A credit line is at most this long (characters)…
const CREDIT_MAX_CHARS: usize = 60;
/// …and this many words.
const CREDIT_MAX_WORDS: usize = 6;

/// Whether a line reads as a photo credit: a few words, no sentence end, no
/// colon that would introduce what follows ("KRISTIAN DE SILVA", "Getty
/// Images", "AP Photo/Jane Doe").
fn credit_shaped(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= CREDIT_MAX_CHARS
        && text.split_whitespace().count() <= CREDIT_MAX_WORDS
        && !text.ends_with(['.', '!', '?', ':', ';', '"', '”', '“', '»', '…'])
}

/// Marks the credit lines beside removed captions (see [`Hit::Credit`]): a
/// paragraph next to a caption that went, inside the caption's parent element
/// when that parent lies below the block's origin, is off the article's core
/// and holds only a few blocks. Captions are figcaption/caption blocks and
/// blocks removed through a caption-named element.
fn mark_credits(
    doc: &BlockDoc,
    article: &Extracted,
    node_text: &[Totals],
    core_path: &[u32],
    hits: &mut [Option<(u32, Hit)>],
) {
    for i in 0..article.blocks.len() {
        let Some(block) = article.blocks.get(i) else {
            continue;
        };
        let caption_node = match hits.get(i).copied().flatten() {
            Some((n, Hit::Rule(_))) => doc
                .nodes
                .get(n as usize)
                .filter(|x| score::caption_named(x))
                .map(|_| n),
            None if block.kind == BlockKind::Caption => Some(block.node),
            _ => None,
        };
        let Some(parent) = caption_node
            .and_then(|n| doc.nodes.get(n as usize))
            .and_then(|n| n.parent)
        else {
            continue;
        };
        let origin = article.origin(i);
        let below_origin = doc.ancestors(parent).skip(1).any(|a| a == origin);
        let small = node_text
            .get(parent as usize)
            .is_some_and(|t| t.blocks <= FIGURE_MAX_BLOCKS);
        if !below_origin || !small || core_path.binary_search(&parent).is_ok() {
            continue;
        }
        for j in [i.wrapping_sub(1), i + 1] {
            let Some(next) = article.blocks.get(j) else {
                continue;
            };
            let free = hits.get(j).is_some_and(Option::is_none);
            if free
                && next.kind == BlockKind::Paragraph
                && doc.is_within(next.node, parent)
                && credit_shaped(&next.text)
            {
                if let Some(slot) = hits.get_mut(j) {
                    *slot = Some((parent, Hit::Credit));
                }
            }
        }
    }
}

/// Whether a container element is mostly links: more than half its text, or a
/// run of link lines (teaser headlines) at least as long as its prose.
fn link_heavy(node: &crate::blocks::NodeInfo, t: &Totals) -> bool {
    let container = matches!(
        &*node.tag,
        "div"
            | "section"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "aside"
            | "nav"
            | "form"
            | "header"
            | "footer"
            | "figure"
            | "details"
            | "menu"
            | "article"
            | "blockquote"
    );
    if !container || t.chars == 0 {
        return false;
    }
    // A list of long items with links is the article's own list (sources,
    // steps, a link roundup), not navigation.
    let list = matches!(&*node.tag, "ul" | "ol");
    if list && t.chars as f32 >= LONG_ITEM_CHARS * t.blocks.max(1) as f32 {
        return false;
    }
    let ld = t.link_density();
    ld > LINK_HEAVY || (t.link_blocks >= 3 && t.link_blocks >= t.prose && ld > TEASER_LINK_DENSITY)
}

/// Whether a list is a sub-list of an item whose own words are prose, not a
/// link: the item's points ("new views of the dashboard:" over three links to
/// them), which go or stay with the item. A menu's sub-list hangs under an
/// item that is itself a link, and stays link-heavy.
fn item_sublist(
    doc: &BlockDoc,
    node: &crate::blocks::NodeInfo,
    t: &Totals,
    node_text: &[Totals],
) -> bool {
    if !matches!(&*node.tag, "ul" | "ol") {
        return false;
    }
    let Some(parent) = node.parent else {
        return false;
    };
    let in_item = doc
        .nodes
        .get(parent as usize)
        .is_some_and(|p| &*p.tag == "li");
    let Some(item) = node_text.get(parent as usize).filter(|_| in_item) else {
        return false;
    };
    let own = item.chars.saturating_sub(t.chars);
    let own_link = item.link.saturating_sub(t.link);
    own >= ITEM_OWN_MIN_CHARS && (own_link as f32) < own as f32 * LINK_HEAVY
}

/// Whether `node` lies in a comment form: a `<form>` that is comment-named or
/// inside a comment-named element, below `origin`. (A page wrapped in one big
/// form, as ASP.NET pages are, is not in a comment form.)
fn in_comment_form(doc: &BlockDoc, node: u32, origin: u32) -> bool {
    let mut form = false;
    for a in doc.ancestors(node).take_while(|&a| a != origin) {
        let Some(x) = doc.nodes.get(a as usize) else {
            continue;
        };
        form |= &*x.tag == "form";
        if form && score::comment_named(x) {
            return true;
        }
    }
    false
}

/// Removes structural clutter from `article` in place, recording each removal.
pub fn clean_structure(
    doc: &BlockDoc,
    article: &mut Extracted,
    rules: &ActiveRules<'_>,
    title: Option<&str>,
    removed: &mut Vec<Removal>,
) {
    let infos: Vec<BlockInfo> = article.blocks.iter().map(BlockInfo::of).collect();
    let total: usize = infos.iter().map(|i| i.chars as usize).sum();
    let total_good: f32 = infos.iter().map(BlockInfo::good).sum();
    // Text under each node (indexed like `doc.nodes`), and under each class/id
    // value (a value shared by most of the article's paragraphs names the
    // article, not clutter, whatever words it holds).
    let mut node_text: Vec<Totals> = vec![Totals::default(); doc.nodes.len()];
    let mut value_chars: HashMap<&str, usize> = HashMap::new();
    // …and under each single class/id value: page builders give every widget
    // its own classes but one shared value (`builder-widget`), which names the
    // article's layout wherever it holds most of the text.
    let mut single_chars: HashMap<&str, usize> = HashMap::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut seen_single: Vec<&str> = Vec::new();
    for (i, (block, info)) in article.blocks.iter().zip(&infos).enumerate() {
        let len = info.chars as usize;
        let origin = article.origin(i);
        seen.clear();
        seen_single.clear();
        for anc in doc.ancestors(block.node) {
            if anc == origin {
                break;
            }
            let Some(node) = doc.nodes.get(anc as usize) else {
                continue;
            };
            if let Some(t) = node_text.get_mut(anc as usize) {
                t.add_block(info);
            }
            if !node.class_id.is_empty() && !seen.contains(&&*node.class_id) {
                seen.push(&node.class_id);
                *value_chars.entry(&node.class_id).or_default() += len;
                for v in node.class_id.split_ascii_whitespace() {
                    if !seen_single.contains(&v) {
                        seen_single.push(v);
                        *single_chars.entry(v).or_default() += len;
                    }
                }
            }
        }
    }
    let limit = total.max(1) as f32 * MAX_NODE_SHARE;
    // The elements holding the article's core (the best-scoring container) are
    // the article itself, whatever their names.
    let mut core_path: Vec<u32> = article
        .core
        .map(|c| doc.ancestors(c).collect())
        .unwrap_or_default();
    core_path.sort_unstable();
    // So are the elements around the headline, for the link-density test.
    let headline = score::headline(doc, title);
    let mut headline_path: Vec<u32> = headline
        .map(|h| doc.ancestors(h).collect())
        .unwrap_or_default();
    headline_path.sort_unstable();
    // Gallery and caption words on the elements around the headline name the
    // page itself (a slideshow, a gallery post): they are its layout there and
    // below, not clutter.
    let layout_words = headline_path
        .iter()
        .filter_map(|&a| doc.nodes.get(a as usize))
        .filter(|n| !matches!(&*n.tag, "#root" | "html" | "body"))
        .fold(0u8, |m, n| m | score::long_clutter_words(n));
    let has_core = article.core.is_some();
    // Whether the class/id values of an element that a rule names by themselves
    // are layout: shared by most of the article's text, or a variant of such a
    // value whose own words name nothing (`builder-widget-heading` next to a
    // shared `builder-widget`; not `builder-widget-share-buttons`).
    let layout_named = |class_id: &str| -> bool {
        let shared = |v: &str| single_chars.get(v).copied().unwrap_or(0) as f32 > limit;
        let named: Vec<&str> = class_id
            .split_ascii_whitespace()
            .filter(|v| rules.token_rule(v).is_some())
            .collect();
        let layout = |v: &&str| {
            shared(v)
                || named.iter().any(|u| {
                    shared(u)
                        && v.strip_prefix(u)
                            .and_then(|rest| rest.strip_prefix(['-', '_']))
                            .is_some_and(|rest| rules.token_rule(rest).is_none())
                })
        };
        !named.is_empty() && named.iter().all(layout)
    };
    // Each heading element's text, to tell an id made from it.
    let heading_text: HashMap<u32, String> = article
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
        .map(|b| (b.node, b.text.clone()))
        .collect();
    // Each node's verdict, worked out the first time a block asks.
    let mut verdict: Vec<Option<Option<Hit>>> = vec![None; doc.nodes.len()];
    let mut node_rule = |idx: u32, spare_comments: bool| -> Option<Hit> {
        if spare_comments
            && doc
                .nodes
                .get(idx as usize)
                .is_some_and(score::comment_named)
        {
            return None;
        }
        let slot = verdict.get_mut(idx as usize)?;
        *slot.get_or_insert_with(|| {
            let node = doc.nodes.get(idx as usize)?;
            if core_path.binary_search(&idx).is_ok() {
                return None;
            }
            let text = node_text.get(idx as usize).copied().unwrap_or_default();
            let big = if has_core {
                text.good > total_good * MAX_NODE_SHARE
            } else {
                text.chars as f32 > limit
            };
            let long_words = score::long_clutter_words(node);
            let strong = score::strong_clutter(node, long_words & !layout_words);
            if big && !strong {
                return None;
            }
            let shared = value_chars.get(&*node.class_id).copied().unwrap_or(0);
            if !node.class_id.is_empty() && shared as f32 > limit && !strong {
                return None;
            }
            // The page's own layout words (see `layout_words`) name no clutter.
            let class_rule = if long_words & layout_words != 0 {
                rules.token_rule(&score::without_long_clutter(node, layout_words))
            } else if node.is_heading() {
                let own = heading_text
                    .get(&idx)
                    .map_or(Cow::Borrowed(&*node.class_id), |t| {
                        without_slug(&node.class_id, t)
                    });
                rules.token_rule(&score::before_with(&score::meaningful(&own)))
            } else {
                rules.token_rule(&score::meaningful(&node.class_id))
            };
            if class_rule.is_some() && !strong && layout_named(&node.class_id) {
                return None;
            }
            let rule = class_rule
                .or_else(|| rules.token_rule(&node.hints))
                .or_else(|| rules.token_rule(&format!("<{}>", node.tag)));
            match rule {
                Some(rule) if !reads_as_prose(&text) || strong => Some(Hit::Rule(rule)),
                Some(_) => None,
                None => {
                    let prune = link_heavy(node, &text)
                        && !item_sublist(doc, node, &text, &node_text)
                        && text.good <= total_good * LINK_HEAVY_MAX_SHARE
                        && headline_path.binary_search(&idx).is_err();
                    prune.then_some(Hit::LinkHeavy)
                }
            }
        })
    };
    drop_before_title(article, title, headline, removed);
    // The element (and why) that removes each block, if any.
    let mut hit_of = |i: usize, spare_comments: bool| -> Option<(u32, Hit)> {
        let block = article.blocks.get(i)?;
        let origin = article.origin(i);
        // A `<figure>` holds a table, a code listing or a pull quote as often
        // as a picture: those are the article's, only their caption is not.
        let own_figure = matches!(
            block.kind,
            BlockKind::TableRow | BlockKind::Pre | BlockKind::Quote
        );
        doc.ancestors(block.node)
            .take_while(|&a| a != origin)
            .filter(|&a| {
                !own_figure
                    || doc
                        .nodes
                        .get(a as usize)
                        .is_none_or(|n| &*n.tag != "figure")
            })
            .find_map(|a| node_rule(a, spare_comments).map(|h| (a, h)))
    };
    let mut hits: Vec<Option<(u32, Hit)>> = (0..article.blocks.len())
        .map(|i| hit_of(i, false))
        .collect();
    // A region whose prose is all inside comment-named elements is a thread (a
    // forum topic, a guestbook): removing them would leave nothing, so they stay.
    // A comment form's labels are no thread.
    let (mut kept_good, mut comment_good) = (0.0f32, 0.0f32);
    for (i, ((hit, info), block)) in hits.iter().zip(&infos).zip(&article.blocks).enumerate() {
        match hit {
            None => kept_good += info.good(),
            Some((n, _)) if doc.nodes.get(*n as usize).is_some_and(score::comment_named) => {
                if !in_comment_form(doc, block.node, article.origin(i)) {
                    comment_good += info.good();
                }
            }
            Some(_) => {}
        }
    }
    let thread = comment_good >= THREAD_MIN_GOOD && kept_good < THREAD_MIN_GOOD;
    if thread {
        for (i, hit) in hits.iter_mut().enumerate() {
            if hit.is_some() {
                *hit = hit_of(i, true);
            }
        }
    }
    article.thread = thread;
    mark_credits(doc, article, &node_text, &core_path, &mut hits);
    super::boxes::mark_small_boxes(doc, article, &node_text, &core_path, total, &mut hits);
    super::boxes::mark_emptied_boxes(doc, article, &node_text, &core_path, &mut hits);
    // `<figcaption>`s go with the `captions` rule, and stay when it is off.
    let captions_out = rules.id_enabled(CAPTIONS_RULE);
    let mut first_text_seen = false;
    let origins = std::mem::take(&mut article.origins);
    let mut kept_origins = Vec::with_capacity(origins.len());
    let mut i = 0;
    article.blocks.retain(|block| {
        let origin = origins.get(i).copied().unwrap_or(0);
        let hit = hits.get(i).copied().flatten().map(|(_, h)| h);
        i += 1;
        if let Some(hit) = hit {
            let (rule, file) = match hit {
                Hit::Rule(rule) => {
                    let info = rules.rule(rule);
                    (
                        info.map_or_else(|| "?".into(), |r| r.id.clone()),
                        info.map(|r| r.file.to_string()),
                    )
                }
                Hit::LinkHeavy => ("link-heavy".to_string(), None),
                Hit::Credit => ("caption-credit".to_string(), None),
                Hit::FormBox => ("form-box".to_string(), None),
                Hit::PaidBox => ("paid-box".to_string(), None),
                Hit::EmptiedBox => ("emptied-box".to_string(), None),
            };
            removed.push(Removal {
                rule,
                file,
                stage: Stage::Structure,
                text: shorten(&block.text, 160),
            });
            return false;
        }
        let builtin = match block.kind {
            BlockKind::Caption if captions_out => Some("caption"),
            BlockKind::Heading(_) if !first_text_seen && is_headline(block, headline, title) => {
                Some("title-heading")
            }
            BlockKind::Heading(_)
                if title.is_some_and(|t| {
                    (same_text(t, &block.text)
                        && (!first_text_seen || t.split_whitespace().nth(2).is_some()))
                        || (!first_text_seen && kicker_and_title(t, &block.text))
                }) =>
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
        kept_origins.push(origin);
        true
    });
    article.origins = kept_origins;
    // The region's edges are tidied only when extraction found them; a site
    // rule's root has its own edges (and its own rules anchored on them).
    if article.core.is_some() {
        super::tidy::tidy(&mut article.blocks, &mut article.origins, rules, removed);
    }
}
