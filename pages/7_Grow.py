"""Stage 4 · Grow: skills to build (current → target), a practice log, and an interview story bank."""

import datetime as dt

import streamlit as st

from components import forms, shell
from components.cards import delete_button, first_page, label_value, show_deleted, show_more
from components.nav import page_link
from rebound import grow, journal
from rebound.insights import patterns
from rebound.insights.progress import fingerprints
from rebound.models import NAME, NOTE, PLAN_KINDS, Invalid
from rebound.text import md_escape

app = shell("Grow", icon=":material/trending_up:")
ws, today, token = app.ws, app.today, app.token


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def journal_index(ws_id: str, revision: str, _ws) -> dict:
    """Per revision: a content hash of each table the page uses (records read here, never hashed)."""
    return fingerprints({name: _ws.all(name) for names in grow.SECTIONS.values() for name in names})


# Each part is cached by the content of its own tables: saving a practice session leaves the themes alone.
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
def themes_part(ws_id: str, fp: tuple, today_iso: str, _ws) -> list:
    tables = {name: _ws.all(name) for name in grow.SECTIONS["themes"]}
    return grow.recurring_themes(tables, dt.date.fromisoformat(today_iso))


index = journal_index(ws.id, ws.revision, ws)


def fp(section: str) -> tuple:
    return tuple(index[name] for name in grow.SECTIONS[section])


view = skills_part(ws.id, fp("skills"), ws)
skills, summary = view["skills"], view["summary"]
stories = stories_part(ws.id, fp("stories"), ws)
recurring = grow.uncovered(themes_part(ws.id, fp("themes"), today.isoformat(), ws), skills)
theme_choices = patterns.theme_options(sorted(patterns.used_themes(skills.values(), stories)))

st.title("Keep building skills")
st.write(
    "The weeks between interviews are a good time to get better at something that matters for the next one. "
    "Pick a skill, say where you are and where you want to be, and log small practice sessions. "
    "Programmes that help people back into work combine skills like these with goals and support."
)
st.caption("Source: a 2014 meta-analysis of 47 job-search interventions (Psychological Bulletin).")
show_deleted()

# --- From recurring themes -------------------------------------------------------------------------------
SK = "skill"
SK_FIELDS = ["name", "category", "level", "target_level", "plan_kind", "plan", "themes", "from_theme"]


def start_from_theme(theme: str) -> None:
    forms.stop_edit("skills", SK, SK_FIELDS)
    forms.fill(SK, grow.skill_from_theme(theme, {t: patterns.theme_label(t) for t in [theme]}), SK_FIELDS)


if recurring:
    st.header("Themes that keep coming up")
    st.write(
        "These themes appear again and again in your reflections, feedback and conversations, "
        "and no skill covers them yet. Turning one into a skill gives it a plan."
    )
    for theme, label, mentions in recurring:
        text_col, button_col = st.columns([3, 1], vertical_alignment="center")
        text_col.markdown(f"**{md_escape(label)}** · came up {mentions} times")
        button_col.button(
            "Make it a skill",
            key=f"theme_skill_{theme}",
            icon=":material/add:",
            on_click=start_from_theme,
            args=(theme,),
        )

# --- Plan a skill ------------------------------------------------------------------------------------------
editing = forms.editing("skills")


def save_skill(values: dict) -> None:
    data = dict(values)
    data["themes"] = patterns.clean_themes(values.get("themes"))
    rid = grow.save_skill(ws, data, today, rid=forms.editing("skills"))
    st.session_state.pop("_editing_skills", None)
    st.session_state["grow_skill"] = rid


st.header("Plan a skill" if not editing else "Edit this skill", anchor="plan")
forms.show_flash(SK)
for field, default in (("level", 2), ("target_level", 4)):
    st.session_state.setdefault(forms.wkey(SK, field), default)
from_theme = st.session_state.get(forms.wkey(SK, "from_theme"))
if from_theme:
    st.info(
        f"Started from the recurring theme “{md_escape(patterns.theme_label(from_theme))}”.", icon=":material/link:"
    )
