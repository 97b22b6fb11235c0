//! Filter mode end to end (`rinse --input-format jsonl -`): one JSON object per
//! line in, one per line out in the same order; `html` or `text` cleaned into
//! `text`, other fields passed through byte for byte, rinse's metadata under
//! `metadata`, and every bad line an output line with an `error`. Each record
//! is flushed before the next line is read, so rinse works as a coprocess.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

fn filter(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rinse"))
        .args(["--input-format", "jsonl"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rinse");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("wait rinse");
    feeder.join().unwrap().unwrap();
    out
}

fn lines(out: &Output) -> Vec<String> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn parsed(out: &Output) -> Vec<Value> {
    lines(out)
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Harbour works begin</title>
<link rel="canonical" href="/news/harbour"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour works begin</h1>
<p>Work on the new harbour wall began on Monday, the council said, after years of delay.</p>
<p>The wall, built from granite, will protect the fishing fleet from winter storms and high tides.</p>
</article><footer>© 2025 Coast News</footer></body></html>"#;

const TEXT: &str = "Work on the new harbour wall began on Monday, the council said, after years of delay.\n\nThe wall, built from granite, will protect the fishing fleet from winter storms and high tides.\n";

#[test]
fn text_is_cleaned_and_other_fields_pass_through_in_place() {
    // Written by hand: `1.50` and the key order must come out as they are.
    let html_rec = format!(
        r#"{{"shard":"a-01","score":1.50,"id":7,"html":{},"url":"https://coast.example/x","tags":["x", "y"]}}"#,
        Value::from(PAGE)
    );
    let text_rec = json!({
        "id": "t1",
        "text": "Work on the new harbour wall began on Monday, the council\nsaid, after years of delay. The wall, built from granite,\nwill protect the fishing fleet from winter storms and high\ntides, and the harbour master expects the work to last two\nyears.\n\n6 min read\n",
        "metadata": {"lang": "en", "title": "kept", "url": "https://coast.example/t"},
    })
    .to_string();
    let input = format!("{html_rec}\n{text_rec}\n");
    let out = filter(&["-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let raw = lines(&out);
    assert_eq!(raw.len(), 2);
    assert!(
        raw[0].starts_with(r#"{"shard":"a-01","score":1.50,"id":7,"text":"#),
        "{}",
        raw[0]
    );
    assert!(
        raw[0].contains(r#""url":"https://coast.example/x","tags":["x", "y"],"metadata":{"#),
        "{}",
        raw[0]
    );
    let recs = parsed(&out);
    assert_eq!(recs[0]["text"], TEXT);
    assert!(
        recs[0].get("html").is_none(),
        "the page itself is not copied"
    );
    assert_eq!(recs[0]["url"], "https://coast.example/x");
    let meta = &recs[0]["metadata"];
    assert_eq!(meta["title"], "Harbour works begin");
    assert_eq!(meta["language"], "en");
    assert_eq!(
        meta["canonical_url"], "https://coast.example/news/harbour",
        "the url is the page's address"
    );
    assert_eq!(meta["input_kind"], "html");
    assert!(recs[0].get("error").is_none());

    let t = &recs[1];
    assert_eq!(t["id"], "t1");
    let text = t["text"].as_str().unwrap();
    assert!(text.starts_with("Work on the new harbour wall began on Monday, the council said, after years of delay. The wall"), "reflowed: {text}");
    assert!(!text.contains("min read"), "block rules ran: {text}");
    assert_eq!(t["metadata"]["lang"], "en", "the input's metadata is kept");
    assert_eq!(
        t["metadata"]["title"], "kept",
        "not overwritten by a missing value"
    );
    assert_eq!(t["metadata"]["url"], "https://coast.example/t");
    assert_eq!(t["metadata"]["input_kind"], "text");
    assert!(
        stderr(&out).contains("rinse: 2 records read, 2 cleaned, 0 failed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_bad_line_gives_one_error_line_and_the_stream_goes_on() {
    let good = json!({"id": "g", "html": PAGE}).to_string();
    let mut input = Vec::new();
    for line in [
        good.as_str(),                      // 1
        "{\"id\": 2, \"html\": ",           // 2 malformed
        "",                                 // 3 blank: not a record
        "[1, 2]",                           // 4 not an object
        r#"{"id": 5, "html": 42}"#,         // 5 wrong type
        r#"{"id": 6, "title": "no page"}"#, // 6 no html or text
        r#"{"id": 7, "html": "<p></p>"}"#,  // 7 nothing left
    ] {
        input.extend_from_slice(line.as_bytes());
        input.push(b'\n');
    }
    input.extend_from_slice(b"{\"id\": 8, \"html\": \"\xff\xfe\"}\n"); // 8 not UTF-8
    let long = json!({"id": 9, "html": "x".repeat(5000)}).to_string();
    input.extend_from_slice(long.as_bytes()); // 9 over --max-bytes
    input.push(b'\n');
    input.extend_from_slice(good.as_bytes()); // 10, no final newline

    let out = filter(&["--max-bytes", "4000", "-"], &input);
    assert_eq!(
        out.status.code(),
        Some(0),
        "record errors do not fail the run: {}",
        stderr(&out)
    );
    let recs = parsed(&out);
    assert_eq!(recs.len(), 9, "{recs:?}");
    let errors: Vec<&str> = recs
        .iter()
        .map(|r| r["error"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(errors[0], "");
    assert!(errors[1].starts_with("malformed JSON"), "{}", errors[1]);
    assert_eq!(recs[1]["line"], 2);
    assert!(
        errors[2].contains("expected a JSON object"),
        "{}",
        errors[2]
    );
    assert_eq!(recs[2]["line"], 4);
    assert_eq!(errors[3], "`html` is not a string");
    assert_eq!(recs[3]["id"], 5);
    assert_eq!(errors[4], "no `html` or `text` field");
    assert_eq!(recs[4]["title"], "no page");
    assert!(!errors[5].is_empty());
    assert_eq!(recs[5]["id"], 7);
    assert_eq!(errors[6], "not valid UTF-8");
    assert_eq!(recs[6]["line"], 8);
    assert!(errors[7].contains("over the size limit"), "{}", errors[7]);
    assert_eq!(recs[7]["line"], 9);
    assert_eq!(recs[8]["id"], "g");
    assert_eq!(recs[8]["text"], TEXT);
    assert!(recs.iter().all(|r| r["text"].is_string()));
    let err = stderr(&out);
    assert!(err.contains("rinse: -:2: malformed JSON"), "{err}");
    assert!(
        err.contains("rinse: -:5 (id 5): `html` is not a string"),
        "{err}"
    );
    assert!(
        err.contains("rinse: 9 records read, 2 cleaned, 7 failed"),
        "{err}"
    );
}

#[test]
fn a_record_over_the_time_budget_fails_alone() {
    // 7 MB of article takes well over the budget even in an optimized build
    // (230–320 ms to its first check of the budget, measured); the light page
    // takes well under it even unoptimized (about 1 ms). One job, so that the
    // light page is not cleaned beside the heavy one.
    let heavy: String = (0..100_000)
        .map(|i| format!("<p>Paragraph {i} with some words, commas, and more words to score.</p>"))
        .collect();
    let input = format!(
        "{}\n{}\n",
        json!({"id": "heavy", "html": format!("<html><body><article>{heavy}</article></body></html>")}),
        json!({"id": "light", "html": PAGE}),
    );
    let out = filter(
        &["-q", "-j", "1", "--time-budget", "100ms", "-"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = parsed(&out);
    assert_eq!(recs.len(), 2);
    let error = recs[0]["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("time budget of 100 ms exceeded"),
        "{}",
        recs[0]
    );
    assert_eq!(recs[1]["text"], TEXT);
}

#[test]
fn each_record_is_written_before_the_next_line_arrives() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rinse"))
        .args(["--input-format", "jsonl", "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    for n in 0..3 {
        let rec = json!({"id": n, "html": PAGE});
        writeln!(stdin, "{rec}").unwrap();
        stdin.flush().unwrap();
        // stdin stays open: the answer must come without more input.
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no output for record {n} while stdin is open"));
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["id"], n);
        assert_eq!(v["text"], TEXT);
    }
    drop(stdin);
    let status = child.wait().unwrap();
    assert!(status.success());
    reader.join().unwrap();
}

#[test]
fn many_records_keep_their_order_and_come_out_once() {
    let mut input = String::new();
    let n = 600;
    for i in 0..n {
        let line = match i % 9 {
            4 => format!("{{\"id\": {i}, broken"),
            7 => json!({"id": i, "text": format!("Plain text record {i}, with words enough to stay.")}).to_string(),
            _ => json!({"id": i, "html": PAGE.replace("Monday", &format!("day {i}"))}).to_string(),
        };
        input.push_str(&line);
        input.push('\n');
    }
    let out = filter(&["-j", "2", "-q", "-"], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = parsed(&out);
    assert_eq!(recs.len(), n);
    for (i, r) in recs.iter().enumerate() {
        if i % 9 == 4 {
            assert_eq!(r["line"], i + 1, "{r}");
            assert!(r["error"].is_string());
        } else {
            assert_eq!(r["id"], i, "{r}");
            let text = r["text"].as_str().unwrap();
            let marker = if i % 9 == 7 {
                format!("record {i},")
            } else {
                format!("day {i},")
            };
            assert!(text.contains(&marker), "{i}: {text}");
        }
    }
}

#[test]
fn files_gzip_and_folders_are_read_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let a = format!("{}\n", json!({"id": "a", "html": PAGE}));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(format!("{}\nnot json\n", json!({"id": "b", "html": PAGE})).as_bytes())
        .unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/1.jsonl"), a).unwrap();
    std::fs::write(dir.path().join("in/2.jsonl.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(dir.path().join("in/skip.txt"), "not a jsonl file").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rinse"))
        .args([
            "--input-format",
            "jsonl",
            "-q",
            "in",
            "missing.jsonl",
            "-o",
            "out/all.jsonl",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a stream that cannot be opened fails the run"
    );
    let written = std::fs::read_to_string(dir.path().join("out/all.jsonl")).unwrap();
    let recs: Vec<Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 4, "{written}");
    assert_eq!(recs[0]["id"], "a");
    assert_eq!(recs[1]["id"], "b");
    assert_eq!(recs[2]["line"], 2);
    assert!(recs[2]["source"].as_str().unwrap().ends_with("2.jsonl.gz"));
    assert_eq!(recs[3]["source"], "missing.jsonl");
    assert!(recs[3]["error"]
        .as_str()
        .unwrap()
        .starts_with("cannot open"));
}
