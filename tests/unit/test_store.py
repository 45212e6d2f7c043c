"""Unit tests of the journal store (rebound/storage/files.py): the public contract in DESIGN.md."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from rebound.storage import FORMAT, SCHEMA_VERSION, ImportRefused, open_workspace, seal
from rebound.storage import files as store
from rebound.storage.files import META_KEY, SNAPSHOTS_KEPT, journal_path

ROOT = Path(__file__).resolve().parents[2]
KEY = "link:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4"  # looks like a private-link token: a sealed journal
PLAIN_KEY = "personal"  # stays plain on disk
NAME_RE = re.compile(r"^[0-9a-f]{64}\.json$")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "workspaces"


@pytest.fixture(params=[KEY, PLAIN_KEY], ids=["sealed", "plain"])
def ws(request, store_backend, monkeypatch):
    # Every contract test runs on a sealed and on a plain journal, on every backend; the tests name KEY.
    monkeypatch.setitem(globals(), "KEY", request.param)
    return store_backend(request.param)


# Tests that look at the files (they ask for data_dir) or patch os calls run on the file store;
# the rest are the store contract and run on every backend (see store_backend in tests/conftest.py).
FILE_ONLY = {"data_dir", "monkeypatch", "tmp_path"}


def store_backends(metafunc) -> list[str]:
    """The backends a test runs on (read by tests/conftest.py)."""
    asked = set(inspect.signature(metafunc.function).parameters)
    files = FILE_ONLY & asked or "snapshot" in metafunc.function.__name__
    return ["file"] if files else ["file", "postgresql"]


def rejection(**extra) -> dict:
    return {
        "company": "Acme",
        "role": "Analyst",
        "stage": "interview",
        "rejected_on": "2025-03-14",
        "tags": ["sql", "python"],
        **extra,
    }


def opened(path: Path) -> bytes:
    """A journal file's JSON, unsealed with the journal's key (bound to the journal's name)."""
    raw = path.read_bytes()
    return seal.codec_for(KEY).decode(raw, path.name.split(".")[0].encode()) if seal.is_sealed(raw) else raw


def stored(path: Path) -> dict:
    return orjson.loads(opened(path))


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def snapshots(ws) -> list[Path]:
    path = journal_path(KEY, ws._j.path.parent)
    return sorted(path.parent.glob(f"{path.stem}.snap-*.json"))


def run_other_process(code: str, *args: str) -> str:
    """Run ``code`` in a fresh Python process (a second server process, say)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# -- records -----------------------------------------------------------------


def test_add_get_all_update_delete(ws):
    rid = ws.add("rejections", rejection())
    assert isinstance(rid, str) and re.fullmatch(r"[0-9a-f]{32}", rid)
    got = ws.get("rejections", rid)
    assert got["company"] == "Acme" and got["id"] == rid
    assert got["created_at"] and got["updated_at"]

    other = ws.add("rejections", rejection(company="Globex"))
    assert sorted(r["company"] for r in ws.all("rejections")) == ["Acme", "Globex"]
    assert ws.all("checkins") == []
    assert ws.get("rejections", "nope") is None

    ws.update("rejections", rid, {"stage": "final", "id": "hijack", "created_at": "1999-01-01"})
    got = ws.get("rejections", rid)
    assert got["stage"] == "final" and got["id"] == rid  # id and created_at cannot be overwritten
    assert got["created_at"] != "1999-01-01"

    ws.delete("rejections", rid)
    assert ws.get("rejections", rid) is None
    assert [r["id"] for r in ws.all("rejections")] == [other]
    assert ws.tables() == ["rejections"]


def test_add_keeps_a_given_id(ws):
    assert ws.add("profile", {"id": "me", "name": "Sam"}) == "me"
    assert ws.get("profile", "me")["name"] == "Sam"


@pytest.mark.parametrize("table", ["rejections", "nothing-here"])
@pytest.mark.parametrize("op", ["update", "delete"])
def test_update_or_delete_of_unknown_id_raises_keyerror_and_writes_nothing(ws, data_dir, op, table):
    """Partly a BUG (see report): the KeyError comes, but only after a needless file write."""
    ws.add("rejections", rejection())
    ws.add("rejections", rejection())
    path = journal_path(KEY, data_dir)
    before, rev, snaps = path.read_bytes(), ws.revision, snapshots(ws)
    with pytest.raises(KeyError):
        if op == "update":
            ws.update(table, "no-such-id", {"stage": "final"})
        else:
            ws.delete(table, "no-such-id")
    assert len(ws.all("rejections")) == 2
    assert path.read_bytes() == before
    assert ws.revision == rev, "a failed update/delete rewrote the file"
    assert snapshots(ws) == snaps, "a failed update/delete rotated the snapshots"


@pytest.mark.parametrize("table", ["", "_default", "__rebound__", None])
def test_bad_table_names_are_refused(ws, table):
    with pytest.raises(ValueError):
        ws.add(table, {"x": 1})


def test_returned_records_are_copies(ws):
    rid = ws.add("rejections", rejection())
    got = ws.get("rejections", rid)
    got["tags"].append("hacked")
    got["company"] = "Changed"
    listing = ws.all("rejections")
    listing[0]["tags"].clear()
    listing[0]["stage"] = "offer"
    listing.append({"id": "fake"})
    exported = ws.export()
    exported["tables"]["rejections"][0]["tags"].append("x")
    fresh = ws.get("rejections", rid)
    assert fresh["tags"] == ["sql", "python"]
    assert fresh["company"] == "Acme" and fresh["stage"] == "interview"
    assert len(ws.all("rejections")) == 1


def test_records_passed_in_are_not_kept_by_reference(ws):
    """BUG (see report): add()/update() keep the caller's lists in the in-process cache."""
    tags = ["sql"]
    rid = ws.add("rejections", rejection(tags=tags))
    tags.append("changed after add")
    assert ws.get("rejections", rid)["tags"] == ["sql"]
    emotions = ["sad"]
    ws.update("rejections", rid, {"emotions": emotions})
    emotions.append("changed after update")
    assert ws.get("rejections", rid)["emotions"] == ["sad"]


def test_nested_values_in_returned_records_are_copies(ws):
    """BUG (see report): only the first level of a returned record is copied."""
    rid = ws.add("reflections", {"ratings": {"answers": [3, 4]}})
    got = ws.get("reflections", rid)
    got["ratings"]["answers"].append(1)
    ws.all("reflections")[0]["ratings"]["answers"].append(1)
    assert ws.get("reflections", rid)["ratings"] == {"answers": [3, 4]}


def test_what_this_process_reads_is_what_another_process_reads(ws, data_dir):
    """BUG (see report): values that JSON turns into something else (date, tuple) stay raw in the cache."""
    rid = ws.add("rejections", rejection(rejected_on=dt.date(2025, 3, 14), tags=("sql", "python")))
    mine = ws.get("rejections", rid)
    theirs = json.loads(
        run_other_process(
            "import sys, json; from rebound.storage import open_workspace;"
            "print(json.dumps(open_workspace(sys.argv[1], sys.argv[2]).get('rejections', sys.argv[3])))",
            KEY,
            str(data_dir),
            rid,
        )
    )
    assert mine == theirs


def test_a_record_that_cannot_be_saved_changes_nothing(ws, data_dir):
    ws.add("rejections", rejection())
    before = journal_path(KEY, data_dir).read_bytes()
    with pytest.raises(TypeError):
        ws.add("rejections", {"bad": object()})
    assert journal_path(KEY, data_dir).read_bytes() == before
    assert len(ws.all("rejections")) == 1


# -- files and keys ----------------------------------------------------------


def test_no_file_on_open_or_reads_only_on_first_write(data_dir):
    ws = open_workspace(KEY, data_dir)
    assert ws.get("rejections", "x") is None
    assert ws.all("rejections") == []
    assert ws.tables() == []
    assert ws.export()["tables"] == {}
    assert ws.take_notices() == []
    assert ws.revision == "0"
    assert not ws.exists
    assert not data_dir.exists()  # visitors who only look leave nothing behind
    ws.add("rejections", rejection())
    assert ws.exists
    journal = [n for n in names(data_dir) if not n.endswith(".lock")]
    assert journal == [journal_path(KEY, data_dir).name]


HOSTILE_KEYS = [
    "../../x",
    "/etc/passwd",
    "..",
    ".",
    "a/../../b",
    "C:\\Windows\\system32",
    "k" * 10_000,
    "nul\x00byte",
    "\x00",
    "ünïcødé 日本語 🙂",
    "\ud800 lone surrogate",
    "link:" + "A" * 43,
    "oidc:https://issuer.example/:subject",
]


@pytest.mark.parametrize("key", HOSTILE_KEYS, ids=lambda k: repr(k)[:24])
def test_hostile_keys_map_to_files_directly_inside_data_dir(tmp_path, key):
    data_dir = tmp_path / "ws"
    path = journal_path(key, data_dir)
    assert path.parent == data_dir.resolve()
    assert NAME_RE.match(path.name)
    ws = open_workspace(key, data_dir)
    ws.add("notes", {"text": "hi"})
    everything = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if not p.name.endswith(".lock"))
    assert everything == ["ws", f"ws/{path.name}"]
    assert all(p.parent == data_dir for p in tmp_path.rglob("*.lock"))
    assert open_workspace(key, data_dir).all("notes")[0]["text"] == "hi"


