//! The local part of a cleaning run: files and stdin cleaned in parallel (rayon)
//! in bounded windows, results written in input order as they complete, each
//! failure reported and never stopping the run.

use anyhow::{Context, Result};
use rayon::prelude::*;
use rinse::{InputFormat, Pipeline, RawPage};

use super::args::{CleanArgs, InputFormatArg};
use super::inputs::{self, Input};
use super::sink::{self, Failure, Outcome, Reporter, Sink, Summary};

/// Largest file or stdin input accepted by default (64 MiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The `--input-format` choice as the library's type.
pub fn input_format(args: &CleanArgs) -> InputFormat {
    match args.input_format {
        InputFormatArg::Auto | InputFormatArg::Jsonl | InputFormatArg::Warc => InputFormat::Auto,
        InputFormatArg::Html => InputFormat::Html,
        InputFormatArg::Text => InputFormat::Text,
    }
}

fn process(pipeline: &Pipeline, args: &CleanArgs, input: &Input) -> Outcome {
    let max = args.max_bytes.unwrap_or(DEFAULT_MAX_FILE_BYTES);
    let bytes = inputs::read(input, max).map_err(Failure::local)?;
    let mut page = RawPage::new(bytes).with_format(input_format(args));
    page.url = args.url.clone();
    Ok(pipeline.clean(&page))
}

/// Cleans the local inputs and writes their results in input order.
pub fn run(
    args: &CleanArgs,
    pipeline: &Pipeline,
    inputs: &[&Input],
    sink: &mut Sink,
    reporter: &Reporter,
    summary: &mut Summary,
) -> Result<()> {
    if inputs.is_empty() {
        return Ok(());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let window = pool.current_num_threads().max(1) * 16;
    for chunk in inputs.chunks(window) {
        let results: Vec<Outcome> = pool.install(|| {
            chunk
                .par_iter()
                .map(|i| process(pipeline, args, i))
                .collect()
        });
        for (input, outcome) in chunk.iter().zip(&results) {
            sink::finish(
                args,
                sink,
                reporter,
                summary,
                input,
                args.url.as_deref(),
                outcome,
            )?;
        }
    }
    Ok(())
}
