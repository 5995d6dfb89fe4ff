"""test_mime - e-mails built by the compose layer, parsed back with
Python's email package: shapes, headers, payloads, encodings, errors.

Limits: messages are built by tattler_compose_check, not sent over SMTP
(the SMTP tests do that).
"""
import base64
import re
import unittest

from mime_support import PDF, PNG, compose, email_request, parse, text_of, tree

B64_PNG = base64.b64encode(PNG).decode()
B64_PDF = base64.b64encode(PDF).decode()


def build(**kwargs):
    """build - the parsed message and the raw answer for an e-mail request."""
    answer = compose(email_request(**kwargs))
    if not answer["ok"]:
        raise AssertionError(answer["error"])
    msg = parse(answer["data"])
    for part in msg.walk():
        if part.defects:
            raise AssertionError("parser defects %r" % part.defects)
        for name, value in part.items():
            if getattr(value, "defects", None):
                raise AssertionError("defects in %s: %r"
                                     % (name, value.defects))
    return msg, answer


class MimeShapes(unittest.TestCase):
    """The six MIME trees of tattler's message assembly."""

    def test_plain_only_is_single_text_part(self):
        msg, _ = build()
        self.assertEqual(tree(msg), "text/plain")
        self.assertEqual(text_of(msg), "plain part\n")

    def test_plain_with_attachment_is_mixed(self):
        msg, _ = build(attachments={"invoice.pdf": {"content_b64": B64_PDF}})
        self.assertEqual(tree(msg), ["multipart/mixed",
                                     ["text/plain", "application/pdf"]])

    def test_plain_and_html_is_alternative_html_last(self):
        msg, _ = build(html="<p>html part ONE</p>")
        self.assertEqual(tree(msg), ["multipart/alternative",
                                     ["text/plain", "text/html"]])

    def test_inline_image_makes_related_inside_alternative(self):
        msg, _ = build(html='<img src="cid:logo@local">',
                       attachments={"logo@local": {"content_b64": B64_PNG}})
        self.assertEqual(tree(msg), [
            "multipart/alternative",
            ["text/plain", ["multipart/related", ["text/html", "image/png"]]]])

    def test_html_with_attachment_is_mixed_around_alternative(self):
        msg, _ = build(html="<p>x</p>",
                       attachments={"invoice.pdf": {"content_b64": B64_PDF}})
        self.assertEqual(tree(msg), [
            "multipart/mixed",
            [["multipart/alternative", ["text/plain", "text/html"]],
             "application/pdf"]])

    def test_everything_nests_related_in_alternative_in_mixed(self):
        msg, _ = build(html='<img src="cid:logo@local">',
                       attachments={"logo@local": {"content_b64": B64_PNG},
                                    "invoice.pdf": {"content_b64": B64_PDF}})
        self.assertEqual(tree(msg), [
            "multipart/mixed",
            [["multipart/alternative",
              ["text/plain", ["multipart/related",
                              ["text/html", "image/png"]]]],
             "application/pdf"]])

    def test_inline_image_without_html_becomes_plain_attachment(self):
        msg, _ = build(attachments={"logo@local": {"content_b64": B64_PNG}})
        self.assertEqual(tree(msg), ["multipart/mixed",
                                     ["text/plain", "image/png"]])
        image = list(msg.iter_attachments())[0]
        self.assertIsNone(image["Content-ID"])
        self.assertEqual(image.get_filename(), "logo.png")


APPENDIX_A5 = """MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="B1"
From: sender@example.org
To: a.b@x.org
Date: DATE
Subject: att
Message-ID: <ID>

--B1
Content-Type: multipart/alternative;
 boundary="B2"

--B2
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 7bit

att plain

--B2
MIME-Version: 1.0
Content-Type: multipart/related;
 boundary="B3"

--B3
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: 7bit

<html><body><img src="cid:logo@local"></body></html>

--B3
Content-Type: image/png
Content-Transfer-Encoding: base64
Content-Disposition: inline; filename="logo.png"
Content-ID: <logo@local>
MIME-Version: 1.0

iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ

--B3--

--B2--

--B1
Content-Type: application/pdf
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="invoice.pdf"
MIME-Version: 1.0

JVBERi0xLjQK

--B1--
""".replace("\n", "\r\n")


