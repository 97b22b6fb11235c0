//! Tests for the reflow stage: fixture pairs, the seeds, detection, joining and dehyphenation.
//!
//! Fixture pairs live in `fixtures/generic/reflow-*/` (input and hand-written expected text);
//! copies of the flowed seeds 001, 003 and 004 live in `src/reflow/testdata/`. Property tests
//! are in `proptests.rs`.

use super::{is_hard_wrapped, text_blocks, TextBlock, TextBlockKind};

/// Blocks rendered as the fixture harness expects them: texts joined by a blank line.
fn render(blocks: &[TextBlock]) -> String {
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    format!("{}\n", texts.join("\n\n"))
}

/// The trimmed non-blank lines of a text, as flowed text must come out.
pub(super) fn flowed_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Texts of the blocks.
pub(super) fn texts(blocks: &[TextBlock]) -> Vec<String> {
    blocks.iter().map(|b| b.text.clone()).collect()
}

macro_rules! fixture {
    ($name:ident, $dir:literal) => {
        #[test]
        fn $name() {
            let input = include_str!(concat!("../../fixtures/generic/", $dir, "/input.txt"));
            let expected = include_str!(concat!("../../fixtures/generic/", $dir, "/expected.txt"));
            assert_eq!(render(&text_blocks(input)), expected, "fixture {}", $dir);
        }
    };
}

fixture!(fixture_seed_002, "reflow-seed-002");
fixture!(fixture_002_width_60, "reflow-002-width-60");
fixture!(fixture_002_width_100, "reflow-002-width-100");
fixture!(fixture_002_crlf, "reflow-002-crlf");
fixture!(fixture_002_blank_lines, "reflow-002-blank-lines");
fixture!(fixture_002_hyphenated, "reflow-002-hyphenated");
fixture!(fixture_list_and_quote, "reflow-list-and-quote");
fixture!(fixture_dialogue, "reflow-dialogue");
fixture!(fixture_flowed_short_lines, "reflow-flowed-short-lines");
fixture!(fixture_flowed_000, "reflow-flowed-000");

const SEED_000: &str = include_str!("../../fixtures/generic/reflow-flowed-000/input.txt");
const SEED_001: &str = include_str!("testdata/seed-001.txt");
pub(super) const SEED_002: &str = include_str!("../../fixtures/generic/reflow-seed-002/input.txt");
const SEED_003: &str = include_str!("testdata/seed-003.txt");
const SEED_004: &str = include_str!("testdata/seed-004.txt");

#[test]
fn flowed_seeds_keep_every_line() {
    for (name, seed) in [
        ("000", SEED_000),
        ("001", SEED_001),
        ("003", SEED_003),
        ("004", SEED_004),
    ] {
        assert!(!is_hard_wrapped(seed), "seed {name} taken for hard-wrapped");
        assert_eq!(texts(&text_blocks(seed)), flowed_lines(seed), "seed {name}");
    }
}

#[test]
fn seed_002_is_hard_wrapped_with_headline_and_twenty_paragraphs() {
    assert!(is_hard_wrapped(SEED_002));
    let blocks = text_blocks(SEED_002);
    assert_eq!(blocks.len(), 21);
    let head = &blocks[0];
    assert_eq!(head.kind, TextBlockKind::Heading);
    assert_eq!(
        head.text,
        "12-hour talks yield no concrete ceasefire, Trump signals further discussions with \
         Zelenskyy and NATO"
    );
    assert!(blocks[1..]
        .iter()
        .all(|b| b.kind == TextBlockKind::Paragraph && b.text.ends_with('.')));
    assert!(blocks[3]
        .text
        .starts_with("During a brief post-meeting statement, Trump said, “We"));
}

#[test]
fn headings_of_seed_000_are_found() {
    let blocks = text_blocks(SEED_000);
    let headings: Vec<&str> = blocks
        .iter()
        .filter(|b| b.kind == TextBlockKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "Anchorage Talks Yield Limited Breakthrough",
            "A Diplomatic Opening for Moscow",
            "Path Forward: Proposed Ceasefire Meeting",
            "Post-Summit Engagements and Lingering Tensions",
        ]
    );
    assert_eq!(blocks[0].kind, TextBlockKind::Paragraph);
}

#[test]
fn carriage_returns_alone_end_lines() {
    let cr = SEED_002.replace('\n', "\r");
    assert_eq!(text_blocks(&cr), text_blocks(SEED_002));
    let crlf = SEED_000.replace('\n', "\r\n");
    assert_eq!(text_blocks(&crlf), text_blocks(SEED_000));
}

#[test]
fn empty_and_blank_texts_give_no_blocks() {
    assert!(text_blocks("").is_empty());
    assert!(text_blocks(" \n\r\n\t\n").is_empty());
    assert!(!is_hard_wrapped(""));
}

#[test]
fn flowed_lines_are_never_joined() {
    let text = "First line without a stop\nsecond line, lowercase\n> quoted line\n- item";
    let blocks = text_blocks(text);
    assert_eq!(
        texts(&blocks),
        [
            "First line without a stop",
            "second line, lowercase",
            "quoted line",
            "- item"
        ]
    );
    assert_eq!(blocks[2].kind, TextBlockKind::Quote);
    assert_eq!(blocks[3].kind, TextBlockKind::ListItem);
}

