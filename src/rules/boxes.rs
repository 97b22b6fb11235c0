//! Stage: block rules — boxes: elements set into the article that hold
//! something else (a newsletter sign-up, a "Read next" list). When the drop
//! rules took every other block of the element that holds a heading (a
//! newsletter box's "Newsletter" label, its pitch, "Email address" and "You may
//! opt out" around the newsletter's name "The Departure Board"), the heading
//! was the box's title, not a subheading of the article: it goes with the rule
//! that took what it stood over. And a `cut_from` label that opens a box after
//! which the article's own run of elements resumes (item 3 of a listicle, a
//! "Read next" box, item 4) takes the box alone, not the rest of the article.
//! Markup only: plain text has no elements. Used by `apply` and `context`.

use super::apply::is_prose;
use crate::blocks::{Block, BlockKind, NodeInfo};

/// Fewest other blocks a box must have lost: one dropped line beside a
/// heading ("Advertisement" in a section's wrapper) says nothing about it.
const MIN_DROPPED: usize = 2;
/// Most blocks an element may hold and still be a box (a newsletter sign-up,
/// a promo); above it, the element is a part of the page.
const MAX_BOX_BLOCKS: usize = 24;

/// Most levels a box lies above the block it is looked for from, and most
/// levels a block lies below a box: a box is a small part of the page, and
/// the walks stay short on a page nested thousands deep.
const MAX_LEVELS: usize = 12;

/// Whether element `idx` is `anc` or lies inside it (at most [`MAX_LEVELS`]
/// below it), in the element table `nodes`.
pub(super) fn within(nodes: &[NodeInfo], mut idx: u32, anc: u32) -> bool {
    // Parents come before their children in the table, so the walk ends.
    for _ in 0..=MAX_LEVELS {
        if idx == anc {
            return true;
        }
        match nodes.get(idx as usize).and_then(|n| n.parent) {
            Some(p) if p < idx => idx = p,
            _ => return false,
        }
    }
    false
}

/// The blocks `lo..=hi` around `at` whose elements lie inside `anc`, or `None`
/// when there are more than [`MAX_BOX_BLOCKS`].
fn span(blocks: &[Block], nodes: &[NodeInfo], at: usize, anc: u32) -> Option<(usize, usize)> {
    let inside = |j: usize| blocks.get(j).is_some_and(|b| within(nodes, b.node, anc));
    let (mut lo, mut hi) = (at, at);
    while lo > 0 && inside(lo - 1) {
        lo -= 1;
        if hi - lo >= MAX_BOX_BLOCKS {
            return None;
        }
    }
    while inside(hi + 1) {
        hi += 1;
        if hi - lo >= MAX_BOX_BLOCKS {
            return None;
        }
    }
    Some((lo, hi))
}

/// For the heading at `at` among `blocks` (the article before the drop rules,
/// `gone` saying which rule dropped each): the rule that emptied its box, if
/// one did. The box is the innermost element around the heading that holds
/// other blocks; it is emptied when at least [`MIN_DROPPED`] of them went, all
/// of them went, and one of them came after the heading (a title stands over
/// what it names).
pub(super) fn emptied_box(
    blocks: &[Block],
    nodes: &[NodeInfo],
    gone: &[Option<usize>],
    at: usize,
) -> Option<usize> {
    let block = blocks.get(at)?;
    if !matches!(block.kind, BlockKind::Heading(_)) || block.node == 0 {
        return None;
    }
    let mut anc = nodes.get(block.node as usize)?.parent?;
    for _ in 0..MAX_LEVELS {
        let (lo, hi) = span(blocks, nodes, at, anc)?;
        if lo < hi {
            let others = (lo..=hi).filter(|&j| j != at);
            let rules: Option<Vec<usize>> =
                others.map(|j| gone.get(j).copied().flatten()).collect();
            let rules = rules?;
            let after = gone.get(at + 1..=hi).unwrap_or_default();
            return (rules.len() >= MIN_DROPPED && !after.is_empty())
                .then(|| after.iter().flatten().next().copied())
                .flatten();
        }
        anc = match nodes.get(anc as usize).and_then(|n| n.parent) {
            Some(p) if p < anc => p,
            _ => return None,
        };
    }
    None
}

