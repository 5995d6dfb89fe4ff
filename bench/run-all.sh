#!/usr/bin/env bash
# run-all.sh - run every benchmark in bench/ in turn (make bench). Each
# script prints a Markdown table; docs/performance.md records them with the
# command that produced them.
set -euo pipefail
build_dir=${1:-build}
here=$(dirname "$0")
for script in "$here"/http.sh "$here"/jinja.sh "$here"/smtp.sh \
              "$here"/client.sh "$here"/e2e.sh; do
  [ -x "$script" ] || continue
  echo "== $(basename "$script")"
  "$script" "$build_dir"
done
