"""Stage 2 · Reflect: a structured look back at each rejection, and the patterns across them."""

import streamlit as st

from components import forms, shell
from components.cards import delete_button, label_value, show_deleted
from components.charts import show as show_chart
from components.nav import page_link
from rebound import content, journal
from rebound.charts import patterns as charts
from rebound.insights import patterns
from rebound.models import NAME, NOTE, STAGE_LABELS, Invalid
from rebound.text import md_escape

app = shell("Reflect", icon=":material/psychology:")
ws, today, token = app.ws, app.today, app.token
guide = content.load("reflection")

st.title("Reflect on what happened")
st.write(guide["intro"])
with st.expander("How to be honest without being harsh"):
    for note in guide["coach_notes"]:
        st.markdown(f"- {note['text']}")

rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
reflections = ws.all("reflections")
feedback = ws.all("feedback_requests")
talks = ws.all("support_log")
skills = ws.all("skills")
by_id = {r["id"]: r for r in rejections}
used_themes = patterns.used_themes(reflections, feedback, talks)


def rejection_name(rid: str | None) -> str:
    r = by_id.get(rid or "")
    return f"{r['company']} · {r['role']} ({r['rejected_on']})" if r else "a rejection that was deleted"


# --- Which rejection ------------------------------------------------------------------
REF = "refl"
FIELDS = ["went_well", "to_improve", "lesson", "fit_note", "themes"]
PICK = "reflect_pick"
AREAS = "refl_areas"
SHIPPED_AREAS = [a["id"] for a in patterns.rating_areas()]
scale = guide["rating_scale"]


def rate_key(area: str) -> str:
    return f"{REF}__rate__{area}"


def clear_ratings() -> None:
    for key in [k for k in st.session_state if str(k).startswith(f"{REF}__rate__")]:
        del st.session_state[key]


def picked_changed() -> None:
    st.session_state["_focus_rejection"] = st.session_state.get(PICK)
    if forms.editing("reflections"):
        forms.stop_edit("reflections", REF, FIELDS)
        clear_ratings()


focus = st.session_state.get("_focus_rejection")
if focus not in by_id:
    focus = rejections[0]["id"] if rejections else None
if st.session_state.get(PICK) != focus:
    st.session_state[PICK] = focus

st.header("Your reflection")
if not rejections:
    st.info(
        "Reflection starts from a rejection you have logged. When you are ready, log one on Understand "
        "and come back here.",
        icon=":material/edit_note:",
    )
    page_link("pages/1_Understand.py", "Log a rejection", token, icon=":material/arrow_forward:")
    forms.field_error(REF, "rejection_id")
