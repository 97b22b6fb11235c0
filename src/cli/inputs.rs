//! Inputs: command-line arguments expanded into files (folders walked), stdin and
//! URLs (also from `--urls` lists), and local ones read into bytes with a size
//! cap and transparent gzip. URLs are fetched by `fetch.rs`.

use std::collections::HashSet;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Where one input comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// An http(s) URL.
    Url(String),
    /// An argument that could not be expanded (missing path, unreadable folder).
    Broken(String),
}

/// One input of a run.
#[derive(Debug, Clone)]
pub struct Input {
    /// Where to read it.
    pub source: Source,
    /// How messages name it.
    pub display: String,
    /// Its name relative to the argument it came from (for `-o FOLDER`).
    pub rel: PathBuf,
    /// Whether it was found by walking a folder or read from a `--urls` list
    /// (either makes the run a batch, however many inputs there are).
    pub from_folder: bool,
}

impl Input {
    /// Whether the input is fetched over HTTP.
    pub fn is_url(&self) -> bool {
        matches!(self.source, Source::Url(_))
    }
}

const EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "txt"];

/// Whether a file found in a folder is an input (by extension, `.gz` allowed).
fn is_page_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    Path::new(name)
        .extension()
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e == *x))
}

/// Expands the arguments into inputs, in order; folders are walked in name order.
pub fn expand(args: &[String]) -> Vec<Input> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Input {
                source: Source::Stdin,
                display: "-".into(),
                rel: PathBuf::from("stdin"),
                from_folder: false,
            });
            continue;
        }
        if is_url(arg) {
            out.push(url_input(arg, false));
            continue;
        }
        let path = PathBuf::from(arg);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk_folder(&path, &mut out),
            Ok(_) => out.push(Input {
                rel: path.file_name().map_or_else(|| path.clone(), PathBuf::from),
                display: arg.clone(),
                source: Source::File(path),
                from_folder: false,
            }),
            Err(e) => out.push(Input {
                source: Source::Broken(e.to_string()),
                display: arg.clone(),
                rel: PathBuf::new(),
                from_folder: false,
            }),
        }
    }
    out
}

fn is_url(arg: &str) -> bool {
    let lower = arg.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A URL input; its output name (`-o DIR`) is made from the URL, with an
/// extension for `with_extension` to replace.
fn url_input(url: &str, listed: bool) -> Input {
    Input {
        source: Source::Url(url.trim().to_string()),
        display: url.trim().to_string(),
        rel: PathBuf::from(format!("{}.html", url_file_name(url.trim()))),
        from_folder: listed,
    }
}

/// Reads a `--urls` list (`-` for stdin): one URL per line; blank lines and
/// `#` comments are skipped; every other line is a URL input (one that is not a
/// valid http(s) URL fails when fetched, so that every line is accounted for).
pub fn read_url_list(list: &str) -> anyhow::Result<Vec<Input>> {
    let reader: Box<dyn BufRead> = if list == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file =
            std::fs::File::open(list).with_context(|| format!("cannot open --urls {list}"))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut out = Vec::new();
    for line in reader.lines() {
        let line = line.with_context(|| format!("cannot read --urls {list}"))?;
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(url_input(line, true));
    }
    Ok(out)
}

/// Gives URL inputs whose output names collide (same characters after
/// sanitizing, or cut at the length limit) a `-2`, `-3`… suffix, in input order.
pub fn unique_url_names(inputs: &mut [Input]) {
    let mut seen = HashSet::new();
    for input in inputs.iter_mut().filter(|i| i.is_url()) {
        let stem = input
            .rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut name = input.rel.clone();
        let mut n = 1;
        while !seen.insert(name.clone()) {
            n += 1;
            name = PathBuf::from(format!("{stem}-{n}.html"));
        }
        input.rel = name;
    }
}

fn walk_folder(root: &Path, out: &mut Vec<Input>) {
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        match entry {
            Ok(entry) => {
                if !entry.file_type().is_file() || !is_page_file(entry.path()) {
                    continue;
                }
                let path = entry.into_path();
                out.push(Input {
                    rel: path.strip_prefix(root).unwrap_or(&path).to_path_buf(),
                    display: path.display().to_string(),
                    source: Source::File(path),
                    from_folder: true,
                });
            }
            Err(e) => {
                let at = e.path().unwrap_or(root).display().to_string();
                let reason = e
                    .io_error()
                    .map_or_else(|| e.to_string(), |io| io.to_string());
                out.push(Input {
                    source: Source::Broken(reason),
                    display: at,
                    rel: PathBuf::new(),
                    from_folder: true,
                });
            }
        }
    }
}

/// A file name for a URL's output (`host_path.html` with unsafe characters replaced).
pub fn url_file_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let mut name: String = rest
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    name.truncate(120);
    let name = name.trim_matches('_').to_string();
    if name.is_empty() {
        "page".into()
    } else {
        name
    }
}

/// Reads up to `max` bytes from `reader`; more is an error.
fn read_capped(reader: impl Read, max: u64) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    if buf.len() as u64 > max {
        return Err(format!("larger than --max-bytes ({max} bytes)"));
    }
    Ok(buf)
}

/// Reads an input's bytes: at most `max` bytes, gzip data decompressed.
pub fn read(input: &Input, max: u64) -> Result<Vec<u8>, String> {
    let raw = match &input.source {
        Source::File(path) => {
            let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
            read_capped(file, max)?
        }
        Source::Stdin => read_capped(std::io::stdin().lock(), max)?,
        Source::Url(_) => return Err("a URL is fetched, not read".into()),
        Source::Broken(reason) => return Err(reason.clone()),
    };
    if raw.starts_with(&[0x1f, 0x8b]) {
        let decoder = flate2::read::MultiGzDecoder::new(raw.as_slice());
        return read_capped(decoder, max).map_err(|e| format!("bad gzip data: {e}"));
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_files_by_extension() {
        assert!(is_page_file(Path::new("a/b.HTML")));
        assert!(is_page_file(Path::new("a/b.txt.gz")));
        assert!(!is_page_file(Path::new("a/b.png")));
        assert!(!is_page_file(Path::new("a/b.gz")));
    }

    #[test]
    fn url_names_are_safe() {
        assert_eq!(
            url_file_name("https://news.example/a/b?c=1"),
            "news.example_a_b_c_1"
        );
    }

    #[test]
    fn url_inputs_get_distinct_names() {
        let mut inputs: Vec<Input> = ["https://a.example/x?y", "https://a.example/x/y", "a"]
            .iter()
            .map(|u| url_input(u, true))
            .collect();
        unique_url_names(&mut inputs);
        let names: Vec<String> = inputs
            .iter()
            .map(|i| i.rel.with_extension("txt").display().to_string())
            .collect();
        assert_eq!(names, ["a.example_x_y.txt", "a.example_x_y-2.txt", "a.txt"]);
    }

    #[test]
    fn cap_is_enforced() {
        assert!(read_capped(&b"12345"[..], 4).is_err());
        assert_eq!(read_capped(&b"1234"[..], 4).unwrap(), b"1234");
    }
}
