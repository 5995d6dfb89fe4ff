"""durability_support - load, crashes and a counting SMTP sink for the
durability tests.

Offers:
  MessageSink()          an aiosmtpd server in its own process on a free
                         loopback port that appends one JSON line per message
                         (Message-ID, Subject, recipients) to a file; stop()
                         and start() again on the same port simulate an
                         outage
  StallAfterData(...)    an aiosmtpd server (in this process) that takes the
                         whole message at DATA and answers it late or never
  Load(...)              client threads posting numbered notifications to
                         one or more servers, default and respond-async mixed,
                         recording which numbers were accepted (200/202)
  tally(records)         {Subject: [Message-ID, ...]} of a sink's records
  received_numbers(sink) the numbers n of the "N<n>" Subjects a sink got
  settled(**where)       the outbox's {state: count} once nothing is queued
                         or sending, else None (outbox_support.states args)
  check_no_loss(test, load, sink, states, bound)
                         every accepted number delivered, each as one
                         message, at most `bound` sent twice, all delivered
  kill9(server)          SIGKILL a harness.Server and reap it
  relaunch(server)       start a stopped harness.Server again on the same
                         port and outbox
  wait_until(check, t)   poll check() until it is true or t seconds passed
  start_server(base, sink, workers, **env)
                         a production tattler_server sending to sink, with a
                         short lease and one-second retries

Run as a program (`python3 durability_support.py sink PORT FILE`) this file
is the sink process itself.

Limits: the sink keeps no message bodies, only the headers it records; a
Subject must be plain ASCII to be recorded as sent. Load does not retry a
notification whose request failed: it counts it as unknown (it may or may
not have been stored) and moves on to the next number.
"""
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time

import harness
import outbox_support

SYNC = {"Content-Type": "application/json"}
ASYNC = {"Content-Type": "application/json", "Prefer": "respond-async"}


def start_server(base, sink, workers, **extra):
    """start_server - a tattler_server in production mode on the tree at
    base, sending to sink with `workers` delivery workers; extra adds or
    overrides environment variables.

    A short lease: after a kill, the dead process's claims are taken again
    within seconds instead of the default minute. Still twice any send on
    loopback, so only a kill repeats a message."""
    env = {"TATTLER_TEMPLATE_BASE": base,
           "TATTLER_MASTER_MODE": "production",
           "TATTLER_SMTP_ADDRESS": sink.address,
           "TATTLER_DELIVERY_WORKERS": str(workers),
           "TATTLER_LEASE": "4",
           "TATTLER_RETRY_FIRST_DELAY": "1",
           "TATTLER_RETRY_MAX_DELAY": "1"}
    env.update(extra)
    return harness.Server(env=env)


def wait_until(check, timeout, interval=0.05):
    """wait_until - poll check() until true; its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def kill9(server):
    """kill9 - SIGKILL the server's process and reap it."""
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait(30)


def relaunch(server, env=None):
    """relaunch - start server again on its port and outbox, env merged."""
    server.env.update(env or {})
    if not server._launch():
        raise RuntimeError("tattler_server did not restart:\n" + server.log())
    return server


def tally(records):
    """tally - Subject -> list of the Message-IDs received with it."""
    out = {}
    for r in records:
        out.setdefault(r["subject"], []).append(r["message_id"])
    return out


def received_numbers(sink):
    """received_numbers - the notification numbers a sink has, from the
    "N<n>" Subjects of the durability tests' templates."""
    return {int(r["subject"][1:]) for r in sink.records()}


def settled(**where):
    """settled - the outbox's states once nothing waits any more, else None;
    where is queue_dir=... or pg=..., db=... as outbox_support.states()."""
    states = outbox_support.states(**where)
    if states.get("queued") or states.get("sending"):
        return None
    return states


def check_no_loss(test, load, sink, final_states, bound):
    """check_no_loss - the assertions every crash test shares: nothing
    refused, every accepted number at the sink, each Subject one message
    (one Message-ID), at most `bound` of them received twice (the sends cut
    by a kill), and every job delivered in the end."""
    received = tally(sink.records())
    lost = sorted(set(load.accepted) - received_numbers(sink))
    test.assertEqual(load.refused, {})
    test.assertEqual(lost, [], "accepted but never delivered")
    for subject, ids in received.items():
        test.assertEqual(len(set(ids)), 1,
                         "%s sent as different messages" % subject)
    duplicates = sum(len(ids) - 1 for ids in received.values())
    test.assertLessEqual(duplicates, bound, sorted(
        s for s, ids in received.items() if len(ids) > 1))
    test.assertEqual(set(final_states), {"delivered"}, final_states)


