"""Reflect's patterns across rejections: recurring themes, ratings over time, how far applications got."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import forms
from components.charts import figure as cached_figure
from components.charts import show as show_chart
from components.charts import table_expander
from rebound import i18n, journal
from rebound.charts import patterns as charts
from rebound.i18n import N_, _, ngettext
from rebound.insights import patterns
from rebound.models import STAGE_LABELS, Invalid
from rebound.storage import Workspace
from rebound.text import md_escape


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def pattern_frames(ws_id: str, revision: str, today_iso: str, language: str, _tables: dict) -> dict:
    """Derived frames for this journal revision (cached per session, keyed by revision and language:
    the frames carry labels)."""
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
BY_LABELS = {"channel": N_("How you applied"), "source": N_("Where you found it")}
TRENDS = {  # a theme's trend: more lately, less lately, as before, none lately
    "growing": N_("growing"),
    "fading": N_("fading"),
    "steady": N_("steady"),
    "quiet": N_("quiet"),
}


def trend_label(trend: str) -> str:
    return _(TRENDS[trend]) if trend in TRENDS else trend


def make_skill(ws: Workspace, today: dt.date, theme: str) -> None:
    if patterns.skill_for(ws.all("skills"), theme):
        return
    try:
        journal.save(ws, "skills", patterns.skill_from_theme(theme), today)
    except Invalid:
        st.session_state["_skill_error"] = _("That theme could not be turned into a skill. Please try another.")
        return
    forms.flash(SKILL, _("Added “{theme}” to your skills to build.", theme=md_escape(patterns.theme_label(theme))))


def patterns_section(ws: Workspace, today: dt.date, tables: dict[str, list[dict]], skills: list[dict]) -> None:
    """The whole "Patterns across your rejections" part of the page."""
    rejections = tables["rejections"]
    revision, today_iso = str(ws.revision), today.isoformat()
    language = i18n.current()
    frames = pattern_frames(ws.id, revision, today_iso, language, tables)
    stage_names = {stage: _(label) for stage, label in STAGE_LABELS.items()}

    st.header(_("Patterns across your rejections"), anchor="patterns")
    st.write(
        _(
            "One rejection tells you little. Several, side by side, can show what keeps coming up: in your own "
            "reflections, in feedback, and in what people who know you have said."
        )
    )
    forms.show_flash(SKILL)
    if skill_error := st.session_state.pop("_skill_error", None):
        st.error(skill_error, icon=":material/error:")

    table = frames["table"]
    st.subheader(_("Recurring themes"))
    if table.empty:
        st.info(
            _(
                "No themes yet. Tag a reflection with a theme or two (for example ‘System design’ or ‘Confidence’), "
                "or log feedback with themes on Follow up, and the patterns will show here."
            ),
            icon=":material/insights:",
        )
    else:
        for line in frames["summary"]:
            st.markdown(md_escape(line))
        show_chart(
            cached_figure(ws.id, (revision, today_iso, language, "themes"), lambda: charts.themes_bar(table)),
            key="themes_chart",
        )
        with table_expander(_("See the themes as a table"), key="themes_table_open") as is_open:
            if is_open:
                columns = {
                    "label": _("Theme"),
                    "mentions": _("Times"),
                    "reflection": _("Reflections"),
                    "feedback": _("Feedback"),
                    "mentor": _("Conversations"),
                    "rejections": _("Rejections"),
                    "first_seen": _("First seen"),
                    "last_seen": _("Last seen"),
                    "recent": _("Recently"),
                    "earlier": _("Before that"),
                    "trend": _("Trend"),
                }
                st.dataframe(
                    table.assign(
                        first_seen=table["first_seen"].dt.date,  # date columns: sortable, in ISO order
                        last_seen=table["last_seen"].dt.date,
                        trend=table["trend"].map(trend_label),
                    ).rename(columns=columns),
                    hide_index=True,
                    column_order=[
                        columns[c]
                        for c in (
                            "label",
                            "mentions",
                            "reflection",
                            "feedback",
                            "mentor",
                            "last_seen",
                            "trend",
                            "first_seen",
                        )
                    ],
                    key="themes_table",
                )
        again = patterns.recurring(table).head(8)
        if again.empty:
            st.caption(_("When a theme comes up twice or more, you can turn it into a skill to build from here."))
        else:
            st.markdown(_("**Turn a recurring theme into a skill to build**"))
            for row in again.itertuples():
                name_col, action_col = st.columns([3, 2], vertical_alignment="center")
                times = ngettext("{n} time", "{n} times", int(row.mentions))
                name_col.markdown(f"{md_escape(row.label)} :gray[· {times} · {trend_label(row.trend)}]")
                with action_col:
                    if patterns.skill_for(skills, row.theme):
                        st.markdown(":green[:material/check_circle: " + _("In your skills") + "]")
                    else:
                        st.button(
                            _("Turn into a skill"),
                            key=f"skill_{row.theme}",
                            icon=":material/trending_up:",
                            on_click=make_skill,
                            args=(ws, today, row.theme),
                        )

    st.subheader(_("Your ratings over time"))
    rating_frame = frames["ratings"]
    if rating_frame.empty:
        st.info(
            _("Rate a few areas in your reflections and you will see how they move over time."),
            icon=":material/show_chart:",
        )
    else:
        for line in patterns.ratings_sentences(frames["ratings_summary"]):
            st.markdown(md_escape(line))
        show_chart(
            cached_figure(
                ws.id, (revision, today_iso, language, "ratings"), lambda: charts.ratings_lines(rating_frame)
            ),
            key="ratings_chart",
        )
        with table_expander(_("See the ratings as a table"), key="ratings_table_open") as is_open:
            if is_open:
                columns = {
                    "label": _("Area"),
                    "n": _("Times rated"),
                    "mean": _("Average"),
                    "first": _("First"),
                    "latest": _("Latest"),
                    "change": _("Change"),
                }
                st.dataframe(
                    frames["ratings_summary"].rename(columns=columns),
                    hide_index=True,
                    column_order=list(columns.values()),
                    key="ratings_table",
                )

    st.subheader(_("How far your applications got"))
    stages = frames["stages"]
    stages = stages.assign(label=[stage_names.get(s, s) for s in stages["stage"]])
    if not rejections:
        st.info(_("Once you log rejections, this shows the stage each one reached."), icon=":material/bar_chart:")
    else:
        st.markdown(md_escape(patterns.stage_sentence(stages)))
        show_chart(
            cached_figure(ws.id, (revision, today_iso, language, "stages"), lambda: charts.stage_bar(stages)),
            key="stage_chart",
        )
        by_labels = {code: _(label) for code, label in BY_LABELS.items()}
        by = st.radio(
            _("Break it down by"),
            list(by_labels),
            format_func=by_labels.get,
            horizontal=True,
            key="refl_stage_by",
        )
        by_label = by_labels[by]
        breakdown = frames["by_channel"] if by == "channel" else frames["by_source"]
        show_chart(
            cached_figure(
                ws.id, (revision, today_iso, language, "stage_by", by), lambda: charts.stage_by_bar(breakdown, by_label)
            ),
            key="stage_by_chart",
        )
        with table_expander(_("See the stages as a table"), key="stage_table_open") as is_open:
            if is_open:
                st.dataframe(
                    breakdown.rename(columns=stage_names).rename_axis(by_label).reset_index(),
                    hide_index=True,
                    key="stage_table",
                )
                reached, count = _("Stage reached"), _("Rejections")
                st.dataframe(
                    stages.rename(columns={"label": reached, "count": count})[[reached, count]],
                    hide_index=True,
                    key="stage_count_table",
                )
