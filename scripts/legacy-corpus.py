#!/usr/bin/env python3
"""Builds a corpus of legacy-encoded pages without a charset declaration, to
measure and check rinse's encoding detection on pages that need it.

Every UTF-8 page with non-ASCII text under the given folders is re-encoded in
the first of a list of legacy encodings (windows-1252, ISO-8859-2, Shift_JIS,
GBK…) that can hold its text (or that holds at least 90% of its non-ASCII
characters; the rest become numeric character references), and every
"charset" in it is renamed "xcharset", so that nothing declares the encoding
and the detector must guess. File names say which encoding was used.

    scripts/legacy-corpus.py OUT_DIR [PAGE_DIR ...]
    (default PAGE_DIR: ../shared/data/trafilatura-eval ../shared/data/readability-pages)

Then, for example:
    cargo run --release --example throughput -- OUT_DIR      # pages/s with detection
    target/release/rinse -q OUT_DIR -f jsonl | …             # encoding and text per page
"""

import glob
import os
import re
import sys

ENCODINGS = [
    "cp1252", "iso-8859-2", "cp1250", "cp1251", "koi8-r", "gbk", "big5",
    "shift_jis", "euc-jp", "euc-kr", "cp1256", "cp1253", "cp1254",
    "iso-8859-7", "cp1255", "cp874", "cp1257", "cp1258",
]


def pick_encoding(text):
    for name in ENCODINGS:
        try:
            text.encode(name)
            return name
        except UnicodeEncodeError:
            pass
    non_ascii = [c for c in text if ord(c) > 127]
    counts = {}
    for c in non_ascii:
        counts[c] = counts.get(c, 0) + 1
    best, best_held = None, 0
    for name in ENCODINGS:
        held = 0
        for c, n in counts.items():
            try:
                c.encode(name)
                held += n
            except UnicodeEncodeError:
                pass
        if held > best_held:
            best, best_held = name, held
    return best if best_held >= 0.9 * len(non_ascii) else None


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    sources = sys.argv[2:] or [
        "../shared/data/trafilatura-eval",
        "../shared/data/readability-pages",
    ]
    os.makedirs(out, exist_ok=True)
    pages = []
    for src in sources:
        pages += sorted(glob.glob(os.path.join(src, "**", "*.html"), recursive=True))
    written = 0
    for path in pages:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (UnicodeDecodeError, OSError):
            continue
        if text.isascii():
            continue
        text = re.sub(r"(?i)charset", "xcharset", text)
        name = pick_encoding(text)
        if name is None:
            continue
        data = text.encode(name, errors="xmlcharrefreplace")
        if data.isascii():
            continue
        written += 1
        with open(os.path.join(out, "%04d-%s.html" % (written, name)), "wb") as f:
            f.write(data)
    print("%d pages written to %s" % (written, out))


if __name__ == "__main__":
    main()