class MessageSink:
    """MessageSink - a counting SMTP sink in a separate process.

    A process of its own keeps the sink's work off the test's interpreter
    (and its GIL) and lets stop() make a real outage: the port refuses
    connections until start() is called again.
    """

    def __init__(self, host="127.0.0.1"):
        self.host = host
        self.port = harness.free_port(host)
        fd, self.path = tempfile.mkstemp(prefix="tattler-sink-",
                                         suffix=".jsonl")
        os.close(fd)
        self.proc = None
        self.start()

    @property
    def address(self):
        return "%s:%d" % (self.host, self.port)

    def start(self):
        """start - launch the sink on its port; raises if it cannot."""
        cmd = [sys.executable, os.path.abspath(__file__), "sink", self.host,
               str(self.port), self.path]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        if not harness.wait_for_port(self.host, self.port, proc=self.proc):
            self.stop()
            raise RuntimeError("message sink did not start")

    def stop(self):
        """stop - end the sink process (its records stay in the file)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def records(self):
        """records - every message received so far, oldest first."""
        with open(self.path, "rb") as f:
            lines = f.read().split(b"\n")
        # The last line may be half written while the sink runs.
        return [json.loads(l) for l in lines if l.endswith(b"}")]

    def count(self):
        return len(self.records())

    def cleanup(self):
        self.stop()
        os.unlink(self.path)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()


def _sink_main(host, port, path):
    """_sink_main - the sink process: accept everything, log headers."""
    from email.parser import BytesHeaderParser

    from aiosmtpd.controller import Controller

    out = open(path, "ab", buffering=0)
    parser = BytesHeaderParser()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            headers = parser.parsebytes(envelope.original_content)
            record = {"message_id": headers.get("Message-ID", ""),
                      "subject": headers.get("Subject", ""),
                      "rcpt_tos": list(envelope.rcpt_tos)}
            # One write per record: a kill never leaves half a line behind
            # a complete one.
            out.write(json.dumps(record).encode() + b"\n")
            return "250 2.0.0 OK"

    controller = Controller(Handler(), hostname=host, port=int(port))
    controller.start()
    # The sink ends by a signal (MessageSink.stop() kills it).
    threading.Event().wait()


class StallAfterData:
    """StallAfterData - takes each message at DATA and answers it late.

    answer_after: seconds before the 250 reply; None never answers (the
    client is left waiting for the reply to its final dot).
    messages: Message-IDs received, in order, duplicates included.
    """

    def __init__(self, host="127.0.0.1", answer_after=None):
        import asyncio
        from email.parser import BytesHeaderParser

        from aiosmtpd.controller import Controller

        outer = self
        self.messages = []
        parser = BytesHeaderParser()

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                headers = parser.parsebytes(envelope.original_content)
                outer.messages.append(headers.get("Message-ID", ""))
                if answer_after is None:
                    await asyncio.Event().wait()
                await asyncio.sleep(answer_after)
                return "250 2.0.0 OK"

        self.host = host
        self.port = harness.free_port(host)
        self.controller = Controller(Handler(), hostname=host, port=self.port)
        self.controller.start()

    @property
    def address(self):
        return "%s:%d" % (self.host, self.port)

    def stop(self):
        self.controller.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Load:
    """Load - threads posting numbered notifications until all are sent.

    servers: harness.Server objects; each thread sends to them in turn and
    stops using one after a connection to it fails (it is down) until none
    is left, then waits for any to come back (up to `patience` seconds).
    Notification number n carries {"n": n}; with the test templates its
    e-mail Subject is "N<n>". Every `async_every`-th number asks for
    respond-async.

    After join(): accepted {n: answer lines} (status 200 or 202; each line
    a dict with id, vector, resultCode, result, detail), unknown (the
    request failed: no answer), refused {n: status}, by_server {port: count
    accepted}.
    """

    def __init__(self, servers, total, threads=8, async_every=2,
                 path="/notification/app/dur/?user=%s&mode=production",
                 user="dura.ble@example.org", patience=30.0):
        self.servers = list(servers)
        self.total = total
        self.async_every = async_every
        self.path = path % user
        self.patience = patience
        self.accepted = {}
        self.unknown = []
        self.refused = {}
        self.by_server = {}
        self._next = 0
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(i,),
                                          daemon=True)
                         for i in range(threads)]

    def start(self):
        for t in self._threads:
            t.start()
        return self

    def join(self, timeout=300):
        deadline = time.monotonic() + timeout
        for t in self._threads:
            t.join(max(deadline - time.monotonic(), 0))
        if any(t.is_alive() for t in self._threads):
            raise AssertionError("load did not finish in %ds" % timeout)

    @property
    def sent(self):
        """sent - how many numbers were handed out so far."""
        with self._lock:
            return self._next

    def _take(self):
        with self._lock:
            if self._next >= self.total:
                return None
            self._next += 1
            return self._next

    def _record(self, n, server, response):
        with self._lock:
            if response is None:
                self.unknown.append(n)
            elif response.status in (200, 202):
                self.accepted[n] = json.loads(response.body)
                self.by_server[server.port] = \
                    self.by_server.get(server.port, 0) + 1
            else:
                self.refused[n] = response.status

    def _run(self, index):
        import http.client

        down = set()
        conns = {}
        turn = index
        while True:
            n = self._take()
            if n is None:
                break
            server = self._pick(down, turn)
            turn += 1
            if server is None:
                self._record(n, None, None)
                continue
            headers = ASYNC if n % self.async_every == 0 else SYNC
            try:
                conn = conns.get(server.port)
                if conn is None:
                    conn = http.client.HTTPConnection(server.host, server.port,
                                                      timeout=60)
                    conns[server.port] = conn
                conn.request("POST", self.path, '{"n": %d}' % n, headers)
                r = conn.getresponse()
                response = harness.Response(r.status, r.reason, [], r.read())
            except (OSError, http.client.HTTPException):
                conns.pop(server.port).close()
                down.add(server.port)
                response = None
            self._record(n, server, response)
        for conn in conns.values():
            conn.close()

    def _pick(self, down, turn):
        """_pick - the next server not known down; when all are, wait
        until one accepts connections again."""
        deadline = time.monotonic() + self.patience
        while True:
            up = [s for s in self.servers if s.port not in down]
            if up:
                return up[turn % len(up)]
            if time.monotonic() >= deadline:
                return None
            for s in self.servers:
                if harness.wait_for_port(s.host, s.port, timeout=0.05):
                    down.discard(s.port)
            time.sleep(random.random() * 0.05)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "sink":
        _sink_main(*sys.argv[2:])
    else:
        sys.exit("usage: durability_support.py sink HOST PORT FILE")
