"""Stage 3 · Reframe: thought records, thinking traps, expressive writing, success stories."""

import functools

import streamlit as st

from components import forms, shell
from components.cards import label_value, record_actions, show_deleted
from components.charts import show as show_chart
from components.charts import table_expander
from components.writing import expressive_writing
from rebound import journal, reframe, stories
from rebound.charts.reframe import before_after
from rebound.specs.reframe import OWN_STORY, THOUGHT
from rebound.text import md_escape, shorten

app = shell("Reframe", icon=":material/autorenew:")
ws, today = app.ws, app.today

st.title("Reframe")
st.write(
    "A no can set off harsh, fast thoughts. Here you slow one down, check it against the evidence "
    "and look for what it might open up. Then, if you like, write it out, or read how others came back."
)
show_deleted()

rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
rejection_names = {r["id"]: f"{r['company']} · {r['role']} ({r['rejected_on']})" for r in rejections}
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
    st.header("Edit this thought record" if forms.editing(THOUGHT) else "Write a thought record", anchor="record")
    st.caption(
        "Rate how strong the feeling is before and after, from 0 to 100. Seeing the two numbers side by side "
        "is a common way to notice what the exercise did; there is no single right form, so make it yours."
    )
    saved_shift = st.session_state.pop("_rf_saved_shift", None)
    if saved_shift:
        st.info(f"Before → after: {saved_shift}", icon=":material/compare_arrows:")

    with st.expander("Thinking traps to look out for", icon=":material/lightbulb:"):
        st.caption("Common ways a mind bends the facts after a no, and a question that helps answer each.")
        for trap in reframe.traps():
            st.markdown(
                f"**{trap['label']}** — {trap['what']}  \n"
                f":gray[For example:] {trap['example']}  \n"
                f":blue[Ask yourself:] {trap['question']}"
            )

    # Live and quiet: typing does not rerun the page, and what is typed survives a switch to another tab.
    forms.render(
        THOUGHT,
        ws,
        today,
        live=True,
        quiet=True,
        choices={"rejection_id": rejection_names},
        prepare=checked_reframe,
        on_saved=remember_shift,
    )

    # --- The shift across records ------------------------------------------------------
    all_reframes = ws.all("reframes")
    df = reframe.shifts_frame(all_reframes)
    st.subheader("Before and after, across your thought records")
    st.write(reframe.summary(df))
    if not df.empty:
        show_chart(before_after(df), key="rf_chart")
        common = reframe.trap_counts(all_reframes)[:3]
        if common:
            st.caption(
                "Traps you spot most often: "
                + ", ".join(f"{md_escape(reframe.trap_label(t))} ({n})" for t, n in common)
                + ". Knowing your usual ones makes them easier to catch."
            )
        with table_expander("See the numbers as a table", key="rf_table_open") as is_open:
            if is_open:
                st.dataframe(reframe.table_view(df), hide_index=True, key="rf_table")

    # --- Past records ----------------------------------------------------------------------
    st.subheader("Your thought records")
    ordered = journal.sorted_by(all_reframes, "date")
    if not ordered:
        st.info(
            "No thought records yet. The next time a harsh thought shows up, catch it in the form above.",
            icon=":material/edit_note:",
        )
    shown = st.session_state.setdefault("_rf_shown", 10)
    for rec in ordered[:shown]:
        head = f"{rec['date']} · {shorten(rec['automatic_thought'], 60)} — {reframe.shift_text(rec)}"
        with st.expander(md_escape(head)):
            if rec.get("rejection_id"):
                label_value("About", rejection_names.get(rec["rejection_id"], "a rejection"))
            label_value("Situation", rec["situation"])
            label_value("The thought", rec["automatic_thought"])
            label_value("Feeling", rec.get("emotion"))
            st.markdown(
                f"**Intensity:** {rec['intensity_before']} before → {rec['intensity_after']} after "
                f"({reframe.shift_phrase(rec)})"
            )
            if rec.get("distortions"):
                label_value("Thinking traps", ", ".join(reframe.trap_label(t) for t in rec["distortions"]))
            label_value("Evidence for", rec.get("evidence_for"))
            label_value("Evidence against", rec.get("evidence_against"))
            label_value("Balanced thought", rec["balanced_thought"])
            label_value("What this opens up", rec.get("opportunity"))
            record_actions(ws, THOUGHT, rec, f"the thought record of {rec['date']}", edit_key=f"edit_rf_{rec['id']}")
    if len(ordered) > shown:
        st.caption(f"Showing the {shown} most recent of {len(ordered)}.")
        st.button(
            "Show 20 more",
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
    st.header("Success stories", anchor="stories")
    st.write(
        "People in many fields heard no — sometimes many times — and went on to work they cared about. "
        "These are checked facts, told briefly; the question under each is for you."
    )
    notes = stories.notes_by_story(ws.all("story_notes"))
    theme_ids = [t["id"] for t in stories.themes()]
    f_col, fav_col = st.columns([3, 2])
    with f_col:
        theme = st.selectbox(
            "Show stories about",
            theme_ids,
            index=None,
            format_func=stories.theme_label,
            placeholder="All themes",
            key="story_theme",
        )
    with fav_col:
        favorites_only = st.toggle("Only my favourites", key="story_favs")
    picked = stories.filter_stories(stories.library(), theme, favorites_only, notes)
    if not picked:
        st.info(
            "No stories match. Mark a story as a favourite with its star, or choose another theme.",
            icon=":material/filter_alt_off:",
        )
    for s in picked:
        note = notes.get(s["id"], {})
        fav = bool(note.get("favorite"))
        with st.container(border=True):
            head, star = st.columns([4, 2])
            head.markdown(f"**{s['person']}** · :gray[{s['field']}]")
            star.button(
                "Favourite" if fav else "Mark favourite",
                key=f"story_fav_{s['id']}",
                icon=":material/star:" if fav else ":material/star_outline:",
                help="Click to remove from your favourites" if fav else "Keep this story among your favourites",
                type="tertiary",
                on_click=stories.toggle_favorite,
                args=(ws, s["id"], today),
            )
            st.markdown(f"**The setback:** {s['setback']}  \n**What came after:** {s['after']}")
            if s.get("caveat"):
                st.caption(f"Worth knowing: {s['caveat']}")
            st.caption(f"Source: {s['source_kind']} · Themes: {', '.join(stories.theme_label(t) for t in s['themes'])}")
            st.markdown(f"*{s['reflect']}*")
            nform = f"note_{s['id']}"
            nkey = forms.wkey(nform, "takeaway")
            if nkey not in st.session_state:
                st.session_state[nkey] = note.get("takeaway") or ""
            st.text_area("What you take from it", height=90, key=nkey)
            forms.field_error(nform, "takeaway")
            st.button(
                "Save what I take from it",
                key=f"story_save_{s['id']}",
                on_click=forms.submit(nform, ["takeaway"], takeaway_saver(s["id"]), "Saved."),
            )
            forms.show_flash(nform)

    # --- Your own stories --------------------------------------------------------------
    st.subheader("Edit this story" if forms.editing(OWN_STORY) else "Add a story of your own")
    st.caption("Yours, a friend's, a colleague's: a time someone heard no and found their way. Real ones count most.")
    forms.render(OWN_STORY, ws, today, live=True, quiet=True)
    own = journal.sorted_by(ws.all("stories"), "created_at")
    if not own:
        st.caption("Your own stories will appear here.")
    for story in own:
        who = f" — {story['person']}" if story.get("person") else ""
        with st.expander(md_escape(f"{story['title']}{who}")):
            label_value("The setback", story["setback"])
            label_value("What came after", story["outcome"])
            label_value("What to take from it", story.get("lesson"))
            label_value("Source", story.get("source"))
            record_actions(ws, OWN_STORY, story, f"the story “{story['title']}”", edit_key=f"edit_story_{story['id']}")


# =====================================================================================
# Only the open tab runs: a full room rerunning long pages would load the server.
# =====================================================================================
tabs = st.tabs(["Thought records", "Expressive writing", "Success stories"], key="reframe_tab", on_change="rerun")
for tab, draw in zip(
    tabs, (thought_records, functools.partial(expressive_writing, ws, today), success_stories), strict=True
):
    if tab.open:
        with tab:
            draw()
