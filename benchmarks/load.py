"""Holds a full room: many attendees on one deployment, each in a private journal.

Three measurements, printed as tables:

1. **Server side** (default): N attendees (N = 10, 25, 50) run at the same time as threads in one
   process, each driving its own ``AppTest`` session against one shared-mode data folder with its own
   private link (``?w=<token>``). Each attendee: opens Home, logs a rejection on Understand (a unique
   canary company), writes a reflection on Reflect, logs an activity on Next steps, opens Progress
   (pages that do not exist yet are skipped). Every interaction is one script run; its wall time is
   recorded. Reported: p50/p95/max per interaction, errors (exceptions, missing own records), peak
   RSS of the process, and cross-talk — an attendee seeing any other attendee's canary anywhere in
   its page (every element of the run is searched). Each N runs in a fresh Python process so the
   peak RSS belongs to that N alone. At the end every journal file is read back: each must hold
   exactly its own records (lost writes count as errors).

   All sessions share one process and one GIL, like a single ``streamlit run`` serving a room.
   ``--think S`` adds a pause of about S seconds between one attendee's interactions (people read
   before they click); the default 0 is a burst — everyone clicking as fast as the server answers —
   the worst case for latency.

2. **Two app processes on one data folder lose nothing**: two ``streamlit run`` servers (shared
   mode, same ``REBOUND_DATA_DIR``, different ports); one Chromium context on each opens the same
   private link and each logs K rejections, the two submits of each round fired together. The
   journal must then hold 2K rejections. (The same check runs as a test in
   ``tests/e2e/test_two_replicas.py``.)

3. ``--browser``: 5 attendees as real Chromium contexts against one ``streamlit run`` in shared mode,
   at the same time (Playwright's async API), doing the same flow; interaction = click (or page
   open) until the app has finished its run. Errors, cross-talk and times reported.

AppTest is not thread-safe: ``AppTest.run`` swaps process globals while a script runs
(``Runtime._instance``, config options, ``PagesManager.uses_pages_directory``, ``st.secrets``) and
restores them afterwards, so overlapping runs pull them from under each other. Seen with
``--lock none``: "Runtime hasn't been created!", "Could not find page: pages/1_Understand.py", widgets
missing — errors of the harness, not of Rebound. A lock only around construction is not enough. What
works: every attendee has its own thread and its own AppTest (own session state), and a lock is held
around each ``run`` (default ``--lock run``). So script runs are serialised, which is also what one
Streamlit process does with CPU-bound Python under the GIL (its sessions share one core's worth of
Python); the attendee threads interleave between runs. Three times per interaction are reported: the
script run's wall time, its CPU time (the process's CPU during the run: load-independent, and what
the run costs on a quiet machine), and the queued time (waiting for the lock + the run: what an
attendee would see if everyone clicked at the same moment).

Run: ``python benchmarks/load.py`` (a few minutes), ``python benchmarks/load.py --browser``,
``--sizes 10 25``, ``--think 1``, ``--skip-replicas``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

APP = str(ROOT / "app.py")
PAGES = {
    "understand": "pages/1_Understand.py",
    "reflect": "pages/2_Reflect.py",
    "next_steps": "pages/6_Next_steps.py",
    "progress": "pages/8_Progress.py",
}
CANARY_RE = re.compile(r"CNRY([0-9a-f]{8})x")
SIZES = (10, 25, 50)


def canary(uid: str) -> str:
    return f"CNRY{uid}x"


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q / 100 * (len(values) - 1))))
    return values[k]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- 1. server side: AppTest sessions in threads ---------------------------------------------------


def _tree_text(at) -> str:
    """Everything a run produced: the text form of every element's proto."""
    parts, stack = [], [at._tree]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if children:
            stack.extend(children.values())
        elif getattr(node, "proto", None) is not None:
            parts.append(str(node.proto))
    return "\n".join(parts)


