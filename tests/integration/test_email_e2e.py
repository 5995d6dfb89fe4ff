"""test_email_e2e - whole e-mails from POST to a real SMTP server.

The real tattler_server (TATTLER_TRANSPORT=smtp) delivers into an aiosmtpd
peer; each message is parsed back with Python's email package
(policy.default). Covered: the MIME shapes with attachments and inline
images (payloads byte-identical to what was posted), non-ASCII subject and
body, X-Priority from priority.txt and from the request, auto-text for an
HTML-only event, modes (debug, staging) and the blacklist.
"""
import base64
import email
import email.policy
import os
import shutil
import tempfile
import unittest

import harness
import smtp_support as smtp

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806"
                    "0000001f15c4890000000d49444154789c63f8cfc0f01f0005"
                    "0001ff89993d1d0000000049454e44ae426082")
PDF = b"%PDF-1.4\n% test document\n" + bytes(range(256))

TEMPLATES = {
    "shop/order/email/subject.txt": "Grüße zur Bestellung {{ number }}",
    "shop/order/email/body.txt": "Hallo {{ user_firstname }}, Größe {{ size }}.\n",
    "shop/order/email/body.html":
        '<p>Hallo <b>{{ user_firstname }}</b></p><img src="cid:logo@shop">\n',
    "shop/order/email/priority.txt": "2\n",
    "shop/htmlonly/email/subject.txt": "Only HTML",
    "shop/htmlonly/email/body.html":
        '<h1>News</h1><ul><li>one</li><li>two</li></ul>'
        '<p>See <a href="https://shop.example/n">the news</a></p>\n',
}
USER = "anna.meier@kunde.example"
SENDER = "Shop <noreply@shop.example>"


def parse(message):
    """parse - the message as Python's email package reads it."""
    return email.message_from_bytes(message["data"],
                                    policy=email.policy.default)


class EmailEndToEnd(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tattler-email-e2e-")
        self.base = harness.write_tree(os.path.join(self.tmp, "t"),
                                       TEMPLATES)
        self.peer = smtp.Peer()
        self.server = None

    def tearDown(self):
        if self.server:
            self.server.cleanup()
        self.peer.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start(self, **extra):
        env = {"TATTLER_TEMPLATE_BASE": self.base,
               "TATTLER_TRANSPORT": "smtp",
               "TATTLER_SMTP_ADDRESS": self.peer.address,
               "TATTLER_SMTP_TIMEOUT": "5",
               "TATTLER_MASTER_MODE": "production",
               "TATTLER_EMAIL_SENDER": SENDER}
        env.update(extra)
        self.server = harness.Server(env=env)

    def post(self, event, body="{}", query=""):
        path = "/notification/shop/%s/?user=%s&mode=production%s" % (
            event, USER, query)
        response = self.server.request("POST", path, body.encode("utf-8"),
                                       {"Content-Type": "application/json"})
        self.assertEqual(response.status, 200, response.reason)
        return response.json()

    def test_attachments_and_inline_image_arrive_byte_identical(self):
        self.start()
        body = ('{"number": 7, "size": "XL", "_attachments": {'
                '"logo@shop": {"content_b64": "%s"},'
                '"Rechnung März.pdf": {"content_b64": "%s"}}}'
                % (base64.b64encode(PNG).decode(),
                   base64.b64encode(PDF).decode()))

        jobs = self.post("order", body)

        self.assertEqual(jobs[0]["resultCode"], 0, jobs)
        self.assertEqual(len(self.peer.messages), 1)
        msg = parse(self.peer.messages[0])
        self.assertEqual(msg.get_content_type(), "multipart/mixed")
        alternative, attachment = msg.get_payload()
        plain, related = alternative.get_payload()
        html, image = related.get_payload()
        self.assertEqual(plain.get_content(),
                         "Hallo Anna, Größe XL.\n")
        self.assertIn("<b>Anna</b>", html.get_content())
        self.assertEqual(image.get_content_type(), "image/png")
        self.assertEqual(image["Content-ID"], "<logo@shop>")
        self.assertEqual(image.get_content(), PNG)
        self.assertEqual(attachment.get_filename(), "Rechnung März.pdf")
        self.assertEqual(attachment.get_content(), PDF)
        self.assertEqual(msg["Subject"], "Grüße zur Bestellung 7")
        self.assertEqual(msg["X-Priority"], "2")
        self.assertEqual(msg["From"].addresses[0].display_name, "Shop")
        self.assertTrue(self.peer.messages[0]["data"].isascii())

    def test_request_priority_overrides_priority_file(self):
        self.start()

        self.post("order", '{"number": 1}', "&priority=5")

        self.assertEqual(parse(self.peer.messages[0])["X-Priority"], "5")

    def test_html_only_event_gets_a_readable_text_part(self):
        self.start()

        jobs = self.post("htmlonly")

        self.assertEqual(jobs[0]["resultCode"], 0, jobs)
        plain, html = parse(self.peer.messages[0]).get_payload()
        text = plain.get_content()
        self.assertIn("News", text)
        self.assertIn("one", text)
        self.assertIn("the news (https://shop.example/n)", text)
        self.assertEqual(html.get_content_type(), "text/html")

    def test_debug_mode_sends_to_debug_recipient_with_real_to_header(self):
        self.start(TATTLER_MASTER_MODE="debug",
                   TATTLER_DEBUG_RECIPIENT_EMAIL="qa@shop.example")

        self.post("order", '{"number": 1}')

        got = self.peer.messages[0]
        self.assertEqual(got["rcpt_tos"], ["qa@shop.example"])
        self.assertEqual(str(parse(got)["To"]), USER)

    def test_staging_mode_adds_the_supervisor(self):
        self.start(TATTLER_MASTER_MODE="staging",
                   TATTLER_SUPERVISOR_RECIPIENT_EMAIL="boss@shop.example")

        self.post("order", '{"number": 1}', "&mode=staging")

        self.assertEqual(sorted(self.peer.messages[0]["rcpt_tos"]),
                         sorted([USER, "boss@shop.example"]))

    def test_debug_mode_without_debug_recipient_says_nothing_was_sent(self):
        self.start(TATTLER_MASTER_MODE="debug")

        jobs = self.post("order", '{"number": 1}')

        self.assertEqual(jobs[0]["resultCode"], 0, jobs)
        self.assertIn("Nothing sent", jobs[0]["detail"])
        self.assertEqual(self.peer.messages, [])

    def test_blacklisted_recipient_gets_nothing_whatever_the_case(self):
        blacklist = os.path.join(self.tmp, "blacklist.txt")
        with open(blacklist, "w") as f:
            f.write("# blocked\nAnna.Meier@Kunde.Example\n")
        self.start(TATTLER_BLACKLIST_PATH=blacklist)

        jobs = self.post("order", '{"number": 1}')

        self.assertIn("Nothing sent", jobs[0]["detail"])
        self.assertEqual(self.peer.messages, [])


if __name__ == "__main__":
    unittest.main()
