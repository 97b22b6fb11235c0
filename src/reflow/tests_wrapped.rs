//! Stage: reflow — tests on text wrapped here at a known width: dehyphenation
//! from the document's own words, the width's slack, clutter lines inside a
//! wrapped sentence, headlines and datelines over the body, code in `<pre>`.

use super::tests::{flowed_lines, texts, SEED_002};
use super::{is_hard_wrapped, text_blocks, TextBlockKind};

/// Wraps `paragraphs` greedily at `width`, one line list per paragraph, no blank lines.
fn wrap(paragraphs: &[&str], width: usize) -> String {
    let mut out = String::new();
    for p in paragraphs {
        let mut line = String::new();
        for word in p.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn dehyphenation_follows_the_documents_own_words() {
    // The evidence: "high-profile" is shown hyphenated, "ceasefire" joined, and "round" and
    // "table" are words of their own; "resolution" appears only split.
    let evidence = wrap(
        &[
            "A high-profile envoy arrived for the talks on the ceasefire, and the first \
           round of the talks at the table went well, with more news expected soon.",
        ],
        40,
    );
    let cases = [
        ("reso-\nlution", "resolution"),
        ("high-\nprofile", "high-profile"),
        ("high-\nprofiles", "high-profiles"),
        ("cease-\nfire", "ceasefire"),
        ("round-\ntable", "round-table"),
        ("U.S.-\nRussia", "U.S.-Russia"),
        ("12-\nhour", "12-hour"),
        ("one-on-\none", "one-on-one"),
        ("self-\nassured", "self-assured"),
        ("state-\nof-the-art", "state-of-the-art"),
        ("after\u{ad}\nnoon", "afternoon"),
        ("summit—\napplause", "summit—applause"),
        ("summit —\napplause", "summit — applause"),
        ("summit -\napplause", "summit - applause"),
    ];
    for (broken, mended) in cases {
        let doc = format!("{evidence}Then {broken} came.\n");
        assert!(is_hard_wrapped(&doc), "{doc:?}");
        let blocks = text_blocks(&doc);
        let last = blocks.last().map(|b| b.text.clone()).unwrap_or_default();
        assert_eq!(last, format!("Then {mended} came."), "{broken:?}");
    }
}

/// A paragraph that splits no word, for tests that wrap it.
const ENVOYS: &str = "The envoys met again on Tuesday in the old customs house by the harbour, \
    where the talks had first opened in the spring, and they spoke for four hours about \
    grain, gas and the prisoners still held on both sides of the line.";

#[test]
fn a_document_that_never_splits_words_keeps_its_line_end_hyphens() {
    // Twenty-odd lines wrapped at spaces and at the hyphens already there: the
    // one split has no evidence either way, and the document hyphenates nothing.
    let paragraph = ENVOYS;
    let evidence = wrap(&[paragraph, paragraph, paragraph, paragraph], 60);
    assert!(evidence.lines().count() >= 16, "{evidence}");
    let doc = format!("{evidence}Then a full-\nscale inquiry came.\n");
    let last = text_blocks(&doc).last().map(|b| b.text.clone());
    assert_eq!(last.as_deref(), Some("Then a full-scale inquiry came."));
    // The same split where the document shows the joined word is mended.
    let doc = format!("{evidence}A fullscale copy came.\nThen a full-\nscale inquiry came.\n");
    let last = text_blocks(&doc).last().map(|b| b.text.clone());
    assert!(last.is_some_and(|t| t.ends_with("Then a fullscale inquiry came.")));
    // Where the text shows neither half: two unknown halves are a split word,
    // unless they are the same word; two halves with a written stress each are
    // two words.
    let cases = [
        ("advo-\ncates", "advocates"),
        ("anak-\nanak", "anak-anak"),
        ("teórico-\nprácticos", "teórico-prácticos"),
    ];
    for (broken, mended) in cases {
        let doc = format!("{evidence}Then the {broken} came.\n");
        let last = text_blocks(&doc).last().map(|b| b.text.clone());
        assert_eq!(last, Some(format!("Then the {mended} came.")), "{broken:?}");
    }
}

#[test]
fn prose_wrapped_among_longer_clutter_lines_is_still_wrapped() {
    // Four paragraphs wrapped at 64, then a comment section whose lines were
    // never wrapped: a fifth of the lines run far past the prose's width.
    let paragraph = ENVOYS;
    let prose = wrap(&[paragraph, paragraph, paragraph, paragraph], 64);
    let comment = "I have read every report on these talks since the spring and this is the \
        first time anybody has said what was actually on the table, so thank you for that.";
    let doc = format!("{prose}Comments\n{comment}\nReply\n{comment}\nReply\n{comment}\n");
    let width = doc.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(width > 150, "{doc}");
    // A `<pre>` block is judged by its longest lines only (code packs too).
    assert!(!is_hard_wrapped(&doc), "{doc}");
    let blocks = texts(&text_blocks(&doc));
    assert_eq!(
        blocks.iter().filter(|t| *t == paragraph).count(),
        4,
        "{blocks:#?}"
    );
    assert_eq!(
        blocks.iter().filter(|t| *t == comment).count(),
        3,
        "{blocks:#?}"
    );
    // Verse whose longest lines run a little past the others is no wrapped text,
    // even though most of its lines sit just under one width.
    let verse = "The tide goes out across the sand\nand leaves the little boats to lean\n\
        like sleepers on their painted sides,\ntheir ropes gone slack, their anchors all clean.\n\
        The gulls come down in ones and twos\nto pick along the weeded stone,\n\
        and no one calls the boats back in,\nand no one leaves the shore alone tonight.\n";
    assert_eq!(texts(&text_blocks(verse)), flowed_lines(verse));
}

#[test]
fn a_title_case_subheading_gets_no_slack() {
    // Wrapped at 50: the subheading leaves room for "The" at the full width but
    // not within the slack allowed to running prose.
    let text = wrap(
        &[
            "Relief workers were sent to the worst affected streets first, and shelters \
             were opened in two schools.",
            "Anchorage Talks Yield Limited Breakthrough",
            "The high-stakes meeting, closely watched by international observers, ended \
             without a joint statement.",
        ],
        50,
    );
    let blocks = text_blocks(&text);
    assert_eq!(blocks.len(), 3, "{blocks:?}");
    assert_eq!(blocks[1].text, "Anchorage Talks Yield Limited Breakthrough");
    assert_eq!(blocks[1].kind, TextBlockKind::Heading);
}

#[test]
fn reflowing_the_output_changes_nothing() {
    for input in [
        SEED_002,
        include_str!("../../fixtures/generic/reflow-list-and-quote/input.txt"),
        include_str!("../../fixtures/generic/reflow-dialogue/input.txt"),
        include_str!("../../fixtures/generic/reflow-002-hyphenated/input.txt"),
    ] {
        let once = text_blocks(input);
        let again = text_blocks(&super::proptests::render_with_markers(&once));
        assert_eq!(again, once);
    }
}

#[test]
fn common_compounds_keep_their_hyphen_where_the_document_splits_words() {
    // The document hyphenates: it shows "resolution" whole and split. Without
    // evidence of its own, a split between two common words is a compound,
    // a common closed compound joins, and a syllable split joins.
    let evidence = wrap(
        &[
            "The envoys drafted a resolution on Tuesday, and a second one followed on \
           Wednesday after a long night of talks by the harbour.",
        ],
        40,
    );
    let cases = [
        ("middle-\nincome", "middle-income"),
        ("state-\nowned", "state-owned"),
        ("fast-\ntrack", "fast-track"),
        ("every-\nthing", "everything"),
        ("news-\npaper", "newspaper"),
        ("rup-\nture", "rupture"),
        ("foun-\ntains", "fountains"),
        ("first-\nand second-class", "first- and second-class"),
    ];
    for (broken, mended) in cases {
        let doc = format!("{evidence}Then the reso-\nlution, {broken} came.\n");
        let last = text_blocks(&doc).last().map(|b| b.text.clone());
        assert_eq!(
            last,
            Some(format!("Then the resolution, {mended} came.")),
            "{broken:?}"
        );
    }
}

#[test]
fn a_language_that_writes_compounds_solid_joins_its_splits() {
    // German: a lower-case second part after a line-end hyphen is a split word;
    // a capitalised one keeps the hyphen; "und" after it is a suspended compound.
    let paragraph = "Die Verkehrsverbünde haben die Preise für das Ticket erhöht, und die \
        Opposition sagt, dass das nicht gerecht ist, weil sich viele Pendler das Ticket \
        nicht mehr leisten können.";
    let evidence = wrap(&[paragraph, paragraph], 60);
    let cases = [
        ("verkehrs-\npolitischer", "verkehrspolitischer"),
        ("Energie-\nkosten", "Energiekosten"),
        ("Corona-\nPandemie", "Corona-Pandemie"),
        (
            "Personal-\nund Energiekosten",
            "Personal- und Energiekosten",
        ),
    ];
    for (broken, mended) in cases {
        let doc = format!("{evidence}Dann kam {broken} zurück.\n");
        let last = text_blocks(&doc).last().map(|b| b.text.clone());
        assert_eq!(
            last,
            Some(format!("Dann kam {mended} zurück.")),
            "{broken:?}"
        );
    }
}

#[test]
fn a_particle_before_a_new_sentence_ends_the_line() {
    // Wrapped at 60 with no blank lines: a headline ending in "on" (a particle,
    // not a preposition waiting for its noun) stands before "The plan…".
    let prose = "The board voted six to one in favour of the plan after a four-hour hearing \
        in which dock workers and residents spoke for and against the project.";
    let mut text = wrap(&[prose], 60);
    text.push_str("Shipping lines shift routes as the disruption drags on\n");
    text.push_str(&wrap(
        &[
            "The plan includes four new cranes and a longer berth, and work \
        starts in the spring if the permits arrive on time.",
        ],
        60,
    ));
    let blocks = text_blocks(&text);
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(
        texts.contains(&"Shipping lines shift routes as the disruption drags on"),
        "{texts:?}"
    );
}

#[test]
fn a_dateline_starts_a_paragraph_under_a_headline_that_had_room_for_it() {
    // Wrapped at 72 with no blank lines: the headline has room for "NAIROBI,"
    // after it, but a dateline only ever opens a story.
    let story = "NAIROBI, Kenya — Matatu owners in Nairobi have threatened to withdraw \
        their vehicles from the roads next Monday unless the government extends the \
        deadline for switching to cashless fare collection.";
    let next = "The operators said on Tuesday that fewer than a third of their members \
        had installed the card readers required under the new regulations.";
    let headline = "Matatu owners threaten strike over cashless fare deadline";
    let texts = under_headline(headline, &[story, next], 72);
    assert_eq!(
        texts.first().map(String::as_str),
        Some(headline),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == story), "{texts:?}");
    // A capitalised word and a dash inside a paragraph is no dateline.
    assert!(!super::join::starts_dateline("US — and its allies"));
    assert!(super::join::starts_dateline(
        "LONDON (Reuters) - Shares fell"
    ));
}

#[test]
fn a_clutter_line_inside_a_sentence_is_lifted_out_and_the_sentence_joins_up() {
    let first = "The carvings were taken by a naval officer during a punitive expedition in \
        1904 and later sold to the museum by his grandson, who kept the letters that \
        described how they had been removed from the meeting house.";
    let second = "The handover took place on Saturday in a ceremony attended by elders from \
        the island, museum staff and representatives of both governments, after a review \
        that began four years ago.";
    let wrapped = format!("{}\n{}", wrap(&[first], 72), wrap(&[second], 72));
    // The label goes in after the first line whose sentence runs on in lowercase.
    let mut lines: Vec<&str> = wrapped.lines().collect();
    let at = lines
        .windows(2)
        .position(|w| w.get(1).is_some_and(|l| l.starts_with(char::is_lowercase)))
        .map_or(1, |i| i + 1);
    lines.insert(
        at,
        "Read Also: Three Questions About Returning Museum Objects",
    );
    let text = lines.join("\n");
    let clutter = |t: &str| t.starts_with("Read Also:");
    let blocks = super::text_blocks_with(&text, &clutter);
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            first,
            "Read Also: Three Questions About Returning Museum Objects",
            second
        ],
        "{text}"
    );
    // Between a widget's labels (a word or two a line) nothing is lifted:
    // "Notify of" stays where it is.
    let widget = "The farmers said they would plant again in the spring and hope\n\
                  for a drier year.\nSubscribe\nNotify of\nguest\n0 Comments\n";
    let labels = |t: &str| matches!(t, "Subscribe" | "Notify of" | "0 Comments");
    let blocks = super::text_blocks_with(widget, &labels);
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    let at = |s: &str| texts.iter().position(|t| *t == s);
    match (at("Notify of"), at("guest")) {
        (Some(label), Some(name)) => assert!(label < name, "{texts:?}"),
        _ => panic!("a widget line went missing: {texts:?}"),
    }
}

