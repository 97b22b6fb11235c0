//! The two scoring metrics of the evaluation data (`../shared/data/README.md`).
//!
//! * The **shingle metric** (readability-pages, from the Article Extraction Benchmark):
//!   texts become lists of `\w+` tokens, then multisets of 4-gram shingles; each page gets
//!   tp / fp / fn normalized to sum to one, a page precision and recall with fixed
//!   conventions for the degenerate cases, and the data set gets the mean precision, the
//!   mean recall, the F1 of those two means and the share of pages with identical tokens.
//! * The **snippet metric** (trafilatura-eval, trafilatura's own): after folding whitespace,
//!   `with` snippets found are true positives, missing ones false negatives; `without`
//!   snippets found are false positives, missing ones true negatives; precision, recall
//!   and F1 come from the counts summed over all pages.
//!
//! Nothing here reads files or knows about rinse: it scores strings.

use std::collections::HashMap;

use regex::Regex;
use serde::Serialize;

/// Length of a shingle: the metric compares 4-grams of consecutive tokens.
pub const SHINGLE_SIZE: usize = 4;

/// Splits text into tokens: every match of the Unicode regex `\w+`, case kept.
///
/// Holds the compiled regex so it is built once per run.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    word: Regex,
}

impl Tokenizer {
    /// Compiles the token pattern.
    pub fn new() -> Result<Tokenizer, regex::Error> {
        Ok(Tokenizer {
            word: Regex::new(r"\w+")?,
        })
    }

    /// The tokens of `text`, in order. Whitespace and punctuation are dropped.
    pub fn tokens<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.word.find_iter(text).map(|m| m.as_str()).collect()
    }
}

/// The multiset of shingles of a token list, as shingle → count.
///
/// A list of at least [`SHINGLE_SIZE`] tokens gives one shingle per window of consecutive
/// tokens; a list of 1 to 3 tokens is a single shorter shingle; an empty list has none.
pub fn shingles<'a, 't>(tokens: &'a [&'t str]) -> HashMap<&'a [&'t str], usize> {
    let mut counts: HashMap<&'a [&'t str], usize> = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    if tokens.len() < SHINGLE_SIZE {
        counts.insert(tokens, 1);
        return counts;
    }
    for window in tokens.windows(SHINGLE_SIZE) {
        *counts.entry(window).or_insert(0) += 1;
    }
    counts
}

/// One page's score under the shingle metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageScore {
    /// Shared shingles, divided by `tp + fp + fn` (0 when the page has no shingles at all).
    pub tp: f64,
    /// Predicted shingles in excess of the gold, normalized like `tp`.
    pub fp: f64,
    /// Gold shingles in excess of the prediction, normalized like `tp`.
    pub fn_: f64,
    /// Page precision, with the metric's conventions for empty cases.
    pub precision: f64,
    /// Page recall, with the metric's conventions for empty cases.
    pub recall: f64,
    /// Whether the predicted and gold token lists are identical.
    pub exact: bool,
    /// Number of predicted tokens.
    pub predicted_tokens: usize,
    /// Number of gold tokens.
    pub gold_tokens: usize,
}

impl PageScore {
    /// The page's own F1 (harmonic mean of its precision and recall; 0 when both are 0).
    ///
    /// Only used to rank pages; the data set F1 is computed from mean P and mean R.
    pub fn f1(&self) -> f64 {
        harmonic_mean(self.precision, self.recall)
    }
}

/// Precision from (possibly normalized) counts: 1 when `fp = fn = 0`, 0 when `tp = fp = 0`.
pub fn page_precision(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

/// Recall from (possibly normalized) counts: 1 when `fp = fn = 0`, 0 when `tp = fn = 0`.
pub fn page_recall(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    }
}

/// `2xy / (x + y)`, or 0 when both are 0.
pub fn harmonic_mean(x: f64, y: f64) -> f64 {
    if x + y > 0.0 {
        2.0 * x * y / (x + y)
    } else {
        0.0
    }
}

