"""The PostgreSQL backend's own promises (the shared contract runs in test_store.py on both backends).

Every test gets a database of its own (``pg_url``); without REBOUND_TEST_DATABASE_URL they
skip locally and fail in CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from rebound.storage import (
    FORMAT,
    SCHEMA_VERSION,
    ImportRefused,
    RecordNotFound,
    StoreUnavailable,
    open_workspace,
)
from rebound.storage import files as store
from rebound.storage import postgres as pgstore
from tests.pgcluster import BIN

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4LXNlY3JldA"
KEY = "link:" + TOKEN


def rejection(**extra) -> dict:
    return {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": "2025-03-14", **extra}


def other_process(code: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def pg_dump(url: str) -> bytes:
    return subprocess.run([str(BIN / "pg_dump"), "--no-owner", url], check=True, capture_output=True, timeout=60).stdout


def secrets_in(dump: bytes, *secrets: str) -> list[str]:
    """Which secrets a dump shows, as text or as the hex PostgreSQL prints bytea in."""
    found = []
    for s in secrets:
        raw = s.encode("utf-8", "surrogatepass")
        if raw in dump or raw.hex().encode() in dump.lower():
            found.append(s)
    return found


# -- configuration -------------------------------------------------------------


def test_a_database_url_writes_nothing_under_data_dir(pg_url, tmp_path):
    folder = tmp_path / "workspaces"
    ws = open_workspace(KEY, folder, database_url=pg_url)
    rid = ws.add("rejections", rejection())
    with ws.batch():
        ws.update("rejections", rid, {"stage": "final"})
    ws.import_data(ws.export(), "replace")
    ws.all("rejections")
    ws.destroy()
    assert not folder.exists()
    assert not any(tmp_path.iterdir())


def test_the_environment_variable_chooses_the_database(pg_url, tmp_path, monkeypatch):
    monkeypatch.setenv("REBOUND_DATABASE_URL", pg_url)
    ws = open_workspace(KEY, tmp_path / "workspaces")
    assert isinstance(ws, pgstore.PgWorkspace)
    ws.add("wins", {"text": "in the database"})
    assert not (tmp_path / "workspaces").exists()
    monkeypatch.delenv("REBOUND_DATABASE_URL")
    assert open_workspace(KEY, tmp_path / "workspaces").all("wins") == []  # the file store is separate


HOSTILE_KEYS = ["k" * 10_000, "nul\x00byte", "\x00", "ünïcødé 日本語 🙂", "\ud800 lone surrogate", "../../x"]


def test_any_key_the_file_store_accepts_works_and_keys_stay_apart(pg_url):
    for i, key in enumerate(HOSTILE_KEYS):
        open_workspace(key, database_url=pg_url).add("notes", {"n": i})
    pgstore.close(pg_url)  # a fresh process's view: no cache
    for i, key in enumerate(HOSTILE_KEYS):
        ws = open_workspace(key, database_url=pg_url)
        assert [r["n"] for r in ws.all("notes")] == [i]
        assert ws.id == store.journal_path(key, "/x").stem  # the same hashed name as the file store


@pytest.mark.parametrize("key", ["", None, b"bytes"])
def test_empty_or_non_string_key_is_refused(pg_url, key):
    with pytest.raises(ValueError):
        open_workspace(key, database_url=pg_url)


# -- privacy -----------------------------------------------------------------------


def test_no_key_or_token_reaches_the_database(pg_url):
    ws = open_workspace(KEY, database_url=pg_url)
    rid = ws.add("rejections", rejection(notes="canary-text-in-a-record"))
    ws.update("rejections", rid, {"stage": "final"})
    ws.import_data(ws.export(), "merge")
    open_workspace("personal", database_url=pg_url).add("rejections", rejection(notes="plain-canary-text"))
    dump = pg_dump(pg_url)
    assert secrets_in(dump, "plain-canary-text")  # a plain journal's body is readable: the check can see
    assert secrets_in(dump, "canary-text-in-a-record") == []  # a link journal is sealed
    assert secrets_in(dump, KEY, TOKEN, TOKEN[:16]) == []


def test_negative_control_the_dump_check_finds_a_key_that_was_stored(pg_url):
    """NEGATIVE CONTROL: a key written into the database (as text, and as bytea) is found by the check."""
    ws = open_workspace("other", database_url=pg_url)
    ws.add("leak", {"text": KEY})
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE leak (b bytea)")
        conn.execute("INSERT INTO leak VALUES (%s)", (TOKEN[:16].encode(),))
    assert secrets_in(pg_dump(pg_url), KEY, TOKEN, TOKEN[:16]) == [KEY, TOKEN, TOKEN[:16]]


def test_destroy_removes_the_journal_rows_and_its_text(pg_url):
    ws = open_workspace(KEY, database_url=pg_url)
    ws.add("rejections", rejection(notes="words-to-forget"))
    neighbour = open_workspace("a neighbour", database_url=pg_url)
    neighbour.add("rejections", rejection(notes="neighbour-words"))
    ws.destroy()
    dump = pg_dump(pg_url)
    assert secrets_in(dump, "words-to-forget", "neighbour-words") == ["neighbour-words"]
    assert ws.all("rejections") == [] and ws.revision == "0" and not ws.exists
    with psycopg.connect(pg_url) as conn:
        digest = bytes.fromhex(ws.id)
        for table in ("rebound_records", "rebound_tables"):
            assert conn.execute(f"SELECT count(*) FROM {table} WHERE journal = %s", (digest,)).fetchone()[0] == 0
    assert len(neighbour.all("rejections")) == 1
    ws.add("rejections", rejection())  # a destroyed journal can start again
    assert len(ws.all("rejections")) == 1


# -- the codec (sealing plugs in here) ----------------------------------------------


def test_every_body_is_sealed_and_bound_to_journal_table_and_id(pg_url):
    ws = open_workspace(KEY, database_url=pg_url)
    assert ws.sealed
    a = ws.add("rejections", rejection(notes="sealed-words"))
    b = ws.add("rejections", rejection(notes="other"))
    ws.update("rejections", a, {"stage": "final"})
    assert secrets_in(pg_dump(pg_url), "sealed-words") == []
    pgstore.close(pg_url)
    ws = open_workspace(KEY, database_url=pg_url)
    assert ws.get("rejections", a)["notes"] == "sealed-words"
    # a row moved onto another record's place no longer opens: refused, never read as other records
    with psycopg.connect(pg_url) as conn:
        conn.execute(
            "UPDATE rebound_records SET body = (SELECT body FROM rebound_records WHERE rid = %s) WHERE rid = %s", (a, b)
        )
    pgstore.close(pg_url)
    ws = open_workspace(KEY, database_url=pg_url)
    assert [r["id"] for r in ws.all("rejections")] == [a]  # the moved row is hidden, never read as b
    assert ws.unreadable() == {"rejections": 1}


def test_a_damaged_row_hides_only_itself_is_told_and_can_be_deleted_or_restored(pg_url):
    ws = open_workspace(KEY, database_url=pg_url)
    keep = ws.add("wins", {"text": "kept"})
    bad = ws.add("wins", {"text": "tampered"})
    ws.add("profile", {"name": "Sam"})
    backup = ws.export()
    with psycopg.connect(pg_url) as conn:  # whoever holds the database changes one row
        conn.execute("UPDATE rebound_records SET body = 'x'::bytea || body WHERE rid = %s", (bad,))
        conn.execute("UPDATE rebound_tables SET rev = nextval('rebound_rev') WHERE tbl = 'wins'")
    pgstore.close(pg_url)
    ws = open_workspace(KEY, database_url=pg_url)
    notices = ws.take_notices()
    assert len(notices) == 1 and notices[0].startswith("1 record in your journal could not be opened"), notices
    assert [r["id"] for r in ws.all("wins")] == [keep] and ws.all("profile")[0]["name"] == "Sam"
    assert ws.unreadable() == {"wins": 1}
    assert [r["id"] for r in ws.export()["tables"]["wins"]] == [keep]  # the backup has what can be read
    ws.import_data(backup, "merge")  # restoring a backup that has it brings it back
    assert sorted(r["text"] for r in ws.all("wins")) == ["kept", "tampered"]
    assert ws.unreadable() == {} and ws.take_notices() == []
    with psycopg.connect(pg_url) as conn:
        conn.execute("UPDATE rebound_records SET body = 'x'::bytea || body WHERE rid = %s", (bad,))
        conn.execute("UPDATE rebound_tables SET rev = nextval('rebound_rev') WHERE tbl = 'wins'")
    assert ws.unreadable() == {"wins": 1}
    assert ws.delete_unreadable() == 1
    assert ws.unreadable() == {} and [r["id"] for r in ws.all("wins")] == [keep]
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM rebound_records WHERE rid = %s", (bad,)).fetchone()[0] == 0


def test_another_link_cannot_open_a_journals_rows(pg_url):
    open_workspace(KEY, database_url=pg_url).add("wins", {"text": "mine"})
    assert open_workspace("link:" + "Z" * 32, database_url=pg_url).all("wins") == []


# -- the cache -----------------------------------------------------------------------


def test_reads_come_from_the_cache_until_the_table_changes_anywhere(pg_url, monkeypatch):
    ws = open_workspace(KEY, database_url=pg_url)
    for i in range(20):
        ws.add("activities", {"n": i})
    ws.add("wins", {"text": "w"})
    loads: list[list[str]] = []
    real = pgstore.PgWorkspace._catch_up
    monkeypatch.setattr(
        pgstore.PgWorkspace,
        "_catch_up",
        lambda self, conn, t, revs: (loads.append(list(t)), real(self, conn, t, revs))[1],
    )
    ws.all("activities"), ws.all("wins")
    loads.clear()
    for _ in range(3):
        assert len(ws.all("activities")) == 20 and ws.count("wins") == 1
    ws.add("activities", {"n": 20})  # this process's own write keeps the cache in step
    assert len(ws.all("activities")) == 21
    assert loads == []
    other_process(
        "import sys; from rebound.storage import open_workspace;"
        "open_workspace(sys.argv[1], database_url=sys.argv[2]).add('wins', {'text': 'elsewhere'})",
        KEY,
        pg_url,
    )
    assert len(ws.all("activities")) == 21 and loads == []  # untouched table: still cached
    assert sorted(w["text"] for w in ws.all("wins")) == ["elsewhere", "w"]
    assert loads == [["wins"]]  # only the table another process changed is brought up to date


def test_another_process_write_changes_revision_and_is_seen(pg_url):
    ws = open_workspace(KEY, database_url=pg_url)
    rid = ws.add("rejections", rejection())
    rev, table_rev, wins_rev = ws.revision, ws.table_revision("rejections"), ws.table_revision("wins")
    other_process(
        "import sys; from rebound.storage import open_workspace;"
        "open_workspace(sys.argv[1], database_url=sys.argv[2]).update('rejections', sys.argv[3], {'stage': 'offer'})",
        KEY,
        pg_url,
        rid,
    )
    assert ws.revision != rev and ws.table_revision("rejections") != table_rev
    assert ws.table_revision("wins") == wins_rev
    assert ws.get("rejections", rid)["stage"] == "offer"


# -- writes that fail write nothing ---------------------------------------------------------


def test_failed_writes_and_batches_change_nothing(pg_url):
    ws = open_workspace(KEY, database_url=pg_url)
    with pytest.raises(RuntimeError), ws.batch():
        ws.add("rejections", rejection())
        raise RuntimeError
    assert not ws.exists and ws.revision == "0"
    keep = ws.add("rejections", rejection())
    rev = ws.revision
    for op in (lambda: ws.update("rejections", "nope", {"a": 1}), lambda: ws.delete("wins", "nope")):
        with pytest.raises(RecordNotFound):
            op()
    with pytest.raises(TypeError):
        ws.add("rejections", {"bad": object()})
    with pytest.raises(ValueError):
        ws.add("rejections", {"id": keep})  # an id already taken
    with ws.batch():
        ws.all("rejections")
    assert ws.revision == rev
    with pytest.raises(RuntimeError), ws.batch():
        ws.update("rejections", keep, {"stage": "offer"})
        assert ws.get("rejections", keep)["stage"] == "offer"  # the batch sees its own writes
        raise RuntimeError
    assert ws.get("rejections", keep)["stage"] == "interview" and ws.revision == rev


@pytest.mark.parametrize(
    "doc",
    [
        [1],
        {"format": "other", "version": 1, "tables": {}},
        {"format": FORMAT, "version": SCHEMA_VERSION + 1, "tables": {}},
        {"format": FORMAT, "version": SCHEMA_VERSION, "tables": {"rejections": [{"id": "a"}, {"id": "a"}]}},
    ],
)
def test_a_refused_import_changes_nothing(pg_url, doc):
    ws = open_workspace(KEY, database_url=pg_url)
    ws.add("rejections", rejection())
    before = (ws.revision, ws.export()["tables"])
    with pytest.raises(ImportRefused):
        ws.import_data(doc, "replace")
    assert (ws.revision, ws.export()["tables"]) == before


# -- schema ------------------------------------------------------------------------------------


def test_schema_is_created_once_with_its_version(pg_url):
    open_workspace(KEY, database_url=pg_url).add("wins", {"text": "x"})
    pgstore.close(pg_url)
    open_workspace(KEY, database_url=pg_url).add("wins", {"text": "y"})  # a second start: idempotent
    with psycopg.connect(pg_url) as conn:
        version = conn.execute("SELECT value FROM rebound_meta WHERE name = 'schema_version'").fetchone()[0]
    assert version == pgstore.DB_SCHEMA_VERSION
    assert len(open_workspace(KEY, database_url=pg_url).all("wins")) == 2


def test_processes_starting_at_once_all_get_the_schema(pg_url):
    code = (
        "import sys; from rebound.storage import open_workspace;"
        "open_workspace('k' + sys.argv[2], database_url=sys.argv[1]).add('wins', {'text': 'x'}); print('ok')"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-c", code, pg_url, str(i)], env=env, stdout=subprocess.PIPE, text=True)
        for i in range(4)
    ]
    assert [p.communicate(timeout=60)[0].strip() for p in procs] == ["ok"] * 4


def test_a_database_from_a_newer_version_is_refused_clearly(pg_url):
    open_workspace(KEY, database_url=pg_url).add("wins", {"text": "x"})
    with psycopg.connect(pg_url) as conn:
        conn.execute("UPDATE rebound_meta SET value = value + 1 WHERE name = 'schema_version'")
    pgstore.close(pg_url)
    with pytest.raises(pgstore.SchemaTooNew, match="newer version of Rebound"):
        open_workspace(KEY, database_url=pg_url)


def test_an_unreachable_database_raises_store_unavailable(tmp_path):
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    url = f"postgresql://rebound@127.0.0.1:{port}/nothing"
    try:
        with pytest.raises(StoreUnavailable, match="cannot reach its database"):
            open_workspace(KEY, tmp_path / "w", database_url=url)
    finally:
        pgstore.close(url)
    assert not (tmp_path / "w").exists()
