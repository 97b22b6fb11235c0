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
fn short_elements_hidden_by_a_utility_class_give_no_text() {
    let d = doc("<div><p>The port reopened on Monday.</p>\
         <div class=\"tooltip Dn\"><div>Rating failed. Try again.</div></div>\
         <p class=\"error hidden\">Request failed.</p>\
         <span class=\"d-none\">0</span></div>");
    assert_eq!(texts(&d), ["The port reopened on Monday."]);
    // Shown again at some screen size: kept.
    let d = doc(
        "<div><p class=\"hidden md:block\">Shown on wide screens.</p>\
         <p class=\"d-none d-lg-block\">Shown on large screens.</p></div>",
    );
    assert_eq!(
        texts(&d),
        ["Shown on wide screens.", "Shown on large screens."]
    );
    // Long hidden text may be article text a script reveals: kept.
    let long = "The rest of the article, revealed by the reader's click. ".repeat(5);
    let d = doc(&format!(
        "<div><p>Lead.</p><div class=\"more-text hide\"><p>{long}</p></div></div>"
    ));
    assert_eq!(texts(&d), ["Lead.", long.trim()]);
}

#[test]
fn whitespace_between_tags_does_not_decide_whether_a_cell_is_flat() {
    let cell = "<td>\n                <p>\n                    Re-enqueue the task.\n                </p>\n            </td>";
    let spaced = doc(&format!("<table><tr><td>claimed</td>{cell}</tr></table>"));
    let tight = doc("<table><tr><td>claimed</td><td><p>Re-enqueue the task.</p></td></tr></table>");
    assert_eq!(texts(&spaced), texts(&tight));
    assert_eq!(texts(&tight), ["claimed | Re-enqueue the task."]);
}

#[test]
fn a_formula_reads_as_text_in_its_sentence() {
    let d = doc("<p>When <math><mi>a</mi><mo>≠</mo><mn>0</mn></math>, the roots of \
         <math display=block><mi>a</mi><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mi>c</mi></math> are \
         <math><mi>x</mi><mo>=</mo><mfrac><mrow><mo>−</mo><mi>c</mi></mrow><mi>a</mi></mfrac>\
         <mo>&#x2062;</mo><msqrt><mn>2</mn><mi>y</mi></msqrt></math>.</p>");
    assert_eq!(
        texts(&d),
        ["When a ≠ 0, the roots of a x^2 + c are x = (− c) / a √(2 y)."]
    );
    // Scripts of more than one atom are braced; fenced groups keep their fences.
    let d = doc("<p><math><msubsup><mo>∑</mo><mrow><mi>k</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></msubsup>\
         <msub><mi>a</mi><mi>ij</mi></msub><mfenced><mi>u</mi><mi>v</mi></mfenced></math></p>");
    assert_eq!(texts(&d), ["∑_{k = 1}^n a_{ij} (u, v)"]);
}

#[test]
fn hidden_and_empty_formulas() {
    // Hidden MathML (an image shows the formula) gives nothing.
    let d = doc("<p>Let <span style=\"display: none\"><math><mi>q</mi></math></span>be.</p>");
    assert_eq!(texts(&d), ["Let be."]);
    // A formula with no presentation text falls back to its TeX source.
    let d = doc("<p>Take <math alttext=\"{\\displaystyle \\alpha^2}\"><mspace/></math> now.</p>");
    assert_eq!(texts(&d), ["Take \\alpha^2 now."]);
    let d = doc("<p><math><semantics><mrow/><annotation encoding=\"application/x-tex\">\\beta</annotation></semantics></math></p>");
    assert_eq!(texts(&d), ["\\beta"]);
    // Deep nesting is read as flat text, without exhausting the stack.
    let deep = format!("<p><math>{}<mi>z</mi></math></p>", "<mrow>".repeat(5000));
    assert_eq!(texts(&doc(&deep)), ["z"]);
}

/// The walk's blocks and its removal records.
fn doc_and_removed(html: &str) -> (BlockDoc, Vec<crate::article::Removal>) {
    let parsed = Html::parse_document(html);
    let mut removed = Vec::new();
    let d = html_blocks(&parsed, &WalkOptions::default(), &mut removed);
    (d, removed)
}

const PARA: &str = "The ferry runs four crossings a day from November, the harbour \
                    authority said, citing lower passenger numbers this autumn.";

#[test]
fn a_hidden_element_holding_nearly_all_the_page_is_read() {
    // The layout wrapper a script shows once the page has loaded: without this
    // the page came out empty.
    for hides in [
        "style=\"display: none;\"",
        "style=\"visibility:hidden\"",
        "hidden",
        "aria-hidden=\"true\"",
    ] {
        let (d, removed) = doc_and_removed(&format!(
            "<p>Loading…</p><div id=\"page\" {hides}><h1>Ferry times</h1>\
             <p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><div hidden>Sign in to save</div></div>"
        ));
        assert_eq!(
            texts(&d),
            ["Loading…", "Ferry times", PARA, PARA, PARA],
            "{hides}"
        );
        assert_eq!(d.notes.len(), 1, "{hides}: {:?}", d.notes);
        // Hidden elements inside it still go, and are recorded.
        let rules: Vec<_> = removed.iter().map(|r| (&*r.rule, &*r.text)).collect();
        assert_eq!(rules, [("hidden", "Sign in to save")], "{hides}");
    }
}