/// Scores one page: `predicted` (the extractor's text) against `gold`.
pub fn score_page(tokenizer: &Tokenizer, predicted: &str, gold: &str) -> PageScore {
    let predicted_tokens = tokenizer.tokens(predicted);
    let gold_tokens = tokenizer.tokens(gold);
    let predicted_shingles = shingles(&predicted_tokens);
    let gold_shingles = shingles(&gold_tokens);

    let mut tp = 0usize;
    let mut fp = 0usize;
    let mut fn_ = 0usize;
    for (shingle, &p) in &predicted_shingles {
        let g = gold_shingles.get(shingle).copied().unwrap_or(0);
        tp += p.min(g);
        fp += p.saturating_sub(g);
    }
    for (shingle, &g) in &gold_shingles {
        let p = predicted_shingles.get(shingle).copied().unwrap_or(0);
        fn_ += g.saturating_sub(p);
    }

    let total = (tp + fp + fn_) as f64;
    let (tp, fp, fn_) = if total > 0.0 {
        (tp as f64 / total, fp as f64 / total, fn_ as f64 / total)
    } else {
        (0.0, 0.0, 0.0)
    };
    PageScore {
        tp,
        fp,
        fn_,
        precision: page_precision(tp, fp, fn_),
        recall: page_recall(tp, fp, fn_),
        exact: predicted_tokens == gold_tokens,
        predicted_tokens: predicted_tokens.len(),
        gold_tokens: gold_tokens.len(),
    }
}

/// Data set figures of the shingle metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ShingleSummary {
    /// Number of pages scored.
    pub pages: usize,
    /// Mean of the page precisions.
    pub precision: f64,
    /// Mean of the page recalls.
    pub recall: f64,
    /// `2PR / (P + R)` of the two means.
    pub f1: f64,
    /// Share of pages whose token lists equal the gold's.
    pub accuracy: f64,
}

/// Aggregates page scores; an empty list gives all zeros.
pub fn summarize_shingles(pages: &[PageScore]) -> ShingleSummary {
    let n = pages.len();
    if n == 0 {
        return ShingleSummary {
            pages: 0,
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
            accuracy: 0.0,
        };
    }
    let count = n as f64;
    let precision = pages.iter().map(|p| p.precision).sum::<f64>() / count;
    let recall = pages.iter().map(|p| p.recall).sum::<f64>() / count;
    let exact = pages.iter().filter(|p| p.exact).count() as f64;
    ShingleSummary {
        pages: n,
        precision,
        recall,
        f1: harmonic_mean(precision, recall),
        accuracy: exact / count,
    }
}

/// Collapses every run of whitespace to one space and trims both ends.
pub fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Confusion counts of the snippet metric; add pages together with `+=`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SnippetCounts {
    /// `with` snippets found in the output.
    pub tp: usize,
    /// `with` snippets missing from the output.
    pub fn_: usize,
    /// `without` snippets found in the output.
    pub fp: usize,
    /// `without` snippets missing from the output.
    pub tn: usize,
}

impl std::ops::AddAssign for SnippetCounts {
    fn add_assign(&mut self, other: SnippetCounts) {
        self.tp += other.tp;
        self.fn_ += other.fn_;
        self.fp += other.fp;
        self.tn += other.tn;
    }
}

