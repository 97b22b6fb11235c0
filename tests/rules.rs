//! Rule files: load errors name the file, line and rule; site rules apply by host
//! and path; the over-deletion guard keeps an article that rules would gut.

use std::fs;
use std::path::PathBuf;

use rinse::{Pipeline, RawPage, RuleSet};

fn load(files: &[(&str, &str)]) -> Result<RuleSet, String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let dirs = vec![PathBuf::from(dir.path())];
    RuleSet::load(&dirs, true).map_err(|e| {
        e.to_string()
            .replace(&format!("{}/", dir.path().display()), "")
    })
}

const SITE: &str = "[site]\nid = \"demo\"\nhosts = [\"demo.example\"]\n";

/// A paragraph of article prose for the demo pages.
const PARA: &str =
    "The council approved the plan on Monday after a long debate about costs, schools and roads.";

/// A paragraph long enough (100 characters) to count as the article's prose.
const PROSE: &str = "The council approved the plan on Monday after a long debate about costs, schools, roads and the harbour.";

/// The bundled rules plus one rule file (`text`, starting with [`SITE`]).
fn demo_pipeline(text: &str) -> Pipeline {
    Pipeline::with_rules(load(&[("demo.toml", text)]).unwrap())
}

/// Cleans `html` as a page of the demo site.
fn clean_demo(pipeline: &Pipeline, html: String) -> rinse::Article {
    pipeline.clean(&RawPage::new(html).with_url("https://demo.example/a"))
}

/// Cleans `plain` as plain text from the demo site.
fn clean_demo_text(pipeline: &Pipeline, plain: String) -> rinse::Article {
    pipeline.clean(
        &RawPage::new(plain)
            .with_url("https://demo.example/a")
            .with_format(rinse::InputFormat::Text),
    )
}

#[test]
fn load_errors_name_file_line_and_rule() {
    let cases: &[(&str, &str)] = &[
        (
            "[site]\nid = \"demo\"\nhosts = [\"demo.example\"]\ncolour = \"red\"\n",
            "demo.toml:4: unknown field `colour`",
        ),
        (
            &format!("{SITE}\n[[drop]]\nid = \"x\"\npattern = 'a'\n\n[[drop]]\nid = \"x\"\npattern = 'b'\n"),
            "demo.toml:10: rule `x`: duplicate rule id (first defined at demo.toml:6)",
        ),
        (
            &format!("{SITE}\n[[drop]]\nid = \"reading-time\"\npattern = 'a'\n"),
            "rules/generic/reading-time.toml:6: rule `reading-time`: duplicate rule id (first defined at demo.toml:6)",
        ),
        (
            &format!("{SITE}\n[[remove]]\nid = \"sel\"\nselector = \"div[[\"\n"),
            "demo.toml:6: rule `sel`: bad CSS selector",
        ),
        (
            &format!("{SITE}\n[[cut_from]]\nid = \"c\"\npattern = '^Comments$'\nexamples = {{ cut = [\"Comments\"], keep = [\"Comments\"] }}\n"),
            "demo.toml:6: rule `c`: example \"Comments\" should be kept but the pattern matches it",
        ),
        (
            &format!("{SITE}\n[[strip]]\nid = \"s\"\npattern = 'x{{100000}}{{100000}}'\n"),
            "demo.toml:6: rule `s`: bad regex",
        ),
        ("[[drop]]\nid = \"x\"\npattern = 'a'\n", "demo.toml:1: missing [site]"),
        (
            "[site]\nid = \"demo\"\nhosts = []\n",
            "demo.toml:1: [site] needs at least one host",
        ),
        (
            &format!("{SITE}disable = [\"no-such-rule\"]\n"),
            "demo.toml:1: disable: no rule has the id `no-such-rule`",
        ),
        ("[site\nid = 1", "demo.toml:1:"),
        (
            &format!("{SITE}\n[[drop]]\nid = \"m\"\npattern = 'a'\nmax_chars = 0\n"),
            "demo.toml:6: rule `m`: max_chars must be at least 1",
        ),
        (
            &format!("{SITE}\n[[cut_from]]\nid = \"w\"\npattern = 'a'\nwith_next = 1\n"),
            "demo.toml:6: rule `w`: with_next works only in [[drop]] rules, not in [[cut_from]]",
        ),
        (
            &format!("{SITE}\n[[drop]]\nid = \"w\"\npattern = 'a'\nwith_next = 0\n"),
            "demo.toml:6: rule `w`: with_next must be 1 to 30",
        ),
        (
            &format!("{SITE}\n[[drop]]\nid = \"m\"\npattern = 'promo'\nmax_chars = 10\nexamples = {{ drop = [\"a long line with a promo in it\"] }}\n"),
            "demo.toml:6: rule `m`: example \"a long line with a promo in it\" should be matched by the drop rule but is not",
        ),
    ];
    for (text, want) in cases {
        let err = load(&[("demo.toml", text)]).expect_err(text);
        assert!(err.starts_with(want), "got {err:?}, want {want:?}");
    }
}

