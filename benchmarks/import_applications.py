"""How does a spreadsheet import grow with the file? 5,000 rows against 100, in one run.

Each round imports a generated CSV (company, role, date applied in day-first order, status,
date of answer, notes; a few repeated and bad rows, as real trackers have) into a fresh
journal: read the file (pandas), guess the mapping, plan every row (dates in the locale,
the applications model, fingerprints against what the journal holds), then apply in ONE
store batch, so the journal file is written once. The second import of the same file is
timed too (it must add nothing). Sizes alternate round by round, so both share the
machine's weather. The target (issue 20): 5,000 rows within 60x the time of 100 rows
(50x would be linear). Run: ``python benchmarks/import_applications.py`` (``--rounds``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rebound.intake import spreadsheet as sp  # noqa: E402
from rebound.storage import open_workspace  # noqa: E402
from rebound.storage.files import journal_path  # noqa: E402

TODAY = dt.date(2026, 11, 2)
STATUSES = ("Applied", "Rejected", "Phone screen", "Interview", "No response", "Offer")
COMPANIES = ("Northwind Traders", "Fabrikam", "Contoso", "Litware", "Adatum", "Tailspin Toys", "Lumen Labs")
ROLES = ("Data Analyst", "Backend Engineer", "Product Designer", "Office Manager", "IT Support Specialist")


def make_csv(rows: int, seed: int = 7) -> bytes:
    rnd = random.Random(seed)
    lines = ["Company,Job Title,Date Applied,Status,Response date,Notes"]
    for i in range(rows):
        applied = TODAY - dt.timedelta(days=rnd.randrange(5, 700))
        status = rnd.choice(STATUSES)
        answer = "" if status in ("Applied", "No response") else (applied + dt.timedelta(days=3)).strftime("%d/%m/%Y")
        company = f"{rnd.choice(COMPANIES)} {i // 7}"
        date = applied.strftime("%d/%m/%Y") if i % 97 else "someday"  # about 1% unreadable
        lines.append(f"{company},{rnd.choice(ROLES)},{date},{status},{answer},Row {i} notes about the call")
    lines += lines[1:4]  # pasted twice by hand
    return ("\n".join(lines) + "\n").encode()


def import_once(ws, data: bytes) -> sp.Report:
    sheet = sp.read_sheet(data, "tracker.csv")
    planned = sp.plan(sheet, sp.guess_mapping(sheet.columns), TODAY, "en_GB", ws.all("applications"))
    return sp.apply(ws, planned, skip_bad=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = {n: make_csv(n) for n in (100, 5_000)}
    first: dict[int, list[float]] = {100: [], 5_000: []}
    again: dict[int, list[float]] = {100: [], 5_000: []}
    reports: dict[int, tuple[sp.Report, sp.Report]] = {}
    writes: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for n in (100, 5_000) if r % 2 == 0 else (5_000, 100):
                folder = Path(tmp) / f"{n}-{r}"
                ws = open_workspace("personal", folder)
                import_once(ws, make_csv(3))  # the journal exists first; what is timed is the import
                snaps = len(list(folder.glob("*.snap-*")))
                t0 = time.perf_counter()
                rep1 = import_once(ws, files[n])
                first[n].append(time.perf_counter() - t0)
                writes[n] = len(list(folder.glob("*.snap-*"))) - snaps  # one snapshot per file write
                t0 = time.perf_counter()
                rep2 = import_once(ws, files[n])
                again[n].append(time.perf_counter() - t0)
                reports[n] = (rep1, rep2)
                assert journal_path("personal", folder).exists()
    small, big = statistics.median(first[100]), statistics.median(first[5_000])
    print(f"{'rows':>6} {'import (ms)':>12} {'again (ms)':>11} {'file writes':>12}  first import / second import")
    for n in (100, 5_000):
        rep1, rep2 = reports[n]
        print(
            f"{n:>6} {statistics.median(first[n]) * 1000:>12.1f} {statistics.median(again[n]) * 1000:>11.1f} "
            f"{writes[n]:>12}  {rep1.sentence()} / {rep2.sentence()}"
        )
    ratio = big / small
    verdict = "within" if ratio <= 60 else "MISSES"
    print(f"5,000 rows / 100 rows: {ratio:.1f}x ({verdict} the 60x target; 50x is linear)")


if __name__ == "__main__":
    main()