def test_distinct_keys_get_distinct_files(data_dir):
    paths = {journal_path(k, data_dir) for k in HOSTILE_KEYS}
    assert len(paths) == len(HOSTILE_KEYS)


@pytest.mark.parametrize("key", ["", None, b"bytes", 42])
def test_empty_or_non_string_key_is_refused(data_dir, key):
    with pytest.raises(ValueError):
        open_workspace(key, data_dir)


def test_default_data_dir_comes_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("REBOUND_DATA_DIR", str(tmp_path / "env-dir"))
    assert journal_path("personal").parent == (tmp_path / "env-dir").resolve()


def test_key_and_token_never_reach_the_disk(tmp_path, data_dir):
    token = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4LXNlY3JldA"
    key = "link:" + token
    ws = open_workspace(key, data_dir)
    for i in range(SNAPSHOTS_KEPT + 2):
        rid = ws.add("rejections", rejection(n=i))
    ws.update("rejections", rid, {"stage": "final"})
    ws.import_data(ws.export(), mode="merge")
    journal_path(key, data_dir).write_bytes(b"{broken")  # make a kept-aside copy too
    ws.all("rejections")
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(".bad-" in p.name for p in files) and any(".snap-" in p.name for p in files)
    for secret in (token, key, token[:16]):
        for p in files:
            assert secret not in p.name
            content = p.read_bytes()
            assert secret.encode() not in content, p.name
            assert secret.encode("utf-16-le") not in content, p.name


