//! Output of a cleaning run: where results go (a stream or a folder), how each
//! is written (text, Markdown, JSON, JSONL; failures as `error` records), the
//! progress bar and stderr messages, and the run's counts.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use rinse::{Article, FetchError, Record};

use super::args::{CleanArgs, FormatArg};
use super::inputs::Input;

/// Why an input gave no article.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The reason, for people.
    pub reason: String,
    /// The fetch error's kind, for JSON (`robots`, `http_status`…).
    pub kind: Option<&'static str>,
    /// Skipped on purpose (robots.txt, not HTML) rather than failed.
    pub skip: bool,
    /// The run was interrupted before this input finished.
    pub interrupted: bool,
}

impl Failure {
    /// A failure to read or clean a local input.
    pub fn local(reason: String) -> Failure {
        Failure {
            reason,
            kind: None,
            skip: false,
            interrupted: false,
        }
    }

    /// A failure to fetch.
    pub fn fetch(e: &FetchError) -> Failure {
        Failure {
            reason: e.to_string(),
            kind: Some(e.kind()),
            skip: e.is_skip(),
            interrupted: matches!(e, FetchError::Interrupted),
        }
    }
}

/// One input's result.
pub type Outcome = Result<Article, Failure>;

/// Results of one kind of input.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Cleaned.
    pub ok: usize,
    /// Failed.
    pub failed: usize,
    /// Skipped (robots.txt, not HTML).
    pub skipped: usize,
    /// Not finished when the run was interrupted.
    pub interrupted: usize,
}

impl Counts {
    fn all(&self) -> usize {
        self.ok + self.failed + self.skipped + self.interrupted
    }
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Files and stdin.
    pub local: Counts,
    /// Fetched URLs.
    pub urls: Counts,
    /// Whether Ctrl-C stopped the run.
    pub interrupted: bool,
}

