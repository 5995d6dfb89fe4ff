"""test_outage - an SMTP outage under load is ridden out by the outbox.

The real tattler_server (SQLite outbox, first retry after one second)
delivers into a counting sink while client threads post. The sink is killed
for four seconds in the middle of the run and started again on the same port.
Every notification answered 200 or 202 must reach the sink, and the jobs
whose first attempt met the outage show their temporary failures and the
final delivery in GET /jobs/<id>.
"""
import os
import shutil
import tempfile
import time
import unittest

import durability_support as dura
import harness

TEMPLATES = {
    "app/dur/email/subject.txt": "N{{ n }}",
    "app/dur/email/body.txt": "Notification {{ n }}\n",
}
WORKERS = 8
TOTAL = 1500
OUTAGE_SECONDS = 4


class SmtpOutageUnderLoad(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tattler-outage-")
        self.base = harness.write_tree(os.path.join(self.tmp, "t"),
                                       TEMPLATES)
        self.sink = dura.MessageSink()
        self.addCleanup(self.sink.cleanup)
        self.addCleanup(shutil.rmtree, self.tmp, True)
        env = {"TATTLER_TEMPLATE_BASE": self.base,
               "TATTLER_MASTER_MODE": "production",
               "TATTLER_SMTP_ADDRESS": self.sink.address,
               "TATTLER_SMTP_TIMEOUT": "5",
               "TATTLER_DELIVERY_WORKERS": str(WORKERS),
               "TATTLER_RETRY_FIRST_DELAY": "1",
               "TATTLER_RETRY_MAX_DELAY": "2"}
        self.server = harness.Server(env=env)
        self.addCleanup(self.server.cleanup)

    def test_everything_accepted_during_an_outage_is_delivered_later(self):
        load = dura.Load([self.server], TOTAL, threads=4).start()

        dura.wait_until(lambda: load.sent >= TOTAL // 5, timeout=60)
        self.sink.stop()
        # Long enough for several retries of the first refused jobs.
        time.sleep(OUTAGE_SECONDS)
        self.sink.start()
        load.join(timeout=120)
        dura.wait_until(
            lambda: set(load.accepted) <= self.received_numbers(),
            timeout=60, interval=0.2)

        received = dura.tally(self.sink.records())
        lost = sorted(set(load.accepted) - self.received_numbers())
        queued_for_retry = [
            line["id"] for lines in load.accepted.values() for line in lines
            if line["detail"].startswith("Queued for retry: ")]
        self.assertEqual(load.refused, {})
        self.assertEqual(load.unknown, [])
        self.assertEqual(lost, [], "accepted but never delivered")
        duplicates = sum(len(ids) - 1 for ids in received.values())
        self.assertLessEqual(duplicates, WORKERS)
        self.assertGreater(len(queued_for_retry), 0,
                           "no answer saw the outage")
        for job_id in queued_for_retry[:25]:
            self.assert_retried_then_delivered(job_id)

    def assert_retried_then_delivered(self, job_id):
        r = self.server.request("GET", "/jobs/" + job_id)
        self.assertEqual(r.status, 200, r.reason)
        job = r.json()
        outcomes = [a["outcome"] for a in job["attempts"]]
        self.assertEqual(job["state"], "delivered", job)
        self.assertEqual(outcomes[0], "temporary", job)
        self.assertEqual(outcomes[-1], "delivered", job)
        self.assertEqual(set(outcomes[:-1]), {"temporary"}, job)

    def received_numbers(self):
        return {int(r["subject"][1:]) for r in self.sink.records()}


if __name__ == "__main__":
    unittest.main()
