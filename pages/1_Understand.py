"""Stage 1 · Understand: log what happened, check in with how it feels, meet it with kindness."""

import streamlit as st

from components import applications as apps_ui
from components import email_intake, forms, shell
from components.cards import first_page, label_value, record_actions, show_deleted, show_more
from rebound import applications, content, i18n, journal
from rebound.applications import channel_label, day, stage_label
from rebound.i18n import _
from rebound.specs.understand import CHECKIN, REJECTION
from rebound.text import md_escape

app = shell("Understand", icon=":material/favorite:")
ws, today = app.ws, app.today

st.title(_("Understand what happened"))
st.write(
    _(
        "A no hurts, and it is allowed to. Start by writing down the facts, then notice how you feel. "
        "Nothing here is graded: it is your private notebook."
    )
)

# --- Log a rejection ---------------------------------------------------------
st.header(_("Edit this rejection") if forms.editing(REJECTION) else _("Log a rejection"), anchor="log")
show_deleted()
profile = journal.profile(ws)
apps = apps_ui.overview_for(ws, today, applications.ghost_weeks(profile))
email_intake.section(ws, today, applications.ghost_weeks(profile))
apps_ui.rejection_picker(ws, today, apps, applications.ghost_weeks(profile))
forms.show_flash(REJECTION.name)
forms.render(REJECTION, ws, today, choices=apps_ui.rejection_choices(ws, apps), on_saved=email_intake.forget)

# --- Your rejections ---------------------------------------------------------
rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
st.header(_("Your rejections"))
if not rejections:
    st.info(_("Nothing logged yet. When you are ready, the form above takes a minute."), icon=":material/edit_note:")
for rej in first_page(rejections, "rejections"):
    title = f"{rej['company']} · {rej['role']}"
    stage = stage_label(rej["stage"], ghosted=bool(rej.get("ghosted")))
    with st.expander(f"{md_escape(title)} — {md_escape(stage)}, {day(rej['rejected_on'])}"):
        label_value(_("Applied on"), day(rej.get("applied_on")))
        label_value(_("How you applied"), channel_label(rej.get("channel")))
        label_value(_("Where you found it"), rej.get("source"))
        label_value(_("Notes"), rej.get("notes"))
        what = _("the rejection from {title}", title=title)
        record_actions(ws, REJECTION, rej, what, edit_key=f"edit_rej_{rej['id']}")
show_more(rejections, "rejections")

# --- Applications ----------------------------------------------------------------
apps_ui.section(ws, today, profile, apps)

# --- Check in ------------------------------------------------------------------
st.header(_("Edit this check-in") if forms.editing(CHECKIN) else _("Check in with yourself"), anchor="checkin")
st.write(_("How are you, really? There are no wrong answers, and it helps to see how this changes over the weeks."))
rejection_names = {r["id"]: f"{r['company']} · {r['role']} ({day(r['rejected_on'])})" for r in rejections}
forms.render(CHECKIN, ws, today, choices={"rejection_id": rejection_names})

checkins = journal.sorted_by(ws.all("checkins"), "date")
st.subheader(_("Recent check-ins"))
if not checkins:
    st.info(_("Your check-ins will appear here."), icon=":material/mood:")
for chk in first_page(checkins, "checkins"):
    # Stored as ids, shown in the current language; the person's own words as typed.
    feelings = i18n.format_list(content.emotion_names(chk.get("emotions") or [])) or _("no feelings named")
    when = day(chk["date"])
    with st.expander(
        _(
            "{date} — mood {mood}/10, confidence {confidence}/10 · {feelings}",
            date=when,
            mood=chk["mood"],
            confidence=chk["confidence"],
            feelings=md_escape(feelings),
        )
    ):
        if chk.get("rejection_id"):
            label_value(_("About"), rejection_names.get(chk["rejection_id"], _("a rejection")))
        label_value(_("Note"), chk.get("note"))
        label_value(_("What happened"), chk.get("facts"))
        label_value(_("What a friend would say"), chk.get("kind_words"))
        label_value(_("What it does not say about you"), chk.get("not_defined_by"))
        what = _("the check-in of {date}", date=when)
        record_actions(ws, CHECKIN, chk, what, edit_key=f"edit_chk_{chk['id']}")
show_more(checkins, "checkins")

# --- Worth knowing -------------------------------------------------------------
with st.expander(_("Worth knowing when a no stings")):
    for fact in content.rejection_facts():
        st.markdown(f"- {fact['text']}  \n  :gray[{fact['source']}]")
