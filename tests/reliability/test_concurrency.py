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

from rebound import seal
from rebound.store import META_KEY, journal_path, open_workspace

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


def _ids_in_file(data_dir: Path, table: str) -> list[str]:
    path = journal_path(KEY, data_dir)
    raw = path.read_bytes()
    assert seal.is_sealed(raw)  # a link journal is sealed at rest; the file alone must still be whole
    doc = orjson.loads(seal.codec_for(KEY).decode(raw, path.stem.encode()))
    assert isinstance(doc[META_KEY], dict)
    return list(doc.get(table, {}))


@pytest.mark.timeout(120)
def test_32_threads_x_50_adds_all_present(ram_dir):
    returned: list[str] = []

    def work(t: int, i: int) -> None:
        ws = open_workspace(KEY, ram_dir)  # every thread opens its own workspace object
        returned.append(ws.add("rejections", _record(t, i)))

    errors = _run_threads(work)
    assert errors == []
    total = THREADS * PER_THREAD
    assert len(set(returned)) == total
    ws = open_workspace(KEY, ram_dir)
    assert {r["id"] for r in ws.all("rejections")} == set(returned)
    assert sorted(_ids_in_file(ram_dir, "rejections")) == sorted(returned)  # on disk, not just in memory
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
from rebound.store import open_workspace
key, data_dir, tag, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
print("ready", flush=True)
sys.stdin.readline()
for i in range(n):
    ws = open_workspace(key, data_dir)
    ws.add("rejections", {"company": tag, "n": i, "notes": "p" * 200})
    if i % 4 == 0:
        with ws.batch():  # read-modify-write of a shared counter, atomic across processes
            counter = ws.get("counters", "c")
            ws.update("counters", "c", {"value": counter["value"] + 1})
    time.sleep(0.002)  # outside the lock: lets the other writer's lock polling get in
print("done", flush=True)
"""


@pytest.mark.timeout(120)
def test_two_processes_x_200_adds_all_present(ram_dir):
    ws = open_workspace(KEY, ram_dir)
    ws.add("counters", {"id": "c", "value": 0})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _PROCESS_WRITER, KEY, str(ram_dir), f"proc{p}", str(PER_PROC)],
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
    assert len(_ids_in_file(ram_dir, "rejections")) == PROCS * PER_PROC
    order = [r["company"] for r in records]  # insertion order
    switches = sum(a != b for a, b in zip(order, order[1:], strict=False))
    print(f"writers took turns {switches} times")
    assert switches >= 2, "the two writers never overlapped, so this proved nothing"