/// Most blocks a box opened by a cut line may hold.
const MAX_AMID_BOX_BLOCKS: usize = 16;
/// How many blocks after such a box may come before the article's prose resumes
/// (a listicle item's heading comes first).
const RESUME_WITHIN: usize = 3;

/// The child of `parent` that holds element `idx`, if `idx` lies below it.
fn child_of(nodes: &[NodeInfo], mut idx: u32, parent: u32) -> Option<u32> {
    for _ in 0..=MAX_LEVELS {
        let up = nodes.get(idx as usize)?.parent?;
        if up == parent {
            return Some(idx);
        }
        if up >= idx {
            return None;
        }
        idx = up;
    }
    None
}

/// Whether elements `a` and `b` are alike: the same tag and the same classes.
fn alike(nodes: &[NodeInfo], a: u32, b: u32) -> bool {
    match (nodes.get(a as usize), nodes.get(b as usize)) {
        (Some(x), Some(y)) => x.tag == y.tag && x.class_id == y.class_id,
        _ => false,
    }
}

/// How many blocks from `at` on make up the box that the cut line at `at`
/// opens, when the article goes on after it: the box is the outermost element
/// that holds the line but not the block before it, and holds more than the
/// line; the article goes on when
/// the last prose before the box and the first prose right after it (within
/// [`RESUME_WITHIN`] blocks) sit in sibling elements of the box that are alike
/// (the same tag and classes: the article's own run of elements) and unlike
/// the box. A "Read next" box between two items of a listicle goes alone; a
/// related-stories box after the article's body, with the comments after it,
/// does not (the comments' element is not the body's kind).
pub(super) fn box_amid_article(blocks: &[Block], at: usize, nodes: &[NodeInfo]) -> Option<usize> {
    let block = blocks.get(at)?;
    let prev = blocks.get(at.checked_sub(1)?)?;
    if block.node == 0 || prev.node == 0 {
        return None;
    }
    let mut bx = block.node;
    let mut levels = 0;
    let parent = loop {
        levels += 1;
        if levels > MAX_LEVELS {
            return None;
        }
        let up = nodes.get(bx as usize)?.parent?;
        if up >= bx {
            return None;
        }
        if within(nodes, prev.node, up) {
            break up;
        }
        bx = up;
    };
    let mut end = at + 1;
    while blocks.get(end).is_some_and(|b| within(nodes, b.node, bx)) {
        end += 1;
        if end - at > MAX_AMID_BOX_BLOCKS {
            return None;
        }
    }
    let before = blocks
        .get(..at)?
        .iter()
        .rev()
        .take_while(|b| within(nodes, b.node, parent))
        .find(|b| is_prose(b))?;
    let after = blocks
        .get(end..)?
        .iter()
        .take(RESUME_WITHIN)
        .take_while(|b| within(nodes, b.node, parent))
        .find(|b| is_prose(b))?;
    let (b, a) = (
        child_of(nodes, before.node, parent)?,
        child_of(nodes, after.node, parent)?,
    );
    // A label alone ("Comments" over a comment plugin) is no box.
    let holds_more = end - at >= 2;
    (holds_more && b != bx && a != bx && alike(nodes, a, b) && !alike(nodes, a, bx))
        .then_some(end - at)
}

/// Most lines kept between two lines of one box that are taken for the box's.
const MAX_BETWEEN: usize = 2;
/// Longest such line (characters): a pitch or a field's label, not a paragraph.
const BETWEEN_MAX_CHARS: usize = 160;
/// A line of at least this many characters that holds two sentences or more is
/// a paragraph of the article, not a box's pitch, even under the limit above.
const BETWEEN_PARAGRAPH_CHARS: usize = 100;

/// Whether a block kept between two lines of one box may be that box's: short,
/// not code, and not a paragraph of several sentences.
fn box_sized(b: &Block) -> bool {
    let chars = b.text.chars().count();
    b.kind != BlockKind::Pre
        && chars <= BETWEEN_MAX_CHARS
        && (chars < BETWEEN_PARAGRAPH_CHARS || super::context::sentences(&b.text) < 2)
}

