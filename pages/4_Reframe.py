"""Stage 3 · Reframe: thought records, thinking traps, expressive writing, success stories."""

import datetime as dt
import functools

import streamlit as st

from components import forms, shell
from components.cards import label_value, record_actions, show_deleted
from components.charts import show as show_chart
from components.charts import table_expander
from components.writing import expressive_writing
from rebound import i18n, journal, reframe, stories
from rebound.charts.reframe import before_after
from rebound.i18n import N_, _, ngettext
from rebound.specs.reframe import OWN_STORY, THOUGHT
from rebound.text import md_escape, shorten

app = shell("Reframe", icon=":material/autorenew:")
ws, today = app.ws, app.today

st.title(_("Reframe"))
st.write(
    _(
        "A no can set off harsh, fast thoughts. Here you slow one down, check it against the evidence "
        "and look for what it might open up. Then, if you like, write it out, or read how others came back."
    )
)
show_deleted()

rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")


def day(iso: str | None) -> str:
    """A stored ISO date (or timestamp) as the person's locale writes it."""
    try:
        return i18n.format_date(dt.date.fromisoformat(str(iso)[:10]))
    except ValueError:
        return str(iso or "")


rejection_names = {
    r["id"]: _("{company} · {role} ({day})", company=r["company"], role=r["role"], day=day(r["rejected_on"]))
    for r in rejections
}
rejections_by_id = {r["id"]: r for r in rejections}


# =====================================================================================
# Thought records
# =====================================================================================
def checked_reframe(record: dict) -> dict:
    """The thought record checked with the exercise's own words (the situation from a picked rejection)."""
    return reframe.check(reframe.prepare(record, rejections_by_id), today)


def remember_shift(_rid: str, record: dict) -> None:
    st.session_state["_rf_saved_shift"] = reframe.shift_text(reframe.prepare(record, rejections_by_id))


def thought_records() -> None:
    st.header(_("Edit this thought record") if forms.editing(THOUGHT) else _("Write a thought record"), anchor="record")
    st.caption(
        _(
            "Rate how strong the feeling is before and after, from 0 to 100. Seeing the two numbers side by side "
            "is a common way to notice what the exercise did; there is no single right form, so make it yours."
        )
    )
    saved_shift = st.session_state.pop("_rf_saved_shift", None)
    if saved_shift:
        st.info(_("Before → after: {shift}", shift=saved_shift), icon=":material/compare_arrows:")

    with st.expander(_("Thinking traps to look out for"), icon=":material/lightbulb:"):
        st.caption(_("Common ways a mind bends the facts after a no, and a question that helps answer each."))
        example, ask = _("For example:"), _("Ask yourself:")
        for trap in reframe.traps():
            st.markdown(
                f"**{trap['label']}** — {trap['what']}  \n"
                f":gray[{example}] {trap['example']}  \n"
                f":blue[{ask}] {trap['question']}"
            )

    # Live and quiet: typing does not rerun the page, and what is typed survives a switch to another tab.
    forms.render(
        THOUGHT,
        ws,
        today,
        live=True,
        quiet=True,
        # Labels drawn here, in the person's language (the trap ids are what is stored).
        choices={
            "rejection_id": rejection_names,
            "distortions": {t: reframe.trap_label(t) for t in reframe.trap_ids()},
        },
        prepare=checked_reframe,
        on_saved=remember_shift,
    )

    # --- The shift across records ------------------------------------------------------
    all_reframes = ws.all("reframes")
    df = reframe.shifts_frame(all_reframes)
    st.subheader(_("Before and after, across your thought records"))
    st.write(reframe.summary(df))
    if not df.empty:
        show_chart(before_after(df), key="rf_chart")
        common = reframe.trap_counts(all_reframes)[:3]
        if common:
            traps = i18n.format_list(f"{md_escape(reframe.trap_label(t))} ({n})" for t, n in common)
            st.caption(
                _(
                    "Traps you spot most often: {traps}. Knowing your usual ones makes them easier to catch.",
                    traps=traps,
                )
            )
        with table_expander(_("See the numbers as a table"), key="rf_table_open") as is_open:
            if is_open:
                st.dataframe(reframe.table_view(df), hide_index=True, key="rf_table")

    # --- Past records ----------------------------------------------------------------------
    st.subheader(_("Your thought records"))
    ordered = journal.sorted_by(all_reframes, "date")
    if not ordered:
        st.info(
            _("No thought records yet. The next time a harsh thought shows up, catch it in the form above."),
            icon=":material/edit_note:",
        )
    shown = st.session_state.setdefault("_rf_shown", 10)
    for rec in ordered[:shown]:
        head = _(
            "{day} · {thought} — {shift}",
            day=day(rec["date"]),
            thought=shorten(rec["automatic_thought"], 60),
            shift=reframe.shift_text(rec),
        )
        with st.expander(md_escape(head)):
            if rec.get("rejection_id"):
                label_value(_("About"), rejection_names.get(rec["rejection_id"], _("a rejection")))
            label_value(_("Situation"), rec["situation"])
            label_value(_("The thought"), rec["automatic_thought"])
            label_value(_("Feeling"), reframe.emotion_label(rec.get("emotion")))
            st.markdown(
                _(
                    "**Intensity:** {before} before → {after} after ({shift})",
                    before=rec["intensity_before"],
                    after=rec["intensity_after"],
                    shift=reframe.shift_phrase(rec),
                )
            )
            if rec.get("distortions"):
                label_value(_("Thinking traps"), ", ".join(reframe.trap_label(t) for t in rec["distortions"]))
            label_value(_("Evidence for"), rec.get("evidence_for"))
            label_value(_("Evidence against"), rec.get("evidence_against"))
            label_value(_("Balanced thought"), rec["balanced_thought"])
            label_value(_("What this opens up"), rec.get("opportunity"))
            record_actions(
                ws,
                THOUGHT,
                rec,
                _("the thought record of {day}", day=day(rec["date"])),
                edit_key=f"edit_rf_{rec['id']}",
            )
    if len(ordered) > shown:
        st.caption(
            ngettext(
                "Showing the {shown} most recent of {n}.",
                "Showing the {shown} most recent of {n}.",
                len(ordered),
                shown=shown,
            )
        )
        st.button(
            _("Show {more} more", more=20),
            key="rf_more",
            on_click=st.session_state.__setitem__,
            args=("_rf_shown", shown + 20),
        )


