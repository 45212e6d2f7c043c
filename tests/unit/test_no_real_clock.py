"""Guard: no test reads the real clock; *today* comes from rebound.clock (pinned in tests/conftest.py).

A test that used the real date would pass on some days and fail on others (the Progress test once
failed Monday to Wednesday). The app side is guarded too: only rebound/clock.py asks for today's date.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

CLOCK_CALLS = {"today", "now", "utcnow"}  # date.today(), datetime.now(), datetime.utcnow() and aliases
TIME_CALLS = {"time", "time_ns", "localtime", "gmtime", "ctime"}  # the time module's wall clock
ALLOWED_RECEIVERS = {"clock"}  # rebound.clock.today() is the one way to ask


def _receiver(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def real_clock_calls(source: str) -> list[int]:
    """Line numbers of calls that read the wall clock (by attribute, alias or getattr)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            receiver = _receiver(func.value)
            if (
                func.attr in CLOCK_CALLS
                and receiver not in ALLOWED_RECEIVERS
                or func.attr in TIME_CALLS
                and receiver == "time"
            ):
                lines.append(node.lineno)
        elif isinstance(func, ast.Name) and func.id == "getattr" and len(node.args) >= 2:
            name = node.args[1]
            if isinstance(name, ast.Constant) and name.value in CLOCK_CALLS | TIME_CALLS:
                lines.append(node.lineno)
    for node in ast.walk(ast.parse(source)):  # from time import time (as t): a bare t() is hard to see
        if isinstance(node, ast.ImportFrom) and node.module == "time" and {a.name for a in node.names} & TIME_CALLS:
            lines.append(node.lineno)
    return sorted(lines)


def _offenders(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        for line in real_clock_calls(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(ROOT)}:{line}")
    return found


def test_the_detector_catches_every_spelling():
    # The negative control, kept: each of these reads the real clock and must be caught.
    for source in (
        "import datetime as dt\ndt.date.today()",
        "from datetime import date as D\nD.today()",
        "import datetime\ndatetime.datetime.now().date()",
        "from datetime import datetime\ndatetime.utcnow()",
        "import datetime as dt\nf = getattr(dt.date, 'today')\nf()",
        "import time\ntime.time()",
        "from time import time as t\nt()",
        "import time\ntime.localtime()",
    ):
        assert real_clock_calls(source), source
    assert not real_clock_calls("from rebound import clock\nclock.today()\nimport time\ntime.monotonic()")


def test_no_test_reads_the_real_clock():
    this = Path(__file__).resolve()
    files = [p for p in sorted((ROOT / "tests").rglob("*.py")) if p.resolve() != this]
    assert not _offenders(files), "use rebound.clock.today() (pinned in tests/conftest.py) instead"


def test_only_rebound_clock_asks_for_todays_date():
    app_files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "components").rglob("*.py")]
    app_files += [p for p in (ROOT / "rebound").rglob("*.py") if p.name != "clock.py"]
    # Timestamps (store's updated_at, a calendar file's DTSTAMP, Reframe's timer) may use the clock;
    # a *date* the person sees must not, so only .today() is refused here.
    offenders = [
        f"{p.relative_to(ROOT)}:{n.lineno}"
        for p in app_files
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "today"
        and _receiver(n.func.value) != "clock"
    ]  # fmt: skip
    assert not offenders, "take today from the shell (rebound.clock.today), not the server's clock"
