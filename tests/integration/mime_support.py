"""mime_support - helpers for the compose integration tests.

Offers:
  compose(request)     run tattler_compose_check on one JSON request
  parse(data)          a message parsed back with Python's email package
                       (policy.default)
  FileServer()         a local http.server with fixed routes (files,
                       redirect chains, 404, oversized, stalled), stopped
                       on exit

Limits: the file server binds 127.0.0.1 only; the stalled route holds its
connection until the client gives up or the server stops.
"""
import email
import email.policy
import http.server
import json
import subprocess
import threading
import time

import harness

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000"
                    "001f15c489")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def compose(request, timeout=60):
    """compose - the answer of tattler_compose_check for request."""
    proc = subprocess.run([harness.binary("tattler_compose_check")],
                          input=json.dumps(request).encode(),
                          capture_output=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise AssertionError("compose check failed: %r %r"
                             % (proc.stdout, proc.stderr))
    return json.loads(proc.stdout)


def email_request(subject="Subject", text="plain part", html=None,
                  priority=None, attachments=None, sender="sender@example.org",
                  to=("info@x.org",), envelope=None, options=None):
    """email_request - a compose request for one e-mail."""
    return {
        "kind": "email",
        "parts": {"subject": subject, "body_text": text, "body_html": html,
                  "priority": priority},
        "headers": {"sender": sender, "to": list(to),
                    "envelope": list(envelope or to)},
        "attachments": attachments,
        "options": options or {},
    }


def parse(data):
    """parse - data (the wire text) as an EmailMessage."""
    return email.message_from_bytes(data.encode("ascii"),
                                    policy=email.policy.default)


def tree(msg):
    """tree - the content types of msg as nested lists."""
    if msg.is_multipart():
        return [msg.get_content_type(), [tree(p) for p in msg.iter_parts()]]
    return msg.get_content_type()


def text_of(part):
    """text_of - a text part's content with canonical line ends undone."""
    return part.get_content().replace("\r\n", "\n")


class _Handler(http.server.BaseHTTPRequestHandler):
    """_Handler - fixed routes for attachment fetches."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.seen.append((self.path, dict(self.headers)))
        path = self.path
        if path == "/file.pdf":
            self._send(200, PDF)
        elif path == "/logo":
            self._send(200, PNG)
        elif path.startswith("/hop/"):
            left = int(path.split("/")[2])
            target = "/file.pdf" if left == 0 else "/hop/%d" % (left - 1)
            self._send(302, headers={"Location": target})
        elif path == "/big":
            self._send(200, b"x" * 200000)
        elif path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x")
            self.wfile.flush()
            self.server.stop_event.wait(10)
        else:
            self._send(404, b"nope")


class _QuietServer(http.server.ThreadingHTTPServer):
    """_QuietServer - no tracebacks for clients that hang up on purpose."""

    def handle_error(self, request, client_address):
        pass


class FileServer:
    """FileServer - http.server on a free loopback port, in a thread."""

    def __init__(self):
        self.httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.seen = []
        self.httpd.stop_event = threading.Event()
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()

    def url(self, path):
        """url - the absolute URL of path on this server."""
        return "http://127.0.0.1:%d%s" % (self.port, path)

    @property
    def seen(self):
        """seen - (path, headers) of every request so far."""
        return self.httpd.seen

    def stop(self):
        """stop - release stalled handlers and shut the server down."""
        self.httpd.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        time.sleep(0.05)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
