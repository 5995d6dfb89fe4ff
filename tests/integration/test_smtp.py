"""test_smtp - the SMTP transport against real servers on loopback.

Drives delivery::SmtpTransport through tattler_smtp_send against aiosmtpd
(to see each message), Postfix's smtp-sink (a real MTA front end), a server
that never speaks, and a closed port.
"""
import os
import tempfile
import unittest

import harness
import smtp_support as smtp


def message_file(text):
    """message_file - a temporary message file (LF line ends are fine)."""
    f = tempfile.NamedTemporaryFile("w", suffix=".eml", delete=False)
    f.write(text)
    f.close()
    return f.name


class Delivery(unittest.TestCase):

    def test_message_arrives_byte_for_byte_with_envelope(self):
        body = ("From: Acme <noreply@acme.example>\r\n"
                "To: someone@example.com\r\nSubject: hello\r\n\r\n"
                "first line\r\n.a line starting with a dot\r\n.\r\n"
                "last line\r\n")
        path = message_file(body)
        with smtp.Peer() as peer:
            outcomes, summary, _ = smtp.send_tool(
                peer.address, "--message", path, "--from",
                "noreply@acme.example", "--to", "someone@example.com")
        os.unlink(path)

        self.assertEqual(outcomes, [{"kind": "delivered", "detail": "OK"}])
        self.assertEqual(len(peer.messages), 1)
        got = peer.messages[0]
        self.assertEqual(got["mail_from"], "noreply@acme.example")
        self.assertEqual(got["rcpt_tos"], ["someone@example.com"])
        self.assertEqual(got["data"], body.encode("ascii"))

    def test_every_recipient_is_in_the_envelope(self):
        with smtp.Peer() as peer:
            outcomes, _, _ = smtp.send_tool(
                peer.address, "--to", "a@example.com", "b@example.com",
                "debug@example.com")

        self.assertEqual(outcomes[0]["kind"], "delivered")
        self.assertEqual(peer.messages[0]["rcpt_tos"],
                         ["a@example.com", "b@example.com",
                          "debug@example.com"])

    def test_localhost_is_a_valid_host(self):
        with smtp.Peer() as peer:
            outcomes, _, _ = smtp.send_tool("localhost:%d" % peer.port)

        self.assertEqual(outcomes[0]["kind"], "delivered")

    def test_ipv6_loopback_in_brackets(self):
        try:
            peer = smtp.Peer(host="::1")
        except Exception as e:  # no IPv6 on this machine
            self.skipTest("no IPv6 loopback: %s" % e)
        with peer:
            outcomes, _, _ = smtp.send_tool(peer.address)

        self.assertEqual(outcomes[0]["kind"], "delivered")
        self.assertEqual(len(peer.messages), 1)

    def test_smtp_sink_accepts_a_hundred_messages(self):
        with smtp.SmtpSink() as sink:
            _, summary, _ = smtp.send_tool(sink.address, "--count", 100,
                                           "--threads", 4, "--pool", 4)

        self.assertEqual(summary["sent"], 100)
        self.assertEqual(summary["failed"], 0)
        self.assertLessEqual(summary["connections"], 4)


class Pool(unittest.TestCase):

    def test_many_messages_share_few_connections(self):
        with smtp.Peer() as peer:
            _, summary, _ = smtp.send_tool(peer.address, "--count", 60,
                                           "--threads", 6, "--pool", 2)

        self.assertEqual(summary["sent"], 60)
        self.assertEqual(len(peer.messages), 60)
        self.assertLessEqual(peer.connections, 2)
        self.assertEqual(summary["connections"], peer.connections)

    def test_sequential_messages_reuse_one_connection(self):
        with smtp.Peer() as peer, smtp.SendSession(peer.address) as session:
            results = [session.send() for _ in range(5)]
            summary = session.close()

        self.assertTrue(all(r["kind"] == "delivered" for r in results))
        self.assertEqual(peer.connections, 1)
        self.assertEqual(summary["connections"], 1)

    def test_connection_closed_by_server_is_replaced(self):
        with smtp.Peer() as peer, smtp.SendSession(peer.address) as session:
            first = session.send()
            peer.close_connections()
            second = session.send()
            session.close()

        self.assertEqual(first["kind"], "delivered")
        self.assertEqual(second, {"kind": "delivered", "detail": "OK"})
        self.assertEqual(len(peer.messages), 2)
        self.assertEqual(peer.connections, 2)

    def test_connection_dropped_mid_transaction_is_retried_fresh(self):
        with smtp.Peer() as peer:
            first, second, log = smtp.send_twice_dropping_the_second_mail(peer)

        self.assertEqual(first["kind"], "delivered")
        self.assertEqual(second["kind"], "delivered", log)
        self.assertEqual(len(peer.messages), 2)
        self.assertEqual(peer.connections, 2)
        self.assertIn("smtp.reconnect", log)


