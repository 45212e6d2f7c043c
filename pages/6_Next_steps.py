"""Stage 4 · Next steps: direction, a weekly rhythm of effort, if-then plans, staying connected, wins."""

import streamlit as st

from components import next_steps as ui
from components import shell
from components.cards import show_deleted
from rebound import i18n, journal
from rebound.i18n import N_, _
from rebound.insights import effort
from rebound.text import md_escape

app = shell(N_("Next steps"), icon=":material/directions_walk:")
ws, today = app.ws, app.today

st.title(_("Keep moving forward"))
st.write(
    _(
        "A steady weekly rhythm beats bursts of effort. Set goals for what you do, not for what others decide, "
        "notice what you kept up, and let rest be part of the plan."
    )
)
show_deleted()

profile = journal.profile(ws)
goals = effort.clean_goals(profile.get("weekly_goals"))
rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
rejection_names = {
    r["id"]: _("{company} · {role} ({day})", company=r["company"], role=r["role"], day=ui.day_text(r["rejected_on"]))
    for r in rejections
}

# Direction stays in view wherever decisions are made on this page.
if profile.get("long_term_goal"):
    st.info(
        _("**Where you are heading:** {goal}", goal=md_escape(profile["long_term_goal"])), icon=":material/explore:"
    )


def wins_and_actions() -> None:
    ui.wins(ws, today)
    ui.next_actions(ws, today, rejection_names)


# Only the open tab runs: a long journal's lists do not slow the others down.
TABS = {
    N_("Direction & goals"): lambda: ui.direction(ws, today, profile, goals),
    # Effort numbers over every activity: worked out only on the tabs that show them.
    N_("This week"): lambda: ui.this_week(ws, today, ui.numbers_for(ws, today, goals, rejections), goals),
    N_("If-then plans"): lambda: ui.plans(ws, today),
    N_("Stay connected"): lambda: ui.stay_connected(ws, today),
    N_("Wins & next steps"): wins_and_actions,
    N_("Monthly review"): lambda: ui.monthly_review(
        ws, today, ui.numbers_for(ws, today, goals, rejections), rejections
    ),
}
# The open tab is kept by its shown label: after a language switch, the same tab in the new language.
labels = [_(label) for label in TABS]
open_tab = st.session_state.get("next_tab")
if open_tab and open_tab not in labels:
    for language in (*i18n.languages(), i18n.PSEUDO):
        with i18n.use(language):
            before = [_(label) for label in TABS]
        if open_tab in before:
            st.session_state["next_tab"] = labels[before.index(open_tab)]
            break
tabs = st.tabs(labels, key="next_tab", on_change="rerun")
for tab, draw in zip(tabs, TABS.values(), strict=True):
    if tab.open:
        with tab:
            draw()
