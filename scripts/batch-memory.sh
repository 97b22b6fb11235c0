#!/usr/bin/env bash
# Peak memory against batch size: runs the release `rinse` over folders of 100,
# ALL (every page of the data once) and 10,000 real pages (the trafilatura
# evaluation set's pages, cycled in name order, hard-linked or copied into a
# temporary folder) and prints time and peak RSS for each, writing JSONL to
# /dev/null and one text file per page into a folder. Peak RSS must not grow with
# the number of pages: ALL and 10,000 hold the same pages (each ten times in the
# latter), so they should peak alike; 100 holds fewer large pages, so it may peak
# lower.
#   usage: scripts/batch-memory.sh [N...]     (default: 100 ALL 10000)
#   env:   DATA=folder of .html pages (default ../shared/data/trafilatura-eval), or
#          a single .html file: every batch is that page over and over, so any
#          growth with batch size is per-page retention, not a larger page met
#          in a larger batch
#          JOBS=N to pass -j N (default: rinse's, all cores)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${DATA:-../shared/data/trafilatura-eval}"
[ -e "$data" ] || { echo "no page folder or file $data (set DATA)"; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
bin=target/release/rinse
jobs=()
[ -n "${JOBS:-}" ] && jobs=(-j "$JOBS")

mapfile -t pages < <(find "$data" -name '*.html' -type f | sort)
[ "${#pages[@]}" -gt 0 ] || { echo "no .html pages under $data"; exit 2; }
echo "${#pages[@]} distinct pages under $data"

# A folder of N pages: the dataset's pages in turn, 1000 to a subfolder.
make_batch() {
  local n="$1" dir="$2" i src dst
  for ((i = 0; i < n; i++)); do
    src="${pages[i % ${#pages[@]}]}"
    dst="$dir/$((i / 1000))/$(printf '%06d' "$i").html"
    [ -d "${dst%/*}" ] || mkdir -p "${dst%/*}"
    ln "$src" "$dst" 2>/dev/null || cp "$src" "$dst"
  done
}

# Runs rinse under /usr/bin/time; prints one line of figures.
measure() {
  local label="$1"; shift
  local status=0
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" -q "${jobs[@]}" "$@" 2>"$work/stderr" || status=$?
  # The last line: /usr/bin/time puts "Command exited with non-zero status" first.
  read -r secs kib < <(tail -n 1 "$work/time")
  printf '%-34s %7.1f s  peak RSS %6.1f MiB  exit %d  (%d failure lines)\n' \
    "$label" "$secs" "$(echo "$kib / 1024" | bc -l)" "$status" "$(grep -c '^rinse: ' "$work/stderr" || true)"
}

sizes=("$@")
[ "${#sizes[@]}" -gt 0 ] || sizes=(100 "${#pages[@]}" 10000)
for n in "${sizes[@]}"; do
  make_batch "$n" "$work/in-$n"
  bytes=$(du -sbl "$work/in-$n" | cut -f1)
  echo "batch of $n pages ($((bytes / 1000000)) MB):"
  measure "  JSONL to /dev/null" "$work/in-$n" -f jsonl -o /dev/null
  measure "  text files into a folder" "$work/in-$n" -o "$work/out-$n"
  rm -rf "$work/out-$n"
done
