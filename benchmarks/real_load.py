"""A room of attendees against a real ``streamlit run``, over Streamlit's own websocket.

Each simulated attendee is what a browser tab does, without the browser: it fetches ``/`` (the
XSRF cookie and, behind ``deploy/serve-room``, the proxy's affinity cookie), opens
``/_stcore/stream`` with the ``streamlit`` subprotocol, and sends ``BackMsg.rerun_script`` with
the query string, the page's ``page_script_hash`` and the widget states it changed. A script run
has finished when the server sends ``script_finished`` (a run interrupted by ``st.rerun`` keeps
going until the final one). The page list with hashes comes from the ``navigation`` message;
widget ids come from the deltas, found by label; a selectbox's value is its option label.

The flow (one script run each): Home, Understand, submit "Log a rejection" (a unique canary
company), Reflect, Next steps, Progress — with a pause of about ``--think`` seconds before each
step and arrivals spread over ``--ramp`` seconds. The trivial app (``benchmarks/trivial_app.py``:
a title, a text input, a button) gets the same number of runs, pauses and arrivals in the same
invocation, right after, so the two are compared on the same machine at the same moment.

Checked afterwards, in each attendee's journal (through the store's public API): its canary is
there exactly once (else *lost*) and no other attendee's canary is (else *crossed*); any other
attendee's canary in the messages an attendee received is also *crossed*. Errors: exceptions
shown on a page, compile errors, runs that never finished, dropped connections.

Printed: p50/p95 per step, server CPU per script run (the server's process tree, /proc; runs
counted on the driver's side), peak RSS, and Rebound against the trivial app as ratios.

Run (from the repository root):
    python benchmarks/real_load.py                           # 50 attendees, 8 s think, 20 s ramp
    python benchmarks/real_load.py --attendees 50 --think 0  # a burst
    python benchmarks/real_load.py --launch "deploy/serve-room --replicas 2 --port {port}"
    python benchmarks/real_load.py --memory 100              # RSS per open session
    python benchmarks/real_load.py --background-load --runs 3  # the judged figure: a busy machine, 3 runs

``--background-load [CORES]`` keeps CORES cores (default 1) busy with spinning processes from before
the first server starts until after the last one stops (also on an error or Ctrl-C; a burner
also ends by itself when this driver is gone). ``--runs N`` repeats the whole measurement, each
run with its own trivial app, and ends with a table of each run's figures, their median and the
worst value of each. Every run prints the machine's load average before and after it.
Labels relied on: the pages "Understand", "Reflect", "Next steps", "Progress" (navigation), and on
Understand the inputs "Company", "Role", "How far did you get?" and the form's "Save…" button.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REBOUND_APP = ROOT / "serve.py"  # the entry point a deployment runs (st.App: app.py and its routes)
TRIVIAL_APP = ROOT / "benchmarks" / "trivial_app.py"
CANARY_RE = re.compile(rb"CNRY[0-9a-f]{8}x")
RUN_TIMEOUT = 120.0  # seconds for one script run before it counts as an error
STARTUP_TIMEOUT = 60.0
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# --- The server's process tree (/proc: no extra package) -----------------------------------


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def tree_usage(pid: int) -> tuple[float, int]:
    """(CPU seconds used so far, resident bytes now) of a process and everything it started."""
    cpu, rss = 0.0, 0
    for p in _descendants(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            statm = Path(f"/proc/{p}/statm").read_text().split()
        except OSError:  # exited meanwhile
            continue
        cpu += (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime
        rss += int(statm[1]) * PAGE_SIZE
    return cpu, rss


class PeakRss:
    """Samples a process tree's RSS in a thread while the load runs."""

    def __init__(self, pid: int, every: float = 0.25):
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_usage(self.pid)[1])
            self._stop.wait(self.every)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


# --- Starting a server ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


