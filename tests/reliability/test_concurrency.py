"""Concurrency: many threads and several processes writing one journal lose nothing.

``test_stock_tinydb_shared_between_threads_loses_data`` is the negative control: the same
thread workload against one stock ``TinyDB(JSONStorage)`` without locking MUST lose or
corrupt data, which proves the thread test can fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from rebound.storage import key_digest, open_workspace, seal
from rebound.storage.files import META_KEY, journal_path

ROOT = Path(__file__).resolve().parents[2]
KEY = "link:concurrency-test-key-abcdefghijklmnop"
THREADS, PER_THREAD = 32, 50
PROCS, PER_PROC = 2, 200

pytestmark = pytest.mark.slow


def _record(t: int, i: int) -> dict:
    return {"company": f"Company {t}", "role": "Analyst", "stage": "screen", "n": i, "notes": "n" * 200}


def _run_threads(work) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def run(t: int) -> None:
        start.wait()
        for i in range(PER_THREAD):
            try:
                work(t, i)
            except Exception as exc:  # collected: the test decides what they mean
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert not any(th.is_alive() for th in threads), "a writer thread hung"
    return errors


def _ids_stored(backend, table: str) -> list[str]:
    """The ids as stored (the file, or the database's rows), not as this process caches them."""
    if backend.kind == "file":
        path = journal_path(KEY, backend.folder)
        raw = path.read_bytes()
        if seal.is_sealed(raw):  # a link journal is sealed at rest; the file alone must still be whole
            raw = seal.codec_for(KEY).decode(raw, path.stem.encode())
        doc = orjson.loads(raw)
        assert isinstance(doc[META_KEY], dict)
        return list(doc.get(table, {}))
    import psycopg

    with psycopg.connect(backend.url) as conn:
        rows = conn.execute(
            "SELECT rid FROM rebound_records WHERE journal = %s AND tbl = %s",
            (bytes.fromhex(key_digest(KEY)), table),
        ).fetchall()
    return [r[0] for r in rows]


@pytest.fixture
def store_backend(store_backend, ram_dir):
    """The shared backends, with the file store's folder in RAM (locking, not fsync, is tested here)."""
    if store_backend.kind == "file":
        store_backend.folder = ram_dir
        store_backend._open = lambda key: open_workspace(key, ram_dir)
    return store_backend


@pytest.mark.timeout(120)
def test_32_threads_x_50_adds_all_present(store_backend):
    returned: list[str] = []

    def work(t: int, i: int) -> None:
        ws = store_backend(KEY)  # every thread opens its own workspace object
        returned.append(ws.add("rejections", _record(t, i)))

    errors = _run_threads(work)
    assert errors == []
    total = THREADS * PER_THREAD
    assert len(set(returned)) == total
    ws = store_backend(KEY)
    assert {r["id"] for r in ws.all("rejections")} == set(returned)
    assert sorted(_ids_stored(store_backend, "rejections")) == sorted(returned)  # stored, not just in memory
    per_thread = {}
    for r in ws.all("rejections"):
        per_thread.setdefault(r["company"], set()).add(r["n"])
    assert all(v == set(range(PER_THREAD)) for v in per_thread.values()) and len(per_thread) == THREADS


@pytest.mark.timeout(120)
def test_negative_control_stock_tinydb_shared_between_threads_loses_data(ram_dir):
    """NEGATIVE CONTROL (expected to find damage): the same workload, stock TinyDB, no lock.

    Passing means stock TinyDB DID lose records, raise, or leave an unreadable file —
    so the thread test above is able to fail.
    """
    findings = []
    for round_ in range(5):  # bounded: stock is normally broken in the first round
        path = ram_dir / f"stock-{round_}.json"
        db = TinyDB(path)
        errors = _run_threads(lambda t, i, db=db: db.insert(_record(t, i)))
        db.close()
        try:
            count = len(TinyDB(path).all())
        except ValueError as exc:  # json.JSONDecodeError
            findings.append(f"round {round_}: unreadable file: {exc}")
        else:
            if count != THREADS * PER_THREAD:
                findings.append(f"round {round_}: {count} of {THREADS * PER_THREAD} records kept")
        if errors:
            findings.append(f"round {round_}: {len(errors)} inserts raised, e.g. {errors[0]!r}")
        if findings:
            break
    print("stock TinyDB under threads:", findings)
    assert findings, "stock TinyDB survived the thread workload 5 times: the test cannot see lost writes"


_PROCESS_WRITER = """
import sys, time
from rebound.storage import open_workspace
key, data_dir, tag, n, url = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] or None
open_workspace(key, data_dir, database_url=url).revision  # connected before the start
print("ready", flush=True)
sys.stdin.readline()
for i in range(n):
    ws = open_workspace(key, data_dir, database_url=url)
    ws.add("rejections", {"company": tag, "n": i, "notes": "p" * 200})
    if i % 4 == 0:
        with ws.batch():  # read-modify-write of a shared counter, atomic across processes
            counter = ws.get("counters", "c")
            ws.update("counters", "c", {"value": counter["value"] + 1})
    time.sleep(0.002)  # outside the lock: lets the other writer's lock polling get in
print("done", flush=True)
"""


@pytest.mark.timeout(120)
def test_two_processes_x_200_adds_all_present(store_backend):
    ws = store_backend(KEY)
    ws.add("counters", {"id": "c", "value": 0})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [KEY, str(store_backend.folder)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _PROCESS_WRITER, *args, f"proc{p}", str(PER_PROC), store_backend.url or ""],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        for p in range(PROCS)
    ]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:  # start together
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, _ = p.communicate(timeout=100)
        assert p.returncode == 0 and out.strip() == "done"

    records = ws.all("rejections")  # this process's cached copy must notice the other writers
    assert len(records) == PROCS * PER_PROC
    for p in range(PROCS):
        assert sorted(r["n"] for r in records if r["company"] == f"proc{p}") == list(range(PER_PROC))
    assert ws.get("counters", "c")["value"] == PROCS * PER_PROC // 4  # no lost update
    assert len(_ids_stored(store_backend, "rejections")) == PROCS * PER_PROC
    order = [r["company"] for r in records]  # insertion order
    switches = sum(a != b for a, b in zip(order, order[1:], strict=False))
    print(f"writers took turns {switches} times")
    assert switches >= 2, "the two writers never overlapped, so this proved nothing"


