"""Real-browser fixtures: one headless Chromium per session, Streamlit servers per module.

Use in a test module::

    from tests.e2e.helpers import choose, click_button, click_sidebar, fill_text, goto, unique

    def test_something(page, server_personal):
        goto(page, server_personal.url("/Understand"))      # open a page, wait for its first run
        fill_text(page, "Company", unique("Acme"))          # rerun=True for a field outside st.form
        choose(page, "How far did you get?", "Interview")   # a selectbox option by its label
        click_button(page, "Save rejection")                # click, wait for the run it starts
        expect(page.get_by_text("Saved.")).to_be_visible()  # playwright.sync_api.expect retries
        click_sidebar(page, "Home")                         # the sidebar journey link, keeps ?w=
        assert_no_serious_a11y(page, "on Home")             # axe-core: serious + critical only

Fixtures:
- ``browser`` (session): headless Debian Chromium through Playwright (``executable_path``).
  Missing browser or Playwright: skipped locally, a failure when ``CI=true``.
- ``context`` / ``page`` (function): a fresh browser context (own cookies and storage) and page.
- ``new_page`` (function): factory for extra pages in their own contexts (e.g. two visitors at once).
- ``server_personal`` / ``server_shared`` (module): a Streamlit server in that mode with its own
  empty data folder, shared by the tests of one module. Tests must not depend on each other: use
  unique names (``unique("Acme")``) and, in shared mode, a fresh link per test (open "/" without ?w).
- ``start_server(mode, data_dir=None)`` (function): factory for special cases; servers it starts
  are stopped at the end of the test.

Every test under tests/e2e gets the ``e2e`` marker (deselect with ``-m "not e2e"``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.helpers import (  # noqa: F401 - re-exported for test modules
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    after,
    assert_no_serious_a11y,
    choose,
    click_button,
    click_sidebar,
    fill_text,
    goto,
    in_ci,
    launch_server,
    main_text,
    query,
    run_axe,
    sidebar_links,
    sidebar_pages,
    unique,
    wait_for_app,
)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            # One retry for a real browser on a shared 2-core machine (a click lost to timing);
            # a real bug fails twice, and the first failure is still reported as a rerun.
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=1))


def _unavailable(reason: str):
    """A missing browser skips locally but fails in CI: a skipped browser test in CI is a failure."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


# --- Browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        _unavailable("playwright is not installed (pip install -r requirements-dev.txt)")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    from playwright.sync_api import expect

    # A Streamlit run after a click can take several seconds on a shared 2-core machine (the first
    # visit to a page imports pandas and Plotly): assertions wait as long as actions do.
    expect.set_options(timeout=15_000)
    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def browser(_playwright):
    try:
        browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:  # pragma: no cover - depends on the machine
        _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def new_page(browser):
    """Factory: ``new_page()`` opens a page in a fresh context (a separate visitor)."""
    contexts = []

    def make(**context_options):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
        ctx.set_default_timeout(15_000)
        ctx.set_default_navigation_timeout(30_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def context(page):
    return page.context


# --- Servers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server_personal(_playwright, tmp_path_factory):
    with launch_server("personal", tmp_path_factory.mktemp("personal_data")) as server:
        yield server


@pytest.fixture(scope="module")
def server_shared(_playwright, tmp_path_factory):
    with launch_server("shared", tmp_path_factory.mktemp("shared_data")) as server:
        yield server


@pytest.fixture
def start_server(_playwright, tmp_path_factory):
    """Factory: ``start_server("shared", data_dir=None, env=None) -> Server`` (stopped after the test).

    ``env`` adds settings for the app (e.g. a workshop's) after the test process's own are dropped.
    """
    stack = []

    def start(mode: str, data_dir: str | Path | None = None, env: dict[str, str] | None = None) -> Server:
        folder = Path(data_dir) if data_dir else tmp_path_factory.mktemp(f"{mode}_data")
        cm = launch_server(mode, folder, env)
        server = cm.__enter__()
        stack.append(cm)
        return server

    yield start
    for cm in reversed(stack):
        cm.__exit__(None, None, None)