@dataclass
class Server:
    base_url: str
    proc: subprocess.Popen
    data_dir: Path

    @property
    def pid(self) -> int:
        return self.proc.pid


def streamlit_command(app: Path, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
    ]


@contextlib.contextmanager
def launch(
    app: Path, data_dir: Path, command: str | None = None, env: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[Server]:
    """Start ``streamlit run app`` (or ``command`` with ``{port}``) on a free port; stop it and its children after."""
    port = free_port()
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("REBOUND_")}
    full_env.update(REBOUND_MODE="shared", REBOUND_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    full_env.update(env or {})
    cmd = shlex.split(command.format(port=port)) if command else streamlit_command(app, port)
    out = log.open("ab") if log else subprocess.DEVNULL
    # Its own process group: whatever it starts is stopped with it.
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=full_env,
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Server(f"http://127.0.0.1:{port}", proc, data_dir)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not healthy(server.base_url):
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}" + (f"; see {log}" if log else ""))
            if time.monotonic() > deadline:
                raise RuntimeError(f"{cmd} did not answer /_stcore/health in {STARTUP_TIMEOUT:.0f} s")
            time.sleep(0.2)
        yield server
    finally:
        stop(proc)
        if log:
            out.close()


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # its own group (start_new_session): only what it started
            proc.wait(timeout=10)


# --- One attendee: a browser tab's websocket ----------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text).strip().casefold()


@dataclass
class Widget:
    kind: str
    id: str
    label: str
    form_id: str = ""
    options: list[str] = field(default_factory=list)
    submit: bool = False


@dataclass
class Run:
    step: str
    seconds: float
    ok: bool


class ProtocolError(Exception):
    pass


