# lib.sh - shell helpers the bench scripts share; sourced, not run.
#
# Offers free_port, wait_port PORT, stop_pid PID, now and calc EXPR.
#
# Limits: free_port can race with another process taking the port before
# the caller binds it; stop_pid reaps only children of the sourcing shell.

# free_port - a TCP port free on 127.0.0.1 right now.
free_port() {
  /usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# wait_port PORT - until something listens on 127.0.0.1:PORT (15 s);
# non-zero, with a message, when nothing does.
wait_port() {
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "$(basename "$0"): nothing listens on port $1" >&2
  return 1
}

# stop_pid PID - SIGTERM and reap one process started by this shell.
stop_pid() {
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# now - seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }

# calc EXPR - floating-point arithmetic (python3 is a build dependency).
calc() { /usr/bin/python3 -c "print($1)"; }
