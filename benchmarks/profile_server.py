"""Profile script runs under the real server: ``streamlit run`` with cProfile around every run.

Each script run of a session is profiled on its own and added to one ``pstats`` file per page
and kind of run (a session's first run of that page vs. later ones) in ``$REBOUND_PROFILE_DIR``.
The attendees come from benchmarks/real_load.py (one at a time, so runs do not overlap):

    python benchmarks/profile_server.py --attendees 5          # prints the top costs per page
    python benchmarks/profile_server.py --attendees 5 --top 40 --sort tottime
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent


def install(out_dir: Path) -> None:
    """Wrap ScriptRunner._run_script: one cProfile per run, merged per (page, first visit?) at exit."""
    import atexit

    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script
    lock = threading.Lock()
    merged: dict[str, pstats.Stats] = {}
    seen: set[tuple[str, str]] = set()
    sessions: dict[str, int] = {}

    def profiled(self, rerun_data):
        prof = cProfile.Profile()
        prof.enable()
        try:
            return original(self, rerun_data)
        finally:
            prof.disable()
            page = _page_name(self, rerun_data) or "app.py"
            with lock:
                sessions.setdefault(self._session_id, len(sessions))
                first = (self._session_id, page) not in seen
                seen.add((self._session_id, page))
                name = f"{page}-{'first' if first else 'later'}"
                if sessions[self._session_id] < 2:
                    pass  # the open tab and the first attendee: imports and process-wide caches
                elif name in merged:
                    merged[name].add(prof)
                else:
                    merged[name] = pstats.Stats(prof)

    def dump() -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, stats in merged.items():
            stats.dump_stats(str(out_dir / f"{name}.pstats"))

    script_runner.ScriptRunner._run_script = profiled
    atexit.register(dump)


def _page_name(runner, rerun_data) -> str:
    try:
        page = runner._pages_manager.get_pages().get(rerun_data.page_script_hash)
        return Path(page["script_path"]).name if page else ""
    except Exception:
        return ""


def serve() -> None:
    """``python benchmarks/profile_server.py serve <streamlit run args>``: the server under the profiler."""
    import signal

    from streamlit.web import cli

    install(Path(os.environ["REBOUND_PROFILE_DIR"]))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # exit normally so atexit writes the profiles
    sys.argv = ["streamlit", "run", *sys.argv[2:]]
    cli.main()


async def _visit(base_url: str, n: int, real_load) -> None:
    """n attendees one at a time (each run profiled alone), while one more tab stays open.

    Streamlit drops its compiled-script cache when the last session disconnects; in a room
    someone is always connected, so the open tab keeps the profile honest.
    """
    keeper = real_load.Attendee(base_url, "keeper")
    await keeper.connect()
    await keeper.rerun("Home")
    try:
        for i in range(n):
            await real_load.room(base_url, real_load.rebound_flow, 1, 0, 0, i, "p")
    finally:
        await keeper.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--attendees", type=int, default=5)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--sort", default="cumulative")
    ap.add_argument("--pages", nargs="*", help="only these page files (e.g. 8_Progress.py)")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from benchmarks import real_load

    with tempfile.TemporaryDirectory(prefix="rebound-profile-") as tmp:
        out = Path(tmp) / "profiles"
        cmd = f"{sys.executable} {HERE / 'profile_server.py'} serve {real_load.REBOUND_APP} " + " ".join(
            real_load.streamlit_command(real_load.REBOUND_APP, 0)[5:]
        ).replace("--server.port 0", "--server.port {port}")
        with real_load.launch(
            real_load.REBOUND_APP, Path(tmp) / "data", cmd, env={"REBOUND_PROFILE_DIR": str(out)}
        ) as s:
            real_load.asyncio.run(_visit(s.base_url, args.attendees + 1, real_load))
        for f in sorted(out.glob("*-first.pstats")):
            if args.pages and f.name.split("-")[0] not in args.pages:
                continue
            buf = io.StringIO()
            stats = pstats.Stats(str(f), stream=buf)
            total = stats.total_tt
            stats.sort_stats(args.sort).print_stats(args.top)
            print(f"\n===== {f.stem}: {total:.3f} s over the runs profiled =====")
            print("\n".join(buf.getvalue().splitlines()[6:]))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve()
    else:
        sys.exit(main())
