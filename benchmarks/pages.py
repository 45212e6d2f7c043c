"""Page speed: a two-year journal against a month-old one, every page, in one run.

For each page (app.py and every file in pages/) this measures through AppTest:

- the median *warm* rerun with the heavy journal (``benchmarks.generate`` at scale 1) and with the
  month-old one (scale 0.01), alternating the two so load on the machine hits both alike;
- the heavy journal's rerun right after one new record is saved (the first rerun on a new revision,
  so every cache keyed by the revision is cold for that journal).

Targets: heavy / month-old warm ≤ 1.5× on every page (Progress ≤ 2×), and heavy after a write
≤ 3× the month-old warm rerun. Prints milliseconds and ratios; exits 1 when a target is missed
(``--no-fail`` to only report).

``--language de`` also draws every page of the two-year journal in German and in English,
alternating, and prints German ÷ English (target ≤ 1.05×: translating must not slow a rerun).
``--background-load N`` keeps N cores busy meanwhile (benchmarks.real_load's burners).

    python -m benchmarks.pages [--rounds 7] [--page pages/8_Progress.py ...] [--language de]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET = {"pages/8_Progress.py": 2.0}
DEFAULT_TARGET = 1.5
WRITE_TARGET = 3.0

# The record a person would typically save on each page (a check-in elsewhere).
WRITES = {
    "pages/7_Grow.py": "skill_logs",
    "pages/8_Progress.py": "activities",
    "pages/6_Next_steps.py": "activities",
    "pages/4_Reframe.py": "reframes",
    "pages/5_Support.py": "support_log",
}


def all_pages() -> list[str]:
    return ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


def _record(table: str, ws, today: dt.date, n: int) -> dict:
    day = today.isoformat()
    if table == "skill_logs":
        skill = ws.all("skills")[0]["id"]
        return {"skill_id": skill, "date": day, "level": 3, "minutes": 30, "note": f"bench {n}"}
    if table == "activities":
        return {"date": day, "kind": "application", "count": 1, "minutes": 20}
    if table == "reframes":
        return {
            "date": day,
            "situation": "A short call ended early.",
            "automatic_thought": "They did not like me.",
            "intensity_before": 70,
            "balanced_thought": "The call was short; I do not know why yet.",
            "intensity_after": 40,
        }
    if table == "support_log":
        return {"contact_id": ws.all("contacts")[0]["id"], "date": day, "kind": "call", "takeaways": "Keep going."}
    return {"date": day, "mood": 6, "confidence": 6, "note": f"bench {n}"}


LANGUAGE_TARGET = 1.05


def _open(page: str, token: str, language: str | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["w"] = token
    if language:
        at.session_state["_rebound_language_picked"] = language  # as if picked in the sidebar
    at.run()
    if page != "app.py":
        at.switch_page(page).run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    return at


def _timed(at) -> float:
    t = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - t) * 1000
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return elapsed


def measure(page: str, heavy: tuple, light: tuple, today: dt.date, rounds: int) -> dict:
    from rebound import journal

    (heavy_token, heavy_ws), (light_token, _) = heavy, light
    at_h, at_l = _open(page, heavy_token), _open(page, light_token)
    for _ in range(2):  # warm both
        _timed(at_h)
        _timed(at_l)
    h, lo = [], []
    for i in range(rounds):
        first, second = (at_h, at_l) if i % 2 == 0 else (at_l, at_h)
        a, b = _timed(first), _timed(second)
        h.append(a if first is at_h else b)
        lo.append(b if first is at_h else a)
    table = WRITES.get(page, "checkins")
    after = []
    for i in range(max(3, rounds // 2)):
        journal.save(heavy_ws, table, _record(table, heavy_ws, today, i), today)
        after.append(_timed(at_h))
        lo.append(_timed(at_l))  # keep the month-old sample alternating too
    heavy_ms, light_ms, after_ms = statistics.median(h), statistics.median(lo), statistics.median(after)
    return {
        "page": page,
        "light": light_ms,
        "heavy": heavy_ms,
        "ratio": heavy_ms / light_ms,
        "target": TARGET.get(page, DEFAULT_TARGET),
        "after": after_ms,
        "after_ratio": after_ms / light_ms,
    }


def measure_language(page: str, heavy: tuple, language: str, rounds: int) -> dict:
    """The two-year journal's warm rerun in ``language`` against English, alternating."""
    token, _ws = heavy
    at_en, at_other = _open(page, token, "en"), _open(page, token, language)
    for _ in range(2):
        _timed(at_en)
        _timed(at_other)
    en, other = [], []
    for i in range(rounds):
        pair = (at_en, at_other) if i % 2 == 0 else (at_other, at_en)
        times = {id(at): _timed(at) for at in pair}
        en.append(times[id(at_en)])
        other.append(times[id(at_other)])
    return {"page": page, "en": statistics.median(en), "other": statistics.median(other)}


