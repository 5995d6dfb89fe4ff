"""smtp_support - peers and helpers for the SMTP transport tests.

Offers:
  send_tool(...)        run tattler_smtp_send; returns (outcomes, summary)
  SendSession(...)      tattler_smtp_send --stdin: send one message at a time
  Peer(...)             an aiosmtpd server on loopback that counts
                        connections and answers RCPT/DATA as told, with
                        optional STARTTLS, implicit TLS and AUTH
  StallServer()         accepts TCP connections and never says a word
  MuteAfterDataServer() takes a message, then never answers its final dot
  SmtpSink()            Postfix's smtp-sink on a free loopback port
  TlsMaterial(dir)      a CA, a server certificate for localhost/127.0.0.1
                        (and extra IPs) made with openssl, and a wrong CA
  spare_loopback()      a random 127.x.y.z address, so a test can bind the
                        standard ports 465/587 without colliding

Limits: ports 465 and 587 need root (or a lowered
net.ipv4.ip_unprivileged_port_start); tests using them skip otherwise.
"""
import asyncio
import json
import os
import random
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time

import harness

TOOL = "tattler_smtp_send"


def send_tool(address, *args, stdin=None, timeout=60):
    """send_tool - run the send tool; returns (outcomes, summary, stderr)."""
    cmd = [harness.binary(TOOL), "--address", address] + [str(a) for a in args]
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                          timeout=timeout)
    lines = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
    if not lines or "sent" not in lines[-1]:
        raise AssertionError("send tool failed: rc=%d\n%s\n%s" %
                             (proc.returncode, proc.stdout, proc.stderr))
    return lines[:-1], lines[-1], proc.stderr