APPENDIX_A4 = """MIME-Version: 1.0
Content-Type: multipart/alternative;
 boundary="B1"
From: sender@example.org
To: info@x.org
Date: DATE
Subject: Subj html
Message-ID: <ID>
X-Priority: 1

--B1
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 7bit

plain part

--B1
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: 7bit
MIME-Version: 1.0

<html><body><p>html part ONE</p></body></html>

--B1--
""".replace("\n", "\r\n")


def normalized(data):
    """normalized - data with boundaries, date and message id replaced."""
    boundaries = []
    for b in re.findall(r'boundary="([^"]+)"', data):
        if b not in boundaries:
            boundaries.append(b)
    for i, b in enumerate(boundaries):
        data = data.replace(b, "B%d" % (i + 1))
    data = re.sub(r"Date: [^\r]+", "Date: DATE", data)
    return re.sub(r"Message-ID: <[^>]+>", "Message-ID: <ID>", data)


class WireLayout(unittest.TestCase):
    """Byte layout as tattler's (Python's) generator writes it."""

    def test_attachment_sample_matches_appendix_byte_for_byte(self):
        _, answer = build(
            subject="att", text="att plain", to=["a.b@x.org"],
            html='<html><body><img src="cid:logo@local"></body></html>',
            attachments={
                "logo@local": {"content_b64": "iVBORw0KGgoAAAANSUhEUgAAAAEA"
                                              "AAABCAYAAAAfFcSJ"},
                "invoice.pdf": {"content_b64": "JVBERi0xLjQK"}})
        self.assertEqual(normalized(answer["data"]), APPENDIX_A5)


    def test_html_sample_matches_appendix_byte_for_byte(self):
        _, answer = build(
            subject="Subj html", text="plain part", priority="1",
            html="<html><body><p>html part ONE</p></body></html>")
        self.assertEqual(normalized(answer["data"]), APPENDIX_A4)


    def test_non_ascii_sample_matches_appendix(self):
        msg, answer = build(subject="Grüße Zürich 🙂", text="Späße Україна")
        data = answer["data"]
        self.assertIn("\r\nSubject: =?utf-8?b?R3LDvMOfZSBaw7xyaWNoIPCfmYI=?="
                      "\r\n", data)
        self.assertIn("Content-Transfer-Encoding: base64\r\n", data)
        self.assertIn("\r\n\r\nU3DDpMOfZSDQo9C60YDQsNGX0L3QsAo=\r\n", data)

    def test_mostly_ascii_subject_uses_readable_q_encoding(self):
        msg, answer = build(subject="Your order from Zürich is ready")
        self.assertIn("=?utf-8?q?", answer["data"])
        self.assertEqual(str(msg["Subject"]), "Your order from Zürich is ready")


