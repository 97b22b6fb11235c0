//! The pipeline: the one place that fixes the order of the stages.
//!
//! ```text
//! RawPage → sniff → decode → parse → site DOM rules (remove, root) → blocks
//!   → find the article → structural cleaners → normalize blocks
//!   → block rules (cut_from, drop, strip) → Article { text, metadata, removed }
//! ```
//! Plain text skips the HTML stages: decode → reflow into blocks → block rules.
//! Each stage is a plain function that records what it removed.

use std::time::{Duration, Instant};

use scraper::Html;

use crate::article::{shorten, Article, EncodingSource, InputKind, Paragraph, Removal, Stage};
use crate::blocks::{self, Block, BlockDoc, BlockKind, NodeInfo, WalkOptions};
use crate::decode::{self, ContentKind};
use crate::error::Error;
use crate::extract::{self, Extracted};
use crate::metadata::{self, Metadata};
use crate::normalize;
use crate::page::{InputFormat, RawPage};
use crate::prepass;
use crate::reflow;
use crate::rules::{self, ActiveRules, RuleSet};

/// The cleaning pipeline with its compiled rules. Build once, clean many pages
/// (it is `Sync`: share it across threads).
#[derive(Debug)]
pub struct Pipeline {
    rules: RuleSet,
    limits: Limits,
    /// Attributes the pre-pass keeps: those the stages read and those the
    /// rules' selectors test.
    keep: prepass::KeepAttrs,
}

/// Per-page limits. A page over a limit gives an empty article whose
/// `empty_reason` says which limit it hit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    /// Largest page accepted, in bytes.
    pub max_bytes: Option<usize>,
    /// Longest time one page may take. Checked between stages, so a page stops
    /// at the first stage boundary after the budget is spent.
    pub time_budget: Option<Duration>,
}

impl Pipeline {
    /// A pipeline with the bundled rules.
    pub fn new() -> Result<Pipeline, Error> {
        Ok(Pipeline::with_rules(RuleSet::bundled()?))
    }

    /// A pipeline with the given rules.
    pub fn with_rules(rules: RuleSet) -> Pipeline {
        Pipeline {
            keep: prepass::KeepAttrs::new(rules.selector_attributes()),
            rules,
            limits: Limits::default(),
        }
    }

    /// The same pipeline with per-page limits.
    pub fn with_limits(mut self, limits: Limits) -> Pipeline {
        self.limits = limits;
        self
    }

    /// The reason a page that started at `start` is over its time budget, if it is.
    fn over_budget(&self, start: Instant, stage: &str) -> Option<String> {
        let budget = self.limits.time_budget?;
        let spent = start.elapsed();
        (spent > budget).then(|| {
            format!(
                "time budget of {} ms exceeded ({} ms, at {stage})",
                budget.as_millis(),
                spent.as_millis()
            )
        })
    }

    /// The attributes its pre-pass keeps.
    pub(crate) fn keep_attrs(&self) -> &prepass::KeepAttrs {
        &self.keep
    }

    /// The rules in use.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Cleans one page. Never fails: a page with nothing left gives an empty text
    /// and `empty_reason`.
    pub fn clean(&self, page: &RawPage) -> Article {
        let start = Instant::now();
        if let Some(max) = self.limits.max_bytes.filter(|m| page.bytes.len() > *m) {
            return empty_article(
                InputKind::Text,
                "",
                format!("larger than the size limit ({max} bytes)"),
            );
        }
        let url = page
            .url
            .as_deref()
            .and_then(|u| url::Url::parse(u.trim()).ok());
        let active = self.rules.active(url.as_ref());
        let kind = match page.format {
            InputFormat::Html => ContentKind::Html,
            InputFormat::Text => ContentKind::Text,
            InputFormat::Auto => decode::sniff_kind(&page.bytes),
        };
        let mut removed = Vec::new();
        let mut notes = Vec::new();
        let (input_kind, decoded) = match kind {
            ContentKind::Binary(what) => {
                return empty_article(
                    InputKind::Text,
                    "",
                    format!("not a text or HTML page ({what})"),
                );
            }
            ContentKind::Html => (
                InputKind::Html,
                decode::decode(&page.bytes, page.content_type.as_deref(), true),
            ),
            ContentKind::Text => (
                InputKind::Text,
                decode::decode(&page.bytes, page.content_type.as_deref(), false),
            ),
        };
        if decoded.malformed {
            notes.push(format!(
                "some bytes were not valid {} and became U+FFFD",
                decoded.encoding
            ));
        }
        if decoded.text.trim().is_empty() {
            return empty_article(input_kind, decoded.encoding, "empty input".into());
        }
        let (mut meta, mut article_blocks, nodes) = match input_kind {
            InputKind::Html => html_stages(
                &decoded.text,
                &self.keep,
                url.as_ref(),
                &active,
                &mut removed,
                &mut notes,
            ),
            InputKind::Text => (
                Metadata::default(),
                text_stages(&decoded.text, &|line| active.is_clutter_line(line)),
                Vec::new(),
            ),
        };
        if let Some(reason) = self.over_budget(start, "extraction") {
            return empty_article(input_kind, decoded.encoding, reason);
        }
        let outcome =
            rules::apply_block_rules_in(&active, &mut article_blocks, &nodes, &mut removed);
        if let Some(reason) = self.over_budget(start, "block rules") {
            return empty_article(input_kind, decoded.encoding, reason);
        }
        notes.extend(outcome.notes);
        if meta.author.is_none() {
            meta.author = outcome.author;
        }
        if meta.published.is_none() {
            meta.published = outcome.published;
        }
        let paragraphs: Vec<Paragraph> = article_blocks
            .into_iter()
            .map(|b| Paragraph {
                kind: b.kind,
                text: b.text,
            })
            .collect();
        let text = normalize::assemble(paragraphs.iter().map(|p| p.text.as_str()));
        let empty_reason = text
            .is_empty()
            .then(|| "no article text left after cleaning".to_string());
        Article {
            text,
            paragraphs,
            metadata: meta,
            encoding: decoded.encoding,
            encoding_source: decoded.source,
            input_kind,
            removed,
            notes,
            empty_reason,
        }
    }
}

