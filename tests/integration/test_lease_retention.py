"""test_lease_retention - leases of dead servers end; finished jobs go.

Lease expiry: a real tattler_server sends to an SMTP peer that takes the
whole message and never answers the final dot, so the job sits in
`sending` under the server's lease; the server is killed with SIGKILL. A
second server on the same PostgreSQL outbox sends the job, with the same
Message-ID, once the lease has run out, never before. The same server
started again on its SQLite outbox (which only one server can own) knows
the killed one is gone and sends the job at once, without waiting.
A batch of jobs claimed together that takes longer to send than one lease
(a slow relay) is still sent once per job.

Retention: with a one-second retention, delivered and failed jobs disappear
from the store and GET /jobs/<id> answers 404; a dead job stays.
"""
import datetime
import os
import shutil
import subprocess
import tempfile
import unittest

import durability_support as dura
import harness
import outbox_support
import pg_support
import smtp_support

TEMPLATES = {
    "app/dur/email/subject.txt": "N{{ n }}",
    "app/dur/email/body.txt": "Notification {{ n }}\n",
}
PATH = "/notification/app/dur/?user=%s&mode=production"
LEASE_SECONDS = 3
BATCH = 12


def epoch_ms(iso):
    """epoch_ms - milliseconds since 1970 of an ISO time ending in Z."""
    t = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ")
    return int(t.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000)


