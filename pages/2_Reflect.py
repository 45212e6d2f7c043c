"""Stage 2 · Reflect: a structured look back at each rejection, and the patterns across them."""

import streamlit as st

from components import forms, shell
from components.cards import label_value, record_actions, show_deleted
from components.nav import page_link
from components.reflect import patterns_section
from rebound import content, journal
from rebound.insights import patterns
from rebound.models import NAME, STAGE_LABELS
from rebound.specs.reflect import REFLECTION
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
by_id = {r["id"]: r for r in rejections}
used_themes = patterns.used_themes(reflections, feedback, talks)


def rejection_name(rid: str | None) -> str:
    r = by_id.get(rid or "")
    return f"{r['company']} · {r['role']} ({r['rejected_on']})" if r else "a rejection that was deleted"


# --- Which rejection ------------------------------------------------------------------
PICK = "reflect_pick"
AREAS = "refl_areas"
SHIPPED_AREAS = [a["id"] for a in patterns.rating_areas()]
scale = guide["rating_scale"]


def rate_key(area: str) -> str:
    """A rating's widget key follows the form's generation, so a saved form's ratings start at "skip"."""
    gen = forms.generation(REFLECTION)
    return f"refl__rate__{area}" if gen == 0 else f"refl__rate__{area}__{gen}"


def picked_changed() -> None:
    st.session_state["_focus_rejection"] = st.session_state.get(PICK)
    if forms.editing(REFLECTION):
        forms.cancel(REFLECTION)


def start_edit(record: dict) -> None:
    st.session_state["_focus_rejection"] = record["rejection_id"]
    forms.start_editing(REFLECTION, record)
    areas = list(st.session_state.get(AREAS) or SHIPPED_AREAS)
    for area, value in (record.get("ratings") or {}).items():
        if area not in areas:
            areas.append(area)
        st.session_state[rate_key(area)] = value
    st.session_state[AREAS] = areas


def with_ratings(record: dict) -> dict:
    """The form's record with the ratings drawn in its slot, checked the Reflect way."""
    ratings = {a: st.session_state.get(rate_key(a)) or 0 for a in st.session_state.get(AREAS) or []}
    return patterns.check_reflection(record, ratings, today, known_themes=used_themes)


def ratings_slot() -> None:
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
                persist_state="session",
            )
    if not areas:
        st.caption("No areas chosen to rate. Add some above if you like.")


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
else:
    st.selectbox(
        "Which rejection are you reflecting on?",
        list(by_id),
        format_func=rejection_name,
        key=PICK,
        on_change=picked_changed,
    )
    picked = st.session_state.get(PICK)
    rej = by_id[picked]
    st.caption(
        f"Stage reached: {md_escape(STAGE_LABELS.get(rej['stage'], rej['stage']))} · heard back on {rej['rejected_on']}"
        + (f" · {md_escape(rej['channel'])}" if rej.get("channel") else "")
    )
    show_deleted()
    if forms.editing(REFLECTION):
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
    forms.render(
        REFLECTION,
        ws,
        today,
        choices={"themes": {t: patterns.theme_label(t) for t in patterns.theme_options(used_themes)}},
        fixed={"rejection_id": picked},
        prepare=with_ratings,
        slots={"ratings": ratings_slot},
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
            record_actions(
                ws,
                REFLECTION,
                rec,
                f"the reflection of {rec['created_at'][:10]}",
                edit_key=f"edit_refl_{rec['id']}",
                on_edit=start_edit,
            )
    if len(shown) > 30:
        st.caption(f"Showing the 30 most recent of {len(shown)}.")

# --- Patterns across rejections --------------------------------------------------------------
patterns_section(
    ws,
    today,
    {"reflections": reflections, "feedback_requests": feedback, "support_log": talks, "rejections": rejections},
    ws.all("skills"),
)
