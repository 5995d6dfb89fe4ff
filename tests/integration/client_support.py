"""client_support - helpers for the client integration tests.

Offers:
  TEMPLATES             a small template tree (scopes billing and other)
  start_server(tmp,...) the real tattler_server on that tree, capture transport
  Driver                the C++ client library driven line by line
                        (tests/client/client_driver.cpp): one client object,
                        so one connection, kept across calls
  run_tool(name, ...)   run tattler_notify / tattler_replay, bounded in time
  StallServer           a loopback peer that accepts and never answers
  established(port)     TCP connections established to a local port (ss)
  captured(server)      the messages the capture transport wrote

Limits: established() needs iproute2's ss; the stall server keeps accepted
sockets until stop().
"""
import glob
import json
import os
import selectors
import socket
import subprocess
import threading
import time

import harness

TEMPLATES = {
    "billing/invoice/email/subject.txt": "Invoice {{ number }}",
    "billing/invoice/email/body.txt":
        "Total {{ total }} due year {{ due.year }}.\n",
    "billing/reminder/email/subject.txt": "Reminder",
    "billing/reminder/email/body.txt": "Please pay.\n",
    "billing/reminder/sms/body.txt": "Please pay.",
    "other/ping/email/subject.txt": "Ping",
    "other/ping/email/body.txt": "Ping.\n",
}

RECIPIENT = "a.b@x.org"


def server_env(tmp, extra=None):
    """server_env - the environment of a capture-only production server."""
    base = harness.write_tree(os.path.join(tmp, "templates"), TEMPLATES)
    env = {
        "TATTLER_TEMPLATE_BASE": base,
        "TATTLER_TRANSPORT": "capture",
        "TATTLER_MASTER_MODE": "production",
        "TATTLER_EMAIL_SENDER": "sender@example.org",
    }
    env.update(extra or {})
    return env


def start_server(tmp, extra=None, host="127.0.0.1"):
    """start_server - a running harness.Server on the test templates."""
    return harness.Server(env=server_env(tmp, extra), host=host)


def restart_same_port(server):
    """restart_same_port - stop and start again on the port it had."""
    server.stop()
    if not server._launch():
        raise RuntimeError("restart failed:\n" + server.log())


def captured(server):
    """captured - text of every file the capture transport wrote."""
    root = server.env.get("TATTLER_CAPTURE_DIR") or os.path.join(
        server.tmp, "var", "outbox")
    out = []
    for path in sorted(glob.glob(os.path.join(root, "**", "*"),
                                 recursive=True)):
        if os.path.isfile(path):
            with open(path, "rb") as f:
                out.append(f.read().decode("utf-8", "replace"))
    return out


def wait_captured(server, needle, timeout=15.0):
    """wait_captured - True once a captured message contains needle."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(needle in text for text in captured(server)):
            return True
        time.sleep(0.05)
    return False


class Driver:
    """Driver - tattler_client_driver as a subprocess, one JSON per line."""

    def __init__(self, env=None):
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            [harness.binary("tattler_client_driver")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=full_env)
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)
        self.buf = b""

    def call(self, op, timeout=120.0, **args):
        """call - send one command, return the decoded answer."""
        args["op"] = op
        self.proc.stdin.write((json.dumps(args) + "\n").encode())
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not self.sel.select(left):
                raise TimeoutError("driver did not answer %r" % op)
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError("driver exited")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.sel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_tool(name, args, env=None, timeout=60):
    """run_tool - run a built program; returns CompletedProcess (text)."""
    full_env = dict(os.environ)
    full_env.pop("TATTLER_SERVER_ADDRESS", None)
    full_env.update(env or {})
    return subprocess.run([harness.binary(name)] + list(args), env=full_env,
                          capture_output=True, text=True, timeout=timeout)


class StallServer:
    """StallServer - accepts connections on loopback and never answers."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
                self.accepted.append(conn)
            except OSError:
                continue

    def stop(self):
        self.stopping = True
        self.thread.join(5)
        for conn in self.accepted:
            conn.close()
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def established(port):
    """established - number of established TCP connections to port."""
    out = subprocess.run(
        ["ss", "-Htn", "state", "established", "( dport = :%d )" % port],
        capture_output=True, text=True, timeout=10).stdout
    return len([line for line in out.splitlines() if line.strip()])