class Attendee:
    """One browser tab: one websocket session, the query string it carries, the last run's widgets."""

    def __init__(self, base_url: str, name: str, cookies: dict[str, str] | None = None, locale: str | None = None):
        self.base_url, self.name = base_url.rstrip("/"), name
        self.locale = locale  # the browser's language (navigator.language), e.g. "de-DE"; None: not sent
        self.preset_cookies = dict(cookies or {})  # e.g. a proxy's affinity cookie from an earlier visit
        self.pages: dict[str, tuple[str, str]] = {}  # normalised name -> (page_script_hash, url_pathname)
        self.page = ("", "")
        self.query = ""
        self.widgets: list[Widget] = []
        self.runs: list[Run] = []
        self.errors: list[str] = []
        self.seen_canaries: set[bytes] = set()
        self.ws = None

    # -- connection --
    def _cookies(self) -> dict[str, str]:
        """GET / as a browser does first: the XSRF cookie and any proxy affinity cookie."""
        request = urllib.request.Request(self.base_url + "/")
        if self.preset_cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.preset_cookies.items()))
        with urllib.request.urlopen(request, timeout=30) as resp:
            resp.read()
            jar = SimpleCookie()
            for header in resp.headers.get_all("Set-Cookie") or []:
                jar.load(header)
        return self.preset_cookies | {k: m.value for k, m in jar.items()}

    async def connect(self) -> None:
        cookies = await asyncio.to_thread(self._cookies)
        xsrf = cookies.get("_streamlit_xsrf", "")
        protocols = ["streamlit", xsrf] if xsrf else ["streamlit"]
        url = "ws" + self.base_url[len("http") :] + "/_stcore/stream"
        self.ws = await connect(
            url,
            subprotocols=protocols,
            origin=self.base_url,
            additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else None,
            max_size=None,
            compression=None,
            open_timeout=60,
            ping_interval=None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    @property
    def token(self) -> str | None:
        return (parse_qs(self.query).get("w") or [None])[0]

    # -- script runs --
    async def rerun(self, step: str, states: list[tuple[Widget, str, object]] | None = None) -> bool:
        """Send one rerun request and read until its run has finished; record its time and errors."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page[0]
        cs.context_info.timezone = "UTC"
        if self.locale:
            cs.context_info.locale = self.locale
        cs.context_info.url = f"{self.base_url}/{self.page[1]}" + (f"?{self.query}" if self.query else "")
        for widget, value_field, value in states or []:
            ws_ = cs.widget_states.widgets.add()
            ws_.id = widget.id
            setattr(ws_, value_field, value)
        self.widgets = []
        start = time.perf_counter()
        ok = False
        try:
            await self.ws.send(msg.SerializeToString())
            ok = await asyncio.wait_for(self._read_run(step), RUN_TIMEOUT)
        except TimeoutError:
            self.errors.append(f"{step}: no script_finished within {RUN_TIMEOUT:.0f} s")
        except Exception as exc:  # a dropped connection is an error of the run, not of the driver
            self.errors.append(f"{step}: {type(exc).__name__}: {exc}")
        self.runs.append(Run(step, time.perf_counter() - start, ok))
        return ok

    async def _read_run(self, step: str) -> bool:
        while True:
            raw = await self.ws.recv()
            self.seen_canaries.update(CANARY_RE.findall(raw))
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                self._on_delta(step, fwd.delta)
            elif kind == "navigation":
                for p in fwd.navigation.app_pages:
                    self.pages[_norm(p.page_name)] = (p.page_script_hash, p.url_pathname)
                    if p.page_script_hash == fwd.navigation.page_script_hash:
                        self.page = (p.page_script_hash, p.url_pathname)
            elif kind == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
            elif kind == "page_not_found":
                self.errors.append(f"{step}: page not found")
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): the run that counts is the next one
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    self.errors.append(f"{step}: compile error")
                    return False
                return True

    def _on_delta(self, step: str, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            self.errors.append(f"{step}: {el.exception.type}: {el.exception.message[:200]}")
            return
        proto = getattr(el, kind)
        if not hasattr(proto, "id") or not hasattr(proto, "label"):
            return
        self.widgets.append(
            Widget(
                kind=kind,
                id=proto.id,
                label=proto.label,
                form_id=getattr(proto, "form_id", ""),
                options=list(getattr(proto, "options", [])),
                submit=bool(getattr(proto, "is_form_submitter", False)),
            )
        )

    # -- finding things by label (forgiving: exact, then case/space-insensitive, then prefix) --
    def widget(self, label: str, kind: str | None = None, form_id: str | None = None) -> Widget:
        pool = [
            w for w in self.widgets if (kind is None or w.kind == kind) and (form_id is None or w.form_id == form_id)
        ]
        for match in (
            lambda w: w.label == label,
            lambda w: _norm(w.label) == _norm(label),
            lambda w: _norm(w.label).startswith(_norm(label)),
        ):
            found = [w for w in pool if match(w)]
            if found:
                return found[0]
        raise ProtocolError(f"no {kind or 'widget'} labelled {label!r} on {self.page[1] or 'Home'}")

    async def open(self, page: str) -> bool:
        key = _norm(page)
        if key not in self.pages:
            raise ProtocolError(f"no page {page!r} in the navigation ({sorted(self.pages)})")
        self.page = self.pages[key]
        return await self.rerun(page)


# --- Flows ----------------------------------------------------------------------------------------


def canary() -> str:
    return f"CNRY{uuid.uuid4().hex[:8]}x"


def flow_with(company_label: str = "Company", role_label: str = "Role", stage_label: str = "How far did you get?"):
    """Home, Understand, log a rejection, Reflect, Next steps, Progress: six script runs, the rejection
    form's fields found by these labels (another language's, for benchmarks.languages)."""

    async def flow(att: Attendee, pause: Callable[[], Awaitable[None]]) -> None:
        await att.rerun("Home")
        await pause()
        await att.open("Understand")
        await pause()
        company = att.widget(company_label, "text_input")
        role = att.widget(role_label, "text_input", form_id=company.form_id)
        stage = att.widget(stage_label, "selectbox", form_id=company.form_id)
        save = next(w for w in att.widgets if w.submit and w.form_id == company.form_id)  # the form's one submit
        await att.rerun(
            "Log a rejection",
            [
                (company, "string_value", att.name),
                (role, "string_value", "Analyst"),
                (stage, "string_value", stage.options[0]),
                (save, "trigger_value", True),
            ],
        )
        for page in ("Reflect", "Next steps", "Progress"):
            await pause()
            await att.open(page)

    return flow


rebound_flow = flow_with()


async def trivial_flow(att: Attendee, pause: Callable[[], Awaitable[None]]) -> None:
    """The same six runs on the trivial app: open it, then type and click five times."""
    await att.rerun("Home")
    for i in range(5):
        await pause()
        text, button = att.widget("Company", "text_input"), att.widget("Save", "button")
        await att.rerun(f"Click {i + 1}", [(text, "string_value", att.name), (button, "trigger_value", True)])


# --- A room ----------------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    attendees: list[Attendee]
    cpu: float
    peak_rss: int
    wall: float
    lost: int = 0
    crossed: int = 0

    @property
    def runs(self) -> list[Run]:
        return [r for a in self.attendees for r in a.runs]

    @property
    def finished(self) -> int:
        return sum(r.ok for r in self.runs)

    @property
    def errors(self) -> list[str]:
        return [f"{a.name}: {e}" for a in self.attendees for e in a.errors]

    @property
    def cpu_per_run(self) -> float:
        return self.cpu / max(self.finished, 1)

    def times(self, step: str | None = None) -> list[float]:
        return sorted(r.seconds for r in self.runs if r.ok and (step is None or r.step == step))


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def _attendee(
    base_url: str,
    flow,
    delay: float,
    think: float,
    rng: random.Random,
    name: str,
    out: list[Attendee],
    cookies: dict[str, str] | None = None,
) -> None:
    await asyncio.sleep(delay)
    att = Attendee(base_url, name, cookies)
    out.append(att)

    async def pause() -> None:
        if think > 0:  # people read before they click: exponential pauses around the mean
            await asyncio.sleep(min(rng.expovariate(1 / think), 4 * think))

    try:
        await att.connect()
        await flow(att, pause)
    except Exception as exc:
        att.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        with contextlib.suppress(Exception):
            await att.close()


async def room(
    base_url: str,
    flow,
    n: int,
    think: float,
    ramp: float,
    seed: int,
    prefix: str,
    cookies: list[dict[str, str]] | None = None,
) -> list[Attendee]:
    """n attendees through ``flow``; ``cookies[i]`` (optional) is what attendee i's browser already holds."""
    rng = random.Random(seed)
    out: list[Attendee] = []
    delays = sorted(rng.uniform(0, ramp) for _ in range(n)) if ramp > 0 else [0.0] * n
    await asyncio.gather(
        *(
            _attendee(
                base_url,
                flow,
                d,
                think,
                random.Random(rng.random()),
                f"{prefix}{canary()}",
                out,
                cookies[i] if cookies else None,
            )
            for i, d in enumerate(delays)
        )
    )
    return out


