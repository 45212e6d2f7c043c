"""Stage 4 · Next steps: direction, a weekly rhythm of effort, if-then plans, staying connected, wins."""

import datetime as dt

import streamlit as st

from components import forms, shell
from components.cards import delete_button, edit_and_delete, first_page, label_value, show_deleted, show_more
from components.data import tables_revision
from rebound import journal, nextsteps
from rebound.calendar import connections_ics
from rebound.insights import effort, patterns
from rebound.models import NAME, NOTE, Invalid
from rebound.text import md_escape, shorten

app = shell("Next steps", icon=":material/directions_walk:")
ws, today = app.ws, app.today

st.title("Keep moving forward")
st.write(
    "A steady weekly rhythm beats bursts of effort. Set goals for what you do, not for what others decide, "
    "notice what you kept up, and let rest be part of the plan."
)
show_deleted()

profile = journal.profile(ws)
goals = effort.clean_goals(profile.get("weekly_goals"))
rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
rejection_names = {r["id"]: f"{r['company']} · {r['role']} ({r['rejected_on']})" for r in rejections}


RECENT_MAX = 200  # entries listed for editing, newest first; older ones stay in the journal and its exports


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def effort_numbers(ws_id: str, revision: str, day: dt.date, goal_items: tuple, _ws, _rejections: list):
    """Every effort number of the page, once per journal revision (the journal passed unhashed).

    The activity log is read here, not on every rerun: a two-year journal holds thousands.
    """
    _activities = _ws.all("activities")
    weekly = effort.weekly_effort(_activities, dict(goal_items), day)
    days = effort.active_days(_activities, day)
    return {
        "weekly": weekly,
        "overall": effort.streak_from_weeks(weekly),
        "kinds": effort.kind_streaks(weekly),
        "day": effort.day_streak_from_days(days, day),
        "summary": effort.effort_summary(weekly, weeks=4),
        "conversion": effort.conversion(_rejections),
        "recent": journal.sorted_by(_activities, "date")[:RECENT_MAX],
        "n_activities": len(_activities),
    }


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def recurring_themes(ws_id: str, revision: str, day: dt.date, _tables: dict):
    """Recurring themes from reflections, feedback and conversations (Reflect's pattern logic)."""
    events = patterns.theme_events(
        _tables["reflections"], _tables["feedback_requests"], _tables["support_log"], _tables["rejections"]
    )
    table = patterns.recurring(patterns.theme_table(events, day))
    return table, patterns.summary(table, events, _tables["rejections"], day) if not table.empty else []


numbers = effort_numbers(
    ws.id, tables_revision(ws, "activities", "rejections"), today, tuple(sorted(goals.items())), ws, rejections
)
weekly = numbers["weekly"]


# Direction stays in view wherever decisions are made on this page.
if profile.get("long_term_goal"):
    st.info(f"**Where you are heading:** {md_escape(profile['long_term_goal'])}", icon=":material/explore:")

# Only the open tab runs: a long journal's lists do not slow the others down.
TABS = ["Direction & goals", "This week", "If-then plans", "Stay connected", "Wins & next steps", "Monthly review"]
tabs = st.tabs(TABS, key="next_tab", on_change="rerun")
direction_tab, week_tab, plans_tab, connect_tab, wins_tab, review_tab = tabs

# =====================================================================================
# Direction & goals
# =====================================================================================
DIR = "dir"
DIR_FIELDS = ["long_term_goal", "values", "target_roles"]
GOAL = "goal"


def save_direction(values: dict) -> None:
    journal.save_profile(ws, values, today)


def save_goals(values: dict) -> None:
    journal.save_profile(ws, {"weekly_goals": nextsteps.goals_from_form(values)}, today)


