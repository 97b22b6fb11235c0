//! Stage: blocks — tests of the HTML walk: table cells, link text, ruby
//! annotations.

use scraper::Html;

use super::{html_blocks, BlockDoc, BlockKind, WalkOptions};

fn doc(html: &str) -> BlockDoc {
    let parsed = Html::parse_document(html);
    let mut removed = Vec::new();
    html_blocks(&parsed, &WalkOptions::default(), &mut removed)
}

fn texts(d: &BlockDoc) -> Vec<&str> {
    d.blocks.iter().map(|b| b.text.as_str()).collect()
}

#[test]
fn short_cells_wrapped_in_paragraphs_make_one_row() {
    let d = doc("<table><tr><td><p><b>State</b></p></td><td><p>Comment</p></td></tr>\
         <tr><td><p>queued</p></td><td><div><p>Workers poll in batches.</p></div></td></tr></table>");
    assert_eq!(
        texts(&d),
        ["State | Comment", "queued | Workers poll in batches."]
    );
    assert!(d.blocks.iter().all(|b| b.kind == BlockKind::TableRow));
}

#[test]
fn a_layout_cell_keeps_its_paragraphs() {
    let long = "A long paragraph of the article that fills most of a line. ".repeat(4);
    let d = doc(&format!(
        "<table><tr><td><p>{long}</p><p>{long}</p></td></tr></table>"
    ));
    assert_eq!(d.blocks.len(), 2, "{:?}", texts(&d));
    assert!(d.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
    // A cell holding a list is not flat either.
    let d = doc("<table><tr><td><p>Steps</p><ul><li>one</li><li>two</li></ul></td></tr></table>");
    assert_eq!(texts(&d), ["Steps", "one", "two"]);
}

#[test]
fn spaces_between_the_words_of_a_link_are_link_text() {
    let d =
        doc("<p><a href=/a>Read the full story</a></p><p>see <a href=/b>the report</a> now</p>");
    let (Some(all), Some(part)) = (d.blocks.first(), d.blocks.get(1)) else {
        panic!("two blocks expected: {:?}", texts(&d));
    };
    assert_eq!(all.link_chars as usize, all.text.chars().count());
    // "the report": the spaces around the link are not link text.
    assert_eq!(part.link_chars, 10);
}

#[test]
fn ruby_readings_are_not_text() {
    let d = doc("<p><ruby>図書館<rt>としょかん</rt></ruby>が<ruby>開<rp>(</rp><rt>ひら</rt><rp>)</rp></ruby>く</p>");
    assert_eq!(texts(&d), ["図書館が開く"]);
}

#[test]
fn empty_cells_at_the_end_of_a_row_add_no_separator() {
    let d = doc(
        "<table><tr><td>Restwert</td><td>12'000</td><td></td><td> </td></tr>\
         <tr><td>C3</td><td></td><td>1913</td></tr></table>",
    );
    assert_eq!(texts(&d), ["Restwert | 12'000", "C3 | | 1913"]);
}

#[test]
fn a_hidden_block_parts_the_words_around_it() {
    // The pre-pass leaves out the whitespace next to block tags, so the
    // hidden block is all that stands between the words.
    let d = doc("<div><a href=\"/blog/\">Blog</a><div aria-hidden=\"true\">›</div><span>Insights</span></div>");
    assert_eq!(texts(&d), ["Blog Insights"]);
}

#[test]
fn whitespace_between_tags_does_not_decide_whether_a_cell_is_flat() {
    let cell = "<td>\n                <p>\n                    Re-enqueue the task.\n                </p>\n            </td>";
    let spaced = doc(&format!("<table><tr><td>claimed</td>{cell}</tr></table>"));
    let tight = doc("<table><tr><td>claimed</td><td><p>Re-enqueue the task.</p></td></tr></table>");
    assert_eq!(texts(&spaced), texts(&tight));
    assert_eq!(texts(&tight), ["claimed | Re-enqueue the task."]);
}
