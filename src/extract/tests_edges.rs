//! Stage: find the article — unit tests of the cleaners at the article's
//! edges and inside it (`structure`, `tidy`): a sign-off after the last line,
//! gallery and slideshow words that name the page itself, media players; and
//! when the JSON-LD `articleBody` stands in for a page that does not show it;
//! a login dialog that the fallback must not take for the article; the
//! title set again over a recipe card.
//! Pages are built with the helpers of `tests`.

use super::tests::{cleaned, doc, extract, has, prose};
use super::tests_structure::blocks_of;
use super::Hints;
use crate::blocks::BlockKind;

#[test]
fn a_sign_off_after_the_last_line_stays_and_labels_after_it_go() {
    let body = "Probiert es einfach aus und erzählt mir, wie es bei euch geklappt hat!";
    for sign_off in ["Euer Hans", "x Franzi", "XX, Die Redaktion", "Cheers, Anna"] {
        let blocks = blocks_of(&[
            (BlockKind::Paragraph, body, 0),
            (BlockKind::Paragraph, sign_off, 0),
            (BlockKind::Paragraph, "Teilen", 0),
        ]);
        assert_eq!(
            super::tidy::tidy_marks(&blocks),
            vec![true, true, false],
            "{sign_off}"
        );
    }
    // Not sign-offs: a label with a colon, a lone greeting word, a line after
    // another label, a linked name.
    for (items, want) in [
        (
            vec![
                (BlockKind::Paragraph, body, 0),
                (BlockKind::Paragraph, "Euer Kommentar:", 0),
            ],
            vec![true, false],
        ),
        (
            vec![
                (BlockKind::Paragraph, body, 0),
                (BlockKind::Paragraph, "Cheers", 0),
            ],
            vec![true, false],
        ),
        (
            vec![
                (BlockKind::Paragraph, body, 0),
                (BlockKind::Paragraph, "Print", 0),
                (BlockKind::Paragraph, "Euer Hans", 0),
            ],
            vec![true, false, false],
        ),
        (
            vec![
                (BlockKind::Paragraph, body, 0),
                (BlockKind::Paragraph, "Euer Hans", 4),
            ],
            vec![true, false],
        ),
    ] {
        assert_eq!(
            super::tidy::tidy_marks(&blocks_of(&items)),
            want,
            "{items:?}"
        );
    }
}

#[test]
fn gallery_words_around_the_headline_name_the_page_not_clutter() {
    // A slideshow page: the headline and every slide sit in `slideshow…`
    // elements; the slides stay, their credits go.
    let slides: String = (0..3)
        .map(|i| {
            format!(
                "<section class=\"slideshow-slide\"><h2>Slide {i}</h2><p>{}</p>\
                 <div class=\"slideshow-credit\">Photo: Agency</div></section>",
                prose(&format!("s{i}x"), 1)
            )
        })
        .collect();
    let html = format!(
        "<html><body><main><section class=\"slideshowPackage\"><h1>Five new trains</h1>{slides}\
         </section></main><footer>Footer</footer></body></html>"
    );
    let texts = cleaned(&html, Some("Five new trains"));
    assert!(
        has(&texts, "s0x0") && has(&texts, "s1x0") && has(&texts, "s2x0"),
        "{texts:?}"
    );
    assert!(!has(&texts, "Photo: Agency"), "{texts:?}");

    // An ordinary article: a gallery inside it still goes.
    let html = format!(
        "<html><body><article><h1>Harbour news today</h1><p>{}</p><p>{}</p>\
         <div class=\"gallery\"><p>{}</p></div><p>{}</p></article></body></html>",
        prose("a", 2),
        prose("b", 2),
        prose("g", 1),
        prose("c", 2)
    );
    let texts = cleaned(&html, Some("Harbour news today"));
    assert!(has(&texts, "a0") && has(&texts, "c0"), "{texts:?}");
    assert!(!has(&texts, "g0"), "{texts:?}");
}

#[test]
fn media_player_controls_inside_the_article_go() {
    let html = format!(
        "<html><body><article><h1>Seals return</h1><p>{}</p>\
         <div class=\"video-player\"><div>Play Video</div><div>Current Time 0:00</div>\
         <ul><li>Auto</li><li>High (HD)</li></ul><div>Video Not Available</div></div>\
         <p>{}</p></article></body></html>",
        prose("a", 2),
        prose("b", 2)
    );
    let texts = cleaned(&html, Some("Seals return"));
    assert!(has(&texts, "a0") && has(&texts, "b0"), "{texts:?}");
    for label in ["Play Video", "Current Time", "High (HD)", "Not Available"] {
        assert!(!has(&texts, label), "{label}: {texts:?}");
    }
}