if direction_tab.open:
    with direction_tab:
        st.header("Your direction", anchor="direction")
        st.write(
            "Where do you want to be in a year or two, what matters to you in work, and which kinds of role fit? "
            "Looking for the right fit, not any job, makes each no easier to place."
        )
        forms.show_flash(DIR)
        # Fill the form from the saved profile when it is new to this session or was saved again.
        if forms.wkey(DIR, "long_term_goal") not in st.session_state or st.session_state.get(
            "_dir_loaded"
        ) != profile.get("updated_at"):
            forms.fill(DIR, profile | {f: profile.get(f) or [] for f in ("values", "target_roles")}, DIR_FIELDS)
            st.session_state["_dir_loaded"] = profile.get("updated_at")
        with st.form("direction_form"):
            st.text_area(
                "Long-term goal",
                max_chars=NOTE,
                placeholder="For example: lead a small data team in a public-health organisation.",
                key=forms.wkey(DIR, "long_term_goal"),
            )
            forms.field_error(DIR, "long_term_goal")
            st.multiselect(
                "What matters to you in work (type and press Enter)",
                sorted(set(profile.get("values") or []) | set(st.session_state.get(forms.wkey(DIR, "values")) or [])),
                accept_new_options=True,
                max_selections=30,
                placeholder="For example: learning, flexibility, a kind team",
                key=forms.wkey(DIR, "values"),
            )
            forms.field_error(DIR, "values")
            st.multiselect(
                "Kinds of role that fit (type and press Enter)",
                sorted(
                    set(profile.get("target_roles") or [])
                    | set(st.session_state.get(forms.wkey(DIR, "target_roles")) or [])
                ),
                accept_new_options=True,
                max_selections=30,
                placeholder="For example: data analyst, research assistant",
                key=forms.wkey(DIR, "target_roles"),
            )
            forms.field_error(DIR, "target_roles")
            st.form_submit_button(
                "Save direction",
                type="primary",
                on_click=forms.submit(DIR, DIR_FIELDS, save_direction, "Direction saved."),
            )

        st.header("Weekly effort goals", anchor="goals")
        st.write(
            "Goals for what you do each week, not for replies or offers: those are not in your hands. "
            "Pick numbers you could still reach in a tired week. 0 means no goal for that kind."
        )
        forms.show_flash(GOAL)
        for kind in effort.GOAL_KINDS:
            st.session_state.setdefault(forms.wkey(GOAL, kind), int(goals.get(kind, 0)))
        with st.form("goals_form"):
            cols = st.columns(3)
            for i, kind in enumerate(effort.GOAL_KINDS):
                with cols[i % 3]:
                    st.number_input(
                        f"{effort.KIND_LABELS[kind]} per week",
                        min_value=0,
                        max_value=200,
                        step=1,
                        key=forms.wkey(GOAL, kind),
                    )
            forms.field_error(GOAL, "weekly_goals")
            st.form_submit_button(
                "Save goals",
                type="primary",
                on_click=forms.submit(GOAL, list(effort.GOAL_KINDS), save_goals, "Weekly goals saved."),
            )
        st.caption(nextsteps.goals_sentence(goals))
        fact = next(f for f in nextsteps.evidence() if f["id"] == "combined")
        st.caption(f"{fact['text']} ({fact['source']})")

# =====================================================================================
# This week
# =====================================================================================
ACT = "act"
ACT_FIELDS = ["date", "kind", "count", "minutes", "note"]
editing_act = forms.editing("activities")


save_activity = forms.saver(ws, "activities", today)


