//! The stages of [`Pipeline::clean`](crate::Pipeline::clean) one at a time, for
//! benchmarks and profiling (`benches/stages.rs`, `examples/scaling.rs`).
//!
//! Each function here is a thin wrapper over the stage the pipeline itself calls,
//! taking and giving opaque values, so a stage can be timed on its own input
//! without the others. Run in this order they do what `Pipeline::clean` does for
//! an HTML page with no site rule and no URL:
//!
//! ```
//! use rinse::{stages, Pipeline, RawPage};
//!
//! let pipeline = Pipeline::new().expect("bundled rules load");
//! let page = RawPage::new("<html><body><article><p>Hello, world. This is the article body.</p></article></body></html>");
//! let text = stages::decode(&page);
//! let html = stages::prepass(&text, &pipeline);
//! let doc = stages::parse(&html);
//! let meta = stages::metadata(&doc);
//! let mut blocks = stages::blocks(&doc);
//! stages::normalize(&mut blocks);
//! let mut article = stages::find_article(&blocks, &meta);
//! stages::clean_structure(&blocks, &mut article, pipeline.rules(), &meta);
//! stages::block_rules(pipeline.rules(), &blocks, &mut article);
//! assert_eq!(stages::assemble(&article), pipeline.clean(&page).text);
//! ```
//!
//! Plain-text input takes [`reflow`] instead of everything from `prepass` to
//! `clean_structure`. The values are opaque on purpose: this module is for
//! measuring, not a second way to drive the pipeline.

use crate::article::Removal;
use crate::blocks::{self, BlockDoc, WalkOptions};
use crate::decode::{self, ContentKind};
use crate::extract::{self, Extracted};
use crate::metadata::{self, Metadata};
use crate::normalize;
use crate::page::{InputFormat, RawPage};
use crate::pipeline::{self, Pipeline};
use crate::prepass as slim;
use crate::rules::{self, RuleSet};

/// A parsed HTML document (the html5ever tree).
#[derive(Debug)]
pub struct Document(scraper::Html);

/// A page as a list of text blocks, with the table of elements they came from.
#[derive(Debug, Clone)]
pub struct Blocks(BlockDoc);

impl Blocks {
    /// Number of blocks.
    pub fn len(&self) -> usize {
        self.0.blocks.len()
    }

    /// Whether there are no blocks.
    pub fn is_empty(&self) -> bool {
        self.0.blocks.is_empty()
    }
}

/// The blocks chosen as the article.
#[derive(Debug, Clone)]
pub struct ArticleBlocks(Extracted);

impl ArticleBlocks {
    /// Number of blocks.
    pub fn len(&self) -> usize {
        self.0.blocks.len()
    }

    /// Whether there are no blocks.
    pub fn is_empty(&self) -> bool {
        self.0.blocks.is_empty()
    }
}

/// Sniffs the page (unless its [`InputFormat`] says what it is) and decodes its
/// bytes to text, choosing the encoding as the pipeline does. A page that is not
/// text (an image, a PDF…) gives an empty string.
pub fn decode(page: &RawPage) -> String {
    let kind = match page.format {
        InputFormat::Html => ContentKind::Html,
        InputFormat::Text => ContentKind::Text,
        InputFormat::Auto => decode::sniff_kind(&page.bytes),
    };
    let html = match kind {
        ContentKind::Binary(_) => return String::new(),
        ContentKind::Html => true,
        ContentKind::Text => false,
    };
    decode::decode(&page.bytes, page.content_type.as_deref(), html)
        .text
        .into_owned()
}

/// The byte pre-pass: drops scripts, styles, comments and the attributes no
/// stage reads (nor any selector of the pipeline's rules tests) and caps nesting depth,
/// giving the slimmer HTML that is parsed.
pub fn prepass(html: &str, pipeline: &Pipeline) -> String {
    slim::prepass(html, pipeline.keep_attrs()).html
}

