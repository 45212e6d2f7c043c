"""Stage 1 · Understand: log what happened, check in with how it feels, meet it with kindness."""

import streamlit as st

from components import forms, shell
from components.cards import edit_and_delete, first_page, label_value, show_deleted, show_more
from rebound import content, journal
from rebound.models import CHANNELS, NAME, NOTE, STAGE_LABELS, STAGES
from rebound.text import md_escape

app = shell("Understand", icon=":material/favorite:")
ws, today = app.ws, app.today

st.title("Understand what happened")
st.write(
    "A no hurts, and it is allowed to. Start by writing down the facts, then notice how you feel. "
    "Nothing here is graded: it is your private notebook."
)

# --- Log a rejection ---------------------------------------------------------
REJ = "rej"
REJ_FIELDS = ["company", "role", "stage", "applied_on", "rejected_on", "channel", "source", "notes"]
editing = forms.editing("rejections")


save_rejection = forms.saver(ws, "rejections", today)


st.header("Log a rejection" if not editing else "Edit this rejection", anchor="log")
forms.show_flash(REJ)
show_deleted()
st.session_state.setdefault(forms.wkey(REJ, "rejected_on"), today)
with st.form("rejection_form", border=True):
    left, right = st.columns(2)
    with left:
        st.text_input("Company", max_chars=NAME, key=forms.wkey(REJ, "company"))
        forms.field_error(REJ, "company")
    with right:
        st.text_input("Role", max_chars=NAME, key=forms.wkey(REJ, "role"))
        forms.field_error(REJ, "role")
    st.selectbox(
        "How far did you get?",
        STAGES,
        index=None,
        format_func=STAGE_LABELS.get,
        placeholder="Choose the last stage you reached",
        key=forms.wkey(REJ, "stage"),
    )
    forms.field_error(REJ, "stage")
    left, right = st.columns(2)
    with left:
        st.date_input("Applied on (optional)", value=None, max_value=today, key=forms.wkey(REJ, "applied_on"))
        forms.field_error(REJ, "applied_on")
    with right:
        st.date_input("Heard back on", max_value=today, key=forms.wkey(REJ, "rejected_on"))
        forms.field_error(REJ, "rejected_on")
    left, right = st.columns(2)
    with left:
        st.selectbox(
            "How you applied (optional)", CHANNELS, index=None, placeholder="Choose…", key=forms.wkey(REJ, "channel")
        )
    with right:
        st.text_input("Where you found it (optional)", max_chars=NAME, key=forms.wkey(REJ, "source"))
    st.text_area(
        "Notes (optional)",
        max_chars=NOTE,
        placeholder="Anything you want to remember: who you met, what they said, how it ended.",
        key=forms.wkey(REJ, "notes"),
    )
    forms.field_error(REJ, "notes")
    forms.form_buttons(
        REJ,
        "rejections",
        REJ_FIELDS,
        save_rejection,
        "Save rejection",
        "Saved. That took courage. Next, check in with how you feel.",
    )

# --- Your rejections ---------------------------------------------------------
rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
st.header("Your rejections")
if not rejections:
    st.info("Nothing logged yet. When you are ready, the form above takes a minute.", icon=":material/edit_note:")
for rej in first_page(rejections, "rejections"):
    title = f"{rej['company']} · {rej['role']}"
    with st.expander(
        f"{md_escape(title)} — {md_escape(STAGE_LABELS.get(rej['stage'], rej['stage']))}, {rej['rejected_on']}"
    ):
        label_value("Applied on", rej.get("applied_on"))
        label_value("How you applied", rej.get("channel"))
        label_value("Where you found it", rej.get("source"))
        label_value("Notes", rej.get("notes"))
        edit_and_delete(
            ws,
            "rejections",
            rej,
            REJ,
            REJ_FIELDS,
            f"the rejection from {title}",
            edit_key=f"edit_rej_{rej['id']}",
            dates=("applied_on", "rejected_on"),
        )
show_more(rejections, "rejections")

# --- Check in ------------------------------------------------------------------
CHK = "chk"
CHK_FIELDS = ["date", "mood", "confidence", "emotions", "note", "rejection_id", "facts", "kind_words", "not_defined_by"]
editing_checkin = forms.editing("checkins")


save_checkin = forms.saver(ws, "checkins", today)


st.header("Check in with yourself" if not editing_checkin else "Edit this check-in", anchor="checkin")
st.write("How are you, really? There are no wrong answers, and it helps to see how this changes over the weeks.")
forms.show_flash(CHK)
for field, default in (("date", today), ("mood", 5), ("confidence", 5)):
    st.session_state.setdefault(forms.wkey(CHK, field), default)
rejection_names = {r["id"]: f"{r['company']} · {r['role']} ({r['rejected_on']})" for r in rejections}
prompts = content.acceptance_prompts()
with st.form("checkin_form"):
    st.date_input("Date", max_value=today, key=forms.wkey(CHK, "date"))
    forms.field_error(CHK, "date")
    left, right = st.columns(2)
    with left:
        st.slider("Mood (1 = very low, 10 = very good)", 1, 10, key=forms.wkey(CHK, "mood"))
        forms.field_error(CHK, "mood")
    with right:
        st.slider("Confidence (1 = very low, 10 = very high)", 1, 10, key=forms.wkey(CHK, "confidence"))
        forms.field_error(CHK, "confidence")
    st.multiselect(
        "What are you feeling? (pick any, or type your own)",
        content.emotions(),
        accept_new_options=True,
        key=forms.wkey(CHK, "emotions"),
    )
    forms.field_error(CHK, "emotions")
    st.selectbox(
        "Is this about a particular rejection? (optional)",
        list(rejection_names),
        index=None,
        format_func=rejection_names.get,
        placeholder="Not about one in particular",
        key=forms.wkey(CHK, "rejection_id"),
    )
    forms.field_error(CHK, "rejection_id")
    st.text_area("Anything else on your mind? (optional)", max_chars=NOTE, key=forms.wkey(CHK, "note"))
    forms.field_error(CHK, "note")
    st.markdown("**A short self-compassion exercise** (optional, about five minutes)")
    st.caption(
        "Three questions that help you see the rejection clearly without being hard on yourself. "
        "People who treat a setback kindly tend to be more motivated to improve, not less."
    )
    for field in ("facts", "kind_words", "not_defined_by"):
        st.text_area(prompts[field], max_chars=NOTE, key=forms.wkey(CHK, field))
        forms.field_error(CHK, field)
    forms.form_buttons(
        CHK,
        "checkins",
        CHK_FIELDS,
        save_checkin,
        "Save check-in",
        "Check-in saved. Thank you for taking a moment for yourself.",
    )

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
        edit_and_delete(
            ws,
            "checkins",
            chk,
            CHK,
            CHK_FIELDS,
            f"the check-in of {chk['date']}",
            edit_key=f"edit_chk_{chk['id']}",
            dates=("date",),
        )
show_more(checkins, "checkins")

# --- Worth knowing -------------------------------------------------------------
with st.expander("Worth knowing when a no stings"):
    for fact in content.rejection_facts():
        st.markdown(f"- {fact['text']}  \n  :gray[{fact['source']}]")
