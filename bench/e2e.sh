#!/usr/bin/env bash
# e2e.sh - notifications end to end: HTTP POST -> tattler_server -> outbox
# -> SMTP -> Postfix's smtp-sink, side by side in one run with tattler 3.3
# (the Python reference) and with smtp-source writing straight into the
# same kind of sink (the upper bound). Prints a Markdown table.
#
# Usage: bench/e2e.sh BUILD_DIR [SECONDS]
#   env: CONNECTIONS (wrk connections, default 32), THREADS (wrk threads,
#        default 2), TATTLER_REF (default /work/ref: tattler/src,
#        bulksms/src, shim), SOURCE_MESSAGES (smtp-source, default 20000),
#        KEEP=1 keeps the work folder (wrk outputs, server logs)
#
# For each store (SQLite; PostgreSQL when its server binaries are
# installed) and each answer mode (default: after the first delivery
# attempt; "Prefer: respond-async": 202 once stored):
#   1. a fresh smtp-sink and a fresh server (empty outbox, fsync on);
#   2. wrk for SECONDS at full speed: accepted/s (2xx answers), p50/p99;
#   3. wait until the sink has every accepted message (the drain):
#      delivered/s = messages at the sink / (run + drain time);
#   4. wrk again for SECONDS paced at half the accepted/s (e2e-post.lua):
#      p99 at half the peak;
#   5. resident memory: VmRSS once ready (idle), VmHWM at the end (peak).
# tattler 3.3 gets the same steps in its only mode (default answer), with at
# most 4 connections (its http.server listens with a backlog of 5; more
# connections only add SYN retries). It is skipped with a note when
# TATTLER_REF is absent.
#
# Limits: client, servers and sink share the machine's cores, as they would
# on one box; one run, no warm-up, no statistics; the sink counts messages,
# it does not check them (the integration tests do).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build_dir=$(cd "${1:-build}" && pwd)
duration=${2:-10}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
ref=${TATTLER_REF:-/work/ref}
source_messages=${SOURCE_MESSAGES:-20000}
server_bin="$build_dir/bin/tattler_server"
sink_bin=/usr/sbin/smtp-sink
source_bin=/usr/sbin/smtp-source
pg_bin=${TATTLER_PG_BIN:-/usr/lib/postgresql/15/bin}
lua="$here/e2e-post.lua"

for bin in "$server_bin" "$sink_bin" "$source_bin" "$(command -v wrk || true)"; do
  if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "e2e.sh: ${bin:-wrk} not found (build first; scripts/install-deps.sh)" >&2
    exit 1
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tattler-bench-e2e.XXXXXX")
chmod 755 "$work"
pids=()
pg_data=
notes=()
rows=()
# Figures for the target lines, by "<store>_<async 0|1>", e.g. sqlite_1.
declare -A fig_peak fig_delivered fig_half_p99

# as_pg CMD... - run a PostgreSQL tool, as the postgres user when root.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$pg_data" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "${KEEP:-}" ]; then echo "e2e.sh: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

source "$here/lib.sh"

# start_sink NAME - smtp-sink counting messages; sets sink_port, sink_pid,
# sink_out.
start_sink() {
  sink_port=$(free_port)
  sink_out="$work/$1.sink"
  local user=()
  [ "$(id -u)" -eq 0 ] && user=(-u nobody)
  "$sink_bin" "${user[@]}" -c "127.0.0.1:$sink_port" 1000 >"$sink_out" 2>&1 &
  sink_pid=$!
  pids+=("$sink_pid")
  wait_port "$sink_port"
}

# sink_count - messages the current sink has received (its -c counter).
sink_count() {
  local n
  n=$(tail -c 200 "$sink_out" | tr '\r' '\n' | grep -o 'mesg=[0-9]*' |
    tail -1 | cut -d= -f2)
  echo "${n:-0}"
}

# drain EXPECTED - wait until the sink counted EXPECTED messages, or
# nothing new came for 10 s (300 s at most); prints the seconds waited.
drain() {
  local t0 last=-1 still=0 n
  t0=$(now)
  for _ in $(seq 3000); do
    n=$(sink_count)
    [ "$n" -ge "$1" ] && break
    if [ "$n" -eq "$last" ]; then
      still=$((still + 1))
      [ "$still" -ge 100 ] && break
    else
      still=0
      last=$n
    fi
    sleep 0.1
  done
  calc "$(now) - $t0"
}