# -- batch -------------------------------------------------------------------


def test_batch_is_all_or_nothing(ws, data_dir):
    keep = ws.add("rejections", rejection())
    drop = ws.add("rejections", rejection(company="Initech"))
    path = journal_path(KEY, data_dir)
    before_bytes, before_rev, before_snaps = path.read_bytes(), ws.revision, snapshots(ws)
    with pytest.raises(RuntimeError), ws.batch():
        ws.add("rejections", rejection(company="New"))
        ws.update("rejections", keep, {"stage": "offer"})
        ws.delete("rejections", drop)
        assert len(ws.all("rejections")) == 2  # inside the batch, its own writes are visible
        raise RuntimeError("boom")
    assert path.read_bytes() == before_bytes
    assert ws.revision == before_rev
    assert snapshots(ws) == before_snaps
    assert sorted(r["company"] for r in ws.all("rejections")) == ["Acme", "Initech"]
    assert ws.get("rejections", keep)["stage"] == "interview"


def test_failed_first_batch_leaves_no_file(ws, data_dir):
    with pytest.raises(RuntimeError), ws.batch():
        ws.add("rejections", rejection())
        raise RuntimeError
    assert ws.all("rejections") == []
    assert not journal_path(KEY, data_dir).exists()


def test_batch_makes_exactly_one_file_write(ws, monkeypatch):
    ws.add("rejections", rejection())
    replaces = []
    real_replace = os.replace
    monkeypatch.setattr(store.os, "replace", lambda a, b: (replaces.append(b), real_replace(a, b)))
    snaps = len(snapshots(ws))
    with ws.batch():
        ids = [ws.add("rejections", rejection(n=i)) for i in range(5)]
        ws.update("rejections", ids[0], {"stage": "final"})
        ws.delete("rejections", ids[1])
        with ws.batch():  # nested batches join the outer one
            ws.add("checkins", {"mood": 5})
        assert replaces == []
    assert len(replaces) == 1
    assert len(snapshots(ws)) == min(snaps + 1, SNAPSHOTS_KEPT)
    assert len(ws.all("rejections")) == 5 and len(ws.all("checkins")) == 1


def test_empty_batch_writes_nothing(ws, data_dir):
    ws.add("rejections", rejection())
    rev = ws.revision
    with ws.batch():
        ws.all("rejections")
    assert ws.revision == rev


def test_inner_batch_that_fails_is_discarded_even_if_the_outer_one_goes_on(ws):
    """BUG (see report): an exception inside a nested batch does not discard its writes."""
    with ws.batch():
        ws.add("rejections", rejection(company="outer"))
        with pytest.raises(RuntimeError), ws.batch():
            ws.add("rejections", rejection(company="inner"))
            raise RuntimeError("inner step failed")
    assert [r["company"] for r in ws.all("rejections")] == ["outer"]


# -- revision and other processes -------------------------------------------


def test_revision_changes_on_every_write_only(ws):
    assert ws.revision == "0"
    revs = [ws.revision]
    rid = ws.add("rejections", rejection())
    revs.append(ws.revision)
    ws.get("rejections", rid)
    ws.all("rejections")
    assert ws.revision == revs[-1]  # reads do not change it
    ws.update("rejections", rid, {"stage": "final"})
    revs.append(ws.revision)
    ws.delete("rejections", rid)
    revs.append(ws.revision)
    assert len(set(revs)) == len(revs)


_OTHER_WRITER = (
    "import sys; from rebound.storage import open_workspace;"
    "ws = open_workspace(sys.argv[1], sys.argv[2]);"
    "print(ws.add('rejections', {'company': 'From elsewhere'}));"
    "ws.update('rejections', sys.argv[3], {'stage': 'offer'})"
)


