#!/usr/bin/env bash
# jinja.sh - template render time: our engine (tattler_jinja --bench) versus
# Python Jinja2 (/usr/bin/python3, Debian's python3-jinja2), same templates
# (a _base HTML layout with blocks, an e-mail body extending it with a
# 200-row table loop and filters), same context, each compiled once and
# rendered N times. Checks that both outputs are byte-identical first, then
# prints a Markdown table with the ratio. Times are CPU time of the
# rendering process (the machine may be shared with other work); the
# engines run in turn ROUNDS times and each one's minimum is compared.
#
# Usage: bench/jinja.sh [build-dir] (env: RENDERS=2000, ROWS=200, ROUNDS=3)
#
# Limits: single-threaded; the minimum is the only statistic.
set -euo pipefail

build_dir=${1:-build}
renders=${RENDERS:-2000}
rows=${ROWS:-200}
rounds=${ROUNDS:-3}
here=$(cd "$(dirname "$0")" && pwd)
tool="$build_dir/bin/tattler_jinja"
[ -x "$tool" ] || { echo "jinja.sh: $tool not found (build first)" >&2; exit 1; }

work=$(mktemp -d /tmp/tattler-bench-jinja.XXXXXX)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/jinja_inputs.py" "$work" "$rows"

# Same output first: a fast wrong answer is no answer.
"$tool" --bench 1 "$work/body.html" "$work/context.json" "$work/base.html" >/dev/null
cases="$work/case.json"
/usr/bin/python3 -c '
import json, sys
w = sys.argv[1]
case = {"id": "bench", "template": open(w + "/body.html").read(),
        "base": open(w + "/base.html").read(),
        "context": json.load(open(w + "/context.json"))}
json.dump([case], open(w + "/case.json", "w"))' "$work"
ours=$("$tool" --batch "$cases" | /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin)[0]; print(r.get("output", "ERROR " + r.get("error", "")), end="")')
theirs=$(/usr/bin/python3 -c '
import json, sys
sys.path.insert(0, sys.argv[2])
import pyjinja
r = pyjinja.render_case(json.load(open(sys.argv[1]))[0])
print(r.get("output", "ERROR " + r.get("error", "")), end="")' "$cases" "$here/../tests/jinja")
if [ "$ours" != "$theirs" ]; then
  echo "jinja.sh: outputs differ; not benchmarking" >&2
  diff <(echo "$ours") <(echo "$theirs") | head -20 >&2
  exit 1
fi

# Both engines in turn, ROUNDS times: other processes on the same cores
# inflate CPU time too (shared caches), so each engine's least disturbed
# round, its minimum, is compared; every round is listed.
py_renders=$(( renders / 10 > 50 ? renders / 10 : 50 ))
all_ours=""; all_py=""
for _ in $(seq "$rounds"); do
  line_ours=$("$tool" --bench "$renders" "$work/body.html" "$work/context.json" "$work/base.html")
  line_py=$(/usr/bin/python3 "$here/jinja_python.py" "$py_renders" "$work/body.html" "$work/context.json" "$work/base.html")
  all_ours="$all_ours ${line_ours##*us_per_render=}"
  all_py="$all_py ${line_py##*us_per_render=}"
done
min() { printf '%s\n' $1 | sort -g | head -1; }
us_ours=$(min "$all_ours")
us_py=$(min "$all_py")
bytes=${line_ours#*bytes=}; bytes=${bytes%% *}
ratio=$(/usr/bin/python3 -c "print(f'{$us_py / $us_ours:.1f}')")

echo "| engine | renders | output bytes | CPU µs per render (min of $rounds) | every round |"
echo "|---|---|---|---|---|"
echo "| tattler_jinja (C++) | $renders | $bytes | $us_ours |$all_ours |"
echo "| Python Jinja2 $(/usr/bin/python3 -c 'import jinja2; print(jinja2.__version__)') | $py_renders | $bytes | $us_py |$all_py |"
echo
echo "Ratio: ${ratio}x faster than Python Jinja2 per render (target: >= 20x)."