# wrk_run NAME RATE ASYNC CONNS URL - one wrk run; sets requests, secs,
# ok_rate, p50, p99 (milliseconds).
wrk_run() {
  local out="$work/$1.wrk"
  E2E_RATE=$2 E2E_ASYNC=$3 E2E_THREADS=$threads \
    wrk -t"$threads" -c"$4" -d"${duration}s" --timeout 30s --latency \
    -s "$lua" "$5" >"$out" 2>&1 || true
  read -r requests secs non2xx p50 p99 < <(awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /m$/) return v * 60000
      return v * 1000
    }
    / 50% / { p50 = ms($2) } / 99% / { p99 = ms($2) }
    / requests in / { n = $1; s = $4; sub(/s,$/, "", s) }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    END { printf "%d %s %d %.2f %.2f\n", n, (s == "" ? 1 : s), bad, p50, p99 }' "$out")
  ok_rate=$(calc "max($requests - $non2xx, 0) / $secs")
  if [ "$requests" -eq 0 ]; then
    notes+=("$1: wrk completed no request (see its output with KEEP=1)")
  fi
  if [ "$non2xx" -gt 0 ]; then
    notes+=("$1: $non2xx answers were not 2xx")
  fi
}

# mem_kb PID FIELD - VmRSS or VmHWM of a process, in kB.
mem_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

# measure LABEL STORE MODE PID PORT PATH CONNS - the peak run, the drain
# and the paced run against a ready server whose sink is current; appends a
# table row.
measure() {
  local label=$1 store=$2 mode=$3 pid=$4 port=$5 path=$6 conns=$7
  local async=0 idle m0 delivered drain_s deliver_rate peak_rate peak_p50
  local peak_p99 hwm
  [ "$mode" = "respond-async" ] && async=1
  sleep 1
  idle=$(mem_kb "$pid" VmRSS)
  m0=$(sink_count)

  wrk_run "$label-peak" 0 "$async" "$conns" "http://127.0.0.1:$port$path"
  peak_rate=$ok_rate peak_p50=$p50 peak_p99=$p99
  local accepted=$((requests - non2xx))
  drain_s=$(drain $((m0 + accepted)))
  delivered=$(($(sink_count) - m0))
  deliver_rate=$(calc "$delivered / ($secs + $drain_s)")
  if [ "$delivered" -lt "$accepted" ]; then
    notes+=("$label: $accepted accepted, $delivered at the sink after the drain")
  fi

  local half
  half=$(calc "max(int($peak_rate / 2), 1)")
  wrk_run "$label-half" "$half" "$async" "$conns" "http://127.0.0.1:$port$path"
  hwm=$(mem_kb "$pid" VmHWM)

  rows+=("$(printf '| %s | %s | %s | %d | %.0f | %.0f | %.2f | %.2f | %.2f at %.0f/s | %.1f | %.1f |' \
    "$label" "$store" "$mode" "$conns" "$peak_rate" "$deliver_rate" \
    "$peak_p50" "$peak_p99" "$p99" "$ok_rate" \
    "$(calc "$idle / 1024")" "$(calc "$hwm / 1024")")")
  local key
  key="$(echo "$store" | tr '[:upper:]' '[:lower:]' | tr -cd '[:lower:]')_$async"
  fig_peak[$key]=$peak_rate
  fig_delivered[$key]=$deliver_rate
  fig_half_p99[$key]=$p99
}

# The templates: one e-mail event, as in bench/http.sh.
tree="$work/tree"
mkdir -p "$tree/bench/ev/email"
echo 'Bench {{ n }}' >"$tree/bench/ev/email/subject.txt"
echo 'Hello {{ user_firstname }}, number {{ n }}.' \
  >"$tree/bench/ev/email/body.txt"
path="/notification/bench/ev/?user=bench%40example.org&mode=production"

# start_ours NAME [ENV=VALUE...] - tattler_server into the current sink;
# sets srv_pid, srv_port.
start_ours() {
  local name=$1
  shift
  srv_port=$(free_port)
  env TATTLER_TEMPLATE_BASE="$tree" TATTLER_MASTER_MODE=production \
    TATTLER_SMTP_ADDRESS="127.0.0.1:$sink_port" \
    TATTLER_QUEUE_DIR="$work/$name.var" LOG_LEVEL=warning \
    TATTLER_LISTEN_ADDRESS="127.0.0.1:$srv_port" "$@" \
    "$server_bin" >"$work/$name.log" 2>&1 &
  srv_pid=$!
  pids+=("$srv_pid")
  wait_port "$srv_port"
}

# start_pg - a throw-away PostgreSQL (fsync and synchronous_commit on, as
# in production); sets pg_port. Returns 1 when it cannot.
start_pg() {
  [ -x "$pg_bin/initdb" ] || return 1
  local dir="$work/pg"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  as_pg "$pg_bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 \
    --locale=C >"$work/initdb.log" 2>&1 || return 1
  pg_port=$(free_port)
  as_pg "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1" start \
    >"$work/pg_ctl.log" 2>&1 || return 1
  pg_data="$dir/data"
}