with st.form("skill_form"):
    left, right = st.columns(2)
    with left:
        st.text_input("Skill", max_chars=NAME, placeholder="e.g. SQL window functions", key=forms.wkey(SK, "name"))
        forms.field_error(SK, "name")
    with right:
        st.selectbox(
            "Category (optional)",
            grow.CATEGORIES,
            index=None,
            placeholder="Choose or type your own",
            accept_new_options=True,
            key=forms.wkey(SK, "category"),
        )
        forms.field_error(SK, "category")
    left, right = st.columns(2)
    with left:
        st.select_slider(
            "Where you are now", options=[1, 2, 3, 4, 5], format_func=grow.LEVEL_LABELS.get, key=forms.wkey(SK, "level")
        )
        forms.field_error(SK, "level")
    with right:
        st.select_slider(
            "Where you want to be",
            options=[1, 2, 3, 4, 5],
            format_func=grow.LEVEL_LABELS.get,
            key=forms.wkey(SK, "target_level"),
        )
        forms.field_error(SK, "target_level")
    st.selectbox(
        "How you will build it (optional)",
        PLAN_KINDS,
        index=None,
        format_func=grow.PLAN_LABELS.get,
        placeholder="A course, a certification, a workshop, a project or practice",
        key=forms.wkey(SK, "plan_kind"),
    )
    forms.field_error(SK, "plan_kind")
    st.text_area(
        "Your plan (optional)",
        max_chars=NOTE,
        placeholder="What, where, how often. e.g. two evenings a week on an online course, then a small project.",
        key=forms.wkey(SK, "plan"),
    )
    forms.field_error(SK, "plan")
    st.multiselect(
        "Themes that motivated it (optional)",
        theme_choices,
        format_func=patterns.theme_label,
        accept_new_options=True,
        key=forms.wkey(SK, "themes"),
    )
    forms.field_error(SK, "themes")
    if editing:
        save_col, cancel_col = st.columns(2)
        save_col.form_submit_button(
            "Save changes", type="primary", on_click=forms.submit(SK, SK_FIELDS, save_skill, "Changes saved.")
        )
        cancel_col.form_submit_button("Cancel", on_click=forms.stop_edit, args=("skills", SK, SK_FIELDS))
    else:
        save_col, cancel_col = st.columns(2)
        save_col.form_submit_button(
            "Save skill",
            type="primary",
            on_click=forms.submit(SK, SK_FIELDS, save_skill, "Skill saved. Log your first practice session below."),
        )
        if from_theme:
            cancel_col.form_submit_button("Start blank instead", on_click=forms.reset, args=(SK, SK_FIELDS))

# --- Your skills ---------------------------------------------------------------------------------------------
st.header("Your skills")
if not skills:
    st.info(
        "No skills yet. Think of one thing a recent interview or piece of feedback pointed to, "
        "and plan it above. Small and specific works best.",
        icon=":material/school:",
    )
