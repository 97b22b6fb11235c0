//! Stage: blocks (HTML), formulas — a MathML `<math>` element → one line of
//! plain text, so that a sentence with a formula in it keeps the formula
//! ("When a ≠ 0, there are two solutions to a x^2 + b x + c = 0").
//!
//! The presentation markup is read as a reader sees it: tokens (`mi`, `mn`,
//! `mo`, `mtext`) are atoms parted by spaces, scripts become `^` and `_`
//! (`x^2`, `a_{i j}`), fractions `(a + 1) / b` (a part of more than one atom in
//! parentheses), roots `√(x)`, table rows are parted by `;`.
//! Invisible operators (function application, invisible times) give nothing.
//! When the presentation holds no text, the TeX source is used instead (an
//! `annotation` in TeX, or the `alttext` attribute). Nesting deeper than
//! [`MAX_NESTING`] is read as flat text, so hostile markup cannot exhaust the
//! stack.

use ego_tree::NodeRef;
use scraper::Node;

/// Deepest MathML structure read as structure; below it, text in order.
const MAX_NESTING: usize = 48;

/// The text of the `<math>` element `math`.
pub fn math_text(math: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    linear(math, 0, &mut out);
    let text = tidy(&out);
    if !text.is_empty() {
        return text;
    }
    tex_source(math).unwrap_or_default()
}

/// Element children of `node`.
fn elements<'a>(node: NodeRef<'a, Node>) -> impl Iterator<Item = NodeRef<'a, Node>> {
    node.children().filter(|c| c.value().is_element())
}

fn name<'a>(node: &NodeRef<'a, Node>) -> &'a str {
    node.value().as_element().map_or("", |e| e.name())
}

/// Appends the reading of `node` to `out`, atoms parted by spaces.
fn linear(node: NodeRef<'_, Node>, depth: usize, out: &mut String) {
    if depth > MAX_NESTING {
        flat(node, out);
        return;
    }
    let piece = |i: usize| elements(node).nth(i);
    match name(&node) {
        "mi" | "mn" | "mo" | "mtext" | "ms" => flat(node, out),
        "mspace" | "mphantom" | "annotation" | "annotation-xml" | "mprescripts" | "none" => {}
        // The presentation; the annotations after it are other encodings.
        "semantics" | "maction" => {
            if let Some(first) = piece(0) {
                linear(first, depth + 1, out);
            }
        }
        "msup" | "mover" => script(node, depth, &["^"], out),
        "msub" | "munder" => script(node, depth, &["_"], out),
        "msubsup" | "munderover" => script(node, depth, &["_", "^"], out),
        "mfrac" => {
            group(piece(0), depth, "(", ")", out);
            out.push_str(" / ");
            group(piece(1), depth, "(", ")", out);
        }
        "msqrt" => {
            out.push_str(" √(");
            children(node, depth, out);
            out.push_str(") ");
        }
        "mroot" => {
            out.push_str(" √[");
            if let Some(index) = piece(1) {
                linear(index, depth + 1, out);
            }
            out.push_str("](");
            if let Some(base) = piece(0) {
                linear(base, depth + 1, out);
            }
            out.push_str(") ");
        }
        "mfenced" => {
            let attr = |n: &str, default: &'static str| -> String {
                node.value()
                    .as_element()
                    .and_then(|e| e.attr(n))
                    .unwrap_or(default)
                    .trim()
                    .to_string()
            };
            out.push(' ');
            out.push_str(&attr("open", "("));
            for (i, c) in elements(node).enumerate() {
                if i > 0 {
                    out.push_str(" , ");
                }
                linear(c, depth + 1, out);
            }
            out.push_str(&attr("close", ")"));
            out.push(' ');
        }
        "mtable" => {
            for (i, row) in elements(node).enumerate() {
                if i > 0 {
                    out.push_str(" ; ");
                }
                for (j, cell) in elements(row).enumerate() {
                    if j > 0 {
                        out.push(' ');
                    }
                    linear(cell, depth + 2, out);
                }
            }
        }
        // mrow, mstyle, mpadded, menclose, merror, math itself, and HTML
        // inside an integration point: their children in order.
        _ => children(node, depth, out),
    }
}

