//! Stage: find the article — unit tests of each step: the measurements
//! (`features`), unlikely marks and candidate scores (`score`), growth over
//! siblings (`region`), the lead (`lead`), the JSON-LD cross-check
//! (`crosscheck`), the fallback (`find_article`), the structural cleaners
//! (`structure`) and the edge tidy-up (`tidy`). Pages are built from small HTML
//! strings through the real block walker.

use scraper::Html;

use super::features::{BlockInfo, Features};
use super::region::{self, GrowParams, Piece};
use super::score::{self, Exclusion};
use super::*;
use crate::blocks::{self, WalkOptions};
use crate::rules::RuleSet;

/// A paragraph of `n` sentences of running text: made-up words drawn from a
/// generator seeded by `tag`, so different tags share no word runs. Each
/// sentence starts with the marker `{tag}{i}` for the assertions.
pub(super) fn prose(tag: &str, n: usize) -> String {
    const SYLLABLES: [&str; 12] = [
        "ka", "lo", "mer", "tis", "ban", "ru", "vel", "so", "din", "pa", "gor", "ne",
    ];
    let mut seed: u64 = tag
        .bytes()
        .fold(7, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("{tag}{i} "));
        for w in 0..14 {
            let len = 1 + next() % 3;
            for _ in 0..len {
                s.push_str(
                    SYLLABLES
                        .get(next() % SYLLABLES.len())
                        .copied()
                        .unwrap_or("a"),
                );
            }
            s.push_str(if w == 6 { ", " } else { " " });
        }
        s.push_str("end. ");
    }
    s
}

pub(super) fn doc(html: &str) -> BlockDoc {
    let parsed = Html::parse_document(html);
    let mut removed = Vec::new();
    blocks::html_blocks(&parsed, &WalkOptions::default(), &mut removed)
}

pub(super) fn extract(html: &str, hints: &Hints<'_>) -> Vec<String> {
    let d = doc(html);
    let mut removed = Vec::new();
    find_article(&d, hints, &mut removed)
        .blocks
        .into_iter()
        .map(|b| b.text)
        .collect()
}

/// The article as the pipeline's HTML stages leave it: found, then cleaned.
pub(super) fn cleaned(html: &str, title: Option<&str>) -> Vec<String> {
    let d = doc(html);
    let rules = match RuleSet::bundled() {
        Ok(r) => r,
        Err(e) => panic!("bundled rules: {e}"),
    };
    let active = rules.active(None);
    let mut removed = Vec::new();
    let hints = Hints {
        json_ld_body: None,
        title,
    };
    let mut article = find_article(&d, &hints, &mut removed);
    clean_structure(&d, &mut article, &active, title, &mut removed);
    article.blocks.into_iter().map(|b| b.text).collect()
}

pub(super) fn has(texts: &[String], needle: &str) -> bool {
    texts.iter().any(|t| t.contains(needle))
}

fn node_with_class(d: &BlockDoc, class: &str) -> u32 {
    d.nodes
        .iter()
        .position(|n| n.class_id.split_whitespace().any(|c| c == class))
        .map_or(u32::MAX, |i| i as u32)
}

// --- features -------------------------------------------------------------

#[test]
fn block_info_tells_prose_from_links_and_labels() {
    let d = doc(&format!(
        "<body><p>{}</p><p><a href=/a>{}</a></p><p>Share</p><h2>{}</h2><h2>{}</h2></body>",
        prose("p", 1),
        prose("a", 1),
        "The council will vote on the harbour wall, which has cost far more than planned",
        prose("h", 1)
    ));
    let infos: Vec<BlockInfo> = d.blocks.iter().map(BlockInfo::of).collect();
    assert_eq!(infos.len(), 5);
    assert!(infos[0].prose && infos[0].value > 1.0 && infos[0].good() > 50.0);
    // Spaces inside a link are not counted as link text.
    assert!(
        !infos[1].prose && infos[1].link_density() > 0.8,
        "a link line"
    );
    assert!(!infos[2].prose, "too short");
    assert!(!infos[3].prose, "headings are not prose");
    assert!(infos[4].prose, "but a long sentence set as a heading is");
}