class Failures(unittest.TestCase):

    def test_connection_refused_is_temporary(self):
        port = harness.free_port()
        outcomes, _, _ = smtp.send_tool("127.0.0.1:%d" % port)

        self.assertEqual(outcomes[0]["kind"], "temporary")
        self.assertIn("127.0.0.1:%d" % port, outcomes[0]["detail"])
        self.assertIn("connect", outcomes[0]["detail"].lower())

    def test_unknown_user_at_rcpt_is_permanent_with_server_reply(self):
        refuse = {"nobody@example.com": "550 5.1.1 user unknown"}
        with smtp.Peer(rcpt_replies=refuse) as peer:
            outcomes, _, _ = smtp.send_tool(peer.address, "--to",
                                            "nobody@example.com")

        self.assertEqual(outcomes[0],
                         {"kind": "permanent",
                          "detail": "550 5.1.1 user unknown"})
        self.assertEqual(peer.messages, [])

    def test_greylisting_at_rcpt_is_temporary_with_server_reply(self):
        refuse = {"rcpt@example.com": "451 4.7.1 greylisted, try again"}
        with smtp.Peer(rcpt_replies=refuse) as peer:
            outcomes, _, _ = smtp.send_tool(peer.address)

        self.assertEqual(outcomes[0],
                         {"kind": "temporary",
                          "detail": "451 4.7.1 greylisted, try again"})

    def test_refusal_at_data_is_permanent_with_server_reply(self):
        with smtp.Peer(data_reply="554 5.6.0 message refused") as peer:
            outcomes, _, _ = smtp.send_tool(peer.address)

        self.assertEqual(outcomes[0],
                         {"kind": "permanent",
                          "detail": "554 5.6.0 message refused"})

    def test_temporary_refusal_at_data_is_temporary(self):
        with smtp.Peer(data_reply="452 4.3.1 insufficient storage") as peer:
            outcomes, _, _ = smtp.send_tool(peer.address)

        self.assertEqual(outcomes[0],
                         {"kind": "temporary",
                          "detail": "452 4.3.1 insufficient storage"})

    def test_some_recipients_refused_still_delivers_to_the_others(self):
        refuse = {"gone@example.com": "550 5.1.1 user unknown"}
        with smtp.Peer(rcpt_replies=refuse) as peer:
            outcomes, _, stderr = smtp.send_tool(
                peer.address, "--to", "gone@example.com", "here@example.com")

        self.assertEqual(outcomes[0]["kind"], "delivered")
        self.assertEqual(peer.messages[0]["rcpt_tos"], ["here@example.com"])
        self.assertIn("smtp.rcpt_refused", stderr)

    def test_silent_server_times_out_as_temporary(self):
        with smtp.StallServer() as stall:
            outcomes, _, _ = smtp.send_tool(stall.address, "--timeout", 1,
                                            timeout=30)

        self.assertEqual(outcomes[0]["kind"], "temporary")
        self.assertIn(stall.address, outcomes[0]["detail"])
        self.assertIn("timed out", outcomes[0]["detail"].lower())

    def test_failure_after_reuse_does_not_poison_the_pool(self):
        refuse = {"nobody@example.com": "550 5.1.1 user unknown"}
        with smtp.Peer(rcpt_replies=refuse) as peer, \
                smtp.SendSession(peer.address) as session:
            ok = session.send()
            peer.rcpt_replies["rcpt@example.com"] = "550 5.1.1 user unknown"
            refused = session.send()
            del peer.rcpt_replies["rcpt@example.com"]
            again = session.send()
            session.close()

        self.assertEqual(ok["kind"], "delivered")
        self.assertEqual(refused["kind"], "permanent")
        self.assertEqual(again["kind"], "delivered")


if __name__ == "__main__":
    unittest.main()
