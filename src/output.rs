//! Stage: write — an [`Article`] as plain text, Markdown, or a JSON record.

use serde::Serialize;

use crate::article::{Article, InputKind, Removal};
use crate::blocks::BlockKind;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The normalized article text.
    #[default]
    Text,
    /// Markdown with the title as `# Title` and the article's structure.
    Markdown,
    /// One pretty JSON object per input.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// The JSON record of one input: metadata, text and removals, or an error.
#[derive(Debug, Clone, Serialize)]
pub struct Record<'a> {
    /// Where the input came from (a path, `-`, or a URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a str>,
    /// The page's URL, when known.
    pub url: Option<&'a str>,
    /// Title.
    pub title: Option<&'a str>,
    /// Author.
    pub author: Option<&'a str>,
    /// Publication date as found.
    pub published: Option<&'a str>,
    /// Site name.
    pub site_name: Option<&'a str>,
    /// Declared language.
    pub language: Option<&'a str>,
    /// Canonical URL.
    pub canonical_url: Option<&'a str>,
    /// Description.
    pub description: Option<&'a str>,
    /// The article text.
    pub text: &'a str,
    /// Words in the text.
    pub word_count: usize,
    /// Encoding the input was decoded with.
    pub encoding: &'a str,
    /// What decided the encoding (`bom`, `content-type`, `meta`, `detector`, `default`).
    pub encoding_source: crate::article::EncodingSource,
    /// `html` or `text`.
    pub input_kind: InputKind,
    /// What was removed, in order.
    pub removed: &'a [Removal],
    /// Guards and fallbacks that fired.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub notes: &'a [String],
    /// Why the input gave no text; such a record counts as failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
}

impl<'a> Record<'a> {
    /// The record of `article`, read from `source` at `url`.
    pub fn new(article: &'a Article, source: Option<&'a str>, url: Option<&'a str>) -> Self {
        let m = &article.metadata;
        Record {
            source,
            url,
            title: m.title.as_deref(),
            author: m.author.as_deref(),
            published: m.published.as_deref(),
            site_name: m.site_name.as_deref(),
            language: m.language.as_deref(),
            canonical_url: m.canonical_url.as_deref(),
            description: m.description.as_deref(),
            text: &article.text,
            word_count: article.word_count(),
            encoding: article.encoding,
            encoding_source: article.encoding_source,
            input_kind: article.input_kind,
            removed: &article.removed,
            notes: &article.notes,
            error: article.empty_reason.as_deref(),
        }
    }
}

/// Escapes characters that would start Markdown syntax at the beginning of a line.
fn md_escape_start(text: &str) -> String {
    let needs = text.starts_with(['#', '>', '-', '*', '+', '|', '`', '='])
        || text.split_once(['.', ')']).is_some_and(|(n, _)| {
            !n.is_empty() && n.len() < 10 && n.bytes().all(|b| b.is_ascii_digit())
        });
    if needs {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

/// The article as Markdown: `# Title`, then headings, lists, quotes, code blocks
/// and tables in their Markdown form, one blank line between blocks.
pub fn to_markdown(article: &Article) -> String {
    let mut parts: Vec<String> = Vec::new();
    let has_title = article.metadata.title.is_some() && article.input_kind == InputKind::Html;
    if let (Some(title), true) = (&article.metadata.title, has_title) {
        parts.push(format!("# {title}"));
    }
    let mut number = 0usize;
    let mut table_rows = 0usize;
    for p in &article.paragraphs {
        if !matches!(p.kind, BlockKind::ListItem(true)) {
            number = 0;
        }
        if p.kind != BlockKind::TableRow {
            table_rows = 0;
        }
        let md = match p.kind {
            BlockKind::Heading(level) => {
                let level = if has_title {
                    level.clamp(2, 6)
                } else {
                    level.clamp(1, 6)
                };
                format!("{} {}", "#".repeat(level as usize), p.text)
            }
            BlockKind::Paragraph => md_escape_start(&p.text),
            BlockKind::ListItem(false) => format!("- {}", p.text),
            BlockKind::ListItem(true) => {
                number += 1;
                format!("{number}. {}", p.text)
            }
            BlockKind::Quote => format!("> {}", p.text),
            BlockKind::Pre => format!("```\n{}\n```", p.text),
            BlockKind::Caption => format!("*{}*", p.text),
            BlockKind::TableRow => {
                let cells: Vec<&str> = p.text.split(" | ").collect();
                let row = format!("| {} |", cells.join(" | "));
                table_rows += 1;
                if table_rows == 1 {
                    let sep = vec!["---"; cells.len()].join(" | ");
                    format!("{row}\n| {sep} |")
                } else {
                    row
                }
            }
        };
        // Consecutive list items and table rows stay together.
        let tight = matches!(p.kind, BlockKind::ListItem(_) | BlockKind::TableRow)
            && parts.last().is_some()
            && (number > 1 || table_rows > 1 || list_continues(&parts, p.kind));
        match (tight, parts.last_mut()) {
            (true, Some(last)) => {
                last.push('\n');
                last.push_str(&md);
            }
            _ => parts.push(md),
        }
    }
    let mut out = parts.join("\n\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

fn list_continues(parts: &[String], kind: BlockKind) -> bool {
    kind == BlockKind::ListItem(false)
        && parts
            .last()
            .and_then(|l| l.lines().last())
            .is_some_and(|l| l.starts_with("- "))
}
