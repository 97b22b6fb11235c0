//! Errors of the library. Only setup can fail (loading and compiling rules);
//! running a page through the pipeline never returns an error.

use std::path::PathBuf;

/// A problem found while loading or compiling rule files.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A rule file is not valid: bad TOML, an unknown key, a bad regex or selector,
    /// a duplicate id, or an example that contradicts its own rule.
    #[error("{file}:{line}: {rule}{message}", rule = fmt_rule(.rule))]
    Rule {
        /// The rule file (a path, or `rules/<name>` for bundled files).
        file: String,
        /// 1-based line of the offending rule or key.
        line: usize,
        /// The rule id, when the problem belongs to one rule.
        rule: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A rule to switch off (`--disable`) that no loaded file has.
    #[error("--disable: no rule has the id `{id}`")]
    UnknownRule {
        /// The id asked for.
        id: String,
    },
}

fn fmt_rule(rule: &Option<String>) -> String {
    match rule {
        Some(id) => format!("rule `{id}`: "),
        None => String::new(),
    }
}