fn empty_article(input_kind: InputKind, encoding: &'static str, reason: String) -> Article {
    Article {
        text: String::new(),
        paragraphs: Vec::new(),
        metadata: Metadata::default(),
        encoding: if encoding.is_empty() {
            "UTF-8"
        } else {
            encoding
        },
        encoding_source: EncodingSource::Default,
        input_kind,
        removed: Vec::new(),
        notes: Vec::new(),
        empty_reason: Some(reason),
    }
}

/// Normalizes each block's text (spaces, NFC, invisibles) and drops empty ones.
/// A preformatted block holding hard-wrapped prose is reflowed into paragraphs.
pub(crate) fn normalize_blocks(doc: &mut BlockDoc) {
    let has_pre = doc.blocks.iter().any(|b| b.kind == BlockKind::Pre);
    if has_pre {
        let blocks = std::mem::take(&mut doc.blocks);
        for block in blocks {
            if block.kind == BlockKind::Pre && reflow::is_wrapped_prose(&block.text) {
                for para in reflow::text_blocks(&block.text) {
                    doc.blocks.push(Block {
                        kind: BlockKind::Paragraph,
                        text: para.text,
                        ..block.clone()
                    });
                }
            } else {
                doc.blocks.push(block);
            }
        }
    }
    for block in &mut doc.blocks {
        block.text = if block.kind == BlockKind::Pre {
            normalize::normalize_pre(&block.text)
        } else {
            normalize::normalize_line(&block.text)
        };
    }
    doc.blocks.retain(|b| !b.text.is_empty());
}

/// Plain text's blocks: reflowed, with each line that `stands_alone` says is a
/// block by itself (one a rule removes whole) kept apart from the paragraphs
/// around it, and normalized.
fn text_stages(text: &str, stands_alone: &dyn Fn(&str) -> bool) -> Vec<Block> {
    let mut doc = blocks::text_blocks_with(text, stands_alone);
    normalize_blocks(&mut doc);
    doc.blocks
}

/// The value of the elements matching `sel`: each one's `datetime`/`content`
/// attribute or text, distinct values joined with ", " (several authors), or only
/// the first when `first_only` (a date).
fn select_value(doc: &Html, sel: &scraper::Selector, first_only: bool) -> Option<String> {
    let mut values: Vec<String> = Vec::new();
    for el in doc.select(sel) {
        let value = el
            .value()
            .attr("datetime")
            .or_else(|| el.value().attr("content"))
            .map(str::to_string)
            .unwrap_or_else(|| el.text().collect::<String>());
        let value = normalize::normalize_line(&value);
        if !value.is_empty() && !values.contains(&value) {
            values.push(value);
        }
        if first_only && !values.is_empty() {
            break;
        }
    }
    (!values.is_empty()).then(|| values.join(", "))
}