def test_another_process_write_changes_revision_and_is_seen(ws, data_dir):
    rid = ws.add("rejections", rejection())
    second = open_workspace(KEY, data_dir)  # a second workspace object, same key, same process
    assert len(second.all("rejections")) == 1  # both now hold a cached copy
    rev = ws.revision
    new_id = run_other_process(_OTHER_WRITER, KEY, str(data_dir), rid).strip()
    assert ws.revision != rev
    assert second.revision == ws.revision
    for w in (second, ws):
        assert {r["id"] for r in w.all("rejections")} == {rid, new_id}
        assert w.get("rejections", rid)["stage"] == "offer"
        assert w.get("rejections", new_id)["company"] == "From elsewhere"
    # and a write here builds on the other process's write rather than on a stale cache
    ws.add("rejections", rejection(company="Third"))
    assert len(stored(journal_path(KEY, data_dir))["rejections"]) == 3


# -- damaged files -------------------------------------------------------------


def _damage_cases():
    good = orjson.dumps({META_KEY: {"format": FORMAT, "version": SCHEMA_VERSION}, "rejections": {}})
    return {
        "truncated": lambda raw: raw[: len(raw) // 2],
        "empty": lambda raw: b"",
        "garbage": lambda raw: b"\x00\x9c\xffPK\x03\x04 not json \xfe" * 3,
        "array": lambda raw: b'[{"id": "a"}]',
        "no meta": lambda raw: orjson.dumps({"rejections": {"x": {"id": "x"}}}),
        "meta not an object": lambda raw: orjson.dumps({META_KEY: "yes", "rejections": {}}),
        "table not an object": lambda raw: orjson.dumps({META_KEY: {"version": 1}, "rejections": [1, 2]}),
        "version 0": lambda raw: good.replace(b'"version":%d' % SCHEMA_VERSION, b'"version":0'),
        "version -1": lambda raw: good.replace(b'"version":%d' % SCHEMA_VERSION, b'"version":-1'),
    }


DAMAGE = _damage_cases()


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damaged_file_is_restored_from_newest_good_snapshot(ws, data_dir, case):
    a = ws.add("rejections", rejection(company="A"))
    b = ws.add("rejections", rejection(company="B"))
    ws.add("rejections", rejection(company="C"))  # the newest snapshot holds A and B
    path = journal_path(KEY, data_dir)
    bad = DAMAGE[case](path.read_bytes())
    assert len(bad) != path.stat().st_size
    path.write_bytes(bad)

    assert {r["id"] for r in ws.all("rejections")} == {a, b}
    notices = ws.take_notices()
    assert len(notices) == 1 and "restored" in notices[0]
    assert ws.take_notices() == []  # handed out once
    kept = list(data_dir.glob(f"{path.stem}.bad-*.json"))
    assert len(kept) == 1 and (kept[0].read_bytes() if seal.is_sealed(bad) else opened(kept[0])) == bad
    assert seal.is_sealed(kept[0].read_bytes()) == (KEY != PLAIN_KEY)  # a sealed journal keeps it sealed
    doc = stored(path)  # the journal file is good again
    assert doc[META_KEY]["version"] == SCHEMA_VERSION
    ws.add("rejections", rejection(company="D"))  # and writable
    assert len(open_workspace(KEY, data_dir).all("rejections")) == 3


def test_damaged_file_is_noticed_by_a_write_too(ws, data_dir):
    a = ws.add("rejections", rejection())
    ws.add("rejections", rejection())
    journal_path(KEY, data_dir).write_bytes(b"{")
    ws.add("rejections", rejection(company="after"))
    assert {r["company"] for r in ws.all("rejections")} == {"Acme", "after"}
    assert ws.get("rejections", a) is not None
    assert len(ws.take_notices()) == 1


def test_damaged_file_without_snapshot_gives_empty_journal_and_says_so(ws, data_dir):
    ws.add("rejections", rejection())
    assert snapshots(ws) == []
    path = journal_path(KEY, data_dir)
    path.write_bytes(b"")
    assert ws.all("rejections") == []
    notices = ws.take_notices()
    assert len(notices) == 1 and "empty journal" in notices[0]
    assert ws.take_notices() == []
    assert len(list(data_dir.glob(f"{path.stem}.bad-*.json"))) == 1


_KILLED_MID_RECOVERY = """
import os, signal, sys
from rebound.storage import files as store
def killed(self, tables, snapshot=True):
    os.kill(os.getpid(), signal.SIGKILL)
store.AtomicJSONStorage._write_file = killed
store.open_workspace(sys.argv[1], sys.argv[2]).all("rejections")
"""


def test_a_kill_during_recovery_does_not_leave_a_silently_empty_journal(ws, data_dir):
    """BUG (see report): recovery moves the bad file away before the good copy is in place."""
    for company in "ABC":
        ws.add("rejections", rejection(company=company))
    journal_path(KEY, data_dir).write_bytes(b"{trunc")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _KILLED_MID_RECOVERY, KEY, str(data_dir)], env=env, timeout=60)
    assert done.returncode == -signal.SIGKILL
    fresh = open_workspace(KEY, data_dir)
    records, notices = fresh.all("rejections"), fresh.take_notices()
    assert records or notices, "the journal came back empty and nobody was told"


