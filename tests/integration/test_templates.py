"""test_templates - the template tree through the real tattler_server.

The built-in demo tree answers when TATTLER_TEMPLATE_BASE is empty; edits
to a template are live without a restart; `_base` layouts, old file names
and auto-text-ready HTML-only events reach the captured message.

Limits: language folders need an addressbook that knows a language (the
pass-through one does not): they are covered by tests/templates.
"""
import email
import email.policy
import glob
import json
import os
import shutil
import tempfile
import time
import unittest
import urllib.parse

from harness import Server, write_tree


def server_env(base, **extra):
    """server_env - a capture-transport production server on base."""
    env = {
        "TATTLER_TEMPLATE_BASE": base,
        "TATTLER_TRANSPORT": "capture",
        "TATTLER_MASTER_MODE": "production",
        "TATTLER_EMAIL_SENDER": "sender@example.org",
    }
    env.update(extra)
    return env


def captured(server, ext, count, timeout=15.0):
    """captured - the first count captured files with extension ext."""
    folder = os.path.join(server.tmp, "var", "outbox")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(glob.glob(os.path.join(folder, "*" + ext)),
                       key=os.path.getmtime)
        files = [f for f in files if not f.endswith(".envelope.json")]
        if len(files) >= count:
            return files
        time.sleep(0.05)
    raise AssertionError("no %d %s file(s) in %s" % (count, ext, folder))


def parse_eml(path):
    """parse_eml - a captured e-mail as a Python email message."""
    with open(path, "rb") as f:
        return email.message_from_bytes(f.read(), policy=email.policy.default)


def post(server, scope, event, user, body=None):
    """post - a notification request; returns the Response."""
    query = urllib.parse.urlencode({"user": user, "mode": "production"})
    headers = {"Content-Type": "application/json"}
    data = json.dumps(body or {})
    return server.request("POST", "/notification/%s/%s/?%s"
                          % (scope, event, query), data, headers)


class DemoTreeTest(unittest.TestCase):
    def test_empty_base_serves_the_demo_scope(self):
        with Server(server_env("")) as server:
            scopes = server.request("GET", "/notification/")
            events = server.request("GET", "/notification/demoscope/")
            vectors = server.request(
                "GET", "/notification/demoscope/demoevent/vectors/")

        self.assertEqual(scopes.json(), ["demoscope"])
        self.assertEqual(events.json(), ["demoevent"])
        self.assertEqual(vectors.json(),
                         ["email", "sms", "telegram", "whatsapp"])

    def test_demo_email_renders_with_its_base_layout(self):
        with Server(server_env("")) as server:
            answer = post(server, "demoscope", "demoevent",
                          "ada.lovelace@example.com")
            self.assertEqual(answer.status, 200, answer.body)
            self.assertEqual(answer.json()[0]["resultCode"], 0, answer.body)
            msg = parse_eml(captured(server, ".eml", 1)[0])

        self.assertEqual(msg["Subject"], "Hello Ada, your tattler server works")
        self.assertEqual(msg["X-Priority"], "1")
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        self.assertIn("The tattler demo", text)
        self.assertIn("<!DOCTYPE html>", html)
        self.assertIn("demoevent", html)


class LiveTreeTest(unittest.TestCase):
    def setUp(self):
        self.base = tempfile.mkdtemp(prefix="tattler-tree-")
        write_tree(self.base, {
            "_base/email/body.txt": "== {% block c %}{% endblock %} ==",
            "shop/order/email/subject.txt": "  Order {{ number }}  \n",
            "shop/order/email/body.txt":
                "{% extends base_template %}{% block c %}"
                "for {{ user_firstname }}{% endblock %}",
            "shop/legacy/email/subject": "Old names {{ number + 1 }}",
            "shop/legacy/email/body_plain": "old plain",
            "shop/htmlonly/email/subject.txt": "Only HTML",
            "shop/htmlonly/email/body.html": "<p>Hi <b>{{ user_firstname }}"
                                             "</b></p>",
        })

    def tearDown(self):
        shutil.rmtree(self.base, ignore_errors=True)

    def test_base_layout_and_stripped_subject(self):
        with Server(server_env(self.base)) as server:
            post(server, "shop", "order", "john.doe@example.com",
                 {"number": "42"})
            msg = parse_eml(captured(server, ".eml", 1)[0])

        self.assertEqual(msg["Subject"], "Order 42")
        self.assertEqual(msg.get_body(("plain",)).get_content().strip(),
                         "== for John ==")

    def test_old_file_names_and_client_number_conversion(self):
        with Server(server_env(self.base)) as server:
            answer = post(server, "shop", "legacy", "a@example.com",
                          {"number": "41"})
            self.assertEqual(answer.json()[0]["resultCode"], 0, answer.body)
            msg = parse_eml(captured(server, ".eml", 1)[0])

        self.assertEqual(msg["Subject"], "Old names 42")

    def test_html_only_event_gets_a_text_part(self):
        with Server(server_env(self.base)) as server:
            answer = post(server, "shop", "htmlonly", "kim@example.com")
            self.assertEqual(answer.json()[0]["resultCode"], 0, answer.body)
            msg = parse_eml(captured(server, ".eml", 1)[0])

        self.assertIn("Kim", msg.get_body(("plain",)).get_content())
        self.assertIn("<b>Kim</b>", msg.get_body(("html",)).get_content())

    def test_edited_template_is_used_without_restart(self):
        subject = os.path.join(self.base, "shop/order/email/subject.txt")
        with Server(server_env(self.base)) as server:
            post(server, "shop", "order", "a@example.com", {"number": "1"})
            first = parse_eml(captured(server, ".eml", 1)[0])
            with open(subject + ".new", "w", encoding="utf-8") as f:
                f.write("Changed order {{ number }}")
            os.replace(subject + ".new", subject)
            post(server, "shop", "order", "a@example.com", {"number": "2"})
            files = captured(server, ".eml", 2)
            subjects = sorted(parse_eml(f)["Subject"] for f in files)

        self.assertEqual(first["Subject"], "Order 1")
        self.assertEqual(subjects, ["Changed order 2", "Order 1"])

    def test_new_event_is_listed_without_restart(self):
        with Server(server_env(self.base)) as server:
            before = server.request("GET", "/notification/shop/").json()
            write_tree(self.base, {"shop/refund/sms/body.txt": "Refund"})
            after = server.request("GET", "/notification/shop/").json()

        self.assertNotIn("refund", before)
        self.assertIn("refund", after)


if __name__ == "__main__":
    unittest.main()
