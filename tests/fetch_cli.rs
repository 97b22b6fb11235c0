//! End-to-end tests of `rinse URL` and `rinse --urls LIST` against a real HTTP
//! server on 127.0.0.1 (tests/fetch_server): output, one result per URL in a
//! 200-URL run, `-o DIR` names, flags, exit status, the summary line, and
//! Ctrl-C. Every wait is bounded.

mod fetch_server;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fetch_server::{article_text, many_expect, Expect, Server};

/// Flags that keep runs fast: no delay, quick retries.
const FAST: &[&str] = &["--delay", "0", "--retry-base", "1ms", "--timeout", "10s"];

fn rinse_cmd(args: &[&str], dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rinse"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs rinse to the end, killing it (and failing) after `secs`.
fn rinse(args: &[&str], dir: &Path, secs: u64) -> Output {
    let child = rinse_cmd(args, dir).spawn().expect("spawn rinse");
    wait_bounded(child, secs)
}

fn wait_bounded(mut child: Child, secs: u64) -> Output {
    let deadline = Instant::now() + Duration::from_secs(secs);
    // Drain the pipes on threads so a full pipe cannot block the child.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            if let Some(mut p) = pipe {
                p.read_to_end(&mut v).ok();
            }
            v
        })
    };
    let out_t = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err_t = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("rinse did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn one_url_prints_its_text() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let out = rinse(&[&server.url("/article/7")], dir.path(), 30);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        text(&out.stdout),
        "Article 7: work on the new harbour wall began on Monday, the council said, after years of delay.\n\n\
         The wall, built from granite, will protect the fishing fleet from winter storms and high tides.\n"
    );
    assert!(
        err.contains("rinse: 1 fetched, 0 failed, 0 skipped"),
        "{err}"
    );
    // robots.txt first (404 here: no rules), then the page.
    assert_eq!(server.seen.hits("/robots.txt"), 1);
}

#[test]
fn json_has_the_final_url_and_fetch_errors_have_kinds() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let start = server.url("/start/a");
    let pdf = server.url("/doc.pdf");
    let out = rinse(
        &["-f", "json", "--user-agent", "testbot/3", &start, &pdf],
        dir.path(),
        30,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let mut by_source = BTreeMap::new();
    for v in json_lines(&out) {
        by_source.insert(v["source"].as_str().unwrap().to_string(), v);
    }
    assert_eq!(by_source[&start]["url"], server.url("/final/page"));
    assert_eq!(
        by_source[&start]["canonical_url"],
        server.url("/final/canon")
    );
    assert_eq!(by_source[&pdf]["error_kind"], "not_html");
    assert_eq!(
        by_source[&pdf]["error"],
        "not HTML or text (application/pdf); skipped"
    );
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("rinse: {pdf}: not HTML or text")),
        "{err}"
    );
    assert!(
        err.contains("rinse: 1 fetched, 0 failed, 1 skipped"),
        "{err}"
    );
    assert!(server.seen.agents().iter().all(|a| a == "testbot/3"));
}

#[test]
fn output_folder_gets_one_file_per_url() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("urls.txt");
    let urls = format!(
        "# comment\n{}\n\n{}\n{}\n",
        server.url("/article/1"),
        server.url("/article/2"),
        server.url("/missing")
    );
    std::fs::write(&list, urls).unwrap();
    let out = rinse(
        &["--urls", "urls.txt", "-o", "out", "--delay", "0"],
        dir.path(),
        30,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let port = server.addr.port();
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            format!("127.0.0.1_{port}_article_1.txt"),
            format!("127.0.0.1_{port}_article_2.txt")
        ]
    );
    let one = std::fs::read_to_string(dir.path().join("out").join(&files[0])).unwrap();
    assert!(one.starts_with(&article_text("1")));
    assert!(text(&out.stderr).contains("HTTP 404 Not Found"));
}

