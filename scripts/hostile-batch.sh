#!/usr/bin/env bash
# Robustness at scale: 10,000 inputs (N to change), one in ten hostile (binary,
# empty, random bytes, 20,000 unclosed elements, UTF-16 without BOM, a 1 MB line,
# NUL bytes, unterminated markup). Checks that the batch finishes, that every input
# gives exactly one JSONL record in order, that each failure is reported on
# stderr, and prints time and peak memory.
#   usage: scripts/hostile-batch.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
python3 - "$work/in" "$N" <<'PY'
import os, random, sys
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
pages = []
for root, _, files in os.walk("fixtures"):
    for f in files:
        if f == "input.html":
            pages.append(open(os.path.join(root, f), "rb").read())
rng = random.Random(7)
hostile = [
    lambda: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    lambda: b"",
    lambda: bytes(rng.getrandbits(8) for _ in range(4096)),
    lambda: ("<p>" + "<div>" * 20000 + "</p>").encode(),
    lambda: "<p>UTF-16 text without a byte order mark.</p>".encode("utf-16-le"),
    lambda: ("<p>" + "word " * 200000 + "</p>").encode(),
    lambda: b"<p>NUL\0bytes\0inside.</p>",
    lambda: b"<p>Unterminated <!-- comment and <div class=\"x",
]
for i in range(n):
    data = hostile[(i // 10) % len(hostile)]() if i % 10 == 7 else pages[i % len(pages)]
    open(os.path.join(out, "%06d.html" % i), "wb").write(data)
PY
set +e
/usr/bin/time -f "%e s, peak RSS %M KB" -o "$work/time" \
  ./target/release/rinse -q "$work/in" > "$work/out.jsonl" 2> "$work/err.txt"
status=$?
set -e
records=$(wc -l < "$work/out.jsonl")
failed=$(grep -c '"error"' "$work/out.jsonl" || true)
reported=$(grep -c '^rinse: ' "$work/err.txt" || true)
echo "inputs $N, records $records, failed $failed, reported on stderr $reported, exit $status, $(cat "$work/time")"
[ "$records" -eq "$N" ] || { echo "FAIL: records != inputs"; exit 1; }
[ "$failed" -eq "$reported" ] || { echo "FAIL: failures not all reported"; exit 1; }
[ "$status" -eq 1 ] || { echo "FAIL: exit status should be 1"; exit 1; }
echo "ok"
