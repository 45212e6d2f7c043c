"""What the threshold rule costs the facilitator's page: ``workshop.refresh`` for rooms of 10 and 100.

``refresh`` reads every member, fingerprints each one's contributions and compares them with
the published snapshot; it rebuilds the figures only when 5 people changed. For a room of 10
and one of 100 this measures the median of a refresh that publishes nothing (the usual rerun)
and of one that publishes a new snapshot, and prints the ratios (100 against 10, publishing
against not). Run: ``python benchmarks/workshop.py`` (a few seconds; ``--reps`` to change).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rebound import workshop  # noqa: E402
from rebound.storage import open_workspace  # noqa: E402


def member(i: int, bump: int = 0) -> dict:
    return {
        "activities": {"application": 3 + i % 4 + bump, "networking": 1 + i % 2},
        "rejections": 2 + i % 3,
        "reflections": 1,
        "reframes": i % 2,
        "themes": {"materials": 1, "interview_skills": i % 2},
        "mood_change": float(i % 5 - 2),
        "confidence_change": 1.0,
        "reframe_shift": 15.0,
    }


def room(folder: Path, n: int):
    ws = open_workspace(workshop.workshop_key(f"bench-{n}"), folder)
    ids = [workshop.new_member_id() for _ in range(n)]
    with ws.batch():
        for i, mid in enumerate(ids):
            workshop.push(ws, mid, member(i))
    workshop.refresh(ws)
    return ws, ids


def median_ms(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=30)
    reps = parser.parse_args().reps
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for n in (10, 100):
            ws, ids = room(Path(tmp), n)
            quiet = median_ms(lambda ws=ws: workshop.refresh(ws), reps)
            state = {"bump": 0}

            def publish(ws=ws, ids=ids, state=state):
                state["bump"] += 1
                with ws.batch():
                    for i, mid in enumerate(ids[:5]):
                        workshop.push(ws, mid, member(i, state["bump"]))
                start = time.perf_counter()
                workshop.refresh(ws)
                return time.perf_counter() - start

            published = statistics.median(publish() for _ in range(reps)) * 1000
            results[n] = (quiet, published)
            print(f"room of {n:>3}: refresh without publishing {quiet:7.2f} ms, publishing {published:7.2f} ms")
        print(f"ratio 100/10 without publishing: {results[100][0] / results[10][0]:.1f}x")
        print(f"ratio 100/10 publishing:         {results[100][1] / results[10][1]:.1f}x")
        print(f"ratio publishing/quiet (100):    {results[100][1] / results[100][0]:.1f}x")


if __name__ == "__main__":
    main()
