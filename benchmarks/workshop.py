"""What the room costs: an attendee's sync (a delta into the running counts) and a facilitator's release.

A sync reads the journal's last contribution, sends the room the difference and records the new
one, under both stores' locks; its cost should not grow with the room, because the room holds
one record of counts, not a row per person. A release draws OpenDP noise over every count. For
rooms of 10 and 100 sharing journals (file store, sealed journals), this prints the median of a
sync that changes one answer, of a sync with nothing to send (the usual page run), of one
release, and the ratios (100 against 10, release against sync). Run: ``python benchmarks/workshop.py``
(a few seconds; ``--reps`` to change).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rebound import access, content, journal, room_privacy, workshop  # noqa: E402
from rebound.storage import open_workspace  # noqa: E402

DAY = dt.date(2026, 5, 4)
THEMES = content.theme_ids()


def summary(i: int, bump: int = 0) -> dict:
    return {
        "activities": {"application": 3 + i % 4, "networking": 1 + (i + bump) % 5},
        "themes": {THEMES[i % len(THEMES)]: 1},
        "mood_change": float((i + bump) % 3 - 1),
    }


def room(folder: Path, n: int):
    code = f"bench-{n}"
    ws = open_workspace(workshop.workshop_key(code), folder)
    journals = []
    for i in range(n):
        j = open_workspace(access.link_key(access.new_token()), folder)
        journal.save_profile(j, {"workshop": code, "workshop_opt_in": True}, DAY)
        workshop.sync(j, ws, summary(i), DAY, THEMES)
        journals.append(j)
    return ws, journals


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
    names = room_privacy.layout(workshop.SHARED_KINDS, THEMES)
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for n in (10, 100):
            ws, journals = room(Path(tmp), n)
            state = {"bump": 0}

            def change(ws=ws, j=journals[0], state=state):
                state["bump"] += 1
                assert workshop.sync(j, ws, summary(0, state["bump"]), DAY, THEMES)

            changed = median_ms(change, reps)
            quiet = median_ms(lambda ws=ws, j=journals[1]: workshop.sync(j, ws, summary(1), DAY, THEMES), reps)
            counts = workshop.room_counts(ws)[1]
            drawn = median_ms(lambda counts=counts: room_privacy.draw(counts, names), reps)
            results[n] = (changed, quiet, drawn)
            print(
                f"room of {n:>3}: sync with a change {changed:7.2f} ms, sync with nothing to send "
                f"{quiet:7.2f} ms, a release's noise {drawn:6.2f} ms"
            )
        print(f"ratio 100/10, sync with a change:      {results[100][0] / results[10][0]:.2f}x")
        print(f"ratio 100/10, sync with nothing to send: {results[100][1] / results[10][1]:.2f}x")
        print(f"ratio release noise / sync with a change (100): {results[100][2] / results[100][0]:.2f}x")


if __name__ == "__main__":
    main()