def run_async(coro: Awaitable):
    """``asyncio.run`` on a thread of its own: it works even where this thread already runs an event
    loop (in one pytest process, Playwright's sync API keeps one running in the main thread)."""
    out: dict[str, object] = {}

    def target() -> None:
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as exc:  # handed back to the caller's thread
            out["error"] = exc

    worker = threading.Thread(target=target, name="real-load")
    worker.start()
    worker.join()
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return out.get("value")


def run_room(
    server: Server,
    flow,
    n: int,
    think: float,
    ramp: float,
    seed: int,
    label: str,
    cookies: list[dict[str, str]] | None = None,
    warm: int = 1,
) -> Result:
    # Warm-up: visitors through the flow first, so imports and process-wide caches are not billed to the room
    # (behind a proxy, several: each process needs its own).
    run_async(room(server.base_url, flow, warm, 0, 0, seed + 1, "warmup-"))
    cpu0, _ = tree_usage(server.pid)
    t0 = time.perf_counter()
    with PeakRss(server.pid) as rss:
        attendees = run_async(room(server.base_url, flow, n, think, ramp, seed, "", cookies))
    wall = time.perf_counter() - t0
    cpu1, _ = tree_usage(server.pid)
    return Result(label, attendees, cpu1 - cpu0, rss.peak, wall)


