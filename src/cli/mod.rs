//! The `rinse` command line: arguments, inputs, the cleaning run (local inputs
//! in a parallel batch, URLs fetched concurrently, or record streams — JSONL
//! filter mode and WARC files — on an ordered parallel engine), its output, and
//! the `rules` subcommands. All cleaning, fetching and record reading is done
//! by the library.

pub mod args;
pub mod batch;
pub mod fetch;
pub mod filter;
pub mod inputs;
pub mod records;
pub mod rules_cmd;
pub mod sink;
pub mod stream;
pub mod warc;

use std::sync::Arc;

use anyhow::{bail, Result};
use rinse::Pipeline;

use args::CleanArgs;
use inputs::{Input, Source};
use sink::{Reporter, Sink, Summary};

/// A cleaning run: files and stdin first (results in input order), then URLs
/// (results as they finish), all into one output. A failed input is reported
/// and counted, and the run goes on.
pub fn run(args: &CleanArgs, pipeline: Arc<Pipeline>) -> Result<Summary> {
    if let Some(mode) = records::mode(args)? {
        return records::run(args, &pipeline, mode);
    }
    let mut all = if args.inputs.is_empty() && args.urls.is_empty() {
        inputs::expand(&["-".to_string()])
    } else {
        inputs::expand(&args.inputs)
    };
    let stdin_input = all.iter().any(|i| matches!(i.source, Source::Stdin));
    if stdin_input && args.urls.iter().any(|l| l == "-") {
        bail!("stdin cannot be both an input (`-`) and a URL list (`--urls -`)");
    }
    for list in &args.urls {
        all.extend(inputs::read_url_list(list)?);
    }
    inputs::unique_url_names(&mut all);
    let mut sink = sink::open_sink(args, &all)?;
    let (urls, local): (Vec<&Input>, Vec<&Input>) = all.iter().partition(|i| i.is_url());
    let show_bar = !args.quiet && (!urls.is_empty() || all.len() >= 50);
    let reporter = Reporter::new(all.len(), show_bar);
    let mut summary = Summary::default();
    batch::run(args, &pipeline, &local, &mut sink, &reporter, &mut summary)?;
    fetch::run(args, &pipeline, &urls, &mut sink, &reporter, &mut summary)?;
    reporter.finish();
    if let Sink::Stream { out, .. } = &mut sink {
        out.flush()?;
    }
    if !urls.is_empty() && !args.quiet {
        eprintln!("{}", fetch::summary_line(&summary));
    }
    Ok(summary)
}
