"""What a facilitator sees in a room of 12 and of 40: how often each figure clears its threshold
through the noise, its error when shown, and how many figures noise alone puts on the page.

Both rooms are plausible rooms where everyone shares (moods mostly up, applications the main
effort, themes spread out). Every release is drawn by ``rebound.room_privacy`` (OpenDP) and
shown by ``workshop.shown_figures``, exactly as the Workshop page does. Run:
``python benchmarks/room_accuracy.py`` (``--releases`` to change; a few seconds).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rebound import content, room_privacy, workshop  # noqa: E402

THEMES = sorted(content.theme_ids())


def room(n: int, moods: tuple[int, int, int], efforts: dict[str, int], themes: list[int]) -> dict[str, int]:
    counts = {"sharing": n}
    counts.update({"mood:" + m: v for m, v in zip(room_privacy.MOODS, moods, strict=True)})
    counts.update({"activity:" + k: v for k, v in efforts.items()})
    counts.update({"theme:" + THEMES[i]: v for i, v in enumerate(themes)})
    return counts


ROOMS = {
    12: room(
        12, (7, 3, 2), {"application": 6, "networking": 3, "learning": 2, "materials": 1}, [3, 2, 2, 1, 1, 1, 1, 1]
    ),
    40: room(
        40,
        (22, 10, 8),
        {"application": 18, "networking": 9, "learning": 6, "materials": 4, "interview_practice": 3},
        [7, 5, 4, 4, 3, 3, 2, 2, 2, 2, 2, 1, 1, 1, 1],
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--releases", type=int, default=2000)
    releases = parser.parse_args().releases
    names = room_privacy.layout(workshop.SHARED_KINDS, THEMES)
    print(
        f"ε per release {room_privacy.RELEASE_EPSILON:g}, budget {room_privacy.BUDGET_EPSILON:g}; every count gets "
        f"discrete Laplace noise of scale {room_privacy.scale_for(room_privacy.RELEASE_EPSILON):g} (within "
        f"±{room_privacy.error_at()} 9 times in 10); thresholds: sharing {room_privacy.threshold(1)}, mood "
        f"{room_privacy.threshold(3)}, effort {room_privacy.threshold(6)}, themes {room_privacy.threshold(len(THEMES))}"
    )
    for n, counts in ROOMS.items():
        shown: dict[str, int] = {}
        errors: dict[str, list[int]] = {}
        junk = 0
        for _ in range(releases):
            for group, bins in workshop.shown_figures(room_privacy.draw(counts, names).figures).items():
                for bin_, value in bins.items():
                    name = "sharing" if group == "sharing" else f"{group}:{bin_}"
                    shown[name] = shown.get(name, 0) + 1
                    errors.setdefault(name, []).append(abs(value - counts.get(name, 0)))
                    junk += counts.get(name, 0) == 0
        print(f"\nroom of {n} (all sharing): figure, true count, shown in % of releases, mean error when shown")
        for name in sorted(shown, key=lambda k: -shown[k]):
            if shown[name] / releases >= 0.01:
                err = sum(errors[name]) / len(errors[name])
                print(f"  {name:30s} {counts.get(name, 0):3d}  {shown[name] / releases:5.0%}  {err:4.1f}")
        print(f"  figures with no one behind them, per release: {junk / releases:.3f}")


if __name__ == "__main__":
    main()
