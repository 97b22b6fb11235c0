//! Command-line arguments, parsed by clap.

use std::path::PathBuf;

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
}

/// Options of a cleaning run.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Files, folders (walked recursively for .html, .htm, .xhtml, .txt and their
    /// .gz versions), `-` for stdin, or http(s) URLs.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

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

    /// Read inputs as HTML or text instead of deciding from their content.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,

    /// A folder (or file) of rule files to add; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Leave out the rules bundled with rinse.
    #[arg(long)]
    pub no_bundled_rules: bool,

    /// Show every removal (rule, file, stage, text) on stderr after each page.
    #[arg(long)]
    pub explain: bool,

    /// Parallel jobs (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Largest input accepted, in bytes (after gzip decompression).
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_bytes: u64,

    /// No progress bar.
    #[arg(short = 'q', long)]
    pub quiet: bool,
}
