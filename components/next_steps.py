"""The Next steps page's tabs, one function each; only the open tab's function runs.

The record forms are declared in ``rebound.specs.next_steps`` and drawn by ``components.forms``.
Direction and weekly goals edit the one profile record (update-or-add, values shown as saved), so
they keep the first form helpers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import streamlit as st

from components import forms
from components.cards import delete_button, first_page, label_value, record_actions, show_more
from components.charts import table_expander
from components.data import tables_revision
from rebound import i18n, journal, nextsteps
from rebound.calendar import connections_ics
from rebound.i18n import N_, _, ngettext
from rebound.insights import effort, patterns
from rebound.models import CHANNELS, STAGE_LABELS, Invalid
from rebound.specs.next_steps import ACTION, ACTIVITY, CONNECTION, PLAN, REVIEW, WIN
from rebound.storage import Workspace
from rebound.text import md_escape, shorten

RECENT_MAX = 200  # entries listed for editing, newest first; older ones stay in the journal and its exports

# A week's status per kind (rebound.insights.effort), as the weekly table shows it.
STATUS_LABELS = {
    "met": N_("met"),
    "missed": N_("missed"),
    # Translators: a week still under way
    "open": N_("open"),
    "rest": N_("rest"),
    "no_goal": N_("no goal"),
}
# How a theme moved lately (rebound.insights.patterns), as the themes table shows it.
TREND_LABELS = {"growing": N_("growing"), "fading": N_("fading"), "steady": N_("steady"), "quiet": N_("quiet")}


def _kind(code: str) -> str:
    """An activity kind as shown (its marked label translated)."""
    label = effort.KIND_LABELS.get(code)
    return _(label) if label else code


def day_text(iso: object) -> str:
    """A stored ISO date as the person's locale writes it (as stored when it is not a date)."""
    try:
        return i18n.format_date(dt.date.fromisoformat(str(iso)))
    except ValueError:
        return str(iso)


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def effort_numbers(ws_id: str, revision: str, day: dt.date, goal_items: tuple, locale: str, _ws, _rejections: list):
    """Every effort number of the page, once per journal revision and language (the journal passed unhashed).

    The activity log is read here, not on every rerun: a two-year journal holds thousands.
    """
    _activities = _ws.all("activities")
    counted = effort.counted_activities(_activities, _ws.all("applications"))  # application records, once
    weekly = effort.weekly_effort(counted, dict(goal_items), day)
    days = effort.active_days(counted, day)
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
def recurring_themes(ws_id: str, revision: str, day: dt.date, locale: str, _tables: dict):
    """Recurring themes from reflections, feedback and conversations (Reflect's pattern logic).

    Kept per ``locale``: the theme labels and sentences are in the page's language."""
    events = patterns.theme_events(
        _tables["reflections"], _tables["feedback_requests"], _tables["support_log"], _tables["rejections"]
    )
    table = patterns.recurring(patterns.theme_table(events, day))
    return table, patterns.summary(table, events, _tables["rejections"], day) if not table.empty else []


def numbers_for(ws: Workspace, today: dt.date, goals: Mapping[str, int], rejections: list[dict]) -> dict:
    revision = tables_revision(ws, "activities", "rejections", "applications")
    return effort_numbers(ws.id, revision, today, tuple(sorted(goals.items())), i18n.current_locale(), ws, rejections)


# =====================================================================================
# Direction & goals (the profile)
# =====================================================================================
DIR = "dir"
DIR_FIELDS = ["long_term_goal", "values", "target_roles"]
GOAL = "goal"


def _own_words(profile: Mapping[str, Any], field: str) -> list[str]:
    return sorted(set(profile.get(field) or []) | set(st.session_state.get(forms.wkey(DIR, field)) or []))


