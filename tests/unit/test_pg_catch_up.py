"""The PostgreSQL cache catches up by what changed, and sees exactly what the database holds.

"Another process" is either a real one (a subprocess) or this process through another URL
spelling of the same database: each URL has its own pool and its own cache, as a second
process would. The truth is always a cache that has never seen the journal (a third URL),
which reads the tables whole.

Negative controls, kept in the suite: the same checks run against a cache that ignores
deletions and one that ignores a table's new generation (cleared or destroyed elsewhere), and
must fail (``test_..._catches_a_cache_that_*``). Before this change no catching-up existed (every
change elsewhere reloaded the table), so ``test_a_change_elsewhere_is_read_by_what_changed``
failed on the old code (it counts whole-table reads).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from rebound.storage import FORMAT, SCHEMA_VERSION, key_digest, open_workspace
from rebound.storage import postgres as pgstore

ROOT = Path(__file__).resolve().parents[2]
KEY = "link:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4LXNlY3JldA"  # sealed rows
PLAIN_KEY = "personal"


@pytest.fixture
def urls(pg_url) -> Iterator[tuple[str, str, str]]:
    """(mine, another process's, the truth's): one database, three caches."""
    other, truth = (make_conninfo(pg_url, application_name=f"rebound-{n}") for n in ("other", "truth"))
    yield pg_url, other, truth
    pgstore.close(other)
    pgstore.close(truth)


def truth(url: str, key: str, table: str) -> list[dict]:
    pgstore.close(url)  # a cache that has never seen the journal: reads the table whole
    return open_workspace(key, database_url=url).all(table)


def whole_reads(monkeypatch) -> list[str]:
    """The tables read whole from now on (the catching-up reads only what changed)."""
    reads: list[str] = []
    real = pgstore.PgWorkspace._load
    monkeypatch.setattr(pgstore.PgWorkspace, "_load", lambda self, conn, t: (reads.append(t), real(self, conn, t))[1])
    return reads


def ignore_deletions(monkeypatch) -> None:
    """A negative control: a cache that applies rows written elsewhere but not deletions."""
    real = pgstore.PgWorkspace._apply_marks
    monkeypatch.setattr(
        pgstore.PgWorkspace,
        "_apply_marks",
        lambda self, table, cached, marks: real(self, table, cached, [m for m in marks if m[0]]),
    )


def ignore_generations(monkeypatch) -> None:
    """A negative control: a cache that catches up even across a clear or destroy elsewhere."""
    real = pgstore.PgWorkspace._changes_since

    def changes_since(self, conn, table, cached):
        now = conn.execute(
            "SELECT born FROM rebound_tables WHERE journal = %s AND tbl = %s", (self._j.digest, table)
        ).fetchone()
        if now:
            cached.born = now[0]  # as if the table were still of the generation this copy was read from
        return real(self, conn, table, cached)

    monkeypatch.setattr(pgstore.PgWorkspace, "_changes_since", changes_since)


def random_walk(urls, key: str, steps: int, seed: int) -> None:
    """Two caches write (add, update, delete) in turn; after every step each sees exactly the truth."""
    mine, other, truth_url = urls
    rng = random.Random(seed)
    sides = [open_workspace(key, database_url=mine), open_workspace(key, database_url=other)]
    for ws in sides:
        ws.all("activities")  # both caches hold the table from the start
    for step in range(steps):
        ws = sides[rng.randrange(2)]
        ids = [r["id"] for r in ws.all("activities")]
        op = rng.choice(["add", "add", "update", "delete"]) if ids else "add"
        if op == "add":
            ws.add("activities", {"n": step, "words": "x" * rng.randrange(50)})
        elif op == "update":
            ws.update("activities", rng.choice(ids), {"n": -step})
        else:
            ws.delete("activities", rng.choice(ids))
        expected = truth(truth_url, key, "activities")
        for side in sides:
            assert side.all("activities") == expected, f"step {step} ({op})"


@pytest.mark.parametrize("key", [KEY, PLAIN_KEY], ids=["sealed", "plain"])
def test_two_caches_adding_updating_and_deleting_each_see_exactly_the_truth(urls, key):
    random_walk(urls, key, steps=60, seed=17)


def test_the_walk_catches_a_cache_that_ignores_deletions(urls, monkeypatch):
    ignore_deletions(monkeypatch)
    with pytest.raises(AssertionError, match="delete"):
        random_walk(urls, PLAIN_KEY, steps=60, seed=17)


def test_a_change_elsewhere_is_read_by_what_changed(urls, monkeypatch):
    mine, other, _ = urls
    ws = open_workspace(KEY, database_url=mine)
    ids = [ws.add("activities", {"n": i}) for i in range(30)]
    ws.all("activities")
    reads = whole_reads(monkeypatch)
    elsewhere = open_workspace(KEY, database_url=other)
    elsewhere.update("activities", ids[3], {"n": 300})
    elsewhere.delete("activities", ids[5])
    new = elsewhere.add("activities", {"n": 99})
    got = ws.all("activities")
    assert [r["n"] for r in got] == [0, 1, 2, 300, 4, *range(6, 30), 99]
    assert got[-1]["id"] == new
    assert reads == []  # caught up, not reloaded


def test_a_real_other_process_adding_updating_and_deleting_is_seen(urls, monkeypatch):
    mine, _, truth_url = urls
    ws = open_workspace(KEY, database_url=mine)
    ids = [ws.add("wins", {"text": f"w{i}"}) for i in range(5)]
    ws.all("wins")
    reads = whole_reads(monkeypatch)
    code = (
        "import sys; from rebound.storage import open_workspace;"
        "ws = open_workspace(sys.argv[1], database_url=sys.argv[2]);"
        "ws.delete('wins', sys.argv[3]); ws.update('wins', sys.argv[4], {'text': 'changed'});"
        "ws.add('wins', {'id': sys.argv[3], 'text': 'back again'}); ws.add('wins', {'text': 'new'})"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, KEY, mine, ids[1], ids[2]], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    got = ws.all("wins")
    assert [w["text"] for w in got] == ["w0", "changed", "w3", "w4", "back again", "new"]
    assert reads == []  # caught up, not reloaded
    assert got == truth(truth_url, KEY, "wins")


def _cleared_and_destroyed_elsewhere(urls) -> None:
    mine, other, truth_url = urls
    ws = open_workspace(KEY, database_url=mine)
    for i in range(4):
        ws.add("wins", {"text": f"old {i}"})
    assert len(ws.all("wins")) == 4
    elsewhere = open_workspace(KEY, database_url=other)
    doc = {"format": FORMAT, "version": SCHEMA_VERSION, "tables": {"wins": [{"id": "a1", "text": "restored"}]}}
    elsewhere.import_data(doc, "replace")  # the table cleared and written again
    assert ws.all("wins") == truth(truth_url, KEY, "wins")
    assert [w["text"] for w in ws.all("wins")] == ["restored"]
    elsewhere.destroy()  # the journal deleted and started again, while my cache slept
    elsewhere.add("wins", {"text": "a fresh start"})
    assert [w["text"] for w in ws.all("wins")] == ["a fresh start"]


def test_a_table_cleared_or_destroyed_elsewhere_is_read_again(urls):
    _cleared_and_destroyed_elsewhere(urls)


def test_that_check_catches_a_cache_that_ignores_a_new_generation(urls, monkeypatch):
    ignore_generations(monkeypatch)  # clear and destroy drop the deletion marks: only the generation tells
    with pytest.raises(AssertionError):
        _cleared_and_destroyed_elsewhere(urls)


# -- the schema version --------------------------------------------------------

_SCHEMA_1 = """
CREATE TABLE rebound_meta (name text PRIMARY KEY, value bigint NOT NULL);
CREATE SEQUENCE rebound_rev;
CREATE TABLE rebound_tables (journal bytea NOT NULL, tbl text NOT NULL, rev bigint NOT NULL,
    PRIMARY KEY (journal, tbl));
