"""Crash safety: a writer killed with SIGKILL at random moments never damages the journal.

A child process adds and deletes records (and runs batches), so the file grows and
shrinks; the test kills it 5-40 ms after it started writing, over and over. The child
reports each operation just before it starts and just after it returned, so after every
kill the test knows what must be in the file, what must not, and what may go either way.

``test_stock_tinydb_is_damaged_by_the_same_kills`` is the negative control: the same
harness against stock TinyDB ``JSONStorage`` MUST find damage, which proves the harness
can see it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest

from rebound.storage import open_workspace, seal
from rebound.storage.files import META_KEY, journal_path

CHILD = Path(__file__).resolve().with_name("_crash_child.py")
_spec = importlib.util.spec_from_file_location("_crash_child", CHILD)
child = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(child)
KILLS = 200
STOCK_MAX_KILLS = 300

pytestmark = pytest.mark.slow


class ForkServer:
    """The child fork server: each cycle forks a writer, kills it, and returns its report."""

    def __init__(self, mode: str, data_dir: Path, err_path: Path):
        self.err = open(err_path, "wb")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), mode, str(data_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.err,
        )
        assert self._line() == "ready", self._diagnose()

    def _line(self) -> str:
        raw = self.proc.stdout.readline()
        if not raw:
            raise AssertionError(f"the child server died: {self._diagnose()}")
        return raw.decode().rstrip("\n")

    def _diagnose(self) -> str:
        self.err.flush()
        return Path(self.err.name).read_text(errors="replace")[-3000:]

    def cycle(self, seed: int, delay: float) -> list[str]:
        """Start a writer, SIGKILL it ``delay`` seconds after it opened the journal."""
        self.proc.stdin.write(f"go {seed}\n".encode())
        self.proc.stdin.flush()
        first = self._line()
        assert first.startswith("pid "), f"worker failed to start: {first}"
        time.sleep(delay)
        with _suppress_lookup():
            os.kill(int(first.split()[1]), signal.SIGKILL)
        lines = []
        while not (line := self._line()).startswith("done "):
            assert not line.startswith("error "), f"the writer raised: {line}"
            lines.append(line)
        status = int(line.split()[1])
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"writer ended by itself: {status}"
        return lines

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        self.err.close()


class _suppress_lookup:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        return kind is ProcessLookupError


@dataclass
class Model:
    """What the file must hold, given the writers' reports; reset to the truth after each check."""

    present: set[str] = field(default_factory=set)  # committed, must be there
    absent: set[str] = field(default_factory=set)  # committed deletes, must not be there
    maybe: set[str] = field(default_factory=set)  # interrupted: either way
    groups: list[tuple[set[str], str]] = field(default_factory=list)  # interrupted batches: all or nothing
    interrupted: int = 0  # kills that landed inside an operation

    def feed(self, lines: list[str]) -> None:
        pending = False
        for line in lines:
            op, arg = line.split(" ", 1)
            if op == "a":
                self.maybe.add(arg)
            elif op == "A":
                self.maybe.discard(arg)
                self.present.add(arg)
            elif op == "d":
                self.present.discard(arg)
                self.maybe.add(arg)
            elif op == "D":
                self.maybe.discard(arg)
                self.absent.add(arg)
            elif op in ("b", "B"):
                added, gone = arg.split(";")
                new = set(added.split(","))
                if op == "b":
                    self.maybe |= new | {gone}
                    self.present.discard(gone)
                    self.groups.append((new, gone))
                else:
                    self.maybe -= new | {gone}
                    self.present |= new
                    self.absent.add(gone)
                    self.groups.pop()
            else:
                raise AssertionError(f"unexpected line from the writer: {line}")
            pending = op.islower()
        self.interrupted += pending

    def problems(self, actual: set[str]) -> list[str]:
        found = []
        if lost := self.present - actual:
            found.append(f"{len(lost)} committed record(s) lost, e.g. {sorted(lost)[:3]}")
        if back := self.absent & actual:
            found.append(f"{len(back)} committed delete(s) undone, e.g. {sorted(back)[:3]}")
        if stray := actual - self.present - self.maybe:
            found.append(f"{len(stray)} record(s) nobody wrote, e.g. {sorted(stray)[:3]}")
        for new, gone in self.groups:
            landed = (new <= actual) and gone not in actual
            not_landed = not (new & actual) and gone in actual
            if not (landed or not_landed):
                found.append(
                    f"a batch landed in part: adds {sorted(new & actual)} of {sorted(new)}, delete applied: {gone not in actual}"
                )
        # The file is now the truth the next writer starts from.
        self.present, self.absent, self.maybe, self.groups = set(actual), set(), set(), []
        return found