if week_tab.open:
    with week_tab:
        st.header("This week", anchor="week")
        if not goals:
            st.info(
                "Set weekly effort goals in the first tab to see your streaks here. You can log effort anyway.",
                icon=":material/flag:",
            )
        else:
            overall = numbers["overall"]
            left, right = st.columns(2)
            left.metric("Weeks in a row, all goals", overall.current, help=f"Your best run: {overall.best}.")
            day = numbers["day"]
            right.metric("Days in a row with some effort", day.current, help=f"Your best run: {day.best}.")
            st.write(overall.message)
            st.caption(day.message)
            for kind, streak in numbers["kinds"].items():
                with st.container(border=True):
                    target = max(streak.this_week_target, 1)
                    st.markdown(
                        f"**{effort.KIND_LABELS[kind]}** — {streak.this_week_count} of "
                        f"{effort.units(kind, streak.this_week_target)} this week"
                        + (" :green[:material/check_circle: goal met]" if streak.this_week_met else "")
                    )
                    st.progress(min(streak.this_week_count / target, 1.0))
                    run = (
                        f"{streak.current} week{'s' if streak.current != 1 else ''} in a row" if streak.current else ""
                    )
                    best = f"best {streak.best}" if streak.best else ""
                    st.caption(
                        " · ".join(p for p in (run, best) if p) + (" — " if run or best else "") + streak.message
                    )
            rest_now = int(weekly["rest_days"].iloc[-1]) if not weekly.empty else 0
            if rest_now:
                st.caption(
                    f"{effort.units('rest', rest_now)} this week lower this week's targets "
                    "(each takes a seventh off, rounded up)."
                )

        st.subheader("Log effort" if not editing_act else "Edit this entry", anchor="log")
        st.caption(
            "Planned rest counts too: log it as “Planned rest”. It keeps your streaks safe and lowers the week's bar."
        )
        forms.show_flash(ACT)
        st.session_state.setdefault(forms.wkey(ACT, "date"), today)
        st.session_state.setdefault(forms.wkey(ACT, "count"), 1)
        with st.form("activity_form"):
            left, right = st.columns(2)
            with left:
                st.date_input("Date", max_value=today, key=forms.wkey(ACT, "date"))
                forms.field_error(ACT, "date")
            with right:
                st.selectbox(
                    "Kind",
                    list(effort.KIND_LABELS),
                    index=None,
                    format_func=effort.KIND_LABELS.get,
                    placeholder="What did you do?",
                    key=forms.wkey(ACT, "kind"),
                )
                forms.field_error(ACT, "kind")
            left, right = st.columns(2)
            with left:
                st.number_input("How many", min_value=0, max_value=500, step=1, key=forms.wkey(ACT, "count"))
                forms.field_error(ACT, "count")
            with right:
                st.number_input(
                    "Minutes (optional)",
                    min_value=0,
                    max_value=24 * 60,
                    step=5,
                    value=None,
                    key=forms.wkey(ACT, "minutes"),
                )
                forms.field_error(ACT, "minutes")
            st.text_input("Note (optional)", max_chars=NOTE, key=forms.wkey(ACT, "note"))
            forms.field_error(ACT, "note")
            forms.form_buttons(
                ACT, "activities", ACT_FIELDS, save_activity, "Log it", "Logged. Every bit of effort counts."
            )

        st.subheader("Recent effort")
        if not numbers["n_activities"]:
            st.info("Nothing logged yet. Your entries appear here, newest first.", icon=":material/edit_note:")
        recent = numbers["recent"]
        shown = st.session_state.get("_act_shown", 10)
        for a in recent[:shown]:
            unit = effort.units(a["kind"], a["count"]) if a["kind"] != "rest" else "planned rest"
            minutes = f", {a['minutes']} min" if a.get("minutes") else ""
            note = f" — {md_escape(shorten(a.get('note'), 60))}" if a.get("note") else ""
            with st.expander(
                f"{a['date']} · {md_escape(effort.KIND_LABELS.get(a['kind'], a['kind']))}: {unit}{minutes}{note}"
            ):
                label_value("Note", a.get("note"))
                edit_and_delete(
                    ws,
                    "activities",
                    a,
                    ACT,
                    ACT_FIELDS,
                    f"the entry of {a['date']}",
                    edit_key=f"edit_act_{a['id']}",
                    dates=("date",),
                )
        if len(recent) > shown:
            st.button(
                f"Show more ({len(recent) - shown} older)",
                key="act_more",
                on_click=st.session_state.__setitem__,
                args=("_act_shown", shown + 20),
            )
        if shown >= RECENT_MAX and numbers["n_activities"] > RECENT_MAX:
            st.caption(
                f"The {RECENT_MAX} most recent entries are listed here; all {numbers['n_activities']} count in the "
                "numbers and are in the CSV export on My data."
            )
        if not weekly.empty:
            with st.expander("Weekly totals as a table"):
                table = weekly[
                    weekly["current"] | (weekly["week_start"] >= weekly["week_start"].max() - dt.timedelta(weeks=11))
                ]
                st.dataframe(
                    table.assign(kind=table["kind"].map(effort.KIND_LABELS))[
                        ["week", "kind", "count", "minutes", "target", "status"]
                    ].iloc[::-1],
                    hide_index=True,
                    key="week_table",
                )