/// Most words of a box's title ("Morning Forecast", "The Brief").
const TITLE_MAX_WORDS: usize = 5;

/// Whether a block kept right above a box may be the box's title: a few words
/// with no punctuation at the end (not a sentence, not a label with a colon).
fn title_sized(b: &Block) -> bool {
    let text = b.text.trim();
    matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading(_))
        && (1..=TITLE_MAX_WORDS).contains(&text.split_whitespace().count())
        && !text.ends_with(|c: char| c.is_ascii_punctuation() && c != ')' && c != '"')
}

/// For each of `blocks`, the rule to drop it with when it is one of at most
/// [`MAX_BETWEEN`] short blocks kept between two blocks that rules of one box
/// dropped (`gone`: the rule that dropped each block; `box_of`: a rule's box):
/// a newsletter's pitch between its name and its e-mail field, a consent
/// notice's text between its heading and its buttons. Plain text too. So does
/// a short title right above two or more lines of one box ("Morning Forecast"
/// over "Get the day's weather in your inbox" and "Enter your email address").
pub(super) fn boxed_between<'r>(
    blocks: &[Block],
    gone: &[Option<usize>],
    box_of: impl Fn(usize) -> Option<&'r str>,
) -> Vec<Option<usize>> {
    let mut out = vec![None; blocks.len()];
    let mut last: Option<(usize, usize)> = None; // (index, rule) of the last dropped block
    for (i, g) in gone.iter().enumerate() {
        let Some(rule) = *g else { continue };
        if let Some((p, prev_rule)) = last {
            let run = p + 1..i;
            let short = blocks
                .get(run.clone())
                .is_some_and(|kept| kept.iter().all(box_sized));
            let one_box = box_of(prev_rule).is_some_and(|x| box_of(rule) == Some(x));
            if !run.is_empty() && run.len() <= MAX_BETWEEN && short && one_box {
                for slot in out.get_mut(run).into_iter().flatten() {
                    *slot = Some(prev_rule);
                }
            }
        }
        last = Some((i, rule));
        // The box's title: right above the box's first two lines.
        let opens = i > 0 && gone.get(i - 1).copied().flatten().is_none();
        let second = gone.get(i + 1).copied().flatten();
        let one_box = second.is_some_and(|r| box_of(rule).is_some_and(|x| box_of(r) == Some(x)));
        if opens && one_box && blocks.get(i - 1).is_some_and(title_sized) {
            if let Some(slot) = out.get_mut(i - 1) {
                *slot = Some(rule);
            }
        }
    }
    out
}

/// The bundled rule that drops a picture's credit on a line of its own
/// ("Photo: Jane Doe / Agency", "Fot. PAP/…", "Foto: dpa").
const CREDIT_RULE: &str = "credit-line";
/// The bundled rule that drops a source's credit on a line of its own
/// ("Courtesy of the Marsh family", "Source: Ghana News Agency"): a picture's
/// when the article's prose goes on right under it, a story's at its end.
const SOURCE_RULE: &str = "source-credit";
/// Most words of a caption read off the credit under it.
const CAPTION_MAX_WORDS: usize = 25;

