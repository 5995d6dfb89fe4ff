"""outbox_support - look into a server's outbox from an integration test.

Offers:
  sqlite_path(queue_dir)        the SQLite outbox file of TATTLER_QUEUE_DIR
  states(queue_dir=..., pg=..., db=...)
                                {state: count} of every job (SQLite file or
                                a pg_support.PgInstance database)
  job(job_id, queue_dir=..., pg=..., db=...)
                                a job's row as a dict (no payload), or None
  attempts(job_id, queue_dir=..., pg=..., db=...)
                                [(attempt, kind, detail)] oldest first

The tables are those of src/outbox/schema.cpp. Reading the SQLite file
while the server runs is safe (WAL readers do not block the writer).

Limits: read-only; PostgreSQL access goes through psql text output, so
values come back as strings.
"""
import os
import sqlite3

_JOB_COLUMNS = ("id, correlation_id, scope, event, vector, state, attempts, "
                "created_at, next_attempt_at, updated_at, lease_owner, "
                "lease_until, last_detail")


def sqlite_path(queue_dir):
    """sqlite_path - where the server keeps its SQLite outbox."""
    return os.path.join(queue_dir, "outbox.sqlite3")


def _query(sql, params, queue_dir=None, pg=None, db="postgres"):
    if queue_dir is not None:
        conn = sqlite3.connect("file:%s?mode=ro" % sqlite_path(queue_dir),
                               uri=True, timeout=10)
        try:
            return [tuple(r) for r in conn.execute(sql, params).fetchall()]
        finally:
            conn.close()
    for p in params:
        sql = sql.replace("?", "'%s'" % str(p).replace("'", "''"), 1)
    out = pg.psql(sql, db).strip("\n")
    return [tuple(line.split("|")) for line in out.split("\n") if line]


def states(queue_dir=None, pg=None, db="postgres"):
    """states - how many jobs are in each state."""
    rows = _query("SELECT state, COUNT(*) FROM outbox_jobs GROUP BY state",
                  (), queue_dir, pg, db)
    return {state: int(n) for state, n in rows}


def job(job_id, queue_dir=None, pg=None, db="postgres"):
    """job - one job's columns (without the message), or None."""
    rows = _query("SELECT %s FROM outbox_jobs WHERE id = ?" % _JOB_COLUMNS,
                  (job_id,), queue_dir, pg, db)
    if not rows:
        return None
    names = [c.strip() for c in _JOB_COLUMNS.split(",")]
    return dict(zip(names, rows[0]))


def attempts(job_id, queue_dir=None, pg=None, db="postgres"):
    """attempts - (attempt number, kind, detail) of each attempt."""
    return _query("SELECT attempt, kind, detail FROM outbox_attempts "
                  "WHERE job_id = ? ORDER BY attempt", (job_id,), queue_dir,
                  pg, db)