# =====================================================================================
# If-then plans
# =====================================================================================
PLAN = "plan"
PLAN_FIELDS = ["cue", "action", "kind", "per_week"]
editing_plan = forms.editing("plans")
plans = journal.sorted_by(ws.all("plans"), "created_at", reverse=False)
plan_reviews = ws.all("plan_reviews")


def save_plan(values: dict) -> None:
    journal.save(ws, "plans", values, today, rid=forms.editing("plans"))
    st.session_state.pop("_editing_plans", None)


def review_plan(plan_id: str, monday: dt.date, kept: bool) -> None:
    note = st.session_state.get(f"pr_note_{plan_id}_{monday.isoformat()}")
    try:
        nextsteps.save_plan_review(ws, plan_id, monday, kept, note, today)
    except Invalid as exc:
        st.session_state["_plan_review_error"] = next(iter(exc.errors.values()))
        return
    st.session_state.pop("_plan_review_error", None)
    forms.flash(
        "plan_review", "Review saved." if kept else "Review saved. A missed week is information, not a verdict."
    )


if plans_tab.open:
    with plans_tab:
        st.header("If-then plans", anchor="plans")
        fact = next(f for f in nextsteps.evidence() if f["id"] == "if_then")
        st.write(
            "Tie what you want to do to a moment you cannot miss: *If it is Monday at 9:00, then I send two tailored "
            "applications.* Then look back each week: kept or missed, without judging."
        )
        st.caption(f"{fact['text']} ({fact['source']})")
        forms.show_flash(PLAN)
        with st.form("plan_form"):
            st.text_input(
                "If… (the moment)", max_chars=NAME, placeholder="it is Monday at 9:00", key=forms.wkey(PLAN, "cue")
            )
            forms.field_error(PLAN, "cue")
            st.text_input(
                "…then I will",
                max_chars=NAME,
                placeholder="send two tailored applications",
                key=forms.wkey(PLAN, "action"),
            )
            forms.field_error(PLAN, "action")
            left, right = st.columns(2)
            with left:
                st.selectbox(
                    "Kind of effort (optional)",
                    list(effort.GOAL_KINDS),
                    index=None,
                    format_func=effort.KIND_LABELS.get,
                    placeholder="Choose…",
                    key=forms.wkey(PLAN, "kind"),
                )
            with right:
                st.number_input(
                    "Times a week (optional)",
                    min_value=1,
                    max_value=14,
                    value=None,
                    step=1,
                    key=forms.wkey(PLAN, "per_week"),
                )
                forms.field_error(PLAN, "per_week")
            forms.form_buttons(PLAN, "plans", PLAN_FIELDS, save_plan, "Save plan", "Plan saved.")

        st.subheader("Your plans and this week's review")
        forms.show_flash("plan_review")
        if st.session_state.get("_plan_review_error"):
            st.error(st.session_state["_plan_review_error"], icon=":material/error:")
        if not plans:
            st.info("No plans yet. One good plan is plenty to start with.", icon=":material/event_repeat:")
        for plan in plans:
            with st.container(border=True):
                extra = []
                if plan.get("kind"):
                    extra.append(md_escape(effort.KIND_LABELS.get(plan["kind"], plan["kind"])))
                if plan.get("per_week"):
                    extra.append(f"{plan['per_week']}× a week")
                st.markdown(
                    f"**If** {md_escape(plan['cue'])}, **then** {md_escape(plan['action'])}"
                    + (f"  \n:gray[{' · '.join(extra)}]" if extra else "")
                )
                st.caption(nextsteps.plan_record(plan_reviews, plan["id"], today).sentence())
                for monday in nextsteps.review_weeks(today):
                    done = nextsteps.find_review(plan_reviews, plan["id"], monday)
                    status = ("kept ✓" if done["kept"] else "missed") if done else "not reviewed"
                    st.markdown(f"{nextsteps.week_phrase(monday, today).capitalize()}: **{status}**")
                    wk = monday.isoformat()
                    note_col, kept_col, missed_col = st.columns([3, 1, 1], vertical_alignment="bottom")
                    note_col.text_input(
                        "Note (optional)",
                        value=(done or {}).get("note") or "",
                        max_chars=NOTE,
                        key=f"pr_note_{plan['id']}_{wk}",
                    )
                    kept_col.button(
                        "Kept", key=f"pr_kept_{plan['id']}_{wk}", on_click=review_plan, args=(plan["id"], monday, True)
                    )
                    missed_col.button(
                        "Missed",
                        key=f"pr_missed_{plan['id']}_{wk}",
                        on_click=review_plan,
                        args=(plan["id"], monday, False),
                    )
                edit_col, delete_col = st.columns(2)
                with edit_col:
                    st.button(
                        "Edit plan",
                        key=f"edit_plan_{plan['id']}",
                        icon=":material/edit:",
                        on_click=forms.start_edit,
                        args=("plans", plan["id"], PLAN, plan, PLAN_FIELDS),
                    )
                with delete_col:
                    delete_button(ws, "plans", plan["id"], f"the plan “{shorten(plan['action'], 40)}”")

