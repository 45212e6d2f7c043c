"""On My data: "Import applications" from a spreadsheet or a job tracker's export (CSV or .xlsx).

Plan → show → apply, like a backup restore: the file is read and every row checked, the person
sees the column mapping (changeable), the dates that cannot be read and the rows that cannot be
imported, and only then imports, in one store batch. Bad rows are skipped only when the person
presses "Skip these rows and import the rest". The same file imported again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import streamlit as st

from rebound import i18n
from rebound.i18n import N_, _, ngettext
from rebound.intake import spreadsheet as sp
from rebound.models import Invalid
from rebound.storage import StoreUnavailable, Workspace
from rebound.text import md_escape

STATE = "_import_sheet"
ORDERS = {"DMY": N_("Day first (31/12/2026)"), "MDY": N_("Month first (12/31/2026)")}
MAX_MB = 5


def _state() -> dict[str, Any]:
    return st.session_state.setdefault(STATE, {"nonce": 0, "report": None, "error": None, "sheet": None})


def _sheet(data: bytes, name: str) -> sp.Sheet:
    """The file read once per upload (a rerun does not parse it again)."""
    state = _state()
    digest = hashlib.sha256(data).hexdigest()
    if state["sheet"] is None or state["sheet"][0] != digest:
        state["sheet"] = (digest, sp.read_sheet(data, name))
    return state["sheet"][1]


def _plan(ws: Workspace, sheet: sp.Sheet, mapping, today: dt.date, locale: str | None, order: str) -> sp.Plan:
    """Every row checked: worked out again only when the file, the mapping, the journal's applications or
    the language (its reasons are sentences) change."""
    state = _state()
    revision = ws.table_revision("applications")
    key = (state["sheet"][0], tuple(sorted(mapping.items())), today, locale, order, revision, i18n.current_locale())
    if state.get("plan") is None or state["plan"][0] != key:
        state["plan"] = (key, sp.plan(sheet, mapping, today, locale, ws.all("applications"), order=order))
    return state["plan"][1]


def _apply(ws: Workspace, planned: sp.Plan, skip_bad: bool) -> None:
    """Callback: the one batch. The plan's rows are checked again against the journal inside it."""
    state = _state()
    try:
        report = sp.apply(ws, planned, skip_bad=skip_bad)
    except StoreUnavailable:
        state["error"] = _("Could not import just now: nothing was changed. Please try again in a moment.")
        return
    except Invalid as exc:
        state["error"] = " ".join(exc.errors.values())
        return
    state.update(report=report.sentence(), error=None, sheet=None, plan=None, nonce=state["nonce"] + 1)


def _mapping(columns: list[str], nonce: int) -> dict[str, str | None]:
    guessed = sp.guess_mapping(columns)
    options: list[str | None] = [None, *columns]
    chosen: dict[str, str | None] = {}
    cells = st.columns(3)
    missing = _("Not in the file")  # worked out in the script: a format_func runs outside it in AppTest
    for i, fld in enumerate(sp.FIELDS):
        label = sp.field_label(fld) if fld in sp.REQUIRED else _("{field} (optional)", field=sp.field_label(fld))
        with cells[i % 3]:
            chosen[fld] = st.selectbox(
                label,
                options,
                index=options.index(guessed[fld]),
                format_func=lambda c: missing if c is None else str(c),
                key=f"imp_map_{fld}_{nonce}",
                placeholder=_("Choose…"),
            )
    return chosen


def _lines(lines, cap: int = 50) -> None:
    lines = list(lines)
    for line in lines[:cap]:
        st.text("• " + line)  # quotes the file's cells: plain text
    if len(lines) > cap:
        st.caption(_("…and {n} more.", n=i18n.format_number(len(lines) - cap)))


def _problem_line(p: sp.Problem) -> str:
    """One row that cannot be imported, and why (the file's own words quoted as they are)."""
    reasons = " ".join(p.reasons)
    if p.company or p.role:
        which = " · ".join(x for x in (p.company, p.role) if x)
        return _("Row {row} ({which}): {reasons}", row=p.row, which=which, reasons=reasons)
    return _("Row {row}: {reasons}", row=p.row, reasons=reasons)


