//! Per-stage costs of `Pipeline::clean` on a few real pages: five pages of
//! trafilatura's evaluation set in `../shared/data/trafilatura-eval/cache/`
//! (6 KB to 383 KB; another folder with `RINSE_BENCH_PAGES=DIR`), or the
//! project's own fixture pages when that data is not there.
//!
//!     cargo bench --bench stages                 # every stage, every page
//!     cargo bench --bench stages -- parse/       # one stage (criterion's name filter)
//!
//! One criterion group per stage, one benchmark per page, each fed the output of
//! the stages before it (computed once, outside the timing), with the page's
//! size as throughput so stages compare in MB/s of input. The stages come from
//! `rinse::stages`, thin wrappers over the functions the pipeline calls.
//! `reflow` runs the plain-text path on the page's cleaned text hard-wrapped at
//! 72 columns; `clean` is the whole pipeline. Sample counts and times are kept
//! short so the whole run takes about two minutes on two cores.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use rinse::{stages, Metadata, Pipeline, RawPage};

/// One bench page and every stage's input, computed once.
struct Prepared {
    name: String,
    raw: RawPage,
    text: String,
    slim: String,
    doc: stages::Document,
    meta: Metadata,
    blocks: stages::Blocks,
    normalized: stages::Blocks,
    found: stages::ArticleBlocks,
    structured: stages::ArticleBlocks,
    ruled: stages::ArticleBlocks,
    wrapped: String,
}

/// `text` with every paragraph hard-wrapped at `width` columns, as a text dump
/// of a page would be.
fn hard_wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for para in text.split("\n\n") {
        let mut col = 0;
        for word in para.split_whitespace() {
            let len = word.chars().count();
            if col > 0 && col + 1 + len > width {
                out.push('\n');
                col = 0;
            } else if col > 0 {
                out.push(' ');
                col += 1;
            }
            out.push_str(word);
            col += len;
        }
        out.push_str("\n\n");
    }
    out
}

/// The evaluation pages used, chosen for their spread of size and kind: a small
/// club page in windows-1252, a regional news item, a long Q&A post with code,
/// a tech news article and a wire story on a heavy news page.
const EVAL_PAGES: &[&str] = &[
    "hundeverein-kreisunna.de.html",
    "sonntag-sachsen.de.emanuel.html",
    "stackoverflow.com.rust.html",
    "theverge.com.ios13.html",
    "reuters.com.parasite.html",
];

/// The pages to measure (see the file's header).
fn page_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(dir) = std::env::var_os("RINSE_BENCH_PAGES") {
        return std::fs::read_dir(dir)
            .expect("RINSE_BENCH_PAGES is a readable folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "html"))
            .collect();
    }
    let eval = root.join("../shared/data/trafilatura-eval/cache");
    let pages: Vec<PathBuf> = EVAL_PAGES
        .iter()
        .map(|name| eval.join(name))
        .filter(|p| p.is_file())
        .collect();
    if !pages.is_empty() {
        return pages;
    }
    walkdir::WalkDir::new(root.join("fixtures"))
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.file_name().is_some_and(|n| n == "input.html"))
        .collect()
}

fn prepare(pipeline: &Pipeline) -> Vec<Prepared> {
    let mut files = page_files();
    files.sort_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
    assert!(!files.is_empty(), "no bench pages found");
    files
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).expect("bench page is readable");
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let raw = RawPage::new(bytes);
            let text = stages::decode(&raw);
            let slim = stages::prepass(&text, pipeline);
            let doc = stages::parse(&slim);
            let meta = stages::metadata(&doc);
            let blocks = stages::blocks(&doc);
            let mut normalized = blocks.clone();
            stages::normalize(&mut normalized);
            let found = stages::find_article(&normalized, &meta);
            let mut structured = found.clone();
            stages::clean_structure(&normalized, &mut structured, pipeline.rules(), &meta);
            let mut ruled = structured.clone();
            stages::block_rules(pipeline.rules(), &normalized, &mut ruled);
            let clean = stages::assemble(&ruled);
            assert_eq!(
                clean,
                pipeline.clean(&raw).text,
                "stages differ from clean: {name}"
            );
            if clean.is_empty() {
                // A fixture of an empty page: nothing to measure.
                return None;
            }
            let wrapped = hard_wrap(&clean, 72);
            Some(Prepared {
                name,
                raw,
                text,
                slim,
                doc,
                meta,
                blocks,
                normalized,
                found,
                structured,
                ruled,
                wrapped,
            })
        })
        .collect()
}

fn bench_stages(c: &mut Criterion) {
    let pipeline = Pipeline::new().expect("bundled rules load");
    let pages = prepare(&pipeline);
    let rules = pipeline.rules();

    // Each stage: (name, the timed call on one prepared page).
    type Stage<'a> = (
        &'a str,
        Box<dyn Fn(&mut criterion::Bencher<'_>, &Prepared) + 'a>,
    );
    let stage_list: Vec<Stage<'_>> = vec![
        (
            "decode",
            Box::new(|b, p| b.iter(|| stages::decode(black_box(&p.raw)))),
        ),
        (
            "prepass",
            Box::new(|b, p| b.iter(|| stages::prepass(black_box(&p.text), &pipeline))),
        ),
        (
            "parse",
            Box::new(|b, p| b.iter(|| stages::parse(black_box(&p.slim)))),
        ),
        (
            // The same pre-passed page through html5ever's own tokenizer:
            // what rinse's tokenizer is compared with.
            "parse_html5ever",
            Box::new(|b, p| b.iter(|| stages::parse_html5ever(black_box(&p.slim)))),
        ),
        (
            "metadata",
            Box::new(|b, p| b.iter(|| stages::metadata(black_box(&p.doc)))),
        ),
        (
            "blocks",
            Box::new(|b, p| b.iter(|| stages::blocks(black_box(&p.doc)))),
        ),
        (
            "normalize",
            Box::new(|b, p| {
                b.iter_batched(
                    || p.blocks.clone(),
                    |mut blocks| {
                        stages::normalize(&mut blocks);
                        blocks
                    },
                    BatchSize::LargeInput,
                )
            }),
        ),
        (
            "find_article",
            Box::new(|b, p| b.iter(|| stages::find_article(black_box(&p.normalized), &p.meta))),
        ),
        (
            "clean_structure",
            Box::new(move |b, p| {
                b.iter_batched(
                    || p.found.clone(),
                    |mut article| {
                        stages::clean_structure(&p.normalized, &mut article, rules, &p.meta);
                        article
                    },
                    BatchSize::LargeInput,
                )
            }),
        ),
        (
            "block_rules",
            Box::new(move |b, p| {
                b.iter_batched(
                    || p.structured.clone(),
                    |mut article| {
                        stages::block_rules(rules, &p.normalized, &mut article);
                        article
                    },
                    BatchSize::LargeInput,
                )
            }),
        ),
        (
            "assemble",
            Box::new(|b, p| b.iter(|| stages::assemble(black_box(&p.ruled)))),
        ),
        (
            "reflow",
            Box::new(|b, p| b.iter(|| stages::reflow(black_box(&p.wrapped)))),
        ),
        (
            "clean",
            Box::new(|b, p| b.iter(|| pipeline.clean(black_box(&p.raw)))),
        ),
    ];

    for (stage, run) in &stage_list {
        let mut group = c.benchmark_group(*stage);
        for page in &pages {
            group.throughput(Throughput::Bytes(page.raw.bytes.len() as u64));
            group.bench_function(page.name.as_str(), |b| run(b, page));
        }
        group.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_stages
}
criterion_main!(benches);
