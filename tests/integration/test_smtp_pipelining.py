"""test_smtp_pipelining - our SMTP client with and without PIPELINING,
one message at a time and in batches (each message written with the next
one's envelope).

aiosmtpd does not advertise PIPELINING unless told to (smtp_support.Peer's
pipelining flag), so the same server checks both ways of sending the
envelope: one command at a time when PIPELINING is not offered, all
commands in one write when it is, with the same results for refusals. The
message bytes must arrive exactly: dot-stuffing undone by the server gives
back the original, and a message without a final line end gets one.
"""
import os
import tempfile
import unittest

import smtp_support as smtp


def message_file(text):
    """message_file - a temporary message file (the tool makes LF CRLF)."""
    f = tempfile.NamedTemporaryFile("w", suffix=".eml", delete=False)
    f.write(text)
    f.close()
    return f.name


DOTTED = (".From: a line starting with a dot comes first\r\n"
          "To: someone@example.com\r\nSubject: dots\r\n\r\n"
          ".\r\n..\r\n.leading dot\r\n...three\r\nin.the.middle .\r\n"
          ".\r\nlast line\r\n")


class OneCommandAtATime(unittest.TestCase):
    """A server without PIPELINING gets each command after the last reply."""

    def test_server_without_pipelining_gets_one_command_at_a_time(self):
        recipients = ["a@example.com", "b@example.com", "c@example.com"]
        with smtp.Peer() as peer, smtp.SendSession(
                peer.address, "--to", *recipients) as session:
            results = [session.send() for _ in range(3)]
            session.close()

        self.assertEqual(results, [{"kind": "delivered", "detail": "OK"}] * 3)
        self.assertEqual([m["rcpt_tos"] for m in peer.messages],
                         [recipients] * 3)
        self.assertEqual(peer.early_commands, 0)
        self.assertEqual(peer.connections, 1)

    def test_server_refusing_ehlo_gets_helo(self):
        with smtp.Peer(ehlo_reply="502 5.5.1 EHLO not implemented") as peer:
            outcomes, _, _ = smtp.send_tool(peer.address)

        self.assertEqual(outcomes, [{"kind": "delivered", "detail": "OK"}])
        self.assertEqual(len(peer.messages), 1)


