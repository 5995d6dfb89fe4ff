"""test_api - tattler's REST API over HTTP against the real tattler_server.

Every route, every check of behaviour 2.8 with its status and reason phrase,
the NotificationJob array, and every item of the "Bad input" list: always a
4xx with a clear message, never a 5xx, a crash or a dropped connection.
"""
import http.client
import json
import os
import shutil
import tempfile
import unittest

from api_support import (capture_files, make_tree, raw_exchange, server_env,
                         status_line)
from harness import Server


class ApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tree = make_tree(tempfile.mkdtemp(prefix="tattler-tree-"),
                             broken=False)
        # The broken event is added after start-up (start-up refuses it).
        cls.server = Server(env=server_env(cls.tree))
        make_tree(cls.tree, broken=True)

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.tree, ignore_errors=True)

    def req(self, method, path, body=None, headers=None):
        return self.server.request(method, path, body, headers)

    def post(self, path, context=None, **headers):
        hdrs = {"Content-Type": "application/json"}
        hdrs.update(headers)
        body = json.dumps(context) if context is not None else None
        return self.req("POST", path, body, hdrs)

    def assertError(self, r, status, message):
        self.assertEqual(r.status, status, r.reason)
        self.assertEqual(r.reason, message)
        body = r.json()
        self.assertEqual(body["error"], message)
        self.assertTrue(body["correlationId"])
        self.assertEqual(r.header("Content-Type"), "application/json")
        self.assertEqual(int(r.header("Content-Length")), len(r.body))

    # --- listings -------------------------------------------------------

    def test_lists_scopes(self):
        r = self.req("GET", "/notification/")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, b'["s1", "s2"]')
        self.assertEqual(r.header("Content-Type"), "application/json")
        self.assertEqual(r.header("Content-Length"), str(len(r.body)))

    def test_lists_visible_events(self):
        r = self.req("GET", "/notification/s1/")
        self.assertEqual(r.json(), ["both", "broken", "plain"])

    def test_lists_vectors(self):
        r = self.req("GET", "/notification/s1/both/vectors/")
        self.assertEqual(r.body, b'["email", "sms"]')

    def test_unknown_scope_on_get(self):
        self.assertError(self.req("GET", "/notification/nope/"), 400,
                         "Unknown scope 'nope'")

    def test_trailing_junk_is_404(self):
        self.assertError(self.req("GET", "/notification/s1/both/vectors/x"),
                         404, "Unknown path requested")

    def test_other_methods_get_405_with_allow(self):
        r = self.req("PUT", "/notification/s1/")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.header("Allow"), "GET, POST")

    # --- sending --------------------------------------------------------

    def test_send_answers_job_array_and_captures_the_mail(self):
        r = self.post("/notification/s1/plain/?user=a.b%40x.org&mode=production",
                      {"name": "N"})
        self.assertEqual(r.status, 200, r.reason)
        jobs = json.loads(r.body)
        self.assertEqual(len(jobs), 1)
        self.assertEqual(list(jobs[0].keys()),
                         ["id", "vector", "resultCode", "result", "detail"])
        self.assertEqual(jobs[0]["vector"], "email")
        self.assertEqual(jobs[0]["resultCode"], 0)
        self.assertEqual(jobs[0]["result"], "success")
        self.assertEqual(jobs[0]["detail"], "OK")
        self.assertTrue(jobs[0]["id"].startswith("email:"))
        self.assertIn(b'{"id": "email:', r.body)
        self.assertIn(b'", "vector": "email", "resultCode": 0, ', r.body)
        self.assertTrue(any(f.endswith(".eml")
                            for f in capture_files(self.server)))

    def test_jobs_are_in_vector_name_order(self):
        r = self.post("/notification/s1/both/?user=a%40x.org")
        self.assertEqual(r.status, 200, r.reason)
        self.assertEqual([j["vector"] for j in r.json()], ["email"])

    def test_template_error_is_result_code_1_with_200(self):
        r = self.post("/notification/s1/broken/?user=a%40x.org")
        self.assertEqual(r.status, 200, r.reason)
        self.assertEqual(r.json()[0]["resultCode"], 1)
        self.assertEqual(r.json()[0]["result"], "error")

    def test_priority_is_accepted(self):
        for p in ("True", "1", "5"):
            r = self.post("/notification/s1/plain/?user=a%40x.org&priority="
                          + p)
            self.assertEqual(r.status, 200, r.reason)

    def test_typed_strings_are_decoded(self):
        r = self.post("/notification/s1/plain/?user=a%40x.org",
                      {"name": "^tattler^date^2024-01-02"})
        self.assertEqual(r.status, 200, r.reason)
        self.assertEqual(r.json()[0]["resultCode"], 0)

    # --- behaviour 2.8, in order ---------------------------------------

    def test_unknown_path_is_404(self):
        self.assertError(self.post("/invalid_url/"), 404,
                         "Unknown path requested")
        self.assertError(self.post("/notification/s1"), 404,
                         "Unknown path requested")

    def test_missing_user(self):
        for q in ("", "?user=", "?correlationId=c1"):
            r = self.post("/notification/s1/plain/" + q)
            self.assertEqual(r.status, 400)
            self.assertTrue(r.reason.startswith(
                "Required parameter 'user' is missing (corrId="), r.reason)
        r = self.post("/notification/s1/plain/?correlationId=c1")
        self.assertEqual(r.reason,
                         "Required parameter 'user' is missing (corrId=c1).")
        self.assertEqual(r.json()["correlationId"], "c1")

    def test_invalid_vectors(self):
        self.assertError(
            self.post("/notification/s1/plain/?user=a%40x.org&vector=fax"),
            400, "Invalid vectors provided '{'fax'}'")

    def test_invalid_mode(self):
        self.assertError(
            self.post("/notification/s1/plain/?user=a%40x.org"
                      "&mode=bad_mode_name"),
            400, "Invalid operating mode 'bad_mode_name'. Valid modes are "
                 "['debug', 'staging', 'production']")

    def test_wrong_content_type(self):
        r = self.req("POST", "/notification/s1/plain/?user=a%40x.org", "{}",
                     {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertError(r, 400, "Unable to get definitions: Invalid content "
                                 "type application/x-www-form-urlencoded")

    def test_bad_json(self):
        r = self.req("POST", "/notification/s1/plain/?user=a%40x.org", "{x",
                     {"Content-Type": "application/json"})
        self.assertError(r, 400, "Unable to get definitions: Invalid "
                                 "definitions in body. Want JSON dictionary.")

    def test_non_object_json(self):
        for body in ("[1, 2]", "42", "\"str\"", "true"):
            r = self.req("POST", "/notification/s1/plain/?user=a%40x.org",
                         body, {"Content-Type": "application/json"})
            self.assertEqual(r.status, 400, body)

    def test_oversize_body_is_refused_before_reading(self):
        head = ("POST /notification/s1/plain/?user=a%40x.org HTTP/1.1\r\n"
                "Host: x\r\nContent-Type: application/json\r\n"
                "Content-Length: 12582913\r\n\r\n").encode()
        data = raw_exchange(*self.server.address, head)
        self.assertEqual(status_line(data),
                         "HTTP/1.1 400 Unable to get definitions: Request "
                         "body exceeds 12582912 bytes")

    def test_unknown_scope_on_post(self):
        self.assertError(self.post("/notification/nope/ev/?user=a%40x.org"),
                         400, "Unknown scope 'nope'")

    def test_unknown_and_hidden_event(self):
        self.assertError(
            self.post("/notification/s1/nope/?user=a%40x.org"), 400,
            "Invalid value provided: Event does not exist: 'nope' in scope "
            "'s1'")
        self.assertEqual(
            self.post("/notification/s1/_hidden/?user=a%40x.org").status, 400)

    def test_vector_not_available(self):
        self.assertError(
            self.post("/notification/s1/plain/?user=a%40x.org&vector=sms"),
            400, "Invalid value provided: None of the requested vectors "
                 "{'sms'} is available for event plain, which only supports "
                 "{'email'}. Returning error.")

    def test_recipient_unknown(self):
        self.assertError(
            self.post("/notification/s1/plain/?user=nobody"), 400,
            "Invalid value provided: Recipient unknown 'nobody'. Aborting "
            "notification.")

    def test_no_contacts_for_the_vectors(self):
        self.assertError(
            self.post("/notification/s1/plain/?user=%2B41791234567"), 400,
            "Unknown recipient +41791234567 - no contacts found.")

    # --- bad input ------------------------------------------------------

    def test_malformed_query(self):
        for q in ("?user", "?a=1&&user=a%40x.org", "?user=a%40x.org&"):
            r = self.post("/notification/s1/plain/" + q)
            self.assertEqual(r.status, 400, q)
            self.assertIn("Malformed query", r.reason)

    def test_path_traversal(self):
        for path in ("/notification/../", "/notification/.x/",
                     "/notification/%2E%2E/"):
            r = self.req("GET", path)
            self.assertEqual(r.status, 400, path)
        r = self.post("/notification/s1/..%2F..%2Fetc/?user=a%40x.org")
        self.assertEqual(r.status, 400)

    def test_percent_encoded_slash(self):
        r = self.req("GET", "/notification/s1%2Fplain/")
        self.assertEqual(r.status, 400)
        self.assertIn("%2F", r.reason)

    def test_control_characters_in_parameters(self):
        for q in ("user=a%0D%0Ab%40x.org", "user=a%00b%40x.org",
                  "user=a%40x.org&correlationId=x%0Ay"):
            r = self.post("/notification/s1/plain/?" + q)
            self.assertEqual(r.status, 400, q)
            self.assertIn("control character", r.reason)

    def test_ten_thousand_query_parameters(self):
        query = "&".join("p%d=1" % i for i in range(10000))
        data = raw_exchange(
            *self.server.address,
            ("POST /notification/s1/plain/?%s HTTP/1.1\r\nHost: x\r\n\r\n"
             % query).encode())
        self.assertRegex(status_line(data), r"^HTTP/1.1 4\d\d ")

    def test_sixteen_kib_header(self):
        data = raw_exchange(
            *self.server.address,
            ("GET /notification/ HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n"
             % ("a" * 16384)).encode())
        self.assertTrue(status_line(data).startswith("HTTP/1.1 431 "),
                        status_line(data))

    def test_non_ascii_in_reason_phrase_is_escaped_not_dropped(self):
        r = self.post("/notification/s1/plain/?user=%D0%96%D0%B0")
        self.assertEqual(r.status, 400)
        self.assertEqual(r.reason, "Invalid value provided: Recipient "
                                   "unknown '\\u0416\\u0430'. Aborting "
                                   "notification.")
        self.assertIn("\u0416", r.json()["error"])

    def test_malformed_http_is_400(self):
        data = raw_exchange(*self.server.address, b"GARBAGE\x01\r\n\r\n")
        self.assertTrue(status_line(data).startswith("HTTP/1.1 400 "),
                        data)

    def test_server_survived_everything(self):
        self.assertEqual(self.req("GET", "/notification/").status, 200)


if __name__ == "__main__":
    unittest.main()