class SendSession:
    """SendSession - the send tool in --stdin mode, one message per call."""

    def __init__(self, address, *args):
        cmd = [harness.binary(TOOL), "--address", address, "--stdin",
               "--log-level", "info"] + [str(a) for a in args]
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=self.stderr, text=True,
                                     bufsize=1)

    def send(self, message_file=""):
        """send - one message; returns its outcome dict."""
        self.proc.stdin.write(message_file + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError("send tool exited:\n" + self.log())
        return json.loads(line)

    def close(self):
        """close - end the tool; returns its summary dict."""
        out, _ = self.proc.communicate(timeout=30)
        return json.loads(out.strip().splitlines()[-1])

    def log(self):
        self.stderr.seek(0)
        return self.stderr.read()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()


def spare_loopback():
    """spare_loopback - a random address in 127.0.0.0/8 other than .0.0.1."""
    return "127.%d.%d.%d" % (random.randint(1, 254), random.randint(0, 254),
                             random.randint(1, 254))


def can_bind(host, port):
    """can_bind - whether this process may listen on host:port now."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((host, port))
        return True
    except OSError:
        return False


class Peer:
    """Peer - an aiosmtpd server on loopback for one test.

    rcpt_replies: {address: "550 5.1.1 user unknown"} refused at RCPT.
    mail_reply:   reply to MAIL instead of "250 OK" (e.g. "553 ...").
    data_reply:   reply to DATA instead of "250 OK" (e.g. "451 ...").
    pipelining:   advertise PIPELINING in EHLO (aiosmtpd does not by
                  default, though it reads pipelined commands in order).
    ehlo_reply:   refuse EHLO with this reply (the client must use HELO).
    tls_context / require_starttls: STARTTLS; implicit_tls: ssl context for
    the listening socket; users: {user: password} turns AUTH on.
    Attributes: messages, connections (count), sessions (SMTP objects),
    early_commands: how often MAIL or RCPT found the client's next command
    already waiting, i.e. the client did not wait for the reply;
    commands_after_data: how often a message's end found the next
    message's commands already waiting (sent with the message);
    drop_mail_number: close the connection at the n-th MAIL (1-based).
    """

    def __init__(self, host="127.0.0.1", port=None, rcpt_replies=None,
                 data_reply=None, tls_context=None, require_starttls=False,
                 implicit_tls=None, users=None, auth_require_tls=True,
                 mail_reply=None, pipelining=False, ehlo_reply=None,
                 drop_mail_number=None):
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import SMTP, AuthResult

        outer = self
        self.messages = []
        self.connections = 0
        self.sessions = []
        self.rcpt_replies = dict(rcpt_replies or {})
        self.data_reply = data_reply
        self.mail_reply = mail_reply
        self.early_commands = 0
        self.commands_after_data = 0
        self.mails = 0
        self.drop_mail_number = drop_mail_number
        self.drop_next_mail = False
        self.host = host
        self.port = port or harness.free_port(host)

        def note_early_command(server):
            if len(server._reader._buffer) > 0:
                outer.early_commands += 1

        class Handler:
            async def handle_EHLO(self, server, session, envelope, hostname,
                                  responses):
                if ehlo_reply:
                    return [ehlo_reply]
                session.host_name = hostname
                if pipelining:
                    responses.insert(-1, "250-PIPELINING")
                return responses

            async def handle_MAIL(self, server, session, envelope, address,
                                  mail_options):
                note_early_command(server)
                outer.mails += 1
                if outer.mail_reply:
                    return outer.mail_reply
                if outer.mails == outer.drop_mail_number:
                    outer.drop_next_mail = True
                if outer.drop_next_mail:
                    outer.drop_next_mail = False
                    server.transport.close()
                    return "421 4.3.2 closing"
                envelope.mail_from = address
                envelope.mail_options.extend(mail_options)
                return "250 OK"

            async def handle_RCPT(self, server, session, envelope, address,
                                  rcpt_options):
                note_early_command(server)
                if address in outer.rcpt_replies:
                    return outer.rcpt_replies[address]
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                if len(server._reader._buffer) > 0:
                    outer.commands_after_data += 1
                if outer.data_reply:
                    return outer.data_reply
                outer.messages.append({
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": list(envelope.rcpt_tos),
                    "data": envelope.original_content,
                    "tls": server.transport.get_extra_info("ssl_object")
                    is not None,
                    "authenticated": bool(session.authenticated),
                })
                return "250 2.0.0 OK queued"

        class CountingSMTP(SMTP):
            # A client connection is counted at its first greeting, so the
            # controller's own start-up probe (which says nothing) is not.
            def _count(self):
                if not getattr(self, "_counted", False):
                    self._counted = True
                    outer.connections += 1
                    outer.sessions.append(self)

            async def smtp_EHLO(self, arg):
                self._count()
                return await super().smtp_EHLO(arg)

            async def smtp_HELO(self, arg):
                self._count()
                return await super().smtp_HELO(arg)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (users or {}).get(auth_data.login.decode()) == \
                auth_data.password.decode()
            # handled=False makes aiosmtpd answer 535 itself on failure.
            return AuthResult(success=ok, handled=False)

        kwargs = {}
        if tls_context is not None:
            kwargs.update(tls_context=tls_context,
                          require_starttls=require_starttls)
        if users is not None:
            kwargs.update(authenticator=authenticator,
                          auth_require_tls=auth_require_tls)

        class CountingController(Controller):
            def factory(self):
                return CountingSMTP(self.handler, **self.SMTP_kwargs)

        self.controller = CountingController(
            Handler(), hostname=host, port=self.port,
            ssl_context=implicit_tls, **kwargs)
        self.controller.start()

    @property
    def address(self):
        host = "[%s]" % self.host if ":" in self.host else self.host
        return "%s:%d" % (host, self.port)

    def close_connections(self):
        """close_connections - drop every client connection, server side."""
        done = threading.Event()

        def close_all():
            for session in self.sessions:
                if session.transport is not None:
                    session.transport.close()
            done.set()

        self.controller.loop.call_soon_threadsafe(close_all)
        done.wait(5)
        time.sleep(0.2)

    def stop(self):
        self.controller.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def send_twice_dropping_the_second_mail(peer):
    """send_twice_dropping_the_second_mail - two sends on one pooled
    session, the peer dropping the connection at the second MAIL; returns
    (first outcome, second outcome, the session's log)."""
    with SendSession(peer.address) as session:
        first = session.send()
        peer.drop_next_mail = True
        second = session.send()
        session.close()
        return first, second, session.log()


class StallServer:
    """StallServer - accepts connections on loopback and never speaks."""

    def __init__(self, host="127.0.0.1"):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((host, 0))
        self.sock.listen(16)
        self.host, self.port = self.sock.getsockname()
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)
            self._took(conn)

    def _took(self, conn):
        """_took - a subclass's turn with a new connection; this one keeps
        it open and silent."""

    @property
    def address(self):
        return "%s:%d" % (self.host, self.port)

    def stop(self):
        self.sock.close()
        for conn in self.accepted:
            conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class MuteAfterDataServer(StallServer):
    """MuteAfterDataServer - speaks SMTP until the message is in, then says
    nothing: the client cannot know whether the message was taken.

    Attributes: connections (count), messages (bytes received after DATA).
    """

    def __init__(self, host="127.0.0.1"):
        self.connections = 0
        self.messages = []
        super().__init__(host)

    def _took(self, conn):
        self.connections += 1
        threading.Thread(target=self._serve, args=(conn,),
                         daemon=True).start()

    def _serve(self, conn):
        reader = conn.makefile("rb")
        try:
            conn.sendall(b"220 mute.example ESMTP\r\n")
            for line in reader:
                verb = line[:4].upper()
                if verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    self.messages.append(self._read_message(reader))
                    return  # and never answer
                conn.sendall(b"221 bye\r\n" if verb == b"QUIT"
                             else b"250 ok\r\n")
        except OSError:
            return

    @staticmethod
    def _read_message(reader):
        data = b""
        for line in reader:
            if line == b".\r\n":
                break
            data += line
        return data


class SmtpSink:
    """SmtpSink - Postfix's smtp-sink on a free loopback port."""

    BINARY = "/usr/sbin/smtp-sink"

    def __init__(self, host="127.0.0.1", backlog=64):
        self.host = host
        self.port = harness.free_port(host)
        cmd = [self.BINARY]
        if os.geteuid() == 0:
            cmd += ["-u", "nobody"]
        cmd += ["%s:%d" % (host, self.port), str(backlog)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        if not harness.wait_for_port(host, self.port, proc=self.proc):
            self.stop()
            raise RuntimeError("smtp-sink did not start")

    @property
    def address(self):
        return "%s:%d" % (self.host, self.port)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True,
                   capture_output=True, timeout=60)


class TlsMaterial:
    """TlsMaterial - CA, server certificate and an unrelated CA, in a folder.

    Paths: ca_cert, server_cert, server_key, wrong_ca_cert.
    """

    def __init__(self, ips=()):
        self.dir = tempfile.mkdtemp(prefix="tattler-tls-")
        d = self.dir
        for name in ("ca", "wrong-ca"):
            _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes",
                     "-keyout", name + ".key", "-out", name + ".pem",
                     "-days", "2", "-subj", "/CN=tattler test " + name,
                     cwd=d)
        san = ",".join(["DNS:localhost", "IP:127.0.0.1"] +
                       ["IP:" + ip for ip in ips])
        with open(os.path.join(d, "ext.cnf"), "w") as f:
            f.write("subjectAltName=%s\n" % san)
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout",
                 "server.key", "-out", "server.csr", "-subj", "/CN=localhost",
                 cwd=d)
        _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem",
                 "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
                 "-days", "2", "-extfile", "ext.cnf", cwd=d)
        self.ca_cert = os.path.join(d, "ca.pem")
        self.wrong_ca_cert = os.path.join(d, "wrong-ca.pem")
        self.server_cert = os.path.join(d, "server.pem")
        self.server_key = os.path.join(d, "server.key")

    def server_context(self):
        """server_context - an ssl.SSLContext serving our certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.server_cert, self.server_key)
        return context

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)
