"""test_client_install - the installed client package, used by a program
built outside the tree (examples/client) with CMake and with pkg-config,
then run against the real server.

Limits: installs to a temporary prefix only; the system-wide layout
(lib/<multiarch>) is not exercised.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

import client_support as cs
import harness

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..",
                                          ".."))
EXAMPLE_DIR = os.path.join(SOURCE_DIR, "examples", "client")


def run(cmd, env=None, timeout=600):
    full_env = dict(os.environ)
    full_env.update(env or {})
    r = subprocess.run(cmd, capture_output=True, text=True, env=full_env,
                       timeout=timeout)
    if r.returncode != 0:
        raise AssertionError("%s failed:\n%s\n%s" % (cmd, r.stdout, r.stderr))
    return r


class InstalledPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tattler-install-it-")
        cls.prefix = os.path.join(cls.tmp, "prefix")
        run(["cmake", "--install", os.path.abspath(harness.BUILD_DIR),
             "--prefix", cls.prefix, "--component", "client"])
        cls.server = cs.start_server(cls.tmp)
        cls.spec = "127.0.0.1:%d" % cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_install_holds_headers_library_package_and_tools(self):
        for rel in ["include/tattler/client.hpp", "lib/libtattler_client.a",
                    "lib/cmake/tattler/tattlerConfig.cmake",
                    "lib/pkgconfig/tattler.pc", "bin/tattler_notify",
                    "bin/tattler_replay"]:
            with self.subTest(path=rel):
                self.assertTrue(os.path.exists(os.path.join(self.prefix, rel)))

    def test_example_built_with_find_package_runs(self):
        build = os.path.join(self.tmp, "example-cmake")
        run(["cmake", "-S", EXAMPLE_DIR, "-B", build, "-G", "Ninja",
             "-DCMAKE_PREFIX_PATH=" + self.prefix])
        run(["cmake", "--build", build])

        r = run([os.path.join(build, "tattler_client_example"), self.spec,
                 "billing", "invoice", cs.RECIPIENT], timeout=60)

        self.assertIn("events: invoice, reminder", r.stdout)
        self.assertIn("sent: email success", r.stdout)
        self.assertIn("send_notification: ok", r.stdout)
        self.assertTrue(cs.wait_captured(self.server, "Invoice EX-1"))
        self.assertTrue(cs.wait_captured(self.server, "due year 2030"))

    def test_example_built_with_pkg_config_runs(self):
        env = {"PKG_CONFIG_PATH": os.path.join(self.prefix, "lib",
                                               "pkgconfig")}
        flags = run(["pkg-config", "--cflags", "--libs", "tattler"],
                    env=env).stdout.split()
        exe = os.path.join(self.tmp, "example-pc")
        run(["g++", os.path.join(EXAMPLE_DIR, "main.cpp"), "-o", exe] + flags)

        r = run([exe, self.spec, "other", "ping", cs.RECIPIENT], timeout=60)

        self.assertIn("send_notification: ok", r.stdout)


if __name__ == "__main__":
    unittest.main()
