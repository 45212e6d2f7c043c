"""Applications on Understand: log what you sent, record the answers, pick one when the no comes.

The forms are declared in ``rebound.specs.understand`` and drawn by ``components.forms``; the
rules (closing an application with its rejection, "no answer" after N weeks) are
``rebound.applications``'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import streamlit as st

from components import forms
from components.cards import first_page, label_value, record_actions, show_more
from components.data import tables_revision
from rebound import applications, i18n, journal
from rebound.applications import channel_label, day
from rebound.forms_spec import Field, FormSpec
from rebound.i18n import N_, _, ngettext
from rebound.specs.understand import ANSWER, APPLICATION, REJECTION
from rebound.storage import Workspace
from rebound.text import md_escape

PICK = "rej_from_app"  # the picker above the rejection form

GHOST_WEEKS = FormSpec(
    name="ghostw",
    table="profile",
    layout=(
        Field(
            "ghost_after_weeks",
            N_("Count an application as “no answer” after this many weeks"),
            "number",
            min_value=1,
            max_value=52,
            step=1,
        ),
    ),
    add_label=N_("Save"),
    added=N_("Saved."),
    changed=N_("Saved."),
)


def _save_weeks(ws: Workspace, table: str, record: dict, today: dt.date, rid=None, expected_updated_at=None) -> str:
    return journal.save_profile(ws, {"ghost_after_weeks": record.get("ghost_after_weeks")}, today)


OFFERED = 100  # open applications offered for a rejection, newest first (the selectbox searches them)


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def overview(ws_id: str, revision: str, today: dt.date, weeks: int, locale: str, _ws: Workspace) -> dict:
    """Per revision of the applications: their ids newest first, the open ones to offer, and the counts.

    Records are read here, not on every rerun (a long search holds thousands of applications); the
    names offered are in ``locale``'s words (its dates), so a change of language reads them again.
    """
    ordered = journal.sorted_by(_ws.all("applications"), "applied_on")
    open_apps = [a for a in ordered if applications.is_open(a)]
    return {
        "ids": [a["id"] for a in ordered],
        "offered": {a["id"]: applications.name(a) for a in open_apps[:OFFERED]},
        "open": len(open_apps),
        "waiting": sum(1 for a in open_apps if applications.outcome(a, today, weeks) == "waiting"),
    }


def overview_for(ws: Workspace, today: dt.date, weeks: int) -> dict:
    return overview(ws.id, tables_revision(ws, "applications"), today, weeks, i18n.current_locale(), ws)


def rejection_values(app: Mapping[str, Any], today: dt.date, weeks: int) -> dict[str, Any]:
    """What picking ``app`` puts in the rejection form (widget values: dates as dates)."""
    values = {k: app.get(k) for k in ("company", "role", "channel", "source")}
    values["application_id"] = app["id"]
    if app.get("applied_on"):
        values["applied_on"] = dt.date.fromisoformat(app["applied_on"])
    if applications.outcome(app, today, weeks) == "ghosted":
        values |= {"ghosted": True, "stage": "applied"}
    stage = app.get("status")
    if stage in ("screen", "interview", "final", "offer"):
        values["stage"] = stage
    return {k: v for k, v in values.items() if v is not None}


def _fill_rejection(ws: Workspace, today: dt.date, weeks: int, app_id: str | None = None) -> None:
    """Callback: fill the rejection form from the picked application (the picker's, or ``app_id``)."""
    app_id = app_id or st.session_state.get(PICK)
    app = ws.get("applications", app_id) if app_id else None
    if app is not None:
        forms.prefill(REJECTION, rejection_values(app, today, weeks))
        forms.flash(
            REJECTION.name,
            _("Filled in from your application to {company}. Check it, then save.", company=md_escape(app["company"])),
        )
    st.session_state[PICK] = None


def rejection_picker(ws: Workspace, today: dt.date, view: dict, weeks: int) -> None:
    """Above a new rejection: choose the application it answers, instead of typing it again."""
    choices = view["offered"]
    if forms.editing(REJECTION) or not choices:
        return
    # Labels worked out here, in the script's thread (a format_func runs outside it in AppTest).
    labels = {None: _("Choose an application…"), **choices}
    other = _("an application")
    st.selectbox(
        _("Is this about an application you logged? Pick it to fill in the form."),
        [None, *choices],
        format_func=lambda v: labels.get(v, other),
        key=PICK,
        on_change=_fill_rejection,
        args=(ws, today, weeks),
        placeholder=_("Choose…"),
    )


def rejection_choices(ws: Workspace, view: dict) -> dict[str, dict[str, str]]:
    """The rejection form's application field: open ones, plus the one it holds (the record edited, a prefill)."""
    choices = dict(view["offered"])
    keep = forms.value(REJECTION, "application_id")  # also one filled in from an e-mail, past the newest offered
    linked = ws.get("applications", keep) if keep and keep not in choices else None
    if linked is not None:
        choices[keep] = applications.name(linked)
    return {"application_id": choices}


def section(ws: Workspace, today: dt.date, profile: Mapping[str, Any], view: dict) -> None:
    """The applications part of Understand: the form, the list with answers, the N weeks."""
    weeks = applications.ghost_weeks(profile)
    st.header(_("Your applications"), anchor="applications")
    st.write(
        _(
            "Log each application when you send it. It waits here until an answer comes, so when a no arrives "
            "you pick it instead of typing it all again, and your progress shows how many get an answer."
        )
    )
    st.subheader(_("Edit this application") if forms.editing(APPLICATION) else _("Log an application you sent"))
    forms.render(APPLICATION, ws, today)

    forms.show_flash(ANSWER.name)
    if forms.editing(ANSWER):
        app = ws.get("applications", forms.editing(ANSWER))
        title = f"{app['company']} · {app['role']}" if app else ""
        st.subheader(_("Record an answer: {title}", title=md_escape(title)) if app else _("Record an answer"))
        forms.render(ANSWER, ws, today, on_saved=lambda rid, record: forms.flash(ANSWER.name, N_("Answer saved.")))

    ids = view["ids"]
    if not ids:
        st.info(_("No applications logged yet. The form above takes a minute."), icon=":material/send:")
    else:
        st.caption(
            " · ".join(
                (
                    ngettext("{n} logged", "{n} logged", len(ids)),
                    ngettext("{n} still open", "{n} still open", view["open"]),
                    ngettext("{n} waiting for a first answer.", "{n} waiting for a first answer.", view["waiting"]),
                )
            )
        )
    # Keyed, so the page (and a browser test) can tell this list from the rejections listed below it.
    with st.container(key="application_list"):
        _application_list(ws, today, weeks, ids)

    with st.expander(_("When does silence count as no answer?")):
        st.write(
            ngettext(
                "An application with no answer after {n} week shows as “no answer”. It stays open: "
                "if they write later, record it. To debrief it like a no, use “Count the silence as a no”.",
                "An application with no answer after {n} weeks shows as “no answer”. It stays open: "
                "if they write later, record it. To debrief it like a no, use “Count the silence as a no”.",
                weeks,
            )
        )
        forms.render(GHOST_WEEKS, ws, today, initial={"ghost_after_weeks": weeks}, save=_save_weeks)


def _application_list(ws: Workspace, today: dt.date, weeks: int, ids: list[str]) -> None:
    for app in filter(None, (ws.get("applications", rid) for rid in first_page(ids, "applications"))):
        title = f"{app['company']} · {app['role']}"
        state = applications.outcome_label(app, today, weeks)
        when = _(", applied {day}", day=day(app["applied_on"])) if app.get("applied_on") else ""
        with st.expander(f"{md_escape(title)} — {md_escape(state)}{when}"):
            label_value(_("How you applied"), channel_label(app.get("channel")))
            label_value(_("Where you found it"), app.get("source"))
            label_value(_("First answer"), day(app.get("answered_on")))
            label_value(_("Since"), day(app.get("status_on")))
            label_value(_("Notes"), app.get("notes"))
            if applications.is_open(app):
                a_col, n_col = st.columns(2)
                a_col.button(
                    _("Record an answer"),
                    key=f"ans_{app['id']}",
                    icon=":material/mark_email_read:",
                    on_click=forms.start_editing,
                    args=(ANSWER, app),
                )
                silent = applications.outcome(app, today, weeks) == "ghosted"
                n_col.button(
                    _("Count the silence as a no: debrief it") if silent else _("They said no: log it"),
                    key=f"no_{app['id']}",
                    icon=":material/edit_note:",
                    on_click=_fill_rejection,
                    args=(ws, today, weeks, app["id"]),
                    help=_("Fills in the rejection form at the top of this page."),
                )
            what = _("the application to {title}", title=title)
            record_actions(ws, APPLICATION, app, what, edit_key=f"edit_app_{app['id']}")
    show_more(ids, "applications")