class Attendee:
    def __init__(self, index: int, token: str, lock: threading.Lock | None, think: float):
        self.index = index
        self.token = token
        self.uid = uuid.uuid4().hex[:8]
        self.canary = canary(self.uid)
        self.lock = lock
        self.think = think
        self.times: list[tuple[str, float]] = []  # script run time (service)
        self.responses: list[tuple[str, float]] = []  # including the wait for the AppTest lock (queue)
        self.cpu: list[tuple[str, float]] = []  # process CPU time of the run (runs are serialised by the lock)
        self.last_text = ""
        self.errors: list[str] = []
        self.crosstalk: list[str] = []
        self.rng = random.Random(index)

    def _run(self, step: str, action) -> object:
        """One interaction: ``action`` makes one script run. Records service and response time."""
        if self.think:
            time.sleep(self.think * self.rng.uniform(0.5, 1.5))
        asked = time.perf_counter()
        with self.lock or contextlib.nullcontext():
            started, cpu = time.perf_counter(), time.process_time()
            try:
                at = action()
                error = None
            except Exception as exc:  # a crash of the harness or the app: counted, the flow goes on
                at, error = None, f"{step}: {type(exc).__name__}: {exc}"
            done, cpu = time.perf_counter(), time.process_time() - cpu
            # the cross-talk scan runs inside the lock too, but outside the timed run
            text = _tree_text(at) if at is not None else ""
        self.times.append((step, done - started))
        self.cpu.append((step, cpu))
        self.responses.append((step, done - asked))
        if error:
            self.errors.append(error)
            return None
        if at.exception:
            self.errors.append(f"{step}: app exception: {at.exception[0].message}")
        others = {u for u in CANARY_RE.findall(text) if u != self.uid}
        if others:
            self.crosstalk.append(f"{step}: saw {sorted(others)}")
        self.last_text = text
        return at

    def flow(self) -> None:
        from streamlit.testing.v1 import AppTest

        def open_understand():  # straight to Understand by its private link, as a bookmark would
            at = AppTest.from_file(APP, default_timeout=120)
            at.query_params["w"] = self.token
            return at.switch_page(PAGES["understand"]).run()

        at = self._run("open Understand", open_understand)
        if at is None:
            return
        if "Log a rejection" not in self.last_text:
            self.errors.append("open Understand: not the Understand page")

        def log_rejection():
            at.text_input(key="rej__company").input(f"{self.canary} Corp")
            at.text_input(key="rej__role").input("Analyst")
            at.selectbox(key="rej__stage").select("interview")
            return [b for b in at.button if b.label == "Save rejection"][0].click().run()

        at = self._run("log rejection", log_rejection)
        if at is None:
            return
        if self.canary not in self.last_text:
            self.errors.append("log rejection: own rejection not shown")

        if (ROOT / PAGES["reflect"]).exists():
            at = self._run("open Reflect", lambda: at.switch_page(PAGES["reflect"]).run())
            if at is None:
                return

            def reflect():
                at.text_area(key="refl__went_well").input(f"{self.canary} rapport with the panel")
                at.text_area(key="refl__to_improve").input("Shorter answers")
                return [b for b in at.button if b.label == "Save reflection"][0].click().run()

            at = self._run("save reflection", reflect)
            if at is None:
                return

        if (ROOT / PAGES["next_steps"]).exists():
            at.session_state["next_tab"] = "This week"  # only the open tab runs; the log is on this one
            at = self._run("open Next steps", lambda: at.switch_page(PAGES["next_steps"]).run())
            if at is None:
                return

            def log_activity():
                at.selectbox(key="act__kind").select("application")
                at.number_input(key="act__count").set_value(2)
                return [b for b in at.button if b.label == "Log it"][0].click().run()

            at = self._run("log activity", log_activity)
            if at is None:
                return

        if (ROOT / PAGES["progress"]).exists():
            self._run("open Progress", lambda: at.switch_page(PAGES["progress"]).run())

    def check_store(self, data_dir: Path) -> None:
        from rebound.storage import open_workspace

        ws = open_workspace("link:" + self.token, data_dir)
        expect = {"rejections": 1}
        if (ROOT / PAGES["reflect"]).exists():
            expect["reflections"] = 1
        if (ROOT / PAGES["next_steps"]).exists():
            expect["activities"] = 1
        for table, n in expect.items():
            got = ws.all(table)
            if len(got) != n:
                self.errors.append(f"store: {len(got)} {table}, expected {n}")
        companies = [r["company"] for r in ws.all("rejections")]
        if companies != [f"{self.canary} Corp"]:
            self.errors.append(f"store: rejections hold {companies}")


