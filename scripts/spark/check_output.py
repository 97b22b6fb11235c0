"""Checks a Spark run: every record of PAGES (the JSONL fed to Spark) comes out
of OUTDIR exactly once, with `text` or `error`, and with the same text as
DIRECT (rinse run on the WARC file itself, without Spark).

    python3 check_output.py PAGES DIRECT OUTDIR
"""
import collections
import glob
import json
import os
import sys


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    pages, direct, outdir = sys.argv[1:4]
    want = [r["id"] for r in read(pages)]
    expected = {r["id"]: r for r in read(direct)}
    got = []
    for part in sorted(glob.glob(os.path.join(outdir, "part-*"))):
        got.extend(read(part))
    problems = []
    counts = collections.Counter(r.get("id") for r in got)
    missing = [i for i in want if counts[i] == 0]
    doubled = [i for i, c in counts.items() if c > 1]
    extra = [i for i in counts if i not in set(want)]
    if missing:
        problems.append("%d records missing, e.g. %s" % (len(missing), missing[:3]))
    if doubled:
        problems.append("%d records more than once, e.g. %s" % (len(doubled), doubled[:3]))
    if extra:
        problems.append("%d unexpected records, e.g. %s" % (len(extra), extra[:3]))
    errors = 0
    for r in got:
        if r.get("error"):
            errors += 1
        elif not r.get("text"):
            problems.append("record %s has neither text nor error" % r.get("id"))
        exp = expected.get(r.get("id"))
        if exp is not None and (exp.get("text"), bool(exp.get("error"))) != (r.get("text"), bool(r.get("error"))):
            problems.append("record %s differs from the run without Spark" % r.get("id"))
    if len(want) != len(expected):
        problems.append("direct run has %d records, Spark input %d" % (len(expected), len(want)))
    for p in problems[:20]:
        print("check_output: " + p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print("check_output: %d records in, %d out exactly once (%d with text, %d with error), "
          "texts equal to the run without Spark" % (len(want), len(got), len(got) - errors, errors))


if __name__ == "__main__":
    main()