#[test]
fn features_sum_children_into_parents() {
    let d = doc(&format!(
        "<body><div class=outer><p>{}</p><div class=inner><p>{}</p><p>x</p></div></div></body>",
        prose("a", 1),
        prose("b", 2)
    ));
    let f = Features::new(&d);
    let outer = node_with_class(&d, "outer");
    let inner = node_with_class(&d, "inner");
    assert_eq!(f.range(outer), 0..3);
    assert_eq!(f.range(inner), 1..3);
    assert_eq!(f.totals(outer).blocks, 3);
    assert_eq!(f.totals(inner).prose, 1);
    assert_eq!(f.totals(outer).prose, 2);
    assert_eq!(f.children(outer).count(), 2);
    // Totals over a subset of blocks.
    let only_first = f.totals_where(&d, |i| i == 0);
    assert_eq!(only_first.get(outer as usize).map(|t| t.blocks), Some(1));
    assert_eq!(only_first.get(inner as usize).map(|t| t.blocks), Some(0));
}

// --- score ----------------------------------------------------------------

#[test]
fn unlikely_marks_chrome_and_spares_rescued_wrappers() {
    let d = doc("<body><nav><p>a</p></nav><div class=sidebar><p>b</p></div>\
         <div class='main-content sidebar-left'><p>c</p></div>\
         <div class='comments content'><p>d</p></div><div class=story><p>e</p></div>\
         <div class='m192-cookies-customize'><p>f</p></div></body>");
    let unlikely = |class: &str| {
        d.nodes
            .iter()
            .find(|n| &*n.class_id == class)
            .is_some_and(score::unlikely)
    };
    assert!(d
        .nodes
        .iter()
        .any(|n| &*n.tag == "nav" && score::unlikely(n)));
    assert!(unlikely("sidebar"));
    assert!(
        !unlikely("main-content sidebar-left"),
        "rescued by `content`"
    );
    assert!(unlikely("comments content"), "comments are never rescued");
    assert!(!unlikely("story"));
    assert!(
        unlikely("m192-cookies-customize"),
        "a cookie banner, named in the plural"
    );
}

#[test]
fn blog_taxonomy_classes_are_ignored() {
    assert_eq!(
        score::meaningful("post-12 post type-post format-gallery tag-share category-ads hentry"),
        "post-12 post hentry"
    );
    // Not a post: the value stays as written.
    assert_eq!(score::meaningful("tag-list widget"), "tag-list widget");
}

#[test]
fn a_headings_class_is_read_up_to_what_it_comes_with() {
    assert_eq!(
        score::before_with("anchor anchorWithStickyNavbar_LWe7"),
        "anchor anchor"
    );
    assert_eq!(score::before_with("title-with-share-bar h2"), "title h2");
    // No hump or separator: the word is not cut out of another one.
    assert_eq!(
        score::before_with("withdrawn Bandwidth"),
        "withdrawn Bandwidth"
    );
}

/// The text the whole pipeline makes of `html`, with the bundled rules.
pub(super) fn clean_html(html: &str) -> String {
    crate::Pipeline::new()
        .map(|p| p.clean(&crate::RawPage::new(html)).text)
        .unwrap_or_default()
}

