"""Shared fixtures: every test gets its own data folder, an explicit mode and a pinned *today*."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rebound import clock  # noqa: E402  (needs ROOT on sys.path)
from rebound.storage import open_workspace  # noqa: E402

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


# --- PostgreSQL -------------------------------------------------------------------------------


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require_pg() -> str:
    """The test cluster's URL. Without one: skipped locally, a failure in CI (CI=true)."""
    url = os.environ.get("REBOUND_TEST_DATABASE_URL")
    if not url:
        reason = "REBOUND_TEST_DATABASE_URL is not set (no PostgreSQL to test against; .ci/run starts one)"
        if _in_ci():
            pytest.fail(reason + " (CI=true: the PostgreSQL tests must run in CI)", pytrace=False)
        pytest.skip(reason)
    return url


@contextlib.contextmanager
def fresh_database(base: str) -> Iterator[str]:
    """A schema of its own for one test (so tests never see each other's rows); dropped after.

    Yields a connection string whose search_path is that schema (a schema is much cheaper to
    make than a database, and the store names its tables unqualified).
    """
    import psycopg
    from psycopg.conninfo import make_conninfo

    from rebound.storage import postgres as pgstore

    name = "rebound_t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE SCHEMA "{name}"')
    url = make_conninfo(base, options=f"-c search_path={name}")
    try:
        yield url
    finally:
        pgstore.close(url)
        with psycopg.connect(base, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture
def pg_url() -> Iterator[str]:
    with fresh_database(require_pg()) as url:
        yield url


def pytest_generate_tests(metafunc):
    """Every test that asks for ``store_backend`` runs on each backend (a module may narrow that
    per test with a ``store_backends(metafunc)`` function)."""
    if "store_backend" in metafunc.fixturenames:
        choose = getattr(metafunc.module, "store_backends", None)
        kinds = choose(metafunc) if choose else ["file", "postgresql"]
        metafunc.parametrize("store_backend", kinds, indirect=True)


@pytest.fixture
def store_backend(request, tmp_path):
    """``store_backend(key)`` opens a journal in this test's own store: a fresh data folder, or a
    fresh PostgreSQL database. ``store_backend.kind`` says which; ``store_backend.url`` the database."""
    if getattr(request, "param", "file") == "file":
        folder = tmp_path / "workspaces"  # the same folder as the data_dir fixtures
        opener = _Opener("file", lambda key: open_workspace(key, folder), folder=folder)
        yield opener
        return
    with fresh_database(require_pg()) as url:
        folder = tmp_path / "must-stay-absent"
        yield _Opener("postgresql", lambda key: open_workspace(key, folder, database_url=url), folder, url)


class _Opener:
    def __init__(self, kind: str, open_fn, folder: Path, url: str | None = None):
        self.kind, self._open, self.folder, self.url = kind, open_fn, folder, url

    def __call__(self, key: str):
        return self._open(key)