def test_stale_temp_files_are_removed_on_first_write(ws, data_dir):
    data_dir.mkdir(parents=True)
    path = journal_path(KEY, data_dir)
    stale = [path.with_name(f"{path.name}.tmp-123-deadbeef"), path.with_name(f"{path.name}.tmp-9-0")]
    for p in stale:
        p.write_bytes(b'{"half": ')
    neighbour = data_dir / (journal_path("someone else", data_dir).name + ".tmp-1-abc")
    neighbour.write_bytes(b"not mine")
    ws.all("rejections")
    assert all(p.exists() for p in stale)  # reads touch nothing
    ws.add("rejections", rejection())
    assert not any(p.exists() for p in stale)
    assert neighbour.exists()


def test_at_most_snapshots_kept(ws):
    rid = ws.add("rejections", rejection())
    for i in range(SNAPSHOTS_KEPT * 3):
        ws.update("rejections", rid, {"n": i})
    snaps = snapshots(ws)
    assert len(snaps) == SNAPSHOTS_KEPT
    # they are the newest versions: n = last-1, last-2, last-3
    ns = sorted(stored(s)["rejections"][rid].get("n") for s in snaps)
    last = SNAPSHOTS_KEPT * 3 - 1
    assert ns == list(range(last - SNAPSHOTS_KEPT, last))


# -- export / import -------------------------------------------------------------


def _filled(data_dir, key=KEY):
    """A journal with two rejections and a check-in; ``data_dir`` is a folder or a backend opener."""
    ws = data_dir(key) if callable(data_dir) else open_workspace(key, data_dir)
    r1 = ws.add("rejections", rejection(company="A"))
    r2 = ws.add("rejections", rejection(company="B"))
    ws.add("checkins", {"date": "2025-03-15", "mood": 4, "confidence": 5, "rejection_id": r1})
    return ws, r1, r2


def test_export_shape(store_backend):
    ws, r1, _ = _filled(store_backend)
    doc = ws.export()
    assert doc["format"] == FORMAT and doc["version"] == SCHEMA_VERSION
    assert set(doc["tables"]) == {"rejections", "checkins"}
    assert json.loads(json.dumps(doc)) == doc  # plain JSON
    assert not any(k.startswith("_") for k in doc["tables"])


def test_export_import_round_trip_into_an_empty_workspace(store_backend):
    src, _, _ = _filled(store_backend)
    dst = store_backend("other")
    report = dst.import_data(src.export(), mode="merge")
    assert report == {
        "rejections": {"added": 2, "updated": 0, "removed": 0},
        "checkins": {"added": 1, "updated": 0, "removed": 0},
    }
    for table in ("rejections", "checkins"):
        assert sorted(dst.all(table), key=lambda r: r["id"]) == sorted(src.all(table), key=lambda r: r["id"])
    # an export of the copy equals the original's (apart from its time stamp)
    a, b = src.export(), dst.export()
    a.pop("exported_at"), b.pop("exported_at")
    assert {k: sorted(v, key=lambda r: r["id"]) for k, v in a["tables"].items()} == {
        k: sorted(v, key=lambda r: r["id"]) for k, v in b["tables"].items()
    }


def test_import_merge_and_replace_reports(store_backend):
    src, r1, r2 = _filled(store_backend)
    dst = store_backend("other")
    mine = dst.add("rejections", rejection(company="Mine"))
    dst.add("wins", {"date": "2025-01-01", "text": "a win"})
    dst.import_data(src.export(), mode="merge")
    src.update("rejections", r1, {"stage": "offer"})
    doc = src.export()

    report = dst.import_data(doc, mode="merge")
    assert report["rejections"] == {"added": 0, "updated": 2, "removed": 0}
    assert dst.get("rejections", r1)["stage"] == "offer"
    assert dst.get("rejections", mine) is not None and len(dst.all("wins")) == 1

    report = dst.import_data(doc, mode="replace")
    assert report["rejections"] == {"added": 0, "updated": 2, "removed": 1}
    assert report["wins"] == {"added": 0, "updated": 0, "removed": 1}
    assert dst.get("rejections", mine) is None and dst.all("wins") == []
    assert {r["id"] for r in dst.all("rejections")} == {r1, r2}
    assert dst.tables() == ["checkins", "rejections"]


def test_imported_document_is_not_kept_by_reference(ws):
    """BUG (see report): import_data keeps the document's lists in the in-process cache."""
    doc = {"format": FORMAT, "version": SCHEMA_VERSION, "tables": {"rejections": [{"id": "r1", "tags": ["a"]}]}}
    ws.import_data(doc, mode="merge")
    doc["tables"]["rejections"][0]["tags"].append("changed after import")
    assert ws.get("rejections", "r1")["tags"] == ["a"]


