"""Rebound · Home: where you are on the journey, what is due, and each rejection's debrief."""

import streamlit as st

from components import shell
from components.nav import available, link_params, page_link
from rebound import debrief, journal
from rebound.due import due_items
from rebound.models import STAGE_LABELS
from rebound.text import md_escape

app = shell("Home", icon=":material/spa:")
ws, today, token = app.ws, app.today, app.token
# Only what Home shows in full is read; the stage map needs just the sizes.
tables = {
    name: ws.all(name)
    for name in (
        "rejections",
        "checkins",
        "reflections",
        "feedback_requests",
        "thank_you_notes",
        "reframes",
        "actions",
        "wins",
        "connections",
    )
}
sizes = {name: ws.count(name) for stage in debrief.STAGES for name in stage.tables}

st.title("Rebound")
st.write("For the weeks after a job says no. Go at your own pace: one small step counts.")

# --- Welcome (empty journal) ---------------------------------------------------
if not tables["rejections"]:
    st.header("Welcome. You are in the right place.")
    st.write(
        "Not getting the job is one of the most common parts of looking for work, and it still hurts. "
        "Rebound walks you through four stages: understand what happened, reflect on it, reframe it, "
        "and take your next steps. Your notes stay private to you."
    )
    page_link("pages/1_Understand.py", "Log your first rejection", token, icon=":material/arrow_forward:")

# --- The four-stage map ------------------------------------------------------------
st.header("Your journey")
current = debrief.current_stage(sizes)
for col, (stage, started) in zip(st.columns(4), debrief.stage_progress(sizes), strict=True):
    with col, st.container(border=True):
        mark = "✓ under way" if started else ("← start here" if stage == current else "not yet")
        st.markdown(f"**{stage.number} · {stage.name}**  \n{stage.what}  \n:gray[{mark}]")
        if available(stage.page):
            page_link(stage.page, "Open", token, icon=":material/arrow_forward:")
        else:
            st.caption("Coming soon")

# --- Due today ------------------------------------------------------------------------
due = due_items(tables, today)
if due:
    st.header("Due today")
    for item in due:
        st.markdown(f"- {md_escape(item.text)} :gray[(due {item.when})]")

# --- Debrief checklists -----------------------------------------------------------------
if tables["rejections"]:
    st.header("Debrief each rejection")
    st.caption("Seven small steps that turn a no into something you can use. Do them in any order, at your pace.")
    rejections = journal.sorted_by(tables["rejections"], "rejected_on")
    for rej in rejections[:10]:
        done = debrief.checklist(rej["id"], tables)
        n_done = sum(done.values())
        label = f"{rej['company']} · {rej['role']}"
        with st.expander(
            f"{md_escape(label)} — {STAGE_LABELS.get(rej['stage'], rej['stage'])} · {n_done} of {len(done)} steps",
            expanded=rej is rejections[0],
        ):
            for step, text, page in debrief.STEPS:
                if done[step]:
                    st.markdown(f":green[:material/check_circle:] {text}")
                elif available(page):
                    # A button, not a link: the next page opens on this rejection.
                    if st.button(
                        text, key=f"step_{step}_{rej['id']}", icon=":material/radio_button_unchecked:", type="tertiary"
                    ):
                        st.session_state["_focus_rejection"] = rej["id"]
                        st.switch_page(page, query_params=link_params(token))
                else:
                    st.markdown(f":gray[:material/radio_button_unchecked: {text} (coming soon)]")
    if len(rejections) > 10:
        st.caption(f"Showing the 10 most recent of {len(rejections)}.")

# --- Latest win ---------------------------------------------------------------------------
if tables["wins"]:
    latest = journal.sorted_by(tables["wins"], "date")[0]
    st.success(f"Your latest win ({latest['date']}): {md_escape(latest['text'])}", icon=":material/star:")
