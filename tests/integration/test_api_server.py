"""test_api_server - tattler_server as a process: start-up checks, --check,
--envdir, --version, port in use, IPv6, keep-alive, concurrency and a
graceful SIGTERM.
"""
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

from api_support import make_tree, server_env
from harness import Server, binary, free_port, write_tree


def run_server(args, env, timeout=30):
    """run_server - run tattler_server to completion; (code, out, err)."""
    full = dict(os.environ)
    full.update(env)
    # A scratch working directory: the server's default queue folder (var/)
    # is relative to it.
    with tempfile.TemporaryDirectory(prefix="tattler-run-") as cwd:
        p = subprocess.run([binary("tattler_server")] + args, env=full,
                           capture_output=True, timeout=timeout, cwd=cwd)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


class ProcessTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tattler-proc-")
        self.tree = make_tree(os.path.join(self.tmp, "tree"), broken=False)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_version_and_help(self):
        code, out, _ = run_server(["--version"], {})
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith("tattler_server "))
        code, out, _ = run_server(["--help"], {})
        self.assertEqual(code, 0)
        for flag in ("--check", "--envdir", "--version"):
            self.assertIn(flag, out)

    def test_check_passes_on_a_good_tree(self):
        code, out, err = run_server(["--check"], server_env(self.tree))
        self.assertEqual(code, 0, err)
        self.assertIn("valid", out)

    def test_check_lists_every_problem(self):
        make_tree(self.tree, broken=True)
        env = server_env(self.tree, TATTLER_MASTER_MODE="loud",
                         TATTLER_TRANSPORT="pigeon")
        code, _, err = run_server(["--check"], env)
        self.assertEqual(code, 1)
        self.assertIn("TATTLER_MASTER_MODE", err)
        self.assertIn("TATTLER_TRANSPORT", err)
        self.assertIn("broken", err)

    def test_invalid_configuration_refuses_to_start(self):
        env = server_env(self.tree, TATTLER_LISTEN_ADDRESS="nohost",
                         TATTLER_LEASE="soon")
        code, _, err = run_server([], env, timeout=15)
        self.assertEqual(code, 1)
        self.assertIn("TATTLER_LISTEN_ADDRESS", err)
        self.assertIn("TATTLER_LEASE", err)

    def test_broken_template_refuses_to_start(self):
        make_tree(self.tree, broken=True)
        code, _, err = run_server([], server_env(self.tree), timeout=15)
        self.assertEqual(code, 1)
        self.assertIn("broken", err)

    def test_envdir_supplies_variables(self):
        envdir = os.path.join(self.tmp, "env")
        write_tree(envdir, {"TATTLER_MASTER_MODE": "Loud  \n",
                            "TATTLER_TEMPLATE_BASE": self.tree + "\n"})
        code, _, err = run_server(["--check", "--envdir", envdir], {})
        self.assertEqual(code, 1)
        self.assertIn("'Loud'", err)
        write_tree(envdir, {"TATTLER_MASTER_MODE": " Staging \n"})
        code, out, err = run_server(["--check", "--envdir", envdir], {})
        self.assertEqual(code, 0, err)

    def test_envdir_missing_is_an_error(self):
        code, _, err = run_server(["--envdir", "/nonexistent/env"], {})
        self.assertEqual(code, 1)
        self.assertIn("envdir", err)

    def test_port_in_use_is_a_clear_error(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen(1)
            port = s.getsockname()[1]
            env = server_env(self.tree,
                             TATTLER_LISTEN_ADDRESS="127.0.0.1:%d" % port)
            code, _, err = run_server([], env, timeout=15)
        self.assertEqual(code, 1)
        self.assertIn("already in use", err)

    def test_ipv6_listen_address(self):
        if not socket.has_ipv6:
            self.skipTest("no IPv6")
        try:
            free_port("::1")
        except OSError:
            self.skipTest("no IPv6 loopback")
        with Server(env=server_env(self.tree), host="::1") as server:
            r = server.request("GET", "/notification/")
            self.assertEqual(r.status, 200)

    def test_sigterm_finishes_and_exits_0(self):
        server = Server(env=server_env(self.tree))
        try:
            conn = http.client.HTTPConnection(*server.address, timeout=10)
            conn.request("GET", "/notification/")
            self.assertEqual(conn.getresponse().read(), b'["s1", "s2"]')
            code = server.stop(signal.SIGTERM)
            self.assertEqual(code, 0, server.log())
            conn.close()
        finally:
            server.cleanup()

    def test_access_log_line_per_request(self):
        with Server(env=server_env(self.tree)) as server:
            server.request("GET", "/notification/s1/?correlationId=cid-77")
            time.sleep(0.2)
            log = server.log()
        line = [l for l in log.splitlines() if "cid-77" in l]
        self.assertEqual(len(line), 1, log)
        self.assertRegex(line[0], r"cid-77 http.request method=GET "
                                  r"path=/notification/s1/ status=200 "
                                  r"bytes=\d+ us=\d+")


class LoadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tattler-load-")
        cls.tree = make_tree(os.path.join(cls.tmp, "tree"), broken=False)
        cls.server = Server(env=server_env(cls.tree))

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_thousand_requests_on_one_connection(self):
        conn = http.client.HTTPConnection(*self.server.address, timeout=10)
        ok = 0
        for i in range(1000):
            if i % 10 == 0:
                conn.request("POST", "/notification/s1/plain/?user=a%40x.org")
            else:
                conn.request("GET", "/notification/s1/")
            r = conn.getresponse()
            r.read()
            ok += r.status == 200
        sock = conn.sock
        conn.close()
        self.assertEqual(ok, 1000)
        self.assertIsNotNone(sock)

    def test_keep_alive_reuses_the_connection(self):
        conn = http.client.HTTPConnection(*self.server.address, timeout=10)
        conn.request("GET", "/notification/")
        conn.getresponse().read()
        first = conn.sock
        conn.request("GET", "/notification/")
        conn.getresponse().read()
        self.assertIs(conn.sock, first)
        conn.close()

    def test_64_concurrent_connections(self):
        results = []
        lock = threading.Lock()

        def client(n):
            conn = http.client.HTTPConnection(*self.server.address,
                                              timeout=30)
            codes = []
            for _ in range(10):
                if n % 2:
                    conn.request("POST",
                                 "/notification/s1/plain/?user=a%40x.org")
                else:
                    conn.request("GET", "/notification/s1/both/vectors/")
                r = conn.getresponse()
                r.read()
                codes.append(r.status)
            conn.close()
            with lock:
                results.extend(codes)

        threads = [threading.Thread(target=client, args=(i,))
                   for i in range(64)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(len(results), 640)
        self.assertEqual(set(results), {200})


if __name__ == "__main__":
    unittest.main()
