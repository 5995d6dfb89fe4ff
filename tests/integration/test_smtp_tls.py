"""test_smtp_tls - STARTTLS, implicit TLS and AUTH against a real server.

The test makes its own CA and server certificate with openssl; aiosmtpd
serves them. Verification on with the test CA succeeds, a wrong CA or a
host name not in the certificate fails, verification off succeeds.
"""
import os
import unittest

import smtp_support as smtp


SPARE = smtp.spare_loopback()
TLS = None


def setUpModule():
    global TLS
    TLS = smtp.TlsMaterial(ips=[SPARE])


def tearDownModule():
    TLS.cleanup()


class TlsCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.spare = SPARE
        cls.tls = TLS

    def starttls_peer(self, **kwargs):
        return smtp.Peer(tls_context=self.tls.server_context(),
                         require_starttls=True, **kwargs)


class Starttls(TlsCase):

    def test_verified_starttls_delivers_over_tls(self):
        with self.starttls_peer() as peer:
            outcomes, _, _ = smtp.send_tool(peer.address, "--starttls",
                                            "--ca-file", self.tls.ca_cert)

        self.assertEqual(outcomes[0], {"kind": "delivered", "detail": "OK"})
        self.assertTrue(peer.messages[0]["tls"])

    def test_host_name_localhost_is_verified(self):
        with self.starttls_peer() as peer:
            outcomes, _, _ = smtp.send_tool(
                "localhost:%d" % peer.port, "--starttls", "--ca-file",
                self.tls.ca_cert)

        self.assertEqual(outcomes[0]["kind"], "delivered")

    def test_wrong_ca_fails_permanently_naming_the_certificate(self):
        with self.starttls_peer() as peer:
            outcomes, _, _ = smtp.send_tool(peer.address, "--starttls",
                                            "--ca-file",
                                            self.tls.wrong_ca_cert)

        self.assertEqual(outcomes[0]["kind"], "permanent")
        self.assertIn("certificate", outcomes[0]["detail"].lower())
        self.assertEqual(peer.messages, [])

    def test_system_store_does_not_trust_the_test_ca(self):
        with self.starttls_peer() as peer:
            outcomes, _, _ = smtp.send_tool(peer.address, "--starttls")

        self.assertEqual(outcomes[0]["kind"], "permanent")
        self.assertEqual(peer.messages, [])

    def test_address_not_in_certificate_fails(self):
        # The certificate names 127.0.0.1, localhost and the spare address;
        # 127.0.0.2 is none of them.
        with self.starttls_peer(host="127.0.0.2") as peer:
            outcomes, _, _ = smtp.send_tool(peer.address, "--starttls",
                                            "--ca-file", self.tls.ca_cert)

        self.assertEqual(outcomes[0]["kind"], "permanent")
        self.assertEqual(peer.messages, [])

    def test_verification_off_accepts_any_certificate(self):
        with self.starttls_peer() as peer:
            outcomes, _, _ = smtp.send_tool(peer.address, "--starttls",
                                            "--no-verify", "--ca-file",
                                            self.tls.wrong_ca_cert)

        self.assertEqual(outcomes[0]["kind"], "delivered")
        self.assertTrue(peer.messages[0]["tls"])

    def test_server_without_starttls_is_refused_when_tls_is_required(self):
        with smtp.Peer() as peer:
            outcomes, _, _ = smtp.send_tool(peer.address, "--starttls",
                                            "--ca-file", self.tls.ca_cert)

        self.assertEqual(outcomes[0]["kind"], "permanent")
        self.assertEqual(peer.messages, [])

    def test_pooled_tls_connection_is_reused(self):
        with self.starttls_peer() as peer:
            _, summary, _ = smtp.send_tool(peer.address, "--starttls",
                                           "--ca-file", self.tls.ca_cert,
                                           "--count", 20)

        self.assertEqual(summary["sent"], 20)
        self.assertEqual(peer.connections, 1)
        self.assertTrue(all(m["tls"] for m in peer.messages))


class Auth(TlsCase):

    USERS = {"alice": "s3cret:with colon"}

    def test_login_over_starttls_delivers(self):
        with self.starttls_peer(users=self.USERS) as peer:
            outcomes, _, _ = smtp.send_tool(
                peer.address, "--starttls", "--ca-file", self.tls.ca_cert,
                "--auth", "alice:s3cret:with colon")

        self.assertEqual(outcomes[0]["kind"], "delivered")
        self.assertTrue(peer.messages[0]["authenticated"])

    def test_wrong_password_is_permanent_with_server_reply(self):
        with self.starttls_peer(users=self.USERS) as peer:
            outcomes, _, stderr = smtp.send_tool(
                peer.address, "--starttls", "--ca-file", self.tls.ca_cert,
                "--auth", "alice:wrong")

        self.assertEqual(outcomes[0]["kind"], "permanent")
        self.assertIn("535", outcomes[0]["detail"])
        self.assertNotIn("wrong", outcomes[0]["detail"])
        self.assertNotIn("wrong", stderr)
        self.assertEqual(peer.messages, [])


    def test_server_not_offering_auth_is_logged(self):
        # AUTH is only offered after STARTTLS; this client does not ask.
        with smtp.Peer(tls_context=self.tls.server_context(),
                       users=self.USERS) as peer:
            outcomes, _, stderr = smtp.send_tool(
                peer.address, "--auth", "alice:s3cret:with colon")

        self.assertEqual(outcomes[0]["kind"], "delivered")
        self.assertFalse(peer.messages[0]["authenticated"])
        self.assertIn("smtp.auth_not_offered", stderr)


@unittest.skipUnless(os.geteuid() == 0, "ports 465/587 need root")
class StandardPorts(TlsCase):
    """Ports 465 and 587 on a random 127.x.y.z, so nothing collides."""

    def test_port_465_is_implicit_tls(self):
        if not smtp.can_bind(self.spare, 465):
            self.skipTest("cannot bind %s:465" % self.spare)
        # aiosmtpd only sees STARTTLS as TLS, so it must be told to offer
        # AUTH on this (implicitly encrypted) connection.
        with smtp.Peer(host=self.spare, port=465,
                       implicit_tls=self.tls.server_context(),
                       users={"bob": "pw"}, auth_require_tls=False) as peer:
            outcomes, _, _ = smtp.send_tool(
                "%s:465" % self.spare, "--ca-file", self.tls.ca_cert,
                "--auth", "bob:pw")

        self.assertEqual(outcomes[0]["kind"], "delivered")
        self.assertTrue(peer.messages[0]["tls"])
        self.assertTrue(peer.messages[0]["authenticated"])

    def test_port_587_uses_starttls_without_being_asked(self):
        if not smtp.can_bind(self.spare, 587):
            self.skipTest("cannot bind %s:587" % self.spare)
        with self.starttls_peer(host=self.spare, port=587) as peer:
            outcomes, _, _ = smtp.send_tool(
                "%s:587" % self.spare, "--ca-file", self.tls.ca_cert)

        self.assertEqual(outcomes[0]["kind"], "delivered")
        self.assertTrue(peer.messages[0]["tls"])


if __name__ == "__main__":
    unittest.main()
