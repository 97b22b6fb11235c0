//! Loading the two evaluation data sets and running an extractor over them.
//!
//! Each runner reads one page at a time, times only the extraction call (single thread,
//! file reading excluded) and scores the result with [`crate::metric`].

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::metric::{score_page, score_snippets, PageScore, SnippetResult, Tokenizer};
use crate::visible::{visible_text, CharsetSniffer};

/// Folder of the readability-pages set inside the data folder.
pub const READABILITY_DIR: &str = "readability-pages";
/// Folder of the trafilatura-eval set inside the data folder.
pub const TRAFILATURA_DIR: &str = "trafilatura-eval";

/// What turns a page into text.
pub enum Extractor<'a> {
    /// rinse's pipeline: `article.text`.
    Rinse(&'a rinse::Pipeline),
    /// No extraction: all visible text of the page, decoded by the sniffer.
    Visible(&'a CharsetSniffer),
}

impl Extractor<'_> {
    /// Short name for reports.
    pub fn name(&self) -> &'static str {
        match self {
            Extractor::Rinse(_) => "rinse",
            Extractor::Visible(_) => "visible",
        }
    }

    /// Extracts the text of one page and returns it with the time the extraction took and
    /// rinse's removal records (one `rule<TAB>text` line each; empty for a baseline).
    ///
    /// For rinse only `Pipeline::clean` is timed (building the `RawPage` is not).
    fn run(&self, bytes: Vec<u8>, url: Option<&str>) -> (String, Duration, String) {
        match self {
            Extractor::Rinse(pipeline) => {
                let mut page = rinse::RawPage::new(bytes);
                if let Some(url) = url {
                    page = page.with_url(url);
                }
                let start = Instant::now();
                let article = pipeline.clean(&page);
                let elapsed = start.elapsed();
                let removed = article
                    .removed
                    .iter()
                    .map(|r| format!("{}\t{}\n", r.rule, r.text))
                    .collect();
                (article.text, elapsed, removed)
            }
            Extractor::Visible(sniffer) => {
                let start = Instant::now();
                let text = visible_text(&sniffer.decode(&bytes));
                (text, start.elapsed(), String::new())
            }
        }
    }
}

/// Totals common to both data sets: what was processed and how long extraction took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timing {
    /// Pages processed.
    pub pages: usize,
    /// Input bytes given to the extractor.
    pub bytes: u64,
    /// Time spent in the extractor only.
    pub elapsed: Duration,
}

impl Timing {
    fn add(&mut self, bytes: usize, elapsed: Duration) {
        self.pages += 1;
        self.bytes += bytes as u64;
        self.elapsed += elapsed;
    }
}

/// One scored readability page.
#[derive(Debug, Clone)]
pub struct ReadabilityPage {
    /// The page's folder name.
    pub name: String,
    /// Its shingle score.
    pub score: PageScore,
}

/// Result of a run over readability-pages.
#[derive(Debug, Clone)]
pub struct ReadabilityRun {
    /// Every page, in folder name order.
    pub pages: Vec<ReadabilityPage>,
    /// Extraction totals.
    pub timing: Timing,
}

