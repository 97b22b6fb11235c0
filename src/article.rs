//! Output of the pipeline: the cleaned article, its metadata and the record of
//! every removal. Writers (`output`) turn it into text, Markdown or JSON.

use serde::Serialize;

use crate::blocks::BlockKind;
pub use crate::decode::EncodingSource;
use crate::metadata::Metadata;

/// The pipeline stage that removed something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// An element was left out before text was taken: a site rule's `remove`
    /// selector named it, or the markup hides it (rule `hidden`).
    Dom,
    /// The text lay outside the element chosen as the article.
    Extract,
    /// A structural cleaner (class/id tokens, link density, captions) inside the article.
    Structure,
    /// A block rule (`drop`, `cut_from`, `strip`) matched the text.
    Block,
}

/// One thing the pipeline removed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    /// The rule or cleaner id, e.g. `reading-time`.
    pub rule: String,
    /// The rule file the rule comes from (`rules/generic/…` for bundled rules); none for built-in cleaners.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The stage that removed it.
    pub stage: Stage,
    /// The removed text, shortened.
    pub text: String,
}

/// One paragraph-level piece of the cleaned article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// What kind of block it is (heading, paragraph, list item…).
    pub kind: BlockKind,
    /// Its normalized text: one line, except for preformatted blocks.
    pub text: String,
}

/// Whether the input was read as HTML or as plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// HTML markup.
    Html,
    /// Plain text.
    Text,
}

/// The cleaned article.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// The normalized article text: paragraphs separated by one blank line, with a final
    /// newline; empty when nothing was left (see `empty_reason`).
    pub text: String,
    /// The article as structured paragraphs (used for Markdown output).
    #[serde(skip)]
    pub paragraphs: Vec<Paragraph>,
    /// Title, author, date and the like.
    pub metadata: Metadata,
    /// The encoding the bytes were decoded with (WHATWG name).
    pub encoding: &'static str,
    /// What decided the encoding.
    pub encoding_source: EncodingSource,
    /// HTML or text.
    pub input_kind: InputKind,
    /// Every removal, in page order.
    pub removed: Vec<Removal>,
    /// Notes on fallbacks taken (e.g. a rule set that would have removed most of the article).
    pub notes: Vec<String>,
    /// Why the text is empty, when it is.
    pub empty_reason: Option<String>,
}

impl Article {
    /// Number of words (whitespace-separated tokens) in the text.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Shortens `text` to at most `max` characters for removal records, marking the cut with `…`.
pub fn shorten(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut last_space = false;
    for ch in text.chars() {
        if count >= max {
            out.push('…');
            return out;
        }
        let ch = if ch.is_whitespace() { ' ' } else { ch };
        if ch == ' ' && (last_space || out.is_empty()) {
            continue;
        }
        last_space = ch == ' ';
        out.push(ch);
        count += 1;
    }
    out.truncate(out.trim_end().len());
    out
}
