"""Next steps page in AppTest: direction, goals, activity log, plans, stay connected, wins, actions, reviews."""

from __future__ import annotations

import datetime as dt

from components import forms
from rebound import clock, journal
from rebound.insights.effort import week_start
from rebound.storage import StoreUnavailable, open_workspace
from rebound.storage.files import FileWorkspace
from rebound.text import md_escape
from tests.apptest.conftest import button, field, open_page, texts

PAGE = "pages/6_Next_steps.py"
TABS = ["Direction & goals", "This week", "If-then plans", "Stay connected", "Wins & next steps", "Monthly review"]


def ws(data_dir):
    return open_workspace("personal", data_dir)


def today() -> dt.date:
    return clock.today()


def errors(at) -> list[str]:
    return [m.value for m in at.markdown if ":material/error:" in m.value]


def open_tab(at, label: str):
    """Only the open tab runs; open another one as a click on it would."""
    at.session_state["next_tab"] = label
    return at.run()


def every_tab(at):
    """Visit each tab; return all the text and the metrics seen."""
    seen, metrics = [], []
    for label in TABS:
        at = open_tab(at, label)
        seen.append(texts(at))
        metrics += list(at.metric)
    return "\n".join(seen), metrics


def confirm_delete(at, nth: int = 0):
    at = button(at, "Delete", nth).click().run()
    assert "This cannot be undone" in texts(at)
    return button(at, "Yes, delete").click().run()


def test_empty_states(personal):
    at = open_page(PAGE)
    page, metrics = every_tab(at)
    for text in (
        "Set weekly effort goals in the first tab",
        "Nothing logged yet",
        "No plans yet",
        "No companies yet",
        "Your wins will appear here",
        "No next steps yet",
        "No review yet",
        "Log rejections on the Understand page",
        "No theme has come up twice yet",
        "No weekly goals yet.",
    ):
        assert text in page, text
    assert not metrics
    assert not ws(personal).exists  # looking leaves nothing behind


def test_direction_and_goals_are_saved_in_the_profile(personal):
    at = open_page(PAGE)
    at.text_area(key="dir__long_term_goal").set_value("Lead a *small* data team")
    at.multiselect(key="dir__values").set_value(["learning", "kind team"])
    at.multiselect(key="dir__target_roles").set_value(["data analyst"])
    at = button(at, "Save direction").click().run()
    assert not at.exception
    profile = journal.profile(ws(personal))
    assert profile["long_term_goal"] == "Lead a *small* data team"
    assert profile["values"] == ["learning", "kind team"] and profile["target_roles"] == ["data analyst"]
    # shown above the tabs, escaped; and the form shows the saved values again
    assert any(r"Lead a \*small\* data team" in i.value for i in at.info)
    assert at.text_area(key="dir__long_term_goal").value == "Lead a *small* data team"

    at.number_input(key="goal__application").set_value(3)
    at.number_input(key="goal__learning").set_value(1)
    at = button(at, "Save goals").click().run()
    profile = journal.profile(ws(personal))
    assert profile["weekly_goals"]["application"] == 3 and profile["weekly_goals"]["learning"] == 1
    assert profile["long_term_goal"] == "Lead a *small* data team"  # merged, not replaced
    assert "Each week: 3 applications, 1 learning session." in texts(at)
    assert at.number_input(key="goal__application").value == 3


def test_activity_log_meets_goal_then_edit_and_delete(personal):
    store = ws(personal)
    journal.save_profile(store, {"weekly_goals": {"application": 2}}, today())
    at = open_tab(open_page(PAGE), "This week")
    assert "This week so far: 0 of 2" in texts(at)
    # validation: no kind chosen -> message by the field, nothing saved
    field(at.number_input, "act__count").set_value(2)
    at = button(at, "Log it").click().run()
    assert errors(at) == [":red[:material/error: Please choose one.]"]
    assert store.all("activities") == []
    field(at.selectbox, "act__kind").set_value("application")
    at = button(at, "Log it").click().run()
    (rec,) = store.all("activities")
    assert (rec["date"], rec["kind"], rec["count"]) == (today().isoformat(), "application", 2)
    page = texts(at)
    assert "Logged. Every bit of effort counts." in page
    assert "goal met" in page
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Weeks in a row, all goals"] == "1"
    assert metrics["Days in a row with some effort"] == "1"
    # edit: the form fills, the change is saved in place
    at = button(at, "Edit").click().run()
    assert field(at.number_input, "act__count").value == 2
    field(at.number_input, "act__count").set_value(1)
    field(at.text_input, "act__note").set_value("two <b>tailored</b> ones")
    at = button(at, "Save changes").click().run()
    (rec,) = store.all("activities")
    assert rec["count"] == 1 and rec["note"] == "two <b>tailored</b> ones"
    assert "1 of 2 applications" in texts(at) or "1 of 2" in texts(at)
    assert {m.label: m.value for m in at.metric}["Weeks in a row, all goals"] == "0"
    # delete with the two-step confirmation
    at = confirm_delete(at)
    assert store.all("activities") == []
    assert "Nothing logged yet" in texts(at)