class Base(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tattler-lease-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.base = harness.write_tree(os.path.join(self.tmp, "t"),
                                       TEMPLATES)

    def start_server(self, **extra):
        env = {"TATTLER_TEMPLATE_BASE": self.base,
               "TATTLER_MASTER_MODE": "production"}
        env.update(extra)
        server = harness.Server(env=env)
        self.addCleanup(server.cleanup)
        return server

    def post(self, server, user, headers=dura.ASYNC):
        r = server.request("POST", PATH % user, '{"n": 1}', headers)
        self.assertIn(r.status, (200, 202), r.reason)
        [line] = r.json()
        return line["id"]

    def job(self, server, job_id):
        r = server.request("GET", "/jobs/" + job_id)
        return r.json() if r.status == 200 else None

    def wait_state(self, server, job_id, state, timeout=20):
        job = dura.wait_until(
            lambda: (self.job(server, job_id) or {}).get("state") == state
            and self.job(server, job_id), timeout, interval=0.05)
        self.assertTrue(job, "job %s never reached %s: %s" %
                        (job_id, state, self.job(server, job_id)))
        return job


class LeaseExpiry(Base):

    def stall_until_sending(self, server, stall, job_id):
        """stall_until_sending - the message is at the peer, unanswered."""
        self.assertTrue(dura.wait_until(lambda: stall.messages, timeout=20),
                        server.log())
        self.assertEqual(self.job(server, job_id)["state"], "sending")

    def assert_sent_again_after_the_lease(self, job, lease_until, stall,
                                          sink):
        [record] = sink.records()
        self.assertEqual(record["message_id"], stall.messages[0])
        self.assertEqual([a["outcome"] for a in job["attempts"]],
                         ["delivered"])
        self.assertGreaterEqual(epoch_ms(job["attempts"][0]["at"]),
                                lease_until)

    def test_restarted_sqlite_server_sends_a_killed_send_at_once(self):
        stall = stall_peer(self)
        sink = dura.MessageSink()
        self.addCleanup(sink.cleanup)
        server = self.start_server(TATTLER_SMTP_ADDRESS=stall.address,
                                   TATTLER_LEASE=str(LEASE_SECONDS))
        job_id = self.post(server, "lease@example.org")
        self.stall_until_sending(server, stall, job_id)
        queue_dir = os.path.join(server.tmp, "var")
        lease_until = int(outbox_support.job(job_id,
                                             queue_dir=queue_dir)
                          ["lease_until"])

        dura.kill9(server)
        dura.relaunch(server, {"TATTLER_SMTP_ADDRESS": sink.address})
        job = self.wait_state(server, job_id, "delivered",
                              timeout=LEASE_SECONDS + 20)

        [record] = sink.records()
        self.assertEqual(record["message_id"], stall.messages[0])
        self.assertEqual([a["outcome"] for a in job["attempts"]],
                         ["delivered"])
        self.assertLess(epoch_ms(job["attempts"][0]["at"]), lease_until)
        self.assertIn("outbox.recovered jobs=1", server.log())

    def test_a_second_server_on_the_same_sqlite_outbox_is_refused(self):
        first = self.start_server()
        env = dict(os.environ, TATTLER_TEMPLATE_BASE=self.base,
                   TATTLER_QUEUE_DIR=os.path.join(first.tmp, "var"),
                   TATTLER_LISTEN_ADDRESS="127.0.0.1:%d" % harness.free_port())

        second = subprocess.run([harness.binary("tattler_server")], env=env,
                                capture_output=True, timeout=30)

        self.assertEqual(second.returncode, 1, second.stderr)
        self.assertIn(b"is in use by another tattler_server (pid %d)"
                      % first.proc.pid, second.stderr)

    @unittest.skipUnless(pg_support.available(), "PostgreSQL is not installed")
    def test_second_server_sends_a_killed_send_after_the_lease(self):
        pg = pg_support.PgInstance()
        self.addCleanup(pg.stop)
        url = pg.create_database("outbox")
        stall = stall_peer(self)
        sink = dura.MessageSink()
        self.addCleanup(sink.cleanup)
        first = self.start_server(TATTLER_QUEUE_URL=url,
                                  TATTLER_SMTP_ADDRESS=stall.address,
                                  TATTLER_LEASE=str(LEASE_SECONDS))
        job_id = self.post(first, "lease@example.org")
        self.stall_until_sending(first, stall, job_id)
        lease_until = int(outbox_support.job(job_id, pg=pg,
                                             db="outbox")["lease_until"])

        second = self.start_server(TATTLER_QUEUE_URL=url,
                                   TATTLER_SMTP_ADDRESS=sink.address,
                                   TATTLER_LEASE=str(LEASE_SECONDS))
        dura.kill9(first)
        job = self.wait_state(second, job_id, "delivered",
                              timeout=LEASE_SECONDS + 20)

        self.assert_sent_again_after_the_lease(job, lease_until, stall, sink)

    def test_a_slow_batch_is_sent_once_though_it_outlasts_one_lease(self):
        slow = dura.StallAfterData(answer_after=0.6)
        self.addCleanup(slow.stop)
        server = self.start_server(TATTLER_SMTP_ADDRESS=slow.address,
                                   TATTLER_SMTP_TIMEOUT="1",
                                   TATTLER_LEASE="2",
                                   TATTLER_DELIVERY_WORKERS="2")
        ids = [self.post(server, "slow%d@example.org" % i)
               for i in range(BATCH)]

        for job_id in ids:
            self.wait_state(server, job_id, "delivered", timeout=60)

        self.assertEqual(len(slow.messages), BATCH)
        self.assertEqual(len(set(slow.messages)), BATCH)


def stall_peer(test):
    """stall_peer - a peer that never answers DATA, stopped after the test."""
    stall = dura.StallAfterData()
    test.addCleanup(stall.stop)
    return stall


class Retention(Base):

    def test_finished_jobs_are_purged_after_the_retention_dead_ones_stay(self):
        peer = smtp_support.Peer(rcpt_replies={
            "refused@example.org": "550 5.1.1 user unknown",
            "later@example.org": "451 4.3.0 try again later"})
        self.addCleanup(peer.stop)
        # A first retry due up to a minute later, a maximum age of one
        # second: the temporary failure ends dead almost at once.
        server = self.start_server(TATTLER_SMTP_ADDRESS=peer.address,
                                   TATTLER_RETENTION="1",
                                   TATTLER_RETRY_FIRST_DELAY="60",
                                   TATTLER_RETRY_MAX_AGE="1")
        delivered = self.post(server, "zoe@example.org", dura.SYNC)
        failed = self.post(server, "refused@example.org", dura.SYNC)
        dead = self.post(server, "later@example.org", dura.SYNC)
        self.wait_state(server, dead, "dead")
        queue_dir = os.path.join(server.tmp, "var")

        gone = dura.wait_until(
            lambda: self.job(server, delivered) is None
            and self.job(server, failed) is None, timeout=20, interval=0.2)
        states = outbox_support.states(queue_dir=queue_dir)
        history = outbox_support.attempts(delivered, queue_dir=queue_dir)

        self.assertTrue(gone, server.log())
        r = server.request("GET", "/jobs/" + delivered)
        self.assertEqual(r.status, 404)
        self.assertEqual(r.reason, "Unknown job '%s'" % delivered)
        self.assertEqual(states, {"dead": 1})
        self.assertEqual(history, [])
        self.assertEqual(self.job(server, dead)["state"], "dead")


if __name__ == "__main__":
    unittest.main()
