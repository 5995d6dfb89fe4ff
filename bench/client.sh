#!/usr/bin/env bash
# client.sh - notifications/s sent by the C++ client (tattler_notify's load
# mode) to tattler_server with the capture transport: one client over one
# connection, then 16 clients with a connection each. Prints a Markdown
# table. Usage: bench/client.sh [build_dir] [sends_per_client]
#
# Limits: client and server share the machine, so the numbers are those of
# the pair; the server answers tattler-style (after the first delivery
# attempt), with capture files written to a temporary directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build_dir=$(cd "${1:-build}" && pwd)
per_client=${2:-2000}
bin=$build_dir/bin

tmp=$(mktemp -d /tmp/tattler-bench-client.XXXXXX)
server_pid=
cleanup() {
  stop_pid "$server_pid"
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$tmp/templates/bench/ping/email"
printf 'Ping {{ n }}' >"$tmp/templates/bench/ping/email/subject.txt"
printf 'Ping {{ n }}.\n' >"$tmp/templates/bench/ping/email/body.txt"

port=$(free_port)
TATTLER_TEMPLATE_BASE=$tmp/templates TATTLER_TRANSPORT=capture \
TATTLER_CAPTURE_DIR=$tmp/outbox TATTLER_QUEUE_DIR=$tmp/queue \
TATTLER_MASTER_MODE=production TATTLER_EMAIL_SENDER=bench@example.org \
TATTLER_LISTEN_ADDRESS=127.0.0.1:$port \
  "$bin/tattler_server" >"$tmp/server.log" 2>&1 &
server_pid=$!

wait_port "$port"

# run - one load-mode run; prints its JSON summary line.
run() {
  "$bin/tattler_notify" -s "127.0.0.1:$port" -m production -v email \
    --repeat "$1" --clients "$2" a.b@x.org bench ping n=1
}

run 200 1 >/dev/null  # warm-up
one=$(run "$per_client" 1)
many=$(run "$per_client" 16)

field() { /usr/bin/python3 -c "import json,sys; print(json.loads(sys.argv[1])['$2'])" "$1"; }
rate() { /usr/bin/python3 -c "import json,sys; print(round(json.loads(sys.argv[1])['per_second']))" "$1"; }

echo "| clients | connections | sent | failed | seconds | notifications/s |"
echo "|---|---|---|---|---|---|"
for line in "$one" "$many"; do
  echo "| $(field "$line" clients) | $(field "$line" connections) | $(field "$line" sent) | $(field "$line" failed) | $(field "$line" seconds) | $(rate "$line") |"
done