#[test]
fn where_paragraphs_open_indented_a_line_at_the_margin_goes_on() {
    let text = "    “People laugh when I say it is the oldest member of staff,”\n\
                said Ruth Ellen Hardcastle, who took over the business in 2011.\n\
                “But it genuinely is. Everything else in here has been replaced at\n\
                least once.”\n    \
                The bakery will give a free loaf on Saturday to anyone who can\n\
                show that their family has lived in the village since it opened.\n\
                Hardcastle expects about forty people to qualify.\n";
    let blocks = text_blocks(text);
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert!(blocks.first().is_some_and(|b| b.text.ends_with(
        "in 2011. “But it genuinely is. Everything else in here has been replaced at least once.”"
    )));
}

#[test]
fn a_title_case_first_line_that_fills_the_width_is_the_headline() {
    let story = "More than 6,000 runners crossed the finish line on the riverfront early on \
        Sunday morning after the city’s first overnight half-marathon, an event its \
        organisers hope will become a fixture of the summer calendar.";
    let next = "The race started at 11 p.m. on Saturday, and the last runner finished shortly \
        before three in the morning, cheered on by a few hundred people who had stayed.";
    let headline = "Thousands Run Through the Night in City’s First Midnight Half-Marathon";
    let texts = under_headline(headline, &[story, next], 72);
    assert_eq!(
        texts.first().map(String::as_str),
        Some(headline),
        "{texts:?}"
    );
}

