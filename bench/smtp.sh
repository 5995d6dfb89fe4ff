#!/usr/bin/env bash
# smtp.sh - messages/s into a local smtp-sink through tattler's SMTP
# transport (tattler_smtp_send: SmtpTransport, pooled pipelining connections)
# versus Postfix's smtp-source into the same sink, same message, same
# number of parallel connections, one run each. Prints a Markdown table.
#
# Usage: bench/smtp.sh [build-dir] (env: MESSAGES, SESSIONS, BODY_BYTES)
#
# The message is the very one smtp-source sends: a calibration message is
# dumped by smtp-sink and replayed by our transport, once a message at a
# time (send) and once in batches of 4 (send_batch, as the delivery
# workers send: each message written with the next one's envelope).
#
# Limits: one run, no warm-up, no statistics; both clients and the sink
# share the machine's cores, as they would in production.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build_dir=${1:-build}
messages=${MESSAGES:-20000}
sessions=${SESSIONS:-4}
body_bytes=${BODY_BYTES:-1000}
tool="$build_dir/bin/tattler_smtp_send"
sink_bin=/usr/sbin/smtp-sink
source_bin=/usr/sbin/smtp-source

for bin in "$tool" "$sink_bin" "$source_bin"; do
  [ -x "$bin" ] || { echo "smtp.sh: $bin not found (build first)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/tattler-bench-smtp.XXXXXX)
chmod 777 "$work"
sink_pid=
cleanup() {
  stop_pid "$sink_pid"
  rm -rf "$work"
}
trap cleanup EXIT

# start_sink [args...] - smtp-sink on a fresh port; sets $port, $sink_pid.
start_sink() {
  port=$(free_port)
  local user=()
  [ "$(id -u)" -eq 0 ] && user=(-u nobody)
  "$sink_bin" "${user[@]}" "$@" "127.0.0.1:$port" 256 >/dev/null 2>&1 &
  sink_pid=$!
  wait_port "$port" || exit 1
}

stop_sink() {
  stop_pid "$sink_pid"
  sink_pid=
}

# 1. Calibration: dump the message smtp-source sends, minus the sink's own
#    trace lines (X-* and Received) before the first real header.
mkdir -p "$work/dump" && chmod 777 "$work/dump"
start_sink -d "$work/dump/%H%M%S."
"$source_bin" -m 1 -l "$body_bytes" "127.0.0.1:$port"
sleep 0.3
stop_sink
dump=$(ls "$work/dump"/* | head -1)
awk 'found || /^From:/ { found = 1; print }' "$dump" > "$work/message.eml"
size=$(wc -c < "$work/message.eml")

# 2. smtp-source: sessions parallel connections, each kept open (-d).
start_sink
t0=$(now)
"$source_bin" -d -s "$sessions" -m "$messages" -l "$body_bytes" \
  "127.0.0.1:$port"
t1=$(now)
stop_sink
source_rate=$(calc "$messages / ($t1 - $t0)")

# 3. Our transport: sessions sender threads over a pool of sessions,
#    sending $1 messages per call; sets $ours_rate and $connections.
run_ours() {
  start_sink
  local summary
  summary=$("$tool" --address "127.0.0.1:$port" --message "$work/message.eml" \
    --from foo@example.com --to foo@example.com --count "$messages" \
    --threads "$sessions" --pool "$sessions" --batch "$1" --quiet \
    --log-level error)
  stop_sink
  ours_rate=$(echo "$summary" | /usr/bin/python3 -c 'import json, sys
s = json.load(sys.stdin)
assert s["failed"] == 0, s
print(s["rate"])')
  connections=$(echo "$summary" | /usr/bin/python3 -c \
    'import json, sys; print(json.load(sys.stdin)["connections"])')
}
run_ours 1
single_rate=$ours_rate single_connections=$connections
run_ours 4

printf '| client | messages | connections | message bytes | messages/s |\n'
printf '|---|---|---|---|---|\n'
printf '| smtp-source (Postfix) | %d | %d | %d | %.0f |\n' \
  "$messages" "$sessions" "$size" "$source_rate"
printf '| tattler SmtpTransport, one at a time | %d | %d | %d | %.0f |\n' \
  "$messages" "$single_connections" "$size" "$single_rate"
printf '| tattler SmtpTransport, batches of 4 | %d | %d | %d | %.0f |\n' \
  "$messages" "$connections" "$size" "$ours_rate"
printf '\nSmtpTransport reaches %.0f%% (one at a time) and %.0f%% (batches) of smtp-source.\n' \
  "$(calc "100 * $single_rate / $source_rate")" \
  "$(calc "100 * $ours_rate / $source_rate")"
