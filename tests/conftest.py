"""Shared fixtures: every test gets its own data folder, an explicit mode and a pinned *today*."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rebound import clock  # noqa: E402  (needs ROOT on sys.path)

# An ordinary Thursday in mid-March: no week, month or year boundary nearby. Run the suites with
# REBOUND_TEST_TODAY=2028-02-29 (or a Monday, or 31 December) to prove no test depends on the real date.
DEFAULT_TEST_TODAY = "2026-03-12"


def _test_today() -> str:
    raw = os.environ.get("REBOUND_TEST_TODAY", "").strip() or DEFAULT_TEST_TODAY
    try:
        dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise pytest.UsageError(f"REBOUND_TEST_TODAY={raw!r} is not a date (use YYYY-MM-DD).") from exc
    return raw


@pytest.fixture(scope="session", autouse=True)
def pinned_today() -> dt.date:
    """Pin *today* for the whole session: unit tests, AppTests (same process) and e2e servers (their
    env is built from this one: tests/e2e/helpers.py passes REBOUND_TODAY on). Tests read it through
    ``rebound.clock.today()``, never the real clock (tests/unit/test_no_real_clock.py checks)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(clock.ENV, _test_today())
        yield clock.today()


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "workspaces"
    monkeypatch.setenv("REBOUND_DATA_DIR", str(folder))
    return folder
