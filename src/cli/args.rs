//! Command-line arguments, parsed by clap.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turns raw scraped web pages into clean article text.
#[derive(Debug, Parser)]
#[command(name = "rinse", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub clean: CleanArgs,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check, list and test rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
}

/// `rinse rules …`
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate rule files (the bundled ones when no DIR is given), check each
    /// rule's examples and run the site files' [[test]] cases.
    Check {
        /// Folders or files of rules.
        dirs: Vec<PathBuf>,
    },
    /// Show the rules in force for a page.
    List {
        /// The page's URL (site rules are chosen by it).
        #[arg(long)]
        url: Option<String>,
        /// Extra rule folders, as for cleaning.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
        /// Leave out the rules bundled with rinse.
        #[arg(long)]
        no_bundled_rules: bool,
    },
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// The article text.
    Text,
    /// Markdown, with the title as `# Title`.
    Markdown,
    /// A JSON object with metadata and text.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// How to read inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// Decide from the content.
    Auto,
    /// HTML.
    Html,
    /// Plain text.
    Text,
    /// Filter mode: one JSON object per line (`html` or `text`, optional `url`,
    /// `id`, other fields passed through), one cleaned object per line out.
    Jsonl,
    /// WARC records (plain or gzip); the default for inputs named `.warc`/`.warc.gz`.
    Warc,
}

/// Options of a cleaning run.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Files, folders (walked recursively for .html, .htm, .xhtml, .txt and their
    /// .gz versions), `-` for stdin, or http(s) URLs (fetched).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Fetch the URLs listed in FILE, one per line (`-` for stdin); blank lines
    /// and lines starting with `#` are skipped. Repeatable.
    #[arg(long = "urls", value_name = "FILE")]
    pub urls: Vec<String>,

    /// Output format. A batch written to stdout is always JSONL.
    #[arg(short = 'f', long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,

    /// Write to PATH: a file for one input, a folder for many (same relative
    /// names). With --format jsonl, always one file.
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// The page's address when the input is a file (for site rules, links, metadata).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Read inputs as HTML or text instead of deciding from their content; or
    /// read records: `jsonl` (filter mode) or `warc`. Records are written as JSONL.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,

    /// WARC input: write each HTML record's page as UTF-8 `html` instead of
    /// cleaning it (JSONL for filter mode on other machines).
    #[arg(long)]
    pub raw_html: bool,

    /// A folder (or file) of rule files to add; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Leave out the rules bundled with rinse.
    #[arg(long)]
    pub no_bundled_rules: bool,

    /// Switch off the rule with this id on every page (repeatable, or comma-separated):
    /// `--disable captions` keeps image captions (their photo credits still go). `rinse
    /// rules list` shows the ids.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub disable: Vec<String>,

    /// Show every removal (rule, file, stage, text) on stderr after each page.
    #[arg(long)]
    pub explain: bool,

    /// Parallel jobs (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Largest input accepted, in bytes, after decompression [default: 64 MiB
    /// for files and stdin, 10 MiB for fetched pages and for JSONL lines and
    /// WARC records].
    #[arg(long, value_name = "BYTES")]
    pub max_bytes: Option<u64>,

    /// Longest time one page may take to clean; a page over it is reported as
    /// failed and the batch goes on (`0s` turns the budget off).
    #[arg(long, value_name = "DURATION", default_value = "20s", value_parser = parse_duration)]
    pub time_budget: Duration,

    /// No progress bar and no summary line; with JSONL or WARC records, no
    /// stderr line per failed record either (the output has its `error`).
    #[arg(short = 'q', long)]
    pub quiet: bool,

    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Options for fetching URLs. Durations take a unit: `250ms`, `2s`, `1.5s`, `1m`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Fetching")]
pub struct FetchArgs {
    /// Requests in flight overall.
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = parse_positive)]
    pub concurrency: usize,

    /// Requests in flight to one host.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = parse_positive)]
    pub per_host: usize,

    /// Least time between the starts of two requests to one host.
    #[arg(long, value_name = "DURATION", default_value = "250ms", value_parser = parse_duration)]
    pub delay: Duration,

    /// Time allowed for one whole request, body included.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Time allowed to open a connection.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub connect_timeout: Duration,

    /// Retries after a connection error, a 5xx or a 429.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,

    /// First wait before a retry; it doubles each time, with jitter (a
    /// `Retry-After` from the server wins when longer).
    #[arg(long, value_name = "DURATION", default_value = "500ms", value_parser = parse_duration)]
    pub retry_base: Duration,

    /// The User-Agent header; its first word is matched against robots.txt groups.
    #[arg(long, value_name = "STRING", default_value = rinse::fetch::DEFAULT_USER_AGENT)]
    pub user_agent: String,

    /// Fetch pages that robots.txt disallows (robots.txt is then not fetched).
    #[arg(long)]
    pub ignore_robots: bool,
}

/// A count of at least 1.
fn parse_positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("expected a whole number of at least 1".into()),
    }
}

/// A duration with a unit: `ms`, `s` or `m` (`0` alone is allowed).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    if s == "0" {
        return Ok(Duration::ZERO);
    }
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: f64 = number
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (like 250ms, 2s or 1m)"))?;
    let seconds = match unit.trim() {
        "ms" => n / 1000.0,
        "s" => n,
        "m" | "min" => n * 60.0,
        "" => return Err(format!("`{s}` needs a unit: {s}ms, {s}s or {s}m")),
        other => return Err(format!("unknown unit `{other}` (use ms, s or m)")),
    };
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("`{s}`: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert!(parse_duration("250").unwrap_err().contains("needs a unit"));
        assert!(parse_duration("5h").is_err());
        assert!(parse_duration("ms").is_err());
        assert!(parse_positive("0").is_err());
    }
}
