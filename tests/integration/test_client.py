"""test_client - the C++ client library against the real tattler_server.

Every call of TattlerClientHTTP, its error types, one TCP connection for
1,000 sends, transparent reconnection, timeouts, dead letters on an outage
and their replay once the server is back.

Limits: connection counts come from the client's own socket counter and
from ss; a connect timeout is not exercised (loopback never hangs).
"""
import glob
import json
import os
import shutil
import tempfile
import time
import unittest

import client_support as cs
import harness


class ClientAgainstServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tattler-client-it-")
        cls.server = cs.start_server(cls.tmp)

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.dl_dir = tempfile.mkdtemp(prefix="tattler-dl-", dir=self.tmp)
        self.driver = cs.Driver()
        self.addCleanup(self.driver.close)

    def new_client(self, scope="billing", mode="production", **extra):
        answer = self.driver.call("new", scope=scope, addr="127.0.0.1",
                                  port=self.server.port, mode=mode,
                                  deadletter_dir=self.dl_dir, **extra)
        self.assertTrue(answer["ok"], answer)

    def letters(self):
        return sorted(glob.glob(os.path.join(self.dl_dir, "*.json")))

    def test_lists_scopes_events_and_vectors(self):
        self.new_client()

        scopes = self.driver.call("scopes")
        events = self.driver.call("events")
        vectors = self.driver.call("vectors", event="reminder")

        self.assertEqual(scopes["value"], ["billing", "other"])
        self.assertEqual(events["value"], ["invoice", "reminder"])
        self.assertEqual(vectors["value"], ["email", "sms"])

    def test_send_returns_the_per_vector_results(self):
        self.new_client()

        answer = self.driver.call(
            "send", vectors=["email"], event="invoice",
            recipient=cs.RECIPIENT, correlationId="billing:it-1",
            context={"number": "7", "total": 12.5,
                     "due": "^tattler^date^2031-05-01"})

        self.assertTrue(answer["ok"], answer)
        [result] = answer["results"]
        self.assertEqual(list(result), ["id", "vector", "resultCode",
                                        "result", "detail"])
        self.assertTrue(result["id"].startswith("email:"))
        self.assertEqual(result["vector"], "email")
        self.assertEqual(result["resultCode"], 0)
        self.assertEqual(result["result"], "success")
        self.assertTrue(cs.wait_captured(self.server, "Invoice 7"))
        self.assertTrue(cs.wait_captured(self.server, "due year 2031"))

    def test_unknown_event_is_an_http_error_and_no_dead_letter(self):
        self.new_client()

        answer = self.driver.call("send", event="nonexist",
                                  recipient=cs.RECIPIENT)

        self.assertFalse(answer["ok"])
        self.assertEqual(answer["type"], "HttpError")
        self.assertEqual(answer["status"], 400)
        self.assertIn("Event does not exist", answer["message"])
        self.assertTrue(answer["what"].startswith("HTTP Error 400: "))
        self.assertFalse(answer["retryable"])
        self.assertEqual(self.letters(), [])

    def test_unknown_scope_listing_is_an_http_error(self):
        self.new_client(scope="nope")

        answer = self.driver.call("events")

        self.assertEqual(answer["type"], "HttpError")
        self.assertEqual(answer["status"], 400)
        self.assertIn("nope", answer["message"])

    def test_every_vector_failing_is_a_delivery_error(self):
        self.new_client()
        bad = {"_attachments": {"a.weirdext": {"content_b64": "eA=="}},
               "number": "1", "total": 1}

        answer = self.driver.call("send", vectors=["email"], event="invoice",
                                  recipient=cs.RECIPIENT, context=bad)

        self.assertEqual(answer["type"], "DeliveryError", answer)
        self.assertEqual(answer["status"], 200)
        self.assertEqual(answer["results"][0]["resultCode"], 1)
        self.assertFalse(answer["retryable"])
        self.assertEqual(self.letters(), [])

    def test_one_connection_for_a_thousand_sends(self):
        self.new_client()
        before = cs.established(self.server.port)

        answer = self.driver.call("send", vectors=["email"], event="reminder",
                                  recipient=cs.RECIPIENT, count=1000)
        stats = self.driver.call("stats")
        during = cs.established(self.server.port)

        self.assertTrue(answer["ok"], answer)
        self.assertEqual(stats["requests"], 1000)
        self.assertEqual(stats["connections"], 1)
        self.assertEqual(during - before, 1)

    def test_timeout_against_a_server_that_stalls(self):
        with cs.StallServer() as stall:
            self.driver.call("new", scope="billing", addr="127.0.0.1",
                             port=stall.port, timeout_ms=300,
                             deadletter_dir=self.dl_dir)

            answer = self.driver.call("send", event="invoice",
                                      recipient=cs.RECIPIENT)

        self.assertEqual(answer["type"], "ConnectionError")
        self.assertTrue(answer["timed_out"])
        self.assertEqual(len(self.letters()), 1)