#[test]
fn a_user_file_replaces_the_bundled_file_with_its_id() {
    let text = "[site]\nid = \"dailybrief\"\nhosts = [\"dailybrief.example\"]\n";
    let rules = load(&[("mine.toml", text)]).unwrap();
    let url = url::Url::parse("https://dailybrief.example/news/x").unwrap();
    let active = rules.active(Some(&url));
    assert_eq!(active.site_id(), Some("dailybrief"));
    assert!(active
        .list()
        .iter()
        .all(|r| !r.id.starts_with("dailybrief-")));
}

#[test]
fn site_rules_match_hosts_subdomains_and_paths() {
    let text = "[site]\nid = \"demo\"\nhosts = [\"demo.example\"]\nurls = ['^/news/']\n";
    let rules = load(&[("demo.toml", text)]).unwrap();
    let site = |u: &str| {
        let url = url::Url::parse(u).unwrap();
        rules.active(Some(&url)).site_id().map(str::to_string)
    };
    assert_eq!(site("https://demo.example/news/1").as_deref(), Some("demo"));
    assert_eq!(
        site("https://www.demo.example/news/1").as_deref(),
        Some("demo")
    );
    assert_eq!(site("https://demo.example/video/1"), None);
    assert_eq!(site("https://notdemo.example/news/1"), None);
}

#[test]
fn rules_that_would_gut_the_article_fall_back() {
    let text =
        format!("{SITE}\n[[drop]]\nid = \"greedy\"\npattern = '^The'\nwhy = \"a bad rule\"\n");
    let pipeline = demo_pipeline(&text);
    let para = PARA;
    let body: String = (0..6).map(|_| format!("<p>{para}</p>")).collect();
    let html = format!("<html><body><article>{body}<p>Short closing line of the story.</p></article></body></html>");
    let article = clean_demo(&pipeline, html);
    assert!(
        article.text.matches("The council").count() == 6,
        "{}",
        article.text
    );
    assert!(
        article.notes.iter().any(|n| n.contains("would remove")),
        "{:?}",
        article.notes
    );
    assert!(article.removed.iter().all(|r| r.rule != "greedy"));
}

#[test]
fn word_boundary_patterns_match_beside_the_others_in_rule_order() {
    // `\b` patterns are matched on their own (off the RegexSet); the first
    // matching rule in file order must still win, with its captures.
    let text = format!(
        "{SITE}\n[[drop]]\nid = \"wb-first\"\npattern = '^Über\\b.{{0,40}}$'\nwhy = \"t\"\n\
         examples = {{ drop = [\"Über uns\"], keep = [\"Überall\"] }}\n\
         [[drop]]\nid = \"set-second\"\npattern = '^(?P<author>Über uns)$'\nwhy = \"t\"\n\
         [[drop]]\nid = \"set-only\"\npattern = '^Credits: .*$'\nwhy = \"t\"\n"
    );
    let pipeline = demo_pipeline(&text);
    let para = PARA;
    let body: String = (0..4).map(|_| format!("<p>{para}</p>")).collect();
    let html = format!(
        "<html><body><article>{body}<p>Über uns</p><p>Überall im Land wurde gefeiert.</p><p>Credits: Jo</p></article></body></html>"
    );
    let article = clean_demo(&pipeline, html);
    let hits: Vec<&str> = article
        .removed
        .iter()
        .filter(|r| r.rule == "wb-first" || r.rule.starts_with("set-"))
        .map(|r| r.rule.as_str())
        .collect();
    assert_eq!(hits, ["wb-first", "set-only"], "{:?}", article.removed);
    assert!(article.text.contains("Überall im Land"), "{}", article.text);
}