def direction(ws: Workspace, today: dt.date, profile: dict, goals: Mapping[str, int]) -> None:
    st.header(_("Your direction"), anchor="direction")
    st.write(
        _(
            "Where do you want to be in a year or two, what matters to you in work, and which kinds of role fit? "
            "Looking for the right fit, not any job, makes each no easier to place."
        )
    )
    forms.show_flash(DIR)
    # Fill the form from the saved profile when it is new to this session or was saved again.
    if forms.wkey(DIR, "long_term_goal") not in st.session_state or st.session_state.get("_dir_loaded") != profile.get(
        "updated_at"
    ):
        forms.fill(DIR, profile | {f: profile.get(f) or [] for f in ("values", "target_roles")}, DIR_FIELDS)
        st.session_state["_dir_loaded"] = profile.get("updated_at")
    with st.form("direction_form"):
        # No max_chars: it drops a long paste without a word; the model says "too long" instead.
        st.text_area(
            _("Long-term goal"),
            placeholder=_("For example: lead a small data team in a public-health organisation."),
            key=forms.wkey(DIR, "long_term_goal"),
        )
        forms.field_error(DIR, "long_term_goal")
        st.multiselect(
            _("What matters to you in work (type and press Enter)"),
            _own_words(profile, "values"),
            accept_new_options=True,
            max_selections=30,
            placeholder=_("For example: learning, flexibility, a kind team"),
            key=forms.wkey(DIR, "values"),
        )
        forms.field_error(DIR, "values")
        st.multiselect(
            _("Kinds of role that fit (type and press Enter)"),
            _own_words(profile, "target_roles"),
            accept_new_options=True,
            max_selections=30,
            placeholder=_("For example: data analyst, research assistant"),
            key=forms.wkey(DIR, "target_roles"),
        )
        forms.field_error(DIR, "target_roles")
        st.form_submit_button(
            _("Save direction"),
            type="primary",
            on_click=forms.submit(
                DIR, DIR_FIELDS, lambda values: journal.save_profile(ws, values, today), N_("Direction saved.")
            ),
        )

    st.header(_("Weekly effort goals"), anchor="goals")
    st.write(
        _(
            "Goals for what you do each week, not for replies or offers: those are not in your hands. "
            "Pick numbers you could still reach in a tired week. 0 means no goal for that kind."
        )
    )
    forms.show_flash(GOAL)
    for kind in effort.GOAL_KINDS:
        st.session_state.setdefault(forms.wkey(GOAL, kind), int(goals.get(kind, 0)))

    def save_goals(values: dict) -> None:
        journal.save_profile(ws, {"weekly_goals": nextsteps.goals_from_form(values)}, today)

    with st.form("goals_form"):
        cols = st.columns(3)
        for i, kind in enumerate(effort.GOAL_KINDS):
            with cols[i % 3]:
                st.number_input(
                    _("{kind} per week", kind=_kind(kind)),
                    min_value=0,
                    max_value=200,
                    step=1,
                    key=forms.wkey(GOAL, kind),
                )
        forms.field_error(GOAL, "weekly_goals")
        st.form_submit_button(
            _("Save goals"),
            type="primary",
            on_click=forms.submit(GOAL, list(effort.GOAL_KINDS), save_goals, N_("Weekly goals saved.")),
        )
    st.caption(nextsteps.goals_sentence(goals))
    fact = next(f for f in nextsteps.evidence() if f["id"] == "combined")
    st.caption(f"{fact['text']} ({fact['source']})")


# =====================================================================================
# This week
# =====================================================================================


