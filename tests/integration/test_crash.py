"""test_crash - kill -9 under load loses no accepted notification.

The real tattler_server with its SQLite outbox delivers into a counting
SMTP sink while client threads post 5,000 numbered notifications, half of
them with "Prefer: respond-async". The server is killed with SIGKILL in the
middle of the run and started again on the same outbox and port; the
clients carry on. Every notification answered 200 or 202 must reach the
sink, and the only duplicates allowed are the messages that were being
sent at the kill, or sent with their outcome not yet written: at most two
per delivery worker (each records one outcome while sending the next).
"""
import os
import shutil
import tempfile
import unittest

import durability_support as dura
import harness

TEMPLATES = {
    "app/dur/email/subject.txt": "N{{ n }}",
    "app/dur/email/body.txt": "Notification {{ n }}\n",
}
WORKERS = 8
TOTAL = 5000


class CrashUnderLoad(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tattler-crash-")
        self.base = harness.write_tree(os.path.join(self.tmp, "t"),
                                       TEMPLATES)
        self.sink = dura.MessageSink()
        self.addCleanup(self.sink.cleanup)
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def start_server(self):
        server = dura.start_server(self.base, self.sink, WORKERS)
        self.addCleanup(server.cleanup)
        return server

    def test_kill_9_mid_run_loses_no_accepted_notification(self):
        server = self.start_server()
        load = dura.Load([server], TOTAL, threads=8).start()

        dura.wait_until(lambda: load.sent >= TOTAL * 2 // 5, timeout=120)
        dura.kill9(server)
        killed_at = load.sent
        dura.relaunch(server)
        load.join(timeout=240)
        everything = set(load.accepted) | set(load.unknown)
        dura.wait_until(
            lambda: set(load.accepted) <= dura.received_numbers(self.sink),
            timeout=90, interval=0.2)
        queue_dir = os.path.join(server.tmp, "var")
        final_states = dura.wait_until(
            lambda: dura.settled(queue_dir=queue_dir), timeout=30,
            interval=0.2)

        self.assertLess(killed_at, TOTAL, "the kill came after the run")
        self.assertGreater(len(load.accepted), TOTAL * 9 // 10)
        self.assertLessEqual(dura.received_numbers(self.sink), everything,
                             "delivered but never sent")
        dura.check_no_loss(self, load, self.sink, final_states,
                            2 * WORKERS)


if __name__ == "__main__":
    unittest.main()
