#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the project's fixtures and rule files as seeds.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/clean_html corpus/clean_text corpus/load_rules
find ../fixtures -name 'input.html' | while read -r f; do cp "$f" "corpus/clean_html/$(echo "$f" | tr '/.' '__')"; done
find ../fixtures -name 'input.txt' | while read -r f; do cp "$f" "corpus/clean_text/$(echo "$f" | tr '/.' '__')"; done
find ../rules -name '*.toml' | while read -r f; do cp "$f" "corpus/load_rules/$(echo "$f" | tr '/.' '__')"; done
echo "seeded: $(ls corpus/clean_html | wc -l) html, $(ls corpus/clean_text | wc -l) text, $(ls corpus/load_rules | wc -l) rule files"
