//! Unit tests of record input: line reading, WARC framing and recovery, HTTP
//! payloads, classification.

use std::io::Write;

use super::*;

fn record(kind: &str, extra: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n");
    for (name, value) in extra {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(block);
    bytes.extend_from_slice(b"\r\n\r\n");
    bytes
}

fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn read_all(bytes: &[u8], max: u64) -> Vec<Result<WarcRecord, WarcError>> {
    WarcReader::new(open(bytes).unwrap(), max).collect()
}

#[test]
fn lines_are_capped_and_counted() {
    let mut input = &b"abc\r\ndefghij\nxy"[..];
    let mut buf = Vec::new();
    assert_eq!(
        read_line(&mut input, &mut buf, 4).unwrap(),
        (LineEnd::Line, 5)
    );
    assert_eq!(buf, b"abc");
    assert_eq!(
        read_line(&mut input, &mut buf, 4).unwrap(),
        (LineEnd::TooLong(7), 8)
    );
    assert_eq!(buf, b"defg");
    assert_eq!(
        read_line(&mut input, &mut buf, 4).unwrap(),
        (LineEnd::Last, 2)
    );
    assert_eq!(buf, b"xy");
    assert_eq!(
        read_line(&mut input, &mut buf, 4).unwrap(),
        (LineEnd::Eof, 0)
    );
    // A `\r` just past the cap belongs to the line end, not the line.
    let mut input = &b"abcd\r\n"[..];
    assert_eq!(
        read_line(&mut input, &mut buf, 4).unwrap(),
        (LineEnd::Line, 6)
    );
    assert_eq!(buf, b"abcd");
}

#[test]
fn jsonl_lines_skip_blanks_and_report_long_ones() {
    let input = b"\xef\xbb\xbf{\"a\":1}\n  \n{\"b\":\"0123456789\"}\n{}";
    let lines: Vec<JsonlLine> = JsonlReader::new(&input[..], 10)
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        lines,
        [
            JsonlLine::Line {
                number: 1,
                bytes: b"{\"a\":1}".to_vec()
            },
            JsonlLine::TooLong { number: 3, len: 18 },
            JsonlLine::Line {
                number: 4,
                bytes: b"{}".to_vec()
            },
        ]
    );
}

#[test]
fn reads_records_in_plain_and_multi_member_gzip_streams() {
    let mut plain = record("warcinfo", &[], b"software: test");
    plain.extend(record(
        "response",
        &[
            ("WARC-Record-ID", "<urn:uuid:1>"),
            ("WARC-Target-URI", "<https://a.example/x>"),
            ("X-Folded", "one"),
        ],
        &http("200 OK", "Content-Type: text/html\r\n", b"<p>hi</p>"),
    ));
    // A continuation line (leading space) joins the previous header.
    let plain = String::from_utf8(plain)
        .unwrap()
        .replace("X-Folded: one\r\n", "X-Folded: one\r\n  two\r\n")
        .into_bytes();
    let mut gz = Vec::new();
    for member in plain.split_inclusive(|b| *b == b'\n') {
        gz.extend(gzip(member));
    }
    for bytes in [&plain, &gz] {
        let records: Vec<WarcRecord> = read_all(bytes, 1 << 20)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].block, b"software: test");
        let r = &records[1];
        assert_eq!(r.record_id(), Some("<urn:uuid:1>"));
        assert_eq!(r.target_uri(), Some("https://a.example/x"));
        assert_eq!(r.header("x-folded"), Some("one two"));
        assert!(r.truncated.is_none() && !r.over_limit);
    }
}

