"""A small room against a real ``streamlit run``, over Streamlit's websocket (benchmarks/real_load.py).

No time assertions: speed is the benchmark's business. Here: every run finishes without an
error, every attendee's rejection lands in its own journal, and nobody sees anybody else's.
"""

from __future__ import annotations

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