def verify(result: Result, data_dir: Path, key: Callable[[Attendee], str] | None = None) -> Result:
    """Each journal holds its own canary exactly once and nobody else's; no page showed another's canary.

    ``key`` gives an attendee's journal key (default: its private link's).
    """
    from rebound import access
    from rebound.storage import open_workspace

    by_link = key is None
    key = key or (lambda att: access.link_key(att.token))

    names = {a.name.encode() for a in result.attendees}
    for att in result.attendees:
        others = (att.seen_canaries & names) - {att.name.encode()}
        result.crossed += len(others)
        if by_link and not att.token:
            result.lost += 1
            att.errors.append("no private link came back (page_info_changed)")
            continue
        companies = [r.get("company") for r in open_workspace(key(att), data_dir).all("rejections")]
        mine = companies.count(att.name)
        result.lost += mine != 1
        result.crossed += sum(1 for c in companies if c != att.name)
    return result


# --- Memory per session --------------------------------------------------------------------------


def memory(server: Server, n: int) -> tuple[int, int, list[str]]:
    """RSS with one open session, then with n more, each through the whole flow and still connected.

    Returns (baseline bytes, after bytes, errors).
    """

    async def nopause() -> None:
        return None

    async def go() -> tuple[int, int, list[str]]:
        held: list[Attendee] = []
        base = 0
        try:
            for i in range(n + 1):
                att = Attendee(server.base_url, f"mem{canary()}")
                held.append(att)
                await att.connect()
                await rebound_flow(att, nopause)
                if i == 0:
                    base = tree_usage(server.pid)[1]
            await asyncio.sleep(1)
            return base, tree_usage(server.pid)[1], [e for a in held for e in a.errors]
        finally:
            for att in held:
                with contextlib.suppress(Exception):
                    await att.close()

    return run_async(go())


# --- Report ----------------------------------------------------------------------------------------


def report(rebound: Result, trivial: Result | None) -> None:
    print(f"\n{rebound.label}: {len(rebound.attendees)} attendees in {rebound.wall:.0f} s")
    print(f"{'step':<18}{'n':>5}{'p50 s':>9}{'p95 s':>9}{'max s':>9}")
    steps = list(dict.fromkeys(r.step for r in rebound.runs))
    for step in [*steps, None]:
        t = rebound.times(step)
        print(f"{step or 'all':<18}{len(t):>5}{pct(t, 0.5):>9.3f}{pct(t, 0.95):>9.3f}{(t[-1] if t else 0):>9.3f}")
    print(
        f"script runs finished {rebound.finished}, errors {len(rebound.errors)}, lost {rebound.lost}, "
        f"crossed {rebound.crossed}, server CPU per run {rebound.cpu_per_run * 1000:.1f} ms, "
        f"peak RSS {rebound.peak_rss / 2**20:.0f} MB"
    )
    for e in rebound.errors[:10]:
        print("  error:", e)
    if trivial:
        tt = trivial.times()
        rt = rebound.times()
        print(
            f"trivial app: p50 {pct(tt, 0.5):.3f} s, p95 {pct(tt, 0.95):.3f} s, CPU per run "
            f"{trivial.cpu_per_run * 1000:.1f} ms, peak RSS {trivial.peak_rss / 2**20:.0f} MB, errors {len(trivial.errors)}"
        )
        print(
            f"ratios Rebound / trivial: CPU per script run {rebound.cpu_per_run / max(trivial.cpu_per_run, 1e-9):.2f}x, "
            f"p50 {pct(rt, 0.5) / pct(tt, 0.5):.2f}x, p95 {pct(rt, 0.95) / pct(tt, 0.95):.2f}x"
        )


