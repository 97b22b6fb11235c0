//! A batch with hostile inputs mixed in: the run finishes, every input comes out
//! exactly once (a result or an error), and the exit status reports the failures.
//! `scripts/hostile-batch.sh` runs the same check at 10,000 inputs.

use std::fs;
use std::path::Path;
use std::process::Command;

/// Writes input `i` of the batch: every tenth one hostile. Returns whether it
/// must fail (binary, empty) rather than give best-effort text.
fn write_input(dir: &Path, i: usize, good: &[u8]) -> bool {
    let name = dir.join(format!("{i:05}.html"));
    if i % 10 != 7 {
        fs::write(name, good).unwrap();
        return false;
    }
    let (bytes, fails): (Vec<u8>, bool) = match (i / 10) % 8 {
        0 => (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), true),
        1 => (Vec::new(), true),
        2 => (
            (0..4096u32)
                .map(|n| (n.wrapping_mul(2_654_435_761) >> 24) as u8)
                .collect(),
            true,
        ),
        3 => (
            format!("<p>{}</p>", "<div>".repeat(20_000)).into_bytes(),
            true,
        ),
        4 => {
            let text = "<p>UTF-16 text without a byte order mark, still readable.</p>";
            (
                text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
                false,
            )
        }
        5 => (
            format!("<p>{}</p>", "word ".repeat(200_000)).into_bytes(),
            false,
        ),
        6 => (
            b"<p>NUL\0bytes\0inside a paragraph of text.</p>".to_vec(),
            true,
        ),
        _ => (
            b"<p>Unterminated <!-- comment and <div class=\"x".to_vec(),
            false,
        ),
    };
    fs::write(name, bytes).unwrap();
    fails
}

#[test]
fn hostile_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/generic/wordpress-seed-004/input.html"),
    )
    .unwrap();
    let n = 200;
    let mut must_fail = 0;
    for i in 0..n {
        if write_input(dir.path(), i, &good) {
            must_fail += 1;
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_rinse"))
        .args(["-q", "-j", "2"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), n, "every input gives exactly one record");
    for (i, r) in records.iter().enumerate() {
        let source = r["source"].as_str().unwrap();
        assert!(source.ends_with(&format!("{i:05}.html")), "order: {source}");
        assert!(r["text"].is_string() || r["error"].is_string());
    }
    let failed = records.iter().filter(|r| r["error"].is_string()).count();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("rinse: ")).count(),
        failed
    );
    assert!(
        failed >= must_fail,
        "{failed} failed, expected at least {must_fail}"
    );
    assert!(failed <= n / 10, "good pages failed: {stderr}");
    let good_text = records[0]["text"].as_str().unwrap();
    assert!(good_text.contains("Alaska summit may be remembered"));
}
