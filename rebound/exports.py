"""Taking your journal elsewhere: every table as CSV in one zip, and a printable plan.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with a single quote, the
usual defence against CSV injection. The report is one HTML page
with a print stylesheet; every piece of the person's text is ``html.escape``d, so it prints as typed.

Languages. The CSVs are for people opening them in a spreadsheet, so each file's header row is in
the language the person uses (the form's own field titles: "Company", "Unternehmen", "Empresa").
The cells are kept exactly as stored: a value that is a code (a stage, a kind, a status, a thinking
trap, an emotion id) stays the code, and dates stay ISO ``YYYY-MM-DD``. That way a file made in German
and one made in Spanish hold the same values, sort and filter the same, and add up in one sheet; the
labels belong to the app. The machine-readable copy is the JSON backup (``rebound.backup``: codes
only, restored in any language). ``codes_of`` reads a header back to codes in every shipped language,
and the application import recognises these headers too. The plan report is written in the person's
language, with one date format (``day``).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from rebound import clock, i18n
from rebound.i18n import N_, _, ngettext
from rebound.insights import patterns
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


# Headers of the columns every table has, and of model fields that have no title of their own.
STAMP_TITLES = {"id": N_("Record id"), "created_at": N_("Created"), "updated_at": N_("Last changed")}
FIELD_TITLES = {
    ("profile", "name"): N_("Name"),
    ("profile", "long_term_goal"): N_("Long-term goal"),
    ("profile", "values"): N_("What matters to me"),
    ("profile", "target_roles"): N_("Roles that fit"),
    ("profile", "weekly_goals"): N_("Weekly goals"),
    ("profile", "last_backup_on"): N_("Last backup"),
    ("profile", "workshop"): N_("Workshop"),
    ("profile", "workshop_member_id"): N_("Workshop member id"),
    ("profile", "workshop_opt_in"): N_("Shares with the workshop"),
    ("profile", "workshop_contributed"): N_("Shared with the workshop"),
    ("profile", "language"): N_("Language"),
    ("profile", "link_saved"): N_("Link saved"),
    ("thank_you_notes", "body"): N_("Message"),
    ("writings", "minutes"): N_("Minutes"),
    ("writings", "prompt_id"): N_("Prompt"),
}


def columns_of(records: list[dict], table: str) -> list[str]:
    """The codes of a table's CSV columns: id, model fields (in form order), any others, the stamps."""
    known = list(MODELS[table].model_fields) if table in MODELS else []
    extra = sorted({k for r in records for k in r} - set(known) - set(STAMP_TITLES))
    return ["id", *known, *extra, "created_at", "updated_at"]


def _title_mark(table: str, column: str) -> str | None:
    """The marked (English) header of a column, None for a column Rebound does not know."""
    if column in STAMP_TITLES:
        return STAMP_TITLES[column]
    if (table, column) in FIELD_TITLES:
        return FIELD_TITLES[(table, column)]
    info = MODELS[table].model_fields.get(column) if table in MODELS else None
    return info.title if info is not None and info.title else None


def column_title(table: str, column: str) -> str:
    """A column's header in the current language; a column Rebound does not know keeps its code."""
    mark = _title_mark(table, column)
    return _(mark) if mark else column


def _headers(table: str, columns: list[str]) -> list[str]:
    """Headers for ``columns``, each one different (a title two fields share gets its code added)."""
    titles = [column_title(table, c) for c in columns]
    return [f"{t} ({c})" if titles.count(t) > 1 else t for t, c in zip(titles, columns, strict=True)]


def codes_of(table: str, header: list[str]) -> list[str | None]:
    """The code of each header cell of a table's CSV made in any language Rebound ships (or a code
    itself); None for a header it does not know."""
    known = set(MODELS[table].model_fields) if table in MODELS else set()
    known |= set(STAMP_TITLES) | {c for t, c in FIELD_TITLES if t == table}
    names: dict[str, str] = {c.casefold(): c for c in known}
    for language in (*i18n.languages(), i18n.PSEUDO):
        with i18n.use(language):
            ordered = sorted(known)
            for title, code in zip(_headers(table, ordered), ordered, strict=True):
                names.setdefault(title.strip().casefold(), code)
    return [names.get(h.strip().casefold()) for h in header]


