"""Reflect's patterns across rejections: recurring themes, ratings over time, how far applications got."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import forms
from components.charts import show as show_chart
from rebound import journal
from rebound.charts import patterns as charts
from rebound.insights import patterns
from rebound.models import STAGE_LABELS, Invalid
from rebound.storage import Workspace
from rebound.text import md_escape


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def pattern_frames(ws_id: str, revision: str, today_iso: str, _tables: dict) -> dict:
    """Derived frames for this journal revision (cached per session, keyed by revision)."""
    events = patterns.theme_events(
        _tables["reflections"], _tables["feedback_requests"], _tables["support_log"], _tables["rejections"]
    )
    table = patterns.theme_table(events, dt.date.fromisoformat(today_iso))
    long = patterns.ratings_long(_tables["reflections"], _tables["rejections"])
    return {
        "table": table,
        "summary": patterns.summary(table, events, _tables["rejections"], dt.date.fromisoformat(today_iso)),
        "ratings": patterns.ratings_over_time(long),
        "ratings_summary": patterns.ratings_summary(long),
        "stages": patterns.stage_counts(_tables["rejections"]),
        "by_channel": patterns.stage_by(_tables["rejections"], "channel"),
        "by_source": patterns.stage_by(_tables["rejections"], "source"),
    }


SKILL = "skill_from_theme"


def make_skill(ws: Workspace, today: dt.date, theme: str) -> None:
    if patterns.skill_for(ws.all("skills"), theme):
        return
    try:
        journal.save(ws, "skills", patterns.skill_from_theme(theme), today)
    except Invalid:
        st.session_state["_skill_error"] = "That theme could not be turned into a skill. Please try another."
        return
    forms.flash(SKILL, f"Added “{md_escape(patterns.theme_label(theme))}” to your skills to build.")


def patterns_section(ws: Workspace, today: dt.date, tables: dict[str, list[dict]], skills: list[dict]) -> None:
    """The whole "Patterns across your rejections" part of the page."""
    rejections = tables["rejections"]
    frames = pattern_frames(ws.id, str(ws.revision), today.isoformat(), tables)

    st.header("Patterns across your rejections", anchor="patterns")
    st.write(
        "One rejection tells you little. Several, side by side, can show what keeps coming up: in your own "
        "reflections, in feedback, and in what people who know you have said."
    )
    forms.show_flash(SKILL)
    if skill_error := st.session_state.pop("_skill_error", None):
        st.error(skill_error, icon=":material/error:")

    table = frames["table"]
    st.subheader("Recurring themes")
    if table.empty:
        st.info(
            "No themes yet. Tag a reflection with a theme or two (for example ‘System design’ or ‘Confidence’), "
            "or log feedback with themes on Follow up, and the patterns will show here.",
            icon=":material/insights:",
        )
    else:
        for line in frames["summary"]:
            st.markdown(md_escape(line))
        show_chart(charts.themes_bar(table), key="themes_chart")
        with st.expander("See the themes as a table"):
            st.dataframe(
                table.assign(
                    first_seen=table["first_seen"].dt.strftime("%Y-%m-%d"),
                    last_seen=table["last_seen"].dt.strftime("%Y-%m-%d"),
                ).rename(
                    columns={
                        "label": "Theme",
                        "mentions": "Times",
                        "reflection": "Reflections",
                        "feedback": "Feedback",
                        "mentor": "Conversations",
                        "rejections": "Rejections",
                        "first_seen": "First seen",
                        "last_seen": "Last seen",
                        "recent": "Recently",
                        "earlier": "Before that",
                        "trend": "Trend",
                    }
                ),
                hide_index=True,
                column_order=[
                    "Theme",
                    "Times",
                    "Reflections",
                    "Feedback",
                    "Conversations",
                    "Last seen",
                    "Trend",
                    "First seen",
                ],
                key="themes_table",
            )
        again = patterns.recurring(table).head(8)
        if again.empty:
            st.caption("When a theme comes up twice or more, you can turn it into a skill to build from here.")
        else:
            st.markdown("**Turn a recurring theme into a skill to build**")
            for row in again.itertuples():
                name_col, action_col = st.columns([3, 2], vertical_alignment="center")
                name_col.markdown(f"{md_escape(row.label)} :gray[· {row.mentions} times · {row.trend}]")
                with action_col:
                    if patterns.skill_for(skills, row.theme):
                        st.markdown(":green[:material/check_circle: In your skills]")
                    else:
                        st.button(
                            "Turn into a skill",
                            key=f"skill_{row.theme}",
                            icon=":material/trending_up:",
                            on_click=make_skill,
                            args=(ws, today, row.theme),
                        )

    st.subheader("Your ratings over time")
    rating_frame = frames["ratings"]
    if rating_frame.empty:
        st.info(
            "Rate a few areas in your reflections and you will see how they move over time.",
            icon=":material/show_chart:",
        )
    else:
        for line in patterns.ratings_sentences(frames["ratings_summary"]):
            st.markdown(md_escape(line))
        show_chart(charts.ratings_lines(rating_frame), key="ratings_chart")
        with st.expander("See the ratings as a table"):
            st.dataframe(
                frames["ratings_summary"].rename(
                    columns={
                        "label": "Area",
                        "n": "Times rated",
                        "mean": "Average",
                        "first": "First",
                        "latest": "Latest",
                        "change": "Change",
                    }
                ),
                hide_index=True,
                column_order=["Area", "Times rated", "Average", "First", "Latest", "Change"],
                key="ratings_table",
            )

    st.subheader("How far your applications got")
    stages = frames["stages"]
    if not rejections:
        st.info("Once you log rejections, this shows the stage each one reached.", icon=":material/bar_chart:")
    else:
        st.markdown(md_escape(patterns.stage_sentence(stages)))
        show_chart(charts.stage_bar(stages), key="stage_chart")
        by = st.radio(
            "Break it down by",
            ["channel", "source"],
            format_func={"channel": "How you applied", "source": "Where you found it"}.get,
            horizontal=True,
            key="refl_stage_by",
        )
        by_label = {"channel": "How you applied", "source": "Where you found it"}[by]
        breakdown = frames["by_channel"] if by == "channel" else frames["by_source"]
        show_chart(charts.stage_by_bar(breakdown, by_label), key="stage_by_chart")
        with st.expander("See the stages as a table"):
            st.dataframe(
                breakdown.rename(columns=STAGE_LABELS).rename_axis(by_label).reset_index(),
                hide_index=True,
                key="stage_table",
            )
            st.dataframe(
                stages.rename(columns={"label": "Stage reached", "count": "Rejections"})[
                    ["Stage reached", "Rejections"]
                ],
                hide_index=True,
                key="stage_count_table",
            )