def test_import_is_one_atomic_write(tmp_path, monkeypatch):
    src, _, _ = _filled(tmp_path / "a")
    dst = open_workspace("other", tmp_path / "b")
    dst.add("wins", {"text": "x"})
    replaces = []
    real_replace = os.replace
    monkeypatch.setattr(store.os, "replace", lambda a, b: (replaces.append(b), real_replace(a, b)))
    dst.import_data(src.export(), mode="replace")
    assert len(replaces) == 1


def _valid_doc():
    return {"format": FORMAT, "version": SCHEMA_VERSION, "tables": {"rejections": [{"id": "r1", "company": "A"}]}}


REFUSED = {
    "list": [1, 2],
    "string": "hello",
    "none": None,
    "wrong format": {**_valid_doc(), "format": "notrebound"},
    "no format": {k: v for k, v in _valid_doc().items() if k != "format"},
    "newer version": {**_valid_doc(), "version": SCHEMA_VERSION + 1},
    "version string": {**_valid_doc(), "version": "1"},
    "version bool": {**_valid_doc(), "version": True},
    "no version": {k: v for k, v in _valid_doc().items() if k != "version"},
    "version 0": {**_valid_doc(), "version": 0},
    "tables a list": {**_valid_doc(), "tables": [["rejections", []]]},
    "no tables": {"format": FORMAT, "version": SCHEMA_VERSION},
    "table not a list": {**_valid_doc(), "tables": {"rejections": {"r1": {"id": "r1"}}}},
    "record not an object": {**_valid_doc(), "tables": {"rejections": ["r1"]}},
    "record without id": {**_valid_doc(), "tables": {"rejections": [{"company": "A"}]}},
    "record with empty id": {**_valid_doc(), "tables": {"rejections": [{"id": ""}]}},
    "record with int id": {**_valid_doc(), "tables": {"rejections": [{"id": 7}]}},
    "duplicate ids": {**_valid_doc(), "tables": {"rejections": [{"id": "r1"}, {"id": "r1"}]}},
    "private table": {**_valid_doc(), "tables": {"_default": []}},
    "meta table": {**_valid_doc(), "tables": {META_KEY: []}},
}


@pytest.mark.parametrize("case", list(REFUSED))
@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_import_refuses_bad_documents_and_changes_nothing(tmp_path, case, mode):
    ws, _, _ = _filled(tmp_path / "a")
    path = journal_path(KEY, tmp_path / "a")
    before, files_before = path.read_bytes(), names(tmp_path / "a")
    with pytest.raises(ImportRefused) as caught:
        ws.import_data(REFUSED[case], mode=mode)
    assert caught.value.problems and all(isinstance(p, str) for p in caught.value.problems)
    assert path.read_bytes() == before and names(tmp_path / "a") == files_before
    empty = open_workspace("fresh", tmp_path / "b")
    with pytest.raises(ImportRefused):
        empty.import_data(REFUSED[case], mode=mode)
    assert not (tmp_path / "b").exists()


def test_import_rejects_unknown_mode(ws):
    with pytest.raises(ValueError):
        ws.import_data(_valid_doc(), mode="overwrite")


# -- destroy -----------------------------------------------------------------------


def test_destroy_removes_file_snapshots_bad_copies_and_lock(data_dir):
    ws, _, _ = _filled(data_dir)
    path = journal_path(KEY, data_dir)
    path.write_bytes(b"[]")  # damage, so there is a kept-aside copy
    ws.all("rejections")
    ws.take_notices()
    ws.add("rejections", rejection())
    path.with_name(path.name + ".tmp-1-abc").write_bytes(b"x")
    neighbour, _, _ = _filled(data_dir, key="a neighbour")
    theirs = names(data_dir)
    theirs = [n for n in theirs if not n.startswith(path.stem)]
    mine = [n for n in names(data_dir) if n.startswith(path.stem)]
    assert any(".snap-" in n for n in mine) and any(".bad-" in n for n in mine) and any(".tmp-" in n for n in mine)

    ws.destroy()
    assert names(data_dir) == theirs  # nothing of this journal is left; the neighbour is untouched
    assert ws.all("rejections") == [] and ws.revision == "0" and not ws.exists
    assert ws.take_notices() == []
    assert len(neighbour.all("rejections")) == 2
    ws.add("rejections", rejection())  # a destroyed journal can start again
    assert len(open_workspace(KEY, data_dir).all("rejections")) == 1


# -- optimistic concurrency: the edit form passes the updated_at it was opened with ---------------


def test_update_with_the_updated_at_it_read_succeeds(ws):
    rid = ws.add("rejections", rejection())
    seen = ws.get("rejections", rid)["updated_at"]
    ws.update("rejections", rid, {"role": "Lead"}, expected_updated_at=seen)
    assert ws.get("rejections", rid)["role"] == "Lead"


def test_update_refused_when_another_tab_saved_first(ws):
    rid = ws.add("rejections", rejection())
    opened = ws.get("rejections", rid)["updated_at"]
    ws.update("rejections", rid, {"role": "First tab"}, expected_updated_at=opened)
    with pytest.raises(store.RecordChanged) as caught:
        ws.update("rejections", rid, {"role": "Second tab"}, expected_updated_at=opened)
    assert caught.value.current["role"] == "First tab"
    assert ws.get("rejections", rid)["role"] == "First tab"


