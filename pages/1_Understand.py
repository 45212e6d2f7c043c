"""Stage 1 · Understand: log what happened, check in with how it feels, meet it with kindness."""

import streamlit as st

from components import applications as apps_ui
from components import email_intake, forms, shell
from components.cards import first_page, label_value, record_actions, show_deleted, show_more
from rebound import applications, content, journal
from rebound.models import STAGE_LABELS
from rebound.specs.understand import CHECKIN, REJECTION
from rebound.text import md_escape

app = shell("Understand", icon=":material/favorite:")
ws, today = app.ws, app.today

st.title("Understand what happened")
st.write(
    "A no hurts, and it is allowed to. Start by writing down the facts, then notice how you feel. "
    "Nothing here is graded: it is your private notebook."
)

# --- Log a rejection ---------------------------------------------------------
st.header("Edit this rejection" if forms.editing(REJECTION) else "Log a rejection", anchor="log")
show_deleted()
profile = journal.profile(ws)
apps = apps_ui.overview_for(ws, today, applications.ghost_weeks(profile))
email_intake.section(ws, today, applications.ghost_weeks(profile))
apps_ui.rejection_picker(ws, today, apps, applications.ghost_weeks(profile))
forms.show_flash(REJECTION.name)
forms.render(REJECTION, ws, today, choices=apps_ui.rejection_choices(ws, apps), on_saved=email_intake.forget)

# --- Your rejections ---------------------------------------------------------
rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
st.header("Your rejections")
if not rejections:
    st.info("Nothing logged yet. When you are ready, the form above takes a minute.", icon=":material/edit_note:")
for rej in first_page(rejections, "rejections"):
    title = f"{rej['company']} · {rej['role']}"
    stage = "No answer" if rej.get("ghosted") else STAGE_LABELS.get(rej["stage"], rej["stage"])
    with st.expander(f"{md_escape(title)} — {md_escape(stage)}, {rej['rejected_on']}"):
        label_value("Applied on", rej.get("applied_on"))
        label_value("How you applied", rej.get("channel"))
        label_value("Where you found it", rej.get("source"))
        label_value("Notes", rej.get("notes"))
        record_actions(ws, REJECTION, rej, f"the rejection from {title}", edit_key=f"edit_rej_{rej['id']}")
show_more(rejections, "rejections")

# --- Applications ----------------------------------------------------------------
apps_ui.section(ws, today, profile, apps)

# --- Check in ------------------------------------------------------------------
st.header("Edit this check-in" if forms.editing(CHECKIN) else "Check in with yourself", anchor="checkin")
st.write("How are you, really? There are no wrong answers, and it helps to see how this changes over the weeks.")
rejection_names = {r["id"]: f"{r['company']} · {r['role']} ({r['rejected_on']})" for r in rejections}
forms.render(CHECKIN, ws, today, choices={"rejection_id": rejection_names})

checkins = journal.sorted_by(ws.all("checkins"), "date")
st.subheader("Recent check-ins")
if not checkins:
    st.info("Your check-ins will appear here.", icon=":material/mood:")
for chk in first_page(checkins, "checkins"):
    feelings = ", ".join(chk.get("emotions") or []) or "no feelings named"
    with st.expander(
        f"{chk['date']} — mood {chk['mood']}/10, confidence {chk['confidence']}/10 · {md_escape(feelings)}"
    ):
        if chk.get("rejection_id"):
            label_value("About", rejection_names.get(chk["rejection_id"], "a rejection"))
        label_value("Note", chk.get("note"))
        label_value("What happened", chk.get("facts"))
        label_value("What a friend would say", chk.get("kind_words"))
        label_value("What it does not say about you", chk.get("not_defined_by"))
        record_actions(ws, CHECKIN, chk, f"the check-in of {chk['date']}", edit_key=f"edit_chk_{chk['id']}")
show_more(checkins, "checkins")

# --- Worth knowing -------------------------------------------------------------
with st.expander("Worth knowing when a no stings"):
    for fact in content.rejection_facts():
        st.markdown(f"- {fact['text']}  \n  :gray[{fact['source']}]")
