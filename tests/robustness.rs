//! Bad and hostile input: every page gives a best-effort result or an empty one
//! with a reason — never a panic — and every non-empty text is normalized.

use std::io::Write;
use std::sync::LazyLock;

use proptest::prelude::*;
use rinse::{InputFormat, Pipeline, RawPage};
use unicode_normalization::UnicodeNormalization;

static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::new().expect("bundled rules load"));

fn pipeline() -> &'static Pipeline {
    &PIPELINE
}

/// The output invariants: NFC, `\n` only, no trailing spaces, one blank line
/// between paragraphs, a final newline (or nothing at all).
fn assert_normalized(text: &str) {
    if text.is_empty() {
        return;
    }
    assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{text:?}");
    assert!(!text.contains("\n\n\n"), "{text:?}");
    assert!(!text.starts_with(['\n', ' ']), "{text:?}");
    assert_eq!(text.nfc().collect::<String>(), text);
    for line in text.lines() {
        assert_eq!(line.trim_end(), line, "trailing space in {line:?}");
        assert!(
            !line.chars().any(|c| c.is_control()),
            "control character in {line:?}"
        );
    }
}

#[test]
fn empty_and_blank_inputs_have_a_reason() {
    let p = pipeline();
    for input in [
        &b""[..],
        b"   \n\t ",
        b"<html><body></body></html>",
        b"\xEF\xBB\xBF",
    ] {
        let a = p.clean(&RawPage::new(input));
        assert_eq!(a.text, "");
        assert!(a.empty_reason.is_some(), "{input:?}");
    }
}

#[test]
fn binary_inputs_are_refused_with_their_kind() {
    let p = pipeline();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"\x89PNG\r\n\x1a\n").unwrap();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "PNG"),
        (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(), "PDF"),
        (gz.finish().unwrap(), "gzip"),
        (b"PK\x03\x04\x14\0\0\0".to_vec(), "ZIP"),
    ];
    for (bytes, kind) in cases {
        let a = p.clean(&RawPage::new(bytes));
        let reason = a.empty_reason.unwrap_or_default();
        assert!(reason.contains(kind), "{kind}: {reason}");
    }
}

#[test]
fn invalid_utf8_becomes_replacement_characters() {
    let p = pipeline();
    let a = p.clean(&RawPage::new(
        &b"<html><head><meta charset=utf-8></head><body><p>Caf\xC3 au lait, \xFF\xFE and more words here.</p></body></html>"[..],
    ));
    assert!(a.text.contains('\u{FFFD}'), "{:?}", a.text);
    assert!(a.notes.iter().any(|n| n.contains("U+FFFD")));
    assert_normalized(&a.text);
}

#[test]
fn deep_nesting_does_not_overflow_or_crawl() {
    let n = 100_000;
    let html = format!(
        "<html><body>{}<p>Deep text, with commas, stays.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let a = pipeline().clean(&RawPage::new(html));
    assert_eq!(a.text, "Deep text, with commas, stays.\n");
    assert!(a.notes.iter().any(|n| n.contains("flattened")));
}

#[test]
fn unterminated_markup_gives_best_effort_text() {
    let p = pipeline();
    for html in [
        "<p>Unterminated comment follows, but this stays. <!-- never closed",
        "<p>An unterminated tag <div class=\"x follows here",
        "<p>CDATA <![CDATA[ in html ]]> and a paragraph of text that stays.",
        "<p>Entities &amp; &#x1F600; &#0; &#xFFFFFFFF; &bogus; &lt;p&gt; stay.</p>",
    ] {
        let a = p.clean(&RawPage::new(html).with_format(InputFormat::Html));
        assert!(!a.text.is_empty(), "{html}");
        assert_normalized(&a.text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let a = pipeline().clean(&RawPage::new(bytes));
        assert_normalized(&a.text);
    }

    #[test]
    fn arbitrary_markup_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("<div>"), Just("</div>"), Just("<p>"), Just("</p>"), Just("<br>"),
            Just("<script>"), Just("</script>"), Just("<!--"), Just("-->"), Just("<pre>"),
            Just("</pre>"), Just("<li>"), Just("<table><tr><td>"), Just("&amp;"), Just("\u{00AD}"),
            Just("\u{200B}"), Just(" "), Just("\n"), Just("Some words, here."), Just("é"),
            Just("<h2>"), Just("</h2>"), Just("<a href=x>"), Just("</a>"), Just("\"'<>"),
        ], 0..200)) {
        let html: String = parts.concat();
        let a = pipeline().clean(&RawPage::new(html).with_format(InputFormat::Html));
        assert_normalized(&a.text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let a = pipeline().clean(&RawPage::new(text).with_format(InputFormat::Text));
        assert_normalized(&a.text);
    }
}

#[test]
fn limits_give_a_reason_not_a_crash() {
    let p = Pipeline::new().expect("rules").with_limits(rinse::Limits {
        max_bytes: Some(10),
        time_budget: None,
    });
    let a = p.clean(&RawPage::new("<p>more than ten bytes</p>"));
    assert!(a.empty_reason.unwrap_or_default().contains("size limit"));
    let p = Pipeline::new().expect("rules").with_limits(rinse::Limits {
        max_bytes: None,
        time_budget: Some(std::time::Duration::ZERO),
    });
    let a = p.clean(&RawPage::new(
        "<p>Some text that takes more than zero time.</p>",
    ));
    assert!(a.empty_reason.unwrap_or_default().contains("time budget"));
}

/// Paragraphs of plain prose: capitalised sentences of lower-case words.
fn prose() -> impl Strategy<Value = String> {
    let sentence = proptest::collection::vec("[a-z]{1,9}", 3..14).prop_map(|words| {
        let mut s = words.join(" ");
        if let Some(first) = s.get(..1) {
            s = first.to_uppercase() + s.get(1..).unwrap_or_default();
        }
        s + "."
    });
    let paragraph = proptest::collection::vec(sentence, 1..5).prop_map(|s| s.join(" "));
    proptest::collection::vec(paragraph, 1..8).prop_map(|p| p.join("\n\n") + "\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn cleaning_clean_text_is_the_identity(text in prose()) {
        let a = pipeline().clean(&RawPage::new(text.clone()).with_format(InputFormat::Text));
        prop_assert_eq!(a.text, text);
    }

    #[test]
    fn cleaning_twice_equals_cleaning_once(text in "(\\PC{0,60}\n{0,2}){0,30}") {
        let once = pipeline().clean(&RawPage::new(text).with_format(InputFormat::Text));
        let twice = pipeline().clean(&RawPage::new(once.text.clone()).with_format(InputFormat::Text));
        prop_assert_eq!(twice.text, once.text);
    }
}
