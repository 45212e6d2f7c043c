"""Stage 2 · Reflect: a structured look back at each rejection, and the patterns across them."""

import datetime as dt

import streamlit as st

from components import forms, shell
from components.cards import label_value, record_actions, show_deleted
from components.nav import page_link
from components.reflect import patterns_section
from rebound import content, i18n, journal
from rebound.applications import channel_label, stage_label
from rebound.i18n import _, ngettext
from rebound.insights import patterns
from rebound.models import NAME
from rebound.specs.reflect import REFLECTION
from rebound.text import md_escape

app = shell("Reflect", icon=":material/psychology:")
ws, today, token = app.ws, app.today, app.token
guide = content.load("reflection")

st.title(_("Reflect on what happened"))
st.write(guide["intro"])
with st.expander(_("How to be honest without being harsh")):
    for note in guide["coach_notes"]:
        st.markdown(f"- {note['text']}")

rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
reflections = ws.all("reflections")
feedback = ws.all("feedback_requests")
talks = ws.all("support_log")
by_id = {r["id"]: r for r in rejections}
used_themes = patterns.used_themes(reflections, feedback, talks)


def day(iso: str | None) -> str:
    """A stored ISO date (or timestamp) as the person's locale writes it."""
    try:
        return i18n.format_date(dt.date.fromisoformat(str(iso)[:10]))
    except ValueError:
        return str(iso or "")


rejection_names = {
    rid: _("{company} · {role} ({day})", company=r["company"], role=r["role"], day=day(r["rejected_on"]))
    for rid, r in by_id.items()
}


def rejection_name(rid: str | None) -> str:
    return rejection_names.get(rid or "") or _("a rejection that was deleted")


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
    steps = {0: _("skip")} | {v: _("{v} · {word}", v=v, word=scale[str(v)]) for v in range(1, 6)}
    for i, area in enumerate(areas):
        st.session_state.setdefault(rate_key(area), 0)
        with cols[i % 2]:
            st.select_slider(
                md_escape(patterns.area_label(area)[:NAME]),
                options=[0, 1, 2, 3, 4, 5],
                format_func=steps.get,
                key=rate_key(area),
                persist_state="session",
            )
    if not areas:
        st.caption(_("No areas chosen to rate. Add some above if you like."))


focus = st.session_state.get("_focus_rejection")
if focus not in by_id:
    focus = rejections[0]["id"] if rejections else None
if st.session_state.get(PICK) != focus:
    st.session_state[PICK] = focus

st.header(_("Your reflection"))
if not rejections:
    st.info(
        _(
            "Reflection starts from a rejection you have logged. When you are ready, log one on Understand "
            "and come back here."
        ),
        icon=":material/edit_note:",
    )
    page_link("pages/1_Understand.py", _("Log a rejection"), token, icon=":material/arrow_forward:")
else:
    st.selectbox(
        _("Which rejection are you reflecting on?"),
        list(by_id),
        format_func=rejection_names.get,
        key=PICK,
        on_change=picked_changed,
        placeholder=_("Choose…"),
    )
    picked = st.session_state.get(PICK)
    rej = by_id[picked]
    st.caption(
        _(
            "Stage reached: {stage} · heard back on {day}",
            stage=md_escape(stage_label(rej["stage"])),
            day=day(rej["rejected_on"]),
        )
        + (f" · {md_escape(channel_label(rej['channel']))}" if rej.get("channel") else "")
    )
    show_deleted()
    if forms.editing(REFLECTION):
        st.info(_("You are editing a saved reflection."), icon=":material/edit:")

    area_labels = {a["id"]: a["label"] for a in patterns.rating_areas()}
    own_areas = sorted({a for r in reflections for a in (r.get("ratings") or {})} - set(SHIPPED_AREAS))
    st.session_state.setdefault(AREAS, list(SHIPPED_AREAS))
    st.multiselect(
        _("Areas to rate (remove any that do not apply, or type your own)"),
        SHIPPED_AREAS + own_areas,
        format_func=lambda a: area_labels.get(a, a),
        accept_new_options=True,
        max_selections=12,
        key=AREAS,
        placeholder=_("Choose…"),
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
    show_all = st.toggle(_("Show reflections on all rejections"), key="refl_show_all")
    shown = reflections if show_all else [r for r in reflections if r.get("rejection_id") == picked]
    shown = journal.sorted_by(shown, "created_at")
    st.subheader(_("Reflections on all rejections") if show_all else _("Reflections on this rejection"))
    if not shown:
        st.info(_("No reflection saved here yet. The form above takes about ten minutes."), icon=":material/edit_note:")
    for rec in shown[:30]:
        written = day(rec["created_at"])
        title = (
            _("Reflection of {day} · {rejection}", day=written, rejection=rejection_name(rec["rejection_id"]))
            if show_all
            else _("Reflection of {day}", day=written)
        )
        with st.expander(md_escape(title)):
            label_value(_("What went well"), rec.get("went_well"))
            label_value(_("What to do differently"), rec.get("to_improve"))
            label_value(_("Lesson"), rec.get("lesson"))
            label_value(_("Fit"), rec.get("fit_note"))
            if rec.get("ratings"):
                label_value(
                    _("Ratings"),
                    ", ".join(
                        _("{area} {rating}/5", area=area_labels.get(a, a), rating=v) for a, v in rec["ratings"].items()
                    ),
                )
            if rec.get("themes"):
                label_value(_("Themes"), ", ".join(patterns.theme_label(t) for t in rec["themes"]))
            record_actions(
                ws,
                REFLECTION,
                rec,
                _("the reflection of {day}", day=written),
                edit_key=f"edit_refl_{rec['id']}",
                on_edit=start_edit,
            )
    if len(shown) > 30:
        st.caption(ngettext("Showing the 30 most recent of {n}.", "Showing the 30 most recent of {n}.", len(shown)))

# --- Patterns across rejections --------------------------------------------------------------
patterns_section(
    ws,
    today,
    {"reflections": reflections, "feedback_requests": feedback, "support_log": talks, "rejections": rejections},
    ws.all("skills"),
)
