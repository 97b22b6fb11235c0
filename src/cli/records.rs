//! Record modes of a cleaning run — JSONL filter mode (`filter.rs`) and WARC
//! input (`warc.rs`): which mode the arguments ask for, the streams to read,
//! the JSONL output, the progress bar, the counts and the summary line. Both
//! modes run on the ordered parallel engine of `stream.rs`.

use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use rinse::{Article, Pipeline};
use serde::Serialize;

use super::args::{CleanArgs, FormatArg, InputFormatArg};
use super::sink::{Counts, Summary};

/// Largest record (a JSONL line, a WARC record's block) accepted by default.
pub const DEFAULT_MAX_RECORD_BYTES: u64 = 10 * 1024 * 1024;

/// A record mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One JSON object per line in, one per line out.
    Jsonl,
    /// WARC records in, JSONL out.
    Warc,
}

/// Whether a name is a WARC file's (`.warc`, `.warc.gz`).
pub fn is_warc_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".warc") || lower.ends_with(".warc.gz")
}

fn is_jsonl_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    lower.ends_with(".jsonl") || lower.ends_with(".ndjson")
}

/// The record mode the arguments ask for: `--input-format jsonl|warc`, or
/// inputs that are all WARC files. `None` for a run over pages.
pub fn mode(args: &CleanArgs) -> Result<Option<Mode>> {
    let mode = match args.input_format {
        InputFormatArg::Jsonl => Some(Mode::Jsonl),
        InputFormatArg::Warc => Some(Mode::Warc),
        _ => {
            let warcs = args.inputs.iter().filter(|i| is_warc_name(i)).count();
            if warcs > 0 && warcs < args.inputs.len() {
                bail!("WARC files cannot be mixed with other inputs in one run");
            }
            (warcs > 0).then_some(Mode::Warc)
        }
    };
    if mode.is_some() && !args.urls.is_empty() {
        bail!("--urls cannot be combined with JSONL or WARC input");
    }
    if mode.is_some() && matches!(args.format, FormatArg::Markdown | FormatArg::Json) {
        bail!(
            "JSONL and WARC records are written as JSONL; --format markdown or json does not apply"
        );
    }
    if mode.is_some() && args.url.is_some() {
        bail!("--url is for single pages; JSONL and WARC records carry their own URLs");
    }
    Ok(mode)
}

/// One stream to read: stdin or a file.
#[derive(Debug, Clone)]
pub struct Stream {
    /// How messages and records name it (`-` for stdin).
    pub name: Arc<str>,
    /// The file, `None` for stdin.
    pub path: Option<PathBuf>,
}

/// The streams of a run in order: `-` (the default) is stdin, a folder gives
/// its files of the mode's kind (`.warc`, `.warc.gz`; `.jsonl`, `.ndjson`,
/// and their `.gz`) in name order.
pub fn streams(args: &CleanArgs, mode: Mode) -> Vec<Stream> {
    let stdin = || Stream {
        name: Arc::from("-"),
        path: None,
    };
    if args.inputs.is_empty() {
        return vec![stdin()];
    }
    let mut out = Vec::new();
    for arg in &args.inputs {
        let path = Path::new(arg);
        if arg == "-" {
            out.push(stdin());
        } else if path.is_dir() {
            let wanted = |name: &str| match mode {
                Mode::Warc => is_warc_name(name),
                Mode::Jsonl => is_jsonl_name(name),
            };
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                let name = entry.file_name().to_string_lossy();
                if entry.file_type().is_file() && wanted(&name) {
                    out.push(Stream {
                        name: Arc::from(entry.path().display().to_string()),
                        path: Some(entry.into_path()),
                    });
                }
            }
        } else {
            out.push(Stream {
                name: Arc::from(arg.as_str()),
                path: Some(path.to_path_buf()),
            });
        }
    }
    out
}

impl Stream {
    /// Opens the stream (gzip sniffed), counting compressed bytes on `bar`.
    pub fn open(&self, bar: Option<&indicatif::ProgressBar>) -> io::Result<StreamReader> {
        let raw: Box<dyn Read + Send> = match &self.path {
            Some(path) => Box::new(fs::File::open(path)?),
            None => Box::new(io::stdin()),
        };
        match bar {
            Some(bar) => rinse::records::open(bar.wrap_read(raw)),
            None => rinse::records::open(raw),
        }
    }
}

/// A reader over one opened stream.
pub type StreamReader = Box<dyn io::BufRead + Send>;

