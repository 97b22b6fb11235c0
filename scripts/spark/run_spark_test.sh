#!/usr/bin/env bash
# Spark integration test: rinse as a filter under a real Spark (local mode,
# RDD.pipe). Writes a WARC of N records from the fixtures, turns it into JSONL of
# HTML pages with `rinse --raw-html`, pipes that JSONL through
# `rinse --input-format jsonl -q -` with Spark in local[2] mode, and checks that
# every input record comes out exactly once, with text or an error, and with the
# same text as rinse run on the WARC directly.
#
#   scripts/spark/run_spark_test.sh [--if-available] [N]
#
# pyspark is installed with pip into a venv under ${RINSE_SPARK_VENV:-~/.cache/rinse/spark-venv}
# when missing; --if-available skips (exit 0, with a message) instead of
# installing, and when Java is missing. RINSE_BIN picks the binary (default:
# target/release/rinse, built here).
set -euo pipefail
cd "$(dirname "$0")/../.."

if_available=0
if [ "${1:-}" = "--if-available" ]; then if_available=1; shift; fi
N="${1:-2000}"
VENV="${RINSE_SPARK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/rinse/spark-venv}"
PYSPARK_VERSION="${PYSPARK_VERSION:-3.5.7}"

skip() {
  echo "spark test skipped: $1"
  exit 0
}

if ! command -v java >/dev/null 2>&1; then
  [ "$if_available" = 1 ] && skip "no java on PATH (Spark needs Java 17)"
  echo "run_spark_test: java not found (Spark needs Java 17)" >&2
  exit 1
fi
if ! "$VENV/bin/python" -c 'import pyspark' >/dev/null 2>&1; then
  [ "$if_available" = 1 ] && skip "pyspark not installed in $VENV (run scripts/spark/run_spark_test.sh once to install it)"
  echo "== installing pyspark $PYSPARK_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "pyspark==$PYSPARK_VERSION"
fi

if [ -z "${RINSE_BIN:-}" ]; then
  cargo build --release --quiet
  RINSE_BIN=target/release/rinse
fi
RINSE_BIN="$(cd "$(dirname "$RINSE_BIN")" && pwd)/$(basename "$RINSE_BIN")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
python3 scripts/spark/make_warc.py "$work/crawl.warc.gz" "$N"
"$RINSE_BIN" --raw-html -q "$work/crawl.warc.gz" -o "$work/pages.jsonl"
"$RINSE_BIN" -q "$work/crawl.warc.gz" -o "$work/direct.jsonl"
echo "== spark local[2]: $(wc -l <"$work/pages.jsonl") records through $RINSE_BIN"
export PYSPARK_PYTHON="$VENV/bin/python"
# Local mode stays on the loopback interface.
export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=localhost
# Bounded: a hung Spark fails the test instead of the CI run.
timeout "${RINSE_SPARK_TIMEOUT:-600}" "$VENV/bin/python" scripts/spark/rinse_pipe.py \
  "$work/pages.jsonl" "$work/out" --rinse "$RINSE_BIN" --master 'local[2]' --partitions 4 \
  2> >(grep -v -E '^(WARNING|Setting default log level|To adjust logging level|[0-9/: ]+WARN )' >&2)
python3 scripts/spark/check_output.py "$work/pages.jsonl" "$work/direct.jsonl" "$work/out"
echo "spark test passed in $(( $(date +%s) - start )) s"
