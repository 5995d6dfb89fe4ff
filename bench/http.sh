#!/usr/bin/env bash
# http.sh - HTTP throughput of tattler_server measured with wrk:
#   1. GET /notification/<scope>/ (listing events; template tree on disk)
#   2. POST /notification/<scope>/<event>/ with the capture transport
#      (render, compose, store in the outbox, write .eml, answer after the
#      first attempt)
#   3. the same POST with "Prefer: respond-async" (answer 202 once stored)
# Prints the wrk summaries. Usage: bench/http.sh BUILD_DIR [SECONDS]
#
# Limits: server and wrk share the machine's cores; figures are for
# comparison between runs on the same machine, not absolute.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${1:-build}"
duration="${2:-10}"
server="$build_dir/bin/tattler_server"
work="$(mktemp -d /tmp/tattler-bench-http.XXXXXX)"
port="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"

cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/tree/bench/ev/email"
echo 'Bench {{ n }}' >"$work/tree/bench/ev/email/subject.txt"
echo 'Hello {{ user_firstname }}, number {{ n }}.' \
  >"$work/tree/bench/ev/email/body.txt"
cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"n": 7}'
wrk.headers["Content-Type"] = "application/json"
LUA

TATTLER_TEMPLATE_BASE="$work/tree" TATTLER_TRANSPORT=capture \
TATTLER_CAPTURE_DIR="$work/outbox" TATTLER_QUEUE_DIR="$work/var" \
TATTLER_MASTER_MODE=production LOG_LEVEL="${LOG_LEVEL:-warning}" \
TATTLER_LISTEN_ADDRESS="127.0.0.1:$port" "$server" 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/notification/" >/dev/null && break
  sleep 0.1
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== GET /notification/bench/ (wrk -t2 -c64 -d${duration}s)"
wrk -t2 -c64 -d"${duration}s" "http://127.0.0.1:$port/notification/bench/"
echo "== POST /notification/bench/ev/ capture transport (wrk -t2 -c32 -d${duration}s)"
wrk -t2 -c32 -d"${duration}s" -s "$work/post.lua" \
  "http://127.0.0.1:$port/notification/bench/ev/?user=bench%40example.org"
sed 's/^wrk.headers\["Content-Type"\].*/&\nwrk.headers["Prefer"] = "respond-async"/' \
  "$work/post.lua" >"$work/post-async.lua"
echo "== POST with Prefer: respond-async, 202 once stored (wrk -t2 -c32 -d${duration}s)"
wrk -t2 -c32 -d"${duration}s" -s "$work/post-async.lua" \
  "http://127.0.0.1:$port/notification/bench/ev/?user=bench%40example.org"
sleep 2
echo "== messages captured: $(ls "$work/outbox" | grep -c '\.eml$' || true)"
