//! Stage: find the article — unit tests of the structural cleaners inside the
//! article (`structure`: link boxes, clutter-named sections, shared classes),
//! of the edge tidy-up (`tidy`) and of the author's line at the top
//! (`headline`). Pages are built with the helpers of `tests`.

use super::tests::{clean_html, cleaned, has, prose};
use crate::blocks::{Block, BlockKind};

// --- structure ----------------------------------------------------------------

#[test]
fn link_boxes_inside_the_article_go_but_its_own_lists_stay() {
    let html = format!(
        "<body><article><div class=body><p>{}</p>\
         <div class=box><a href=/1>Story one</a><br><a href=/2>Story two</a><br><a href=/3>Story three</a></div>\
         <p>{}</p><ul><li>{}</li><li>{}</li></ul><p>{}</p></div></article></body>",
        prose("a", 3),
        prose("b", 3),
        prose("l", 1),
        prose("m", 1),
        prose("c", 3)
    );
    let texts = cleaned(&html, None);
    assert!(!has(&texts, "Story two"), "{texts:?}");
    assert!(
        has(&texts, "l0") && has(&texts, "m0"),
        "plain list items stay"
    );
}

#[test]
fn a_sub_list_of_links_under_an_item_of_prose_stays_but_a_menu_goes() {
    // An item's points may all be links ("new views of the dashboard:" over
    // three of them); a menu's sub-list hangs under an item that is a link.
    let html = format!(
        "<body><article><div class=body><p>{}</p>\
         <ul><li>{}<ul><li><a href=/a>viewOne</a></li><li><a href=/b>viewTwo</a></li>\
         <li><a href=/c>viewThree</a></li></ul></li><li>{}</li></ul><p>{}</p>\
         <ul><li><a href=/s>Sections</a><ul><li><a href=/w>World</a></li>\
         <li><a href=/p>Politics</a></li><li><a href=/e>Economy</a></li></ul></li></ul>\
         </div></article></body>",
        prose("a", 3),
        prose("l", 1),
        prose("m", 1),
        prose("c", 3)
    );
    let texts = cleaned(&html, None);
    assert!(has(&texts, "viewTwo") && has(&texts, "l0"), "{texts:?}");
    assert!(!has(&texts, "Politics"), "{texts:?}");
}

#[test]
fn a_section_named_like_clutter_but_full_of_prose_stays() {
    let html = format!(
        "<body><article><div class=body><p>{}</p>\
         <div id=sharing-with-a-single-developer><h2>Sharing</h2><p>{}</p><p>{}</p><p>{}</p></div>\
         <div class=share><a href=/fb>Facebook</a> <a href=/tw>Twitter</a></div></div></article></body>",
        prose("a", 4),
        prose("b", 3),
        prose("c", 3),
        prose("d", 3)
    );
    let texts = cleaned(&html, None);
    assert!(has(&texts, "b0") && has(&texts, "d2"), "{texts:?}");
    assert!(!has(&texts, "Facebook"));
}

#[test]
fn a_class_shared_by_every_paragraph_is_not_clutter() {
    let html = format!(
        "<body><article><div class=text><p class=tagStyle>{}</p><p class=tagStyle>{}</p>\
         <p class=tagStyle>{}</p></div></article></body>",
        prose("a", 3),
        prose("b", 3),
        prose("c", 3)
    );
    let texts = cleaned(&html, None);
    assert_eq!(texts.len(), 3, "{texts:?}");
}

#[test]
fn a_rule_naming_most_of_the_article_names_its_layout() {
    // Page builders wrap every paragraph in a `…-widget-container`: the
    // page-chrome rule's word `widget` then names the article, not clutter.
    let html = format!(
        "<body><article><div class=builder>\
         <div class='builder-widget'><div class='builder-widget-container'><p>{}</p></div></div>\
         <div class='builder-widget'><div class='builder-widget-container'><p>{}</p></div></div>\
         <div class='builder-widget'><div class='builder-widget-container'><p>{}</p></div></div>\
         <div class='share-bar'><a href=/f>Facebook</a> <a href=/t>Twitter</a></div>\
         </div></article></body>",
        prose("a", 1),
        prose("b", 1),
        prose("c", 1)
    );
    let texts = cleaned(&html, None);
    assert!(
        has(&texts, "a0") && has(&texts, "b0") && has(&texts, "c0"),
        "{texts:?}"
    );
    assert!(!has(&texts, "Facebook"), "{texts:?}");
}

