//! Fixture harness: every folder under `fixtures/` holding `input.html` or
//! `input.txt` is a case. Its cleaned text must equal `expected.txt` (and the
//! Markdown `expected.md`, when present); `meta.toml` may give the page `url`, an
//! `input_format`, and `[expect]` metadata values. On a mismatch the test prints a
//! diff; `UPDATE_EXPECT=1 cargo test --test fixtures` re-blesses the expected files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rinse::{InputFormat, Pipeline, RawPage};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    url: Option<String>,
    input_format: Option<String>,
    #[serde(default)]
    expect: BTreeMap<String, String>,
}

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.join("input.html").exists() || path.join("input.txt").exists() {
                out.push(path.clone());
            }
            cases(&path, out);
        }
    }
}

fn diff(expected: &str, got: &str) -> String {
    similar::TextDiff::from_lines(expected, got)
        .unified_diff()
        .header("expected", "got")
        .to_string()
}

fn run_case(pipeline: &Pipeline, dir: &Path, update: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let meta: Meta = match fs::read_to_string(dir.join("meta.toml")) {
        Ok(text) => match toml::from_str(&text) {
            Ok(m) => m,
            Err(e) => return vec![format!("bad meta.toml: {e}")],
        },
        Err(_) => Meta::default(),
    };
    let (input, default_format) = if dir.join("input.html").exists() {
        (dir.join("input.html"), InputFormat::Auto)
    } else {
        (dir.join("input.txt"), InputFormat::Auto)
    };
    let format = match meta.input_format.as_deref() {
        Some("html") => InputFormat::Html,
        Some("text") => InputFormat::Text,
        Some(other) => return vec![format!("bad input_format {other:?}")],
        None => default_format,
    };
    let bytes = match fs::read(&input) {
        Ok(b) => b,
        Err(e) => return vec![format!("cannot read {}: {e}", input.display())],
    };
    let mut page = RawPage::new(bytes).with_format(format);
    page.url = meta.url.clone();
    let article = pipeline.clean(&page);

    let mut outputs = vec![("expected.txt", article.text.clone())];
    if dir.join("expected.md").exists() {
        outputs.push(("expected.md", rinse::to_markdown(&article)));
    }
    for (name, got) in outputs {
        let path = dir.join(name);
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected != got {
            if update {
                if let Err(e) = fs::write(&path, &got) {
                    problems.push(format!("cannot write {}: {e}", path.display()));
                }
            } else {
                problems.push(format!("{name} differs:\n{}", diff(&expected, &got)));
            }
        }
    }
    let m = &article.metadata;
    for (key, want) in &meta.expect {
        let got = match key.as_str() {
            "title" => m.title.clone(),
            "author" => m.author.clone(),
            "published" => m.published.clone(),
            "site_name" => m.site_name.clone(),
            "language" => m.language.clone(),
            "canonical_url" => m.canonical_url.clone(),
            "description" => m.description.clone(),
            "encoding" => Some(article.encoding.to_string()),
            other => {
                problems.push(format!("meta.toml: unknown expect key {other:?}"));
                continue;
            }
        };
        if got.as_deref() != Some(want.as_str()) {
            problems.push(format!("{key}: expected {want:?}, got {got:?}"));
        }
    }
    problems
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut dirs = Vec::new();
    cases(&root, &mut dirs);
    assert!(
        !dirs.is_empty(),
        "no fixtures found under {}",
        root.display()
    );
    let pipeline = Pipeline::new().expect("bundled rules load");
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    let mut failed = Vec::new();
    for dir in &dirs {
        let problems = run_case(&pipeline, dir, update);
        if !problems.is_empty() {
            let name = dir.strip_prefix(&root).unwrap_or(dir).display().to_string();
            failed.push(format!("--- {name}\n{}", problems.join("\n")));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failed.len(),
        dirs.len(),
        failed.join("\n")
    );
    if update {
        eprintln!("UPDATE_EXPECT=1: re-blessed changed expected files; review them with git diff");
    }
}
