"""Stage 2 · Follow up: ask for feedback, say thank you, and keep track of both."""

import datetime as dt
import functools

import streamlit as st

from components import follow_up as fu
from components import forms, shell
from components.cards import show_deleted
from components.nav import page_link
from rebound import drafts, i18n, journal
from rebound.i18n import N_, _
from rebound.insights import patterns
from rebound.models import STAGE_LABELS
from rebound.specs.follow_up import FEEDBACK, THANKS
from rebound.text import md_escape

app = shell(N_("Follow up"), icon=":material/mail:")
ws, today, token = app.ws, app.today, app.token

st.title(_("Follow up"))
st.write(
    _(
        "Two short messages can turn a no into something useful: a polite request for feedback, and a thank-you "
        "that keeps the door open. Rebound drafts both from what you logged; you change anything you like, "
        "send it from your own email, and keep track here."
    )
)

rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
requests = ws.all("feedback_requests")
notes = ws.all("thank_you_notes")
by_id = {r["id"]: r for r in rejections}
used_themes = patterns.used_themes(ws.all("reflections"), requests, ws.all("support_log"))
my_name = journal.profile(ws).get("name") or ""


def _day(iso_day: str) -> str:
    return i18n.format_date(dt.date.fromisoformat(iso_day))


# Labels worked out in the script (AppTest calls format_func outside the script's thread).
rejection_names = {
    r["id"]: _("{company} · {role} ({day})", company=r["company"], role=r["role"], day=_day(r["rejected_on"]))
    for r in rejections
}


def fresh_composers() -> None:
    """Another rejection: fresh drafts for it (an edit in progress is closed too)."""
    for spec in (FEEDBACK, THANKS):
        forms.cancel(spec)
        st.session_state.pop(f"_generated_{spec.name}", None)


def picked_changed() -> None:
    st.session_state["_focus_rejection"] = st.session_state.get("fu_pick")
    fresh_composers()
    st.session_state["_fu_drafted_for"] = st.session_state.get("fu_pick")


# --- Gentle nudges ---------------------------------------------------------------------------
fu.quick_messages()
show_deleted()
fu.nudges(ws, today, requests, by_id, my_name)

# --- Which rejection ------------------------------------------------------------------------
if not rejections:
    st.info(
        _(
            "Follow-ups start from a rejection you have logged. Log one on Understand, then come back to draft "
            "your messages."
        ),
        icon=":material/mail:",
    )
    page_link("pages/1_Understand.py", _("Log a rejection"), token, icon=":material/arrow_forward:")
    st.stop()

focus = st.session_state.get("_focus_rejection")
if focus not in by_id:
    focus = rejections[0]["id"]
    st.session_state["_focus_rejection"] = focus
if st.session_state.get("fu_pick") != focus:
    st.session_state["fu_pick"] = focus
if st.session_state.get("_fu_drafted_for") != focus:  # chosen on another page: fresh drafts for it
    for spec in (FEEDBACK, THANKS):
        if not forms.editing(spec):
            forms.cancel(spec)
            st.session_state.pop(f"_generated_{spec.name}", None)
    st.session_state["_fu_drafted_for"] = focus

st.selectbox(
    _("Which rejection is this about?"),
    list(by_id),
    format_func=rejection_names.get,
    key="fu_pick",
    on_change=picked_changed,
    placeholder=_("Choose…"),
)
picked = st.session_state["fu_pick"]
rej = by_id[picked]
stage = STAGE_LABELS.get(rej["stage"])
st.caption(
    _(
        "Stage reached: {stage} · heard back on {day}",
        stage=md_escape(_(stage) if stage else rej["stage"]),
        day=_day(rej["rejected_on"]),
    )
)


def composer(spec, status_change=None) -> None:
    """One draft: who it is for, tone and length rewrite it until the person edits it; then save."""
    if forms.value(spec, "body") is None:  # a fresh form: draft it from the template
        fu.regenerate(spec, rej, my_name)
    redraft = functools.partial(fu.regenerate, spec, rej, my_name)
    fields = ("contact_name", "recipient", "specific", "tone", "length", "my_name", "language")
    on_change = {f: redraft for f in fields}
    if status_change:
        on_change["status"] = status_change
    forms.render(
        spec,
        ws,
        today,
        live=True,
        border=False,
        initial={"my_name": my_name, "language": drafts.default_language()},
        choices={"themes": {t: patterns.theme_label(t) for t in patterns.theme_options(used_themes)}},
        fixed={"rejection_id": picked},
        prepare=fu.prepare(spec, today, used_themes),
        on_saved=lambda *_: st.session_state.pop(f"_generated_{spec.name}", None),
        on_change=on_change,
        slots={"send": functools.partial(fu.send_tools, spec, rej, my_name)},
        expanded={N_("Their feedback (when it arrives)"): forms.value(spec, "status") == "received"},
    )


# Keyed tabs keep the open tab across reruns (e.g. after "Mark as sent today").
ask_tab, thanks_tab = st.tabs([_("Ask for feedback"), _("Say thank you")], key="fu_tab", on_change="rerun")

# --- Ask for feedback -------------------------------------------------------------------------
with ask_tab:
    editing = forms.editing(FEEDBACK)
    st.subheader(_("Edit this feedback request") if editing else _("Ask for feedback"))
    if not editing:
        st.caption(
            _(
                "A short, polite request gets the most replies. Ask soon after you hear back, thank them "
                "for their time, and make it easy to answer in a line or two."
            )
        )
    composer(FEEDBACK, status_change=functools.partial(fu.status_changed, today))
    mine = journal.sorted_by([r for r in requests if r.get("rejection_id") == picked], "requested_on")
    st.subheader(_("Your feedback requests for this rejection"))
    if not mine:
        st.info(_("None yet. The draft above is ready when you are."), icon=":material/forward_to_inbox:")
    fu.request_entries(ws, today, mine)

# --- Say thank you --------------------------------------------------------------------------
with thanks_tab:
    editing_note = forms.editing(THANKS)
    st.subheader(_("Edit this thank-you note") if editing_note else _("Say thank you"))
    if not editing_note:
        st.caption(
            _(
                "A short thank-you after a no is rare, and people remember it. It keeps the door open for "
                "the next role there."
            )
        )
    composer(THANKS)
    mine_notes = journal.sorted_by([n for n in notes if n.get("rejection_id") == picked], "sent_on")
    st.subheader(_("Your thank-you notes for this rejection"))
    if not mine_notes:
        st.info(_("None yet. A few warm lines are plenty."), icon=":material/favorite:")
    fu.note_entries(ws, today, THANKS, mine_notes)

st.divider()
page_link("pages/2_Reflect.py", _("See the patterns across your rejections"), token, icon=":material/insights:")