// --- tidy -------------------------------------------------------------------

pub(super) fn blocks_of(items: &[(BlockKind, &str, u32)]) -> Vec<Block> {
    items
        .iter()
        .map(|(kind, text, link)| Block {
            kind: *kind,
            text: (*text).to_string(),
            node: 0,
            link_chars: *link,
        })
        .collect()
}

#[test]
fn tidy_drops_trailing_labels_links_and_orphan_headings() {
    let body = "The council said the wall will protect the fleet from storms.";
    let blocks = blocks_of(&[
        (BlockKind::Heading(2), "The plan", 0),
        (BlockKind::Paragraph, body, 0),
        (
            BlockKind::Paragraph,
            "Read also: The harbour in winter, a photo story",
            36,
        ),
        (BlockKind::Paragraph, body, 0),
        (BlockKind::Heading(2), "Background", 0),
        (BlockKind::Heading(2), "More on this", 0),
        (BlockKind::Paragraph, body, 0),
        (BlockKind::Paragraph, "Mehr zum Thema", 0),
        (
            BlockKind::Paragraph,
            "Harbour fees rise again next year",
            33,
        ),
    ]);
    let keep = super::tidy::tidy_marks(&blocks);
    assert_eq!(
        keep,
        vec![true, true, false, true, false, true, true, false, false]
    );
}

#[test]
fn tidy_keeps_a_page_of_labels_whole() {
    let blocks = blocks_of(&[
        (BlockKind::Heading(1), "Test", 0),
        (BlockKind::Paragraph, "Hi", 0),
    ]);
    assert_eq!(super::tidy::tidy_marks(&blocks), vec![true, true]);
}

#[test]
fn a_headline_under_its_kicker_in_one_heading_goes() {
    let html = r#"<html><head><meta property="og:title" content="Streit um Radschnellweg: Warum die Trasse die Gemüter erhitzt"></head><body>
<article><header><h2><span class="kicker">Radverkehr im Landkreis</span><span class="sr-only">: </span><span>Streit um Radschnellweg: Warum die Trasse die Gemüter erhitzt</span></h2></header>
<p>Der geplante Radschnellweg zwischen Lindenhagen und Bardow soll täglich Tausende Pendler aufs Rad bringen, doch die Route führt durch ein Schutzgebiet.</p>
<p>Die Naturschutzverbände haben angekündigt, gegen die Planung zu klagen, sobald der Kreistag im Frühjahr über die Trasse entschieden hat.</p>
</article></body></html>"#;
    let text = clean_html(html);
    assert!(text.starts_with("Der geplante Radschnellweg"), "{text}");
}

// --- headline: the author's line ---------------------------------------------

fn para(text: &str) -> Block {
    Block {
        kind: BlockKind::Paragraph,
        text: text.into(),
        node: 0,
        link_chars: 0,
    }
}

#[test]
fn the_line_naming_the_metadata_author_at_the_top_goes() {
    let body = prose("a", 3);
    let mut blocks = vec![
        para("Rita Sarmento Arquiteta e urbanista Colunista"),
        para(&body),
        para("Rita Sarmento Arquiteta e urbanista Colunista"),
    ];
    let mut removed = Vec::new();
    super::drop_author_lines(&mut blocks, Some("Rita Sarmento"), &mut removed);
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert_eq!(blocks.first().map(|b| b.text.as_str()), Some(body.as_str()));
    assert_eq!(removed.len(), 1);
    // Without the metadata, or with a one-word "author" (the site), nothing goes;
    // nor does a sentence that names the author.
    for (author, first) in [
        (None, "Rita Sarmento Arquiteta e urbanista Colunista"),
        (Some("Sarmento"), "Sarmento Arquiteta e urbanista Colunista"),
        (
            Some("Rita Sarmento"),
            "Rita Sarmento said the plan was sound.",
        ),
    ] {
        let mut blocks = vec![para(first), para(&body)];
        super::drop_author_lines(&mut blocks, author, &mut Vec::new());
        assert_eq!(blocks.len(), 2, "{author:?} {first}");
    }
}