# =====================================================================================
# Success stories
# =====================================================================================
def takeaway_saver(story_id: str):
    def save(values: dict) -> None:
        stories.save_note(ws, story_id, today, takeaway=values["takeaway"] or "")

    return save


def success_stories() -> None:
    st.header(_("Success stories"), anchor="stories")
    st.write(
        _(
            "People in many fields heard no — sometimes many times — and went on to work they cared about. "
            "These are checked facts, told briefly; the question under each is for you."
        )
    )
    notes = stories.notes_by_story(ws.all("story_notes"))
    theme_names = {t["id"]: t["label"] for t in stories.themes()}
    theme_ids = list(theme_names)
    f_col, fav_col = st.columns([3, 2])
    with f_col:
        theme = st.selectbox(
            _("Show stories about"),
            theme_ids,
            index=None,
            format_func=lambda t: theme_names.get(t, t),
            placeholder=_("All themes"),
            key="story_theme",
        )
    with fav_col:
        favorites_only = st.toggle(_("Only my favourites"), key="story_favs")
    picked = stories.filter_stories(stories.library(), theme, favorites_only, notes)
    if not picked:
        st.info(
            _("No stories match. Mark a story as a favourite with its star, or choose another theme."),
            icon=":material/filter_alt_off:",
        )
    for s in picked:
        note = notes.get(s["id"], {})
        fav = bool(note.get("favorite"))
        with st.container(border=True):
            head, star = st.columns([4, 2])
            head.markdown(f"**{s['person']}** · :gray[{s['field']}]")
            star.button(
                _("Favourite") if fav else _("Mark favourite"),
                key=f"story_fav_{s['id']}",
                icon=":material/star:" if fav else ":material/star_outline:",
                help=_("Click to remove from your favourites") if fav else _("Keep this story among your favourites"),
                type="tertiary",
                on_click=stories.toggle_favorite,
                args=(ws, s["id"], today),
            )
            st.markdown(
                _("**The setback:** {setback}", setback=s["setback"])
                + "  \n"
                + _("**What came after:** {after}", after=s["after"])
            )
            if s.get("caveat"):
                st.caption(_("Worth knowing: {caveat}", caveat=s["caveat"]))
            st.caption(
                _(
                    "Source: {source} · Themes: {themes}",
                    source=s["source_kind"],
                    themes=", ".join(theme_names.get(t) or stories.theme_label(t) for t in s["themes"]),
                )
            )
            st.markdown(f"*{s['reflect']}*")
            nform = f"note_{s['id']}"
            nkey = forms.wkey(nform, "takeaway")
            if nkey not in st.session_state:
                st.session_state[nkey] = note.get("takeaway") or ""
            st.text_area(_("What you take from it"), height=90, key=nkey)
            forms.field_error(nform, "takeaway")
            st.button(
                _("Save what I take from it"),
                key=f"story_save_{s['id']}",
                on_click=forms.submit(nform, ["takeaway"], takeaway_saver(s["id"]), N_("Saved.")),
            )
            forms.show_flash(nform)

    # --- Your own stories --------------------------------------------------------------
    st.subheader(_("Edit this story") if forms.editing(OWN_STORY) else _("Add a story of your own"))
    st.caption(
        _("Yours, a friend's, a colleague's: a time someone heard no and found their way. Real ones count most.")
    )
    forms.render(OWN_STORY, ws, today, live=True, quiet=True)
    own = journal.sorted_by(ws.all("stories"), "created_at")
    if not own:
        st.caption(_("Your own stories will appear here."))
    for story in own:
        who = f" — {story['person']}" if story.get("person") else ""
        with st.expander(md_escape(f"{story['title']}{who}")):
            label_value(_("The setback"), story["setback"])
            label_value(_("What came after"), story["outcome"])
            label_value(_("What to take from it"), story.get("lesson"))
            label_value(_("Source"), story.get("source"))
            record_actions(
                ws,
                OWN_STORY,
                story,
                _("the story “{title}”", title=story["title"]),
                edit_key=f"edit_story_{story['id']}",
            )


# =====================================================================================
# Only the open tab runs: a full room rerunning long pages would load the server.
# =====================================================================================
tabs = st.tabs(
    [_("Thought records"), _("Expressive writing"), _("Success stories")], key="reframe_tab", on_change="rerun"
)
for tab, draw in zip(
    tabs, (thought_records, functools.partial(expressive_writing, ws, today), success_stories), strict=True
):
    if tab.open:
        with tab:
            draw()