fn html_stages(
    text: &str,
    keep: &prepass::KeepAttrs,
    url: Option<&url::Url>,
    active: &ActiveRules<'_>,
    removed: &mut Vec<Removal>,
    notes: &mut Vec<String>,
) -> (Metadata, Vec<Block>, Vec<NodeInfo>) {
    let slim = prepass::prepass(text, keep);
    if slim.capped > 0 {
        notes.push(format!(
            "{} elements nested deeper than {} were flattened or stripped of thousands of attributes",
            slim.capped,
            prepass::MAX_DEPTH
        ));
    }
    if slim.noscript_kept > 0 {
        notes.push(format!(
            "{} <noscript> elements kept: the page's text is inside them",
            slim.noscript_kept
        ));
    }
    let doc = crate::parse::parse_document(&slim.html);
    let mut meta = metadata::extract_metadata(&doc, url);
    if let Some(v) = active.author().and_then(|s| select_value(&doc, s, false)) {
        meta.author = Some(v);
    }
    if let Some(v) = active.published().and_then(|s| select_value(&doc, s, true)) {
        meta.published = Some(v);
    }

    // Site DOM rules: elements to drop, and the article root.
    let mut opts = WalkOptions::default();
    for (rule, sel) in active.selectors() {
        let info = active.rule(rule);
        for el in doc.select(sel) {
            opts.removed.entry(el.id()).or_insert_with(|| {
                (
                    info.map_or_else(|| "?".into(), |r| r.id.clone()),
                    info.map_or_else(String::new, |r| r.file.to_string()),
                )
            });
        }
    }
    if let Some(root) = active.root() {
        opts.roots = doc.select(root).map(|e| e.id()).collect();
        if opts.roots.is_empty() {
            notes.push(format!(
                "site `{}`: root selector matched nothing; used generic extraction",
                active.site_id().unwrap_or("?")
            ));
        }
    }
    let rooted = !opts.roots.is_empty();
    let mut doc_blocks = blocks::html_blocks(&doc, &opts, removed);
    notes.append(&mut doc_blocks.notes);
    normalize_blocks(&mut doc_blocks);
    let mut article = if rooted {
        Extracted::whole(&doc_blocks)
    } else {
        let hints = extract::Hints {
            json_ld_body: meta.json_ld_body.as_deref(),
            title: meta.title.as_deref(),
        };
        extract::find_article(&doc_blocks, &hints, removed)
    };
    extract::clean_structure(
        &doc_blocks,
        &mut article,
        active,
        meta.title.as_deref(),
        removed,
    );
    if article.thread {
        notes.push(
            "the page's prose is all in comment-named elements (a forum topic): kept as the article"
                .into(),
        );
    }
    let mut blocks = if rooted {
        article.blocks
    } else {
        json_ld_stand_in(&doc_blocks, article.blocks, &meta, removed, notes)
    };
    extract::drop_author_lines(&mut blocks, meta.author.as_deref(), removed);
    // The element table, for the block rules (see `rules::apply_block_rules_in`).
    (meta, blocks, doc_blocks.nodes)
}

/// The article's blocks, or the page's JSON-LD `articleBody` in their place when
/// the page's markup does not show it (see [`extract::body_stands_in`]).
pub(crate) fn json_ld_stand_in(
    doc: &BlockDoc,
    blocks: Vec<Block>,
    meta: &Metadata,
    removed: &mut Vec<Removal>,
    notes: &mut Vec<String>,
) -> Vec<Block> {
    match meta.json_ld_body.as_deref() {
        Some(body) if extract::body_stands_in(doc, &blocks, body) => {
            body_instead(body, meta.description.as_deref(), blocks, removed, notes)
        }
        _ => blocks,
    }
}

/// The page's JSON-LD `articleBody` as the article, in place of `shown`, the
/// little the page's markup gave (see [`extract::body_stands_in`]). A
/// paragraph of `shown` that repeats the page's `description` and is not in the
/// body is its standfirst and stays, before the body; every other block of
/// `shown` is recorded as replaced.
fn body_instead(
    body: &str,
    description: Option<&str>,
    shown: Vec<Block>,
    removed: &mut Vec<Removal>,
    notes: &mut Vec<String>,
) -> Vec<Block> {
    let described = description.map(|d| extract::TrigramSet::of([d]));
    let in_body = extract::TrigramSet::of([body]);
    let mut out = Vec::new();
    for block in shown {
        let standfirst = block.kind == BlockKind::Paragraph
            && described.as_ref().is_some_and(|d| d.covers(&block.text))
            && !in_body.covers(&block.text);
        if standfirst {
            out.push(block);
            continue;
        }
        removed.push(Removal {
            rule: "json-ld-body-instead".into(),
            file: None,
            stage: Stage::Extract,
            text: shorten(&block.text, 160),
        });
    }
    notes.push(
        "the page's markup shows little of its JSON-LD articleBody; the article text is taken from articleBody"
            .into(),
    );
    // The body is the page's own text, set out by its publisher: no rule splits it.
    out.extend(text_stages(body, &|_| false));
    out
}
