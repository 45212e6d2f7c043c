"""The Grow page's parts: themes to turn into skills, the skill plan and its practice log, the story bank.

The record forms are declared in ``rebound.specs.grow`` and drawn by ``components.forms``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from components import forms
from components.cards import delete_button, first_page, label_value, show_more
from components.nav import page_link
from rebound import grow, i18n, journal
from rebound.forms_spec import EARLIEST, LATEST
from rebound.i18n import N_, _, ngettext, pgettext
from rebound.insights import patterns
from rebound.insights.progress import fingerprints
from rebound.models import Invalid
from rebound.specs.grow import PRACTICE, SKILL, STORY
from rebound.storage import Workspace
from rebound.text import md_escape

FROM_THEME = "_skill_from_theme"  # the recurring theme the skill form was started from
LOG_FOR = "_grow_log_for"  # the skill the practice form was last set up for
LEVEL_MSG = "_grow_level_msg"
STORY_PARTS = (
    ("situation", lambda: _("Situation")),
    ("task", lambda: _("Task")),
    ("action", lambda: pgettext("interview story", "Action")),  # the STAR story's part, not a next step
    ("result", lambda: _("Result")),
)


def _day(iso: object) -> str:
    """A stored ISO date as the person's locale writes it ("" when there is none)."""
    if not iso:
        return ""
    try:
        return i18n.format_date(dt.date.fromisoformat(str(iso)))
    except ValueError:
        return str(iso)


# --- what the page reads, cached per section (saving a practice session leaves the themes alone) ----------


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def journal_index(ws_id: str, revision: str, _ws) -> dict:
    """Per revision: a content hash of each table the page uses (records read here, never hashed)."""
    return fingerprints({name: _ws.all(name) for names in grow.SECTIONS.values() for name in names})


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def skills_part(ws_id: str, fp: tuple, _ws) -> dict:
    return grow.skills_view(_ws.all("skills"), _ws.all("skill_logs"))


@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def practice_part(ws_id: str, fp: tuple, skill_id: str, _ws) -> list:
    return grow.practice_log(_ws.all("skill_logs"), skill_id)


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def stories_part(ws_id: str, fp: tuple, _ws) -> list:
    return journal.sorted_by(_ws.all("interview_stories"), "last_rehearsed_on")


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def themes_part(ws_id: str, fp: tuple, today_iso: str, locale: str, _ws) -> list:
    """The recurring themes, kept per ``locale`` (their labels are in the page's language)."""
    tables = {name: _ws.all(name) for name in grow.SECTIONS["themes"]}
    return grow.recurring_themes(tables, dt.date.fromisoformat(today_iso))


def _clean_themes(record: dict[str, Any]) -> dict[str, Any]:
    return record | {"themes": patterns.clean_themes(record.get("themes"))}


# --- themes that keep coming up ---------------------------------------------------------------------------


def _start_from_theme(theme: str, today: dt.date) -> None:
    forms.cancel(SKILL)  # leave any edit: this is a new skill
    forms.prefill(SKILL, SKILL.fresh(today) | grow.skill_from_theme(theme, {theme: patterns.theme_label(theme)}))
    st.session_state[FROM_THEME] = theme


def _start_blank() -> None:
    forms.cancel(SKILL)
    st.session_state.pop(FROM_THEME, None)


def recurring(themes: list, today: dt.date) -> None:
    if not themes:
        return
    st.header(_("Themes that keep coming up"))
    st.write(
        _(
            "These themes appear again and again in your reflections, feedback and conversations, "
            "and no skill covers them yet. Turning one into a skill gives it a plan."
        )
    )
    for theme, label, mentions in themes:
        text_col, button_col = st.columns([3, 1], vertical_alignment="center")
        text_col.markdown(
            ngettext(
                "**{theme}** · came up {n} time", "**{theme}** · came up {n} times", mentions, theme=md_escape(label)
            )
        )
        button_col.button(
            _("Make it a skill"),
            key=f"theme_skill_{theme}",
            icon=":material/add:",
            on_click=_start_from_theme,
            args=(theme, today),
        )


