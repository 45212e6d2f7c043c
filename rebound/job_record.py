"""My job-search record: a dated list of applications and job-search activities, for a benefits office or an adviser.

It holds only the facts of the search, chosen by the person: applications (date, company, role,
how, outcome and its date) and logged activities of the kinds they pick (date, kind, how many,
minutes). Never check-ins, reflections, thought records or any feeling; notes only when asked for.

Two forms, from the same rows: CSV (formula-safe cells, as the journal's CSV export) and one
print-ready HTML page (the plan report's mechanism: every piece of the person's text escaped).
Totals follow the counting rule of :mod:`rebound.insights.effort` (applications counted once).

Languages: a row's keys are stable column codes (the English titles in ``APP_COLUMNS`` /
``ACT_COLUMNS``, never shown as they are); every header, in the CSV and on the page, is the code
translated when the file is made. The values are for people, not for a program: the outcome and the
activity are labels in the person's language (the row keeps the activity's code in ``kind``); the CSV
keeps dates as ISO ``YYYY-MM-DD`` (every spreadsheet reads them, in any language), the page writes
them as the locale does (``i18n.format_date``). Nothing re-imports this record: the journal's backup
does that.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rebound import applications, i18n
from rebound.exports import _PRINT_CSS, safe_cell
from rebound.i18n import N_, _, ngettext
from rebound.insights.effort import KIND_LABELS

WORK_KINDS = tuple(k for k in KIND_LABELS if k != "rest")
# Column codes, translated where shown (``title``): N_ marks them for the catalogue.
APP_COLUMNS = (N_("Date applied"), N_("Company"), N_("Role"), N_("How"), N_("Outcome"), N_("Outcome date"))
ACT_COLUMNS = (N_("Date"), N_("Activity"), N_("How many"), N_("Minutes"))
CSV_COLUMNS = (
    N_("Type"),
    "Date",
    "Company",
    "Role",
    "How",
    "Outcome",
    "Outcome date",
    "Activity",
    "How many",
    "Minutes",
)
NOTES = N_("Notes")
DATE_COLUMNS = ("Date applied", "Outcome date", "Date")


def title(column: str) -> str:
    """A column's header in the current language."""
    return _(column)


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
            "Outcome": _outcome(app, state, weeks),
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
            "Activity": _activity(act["kind"]),
            "How many": act.get("count") or 0,
            "Minutes": act.get("minutes") or "",
            "kind": act["kind"],
        }
        if notes:
            row["Notes"] = act.get("note") or ""
        rec.activities.append(row)
    return rec


def _activity(kind: str) -> str:
    return _(KIND_LABELS[kind])


def _outcome(app: Mapping, state: str, weeks: int) -> str:
    """Where an application stands, in words of the current language."""
    if state == "ghosted" and app.get("status") == "waiting":
        return ngettext("No answer after {n} week", "No answer after {n} weeks", weeks)
    return _(applications.STATUS_LABELS[state]) if state in applications.STATUS_LABELS else state


def file_stem(rec: Record) -> str:
    return f"job-search-record-{rec.start.isoformat()}-to-{rec.end.isoformat()}"


def to_csv(rec: Record) -> bytes:
    """One sheet: a row per application and per activity, oldest first (UTF-8 with BOM, for spreadsheets).

    The header row is in the current language; so is the Type (Application, Activity)."""
    columns = [*CSV_COLUMNS, *((NOTES,) if rec.notes else ())]
    application, activity = _("Application"), _("Activity")
    rows = [
        {"Type": application, "Date": r["Date applied"], **{k: v for k, v in r.items() if k != "Date applied"}}
        for r in rec.applications
    ] + [{"Type": activity, **{k: v for k, v in r.items() if k != "kind"}} for r in rec.activities]
    rows.sort(key=lambda r: r["Date"])  # stable: a day's applications before its activities
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c, "")) for c in columns])
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
    head = "".join(f'<th scope="col">{html.escape(title(c))}</th>' for c in columns)
    body = ["<tr>" + "".join(f"<td>{html.escape(_cell(r, c))}</td>" for c in columns) + "</tr>" for r in rows]
    return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *body, "</tbody>", "</table>"]


def _cell(row: Mapping, column: str) -> str:
    value = row.get(column, "")
    if column in DATE_COLUMNS and isinstance(value, str) and value:
        try:
            return i18n.format_date(dt.date.fromisoformat(value[:10]))
        except ValueError:
            return value
    if column == "How many" and isinstance(value, int | float) and not isinstance(value, bool):
        return i18n.format_number(value)
    return str(value)


def period(rec: Record) -> str:
    """The record's first to last day, as the page and My data say it."""
    return _("{start} to {end}", start=i18n.format_date(rec.start, "long"), end=i18n.format_date(rec.end, "long"))


def to_html(rec: Record) -> str:
    """The record as one print-ready HTML page (open it in a browser, print it or save it as a PDF)."""
    when = period(rec)
    extra = (NOTES,) if rec.notes else ()
    esc = html.escape
    # The words first, then the markup: text inside an f-string is not found by the extractor.
    title = _("Job-search record, {period}", period=when)
    heading = _("Job-search record")
    others = sum(int(r["How many"] or 0) for r in rec.activities if r["kind"] != "application")
    made = _("Made with Rebound on {day} from the person's own journal.", day=i18n.format_date(rec.made_on, "long"))
    facts = [
        (_("Period"), when),
        (_("Applications"), i18n.format_number(rec.applications_total)),
        (_("Other job-search activities"), i18n.format_number(others)),
    ]
    if rec.name:
        facts.insert(0, (_("Name"), rec.name))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(i18n.babel_locale().language)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_PRINT_CSS}{_RECORD_CSS}</style></head><body><main>",
        f"<h1>{esc(heading)}</h1>",
        "<dl>",
        *(f"<dt>{esc(term)}</dt><dd>{esc(value)}</dd>" for term, value in facts),
        "</dl>",
        f'<p class="made">{esc(made)}</p>',
    ]
    apps_heading = _("Applications ({n})", n=len(rec.applications))
    out.append(f"<h2>{esc(apps_heading)}</h2>")
    if rec.applications:
        out += _table((*APP_COLUMNS, *extra), rec.applications)
    else:
        none = _("No applications logged one by one in this period.")
        out.append(f'<p class="empty">{esc(none)}</p>')
    acts_heading = _("Job-search activities ({n})", n=len(rec.activities))
    out.append(f"<h2>{esc(acts_heading)}</h2>")
    if rec.activities:
        out += _table((*ACT_COLUMNS, *extra), rec.activities)
    else:
        none = _("No activities logged in this period.")
        out.append(f'<p class="empty">{esc(none)}</p>')
    signed, dated = _("Signature:"), _("Date:")
    line, short = "_" * 28, "_" * 14
    out += [
        f'<p class="sign">{esc(signed)} {line} &nbsp; {esc(dated)} {short}</p>',
        "</main></body></html>",
    ]
    return "\n".join(out) + "\n"