else:
    st.selectbox(
        "Which rejection are you reflecting on?",
        list(by_id),
        format_func=rejection_name,
        key=PICK,
        on_change=picked_changed,
    )
    forms.field_error(REF, "rejection_id")
    picked = st.session_state.get(PICK)
    rej = by_id[picked]
    st.caption(
        f"Stage reached: {STAGE_LABELS.get(rej['stage'], rej['stage'])} · heard back on {rej['rejected_on']}"
        + (f" · {md_escape(rej['channel'])}" if rej.get("channel") else "")
    )

    editing = forms.editing("reflections")

    def save_reflection(values: dict) -> None:
        areas = st.session_state.get(AREAS) or []
        ratings = {a: st.session_state.get(rate_key(a)) or 0 for a in areas}
        data = {**values, "rejection_id": st.session_state.get(PICK)}
        clean = patterns.check_reflection(data, ratings, today, known_themes=used_themes)
        journal.save(ws, "reflections", clean, today, rid=forms.editing("reflections"))
        st.session_state.pop("_editing_reflections", None)
        clear_ratings()

    def start_edit(record: dict) -> None:
        st.session_state["_focus_rejection"] = record["rejection_id"]
        forms.start_edit("reflections", record["id"], REF, record, FIELDS)
        clear_ratings()
        areas = list(st.session_state.get(AREAS) or SHIPPED_AREAS)
        for area, value in (record.get("ratings") or {}).items():
            if area not in areas:
                areas.append(area)
            st.session_state[rate_key(area)] = value
        st.session_state[AREAS] = areas

    def cancel_edit() -> None:
        forms.stop_edit("reflections", REF, FIELDS)
        clear_ratings()

    forms.show_flash(REF)
    show_deleted()
    if editing:
        st.info("You are editing a saved reflection.", icon=":material/edit:")

    own_areas = sorted({a for r in reflections for a in (r.get("ratings") or {})} - set(SHIPPED_AREAS))
    st.session_state.setdefault(AREAS, list(SHIPPED_AREAS))
    st.multiselect(
        "Areas to rate (remove any that do not apply, or type your own)",
        SHIPPED_AREAS + own_areas,
        format_func=patterns.area_label,
        accept_new_options=True,
        max_selections=12,
        key=AREAS,
    )

    prompts = guide["prompts"]
    with st.form("reflection_form"):
        st.text_area(
            "What went well?",
            max_chars=NOTE,
            placeholder=prompts["went_well"][0]["text"],
            help=" ".join(p["text"] for p in prompts["went_well"]),
            key=forms.wkey(REF, "went_well"),
        )
        forms.field_error(REF, "went_well")
        st.text_area(
            "What would you do differently?",
            max_chars=NOTE,
            placeholder=prompts["to_improve"][0]["text"],
            help=" ".join(p["text"] for p in prompts["to_improve"]),
            key=forms.wkey(REF, "to_improve"),
        )
        forms.field_error(REF, "to_improve")
        st.text_area(
            "The lesson to keep (optional)",
            max_chars=NOTE,
            placeholder=prompts["lesson"][0]["text"],
            help=" ".join(p["text"] for p in prompts["lesson"]),
            key=forms.wkey(REF, "lesson"),
        )
        forms.field_error(REF, "lesson")
        st.text_area(
            "Was the role a fit for what you want? (optional)",
            max_chars=NOTE,
            placeholder=prompts["fit_note"][0]["text"],
            help=" ".join(p["text"] for p in prompts["fit_note"]),
            key=forms.wkey(REF, "fit_note"),
        )
        forms.field_error(REF, "fit_note")

        st.markdown("**How did each area go?** 1 is hard going, 5 is strong. Skip any you cannot judge.")
        areas = st.session_state.get(AREAS) or []
        cols = st.columns(2)
        for i, area in enumerate(areas):
            st.session_state.setdefault(rate_key(area), 0)
            with cols[i % 2]:
                st.select_slider(
                    md_escape(patterns.area_label(area)[:NAME]),
                    options=[0, 1, 2, 3, 4, 5],
                    format_func=lambda v: "skip" if v == 0 else f"{v} · {scale[str(v)]}",
                    key=rate_key(area),
                )
        if not areas:
            st.caption("No areas chosen to rate. Add some above if you like.")
        forms.field_error(REF, "ratings")

        st.multiselect(
            "Themes (pick from the list, or type your own and press Enter)",
            patterns.theme_options(used_themes),
            format_func=patterns.theme_label,
            accept_new_options=True,
            max_selections=patterns.TAGS_MAX,
            key=forms.wkey(REF, "themes"),
        )
        forms.field_error(REF, "themes")
        if editing:
            save_col, cancel_col = st.columns(2)
            save_col.form_submit_button(
                "Save changes",
                type="primary",
                on_click=forms.submit(REF, FIELDS, save_reflection, "Changes saved."),
            )
            cancel_col.form_submit_button("Cancel", on_click=cancel_edit)
        else:
            st.form_submit_button(
                "Save reflection",
                type="primary",
                on_click=forms.submit(
                    REF,
                    FIELDS,
                    save_reflection,
                    "Reflection saved. Looking back honestly is hard work: well done.",
                ),
            )

    # --- Saved reflections ----------------------------------------------------------------
    show_all = st.toggle("Show reflections on all rejections", key="refl_show_all")
    shown = reflections if show_all else [r for r in reflections if r.get("rejection_id") == picked]
    shown = journal.sorted_by(shown, "created_at")
    st.subheader("Reflections on all rejections" if show_all else "Reflections on this rejection")
    if not shown:
        st.info("No reflection saved here yet. The form above takes about ten minutes.", icon=":material/edit_note:")
    for rec in shown[:30]:
        title = rec["created_at"][:10] + (f" · {rejection_name(rec['rejection_id'])}" if show_all else "")
        with st.expander(f"Reflection of {md_escape(title)}"):
            label_value("What went well", rec.get("went_well"))
            label_value("What to do differently", rec.get("to_improve"))
            label_value("Lesson", rec.get("lesson"))
            label_value("Fit", rec.get("fit_note"))
            if rec.get("ratings"):
                label_value(
                    "Ratings",
                    ", ".join(f"{patterns.area_label(a)} {v}/5" for a, v in rec["ratings"].items()),
                )
            if rec.get("themes"):
                label_value("Themes", ", ".join(patterns.theme_label(t) for t in rec["themes"]))
            edit_col, delete_col = st.columns(2)
            with edit_col:
                st.button(
                    "Edit",
                    key=f"edit_refl_{rec['id']}",
                    icon=":material/edit:",
                    on_click=start_edit,
                    args=(rec,),
                )
            with delete_col:
                delete_button(ws, "reflections", rec["id"], f"the reflection of {rec['created_at'][:10]}")
    if len(shown) > 30:
        st.caption(f"Showing the 30 most recent of {len(shown)}.")


# --- Patterns across rejections --------------------------------------------------------------
@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def pattern_frames(ws_id: str, revision: str, today_iso: str, _tables: dict) -> dict:
    """Derived frames for this journal revision (cached per session, keyed by revision)."""
    events = patterns.theme_events(
        _tables["reflections"], _tables["feedback_requests"], _tables["support_log"], _tables["rejections"]
    )
    table = patterns.theme_table(events, today)
    long = patterns.ratings_long(_tables["reflections"], _tables["rejections"])
    return {
        "table": table,
        "summary": patterns.summary(table, events, _tables["rejections"], today),
        "ratings": patterns.ratings_over_time(long),
        "ratings_summary": patterns.ratings_summary(long),
        "stages": patterns.stage_counts(_tables["rejections"]),
        "by_channel": patterns.stage_by(_tables["rejections"], "channel"),
        "by_source": patterns.stage_by(_tables["rejections"], "source"),
    }


frames = pattern_frames(
    ws.id,
    str(ws.revision),
    today.isoformat(),
    {"reflections": reflections, "feedback_requests": feedback, "support_log": talks, "rejections": rejections},
)

SKILL = "skill_from_theme"


def make_skill(theme: str) -> None:
    if patterns.skill_for(ws.all("skills"), theme):
        return
    try:
        journal.save(ws, "skills", patterns.skill_from_theme(theme), today)
    except Invalid:
        st.session_state["_skill_error"] = "That theme could not be turned into a skill. Please try another."
        return
    forms.flash(SKILL, f"Added “{md_escape(patterns.theme_label(theme))}” to your skills to build.")


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
                        args=(row.theme,),
                    )

st.subheader("Your ratings over time")
rating_frame = frames["ratings"]
if rating_frame.empty:
    st.info(
        "Rate a few areas in your reflections and you will see how they move over time.", icon=":material/show_chart:"
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
            stages.rename(columns={"label": "Stage reached", "count": "Rejections"})[["Stage reached", "Rejections"]],
            hide_index=True,
            key="stage_count_table",
        )
