//! Stage: metadata (corpus report) — measures how often [`extract_metadata`]
//! agrees with the `expected-metadata.json` files of the readability test
//! pages (`shared/data/readability-pages/*/source.html`).
//!
//! Ignored by default (it reads ~130 real pages). Run with
//! `cargo test corpus_match_rates -- --ignored --nocapture`; set
//! `RINSE_METADATA_REPORT=1` to print every mismatch. The pages folder is
//! found through `RINSE_READABILITY_PAGES`, else `../shared/...` beside the
//! crate, else `/work/shared/...`.

use std::path::PathBuf;

use scraper::Html;
use url::Url;

use super::extract_metadata;
use super::text::{self, fold_whitespace};

fn pages_dir() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(dir) = std::env::var("RINSE_READABILITY_PAGES") {
        candidates.push(dir.into());
    }
    candidates
        .push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/readability-pages"));
    candidates.push("/work/shared/data/readability-pages".into());
    candidates.into_iter().find(|p| p.is_dir())
}

/// Per-field tally: pages with an expected value, exact and loose matches,
/// and values produced where none was expected.
#[derive(Default)]
struct Tally {
    expected: usize,
    exact: usize,
    loose: usize,
    extra: usize,
}

/// Loose title match: equal, or the expected title is ours plus a
/// separator-led suffix or prefix (the reference keeps site suffixes that
/// [`strip_site_suffix`](super::strip_site_suffix) is meant to drop).
fn title_loose(expected: &str, got: &str) -> bool {
    let e = expected.to_lowercase();
    let g = got.to_lowercase();
    let seps = text::SEPARATORS
        .iter()
        .map(|s| s.trim())
        .chain(["_", "[", "("]);
    seps.clone().any(|sep| {
        e.strip_prefix(&g)
            .is_some_and(|rest| rest.trim_start().starts_with(sep))
    }) || seps.into_iter().any(|sep| {
        e.strip_suffix(&g)
            .is_some_and(|rest| rest.trim_end().ends_with(sep))
    })
}

/// Loose author match: the reference byline cleaned the way authors are
/// (leading "By", trailing date dropped).
fn author_loose(expected: &str, got: &str) -> bool {
    text::clean_author(expected).is_some_and(|e| e.eq_ignore_ascii_case(got))
}

impl Tally {
    fn add(
        &mut self,
        field: &str,
        page: &str,
        expected: Option<&str>,
        got: Option<&str>,
        loose: fn(&str, &str) -> bool,
    ) {
        let expected = expected.map(fold_whitespace).filter(|e| !e.is_empty());
        let got = got.map(fold_whitespace);
        let verbose = std::env::var_os("RINSE_METADATA_REPORT").is_some();
        match (&expected, &got) {
            (Some(e), Some(g)) if e.to_lowercase() == g.to_lowercase() => {
                self.exact += 1;
                self.loose += 1;
            }
            (Some(e), Some(g)) if loose(e, g) => {
                self.loose += 1;
                if verbose {
                    println!("{page:40} {field:9} loose {e:?} ~ {g:?}");
                }
            }
            (None, Some(g)) => {
                self.extra += 1;
                if verbose {
                    println!("{page:40} {field:9} extra {g:?}");
                }
            }
            (None, None) => {}
            _ => {
                if verbose {
                    println!(
                        "{page:40} {field:9} want {expected:?}\n{:50} got  {got:?}",
                        ""
                    );
                }
            }
        }
        if expected.is_some() {
            self.expected += 1;
        }
    }

    fn line(&self, field: &str) -> String {
        let pct = |n: usize| {
            if self.expected == 0 {
                0.0
            } else {
                100.0 * n as f64 / self.expected as f64
            }
        };
        format!(
            "{field:10} exact {:3}/{:3} ({:5.1}%)  loose {:3}/{:3} ({:5.1}%)  {:3} extra where none expected",
            self.exact,
            self.expected,
            pct(self.exact),
            self.loose,
            self.expected,
            pct(self.loose),
            self.extra
        )
    }
}

fn never_loose(_: &str, _: &str) -> bool {
    false
}

#[test]
#[ignore = "reads the readability pages corpus; run with --ignored --nocapture"]
fn corpus_match_rates() {
    let Some(dir) = pages_dir() else {
        println!("readability-pages not found; nothing measured");
        return;
    };
    let page_url = Url::parse("http://fakehost/test/page.html").unwrap();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html").is_file() && p.join("expected-metadata.json").is_file())
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no pages in {}", dir.display());

    let mut title = Tally::default();
    let mut author = Tally::default();
    let mut site = Tally::default();
    let mut published = Tally::default();
    for path in &entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(path.join("source.html")).unwrap();
        let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
        let expected: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path.join("expected-metadata.json")).unwrap())
                .unwrap();
        let want = |key: &str| expected.get(key).and_then(|v| v.as_str());
        let got = extract_metadata(&html, Some(&page_url));
        title.add(
            "title",
            &name,
            want("title"),
            got.title.as_deref(),
            title_loose,
        );
        author.add(
            "author",
            &name,
            want("byline"),
            got.author.as_deref(),
            author_loose,
        );
        site.add(
            "site_name",
            &name,
            want("siteName"),
            got.site_name.as_deref(),
            never_loose,
        );
        published.add(
            "published",
            &name,
            want("publishedTime"),
            got.published.as_deref(),
            never_loose,
        );
    }
    println!("{} pages from {}", entries.len(), dir.display());
    println!("{}", title.line("title"));
    println!("{}", author.line("author"));
    println!("{}", site.line("site_name"));
    println!("{}", published.line("published"));
    // Floors, so a regression that breaks extraction wholesale fails.
    assert!(
        title.loose * 10 >= title.expected * 7,
        "title match rate fell below 70%"
    );
    assert!(
        author.loose * 2 >= author.expected,
        "author match rate fell below 50%"
    );
}