impl SnippetCounts {
    /// `tp / (tp + fp)`, or 0 when nothing was found.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `tp / (tp + fn)`, or 0 when there were no `with` snippets.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        harmonic_mean(self.precision(), self.recall())
    }

    /// Errors on this page: missing `with` plus found `without` snippets.
    pub fn errors(&self) -> usize {
        self.fn_ + self.fp
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Which snippets of one page were wrong, for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SnippetResult {
    /// The page's counts.
    pub counts: SnippetCounts,
    /// `with` snippets (folded) that the output lacks.
    pub missing: Vec<String>,
    /// `without` snippets (folded) that the output contains.
    pub unwanted: Vec<String>,
}

/// Scores one page's `output` against its `with` and `without` snippets.
pub fn score_snippets<S: AsRef<str>>(output: &str, with: &[S], without: &[S]) -> SnippetResult {
    let folded = fold_whitespace(output);
    let mut result = SnippetResult::default();
    for snippet in with {
        let snippet = fold_whitespace(snippet.as_ref());
        if folded.contains(snippet.as_str()) {
            result.counts.tp += 1;
        } else {
            result.counts.fn_ += 1;
            result.missing.push(snippet);
        }
    }
    for snippet in without {
        let snippet = fold_whitespace(snippet.as_ref());
        if folded.contains(snippet.as_str()) {
            result.counts.fp += 1;
            result.unwanted.push(snippet);
        } else {
            result.counts.tn += 1;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenizer() -> Tokenizer {
        match Tokenizer::new() {
            Ok(t) => t,
            Err(e) => panic!("token pattern: {e}"),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn tokens_are_unicode_words_with_case_kept() {
        let t = tokenizer();
        assert_eq!(
            t.tokens("Hello, World! it's  snake_case\tx2 — Grüße 東京 café"),
            vec![
                "Hello",
                "World",
                "it",
                "s",
                "snake_case",
                "x2",
                "Grüße",
                "東京",
                "café"
            ]
        );
        assert!(t.tokens(" ,.;— \n").is_empty());
    }

    #[test]
    fn shingles_are_windows_of_four_and_count_repeats() {
        let tokens = ["a", "b", "a", "b", "a", "b", "a"];
        let s = shingles(&tokens);
        // Windows: abab, baba, abab, baba.
        assert_eq!(s.len(), 2);
        assert_eq!(s.get(&["a", "b", "a", "b"][..]), Some(&2));
        assert_eq!(s.get(&["b", "a", "b", "a"][..]), Some(&2));
        assert_eq!(s.values().sum::<usize>(), tokens.len() - 3);
    }

    #[test]
    fn short_and_empty_texts() {
        let three = ["x", "y", "z"];
        let s = shingles(&three);
        assert_eq!(s.len(), 1);
        assert_eq!(s.get(&three[..]), Some(&1));
        let one = ["x"];
        assert_eq!(shingles(&one).get(&one[..]), Some(&1));
        assert!(shingles(&[]).is_empty());
    }

    #[test]
    fn repeated_shingles_are_matched_as_a_multiset() {
        let t = tokenizer();
        // Gold has "a b c d" twice (plus the windows between), prediction once.
        let gold = "a b c d a b c d";
        let predicted = "a b c d";
        let s = score_page(&t, predicted, gold);
        // Gold windows: abcd, bcda, cdab, dabc, abcd → 5; predicted: abcd → 1.
        // tp = 1, fp = 0, fn = 4; normalized by 5.
        assert!(close(s.tp, 0.2));
        assert!(close(s.fp, 0.0));
        assert!(close(s.fn_, 0.8));
        assert!(close(s.precision, 1.0));
        assert!(close(s.recall, 0.2));
        assert!(!s.exact);
        // And the other way round.
        let s = score_page(&t, gold, predicted);
        assert!(close(s.precision, 0.2));
        assert!(close(s.recall, 1.0));
    }

    #[test]
    fn identical_texts_score_one_and_are_exact_despite_punctuation() {
        let t = tokenizer();
        let s = score_page(&t, "One two, three four five.", "One  two three\nfour five");
        assert!(s.exact);
        assert!(close(s.precision, 1.0) && close(s.recall, 1.0));
        assert!(close(s.tp, 1.0));
        // Case matters.
        let s = score_page(&t, "one two three four five", "One two three four five");
        assert!(!s.exact);
        assert!(s.precision < 1.0);
    }

    #[test]
    fn conventions_for_empty_sides() {
        let t = tokenizer();
        // Both empty: fp = fn = 0 → 1 and 1, and the token lists are equal.
        let s = score_page(&t, "", "  ...  ");
        assert!(close(s.precision, 1.0) && close(s.recall, 1.0) && s.exact);
        // Nothing predicted: tp = fp = 0 → precision 0; recall 0.
        let s = score_page(&t, "", "some gold text here now");
        assert!(close(s.precision, 0.0) && close(s.recall, 0.0));
        // Empty gold: tp = fn = 0 → recall 0; precision 0 since tp = 0.
        let s = score_page(&t, "predicted words", "");
        assert!(close(s.precision, 0.0) && close(s.recall, 0.0));
        assert!(close(s.f1(), 0.0));
        // The bare functions.
        assert!(close(page_precision(0.0, 0.0, 0.0), 1.0));
        assert!(close(page_recall(0.0, 0.0, 0.0), 1.0));
        assert!(close(page_precision(0.0, 0.0, 1.0), 0.0));
        assert!(close(page_recall(0.0, 1.0, 0.0), 0.0));
        assert!(close(page_precision(0.5, 0.5, 0.0), 0.5));
    }

    #[test]
    fn short_text_is_one_shingle() {
        let t = tokenizer();
        // "a b" vs "a b c": different single shingles → nothing shared.
        let s = score_page(&t, "a b", "a b c");
        assert!(close(s.tp, 0.0));
        assert!(close(s.fp, 0.5) && close(s.fn_, 0.5));
        assert!(close(s.precision, 0.0) && close(s.recall, 0.0));
    }

    #[test]
    fn summary_uses_f1_of_means_not_mean_of_f1s() {
        let page = |precision, recall, exact| PageScore {
            tp: 0.0,
            fp: 0.0,
            fn_: 0.0,
            precision,
            recall,
            exact,
            predicted_tokens: 0,
            gold_tokens: 0,
        };
        let pages = [page(1.0, 0.0, false), page(0.0, 1.0, true)];
        let s = summarize_shingles(&pages);
        assert_eq!(s.pages, 2);
        assert!(close(s.precision, 0.5) && close(s.recall, 0.5));
        // Mean of page F1s would be 0.
        assert!(close(s.f1, 0.5));
        assert!(close(s.accuracy, 0.5));
        let empty = summarize_shingles(&[]);
        assert_eq!(empty.pages, 0);
        assert!(close(empty.f1, 0.0));
    }

    #[test]
    fn whitespace_is_folded_in_output_and_snippets() {
        assert_eq!(fold_whitespace("  a\n\n b\t\u{a0}c  "), "a b c");
        assert_eq!(fold_whitespace(" \n "), "");
        let output = "First  paragraph\nof the article.\n\nSecond one.";
        let r = score_snippets(
            output,
            &[
                "paragraph of the",
                "of  the\tarticle. Second",
                "absent text",
            ],
            &["Impressum", "Second\none"],
        );
        assert_eq!(
            r.counts,
            SnippetCounts {
                tp: 2,
                fn_: 1,
                fp: 1,
                tn: 1
            }
        );
        assert_eq!(r.missing, vec!["absent text".to_string()]);
        assert_eq!(r.unwanted, vec!["Second one".to_string()]);
        assert_eq!(r.counts.errors(), 2);
    }

    #[test]
    fn snippet_totals_and_ratios() {
        let mut total = SnippetCounts::default();
        total += SnippetCounts {
            tp: 3,
            fn_: 1,
            fp: 1,
            tn: 2,
        };
        total += SnippetCounts {
            tp: 1,
            fn_: 1,
            fp: 3,
            tn: 0,
        };
        assert_eq!(total.tp, 4);
        assert!(close(total.precision(), 0.5));
        assert!(close(total.recall(), 4.0 / 6.0));
        assert!(close(
            total.f1(),
            2.0 * 0.5 * (4.0 / 6.0) / (0.5 + 4.0 / 6.0)
        ));
        let none = SnippetCounts::default();
        assert!(close(none.precision(), 0.0) && close(none.recall(), 0.0));
        assert!(close(none.f1(), 0.0));
        // Snippets are case sensitive.
        let r = score_snippets("Impressum", &["impressum"], &[]);
        assert_eq!(r.counts.fn_, 1);
    }
}