#[test]
fn selector_attribute_names_are_collected() {
    let text = format!(
        "{SITE}root = 'main[data-article=\"1\"]'\n\n[[remove]]\nid = \"partner\"\n\
         selector = '.story [data-Partner], a[href^=\"/promo\"]'\nwhy = \"t\"\n"
    );
    let rules = load(&[("demo.toml", &text)]).unwrap();
    let attrs = rules.selector_attributes();
    for name in ["data-article", "data-partner", "href"] {
        assert!(
            attrs.iter().any(|a| a == name),
            "{name} missing from {attrs:?}"
        );
    }
}

#[test]
fn repeated_short_blocks_are_each_dropped_stripped_and_recorded() {
    // Results for short texts are remembered within a page: every repeat must
    // still be removed (or stripped) and recorded on its own.
    let text = format!(
        "{SITE}\n[[drop]]\nid = \"label\"\npattern = '^(?i:share)$'\nwhy = \"t\"\n\
         [[strip]]\nid = \"badge\"\npattern = '^\\[ad\\]\\s*'\nwhy = \"t\"\n"
    );
    let pipeline = demo_pipeline(&text);
    let para = PARA;
    let body: String = (0..4)
        .map(|_| format!("<p>{para}</p><p>Share</p><p>[ad] Short note.</p>"))
        .collect();
    let html = format!("<html><body><article>{body}</article></body></html>");
    let article = clean_demo(&pipeline, html);
    let count = |rule: &str| article.removed.iter().filter(|r| r.rule == rule).count();
    assert_eq!(count("label"), 4, "{:?}", article.removed);
    assert_eq!(count("badge"), 4, "{:?}", article.removed);
    assert!(!article.text.contains("Share"), "{}", article.text);
    assert!(!article.text.contains("[ad]"), "{}", article.text);
    assert_eq!(
        article.text.matches("Short note.").count(),
        4,
        "{}",
        article.text
    );
}

#[test]
fn max_chars_limits_drop_cut_and_strip_rules_to_short_texts() {
    // Unanchored patterns with a length bound: each acts on a short line and
    // leaves a paragraph that merely mentions the same words.
    let text = format!(
        "{SITE}\n[[drop]]\nid = \"promo\"\npattern = '(?i)promo code'\nmax_chars = 40\nwhy = \"t\"\n\
         [[strip]]\nid = \"tag\"\npattern = '\\[sponsored\\]\\s*'\nmax_chars = 60\nwhy = \"t\"\n\
         [[cut_from]]\nid = \"more\"\npattern = '(?i)more from us'\nmax_chars = 20\nwhy = \"t\"\n"
    );
    let pipeline = demo_pipeline(&text);
    let para = PARA;
    let long_promo = "Shops that hand out a promo code at the till sold more, the survey of two hundred stores found this spring.";
    let long_tag = "[sponsored] labels were missing on a third of the posts the regulator checked, and it has asked the platforms to act.";
    let long_more = "Readers asked for more from us on schools, so the paper hired two reporters to cover education full time.";
    let html = format!(
        "<html><body><article><p>{para}</p><p>Use promo code SAVE10</p><p>{long_promo}</p>\
         <p>[sponsored] Short note.</p><p>{long_tag}</p><p>{para}</p><p>{long_more}</p><p>{para}</p>\
         <p>More from us</p><p>Teaser one: the mayor's new budget and what it means for the city's schools and parks.</p>\
         <p>Teaser two: the river festival returns in June with boats, music and food from twelve countries.</p></article></body></html>"
    );
    let article = clean_demo(&pipeline, html);
    let rules_hit: Vec<&str> = article.removed.iter().map(|r| r.rule.as_str()).collect();
    assert!(!article.text.contains("SAVE10"), "{}", article.text);
    assert!(article.text.contains(long_promo), "{}", article.text);
    assert!(article.text.contains("Short note."), "{}", article.text);
    assert!(
        !article.text.contains("[sponsored] Short"),
        "{}",
        article.text
    );
    assert!(article.text.contains(long_tag), "{}", article.text);
    assert!(article.text.contains(long_more), "{}", article.text);
    assert!(!article.text.contains("Teaser one"), "{}", article.text);
    for rule in ["promo", "tag", "more"] {
        assert!(rules_hit.contains(&rule), "{rule} not in {rules_hit:?}");
    }
}