/// Parses HTML into a document tree (rinse's tokenizer feeding html5ever's
/// tree builder, as the pipeline does).
pub fn parse(html: &str) -> Document {
    Document(crate::parse::parse_document(html))
}

/// Parses HTML with html5ever's own tokenizer, as `scraper` does: the
/// reference [`parse`] is checked against, and the cost it is measured against.
pub fn parse_html5ever(html: &str) -> Document {
    Document(scraper::Html::parse_document(html))
}

/// Where [`parse`] and [`parse_html5ever`] build different trees from `html`:
/// the first differing node (with the one before it), or `None` when the trees
/// are the same.
pub fn parse_difference(html: &str) -> Option<String> {
    crate::parse::difference(html)
}

/// Reads the page's metadata (title, author, dates, JSON-LD…), with no page URL.
pub fn metadata(doc: &Document) -> Metadata {
    metadata::extract_metadata(&doc.0, None)
}

/// Walks the whole document into blocks (no site rules remove anything).
pub fn blocks(doc: &Document) -> Blocks {
    let mut removed: Vec<Removal> = Vec::new();
    Blocks(blocks::html_blocks(
        &doc.0,
        &WalkOptions::default(),
        &mut removed,
    ))
}

/// Normalizes each block's text (spaces, NFC, invisible characters), reflows
/// hard-wrapped preformatted blocks into paragraphs and drops empty blocks.
pub fn normalize(blocks: &mut Blocks) {
    pipeline::normalize_blocks(&mut blocks.0);
}

/// Finds the article among the page's (normalized) blocks; `meta` gives the
/// title and JSON-LD body used as cross-checks.
pub fn find_article(blocks: &Blocks, meta: &Metadata) -> ArticleBlocks {
    let hints = extract::Hints {
        json_ld_body: meta.json_ld_body.as_deref(),
        title: meta.title.as_deref(),
    };
    let mut removed: Vec<Removal> = Vec::new();
    ArticleBlocks(extract::find_article(&blocks.0, &hints, &mut removed))
}

/// The structural cleaners inside the article: class/id rules, link
/// containers, captions, edges; then the page's JSON-LD `articleBody` in place
/// of what is left when the markup does not show it, and the author's line at
/// the top.
pub fn clean_structure(
    blocks: &Blocks,
    article: &mut ArticleBlocks,
    rules: &RuleSet,
    meta: &Metadata,
) {
    let active = rules.active(None);
    let mut removed: Vec<Removal> = Vec::new();
    extract::clean_structure(
        &blocks.0,
        &mut article.0,
        &active,
        meta.title.as_deref(),
        &mut removed,
    );
    let kept = std::mem::take(&mut article.0.blocks);
    let mut notes = Vec::new();
    article.0.blocks = pipeline::json_ld_stand_in(&blocks.0, kept, meta, &mut removed, &mut notes);
    extract::drop_author_lines(&mut article.0.blocks, meta.author.as_deref(), &mut removed);
}

/// Applies the generic block rules (`cut_from`, `drop`, `strip`) to the article
/// found in `blocks` (whose elements tell a `cut_from` line between the
/// article's own paragraphs from one after them).
pub fn block_rules(rules: &RuleSet, blocks: &Blocks, article: &mut ArticleBlocks) {
    let active = rules.active(None);
    let mut removed: Vec<Removal> = Vec::new();
    rules::apply_block_rules_in(
        &active,
        &mut article.0.blocks,
        &blocks.0.nodes,
        &mut removed,
    );
}

/// The article's final text: its blocks joined into paragraphs.
pub fn assemble(article: &ArticleBlocks) -> String {
    normalize::assemble(article.0.blocks.iter().map(|b| b.text.as_str()))
}

/// The plain-text path: already-scraped text reflowed into blocks (hard-wrapped
/// lines rejoined, headings and lists found) and normalized.
pub fn reflow(text: &str) -> Blocks {
    let mut doc = blocks::text_blocks(text);
    pipeline::normalize_blocks(&mut doc);
    Blocks(doc)
}