def streaks(numbers: dict, goals: Mapping[str, int]) -> None:
    if not goals:
        st.info(
            _("Set weekly effort goals in the first tab to see your streaks here. You can log effort anyway."),
            icon=":material/flag:",
        )
        return
    overall, day, weekly = numbers["overall"], numbers["day"], numbers["weekly"]
    left, right = st.columns(2)
    left.metric(_("Weeks in a row, all goals"), overall.current, help=_("Your best run: {n}.", n=overall.best))
    right.metric(_("Days in a row with some effort"), day.current, help=_("Your best run: {n}.", n=day.best))
    st.write(overall.message)
    st.caption(day.message)
    for kind, streak in numbers["kinds"].items():
        with st.container(border=True):
            target = max(streak.this_week_target, 1)
            line = _(
                "**{kind}** — {count} of {target} this week",
                kind=md_escape(_kind(kind)),
                count=streak.this_week_count,
                target=effort.units(kind, streak.this_week_target),
            )
            if streak.this_week_met:
                line += " :green[:material/check_circle: " + _("goal met") + "]"
            st.markdown(line)
            st.progress(min(streak.this_week_count / target, 1.0))
            run = ngettext("{n} week in a row", "{n} weeks in a row", streak.current) if streak.current else ""
            best = _("best {n}", n=streak.best) if streak.best else ""
            st.caption(" · ".join(p for p in (run, best) if p) + (" — " if run or best else "") + streak.message)
    rest_now = int(weekly["rest_days"].iloc[-1]) if not weekly.empty else 0
    if rest_now:
        st.caption(
            ngettext(
                "{days} this week lowers this week's targets (it takes a seventh off, rounded up).",
                "{days} this week lower this week's targets (each takes a seventh off, rounded up).",
                rest_now,
                days=effort.units("rest", rest_now),
            )
        )


def this_week(ws: Workspace, today: dt.date, numbers: dict, goals: Mapping[str, int]) -> None:
    st.header(_("This week"), anchor="week")
    streaks(numbers, goals)
    st.subheader(_("Edit this entry") if forms.editing(ACTIVITY) else _("Log effort"), anchor="log")
    st.caption(
        _(
            "Planned rest counts too: log it as “Planned rest”. It keeps your streaks safe and lowers the week's "
            "bar. Applications you log one by one on Understand count here by themselves, never twice: on each day "
            "the larger of the two numbers counts."
        )
    )
    forms.render(ACTIVITY, ws, today)

    st.subheader(_("Recent effort"))
    if not numbers["n_activities"]:
        st.info(_("Nothing logged yet. Your entries appear here, newest first."), icon=":material/edit_note:")
    recent = numbers["recent"]
    shown = st.session_state.get("_act_shown", 10)
    for a in recent[:shown]:
        unit = effort.units(a["kind"], a["count"]) if a["kind"] != "rest" else _("planned rest")
        minutes = ", " + _("{n} min", n=a["minutes"]) if a.get("minutes") else ""
        note = f" — {md_escape(shorten(a.get('note'), 60))}" if a.get("note") else ""
        day = day_text(a["date"])
        with st.expander(f"{day} · {md_escape(_kind(a['kind']))}: {unit}{minutes}{note}"):
            label_value(_("Note"), a.get("note"))
            record_actions(ws, ACTIVITY, a, _("the entry of {day}", day=day), edit_key=f"edit_act_{a['id']}")
    if len(recent) > shown:
        st.button(
            _("Show more ({n} older)", n=len(recent) - shown),
            key="act_more",
            on_click=st.session_state.__setitem__,
            args=("_act_shown", shown + 20),
        )
    if shown >= RECENT_MAX and numbers["n_activities"] > RECENT_MAX:
        st.caption(
            _(
                "The {max} most recent entries are listed here; all {n} count in the numbers and are in the CSV "
                "export on My data.",
                max=RECENT_MAX,
                n=numbers["n_activities"],
            )
        )
    weekly = numbers["weekly"]
    if not weekly.empty:
        with table_expander(_("Weekly totals as a table"), key="week_table_open") as is_open:
            if is_open:
                table = weekly[
                    weekly["current"] | (weekly["week_start"] >= weekly["week_start"].max() - dt.timedelta(weeks=11))
                ]
                kinds = {k: _(v) for k, v in effort.KIND_LABELS.items()}
                statuses = {k: _(v) for k, v in STATUS_LABELS.items()}
                st.dataframe(
                    table.assign(
                        week=[i18n.format_date(d, "date") for d in table["week_start"]],
                        kind=table["kind"].map(lambda k: kinds.get(k, k)),
                        status=table["status"].map(lambda k: statuses.get(k, k)),
                    )[["week", "kind", "count", "minutes", "target", "status"]].iloc[::-1],
                    hide_index=True,
                    column_config={
                        "week": _("Week of"),
                        "kind": _("Kind"),
                        "count": _("Done"),
                        "minutes": _("Minutes"),
                        "target": _("Target"),
                        "status": _("Status"),
                    },
                    key="week_table",
                )


