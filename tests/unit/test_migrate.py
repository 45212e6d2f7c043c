"""python -m rebound.storage.migrate: a data folder's journals into PostgreSQL, by hash, idempotent, per journal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg

from rebound.storage import migrate, open_workspace, seal
from rebound.storage import postgres as pgstore
from rebound.storage.files import journal_path

ROOT = Path(__file__).resolve().parents[2]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "workspaces"
    a = open_workspace("link:aaaaaaaaaaaaaaaaaaaaaaaa", folder)
    for i in range(3):
        # As this version writes them (with the link field), so the database has nothing to upgrade.
        a.add("rejections", {"company": f"C{i}", "application_id": None})
    a.add("wins", {"text": "a win"})
    b = open_workspace("personal", folder)
    b.add("checkins", {"mood": 4})
    for _ in range(2):  # snapshots and a lock lie beside the journals: not journals themselves
        b.update("checkins", b.all("checkins")[0]["id"], {"mood": 5})
    (folder / "notes.txt").write_text("not a journal")
    return folder


def run_migrate(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "rebound.storage.migrate", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_migrate_copies_every_journal_by_hash_and_reports_each(pg_url, tmp_path):
    folder = _folder(tmp_path)
    done = run_migrate("--to", pg_url, "--from", str(folder))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "2 of 2 journals are in the database."
    assert sorted(lines[:-1]) == sorted(
        [
            f"{journal_path('link:aaaaaaaaaaaaaaaaaaaaaaaa', folder).stem[:12]}… copied as it is (sealed): "
            "it opens in the database on its owner's next visit",
            f"{journal_path('personal', folder).stem[:12]}… copied: 1 record in 1 table",
        ]
    )
    for key in ("link:aaaaaaaaaaaaaaaaaaaaaaaa", "personal"):  # the owner's key opens what was copied
        mine, theirs = open_workspace(key, folder), open_workspace(key, database_url=pg_url)
        a, b = mine.export(), theirs.export()
        a.pop("exported_at"), b.pop("exported_at")
        assert a == b

    again = run_migrate("--to", pg_url, "--from", str(folder))  # idempotent
    assert again.returncode == 0, again.stderr
    assert sum("already in the database" in line for line in again.stdout.splitlines()) == 2
    pgstore.close(pg_url)
    assert len(open_workspace("link:aaaaaaaaaaaaaaaaaaaaaaaa", database_url=pg_url).all("rejections")) == 3


def test_a_journal_already_written_in_the_database_is_not_overwritten(pg_url, tmp_path):
    folder = _folder(tmp_path)
    open_workspace("personal", database_url=pg_url).add("wins", {"text": "newer, in the database"})
    assert migrate.main(["--to", pg_url, "--from", str(folder)]) == 0
    ws = open_workspace("personal", database_url=pg_url)
    assert ws.tables() == ["wins"]


def test_a_sealed_file_is_copied_as_it_is_and_opened_by_its_owners_key(pg_url, tmp_path, capsys):
    """What a sealed journal does: the migrator cannot read it, the owner's link can."""
    folder = tmp_path / "workspaces"
    key = "link:bbbbbbbbbbbbbbbbbbbbbbbb"
    open_workspace(key, folder).add("wins", {"text": "sealed words"})
    path = journal_path(key, folder)
    assert seal.is_sealed(path.read_bytes())
    assert migrate.main(["--to", pg_url, "--from", str(folder)]) == 0
    assert "copied as it is (sealed)" in capsys.readouterr().out
    with psycopg.connect(pg_url) as conn:  # stored exactly as the file was: still sealed
        assert conn.execute("SELECT body FROM rebound_pending").fetchone()[0] == path.read_bytes()
    pgstore.close(pg_url)
    owner = open_workspace(key, database_url=pg_url)
    assert [w["text"] for w in owner.all("wins")] == ["sealed words"]
    with psycopg.connect(pg_url) as conn:  # adopted: the rows are sealed too, the copy is gone
        assert conn.execute("SELECT count(*) FROM rebound_pending").fetchone()[0] == 0
        bodies = [bytes(r[0]) for r in conn.execute("SELECT body FROM rebound_records").fetchall()]
    assert bodies and all(seal.is_sealed(b) for b in bodies)


def test_a_damaged_file_is_reported_and_not_copied(pg_url, tmp_path, capsys):
    folder = tmp_path / "workspaces"
    folder.mkdir()
    (folder / ("ab" * 32 + ".json")).write_bytes(b'{"broken')
    assert migrate.main(["--to", pg_url, "--from", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "NOT copied: the file is damaged" in out and "0 of 1 journals" in out