def run_room(n: int, lock_mode: str, think: float) -> dict:
    """One room of n attendees in this process. Returns the numbers as a dict."""
    from rebound import access

    data_dir = Path(tempfile.mkdtemp(prefix=f"rebound-load-{n}-"))
    os.environ.update(REBOUND_MODE="shared", REBOUND_DATA_DIR=str(data_dir), REBOUND_EPHEMERAL="false")
    for var in ("REBOUND_WORKSHOP_JOIN_CODE", "REBOUND_WORKSHOP_FACILITATOR_KEY", "REBOUND_CONTENT_DIR"):
        os.environ.pop(var, None)

    lock = threading.Lock() if lock_mode == "run" else None
    # Warm up imports and caches once (the first run of a page imports its modules).
    warm = Attendee(-1, access.new_token(), lock, 0)
    warm.flow()
    rss_before = peak_rss_mb()

    attendees = [Attendee(i, access.new_token(), lock, think) for i in range(n)]
    start = threading.Barrier(n)

    def go(a: Attendee) -> None:
        start.wait()
        a.flow()

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        list(pool.map(go, attendees))
    wall = time.perf_counter() - t0
    for a in attendees:
        a.check_store(data_dir)

    times = [t for a in attendees for _, t in a.times]
    responses = [t for a in attendees for _, t in a.responses]
    cpu = [t for a in attendees for _, t in a.cpu]
    by_step: dict[str, list[float]] = {}
    cpu_by_step: dict[str, list[float]] = {}
    for a in attendees:
        for step, t in a.times:
            by_step.setdefault(step, []).append(t)
        for step, t in a.cpu:
            cpu_by_step.setdefault(step, []).append(t)
    return {
        "n": n,
        "lock": lock_mode,
        "think": think,
        "interactions": len(times),
        "p50": pct(times, 50),
        "p95": pct(times, 95),
        "max": max(times) if times else float("nan"),
        "cpu_p50": pct(cpu, 50),
        "cpu_p95": pct(cpu, 95),
        "load": os.getloadavg()[0],
        "resp_p50": pct(responses, 50),
        "resp_p95": pct(responses, 95),
        "steps": {
            s: {"p50": pct(v, 50), "p95": pct(v, 95), "cpu_p50": pct(cpu_by_step[s], 50), "n": len(v)}
            for s, v in by_step.items()
        },
        "errors": [e for a in attendees for e in a.errors] + [f"warm-up: {e}" for e in warm.errors],
        "crosstalk": [c for a in attendees for c in a.crosstalk],
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
        "wall": wall,
        "warm_errors": warm.errors,
    }