# =====================================================================================
# If-then plans
# =====================================================================================


def _review_plan(ws: Workspace, plan_id: str, monday: dt.date, kept: bool, today: dt.date) -> None:
    note = st.session_state.get(f"pr_note_{plan_id}_{monday.isoformat()}")
    try:
        nextsteps.save_plan_review(ws, plan_id, monday, kept, note, today)
    except Invalid as exc:
        st.session_state["_plan_review_error"] = next(iter(exc.errors.values()))
        return
    st.session_state.pop("_plan_review_error", None)
    forms.flash(
        "plan_review",
        N_("Review saved.") if kept else N_("Review saved. A missed week is information, not a verdict."),
    )


def _plan_weeks(ws: Workspace, today: dt.date, plan: dict, plan_reviews: list[dict]) -> None:
    for monday in nextsteps.review_weeks(today):
        done = nextsteps.find_review(plan_reviews, plan["id"], monday)
        status = (_("kept ✓") if done["kept"] else _("missed")) if done else _("not reviewed")
        st.markdown(f"{nextsteps.week_phrase(monday, today)}: **{status}**")
        wk = monday.isoformat()
        note_col, kept_col, missed_col = st.columns([3, 1, 1], vertical_alignment="bottom")
        note_col.text_input(
            _("Note (optional)"), value=(done or {}).get("note") or "", key=f"pr_note_{plan['id']}_{wk}"
        )
        for col, code, label, kept in ((kept_col, "kept", _("Kept"), True), (missed_col, "missed", _("Missed"), False)):
            col.button(
                label,
                key=f"pr_{code}_{plan['id']}_{wk}",
                on_click=_review_plan,
                args=(ws, plan["id"], monday, kept, today),
            )


def plans(ws: Workspace, today: dt.date) -> None:
    st.header(_("If-then plans"), anchor="plans")
    fact = next(f for f in nextsteps.evidence() if f["id"] == "if_then")
    st.write(
        _(
            "Tie what you want to do to a moment you cannot miss: *If it is Monday at 9:00, then I send two "
            "tailored applications.* Then look back each week: kept or missed, without judging."
        )
    )
    st.caption(f"{fact['text']} ({fact['source']})")
    forms.render(PLAN, ws, today)

    st.subheader(_("Your plans and this week's review"))
    forms.show_flash("plan_review")
    if st.session_state.get("_plan_review_error"):
        st.error(st.session_state["_plan_review_error"], icon=":material/error:")
    all_plans = journal.sorted_by(ws.all("plans"), "created_at", reverse=False)
    plan_reviews = ws.all("plan_reviews")
    if not all_plans:
        st.info(_("No plans yet. One good plan is plenty to start with."), icon=":material/event_repeat:")
    for plan in all_plans:
        with st.container(border=True):
            extra = []
            if plan.get("kind"):
                extra.append(_kind(plan["kind"]))
            if plan.get("per_week"):
                extra.append(ngettext("{n}× a week", "{n}× a week", plan["per_week"]))
            st.markdown(
                _("**If** {cue}, **then** {action}", cue=md_escape(plan["cue"]), action=md_escape(plan["action"]))
                + (f"  \n:gray[{md_escape(' · '.join(extra))}]" if extra else "")
            )
            st.caption(nextsteps.plan_record(plan_reviews, plan["id"], today).sentence())
            _plan_weeks(ws, today, plan, plan_reviews)
            edit_col, delete_col = st.columns(2)
            with edit_col:
                st.button(
                    _("Edit plan"),
                    key=f"edit_plan_{plan['id']}",
                    icon=":material/edit:",
                    on_click=forms.start_editing,
                    args=(PLAN, plan),
                )
            with delete_col:
                delete_button(ws, "plans", plan["id"], _("the plan “{action}”", action=shorten(plan["action"], 40)))


# =====================================================================================
# Stay connected
# =====================================================================================


