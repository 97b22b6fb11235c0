//! `eval`: scores rinse's extraction on the public evaluation data.
//!
//! ```text
//! cargo run --release --example eval -- [--dataset readability|trafilatura|both]
//!     [--data DIR] [--baseline visible] [--worst N] [--limit N] [--floor FILE] [--json]
//!     [--dump DIR]
//! ```
//!
//! The data and the metrics are described in `../shared/data/README.md`:
//! readability-pages is scored with the 4-gram shingle metric against the visible text of
//! `expected.html`, trafilatura-eval with the `with` / `without` snippet metric. Speed is
//! the time of `Pipeline::clean` alone, on one thread. `--baseline visible` scores all
//! visible text of each page instead, which reproduces the README's "no extraction" row
//! and so checks the metric code. `--floor FILE` makes the command exit with status 1 when
//! an F1 falls below a minimum (for CI); any other failure exits with status 2. `--dump DIR`
//! writes every page's output (and, for readability-pages, its gold text; for
//! trafilatura-eval, the snippets it got wrong) to `DIR/<set>/`, plus a `scores.tsv` per set,
//! for diffing two runs page by page.

mod datasets;

/// The allocator rinse ships with: the parser allocates per token and per node.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
mod metric;
mod report;
mod visible;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, ValueEnum};
use serde::Deserialize;

use datasets::{run_readability, run_trafilatura, Extractor};
use metric::Tokenizer;
use report::{print_summary, ReadabilitySummary, Summary, TrafilaturaSummary};
use visible::CharsetSniffer;

/// Which data set(s) to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Dataset {
    /// readability-pages (shingle metric).
    Readability,
    /// trafilatura-eval (snippet metric).
    Trafilatura,
    /// Both.
    Both,
}

/// A reference extractor to score instead of rinse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Baseline {
    /// All visible text of the page (no extraction).
    Visible,
}

/// Scores rinse's article extraction on the shared evaluation data.
#[derive(Debug, Parser)]
#[command(name = "eval")]
struct Args {
    /// Data set(s) to score.
    #[arg(long, value_enum, default_value = "both")]
    dataset: Dataset,
    /// Folder holding readability-pages/ and trafilatura-eval/ [default: ../shared/data
    /// relative to the crate root].
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Score a baseline instead of rinse.
    #[arg(long, value_enum)]
    baseline: Option<Baseline>,
    /// How many of the worst pages to list per data set.
    #[arg(long, value_name = "N", default_value_t = 15)]
    worst: usize,
    /// Switch off a rinse rule by id (repeatable): `--disable captions` scores
    /// rinse with image captions kept.
    #[arg(long, value_name = "ID")]
    disable: Vec<String>,
    /// Score only the first N pages of each data set (by name / URL).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// TOML file with minimum F1s (`readability_f1`, `trafilatura_f1`); exit non-zero if
    /// a measured F1 is below its floor.
    #[arg(long, value_name = "FILE")]
    floor: Option<PathBuf>,
    /// Print the summary as JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Write every page's output, gold text or wrong snippets, and a `scores.tsv` per data
    /// set, under this folder.
    #[arg(long, value_name = "DIR")]
    dump: Option<PathBuf>,
}

/// Minimum F1s read from `--floor FILE`.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Floors {
    /// Minimum F1 on readability-pages.
    readability_f1: Option<f64>,
    /// Minimum F1 on trafilatura-eval.
    trafilatura_f1: Option<f64>,
}

impl Floors {
    /// Reads and parses a floor file.
    fn load(path: &Path) -> Result<Floors> {
        let text =
            fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    }

    /// One message per measured F1 that is below its floor. A floor for a data set that
    /// was not run is not checked.
    fn violations(&self, summary: &Summary) -> Vec<String> {
        let mut out = Vec::new();
        let checks = [
            (
                "readability_f1",
                self.readability_f1,
                summary.readability.as_ref().map(|r| r.metric.f1),
            ),
            (
                "trafilatura_f1",
                self.trafilatura_f1,
                summary.trafilatura.as_ref().map(|t| t.f1),
            ),
        ];
        for (key, floor, measured) in checks {
            if let (Some(floor), Some(measured)) = (floor, measured) {
                if measured < floor {
                    out.push(format!("{key} = {measured:.4} is below the floor {floor}"));
                }
            }
        }
        out
    }
}

fn default_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join("data")
}

/// Exit status 1: a measured F1 is below its floor; 2: the run itself failed.
fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("eval: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Scores the selected data sets, prints the report and checks the floors.
fn run(args: &Args) -> Result<ExitCode> {
    let data = args.data.clone().unwrap_or_else(default_data_dir);
    let floors = match &args.floor {
        Some(path) => Some(Floors::load(path)?),
        None => None,
    };

    let tokenizer = Tokenizer::new().context("compiling the token pattern")?;
    let sniffer = CharsetSniffer::new().context("compiling the charset pattern")?;
    let pipeline;
    let extractor = match args.baseline {
        Some(Baseline::Visible) => Extractor::Visible(&sniffer),
        None => {
            let mut rules = rinse::RuleSet::bundled().context("loading rinse's bundled rules")?;
            rules.disable(&args.disable)?;
            pipeline = rinse::Pipeline::with_rules(rules);
            Extractor::Rinse(&pipeline)
        }
    };

    let run_readability_set = matches!(args.dataset, Dataset::Readability | Dataset::Both);
    let run_trafilatura_set = matches!(args.dataset, Dataset::Trafilatura | Dataset::Both);
    let mut summary = Summary {
        readability: None,
        trafilatura: None,
    };
    if run_readability_set {
        let run = run_readability(
            &data,
            &extractor,
            &tokenizer,
            &sniffer,
            args.limit,
            args.dump.as_deref(),
        )?;
        summary.readability = Some(ReadabilitySummary::new(extractor.name(), &run, args.worst));
    }
    if run_trafilatura_set {
        let run = run_trafilatura(&data, &extractor, args.limit, args.dump.as_deref())?;
        summary.trafilatura = Some(TrafilaturaSummary::new(extractor.name(), &run, args.worst));
    }

    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print_summary(&summary);
    }

    if let Some(floors) = floors {
        let violations = floors.violations(&summary);
        if !violations.is_empty() {
            for v in &violations {
                eprintln!("eval: {v}");
            }
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::ShingleSummary;

    fn summary(readability_f1: f64) -> Summary {
        let readability = ReadabilitySummary {
            extractor: "test".into(),
            metric: ShingleSummary {
                pages: 1,
                precision: readability_f1,
                recall: readability_f1,
                f1: readability_f1,
                accuracy: 0.0,
            },
            empty_pages: 0,
            speed: report::Speed {
                seconds: 0.0,
                pages_per_sec: 0.0,
                mb_per_sec: 0.0,
                bytes: 0,
            },
            worst: Vec::new(),
        };
        Summary {
            readability: Some(readability),
            trafilatura: None,
        }
    }

    #[test]
    fn floors_parse_and_flag_low_scores() {
        let floors: Floors = match toml::from_str("readability_f1 = 0.90\ntrafilatura_f1 = 0.85") {
            Ok(f) => f,
            Err(e) => panic!("floor file: {e}"),
        };
        assert_eq!(floors.readability_f1, Some(0.90));
        assert_eq!(floors.violations(&summary(0.95)), Vec::<String>::new());
        let low = floors.violations(&summary(0.80));
        assert_eq!(low.len(), 1);
        assert!(low[0].starts_with("readability_f1"));
        // A typo in a key is an error, not a silently ignored floor.
        assert!(toml::from_str::<Floors>("readability_F1 = 0.9").is_err());
    }
}
