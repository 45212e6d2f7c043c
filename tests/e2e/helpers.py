"""Helpers for the real-browser tests: a Streamlit server, waiting for runs, forms, axe-core."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
STARTUP_TIMEOUT = 30.0  # seconds for /_stcore/health to answer "ok"
RUN_TIMEOUT = 20_000  # ms for one script run to finish in the browser


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def unique(prefix: str) -> str:
    """A name no other test uses (canaries, companies)."""
    return f"{prefix} {uuid.uuid4().hex[:8]}"


# --- Server ----------------------------------------------------------------------------------


@dataclass
class Server:
    base_url: str
    data_dir: Path
    mode: str
    proc: subprocess.Popen = field(repr=False)
    log: Path = field(repr=False)

    def url(self, path: str = "/", **query: str) -> str:
        """``server.url("/Understand", w=token)`` -> absolute URL."""
        path = path if path.startswith("/") else "/" + path
        return self.base_url + path + (("?" + urlencode(query)) if query else "")

    def output(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _start(mode: str, data_dir: Path, log: Path, extra_env: dict[str, str] | None = None) -> Server:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REBOUND_")}  # no stray settings
    if os.environ.get("REBOUND_TODAY"):  # the pinned test day (tests/conftest.py) reaches the app too
        env["REBOUND_TODAY"] = os.environ["REBOUND_TODAY"]
    env.update(REBOUND_MODE=mode, REBOUND_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", **(extra_env or {}))
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "serve.py",  # the app with its routes (st.App), as people run it
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        # Other people edit the pages while tests run: never reload scripts mid-test, save CPU.
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
    ]
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(base_url=base_url, data_dir=data_dir, mode=mode, proc=proc, log=log)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{server.output()}")
        if _healthy(base_url):
            return server
        time.sleep(0.2)
    _stop(proc)
    raise RuntimeError(f"streamlit did not answer /_stcore/health within {STARTUP_TIMEOUT:.0f} s:\n{server.output()}")


@contextlib.contextmanager
def launch_server(mode: str, data_dir: str | Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    """Run ``streamlit run serve.py`` (app.py with its routes) in ``mode`` on a free port with ``data_dir``; stop it afterwards."""
    assert mode in ("personal", "shared"), mode
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir.parent / f"streamlit-{mode}-{data_dir.name}.log"
    for attempt in range(3):  # the free port may be taken between choosing and binding it
        try:
            server = _start(mode, data_dir, log, env)
            break
        except RuntimeError:
            if attempt == 2:
                raise
    try:
        yield server
    finally:
        _stop(server.proc)


# --- Page helpers ---------------------------------------------------------------------------


_QUIET_JS = """
() => {
  if (!window.__reboundQuiet) {
    window.__reboundQuiet = {last: performance.now()};
    new MutationObserver(() => { window.__reboundQuiet.last = performance.now(); })
      .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  }
}
"""
APP_IDLE = "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']"
SIDEBAR_LINK = "[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']"


_ARM_JS = """
() => {
  window.__reboundRuns = 0;
  if (window.__reboundRunObserver) window.__reboundRunObserver.disconnect();
  const app = document.querySelector("[data-testid='stApp']");
  if (!app) return;
  window.__reboundRunObserver = new MutationObserver((records) => { window.__reboundRuns += records.length; });
  window.__reboundRunObserver.observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}
