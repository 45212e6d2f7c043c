"""My data: "My job-search record" for a date range, as CSV and as a page to print (rebound.job_record)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components.data import tables_revision
from rebound import applications, job_record, journal
from rebound.insights.effort import KIND_LABELS
from rebound.storage import Workspace

PREVIEW = 100  # rows shown on the page; the files hold them all


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def _first_day(ws_id: str, revision: str, today: dt.date, _ws: Workspace) -> dt.date:
    days = [a["applied_on"] for a in _ws.all("applications") if a.get("applied_on")]
    days += [a["date"] for a in _ws.all("activities") if a.get("date")]
    first = min(days, default=None)
    fallback = today - dt.timedelta(days=90)
    try:
        return max(dt.date.fromisoformat(first[:10]), fallback) if first else fallback
    except ValueError:
        return fallback


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def _record(
    ws_id: str,
    revision: str,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    kinds: tuple,
    name: str,
    notes: bool,
    _ws: Workspace,
) -> job_record.Record:
    """The record, once per choice and revision of what it reads (the journal passed unhashed)."""
    weeks = applications.ghost_weeks(journal.profile(_ws))
    apps, acts = _ws.all("applications"), _ws.all("activities")
    return job_record.build(apps, acts, start, end, today, weeks=weeks, kinds=kinds, name=name, notes=notes)


def section(ws: Workspace, today: dt.date) -> None:
    st.header("My job-search record", anchor="job-search-record")
    st.write(
        "A dated list of the applications you sent and the job-search activities you logged, for a benefits office, "
        "a job centre or an adviser. It holds only what you choose below: never your check-ins, reflections or "
        "feelings."
    )
    if not ws.count("applications") and not ws.count("activities"):
        st.info(
            "Nothing to list yet. Log your applications on Understand and your activities on Next steps.",
            icon=":material/work_history:",
        )
        return
    profile = journal.profile(ws)
    left, right = st.columns(2)
    revision = tables_revision(ws, "applications", "activities", "profile")
    first = _first_day(ws.id, revision, today, ws)
    start = left.date_input("From", value=first, key="record_from", format="YYYY-MM-DD")
    end = right.date_input("To", value=today, key="record_to", format="YYYY-MM-DD")
    name = st.text_input(
        "Your name on the record (optional)",
        value=profile.get("name") or "",
        key="record_name",
        help="Printed at the top. It is used for this record only.",
    )
    kinds = st.multiselect(
        "Activities to include",
        list(job_record.WORK_KINDS),
        default=list(job_record.WORK_KINDS),
        format_func=KIND_LABELS.get,
        key="record_kinds",
    )
    notes = st.checkbox(
        "Include my notes on applications and activities",
        value=False,
        key="record_notes",
        help="Off by default: notes may hold more than you want to share.",
    )
    problem = None
    if start is None or end is None:
        problem = "Choose the first and the last day of the record."
    elif start > end:
        problem = f"The last day is before the first ({start:%d %b %Y}). Pick a later last day."
    elif end > today:
        problem = "The last day is in the future. Pick today or an earlier day."
    if problem:
        st.error(problem, icon=":material/error:")
        return
    rec = _record(ws.id, revision, start, end, today, tuple(kinds), name, notes, ws)
    st.caption(
        f"{start:%d %b %Y} to {end:%d %b %Y}: {len(rec.applications)} applications logged one by one "
        f"({rec.applications_total} counted with the activity log, never twice) and {len(rec.activities)} "
        "activity entries."
    )
    if rec.applications:
        shown = rec.applications[-PREVIEW:]
        if len(shown) < len(rec.applications):
            st.caption(f"The {PREVIEW} most recent applications are shown here; the files hold all of them.")
        st.dataframe(
            pd.DataFrame(shown),
            hide_index=True,
            key="record_preview",
            height=min(400, 40 + 35 * len(shown)),
        )
    csv_col, page_col = st.columns(2)
    csv_col.download_button(
        "Job-search record (CSV)",
        data=lambda: job_record.to_csv(rec),
        file_name=job_record.file_stem(rec) + ".csv",
        mime="text/csv",
        icon=":material/table:",
        on_click="ignore",
        key="download_record_csv",
    )
    page_col.download_button(
        "Job-search record (to print)",
        data=lambda: job_record.to_html(rec),
        file_name=job_record.file_stem(rec) + ".html",
        mime="text/html",
        icon=":material/print:",
        on_click="ignore",
        key="download_record_html",
    )
    st.caption("Open the page in your browser to print it or save it as a PDF.")
