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

from rebound.intake import spreadsheet as sp
from rebound.models import Invalid
from rebound.storage import StoreUnavailable, Workspace
from rebound.text import md_escape

STATE = "_import_sheet"
ORDERS = {"DMY": "Day first (31/12/2026)", "MDY": "Month first (12/31/2026)"}
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
    """Every row checked: worked out again only when the file, the mapping or the journal's applications change."""
    state = _state()
    key = (state["sheet"][0], tuple(sorted(mapping.items())), today, locale, order, ws.table_revision("applications"))
    if state.get("plan") is None or state["plan"][0] != key:
        state["plan"] = (key, sp.plan(sheet, mapping, today, locale, ws.all("applications"), order=order))
    return state["plan"][1]


def _apply(ws: Workspace, planned: sp.Plan, skip_bad: bool) -> None:
    """Callback: the one batch. The plan's rows are checked again against the journal inside it."""
    state = _state()
    try:
        report = sp.apply(ws, planned, skip_bad=skip_bad)
    except StoreUnavailable:
        state["error"] = "Could not import just now: nothing was changed. Please try again in a moment."
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
    for i, fld in enumerate(sp.FIELDS):
        label = sp.FIELD_LABELS[fld] + ("" if fld in sp.REQUIRED else " (optional)")
        with cells[i % 3]:
            chosen[fld] = st.selectbox(
                label,
                options,
                index=options.index(guessed[fld]),
                format_func=lambda c: "Not in the file" if c is None else str(c),
                key=f"imp_map_{fld}_{nonce}",
            )
    return chosen


def _lines(lines, cap: int = 50) -> None:
    lines = list(lines)
    for line in lines[:cap]:
        st.text("• " + line)  # quotes the file's cells: plain text
    if len(lines) > cap:
        st.caption(f"…and {len(lines) - cap:,} more.")


def section(ws: Workspace, today: dt.date) -> None:
    state = _state()
    nonce = state["nonce"]
    st.header("Import applications", anchor="import")
    st.write(
        "Bring in the applications you already track in a spreadsheet or a job tracker: save it as CSV or "
        "Excel (.xlsx). You see every row first, and nothing changes until you import. Importing the same file "
        "again adds nothing twice."
    )
    if state["report"]:
        st.success(state["report"], icon=":material/check_circle:")
        state["report"] = None
    if state["error"]:
        st.error(state["error"], icon=":material/error:")
        state["error"] = None
    upload = st.file_uploader(
        f"Spreadsheet (.csv or .xlsx, up to {MAX_MB} MB)", type=["csv", "xlsx"], key=f"import_file_{nonce}"
    )
    if upload is None:
        return
    try:
        sheet = _sheet(upload.getvalue(), upload.name)
    except sp.SheetError as exc:
        st.markdown(f":red[:material/error: {md_escape(exc.message)} Nothing was changed.]")
        return

    st.subheader("Which column holds what")
    st.caption(
        f"{len(sheet.rows):,} rows under the header"
        + (" (the first sheet of the workbook)" if upload.name.lower().endswith(".xlsx") else "")
        + ". Rebound guessed from the column names; change any."
    )
    mapping = _mapping(sheet.columns, nonce)
    locale = st.context.locale
    default_order = sp.date_order(locale)
    order = st.radio(
        "Dates like 03/04/2026 in this file are written",
        list(ORDERS),
        index=list(ORDERS).index(default_order) if default_order in ORDERS else 0,
        format_func=ORDERS.get,
        horizontal=True,
        key=f"imp_order_{nonce}",
        help="Guessed from your browser's language. Dates written 2026-04-03 are read the same either way.",
    )
    problems = sp.check_mapping(mapping, sheet.columns)
    for fld, msg in problems.items():
        st.markdown(f":red[:material/error: {sp.FIELD_LABELS[fld]}: {md_escape(msg)}]")
    if problems:
        return
    planned = _plan(ws, sheet, mapping, today, locale, order)

    st.subheader("What would be imported")
    st.markdown(
        f"**{len(planned.records):,}** new · **{len(planned.already):,}** already in your journal · "
        f"**{len(planned.problems):,}** cannot be imported"
        + (f" · {planned.blank:,} empty rows" if planned.blank else "")
    )
    if planned.records:
        st.dataframe(
            [
                {"Row": row, **{sp.FIELD_LABELS[k]: rec.get(k) for k in ("company", "role", "applied_on", "status")}}
                for row, rec in planned.records[:200]
            ],
            hide_index=True,
            key=f"imp_preview_{nonce}",
        )
    # Plain text, not a grid: the person (and a screen reader) reads each row's reason as a sentence.
    if planned.unreadable_dates:
        st.markdown("**Dates that cannot be read**")
        _lines(f"Row {r}, {c}: “{v}”" for r, c, v in planned.unreadable_dates)
    if planned.problems:
        st.markdown(
            f"**Rows that cannot be imported** (numbered as in your spreadsheet: the header is row {sheet.header_row})"
        )
        _lines(
            f"Row {p.row}" + (f" ({' · '.join(x for x in (p.company, p.role) if x)})" if p.company or p.role else "")
            + ": " + " ".join(p.reasons)
            for p in planned.problems
        )  # fmt: skip
    if not planned.records:
        st.info("There is nothing new to add from this file.", icon=":material/inbox:")
        return
    if planned.problems:
        label = f"Skip these rows and import the rest ({len(planned.records):,})"
    else:
        label = f"Import {len(planned.records):,} applications"
    st.button(label, type="primary", key=f"imp_apply_{nonce}", on_click=_apply,
              args=(ws, planned, bool(planned.problems)))  # fmt: skip