# --- A background load: the busy machine a room gets ------------------------------------------------

# Spins until stopped, and stops by itself when its parent is gone (even a parent killed with SIGKILL).
# The driver's pid comes as an argument, not from os.getppid() at start: a driver killed before the
# burner's Python got that far would otherwise be missed, and the burner would spin for ever.
BURNER = """
import os, sys
parent = int(sys.argv[1])
while os.getppid() == parent:
    for _ in range(200_000):
        pass
"""


@contextlib.contextmanager
def background_load(cores: int) -> Iterator[list[subprocess.Popen]]:
    """``cores`` CPU burners (one process each, spinning), started before and stopped after, whatever happens."""
    burners: list[subprocess.Popen] = []
    try:
        for _ in range(cores):
            burners.append(
                subprocess.Popen(
                    [sys.executable, "-c", BURNER, str(os.getpid())], stdin=subprocess.DEVNULL, start_new_session=True
                )
            )
        yield burners
    finally:
        for b in burners:
            if b.poll() is None:
                b.kill()
        for b in burners:
            b.wait(timeout=10)


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages (what ``uptime`` prints), recorded with every run."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- One judged run and several ---------------------------------------------------------------------


def deployment_label(command: str | None) -> str:
    return (
        "Rebound, one process"
        if command is None
        else f"Rebound via {command.split()[0]} {' '.join(command.split()[1:3])}"
    )


def one_run(args: argparse.Namespace, tmp_path: Path) -> tuple[list[Result], Result | None]:
    """Every deployment, then the trivial app, in this order on this machine now; reported as it goes."""
    deployments = ([] if args.no_single and args.launch else [None]) + args.launch
    results = []
    for i, command in enumerate(deployments):
        data = tmp_path / f"data{i}"
        with launch(REBOUND_APP, data, command, log=tmp_path / f"rebound{i}.log") as server:
            result = run_room(
                server,
                rebound_flow,
                args.attendees,
                args.think,
                args.ramp,
                args.seed,
                deployment_label(command),
                warm=4 if command else 1,
            )
        results.append(verify(result, data))
    trivial = None
    if not args.no_trivial:  # the yardstick is always one plain streamlit run
        with launch(TRIVIAL_APP, tmp_path / "trivial", log=tmp_path / "trivial.log") as server:
            trivial = run_room(server, trivial_flow, args.attendees, args.think, args.ramp, args.seed, "trivial")
    for result in results:
        report(result, trivial)
    if len(results) > 1:
        first = results[0].times()
        for result in results[1:]:
            t = result.times()
            print(
                f"{result.label} against {results[0].label}: p50 {pct(first, 0.5) / pct(t, 0.5):.2f}x better, "
                f"p95 {pct(first, 0.95) / pct(t, 0.95):.2f}x better"
            )
    return results, trivial


def run_figures(results: list[Result], trivial: Result | None) -> dict[str, float]:
    """The figures a run is judged by (seconds and ratios), by name."""
    out: dict[str, float] = {}
    for i, r in enumerate(results):
        tag = "" if i == 0 else f" [{r.label}]"
        t = r.times()
        out[f"p95 s{tag}"] = pct(t, 0.95)
        if trivial:
            out[f"p95 / trivial{tag}"] = pct(t, 0.95) / pct(trivial.times(), 0.95)
            out[f"CPU per run / trivial{tag}"] = r.cpu_per_run / max(trivial.cpu_per_run, 1e-9)
        if i > 0:
            out[f"p95 better than one process{tag}"] = pct(results[0].times(), 0.95) / pct(t, 0.95)
    if trivial:
        out["trivial p95 s"] = pct(trivial.times(), 0.95)
    return out


