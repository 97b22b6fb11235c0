//! End-to-end tests of the `rinse` binary: inputs, formats, batches with bad
//! inputs, exit status, `--explain` and `rinse rules`.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn rinse(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rinse"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run rinse")
}

fn rinse_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rinse"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rinse");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait rinse")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Harbour works begin - Coast News</title>
<meta property="og:site_name" content="Coast News"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour works begin</h1><p class="byline">By Ann Lee</p>
<p>Work on the new harbour wall began on Monday, the council said, after years of delay.</p>
<p>The wall, built from granite, will protect the fishing fleet from winter storms and high tides.</p>
<p>6 min read</p>
</article><footer>© 2025 Coast News</footer></body></html>"#;

const PAGE_TEXT: &str = "Work on the new harbour wall began on Monday, the council said, after years of delay.\n\nThe wall, built from granite, will protect the fishing fleet from winter storms and high tides.\n";

#[test]
fn cleans_a_file_to_text() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("page.html"), PAGE).unwrap();
    let out = rinse(&["page.html"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), PAGE_TEXT);
}

#[test]
fn stdin_json_has_metadata() {
    let out = rinse_stdin(
        &["-f", "json", "--url", "https://coast.example/a"],
        PAGE.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["title"], "Harbour works begin");
    assert_eq!(v["author"], "Ann Lee");
    assert_eq!(v["site_name"], "Coast News");
    assert_eq!(v["language"], "en");
    assert_eq!(v["url"], "https://coast.example/a");
    assert_eq!(v["encoding"], "UTF-8");
    assert_eq!(v["text"], PAGE_TEXT);
    assert_eq!(v["word_count"], 32);
    let removed = v["removed"].as_array().unwrap();
    assert!(removed.iter().any(|r| r["rule"] == "reading-time"));
}

#[test]
fn markdown_has_title() {
    let out = rinse_stdin(&["-f", "markdown"], PAGE.as_bytes());
    assert!(stdout(&out).starts_with("# Harbour works begin\n\nWork on the new harbour wall"));
}

#[test]
fn batch_reports_bad_inputs_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("pages/sub")).unwrap();
    fs::write(d.join("pages/a.html"), PAGE).unwrap();
    fs::write(
        d.join("pages/sub/b.txt"),
        "A title\nA plain paragraph of text.\n",
    )
    .unwrap();
    fs::write(d.join("pages/empty.html"), "").unwrap();
    fs::write(
        d.join("pages/img.html"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    fs::write(d.join("pages/skip.png"), b"\x89PNG").unwrap();
    let out = rinse(&["pages", "missing.html"], d);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("empty.html: empty input"), "{err}");
    assert!(
        err.contains("img.html: not a text or HTML page (PNG image)"),
        "{err}"
    );
    assert!(err.contains("rinse: missing.html:"), "{err}");
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Input order: folder walked by name, then the missing file; the .png is not an input.
    let sources: Vec<&str> = lines
        .iter()
        .map(|l| l["source"].as_str().unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "{sources:?}");
    assert!(sources[0].ends_with("a.html"));
    assert!(sources[3].ends_with("b.txt"));
    assert_eq!(sources[4], "missing.html");
    assert_eq!(lines[0]["text"], PAGE_TEXT);
    assert!(lines[1]["error"].is_string());
    assert!(lines[2]["error"].is_string());
    assert_eq!(lines[3]["text"], "A title\n\nA plain paragraph of text.\n");
    assert!(lines[4]["error"].is_string());
}

#[test]
fn output_folder_mirrors_input_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("in/x")).unwrap();
    fs::write(d.join("in/one.html"), PAGE).unwrap();
    fs::write(d.join("in/x/two.htm"), PAGE).unwrap();
    let out = rinse(&["in", "-o", "out"], d);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(d.join("out/one.txt")).unwrap(),
        PAGE_TEXT
    );
    assert_eq!(
        fs::read_to_string(d.join("out/x/two.txt")).unwrap(),
        PAGE_TEXT
    );
}

#[test]
fn gzip_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(PAGE.as_bytes()).unwrap();
    fs::write(dir.path().join("p.html.gz"), gz.finish().unwrap()).unwrap();
    let out = rinse(&["p.html.gz"], dir.path());
    assert_eq!(stdout(&out), PAGE_TEXT);
}

