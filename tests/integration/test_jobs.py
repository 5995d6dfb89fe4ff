"""test_jobs - durable delivery seen through the HTTP API.

The real tattler_server with its SQLite outbox: health and readiness,
"Prefer: respond-async" answered 202 before delivery, GET /jobs/<id> with
state and attempts, the retry endpoint, and an SMTP outage that the outbox
rides out (the job stays queued, then is delivered once the server is
back).
"""
import time
import unittest

import harness
import smtp_support as smtp

TEMPLATES = {
    "app/hello/email/subject.txt": "Hello {{ n }}",
    "app/hello/email/body.txt": "Body {{ n }}\n",
}
USER = "zoe.doe@example.org"
ASYNC = {"Content-Type": "application/json", "Prefer": "respond-async"}
SYNC = {"Content-Type": "application/json"}


class Jobs(harness.CaptureServerCase):

    TEMPLATES = TEMPLATES


    def post(self, headers, n=1):
        path = "/notification/app/hello/?user=%s&mode=production" % USER
        return self.server.request("POST", path, '{"n": %d}' % n, headers)

    def job(self, job_id):
        return self.server.request("GET", "/jobs/" + job_id)

    def wait_state(self, job_id, state, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r = self.job(job_id)
            if r.status == 200 and r.json()["state"] == state:
                return r.json()
            time.sleep(0.05)
        self.fail("job %s never reached %s: %s" % (job_id, state,
                                                    self.job(job_id).body))

    def test_health_and_readiness_answer_json(self):
        self.start()

        health = self.server.request("GET", "/healthz")
        ready = self.server.request("GET", "/readyz")

        self.assertEqual(health.status, 200)
        self.assertEqual(health.json(), {"status": "ok"})
        self.assertEqual(ready.status, 200)
        self.assertEqual(ready.json()["store"], "sqlite")

    def test_respond_async_answers_202_then_the_job_is_delivered(self):
        self.start()

        r = self.post(ASYNC)

        self.assertEqual(r.status, 202, r.reason)
        [line] = r.json()
        self.assertEqual(list(line), ["id", "vector", "resultCode", "result",
                                      "detail"])
        self.assertEqual(line["result"], "queued")
        job = self.wait_state(line["id"], "delivered")
        self.assertEqual(job["vector"], "email")
        self.assertEqual([a["outcome"] for a in job["attempts"]],
                         ["delivered"])
        self.assertIsNone(job["nextAttemptAt"])

    def test_default_answer_reports_the_first_attempt(self):
        self.start()

        r = self.post(SYNC)

        self.assertEqual(r.status, 200)
        [line] = r.json()
        self.assertEqual((line["resultCode"], line["result"], line["detail"]),
                         (0, "success", "OK"))
        self.assertEqual(self.job(line["id"]).json()["state"], "delivered")

    def test_unknown_job_is_404_with_reason(self):
        self.start()

        r = self.job("email:nope")

        self.assertEqual(r.status, 404)
        self.assertEqual(r.reason, "Unknown job 'email:nope'")

    def test_delivered_job_cannot_be_retried(self):
        self.start()
        [line] = self.post(SYNC).json()

        r = self.server.request("POST", "/jobs/%s/retry" % line["id"])

        self.assertEqual(r.status, 409)

    def test_wrong_method_on_a_job_is_405_with_allow(self):
        self.start()

        r = self.server.request("DELETE", "/jobs/email:x")

        self.assertEqual(r.status, 405)
        self.assertEqual(r.header("Allow"), "GET")

    def test_permanent_failure_is_failed_and_can_be_retried(self):
        with smtp.Peer(rcpt_replies={USER: "550 5.1.1 user unknown"}) as peer:
            self.start(TATTLER_TRANSPORT="smtp",
                       TATTLER_SMTP_ADDRESS=peer.address,
                       TATTLER_SMTP_TIMEOUT="5")

            [line] = self.post(SYNC).json()
            failed = self.job(line["id"]).json()
            retried = self.server.request("POST",
                                          "/jobs/%s/retry" % line["id"])

        self.assertEqual(line["resultCode"], 1)
        self.assertIn("550", line["detail"])
        self.assertEqual(failed["state"], "failed")
        self.assertEqual(retried.status, 200, retried.reason)
        self.assertIn(retried.json()["state"], ("queued", "sending", "failed"))

    def test_smtp_outage_is_ridden_out_by_the_outbox(self):
        port = self.start_with_smtp_down()

        [line] = self.post(SYNC).json()
        queued = self.job(line["id"]).json()
        with smtp.Peer(port=port) as peer:
            delivered = self.wait_state(line["id"], "delivered", timeout=30)

        self.assertEqual(line["resultCode"], 1)
        self.assertTrue(line["detail"].startswith("Queued for retry: "),
                        line["detail"])
        self.assertIn(queued["state"], ("queued", "sending"))
        self.assertEqual(len(peer.messages), 1)
        outcomes = [a["outcome"] for a in delivered["attempts"]]
        self.assertEqual(outcomes[-1], "delivered")
        self.assertEqual(outcomes[0], "temporary")


if __name__ == "__main__":
    unittest.main()