#[test]
fn docusaurus_section_headings_stay() {
    let html = r##"<html><body><nav class="navbar">Docs Blog GitHub</nav>
<main><article><div class="theme-doc-markdown markdown"><h1>Retention policies</h1>
<p>Retention policies decide which snapshots are kept and which ones are deleted when a backup job ends, so that storage does not fill up over the months.</p>
<h2 class="anchor anchorWithStickyNavbar_LWe7" id="how">How retention works<a href="#how" class="hash-link">&#8203;</a></h2>
<p>Each time a backup job finishes, the tool evaluates every policy that matches the job and marks the snapshots that fall outside all of them for deletion.</p>
<h2 class="anchor anchorWithStickyNavbar_LWe7" id="pitfalls">Common pitfalls</h2>
<p>A policy that keeps only the last snapshot deletes everything else, including the snapshots you took by hand before an upgrade, so name those separately.</p>
</div></article></main></body></html>"##;
    let text = clean_html(html);
    assert!(text.contains("How retention works\n"), "{text}");
    assert!(text.contains("Common pitfalls\n"), "{text}");
}

#[test]
fn exclusion_is_inherited_but_not_around_the_headline() {
    let d = doc(&format!(
        "<body><div class=above-footer><h1>Harbour works begin</h1><p>{}</p></div>\
         <div class=footer><div><p>{}</p></div></div></body>",
        prose("a", 2),
        prose("b", 2)
    ));
    let headline = score::headline(&d, Some("Harbour works begin - Coast News"));
    assert!(headline.is_some());
    let ex = score::excluded(&d, Exclusion::Full, headline);
    let wrapper = node_with_class(&d, "above-footer");
    let footer = node_with_class(&d, "footer");
    assert_eq!(ex.get(wrapper as usize), Some(&false), "holds the headline");
    assert_eq!(ex.get(footer as usize), Some(&true));
    assert_eq!(ex.get(footer as usize + 1), Some(&true), "inherited");
    assert!(score::excluded(&d, Exclusion::OverlaysOnly, headline)
        .iter()
        .all(|e| !e));
}

#[test]
fn candidate_scores_prefer_the_paragraph_container() {
    let d = doc(&format!(
        "<body><div class=body><p>{}</p><p>{}</p><p>{}</p></div>\
         <div class=teasers><ul><li><a href=/1>{}</a></li><li><a href=/2>{}</a></li></ul></div></body>",
        prose("a", 2),
        prose("b", 2),
        prose("c", 2),
        prose("t", 1),
        prose("u", 1)
    ));
    let f = Features::new(&d);
    let ex = score::excluded(&d, Exclusion::Full, None);
    let kept = f.totals_where(&d, |_| true);
    let scores = score::candidate_scores(&d, &f, &ex, &kept);
    let best = scores
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i as u32);
    assert_eq!(best, Some(node_with_class(&d, "body")));
}

fn best_of(d: &BlockDoc) -> Option<u32> {
    let f = Features::new(d);
    let ex = score::excluded(d, Exclusion::Full, None);
    let kept = f.totals_where(d, |_| true);
    score::best_candidate(d, &score::candidate_scores(d, &f, &ex, &kept))
}

#[test]
fn near_equal_parts_promote_their_shared_container() {
    // Four sibling cards of about the same prose, each nested deep enough that
    // their container gets little of their score: none alone is the article.
    let part = |t: &str| {
        format!(
            "<div class=card><div class=inner><p>{}</p><p>{}</p></div></div>",
            prose(&format!("{t}x"), 2),
            prose(&format!("{t}y"), 2)
        )
    };
    let d = doc(&format!(
        "<body><div class=wrap><div class=parts>{}{}{}{}</div></div></body>",
        part("a"),
        part("b"),
        part("c"),
        part("d")
    ));
    assert_eq!(best_of(&d), Some(node_with_class(&d, "parts")));
    // One part well ahead of the others stays the best candidate.
    let d = doc(&format!(
        "<body><div class=parts><div class=main><p>{}</p><p>{}</p><p>{}</p></div>{}{}{}</div></body>",
        prose("m", 4),
        prose("n", 4),
        prose("o", 4),
        part("b"),
        part("c"),
        part("d")
    ));
    assert_eq!(best_of(&d), Some(node_with_class(&d, "main")));
    // Runner-ups inside the best candidate are its parts, not rivals, even
    // scoring nearly as high: the page around them would hold three. (Scored
    // by hand: with the real scores a container's parts seldom come close.)
    let d = doc(&format!(
        "<body><div class=page><div class=main><div class=a><p>{}</p></div>\
         <div class=b><p>{}</p></div><div class=c><p>{}</p></div></div>\
         <div class=side><p>{}</p></div></div></body>",
        prose("a", 1),
        prose("b", 1),
        prose("c", 1),
        prose("s", 1)
    ));
    let mut scores = vec![0.0; d.nodes.len()];
    for (class, score) in [
        ("main", 10.0),
        ("a", 9.0),
        ("b", 9.0),
        ("c", 9.0),
        ("side", 1.0),
    ] {
        if let Some(s) = scores.get_mut(node_with_class(&d, class) as usize) {
            *s = score;
        }
    }
    assert_eq!(
        score::best_candidate(&d, &scores),
        Some(node_with_class(&d, "main"))
    );
}