# --- plan a skill -----------------------------------------------------------------------------------------


def skill_form(ws: Workspace, today: dt.date, theme_choices: list[str]) -> None:
    editing = forms.editing(SKILL)
    st.header(_("Edit this skill") if editing else _("Plan a skill"), anchor="plan")
    theme = None if editing else st.session_state.get(FROM_THEME)
    if theme:
        st.info(
            _("Started from the recurring theme “{theme}”.", theme=md_escape(patterns.theme_label(theme))),
            icon=":material/link:",
        )
        st.button(_("Start blank instead"), key="skill_blank", on_click=_start_blank)

    def saved(rid: str, _record: dict) -> None:
        st.session_state["grow_skill"] = rid
        st.session_state.pop(FROM_THEME, None)

    forms.render(
        SKILL,
        ws,
        today,
        choices={"themes": {t: patterns.theme_label(t) for t in theme_choices}},
        fixed={"from_theme": theme} if theme else None,
        prepare=_clean_themes,
        on_saved=saved,
        save=lambda ws, _table, record, today, **kw: grow.save_skill(ws, record, today, **kw),
    )


def skills_overview(summary: list[dict]) -> None:
    st.header(_("Your skills"))
    if not summary:
        st.info(
            _(
                "No skills yet. Think of one thing a recent interview or piece of feedback pointed to, "
                "and plan it above. Small and specific works best."
            ),
            icon=":material/school:",
        )
        return
    rows = [
        {k: v for k, v in row.items() if k != "id"}
        | {"Category": grow.category_label(row["Category"]), "Last practised": _day(row["Last practised"])}
        for row in summary
    ]
    st.dataframe(
        rows,
        hide_index=True,
        key="grow_skills_table",
        column_config={
            "Skill": _("Skill"),
            "Category": _("Category"),
            "Level": st.column_config.NumberColumn(_("Level"), format="%d / 5"),
            "Target": st.column_config.NumberColumn(_("Target"), format="%d / 5"),
            "Sessions": _("Sessions"),
            "Minutes": _("Minutes"),
            "Last practised": _("Last practised"),
        },
    )


def skill_card(ws: Workspace, skill: dict) -> None:
    with st.container(border=True):
        st.subheader(md_escape(skill["name"]), anchor=False)
        level, target = skill["level"], skill["target_level"]
        st.progress(
            min(level / target, 1.0) if target else 1.0,
            text=_("Now {level} · aiming for {target}", level=grow.level_label(level), target=grow.level_label(target))
            + (" · " + _("target reached 🎉") if level >= target else ""),
        )
        if skill.get("from_theme"):
            theme = md_escape(patterns.theme_label(skill["from_theme"]))
            st.caption(_("Came from the recurring theme “{theme}”.", theme=theme))
        label_value(_("Category"), grow.category_label(skill.get("category")))
        label_value(_("How"), grow.plan_label(skill.get("plan_kind")))
        label_value(_("Plan"), skill.get("plan"))
        label_value(_("Themes"), ", ".join(patterns.theme_label(t) for t in skill.get("themes") or []))
        edit_col, delete_col = st.columns(2)
        with edit_col:
            st.button(
                _("Edit skill"),
                key=f"edit_skill_{skill['id']}",
                icon=":material/edit:",
                on_click=forms.start_editing,
                args=(SKILL, skill),
            )
        with delete_col:
            delete_button(ws, "skills", skill["id"], _("the skill {name}", name=skill["name"]))


# --- practice log -----------------------------------------------------------------------------------------


def _practice_fresh(ws: Workspace, skill_id: str, today: dt.date) -> None:
    """Set the practice form up for ``skill_id``: a fresh session starting at the skill's level now."""
    skill = ws.get("skills", skill_id) or {}
    forms.prefill(PRACTICE, PRACTICE.fresh(today) | {"level": skill.get("level") or 2})
    st.session_state[LOG_FOR] = skill_id