class Pipelined(unittest.TestCase):
    """A server offering PIPELINING gets MAIL, RCPTs and DATA together."""

    def test_envelope_is_sent_without_waiting_for_replies(self):
        with smtp.Peer(pipelining=True) as peer:
            outcomes, _, _ = smtp.send_tool(
                peer.address, "--to", "a@example.com", "b@example.com")

        self.assertEqual(outcomes, [{"kind": "delivered", "detail": "OK"}])
        self.assertEqual(peer.messages[0]["rcpt_tos"],
                         ["a@example.com", "b@example.com"])
        self.assertGreater(peer.early_commands, 0)

    def test_very_large_envelope_goes_one_command_at_a_time(self):
        recipients = ["r%d@example.com" % i for i in range(501)]
        with smtp.Peer(pipelining=True) as peer:
            outcomes, _, _ = smtp.send_tool(peer.address, "--to",
                                            *recipients)

        self.assertEqual(outcomes, [{"kind": "delivered", "detail": "OK"}])
        self.assertEqual(peer.messages[0]["rcpt_tos"], recipients)
        self.assertEqual(peer.early_commands, 0)

    def test_some_recipients_refused_still_delivers_to_the_others(self):
        refuse = {"gone@example.com": "550 5.1.1 user unknown"}
        with smtp.Peer(pipelining=True, rcpt_replies=refuse) as peer:
            outcomes, _, stderr = smtp.send_tool(
                peer.address, "--to", "gone@example.com", "here@example.com",
                "--log-level", "info")

        self.assertEqual(outcomes[0]["kind"], "delivered")
        self.assertEqual(peer.messages[0]["rcpt_tos"], ["here@example.com"])
        self.assertIn("smtp.rcpt_refused", stderr)
        self.assertIn("550 5.1.1 user unknown", stderr)

    def test_all_recipients_refused_fails_and_the_session_goes_on(self):
        refuse = {"rcpt@example.com": "550 5.1.1 user unknown"}
        with smtp.Peer(pipelining=True, rcpt_replies=refuse) as peer, \
                smtp.SendSession(peer.address) as session:
            refused = session.send()
            del peer.rcpt_replies["rcpt@example.com"]
            delivered = session.send()
            session.close()

        self.assertEqual(refused, {"kind": "permanent",
                                   "detail": "550 5.1.1 user unknown"})
        self.assertEqual(delivered["kind"], "delivered")
        self.assertEqual(len(peer.messages), 1)
        self.assertEqual(peer.connections, 1)

    def test_refused_sender_fails_and_the_session_goes_on(self):
        with smtp.Peer(pipelining=True,
                       mail_reply="553 5.7.1 sender refused") as peer, \
                smtp.SendSession(peer.address) as session:
            refused = session.send()
            peer.mail_reply = None
            delivered = session.send()
            session.close()

        self.assertEqual(refused, {"kind": "permanent",
                                   "detail": "553 5.7.1 sender refused"})
        self.assertEqual(delivered["kind"], "delivered")
        self.assertEqual(peer.connections, 1)

    def test_refusal_at_data_is_quoted(self):
        with smtp.Peer(pipelining=True,
                       data_reply="452 4.3.1 insufficient storage") as peer:
            outcomes, _, _ = smtp.send_tool(peer.address)

        self.assertEqual(outcomes[0],
                         {"kind": "temporary",
                          "detail": "452 4.3.1 insufficient storage"})

    def test_connection_dropped_at_mail_is_retried_fresh(self):
        with smtp.Peer(pipelining=True) as peer:
            first, second, log = smtp.send_twice_dropping_the_second_mail(peer)

        self.assertEqual(first["kind"], "delivered")
        self.assertEqual(second["kind"], "delivered", log)
        self.assertEqual(len(peer.messages), 2)
        self.assertIn("smtp.reconnect", log)


class MessageBytes(unittest.TestCase):
    """What the server stores is exactly what we were given."""

    def send_and_receive(self, text, **peer_options):
        path = message_file(text)
        try:
            with smtp.Peer(**peer_options) as peer:
                outcomes, _, _ = smtp.send_tool(peer.address, "--message",
                                                path)
        finally:
            os.unlink(path)
        self.assertEqual(outcomes, [{"kind": "delivered", "detail": "OK"}])
        return peer.messages[0]["data"]

    def test_lines_starting_with_a_dot_arrive_intact(self):
        for pipelining in (False, True):
            data = self.send_and_receive(DOTTED, pipelining=pipelining)

            self.assertEqual(data, DOTTED.encode("ascii"), pipelining)

    def test_message_without_final_line_end_gets_one(self):
        text = "Subject: no end\r\n\r\nfirst\r\nlast line, no CRLF"

        data = self.send_and_receive(text, pipelining=True)

        self.assertEqual(data, (text + "\r\n").encode("ascii"))

    def test_message_ending_in_a_dot_line_without_line_end(self):
        text = "Subject: dot\r\n\r\nbody\r\n."

        data = self.send_and_receive(text)

        self.assertEqual(data, (text + "\r\n").encode("ascii"))

    def test_large_message_arrives_whole(self):
        line = "x" * 70 + "\r\n"
        text = "Subject: big\r\n\r\n" + "".join(
            ("." if i % 7 == 0 else "") + line for i in range(40000))

        data = self.send_and_receive(text, pipelining=True)

        self.assertEqual(len(data), len(text))
        self.assertEqual(data, text.encode("ascii"))


class InDoubt(unittest.TestCase):
    """After the message was sent, silence leaves it in doubt."""

    def test_no_final_reply_times_out_and_is_not_resent_on_that_session(self):
        with smtp.MuteAfterDataServer() as mute, smtp.SendSession(
                mute.address, "--timeout", 1) as session:
            first = session.send()
            second = session.send()
            session.close()
            log = session.log()

        self.assertEqual(first["kind"], "temporary")
        self.assertIn("timed out", first["detail"])
        self.assertIn(mute.address, first["detail"])
        self.assertEqual(second["kind"], "temporary")
        self.assertNotIn("smtp.reconnect", log)
        self.assertEqual(mute.connections, 2)
        self.assertEqual(len(mute.messages), 2)