def server_side(sizes: list[int], lock_mode: str, think: float) -> list[dict]:
    results = []
    for n in sizes:
        cmd = [sys.executable, __file__, "--worker", str(n), "--lock", lock_mode, "--think", str(think)]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode != 0 or not lines:
            print(f"N={n}: worker failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
            continue
        results.append(json.loads(lines[-1]))
    return results


def print_server_side(results: list[dict]) -> None:
    if not results:
        return
    r0 = results[0]
    print(
        f"\n== Server side: N attendees at once, AppTest sessions in threads of one process "
        f"(lock={r0['lock']}, think={r0['think']} s) =="
    )
    print("script = wall time of one interaction's script run; cpu = its CPU time (load-independent);")
    print("queued = what the attendee waits when everyone clicks at once (runs are serialised, see the docstring)")
    head = (
        f"{'N':>4} {'runs':>5} {'script p50/p95 s':>17} {'cpu p50/p95 s':>14} {'queued p50/p95 s':>17} "
        f"{'errors':>6} {'cross-talk':>10} {'RSS idle':>9} {'peak RSS':>9} {'wall s':>7} {'load':>5}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        print(
            f"{r['n']:>4} {r['interactions']:>5} {r['p50']:>8.2f} /{r['p95']:>6.2f}  {r['cpu_p50']:>6.2f} /{r['cpu_p95']:>5.2f}"
            f"  {r['resp_p50']:>7.2f} /{r['resp_p95']:>6.2f}  {len(r['errors']):>6} {len(r['crosstalk']):>10} "
            f"{r['rss_before_mb']:>6.0f} MB {r['peak_rss_mb']:>6.0f} MB {r['wall']:>7.1f} {r['load']:>5.1f}"
        )
    print("\nPer interaction, script p50 / p95 (cpu p50) in seconds:")
    steps = list(results[-1]["steps"])
    print(f"{'step':<18}" + "".join(f"{'N=' + str(r['n']):>24}" for r in results))
    for s in steps:
        cells = []
        for r in results:
            v = r["steps"].get(s)
            cells.append(f"{v['p50']:.2f} / {v['p95']:.2f} ({v['cpu_p50']:.2f})" if v else "-")
        print(f"{s:<18}" + "".join(f"{c:>24}" for c in cells))
    for r in results:
        for e in (r["errors"] + r["crosstalk"])[:10]:
            print(f"  N={r['n']}: {e}")


# --- 2 & 3: real servers and browsers ---------------------------------------------------------------


async def _wait_idle(page, timeout: float = 60_000) -> None:
    """The app has finished its run (same idea as tests/e2e/helpers.wait_for_app)."""
    idle = "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']"
    await page.wait_for_timeout(150)
    await page.wait_for_selector(idle, state="attached", timeout=timeout)
    await page.wait_for_selector(
        "[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']", state="attached", timeout=timeout
    )
    await page.wait_for_timeout(100)
    await page.wait_for_selector(idle, state="attached", timeout=timeout)


async def _main_text(page) -> str:
    return await page.locator("[data-testid='stMain']").inner_text()


def _nav(page, label: str):
    """Click the sidebar journey link (in-app navigation in the same session, as a person would)."""
    links = page.locator("[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']")
    return links.filter(has_text=re.compile(rf"{re.escape(label)}\s*$")).first.click()


async def _browser_attendee(browser, server, index: int, results: dict) -> None:
    from urllib.parse import parse_qs, urlsplit

    uid = uuid.uuid4().hex[:8]
    me = canary(uid)
    times, errors, crosstalk = [], [], []
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(60_000)
    page = await ctx.new_page()
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))

    async def step(name: str, coro) -> None:
        t0 = time.perf_counter()
        await coro
        await _wait_idle(page)
        times.append((name, time.perf_counter() - t0))
        text = await _main_text(page)
        others = {u for u in CANARY_RE.findall(text) if u != uid}
        if others:
            crosstalk.append(f"{name}: saw {sorted(others)}")
        exc = page.locator("[data-testid='stException']")
        if await exc.count():
            errors.append(f"{name}: app exception: {(await exc.first.inner_text())[:200]}")

    try:
        await step("open home", page.goto(server.url("/"), wait_until="domcontentloaded"))
        token = parse_qs(urlsplit(page.url).query).get("w", [""])[0]
        if not token:
            errors.append("no private link in the URL")
        await step("open Understand", _nav(page, "Understand"))
        await page.get_by_label("Company", exact=True).fill(f"{me} Corp")
        await page.get_by_label("Role", exact=True).fill("Analyst")
        await page.get_by_label("How far did you get?", exact=True).click()
        await page.get_by_role("option", name="Interview", exact=True).click()
        await step("log rejection", page.get_by_role("button", name="Save rejection", exact=True).click())
        if me not in await _main_text(page):
            errors.append("log rejection: own rejection not shown")
        if (ROOT / PAGES["reflect"]).exists():
            await step("open Reflect", _nav(page, "Reflect"))
            await page.get_by_label("What went well?", exact=True).fill(f"{me} rapport")
            await page.get_by_label("What would you do differently?", exact=True).fill("Shorter answers")
            await step("save reflection", page.get_by_role("button", name="Save reflection", exact=True).click())
        if (ROOT / PAGES["next_steps"]).exists():
            await step("open Next steps", _nav(page, "Next steps"))
            await page.get_by_role("tab", name="This week").click()
            await page.get_by_label("Kind", exact=True).click()
            await page.get_by_role("option", name=re.compile("^Application", re.I)).first.click()
            await step("log activity", page.get_by_role("button", name="Log it", exact=True).click())
        if (ROOT / PAGES["progress"]).exists():
            await step("open Progress", _nav(page, "Progress"))
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
        token = parse_qs(urlsplit(page.url).query).get("w", [""])[0]
    finally:
        await ctx.close()
    results[index] = {"uid": uid, "token": token, "times": times, "errors": errors, "crosstalk": crosstalk}