# =====================================================================================
# Stay connected
# =====================================================================================
CON = "con"
CON_FIELDS = ["company", "contact", "done", "last_touch_on", "next_check_on", "reapply_after", "notes"]
CON_DATES = ("last_touch_on", "next_check_on", "reapply_after")
editing_con = forms.editing("connections")
connections = sorted(ws.all("connections"), key=lambda c: c["company"].casefold())
connections_by_id = {c["id"]: c for c in connections}


def save_connection(values: dict) -> None:
    data = {k: forms.iso(v) for k, v in values.items()}
    data["done"] = data.get("done") or []
    nextsteps.check_connection_dates(data)
    journal.save(ws, "connections", data, today, rid=forms.editing("connections"))
    st.session_state.pop("_editing_connections", None)


def touched(conn: dict) -> None:
    journal.save(ws, "connections", nextsteps.touch(conn, today), today, rid=conn["id"])
    forms.flash("con_due", "Noted. The next check is set for 30 days from now.")


if connect_tab.open:
    with connect_tab:
        st.header("Stay connected", anchor="connected")
        st.write(
            "Some companies are worth keeping warm after a no, especially where the process felt good. "
            "Follow them, read their news, congratulate someone there, and come back when the time is right."
        )
        st.subheader("Due soon")
        forms.show_flash("con_due")
        due = nextsteps.due_connections(connections, today)
        if not due:
            st.caption("Nothing due in the next two weeks.")
        for d in due:
            icon = ":orange[:material/schedule:]" if d.days <= 0 else ":blue[:material/event:]"
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.markdown(f"{icon} **{md_escape(d.company)}** — {d.phrase}")
            if d.what == "check":
                conn = connections_by_id[d.connection_id]
                right.button("Touched today", key=f"touch_{d.connection_id}", on_click=touched, args=(conn,))
        if connections:
            st.download_button(
                "Download the dates for your calendar (.ics)",
                data=lambda conns=connections, day=today: connections_ics(conns, day),
                file_name="rebound-stay-connected.ics",
                mime="text/calendar",
                icon=":material/calendar_month:",
                key="con_ics",
            )
            st.caption("All-day events for each next check and re-apply date; overdue checks are put on today.")

        st.subheader("Add a company" if not editing_con else "Edit this company", anchor="add-company")
        forms.show_flash(CON)
        done_opts = nextsteps.done_options()
        own_done = sorted({v for c in connections for v in c.get("done") or [] if v not in done_opts})
        with st.form("connection_form"):
            left, right = st.columns(2)
            with left:
                st.text_input("Company", max_chars=NAME, key=forms.wkey(CON, "company"))
                forms.field_error(CON, "company")
            with right:
                st.text_input("Contact there (optional)", max_chars=NAME, key=forms.wkey(CON, "contact"))
                forms.field_error(CON, "contact")
            st.multiselect(
                "What you have done so far (pick or type your own)",
                list(done_opts) + own_done,
                format_func=nextsteps.done_label,
                accept_new_options=True,
                max_selections=30,
                key=forms.wkey(CON, "done"),
            )
            forms.field_error(CON, "done")
            c1, c2, c3 = st.columns(3)
            with c1:
                st.date_input(
                    "Last touch (optional)", value=None, max_value=today, key=forms.wkey(CON, "last_touch_on")
                )
                forms.field_error(CON, "last_touch_on")
            with c2:
                st.date_input("Next check (optional)", value=None, key=forms.wkey(CON, "next_check_on"))
                forms.field_error(CON, "next_check_on")
            with c3:
                st.date_input("Re-apply after (optional)", value=None, key=forms.wkey(CON, "reapply_after"))
                forms.field_error(CON, "reapply_after")
            st.text_area("Notes (optional)", max_chars=NOTE, key=forms.wkey(CON, "notes"))
            forms.field_error(CON, "notes")
            forms.form_buttons(
                CON,
                "connections",
                CON_FIELDS,
                save_connection,
                "Save company",
                "Saved. Keeping in touch is a long game.",
            )

        st.subheader("Companies you keep warm")
        if not connections:
            st.info("No companies yet. Add one you would happily hear from again.", icon=":material/handshake:")
        for conn in first_page(connections, "connections"):
            dates = " · ".join(
                f"{label} {conn[f]}"
                for f, label in (
                    ("last_touch_on", "last touch"),
                    ("next_check_on", "next check"),
                    ("reapply_after", "re-apply after"),
                )
                if conn.get(f)
            )
            with st.expander(f"{md_escape(conn['company'])}" + (f" — {dates}" if dates else "")):
                label_value("Contact", conn.get("contact"))
                if conn.get("done"):
                    label_value("Done so far", ", ".join(nextsteps.done_label(v) for v in conn["done"]))
                label_value("Notes", conn.get("notes"))
                edit_col, delete_col = st.columns(2)
                with edit_col:
                    st.button(
                        "Edit",
                        key=f"edit_con_{conn['id']}",
                        icon=":material/edit:",
                        on_click=forms.start_edit,
                        args=("connections", conn["id"], CON, conn, CON_FIELDS, CON_DATES),
                    )
                with delete_col:
                    delete_button(ws, "connections", conn["id"], conn["company"])
        show_more(connections, "connections")