def _delays(seed: int, n: int) -> list[float]:
    rng = random.Random(seed)
    return [rng.uniform(0.005, 0.040) for _ in range(n)]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("mode", ["rebound", "rebound-plain"], ids=["sealed", "plain"])
def test_rebound_store_survives_200_sigkills(tmp_path, mode):
    data_dir = tmp_path / "data"
    key = child.KEYS[mode]
    server = ForkServer(mode, data_dir, tmp_path / "child.err")
    model = Model()
    reader = open_workspace(key, data_dir)
    codec = seal.codec_for(key)
    try:
        for i, delay in enumerate(_delays(1234, KILLS)):
            model.feed(server.cycle(seed=10_000 + i, delay=delay))
            # The file must be whole: it parses on its own, with no recovery needed.
            path = journal_path(key, data_dir)
            if path.exists():
                raw = path.read_bytes()
                assert seal.is_sealed(raw) == codec.sealed, f"kill {i}: sealed is {seal.is_sealed(raw)}"
                try:
                    doc = orjson.loads(codec.decode(raw, path.stem.encode()) if codec.sealed else raw)
                except (orjson.JSONDecodeError, seal.SealError) as exc:
                    pytest.fail(f"kill {i}: the journal file is damaged: {exc}")
                assert isinstance(doc.get(META_KEY), dict), f"kill {i}: file lost its meta marker"
            actual = {r["id"] for r in reader.all(child.TABLE)}
            assert reader.take_notices() == [], f"kill {i}: the store had to recover a damaged file"
            assert not list(data_dir.glob("*.bad-*")), f"kill {i}: a damaged file was kept aside"
            assert not (problems := model.problems(actual)), f"kill {i}: {problems}"
    finally:
        server.close()
    print(f"{KILLS} kills, {model.interrupted} inside an operation, {len(actual)} records at the end")
    # The harness really did kill writers mid-operation (otherwise it proves nothing).
    assert model.interrupted >= KILLS // 4, f"only {model.interrupted} of {KILLS} kills landed inside an operation"
    assert len(actual) >= child.LOW // 2


@pytest.mark.timeout(120)
def test_stock_tinydb_is_damaged_by_the_same_kills(tmp_path):
    """NEGATIVE CONTROL (expected to find damage): stock JSONStorage under the same kills.

    Passing means the harness DID catch stock TinyDB leaving an unreadable file or losing
    a committed record — proof the test above could fail.
    """
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    server = ForkServer("stock", data_dir, tmp_path / "child.err")
    model = Model()
    damage = None
    try:
        for i, delay in enumerate(_delays(99, STOCK_MAX_KILLS)):
            model.feed(server.cycle(seed=20_000 + i, delay=delay))
            raw = (data_dir / child.STOCK_FILE).read_bytes()
            try:
                doc = json.loads(raw)
            except ValueError as exc:
                damage = f"kill {i}: unreadable file ({exc})"
                break
            actual = {r["id"] for r in doc.get("_default", {}).values()}
            if problems := model.problems(actual):
                damage = f"kill {i}: {problems}"
                break
    finally:
        server.close()
    print("stock TinyDB damage found:", damage)
    assert damage is not None, f"stock JSONStorage survived {STOCK_MAX_KILLS} kills: the harness cannot see damage"
