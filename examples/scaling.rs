//! Scaling checks: is the cost of one page linear in its size, and what do
//! pathological pages (a million sibling elements) cost?
//!
//!     cargo run --release --example scaling                 # everything
//!     cargo run --release --example scaling -- --sizes      # only the size series
//!     cargo run --release --example scaling -- --siblings   # only the pathological pages
//!     cargo run --release --example scaling -- --page FILE  # grow another real page
//!     cargo run --release --example scaling -- --keep DIR   # keep the pages (to profile them)
//!
//! Size series: a real page (default `../shared/data/trafilatura-eval/cache/stackoverflow.com.rust.html`)
//! grows to about 100 KB, 1 MB and 10 MB in two ways, its own markup repeated
//! (never one giant text node): "long article" repeats the inner HTML of its
//! article body (the element with the most `<p>` children) in a bare page, so
//! every size is nearly all article; "endless page" repeats the whole `<body>`,
//! chrome and all, as an infinite-scroll page would. Each page is cleaned in a
//! child process (so peak RSS is its own) and broken down by stage; the time
//! per MB should stay flat and the 10 MB / 100 KB time ratio should be about
//! the size ratio. (In the endless series the 100 KB page is the original, whose
//! article is one copy among the chrome, while from 1 MB on the article region
//! takes every copy: expect its ms/MB to rise once between 100 KB and 1 MB.)
//!
//! Pathological pages: 1,000,000 sibling elements of a few kinds, cleaned in a
//! child process, then once more stage by stage (`rinse::stages`) to show where
//! the time and memory go (each stage's time and the peak RSS after it).
//!
//! Child mode (used by the above): `scaling --child FILE [--stages]` cleans one
//! page (the fastest of 1 to 20 runs) and prints one line of figures.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rinse::{stages, Pipeline, RawPage};

/// Peak resident set size of this process in KiB (Linux), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "?".into(), |k| format!("{:.0}", k as f64 / 1024.0))
}

/// Cleans `path` (the fastest of 1 to 20 runs) and prints `secs=… rss_mib=…
/// words=…`; with `stages`, runs every stage once instead and prints each one's
/// time and the peak RSS after it.
fn child(path: &Path, with_stages: bool) -> Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let pipeline = Pipeline::new()?;
    let page = RawPage::new(bytes);
    if with_stages {
        let mut times = Vec::new();
        let mut lap = Instant::now();
        let mut mark = |name: &str, times: &mut Vec<String>| {
            times.push(format!(
                "{name} {:.1} ({})",
                lap.elapsed().as_secs_f64() * 1e3,
                mib(peak_rss_kib())
            ));
            lap = Instant::now();
        };
        let text = stages::decode(&page);
        mark("decode", &mut times);
        let slim = stages::prepass(&text, &pipeline);
        mark("prepass", &mut times);
        let doc = stages::parse(&slim);
        mark("parse", &mut times);
        let meta = stages::metadata(&doc);
        mark("metadata", &mut times);
        let mut blocks = stages::blocks(&doc);
        mark("blocks", &mut times);
        stages::normalize(&mut blocks);
        mark("normalize", &mut times);
        let mut article = stages::find_article(&blocks, &meta);
        mark("find_article", &mut times);
        stages::clean_structure(&blocks, &mut article, pipeline.rules(), &meta);
        mark("clean_structure", &mut times);
        stages::block_rules(pipeline.rules(), &blocks, &mut article);
        mark("block_rules", &mut times);
        let out = stages::assemble(&article);
        mark("assemble", &mut times);
        drop(doc);
        mark("drop tree", &mut times);
        println!(
            "stages, ms (peak RSS so far, MiB): {}; {} blocks, {} in article, {} bytes out",
            times.join(", "),
            blocks.len(),
            article.len(),
            out.len()
        );
        return Ok(());
    }
    // The fastest of a few runs (about 20 MB of input in all, 1 to 20 runs):
    // one run of a small page is at the mercy of the machine's other work.
    let runs = (20_000_000 / page.bytes.len().max(1)).clamp(1, 20);
    let mut best = f64::INFINITY;
    let mut words = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let article = pipeline.clean(&page);
        best = best.min(start.elapsed().as_secs_f64());
        words = article.word_count();
    }
    println!(
        "secs={best:.4} rss_mib={} words={words} runs={runs}",
        mib(peak_rss_kib()),
    );
    Ok(())
}