#[test]
fn a_word_pushed_off_a_full_title_case_headline_is_its_end() {
    let headline = "Brickworks to Close Its Kiln Yard at Eastholme After 140 Years, 90 Jobs Lost";
    let story = "The brickworks that has fired clay on the edge of Eastholme since 1884 will \
        shut its kiln yard in the spring, the owners told staff on Tuesday, and the ninety \
        people who work there will be offered posts at a plant forty miles away.";
    let (first, last) = headline.rsplit_once(' ').unwrap_or_default();
    let text = format!("{first}\n{last}\n\nBy Kit Laine\n\n{}", wrap(&[story], 72));
    let texts: Vec<String> = text_blocks(&text).into_iter().map(|b| b.text).collect();
    assert_eq!(
        texts.first().map(String::as_str),
        Some(headline),
        "{texts:?}"
    );
    // A line of its own under a headline that had room for it stays apart.
    let short = "Kiln Yard to Close After 140 Years";
    let text = format!("{short}\nBusiness\n\n{}", wrap(&[story], 72));
    let texts: Vec<String> = text_blocks(&text).into_iter().map(|b| b.text).collect();
    assert_eq!(texts.first().map(String::as_str), Some(short), "{texts:?}");
}

/// The block texts of `paragraphs` wrapped at `width` with no blank lines,
/// under `headline` on a line of its own.
fn under_headline(headline: &str, paragraphs: &[&str], width: usize) -> Vec<String> {
    let text = format!("{headline}\n{}", wrap(paragraphs, width));
    text_blocks(&text).into_iter().map(|b| b.text).collect()
}

