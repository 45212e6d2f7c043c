"""My job-search record: a dated list of applications and job-search activities, for a benefits office or an adviser.

It holds only the facts of the search, chosen by the person: applications (date, company, role,
how, outcome and its date) and logged activities of the kinds they pick (date, kind, how many,
minutes). Never check-ins, reflections, thought records or any feeling; notes only when asked for.

Two forms, from the same rows: CSV (formula-safe cells, as the journal's CSV export) and one
print-ready HTML page (the plan report's mechanism: every piece of the person's text escaped).
Totals follow the counting rule of :mod:`rebound.insights.effort` (applications counted once).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rebound import applications
from rebound.exports import _PRINT_CSS, safe_cell
from rebound.insights.effort import KIND_LABELS

WORK_KINDS = tuple(k for k in KIND_LABELS if k != "rest")
APP_COLUMNS = ("Date applied", "Company", "Role", "How", "Outcome", "Outcome date")
ACT_COLUMNS = ("Date", "Activity", "How many", "Minutes")


@dataclass
class Record:
    start: dt.date
    end: dt.date
    name: str | None
    made_on: dt.date
    applications: list[dict] = field(default_factory=list)  # rows keyed by APP_COLUMNS (+ "Notes")
    activities: list[dict] = field(default_factory=list)  # rows keyed by ACT_COLUMNS (+ "Notes")
    notes: bool = False

    @property
    def applications_total(self) -> int:
        """Applications in the period, each counted once: per day the larger of records and logged ones."""
        per_day: dict[str, list[int]] = {}
        for row in self.applications:
            per_day.setdefault(row["Date applied"], [0, 0])[0] += 1
        for row in self.activities:
            if row["kind"] == "application":
                per_day.setdefault(row["Date"], [0, 0])[1] += int(row["How many"] or 0)
        return sum(max(recorded, logged) for recorded, logged in per_day.values())


def _in(day: object, start: dt.date, end: dt.date) -> bool:
    return isinstance(day, str) and start.isoformat() <= day[:10] <= end.isoformat()


def build(
    apps: Iterable[Mapping],
    activities: Iterable[Mapping],
    start: dt.date,
    end: dt.date,
    today: dt.date,
    *,
    weeks: int,
    kinds: Iterable[str] = WORK_KINDS,
    name: str | None = None,
    notes: bool = False,
) -> Record:
    """The record of ``start``..``end`` (inclusive), oldest first."""
    rec = Record(start=start, end=end, name=(name or "").strip() or None, made_on=today, notes=notes)
    for app in sorted(
        (a for a in apps if _in(a.get("applied_on"), start, end)),
        key=lambda a: (a["applied_on"], a.get("company") or ""),
    ):
        state = applications.outcome(app, today, weeks)
        row = {
            "Date applied": app["applied_on"],
            "Company": app.get("company") or "",
            "Role": app.get("role") or "",
            "How": app.get("channel") or "",
            "Outcome": applications.outcome_label(app, today, weeks),
            "Outcome date": (app.get("status_on") or app.get("answered_on") or "") if state != "waiting" else "",
        }
        if notes:
            row["Notes"] = app.get("notes") or ""
        rec.applications.append(row)
    chosen = set(kinds) & set(WORK_KINDS)
    for act in sorted(
        (a for a in activities if a.get("kind") in chosen and _in(a.get("date"), start, end)),
        key=lambda a: (a["date"], WORK_KINDS.index(a["kind"])),
    ):
        row = {
            "Date": act["date"],
            "Activity": KIND_LABELS[act["kind"]],
            "How many": act.get("count") or 0,
            "Minutes": act.get("minutes") or "",
            "kind": act["kind"],
        }
        if notes:
            row["Notes"] = act.get("note") or ""
        rec.activities.append(row)
    return rec


def file_stem(rec: Record) -> str:
    return f"job-search-record-{rec.start.isoformat()}-to-{rec.end.isoformat()}"


def to_csv(rec: Record) -> bytes:
    """One sheet: a row per application and per activity, oldest first (UTF-8 with BOM, for spreadsheets)."""
    columns = ["Type", "Date", "Company", "Role", "How", "Outcome", "Outcome date", "Activity", "How many", "Minutes"]
    if rec.notes:
        columns.append("Notes")
    rows = [
        {"Type": "Application", "Date": r["Date applied"], **{k: v for k, v in r.items() if k != "Date applied"}}
        for r in rec.applications
    ] + [{"Type": "Activity", **{k: v for k, v in r.items() if k != "kind"}} for r in rec.activities]
    rows.sort(key=lambda r: r["Date"])  # stable: a day's applications before its activities
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: safe_cell(row.get(c, "")) for c in columns})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


_RECORD_CSS = """
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; margin-top: 0.4rem; }
th, td { border: 1px solid #999; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; }
.sign { margin-top: 2.5rem; }
@media print {
  body { max-width: none; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
"""


def _table(columns: Iterable[str], rows: list[dict]) -> list[str]:
    columns = list(columns)
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    body = ["<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in columns) + "</tr>" for r in rows]
    return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *body, "</tbody>", "</table>"]


def to_html(rec: Record) -> str:
    """The record as one print-ready HTML page (open it in a browser, print it or save it as a PDF)."""
    period = f"{rec.start:%d %B %Y} to {rec.end:%d %B %Y}"
    extra = ("Notes",) if rec.notes else ()
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Job-search record, {html.escape(period)}</title>",
        f"<style>{_PRINT_CSS}{_RECORD_CSS}</style></head><body><main>",
        "<h1>Job-search record</h1>",
        "<dl>",
    ]
    if rec.name:
        out.append(f"<dt>Name</dt><dd>{html.escape(rec.name)}</dd>")
    others = sum(int(r["How many"] or 0) for r in rec.activities if r["kind"] != "application")
    out += [
        f"<dt>Period</dt><dd>{html.escape(period)}</dd>",
        f"<dt>Applications</dt><dd>{rec.applications_total}</dd>",
        f"<dt>Other job-search activities</dt><dd>{others}</dd>",
        "</dl>",
        f'<p class="made">Made with Rebound on {rec.made_on:%d %B %Y} from the person\'s own journal.</p>',
        f"<h2>Applications ({len(rec.applications)})</h2>",
    ]
    if rec.applications:
        out += _table((*APP_COLUMNS, *extra), rec.applications)
    else:
        out.append('<p class="empty">No applications logged one by one in this period.</p>')
    out.append(f"<h2>Job-search activities ({len(rec.activities)})</h2>")
    if rec.activities:
        out += _table((*ACT_COLUMNS, *extra), rec.activities)
    else:
        out.append('<p class="empty">No activities logged in this period.</p>')
    out += [
        '<p class="sign">Signature: ____________________________ &nbsp; Date: ______________</p>',
        "</main></body></html>",
    ]
    return "\n".join(out) + "\n"
