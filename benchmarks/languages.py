"""Does translating cost a rerun? German attendees against English ones, on one real ``streamlit run``.

Twins: each English attendee has a German twin (browser locale ``de-DE``) that arrives at the same
moment and pauses the same (one seed per pair), so both meet the same load at the same time; they go
through the same flow (Home, Understand, log a rejection, Reflect, Next steps, Progress: six runs
each) on the same server, under a background load (``--background-load``, one spinning core by
default: a room never gets a quiet machine). Widgets are found by their labels in the attendee's own
language (the catalogue's translation of the English label).

Printed for each run: each step's median time per language and the median of the twins' ratios
(German ÷ English, per step and over all steps); then, over ``--runs``, each run's figure, the median
and the worst. Target: the median twin ratio is at most 1.05 (``--no-fail`` to only report).

    python -m benchmarks.languages                       # 12 pairs, 3 runs, one background core
    python -m benchmarks.languages --language es --pairs 20 --runs 1
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import real_load  # noqa: E402
from benchmarks.real_load import Attendee, canary, load_average, pct  # noqa: E402
from rebound import i18n  # noqa: E402
from rebound.i18n import _  # noqa: E402

TARGET = 1.05
STEPS = ("Home", "Understand", "Log a rejection", "Reflect", "Next steps", "Progress")
BROWSER = {"en": "en-GB", "de": "de-DE", "es": "es-ES"}


def flow_in(language: str):
    """``real_load.rebound_flow``, finding the rejection form's fields by their labels in ``language``."""
    with i18n.use(language):
        return real_load.flow_with(_("Company"), _("Role"), _("How far did you get?"))


async def _one(base_url: str, language: str, delay: float, think: float, seed: int, out: list) -> None:
    await asyncio.sleep(delay)
    att = Attendee(base_url, canary(), locale=BROWSER[language])
    out.append(att)
    rng = random.Random(seed)  # the twin gets the same seed: the same pauses

    async def pause() -> None:
        if think > 0:
            await asyncio.sleep(min(rng.expovariate(1 / think), 4 * think))

    try:
        await att.connect()
        await flow_in(language)(att, pause)
    except Exception as exc:
        att.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        await att.close()


async def twins(base_url: str, language: str, pairs: int, think: float, ramp: float, seed: int):
    rng = random.Random(seed)
    english: list[Attendee] = []
    other: list[Attendee] = []
    jobs = []
    for _pair in range(pairs):
        delay, pair_seed = rng.uniform(0, ramp), rng.randrange(2**31)
        jobs.append(_one(base_url, "en", delay, think, pair_seed, english))
        jobs.append(_one(base_url, language, delay, think, pair_seed, other))
    await asyncio.gather(*jobs)
    return english, other


def _times(att: Attendee) -> dict[str, float]:
    return {r.step: r.seconds for r in att.runs if r.ok}


def one_run(args: argparse.Namespace, folder: Path) -> dict[str, float]:
    with real_load.launch(real_load.REBOUND_APP, folder / "data", log=folder / "server.log") as server:
        real_load.run_async(twins(server.base_url, args.language, 1, 0, 0, args.seed + 99))  # warm-up pair
        english, other = real_load.run_async(
            twins(server.base_url, args.language, args.pairs, args.think, args.ramp, args.seed)
        )
    for language, group in (("en", english), (args.language, other)):
        with i18n.use(language):
            picker = _("Language")
        for att in group:  # the page was drawn in the attendee's language: its sidebar picker says so
            if not any(w.label == picker for w in att.widgets):
                att.errors.append(f"the last page had no {picker!r} picker: not drawn in {language}")
    errors = [e for att in english + other for e in att.errors]
    for error in errors[:5]:
        print("  error:", error)
    # Twins are appended as they start; pair them again by their arrival (same delay, same seed).
    ratios: dict[str, list[float]] = {step: [] for step in STEPS}
    for en_att, de_att in zip(english, other, strict=False):
        en_t, de_t = _times(en_att), _times(de_att)
        for step in STEPS:
            if step in en_t and step in de_t:
                ratios[step].append(de_t[step] / en_t[step])
    figures: dict[str, float] = {}
    print(f"{'step':<18}{'en median s':>12}{args.language + ' median s':>12}{'twin ratio':>12}")
    for step in STEPS:
        en_s = [_times(a)[step] for a in english if step in _times(a)]
        de_s = [_times(a)[step] for a in other if step in _times(a)]
        ratio = statistics.median(ratios[step]) if ratios[step] else float("nan")
        print(f"{step:<18}{pct(en_s, 0.5):>12.3f}{pct(de_s, 0.5):>12.3f}{ratio:>12.3f}")
    every = [r for step in STEPS for r in ratios[step]]
    en_all = [t for a in english for t in _times(a).values()]
    de_all = [t for a in other for t in _times(a).values()]
    figures["median twin ratio"] = statistics.median(every) if every else float("nan")
    figures["p50 ratio"] = pct(sorted(de_all), 0.5) / pct(sorted(en_all), 0.5)
    figures["p95 ratio"] = pct(sorted(de_all), 0.95) / pct(sorted(en_all), 0.95)
    figures["errors"] = float(len(errors))
    print(
        f"all steps: median twin ratio {figures['median twin ratio']:.3f}, "
        f"p50 {figures['p50 ratio']:.3f}x, p95 {figures['p95 ratio']:.3f}x, errors {len(errors)}"
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--language", default="de", choices=sorted(set(BROWSER) - {"en"}))
    ap.add_argument("--pairs", type=int, default=12)
    ap.add_argument("--think", type=float, default=1.0, help="mean pause before each step, seconds")
    ap.add_argument("--ramp", type=float, default=6.0, help="pairs arrive over this many seconds")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--background-load", type=int, default=1, metavar="CORES", help="spinning cores (0: none)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-fail", action="store_true")
    args = ap.parse_args(argv)
    runs, loads = [], []
    with (
        tempfile.TemporaryDirectory(prefix="rebound-languages-") as tmp,
        real_load.background_load(args.background_load),
    ):
        print(
            f"background load: {args.background_load} spinning process(es); {args.pairs} pairs, en and {args.language}"
        )
        for n in range(args.runs):
            before = load_average()
            print(f"\n##### run {n + 1} of {args.runs} (load average {before}) #####", flush=True)
            folder = Path(tmp) / f"run{n}"
            folder.mkdir()
            runs.append(one_run(args, folder))
            loads.append(f"{before} / {load_average()}")
    if args.runs > 1:
        real_load.summarise(runs, loads)
    worst = max(f["median twin ratio"] for f in runs)
    median = statistics.median(f["median twin ratio"] for f in runs)
    ok = median <= TARGET and not any(f["errors"] for f in runs)
    print(f"\n{args.language} ÷ en, median twin ratio over runs: {median:.3f} (worst {worst:.3f}); target ≤ {TARGET}")
    return 0 if ok or args.no_fail else 1


if __name__ == "__main__":
    sys.exit(main())