def _save_practice(ws, _table, record, today, **kw) -> str:
    rid, new_level = grow.log_practice(ws, record, today, **kw)
    if new_level is not None:
        st.session_state[LEVEL_MSG] = _("Current level is now {level}.", level=grow.level_label(new_level))
    return rid


def practice(ws: Workspace, today: dt.date, token: str, skill: dict, logs: list[dict]) -> None:
    skill_id = skill["id"]
    editing = forms.editing(PRACTICE)
    if editing and editing not in {r["id"] for r in logs}:
        forms.cancel(PRACTICE)  # another skill is open now: leave that skill's session alone
        editing = None
    if not editing and st.session_state.get(LOG_FOR) != skill_id:
        _practice_fresh(ws, skill_id, today)
    st.subheader(_("Edit this practice session") if editing else _("Log practice"), anchor=False)
    st.caption(
        _(
            "Saving a session also sets the skill's current level to the level after it, "
            "when it is your most recent session."
        )
    )
    level_msg = st.session_state.pop(LEVEL_MSG, None)
    if level_msg:
        st.success(level_msg, icon=":material/trending_up:")
    forms.render(
        PRACTICE,
        ws,
        today,
        fixed={"skill_id": skill_id},
        on_saved=lambda _rid, _record: _practice_fresh(ws, skill_id, today),
        save=_save_practice,
    )

    st.markdown(ngettext("**Practice log** · {n} session", "**Practice log** · {n} sessions", len(logs)))
    if not logs:
        st.caption(_("No sessions yet. Even 15 minutes is worth logging."))
    for log in first_page(logs, f"logs_{skill_id}"):
        day = _day(log["date"])
        with st.container(border=True):
            text_col, edit_col, delete_col = st.columns([4, 1, 1], vertical_alignment="center")
            if log.get("minutes"):
                line = _(
                    "**{day}** · level {level}, {minutes} min", day=day, level=log["level"], minutes=log["minutes"]
                )
            else:
                line = _("**{day}** · level {level}", day=day, level=log["level"])
            text_col.markdown(line)
            if log.get("note"):
                text_col.text(log["note"])
            edit_col.button(
                _("Edit"),
                key=f"edit_log_{log['id']}",
                icon=":material/edit:",
                on_click=forms.start_editing,
                args=(PRACTICE, log),
            )
            with delete_col:
                delete_button(ws, "skill_logs", log["id"], _("the practice session of {day}", day=day))
    show_more(logs, f"logs_{skill_id}")
    page_link("pages/8_Progress.py", _("See your skills over time"), token, icon=":material/insights:")


# --- interview story bank ---------------------------------------------------------------------------------


def story_form(ws: Workspace, today: dt.date, skills: dict, theme_choices: list[str]) -> None:
    st.header(_("Edit this story") if forms.editing(STORY) else _("Interview story bank"), anchor="stories")
    st.write(
        _(
            "Interviewers often ask for an example. Keep a few true stories ready, told in four parts: "
            "the situation, your task, what you did, and what came of it. Rehearse them out loud."
        )
    )
    forms.render(
        STORY,
        ws,
        today,
        choices={
            "themes": {t: patterns.theme_label(t) for t in theme_choices},
            "skill_id": {sid: s["name"] for sid, s in skills.items()},
        },
        prepare=_clean_themes,
        on_saved=lambda rid, _record: st.session_state.__setitem__("grow_story", rid),
        save=lambda ws, _table, record, today, **kw: grow.save_story(ws, record, today, **kw),
    )


RH = "rehearse"