# For each figure, which end is the bad one: the worst run is the worst value of each figure.
HIGHER_IS_BETTER = ("better than one process",)


def summarise(figures: list[dict[str, float]], loads: list[str]) -> None:
    print(f"\n===== {len(figures)} runs =====")
    names = list(dict.fromkeys(k for f in figures for k in f))
    width = max(len(n) for n in names) + 2
    print(
        f"{'':<{width}}"
        + "".join(f"{'run ' + str(i + 1):>10}" for i in range(len(figures)))
        + f"{'median':>10}{'worst':>10}"
    )
    for name in names:
        values = [f.get(name, float("nan")) for f in figures]
        worst = min(values) if any(h in name for h in HIGHER_IS_BETTER) else max(values)
        print(
            f"{name:<{width}}"
            + "".join(f"{v:>10.2f}" for v in values)
            + f"{statistics.median(values):>10.2f}{worst:>10.2f}"
        )
    for i, load in enumerate(loads):
        print(f"run {i + 1}: load average before / after: {load}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--attendees", type=int, default=50)
    ap.add_argument("--think", type=float, default=8.0, help="mean pause before each step, seconds (0 = burst)")
    ap.add_argument("--ramp", type=float, default=20.0, help="arrivals spread over this many seconds")
    ap.add_argument(
        "--launch",
        action="append",
        default=[],
        help='a deployment command with {port}, e.g. "deploy/serve-room --replicas 2 --port {port}"; '
        "repeatable; each runs after one plain process, under the same load",
    )
    ap.add_argument("--no-single", action="store_true", help="with --launch: skip the one-process run")
    ap.add_argument("--no-trivial", action="store_true", help="skip the trivial app")
    ap.add_argument(
        "--background-load",
        type=int,
        nargs="?",
        const=1,
        default=0,
        metavar="CORES",
        help="keep CORES cores busy (default 1) with spinning processes for the whole measurement, "
        "Rebound and the trivial app alike: a room does not get a quiet machine",
    )
    ap.add_argument(
        "--runs",
        type=int,
        default=1,
        help="repeat the whole measurement (each run with its own trivial app); prints each run, the median and the worst",
    )
    ap.add_argument("--memory", type=int, metavar="N", help="instead: RSS with N open sessions, each through the flow")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    # SIGTERM ends the run through the clean-up below (servers and burners stopped), as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    with tempfile.TemporaryDirectory(prefix="rebound-real-load-") as tmp, background_load(args.background_load):
        tmp_path = Path(tmp)
        if args.background_load:
            print(f"background load: {args.background_load} spinning process(es)")
        if args.memory:
            with launch(REBOUND_APP, tmp_path / "data", None, log=tmp_path / "server.log") as server:
                base, after, errors = memory(server, args.memory)
            per = (after - base) / args.memory
            print(
                f"RSS with 1 session {base / 2**20:.0f} MB, with {args.memory + 1}: {after / 2**20:.0f} MB "
                f"-> {per / 2**20:.2f} MB per session; 100 sessions ~ {(base + 100 * per) / 2**20:.0f} MB; "
                f"errors {len(errors)}"
            )
            return 1 if errors else 0
        failed = False
        figures, loads = [], []
        for run in range(args.runs):
            before = load_average()
            print(f"\n##### run {run + 1} of {args.runs} (load average {before}) #####", flush=True)
            run_dir = tmp_path / f"run{run}"
            run_dir.mkdir()
            results, trivial = one_run(args, run_dir)
            loads.append(f"{before} / {load_average()}")
            figures.append(run_figures(results, trivial))
            failed |= any(r.errors or r.lost or r.crossed for r in results)
            sys.stdout.flush()
        if args.runs > 1:
            summarise(figures, loads)
        else:
            print(f"load average before / after: {loads[0]}")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
