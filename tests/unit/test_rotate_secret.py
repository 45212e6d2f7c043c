"""Login journals and the storage secret: ``python -m rebound.storage.migrate --rotate-secret`` re-seals every
login journal (both backends) without knowing any login, and a changed secret says so in its own
words instead of looking like a damaged journal (which would set the journal aside and start empty).

Negative control (run inside the test below): the same wrong secret against a journal sealed the way
login journals were before (version 1, no check of the secret) is taken for damage: the journal is
set aside and the person sees an empty one. That is what the new message guards against.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rebound import access
from rebound.storage import SecretChanged, open_workspace, rotate, seal
from rebound.storage.files import journal_path

ROOT = Path(__file__).resolve().parents[2]
OLD, NEW = "old-storage-secret-5d1f0c", "new-storage-secret-a93e77"
ALEX = access.oidc_key("http://127.0.0.1:4010", "test-user-alex")
BLAIR = access.oidc_key("https://login.example", "blair-subject")
LINK = access.link_key("L" * 32)


def store_backends(metafunc):
    return ["file", "postgresql"]


def _open(store_backend, key: str, secret: str | None):
    return open_workspace(key, store_backend.folder, database_url=store_backend.url, storage_secret=secret)


def _fill(store_backend) -> None:
    alex = _open(store_backend, ALEX, OLD)
    rid = alex.add("wins", {"date": "2026-03-01", "text": "Alex's first win"})
    for i in range(3):  # snapshots in the file store, several rows in the database
        alex.update("wins", rid, {"text": f"Alex's win, edit {i}"})
    alex.add("reframes", {"situation": "Alex's situation"})
    _open(store_backend, BLAIR, OLD).add("wins", {"text": "Blair's win"})
    _open(store_backend, LINK, OLD).add("wins", {"text": "a private link's win"})
    _open(store_backend, "personal", None).add("wins", {"text": "a plain win"})


def _wins(ws) -> list[str]:
    return sorted(w["text"] for w in ws.all("wins"))


def _rotate(store_backend, old: str = OLD, new: str = NEW) -> rotate.Report:
    if store_backend.kind == "file":
        return rotate.rotate_folder(store_backend.folder, old, new)
    return rotate.rotate_database(store_backend.url, old, new)


def test_rotation_reseals_every_login_journal_and_leaves_the_others(store_backend):
    _fill(store_backend)
    link_before = _wins(_open(store_backend, LINK, None))
    if store_backend.kind == "file":
        link_bytes = journal_path(LINK, store_backend.folder).read_bytes()

    report = _rotate(store_backend)
    assert (report.rotated, report.already, report.other, report.problems) == (2, 0, 2, [])

    assert _wins(_open(store_backend, ALEX, NEW)) == ["Alex's win, edit 2"]
    assert [r["situation"] for r in _open(store_backend, ALEX, NEW).all("reframes")] == ["Alex's situation"]
    assert _wins(_open(store_backend, BLAIR, NEW)) == ["Blair's win"]
    assert _wins(_open(store_backend, LINK, None)) == link_before  # only its link opens it: untouched
    assert _wins(_open(store_backend, "personal", None)) == ["a plain win"]
    if store_backend.kind == "file":
        assert journal_path(LINK, store_backend.folder).read_bytes() == link_bytes
        stem = journal_path(ALEX, store_backend.folder).stem
        copies = list(store_backend.folder.glob(f"{stem}.*.json")) + [journal_path(ALEX, store_backend.folder)]
        assert len(copies) >= 3  # the journal and its snapshots
        codec = seal.login_codec(bytes.fromhex(stem), NEW)
        for copy in copies:  # every copy, snapshots too, is under the new secret now
            assert b"Alex" in codec.decode(copy.read_bytes(), stem.encode())

    again = _rotate(store_backend)  # safe to run again (e.g. after an interruption)
    assert (again.rotated, again.already, again.problems) == (0, 2, [])


def test_the_old_secret_after_rotation_says_the_secret_changed_and_touches_nothing(store_backend):
    _fill(store_backend)
    _rotate(store_backend)
    if store_backend.kind == "file":
        before = sorted((p.name, p.read_bytes()) for p in store_backend.folder.iterdir())
    with pytest.raises(SecretChanged, match="this deployment's storage secret changed"):
        _wins(_open(store_backend, ALEX, OLD))
    if store_backend.kind == "file":
        assert sorted((p.name, p.read_bytes()) for p in store_backend.folder.iterdir()) == before  # no "repair"
    assert _wins(_open(store_backend, ALEX, NEW)) == ["Alex's win, edit 2"]


def test_a_wrong_secret_is_not_taken_for_a_damaged_journal(tmp_path, monkeypatch):
    folder = tmp_path / "workspaces"
    open_workspace(ALEX, folder, storage_secret=OLD).add("wins", {"text": "kept safe"})
    path = journal_path(ALEX, folder)
    before = path.read_bytes()
    with pytest.raises(SecretChanged, match="this deployment's storage secret changed"):
        open_workspace(ALEX, folder, storage_secret="someone-else's-secret").all("wins")
    assert path.read_bytes() == before and not list(folder.glob("*.bad-*"))
    assert _wins(open_workspace(ALEX, folder, storage_secret=OLD)) == ["kept safe"]

    # Negative control: login journals sealed as before (version 1, no check of the secret).
    legacy = seal.SealedCodec(OLD.encode(), seal._INFO["oidc"] + b"\0" + ALEX.encode())
    other = tmp_path / "legacy"
    monkeypatch.setattr(seal, "codec_for", lambda key, secret=None: legacy if secret == OLD else _v1(key, secret))
    open_workspace(ALEX, other, storage_secret=OLD).add("wins", {"text": "kept safe"})
    ws = open_workspace(ALEX, other, storage_secret="someone-else's-secret")
    assert ws.all("wins") == []  # taken for damage: set aside, an empty journal instead
    assert any("damaged" in n for n in ws.take_notices())


def _v1(key: str, secret: str | None):
    return seal.SealedCodec(secret.encode(), seal._INFO["oidc"] + b"\0" + key.encode())


def test_a_login_journal_sealed_before_version_2_still_opens_and_moves_to_version_2(tmp_path):
    folder = tmp_path / "workspaces"
    path = journal_path(ALEX, folder)
    legacy = _v1(ALEX, OLD)
    ws = open_workspace("personal", folder)  # write a version-1 file by hand, as the old code did
    ws.add("wins", {"text": "from before"})
    raw = journal_path("personal", folder).read_bytes()
    folder.joinpath(path.name).write_bytes(legacy.encode(raw, path.stem.encode()))
    assert seal.version_of(path.read_bytes()) == 1
    alex = open_workspace(ALEX, folder, storage_secret=OLD)
    assert _wins(alex) == ["from before"]
    alex.add("wins", {"text": "after"})
    assert seal.version_of(path.read_bytes()) == seal.KDF_V2_LOGIN


def test_the_command_line_rotates_a_folder_from_the_environment(tmp_path):
    folder = tmp_path / "workspaces"
    open_workspace(ALEX, folder, storage_secret=OLD).add("wins", {"text": "cli win"})
    open_workspace(LINK, folder).add("wins", {"text": "link win"})
    env = {k: v for k, v in os.environ.items() if not k.startswith("REBOUND_")}
    env.update(PYTHONPATH=str(ROOT), REBOUND_STORAGE_SECRET=OLD, REBOUND_NEW_STORAGE_SECRET=NEW)
    cmd = [sys.executable, "-m", "rebound.migrate", "--rotate-secret", "--from", str(folder)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert f"{journal_path(ALEX, folder).stem[:12]}… re-sealed under the new secret" in done.stdout
    assert "1 login journal re-sealed, 0 already under the new secret, 0 with problems; 1 other journal" in done.stdout
    assert OLD not in done.stdout + done.stderr and NEW not in done.stdout + done.stderr
    assert _wins(open_workspace(ALEX, folder, storage_secret=NEW)) == ["cli win"]

    env["REBOUND_NEW_STORAGE_SECRET"] = OLD  # the same secret twice: refused, nothing changes
    same = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert same.returncode == 2 and "nothing was changed" in same.stderr


def test_a_journal_under_neither_secret_is_reported_and_fails_the_run(tmp_path):
    folder = tmp_path / "workspaces"
    open_workspace(ALEX, folder, storage_secret="a-third-secret").add("wins", {"text": "x"})
    report = rotate.rotate_folder(folder, OLD, NEW)
    assert report.rotated == 0 and len(report.problems) == 1
    assert "sealed with neither the old nor the new secret" in report.problems[0]
    open_workspace(ALEX, folder, storage_secret="a-third-secret").all("wins")  # untouched, still opens


def test_a_copied_journal_not_yet_opened_in_the_database_is_rotated_too(tmp_path, pg_url):
    from rebound.storage import migrate

    folder = tmp_path / "workspaces"
    open_workspace(ALEX, folder, storage_secret=OLD).add("wins", {"text": "copied win"})
    assert migrate.main(["--to", pg_url, "--from", str(folder)]) == 0  # waits in rebound_pending, sealed
    report = rotate.rotate_database(pg_url, OLD, NEW)
    assert (report.rotated, report.problems) == (1, [])
    assert _wins(open_workspace(ALEX, folder, database_url=pg_url, storage_secret=NEW)) == ["copied win"]
