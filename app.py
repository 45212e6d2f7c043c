"""Rebound · Home: where you are on the journey, what is due, and each rejection's debrief."""

import streamlit as st

from components import shell, workshop_share
from components.data import tables_revision
from components.nav import available, link_params, page_link
from rebound import debrief, i18n, journal
from rebound.applications import day, stage_label
from rebound.due import due_items
from rebound.i18n import _, ngettext
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
def home_view(ws_id: str, revision: str, today, locale: str, _ws) -> dict:
    """What Home shows, worked out once per change of the tables it reads (the journal passed unhashed).

    Keyed by the locale too: the due items are sentences in the person's language."""
    tables = {name: _ws.all(name) for name in HOME_TABLES}
    rejections = journal.sorted_by(tables["rejections"], "rejected_on")
    return {
        "n_rejections": len(rejections),
        "recent": [(rej, debrief.checklist(rej["id"], tables)) for rej in rejections[:10]],
        "due": due_items(tables, today),
        "latest_win": journal.sorted_by(tables["wins"], "date")[0] if tables["wins"] else None,
    }


view = home_view(ws.id, tables_revision(ws, *HOME_TABLES), today, i18n.current_locale(), ws)
sizes = {name: ws.count(name) for stage in debrief.STAGES for name in stage.tables}

st.title("Rebound")
st.write(_("For the weeks after a job says no. Go at your own pace: one small step counts."))

# --- Workshop (only after joining one): which, the privacy line, the share choice ----------
workshop_share.home_notice(app)

# --- Welcome (empty journal) ---------------------------------------------------
if not view["n_rejections"]:
    st.header(_("Welcome. You are in the right place."))
    st.write(
        _(
            "Not getting the job is one of the most common parts of looking for work, and it still hurts. "
            "Rebound walks you through four stages: understand what happened, reflect on it, reframe it, "
            "and take your next steps. Your notes stay private to you."
        )
    )
    page_link("pages/1_Understand.py", _("Log your first rejection"), token, icon=":material/arrow_forward:")

# --- The four-stage map ------------------------------------------------------------
st.header(_("Your journey"))
current = debrief.current_stage(sizes)
for col, (stage, started) in zip(st.columns(4), debrief.stage_progress(sizes), strict=True):
    with col, st.container(border=True):
        mark = _("✓ under way") if started else (_("← start here") if stage == current else _("not yet"))
        st.markdown(f"**{stage.number} · {_(stage.name)}**  \n{_(stage.what)}  \n:gray[{mark}]")
        if available(stage.page):
            page_link(stage.page, _("Open"), token, icon=":material/arrow_forward:")
        else:
            st.caption(_("Coming soon"))

# --- Due today ------------------------------------------------------------------------
DUE_SHOWN = 8  # a short list is kinder than a wall of overdue items
if view["due"]:
    st.header(_("Due today"))
    for item in view["due"][:DUE_SHOWN]:
        st.markdown(f"- {md_escape(item.text)} :gray[{_('(due {when})', when=day(item.when))}]")
    if len(view["due"]) > DUE_SHOWN:
        more = len(view["due"]) - DUE_SHOWN
        st.caption(
            ngettext(
                "And {n} more. No rush: pick one, and the rest can wait.",
                "And {n} more. No rush: pick one, and the rest can wait.",
                more,
            )
        )

# --- Debrief checklists -----------------------------------------------------------------
if view["n_rejections"]:
    st.header(_("Debrief each rejection"))
    st.caption(_("Seven small steps that turn a no into something you can use. Do them in any order, at your pace."))
    for rej, done in view["recent"]:
        n_done = sum(done.values())
        label = f"{rej['company']} · {rej['role']}"
        stage = stage_label(rej["stage"], ghosted=bool(rej.get("ghosted")))
        steps = ngettext("{done} of {n} step", "{done} of {n} steps", len(done), done=n_done)
        with st.expander(
            f"{md_escape(label)} — {md_escape(stage)} · {steps}",
            expanded=rej is view["recent"][0][0],
        ):
            for step, marked, page in debrief.STEPS:
                text = _(marked)
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
                    st.markdown(f":gray[:material/radio_button_unchecked: {_('{step} (coming soon)', step=text)}]")
    if view["n_rejections"] > 10:
        st.caption(
            ngettext("Showing the 10 most recent of {n}.", "Showing the 10 most recent of {n}.", view["n_rejections"])
        )

# --- Latest win ---------------------------------------------------------------------------
if latest := view["latest_win"]:
    st.success(
        _("Your latest win ({date}): {win}", date=day(latest["date"]), win=md_escape(latest["text"])),
        icon=":material/star:",
    )