else:
    st.dataframe(
        [{k: v for k, v in row.items() if k != "id"} for row in summary],
        hide_index=True,
        key="grow_skills_table",
        column_config={
            "Level": st.column_config.NumberColumn(format="%d / 5"),
            "Target": st.column_config.NumberColumn(format="%d / 5"),
        },
    )
    if st.session_state.get("grow_skill") not in skills:
        st.session_state["grow_skill"] = summary[0]["id"]
    skill_id = st.selectbox(
        "Open a skill", [row["id"] for row in summary], format_func=lambda i: skills[i]["name"], key="grow_skill"
    )
    skill = skills[skill_id]
    with st.container(border=True):
        st.subheader(md_escape(skill["name"]), anchor=False)
        level, target = skill["level"], skill["target_level"]
        st.progress(
            min(level / target, 1.0) if target else 1.0,
            text=f"Now {grow.LEVEL_LABELS[level]} · aiming for {grow.LEVEL_LABELS[target]}"
            + (" · target reached 🎉" if level >= target else ""),
        )
        if skill.get("from_theme"):
            st.caption(f"Came from the recurring theme “{md_escape(patterns.theme_label(skill['from_theme']))}”.")
        label_value("Category", skill.get("category"))
        label_value("How", grow.PLAN_LABELS.get(skill.get("plan_kind") or ""))
        label_value("Plan", skill.get("plan"))
        label_value("Themes", ", ".join(patterns.theme_label(t) for t in skill.get("themes") or []))
        edit_col, delete_col = st.columns(2)
        with edit_col:
            st.button(
                "Edit skill",
                key=f"edit_skill_{skill_id}",
                icon=":material/edit:",
                on_click=forms.start_edit,
                args=("skills", skill_id, SK, skill, SK_FIELDS),
            )
        with delete_col:
            delete_button(ws, "skills", skill_id, f"the skill {skill['name']}")

    # --- Practice log -----------------------------------------------------------------------------------
    LOG = "practice"
    LOG_FIELDS = ["date", "minutes", "level", "note"]
    editing_log = forms.editing("skill_logs")
    logs = practice_part(ws.id, fp("skills"), skill_id, ws)
    if editing_log and editing_log not in {r["id"] for r in logs}:
        forms.stop_edit("skill_logs", LOG, LOG_FIELDS)  # the skill changed: leave the other skill's log alone
        editing_log = None

    def save_log(values: dict) -> None:
        data = {k: forms.iso(v) for k, v in values.items()} | {"skill_id": skill_id}
        _, new_level = grow.log_practice(ws, data, today, rid=forms.editing("skill_logs"))
        st.session_state.pop("_editing_skill_logs", None)
        if new_level is not None:
            st.session_state["_grow_level_msg"] = f"Current level is now {grow.LEVEL_LABELS[new_level]}."

    st.subheader("Log practice" if not editing_log else "Edit this practice session", anchor=False)
    st.caption(
        "Saving a session also sets the skill's current level to the level after it, "
        "when it is your most recent session."
    )
    forms.show_flash(LOG)
    level_msg = st.session_state.pop("_grow_level_msg", None)
    if level_msg:
        st.success(level_msg, icon=":material/trending_up:")
    st.session_state.setdefault(forms.wkey(LOG, "date"), today)
    if st.session_state.get(forms.wkey(LOG, "level")) is None or st.session_state.get("_grow_log_for") != skill_id:
        st.session_state[forms.wkey(LOG, "level")] = skill["level"]
        st.session_state["_grow_log_for"] = skill_id
    with st.form("practice_form"):
        left, mid = st.columns(2)
        with left:
            st.date_input("Date", max_value=today, key=forms.wkey(LOG, "date"))
            forms.field_error(LOG, "date")
        with mid:
            st.number_input(
                "Minutes (optional)", min_value=0, max_value=24 * 60, value=None, step=5, key=forms.wkey(LOG, "minutes")
            )
            forms.field_error(LOG, "minutes")
        st.select_slider(
            "Level after this session",
            options=[1, 2, 3, 4, 5],
            format_func=grow.LEVEL_LABELS.get,
            key=forms.wkey(LOG, "level"),
        )
        forms.field_error(LOG, "level")
        st.text_area(
            "What you did (optional)",
            max_chars=NOTE,
            placeholder="e.g. two practice questions on joins; got stuck on the second, solved it after a hint.",
            key=forms.wkey(LOG, "note"),
        )
        forms.field_error(LOG, "note")
        forms.form_buttons(
            LOG, "skill_logs", LOG_FIELDS, save_log, "Save practice", "Practice saved. Every session counts."
        )

    st.markdown(f"**Practice log** · {len(logs)} session{'' if len(logs) == 1 else 's'}")
    if not logs:
        st.caption("No sessions yet. Even 15 minutes is worth logging.")
    for log in first_page(logs, f"logs_{skill_id}"):
        minutes = f", {log['minutes']} min" if log.get("minutes") else ""
        with st.container(border=True):
            text_col, edit_col, delete_col = st.columns([4, 1, 1], vertical_alignment="center")
            text_col.markdown(f"**{log['date']}** · level {log['level']}{minutes}")
            if log.get("note"):
                text_col.text(log["note"])
            edit_col.button(
                "Edit",
                key=f"edit_log_{log['id']}",
                icon=":material/edit:",
                on_click=forms.start_edit,
                args=("skill_logs", log["id"], LOG, log, LOG_FIELDS, ("date",)),
            )
            with delete_col:
                delete_button(ws, "skill_logs", log["id"], f"the practice session of {log['date']}")
    show_more(logs, f"logs_{skill_id}")
    page_link("pages/8_Progress.py", "See your skills over time", token, icon=":material/insights:")

# --- Interview story bank -------------------------------------------------------------------------------------
ST = "story"
ST_FIELDS = ["title", "situation", "task", "action", "result", "themes", "skill_id"]
editing_story = forms.editing("interview_stories")


def save_story(values: dict) -> None:
    data = dict(values)
    data["themes"] = patterns.clean_themes(values.get("themes"))
    rid = grow.save_story(ws, data, today, rid=forms.editing("interview_stories"))
    st.session_state.pop("_editing_interview_stories", None)
    st.session_state["grow_story"] = rid


