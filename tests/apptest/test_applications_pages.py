"""AppTest: answers to applications on Progress, and My job-search record on My data."""

from __future__ import annotations

import datetime as dt

from rebound import clock, journal
from rebound.storage import open_workspace
from tests.apptest.conftest import figure, open_page, texts


def _fill(data_dir) -> dt.date:
    today = clock.today()
    ws = open_workspace("personal", data_dir)
    day = lambda n: (today - dt.timedelta(days=n)).isoformat()  # noqa: E731
    for company, sent, status, on, channel in (
        ("Acme", 60, "rejected", 50, "referral"),
        ("Beta", 55, "waiting", None, "job board"),  # past 6 weeks: never answered
        ("Gamma", 20, "interview", 16, "job board"),
        ("Delta", 3, "waiting", None, "company site"),  # too early to say
    ):
        data = {"company": company, "role": "Analyst", "applied_on": day(sent), "channel": channel, "status": status}
        if on is not None:
            data["status_on"] = day(on)
        journal.save(ws, "applications", data, today)
    journal.save(ws, "activities", {"date": day(3), "kind": "learning", "count": 1, "note": "felt low"}, today)
    return today


def test_progress_shows_answers_with_tables_and_summaries(personal):
    _fill(personal)
    at = open_page("pages/8_Progress.py")
    assert not at.exception
    figs = [figure(el) for el in at.get("plotly_chart")]
    rate = next(f for f in figs if [t.get("name") for t in f["data"]] == ["Sent", "Answered"])
    assert sum(rate["data"][0]["y"]) == 4 and sum(rate["data"][1]["y"]) == 2
    times = next(f for f in figs if "Weeks after sending" in str(f["layout"].get("xaxis")))
    assert sum(times["data"][0]["y"]) == 2
    page = texts(at).replace("\\", "")
    assert "Of 4 applications sent in this period, 2 got an answer (50%); 1 sent less than 6 weeks ago" in page
    assert "Half of the answers came within 7 days" in page  # 10 and 4 days: the median is 7
    assert "33% never answered (no answer after 6 weeks: 1 of 3)" in page
    at.radio(key="progress_answers_by").set_value("channel").run()
    assert not at.exception
    split = next(
        f for f in (figure(el) for el in at.get("plotly_chart")) if f["data"][0].get("mode") == "lines+markers"
    )
    assert sorted(t["name"] for t in split["data"]) == ["company site", "job board", "referral"]
    assert "By how you applied: referral had the highest answer rate, 100% of 1 application." in texts(at).replace(
        "\\", ""
    )
    at.session_state["table_open_answers"] = True  # a chart's table is made once its expander opens
    at.run()
    tables = [df.value for df in at.dataframe]
    assert any("How you applied" in t.columns and "Answer rate (%)" in t.columns for t in tables)


def test_the_job_search_record_on_my_data(personal):
    today = _fill(personal)
    at = open_page("pages/9_My_data.py")
    assert not at.exception
    [preview] = [df.value for df in at.dataframe if "Outcome" in df.value.columns]
    assert list(preview["Company"]) == ["Acme", "Beta", "Gamma", "Delta"]
    assert list(preview["Outcome"]) == ["Rejected", "No answer after 6 weeks", "Interview", "Waiting for an answer"]
    labels = [b.label for b in at.get("download_button")]
    assert "Job-search record (CSV)" in labels and "Job-search record (to print)" in labels
    at.date_input(key="record_from").set_value(today).run()
    at.date_input(key="record_to").set_value(today - dt.timedelta(days=1)).run()
    assert "The last day is before the first" in texts(at)
    assert "Job-search record (CSV)" not in [b.label for b in at.get("download_button")]


def test_the_record_waits_for_something_to_list(personal):
    open_workspace("personal", personal).add("wins", {"date": clock.today().isoformat(), "text": "a walk"})
    at = open_page("pages/9_My_data.py")
    assert "Nothing to list yet. Log your applications on Understand" in texts(at)


def test_an_old_backup_restores_on_my_data_with_its_applications(personal):
    import json

    from tests.apptest.conftest import button

    old = {
        "format": "rebound",
        "version": 1,  # before applications existed
        "tables": {
            "rejections": [
                {"id": "r1", "company": "Old Co", "role": "Designer", "stage": "screen",
                 "applied_on": "2026-01-05", "rejected_on": "2026-02-01"}
            ]
        },
    }  # fmt: skip
    at = open_page("pages/9_My_data.py")
    at.file_uploader[0].set_value(("old.json", json.dumps(old).encode(), "application/json")).run()
    assert not at.exception
    [changes] = [df.value for df in at.dataframe if "what" in df.value.columns]
    row = changes.set_index("what").loc["Applications"]
    assert int(row["added"]) == 1  # what would change names the application it brings
    button(at, "Restore now").click().run()
    ws = open_workspace("personal", personal)
    [app] = ws.all("applications")
    assert (app["company"], app["status"], app["status_on"]) == ("Old Co", "rejected", "2026-02-01")
    assert ws.get("rejections", "r1")["application_id"] == app["id"]