/// Runs this program in child mode on `file` and returns its output line.
fn run_child(file: &Path, with_stages: bool) -> Result<String> {
    let exe = std::env::current_exe()?;
    let mut cmd = Command::new(exe);
    cmd.arg("--child").arg(file);
    if with_stages {
        cmd.arg("--stages");
    }
    let out = cmd.output()?;
    if !out.status.success() {
        bail!(
            "child failed on {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The value of `key=` in a child's output line.
fn field(line: &str, key: &str) -> Option<f64> {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
}

/// An element of a page: its serialized HTML and its inner HTML.
struct Part {
    outer: String,
    inner: String,
}

/// The page serialized, its `<body>`, its `<title>` text and its article body:
/// the element with the most `<p>` children (the first such in document order).
fn parts(html: &str) -> Result<(String, Part, String, Part)> {
    let doc = scraper::Html::parse_document(html);
    let sel = |s: &str| scraper::Selector::parse(s).map_err(|e| anyhow::anyhow!("{e}"));
    let part = |el: scraper::ElementRef<'_>| Part {
        outer: el.html(),
        inner: el.inner_html(),
    };
    let body = doc.select(&sel("body")?).next().context("no <body>")?;
    let title = doc
        .select(&sel("title")?)
        .next()
        .map(|t| t.text().collect::<String>())
        .unwrap_or_default();
    // Parents in document order with their <p> counts.
    let mut counts: Vec<(ego_tree::NodeId, usize)> = Vec::new();
    for el in doc.select(&sel("p")?) {
        let Some(parent) = el.parent() else { continue };
        match counts.iter_mut().find(|(id, _)| *id == parent.id()) {
            Some((_, n)) => *n += 1,
            None => counts.push((parent.id(), 1)),
        }
    }
    let most = counts
        .iter()
        .map(|(_, n)| *n)
        .max()
        .context("the page has no <p>")?;
    let article = counts
        .iter()
        .find(|(_, n)| *n == most)
        .and_then(|(id, _)| doc.tree.get(*id))
        .and_then(scraper::ElementRef::wrap)
        .context("the article container is not an element")?;
    Ok((doc.html(), part(body), title, part(article)))
}

/// `page` grown to about `target` bytes by repeating the inner HTML of `part`
/// (which `page` holds) inside it.
fn grow(page: &str, part: &Part, target: usize) -> Result<String> {
    let at = page
        .find(&part.outer)
        .context("element not found in the serialized page")?;
    let close_len = part.outer.len() - part.outer.rfind("</").context("element has no end tag")?;
    let open_len = part
        .outer
        .len()
        .checked_sub(part.inner.len() + close_len)
        .context("element's inner HTML is not inside it")?;
    let unit = part.inner.len().max(1);
    let copies = (target.saturating_sub(page.len() - part.inner.len()) / unit).max(1);
    let mut out = String::with_capacity(page.len() + copies * unit);
    out.push_str(&page[..at + open_len]);
    for _ in 0..copies {
        out.push_str(&part.inner);
    }
    out.push_str(&page[at + open_len + part.inner.len()..]);
    Ok(out)
}

/// Cleans `page` grown to about 100 KB, 1 MB and 10 MB in child processes and
/// prints the figures.
fn series(what: &str, tag: &str, page: &str, part: &Part, dir: &Path) -> Result<()> {
    println!("{what} ({} KB unit repeated):", part.inner.len() / 1000);
    let mut rows = Vec::new();
    for (label, target) in [("100KB", 100_000), ("1MB", 1_000_000), ("10MB", 10_000_000)] {
        let grown = grow(page, part, target)?;
        let file = dir.join(format!("{tag}-{label}.html"));
        std::fs::write(&file, &grown)?;
        let line = run_child(&file, false)?;
        let secs = field(&line, "secs").unwrap_or(f64::NAN);
        let mb = grown.len() as f64 / 1e6;
        println!(
            "  {label:>5}: {:>10} bytes  {secs:>8.4} s  {:>6.1} ms/MB  peak RSS {:>5} MiB  {:>7} words",
            grown.len(),
            secs * 1e3 / mb,
            field(&line, "rss_mib").map_or("?".into(), |v| v.to_string()),
            field(&line, "words").map_or("?".into(), |v| v.to_string()),
        );
        println!("         {}", run_child(&file, true)?);
        rows.push((grown.len() as f64, secs));
    }
    if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
        println!(
            "  10MB / 100KB: time x{:.1} for size x{:.1} (linear when they match)",
            last.1 / first.1,
            last.0 / first.0
        );
    }
    Ok(())
}

fn sizes(source: &Path, dir: &Path) -> Result<()> {
    let bytes =
        std::fs::read(source).with_context(|| format!("cannot read {}", source.display()))?;
    let html = stages::decode(&RawPage::new(bytes));
    let (page, body, title, article) = parts(&html)?;
    println!(
        "size series from {} ({} KB serialized)",
        source.display(),
        page.len() / 1000
    );
    // The article body alone in a bare page: an ever longer article.
    let bare = format!(
        "<!DOCTYPE html><html><head><title>{title}</title></head><body>{}</body></html>",
        article.outer
    );
    series(
        "long article: its body repeated in a bare page",
        "article",
        &bare,
        &article,
        dir,
    )?;
    // The whole body repeated, chrome and all: an endless-scroll page.
    series(
        "endless page: the whole <body> repeated",
        "endless",
        &page,
        &body,
        dir,
    )?;
    Ok(())
}

fn siblings(dir: &Path) -> Result<()> {
    const N: usize = 1_000_000;
    let cases: [(&str, &str, &str, &str); 4] = [
        ("div", "<div>x</div>", "", ""),
        ("p", "<p>Some words here.</p>", "", ""),
        ("li", "<li>item</li>", "<ul>", "</ul>"),
        ("span", "<span>x</span>", "<div>", "</div>"),
    ];
    println!("pathological pages: {N} sibling elements in <body>");
    for (name, el, open, close) in cases {
        let mut html = String::with_capacity(N * el.len() + 64);
        html.push_str("<!DOCTYPE html><html><head><title>siblings</title></head><body>");
        html.push_str(open);
        for _ in 0..N {
            html.push_str(el);
        }
        html.push_str(close);
        html.push_str("</body></html>");
        let file = dir.join(format!("siblings-{name}.html"));
        std::fs::write(&file, &html)?;
        let line = run_child(&file, false)?;
        println!(
            "  {:<24} {:>5.1} MB  clean {:>7.2} s  peak RSS {:>5} MiB",
            format!("{N} x {el}"),
            html.len() as f64 / 1e6,
            field(&line, "secs").unwrap_or(f64::NAN),
            field(&line, "rss_mib").map_or("?".into(), |v| v.to_string()),
        );
        println!("      {}", run_child(&file, true)?);
    }
    Ok(())
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut page = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/trafilatura-eval/cache/stackoverflow.com.rust.html");
    let (mut do_sizes, mut do_siblings) = (false, false);
    let mut keep: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--child" => {
                let file = PathBuf::from(args.next().context("--child FILE")?);
                let with_stages = args.next().as_deref() == Some("--stages");
                return child(&file, with_stages);
            }
            "--sizes" => do_sizes = true,
            "--siblings" => do_siblings = true,
            "--page" => page = PathBuf::from(args.next().context("--page FILE")?),
            "--keep" => keep = Some(PathBuf::from(args.next().context("--keep DIR")?)),
            other => bail!("unexpected argument {other}"),
        }
    }
    if !do_sizes && !do_siblings {
        (do_sizes, do_siblings) = (true, true);
    }
    let dir = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("rinse-scaling-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir)?;
    let result = (|| {
        if do_sizes {
            sizes(&page, &dir)?;
        }
        if do_siblings {
            siblings(&dir)?;
        }
        Ok(())
    })();
    if keep.is_none() {
        std::fs::remove_dir_all(&dir).ok();
    }
    result
}
