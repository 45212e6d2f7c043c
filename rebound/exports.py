"""Taking your journal elsewhere: every table as CSV in one zip, and a printable plan.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with a single quote, the
usual defence against CSV injection. The report is one HTML page
with a print stylesheet; every piece of the person's text is ``html.escape``d, so it prints as typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from rebound import clock
from rebound.insights import patterns
from rebound.journal import count_phrase
from rebound.models import MODELS, STAGE_LABELS

PATTERN_SOURCES = ("reflections", "feedback_requests", "support_log", "rejections")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A value a spreadsheet will show, never evaluate."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table_csv(records: list[dict], table: str) -> str:
    """One table as CSV text: model fields first (in form order), then any others."""
    known = list(MODELS[table].model_fields) if table in MODELS else []
    extra = sorted({k for r in records for k in r} - set(known) - {"id", "created_at", "updated_at"})
    columns = ["id", *known, *extra, "created_at", "updated_at"]
    out = io.StringIO()
    # The csv default line ending (CRLF) makes the writer quote cells holding a bare CR.
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for rec in records:
        writer.writerow({c: safe_cell(rec.get(c)) for c in columns})
    return out.getvalue()


def csv_zip(tables: Mapping[str, list[dict]]) -> bytes:
    """Every non-empty table as ``<table>.csv`` in one zip (UTF-8 with BOM, for spreadsheets)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for table, records in sorted(tables.items()):
            if records:
                zf.writestr(f"{table}.csv", "\ufeff" + table_csv(records, table))
    return buf.getvalue()


def _latest(records: list[dict], key: str, n: int) -> list[dict]:
    return sorted(records, key=lambda r: (str(r.get(key) or ""), str(r.get("created_at") or "")), reverse=True)[:n]


# A line of the plan: (text, bold) pieces, in the person's words; rendered as HTML or plain text.
Line = list[tuple[str, bool]]


@dataclass
class Section:
    title: str
    lines: list[Line]
    empty: str  # said instead of the list when there is nothing yet
    prose: bool = False  # a paragraph, not a list


def day(value: dt.date | str) -> str:
    """The plan's one date format: "2 April 2026" (ISO text or a date)."""
    d = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.day} {d:%B %Y}"


def _text(value: object) -> str:
    return value if isinstance(value, str) else ", ".join(str(v) for v in (value or []))


def theme_counts(tables: Mapping[str, list[dict]], today: dt.date | None = None) -> list[tuple[str, int]]:
    """Themes across reflections, received feedback and mentors' insights, most frequent first
    (the same counting as the patterns on Reflect)."""
    events = patterns.theme_events(*(tables.get(t, []) for t in PATTERN_SOURCES))
    table = patterns.theme_table(events, today or clock.today())
    return [(str(label), int(n)) for label, n in zip(table["label"], table["mentions"], strict=True)]


def plan_sections(tables: Mapping[str, list[dict]], today: dt.date) -> list[Section]:
    """'My rebound plan': what a person brings to a coach or a mentor, section by section."""
    profile = (tables.get("profile") or [{}])[0]
    direction = [
        [(f"{label}: ", True), (_text(value), False)]
        for label, value in (
            ("Long-term goal", profile.get("long_term_goal")),
            ("What matters to me", profile.get("values")),
            ("Roles that fit", profile.get("target_roles")),
        )
        if value
    ]
    lessons = [
        [(r["lesson"], False)] for r in _latest(tables.get("reflections", []), "created_at", 8) if r.get("lesson")
    ]
    themes = [[(f"{theme}: {n} times", False)] for theme, n in theme_counts(tables, today)[:8] if n > 1]
    skills = [
        [(f"{s['name']}: level {s['level']} → {s['target_level']}", False)]
        + ([(f" — {s['plan']}", False)] if s.get("plan") else [])
        for s in sorted(tables.get("skills", []), key=lambda s: s["target_level"] - s["level"], reverse=True)
    ]
    stories = [[(s["title"], True), (f" — {s['result']}", False)] for s in tables.get("interview_stories", [])]
    wins = [[(f"{day(w['date'])}: {w['text']}", False)] for w in _latest(tables.get("wins", []), "date", 10)]
    sections = [
        Section("Direction", direction, "No direction written yet."),
        Section("Next steps", _next_steps(tables), "No next steps planned yet."),
        Section("If-then plans", _if_then(tables), "No if-then plans yet."),
        Section("Lessons I am keeping", lessons, "No lessons written yet."),
        Section("Recurring themes", themes, "No recurring themes yet."),
        Section("Skills I am building", skills, "No skills planned yet."),
        Section("Interview stories", stories, "No stories in the bank yet."),
        Section("Companies I stay in touch with", _companies(tables, today), "No companies noted yet."),
        Section("People in my corner", _people(tables), "No one added yet."),
        Section("Wins", wins, "No wins logged yet."),
    ]
    rejections = tables.get("rejections", [])
    if rejections:
        stages: dict[str, int] = {}
        for r in rejections:
            stages[r["stage"]] = stages.get(r["stage"], 0) + 1
        road = (
            f"{count_phrase('rejections', len(rejections)).replace('rejection', 'application', 1)} that did not "
            "work out, and I kept going. How far they got: "
            + ", ".join(f"{STAGE_LABELS.get(s, s)} {n}" for s, n in stages.items())
            + "."
        )
        sections.append(Section("The road so far", [[(road, False)]], "", prose=True))
    return sections