def report_languages(pages: list[str], heavy: tuple, language: str, rounds: int) -> list[str]:
    print(f"\nThe two-year journal in {language} and in English, {rounds} alternating rounds; medians in ms\n")
    header = f"{'page':<26}{'en':>8}{language:>8}{'ratio':>8}  result"
    print(header)
    print("-" * len(header), flush=True)
    missed = []
    for page in pages:
        r = measure_language(page, heavy, language, rounds)
        ratio = r["other"] / r["en"]
        ok = ratio <= LANGUAGE_TARGET
        missed += [] if ok else [f"{page} in {language}"]
        print(f"{page:<26}{r['en']:>8.0f}{r['other']:>8.0f}{ratio:>7.2f}x  {'ok' if ok else 'MISSED'}", flush=True)
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Page reruns: two-year journal vs month-old journal.")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--page", action="append", help="only these pages (repeatable)")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    parser.add_argument(
        "--database-url", help="run the pages on this PostgreSQL database instead of the file store (use a scratch one)"
    )
    parser.add_argument("--language", help="also compare this language against English (e.g. de)")
    parser.add_argument("--background-load", type=int, default=0, metavar="CORES", help="spinning cores meanwhile")
    args = parser.parse_args(argv)
    from benchmarks.real_load import background_load

    with background_load(args.background_load):
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    if args.database_url:
        os.environ["REBOUND_DATABASE_URL"] = args.database_url

    data_dir = tempfile.mkdtemp(prefix="rebound-bench-")
    os.environ["REBOUND_DATA_DIR"] = data_dir
    os.environ["REBOUND_MODE"] = "shared"  # one private link per journal, side by side in one folder

    from benchmarks.generate import generate
    from rebound import access
    from rebound.storage import open_workspace

    today = dt.date.today()
    journals = []
    for scale in (1.0, 0.01):
        token = access.new_token()
        ws = open_workspace(access.link_key(token), data_dir)
        t = time.perf_counter()
        counts = generate(ws, scale, today)
        file = Path(data_dir, ws.id + ".json")
        size = f"{file.stat().st_size / 1e6:.1f} MB" if file.exists() else "in PostgreSQL"
        print(
            f"journal scale {scale:g}: {sum(counts.values()):,} records, {size}, "
            f"generated in {time.perf_counter() - t:.1f} s",
            flush=True,
        )
        journals.append((token, ws))

    pages = args.page or all_pages()
    print(f"\n{args.rounds} alternating rounds per page; medians in ms\n", flush=True)
    header = (
        f"{'page':<26}{'month-old':>10}{'2-year':>9}{'ratio':>7}{'target':>8}{'after write':>13}{'ratio':>7}  result"
    )
    print(header)
    print("-" * len(header), flush=True)
    missed = []
    for page in pages:
        try:
            r = measure(page, journals[0], journals[1], today, args.rounds)
        except Exception as exc:  # a page that fails is reported, not hidden
            print(f"{page:<26}  ERROR: {exc}", flush=True)
            missed.append(page)
            continue
        ok = r["ratio"] <= r["target"] and r["after_ratio"] <= WRITE_TARGET
        if not ok:
            missed.append(page)
        print(
            f"{page:<26}{r['light']:>10.0f}{r['heavy']:>9.0f}{r['ratio']:>6.2f}x{'≤' + format(r['target'], 'g') + 'x':>8}"
            f"{r['after']:>13.0f}{r['after_ratio']:>6.2f}x  {'ok' if ok else 'MISSED'}",
            flush=True,
        )
    if args.language:
        missed += report_languages(pages, journals[0], args.language, args.rounds)
    print(f"\nTargets: warm ≤ 1.5x (Progress ≤ 2x); right after a write ≤ {WRITE_TARGET:g}x the month-old warm rerun.")
    if args.language:
        print(f"In {args.language}: ≤ {LANGUAGE_TARGET:g}x the same rerun in English.")
    print("All pages met their targets." if not missed else f"Missed: {', '.join(missed)}")
    return 1 if missed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
