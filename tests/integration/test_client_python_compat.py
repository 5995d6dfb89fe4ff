"""test_client_python_compat - what tattler's own Python client expects of
the server, checked against ours.

tattler's Python client is not installed here; these tests make the very
requests its TattlerClientHTTP makes (urllib, quote_plus'ed query in its
parameter order, serialize_json body with ", " separators and ^tattler^
typed strings) and check what it relies on in the answers: JSON lists for
the listings, a NotificationJob list with resultCode 0, and the server's
message as the HTTPError reason.

Limits: the requests are rebuilt from tattler's client source, not made by
that client itself (it is not installed here).
"""
import json
import shutil
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid

import client_support as cs


class PythonClientExpectations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tattler-pycompat-it-")
        cls.server = cs.start_server(cls.tmp)
        cls.base = "http://127.0.0.1:%d" % cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def get_json(self, path):
        with urllib.request.urlopen(self.base + path, timeout=30) as r:
            return json.loads(r.read())

    def do_send(self, event, context=None, priority=False, vectors=None):
        """do_send - the request tattler's TattlerClientHTTP.do_send makes."""
        params = {"user": cs.RECIPIENT}
        if vectors:
            params["vector"] = ",".join(sorted(vectors))
        params["correlationId"] = "tattler_client_py:%s" % uuid.uuid4()
        if priority:
            params["priority"] = priority
        params["mode"] = "production"
        url = "%s/notification/%s/%s/?%s" % (
            self.base, urllib.parse.quote("billing"),
            urllib.parse.quote(event), urllib.parse.urlencode(params))
        req = urllib.request.Request(url, method="POST")
        if context:
            req.data = json.dumps(context).encode("utf-8")
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def test_listings_are_json_lists(self):
        self.assertEqual(self.get_json("/notification/"), ["billing", "other"])
        self.assertEqual(self.get_json("/notification/billing/"),
                         ["invoice", "reminder"])
        self.assertEqual(
            self.get_json("/notification/billing/reminder/vectors/"),
            ["email", "sms"])

    def test_send_answers_jobs_with_result_code_zero(self):
        jobs = self.do_send("invoice", vectors=["email"], context={
            "number": "py-1", "total": 3,
            "due": "^tattler^date^2032-02-03"})

        self.assertEqual([j["resultCode"] for j in jobs], [0])
        self.assertTrue(cs.wait_captured(self.server, "due year 2032"))

    def test_integer_priority_as_the_python_client_sends_it(self):
        jobs = self.do_send("reminder", vectors=["email"], priority=1)

        self.assertEqual(jobs[0]["resultCode"], 0)

    def test_boolean_priority_as_the_python_client_sends_it(self):
        jobs = self.do_send("reminder", vectors=["email"], priority=True)

        self.assertEqual(jobs[0]["resultCode"], 0)

    def test_error_message_is_the_http_reason(self):
        with self.assertRaises(urllib.error.HTTPError) as caught:
            self.do_send("nonexist")

        self.assertEqual(caught.exception.code, 400)
        self.assertEqual(
            caught.exception.reason,
            "Invalid value provided: Event does not exist: 'nonexist' in "
            "scope 'billing'")


if __name__ == "__main__":
    unittest.main()
