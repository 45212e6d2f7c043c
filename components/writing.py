"""Reframe's expressive writing: a timed, private session, saved only when the person chooses."""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from components import forms
from components.cards import delete_button
from rebound import i18n, journal, reframe
from rebound.i18n import N_, _, ngettext
from rebound.models import ESSAY, Invalid
from rebound.storage import StoreUnavailable, Workspace
from rebound.text import md_escape, shorten

XW = "_xw_session"  # {"started": epoch seconds, "minutes": planned, "prompt_id": id}
XW_DRAFT = "_xw_draft"  # the text so far: a non-widget key, so it survives reruns and page changes
XW_TEXT = "xw_text"  # the text area's own key
XW_ERR = "_xw_error"
XW_CONFIRM = "_xw_confirm_letgo"


def _day(iso: str) -> str:
    """A stored ISO date as the person's locale writes it."""
    try:
        return i18n.format_date(dt.date.fromisoformat(str(iso)[:10]))
    except ValueError:
        return str(iso)


def start_writing() -> None:
    st.session_state[XW] = {
        "started": time.time(),
        "minutes": int(st.session_state.get("xw_minutes") or 20),
        "prompt_id": st.session_state.get("xw_prompt"),
    }
    st.session_state[XW_DRAFT] = ""
    st.session_state.pop(XW_TEXT, None)
    st.session_state.pop(XW_ERR, None)


def sync_draft() -> None:
    st.session_state[XW_DRAFT] = st.session_state.get(XW_TEXT) or ""


def end_writing() -> None:
    for key in (XW, XW_DRAFT, XW_TEXT, XW_ERR, XW_CONFIRM):
        st.session_state.pop(key, None)


def save_writing(ws: Workspace, today: dt.date) -> None:
    session = st.session_state.get(XW) or {}
    sync_draft()
    if not session or session.get("saving"):
        return  # already saved (a double click): one session, one record
    data = {
        "date": today.isoformat(),
        "text": st.session_state.get(XW_DRAFT, ""),
        "minutes": reframe.elapsed_minutes(session.get("started", time.time()), time.time()),
        "prompt_id": session.get("prompt_id"),
    }
    session["saving"] = True  # a plain mutation, before the save: a second click finds it
    try:
        journal.save(ws, "writings", data, today)
    except Invalid as exc:
        session.pop("saving", None)
        st.session_state[XW_ERR] = (
            _("There is nothing written yet. Write a few lines first, or let it go.")
            if "text" in exc.errors and not str(data["text"]).strip()
            else next(iter(exc.errors.values()))
        )
        return
    except StoreUnavailable:
        session.pop("saving", None)
        st.session_state[XW_ERR] = _(forms.UNAVAILABLE)
        return
    end_writing()
    forms.flash("xw", N_("Saved to your journal. Thank you for giving it the time."))


def let_go() -> None:
    end_writing()
    forms.flash("xw", N_("Let go. Nothing was kept — not on this page, not in your journal."))


@st.fragment(run_every=20)
def writing_timer() -> None:
    """Redrawn every 20 seconds on its own, so a full room does not rerun whole pages."""
    session = st.session_state.get(XW)
    if not session:
        return
    now = time.time()
    done = reframe.elapsed_minutes(session["started"], now)
    st.progress(
        min(1.0, done / session["minutes"]), text=reframe.timer_text(session["started"], now, session["minutes"])
    )


