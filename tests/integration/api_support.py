"""api_support - helpers for the API integration tests.

Offers:
  make_tree(root)        a template tree with scopes s1 and s2 (see below)
  raw_exchange(...)      send raw bytes on a new connection, read the answer
  server_env(tree, ...)  the environment for a capture-transport server

Tree: s1/plain (email), s1/both (email, sms), s1/broken (email with a
template syntax error), s1/_hidden (email), s2 (empty scope).

Limits: raw_exchange reads until the peer closes or the timeout passes.
"""
import os
import socket

from harness import write_tree


def make_tree(root, broken=True):
    """make_tree - write the test template tree under root."""
    files = {
        "s1/plain/email/subject.txt": "Hello {{ user_firstname }}",
        "s1/plain/email/body.txt": "Body {{ name | default('none') }} "
                                   "mode={{ notification_mode }}",
        "s1/both/email/subject.txt": "Both",
        "s1/both/email/body.txt": "both email",
        "s1/both/sms/body.txt": "both sms {{ user_sms }}",
        "s1/_hidden/email/subject.txt": "Hidden",
        "s1/_hidden/email/body.txt": "hidden",
        "s2/.keep": "",
    }
    if broken:
        files["s1/broken/email/subject.txt"] = "Broken"
        files["s1/broken/email/body.txt"] = "{% if %}"
    write_tree(root, files)
    return root


def server_env(tree, **extra):
    """server_env - environment of a capture-transport server on tree."""
    env = {
        "TATTLER_TEMPLATE_BASE": tree,
        "TATTLER_TRANSPORT": "capture",
        "TATTLER_MASTER_MODE": "production",
        "TATTLER_EMAIL_SENDER": "sender@example.org",
    }
    env.update(extra)
    return env


def raw_exchange(host, port, data, timeout=10.0):
    """raw_exchange - send bytes, return everything read until close."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect((host, port))
        try:
            s.sendall(data)
        except OSError:
            pass
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and _complete(b"".join(chunks)):
                break
        return b"".join(chunks)


def _complete(data):
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":", 1)[1])
    return True


def status_line(data):
    """status_line - the first line of a raw answer, decoded."""
    return data.split(b"\r\n", 1)[0].decode("ascii", "replace")


def capture_files(server):
    """capture_files - names of the files the capture transport wrote."""
    folder = os.path.join(server.tmp, "var", "outbox")
    if not os.path.isdir(folder):
        return []
    return sorted(os.listdir(folder))