def test_update_of_a_deleted_record_says_not_found(ws):
    rid = ws.add("rejections", rejection())
    opened = ws.get("rejections", rid)["updated_at"]
    ws.delete("rejections", rid)
    with pytest.raises(store.RecordNotFound):
        ws.update("rejections", rid, {"role": "x"}, expected_updated_at=opened)


# -- sealed journals (issue 13) ------------------------------------------------------------------

OTHER_LINK = "link:b3RoZXJvdGhlcm90aGVyb3RoZXJvdGhlcg"
LOGIN = "oidc:https://issuer.example/:subject-1"


def _words_on_disk(data_dir: Path, *words: str) -> list[str]:
    return [f"{w} in {p.name}" for p in data_dir.iterdir() for w in words if w.encode() in p.read_bytes()]


def test_a_link_journal_is_sealed_and_reads_back_in_another_process(data_dir):
    ws = open_workspace(KEY, data_dir)
    rid = ws.add("rejections", rejection(notes="the panel asked about stakeholders"))
    raw = journal_path(KEY, data_dir).read_bytes()
    assert seal.is_sealed(raw) and _words_on_disk(data_dir, "stakeholders", "Acme") == []
    theirs = run_other_process(
        "import sys; from rebound.storage import open_workspace;"
        "print(open_workspace(sys.argv[1], sys.argv[2]).get('rejections', sys.argv[3])['notes'])",
        KEY,
        str(data_dir),
        rid,
    )
    assert theirs.strip() == "the panel asked about stakeholders"


def test_a_different_link_sees_an_empty_journal(data_dir):
    open_workspace(KEY, data_dir).add("rejections", rejection())
    other = open_workspace(OTHER_LINK, data_dir)
    assert other.all("rejections") == [] and not other.exists and other.take_notices() == []


