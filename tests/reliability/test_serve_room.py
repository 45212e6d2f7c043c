"""deploy/serve-room: two app processes behind nginx; each browser stays on one, both serve, nothing crosses."""

from __future__ import annotations

import os
import queue
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from benchmarks import real_load
from tests.e2e.helpers import in_ci

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) up=(?P<up>\S+) route=(?P<route>\S+)')


@pytest.fixture(autouse=True)
def _needs_nginx():
    if not os.access(NGINX, os.X_OK):
        if in_ci():
            pytest.fail(f"nginx not found at {NGINX} (CI=true: the launcher test must run)", pytrace=False)
        pytest.skip("nginx is not installed (apt-get install nginx)")


def access_log(logs: Path) -> list[dict[str, str]]:
    path = logs / "nginx-access.log"
    text = path.read_text() if path.exists() else ""
    return [m.groupdict() for m in LINE.finditer(text)]


def upstream_of(base_url: str, logs: Path, route: str) -> str:
    """Which process a browser holding this affinity cookie is sent to (read from the proxy's log)."""
    req = urllib.request.Request(base_url + "/_stcore/health", headers={"Cookie": f"rebound_route={route}"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.read().strip() == b"ok"
    for _ in range(50):  # nginx writes the line as the request ends
        ups = [e["up"] for e in access_log(logs) if e["route"] == route]
        if ups:
            return ups[0]
        time.sleep(0.1)
    raise AssertionError(f"no access-log line for route {route}")


def test_two_replicas_each_serve_their_own_browsers_and_nothing_crosses(tmp_path):
    data, logs = tmp_path / "data", tmp_path / "logs"
    command = f"{ROOT / 'deploy' / 'serve-room'} --replicas 2 --port {{port}} --log-dir {logs}"
    with real_load.launch(real_load.REBOUND_APP, data, command, log=tmp_path / "launcher.log") as room:
        # Two browsers whose cookies the consistent hash puts on different processes.
        routes: dict[str, str] = {}
        for i in range(64):
            route = f"probe{i}"
            routes.setdefault(upstream_of(room.base_url, logs, route), route)
            if len(routes) == 2:
                break
        assert len(routes) == 2, f"64 cookies all hashed to one process: {routes}"
        cookies = [{"rebound_route": r} for r in routes.values()]
        result = real_load.run_room(
            room, real_load.rebound_flow, 2, think=0, ramp=0, seed=5, label="room", cookies=cookies
        )
        for route in routes.values():  # a browser's later requests follow it too
            for _ in range(4):
                upstream_of(room.base_url, logs, route)
        app_ports = sorted(int(up.rsplit(":", 1)[1]) for up in routes)
        assert all(real_load.healthy(f"http://127.0.0.1:{p}") for p in app_ports)
        # A private link's token is never written to the proxy's log (a stolen disk must read nothing).
        # Negative control: the old log format ("$request", query string included) fails this.
        token = "LinkTokenCanary0123456789abcdef"
        with urllib.request.urlopen(f"{room.base_url}/My_data?w={token}", timeout=30) as reply:
            assert reply.status == 200
        logged = ""
        for _ in range(50):  # nginx writes the line after the reply: a busy machine may lag it
            logged = (logs / "nginx-access.log").read_text()
            if "/My_data" in logged:
                break
            time.sleep(0.2)
        assert "/My_data" in logged and token not in logged
    real_load.verify(result, data)

    assert result.errors == [], (tmp_path / "launcher.log").read_text()[-3000:]
    assert (result.lost, result.crossed) == (0, 0)
    entries = access_log(logs)
    for up, route in routes.items():  # every request of a browser went to its process, websocket included
        mine = [e for e in entries if e["route"] == route]
        assert {e["up"] for e in mine} == {up}
        assert any(e["path"] == "/_stcore/stream" and e["status"] == "101" for e in mine), mine
    # SIGTERM to the launcher stopped every child: nobody answers any more.
    assert not real_load.healthy(room.base_url)
    assert not any(real_load.healthy(f"http://127.0.0.1:{p}") for p in app_ports)


def test_behind_serve_room_wrong_keys_count_per_real_address_across_replicas_whatever_the_client_claims(tmp_path):
    """Issue 16: the app trusts the client address only from its own proxy. Eight fresh sessions, spread
    over two replicas, each forging a different X-Real-IP / X-Forwarded-For, send a wrong facilitator
    key: the guard's store (shared by the replicas) holds one address (the one nginx saw) with all eight."""

    from rebound import keyguard, workshop
    from rebound.storage import open_workspace
    from tests.e2e.test_facilitator_storm import Guesser

    data, logs = tmp_path / "data", tmp_path / "logs"
    join, key = "proxy-room-2b9e", "proxy-Facilitator-Key-5150"
    env = {"REBOUND_WORKSHOP_JOIN_CODE": join, "REBOUND_WORKSHOP_FACILITATOR_KEY": key}
    command = f"{ROOT / 'deploy' / 'serve-room'} --replicas 2 --port {{port}} --log-dir {logs}"
    with real_load.launch(real_load.REBOUND_APP, data, command, env=env, log=tmp_path / "launcher.log") as room:
        forged = [f"198.51.100.{i}" for i in range(8)]
        guessers = [
            Guesser(
                room.base_url,
                f"g{i}",
                cookies={"rebound_route": f"probe{i}"},
                headers={"X-Real-IP": ip, "X-Forwarded-For": ip},
            )
            for i, ip in enumerate(forged)
        ]

        async def storm() -> list[str]:
            said = []
            for g in guessers:
                await g.connect()
                await g.rerun("Home")
                await g.open("Workshop")
                said.append(await g.guess("not-the-key-at-all"))
                await g.close()
            return said

        said = real_load.run_async(storm())
    assert all("does not match" in s or "wait" in s for s in said), said
    streams = {e["up"] for e in access_log(logs) if e["path"] == "/_stcore/stream"}
    assert len(streams) == 2, f"the sessions did not reach both replicas: {streams}"
    addresses = open_workspace(workshop.guard_key(join), data).all("addresses")
    guard = keyguard.KeyGuard(open_workspace(workshop.guard_key(join), data), key)
    assert [a["id"] for a in addresses] == [guard._address_id("127.0.0.1")], addresses  # nginx's, not forged
    assert addresses[0]["failures"] == sum("does not match" in s for s in said) >= 5


# --- Started by another program -------------------------------------------------------------------

LAUNCHER = ROOT / "deploy" / "serve-room"


def outside_env(tmp_path: Path) -> dict[str, str]:
    """What a driver in another program passes: no virtual environment on PATH, no terminal."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "REBOUND_MODE": "shared",
        "REBOUND_DATA_DIR": str(tmp_path / "data"),
    }


def run_launcher(tmp_path: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LAUNCHER), *args],
        cwd=tmp_path,
        env=outside_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_started_from_another_process_with_its_output_captured_the_room_serves(tmp_path):
    """Another program starts the room: pipes for stdout/stderr, no TTY, another working folder, PATH
    without the virtual environment. The launcher says when it is ready, the room serves a whole flow,
    and SIGTERM stops it cleanly. (On the old launcher, ``#!/usr/bin/env python`` found no Python or
    one without Streamlit, and the app's log explaining it was removed at exit: no result at all.)"""
    if not (ROOT / ".venv" / "bin" / "python").exists() and not in_ci():
        pytest.skip("no .venv in this checkout (the README's test command makes it)")
    port = real_load.free_port()
    proc = subprocess.Popen(
        [str(LAUNCHER), "--replicas", "2", "--port", str(port), "--log-dir", str(tmp_path / "logs")],
        cwd=tmp_path,
        env=outside_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        try:
            ready = lines.get(timeout=180)
        except queue.Empty:
            ready = ""
        assert "2 processes behind" in ready, (
            f"rc={proc.poll()} stderr={proc.stderr.read() if proc.poll() is not None else ''}"
        )
        base_url = f"http://127.0.0.1:{port}"
        assert real_load.healthy(base_url)
        server = real_load.Server(base_url, proc, tmp_path / "data")
        result = real_load.run_room(server, real_load.rebound_flow, 2, think=0, ramp=0, seed=9, label="outside")
        real_load.verify(result, tmp_path / "data")
        assert result.errors == []
        assert (result.lost, result.crossed) == (0, 0)
    finally:
        real_load.stop(proc)
    assert proc.returncode == 0, proc.stderr.read()
    assert not real_load.healthy(f"http://127.0.0.1:{port}")


def test_without_nginx_it_says_so_and_exits_non_zero(tmp_path):
    done = run_launcher(tmp_path, "--port", str(real_load.free_port()), "--nginx", str(tmp_path / "no-nginx"))
    assert done.returncode != 0
    assert "nginx not found" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_on_a_port_already_in_use_it_says_so_and_exits_non_zero(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_launcher(tmp_path, "--replicas", "1", "--port", str(port))
    assert done.returncode != 0
    assert f"port {port}" in done.stderr and "already in use" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