def test_rest_day_keeps_a_lower_bar(personal):
    store = ws(personal)
    journal.save_profile(store, {"weekly_goals": {"application": 7}}, today())
    journal.save(store, "activities", {"date": today().isoformat(), "kind": "rest", "count": 1}, today())
    at = open_tab(open_page(PAGE), "This week")
    # one rest day: ceil(7 * 6 / 7) = 6
    assert "0 of 6 applications this week" in texts(at)
    assert "1 rest day this week lower" in texts(at)


def test_plans_with_weekly_review(personal):
    store = ws(personal)
    at = open_tab(open_page(PAGE), "If-then plans")
    field(at.text_input, "plan__cue").set_value("it is Monday at 9:00")
    at = button(at, "Save plan").click().run()
    assert errors(at) == [":red[:material/error: Please fill this in.]"]
    assert store.all("plans") == []
    field(at.text_input, "plan__action").set_value("I send two tailored applications")
    field(at.selectbox, "plan__kind").set_value("application")
    field(at.number_input, "plan__per_week").set_value(1)
    at = button(at, "Save plan").click().run()
    (plan,) = store.all("plans")
    assert plan["cue"] == "it is Monday at 9:00" and plan["per_week"] == 1
    assert "Not reviewed yet." in texts(at)
    monday = week_start(today()).isoformat()
    at.text_input(key=f"pr_note_{plan['id']}_{monday}").set_value("done before ten")
    at = at.button(key=f"pr_kept_{plan['id']}_{monday}").click().run()
    (review,) = store.all("plan_reviews")
    assert (review["week_start"], review["kept"], review["note"]) == (monday, True, "done before ten")
    assert "Kept in 1 of 1 reviewed week." in texts(at)
    at = at.button(key=f"pr_missed_{plan['id']}_{monday}").click().run()
    (review,) = store.all("plan_reviews")  # still one review for this week, now missed
    assert review["kept"] is False
    assert "A missed week is information, not a verdict." in texts(at)
    # edit the plan
    at = button(at, "Edit plan").click().run()
    field(at.text_input, "plan__cue").set_value("it is Tuesday at 9:00")
    at = button(at, "Save changes").click().run()
    assert store.get("plans", plan["id"])["cue"] == "it is Tuesday at 9:00"
    # delete names the review that goes with it
    at = button(at, "Delete").click().run()
    assert "This also deletes 1 weekly plan review." in texts(at)
    at = button(at, "Yes, delete").click().run()
    assert store.all("plans") == [] and store.all("plan_reviews") == []


def test_stay_connected_due_list_touch_and_calendar(personal):
    store = ws(personal)
    at = open_tab(open_page(PAGE), "Stay connected")
    yesterday = today() - dt.timedelta(days=1)
    field(at.text_input, "con__company").set_value("Acme")
    field(at.date_input, "con__last_touch_on").set_value(today())
    field(at.date_input, "con__next_check_on").set_value(yesterday)
    at = button(at, "Save company").click().run()
    assert errors(at) == [":red[:material/error: The next check is before the last touch. Pick a later day.]"]
    assert store.all("connections") == []
    field(at.date_input, "con__last_touch_on").set_value(None)
    field(at.multiselect, "con__done").set_value(["followed", "met the CTO at a meetup"])
    at = button(at, "Save company").click().run()
    (conn,) = store.all("connections")
    assert conn["done"] == ["followed", "met the CTO at a meetup"] and conn["next_check_on"] == yesterday.isoformat()
    assert "Check-in was due 1 day ago" in texts(at)
    assert at.get("download_button")
    at = button(at, "Touched today").click().run()
    conn = store.get("connections", conn["id"])
    assert conn["last_touch_on"] == today().isoformat()
    assert conn["next_check_on"] == (today() + dt.timedelta(days=30)).isoformat()
    assert "Nothing due in the next two weeks." in texts(at)
    # edit keeps the record, delete removes it
    at = button(at, "Edit").click().run()
    assert field(at.text_input, "con__company").value == "Acme"
    field(at.text_input, "con__contact").set_value("Ana")
    at = button(at, "Save changes").click().run()
    assert store.get("connections", conn["id"])["contact"] == "Ana"
    at = confirm_delete(at)
    assert store.all("connections") == []