#[test]
fn with_next_takes_the_titles_after_a_label_and_stops_at_prose() {
    let text = format!(
        "{SITE}\n[[drop]]\nid = \"label\"\npattern = '^(?i:see more)$'\nwith_next = 2\nwhy = \"t\"\n"
    );
    let pipeline = demo_pipeline(&text);
    let para = PARA;
    let clean = |body: &str| {
        let html = format!("<html><body><article><p>{para}</p><p>{para}</p>{body}<p>{para}</p></article></body></html>");
        clean_demo(&pipeline, html).text
    };
    // The label and two titles go; a third title is past the count.
    let out = clean(
        "<p>See more</p><p>Bridge opens in May</p><p>Schools get new roofs</p><p>Park reopens</p>",
    );
    assert!(
        !out.contains("See more") && !out.contains("Bridge") && !out.contains("Schools"),
        "{out}"
    );
    assert!(out.contains("Park reopens"), "{out}");
    // A sentence ends the run at once.
    let out = clean("<p>See more</p><p>The bridge opens in May.</p>");
    assert!(
        !out.contains("See more") && out.contains("The bridge opens in May."),
        "{out}"
    );
    // A heading of the label's rank or higher opens a section of its own.
    let out = clean("<h3>See more</h3><h2>Costs</h2><p>The bill is shared by the state and the city, with the city paying a third.</p>");
    assert!(!out.contains("See more") && out.contains("Costs"), "{out}");
    let out = clean("<h3>See more</h3><h4>Bridge opens in May</h4>");
    assert!(!out.contains("Bridge"), "{out}");
    // Plain text has no heading ranks: short lines read as headings all the same.
    let text = format!(
        "{para}\n\n{para}\n\nSee more\nBridge opens in May\nSchools get new roofs\n\n{para}\n"
    );
    let out = pipeline
        .clean(
            &RawPage::new(text)
                .with_format(rinse::InputFormat::Text)
                .with_url("https://demo.example/a"),
        )
        .text;
    assert!(
        !out.contains("See more") && !out.contains("Bridge") && !out.contains("Schools"),
        "{out}"
    );
    // After the first title, a line of three words or more right above the
    // article's prose is its subheading, not one more headline: it stays, and
    // the run ends. Shorter lines (tags, buttons) go all the same.
    let prose = PROSE;
    let out = clean(&format!(
        "<p>See more</p><p>Bridge opens in May</p><p>Costs and timetable</p><p>{prose}</p>"
    ));
    assert!(
        !out.contains("Bridge") && out.contains("Costs and timetable"),
        "{out}"
    );
    let out = clean(&format!(
        "<p>See more</p><p>Bridge opens in May</p><p>Costs</p><p>{prose}</p>"
    ));
    assert!(!out.contains("Costs"), "{out}");
}

#[test]
fn a_bounded_repetition_is_matched_exactly_behind_the_loose_screen() {
    // The screen holds `.{0,30}` as `.*`; the rule's own regex decides.
    let text = format!(
        "{SITE}\n[[drop]]\nid = \"short-note\"\npattern = '^Editor.s note: .{{0,30}}$'\nwhy = \"a short editor's note\"\n"
    );
    let pipeline = demo_pipeline(&text);
    let para = PARA;
    let long_note = "Editor's note: this story was updated on Tuesday with the final vote count from the council.";
    let html = format!(
        "<html><body><article><p>{para}</p><p>Editor's note: corrected.</p><p>{para}</p><p>{long_note}</p><p>{para}</p></article></body></html>"
    );
    let article = clean_demo(&pipeline, html);
    assert!(!article.text.contains("corrected."), "{}", article.text);
    assert!(article.text.contains(long_note), "{}", article.text);
}

#[test]
fn a_forum_topic_keeps_its_posts_and_says_why() {
    let page = fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/generic/extract-forum-thread/input.html"
    ))
    .unwrap();
    let article = Pipeline::new().unwrap().clean(&RawPage::new(page));
    assert!(
        article.text.contains("Check the fuel first."),
        "{}",
        article.text
    );
    assert!(
        article.notes.iter().any(|n| n.contains("forum topic")),
        "{:?}",
        article.notes
    );
    assert!(article.removed.iter().all(|r| r.rule != "comment-sections"));
}

