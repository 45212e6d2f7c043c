"""What a workshop room releases, and how private it is: OpenDP's Laplace mechanism and its accounting.

The room keeps exact running counts (see ``rebound.workshop``); noise is added only when the
facilitator takes a release. Every figure is a count of people, and each person adds at most 1
to each of four figures — the **contribution bound**:

- ``sharing``: 1 for everyone who shares;
- ``mood``: one of better / same / lower (last check-in mood against the first; none with fewer
  than two check-ins);
- ``activity``: the one kind of effort they logged most (none when nothing is logged);
- ``theme``: the one listed theme that came up most in their entries (none when none did).

So adding or removing one person changes the released vector by at most 4 in L1 distance
(``PERSON_L1``). OpenDP's discrete Laplace mechanism (``make_laplace`` over an integer vector
with the L1 metric) is calibrated to that sensitivity so that one release costs
``RELEASE_EPSILON``; the workshop's budget is ``BUDGET_EPSILON``, and what a series of releases
has spent is OpenDP's own composition of them (``make_composition``). Nothing here draws noise
by hand.

A figure is shown only when its *released* count is at least the threshold (5): the gate is
itself a function of the noisy release, so it cannot turn into an exact yes/no about one person
(an exact gate would, with four fake journals beside one real one).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import opendp.prelude as dp

# make_laplace and make_composition are "contrib" in OpenDP 0.16 (help(dp.m.make_laplace) says
# "Required features: contrib"): components whose proofs are written but not yet vetted into
# OpenDP's core. We use only these two, with integer data (no floating-point caveats).
dp.enable_features("contrib")

RELEASE_EPSILON = 2.0  # what one release costs: 0.5 for each of the four groups
BUDGET_EPSILON = 4.0  # a workshop's whole budget: two releases (say, midway and at the close)
MINIMUM_ROOM = 5  # the threshold by contributors, on the released counts
GROUPS = ("sharing", "mood", "activity", "theme")
PERSON_L1 = len(GROUPS)  # one person changes at most one count by 1 in each group
MOODS = ("better", "same", "lower")
_SPACE = (dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int))


@cache
def scale_for(epsilon: float) -> float:
    """The Laplace scale that makes one release cost ``epsilon`` (OpenDP's binary search over its own map)."""
    return dp.binary_search_param(lambda s: dp.m.make_laplace(*_SPACE, scale=s), d_in=PERSON_L1, d_out=epsilon, T=float)


@cache
def release_measurement(epsilon: float = RELEASE_EPSILON) -> dp.Measurement:
    return dp.m.make_laplace(*_SPACE, scale=scale_for(epsilon))


@cache
def spent(releases: int, epsilon: float = RELEASE_EPSILON, d_in: int = PERSON_L1) -> float:
    """The privacy loss of ``releases`` releases of the same room, by OpenDP's composition.

    ``d_in``: how far one person can move the counts (``PERSON_L1`` for joining or leaving;
    2 for one answer moving from one bin to another)."""
    if releases <= 0:
        return 0.0
    return dp.c.make_composition([release_measurement(epsilon)] * releases).map(d_in)


@cache
def releases_allowed(budget: float = BUDGET_EPSILON, epsilon: float = RELEASE_EPSILON) -> int:
    """How many releases fit in ``budget`` (OpenDP's composition, not a division)."""
    n = 0
    while spent(n + 1, epsilon) <= budget + 1e-9:
        n += 1
    return n


def typical_error(epsilon: float = RELEASE_EPSILON) -> float:
    """The mean absolute error of a released count (the Laplace scale), in people."""
    return scale_for(epsilon)


def error_at(confidence: float = 0.9, epsilon: float = RELEASE_EPSILON) -> int:
    """A released count is within this many people of the truth with ``confidence`` (OpenDP's accuracy)."""
    return math.ceil(dp.discrete_laplacian_scale_to_accuracy(scale_for(epsilon), 1 - confidence))


def threshold(bins: int, epsilon: float = RELEASE_EPSILON) -> int:
    """The released count a figure needs to be shown: at least ``MINIMUM_ROOM``, and high enough
    that noise alone puts any of a group's ``bins`` empty counts there less than 1 time in 20
    (Laplace tail: bins * exp(-t/scale) / 2 <= 0.05). Post-processing: it costs no privacy."""
    return max(MINIMUM_ROOM, math.ceil(scale_for(epsilon) * math.log(10 * bins)))


# --- one person's contribution -----------------------------------------------------------------


def _main(counts: Mapping[str, float], order: Sequence[str]) -> str | None:
    """The entry with the largest positive count; ties go to the earlier one in ``order``."""
    best, best_n = None, 0.0
    for name in order:
        n = counts.get(name)
        if isinstance(n, int | float) and not isinstance(n, bool) and n > best_n:
            best, best_n = name, n
    return best


def contribution(summary: Mapping | None, kinds: Sequence[str], theme_ids: Iterable[str]) -> dict[str, int]:
    """The counts one sharing person adds to (at most one per group); empty when not sharing."""
    if summary is None:
        return {}
    out = {"sharing": 1}
    change = summary.get("mood_change")
    if isinstance(change, int | float) and not isinstance(change, bool):
        out["mood:" + ("better" if change > 0 else "lower" if change < 0 else "same")] = 1
    acts = summary.get("activities") if isinstance(summary.get("activities"), dict) else {}
    if kind := _main(acts, kinds):
        out["activity:" + kind] = 1
    themes = summary.get("themes") if isinstance(summary.get("themes"), dict) else {}
    if theme := _main(themes, sorted(set(theme_ids))):
        out["theme:" + theme] = 1
    return out


def delta(old: Mapping[str, int], new: Mapping[str, int]) -> dict[str, int]:
    """What the room's counts must change by (new minus what this person added before)."""
    return {k: d for k in set(old) | set(new) if (d := int(new.get(k, 0)) - int(old.get(k, 0)))}


# --- a release ----------------------------------------------------------------------------------


def layout(kinds: Sequence[str], theme_ids: Iterable[str]) -> list[str]:
    """Every released count, in a fixed order that does not depend on anyone's data."""
    return (
        ["sharing"]
        + ["mood:" + m for m in MOODS]
        + ["activity:" + k for k in kinds]
        + ["theme:" + t for t in sorted(set(theme_ids))]
    )


@dataclass(frozen=True)
class Release:
    figures: dict[str, int]  # every count of the layout, noisy, rounded and never below 0
    epsilon: float


def draw(counts: Mapping[str, int], names: Sequence[str], epsilon: float = RELEASE_EPSILON) -> Release:
    """One release of the exact counts: OpenDP adds the noise; clipping at 0 is post-processing."""
    true = [max(0, int(counts.get(n, 0))) for n in names]
    noisy = release_measurement(epsilon)(true)
    return Release({n: max(0, int(v)) for n, v in zip(names, noisy, strict=True)}, epsilon)
