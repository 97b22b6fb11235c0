//! Checks rinse's parse against html5ever's own on every page of a folder
//! (recursively: .html, .htm): each page is decoded, then parsed both ways, as
//! it is before the pre-pass and as it is after it (what the pipeline parses),
//! and the two trees compared node by node. Prints each page whose trees
//! differ, with the first differing node, and exits with 1 if any did.
//!
//!     cargo run --release --example parse_diff -- ../shared/data/trafilatura-eval

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use rinse::{stages, Pipeline, RawPage};

fn main() -> Result<()> {
    let dir: PathBuf = std::env::args()
        .nth(1)
        .context("usage: parse_diff DIR")?
        .into();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry?;
        let html = entry
            .path()
            .extension()
            .is_some_and(|e| e == "html" || e == "htm");
        if entry.file_type().is_file() && html {
            files.push(entry.into_path());
        }
    }
    if files.is_empty() {
        bail!("no pages under {}", dir.display());
    }
    let pipeline = Pipeline::new()?;
    let differ: Vec<String> = files
        .par_iter()
        .filter_map(|path| {
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => return Some(format!("{}: unreadable: {e}", path.display())),
            };
            let text = stages::decode(&RawPage::new(bytes));
            let slim = stages::prepass(&text, &pipeline);
            let found: Vec<String> = [("page", &text), ("pre-passed", &slim)]
                .into_iter()
                .filter_map(|(what, html)| {
                    stages::parse_difference(html).map(|d| format!("  {what}: {d}"))
                })
                .collect();
            (!found.is_empty()).then(|| format!("{}\n{}", path.display(), found.join("\n")))
        })
        .collect();
    for d in &differ {
        println!("{d}");
    }
    println!(
        "{} pages, {} with trees that differ",
        files.len(),
        differ.len()
    );
    if !differ.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}
