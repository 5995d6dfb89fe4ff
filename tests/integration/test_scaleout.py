"""test_scaleout - two servers on one PostgreSQL outbox, one killed.

Two real tattler_server processes share one PostgreSQL database (started by
the test) and one counting SMTP sink. Client threads spread numbered
notifications over both; one server is killed with SIGKILL in the middle of
the run and the clients move to the other. Every notification answered 200
or 202 must reach the sink exactly once, except the messages the killed
server was sending at that moment or had sent without writing the outcome
yet (at most two per delivery worker), which the survivor sends again once
their lease has run out.
"""
import os
import shutil
import tempfile
import unittest

import durability_support as dura
import harness
import pg_support

TEMPLATES = {
    "app/dur/email/subject.txt": "N{{ n }}",
    "app/dur/email/body.txt": "Notification {{ n }}\n",
}
WORKERS = 4
TOTAL = 3000


@unittest.skipUnless(pg_support.available(), "PostgreSQL is not installed")
class TwoServersOneQueue(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tattler-scale-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.base = harness.write_tree(os.path.join(self.tmp, "t"),
                                       TEMPLATES)
        self.pg = pg_support.PgInstance()
        self.addCleanup(self.pg.stop)
        self.url = self.pg.create_database("outbox")
        self.sink = dura.MessageSink()
        self.addCleanup(self.sink.cleanup)

    def start_server(self):
        server = dura.start_server(self.base, self.sink, WORKERS,
                                   TATTLER_QUEUE_URL=self.url)
        self.addCleanup(server.cleanup)
        return server

    def test_a_server_killed_mid_run_loses_nothing_and_repeats_little(self):
        doomed, survivor = self.start_server(), self.start_server()
        load = dura.Load([doomed, survivor], TOTAL, threads=8).start()

        dura.wait_until(lambda: load.sent >= TOTAL * 2 // 5, timeout=120)
        accepted_by_doomed = load.by_server.get(doomed.port, 0)
        dura.kill9(doomed)
        load.join(timeout=240)
        dura.wait_until(
            lambda: set(load.accepted) <= dura.received_numbers(self.sink),
            timeout=90, interval=0.2)
        final_states = dura.wait_until(
            lambda: dura.settled(pg=self.pg, db="outbox"), timeout=30,
            interval=0.2)

        self.assertGreater(accepted_by_doomed, 0)
        self.assertGreater(load.by_server.get(survivor.port, 0),
                           accepted_by_doomed)
        dura.check_no_loss(self, load, self.sink, final_states,
                            2 * WORKERS)


if __name__ == "__main__":
    unittest.main()