def expressive_writing(ws: Workspace, today: dt.date) -> None:
    guide = reframe.writing()
    st.header(_("Expressive writing"), anchor="writing")
    st.write(
        _(
            "Set aside 15 to 20 minutes and write about this stretch of looking for work: what happened, "
            "how it feels, what it touches. It is for you; you decide at the end whether to keep it."
        )
    )
    with st.expander(_("Why this can help"), icon=":material/science:"):
        source = _("Source: {source}", source=guide["why"]["source"])
        st.markdown(f"{guide['why']['text']}  \n:gray[{source}]")
    forms.show_flash("xw")
    session = st.session_state.get(XW)
    if not session:
        prompts = {p["id"]: shorten(p["text"], 110) for p in guide["prompts"]}
        durations = {m: ngettext("{n} minute", "{n} minutes", m) for m in guide["durations"]}
        st.selectbox(_("Prompt"), list(prompts), format_func=prompts.get, placeholder=_("Choose…"), key="xw_prompt")
        st.radio(
            _("How long"),
            list(durations),
            index=1,
            format_func=durations.get,
            horizontal=True,
            key="xw_minutes",
        )
        st.caption(guide["how"])
        st.button(_("Start writing"), key="xw_start", type="primary", icon=":material/edit:", on_click=start_writing)
    else:
        prompt = reframe.writing_prompt(session.get("prompt_id"))
        if prompt:
            st.markdown(_("**Prompt:** {text}", text=prompt["text"]))
        writing_timer()
        if XW_TEXT not in st.session_state:
            st.session_state[XW_TEXT] = st.session_state.get(XW_DRAFT, "")
        st.text_area(
            _("Your writing"),
            height=320,
            placeholder=_("Start anywhere. Keep going."),
            help=_("Up to {cap} characters.", cap=i18n.format_number(ESSAY)),
            key=XW_TEXT,
            on_change=sync_draft,
        )
        if st.session_state.get(XW_ERR):
            st.markdown(f":red[:material/error: {st.session_state[XW_ERR]}]")
        st.caption(
            _("Your text is kept for this visit as you go. Nothing is stored in your journal until you save it.")
        )
        if not st.session_state.get(XW_CONFIRM):
            keep_col, go_col = st.columns(2)
            keep_col.button(
                _("Save my writing"),
                key="xw_save",
                type="primary",
                icon=":material/save:",
                on_click=save_writing,
                args=(ws, today),
            )
            go_col.button(
                _("Let it go"),
                key="xw_letgo",
                icon=":material/air:",
                on_click=st.session_state.__setitem__,
                args=(XW_CONFIRM, True),
            )
        else:
            st.warning(_("Let this writing go? It will not be saved anywhere and cannot be brought back."))
            yes_col, no_col = st.columns(2)
            yes_col.button(_("Yes, let it go"), key="xw_letgo_yes", type="primary", on_click=let_go)
            no_col.button(_("Keep writing"), key="xw_letgo_no", on_click=st.session_state.pop, args=(XW_CONFIRM, None))

    writings = journal.sorted_by(ws.all("writings"), "date")
    st.subheader(_("Writing you kept"))
    if not writings:
        st.caption(_("Nothing kept yet. Saved sessions appear here; the ones you let go leave no trace."))
    for w in writings[:20]:
        when = _day(w["date"])
        if w.get("minutes") is not None:
            when = ngettext("{day}, {n} min", "{day}, {n} min", int(w["minutes"]), day=when)
        with st.expander(f"{when} · {md_escape(shorten(w['text'], 60))}"):
            prompt = reframe.writing_prompt(w.get("prompt_id"))
            if prompt:
                st.caption(_("Prompt: {text}", text=prompt["text"]))
            etable, eform = f"xw_{w['id']}", f"xw_edit_{w['id']}"
            if forms.editing(etable):
                st.text_area(_("Edit your writing"), height=240, key=forms.wkey(eform, "text"))
                forms.field_error(eform, "text")

                def save_edit(values: dict, rec=w, table=etable) -> None:
                    journal.save(ws, "writings", {**rec, "text": values["text"]}, today, rid=rec["id"])
                    st.session_state.pop(f"_editing_{table}", None)

                s_col, c_col = st.columns(2)
                s_col.button(
                    _("Save changes"),
                    key=f"xw_edit_save_{w['id']}",
                    type="primary",
                    on_click=forms.submit(eform, ["text"], save_edit, N_("Changes saved.")),
                )
                c_col.button(
                    _("Cancel"),
                    key=f"xw_edit_cancel_{w['id']}",
                    on_click=forms.stop_edit,
                    args=(etable, eform, ["text"]),
                )
            else:
                st.text(w["text"])
                edit_col, delete_col = st.columns(2)
                edit_col.button(
                    _("Edit"),
                    key=f"xw_edit_{w['id']}",
                    icon=":material/edit:",
                    on_click=forms.start_edit,
                    args=(etable, w["id"], eform, w, ["text"]),
                )
                with delete_col:
                    delete_button(ws, "writings", w["id"], _("the writing of {day}", day=_day(w["date"])))
    if len(writings) > 20:
        st.caption(
            ngettext(
                "Showing the 20 most recent of {n}. A backup from My data holds them all.",
                "Showing the 20 most recent of {n}. A backup from My data holds them all.",
                len(writings),
            )
        )
