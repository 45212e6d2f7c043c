"""A small room against a real ``streamlit run``, over Streamlit's websocket (benchmarks/real_load.py).

No time assertions: speed is the benchmark's business. Here: every run finishes without an
error, every attendee's rejection lands in its own journal, and nobody sees anybody else's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks import real_load
from rebound import access

pytestmark = pytest.mark.slow

STEPS = ["Home", "Understand", "Log a rejection", "Reflect", "Next steps", "Progress"]


def test_ten_attendees_lose_nothing_and_cross_nothing(tmp_path):
    data = tmp_path / "data"
    with real_load.launch(real_load.REBOUND_APP, data, log=tmp_path / "server.log") as server:
        result = real_load.run_room(server, real_load.rebound_flow, 10, think=0.2, ramp=2, seed=7, label="ci")
    real_load.verify(result, data)

    assert result.errors == [], (tmp_path / "server.log").read_text()[-3000:]
    assert result.lost == 0
    assert result.crossed == 0
    assert len(result.attendees) == 10
    for att in result.attendees:  # every step ran and finished: the form was found and submitted
        assert [r.step for r in att.runs] == STEPS
        assert all(r.ok for r in att.runs)
        assert access.is_valid_token(att.token)


def test_a_shared_journal_is_caught_as_crossed(tmp_path):
    """Negative control: in personal mode every attendee writes to one journal — that must count as crossed."""
    data = tmp_path / "data"
    with real_load.launch(
        real_load.REBOUND_APP, data, env={"REBOUND_MODE": "personal"}, log=tmp_path / "server.log"
    ) as server:
        result = real_load.run_room(server, real_load.rebound_flow, 3, think=0, ramp=0, seed=3, label="one journal")
    real_load.verify(result, data, key=lambda att: access.PERSONAL_KEY)

    assert result.errors == []
    assert result.crossed >= 3 * 2  # each of the 3 journal reads holds at least the 2 others' canaries


def test_the_background_load_is_stopped_after_the_measurement_even_on_an_error():
    """--background-load: one spinning process per core asked for, all gone afterwards, also when the run fails."""
    with pytest.raises(RuntimeError), real_load.background_load(2) as burners:
        assert len(burners) == 2
        time.sleep(0.5)
        assert all(b.poll() is None for b in burners)  # spinning
        raise RuntimeError("the measurement failed")
    assert all(b.poll() is not None for b in burners)


def test_a_burner_ends_by_itself_when_the_driver_is_killed(tmp_path):
    """Even a driver killed with SIGKILL (no clean-up runs) leaves no burner spinning on a shared machine."""
    pid_file = tmp_path / "burner.pid"
    driver = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; sys.path.insert(0, sys.argv[1]); from benchmarks import real_load\n"
            "with real_load.background_load(1) as b:\n"
            "    open(sys.argv[2], 'w').write(str(b[0].pid)); time.sleep(600)",
            str(real_load.ROOT),
            str(pid_file),
        ],
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not (pid_file.exists() and pid_file.read_text()):
            assert time.monotonic() < deadline, "the driver never started its burner"
            time.sleep(0.1)
        burner = int(pid_file.read_text())
        assert Path(f"/proc/{burner}").exists()
    finally:
        driver.kill()
        driver.wait(timeout=10)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{burner}").exists() and "Z" not in _state(burner):
        assert time.monotonic() < deadline, f"burner {burner} still spinning after its driver died"
        time.sleep(0.1)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_a_burner_whose_driver_died_before_it_started_ends_too():
    """The race the full suite met: a driver killed before its burner's Python had read its parent.
    Negative control (run once): the burner that took ``os.getppid()`` at start kept spinning (state R)."""
    launcher = (
        "import os, subprocess, sys\n"
        "b = subprocess.Popen([sys.executable, '-c', sys.argv[1], str(os.getpid())], start_new_session=True,\n"
        "                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(b.pid, flush=True)\n"
        "os._exit(0)"  # gone at once, before the burner has started
    )
    done = subprocess.run(
        [sys.executable, "-c", launcher, real_load.BURNER], capture_output=True, text=True, timeout=60
    )
    burner = int(done.stdout.strip())
    deadline = time.monotonic() + 30
    try:
        while Path(f"/proc/{burner}").exists() and "Z" not in _state(burner):
            assert time.monotonic() < deadline, f"burner {burner} still spinning after its driver died"
            time.sleep(0.1)
    finally:
        if Path(f"/proc/{burner}").exists() and "Z" not in _state(burner):
            os.kill(burner, 9)