#[test]
fn two_hundred_urls_each_end_as_one_result() {
    let server = Server::with_robots(Some((200, "User-agent: *\nDisallow: /private/\n")));
    let dir = tempfile::tempdir().unwrap();
    let mut lines = vec!["not a url".to_string()];
    let mut expect = BTreeMap::new();
    for n in 1..200 {
        let fate = many_expect(n);
        let url = if fate == Expect::Robots {
            server.url(&format!("/private/{n}"))
        } else {
            server.url(&format!("/many/{n}"))
        };
        expect.insert(url.clone(), (n, fate));
        lines.push(url);
    }
    std::fs::write(dir.path().join("list.txt"), lines.join("\n")).unwrap();
    let args = [
        &["--urls", "list.txt", "--per-host", "8", "--retries", "1"][..],
        FAST,
    ]
    .concat();
    let out = rinse(&args, dir.path(), 120);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let records = json_lines(&out);
    assert_eq!(records.len(), 200, "one JSONL record per URL");
    let sources: BTreeSet<&str> = records
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources.len(), 200, "no URL reported twice");
    let (mut ok, mut failed, mut skipped) = (0, 0, 0);
    for r in &records {
        let source = r["source"].as_str().unwrap();
        if source == "not a url" {
            assert_eq!(r["error_kind"], "invalid_url");
            failed += 1;
            continue;
        }
        let (n, fate) = expect[source];
        let kind = r["error_kind"].as_str();
        match fate {
            Expect::Article => {
                assert!(r["error"].is_null(), "{r}");
                assert!(r["text"]
                    .as_str()
                    .unwrap()
                    .contains(&article_text(&n.to_string())));
                ok += 1;
            }
            Expect::NotFound => {
                assert_eq!(r["error"], "HTTP 404 Not Found");
                failed += 1;
            }
            Expect::ServerError => {
                assert_eq!(
                    r["error"],
                    "HTTP 500 Internal Server Error (after 2 attempts)"
                );
                failed += 1;
            }
            Expect::Pdf => {
                assert_eq!(kind, Some("not_html"), "{r}");
                skipped += 1;
            }
            Expect::Robots => {
                assert_eq!(kind, Some("robots"), "{r}");
                assert!(r["error"]
                    .as_str()
                    .unwrap()
                    .starts_with("disallowed by robots.txt"));
                skipped += 1;
            }
        }
        if fate != Expect::Article {
            assert!(
                err.contains(&format!("rinse: {source}: ")),
                "no message for {source}"
            );
        }
    }
    assert_eq!(ok + failed + skipped, 200);
    assert!(
        ok > 100 && failed > 30 && skipped > 10,
        "{ok} {failed} {skipped}"
    );
    let summary = format!("rinse: {ok} fetched, {failed} failed, {skipped} skipped");
    assert_eq!(err.lines().last(), Some(summary.as_str()), "{err}");
    assert_eq!(server.seen.hits("/robots.txt"), 1);
}

#[test]
fn ctrl_c_stops_cleanly_and_keeps_what_was_written() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let urls = [
        server.url("/article/1"),
        server.url("/stall?a"),
        server.url("/stall?b"),
    ];
    // One request at a time, in order: the article is written before any stall.
    let mut args = vec![
        "--per-host",
        "1",
        "--concurrency",
        "1",
        "--delay",
        "0",
        "-f",
        "jsonl",
    ];
    args.extend(urls.iter().map(String::as_str));
    let mut child = rinse_cmd(&args, dir.path()).spawn().expect("spawn rinse");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            let _ = tx.send(line.clone());
            lines.push(line);
        }
        lines
    });
    let first = rx.recv_timeout(Duration::from_secs(30));
    let first = match first {
        Ok(line) => line,
        Err(_) => {
            let _ = child.kill();
            panic!("no first result within 30 s");
        }
    };
    assert!(first.contains(&article_text("1")), "{first}");
    let pid = child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let child_out = wait_bounded(child, 10);
    let lines = reader.join().unwrap();
    assert_eq!(
        child_out.status.code(),
        Some(130),
        "{}",
        text(&child_out.stderr)
    );
    assert_eq!(lines.len(), 3, "{lines:?}");
    let rest: BTreeSet<String> = lines[1..]
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(v["error_kind"], "interrupted", "{v}");
            v["source"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(rest, urls[1..].iter().cloned().collect());
    let err = text(&child_out.stderr);
    assert!(
        err.contains("rinse: 1 fetched, 0 failed, 0 skipped, 2 interrupted"),
        "{err}"
    );
}