/// The producer side of a record mode: opens `streams` in order (one that
/// cannot be opened becomes the item `unopened(name, reason)`), hands each
/// reader to `read`, and returns how many streams broke. `read` emits the
/// stream's items and returns how many faults it met and whether to go on
/// (`false` once `emit` says the consumer has stopped).
pub fn read_streams<I>(
    streams: Vec<Stream>,
    bar: Option<&indicatif::ProgressBar>,
    emit: &mut dyn FnMut(I) -> bool,
    unopened: impl Fn(Arc<str>, String) -> I,
    mut read: impl FnMut(&Arc<str>, StreamReader, &mut dyn FnMut(I) -> bool) -> (usize, bool),
) -> usize {
    let mut broken = 0;
    for s in streams {
        let reader = match s.open(bar) {
            Ok(reader) => reader,
            Err(e) => {
                broken += 1;
                if !emit(unopened(Arc::clone(&s.name), format!("cannot open: {e}"))) {
                    return broken;
                }
                continue;
            }
        };
        let (faults, go_on) = read(&s.name, reader, emit);
        broken += faults;
        if !go_on {
            return broken;
        }
    }
    broken
}

/// The output stream: stdout, or the `-o` file.
pub fn output(args: &CleanArgs) -> Result<Box<dyn Write>> {
    Ok(match &args.output {
        None => Box::new(io::BufWriter::new(io::stdout())),
        Some(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            let file = fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            Box::new(io::BufWriter::new(file))
        }
    })
}