#[test]
fn a_heading_that_reads_as_a_sentence_is_never_an_orphan() {
    let body = "The council said the wall will protect the fleet from storms.";
    let blocks = blocks_of(&[
        (
            BlockKind::Heading(2),
            "For thirty years he climbed the same steps every evening.",
            0,
        ),
        (BlockKind::Heading(2), "The early years", 0),
        (BlockKind::Paragraph, body, 0),
        (BlockKind::Heading(2), "What did the council decide?", 0),
        (BlockKind::Heading(2), "Background", 0),
        (BlockKind::Paragraph, body, 0),
    ]);
    assert_eq!(
        super::tidy::tidy_marks(&blocks),
        vec![true, true, true, false, true, true]
    );
}

#[test]
fn a_chart_drawn_in_paragraphs_goes_and_short_lines_of_prose_stay() {
    let body = "The yield on the 10-year note has climbed to over 3 percent recently.";
    let mut items = vec![(BlockKind::Paragraph, body, 0)];
    for label in [
        "Yield",
        "8",
        "MONTHLY",
        "RECESSIONS",
        "6",
        "4",
        "2",
        "0",
        "’98",
        "’00",
        "’02",
    ] {
        items.push((BlockKind::Paragraph, label, 0));
    }
    items.push((BlockKind::Paragraph, body, 0));
    let keep = super::tidy::tidy_marks(&blocks_of(&items));
    // The chart's title has lower-case letters: it is not a label.
    let mut want = vec![true, true];
    want.extend([false; 10]);
    want.push(true);
    assert_eq!(keep, want);

    // Seven labels are not yet a chart; eight short lines of words are a
    // poem or a list, not a chart; a list of numbers is a list.
    for (labels, kind) in [
        (
            vec!["1", "2", "3", "4", "5", "6", "7"],
            BlockKind::Paragraph,
        ),
        (
            vec!["NO", "MORE", "WAR", "NO", "MORE", "FEAR", "2025", "AMEN"],
            BlockKind::Paragraph,
        ),
        (
            vec!["1", "2", "3", "4", "5", "6", "7", "8"],
            BlockKind::ListItem(true),
        ),
    ] {
        let mut items = vec![(BlockKind::Paragraph, body, 0)];
        items.extend(labels.iter().map(|l| (kind, *l, 0)));
        items.push((BlockKind::Paragraph, body, 0));
        assert!(
            super::tidy::tidy_marks(&blocks_of(&items))
                .iter()
                .all(|k| *k),
            "{labels:?}"
        );
    }
}

#[test]
fn the_json_ld_body_stands_in_only_for_a_page_that_does_not_show_it() {
    let body = format!("{} {} {}", prose("x", 3), prose("y", 3), prose("z", 3));
    let teaser = prose("t", 1);
    // A script renders the article: the markup holds a teaser and a shell.
    let shell = doc(&format!(
        "<body><p>{teaser}</p><div id=app><p>Loading the article</p></div></body>"
    ));
    assert!(super::body_stands_in(&shell, &shell.blocks, &body));
    // The article as found holds a third of the body or more: it is the article.
    let shown = doc(&format!(
        "<body><p>{}</p><p>{}</p></body>",
        prose("x", 3),
        prose("y", 3)
    ));
    assert!(!super::body_stands_in(&shown, &shown.blocks, &body));
    // The page shows the body but the cleaners kept little of it: their choice.
    let whole = doc(&format!(
        "<body><p>{}</p><p>{}</p><p>{}</p></body>",
        prose("x", 3),
        prose("y", 3),
        prose("z", 3)
    ));
    assert!(!super::body_stands_in(&whole, &[], &body));
    // A short body is no evidence.
    assert!(!super::body_stands_in(
        &shell,
        &shell.blocks,
        &prose("x", 1)
    ));
    let more = format!("{teaser} more words here");
    assert!(super::TrigramSet::of([more.as_str()]).covers(&teaser));
    assert!(!super::TrigramSet::of([body.as_str()]).covers(&teaser));
}