impl Summary {
    /// 130 when interrupted, 1 when some input gave no article, else 0.
    pub fn exit_code(&self) -> ExitCode {
        let bad = |c: &Counts| c.failed + c.skipped + c.interrupted;
        if self.interrupted {
            ExitCode::from(130)
        } else if bad(&self.local) + bad(&self.urls) > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Where results go.
pub enum Sink {
    /// One stream (stdout or a file); `batch` means JSONL regardless of format.
    Stream { out: Box<dyn Write>, batch: bool },
    /// One file per input under a folder.
    Folder(PathBuf),
}

/// The progress bar (on a terminal) and the stderr messages around it.
pub struct Reporter {
    bar: Option<indicatif::ProgressBar>,
}

impl Reporter {
    /// A bar for `len` inputs when `show` and stderr is a terminal.
    pub fn new(len: usize, show: bool) -> Reporter {
        let bar = (show && io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(len as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} pages {msg}, {per_sec}, eta {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Reporter { bar }
    }

    /// Prints a line on stderr without tearing the bar.
    pub fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// A clone of the bar, for messages from another thread.
    pub fn bar(&self) -> Option<indicatif::ProgressBar> {
        self.bar.clone()
    }

    fn advance(&self, summary: &Summary) {
        if let Some(bar) = &self.bar {
            let c = summary.urls;
            if c.all() > 0 {
                bar.set_message(format!(
                    "({} fetched, {} failed, {} skipped)",
                    c.ok, c.failed, c.skipped
                ));
            }
            bar.inc(1);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn extension(format: FormatArg) -> &'static str {
    match format {
        FormatArg::Text => "txt",
        FormatArg::Markdown => "md",
        FormatArg::Json | FormatArg::Jsonl => "json",
    }
}

/// The record of a result as a JSON value (an `error` object for failures).
fn json_value(input: &Input, url: Option<&str>, outcome: &Outcome) -> serde_json::Value {
    match outcome {
        Ok(article) => serde_json::to_value(Record::new(article, Some(&input.display), url))
            .unwrap_or_else(
                |e| serde_json::json!({"source": input.display, "error": e.to_string()}),
            ),
        Err(f) => {
            let mut v = serde_json::json!({"source": input.display, "url": url, "error": f.reason});
            if let (Some(kind), Some(obj)) = (f.kind, v.as_object_mut()) {
                obj.insert("error_kind".into(), kind.into());
            }
            v
        }
    }
}

fn json_text(value: &serde_json::Value, pretty: bool) -> Result<String> {
    let mut s = if pretty {
        serde_json::to_string_pretty(value)?
    } else {
        value.to_string()
    };
    s.push('\n');
    Ok(s)
}

/// The output of one successful result in a single-output format.
fn render(args: &CleanArgs, input: &Input, url: Option<&str>, outcome: &Outcome) -> Result<String> {
    Ok(match (args.format, outcome) {
        (FormatArg::Text, Ok(article)) => article.text.clone(),
        (FormatArg::Markdown, Ok(article)) => rinse::to_markdown(article),
        (FormatArg::Json, _) => json_text(&json_value(input, url, outcome), true)?,
        _ => json_text(&json_value(input, url, outcome), false)?,
    })
}

fn explain(reporter: &Reporter, input: &Input, outcome: &Outcome) {
    let Ok(article) = outcome else { return };
    let mut lines = vec![format!(
        "== {}: {} removal(s)",
        input.display,
        article.removed.len()
    )];
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
        lines.push(format!("  [{stage}] {}{file}: {:?}", r.rule, r.text));
    }
    for n in &article.notes {
        lines.push(format!("  note: {n}"));
    }
    reporter.say(&lines.join("\n"));
}

/// Everything done with one finished input: counted, reported on stderr when it
/// failed, written, explained, and the bar moved on. `url` is the page's
/// address (for a fetched page, the final URL after redirects).
pub fn finish(
    args: &CleanArgs,
    sink: &mut Sink,
    reporter: &Reporter,
    summary: &mut Summary,
    input: &Input,
    url: Option<&str>,
    outcome: &Outcome,
) -> Result<()> {
    let counts = if input.is_url() {
        &mut summary.urls
    } else {
        &mut summary.local
    };
    let failure = match outcome {
        Ok(a) => a.empty_reason.clone(),
        Err(f) => Some(f.reason.clone()),
    };
    match outcome {
        Ok(_) if failure.is_none() => counts.ok += 1,
        Err(f) if f.interrupted => counts.interrupted += 1,
        Err(f) if f.skip => counts.skipped += 1,
        _ => counts.failed += 1,
    }
    let quiet_failure = matches!(outcome, Err(f) if f.interrupted);
    if let (Some(reason), false) = (&failure, quiet_failure) {
        reporter.say(&format!("rinse: {}: {reason}", input.display));
    }
    write_result(args, sink, input, url, outcome, failure.is_some())?;
    if args.explain {
        explain(reporter, input, outcome);
    }
    reporter.advance(summary);
    Ok(())
}

fn write_result(
    args: &CleanArgs,
    sink: &mut Sink,
    input: &Input,
    url: Option<&str>,
    outcome: &Outcome,
    failed: bool,
) -> Result<()> {
    let json = matches!(args.format, FormatArg::Json | FormatArg::Jsonl);
    match sink {
        Sink::Stream { out, batch } => {
            if *batch {
                out.write_all(json_text(&json_value(input, url, outcome), false)?.as_bytes())?;
            } else if json || !failed {
                out.write_all(render(args, input, url, outcome)?.as_bytes())?;
            }
            out.flush()?;
        }
        Sink::Folder(dir) => {
            if failed && !json {
                return Ok(());
            }
            let target = dir.join(&input.rel).with_extension(extension(args.format));
            let content = if json {
                json_text(&json_value(input, url, outcome), true)?
            } else {
                render(args, input, url, outcome)?
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

/// Opens the output: stdout or a file for one input or a JSONL stream, a folder
/// for many.
pub fn open_sink(args: &CleanArgs, inputs: &[Input]) -> Result<Sink> {
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
