"""test_mime_attachments - `_attachments` through the compose layer: base64
and URL sources against a local http.server (redirects, 404, too big,
stalled), the SSRF guard, and tattler's error messages.

Limits: no HTTPS server (certificate checks are libcurl's defaults); the
guard is tested with loopback addresses only.
"""
import base64
import unittest

from mime_support import PDF, PNG, FileServer, compose, email_request, parse


def load(attachments, **options):
    """load - the answer for loading attachments with options."""
    return compose({"kind": "attachments", "attachments": attachments,
                    "options": options})


class UrlAttachments(unittest.TestCase):
    """URLs are fetched with tattler's limits."""

    def setUp(self):
        self.server = FileServer()
        self.addCleanup(self.server.stop)

    def test_url_is_fetched_with_tattler_user_agent(self):
        answer = load({"doc.pdf": {"url": self.server.url("/file.pdf")}})
        self.assertTrue(answer["ok"], answer)
        got = answer["attachments"][0]
        self.assertEqual(base64.b64decode(got["bytes_b64"]), PDF)
        self.assertEqual(got["content_type"], "application/pdf")
        self.assertEqual(self.server.seen[0][1].get("User-Agent"), "tattler")

    def test_inline_image_from_url_is_sniffed(self):
        answer = load({"logo@local": {"url": self.server.url("/logo")}})
        self.assertTrue(answer["ok"], answer)
        self.assertEqual(answer["attachments"][0]["content_type"],
                         "image/png")
        self.assertEqual(answer["attachments"][0]["filename"], "logo.png")

    def test_five_redirects_are_followed(self):
        answer = load({"doc.pdf": {"url": self.server.url("/hop/4")}})
        self.assertTrue(answer["ok"], answer)
        self.assertEqual(len(self.server.seen), 6)

    def test_six_redirects_are_too_many(self):
        url = self.server.url("/hop/5")
        answer = load({"doc.pdf": {"url": url}})
        self.assertEqual(answer["error"], "Too many redirects fetching " + url)

    def test_not_found_names_the_status(self):
        url = self.server.url("/missing")
        answer = load({"doc.pdf": {"url": url}})
        self.assertEqual(answer["error"],
                         "Fetch of %s returned HTTP 404" % url)

    def test_body_over_the_cap_is_refused_while_streaming(self):
        url = self.server.url("/big")
        answer = load({"doc.pdf": {"url": url}}, max_total_bytes=100000)
        self.assertEqual(answer["error"],
                         "Attachment from %s exceeded 100000 bytes" % url)

    def test_url_gets_only_what_earlier_attachments_left(self):
        first = base64.b64encode(b"a" * 99000).decode()
        url = self.server.url("/file.pdf")
        answer = load({"a.txt": {"content_b64": first},
                       "doc.pdf": {"url": url}}, max_total_bytes=99010)
        self.assertEqual(answer["error"],
                         "Attachment from %s exceeded 10 bytes" % url)

    def test_stalled_transfer_times_out(self):
        answer = load({"doc.pdf": {"url": self.server.url("/stall")}},
                      stall_timeout_ms=1000)
        self.assertFalse(answer["ok"])
        self.assertIn("Fetch of", answer["error"])

    def test_guard_refuses_loopback_addresses(self):
        answer = load({"doc.pdf": {"url": self.server.url("/file.pdf")}},
                      block_private_addresses=True)
        self.assertFalse(answer["ok"])
        self.assertIn("internal", answer["error"])
        self.assertEqual(self.server.seen, [])

    def test_guard_checks_redirect_targets_too(self):
        answer = load({"doc.pdf": {"url": "http://localhost:%d/hop/1"
                                   % self.server.port}},
                      block_private_addresses=True)
        self.assertFalse(answer["ok"])
        self.assertEqual(self.server.seen, [])

    def test_fetched_attachment_lands_in_the_email(self):
        answer = compose(email_request(
            attachments={"doc.pdf": {"url": self.server.url("/file.pdf")}}))
        msg = parse(answer["data"])
        self.assertEqual(list(msg.iter_attachments())[0].get_content(), PDF)

    def test_connection_refused_is_an_error(self):
        port = self.server.port
        self.server.stop()
        answer = load({"doc.pdf": {"url": "http://127.0.0.1:%d/x" % port}})
        self.assertFalse(answer["ok"])
        self.assertIn("Fetch of", answer["error"])


class AttachmentErrors(unittest.TestCase):
    """tattler's messages for bad `_attachments`."""

    def test_messages(self):
        png = base64.b64encode(PNG).decode()
        cases = [
            ([1], "Attachments must be a dict"),
            ({"a.pdf": "x"}, "Attachment 'a.pdf': must be an object"),
            ({"a.pdf": {}}, "Attachment 'a.pdf': must specify exactly one of "
             "'url', 'content_b64', 'content_bytes'"),
            ({"a.pdf": {"content_b64": "a b"}},
             "Attachment 'a.pdf': invalid base64: Only base64 data is "
             "allowed"),
            ({"a.pdf": {"content_b64": "YQ"}},
             "Attachment 'a.pdf': invalid base64: Incorrect padding"),
            ({"a/b.pdf": {"content_b64": ""}},
             "Attachment 'a/b.pdf': invalid filename 'a/b.pdf'"),
            ({"x y@z": {"content_b64": png}},
             "Attachment 'x y@z': 'cid' contains invalid characters"),
            ({"a.gz": {"content_b64": ""}},
             "Attachment 'a.gz': cannot determine content type for 'a.gz'; "
             "rename with a recognized extension"),
            ({"x@y": {"content_b64": "aGk="}},
             "Attachment 'x@y': could not detect image type from content; "
             "supported inline formats are PNG, JPEG, GIF, WebP, SVG"),
            ({"a.pdf": {"url": "file:///etc/passwd"}},
             "URL scheme 'file' not supported; use http or https."),
            ({"a.pdf": {"url": "http:///nohost"}},
             "URL missing host: http:///nohost"),
        ]
        for spec, error in cases:
            with self.subTest(spec=spec):
                self.assertEqual(load(spec).get("error"), error)

    def test_base64_errors_match_python(self):
        import binascii
        for text in ("a b", "YQ", "YQ==YQ==", "=YQ", "YWJjZ", "YQ=a"):
            try:
                base64.b64decode(text, validate=True)
                expected = None
            except binascii.Error as e:
                expected = "Attachment 'a.txt': invalid base64: %s" % e
            with self.subTest(text=text):
                self.assertEqual(load({"a.txt": {"content_b64": text}})
                                 .get("error"), expected)

    def test_total_cap(self):
        big = base64.b64encode(b"x" * 7340033).decode()
        self.assertEqual(load({"a.txt": {"content_b64": big}})["error"],
                         "Attachments exceed total cap of 7340032 bytes")

    def test_empty_spec_means_no_attachments(self):
        self.assertEqual(load({})["attachments"], [])
        self.assertEqual(load(None)["attachments"], [])


if __name__ == "__main__":
    unittest.main()
