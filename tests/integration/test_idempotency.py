"""test_idempotency - Idempotency-Key on POST against the real server.

A repeat of a request under the same key gets the first answer byte for
byte (with Idempotent-Replayed: true) and creates nothing: no new job in
the outbox, no new message at the SMTP server. The same key with another
request is 422, a malformed key 400, a repeat while the first request
still waits for its answer 409. The first answer survives a restart. Every
case runs on both stores: SQLite and PostgreSQL (a server of our own).
"""
import os
import shutil
import signal
import tempfile
import threading
import time
import unittest

import harness
import outbox_support as outbox
import pg_support
import smtp_support as smtp

TEMPLATES = {
    "app/hello/email/subject.txt": "Hello {{ n }}",
    "app/hello/email/body.txt": "Body {{ n }}\n",
}
USER = "zoe.doe@example.org"
PATH = "/notification/app/hello/?user=%s&mode=production" % USER
JSON = {"Content-Type": "application/json"}


class IdempotencyCases:
    """The cases; subclasses say which store the server uses."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tattler-idem-")
        self.base = harness.write_tree(os.path.join(self.tmp, "t"),
                                       TEMPLATES)
        self.server = None
        self.smtp = harness.SmtpCapture()

    def tearDown(self):
        if self.server:
            self.server.cleanup()
        self.smtp.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start(self, **extra):
        env = {"TATTLER_TEMPLATE_BASE": self.base,
               "TATTLER_TRANSPORT": "smtp",
               "TATTLER_SMTP_ADDRESS": self.smtp.address,
               "TATTLER_MASTER_MODE": "production",
               "TATTLER_QUEUE_DIR": os.path.join(self.tmp, "var")}
        env.update(self.store_env())
        env.update(extra)
        self.server = harness.Server(env=env)
        return self.server

    def post(self, key, n=1, extra=None):
        headers = dict(JSON)
        if key is not None:
            headers["Idempotency-Key"] = key
        headers.update(extra or {})
        return self.server.request("POST", PATH, '{"n": %d}' % n, headers)

    def post_ignoring_errors(self, key):
        """post_ignoring_errors - a POST whose server may be killed."""
        try:
            self.post(key)
        except OSError:
            pass

    def job_count(self):
        return sum(self.states().values())

    def test_repeat_gets_the_first_answer_and_sends_nothing_new(self):
        self.start()

        first = self.post("order-1")
        self.assertTrue(self.smtp.wait_for(1))
        again = self.post("order-1")
        time.sleep(0.3)  # room for a (wrong) second delivery to show up

        self.assertEqual(first.status, 200, first.body)
        self.assertEqual(first.json()[0]["resultCode"], 0)
        self.assertEqual(again.status, first.status)
        self.assertEqual(again.body, first.body)
        self.assertEqual(again.header("Idempotent-Replayed"), "true")
        self.assertIsNone(first.header("Idempotent-Replayed"))
        self.assertEqual(self.job_count(), 1)
        self.assertEqual(len(self.smtp.messages), 1)

    def test_retry_with_a_new_correlation_id_is_the_same_request(self):
        self.start()
        path = PATH + "&correlationId=client:%d"

        first = self.server.request("POST", path % 1, '{"n": 1}',
                                    dict(JSON, **{"Idempotency-Key": "c"}))
        again = self.server.request("POST", path % 2, '{"n": 1}',
                                    dict(JSON, **{"Idempotency-Key": "c"}))

        self.assertEqual(again.status, 200)
        self.assertEqual(again.body, first.body)
        self.assertEqual(self.job_count(), 1)

    def test_quoted_key_is_the_same_key(self):
        self.start()

        first = self.post("order-q")
        again = self.post('"order-q"')

        self.assertEqual(again.body, first.body)
        self.assertEqual(self.job_count(), 1)

    def test_same_key_with_another_body_is_422(self):
        self.start()

        self.post("order-2", n=1)
        other = self.post("order-2", n=2)

        self.assertEqual(other.status, 422)
        self.assertEqual(other.reason,
                         "Idempotency-Key was already used for a different "
                         "request")
        self.assertEqual(self.job_count(), 1)

    def test_malformed_keys_are_400_saying_what_is_wrong(self):
        self.start()
        cases = {"": "Idempotency-Key is empty",
                 "k" * 256: "Idempotency-Key is longer than 255 characters",
                 "a\tb": "Idempotency-Key contains control characters"}

        for key, reason in cases.items():
            r = self.post(key)

            self.assertEqual(r.status, 400, key)
            self.assertEqual(r.reason, reason)
            self.assertEqual(r.json()["error"], reason)
        # Other control characters never reach the API: the HTTP parser
        # refuses the header line itself, also with a 400.
        self.assertEqual(self.post("a\x01b").status, 400)
        self.assertEqual(self.job_count(), 0)

    def test_requests_without_key_are_not_deduplicated(self):
        self.start()

        self.post(None)
        self.post(None)

        self.assertEqual(self.job_count(), 2)

    def test_first_answer_survives_a_restart(self):
        server = self.start()
        first = self.post("order-3", extra={"Prefer": "respond-async"})
        self.assertTrue(self.smtp.wait_for(1))

        self.assertEqual(server.stop(), 0)
        server.start()
        again = self.post("order-3", extra={"Prefer": "respond-async"})

        self.assertEqual(first.status, 202)
        self.assertEqual(again.status, 202)
        self.assertEqual(again.body, first.body)
        self.assertEqual(again.header("Idempotent-Replayed"), "true")
        self.assertEqual(self.job_count(), 1)
        self.assertEqual(len(self.smtp.messages), 1)

    def test_repeat_while_the_first_waits_is_409(self):
        with smtp.StallServer() as stall:
            self.start(TATTLER_SMTP_ADDRESS=stall.address,
                       TATTLER_SMTP_TIMEOUT="3",
                       TATTLER_ANSWER_TIMEOUT="2")
            answers = {}
            first = threading.Thread(
                target=lambda: answers.update(first=self.post("order-4")))
            first.start()
            deadline = time.monotonic() + 10
            while self.job_count() == 0 and time.monotonic() < deadline:
                time.sleep(0.02)

            busy = self.post("order-4")
            first.join(30)

        self.assertEqual(busy.status, 409)
        self.assertEqual(busy.reason, "request with this Idempotency-Key is "
                                      "still in progress")
        self.assertEqual(busy.header("Retry-After"), "1")
        self.assertEqual(answers["first"].status, 200)
        self.assertEqual(self.job_count(), 1)

    def test_first_request_killed_before_its_answer_is_answered_from_jobs(self):
        with smtp.StallServer() as stall:
            server = self.start(TATTLER_SMTP_ADDRESS=stall.address,
                                TATTLER_SMTP_TIMEOUT="20",
                                TATTLER_ANSWER_TIMEOUT="1")
            threading.Thread(target=self.post_ignoring_errors,
                             args=("order-5",), daemon=True).start()
            deadline = time.monotonic() + 10
            while self.job_count() == 0 and time.monotonic() < deadline:
                time.sleep(0.01)
            server.stop(signal.SIGKILL)
        stored_at = time.monotonic()

        server.start()
        early = self.post("order-5")
        time.sleep(max(0, stored_at + 1 + 10.5 - time.monotonic()))
        late = self.post("order-5")

        self.assertEqual(early.status, 409)
        self.assertEqual(late.status, 200, late.body)
        self.assertEqual(late.header("Idempotent-Replayed"), "true")
        [line] = late.json()
        self.assertTrue(line["id"].startswith("email:"))
        self.assertEqual(self.job_count(), 1)


class OnSqlite(IdempotencyCases, unittest.TestCase):

    def store_env(self):
        return {}

    def states(self):
        return outbox.states(queue_dir=os.path.join(self.tmp, "var"))


@unittest.skipUnless(pg_support.available(), "PostgreSQL is not installed")
class OnPostgres(IdempotencyCases, unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.pg = pg_support.PgInstance()
        cls.databases = 0

    @classmethod
    def tearDownClass(cls):
        cls.pg.stop()

    def store_env(self):
        if not hasattr(self, "db"):
            OnPostgres.databases += 1
            self.db = "idem%d" % OnPostgres.databases
            self.url = self.pg.create_database(self.db)
        return {"TATTLER_QUEUE_URL": self.url}

    def states(self):
        return outbox.states(pg=self.pg, db=self.db)


if __name__ == "__main__":
    unittest.main()
