//! WARC input end to end: WARC files written here (each record its own gzip
//! member, as crawlers write them) go through the `rinse` binary; HTML
//! responses come out as JSONL with their record id and URL, in order, the
//! other records are skipped and counted, and bad or truncated records give an
//! `error` without stopping the stream.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// A small WARC writer: records as WARC/1.1, each its own gzip member when `gzip`.
struct Warc {
    bytes: Vec<u8>,
    gzip: bool,
}

impl Warc {
    fn new(gzip: bool) -> Warc {
        let mut w = Warc {
            bytes: Vec::new(),
            gzip,
        };
        w.record(
            "warcinfo",
            &[("Content-Type", "application/warc-fields")],
            b"software: rinse-test\r\n",
        );
        w
    }

    fn record(&mut self, kind: &str, headers: &[(&str, &str)], block: &[u8]) {
        let mut head =
            format!("WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
        let mut rec = head.into_bytes();
        rec.extend_from_slice(block);
        rec.extend_from_slice(b"\r\n\r\n");
        if self.gzip {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(&rec).unwrap();
            self.bytes.extend(enc.finish().unwrap());
        } else {
            self.bytes.extend(rec);
        }
    }

    /// A `response` record: `id` becomes `<urn:uuid:id>`.
    fn response(&mut self, id: &str, url: &str, status: &str, http_headers: &str, body: &[u8]) {
        let mut block = format!("HTTP/1.1 {status}\r\n{http_headers}\r\n").into_bytes();
        block.extend_from_slice(body);
        let rid = format!("<urn:uuid:{id}>");
        let headers = [
            ("WARC-Record-ID", rid.as_str()),
            ("WARC-Target-URI", url),
            ("Content-Type", "application/http; msgtype=response"),
        ];
        self.record("response", &headers, &block);
    }

    fn html(&mut self, id: &str, n: usize) {
        let url = format!("https://news.example/story/{n}");
        self.response(
            id,
            &url,
            "200 OK",
            "Content-Type: text/html\r\n",
            page(n).as_bytes(),
        );
    }
}

fn page(n: usize) -> String {
    format!(
        "<!doctype html><html><head><title>Story {n}</title></head><body>\
         <nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>Story {n}</h1>\
         <p>Record number {n} begins here, and the council said on Monday that the harbour wall would be rebuilt.</p>\
         <p>The wall, built from granite, will protect the fishing fleet from winter storms and high tides.</p>\
         </article><footer>© 2025 Coast News</footer></body></html>"
    )
}

fn rinse(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rinse"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run rinse")
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// "Привет, мир" and more, in KOI8-R.
fn koi8r_page() -> Vec<u8> {
    let text =
        "Новая стена гавани строится, сказал совет в понедельник, после многих лет задержек.";
    let mut body = b"<html><head><title>KOI</title></head><body><article><p>".to_vec();
    let (bytes, _, bad) = encoding_rs::KOI8_R.encode(text);
    assert!(!bad);
    body.extend_from_slice(&bytes);
    body.extend_from_slice(b"</p><p>");
    body.extend_from_slice(&bytes);
    body.extend_from_slice(b"</p></article></body></html>");
    body
}

#[test]
fn html_responses_are_cleaned_and_the_rest_is_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Warc::new(true);
    w.record(
        "request",
        &[("WARC-Target-URI", "https://news.example/story/1")],
        b"GET /story/1 HTTP/1.1\r\nHost: news.example\r\n\r\n",
    );
    w.html("a1", 1);
    w.response(
        "png",
        "https://news.example/logo.png",
        "200 OK",
        "Content-Type: image/png\r\n",
        b"\x89PNG\r\n\x1a\n\0\0",
    );
    w.record(
        "revisit",
        &[
            ("WARC-Target-URI", "https://news.example/story/1"),
            (
                "WARC-Profile",
                "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
            ),
        ],
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
    );
    w.response(
        "gone",
        "https://news.example/gone",
        "404 Not Found",
        "Content-Type: text/html\r\n",
        page(99).as_bytes(),
    );
    // The charset is only in the HTTP header: the page has no <meta charset>.
    w.response(
        "koi",
        "https://news.example/ru",
        "200 OK",
        "Content-Type: text/html; charset=koi8-r\r\n",
        &koi8r_page(),
    );
    w.record(
        "metadata",
        &[("WARC-Target-URI", "https://news.example/story/1")],
        b"fetchTimeMs: 12\r\n",
    );
    w.html("a2", 2);
    fs::write(dir.path().join("crawl.warc.gz"), &w.bytes).unwrap();