def _touched(ws: Workspace, conn: dict, today: dt.date) -> None:
    journal.save(ws, "connections", nextsteps.touch(conn, today), today, rid=conn["id"])
    forms.flash("con_due", N_("Noted. The next check is set for 30 days from now."))


def _due_soon(ws: Workspace, today: dt.date, connections: list[dict]) -> None:
    st.subheader(_("Due soon"))
    forms.show_flash("con_due")
    by_id = {c["id"]: c for c in connections}
    due = nextsteps.due_connections(connections, today)
    if not due:
        st.caption(_("Nothing due in the next two weeks."))
    for d in due:
        icon = ":orange[:material/schedule:]" if d.days <= 0 else ":blue[:material/event:]"
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown(f"{icon} **{md_escape(d.company)}** — {d.phrase}")
        if d.what == "check":
            right.button(
                _("Touched today"),
                key=f"touch_{d.connection_id}",
                on_click=_touched,
                args=(ws, by_id[d.connection_id], today),
            )
    if connections:
        locale = i18n.current_locale()  # the file is built later, outside this run: in the page's language

        def ics(conns=connections, day=today, locale=locale) -> bytes:
            with i18n.use(locale):
                return connections_ics(conns, day)

        st.download_button(
            _("Download the dates for your calendar (.ics)"),
            data=ics,
            file_name="rebound-stay-connected.ics",
            mime="text/calendar",
            icon=":material/calendar_month:",
            key="con_ics",
        )
        st.caption(_("All-day events for each next check and re-apply date; overdue checks are put on today."))


def _check_dates(record: dict[str, Any]) -> dict[str, Any]:
    nextsteps.check_connection_dates(record)
    return record


def stay_connected(ws: Workspace, today: dt.date) -> None:
    st.header(_("Stay connected"), anchor="connected")
    st.write(
        _(
            "Some companies are worth keeping warm after a no, especially where the process felt good. "
            "Follow them, read their news, congratulate someone there, and come back when the time is right."
        )
    )
    connections = sorted(ws.all("connections"), key=lambda c: c["company"].casefold())
    _due_soon(ws, today, connections)

    st.subheader(_("Edit this company") if forms.editing(CONNECTION) else _("Add a company"), anchor="add-company")
    done_opts = nextsteps.done_options()
    own_done = sorted({v for c in connections for v in c.get("done") or [] if v not in done_opts})
    forms.render(CONNECTION, ws, today, choices={"done": done_opts | {v: v for v in own_done}}, prepare=_check_dates)

    st.subheader(_("Companies you keep warm"))
    if not connections:
        st.info(_("No companies yet. Add one you would happily hear from again."), icon=":material/handshake:")
    labels = (
        ("last_touch_on", N_("last touch {day}")),
        ("next_check_on", N_("next check {day}")),
        ("reapply_after", N_("re-apply after {day}")),
    )
    for conn in first_page(connections, "connections"):
        dates = " · ".join(_(label, day=day_text(conn[f])) for f, label in labels if conn.get(f))
        with st.expander(f"{md_escape(conn['company'])}" + (f" — {dates}" if dates else "")):
            label_value(_("Contact"), conn.get("contact"))
            if conn.get("done"):
                label_value(_("Done so far"), ", ".join(nextsteps.done_label(v) for v in conn["done"]))
            label_value(_("Notes"), conn.get("notes"))
            record_actions(ws, CONNECTION, conn, conn["company"], edit_key=f"edit_con_{conn['id']}")
    show_more(connections, "connections")


# =====================================================================================
# Wins & next steps
# =====================================================================================


def wins(ws: Workspace, today: dt.date) -> None:
    st.header(_("Wins"), anchor="wins")
    st.write(
        _(
            "Small victories count: a good conversation, a sharper CV, an interview that felt better than the "
            "last. Writing them down gives you something real to look at on a hard day."
        )
    )
    forms.render(WIN, ws, today)
    all_wins = journal.sorted_by(ws.all("wins"), "date")
    if not all_wins:
        st.info(_("Your wins will appear here, newest first."), icon=":material/star:")
    for win in first_page(all_wins, "wins"):
        day = day_text(win["date"])
        with st.expander(f"{day} — {md_escape(shorten(win['text'], 70))}"):
            label_value(_("Win"), win["text"])
            record_actions(ws, WIN, win, _("the win of {day}", day=day), edit_key=f"edit_win_{win['id']}")
    show_more(all_wins, "wins")