/// Worker threads: `--jobs`, or all cores.
pub fn workers(args: &CleanArgs) -> usize {
    match args.jobs {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

/// The record size cap: `--max-bytes`, or 10 MiB.
pub fn max_bytes(args: &CleanArgs) -> usize {
    let max = args.max_bytes.unwrap_or(DEFAULT_MAX_RECORD_BYTES);
    usize::try_from(max).unwrap_or(usize::MAX)
}

/// Rinse's metadata of one cleaned record (under `metadata` in the output).
/// Missing values are left out, so they never overwrite an input's own.
#[derive(Debug, Serialize)]
pub struct Meta<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    canonical_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    word_count: usize,
    encoding: &'a str,
    encoding_source: rinse::EncodingSource,
    input_kind: rinse::InputKind,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

impl<'a> Meta<'a> {
    /// The metadata of `article`.
    pub fn new(article: &'a Article) -> Meta<'a> {
        let m = &article.metadata;
        Meta {
            title: m.title.as_deref(),
            author: m.author.as_deref(),
            published: m.published.as_deref(),
            site_name: m.site_name.as_deref(),
            language: m.language.as_deref(),
            canonical_url: m.canonical_url.as_deref(),
            description: m.description.as_deref(),
            word_count: article.word_count(),
            encoding: article.encoding,
            encoding_source: article.encoding_source,
            input_kind: article.input_kind,
            notes: &article.notes,
        }
    }
}

/// What became of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Cleaned: the output has its text.
    Cleaned,
    /// Not a page (counted, not written); holds the kind of skip.
    Skipped(&'static str),
    /// Failed: the output has an `error`.
    Failed(String),
}

/// One record's result, ready to write.
#[derive(Debug)]
pub struct Done {
    /// How messages name the record (`file:line`, `file@offset`, with its id).
    pub label: String,
    /// The output line (with its `\n`), if the record is written.
    pub line: Option<String>,
    /// What became of it.
    pub status: Status,
    /// Removals and notes for `--explain`.
    pub explain: Option<String>,
}

/// The `--explain` text of one cleaned record.
pub fn explain(label: &str, article: &Article) -> String {
    let mut lines = vec![format!("== {label}: {} removal(s)", article.removed.len())];
    for r in &article.removed {
        let stage = serde_json::to_value(r.stage)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        lines.push(format!("  [{stage}] {}: {:?}", r.rule, r.text));
    }
    for n in &article.notes {
        lines.push(format!("  note: {n}"));
    }
    lines.join("\n")
}

/// The order of skip kinds in the summary line.
const SKIP_ORDER: [&str; 3] = ["not a response", "not HTTP 200", "not HTML"];

/// The counts of a record run.
#[derive(Debug, Default)]
pub struct Tally {
    /// Records cleaned.
    pub cleaned: usize,
    /// Records that failed.
    pub failed: usize,
    /// Records skipped, by kind.
    pub skipped: Vec<(&'static str, usize)>,
}

impl Tally {
    fn add(&mut self, status: &Status) {
        match status {
            Status::Cleaned => self.cleaned += 1,
            Status::Failed(_) => self.failed += 1,
            Status::Skipped(kind) => match self.skipped.iter_mut().find(|(k, _)| k == kind) {
                Some((_, n)) => *n += 1,
                None => self.skipped.push((kind, 1)),
            },
        }
    }

    fn skipped_total(&self) -> usize {
        self.skipped.iter().map(|(_, n)| n).sum()
    }

    fn read(&self) -> usize {
        self.cleaned + self.failed + self.skipped_total()
    }

    /// `1203 records read, 800 cleaned, 350 skipped (300 not HTML, …), 53 failed`.
    pub fn line(&self, with_skips: bool) -> String {
        let mut out = format!("{} records read, {} cleaned", self.read(), self.cleaned);
        if with_skips {
            out.push_str(&format!(", {} skipped", self.skipped_total()));
            if !self.skipped.is_empty() {
                let mut skipped = self.skipped.clone();
                skipped.sort_by_key(|(k, _)| SKIP_ORDER.iter().position(|o| o == k));
                let parts: Vec<String> = skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
                out.push_str(&format!(" ({})", parts.join(", ")));
            }
        }
        out.push_str(&format!(", {} failed", self.failed));
        out
    }
}

/// The progress bar (on a terminal, unless the records go to it) and stderr messages.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    /// A byte bar over `total` input bytes (a spinner when unknown).
    pub fn new(args: &CleanArgs, total: Option<u64>) -> Progress {
        // Records printed on the terminal are progress enough.
        let to_terminal = args.output.is_none() && io::stdout().is_terminal();
        let show = !args.quiet && io::stderr().is_terminal() && !to_terminal;
        let bar = show.then(|| {
            let (bar, template) = match total {
                Some(total) => (
                    indicatif::ProgressBar::new(total),
                    "{bar:30} {bytes}/{total_bytes} {msg} ({elapsed}, eta {eta})",
                ),
                None => (
                    indicatif::ProgressBar::new_spinner(),
                    "{spinner} {bytes} {msg} ({elapsed})",
                ),
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar }
    }

    /// The bar, to count input bytes on.
    pub fn bar(&self) -> Option<indicatif::ProgressBar> {
        self.bar.clone()
    }

    /// Prints a line on stderr without tearing the bar.
    pub fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn update(&self, tally: &Tally) {
        if let Some(bar) = &self.bar {
            if tally.read() % 16 == 1 {
                bar.set_message(tally.line(true));
            }
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The writer side of a record run: writes, counts, reports.
pub struct Writer<'a> {
    out: Box<dyn Write>,
    progress: &'a Progress,
    explain: bool,
    quiet: bool,
    /// The counts so far.
    pub tally: Tally,
}

impl<'a> Writer<'a> {
    /// A writer into `out`; `quiet` leaves failed records to the output alone
    /// (no stderr line each).
    pub fn new(out: Box<dyn Write>, progress: &'a Progress, args: &CleanArgs) -> Writer<'a> {
        Writer {
            out,
            progress,
            explain: args.explain,
            quiet: args.quiet,
            tally: Tally::default(),
        }
    }

    /// Writes one result (flushed at once), reports a failure on stderr, counts it.
    pub fn write(&mut self, done: Done) -> Result<()> {
        if let Some(line) = &done.line {
            self.out.write_all(line.as_bytes())?;
            self.out.flush()?;
        }
        if let (Status::Failed(reason), false) = (&done.status, self.quiet) {
            self.progress
                .say(&format!("rinse: {}: {reason}", done.label));
        }
        if let (true, Some(text)) = (self.explain, &done.explain) {
            self.progress.say(text);
        }
        self.tally.add(&done.status);
        self.progress.update(&self.tally);
        Ok(())
    }

    /// Flushes the output.
    pub fn finish(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// Runs a record mode. The summary's inputs are the streams: one that could
/// not be read to its end counts as failed (exit status 1); records that
/// failed are in the output and do not change the exit status.
pub fn run(args: &CleanArgs, pipeline: &Arc<Pipeline>, mode: Mode) -> Result<Summary> {
    let streams = streams(args, mode);
    let total: Option<u64> = streams
        .iter()
        .map(|s| {
            s.path
                .as_ref()
                .and_then(|p| fs::metadata(p).ok())
                .map(|m| m.len())
        })
        .sum();
    let progress = Progress::new(args, total);
    let mut writer = Writer::new(output(args)?, &progress, args);
    let broken = match mode {
        Mode::Jsonl => super::filter::run(args, pipeline, &streams, &progress, &mut writer)?,
        Mode::Warc => super::warc::run(args, pipeline, &streams, &progress, &mut writer)?,
    };
    writer.finish()?;
    progress.finish();
    if !args.quiet {
        eprintln!("rinse: {}", writer.tally.line(mode == Mode::Warc));
    }
    Ok(Summary {
        local: Counts {
            ok: streams.len().saturating_sub(broken),
            failed: broken,
            ..Counts::default()
        },
        ..Summary::default()
    })
}