// --- region ---------------------------------------------------------------

fn grown(html: &str, best_class: &str) -> (BlockDoc, Vec<String>) {
    let d = doc(html);
    let f = Features::new(&d);
    let ex = score::excluded(&d, Exclusion::Full, None);
    let kept = f.totals_where(&d, |_| true);
    let best = node_with_class(&d, best_class);
    let r = region::grow(&d, &f, &kept, &ex, best, &GrowParams::default());
    let origins = r.origins(&d, &f);
    let texts = d
        .blocks
        .iter()
        .zip(&origins)
        .filter(|(_, o)| o.is_some())
        .map(|(b, _)| b.text.clone())
        .collect();
    (d, texts)
}

#[test]
fn growth_takes_the_other_parts_of_a_split_article() {
    let html = format!(
        "<body><div class=page><section class=part><p>{}</p><p>{}</p></section>\
         <h2>Part two</h2><section class=part><p>{}</p></section>\
         <section class=more><p>{}</p><p>{}</p><p>{}</p></section></div>\
         <div class=rail><ul><li><a href=/x>Other story one</a></li><li><a href=/y>Other story two</a></li>\
         <li><a href=/z>Other story three</a></li><li><a href=/w>Other story four</a></li></ul></div></body>",
        prose("a", 3),
        prose("b", 3),
        prose("c", 2),
        prose("d", 3),
        prose("e", 3),
        prose("f", 3)
    );
    let (_, texts) = grown(&html, "more");
    assert!(has(&texts, "a0") && has(&texts, "c1") && has(&texts, "f2"));
    assert!(has(&texts, "Part two"), "a heading between parts");
    assert!(!has(&texts, "Other story"), "the link rail");
}

#[test]
fn growth_takes_a_lead_paragraph_next_to_the_body_but_not_a_teaser_box() {
    let html = format!(
        "<body><article><p class=lead>{}</p><div class=text><p>{}</p><p>{}</p><p>{}</p></div>\
         <div class=more><h3><a href=/t1>A teaser headline that links away</a></h3><p>{}</p>\
         <h3><a href=/t2>Another teaser headline that links away</a></h3><p>{}</p></div></article></body>",
        prose("lead", 1),
        prose("a", 4),
        prose("b", 4),
        prose("c", 4),
        prose("s", 1),
        prose("t", 1)
    );
    let (_, texts) = grown(&html, "text");
    assert!(has(&texts, "lead0"), "adjacent prose joins");
    assert!(
        !has(&texts, "teaser headline") && !has(&texts, "s0"),
        "{texts:?}"
    );
}