# =====================================================================================
# Wins & next steps
# =====================================================================================
WIN = "win"
WIN_FIELDS = ["date", "text"]
editing_win = forms.editing("wins")
ACN = "acn"
ACN_FIELDS = ["title", "due_on", "rejection_id"]
editing_acn = forms.editing("actions")
actions = ws.all("actions")


save_win = forms.saver(ws, "wins", today)


def save_action(values: dict) -> None:
    rid = forms.editing("actions")
    current = ws.get("actions", rid) if rid else None
    keep = {k: current.get(k) for k in ("done", "kind", "source")} if current else {}
    data = keep | {k: forms.iso(v) for k, v in values.items()}
    journal.save(ws, "actions", data, today, rid=rid)
    st.session_state.pop("_editing_actions", None)


def toggle_action(action: dict) -> None:
    nextsteps.toggle_done(ws, action, today)


if wins_tab.open:
    with wins_tab:
        st.header("Wins", anchor="wins")
        st.write(
            "Small victories count: a good conversation, a sharper CV, an interview that felt better than the last. "
            "Writing them down gives you something real to look at on a hard day."
        )
        forms.show_flash(WIN)
        st.session_state.setdefault(forms.wkey(WIN, "date"), today)
        with st.form("win_form"):
            st.date_input("Date", max_value=today, key=forms.wkey(WIN, "date"))
            forms.field_error(WIN, "date")
            st.text_area("Your win", max_chars=NOTE, height=80, key=forms.wkey(WIN, "text"))
            forms.field_error(WIN, "text")
            forms.form_buttons(WIN, "wins", WIN_FIELDS, save_win, "Save win", "Saved. Well done.")
        wins = journal.sorted_by(ws.all("wins"), "date")
        if not wins:
            st.info("Your wins will appear here, newest first.", icon=":material/star:")
        for win in first_page(wins, "wins"):
            with st.expander(f"{win['date']} — {md_escape(shorten(win['text'], 70))}"):
                label_value("Win", win["text"])
                edit_and_delete(
                    ws,
                    "wins",
                    win,
                    WIN,
                    WIN_FIELDS,
                    f"the win of {win['date']}",
                    edit_key=f"edit_win_{win['id']}",
                    dates=("date",),
                )
        show_more(wins, "wins")

        st.header("Next steps", anchor="actions")
        st.write("One concrete next step, with a day to do it by, turns a no into a way forward.")
        forms.show_flash(ACN)
        with st.form("action_form"):
            st.text_input(
                "Next step",
                max_chars=NAME,
                placeholder="Ask Ana for an intro to her team",
                key=forms.wkey(ACN, "title"),
            )
            forms.field_error(ACN, "title")
            left, right = st.columns(2)
            with left:
                st.date_input("Due (optional)", value=None, key=forms.wkey(ACN, "due_on"))
                forms.field_error(ACN, "due_on")
            with right:
                st.selectbox(
                    "For a rejection (optional)",
                    list(rejection_names),
                    index=None,
                    format_func=rejection_names.get,
                    placeholder="Not about one in particular",
                    key=forms.wkey(ACN, "rejection_id"),
                )
                forms.field_error(ACN, "rejection_id")
            forms.form_buttons(ACN, "actions", ACN_FIELDS, save_action, "Save next step", "Next step saved.")
        open_actions, done_actions = nextsteps.split_actions(actions)
        if not actions:
            st.info(
                "No next steps yet. Leads from Support and lessons from Reflect can land here too.",
                icon=":material/checklist:",
            )

        def show_action(action: dict) -> None:
            note = nextsteps.action_note(action, today, rejection_names)
            title = md_escape(action["title"])
            mark = (
                ":green[:material/check_circle:]" if action.get("done") else ":gray[:material/radio_button_unchecked:]"
            )
            st.markdown(
                f"{mark} {'~~' + title + '~~' if action.get('done') else title}"
                + (f"  \n:gray[{md_escape(note)}]" if note else "")
            )
            c1, c2, c3 = st.columns(3)
            c1.button(
                "Reopen" if action.get("done") else "Mark done",
                key=f"done_acn_{action['id']}",
                icon=":material/undo:" if action.get("done") else ":material/check:",
                on_click=toggle_action,
                args=(action,),
            )
            c2.button(
                "Edit",
                key=f"edit_acn_{action['id']}",
                icon=":material/edit:",
                on_click=forms.start_edit,
                args=("actions", action["id"], ACN, action, ACN_FIELDS, ("due_on",)),
            )
            with c3:
                delete_button(ws, "actions", action["id"], f"the next step “{shorten(action['title'], 40)}”")

        for action in first_page(open_actions, "open_actions"):
            with st.container(border=True):
                show_action(action)
        show_more(open_actions, "open_actions")
        if done_actions:
            with st.expander(f"Done ({len(done_actions)})"):
                for action in first_page(done_actions, "done_actions"):
                    show_action(action)
                show_more(done_actions, "done_actions")

