"""Stage 4 · Grow: skills to build (current → target), a practice log, and an interview story bank."""

import streamlit as st

from components import grow as ui
from components import shell
from components.cards import show_deleted
from rebound import grow, i18n
from rebound.i18n import N_, _
from rebound.insights import patterns

app = shell(N_("Grow"), icon=":material/trending_up:")
ws, today, token = app.ws, app.today, app.token

index = ui.journal_index(ws.id, ws.revision, ws)


def fp(section: str) -> tuple:
    return tuple(index[name] for name in grow.SECTIONS[section])


view = ui.skills_part(ws.id, fp("skills"), ws)
skills, summary = view["skills"], view["summary"]
stories = ui.stories_part(ws.id, fp("stories"), ws)
recurring = grow.uncovered(ui.themes_part(ws.id, fp("themes"), today.isoformat(), i18n.current_locale(), ws), skills)
theme_choices = patterns.theme_options(sorted(patterns.used_themes(skills.values(), stories)))

st.title(_("Keep building skills"))
st.write(
    _(
        "The weeks between interviews are a good time to get better at something that matters for the next one. "
        "Pick a skill, say where you are and where you want to be, and log small practice sessions. "
        "Programmes that help people back into work combine skills like these with goals and support."
    )
)
st.caption(_("Source: a 2014 meta-analysis of 47 job-search interventions (Psychological Bulletin)."))
show_deleted()

ui.recurring(recurring, today)
ui.skill_form(ws, today, theme_choices)

ui.skills_overview(summary)
if skills:
    if st.session_state.get("grow_skill") not in skills:
        st.session_state["grow_skill"] = summary[0]["id"]
    names = {sid: s["name"] for sid, s in skills.items()}
    skill_id = st.selectbox(
        _("Open a skill"),
        [row["id"] for row in summary],
        format_func=names.get,
        key="grow_skill",
        placeholder=_("Choose…"),
    )
    ui.skill_card(ws, skills[skill_id])
    ui.practice(ws, today, token, skills[skill_id], ui.practice_part(ws.id, fp("skills"), skill_id, ws))

ui.story_form(ws, today, skills, theme_choices)
ui.stories_list(ws, today, stories, skills)
