"""My data: "My job-search record" for a date range, as CSV and as a page to print (rebound.job_record)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components.data import in_language, tables_revision
from rebound import applications, i18n, job_record, journal
from rebound.i18n import _, ngettext, pgettext
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
    locale: str,
    _ws: Workspace,
) -> job_record.Record:
    """The record, once per choice, language and revision of what it reads (the journal passed unhashed)."""
    weeks = applications.ghost_weeks(journal.profile(_ws))
    apps, acts = _ws.all("applications"), _ws.all("activities")
    return job_record.build(apps, acts, start, end, today, weeks=weeks, kinds=kinds, name=name, notes=notes)


def section(ws: Workspace, today: dt.date) -> None:
    st.header(_("My job-search record"), anchor="job-search-record")
    st.write(
        _(
            "A dated list of the applications you sent and the job-search activities you logged, for a benefits "
            "office, a job centre or an adviser. It holds only what you choose below: never your check-ins, "
            "reflections or feelings."
        )
    )
    if not ws.count("applications") and not ws.count("activities"):
        st.info(
            _("Nothing to list yet. Log your applications on Understand and your activities on Next steps."),
            icon=":material/work_history:",
        )
        return
    profile = journal.profile(ws)
    left, right = st.columns(2)
    revision = tables_revision(ws, "applications", "activities", "profile")
    first = _first_day(ws.id, revision, today, ws)
    date_format = i18n.date_input_format()
    start = left.date_input(pgettext("date range", "From"), value=first, key="record_from", format=date_format)
    end = right.date_input(pgettext("date range", "To"), value=today, key="record_to", format=date_format)
    name = st.text_input(
        _("Your name on the record (optional)"),
        value=profile.get("name") or "",
        key="record_name",
        help=_("Printed at the top. It is used for this record only."),
    )
    kind_labels = {k: _(KIND_LABELS[k]) for k in job_record.WORK_KINDS}  # in the script: see I18N rules
    kinds = st.multiselect(
        _("Activities to include"),
        list(job_record.WORK_KINDS),
        default=list(job_record.WORK_KINDS),
        format_func=kind_labels.get,
        key="record_kinds",
        placeholder=_("Choose…"),
    )
    notes = st.checkbox(
        _("Include my notes on applications and activities"),
        value=False,
        key="record_notes",
        help=_("Off by default: notes may hold more than you want to share."),
    )
    problem = None
    if start is None or end is None:
        problem = _("Choose the first and the last day of the record.")
    elif start > end:
        problem = _("The last day is before the first ({day}). Pick a later last day.", day=i18n.format_date(start))
    elif end > today:
        problem = _("The last day is in the future. Pick today or an earlier day.")
    if problem:
        st.error(problem, icon=":material/error:")
        return
    locale = i18n.current_locale()
    rec = _record(ws.id, revision, start, end, today, tuple(kinds), name, notes, locale, ws)
    logged = ngettext("{n} application logged one by one", "{n} applications logged one by one", len(rec.applications))
    entries = ngettext("{n} activity entry", "{n} activity entries", len(rec.activities))
    st.caption(
        _(
            "{start} to {end}: {logged} ({total} counted with the activity log, never twice) and {entries}.",
            start=i18n.format_date(start),
            end=i18n.format_date(end),
            logged=logged,
            total=rec.applications_total,
            entries=entries,
        )
    )
    if rec.applications:
        shown = rec.applications[-PREVIEW:]
        if len(shown) < len(rec.applications):
            st.caption(_("The {n} most recent applications are shown here; the files hold all of them.", n=PREVIEW))
        st.dataframe(
            pd.DataFrame(shown).rename(columns=job_record.title),
            hide_index=True,
            key="record_preview",
            height=min(400, 40 + 35 * len(shown)),
        )
    csv_col, page_col = st.columns(2)
    csv_col.download_button(
        _("Job-search record (CSV)"),
        data=in_language(job_record.to_csv, rec),
        file_name=job_record.file_stem(rec) + ".csv",
        mime="text/csv",
        icon=":material/table:",
        on_click="ignore",
        key="download_record_csv",
    )
    page_col.download_button(
        _("Job-search record (to print)"),
        data=in_language(job_record.to_html, rec),
        file_name=job_record.file_stem(rec) + ".html",
        mime="text/html",
        icon=":material/print:",
        on_click="ignore",
        key="download_record_html",
    )
    st.caption(_("Open the page in your browser to print it or save it as a PDF."))
