"""harness - start the real binaries and real peers for integration tests.

Offers:
  binary(name)        path of a built program (TATTLER_BUILD_DIR/bin/<name>)
  free_port()         a TCP port free on 127.0.0.1 right now
  Server(...)         a running tattler_server on a free port, stopped on exit
  SmtpCapture()       an aiosmtpd server on a free port keeping every message
  http(...)           one HTTP request on a fresh connection
  CaptureServerCase   a unittest.TestCase with a template tree (its class's
                      TEMPLATES) and start(**env): a production server with
                      the capture transport; start_with_smtp_down() for an
                      SMTP outage

Limits: free_port() can race with another process taking the port between the
check and the bind; the Server start-up retries once on a new port.
"""
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

BUILD_DIR = os.environ.get("TATTLER_BUILD_DIR",
                           os.path.join(os.path.dirname(__file__), "..", "..",
                                        "build"))


def binary(name):
    """binary - absolute path of a program built by CMake."""
    return os.path.abspath(os.path.join(BUILD_DIR, "bin", name))


def free_port(host="127.0.0.1"):
    """free_port - a port nobody listens on at this instant."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for_port(host, port, timeout=15.0, proc=None):
    """wait_for_port - block until host:port accepts a connection."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class Server:
    """Server - the real tattler_server binary with a given environment.

    env: extra environment variables (TATTLER_LISTEN_ADDRESS is set here).
    The process log is kept in self.log_path and returned by log().
    """

    def __init__(self, env=None, args=None, host="127.0.0.1", start=True):
        self.host = host
        self.env = dict(env or {})
        self.args = list(args or [])
        self.tmp = tempfile.mkdtemp(prefix="tattler-it-")
        self.log_path = os.path.join(self.tmp, "server.log")
        self.proc = None
        self.port = None
        if start:
            self.start()

    def start(self):
        """start - launch and wait until it listens; raises if it cannot."""
        for _ in range(2):
            self.port = free_port(self.host)
            if self._launch():
                return self
        raise RuntimeError("tattler_server did not start:\n" + self.log())

    def _launch(self):
        env = dict(os.environ)
        env.setdefault("TATTLER_QUEUE_DIR", os.path.join(self.tmp, "var"))
        env.setdefault("TATTLER_CAPTURE_DIR",
                       os.path.join(self.tmp, "var", "outbox"))
        env.update(self.env)
        bracket = "[%s]" % self.host if ":" in self.host else self.host
        env["TATTLER_LISTEN_ADDRESS"] = "%s:%d" % (bracket, self.port)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([binary("tattler_server")] + self.args,
                                     env=env, stdout=log, stderr=log,
                                     cwd=self.tmp)
        log.close()
        return wait_for_port(self.host, self.port, proc=self.proc)

    @property
    def address(self):
        return (self.host, self.port)

    def request(self, method, path, body=None, headers=None, timeout=30):
        """request - one HTTP exchange on a fresh connection."""
        return http_request(self.host, self.port, method, path, body, headers,
                            timeout)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        """stop - signal the process and wait; returns its exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body

    def json(self):
        import json
        return json.loads(self.body.decode("utf-8"))

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


def http_request(host, port, method, path, body=None, headers=None,
                 timeout=30):
    """http_request - one request on a new connection; returns Response."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return Response(r.status, r.reason, r.getheaders(), r.read())
    finally:
        conn.close()


class SmtpCapture:
    """SmtpCapture - an aiosmtpd server on 127.0.0.1 keeping every message.

    messages: list of dicts {mail_from, rcpt_tos, data (bytes)}.
    """

    def __init__(self, host="127.0.0.1"):
        from aiosmtpd.controller import Controller

        outer = self
        self.messages = []

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                outer.messages.append({
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": list(envelope.rcpt_tos),
                    "data": envelope.original_content or envelope.content,
                })
                return "250 OK"

        self.port = free_port(host)
        self.host = host
        self.controller = Controller(Handler(), hostname=host, port=self.port)
        self.controller.start()

    @property
    def address(self):
        return "%s:%d" % (self.host, self.port)

    def wait_for(self, count, timeout=10.0):
        """wait_for - block until at least count messages arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.messages) < count:
            time.sleep(0.02)
        return len(self.messages) >= count

    def stop(self):
        self.controller.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def write_tree(root, files):
    """write_tree - create files under root from {relative path: text}."""
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return root


class CaptureServerCase(unittest.TestCase):
    """CaptureServerCase - tests against one server on a tree of their own.

    Subclasses set TEMPLATES ({relative path: content}); setUp writes them
    under a fresh folder, start(**env) starts a tattler_server on them in
    production mode with the capture transport (env adds or overrides
    variables), and everything is removed after the test."""

    TEMPLATES = {}

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tattler-%s-" % type(self).__name__)
        self.base = write_tree(os.path.join(self.tmp, "t"), self.TEMPLATES)
        self.server = None

    def tearDown(self):
        if self.server:
            self.server.cleanup()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start(self, **extra):
        env = {"TATTLER_TEMPLATE_BASE": self.base,
               "TATTLER_TRANSPORT": "capture",
               "TATTLER_MASTER_MODE": "production"}
        env.update(extra)
        self.server = Server(env=env)
        return self.server

    def start_with_smtp_down(self):
        """start_with_smtp_down - start() sending by SMTP to a loopback port
        nobody listens on yet, retrying every second; returns that port, so
        the test can start a peer there when the outage should end."""
        port = free_port()
        self.start(TATTLER_TRANSPORT="smtp",
                   TATTLER_SMTP_ADDRESS="127.0.0.1:%d" % port,
                   TATTLER_SMTP_TIMEOUT="5",
                   TATTLER_RETRY_FIRST_DELAY="1",
                   TATTLER_RETRY_MAX_DELAY="1")
        return port