#[test]
fn the_fallback_never_takes_a_login_dialog_for_the_article() {
    // A video page: a short description is all the article there is, while a
    // hidden sign-up dialog holds many sentences of form messages.
    let mut errors = String::new();
    for i in 0..8 {
        errors.push_str(&format!(
            "<p class=form-error>{}</p>",
            prose(&format!("e{i}-"), 1)
        ));
    }
    let html = format!(
        "<body><main><h1>Snow in the city</h1><div class=video-description><p>{}</p></div></main>\
         <div class=registration-modal><form><h2>Create an account</h2>{errors}</form></div></body>",
        prose("d", 1)
    );
    let texts = extract(&html, &Hints::default());
    assert!(has(&texts, "d0"), "{texts:?}");
    assert!(!has(&texts, "e3-0"), "{texts:?}");
}

#[test]
fn a_linked_headline_behind_a_pointer_inside_the_article_goes() {
    let body = "The council approved the plan on Monday after a long debate about costs, schools and roads.";
    for pointer in ["» ", "→ ", "▶ ", "👉 ", ">> "] {
        let line = format!("{pointer}Putin and Trump meet in Alaska");
        let linked = line.chars().count() as u32 - pointer.chars().count() as u32;
        let blocks = blocks_of(&[
            (BlockKind::Paragraph, body, 0),
            (BlockKind::Paragraph, &line, linked),
            (BlockKind::Paragraph, body, 0),
        ]);
        assert_eq!(
            super::tidy::tidy_marks(&blocks),
            vec![true, false, true],
            "{line}"
        );
    }
    // The same pointer before a line that is mostly not a link stays.
    let blocks = blocks_of(&[
        (BlockKind::Paragraph, body, 0),
        (
            BlockKind::Paragraph,
            "→ Costs rose by a third, see the table",
            9,
        ),
        (BlockKind::Paragraph, body, 0),
    ]);
    assert_eq!(super::tidy::tidy_marks(&blocks), vec![true, true, true]);
}

#[test]
fn the_title_repeated_over_a_card_in_the_body_goes_but_a_short_one_stays() {
    let html = |title: &str| {
        format!(
            "<body><article><h1>{title}</h1><div class=body><p>{}</p><p>{}</p>\
             <div class=card><h2>{title}</h2><ul><li>2 pears</li><li>1 tablespoon butter</li></ul>\
             <p>{}</p></div></div></article></body>",
            prose("a", 4),
            prose("b", 4),
            prose("c", 4)
        )
    };
    let long = "Brown Butter Pear Galette with Cardamom";
    let texts = cleaned(&html(long), Some(long));
    assert!(!texts.iter().any(|t| t == long), "{texts:?}");
    assert!(has(&texts, "2 pears"));
    // A title of one or two words ("Recipe") may well head a part of the article.
    let texts = cleaned(&html("Ingredients"), Some("Ingredients"));
    assert_eq!(
        texts.iter().filter(|t| *t == "Ingredients").count(),
        1,
        "{texts:?}"
    );
}

#[test]
fn a_code_listings_line_number_gutter_goes_and_other_numbers_stay() {
    let body = "A paragraph of the article, long enough to be the article's text and then some more words.";
    let blocks = blocks_of(&[
        (BlockKind::Paragraph, body, 0),
        (BlockKind::Pre, "1\n2\n3\n4", 0),
        (BlockKind::Pre, "fn main() {\n    run();\n}", 0),
        (BlockKind::Pre, "41\n42\n43", 0),
        (BlockKind::Pre, "3\n1\n4\n1\n5", 0),
        (BlockKind::Pre, "1\n2", 0),
        (BlockKind::Paragraph, body, 0),
    ]);
    assert_eq!(
        super::tidy::tidy_marks(&blocks),
        vec![true, false, true, false, true, true, true]
    );
}

#[test]
fn a_code_listings_language_label_goes_and_the_listing_stays() {
    let body = "Run the command below to rotate the signing secret of the endpoint.";
    let blocks = blocks_of(&[
        (BlockKind::Paragraph, body, 0),
        (BlockKind::Paragraph, "bash", 0),
        (BlockKind::Pre, "curl -X POST https://api.example/rotate", 0),
        (BlockKind::Paragraph, body, 0),
        // Not over a listing, or not a language: the line stays.
        (BlockKind::Paragraph, "Python", 0),
        (BlockKind::Paragraph, body, 0),
        (BlockKind::Paragraph, "Output:", 0),
        (BlockKind::Pre, "rotated", 0),
        (BlockKind::Paragraph, body, 0),
    ]);
    assert_eq!(
        super::tidy::tidy_marks(&blocks),
        vec![true, false, true, true, true, true, true, true, true]
    );
}