# =====================================================================================
# Monthly review
# =====================================================================================
REV = "rev"
REV_FIELDS = ["date", "working", "not_working", "change_next"]
editing_rev = forms.editing("reviews")
reviews = journal.sorted_by(ws.all("reviews"), "date")


save_review = forms.saver(ws, "reviews", today)


if review_tab.open:
    with review_tab:
        st.header("Monthly strategy review", anchor="review")
        due_now, why = nextsteps.review_due(reviews, today)
        (st.info if due_now else st.caption)(why)

        st.subheader("The numbers that inform it")
        summary = numbers["summary"]
        st.markdown("**Effort against your goals, last four finished weeks**")
        if summary.empty:
            st.caption("No finished weeks with effort yet.")
        else:
            st.dataframe(
                summary[["label", "count", "minutes", "goal", "weeks_met", "weeks", "average"]],
                hide_index=True,
                column_config={
                    "label": "Kind",
                    "count": "Done",
                    "minutes": "Minutes",
                    "goal": "Goal a week",
                    "weeks_met": "Weeks goal met",
                    "weeks": "Weeks",
                    "average": "Per week",
                },
                key="rev_effort",
            )
        conv = numbers["conversion"]
        st.markdown("**How far applications got**")
        if not conv.total:
            st.caption("Log rejections on the Understand page to see where applications stop.")
        else:
            st.caption(
                f"Across {conv.total} logged application{'s' if conv.total != 1 else ''}: how many reached each stage."
            )
            st.dataframe(
                conv.by_stage[["label", "reached", "share", "step_rate"]],
                hide_index=True,
                column_config={
                    "label": "Stage",
                    "reached": "Reached",
                    "share": st.column_config.NumberColumn("Share of all", format="percent"),
                    "step_rate": st.column_config.NumberColumn("From the stage before", format="percent"),
                },
                key="rev_stage",
            )
            rates = {
                "applications": "Applications",
                "screens": "Reached a screen",
                "interviews": "Reached an interview",
                "screen_rate": st.column_config.NumberColumn("Screen rate", format="percent"),
                "interview_rate": st.column_config.NumberColumn("Interview rate", format="percent"),
            }
            left, right = st.columns(2)
            with left:
                st.markdown("By how you applied")
                st.dataframe(
                    conv.by_channel, hide_index=True, column_config={"channel": "How"} | rates, key="rev_channel"
                )
            with right:
                st.markdown("By where you found it")
                st.dataframe(
                    conv.by_source, hide_index=True, column_config={"source": "Where"} | rates, key="rev_source"
                )
        st.markdown("**Recurring themes**")
        themes, theme_lines = recurring_themes(
            ws.id,
            tables_revision(ws, "reflections", "feedback_requests", "support_log", "rejections"),
            today,
            {t: ws.all(t) for t in ("reflections", "feedback_requests", "support_log")} | {"rejections": rejections},
        )
        if themes.empty:
            st.caption("No theme has come up twice yet in reflections, feedback or conversations.")
        else:
            for line in theme_lines:
                st.markdown(md_escape(line))
            st.dataframe(
                themes[["label", "mentions", "trend"]].head(10),
                hide_index=True,
                column_config={"label": "Theme", "mentions": "Times", "trend": "Lately"},
                key="rev_themes",
            )

        st.subheader("Your review" if not editing_rev else "Edit this review", anchor="review-form")
        forms.show_flash(REV)
        st.session_state.setdefault(forms.wkey(REV, "date"), today)
        with st.form("review_form"):
            st.date_input("Date", max_value=today, key=forms.wkey(REV, "date"))
            forms.field_error(REV, "date")
            st.text_area("What is working?", max_chars=NOTE, key=forms.wkey(REV, "working"))
            forms.field_error(REV, "working")
            st.text_area("What is not working?", max_chars=NOTE, key=forms.wkey(REV, "not_working"))
            forms.field_error(REV, "not_working")
            st.text_area("One change for next month", max_chars=NOTE, key=forms.wkey(REV, "change_next"))
            forms.field_error(REV, "change_next")
            forms.form_buttons(
                REV, "reviews", REV_FIELDS, save_review, "Save review", "Review saved. One change at a time is plenty."
            )
        if not reviews:
            st.info("Your past reviews will appear here.", icon=":material/calendar_month:")
        for rev in first_page(reviews, "reviews", step=5):
            with st.expander(f"Review of {rev['date']} — next: {md_escape(shorten(rev['change_next'], 60))}"):
                label_value("What is working", rev["working"])
                label_value("What is not working", rev["not_working"])
                label_value("One change for next month", rev["change_next"])
                edit_and_delete(
                    ws,
                    "reviews",
                    rev,
                    REV,
                    REV_FIELDS,
                    f"the review of {rev['date']}",
                    edit_key=f"edit_rev_{rev['id']}",
                    dates=("date",),
                )
        show_more(reviews, "reviews", step=5)