#[test]
fn an_unreachable_url_fails() {
    // A port that was just free: nothing listens there. (Fetching itself is
    // tested in tests/fetch.rs and tests/fetch_cli.rs.)
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/a");
    let out = rinse(&["--retries", "0", &url], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("connection failed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn max_bytes_is_enforced() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.html"), PAGE).unwrap();
    let out = rinse(&["--max-bytes", "100", "p.html"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("larger than --max-bytes"));
}

#[test]
fn explain_lists_removals() {
    let out = rinse_stdin(&["--explain"], PAGE.as_bytes());
    let err = stderr(&out);
    assert!(
        err.contains("[block] reading-time (rules/generic/reading-time.toml): \"6 min read\""),
        "{err}"
    );
    assert!(err.contains("[extract] outside-article"), "{err}");
    assert_eq!(stdout(&out), PAGE_TEXT);
}

#[test]
fn input_format_overrides_sniffing() {
    let out = rinse_stdin(&["--input-format", "text"], b"<p>Tags are fun</p>\n");
    assert_eq!(stdout(&out), "<p>Tags are fun</p>\n");
}

#[test]
fn rules_check_reports_file_line_and_id() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("r")).unwrap();
    fs::write(
        d.join("r/site.toml"),
        "[site]\nid = \"demo\"\nhosts = [\"demo.example\"]\n\n[[drop]]\nid = \"bad\"\npattern = '(unclosed'\n",
    )
    .unwrap();
    let out = rinse(&["rules", "check", "r"], d);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("site.toml:6: rule `bad`: bad regex"),
        "{text}"
    );
}

#[test]
fn site_rules_apply_by_host_and_run_tests() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("r")).unwrap();
    fs::write(
        d.join("r/page.html"),
        PAGE.replace("high tides.", "high tides. (Photo: Ann Lee)"),
    )
    .unwrap();
    fs::write(
        d.join("r/coast.toml"),
        r#"[site]
id = "coast"
hosts = ["coast.example"]
root = "article"

[[strip]]
id = "photo-credit"
pattern = '\s*\(Photo: [^)]*\)'
examples = { strip = ["a (Photo: X)"], keep = ["a photo"] }

[[test]]
file = "page.html"
contains = ["high tides."]
absent = ["Photo:", "Home"]
"#,
    )
    .unwrap();
    let out = rinse(&["rules", "check", "r"], d);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("1 passed, 0 failed"));
    let list = rinse(
        &[
            "rules",
            "list",
            "--rules",
            "r",
            "--url",
            "https://www.coast.example/x",
        ],
        d,
    );
    let listed = stdout(&list);
    assert!(listed.contains("site: coast"), "{listed}");
    assert!(listed.contains("photo-credit"), "{listed}");
}

#[test]
fn time_budget_flag_is_parsed() {
    // The budget itself is tested through the library (a zero budget); here the
    // flag: `0s` turns it off, a duration without unit is refused.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.html"), PAGE).unwrap();
    let out = rinse(&["--time-budget", "0s", "p.html"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), PAGE_TEXT);
    let out = rinse(&["--time-budget", "20", "p.html"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

const FIGURE_PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Quay repairs - Coast News</title></head><body>
<article><h1>Quay repairs</h1>
<p>Divers began repairing the old quay on Tuesday, after a winter of storms loosened the stones along its seaward side.</p>
<figure><img src="quay.jpg" alt=""><figcaption>Divers inspect the loosened stones below the waterline</figcaption><p class="credit">Photo: Ann Lee</p></figure>
<p>The work will take three weeks, the harbour master said, and the fishing fleet will moor at the north pier meanwhile.</p>
<div class="image-caption">The north pier, where the boats will moor during the work</div>
<p>The council has set aside money for a second phase next year, when the inner wall is due to be rebuilt.</p>
</article></body></html>"#;

#[test]
fn disable_switches_a_rule_off_and_refuses_unknown_ids() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.html"), FIGURE_PAGE).unwrap();
    // By default captions (the <figcaption> and the caption-named box) and the
    // photo credit go.
    let out = rinse(&["p.html"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Divers began repairing"), "{text}");
    assert!(!text.contains("Divers inspect"), "{text}");
    assert!(!text.contains("north pier, where"), "{text}");
    assert!(!text.contains("Ann Lee"), "{text}");
    // With the `captions` rule off, both captions stay; the credit still goes.
    let out = rinse(&["--disable", "captions", "p.html"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Divers inspect the loosened stones"),
        "{text}"
    );
    assert!(text.contains("The north pier, where the boats"), "{text}");
    assert!(!text.contains("Ann Lee"), "{text}");
    // An id that no rule has is a setup error, named.
    let out = rinse(
        &["--disable", "captions,no-such-rule", "p.html"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("no-such-rule"), "{}", stderr(&out));
}