class Headers(unittest.TestCase):
    """Header values decode to what was rendered."""

    def test_header_order_matches_tattler(self):
        _, answer = build(html="<p>x</p>", priority="1")
        head = answer["data"].split("\r\n\r\n", 1)[0]
        names = [line.split(":")[0] for line in head.split("\r\n")
                 if not line.startswith(" ")]
        self.assertEqual(names, ["MIME-Version", "Content-Type", "From", "To",
                                 "Date", "Subject", "Message-ID",
                                 "X-Priority"])

    def test_non_ascii_subject_round_trips(self):
        subject = "Große Zürich 🙂 Україна — ünïcödé"
        msg, answer = build(subject=subject)
        self.assertEqual(str(msg["Subject"]), subject)
        self.assertIn("=?utf-8?", answer["data"])

    def test_long_subject_is_folded_and_round_trips(self):
        subject = " ".join("word%d" % i for i in range(40))
        msg, answer = build(subject=subject)
        self.assertEqual(str(msg["Subject"]), subject)
        head = answer["data"].split("\r\n\r\n", 1)[0]
        for line in head.split("\r\n"):
            self.assertLessEqual(len(line), 78, line)

    def test_long_non_ascii_subject_round_trips(self):
        subject = "Bestätigung Ihrer Bestellung Nr. 12345 für Herrn Müller " * 3
        msg, _ = build(subject=subject.strip())
        self.assertEqual(str(msg["Subject"]), subject.strip())

    def test_display_name_sender_is_kept_in_from(self):
        msg, answer = build(sender="Acme Zürich <NoReply@Acme.com>")
        self.assertEqual(msg["From"].addresses[0].display_name, "Acme Zürich")
        self.assertEqual(msg["From"].addresses[0].addr_spec,
                         "noreply@acme.com")
        self.assertEqual(answer["sender"], "noreply@acme.com")
        self.assertTrue(msg["Message-ID"].endswith("@acme.com>"))

    def test_to_shows_real_recipients_envelope_is_separate(self):
        msg, answer = build(to=["a@x.org", "b@y.org"], envelope=["dbg@z.org"])
        self.assertEqual([a.addr_spec for a in msg["To"].addresses],
                         ["a@x.org", "b@y.org"])
        self.assertEqual(answer["recipients"], ["dbg@z.org"])

    def test_many_recipients_fold_and_round_trip(self):
        to = ["recipient.number.%d@some-long-domain.example.org" % i
              for i in range(12)]
        msg, answer = build(to=to)
        self.assertEqual([a.addr_spec for a in msg["To"].addresses], to)
        head = answer["data"].split("\r\n\r\n", 1)[0]
        for line in head.split("\r\n"):
            self.assertLessEqual(len(line), 78)

    def test_date_is_utc_and_message_id_uses_sender_domain(self):
        msg, answer = build()
        self.assertRegex(msg["Date"], r"\+0000$")
        self.assertEqual(msg["Message-ID"], "<%s>" % answer["message_id"])
        self.assertRegex(answer["message_id"],
                         r"^[0-9a-f-]{36}@example\.org$")

    def test_priorities(self):
        for raw, expected in (("1", "1"), ("5\n", "5"), ("true", "1")):
            msg, _ = build(priority=raw)
            self.assertEqual(msg["X-Priority"], expected)
        msg, _ = build()
        self.assertIsNone(msg["X-Priority"])
        answer = compose(email_request(priority="7"))
        self.assertEqual(answer["error"], "Invalid priority '7', values are "
                         "{ None, [1, 2, 3, 4, 5] }, 1 highest.")

    def test_header_injection_is_refused_naming_the_header(self):
        cases = [({"subject": "Hi\r\nBcc: evil@x.org"}, "Subject"),
                 ({"to": ["a@x.org\nBcc: evil@x.org"]}, "To"),
                 ({"sender": "s@x.org\r\nBcc: e@x.org"}, "From")]
        for kwargs, header in cases:
            answer = compose(email_request(**kwargs))
            self.assertFalse(answer["ok"])
            self.assertIn("'%s'" % header, answer["error"])