def _show_action(ws: Workspace, today: dt.date, action: dict, rejection_names: Mapping[str, str]) -> None:
    note = nextsteps.action_note(action, today, rejection_names)
    title = md_escape(action["title"])
    mark = ":green[:material/check_circle:]" if action.get("done") else ":gray[:material/radio_button_unchecked:]"
    st.markdown(
        f"{mark} {'~~' + title + '~~' if action.get('done') else title}"
        + (f"  \n:gray[{md_escape(note)}]" if note else "")
    )
    c1, c2, c3 = st.columns(3)
    c1.button(
        _("Reopen") if action.get("done") else _("Mark done"),
        key=f"done_acn_{action['id']}",
        icon=":material/undo:" if action.get("done") else ":material/check:",
        on_click=nextsteps.toggle_done,
        args=(ws, action, today),
    )
    c2.button(
        _("Edit"),
        key=f"edit_acn_{action['id']}",
        icon=":material/edit:",
        on_click=forms.start_editing,
        args=(ACTION, action),
    )
    with c3:
        delete_button(ws, "actions", action["id"], _("the next step “{title}”", title=shorten(action["title"], 40)))


def next_actions(ws: Workspace, today: dt.date, rejection_names: Mapping[str, str]) -> None:
    st.header(_("Next steps"), anchor="actions")
    st.write(_("One concrete next step, with a day to do it by, turns a no into a way forward."))
    forms.render(
        ACTION,
        ws,
        today,
        choices={"rejection_id": rejection_names},
        save=lambda ws, _table, record, today, **kw: nextsteps.save_action(ws, record, today, **kw),
    )
    actions = ws.all("actions")
    open_actions, done_actions = nextsteps.split_actions(actions)
    if not actions:
        st.info(
            _("No next steps yet. Leads from Support and lessons from Reflect can land here too."),
            icon=":material/checklist:",
        )
    for action in first_page(open_actions, "open_actions"):
        with st.container(border=True):
            _show_action(ws, today, action, rejection_names)
    show_more(open_actions, "open_actions")
    if done_actions:
        with st.expander(_("Done ({n})", n=len(done_actions))):
            for action in first_page(done_actions, "done_actions"):
                _show_action(ws, today, action, rejection_names)
            show_more(done_actions, "done_actions")


# =====================================================================================
# Monthly review
# =====================================================================================
def _rates() -> dict:
    """The rate columns of the channel and source tables (built per run: their titles are translated)."""
    return {
        "applications": _("Applications"),
        "screens": _("Reached a screen"),
        "interviews": _("Reached an interview"),
        "screen_rate": st.column_config.NumberColumn(_("Screen rate"), format="percent"),
        "interview_rate": st.column_config.NumberColumn(_("Interview rate"), format="percent"),
    }


def _shown(table, column: str, known) -> Any:
    """``table`` with the marked words of ``column`` translated (the person's own words as typed)."""
    words = {w: _(w) for w in known}
    return table.assign(**{column: table[column].map(lambda v: words.get(v, v))})


def _effort_table(summary) -> None:
    st.markdown("**" + _("Effort against your goals, last four finished weeks") + "**")
    if summary.empty:
        st.caption(_("No finished weeks with effort yet."))
        return
    kinds = {k: _(v) for k, v in effort.KIND_LABELS.items()}
    st.dataframe(
        summary.assign(label=summary["kind"].map(lambda k: kinds.get(k, k)))[
            ["label", "count", "minutes", "goal", "weeks_met", "weeks", "average"]
        ],
        hide_index=True,
        column_config={
            "label": _("Kind"),
            "count": _("Done"),
            "minutes": _("Minutes"),
            "goal": _("Goal a week"),
            "weeks_met": _("Weeks goal met"),
            "weeks": _("Weeks"),
            "average": _("Per week"),
        },
        key="rev_effort",
    )