#[test]
fn the_wrap_width_is_measured_without_a_standalone_headline_or_clutter() {
    let title = "Riverside Flats to Get Heat Pumps After a Winter of Broken Boilers, Says Trust";
    let pitch = "Our free weekly newsletter on housing, bills and repairs, every Friday morning.";
    let body = "Residents of the Riverside flats will have new heat pumps fitted before the end of the year, the housing association said on Thursday, after a winter in which boilers failed in more than a third of the homes.";
    let text = format!("{title}\n\n{}\n{pitch}\n", wrap(&[body], 66));
    let lines = super::lines::parse_lines(&text);
    let widest_body = text
        .lines()
        .filter(|l| *l != title && *l != pitch)
        .map(|l| l.chars().count())
        .max();
    assert_eq!(super::standalone_header(&lines), [title]);
    let skip = |t: &str| t == title || t == pitch;
    assert_eq!(super::detect::estimate_width(&lines, &skip), widest_body);
    assert_eq!(
        super::detect::estimate_width(&lines, &|_| false),
        Some(pitch.chars().count().max(title.chars().count()))
    );
}

#[test]
fn the_header_is_the_short_lines_standing_alone_at_the_top() {
    let text = "Home / News / Local\n\nStreet light scheme falls short of its target\n\nBy Ann Lee\n\nThe council said the work had slowed. It\nblamed a shortage of electricians.\n\nShort line.\n";
    let lines = super::lines::parse_lines(text);
    assert_eq!(
        super::standalone_header(&lines),
        [
            "Home / News / Local",
            "Street light scheme falls short of its target",
            "By Ann Lee"
        ]
    );
    // A first line with more lines under it is no header; nor is a sentence.
    let run_on = super::lines::parse_lines("Title\nmore text\n\nBy Ann Lee\n");
    assert!(super::standalone_header(&run_on).is_empty());
    let sentence = super::lines::parse_lines("Title\n\nThe council said so.\n\nBy Ann Lee\n");
    assert_eq!(super::standalone_header(&sentence), ["Title"]);
}