class Payloads(unittest.TestCase):
    """Bodies and attachments come back byte-identical."""

    def test_non_ascii_bodies_round_trip(self):
        text = "Späße in Zürich\nУкраїна 🙂\n"
        html = "<p>Grüße — <b>ünïcödé</b> 🙂</p>\n"
        msg, answer = build(text=text, html=html)
        plain, rich = msg.get_payload()
        self.assertEqual(text_of(plain), text)
        self.assertEqual(text_of(rich), html)
        self.assertEqual(plain["Content-Transfer-Encoding"], "base64")

    def test_wire_is_seven_bit_with_crlf_and_short_lines(self):
        _, answer = build(subject="Ünïcödé", text="ü" * 300 + "\n" + "a" * 500,
                          html="<p>" + "é" * 1000 + "</p>",
                          attachments={"é.pdf": {"content_b64": B64_PDF}})
        data = answer["data"]
        data.encode("ascii")
        self.assertNotRegex(data, r"(?<!\r)\n")
        for line in data.split("\r\n"):
            self.assertLessEqual(len(line), 78)

    def test_long_ascii_lines_use_quoted_printable_and_round_trip(self):
        text = ("a" * 200 + " trailing \n") * 3 + "x=y\n"
        msg, _ = build(text=text)
        self.assertEqual(msg["Content-Transfer-Encoding"], "quoted-printable")
        self.assertEqual(text_of(msg), text)

    def test_body_gets_final_newline_and_line_ends_normalized(self):
        msg, _ = build(text="a\r\nb\rc")
        self.assertEqual(text_of(msg), "a\nb\nc\n")

    def test_attachments_are_byte_identical_with_headers(self):
        msg, _ = build(html='<img src="cid:logo@local">',
                       attachments={"logo@local": {"content_b64": B64_PNG},
                                    "invoice.pdf": {"content_b64": B64_PDF}})
        related = msg.get_payload()[0].get_payload()[1]
        image = related.get_payload()[1]
        self.assertEqual(image.get_content(), PNG)
        self.assertEqual(image["Content-ID"], "<logo@local>")
        self.assertEqual(image.get_content_disposition(), "inline")
        pdf = msg.get_payload()[1]
        self.assertEqual(pdf.get_content(), PDF)
        self.assertEqual(pdf.get_filename(), "invoice.pdf")
        self.assertEqual(pdf.get_content_disposition(), "attachment")

    def test_non_ascii_and_long_file_names_round_trip(self):
        names = ["Rechnung März.pdf", "é" * 60 + ".pdf",
                 "a very long plain ascii file name " * 3 + ".pdf",
                 'quote " and semi;colon ' * 4 + ".pdf"]
        for name in names:
            msg, answer = build(attachments={name: {"content_b64": B64_PDF}})
            for line in answer["data"].split("\r\n"):
                self.assertLessEqual(len(line), 78)
            attachment = list(msg.iter_attachments())[0]
            self.assertEqual(attachment.get_filename(), name)
            self.assertEqual(attachment.get_content(), PDF)

    def test_text_attachment_has_no_charset_parameter(self):
        msg, _ = build(attachments={"notes.txt": {"content_b64":
                                                  base64.b64encode(b"hi\n")
                                                  .decode()}})
        attachment = list(msg.iter_attachments())[0]
        self.assertEqual(attachment["Content-Type"], "text/plain")
        self.assertEqual(attachment.get_payload(decode=True), b"hi\n")


class RoundTrip(unittest.TestCase):
    """Seeded random bodies and subjects survive every encoding."""

    def test_random_texts_round_trip(self):
        import random
        rng = random.Random(20261203)
        alphabet = (["a", "b", " ", "  ", "\t", "=", ".", "-", "é", "ü",
                     "€", "🙂", "Ж", "\n", "=?", "?="] + ["word"] * 8)
        for i in range(25):
            length = rng.choice([5, 40, 90, 300, 1000])
            text = "".join(rng.choice(alphabet) for _ in range(length))
            text = text if text.endswith("\n") else text + "\n"
            subject = "".join(rng.choice(alphabet[:-4])
                              for _ in range(rng.choice([3, 30, 120])))
            subject = " ".join(subject.replace("\n", " ").split())
            with self.subTest(i=i):
                msg, _ = build(subject=subject, text=text, html=text)
                plain, rich = msg.get_payload()
                self.assertEqual(text_of(plain), text)
                self.assertEqual(text_of(rich), text)
                self.assertEqual(str(msg["Subject"]), subject)


class AutoText(unittest.TestCase):
    """A missing plain part is made from the HTML."""

    def test_html_without_text_gets_readable_plain_part(self):
        html = ("<html><head><style>p{color:red}</style></head><body>"
                "<h1>Welcome</h1><p>Read <a href=\"https://x.org/d\">the "
                "docs</a>.</p><ul><li>one</li><li>two</li></ul>"
                "<table><tr><td>Tea</td><td>3</td></tr></table></body></html>")
        msg, _ = build(text=None, html=html)
        plain, rich = msg.get_payload()
        self.assertEqual(text_of(plain),
                         "Welcome\n\nRead the docs (https://x.org/d).\n\n"
                         "- one\n- two\n\nTea | 3\n")
        self.assertEqual(text_of(rich), html + "\n")


if __name__ == "__main__":
    unittest.main()