def section(ws: Workspace, today: dt.date) -> None:
    state = _state()
    nonce = state["nonce"]
    st.header(_("Import applications"), anchor="import")
    st.write(
        _(
            "Bring in the applications you already track in a spreadsheet or a job tracker: save it as CSV or "
            "Excel (.xlsx). You see every row first, and nothing changes until you import. Importing the same "
            "file again adds nothing twice."
        )
    )
    if state["report"]:
        st.success(state["report"], icon=":material/check_circle:")
        state["report"] = None
    if state["error"]:
        st.error(state["error"], icon=":material/error:")
        state["error"] = None
    upload = st.file_uploader(
        _("Spreadsheet (.csv or .xlsx, up to {mb} MB)", mb=MAX_MB), type=["csv", "xlsx"], key=f"import_file_{nonce}"
    )
    if upload is None:
        return
    try:
        sheet = _sheet(upload.getvalue(), upload.name)
    except sp.SheetError as exc:
        said = _("{problem} Nothing was changed.", problem=exc.message)
        st.markdown(f":red[:material/error: {md_escape(said)}]")
        return

    st.subheader(_("Which column holds what"))
    rows = len(sheet.rows)
    if upload.name.lower().endswith(".xlsx"):
        said = ngettext(
            "{count} row under the header (the first sheet of the workbook). "
            "Rebound guessed from the column names; change any.",
            "{count} rows under the header (the first sheet of the workbook). "
            "Rebound guessed from the column names; change any.",
            rows,
            count=i18n.format_number(rows),
        )
    else:
        said = ngettext(
            "{count} row under the header. Rebound guessed from the column names; change any.",
            "{count} rows under the header. Rebound guessed from the column names; change any.",
            rows,
            count=i18n.format_number(rows),
        )
    st.caption(said)
    mapping = _mapping(sheet.columns, nonce)
    locale = st.context.locale
    default_order = sp.date_order(locale)
    orders = {code: _(label) for code, label in ORDERS.items()}
    order = st.radio(
        _("Dates like 03/04/2026 in this file are written"),
        list(orders),
        index=list(orders).index(default_order) if default_order in orders else 0,
        format_func=orders.get,
        horizontal=True,
        key=f"imp_order_{nonce}",
        help=_("Guessed from your browser's language. Dates written 2026-04-03 are read the same either way."),
    )
    problems = sp.check_mapping(mapping, sheet.columns)
    for fld, msg in problems.items():
        said = _("{field}: {problem}", field=sp.field_label(fld), problem=msg)
        st.markdown(f":red[:material/error: {md_escape(said)}]")
    if problems:
        return
    planned = _plan(ws, sheet, mapping, today, locale, order)

    st.subheader(_("What would be imported"))
    number = i18n.format_number
    parts = [
        _("**{n}** new", n=number(len(planned.records))),
        _("**{n}** already in your journal", n=number(len(planned.already))),
        _("**{n}** cannot be imported", n=number(len(planned.problems))),
    ]
    if planned.blank:
        parts.append(ngettext("{count} empty row", "{count} empty rows", planned.blank, count=number(planned.blank)))
    st.markdown(" · ".join(parts))
    if planned.records:
        shown = ("company", "role", "applied_on", "status")
        row_title = _("Row")
        st.dataframe(
            [{row_title: row, **{sp.field_label(k): rec.get(k) for k in shown}} for row, rec in planned.records[:200]],
            hide_index=True,
            key=f"imp_preview_{nonce}",
        )
    # Plain text, not a grid: the person (and a screen reader) reads each row's reason as a sentence.
    if planned.unreadable_dates:
        st.markdown(_("**Dates that cannot be read**"))
        _lines(_("Row {row}, {column}: “{value}”", row=r, column=c, value=v) for r, c, v in planned.unreadable_dates)
    if planned.problems:
        st.markdown(
            _(
                "**Rows that cannot be imported** (numbered as in your spreadsheet: the header is row {row})",
                row=sheet.header_row,
            )
        )
        _lines(_problem_line(p) for p in planned.problems)
    if not planned.records:
        st.info(_("There is nothing new to add from this file."), icon=":material/inbox:")
        return
    new = len(planned.records)
    if planned.problems:
        label = _("Skip these rows and import the rest ({n})", n=i18n.format_number(new))
    else:
        label = ngettext(
            "Import {count} application", "Import {count} applications", new, count=i18n.format_number(new)
        )
    st.button(label, type="primary", key=f"imp_apply_{nonce}", on_click=_apply,
              args=(ws, planned, bool(planned.problems)))  # fmt: skip