def _rehearse(ws: Workspace, story_id: str, today: dt.date) -> None:
    values = forms.values(RH, ["minutes", "date"])
    try:
        grow.rehearse_story(ws, story_id, today, minutes=values["minutes"], on=values["date"])
    except Invalid as exc:
        st.session_state["_errors_rehearse"] = exc.errors
        return
    st.session_state.pop("_errors_rehearse", None)
    forms.clear(RH, ["minutes"])
    forms.flash(RH, N_("Nice. Logged as interview practice on Next steps, too."))


def rehearse(ws: Workspace, today: dt.date, story_id: str) -> None:
    forms.show_flash(RH)
    st.session_state.setdefault(forms.wkey(RH, "date"), today)
    left, mid, right = st.columns([1, 1, 1], vertical_alignment="bottom")
    with left:
        st.number_input(
            _("Minutes (optional)"), min_value=0, max_value=24 * 60, value=None, step=5, key=forms.wkey(RH, "minutes")
        )
        forms.field_error(RH, "minutes")
    with mid:
        # Wide bounds: a typed future date gets words from the model instead of being swapped for another.
        st.date_input(
            _("When"),
            min_value=EARLIEST,
            max_value=LATEST,
            format=i18n.date_input_format(),
            key=forms.wkey(RH, "date"),
        )
        forms.field_error(RH, "date")
    with right:
        st.button(
            _("I rehearsed this story"),
            key="rehearse_story",
            icon=":material/record_voice_over:",
            on_click=_rehearse,
            args=(ws, story_id, today),
        )


def stories_list(ws: Workspace, today: dt.date, stories: list[dict], skills: dict) -> None:
    if not stories:
        st.info(
            _("No stories yet. One good story about a problem you solved goes a long way."), icon=":material/forum:"
        )
        return
    by_id = {s["id"]: s for s in stories}
    st.dataframe(
        [
            {
                "Story": s["title"],
                "Skill": skills.get(s.get("skill_id") or "", {}).get("name", ""),
                "Themes": ", ".join(patterns.theme_label(t) for t in s.get("themes") or []),
                "Rehearsed": s.get("times_rehearsed") or 0,
                "Last rehearsed": _day(s.get("last_rehearsed_on")),
            }
            for s in stories
        ],
        hide_index=True,
        column_config={
            "Story": _("Story"),
            "Skill": _("Skill"),
            "Themes": _("Themes"),
            "Rehearsed": _("Times rehearsed"),
            "Last rehearsed": _("Last rehearsed"),
        },
        key="grow_stories_table",
    )
    if st.session_state.get("grow_story") not in by_id:
        st.session_state["grow_story"] = stories[0]["id"]
    titles = {sid: s["title"] for sid, s in by_id.items()}
    story_id = st.selectbox(
        _("Open a story"), list(by_id), format_func=titles.get, key="grow_story", placeholder=_("Choose…")
    )
    story = by_id[story_id]
    with st.container(border=True):
        st.subheader(md_escape(story["title"]), anchor=False)
        for field, label in STORY_PARTS:
            label_value(label(), story.get(field))
        label_value(_("Themes"), ", ".join(patterns.theme_label(t) for t in story.get("themes") or []))
        if story.get("skill_id") in skills:
            label_value(_("Skill"), skills[story["skill_id"]]["name"])
        times = story.get("times_rehearsed") or 0
        if story.get("last_rehearsed_on"):
            rehearsed = ngettext(
                "Rehearsed {n} time, last on {day}.",
                "Rehearsed {n} times, last on {day}.",
                times,
                day=_day(story["last_rehearsed_on"]),
            )
        else:
            rehearsed = ngettext("Rehearsed {n} time.", "Rehearsed {n} times.", times)
        st.caption(rehearsed)
        rehearse(ws, today, story_id)
        edit_col, delete_col = st.columns(2)
        with edit_col:
            st.button(
                _("Edit story"),
                key=f"edit_story_{story_id}",
                icon=":material/edit:",
                on_click=forms.start_editing,
                args=(STORY, story),
            )
        with delete_col:
            delete_button(ws, "interview_stories", story_id, _("the story {title}", title=story["title"]))
