//! Stage: parse — slim HTML → document tree, between the pre-pass and the
//! metadata and extraction stages.
//!
//! The tree is built by html5ever's tree builder (the WHATWG tree construction
//! rules: implied tags, misnested formatting, tables, foster parenting) into
//! scraper's [`Html`]. The tokens it is fed come from rinse's own tokenizer
//! ([`tokenizer`]), which reads the page in memory with byte searches, as the
//! pre-pass does, instead of html5ever's character-at-a-time tokenizer: that
//! tokenizer was about 70% of the parse's instructions. The tree is the same
//! one html5ever's own parse builds; `tests.rs` checks that on generated
//! markup, and `examples/parse_diff.rs` on every page of a folder.

mod charref;
mod markup;
#[cfg(test)]
mod tests;
mod tokenizer;

use std::borrow::Cow;

use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use scraper::{Html, HtmlTreeSink, Node};

/// Parses a whole HTML document (decoded text) into a tree. Never fails: like
/// a browser, it makes a tree of any input.
pub fn parse_document(html: &str) -> Html {
    // The input stream's newlines are normalized before tokenizing (CR LF and
    // lone CR become LF), as the HTML standard does.
    let text: Cow<'_, str> = if html.contains('\r') {
        Cow::Owned(html.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(html)
    };
    // The tree's node table sized up front, one node a `<` (most tags give
    // an element and most runs of text between them a text node), so that it
    // is not copied as it grows.
    let mut html = Html::new_document();
    let nodes = memchr::memchr_iter(b'<', text.as_bytes()).count();
    html.tree = ego_tree::Tree::with_capacity(Node::Document, nodes + 16);
    let builder = TreeBuilder::new(HtmlTreeSink::new(html), TreeBuilderOpts::default());
    let builder = tokenizer::Tokenizer::new(&text, builder).run();
    builder.sink.finish()
}

/// The tree as text, one node per line indented by its depth (attributes
/// sorted), after the document's quirks mode: two parses built the same tree
/// when their dumps are equal.
pub(crate) fn dump(html: &Html) -> String {
    let mut out = format!("{:?}\n", html.quirks_mode);
    // Depth-first, without recursion: a hostile page may nest deeply.
    let mut stack = vec![(html.tree.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        out.push_str(&" ".repeat(depth));
        match node.value() {
            Node::Element(e) => {
                let mut attrs: Vec<String> =
                    e.attrs().map(|(k, v)| format!(" {k}={v:?}")).collect();
                attrs.sort();
                out.push_str(&format!("<{}{}>", e.name(), attrs.concat()));
            }
            Node::Text(t) => out.push_str(&format!("{:?}", &**t)),
            other => out.push_str(&format!("{other:?}")),
        }
        out.push('\n');
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
    }
    out
}

/// Where rinse's parse of `html` and html5ever's own differ: the first line
/// of their [`dump`]s that differs, with the line before it, or `None` when
/// they built the same tree.
pub(crate) fn difference(html: &str) -> Option<String> {
    let ours = dump(&parse_document(html));
    let theirs = dump(&Html::parse_document(html));
    if ours == theirs {
        return None;
    }
    let (o, t): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), theirs.lines().collect());
    let at = o
        .iter()
        .zip(&t)
        .position(|(a, b)| a != b)
        .unwrap_or(o.len().min(t.len()));
    let line = |v: &[&str], i: usize| v.get(i).copied().unwrap_or("(end)").to_string();
    Some(format!(
        "after {:?}: rinse {:?}, html5ever {:?}",
        line(&o, at.saturating_sub(1)),
        line(&o, at),
        line(&t, at)
    ))
}
