"""test_client_cli - tattler_notify and tattler_replay against the real
server: flags, exit codes, environment, IPv6, -j files, attachments,
timeouts and dead letters.

Limits: attachment URLs are not fetched here (no HTTP file server).
"""
import glob
import json
import os
import shutil
import tempfile
import unittest

import client_support as cs
import harness


class NotifyCommand(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tattler-cli-it-")
        cls.server = cs.start_server(cls.tmp)
        cls.spec = "127.0.0.1:%d" % cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.dl_dir = tempfile.mkdtemp(prefix="dl-", dir=self.tmp)

    def notify(self, args, env=None, timeout=60):
        full_env = {"TATTLER_DEADLETTER_PATH": self.dl_dir}
        full_env.update(env or {})
        return cs.run_tool("tattler_notify", args, full_env, timeout)

    def letters(self):
        return glob.glob(os.path.join(self.dl_dir, "*.json"))

    def test_sends_and_prints_the_per_vector_results(self):
        r = self.notify(["-s", self.spec, "-m", "production", "-v", "email",
                         cs.RECIPIENT, "billing", "reminder"])

        self.assertEqual(r.returncode, 0, r.stderr)
        [line] = r.stdout.splitlines()
        vector, result, job_id, detail = line.split("\t")
        self.assertEqual((vector, result), ("email", "success"))
        self.assertTrue(job_id.startswith("email:"))

    def test_json_output_and_context_pairs(self):
        r = self.notify(["-s", self.spec, "-m", "production", "--json",
                         "-c", "cli:ctx-1", cs.RECIPIENT, "billing",
                         "invoice", "number=42", "total=9=9",
                         "due=^tattler^date^2031-01-01"])

        self.assertEqual(r.returncode, 0, r.stderr)
        [result] = json.loads(r.stdout)
        self.assertEqual(result["resultCode"], 0)
        self.assertTrue(cs.wait_captured(self.server, "Invoice 42"))
        self.assertTrue(cs.wait_captured(self.server, "Total 9=9"))

    def test_server_address_comes_from_the_environment(self):
        r = self.notify(["-m", "production", cs.RECIPIENT, "other", "ping"],
                        env={"TATTLER_SERVER_ADDRESS": self.spec})

        self.assertEqual(r.returncode, 0, r.stderr)

    def test_json_context_file_with_comments_and_typed_strings(self):
        path = os.path.join(self.tmp, "ctx.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write('{\n  // the invoice\n  "number": "77",  // id\n'
                    '  "total": 5, "due": "^tattler^date^2033-01-02"\n}\n')

        r = self.notify(["-s", self.spec, "-m", "production", "-j", path,
                         cs.RECIPIENT, "billing", "invoice", "total=6"])

        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(cs.wait_captured(self.server, "Invoice 77"))
        self.assertTrue(cs.wait_captured(self.server,
                                         "Total 6 due year 2033"))

    def test_json_context_that_is_not_an_object_exits_1(self):
        path = os.path.join(self.tmp, "list.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write("[1, 2]")

        r = self.notify(["-s", self.spec, "-j", path, cs.RECIPIENT,
                         "billing", "invoice"])

        self.assertEqual(r.returncode, 1)
        self.assertIn("Context file must be a dictionary", r.stderr)

    def test_attached_file_reaches_the_message(self):
        path = os.path.join(self.tmp, "invoice.pdf")
        with open(path, "wb") as f:
            f.write(b"%PDF-1.4\n")

        r = self.notify(["-s", self.spec, "-m", "production", "-a",
                         "invoice.pdf=" + path, cs.RECIPIENT, "billing",
                         "invoice", "number=att-1", "total=1",
                         "due=^tattler^date^2031-01-01"])

        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(cs.wait_captured(self.server, "JVBERi0xLjQK"))

    def test_usage_errors_exit_2(self):
        cases = [
            [cs.RECIPIENT, "bad/scope", "ev"],
            [cs.RECIPIENT, "billing", "ev!"],
            ["-s", "::1", cs.RECIPIENT, "billing", "invoice"],
            ["-s", "h:1:2", cs.RECIPIENT, "billing", "invoice"],
            ["-p", "9", cs.RECIPIENT, "billing", "invoice"],
            ["-m", "fast", cs.RECIPIENT, "billing", "invoice"],
            [cs.RECIPIENT, "billing", "invoice", "noequals"],
            [cs.RECIPIENT, "billing", "invoice", "=value"],
            ["-a", "noequals", cs.RECIPIENT, "billing", "invoice"],
            [cs.RECIPIENT, "billing"],
        ]
        for args in cases:
            with self.subTest(args=args):
                r = self.notify(args)
                self.assertEqual(r.returncode, 2, r.stderr)

    def test_scope_error_message_is_tattlers(self):
        r = self.notify([cs.RECIPIENT, "bad/scope", "ev"])

        self.assertIn("must be alphanumeric with possibly {_, -, .} values",
                      r.stderr)

    def test_refused_request_exits_1_without_dead_letter(self):
        r = self.notify(["-s", self.spec, cs.RECIPIENT, "billing",
                         "nonexist"])

        self.assertEqual(r.returncode, 1)
        self.assertIn("Notification failed. Details: HTTP Error 400", r.stderr)
        self.assertEqual(self.letters(), [])

    def test_unreachable_server_exits_1_with_a_dead_letter(self):
        port = harness.free_port()

        r = self.notify(["-s", "127.0.0.1:%d" % port, cs.RECIPIENT,
                         "billing", "invoice"])

        self.assertEqual(r.returncode, 1)
        self.assertEqual(len(self.letters()), 1)

    def test_timeout_against_a_stalling_server(self):
        with cs.StallServer() as stall:
            r = self.notify(["-s", "127.0.0.1:%d" % stall.port,
                             "--timeout", "0.3", cs.RECIPIENT, "billing",
                             "invoice"], timeout=30)

        self.assertEqual(r.returncode, 1)
        self.assertIn("timed out", r.stderr)
        self.assertEqual(len(self.letters()), 1)


@unittest.skipUnless(os.path.exists("/proc/net/if_inet6"), "no IPv6")
class NotifyOverIpv6(unittest.TestCase):
    def test_bracketed_ipv6_server(self):
        tmp = tempfile.mkdtemp(prefix="tattler-cli-it-")
        self.addCleanup(shutil.rmtree, tmp, True)
        server = cs.start_server(tmp, host="::1")
        self.addCleanup(server.cleanup)

        r = cs.run_tool("tattler_notify",
                        ["-s", "[::1]:%d" % server.port, "-m", "production",
                         cs.RECIPIENT, "other", "ping"])

        self.assertEqual(r.returncode, 0, r.stderr)


class ReplayCommand(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tattler-replay-it-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.dl_dir = os.path.join(self.tmp, "dl")
        self.server = cs.start_server(self.tmp)
        self.addCleanup(self.server.cleanup)
        self.spec = "127.0.0.1:%d" % self.server.port

    def fail_some(self, events):
        """fail_some - one dead letter per event, made while it is down."""
        self.server.stop()
        for event in events:
            cs.run_tool("tattler_notify",
                        ["-s", self.spec, "-m", "production", "-c",
                         "replay:" + event, cs.RECIPIENT, "billing", event],
                        {"TATTLER_DEADLETTER_PATH": self.dl_dir})
        return sorted(glob.glob(os.path.join(self.dl_dir, "*.json")))

    def test_dry_run_lists_and_keeps(self):
        files = self.fail_some(["reminder", "invoice"])

        r = cs.run_tool("tattler_replay", ["--dry-run", self.dl_dir])

        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("2 dead letter(s)", r.stdout)
        self.assertIn("billing/reminder", r.stdout)
        self.assertEqual(sorted(glob.glob(os.path.join(self.dl_dir,
                                                       "*.json"))), files)

    def test_still_down_keeps_letters_and_counts_attempts(self):
        [path] = self.fail_some(["reminder"])

        r = cs.run_tool("tattler_replay", [self.dl_dir])

        self.assertEqual(r.returncode, 1)
        self.assertIn("kept", r.stdout)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["attempts"], 2)

    def test_replay_removes_sent_letters_and_keeps_refused_ones(self):
        self.fail_some(["reminder", "nonexist"])
        cs.restart_same_port(self.server)

        r = cs.run_tool("tattler_replay", [],
                        {"TATTLER_DEADLETTER_PATH": self.dl_dir})

        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("sent: email:success", r.stdout)
        self.assertIn("sent=1 kept=1", r.stdout)
        [left] = glob.glob(os.path.join(self.dl_dir, "*.json"))
        with open(left, encoding="utf-8") as f:
            letter = json.load(f)
        self.assertEqual(letter["event"], "nonexist")
        self.assertIn("HTTP Error 400", letter["lastError"])
        self.assertTrue(cs.wait_captured(self.server, "replay:reminder") or
                        cs.wait_captured(self.server, "Please pay."))


if __name__ == "__main__":
    unittest.main()
