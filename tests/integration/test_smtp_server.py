"""test_smtp_server - tattler_server delivering e-mail over real SMTP.

The real server (TATTLER_TRANSPORT=smtp) posts into an aiosmtpd peer: the
envelope follows the mode, the message parses back with Python's email
package, SMTP refusals and outages reach the NotificationJob detail, and
notifications share pooled connections.
"""
import email
import email.policy
import os
import shutil
import tempfile
import unittest

import harness
import smtp_support as smtp

TEMPLATES = {
    "billing/invoice/email/subject.txt": "Invoice {{ number }}",
    "billing/invoice/email/body.txt": "Total {{ total }}.\n",
}
USER = "a.b@x.org"
SENDER = "billing@example.org"


class ServerOverSmtp(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tattler-smtp-e2e-")
        self.base = harness.write_tree(os.path.join(self.tmp, "templates"),
                                       TEMPLATES)
        self.servers = []

    def tearDown(self):
        for server in self.servers:
            server.cleanup()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start_server(self, smtp_address, extra=None):
        """start_server - tattler_server sending through smtp_address."""
        env = {
            "TATTLER_TEMPLATE_BASE": self.base,
            "TATTLER_TRANSPORT": "smtp",
            "TATTLER_SMTP_ADDRESS": smtp_address,
            "TATTLER_SMTP_TIMEOUT": "5",
            "TATTLER_MASTER_MODE": "production",
            "TATTLER_EMAIL_SENDER": SENDER,
        }
        env.update(extra or {})
        server = harness.Server(env=env)
        self.servers.append(server)
        return server

    def notify(self, server, mode="production", number=42):
        """notify - POST the invoice event; returns (response, email job)."""
        path = ("/notification/billing/invoice/?user=%s&mode=%s"
                % (USER, mode))
        body = '{"number": %d, "total": "10 EUR"}' % number
        response = server.request("POST", path, body,
                                  {"Content-Type": "application/json"})
        self.assertEqual(response.status, 200, response.body)
        jobs = [j for j in response.json() if j["vector"] == "email"]
        self.assertEqual(len(jobs), 1, response.body)
        return response, jobs[0]

    def test_notification_arrives_and_parses_back(self):
        with smtp.Peer() as peer:
            server = self.start_server(peer.address)

            _, job = self.notify(server)
            server.stop()

        self.assertEqual(job["resultCode"], 0, job)
        self.assertEqual(len(peer.messages), 1)
        got = peer.messages[0]
        self.assertEqual(got["mail_from"], SENDER)
        self.assertEqual(got["rcpt_tos"], [USER])
        parsed = email.message_from_bytes(got["data"],
                                          policy=email.policy.default)
        self.assertEqual(parsed["Subject"], "Invoice 42")
        self.assertEqual(parsed["To"], USER)
        self.assertEqual(parsed.get_content().strip(), "Total 10 EUR.")

    def test_debug_mode_delivers_to_the_debug_recipient_only(self):
        with smtp.Peer() as peer:
            server = self.start_server(
                peer.address, {"TATTLER_DEBUG_RECIPIENT_EMAIL": "dbg@x.org"})

            _, job = self.notify(server, mode="debug")
            server.stop()

        self.assertEqual(job["resultCode"], 0, job)
        self.assertEqual(peer.messages[0]["rcpt_tos"], ["dbg@x.org"])
        parsed = email.message_from_bytes(peer.messages[0]["data"],
                                          policy=email.policy.default)
        self.assertEqual(parsed["To"], USER)

    def test_staging_mode_copies_the_supervisor(self):
        with smtp.Peer() as peer:
            server = self.start_server(
                peer.address,
                {"TATTLER_SUPERVISOR_RECIPIENT_EMAIL": "boss@x.org"})

            _, job = self.notify(server, mode="staging")
            server.stop()

        self.assertEqual(job["resultCode"], 0, job)
        self.assertEqual(sorted(peer.messages[0]["rcpt_tos"]),
                         ["a.b@x.org", "boss@x.org"])

    def test_refusal_by_the_smtp_server_reaches_the_job_detail(self):
        refuse = {USER: "550 5.1.1 user unknown"}
        with smtp.Peer(rcpt_replies=refuse) as peer:
            server = self.start_server(peer.address)

            _, job = self.notify(server)
            server.stop()

        self.assertEqual(job["resultCode"], 1, job)
        self.assertIn("550 5.1.1 user unknown", job["detail"])

    def test_smtp_server_down_reaches_the_job_detail(self):
        address = "127.0.0.1:%d" % harness.free_port()
        server = self.start_server(address)

        _, job = self.notify(server)

        self.assertEqual(job["resultCode"], 1, job)
        self.assertIn(address, job["detail"])

    def test_localhost_and_starttls_without_verification(self):
        tls = smtp.TlsMaterial()
        self.addCleanup(tls.cleanup)
        with smtp.Peer(tls_context=tls.server_context(),
                       require_starttls=True) as peer:
            server = self.start_server(
                "localhost:%d" % peer.port,
                {"TATTLER_SMTP_TLS": "yes", "TATTLER_SMTP_VERIFY": "no"})

            _, job = self.notify(server)
            server.stop()

        self.assertEqual(job["resultCode"], 0, job)
        self.assertTrue(peer.messages[0]["tls"])

    def test_notifications_share_pooled_connections(self):
        with smtp.Peer() as peer:
            server = self.start_server(peer.address)

            jobs = [self.notify(server, number=n)[1] for n in range(20)]
            server.stop()

        self.assertTrue(all(j["resultCode"] == 0 for j in jobs), jobs)
        self.assertEqual(len(peer.messages), 20)
        self.assertLessEqual(peer.connections, 4)


if __name__ == "__main__":
    unittest.main()