#[test]
fn bad_bytes_are_reported_and_skipped() {
    let mut bytes = b"garbage line\r\nmore garbage\r\n".to_vec();
    bytes.extend(record("request", &[], b"GET / HTTP/1.1\r\n\r\n"));
    bytes.extend(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n");
    bytes.extend(b"WARC/1.0\r\nno colon here\r\n\r\n");
    bytes.extend(record("metadata", &[], b"x"));
    let got = read_all(&bytes, 1 << 20);
    let kinds: Vec<String> = got
        .iter()
        .map(|r| match r {
            Ok(rec) => rec.record_type().unwrap_or("?").to_string(),
            Err(e) => format!("error: {e}"),
        })
        .collect();
    assert_eq!(kinds.len(), 5, "{kinds:?}");
    assert!(
        kinds[0].contains("expected a `WARC/` version line"),
        "{kinds:?}"
    );
    assert!(kinds[0].contains("at byte 0"), "{kinds:?}");
    assert_eq!(kinds[1], "request");
    assert!(kinds[2].contains("no Content-Length"), "{kinds:?}");
    assert!(kinds[3].contains("without `:`"), "{kinds:?}");
    assert_eq!(kinds[4], "metadata");
}

#[test]
fn a_cut_stream_gives_a_truncated_record_then_ends() {
    let full = record("response", &[], &http("200 OK", "", &[b'a'; 500]));
    let mut bytes = record("warcinfo", &[], b"x");
    bytes.extend(&full[..full.len() - 300]);
    let got = read_all(&bytes, 1 << 20);
    assert_eq!(got.len(), 2);
    let last = got[1].as_ref().unwrap();
    let why = last.truncated.as_deref().unwrap();
    assert!(why.contains("ends after"), "{why}");

    // A cut inside a gzip member: a read error inside the body, still one
    // truncated record (the body is incompressible, so its start decodes).
    let noise: Vec<u8> = (0..20_000u32)
        .map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut gz = gzip(&record("warcinfo", &[], b"x"));
    let member = gzip(&record("response", &[], &http("200 OK", "", &noise)));
    gz.extend(&member[..member.len() * 3 / 4]);
    let got = read_all(&gz, 1 << 20);
    assert_eq!(got.len(), 2, "{got:?}");
    let why = got[1].as_ref().unwrap().truncated.clone().unwrap();
    assert!(why.contains("read error after"), "{why}");
    // Cut before anything of the member decodes: a stream error, then the end.
    let mut gz = gzip(&record("warcinfo", &[], b"x"));
    gz.extend(&member[..12]);
    let got = read_all(&gz, 1 << 20);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(matches!(&got[1], Err(WarcError::Io { .. })), "{got:?}");

    // Cut inside the headers.
    let got = read_all(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Le", 1 << 20);
    assert_eq!(got.len(), 1);
    assert!(got[0].as_ref().unwrap().truncated.is_some());
}

#[test]
fn a_block_over_the_limit_keeps_its_start_and_the_stream_goes_on() {
    let big = http("200 OK", "Content-Type: video/mp4\r\n", &[b'v'; 10_000]);
    let mut bytes = record("response", &[], &big);
    bytes.extend(record("warcinfo", &[], b"after"));
    let got: Vec<WarcRecord> = read_all(&bytes, 1000)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got.len(), 2);
    assert!(got[0].over_limit);
    assert_eq!(got[0].block.len(), 1000);
    assert_eq!(got[0].content_length, big.len() as u64);
    assert_eq!(got[1].block, b"after");
    // Large and not HTML: skipped, not failed.
    assert!(matches!(classify(&got[0], 1000), Verdict::Skip(Skip::NotHtml(m)) if m == "video/mp4"));
}

fn classify_block(kind: &str, block: &[u8]) -> Verdict {
    let bytes = record(kind, &[], block);
    let rec = read_all(&bytes, 1 << 20).pop().unwrap().unwrap();
    classify(&rec, 1 << 20)
}

#[test]
fn classification() {
    let page = |v: Verdict| match v {
        Verdict::Page(p) => p,
        other => panic!("expected a page, got {other:?}"),
    };
    let html = http(
        "200 OK",
        "Content-Type: text/html; charset=koi8-r\r\n",
        b"<p>x</p>",
    );
    let p = page(classify_block("response", &html));
    assert_eq!(p.bytes, b"<p>x</p>");
    assert_eq!(p.content_type.as_deref(), Some("text/html; charset=koi8-r"));

    let skip = |v: Verdict| match v {
        Verdict::Skip(s) => s.kind(),
        other => panic!("expected a skip, got {other:?}"),
    };
    let png = http("200 OK", "Content-Type: image/png\r\n", b"\x89PNG");
    assert_eq!(skip(classify_block("response", &png)), "not HTML");
    let gone = http("404 Not Found", "Content-Type: text/html\r\n", b"<p>x</p>");
    assert_eq!(skip(classify_block("response", &gone)), "not HTTP 200");
    assert_eq!(skip(classify_block("revisit", &html)), "not a response");
    assert_eq!(skip(classify_block("request", b"GET /")), "not a response");
    // No Content-Type: sniffed.
    let bare = http("200 OK", "", b"<!doctype html><html><p>x</p></html>");
    page(classify_block("response", &bare));
    let text = http("200 OK", "", b"just some words");
    assert_eq!(skip(classify_block("response", &text)), "not HTML");
    // A resource record is the payload itself.
    let bytes = record(
        "resource",
        &[("Content-Type", "text/html")],
        b"<html><p>r</p></html>",
    );
    let rec = read_all(&bytes, 1 << 20).pop().unwrap().unwrap();
    assert_eq!(
        page(classify(&rec, 1 << 20)).bytes,
        b"<html><p>r</p></html>"
    );
    // Not an HTTP message.
    assert!(
        matches!(classify_block("response", b"hello"), Verdict::Fail(e) if e.contains("not an HTTP response"))
    );
}

#[test]
fn payload_codings_are_undone() {
    let body = b"<html><p>compressed</p></html>";
    let gz = gzip(body);
    let block = http(
        "200 OK",
        "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
        &gz,
    );
    let resp = HttpResponse::parse(&block).unwrap();
    assert_eq!(resp.payload(1000).unwrap().as_ref(), body);
    assert!(resp.payload(10).unwrap_err().contains("size limit"));

    let chunked = b"5\r\n<p>ab\r\n6;ext=1\r\nc</p>\n\r\n0\r\n\r\n";
    let block = http("200 OK", "Transfer-Encoding: chunked\r\n", chunked);
    let resp = HttpResponse::parse(&block).unwrap();
    assert_eq!(resp.payload(1000).unwrap().as_ref(), b"<p>abc</p>\n");

    // Already decoded by the crawler, header kept: taken as it is.
    let block = http("200 OK", "Content-Encoding: gzip\r\n", body);
    let resp = HttpResponse::parse(&block).unwrap();
    assert_eq!(resp.payload(1000).unwrap().as_ref(), body);

    let block = http("200 OK", "Content-Encoding: br\r\n", b"\x1b\x00\x01");
    let resp = HttpResponse::parse(&block).unwrap();
    assert!(resp.payload(1000).unwrap_err().contains("unsupported"));

    // Bare `\n` line ends.
    let resp = HttpResponse::parse(b"HTTP/1.0 301 Moved\nLocation: /x\n\nbody").unwrap();
    assert_eq!(resp.status, 301);
    assert_eq!(resp.header("location"), Some("/x"));
    assert_eq!(resp.body, b"body");
}
