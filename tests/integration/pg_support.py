"""pg_support - a throw-away PostgreSQL server for integration tests.

Offers:
  PgInstance()            initdb into a temporary folder, start on
                          127.0.0.1 and a free port (as the `postgres` user
                          when run as root), fsync off
  PgInstance.url(db)      postgresql://postgres@127.0.0.1:<port>/<db>
  PgInstance.create_database(name) -> url
  PgInstance.psql(sql, db)         run SQL, return stdout text
  PgInstance.stop()       immediate stop, folder removed (also on exit of a
                          `with` block)
  available()             whether the server binaries are installed

The C++ twin is tests/outbox/pg_instance.{hpp,cpp}.

Limits: needs /usr/lib/postgresql/15/bin (or TATTLER_PG_BIN); the free port
can be taken between the check and the bind, so start() retries once.
"""
import os
import shutil
import subprocess
import tempfile

from harness import free_port

PG_BIN = os.environ.get("TATTLER_PG_BIN", "/usr/lib/postgresql/15/bin")


def available():
    """available - the PostgreSQL server binaries are installed."""
    return os.path.exists(os.path.join(PG_BIN, "initdb"))


class PgInstance:
    """PgInstance - a PostgreSQL server of our own, stopped by stop()."""

    def __init__(self, start=True):
        self.tmp = tempfile.mkdtemp(prefix="tattler-pg-")
        self.data = os.path.join(self.tmp, "data")
        self.as_postgres = os.geteuid() == 0
        self.port = None
        self.running = False
        if start:
            self.start()

    def _run(self, args, **kwargs):
        if self.as_postgres:
            args = ["runuser", "-u", "postgres", "--"] + args
        return subprocess.run(args, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=120,
                              **kwargs)

    def start(self):
        """start - initdb (once) and launch; raises RuntimeError on failure."""
        if self.as_postgres:
            shutil.chown(self.tmp, user="postgres")
        if not os.path.exists(self.data):
            r = self._run([os.path.join(PG_BIN, "initdb"), "-D", self.data,
                           "-A", "trust", "-U", "postgres", "-E", "UTF8",
                           "--locale=C", "--no-sync"])
            if r.returncode != 0:
                raise RuntimeError("initdb failed:\n" +
                                   r.stdout.decode("utf-8", "replace"))
        for _ in range(2):
            self.port = free_port()
            opts = ("-p %d -k %s -c listen_addresses=127.0.0.1 -F "
                    "-c max_connections=200" % (self.port, self.tmp))
            r = self._run([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data,
                           "-l", os.path.join(self.tmp, "server.log"), "-w",
                           "-t", "60", "-o", opts, "start"])
            if r.returncode == 0:
                self.running = True
                return self
        raise RuntimeError("pg_ctl start failed:\n" + self.log())

    def url(self, db="postgres"):
        """url - the connection URL of database db."""
        return "postgresql://postgres@127.0.0.1:%d/%s" % (self.port, db)

    def psql(self, sql, db="postgres"):
        """psql - run sql on db; returns stdout, raises on error."""
        psql = os.path.join(PG_BIN, "psql")
        r = subprocess.run([psql, "-X", "-q", "-A", "-t", "-v",
                            "ON_ERROR_STOP=1", "-d", self.url(db), "-c", sql],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.decode("utf-8", "replace"))
        return r.stdout.decode("utf-8")

    def create_database(self, name):
        """create_database - a new empty database; its URL."""
        self.psql('CREATE DATABASE "%s"' % name)
        return self.url(name)

    def log(self):
        path = os.path.join(self.tmp, "server.log")
        if not os.path.exists(path):
            return ""
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        """stop - immediate shutdown and removal of the data folder."""
        if self.running:
            self._run([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data,
                       "-m", "immediate", "-w", "stop"])
            self.running = False
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