#[test]
fn code_in_a_pre_block_is_not_wrapped_prose() {
    let code = "static CONFIG: OnceLock<Config> = OnceLock::new();\nfn config() -> &'static Config {\n    CONFIG.get_or_init(|| Config::load(\"shed.toml\"))\n}";
    assert!(!super::is_wrapped_prose(code));
    let prose = wrap(&[ENVOYS, ENVOYS], 64);
    assert!(super::is_wrapped_prose(&prose), "{prose}");
}

#[test]
fn a_quote_bound_to_its_first_word_by_a_no_break_space_goes_on_the_paragraph() {
    // French sets "«\u{a0}Nous" as one word: a wrapper moves both to the next
    // line, so the line before, which ends a sentence, had no room for them.
    let quoted = "« La nuit a été très difficile, le feu a sauté la crête à deux reprises », a \
                  expliqué le colonel Hervé Lassalle, qui dirige les opérations de secours. \
                  «\u{a0}Nous avons concentré nos moyens sur la protection des habitations, et \
                  aucune maison n'a été détruite à ce stade. »";
    let text = [
        "Le feu a parcouru plus de 800 hectares depuis lundi dans le massif, où les \
         pompiers luttent toujours contre plusieurs fronts actifs malgré le vent.",
        quoted,
        "Les habitants de deux hameaux ont été évacués par précaution dans la nuit de \
         mardi à mercredi et relogés dans une salle des fêtes.",
        "La préfecture a interdit l'accès aux massifs forestiers du département \
         jusqu'à nouvel ordre.",
        "Un bilan sera dressé vendredi.",
    ]
    .map(|p| wrap(&[p], 76))
    .join("\n");
    assert!(text.contains("secours.\n«\u{a0}Nous"), "{text}");
    let blocks = text_blocks(&text);
    assert_eq!(blocks.len(), 5, "{blocks:?}");
    assert_eq!(blocks[1].text, quoted);
}

#[test]
fn a_short_first_line_that_ends_a_sentence_opens_its_paragraph() {
    // Every paragraph opens with a short line (seed 002's layout); one of
    // those lines is a sentence of its own, with the quote it introduces on
    // the full line under it.
    let text = "Harbour workers end strike after a week\n\
        Dock workers at the port of Stavik returned to\n\
        work on Monday after a week-long strike over pay, ending the longest stoppage\n\
        at the port since 1998 and clearing the way for ships that had waited offshore.\n\
        The finance minister urged restraint.\n\
        “Settlements that run far ahead of productivity end up in higher prices,” he\n\
        told reporters, adding that he respected the right of both sides to bargain.\n\
        Port officials said full operations were expected\n\
        by Wednesday, once the backlog of container ships had been cleared from the\n\
        anchorage outside the harbour mouth.\n\
        Shipping lines had diverted some vessels to\n\
        Bergen and Aarhus during the strike, and several said they would keep those\n\
        calls in their schedules until the end of the month at the earliest.\n\
        The union said the agreement would be put to\n\
        a ballot of members next week, with the result expected before the weekend.\n";
    let blocks = text_blocks(text);
    let got = texts(&blocks);
    assert_eq!(got.len(), 6, "{got:#?}");
    assert!(got
        .get(2)
        .is_some_and(|p| p.starts_with("The finance minister urged restraint. “Settlements")));
}

#[test]
fn a_short_first_line_holding_a_clause_opens_its_blank_separated_paragraph() {
    let text = "School meals to be free for all pupils\n\n\
        The county will pay for a hot lunch for every primary school pupil from\n\
        September, the council confirmed on Tuesday after a vote in the chamber.\n\n\
        “Hungry children cannot learn,” said\n\
        Mariam Chowdhury, the cabinet member for education. “We see it in\n\
        concentration and in behaviour, and we see it in the results.”\n\n\
        What happens next\n\
        Kitchens at the smaller schools will need new ovens, and the council has\n\
        set aside two million pounds for them over the next financial year.\n\n\
        The first meals will be served in the week after the summer holidays end.\n";
    let blocks = text_blocks(text);
    let got = texts(&blocks);
    assert!(
        got.iter()
            .any(|p| p.starts_with("“Hungry children cannot learn,” said Mariam Chowdhury")),
        "{got:#?}"
    );
    // A subheading with no comma right over its paragraph stays a block.
    assert!(got.iter().any(|p| p == "What happens next"), "{got:#?}");
}