    let out = rinse(&["crawl.warc.gz"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    let ids: Vec<&str> = recs
        .iter()
        .map(|r| r["warc_record_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["<urn:uuid:a1>", "<urn:uuid:koi>", "<urn:uuid:a2>"]);
    assert_eq!(recs[0]["id"], "<urn:uuid:a1>");
    assert_eq!(recs[0]["url"], "https://news.example/story/1");
    assert_eq!(recs[0]["warc_date"], "2024-05-01T10:00:00Z");
    assert_eq!(recs[0]["source"], "crawl.warc.gz");
    assert_eq!(recs[0]["metadata"]["title"], "Story 1");
    let text = recs[0]["text"].as_str().unwrap();
    assert!(text.starts_with("Record number 1 begins here"), "{text}");
    assert!(
        !text.contains("Home") && !text.contains("Coast News"),
        "{text}"
    );
    assert!(recs.iter().all(|r| r.get("error").is_none()), "{recs:?}");

    let koi = &recs[1];
    assert_eq!(koi["metadata"]["encoding"], "KOI8-R");
    assert_eq!(koi["metadata"]["encoding_source"], "content-type");
    assert!(
        koi["text"]
            .as_str()
            .unwrap()
            .contains("Новая стена гавани строится"),
        "{koi}"
    );

    let summary = "rinse: 9 records read, 3 cleaned, 6 skipped (4 not a response, 1 not HTTP 200, 1 not HTML), 0 failed";
    assert!(stderr(&out).contains(summary), "{}", stderr(&out));
}

#[test]
fn plain_gzip_and_stdin_give_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut plain = Warc::new(false);
    let mut gz = Warc::new(true);
    for n in 0..20 {
        plain.html(&format!("r{n}"), n);
        gz.html(&format!("r{n}"), n);
    }
    fs::write(dir.path().join("a.warc"), &plain.bytes).unwrap();
    fs::write(dir.path().join("a.warc.gz"), &gz.bytes).unwrap();
    let strip = |out: &Output| -> Vec<Value> {
        records(out)
            .into_iter()
            .map(|mut r| {
                r.as_object_mut().unwrap().remove("source");
                r
            })
            .collect()
    };
    let a = rinse(&["-q", "a.warc"], dir.path());
    let b = rinse(&["-q", "-j", "1", "a.warc.gz"], dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_rinse"))
        .args(["-q", "--input-format", "warc", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&gz.bytes).unwrap();
    let c = child.wait_with_output().unwrap();
    assert!(a.status.success() && b.status.success() && c.status.success());
    assert_eq!(strip(&a).len(), 20);
    assert_eq!(strip(&a), strip(&b));
    assert_eq!(strip(&a), strip(&c));
    assert_eq!(records(&c)[0]["source"], "-");
    assert!(a.stderr.is_empty(), "-q prints no summary: {}", stderr(&a));
}

#[test]
fn a_truncated_final_record_is_an_error_and_the_rest_comes_out() {
    let dir = tempfile::tempdir().unwrap();
    // Plain: the last record's block is cut short.
    let mut w = Warc::new(false);
    w.html("ok1", 1);
    w.html("ok2", 2);
    w.html("cut", 3);
    let cut = w.bytes.len() - 200;
    fs::write(dir.path().join("cut.warc"), &w.bytes[..cut]).unwrap();
    let out = rinse(&["cut.warc"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "a stream that ends inside a record fails the run"
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 3, "{recs:?}");
    assert_eq!(recs[1]["warc_record_id"], "<urn:uuid:ok2>");
    assert!(recs[1].get("error").is_none());
    assert_eq!(recs[2]["warc_record_id"], "<urn:uuid:cut>");
    assert_eq!(recs[2]["url"], "https://news.example/story/3");
    assert_eq!(recs[2]["text"], "");
    let error = recs[2]["error"].as_str().unwrap();
    assert!(error.starts_with("truncated record"), "{error}");
    assert!(stderr(&out).contains("cut.warc@"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("4 records read, 2 cleaned, 1 skipped (1 not a response), 1 failed"),
        "{}",
        stderr(&out)
    );

    // Gzip: the last member is cut in half.
    let mut w = Warc::new(true);
    w.html("ok1", 1);
    let before = w.bytes.len();
    w.html("cut", 2);
    let cut = before + (w.bytes.len() - before) / 2;
    fs::write(dir.path().join("cut.warc.gz"), &w.bytes[..cut]).unwrap();
    let out = rinse(&["cut.warc.gz"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out);
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert_eq!(recs[0]["warc_record_id"], "<urn:uuid:ok1>");
    assert!(recs[1]["error"].as_str().is_some(), "{recs:?}");
}

#[test]
fn size_cap_and_bad_bytes_fail_one_record_and_the_stream_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Warc::new(false);
    let big = format!(
        "<html><body><article>{}</article></body></html>",
        "<p>A long paragraph of words, again and again.</p>".repeat(200)
    );
    w.response(
        "big",
        "https://news.example/big",
        "200 OK",
        "Content-Type: text/html\r\n",
        big.as_bytes(),
    );
    w.response(
        "video",
        "https://news.example/v.mp4",
        "200 OK",
        "Content-Type: video/mp4\r\n",
        &vec![7u8; 50_000],
    );
    w.bytes.extend(b"this line is not part of any record\r\n");
    w.html("after", 5);
    fs::write(dir.path().join("x.warc"), &w.bytes).unwrap();
    let out = rinse(&["--max-bytes", "4000", "x.warc"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 3, "{recs:?}");
    assert_eq!(recs[0]["warc_record_id"], "<urn:uuid:big>");
    assert!(
        recs[0]["error"]
            .as_str()
            .unwrap()
            .contains("size limit (4000 bytes)"),
        "{}",
        recs[0]
    );
    assert!(
        recs[1]["error"]
            .as_str()
            .unwrap()
            .contains("expected a `WARC/` version line"),
        "{}",
        recs[1]
    );
    assert_eq!(recs[2]["warc_record_id"], "<urn:uuid:after>");
    assert!(recs[2]["text"]
        .as_str()
        .unwrap()
        .contains("Record number 5"));
    assert!(
        stderr(&out).contains("1 not HTML"),
        "the large video is skipped, not failed: {}",
        stderr(&out)
    );
}

#[test]
fn many_records_come_out_once_each_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Warc::new(true);
    let n = 2000;
    let mut want = Vec::new();
    let (mut skipped, mut failed) = (1, 0); // the warcinfo record
    for i in 0..n {
        let id = format!("id-{i:05}");
        match i % 10 {
            3 => {
                w.response(
                    &id,
                    "https://news.example/i.png",
                    "200 OK",
                    "Content-Type: image/png\r\n",
                    b"\x89PNG",
                );
                skipped += 1;
            }
            6 => {
                w.record(
                    "request",
                    &[("WARC-Record-ID", &id)],
                    b"GET / HTTP/1.1\r\n\r\n",
                );
                skipped += 1;
            }
            8 => {
                // An empty page: written with an error.
                w.response(
                    &id,
                    "https://news.example/empty",
                    "200 OK",
                    "Content-Type: text/html\r\n",
                    b"<html><body></body></html>",
                );
                want.push(format!("<urn:uuid:{id}>"));
                failed += 1;
            }
            _ => {
                w.html(&id, i);
                want.push(format!("<urn:uuid:{id}>"));
            }
        }
    }
    fs::write(dir.path().join("big.warc.gz"), &w.bytes).unwrap();
    let out = rinse(&["-j", "2", "big.warc.gz"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    let got: Vec<&str> = recs
        .iter()
        .map(|r| r["warc_record_id"].as_str().unwrap())
        .collect();
    assert_eq!(got, want);
    let errors = recs.iter().filter(|r| r.get("error").is_some()).count();
    assert_eq!(errors, failed);
    let cleaned = want.len() - failed;
    let summary = format!(
        "rinse: {} records read, {cleaned} cleaned, {skipped} skipped (",
        n + 1
    );
    assert!(
        stderr(&out).contains(&summary),
        "{summary}\n{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains(&format!(", {failed} failed")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn raw_html_feeds_filter_mode_with_the_same_result() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Warc::new(true);
    w.html("p1", 1);
    w.response(
        "koi",
        "https://news.example/ru",
        "200 OK",
        "Content-Type: text/html; charset=koi8-r\r\n",
        &koi8r_page(),
    );
    fs::write(dir.path().join("c.warc.gz"), &w.bytes).unwrap();
    let direct = rinse(&["-q", "c.warc.gz"], dir.path());
    let raw = rinse(
        &["-q", "--raw-html", "c.warc.gz", "-o", "pages.jsonl"],
        dir.path(),
    );
    assert!(
        direct.status.success() && raw.status.success(),
        "{}",
        stderr(&raw)
    );
    let pages = fs::read_to_string(dir.path().join("pages.jsonl")).unwrap();
    let first: Value = serde_json::from_str(pages.lines().next().unwrap()).unwrap();
    assert!(first["html"].as_str().unwrap().contains("Record number 1"));
    assert!(first.get("text").is_none());
    let filtered = rinse(
        &["-q", "--input-format", "jsonl", "pages.jsonl"],
        dir.path(),
    );
    assert!(filtered.status.success(), "{}", stderr(&filtered));
    let a = records(&direct);
    let b = records(&filtered);
    assert_eq!(a.len(), 2);
    assert_eq!(b.len(), 2);
    for (a, b) in a.iter().zip(&b) {
        assert_eq!(a["id"], b["id"]);
        assert_eq!(a["text"], b["text"]);
    }
}

#[test]
fn warc_files_are_not_mixed_with_pages_nor_written_as_markdown() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.warc"), Warc::new(false).bytes).unwrap();
    fs::write(dir.path().join("p.html"), "<p>x</p>").unwrap();
    let out = rinse(&["a.warc", "p.html"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot be mixed"), "{}", stderr(&out));
    let out = rinse(&["-f", "markdown", "a.warc"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("written as JSONL"),
        "{}",
        stderr(&out)
    );
}
