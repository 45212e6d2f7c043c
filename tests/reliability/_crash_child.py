"""Child process for ``test_crash.py``: a journal writer that the test kills with SIGKILL.

Usage: ``python _crash_child.py {rebound|rebound-plain|stock} DATA_DIR``

To afford hundreds of kills in a few seconds this is a small fork server: it imports the
store once, prints ``ready``, and for every ``go SEED`` line on stdin forks a *worker*
process, waits for it to die and prints ``done STATUS`` (the raw ``waitpid`` status).
The worker opens the journal itself (nothing is shared with the server but imported
code), prints ``pid N`` and then writes until it is killed. Every line is written with a
single ``os.write`` on stdout, so nothing sits in a buffer when the kill lands:

    a ID / A ID            add: intent before the call, commit right after it returned
    d ID / D ID            delete
    b IDS;GONE / B IDS;GONE   rebound only: one batch adding IDS and deleting GONE

``rebound`` writes through ``rebound.storage`` to a sealed (link) journal, ``rebound-plain``
to a plain one; ``stock`` writes with plain TinyDB and its
stock ``JSONStorage`` (the negative control: it overwrites the file in place).
"""

from __future__ import annotations

import os
import random
import sys
import traceback
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

KEY = "link:crash-test-journal-key-0123456789"  # a link journal: sealed on disk
PLAIN_KEY = "crash-test-plain-journal"  # not a link or login: plain on disk
KEYS = {"rebound": KEY, "rebound-plain": PLAIN_KEY}
TABLE = "rejections"
STOCK_FILE = "stock.json"
LOW, HIGH = 60, 140  # the journal hovers between these sizes: it grows and shrinks


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def record(rng: random.Random, rid: str) -> dict:
    return {
        "id": rid,
        "company": f"Company {rng.randrange(1000)}",
        "role": "Data analyst",
        "stage": rng.choice(["applied", "screen", "interview", "final"]),
        "rejected_on": "2025-03-14",
        # widely varying sizes, so deletes shrink the file by a lot
        "notes": "é" * rng.randint(20, 1500) + "z" * rng.randint(0, 1500),
    }


def rebound_worker(data_dir: str, rng: random.Random, key: str = KEY) -> None:
    from rebound.storage import open_workspace

    ws = open_workspace(key, data_dir)
    ids = [r["id"] for r in ws.all(TABLE)]
    say(f"pid {os.getpid()}")
    while True:
        roll = rng.random()
        if len(ids) > HIGH or (len(ids) > LOW and roll < 0.45):
            rid = ids.pop(rng.randrange(len(ids)))
            say(f"d {rid}")
            ws.delete(TABLE, rid)
            say(f"D {rid}")
        elif roll < 0.6 and ids:
            new = [uuid.uuid4().hex for _ in range(rng.randint(2, 4))]
            gone = ids.pop(rng.randrange(len(ids)))
            line = ",".join(new) + ";" + gone
            say(f"b {line}")
            with ws.batch():
                for rid in new:
                    ws.add(TABLE, record(rng, rid))
                ws.delete(TABLE, gone)
            say(f"B {line}")
            ids.extend(new)
        else:
            rid = uuid.uuid4().hex
            say(f"a {rid}")
            ws.add(TABLE, record(rng, rid))
            say(f"A {rid}")
            ids.append(rid)


def stock_worker(data_dir: str, rng: random.Random) -> None:
    from tinydb import TinyDB, where

    db = TinyDB(Path(data_dir) / STOCK_FILE)  # stock JSONStorage
    ids = [r["id"] for r in db.all()]
    say(f"pid {os.getpid()}")
    while True:
        if len(ids) > HIGH or (len(ids) > LOW and rng.random() < 0.45):
            rid = ids.pop(rng.randrange(len(ids)))
            say(f"d {rid}")
            db.remove(where("id") == rid)
            say(f"D {rid}")
        else:
            rid = uuid.uuid4().hex
            say(f"a {rid}")
            db.insert(record(rng, rid))
            say(f"A {rid}")
            ids.append(rid)


def main() -> None:
    mode, data_dir = sys.argv[1], sys.argv[2]
    if mode in KEYS:
        import rebound.storage  # noqa: F401 - pay the import once, in the server

        def worker(data_dir, rng):
            rebound_worker(data_dir, rng, KEYS[mode])
    elif mode == "stock":
        import tinydb  # noqa: F401

        worker = stock_worker
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    say("ready")
    for line in sys.stdin:
        seed = int(line.split()[1])
        pid = os.fork()
        if pid == 0:  # the worker
            try:
                worker(data_dir, random.Random(seed))
            except BaseException:
                say("error " + traceback.format_exc().replace("\n", " | "))
                os._exit(1)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        say(f"done {status}")


if __name__ == "__main__":
    main()