def test_wins_and_actions_and_home(personal):
    store = ws(personal)
    rid = journal.save(
        store,
        "rejections",
        {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": today().isoformat()},
        today(),
    )
    lead = journal.save(
        store, "actions", {"title": "Call Ben about his team", "source": "support", "kind": "lead"}, today()
    )
    at = open_tab(open_page(PAGE), "Wins & next steps")
    assert md_escape("from a conversation (Support)") in texts(at)
    # a win
    at = button(at, "Save win").click().run()
    assert errors(at) == [":red[:material/error: Please fill this in.]"]
    field(at.text_area, "win__text").set_value("Finished my portfolio page")
    at = button(at, "Save win").click().run()
    (win,) = store.all("wins")
    assert win["text"] == "Finished my portfolio page"
    # a next step linked to the rejection, due today
    field(at.text_input, "acn__title").set_value("Send the follow-up note")
    field(at.date_input, "acn__due_on").set_value(today())
    field(at.selectbox, "acn__rejection_id").set_value(rid)
    at = button(at, "Save next step").click().run()
    action = next(a for a in store.all("actions") if a["title"] == "Send the follow-up note")
    assert action["rejection_id"] == rid and action["due_on"] == today().isoformat()
    assert md_escape("due today · for Acme · Analyst") in texts(at)

    home = open_page()
    page = texts(home)
    assert "Finished my portfolio page" in page
    assert md_escape("Next step: Send the follow-up note") in page
    assert any("check_circle" in m.value and "Set a next step" in m.value for m in home.markdown)

    # editing the support lead keeps where it came from; mark done and reopen
    at = at.button(key=f"edit_acn_{lead}").click().run()
    field(at.text_input, "acn__title").set_value("Call Ben about the data team")
    at = button(at, "Save changes").click().run()
    edited = store.get("actions", lead)
    assert (edited["title"], edited["source"], edited["kind"]) == ("Call Ben about the data team", "support", "lead")
    at = at.button(key=f"done_acn_{lead}").click().run()
    assert store.get("actions", lead)["done"] is True
    assert "Done (1)" in texts(at)
    at = at.button(key=f"done_acn_{lead}").click().run()
    assert store.get("actions", lead)["done"] is False
    # edit and delete the win
    at = at.button(key=f"edit_win_{win['id']}").click().run()
    field(at.text_area, "win__text").set_value("Finished and published my portfolio page")
    at = button(at, "Save changes").click().run()
    assert store.get("wins", win["id"])["text"] == "Finished and published my portfolio page"
    at = at.button(key=f"del_wins_{win['id']}").click().run()
    at = button(at, "Yes, delete").click().run()
    assert store.all("wins") == []
    at = at.button(key=f"del_actions_{lead}").click().run()
    at = button(at, "Yes, delete").click().run()
    assert store.get("actions", lead) is None


def test_monthly_review_with_numbers(personal):
    store = ws(personal)
    day = today().isoformat()
    for stage, channel in (("applied", "job board"), ("applied", "job board"), ("interview", "referral")):
        journal.save(
            store,
            "rejections",
            {"company": "X", "role": "Y", "stage": stage, "channel": channel, "rejected_on": day},
            today(),
        )
    at = open_tab(open_page(PAGE), "Monthly review")
    page = texts(at)
    assert "Across 3 logged applications" in page
    frames = {df.proto.id: df for df in at.dataframe}
    assert frames  # the stage, channel and source tables
    stage = next(df.value for df in at.dataframe if "step_rate" in df.value.columns)
    assert stage["reached"].tolist() == [3, 1, 1, 0, 0]
    channel = next(df.value for df in at.dataframe if "channel" in df.value.columns)
    assert channel["channel"].tolist() == ["job board", "referral"]
    # validation: three empty answers -> three messages
    at = button(at, "Save review").click().run()
    assert len(errors(at)) == 3
    assert store.all("reviews") == []
    field(at.text_area, "rev__working").set_value("Referrals get me interviews")
    field(at.text_area, "rev__not_working").set_value("Job boards go nowhere")
    field(at.text_area, "rev__change_next").set_value("Ask for two referrals a week")
    at = button(at, "Save review").click().run()
    (rev,) = store.all("reviews")
    assert rev["date"] == day
    assert "Your last review was 0 days ago" in texts(at)
    at = at.button(key=f"edit_rev_{rev['id']}").click().run()
    field(at.text_area, "rev__change_next").set_value("Ask for three referrals a week")
    at = button(at, "Save changes").click().run()
    assert store.get("reviews", rev["id"])["change_next"] == "Ask for three referrals a week"
    at = at.button(key=f"del_reviews_{rev['id']}").click().run()
    at = button(at, "Yes, delete").click().run()
    assert store.all("reviews") == []


# --- the one form mechanism on Next steps ----------------------------------------------------------


def test_activity_form_is_fresh_after_a_save_and_caps_speak(personal):
    store = ws(personal)
    at = open_tab(open_page(PAGE), "This week")
    field(at.date_input, "act__date").set_value(today() - dt.timedelta(days=2))
    field(at.selectbox, "act__kind").set_value("learning")
    field(at.number_input, "act__count").set_value(3)
    field(at.number_input, "act__minutes").set_value(45)
    field(at.text_input, "act__note").set_value("n" * 5001)
    at = button(at, "Log it").click().run()
    assert errors(at) == [":red[:material/error: This is too long: 5,001 of 5,000 characters. Please shorten it.]"]
    assert store.all("activities") == []
    assert field(at.text_input, "act__note").value == "n" * 5001  # kept
    field(at.text_input, "act__note").set_value("SQL course")
    at = button(at, "Log it").click().run()
    (rec,) = store.all("activities")
    assert (rec["date"], rec["kind"], rec["count"], rec["minutes"], rec["note"]) == (
        (today() - dt.timedelta(days=2)).isoformat(),
        "learning",
        3,
        45,
        "SQL course",
    )
    # the next entry starts fresh: nothing carried over from the last one
    assert field(at.date_input, "act__date").value == today()
    assert field(at.selectbox, "act__kind").value is None
    assert field(at.number_input, "act__count").value == 1
    assert field(at.number_input, "act__minutes").value is None
    assert field(at.text_input, "act__note").value == ""


def test_a_future_activity_date_is_refused_in_words(personal):
    at = open_tab(open_page(PAGE), "This week")
    field(at.date_input, "act__date").set_value(today() + dt.timedelta(days=20))
    field(at.selectbox, "act__kind").set_value("application")
    at = button(at, "Log it").click().run()
    assert errors(at) == [":red[:material/error: This date is in the future. Pick today or an earlier day.]"]
    assert ws(personal).all("activities") == []
    assert field(at.date_input, "act__date").value == today() + dt.timedelta(days=20)  # not swapped for today


def test_connection_optional_dates_stay_empty(personal):
    at = open_tab(open_page(PAGE), "Stay connected")
    field(at.text_input, "con__company").set_value("Initech")
    at = button(at, "Save company").click().run()
    (conn,) = ws(personal).all("connections")
    assert (conn["last_touch_on"], conn["next_check_on"], conn["reapply_after"]) == (None, None, None)
    assert field(at.text_input, "con__company").value == ""


def test_win_changed_in_another_tab_is_refused(personal):
    store = ws(personal)
    wid = journal.save(store, "wins", {"date": today().isoformat(), "text": "first"}, today())
    at = open_tab(open_page(PAGE), "Wins & next steps")
    at = at.button(key=f"edit_win_{wid}").click().run()
    journal.save(store, "wins", {"date": today().isoformat(), "text": "other tab"}, today(), rid=wid)
    field(at.text_area, "win__text").set_value("this tab")
    at = button(at, "Save changes").click().run()
    assert not at.exception
    assert at.warning[0].value.startswith(forms.CHANGED)
    assert "**Your win:** other tab" in texts(at)
    assert store.get("wins", wid)["text"] == "other tab"
    assert field(at.text_area, "win__text").value == "this tab"


def test_next_step_deleted_in_another_tab_says_so(personal):
    store = ws(personal)
    aid = journal.save(store, "actions", {"title": "Call Ben", "source": "support", "kind": "lead"}, today())
    at = open_tab(open_page(PAGE), "Wins & next steps")
    at = at.button(key=f"edit_acn_{aid}").click().run()
    journal.delete(store, "actions", aid)
    field(at.text_input, "acn__title").set_value("Call Ben today")
    at = button(at, "Save changes").click().run()
    assert not at.exception
    assert forms.GONE in [w.value for w in at.warning]
    assert field(at.text_input, "acn__title").value == "Call Ben today"
    assert store.all("actions") == []


def test_store_down_keeps_the_review(personal, monkeypatch):
    at = open_tab(open_page(PAGE), "Monthly review")
    for f, text in (("working", "a"), ("not_working", "b"), ("change_next", "c")):
        field(at.text_area, f"rev__{f}").set_value(text)

    def down(*args, **kwargs):
        raise StoreUnavailable("database unreachable")

    monkeypatch.setattr(FileWorkspace, "add", down)
    at = button(at, "Save review").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [forms.UNAVAILABLE]
    assert field(at.text_area, "rev__change_next").value == "c"
    monkeypatch.undo()
    at = button(at, "Save review").click().run()
    assert [r["change_next"] for r in ws(personal).all("reviews")] == ["c"]
