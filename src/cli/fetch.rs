//! The fetching part of a cleaning run: URL inputs go to the library's
//! [`rinse::Fetcher`] on a Tokio runtime; each page is cleaned on the runtime's
//! blocking pool and written here, on the main thread, as soon as it finishes
//! (completion order). Ctrl-C stops the batch: what was written stays, the
//! unfinished URLs are reported as interrupted; a second Ctrl-C quits at once.

use std::sync::Arc;

use anyhow::{Context, Result};
use rinse::fetch::DEFAULT_MAX_BYTES;
use rinse::{Article, FetchConfig, Fetcher, Pipeline};

use super::args::CleanArgs;
use super::batch::input_format;
use super::inputs::{Input, Source};
use super::sink::{self, Failure, Reporter, Sink, Summary};

/// The fetch settings the flags ask for.
pub fn config(args: &CleanArgs) -> FetchConfig {
    let f = &args.fetch;
    FetchConfig {
        user_agent: f.user_agent.clone(),
        concurrency: f.concurrency,
        per_host: f.per_host,
        delay: f.delay,
        connect_timeout: f.connect_timeout,
        timeout: f.timeout,
        max_bytes: args.max_bytes.unwrap_or(DEFAULT_MAX_BYTES),
        retries: f.retries,
        backoff_base: f.retry_base,
        obey_robots: !f.ignore_robots,
        ..FetchConfig::default()
    }
}

/// A runtime that is shut down without waiting for blocking work (a page being
/// cleaned, a DNS lookup) when the run ends, normally or by an error.
struct Runtime(Option<tokio::runtime::Runtime>);

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

/// A cleaned page and its final URL.
struct Cleaned {
    article: Article,
    url: String,
}

/// Fetches and cleans the URL inputs, writing each result as it finishes.
pub fn run(
    args: &CleanArgs,
    pipeline: &Arc<Pipeline>,
    inputs: &[&Input],
    sink: &mut Sink,
    reporter: &Reporter,
    summary: &mut Summary,
) -> Result<()> {
    if inputs.is_empty() {
        return Ok(());
    }
    let runtime = Runtime(Some(
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")?,
    ));
    let Some(rt) = runtime.0.as_ref() else {
        return Ok(());
    };
    let urls: Vec<String> = inputs
        .iter()
        .map(|i| match &i.source {
            Source::Url(u) => u.clone(),
            _ => String::new(),
        })
        .collect();
    let fetcher = Fetcher::new(config(args))?;
    let format = input_format(args);
    let pipeline = Arc::clone(pipeline);
    let mut batch = rt.block_on(async {
        fetcher.fetch_all(urls, move |page| {
            let url = page.url.clone();
            let raw = page.into_raw_page().with_format(format);
            Cleaned {
                article: pipeline.clean(&raw),
                url,
            }
        })
    })?;
    let stop = batch.stop_handle();
    watch_ctrl_c(rt, stop.clone(), reporter.bar())?;
    while let Some(item) = rt.block_on(batch.next()) {
        let Some(input) = inputs.get(item.index) else {
            continue;
        };
        let (url, outcome) = match item.result {
            Ok(c) => (c.url, Ok(c.article)),
            Err(e) => (item.url, Err(Failure::fetch(&e))),
        };
        sink::finish(args, sink, reporter, summary, input, Some(&url), &outcome)?;
    }
    summary.interrupted = stop.is_stopped();
    Ok(())
}

/// First Ctrl-C: stop the batch (the handler is in place before this returns,
/// so no early Ctrl-C kills the run half-written). Second: quit at once.
fn watch_ctrl_c(
    rt: &tokio::runtime::Runtime,
    stop: rinse::fetch::StopHandle,
    bar: Option<indicatif::ProgressBar>,
) -> Result<()> {
    let mut interrupts = {
        let _in_runtime = rt.enter();
        Interrupts::new().context("cannot watch for Ctrl-C")?
    };
    rt.spawn(async move {
        if !interrupts.next().await {
            return;
        }
        stop.stop();
        let note = "rinse: interrupted: stopping (press Ctrl-C again to quit at once)";
        match &bar {
            Some(bar) => bar.suspend(|| eprintln!("{note}")),
            None => eprintln!("{note}"),
        }
        if interrupts.next().await {
            std::process::exit(130);
        }
    });
    Ok(())
}

/// Ctrl-C presses, registered when created.
#[cfg(unix)]
struct Interrupts(tokio::signal::unix::Signal);

#[cfg(unix)]
impl Interrupts {
    fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{signal, SignalKind};
        signal(SignalKind::interrupt()).map(Interrupts)
    }

    async fn next(&mut self) -> bool {
        self.0.recv().await.is_some()
    }
}

/// Ctrl-C presses.
#[cfg(not(unix))]
struct Interrupts;

#[cfg(not(unix))]
impl Interrupts {
    fn new() -> std::io::Result<Self> {
        Ok(Interrupts)
    }

    async fn next(&mut self) -> bool {
        tokio::signal::ctrl_c().await.is_ok()
    }
}

/// The closing line of a run with URLs.
pub fn summary_line(summary: &Summary) -> String {
    let c = summary.urls;
    let mut line = format!(
        "rinse: {} fetched, {} failed, {} skipped",
        c.ok, c.failed, c.skipped
    );
    if c.interrupted > 0 {
        line.push_str(&format!(", {} interrupted", c.interrupted));
    }
    line
}