_UNLOCKED_COUNTER = """
import random, sys
from rebound.storage import postgres as pgstore
from rebound.storage import open_workspace
pgstore._lock_id = lambda digest: random.getrandbits(62)  # every write takes a lock no one else holds
key, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ws = open_workspace(key, database_url=url)
ws.revision
print("ready", flush=True)
sys.stdin.readline()
for i in range(n):
    with ws.batch():
        counter = ws.get("counters", "c")
        ws.update("counters", "c", {"value": counter["value"] + 1})
print("done", flush=True)
"""


@pytest.mark.timeout(120)
def test_negative_control_postgresql_without_the_journal_lock_loses_updates(pg_url):
    """NEGATIVE CONTROL (expected to find lost updates): the two-process counter with the journal's
    advisory lock replaced by a random one. Passing means the counter came out short, so the
    two-process test above can see a missing lock."""
    ws = open_workspace(KEY, database_url=pg_url)
    ws.add("counters", {"id": "c", "value": 0})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    n = 150
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _UNLOCKED_COUNTER, KEY, pg_url, str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        for _ in range(PROCS)
    ]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, _ = p.communicate(timeout=100)
        assert p.returncode == 0 and out.strip() == "done"
    value = ws.get("counters", "c")["value"]
    print(f"without the lock the counter reached {value} of {PROCS * n}")
    assert value < PROCS * n