/// A short article wrapped at 40 columns, with an indented first line per paragraph.
const INDENTED: &str = "    The river rose through the night and by
morning the lower town was under water.
Boats went from door to door collecting
people who had stayed behind.
    By noon the level had started to fall,
and the first shopkeepers came back to
see what was left of their stock.
";

#[test]
fn indented_first_lines_start_paragraphs() {
    assert!(is_hard_wrapped(INDENTED));
    assert_eq!(
        texts(&text_blocks(INDENTED)),
        [
            "The river rose through the night and by morning the lower town was under water. \
             Boats went from door to door collecting people who had stayed behind.",
            "By noon the level had started to fall, and the first shopkeepers came back to \
             see what was left of their stock.",
        ]
    );
}

/// Three paragraphs wrapped at 44 columns without blank lines; the middle one ends on a
/// full line, and a short heading follows it.
const HEADED: &str = "The committee met twice in the spring and
agreed on a plan for the new harbour wall.
Work Begins in May
Contractors will start on the north side,
where the old wall has already collapsed in
two places, and move south over the summer.
";

#[test]
fn a_short_unpunctuated_line_between_paragraphs_is_a_heading() {
    let blocks = text_blocks(HEADED);
    assert_eq!(blocks.len(), 3);
    assert_eq!(blocks[1].text, "Work Begins in May");
    assert_eq!(blocks[1].kind, TextBlockKind::Heading);
    assert_eq!(blocks[0].kind, TextBlockKind::Paragraph);
    assert!(blocks[2]
        .text
        .ends_with("two places, and move south over the summer."));
}

#[test]
fn a_number_inside_a_running_sentence_is_not_a_list() {
    // Wrapped at 75: the first line is full and its sentence runs on into "12.".
    let text = "The regional office counted the damaged houses along the river and reported
12. That figure rose sharply over the following weeks as more reports came
in from the outlying villages along the coast road.
Relief workers were sent to the worst affected streets first, and temporary
shelters were opened in two schools and in the old market hall near the
station.
- A list item after a sentence end is a list item.
";
    let blocks = text_blocks(text);
    assert_eq!(blocks.len(), 3, "{blocks:?}");
    assert!(blocks[0].text.contains("and reported 12. That figure"));
    assert_eq!(blocks[0].kind, TextBlockKind::Paragraph);
    assert_eq!(blocks[2].kind, TextBlockKind::ListItem);
}

#[test]
fn quote_paragraphs_lose_their_markers_and_split_on_empty_quote_lines() {
    let input = include_str!("../../fixtures/generic/reflow-list-and-quote/input.txt");
    let blocks = text_blocks(input);
    let quotes: Vec<&TextBlock> = blocks
        .iter()
        .filter(|b| b.kind == TextBlockKind::Quote)
        .collect();
    assert_eq!(quotes.len(), 2);
    assert!(quotes[0].text.starts_with("I have lived beside the river"));
    let items = blocks
        .iter()
        .filter(|b| b.kind == TextBlockKind::ListItem)
        .count();
    assert_eq!(items, 6);
    assert_eq!(blocks[0].kind, TextBlockKind::Heading);
}

#[test]
fn a_hyphen_inside_a_running_sentence_is_a_dash() {
    // Wrapped at 72: the line over "- my" is full and its sentence runs on.
    let text = "The runners came in slowly after the thirty-kilometre mark, some of them
walking and others stopping at every water table along the river road.

\"Then someone in the crowd at the corner of the square screamed my name
- my old coach, I think - and I just kept going,\" the winner said after
the race.

Medical teams treated more than three hundred runners, most of them for
cramp and dehydration, and eleven were taken to hospital as a
precaution. The organisers promised two changes for next year:

- more water stations
- an earlier start
";
    let blocks = text_blocks(text);
    assert_eq!(blocks.len(), 5, "{blocks:?}");
    assert!(blocks[1].text.contains("screamed my name - my old coach"));
    assert_eq!(blocks[1].kind, TextBlockKind::Paragraph);
    assert_eq!(blocks[3].kind, TextBlockKind::ListItem);
}

#[test]
fn the_first_line_over_a_sentence_opening_word_is_the_headline() {
    // Wrapped at 66 with no blank lines: the headline fills the width, and the
    // next line opens with "Le", which the text writes as "le" elsewhere.
    let text = "Le train de nuit vers Briançon repart après six mois de travaux
Le train de nuit qui relie Paris à Briançon a repris du service le
dimanche soir, après une interruption liée à des travaux sur la
ligne entre Valence et Veynes. Le premier départ affichait complet
et le quai de la gare était plein bien avant le départ du train.
À bord, beaucoup d'habitués. Des skieurs, bien sûr, mais aussi des
familles, des saisonniers et quelques voyageurs d'affaires qui
préfèrent la couchette au réveil à l'aube pour le premier train.
";
    let blocks = text_blocks(text);
    assert_eq!(blocks.len(), 3, "{blocks:?}");
    assert_eq!(
        blocks[0].text,
        "Le train de nuit vers Briançon repart après six mois de travaux"
    );
    assert!(blocks[1].text.starts_with("Le train de nuit qui relie"));
}