def table_csv(records: list[dict], table: str) -> str:
    """One table as CSV text, headers in the current language, cells as stored (see the module's notes)."""
    columns = columns_of(records, table)
    out = io.StringIO()
    # The csv default line ending (CRLF) makes the writer quote cells holding a bare CR.
    writer = csv.writer(out)
    writer.writerow(_headers(table, columns))
    for rec in records:
        writer.writerow([safe_cell(rec.get(c)) for c in columns])
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
    """The plan's one date format, the locale's long date: "2 April 2026", "2. April 2026" (ISO text or a date)."""
    d = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return i18n.format_date(d, "long")


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
        [(_("{label}: ", label=label), True), (_text(value), False)]
        for label, value in (
            (_("Long-term goal"), profile.get("long_term_goal")),
            (_("What matters to me"), profile.get("values")),
            (_("Roles that fit"), profile.get("target_roles")),
        )
        if value
    ]
    lessons = [
        [(r["lesson"], False)] for r in _latest(tables.get("reflections", []), "created_at", 8) if r.get("lesson")
    ]
    themes = [
        [(ngettext("{theme}: {n} time", "{theme}: {n} times", n, theme=theme), False)]
        for theme, n in theme_counts(tables, today)[:8]
        if n > 1
    ]
    skills = [
        [(_("{skill}: level {level} → {target}", skill=s["name"], level=s["level"], target=s["target_level"]), False)]
        + ([(f" — {s['plan']}", False)] if s.get("plan") else [])
        for s in sorted(tables.get("skills", []), key=lambda s: s["target_level"] - s["level"], reverse=True)
    ]
    stories = [[(s["title"], True), (f" — {s['result']}", False)] for s in tables.get("interview_stories", [])]
    wins = [[(f"{day(w['date'])}: {w['text']}", False)] for w in _latest(tables.get("wins", []), "date", 10)]
    sections = [
        Section(_("Direction"), direction, _("No direction written yet.")),
        Section(_("Next steps"), _next_steps(tables), _("No next steps planned yet.")),
        Section(_("If-then plans"), _if_then(tables), _("No if-then plans yet.")),
        Section(_("Lessons I am keeping"), lessons, _("No lessons written yet.")),
        Section(_("Recurring themes"), themes, _("No recurring themes yet.")),
        Section(_("Skills I am building"), skills, _("No skills planned yet.")),
        Section(_("Interview stories"), stories, _("No stories in the bank yet.")),
        Section(_("Companies I stay in touch with"), _companies(tables, today), _("No companies noted yet.")),
        Section(_("People in my corner"), _people(tables), _("No one added yet.")),
        Section(_("Wins"), wins, _("No wins logged yet.")),
    ]
    rejections = tables.get("rejections", [])
    if rejections:
        stages: dict[str, int] = {}
        for r in rejections:
            stages[r["stage"]] = stages.get(r["stage"], 0) + 1
        how_far = i18n.format_list(
            _("{stage} {n}", stage=_(STAGE_LABELS[s]) if s in STAGE_LABELS else s, n=n) for s, n in stages.items()
        )
        road = ngettext(
            "{n} application that did not work out, and I kept going. How far it got: {stages}.",
            "{n} applications that did not work out, and I kept going. How far they got: {stages}.",
            len(rejections),
            stages=how_far,
        )
        sections.append(Section(_("The road so far"), [[(road, False)]], "", prose=True))
    return sections


def _next_steps(tables: Mapping[str, list[dict]]) -> list[Line]:
    """Open next steps, the soonest due first, then those without a date (in the order written)."""
    open_ = [a for a in tables.get("actions", []) if not a.get("done")]
    dated = sorted((a for a in open_ if a.get("due_on")), key=lambda a: a["due_on"])
    undated = sorted((a for a in open_ if not a.get("due_on")), key=lambda a: str(a.get("created_at") or ""))
    return [
        [(a["title"], False)] + ([(_(" (by {day})", day=day(a["due_on"])), False)] if a.get("due_on") else [])
        for a in dated + undated
    ]


def _if_then(tables: Mapping[str, list[dict]]) -> list[Line]:
    lines = []
    for p in sorted(tables.get("plans", []), key=lambda p: str(p.get("created_at") or "")):
        often = ngettext(" ({n} time a week)", " ({n} times a week)", p["per_week"]) if p.get("per_week") else ""
        # Translators: an if-then plan reads "If <the moment>, then <what I will do>"; the two parts are bold.
        before, between = _("If "), _(", then ")
        lines.append([(before, False), (p["cue"], True), (between, False), (p["action"], True), (often, False)])
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
            if c["next_check_on"] < now:
                when = _(": check again now")
            else:
                when = _(": check again on {day}", day=day(c["next_check_on"]))
            line.append((when, False))
        if c.get("reapply_after"):
            line.append((_("; apply again after {day}", day=day(c["reapply_after"])), False))
        if c.get("done"):
            line.append((_(" — so far: {done}", done=_text(c["done"])), False))
        lines.append(line)
    return lines


def _people(tables: Mapping[str, list[dict]]) -> list[Line]:
    lines = []
    for c in sorted(tables.get("contacts", []), key=lambda c: c["name"].casefold()):
        line: Line = [(c["name"], True), (f", {c['relationship']}", False)]
        if c.get("organization"):
            line.append((_(" at {organisation}", organisation=c["organization"]), False))
        if c.get("how_they_help"):
            line.append((f" — {c['how_they_help']}", False))
        if c.get("last_contacted_on"):
            line.append((_(" (last talked {day})", day=day(c["last_contacted_on"])), False))
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
    esc = html.escape
    # The words first, then the markup: text inside an f-string is not found by the extractor.
    title, heading = _("My rebound plan, {day}", day=day(today)), _("My rebound plan")
    made = _("Made with Rebound on {day}.", day=day(today))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(i18n.babel_locale().language)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_PRINT_CSS}</style></head><body><main>",
        f"<h1>{esc(heading)}</h1>",
        f'<p class="made">{esc(made)}</p>',
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
    out = [_("My rebound plan").upper(), _("Made with Rebound on {day}.", day=day(today)), ""]
    for sec in plan_sections(tables, today):
        out += [sec.title.upper()]
        lines = ["".join(t for t, _ in line) for line in sec.lines]
        out += (lines if sec.prose else [f"- {line}" for line in lines]) if lines else [sec.empty]
        out.append("")
    return "\n".join(out)