"""
_RUN_SEEN = "() => window.__reboundRuns === undefined || window.__reboundRuns > 0"  # undefined: a new document


def wait_for_app(page, timeout: int = RUN_TIMEOUT, sidebar: bool = True, quiet_ms: int = 250) -> None:
    """Wait until Streamlit is connected, has finished running the script and the page has settled.

    Streamlit marks its root ``[data-testid=stApp]`` with ``data-test-connection-state`` and
    ``data-test-script-state`` (``initial`` / ``running`` / ``notRunning`` / ``rerunRequested``).
    After the run, Chromium may still be painting (the sidebar's page links were seen to appear
    up to a second after ``notRunning``), so also wait for the sidebar journey (every Rebound page
    draws it; pass ``sidebar=False`` for a page without one) and for the DOM to be quiet for
    ``quiet_ms``.

    After a click, prefer ``after(page, action)`` (or ``click_button``/``click_sidebar``): it
    also makes sure the run the click starts has begun, so the old page is never mistaken for
    the new one.
    """
    page.evaluate(_QUIET_JS)
    page.wait_for_timeout(100)
    page.wait_for_selector(APP_IDLE, state="attached", timeout=timeout)
    if sidebar:
        page.wait_for_selector(SIDEBAR_LINK, state="attached", timeout=timeout)
    page.wait_for_function(
        f"() => performance.now() - window.__reboundQuiet.last > {quiet_ms}", timeout=timeout, polling=50
    )
    page.wait_for_selector(APP_IDLE, state="attached", timeout=timeout)  # a callback's st.rerun may have started


def after(page, action, start_timeout: int = 5_000, **wait_options) -> None:
    """Do ``action()`` (e.g. a click) and wait for the script run it starts to finish.

    Watches the script-state attribute from before the action, so a run that starts late (a
    busy machine) is still waited for. If no run starts within ``start_timeout`` ms (the action
    did not trigger one), it just waits for the app to be idle.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(_ARM_JS)
    action()
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(_RUN_SEEN, timeout=start_timeout, polling=20)
    wait_for_app(page, **wait_options)


def goto(page, url: str) -> None:
    """Open ``url`` and wait for the first script run to finish."""
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)


def query(page) -> dict[str, str]:
    """The current URL's query parameters (first value of each)."""
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def fill_text(page, label: str, text: str, rerun: bool = False) -> None:
    """Type into the text input or text area labelled ``label`` (exact match).

    Inside an ``st.form`` nothing runs until the submit button; outside one, leaving the field
    reruns the script: pass ``rerun=True`` to wait for that run.
    """
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    if rerun:
        after(page, box.blur)
    else:
        box.blur()  # commit the value (never press Enter: inside a form it submits)


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label``.

    Opens the list only when no script run is in flight (a run that redraws the page closes an open
    list), and opens it again if a late run closed it anyway.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_label(label, exact=True)
    choice = page.get_by_role("option", name=option, exact=True)
    for attempt in range(3):
        wait_for_app(page)
        box.click()
        try:
            choice.click(timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


def click_button(page, name: str, nth: int = 0) -> None:
    """Click the button named ``name`` (exact) and wait for the run it starts."""
    after(page, page.get_by_role("button", name=name, exact=True).nth(nth).click)


def sidebar_links(page):
    """The sidebar journey links (st.page_link), in order."""
    return page.locator(SIDEBAR_LINK)


def sidebar_pages(page) -> list[tuple[str, str]]:
    """``(label, href)`` of each sidebar journey link, in order."""
    links = sidebar_links(page)
    return [
        (links.nth(i).inner_text().strip().split("\n")[-1].strip(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]


def click_sidebar(page, label: str) -> None:
    """Click the sidebar journey link labelled ``label`` and wait for the page to run."""
    hrefs = [href for name, href in sidebar_pages(page) if name == label]
    assert hrefs, f"no sidebar link {label!r}; have {[name for name, _ in sidebar_pages(page)]}"
    after(page, page.locator(SIDEBAR_LINK + f'[href="{hrefs[0]}"]').click)
    path = urlsplit(hrefs[0]).path.strip("/")
    assert urlsplit(page.url).path.strip("/") == path, f"clicked {label!r} ({hrefs[0]}) but the page is {page.url}"


def main_text(page) -> str:
    """The visible text of the main area (not the sidebar)."""
    return page.locator("[data-testid='stMain']").inner_text()


# --- Accessibility ---------------------------------------------------------------------------

SERIOUS = ("serious", "critical")


def run_axe(page, context=None) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    return [v for v in results.response.get("violations", []) if v.get("impact") in SERIOUS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v.get('help')} [{len(v.get('nodes', []))} node(s)]")
        for node in v.get("nodes", [])[:10]:
            lines.append(f"    target={node.get('target')} html={node.get('html', '')[:160]!r}")
            messages = [check.get("message", "") for check in node.get("any", []) + node.get("all", [])]
            if any(messages):
                lines.append(f"    why: {'; '.join(m for m in messages if m)[:300]}")
    return "\n".join(lines)


def assert_no_serious_a11y(page, where: str = "") -> None:
    violations = run_axe(page)
    report = describe_violations(violations)
    if violations:
        print(f"axe-core serious/critical violations {where}:\n{report}")
    assert not violations, f"axe-core found serious/critical violations {where}:\n{report}"
