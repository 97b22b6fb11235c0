//! Summaries of a run: figures, speed and worst pages, printed for people or as JSON.

use serde::Serialize;

use crate::datasets::{ReadabilityRun, Timing, TrafilaturaRun};
use crate::metric::{summarize_shingles, ShingleSummary, SnippetCounts};

/// Extraction speed over a data set.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Speed {
    /// Seconds spent in the extractor (single thread, file reading excluded).
    pub seconds: f64,
    /// Pages per second of extractor time.
    pub pages_per_sec: f64,
    /// Megabytes (10^6 bytes) of input per second of extractor time.
    pub mb_per_sec: f64,
    /// Total input size in bytes.
    pub bytes: u64,
}

impl Speed {
    fn of(timing: &Timing) -> Speed {
        let seconds = timing.elapsed.as_secs_f64();
        let per_sec = |x: f64| if seconds > 0.0 { x / seconds } else { 0.0 };
        Speed {
            seconds,
            pages_per_sec: per_sec(timing.pages as f64),
            mb_per_sec: per_sec(timing.bytes as f64 / 1e6),
            bytes: timing.bytes,
        }
    }
}

/// A badly scored readability page.
#[derive(Debug, Clone, Serialize)]
pub struct WorstReadability {
    /// Folder name under `readability-pages/`.
    pub name: String,
    /// The page's own F1.
    pub f1: f64,
    /// Page precision.
    pub precision: f64,
    /// Page recall.
    pub recall: f64,
    /// Tokens in the extractor's text.
    pub predicted_tokens: usize,
    /// Tokens in the gold text.
    pub gold_tokens: usize,
}

/// Figures for readability-pages.
#[derive(Debug, Clone, Serialize)]
pub struct ReadabilitySummary {
    /// Which extractor was scored.
    pub extractor: String,
    /// Shingle metric figures.
    #[serde(flatten)]
    pub metric: ShingleSummary,
    /// Pages where the extractor gave no tokens at all.
    pub empty_pages: usize,
    /// Extraction speed.
    pub speed: Speed,
    /// Lowest page F1 first.
    pub worst: Vec<WorstReadability>,
}

impl ReadabilitySummary {
    /// Summarizes a run, keeping the `worst` lowest-F1 pages.
    pub fn new(extractor: &str, run: &ReadabilityRun, worst: usize) -> ReadabilitySummary {
        let scores: Vec<_> = run.pages.iter().map(|p| p.score).collect();
        let mut ranked: Vec<_> = run.pages.iter().collect();
        ranked.sort_by(|a, b| {
            a.score
                .f1()
                .total_cmp(&b.score.f1())
                .then_with(|| a.name.cmp(&b.name))
        });
        let worst = ranked
            .into_iter()
            .take(worst)
            .map(|p| WorstReadability {
                name: p.name.clone(),
                f1: p.score.f1(),
                precision: p.score.precision,
                recall: p.score.recall,
                predicted_tokens: p.score.predicted_tokens,
                gold_tokens: p.score.gold_tokens,
            })
            .collect();
        ReadabilitySummary {
            extractor: extractor.to_string(),
            metric: summarize_shingles(&scores),
            empty_pages: scores.iter().filter(|s| s.predicted_tokens == 0).count(),
            speed: Speed::of(&run.timing),
            worst,
        }
    }
}

/// A badly scored trafilatura-eval page.
#[derive(Debug, Clone, Serialize)]
pub struct WorstTrafilatura {
    /// File name under `eval/` or `cache/`.
    pub file: String,
    /// The page's URL.
    pub url: String,
    /// Missing `with` snippets.
    pub fn_: usize,
    /// Found `without` snippets.
    pub fp: usize,
    /// The missing `with` snippets.
    pub missing: Vec<String>,
    /// The found `without` snippets.
    pub unwanted: Vec<String>,
}

/// Figures for trafilatura-eval.
#[derive(Debug, Clone, Serialize)]
pub struct TrafilaturaSummary {
    /// Which extractor was scored.
    pub extractor: String,
    /// Pages scored.
    pub pages: usize,
    /// Precision from the summed counts.
    pub precision: f64,
    /// Recall from the summed counts.
    pub recall: f64,
    /// F1 from the summed counts.
    pub f1: f64,
    /// The summed counts.
    pub counts: SnippetCounts,
    /// Pages where the extractor gave no text at all.
    pub empty_pages: usize,
    /// Extraction speed.
    pub speed: Speed,
    /// Most errors (FN + FP) first.
    pub worst: Vec<WorstTrafilatura>,
}