/// Scores `extractor` on `data/readability-pages`, the first `limit` pages by name if given.
pub fn run_readability(
    data: &Path,
    extractor: &Extractor<'_>,
    tokenizer: &Tokenizer,
    sniffer: &CharsetSniffer,
    limit: Option<usize>,
    dump: Option<&Path>,
) -> Result<ReadabilityRun> {
    let dump = dump.map(|d| Dump::new(d, READABILITY_DIR)).transpose()?;
    let root = data.join(READABILITY_DIR);
    let mut names = Vec::new();
    for entry in fs::read_dir(&root).with_context(|| format!("reading {}", root.display()))? {
        let entry = entry.with_context(|| format!("listing {}", root.display()))?;
        if entry.path().join("source.html").is_file() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    if names.is_empty() {
        bail!("no */source.html under {}", root.display());
    }
    names.sort();
    names.truncate(limit.unwrap_or(usize::MAX));

    let mut run = ReadabilityRun {
        pages: Vec::with_capacity(names.len()),
        timing: Timing::default(),
    };
    for name in names {
        let dir = root.join(&name);
        let source = read(&dir.join("source.html"))?;
        let expected = read(&dir.join("expected.html"))?;
        let gold = visible_text(&sniffer.decode(&expected));
        let size = source.len();
        let (text, elapsed, removed) = extractor.run(source, None);
        run.timing.add(size, elapsed);
        let score = score_page(tokenizer, &text, &gold);
        if let Some(dump) = &dump {
            dump.write(&format!("{name}.out.txt"), &text)?;
            dump.write(&format!("{name}.gold.txt"), &gold)?;
            dump.write(&format!("{name}.removed.txt"), &removed)?;
        }
        run.pages.push(ReadabilityPage { name, score });
    }
    if let Some(dump) = &dump {
        let mut tsv = String::from("page\tf1\tprecision\trecall\n");
        for p in &run.pages {
            tsv.push_str(&format!(
                "{}\t{:.4}\t{:.4}\t{:.4}\n",
                p.name,
                p.score.f1(),
                p.score.precision,
                p.score.recall
            ));
        }
        dump.write("scores.tsv", &tsv)?;
    }
    Ok(run)
}

/// One entry of `evaldata.json` (other fields are ignored).
#[derive(Debug, Clone, Deserialize)]
struct EvalEntry {
    file: String,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

/// One scored trafilatura-eval page.
#[derive(Debug, Clone)]
pub struct TrafilaturaPage {
    /// The page's file name.
    pub file: String,
    /// The page's URL (the key in `evaldata.json`).
    pub url: String,
    /// Its snippet counts and wrong snippets.
    pub result: SnippetResult,
    /// Whether the extractor returned no text at all.
    pub empty: bool,
}

/// Result of a run over trafilatura-eval.
#[derive(Debug, Clone)]
pub struct TrafilaturaRun {
    /// Every page, in URL order.
    pub pages: Vec<TrafilaturaPage>,
    /// Extraction totals.
    pub timing: Timing,
}

/// Scores `extractor` on `data/trafilatura-eval`, the first `limit` pages by URL if given.
pub fn run_trafilatura(
    data: &Path,
    extractor: &Extractor<'_>,
    limit: Option<usize>,
    dump: Option<&Path>,
) -> Result<TrafilaturaRun> {
    let dump = dump.map(|d| Dump::new(d, TRAFILATURA_DIR)).transpose()?;
    let root = data.join(TRAFILATURA_DIR);
    let index = root.join("evaldata.json");
    let json =
        fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    let entries: BTreeMap<String, EvalEntry> =
        serde_json::from_str(&json).with_context(|| format!("parsing {}", index.display()))?;
    if entries.is_empty() {
        bail!("{} lists no pages", index.display());
    }

    let mut run = TrafilaturaRun {
        pages: Vec::with_capacity(entries.len()),
        timing: Timing::default(),
    };
    for (url, entry) in entries.into_iter().take(limit.unwrap_or(usize::MAX)) {
        let path = page_path(&root, &entry.file)?;
        let bytes = read(&path)?;
        let size = bytes.len();
        let (text, elapsed, removed) = extractor.run(bytes, Some(&url));
        run.timing.add(size, elapsed);
        let result = score_snippets(&text, &entry.with, &entry.without);
        if let Some(dump) = &dump {
            let mut wrong = String::new();
            for m in &result.missing {
                wrong.push_str(&format!("missing\t{m}\n"));
            }
            for u in &result.unwanted {
                wrong.push_str(&format!("unwanted\t{u}\n"));
            }
            dump.write(&format!("{}.out.txt", entry.file), &text)?;
            dump.write(&format!("{}.wrong.txt", entry.file), &wrong)?;
            dump.write(&format!("{}.removed.txt", entry.file), &removed)?;
        }
        run.pages.push(TrafilaturaPage {
            file: entry.file,
            url,
            result,
            empty: text.trim().is_empty(),
        });
    }
    if let Some(dump) = &dump {
        let mut tsv = String::from("file\tfn\tfp\turl\n");
        for p in &run.pages {
            tsv.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                p.file, p.result.counts.fn_, p.result.counts.fp, p.url
            ));
        }
        dump.write("scores.tsv", &tsv)?;
    }
    Ok(run)
}

/// The folder `--dump` writes one data set's files into.
struct Dump {
    dir: PathBuf,
}

impl Dump {
    fn new(root: &Path, set: &str) -> Result<Dump> {
        let dir = root.join(set);
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Dump { dir })
    }

    fn write(&self, name: &str, text: &str) -> Result<()> {
        let path = self.dir.join(name);
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
    }
}

/// `eval/NAME` or else `cache/NAME`.
fn page_path(root: &Path, file: &str) -> Result<PathBuf> {
    for folder in ["eval", "cache"] {
        let path = root.join(folder).join(file);
        if path.is_file() {
            return Ok(path);
        }
    }
    bail!(
        "page {file} is in neither eval/ nor cache/ of {}",
        root.display()
    )
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("reading {}", path.display()))
}