fn children(node: NodeRef<'_, Node>, depth: usize, out: &mut String) {
    for c in node.children() {
        match c.value() {
            Node::Element(_) => linear(c, depth + 1, out),
            Node::Text(t) => {
                out.push(' ');
                out.push_str(t);
                out.push(' ');
            }
            _ => {}
        }
    }
}

/// A base and its scripts, each script after its mark (`x^2`, `a_{i j}`).
fn script(node: NodeRef<'_, Node>, depth: usize, marks: &[&str], out: &mut String) {
    let mut parts = elements(node);
    let Some(base) = parts.next() else { return };
    out.push(' ');
    let b = reading(base, depth);
    push_wrapped(out, &b, "(", ")", b.contains(' '));
    for mark in marks {
        let Some(part) = parts.next() else { break };
        out.push_str(mark);
        let p = reading(part, depth);
        let braced =
            p.contains(' ') || p.chars().count() > 1 && !p.chars().all(|c| c.is_ascii_digit());
        push_wrapped(out, &p, "{", "}", braced);
    }
    out.push(' ');
}

/// `part` in `open`…`close` when it reads as more than one atom.
fn group(part: Option<NodeRef<'_, Node>>, depth: usize, open: &str, close: &str, out: &mut String) {
    let Some(part) = part else { return };
    let p = reading(part, depth);
    out.push(' ');
    push_wrapped(out, &p, open, close, p.contains(' '));
    out.push(' ');
}

/// The tidied reading of `part`, a child at `depth + 1`.
fn reading(part: NodeRef<'_, Node>, depth: usize) -> String {
    let mut raw = String::new();
    linear(part, depth + 1, &mut raw);
    tidy(&raw)
}

/// Appends `text`, in `open`…`close` when `wrap`.
fn push_wrapped(out: &mut String, text: &str, open: &str, close: &str, wrap: bool) {
    if wrap {
        out.push_str(open);
    }
    out.push_str(text);
    if wrap {
        out.push_str(close);
    }
}

/// The text below `node` in order, as one atom group (iterative: any depth).
fn flat(node: NodeRef<'_, Node>, out: &mut String) {
    out.push(' ');
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            out.push_str(t);
        }
    }
    out.push(' ');
}

/// Whether `c` is an invisible operator (function application, invisible
/// times, separator, plus): it gives no text.
fn invisible(c: char) -> bool {
    matches!(c, '\u{2061}'..='\u{2064}')
}

/// Spaces folded, none inside brackets or before commas.
fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        let word: String = word.chars().filter(|c| !invisible(*c)).collect();
        if word.is_empty() {
            continue;
        }
        let glue_left = word.starts_with([')', ']', '}', ',']);
        let glue_right = out.ends_with(['(', '[', '{']);
        if !out.is_empty() && !glue_left && !glue_right {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// The formula's TeX source: an `annotation` in TeX, or the `alttext`
/// attribute, without a `{\displaystyle …}` wrapper.
fn tex_source(math: NodeRef<'_, Node>) -> Option<String> {
    let annotation = math.descendants().find(|d| {
        d.value().as_element().is_some_and(|e| {
            e.name() == "annotation"
                && e.attr("encoding")
                    .is_some_and(|enc| enc.to_ascii_lowercase().contains("tex"))
        })
    });
    let source = match annotation {
        Some(a) => a
            .descendants()
            .filter_map(|d| d.value().as_text().map(|t| &**t))
            .collect(),
        None => math.value().as_element()?.attr("alttext")?.to_string(),
    };
    let source = source.trim();
    let inner = ["{\\displaystyle", "{\\textstyle"]
        .iter()
        .find_map(|w| source.strip_prefix(w))
        .and_then(|rest| rest.strip_suffix('}'))
        .unwrap_or(source);
    let text = inner.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}