#[test]
fn a_cut_line_between_the_articles_own_paragraphs_goes_alone() {
    let text = format!(
        "{SITE}\n[[cut_from]]\nid = \"replies\"\npattern = '(?i)^(?:\\d+ replies|replies):?$'\nwhy = \"a reply section\"\n"
    );
    let pipeline = demo_pipeline(&text);
    let para = PROSE;
    let later = "Residents will be asked for their views at three meetings in the town hall before the work begins in spring.";
    let reply = "I was at the meeting and the debate about the schools was the longest part of the evening.";
    // Between paragraphs of one element: removed alone, the rest stays.
    let html = format!(
        "<html><body><article><div><p>{para}</p><p>{para}</p><p>12 replies</p><p>{later}</p></div><div><p>Replies</p><p>{reply}</p></div></article></body></html>"
    );
    let article = clean_demo(&pipeline, html);
    assert!(article.text.contains(later), "{}", article.text);
    assert!(!article.text.contains("12 replies"), "{}", article.text);
    assert!(!article.text.contains(reply), "{}", article.text);
    assert!(
        article.notes.iter().any(|n| n.contains("removed alone")),
        "{:?}",
        article.notes
    );
    // A heading, a label ending in a colon, or a line not followed by prose
    // (a name) starts what follows even in the same element.
    for line in [
        "<h3>Replies</h3>",
        "<p>Replies:</p>",
        "<p>Replies</p><p>Ann Lee</p>",
    ] {
        let html = format!(
            "<html><body><article><div><p>{para}</p><p>{para}</p>{line}<p>{reply}</p></div></article></body></html>"
        );
        let text = clean_demo(&pipeline, html).text;
        assert!(!text.contains(reply), "{line}: {text}");
    }
    let article = clean_demo_text(
        &pipeline,
        format!("{para}\n\n{para}\n\n12 replies\n\n{later}\n"),
    );
    assert!(!article.text.contains(later), "{}", article.text);
    // Plain text has no elements: the line goes alone only when the paragraph
    // right after it and another one later are long sentences; one short
    // paragraph after it (above), or a name, and the cut stands.
    let long = "Residents will be asked for their views at three meetings in the town hall before the work begins in spring, and the council will publish every answer it gets.";
    let clean_text = |plain: String| clean_demo_text(&pipeline, plain);
    let article = clean_text(format!(
        "{para}\n\n{para}\n\n12 replies\n\n{long}\n\n{long}\n"
    ));
    assert_eq!(article.text.matches(long).count(), 2, "{}", article.text);
    assert!(!article.text.contains("12 replies"), "{}", article.text);
    let article = clean_text(format!(
        "{para}\n\n{para}\n\n12 replies\n\nAnn Lee\n\n{long}\n\n{long}\n"
    ));
    assert!(!article.text.contains(long), "{}", article.text);
    // Too early to cut (no article before it): the line alone goes.
    let article = clean_text(format!("12 replies\n\n{para}\n\n{later}\n"));
    assert!(article.text.contains(later), "{}", article.text);
    assert!(!article.text.contains("12 replies"), "{}", article.text);
    // Many such lines are no article either: together they never make enough
    // text for a later one to cut what follows them.
    let article = clean_text(format!(
        "{}{para}\n\n{later}\n",
        "12 replies\n\n".repeat(40)
    ));
    assert!(article.text.contains(later), "{}", article.text);
    assert!(!article.text.contains("12 replies"), "{}", article.text);
}

