//! Throughput benchmark: cleans every page of a folder (recursively: .html, .htm,
//! .txt) held in memory, on one thread or `-j N`, and reports pages/s, MB/s of
//! input and peak RSS; `--parse-only` runs the same pass doing only the
//! html5ever parse (the ceiling a tree-building extractor cannot beat).
//! `--compare` runs both, one pass of each in turn (`--passes` pairs), and
//! reports the best and median pass of each and the median of the per-pair
//! speed ratios: on a shared machine whose load drifts, passes taken side by
//! side are the fair comparison.
//!
//!     cargo run --release --example throughput -- ../shared/data/trafilatura-eval [-j 2] [--passes 3] [--parse-only | --compare]

use std::path::{Path, PathBuf};
use std::time::Instant;

/// The allocator rinse ships with: the parser allocates per token and per node.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry?;
        let ok = entry
            .path()
            .extension()
            .is_some_and(|e| e == "html" || e == "htm" || e == "txt");
        if entry.file_type().is_file() && ok {
            out.push(entry.into_path());
        }
    }
    Ok(())
}

/// Peak resident set size of this process in KiB (Linux), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut jobs = 1usize;
    let mut passes = 1usize;
    let mut parse_only = false;
    let mut compare = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "-j" => jobs = args.next().context("-j N")?.parse()?,
            "--passes" => passes = args.next().context("--passes N")?.parse()?,
            "--parse-only" => parse_only = true,
            "--compare" => compare = true,
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            other => bail!("unexpected argument {other}"),
        }
    }
    let dir =
        dir.context("usage: throughput DIR [-j N] [--passes N] [--parse-only | --compare]")?;
    let mut files = Vec::new();
    collect(&dir, &mut files)?;
    let pages: Vec<Vec<u8>> = files
        .iter()
        .map(std::fs::read)
        .collect::<std::io::Result<_>>()?;
    let bytes: usize = pages.iter().map(Vec::len).sum();
    if pages.is_empty() {
        bail!("no pages under {}", dir.display());
    }
    let pipeline = rinse::Pipeline::new()?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    // For the parse-only ceiling, decode up front so only the parse is timed.
    let texts: Vec<String> = if parse_only || compare {
        pages
            .iter()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect()
    } else {
        Vec::new()
    };
    let clean_pass = || -> usize {
        pool.install(|| {
            pages
                .par_iter()
                .map(|p| {
                    pipeline
                        .clean(&rinse::RawPage::new(p.as_slice()))
                        .word_count()
                })
                .sum::<usize>()
        })
    };
    let parse_pass = || -> usize {
        pool.install(|| {
            texts
                .par_iter()
                .map(|t| scraper::Html::parse_document(t).tree.nodes().count())
                .sum::<usize>()
        })
    };
    let summary = format!(
        "{} pages ({:.1} MB, avg {:.0} KB), -j {jobs}",
        pages.len(),
        bytes as f64 / 1e6,
        bytes as f64 / pages.len() as f64 / 1e3,
    );
    let rss = || peak_rss_kib().map_or_else(|| "?".into(), |k| (k / 1024).to_string());
    if compare {
        let timed = |pass: &dyn Fn() -> usize| {
            let start = Instant::now();
            let sum = pass();
            (start.elapsed().as_secs_f64(), sum)
        };
        let (mut clean_secs, mut parse_secs) = (Vec::new(), Vec::new());
        let (mut words, mut nodes) = (0, 0);
        for _ in 0..passes {
            let (secs, sum) = timed(&clean_pass);
            clean_secs.push(secs);
            words = sum;
            let (secs, sum) = timed(&parse_pass);
            parse_secs.push(secs);
            nodes = sum;
        }
        // Speed ratio of each side-by-side pair: parse time over clean time.
        let mut ratios: Vec<f64> = parse_secs
            .iter()
            .zip(&clean_secs)
            .map(|(p, c)| p / c)
            .collect();
        let line = |name: &str, secs: &mut Vec<f64>| {
            secs.sort_by(f64::total_cmp);
            let best = secs.first().copied().unwrap_or(f64::NAN);
            let median = secs.get(secs.len() / 2).copied().unwrap_or(f64::NAN);
            println!(
                "  {name}: best {:.1} pages/s ({:.1} MB/s), median {:.1} pages/s",
                pages.len() as f64 / best,
                bytes as f64 / 1e6 / best,
                pages.len() as f64 / median,
            );
        };
        println!("{summary}, {passes} pairs of passes, each pair side by side:");
        line("rinse clean         ", &mut clean_secs);
        line("html5ever parse only", &mut parse_secs);
        ratios.sort_by(f64::total_cmp);
        println!(
            "  clean speed / parse speed per pair: median {:.2} (range {:.2}-{:.2}); peak RSS {} MiB; checksums {words} {nodes}",
            ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN),
            ratios.first().copied().unwrap_or(f64::NAN),
            ratios.last().copied().unwrap_or(f64::NAN),
            rss(),
        );
        return Ok(());
    }
    let start = Instant::now();
    let mut words = 0usize;
    for _ in 0..passes {
        words += if parse_only {
            parse_pass()
        } else {
            clean_pass()
        };
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (pages.len() * passes) as f64;
    let mb = (bytes * passes) as f64 / 1e6;
    println!(
        "{} {summary} x{passes}: {:.1} pages/s, {:.1} MB/s, {:.2} s; peak RSS {} MiB; checksum {words}",
        if parse_only { "html5ever parse only:" } else { "rinse clean:" },
        n / secs,
        mb / secs,
        secs,
        rss(),
    );
    Ok(())
}
