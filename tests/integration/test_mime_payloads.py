"""test_mime_payloads - the non-e-mail vectors (BulkSMS, Telegram,
WhatsApp requests), auto-text on its own, and MJML compilation.

Limits: MJML cases are skipped without node and tools/mjml/node_modules.
"""
import json
import os
import shutil
import unittest

from mime_support import compose

MJML_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "tools",
                        "mjml")
HAVE_MJML = (shutil.which("node") is not None and
             os.path.isdir(os.path.join(MJML_DIR, "node_modules", "mjml")))


class Sms(unittest.TestCase):
    """BulkSMS request bodies as tattler sends them."""

    def test_single_sender_request_in_tattler_key_order(self):
        answer = compose({"kind": "sms", "body": "Hi user sms",
                          "sender_config": "+41000000",
                          "envelope": ["+41791234567"]})
        self.assertTrue(answer["ok"], answer)
        self.assertEqual(list(json.loads(answer["data"]).keys()),
                         ["to", "encoding", "body", "from"])
        self.assertEqual(json.loads(answer["data"]),
                         {"to": ["+41791234567"], "encoding": "TEXT",
                          "body": "Hi user sms", "from": "+41000000"})
        self.assertEqual(answer["sender"], "+41000000")

    def test_no_sender_configured_omits_from(self):
        answer = compose({"kind": "sms", "body": "x",
                          "envelope": ["+41791234567"]})
        self.assertNotIn("from", json.loads(answer["data"]))

    def test_recipients_are_grouped_by_longest_prefix_sender(self):
        answer = compose({"kind": "sms", "body": "x",
                          "sender_config": " +41000000 , +1555000 ",
                          "envelope": ["+41791112233", "+15550001234",
                                       "+41790000000"]})
        payload = json.loads(answer["data"])
        self.assertEqual(payload, [
            {"to": ["+41791112233", "+41790000000"], "encoding": "TEXT",
             "body": "x", "from": "+41000000"},
            {"to": ["+15550001234"], "encoding": "TEXT", "body": "x",
             "from": "+1555000"}])

    def test_non_gsm_text_is_unicode_and_ascii_escaped_like_python(self):
        answer = compose({"kind": "sms", "body": "Preis: 5 € {ok}",
                          "envelope": ["+41791234567"]})
        self.assertEqual(json.loads(answer["data"])["encoding"], "UNICODE")
        self.assertIn("\\u20ac", answer["data"])
        self.assertEqual(json.loads(answer["data"])["body"],
                         "Preis: 5 € {ok}")


class Chat(unittest.TestCase):
    """Telegram and WhatsApp request bodies."""

    def test_telegram_one_request_per_chat(self):
        answer = compose({"kind": "telegram", "body": "<b>Hi</b> 👍",
                          "envelope": ["123", "456"]})
        self.assertEqual(json.loads(answer["data"]), [
            {"chat_id": "123", "text": "<b>Hi</b> 👍", "parse_mode": "HTML"},
            {"chat_id": "456", "text": "<b>Hi</b> 👍", "parse_mode": "HTML"}])

    def test_telegram_over_4096_characters_is_an_error(self):
        answer = compose({"kind": "telegram", "body": "ü" * 4097,
                          "envelope": ["1"]})
        self.assertFalse(answer["ok"])
        self.assertIn("4096", answer["error"])

    def test_whatsapp_text_and_template(self):
        text = compose({"kind": "whatsapp", "body": "hello",
                        "envelope": ["+41791234567"]})
        tmpl = compose({"kind": "whatsapp", "body": ":template:welcome",
                        "envelope": ["+41791234567"]})
        self.assertEqual(json.loads(text["data"]), [
            {"messaging_product": "whatsapp", "to": "+41791234567",
             "type": "text", "text": {"body": "hello"}}])
        self.assertEqual(json.loads(tmpl["data"])[0]["template"],
                         {"name": "welcome", "language": {"code": "en_US"}})


class AutoTextAlone(unittest.TestCase):
    """html_to_text on typical notification markup."""

    def test_typical_notification(self):
        html = ("<div><p>Hi <b>Ann</b>,</p><p>Your order:</p>"
                "<ol><li>Tea</li><li>Cake<ul><li>lemon</li></ul></li></ol>"
                "<p><a href='https://shop.example/o/1'>View order</a> or "
                "write to <a href='mailto:help@shop.example'>"
                "help@shop.example</a>.</p>"
                "<img src='cid:logo@x' alt='Shop logo'></div>")
        answer = compose({"kind": "html_to_text", "body": html})
        self.assertEqual(answer["text"],
                         "Hi Ann,\n\nYour order:\n\n1. Tea\n2. Cake\n"
                         "  - lemon\n\nView order (https://shop.example/o/1)"
                         " or write to help@shop.example.\n\nShop logo\n")


@unittest.skipUnless(HAVE_MJML, "node or tools/mjml/node_modules missing")
class Mjml(unittest.TestCase):
    """body.mjml compiled by Node's mjml, Jinja tags untouched."""

    def test_jinja_tags_survive_compilation(self):
        source = ("<mjml><mj-body><mj-section><mj-column><mj-text>"
                  "Hello {{ user_firstname }}! {% if n > 1 %}\"many\""
                  "{% endif %}</mj-text>"
                  "<mj-button href=\"{{ url|default('x') }}\">Go</mj-button>"
                  "</mj-column></mj-section>{% for i in items %}"
                  "<mj-section><mj-column><mj-text>{{ i }}</mj-text>"
                  "</mj-column></mj-section>{% endfor %}{# note #}"
                  "</mj-body></mjml>")
        answer = compose({"kind": "mjml", "body": source}, timeout=120)
        self.assertTrue(answer["ok"], answer)
        html = answer["html"]
        for tag in ("{{ user_firstname }}", "{% if n > 1 %}", "{% endif %}",
                    "{{ url|default('x') }}", "{% for i in items %}",
                    "{{ i }}", "{% endfor %}", "{# note #}"):
            self.assertIn(tag, html)
        self.assertLess(html.index("{% for i in items %}"),
                        html.index("{{ i }}"))
        self.assertLess(html.index("{{ i }}"), html.index("{% endfor %}"))

    def test_mjml_error_carries_mjmls_message(self):
        answer = compose({"kind": "mjml", "body":
                          "<mjml><mj-body><mj-nope>x</mj-nope></mj-body>"
                          "</mjml>"}, timeout=120)
        self.assertFalse(answer["ok"])
        self.assertTrue(answer["error"].startswith("Failed to compile MJML: "))
        self.assertIn("mj-nope", answer["error"])


if __name__ == "__main__":
    unittest.main()