def test_a_flipped_byte_is_detected_and_the_snapshot_restored(data_dir):
    ws = open_workspace(KEY, data_dir)
    a = ws.add("rejections", rejection(company="A"))
    ws.add("rejections", rejection(company="B"))
    path = journal_path(KEY, data_dir)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # one bit inside the ciphertext: still a sealed-looking file
    path.write_bytes(bytes(raw))
    assert [r["id"] for r in ws.all("rejections")] == [a]  # never read as different records
    notices = ws.take_notices()
    assert len(notices) == 1 and "restored" in notices[0]
    kept = list(data_dir.glob(f"{path.stem}.bad-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(raw)
    assert stored(path)["rejections"].keys() == {a}


def test_a_sealed_file_copied_over_another_journal_is_refused(data_dir):
    mine = open_workspace(KEY, data_dir)
    mine.add("rejections", rejection(company="Mine"))
    mine.add("rejections", rejection(company="Mine too"))
    theirs = open_workspace(OTHER_LINK, data_dir)
    theirs.add("rejections", rejection(company="Theirs"))
    # Someone holding the disk copies the other journal's file over mine (same key? no: the names differ).
    journal_path(KEY, data_dir).write_bytes(journal_path(OTHER_LINK, data_dir).read_bytes())
    companies = {r["company"] for r in mine.all("rejections")}
    assert "Theirs" not in companies and companies == {"Mine"}  # my snapshot came back
    assert len(mine.take_notices()) == 1


def test_a_plain_file_over_a_sealed_journal_is_refused(data_dir):
    ws = open_workspace(KEY, data_dir)
    ws.add("rejections", rejection(company="Sealed"))
    ws.add("rejections", rejection(company="Sealed too"))
    planted = {META_KEY: {"format": FORMAT, "version": SCHEMA_VERSION}, "rejections": {"x": {"id": "x"}}}
    journal_path(KEY, data_dir).write_bytes(orjson.dumps(planted))
    fresh = open_workspace(KEY, data_dir)
    assert "x" not in {r["id"] for r in fresh.all("rejections")}
    assert len(fresh.take_notices()) == 1


def _old_plain_journal(data_dir: Path, key: str) -> dict:
    """A journal as Rebound wrote it before sealing: plain JSON, plain snapshots, a plain kept-aside copy."""
    path = journal_path(key, data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    recs = {f"r{i}": {"id": f"r{i}", "company": f"Oldcorp {i}", "notes": "canaryword"} for i in range(3)}
    for i in range(1, 3):  # two older versions as snapshots
        older = {META_KEY: {"format": FORMAT, "version": 1}, "rejections": dict(list(recs.items())[:i])}
        path.with_name(f"{path.stem}.snap-{1000 + i}.json").write_bytes(orjson.dumps(older))
    path.with_name(f"{path.stem}.bad-999.json").write_bytes(b'{"rejections": "canaryword')
    path.write_bytes(orjson.dumps({META_KEY: {"format": FORMAT, "version": 1}, "rejections": recs}))
    return recs


def test_an_old_plain_journal_opens_as_before_and_is_sealed_on_its_next_write(data_dir):
    recs = _old_plain_journal(data_dir, KEY)
    ws = open_workspace(KEY, data_dir)
    assert {r["id"] for r in ws.all("rejections")} == set(recs) and ws.take_notices() == []
    assert _words_on_disk(data_dir, "canaryword")  # reading alone changes nothing on disk
    new = ws.add("rejections", rejection(company="After the upgrade"))
    assert {r["id"] for r in open_workspace(KEY, data_dir).all("rejections")} == set(recs) | {new}
    assert _words_on_disk(data_dir, "canaryword", "Oldcorp", "After the upgrade") == []
    files = [p for p in data_dir.iterdir() if not p.name.endswith(".lock")]
    assert files and all(seal.is_sealed(p.read_bytes()) for p in files), [p.name for p in files]
    # the sealed snapshots still work: the newest is the old plain journal, nothing lost
    newest = max(journal_path(KEY, data_dir).parent.glob("*.snap-*.json"))
    assert stored(newest)["rejections"] == recs
    assert opened(next(data_dir.glob("*.bad-*.json"))) == b'{"rejections": "canaryword'


def test_a_login_journal_is_sealed_with_the_storage_secret_from_the_environment(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_STORAGE_SECRET", "deployment-secret")
    open_workspace(LOGIN, data_dir).add("rejections", rejection(company="Loginco"))
    assert seal.is_sealed(journal_path(LOGIN, data_dir).read_bytes())
    assert _words_on_disk(data_dir, "Loginco") == []
    assert open_workspace(LOGIN, data_dir).all("rejections")[0]["company"] == "Loginco"


def test_a_login_journal_without_a_secret_stays_plain(data_dir, monkeypatch):
    monkeypatch.delenv("REBOUND_STORAGE_SECRET", raising=False)
    open_workspace(LOGIN, data_dir).add("rejections", rejection(company="Loginco"))
    assert not seal.is_sealed(journal_path(LOGIN, data_dir).read_bytes())


def test_a_sealed_login_journal_without_its_secret_is_refused_and_left_alone(data_dir, monkeypatch):
    monkeypatch.delenv("REBOUND_STORAGE_SECRET", raising=False)
    open_workspace(LOGIN, data_dir, storage_secret="deployment-secret").add("rejections", rejection())
    before = names(data_dir), journal_path(LOGIN, data_dir).read_bytes()
    with pytest.raises(store.StoreUnavailable, match="secret"):
        open_workspace(LOGIN, data_dir).all("rejections")
    assert (names(data_dir), journal_path(LOGIN, data_dir).read_bytes()) == before


def test_a_rerun_without_a_change_decrypts_nothing(data_dir, monkeypatch):
    ws = open_workspace(KEY, data_dir)
    for i in range(5):
        ws.add("rejections", rejection(n=i))
    decodes = []
    codec = ws._j.storage.codec
    real = codec.decode
    monkeypatch.setattr(codec, "decode", lambda blob, aad: (decodes.append(1), real(blob, aad))[1])
    for _ in range(3):  # what a page rerun does
        rerun = open_workspace(KEY, data_dir)
        rerun.all("rejections"), rerun.get("rejections", "x"), rerun.revision, rerun.table_revision("rejections")
    assert decodes == []
    ws.add("rejections", rejection())  # our own write: the cache is already current
    assert len(open_workspace(KEY, data_dir).all("rejections")) == 6 and decodes == []
    run_other_process(_OTHER_WRITER_ADD, KEY, str(data_dir))  # another process wrote: decrypt once
    for _ in range(3):
        open_workspace(KEY, data_dir).all("rejections")
    assert len(decodes) == 1


_OTHER_WRITER_ADD = (
    "import sys; from rebound.storage import open_workspace;"
    "open_workspace(sys.argv[1], sys.argv[2]).add('rejections', {'company': 'elsewhere'})"
)


def test_exports_stay_plaintext_for_their_owner(data_dir):
    ws = open_workspace(KEY, data_dir)
    ws.add("rejections", rejection(company="Exportco"))
    doc = ws.export()
    assert doc["tables"]["rejections"][0]["company"] == "Exportco"
    assert b"Exportco" in orjson.dumps(doc)


def test_a_sealed_file_is_bound_to_its_journal_name_even_under_the_same_key(data_dir):
    """The journal's identity is in the authenticated data: a key shared by two names still refuses."""
    open_workspace(KEY, data_dir).add("rejections", rejection())
    raw = journal_path(KEY, data_dir).read_bytes()
    codec = seal.codec_for(KEY)
    other = store.AtomicJSONStorage(journal_path(OTHER_LINK, data_dir), store.FileLock(str(data_dir / "x.lock")), codec)
    same = store.AtomicJSONStorage(journal_path(KEY, data_dir), store.FileLock(str(data_dir / "y.lock")), codec)
    assert same._parse(raw) is not None
    assert other._parse(raw) is None