st.header("Interview story bank" if not editing_story else "Edit this story", anchor="stories")
st.write(
    "Interviewers often ask for an example. Keep a few true stories ready, told in four parts: "
    "the situation, your task, what you did, and what came of it. Rehearse them out loud."
)
forms.show_flash(ST)
with st.form("story_form"):
    st.text_input(
        "A short title", max_chars=NAME, placeholder="e.g. Rescuing the late report", key=forms.wkey(ST, "title")
    )
    forms.field_error(ST, "title")
    for field, label, hint in (
        ("situation", "Situation", "Where were you, and what was going on?"),
        ("task", "Task (optional)", "What was yours to do?"),
        ("action", "Action", "What did you do, step by step? Say “I”, not “we”."),
        ("result", "Result", "What came of it? Numbers help, and so does what you learned."),
    ):
        st.text_area(label, max_chars=NOTE, placeholder=hint, key=forms.wkey(ST, field))
        forms.field_error(ST, field)
    left, right = st.columns(2)
    with left:
        st.multiselect(
            "Themes it shows (optional)",
            theme_choices,
            format_func=patterns.theme_label,
            accept_new_options=True,
            key=forms.wkey(ST, "themes"),
        )
        forms.field_error(ST, "themes")
    with right:
        st.selectbox(
            "Skill it shows (optional)",
            list(skills),
            index=None,
            format_func=lambda i: skills[i]["name"] if i in skills else "a deleted skill",
            placeholder="No particular skill",
            key=forms.wkey(ST, "skill_id"),
        )
        forms.field_error(ST, "skill_id")
    forms.form_buttons(
        ST, "interview_stories", ST_FIELDS, save_story, "Save story", "Story saved. Try telling it out loud once today."
    )

if not stories:
    st.info("No stories yet. One good story about a problem you solved goes a long way.", icon=":material/forum:")
else:
    by_id = {s["id"]: s for s in stories}
    st.dataframe(
        [
            {
                "Story": s["title"],
                "Skill": skills.get(s.get("skill_id") or "", {}).get("name", ""),
                "Themes": ", ".join(patterns.theme_label(t) for t in s.get("themes") or []),
                "Rehearsed": s.get("times_rehearsed") or 0,
                "Last rehearsed": s.get("last_rehearsed_on") or "",
            }
            for s in stories
        ],
        hide_index=True,
        key="grow_stories_table",
    )
    if st.session_state.get("grow_story") not in by_id:
        st.session_state["grow_story"] = stories[0]["id"]
    story_id = st.selectbox("Open a story", list(by_id), format_func=lambda i: by_id[i]["title"], key="grow_story")
    story = by_id[story_id]
    with st.container(border=True):
        st.subheader(md_escape(story["title"]), anchor=False)
        label_value("Situation", story.get("situation"))
        label_value("Task", story.get("task"))
        label_value("Action", story.get("action"))
        label_value("Result", story.get("result"))
        label_value("Themes", ", ".join(patterns.theme_label(t) for t in story.get("themes") or []))
        if story.get("skill_id") in skills:
            label_value("Skill", skills[story["skill_id"]]["name"])
        times = story.get("times_rehearsed") or 0
        st.caption(
            f"Rehearsed {times} time{'s' if times != 1 else ''}"
            + (f", last on {story['last_rehearsed_on']}." if story.get("last_rehearsed_on") else ".")
        )

        RH = "rehearse"

        def rehearse() -> None:
            values = forms.values(RH, ["minutes", "date"])
            try:
                grow.rehearse_story(ws, story_id, today, minutes=values["minutes"], on=values["date"])
            except Invalid as exc:
                st.session_state["_errors_rehearse"] = exc.errors
                return
            st.session_state.pop("_errors_rehearse", None)
            forms.clear(RH, ["minutes"])
            forms.flash(RH, "Nice. Logged as interview practice on Next steps, too.")

        forms.show_flash(RH)
        st.session_state.setdefault(forms.wkey(RH, "date"), today)
        left, mid, right = st.columns([1, 1, 1], vertical_alignment="bottom")
        with left:
            st.number_input(
                "Minutes (optional)", min_value=0, max_value=24 * 60, value=None, step=5, key=forms.wkey(RH, "minutes")
            )
            forms.field_error(RH, "minutes")
        with mid:
            st.date_input("When", max_value=today, key=forms.wkey(RH, "date"))
            forms.field_error(RH, "date")
        with right:
            st.button(
                "I rehearsed this story", key="rehearse_story", icon=":material/record_voice_over:", on_click=rehearse
            )
        edit_col, delete_col = st.columns(2)
        with edit_col:
            st.button(
                "Edit story",
                key=f"edit_story_{story_id}",
                icon=":material/edit:",
                on_click=forms.start_edit,
                args=("interview_stories", story_id, ST, story, ST_FIELDS),
            )
        with delete_col:
            delete_button(ws, "interview_stories", story_id, f"the story {story['title']}")