#[test]
fn a_teaser_box_inside_plain_text_goes_with_its_headlines_and_the_article_goes_on() {
    let text = format!(
        "{SITE}\n[[cut_from]]\nid = \"teasers\"\npattern = '(?i)^(?:recommended for you|next article|previous article|comments)$'\nwhy = \"teasers\"\n"
    );
    let pipeline = demo_pipeline(&text);
    let para = PROSE;
    let long = "Residents will be asked for their views at three meetings in the town hall before the work begins in spring, and the council will publish every answer it gets.";
    let clean_text = |plain: String| clean_demo_text(&pipeline, plain);
    // A label over headlines (and a teaser's summary cut short), then the
    // article's own long paragraphs: the box goes, the article stays.
    let boxed = "Recommended for you\nPharmacists can now prescribe for minor ailments\nWhy grocery prices are still climbing\nMore than a million seniors are now eligible to apply for the programme…";
    let article = clean_text(format!("{para}\n\n{para}\n\n{boxed}\n\n{long}\n\n{long}\n"));
    assert_eq!(article.text.matches(long).count(), 2, "{}", article.text);
    assert!(!article.text.contains("Pharmacists"), "{}", article.text);
    assert!(!article.text.contains("seniors"), "{}", article.text);
    // Two labels, each over a title.
    let nav = "Previous Article\nCity bus station redevelopment delayed again\nNext Article\nRoadworks to close Kirkstall Road for six weeks";
    let article = clean_text(format!("{para}\n\n{para}\n\n{nav}\n\n{long}\n\n{long}\n"));
    assert_eq!(article.text.matches(long).count(), 2, "{}", article.text);
    assert!(!article.text.contains("Roadworks"), "{}", article.text);
    // A commenter's name or a comment's date under the label is no headline:
    // what follows is the comments, and the cut stands.
    for head in ["Comments\nAnn Lee", "Comments\nMarch 3, 2025 at 10:14 am"] {
        let article = clean_text(format!("{para}\n\n{para}\n\n{head}\n\n{long}\n\n{long}\n"));
        assert!(!article.text.contains(long), "{head}: {}", article.text);
    }
    // Headlines up to the end: the cut stands.
    let article = clean_text(format!("{para}\n\n{para}\n\n{boxed}\n"));
    assert!(!article.text.contains("Pharmacists"), "{}", article.text);
    // Below the box, one paragraph of two sentences carries the article on;
    // a one-sentence summary does not.
    let two = "The authority said the scarcity came from delays at private depots. Analysts warned that demand usually rises before a holiday weekend.";
    let article = clean_text(format!("{para}\n\n{para}\n\n{boxed}\n\n{two}\n"));
    assert!(article.text.contains(two), "{}", article.text);
    let one = "The authority said the scarcity came from delays at private depots, and analysts warned that demand usually rises before a holiday weekend.";
    let article = clean_text(format!("{para}\n\n{para}\n\n{boxed}\n\n{one}\n"));
    assert!(!article.text.contains(one), "{}", article.text);
    // Headlines behind list markers; a shorter paragraph ending in a colon over
    // a list, then the article's prose.
    let bullets = "Recommended for you\n• Fires in the forest rise by a third in August\n• Government frees funds for the towns hit by drought";
    let intro =
        "The civil defence declared an emergency in six towns and announced these measures:";
    let article = clean_text(format!(
        "{para}\n\n{para}\n\n{bullets}\n\n{intro}\n• water by air;\n• new wells.\n\n{long}\n"
    ));
    assert!(article.text.contains(intro), "{}", article.text);
    assert!(article.text.contains(long), "{}", article.text);
    assert!(
        !article.text.contains("Fires in the forest"),
        "{}",
        article.text
    );
}

#[test]
fn a_bare_name_or_count_goes_only_beside_a_dropped_header_line() {
    let text = format!(
        "{SITE}\n[[drop]]\nid = \"dated\"\npattern = '^(?P<published>\\d{{4}}-\\d{{2}}-\\d{{2}})$'\nwhy = \"a date\"\n\n[[drop]]\nid = \"badge\"\npattern = '^\\d+ min read$'\nwhy = \"a badge\"\n"
    );
    let pipeline = demo_pipeline(&text);
    let para = PROSE;
    let clean_text = |plain: String| clean_demo_text(&pipeline, plain).text;
    // Beside the date: the name and the count go; beside the badge (no byline
    // or date) a count goes, and a few words right above the first paragraph
    // go as the picture's alt text.
    let text = clean_text(format!(
        "Harbour plan approved\n\nAnn Lee\n\n2026-03-03\n\n0\n\n4 min read\n\nHarbour Front\n\n{para}\n\n{para}\n"
    ));
    assert!(!text.contains("Ann Lee"), "{text}");
    assert!(!text.contains("\n0\n"), "{text}");
    assert!(!text.contains("Harbour Front"), "{text}");
    assert!(text.starts_with("Harbour plan approved"), "{text}");
    // Nothing dropped beside them, or after the first paragraph: they stay.
    let text = clean_text(format!(
        "Harbour plan approved\n\nAnn Lee\n\n{para}\n\n2026-03-03\n\nBen Ode\n\n{para}\n"
    ));
    assert!(
        text.contains("Ann Lee") && text.contains("Ben Ode"),
        "{text}"
    );
}