CREATE TABLE rebound_records (journal bytea NOT NULL, tbl text NOT NULL, rid text NOT NULL,
    seq bigint NOT NULL, body bytea NOT NULL, PRIMARY KEY (journal, tbl, rid));
CREATE TABLE rebound_pending (journal bytea PRIMARY KEY, body bytea NOT NULL);
INSERT INTO rebound_meta VALUES ('schema_version', 1);
"""


def _write_as_schema_1(conn, digest: bytes, rid: str, record: dict | None) -> None:
    """What a Rebound of schema 1 does for an add or a delete (``record`` None): it draws the
    table's revision first, then writes the row, then sets the revision."""
    rev = conn.execute(
        "SELECT nextval('rebound_rev') FROM (SELECT pg_advisory_xact_lock(%s)) AS locked", (pgstore._lock_id(digest),)
    ).fetchone()[0]
    if record is None:
        conn.execute("DELETE FROM rebound_records WHERE journal = %s AND tbl = 'wins' AND rid = %s", (digest, rid))
    else:
        conn.execute(
            "INSERT INTO rebound_records (journal, tbl, rid, seq, body) "
            "VALUES (%s, 'wins', %s, nextval('rebound_rev'), %s)",
            (digest, rid, orjson.dumps(record)),
        )
    conn.execute(
        "INSERT INTO rebound_tables (journal, tbl, rev) VALUES (%s, 'wins', %s) "
        "ON CONFLICT (journal, tbl) DO UPDATE SET rev = EXCLUDED.rev",
        (digest, rev),
    )
    conn.commit()


def test_a_schema_1_database_is_migrated_and_keeps_its_records(pg_url):
    digest = bytes.fromhex(key_digest(PLAIN_KEY))
    pgstore.close(pg_url)
    with psycopg.connect(pg_url) as conn:
        conn.execute(_SCHEMA_1)
        conn.commit()
        _write_as_schema_1(conn, digest, "w1", {"id": "w1", "text": "from before"})
    ws = open_workspace(PLAIN_KEY, database_url=pg_url)
    assert [w["text"] for w in ws.all("wins")] == ["from before"]
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT value FROM rebound_meta").fetchone()[0] == pgstore.DB_SCHEMA_VERSION == 2
        # A schema-1 Rebound still running writes on: the triggers mark its rows, so caches see them.
        _write_as_schema_1(conn, digest, "w2", {"id": "w2", "text": "from an old replica"})
        _write_as_schema_1(conn, digest, "w1", None)
    assert [w["text"] for w in ws.all("wins")] == ["from an old replica"]
    ws.add("wins", {"text": "after"})
    assert [w["text"] for w in truth(pg_url, PLAIN_KEY, "wins")] == ["from an old replica", "after"]
    pgstore.close(pg_url)
    pgstore._database(pg_url)  # a second start finds the schema current and leaves it alone
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT value FROM rebound_meta").fetchone()[0] == 2