class ClientAcrossRestarts(unittest.TestCase):
    """A server of its own per test, since these stop and restart it."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tattler-client-it-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.dl_dir = os.path.join(self.tmp, "deadletters")
        self.driver = cs.Driver()
        self.addCleanup(self.driver.close)

    def start(self, extra=None):
        self.server = cs.start_server(self.tmp, extra)
        self.addCleanup(self.server.cleanup)
        self.driver.call("new", scope="billing", addr="127.0.0.1",
                         port=self.server.port, mode="production",
                         deadletter_dir=self.dl_dir)

    def send(self, **extra):
        return self.driver.call("send", vectors=["email"], event="reminder",
                                recipient=cs.RECIPIENT, **extra)

    def test_reconnects_after_a_server_restart(self):
        self.start()
        self.assertTrue(self.send()["ok"])

        cs.restart_same_port(self.server)
        answer = self.send()

        self.assertTrue(answer["ok"], answer)
        self.assertEqual(self.driver.call("stats")["connections"], 2)

    def test_reconnects_after_the_server_closed_an_idle_connection(self):
        self.start({"TATTLER_IDLE_TIMEOUT": "1"})
        self.assertTrue(self.send()["ok"])

        time.sleep(2.0)
        answer = self.send()

        self.assertTrue(answer["ok"], answer)
        self.assertEqual(self.driver.call("stats")["connections"], 2)

    def test_outage_makes_a_dead_letter_that_replay_delivers(self):
        self.start()
        self.server.stop()

        answer = self.send(correlationId="billing:outage-1",
                           context={"note": "kept"})
        [letter_path] = glob.glob(os.path.join(self.dl_dir, "*.json"))
        with open(letter_path, encoding="utf-8") as f:
            letter = json.load(f)
        cs.restart_same_port(self.server)
        replay = cs.run_tool("tattler_replay", [self.dl_dir])

        self.assertEqual(answer["type"], "ConnectionError")
        self.assertEqual(answer["dead_letter"], letter_path)
        self.assertEqual(letter["scope"], "billing")
        self.assertEqual(letter["mode"], "production")
        self.assertEqual(letter["event"], "reminder")
        self.assertEqual(letter["recipient"], cs.RECIPIENT)
        self.assertEqual(letter["vectors"], ["email"])
        self.assertEqual(letter["context"], {"note": "kept"})
        self.assertEqual(letter["correlationId"], "billing:outage-1")
        self.assertEqual(letter["httpStatus"], 0)
        self.assertTrue(letter["error"])
        self.assertTrue(letter["time"])
        self.assertEqual(replay.returncode, 0, replay.stdout + replay.stderr)
        self.assertIn("[1/1]", replay.stdout)
        self.assertFalse(os.path.exists(letter_path))
        self.assertTrue(cs.wait_captured(self.server, "Please pay."))


@unittest.skipUnless(os.path.exists("/proc/net/if_inet6"), "no IPv6")
class ClientOverIpv6(unittest.TestCase):
    def test_send_to_an_ipv6_loopback_server(self):
        tmp = tempfile.mkdtemp(prefix="tattler-client-it-")
        self.addCleanup(shutil.rmtree, tmp, True)
        server = cs.start_server(tmp, host="::1")
        self.addCleanup(server.cleanup)

        with cs.Driver() as driver:
            created = driver.call("new", scope="billing", addr="::1",
                                  port=server.port, mode="production")
            answer = driver.call("send", vectors=["email"], event="reminder",
                                 recipient=cs.RECIPIENT)

        self.assertEqual(created["endpoint"], "[::1]:%d" % server.port)
        self.assertTrue(answer["ok"], answer)


if __name__ == "__main__":
    unittest.main()
