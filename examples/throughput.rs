//! Throughput benchmark: cleans every page of a folder (recursively: .html, .htm,
//! .txt) held in memory, on one thread or `-j N`, and reports pages/s, MB/s of
//! input and peak RSS; `--parse-only` runs the same pass doing only the
//! html5ever parse (the ceiling a tree-building extractor cannot beat).
//!
//!     cargo run --release --example throughput -- ../shared/data/trafilatura-eval [-j 2] [--passes 3] [--parse-only]

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
    while let Some(a) = args.next() {
        match a.as_str() {
            "-j" => jobs = args.next().context("-j N")?.parse()?,
            "--passes" => passes = args.next().context("--passes N")?.parse()?,
            "--parse-only" => parse_only = true,
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            other => bail!("unexpected argument {other}"),
        }
    }
    let dir = dir.context("usage: throughput DIR [-j N] [--passes N] [--parse-only]")?;
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
    let texts: Vec<String> = if parse_only {
        pages
            .iter()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect()
    } else {
        Vec::new()
    };
    let start = Instant::now();
    let mut words = 0usize;
    for _ in 0..passes {
        words += pool.install(|| {
            if parse_only {
                texts
                    .par_iter()
                    .map(|t| scraper::Html::parse_document(t).tree.nodes().count())
                    .sum::<usize>()
            } else {
                pages
                    .par_iter()
                    .map(|p| {
                        pipeline
                            .clean(&rinse::RawPage::new(p.as_slice()))
                            .word_count()
                    })
                    .sum::<usize>()
            }
        });
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (pages.len() * passes) as f64;
    let mb = (bytes * passes) as f64 / 1e6;
    println!(
        "{} {} pages ({:.1} MB, avg {:.0} KB) x{passes}, -j {jobs}: {:.1} pages/s, {:.1} MB/s, {:.2} s; peak RSS {} MiB; checksum {words}",
        if parse_only { "html5ever parse only:" } else { "rinse clean:" },
        pages.len(),
        bytes as f64 / 1e6,
        bytes as f64 / pages.len() as f64 / 1e3,
        n / secs,
        mb / secs,
        secs,
        peak_rss_kib().map_or_else(|| "?".into(), |k| (k / 1024).to_string()),
    );
    Ok(())
}