/// For each of `blocks` (plain text's), whether it is a picture's caption: a
/// short line, one sentence at most, right above a line that the credit rule
/// dropped ("Mould on a bedroom ceiling in one of the flats" over "(Photo:
/// Salford City Council)"), or above a source's credit with the article's
/// prose going on under it ("… at the swimming dock in 1978" over "Courtesy
/// of the Marsh family" over a paragraph). A scrape keeps the two together
/// under the picture; an article's own paragraph seldom sits right on a
/// credit. `gone`: the rule that dropped each block; `rule_id`: a rule's id.
pub(super) fn captions_over_credits<'r>(
    blocks: &[Block],
    gone: &[Option<usize>],
    rule_id: impl Fn(usize) -> Option<&'r str>,
) -> Vec<bool> {
    let mut out = vec![false; blocks.len()];
    for (i, slot) in out.iter_mut().enumerate() {
        let credit_below = gone.get(i + 1).copied().flatten().is_some_and(|r| {
            let id = rule_id(r);
            id == Some(CREDIT_RULE)
                || (id == Some(SOURCE_RULE)
                    && gone.get(i + 2).is_some_and(Option::is_none)
                    && blocks
                        .get(i + 2)
                        .is_some_and(|n| super::context::sentences(&n.text) >= 2))
        });
        let Some(b) = blocks.get(i) else { continue };
        if !credit_below || gone.get(i).copied().flatten().is_some() || i == 0 {
            continue;
        }
        let text = b.text.trim();
        let words = text.split_whitespace().count();
        *slot = matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading(_))
            && (1..=CAPTION_MAX_WORDS).contains(&words)
            && !text.ends_with(':')
            && super::context::sentences(text) <= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(parent: Option<u32>, tag: &str) -> NodeInfo {
        NodeInfo {
            parent,
            tag: tag.into(),
            class_id: "".into(),
            hints: "".into(),
            paid_link: false,
        }
    }

    fn block(kind: BlockKind, node: u32, text: &str) -> Block {
        Block {
            kind,
            text: text.into(),
            node,
            link_chars: 0,
        }
    }

    /// body(0) > article(1) > [p(2), div.box(3) > [span(4), h3(5), p(6), p(7)], p(8)]
    fn page() -> (Vec<NodeInfo>, Vec<Block>) {
        let nodes = vec![
            node(None, "body"),
            node(Some(0), "article"),
            node(Some(1), "p"),
            node(Some(1), "div"),
            node(Some(3), "span"),
            node(Some(3), "h3"),
            node(Some(3), "p"),
            node(Some(3), "p"),
            node(Some(1), "p"),
        ];
        let blocks = vec![
            block(BlockKind::Paragraph, 2, "The article's first paragraph."),
            block(BlockKind::Paragraph, 4, "Newsletter"),
            block(BlockKind::Heading(3), 5, "The Departure Board"),
            block(BlockKind::Paragraph, 6, "Fares and deals, every Tuesday."),
            block(BlockKind::Paragraph, 7, "You may opt out at any time."),
            block(BlockKind::Paragraph, 8, "The article goes on."),
        ];
        (nodes, blocks)
    }

    #[test]
    fn a_heading_whose_box_was_emptied_goes_with_the_rule_after_it() {
        let (nodes, blocks) = page();
        let gone = vec![None, Some(7), None, Some(8), Some(8), None];
        assert_eq!(emptied_box(&blocks, &nodes, &gone, 2), Some(8));
    }

    #[test]
    fn a_heading_stays_when_its_box_keeps_anything_or_lost_too_little() {
        let (nodes, blocks) = page();
        // One line of the box is kept.
        let gone = vec![None, Some(7), None, None, Some(8), None];
        assert_eq!(emptied_box(&blocks, &nodes, &gone, 2), None);
        // Only one other block, and it went: too little to tell.
        let (mut nodes, mut blocks) = page();
        blocks.truncate(4);
        blocks.remove(1);
        nodes.truncate(7);
        let gone = vec![None, None, Some(8)];
        assert_eq!(emptied_box(&blocks, &nodes, &gone, 1), None);
        // Not a heading.
        let (nodes, blocks) = page();
        let gone = vec![None, Some(7), None, Some(8), Some(8), None];
        assert_eq!(emptied_box(&blocks, &nodes, &gone, 5), None);
    }

    #[test]
    fn a_heading_stays_when_everything_in_its_box_came_before_it() {
        let (nodes, mut blocks) = page();
        // The heading is the box's last block: it titles what follows the box.
        blocks.swap(2, 4);
        let gone = vec![None, Some(7), Some(8), Some(8), None, None];
        assert_eq!(emptied_box(&blocks, &nodes, &gone, 4), None);
    }

    fn classed(parent: u32, tag: &str, class: &str) -> NodeInfo {
        NodeInfo {
            class_id: class.into(),
            ..node(Some(parent), tag)
        }
    }

    /// main(1) > [div.item(2) > p(3)], [div.box(4) > h3(5), div(6) > p(7)],
    /// [div.`after`(8) > p(9)]
    fn listicle(after: &str) -> (Vec<NodeInfo>, Vec<Block>) {
        let nodes = vec![
            node(None, "body"),
            node(Some(0), "main"),
            classed(1, "div", "item"),
            node(Some(2), "p"),
            classed(1, "div", "box"),
            node(Some(4), "h3"),
            node(Some(4), "div"),
            node(Some(6), "p"),
            classed(1, "div", after),
            node(Some(8), "p"),
        ];
        let prose = "The second item of the list runs on for a while, as the items of a list do, with a sentence or two of their own.";
        let blocks = vec![
            block(BlockKind::Paragraph, 3, prose),
            block(BlockKind::Heading(3), 5, "Read next"),
            block(BlockKind::Paragraph, 7, "A teaser's headline"),
            block(BlockKind::Paragraph, 9, prose),
        ];
        (nodes, blocks)
    }

    #[test]
    fn a_cut_line_opening_a_box_between_the_articles_elements_takes_the_box_alone() {
        let (nodes, blocks) = listicle("item");
        assert_eq!(box_amid_article(&blocks, 1, &nodes), Some(2));
    }

    #[test]
    fn a_cut_line_stands_when_what_follows_its_box_is_another_kind_of_element() {
        // The comments after a related-stories box are no more of the article.
        let (nodes, blocks) = listicle("comments");
        assert_eq!(box_amid_article(&blocks, 1, &nodes), None);
        // A label alone in its element is no box.
        let (mut nodes, mut blocks) = listicle("item");
        blocks.remove(2);
        nodes[5].parent = Some(1);
        assert_eq!(box_amid_article(&blocks, 1, &nodes), None);
    }

    const PROSE: &str = "The council met again on Monday and agreed to the plan after a long debate about what it would cost and when work would start.";

    /// The texts left of `blocks` after the bundled block rules.
    fn through_bundled_rules(blocks: &[(BlockKind, &str)]) -> Result<Vec<String>, crate::Error> {
        let rules = crate::rules::RuleSet::bundled()?;
        let active = rules.active(None);
        let mut blocks: Vec<Block> = blocks
            .iter()
            .map(|(kind, text)| Block::plain(*kind, (*text).into()))
            .collect();
        let mut removed = Vec::new();
        crate::rules::apply_block_rules(&active, &mut blocks, &mut removed);
        Ok(blocks.into_iter().map(|b| b.text).collect())
    }

    /// Through the drop pass: a code block before a newsletter box does not
    /// shift which kept line the box's pitch is.
    #[test]
    fn a_pitch_between_two_lines_of_its_box_goes_after_a_code_block() -> Result<(), crate::Error> {
        let texts = through_bundled_rules(&[
            (BlockKind::Paragraph, PROSE),
            (BlockKind::Pre, "let x = 1;"),
            (BlockKind::Paragraph, PROSE),
            (BlockKind::Paragraph, "Sign up to The Current"),
            (
                BlockKind::Paragraph,
                "Bills, repairs and housing news from our desk.",
            ),
            (BlockKind::Paragraph, "Email address"),
            (BlockKind::Paragraph, PROSE),
        ])?;
        assert_eq!(texts, [PROSE, "let x = 1;", PROSE, PROSE]);
        Ok(())
    }

    #[test]
    fn a_paragraph_of_sentences_between_two_lines_of_a_box_stays() -> Result<(), crate::Error> {
        let short = "The bin is small but easy to empty. The filter washes under the tap, and at its price it is good value.";
        let texts = through_bundled_rules(&[
            (BlockKind::Paragraph, PROSE),
            (BlockKind::Paragraph, "Sign up to The Current"),
            (BlockKind::Paragraph, short),
            (BlockKind::Paragraph, "Email address"),
            (BlockKind::Paragraph, PROSE),
        ])?;
        assert_eq!(texts, [PROSE, short, PROSE]);
        Ok(())
    }
}