pg_url() {
  "$pg_bin/psql" -X -q -d "postgresql://postgres@127.0.0.1:$pg_port/postgres" \
    -c "CREATE DATABASE $1" >/dev/null
  echo "postgresql://postgres@127.0.0.1:$pg_port/$1"
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg), work dir on $(df -T "$work" | awk 'NR == 2 { print $2 }')"
echo "== wrk -t$threads -c$connections -d${duration}s per run; tattler 3.3 with -c$((connections < 4 ? connections : 4))"

# tattler_server: SQLite, then PostgreSQL; both answer modes.
for mode in default respond-async; do
  start_sink "sqlite-$mode"
  start_ours "sqlite-$mode"
  measure "tattler_server" "SQLite" "$mode" "$srv_pid" "$srv_port" "$path" "$connections"
  stop_pid "$srv_pid"
  stop_pid "$sink_pid"
done
if start_pg; then
  for mode in default respond-async; do
    start_sink "pg-$mode"
    url=$(pg_url "outbox_${mode//-/_}")
    start_ours "pg-$mode" TATTLER_QUEUE_URL="$url"
    measure "tattler_server" "PostgreSQL" "$mode" "$srv_pid" "$srv_port" "$path" "$connections"
    stop_pid "$srv_pid"
    stop_pid "$sink_pid"
  done
else
  notes+=("PostgreSQL skipped: no server binaries in $pg_bin (or initdb failed)")
fi

# tattler 3.3, the Python reference: default answer only.
if [ -d "$ref/tattler/src" ]; then
  start_sink tattler
  tport=$(free_port)
  env PYTHONPATH="$ref/tattler/src:$ref/bulksms/src:$ref/shim" \
    TATTLER_TEMPLATE_BASE="$tree" TATTLER_MASTER_MODE=production \
    TATTLER_SMTP_ADDRESS="127.0.0.1:$sink_port" LOG_LEVEL=warning \
    TATTLER_LISTEN_ADDRESS="127.0.0.1:$tport" \
    /usr/bin/python3 -m tattler.server.tattlersrv_http >"$work/tattler.log" 2>&1 &
  tpid=$!
  pids+=("$tpid")
  if wait_port "$tport"; then
    measure "tattler 3.3" "none" "default" "$tpid" "$tport" "$path" \
      $((connections < 4 ? connections : 4))
  else
    notes+=("tattler 3.3 did not start: $(tail -1 "$work/tattler.log")")
  fi
  stop_pid "$tpid"
  stop_pid "$sink_pid"
else
  notes+=("tattler 3.3 skipped: $ref/tattler/src not found")
fi

# smtp-source straight into a sink: the ceiling of the SMTP leg.
start_sink source
t0=$(now)
"$source_bin" -d -s 8 -m "$source_messages" -l 600 "127.0.0.1:$sink_port"
t1=$(now)
drain "$source_messages" >/dev/null
source_rate=$(calc "$(sink_count) / ($t1 - $t0)")
stop_pid "$sink_pid"
rows+=("$(printf '| smtp-source (Postfix), 8 sessions | — | — | — | — | %.0f | — | — | — | — | — |' "$source_rate")")

echo
echo "| server | outbox | answer | connections | accepted/s | delivered/s | p50 ms | p99 ms | p99 ms at half the peak | RSS idle MB | RSS peak MB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo

# Targets of DESIGN.md section 7.
ours=${fig_delivered[sqlite_0]:-0}
if [ -n "${fig_delivered[none_0]:-}" ]; then
  printf -- '- delivered/s, default answer, SQLite: %.1f× tattler 3.3 (target ≥ 30×)\n' \
    "$(calc "$ours / ${fig_delivered[none_0]}")"
fi
printf -- '- delivered/s, default answer, SQLite: %.0f%% of smtp-source (target ≥ 60%%)\n' \
  "$(calc "100 * $ours / $source_rate")"
printf -- '- accepted/s with respond-async, SQLite: %.0f (target ≥ 10,000)\n' \
  "${fig_peak[sqlite_1]:-0}"
if [ -n "${fig_peak[postgresql_1]:-}" ]; then
  printf -- '- accepted/s with respond-async, PostgreSQL: %.0f\n' \
    "${fig_peak[postgresql_1]}"
fi
printf -- '- p99 at half the peak, SQLite: %.2f ms default, %.2f ms respond-async (target < 10 ms)\n' \
  "${fig_half_p99[sqlite_0]:-0}" "${fig_half_p99[sqlite_1]:-0}"
for note in "${notes[@]}"; do echo "- note: $note"; done
