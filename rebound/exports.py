"""Taking your journal elsewhere: every table as CSV in one zip, and a printable plan.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with a single quote, the
usual defence against CSV injection. The report is Markdown with every piece of
the person's text escaped, so it prints as typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Mapping

from rebound import clock
from rebound.insights import patterns
from rebound.models import MODELS, STAGE_LABELS
from rebound.text import md_escape

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


def _bullets(lines: list[str], empty: str) -> list[str]:
    return [f"- {line}" for line in lines] if lines else [f"_{empty}_"]


def theme_counts(tables: Mapping[str, list[dict]], today: dt.date | None = None) -> list[tuple[str, int]]:
    """Themes across reflections, received feedback and mentors' insights, most frequent first
    (the same counting as the patterns on Reflect)."""
    events = patterns.theme_events(*(tables.get(t, []) for t in PATTERN_SOURCES))
    table = patterns.theme_table(events, today or clock.today())
    return [(str(label), int(n)) for label, n in zip(table["label"], table["mentions"], strict=True)]


def plan_report(tables: Mapping[str, list[dict]], today: dt.date) -> str:
    """'My rebound plan': what a person brings to a coach or a mentor, as Markdown."""
    profile = (tables.get("profile") or [{}])[0]
    e = md_escape
    out = [f"# My rebound plan\n\n_Made with Rebound on {today:%d %B %Y}._\n"]

    out.append("## Direction")
    direction = [
        (label, value if isinstance(value, str) else ", ".join(value or []))
        for label, value in (
            ("Long-term goal", profile.get("long_term_goal")),
            ("What matters to me", profile.get("values")),
            ("Roles that fit", profile.get("target_roles")),
        )
    ]
    out += _bullets([f"**{label}:** {e(value)}" for label, value in direction if value], "No direction written yet.")

    out.append("\n## Lessons I am keeping")
    out += _bullets(
        [e(r["lesson"]) for r in _latest(tables.get("reflections", []), "created_at", 8) if r.get("lesson")],
        "No lessons written yet.",
    )

    out.append("\n## Recurring themes")
    out += _bullets(
        [f"{e(theme)}: {n} times" for theme, n in theme_counts(tables, today)[:8] if n > 1], "No recurring themes yet."
    )

    out.append("\n## Skills I am building")
    out += _bullets(
        [
            f"{e(s['name'])}: level {s['level']} → {s['target_level']}"
            + (f" — {e(s['plan'])}" if s.get("plan") else "")
            for s in sorted(tables.get("skills", []), key=lambda s: s["target_level"] - s["level"], reverse=True)
        ],
        "No skills planned yet.",
    )

    out.append("\n## Interview stories")
    out += _bullets(
        [f"**{e(s['title'])}** — {e(s['result'])}" for s in tables.get("interview_stories", [])],
        "No stories in the bank yet.",
    )

    out.append("\n## Follow-ups due")
    now = today.isoformat()
    due = [
        f"{e(c['company'])}: check again on {c['next_check_on']}"
        for c in tables.get("connections", [])
        if c.get("next_check_on") and c["next_check_on"] >= now
    ] + [
        f"{e(a['title'])} (due {a['due_on']})"
        for a in tables.get("actions", [])
        if not a.get("done") and a.get("due_on")
    ]
    out += _bullets(sorted(due), "Nothing scheduled.")

    out.append("\n## Wins")
    out += _bullets(
        [f"{w['date']}: {e(w['text'])}" for w in _latest(tables.get("wins", []), "date", 10)], "No wins logged yet."
    )

    rejections = tables.get("rejections", [])
    if rejections:
        stages = {}
        for r in rejections:
            stages[r["stage"]] = stages.get(r["stage"], 0) + 1
        out.append("\n## The road so far")
        out.append(
            f"{len(rejections)} applications that did not work out, and I kept going. How far they got: "
            + ", ".join(f"{STAGE_LABELS.get(s, s)} {n}" for s, n in stages.items())
            + "."
        )
    return "\n".join(out) + "\n"
