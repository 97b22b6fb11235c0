"""Writes a test WARC (one gzip member per record, as crawlers write it) from
the HTML fixtures: N records, most of them HTML responses, with request records,
non-HTML responses, 404s and empty pages mixed in.

    python3 make_warc.py OUT.warc.gz N
"""
import gzip
import os
import sys


def record(kind, headers, block):
    head = "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n" % kind
    head += "".join("%s: %s\r\n" % kv for kv in headers)
    head += "Content-Length: %d\r\n\r\n" % len(block)
    return head.encode() + block + b"\r\n\r\n"


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    root = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures")
    pages = []
    for folder, _, files in sorted(os.walk(root)):
        if "input.html" in files:
            with open(os.path.join(folder, "input.html"), "rb") as f:
                pages.append(f.read())
    if not pages:
        sys.exit("no fixtures/*/input.html found")
    with open(out, "wb") as f:
        f.write(gzip.compress(record("warcinfo", [], b"software: rinse make_warc.py\r\n"), 1))
        for i in range(n):
            rid = "<urn:uuid:00000000-0000-0000-0000-%012d>" % i
            url = "https://site%d.example/page/%d" % (i % 13, i)
            status, ctype, body = "200 OK", "text/html; charset=utf-8", pages[i % len(pages)]
            if i % 17 == 5:
                f.write(gzip.compress(record("request", [("WARC-Record-ID", rid), ("WARC-Target-URI", url)],
                                             b"GET / HTTP/1.1\r\n\r\n"), 1))
                continue
            if i % 17 == 9:
                ctype, body = "image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
            elif i % 17 == 11:
                status = "404 Not Found"
            elif i % 17 == 13:
                body = b"<html><body><div></div></body></html>"  # no text: an error record
            block = ("HTTP/1.1 %s\r\nContent-Type: %s\r\n\r\n" % (status, ctype)).encode() + body
            headers = [("WARC-Record-ID", rid), ("WARC-Target-URI", url),
                       ("Content-Type", "application/http; msgtype=response")]
            f.write(gzip.compress(record("response", headers, block), 1))


if __name__ == "__main__":
    main()