DELIVERED = {"kind": "delivered", "detail": "OK"}


class Batches(unittest.TestCase):
    """A batch writes each message together with the next envelope."""

    def test_each_message_leaves_with_the_next_envelope(self):
        with smtp.Peer(pipelining=True) as peer:
            outcomes, summary, _ = smtp.send_tool(
                peer.address, "--count", 4, "--batch", 4,
                "--rotate-to", "a@example.com", "b@example.com",
                "c@example.com", "d@example.com")

        self.assertEqual(outcomes, [DELIVERED] * 4)
        self.assertEqual([m["rcpt_tos"] for m in peer.messages],
                         [["a@example.com"], ["b@example.com"],
                          ["c@example.com"], ["d@example.com"]])
        self.assertEqual(summary["connections"], 1)
        # The last message has no next envelope to carry.
        self.assertGreaterEqual(peer.commands_after_data, 1)
        self.assertLessEqual(peer.commands_after_data, 3)

    def test_refused_recipient_mid_batch_fails_that_message_only(self):
        with smtp.Peer(pipelining=True, rcpt_replies={
                "bad@example.com": "550 5.1.1 user unknown"}) as peer:
            outcomes, summary, _ = smtp.send_tool(
                peer.address, "--count", 3, "--batch", 3,
                "--rotate-to", "a@example.com", "bad@example.com",
                "c@example.com")

        self.assertEqual(outcomes[0], DELIVERED)
        self.assertEqual(outcomes[1]["kind"], "permanent")
        self.assertIn("550 5.1.1 user unknown", outcomes[1]["detail"])
        self.assertEqual(outcomes[2], DELIVERED)
        self.assertEqual([m["rcpt_tos"] for m in peer.messages],
                         [["a@example.com"], ["c@example.com"]])
        self.assertEqual(summary["connections"], 1)

    def test_server_closing_at_a_pipelined_mail_gets_it_on_a_new_one(self):
        with smtp.Peer(pipelining=True, drop_mail_number=2) as peer:
            outcomes, summary, log = smtp.send_tool(
                peer.address, "--count", 3, "--batch", 3,
                "--log-level", "info")

        self.assertEqual(outcomes, [DELIVERED] * 3, log)
        self.assertEqual(len(peer.messages), 3)
        self.assertEqual(summary["connections"], 2)
        self.assertIn("smtp.reconnect", log)

    def test_server_without_pipelining_gets_the_batch_one_at_a_time(self):
        with smtp.Peer() as peer:
            outcomes, _, _ = smtp.send_tool(peer.address, "--count", 3,
                                            "--batch", 3)

        self.assertEqual(outcomes, [DELIVERED] * 3)
        self.assertEqual(peer.early_commands, 0)
        self.assertEqual(peer.commands_after_data, 0)

    def test_batches_into_smtp_sink(self):
        with smtp.SmtpSink() as sink:
            _, summary, _ = smtp.send_tool(sink.address, "--count", 200,
                                           "--batch", 4, "--threads", 2,
                                           "--pool", 2, "--quiet")

        self.assertEqual(summary["sent"], 200)
        self.assertEqual(summary["failed"], 0)
        self.assertLessEqual(summary["connections"], 2)


class SmtpSink(unittest.TestCase):
    """Postfix's smtp-sink offers PIPELINING; many recipients still work."""

    def test_many_recipients_in_one_pipelined_envelope(self):
        recipients = ["r%d@example.com" % i for i in range(50)]
        with smtp.SmtpSink() as sink:
            _, summary, _ = smtp.send_tool(sink.address, "--to",
                                           *recipients, "--count", 5)

        self.assertEqual(summary["sent"], 5)
        self.assertEqual(summary["connections"], 1)


if __name__ == "__main__":
    unittest.main()