#[test]
fn a_hidden_part_of_the_page_stays_hidden_and_is_recorded() {
    // Half the article hidden (Readability's visibility-hidden page), a hidden
    // dialog, an icon: left out, with a record for each one holding words.
    let (d, removed) = doc_and_removed(&format!(
        "<article><div style=\"visibility: hidden\"><p>{PARA}</p><p>{PARA}</p></div>\
         <p>{PARA}</p><p>{PARA}</p><span aria-hidden=\"true\">›</span>\
         <div class=\"modal\" style=\"display:none\"><p>Subscribe to our newsletter</p></div></article>"
    ));
    assert_eq!(texts(&d), [PARA, PARA]);
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    let rules: Vec<_> = removed.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(rules, ["hidden", "hidden"]);
    assert!(removed[1].text.contains("Subscribe"), "{removed:?}");
}

#[test]
fn nested_hidden_wrappers_are_read_and_deep_ones_stay_cheap() {
    // Two hidden wrappers, one inside the other, both holding the page.
    let d = doc(&format!(
        "<body style=\"display:none\"><div aria-hidden=\"true\"><p>{PARA}</p><p>{PARA}</p></div></body>"
    ));
    assert_eq!(texts(&d), [PARA, PARA]);
    assert_eq!(d.notes.len(), 1, "{:?}", d.notes);
    assert!(d.notes[0].starts_with("2 hidden elements"), "{:?}", d.notes);
    // Thousands of nested ones: each question reads a bounded share of the page,
    // so after a few the rest stay hidden (the text is then recorded as removed,
    // not lost silently).
    let depth = 5_000;
    let html = format!(
        "{}<p>{PARA}</p><p>{PARA}</p>{}",
        "<div hidden>".repeat(depth),
        "</div>".repeat(depth)
    );
    let (d, removed) = doc_and_removed(&html);
    assert_eq!(d.notes.len(), 1, "{:?}", d.notes);
    assert!(texts(&d).is_empty());
    let records: Vec<_> = removed.iter().map(|r| (&*r.rule, &*r.text)).collect();
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].0, "hidden");
    assert!(records[0].1.starts_with(PARA), "{records:?}");
}

#[test]
fn hidden_dialogs_before_the_wrapper_do_not_use_up_its_check() {
    // Five hidden dialogs of a few sentences each come before the hidden
    // layout wrapper; each is weighed against the page and stays hidden, and
    // the wrapper is still read.
    let dialog = format!("<div style=\"display:none\"><p>{PARA}</p><p>{PARA}</p></div>");
    let body = format!("<p>{PARA}</p>").repeat(40);
    let (d, removed) = doc_and_removed(&format!(
        "{}<div id=\"page\" style=\"display:none\">{body}</div>",
        dialog.repeat(5)
    ));
    assert_eq!(d.blocks.len(), 40, "{:?}", d.notes);
    assert_eq!(d.notes.len(), 1);
    assert_eq!(removed.len(), 5);
}

#[test]
fn numbered_lines_after_a_line_break_are_a_lists_items() {
    let d = doc(
        "<div><b>Step by step:</b><br>1. Drain the tank.<br>2. Change the oil.<br>\
         3. Grease the nipples.</div>",
    );
    assert_eq!(
        texts(&d),
        [
            "Step by step:",
            "1. Drain the tank.",
            "2. Change the oil.",
            "3. Grease the nipples."
        ]
    );
    // A block that opens with "1." goes on the same way.
    let d = doc("<p>1. Finland<br>2. Norway<br>3. Australia</p>");
    assert_eq!(texts(&d), ["1. Finland", "2. Norway", "3. Australia"]);
    // A number that follows no "1." or line before it is an ordinal or an
    // edition; a table's cell stays one row.
    let d = doc("<p>The book’s<br>2. edition was revised in 2019.</p>");
    assert_eq!(texts(&d), ["The book’s 2. edition was revised in 2019."]);
    let d = doc("<table><tr><td>Fachbuch<br>1. Auflage</td><td>Tabellenbuch<br>2. Auflage</td></tr></table>");
    assert_eq!(texts(&d), ["Fachbuch 1. Auflage | Tabellenbuch 2. Auflage"]);
}

#[test]
fn blank_lines_in_text_set_straight_into_the_body_part_it() {
    // Scraped text with a few tags left in it: the blank lines are its
    // paragraph breaks.
    let d = doc("A walk on Skye &amp; Raasay\n\n6 min read\n  \n<p>We took the ferry.</p>\n\nThe rain stopped.<br>\n\nTags: Skye");
    assert_eq!(
        texts(&d),
        [
            "A walk on Skye & Raasay",
            "6 min read",
            "We took the ferry.",
            "The rain stopped.",
            "Tags: Skye"
        ]
    );
    // Inside an element a blank line is whitespace, as a browser shows it.
    let d = doc("<div>One line\n\nand the same paragraph.</div>");
    assert_eq!(texts(&d), ["One line and the same paragraph."]);
}