def _next_steps(tables: Mapping[str, list[dict]]) -> list[Line]:
    """Open next steps, the soonest due first, then those without a date (in the order written)."""
    open_ = [a for a in tables.get("actions", []) if not a.get("done")]
    dated = sorted((a for a in open_ if a.get("due_on")), key=lambda a: a["due_on"])
    undated = sorted((a for a in open_ if not a.get("due_on")), key=lambda a: str(a.get("created_at") or ""))
    return [
        [(a["title"], False)] + ([(f" (by {day(a['due_on'])})", False)] if a.get("due_on") else [])
        for a in dated + undated
    ]


def _if_then(tables: Mapping[str, list[dict]]) -> list[Line]:
    lines = []
    for p in sorted(tables.get("plans", []), key=lambda p: str(p.get("created_at") or "")):
        often = f" ({p['per_week']} times a week)" if p.get("per_week") else ""
        lines.append([("If ", False), (p["cue"], True), (", then ", False), (p["action"], True), (often, False)])
    return lines


def _companies(tables: Mapping[str, list[dict]], today: dt.date) -> list[Line]:
    """Companies to stay in touch with: the next check soonest first (past checks count as due now)."""
    now = today.isoformat()

    def order(c):
        return (not c.get("next_check_on"), str(c.get("next_check_on") or ""), c["company"].casefold())

    lines = []
    for c in sorted(tables.get("connections", []), key=order):
        line: Line = [(c["company"], True)]
        if c.get("contact"):
            line.append((f" ({c['contact']})", False))
        if c.get("next_check_on"):
            when = "check again now" if c["next_check_on"] < now else f"check again on {day(c['next_check_on'])}"
            line.append((f": {when}", False))
        if c.get("reapply_after"):
            line.append((f"; apply again after {day(c['reapply_after'])}", False))
        if c.get("done"):
            line.append((f" — so far: {_text(c['done'])}", False))
        lines.append(line)
    return lines


def _people(tables: Mapping[str, list[dict]]) -> list[Line]:
    lines = []
    for c in sorted(tables.get("contacts", []), key=lambda c: c["name"].casefold()):
        line: Line = [(c["name"], True), (f", {c['relationship']}", False)]
        if c.get("organization"):
            line.append((f" at {c['organization']}", False))
        if c.get("how_they_help"):
            line.append((f" — {c['how_they_help']}", False))
        if c.get("last_contacted_on"):
            line.append((f" (last talked {day(c['last_contacted_on'])})", False))
        lines.append(line)
    return lines


_PRINT_CSS = """
body { font-family: Georgia, "Times New Roman", serif; color: #111; max-width: 42rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 1.6rem; border-bottom: 1px solid #bbb; padding-bottom: 0.2rem; }
.made, .empty { color: #444; font-style: italic; }
li { margin: 0.2rem 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  li, p { break-inside: avoid; }
  @page { margin: 2cm; }
}
"""


def _html_line(line: Line) -> str:
    # Every piece of the person's text goes through html.escape: it prints as typed, never as markup.
    return "".join(f"<strong>{html.escape(t)}</strong>" if bold else html.escape(t) for t, bold in line)


def plan_report(tables: Mapping[str, list[dict]], today: dt.date) -> str:
    """The plan as one print-ready HTML page (open it in a browser, print or save as PDF)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>My rebound plan, {day(today)}</title>",
        f"<style>{_PRINT_CSS}</style></head><body><main>",
        "<h1>My rebound plan</h1>",
        f'<p class="made">Made with Rebound on {day(today)}.</p>',
    ]
    for sec in plan_sections(tables, today):
        out.append(f"<h2>{html.escape(sec.title)}</h2>")
        if sec.prose:
            out += [f"<p>{_html_line(line)}</p>" for line in sec.lines]
        elif sec.lines:
            out += ["<ul>", *(f"<li>{_html_line(line)}</li>" for line in sec.lines), "</ul>"]
        else:
            out.append(f'<p class="empty">{html.escape(sec.empty)}</p>')
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def plan_text(tables: Mapping[str, list[dict]], today: dt.date) -> str:
    """The same plan as plain text, exactly as typed (no escape characters, no markup)."""
    out = ["MY REBOUND PLAN", f"Made with Rebound on {day(today)}.", ""]
    for sec in plan_sections(tables, today):
        out += [sec.title.upper()]
        lines = ["".join(t for t, _ in line) for line in sec.lines]
        out += (lines if sec.prose else [f"- {line}" for line in lines]) if lines else [sec.empty]
        out.append("")
    return "\n".join(out)
