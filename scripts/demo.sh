#!/usr/bin/env bash
# demo.sh - start tattler_server with the built-in demo templates and the
# capture transport, so nothing needs an SMTP server: every message is
# written under var/outbox/ as .eml (e-mail) or .json (other vectors).
#
# Usage: scripts/demo.sh BUILD_DIR   (make demo passes it)
# Stop with Ctrl-C (the server exits 0 after answering requests in flight).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${1:-build}"
server="$build_dir/bin/tattler_server"
if [ ! -x "$server" ]; then
  echo "demo: $server not found; run 'make build' first" >&2
  exit 1
fi

mkdir -p var/outbox
export TATTLER_LISTEN_ADDRESS="${TATTLER_LISTEN_ADDRESS:-127.0.0.1:11503}"
export TATTLER_TRANSPORT=capture
export TATTLER_CAPTURE_DIR="$PWD/var/outbox"
export TATTLER_QUEUE_DIR="$PWD/var"
export TATTLER_MASTER_MODE="${TATTLER_MASTER_MODE:-production}"
export TATTLER_EMAIL_SENDER="${TATTLER_EMAIL_SENDER:-demo@tattler.local}"
unset TATTLER_TEMPLATE_BASE

cat <<MSG
tattler demo: serving http://$TATTLER_LISTEN_ADDRESS with the built-in demo
templates; messages are written to $TATTLER_CAPTURE_DIR.

Try, in another terminal:

  curl -s 'http://$TATTLER_LISTEN_ADDRESS/notification/'
  curl -s -X POST -H 'Content-Type: application/json' \\
       -d '{"order_id": 42}' \\
       'http://$TATTLER_LISTEN_ADDRESS/notification/demoscope/demoevent/?user=you@example.org&mode=production'
  ls var/outbox/

Press Ctrl-C to stop.
MSG
exec "$server"