#[test]
fn growth_region_records_where_pieces_hang() {
    let html = format!(
        "<body><div class=wrap><div class=a><p>{}</p></div><div class=b><p>{}</p></div></div></body>",
        prose("a", 6),
        prose("b", 6)
    );
    let d = doc(&html);
    let f = Features::new(&d);
    let ex = score::excluded(&d, Exclusion::Full, None);
    let kept = f.totals_where(&d, |_| true);
    let a = node_with_class(&d, "a");
    let r = region::grow(&d, &f, &kept, &ex, a, &GrowParams::default());
    assert_eq!(r.pieces.first(), Some(&Piece::Node(a)));
    let wrap = node_with_class(&d, "wrap");
    let origins = r.origins(&d, &f);
    assert!(origins.iter().all(|o| *o == Some(wrap)), "{origins:?}");
}

// --- lead -----------------------------------------------------------------

#[test]
fn the_standfirst_between_headline_and_body_joins() {
    let html = format!(
        "<body><article><header><h1>Harbour works begin at last</h1>\
         <p class=standfirst>After years of delay the council has started work on the new harbour wall, officials said.</p>\
         <p class=dateline>AFP 30 April 2015 at 07:19 (updated 30 April 2015 07:38)</p></header>\
         <div class=body><p>{}</p><p>{}</p><p>{}</p></div></article></body>",
        prose("a", 4),
        prose("b", 4),
        prose("c", 4)
    );
    let texts = cleaned(&html, Some("Harbour works begin at last"));
    assert!(has(&texts, "After years of delay"), "{texts:?}");
    assert!(!has(&texts, "AFP 30 April"), "a dateline is not a lead");
    assert!(has(&texts, "c3"));
}

// --- crosscheck -------------------------------------------------------------

#[test]
fn json_ld_body_moves_the_region_to_the_text_it_repeats() {
    let body = format!("{} {} {}", prose("x", 3), prose("y", 3), prose("z", 3));
    let html = format!(
        "<body><div class=story><p>{}</p><p>{}</p><p>{}</p></div>\
         <div class=promo><p>{}</p><p>{}</p><p>{}</p><p>{}</p><p>{}</p></div></body>",
        prose("x", 3),
        prose("y", 3),
        prose("z", 3),
        prose("p", 5),
        prose("q", 5),
        prose("r", 5),
        prose("s", 5),
        prose("t", 5)
    );
    let d = doc(&html);
    let matched = crosscheck::matching_blocks(&d, &body);
    assert_eq!(matched.iter().filter(|m| **m).count(), 3);
    let texts = extract(
        &html,
        &Hints {
            json_ld_body: Some(&body),
            title: None,
        },
    );
    assert!(has(&texts, "x0") && has(&texts, "z2"), "{texts:?}");
}

// --- fallback ---------------------------------------------------------------

#[test]
fn an_article_inside_an_unlikely_wrapper_is_still_found() {
    let html = format!(
        "<body><div class=sidebar-layout><div><p>{}</p><p>{}</p><p>{}</p></div></div>\
         <p>Short footer line</p></body>",
        prose("a", 4),
        prose("b", 4),
        prose("c", 4)
    );
    let texts = extract(&html, &Hints::default());
    assert!(has(&texts, "a0") && has(&texts, "c3"), "{texts:?}");
}

#[test]
fn a_page_without_prose_is_kept_whole() {
    let texts = extract("<body><h1>Menu</h1><p>Hello</p></body>", &Hints::default());
    assert_eq!(texts, vec!["Menu".to_string(), "Hello".to_string()]);
}

#[test]
fn a_comment_thread_longer_than_the_article_does_not_win() {
    let mut comments = String::new();
    for i in 0..12 {
        comments.push_str(&format!(
            "<li class=comment><p class=author>Reader {i}</p><p>{}</p></li>",
            prose(&format!("c{i}-"), 3)
        ));
    }
    let html = format!(
        "<body><article><div class=entry><p>{}</p><p>{}</p></div></article>\
         <ol class=commentlist>{comments}</ol></body>",
        prose("a", 3),
        prose("b", 3)
    );
    let texts = extract(&html, &Hints::default());
    assert!(has(&texts, "a0") && has(&texts, "b2"));
    assert!(!has(&texts, "Reader 3"), "{texts:?}");
}
