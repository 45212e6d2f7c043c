"""Rebound · Home: where you are on the journey, what is due, and each rejection's debrief."""

import streamlit as st

from components import shell, workshop_share
from components.data import tables_revision
from components.nav import available, link_params, page_link
from rebound import debrief, journal
from rebound.due import due_items
from rebound.models import STAGE_LABELS
from rebound.text import md_escape

app = shell("Home", icon=":material/spa:")
ws, today, token = app.ws, app.today, app.token
HOME_TABLES = (
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


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def home_view(ws_id: str, revision: str, day, _ws) -> dict:
    """What Home shows, worked out once per change of the tables it reads (the journal passed unhashed)."""
    tables = {name: _ws.all(name) for name in HOME_TABLES}
    rejections = journal.sorted_by(tables["rejections"], "rejected_on")
    return {
        "n_rejections": len(rejections),
        "recent": [(rej, debrief.checklist(rej["id"], tables)) for rej in rejections[:10]],
        "due": due_items(tables, day),
        "latest_win": journal.sorted_by(tables["wins"], "date")[0] if tables["wins"] else None,
    }


view = home_view(ws.id, tables_revision(ws, *HOME_TABLES), today, ws)
sizes = {name: ws.count(name) for stage in debrief.STAGES for name in stage.tables}

st.title("Rebound")
st.write("For the weeks after a job says no. Go at your own pace: one small step counts.")

# --- Workshop (only after joining one): which, the privacy line, the share choice ----------
workshop_share.home_notice(app)

# --- Welcome (empty journal) ---------------------------------------------------
if not view["n_rejections"]:
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
DUE_SHOWN = 8  # a short list is kinder than a wall of overdue items
if view["due"]:
    st.header("Due today")
    for item in view["due"][:DUE_SHOWN]:
        st.markdown(f"- {md_escape(item.text)} :gray[(due {item.when})]")
    if len(view["due"]) > DUE_SHOWN:
        st.caption(f"And {len(view['due']) - DUE_SHOWN} more. No rush: pick one, and the rest can wait.")

# --- Debrief checklists -----------------------------------------------------------------
if view["n_rejections"]:
    st.header("Debrief each rejection")
    st.caption("Seven small steps that turn a no into something you can use. Do them in any order, at your pace.")
    for rej, done in view["recent"]:
        n_done = sum(done.values())
        label = f"{rej['company']} · {rej['role']}"
        stage = "No answer" if rej.get("ghosted") else STAGE_LABELS.get(rej["stage"], rej["stage"])
        with st.expander(
            f"{md_escape(label)} — {md_escape(stage)} · {n_done} of {len(done)} steps",
            expanded=rej is view["recent"][0][0],
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
    if view["n_rejections"] > 10:
        st.caption(f"Showing the 10 most recent of {view['n_rejections']}.")

# --- Latest win ---------------------------------------------------------------------------
if latest := view["latest_win"]:
    st.success(f"Your latest win ({latest['date']}): {md_escape(latest['text'])}", icon=":material/star:")
