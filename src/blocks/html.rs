//! Stage: blocks (HTML) — walks the parsed DOM into [`BlockDoc`] without recursion,
//! so pages with hundreds of thousands of nested elements cannot overflow the stack.
//! Input: the `scraper` DOM and the elements site rules removed; output: blocks plus
//! the table of block-level elements. Non-content elements (script, style, forms
//! controls, hidden elements…) give no text.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::elements::{
    is_bullet, join_attrs, line_number, reads_as_bold_heading, role, Role, WalkAttrs,
    BOLD_LINE_LEVEL,
};
use super::hidden::{visible_text, PageWrappers, HIDDEN_CLASS_MAX_BYTES};
use super::text::split_blank_lines;
use super::{Block, BlockDoc, BlockKind, NodeInfo};
use crate::article::{shorten, Removal, Stage};

/// What the walk needs besides the DOM.
#[derive(Debug, Default)]
pub struct WalkOptions {
    /// Elements to walk; empty means the whole document.
    pub roots: Vec<NodeId>,
    /// Elements removed by site rules: node → (rule id, rule file).
    pub removed: HashMap<NodeId, (String, String)>,
}

/// Bytes of a left-out element's text read for its removal record (a site
/// rule's `remove`, a hidden element)…
const RECORD_BYTES: usize = 400;
/// …and the characters of it the record keeps.
const RECORD_CHARS: usize = 160;

/// A table cell with at most this many characters of text…
const FLAT_CELL_CHARS: usize = 300;
/// …and at most this many nodes below it is read as one piece of the row.
const FLAT_CELL_NODES: usize = 64;