impl TrafilaturaSummary {
    /// Summarizes a run, keeping the `worst` pages with the most errors.
    pub fn new(extractor: &str, run: &TrafilaturaRun, worst: usize) -> TrafilaturaSummary {
        let mut counts = SnippetCounts::default();
        for page in &run.pages {
            counts += page.result.counts;
        }
        let mut ranked: Vec<_> = run
            .pages
            .iter()
            .filter(|p| p.result.counts.errors() > 0)
            .collect();
        ranked.sort_by(|a, b| {
            let (a_counts, b_counts) = (a.result.counts, b.result.counts);
            b_counts
                .errors()
                .cmp(&a_counts.errors())
                .then_with(|| b_counts.fn_.cmp(&a_counts.fn_))
                .then_with(|| a.file.cmp(&b.file))
        });
        let worst = ranked
            .into_iter()
            .take(worst)
            .map(|p| WorstTrafilatura {
                file: p.file.clone(),
                url: p.url.clone(),
                fn_: p.result.counts.fn_,
                fp: p.result.counts.fp,
                missing: p.result.missing.clone(),
                unwanted: p.result.unwanted.clone(),
            })
            .collect();
        TrafilaturaSummary {
            extractor: extractor.to_string(),
            pages: run.pages.len(),
            precision: counts.precision(),
            recall: counts.recall(),
            f1: counts.f1(),
            counts,
            empty_pages: run.pages.iter().filter(|p| p.empty).count(),
            speed: Speed::of(&run.timing),
            worst,
        }
    }
}

/// Everything a run measured; absent data sets were not run.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// readability-pages figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readability: Option<ReadabilitySummary>,
    /// trafilatura-eval figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trafilatura: Option<TrafilaturaSummary>,
}

/// Longest snippet shown in the human report.
const SNIPPET_CHARS: usize = 60;

/// Prints the human-readable report to stdout.
pub fn print_summary(summary: &Summary) {
    if let Some(r) = &summary.readability {
        let m = &r.metric;
        println!(
            "readability-pages  [{}]  {} pages  (shingle metric)",
            r.extractor, m.pages
        );
        println!(
            "  precision {:.3}  recall {:.3}  F1 {:.3}  accuracy {:.3}  (empty output on {} pages)",
            m.precision, m.recall, m.f1, m.accuracy, r.empty_pages
        );
        print_speed(&r.speed);
        if !r.worst.is_empty() {
            println!("  worst {} pages by page F1:", r.worst.len());
            for w in &r.worst {
                println!(
                    "    {:<45} F1 {:.3}  P {:.3}  R {:.3}  tokens {} / gold {}",
                    w.name, w.f1, w.precision, w.recall, w.predicted_tokens, w.gold_tokens
                );
            }
        }
        println!();
    }
    if let Some(t) = &summary.trafilatura {
        let c = &t.counts;
        println!(
            "trafilatura-eval  [{}]  {} pages  (snippet metric)",
            t.extractor, t.pages
        );
        println!(
            "  precision {:.3}  recall {:.3}  F1 {:.3}  (TP {}  FN {}  FP {}  TN {}; empty output on {} pages)",
            t.precision, t.recall, t.f1, c.tp, c.fn_, c.fp, c.tn, t.empty_pages
        );
        print_speed(&t.speed);
        if !t.worst.is_empty() {
            println!("  worst {} pages by FN + FP:", t.worst.len());
            for w in &t.worst {
                println!("    {:<55} FN {}  FP {}", w.file, w.fn_, w.fp);
                if let Some(s) = w.missing.first() {
                    println!("        missing: {}", shorten(s));
                }
                if let Some(s) = w.unwanted.first() {
                    println!("        unwanted: {}", shorten(s));
                }
            }
        }
        println!();
    }
}

fn print_speed(speed: &Speed) {
    println!(
        "  speed {:.1} pages/s  {:.2} MB/s  ({:.2} s extracting {:.1} MB, 1 thread)",
        speed.pages_per_sec,
        speed.mb_per_sec,
        speed.seconds,
        speed.bytes as f64 / 1e6
    );
}

/// The text in quotes, cut to [`SNIPPET_CHARS`] characters.
fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(SNIPPET_CHARS).collect();
    if chars.next().is_some() {
        format!("\"{head}…\"")
    } else {
        format!("\"{head}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_on_characters() {
        assert_eq!(shorten("abc"), "\"abc\"");
        let long = "é".repeat(SNIPPET_CHARS + 5);
        let short = shorten(&long);
        assert!(short.ends_with("…\""));
        assert_eq!(short.chars().count(), SNIPPET_CHARS + 3);
    }
}