async def _browser_room(n: int) -> dict:
    from playwright.async_api import async_playwright

    from rebound.storage import open_workspace
    from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, launch_server

    data_dir = Path(tempfile.mkdtemp(prefix="rebound-load-browser-"))
    results: dict[int, dict] = {}
    with launch_server("shared", data_dir / "data") as server:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            # warm-up: the first visit imports every page's modules
            await _browser_attendee(browser, server, -1, results)
            warm = results.pop(-1)
            t0 = time.perf_counter()
            await asyncio.gather(*(_browser_attendee(browser, server, i, results) for i in range(n)))
            wall = time.perf_counter() - t0
            await browser.close()
        server_rss = _rss_of(server.proc.pid)
    for r in results.values():
        if not r["token"]:
            continue
        ws = open_workspace("link:" + r["token"], data_dir / "data")
        companies = [x["company"] for x in ws.all("rejections")]
        if companies != [f"{canary(r['uid'])} Corp"]:
            r["errors"].append(f"store: rejections hold {companies}")
    return {"n": n, "results": results, "wall": wall, "warm_errors": warm["errors"], "server_rss_mb": server_rss}


def _rss_of(pid: int) -> float | None:
    """Peak RSS (VmHWM) of a running process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def print_browser(room: dict) -> None:
    rs = list(room["results"].values())
    times = [t for r in rs for _, t in r["times"]]
    errors = [e for r in rs for e in r["errors"]]
    cross = [c for r in rs for c in r["crosstalk"]]
    print(f"\n== Browser: {room['n']} attendees as real Chromium contexts at once, one `streamlit run` (shared) ==")
    print(
        f"interactions {len(times)}, p50 {pct(times, 50):.2f} s, p95 {pct(times, 95):.2f} s, "
        f"max {max(times) if times else float('nan'):.2f} s, errors {len(errors)}, cross-talk {len(cross)}, "
        f"wall {room['wall']:.1f} s, server peak RSS "
        + (f"{room['server_rss_mb']:.0f} MB" if room["server_rss_mb"] else "n/a")
    )
    by_step: dict[str, list[float]] = {}
    for r in rs:
        for s, t in r["times"]:
            by_step.setdefault(s, []).append(t)
    print(f"{'step':<18}{'p50 s':>8}{'p95 s':>8}{'max s':>8}")
    for s, v in by_step.items():
        print(f"{s:<18}{pct(v, 50):>8.2f}{pct(v, 95):>8.2f}{max(v):>8.2f}")
    for e in (errors + cross + [f"warm-up: {e}" for e in room["warm_errors"]])[:10]:
        print("  " + e)


def two_replicas(k: int) -> dict:
    """Two servers on one data folder, one browser on each, same private link: K rejections each."""
    from playwright.sync_api import sync_playwright

    from rebound import access
    from rebound.storage import open_workspace
    from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, launch_server, wait_for_app

    data_dir = Path(tempfile.mkdtemp(prefix="rebound-replicas-")) / "data"
    token = access.new_token()
    with launch_server("shared", data_dir) as a, launch_server("shared", data_dir) as b, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        pages = []
        for server in (a, b):
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            ctx.set_default_timeout(30_000)
            page = ctx.new_page()
            page.goto(server.url("/Understand", w=token), wait_until="domcontentloaded")
            wait_for_app(page)
            pages.append(page)
        t0 = time.perf_counter()
        for i in range(k):
            for j, page in enumerate(pages):
                page.get_by_label("Company", exact=True).fill(f"Replica{j} round {i}")
                page.get_by_label("Role", exact=True).fill("Analyst")
                page.get_by_label("How far did you get?", exact=True).click()
                page.get_by_role("option", name="Application", exact=True).click()
            for page in pages:  # both submits fired before waiting for either
                page.get_by_role("button", name="Save rejection", exact=True).click()
            for page in pages:
                wait_for_app(page)
        wall = time.perf_counter() - t0
        pages[0].reload(wait_until="domcontentloaded")
        wait_for_app(pages[0])
        # the list shows 10 and a "Show N more (of M older)" button
        listed = pages[0].locator("[data-testid='stExpander']").filter(has_text="Replica").count()
        older = re.search(r"of (\d+) older", main := pages[0].locator("[data-testid='stMain']").inner_text())
        shown = listed + (int(older.group(1)) if older else 0)
        del main
        browser.close()
    stored = [r["company"] for r in open_workspace(access.link_key(token), data_dir).all("rejections")]
    expected = {f"Replica{j} round {i}" for i in range(k) for j in range(2)}
    return {"k": k, "stored": len(stored), "missing": sorted(expected - set(stored)), "shown": shown, "wall": wall}


def print_replicas(r: dict) -> None:
    print("\n== Two app processes on one data folder (same private link, one browser on each) ==")
    print(
        f"K = {r['k']} rejections per process, submits fired together: {r['stored']} stored "
        f"(expected {2 * r['k']}), missing {r['missing'] or 'none'}, "
        f"{r['shown']} listed by process A after a reload, {r['wall']:.1f} s"
    )


# --- main ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--lock", choices=["run", "none"], default="run")
    parser.add_argument("--think", type=float, default=0.0, help="seconds between one attendee's interactions")
    parser.add_argument("--browser", action="store_true", help="also run 5 attendees in real Chromium")
    parser.add_argument("--browser-attendees", type=int, default=5)
    parser.add_argument("--skip-server", action="store_true")
    parser.add_argument("--skip-replicas", action="store_true")
    parser.add_argument("--replica-k", type=int, default=10)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        print(json.dumps(run_room(args.worker, args.lock, args.think)))
        return

    t0 = time.perf_counter()
    load = os.getloadavg()[0]
    print(f"CPUs: {os.cpu_count()}, load average at start: {load:.1f} (other work on the machine inflates times)")
    if not args.skip_server:
        print_server_side(server_side(args.sizes, args.lock, args.think))
    if not args.skip_replicas:
        print_replicas(two_replicas(args.replica_k))
    if args.browser:
        print_browser(asyncio.run(_browser_room(args.browser_attendees)))
    print(f"\n(took {time.perf_counter() - t0:.0f} s; load average now {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