/// Whether a table cell is short and flat: a few words, at most wrapped in
/// paragraphs or divs, with no list, heading, nested table or other structure.
/// Such a cell is a value of a data table's row (`<td><p><b>Comment</b></p></td>`):
/// its paragraphs join the row's text instead of becoming blocks of their own,
/// so a header cell never reads as a line of the article. A cell holding a
/// page's text (a layout table) is longer and keeps its paragraphs.
fn flat_cell(cell: NodeRef<'_, Node>) -> bool {
    let mut chars = 0usize;
    // Whitespace between tags is not counted: the pre-pass leaves most of it out.
    let nodes = cell
        .descendants()
        .skip(1)
        .filter(|d| !matches!(d.value(), Node::Text(t) if t.trim().is_empty()));
    for (seen, d) in nodes.enumerate() {
        if seen >= FLAT_CELL_NODES {
            return false;
        }
        match d.value() {
            Node::Text(t) => {
                chars += t.trim().len();
                if chars > FLAT_CELL_CHARS {
                    return false;
                }
            }
            Node::Element(el) => {
                let tag = el.name();
                if role(tag) == Role::Block && !matches!(tag, "p" | "div" | "center") {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// One open element on the walk's stack.
#[derive(Clone, Copy)]
enum Frame {
    Block {
        prev_node: u32,
        list: bool,
    },
    Anchor,
    /// A table cell; `flat` when its paragraphs join the row (see [`flat_cell`]).
    Cell {
        flat: bool,
    },
    /// A paragraph inside a flat cell: a word boundary on both sides.
    Soft,
    /// A `<time>` element: a word boundary before a letter or digit after it.
    Time,
    /// A `<b>` or `<strong>` element (see [`Walker::all_bold`]).
    Bold,
    Other,
}

struct Walker {
    doc: BlockDoc,
    buf: String,
    link_chars: u32,
    space_pending: bool,
    /// A letter or digit next in the text is a word apart from one before it
    /// (set after a `<time>` element; cleared by the next character).
    word_gap: bool,
    /// The pending space was seen inside a link (it counts as link text when the
    /// next character is still inside one).
    space_in_link: bool,
    br_pending: bool,
    /// Table cells begun since the row's last text: as many `|` go before
    /// the next character (empty cells at the end of a row add nothing).
    cells_pending: u32,
    cur_node: u32,
    kinds: Vec<BlockKind>,
    lists: Vec<bool>,
    frames: Vec<Frame>,
    anchors: u32,
    pre: u32,
    /// Open flat table cells (see [`flat_cell`]).
    flat_cells: u32,
    /// Open `<b>` / `<strong>` elements.
    bold: u32,
    /// Whether all the text of the block so far sits in bold: a subheading
    /// set as a bold line over a line break ("<b>Truing</b><br>The truing
    /// stand…"), as blog editors write them.
    all_bold: bool,
    /// The number the block's line opened with, as a list's item (see
    /// [`line_number`]).
    numbered: Option<u32>,
}

impl Walker {
    fn new() -> Self {
        let root = NodeInfo {
            parent: None,
            tag: "#root".into(),
            class_id: "".into(),
            hints: "".into(),
            paid_link: false,
        };
        Walker {
            doc: BlockDoc {
                blocks: Vec::new(),
                nodes: vec![root],
                notes: Vec::new(),
            },
            buf: String::new(),
            link_chars: 0,
            space_pending: false,
            word_gap: false,
            space_in_link: false,
            br_pending: false,
            cells_pending: 0,
            cur_node: 0,
            kinds: Vec::new(),
            lists: Vec::new(),
            frames: Vec::new(),
            anchors: 0,
            pre: 0,
            flat_cells: 0,
            bold: 0,
            all_bold: true,
            numbered: None,
        }
    }

    fn kind(&self) -> BlockKind {
        self.kinds.last().copied().unwrap_or(BlockKind::Paragraph)
    }

    fn flush(&mut self) {
        let kind = self.kind();
        self.flush_as(kind);
    }

    /// Ends the block being gathered as a block of `kind`.
    fn flush_as(&mut self, kind: BlockKind) {
        self.numbered = None;
        self.space_pending = false;
        self.word_gap = false;
        self.br_pending = false;
        self.all_bold = true;
        let text = if kind == BlockKind::Pre {
            self.buf.trim_matches(|c| c == '\n' || c == '\r').trim_end()
        } else {
            self.buf.trim()
        };
        if !text.is_empty() {
            let text = text.to_string();
            self.doc.blocks.push(Block {
                kind,
                text,
                node: self.cur_node,
                link_chars: self.link_chars,
            });
        }
        self.buf.clear();
        self.cells_pending = 0;
        self.link_chars = 0;
    }

    fn push_text(&mut self, text: &str) {
        if self.cells_pending > 0 && text.chars().any(|c| !c.is_whitespace()) {
            for _ in 0..self.cells_pending {
                self.buf.push_str(" |");
            }
            self.space_pending = true;
            self.space_in_link = false;
            self.cells_pending = 0;
        }
        if self.pre > 0 {
            for ch in text.chars() {
                match ch {
                    '\r' => {}
                    _ => self.buf.push(ch),
                }
            }
            return;
        }
        // A numbered line after a line break opens an item of a list set as
        // lines ("Steg för steg:<br>1. Tillsätt …<br>2. Stäng …"): the first,
        // or the one after the line before ("Fachbuch<br>30. Auflage" is an
        // edition, "am<br>3. März" a date).
        if let Some(n) = line_number(text) {
            if self.buf.trim().is_empty() {
                self.numbered = Some(n);
            } else if self.br_pending
                && self.flat_cells == 0
                && self.kind() == BlockKind::Paragraph
                && (n == 1 || self.numbered.and_then(|m| m.checked_add(1)) == Some(n))
            {
                self.flush();
                self.numbered = Some(n);
            }
        }
        for ch in text.chars() {
            if ch.is_whitespace() {
                if !self.buf.is_empty() {
                    self.space_in_link = if self.space_pending {
                        self.space_in_link && self.anchors > 0
                    } else {
                        self.anchors > 0
                    };
                    self.space_pending = true;
                }
                continue;
            }
            // A bullet after a line break opens an item of a list set as
            // lines ("Umfasst:<br>• ein Becken<br>• Duschen").
            if self.br_pending && is_bullet(ch) {
                self.flush();
            }
            if self.bold == 0 {
                self.all_bold = false;
            }
            if self.word_gap {
                self.word_gap = false;
                if ch.is_alphanumeric() && self.buf.ends_with(char::is_alphanumeric) {
                    self.space_pending = true;
                    self.space_in_link = false;
                }
            }
            if self.space_pending {
                self.buf.push(' ');
                self.space_pending = false;
                if self.space_in_link && self.anchors > 0 {
                    self.link_chars += 1;
                }
            }
            self.br_pending = false;
            self.buf.push(ch);
            if self.anchors > 0 {
                self.link_chars += 1;
            }
        }
    }

    /// A word boundary that is not inside a link.
    fn soft_break(&mut self) {
        self.space_pending = !self.buf.is_empty() && !self.buf.ends_with(' ');
        self.space_in_link = false;
    }

    fn line_break(&mut self) {
        if self.pre > 0 {
            self.buf.push('\n');
        } else if self.br_pending {
            self.flush();
        } else if self.all_bold
            && self.bold == 0
            && self.flat_cells == 0
            && matches!(self.kind(), BlockKind::Paragraph | BlockKind::TableRow)
            && reads_as_bold_heading(&self.buf)
        {
            self.flush_as(BlockKind::Heading(BOLD_LINE_LEVEL));
        } else if !self.buf.is_empty() {
            self.space_pending = true;
            self.space_in_link = false;
            self.br_pending = true;
        }
    }

    /// Opens `node`; returns whether to walk into its children.
    fn open(
        &mut self,
        node: NodeRef<'_, Node>,
        opts: &WalkOptions,
        wrappers: &mut PageWrappers<'_, '_>,
        removed: &mut Vec<Removal>,
    ) -> bool {
        let el = match node.value() {
            Node::Text(t) => {
                // Text set straight into the body with blank lines between
                // its paragraphs (scraped text with a few tags left in it) is
                // parted where the blank lines are; anywhere else a blank
                // line is only whitespace, as a browser shows it.
                let in_body = self.pre == 0
                    && node
                        .parent()
                        .and_then(|p| p.value().as_element().map(|e| e.name() == "body"))
                        .unwrap_or(false);
                if in_body {
                    for (i, part) in split_blank_lines(t).enumerate() {
                        if i > 0 {
                            self.flush();
                        }
                        self.push_text(part);
                    }
                } else {
                    self.push_text(t);
                }
                return false;
            }
            Node::Element(el) => el,
            Node::Document | Node::Fragment => {
                self.frames.push(Frame::Other);
                return true;
            }
            _ => return false,
        };
        if let Some((rule, file)) = opts.removed.get(&node.id()) {
            let text = visible_text(node, RECORD_BYTES);
            removed.push(Removal {
                rule: rule.clone(),
                file: Some(file.clone()),
                stage: Stage::Dom,
                text: shorten(&text, RECORD_CHARS),
            });
            self.soft_break();
            return false;
        }
        let tag = el.name();
        let role = match role(tag) {
            // An accordion's toggle (a FAQ's question over its hidden answer)
            // is the heading of what it opens, not a form control.
            Role::Skip if tag == "button" && el.attr("aria-expanded").is_some() => Role::Block,
            role => role,
        };
        if role == Role::Skip {
            return false;
        }
        let attrs = WalkAttrs::of(el);
        let hidden = if attrs.hidden {
            !wrappers.holds_page(node)
        } else {
            attrs.hidden_class
                && visible_text(node, HIDDEN_CLASS_MAX_BYTES).trim().len() < HIDDEN_CLASS_MAX_BYTES
        };
        if hidden {
            let text = visible_text(node, RECORD_BYTES);
            if text.chars().any(char::is_alphanumeric) {
                removed.push(Removal {
                    rule: "hidden".into(),
                    file: None,
                    stage: Stage::Dom,
                    text: shorten(&text, RECORD_CHARS),
                });
            }
            // A hidden block still parts the words around it (the pre-pass
            // drops the whitespace next to block tags).
            if role != Role::Inline {
                self.soft_break();
            }
            return false;
        }
        match role {
            Role::Math => {
                self.push_text(&super::math::math_text(node));
                false
            }
            Role::Break => {
                self.line_break();
                false
            }
            Role::Cell => {
                if !self.buf.trim().is_empty() {
                    self.cells_pending += 1;
                }
                let flat = self.kind() == BlockKind::TableRow && flat_cell(node);
                self.flat_cells += u32::from(flat);
                self.frames.push(Frame::Cell { flat });
                true
            }
            // Inside a flat cell a paragraph is only a word boundary.
            Role::Block if self.flat_cells > 0 && matches!(tag, "p" | "div" | "center") => {
                self.soft_break();
                self.frames.push(Frame::Soft);
                true
            }
            Role::Block => {
                self.flush();
                let class_id = join_attrs(attrs.class, attrs.id, false);
                let mut hints = join_attrs(attrs.role, attrs.itemprop, true);
                for extra in [attrs.itemtype, attrs.component].into_iter().flatten() {
                    hints = join_attrs(Some(&hints), Some(extra), true);
                }
                let idx = self.doc.nodes.len() as u32;
                self.doc.nodes.push(NodeInfo {
                    parent: Some(self.cur_node),
                    tag: tag.into(),
                    class_id: class_id.into(),
                    hints: hints.into(),
                    paid_link: false,
                });
                let prev_node = self.cur_node;
                self.cur_node = idx;
                let list = matches!(tag, "ul" | "ol" | "menu" | "dir");
                if list {
                    self.lists.push(tag == "ol");
                }
                let kind = match tag {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        BlockKind::Heading(tag.as_bytes().get(1).map_or(2, |b| b - b'0'))
                    }
                    "li" => BlockKind::ListItem(self.lists.last().copied().unwrap_or(false)),
                    "blockquote" => BlockKind::Quote,
                    "pre" | "listing" | "plaintext" | "xmp" => BlockKind::Pre,
                    "tr" => BlockKind::TableRow,
                    "figcaption" | "caption" => BlockKind::Caption,
                    // A paragraph inside a table cell (a layout table) is a
                    // paragraph, not a row.
                    "p" | "div" | "section" | "article" | "main" | "center" | "dl" | "dd"
                        if self.kind() == BlockKind::TableRow =>
                    {
                        BlockKind::Paragraph
                    }
                    _ => self.kind(),
                };
                if kind == BlockKind::Pre {
                    self.pre += 1;
                }
                self.kinds.push(kind);
                self.frames.push(Frame::Block { prev_node, list });
                true
            }
            _ => {
                if tag == "a" {
                    if attrs.sponsored {
                        if let Some(node) = self.doc.nodes.get_mut(self.cur_node as usize) {
                            node.paid_link = true;
                        }
                    }
                    self.anchors += 1;
                    self.frames.push(Frame::Anchor);
                } else if matches!(tag, "b" | "strong") {
                    self.bold += 1;
                    self.frames.push(Frame::Bold);
                } else if tag == "time" {
                    // A date is never part of a word: set flush against a
                    // byline's name ("By Ann Lee" + "April 17, 2024") or a
                    // reading time after it, it is still a word apart (see
                    // `word_gap`).
                    if self.buf.ends_with(char::is_alphanumeric) {
                        self.space_pending = true;
                        // Inside a link, the space is the link's.
                        self.space_in_link = self.anchors > 0;
                    }
                    self.frames.push(Frame::Time);
                } else {
                    self.frames.push(Frame::Other);
                }
                true
            }
        }
    }

    fn close(&mut self) {
        match self.frames.pop() {
            Some(Frame::Block { prev_node, list }) => {
                self.flush();
                if self.kinds.pop() == Some(BlockKind::Pre) {
                    self.pre = self.pre.saturating_sub(1);
                }
                if list {
                    self.lists.pop();
                }
                self.cur_node = prev_node;
            }
            Some(Frame::Anchor) => self.anchors = self.anchors.saturating_sub(1),
            Some(Frame::Cell { flat }) => {
                self.flat_cells = self.flat_cells.saturating_sub(u32::from(flat));
            }
            Some(Frame::Soft) => self.soft_break(),
            Some(Frame::Time) => self.word_gap = true,
            Some(Frame::Bold) => self.bold = self.bold.saturating_sub(1),
            Some(Frame::Other) | None => {}
        }
    }
}

/// Walks `doc` (or only `opts.roots`) into blocks. Elements in `opts.removed` are
/// skipped and recorded in `removed`.
pub fn html_blocks(doc: &Html, opts: &WalkOptions, removed: &mut Vec<Removal>) -> BlockDoc {
    let mut walker = Walker::new();
    let starts: Vec<NodeRef<'_, Node>> = if opts.roots.is_empty() {
        vec![doc.tree.root()]
    } else {
        opts.roots
            .iter()
            .filter_map(|id| doc.tree.get(*id))
            .collect()
    };
    let mut wrappers = PageWrappers::new(&starts);
    for &start in &starts {
        walk_from(&mut walker, start, opts, &mut wrappers, removed);
        walker.flush();
    }
    walker.doc.notes.extend(wrappers.note());
    walker.doc
}

fn walk_from<'a>(
    walker: &mut Walker,
    start: NodeRef<'a, Node>,
    opts: &WalkOptions,
    wrappers: &mut PageWrappers<'_, '_>,
    removed: &mut Vec<Removal>,
) {
    let mut cur = start;
    loop {
        if walker.open(cur, opts, wrappers, removed) {
            if let Some(child) = cur.first_child() {
                cur = child;
                continue;
            }
            walker.close();
        }
        loop {
            if cur.id() == start.id() {
                return;
            }
            if let Some(next) = cur.next_sibling() {
                cur = next;
                break;
            }
            match cur.parent() {
                Some(parent) => {
                    cur = parent;
                    walker.close();
                }
                None => return,
            }
        }
    }
}
