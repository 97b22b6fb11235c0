//! The cleaning run: inputs cleaned in parallel (rayon) in bounded windows, results
//! written in input order as they complete, each failure reported on stderr and
//! in JSON output, never stopping the run.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use rinse::{Article, InputFormat, Pipeline, RawPage, Record};

use super::args::{CleanArgs, FormatArg, InputFormatArg};
use super::inputs::{self, Input, Source};

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Inputs cleaned.
    pub ok: usize,
    /// Inputs that failed.
    pub failed: usize,
}

/// Where results go.
enum Sink {
    /// One stream (stdout or a file); `batch` means JSONL regardless of format.
    Stream { out: Box<dyn Write>, batch: bool },
    /// One file per input under a folder.
    Folder(PathBuf),
}

/// One input's result.
type Outcome = Result<Article, String>;

fn page_url(args: &CleanArgs, input: &Input) -> Option<String> {
    match &input.source {
        Source::Url(u) => Some(u.clone()),
        _ => args.url.clone(),
    }
}

fn process(pipeline: &Pipeline, args: &CleanArgs, input: &Input) -> Outcome {
    let bytes = inputs::read(input, args.max_bytes)?;
    let mut page = RawPage::new(bytes).with_format(match args.input_format {
        InputFormatArg::Auto => InputFormat::Auto,
        InputFormatArg::Html => InputFormat::Html,
        InputFormatArg::Text => InputFormat::Text,
    });
    page.url = page_url(args, input);
    Ok(pipeline.clean(&page))
}

fn extension(format: FormatArg) -> &'static str {
    match format {
        FormatArg::Text => "txt",
        FormatArg::Markdown => "md",
        FormatArg::Json | FormatArg::Jsonl => "json",
    }
}

/// The record of a result as a JSON value (an `error` object for failed reads).
fn json_value(args: &CleanArgs, input: &Input, outcome: &Outcome) -> serde_json::Value {
    let url = page_url(args, input);
    match outcome {
        Ok(article) => {
            serde_json::to_value(Record::new(article, Some(&input.display), url.as_deref()))
                .unwrap_or_else(
                    |e| serde_json::json!({"source": input.display, "error": e.to_string()}),
                )
        }
        Err(reason) => serde_json::json!({"source": input.display, "url": url, "error": reason}),
    }
}

/// The output of one successful result in a single-output format.
fn render(args: &CleanArgs, input: &Input, article: &Article, outcome: &Outcome) -> String {
    match args.format {
        FormatArg::Text => article.text.clone(),
        FormatArg::Markdown => rinse::to_markdown(article),
        FormatArg::Json => {
            let mut s =
                serde_json::to_string_pretty(&json_value(args, input, outcome)).unwrap_or_default();
            s.push('\n');
            s
        }
        FormatArg::Jsonl => {
            let mut s = json_value(args, input, outcome).to_string();
            s.push('\n');
            s
        }
    }
}

fn explain(input: &Input, outcome: &Outcome) {
    let Ok(article) = outcome else { return };
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "== {}: {} removal(s)",
        input.display,
        article.removed.len()
    );
    for r in &article.removed {
        let stage = serde_json::to_value(r.stage)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let file = r
            .file
            .as_deref()
            .map(|f| format!(" ({f})"))
            .unwrap_or_default();
        let _ = writeln!(err, "  [{stage}] {}{file}: {:?}", r.rule, r.text);
    }
    for n in &article.notes {
        let _ = writeln!(err, "  note: {n}");
    }
}

fn write_result(args: &CleanArgs, sink: &mut Sink, input: &Input, outcome: &Outcome) -> Result<()> {
    let failure = match outcome {
        Ok(a) => a.empty_reason.clone(),
        Err(e) => Some(e.clone()),
    };
    if let Some(reason) = &failure {
        eprintln!("rinse: {}: {reason}", input.display);
    }
    match sink {
        Sink::Stream { out, batch } => {
            let json_stream = *batch || matches!(args.format, FormatArg::Json | FormatArg::Jsonl);
            if json_stream {
                let text = if *batch || args.format == FormatArg::Jsonl {
                    let mut s = json_value(args, input, outcome).to_string();
                    s.push('\n');
                    s
                } else {
                    let mut s = serde_json::to_string_pretty(&json_value(args, input, outcome))?;
                    s.push('\n');
                    s
                };
                out.write_all(text.as_bytes())?;
            } else if let (Ok(article), None) = (outcome, &failure) {
                out.write_all(render(args, input, article, outcome).as_bytes())?;
            }
            out.flush()?;
        }
        Sink::Folder(dir) => {
            let target = dir.join(&input.rel).with_extension(extension(args.format));
            let content = match (outcome, &failure) {
                (Ok(article), None) => render(args, input, article, outcome),
                _ if matches!(args.format, FormatArg::Json | FormatArg::Jsonl) => {
                    let mut s = serde_json::to_string_pretty(&json_value(args, input, outcome))?;
                    s.push('\n');
                    s
                }
                _ => return Ok(()),
            };
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            fs::write(&target, content)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
    }
    Ok(())
}

fn open_sink(args: &CleanArgs, inputs: &[Input]) -> Result<Sink> {
    let single = inputs.len() == 1 && !inputs.iter().any(|i| i.from_folder);
    match &args.output {
        None => Ok(Sink::Stream {
            out: Box::new(io::BufWriter::new(io::stdout())),
            batch: !single,
        }),
        Some(path) if single || args.format == FormatArg::Jsonl => {
            create_parent(path)?;
            let file = fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            Ok(Sink::Stream {
                out: Box::new(io::BufWriter::new(file)),
                batch: !single,
            })
        }
        Some(path) => {
            fs::create_dir_all(path)
                .with_context(|| format!("cannot create folder {}", path.display()))?;
            Ok(Sink::Folder(path.clone()))
        }
    }
}

fn create_parent(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    Ok(())
}

/// Cleans every input and writes the results; a failed input is reported and
/// counted, and the run goes on.
pub fn run(args: &CleanArgs, pipeline: &Pipeline) -> Result<Summary> {
    let list = if args.inputs.is_empty() {
        vec!["-".to_string()]
    } else {
        args.inputs.clone()
    };
    let inputs = inputs::expand(&list);
    let mut sink = open_sink(args, &inputs)?;
    let jobs = args.jobs.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;
    let window = pool.current_num_threads().max(1) * 16;
    let progress = (!args.quiet && inputs.len() >= 50 && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} pages, {per_sec}, eta {eta}",
        ) {
            bar.set_style(style);
        }
        bar
    });
    let mut summary = Summary::default();
    for chunk in inputs.chunks(window) {
        let results: Vec<Outcome> = pool.install(|| {
            chunk
                .par_iter()
                .map(|i| process(pipeline, args, i))
                .collect()
        });
        for (input, outcome) in chunk.iter().zip(&results) {
            let failed = match outcome {
                Ok(a) => a.empty_reason.is_some(),
                Err(_) => true,
            };
            if failed {
                summary.failed += 1;
            } else {
                summary.ok += 1;
            }
            write_result(args, &mut sink, input, outcome)?;
            if args.explain {
                explain(input, outcome);
            }
            if let Some(bar) = &progress {
                bar.inc(1);
            }
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let Sink::Stream { out, .. } = &mut sink {
        out.flush()?;
    }
    Ok(summary)
}