#[test]
fn rules_see_a_line_without_the_pictographs_in_front_of_it() {
    let text = format!(
        "{SITE}\n[[drop]]\nid = \"count\"\npattern = '^\\d+ comments$'\nwhy = \"a count\"\n\n[[cut_from]]\nid = \"trending\"\npattern = '^Trending now$'\nwhy = \"a list\"\n"
    );
    let pipeline = demo_pipeline(&text);
    let para = PROSE;
    let article = clean_demo_text(
        &pipeline,
        format!("Harbour plan approved\n\n{para}\n\n💬 12 comments\n\n{para}\n\n🔥 Trending now\n\nTourists told to avoid the midday sun\n"),
    );
    assert!(!article.text.contains("12 comments"), "{}", article.text);
    assert!(!article.text.contains("Tourists"), "{}", article.text);
    // A quote or a number in front is text, not a pictograph.
    let article = clean_demo_text(
        &pipeline,
        format!("Harbour plan approved\n\n{para}\n\n\"12 comments\n\n{para}\n"),
    );
    assert!(article.text.contains("\"12 comments"), "{}", article.text);
}

#[test]
fn a_clutter_line_between_hard_wrapped_paragraphs_is_not_joined_to_them() {
    // Wrapped at 72 columns with no blank lines: the "Also Read:" line is too
    // long for the next paragraph's first word to have fitted after it, so
    // by width alone it would run into that paragraph.
    let text = "Port talks stall\n\
        The council said on Tuesday that fewer than a third of the operators had\n\
        installed the new card readers required under the regulations, blaming\n\
        delays at the suppliers.\n\
        Also Read: Kisumu port upgrade to be completed by June, KPA says\n\
        Commuters interviewed at the main stages gave mixed reactions. Some\n\
        welcomed the end of cash haggling over fares, while others said they\n\
        feared new charges on every trip they made in the city.\n\
        Operators say they will decide next week whether to go ahead.\n";
    let article = Pipeline::new()
        .unwrap()
        .clean(&RawPage::new(text.to_string()).with_format(rinse::InputFormat::Text));
    assert!(!article.text.contains("Also Read"), "{}", article.text);
    assert!(
        article
            .text
            .contains("\n\nCommuters interviewed at the main stages"),
        "{}",
        article.text
    );
    // A clutter line wrapped over two lines goes whole.
    let text = text.replace(
        "Also Read: Kisumu port upgrade to be completed by June, KPA says\n",
        "Read Also: Trump Pushes for Ukraine Peace in Call with Putin Following\nSurprise Election Win\n\n",
    );
    let article = Pipeline::new()
        .unwrap()
        .clean(&RawPage::new(text).with_format(rinse::InputFormat::Text));
    assert!(!article.text.contains("Election Win"), "{}", article.text);
}

#[test]
fn bits_glued_together_go_when_rules_drop_every_part() {
    let text = format!(
        "{SITE}\n[[drop]]\nid = \"badge\"\npattern = '^(?:Members only|Reading time \\d+ min)$'\nwhy = \"badges\"\n"
    );
    let pipeline = demo_pipeline(&text);
    let para = PROSE;
    // Under the first paragraph, too: two spans with no space between them.
    let text = clean_demo_text(
        &pipeline,
        format!("Harbour plan approved\n\n{para}\n\nMembers onlyReading time 4 min\n\n{para}\n"),
    )
    .text;
    assert!(!text.contains("Members only"), "{text}");
    // A part no rule drops keeps the line ("McDonald’s" has a seam too).
    let text = clean_demo_text(
        &pipeline,
        format!("Harbour plan approved\n\n{para}\n\nMembers onlyMcDonald’s\n\n{para}\n"),
    )
    .text;
    assert!(text.contains("Members onlyMcDonald’s"), "{text}");
}