def _conversion(conv) -> None:
    st.markdown("**" + _("How far applications got") + "**")
    if not conv.total:
        st.caption(_("Log rejections on the Understand page to see where applications stop."))
        return
    st.caption(
        ngettext(
            "Across {n} logged application: how many reached each stage.",
            "Across {n} logged applications: how many reached each stage.",
            conv.total,
        )
    )
    st.dataframe(
        _shown(conv.by_stage, "label", STAGE_LABELS.values())[["label", "reached", "share", "step_rate"]],
        hide_index=True,
        column_config={
            "label": _("Stage"),
            "reached": _("Reached"),
            "share": st.column_config.NumberColumn(_("Share of all"), format="percent"),
            "step_rate": st.column_config.NumberColumn(_("From the stage before"), format="percent"),
        },
        key="rev_stage",
    )
    rates = _rates()
    left, right = st.columns(2)
    with left:
        st.markdown(_("By how you applied"))
        st.dataframe(
            _shown(conv.by_channel, "channel", (*CHANNELS, effort.NOT_RECORDED)),
            hide_index=True,
            column_config={"channel": _("How")} | rates,
            key="rev_channel",
        )
    with right:
        st.markdown(_("By where you found it"))
        st.dataframe(
            _shown(conv.by_source, "source", (effort.NOT_RECORDED,)),
            hide_index=True,
            column_config={"source": _("Where")} | rates,
            key="rev_source",
        )


def _themes(ws: Workspace, today: dt.date, rejections: list[dict]) -> None:
    st.markdown("**" + _("Recurring themes") + "**")
    themes, theme_lines = recurring_themes(
        ws.id,
        tables_revision(ws, "reflections", "feedback_requests", "support_log", "rejections"),
        today,
        i18n.current_locale(),
        {t: ws.all(t) for t in ("reflections", "feedback_requests", "support_log")} | {"rejections": rejections},
    )
    if themes.empty:
        st.caption(_("No theme has come up twice yet in reflections, feedback or conversations."))
        return
    for line in theme_lines:
        st.markdown(md_escape(line))
    trends = {k: _(v) for k, v in TREND_LABELS.items()}
    st.dataframe(
        themes[["label", "mentions", "trend"]]
        .head(10)
        .assign(trend=lambda t: t["trend"].map(lambda v: trends.get(v, v))),
        hide_index=True,
        column_config={"label": _("Theme"), "mentions": _("Times"), "trend": _("Lately")},
        key="rev_themes",
    )


def monthly_review(ws: Workspace, today: dt.date, numbers: dict, rejections: list[dict]) -> None:
    st.header(_("Monthly strategy review"), anchor="review")
    reviews = journal.sorted_by(ws.all("reviews"), "date")
    due_now, why = nextsteps.review_due(reviews, today)
    (st.info if due_now else st.caption)(why)
    st.subheader(_("The numbers that inform it"))
    _effort_table(numbers["summary"])
    _conversion(numbers["conversion"])
    _themes(ws, today, rejections)

    st.subheader(_("Edit this review") if forms.editing(REVIEW) else _("Your review"), anchor="review-form")
    forms.render(REVIEW, ws, today)
    if not reviews:
        st.info(_("Your past reviews will appear here."), icon=":material/calendar_month:")
    for rev in first_page(reviews, "reviews", step=5):
        day = day_text(rev["date"])
        title = _("Review of {day} — next: {change}", day=day, change=md_escape(shorten(rev["change_next"], 60)))
        with st.expander(title):
            label_value(_("What is working"), rev["working"])
            label_value(_("What is not working"), rev["not_working"])
            label_value(_("One change for next month"), rev["change_next"])
            record_actions(ws, REVIEW, rev, _("the review of {day}", day=day), edit_key=f"edit_rev_{rev['id']}")
    show_more(reviews, "reviews", step=5)
